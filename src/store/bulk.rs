//! Loading many rows at once: without the per-row cost of triggers and,
//! into a small base, of secondary indexes (built again in one sort each).

use super::WriteDb;
use super::sql;
use crate::error::Result;

/// What a bulk load may change: the tables an import writes.
const TABLES: [&str; 3] = ["clients", "activities", "orders"];

/// The columns of those tables that [`WriteDb::recount_kept`] sets
/// afresh (no other column's name contains one of these).
const RECOUNTED: [&str; 2] = ["next_on", "first_paid"];

/// How many texts a load writes into the search index for it to be
/// merged into one segment after (a later change would otherwise pay for
/// merging them: about 0.1 s per 100 000 clients; the tests load fewer).
#[cfg(not(test))]
const MERGED_FROM: i64 = 200_000;
#[cfg(test)]
const MERGED_FROM: i64 = 2_000;

/// The triggers that keep the search index (`LIKE`).
const SEARCH_TRIGGERS: &str = "search_index_%";

impl WriteDb<'_> {
    /// Runs `load` without the base's triggers, and with `rebuild` the
    /// secondary indexes of the tables an import writes dropped first and
    /// created again after. All of it inside the write's transaction: a
    /// failure, or a crash, takes the drops back with the rows. The
    /// triggers are dropped and created again. The search index is built
    /// anew after a `rebuild`; otherwise the texts the load added or
    /// changed go into it in two statements at the end (FTS5 writes out
    /// its pending terms at every statement that fires a trigger: row by
    /// row an import into 100 000 clients took twice as long). What the triggers keep
    /// is redone once at the end: instead of noting every loaded client
    /// for the rules (schema v8), the day's mark is cleared, so the next
    /// run of the rules sweeps the whole base; the clients per station and
    /// status (v9) and the open reminders per day (v10) are counted again,
    /// the next step of every client with an open reminder (v11) and every
    /// payment's "first" flag (v13) are read again; the contacts the load
    /// wrote are tallied as it writes them and added to the contacts per
    /// hour. A load adds rows and
    /// fills fields: it closes and deletes no reminder, so no other
    /// client's next step can have changed. A value kept by a trigger
    /// added later must be redone here too: `check` compares each kept
    /// value with a recount (`miscounts`; the bulk test runs it after a
    /// load), and `store/tests/agree.rs` lists what each engine's triggers
    /// keep.
    pub fn bulk<T>(&self, rebuild: bool, load: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        self.bulk_settled(rebuild, load, |_| Ok(()))
    }

    /// [`WriteDb::bulk`], with `settle` run once the rows are in and the
    /// indexes built, while the triggers still rest and the rules' mark is
    /// cleared: the rules' sweep of the whole base at bulk speed (what the
    /// triggers would keep of the reminders it makes is counted again
    /// with the rest at the end). On PostgreSQL, after the load.
    pub fn bulk_settled<T>(
        &self,
        rebuild: bool,
        load: impl FnOnce(&Self) -> Result<T>,
        settle: impl FnOnce(&Self) -> Result<()>,
    ) -> Result<T> {
        if self.conn.is_pg() {
            // PostgreSQL keeps its indexes and triggers row by row at speed.
            let loaded = load(self)?;
            settle(self)?;
            return Ok(loaded);
        }
        self.tallying_contacts(|| self.at_rest(rebuild, load, settle))
    }

    /// Runs `load` with only the search index's triggers at rest: the
    /// texts it adds or changes go into the index in two statements at
    /// the end, everything else is kept row by row as ever. A few rows
    /// into a large base: a bulk load's recount of what the triggers keep,
    /// and the rules' sweep of the whole base after it, read every client
    /// (100 rows into a million: 1.4 s). On PostgreSQL, `load` as it is.
    pub fn bulk_texts<T>(&self, load: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        if self.conn.is_pg() {
            return load(self);
        }
        let triggers = self.drop_triggers(SEARCH_TRIGGERS)?;
        self.texts_after(false, || {
            let loaded = load(self)?;
            self.create_again(&triggers)?;
            Ok(loaded)
        })
    }

    /// [`WriteDb::bulk_settled`] on SQLite: the triggers (and with
    /// `rebuild` the indexes) at rest, the contacts tallied in memory.
    fn at_rest<T>(
        &self,
        rebuild: bool,
        load: impl FnOnce(&Self) -> Result<T>,
        settle: impl FnOnce(&Self) -> Result<()>,
    ) -> Result<T> {
        let indexes = if rebuild {
            self.drop_indexes()?
        } else {
            Vec::new()
        };
        let triggers = self.drop_triggers("%")?;
        self.texts_after(rebuild, || {
            let loaded = load(self)?;
            // An index over a column the recount sets is built after it: the
            // recount then rewrites rows only, not their entries in it too.
            let (after, before): (Vec<&String>, Vec<&String>) = indexes
                .iter()
                .partition(|sql| RECOUNTED.iter().any(|column| sql.contains(column)));
            for sql in &before {
                self.conn.execute_batch(sql)?;
            }
            self.conn
                .execute_batch("DELETE FROM meta WHERE key = 'rules';")?;
            settle(self)?;
            // What the triggers keep, counted again while they still rest (so
            // that the recount notes no client for the rules).
            self.recount_kept(&after)?;
            self.add_contact_tally()?;
            self.create_again(&triggers)?;
            Ok(loaded)
        })
    }

    /// Runs `run` (a load, with the search index's triggers at rest until
    /// it creates them again), then writes into the search index what it
    /// added or changed (with `rebuild`, the whole index anew).
    fn texts_after<T>(&self, rebuild: bool, run: impl FnOnce() -> Result<T>) -> Result<T> {
        // The search texts a load changes, as the index holds them.
        let last: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM clients", sql::NONE, |r| {
                    r.get(0)
                })?;
        self.conn.execute_batch(
            "CREATE TEMP TABLE bulk_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
             CREATE TEMP TRIGGER bulk_texts_old AFTER UPDATE OF search_text ON main.clients
             WHEN OLD.search_text IS NOT NEW.search_text BEGIN
                 INSERT OR IGNORE INTO bulk_texts (id, text) VALUES (OLD.id, OLD.search_text);
             END;",
        )?;
        let loaded = run()?;
        // FTS5 writes a segment each time its terms in memory pass
        // `hashsize` (1 MB by default): for a load, 16 MB, then back. A
        // million texts: 3.0 → 1.9 s, with 19 MB more at the peak.
        let hashsize = |bytes: u32| {
            format!("INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {bytes});")
        };
        self.conn.execute_batch(&hashsize(16 << 20))?;
        // How many texts go in: with `rebuild` every client's (their kept
        // count, counted again by the load's end), else the new and changed.
        let texts: i64 = match rebuild {
            true => self.count_clients(None, None)?,
            false => self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM clients WHERE id > {last})
                          + (SELECT count(*) FROM temp.bulk_texts WHERE id <= {last})"
                ),
                sql::NONE,
                |r| r.get(0),
            )?,
        };
        self.conn.execute_batch(&if rebuild {
            "INSERT INTO search_index (search_index) VALUES ('rebuild');".to_string()
        } else {
            format!(
                "INSERT INTO search_index (search_index, rowid, search_text)
                     SELECT 'delete', id, text FROM temp.bulk_texts WHERE id <= {last};
                 INSERT INTO search_index (rowid, search_text)
                     SELECT id, search_text FROM clients
                     WHERE id > {last} OR id IN (SELECT id FROM temp.bulk_texts);"
            )
        })?;
        self.conn.execute_batch(&hashsize(1 << 20))?;
        // FTS5 keeps its index as segments by level, and merges a level
        // whole once it holds too many (16 by default, 64 since both
        // engines' step 11). A large load's texts are a few big segments
        // on the lowest level, where every later change adds its own: the
        // 13th card added or edited after a generated million waited 1.2 s
        // for all of them to be merged. Merged now, into one above, they
        // are left alone, merged later a few segments at a time.
        // (`optimize` merges into the level above only two segments or
        // more: the first client's text is written again, a small one.)
        if texts >= MERGED_FROM {
            self.conn.execute_batch(
                "INSERT INTO search_index (search_index, rowid, search_text)
                     SELECT 'delete', id, search_text FROM clients ORDER BY id LIMIT 1;
                 INSERT INTO search_index (rowid, search_text)
                     SELECT id, search_text FROM clients ORDER BY id LIMIT 1;
                 INSERT INTO search_index (search_index) VALUES ('optimize');",
            )?;
        }
        self.conn.execute_batch(
            "DROP TRIGGER temp.bulk_texts_old;
             DROP TABLE temp.bulk_texts;",
        )?;
        Ok(loaded)
    }

    /// Sets again what the triggers keep, after a load without them: each
    /// client's next step, each reminder's owner, each payment's "first"
    /// flag; then builds `indexes` (the load's indexes over those columns,
    /// left until now); then counts again every count the triggers keep
    /// (`KEPT_RECOUNTS`: the unplanned are read from one of those indexes).
    fn recount_kept(&self, indexes: &[&String]) -> Result<()> {
        use super::schema::{CLIENT_OWNER_OF, KEPT_RECOUNTS, NEXT_ON_OF};
        self.conn.execute_batch(&format!(
            "UPDATE clients SET next_on = {NEXT_ON_OF}
                 WHERE id IN (SELECT client_id FROM reminders WHERE done_at IS NULL);
             UPDATE reminders SET client_owner = {CLIENT_OWNER_OF}
                 WHERE client_id IS NOT NULL AND client_owner IS NOT {CLIENT_OWNER_OF};
             CREATE TEMP TABLE firsts AS
                 SELECT (SELECT p.id FROM orders p WHERE p.client_id = c.client_id
                         AND p.paid_on IS NOT NULL ORDER BY p.paid_on, p.id LIMIT 1) AS id
                 FROM (SELECT DISTINCT client_id FROM orders WHERE paid_on IS NOT NULL) c;
             UPDATE orders SET first_paid = NOT first_paid
                 WHERE first_paid IS NOT (id IN (SELECT id FROM temp.firsts));
             DROP TABLE temp.firsts;"
        ))?;
        for sql in indexes {
            self.conn.execute_batch(sql)?;
        }
        for sql in KEPT_RECOUNTS {
            self.conn.execute_batch(sql)?;
        }
        Ok(())
    }

    /// Drops the triggers of the base whose name is `LIKE` `named` and
    /// gives back what creates them again. This connection's own
    /// (temporary) triggers stay: its undo log takes a load back whole.
    fn drop_triggers(&self, named: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE $1",
        )?;
        let found = stmt
            .query_map([named], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))?
            .collect::<sql::Result<Vec<_>>>()?;
        let mut again = Vec::with_capacity(found.len());
        for (name, sql) in found {
            self.conn
                .execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
            again.push(sql);
        }
        Ok(again)
    }

    /// Creates again what [`WriteDb::drop_triggers`] dropped.
    fn create_again(&self, triggers: &[String]) -> Result<()> {
        for sql in triggers {
            self.conn.execute_batch(sql)?;
        }
        Ok(())
    }

    /// Drops the secondary indexes of [`TABLES`] (not those that keep a
    /// value unique) and gives back what creates them again.
    fn drop_indexes(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
               AND tbl_name IN ($1, $2, $3)",
        )?;
        let found = stmt
            .query_map(TABLES, |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))?
            .collect::<sql::Result<Vec<_>>>()?;
        let mut again = Vec::with_capacity(found.len());
        for (name, sql) in found {
            self.conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            again.push(sql);
        }
        Ok(again)
    }
}
