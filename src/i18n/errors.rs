//! Error messages: what was wrong and what to do. Each error names its
//! Fluent message and arguments; the words are in `assets/locales`.

use fluent_bundle::FluentValue;

use super::{Lang, stage_word, tr_args};
use crate::domain::DomainError;
use crate::error::{Error, KeyFault, PemFault, SettingFault};

type Args<'a> = Vec<(&'static str, FluentValue<'a>)>;

fn one<'a>(name: &'static str, value: impl Into<FluentValue<'a>>) -> Args<'a> {
    vec![(name, value.into())]
}

fn domain(lang: Lang, e: &DomainError) -> (&'static str, Args<'static>) {
    use DomainError as D;
    let stage = |s| one("stage", stage_word(lang, s));
    let input = |s: &String| one("input", s.clone());
    match e {
        D::BadStage(s) => ("err-bad-stage", input(s)),
        D::StageDisabled(s) => ("err-stage-disabled", stage(*s)),
        D::NoNextStage(s) => ("err-no-next-stage", stage(*s)),
        D::NoPrevStage(s) => ("err-no-prev-stage", stage(*s)),
        D::AlreadyInStage(s) => ("err-already-in-stage", stage(*s)),
        D::BadWhen(s) => ("err-bad-when", input(s)),
        D::WhenOutOfRange(s) => ("err-when-out-of-range", input(s)),
        D::BadAmount(s) => ("err-bad-amount", input(s)),
        D::ZeroAmount => ("err-zero-amount", vec![]),
        D::AmountTooLarge(s) => ("err-amount-too-large", input(s)),
        D::BadCurrency(s) => ("err-bad-currency", input(s)),
        D::CurrencyConflict {
            amount,
            named,
            wanted,
        } => (
            "err-currency-conflict",
            vec![
                ("input", amount.clone().into()),
                ("named", named.clone().into()),
                ("wanted", wanted.clone().into()),
            ],
        ),
        D::EmptyName => ("err-empty-name", vec![]),
        D::BadEmail(s) => ("err-bad-email", input(s)),
        D::BadPhone(s) => ("err-bad-phone", input(s)),
        D::BadActivityKind(s) => ("err-bad-activity-kind", input(s)),
        D::BadOutcome(s) => ("err-bad-outcome", input(s)),
        D::BadPeriod(s) => ("err-bad-period", input(s)),
        D::BadMetric(s) => ("err-bad-metric", input(s)),
        D::BadCount { metric, input } => {
            // Its name as the plan form says it, and the key a command line types.
            let name = super::fluent::fixed(lang, &format!("metric-{metric}"));
            let metric = match name == *metric {
                true => name.to_string(),
                false => format!("{name} ({metric})"),
            };
            (
                "err-bad-count",
                vec![("metric", metric.into()), ("input", input.clone().into())],
            )
        }
        D::BadSegment(s) => ("err-bad-segment", input(s)),
    }
}

/// A file that could not be imported: its name, and why.
/// A slashed date that may be day or month first, and how each order
/// reads it.
fn date_orders(file: (&'static str, FluentValue<'static>), date: &str) -> Args<'static> {
    use crate::import::dates::{DateOrder, iso};
    let read = |order| iso(date, order).unwrap_or_default().into();
    vec![
        file,
        ("date", date.to_string().into()),
        ("mdy", read(DateOrder::Mdy)),
        ("dmy", read(DateOrder::Dmy)),
    ]
}

