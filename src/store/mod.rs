//! Storage: a local SQLite file or a team database on PostgreSQL, behind
//! one seam (`sql`). Every SQL statement of the program lives in this
//! module, behind `Db` (reads) and `WriteDb` (writes, only inside a
//! transaction).

mod activities;
pub mod address;
mod board;
mod bulk;
mod check;
mod clients;
mod contacts;
mod export;
mod file;
mod histories;
mod migrate;
mod orders;
mod reminders;
mod report;
mod rules;
pub mod schema;
mod secret;
pub mod server;
mod session;
mod snapshot;
pub mod sql;
mod stages;
mod stamps;
mod team;
#[doc(hidden)]
pub mod test_server;
mod tls;
mod undo;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use sql::{Conn, OptionalExtension};

pub use board::{CardKey, CardOrder, Seek, Shown};
pub use clients::ClientFilter;
pub use export::{ClientSide, DUMP_TABLES};
pub use file::{remove_database, restore};
pub use histories::Histories;
pub use migrate::Copied;
pub use reminders::{Contact, NewReminder};
pub use report::{Named, NewClientRow, PaidDay, PaidOrder, SegmentOverride};
pub use rules::{Among, FarmerPayments, UnpaidOrder};
pub use team::{HandOff, IdleClient, Load};

use file::{create_private_file, open_for_reading, probe, writable};
use session::Session;

pub(crate) use stamps::{bad_value, day, parse_day, parse_ts, parse_ts_bytes, ts};

use crate::error::{Error, Result};

/// A database error as the error of a caller that reads rows one at a
/// time into a callback of its own (`Db::each_*`).
fn failed<E: From<Error>>(e: sql::SqlError) -> E {
    E::from(Error::from(e))
}

/// Hands each row of `rows`, as `read` makes it, to `each`, stopping at
/// the first error of either.
fn each_of<T, E: From<Error>>(
    mut rows: sql::Rows<'_>,
    read: impl Fn(&sql::Row) -> sql::Result<T>,
    mut each: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    while let Some(row) = rows.next().map_err(failed)? {
        each(read(&row).map_err(failed)?)?;
    }
    Ok(())
}

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many prepared statements a connection keeps (`prepare_cached`;
/// rusqlite keeps 16). A key on the board runs more than 16 kinds of
/// statement (a call logged, the rules' pass over the client, the pane and
/// the queue read again), so each was compiled again every time: at 10 000
/// clients a call logged in the focus queue (`c 1`) took twice as long
/// (6.3–7.1 ms with 16 kept, 3.1–3.6 with 64 or more). 128 hold what a
/// day's work runs.
const STATEMENTS_KEPT: usize = 128;

/// An open konveyer database.
pub struct Store {
    conn: Conn,
    path: Option<PathBuf>,
    /// Opened read-only (the file is not writable for this user).
    read_only: bool,
    /// A rehearsal began inside [`Store::atomically`]: it ends taken back.
    rehearsal: bool,
    /// The checkpoint running beside ([`Store::checkpointing_beside`]):
    /// waited for when the store is dropped.
    checkpoint: Option<std::thread::JoinHandle<()>>,
    session: Session,
    /// This connection's changes are logged to be undone (the board's).
    undo: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(checkpoint) = self.checkpoint.take() {
            let _ = checkpoint.join();
        }
    }
}

/// Where a database is: a local file or a team database's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Team(String),
}

/// Read access to the database (also usable inside a write).
pub struct Db<'c> {
    conn: &'c Conn,
}

/// Write access; exists only inside [`Store::write`]'s transaction.
pub struct WriteDb<'c> {
    db: Db<'c>,
    session: &'c Session,
}

impl<'c> Deref for WriteDb<'c> {
    type Target = Db<'c>;
    fn deref(&self) -> &Db<'c> {
        &self.db
    }
}

