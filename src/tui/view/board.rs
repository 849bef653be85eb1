//! The conveyor's columns and their cards.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{CARD_HEIGHT, Theme, fit, short_day, short_due};
use crate::domain::{Card, Stage, Status, phone};
use crate::i18n::board::{stage_result, texts};
use crate::i18n::{self, stage_role};
use crate::tui::action::Action;
use crate::tui::app::{App, Column, Focus};

pub(super) fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let count = app.columns.len().max(1) as u32;
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, count); count as usize]).split(area);
    for (i, (column, area)) in app.columns.iter().zip(areas.iter()).enumerate() {
        let focused = app.focus == Focus::Board && i == app.col;
        draw_column(frame, app, theme, *area, column, focused);
    }
    // A board with no client at all says how to start, across the columns.
    if app.focus_stage.is_none() && app.columns.iter().all(|c| c.count == 0) {
        let width = area.width.saturating_sub(4);
        let middle = area.y + area.height / 2;
        let start = app.naming_key("board-empty-board", Action::Add);
        let import = app.naming_key("board-empty-import", Action::Import);
        for (y, text) in [(middle, &start), (middle + 1, &import)] {
            let line = Rect::new(area.x + 2, y, width, 1).intersection(area);
            frame.render_widget(ratatui::widgets::Clear, line);
            frame.render_widget(
                Line::styled(fit(text, usize::from(width)), theme.title()).centered(),
                line,
            );
        }
    }
}

fn draw_column(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    area: Rect,
    column: &Column,
    focused: bool,
) {
    let t = texts(app.lang);
    let width = usize::from(area.width.saturating_sub(2));
    // Capacity is about the clients a farmer keeps: lost ones shown with
    // `z` do not count against it.
    let over = column.stage == Stage::Farmer && column.active > app.farmer_capacity();
    let block = column_block(app, theme, column, focused, over, width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let subtitle = if over {
        Line::styled(fit(&format!("⚠ {}", t.over_capacity), width), theme.warn())
    } else {
        let result = stage_result(app.lang, column.stage);
        let subtitle = match app.focus_stage {
            // A calling hour's tally before the queue's order.
            Some(_) => {
                let calls = &app.calls_today;
                let today = crate::i18n::tr_args(
                    app.lang,
                    "board-calls-today",
                    crate::args![calls = calls.calls, minutes = calls.talk_secs / 60],
                );
                format!("→ {result} · {today} · {}", t.queue)
            }
            None => format!("→ {result}"),
        };
        Line::styled(fit(&subtitle, width), theme.dim())
    };
    let [sub, cards] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(subtitle, sub);
    if column.cards.is_empty() {
        frame.render_widget(
            Line::styled(format!(" {}", t.empty_column), theme.dim()),
            cards,
        );
        return;
    }
    for (i, card) in column.cards.iter().enumerate() {
        let y = cards.y + (i as u16) * CARD_HEIGHT;
        if y + CARD_HEIGHT > cards.y + cards.height {
            break;
        }
        let rect = Rect::new(cards.x, y, cards.width, CARD_HEIGHT);
        let selected = focused && column.offset + i as i64 == column.selected;
        draw_card(frame, app, theme, rect, column, card, selected);
    }
}

/// A column's frame: its role and count on top (the farmer's against
/// capacity), the cards above and below the window at the foot.
fn column_block<'a>(
    app: &App,
    theme: Theme,
    column: &Column,
    focused: bool,
    over: bool,
    width: usize,
) -> Block<'a> {
    let t = texts(app.lang);
    let role = stage_role(app.lang, column.stage);
    let count = if column.stage == Stage::Farmer {
        format!("{}/{}", column.active, app.farmer_capacity())
    } else {
        column.count.to_string()
    };
    let role = match app.focus_stage {
        Some(_) => format!("{} · {role}", t.focus),
        None => role.to_string(),
    };
    // What the station's expected deals add up to: shown whole when it
    // fits beside the name and the count, else not at all.
    let worth = (column.worth > 0 && column.stage < Stage::Farmer)
        .then(|| {
            format!(
                "≈{} ",
                i18n::money(app.lang, column.worth, app.config.currency())
            )
        })
        .filter(|w| role.width() + w.width() + count.len() + 3 <= width)
        .unwrap_or_default();
    let mut title = vec![
        Span::styled(
            format!(
                " {} ",
                fit(&role, width.saturating_sub(count.len() + 3 + worth.width()))
            ),
            theme.title(),
        ),
        Span::styled(worth, theme.dim()),
        Span::styled(
            format!("{count} "),
            if over { theme.warn() } else { theme.title() },
        ),
    ];
    if over {
        title.push(Span::styled("! ", theme.warn()));
    }
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Line::from(title));
    if focused {
        block = block.border_style(theme.focused_border());
    }
    let shown = app.card_rows.min(column.cards.len()) as i64;
    let below = column.count - column.offset - shown;
    if below > 0 {
        // The count whole, or just the arrow when it does not fit.
        let more = format!(" ↓ {} ", i18n::board::more_below(app.lang, below));
        let more = if more.width() <= width {
            more
        } else {
            " ↓ ".to_string()
        };
        block = block.title_bottom(Line::styled(more, theme.dim()).right_aligned());
    }
    if column.offset > 0 {
        block = block.title_bottom(Line::styled(format!(" ↑ {} ", column.offset), theme.dim()));
    }
    block
}

