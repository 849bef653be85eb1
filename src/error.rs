//! The one error type of the library: the values only. Their words are
//! in `i18n::errors`; database errors are converted in `store::sql`.

use std::path::PathBuf;

use crate::domain::DomainError;

/// Everything that can go wrong, with what a person needs to fix it.
#[derive(Debug)]
pub enum Error {
    /// Refused by the conveyor's own rules (bad input, a move that cannot be).
    Domain(DomainError),
    OutcomeNotForCall,
    CallBackNeedsWhen,
    /// The command line's form of `CallBackNeedsWhen`: it names the flag.
    CallBackNeedsAt,
    EmptyReason,
    EmptyText,
    BadNow(String),
    BadClientRef(String),
    /// A dump of another schema version (found, this build's).
    DumpVersion(i64, i64),
    /// A dump is loaded into an empty database only.
    DumpNotEmpty,
    /// A dump holding what no dump of this schema holds: the table, and
    /// the column a row names that the table has not (none when the table
    /// is none of a dump's or a row is not an object).
    DumpShape(String, Option<String>),
    /// A file that cannot be imported (its name, and why).
    Import(String, crate::import::ReadError),
    /// A CSV delimiter that is not one character (`,` `;` tab).
    BadDelimiter(String),
    /// An export to a file that could not be written.
    ExportFailed(PathBuf, String),
    CheckFailed(usize),
    NothingSelected,
    NoReminderSelected,
    NothingToChange,
    /// An invoice or sale without an amount for a client with no expected deal.
    NoAmount(i64),
    /// An expected deal set on a client that has paid already.
    DealAfterPayment(i64),
    /// An undo refused: another writer changed these rows (this client's).
    UndoConflict(Option<i64>),
    NeedsYes,
    MergeSelf(i64),
    NoDatabase(PathBuf),
    /// `restore` pointed at a file that is not there.
    NoBackup(PathBuf),
    Cancelled,
    NotATerminal,
    NoClient(i64),
    NoReminder(i64),
    NoOrder(i64),
    ClientLost(i64),
    ClientNotLost(i64),
    AlreadyLost(i64),
    ReminderDone(i64),
    OrderPaid(i64),
    /// An invoice withdrawn: it is paid no more, nor cancelled again.
    OrderCancelled(i64),
    PaidBeforeInvoiced,
    /// A payment dated on a day still ahead.
    PaidAhead(chrono::NaiveDate),
    SchemaTooNew {
        found: i64,
        supported: i64,
    },
    /// A team database older than this build, opened by one of its people
    /// rather than its admin, who alone may bring it up to date.
    TeamSchemaBehind {
        found: i64,
        needed: i64,
    },
    NotKonveyer(PathBuf),
    /// A new client whose phone (or e-mail) is already this client's.
    Duplicate {
        id: i64,
        name: String,
        by_email: bool,
    },
    /// A database file shorter than its header says: cut short (its
    /// bytes, the bytes its header promises).
    Damaged(PathBuf, u64, u64),
    /// A call's duration that cannot be read.
    BadDuration(String),
    /// `lose --back` with a day that has come already.
    BackInThePast(chrono::NaiveDate),
    /// `robots --dry-run N`: no robot N (how many there are).
    NoRobot(i64, usize),
    /// A client without a phone to dial.
    NoPhone(i64),
    /// `dial --number N`: client `id` has no number N (how many it has).
    NoSuchNumber {
        id: i64,
        n: u16,
        count: usize,
    },
    /// The dialler (its program) did not start or failed at once (how).
    DialFailed(String, ProgramFailure),
    /// A path that is not a regular file (a pipe, a directory, a device).
    NotAFile(PathBuf),
    /// A settings file that goes on past the most such a file holds (the
    /// file, the most in bytes).
    TooLarge(PathBuf, u64),
    ReadOnly(PathBuf),
    Busy,
    /// A team's writes held by another session: whose role, for how many
    /// seconds so far.
    BusyBy(String, i64),
    DiskFull,
    FileExists(PathBuf),
    NotEmpty(PathBuf),
    NoDataDir,
    BadConfig(PathBuf, String),
    /// The config file's `lang` is not a language konveyer speaks.
    ConfigLang(PathBuf, String),
    /// The config file's `currency` is no currency konveyer reads.
    ConfigCurrency(PathBuf, String),
    /// A number in the config file outside its range.
    ConfigRange {
        path: PathBuf,
        key: String,
        value: String,
        min: String,
        max: String,
    },
    /// A setting of the config file that makes no sense: which fault, the
    /// robot's `on` (when a robot's), the value as written.
    ConfigSetting {
        path: PathBuf,
        fault: SettingFault,
        on: String,
        value: String,
    },
    /// The config's `[keys]` (the file, and what is wrong with them).
    ConfigKeys(PathBuf, KeysFault),
    /// A command that works on a local SQLite file only (its name).
    OnlyLocal(&'static str),
    /// `migrate-to` into a team database that already holds clients.
    TeamNotEmpty(String),
    /// `migrate-to` given something that is not a PostgreSQL address.
    NotTeamUrl(String),
    /// The team server takes no writes: a standby, or a server (or a
    /// session's `options`) set read-only.
    TeamReadOnly,
    /// The team server could not be reached (the address, why).
    NoServer(String, String),
    /// An `sslmode` libpq does not know.
    BadSslMode(String),
    /// A mode that checks the server's certificate with no CA to check it
    /// against.
    NoRootCert,
    /// `sslrootcert=system` with a mode other than `verify-full` (the mode).
    SystemRootsWeak(String),
    /// `sslrootcert=system` and no CA certificates on the system (why).
    NoSystemRoots(String),
    /// The CAs' certificate file cannot be used (the file, why).
    TlsRootCert(PathBuf, PemFault),
    /// The CA's revocation list cannot be used (the file, why).
    TlsCrl(PathBuf, PemFault),
    /// The team server's certificate is not one this connection trusts
    /// (the address, why: an unknown CA, another host's name, expired).
    ServerNotTrusted(String, String),
    /// The team server did not take the person's certificate, or wanted
    /// one (the address, the server's words).
    CertificateRefused(String, String),
    /// A person's own certificate (`sslcert`) cannot be used (the file,
    /// why).
    ClientCert(PathBuf, PemFault),
    /// The private key of a person's certificate (`sslkey`) cannot be used
    /// (the file, why).
    ClientKey(PathBuf, PemFault),
    /// The private key given is not the one of the person's certificate
    /// (the key, the certificate).
    ClientKeyMismatch(PathBuf, PathBuf),
    /// The private key of a person's certificate may be read by others.
    ClientKeyOpen(PathBuf),
    /// The private key of a person's certificate is encrypted: konveyer
    /// asks for no password to open it.
    ClientKeyEncrypted(PathBuf),
    /// A server that asked for a password over a connection that is not
    /// encrypted (the address): it was not sent.
    PasswordInClear(String),
    /// A password file (`~/.pgpass`, `PGPASSFILE`) others may read.
    PasswordFileOpen(PathBuf),
    /// A connection service (`service=NAME`, `PGSERVICE`) in none of the
    /// service files (its name, the files looked in).
    NoService(String, String),
    /// A line of a connection service file that is neither a `[section]`,
    /// a `key=value` nor a comment (the file, the line's number).
    BadServiceFile(PathBuf, usize),
    /// A card someone else changed since this session looked (its id, who).
    ChangedBy {
        id: i64,
        by: Option<String>,
    },
    /// Acting as a login the team database does not know.
    UnknownUser(String),
    /// `--user`/`KONVEYER_USER` naming someone else than the role this
    /// session signed in to the team database as.
    NotYourLogin {
        asked: String,
        role: String,
    },
    /// The team server refused a change (its words: whose card, which
    /// table).
    ServerRefused(String),
    /// A person added on a team database with no password, no terminal to
    /// ask it on, and no `--no-password`.
    PasswordNeeded,
    /// A password given for a local file (people there have none).
    PasswordLocal,
    /// A password file that cannot be used (the file, why).
    PasswordFile(PathBuf, String),
    /// The two passwords typed differ.
    PasswordsDiffer,
    /// An empty password (typed, or a file's first line).
    PasswordEmpty,
    /// `settings --from` on a local file (its settings are the config file).
    SettingsLocal,
    /// A team import stopped by a chunk that could not be written: how
    /// many rows were in before it, of how many, and why.
    ImportPartial {
        done: usize,
        total: usize,
        why: Box<Error>,
    },
    /// `init-team` on a database whose team is set up already.
    TeamSetUp(String),
    /// Something only the head of sales may do, asked by this login.
    NotHead(String),
    /// `user add` of a login that is already there.
    UserExists(String),
    /// A login given to a command that no person has.
    NoUser(String),
    /// A person marked away given a card.
    UserAway(String),
    /// A login that is not lower-case Latin letters, digits, `.`, `-` or
    /// `_`, starting with a letter, at most 63 (a PostgreSQL role's name).
    BadLogin(String),
    /// Nobody (present, with room) to rotate a farmer's clients to.
    NoFarmer,
    /// `rotate --idle` that is not a number of days or weeks.
    BadIdle(String),
    /// A person's plan target that is not calls, meetings, moves or payments = N.
    BadPersonMetric(String),
    Io(String),
    Db(String),
}

/// How a program konveyer starts for the person (a robot, the dialler)
/// ended, when not well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramFailure {
    /// It could not be started, or not watched (the system's words).
    NotStarted(String),
    /// It exited with this code, or (`None`) was killed by a signal, and
    /// said this on stderr (the first line; empty when not read).
    Exit(Option<i32>, String),
    /// It ran past its time (seconds) and was killed.
    TimedOut(u32),
}

