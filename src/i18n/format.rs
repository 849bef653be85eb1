//! How reminders, timeline entries and due days read, shared by the CLI and
//! the board. A rule's reminder is written here, in the language of the
//! moment it is shown, from what it stores (origin, order, count).

use super::{Lang, money, stage_word};
use crate::clock::utc_to_local;
use crate::domain::{Activity, ActivityKind, Order, Reminder, ReminderOrigin};

/// A reminder's due day, with its local time if it has one.
pub fn due_text(r: &Reminder) -> String {
    match r.due_at {
        Some(at) => utc_to_local(at).format("%Y-%m-%d %H:%M").to_string(),
        None => r.due_on.format("%Y-%m-%d").to_string(),
    }
}

/// Picks the Russian plural form of `n`: (1 день, 2 дня, 5 дней).
pub fn ru_plural<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.unsigned_abs();
    match (n % 10, n % 100) {
        (1, m) if m != 11 => one,
        (2..=4, m) if !(12..=14).contains(&m) => few,
        _ => many,
    }
}

/// "5 days" / "5 дней".
pub fn days(lang: Lang, n: i64) -> String {
    match lang {
        Lang::En if n == 1 => "1 day".to_string(),
        Lang::En => format!("{n} days"),
        Lang::Ru => format!("{n} {}", ru_plural(n, "день", "дня", "дней")),
    }
}

/// What a reminder asks for, in `lang`.
pub fn reminder_text(lang: Lang, r: &Reminder) -> String {
    let count = r.count.unwrap_or(1);
    let base = match (r.origin, lang) {
        (ReminderOrigin::Manual, _) => return r.text.clone(),
        (ReminderOrigin::CallBack, Lang::En) => "call back".to_string(),
        (ReminderOrigin::CallBack, Lang::Ru) => "перезвонить".to_string(),
        (ReminderOrigin::Retry, Lang::En) => format!("call again (no answer, attempt {count})"),
        (ReminderOrigin::Retry, Lang::Ru) => {
            format!("перезвонить (не ответил, попытка {count})")
        }
        (ReminderOrigin::Reactivation, Lang::En) => {
            format!("reactivate: no payment for {}", days(lang, count))
        }
        (ReminderOrigin::Reactivation, Lang::Ru) => {
            format!("реактивация: нет оплат {}", days(lang, count))
        }
        (ReminderOrigin::Chase, _) => {
            let number = r.order_id.map(|id| format!("#{id}")).unwrap_or_default();
            let amount = r
                .amount
                .as_ref()
                .map(|(minor, currency)| format!(", {}", money(lang, *minor, currency)))
                .unwrap_or_default();
            match lang {
                Lang::En => format!("chase payment: invoice {number}{amount}"),
                Lang::Ru => format!("напомнить об оплате: счёт {number}{amount}"),
            }
        }
    };
    if r.text.is_empty() {
        base
    } else {
        format!("{base}: {}", r.text)
    }
}

/// A timeline entry's details: the move, the order, the outcome, the text.
pub fn activity_text(lang: Lang, a: &Activity, orders: &[Order]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let (Some(from), Some(to)) = (a.from_stage, a.to_stage) {
        parts.push(format!(
            "{} → {}",
            stage_word(lang, from),
            stage_word(lang, to)
        ));
    } else if let (ActivityKind::Created, Some(to)) = (a.kind, a.to_stage) {
        parts.push(stage_word(lang, to));
    }
    if let Some(id) = a.order_id {
        let order = orders.iter().find(|o| o.id == id);
        let amount = order
            .map(|o| format!(" {}", money(lang, o.amount_minor, &o.currency)))
            .unwrap_or_default();
        let cause = match (a.kind, lang) {
            (ActivityKind::Move, Lang::En) => "first payment, ",
            (ActivityKind::Move, Lang::Ru) => "первая оплата, ",
            _ => "",
        };
        parts.push(format!("{cause}#{id}{amount}"));
    }
    if let Some(outcome) = &a.outcome {
        parts.push(outcome_word(lang, outcome).to_string());
    }
    parts.extend(a.text.clone());
    parts.join(" — ")
}

/// A call outcome's stored key in `lang`.
pub fn outcome_word(lang: Lang, key: &str) -> &str {
    match (lang, key) {
        (Lang::En, "no-answer") => "no answer",
        (Lang::En, "call-back") => "call back",
        (Lang::En, "not-target") => "not a target",
        (Lang::Ru, "no-answer") => "не ответил",
        (Lang::Ru, "call-back") => "перезвонить",
        (Lang::Ru, "interested") => "интересно",
        (Lang::Ru, "not-target") => "не целевой",
        (_, other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let f = |n| days(Lang::Ru, n);
        assert_eq!(
            [f(1), f(2), f(5), f(11), f(21), f(22), f(112), f(98)],
            [
                "1 день",
                "2 дня",
                "5 дней",
                "11 дней",
                "21 день",
                "22 дня",
                "112 дней",
                "98 дней"
            ]
        );
        assert_eq!(days(Lang::En, 1), "1 day");
        assert_eq!(days(Lang::En, 3), "3 days");
    }
}
