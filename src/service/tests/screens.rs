//! What the reports screen reads besides the report: the revenue of the
//! last weeks and the ABC table.

use chrono::NaiveDate;

use super::*;
use crate::config::SegmentsConfig;
use crate::domain::report::Period;
use crate::domain::segment::Segment;
use crate::store::test_server::test_store;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn client(store: &mut Store, name: &str) -> i64 {
    add_client(
        store,
        now(),
        NewClient {
            name: name.into(),
            stage: Some(Stage::Hunter),
            ..NewClient::default()
        },
    )
    .unwrap()
}

#[apply(engines)]
fn weekly_revenue_splits_first_and_repeat_and_keeps_empty_weeks(_engine: Engine) {
    let mut store = test_store();
    let anna = client(&mut store, "Anna");
    // Paid by the week's end (a payment is recorded on its day, not ahead).
    let later = Now::parse("2026-11-29T20:00").unwrap();
    sale(&mut store, later, anna, &rub(100), day(11, 10)).unwrap();
    sale(&mut store, later, anna, &rub(40), day(11, 23)).unwrap();
    sale(&mut store, later, anna, &rub(7), day(11, 29)).unwrap();
    let usd = Money {
        minor: 500,
        currency: "USD".into(),
    };
    sale(&mut store, later, anna, &usd, day(11, 24)).unwrap();
    let weeks = weekly_revenue(&store, day(11, 25), 3, DEFAULT_CURRENCY).unwrap();
    let week = |d| Period::week_of(d);
    assert_eq!(
        weeks.iter().map(|w| w.week).collect::<Vec<_>>(),
        [week(day(11, 9)), week(day(11, 16)), week(day(11, 23))]
    );
    assert_eq!(
        (weeks[0].first.amount_minor, weeks[0].repeat.count),
        (10_000, 0)
    );
    assert_eq!(
        (weeks[1].first.count, weeks[1].repeat.count),
        (0, 0),
        "empty"
    );
    assert_eq!(
        (
            weeks[2].first.count,
            weeks[2].repeat.count,
            weeks[2].repeat.amount_minor
        ),
        (0, 2, 4_700),
        "Sunday is in the week; another currency is not"
    );
}

#[apply(engines)]
fn the_abc_table_counts_classes_in_force_with_their_revenue(_engine: Engine) {
    let mut store = test_store();
    let ids: Vec<i64> = ["A", "B", "C", "Old"]
        .iter()
        .map(|n| client(&mut store, n))
        .collect();
    for (id, amount) in ids.iter().zip([800, 150, 50]) {
        sale(&mut store, now(), *id, &rub(amount), day(11, 2)).unwrap();
    }
    // A year and a day ago: D by revenue, but set to B by hand.
    sale(
        &mut store,
        now(),
        ids[3],
        &rub(999),
        day(11, 22) - chrono::Duration::days(366),
    )
    .unwrap();
    set_segment(
        &mut store,
        ids[3],
        Some(Segment::B),
        Some("big in spring"),
        None,
    )
    .unwrap();
    let table =
        segment_summary(&store, now(), DEFAULT_CURRENCY, SegmentsConfig::default()).unwrap();
    let row = |s: Segment| {
        let r = table.iter().find(|r| r.segment == s).unwrap();
        (r.clients, r.revenue_minor)
    };
    assert_eq!(row(Segment::A), (1, 80_000));
    assert_eq!(
        row(Segment::B),
        (2, 15_000),
        "the override counts where it is put"
    );
    assert_eq!(row(Segment::C), (1, 5_000));
    assert_eq!(row(Segment::D), (0, 0));
    let map = segment_map(&store, now(), DEFAULT_CURRENCY, SegmentsConfig::default()).unwrap();
    let counted: i64 = table.iter().map(|r| r.clients).sum();
    assert_eq!(counted, map.len() as i64, "the table and the badges agree");
    // One client's line (`show`, `segment`) is its line of the whole list.
    let never_paid = client(&mut store, "New");
    // Never paid, but set by hand: in force, and once expired.
    let by_hand = client(&mut store, "By hand");
    set_segment(&mut store, by_hand, Some(Segment::A), None, None).unwrap();
    let expired = client(&mut store, "Expired");
    set_segment(
        &mut store,
        expired,
        Some(Segment::A),
        None,
        Some(day(11, 1)),
    )
    .unwrap();
    let all = segments(&store, now(), DEFAULT_CURRENCY, SegmentsConfig::default()).unwrap();
    assert!(all.iter().any(|r| r.id == by_hand));
    assert!(!all.iter().any(|r| r.id == expired || r.id == never_paid));
    for id in ids.iter().copied().chain([never_paid, by_hand, expired]) {
        let one = segment_of(
            &store,
            now(),
            id,
            DEFAULT_CURRENCY,
            SegmentsConfig::default(),
        )
        .unwrap();
        assert_eq!(one.as_ref(), all.iter().find(|r| r.id == id), "client {id}");
    }
}

