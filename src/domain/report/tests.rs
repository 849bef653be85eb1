//! The §6 definitions on small hand-made histories.

use chrono::{NaiveDate, TimeZone};

use super::*;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap()
}

fn day_of(t: DateTime<Utc>) -> Option<NaiveDate> {
    Some(t.date_naive())
}

fn entry(client: i64, t: DateTime<Utc>, event: StageEvent) -> Entry {
    Entry {
        client,
        at: t,
        event,
    }
}

use Stage::{Farmer as F, Hunter as H, Qualifier as Q, Telemarketer as T};

fn moved(from: Stage, to: Stage) -> StageEvent {
    StageEvent::Moved { from, to }
}

const STATIONS: [Stage; 4] = [T, Q, H, F];

/// The week of Monday 23 November 2026.
fn w48() -> Period {
    Period::parse_week("2026-W48").unwrap()
}

#[test]
fn periods_and_the_ones_before_them() {
    assert_eq!((w48().from, w48().to), (day(11, 23), day(11, 29)));
    let before = w48().previous();
    assert_eq!((before.from, before.to), (day(11, 16), day(11, 22)));
    let nov = Period::parse_month("2026-11").unwrap();
    assert_eq!((nov.from, nov.to), (day(11, 1), day(11, 30)));
    let oct = nov.previous();
    assert_eq!(
        (oct.from, oct.to),
        (day(10, 1), day(10, 31)),
        "a calendar month"
    );
    let range = Period::range(day(11, 10), day(11, 12)).unwrap();
    let before = range.previous();
    assert_eq!((before.from, before.to), (day(11, 7), day(11, 9)));
    assert!(Period::range(day(11, 12), day(11, 10)).is_err());
    assert!(Period::parse_week("2026-W54").is_err());
    assert!(Period::parse_month("2026-13").is_err());
}

#[test]
fn stepping_forward_undoes_stepping_back() {
    assert_eq!(w48().previous().next(), w48());
    let dec = Period::parse_month("2026-11").unwrap().next();
    assert_eq!((dec.from, dec.to), (day(12, 1), day(12, 31)));
    let jan = dec.next();
    assert_eq!(
        (jan.from.month(), jan.to.day(), jan.from.year()),
        (1, 31, 2027)
    );
    let feb = Period::month_holding(NaiveDate::from_ymd_opt(2027, 2, 14).unwrap());
    assert_eq!((feb.from.day(), feb.to.day(), feb.month), (1, 28, true));
    assert_eq!(feb.previous().next(), feb);
    let range = Period::range(day(11, 10), day(11, 12)).unwrap();
    assert_eq!(
        (range.next().from, range.next().to),
        (day(11, 13), day(11, 15))
    );
}

#[test]
fn a_stay_that_began_in_the_period_and_advanced_after_it_counts_as_advanced() {
    let entries = [
        entry(1, at(11, 24, 9), StageEvent::Created(T)),
        entry(1, at(12, 2, 9), moved(T, Q)),
    ];
    let stays = stays(&entries);
    let flow = flow(&stays, &entries, &STATIONS, w48(), &day_of);
    let t = &flow[0];
    assert_eq!((t.entered, t.advanced, t.still_there), (1, 1, 0));
    assert_eq!(t.conversion, Some(1.0));
    assert_eq!(
        flow[1].entered, 0,
        "the qualifier stay began after the period"
    );
    assert_eq!(flow[1].conversion, None);
}

#[test]
fn a_jump_over_two_stations_advances_the_source_and_skips_the_others() {
    let entries = [
        entry(1, at(11, 23, 9), StageEvent::Created(T)),
        entry(1, at(11, 24, 9), moved(T, F)),
    ];
    let stays = stays(&entries);
    let flow = flow(&stays, &entries, &STATIONS, w48(), &day_of);
    assert_eq!(flow[0].advanced, 1);
    assert_eq!((flow[1].skipped, flow[2].skipped), (1, 1));
    assert_eq!((flow[0].skipped, flow[3].skipped), (0, 0));
    assert_eq!(flow[3].entered, 1);
}

#[test]
fn moved_back_lost_and_revived_make_their_own_stays() {
    let entries = [
        entry(1, at(11, 23, 9), StageEvent::Created(Q)),
        entry(1, at(11, 23, 15), moved(Q, H)),
        entry(1, at(11, 24, 9), moved(H, Q)),
        entry(1, at(11, 25, 9), StageEvent::Lost { reason: None }),
        entry(1, at(11, 26, 9), StageEvent::Revived),
        entry(2, at(11, 23, 9), StageEvent::Created(T)),
    ];
    let stays = stays(&entries);
    assert_eq!(stays.len(), 5, "{stays:?}");
    let flow = flow(&stays, &entries, &STATIONS, w48(), &day_of);
    let q = &flow[1];
    // Q: created (advanced), back from H (lost), revived (still there).
    assert_eq!(
        (q.entered, q.advanced, q.moved_back, q.lost, q.still_there),
        (3, 1, 0, 1, 1)
    );
    assert_eq!((flow[2].entered, flow[2].moved_back), (1, 1));
    for row in &flow {
        assert_eq!(
            row.entered,
            row.advanced + row.moved_back + row.lost + row.still_there
        );
    }
}

