//! Moving up: a local SQLite base copied whole into an empty team
//! database, ids and history kept, in one transaction.

use super::export::DUMP_TABLES;
use super::schema;
use super::{Store, WriteDb};
use crate::error::{Error, Result};

/// Rows handed to the team database at a time.
const BATCH: usize = 5000;

/// How many rows of each table were copied, in [`DUMP_TABLES`]' order.
pub type Copied = Vec<(&'static str, usize)>;

/// The tables whose triggers keep the counts, next steps and the rules'
/// list as rows arrive one by one.
const KEPT_BY_TRIGGERS: [&str; 4] = ["clients", "orders", "activities", "reminders"];

impl Store {
    /// Copies everything of this (local) base into `team`, a PostgreSQL
    /// database that holds no clients and no plans yet: every row of every
    /// table with its id, the people and the stations' settings. One
    /// transaction on the team side: a failure leaves it as empty as it
    /// was. Rows go by COPY; where this role owns the tables, their
    /// triggers rest meanwhile and what they keep is computed once at the
    /// end (else they keep it row by row, slower). The copy is checked
    /// (the kept counts against counting) before it is committed.
    pub fn copy_into(&self, team: &mut Store, url: &str) -> Result<Copied> {
        if !team.conn.is_pg() {
            return Err(Error::OnlyLocal("migrate-to"));
        }
        let source = self.read();
        let settings = source.conveyor()?.all().to_vec();
        team.write(|db| {
            // A team set up (`init-team`) has its head of sales already:
            // people are kept, the local base's join them.
            let held: i64 = db.conn.query_row(
                "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM plans)",
                super::sql::NONE,
                |r| r.get(0),
            )?;
            if held > 0 {
                return Err(Error::TeamNotEmpty(super::address::shown(url)));
            }
            let people: std::collections::HashSet<String> =
                db.users()?.into_iter().map(|u| u.login).collect();
            // A client may name a later client as its referrer: the
            // references are checked when the copy is whole.
            db.conn.execute_batch("SET CONSTRAINTS ALL DEFERRED")?;
            let resting = owns_tables(db)?;
            if resting {
                triggers(db, "DISABLE")?;
            }
            // COPY does not pass row-level security: the owner is let past
            // it for the copy, inside its transaction (nobody else sees
            // the tables meanwhile: altering them locks them).
            let forced = forced_tables(db)?;
            row_security(db, &forced, "NO FORCE")?;
            db.set_stage_settings(&settings)?;
            let copied = copy_rows(&source, db, &people)?;
            if resting {
                // The references are checked now (the copy is whole), so
                // that no check waits when the triggers come back.
                db.conn.execute_batch("SET CONSTRAINTS ALL IMMEDIATE")?;
                triggers(db, "ENABLE")?;
                // What the triggers would have kept (`KEPT_RECOUNTS`, and
                // the contacts per hour). The
                // rules' list of changed clients stays empty: the team
                // database has no mark of a sweep yet, so the rules' first
                // run sweeps everyone. Each client's next step and each
                // payment's "first" flag arrive with the rows; the check
                // below compares them with counting.
                for sql in schema::KEPT_RECOUNTS
                    .iter()
                    .chain([&schema::CONTACT_HOURS_RECOUNT])
                {
                    db.conn.execute_batch(sql)?;
                }
            }
            db.settle_change_counter()?;
            // Each person a role of the server (without a password: the
            // head of sales sets them with `user password`).
            db.conn
                .execute_batch("SELECT konveyer_admit(login, head <> 0, NULL) FROM users")?;
            // New rows continue after the copied ids.
            for table in ["clients", "orders", "activities", "reminders"] {
                db.conn.execute_batch(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))?;
            }
            row_security(db, &forced, "FORCE")?;
            let problems = db.miscounts()?;
            if let Some(first) = problems.first() {
                return Err(Error::Db(format!("the copy does not add up: {first}")));
            }
            // The planner's statistics of the tables just filled: without
            // them the board's first queries guess (ten times slower)
            // until the server's own analysis comes round.
            db.conn.execute_batch("ANALYZE")?;
            Ok(copied)
        })
    }
}

