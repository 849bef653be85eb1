//! Windows over the board: help, forms, search, snooze.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::{Theme, fit};
use crate::domain::phone;
use crate::i18n::board::texts;
use crate::i18n::stage_word;
use crate::tui::action::action_help;
use crate::tui::app::{App, Popup, Search};
use crate::tui::form::Form;
use crate::tui::keymap::{self, Scope};

pub(super) fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Help) => help(frame, app, theme, area),
        Some(Popup::Form(form, _)) => form_popup(frame, app, theme, area, form),
        Some(Popup::Search(search)) => search_popup(frame, app, theme, area, search),
        Some(Popup::Snooze(_)) => {
            let t = texts(app.lang);
            choice(frame, theme, area, t.snooze_title, t.snooze_options);
        }
        Some(Popup::Outcome(id)) => {
            let t = texts(app.lang);
            // Whom, the number to dial, and which attempt at this station.
            let who = match app.calling.as_ref().filter(|c| c.id == *id) {
                Some(c) => {
                    let attempt = crate::args![attempt = c.attempt];
                    let attempt = crate::i18n::tr_args(app.lang, "call-attempt", attempt);
                    let phone = c
                        .phone
                        .as_deref()
                        .map(|p| format!(" · {}", phone::readable(p)))
                        .unwrap_or_default();
                    format!("{}{phone} · {attempt}", c.name)
                }
                None => app.client_name(*id),
            };
            let title = format!("{} — {who}", t.outcome_title);
            let mut options = t.outcome_options.to_string();
            // A client with more numbers: the dial key dials the next
            // (before Esc).
            let calling = app.calling.as_ref().filter(|c| c.id == *id);
            if let Some(c) = calling.filter(|c| c.numbers > 1) {
                let next = (c.number + 1) % c.numbers + 1;
                let key = app.keys.key_of(crate::tui::action::Action::Dial);
                let args = crate::args![key = key, next = next, count = c.numbers];
                let next = crate::i18n::tr_args(app.lang, "board-outcome-next-number", args);
                if let Some(at) = options.rfind("    ") {
                    options.insert_str(at, &format!("    {next}"));
                }
            }
            choice(frame, theme, area, &title, &options);
        }
        Some(Popup::ImportPreview(preview)) => {
            let (title, lines) = super::import::preview(app, theme, area, preview);
            wide_window(frame, theme, area, &title, lines);
        }
        Some(Popup::Duplicate(d)) => {
            let id = match d.by_email {
                true => "duplicate-email-title",
                false => "duplicate-phone-title",
            };
            let args = crate::args![id = d.found.id, name = d.found.name.clone()];
            let title = crate::i18n::tr_args(app.lang, id, args);
            choice(
                frame,
                theme,
                area,
                &title,
                &crate::i18n::tr(app.lang, "duplicate-options"),
            );
        }
        Some(Popup::LossReason(id)) => {
            let t = texts(app.lang);
            let name = app.client_name(*id);
            let mut options: Vec<String> = app
                .loss_reasons()
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{}  {r}", i + 1))
                .collect();
            options.push(t.loss_own_words.to_string());
            let title = format!("{} — {name}", t.lose_title);
            choice(frame, theme, area, &title, &options.join("    "));
        }
    }
}

