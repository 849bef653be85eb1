//! Calls, meetings, e-mails and notes, and what a call's outcome sets off.

use chrono::NaiveDate;
use serde::Serialize;

use super::Now;
use super::clients::{lose_in, move_in};
use super::reminders::due_of;
use crate::domain::rules::Cadence;
use crate::domain::{
    Activity, ActivityKind, CallOutcome, Client, DomainError, ReminderOrigin, Stage, StageTarget,
    Status, When,
};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{NewReminder, Store, WriteDb};

/// A contact answers what was waiting for it: the retries and call-backs,
/// the reactivation sweep, and the manual and payment-chasing reminders
/// due by today. Notes are not contacts and close nothing.
fn close_answered(db: &WriteDb, now: Now, id: i64) -> Result<()> {
    use ReminderOrigin as O;
    let whenever = [O::Retry, O::CallBack, O::Reactivation];
    db.close_client_reminders(id, &whenever, None, now.utc, None)?;
    db.close_client_reminders(id, &[O::Manual, O::Chase], Some(now.today()), now.utc, None)?;
    Ok(())
}

/// Logs a call, meeting, email or note on a client's timeline; a contact
/// closes the reminders it answers. An `outcome` is only recorded (the demo
/// writes history this way); [`log_call`] acts on one.
pub fn log_activity(
    store: &mut Store,
    now: Now,
    id: i64,
    kind: ActivityKind,
    text: Option<&str>,
    outcome: Option<CallOutcome>,
) -> Result<Client> {
    if outcome.is_some() && kind != ActivityKind::Call {
        return Err(Error::OutcomeNotForCall);
    }
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    store.write(|db| {
        let client = db.client(id)?;
        let mut entry = Activity::new(id, now.utc, kind).with_text(text);
        entry.outcome = outcome.map(|o| o.key().to_string());
        db.insert_activity(&entry)?;
        if kind.is_contact() && client.status == Status::Active {
            close_answered(db, now, id)?;
        }
        Ok(client)
    })
}

/// What a logged call outcome did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallLogged {
    pub client: Client,
    pub outcome: CallOutcome,
    /// Unanswered calls in this stage so far (for no-answer).
    pub attempts: Option<i64>,
    /// The reminder the outcome created (retry or call-back).
    pub reminder: Option<i64>,
    /// The stage move an "interested" made.
    pub moved_to: Option<Stage>,
    /// Whom that move handed the card to (team mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handed_to: Option<String>,
    /// "Interested" at the last station: nothing to move, the next step
    /// is an order (the board opens the invoice form).
    pub wants_order: bool,
    /// "Interested" before the first payment where an invoice waits for
    /// its payment: that invoice (its id, amount in minor units and
    /// currency) is the next step, not another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpaid: Option<(i64, i64, String)>,
    /// No answer: the day of the retry, by the cadence.
    pub retry_on: Option<NaiveDate>,
    /// No answer, and as many times as the cadence tries: offer the loss.
    pub give_up: bool,
    /// A call-back asked by a lost client: the day it comes back.
    pub back_on: Option<NaiveDate>,
    /// A call-back: when it is due (local; its reminder is in `reminder`).
    #[serde(skip)]
    pub call_back: Option<When>,
}

impl CallLogged {
    /// A call to `client` with `outcome`, before what it sets off.
    fn of(client: &Client, outcome: CallOutcome) -> CallLogged {
        CallLogged {
            client: client.clone(),
            outcome,
            attempts: None,
            reminder: None,
            moved_to: None,
            handed_to: None,
            wants_order: false,
            unpaid: None,
            retry_on: None,
            give_up: false,
            back_on: None,
            call_back: None,
        }
    }
}

