//! The `reminders` table.

use super::sql::{self, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Db, WriteDb, bad_value, day, each_of, failed, parse_day, parse_ts, ts};
use crate::domain::{Closure, Reminder, ReminderOrigin};
use crate::error::{Error, Result};

const COLUMNS: &str = "r.id, r.client_id, c.name, r.text, r.due_on, r.due_at, r.done_at, \
     r.origin, r.order_id, r.created_at, r.count, o.amount_minor, o.currency, r.closed_by";

/// The tables a reminder row is read from.
const FROM: &str = "reminders r LEFT JOIN clients c ON c.id = r.client_id \
     LEFT JOIN orders o ON o.id = r.order_id";

/// The reminder pane's order: by day, a day's untimed ones first, then by
/// time, then as made.
const PANE_ORDER: &str = "r.due_on, r.due_at IS NOT NULL, r.due_at, r.id";

/// Only reminders that are still someone's to do: lost clients' are not.
const LIVE: &str = "(r.client_id IS NULL OR c.status = 'active')";

/// [`LIVE`] for one person, their login the statement's value `place`:
/// the reminders of their active cards (each reminder carries its active
/// client's owner, schema v16) and those about no client, both read from
/// their own index of open reminders by day.
fn owned(place: usize) -> String {
    format!("(r.client_id IS NULL OR r.client_owner = ${place})")
}

/// A reminder's client as a calendar describes it: its company, phone and
/// e-mail (its id and name are the reminder's).
pub type Contact = (Option<String>, Option<String>, Option<String>);

impl Db<'_> {
    /// The open reminders due by `last_day` as [`Db::open_reminders_until`]
    /// gives them, one at a time, each with its client's [`Contact`] (none
    /// for a reminder about no client): nothing held but one of them.
    pub fn each_open_reminder_with_contact(
        &self,
        last_day: NaiveDate,
        mut f: impl FnMut(Reminder, Option<Contact>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, c.company, c.phone, c.email FROM {FROM}
             WHERE r.done_at IS NULL AND r.due_on <= $1 AND {LIVE}
             ORDER BY {PANE_ORDER}"
        ))?;
        let mut rows = stmt.query([day(last_day)])?;
        while let Some(r) = rows.next()? {
            let reminder = reminder_row(&r)?;
            let contact = match reminder.client_id {
                Some(_) => Some((r.get(14)?, r.get(15)?, r.get(16)?)),
                None => None,
            };
            f(reminder, contact)?;
        }
        Ok(())
    }
}

/// Each active client's open reminders due by `$1`, by client, each
/// client's in the reminder pane's order (its first is its next step).
pub(super) fn open_by_client_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM {FROM}
         WHERE r.done_at IS NULL AND r.due_on <= $1 AND r.client_id IS NOT NULL
           AND c.status = 'active'
         ORDER BY r.client_id, {PANE_ORDER}"
    )
}

pub(super) fn reminder_row(r: &Row) -> sql::Result<Reminder> {
    let origin: String = r.get(7)?;
    let opt_ts = |i: usize| -> sql::Result<Option<DateTime<Utc>>> {
        r.get::<Option<String>>(i)?
            .map(|s| parse_ts(&s))
            .transpose()
    };
    Ok(Reminder {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        text: r.get(3)?,
        due_on: parse_day(&r.get::<String>(4)?)?,
        due_at: opt_ts(5)?,
        done_at: opt_ts(6)?,
        origin: ReminderOrigin::from_key(&origin).ok_or_else(|| bad_value("origin", &origin))?,
        order_id: r.get(8)?,
        created_at: parse_ts(&r.get::<String>(9)?)?,
        count: r.get(10)?,
        amount: match (r.get::<Option<i64>>(11)?, r.get::<Option<String>>(12)?) {
            (Some(minor), Some(currency)) => Some((minor, currency)),
            _ => None,
        },
        closed_by: r
            .get::<Option<String>>(13)?
            .map(|k| Closure::from_key(&k).ok_or_else(|| bad_value("closed_by", &k)))
            .transpose()?,
    })
}

