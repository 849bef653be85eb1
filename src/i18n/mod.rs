//! Every user-facing string, in English and Russian.

pub mod board;
mod errors;
pub mod format;

pub use errors::error;

use crate::domain::money::{currency_sign, group_thousands};
use crate::domain::{ActivityKind, Client, Stage};

/// The language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// Fixed words and phrases.
pub struct Texts {
    pub overdue: &'static str,
    pub today: &'static str,
    pub upcoming: &'static str,
    pub stale: &'static str,
    pub no_clients: &'static str,
    pub col_id: &'static str,
    pub col_stage: &'static str,
    pub col_days: &'static str,
    pub col_name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub source: &'static str,
    pub notes: &'static str,
    pub stage: &'static str,
    pub status_lost: &'static str,
    pub reminders: &'static str,
    pub orders: &'static str,
    pub timeline: &'static str,
    pub invoiced: &'static str,
    pub paid: &'static str,
    pub unpaid: &'static str,
    pub days_short: &'static str,
    pub check_ok: &'static str,
    pub done_mark: &'static str,
    pub stale_mark: &'static str,
    pub no_match: &'static str,
    pub unpaid_invoices: &'static str,
    pub reactivate: &'static str,
    pub over_capacity: &'static str,
}

const EN: Texts = Texts {
    overdue: "Overdue",
    today: "Today",
    upcoming: "Next 7 days",
    stale: "Stale cards",
    no_clients: "no clients yet — add one with `konveyer add NAME`",
    col_id: "ID",
    col_stage: "STAGE",
    col_days: "DAYS",
    col_name: "NAME",
    phone: "phone",
    email: "email",
    source: "source",
    notes: "notes",
    stage: "stage",
    status_lost: "lost",
    reminders: "Reminders",
    orders: "Orders",
    timeline: "Timeline",
    invoiced: "invoiced",
    paid: "paid",
    unpaid: "unpaid",
    days_short: "d",
    check_ok: "ok: the database is intact",
    done_mark: "done",
    stale_mark: "stale",
    no_match: "no clients match",
    unpaid_invoices: "Unpaid invoices",
    reactivate: "To reactivate",
    over_capacity: "over capacity: clients get buried, hand some over",
};

const RU: Texts = Texts {
    overdue: "Просрочено",
    today: "Сегодня",
    upcoming: "Ближайшие 7 дней",
    stale: "Залежавшиеся карточки",
    no_clients: "клиентов пока нет — добавьте: `konveyer add ИМЯ`",
    col_id: "ID",
    col_stage: "ЭТАП",
    col_days: "ДНЕЙ",
    col_name: "ИМЯ",
    phone: "телефон",
    email: "почта",
    source: "источник",
    notes: "заметки",
    stage: "этап",
    status_lost: "потерян",
    reminders: "Напоминания",
    orders: "Заказы",
    timeline: "История",
    invoiced: "счёт",
    paid: "оплачен",
    unpaid: "не оплачен",
    days_short: "д",
    check_ok: "ok: база цела",
    done_mark: "выполнено",
    stale_mark: "залежался",
    no_match: "подходящих клиентов нет",
    unpaid_invoices: "Неоплаченные счета",
    reactivate: "На реактивацию",
    over_capacity: "перегруз: клиенты теряются, передайте часть",
};

/// The fixed texts of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

/// The words of the demo conveyor's timeline and reminders.
pub struct DemoTexts {
    pub needs_offer: &'static str,
    pub qualify: &'static str,
    pub presented: &'static str,
    pub send_offer: &'static str,
    pub price_list: &'static str,
}

pub fn demo_texts(lang: Lang) -> &'static DemoTexts {
    match lang {
        Lang::En => &DemoTexts {
            needs_offer: "needs an offer",
            qualify: "qualify: budget and decision maker",
            presented: "presented the offer",
            send_offer: "send the commercial offer",
            price_list: "offer the new price list",
        },
        Lang::Ru => &DemoTexts {
            needs_offer: "нужно предложение",
            qualify: "квалифицировать: бюджет и ЛПР",
            presented: "презентовали предложение",
            send_offer: "отправить КП",
            price_list: "предложить новый прайс",
        },
    }
}

