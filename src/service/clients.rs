//! Clients on the conveyor: add, edit, move, lose, revive, delete, merge.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Now;
use crate::domain::{
    Activity, ActivityKind, Client, Closure, DomainError, NewClient, ReminderOrigin, Stage,
    StageTarget, Status,
};
use crate::error::{Error, Result};
use crate::store::{Store, WriteDb};

/// Adds a client; returns its id.
pub fn add_client(store: &mut Store, now: Now, new: NewClient) -> Result<i64> {
    let new = new.normalized()?;
    store.write(|db| {
        let stage = new.stage.unwrap_or(Stage::Telemarketer);
        if let Some(referrer) = new.referred_by {
            db.client(referrer)?;
        }
        if !db.conveyor()?.is_enabled(stage) {
            return Err(DomainError::StageDisabled(stage).into());
        }
        let owner = super::team::new_owner(db, stage)?;
        insert_new(db, now, &new, stage, owner.as_deref(), None)
    })
}

/// A new client (fields already normalised) at `stage`, owned by `owner`
/// (`team::new_owner`), with its "created" entry on the timeline; or,
/// `walked` from a station before (`from`) to `stage` at a later moment,
/// made there and moved on then — its row written once, at `stage` since
/// that moment, its timeline with the move.
pub(super) fn insert_new(
    db: &WriteDb,
    now: Now,
    new: &NewClient,
    stage: Stage,
    owner: Option<&str>,
    walked: Option<(Stage, DateTime<Utc>)>,
) -> Result<i64> {
    let (first, since) = walked.unwrap_or((stage, now.utc));
    let id = db.insert_owned_client(new, stage, owner, (now.utc, since))?;
    let mut created = Activity::new(id, now.utc, ActivityKind::Created);
    created.to_stage = Some(first);
    created.text = new.source.clone();
    db.insert_activity(&created)?;
    if let Some((from, at)) = walked {
        db.insert_activity(&Activity::moved(id, at, from, stage))?;
    }
    Ok(id)
}

/// Changes a client's name and contact fields (`fields.stage` is ignored).
pub fn edit_client(store: &mut Store, now: Now, id: i64, fields: NewClient) -> Result<Client> {
    let fields = fields.normalized()?;
    store.write(|db| {
        let before = db.client(id)?;
        deal_allowed(db, &before, &fields)?;
        db.update_client(id, &fields, now.utc)?;
        db.client(id)
    })
}

/// Changes some of a client's fields: `change` edits its current fields
/// inside the transaction; an empty text clears a field.
pub fn patch_client(
    store: &mut Store,
    now: Now,
    id: i64,
    change: impl FnOnce(&mut NewClient),
) -> Result<Client> {
    store.write(|db| {
        let before = db.client(id)?;
        let mut fields = NewClient::from_client(&before);
        change(&mut fields);
        let fields = fields.normalized()?;
        deal_allowed(db, &before, &fields)?;
        db.update_client(id, &fields, now.utc)?;
        db.client(id)
    })
}

/// An expected deal is for a client before its first payment: a paying
/// client's new business is an order. (Clearing one is always allowed.)
fn deal_allowed(db: &WriteDb, before: &Client, fields: &NewClient) -> Result<()> {
    let changed = fields.value.is_some()
        && (fields.value != before.value() || fields.expected_on != before.expected_on);
    if changed && db.paid_order_count(before.id)? > 0 {
        return Err(Error::DealAfterPayment(before.id));
    }
    Ok(())
}

/// A finished stage move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub client: Client,
    pub from: Stage,
    pub to: Stage,
    /// Team mode: the person the move handed the card to.
    pub handed_to: Option<String>,
}

pub(super) fn active_client(db: &WriteDb, id: i64) -> Result<Client> {
    let client = db.client(id)?;
    if client.status == Status::Lost {
        return Err(Error::ClientLost(id));
    }
    Ok(client)
}

/// Moves `client` into `to` at `at`, handing it over when `to` is someone
/// else's station; `paid_order` is the order whose first payment caused
/// the move (the timeline shows "first payment, #N").
pub(super) fn move_in(
    db: &WriteDb,
    at: DateTime<Utc>,
    client: &Client,
    to: Stage,
    paid_order: Option<i64>,
) -> Result<()> {
    db.set_stage(client.id, to, at)?;
    let mut entry = Activity::moved(client.id, at, client.stage, to);
    entry.order_id = paid_order;
    super::team::hand_over(db, client, to, &mut entry)?;
    db.insert_activity(&entry)?;
    Ok(())
}

