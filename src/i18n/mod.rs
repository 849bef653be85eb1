//! Every user-facing string, in English and Russian.

pub mod board;
mod errors;

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
    pub call_back: &'static str,
    pub needs_offer: &'static str,
    pub qualify: &'static str,
    pub presented: &'static str,
    pub send_offer: &'static str,
    pub price_list: &'static str,
}

pub fn demo_texts(lang: Lang) -> &'static DemoTexts {
    match lang {
        Lang::En => &DemoTexts {
            call_back: "call back",
            needs_offer: "needs an offer",
            qualify: "qualify: budget and decision maker",
            presented: "presented the offer",
            send_offer: "send the commercial offer",
            price_list: "offer the new price list",
        },
        Lang::Ru => &DemoTexts {
            call_back: "перезвонить",
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

/// The text of an automatic "chase the payment" reminder.
pub fn chase_text(lang: Lang, order_id: i64, amount: &str) -> String {
    match lang {
        Lang::En => format!("chase payment: invoice #{order_id}, {amount}"),
        Lang::Ru => format!("напомнить об оплате: счёт #{order_id}, {amount}"),
    }
}

/// The text of a retry reminder after an unanswered call.
pub fn retry_text(lang: Lang, attempts: i64) -> String {
    match lang {
        Lang::En => format!("call again (no answer, attempt {attempts})"),
        Lang::Ru => format!("перезвонить (не ответил, попытка {attempts})"),
    }
}

/// The text of a call-back reminder.
pub fn call_back_text(lang: Lang, note: Option<&str>) -> String {
    let base = match lang {
        Lang::En => "call back",
        Lang::Ru => "перезвонить",
    };
    match note {
        Some(note) => format!("{base}: {note}"),
        None => base.to_string(),
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
pub fn call_logged(
    lang: Lang,
    who: &str,
    outcome: crate::domain::CallOutcome,
    attempts: Option<i64>,
    moved_to: Option<Stage>,
) -> String {
    use crate::domain::CallOutcome as O;
    match (lang, outcome) {
        (Lang::En, O::NoAnswer) => format!(
            "{who}: no answer (attempt {}), retry next working day",
            attempts.unwrap_or(1)
        ),
        (Lang::Ru, O::NoAnswer) => format!(
            "{who}: не ответил (попытка {}), перезвонить в следующий рабочий день",
            attempts.unwrap_or(1)
        ),
        (Lang::En, O::CallBack) => format!("{who}: call back — reminder set"),
        (Lang::Ru, O::CallBack) => format!("{who}: перезвонить — напоминание создано"),
        (_, O::Interested) => {
            let to = moved_to.map(|s| stage_word(lang, s)).unwrap_or_default();
            match lang {
                Lang::En => format!("{who}: interested → {to}"),
                Lang::Ru => format!("{who}: интересно → {to}"),
            }
        }
        (Lang::En, O::NotTarget) => format!("{who}: not a target — lost"),
        (Lang::Ru, O::NotTarget) => format!("{who}: не целевой — потерян"),
    }
}

/// The text of an automatic reactivation reminder.
pub fn reactivation_text(lang: Lang, idle_days: i64) -> String {
    match lang {
        Lang::En => format!("reactivate: no payment for {idle_days} days"),
        Lang::Ru => format!("реактивация: нет оплат {idle_days} дн."),
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
            Error::BadWhen("soon".into()),
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
