//! A base of cold rows that never moved beside a conveyor that flows: a
//! long span's report and the forecast read the histories of the clients
//! that changed place alone, and say what reading everyone's says.

use super::*;
use crate::domain::report::Period;
use crate::service::forecast::forecast_reading;
use crate::service::period::{bounds, few_moved_since};
use crate::service::report::report_over;

/// A base of `cold` clients added long ago that never moved, and
/// `flowing` added over the last months: each moved on to the qualifier,
/// every other one to the hunter, every fourth one paying (to the
/// farmer), every fifth lost.
fn cold_base(cold: usize, flowing: i64) -> Store {
    let mut store = test_store();
    let long_ago = Now::parse("2023-03-01T10:00").unwrap();
    for i in 0..cold {
        let new = NewClient {
            name: format!("Cold {i}"),
            ..NewClient::default()
        };
        add_client(&mut store, long_ago, new).unwrap();
    }
    for i in 0..flowing {
        let day = |d: i64| later(d - 160 + 3 * i);
        let new = NewClient {
            name: format!("Flowing {i}"),
            ..NewClient::default()
        };
        let id = add_client(&mut store, day(0), new).unwrap();
        move_client(&mut store, day(2), id, StageTarget::Next).unwrap();
        if i % 2 == 0 {
            move_client(&mut store, day(5), id, StageTarget::Next).unwrap();
        }
        if i % 4 == 0 {
            sale(&mut store, day(8), id, &rub(1_000), day(8).today()).unwrap();
        } else if i % 5 == 0 {
            lose(&mut store, day(9), id, "price").unwrap();
        }
    }
    store
}

/// The forecast's window as the command measures it (26 weeks).
fn window() -> Period {
    let monday = Period::week_of(now().today()).from;
    Period::range(monday - Duration::weeks(26), monday - Duration::days(1)).unwrap()
}

#[apply(engines)]
fn a_years_report_on_a_cold_base_reads_the_clients_that_moved(_engine: Engine) {
    let store = cold_base(150, 40);
    let year = Period::range(now().today() - Duration::days(364), now().today()).unwrap();
    let periods = [year, year.previous()];
    let span = (bounds(periods[1]).0, bounds(year).1);
    assert!(few_moved_since(&store.read(), span.0).unwrap());
    let changed = report_over(&store, now(), periods, Some(span), None, DEFAULT_CURRENCY);
    let everyone = report_over(&store, now(), periods, None, None, DEFAULT_CURRENCY).unwrap();
    assert_eq!(changed.unwrap(), everyone);
    assert_eq!(
        report(&store, now(), year, DEFAULT_CURRENCY).unwrap(),
        everyone
    );
    let entered: i64 = everyone.flow.iter().map(|r| r.entered).sum();
    assert!(
        entered >= 40 + 40 + 20,
        "the flowing clients' stays: {entered}"
    );
    assert_eq!(everyone.cohort.created, 40);
    assert!(everyone.cohort.paid >= 10);
    // Where nearly everyone moved in the span, everyone's are read.
    let flowing = cold_base(0, 40);
    assert!(!few_moved_since(&flowing.read(), span.0).unwrap());
}

#[apply(engines)]
fn the_forecast_on_a_cold_base_reads_the_clients_that_moved(_engine: Engine) {
    // Enough stays in the window at every station; then too few, so that
    // a station falls back to every stay and everyone's are read too.
    for (flowing, falls_back) in [(40, false), (6, true)] {
        let store = cold_base(150, flowing);
        let window = window();
        assert!(few_moved_since(&store.read(), bounds(window).0).unwrap());
        let changed = forecast_reading(&store, now(), window, DEFAULT_CURRENCY, true).unwrap();
        let everyone = forecast_reading(&store, now(), window, DEFAULT_CURRENCY, false).unwrap();
        assert_eq!(changed, everyone, "{flowing} flowing");
        assert_eq!(
            forecast(&store, now(), 26, DEFAULT_CURRENCY).unwrap(),
            everyone
        );
        assert_eq!(
            everyone.stations.iter().any(|s| s.fallback),
            falls_back,
            "{flowing} flowing: {:?}",
            everyone.stations
        );
        let telemarketer = &everyone.stations[0];
        assert_eq!(telemarketer.clients, 150, "the cold rows wait there");
    }
}
