//! Keys inside pop-ups: help, snooze, search, forms; and saving a form.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Notice, Popup, Purpose, SEARCH_RESULTS, SEARCH_STEP, Search};
use crate::domain::{CallOutcome, Client, When};
use crate::error::Result;
use crate::i18n;
use crate::i18n::board::texts;
use crate::service;
use crate::tui::action::Action;
use crate::tui::form::{Form, FormEvent};
use crate::tui::keymap;

impl App {
    /// A key in a pop-up goes to that pop-up's handler; each returns the
    /// pop-up to show next (`None` closes it).
    pub(super) fn handle_popup(&mut self, popup: Popup, key: KeyEvent) -> Option<Popup> {
        // A choice's keys mean the same in the Russian layout; text typed
        // into the search or a form keeps its letters.
        let key = match popup {
            Popup::Search(_) | Popup::Form(..) => key,
            _ => keymap::latin(key),
        };
        match popup {
            // Closed as it was opened (the help's key, moved or not), or by
            // Esc, Enter or the quit key.
            Popup::Help => match (key.code, self.keys.action_for(&key, self.scope())) {
                (KeyCode::Esc | KeyCode::Enter, _) | (_, Some(Action::Help | Action::Quit)) => None,
                _ => Some(Popup::Help),
            },
            Popup::Snooze(rid) => self.snooze_key(rid, key),
            Popup::Outcome(id) => self.outcome_key(id, key),
            Popup::LossReason(id) => self.loss_key(id, key),
            Popup::ImportPreview(preview) => self.preview_key(preview, key),
            Popup::Duplicate(choice) => self.duplicate_key(choice, key),
            Popup::Search(search) => self.search_key(search, key),
            Popup::Form(form, purpose) => self.form_key(form, purpose, key),
        }
    }

    /// `1`, `3`, `w`: that many days on; `t`: a day typed.
    fn snooze_key(&mut self, rid: i64, key: KeyEvent) -> Option<Popup> {
        let days = match key.code {
            KeyCode::Char('1') => 1,
            KeyCode::Char('3') => 3,
            KeyCode::Char('w') => 7,
            KeyCode::Char('t') => {
                let t = texts(self.lang);
                let form = Form::new(t.snooze_date_title, &[(t.when, "")]);
                return Some(Popup::Form(form, Purpose::SnoozeTo(rid)));
            }
            KeyCode::Esc | KeyCode::Char('q') => return None,
            _ => return Some(Popup::Snooze(rid)),
        };
        let when = When::Day(self.now.today() + chrono::Duration::days(days));
        self.snooze(rid, when);
        None
    }

    /// A call's outcome by its digit; those that need words open a form.
    fn outcome_key(&mut self, id: i64, key: KeyEvent) -> Option<Popup> {
        let t = texts(self.lang);
        let name = self.client_name(id);
        let titled = |title: &str| format!("{title} — {name}");
        let (outcome, form) = match key.code {
            KeyCode::Char('1') => (Some(CallOutcome::NoAnswer), None),
            KeyCode::Char('2') => (
                None,
                Some((
                    titled(t.call_back_title),
                    // When first: a call-back is a time, said on the
                    // phone and typed at once; what about, after Tab.
                    vec![(t.when, t.default_when), (t.text, "")],
                    Purpose::CallBack(id),
                )),
            ),
            KeyCode::Char('3') => (Some(CallOutcome::Interested), None),
            KeyCode::Char('4') => (
                None,
                Some((
                    titled(t.not_target_title),
                    vec![(t.reason, i18n::not_target(self.lang))],
                    Purpose::NotTarget(id),
                )),
            ),
            KeyCode::Char('t') => (
                None,
                Some((titled(t.call_title), vec![(t.text, "")], Purpose::Call(id))),
            ),
            // No answer there: the client's next number, the same call
            // (the dial key in force).
            _ if self.keys.means(&key, Action::Dial)
                && self.calling.as_ref().is_some_and(|c| c.numbers > 1) =>
            {
                if let Err(e) = self.dial_next(id) {
                    self.fail(&e);
                }
                return Some(Popup::Outcome(id));
            }
            KeyCode::Esc | KeyCode::Char('q') => return None,
            _ => return Some(Popup::Outcome(id)),
        };
        if let Some((title, fields, purpose)) = form {
            // Their words (tomorrow 10:00, not a target) are suggestions:
            // what is typed replaces them, Enter keeps them.
            return Some(Popup::Form(
                Form::new(title, &fields).suggesting_all(),
                purpose,
            ));
        }
        match outcome {
            Some(outcome) => self.call_outcome(id, outcome, None, None),
            None => None,
        }
    }

