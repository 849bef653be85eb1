//! What a report reads, over one snapshot on two connections: the new
//! clients on the first; whose histories are shared, the contacts,
//! payments, open stays and plans on the second; then the histories of
//! the periods, shared out between both a part at a time.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};

use super::super::Now;
use super::super::period::{Contacts, RevenueCount, bounds};
use super::days::Days;
use crate::domain::Stage;
use crate::domain::report::{Ending, Period, PeriodCount, Stay, stays_into};
use crate::error::Result;
use crate::store::{Db, Histories, PaidDay};

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
    /// paid.
    pub(super) ids: Ids,
    /// What each has paid so far (0: nothing), as `ids`.
    pub(super) paid: Vec<i64>,
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
        new.paid = vec![0; ids.len()];
        new.reach = vec![None; ids.len()];
        new.ids = Arc::new(ids);
        Ok(new)
    }

    /// Notes what `client` has paid so far, if it is one of these: paying
    /// clients met in client order, `at` walking the new ones alongside
    /// (no lookup per client).
    pub(super) fn paid_so_far(&mut self, at: &mut usize, client: i64, sum: i64) {
        if let Some(i) = meet(&self.ids, at, client) {
            self.paid[i] = sum;
        }
    }

    /// What new client `id` has paid so far.
    pub(super) fn paid_of(&self, id: i64) -> i64 {
        self.ids
            .binary_search_by_key(&id, |(id, _)| *id)
            .map_or(0, |i| self.paid[i])
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
    /// Over a short span, each paying client created in either period,
    /// with its sum, by id (over a long one: none, met on the first). The
    /// new clients are the first reader's: this one waits for them.
    pub(super) paid: Vec<(i64, i64)>,
}

pub(super) fn fetch(
    db: &Db,
    now: Now,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
    shared: &Shared,
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
        paid: match span.and_then(|_| shared.ids.wait().as_ref()) {
            Some(ids) => paid_by_new_clients(db, ids)?,
            None => Vec::new(),
        },
    })
}

/// What each of a short span's new clients (the first reader's, of both
/// periods) has paid so far, by id: their payments alone, a list of them
/// at a time bound as one value.
fn paid_by_new_clients(db: &Db, ids: &[Ids; 2]) -> Result<Vec<(i64, i64)>> {
    let mut new: Vec<i64> = ids
        .iter()
        .flat_map(|n| n.iter().map(|(id, _)| *id))
        .collect();
    new.sort_unstable();
    let mut paid = Vec::new();
    for list in new.chunks(CHUNK) {
        db.each_paid_sum_by_client(Some(list), &mut |client, sum| {
            paid.push((client, sum));
            Ok(())
        })?;
    }
    Ok(paid)
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
) -> Result<Counted> {
    // However this ends, the other reader stops waiting for the new
    // clients.
    let _unblock = Unblock(&shared.ids);
    let mine = |id: i64| mine(who, id);
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    // The new clients first (the other reader finds whose histories to
    // share meanwhile). Over a short span what the few paid comes from the
    // other reader; over a long one nearly every client is new, and what
    // each paid is met here in one pass of the payments by client, rather
    // than held for the whole base there.
    let [now_new, before_new] = periods.map(|p| Newcomers::read(db, p, &mine));
    let mut created = [now_new?, before_new?];
    let _ = shared
        .ids
        .set(Some(created.each_ref().map(|n| Arc::clone(&n.ids))));
    if span.is_none() {
        let mut cursors = [0usize; 2];
        db.each_paid_sum_by_client(None, &mut |client, sum| {
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

/// A report's histories, shared out between the two readers a part at a
/// time: each takes the next part when it has nothing else to read. Which
/// parts there are is read by whichever reader asks first (the second,
/// while the first reads the new clients); neither waits for the other's
/// own reading.
pub(super) struct Shared {
    /// The next part to take.
    next: AtomicUsize,
    /// The parts to take end before this one (all but in a test).
    end: usize,
    /// How many of a short span's changed clients make a part.
    chunk: usize,
    /// Whose histories are cut into parts (`None`: the reader that read
    /// it failed).
    parts: OnceLock<Option<Parts>>,
    /// The new clients of both periods, once the first reader has them
    /// (`None`: it failed), for what the second reads of their payments.
    ids: OnceLock<Option<[Ids; 2]>>,
}

/// Whose histories a report's parts hold.
#[derive(Clone)]
enum Parts {
    /// A short span's clients that changed place in it, in order: lists
    /// of them.
    Among(Vec<i64>),
    /// Everyone's, up to the last client id: [`PARTS`] ranges of ids.
    Ids(i64),
}

/// One part of the histories: a list of clients, or a range of ids.
enum Part<'a> {
    Among(&'a [i64]),
    Ids(i64, i64),
}

impl Part<'_> {
    fn histories(&self) -> Histories<'_> {
        match *self {
            Part::Among(ids) => Histories::Among(ids),
            Part::Ids(from, to) => Histories::Ids(from, to),
        }
    }

    /// Whether every client of this part comes before client `id`.
    fn ends_before(&self, id: i64) -> bool {
        match *self {
            Part::Ids(_, to) => to <= id,
            Part::Among(ids) => ids.last().is_some_and(|last| *last < id),
        }
    }
}

/// Sets the new clients the other reader waits for to none, if they are
/// not set when this is dropped: a first reader that failed leaves the
/// second one nothing to wait for.
struct Unblock<'a>(&'a OnceLock<Option<[Ids; 2]>>);

impl Drop for Unblock<'_> {
    fn drop(&mut self) {
        let _ = self.0.set(None);
    }
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::parts(0..usize::MAX, CHUNK)
    }
}

