//! The definitions behind reports (docs/terms.md): periods, stays, flow
//! and time per station, as pure functions of the timeline — no SQL, no
//! clock: days are computed by a function the caller passes (`day_of`: an
//! instant's local day, or `None` outside every period the caller
//! counts). Plans are `plan.rs`'s, segments `segment.rs`'s.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, IsoWeek, NaiveDate, Utc, Weekday};
use serde::Serialize;

use super::error::DomainError as Error;
use super::stage::Stage;

/// A report's period: `[from, to]`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A calendar month: its previous period is the previous month.
    #[serde(skip)]
    pub month: bool,
}

impl Period {
    /// The ISO week (Monday first) that holds `day`.
    pub fn week_of(day: NaiveDate) -> Period {
        let monday = day.week(Weekday::Mon).first_day();
        Period {
            from: monday,
            to: monday + Duration::days(6),
            month: false,
        }
    }

    /// `2026-W48`.
    pub fn parse_week(input: &str) -> Result<Period, Error> {
        let bad = || Error::BadPeriod(input.to_string());
        let (year, week) = input.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
        Ok(Period::week_of(monday))
    }

    /// `2026-11`.
    pub fn parse_month(input: &str) -> Result<Period, Error> {
        let bad = || Error::BadPeriod(input.to_string());
        let first = NaiveDate::parse_from_str(&format!("{}-01", input.trim()), "%Y-%m-%d")
            .map_err(|_| bad())?;
        Ok(Period::month_of(first))
    }

    fn month_of(first: NaiveDate) -> Period {
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Period {
            from: first,
            to: next.pred_opt().unwrap_or(first),
            month: true,
        }
    }

    /// `[from, to]`, refused when `to` is before `from`.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, Error> {
        if to < from {
            return Err(Error::BadPeriod(format!("{from} .. {to}")));
        }
        Ok(Period {
            from,
            to,
            month: false,
        })
    }

    /// How many days the period holds.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period before: the previous calendar month for a month, else
    /// the same number of days just before.
    pub fn previous(&self) -> Period {
        self.shifted(false)
    }

    /// The period after: the next calendar month for a month, else the
    /// same number of days just after.
    pub fn next(&self) -> Period {
        self.shifted(true)
    }

    fn shifted(&self, forward: bool) -> Period {
        if self.month {
            let one = chrono::Months::new(1);
            let first = match forward {
                true => self.from.checked_add_months(one),
                false => self.from.checked_sub_months(one),
            };
            return Period::month_of(first.unwrap_or(self.from));
        }
        let step = Duration::days(if forward { self.days() } else { -self.days() });
        Period {
            from: self.from + step,
            to: self.to + step,
            month: false,
        }
    }

    /// The calendar month that holds `day`.
    pub fn month_holding(day: NaiveDate) -> Period {
        Period::month_of(day.with_day(1).unwrap_or(day))
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }

    /// The ISO week key of a week period's Monday: `2026-W48`.
    pub fn week_key(week: IsoWeek) -> String {
        format!("{}-W{:02}", week.year(), week.week())
    }
}

/// What happened to a client on the conveyor, from its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageEvent {
    Created(Stage),
    Moved { from: Stage, to: Stage },
    Lost { reason: Option<String> },
    Revived,
}

/// One timeline entry that changes a client's place on the conveyor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub client: i64,
    pub at: DateTime<Utc>,
    pub event: StageEvent,
}

/// How a stay ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Advanced,
    MovedBack,
    Lost,
}

/// The time a client spends in one station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    pub client: i64,
    pub stage: Stage,
    pub start: DateTime<Utc>,
    pub end: Option<(DateTime<Utc>, Ending)>,
    /// Why, when the stay ended with a loss.
    pub lost_reason: Option<String>,
}

