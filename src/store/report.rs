//! What the reports, plans and segments read: payments (first or repeat,
//! per day, per client), new clients and their referrers, open stays and
//! the plans (the timeline's place changes are `histories.rs`'s, the
//! contacts `contacts.rs`'s). Each a single query on an index.

use std::collections::HashMap;

use super::histories::{id_list, stage};
use super::sql::{self, Row, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Db, WriteDb, bad_value, day, parse_day, parse_ts, ts};
use crate::domain::{Stage, Status};
use crate::error::Result;

/// A paid order, and whether it was its client's first (by day, then id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidOrder {
    pub id: i64,
    pub client_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub paid_on: NaiveDate,
    pub first: bool,
}

/// The payments of one day in one currency, first or repeat: how many and
/// their sum (a single payment: one of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidDay {
    pub day: NaiveDate,
    pub currency: String,
    pub first: bool,
    pub n: i64,
    pub amount_minor: i64,
}

impl From<PaidOrder> for PaidDay {
    fn from(o: PaidOrder) -> PaidDay {
        PaidDay {
            day: o.paid_on,
            currency: o.currency,
            first: o.first,
            n: 1,
            amount_minor: o.amount_minor,
        }
    }
}

/// A client created in a period, as a report counts it (its source
/// borrowed from the row: no copy per client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewClientRow<'a> {
    pub id: i64,
    pub source: Option<&'a str>,
    pub referred_by: Option<i64>,
}

