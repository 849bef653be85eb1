//! What the rules need to know: unpaid invoices and their chases, farmers'
//! payments and reactivation reminders; and the stage settings they sync.

use std::collections::HashMap;

use super::sql::{self, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Db, WriteDb, each_of, failed, parse_day, parse_ts, ts};
use crate::domain::{Closure, Order, StageSettings};
use crate::error::{Error, Result};

/// An unpaid invoice of an active client and the state of its chasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpaidOrder {
    pub order: Order,
    pub has_open_chase: bool,
    pub last_chase_done: Option<DateTime<Utc>>,
}

/// An active farmer's client with its payment days, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FarmerPayments {
    pub client_id: i64,
    pub stage_since: DateTime<Utc>,
    pub payments: Vec<NaiveDate>,
    /// When its last reactivation reminder was made (not read for a
    /// client a new day wakes, see `Among::unwoken`, nor for the agenda's
    /// list, `Among::Reminded`).
    pub last_reactivation: Option<DateTime<Utc>>,
}

impl Db<'_> {
    /// Unanswered calls to a client since `since` (its current stage).
    pub fn unanswered_calls_since(&self, client_id: i64, since: DateTime<Utc>) -> Result<i64> {
        Ok(self
            .conn
            // The client's own timeline: without statistics SQLite's planner
            // would walk every call since that day (a million clients: 150 ms
            // per logged call).
            .prepare_cached(self.conn.say(sql::hinted!(
                "SELECT count(*) FROM activities",
                "activities_by_client",
                " WHERE client_id = $1 AND kind = 'call' AND outcome = 'no-answer' AND at >= $2"
            )))?
            .query_row(params![client_id, ts(since)], |r| r.get(0))?)
    }

    /// Unpaid invoices of active clients, oldest first: from the unpaid
    /// index, the few lost clients' ids and the reminders' index alone.
    /// Of the clients `among` says.
    pub fn unpaid_orders(&self, among: Among) -> Result<Vec<UnpaidOrder>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT o.id, o.client_id, o.amount_minor, o.currency, o.invoiced_on, o.created_at,
                EXISTS (SELECT 1 FROM reminders r
                        WHERE r.order_id = o.id AND r.origin = 'chase' AND r.done_at IS NULL),
                (SELECT max(r.done_at) FROM reminders r WHERE r.order_id = o.id AND r.origin = 'chase')
             FROM orders o
             WHERE o.paid_on IS NULL AND o.cancelled_on IS NULL AND {}{}
             ORDER BY o.invoiced_on, o.id",
            not_lost(among),
            among.condition("o.client_id", self.conn),
        ))?;
        let rows = stmt.query_map(sql::NONE, |r| {
            Ok(UnpaidOrder {
                order: Order {
                    id: r.get(0)?,
                    client_id: r.get(1)?,
                    amount_minor: r.get(2)?,
                    currency: r.get(3)?,
                    invoiced_on: parse_day(&r.get::<String>(4)?)?,
                    paid_on: None,
                    created_at: parse_ts(&r.get::<String>(5)?)?,
                    cancelled_on: None,
                },
                has_open_chase: r.get(6)?,
                last_chase_done: r
                    .get::<Option<String>>(7)?
                    .map(|s| parse_ts(&s))
                    .transpose()?,
            })
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Each unpaid invoice of a client not lost (of `owner`'s clients when
    /// given), the oldest first, with its client's name, handed to `each`
    /// one at a time (the agenda's list): at most `limit` of them (`None`:
    /// all).
    pub fn each_unpaid_invoice<E: From<Error>>(
        &self,
        limit: Option<i64>,
        owner: Option<&str>,
        mut each: impl FnMut(Order, String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT o.id, o.client_id, o.amount_minor, o.currency, o.invoiced_on, o.created_at,
                        c.name
                 FROM orders o JOIN clients c ON c.id = o.client_id
                 WHERE o.paid_on IS NULL AND o.cancelled_on IS NULL AND c.status <> 'lost'{}
                 ORDER BY o.invoiced_on, o.id LIMIT $1",
                owner.map_or("", |_| " AND c.owner = $2")
            ))
            .map_err(failed)?;
        let limit = limit.unwrap_or(i64::MAX);
        let values = sql::and_owner(&params![limit], &owner);
        let rows = stmt.query(values.as_slice()).map_err(failed)?;
        let read = |r: &sql::Row| -> sql::Result<(Order, String)> {
            let order = Order {
                id: r.get(0)?,
                client_id: r.get(1)?,
                amount_minor: r.get(2)?,
                currency: r.get(3)?,
                invoiced_on: parse_day(&r.get::<String>(4)?)?,
                paid_on: None,
                created_at: parse_ts(&r.get::<String>(5)?)?,
                cancelled_on: None,
            };
            Ok((order, r.get(6)?))
        };
        each_of(rows, read, |(order, name)| each(order, name))
    }

    /// Every active farmer's client (of those `among` says) with its
    /// payments.
    pub fn farmer_payments(&self, among: Among) -> Result<Vec<FarmerPayments>> {
        let mut reminders = HashMap::new();
        // The agenda's list (`Reminded`) needs the payments alone.
        if among != Among::Reminded {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT client_id, max(created_at) FROM reminders
                 WHERE origin = 'reactivation' AND client_id IS NOT NULL{} GROUP BY client_id",
                // Whose reactivation reminders: a client woken by its kept
                // day has had none since the lapse it wakes for began (a
                // day is kept only while none stands for it, and a reminder
                // made, done or deleted since notes the client as changed,
                // which writes its day again), so a farmer's years of
                // reminders are not read each morning it lapses.
                among.unwoken().condition("client_id", self.conn)
            ))?;
            let rows =
                stmt.query_map(sql::NONE, |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)))?;
            for row in rows {
                let (id, at) = row?;
                reminders.insert(id, parse_ts(&at)?);
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.stage_since, o.paid_on FROM clients c
             LEFT JOIN orders o ON o.client_id = c.id AND o.paid_on IS NOT NULL
             WHERE c.stage = 'farmer' AND c.status = 'active'{}
             ORDER BY c.id, o.paid_on",
            among.condition("c.id", self.conn)
        ))?;
        let mut out: Vec<FarmerPayments> = Vec::new();
        let rows = stmt.query_map(sql::NONE, |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            let (id, since, paid) = row?;
            if out.last().is_none_or(|f| f.client_id != id) {
                out.push(FarmerPayments {
                    client_id: id,
                    stage_since: parse_ts(&since)?,
                    payments: Vec::new(),
                    last_reactivation: reminders.get(&id).copied(),
                });
            }
            if let (Some(paid), Some(f)) = (paid, out.last_mut()) {
                f.payments.push(parse_day(&paid)?);
            }
        }
        Ok(out)
    }
}