/// Every stay, from entries sorted by client, then time (then id): a stay
/// begins when the client is created in a station, moved into it or
/// revived in it, and ends at the next move out of it or at the loss; a
/// client has one open stay at most.
pub fn stays(entries: &[Entry]) -> Vec<Stay> {
    let mut out = Vec::new();
    stays_into(entries, &mut out);
    out
}

/// [`stays`] into `out` (emptied first): one buffer for client after
/// client.
pub fn stays_into(entries: &[Entry], out: &mut Vec<Stay>) {
    out.clear();
    // The client's open stay (an index into `out`) and its last station.
    let mut open: Option<(i64, usize)> = None;
    let mut last: Option<(i64, Stage)> = None;
    fn close(out: &mut [Stay], open: &mut Option<(i64, usize)>, at: DateTime<Utc>, how: Ending) {
        if let Some((_, i)) = open.take() {
            out[i].end = Some((at, how));
        }
    }
    for e in entries {
        if open.is_some_and(|(c, _)| c != e.client) {
            open = None;
        }
        let start = match &e.event {
            // One station at a time: a making while a stay is open (a
            // merged duplicate's, on the kept card's timeline) begins
            // none, and the next move ends the one open.
            StageEvent::Created(_) if open.is_some() => None,
            StageEvent::Created(stage) => Some(*stage),
            StageEvent::Moved { from, to } => {
                let how = if to > from {
                    Ending::Advanced
                } else {
                    Ending::MovedBack
                };
                close(out, &mut open, e.at, how);
                Some(*to)
            }
            StageEvent::Lost { reason } => {
                if let Some((_, i)) = open {
                    out[i].lost_reason = reason.clone();
                }
                close(out, &mut open, e.at, Ending::Lost);
                None
            }
            // Back in the station where it was lost (unless in one).
            StageEvent::Revived if open.is_some() => None,
            StageEvent::Revived => last.filter(|(c, _)| *c == e.client).map(|(_, s)| s),
        };
        if let Some(stage) = start {
            open = Some((e.client, out.len()));
            last = Some((e.client, stage));
            out.push(Stay {
                client: e.client,
                stage,
                start: e.at,
                end: None,
                lost_reason: None,
            });
        }
    }
}

/// The `p`-quantile (0..=1) of sorted values, interpolating linearly
/// between the closest ranks; `None` for no values.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = p.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (a, b) = (sorted[lo], sorted[hi.min(last)]);
    Some(a + (b - a) * (pos - lo as f64))
}

/// The `p`-quantile of durations in seconds, in days, as [`quantile`]
/// gives it of them sorted and turned into days as [`days_between`] does
/// (the same order): the two values it falls between are picked out
/// without sorting the rest (`secs` is reordered). A year at a million
/// clients ends a million stays; sorting them took a fifth of what
/// follows the reading.
pub fn quantile_days(secs: &mut [i32], p: f64) -> Option<f64> {
    let last = secs.len().checked_sub(1)?;
    let pos = p.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (pos.floor() as usize, (pos.ceil() as usize).min(last));
    let (below, at_hi, _) = secs.select_nth_unstable(hi);
    let b = *at_hi;
    // The one before it in order, if it falls between two.
    let a = match lo < hi {
        true => below.iter().copied().max().unwrap_or(b),
        false => b,
    };
    let (a, b) = (f64::from(a) / 86_400.0, f64::from(b) / 86_400.0);
    Some(a + (b - a) * (pos - lo as f64))
}

/// Rounds to one decimal.
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rounds to two decimals.
pub fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Fractional days between two instants.
pub fn days_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_seconds() as f64 / 86_400.0
}

/// A station's row of the flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowRow {
    pub stage: Stage,
    pub entered: i64,
    pub advanced: i64,
    pub moved_back: i64,
    pub lost: i64,
    pub still_there: i64,
    pub conversion: Option<f64>,
    pub skipped: i64,
}

