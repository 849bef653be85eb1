//! The reports screen (docs/terms.md, on the board): the funnel, the revenue of
//! the last weeks, the plan, the period against the one before, time per
//! station, losses, the ABC table, sources, referrals, the cohort and the
//! contacts — as sections packed into as many columns as the width allows,
//! page by page when the window is too small for all of them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, fit};
use charts::{funnel, plan, weeks};
use rows::{Row, text_rows};

mod charts;
mod rows;
use crate::domain::report::Period;
use crate::i18n::{self, Lang, tr, tr_args};
use crate::service::{Report, Revenue};
use crate::tui::app::{App, ReportsView};

/// The sections, in the order they are packed (most used first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Funnel,
    Revenue,
    Plan,
    Forecast,
    Compare,
    Time,
    Losses,
    Segments,
    Contacts,
    Sources,
    Referrals,
    Cohort,
}

const SECTIONS: [Section; 12] = [
    Section::Funnel,
    Section::Revenue,
    Section::Plan,
    Section::Forecast,
    Section::Compare,
    Section::Time,
    Section::Losses,
    Section::Segments,
    Section::Contacts,
    Section::Sources,
    Section::Referrals,
    Section::Cohort,
];

/// Rows of a list section at most (the CLI report has them all).
const TOP: usize = 5;

/// What every section draws with.
struct Ctx<'a> {
    lang: Lang,
    theme: Theme,
    color: bool,
    currency: &'a str,
    v: &'a ReportsView,
    /// The key that sets the plan, as it is in force.
    plan_key: String,
    /// Rows of one sparkline.
    spark_rows: u16,
}

impl Ctx<'_> {
    fn r(&self) -> &Report {
        &self.v.report
    }

    fn prev(&self) -> Option<&Report> {
        self.v.report.previous.as_deref()
    }

    fn money(&self, minor: i64) -> String {
        i18n::money(self.lang, minor, self.currency)
    }

    /// A series' colour, or nothing under `NO_COLOR` (the rows are labelled).
    fn series(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
}

/// The revenue in the default currency (zero when there is none).
fn revenue<'a>(r: &'a Report, currency: &str) -> Option<&'a Revenue> {
    r.revenue.iter().find(|x| x.currency == currency)
}

/// Lines a section takes, its title included.
fn height(s: Section, c: &Ctx) -> u16 {
    let r = c.r();
    let rows = match s {
        Section::Funnel | Section::Time => r.flow.len(),
        Section::Revenue => usize::from(2 * c.spark_rows) + 2,
        Section::Plan => r.plan.len().max(1),
        Section::Forecast => c.v.forecast.stations.len() + 1,
        Section::Compare => 7,
        Section::Losses => r.losses.len().clamp(1, TOP),
        Section::Segments => 4,
        Section::Contacts => r.activity.calls.len() + 1,
        Section::Sources => r.sources.len().clamp(1, TOP),
        Section::Referrals => r.referrals.len().clamp(1, 3),
        Section::Cohort => 2,
    };
    1 + rows as u16
}

/// The period's name: week, month or range, with the one it is compared to.
fn title(lang: Lang, p: Period, prev: Option<&Report>) -> String {
    use chrono::Datelike;
    let (from, to) = (
        p.from.format("%d.%m").to_string(),
        p.to.format("%d.%m").to_string(),
    );
    let name = if p.month {
        tr_args(
            lang,
            "reports-month",
            crate::args![
                month = p.from.format("%Y-%m").to_string(),
                from = from,
                to = to
            ],
        )
    } else if p.days() == 7 && p.from.weekday() == chrono::Weekday::Mon {
        tr_args(
            lang,
            "reports-week",
            crate::args![
                week = Period::week_key(p.from.iso_week()),
                from = from,
                to = to
            ],
        )
    } else {
        let (from, to) = (
            p.from.format("%d.%m.%Y").to_string(),
            p.to.format("%d.%m.%Y").to_string(),
        );
        tr_args(lang, "reports-range", crate::args![from = from, to = to])
    };
    match prev {
        Some(b) => format!(
            "{name} · {}",
            tr_args(
                lang,
                "reports-against",
                crate::args![
                    from = b.from.format("%d.%m").to_string(),
                    to = b.to.format("%d.%m").to_string()
                ]
            )
        ),
        None => name,
    }
}