/// Every row of every table of `source` into `db` by COPY, a batch at a
/// time (a person the team has already is kept as the team has them).
fn copy_rows(
    source: &super::Db,
    db: &WriteDb,
    people: &std::collections::HashSet<String>,
) -> Result<Copied> {
    let mut copied = Vec::new();
    for table in DUMP_TABLES {
        let mut batch = CopyBatch::default();
        source.each_row(table, |row| {
            let known =
                |login: &serde_json::Value| login.as_str().is_some_and(|l| people.contains(l));
            if table == "users" && row.get("login").is_some_and(known) {
                return Ok(());
            }
            batch.push(&row);
            if batch.rows % BATCH == 0 {
                batch.send(db, table)?;
            }
            Ok(())
        })?;
        batch.send(db, table)?;
        copied.push((table, batch.rows));
    }
    Ok(copied)
}

/// Row-level security binds the tables' owner too (`FORCE`) or not
/// (`NO FORCE`), on `tables`.
fn row_security(db: &WriteDb, tables: &[&str], what: &str) -> Result<()> {
    for table in tables {
        db.conn
            .execute_batch(&format!("ALTER TABLE {table} {what} ROW LEVEL SECURITY"))?;
    }
    Ok(())
}

/// Whether this role owns the tables whose triggers may rest.
fn owns_tables(db: &WriteDb) -> Result<bool> {
    let names = KEPT_BY_TRIGGERS.map(|t| format!("'{t}'")).join(", ");
    Ok(db.conn.query_row(
        &format!(
            "SELECT coalesce(bool_and(pg_has_role(tableowner, 'USAGE')), false)
             FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ({names})"
        ),
        super::sql::NONE,
        |r| r.get(0),
    )?)
}

/// The tables a copy fills whose row-level security binds their owner too
/// (a team set up: `store/server/rules.rs`), when this role owns them.
fn forced_tables(db: &WriteDb) -> Result<Vec<&'static str>> {
    let mut forced = Vec::new();
    for table in DUMP_TABLES {
        let force: bool = db.conn.query_row(
            "SELECT relforcerowsecurity AND pg_has_role(relowner, 'USAGE') FROM pg_class
             WHERE oid = to_regclass($1)",
            [table],
            |r| r.get(0),
        )?;
        if force {
            forced.push(table);
        }
    }
    Ok(forced)
}

/// Switches the triggers of the tables kept by them off or on (`what`).
fn triggers(db: &WriteDb, what: &str) -> Result<()> {
    for table in KEPT_BY_TRIGGERS {
        db.conn
            .execute_batch(&format!("ALTER TABLE {table} {what} TRIGGER USER"))?;
    }
    Ok(())
}

/// Rows of one table in COPY's text format, sent a batch at a time.
#[derive(Default)]
struct CopyBatch {
    /// The columns, from the first row (every row of a table has them all).
    columns: Vec<String>,
    data: Vec<u8>,
    /// Rows pushed so far (sent or not).
    rows: usize,
}

impl CopyBatch {
    fn push(&mut self, row: &serde_json::Map<String, serde_json::Value>) {
        if self.columns.is_empty() {
            self.columns = row.keys().map(|k| format!("\"{k}\"")).collect();
        }
        for (i, value) in row.values().enumerate() {
            if i > 0 {
                self.data.push(b'\t');
            }
            match value {
                serde_json::Value::Null => self.data.extend_from_slice(b"\\N"),
                serde_json::Value::String(text) => escape(text, &mut self.data),
                other => escape(&other.to_string(), &mut self.data),
            }
        }
        self.data.push(b'\n');
        self.rows += 1;
    }

    fn send(&mut self, db: &WriteDb, table: &str) -> Result<()> {
        if self.data.is_empty() {
            return Ok(());
        }
        let pg = db.conn.pg().ok_or(Error::OnlyLocal("migrate-to"))?;
        let copy = format!("COPY {table} ({}) FROM STDIN", self.columns.join(", "));
        pg.copy_in(&copy, &self.data)?;
        self.data.clear();
        Ok(())
    }
}

/// `text` as COPY's text format writes a value: backslash, tab, newline
/// and carriage return escaped.
fn escape(text: &str, out: &mut Vec<u8>) {
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn copy_text_escapes_what_would_end_a_value_or_a_row() {
        let mut out = Vec::new();
        escape("a\tb\nc\\d\re", &mut out);
        assert_eq!(out, b"a\\tb\\nc\\\\d\\re");
    }
}
