//! The use cases shared by the CLI and the board: the one place where a
//! rule and a write meet, each inside one transaction.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

use crate::domain::rules::RuleSettings;
use crate::domain::{
    Activity, ActivityKind, Bucket, CallOutcome, Client, Money, NewClient, Order, Reminder,
    ReminderOrigin, Stage, StageTarget, Status, WeekStats, When,
};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{NewReminder, Store, WriteDb};

mod rules;
pub use rules::{
    Lapsed, RuleScope, RulesReport, Unpaid, apply_rules, farmer_count, reactivation_list,
    unpaid_list,
};

/// The moment a command acts at, in UTC and in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub utc: DateTime<Utc>,
    pub local: NaiveDateTime,
}

impl Now {
    /// The system clock.
    pub fn system() -> Now {
        let local = Local::now();
        Now {
            utc: local.with_timezone(&Utc),
            local: local.naive_local(),
        }
    }

    /// A local wall-clock moment, in this machine's time zone.
    pub fn from_local(local: NaiveDateTime) -> Now {
        Now {
            utc: local_to_utc(local),
            local,
        }
    }

    /// Parses `KONVEYER_NOW` (`2026-11-25T10:00`, `2026-11-25 10:00`, `2026-11-25`).
    pub fn parse(input: &str) -> Result<Now> {
        let text = input.trim();
        [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
        })
        .map(Now::from_local)
        .ok_or_else(|| Error::BadNow(input.to_string()))
    }

    pub fn today(&self) -> NaiveDate {
        self.local.date()
    }
}

/// A local wall-clock time as a UTC instant (the earlier one in a DST fold,
/// the moment after a DST gap).
pub fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    Local
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// An instant as local wall-clock time.
pub fn utc_to_local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// Adds a client; returns its id.
pub fn add_client(store: &mut Store, now: Now, new: NewClient) -> Result<i64> {
    let new = new.normalized()?;
    store.write(|db| {
        let stage = new.stage.unwrap_or(Stage::Telemarketer);
        if !db.conveyor()?.is_enabled(stage) {
            return Err(Error::StageDisabled(stage));
        }
        let id = db.insert_client(&new, stage, now.utc)?;
        let mut created = Activity::new(id, now.utc, ActivityKind::Created);
        created.to_stage = Some(stage);
        created.text = new.source.clone();
        db.insert_activity(&created)?;
        Ok(id)
    })
}

/// Changes a client's name and contact fields (`fields.stage` is ignored).
pub fn edit_client(store: &mut Store, now: Now, id: i64, fields: NewClient) -> Result<Client> {
    let fields = fields.normalized()?;
    store.write(|db| {
        db.client(id)?;
        db.update_client(id, &fields, now.utc)?;
        db.client(id)
    })
}

/// The figures of the week that contains `now` (weeks start on Monday).
pub fn week_stats(store: &Store, now: Now) -> Result<WeekStats> {
    let monday = now.today().week(chrono::Weekday::Mon).first_day();
    let since = local_to_utc(monday.and_time(chrono::NaiveTime::MIN));
    store.read().week_stats(since, monday)
}

/// A finished stage move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub client: Client,
    pub from: Stage,
    pub to: Stage,
}

fn active_client(db: &WriteDb, id: i64) -> Result<Client> {
    let client = db.client(id)?;
    if client.status == Status::Lost {
        return Err(Error::ClientLost(id));
    }
    Ok(client)
}

fn move_in(db: &WriteDb, now: Now, client: &Client, to: Stage, why: Option<&str>) -> Result<()> {
    db.set_stage(client.id, to, now.utc)?;
    db.insert_activity(&Activity::moved(client.id, now.utc, client.stage, to).with_text(why))?;
    Ok(())
}

