//! The rules that make the conveyor more than a kanban: chase an unpaid
//! invoice, sweep farmers for reactivation. Pure: dates in, decisions out.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The rules' settings (the `[rules]` table of the config file).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSettings {
    /// Days after an invoice (and after each chase) until the next chase.
    pub chase_after_days: u32,
    /// A farmer's client has lapsed after this many times their usual gap.
    pub reactivation_factor: f64,
    /// The usual gap when there is no payment history to measure.
    pub reactivation_default_days: u32,
    /// How many active clients one farmer keeps well.
    pub farmer_capacity: u32,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            chase_after_days: 2,
            reactivation_factor: 1.5,
            reactivation_default_days: 60,
            farmer_capacity: 60,
        }
    }
}

/// What is known about chasing one unpaid invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChaseState {
    pub invoiced_on: NaiveDate,
    pub paid: bool,
    pub has_open_chase: bool,
    /// The day the latest chase reminder was marked done.
    pub last_chase_done: Option<NaiveDate>,
}

/// The day the next "chase payment" reminder is due, if one is needed:
/// `chase_after_days` after the invoice, then after each finished chase;
/// none while one is open and none once paid.
pub fn next_chase(state: ChaseState, settings: &RuleSettings) -> Option<NaiveDate> {
    if state.paid || state.has_open_chase {
        return None;
    }
    let from = state.last_chase_done.unwrap_or(state.invoiced_on);
    // Checked: a day past the calendar's end means "never" (no panic).
    from.checked_add_signed(Duration::days(i64::from(settings.chase_after_days)))
}

/// The median gap in days between consecutive payments (sorted dates).
pub fn median_gap(payments: &[NaiveDate]) -> Option<f64> {
    let mut gaps: Vec<i64> = payments
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    Some(if gaps.len().is_multiple_of(2) {
        (gaps[mid - 1] + gaps[mid]) as f64 / 2.0
    } else {
        gaps[mid] as f64
    })
}

/// How many days without a payment a farmer's client may go.
pub fn reactivation_limit(payments: &[NaiveDate], settings: &RuleSettings) -> f64 {
    match median_gap(payments) {
        Some(gap) => gap * settings.reactivation_factor,
        None => f64::from(settings.reactivation_default_days),
    }
}

/// Whether a farmer's client has lapsed: no payment for longer than their
/// limit, counted from the last payment (or `since`, when they never paid).
/// Returns the day the lapse is counted from.
pub fn lapsed_since(
    payments: &[NaiveDate],
    since: NaiveDate,
    today: NaiveDate,
    settings: &RuleSettings,
) -> Option<NaiveDate> {
    let last = payments.last().copied().unwrap_or(since);
    let idle = (today - last).num_days() as f64;
    (idle > reactivation_limit(payments, settings)).then_some(last)
}

/// The first day a farmer's client counts as lapsed ([`lapsed_since`]
/// holds from then on until the next payment): the day the reactivation
/// rule wakes up for them. `None` past the calendar's end.
pub fn reactivation_day(
    payments: &[NaiveDate],
    since: NaiveDate,
    settings: &RuleSettings,
) -> Option<NaiveDate> {
    let last = payments.last().copied().unwrap_or(since);
    // Lapsed once the idle days exceed the limit: its whole days, plus one.
    let limit = reactivation_limit(payments, settings).max(0.0).floor();
    let days = if limit < 1e7 {
        limit as i64 + 1
    } else {
        return None;
    };
    last.checked_add_signed(Duration::days(days))
}

/// The next working day after `day` (Saturday and Sunday are skipped).
/// `n` working days after `day` (Monday to Friday).
pub fn working_days_after(day: NaiveDate, n: u32) -> NaiveDate {
    (0..n.max(1)).fold(day, |d, _| next_working_day(d))
}

/// How unanswered calls are tried again: the working days before each
/// retry (the last repeats), and after how many unanswered calls at a
/// station the client is offered for losing as unreachable (0: never).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadence {
    pub retry_days: Vec<u32>,
    pub give_up_after: u32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            retry_days: vec![1, 2, 4],
            give_up_after: 5,
        }
    }
}

impl Cadence {
    /// The day of the retry after unanswered call number `attempt` (from 1).
    pub fn retry_on(&self, today: NaiveDate, attempt: i64) -> NaiveDate {
        let at = usize::try_from(attempt.max(1) - 1).unwrap_or(0);
        let days = self
            .retry_days
            .get(at)
            .or(self.retry_days.last())
            .copied()
            .unwrap_or(1);
        working_days_after(today, days)
    }

    /// Whether unanswered call number `attempt` is the last worth making.
    pub fn gives_up(&self, attempt: i64) -> bool {
        self.give_up_after > 0 && attempt >= i64::from(self.give_up_after)
    }
}

