//! The timeline's place changes as reports and the forecast read them:
//! each client's whole history, one client at a time, of the clients a
//! span changed, a range of ids or everyone; and the clients a span
//! changed.

use super::sql::{self, Row, Value, params};
use chrono::{DateTime, Utc};

use super::{Db, bad_value, parse_ts_bytes, ts};
use crate::domain::report::{Entry, StageEvent};
use crate::domain::{Stage, Status};
use crate::error::Result;

/// Whose histories a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Histories<'a> {
    /// The clients with a place change in `[since, until)`, found by the
    /// query itself: what a report read before `Among`, kept as the tests'
    /// reference for it.
    #[cfg(test)]
    ChangedIn((DateTime<Utc>, DateTime<Utc>)),
    /// These clients (ids in order, each once: `Db::changed_clients`).
    Among(&'a [i64]),
    /// The clients with an id in `[from, to)`.
    Ids(i64, i64),
    /// Every client.
    All,
}

/// The kinds of timeline entries that change a client's place.
const PLACES: &str = "kind IN ('created', 'move', 'lost', 'revived')";

/// Column `i` as a station, if any (its bytes compared with the keys: no
/// check as UTF-8 per timeline entry).
pub(super) fn stage(r: &Row, i: usize) -> sql::Result<Option<Stage>> {
    match r.bytes(i)? {
        None => Ok(None),
        Some(k) => Stage::from_key_bytes(k)
            .map(Some)
            .ok_or_else(|| bad_value("stage", &String::from_utf8_lossy(k))),
    }
}

impl Db<'_> {
    /// The whole place-changing history (by time, id) of each client
    /// `which` says, handed to `each` one client at a time, in client
    /// order: the stays that began or ended in a span need nothing else,
    /// and no more than one client's history is held. Read from the places
    /// index alone, already in order (by kind, SQLite would look up every
    /// place change ever made to test its client). A list of clients is
    /// walked as given: at a million, a fortnight's 138 000 changed clients
    /// took 0.15 s as `ChangedIn` (SQLite first builds its own list of
    /// them) and 0.06 s as one `Among` list.
    pub fn histories(
        &self,
        which: Histories,
        each: &mut dyn FnMut(&[Entry]) -> Result<()>,
    ) -> Result<()> {
        let places = self.conn.say(sql::hinted!(
            "SELECT client_id, at, kind, from_stage, to_stage, text FROM activities",
            "activities_places",
            " WHERE kind IN ('created', 'move', 'lost', 'revived')"
        ));
        let (mut stmt, args) = match which {
            Histories::Among(ids) => return self.histories_among(ids, places, each),
            #[cfg(test)]
            Histories::ChangedIn((since, until)) => (
                self.conn.prepare_cached(&format!(
                    "{places} AND client_id IN (SELECT client_id FROM activities
                       WHERE {PLACES} AND at >= $1 AND at < $2)
                     ORDER BY client_id, at, id"
                ))?,
                vec![Value::Text(ts(since)), Value::Text(ts(until))],
            ),
            Histories::Ids(from, to) => (
                self.conn.prepare_cached(&format!(
                    "{places} AND client_id >= $1 AND client_id < $2 ORDER BY client_id, at, id"
                ))?,
                vec![Value::Int(from), Value::Int(to)],
            ),
            Histories::All => (
                self.conn
                    .prepare_cached(&format!("{places} ORDER BY client_id, at, id"))?,
                Vec::new(),
            ),
        };
        places_by_client(stmt.query(args.as_slice())?, each)
    }

    /// [`Db::histories`] of the clients `ids` (in order, each once).
    fn histories_among(
        &self,
        ids: &[i64],
        places: &str,
        each: &mut dyn FnMut(&[Entry]) -> Result<()>,
    ) -> Result<()> {
        let Some(lite) = self.conn.lite() else {
            // PostgreSQL: the ids as one array.
            let mut stmt = self.conn.prepare_cached(&format!(
                "{places} AND client_id = ANY($1) ORDER BY client_id, at, id"
            ))?;
            return places_by_client(stmt.query([sql::IdArray(ids.to_vec())])?, each);
        };
        // SQLite: the ids bound as one value and walked in their order, each
        // client's entries searched in the places index (in time order): no
        // list of them built first, nothing sorted.
        let mut stmt = lite.prepare_cached(&format!(
            "SELECT a.client_id, a.at, a.kind, a.from_stage, a.to_stage, a.text
             FROM rarray($1) AS r
             CROSS JOIN activities AS a INDEXED BY activities_places ON a.client_id = r.value
             WHERE a.{PLACES}"
        ))?;
        stmt.raw_bind_parameter(1, id_list(ids))?;
        places_by_client(sql::Rows::Lite(stmt.raw_query()), each)
    }

    /// At most how many clients have changed place since `since`, from
    /// the counts the triggers keep (a few hundred rows, whatever the
    /// base): the active clients whose stay began on its day or later
    /// (their last place change; `stay_days`, by the UTC day), and every
    /// lost one. What a reader goes by to read the histories of the
    /// clients a span changed rather than everyone's.
    pub fn moved_since_at_most(&self, since: DateTime<Utc>) -> Result<i64> {
        let active: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(sum(n), 0) FROM stay_days WHERE day >= $1")?
            .query_row([since.date_naive().to_string()], |r| r.get(0))?;
        Ok(active + self.count_clients(None, Some(Status::Lost))?)
    }

    /// The clients with a place change in `[since, until)`, each once, in
    /// order: from the index of entries by kind and time alone.
    pub fn changed_clients(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT client_id FROM activities WHERE {PLACES} AND at >= $1 AND at < $2"
        ))?;
        let mut ids: Vec<i64> = stmt
            .query_map(params![ts(since), ts(until)], |r| r.get(0))?
            .collect::<sql::Result<_>>()?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

/// Ids as one value SQLite's `rarray` walks.
pub(super) fn id_list(ids: &[i64]) -> rusqlite::vtab::array::Array {
    std::rc::Rc::new(
        ids.iter()
            .map(|&id| rusqlite::types::Value::Integer(id))
            .collect(),
    )
}

/// Hands the place changes of `rows` (by client, then time and id) to
/// `each` one client at a time.
fn places_by_client(
    mut rows: sql::Rows<'_>,
    each: &mut dyn FnMut(&[Entry]) -> Result<()>,
) -> Result<()> {
    let mut out: Vec<Entry> = Vec::new();
    // Borrowed text: no allocation per row but the rare loss reason.
    while let Some(r) = rows.next()? {
        let event = match (
            r.bytes(2)?.unwrap_or_default(),
            stage(&r, 3)?,
            stage(&r, 4)?,
        ) {
            (b"created", _, Some(to)) => StageEvent::Created(to),
            (b"move", Some(from), Some(to)) => StageEvent::Moved { from, to },
            (b"lost", _, _) => StageEvent::Lost {
                reason: r.text(5)?.map(str::to_string),
            },
            (b"revived", _, _) => StageEvent::Revived,
            _ => continue,
        };
        let client: i64 = r.get(0)?;
        if out.first().is_some_and(|e| e.client != client) {
            each(&out)?;
            out.clear();
        }
        out.push(Entry {
            client,
            at: parse_ts_bytes(r.bytes(1)?.unwrap_or_default())?,
            event,
        });
    }
    if !out.is_empty() {
        each(&out)?;
    }
    Ok(())
}
