//! Two sessions on one base, as two people at once: a change made
//! elsewhere is seen, a write over someone's fresh change is refused and
//! named, and the board's undo leaves others' changes alone — on a local
//! file and on a team database (a throwaway PostgreSQL server of the
//! tests' own, or `KONVEYER_TEST_PG_URL`) alike.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

/// The moment the two sessions act at.
const NOW_TEAM: &str = "2026-11-23T10:00";

use konveyer::store::test_server::fresh_url;

#[test]
fn team_a_change_made_elsewhere_moves_data_version_on() {
    use konveyer::store::Store;
    let url = fresh_url();
    let board = Store::open_pg(&url).expect("open");
    let seen = board.data_version().expect("version");
    let mut other = Store::open_pg(&url).expect("open");
    let now = konveyer::service::Now::parse(NOW_TEAM).expect("now");
    let lead = konveyer::domain::NewClient {
        name: "Seen Elsewhere".into(),
        ..Default::default()
    };
    konveyer::service::add_client(&mut other, now, lead).expect("add");
    let start = std::time::Instant::now();
    while board.data_version().expect("version") == seen {
        assert!(start.elapsed().as_secs() < 2, "no change announced");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Two sessions on one base, as two people: what the second writes over
/// the first's fresh change is refused, named, and goes through once
/// looked at again — on a local file and on a team database alike.
fn second_writer_is_told(mut first: konveyer::store::Store, mut second: konveyer::store::Store) {
    use konveyer::domain::StageTarget;
    use konveyer::service;
    let now = service::Now::parse(NOW_TEAM).expect("now");
    first.set_actor(Some("anna".into()));
    second.set_actor(Some("boris".into()));
    let lead = konveyer::domain::NewClient {
        name: "Contested".into(),
        ..Default::default()
    };
    let id = service::add_client(&mut first, now, lead).expect("add");
    second.look().expect("look");
    service::move_client(&mut first, now, id, StageTarget::Next).expect("first move");
    let refused = service::move_client(&mut second, now, id, StageTarget::Next);
    match refused {
        Err(konveyer::error::Error::ChangedBy { id: which, by }) => {
            assert_eq!((which, by.as_deref()), (id, Some("anna")));
        }
        other => panic!("the second move went through: {other:?}"),
    }
    assert_eq!(
        second.read().client(id).expect("client").stage,
        konveyer::domain::Stage::Qualifier,
        "nothing of the refused move was written"
    );
    // Refused once, the card counts as seen: the same move now lands, and
    // one's own changes never stand in one's way.
    service::move_client(&mut second, now, id, StageTarget::Next).expect("after a look");
    service::move_client(&mut second, now, id, StageTarget::Prev).expect("own change");
}

#[test]
fn team_second_writer_is_told_on_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("k.db");
    let first = konveyer::store::Store::open(&path).expect("open");
    let second = konveyer::store::Store::open(&path).expect("open");
    second_writer_is_told(first, second);
}

#[test]
fn team_second_writer_is_told_on_postgresql() {
    let url = fresh_url();
    let first = konveyer::store::Store::open_pg(&url).expect("open");
    let second = konveyer::store::Store::open_pg(&url).expect("open");
    second_writer_is_told(first, second);
}

/// The board's undo takes back its own changes only: a card someone else
/// changed since is refused, named, and left as they made it.
fn undo_leaves_others_changes(
    mut board: konveyer::store::Store,
    mut other: konveyer::store::Store,
) {
    use konveyer::domain::StageTarget;
    use konveyer::service;
    let now = service::Now::parse(NOW_TEAM).expect("now");
    board.enable_undo().expect("undo");
    let lead = |name: &str| konveyer::domain::NewClient {
        name: name.into(),
        ..Default::default()
    };
    let mine = service::add_client(&mut board, now, lead("Mine")).expect("add");
    let theirs = service::add_client(&mut board, now, lead("Theirs")).expect("add");
    let mark = board.undo_mark().expect("mark");
    service::move_client(&mut board, now, mine, StageTarget::Next).expect("move");
    assert!(board.undo_to(mark).expect("undo") > 0);
    let stage = |s: &konveyer::store::Store, id| s.read().client(id).expect("client").stage;
    assert_eq!(stage(&board, mine), konveyer::domain::Stage::Telemarketer);

    let mark = board.undo_mark().expect("mark");
    service::move_client(&mut board, now, theirs, StageTarget::Next).expect("move");
    other.look().expect("look");
    service::move_client(&mut other, now, theirs, StageTarget::Next).expect("their move");
    match board.undo_to(mark) {
        Err(konveyer::error::Error::UndoConflict(Some(id))) => assert_eq!(id, theirs),
        other => panic!("undo went over another's change: {other:?}"),
    }
    assert_eq!(stage(&other, theirs), konveyer::domain::Stage::Hunter);
}

#[test]
fn team_undo_leaves_others_changes_on_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("k.db");
    let board = konveyer::store::Store::open(&path).expect("open");
    let other = konveyer::store::Store::open(&path).expect("open");
    undo_leaves_others_changes(board, other);
}

#[test]
fn team_undo_leaves_others_changes_on_postgresql() {
    let url = fresh_url();
    let board = konveyer::store::Store::open_pg(&url).expect("open");
    let other = konveyer::store::Store::open_pg(&url).expect("open");
    undo_leaves_others_changes(board, other);
}
