//! `konveyer check`: SQLite's own checks of the file, the kept counts
//! against counting, and the search index against the texts.
//!
//! Most of SQLite's check is looking each row of a table up in each of its
//! indexes (at a million generated clients nearly all of its 27 s: the
//! timeline's table alone 17 s; walking the file's pages 2.5 s). On a file that part runs table by table on a second
//! connection, while this one walks every page of the file (its trees,
//! the free pages and pages used twice or never: `quick_check`) and
//! checks the rest. The two together are SQLite's whole `integrity_check`.

use std::path::Path;

use rusqlite::Connection;

use super::file::open_for_reading;
use super::sql::{self, Row};
use super::{BUSY_TIMEOUT, Db, Store};
use crate::error::{Error, Result};

/// What `miscounts` compares: each check gives (what, what is kept, what
/// counting gives) where the two disagree.
const KEPT_CHECKS: &[&str] = &[
        "SELECT 'client_counts ' || stage || '/' || status, sum(kept), sum(counted) FROM (
             SELECT stage, status, n AS kept, 0 AS counted FROM client_counts
             UNION ALL
             SELECT stage, status, 0, count(*) FROM clients GROUP BY stage, status) AS k
         GROUP BY stage, status HAVING sum(kept) <> sum(counted)",
        "SELECT 'stage_values ' || stage || '/' || currency, sum(kept), sum(counted) FROM (
             SELECT stage, currency, amount_minor AS kept, 0 AS counted FROM stage_values
             UNION ALL
             SELECT stage, value_currency, 0, sum(value_minor) FROM clients
             WHERE status = 'active' AND value_minor IS NOT NULL
             GROUP BY stage, value_currency) AS v
         GROUP BY stage, currency HAVING sum(kept) <> sum(counted)",
        "SELECT 'unplanned ' || stage, sum(kept), sum(counted) FROM (
             SELECT stage, n AS kept, 0 AS counted FROM unplanned
             UNION ALL
             SELECT stage, 0, count(*) FROM clients
             WHERE status = 'active' AND next_on IS NULL AND stage <> 'farmer'
             GROUP BY stage) AS u
         GROUP BY stage HAVING sum(kept) <> sum(counted)",
        "SELECT 'stay_days ' || stage || '/' || day || '/' || owner, sum(kept), sum(counted)
         FROM (
             SELECT stage, day, owner, n AS kept, 0 AS counted FROM stay_days
             UNION ALL
             SELECT stage, substr(stage_since, 1, 10), coalesce(owner, ''), 0, count(*)
             FROM clients WHERE status = 'active'
             GROUP BY stage, substr(stage_since, 1, 10), coalesce(owner, '')) AS s
         GROUP BY stage, day, owner HAVING sum(kept) <> sum(counted)",
        // The contacts counted once for both kept figures of an hour: at a
        // million generated clients each count read 6 million contacts.
        "WITH counted AS MATERIALIZED (
             SELECT substr(at, 1, 13) AS hour, kind, coalesce(outcome, '') AS outcome,
                 coalesce(by_user, '') AS by_user, count(*) AS n,
                 coalesce(sum(duration_secs), 0) AS secs
             FROM activities WHERE kind IN ('call', 'meeting', 'email', 'note')
             GROUP BY substr(at, 1, 13), kind, coalesce(outcome, ''), coalesce(by_user, ''))
         SELECT 'contact_hours ' || hour || '/' || kind || '/' || outcome || '/' || by_user,
                sum(kept), sum(counted)
         FROM (
             SELECT hour, kind, outcome, by_user, n AS kept, 0 AS counted FROM contact_hours
             UNION ALL
             SELECT hour, kind, outcome, by_user, 0, n FROM counted) AS h
         GROUP BY hour, kind, outcome, by_user HAVING sum(kept) <> sum(counted)
         UNION ALL
         SELECT 'talk_secs of hour ' || hour || '/' || by_user, sum(kept), sum(counted) FROM (
             SELECT hour, by_user, talk_secs AS kept, 0 AS counted FROM contact_hours
             UNION ALL
             SELECT hour, by_user, 0, secs FROM counted) AS t
         GROUP BY hour, by_user HAVING sum(kept) <> sum(counted)",
        "SELECT 'paid_days ' || day || '/' || currency || '/' || first_paid,
                sum(kept), sum(counted)
         FROM (
             SELECT day, currency, first_paid, n AS kept, 0 AS counted FROM paid_days
             UNION ALL
             SELECT paid_on, currency, first_paid, 0, count(*) FROM orders
             WHERE paid_on IS NOT NULL GROUP BY paid_on, currency, first_paid) AS p
         GROUP BY day, currency, first_paid HAVING sum(kept) <> sum(counted)",
        "SELECT 'amount_minor of paid_days ' || day || '/' || currency || '/' || first_paid,
                sum(kept), sum(counted)
         FROM (
             SELECT day, currency, first_paid, amount_minor AS kept, 0 AS counted
             FROM paid_days
             UNION ALL
             SELECT paid_on, currency, first_paid, 0, sum(amount_minor) FROM orders
             WHERE paid_on IS NOT NULL GROUP BY paid_on, currency, first_paid) AS p
         GROUP BY day, currency, first_paid HAVING sum(kept) <> sum(counted)",
        "SELECT 'due_days ' || day, sum(kept), sum(counted) FROM (
             SELECT day, n AS kept, 0 AS counted FROM due_days
             UNION ALL
             SELECT r.due_on, 0, count(*) FROM reminders r
                 LEFT JOIN clients c ON c.id = r.client_id
             WHERE r.done_at IS NULL AND (r.client_id IS NULL OR c.status = 'active')
             GROUP BY r.due_on) AS d
         GROUP BY day HAVING sum(kept) <> sum(counted)",
        // Each client's earliest open reminder, grouped once (not a
        // lookup per client: a copy of 100 000 clients is checked in
        // a fraction of the time).
        "SELECT 'next_on of client ' || c.id, coalesce(c.next_on, 'none'), coalesce(n.due, 'none')
         FROM clients c LEFT JOIN (
             SELECT client_id, min(due_on) AS due FROM reminders
             WHERE done_at IS NULL AND client_id IS NOT NULL GROUP BY client_id) AS n
         ON n.client_id = c.id
         WHERE c.next_on IS DISTINCT FROM n.due",
        "SELECT 'client_owner of reminder ' || r.id, coalesce(r.client_owner, 'none'),
                coalesce(c.owner, 'none')
         FROM reminders r LEFT JOIN clients c ON c.id = r.client_id AND c.status = 'active'
         WHERE r.client_owner IS DISTINCT FROM c.owner",
        "SELECT 'first_paid of order ' || id, first_paid, first FROM (
             SELECT id, first_paid, CASE WHEN o.paid_on IS NOT NULL AND o.id IS NOT DISTINCT FROM (
                 SELECT p.id FROM orders p WHERE p.client_id = o.client_id
                 AND p.paid_on IS NOT NULL ORDER BY p.paid_on, p.id LIMIT 1) THEN 1 ELSE 0 END AS first
             FROM orders o) AS f WHERE first_paid IS DISTINCT FROM first",
    ];

