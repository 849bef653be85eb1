//! The local file: a complete copy (backup), a backup checked and put
//! back (restore), and a file opened safely — read-only where it cannot
//! be written, refused when it is another program's, created owner-only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::sql::Conn;
use super::{Session, Store, schema};
use crate::error::{Error, Result};

impl Store {
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
            return Err(Error::NoBackup(file.to_path_buf()));
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
            checkpoint: None,
            session: Session::default(),
            undo: false,
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

/// Deletes a database file and its companions (its write-ahead log and
/// its index, a rollback journal), those present.
pub fn remove_database(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A read-only connection to `path` that can read it even where this user
/// may not create SQLite's companion files (`-shm`) beside it: then the
/// file is read as immutable.
pub(super) fn open_for_reading(path: &Path) -> Result<Connection> {
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
pub(super) fn writable(path: &Path) -> bool {
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
pub(super) fn probe(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    // A pipe would block the open; a directory or a device is no database.
    if !meta.is_file() {
        return Err(Error::NotAFile(path.to_path_buf()));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    // Beside a write-ahead log or a journal the header may run ahead of
    // the file (another process is checkpointing): only a lone file is
    // measured.
    let companion = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        Path::new(&name).exists()
    };
    let lone = !companion("-wal") && !companion("-journal");
    if lone
        && let Some(promised) = promised_size(path)?
        && meta.len() < promised
    {
        return Err(Error::Damaged(path.to_path_buf(), meta.len(), promised));
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

/// The size an SQLite file's header says it has (page size × pages), when
/// the header says (its page count is valid: written by SQLite 3.7.0 or
/// later and not changed since by an older one); `None` for a file that is
/// no SQLite database at all (the open says so) or that keeps no count.
/// A file cut short — a copy that stopped, a header alone — is shorter.
fn promised_size(path: &Path) -> Result<Option<u64>> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    if read < header.len() || !header.starts_with(b"SQLite format 3\0") {
        return Ok(None);
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let (pages, changes, valid_for) = (be32(28), be32(24), be32(92));
    Ok((pages > 0 && changes == valid_for).then(|| page_size * u64::from(pages)))
}

/// Creates `path` (and its directory) readable by the owner only, if absent.
pub(super) fn create_private_file(path: &Path) -> Result<()> {
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
