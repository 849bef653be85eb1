//! The revenue of the last weeks, first payments against repeat ones (the
//! reports screen's chart).

use chrono::NaiveDate;
use serde::Serialize;

use super::super::period::Sum;
use crate::domain::report::Period;
use crate::error::Result;
use crate::store::Store;

/// One week's revenue in one currency, first payments against repeat ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRevenue {
    pub week: Period,
    pub first: Sum,
    pub repeat: Sum,
}

/// Revenue in `currency` of the `weeks` ISO weeks up to and including the
/// one holding `last`, oldest first (weeks with no payment included, empty).
pub fn weekly_revenue(
    store: &Store,
    last: NaiveDate,
    weeks: usize,
    currency: &str,
) -> Result<Vec<WeekRevenue>> {
    let mut out: Vec<WeekRevenue> = Vec::with_capacity(weeks);
    let mut week = Period::week_of(last);
    for _ in 0..weeks {
        out.push(WeekRevenue {
            week,
            first: Sum::default(),
            repeat: Sum::default(),
        });
        week = week.previous();
    }
    out.reverse();
    let Some(from) = out.first().map(|w| w.week.from) else {
        return Ok(out);
    };
    store
        .read()
        .each_paid_day_between(from, week_end(last), &mut |paid| {
            if let Some(w) = out.iter_mut().find(|w| w.week.contains(paid.day))
                && paid.currency == currency
            {
                Sum::count_in(&mut w.first, &mut w.repeat, &paid);
            }
            Ok(())
        })?;
    Ok(out)
}

fn week_end(day: NaiveDate) -> NaiveDate {
    Period::week_of(day).to
}
