//! The reports screen (DESIGN §6 on the board): the funnel, the revenue of
//! the last weeks, the plan, the period against the one before, time per
//! station, losses, the ABC table, sources, referrals, the cohort and the
//! contacts — as sections packed into as many columns as the width allows,
//! page by page when the window is too small for all of them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, LineGauge, Paragraph, Sparkline, SparklineBar};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit};
use crate::domain::report::Period;
use crate::i18n::format::{change, outcome_word, percent_change};
use crate::i18n::{self, Lang, stage_word, tr, tr_args};
use crate::service::{Report, Revenue};
use crate::tui::app::{App, ReportsView};

/// The sections, in the order they are packed (most used first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Funnel,
    Revenue,
    Plan,
    Compare,
    Time,
    Losses,
    Segments,
    Contacts,
    Sources,
    Referrals,
    Cohort,
}

const SECTIONS: [Section; 11] = [
    Section::Funnel,
    Section::Revenue,
    Section::Plan,
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

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect, v: &ReportsView) {
    let c = Ctx {
        lang: app.lang,
        theme,
        color: app.color,
        currency: app.config.currency(),
        v,
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

/// The funnel: how many entered each station, as bars, with `n · %`
/// (conversion: advanced ÷ entered) beside them.
fn funnel(frame: &mut Frame, c: &Ctx, area: Rect) {
    let r = c.r();
    let values: Vec<String> = r
        .flow
        .iter()
        .map(|f| {
            let conv = f
                .conversion
                .map_or("—".to_string(), |x| format!("{:.0} %", x * 100.0));
            format!("{} · {conv}", f.entered)
        })
        .collect();
    let value_width = values.iter().map(|v| v.width()).max().unwrap_or(0) as u16 + 1;
    let [bars, numbers] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(value_width)]).areas(area);
    let data: Vec<Bar> = r
        .flow
        .iter()
        .map(|f| {
            Bar::default()
                .value(f.entered.max(0) as u64)
                .label(Line::raw(i18n::stage_role(c.lang, f.stage)))
                .text_value(String::new())
        })
        .collect();
    let max = r.flow.iter().map(|f| f.entered).max().unwrap_or(0).max(1) as u64;
    let chart = BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .data(BarGroup::default().bars(&data))
        .bar_width(1)
        .bar_gap(0)
        .max(max)
        .bar_style(c.series(Color::Cyan));
    frame.render_widget(chart, bars);
    let lines: Vec<Line> = values
        .into_iter()
        .map(|v| Line::raw(format!("{v:>width$}", width = usize::from(value_width))))
        .collect();
    frame.render_widget(Paragraph::new(lines), numbers);
}