/// How many ranges of client ids a long span's histories are read in.
const PARTS: usize = 64;

/// How many of a short span's changed clients are read at once (a week at
/// a million: some 135 000 in 34 parts).
const CHUNK: usize = 4096;

impl Shared {
    /// The parts `parts` to take, `chunk` changed clients each.
    fn parts(parts: std::ops::Range<usize>, chunk: usize) -> Shared {
        Shared {
            next: AtomicUsize::new(parts.start),
            end: parts.end,
            chunk,
            parts: OnceLock::new(),
            ids: OnceLock::new(),
        }
    }

    /// Whose histories the parts hold, read by the first reader to ask
    /// (the other waits for it): over a short span the clients that
    /// changed place in it, over a long one the last client id. `None`:
    /// the other reader failed to read it (its error ends the report).
    fn whose(
        &self,
        db: &Db,
        span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> Result<Option<&Parts>> {
        let mut failed = None;
        let parts = self.parts.get_or_init(|| {
            let read = match span {
                Some((since, until)) => db.changed_clients(since, until).map(Parts::Among),
                None => db.last_client_id().map(Parts::Ids),
            };
            read.map_err(|e| failed = Some(e)).ok()
        });
        match failed {
            Some(e) => Err(e),
            None => Ok(parts.as_ref()),
        }
    }

    /// The next part not yet taken, with its number, if any is left: a
    /// list of changed clients, or a range of ids (of [`PARTS`], the last
    /// one open-ended).
    fn take<'p>(&self, parts: &'p Parts) -> Option<(usize, Part<'p>)> {
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        if at >= self.end {
            return None;
        }
        self.part(parts, at).map(|part| (at, part))
    }

    /// Part number `at` of `parts`, if there is one.
    fn part<'p>(&self, parts: &'p Parts, at: usize) -> Option<Part<'p>> {
        match parts {
            Parts::Among(changed) => {
                let from = at.checked_mul(self.chunk)?;
                let chunk = changed.get(from..(from + self.chunk).min(changed.len()))?;
                (!chunk.is_empty()).then_some(Part::Among(chunk))
            }
            Parts::Ids(last) => {
                let step = last / PARTS as i64 + 1;
                let bound = |p: usize| match p {
                    0 => i64::MIN,
                    p if p >= PARTS => i64::MAX,
                    p => p as i64 * step,
                };
                (at < PARTS).then(|| Part::Ids(bound(at), bound(at + 1)))
            }
        }
    }
}

/// What one reader counted of the histories it took: its share of both
/// periods' counts, and how far each client of its parts got.
pub(super) struct Shares {
    pub(super) counts: [PeriodCount; 2],
    found: Vec<(usize, Found)>,
}

/// Takes parts of the histories while any is left, and counts them: the
/// first reader once it has the new clients, the second once its own
/// reading is done (none left if the other reader failed).
pub(super) fn share(
    db: &Db,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    who: Option<&Whose>,
    shared: &Shared,
) -> Result<Shares> {
    let stations: Vec<Stage> = db.conveyor()?.enabled().collect();
    let mut shares = Shares {
        counts: periods.map(|p| PeriodCount::new(p, &stations)),
        found: Vec::new(),
    };
    let Some(parts) = shared.whose(db, span)? else {
        return Ok(shares);
    };
    let days = Days::new(periods[1].from, periods[0].to);
    while let Some((at, part)) = shared.take(parts) {
        let mut found = match part {
            Part::Among(ids) => Found::listed(ids),
            Part::Ids(..) => Found::Dense(i64::MIN, Vec::new()),
        };
        let mut tally = Tally {
            counts: &mut shares.counts,
            found: &mut found,
            ids: match part {
                Part::Among(ids) => Some(ids),
                Part::Ids(..) => None,
            },
            stays: Vec::new(),
            days: &days,
            who,
        };
        db.histories(part.histories(), &mut |e| tally.add(e))?;
        shares.found.push((at, found));
    }
    Ok(shares)
}

