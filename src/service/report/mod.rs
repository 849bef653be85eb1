//! `konveyer report` and `konveyer plan`: the §6 report of a period and the
//! one before it, assembled from the timeline and the payments.

mod days;
mod read;
mod weekly;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Now;
use super::period::{Contacts, Revenue, RevenueCount, bounds, few_moved_since};
use super::plan::{PlanRow, facts, plan};
use crate::domain::Stage;
use crate::domain::report::{FlowRow, Period, PeriodCount, TimeRow};
use crate::error::Result;
use crate::store::Store;
pub(super) use days::Days;
use read::{Counted, Fetched, Newcomers, Shared, Whose, count, fetch, share};
pub use weekly::{WeekRevenue, weekly_revenue};

/// The clients created in the period and how far they got by now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub created: i64,
    pub reached: BTreeMap<Stage, i64>,
    pub paid: i64,
    pub lost: i64,
    pub active: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    pub source: Option<String>,
    pub created: i64,
    pub paid: i64,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralRow {
    pub referrer_id: Option<i64>,
    pub name: Option<String>,
    pub referred: i64,
    pub paid: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LossRow {
    pub reason: Option<String>,
    pub stage: Stage,
    pub count: i64,
}

/// A period's report (docs/terms.md; the JSON shape is a contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub flow: Vec<FlowRow>,
    pub time: Vec<TimeRow>,
    pub cohort: Cohort,
    pub revenue: Vec<Revenue>,
    pub sources: Vec<SourceRow>,
    pub referrals: Vec<ReferralRow>,
    pub losses: Vec<LossRow>,
    pub activity: Contacts,
    pub plan: Vec<PlanRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Report>>,
}

/// The report of `period` as of `now`, with the period before it: the
/// timeline read on this connection while a second one reads the rest
/// of the same snapshot.
pub fn report(store: &Store, now: Now, period: Period, currency: &str) -> Result<Report> {
    report_of(store, now, period, currency, None)
}

/// [`report`] of one person (`--user L`): over the cards they own now —
/// their stays, payments, new clients and open stays — with the contacts
/// they logged themselves, and no plan (the plan is the team's).
pub fn report_of(
    store: &Store,
    now: Now,
    period: Period,
    currency: &str,
    login: Option<&str>,
) -> Result<Report> {
    let who = match login {
        Some(login) => {
            store.read().user(login)?;
            Some(Whose {
                login,
                cards: store.read().owned_ids(login)?,
            })
        }
        None => None,
    };
    let periods = [period, period.previous()];
    let span = (bounds(periods[1]).0, bounds(period).1);
    // A short span's clients that changed place in it are few of the
    // base; a long one's too unless nearly everyone moved in it.
    let changed = period.days() <= 62 || few_moved_since(&store.read(), span.0)?;
    report_over(
        store,
        now,
        periods,
        changed.then_some(span),
        who.as_ref(),
        currency,
    )
}

