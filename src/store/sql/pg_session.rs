//! A PostgreSQL session behind [`super::Conn`]: each statement prepared
//! once per connection for the types of its values, the transaction
//! tracked as SQLite tracks its own, other sessions' announcements
//! counted.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use super::{Param, Result, SqlError};

/// A statement prepared for these value types.
type Prepared = (Vec<Type>, postgres::Statement);

/// A PostgreSQL session: statements prepared once per connection, a
/// transaction tracked as SQLite tracks its own.
pub struct Pg {
    client: RefCell<postgres::Client>,
    /// Each statement's text, prepared for the value types it was given.
    prepared: RefCell<HashMap<String, Vec<Prepared>>>,
    in_transaction: Cell<bool>,
    /// This session's server process (its own announcements are not news).
    backend: i32,
    /// Where to connect the listener (the session's own address).
    url: String,
    /// Started on the first question whether anything changed.
    listener: RefCell<Option<Listener>>,
}

/// A connection of its own on a thread of its own that waits for other
/// sessions' announcements (`LISTEN konveyer`: "changed", the table, the
/// card's id) and counts them; the board asks the count on each tick
/// without touching the network.
struct Listener {
    announced: Arc<AtomicI64>,
    stop: Arc<AtomicBool>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A write: the team's one writer at a time (an advisory lock, as
/// SQLite's IMMEDIATE), no statement of it longer than a minute.
const WRITE_BEGIN: &str = "BEGIN; SET LOCAL statement_timeout = 60000;
     SELECT pg_advisory_xact_lock(1263422806)";

/// How long the listener waits for an announcement before it looks
/// whether its session has ended.
const LISTEN_WAIT: Duration = Duration::from_millis(200);

impl Listener {
    fn start(url: &str, backend: i32) -> crate::error::Result<Listener> {
        let mut client = crate::store::address::connect(url)?;
        client
            .batch_execute(&format!("LISTEN {}", crate::store::server::CHANNEL))
            .map_err(SqlError::Pg)?;
        let announced = Arc::new(AtomicI64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, stopped) = (announced.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                let mut notes = client.notifications();
                let mut iter = notes.timeout_iter(LISTEN_WAIT);
                loop {
                    match iter.next() {
                        Ok(Some(note)) if note.process_id() != backend => {
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        // The server went away: every tick says "changed",
                        // so the board's reload shows the error.
                        Err(_) => {
                            count.store(i64::MIN, Ordering::Relaxed);
                            return;
                        }
                    }
                }
            }
        });
        Ok(Listener { announced, stop })
    }
}

impl Pg {
    pub fn new(mut client: postgres::Client, url: &str) -> Result<Pg> {
        let backend: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
        Ok(Pg {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
            backend,
            url: url.to_string(),
            listener: RefCell::new(None),
        })
    }

    /// How long a statement waits for a lock another session holds
    /// before it gives up ("busy").
    pub fn set_lock_timeout(&self, timeout: std::time::Duration) -> crate::error::Result<()> {
        let sql = format!("SET lock_timeout = {}", timeout.as_millis());
        Ok(self
            .client
            .borrow_mut()
            .batch_execute(&sql)
            .map_err(SqlError::Pg)?)
    }

    /// A count that grows whenever another session announces a change
    /// (`NOTIFY konveyer`), kept by a listener of its own: read without
    /// waiting. The first call starts the listener.
    pub fn data_version(&self) -> crate::error::Result<i64> {
        let mut listener = self.listener.borrow_mut();
        if listener.is_none() {
            *listener = Some(Listener::start(&self.url, self.backend)?);
        }
        Ok(listener
            .as_ref()
            .map_or(0, |l| l.announced.load(Ordering::Relaxed)))
    }

    /// The address this session connected to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Rows in COPY's text format (`data`) into the table and columns
    /// `copy` names (`COPY t (a, b) FROM STDIN`); how many.
    pub fn copy_in(&self, copy: &str, data: &[u8]) -> Result<u64> {
        use std::io::Write;
        let mut client = self.client.borrow_mut();
        let mut writer = client.copy_in(copy)?;
        writer
            .write_all(data)
            .map_err(|e| SqlError::Value(format!("copying rows: {e}")))?;
        Ok(writer.finish()?)
    }

    /// Statements without values, one after another.
    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    pub(super) fn in_transaction(&self) -> bool {
        self.in_transaction.get()
    }

    /// Begins a transaction; `write`: one that holds off every other
    /// writer until it ends (an advisory lock), as SQLite's IMMEDIATE.
    /// A write that waits longer than the lock timeout is told who holds
    /// the team's writes, and since when. Each statement of a write may
    /// take a minute at most (see [`WRITE_BEGIN`]).
    pub(super) fn begin(&self, write: bool) -> Result<()> {
        let began = self.batch(match write {
            true => WRITE_BEGIN,
            // One snapshot for every statement, as SQLite reads.
            false => "BEGIN ISOLATION LEVEL REPEATABLE READ",
        });
        if let Err(SqlError::Pg(e)) = &began
            && e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
        {
            self.batch("ROLLBACK")?;
            if let Some((who, seconds)) = self.writer()? {
                return Err(SqlError::HeldBy(who, seconds));
            }
        }
        began?;
        self.in_transaction.set(true);
        Ok(())
    }

    /// The session holding the team's writes: its role and how long its
    /// transaction has lasted.
    fn writer(&self) -> Result<Option<(String, i64)>> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT a.usename::text, extract(epoch FROM now() - a.xact_start)::bigint
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 1263422806
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        )?;
        Ok(row.map(|r| {
            (
                r.get::<_, Option<String>>(0).unwrap_or_default(),
                r.get::<_, Option<i64>>(1).unwrap_or(0),
            )
        }))
    }

    pub(super) fn end(&self, keep: bool) -> Result<()> {
        self.in_transaction.set(false);
        self.batch(if keep { "COMMIT" } else { "ROLLBACK" })
    }

    /// `sql` prepared for the types of `params` (once per connection).
    pub(super) fn statement(
        &self,
        sql: &str,
        params: &[&dyn Param],
    ) -> Result<postgres::Statement> {
        let types: Vec<Type> = params.iter().map(|p| p.pg_type()).collect();
        let known = self.prepared.borrow().get(sql).and_then(|kinds| {
            kinds
                .iter()
                .find(|(t, _)| *t == types)
                .map(|(_, stmt)| stmt.clone())
        });
        if let Some(stmt) = known {
            return Ok(stmt);
        }
        let stmt = self.client.borrow_mut().prepare_typed(sql, &types)?;
        self.prepared
            .borrow_mut()
            .entry(sql.to_string())
            .or_default()
            .push((types, stmt.clone()));
        Ok(stmt)
    }

    pub(super) fn rows(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<postgres::Row>> {
        let stmt = self.statement(sql, params)?;
        let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.pg()).collect();
        Ok(self.client.borrow_mut().query(&stmt, &values)?)
    }

    pub(super) fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let stmt = self.statement(sql, params)?;
        let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.pg()).collect();
        Ok(self.client.borrow_mut().execute(&stmt, &values)? as usize)
    }
}
