//! Every user-facing string goes through here. The words themselves live
//! in `assets/locales/<lang>/konveyer.ftl` (Project Fluent); this module
//! picks the message and passes its arguments.

pub mod board;
mod errors;
pub mod fluent;
pub mod format;
mod server;
mod team;

pub use errors::error;
pub use fluent::{tr, tr_args};
pub use server::server_words;
pub use team::user_marks;

use crate::args;
use crate::domain::money::{currency_sign, group_thousands};
use crate::domain::{ActivityKind, Client, Order, Reminder, Stage};
use crate::fixed_texts;

/// The language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    /// Parses `en`/`ru` (and locale-like `ru_RU.UTF-8`).
    pub fn parse(input: &str) -> Option<Lang> {
        let lower = input.trim().to_lowercase();
        if lower.starts_with("ru") {
            Some(Lang::Ru)
        } else if lower.starts_with("en") || lower == "c" || lower == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language from an explicit choice, else from the locale
    /// variables (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn detect(explicit: Option<&str>, locale: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = explicit.and_then(Lang::parse) {
            return lang;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|var| locale(var).filter(|v| !v.is_empty()))
            .find_map(|v| Lang::parse(&v))
            .unwrap_or_default()
    }
}

crate::fixed_texts!(
    /// Fixed words of the command line.
    Texts,
    "text",
    texts,
    [overdue, today, upcoming, stale, no_clients, col_id, col_stage, col_days, col_name, col_phone, phone, email, source, tags, notes, stage, status_lost, reminders, orders, timeline, invoiced, paid, unpaid, cancelled, days_short, check_ok, done_mark, stale_mark, no_match, unpaid_invoices, reactivate, over_capacity]
);

fixed_texts!(
    /// The words of the demo conveyor's timeline and reminders.
    DemoTexts,
    "demo",
    demo_texts,
    [needs_offer, qualify, presented, send_offer, price_list]
);

/// The Fluent id part of a station: `telemarketer`.
fn stage_id(stage: Stage) -> &'static str {
    stage.key()
}

/// A station's role, as a column title.
pub fn stage_role(lang: Lang, stage: Stage) -> &'static str {
    fluent::fixed(lang, &format!("stage-role-{}", stage_id(stage)))
}

/// A robot that failed, as the person is told: the program and what
/// happened.
pub fn robot_failed(lang: Lang, program: &str, how: &crate::error::ProgramFailure) -> String {
    robot_words(lang, "robot-failed", program, how)
}

/// A robot that failed, as the client's timeline keeps it.
pub fn robot_note(lang: Lang, program: &str, how: &crate::error::ProgramFailure) -> String {
    robot_words(lang, "robot-note", program, how)
}

/// Message `key` of robot `program` that ended as `how`.
fn robot_words(lang: Lang, key: &str, program: &str, how: &crate::error::ProgramFailure) -> String {
    let what = program_failed(lang, how);
    tr_args(lang, key, args![program = program.to_string(), what = what])
}

/// How a program (a robot, the dialler) ended, in a few words.
pub fn program_failed(lang: Lang, how: &crate::error::ProgramFailure) -> String {
    use crate::error::ProgramFailure as F;
    match how {
        F::NotStarted(why) => tr_args(lang, "program-not-started", args![why = why.clone()]),
        F::Exit(Some(code), said) if said.is_empty() => {
            tr_args(lang, "program-exit", args![code = i64::from(*code)])
        }
        F::Exit(Some(code), said) => tr_args(
            lang,
            "program-exit-said",
            args![code = i64::from(*code), said = said.clone()],
        ),
        F::Exit(None, _) => tr_args(lang, "program-signal", &[]),
        F::TimedOut(secs) => tr_args(lang, "program-timed-out", args![secs = i64::from(*secs)]),
    }
}

/// A plan metric's short name: `calls`, `звонки`.
pub fn metric_name(lang: Lang, m: crate::domain::plan::Metric) -> &'static str {
    fluent::fixed(lang, &format!("metric-{}", m.key()))
}

/// A station's one- or two-letter mark, for tight rows: `T`, `Кл`.
pub fn stage_letter(lang: Lang, stage: Stage) -> &'static str {
    fluent::fixed(lang, &format!("stage-letter-{}", stage_id(stage)))
}

/// A station's name in running text: the key in English (what the CLI
/// accepts), the role in Russian.
pub fn stage_word(lang: Lang, stage: Stage) -> String {
    match lang {
        Lang::En => stage.key().to_string(),
        Lang::Ru => stage_role(lang, stage).to_lowercase(),
    }
}

/// A timeline entry's kind.
pub fn activity_word(lang: Lang, kind: ActivityKind) -> &'static str {
    fluent::fixed(lang, &format!("activity-{}", kind.key()))
}

/// A number with `places` decimals as a person in that language writes it:
/// `13.8`, `13,8` (as money writes its kopecks).
pub fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    match lang {
        Lang::En => text,
        Lang::Ru => text.replace('.', ","),
    }
}

