//! The reminder pane: overdue, today, the next seven days. Each reminder
//! leads with whose it is; a narrow pane gives it two lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState};

use super::{Theme, fit, short_due};
use crate::domain::{Bucket, Reminder};
use crate::i18n::board::texts;
use crate::i18n::format::reminder_text;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};

/// Below this inner width a reminder takes two lines: who, then what.
const ONE_LINE_WIDTH: usize = 40;

/// "Anna (Acme)" or the reminder's own text when it is about nobody.
fn whose(r: &Reminder) -> Option<&str> {
    r.client_name.as_deref()
}

pub(super) fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let t = texts(app.lang);
    let focused = app.focus == Focus::Reminders;
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(format!(" {} ", t.reminders), theme.title()));
    if focused {
        block = block.border_style(theme.focused_border());
    }
    let width = usize::from(area.width.saturating_sub(2));
    if app.reminders.is_empty() && app.back_today.is_empty() {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text =
            ratatui::widgets::Paragraph::new(app.naming_key("board-no-reminders", Action::Remind))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(text, inner);
        return;
    }
    let two_lines = width < ONE_LINE_WIDTH;
    let mut items = back_items(app, theme, width);
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
        items.push(item(app, theme, *bucket, r, width, two_lines));
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

/// One reminder: its due day (coloured by its bucket), whose it is and
/// what to do — on one line, or two when the pane is narrow.
fn item<'a>(
    app: &App,
    theme: Theme,
    bucket: Bucket,
    r: &crate::domain::Reminder,
    width: usize,
    two_lines: bool,
) -> ListItem<'a> {
    let due_style = match bucket {
        Bucket::Overdue => theme.overdue(),
        Bucket::Today => theme.today(),
        _ => theme.dim(),
    };
    let due = short_due(r.due_on, r.due_at);
    let task = reminder_text(app.lang, r);
    let room = width.saturating_sub(due.chars().count() + 1);
    match (whose(r), two_lines) {
        (Some(name), true) => ListItem::new(vec![
            Line::from(vec![
                Span::styled(due, due_style),
                Span::styled(format!(" {}", fit(name, room)), theme.title()),
            ]),
            Line::raw(format!("  {}", fit(&task, width.saturating_sub(2)))),
        ]),
        (Some(name), false) => ListItem::new(Line::from(vec![
            Span::styled(due, due_style),
            Span::styled(format!(" {}", fit(name, room)), theme.title()),
            Span::raw(fit(
                &format!(" — {task}"),
                room.saturating_sub(name.chars().count()),
            )),
        ])),
        (None, _) => ListItem::new(Line::from(vec![
            Span::styled(due, due_style),
            Span::raw(format!(" {}", fit(&task, room))),
        ])),
    }
}

/// The lost clients whose day to come back has come, first: whom, and why
/// they were lost (the agenda, `A`, revives them with `v`).
fn back_items<'a>(app: &App, theme: Theme, width: usize) -> Vec<ListItem<'a>> {
    if app.back_today.is_empty() {
        return Vec::new();
    }
    let title = format!(
        "{} ({}) · A",
        crate::i18n::tr(app.lang, "agenda-back"),
        app.back_today.len()
    );
    let mut items = vec![ListItem::new(Line::styled(
        fit(&title, width),
        theme.today(),
    ))];
    for b in &app.back_today {
        let args = crate::args![
            name = b.name.clone(),
            reason = b.reason.clone().unwrap_or_default(),
            lost = b.lost_on.map(|d| d.to_string()).unwrap_or_default()
        ];
        let line = crate::i18n::tr_args(app.lang, "board-back-line", args);
        items.push(ListItem::new(Line::raw(fit(&line, width))));
    }
    items
}
