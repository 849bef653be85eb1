//! SQLite storage. Every SQL statement of the program lives in this module,
//! behind `Db` (reads) and `WriteDb` (writes, only inside a transaction).

mod activities;
mod board;
mod bulk;
mod clients;
mod export;
mod migrate;
mod orders;
pub mod pg;
mod reminders;
mod report;
mod rules;
pub mod schema;
mod snapshot;
pub mod sql;
mod stages;
mod team;
#[doc(hidden)]
pub mod test_server;
mod undo;
mod values;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use sql::Conn;

pub use board::{CardKey, CardOrder, Seek, Shown};
pub use clients::ClientFilter;
pub use export::DUMP_TABLES;
pub use migrate::Copied;
pub use reminders::NewReminder;
pub use report::{NewClientRow, PaidOrder, SegmentOverride};
pub use rules::{Among, FarmerPayments, UnpaidOrder};
pub use team::{HandOff, IdleClient, Load};

pub(crate) use values::{bad_value, day, parse_day, parse_ts, ts};

use crate::error::{Error, Result};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open konveyer database.
pub struct Store {
    conn: Conn,
    path: Option<PathBuf>,
    /// Opened read-only (the file is not writable for this user).
    read_only: bool,
    /// A rehearsal began inside [`Store::atomically`]: it ends taken back.
    rehearsal: bool,
    session: Session,
}

/// Who works through a store and what they have seen of the cards: every
/// write carries the person's login, and a card someone else changed since
/// this session last looked is not written over (optimistic concurrency by
/// the cards' change numbers).
#[derive(Debug, Default)]
struct Session {
    actor: Option<String>,
    /// The highest change number of any card when this session last looked.
    looked: Cell<i64>,
    /// Cards this session changed itself or was shown changed, with the
    /// change number it knows them by.
    seen: RefCell<HashMap<i64, i64>>,
    /// The cards the transaction under way changed: seen once it lands.
    pending: RefCell<HashSet<i64>>,
    /// The change number of the transaction under way (one per
    /// transaction, taken at its first change of a card).
    number: Cell<Option<i64>>,
}

impl Session {
    /// The transaction ended: what it changed is seen if it landed.
    fn ended(&self, landed: bool) {
        let changed = std::mem::take(&mut *self.pending.borrow_mut());
        if let (true, Some(number)) = (landed, self.number.get()) {
            self.seen
                .borrow_mut()
                .extend(changed.into_iter().map(|id| (id, number)));
        }
        self.number.set(None);
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
            session: Session::default(),
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
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS worked (id INTEGER PRIMARY KEY)")?;
        let store = Store {
            conn: Conn::Lite(conn),
            path: Some(path.to_path_buf()),
            read_only: true,
            rehearsal: false,
            session: Session::default(),
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
            session: Session::default(),
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        let in_file = self.path.is_some();
        let conn = self.lite_mut();
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if in_file {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Db(format!("cannot switch to WAL mode (got {mode})")));
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // Statement journals (every insert that fires a trigger keeps
            // one) and sorts stay in memory, not in temporary files.
            conn.pragma_update(None, "temp_store", "MEMORY")?;
        }
        schema::migrate(conn)?;
        // The board's focus queue remembers worked cards per connection.
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS worked (id INTEGER PRIMARY KEY)")?;
        self.look()
    }

    /// Who acts through this store from now on (their login; `None`: the
    /// single person of a local base). Timeline entries and changed cards
    /// carry it.
    pub fn set_actor(&mut self, login: Option<String>) {
        self.session.actor = login;
    }

    /// The login this store acts for.
    pub fn actor(&self) -> Option<&str> {
        self.session.actor.as_deref()
    }

