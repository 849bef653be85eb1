//! Drawing: a pure function of `App` onto a frame. No I/O here.

mod agenda;
mod board;
mod detail;
mod import;
mod pane;
mod popup;
mod reports;

pub use detail::line_count as detail_line_count;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::action::Action;
use super::app::{App, Focus, Screen};
use super::keymap;
use crate::i18n::board::{texts, week_line};
use crate::tui::action::action_hint;

/// The smallest terminal the board is drawn in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Lines above and below the cards in a column: header, footer, borders,
/// the column's subtitle.
const CHROME_ROWS: u16 = 5;
/// Lines per card.
pub const CARD_HEIGHT: u16 = 2;

/// How many cards fit in a column in a terminal `height` lines tall.
pub fn cards_per_column(height: u16) -> usize {
    usize::from(height.saturating_sub(CHROME_ROWS) / CARD_HEIGHT).max(1)
}

/// Colours, or plain modifiers when `NO_COLOR` is set.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn overdue(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn today(self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn focused_border(self) -> Style {
        self.fg(Color::Cyan)
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app.color);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = Paragraph::new(texts(app.lang).too_small)
            .wrap(Wrap { trim: true })
            .style(theme.warn());
        frame.render_widget(text, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, theme, header);
    match &app.screen {
        Screen::Board => {
            let pane_width = (body.width / 4).clamp(22, 44);
            let [columns, pane] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(pane_width)])
                    .areas(body);
            board::draw(frame, app, theme, columns);
            pane::draw(frame, app, theme, pane);
        }
        Screen::Detail { detail, scroll } => detail::draw(frame, app, theme, body, detail, *scroll),
        Screen::Agenda {
            agenda, selected, ..
        } => agenda::draw(frame, app, theme, body, agenda, *selected),
        Screen::Reports(v) => reports::draw(frame, app, theme, body, v),
        Screen::Team { lines, scroll } => draw_team(frame, theme, body, lines, *scroll),
    }
    draw_footer(frame, app, theme, footer);
    popup::draw(frame, app, theme, area);
}

/// The head of sales' day: its lines, scrolled.
fn draw_team(frame: &mut Frame, theme: Theme, area: Rect, lines: &[String], scroll: u16) {
    let (title, rest) = lines
        .split_first()
        .map_or(("", &[][..]), |(t, r)| (t.as_str(), r));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(format!(" {title} "), theme.title()));
    let body: Vec<Line> = rest
        .iter()
        .map(|l| match l.starts_with(' ') {
            true => Line::raw(l.clone()),
            false => Line::styled(l.clone(), theme.title()),
        })
        .collect();
    let paragraph = Paragraph::new(body)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, area);
}