fn draw_card(
    frame: &mut Frame,
    app: &App,
    theme: Theme,
    area: Rect,
    column: &Column,
    card: &Card,
    selected: bool,
) {
    let width = usize::from(area.width);
    let stale_limit = app.conveyor.stale_days(column.stage);
    let stale = card.client.is_stale(app.now.utc, stale_limit);
    let first = card_title(app, theme, card, stale, width);
    let step = column.step(card.client.id);
    let second = card_facts(app, theme, (card, step), stale, width);
    let mut paragraph = Paragraph::new(vec![first, second]);
    if selected {
        paragraph = paragraph.style(theme.selected());
    }
    frame.render_widget(paragraph, area);
}

/// A card's first line: its marks (lost, stale), the farmer's class and
/// the owner's initials, the name and company (and the phone when wide).
fn card_title<'a>(app: &App, theme: Theme, card: &Card, stale: bool, width: usize) -> Line<'a> {
    let c = &card.client;
    let marker = if c.status == Status::Lost {
        "✗ "
    } else if stale {
        "! "
    } else {
        ""
    };
    // The farmer's clients carry their ABC(D) class.
    let mut badge = match (c.stage, app.segments.get(&c.id)) {
        (Stage::Farmer, Some(s)) => format!("{} ", s.key()),
        _ => String::new(),
    };
    // Everyone's cards (team mode): whose each is.
    if let Some(initials) = app.owner_initials(c) {
        badge.insert_str(0, &format!("{initials} "));
    }
    let mut name = match c.company_beside() {
        Some(company) => format!("{} · {company}", c.name),
        None => c.name.clone(),
    };
    // Wide cards (focus mode, big terminals) carry the phone to dial.
    if width >= 50
        && let Some(phone) = &c.phone
    {
        name.push_str(&format!(" · {}", phone::readable(phone)));
    }
    let room = width.saturating_sub(marker.chars().count() + badge.chars().count());
    Line::from(vec![
        Span::styled(marker, theme.warn()),
        Span::styled(badge, theme.title()),
        Span::raw(fit(&name, room)),
    ])
}

/// A card's second line: days in the station, lost, the next reminder,
/// the latest order — each shown whole or not at all: a date or a sum cut
/// in the middle misleads; in a focus queue, its `step` (why to call)
/// after them, cut to the room left.
fn card_facts<'a>(
    app: &App,
    theme: Theme,
    (card, step): (&Card, Option<&str>),
    stale: bool,
    width: usize,
) -> Line<'a> {
    let t = texts(app.lang);
    let c = &card.client;
    let days_style = if stale { theme.warn() } else { theme.dim() };
    let mut second = Vec::new();
    let mut push = |text: String, style| {
        let used: usize = second.iter().map(Span::width).sum();
        let fits = used + text.width() <= width;
        if fits {
            second.push(Span::styled(text, style));
        }
        fits
    };
    push(format!(" {}", app.days_label(c)), days_style);
    if c.status == Status::Lost {
        push(format!(" {}", t.lost), theme.warn());
    }
    // No next step: marked where its day would be (the farmer's next step
    // is the reactivation sweep).
    if card.next_due.is_none() && c.status == Status::Active && c.stage < Stage::Farmer {
        push(" ∅".to_string(), theme.warn());
    }
    if let Some((day, at)) = card.next_due {
        let style = if day < app.now.today() || at.is_some_and(|a| a < app.now.utc) {
            theme.overdue()
        } else if day == app.now.today() {
            theme.today()
        } else {
            theme.dim()
        };
        if !push(format!(" @{}", short_due(day, at)), style) && at.is_some() {
            push(format!(" @{}", short_day(day)), style);
        }
    }
    if let Some((minor, currency)) = &card.amount {
        push(
            format!(" {}", i18n::money(app.lang, *minor, currency)),
            ratatui::style::Style::new(),
        );
    } else if let Some(v) = c.value().filter(|_| c.stage < Stage::Farmer) {
        // The expected deal, until there is an invoice: an estimate.
        push(
            format!(" ≈{}", i18n::money(app.lang, v.minor, &v.currency)),
            theme.dim(),
        );
    }
    // The focus queue's cards say what the next step is: why to call.
    let used: usize = second.iter().map(Span::width).sum();
    let room = width.saturating_sub(used + 3);
    if let Some(text) = step.filter(|_| room >= 12) {
        second.push(Span::styled(format!(" — {}", fit(text, room)), theme.dim()));
    }
    Line::from(second)
}
