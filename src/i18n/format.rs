//! How reminders, timeline entries and due days read, shared by the CLI and
//! the board. A rule's reminder is written here, in the language of the
//! moment it is shown, from what it stores (origin, order, count).

use super::fluent::{has, tr, tr_args};
use super::{Lang, money, stage_word};
use crate::args;
use crate::clock::utc_to_local;
use crate::domain::{Activity, ActivityKind, Order, Reminder, ReminderOrigin};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// A reminder's due day, with its local time if it has one.
pub fn due_text(r: &Reminder) -> String {
    match r.due_at {
        Some(at) => utc_to_local(at).format("%Y-%m-%d %H:%M").to_string(),
        None => r.due_on.format("%Y-%m-%d").to_string(),
    }
}

/// A day as the board names it, with its weekday: `Fri 11.12`,
/// `пт 11.12`; with its year (`11.12.2027`) when that is not `today`'s.
pub fn day_said(lang: Lang, day: NaiveDate, today: NaiveDate) -> String {
    let names = tr(lang, "board-weekdays");
    let weekday = names
        .split_whitespace()
        .nth(day.weekday().num_days_from_monday() as usize)
        .unwrap_or_default();
    match day.year() == today.year() {
        true => format!("{weekday} {}", day.format("%d.%m")),
        false => format!("{weekday} {}", day.format("%d.%m.%Y")),
    }
}

/// A local moment as the board names it: `Fri 11.12 15:00`.
pub fn moment_said(lang: Lang, at: NaiveDateTime, today: NaiveDate) -> String {
    format!(
        "{} {}",
        day_said(lang, at.date(), today),
        at.format("%H:%M")
    )
}

/// A reminder's due day as the board names it, with its local time if it
/// has one.
pub fn due_said(lang: Lang, r: &Reminder, today: NaiveDate) -> String {
    match r.due_at {
        Some(at) => moment_said(lang, utc_to_local(at), today),
        None => day_said(lang, r.due_on, today),
    }
}

/// "5 days" / "5 дней".
pub fn days(lang: Lang, n: i64) -> String {
    tr_args(lang, "days", args![n = n])
}

/// What a reminder asks for, in `lang`.
pub fn reminder_text(lang: Lang, r: &Reminder) -> String {
    let count = r.count.unwrap_or(1);
    let base = match r.origin {
        ReminderOrigin::Manual => return r.text.clone(),
        ReminderOrigin::CallBack => tr(lang, "reminder-call-back"),
        ReminderOrigin::Retry => tr_args(lang, "reminder-retry", args![attempt = count]),
        ReminderOrigin::Reactivation => tr_args(lang, "reminder-reactivation", args![n = count]),
        ReminderOrigin::Chase => {
            let amount = r
                .amount
                .as_ref()
                .map(|(minor, currency)| format!(", {}", money(lang, *minor, currency)))
                .unwrap_or_default();
            let order = r.order_id.unwrap_or_default();
            tr_args(
                lang,
                "reminder-chase",
                args![order = order, amount = amount],
            )
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
        parts.push(match a.kind {
            ActivityKind::Move => tr_args(
                lang,
                "timeline-first-payment",
                args![order = id, amount = amount],
            ),
            _ => format!("#{id}{amount}"),
        });
    }
    if let Some(outcome) = &a.outcome {
        let talk = a
            .duration_secs
            .map(|s| format!(" ({})", talk_time(s)))
            .unwrap_or_default();
        parts.push(format!("{}{talk}", outcome_word(lang, outcome)));
    }
    parts.extend(a.text.clone());
    if let Some(to) = &a.to_owner {
        let from = a.from_owner.clone().unwrap_or_else(|| "—".to_string());
        parts.push(tr_args(
            lang,
            "timeline-handed",
            args![from = from, to = to.clone()],
        ));
    }
    if let Some(by) = &a.by {
        parts.push(tr_args(lang, "timeline-by", args![login = by.clone()]));
    }
    parts.join(" — ")
}

/// Seconds on the phone as a clock reads: `3:25`, `1:02:03`.
pub fn talk_time(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match h {
        0 => format!("{m}:{s:02}"),
        h => format!("{h}:{m:02}:{s:02}"),
    }
}

/// A call outcome's stored key in `lang`.
pub fn outcome_word(lang: Lang, key: &str) -> String {
    let id = format!("outcome-{key}");
    match has(lang, &id) {
        true => tr(lang, &id),
        false => key.to_string(),
    }
}

/// `+3` / `−3` / `0`: the change of a count against the previous period.
pub fn change(now: i64, before: i64) -> String {
    match now - before {
        0 => "±0".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", d.unsigned_abs()),
    }
}

/// `+12 %` / `−3 %`: the change of an amount; none from nothing.
pub fn percent_change(now: i64, before: i64) -> String {
    if before == 0 {
        return String::new();
    }
    let p = ((now - before) as f64 * 100.0 / before as f64).round() as i64;
    match p {
        0 => "±0 %".to_string(),
        p if p > 0 => format!("+{p} %"),
        p => format!("−{} %", p.unsigned_abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_day_is_named_with_its_weekday_and_its_year_only_when_another() {
        let today = day("2026-12-07");
        assert_eq!(day_said(Lang::En, day("2026-12-11"), today), "Fri 11.12");
        assert_eq!(day_said(Lang::Ru, day("2026-12-11"), today), "пт 11.12");
        assert_eq!(day_said(Lang::Ru, day("2026-11-30"), today), "пн 30.11");
        assert_eq!(
            day_said(Lang::En, day("2027-01-04"), today),
            "Mon 04.01.2027"
        );
        let at = day("2026-12-13").and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(moment_said(Lang::Ru, at, today), "вс 13.12 09:05");
    }
}