impl Db<'_> {
    /// One reminder, or `NoReminder`.
    pub fn reminder(&self, id: i64) -> Result<Reminder> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = $1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], reminder_row)
            .optional()?
            .ok_or(Error::NoReminder(id))
    }

    /// Open reminders due on or before `last_day`, soonest first; at most
    /// `limit` of them (`None`: all).
    pub fn open_reminders_until(
        &self,
        last_day: NaiveDate,
        limit: Option<i64>,
    ) -> Result<Vec<Reminder>> {
        self.open_reminders_of(last_day, limit, None)
    }

    /// [`Db::open_reminders_until`] of `owner`'s cards (and the reminders
    /// about no client) when given.
    pub fn open_reminders_of(
        &self,
        last_day: NaiveDate,
        limit: Option<i64>,
        owner: Option<&str>,
    ) -> Result<Vec<Reminder>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE r.done_at IS NULL AND r.due_on <= $1 AND {}
             ORDER BY {PANE_ORDER}
             LIMIT $2",
            owner.map_or(LIVE.to_string(), |_| owned(3))
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let (last_day, limit) = (day(last_day), limit.unwrap_or(i64::MAX));
        let values = sql::and_owner(&params![last_day, limit], &owner);
        let rows = stmt.query_map(values.as_slice(), reminder_row)?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// The open reminders of one bucket as of `now` (today and the last
    /// day of the coming week given), in the agenda's order, handed to
    /// `each` one at a time: at most `limit` of them (`None`: all), of
    /// `owner`'s cards (and those about no client) when given.
    pub fn each_in_bucket<E: From<Error>>(
        &self,
        bucket: crate::domain::Bucket,
        now: DateTime<Utc>,
        (today, last_day): (NaiveDate, NaiveDate),
        limit: Option<i64>,
        owner: Option<&str>,
        each: impl FnMut(Reminder) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        use crate::domain::Bucket;
        // As `Reminder::bucket` sorts: a time that has passed today is late.
        let which = match bucket {
            Bucket::Overdue => "(r.due_on < $2 OR (r.due_on = $2 AND r.due_at < $1))",
            Bucket::Today => "r.due_on = $2 AND (r.due_at IS NULL OR r.due_at >= $1)",
            Bucket::Upcoming => "r.due_on > $2 AND r.due_on <= $3",
            Bucket::Later => "r.due_on > $3",
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE r.done_at IS NULL AND {which} AND {}
             ORDER BY {PANE_ORDER}
             LIMIT $4",
            owner.map_or(LIVE.to_string(), |_| owned(5))
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(failed)?;
        let (now, today, last_day) = (ts(now), day(today), day(last_day));
        let limit = limit.unwrap_or(i64::MAX);
        let values = sql::and_owner(&params![now, today, last_day, limit], &owner);
        let rows = stmt.query(values.as_slice()).map_err(failed)?;
        each_of(rows, reminder_row, each)
    }

    /// How many open reminders are overdue, due today, and due after today
    /// up to `last_day`, as [`Reminder::bucket`] sorts them.
    pub fn count_due(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        last_day: NaiveDate,
    ) -> Result<[i64; 3]> {
        // The days' counts the triggers keep (schema v10), and today's
        // reminders whose hour has passed: those are overdue already.
        let mut stmt = self.conn.prepare_cached(
            "SELECT
                coalesce((SELECT sum(n) FROM due_days WHERE day < $2), 0),
                coalesce((SELECT n FROM due_days WHERE day = $2), 0),
                coalesce((SELECT sum(n) FROM due_days WHERE day > $2 AND day <= $3), 0),
                (SELECT count(*) FROM reminders r LEFT JOIN clients c ON c.id = r.client_id
                 WHERE r.done_at IS NULL AND r.due_on = $2 AND r.due_at < $1
                   AND (r.client_id IS NULL OR c.status = 'active'))",
        )?;
        let [before, today, coming, late]: [i64; 4] = stmt
            .query_row(params![ts(now), day(today), day(last_day)], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
            })?;
        Ok([before + late, today - late, coming])
    }

    /// Whether an open reminder of `today` came due in `(since, until]`:
    /// its time passed between two looks at the clock.
    pub fn reminder_came_due(
        &self,
        today: NaiveDate,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reminders WHERE done_at IS NULL
                   AND due_on = $1 AND due_at > $2 AND due_at <= $3)",
            )?
            .query_row(params![day(today), ts(since), ts(until)], |r| r.get(0))?)
    }

    /// [`Db::count_due`] by counting every open reminder (of `owner`'s
    /// cards, when given): one person's board, and the reference the
    /// tests compare the kept counts with.
    pub fn count_due_by_counting(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        last_day: NaiveDate,
        owner: Option<&str>,
    ) -> Result<[i64; 3]> {
        // Everyone's: the client's status from a join; one person's: their
        // cards' ids from their index, no join.
        let (join, live) = match owner {
            Some(_) => ("", owned(4)),
            None => (
                "LEFT JOIN clients c ON c.id = r.client_id",
                LIVE.to_string(),
            ),
        };
        let sql = format!(
            "SELECT
                coalesce(sum(CASE WHEN late THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN NOT late AND due_on = $2 THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN NOT late AND due_on > $2 THEN 1 ELSE 0 END), 0)
             FROM (SELECT due_on,
                          CASE WHEN due_at IS NOT NULL THEN due_at < $1 ELSE due_on < $2 END AS late
                   FROM reminders r {join}
                   WHERE r.done_at IS NULL AND r.due_on <= $3 AND {live}) AS open"
        );
        let (now, today, last_day) = (ts(now), day(today), day(last_day));
        let values = sql::and_owner(&params![now, today, last_day], &owner);
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(values.as_slice(), |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))?)
    }

    /// The next step of each of the clients `ids`: its soonest open
    /// reminder (as the pane orders them), in no order; none for a client
    /// with nothing to do. A screen's cards at a time.
    pub fn next_steps(&self, ids: &[i64]) -> Result<Vec<Reminder>> {
        let open = format!("SELECT {COLUMNS} FROM {FROM} WHERE r.done_at IS NULL");
        let order = format!("ORDER BY r.client_id, {PANE_ORDER}");
        let mut all = Vec::new();
        let keep = |r| {
            all.push(r);
            Ok::<(), Error>(())
        };
        match self.conn.lite() {
            // SQLite: the ids bound as one value (`rarray`).
            Some(lite) => {
                let sql = format!("{open} AND r.client_id IN rarray($1) {order}");
                let mut stmt = lite.prepare_cached(&sql)?;
                stmt.raw_bind_parameter(1, super::histories::id_list(ids))?;
                each_of(sql::Rows::Lite(stmt.raw_query()), reminder_row, keep)?;
            }
            None => {
                let sql = format!("{open} AND r.client_id = ANY($1) {order}");
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let rows = stmt.query([sql::IdArray(ids.to_vec())])?;
                each_of(rows, reminder_row, keep)?;
            }
        }
        all.dedup_by_key(|r| r.client_id);
        Ok(all)
    }

    /// A client's reminders: open ones first, soonest first.
    pub fn client_reminders(&self, client_id: i64) -> Result<Vec<Reminder>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE r.client_id = $1
             ORDER BY r.done_at IS NOT NULL, r.due_on, r.due_at, r.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([client_id], reminder_row)?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }
}

