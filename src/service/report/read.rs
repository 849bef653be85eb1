//! What a report reads, over one snapshot on two connections: the new
//! clients on the first; whose histories are shared, the contacts,
//! payments, open stays and plans on the second; then the histories of
//! the periods, shared out between both a part at a time.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::super::Now;
use super::super::period::{Contacts, RevenueCount, bounds};
use crate::domain::Stage;
use crate::domain::report::{Period, PeriodCount};
use crate::error::Result;
use crate::store::{Db, PaidDay};

mod parts;

use parts::{CHUNK, Found, Unblock};
pub(super) use parts::{Shared, share};

/// What the timeline and the payments give, read on one connection: each
/// period's counts, the new clients' furthest stations, the payments of
/// both periods.
pub(super) struct Counted {
    pub(super) counts: [PeriodCount; 2],
    pub(super) created: [Newcomers; 2],
    /// Names of the clients that referred the periods' new clients.
    pub(super) names: HashMap<i64, String>,
    pub(super) stations: Vec<Stage>,
    /// How far each client of the parts this reader took got, by part.
    found: Vec<(usize, Found)>,
}

/// A period's new clients: each one's id and source (sorted by id), what
/// it has paid so far (met in client order by the payments) and how far
/// it got (looked up in what the histories' parts found); and those a
/// referral brought. A few dozen bytes per new client, however large the
/// base.
#[derive(Default)]
pub(super) struct Newcomers {
    /// Each new client's id and its source (an index into `sources`);
    /// shared with the second reader, which reads what a short span's
    /// few paid.
    pub(super) ids: Ids,
    /// What each has paid so far, as `ids`.
    pub(super) paid: Vec<PaidSoFar>,
    /// Each one's furthest station and whether it is lost now, as `ids`.
    pub(super) reach: Vec<Option<(Stage, bool)>>,
    /// The sources met, each once.
    pub(super) sources: Vec<Option<String>>,
    /// The new clients a referral brought, and who referred them.
    pub(super) referred: Vec<(i64, Option<i64>)>,
}

impl Newcomers {
    /// The clients created in `period` that `mine` keeps.
    fn read(db: &Db, period: Period, mine: &dyn Fn(i64) -> bool) -> Result<Newcomers> {
        let (since, until) = bounds(period);
        let mut new = Newcomers::default();
        let mut ids = Vec::new();
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
            ids.push((id, at));
            if referred_by.is_some() || source == Some("referral") {
                new.referred.push((id, referred_by));
            }
            Ok(())
        })?;
        // By id alone (each is there once): a year's million, a sixth
        // faster than comparing whole pairs.
        ids.sort_unstable_by_key(|&(id, _)| id);
        new.paid = vec![PaidSoFar::default(); ids.len()];
        new.reach = vec![None; ids.len()];
        new.ids = Arc::new(ids);
        Ok(new)
    }

    /// Notes what `client` has paid so far, if it is one of these: paying
    /// clients met in client order, `at` walking the new ones alongside
    /// (no lookup per client).
    pub(super) fn paid_so_far(&mut self, at: &mut usize, client: i64, sum: i64) {
        if let Some(i) = meet(&self.ids, at, client) {
            self.paid[i] = PaidSoFar::of(sum);
        }
    }

    /// What new client `id` has paid so far.
    pub(super) fn paid_of(&self, id: i64) -> PaidSoFar {
        self.ids
            .binary_search_by_key(&id, |(id, _)| *id)
            .map_or(PaidSoFar::default(), |i| self.paid[i])
    }
}

/// Whether a new client has paid so far, and how much in the report's
/// currency, in one word (a year's million new clients hold one each): 0
/// when it never paid, else 1 + the sum — a client that paid in another
/// currency alone has paid, 0 of it in this one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PaidSoFar(i64);

impl PaidSoFar {
    /// A paying client's, `minor` of it in the report's currency.
    fn of(minor: i64) -> PaidSoFar {
        PaidSoFar(minor.max(0).saturating_add(1))
    }

    pub(super) fn paid(self) -> bool {
        self.0 > 0
    }

    /// The sum in the report's currency.
    pub(super) fn minor(self) -> i64 {
        (self.0 - 1).max(0)
    }
}

/// New clients' ids and sources, sorted, shared between the readers.
pub(super) type Ids = Arc<Vec<(i64, u32)>>;

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
pub(super) struct Fetched {
    pub(super) plans: Vec<(String, String, i64)>,
    pub(super) open_medians: HashMap<Stage, f64>,
    pub(super) contacts: Vec<Contacts>,
    pub(super) revenue: [RevenueCount; 2],
    /// Over a short span ([`few_new`]), each paying client created in
    /// either period, with its sum in the report's currency, by id (else
    /// none: met on the first).
    /// The new clients are the first reader's: this one waits for them.
    pub(super) paid: Vec<(i64, i64)>,
}