/// The report of `periods` (the period and the one before), reading the
/// histories of the clients that changed place in `span` if it is given,
/// else everyone's (as [`read::count`] says).
pub(super) fn report_over(
    store: &Store,
    now: Now,
    periods: [Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
    currency: &str,
) -> Result<Report> {
    // The new clients and the timeline here; the contacts, the open stays,
    // the payments and what the new clients paid there.
    // The histories are shared out: the second reader takes parts of them
    // once its own reading is done.
    let shared = Shared::default();
    let (mut counted, (fetched, helped)) = store.read_twice(
        |db| count(db, &periods, span, who, &shared, currency),
        |db| {
            Ok((
                fetch(db, now, &periods, span, who, &shared, currency)?,
                share(db, &periods, span, who, &shared)?,
            ))
        },
    )?;
    counted.join(helped, &shared);
    for new in &mut counted.created {
        let mut at = 0;
        for &(client, sum) in &fetched.paid {
            new.paid_so_far(&mut at, client, sum);
        }
    }
    let Counted {
        counts: [now_count, before_count],
        created: [now_created, before_created],
        ..
    } = &counted;
    let [now_revenue, before_revenue] = &fetched.revenue;
    let [now_contacts, before_contacts] = &fetched.contacts[..] else {
        return Err(crate::error::Error::Db("a report read no period".into()));
    };
    // Each period's sections side by side: over a long span each sorts
    // its stays' durations and walks its new clients (a year at a million:
    // a million each).
    let (mut report, previous) = std::thread::scope(|s| {
        let previous = s.spawn(|| {
            one(
                &counted,
                &fetched,
                now,
                (
                    before_count,
                    before_created,
                    before_revenue,
                    before_contacts,
                ),
                currency,
            )
        });
        let report = one(
            &counted,
            &fetched,
            now,
            (now_count, now_created, now_revenue, now_contacts),
            currency,
        );
        // As if it had run here: a panic there is one here.
        let previous = previous
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (report, previous)
    });
    report.previous = Some(Box::new(previous));
    Ok(report)
}

/// One period's report from what was counted and fetched for both.
fn one(
    c: &Counted,
    f: &Fetched,
    now: Now,
    (count, created, revenue, contacts): (&PeriodCount, &Newcomers, &RevenueCount, &Contacts),
    currency: &str,
) -> Report {
    let period = count.period();
    let revenue = revenue.rows();
    let facts = facts(
        count.qualified(),
        created.ids.len() as i64,
        &revenue,
        contacts,
        currency,
    );
    Report {
        from: period.from,
        to: period.to,
        flow: count.flow(),
        time: with_open_stays(count.time(), &f.open_medians),
        cohort: cohort(c, created),
        sources: sources(created),
        referrals: referrals(c, created),
        losses: losses(count),
        plan: plan(&f.plans, period, &facts, now.today()),
        revenue,
        activity: contacts.clone(),
        previous: None,
    }
}

/// The open-stay medians of every active client's current station (the
/// history read covers only the clients active in the periods).
fn with_open_stays(mut rows: Vec<TimeRow>, medians: &HashMap<Stage, f64>) -> Vec<TimeRow> {
    for row in &mut rows {
        row.open_median_days = medians.get(&row.stage).copied();
    }
    rows
}

fn cohort(h: &Counted, created: &Newcomers) -> Cohort {
    let mut cohort = Cohort {
        created: created.ids.len() as i64,
        reached: h.stations.iter().map(|s| (*s, 0)).collect(),
        paid: 0,
        lost: 0,
        active: 0,
    };
    // How many got furthest to each station, then each station's reached
    // as those that got to it or beyond (a year: a million new clients).
    let mut furthest = [0i64; Stage::ALL.len()];
    for (paid, reach) in created.paid.iter().zip(&created.reach) {
        if let Some((stage, _)) = reach {
            furthest[*stage as usize] += 1;
        }
        cohort.paid += i64::from(paid.paid());
        match reach {
            Some((_, true)) => cohort.lost += 1,
            _ => cohort.active += 1,
        }
    }
    for (stage, n) in cohort.reached.iter_mut() {
        *n = furthest[*stage as usize..].iter().sum();
    }
    cohort
}

fn sources(created: &Newcomers) -> Vec<SourceRow> {
    // Per source: created, paid, their payments' sum in the report's
    // currency.
    let mut by = vec![(0i64, 0i64, 0i64); created.sources.len()];
    for ((_, source), paid) in created.ids.iter().zip(&created.paid) {
        let (n, paying, amount) = &mut by[*source as usize];
        *n += 1;
        if paid.paid() {
            *paying += 1;
            *amount = amount.saturating_add(paid.minor());
        }
    }
    let mut rows: Vec<SourceRow> = created
        .sources
        .iter()
        .zip(by)
        .map(|(source, (created, paid, amount_minor))| SourceRow {
            source: source.clone(),
            created,
            paid,
            amount_minor,
        })
        .collect();
    rows.sort_by(|a, b| b.created.cmp(&a.created).then(a.source.cmp(&b.source)));
    rows
}

fn referrals(h: &Counted, created: &Newcomers) -> Vec<ReferralRow> {
    // Per referrer (none: "referral" without one): referred, paid.
    let mut by: BTreeMap<Option<i64>, (i64, i64)> = BTreeMap::new();
    for (id, referrer) in &created.referred {
        let (referred, paying) = by.entry(*referrer).or_default();
        *referred += 1;
        *paying += i64::from(created.paid_of(*id).paid());
    }
    let mut rows: Vec<ReferralRow> = by
        .into_iter()
        .map(|(referrer_id, (referred, paid))| ReferralRow {
            referrer_id,
            name: referrer_id.and_then(|id| h.names.get(&id).cloned()),
            referred,
            paid,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.referred
            .cmp(&a.referred)
            .then(a.referrer_id.cmp(&b.referrer_id))
    });
    rows
}

fn losses(count: &PeriodCount) -> Vec<LossRow> {
    let by = count.losses().clone();
    let mut rows: Vec<LossRow> = by
        .into_iter()
        .map(|((reason, stage), count)| LossRow {
            reason,
            stage,
            count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.stage.cmp(&b.stage)));
    rows
}
