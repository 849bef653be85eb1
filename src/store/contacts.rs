//! The contacts a report's activity and the plans count (calls by
//! outcome, meetings, e-mails, notes, seconds on the phone): kept per hour
//! by triggers (`contact_hours`, schema step 8 of both engines), tallied in
//! memory while a bulk load's triggers rest, and read as the whole hours
//! of a span from there and its part-hours from the timeline.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::sql::{self, params};
use super::{Db, WriteDb, ts};
use crate::domain::{Activity, ActivityKind, CallOutcome};
use crate::error::Result;

impl Db<'_> {
    /// Seconds on the phone in `[since, until)` (`by`: one person's): the
    /// whole hours' from the contacts per hour, the part-hours at the ends
    /// from the timeline.
    pub fn talk_secs(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<i64> {
        let (whole, ends) = hours_within(since, until);
        let mut secs = 0;
        for (since, until) in ends {
            secs += self.talk_secs_on_timeline(since, until, by)?;
        }
        if let Some((from, to)) = whole {
            let (sql, values) = whose(
                "SELECT coalesce(sum(talk_secs), 0) FROM contact_hours
                 WHERE kind = 'call' AND hour >= $1 AND hour < $2",
                "",
                [hour(from), hour(to)],
                by,
            );
            secs += self
                .conn
                .prepare_cached(&sql)?
                .query_row(values.as_slice(), |r| r.get::<i64>(0))?;
        }
        Ok(secs)
    }

    /// Seconds on the phone in `[since, until)`, from the index of the
    /// dialled calls alone (schema v20).
    pub(super) fn talk_secs_on_timeline(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<i64> {
        // Without statistics SQLite's planner would walk every call of the
        // period by kind and look each one up (a year at a million
        // clients: 1.2 s, against nothing).
        let sql = self.conn.say(sql::hinted!(
            "SELECT coalesce(sum(duration_secs), 0) FROM activities",
            "activities_talk",
            " WHERE kind = 'call' AND duration_secs IS NOT NULL AND at >= $1 AND at < $2"
        ));
        let (sql, values) = whose(sql, "", [ts(since), ts(until)], by);
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(values.as_slice(), |r| r.get(0))?)
    }

    /// Calls (by outcome: a known one, `other`, or `None` for none),
    /// meetings, e-mails and notes in `[since, until)` (`by`: only those
    /// this person logged): the whole hours' from the contacts per hour,
    /// the part-hours at the ends from the timeline.
    pub fn contact_counts(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Vec<(String, Option<String>, i64)>> {
        let (whole, ends) = hours_within(since, until);
        let mut counts: BTreeMap<(String, Option<String>), i64> = BTreeMap::new();
        for (since, until) in ends {
            for (kind, outcome, n) in self.contacts_on_timeline(since, until, by)? {
                *counts.entry((kind, outcome)).or_default() += n;
            }
        }
        if let Some((from, to)) = whole {
            let (sql, values) = whose(
                "SELECT kind, outcome, sum(n) FROM contact_hours WHERE hour >= $1 AND hour < $2",
                " GROUP BY kind, outcome",
                [hour(from), hour(to)],
                by,
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(values.as_slice())?;
            while let Some(r) = rows.next()? {
                let outcome = match r.text(1)?.unwrap_or_default() {
                    "" => None,
                    o if CallOutcome::ALL.iter().any(|k| k.key() == o) => Some(o.to_string()),
                    _ => Some("other".to_string()),
                };
                *counts.entry((r.get(0)?, outcome)).or_default() += r.get::<i64>(2)?;
            }
        }
        Ok(counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((kind, outcome), n)| (kind, outcome, n))
            .collect())
    }

    /// [`Db::contact_counts`] of `[since, until)` from the timeline itself:
    /// counted per kind along the index, one sum per known outcome (a
    /// filter on each: a sixth cheaper than a `CASE`): grouping by outcome
    /// as well would sort every call.
    pub(super) fn contacts_on_timeline(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Vec<(String, Option<String>, i64)>> {
        let sums: String = CallOutcome::ALL
            .iter()
            .map(|o| format!(", count(*) FILTER (WHERE outcome = '{}')", o.key()))
            .collect();
        let (sql, values) = whose(
            &format!(
                "SELECT kind, count(*), count(outcome){sums} FROM activities
                 WHERE kind IN ('call', 'meeting', 'email', 'note') AND at >= $1 AND at < $2"
            ),
            " GROUP BY kind",
            [ts(since), ts(until)],
            by,
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::new();
        let mut rows = stmt.query(values.as_slice())?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            let (all, with_outcome): (i64, i64) = (r.get(1)?, r.get(2)?);
            let mut known = 0;
            for (i, o) in CallOutcome::ALL.iter().enumerate() {
                let n: i64 = r.get(3 + i)?;
                known += n;
                out.push((kind.clone(), Some(o.key().to_string()), n));
            }
            out.push((
                kind.clone(),
                Some("other".to_string()),
                with_outcome - known,
            ));
            out.push((kind, None, all - with_outcome));
        }
        out.retain(|(_, _, n)| *n > 0);
        Ok(out)
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
    pub(super) fn add(&mut self, at: &str, a: &Activity, by: Option<&str>) {
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
    /// Runs `load` with the contacts it writes tallied in memory (a bulk
    /// load's triggers rest), for [`WriteDb::add_contact_tally`]; however
    /// it ends, nothing is tallied after it.
    pub(super) fn tallying_contacts<T>(&self, load: impl FnOnce() -> Result<T>) -> Result<T> {
        *self.session.bulk_contacts.borrow_mut() = Some(ContactTally::default());
        let out = load();
        self.session.bulk_contacts.take();
        out
    }

    /// Adds what [`WriteDb::tallying_contacts`] tallied so far to the
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

/// A statement over a span (`$1`, `$2`: `span`) of `head` then `tail`,
/// with, for one person (`by`), their condition between the two — and
/// none for everyone's, so that their counts stay on a covering index:
/// its text and its values.
fn whose(head: &str, tail: &str, span: [String; 2], by: Option<&str>) -> (String, Vec<String>) {
    let mut values = span.to_vec();
    let condition = match by {
        Some(login) => {
            values.push(login.to_string());
            " AND by_user = $3"
        }
        None => "",
    };
    (format!("{head}{condition}{tail}"), values)
}

/// An instant's hour as the contacts per hour key it: `2026-11-23T10`.
fn hour(t: DateTime<Utc>) -> String {
    let mut key = ts(t);
    key.truncate(13);
    key
}

/// `[since, until)` cut at whole hours: the whole hours within it, if any,
/// and the rest (the part-hours at its ends, or all of it), each a span.
type Cut = (
    Option<(DateTime<Utc>, DateTime<Utc>)>,
    Vec<(DateTime<Utc>, DateTime<Utc>)>,
);

fn hours_within(since: DateTime<Utc>, until: DateTime<Utc>) -> Cut {
    use chrono::DurationRound;
    let one = chrono::Duration::hours(1);
    let floor = |t: DateTime<Utc>| t.duration_trunc(one).unwrap_or(t);
    let first = match floor(since) {
        f if f == since => since,
        f => f + one,
    };
    let last = floor(until);
    if first >= last {
        return (None, vec![(since, until)]);
    }
    let ends = [(since, first), (last, until)]
        .into_iter()
        .filter(|(a, b)| a < b)
        .collect();
    (Some((first, last)), ends)
}
