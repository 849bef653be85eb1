//! `konveyer report` and `konveyer plan`: the §6 report of a period and the
//! one before it, assembled from the timeline and the payments.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::period::{Contacts, bounds, contacts};
use super::plan::{PlanRow, facts, plan};
use super::{Now, local_to_utc, utc_to_local};
use crate::domain::Stage;
use crate::domain::report::{
    Ending, Entry, FlowRow, Period, StageEvent, Stay, TimeRow, flow, stays, time_per_station,
    two_decimals,
};
use crate::error::Result;
use crate::store::{Db, Store};

/// The clients created in the period and how far they got by now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub created: i64,
    pub reached: BTreeMap<Stage, i64>,
    pub paid: i64,
    pub lost: i64,
    pub active: i64,
}

/// A count and a sum of money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sum {
    pub count: i64,
    pub amount_minor: i64,
}

/// Revenue of one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revenue {
    pub currency: String,
    pub first: Sum,
    pub repeat: Sum,
    pub repeat_share: Option<f64>,
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

/// What a report reads once and uses for both periods.
struct History {
    entries: Vec<Entry>,
    stays: Vec<Stay>,
    /// Each client of the history with the furthest station it reached and
    /// whether it is lost now, by client id (the cohort's question).
    reach: Vec<(i64, Stage, bool)>,
    /// Every paid order, first or repeat, by day.
    orders: Vec<crate::store::PaidOrder>,
    /// Paid orders so far (count, sum) of every paying client.
    paid: HashMap<i64, (i64, i64)>,
    /// Names of the clients that referred the periods' new clients.
    names: HashMap<i64, String>,
    stations: Vec<Stage>,
    plans: Vec<(String, String, i64)>,
    open_medians: HashMap<Stage, f64>,
    days: Days,
}

/// What the second reader fetches: plans, the open stays, and for each
/// period its new clients and contacts.
struct Fetched {
    stations: Vec<Stage>,
    plans: Vec<(String, String, i64)>,
    open_medians: HashMap<Stage, f64>,
    names: HashMap<i64, String>,
    periods: Vec<PeriodRows>,
}

/// A period's new clients and contacts.
struct PeriodRows {
    created: Vec<crate::store::NewClientRow>,
    contacts: Contacts,
}

fn fetch(db: &Db, now: Now, periods: &[Period], who: Option<&Whose>) -> Result<Fetched> {
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    let login = who.map(|w| w.login);
    let mut rows = Vec::new();
    for p in periods {
        let (since, until) = bounds(*p);
        let mut created = db.clients_created_between(since, until)?;
        if let Some(w) = who {
            created.retain(|c| w.cards.contains(&c.id));
        }
        rows.push(PeriodRows {
            created,
            contacts: Contacts {
                talk_secs: db.talk_secs(since, until, login)?,
                ..contacts(db.contact_counts(since, until, login)?)
            },
        });
    }
    let referrers: Vec<i64> = rows
        .iter()
        .flat_map(|r| r.created.iter().filter_map(|c| c.referred_by))
        .collect();
    Ok(Fetched {
        // The plan is the team's: one person's report has none.
        plans: match who {
            Some(_) => Vec::new(),
            None => db.plans()?,
        },
        open_medians: open_medians(db, &stations, now.utc, login)?,
        names: db.names(&referrers)?,
        stations,
        periods: rows,
    })
}

/// The local day of an instant, by the instants of the local midnights of
/// a span (a binary search rather than a time-zone lookup per timeline
/// entry); outside the span, the time zone is asked.
pub(super) struct Days {
    first: NaiveDate,
    /// Local midnights from `first` to the day after the span, as UTC.
    midnights: Vec<DateTime<Utc>>,
}

impl Days {
    pub(super) fn new(from: NaiveDate, to: NaiveDate) -> Days {
        let midnights = from
            .iter_days()
            .take_while(|d| *d <= to.succ_opt().unwrap_or(to))
            .map(|d| local_to_utc(d.and_time(NaiveTime::MIN)))
            .collect();
        Days {
            first: from,
            midnights,
        }
    }

    pub(super) fn day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        let i = self.midnights.partition_point(|m| *m <= t);
        if i == 0 || i == self.midnights.len() {
            return utc_to_local(t).date();
        }
        self.first + chrono::Duration::days(i as i64 - 1)
    }
}