/// Moves a client along the conveyor, recording the move on its timeline.
pub fn move_client(store: &mut Store, now: Now, id: i64, target: StageTarget) -> Result<Moved> {
    store.write(|db| {
        let client = active_client(db, id)?;
        let to = db.conveyor()?.resolve(client.stage, target)?;
        move_in(db, now.utc, &client, to, None)?;
        let after = db.client(id)?;
        Ok(Moved {
            handed_to: after.owner.clone().filter(|_| after.owner != client.owner),
            client: after,
            from: client.stage,
            to,
        })
    })
}

/// Every kind of reminder: a loss closes them all.
const ALL_ORIGINS: [ReminderOrigin; 5] = [
    ReminderOrigin::Manual,
    ReminderOrigin::Chase,
    ReminderOrigin::Reactivation,
    ReminderOrigin::Retry,
    ReminderOrigin::CallBack,
];

/// Marks an active client lost and closes its open reminders (marked as
/// closed by the loss, so that a revive can reopen those still ahead).
pub(super) fn lose_in(db: &WriteDb, now: Now, client: &Client, reason: &str) -> Result<()> {
    if client.status == Status::Lost {
        return Err(Error::AlreadyLost(client.id));
    }
    db.set_status(client.id, Status::Lost, Some(reason), now.utc)?;
    db.insert_activity(
        &Activity::new(client.id, now.utc, ActivityKind::Lost).with_text(Some(reason)),
    )?;
    db.close_client_reminders(client.id, &ALL_ORIGINS, None, now.utc, Some(Closure::Lost))?;
    Ok(())
}

/// Marks a client lost, with the reason; its open reminders are closed.
pub fn lose(store: &mut Store, now: Now, id: i64, reason: &str) -> Result<Client> {
    lose_until(store, now, id, reason, None)
}

/// [`lose`], and with `back` the day the client comes back to the agenda
/// ("asked to call in spring"): a day not yet come.
pub fn lose_until(
    store: &mut Store,
    now: Now,
    id: i64,
    reason: &str,
    back: Option<chrono::NaiveDate>,
) -> Result<Client> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::EmptyReason);
    }
    if let Some(day) = back.filter(|d| *d <= now.today()) {
        return Err(Error::BackInThePast(day));
    }
    store.write(|db| {
        lose_in(db, now, &db.client(id)?, reason)?;
        if back.is_some() {
            db.set_back(id, back)?;
        }
        db.client(id)
    })
}

/// Brings a lost client back into its stage ("a warm call"); the reminders
/// the loss closed come back if they are still due today or later.
pub fn revive(store: &mut Store, now: Now, id: i64) -> Result<Client> {
    store.write(|db| {
        let client = db.client(id)?;
        if client.status != Status::Lost {
            return Err(Error::ClientNotLost(id));
        }
        db.set_status(id, Status::Active, None, now.utc)?;
        db.insert_activity(&Activity::new(id, now.utc, ActivityKind::Revived))?;
        db.reopen_closed_by_loss(id, now.today())?;
        if client.back_on.is_some() {
            db.set_back(id, None)?;
        }
        db.client(id)
    })
}

/// Deletes a client with its timeline, reminders and orders.
pub fn delete_client(store: &mut Store, id: i64) -> Result<Client> {
    store.write(|db| {
        let client = db.client(id)?;
        db.delete_client(id)?;
        Ok(client)
    })
}

/// Merges the duplicate `from` into `into`: `into` keeps its fields, fills
/// its empty ones from `from`, takes `from`'s numbers as its other ones,
/// and takes over both timelines, reminders and orders; `from` is
/// deleted. Recorded on the timeline as a note.
pub fn merge_clients(store: &mut Store, now: Now, into: i64, from: i64) -> Result<Client> {
    if into == from {
        return Err(Error::MergeSelf(into));
    }
    store.write(|db| {
        let keep = db.client(into)?;
        let gone = db.client(from)?;
        let fill = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let notes = match (&keep.notes, &gone.notes) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n{b}")),
            (a, b) => fill(a, b),
        };
        let mut fields = NewClient {
            company: fill(&keep.company, &gone.company),
            email: fill(&keep.email, &gone.email),
            source: fill(&keep.source, &gone.source),
            tags: fill(&keep.tags, &gone.tags),
            notes,
            ..NewClient::from_client(&keep)
        };
        // Every number of both: the other's are the kept one's others.
        fields.add_phones(gone.phones());
        // The expected deal of either, unless the one kept has paid.
        let fields = match keep.value().is_none() && db.paid_order_count(into)? == 0 {
            true => NewClient {
                value: gone.value(),
                expected_on: keep.expected_on.or(gone.expected_on),
                ..fields
            },
            false => fields,
        };
        db.update_client(into, &fields, now.utc)?;
        db.move_history(from, into)?;
        db.delete_client(from)?;
        let mut entry = Activity::new(into, now.utc, ActivityKind::Merged);
        entry.text = Some(format!("#{from} {}", gone.name));
        db.insert_activity(&entry)?;
        db.client(into)
    })
}