pub fn next_working_day(day: NaiveDate) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let after = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    let mut next = after(day);
    while matches!(next.weekday(), Weekday::Sat | Weekday::Sun) && next != after(next) {
        next = after(next);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn retries_grow_by_working_days_and_give_up_after_the_last() {
        let cadence = Cadence::default();
        // Thursday 19 November: one working day, then two, then four.
        let thursday = d(11, 19);
        assert_eq!(cadence.retry_on(thursday, 1), d(11, 20));
        assert_eq!(
            cadence.retry_on(thursday, 2),
            d(11, 23),
            "Friday, then Monday"
        );
        assert_eq!(cadence.retry_on(thursday, 3), d(11, 25));
        assert_eq!(cadence.retry_on(thursday, 7), d(11, 25), "the last repeats");
        assert!(!cadence.gives_up(4) && cadence.gives_up(5) && cadence.gives_up(6));
        let never = Cadence {
            retry_days: vec![],
            give_up_after: 0,
        };
        assert_eq!(
            never.retry_on(thursday, 3),
            d(11, 20),
            "none: the next working day"
        );
        assert!(!never.gives_up(100));
    }

    #[test]
    fn the_first_chase_comes_exactly_two_days_after_the_invoice() {
        let s = RuleSettings::default();
        let state = ChaseState {
            invoiced_on: d(11, 20),
            paid: false,
            has_open_chase: false,
            last_chase_done: None,
        };
        assert_eq!(next_chase(state, &s), Some(d(11, 22)));
    }

    #[test]
    fn the_next_chase_comes_two_days_after_the_last_one_was_done() {
        let s = RuleSettings::default();
        let state = ChaseState {
            invoiced_on: d(11, 10),
            paid: false,
            has_open_chase: false,
            last_chase_done: Some(d(11, 21)),
        };
        assert_eq!(next_chase(state, &s), Some(d(11, 23)));
    }

    #[test]
    fn no_chase_while_one_is_open_or_once_paid() {
        let s = RuleSettings::default();
        let open = ChaseState {
            invoiced_on: d(11, 10),
            paid: false,
            has_open_chase: true,
            last_chase_done: None,
        };
        assert_eq!(next_chase(open, &s), None);
        let paid = ChaseState {
            paid: true,
            has_open_chase: false,
            ..open
        };
        assert_eq!(next_chase(paid, &s), None);
    }

    #[test]
    fn the_reactivation_day_is_the_first_on_which_the_client_counts_as_lapsed() {
        let odd = RuleSettings {
            reactivation_factor: 1.3,
            reactivation_default_days: 7,
            ..RuleSettings::default()
        };
        let histories: [&[NaiveDate]; 4] = [
            &[],
            &[d(3, 1)],
            &[d(3, 1), d(4, 1), d(5, 1)],
            &[d(1, 10), d(1, 17), d(2, 1), d(2, 3)],
        ];
        for settings in [RuleSettings::default(), odd] {
            for payments in histories {
                let since = d(1, 5);
                let day = reactivation_day(payments, since, &settings).unwrap();
                let lapsed = |on| lapsed_since(payments, since, on, &settings).is_some();
                assert!(lapsed(day), "{payments:?} on {day}");
                assert!(
                    !lapsed(day - Duration::days(1)),
                    "{payments:?} before {day}"
                );
                assert!(lapsed(day + Duration::days(40)), "{payments:?} after {day}");
            }
        }
        // A limit of 60 days: lapsed on the 61st day without a payment.
        let s = RuleSettings::default();
        assert_eq!(reactivation_day(&[], d(1, 1), &s), Some(d(3, 3)));
    }

    #[test]
    fn retries_skip_the_weekend() {
        assert_eq!(next_working_day(d(11, 23)), d(11, 24)); // Mon → Tue
        assert_eq!(next_working_day(d(11, 27)), d(11, 30)); // Fri → Mon
        assert_eq!(next_working_day(d(11, 28)), d(11, 30)); // Sat → Mon
    }

    #[test]
    fn median_with_one_two_and_many_payments() {
        assert_eq!(median_gap(&[d(1, 1)]), None);
        assert_eq!(median_gap(&[d(1, 1), d(1, 31)]), Some(30.0));
        // gaps 10, 20, 40 → 20
        assert_eq!(
            median_gap(&[d(1, 1), d(1, 11), d(1, 31), d(3, 12)]),
            Some(20.0)
        );
        // gaps 10, 20, 30, 40 → 25
        assert_eq!(
            median_gap(&[d(1, 1), d(1, 11), d(1, 31), d(3, 2), d(4, 11)]),
            Some(25.0)
        );
    }

    #[test]
    fn lapse_uses_one_and_a_half_median_gaps_or_sixty_days() {
        let s = RuleSettings::default();
        // One payment: 60 days allowed.
        assert_eq!(lapsed_since(&[d(9, 1)], d(9, 1), d(10, 31), &s), None);
        assert_eq!(
            lapsed_since(&[d(9, 1)], d(9, 1), d(11, 1), &s),
            Some(d(9, 1))
        );
        // Two payments 20 days apart: 30 days allowed.
        let two = [d(9, 1), d(9, 21)];
        assert_eq!(lapsed_since(&two, d(9, 1), d(10, 21), &s), None);
        assert_eq!(lapsed_since(&two, d(9, 1), d(10, 22), &s), Some(d(9, 21)));
        // Never paid: counted from entering the farmer.
        assert_eq!(lapsed_since(&[], d(8, 1), d(10, 1), &s), Some(d(8, 1)));
    }
}