    /// A loss reason by its digit (the base's own most frequent), or typed.
    fn loss_key(&mut self, id: i64, key: KeyEvent) -> Option<Popup> {
        let reasons = self.loss_reasons();
        let chosen = match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() => {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                n.checked_sub(1).and_then(|i| reasons.get(i)).cloned()
            }
            KeyCode::Char('t') => {
                let t = texts(self.lang);
                let name = self.client_name(id);
                let title = format!("{} — {name}", t.lose_title);
                let form = Form::new(title, &[(t.reason, ""), (t.back_on, "")]);
                return Some(Popup::Form(form, Purpose::Lose(id)));
            }
            KeyCode::Esc | KeyCode::Char('q') => return None,
            _ => return Some(Popup::LossReason(id)),
        };
        if let Some(reason) = chosen {
            let done = self.queue_moves_on().and_then(|()| {
                service::lose(&mut self.store, self.now, id, &reason)?;
                self.pane_moves_on();
                self.reload()?;
                self.tell(texts(self.lang).lost_done);
                self.run_robots(&[service::RobotEvent::Lost], id)
            });
            if let Err(e) = done {
                self.fail(&e);
            }
            return None;
        }
        Some(Popup::LossReason(id))
    }

    /// The search box: typing narrows, arrows choose, Enter jumps (or,
    /// when nobody matches, adds a client with what was typed).
    fn search_key(&mut self, mut search: Search, key: KeyEvent) -> Option<Popup> {
        match key.code {
            KeyCode::Esc => None,
            KeyCode::Enter => {
                if let Some(c) = search.results.get(search.selected) {
                    let id = c.id;
                    if let Err(e) = self.jump_to(id) {
                        self.fail(&e);
                    }
                    None
                } else if search.finder.done() && !search.query.trim().is_empty() {
                    // Nobody: a new client with what was typed.
                    Some(self.add_form_with(&search.query))
                } else {
                    Some(Popup::Search(search))
                }
            }
            KeyCode::Down | KeyCode::Tab => {
                search.selected = (search.selected + 1).min(search.results.len().saturating_sub(1));
                Some(Popup::Search(search))
            }
            KeyCode::Up | KeyCode::BackTab => {
                search.selected = search.selected.saturating_sub(1);
                Some(Popup::Search(search))
            }
            KeyCode::Backspace => {
                search.query.pop();
                self.run_search(&mut search);
                Some(Popup::Search(search))
            }
            KeyCode::Char(c) => {
                search.query.push(c);
                self.run_search(&mut search);
                Some(Popup::Search(search))
            }
            _ => Some(Popup::Search(search)),
        }
    }

    /// A form's keys; on submit it is saved, or stays open with the error.
    fn form_key(&mut self, mut form: Form, purpose: Purpose, key: KeyEvent) -> Option<Popup> {
        match form.handle(key) {
            FormEvent::Cancel => None,
            FormEvent::Editing => Some(Popup::Form(form, purpose)),
            FormEvent::Submit => match self.submit(&form, purpose) {
                // A form may lead to another window (an import's preview).
                Ok(()) => self.popup.take(),
                Err(e) => {
                    form.error = Some(e.message(self.lang));
                    Some(Popup::Form(form, purpose))
                }
            },
        }
    }

    /// Runs the robots waiting for `events` on client `id` after a change
    /// made here; a failure takes the footer (it is on the timeline too).
    pub(super) fn run_robots(&mut self, events: &[service::RobotEvent], id: i64) -> Result<()> {
        if self.config.robots.is_empty() || events.is_empty() {
            return Ok(());
        }
        let client = self.store.read().client(id)?;
        let robots = self.config.robots.clone();
        let mut failed = None;
        for event in events {
            let at = (self.now, self.lang);
            for f in service::fire_robots(&mut self.store, at, &robots, *event, &client)? {
                failed = Some(i18n::robot_failed(self.lang, &f.program, &f.failure));
            }
        }
        self.reload()?;
        if let Some(text) = failed {
            self.notice = Some(Notice { text, error: true });
        }
        Ok(())
    }

    /// Starts the search for the query as it now reads: the first chunk
    /// of it within this keystroke, the rest between keystrokes.
    pub(super) fn run_search(&mut self, search: &mut Search) {
        search.finder = service::Finder::new(&search.query, SEARCH_RESULTS);
        search.selected = 0;
        self.search_step(search);
    }

    /// Reads on in the open search for a while, if it is not done.
    pub fn search_goes_on(&mut self) {
        if let Some(Popup::Search(search)) = &mut self.popup
            && !search.finder.done()
        {
            let mut search = std::mem::take(search);
            self.search_step(&mut search);
            self.popup = Some(Popup::Search(search));
        }
    }

    /// Whether a search is under way (the board keeps it going instead of
    /// waiting for a key).
    pub fn searching(&self) -> bool {
        matches!(&self.popup, Some(Popup::Search(s)) if !s.finder.done())
    }

    fn search_step(&mut self, search: &mut Search) {
        let found = (|| -> Result<Option<Vec<Client>>> {
            let db = self.store.read();
            search.finder.go_on(&db, SEARCH_STEP)?;
            let ids = search.finder.ids();
            // Most steps of a long search change nothing on the list.
            if search.results.iter().map(|c| c.id).eq(ids.iter().copied()) {
                return Ok(None);
            }
            db.clients_by_id(&ids).map(Some)
        })();
        match found {
            Ok(None) => {}
            Ok(Some(results)) => {
                let selected = search.results.get(search.selected).map(|c| c.id);
                search.results = results;
                // The selection stays on its client while results come in.
                search.selected = selected
                    .and_then(|id| search.results.iter().position(|c| c.id == id))
                    .unwrap_or(0);
            }
            Err(e) => {
                search.finder = service::Finder::default();
                self.fail(&e);
            }
        }
    }

    /// Logs a call outcome; "interested" at the last station opens the
    /// invoice form, the next step of a repeat sale.
    fn call_outcome(
        &mut self,
        id: i64,
        outcome: CallOutcome,
        text: Option<&str>,
        when: Option<When>,
    ) -> Option<Popup> {
        match self.log_outcome(id, outcome, text, when) {
            Ok((line, logged)) => {
                self.tell(line);
                if let Err(e) = self.run_robots(&service::after_call(&logged), id) {
                    self.fail(&e);
                }
                if logged.give_up {
                    return Some(self.unreachable_form(&logged));
                }
                if let Some(to) = logged.moved_to {
                    return self.next_step_form(id, to).unwrap_or_else(|e| {
                        self.fail(&e);
                        None
                    });
                }
                logged.wants_order.then(|| self.invoice_form(id)).flatten()
            }
            Err(e) => {
                self.fail(&e);
                None
            }
        }
    }

    /// The cadence tried as often as it tries: the loss form, its reason
    /// said ("unreachable: no answer 5 times"); Esc keeps the card and its
    /// retry.
    fn unreachable_form(&self, logged: &service::CallLogged) -> Popup {
        let t = texts(self.lang);
        let title = format!("{} — {}", t.lose_title, logged.client.name);
        let attempt = logged.attempts.unwrap_or(1);
        let reason = i18n::tr_args(
            self.lang,
            "call-unreachable",
            crate::args![attempt = attempt],
        );
        let form = Form::new(title, &[(t.reason, &reason), (t.back_on, "")]).suggesting(0);
        Popup::Form(form, Purpose::Lose(logged.client.id))
    }

    /// The invoice form for client `id`.
    pub(super) fn invoice_form(&self, id: i64) -> Option<Popup> {
        let t = texts(self.lang);
        let (client, bare) = self.client_and_currency(id).ok()?;
        let default = self.config.currency();
        // An amount typed bare is in the client's currency: named in the
        // title when it is not the usual one.
        let title = match bare == default {
            true => format!("{} — {}", t.invoice_title, client.name),
            false => format!("{} — {} · {bare}", t.invoice_title, client.name),
        };
        // The expected deal is the invoice's first guess.
        let amount = client
            .value()
            .map(|v| super::reports::typed_money(&v, default))
            .unwrap_or_default();
        let form = Form::new(title, &[(t.amount, &amount), (t.date, t.today_word)]).suggesting(0);
        Some(Popup::Form(form, Purpose::Invoice(id)))
    }

    pub(super) fn log_outcome(
        &mut self,
        id: i64,
        outcome: CallOutcome,
        text: Option<&str>,
        when: Option<When>,
    ) -> Result<(String, service::CallLogged)> {
        self.queue_moves_on()?;
        let call = service::Call {
            outcome,
            text,
            when,
            duration_secs: self
                .dialled
                .take()
                .filter(|(dialled, _)| *dialled == id)
                .map(|(_, at)| at.elapsed().as_secs() as i64),
        };
        let cadence = self.config.calls.cadence();
        let logged = service::log_call(&mut self.store, self.now, id, call, self.lang, &cadence)?;
        self.pane_moves_on();
        if self.focus_stage.is_some() {
            self.store.read().mark_worked(id)?;
        }
        self.reload()?;
        let who = i18n::who(&logged.client);
        let mut line = crate::present::call_logged(self.lang, &who, &logged, self.now.today());
        if self.queue_done()? {
            line = format!(
                "{line} · {}",
                self.naming_key("board-queue-done", Action::Back)
            );
        }
        Ok((line, logged))
    }

    fn snooze(&mut self, rid: i64, when: When) {
        let result = service::snooze(&mut self.store, rid, when);
        if result.is_ok() {
            self.pane_moves_on();
        }
        match result.and_then(|r| self.reload().map(|()| r)) {
            Ok(r) => self.tell(i18n::snoozed(self.lang, &r, self.now.today())),
            Err(e) => self.fail(&e),
        }
    }
}
