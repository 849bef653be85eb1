//! The forms an action opens, filled from the selection: a new client, an
//! edit, a payment, a hand-over, a reminder's edit.

use super::{App, Popup, Purpose, Screen};
use crate::domain::{ReminderOrigin, Stage, phone};
use crate::error::Result;
use crate::i18n;
use crate::i18n::board::texts;
use crate::tui::action::Action;
use crate::tui::form::Form;

impl App {
    /// `a`: a new client in the selected column's station. From a client's
    /// detail it is a client this one referred (asking for two or three
    /// acquaintances is a step of the sale).
    pub(super) fn add_form(&mut self) {
        self.popup = Some(self.add_form_with(""));
    }

    /// The add form with what was `typed` into a search that found nobody
    /// in its field: a number as the phone, an e-mail as the e-mail, else
    /// the name (a call from a number the base does not know).
    pub(super) fn add_form_with(&self, typed: &str) -> Popup {
        use crate::domain::model::{looks_like_email, looks_like_phone};
        let typed = typed.trim();
        let (mut name, mut phone, mut email) = ("", "", "");
        match typed {
            _ if looks_like_email(typed) => email = typed,
            _ if looks_like_phone(typed) => phone = typed,
            _ => name = typed,
        }
        let t = texts(self.lang);
        let stage = self
            .columns
            .get(self.col)
            .map_or(Stage::Telemarketer, |c| c.stage);
        let referrer = match &self.screen {
            Screen::Detail { detail, .. } => Some(detail.client.clone()),
            _ => None,
        };
        let referred_by = referrer.as_ref().map(|c| format!("#{}", c.id));
        let source = if referrer.is_some() { "referral" } else { "" };
        let fields = [
            (t.name, name),
            (t.company, ""),
            (t.phone, phone),
            (t.email, email),
            (t.source, source),
            (t.stage, &i18n::stage_word(self.lang, stage)),
            (t.referred_by, referred_by.as_deref().unwrap_or_default()),
            (t.value, ""),
            (t.expected, ""),
        ];
        let title = match &referrer {
            Some(c) => format!("{} — {} {}", t.add_title, t.referred_by, c.name),
            None => t.add_title.to_string(),
        };
        Popup::Form(Form::new(title, &fields), Purpose::Add)
    }

    /// `e`: the selected client's fields.
    pub(super) fn edit_form(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let c = self.need_current()?;
        let value = c
            .value()
            .map(|v| super::reports::typed_money(&v, self.config.currency()))
            .unwrap_or_default();
        let expected = c.expected_on.map(|d| d.to_string()).unwrap_or_default();
        // Every number, the one to dial first, as the card shows them.
        let phone = phone::readable_all(c.phones()).unwrap_or_default();
        let fields = [
            (t.name, c.name.as_str()),
            (t.company, c.company.as_deref().unwrap_or_default()),
            (t.phone, &phone),
            (t.email, c.email.as_deref().unwrap_or_default()),
            (t.source, c.source.as_deref().unwrap_or_default()),
            (t.notes, c.notes.as_deref().unwrap_or_default()),
            (t.value, &value),
            (t.expected, &expected),
        ];
        let title = format!("{} — {}", t.edit_title, c.name);
        self.popup = Some(Popup::Form(Form::new(title, &fields), Purpose::Edit(c.id)));
        Ok(())
    }

    /// `p`: the client's oldest unpaid invoice, paid on a day (today by
    /// default); said so when there is none.
    pub(super) fn paid_form(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let Some((o, title)) = self.oldest_waiting(t.paid_title)? else {
            return Ok(());
        };
        let form = Form::new(title, &[(t.date, t.today_word)]);
        self.popup = Some(Popup::Form(form, Purpose::Paid(o)));
        Ok(())
    }

    /// `X`: the oldest invoice waiting for its payment withdrawn, with why.
    pub(super) fn cancel_form(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let title = i18n::tr(self.lang, "board-cancel-title");
        let Some((o, title)) = self.oldest_waiting(&title)? else {
            return Ok(());
        };
        let form = Form::new(title, &[(t.reason, "")]);
        self.popup = Some(Popup::Form(form, Purpose::Cancel(o)));
        Ok(())
    }

    /// The selected client's oldest invoice waiting for its payment, and a
    /// form's title about it (`what — name: #23 ₽272,000`); none (said in
    /// the footer) when there is none.
    fn oldest_waiting(&mut self, what: &str) -> Result<Option<(i64, String)>> {
        let id = self.need_client()?;
        let waiting = self
            .store
            .read()
            .client_orders(id)?
            .into_iter()
            .filter(crate::domain::Order::waits)
            .min_by_key(|o| (o.invoiced_on, o.id));
        let Some(o) = waiting else {
            self.tell(self.naming_key("board-no-unpaid", Action::Invoice));
            return Ok(None);
        };
        let amount = i18n::money(self.lang, o.amount_minor, &o.currency);
        let name = self.need_current()?.name;
        Ok(Some((o.id, format!("{what} — {name}: #{} {amount}", o.id))))
    }

    /// `O` in team mode: the login to give the selected client to.
    pub(super) fn assign_form(&mut self) -> Result<()> {
        if !self.is_team() {
            self.tell(i18n::tr(self.lang, "board-no-team"));
            return Ok(());
        }
        let c = self.need_current()?;
        let title = format!("{} — {}", i18n::tr(self.lang, "board-assign-title"), c.name);
        let label = i18n::fluent::fixed(self.lang, "board-assign-login");
        let owner = c.owner.clone().unwrap_or_default();
        let form = Form::new(title, &[(label, owner.as_str())]);
        self.popup = Some(Popup::Form(form, Purpose::Assign(c.id)));
        Ok(())
    }

    /// `E` on a reminder: its text (a rule's in words) and its due time.
    pub(super) fn edit_reminder_form(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let rid = self.need_reminder()?;
        let r = self.store.read().reminder(rid)?;
        let text = match r.origin {
            ReminderOrigin::Manual => r.text.clone(),
            _ => i18n::format::reminder_text(self.lang, &r),
        };
        let due = i18n::format::due_text(&r);
        let form = Form::new(t.edit_reminder_title, &[(t.text, &text), (t.when, &due)]);
        self.popup = Some(Popup::Form(form, Purpose::EditReminder(rid)));
        Ok(())
    }

    /// After a move forward (`L`, "interested"): the next step at the new
    /// station, unless the client has one already — a reminder form
    /// filled with the station's usual step for tomorrow, which Enter
    /// takes and Esc skips. The farmer's next step is the reactivation
    /// sweep: none is asked there.
    pub(super) fn next_step_form(&self, id: i64, stage: Stage) -> Result<Option<Popup>> {
        if stage == Stage::Farmer {
            return Ok(None);
        }
        let db = self.store.read();
        if db.client_reminders(id)?.iter().any(|r| r.done_at.is_none()) {
            return Ok(None);
        }
        let t = texts(self.lang);
        let name = db.client(id)?.name;
        let title = format!("{} — {name}", i18n::tr(self.lang, "next-step-title"));
        let step = i18n::tr(self.lang, &format!("next-step-{}", stage.key()));
        let form = Form::new(title, &[(t.text, &step), (t.when, t.default_day)])
            .suggesting_all()
            .hinted(i18n::tr(self.lang, "next-step-hint"));
        Ok(Some(Popup::Form(form, Purpose::Remind(id))))
    }
}
