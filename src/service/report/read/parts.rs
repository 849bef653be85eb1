//! A report's histories shared out between its two readers a part at a
//! time, and how far each client of a part got, found again for the new
//! clients once both are done.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};

use super::super::days::Days;
use super::{Counted, Ids, Whose, mine};
use crate::domain::Stage;
use crate::domain::report::{Ending, Period, PeriodCount, Stay, stays_into};
use crate::error::Result;
use crate::service::period::id_range;
use crate::store::{Db, Histories};

/// A report's histories, shared out between the two readers a part at a
/// time: each takes the next part when it has nothing else to read. Which
/// parts there are is read by whichever reader asks first (the second,
/// while the first reads the new clients); neither waits for the other's
/// own reading.
pub(in crate::service::report) struct Shared {
    /// The next part to take.
    next: AtomicUsize,
    /// The parts to take end before this one (all but in a test).
    end: usize,
    /// How many of a span's changed clients make a part.
    chunk: usize,
    /// Whose histories are cut into parts (`None`: the reader that read
    /// it failed).
    pub(super) parts: OnceLock<Option<Parts>>,
    /// The new clients of both periods, once the first reader has them
    /// (`None`: it failed), for what the second reads of their payments.
    pub(super) ids: OnceLock<Option<[Ids; 2]>>,
}

/// Whose histories a report's parts hold.
#[derive(Clone)]
pub(super) enum Parts {
    /// A span's clients that changed place in it, in order: lists
    /// of them.
    Among(Vec<i64>),
    /// Everyone's, up to the last client id: [`PARTS`] ranges of ids.
    ///
    /// [`PARTS`]: crate::service::period::PARTS
    Ids(i64),
}

/// One part of the histories: a list of clients, or a range of ids.
pub(super) enum Part<'a> {
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
    pub(super) fn ends_before(&self, id: i64) -> bool {
        match *self {
            Part::Ids(_, to) => to <= id,
            Part::Among(ids) => ids.last().is_some_and(|last| *last < id),
        }
    }
}

/// Sets the new clients the other reader waits for to none, if they are
/// not set when this is dropped: a first reader that failed leaves the
/// second one nothing to wait for.
pub(super) struct Unblock<'a>(pub(super) &'a OnceLock<Option<[Ids; 2]>>);

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

/// How many of a span's changed clients are read at once (a week at
/// a million: some 135 000 in 34 parts).
pub(super) const CHUNK: usize = 4096;

impl Shared {
    /// The parts `parts` to take, `chunk` changed clients each.
    pub(super) fn parts(parts: std::ops::Range<usize>, chunk: usize) -> Shared {
        Shared {
            next: AtomicUsize::new(parts.start),
            end: parts.end,
            chunk,
            parts: OnceLock::new(),
            ids: OnceLock::new(),
        }
    }

    /// Whose histories the parts hold, read by the first reader to ask
    /// (the other waits for it): given a span, the clients that changed
    /// place in it, else the last client id. `None`:
    /// the other reader failed to read it (its error ends the report).
    pub(super) fn whose(
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
    ///
    /// [`PARTS`]: crate::service::period::PARTS
    fn take<'p>(&self, parts: &'p Parts) -> Option<(usize, Part<'p>)> {
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        if at >= self.end {
            return None;
        }
        self.part(parts, at).map(|part| (at, part))
    }

    /// Part number `at` of `parts`, if there is one.
    pub(super) fn part<'p>(&self, parts: &'p Parts, at: usize) -> Option<Part<'p>> {
        match parts {
            Parts::Among(changed) => {
                let from = at.checked_mul(self.chunk)?;
                let chunk = changed.get(from..(from + self.chunk).min(changed.len()))?;
                (!chunk.is_empty()).then_some(Part::Among(chunk))
            }
            Parts::Ids(last) => id_range(*last, at).map(|(from, to)| Part::Ids(from, to)),
        }
    }
}

/// What one reader counted of the histories it took: its share of both
/// periods' counts, and how far each client of its parts got.
pub(in crate::service::report) struct Shares {
    pub(super) counts: [PeriodCount; 2],
    pub(super) found: Vec<(usize, Found)>,
}

/// Takes parts of the histories while any is left, and counts them: the
/// first reader once it has the new clients, the second once its own
/// reading is done (none left if the other reader failed).
pub(in crate::service::report) fn share(
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
    pub(in crate::service::report) fn join(&mut self, theirs: Shares, shared: &Shared) {
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
pub(super) enum Found {
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
pub(super) const GAP: i64 = 4096;

impl Found {
    pub(super) fn listed(ids: &[i64]) -> Found {
        Found::Listed(vec![0; ids.len()], 0)
    }

    /// Notes client `id` (met in id order, in a list `ids` or a range).
    pub(super) fn note(&mut self, ids: Option<&[i64]>, id: i64, byte: u8) {
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
    pub(super) fn of(&self, id: i64, part: Option<&Part>) -> Option<(Stage, bool)> {
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
pub(super) fn reached(reach: Option<(Stage, bool)>) -> u8 {
    reach.map_or(0, |(stage, lost)| {
        let at = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0) as u8;
        1 + 2 * at + u8::from(lost)
    })
}

/// [`reached`] read back.
pub(super) fn reach_of(byte: u8) -> Option<(Stage, bool)> {
    let at = byte.checked_sub(1)?;
    Some((*Stage::ALL.get(usize::from(at / 2))?, at % 2 == 1))
}

/// The counting of histories as they pass, one client at a time.
pub(super) struct Tally<'a, 'w> {
    pub(super) counts: &'a mut [PeriodCount; 2],
    pub(super) found: &'a mut Found,
    /// A list's clients, as the part holds them (a range's: none).
    pub(super) ids: Option<&'a [i64]>,
    /// The stays of the client passing, in a buffer used again for the
    /// next.
    pub(super) stays: Vec<Stay>,
    pub(super) days: &'a Days,
    pub(super) who: Option<&'a Whose<'w>>,
}

impl Tally<'_, '_> {
    pub(super) fn add(&mut self, entries: &[crate::domain::report::Entry]) -> Result<()> {
        let client = entries.first().map_or(0, |e| e.client);
        if !mine(self.who, client) {
            return Ok(());
        }
        stays_into(entries, &mut self.stays);
        let days = self.days;
        PeriodCount::add_to(self.counts, entries, &self.stays, &|t| days.in_span(t));
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