/// The sections packed into columns of at most `limit` lines (a section
/// taller than `rows` is cut to it), in order, column after column.
fn pack(c: &Ctx, limit: u16, rows: u16) -> Vec<Vec<Section>> {
    let mut columns: Vec<Vec<Section>> = vec![Vec::new()];
    let mut used = 0u16;
    for s in SECTIONS {
        let h = height(s, c).min(rows);
        let gap = u16::from(used > 0);
        if used > 0 && used + gap + h > limit {
            columns.push(Vec::new());
            used = 0;
        }
        used += u16::from(used > 0) + h;
        columns.last_mut().expect("a column").push(s);
    }
    columns
}

/// The sections on pages of `columns` columns `rows` lines tall: on one
/// page the columns are balanced (the lowest height that fits), else
/// page after page, each column filled.
fn pages(c: &Ctx, columns: usize, rows: u16) -> Vec<Vec<Vec<Section>>> {
    let total: u16 = SECTIONS.iter().map(|s| height(*s, c).min(rows) + 1).sum();
    let even = total.div_ceil(columns as u16).min(rows);
    if let Some(one) = (even..=rows)
        .map(|limit| pack(c, limit, rows))
        .find(|p| p.len() <= columns)
    {
        return vec![one];
    }
    pack(c, rows, rows)
        .chunks(columns)
        .map(<[Vec<Section>]>::to_vec)
        .collect()
}

pub(super) fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect, v: &ReportsView) {
    let c = Ctx {
        lang: app.lang,
        theme,
        color: app.color,
        currency: app.config.currency(),
        v,
        plan_key: app.keys.key_of(crate::tui::action::Action::SetPlan),
        spark_rows: if area.height >= 40 { 3 } else { 2 },
    };
    let [head, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let columns = match area.width {
        w if w >= 150 => 3,
        w if w >= 76 => 2,
        _ => 1,
    };
    let pages = pages(&c, columns, body.height);
    v.pages.set(pages.len());
    let page = v.page.min(pages.len() - 1);
    let mut heading = title(c.lang, v.period, c.prev());
    if pages.len() > 1 {
        heading.push_str(&format!(
            " · {}",
            tr_args(
                c.lang,
                "reports-page",
                crate::args![page = page + 1, pages = pages.len()]
            )
        ));
    }
    frame.render_widget(
        Line::styled(
            fit(&format!(" {heading}"), usize::from(head.width)),
            theme.title(),
        ),
        head,
    );
    let rects = Layout::horizontal(vec![Constraint::Fill(1); columns])
        .spacing(2)
        .horizontal_margin(1)
        .split(body);
    for (column, rect) in pages[page].iter().zip(rects.iter()) {
        let mut y = rect.y;
        for s in column {
            let h = height(*s, &c).min(rect.bottom().saturating_sub(y));
            if h == 0 {
                break;
            }
            let area = Rect::new(rect.x, y, rect.width, h);
            draw_section(frame, &c, *s, area);
            y += h + 1;
        }
    }
}

fn draw_section(frame: &mut Frame, c: &Ctx, s: Section, area: Rect) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let w = usize::from(area.width);
    let name = match s {
        Section::Funnel => tr(c.lang, "reports-funnel"),
        Section::Revenue => tr_args(
            c.lang,
            "reports-revenue",
            crate::args![weeks = c.v.weeks.len()],
        ),
        Section::Plan => tr(c.lang, "reports-plan"),
        Section::Forecast => tr_args(
            c.lang,
            "reports-forecast",
            crate::args![weighted = c.money(c.v.forecast.weighted_minor())],
        ),
        Section::Compare => tr(c.lang, "reports-compare"),
        Section::Time => tr(c.lang, "reports-time"),
        Section::Losses => tr(c.lang, "reports-losses"),
        Section::Segments => tr(c.lang, "reports-segments"),
        Section::Contacts => tr_args(
            c.lang,
            "reports-contacts",
            crate::args![calls = c.r().activity.calls.values().sum::<i64>()],
        ),
        Section::Sources => tr(c.lang, "reports-sources"),
        Section::Referrals => tr(c.lang, "reports-referrals"),
        Section::Cohort => tr_args(
            c.lang,
            "reports-cohort",
            crate::args![created = c.r().cohort.created],
        ),
    };
    frame.render_widget(Line::styled(fit(&name, w), c.theme.title()), head);
    match s {
        Section::Funnel => funnel(frame, c, body),
        Section::Revenue => weeks(frame, c, body),
        Section::Plan => plan(frame, c, body),
        _ => {
            let lines: Vec<Line> = text_rows(c, s, w)
                .into_iter()
                .map(|l| match l {
                    Row::Plain(t) => Line::raw(fit(&t, w)),
                    Row::Dim(t) => Line::styled(fit(&t, w), c.theme.dim()),
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), body);
        }
    }
}