/// A station's role, as a column title.
pub fn stage_role(lang: Lang, stage: Stage) -> &'static str {
    match (lang, stage) {
        (Lang::En, Stage::Telemarketer) => "Telemarketer",
        (Lang::En, Stage::Qualifier) => "Qualifier",
        (Lang::En, Stage::Hunter) => "Hunter",
        (Lang::En, Stage::Closer) => "Closer",
        (Lang::En, Stage::Farmer) => "Farmer",
        (Lang::Ru, Stage::Telemarketer) => "Телемаркетолог",
        (Lang::Ru, Stage::Qualifier) => "Квалификатор",
        (Lang::Ru, Stage::Hunter) => "Хантер",
        (Lang::Ru, Stage::Closer) => "Клоузер",
        (Lang::Ru, Stage::Farmer) => "Фермер",
    }
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
    use ActivityKind as K;
    match (lang, kind) {
        (Lang::En, k) => k.key(),
        (Lang::Ru, K::Created) => "создан",
        (Lang::Ru, K::Call) => "звонок",
        (Lang::Ru, K::Meeting) => "встреча",
        (Lang::Ru, K::Email) => "письмо",
        (Lang::Ru, K::Note) => "заметка",
        (Lang::Ru, K::Move) => "этап",
        (Lang::Ru, K::Lost) => "потерян",
        (Lang::Ru, K::Revived) => "возвращён",
        (Lang::Ru, K::Invoice) => "счёт",
        (Lang::Ru, K::Payment) => "оплата",
        (Lang::Ru, K::Merged) => "объединён",
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
                format!("{minus}{number} {sign}")
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
            format!("{minus}{}{frac} {sign}", group_thousands(whole, "\u{a0}"))
        }
    }
}

/// `#12 Иван Петров (ООО Ромашка)`.
pub fn who(c: &Client) -> String {
    match &c.company {
        Some(company) => format!("#{} {} ({company})", c.id, c.name),
        None => format!("#{} {}", c.id, c.name),
    }
}

// Sentences printed by the CLI after a change.

pub fn moved(lang: Lang, who: &str, from: Stage, to: Stage) -> String {
    let (from, to) = (stage_word(lang, from), stage_word(lang, to));
    match lang {
        Lang::En => format!("{who}: {from} → {to}"),
        Lang::Ru => format!("{who}: {from} → {to}"),
    }
}

pub fn logged(lang: Lang, kind: ActivityKind, who: &str) -> String {
    match lang {
        Lang::En => format!("logged {} for {who}", activity_word(lang, kind)),
        Lang::Ru => format!("записано ({}) для {who}", activity_word(lang, kind)),
    }
}

pub fn lost(lang: Lang, who: &str, reason: &str) -> String {
    match lang {
        Lang::En => format!("{who} is lost: {reason}"),
        Lang::Ru => format!("{who} потерян: {reason}"),
    }
}

pub fn revived(lang: Lang, who: &str, stage: Stage) -> String {
    let stage = stage_word(lang, stage);
    match lang {
        Lang::En => format!("{who} is active again ({stage})"),
        Lang::Ru => format!("{who} снова в работе ({stage})"),
    }
}

pub fn reminder_done(lang: Lang, id: i64) -> String {
    match lang {
        Lang::En => format!("reminder #{id} done"),
        Lang::Ru => format!("напоминание #{id} выполнено"),
    }
}

pub fn snoozed(lang: Lang, id: i64, due: &str) -> String {
    match lang {
        Lang::En => format!("reminder #{id} moved to {due}"),
        Lang::Ru => format!("напоминание #{id} перенесено на {due}"),
    }
}