/// Moves a client along the conveyor, recording the move on its timeline.
pub fn move_client(store: &mut Store, now: Now, id: i64, target: StageTarget) -> Result<Moved> {
    store.write(|db| {
        let client = active_client(db, id)?;
        let to = db.conveyor()?.resolve(client.stage, target)?;
        move_in(db, now, &client, to, None)?;
        Ok(Moved {
            client: db.client(id)?,
            from: client.stage,
            to,
        })
    })
}

/// Logs a call, meeting, email or note on a client's timeline.
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
}

/// Logs a call and acts on its outcome, all in one transaction. The call
/// fulfils the client's retry reminders and manual ones due by today;
/// then: no answer → a retry reminder the next working day (attempts counted);
/// call back → a reminder at `when`; interested → the next station;
/// not a target → lost, with `text` (or "not a target") as the reason.
pub fn log_call(
    store: &mut Store,
    now: Now,
    id: i64,
    outcome: CallOutcome,
    text: Option<&str>,
    when: Option<When>,
    lang: Lang,
) -> Result<CallLogged> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if outcome == CallOutcome::CallBack && when.is_none() {
        return Err(Error::CallBackNeedsWhen);
    }
    store.write(|db| {
        let client = db.client(id)?;
        if client.status == Status::Lost && outcome != CallOutcome::CallBack {
            return Err(Error::ClientLost(id));
        }
        let mut entry = Activity::new(id, now.utc, ActivityKind::Call).with_text(text);
        entry.outcome = Some(outcome.key().to_string());
        db.insert_activity(&entry)?;
        let mut logged = CallLogged {
            client: client.clone(),
            outcome,
            attempts: None,
            reminder: None,
            moved_to: None,
        };
        db.close_call_reminders(id, now.today(), now.utc)?;
        let reminder = |text: &str, due_on, due_at, origin| {
            db.insert_reminder(
                &NewReminder {
                    client_id: Some(id),
                    text,
                    due_on,
                    due_at,
                    origin,
                    order_id: None,
                },
                now.utc,
            )
        };
        match (outcome, when) {
            (CallOutcome::NoAnswer, _) => {
                let attempts = db.unanswered_calls_since(id, client.stage_since)?;
                let due = crate::domain::rules::next_working_day(now.today());
                let text = crate::i18n::retry_text(lang, attempts);
                logged.reminder = Some(reminder(&text, due, None, ReminderOrigin::Retry)?);
                logged.attempts = Some(attempts);
            }
            (CallOutcome::CallBack, Some(when)) => {
                let (due_on, due_at) = due_of(when);
                let text = crate::i18n::call_back_text(lang, text);
                logged.reminder = Some(reminder(&text, due_on, due_at, ReminderOrigin::Manual)?);
            }
            (CallOutcome::CallBack, None) => return Err(Error::CallBackNeedsWhen),
            (CallOutcome::Interested, _) => {
                let to = db.conveyor()?.resolve(client.stage, StageTarget::Next)?;
                move_in(db, now, &client, to, None)?;
                logged.moved_to = Some(to);
            }
            (CallOutcome::NotTarget, _) => {
                let default_reason = crate::i18n::not_target(lang);
                let reason = text.unwrap_or(default_reason);
                db.set_status(id, Status::Lost, Some(reason), now.utc)?;
                db.insert_activity(
                    &Activity::new(id, now.utc, ActivityKind::Lost).with_text(Some(reason)),
                )?;
            }
        }
        logged.client = db.client(id)?;
        Ok(logged)
    })
}

/// Marks a client lost, with the reason.
pub fn lose(store: &mut Store, now: Now, id: i64, reason: &str) -> Result<Client> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::EmptyReason);
    }
    store.write(|db| {
        let client = db.client(id)?;
        if client.status == Status::Lost {
            return Err(Error::AlreadyLost(id));
        }
        db.set_status(id, Status::Lost, Some(reason), now.utc)?;
        db.insert_activity(
            &Activity::new(id, now.utc, ActivityKind::Lost).with_text(Some(reason)),
        )?;
        db.client(id)
    })
}