impl WriteDb<'_> {
    /// A change of `table`'s row `id` that wrote `changed` rows: none, when
    /// the row is there, means a team server's row-level security passed
    /// it over — it hides another person's card's reminders and orders from
    /// a change without a word — so it is refused as the server refuses a
    /// change of their card, and the transaction with it; `missing` when
    /// the row is not there.
    fn one_changed(&self, changed: usize, table: &str, id: i64, missing: Error) -> Result<()> {
        if changed > 0 {
            return Ok(());
        }
        let sql = format!(
            "SELECT c.id, c.owner FROM {table} t JOIN clients c ON c.id = t.client_id
             WHERE t.id = $1"
        );
        let card: Option<(i64, Option<String>)> = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Err(match card {
            Some((client, Some(owner))) => {
                Error::ServerRefused(format!("card {client} is {owner}'s"))
            }
            _ => missing,
        })
    }
}

impl Store {
    /// Opens (creating if needed, owner-only) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        // Every error of opening names the file.
        let with_path = |e: Error| match e {
            Error::NotKonveyer(_) => Error::NotKonveyer(path.to_path_buf()),
            Error::ReadOnly(_) => Error::ReadOnly(path.to_path_buf()),
            Error::Io(why) => Error::Io(format!("{}: {why}", path.display())),
            Error::Db(why) => Error::Db(format!("{}: {why}", path.display())),
            other => other,
        };
        // Another program's file is refused before anything is changed in it.
        probe(path).map_err(with_path)?;
        if path.exists() && !writable(path) {
            return Store::open_read_only(path).map_err(with_path);
        }
        create_private_file(path).map_err(with_path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| with_path(e.into()))?;
        let mut store = Store {
            conn: Conn::Lite(conn),
            path: Some(path.to_path_buf()),
            read_only: false,
            rehearsal: false,
            checkpoint: None,
            session: Session::default(),
            undo: false,
        };
        store.prepare().map_err(with_path)?;
        Ok(store)
    }

    /// Opens an existing database for reading only: every reading command
    /// works, every write says the file is read-only. Nothing is changed in
    /// the file (no journal mode, no migration, no rules).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = open_for_reading(path)?;
        let version = schema::user_version(&conn)?;
        if version != schema::latest() {
            // An older schema cannot be brought up to date without writing.
            return Err(match version > schema::latest() {
                true => Error::SchemaTooNew {
                    found: version,
                    supported: schema::latest(),
                },
                false => Error::ReadOnly(path.to_path_buf()),
            });
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        rusqlite::vtab::array::load_module(&conn)?;
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS worked (id INTEGER PRIMARY KEY)")?;
        let store = Store {
            conn: Conn::Lite(conn),
            path: Some(path.to_path_buf()),
            read_only: true,
            rehearsal: false,
            checkpoint: None,
            session: Session::default(),
            undo: false,
        };
        store.look()?;
        Ok(store)
    }

    fn read_only_error(&self) -> Error {
        Error::ReadOnly(self.path.clone().unwrap_or_default())
    }

    /// Whether writes are refused (a read-only file).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Opens the database at `path` only if it exists: reading commands
    /// must never leave an empty database behind a mistyped `--db`.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        Store::open(path)
    }

    /// A private database in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Conn::Lite(Connection::open_in_memory()?),
            path: None,
            read_only: false,
            rehearsal: false,
            checkpoint: None,
            session: Session::default(),
            undo: false,
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        let in_file = self.path.is_some();
        let conn = self.lite_mut();
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        if in_file {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Db(format!("cannot switch to WAL mode (got {mode})")));
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // A sort too large for memory (an index built after a bulk
            // load) goes to temporary files, sorted by two helper threads
            // and merged. With temporary storage in memory (`temp_store`,
            // as before) SQLite's sorter used no helper threads and grew
            // its runs in memory: `gen` of a million clients peaked at
            // 324 MiB, now 38 MiB, and takes a fifth less time
            // (docs/performance.md). A statement journal still stays in
            // memory up to 64 KiB before it spills.
            conn.pragma_update(None, "threads", 2)?;
        }
        schema::migrate(conn)?;
        // A list of ids bound as one value (`rarray`): a report reads the
        // histories of the clients that changed place in its span.
        rusqlite::vtab::array::load_module(conn)?;
        // The board's focus queue remembers worked cards per connection.
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS worked (id INTEGER PRIMARY KEY)")?;
        self.look()
    }

    /// The SQLite connection (every store opened from a file or in memory).
    fn lite_mut(&mut self) -> &mut Connection {
        match &mut self.conn {
            Conn::Lite(c) => c,
            Conn::Pg(_) => unreachable!("a PostgreSQL store has no SQLite connection"),
        }
    }

    /// The SQLite connection itself (tests look at pragmas and plans).
    #[cfg(test)]
    pub(crate) fn lite_conn(&self) -> &Connection {
        self.conn.lite().expect("a SQLite store")
    }

    /// How long a write waits for another writer's lock before "busy".
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        match &self.conn {
            Conn::Lite(c) => Ok(c.busy_timeout(timeout)?),
            Conn::Pg(pg) => pg.set_lock_timeout(timeout),
        }
    }

    /// The file behind the store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Where another connection to the same database is opened (the
    /// board's work beside it): the file, or the team database's address;
    /// `None` for a database in memory.
    pub fn location(&self) -> Option<Location> {
        match (&self.path, self.conn.pg()) {
            (Some(path), _) => Some(Location::File(path.clone())),
            (None, Some(pg)) => Some(Location::Team(pg.url().to_string())),
            (None, None) => None,
        }
    }

    /// A second connection to the database at `location`.
    pub fn open_at(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path),
            Location::Team(url) => Store::open_pg(url),
        }
    }

    /// Reads outside a transaction.
    pub fn read(&self) -> Db<'_> {
        Db { conn: &self.conn }
    }

    /// Runs `f` in one write transaction (SQLite's IMMEDIATE; on
    /// PostgreSQL one that holds off other writers): all of it lands or
    /// none. Inside [`Store::atomically`] it is part of that transaction,
    /// which lands or fails whole. (Not a savepoint of it: with statement
    /// journals in memory, every statement that fires a trigger inside a
    /// savepoint costs as much as the savepoint has written so far, and the
    /// rules' first sweep of a large base took minutes.)
    pub fn write<T>(&mut self, f: impl FnOnce(&WriteDb<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        let db = WriteDb {
            db: Db { conn: &self.conn },
            session: &self.session,
        };
        if !self.conn.is_autocommit() {
            return f(&db);
        }
        self.conn.begin(true)?;
        let out = f(&db);
        self.end(out)
    }

    /// Runs `f`, a load into a base with no clients yet (`gen`), with
    /// SQLite's rollback journal instead of the WAL when no other
    /// connection has the file open: the new pages are then written once,
    /// into the file, rather than into the WAL and again by its checkpoint
    /// (a million generated clients wrote 1.2 GB twice). Still all or
    /// nothing: the journal keeps the few pages the empty base had, and is
    /// synced before the file is written. Back in WAL mode after, however
    /// `f` ended (if another connection opened meanwhile, it switches the
    /// file back itself). Any other store runs `f` as it is. Not for an
    /// import: a connection opened during such a load waits for all of it
    /// (and says "busy" after five seconds), where in WAL mode the board
    /// opened beside a first large import shows the base as it was.
    pub fn loading<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let alone = self.path.is_some()
            && !self.read_only
            && self.conn.is_autocommit()
            && self.read().count_clients(None, None)? == 0
            && self.journal("DELETE", "FULL")?;
        let out = f(self);
        if alone {
            // Not switched back: the next connection to open switches it.
            let _ = self.journal("WAL", "NORMAL");
        }
        out
    }

    /// Switches the file's journal to `mode` (and syncing to `synchronous`)
    /// if it can at once; whether it did.
    fn journal(&mut self, mode: &str, synchronous: &str) -> Result<bool> {
        let conn = self.lite_mut();
        conn.busy_timeout(Duration::ZERO)?;
        let got =
            conn.pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0));
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let switched = got.is_ok_and(|m| m.eq_ignore_ascii_case(mode));
        if switched {
            conn.pragma_update(None, "synchronous", synchronous)?;
        }
        Ok(switched)
    }

    /// Runs `f` with the checkpoint of what it commits deferred: the pages
    /// stay in the WAL, and a connection of its own copies them into the
    /// file beside what this process does next (the rest of a reading
    /// command), instead of on its path at the commit or the close. A new day's reminders at a million clients are
    /// some 6 000 scattered pages, written twice and synced. Waited for
    /// when the store is dropped: the WAL is back in the file before the
    /// process ends. Any other store runs `f` as it is.
    pub fn checkpointing_beside<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let (Some(path), false, Conn::Lite(conn)) = (self.path.clone(), self.read_only, &self.conn)
        else {
            return f(self);
        };
        let before = conn.total_changes();
        let every: i64 = conn.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = f(self);
        let conn = self.lite_mut();
        conn.pragma_update(None, "wal_autocheckpoint", every)?;
        if out.is_ok() && conn.total_changes() != before && self.checkpoint.is_none() {
            self.checkpoint = Some(std::thread::spawn(move || {
                // Failing here loses nothing: the last connection to close
                // checkpoints what is left.
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                if let Ok(beside) = Connection::open_with_flags(&path, flags) {
                    let _ = beside.busy_timeout(BUSY_TIMEOUT);
                    let _ = beside.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
                }
            }));
        }
        out
    }

    /// Ends this connection's transaction: committed when `out` is a
    /// success, else rolled back (and `out`, the failure, returned).
    fn end<T>(&self, out: Result<T>) -> Result<T> {
        self.session.ended(out.is_ok());
        match self.conn.end(out.is_ok()) {
            // A failed ROLLBACK leaves the engine's own rollback.
            Err(e) if out.is_ok() => Err(e.into()),
            _ => out,
        }
    }

    /// Runs `f` as a write that is always taken back: what it would do,
    /// with nothing written (a dry run). Inside [`Store::atomically`] the
    /// whole unit becomes the rehearsal and is taken back at its end.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&WriteDb<'_>) -> Result<T>) -> Result<T> {
        let db = WriteDb {
            db: Db { conn: &self.conn },
            session: &self.session,
        };
        if !self.conn.is_autocommit() {
            self.rehearsal = true;
            return f(&db);
        }
        self.conn.begin(false)?;
        let out = f(&db);
        let _ = self.conn.end(false);
        self.session.ended(false);
        out
    }

    /// Runs `f` (the rules, then a command) as one all-or-nothing unit: a
    /// command that is refused leaves nothing behind, not even what the
    /// rules would have written first; nor does a rehearsal (a dry run).
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        self.conn.begin(true)?;
        self.rehearsal = false;
        let out = f(self);
        let out = match std::mem::take(&mut self.rehearsal) {
            false => out,
            // Taken back like a failure, its answer kept.
            true => {
                let _ = self.conn.end(false);
                self.session.ended(false);
                return out;
            }
        };
        self.end(out)
    }

    /// A counter that changes when another connection commits a change
    /// (`PRAGMA data_version`; on PostgreSQL, the changes other sessions
    /// announced): a cheap "has anything changed?" check.
    pub fn data_version(&self) -> Result<i64> {
        match &self.conn {
            Conn::Lite(c) => Ok(c.pragma_query_value(None, "data_version", |r| r.get(0))?),
            Conn::Pg(pg) => pg.data_version(),
        }
    }
}

#[cfg(test)]
mod tests;
