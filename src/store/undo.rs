//! Undo for the board: temporary triggers on this connection write the
//! inverse of every change into a temporary log, so any change made here
//! (never one made by the CLI or another instance) can be taken back. On
//! PostgreSQL the triggers are the schema's, and log only for a session
//! that asked (`konveyer.undo`), into that session's temporary table.

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
const DERIVED: [&str; 3] = ["next_on", "first_paid", "client_owner"];

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
           INSERT INTO undo_log (sql, guard, tbl, row_id) VALUES (
             'DELETE FROM {table} WHERE rowid='||new.rowid, {is_new}, '{table}', new.rowid);
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE OF {names} ON main.{table} BEGIN
           INSERT INTO undo_log (sql, guard, tbl, row_id) VALUES (
             'UPDATE {table} SET '||{set}||' WHERE rowid='||old.rowid, {is_new}, '{table}', new.rowid);
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{table} BEGIN
           INSERT INTO undo_log (sql, guard, tbl, row_id) VALUES (
             'INSERT INTO {table} (rowid,{names}) VALUES ('||old.rowid||','||{values}||')',
             'SELECT count(*) = 0 FROM {table} WHERE rowid='||old.rowid, '{table}', old.rowid);
         END;"
    )
}

/// PostgreSQL's log of a session's changes: every row change of the
/// undoable tables, as the row was before and after, for the sessions that
/// set `konveyer.undo` (the board's), into their own `pg_temp.undo_log`.
const PG_UNDO_LOG: &str = "
CREATE OR REPLACE FUNCTION konveyer_undo_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('konveyer.undo', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    -- A change of only what the schema keeps from other rows (a next
    -- step, a first payment's flag, a reminder's client's owner) is put
    -- right by undoing those rows.
    IF TG_OP = 'UPDATE' AND to_jsonb(OLD) - 'next_on' - 'first_paid' - 'client_owner'
                          = to_jsonb(NEW) - 'next_on' - 'first_paid' - 'client_owner' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO pg_temp.undo_log (tbl, op, row_id, new)
            VALUES (TG_TABLE_NAME, 'insert', NEW.id, to_jsonb(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO pg_temp.undo_log (tbl, op, row_id, old, new)
            VALUES (TG_TABLE_NAME, 'update', NEW.id, to_jsonb(OLD), to_jsonb(NEW));
    ELSE
        INSERT INTO pg_temp.undo_log (tbl, op, row_id, old)
            VALUES (TG_TABLE_NAME, 'delete', OLD.id, to_jsonb(OLD));
    END IF;
    RETURN NULL;
END $$;
";

/// [`PG_UNDO_LOG`]'s function alone (a later step changes what it leaves
/// out).
pub(super) fn pg_undo_log_function() -> &'static str {
    PG_UNDO_LOG
}

/// [`PG_UNDO_LOG`]'s function and its trigger on each undoable table.
pub(super) fn pg_undo_log() -> String {
    let triggers: String = TABLES
        .iter()
        .map(|t| {
            format!(
                "CREATE TRIGGER undo_log_{t} AFTER INSERT OR UPDATE OR DELETE
                     ON {t} FOR EACH ROW EXECUTE FUNCTION konveyer_undo_log();\n"
            )
        })
        .collect();
    format!("{PG_UNDO_LOG}\n{triggers}")
}

/// A row as JSON without the columns kept from other rows.
fn pg_kept(json: &str) -> String {
    let derived: String = DERIVED.iter().map(|c| format!(" - '{c}'")).collect();
    format!("({json}){derived}")
}

impl Store {
    /// Starts recording this connection's changes so they can be undone.
    pub fn enable_undo(&mut self) -> Result<()> {
        self.undo = true;
        if self.conn.is_pg() {
            return Ok(self.conn.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS undo_log (
                     seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tbl TEXT NOT NULL,
                     op TEXT NOT NULL, row_id BIGINT NOT NULL, old JSONB, new JSONB);
                 SET konveyer.undo = 'on'",
            )?);
        }
        let Some(conn) = self.conn.lite() else {
            return Ok(());
        };
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log (
                seq INTEGER PRIMARY KEY, sql TEXT NOT NULL, guard TEXT NOT NULL,
                tbl TEXT NOT NULL, row_id INTEGER NOT NULL)",
        )?;
        for table in TABLES {
            let cols = columns(conn, table)?;
            conn.execute_batch(&triggers(table, &cols))?;
        }
        Ok(())
    }

    /// A point to undo back to (taken before a change).
    pub fn undo_mark(&self) -> Result<i64> {
        if !self.undo {
            return Ok(0);
        }
        last_logged(&self.conn)
    }

    /// Takes back every change recorded after `mark`, in one transaction,
    /// but only while every row is still as this connection left it and
    /// nothing else would go with it (a cascade onto another writer's rows):
    /// otherwise nothing is undone and the error names what changed.
    /// Returns how many row changes were reverted.
    pub fn undo_to(&mut self, mark: i64) -> Result<usize> {
        if !self.undo {
            return Ok(0);
        }
        if self.conn.is_pg() {
            return self.undo_pg(mark);
        }
        self.write(|db| {
            let steps: Vec<(String, String, String, i64)> = {
                let mut stmt = db.conn.prepare(
                    "SELECT sql, guard, tbl, row_id FROM temp.undo_log WHERE seq > $1 ORDER BY seq DESC",
                )?;
                stmt.query_map([mark], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<sql::Result<_>>()?
            };
            let before = last_logged(db.conn)?;
            for (sql, guard, table, row) in &steps {
                let untouched: bool = db.conn.query_row(guard, sql::NONE, |r| r.get(0))?;
                if !untouched {
                    return Err(changed_meanwhile(db, table, *row));
                }
                db.conn.execute_batch(sql)?;
            }
            settle(db, before, mark, steps.len())
        })
    }
}

/// A logged change: its table, the operation, the row's id, the row before
/// and after (as JSON).
type PgStep = (String, String, i64, Option<String>, Option<String>);

impl Store {
    /// [`Store::undo_to`] on PostgreSQL: each logged change taken back,
    /// newest first, while its row is still as this session left it.
    fn undo_pg(&mut self, mark: i64) -> Result<usize> {
        self.write(|db| {
            let steps: Vec<PgStep> = {
                let mut stmt = db.conn.prepare(
                    "SELECT tbl, op, row_id, old::text, new::text FROM pg_temp.undo_log
                     WHERE seq > $1 ORDER BY seq DESC",
                )?;
                stmt.query_map([mark], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<sql::Result<_>>()?
            };
            let before = last_logged(db.conn)?;
            for (table, op, id, old, new) in &steps {
                // The table's name is the log's own word, one of four.
                let table = TABLES
                    .into_iter()
                    .find(|t| t == table)
                    .ok_or_else(|| Error::Db(format!("undo of an unknown table {table}")))?;
                let untouched: bool = match new {
                    Some(new) => db.conn.query_row(
                        &format!(
                            "SELECT coalesce((SELECT {} = {} FROM {table} t WHERE id = $1), false)",
                            pg_kept("to_jsonb(t)"),
                            pg_kept("$2::jsonb")
                        ),
                        sql::params![*id, new.as_str()],
                        |r| r.get(0),
                    )?,
                    None => db.conn.query_row(
                        &format!("SELECT NOT EXISTS (SELECT 1 FROM {table} WHERE id = $1)"),
                        [*id],
                        |r| r.get(0),
                    )?,
                };
                if !untouched {
                    return Err(changed_meanwhile(db, table, *id));
                }
                let old = old.as_deref().unwrap_or("{}");
                match op.as_str() {
                    "insert" => {
                        db.conn
                            .execute(&format!("DELETE FROM {table} WHERE id = $1"), [*id])?;
                    }
                    "update" => {
                        db.conn.execute(
                            &format!(
                                "UPDATE {table} t SET ({cols}) = (
                                     SELECT {cols} FROM jsonb_populate_record(NULL::{table}, $2::jsonb))
                                 WHERE id = $1",
                                cols = pg_columns(db, table)?.join(", ")
                            ),
                            sql::params![*id, old],
                        )?;
                    }
                    _ => {
                        db.conn.execute(
                            &format!(
                                "INSERT INTO {table} SELECT * FROM
                                 jsonb_populate_record(NULL::{table}, $1::jsonb)"
                            ),
                            [old],
                        )?;
                    }
                }
            }
            settle(db, before, mark, steps.len())
        })
    }
}

/// The last change this connection logged (0: none). The log is a table of
/// the session's own on both engines, found first by its bare name.
fn last_logged(conn: &sql::Conn) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) FROM undo_log",
        sql::NONE,
        |r| r.get(0),
    )?)
}