pub fn order_paid(lang: Lang, id: i64, amount: &str, promoted: Option<&str>) -> String {
    let base = match lang {
        Lang::En => format!("order #{id} paid: {amount}"),
        Lang::Ru => format!("заказ #{id} оплачен: {amount}"),
    };
    match (lang, promoted) {
        (_, None) => base,
        (Lang::En, Some(who)) => format!("{base}; first payment — {who} moved to farmer"),
        (Lang::Ru, Some(who)) => format!("{base}; первая оплата — {who} передан фермеру"),
    }
}

/// The loss reason of a "not a target" call.
pub fn not_target(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "not a target",
        Lang::Ru => "не целевой",
    }
}

/// What a logged call outcome did, for the CLI and the board.
pub fn call_logged(lang: Lang, who: &str, logged: &crate::service::CallLogged) -> String {
    use crate::domain::CallOutcome as O;
    let attempts = logged.attempts.unwrap_or(1);
    match (lang, logged.outcome) {
        (Lang::En, O::NoAnswer) => {
            format!("{who}: no answer (attempt {attempts}), retry next working day")
        }
        (Lang::Ru, O::NoAnswer) => {
            format!("{who}: не ответил (попытка {attempts}), перезвонить в следующий рабочий день")
        }
        (Lang::En, O::CallBack) => format!("{who}: call back — reminder set"),
        (Lang::Ru, O::CallBack) => format!("{who}: перезвонить — напоминание создано"),
        (_, O::Interested) => match (lang, logged.moved_to) {
            (Lang::En, Some(to)) => format!("{who}: interested → {}", stage_word(lang, to)),
            (Lang::Ru, Some(to)) => format!("{who}: интересно → {}", stage_word(lang, to)),
            (Lang::En, None) => format!("{who}: interested — the next step is an order (invoice)"),
            (Lang::Ru, None) => format!("{who}: интересно — следующий шаг — заказ (счёт)"),
        },
        (Lang::En, O::NotTarget) => format!("{who}: not a target — lost"),
        (Lang::Ru, O::NotTarget) => format!("{who}: не целевой — потерян"),
    }
}

/// After `u`: what was taken back.
pub fn undone(lang: Lang, what: &str) -> String {
    match (lang, what.is_empty()) {
        (Lang::En, true) => "undone".into(),
        (Lang::Ru, true) => "отменено".into(),
        (Lang::En, false) => format!("undone: {what}"),
        (Lang::Ru, false) => format!("отменено: {what}"),
    }
}

pub fn reminder_done_text(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("done: {text}"),
        Lang::Ru => format!("выполнено: {text}"),
    }
}

pub fn reminder_deleted(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("reminder deleted: {text} (u brings it back)"),
        Lang::Ru => format!("напоминание удалено: {text} (u вернёт)"),
    }
}

/// A focus key past the last enabled station.
pub fn no_station(lang: Lang, n: u8, stations: usize) -> String {
    match lang {
        Lang::En => format!("there is no station {n} — the conveyor has {stations} (1–{stations})"),
        Lang::Ru => format!("этапа {n} нет — на конвейере их {stations} (1–{stations})"),
    }
}

/// The board's first footer on a database it has just created.
pub fn new_database(lang: Lang, path: &std::path::Path) -> String {
    let path = path.display();
    match lang {
        Lang::En => format!("new database at {path} — press a to add your first client"),
        Lang::Ru => format!("новая база: {path} — нажмите a, чтобы добавить первого клиента"),
    }
}

