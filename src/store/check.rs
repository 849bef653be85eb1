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
use super::{BUSY_TIMEOUT, Store};
use crate::error::{Error, Result};

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
