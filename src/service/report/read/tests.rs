//! The readers' sharing of a report's histories: parts counted by either
//! reader count as read by one.

use super::parts::*;
use super::*;
use crate::service::period::PARTS;
use crate::service::report::days::Days;
use crate::store::Histories;
use chrono::NaiveDate;

/// A generated conveyor of `clients` in a file of its own (`k.db` in
/// the directory given back), opened, and the moment it was made at.
fn generated(clients: u32) -> (tempfile::TempDir, crate::store::Store, Now) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let now = Now::parse("2026-11-23T10:00").unwrap();
    crate::generate::create(&path, now, clients).unwrap();
    let store = crate::store::Store::open(&path).unwrap();
    (dir, store, now)
}

/// A second reader waiting for the first one's new clients (to read
/// what a short span's paid) stops waiting when the first one ends
/// without them (it failed) and reads none; given them, it reads theirs.
#[test]
fn the_second_reader_waits_for_the_first_only_while_it_reads() {
    let (dir, store, now) = generated(3_000);
    let path = dir.path().join("k.db");
    let month = Period::month_holding(now.today()).previous();
    let periods = [month, month.previous()];
    let span = Some((bounds(periods[1]).0, bounds(month).1));
    let created = periods.map(|p| Newcomers::read(&store.read(), p, &|_| true).unwrap());
    let paid = |first: &dyn Fn(&Shared)| {
        let shared = Shared::default();
        std::thread::scope(|s| {
            let second = s.spawn(|| {
                let store = crate::store::Store::open(&path).unwrap();
                fetch(&store.read(), now, &periods, span, None, &shared, "RUB")
                    .unwrap()
                    .paid
                    .len()
            });
            std::thread::sleep(std::time::Duration::from_millis(20));
            first(&shared);
            second.join().unwrap()
        })
    };
    assert_eq!(paid(&|shared| drop(Unblock(&shared.ids))), 0);
    let ids = || Some(created.each_ref().map(|n| Arc::clone(&n.ids)));
    assert!(paid(&|shared| drop(shared.ids.set(ids()))) > 10);
}

/// Whose histories are shared is read once, by the reader that asks
/// first; one that fails to read it fails, and the other takes no part.
#[test]
fn whose_histories_are_shared_is_read_by_the_first_to_ask() {
    let (_dir, store, now) = generated(300);
    let week = Period::week_of(now.today());
    let span = Some((bounds(week.previous()).0, bounds(week).1));
    let shared = Shared::default();
    let Some(Parts::Among(changed)) = shared.whose(&store.read(), span).unwrap() else {
        panic!("a short span's parts are lists of clients");
    };
    assert!(!changed.is_empty());
    // Asked again (a long span's question), the answer read first stays.
    assert!(matches!(
        shared.whose(&store.read(), None).unwrap(),
        Some(Parts::Among(_))
    ));
    let failed = Shared::default();
    let _ = failed.parts.set(None);
    assert!(failed.whose(&store.read(), span).unwrap().is_none());
    let periods = [week, week.previous()];
    assert!(
        share(&store.read(), &periods, span, None, &failed)
            .unwrap()
            .found
            .is_empty()
    );
}

/// What the readers count of a span's histories: flow, time, losses,
/// moves, and how far each new client got.
fn seen(c: &Counted) -> impl PartialEq + std::fmt::Debug {
    let counts: Vec<_> = c
        .counts
        .iter()
        .map(|p| (p.flow(), p.time(), p.losses().clone(), p.qualified()))
        .collect();
    let reach: Vec<_> = c.created.iter().map(|n| n.reach.clone()).collect();
    (counts, reach)
}

/// `periods`' histories counted by the first reader up to part `cut`
/// and by the second from there.
fn shared_at(
    db: &Db,
    periods: &[Period; 2],
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    cut: usize,
    chunk: usize,
) -> (Counted, usize) {
    let first = Shared::parts(0..cut, chunk);
    let mut counted = count(db, periods, span, None, &first, "RUB").unwrap();
    let second = Shared::parts(cut..usize::MAX, chunk);
    let parts = first.parts.get().unwrap().clone();
    let _ = second.parts.set(parts);
    let helped = share(db, periods, span, None, &second).unwrap();
    let parts = helped.found.len();
    counted.join(helped, &first);
    (counted, parts)
}