/// Money as a person in that language writes it: `125 000 ₽`, `₽125,000`.
pub fn money(lang: Lang, minor: i64, currency: &str) -> String {
    let sign = currency_sign(currency);
    let abs = minor.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let minus = if minor < 0 { "-" } else { "" };
    match lang {
        Lang::En => {
            let frac = if cents > 0 {
                format!(".{cents:02}")
            } else {
                String::new()
            };
            let number = format!("{}{frac}", group_thousands(whole, ","));
            if sign == currency {
                format!("{minus}{number}\u{a0}{sign}")
            } else {
                format!("{minus}{sign}{number}")
            }
        }
        Lang::Ru => {
            let frac = if cents > 0 {
                format!(",{cents:02}")
            } else {
                String::new()
            };
            // No-break spaces: a sum is never wrapped inside, nor from its
            // sign.
            format!(
                "{minus}{}{frac}\u{a0}{sign}",
                group_thousands(whole, "\u{a0}")
            )
        }
    }
}

/// A client's expected deal as one phrase: `₽150,000 by 2026-12-10`, the
/// value alone, or the day alone; `None` without one.
pub fn expected_deal(lang: Lang, c: &Client) -> Option<String> {
    let value = c.value().map(|v| money(lang, v.minor, &v.currency));
    match (value, c.expected_on) {
        (None, None) => None,
        (Some(value), None) => Some(value),
        (value, Some(day)) => Some(
            tr_args(
                lang,
                "expected-by",
                args![value = value.unwrap_or_default(), day = day.to_string()],
            )
            .trim()
            .to_string(),
        ),
    }
}

/// `#12 Иван Петров (ООО Ромашка)`.
pub fn who(c: &Client) -> String {
    match c.company_beside() {
        Some(company) => format!("#{} {} ({company})", c.id, c.name),
        None => format!("#{} {}", c.id, c.name),
    }
}

// Sentences printed by the CLI and the board after a change.

/// A client added whose phone is `colleague`'s office line.
pub fn shares_line(lang: Lang, colleague: &Client) -> String {
    tr_args(
        lang,
        "shares-line",
        crate::args![id = colleague.id, name = colleague.name.as_str()],
    )
}

pub fn logged(lang: Lang, kind: ActivityKind, who: &str) -> String {
    let kind = activity_word(lang, kind);
    tr_args(lang, "logged", args![kind = kind, who = who])
}

pub fn lost(lang: Lang, who: &str, reason: &str) -> String {
    tr_args(lang, "lost", args![who = who, reason = reason])
}

pub fn revived(lang: Lang, who: &str, stage: Stage) -> String {
    let stage = stage_word(lang, stage);
    tr_args(lang, "revived", args![who = who, stage = stage])
}

pub fn reminder_done(lang: Lang, id: i64) -> String {
    tr_args(lang, "reminder-done", args![id = id])
}

/// A reminder moved: its new due day named as the board names it, from
/// `today`.
pub fn snoozed(lang: Lang, r: &crate::domain::Reminder, today: chrono::NaiveDate) -> String {
    let due = format::due_said(lang, r, today);
    tr_args(lang, "snoozed", args![id = r.id, due = due])
}

pub fn order_paid(lang: Lang, id: i64, amount: &str, promoted: Option<&str>) -> String {
    match promoted {
        None => tr_args(lang, "order-paid", args![id = id, amount = amount]),
        Some(who) => tr_args(
            lang,
            "order-paid-promoted",
            args![id = id, amount = amount, who = who],
        ),
    }
}

/// The loss reason of a "not a target" call.
pub fn not_target(lang: Lang) -> &'static str {
    fluent::fixed(lang, "not-target-reason")
}

/// After `u`: what was taken back.
pub fn undone(lang: Lang, what: &str) -> String {
    match what.is_empty() {
        true => tr(lang, "undone"),
        false => tr_args(lang, "undone-what", args![what = what]),
    }
}

pub fn reminder_done_text(lang: Lang, text: &str) -> String {
    tr_args(lang, "reminder-done-text", args![text = text])
}

pub fn reminder_deleted(lang: Lang, text: &str) -> String {
    tr_args(lang, "reminder-deleted", args![text = text])
}

/// A focus key past the last enabled station.
pub fn no_station(lang: Lang, n: u8, stations: usize) -> String {
    tr_args(
        lang,
        "no-station",
        args![n = i64::from(n), stations = stations as i64],
    )
}

/// The board's first footer on a database it has just created.
pub fn new_database(lang: Lang, path: &std::path::Path, add_key: &str) -> String {
    let path = path.display().to_string();
    tr_args(lang, "new-database", args![path = path, key = add_key])
}

/// Under a cut-off agenda section.
pub fn stale_station(lang: Lang, stage: &str, n: i64, limit: &str, oldest: &str) -> String {
    tr_args(
        lang,
        "stale-station",
        args![stage = stage, n = n, limit = limit, oldest = oldest],
    )
}