impl Counted {
    /// Adds what the second reader counted of the histories, and notes how
    /// far each new client got from what both readers found of its parts.
    pub(super) fn join(&mut self, theirs: Shares, shared: &Shared) {
        for (mine, theirs) in self.counts.iter_mut().zip(theirs.counts) {
            mine.merge(theirs);
        }
        let mut found = std::mem::take(&mut self.found);
        found.extend(theirs.found);
        found.sort_unstable_by_key(|(at, _)| *at);
        let Some(Some(parts)) = shared.parts.get() else {
            return;
        };
        for new in &mut self.created {
            let mut i = 0;
            for ((id, _), reach) in new.ids.iter().zip(new.reach.iter_mut()) {
                // The parts are in id order: those wholly before this
                // client are passed for good.
                while let Some((at, _)) = found.get(i)
                    && shared.part(parts, *at).is_none_or(|p| p.ends_before(*id))
                {
                    i += 1;
                }
                *reach = found
                    .get(i)
                    .and_then(|(at, f)| f.of(*id, shared.part(parts, *at).as_ref()));
            }
        }
    }
}

/// How far each client of one part got, as a byte per client: none (0),
/// or its furthest station and whether it is lost now
/// ([`reached`]/[`reach_of`]).
enum Found {
    /// A list's clients, in the list's order.
    Listed(Vec<u8>, usize),
    /// A range's clients from the first one met (an id) on, one byte per
    /// id: a range is nearly all clients, and a byte each is less than a
    /// list of them.
    Dense(i64, Vec<u8>),
    /// A range whose ids are far apart (written by hand): those met.
    Sparse(Vec<(i64, u8)>),
}

/// The most ids left between two clients of a range before its bytes are
/// kept per client met instead of per id.
const GAP: i64 = 4096;

impl Found {
    fn listed(ids: &[i64]) -> Found {
        Found::Listed(vec![0; ids.len()], 0)
    }

    /// Notes client `id` (met in id order, in a list `ids` or a range).
    fn note(&mut self, ids: Option<&[i64]>, id: i64, byte: u8) {
        match self {
            Found::Listed(bytes, at) => {
                let ids = ids.unwrap_or_default();
                while ids.get(*at).is_some_and(|c| *c < id) {
                    *at += 1;
                }
                if ids.get(*at) == Some(&id)
                    && let Some(b) = bytes.get_mut(*at)
                {
                    *b = byte;
                }
            }
            Found::Dense(first, bytes) => {
                if bytes.is_empty() {
                    *first = id;
                }
                let gap = id - *first - bytes.len() as i64;
                if gap > GAP + bytes.len() as i64 {
                    let met = (*first..)
                        .zip(bytes.iter().copied())
                        .filter(|(_, b)| *b != 0);
                    *self = Found::Sparse(met.chain([(id, byte)]).collect());
                    return;
                }
                bytes.extend(std::iter::repeat_n(0, gap.max(0) as usize));
                bytes.push(byte);
            }
            Found::Sparse(met) => met.push((id, byte)),
        }
    }

    /// How far client `id` got, if it is one of this part's.
    fn of(&self, id: i64, part: Option<&Part>) -> Option<(Stage, bool)> {
        let byte = match (self, part) {
            (Found::Listed(bytes, _), Some(Part::Among(ids))) => {
                bytes.get(ids.binary_search(&id).ok()?).copied()
            }
            (Found::Dense(first, bytes), Some(Part::Ids(from, to)))
                if (*from..*to).contains(&id) =>
            {
                bytes
                    .get(usize::try_from(id.checked_sub(*first)?).ok()?)
                    .copied()
            }
            (Found::Sparse(met), Some(Part::Ids(from, to))) if (*from..*to).contains(&id) => met
                .binary_search_by_key(&id, |(c, _)| *c)
                .ok()
                .map(|i| met[i].1),
            _ => None,
        };
        reach_of(byte?)
    }
}

/// A client's furthest station and whether it is lost now, as a byte
/// (0: none).
fn reached(reach: Option<(Stage, bool)>) -> u8 {
    reach.map_or(0, |(stage, lost)| {
        let at = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0) as u8;
        1 + 2 * at + u8::from(lost)
    })
}

/// [`reached`] read back.
fn reach_of(byte: u8) -> Option<(Stage, bool)> {
    let at = byte.checked_sub(1)?;
    Some((*Stage::ALL.get(usize::from(at / 2))?, at % 2 == 1))
}

/// The counting of histories as they pass, one client at a time.
struct Tally<'a, 'w> {
    counts: &'a mut [PeriodCount; 2],
    found: &'a mut Found,
    /// A list's clients, as the part holds them (a range's: none).
    ids: Option<&'a [i64]>,
    /// The stays of the client passing, in a buffer used again for the
    /// next.
    stays: Vec<Stay>,
    days: &'a Days,
    who: Option<&'a Whose<'w>>,
}

impl Tally<'_, '_> {
    fn add(&mut self, entries: &[crate::domain::report::Entry]) -> Result<()> {
        let client = entries.first().map_or(0, |e| e.client);
        if !mine(self.who, client) {
            return Ok(());
        }
        stays_into(entries, &mut self.stays);
        let days = self.days;
        PeriodCount::add_to(self.counts, entries, &self.stays, &|t| days.day_of(t));
        self.found
            .note(self.ids, client, reached(furthest(&self.stays)));
        Ok(())
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
pub(super) struct Whose<'a> {
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
