//! Keys inside pop-ups: help, snooze, search, forms; and saving a form.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Notice, Popup, Purpose, SEARCH_RESULTS, SEARCH_STEP, Search};
use crate::domain::model::{join_phones, other_phones};
use crate::domain::money::parse_money;
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{ActivityKind, CallOutcome, Client, Money, NewClient, Stage, When};
use crate::error::{Error, Result};
use crate::i18n;
use crate::i18n::board::texts;
use crate::i18n::format::due_text;
use crate::service;
use crate::tui::form::{Form, FormEvent};
use crate::tui::search;

impl App {
    /// A key in a pop-up goes to that pop-up's handler; each returns the
    /// pop-up to show next (`None` closes it).
    pub(super) fn handle_popup(&mut self, popup: Popup, key: KeyEvent) -> Option<Popup> {
        match popup {
            Popup::Help => match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter => None,
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
                    vec![(t.text, ""), (t.when, t.default_when)],
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
            // No answer there: the client's next number, the same call.
            KeyCode::Char('D') if self.calling.as_ref().is_some_and(|c| c.numbers > 1) => {
                if let Err(e) = self.dial_next(id) {
                    self.fail(&e);
                }
                return Some(Popup::Outcome(id));
            }
            KeyCode::Esc | KeyCode::Char('q') => return None,
            _ => return Some(Popup::Outcome(id)),
        };
        if let Some((title, fields, purpose)) = form {
            return Some(Popup::Form(Form::new(title, &fields), purpose));
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

    /// The search box: typing narrows, arrows choose, Enter jumps.
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
            for f in service::fire_robots(&mut self.store, self.now, &robots, *event, &client)? {
                let what = service::describe_robot_failure(&f.failure);
                failed = Some(i18n::robot_failed(self.lang, &f.program, &what));
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
        search.finder = search::Finder::new(&search.query, SEARCH_RESULTS);
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
                search.finder = search::Finder::default();
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
        let client = self.store.read().client(id).ok()?;
        let default = self.config.currency();
        // An amount typed bare is in the client's currency: named in the
        // title when it is not the usual one.
        let bare = service::bare_currency(&self.store.read(), id, default).ok()?;
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

    fn log_outcome(
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
        let mut line = crate::present::call_logged(self.lang, &who, &logged);
        if self.queue_done()? {
            line = format!("{line} · {}", texts(self.lang).queue_done);
        }
        Ok((line, logged))
    }

    fn snooze(&mut self, rid: i64, when: When) {
        let result = service::snooze(&mut self.store, rid, when);
        if result.is_ok() {
            self.pane_moves_on();
        }
        match result.and_then(|r| self.reload().map(|()| r)) {
            Ok(r) => self.tell(i18n::snoozed(self.lang, r.id, &due_text(&r))),
            Err(e) => self.fail(&e),
        }
    }

    /// Saves a form through the services; an error keeps the form open.
    /// A new client from the form; the board jumps to its card.
    fn submit_add(&mut self, form: &Form) -> Result<()> {
        let referred_by = match form.optional(6) {
            None => None,
            Some(r) => Some(
                r.trim_start_matches('#')
                    .parse::<i64>()
                    .map_err(|_| Error::BadClientRef(r.clone()))?,
            ),
        };
        let (value, expected_on) = self.deal_fields(form, 7, None)?;
        let new = NewClient {
            stage: Some(Stage::parse(form.value(5)).map_err(Error::from)?),
            referred_by,
            value,
            expected_on,
            ..client_fields(form)
        };
        self.add_or_ask(form, new)
    }

    /// An order paid on the day given; a first payment may promote the
    /// client to the farmer, and the robots hear of it.
    fn submit_paid(&mut self, form: &Form, oid: i64) -> Result<()> {
        self.segments_stale = true;
        let on = parse_date(form.value(0), self.now.local)?;
        let paid = service::pay(&mut self.store, self.now, oid, on)?;
        self.reload()?;
        let amount = i18n::money(self.lang, paid.order.amount_minor, &paid.order.currency);
        let promoted = paid.promoted.then(|| i18n::who(&paid.client));
        let line = i18n::order_paid(self.lang, oid, &amount, promoted.as_deref());
        self.tell(line);
        self.run_robots(&service::after_payment(&paid), paid.client.id)
    }

    /// Saves a submitted form for what it was opened for.
    /// A client's fields changed; those the form does not show (tags) stay
    /// as they are.
    fn submit_edit(&mut self, form: &Form, id: i64) -> Result<()> {
        let (value, expected_on) = self.deal_fields(form, 6, Some(id))?;
        let region = self.config.region();
        service::patch_typed(&mut self.store, self.now, id, region, |c| {
            *c = NewClient {
                notes: form.optional(5),
                value,
                expected_on,
                tags: c.tags.take(),
                ..client_fields(form)
            };
        })?;
        self.saved(texts(self.lang).saved)
    }

    /// An invoice of the amount given (the expected deal's, as the form
    /// first said it, or another: without a currency, in the client's).
    fn submit_invoice(&mut self, form: &Form, id: i64) -> Result<()> {
        let (deal, bare) = {
            let read = self.store.read();
            let bare = service::bare_currency(&read, id, self.config.currency())?;
            (read.client(id)?.value(), bare)
        };
        let amount = self.money_field(form.value(0), deal, Some(&bare))?;
        let on = parse_date(form.value(1), self.now.local)?;
        service::invoice(&mut self.store, self.now, id, &amount, on)?;
        self.saved(texts(self.lang).invoiced)
    }

    fn submit(&mut self, form: &Form, purpose: Purpose) -> Result<()> {
        let t = texts(self.lang);
        let now = self.now;
        match purpose {
            Purpose::Add => self.submit_add(form),
            Purpose::Import => self.submit_import(form),
            Purpose::Paid(oid) => self.submit_paid(form, oid),
            Purpose::Edit(id) => self.submit_edit(form, id),
            Purpose::Call(id) | Purpose::Note(id) => {
                let kind = match purpose {
                    Purpose::Call(_) => ActivityKind::Call,
                    _ => ActivityKind::parse_loggable(form.value(1))?,
                };
                let text = form.optional(0);
                service::log_activity(&mut self.store, now, id, kind, text.as_deref(), None)?;
                self.saved(t.logged)
            }
            Purpose::Remind(id) => {
                let when = parse_when(form.value(1), now.local)?;
                service::remind(&mut self.store, now, Some(id), form.value(0), when)?;
                self.saved(t.reminder_added)
            }
            Purpose::Invoice(id) => self.submit_invoice(form, id),
            Purpose::Plan(days) => {
                let message = self.save_plan(form, days)?;
                self.reload()?;
                self.tell(message);
                Ok(())
            }
            Purpose::Assign(id) => {
                let done = service::assign(&mut self.store, now, id, form.value(0).trim())?;
                self.reload()?;
                let args = crate::args![id = id, name = done.name, login = done.to];
                self.tell(i18n::tr_args(self.lang, "assigned", args));
                Ok(())
            }
            Purpose::Lose(id) => {
                // With a day to come back, when one is given.
                let back = form
                    .optional(1)
                    .map(|w| parse_date(&w, now.local))
                    .transpose()?;
                service::lose_until(&mut self.store, now, id, form.value(0), back)?;
                self.pane_moves_on();
                self.reload()?;
                self.tell(t.lost_done);
                self.run_robots(&[service::RobotEvent::Lost], id)
            }
            Purpose::CallBack(id) => {
                let when = parse_when(form.value(1), now.local)?;
                let text = form.optional(0);
                let (line, _) =
                    self.log_outcome(id, CallOutcome::CallBack, text.as_deref(), Some(when))?;
                self.tell(line);
                Ok(())
            }
            Purpose::NotTarget(id) => {
                let text = form.optional(0);
                let (line, logged) =
                    self.log_outcome(id, CallOutcome::NotTarget, text.as_deref(), None)?;
                self.tell(line);
                self.run_robots(&service::after_call(&logged), id)
            }
            Purpose::EditReminder(rid) => {
                let when = parse_when(form.value(1), now.local)?;
                let text = Some(form.value(0));
                let r = service::edit_reminder(&mut self.store, rid, text, Some(when))?;
                self.rescheduled(&r)
            }
            Purpose::SnoozeTo(rid) => {
                let when = parse_when(form.value(0), now.local)?;
                let r = service::snooze(&mut self.store, rid, when)?;
                self.rescheduled(&r)
            }
        }
    }

    /// After a change a fixed word sums up: the board read again, the word
    /// in the footer.
    fn saved(&mut self, message: &str) -> Result<()> {
        self.reload()?;
        self.notice = Some(Notice {
            text: message.to_string(),
            error: false,
        });
        Ok(())
    }

    /// After a reminder's day changed: the board read again, its new day
    /// in the footer.
    fn rescheduled(&mut self, r: &crate::domain::Reminder) -> Result<()> {
        self.reload()?;
        self.tell(i18n::snoozed(self.lang, r.id, &due_text(r)));
        Ok(())
    }
}

/// Name, company, phone, email and source: the first five fields of the
/// add and edit forms.
impl App {
    /// The expected deal of a form's fields `at` (value) and `at + 1` (day),
    /// for `client` (none: a new one).
    fn deal_fields(
        &self,
        form: &Form,
        at: usize,
        client: Option<i64>,
    ) -> Result<(Option<Money>, Option<chrono::NaiveDate>)> {
        let value = match form.optional(at) {
            None => None,
            // A new value without a currency is in the client's: its
            // deal's, else its newest order's.
            Some(text) => {
                let (before, bare) = match client {
                    Some(id) => {
                        let read = self.store.read();
                        let bare = service::bare_currency(&read, id, self.config.currency())?;
                        (read.client(id)?.value(), Some(bare))
                    }
                    None => (None, None),
                };
                Some(self.money_field(&text, before, bare.as_deref())?)
            }
        };
        let day = form
            .optional(at + 1)
            .map(|w| parse_date(&w, self.now.local))
            .transpose()?;
        Ok((value, day))
    }

    /// Money typed into a form that showed `shown` (`typed_money`): as it
    /// was when left as shown, else in the currency written with it, else
    /// in `bare`'s (`None`: the default one).
    fn money_field(&self, text: &str, shown: Option<Money>, bare: Option<&str>) -> Result<Money> {
        let default = self.config.currency();
        match shown {
            Some(v) if text.trim() == super::reports::typed_money(&v, default) => Ok(v),
            _ => Ok(parse_money(text, None, bare.unwrap_or(default))?),
        }
    }
}

fn client_fields(form: &Form) -> NewClient {
    // The phone field holds every number, the one to dial first.
    let mut phones = other_phones(Some(form.value(2)));
    NewClient {
        name: form.value(0).to_string(),
        company: form.optional(1),
        phone: phones.next().map(str::to_string),
        other_phones: join_phones(phones),
        email: form.optional(3),
        source: form.optional(4),
        ..NewClient::default()
    }
}