/// Revenue by week, first payments and repeat ones as two labelled
/// sparklines on one scale; a week with none is dotted, not a zero bar.
fn weeks(frame: &mut Frame, c: &Ctx, area: Rect) {
    let t_first = tr(c.lang, "reports-first");
    let t_repeat = tr(c.lang, "reports-repeat");
    let label_width = t_first.width().max(t_repeat.width()) as u16 + 1;
    let h = c.spark_rows;
    let [first_row, repeat_row, axis, total] = Layout::vertical([
        Constraint::Length(h),
        Constraint::Length(h),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let n = c.v.weeks.len().max(1) as u16;
    let spark_width = area.width.saturating_sub(label_width);
    // Each week gets as many columns as fit, the last one a gap.
    let per_week = (spark_width / n).max(1);
    let max =
        c.v.weeks
            .iter()
            .flat_map(|w| [w.first.amount_minor, w.repeat.amount_minor])
            .max()
            .unwrap_or(0)
            .max(1) as u64;
    // The least that still shows as the lowest bar: a small week is not empty.
    let floor = max.div_ceil(8 * u64::from(h));
    let series = |pick: fn(&crate::service::WeekRevenue) -> i64| -> Vec<SparklineBar> {
        let mut out = Vec::new();
        for w in &c.v.weeks {
            let value = pick(w);
            let bar = match value {
                v if v <= 0 => None,
                v => Some((v as u64).max(floor)),
            };
            for _ in 1..per_week {
                out.push(SparklineBar::from(bar));
            }
            out.push(SparklineBar::from(if per_week > 1 { Some(0) } else { bar }));
        }
        out
    };
    for (row, label, pick, color) in [
        (
            first_row,
            &t_first,
            (|w| w.first.amount_minor) as fn(&crate::service::WeekRevenue) -> i64,
            Color::Green,
        ),
        (
            repeat_row,
            &t_repeat,
            |w| w.repeat.amount_minor,
            Color::Magenta,
        ),
    ] {
        let [name, spark] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(row);
        frame.render_widget(
            Paragraph::new(Line::styled(label.clone(), c.series(color))),
            name,
        );
        let sparkline = Sparkline::default()
            .data(series(pick))
            .max(max)
            .style(c.series(color))
            .absent_value_symbol(" ");
        frame.render_widget(sparkline, spark);
        // A week with none: a dot at the foot, not a bar too low to see.
        let buf = frame.buffer_mut();
        for (i, w) in c.v.weeks.iter().enumerate() {
            let x = spark.x + i as u16 * per_week;
            if pick(w) <= 0 && x < spark.right() && spark.height > 0 {
                buf[(x, spark.bottom() - 1)]
                    .set_symbol("·")
                    .set_style(c.theme.dim());
            }
        }
    }
    frame.render_widget(
        Line::styled(
            fit(
                &week_axis(c, usize::from(label_width), usize::from(per_week)),
                usize::from(area.width),
            ),
            c.theme.dim(),
        ),
        axis,
    );
    let sum =
        |pick: fn(&crate::service::WeekRevenue) -> i64| -> i64 { c.v.weeks.iter().map(pick).sum() };
    let (first, repeat) = (
        c.money(sum(|w| w.first.amount_minor)),
        c.money(sum(|w| w.repeat.amount_minor)),
    );
    let long = tr_args(
        c.lang,
        "reports-revenue-total",
        crate::args![first = first.clone(), repeat = repeat.clone()],
    );
    // The totals in the rows' order when the words do not fit.
    let line = match long.width() <= usize::from(area.width) {
        true => long,
        false => format!("Σ {first} · {repeat}"),
    };
    let legend = tr(c.lang, "reports-dot-legend");
    let line = match line.width() + 2 + legend.width() <= usize::from(area.width) {
        true => format!("{line}  {legend}"),
        false => line,
    };
    frame.render_widget(Line::raw(fit(&line, usize::from(area.width))), total);
}

/// The ISO week numbers under the bars, as many as fit without touching.
fn week_axis(c: &Ctx, indent: usize, per_week: usize) -> String {
    use chrono::Datelike;
    let mut cells = vec![' '; indent + per_week * c.v.weeks.len() + 2];
    let mut free_from = 0;
    for (i, w) in c.v.weeks.iter().enumerate() {
        let at = indent + i * per_week;
        if at < free_from {
            continue;
        }
        let label = format!("{:02}", w.week.from.iso_week().week());
        for (k, ch) in label.chars().enumerate() {
            cells[at + k] = ch;
        }
        free_from = at + label.len() + 1;
    }
    cells.into_iter().collect::<String>().trim_end().to_string()
}

/// Plan vs fact: a gauge per target, with the fact projected to the
/// period's end at today's pace.
fn plan(frame: &mut Frame, c: &Ctx, area: Rect) {
    let rows = &c.r().plan;
    if rows.is_empty() {
        frame.render_widget(
            Line::styled(
                fit(&tr(c.lang, "reports-no-plan"), usize::from(area.width)),
                c.theme.dim(),
            ),
            area,
        );
        return;
    }
    let labels: Vec<String> = rows
        .iter()
        .map(|p| {
            let v = |x: i64| match p.metric.is_money() {
                true => c.money(x),
                false => x.to_string(),
            };
            format!(
                "{} {}/{} → {}",
                i18n::metric_name(c.lang, p.metric),
                v(p.fact),
                v(p.target),
                v(p.projected)
            )
        })
        .collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let label_width = label_width.min(usize::from(area.width) * 2 / 3);
    for (i, (p, label)) in rows.iter().zip(labels).enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let ratio = match p.target {
            t if t > 0 => (p.fact as f64 / t as f64).clamp(0.0, 1.0),
            _ => 0.0,
        };
        let style = match p.projected >= p.target {
            true => c.theme.ok(),
            false => c.theme.warn(),
        };
        let label = format!("{:<label_width$}", fit(&label, label_width));
        let gauge = LineGauge::default()
            .ratio(ratio)
            .label(Line::raw(label))
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol("·")
            .filled_style(style)
            .unfilled_style(c.theme.dim());
        frame.render_widget(gauge, Rect::new(area.x, y, area.width, 1));
    }
}

/// One figure of a report.
type Figure = fn(&Report) -> i64;

/// A line of a text section.
enum Row {
    Plain(String),
    Dim(String),
}

/// `text` cut or padded to `width` columns.
fn cell(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

fn text_rows(c: &Ctx, s: Section, w: usize) -> Vec<Row> {
    let r = c.r();
    let none = || vec![Row::Dim(tr(c.lang, "reports-none"))];
    let name_width = w.saturating_sub(16).max(8);
    match s {
        Section::Compare => {
            let p = c.prev();
            let first = |r: &Report| {
                revenue(r, c.currency).map_or((0, 0), |x| (x.first.count, x.first.amount_minor))
            };
            let repeat = |r: &Report| revenue(r, c.currency).map_or(0, |x| x.repeat.amount_minor);
            let lost = |r: &Report| r.losses.iter().map(|l| l.count).sum::<i64>();
            let counts: [(&str, Figure); 3] = [
                ("reports-new-clients", |r| r.cohort.created),
                ("reports-calls", |r| r.activity.calls.values().sum()),
                ("reports-meetings", |r| r.activity.meeting),
            ];
            let mut rows = Vec::new();
            // The value before is shown when there is room; the change always.
            let wide = w >= 50;
            let label_width = w.saturating_sub(if wide { 30 } else { 19 }).clamp(8, 22);
            let mut push = |id: &str, now: String, before: String, delta: String| {
                let before = match wide {
                    true => format!(" {before:>10}"),
                    false => String::new(),
                };
                rows.push(Row::Plain(format!(
                    "{} {now:>10}{before} {delta:>7}",
                    cell(&tr(c.lang, id), label_width)
                )));
            };
            for (id, f) in counts {
                let (now, before) = (f(r), p.map_or(0, f));
                push(id, now.to_string(), before.to_string(), change(now, before));
            }
            let (n, b) = (first(r).0, p.map_or(0, |p| first(p).0));
            push(
                "reports-first-sales",
                n.to_string(),
                b.to_string(),
                change(n, b),
            );
            for (id, now, before) in [
                (
                    "reports-first-revenue",
                    first(r).1,
                    p.map_or(0, |p| first(p).1),
                ),
                ("reports-repeat-revenue", repeat(r), p.map_or(0, repeat)),
            ] {
                push(
                    id,
                    c.money(now),
                    c.money(before),
                    percent_change(now, before),
                );
            }
            let (n, b) = (lost(r), p.map_or(0, lost));
            push("reports-lost", n.to_string(), b.to_string(), change(n, b));
            rows
        }
        Section::Time => {
            let d = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
            let figures: Vec<String> = r
                .time
                .iter()
                .map(|t| {
                    format!(
                        "{:>5} {:>5} ({}) {:>5}",
                        d(t.median_days),
                        d(t.p75_days),
                        t.n,
                        d(t.open_median_days)
                    )
                })
                .collect();
            let room = figures.iter().map(|f| f.width()).max().unwrap_or(0) + 1;
            let name_width = w.saturating_sub(room).max(4);
            r.time
                .iter()
                .zip(figures)
                .map(|(t, f)| {
                    let name = i18n::stage_role(c.lang, t.stage);
                    Row::Plain(format!("{} {f}", cell(name, name_width.min(16))))
                })
                .collect()
        }
        Section::Losses if r.losses.is_empty() => none(),
        Section::Losses => r
            .losses
            .iter()
            .take(TOP)
            .map(|l| {
                let reason = l
                    .reason
                    .clone()
                    .unwrap_or_else(|| tr(c.lang, "reports-no-reason"));
                let line = format!("{} · {}", one_line(&reason), stage_word(c.lang, l.stage));
                Row::Plain(format!(
                    "{:>4}  {}",
                    l.count,
                    fit(&line, w.saturating_sub(6))
                ))
            })
            .collect(),
        Section::Segments => {
            let total: i64 = c.v.segments.iter().map(|s| s.revenue_minor).sum();
            c.v.segments
                .iter()
                .map(|s| {
                    let share = match total {
                        0 => String::new(),
                        t => format!("{:.0} %", s.revenue_minor as f64 * 100.0 / t as f64),
                    };
                    Row::Plain(format!(
                        "{}  {:>6}  {:>14}  {share:>5}",
                        s.segment.key(),
                        s.clients,
                        c.money(s.revenue_minor)
                    ))
                })
                .collect()
        }
        Section::Contacts => {
            let a = &r.activity;
            let mut rows: Vec<Row> = a
                .calls
                .iter()
                .map(|(k, n)| {
                    Row::Plain(format!(
                        "{} {n:>6}",
                        cell(&outcome_word(c.lang, k), w.saturating_sub(8).min(24))
                    ))
                })
                .collect();
            rows.push(Row::Plain(tr_args(
                c.lang,
                "reports-contacts-line",
                crate::args![meetings = a.meeting, emails = a.email, notes = a.note],
            )));
            rows
        }
        Section::Sources if r.sources.is_empty() => none(),
        Section::Sources => r
            .sources
            .iter()
            .take(TOP)
            .map(|s| {
                let name = s
                    .source
                    .as_deref()
                    .map(one_line)
                    .unwrap_or_else(|| tr(c.lang, "reports-no-source"));
                counted(&name, name_width.min(24), s.created, s.paid)
            })
            .collect(),
        Section::Referrals if r.referrals.is_empty() => none(),
        Section::Referrals => r
            .referrals
            .iter()
            .take(3)
            .map(|f| {
                let who = match (f.referrer_id, &f.name) {
                    (Some(id), Some(name)) => format!("#{id} {}", one_line(name)),
                    _ => tr(c.lang, "reports-no-referrer"),
                };
                counted(&who, name_width.min(30), f.referred, f.paid)
            })
            .collect(),
        Section::Cohort => {
            let co = &r.cohort;
            let reached: Vec<String> = co
                .reached
                .iter()
                .map(|(stage, n)| format!("{} {n}", i18n::stage_letter(c.lang, *stage)))
                .collect();
            vec![
                Row::Plain(tr_args(
                    c.lang,
                    "reports-cohort-line",
                    crate::args![paid = co.paid, lost = co.lost, active = co.active],
                )),
                Row::Plain(format!(
                    "{} {}",
                    tr(c.lang, "reports-reached"),
                    reached.join(" · ")
                )),
            ]
        }
        Section::Funnel | Section::Revenue | Section::Plan => Vec::new(),
    }
}

/// A name and two counts (created/referred, then paid), in columns.
fn counted(name: &str, width: usize, n: i64, paid: i64) -> Row {
    Row::Plain(format!("{} {n:>5} {paid:>5}", cell(name, width)))
}

/// Text typed by a person, safe on one line of the screen.
fn one_line(text: &str) -> String {
    crate::tui::form::one_line(text)
}
