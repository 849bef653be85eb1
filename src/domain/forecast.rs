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

/// One station's stays counted: how many, how many advanced, and the days
/// from each to its client's first payment (those that led to one).
#[derive(Debug, Clone, Default)]
struct Counted {
    entered: i64,
    advanced: i64,
    days: Vec<f64>,
}

impl Counted {
    fn add(&mut self, s: &Stay, start: NaiveDate, first_paid: Option<NaiveDate>) {
        self.entered += 1;
        if matches!(s.end, Some((_, Ending::Advanced))) {
            self.advanced += 1;
        }
        if let Some(paid) = first_paid.filter(|p| *p >= start) {
            self.days.push((paid - start).num_days() as f64);
        }
    }

    fn measure(mut self, fallback: bool) -> Measure {
        self.days.sort_by(f64::total_cmp);
        Measure {
            conversion: match self.entered {
                0 => 0.0,
                n => self.advanced as f64 / n as f64,
            },
            stays: self.entered,
            fallback,
            days_to_paid: quantile(&self.days, 0.5),
        }
    }
}

/// Each station's measure, counted as the clients' stays pass by one
/// client at a time, over the stays that began in the window and over
/// every stay (the fallback): what it keeps is a count per station and a
/// day per stay that led to a first payment, never the stays themselves.
#[derive(Debug, Clone)]
pub struct Measuring {
    window: Period,
    stations: Vec<Stage>,
    recent: Vec<Counted>,
    all: Vec<Counted>,
}

impl Measuring {
    pub fn new(stations: &[Stage], window: Period) -> Measuring {
        Measuring {
            window,
            stations: stations.to_vec(),
            recent: vec![Counted::default(); stations.len()],
            all: vec![Counted::default(); stations.len()],
        }
    }

    /// Counts stays, `first_paid` giving their client's first payment day.
    pub fn add(
        &mut self,
        stays: &[Stay],
        first_paid: impl Fn(i64) -> Option<NaiveDate>,
        day_of: &impl Fn(&Stay) -> NaiveDate,
    ) {
        for s in stays {
            let Some(i) = self.stations.iter().position(|st| *st == s.stage) else {
                continue;
            };
            let (start, paid) = (day_of(s), first_paid(s.client));
            self.all[i].add(s, start, paid);
            if self.window.contains(start) {
                self.recent[i].add(s, start, paid);
            }
        }
    }

    /// Adds what another reader counted of other clients' stays (the
    /// days are sorted when measured: the order they came in is lost).
    pub fn merge(&mut self, other: Measuring) {
        for (mine, theirs) in [(&mut self.recent, other.recent), (&mut self.all, other.all)] {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.entered += t.entered;
                m.advanced += t.advanced;
                m.days.extend(t.days);
            }
        }
    }

    /// Whether a station has fewer than [`MIN_STAYS`] stays that began in
    /// the window, so that its measure is over every stay: then every
    /// client's must have been counted, not only theirs that changed place
    /// in the window.
    pub fn needs_every_stay(&self) -> bool {
        self.recent.iter().any(|c| c.entered < MIN_STAYS)
    }

    /// Each station's measure over its stays that began in the window, or
    /// over every stay when fewer than [`MIN_STAYS`] did.
    pub fn measures(self) -> Vec<(Stage, Measure)> {
        self.stations
            .into_iter()
            .zip(self.recent.into_iter().zip(self.all))
            .map(|(stage, (recent, all))| {
                let measure = match recent.entered >= MIN_STAYS {
                    true => recent.measure(false),
                    false => all.measure(true),
                };
                (stage, measure)
            })
            .collect()
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
    let mut measuring = Measuring::new(stations, window);
    measuring.add(stays, |client| first_paid.get(&client).copied(), day_of);
    measuring.measures()
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
