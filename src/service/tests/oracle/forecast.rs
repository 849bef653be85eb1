//! The forecast's definitions (docs/terms.md, "The expected deal and the
//! forecast") counted the plain way from the stays and cards read back.

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value, json};

use super::super::*;
use super::count::{Base, Stay, day, interpolated};
use crate::domain::report::Period;

/// Under this many stays in the window a station is measured over every
/// stay of the history.
const FEWEST: usize = 10;

/// A station's measure: its conversion, the stays it rests on, whether
/// the whole history stood in, and the median days to a first payment.
struct Measure {
    conversion: f64,
    stays: usize,
    fallback: bool,
    days_to_paid: Option<f64>,
}

fn measure(base: &Base, stage: Stage, window: Period) -> Measure {
    let of: Vec<&Stay> = base.stays.iter().filter(|s| s.stage == stage).collect();
    let recent: Vec<&Stay> = of
        .iter()
        .copied()
        .filter(|s| window.contains(day(s.start)))
        .collect();
    let fallback = recent.len() < FEWEST;
    let counted = if fallback { of } else { recent };
    let advanced = counted
        .iter()
        .filter(|s| s.end.is_some_and(|(_, how)| how == "advanced"))
        .count();
    let first_paid = |client: i64| base.clients.iter().find(|c| c.id == client)?.first_paid;
    let days: Vec<f64> = counted
        .iter()
        .filter_map(|s| {
            let start = day(s.start);
            let paid = first_paid(s.client).filter(|p| *p >= start)?;
            Some((paid - start).num_days() as f64)
        })
        .collect();
    Measure {
        conversion: match counted.len() {
            0 => 0.0,
            n => advanced as f64 / n as f64,
        },
        stays: counted.len(),
        fallback,
        days_to_paid: interpolated(days, 0.5),
    }
}

/// Minor units rounded to whole units of the currency.
fn whole(minor: f64) -> i64 {
    ((minor / 100.0).round() * 100.0) as i64
}

/// The forecast of `weeks` as of `today` in roubles, counted from the base.
pub(super) fn expected_forecast(base: &Base, today: NaiveDate, weeks: i64) -> Value {
    let monday = Period::week_of(today).from;
    let window =
        Period::range(monday - Duration::weeks(weeks), monday - Duration::days(1)).unwrap();
    let stations: Vec<Stage> = (base.stations.iter().copied())
        .filter(|s| *s < Stage::Farmer)
        .collect();
    let measures: Vec<Measure> = stations.iter().map(|s| measure(base, *s, window)).collect();
    // The chance from each station: the product of its conversion and
    // every one after it before the farmer.
    let chance = |i: usize| {
        let after = &measures[i..];
        let p: f64 = after.iter().map(|m| m.conversion).product();
        let based_on = after.iter().map(|m| m.stays).min().unwrap();
        (p, based_on, after.iter().any(|m| m.fallback))
    };
    let deals: Vec<(Stage, i64, Option<NaiveDate>)> = (base.clients.iter())
        .map(|c| &c.card)
        .filter(|c| {
            c.status == Status::Active && c.value_currency.as_deref() == Some(DEFAULT_CURRENCY)
        })
        .filter_map(|c| Some((c.stage, c.value_minor?, c.expected_on)))
        .collect();
    let rows = stations.iter().enumerate().map(|(i, &stage)| {
        let (p, based_on, fallback) = chance(i);
        let value: i64 = deals.iter().filter(|d| d.0 == stage).map(|d| d.1).sum();
        let clients = (base.clients.iter())
            .filter(|c| c.card.status == Status::Active && c.card.stage == stage)
            .count();
        json!({"stage": stage, "clients": clients, "value_minor": value,
            "probability": (p * 10_000.0).round() / 10_000.0, "based_on": based_on,
            "fallback": fallback, "weighted_minor": whole(value as f64 * p)})
    });
    let weeks_ahead: Vec<Period> = (0..4)
        .map(|n| Period::week_of(today + Duration::weeks(n)))
        .collect();
    let mut months = vec![Period::month_holding(today)];
    for _ in 0..2 {
        months.push(Period::month_holding(
            months.last().unwrap().to + Duration::days(1),
        ));
    }
    let ahead = weeks_ahead.iter().chain(&months).map(|period| {
        let sum: f64 = deals
            .iter()
            .filter_map(|(stage, value, expected)| {
                let i = stations.iter().position(|s| s == stage)?;
                let measured = measures[i]
                    .days_to_paid
                    .map(|d| today + Duration::days(d.round() as i64));
                let on = expected.map(|e| e.max(today)).or(measured)?;
                period.contains(on).then(|| *value as f64 * chance(i).0)
            })
            .sum();
        let name = match period.month {
            true => format!("{}-{:02}", period.from.year(), period.from.month()),
            false => Period::week_key(period.from.iso_week()),
        };
        json!({"period": name, "expected_minor": whole(sum)})
    });
    json!({"from": window.from, "to": window.to, "currency": DEFAULT_CURRENCY,
        "stations": rows.collect::<Vec<_>>(), "ahead": ahead.collect::<Vec<_>>()})
}