fn import(file: &str, why: &crate::import::ReadError) -> (&'static str, Args<'static>) {
    use crate::import::ReadError as R;
    let file = ("file", file.to_string().into());
    match why {
        R::Empty => ("err-import-empty", vec![file]),
        R::Binary => ("err-import-binary", vec![file]),
        R::NotAFile => ("err-import-not-a-file", vec![file]),
        R::UnknownEncoding(e) => (
            "err-import-encoding",
            vec![file, ("encoding", e.clone().into())],
        ),
        R::NoNameColumn(h) => (
            "err-import-no-name",
            vec![file, ("headers", h.clone().into())],
        ),
        R::BadMap(entry) => (
            "err-import-bad-map",
            vec![
                file,
                ("entry", entry.clone().into()),
                (
                    "fields",
                    crate::import::csv::FIELD_NAMES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
            ],
        ),
        R::MapNoColumn(header, headers) => (
            "err-import-map-no-column",
            vec![
                file,
                ("header", header.clone().into()),
                ("headers", headers.clone().into()),
            ],
        ),
        R::Sheet(why) => ("err-import-sheet", vec![file, ("why", why.clone().into())]),
        R::NotATable(option) => (
            "err-import-not-a-table",
            vec![file, ("option", (*option).into())],
        ),
        R::NoSheet(name, sheets) => (
            "err-import-no-sheet",
            vec![
                file,
                ("sheet", name.clone().into()),
                ("sheets", sheets.clone().into()),
            ],
        ),
        R::NoNameInSheets(sheets) => (
            "err-import-no-name-in-sheets",
            vec![file, ("sheets", sheets.clone().into())],
        ),
        R::Csv(row, why) => (
            "err-import-row",
            vec![
                file,
                ("row", (*row as i64).into()),
                ("why", why.clone().into()),
            ],
        ),
        R::Io(why) => ("err-import-io", vec![file, ("why", why.clone().into())]),
        R::DateOrder(date) => ("err-import-date-order", date_orders(file, date)),
        R::Json(why) => ("err-import-json", vec![file, ("why", why.clone().into())]),
        R::NoName(n) => (
            "err-import-lead-no-name",
            vec![file, ("n", (*n as i64).into())],
        ),
        R::NoLeads => ("err-import-no-leads", vec![file]),
        R::NotALead(n) => (
            "err-import-not-a-lead",
            vec![file, ("n", (*n as i64).into())],
        ),
        R::NoVcards => ("err-import-no-vcards", vec![file]),
        R::Dump => ("err-import-dump", vec![file]),
    }
}

/// An error's message in `lang`: what was wrong and what to do.
pub fn error(lang: Lang, e: &Error) -> String {
    let (message, args) = parts(lang, e)
        // Not reached: every kind is in one group (a test holds one of each).
        .unwrap_or_else(|| ("err-db", one("why", format!("{e:?}"))));
    tr_args(lang, message, &args)
}

/// An error's message id and arguments, from the group it belongs to.
fn parts(lang: Lang, e: &Error) -> Option<Msg> {
    match e {
        Error::Domain(d) => Some(domain(lang, d)),
        Error::Import(file, why) => Some(import(file, why)),
        Error::ServerRefused(why) => Some((
            "err-server-refused",
            text("why", &super::server_words(lang, why)),
        )),
        Error::DialFailed(program, how) => Some((
            "err-dial-failed",
            vec![
                ("program", program.clone().into()),
                ("why", super::program_failed(lang, how).into()),
            ],
        )),
        Error::ImportPartial { done, total, why } => Some((
            "err-import-partial",
            vec![
                ("done", (*done as i64).into()),
                ("total", (*total as i64).into()),
                ("why", error(lang, why).into()),
            ],
        )),
        _ => typed(e)
            .or_else(|| records(e))
            .or_else(|| storage(e))
            .or_else(|| config(e))
            .or_else(|| team(e))
            .or_else(|| connection(lang, e)),
    }
}

/// A message id and its arguments.
type Msg = (&'static str, Args<'static>);

fn path(p: &std::path::Path) -> Args<'static> {
    one("path", p.display().to_string())
}

/// A file and why it cannot be used.
fn path_why(p: &std::path::Path, why: &str) -> Args<'static> {
    let mut args = path(p);
    args.push(("why", why.to_string().into()));
    args
}

/// Why a PEM file cannot be used, in words (`nothing`: the message for
/// one that holds none of what it should).
fn pem_fault(lang: Lang, fault: &PemFault, nothing: &'static str) -> String {
    match fault {
        PemFault::NotAFile => tr_args(lang, "pem-not-a-file", &[]),
        PemFault::TooLarge(size) => tr_args(lang, "pem-too-large", &one("size", *size as i64)),
        PemFault::Nothing => tr_args(lang, nothing, &[]),
        PemFault::Said(why) => why.clone(),
    }
}

/// A team server's address and what it said.
fn url_why(url: &str, why: &str) -> Args<'static> {
    vec![
        ("url", url.to_string().into()),
        ("why", why.to_string().into()),
    ]
}

