//! The client detail screen: fields, reminders, orders, timeline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::Theme;
use crate::domain::{Bucket, Status, phone};
use crate::i18n::format::{activity_text, due_text, reminder_text};
use crate::i18n::{self, activity_word, board, stage_role};
use crate::service::{ClientDetail, utc_to_local};
use crate::tui::app::App;

pub(super) fn draw(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    area: Rect,
    d: &ClientDetail,
    scroll: u16,
) {
    let lines = lines(app, theme, d);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(
            format!(" {} ", i18n::who(&d.client)),
            theme.title(),
        ));
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, area);
}

/// How many lines the detail of `d` has (before wrapping).
pub fn line_count(app: &App, d: &ClientDetail) -> usize {
    lines(app, Theme::new(false), d).len()
}

fn lines<'a>(app: &App, theme: Theme, d: &'a ClientDetail) -> Vec<Line<'a>> {
    let mut lines = fields(app, theme, d);
    lines.extend(reminders(app, theme, d));
    lines.extend(orders(app, theme, d));
    lines.extend(timeline(app, theme, d));
    lines
}

/// The station, the marks and the client's fields, one per line.
fn fields<'a>(app: &App, theme: Theme, d: &'a ClientDetail) -> Vec<Line<'a>> {
    let lang = app.lang;
    let bt = board::texts(lang);
    let c = &d.client;
    let mut lines: Vec<Line> = Vec::new();
    let stale = c.is_stale(app.now.utc, app.conveyor.stale_days(c.stage));
    let mut stage_spans = vec![
        Span::styled(format!("{:<10}", bt.stage), theme.dim()),
        Span::raw(format!(
            "{} · {}",
            stage_role(lang, c.stage),
            app.days_label(c)
        )),
    ];
    if stale {
        stage_spans.push(Span::styled(format!("  ! {}", bt.stale), theme.warn()));
    }
    if c.status == Status::Lost {
        stage_spans.push(Span::styled(
            format!(
                "  ✗ {}: {}",
                bt.lost,
                c.lost_reason.as_deref().unwrap_or_default()
            ),
            theme.warn(),
        ));
    }
    lines.push(Line::from(stage_spans));
    let phone = phone::readable_all(c.phones());
    for (label, value) in [
        (bt.company, c.company.as_deref()),
        (bt.phone, phone.as_deref()),
        (bt.email, c.email.as_deref()),
        (bt.source, c.source.as_deref()),
        (bt.tags, c.tags.as_deref()),
        (bt.notes, c.notes.as_deref()),
    ] {
        // A value of several lines (a note) is a line each, under the first.
        for (i, part) in value.into_iter().flat_map(str::lines).enumerate() {
            let label = if i == 0 { label } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<10}"), theme.dim()),
                Span::raw(part.to_string()),
            ]));
        }
    }
    let dim = |label: String| Span::styled(format!("{label:<10}"), theme.dim());
    if let Some(deal) = i18n::expected_deal(lang, c) {
        lines.push(Line::from(vec![dim(bt.value.to_string()), Span::raw(deal)]));
    }
    if let Some(s) = app.segments.get(&c.id) {
        lines.push(Line::from(vec![
            dim(bt.segment.to_string()),
            Span::raw(s.key()),
        ]));
    }
    if let (Some(id), Some(name)) = (c.referred_by, &d.referred_by_name) {
        lines.push(Line::from(vec![
            dim(bt.referred_by.to_string()),
            Span::raw(format!("#{id} {name}")),
        ]));
    }
    if d.referred > 0 {
        let referred = i18n::tr_args(lang, "board-referred-n", crate::args![n = d.referred]);
        lines.push(Line::from(vec![
            dim(bt.referrals.to_string()),
            Span::raw(referred),
        ]));
    }
    lines
}

/// The client's reminders, done ones dimmed, late and today's coloured.
fn reminders<'a>(app: &App, theme: Theme, d: &'a ClientDetail) -> Vec<Line<'a>> {
    let (lang, t) = (app.lang, i18n::texts(app.lang));
    if d.reminders.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), Line::styled(t.reminders, theme.title())];
    for r in &d.reminders {
        let style = match (r.done_at, r.bucket(app.now.utc, app.now.today())) {
            (Some(_), _) => theme.dim(),
            (None, Bucket::Overdue) => theme.overdue(),
            (None, Bucket::Today) => theme.today(),
            _ => ratatui::style::Style::new(),
        };
        let done = i18n::closed_mark(lang, r);
        lines.push(Line::styled(
            format!("  {}  {}{done}", due_text(r), reminder_text(lang, r)),
            style,
        ));
    }
    lines
}

/// The client's orders: amount, invoiced, paid or not.
fn orders<'a>(app: &App, theme: Theme, d: &'a ClientDetail) -> Vec<Line<'a>> {
    let (lang, t) = (app.lang, i18n::texts(app.lang));
    if d.orders.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), Line::styled(t.orders, theme.title())];
    for o in &d.orders {
        let paid = i18n::order_state(lang, o);
        let style = match (o.paid_on, o.cancelled_on) {
            (Some(_), _) => theme.ok(),
            (None, Some(_)) => theme.dim(),
            (None, None) => theme.today(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  #{}  {}  {} {}  ",
                o.id,
                i18n::money(lang, o.amount_minor, &o.currency),
                t.invoiced,
                o.invoiced_on
            )),
            Span::styled(paid, style),
        ]));
    }
    lines
}

/// The timeline, newest first.
fn timeline<'a>(app: &App, theme: Theme, d: &'a ClientDetail) -> Vec<Line<'a>> {
    let (lang, t) = (app.lang, i18n::texts(app.lang));
    let mut lines = vec![Line::raw(""), Line::styled(t.timeline, theme.title())];
    for a in &d.timeline {
        let text = activity_text(lang, a, &d.orders);
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}  ", utc_to_local(a.at).format("%Y-%m-%d %H:%M")),
                theme.dim(),
            ),
            Span::styled(
                format!("{:<9} ", activity_word(lang, a.kind)),
                theme.title(),
            ),
            Span::raw(text),
        ]));
    }
    lines
}