/// Why a PEM file (certificates, a key, a revocation list) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemFault {
    /// Not a regular file (a pipe, a device, a directory): not read on.
    NotAFile,
    /// More bytes than any such file holds (how many).
    TooLarge(u64),
    /// Nothing of what it should hold is in it.
    Nothing,
    /// The system's or the PEM reader's words.
    Said(String),
}

/// A config file's setting that makes no sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingFault {
    /// `[stages.stale_days]` names no station.
    StaleStage,
    /// A robot's `on` is no event.
    RobotOn,
    /// A robot's `stage` is no station.
    RobotStage,
    /// A robot's `after` is no WHEN.
    RobotAfter,
    /// A robot with neither `remind` nor `run`.
    RobotIdle,
    /// `region` is no country code.
    Region,
}

/// What is wrong with the config's `[keys]`: which fault, the action's
/// name, the key as written, and the other action (or, for a name that is
/// none, the names there are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysFault {
    pub fault: KeyFault,
    pub action: String,
    pub key: String,
    pub other: String,
}

/// Which fault of the config's `[keys]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFault {
    /// A name that is no action of the board.
    NoAction,
    /// A key that is none (or none given).
    NoKey,
    /// One key for two actions in one place of the board.
    Twice,
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl std::error::Error for Error {}

impl From<DomainError> for Error {
    fn from(e: DomainError) -> Self {
        Error::Domain(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull => Error::DiskFull,
            _ => Error::Io(e.to_string()),
        }
    }
}