    /// Takes the base as it is now as seen (the board after a reload): a
    /// card changed by someone else before this moment may be changed
    /// again; one changed after it is refused until looked at again.
    pub fn look(&self) -> Result<()> {
        let highest: i64 = self
            .conn
            .query_row("SELECT n FROM change_counter", sql::NONE, |r| r.get(0))?;
        self.session.looked.set(highest);
        Ok(())
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

    /// Copies the database to `dest`, complete or not at all: one
    /// `VACUUM INTO` a temporary file beside `dest` (a single read of one
    /// snapshot, so steady writers cannot starve it), made owner-only, then
    /// linked into place (never over an existing file) and the temporary
    /// name removed. A crash leaves at most a `.konveyer-tmp` file, never a
    /// half `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::FileExists(dest.to_path_buf()));
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.{}.konveyer-tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let conn = self.conn.lite().ok_or(Error::OnlyLocal("backup"))?;
        let result = (|| -> Result<()> {
            conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
            }
            std::fs::hard_link(&tmp, dest).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::FileExists(dest.to_path_buf()),
                _ => e.into(),
            })
        })();
        let _ = std::fs::remove_file(&tmp);
        result
    }

    /// Checks that `file` is a healthy konveyer database this version can
    /// read (for `restore`): ours, not newer, intact.
    pub fn check_backup(file: &Path) -> Result<()> {
        if !file.is_file() {
            return Err(Error::NoDatabase(file.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file, flags)
            .map_err(|_| Error::NotKonveyer(file.to_path_buf()))?;
        let not_ours = || Error::NotKonveyer(file.to_path_buf());
        let app: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|_| not_ours())?;
        if app != schema::APPLICATION_ID {
            return Err(not_ours());
        }
        let version = schema::user_version(&conn)?;
        if version > schema::latest() {
            return Err(Error::SchemaTooNew {
                found: version,
                supported: schema::latest(),
            });
        }
        let store = Store {
            conn: Conn::Lite(conn),
            path: Some(file.to_path_buf()),
            read_only: true,
            rehearsal: false,
            session: Session::default(),
        };
        let problems = store.check()?;
        if !problems.is_empty() {
            return Err(Error::CheckFailed(problems.len()));
        }
        Ok(())
    }

    /// Writes everything into the main file and empties the write-ahead log
    /// (before the file is replaced by a restore).
    pub fn checkpoint(&self) -> Result<()> {
        let Some(conn) = self.conn.lite() else {
            return Ok(());
        };
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// SQLite's integrity and foreign-key checks, the kept counts against
    /// counting, and the search index against the texts; an empty list
    /// means healthy.
    pub fn check(&self) -> Result<Vec<String>> {
        let Some(conn) = self.conn.lite() else {
            // The server keeps its own integrity; the kept counts are ours.
            return self.read().miscounts();
        };
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
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
            problems.push(row?);
        }
        drop(stmt);
        problems.extend(self.read().miscounts()?);
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
                    problems.push("search_index does not match the clients' search texts".into())
                }
                other => other?,
            }
        }
        Ok(problems)
    }
}

/// Replaces the database at `db` with the checked backup `file`; the
/// current database (its log written in first) is kept beside it as
/// `NAME.before-restore` (`.2`, `.3` … when that exists), which is returned.
/// Close boards on `db` first: they would keep the old file open.
pub fn restore(file: &Path, db: &Path) -> Result<Option<PathBuf>> {
    Store::check_backup(file)?;
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = db.with_file_name(format!(".{name}.restore.konveyer-tmp"));
    std::fs::copy(file, &tmp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    let mut kept = None;
    if db.exists() {
        Store::open(db)?.checkpoint()?;
        let keep = (1..)
            .map(|n| match n {
                1 => db.with_file_name(format!("{name}.before-restore")),
                n => db.with_file_name(format!("{name}.before-restore.{n}")),
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| db.with_file_name(format!("{name}.before-restore")));
        std::fs::rename(db, &keep)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(db.with_file_name(format!("{name}{suffix}")));
        }
        kept = Some(keep);
    }
    std::fs::rename(&tmp, db)?;
    Ok(kept)
}

/// A read-only connection to `path` that can read it even where this user
/// may not create SQLite's companion files (`-shm`) beside it: then the
/// file is read as immutable.
fn open_for_reading(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags).and_then(|c| {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(c)
    });
    match plain {
        Ok(conn) => Ok(conn),
        // A write cut short (a crash, kill -9) left a hot journal, which a
        // reader cannot roll back: a connection that may write does, as
        // the next writer would (nothing else is changed by it).
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ReadOnly && writable(path) =>
        {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            Ok(conn)
        }
        Err(_) if !writable(path) => {
            let mut uri = url_path(path);
            uri.push_str("?immutable=1");
            let flags = flags | OpenFlags::SQLITE_OPEN_URI;
            Ok(Connection::open_with_flags(uri, flags)?)
        }
        Err(e) => Err(e.into()),
    }
}

/// `path` as a `file:` URI (percent-encoding what a URI cannot hold).
fn url_path(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

/// Whether this user may write `path` (and the files SQLite keeps beside
/// it in its directory).
fn writable(path: &Path) -> bool {
    let file = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    file && std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// Looks at an existing, non-empty file read-only: it must be a konveyer
/// database (our `application_id`), or a blank SQLite file with no tables
/// and no schema version. Nothing is written, not even the journal mode.
fn probe(path: &Path) -> Result<()> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Ok(());
    }
    let conn = open_for_reading(path)?;
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    let ours = app == schema::APPLICATION_ID;
    let blank = app == 0 && version == 0 && tables == 0;
    if ours || blank {
        Ok(())
    } else {
        Err(Error::NotKonveyer(path.to_path_buf()))
    }
}

/// Creates `path` (and its directory) readable by the owner only, if absent.
fn create_private_file(path: &Path) -> Result<()> {
    if path.exists() {
        // A file others may read (0666 from another tool, say) is made
        // private; a file owned by someone else is left as it is.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                let private = std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700);
                let _ = std::fs::set_permissions(path, private);
            }
        }
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests;
