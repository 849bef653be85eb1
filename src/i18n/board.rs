//! The board's words. The texts are in `assets/locales`; this module
//! names the messages.

use super::fluent::{fixed, tr_args};
use super::{Lang, money};
use crate::args;
use crate::domain::{Revenue, Stage, WeekStats};

/// A station's valuable final product (ЦКП), the column's subtitle.
pub fn stage_result(lang: Lang, stage: Stage) -> &'static str {
    fixed(lang, &format!("stage-result-{}", stage.key()))
}

crate::fixed_texts!(
    /// Fixed words of the board.
    BoardTexts,
    "board",
    texts,
    [reminders, overdue, today, upcoming, empty_column, too_small, help_title, help_forms, search_title, search_hint, search_add, searching, snooze_title, snooze_options, form_hint, add_title, edit_title, call_title, note_title, remind_title, lose_title, snooze_date_title, name, company, phone, email, source, tags, stage, notes, text, when, reason, stale, lost, over_capacity, week, new_leads, qualified, first_sales, repeat, saved, logged, reminder_added, reminder_done, snoozed, revived, lost_done, added, showing_lost, hiding_lost, undone, nothing_to_undo, outcome_title, outcome_options, call_back_title, not_target_title, invoice_title, paid_title, amount, date, invoiced, focus, queue, agenda_title, default_when, default_day, today_word, edit_reminder_title, kind, kind_note, segment, referred_by, referrals, loss_own_words, import_title, path, import_preview, value, expected, back_on]
);

/// The frame's mark of cards below the window: "12 more" / "ещё 12".
pub fn more_below(lang: Lang, n: i64) -> String {
    tr_args(lang, "more-below", args![n = n])
}

/// An unbound key: say so rather than do nothing silently (and name the
/// key of the help).
pub fn key_does_nothing(lang: Lang, key: char, help: &str) -> String {
    tr_args(
        lang,
        "key-does-nothing",
        args![key = key.to_string(), help = help],
    )
}

/// A sentence that names the key of what it suggests (message `id`, the
/// key `{ $key }`): "press a to add your first client".
pub fn naming_key(lang: Lang, id: &str, key: &str) -> String {
    tr_args(lang, id, args![key = key])
}

/// The header's summary of the week, from real counts. Each sum is in
/// `currency`, with any other currency's beside it
/// (`₽0 + $1,200`), never added into it.
pub fn week_line(lang: Lang, stats: &WeekStats, currency: &str) -> String {
    let sums = |pick: fn(&Revenue) -> i64| {
        let own = stats.revenue.iter().find(|r| r.currency == currency);
        let mut text = money(lang, own.map_or(0, pick), currency);
        for other in stats
            .revenue
            .iter()
            .filter(|r| r.currency != currency && pick(r) != 0)
        {
            text.push_str(" + ");
            text.push_str(&money(lang, pick(other), &other.currency));
        }
        text
    };
    tr_args(
        lang,
        "week-line",
        args![
            leads = stats.new_leads,
            qualified = stats.qualified,
            first = stats.first_sales,
            first_amount = sums(|r| r.first_minor),
            repeat = sums(|r| r.repeat_minor)
        ],
    )
}
