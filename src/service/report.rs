//! `konveyer report` and `konveyer plan`: the §6 report of a period and the
//! one before it, assembled from the timeline and the payments.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::period::{Contacts, Revenue, RevenueCount, Sum, bounds};
use super::plan::{PlanRow, facts, plan};
use super::{Now, local_to_utc, utc_to_local};
use crate::domain::Stage;
use crate::domain::report::{Ending, FlowRow, Period, PeriodCount, Stay, TimeRow, stays};
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

/// What the timeline and the payments give, read on one connection: each
/// period's counts, the new clients' furthest stations, the payments of
/// both periods.
struct Counted {
    counts: [PeriodCount; 2],
    created: [Newcomers; 2],
    /// Names of the clients that referred the periods' new clients.
    names: HashMap<i64, String>,
    stations: Vec<Stage>,
}

/// A period's new clients: each one's id and source (sorted by id), what
/// it has paid so far and how far it got, met in client order by the
/// payments and the histories; and those a referral brought. A few dozen
/// bytes per new client, however large the base.
#[derive(Default)]
struct Newcomers {
    /// Each new client's id and its source (an index into `sources`).
    ids: Vec<(i64, u32)>,
    /// What each has paid so far (0: nothing), as `ids`.
    paid: Vec<i64>,
    /// Each one's furthest station and whether it is lost now, as `ids`.
    reach: Vec<Option<(Stage, bool)>>,
    /// The sources met, each once.
    sources: Vec<Option<String>>,
    /// The new clients a referral brought, and who referred them.
    referred: Vec<(i64, Option<i64>)>,
}

impl Newcomers {
    /// The clients created in `period` that `mine` keeps.
    fn read(db: &Db, period: Period, mine: &dyn Fn(i64) -> bool) -> Result<Newcomers> {
        let (since, until) = bounds(period);
        let mut new = Newcomers::default();
        // Each source's place in `sources`, found without a copy of it.
        let mut known: HashMap<String, u32> = HashMap::new();
        let mut none: Option<u32> = None;
        db.each_client_created(since, until, &mut |c| {
            let (id, source, referred_by) = (c.id, c.source, c.referred_by);
            if !mine(id) {
                return Ok(());
            }
            let next = new.sources.len() as u32;
            let at = match source {
                None => *none.get_or_insert(next),
                Some(s) => *known.get(s).unwrap_or(&next),
            };
            if at == next {
                new.sources.push(source.map(str::to_string));
                if let Some(s) = source {
                    known.insert(s.to_string(), at);
                }
            }
            new.ids.push((id, at));
            if referred_by.is_some() || source == Some("referral") {
                new.referred.push((id, referred_by));
            }
            Ok(())
        })?;
        new.ids.sort_unstable();
        new.paid = vec![0; new.ids.len()];
        new.reach = vec![None; new.ids.len()];
        Ok(new)
    }

    /// Notes what `client` has paid so far, if it is one of these: paying
    /// clients met in client order, `at` walking the new ones alongside
    /// (no lookup per client).
    fn paid_so_far(&mut self, at: &mut usize, client: i64, sum: i64) {
        if let Some(i) = meet(&self.ids, at, client) {
            self.paid[i] = sum;
        }
    }

    /// What new client `id` has paid so far.
    fn paid_of(&self, id: i64) -> i64 {
        self.ids
            .binary_search_by_key(&id, |(id, _)| *id)
            .map_or(0, |i| self.paid[i])
    }
}

/// Walks `ids` (sorted) alongside clients met in order: the place of
/// `client` in them, if it is one, the cursor moved on past those before.
fn meet(ids: &[(i64, u32)], at: &mut usize, client: i64) -> Option<usize> {
    while ids.get(*at).is_some_and(|(id, _)| *id < client) {
        *at += 1;
    }
    (ids.get(*at).map(|(id, _)| *id) == Some(client)).then_some(*at)
}

/// What the second reader fetches: plans, the open stays, each period's
/// contacts and revenue, and what the periods' paying new clients have
/// paid so far.
struct Fetched {
    plans: Vec<(String, String, i64)>,
    open_medians: HashMap<Stage, f64>,
    contacts: Vec<Contacts>,
    revenue: [RevenueCount; 2],
    /// Over a short span, each paying client created in either period,
    /// with its sum, by id (over a long one: none, met on the first).
    paid: Vec<(i64, i64)>,
}

fn fetch(
    db: &Db,
    now: Now,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
) -> Result<Fetched> {
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    let login = who.map(|w| w.login);
    let mut contacts = Vec::new();
    for p in periods {
        let (since, until) = bounds(*p);
        contacts.push(Contacts {
            talk_secs: db.talk_secs(since, until, login)?,
            ..super::period::contacts(db.contact_counts(since, until, login)?)
        });
    }
    Ok(Fetched {
        // The plan is the team's: one person's report has none.
        plans: match who {
            Some(_) => Vec::new(),
            None => db.plans()?,
        },
        open_medians: open_medians(db, &stations, now.utc, login)?,
        contacts,
        revenue: revenue(db, periods, who)?,
        paid: match span {
            Some(_) => {
                let mut paid = Vec::new();
                db.each_paid_sum_by_client(span, &mut |client, sum| {
                    if mine(who, client) {
                        paid.push((client, sum));
                    }
                    Ok(())
                })?;
                paid
            }
            None => Vec::new(),
        },
    })
}