/// The lost clients' ids, from the index by station and status (a few
/// per cent of the base, never a scan of it).
/// The condition that an order's client (`o`) is not lost: for a sweep of
/// everyone the lost clients' ids are read once; for the few changed
/// clients each is looked up (PostgreSQL would read every lost id for
/// one order).
fn not_lost(among: Among) -> String {
    match among {
        Among::Changed | Among::Due(_) => "NOT EXISTS (SELECT 1 FROM clients l
                               WHERE l.id = o.client_id AND l.status = 'lost')"
            .to_string(),
        Among::All | Among::Reminded => format!("o.client_id NOT IN ({})", lost_clients()),
    }
}

fn lost_clients() -> String {
    let stages: Vec<String> = crate::domain::Stage::ALL
        .iter()
        .map(|s| format!("'{}'", s.key()))
        .collect();
    format!(
        "SELECT id FROM clients WHERE stage IN ({}) AND status = 'lost'",
        stages.join(", ")
    )
}

/// Which clients the rules' reads look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Among {
    All,
    /// Those changed since the last pass of the rules (schema v8).
    Changed,
    /// Those changed, and those whose rule wakes up on a day up to this
    /// one (`rule_days`): a new day's pass.
    Due(NaiveDate),
    /// Those with an open reactivation reminder (the agenda's list, read
    /// from their index, schema v28).
    Reminded,
}

/// `column` is one of the ids a `SELECT` gives, each looked up by its
/// own index: SQLite's `IN`; PostgreSQL's array, as its planner sizes such
/// a list by its pages (a page's worth of rows for one changed client) and
/// would read every unpaid invoice to join them.
const ONE_OF: [sql::Dialects; 2] = [
    sql::Dialects {
        lite: "IN (",
        pg: "= ANY (ARRAY(",
    },
    sql::Dialects {
        lite: ")",
        pg: "))",
    },
];

/// The clients changed since the rules' last pass.
const CHANGED: &str = "SELECT client_id FROM rules_changes";

fn one_of(conn: &sql::Conn, column: &str, set: &str) -> String {
    let [open, close] = ONE_OF.map(|d| conn.say(d));
    format!(" AND {column} {open}{set}{close}")
}

impl Among {
    /// These clients but those only a new day's kept days woke: on a new
    /// day, the changed clients alone. What a woken client holds beside
    /// the day it wakes for has not changed since the pass that last saw
    /// it: its reactivation reminders (see `farmer_payments`) and its
    /// unpaid invoices (the rules' `plan`).
    pub fn unwoken(self) -> Among {
        match self {
            Among::Due(_) => Among::Changed,
            other => other,
        }
    }

