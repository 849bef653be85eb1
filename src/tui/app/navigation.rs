//! Moving around: the selection, focus mode, jumping to a client.

use super::{App, Focus, Screen};
use crate::domain::{Stage, Status};
use crate::error::Result;
use crate::service;

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
                column.selected = column.selected.saturating_add(delta);
                let window = column.offset..column.offset + column.cards.len() as i64;
                let clamped = column.selected.clamp(0, (column.count - 1).max(0));
                if window.contains(&clamped) {
                    column.selected = clamped;
                } else {
                    self.load_column(&mut column)?;
                }
                self.columns[self.col] = column;
            }
        }
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
        if client.status == Status::Lost && !self.show_lost {
            self.show_lost = true;
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