/// Each period's paid orders, summed per currency as they are read.
fn revenue(db: &Db, periods: &[Period; 2], who: Option<&Whose>) -> Result<[RevenueCount; 2]> {
    let mut revenue = [RevenueCount::default(), RevenueCount::default()];
    db.each_paid_order_between(periods[1].from, periods[0].to, &mut |o| {
        if let Some(i) = periods.iter().position(|p| p.contains(o.paid_on))
            && mine(who, o.client_id)
        {
            revenue[i].add(&o);
        }
        Ok(())
    })?;
    Ok(revenue)
}

/// Counts both periods as every client's history in them passes by, one
/// client at a time (`span`: only the clients with a place change in it;
/// `None`: everyone), after reading their new clients.
fn count(
    db: &Db,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
) -> Result<Counted> {
    let mine = |id: i64| mine(who, id);
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    // The new clients first. Over a short span what the few paid comes
    // from the other reader; over a long one nearly every client is new,
    // and what each paid is met here in one pass of the payments by
    // client, rather than held for the whole base there.
    let [now_new, before_new] = periods.map(|p| Newcomers::read(db, p, &mine));
    let mut created = [now_new?, before_new?];
    if span.is_none() {
        let mut cursors = [0usize; 2];
        db.each_paid_sum_by_client(None, &mut |client, sum| {
            for (new, at) in created.iter_mut().zip(&mut cursors) {
                new.paid_so_far(at, client, sum);
            }
            Ok(())
        })?;
    }
    let days = Days::new(periods[1].from, periods[0].to);
    let day_of = |t| days.day_of(t);
    let mut counts = periods.map(|p| PeriodCount::new(p, &stations));
    // The histories come in client order, as the new clients are sorted:
    // each period's cursor walks its new clients alongside.
    let mut cursors = [0usize; 2];
    db.each_history(span, &mut |entries| {
        let client = entries.first().map_or(0, |e| e.client);
        if !mine(client) {
            return Ok(());
        }
        let stays = stays(entries);
        for c in &mut counts {
            c.add(entries, &stays, &day_of);
        }
        for (new, at) in created.iter_mut().zip(&mut cursors) {
            if let Some(i) = meet(&new.ids, at, client) {
                new.reach[i] = furthest(&stays);
            }
        }
        Ok(())
    })?;
    let referrers: Vec<i64> = created
        .iter()
        .flat_map(|n| n.referred.iter().filter_map(|(_, by)| *by))
        .collect::<std::collections::BTreeSet<i64>>()
        .into_iter()
        .collect();
    Ok(Counted {
        counts,
        names: db.names(&referrers)?,
        created,
        stations,
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

/// A client's furthest station and whether its last stay ended lost, from
/// its stays.
fn furthest(stays: &[Stay]) -> Option<(Stage, bool)> {
    let furthest = stays.iter().map(|s| s.stage).max()?;
    let lost = stays
        .last()
        .is_some_and(|s| matches!(s.end, Some((_, Ending::Lost))));
    Some((furthest, lost))
}

/// One person's part of a report: their login and the cards they own.
struct Whose<'a> {
    login: &'a str,
    cards: HashSet<i64>,
}

/// Whether client `id` counts in a report of `who` (everyone's: all).
fn mine(who: Option<&Whose>, id: i64) -> bool {
    who.is_none_or(|w| w.cards.contains(&id))
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
    let periods = [period, period.previous()];
    // For a short span only the clients active in it are read; a long one
    // touches nearly everyone, and the filter would only cost.
    let span = (period.days() <= 62).then(|| (bounds(periods[1]).0, bounds(period).1));
    // The new clients and the timeline here; the contacts, the open stays,
    // the payments and what the new clients paid there.
    let (mut counted, fetched) = store.read_twice(
        |db| count(db, &periods, span, who),
        |db| fetch(db, now, &periods, span, who),
    )?;
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
    let previous = one(
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
    );
    let mut report = one(
        &counted,
        &fetched,
        now,
        (now_count, now_created, now_revenue, now_contacts),
        currency,
    );
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

fn cohort(h: &Counted, created: &Newcomers) -> Cohort {
    let mut cohort = Cohort {
        created: created.ids.len() as i64,
        reached: h.stations.iter().map(|s| (*s, 0)).collect(),
        paid: 0,
        lost: 0,
        active: 0,
    };
    for (paid, reach) in created.paid.iter().zip(&created.reach) {
        if let Some((furthest, _)) = reach {
            for (stage, n) in cohort.reached.iter_mut() {
                if stage <= furthest {
                    *n += 1;
                }
            }
        }
        cohort.paid += i64::from(*paid > 0);
        match reach {
            Some((_, true)) => cohort.lost += 1,
            _ => cohort.active += 1,
        }
    }
    cohort
}

fn sources(created: &Newcomers) -> Vec<SourceRow> {
    // Per source: created, paid, their payments' sum.
    let mut by = vec![(0i64, 0i64, 0i64); created.sources.len()];
    for ((_, source), sum) in created.ids.iter().zip(&created.paid) {
        let (n, paying, amount) = &mut by[*source as usize];
        *n += 1;
        if *sum > 0 {
            *paying += 1;
            *amount = amount.saturating_add(*sum);
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
        *paying += i64::from(created.paid_of(*id) > 0);
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
        .each_paid_order_between(from, week_end(last), &mut |o| {
            if let Some(w) = out.iter_mut().find(|w| w.week.contains(o.paid_on))
                && o.currency == currency
            {
                Sum::count_in(&mut w.first, &mut w.repeat, &o);
            }
            Ok(())
        })?;
    Ok(out)
}

fn week_end(day: NaiveDate) -> NaiveDate {
    Period::week_of(day).to
}
