//! Reading the screen from the database, and the one selection rule.
//!
//! The selection follows a client, not a position: after every reload (an
//! action, an undo, a search jump, a change made elsewhere) it is put back
//! on the card it was on, wherever that card now sorts, and on the board it
//! follows the card into another column. An action that sends the card away
//! on purpose (a worked card in a focus queue) names the card to go to
//! instead (`App::follow`). Only when the followed card is no longer shown
//! does the selection stay where it was, on the card that took its place —
//! and the action's notice says where the card went.

use super::{App, Beside, Column, Focus, PANE_REMINDERS, Screen};
use crate::domain::report::Period;
use crate::domain::{Bucket, Stage};
use crate::error::Result;
use crate::service::{self, Now};
use crate::store::{CardKey, CardOrder, Seek, Shown};

impl App {
    /// Re-reads what is on screen from the database, keeping the selection
    /// on its client.
    pub fn reload(&mut self) -> Result<()> {
        // What is read now is what the person sees: a card changed before
        // this may be changed here (optimistic concurrency).
        self.store.look()?;
        let full = std::mem::take(&mut self.full_reload);
        let stale = std::mem::take(&mut self.segments_stale) || full;
        // A file or a team database is read beside the board; a base in
        // memory (tests) in the reload.
        let on_file = self.store.location().is_some();
        match (stale && on_file, self.beside.is_some()) {
            // Read again once the running work ends.
            (true, true) => self.segments_stale = true,
            (true, false) => self.start_beside()?,
            _ => {}
        }
        if !self.beside.as_ref().is_some_and(|b| b.sweeps) {
            service::apply_rules(&mut self.store, self.now, &self.config)?;
        }
        if stale && !on_file {
            let currency = self.config.currency();
            self.segments =
                service::segment_map(&self.store, self.now, currency, self.config.segments)?;
        }
        self.conveyor = self.store.read().conveyor()?;
        let stages: Vec<Stage> = match self.focus_stage {
            Some(stage) => vec![stage],
            None => self.conveyor.enabled().collect(),
        };
        let current = self.columns.get(self.col).map(|c| c.stage);
        let followed = self.follow.take().or_else(|| self.board_selection());
        let old = std::mem::take(&mut self.columns);
        for stage in stages {
            let mut column = old
                .iter()
                .find(|c| c.stage == stage)
                .cloned()
                .unwrap_or(Column {
                    stage,
                    count: 0,
                    active: 0,
                    worth: 0,
                    offset: 0,
                    selected: 0,
                    cards: Vec::new(),
                    steps: Default::default(),
                });
            let keep = match Some(stage) == current {
                true => followed,
                false => column.selected_card().map(|c| c.client.id),
            };
            match full {
                true => self.load_column(&mut column)?,
                false => self.reload_column(&mut column)?,
            }
            if let Some(id) = keep {
                self.place(&mut column, id)?;
            }
            self.columns.push(column);
        }
        self.col = current
            .and_then(|s| self.columns.iter().position(|c| c.stage == s))
            .unwrap_or(self.col)
            .min(self.columns.len().saturating_sub(1));
        if let Some(id) = followed {
            self.follow_across(id)?;
        }
        self.reload_side()?;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// The client selected on the board, if the board has the keyboard.
    fn board_selection(&self) -> Option<i64> {
        self.columns
            .get(self.col)
            .and_then(Column::selected_card)
            .map(|c| c.client.id)
    }

    fn order(&self) -> CardOrder {
        match self.focus_stage {
            Some(_) => CardOrder::Urgency(self.now.today(), self.now.utc),
            None => CardOrder::InStage,
        }
    }

    /// Puts `column`'s selection on client `id` if the column shows it;
    /// returns whether it does.
    fn place(&self, column: &mut Column, id: i64) -> Result<bool> {
        if let Some(i) = column.cards.iter().position(|c| c.client.id == id) {
            column.selected = column.offset + i as i64;
            return Ok(true);
        }
        let db = self.store.read();
        let Ok(client) = db.client(id) else {
            return Ok(false);
        };
        if client.stage != column.stage {
            return Ok(false);
        }
        // A card that has just come into the station sorts last: the
        // column's last window, read by key, usually holds it.
        if self.order() == CardOrder::InStage {
            let rows = self.card_rows as i64;
            let last = db.cards_at(column.stage, &self.shown, Seek::Last, rows)?;
            if let Some(i) = last.iter().position(|c| c.client.id == id) {
                column.offset = column.count - last.len() as i64;
                column.selected = column.offset + i as i64;
                column.cards = last;
                return Ok(true);
            }
        }
        match db.card_position(&client, &self.shown, self.order())? {
            Some(position) => {
                column.selected = position;
                self.load_column(column)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// On the board (not in a focus queue), a followed card that left the
    /// current column is followed into the column it went to.
    fn follow_across(&mut self, id: i64) -> Result<()> {
        let here = self.board_selection() == Some(id);
        if here || self.focus_stage.is_some() {
            return Ok(());
        }
        let Ok(client) = self.store.read().client(id) else {
            return Ok(());
        };
        let Some(col) = self.columns.iter().position(|c| c.stage == client.stage) else {
            return Ok(());
        };
        let mut column = self.columns[col].clone();
        if self.place(&mut column, id)? {
            self.columns[col] = column;
            self.col = col;
        }
        Ok(())
    }

    /// After `d`, `s`, `x` or a call on the pane's reminder: the next
    /// reload selects the reminder after it (the next of its section, or
    /// the next section's first), not wherever the worked one went.
    pub(super) fn pane_moves_on(&mut self) {
        if self.focus == Focus::Reminders {
            let next = self.reminders.get(self.rem_selected + 1).map(|(_, r)| r.id);
            self.pane_next = Some(next);
        }
    }

    /// The reminder pane, the header's figures and an open detail/agenda.
    fn reload_side(&mut self) -> Result<()> {
        let selected_reminder = match self.pane_next.take() {
            Some(next) => next,
            None => self.selected_reminder().map(|r| r.id),
        };
        // A person's board: the reminders of their own cards.
        let owner = self.shown.owner.as_deref();
        let due = service::due_reminders_of(&self.store, self.now, Some(PANE_REMINDERS), owner)?;
        self.reminder_counts = service::count_due_of(&self.store, self.now, owner)?;
        self.unplanned = self.store.read().count_unplanned(owner)?;
        self.back_today = service::coming_back(&self.store, self.now, owner)?;
        self.reminders = [
            (Bucket::Overdue, due.overdue),
            (Bucket::Today, due.today),
            (Bucket::Upcoming, due.upcoming),
        ]
        .into_iter()
        .flat_map(|(b, list)| list.into_iter().map(move |r| (b, r)))
        .collect();
        // The pane's selection follows its reminder too.
        if let Some(i) =
            selected_reminder.and_then(|rid| self.reminders.iter().position(|(_, r)| r.id == rid))
        {
            self.rem_selected = i;
        }
        self.rem_selected = self
            .rem_selected
            .min(self.reminders.len().saturating_sub(1));
        self.reload_figures()?;
        match &self.screen {
            Screen::Detail { detail, scroll } => {
                let (id, scroll) = (detail.client.id, *scroll);
                match service::client_detail(&self.store, self.now, id) {
                    Ok(detail) => {
                        self.screen = Screen::Detail {
                            detail: Box::new(detail),
                            scroll,
                        }
                    }
                    // Deleted or merged meanwhile: back to the board.
                    Err(_) => self.screen = Screen::Board,
                }
            }
            Screen::Agenda { .. } => self.reload_agenda()?,
            Screen::Reports(_) => self.reload_reports()?,
            Screen::Team { .. } => self.open_team()?,
            Screen::Board => {}
        }
        Ok(())
    }

    /// The header's figures: the week's, its plan and today's; and the
    /// focus queue's tally of today's calls, read only while a queue
    /// shows it.
    fn reload_figures(&mut self) -> Result<()> {
        self.week = service::week_stats(&self.store, self.now)?;
        if self.focus_stage.is_some() {
            self.calls_today = service::calls_today(&self.store, self.now)?;
        }
        let currency = self.config.currency();
        let today = self.now.today();
        self.week_plan =
            service::plan_status(&self.store, self.now, Period::week_of(today), currency)?;
        // Today's line shows the metrics that have a plan of their own today.
        let day_key = today.format("%Y-%m-%d").to_string();
        let day_metrics: Vec<String> = self
            .store
            .read()
            .plans()?
            .into_iter()
            .filter(|(k, _, _)| *k == day_key)
            .map(|(_, m, _)| m)
            .collect();
        self.day_plan = match day_metrics.is_empty() {
            true => Vec::new(),
            false => service::plan_status(
                &self.store,
                self.now,
                Period::range(today, today)?,
                currency,
            )?
            .into_iter()
            .filter(|r| day_metrics.iter().any(|m| m == r.metric.key()))
            .collect(),
        };
        Ok(())
    }

    /// Reads the column's window again after the board's own change, from
    /// the key of its first card (the change was at the selection or at a
    /// station's end, never above a window, so the window keeps its place);
    /// by position when the column is not read by key.
    fn reload_column(&self, column: &mut Column) -> Result<()> {
        let (offset, first) = (column.offset, column.cards.first().map(CardKey::of));
        self.count_column(column)?;
        let rows = self.card_rows as i64;
        let last = (column.count - rows).max(0);
        // A column that got shorter below its window shows its last cards.
        let (seek, offset) = match first {
            Some(_) if offset > last => (Seek::Last, last),
            Some(first) => (Seek::From(first), offset),
            None => return self.load_column(column),
        };
        let wanted = rows.min(column.count - offset);
        if self.order() == CardOrder::InStage
            && wanted > 0
            && let Some(cards) = self.keyed_cards(column, seek, wanted)?
        {
            column.cards = cards;
            column.offset = offset;
            column.selected = column.selected.clamp(offset, offset + wanted - 1);
            return Ok(());
        }
        self.load_column(column)
    }

    /// `wanted` cards of `column` where `seek` says, or `None` when fewer
    /// came back (the column changed meanwhile: read it by position).
    pub(super) fn keyed_cards(
        &self,
        column: &Column,
        seek: Seek,
        wanted: i64,
    ) -> Result<Option<Vec<crate::domain::Card>>> {
        let cards = self
            .store
            .read()
            .cards_at(column.stage, &self.shown, seek, wanted)?;
        Ok((cards.len() as i64 == wanted).then_some(cards))
    }

    /// The column's counts: its cards, and the active ones among them.
    fn count_column(&self, column: &mut Column) -> Result<()> {
        let db = self.store.read();
        column.count = db.column_count(column.stage, &self.shown)?;
        column.active = match self.shown.lost {
            true => {
                let active = Shown {
                    lost: false,
                    ..self.shown.clone()
                };
                db.column_count(column.stage, &active)?
            }
            false => column.count,
        };
        column.worth = db.column_worth(column.stage, &self.shown, self.config.currency())?;
        Ok(())
    }

    /// Loads the window of cards around the column's selection.
    pub(super) fn load_column(&self, column: &mut Column) -> Result<()> {
        self.count_column(column)?;
        let db = self.store.read();
        let rows = self.card_rows as i64;
        column.selected = column.selected.clamp(0, (column.count - 1).max(0));
        if column.selected < column.offset {
            column.offset = column.selected;
        } else if column.selected >= column.offset + rows {
            column.offset = column.selected - rows + 1;
        }
        column.offset = column.offset.clamp(0, (column.count - rows).max(0));
        column.cards = db.cards(column.stage, &self.shown, self.order(), column.offset, rows)?;
        // A calling hour's queue says why each card is to be called.
        column.steps.clear();
        if self.focus_stage.is_some() {
            let ids: Vec<i64> = column.cards.iter().map(|c| c.client.id).collect();
            for r in db.next_steps(&ids)? {
                let text = crate::i18n::format::reminder_text(self.lang, &r);
                column.steps.extend(r.client_id.map(|id| (id, text)));
            }
        }
        Ok(())
    }

    /// Whether every card of the focus queue has been worked in this
    /// session: worked cards come last, so its first card says.
    pub(super) fn queue_done(&self) -> Result<bool> {
        let Some(column) = self
            .columns
            .get(self.col)
            .filter(|_| self.focus_stage.is_some())
        else {
            return Ok(false);
        };
        let db = self.store.read();
        match db
            .cards(column.stage, &self.shown, self.order(), 0, 1)?
            .first()
        {
            Some(first) => db.is_worked(first.client.id),
            None => Ok(false),
        }
    }

    /// The card after the selected one in the current column, if any: where
    /// a focus queue goes once the selected card has been worked.
    pub(super) fn next_card_id(&self) -> Result<Option<i64>> {
        let Some(column) = self.columns.get(self.col) else {
            return Ok(None);
        };
        let next = column.selected + 1;
        if let Some(card) = usize::try_from(next - column.offset)
            .ok()
            .and_then(|i| column.cards.get(i))
        {
            return Ok(Some(card.client.id));
        }
        let cards = self
            .store
            .read()
            .cards(column.stage, &self.shown, self.order(), next, 1)?;
        Ok(cards.first().map(|c| c.client.id))
    }

    /// One tick of the clock: a new day, or changes made elsewhere, reload
    /// the screen. No error here ends the board: it is shown in the footer
    /// and the next tick tries again (a busy database, say).
    pub fn tick(&mut self, now: Now) {
        let result = self
            .beside_ended()
            .and_then(|()| self.set_now(now))
            .and_then(|()| self.refresh_if_changed());
        if let Err(e) = result {
            self.full_reload = true;
            self.data_version = i64::MIN;
            self.fail(&e);
        }
    }

    /// Starts the work that reads the whole base on a connection of its
    /// own, so that no frame waits for it: the rules' pass of a new day
    /// (or a whole sweep) when one is due, then the segments. (A database in memory does
    /// both in the reload, as before.)
    fn start_beside(&mut self) -> Result<()> {
        let Some(location) = self.store.location() else {
            return Ok(());
        };
        let sweeps =
            !self.store.is_read_only() && service::sweep_due(&self.store, self.now, &self.config)?;
        let (now, config) = (self.now, self.config.clone());
        let job = std::thread::spawn(move || {
            let mut store = crate::store::Store::open_at(&location)?;
            if sweeps {
                service::apply_rules(&mut store, now, &config)?;
            }
            service::segment_map(&store, now, config.currency(), config.segments)
        });
        self.beside = Some(Beside { sweeps, job });
        Ok(())
    }

    /// Once the work beside the board has ended: its segments shown, and
    /// the screen read again (the sweep may have added reminders).
    pub fn beside_ended(&mut self) -> Result<()> {
        self.end_beside(false)
    }

    /// Waits for the work beside the board to end, and reloads: for a
    /// caller that needs the rules' reminders and the segments on screen now.
    pub fn settle(&mut self) -> Result<()> {
        self.end_beside(true)
    }

    /// Takes the work beside the board in when it has ended (or, with
    /// `wait`, when it ends).
    fn end_beside(&mut self, wait: bool) -> Result<()> {
        if !self
            .beside
            .as_ref()
            .is_some_and(|b| wait || b.job.is_finished())
        {
            return Ok(());
        }
        let ended = self.beside.take().map(|b| b.job.join());
        let result = match ended {
            Some(Ok(Ok(segments))) => {
                self.segments = segments;
                Ok(())
            }
            Some(Ok(Err(e))) => Err(e),
            // A panic beside: the next reload runs the rules here.
            _ => Ok(()),
        };
        self.reload()?;
        result
    }

    /// Reloads if another process changed the database since the last look.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        if self.store.data_version()? == self.data_version {
            return Ok(false);
        }
        self.full_reload = true;
        self.reload()?;
        Ok(true)
    }

    /// Moves the clock on; a new day reloads with every rule, and so does
    /// a new minute in which a reminder's time came (a call-back promised
    /// for 15:00 is due at the top of the queue then, and overdue in the
    /// pane after).
    pub fn set_now(&mut self, now: Now) -> Result<()> {
        let before = self.now;
        let new_day = now.today() != before.today();
        let new_minute =
            now.utc.timestamp().div_euclid(60) != before.utc.timestamp().div_euclid(60);
        self.now = now;
        let came_due = !new_day
            && new_minute
            && now.utc > before.utc
            && self
                .store
                .read()
                .reminder_came_due(now.today(), before.utc, now.utc)?;
        if new_day || came_due {
            self.full_reload = true;
            self.reload()?;
        }
        Ok(())
    }

    /// Adapts to a new screen height (cards per column).
    pub fn set_card_rows(&mut self, rows: usize) -> Result<()> {
        let rows = rows.max(1);
        if rows != self.card_rows {
            self.card_rows = rows;
            self.reload()?;
        }
        Ok(())
    }
}
