//! Reminders a person adds, finishes, moves, edits and deletes.

use chrono::{DateTime, NaiveDate, Utc};

use super::clients::active_client;
use super::{Now, local_to_utc};
use crate::domain::{Reminder, ReminderOrigin, When};
use crate::error::{Error, Result};
use crate::store::{NewReminder, Store, WriteDb};

pub(super) fn due_of(when: When) -> (NaiveDate, Option<DateTime<Utc>>) {
    match when {
        When::Day(d) => (d, None),
        When::At(t) => (t.date(), Some(local_to_utc(t))),
    }
}

/// Adds a manual reminder, about an active client or about nobody;
/// returns its id.
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
            active_client(db, id)?;
        }
        db.insert_reminder(
            &NewReminder {
                client_id,
                text,
                due_on,
                due_at,
                origin: ReminderOrigin::Manual,
                order_id: None,
                count: None,
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

/// Changes an open reminder's text and/or when it is due. A rule's
/// reminder keeps what it is; its text becomes the person's note.
pub fn edit_reminder(
    store: &mut Store,
    id: i64,
    text: Option<&str>,
    when: Option<When>,
) -> Result<Reminder> {
    let text = text.map(str::trim);
    if text.is_some_and(str::is_empty) {
        return Err(Error::EmptyText);
    }
    if text.is_none() && when.is_none() {
        return Err(Error::NothingToChange);
    }
    store.write(|db| {
        open_reminder(db, id)?;
        if let Some(text) = text {
            db.set_reminder_text(id, text)?;
        }
        if let Some(when) = when {
            let (due_on, due_at) = due_of(when);
            db.set_reminder_due(id, due_on, due_at)?;
        }
        db.reminder(id)
    })
}

/// Deletes a reminder (done or not); returns what it was.
pub fn delete_reminder(store: &mut Store, id: i64) -> Result<Reminder> {
    store.write(|db| {
        let reminder = db.reminder(id)?;
        db.delete_reminder(id)?;
        Ok(reminder)
    })
}