/// A merged duplicate's making on the kept card's timeline begins no
/// stay: the card is in one station at a time, and its next move ends
/// the stay it is in — none is left open for good.
#[test]
fn a_merged_duplicates_making_begins_no_second_stay() {
    let entries = [
        entry(1, at(11, 23, 9), StageEvent::Created(T)),
        entry(1, at(11, 24, 9), StageEvent::Created(T)), // the duplicate's
        entry(1, at(11, 25, 9), moved(T, Q)),
        entry(1, at(11, 26, 9), StageEvent::Created(H)), // another's
        entry(1, at(11, 26, 10), StageEvent::Revived),
    ];
    let stays = stays(&entries);
    assert_eq!(stays.len(), 2, "{stays:?}");
    assert_eq!(stays.iter().filter(|s| s.end.is_none()).count(), 1);
    assert_eq!((stays[0].stage, stays[0].start), (T, at(11, 23, 9)));
    assert_eq!(stays[0].end, Some((at(11, 25, 9), Ending::Advanced)));
    let flow = flow(&stays, &entries, &STATIONS, w48(), &day_of);
    assert_eq!(
        flow[0].entered, flow[0].advanced,
        "nothing left at the first station"
    );
    assert_eq!((flow[1].entered, flow[1].still_there), (1, 1));
}

/// A caller that knows no day outside its span (a week's report): a stay
/// that began before it still counts where it ended, with its whole
/// length; what began or jumped after it counts nowhere.
#[test]
fn a_day_outside_the_span_counts_in_no_period() {
    let entries = [
        entry(1, at(10, 1, 0), StageEvent::Created(T)),
        entry(1, at(11, 24, 0), moved(T, Q)),
        entry(1, at(12, 2, 0), moved(Q, F)),
    ];
    let stays = stays(&entries);
    let span = |t: DateTime<Utc>| day_of(t).filter(|d| w48().contains(*d));
    let flow = flow(&stays, &entries, &STATIONS, w48(), &span);
    let entered: Vec<i64> = flow.iter().map(|r| r.entered).collect();
    assert_eq!(entered, [0, 1, 0, 0]);
    assert_eq!(flow[1].advanced, 1, "left after the span, by now");
    assert_eq!(flow[2].skipped, 0, "jumped over after the span");
    let rows = time_per_station(&stays, &STATIONS, w48(), &span);
    assert_eq!((rows[0].n, rows[0].median_days), (1, Some(54.0)));
    assert_eq!(rows[1].n, 0, "ended after the span");
}

#[test]
fn time_per_station_over_stays_that_ended_in_the_period() {
    let entries = [
        entry(1, at(11, 20, 0), StageEvent::Created(Q)),
        entry(1, at(11, 23, 0), moved(Q, H)), // 3 days, ended in W48
        entry(2, at(11, 23, 0), StageEvent::Created(Q)),
        entry(2, at(11, 24, 12), moved(Q, H)), // 1.5 days
        entry(3, at(11, 22, 0), StageEvent::Created(Q)),
        entry(3, at(11, 23, 0), moved(Q, H)),            // 1 day
        entry(4, at(11, 25, 0), StageEvent::Created(Q)), // open
    ];
    let stays = stays(&entries);
    let rows = time_per_station(&stays, &STATIONS, w48(), &day_of);
    let q = &rows[1];
    assert_eq!(q.n, 3);
    assert_eq!(q.median_days, Some(1.5));
    assert_eq!(q.p75_days, Some(2.3), "1, 1.5, 3 → 1.5 + 0.5 × 1.5");
    // Open stays are measured on the clients as they are now (the store).
    assert_eq!(q.open_median_days, None);
    assert_eq!(rows[0].median_days, None);
}

#[test]
fn quantiles_interpolate() {
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(quantile(&[2.0], 0.75), Some(2.0));
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
}

proptest::proptest! {
    /// A quantile of durations picked out without sorting is, to the bit,
    /// the quantile of them sorted and turned into days: for any number
    /// of them (one, two, many), repeated values, negative ones (a clock
    /// set back) and every quantile from 0 to 1.
    #[test]
    fn a_quantile_picked_out_is_the_quantile_of_them_sorted(
        secs in proptest::collection::vec(-100_000i32..3_000_000, 1..300),
        repeats in 0usize..4,
        p in 0.0f64..=1.0,
    ) {
        let mut secs = secs;
        let copies: Vec<i32> = secs.iter().take(repeats * 7).copied().collect();
        secs.extend(copies);
        let mut sorted: Vec<f64> = secs.iter().map(|s| f64::from(*s) / 86_400.0).collect();
        sorted.sort_by(f64::total_cmp);
        for q in [p, 0.5, 0.75, 0.0, 1.0] {
            let expected = quantile(&sorted, q).map(f64::to_bits);
            let mut shuffled = secs.clone();
            proptest::prop_assert_eq!(quantile_days(&mut shuffled, q).map(f64::to_bits), expected);
        }
        proptest::prop_assert_eq!(quantile_days(&mut [], 0.5), None);
    }
}