/// A one-key choice: a title and its options, one per line (the options
/// are separated by four spaces in the texts).
fn choice(frame: &mut Frame, theme: Theme, area: Rect, title: &str, options: &str) {
    use unicode_width::UnicodeWidthStr;
    let lines: Vec<Line> = options
        .split("    ")
        .map(|o| Line::raw(format!(" {}", o.trim())))
        .collect();
    let widest = lines
        .iter()
        .map(Line::width)
        .chain([title.width() + 3])
        .max()
        .unwrap_or_default();
    let width = u16::try_from(widest + 3).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let rect = window(frame, theme, area, title, width, height);
    frame.render_widget(Paragraph::new(lines), rect);
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

/// The help's rows: (keys, what they do); bindings that do the same thing
/// (the focus keys 1…5) share one row.
/// The keys the help lists: the reports screen's own there, the board's
/// (with the pane, the detail and the agenda) everywhere else.
fn help_rows(app: &App) -> Vec<(String, &'static str)> {
    let reports = app.scope() == Scope::Reports;
    let listed = |b: &&keymap::Bound| match reports {
        true => b
            .scopes
            .iter()
            .any(|s| matches!(s, Scope::Reports | Scope::Global)),
        false => b
            .scopes
            .iter()
            .any(|s| !matches!(s, Scope::Reports | Scope::Team)),
    };
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for b in app.keys.bound().iter().filter(listed) {
        let text = action_help(app.lang, b.action);
        match rows.last_mut() {
            Some((keys, last)) if *last == text => {
                let first = keys.split('…').next().unwrap_or_default().to_string();
                *keys = format!("{first}…{}", keymap::keys_label(b));
            }
            _ => rows.push((keymap::keys_label(b), text)),
        }
    }
    rows
}

fn help(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let t = texts(app.lang);
    let rows = help_rows(app);
    // One column when it fits, two side by side in a short terminal; as
    // wide as the longest line wants, where the terminal has room.
    let two = rows.len() as u16 + 4 > area.height;
    let longest = rows
        .iter()
        .map(|(_, help)| 10 + unicode_width::UnicodeWidthStr::width(*help))
        .max()
        .unwrap_or(0) as u16;
    let forms = unicode_width::UnicodeWidthStr::width(t.help_forms) as u16 + 3;
    let width = if two {
        area.width.min((2 * (longest + 1) + 3).max(100).max(forms))
    } else {
        area.width.min((longest + 2).max(64).max(forms))
    };
    let cell = if two {
        usize::from(width.saturating_sub(3)) / 2
    } else {
        usize::from(width) - 2
    };
    let entry = |i: usize| -> Vec<Span> {
        rows.get(i).map_or_else(Vec::new, |(keys, help)| {
            let keys = format!(" {keys:<9}");
            let text = fit(help, cell.saturating_sub(10));
            let pad =
                cell.saturating_sub(10 + unicode_width::UnicodeWidthStr::width(text.as_str()));
            vec![
                Span::styled(keys, theme.title()),
                Span::raw(format!("{text}{}", " ".repeat(pad))),
            ]
        })
    };
    let half = rows.len().div_ceil(2);
    let mut lines: Vec<Line> = if two {
        (0..half)
            .map(|i| {
                let mut spans = entry(i);
                spans.push(Span::raw(" "));
                spans.extend(entry(i + half));
                Line::from(spans)
            })
            .collect()
    } else {
        (0..rows.len()).map(|i| Line::from(entry(i))).collect()
    };
    lines.push(Line::raw(""));
    // How forms work, wrapped rather than cut, in as many lines as the
    // terminal leaves.
    let room = usize::from(area.height.saturating_sub(lines.len() as u16 + 2)).max(1);
    let wrapped = super::wrap(t.help_forms, usize::from(width).saturating_sub(3));
    let shown = wrapped.len().min(room);
    for (i, line) in wrapped.iter().take(shown).enumerate() {
        let line = match i + 1 == shown && shown < wrapped.len() {
            true => fit(
                &format!("{line} {}", wrapped[shown..].join(" ")),
                usize::from(width) - 3,
            ),
            false => line.clone(),
        };
        lines.push(Line::styled(format!(" {line}"), theme.dim()));
    }
    let height = lines.len() as u16;
    let rect = window(frame, theme, area, t.help_title, width, height);
    frame.render_widget(Paragraph::new(lines), rect);
}

/// How a WHEN typed into a form reads: `→ Fri 11.12 15:00` (the year too
/// when it is not this one; `· already past` after it when it is before
/// now); `→ ?` when it does not read yet.
fn when_read(app: &App, typed: &str) -> String {
    use crate::domain::when::{When, parse_when};
    use crate::i18n::format::{day_said, moment_said};
    let Ok(when) = parse_when(typed, app.now.local) else {
        return "→ ?".to_string();
    };
    let today = app.now.local.date();
    let (read, past) = match when {
        When::Day(day) => (format!("→ {}", day_said(app.lang, day, today)), day < today),
        When::At(at) => (
            format!("→ {}", moment_said(app.lang, at, today)),
            at < app.now.local,
        ),
    };
    match past {
        true => format!("{read} · {}", crate::i18n::tr(app.lang, "form-when-past")),
        false => read,
    }
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
                match (focused, field.suggested) {
                    (_, true) => theme.dim(),
                    (true, false) => theme.selected(),
                    (false, false) => Default::default(),
                },
            ),
        ]));
        // A WHEN as it is read, as it is typed (`через 2 часа` → today's
        // 12:15): a phrase read otherwise than meant is seen before Enter.
        if [t.when, t.expected, t.back_on].contains(&field.label) && !field.value.trim().is_empty()
        {
            let read = when_read(app, &field.value);
            lines.push(Line::styled(
                format!("{:<label_width$}{read}", ""),
                theme.dim(),
            ));
        }
    }
    lines.push(Line::raw(""));
    match &form.error {
        Some(e) => lines.push(Line::styled(e.clone(), theme.warn())),
        None => lines.push(Line::styled(
            form.hint.as_deref().unwrap_or(t.form_hint),
            theme.dim(),
        )),
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
    if !search.finder.done() {
        lines[1] = Line::styled(fit(t.searching, inner_width), theme.dim());
    } else if search.results.is_empty() && !search.query.trim().is_empty() {
        lines.push(Line::styled(fit(t.search_add, inner_width), theme.dim()));
    }
    for (i, c) in search.results.iter().enumerate() {
        let company = c
            .company_beside()
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

/// A window up to 100 columns wide holding `lines`, each cut to fit.
fn wide_window(frame: &mut Frame, theme: Theme, area: Rect, title: &str, lines: Vec<Line>) {
    let width = area.width.saturating_sub(4).min(100);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let inner = window(frame, theme, area, title, width, height);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            Line::styled(fit(&text, usize::from(inner.width)), l.style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