impl Db<'_> {
    /// The open expected deals before the farmer in other currencies than
    /// `currency`: per currency, how many and their sum (from the sums the
    /// triggers keep, schema v17).
    pub fn deals_not_in(&self, currency: &str) -> Result<Vec<(String, i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT currency, sum(n), sum(amount_minor) FROM stage_values
             WHERE stage <> 'farmer' AND currency <> $1 AND n > 0
             GROUP BY currency ORDER BY currency",
        )?;
        let rows = stmt.query_map([currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// The open (active) clients' expected deals in `currency`.
    pub fn open_deals(&self, currency: &str) -> Result<Vec<crate::domain::forecast::OpenDeal>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT stage, value_minor, expected_on FROM clients
             WHERE value_minor IS NOT NULL AND status = 'active' AND value_currency = $1",
        )?;
        let rows = stmt.query_map([currency], |r| {
            Ok(crate::domain::forecast::OpenDeal {
                stage: stage(r, 0)?.ok_or_else(|| bad_value("stage", ""))?,
                value_minor: r.get(1)?,
                expected_on: r.text(2)?.map(parse_day).transpose()?,
            })
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Each paying client's first payment day, of the clients with an id
    /// in `[from, to)`, by client in order, from the index of payments by
    /// client alone.
    pub fn first_payment_days(&self, from: i64, to: i64) -> Result<Vec<(i64, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(self.conn.say(sql::hinted!(
            "SELECT client_id, min(paid_on) FROM orders",
            "orders_paid_by_client",
            " WHERE paid_on IS NOT NULL AND client_id >= $1 AND client_id < $2
              GROUP BY client_id ORDER BY client_id"
        )))?;
        let mut rows = stmt.query(params![from, to])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push((r.get(0)?, parse_day(r.text(1)?.unwrap_or_default())?));
        }
        Ok(out)
    }

    /// Orders paid on `[from, to]`, each marked first or repeat (the flag
    /// kept since schema v13), handed to `each` one at a time in no
    /// particular order: from the index of payments by day alone (v22).
    pub fn each_paid_order_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        each: &mut dyn FnMut(PaidOrder) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(self.conn.say(sql::hinted!(
            "SELECT id, client_id, amount_minor, currency, paid_on, first_paid = 1 FROM orders",
            "orders_paid_day",
            " WHERE paid_on IS NOT NULL AND paid_on >= $1 AND paid_on <= $2"
        )))?;
        let mut rows = stmt.query(params![day(from), day(to)])?;
        while let Some(r) = rows.next()? {
            each(PaidOrder {
                id: r.get(0)?,
                client_id: r.get(1)?,
                amount_minor: r.get(2)?,
                currency: r.get(3)?,
                paid_on: parse_day(r.text(4)?.unwrap_or_default())?,
                first: r.get(5)?,
            })?;
        }
        Ok(())
    }

    /// Everyone's payments on `[from, to]`, a day, currency and kind (first
    /// or repeat) at a time, from their tally (schema v25): a few rows a
    /// day, however many payments.
    pub fn each_paid_day_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        each: &mut dyn FnMut(PaidDay) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, currency, first_paid = 1, n, amount_minor FROM paid_days
             WHERE day >= $1 AND day <= $2 AND n <> 0",
        )?;
        let mut rows = stmt.query(params![day(from), day(to)])?;
        while let Some(r) = rows.next()? {
            each(PaidDay {
                day: parse_day(r.text(0)?.unwrap_or_default())?,
                currency: r.get(1)?,
                first: r.get(2)?,
                n: r.get(3)?,
                amount_minor: r.get(4)?,
            })?;
        }
        Ok(())
    }

    /// The highest client id (0: none), which ranges of ids are cut from.
    pub fn last_client_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM clients", sql::NONE, |r| {
                r.get(0)
            })?)
    }

    /// Clients created in `[since, until)`, from the creation index alone,
    /// handed to `each` one at a time.
    pub fn each_client_created(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        each: &mut dyn FnMut(NewClientRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, source, referred_by FROM clients
             WHERE created_at >= $1 AND created_at < $2",
        )?;
        let mut rows = stmt.query(params![ts(since), ts(until)])?;
        while let Some(r) = rows.next()? {
            each(NewClientRow {
                id: r.get(0)?,
                source: r.text(1)?,
                referred_by: r.get(2)?,
            })?;
        }
        Ok(())
    }

    /// What each paying client has paid so far in `currency` (0 for one
    /// that paid in others alone), by client in order, from the index of
    /// payments by client alone; with `among`, only those clients (in
    /// order, each once: the payments of others passed over).
    pub fn each_paid_sum_by_client(
        &self,
        among: Option<&[i64]>,
        currency: &str,
        each: &mut dyn FnMut(i64, i64) -> Result<()>,
    ) -> Result<()> {
        match (among, self.conn.lite()) {
            (None, _) => {
                let mut stmt = self.conn.prepare_cached(self.conn.say(sql::hinted!(
                    "SELECT client_id, coalesce(sum(amount_minor) FILTER (WHERE currency = $1), 0)
                     FROM orders",
                    "orders_paid_by_client",
                    " WHERE paid_on IS NOT NULL GROUP BY client_id ORDER BY client_id"
                )))?;
                let mut rows = stmt.query([currency])?;
                while let Some(r) = rows.next()? {
                    each(r.get(0)?, r.get(1)?)?;
                }
            }
            // SQLite: the clients bound as one list and walked in its
            // order, each one's payments searched in the index, summed
            // here as they pass (no list built first, nothing grouped).
            (Some(ids), Some(lite)) => {
                let mut stmt = lite.prepare_cached(
                    "SELECT o.client_id, CASE WHEN o.currency = ?2 THEN o.amount_minor ELSE 0 END
                     FROM rarray(?1) AS r
                     CROSS JOIN orders AS o INDEXED BY orders_paid_by_client
                         ON o.client_id = r.value
                     WHERE o.paid_on IS NOT NULL",
                )?;
                stmt.raw_bind_parameter(1, id_list(ids))?;
                stmt.raw_bind_parameter(2, currency)?;
                let mut rows = sql::Rows::Lite(stmt.raw_query());
                let mut sum: Option<(i64, i64)> = None;
                while let Some(r) = rows.next()? {
                    let (client, amount): (i64, i64) = (r.get(0)?, r.get(1)?);
                    match &mut sum {
                        Some((c, total)) if *c == client => *total += amount,
                        _ => {
                            if let Some((c, total)) = sum.replace((client, amount)) {
                                each(c, total)?;
                            }
                        }
                    }
                }
                if let Some((c, total)) = sum {
                    each(c, total)?;
                }
            }
            (Some(ids), None) => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT client_id, coalesce(sum(amount_minor) FILTER (WHERE currency = $2), 0)
                     FROM orders
                     WHERE paid_on IS NOT NULL AND client_id = ANY($1)
                     GROUP BY client_id ORDER BY client_id",
                )?;
                let mut rows = stmt.query(params![sql::IdArray(ids.to_vec()), currency])?;
                while let Some(r) = rows.next()? {
                    each(r.get(0)?, r.get(1)?)?;
                }
            }
        }
        Ok(())
    }

    /// How many clients were created in `[since, until)`.
    pub fn count_created_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM clients WHERE created_at >= $1 AND created_at < $2",
            )?
            .query_row(params![ts(since), ts(until)], |r| r.get(0))?)
    }

    /// Moves into the hunter or later from an earlier station in `[since, until)`.
    pub fn count_qualified_between(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(self.conn.say(sql::hinted!(
                "SELECT count(*) FROM activities",
                "activities_advanced",
                " WHERE kind = 'move' AND at >= $1 AND at < $2
                 AND from_stage IN ('telemarketer', 'qualifier')
                 AND to_stage IN ('hunter', 'closer', 'farmer')"
            )))?
            .query_row(params![ts(since), ts(until)], |r| r.get(0))?)
    }

    /// When the middle active client (or, for an even count, the two middle
    /// ones) entered `stage`, earliest first: the open stays' median. The
    /// kept count of open stays per day they began finds the day the
    /// middle falls on and how many come before it; that day's cards are
    /// read from there, not every card before them.
    /// (`owner`: only that person's cards.)
    pub fn open_stay_middle(
        &self,
        stage: Stage,
        owner: Option<&str>,
    ) -> Result<Vec<DateTime<Utc>>> {
        let per_day = |r: &Row| Ok((r.get::<String>(0)?, r.get::<i64>(1)?));
        let days: Vec<(String, i64)> = match owner {
            Some(login) => self
                .conn
                .prepare_cached(
                    "SELECT day, n FROM stay_days WHERE stage = $1 AND owner = $2 ORDER BY day",
                )?
                .query_map(params![stage.key(), login], per_day)?
                .collect::<sql::Result<_>>()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT day, sum(n) FROM stay_days WHERE stage = $1 GROUP BY day ORDER BY day",
                )?
                .query_map([stage.key()], per_day)?
                .collect::<sql::Result<_>>()?,
        };
        let n: i64 = days.iter().map(|(_, k)| k).sum();
        if n == 0 {
            return Ok(Vec::new());
        }
        let (limit, middle) = (2 - n % 2, (n - 1) / 2);
        // The day the middle stay began on, and the stays begun before it.
        let mut before = 0;
        let mut from = "";
        for (day, k) in &days {
            if before + k > middle {
                from = day;
                break;
            }
            before += k;
        }
        let whose = match owner {
            Some(_) => " AND owner = $5",
            None => "",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT stage_since FROM clients
             WHERE stage = $1 AND status = 'active' AND stage_since >= $2{whose}
             ORDER BY stage_since LIMIT $3 OFFSET $4"
        ))?;
        let since = |r: &Row| parse_ts(&r.get::<String>(0)?);
        let offset = middle - before;
        let rows = match owner {
            Some(login) => {
                stmt.query_map(params![stage.key(), from, limit, offset, login], since)?
            }
            None => stmt.query_map(params![stage.key(), from, limit, offset], since)?,
        };
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Names of the given clients.
    /// Of each client of `ids` that exists, what a listing names it by:
    /// not its whole row (a million clients' 117 000 payers, whole, took
    /// more than the rest of `segments`).
    pub fn named(&self, ids: &[i64]) -> Result<Vec<Named>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, stage, status FROM clients WHERE id = $1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query_map([id], |r| {
                let (stage, status): (String, String) = (r.get(2)?, r.get(3)?);
                Ok(Named {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    stage: Stage::from_key(&stage).ok_or_else(|| bad_value("stage", &stage))?,
                    status: Status::from_key(&status)
                        .ok_or_else(|| bad_value("status", &status))?,
                })
            })?;
            if let Some(named) = rows.next() {
                out.push(named?);
            }
        }
        Ok(out)
    }

    pub fn names(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM clients WHERE id = $1")?;
        let mut out = HashMap::new();
        for id in ids {
            if let Some(name) = stmt
                .query_map([id], |r| r.get::<String>(0))?
                .next()
                .transpose()?
            {
                out.insert(*id, name);
            }
        }
        Ok(out)
    }

    /// Every plan target: (week `2026-W48` or day `2026-11-25`, metric, target).
    pub fn plans(&self) -> Result<Vec<(String, String, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT week, metric, target FROM plans ORDER BY week, metric")?;
        let rows = stmt.query_map(sql::NONE, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Every client's revenue from payments on or after `since` in
    /// `currency`, for every client that ever paid (0 when none in the window).
    pub fn revenue_since(&self, since: NaiveDate, currency: &str) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT client_id,
                coalesce(sum(CASE WHEN paid_on >= $1 AND currency = $2 THEN amount_minor END), 0)
             FROM orders WHERE paid_on IS NOT NULL GROUP BY client_id ORDER BY client_id",
        )?;
        let rows = stmt.query_map(params![day(since), currency], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }
}

