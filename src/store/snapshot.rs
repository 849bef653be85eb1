//! Two readers of one committed state at once: a report reads its
//! timeline on the store's connection while a second connection reads the
//! rest, in parallel.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::sql::Conn;
use super::{BUSY_TIMEOUT, Db, Store};
use crate::error::{Error, Result};

/// The second reader's page cache, in KiB.
const TWIN_CACHE_KIB: i64 = 256;

impl Store {
    /// Runs `here` on this connection and `there` on a second one at the
    /// same time, both reading one committed state: a third connection
    /// holds the write lock while the two begin their reads, so no write
    /// can land between them. An in-memory or read-only database, a store
    /// inside a transaction, or a writer holding the lock: both run here,
    /// one after the other, in one read transaction.
    pub fn read_twice<A, B>(
        &self,
        here: impl FnOnce(&Db) -> Result<A>,
        there: impl FnOnce(&Db) -> Result<B> + Send,
    ) -> Result<(A, B)>
    where
        B: Send,
    {
        let twin = match (&self.path, self.read_only, &self.conn) {
            (Some(path), false, Conn::Lite(conn)) if conn.is_autocommit() => {
                self.twin(conn, path)?
            }
            _ => None,
        };
        let Some(twin) = twin else {
            return in_read_transaction(&self.conn, |db| Ok((here(db)?, there(db)?)));
        };
        let (near, far) = std::thread::scope(|scope| {
            let far = scope.spawn(move || {
                let twin = Conn::Lite(twin);
                let out = there(&Db { conn: &twin });
                // Dropping the connection ends its read transaction.
                drop(twin);
                out
            });
            let near = here(&self.read());
            (near, far.join())
        });
        self.conn.execute_batch("COMMIT")?;
        let far = far.unwrap_or_else(|_| Err(Error::Db("a reading thread failed".into())));
        Ok((near?, far?))
    }

    /// A second connection to `path` already in a read transaction on the
    /// same snapshot as this one (which is left in a read transaction too),
    /// or `None` if the write lock is not free at once.
    fn twin(&self, conn: &Connection, path: &Path) -> Result<Option<Connection>> {
        let gate = Connection::open(path)?;
        gate.busy_timeout(Duration::from_millis(50))?;
        if gate.execute_batch("BEGIN IMMEDIATE").is_err() {
            return Ok(None);
        }
        let twin = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        twin.busy_timeout(BUSY_TIMEOUT)?;
        // A report streams through its indexes once (the payments, the
        // histories by client): a page is seldom read twice, so this
        // reader's cache is kept small (SQLite's default is 2 000 KiB).
        twin.pragma_update(None, "cache_size", -TWIN_CACHE_KIB)?;
        rusqlite::vtab::array::load_module(&twin)?;
        let begin = |conn: &Connection| -> Result<()> {
            conn.execute_batch("BEGIN")?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            Ok(())
        };
        begin(conn)?;
        // Once this connection has begun, any failure ends its transaction.
        match begin(&twin).and_then(|()| Ok(gate.execute_batch("ROLLBACK")?)) {
            Ok(()) => Ok(Some(twin)),
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                Err(e)
            }
        }
    }
}

/// `f` in one read transaction on `conn` (or in the one already open).
fn in_read_transaction<T>(conn: &Conn, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return f(&Db { conn });
    }
    conn.begin(false)?;
    let out = f(&Db { conn });
    conn.end(out.is_ok())?;
    out
}
