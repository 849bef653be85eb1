//! Moving up: a local SQLite base copied whole into an empty team
//! database, ids and history kept, in one transaction.

use super::Store;
use super::export::DUMP_TABLES;
use crate::error::{Error, Result};

/// Rows handed to the team database at a time.
const BATCH: usize = 1000;

/// How many rows of each table were copied, in [`DUMP_TABLES`]' order.
pub type Copied = Vec<(&'static str, usize)>;

impl Store {
    /// Copies everything of this (local) base into `team`, a PostgreSQL
    /// database that holds no clients and no plans yet: every row of every
    /// table with its id, and the stations' settings. One transaction on
    /// the team side: a failure leaves it as empty as it was. What the
    /// team side keeps by itself (counts, next steps, the rules' list) is
    /// kept by its triggers as the rows arrive.
    pub fn copy_into(&self, team: &mut Store, url: &str) -> Result<Copied> {
        if !team.conn.is_pg() {
            return Err(Error::OnlyLocal("migrate-to"));
        }
        let source = self.read();
        let settings = source.conveyor()?.all().to_vec();
        team.write(|db| {
            let held: i64 = db.conn.query_row(
                "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM plans)",
                super::sql::NONE,
                |r| r.get(0),
            )?;
            if held > 0 {
                return Err(Error::TeamNotEmpty(super::pg::shown(url)));
            }
            // A client may name a later client as its referrer: the
            // references are checked when the copy is whole.
            db.conn.execute_batch("SET CONSTRAINTS ALL DEFERRED")?;
            db.set_stage_settings(&settings)?;
            let mut copied = Vec::new();
            for table in DUMP_TABLES {
                let (mut n, mut batch) = (0, Vec::with_capacity(BATCH));
                source.each_row(table, |row| {
                    n += 1;
                    batch.push(serde_json::Value::Object(row));
                    if batch.len() == BATCH {
                        db.load_rows(table, &batch)?;
                        batch.clear();
                    }
                    Ok(())
                })?;
                db.load_rows(table, &batch)?;
                copied.push((table, n));
            }
            // New rows continue after the copied ids.
            for table in DUMP_TABLES.iter().filter(|t| **t != "plans") {
                db.conn.execute_batch(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))?;
            }
            Ok(copied)
        })
    }
}