fn text(name: &'static str, value: &str) -> Args<'static> {
    one(name, value.to_string())
}

/// Two whole numbers by name: a schema's version found and wanted.
fn two(a: (&'static str, i64), b: (&'static str, i64)) -> Args<'static> {
    vec![(a.0, a.1.into()), (b.0, b.1.into())]
}

/// What a person typed or chose that cannot be done.
fn typed(e: &Error) -> Option<Msg> {
    use Error as E;
    Some(match e {
        E::OutcomeNotForCall => ("err-outcome-not-for-call", vec![]),
        E::CallBackNeedsWhen => ("err-call-back-needs-when", vec![]),
        E::CallBackNeedsAt => ("err-call-back-needs-at", vec![]),
        E::EmptyReason => ("err-empty-reason", vec![]),
        E::EmptyText => ("err-empty-text", vec![]),
        E::BadNow(s) => ("err-bad-now", text("input", s)),
        E::BadClientRef(s) => ("err-bad-client-ref", text("input", s)),
        E::BadDelimiter(s) => ("err-bad-delimiter", text("input", s)),
        E::BadIdle(s) => ("err-bad-idle", text("input", s)),
        E::BadPersonMetric(s) => ("err-bad-person-metric", text("input", s)),
        E::BadLogin(login) => ("err-bad-login", text("login", login)),
        E::NothingSelected => ("err-nothing-selected", vec![]),
        E::NoReminderSelected => ("err-no-reminder-selected", vec![]),
        E::NothingToChange => ("err-nothing-to-change", vec![]),
        E::NoAmount(i) => ("err-no-amount", one("id", *i)),
        E::DealAfterPayment(i) => ("err-deal-after-payment", one("id", *i)),
        E::NeedsYes => ("err-needs-yes", vec![]),
        E::MergeSelf(i) => ("err-merge-self", one("id", *i)),
        E::Cancelled => ("err-cancelled", vec![]),
        E::NotATerminal => ("err-not-a-terminal", vec![]),
        E::BackInThePast(d) => ("err-back-in-the-past", text("day", &d.to_string())),
        E::BadDuration(s) => ("err-bad-duration", text("input", s)),
        E::NoRobot(n, count) => (
            "err-no-robot",
            vec![("n", (*n).into()), ("count", (*count as i64).into())],
        ),
        _ => return None,
    })
}

/// A client, reminder or order that is not there or not in that state;
/// a number a client does not have; a client that is there already.
fn records(e: &Error) -> Option<Msg> {
    use Error as E;
    let id = |i: &i64| one("id", *i);
    Some(match e {
        E::NoClient(i) => ("err-no-client", id(i)),
        E::NoReminder(i) => ("err-no-reminder", id(i)),
        E::NoOrder(i) => ("err-no-order", id(i)),
        E::ClientLost(i) => ("err-client-lost", id(i)),
        E::ClientNotLost(i) => ("err-client-not-lost", id(i)),
        E::AlreadyLost(i) => ("err-already-lost", id(i)),
        E::ReminderDone(i) => ("err-reminder-done", id(i)),
        E::OrderPaid(i) => ("err-order-paid", id(i)),
        E::OrderCancelled(i) => ("err-order-cancelled", id(i)),
        E::PaidBeforeInvoiced => ("err-paid-before-invoiced", vec![]),
        E::PaidAhead(d) => ("err-paid-ahead", text("day", &d.to_string())),
        E::UndoConflict(Some(i)) => ("err-undo-conflict", id(i)),
        E::UndoConflict(None) => ("err-undo-conflict-any", vec![]),
        E::NoPhone(i) => ("err-no-phone", id(i)),
        E::NoSuchNumber { id, n, count } => (
            "err-no-such-number",
            vec![
                ("id", (*id).into()),
                ("n", i64::from(*n).into()),
                ("count", (*count as i64).into()),
            ],
        ),
        E::Duplicate { id, name, by_email } => (
            match by_email {
                true => "err-duplicate-email",
                false => "err-duplicate-phone",
            },
            vec![("id", (*id).into()), ("name", name.clone().into())],
        ),
        _ => return None,
    })
}

