//! The agenda screen: what needs doing, in order of urgency.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::{Theme, short_due};
use crate::domain::{Reminder, Stage};
use crate::i18n::{self, board, stage_role, stage_word};
use crate::service::Agenda;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect, a: &Agenda, scroll: u16) {
    let lang = app.lang;
    let t = i18n::texts(lang);
    let mut lines: Vec<Line> = Vec::new();
    let section = |lines: &mut Vec<Line>, title: &str, count: usize, style| {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(format!("{title} ({count})"), style));
    };
    let reminder = |r: &Reminder, style| {
        let about = r
            .client_name
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        Line::from(vec![
            Span::styled(format!("  {:<12}", short_due(r.due_on, r.due_at)), style),
            Span::raw(format!("{}{about}", r.text)),
        ])
    };
    section(&mut lines, t.overdue, a.overdue.len(), theme.overdue());
    lines.extend(a.overdue.iter().map(|r| reminder(r, theme.overdue())));
    section(&mut lines, t.today, a.today.len(), theme.today());
    lines.extend(a.today.iter().map(|r| reminder(r, theme.today())));
    section(&mut lines, t.upcoming, a.upcoming.len(), theme.title());
    lines.extend(a.upcoming.iter().map(|r| reminder(r, theme.dim())));
    section(&mut lines, t.unpaid_invoices, a.unpaid.len(), theme.title());
    for u in &a.unpaid {
        lines.push(Line::raw(format!(
            "  #{:<5} {:<14} {} — {} {}",
            u.order_id,
            i18n::money(lang, u.amount_minor, &u.currency),
            u.name,
            u.age_days,
            t.days_short
        )));
    }
    section(&mut lines, t.reactivate, a.reactivate.len(), theme.title());
    for l in &a.reactivate {
        lines.push(Line::raw(format!(
            "  {} — {} {} ({})",
            l.name, l.idle_days, t.days_short, l.since
        )));
    }
    section(&mut lines, t.stale, a.stale.len(), theme.title());
    for s in &a.stale {
        lines.push(Line::raw(format!(
            "  {} — {}, {} {} (> {})",
            s.client.name,
            stage_word(lang, s.client.stage),
            s.days,
            t.days_short,
            s.limit
        )));
    }
    lines.push(Line::raw(""));
    let load = format!(
        "{}: {}/{}",
        stage_role(lang, Stage::Farmer),
        a.farmers,
        a.farmer_capacity
    );
    if a.over_capacity {
        lines.push(Line::styled(
            format!("{load} — {}", t.over_capacity),
            theme.warn(),
        ));
    } else {
        lines.push(Line::styled(load, theme.dim()));
    }
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(
            format!(" {} ", board::texts(lang).agenda_title),
            theme.title(),
        ));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