/// Each client's furthest station and whether its last stay ended lost,
/// from stays in client order.
fn reach(stays: &[Stay]) -> Vec<(i64, Stage, bool)> {
    let mut out: Vec<(i64, Stage, bool)> = Vec::new();
    for s in stays {
        let lost = matches!(s.end, Some((_, Ending::Lost)));
        match out.last_mut() {
            Some(last) if last.0 == s.client => {
                last.1 = last.1.max(s.stage);
                last.2 = lost;
            }
            _ => out.push((s.client, s.stage, lost)),
        }
    }
    out
}

/// One person's part of a report: their login and the cards they own.
struct Whose<'a> {
    login: &'a str,
    cards: HashSet<i64>,
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
    let who = who.as_ref();
    let mine = |id: i64| who.is_none_or(|w| w.cards.contains(&id));
    let before = period.previous();
    // For a short span only the clients active in it are read; a long one
    // touches nearly everyone, and the filter would only cost.
    let span = (period.days() <= 62).then(|| (bounds(before).0, bounds(period).1));
    // The timeline and the payments here, the rest there: about even.
    let ((entries, stays, mut orders), mut f) = store.read_twice(
        |db| {
            let mut entries = db.stage_entries(span)?;
            entries.retain(|e| mine(e.client));
            let stays = stays(&entries);
            let mut orders = db.paid_orders()?;
            orders.retain(|o| mine(o.client_id));
            Ok((entries, stays, orders))
        },
        |db| fetch(db, now, &[period, before], who),
    )?;
    let mut paid: HashMap<i64, (i64, i64)> = HashMap::new();
    for o in &orders {
        let (n, sum) = paid.entry(o.client_id).or_default();
        *n += 1;
        *sum = sum.saturating_add(o.amount_minor);
    }
    orders.sort_by_key(|o| (o.paid_on, o.id));
    let h = History {
        reach: reach(&stays),
        stays,
        entries,
        orders,
        paid,
        names: std::mem::take(&mut f.names),
        stations: std::mem::take(&mut f.stations),
        plans: std::mem::take(&mut f.plans),
        open_medians: std::mem::take(&mut f.open_medians),
        days: Days::new(before.from, period.to),
    };
    let mut rows = f.periods.into_iter();
    let (Some(now_rows), Some(before_rows)) = (rows.next(), rows.next()) else {
        return Err(crate::error::Error::Db("a report read no period".into()));
    };
    // The two periods are assembled side by side from what both read.
    let (mut report, previous) = std::thread::scope(|scope| {
        let previous = scope.spawn(|| one(&h, now, before, before_rows, currency));
        (one(&h, now, period, now_rows, currency), previous.join())
    });
    let previous =
        previous.map_err(|_| crate::error::Error::Db("a reading thread failed".into()))?;
    report.previous = Some(Box::new(previous));
    Ok(report)
}

