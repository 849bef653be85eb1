//! The forecast against a history small enough to work out by hand.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
}

fn at(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(10, 0, 0).expect("a time").and_utc()
}

/// `n` stays of `stage` from `start` (clients numbered from `first`),
/// the first `advanced` of them moved on a day later, the rest still there.
fn stays_of(stage: Stage, first: i64, n: i64, advanced: i64, start: NaiveDate) -> Vec<Stay> {
    (0..n)
        .map(|i| Stay {
            client: first + i,
            stage,
            start: at(start),
            end: (i < advanced).then(|| (at(start + Duration::days(1)), Ending::Advanced)),
            lost_reason: None,
        })
        .collect()
}

const STATIONS: [Stage; 3] = [Stage::Telemarketer, Stage::Qualifier, Stage::Hunter];

fn window() -> Period {
    Period::range(day("2026-06-01"), day("2026-11-29")).expect("a window")
}

fn day_of(s: &Stay) -> NaiveDate {
    s.start.date_naive()
}

/// Clients 1–4 went the whole way and paid; the rest did not.
fn history(hunters_in_window: i64) -> (Vec<Stay>, HashMap<i64, NaiveDate>) {
    let mut stays = Vec::new();
    // The telemarketer: 20 stays, 10 moved on (0.5).
    stays.extend(stays_of(Stage::Telemarketer, 1, 20, 10, day("2026-09-11")));
    // The qualifier: 12 stays, 6 moved on (0.5).
    stays.extend(stays_of(Stage::Qualifier, 1, 12, 6, day("2026-09-21")));
    // The hunter: 10 stays, 4 paid (0.4) — all in the window, or only
    // some, with the rest before it.
    let inside = hunters_in_window;
    let advanced_inside = if inside == 10 { 4 } else { 3 };
    let (start, earlier) = (day("2026-10-01"), day("2026-03-02"));
    stays.extend(stays_of(Stage::Hunter, 1, inside, advanced_inside, start));
    let (rest, advanced_rest) = (10 - inside, 4 - advanced_inside);
    stays.extend(stays_of(
        Stage::Hunter,
        1 + inside,
        rest,
        advanced_rest,
        earlier,
    ));
    let paid = [
        (1, "2026-10-05"),
        (2, "2026-10-07"),
        (3, "2026-10-11"),
        (4, "2026-10-21"),
    ]
    .into_iter()
    .map(|(c, d)| (c, day(d)))
    .collect();
    (stays, paid)
}

fn deals() -> Vec<OpenDeal> {
    vec![
        OpenDeal {
            stage: Stage::Telemarketer,
            value_minor: 10_000_000,
            expected_on: None,
        },
        OpenDeal {
            stage: Stage::Qualifier,
            value_minor: 5_000_000,
            expected_on: Some(day("2026-12-10")),
        },
        // Expected before today: today.
        OpenDeal {
            stage: Stage::Hunter,
            value_minor: 20_000_000,
            expected_on: Some(day("2026-11-20")),
        },
        OpenDeal {
            stage: Stage::Hunter,
            value_minor: 3_000_000,
            expected_on: None,
        },
    ]
}

#[test]
fn conversions_multiply_from_each_station_to_the_first_payment() {
    let (stays, paid) = history(10);
    let m = measures(&stays, &STATIONS, window(), &paid, &day_of);
    let hunter = m[2].1;
    assert_eq!(
        (hunter.conversion, hunter.stays, hunter.fallback),
        (0.4, 10, false)
    );
    // Paid 4, 6, 10 and 20 days after entering the hunter: median 8.
    assert_eq!(hunter.days_to_paid, Some(8.0));
    // From the telemarketer: 24, 26, 30, 40 days.
    assert_eq!(m[0].1.days_to_paid, Some(28.0));
    let clients = HashMap::from([(Stage::Telemarketer, 7), (Stage::Hunter, 2)]);
    let (rows, ahead) = forecast(&m, &clients, &deals(), day("2026-12-02"));
    let got: Vec<(Stage, i64, i64, f64, i64, bool, i64)> = rows
        .iter()
        .map(|r| {
            (
                r.stage,
                r.clients,
                r.value_minor,
                r.probability,
                r.based_on,
                r.fallback,
                r.weighted_minor,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // 0.5 × 0.5 × 0.4, resting on the hunter's 10 stays at least.
            (
                Stage::Telemarketer,
                7,
                10_000_000,
                0.1,
                10,
                false,
                1_000_000
            ),
            (Stage::Qualifier, 0, 5_000_000, 0.2, 10, false, 1_000_000),
            (Stage::Hunter, 2, 23_000_000, 0.4, 10, false, 9_200_000),
        ]
    );
    // W49 (today, 2 December): the overdue hunter's 8 000 000. W50: the
    // qualifier's on the 10th and the undated hunter's, 8 days after
    // today (1 000 000 + 1 200 000). The undated telemarketer's lands 28
    // days ahead, on 30 December: in December, past the four weeks.
    let got: Vec<(&str, i64)> = ahead
        .iter()
        .map(|a| (a.period.as_str(), a.expected_minor))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-W49", 8_000_000),
            ("2026-W50", 2_200_000),
            ("2026-W51", 0),
            ("2026-W52", 0),
            ("2026-12", 11_200_000),
            ("2027-01", 0),
            ("2027-02", 0),
        ]
    );
}

#[test]
fn too_few_stays_in_the_window_take_the_whole_history_and_say_so() {
    // Five hunter stays in the window (three paid), five before (one).
    let (stays, paid) = history(5);
    let m = measures(&stays, &STATIONS, window(), &paid, &day_of);
    let hunter = m[2].1;
    assert_eq!(
        (hunter.conversion, hunter.stays, hunter.fallback),
        (0.4, 10, true)
    );
    assert!(!m[0].1.fallback && !m[1].1.fallback);
    let (rows, _) = forecast(&m, &HashMap::new(), &deals(), day("2026-12-02"));
    // Every probability that rests on the hunter's says so.
    assert!(rows.iter().all(|r| r.fallback), "{rows:?}");
    assert_eq!(rows[0].probability, 0.1);
}

#[test]
fn a_station_nobody_ever_passed_gives_nothing_and_places_nothing() {
    let stays = stays_of(Stage::Telemarketer, 1, 3, 0, day("2026-11-02"));
    let m = measures(&stays, &STATIONS, window(), &HashMap::new(), &day_of);
    assert!(m.iter().all(|(_, m)| m.conversion == 0.0 && m.fallback));
    assert_eq!(m[1].1.stays, 0);
    let (rows, ahead) = forecast(&m, &HashMap::new(), &deals(), day("2026-12-02"));
    assert!(
        rows.iter()
            .all(|r| r.probability == 0.0 && r.weighted_minor == 0)
    );
    assert_eq!(rows[0].based_on, 0);
    assert!(ahead.iter().all(|a| a.expected_minor == 0), "{ahead:?}");
}
