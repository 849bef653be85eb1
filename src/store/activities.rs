//! The `activities` table: each client's timeline.

use super::sql::{self, Row, params};

use super::{Db, WriteDb, bad_value, parse_ts, ts};
use crate::domain::{Activity, ActivityKind, Stage};
use crate::error::Result;

fn stage_column(r: &Row, i: usize) -> sql::Result<Option<Stage>> {
    match r.get::<Option<String>>(i)? {
        None => Ok(None),
        Some(k) => Stage::from_key(&k)
            .map(Some)
            .ok_or_else(|| bad_value("stage", &k)),
    }
}

fn activity_row(r: &Row) -> sql::Result<Activity> {
    let kind: String = r.get(3)?;
    Ok(Activity {
        id: r.get(0)?,
        client_id: r.get(1)?,
        at: parse_ts(&r.get::<String>(2)?)?,
        kind: ActivityKind::from_key(&kind).ok_or_else(|| bad_value("activity", &kind))?,
        text: r.get(4)?,
        outcome: r.get(5)?,
        from_stage: stage_column(r, 6)?,
        to_stage: stage_column(r, 7)?,
        order_id: r.get(8)?,
        by: r.get(9)?,
        from_owner: r.get(10)?,
        to_owner: r.get(11)?,
        duration_secs: r.get(12)?,
    })
}

impl Db<'_> {
    /// A client's timeline, oldest first.
    pub fn activities(&self, client_id: i64) -> Result<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, client_id, at, kind, text, outcome, from_stage, to_stage, order_id,
                    by_user, from_owner, to_owner, duration_secs
             FROM activities WHERE client_id = $1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([client_id], activity_row)?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }
}

impl WriteDb<'_> {
    /// Appends an entry to a client's timeline; returns its id.
    pub fn insert_activity(&self, a: &Activity) -> Result<i64> {
        let at = ts(a.at);
        if let Some(tally) = self.session.bulk_contacts.borrow_mut().as_mut() {
            tally.add(&at, a, self.actor());
        }
        Ok(self.conn.insert(
            sql::inserting!(
                "INSERT INTO activities (client_id, at, kind, text, outcome, from_stage, to_stage,
                    order_id, by_user, from_owner, to_owner, duration_secs)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ),
            params![
                a.client_id,
                at,
                a.kind.key(),
                a.text,
                a.outcome,
                a.from_stage.map(Stage::key),
                a.to_stage.map(Stage::key),
                a.order_id,
                self.actor(),
                a.from_owner,
                a.to_owner,
                a.duration_secs,
            ],
        )?)
    }
}
