//! Saving a submitted form: each purpose through its service, and the
//! fields the add, edit and invoice forms share (a client's contacts, an
//! expected deal, money typed with or without its currency).

use super::{App, Notice, Purpose};
use crate::domain::model::first_and_others;
use crate::domain::money::parse_money;
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{ActivityKind, CallOutcome, Client, Money, NewClient, Stage};
use crate::error::{Error, Result};
use crate::i18n;
use crate::i18n::board::texts;
use crate::service;
use crate::tui::form::Form;

impl App {
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

    /// An invoice withdrawn, with the reason typed (if any).
    fn submit_cancel(&mut self, form: &Form, oid: i64) -> Result<()> {
        let reason = form.optional(0);
        let (order, client) =
            service::cancel_invoice(&mut self.store, self.now, oid, reason.as_deref())?;
        self.reload()?;
        self.tell(i18n::order_cancelled(
            self.lang,
            &order,
            &i18n::who(&client),
        ));
        Ok(())
    }

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
        let (client, bare) = self.client_and_currency(id)?;
        let amount = self.money_field(form.value(0), client.value(), Some(&bare))?;
        let on = parse_date(form.value(1), self.now.local)?;
        service::invoice(&mut self.store, self.now, id, &amount, on)?;
        self.saved(texts(self.lang).invoiced)
    }

    /// Saves a submitted form for what it was opened for, through the
    /// services; an error keeps the form open.
    pub(super) fn submit(&mut self, form: &Form, purpose: Purpose) -> Result<()> {
        let t = texts(self.lang);
        let now = self.now;
        match purpose {
            Purpose::Add => self.submit_add(form),
            Purpose::Import => self.submit_import(form),
            Purpose::Paid(oid) => self.submit_paid(form, oid),
            Purpose::Cancel(oid) => self.submit_cancel(form, oid),
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
                let when = parse_when(form.value(0), now.local)?;
                let text = form.optional(1);
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
        self.tell(i18n::snoozed(self.lang, r, self.now.today()));
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
                        let (client, bare) = self.client_and_currency(id)?;
                        (client.value(), Some(bare))
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

    /// Client `id`, and the currency an amount typed for it without one is
    /// in ([`service::bare_currency`]).
    pub(super) fn client_and_currency(&self, id: i64) -> Result<(Client, String)> {
        let read = self.store.read();
        let client = read.client(id)?;
        let bare = service::bare_currency(&read, &client, self.config.currency())?;
        Ok((client, bare))
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
    let (phone, other_phones) = first_and_others(form.value(2), None);
    NewClient {
        name: form.value(0).to_string(),
        company: form.optional(1),
        phone,
        other_phones,
        email: form.optional(3),
        source: form.optional(4),
        ..NewClient::default()
    }
}