/// A long span's histories counted partly by one reader and partly by
/// the other count as they do read by one.
#[test]
fn histories_shared_out_count_as_read_by_one() {
    let (_dir, store, _) = generated(3_000);
    let db = store.read();
    let year = Period::range(
        NaiveDate::from_ymd_opt(2025, 11, 24).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap();
    let periods = [year, year.previous()];
    let alone = Shared::default();
    let mut whole = count(&db, &periods, None, None, &alone, "RUB").unwrap();
    let stations: Vec<Stage> = db.conveyor().unwrap().enabled().collect();
    let nothing = Shares {
        counts: periods.map(|p| PeriodCount::new(p, &stations)),
        found: Vec::new(),
    };
    whole.join(nothing, &alone);
    assert!(whole.created[0].reach.iter().flatten().count() > 1_000);
    for cut in [0, 1, 17, PARTS - 1, PARTS] {
        let (counted, parts) = shared_at(&db, &periods, None, cut, CHUNK);
        assert_eq!(parts, PARTS - cut);
        assert_eq!(seen(&counted), seen(&whole), "cut after {cut} ranges");
    }
}

/// A short span's histories — of the clients that changed place in
/// it, read a list of them at a time and shared out — count as the
/// histories of those clients read by one reader in one query, as
/// they were before the lists.
#[test]
fn a_short_spans_histories_in_lists_count_as_read_at_once() {
    let (_dir, store, now) = generated(3_000);
    let db = store.read();
    let week = Period::week_of(now.today()).previous();
    let periods = [week, week.previous()];
    let span = (bounds(periods[1]).0, bounds(week).1);
    // One reader, the clients that changed place found by SQLite.
    let stations: Vec<Stage> = db.conveyor().unwrap().enabled().collect();
    let mut at_once = count(
        &db,
        &periods,
        Some(span),
        None,
        &Shared::parts(0..0, 1),
        "RUB",
    )
    .unwrap();
    let mut counts = periods.map(|p| PeriodCount::new(p, &stations));
    let changed = db.changed_clients(span.0, span.1).unwrap();
    let mut found = Found::listed(&changed);
    let days = Days::new(periods[1].from, periods[0].to);
    let mut tally = Tally {
        counts: &mut counts,
        found: &mut found,
        ids: Some(&changed),
        stays: Vec::new(),
        days: &days,
        who: None,
    };
    db.histories(Histories::ChangedIn(span), &mut |e| tally.add(e))
        .unwrap();
    // All of them one list, one part.
    let whole = Shared::parts(0..0, usize::MAX);
    let _ = whole.parts.set(Some(Parts::Among(changed.clone())));
    let stations_none = periods.map(|p| PeriodCount::new(p, &stations));
    at_once.counts = stations_none;
    at_once.join(
        Shares {
            counts,
            found: vec![(0, found)],
        },
        &whole,
    );
    assert!(
        at_once.counts[0]
            .flow()
            .iter()
            .map(|r| r.entered)
            .sum::<i64>()
            > 100
    );
    let changed = changed.len();
    for (cut, chunk) in [(0, 16), (1, 16), (5, 16), (usize::MAX, 16), (0, 1 << 20)] {
        let (counted, parts) = shared_at(&db, &periods, Some(span), cut, chunk);
        let all = changed.div_ceil(chunk);
        assert_eq!(
            parts,
            all - cut.min(all),
            "cut after {cut} lists of {chunk}"
        );
        assert_eq!(
            seen(&counted),
            seen(&at_once),
            "cut after {cut} lists of {chunk}"
        );
    }
}

/// What a short span's new clients paid, read from their list, is what
/// the pass over every payer gives them.
#[test]
fn the_new_clients_paid_from_their_list_as_from_every_payer() {
    let (_dir, store, now) = generated(3_000);
    let db = store.read();
    let month = Period::month_holding(now.today()).previous();
    let created = [month, month.previous()].map(|p| Newcomers::read(&db, p, &|_| true).unwrap());
    let ids = created.each_ref().map(|n| Arc::clone(&n.ids));
    let listed = paid_by_new_clients(&db, &ids, "RUB").unwrap();
    let mut every = Vec::new();
    db.each_paid_sum_by_client(None, "RUB", &mut |client, sum| {
        let new = ids
            .iter()
            .any(|n| n.binary_search_by_key(&client, |(id, _)| *id).is_ok());
        if new {
            every.push((client, sum));
        }
        Ok(())
    })
    .unwrap();
    assert!(every.len() > 20, "{} paying new clients", every.len());
    assert_eq!(listed, every);
}

/// How far each client of a part got is found again as noted: in a list,
/// in a range one byte per id, and in a range whose ids lie far apart
/// (kept per client met from the first such gap on); a client not noted,
/// or of another part, has got nowhere.
#[test]
fn how_far_a_parts_clients_got_is_found_as_noted() {
    let all: Vec<Option<(Stage, bool)>> = std::iter::once(None)
        .chain(
            Stage::ALL
                .iter()
                .flat_map(|s| [Some((*s, false)), Some((*s, true))]),
        )
        .collect();
    for r in &all {
        assert_eq!(reach_of(reached(*r)), *r);
    }
    let far = Some((Stage::Farmer, true));
    let near = Some((Stage::Qualifier, false));
    let list = [3, 8, 20, 21];
    let mut listed = Found::listed(&list);
    listed.note(Some(&list), 8, reached(far));
    listed.note(Some(&list), 21, reached(near));
    let part = Part::Among(&list);
    let of = |f: &Found, id| f.of(id, Some(&part));
    assert_eq!(
        [3, 4, 8, 20, 21].map(|id| of(&listed, id)),
        [None, None, far, None, near]
    );
    let range = Part::Ids(0, 1 << 40);
    let mut dense = Found::Dense(i64::MIN, Vec::new());
    for (id, r) in [(5, far), (6, near), (9, far)] {
        dense.note(None, id, reached(r));
    }
    assert!(matches!(dense, Found::Dense(5, ref b) if b.len() == 5));
    let of = |f: &Found, id| f.of(id, Some(&range));
    assert_eq!(
        [4, 5, 6, 7, 9, 10].map(|id| of(&dense, id)),
        [None, far, near, None, far, None]
    );
    let apart = 9 + 3 * GAP;
    dense.note(None, apart, reached(near));
    dense.note(None, apart + 1, reached(far));
    assert!(matches!(dense, Found::Sparse(_)));
    assert_eq!(
        [5, 6, 7, 9, apart - 1, apart, apart + 1].map(|id| of(&dense, id)),
        [far, near, None, far, None, near, far]
    );
    assert_eq!(dense.of(5, Some(&Part::Ids(100, 200))), None);
    assert!(range.ends_before(1 << 40) && !range.ends_before(5));
    assert!(part.ends_before(22) && !part.ends_before(21));
}
