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
        match (&mut self.screen, self.focus) {
            (Screen::Detail { scroll, .. } | Screen::Agenda { scroll, .. }, _) => {
                let next = i64::from(*scroll)
                    .saturating_add(delta)
                    .clamp(0, i64::from(u16::MAX));
                *scroll = next as u16;
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

    /// Puts the selection on `id`'s card (showing lost cards if needed).
    pub fn jump_to(&mut self, id: i64) -> Result<()> {
        let client = self.store.read().client(id)?;
        if client.status == Status::Lost && !self.show_lost {
            self.show_lost = true;
        }
        if self.focus_stage.is_some_and(|s| s != client.stage) {
            self.focus_stage = None;
            self.columns.clear();
            self.reload()?;
        }
        let Some(col) = self.columns.iter().position(|c| c.stage == client.stage) else {
            return self.open_detail(id);
        };
        let position = self.store.read().card_position(&client, self.show_lost)?;
        self.col = col;
        self.columns[col].selected = position;
        self.focus = Focus::Board;
        self.screen = Screen::Board;
        self.reload()
    }
}
