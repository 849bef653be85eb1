//! The `clients` table.

use super::sql::{self, OptionalExtension, Row, params};
use chrono::{DateTime, Utc};

use super::{Db, WriteDb, bad_value, day, each_of, failed, parse_day, parse_ts, ts};
use crate::domain::{Client, NewClient, Stage, Status};
use crate::error::{Error, Result};

pub(super) const COLUMNS: &str = "c.id, c.name, c.company, c.phone, c.email, c.source, c.stage, c.status, \
     c.lost_reason, c.stage_since, c.created_at, c.notes, c.tags, c.referred_by, c.owner, \
     c.value_minor, c.value_currency, c.expected_on, c.back_on, c.other_phones";

/// How many columns `COLUMNS` names.
pub(super) const COLUMN_COUNT: usize = 20;

pub(super) fn client_row(r: &Row) -> sql::Result<Client> {
    let stage: String = r.get(6)?;
    let status: String = r.get(7)?;
    Ok(Client {
        id: r.get(0)?,
        name: r.get(1)?,
        company: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        source: r.get(5)?,
        stage: Stage::from_key(&stage).ok_or_else(|| bad_value("stage", &stage))?,
        status: Status::from_key(&status).ok_or_else(|| bad_value("status", &status))?,
        lost_reason: r.get(8)?,
        stage_since: parse_ts(&r.get::<String>(9)?)?,
        created_at: parse_ts(&r.get::<String>(10)?)?,
        notes: r.get(11)?,
        tags: r.get(12)?,
        referred_by: r.get(13)?,
        owner: r.get(14)?,
        value_minor: r.get(15)?,
        value_currency: r.get(16)?,
        expected_on: r.text(17)?.map(parse_day).transpose()?,
        back_on: r.text(18)?.map(parse_day).transpose()?,
        other_phones: r.get(19)?,
    })
}

/// Which clients a listing wants.
#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    pub stage: Option<Stage>,
    /// `None` = active and lost alike.
    pub status: Option<Status>,
    pub limit: Option<i64>,
    pub offset: i64,
}

/// The condition on a station and a status (either may be any) of the
/// rows named `table`: only the conditions asked for, so that the index on
/// both is used. The keys are the program's own words, never input.
fn matching(table: &str, stage: Option<Stage>, status: Option<Status>) -> String {
    let mut parts = vec!["TRUE".to_string()];
    if let Some(stage) = stage {
        parts.push(format!("{table}.stage = '{}'", stage.key()));
    }
    if let Some(status) = status {
        parts.push(format!("{table}.status = '{}'", status.key()));
    }
    parts.join(" AND ")
}

