//! Undo for the board: temporary triggers on this connection write the
//! inverse of every change into a temporary log, so any change made here
//! (never one made by the CLI or another instance) can be taken back.

use rusqlite::Connection;

use super::Store;
use super::sql;
use crate::error::{Error, Result};

/// The tables whose changes can be undone.
const TABLES: [&str; 4] = ["clients", "activities", "reminders", "orders"];

/// Columns the schema's own triggers keep from other rows (a client's next
/// step, from its reminders; whether a payment is its client's first):
/// undoing those rows puts them right, so they are neither logged nor
/// guarded.
const DERIVED: [&str; 2] = ["next_on", "first_paid"];

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .filter(|c| c.as_ref().map_or(true, |c| !DERIVED.contains(&c.as_str())))
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols)
}

/// The triggers that log, for every change of `table` made on this
/// connection, its inverse (`sql`) and a guard: a query that is true only
/// while the row is still exactly as this change left it.
fn triggers(table: &str, cols: &[String]) -> String {
    let set = cols
        .iter()
        .map(|c| format!("'{c}='||quote(old.{c})"))
        .collect::<Vec<_>>()
        .join("||','||");
    let names = cols.join(",");
    let values = cols
        .iter()
        .map(|c| format!("quote(old.{c})"))
        .collect::<Vec<_>>()
        .join("||','||");
    let same = cols
        .iter()
        .map(|c| format!("' AND {c} IS '||quote(new.{c})"))
        .collect::<Vec<_>>()
        .join("||");
    let is_new = format!("'SELECT count(*) = 1 FROM {table} WHERE rowid='||new.rowid||{same}");
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} BEGIN
           INSERT INTO undo_log (sql, guard, tbl, row) VALUES (
             'DELETE FROM {table} WHERE rowid='||new.rowid, {is_new}, '{table}', new.rowid);
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE OF {names} ON main.{table} BEGIN
           INSERT INTO undo_log (sql, guard, tbl, row) VALUES (
             'UPDATE {table} SET '||{set}||' WHERE rowid='||old.rowid, {is_new}, '{table}', new.rowid);
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{table} BEGIN
           INSERT INTO undo_log (sql, guard, tbl, row) VALUES (
             'INSERT INTO {table} (rowid,{names}) VALUES ('||old.rowid||','||{values}||')',
             'SELECT count(*) = 0 FROM {table} WHERE rowid='||old.rowid, '{table}', old.rowid);
         END;"
    )
}

impl Store {
    /// Starts recording this connection's changes so they can be undone.
    /// (On PostgreSQL nothing is recorded yet: undo finds nothing to take
    /// back.)
    pub fn enable_undo(&mut self) -> Result<()> {
        let Some(conn) = self.conn.lite() else {
            return Ok(());
        };
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log (
                seq INTEGER PRIMARY KEY, sql TEXT NOT NULL, guard TEXT NOT NULL,
                tbl TEXT NOT NULL, row INTEGER NOT NULL)",
        )?;
        for table in TABLES {
            let cols = columns(conn, table)?;
            conn.execute_batch(&triggers(table, &cols))?;
        }
        Ok(())
    }

    /// A point to undo back to (taken before a change).
    pub fn undo_mark(&self) -> Result<i64> {
        if self.conn.is_pg() {
            return Ok(0);
        }
        Ok(self.conn.query_row(
            "SELECT coalesce(max(seq), 0) FROM temp.undo_log",
            sql::NONE,
            |r| r.get(0),
        )?)
    }

    /// Takes back every change recorded after `mark`, in one transaction,
    /// but only while every row is still as this connection left it and
    /// nothing else would go with it (a cascade onto another writer's rows):
    /// otherwise nothing is undone and the error names what changed.
    /// Returns how many row changes were reverted.
    pub fn undo_to(&mut self, mark: i64) -> Result<usize> {
        if self.conn.is_pg() {
            return Ok(0);
        }
        self.write(|db| {
            let steps: Vec<(String, String, String, i64)> = {
                let mut stmt = db.conn.prepare(
                    "SELECT sql, guard, tbl, row FROM temp.undo_log WHERE seq > ?1 ORDER BY seq DESC",
                )?;
                stmt.query_map([mark], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<sql::Result<_>>()?
            };
            let before: i64 =
                db.conn
                    .query_row("SELECT coalesce(max(seq), 0) FROM temp.undo_log", sql::NONE, |r| {
                        r.get(0)
                    })?;
            for (sql, guard, table, row) in &steps {
                let untouched: bool = db.conn.query_row(guard, sql::NONE, |r| r.get(0))?;
                if !untouched {
                    return Err(changed_meanwhile(db, table, *row));
                }
                db.conn.execute_batch(sql)?;
            }
            // Each inverse touches its one row; more (a cascade) means the
            // undo would take others' rows with it.
            let made: i64 = db.conn.query_row(
                "SELECT count(*) FROM temp.undo_log WHERE seq > ?1",
                [before],
                |r| r.get(0),
            )?;
            if made > steps.len() as i64 {
                let (table, row): (String, i64) = db.conn.query_row(
                    "SELECT tbl, row FROM temp.undo_log WHERE seq > ?1 ORDER BY seq LIMIT 1",
                    [before],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                return Err(changed_meanwhile(db, &table, row));
            }
            // The undo's own changes were logged too; drop them with the rest.
            db.conn
                .execute("DELETE FROM temp.undo_log WHERE seq > ?1", [mark])?;
            Ok(steps.len())
        })
    }
}

/// What another writer changed, for the refusal: the client it concerns.
fn changed_meanwhile(db: &super::WriteDb, table: &str, row: i64) -> Error {
    let client = match table {
        "clients" => Some(row),
        _ => db
            .conn
            .query_row(
                &format!("SELECT client_id FROM {table} WHERE rowid = ?1"),
                [row],
                |r| r.get::<Option<i64>>(0),
            )
            .ok()
            .flatten(),
    };
    Error::UndoConflict(client)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::{NewClient, Stage, Status};

    #[test]
    fn changes_after_a_mark_are_taken_back_and_earlier_ones_stay() {
        let mut store = Store::open_in_memory().unwrap();
        store.enable_undo().unwrap();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let new = NewClient {
            name: "Анна".into(),
            ..NewClient::default()
        };
        let id = store
            .write(|db| db.insert_client(&new, Stage::Telemarketer, t))
            .unwrap();
        let mark = store.undo_mark().unwrap();
        store
            .write(|db| {
                db.set_stage(id, Stage::Hunter, t)?;
                db.set_status(id, Status::Lost, Some("it's 'quoted'"), t)
            })
            .unwrap();
        assert_eq!(store.read().client(id).unwrap().status, Status::Lost);
        // Two changes, each also giving the card its next change number.
        assert_eq!(store.undo_to(mark).unwrap(), 4);
        let back = store.read().client(id).unwrap();
        assert_eq!(
            (back.stage, back.status),
            (Stage::Telemarketer, Status::Active)
        );
        assert_eq!(store.undo_to(0).unwrap(), 1);
        assert_eq!(store.read().count_clients(None, None).unwrap(), 0);
    }
}