/// What a new reminder needs.
#[derive(Debug, Clone)]
pub struct NewReminder<'a> {
    pub client_id: Option<i64>,
    pub text: &'a str,
    pub due_on: NaiveDate,
    pub due_at: Option<DateTime<Utc>>,
    pub origin: ReminderOrigin,
    pub order_id: Option<i64>,
    /// A retry's attempt number, a reactivation's days without payment.
    pub count: Option<i64>,
}

/// The statement that closes a client's open reminders of kind `origin`
/// (due by its `$3`, when given). The kind is written into it, not bound:
/// a value bound where a partial index's condition names a kind (the open
/// reactivation reminders', v28) makes SQLite compile the statement again
/// whenever the value changes — each call, when one call closes several
/// kinds.
pub(super) fn closing(origin: ReminderOrigin) -> String {
    format!(
        "UPDATE reminders SET done_at = $2, closed_by = $4
         WHERE client_id = $1 AND done_at IS NULL AND origin = '{}'
           AND ($3 IS NULL OR due_on <= $3)",
        origin.key()
    )
}

impl WriteDb<'_> {
    /// Inserts a reminder; returns its id.
    pub fn insert_reminder(&self, r: &NewReminder, now: DateTime<Utc>) -> Result<i64> {
        Ok(self.conn.insert(
            sql::inserting!(
                "INSERT INTO reminders
                   (client_id, text, due_on, due_at, origin, order_id, created_at, count)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            ),
            params![
                r.client_id,
                r.text,
                day(r.due_on),
                r.due_at.map(ts),
                r.origin.key(),
                r.order_id,
                ts(now),
                r.count,
            ],
        )?)
    }

    /// Marks a reminder done at `at`.
    pub fn set_reminder_done(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE reminders SET done_at = $2 WHERE id = $1")?
            .execute(params![id, ts(at)])?;
        self.one_changed(changed, "reminders", id, Error::NoReminder(id))
    }

    /// Moves a reminder to a new day (and time, if any).
    pub fn set_reminder_due(
        &self,
        id: i64,
        due_on: NaiveDate,
        due_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE reminders SET due_on = $2, due_at = $3 WHERE id = $1")?
            .execute(params![id, day(due_on), due_at.map(ts)])?;
        self.one_changed(changed, "reminders", id, Error::NoReminder(id))
    }

    /// Changes a reminder's text.
    pub fn set_reminder_text(&self, id: i64, text: &str) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE reminders SET text = $2 WHERE id = $1")?
            .execute(params![id, text])?;
        self.one_changed(changed, "reminders", id, Error::NoReminder(id))
    }

    /// Deletes a reminder.
    pub fn delete_reminder(&self, id: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("DELETE FROM reminders WHERE id = $1")?
            .execute([id])?;
        self.one_changed(changed, "reminders", id, Error::NoReminder(id))
    }

    /// Closes a client's open reminders of the given origins; with `due_by`,
    /// only those due on or before that day. Returns how many.
    pub fn close_client_reminders(
        &self,
        client_id: i64,
        origins: &[ReminderOrigin],
        due_by: Option<NaiveDate>,
        now: DateTime<Utc>,
        closed_by: Option<Closure>,
    ) -> Result<usize> {
        let mut closed = 0;
        for origin in origins {
            closed += self
                .conn
                .prepare_cached(&closing(*origin))?
                .execute(params![
                    client_id,
                    ts(now),
                    due_by.map(day),
                    closed_by.map(Closure::key)
                ])?;
        }
        Ok(closed)
    }

    /// Reopens the reminders a loss closed that are due on or after `from`.
    pub fn reopen_closed_by_loss(&self, client_id: i64, from: NaiveDate) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE reminders SET done_at = NULL, closed_by = NULL
                 WHERE client_id = $1 AND closed_by = 'lost' AND done_at IS NOT NULL
                   AND due_on >= $2",
            )?
            .execute(params![client_id, day(from)])?)
    }
}