impl Db<'_> {
    /// One client, or `NoClient`.
    pub fn client(&self, id: i64) -> Result<Client> {
        let sql = format!("SELECT {COLUMNS} FROM clients c WHERE c.id = $1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], client_row)
            .optional()?
            .ok_or(Error::NoClient(id))
    }

    /// Each client of `filter` in conveyor order, then longest in stage
    /// first, handed to `each` as it is read (nothing is collected).
    /// `each` may fail in its own way (a closed pipe stops a listing
    /// quietly): the store's errors become that kind too.
    pub fn each_listed<E: From<Error>>(
        &self,
        filter: &ClientFilter,
        mut each: impl FnMut(Client) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let stages: Vec<String> = match filter.stage {
            Some(stage) => vec![stage.key().to_string()],
            None => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT key FROM stages ORDER BY position")
                    .map_err(failed)?;
                let keys = stmt.query_map(sql::NONE, |r| r.get(0)).map_err(failed)?;
                keys.collect::<sql::Result<_>>().map_err(failed)?
            }
        };
        let statuses: &[Status] = match filter.status {
            Some(Status::Active) => &[Status::Active],
            Some(Status::Lost) => &[Status::Lost],
            None => &[Status::Active, Status::Lost],
        };
        // Station by station in the conveyor's order, each status from the
        // index in order and merged: nothing is sorted or held.
        let (mut skip, mut left) = (filter.offset.max(0), filter.limit.unwrap_or(i64::MAX));
        for stage in stages {
            let sql = statuses
                .iter()
                .map(|status| {
                    format!(
                        "SELECT {COLUMNS} FROM clients c
                         WHERE c.stage = $1 AND c.status = '{}'",
                        status.key()
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            // `stage_since` is the tenth of COLUMNS, `id` the first.
            let sql = format!("{sql} ORDER BY 10, 1");
            let mut stmt = self.conn.prepare_cached(&sql).map_err(failed)?;
            let mut rows = stmt.query([&stage]).map_err(failed)?;
            while let Some(row) = rows.next().map_err(failed)? {
                if left == 0 {
                    return Ok(());
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                left -= 1;
                each(client_row(&row).map_err(failed)?)?;
            }
        }
        Ok(())
    }

    /// The lost clients due back by `today` (soonest first; `owner`'s
    /// when given), each with when it was lost.
    pub fn coming_back(
        &self,
        today: chrono::NaiveDate,
        owner: Option<&str>,
    ) -> Result<Vec<(Client, Option<DateTime<Utc>>)>> {
        let sql = format!(
            "SELECT {COLUMNS}, (SELECT max(a.at) FROM activities a
                 WHERE a.client_id = c.id AND a.kind = 'lost')
             FROM clients c
             WHERE c.back_on IS NOT NULL AND c.back_on <= $1 AND c.status = 'lost'{}
             ORDER BY c.back_on, c.id",
            owner.map_or("", |_| " AND c.owner = $2")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let today = day(today);
        let values = sql::and_owner(&params![today], &owner);
        let rows = stmt.query_map(values.as_slice(), |r| {
            let lost: Option<String> = r.get(COLUMN_COUNT)?;
            Ok((client_row(r)?, lost.map(|t| parse_ts(&t)).transpose()?))
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Clients in conveyor order, then longest in stage first.
    pub fn clients(&self, filter: &ClientFilter) -> Result<Vec<Client>> {
        let mut out = Vec::new();
        self.each_listed(filter, |c| -> Result<()> {
            out.push(c);
            Ok(())
        })?;
        Ok(out)
    }

    /// The stations that hold a client of the filter (from the kept counts).
    pub fn stages_held(&self, stage: Option<Stage>, status: Option<Status>) -> Result<Vec<Stage>> {
        let sql = format!(
            "SELECT DISTINCT stage FROM client_counts k WHERE n > 0 AND {}",
            matching("k", stage, status)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(sql::NONE, |r| r.get::<String>(0))?;
        let mut out = Vec::new();
        for key in rows {
            out.push(Stage::parse(&key?)?);
        }
        Ok(out)
    }

    /// [`Db::count_clients`] of `owner`'s clients (counted: the kept
    /// counts are everyone's), or everyone's.
    pub fn count_clients_of(
        &self,
        stage: Stage,
        status: Status,
        owner: Option<&str>,
    ) -> Result<i64> {
        match owner {
            None => self.count_clients(Some(stage), Some(status)),
            Some(login) => Ok(self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM clients WHERE owner = $1 AND stage = $2 AND status = $3",
                )?
                .query_row(params![login, stage.key(), status.key()], |r| r.get(0))?),
        }
    }

    /// How many clients match `stage` and `status`: from the counts the
    /// triggers keep (schema v9), not by counting.
    pub fn count_clients(&self, stage: Option<Stage>, status: Option<Status>) -> Result<i64> {
        let sql = format!(
            "SELECT coalesce(sum(n), 0) FROM client_counts k WHERE {}",
            matching("k", stage, status)
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(sql::NONE, |r| r.get(0))?)
    }

    /// How many clients `id` referred.
    pub fn referred_count(&self, id: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM clients WHERE referred_by = $1")?
            .query_row([id], |r| r.get(0))?)
    }

    /// How many rows one of the tables holds.
    pub fn count_rows(&self, table: &str) -> Result<i64> {
        let table = match table {
            "reminders" => "reminders",
            "orders" => "orders",
            "activities" => "activities",
            _ => "clients",
        };
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), sql::NONE, |r| {
                r.get(0)
            })?)
    }

    /// How many active clients have been in `stage` since `cutoff` or
    /// longer, and since when the longest of them: the days before the
    /// cutoff's (UTC) day from the open stays kept per day (`stay_days`), the
    /// cutoff's own day and the oldest from the station's index. A million
    /// cold rows waiting at the telemarketer are a few hundred days' rows,
    /// not a million index entries counted.
    ///
    /// Of `owner`'s clients, when given: counted from their index by
    /// owner and station (one person's cards, not the base).
    pub fn stale_count(
        &self,
        stage: Stage,
        cutoff: DateTime<Utc>,
        owner: Option<&str>,
    ) -> Result<(i64, Option<DateTime<Utc>>)> {
        if let Some(login) = owner {
            let (count, oldest): (i64, Option<String>) = self
                .conn
                .prepare_cached(
                    "SELECT count(*), min(stage_since) FROM clients
                     WHERE owner = $1 AND stage = $2 AND status = 'active' AND stage_since <= $3",
                )?
                .query_row(params![login, stage.key(), ts(cutoff)], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            return Ok((count, oldest.map(|t| parse_ts(&t)).transpose()?));
        }
        let (count, oldest): (i64, Option<String>) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT coalesce(sum(n), 0) FROM stay_days WHERE stage = $1 AND day < $2)
                      + (SELECT count(*) FROM clients WHERE stage = $1 AND status = 'active'
                           AND stage_since >= $2 AND stage_since <= $3),
                        (SELECT min(stage_since) FROM clients
                           WHERE stage = $1 AND status = 'active')",
            )?
            .query_row(
                params![stage.key(), cutoff.date_naive().to_string(), ts(cutoff)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        let oldest = oldest.filter(|_| count > 0);
        Ok((count, oldest.map(|t| parse_ts(&t)).transpose()?))
    }

    /// The active clients of `stage` in it since `cutoff` or before (the
    /// stale cards; `owner`'s when given), the longest there first, handed
    /// to `each` one at a time: at most `limit` of them (`None`: all).
    pub fn each_client_in_stage_since_until<E: From<Error>>(
        &self,
        stage: Stage,
        cutoff: DateTime<Utc>,
        limit: Option<i64>,
        owner: Option<&str>,
        each: impl FnMut(Client) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let sql = format!(
            "SELECT {COLUMNS} FROM clients c
             WHERE c.stage = $1 AND c.status = 'active' AND c.stage_since <= $2{}
             ORDER BY c.stage_since, c.id
             LIMIT $3",
            owner.map_or("", |_| " AND c.owner = $4")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(failed)?;
        let (stage, cutoff) = (stage.key(), ts(cutoff));
        let limit = limit.unwrap_or(i64::MAX);
        let values = sql::and_owner(&params![stage, cutoff, limit], &owner);
        let rows = stmt.query(values.as_slice()).map_err(failed)?;
        each_of(rows, client_row, each)
    }
}

impl WriteDb<'_> {
    /// Inserts a client (already normalised) into `stage`; returns its id.
    pub fn insert_client(&self, c: &NewClient, stage: Stage, now: DateTime<Utc>) -> Result<i64> {
        self.insert_owned_client(c, stage, None, (now, now))
    }

    /// Inserts a client owned by `owner` (team mode), created at
    /// `created` and in `stage` since `since`.
    pub fn insert_owned_client(
        &self,
        c: &NewClient,
        stage: Stage,
        owner: Option<&str>,
        (created, since): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<i64> {
        self.insert_client_row(c, stage, owner, created, since)
    }

    /// Inserts a client created at `created` that has been in `stage` since
    /// `since` (a generated conveyor's client, its walk there already on
    /// its timeline): one row written, not a row and a change per station.
    pub fn insert_client_since(
        &self,
        c: &NewClient,
        stage: Stage,
        created: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<i64> {
        self.insert_client_row(c, stage, None, created, since)
    }

    fn insert_client_row(
        &self,
        c: &NewClient,
        stage: Stage,
        owner: Option<&str>,
        created: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<i64> {
        let (at, since) = (ts(created), ts(since));
        Ok(self.conn.insert(
            sql::inserting!(
                "INSERT INTO clients (name, company, phone, email, source, stage, status,
                    stage_since, created_at, updated_at, notes, search_text, tags, referred_by,
                    owner, changed_by, value_minor, value_currency, expected_on, other_phones)
                 VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $7, $9, $10, $11, $12, $13, $14,
                    $15, $16, $17, $18)"
            ),
            params![
                c.name,
                c.company,
                c.phone,
                c.email,
                c.source,
                stage.key(),
                since,
                at,
                c.notes,
                c.search_text(),
                c.tags,
                c.referred_by,
                owner,
                self.actor(),
                c.value.as_ref().map(|v| v.minor),
                c.value.as_ref().map(|v| v.currency.as_str()),
                c.expected_on.map(day),
                c.other_phones,
            ],
        )?)
    }

    /// Puts the client into `stage` from `now` on.
    pub fn set_stage(&self, id: i64, stage: Stage, now: DateTime<Utc>) -> Result<()> {
        let number = self.changing(id)?;
        self.conn
            .prepare_cached(
                "UPDATE clients SET stage = $2, stage_since = $3, updated_at = $3, version = $4,
                    changed_by = $5
                 WHERE id = $1",
            )?
            .execute(params![id, stage.key(), ts(now), number, self.actor()])?;
        Ok(())
    }

    /// Sets (or clears) the day a lost client comes back.
    pub fn set_back(&self, id: i64, on: Option<chrono::NaiveDate>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE clients SET back_on = $2 WHERE id = $1")?
            .execute(params![id, on.map(day)])?;
        Ok(())
    }

    /// Clears the client's expected deal (its first payment came).
    pub fn clear_deal(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let number = self.changing(id)?;
        self.conn
            .prepare_cached(
                "UPDATE clients SET value_minor = NULL, value_currency = NULL, expected_on = NULL,
                    updated_at = $2, version = $3, changed_by = $4
                 WHERE id = $1",
            )?
            .execute(params![id, ts(now), number, self.actor()])?;
        Ok(())
    }

    /// Marks the client lost with `reason`, or active again (`reason` None);
    /// reviving restarts the stage clock so the card is not instantly stale.
    pub fn set_status(
        &self,
        id: i64,
        status: Status,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let number = self.changing(id)?;
        let restart_clock = status == Status::Active;
        self.conn
            .prepare_cached(
                "UPDATE clients SET status = $2, lost_reason = $3, updated_at = $4,
                    stage_since = CASE WHEN $5 THEN $4 ELSE stage_since END,
                    version = $6, changed_by = $7
                 WHERE id = $1",
            )?
            .execute(params![
                id,
                status.key(),
                reason,
                ts(now),
                restart_clock,
                number,
                self.actor()
            ])?;
        Ok(())
    }

    /// Replaces a client's editable fields (already normalised).
    pub fn update_client(&self, id: i64, c: &NewClient, now: DateTime<Utc>) -> Result<()> {
        let number = self.changing(id)?;
        self.conn
            .prepare_cached(
                "UPDATE clients SET name = $2, company = $3, phone = $4, email = $5, source = $6,
                    notes = $7, search_text = $8, updated_at = $9, tags = $10, version = $11,
                    changed_by = $12, value_minor = $13, value_currency = $14, expected_on = $15,
                    other_phones = $16
                 WHERE id = $1",
            )?
            .execute(params![
                id,
                c.name,
                c.company,
                c.phone,
                c.email,
                c.source,
                c.notes,
                c.search_text(),
                ts(now),
                c.tags,
                number,
                self.actor(),
                c.value.as_ref().map(|v| v.minor),
                c.value.as_ref().map(|v| v.currency.as_str()),
                c.expected_on.map(day),
                c.other_phones,
            ])?;
        Ok(())
    }

    /// Deletes a client; its timeline, reminders and orders go with it.
    pub fn delete_client(&self, id: i64) -> Result<()> {
        self.changing(id)?;
        self.conn
            .prepare_cached("DELETE FROM clients WHERE id = $1")?
            .execute([id])?;
        Ok(())
    }

    /// Hands `from`'s timeline, reminders and orders over to `to`.
    pub fn move_history(&self, from: i64, to: i64) -> Result<()> {
        for table in ["activities", "reminders", "orders"] {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE {table} SET client_id = $2 WHERE client_id = $1"
                ))?
                .execute(params![from, to])?;
        }
        Ok(())
    }
}
