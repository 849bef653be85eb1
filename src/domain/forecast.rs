//! The pipeline's worth (docs/terms.md, "Forecast"): how likely a client at
//! each station is to make a first payment, measured from the conveyor's
//! own stays, and what that makes of the expected deals, station by
//! station and week by week ahead. Pure: the stays, the first payments and
//! the open deals come in; `today` is a parameter.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::report::{Ending, Period, Stay, quantile};
use super::stage::Stage;

/// Below this many stays a station's measure is too thin to trust: its
/// conversion (and its time to a first payment) is taken over the whole
/// history instead, and the forecast says so.
pub const MIN_STAYS: i64 = 10;

/// How many weeks (this one first) and months (this one first) the
/// forecast looks ahead.
pub const WEEKS_AHEAD: usize = 4;
pub const MONTHS_AHEAD: usize = 3;

/// What one station's measure rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Advanced ÷ entered over the stays counted (0 when none).
    pub conversion: f64,
    /// The stays counted.
    pub stays: i64,
    /// Whether the whole history stood in for the window.
    pub fallback: bool,
    /// The median days from entering the station to the client's first
    /// payment, over the stays counted that led to one (`None`: none did).
    pub days_to_paid: Option<f64>,
}

/// A station's row of the forecast (the JSON shape is a contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRow {
    pub stage: Stage,
    /// Open (active) clients at the station.
    pub clients: i64,
    /// Their expected deals, in the forecast's currency.
    pub value_minor: i64,
    /// The product of the conversions from here to the first payment.
    pub probability: f64,
    /// The fewest stays any conversion of that product rests on.
    pub based_on: i64,
    /// Whether any of them used the fallback.
    pub fallback: bool,
    pub weighted_minor: i64,
    /// The station's own measure (shown in text; not in the JSON).
    #[serde(skip)]
    pub measure: Measure,
}

/// Expected first revenue in one week (`2026-W49`) or month (`2026-12`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ahead {
    pub period: String,
    pub expected_minor: i64,
}

/// An open client's expected deal.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenDeal {
    pub stage: Stage,
    pub value_minor: i64,
    pub expected_on: Option<NaiveDate>,
}

/// The conversion and time to a first payment of `stage` over the stays
/// that `counts`.
fn measure_over(
    stays: &[Stay],
    stage: Stage,
    first_paid: &HashMap<i64, NaiveDate>,
    day_of: &impl Fn(&Stay) -> NaiveDate,
    counts: impl Fn(&Stay) -> bool,
) -> Measure {
    let (mut entered, mut advanced) = (0i64, 0i64);
    let mut days = Vec::new();
    for s in stays.iter().filter(|s| s.stage == stage && counts(s)) {
        entered += 1;
        if matches!(s.end, Some((_, Ending::Advanced))) {
            advanced += 1;
        }
        let start = day_of(s);
        if let Some(paid) = first_paid.get(&s.client).filter(|p| **p >= start) {
            days.push((*paid - start).num_days() as f64);
        }
    }
    days.sort_by(f64::total_cmp);
    Measure {
        conversion: match entered {
            0 => 0.0,
            n => advanced as f64 / n as f64,
        },
        stays: entered,
        fallback: false,
        days_to_paid: quantile(&days, 0.5),
    }
}

/// Each station's measure over the stays that began in `window`, or over
/// every stay when fewer than [`MIN_STAYS`] did.
pub fn measures(
    stays: &[Stay],
    stations: &[Stage],
    window: Period,
    first_paid: &HashMap<i64, NaiveDate>,
    day_of: &impl Fn(&Stay) -> NaiveDate,
) -> Vec<(Stage, Measure)> {
    stations
        .iter()
        .map(|&stage| {
            let recent = measure_over(stays, stage, first_paid, day_of, |s| {
                window.contains(day_of(s))
            });
            let measure = match recent.stays >= MIN_STAYS {
                true => recent,
                false => Measure {
                    fallback: true,
                    ..measure_over(stays, stage, first_paid, day_of, |_| true)
                },
            };
            (stage, measure)
        })
        .collect()
}

