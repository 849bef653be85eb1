//! `konveyer forecast`: what the open expected deals are worth, weighted
//! by the chance — measured from the conveyor's own stays over the last
//! weeks — that a client at their station makes a first payment.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::Now;
use super::period::{bounds, few_moved_since, id_range};
use super::plan::PlanRow;
use super::report::Days;
use crate::domain::forecast::{Ahead, Measuring, StationRow, forecast as weigh};
use crate::domain::plan::Metric;
use crate::domain::report::{Period, stays};
use crate::domain::{Stage, Status};
use crate::error::Result;
use crate::store::{Db, Histories, Store};

/// How many whole weeks before this one the conversions are measured
/// over, unless asked otherwise.
pub const FORECAST_WEEKS: u32 = 26;

/// The forecast (docs/terms.md; the JSON shape is a contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The window the conversions are measured over: the `weeks` whole
    /// weeks before this one.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub stations: Vec<StationRow>,
    pub ahead: Vec<Ahead>,
    /// The open deals in other currencies, left out of the weighing: per
    /// currency, how many and their sum (not in the JSON, whose shape is
    /// a contract).
    #[serde(skip)]
    pub left_out: Vec<(String, i64, i64)>,
}

impl Forecast {
    /// What every station's weighted deals add up to.
    pub fn weighted_minor(&self) -> i64 {
        self.stations
            .iter()
            .map(|s| s.weighted_minor)
            .fold(0, i64::saturating_add)
    }

    /// The expected first revenue of one period ahead (`2026-W49`,
    /// `2026-12`), if the forecast looks that far.
    pub fn ahead_in(&self, key: &str) -> Option<i64> {
        self.ahead
            .iter()
            .find(|a| a.period == key)
            .map(|a| a.expected_minor)
    }
}

/// Puts the forecast beside the plan's straight line: a week's first
/// revenue is its fact plus the first revenue the forecast expects in the
/// rest of that week (a week the forecast does not reach, or a past one,
/// has none).
pub fn with_forecast(rows: &mut [PlanRow], f: &Forecast, period: Period, today: NaiveDate) {
    let week = Period::week_of(period.from);
    if week != period || period.to < today {
        return;
    }
    let Some(expected) = f.ahead_in(&Period::week_key(period.from.iso_week())) else {
        return;
    };
    for row in rows.iter_mut().filter(|r| r.metric == Metric::FirstRevenue) {
        row.forecast = Some(row.fact.saturating_add(expected));
    }
}

/// The window of `weeks` whole weeks before the one holding `today`.
fn window(today: NaiveDate, weeks: u32) -> Result<Period> {
    let monday = Period::week_of(today).from;
    let from = monday - Duration::weeks(i64::from(weeks.max(1)));
    Ok(Period::range(from, monday - Duration::days(1))?)
}

/// The forecast as of `now`: the stations before the first payment, their
/// open clients' expected deals in `currency`, measured over `weeks`.
pub fn forecast(store: &Store, now: Now, weeks: u32, currency: &str) -> Result<Forecast> {
    let window = window(now.today(), weeks)?;
    let changed_first = few_moved_since(&store.read(), bounds(window).0)?;
    forecast_reading(store, now, window, currency, changed_first)
}

/// [`forecast`] measured over `window`: with `changed_first`, from the
/// histories of the clients that changed place in it alone, unless a
/// station's measure falls back to every stay; else from everyone's.
pub(super) fn forecast_reading(
    store: &Store,
    now: Now,
    window: Period,
    currency: &str,
    changed_first: bool,
) -> Result<Forecast> {
    let today = now.today();
    let db = store.read();
    let stations: Vec<Stage> = db
        .conveyor()?
        .enabled()
        .filter(|s| *s < Stage::Farmer)
        .collect();
    let mut clients = HashMap::new();
    for &stage in &stations {
        clients.insert(stage, db.count_clients(Some(stage), Some(Status::Active))?);
    }
    let days = Days::new(window.from, today);
    let reading = Reading {
        stations: &stations,
        window,
        days: &days,
    };
    // The stays that began in the window are those of the clients that
    // changed place in it. When those are few of the base (a million cold
    // rows that never moved), theirs alone are read, and everyone's only
    // if a station has too few of them for its own measure (its fallback
    // counts every stay). Else every client's history, one at a time:
    // over half a year of a generated conveyor nearly every client has a
    // place change in the window, and reading them all from the index in
    // order is quicker than picking those out (1 000 000 clients: 0.7 s
    // against 1.7 s).
    let (since, until) = bounds(window);
    let recent = match changed_first {
        true => {
            let mut measuring = Measuring::new(&stations, window);
            let changed = db.changed_clients(since, until)?;
            let first_paid = db.first_payment_days(i64::MIN, i64::MAX)?;
            let among = Histories::Among(&changed);
            reading.measure(&db, among, &first_paid, &mut measuring)?;
            Some(measuring)
        }
        false => None,
    };
    let measuring = match recent {
        Some(recent) if !recent.needs_every_stay() => recent,
        _ => reading.everyone(store)?,
    };
    let measured = measuring.measures();
    let (rows, ahead) = weigh(&measured, &clients, &db.open_deals(currency)?, today);
    Ok(Forecast {
        from: window.from,
        to: window.to,
        currency: currency.to_string(),
        stations: rows,
        ahead,
        left_out: db.deals_not_in(currency)?,
    })
}