/// The header: the week's figures, each shown whole or not at all.
fn draw_header(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    let t = texts(app.lang);
    let week_no = app.now.today().iso_week().week();
    let overdue = app.reminder_counts[0];
    let mut parts = Vec::new();
    if area.width >= 120 {
        parts.push((" konveyer ·".to_string(), theme.title()));
    }
    parts.push((format!(" {}{week_no}", t.week), theme.title()));
    if overdue > 0 {
        let text = format!(" · {} {overdue}", t.overdue.to_lowercase());
        parts.push((text, theme.overdue()));
    }
    if !app.back_today.is_empty() {
        let word = crate::i18n::tr(app.lang, "header-back");
        let n = app.back_today.len();
        parts.push((format!(" · {word} {n} (A)"), theme.today()));
    }
    if app.unplanned > 0 {
        let word = crate::i18n::tr(app.lang, "no-next-step");
        parts.push((format!(" · {word} {}", app.unplanned), theme.warn()));
    }
    // The week's plan vs fact when there are targets (and today's with a
    // day plan); the real counts otherwise.
    if app.week_plan.is_empty() {
        let week = week_line(app.lang, &app.week, app.config.currency());
        for figure in week.split(" · ") {
            parts.push((format!(" · {figure}"), theme.title()));
        }
    }
    let plan = |rows: &[crate::service::PlanRow], label: &str, parts: &mut Vec<(String, Style)>| {
        for (i, r) in rows.iter().enumerate() {
            let v = |x: i64| match r.metric.is_money() {
                true => crate::i18n::money(app.lang, x, app.config.currency()),
                false => x.to_string(),
            };
            let name = crate::i18n::metric_name(app.lang, r.metric);
            let lead = if i == 0 {
                format!(" · {label}")
            } else {
                String::new()
            };
            let style = if r.fact >= r.target {
                theme.ok()
            } else {
                theme.title()
            };
            parts.push((
                format!("{lead} {name} {}/{}", v(r.fact), v(r.target)),
                style,
            ));
        }
    };
    plan(
        &app.week_plan,
        &crate::i18n::tr(app.lang, "header-plan"),
        &mut parts,
    );
    plan(
        &app.day_plan,
        &crate::i18n::tr(app.lang, "header-today"),
        &mut parts,
    );
    let mut used = 0;
    let mut spans = Vec::new();
    for (text, style) in parts {
        if used + text.width() > usize::from(area.width) {
            break;
        }
        used += text.width();
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The footer: a notice after an action; else, in the pane, the selected
/// reminder in full; then the keys of the place, most useful first, as
/// many as fit whole, and `?` always last.
fn draw_footer(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(area.width);
    if let Some(notice) = &app.notice {
        let style = if notice.error {
            theme.warn()
        } else {
            theme.ok()
        };
        let text = fit(&format!(" {}", notice.text), width);
        frame.render_widget(Line::styled(text, style), area);
        return;
    }
    let hint = |binding: &keymap::Bound| {
        [
            Span::styled(
                format!(" {} ", keymap::keys_label(binding)),
                theme.selected(),
            ),
            Span::raw(format!(" {} ", action_hint(app.lang, binding.action))),
        ]
    };
    let (help, mut hints): (Vec<_>, Vec<_>) = app
        .keys
        .hints(app.scope())
        .partition(|b| b.action == Action::Help);
    // In a station's queue, the way out first: it must not be the hint
    // a narrow footer or longer words leave out.
    if app.focus_stage.is_some() && matches!(app.screen, Screen::Board) {
        hints.sort_by_key(|b: &&keymap::Bound| b.action != Action::Back);
    }
    let help: Vec<Span> = help.into_iter().flat_map(hint).collect();
    let room = width.saturating_sub(help.iter().map(Span::width).sum());
    let mut spans = Vec::new();
    let mut used = 0;
    if app.focus == Focus::Reminders
        && matches!(app.screen, Screen::Board)
        && let Some(r) = app.selected_reminder()
    {
        let task = crate::i18n::format::reminder_text(app.lang, r);
        let text = match &r.client_name {
            Some(name) => format!(" {name} — {task} "),
            None => format!(" {task} "),
        };
        let text = fit(&text, room);
        used += text.width();
        spans.push(Span::styled(text, theme.title()));
    }
    for binding in hints {
        let pair = hint(binding);
        let w: usize = pair.iter().map(Span::width).sum();
        if used + w <= room {
            used += w;
            spans.extend(pair);
        }
    }
    spans.extend(help);
    frame.render_widget(Line::from(spans), area);
}

/// `text` cut or padded to exactly `width` terminal columns.
pub fn cell(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let cut = fit(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// Cuts `text` to `width` terminal columns, ending with `…` if cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` in lines of at most `width` columns, broken between words (a
/// word longer than a line stands alone); the spaces between the words of
/// a line kept as written (`t  next sheet`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut rest = text.trim_start();
    let mut gap = "";
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        match lines.last_mut() {
            Some(line) if line.width() + gap.width() + word.width() <= width => {
                line.push_str(gap);
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
        rest = after.trim_start();
        gap = &after[..after.len() - rest.len()];
    }
    lines
}

/// `25.11` or `25.11 14:30` for a due day and optional moment.
pub fn short_due(day: chrono::NaiveDate, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    match at {
        Some(t) => crate::service::utc_to_local(t)
            .format("%d.%m %H:%M")
            .to_string(),
        None => day.format("%d.%m").to_string(),
    }
}

/// The due day alone, for narrow places.
pub fn short_day(day: chrono::NaiveDate) -> String {
    day.format("%d.%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Ромашка", 10), "Ромашка");
        assert_eq!(fit("Ромашка", 5), "Рома…");
        assert_eq!(fit("東京都", 4), "東…");
    }

    #[test]
    fn wrap_breaks_between_words_and_keeps_a_lines_spaces() {
        assert_eq!(
            wrap("t  next sheet — «Архив»", 80),
            ["t  next sheet — «Архив»"]
        );
        assert_eq!(wrap("  t  next   sheet ", 7), ["t  next", "sheet"]);
        assert_eq!(wrap("Калининград", 4), ["Калининград"]);
        assert!(wrap("   ", 10).is_empty());
    }

    #[test]
    fn cards_fit_the_height() {
        assert_eq!(cards_per_column(24), 9);
        assert_eq!(cards_per_column(3), 1);
    }
}