/// Brings a lost client back into its stage ("a warm call").
pub fn revive(store: &mut Store, now: Now, id: i64) -> Result<Client> {
    store.write(|db| {
        let client = db.client(id)?;
        if client.status != Status::Lost {
            return Err(Error::ClientNotLost(id));
        }
        db.set_status(id, Status::Active, None, now.utc)?;
        db.insert_activity(&Activity::new(id, now.utc, ActivityKind::Revived))?;
        db.client(id)
    })
}

fn due_of(when: When) -> (NaiveDate, Option<DateTime<Utc>>) {
    match when {
        When::Day(d) => (d, None),
        When::At(t) => (t.date(), Some(local_to_utc(t))),
    }
}

/// Adds a manual reminder, about a client or not; returns its id.
pub fn remind(
    store: &mut Store,
    now: Now,
    client_id: Option<i64>,
    text: &str,
    when: When,
) -> Result<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::EmptyText);
    }
    let (due_on, due_at) = due_of(when);
    store.write(|db| {
        if let Some(id) = client_id {
            db.client(id)?;
        }
        db.insert_reminder(
            &NewReminder {
                client_id,
                text,
                due_on,
                due_at,
                origin: ReminderOrigin::Manual,
                order_id: None,
            },
            now.utc,
        )
    })
}

fn open_reminder(db: &WriteDb, id: i64) -> Result<Reminder> {
    let reminder = db.reminder(id)?;
    if reminder.done_at.is_some() {
        return Err(Error::ReminderDone(id));
    }
    Ok(reminder)
}

/// Marks a reminder done.
pub fn done(store: &mut Store, now: Now, id: i64) -> Result<Reminder> {
    store.write(|db| {
        open_reminder(db, id)?;
        db.set_reminder_done(id, now.utc)?;
        db.reminder(id)
    })
}

/// Moves an open reminder to another day or moment.
pub fn snooze(store: &mut Store, id: i64, when: When) -> Result<Reminder> {
    let (due_on, due_at) = due_of(when);
    store.write(|db| {
        open_reminder(db, id)?;
        db.set_reminder_due(id, due_on, due_at)?;
        db.reminder(id)
    })
}

fn invoice_in(db: &WriteDb, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<i64> {
    active_client(db, id)?;
    let order_id = db.insert_order(id, amount, on, now.utc)?;
    let mut entry = Activity::new(id, now.utc, ActivityKind::Invoice);
    entry.order_id = Some(order_id);
    db.insert_activity(&entry)?;
    Ok(order_id)
}

/// Issues an invoice to a client; returns the order id.
pub fn invoice(store: &mut Store, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<i64> {
    store.write(|db| invoice_in(db, now, id, amount, on))
}

/// A recorded payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paid {
    pub order: Order,
    pub client: Client,
    /// The payment was the client's first and moved it to the farmer.
    pub promoted: bool,
}

fn pay_in(db: &WriteDb, now: Now, order_id: i64, on: NaiveDate) -> Result<Paid> {
    let order = db.order(order_id)?;
    if order.paid_on.is_some() {
        return Err(Error::OrderPaid(order_id));
    }
    if on < order.invoiced_on {
        return Err(Error::PaidBeforeInvoiced);
    }
    let client = db.client(order.client_id)?;
    let first = db.paid_order_count(client.id)? == 0;
    db.set_paid(order_id, on)?;
    db.close_chases(order_id, now.utc)?;
    let mut entry = Activity::new(client.id, now.utc, ActivityKind::Payment);
    entry.order_id = Some(order_id);
    db.insert_activity(&entry)?;
    let promoted = first
        && client.status == Status::Active
        && client.stage.awaits_first_payment()
        && db.conveyor()?.is_enabled(Stage::Farmer);
    if promoted {
        move_in(db, now, &client, Stage::Farmer, Some("first payment"))?;
    }
    Ok(Paid {
        order: db.order(order_id)?,
        client: db.client(client.id)?,
        promoted,
    })
}

/// Marks an order paid; a first payment moves a hunter's or closer's
/// client to the farmer.
pub fn pay(store: &mut Store, now: Now, order_id: i64, on: NaiveDate) -> Result<Paid> {
    store.write(|db| pay_in(db, now, order_id, on))
}

/// An order invoiced and paid at once.
pub fn sale(store: &mut Store, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<Paid> {
    store.write(|db| {
        let order_id = invoice_in(db, now, id, amount, on)?;
        pay_in(db, now, order_id, on)
    })
}

/// A card that has sat in its stage past the limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleCard {
    pub client: Client,
    pub days: i64,
    pub limit: u32,
}

/// What needs doing: reminders by urgency, stale cards, unpaid invoices,
/// farmer's clients to reactivate, the farmer's load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub overdue: Vec<Reminder>,
    pub today: Vec<Reminder>,
    pub upcoming: Vec<Reminder>,
    pub stale: Vec<StaleCard>,
    pub unpaid: Vec<Unpaid>,
    pub reactivate: Vec<Lapsed>,
    pub farmers: i64,
    pub farmer_capacity: i64,
    pub over_capacity: bool,
}