/// A client as a listing names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub status: Status,
}

/// A manual class with its note and expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentOverride {
    pub segment: crate::domain::segment::Segment,
    pub note: Option<String>,
    pub until: Option<NaiveDate>,
}

impl Db<'_> {
    /// Whether client `id` has ever paid an order (one entry of the
    /// payments by client).
    pub fn ever_paid(&self, id: i64) -> Result<bool> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM orders
                 WHERE client_id = $1 AND paid_on IS NOT NULL LIMIT 1) AS p",
            )?
            .query_row([id], |r| r.get(0))?;
        Ok(n > 0)
    }

    /// Every stored override, by client.
    pub fn segment_overrides(&self) -> Result<Vec<(i64, SegmentOverride)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, segment_override, segment_note, segment_until FROM clients
             WHERE segment_override IS NOT NULL",
        )?;
        let rows = stmt.query_map(sql::NONE, |r| {
            let key: String = r.get(1)?;
            let segment = crate::domain::segment::Segment::parse(&key)
                .ok_or_else(|| bad_value("segment", &key))?;
            let until: Option<String> = r.get(3)?;
            Ok((
                r.get(0)?,
                SegmentOverride {
                    segment,
                    note: r.get(2)?,
                    until: until.map(|d| parse_day(&d)).transpose()?,
                },
            ))
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }
}

