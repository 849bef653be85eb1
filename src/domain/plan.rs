//! Plans (docs/terms.md): the metrics a plan sets targets for, a day's
//! share of a week's target, and the fact projected to the period's end
//! over its working days.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use super::error::DomainError as Error;
use super::report::Period;

/// Working days (Monday to Friday) in `[from, to]`.
pub fn working_days(from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as i64
}

/// The fact projected to the end of the period at today's pace: fact ÷
/// elapsed working days × the period's working days; for a period that is
/// over (or has not begun) it is the fact.
pub fn projected(fact: i64, period: Period, today: NaiveDate) -> i64 {
    if !period.contains(today) {
        return fact;
    }
    let elapsed = working_days(period.from, today);
    let total = working_days(period.from, period.to);
    if elapsed == 0 {
        return fact;
    }
    (fact as f64 / elapsed as f64 * total as f64).round() as i64
}

/// What a plan sets targets for (docs/terms.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    NewLeads,
    Qualified,
    FirstSales,
    FirstRevenue,
    RepeatRevenue,
    Calls,
    Meetings,
}

impl Metric {
    pub const ALL: [Metric; 7] = [
        Metric::NewLeads,
        Metric::Qualified,
        Metric::FirstSales,
        Metric::FirstRevenue,
        Metric::RepeatRevenue,
        Metric::Calls,
        Metric::Meetings,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Metric::NewLeads => "new_leads",
            Metric::Qualified => "qualified",
            Metric::FirstSales => "first_sales",
            Metric::FirstRevenue => "first_revenue",
            Metric::RepeatRevenue => "repeat_revenue",
            Metric::Calls => "calls",
            Metric::Meetings => "meetings",
        }
    }

    pub fn parse(input: &str) -> Result<Metric, Error> {
        let key = input.trim().to_lowercase().replace('-', "_");
        Metric::ALL
            .into_iter()
            .find(|m| m.key() == key)
            .ok_or_else(|| Error::BadMetric(input.to_string()))
    }

    /// A target as typed: a count, or an amount for money metrics (in
    /// minor units of `currency`, the plan's: written in another, it is
    /// refused); `0` removes the target.
    pub fn parse_target(self, value: &str, currency: &str) -> Result<i64, Error> {
        Ok(match (self.is_money(), value.trim()) {
            (_, "0") => 0,
            (true, v) => super::money::parse_money(v, Some(currency), currency)?.minor,
            (false, v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=1_000_000_000).contains(n))
                .ok_or_else(|| Error::BadCount {
                    metric: self.key(),
                    input: v.to_string(),
                })?,
        })
    }

    /// Whether targets and facts are money (minor units).
    pub fn is_money(self) -> bool {
        matches!(self, Metric::FirstRevenue | Metric::RepeatRevenue)
    }
}

/// A day's target of a metric: the day's own plan, else the week's target
/// spread over its working days (nothing on a weekend).
pub fn day_target(day: NaiveDate, day_plan: Option<i64>, week_plan: Option<i64>) -> f64 {
    match (day_plan, week_plan) {
        (Some(t), _) => t as f64,
        (None, Some(t)) if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) => t as f64 / 5.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// The week of Monday 23 November 2026.
    fn w48() -> Period {
        Period::parse_week("2026-W48").unwrap()
    }

    #[test]
    fn the_projection_on_a_wednesday_and_for_a_past_week() {
        let wednesday = day(11, 25);
        // 6 calls in three working days → 10 in five.
        assert_eq!(projected(6, w48(), wednesday), 10);
        assert_eq!(projected(6, w48().previous(), wednesday), 6, "a past week");
        assert_eq!(working_days(day(11, 23), day(11, 29)), 5);
        assert_eq!(
            projected(4, w48(), day(11, 29)),
            4,
            "Sunday: five days elapsed"
        );
    }
}