/// The database file, dumps and exports, the disk.
fn storage(e: &Error) -> Option<Msg> {
    use Error as E;
    Some(match e {
        E::NoDatabase(p) => ("err-no-database", path(p)),
        E::NoBackup(p) => ("err-no-backup", path(p)),
        E::NotKonveyer(p) => ("err-not-konveyer", path(p)),
        E::Damaged(p, size, promised) => {
            let mut args = path(p);
            args.push(("size", (*size as i64).into()));
            args.push(("promised", (*promised as i64).into()));
            ("err-damaged", args)
        }
        E::NotAFile(p) => ("err-not-a-file", path(p)),
        E::TooLarge(p, most) => {
            let mut args = path(p);
            args.push(("most", (*most as i64).into()));
            ("err-too-large", args)
        }
        E::ReadOnly(p) => ("err-read-only", path(p)),
        E::FileExists(p) => ("err-file-exists", path(p)),
        E::NotEmpty(p) => ("err-not-empty", path(p)),
        E::SchemaTooNew { found, supported } => (
            "err-schema-too-new",
            two(("found", *found), ("supported", *supported)),
        ),
        E::TeamSchemaBehind { found, needed } => (
            "err-team-schema-behind",
            two(("found", *found), ("needed", *needed)),
        ),
        E::DumpVersion(found, ours) => {
            ("err-dump-version", two(("found", *found), ("ours", *ours)))
        }
        E::DumpNotEmpty => ("err-dump-not-empty", vec![]),
        E::DumpShape(table, column) => (
            "err-dump-shape",
            vec![
                ("table", table.clone().into()),
                // Fluent's select: `none` when no column is to blame.
                (
                    "column",
                    column.clone().unwrap_or_else(|| "none".into()).into(),
                ),
            ],
        ),
        E::ExportFailed(p, why) => {
            let mut args = path(p);
            args.push(("why", why.clone().into()));
            ("err-export-failed", args)
        }
        E::CheckFailed(n) => ("err-check-failed", one("n", *n as i64)),
        E::Busy => ("err-busy", vec![]),
        E::BusyBy(who, seconds) => (
            "err-busy-by",
            vec![
                ("login", who.clone().into()),
                ("seconds", (*seconds).into()),
            ],
        ),
        E::DiskFull => ("err-disk-full", vec![]),
        E::NoDataDir => ("err-no-data-dir", vec![]),
        E::Io(why) => ("err-io", text("why", why)),
        E::Db(why) => ("err-db", text("why", why)),
        _ => return None,
    })
}

