//! Plans (docs/terms.md): targets per ISO week or day, facts counted the way
//! the report counts them, and the projection of each to the period's end.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Now;
use super::period::{Contacts, Revenue, RevenueCount, bounds, contacts};
use crate::domain::plan::{Metric, day_target, projected};
use crate::domain::report::Period;
use crate::error::Result;
use crate::store::Store;

/// A planned metric: its target, the fact, and the fact projected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub metric: Metric,
    pub target: i64,
    pub fact: i64,
    pub percent: Option<f64>,
    pub projected: i64,
    /// First revenue only: the fact plus what the forecast expects in the
    /// rest of the period (beside the straight line of `projected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<i64>,
}

pub(super) fn facts(
    qualified: i64,
    created: i64,
    revenue: &[Revenue],
    contacts: &Contacts,
    currency: &str,
) -> HashMap<Metric, i64> {
    let ours = revenue.iter().find(|r| r.currency == currency);
    HashMap::from([
        (Metric::NewLeads, created),
        (Metric::Qualified, qualified),
        (
            Metric::FirstSales,
            revenue.iter().map(|r| r.first.count).sum(),
        ),
        (
            Metric::FirstRevenue,
            ours.map_or(0, |r| r.first.amount_minor),
        ),
        (
            Metric::RepeatRevenue,
            ours.map_or(0, |r| r.repeat.amount_minor),
        ),
        (Metric::Calls, contacts.calls.values().sum()),
        (Metric::Meetings, contacts.meeting),
    ])
}

/// A period's target of each planned metric. A whole ISO week inside the
/// period counts with its week target; the other days with their own day
/// targets (a day plan, else the week's spread over its working days).
fn targets(plans: &[(String, String, i64)], period: Period) -> BTreeMap<Metric, i64> {
    let mut by_key: HashMap<(&str, Metric), i64> = HashMap::new();
    for (key, metric, target) in plans {
        if let Ok(metric) = Metric::parse(metric) {
            by_key.insert((key.as_str(), metric), *target);
        }
    }
    let mut out = BTreeMap::new();
    for metric in Metric::ALL {
        let mut sum = 0.0;
        let mut planned = false;
        let mut day = period.from;
        while day <= period.to {
            let week = Period::week_of(day);
            let week_key = Period::week_key(chrono::Datelike::iso_week(&day));
            let week_plan = by_key.get(&(week_key.as_str(), metric)).copied();
            if day == week.from && week.to <= period.to && week_plan.is_some() {
                sum += week_plan.unwrap_or_default() as f64;
                planned = true;
                day = week.to + chrono::Duration::days(1);
                continue;
            }
            let day_key = day.format("%Y-%m-%d").to_string();
            let day_plan = by_key.get(&(day_key.as_str(), metric)).copied();
            planned |= day_plan.is_some() || week_plan.is_some();
            sum += day_target(day, day_plan, week_plan);
            day += chrono::Duration::days(1);
        }
        if planned {
            out.insert(metric, sum.round() as i64);
        }
    }
    out
}

pub(super) fn plan(
    plans: &[(String, String, i64)],
    period: Period,
    facts: &HashMap<Metric, i64>,
    today: NaiveDate,
) -> Vec<PlanRow> {
    targets(plans, period)
        .into_iter()
        .map(|(metric, target)| {
            let fact = facts.get(&metric).copied().unwrap_or_default();
            PlanRow {
                metric,
                target,
                fact,
                percent: (target > 0).then(|| {
                    crate::domain::report::one_decimal(fact as f64 * 100.0 / target as f64)
                }),
                projected: projected(fact, period, today),
                forecast: None,
            }
        })
        .collect()
}

/// Sets plan targets for a week (`2026-W48`) or a day (`2026-11-25`) key.
pub fn set_plan(store: &mut Store, key: &str, targets: &[(Metric, i64)]) -> Result<()> {
    store.write(|db| {
        for (metric, target) in targets {
            db.set_plan(key, metric.key(), *target)?;
        }
        Ok(())
    })
}

/// The targets set for the ISO week holding `day` (the plan form's values).
pub fn week_targets(store: &Store, day: NaiveDate) -> Result<Vec<(Metric, i64)>> {
    let key = Period::week_key(day.iso_week());
    Ok(store
        .read()
        .plans()?
        .into_iter()
        .filter(|(k, _, _)| *k == key)
        .filter_map(|(_, m, t)| Metric::parse(&m).ok().map(|m| (m, t)))
        .collect())
}

/// Plan vs fact of `period` without the whole report: what the board's
/// header and `konveyer plan` show.
pub fn plan_status(
    store: &Store,
    now: Now,
    period: Period,
    currency: &str,
) -> Result<Vec<PlanRow>> {
    let db = store.read();
    let plans = db.plans()?;
    if targets(&plans, period).is_empty() {
        return Ok(Vec::new());
    }
    let (since, until) = bounds(period);
    let mut revenue = RevenueCount::default();
    db.each_paid_day_between(period.from, period.to, &mut |paid| {
        revenue.add(&paid);
        Ok(())
    })?;
    let contacts = contacts(db.contact_counts(since, until, None)?);
    let created = db.count_created_between(since, until)?;
    let qualified = db.count_qualified_between(since, until)?;
    let facts = facts(qualified, created, &revenue.rows(), &contacts, currency);
    Ok(plan(&plans, period, &facts, now.today()))
}