pub(super) fn fetch(
    db: &Db,
    now: Now,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
    shared: &Shared,
    currency: &str,
) -> Result<Fetched> {
    // Whose histories are shared, read here first while the other reader
    // reads the new clients.
    shared.whose(db, span)?;
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    let login = who.map(|w| w.login);
    let mut contacts = Vec::new();
    for p in periods {
        let (since, until) = bounds(*p);
        contacts.push(Contacts {
            talk_secs: db.talk_secs(since, until, login)?,
            ..super::super::period::contacts(db.contact_counts(since, until, login)?)
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
        paid: match few_new(periods)
            .then(|| shared.ids.wait().as_ref())
            .flatten()
        {
            Some(ids) => paid_by_new_clients(db, ids, currency)?,
            None => Vec::new(),
        },
    })
}

/// What each of a short span's few new clients (the first reader's, of
/// both periods) has paid so far, by id: their payments alone, a list of them
/// at a time bound as one value.
fn paid_by_new_clients(db: &Db, ids: &[Ids; 2], currency: &str) -> Result<Vec<(i64, i64)>> {
    let mut new: Vec<i64> = ids
        .iter()
        .flat_map(|n| n.iter().map(|(id, _)| *id))
        .collect();
    new.sort_unstable();
    let mut paid = Vec::new();
    for list in new.chunks(CHUNK) {
        db.each_paid_sum_by_client(Some(list), currency, &mut |client, sum| {
            paid.push((client, sum));
            Ok(())
        })?;
    }
    Ok(paid)
}

/// Whether the periods' new clients are few enough (a short span's) that
/// what each has paid so far is looked up, on the second reader, rather
/// than met in one pass of every payment by client on the first: a long
/// span's new clients may be few of the base (a million cold rows beside
/// them) and still outnumber the payments (a year beside a million cold
/// rows: 100 000 new clients, 42 000 payments).
fn few_new(periods: &[Period; 2]) -> bool {
    periods[0].days() <= 62
}

/// Each period's payments, summed per currency as they are read:
/// everyone's from their days' tally, one person's order by order (the
/// cards they own now).
fn revenue(db: &Db, periods: &[Period; 2], who: Option<&Whose>) -> Result<[RevenueCount; 2]> {
    let mut revenue = [RevenueCount::default(), RevenueCount::default()];
    let (from, to) = (periods[1].from, periods[0].to);
    let mut add = |paid: PaidDay| {
        if let Some(i) = periods.iter().position(|p| p.contains(paid.day)) {
            revenue[i].add(&paid);
        }
        Ok(())
    };
    match who {
        None => db.each_paid_day_between(from, to, &mut add)?,
        Some(_) => db.each_paid_order_between(from, to, &mut |o| match mine(who, o.client_id) {
            true => add(o.into()),
            false => Ok(()),
        })?,
    }
    Ok(revenue)
}

/// Counts both periods as every client's history in them passes by, one
/// client at a time (`span`: only the clients with a place change in it;
/// `None`: everyone), after reading their new clients; the histories are
/// shared out with the other reader by `shared`, and how far the new
/// clients got is looked up in what both noted once both are done
/// ([`Counted::join`]).
pub(super) fn count(
    db: &Db,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
    shared: &Shared,
    currency: &str,
) -> Result<Counted> {
    // However this ends, the other reader stops waiting for the new
    // clients.
    let _unblock = Unblock(&shared.ids);
    let mine = |id: i64| mine(who, id);
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    // The new clients first (the other reader finds whose histories to
    // share meanwhile). Over a short span what the few paid comes from the
    // other reader; over a long one what each paid is met here in one pass
    // of the payments by client, rather than held for the whole base
    // there.
    let [now_new, before_new] = periods.map(|p| Newcomers::read(db, p, &mine));
    let mut created = [now_new?, before_new?];
    let _ = shared
        .ids
        .set(Some(created.each_ref().map(|n| Arc::clone(&n.ids))));
    if !few_new(periods) {
        let mut cursors = [0usize; 2];
        db.each_paid_sum_by_client(None, currency, &mut |client, sum| {
            for (new, at) in created.iter_mut().zip(&mut cursors) {
                new.paid_so_far(at, client, sum);
            }
            Ok(())
        })?;
    }
    let shares = share(db, periods, span, who, shared)?;
    let referrers: Vec<i64> = created
        .iter()
        .flat_map(|n| n.referred.iter().filter_map(|(_, by)| *by))
        .collect::<std::collections::BTreeSet<i64>>()
        .into_iter()
        .collect();
    Ok(Counted {
        counts: shares.counts,
        names: db.names(&referrers)?,
        created,
        stations,
        found: shares.found,
    })
}

/// One person's part of a report: their login and the cards they own.
pub(in crate::service) struct Whose<'a> {
    pub(super) login: &'a str,
    pub(super) cards: HashSet<i64>,
}

/// Whether client `id` counts in a report of `who` (everyone's: all).
fn mine(who: Option<&Whose>, id: i64) -> bool {
    who.is_none_or(|w| w.cards.contains(&id))
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

#[cfg(test)]
mod tests;