/// What the forecast's readers of the histories share: the stations
/// measured, the window and the local days.
struct Reading<'a> {
    stations: &'a [Stage],
    window: Period,
    days: &'a Days,
}

impl Reading<'_> {
    /// Counts the stays of the clients `which` says into `measuring`, with
    /// their first payment days (`first_paid`, by client): both come in
    /// client order, and a cursor walks the one alongside the other.
    fn measure(
        &self,
        db: &Db,
        which: Histories,
        first_paid: &[(i64, NaiveDate)],
        measuring: &mut Measuring,
    ) -> Result<()> {
        let mut at = 0;
        let day_of = |s: &crate::domain::report::Stay| self.days.day_of(s.start);
        db.histories(which, &mut |entries| {
            let client = entries.first().map_or(0, |e| e.client);
            while first_paid.get(at).is_some_and(|(id, _)| *id < client) {
                at += 1;
            }
            let paid = first_paid
                .get(at)
                .filter(|(id, _)| *id == client)
                .map(|(_, day)| *day);
            measuring.add(&stays(entries), |_| paid, &day_of);
            Ok(())
        })
    }

    /// The stays of the clients with an id in `[from, to)` counted into
    /// `measuring`, with their own first payments.
    fn measure_range(
        &self,
        db: &Db,
        (from, to): (i64, i64),
        measuring: &mut Measuring,
    ) -> Result<()> {
        let first_paid = db.first_payment_days(from, to)?;
        self.measure(db, Histories::Ids(from, to), &first_paid, measuring)
    }

    /// Every client's stays counted: ranges of ids (their histories and
    /// first payments) that two readers of one snapshot take in turn until
    /// none is left (a generated million: most of the forecast's time),
    /// each counting its own, added up after.
    fn everyone(&self, store: &Store) -> Result<Measuring> {
        let last = store.read().last_client_id()?;
        let next = AtomicUsize::new(0);
        let read = |db: &Db| -> Result<Measuring> {
            let mut measuring = Measuring::new(self.stations, self.window);
            while let Some(ids) = id_range(last, next.fetch_add(1, Ordering::Relaxed)) {
                self.measure_range(db, ids, &mut measuring)?;
            }
            Ok(measuring)
        };
        let (mut here, there) = store.read_twice(read, read)?;
        here.merge(there);
        Ok(here)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::period::PARTS;

    /// Every client's stays read a range of ids at a time, the ranges cut
    /// anywhere between two readers (and shared out by two at once, as the
    /// forecast reads them), count as one reader's of everyone.
    #[test]
    fn everyones_stays_shared_between_two_readers_count_as_one_readers() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("k.db")).expect("store");
        let now = Now::parse("2026-11-23T10:00").expect("now");
        crate::generate::fill(&mut store, now, 3000).expect("gen");
        let window = window(now.today(), FORECAST_WEEKS).expect("window");
        let db = store.read();
        let stations: Vec<Stage> = db
            .conveyor()
            .expect("conveyor")
            .enabled()
            .filter(|s| *s < Stage::Farmer)
            .collect();
        let first_paid = db
            .first_payment_days(i64::MIN, i64::MAX)
            .expect("first payments");
        let days = Days::new(window.from, now.today());
        let reading = Reading {
            stations: &stations,
            window,
            days: &days,
        };
        let mut one = Measuring::new(&stations, window);
        reading
            .measure(&db, Histories::All, &first_paid, &mut one)
            .expect("everyone");
        let whole = one.measures();
        assert!(
            whole.iter().all(|(_, m)| m.stays > 50 && !m.fallback) && !first_paid.is_empty(),
            "{whole:?}"
        );
        let last = db.last_client_id().expect("last id");
        for cut in [0, 1, 17, PARTS - 1, PARTS] {
            let mut near = Measuring::new(&stations, window);
            let mut far = Measuring::new(&stations, window);
            for at in 0..PARTS {
                let ids = id_range(last, at).expect("a range");
                let part = if at < cut { &mut near } else { &mut far };
                reading.measure_range(&db, ids, part).expect("a range's");
            }
            near.merge(far);
            assert_eq!(near.measures(), whole, "cut at {cut}");
        }
        assert_eq!(reading.everyone(&store).expect("two").measures(), whole);
    }
}