fn one(h: &History, now: Now, period: Period, rows: PeriodRows, currency: &str) -> Report {
    let day_of = |t| h.days.day_of(t);
    let paid: Vec<crate::store::PaidOrder> = h
        .orders
        .iter()
        .filter(|o| period.contains(o.paid_on))
        .cloned()
        .collect();
    let PeriodRows { created, contacts } = rows;
    let revenue = revenue(&paid);
    let qualified = h
        .entries
        .iter()
        .filter(|e| {
            matches!(e.event, StageEvent::Moved { from, to }
                if from < Stage::Hunter && to >= Stage::Hunter)
        })
        .filter(|e| period.contains(day_of(e.at)))
        .count() as i64;
    let facts = facts(qualified, created.len() as i64, &paid, &contacts, currency);
    Report {
        from: period.from,
        to: period.to,
        flow: flow(&h.stays, &h.entries, &h.stations, period, &day_of),
        time: with_open_stays(
            time_per_station(&h.stays, &h.stations, period, &day_of),
            &h.open_medians,
        ),
        cohort: cohort(h, &created),
        sources: sources(h, &created),
        referrals: referrals(h, &created),
        losses: losses(&h.stays, period, &day_of),
        plan: plan(&h.plans, period, &facts, now.today()),
        revenue,
        activity: contacts,
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

/// The median age of the open stays at each station, as of `now`.
fn open_medians(
    db: &Db,
    stations: &[Stage],
    now: DateTime<Utc>,
    owner: Option<&str>,
) -> Result<HashMap<Stage, f64>> {
    use crate::domain::report::{days_between, one_decimal, quantile};
    let mut out = HashMap::new();
    for stage in stations {
        let mut ages: Vec<f64> = db
            .open_stay_middle(*stage, owner)?
            .into_iter()
            .map(|since| days_between(since, now).max(0.0))
            .collect();
        ages.sort_by(f64::total_cmp);
        if let Some(median) = quantile(&ages, 0.5) {
            out.insert(*stage, one_decimal(median));
        }
    }
    Ok(out)
}

fn cohort(h: &History, created: &[crate::store::NewClientRow]) -> Cohort {
    let mut cohort = Cohort {
        created: created.len() as i64,
        reached: h.stations.iter().map(|s| (*s, 0)).collect(),
        paid: 0,
        lost: 0,
        active: 0,
    };
    for c in created {
        let reach = h
            .reach
            .binary_search_by_key(&c.id, |r| r.0)
            .ok()
            .map(|i| h.reach[i]);
        if let Some((_, furthest, _)) = reach {
            for (stage, n) in cohort.reached.iter_mut() {
                if *stage <= furthest {
                    *n += 1;
                }
            }
        }
        if h.paid.contains_key(&c.id) {
            cohort.paid += 1;
        }
        match reach {
            Some((_, _, true)) => cohort.lost += 1,
            _ => cohort.active += 1,
        }
    }
    cohort
}

fn revenue(paid: &[crate::store::PaidOrder]) -> Vec<Revenue> {
    let mut by: BTreeMap<String, (Sum, Sum)> = BTreeMap::new();
    for o in paid {
        let (first, repeat) = by.entry(o.currency.clone()).or_default();
        let sum = if o.first { first } else { repeat };
        sum.count += 1;
        sum.amount_minor = sum.amount_minor.saturating_add(o.amount_minor);
    }
    by.into_iter()
        .map(|(currency, (first, repeat))| {
            let total = first.amount_minor.saturating_add(repeat.amount_minor);
            Revenue {
                currency,
                first,
                repeat,
                repeat_share: (total > 0)
                    .then(|| two_decimals(repeat.amount_minor as f64 / total as f64)),
            }
        })
        .collect()
}

fn sources(h: &History, created: &[crate::store::NewClientRow]) -> Vec<SourceRow> {
    let mut by: BTreeMap<Option<&str>, (i64, i64, i64)> = BTreeMap::new();
    for c in created {
        let (n, paid, amount) = by.entry(c.source.as_deref()).or_default();
        *n += 1;
        if let Some((_, sum)) = h.paid.get(&c.id) {
            *paid += 1;
            *amount = amount.saturating_add(*sum);
        }
    }
    let mut rows: Vec<SourceRow> = by
        .into_iter()
        .map(|(source, (created, paid, amount_minor))| SourceRow {
            source: source.map(str::to_string),
            created,
            paid,
            amount_minor,
        })
        .collect();
    rows.sort_by(|a, b| b.created.cmp(&a.created).then(a.source.cmp(&b.source)));
    rows
}

fn referrals(h: &History, created: &[crate::store::NewClientRow]) -> Vec<ReferralRow> {
    let mut by: BTreeMap<Option<i64>, ReferralRow> = BTreeMap::new();
    for c in created {
        let by_referral = c.source.as_deref() == Some("referral");
        if c.referred_by.is_none() && !by_referral {
            continue;
        }
        let row = by.entry(c.referred_by).or_insert(ReferralRow {
            referrer_id: c.referred_by,
            name: None,
            referred: 0,
            paid: 0,
        });
        row.referred += 1;
        if h.paid.contains_key(&c.id) {
            row.paid += 1;
        }
    }
    let mut rows: Vec<ReferralRow> = by
        .into_values()
        .map(|mut r| {
            r.name = r.referrer_id.and_then(|id| h.names.get(&id).cloned());
            r
        })
        .collect();
    rows.sort_by(|a, b| {
        b.referred
            .cmp(&a.referred)
            .then(a.referrer_id.cmp(&b.referrer_id))
    });
    rows
}

fn losses(
    stays: &[Stay],
    period: Period,
    day_of: &impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<LossRow> {
    let mut by: BTreeMap<(Option<String>, Stage), i64> = BTreeMap::new();
    for s in stays {
        if let Some((at, Ending::Lost)) = s.end
            && period.contains(day_of(at))
        {
            *by.entry((s.lost_reason.clone(), s.stage)).or_default() += 1;
        }
    }
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
    for o in store.read().paid_orders_between(from, week_end(last))? {
        if o.currency != currency {
            continue;
        }
        let Some(w) = out.iter_mut().find(|w| w.week.contains(o.paid_on)) else {
            continue;
        };
        let sum = if o.first { &mut w.first } else { &mut w.repeat };
        sum.count += 1;
        sum.amount_minor = sum.amount_minor.saturating_add(o.amount_minor);
    }
    Ok(out)
}

fn week_end(day: NaiveDate) -> NaiveDate {
    Period::week_of(day).to
}
