//! Moving around: the selection, focus mode, jumping to a client.

use super::{App, Column, Focus, Screen};
use crate::domain::{Stage, Status};
use crate::error::Result;
use crate::service;
use crate::store::{CardKey, Seek};

impl App {
    /// Enters (Some) or leaves (None) focus mode, keeping the station in view.
    pub(super) fn set_focus_stage(&mut self, stage: Option<Stage>) -> Result<()> {
        let current = self.columns.get(self.col).map(|c| c.stage);
        self.store.read().clear_worked()?;
        self.focus_stage = stage;
        self.columns.clear();
        self.focus = Focus::Board;
        self.reload()?;
        let keep = stage.or(current);
        self.col = self
            .columns
            .iter()
            .position(|c| Some(c.stage) == keep)
            .unwrap_or(0);
        Ok(())
    }

    /// Moves the selection by `delta` in whatever has the keyboard.
    pub(super) fn step(&mut self, delta: i64) -> Result<()> {
        // The detail scrolls no further than its last line at the foot.
        let last_scroll = match &self.screen {
            Screen::Detail { detail, .. } => {
                let lines = crate::tui::view::detail_line_count(self, detail) as i64;
                let visible = self.card_rows as i64 * i64::from(crate::tui::view::CARD_HEIGHT);
                (lines - visible).clamp(0, i64::from(u16::MAX))
            }
            _ => 0,
        };
        match (&mut self.screen, self.focus) {
            (Screen::Reports(_), _) => self.turn_page(delta),
            (Screen::Team { lines, scroll }, _) => {
                let last = (lines.len() as i64 - 3).max(0);
                *scroll = (i64::from(*scroll) + delta).clamp(0, last) as u16;
            }
            (Screen::Detail { scroll, .. }, _) => {
                *scroll = i64::from(*scroll)
                    .saturating_add(delta)
                    .clamp(0, last_scroll) as u16;
            }
            (
                Screen::Agenda {
                    items, selected, ..
                },
                _,
            ) => {
                let last = items.len().saturating_sub(1) as i64;
                *selected = (*selected as i64).saturating_add(delta).clamp(0, last) as usize;
            }
            (Screen::Board, Focus::Reminders) => {
                let last = self.reminders.len().saturating_sub(1) as i64;
                self.rem_selected = (self.rem_selected as i64)
                    .saturating_add(delta)
                    .clamp(0, last) as usize;
            }
            (Screen::Board, Focus::Board) => {
                let Some(mut column) = self.columns.get(self.col).cloned() else {
                    return Ok(());
                };
                let selected = column
                    .selected
                    .saturating_add(delta)
                    .clamp(0, (column.count - 1).max(0));
                let window = column.offset..column.offset + column.cards.len() as i64;
                if window.contains(&selected) {
                    column.selected = selected;
                } else {
                    self.scroll_to(&mut column, selected)?;
                }
                self.columns[self.col] = column;
            }
        }
        Ok(())
    }

    /// Moves `column`'s window so that card `selected` shows. On the board
    /// the new window is read by the keys of the cards already on screen
    /// (the cost does not grow with the cards above); the focus queue's
    /// computed order, and jumps further than a page back, read by position.
    fn scroll_to(&self, column: &mut Column, selected: i64) -> Result<()> {
        let rows = self.card_rows as i64;
        let (old, loaded) = (column.offset, column.cards.len() as i64);
        let last = (column.count - rows).max(0);
        let offset = if selected < old {
            selected
        } else {
            (selected - rows + 1).max(old)
        }
        .clamp(0, last);
        let key = |i: i64| CardKey::of(&column.cards[i as usize]);
        let keyed = self.focus_stage.is_none() && loaded > 0;
        let (seek, keep) = match offset {
            _ if !keyed => (None, 0),
            0 => (Some(Seek::First), 0),
            o if o == last => (Some(Seek::Last), 0),
            o if o > old && o < old + loaded => (Some(Seek::From(key(o - old))), 0),
            o if o == old + loaded => (Some(Seek::After(key(loaded - 1))), 0),
            // Back by a page or less: the cards just before the window,
            // then as many of those on screen as still fit.
            o if o < old && old - o <= rows => (Some(Seek::Before(key(0))), rows - (old - o)),
            _ => (None, 0),
        };
        column.selected = selected;
        let Some(seek) = seek else {
            return self.load_column(column);
        };
        let wanted = rows.min(column.count - offset) - keep;
        let Some(mut cards) = self.keyed_cards(column, seek, wanted)? else {
            return self.load_column(column);
        };
        cards.extend(column.cards.iter().take(keep as usize).cloned());
        column.cards = cards;
        column.offset = offset;
        Ok(())
    }

    pub(super) fn open_detail(&mut self, id: i64) -> Result<()> {
        let detail = service::client_detail(&self.store, self.now, id)?;
        self.screen = Screen::Detail {
            detail: Box::new(detail),
            scroll: 0,
        };
        Ok(())
    }

    /// Puts the selection on `id`'s card (showing lost cards, or leaving a
    /// focus queue of another station, if needed); a client no column shows
    /// opens in the detail screen.
    pub fn jump_to(&mut self, id: i64) -> Result<()> {
        let client = self.store.read().client(id)?;
        if client.status == Status::Lost && !self.shown.lost {
            self.shown.lost = true;
        }
        if self.focus_stage.is_some_and(|s| s != client.stage) {
            self.focus_stage = None;
            self.columns.clear();
        }
        self.focus = Focus::Board;
        self.screen = Screen::Board;
        self.follow = Some(id);
        self.reload()?;
        if self.current_client().map(|c| c.id) != Some(id) {
            self.open_detail(id)?;
        }
        Ok(())
    }

    /// Call before changing the selected card in a focus queue: once it has
    /// been worked, the queue moves on to the card that came after it.
    pub(super) fn queue_moves_on(&mut self) -> Result<()> {
        if self.focus_stage.is_some() && self.focus == Focus::Board {
            self.follow = self.next_card_id()?;
        }
        Ok(())
    }
}