/// Open reminders due within the next week, sorted into urgency buckets.
/// At most `limit` of them (`None`: all); [`count_due`] gives the totals.
pub fn due_reminders(store: &Store, now: Now, limit: Option<i64>) -> Result<Agenda> {
    let today = now.today();
    let mut agenda = Agenda::default();
    for r in store
        .read()
        .open_reminders_until(last_due_day(now), limit)?
    {
        match r.bucket(now.utc, today) {
            Bucket::Overdue => agenda.overdue.push(r),
            Bucket::Today => agenda.today.push(r),
            Bucket::Upcoming => agenda.upcoming.push(r),
            Bucket::Later => {}
        }
    }
    Ok(agenda)
}

fn last_due_day(now: Now) -> NaiveDate {
    now.today() + chrono::Duration::days(crate::domain::model::UPCOMING_DAYS)
}

/// How many reminders are overdue, due today and due in the next 7 days.
pub fn count_due(store: &Store, now: Now) -> Result<[i64; 3]> {
    store
        .read()
        .count_due(now.utc, now.today(), last_due_day(now))
}

/// The agenda as of `now`.
pub fn agenda(store: &Store, now: Now, rules: &RuleSettings) -> Result<Agenda> {
    let mut agenda = due_reminders(store, now, None)?;
    agenda.unpaid = unpaid_list(store, now)?;
    agenda.reactivate = reactivation_list(store, now, rules)?;
    agenda.farmers = farmer_count(store)?;
    agenda.farmer_capacity = i64::from(rules.farmer_capacity);
    agenda.over_capacity = agenda.farmers > agenda.farmer_capacity;
    let db = store.read();
    let conveyor = db.conveyor()?;
    for stage in conveyor.enabled().collect::<Vec<_>>() {
        let Some(limit) = conveyor.stale_days(stage) else {
            continue;
        };
        let cutoff = Client::stale_cutoff(now.utc, limit);
        for client in db.clients_in_stage_since_until(stage, cutoff)? {
            agenda.stale.push(StaleCard {
                days: client.days_in_stage(now.utc),
                client,
                limit,
            });
        }
    }
    Ok(agenda)
}

/// Everything about one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientDetail {
    #[serde(flatten)]
    pub client: Client,
    pub days_in_stage: i64,
    pub timeline: Vec<Activity>,
    pub reminders: Vec<Reminder>,
    pub orders: Vec<Order>,
}

/// A client with its timeline, reminders and orders.
pub fn client_detail(store: &Store, now: Now, id: i64) -> Result<ClientDetail> {
    let db = store.read();
    let client = db.client(id)?;
    Ok(ClientDetail {
        days_in_stage: client.days_in_stage(now.utc),
        timeline: db.activities(id)?,
        reminders: db.client_reminders(id)?,
        orders: db.client_orders(id)?,
        client,
    })
}

#[cfg(test)]
mod tests;
