//! Windows over the board: help, forms, search, snooze.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::{Theme, fit};
use crate::i18n::board::{action_help, texts};
use crate::i18n::stage_word;
use crate::tui::app::{App, Popup, Search};
use crate::tui::form::Form;
use crate::tui::keymap::{self, BINDINGS};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Help) => help(frame, app, theme, area),
        Some(Popup::Form(form, _)) => form_popup(frame, app, theme, area, form),
        Some(Popup::Search(search)) => search_popup(frame, app, theme, area, search),
        Some(Popup::Snooze(_)) => {
            let t = texts(app.lang);
            let rect = window(frame, theme, area, t.snooze_title, 70, 3);
            let text = Paragraph::new(t.snooze_options).wrap(Wrap { trim: true });
            frame.render_widget(text, rect);
        }
    }
}

/// Clears a centred window and draws its frame; returns the inside.
fn window(
    frame: &mut Frame,
    theme: Theme,
    area: Rect,
    title: &str,
    width: u16,
    height: u16,
) -> Rect {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length((height + 2).min(area.height)),
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

fn help(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let t = texts(app.lang);
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<10}", keymap::keys_label(b)), theme.title()),
                Span::raw(action_help(app.lang, b.action)),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {}", t.help_forms), theme.dim()));
    let height = lines.len() as u16;
    let rect = window(frame, theme, area, t.help_title, 64, height);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rect);
}

fn form_popup(frame: &mut Frame, app: &App, theme: Theme, area: Rect, form: &Form) {
    let t = texts(app.lang);
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let width = 64u16.min(area.width);
    let value_width = usize::from(width).saturating_sub(label_width + 4);
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let value = if focused {
            // Show the end of a long value, where the cursor is.
            let chars: Vec<char> = field.value.chars().collect();
            let keep = value_width.saturating_sub(1);
            let start = chars.len().saturating_sub(keep);
            format!("{}▏", chars[start..].iter().collect::<String>())
        } else {
            fit(&field.value, value_width)
        };
        let label_style = if focused { theme.title() } else { theme.dim() };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<label_width$}", field.label), label_style),
            Span::styled(
                value,
                if focused {
                    theme.selected()
                } else {
                    Default::default()
                },
            ),
        ]));
    }
    lines.push(Line::raw(""));
    match &form.error {
        Some(e) => lines.push(Line::styled(e.clone(), theme.warn())),
        None => lines.push(Line::styled(t.form_hint, theme.dim())),
    }
    let height = lines.len() as u16 + 1;
    let rect = window(frame, theme, area, &form.title, width, height);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rect);
}

fn search_popup(frame: &mut Frame, app: &App, theme: Theme, area: Rect, search: &Search) {
    let t = texts(app.lang);
    let width = 70u16.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("/ ", theme.title()),
            Span::styled(format!("{}▏", search.query), theme.selected()),
        ]),
        Line::styled(fit(t.search_hint, inner_width), theme.dim()),
    ];
    if search.results.is_empty() && !search.query.trim().is_empty() {
        lines.push(Line::styled(t.no_matches, theme.dim()));
    }
    for (i, c) in search.results.iter().enumerate() {
        let company = c
            .company
            .as_deref()
            .map(|s| format!(" · {s}"))
            .unwrap_or_default();
        let lost = if c.status == crate::domain::Status::Lost {
            " ✗"
        } else {
            ""
        };
        let stage = stage_word(app.lang, c.stage);
        let text = fit(
            &format!("#{} {}{company}{lost}", c.id, c.name),
            inner_width.saturating_sub(stage.chars().count() + 3),
        );
        let style = if i == search.selected {
            theme.selected()
        } else {
            Default::default()
        };
        lines.push(Line::from(vec![
            Span::styled(text, style),
            Span::styled(format!("  {stage}"), theme.dim()),
        ]));
    }
    let height = 2 + 12;
    let rect = window(frame, theme, area, t.search_title, width, height);
    frame.render_widget(Paragraph::new(lines), rect);
}