/// What an "interested" call sets off: the move to the next station; but
/// the farmer's is reached by a first payment alone, so before it the
/// invoice still unpaid (if any, else a new order) is the next step, and
/// at the farmer's a repeat order.
fn interested(db: &WriteDb, now: Now, client: &Client, logged: &mut CallLogged) -> Result<()> {
    match db.conveyor()?.resolve(client.stage, StageTarget::Next) {
        Ok(to) if to != Stage::Farmer => {
            move_in(db, now.utc, client, to, None)?;
            logged.moved_to = Some(to);
        }
        Ok(_) => {
            let orders = db.client_orders(client.id)?;
            let unpaid = orders.into_iter().find(crate::domain::Order::waits);
            logged.unpaid = unpaid.map(|o| (o.id, o.amount_minor, o.currency));
            logged.wants_order = logged.unpaid.is_none();
        }
        Err(DomainError::NoNextStage(_)) => logged.wants_order = true,
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// The call on the client's timeline: its outcome, the person's words, how
/// long it took when dialled from here.
fn call_entry(
    db: &WriteDb,
    now: Now,
    id: i64,
    outcome: CallOutcome,
    text: Option<&str>,
    duration_secs: Option<i64>,
) -> Result<()> {
    let mut entry = Activity::new(id, now.utc, ActivityKind::Call).with_text(text);
    entry.outcome = Some(outcome.key().to_string());
    entry.duration_secs = duration_secs.filter(|s| *s >= 0);
    db.insert_activity(&entry)?;
    Ok(())
}

/// A lost client asked to be called back: the call is logged and the day
/// of the call-back becomes the day to come back (`lose --back`); the
/// client stays lost until then.
fn call_back_lost(
    db: &WriteDb,
    now: Now,
    client: &Client,
    text: Option<&str>,
    when: When,
    duration_secs: Option<i64>,
) -> Result<CallLogged> {
    let day = when.date();
    if day <= now.today() {
        return Err(Error::BackInThePast(day));
    }
    call_entry(
        db,
        now,
        client.id,
        CallOutcome::CallBack,
        text,
        duration_secs,
    )?;
    db.set_back(client.id, Some(day))?;
    let mut logged = CallLogged::of(&db.client(client.id)?, CallOutcome::CallBack);
    logged.back_on = Some(day);
    Ok(logged)
}

/// A call as a person logs it: its outcome, their words, and for a
/// call-back when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call<'a> {
    pub outcome: CallOutcome,
    pub text: Option<&'a str>,
    pub when: Option<When>,
    /// Dialled from konveyer: seconds from dialling to this outcome.
    pub duration_secs: Option<i64>,
}

/// Logs a call and acts on its outcome, all in one transaction. The call is
/// always logged and closes the reminders it answers (see `close_answered`);
/// then: no answer → a retry on the next working day (attempts counted);
/// call back → a call-back at `when`, replacing any earlier one;
/// interested → the next station (before the farmer's, which a first
/// payment leads into: the payment of the invoice still unpaid, else an
/// order, is the next step; at the last, an order); not a target → lost,
/// with `text` (or "not a target") as the reason.
pub fn log_call(
    store: &mut Store,
    now: Now,
    id: i64,
    call: Call,
    lang: Lang,
    cadence: &Cadence,
) -> Result<CallLogged> {
    let Call {
        outcome,
        text,
        when,
        duration_secs,
    } = call;
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if outcome == CallOutcome::CallBack && when.is_none() {
        return Err(Error::CallBackNeedsWhen);
    }
    store.write(|db| {
        let client = db.client(id)?;
        if client.status == Status::Lost {
            // A lost client who asks to be called later comes back then.
            return match (outcome, when) {
                (CallOutcome::CallBack, Some(when)) => {
                    call_back_lost(db, now, &client, text, when, duration_secs)
                }
                _ => Err(Error::ClientLost(id)),
            };
        }
        call_entry(db, now, id, outcome, text, duration_secs)?;
        close_answered(db, now, id)?;
        let mut logged = CallLogged::of(&client, outcome);
        let reminder = |text: &str, when: When, origin, count| {
            let (due_on, due_at) = due_of(when);
            let client_id = Some(id);
            let new = NewReminder {
                client_id,
                text,
                due_on,
                due_at,
                origin,
                order_id: None,
                count,
            };
            db.insert_reminder(&new, now.utc)
        };
        match (outcome, when) {
            (CallOutcome::NoAnswer, _) => {
                let attempts = db.unanswered_calls_since(id, client.stage_since)?;
                let on = cadence.retry_on(now.today(), attempts);
                let due = When::Day(on);
                logged.reminder = Some(reminder("", due, ReminderOrigin::Retry, Some(attempts))?);
                logged.attempts = Some(attempts);
                logged.retry_on = Some(on);
                logged.give_up = cadence.gives_up(attempts);
            }
            (CallOutcome::CallBack, Some(when)) => {
                let note = text.unwrap_or_default();
                logged.reminder = Some(reminder(note, when, ReminderOrigin::CallBack, None)?);
                logged.call_back = Some(when);
            }
            (CallOutcome::CallBack, None) => return Err(Error::CallBackNeedsWhen),
            (CallOutcome::Interested, _) => interested(db, now, &client, &mut logged)?,
            (CallOutcome::NotTarget, _) => {
                let reason = text.unwrap_or(crate::i18n::not_target(lang));
                lose_in(db, now, &client, reason)?;
            }
        }
        logged.client = db.client(id)?;
        logged.handed_to =
            (logged.client.owner.clone()).filter(|_| logged.client.owner != client.owner);
        Ok(logged)
    })
}