impl Db<'_> {
    /// Where what the triggers keep and counting disagree: the clients per
    /// station and status, the open reminders per day, each client's next
    /// step, each payment's "first" flag. Empty when they agree.
    pub fn miscounts(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for sql in KEPT_CHECKS {
            let mut stmt = self.conn.prepare(sql)?;
            let text = |r: &Row, i| -> sql::Result<String> {
                Ok(match r.value(i)? {
                    sql::Value::Int(n) => n.to_string(),
                    sql::Value::Real(f) => f.to_string(),
                    sql::Value::Text(t) => t,
                    sql::Value::Null => String::new(),
                })
            };
            let rows = stmt.query_map(sql::NONE, |r| {
                Ok(format!(
                    "{} says {}, counting gives {}",
                    text(r, 0)?,
                    text(r, 1)?,
                    text(r, 2)?
                ))
            })?;
            out.extend(rows.collect::<sql::Result<Vec<_>>>()?);
        }
        Ok(out)
    }
}

impl Store {
    /// SQLite's integrity and foreign-key checks, the kept counts against
    /// counting, and the search index against the texts; an empty list
    /// means healthy.
    pub fn check(&self) -> Result<Vec<String>> {
        let Some(conn) = self.conn.lite() else {
            // The server keeps its own integrity; the kept counts are ours.
            return self.read().miscounts();
        };
        let (here, beside) = std::thread::scope(|scope| {
            let beside = self
                .path
                .as_deref()
                .map(|path| scope.spawn(move || each_table_against_its_indexes(path)));
            // Without a second connection (a base in memory) SQLite's
            // whole check, here.
            let whole = match beside {
                Some(_) => "PRAGMA quick_check",
                None => "PRAGMA integrity_check",
            };
            let here = self.check_here(conn, whole);
            let beside = beside.map(|b| {
                b.join()
                    .unwrap_or_else(|_| Err(Error::Db("a checking thread failed".into())))
            });
            (here, beside)
        });
        let (mut problems, rest) = here?;
        // A damaged tree is reported by both walks: once is enough.
        for problem in beside.transpose()?.unwrap_or_default() {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
        problems.extend(rest);
        Ok(problems)
    }

    /// On this connection: `whole` (SQLite's check of the file), then the
    /// foreign keys, the kept counts and the search index. The file's
    /// problems, then the others.
    fn check_here(&self, conn: &Connection, whole: &str) -> Result<(Vec<String>, Vec<String>)> {
        let file = problems(conn, whole)?;
        let mut rest = Vec::new();
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} points to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            rest.push(row?);
        }
        drop(stmt);
        rest.extend(self.read().miscounts()?);
        // FTS5 compares its index with the texts only through a write
        // statement (it writes nothing): a read-only look goes without.
        if !self.read_only {
            let compared = conn.execute_batch(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            );
            match compared {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
                {
                    rest.push("search_index does not match the clients' search texts".into())
                }
                other => other?,
            }
        }
        Ok((file, rest))
    }
}

/// On a connection of its own to `path`, reading as the store does (a
/// file this user may not write is read as immutable): every table's rows
/// against its indexes (and a virtual table against its own check), one
/// table at a time.
fn each_table_against_its_indexes(path: &Path) -> Result<Vec<String>> {
    let conn = open_for_reading(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let tables = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for table in tables {
        let name = table.replace('\'', "''");
        out.extend(problems(
            &conn,
            &format!("PRAGMA integrity_check('{name}')"),
        )?);
    }
    Ok(out)
}

/// The rows one of SQLite's checks gives, but its "ok".
fn problems(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            out.push(row);
        }
    }
    Ok(out)
}