/// The end of an undo of `steps` logged changes: each inverse touches its
/// one row, and more logged since `before` (a cascade) means the undo
/// would take others' rows with it (refused); else the log is cut back to
/// `mark` (the undo's own changes were logged too).
fn settle(db: &super::WriteDb, before: i64, mark: i64, steps: usize) -> Result<usize> {
    let made: i64 = db.conn.query_row(
        "SELECT count(*) FROM undo_log WHERE seq > $1",
        [before],
        |r| r.get(0),
    )?;
    if made > steps as i64 {
        let (table, row): (String, i64) = db.conn.query_row(
            "SELECT tbl, row_id FROM undo_log WHERE seq > $1 ORDER BY seq LIMIT 1",
            [before],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        return Err(changed_meanwhile(db, &table, row));
    }
    db.conn
        .execute("DELETE FROM undo_log WHERE seq > $1", [mark])?;
    Ok(steps)
}

/// A PostgreSQL table's own columns but those kept from other rows.
fn pg_columns(db: &super::WriteDb, table: &str) -> Result<Vec<String>> {
    let mut stmt = db.conn.prepare_cached(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )?;
    let cols = stmt
        .query_map([table], |r| r.get::<String>(0))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(cols
        .into_iter()
        .filter(|c| !DERIVED.contains(&c.as_str()))
        .collect())
}

/// What another writer changed, for the refusal: the client it concerns.
fn changed_meanwhile(db: &super::WriteDb, table: &str, row: i64) -> Error {
    let client = match table {
        "clients" => Some(row),
        _ => db
            .conn
            .query_row(
                &format!("SELECT client_id FROM {table} WHERE id = $1"),
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

    use crate::domain::{NewClient, Stage, Status};
    use crate::store::test_server::{Engine, engines};
    use rstest_reuse::apply;

    #[apply(engines)]
    fn changes_after_a_mark_are_taken_back_and_earlier_ones_stay(_engine: Engine) {
        let mut store = crate::store::test_server::test_store();
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
        assert_eq!(store.undo_to(mark).unwrap(), 2);
        let back = store.read().client(id).unwrap();
        assert_eq!(
            (back.stage, back.status),
            (Stage::Telemarketer, Status::Active)
        );
        assert_eq!(store.undo_to(0).unwrap(), 1);
        assert_eq!(store.read().count_clients(None, None).unwrap(), 0);
    }
}
