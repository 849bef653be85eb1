//! The `activities` table: each client's timeline.

use std::collections::HashMap;

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

/// The calls, meetings, e-mails and notes a bulk load writes while the
/// triggers rest, tallied as `contact_hours` keys them (the hour, the kind,
/// the outcome, who logged them) and added to that table at the load's
/// end: counting them again from the timeline would read every entry a
/// load of a million clients made (a second).
#[derive(Debug, Default)]
pub(super) struct ContactTally {
    /// Each key's count and seconds on the phone; outcomes and people by
    /// their place in `words` (a handful: no text copied per entry).
    counts: HashMap<HourKey, (i64, i64)>,
    words: Vec<String>,
}

/// A contact's hour, kind, outcome and who logged it (the last two by
/// their place in [`ContactTally::words`]).
type HourKey = ([u8; 13], &'static str, usize, usize);

impl ContactTally {
    /// Counts entry `a`, written at `at` by `by`, if it is a contact.
    fn add(&mut self, at: &str, a: &Activity, by: Option<&str>) {
        let logged = matches!(
            a.kind,
            ActivityKind::Call | ActivityKind::Meeting | ActivityKind::Email | ActivityKind::Note
        );
        let Some(hour) = at.as_bytes().first_chunk::<13>().filter(|_| logged) else {
            return;
        };
        let key = (
            *hour,
            a.kind.key(),
            self.word(a.outcome.as_deref().unwrap_or_default()),
            self.word(by.unwrap_or_default()),
        );
        let (n, secs) = self.counts.entry(key).or_default();
        *n += 1;
        *secs += a.duration_secs.unwrap_or(0);
    }

    fn word(&mut self, word: &str) -> usize {
        match self.words.iter().position(|w| w == word) {
            Some(i) => i,
            None => {
                self.words.push(word.to_string());
                self.words.len() - 1
            }
        }
    }
}

impl WriteDb<'_> {
    /// Tallies the contacts written from here on in memory (a bulk load's
    /// triggers rest), until [`WriteDb::add_contact_tally`].
    pub(super) fn tally_contacts(&self) {
        *self.session.bulk_contacts.borrow_mut() = Some(ContactTally::default());
    }

    /// Adds what was tallied since [`WriteDb::tally_contacts`] to the
    /// contacts per hour, and stops tallying.
    pub(super) fn add_contact_tally(&self) -> Result<()> {
        let Some(tally) = self.session.bulk_contacts.borrow_mut().take() else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_hours (hour, kind, outcome, by_user, n, talk_secs)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (hour, kind, outcome, by_user) DO UPDATE
                 SET n = contact_hours.n + excluded.n,
                     talk_secs = contact_hours.talk_secs + excluded.talk_secs",
        )?;
        for ((hour, kind, outcome, by), (n, secs)) in tally.counts {
            let hour = String::from_utf8_lossy(&hour);
            let (outcome, by) = (&tally.words[outcome], &tally.words[by]);
            stmt.execute(params![hour.as_ref(), kind, outcome, by, n, secs])?;
        }
        Ok(())
    }
}