pub fn more_entries(lang: Lang, n: usize) -> String {
    tr_args(lang, "more-entries", args![n = n as i64])
}

/// Where an order stands: `paid 2026-11-25`, `cancelled 2026-11-27`,
/// `unpaid`.
pub fn order_state(lang: Lang, o: &Order) -> String {
    let t = texts(lang);
    match (o.paid_on, o.cancelled_on) {
        (Some(day), _) => format!("{} {day}", t.paid),
        (None, Some(day)) => format!("{} {day}", t.cancelled),
        (None, None) => t.unpaid.to_string(),
    }
}

/// How a closed reminder ended, as a mark after it (`[done]`, `[closed:
/// paid]`); nothing for an open one.
pub fn closed_mark(lang: Lang, r: &Reminder) -> String {
    match (r.done_at, r.closed_by) {
        (None, _) => String::new(),
        (Some(_), None) => format!("  [{}]", texts(lang).done_mark),
        (Some(_), Some(why)) => format!(
            "  [{}]",
            fluent::fixed(lang, &format!("text-closed-{}", why.key()))
        ),
    }
}

/// An invoice withdrawn, for the CLI and the board.
pub fn order_cancelled(lang: Lang, order: &Order, who: &str) -> String {
    let amount = money(lang, order.amount_minor, &order.currency);
    tr_args(
        lang,
        "order-cancelled",
        args![id = order.id, amount = amount, who = who],
    )
}

pub fn edited(lang: Lang, who: &str) -> String {
    tr_args(lang, "edited", args![who = who])
}

/// A reminder changed: its due day (as [`snoozed`] names it) and what it
/// asks for.
pub fn reminder_edited(
    lang: Lang,
    r: &crate::domain::Reminder,
    today: chrono::NaiveDate,
) -> String {
    let (due, text) = (
        format::due_said(lang, r, today),
        format::reminder_text(lang, r),
    );
    tr_args(
        lang,
        "reminder-edited",
        args![id = r.id, due = due, text = text],
    )
}

pub fn reminder_deleted_cli(lang: Lang, id: i64, text: &str) -> String {
    tr_args(lang, "reminder-deleted-cli", args![id = id, text = text])
}

pub fn confirm_delete(lang: Lang, who: &str) -> String {
    tr_args(lang, "confirm-delete", args![who = who])
}

pub fn deleted(lang: Lang, who: &str) -> String {
    tr_args(lang, "deleted", args![who = who])
}

pub fn merged(lang: Lang, from: i64, who: &str) -> String {
    tr_args(lang, "merged", args![from = from, who = who])
}

pub fn backed_up(lang: Lang, path: &str) -> String {
    tr_args(lang, "backed-up", args![path = path])
}

pub fn restored(lang: Lang, file: &str, kept: Option<&str>) -> String {
    match kept {
        Some(kept) => tr_args(lang, "restored-kept", args![file = file, kept = kept]),
        None => tr_args(lang, "restored", args![file = file]),
    }
}

pub fn demo_written(lang: Lang, path: &str, clients: usize) -> String {
    tr_args(
        lang,
        "demo-written",
        args![path = path, clients = clients as i64],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn decimals_in_both_languages() {
        assert_eq!(decimal(Lang::En, 13.85, 1), "13.8");
        assert_eq!(decimal(Lang::Ru, 101.75, 1), "101,8");
        assert_eq!(decimal(Lang::Ru, 28.571, 2), "28,57");
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Lang::En, 12_500_000, "RUB"), "₽125,000");
        assert_eq!(money(Lang::Ru, 12_500_000, "RUB"), "125\u{a0}000\u{a0}₽");
        assert_eq!(money(Lang::Ru, 12_500_050, "RUB"), "125\u{a0}000,50\u{a0}₽");
        assert_eq!(money(Lang::En, 150, "USD"), "$1.50");
        assert_eq!(money(Lang::En, 100_000, "CHF"), "1,000\u{a0}CHF");
    }

    #[test]
    fn language_from_flag_then_locale() {
        let env = |v: &str| match v {
            "LANG" => Some("ru_RU.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(Lang::detect(None, env), Lang::Ru);
        assert_eq!(Lang::detect(Some("en"), env), Lang::En);
        assert_eq!(Lang::detect(None, |_| None), Lang::En);
        let c_all = |v: &str| (v == "LC_ALL").then(|| "C".to_string());
        assert_eq!(Lang::detect(None, c_all), Lang::En);
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let samples = [
            Error::NoClient(42),
            Error::Domain(crate::domain::DomainError::BadWhen("soon".into())),
            Error::SchemaTooNew {
                found: 9,
                supported: 3,
            },
        ];
        for e in samples {
            let (en, ru) = (error(Lang::En, &e), error(Lang::Ru, &e));
            assert!(!en.is_empty() && !ru.is_empty() && en != ru);
        }
        assert_eq!(
            error(Lang::En, &Error::NoClient(42)),
            "no client #42 — see `konveyer list`"
        );
    }
}