    /// The condition on `column` (a client id) that keeps only these, as
    /// `conn`'s engine reads it.
    fn condition(self, column: &str, conn: &sql::Conn) -> String {
        match self {
            Among::All => String::new(),
            Among::Changed => one_of(conn, column, CHANGED),
            // The day is a date (`YYYY-MM-DD`), never a person's text.
            Among::Due(day) => one_of(
                conn,
                column,
                &format!(
                    "{CHANGED} UNION ALL SELECT client_id FROM rule_days WHERE day <= '{day}'"
                ),
            ),
            Among::Reminded => format!(
                " AND {column} IN (SELECT client_id FROM reminders
                   WHERE origin = 'reactivation' AND done_at IS NULL)"
            ),
        }
    }
}

impl Db<'_> {
    /// How many invoices of clients not lost are unpaid (of `owner`'s
    /// clients, when given).
    pub fn count_unpaid(&self, owner: Option<&str>) -> Result<i64> {
        Ok(match owner {
            None => self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM orders o
                     WHERE o.paid_on IS NULL AND o.cancelled_on IS NULL AND o.client_id NOT IN ({})",
                    lost_clients()
                ))?
                .query_row(sql::NONE, |r| r.get(0))?,
            Some(login) => self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM orders o JOIN clients c ON c.id = o.client_id
                     WHERE o.paid_on IS NULL AND o.cancelled_on IS NULL AND c.status <> 'lost' AND c.owner = $1",
                )?
                .query_row([login], |r| r.get(0))?,
        })
    }

    /// The clients of `owner` with an open reactivation reminder (each
    /// reminder carries its active client's owner, schema v16).
    pub fn reminded_of(&self, owner: &str) -> Result<std::collections::HashSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT client_id FROM reminders
             WHERE origin = 'reactivation' AND done_at IS NULL AND client_owner = $1",
        )?;
        let rows = stmt.query_map([owner], |r| r.get::<i64>(0))?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Whether a client changed since the rules' last pass in what they read.
    pub fn rules_changes(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM rules_changes)")?
            .query_row(sql::NONE, |r| r.get(0))?)
    }

    /// The kept days the rules wake up on, by client.
    pub fn rule_days(&self) -> Result<Vec<(i64, NaiveDate)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT client_id, day FROM rule_days ORDER BY client_id")?;
        let rows = stmt.query_map(sql::NONE, |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, day) = row?;
            out.push((id, parse_day(&day)?));
        }
        Ok(out)
    }

    /// The mark of the rules' last pass: its day and settings.
    pub fn rules_mark(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'rules'")?
            .query_map(sql::NONE, |r| r.get(0))?
            .next()
            .transpose()?)
    }
}

impl WriteDb<'_> {
    /// Marks the rules as run for every change so far (the last write of
    /// the rules' transaction): `mark` names the day and settings of the
    /// last full sweep; the changed clients are forgotten.
    pub fn set_rules_mark(&self, mark: &str) -> Result<()> {
        self.conn.execute("DELETE FROM rules_changes", sql::NONE)?;
        self.conn
            .prepare_cached(
                "INSERT INTO meta (key, value) VALUES ('rules', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([mark])?;
        Ok(())
    }

    /// Keeps the days the rules wake up on for the clients `among` says
    /// (all of them: every day anew): their days are replaced by `days`
    /// (a client with none has no rule waiting for a day). Before the
    /// mark, which forgets the changed clients.
    pub fn keep_rule_days(&self, among: Among, days: &[(i64, NaiveDate)]) -> Result<()> {
        let forget = match among {
            Among::All => "DELETE FROM rule_days".to_string(),
            _ => format!(
                "DELETE FROM rule_days WHERE true{}",
                among.condition("client_id", self.conn)
            ),
        };
        self.conn.execute(&forget, sql::NONE)?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO rule_days (client_id, day) VALUES ($1, $2)
             ON CONFLICT (client_id) DO UPDATE SET day = excluded.day",
        )?;
        for (client_id, day) in days {
            stmt.execute(params![client_id, day.to_string()])?;
        }
        Ok(())
    }

    /// Closes the open chase reminders of an order: it has been paid, or
    /// cancelled (`why`).
    pub fn close_chases(&self, order_id: i64, now: DateTime<Utc>, why: Closure) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE reminders SET done_at = $2, closed_by = $3
                 WHERE order_id = $1 AND origin = 'chase' AND done_at IS NULL",
            )?
            .execute(params![order_id, ts(now), why.key()])?)
    }

    /// Stores stage settings (limits, on/off) that differ.
    pub fn set_stage_settings(&self, settings: &[StageSettings]) -> Result<usize> {
        let mut changed = 0;
        let mut stmt = self.conn.prepare_cached(
            "UPDATE stages SET stale_days = $2, enabled = $3
             WHERE key = $1 AND (stale_days IS DISTINCT FROM $2 OR enabled IS DISTINCT FROM $3)",
        )?;
        for s in settings {
            changed += stmt.execute(params![
                s.stage.key(),
                s.stale_days.map(i64::from),
                i64::from(s.enabled)
            ])?;
        }
        Ok(changed)
    }
}
