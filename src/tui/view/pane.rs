//! The reminder pane: overdue, today, the next seven days.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState};

use super::{Theme, fit, short_due};
use crate::domain::Bucket;
use crate::i18n::board::texts;
use crate::tui::app::{App, Focus};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let t = texts(app.lang);
    let focused = app.focus == Focus::Reminders;
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(format!(" {} ", t.reminders), theme.title()));
    if focused {
        block = block.border_style(theme.focused_border());
    }
    let width = usize::from(area.width.saturating_sub(2));
    if app.reminders.is_empty() {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text = ratatui::widgets::Paragraph::new(t.no_reminders)
            .style(theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(text, inner);
        return;
    }
    let mut items = Vec::new();
    let mut selected_row = None;
    let mut current: Option<Bucket> = None;
    for (i, (bucket, r)) in app.reminders.iter().enumerate() {
        if current != Some(*bucket) {
            current = Some(*bucket);
            let count = match bucket {
                Bucket::Overdue => app.reminder_counts[0],
                Bucket::Today => app.reminder_counts[1],
                _ => app.reminder_counts[2],
            };
            let (title, style) = match bucket {
                Bucket::Overdue => (format!("! {} ({count})", t.overdue), theme.overdue()),
                Bucket::Today => (format!("{} ({count})", t.today), theme.today()),
                _ => (format!("{} ({count})", t.upcoming), theme.title()),
            };
            items.push(ListItem::new(Line::styled(fit(&title, width), style)));
        }
        if i == app.rem_selected {
            selected_row = Some(items.len());
        }
        let due_style = match bucket {
            Bucket::Overdue => theme.overdue(),
            Bucket::Today => theme.today(),
            _ => theme.dim(),
        };
        let due = short_due(r.due_on, r.due_at);
        let about = r
            .client_name
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        let rest = fit(
            &format!("{}{about}", crate::i18n::format::reminder_text(app.lang, r)),
            width.saturating_sub(due.chars().count() + 1),
        );
        items.push(ListItem::new(Line::from(vec![
            Span::styled(due, due_style),
            Span::raw(format!(" {rest}")),
        ])));
    }
    let mut state = ListState::default();
    if focused {
        state.select(selected_row);
    }
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected());
    frame.render_stateful_widget(list, area, &mut state);
}