/// An estimate in minor units, rounded to whole major units (a weighted
/// value is no more precise than a rouble).
fn whole(minor: f64) -> i64 {
    ((minor / 100.0).round() * 100.0) as i64
}

/// Rounds to four decimals (a probability as shown).
fn four_decimals(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The forecast's rows and the expected first revenue ahead: `measures`
/// of the stations before the first payment, in the conveyor's order;
/// `clients` the open clients per station; `deals` the open expected deals
/// in the forecast's currency.
pub fn forecast(
    measures: &[(Stage, Measure)],
    clients: &HashMap<Stage, i64>,
    deals: &[OpenDeal],
    today: NaiveDate,
) -> (Vec<StationRow>, Vec<Ahead>) {
    // From the last station back: the chance from each to the payment.
    let mut chain: HashMap<Stage, (f64, i64, bool)> = HashMap::new();
    let (mut p, mut based_on, mut fallback) = (1.0, i64::MAX, false);
    for (stage, m) in measures.iter().rev() {
        p *= m.conversion;
        based_on = based_on.min(m.stays);
        fallback |= m.fallback;
        chain.insert(*stage, (p, based_on, fallback));
    }
    let rows = measures
        .iter()
        .map(|(stage, m)| {
            let (probability, based_on, fallback) = chain[stage];
            let value_minor: i64 = deals
                .iter()
                .filter(|d| d.stage == *stage)
                .map(|d| d.value_minor)
                .fold(0, i64::saturating_add);
            StationRow {
                stage: *stage,
                clients: clients.get(stage).copied().unwrap_or(0),
                value_minor,
                probability: four_decimals(probability),
                based_on,
                fallback,
                weighted_minor: whole(value_minor as f64 * probability),
                measure: *m,
            }
        })
        .collect();
    (rows, ahead(measures, &chain, deals, today))
}

/// Each deal's weighted value on its expected day (one past is today),
/// else today plus its station's median time to a first payment; summed
/// by week and month from this one on. A deal with neither is not placed.
fn ahead(
    measures: &[(Stage, Measure)],
    chain: &HashMap<Stage, (f64, i64, bool)>,
    deals: &[OpenDeal],
    today: NaiveDate,
) -> Vec<Ahead> {
    let weeks: Vec<Period> =
        std::iter::successors(Some(Period::week_of(today)), |p| Some(p.next()))
            .take(WEEKS_AHEAD)
            .collect();
    let months: Vec<Period> =
        std::iter::successors(Some(Period::month_holding(today)), |p| Some(p.next()))
            .take(MONTHS_AHEAD)
            .collect();
    let mut sums = vec![0.0f64; weeks.len() + months.len()];
    for d in deals {
        let Some(&(p, _, _)) = chain.get(&d.stage) else {
            continue;
        };
        let measured = measures
            .iter()
            .find(|(s, _)| *s == d.stage)
            .and_then(|(_, m)| m.days_to_paid)
            .map(|days| today + Duration::days(days.round() as i64));
        let Some(day) = d.expected_on.map(|e| e.max(today)).or(measured) else {
            continue;
        };
        let weighted = d.value_minor as f64 * p;
        for (i, period) in weeks.iter().chain(&months).enumerate() {
            if period.contains(day) {
                sums[i] += weighted;
            }
        }
    }
    let names = weeks
        .iter()
        .map(|w| Period::week_key(w.from.iso_week()))
        .chain(
            months
                .iter()
                .map(|m| format!("{}-{:02}", m.from.year(), m.from.month())),
        );
    names
        .zip(sums)
        .map(|(period, sum)| Ahead {
            period,
            expected_minor: whole(sum),
        })
        .collect()
}

#[cfg(test)]
mod tests;