impl WriteDb<'_> {
    /// Sets or (`None`) clears a client's manual class.
    pub fn set_segment_override(
        &self,
        id: i64,
        segment: Option<crate::domain::segment::Segment>,
        note: Option<&str>,
        until: Option<NaiveDate>,
    ) -> Result<()> {
        let number = self.changing(id)?;
        self.conn
            .prepare_cached(
                "UPDATE clients SET segment_override = $2, segment_note = $3, segment_until = $4,
                    version = $5, changed_by = $6
                 WHERE id = $1",
            )?
            .execute(params![
                id,
                segment.map(|s| s.key()),
                segment.and(note),
                segment.and(until).map(day),
                number,
                self.actor()
            ])?;
        Ok(())
    }

    /// Sets (or, with 0, removes) a plan target.
    pub fn set_plan(&self, key: &str, metric: &str, target: i64) -> Result<()> {
        if target == 0 {
            self.conn
                .prepare_cached("DELETE FROM plans WHERE week = $1 AND metric = $2")?
                .execute(params![key, metric])?;
        } else {
            self.conn
                .prepare_cached(
                    "INSERT INTO plans (week, metric, target) VALUES ($1, $2, $3)
                     ON CONFLICT (week, metric) DO UPDATE SET target = excluded.target",
                )?
                .execute(params![key, metric, target])?;
        }
        Ok(())
    }
}