/// The open stays' median found through the kept count per day agrees
/// with sorting every open stay, everyone's and each person's, as cards
/// arrive (several a day, over days), move on, are lost and change hands:
/// an odd and an even count, the middle pair on one day and across two.
#[apply(engines)]
fn the_open_stays_middle_agrees_with_sorting_them_all(_engine: Engine) {
    let mut store = test_store();
    let owners = [None, Some("ann"), Some("bob")];
    let by_sorting = |store: &Store, owner: Option<&str>| -> Vec<chrono::DateTime<chrono::Utc>> {
        let mut since: Vec<_> = store
            .read()
            .clients_by_id(&(1..=200).collect::<Vec<i64>>())
            .unwrap()
            .into_iter()
            .filter(|c| c.stage == Stage::Qualifier && c.status == Status::Active)
            .filter(|c| owner.is_none() || c.owner.as_deref() == owner)
            .map(|c| c.stage_since)
            .collect();
        since.sort();
        let n = since.len();
        match n {
            0 => Vec::new(),
            _ if n % 2 == 1 => vec![since[n / 2]],
            _ => vec![since[n / 2 - 1], since[n / 2]],
        }
    };
    let agree = |store: &Store, what: &str| {
        for owner in owners {
            assert_eq!(
                store
                    .read()
                    .open_stay_middle(Stage::Qualifier, owner)
                    .unwrap(),
                by_sorting(store, owner),
                "{what}, {owner:?}"
            );
        }
    };
    agree(&store, "empty");
    let mut ids = Vec::new();
    for i in 0..23i64 {
        // Three a day, a few hours apart.
        let at = Now::from_local(now().local + Duration::hours(i * 7));
        let id = add_client(
            &mut store,
            at,
            NewClient {
                name: format!("Клиент {i}"),
                stage: Some(Stage::Qualifier),
                ..NewClient::default()
            },
        )
        .unwrap();
        let owner = owners[(i % 3) as usize];
        store.write(|db| db.set_owner(id, owner)).unwrap();
        ids.push(id);
        agree(&store, &format!("after {} cards", i + 1));
    }
    let at = later(9);
    move_client(&mut store, at, ids[4], StageTarget::Next).unwrap();
    agree(&store, "one moved on");
    lose(&mut store, at, ids[11], "no budget").unwrap();
    agree(&store, "one lost");
    store
        .write(|db| db.set_owner(ids[12], Some("bob")))
        .unwrap();
    agree(&store, "one handed over");
    revive(&mut store, later(10), ids[11]).unwrap();
    agree(&store, "the lost one back");
    move_client(&mut store, later(11), ids[4], StageTarget::Prev).unwrap();
    agree(&store, "one moved back");
    delete_client(&mut store, ids[0]).unwrap();
    agree(&store, "one deleted");
    assert!(store.read().miscounts().unwrap().is_empty());
}