/// The flow per enabled station: stays that began in the period and what
/// became of them by now; `skipped` counts forward moves in the period that
/// jumped over the station.
pub fn flow(
    stays: &[Stay],
    entries: &[Entry],
    stations: &[Stage],
    period: Period,
    day_of: &impl Fn(DateTime<Utc>) -> Option<NaiveDate>,
) -> Vec<FlowRow> {
    let mut count = PeriodCount::new(period, stations);
    count.add(entries, stays, day_of);
    count.flow()
}

/// Time spent in a station.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeRow {
    pub stage: Stage,
    pub n: i64,
    pub median_days: Option<f64>,
    pub p75_days: Option<f64>,
    pub open_median_days: Option<f64>,
}

/// Per station: the stays that ended in the period (median, p75, n). The
/// open stays' median is the caller's: it is about every client as it is
/// now, not about the stays a report reads.
pub fn time_per_station(
    stays: &[Stay],
    stations: &[Stage],
    period: Period,
    day_of: &impl Fn(DateTime<Utc>) -> Option<NaiveDate>,
) -> Vec<TimeRow> {
    let mut count = PeriodCount::new(period, stations);
    count.add(&[], stays, day_of);
    count.time()
}

/// What a report counts of one period as the clients' histories pass by,
/// one client at a time: the flow, the days of the stays that ended, the
/// losses by reason and station, the moves past qualification. What it
/// keeps grows with the period's events (a day per ended stay, a count per
/// reason), never with the number of clients.
#[derive(Debug, Clone)]
pub struct PeriodCount {
    period: Period,
    flow: Vec<FlowRow>,
    /// The seconds of the stays that ended in the period, per station (4
    /// bytes each: 68 years either way; a longer one counts as that).
    ended: Vec<Vec<i32>>,
    losses: BTreeMap<(Option<String>, Stage), i64>,
    qualified: i64,
}

impl PeriodCount {
    /// Nothing counted yet, for the enabled `stations`.
    pub fn new(period: Period, stations: &[Stage]) -> PeriodCount {
        PeriodCount {
            period,
            flow: stations
                .iter()
                .map(|&stage| FlowRow {
                    stage,
                    entered: 0,
                    advanced: 0,
                    moved_back: 0,
                    lost: 0,
                    still_there: 0,
                    conversion: None,
                    skipped: 0,
                })
                .collect(),
            ended: vec![Vec::new(); stations.len()],
            losses: BTreeMap::new(),
            qualified: 0,
        }
    }

    /// Counts a client's entries and the stays made of them (or several
    /// clients' together: every count is a sum over entries and stays).
    pub fn add(
        &mut self,
        entries: &[Entry],
        stays: &[Stay],
        day_of: &impl Fn(DateTime<Utc>) -> Option<NaiveDate>,
    ) {
        PeriodCount::add_to(std::slice::from_mut(self), entries, stays, day_of);
    }

    /// [`PeriodCount::add`] to each of `counts`, each instant's day found
    /// once for all of them.
    pub fn add_to(
        counts: &mut [PeriodCount],
        entries: &[Entry],
        stays: &[Stay],
        day_of: &impl Fn(DateTime<Utc>) -> Option<NaiveDate>,
    ) {
        for s in stays {
            let began = day_of(s.start);
            let ended = s.end.map(|(at, how)| (at, how, day_of(at)));
            for c in counts.iter_mut() {
                c.stay(s, began, ended);
            }
        }
        for e in entries {
            let StageEvent::Moved { from, to } = e.event else {
                continue;
            };
            let mut day = None;
            for c in counts.iter_mut() {
                c.moved(from, to, &mut || *day.get_or_insert_with(|| day_of(e.at)));
            }
        }
    }

