//! ABC(D) segments (docs/terms.md): computed from the last 365 days' paid
//! orders in the default currency; a manual override with a note wins
//! until it expires, and both are shown.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::Now;
use crate::config::SegmentsConfig;
use crate::domain::segment::{Segment, classify};
use crate::domain::{Stage, Status};
use crate::error::{Error, Result};
use crate::store::{Named, SegmentOverride, Store};

/// An override as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub segment: Segment,
    pub note: Option<String>,
    pub until: Option<NaiveDate>,
}

/// A client's class: the one that holds, the computed one, the override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentRow {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub status: Status,
    pub segment: Segment,
    pub computed: Option<Segment>,
    pub revenue_minor: i64,
    #[serde(rename = "override")]
    pub manual: Option<Override>,
}

/// The window's first day: payments on or after it count.
fn window_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(365)
}

fn active(o: &SegmentOverride, today: NaiveDate) -> bool {
    o.until.is_none_or(|until| until >= today)
}

/// What every segment question starts from: each paying client's revenue
/// in the window, its computed class (ranked, highest revenue first) and
/// the overrides in force today.
struct Ranking {
    /// By client id (looked up by a binary search: a map of them, at a
    /// million generated clients 117 000 payers, took twice the room).
    revenue: Vec<(i64, i64)>,
    computed: Vec<(i64, Segment)>,
    overrides: HashMap<i64, SegmentOverride>,
}

/// A paying client's revenue in the window, from `revenue` by id.
fn revenue_of(revenue: &[(i64, i64)], id: i64) -> Option<i64> {
    revenue
        .binary_search_by_key(&id, |(client, _)| *client)
        .ok()
        .map(|i| revenue[i].1)
}

impl Ranking {
    fn read(
        store: &Store,
        now: Now,
        currency: &str,
        thresholds: SegmentsConfig,
    ) -> Result<Ranking> {
        let db = store.read();
        let today = now.today();
        let revenues = db.revenue_since(window_start(today), currency)?;
        Ok(Ranking {
            computed: classify(&revenues, thresholds.a, thresholds.b),
            revenue: revenues,
            overrides: db
                .segment_overrides()?
                .into_iter()
                .filter(|(_, o)| active(o, today))
                .collect(),
        })
    }

    /// Each client's class in force: its override's, else its computed one.
    fn in_force(&self) -> HashMap<i64, Segment> {
        let mut map: HashMap<i64, Segment> = self.computed.iter().copied().collect();
        map.extend(self.overrides.iter().map(|(id, o)| (*id, o.segment)));
        map
    }
}

/// Every client that ever paid (ranked: highest revenue first) and every
/// client with an override in force.
pub fn segments(
    store: &Store,
    now: Now,
    currency: &str,
    thresholds: SegmentsConfig,
) -> Result<Vec<SegmentRow>> {
    let Ranking {
        revenue,
        computed,
        overrides,
    } = Ranking::read(store, now, currency, thresholds)?;
    let mut ids: Vec<(i64, Option<Segment>)> =
        computed.into_iter().map(|(id, s)| (id, Some(s))).collect();
    let mut manual_only: Vec<i64> = overrides
        .keys()
        .filter(|id| revenue_of(&revenue, **id).is_none())
        .copied()
        .collect();
    manual_only.sort_unstable();
    ids.extend(manual_only.into_iter().map(|id| (id, None)));
    // Read in id order: neighbouring rows share pages.
    let mut lookup: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
    lookup.sort_unstable();
    let clients = store.read().named(&lookup)?;
    let by_id: HashMap<i64, _> = clients.into_iter().map(|c| (c.id, c)).collect();
    Ok(ids
        .into_iter()
        .filter_map(|(id, computed)| {
            let revenue = revenue_of(&revenue, id).unwrap_or_default();
            Some(row(by_id.get(&id)?, computed, revenue, overrides.get(&id)))
        })
        .collect())
}

/// One client's line of the segments (`None`: it never paid and has no
/// class set by hand): for one that has, the whole ranking is computed,
/// no other name read.
pub fn segment_of(
    store: &Store,
    now: Now,
    id: i64,
    currency: &str,
    thresholds: SegmentsConfig,
) -> Result<Option<SegmentRow>> {
    // One that never paid and has no class set by hand has none: only
    // another's needs every payer ranked (at a million clients, most of
    // a `show`).
    let today = now.today();
    let db = store.read();
    if !db.ever_paid(id)?
        && !db
            .segment_overrides()?
            .iter()
            .any(|(c, o)| *c == id && active(o, today))
    {
        return Ok(None);
    }
    let ranking = Ranking::read(store, now, currency, thresholds)?;
    let revenue = revenue_of(&ranking.revenue, id);
    let computed = ranking
        .computed
        .iter()
        .find(|(c, _)| *c == id)
        .map(|(_, s)| *s);
    let manual = ranking.overrides.get(&id);
    if revenue.is_none() && manual.is_none() {
        return Ok(None);
    }
    let named = store
        .read()
        .named(&[id])?
        .pop()
        .ok_or(Error::NoClient(id))?;
    Ok(Some(row(
        &named,
        computed,
        revenue.unwrap_or_default(),
        manual,
    )))
}

/// A client's line: the class in force (the override's, else the computed
/// one, else D), with both shown.
fn row(
    c: &Named,
    computed: Option<Segment>,
    revenue_minor: i64,
    manual: Option<&SegmentOverride>,
) -> SegmentRow {
    let manual = manual.map(|o| Override {
        segment: o.segment,
        note: o.note.clone(),
        until: o.until,
    });
    let segment = manual
        .as_ref()
        .map(|o| o.segment)
        .or(computed)
        .unwrap_or(Segment::D);
    SegmentRow {
        id: c.id,
        name: c.name.clone(),
        stage: c.stage,
        status: c.status,
        segment,
        computed,
        revenue_minor,
        manual,
    }
}

/// Each client's class in force, for badges and listings (no names read).
pub fn segment_map(
    store: &Store,
    now: Now,
    currency: &str,
    thresholds: SegmentsConfig,
) -> Result<HashMap<i64, Segment>> {
    Ok(Ranking::read(store, now, currency, thresholds)?.in_force())
}

/// How many clients a class holds and their revenue in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SegmentCount {
    pub segment: Segment,
    pub clients: i64,
    pub revenue_minor: i64,
}

/// The classes A to D in force, counted (the reports screen's ABC table).
pub fn segment_summary(
    store: &Store,
    now: Now,
    currency: &str,
    thresholds: SegmentsConfig,
) -> Result<Vec<SegmentCount>> {
    let ranking = Ranking::read(store, now, currency, thresholds)?;
    let (map, revenue) = (ranking.in_force(), ranking.revenue);
    let mut out: Vec<SegmentCount> = [Segment::A, Segment::B, Segment::C, Segment::D]
        .into_iter()
        .map(|segment| SegmentCount {
            segment,
            clients: 0,
            revenue_minor: 0,
        })
        .collect();
    for (id, segment) in map {
        let row = &mut out[segment as usize];
        row.clients += 1;
        row.revenue_minor = row
            .revenue_minor
            .saturating_add(revenue_of(&revenue, id).unwrap_or(0));
    }
    Ok(out)
}

/// Sets a manual class (with a note and an expiry) or, with `None`, goes
/// back to the computed one.
pub fn set_segment(
    store: &mut Store,
    id: i64,
    segment: Option<Segment>,
    note: Option<&str>,
    until: Option<NaiveDate>,
) -> Result<()> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    store.write(|db| {
        db.client(id)?;
        db.set_segment_override(id, segment, note, until)
    })
}