/// What `konveyer gen` made.
pub fn generated(lang: Lang, path: &std::path::Path, s: &crate::generate::Summary) -> String {
    let n = |v: i64| crate::domain::money::group_thousands(v.unsigned_abs(), "\u{a0}");
    let total: i64 = s.stages.iter().map(|(_, c)| c).sum::<i64>() + s.lost;
    let stages = s
        .stages
        .iter()
        .map(|(stage, count)| format!("{} {}", n(*count), stage_word(lang, *stage)))
        .collect::<Vec<_>>()
        .join(", ");
    let path = path.display();
    match lang {
        Lang::En => format!(
            "generated {} clients in {path}: {stages}, {} lost; {} reminders, {} orders",
            n(total),
            n(s.lost),
            n(s.reminders),
            n(s.orders)
        ),
        Lang::Ru => format!(
            "создано клиентов: {} в {path}: {stages}, потеряно {}; напоминаний {}, заказов {}",
            n(total),
            n(s.lost),
            n(s.reminders),
            n(s.orders)
        ),
    }
}

/// Under a cut-off agenda section.
pub fn more_entries(lang: Lang, n: usize) -> String {
    let n = n as i64;
    match lang {
        Lang::En => format!("… and {n} more — `konveyer agenda --all` lists every one"),
        Lang::Ru => format!(
            "… и ещё {n} {} — `konveyer agenda --all` покажет все",
            format::ru_plural(n, "запись", "записи", "записей")
        ),
    }
}

pub fn edited(lang: Lang, who: &str) -> String {
    match lang {
        Lang::En => format!("{who}: saved"),
        Lang::Ru => format!("{who}: сохранено"),
    }
}

pub fn reminder_edited(lang: Lang, id: i64, due: &str, text: &str) -> String {
    match lang {
        Lang::En => format!("reminder #{id}: {due} {text}"),
        Lang::Ru => format!("напоминание #{id}: {due} {text}"),
    }
}

pub fn reminder_deleted_cli(lang: Lang, id: i64, text: &str) -> String {
    match lang {
        Lang::En => format!("reminder #{id} deleted: {text}"),
        Lang::Ru => format!("напоминание #{id} удалено: {text}"),
    }
}

pub fn confirm_delete(lang: Lang, who: &str) -> String {
    match lang {
        Lang::En => {
            format!("delete {who} with its whole history (timeline, reminders, orders)? [y/N]")
        }
        Lang::Ru => format!("удалить {who} со всей историей (события, напоминания, заказы)? [д/Н]"),
    }
}

pub fn deleted(lang: Lang, who: &str) -> String {
    match lang {
        Lang::En => format!("{who} deleted with its history"),
        Lang::Ru => format!("{who} удалён вместе с историей"),
    }
}

pub fn merged(lang: Lang, from: i64, who: &str) -> String {
    match lang {
        Lang::En => format!("#{from} merged into {who}: one client, both timelines"),
        Lang::Ru => format!("#{from} объединён с {who}: один клиент, обе истории"),
    }
}

pub fn backed_up(lang: Lang, path: &str) -> String {
    match lang {
        Lang::En => format!("backed up to {path}"),
        Lang::Ru => format!("резервная копия: {path}"),
    }
}

pub fn demo_written(lang: Lang, path: &str, clients: usize) -> String {
    match lang {
        Lang::En => format!("demo conveyor with {clients} clients written to {path}"),
        Lang::Ru => format!("демо-конвейер ({clients} клиентов) записан в {path}"),
    }
}

fn check_failed(lang: Lang, problems: usize) -> String {
    match lang {
        Lang::En => format!(
            "the database has {problems} problem(s); restore a backup (`konveyer backup` makes one)"
        ),
        Lang::Ru => {
            format!("в базе проблем: {problems}; восстановите резервную копию (`konveyer backup`)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Lang::En, 12_500_000, "RUB"), "₽125,000");
        assert_eq!(money(Lang::Ru, 12_500_000, "RUB"), "125\u{a0}000 ₽");
        assert_eq!(money(Lang::Ru, 12_500_050, "RUB"), "125\u{a0}000,50 ₽");
        assert_eq!(money(Lang::En, 150, "USD"), "$1.50");
        assert_eq!(money(Lang::En, 100_000, "CHF"), "1,000 CHF");
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
