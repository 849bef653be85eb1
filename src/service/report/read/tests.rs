//! The readers' sharing of a report's histories: parts counted by either
//! reader count as read by one.

use super::*;
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

/// A second reader waiting for the first one's new clients stops
/// waiting when the first one ends without them (it failed), and
/// helps with nothing; given them, it reads every part.
#[test]
fn the_second_reader_waits_for_the_first_only_while_it_reads() {
    let (dir, _, now) = generated(300);
    let path = dir.path().join("k.db");
    let week = Period::week_of(now.today());
    let periods = [week, week.previous()];
    let helped = |first: &dyn Fn(&Shared)| {
        let shared = Shared::default();
        std::thread::scope(|s| {
            let second = s.spawn(|| {
                let store = crate::store::Store::open(&path).unwrap();
                help(&store.read(), &periods, None, &shared)
                    .unwrap()
                    .reach
                    .len()
            });
            std::thread::sleep(std::time::Duration::from_millis(20));
            first(&shared);
            second.join().unwrap()
        })
    };
    assert_eq!(helped(&|shared| drop(Unblock(&shared.work))), 0);
    let everyone = || {
        Some(Work {
            ids: [Ids::default(), Ids::default()],
            parts: Parts::Ids(0),
        })
    };
    assert_eq!(helped(&|shared| drop(shared.work.set(everyone()))), PARTS);
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
    let mut counted = count(db, periods, span, None, &first).unwrap();
    let second = Shared::parts(cut..usize::MAX, chunk);
    let work = first.work.get().unwrap().as_ref().unwrap();
    let _ = second.work.set(Some(work.clone()));
    let helped = help(db, periods, None, &second).unwrap();
    let parts = helped.reach.len();
    counted.join(helped);
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
    let whole = count(&db, &periods, None, None, &Shared::default()).unwrap();
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
    let mut at_once = count(&db, &periods, Some(span), None, &Shared::parts(0..0, 1)).unwrap();
    let mut counts = periods.map(|p| PeriodCount::new(p, &stations));
    let mut reach = at_once
        .created
        .each_mut()
        .map(|n| Reach::all(&n.ids, vec![None; n.ids.len()]));
    let days = Days::new(periods[1].from, periods[0].to);
    let mut tally = Tally {
        counts: &mut counts,
        reach: &mut reach,
        days: &days,
        who: None,
    };
    db.histories(Histories::ChangedIn(span), &mut |e| tally.add(e))
        .unwrap();
    at_once.counts = counts;
    for (new, reached) in at_once.created.iter_mut().zip(reach) {
        new.reach = reached.found;
    }
    assert!(
        at_once.counts[0]
            .flow()
            .iter()
            .map(|r| r.entered)
            .sum::<i64>()
            > 100
    );
    let changed = db.changed_clients(span.0, span.1).unwrap().len();
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
    let listed = paid_by_new_clients(&db, &ids).unwrap();
    let mut every = Vec::new();
    db.each_paid_sum_by_client(None, &mut |client, sum| {
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