    /// Counts stay `s`, which began on day `began` and ended as `ended`
    /// says (when, how, on which day), if it did (a day `None`: outside
    /// every period counted).
    fn stay(
        &mut self,
        s: &Stay,
        began: Option<NaiveDate>,
        ended: Option<(DateTime<Utc>, Ending, Option<NaiveDate>)>,
    ) {
        let period = self.period;
        // A station switched off since: its losses still count.
        let i = self.flow.iter().position(|r| r.stage == s.stage);
        if let Some(row) = i.map(|i| &mut self.flow[i])
            && began.is_some_and(|d| period.contains(d))
        {
            row.entered += 1;
            match s.end {
                None => row.still_there += 1,
                Some((_, Ending::Advanced)) => row.advanced += 1,
                Some((_, Ending::MovedBack)) => row.moved_back += 1,
                Some((_, Ending::Lost)) => row.lost += 1,
            }
        }
        let Some((at, how, day)) = ended else {
            return;
        };
        if !day.is_some_and(|d| period.contains(d)) {
            return;
        }
        if let Some(i) = i {
            let secs = (at - s.start).num_seconds();
            let secs = i32::try_from(secs).unwrap_or(if secs > 0 { i32::MAX } else { i32::MIN });
            self.ended[i].push(secs);
        }
        if how == Ending::Lost {
            *self
                .losses
                .entry((s.lost_reason.clone(), s.stage))
                .or_default() += 1;
        }
    }

    /// Counts a move from `from` to `to` on the day `day` gives (asked
    /// only of a move that counts somewhere; `None`: outside every period
    /// counted).
    fn moved(&mut self, from: Stage, to: Stage, day: &mut dyn FnMut() -> Option<NaiveDate>) {
        let jumped = |r: &FlowRow| from < r.stage && r.stage < to;
        let qualifies = from < Stage::Hunter && to >= Stage::Hunter;
        if !(qualifies || self.flow.iter().any(jumped))
            || !day().is_some_and(|d| self.period.contains(d))
        {
            return;
        }
        self.qualified += i64::from(qualifies);
        for row in self.flow.iter_mut().filter(|r| jumped(r)) {
            row.skipped += 1;
        }
    }

    /// Adds what `other` counted of other clients in the same period.
    pub fn merge(&mut self, other: PeriodCount) {
        for (row, theirs) in self.flow.iter_mut().zip(&other.flow) {
            row.entered += theirs.entered;
            row.advanced += theirs.advanced;
            row.moved_back += theirs.moved_back;
            row.lost += theirs.lost;
            row.still_there += theirs.still_there;
            row.skipped += theirs.skipped;
        }
        for (ended, theirs) in self.ended.iter_mut().zip(other.ended) {
            ended.extend(theirs);
        }
        for (key, n) in other.losses {
            *self.losses.entry(key).or_default() += n;
        }
        self.qualified += other.qualified;
    }

    /// The flow per station, with each one's conversion.
    pub fn flow(&self) -> Vec<FlowRow> {
        let mut rows = self.flow.clone();
        for row in &mut rows {
            row.conversion =
                (row.entered > 0).then(|| two_decimals(row.advanced as f64 / row.entered as f64));
        }
        rows
    }

    /// The time per station of the stays that ended (no open median).
    pub fn time(&self) -> Vec<TimeRow> {
        self.flow
            .iter()
            .zip(&self.ended)
            .map(|(row, ended)| {
                let mut secs = ended.clone();
                TimeRow {
                    stage: row.stage,
                    n: secs.len() as i64,
                    median_days: quantile_days(&mut secs, 0.5).map(one_decimal),
                    p75_days: quantile_days(&mut secs, 0.75).map(one_decimal),
                    open_median_days: None,
                }
            })
            .collect()
    }

    /// Stays lost in the period, by reason and station.
    pub fn losses(&self) -> &BTreeMap<(Option<String>, Stage), i64> {
        &self.losses
    }

    /// The period counted.
    pub fn period(&self) -> Period {
        self.period
    }

    /// Moves in the period from before the hunter to the hunter or later.
    pub fn qualified(&self) -> i64 {
        self.qualified
    }
}

#[cfg(test)]
mod tests;