/// The config file.
fn config(e: &Error) -> Option<Msg> {
    use Error as E;
    let (message, p, rest): (_, _, Vec<(&'static str, &String)>) = match e {
        E::BadConfig(p, why) => ("err-bad-config", p, vec![("why", why)]),
        E::ConfigLang(p, value) => ("err-config-lang", p, vec![("value", value)]),
        E::ConfigCurrency(p, value) => ("err-config-currency", p, vec![("value", value)]),
        E::ConfigRange {
            path,
            key,
            value,
            min,
            max,
        } => (
            "err-config-range",
            path,
            vec![("key", key), ("value", value), ("min", min), ("max", max)],
        ),
        E::ConfigSetting {
            path,
            fault,
            on,
            value,
        } => (
            match fault {
                SettingFault::StaleStage => "err-config-stale-stage",
                SettingFault::RobotOn => "err-config-robot-on",
                SettingFault::RobotStage => "err-config-robot-stage",
                SettingFault::RobotAfter => "err-config-robot-after",
                SettingFault::RobotIdle => "err-config-robot-idle",
                SettingFault::Region => "err-config-region",
            },
            path,
            vec![("on", on), ("value", value)],
        ),
        E::ConfigKeys(path, f) => (
            match f.fault {
                KeyFault::NoAction => "err-config-keys-action",
                KeyFault::NoKey => "err-config-keys-key",
                KeyFault::Twice => "err-config-keys-twice",
            },
            path,
            vec![("action", &f.action), ("key", &f.key), ("other", &f.other)],
        ),
        _ => return None,
    };
    let mut args = path(p);
    args.extend(rest.into_iter().map(|(name, v)| (name, v.clone().into())));
    Some((message, args))
}

/// The team database: its address and server, its people, its cards.
fn team(e: &Error) -> Option<Msg> {
    use Error as E;
    Some(match e {
        E::TeamNotEmpty(url) => ("err-team-not-empty", text("url", url)),
        E::NotTeamUrl(url) => ("err-not-team-url", text("url", url)),
        E::OnlyLocal(what) => ("err-only-local", one("what", *what)),
        E::ChangedBy { id, by: Some(by) } => (
            "err-changed-by",
            vec![("id", (*id).into()), ("login", by.clone().into())],
        ),
        E::ChangedBy { id, by: None } => ("err-changed", one("id", *id)),
        E::UnknownUser(login) if login.is_empty() => ("err-who-are-you", vec![]),
        E::UnknownUser(login) => ("err-unknown-user", text("login", login)),
        E::NotHead(login) => ("err-not-head", text("login", login)),
        E::NotYourLogin { asked, role } => (
            "err-not-your-login",
            vec![
                ("asked", asked.clone().into()),
                ("role", role.clone().into()),
            ],
        ),
        E::PasswordNeeded => ("err-password-needed", vec![]),
        E::PasswordLocal => ("err-password-local", vec![]),
        E::PasswordFile(p, why) => ("err-password-file", path_why(p, why)),
        E::PasswordsDiffer => ("err-passwords-differ", vec![]),
        E::PasswordEmpty => ("err-password-empty", vec![]),
        E::SettingsLocal => ("err-settings-local", vec![]),
        E::TeamSetUp(url) => ("err-team-set-up", text("url", url)),
        E::UserExists(login) => ("err-user-exists", text("login", login)),
        E::NoUser(login) => ("err-no-user", text("login", login)),
        E::UserAway(login) => ("err-user-away", text("login", login)),
        E::NoFarmer => ("err-no-farmer", vec![]),
        _ => return None,
    })
}

/// Reaching the team's server: its address, TLS, passwords, services
/// and a person's certificate.
fn connection(lang: Lang, e: &Error) -> Option<Msg> {
    use Error as E;
    let pem = |p, why, nothing| path_why(p, &pem_fault(lang, why, nothing));
    Some(match e {
        E::NoServer(url, why) => ("err-no-server", url_why(url, why)),
        E::TeamReadOnly => ("err-team-read-only", vec![]),
        E::ServerNotTrusted(url, why) => ("err-server-not-trusted", url_why(url, why)),
        E::CertificateRefused(url, why) => ("err-certificate-refused", url_why(url, why)),
        E::PasswordFileOpen(p) => ("err-password-file-open", path(p)),
        E::NoService(name, files) => (
            "err-no-service",
            vec![
                ("name", name.clone().into()),
                ("files", files.clone().into()),
            ],
        ),
        E::BadServiceFile(p, line) => {
            let mut args = path(p);
            args.push(("line", (*line as i64).into()));
            ("err-bad-service-file", args)
        }
        E::BadSslMode(mode) => ("err-bad-sslmode", text("mode", mode)),
        E::NoRootCert => ("err-no-root-cert", vec![]),
        E::SystemRootsWeak(mode) => ("err-system-roots-weak", text("mode", mode)),
        E::NoSystemRoots(why) => ("err-no-system-roots", text("why", why)),
        E::TlsRootCert(p, why) => ("err-tls-root-cert", pem(p, why, "pem-no-certificate")),
        E::TlsCrl(p, why) => ("err-tls-crl", pem(p, why, "pem-no-crl")),
        E::ClientCert(p, why) => ("err-client-cert", pem(p, why, "pem-no-certificate")),
        E::ClientKey(p, why) => ("err-client-key", pem(p, why, "pem-no-key")),
        E::ClientKeyMismatch(key, cert) => (
            "err-client-key-mismatch",
            vec![
                ("path", key.display().to_string().into()),
                ("cert", cert.display().to_string().into()),
            ],
        ),
        E::ClientKeyOpen(p) => ("err-client-key-open", path(p)),
        E::ClientKeyEncrypted(p) => ("err-client-key-encrypted", path(p)),
        E::PasswordInClear(url) => ("err-password-in-clear", text("url", url)),
        _ => return None,
    })
}

impl Error {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        error(lang, self)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

#[cfg(test)]
mod tests;
