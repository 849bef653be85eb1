//! Error messages: what was wrong and what to do. Each error names its
//! Fluent message and arguments; the words are in `assets/locales`.

use fluent_bundle::FluentValue;

use super::{Lang, stage_word, tr_args};
use crate::domain::DomainError;
use crate::error::Error;

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
        D::EmptyName => ("err-empty-name", vec![]),
        D::BadEmail(s) => ("err-bad-email", input(s)),
        D::BadPhone(s) => ("err-bad-phone", input(s)),
        D::BadActivityKind(s) => ("err-bad-activity-kind", input(s)),
        D::BadOutcome(s) => ("err-bad-outcome", input(s)),
        D::BadPeriod(s) => ("err-bad-period", input(s)),
        D::BadMetric(s) => ("err-bad-metric", input(s)),
        D::BadSegment(s) => ("err-bad-segment", input(s)),
    }
}

/// A file that could not be imported: its name, and why.
fn import(file: &str, why: &crate::import::ReadError) -> (&'static str, Args<'static>) {
    use crate::import::ReadError as R;
    let file = ("file", file.to_string().into());
    match why {
        R::Empty => ("err-import-empty", vec![file]),
        R::Binary => ("err-import-binary", vec![file]),
        R::UnknownEncoding(e) => (
            "err-import-encoding",
            vec![file, ("encoding", e.clone().into())],
        ),
        R::NoNameColumn(h) => (
            "err-import-no-name",
            vec![file, ("headers", h.clone().into())],
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
        R::Json(why) => ("err-import-json", vec![file, ("why", why.clone().into())]),
        R::NoName(n) => (
            "err-import-lead-no-name",
            vec![file, ("n", (*n as i64).into())],
        ),
        R::Unsupported(format) => (
            "err-import-format",
            vec![file, ("format", format.clone().into())],
        ),
    }
}

/// An error's message in `lang`: what was wrong and what to do.
pub fn error(lang: Lang, e: &Error) -> String {
    use Error as E;
    let path = |p: &std::path::Path| one("path", p.display().to_string());
    let id = |i: &i64| one("id", *i);
    let why = |s: &String| one("why", s.clone());
    let (message, args): (&str, Args) = match e {
        E::Domain(d) => domain(lang, d),
        E::OutcomeNotForCall => ("err-outcome-not-for-call", vec![]),
        E::CallBackNeedsWhen => ("err-call-back-needs-when", vec![]),
        E::CallBackNeedsAt => ("err-call-back-needs-at", vec![]),
        E::EmptyReason => ("err-empty-reason", vec![]),
        E::EmptyText => ("err-empty-text", vec![]),
        E::BadNow(s) => ("err-bad-now", one("input", s.clone())),
        E::BadClientRef(s) => ("err-bad-client-ref", one("input", s.clone())),
        E::BadDelimiter(s) => ("err-bad-delimiter", one("input", s.clone())),
        E::DumpVersion(found, ours) => (
            "err-dump-version",
            vec![("found", (*found).into()), ("ours", (*ours).into())],
        ),
        E::DumpNotEmpty => ("err-dump-not-empty", vec![]),
        E::Import(file, why) => import(file, why),
        E::ExportFailed(path, why) => (
            "err-export-failed",
            vec![
                ("path", path.display().to_string().into()),
                ("why", why.clone().into()),
            ],
        ),
        E::CheckFailed(n) => ("err-check-failed", one("n", *n as i64)),
        E::NothingSelected => ("err-nothing-selected", vec![]),
        E::NoReminderSelected => ("err-no-reminder-selected", vec![]),
        E::NothingToChange => ("err-nothing-to-change", vec![]),
        E::NeedsYes => ("err-needs-yes", vec![]),
        E::UndoConflict(Some(i)) => ("err-undo-conflict", id(i)),
        E::UndoConflict(None) => ("err-undo-conflict-any", vec![]),
        E::MergeSelf(i) => ("err-merge-self", id(i)),
        E::NoDatabase(p) => ("err-no-database", path(p)),
        E::Cancelled => ("err-cancelled", vec![]),
        E::NotATerminal => ("err-not-a-terminal", vec![]),
        E::NoClient(i) => ("err-no-client", id(i)),
        E::NoReminder(i) => ("err-no-reminder", id(i)),
        E::NoOrder(i) => ("err-no-order", id(i)),
        E::ClientLost(i) => ("err-client-lost", id(i)),
        E::ClientNotLost(i) => ("err-client-not-lost", id(i)),
        E::AlreadyLost(i) => ("err-already-lost", id(i)),
        E::ReminderDone(i) => ("err-reminder-done", id(i)),
        E::OrderPaid(i) => ("err-order-paid", id(i)),
        E::PaidBeforeInvoiced => ("err-paid-before-invoiced", vec![]),
        E::SchemaTooNew { found, supported } => (
            "err-schema-too-new",
            vec![
                ("found", (*found).into()),
                ("supported", (*supported).into()),
            ],
        ),
        E::NotKonveyer(p) => ("err-not-konveyer", path(p)),
        E::ReadOnly(p) => ("err-read-only", path(p)),
        E::Busy => ("err-busy", vec![]),
        E::DiskFull => ("err-disk-full", vec![]),
        E::FileExists(p) => ("err-file-exists", path(p)),
        E::NotEmpty(p) => ("err-not-empty", path(p)),
        E::NoDataDir => ("err-no-data-dir", vec![]),
        E::BadConfig(p, reason) => (
            "err-bad-config",
            vec![
                ("path", p.display().to_string().into()),
                ("why", reason.clone().into()),
            ],
        ),
        E::ConfigLang(p, value) => (
            "err-config-lang",
            vec![
                ("path", p.display().to_string().into()),
                ("value", value.clone().into()),
            ],
        ),
        E::ConfigRange {
            path,
            key,
            value,
            min,
            max,
        } => (
            "err-config-range",
            vec![
                ("path", path.display().to_string().into()),
                ("key", key.clone().into()),
                ("value", value.clone().into()),
                ("min", min.clone().into()),
                ("max", max.clone().into()),
            ],
        ),
        E::TeamNotEmpty(url) => ("err-team-not-empty", vec![("url", url.clone().into())]),
        E::NotTeamUrl(url) => ("err-not-team-url", vec![("url", url.clone().into())]),
        E::ChangedBy { id, by } => match by {
            Some(by) => (
                "err-changed-by",
                vec![("id", (*id).into()), ("login", by.clone().into())],
            ),
            None => ("err-changed", vec![("id", (*id).into())]),
        },
        E::UnknownUser(login) if login.is_empty() => ("err-who-are-you", vec![]),
        E::UnknownUser(login) => ("err-unknown-user", vec![("login", login.clone().into())]),
        E::NotHead(login) => ("err-not-head", vec![("login", login.clone().into())]),
        E::UserExists(login) => ("err-user-exists", vec![("login", login.clone().into())]),
        E::NoUser(login) => ("err-no-user", vec![("login", login.clone().into())]),
        E::UserAway(login) => ("err-user-away", vec![("login", login.clone().into())]),
        E::BadLogin(login) => ("err-bad-login", vec![("login", login.clone().into())]),
        E::NoFarmer => ("err-no-farmer", vec![]),
        E::BadIdle(input) => ("err-bad-idle", vec![("input", input.clone().into())]),
        E::BadPersonMetric(input) => (
            "err-bad-person-metric",
            vec![("input", input.clone().into())],
        ),
        E::OnlyLocal(what) => ("err-only-local", vec![("what", (*what).into())]),
        E::PasswordFileOpen(p) => ("err-password-file-open", path(p)),
        E::NoServer(url, reason) => (
            "err-no-server",
            vec![("url", url.clone().into()), ("why", reason.clone().into())],
        ),
        E::Io(s) => ("err-io", why(s)),
        E::Db(s) => ("err-db", why(s)),
    };
    tr_args(lang, message, &args)
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
