//! Undo on the board, and a busy database during a refresh.

use crate::config::Config;
use crate::domain::{Stage, Status};
use crate::i18n::Lang;
use crate::service;
use crate::store::Store;
use crate::tui::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn u_undoes_moves_done_and_lose_one_step_at_a_time(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    let before = app.store.read().activities(id).expect("timeline").len();
    press(&mut app, "LL");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Hunter
    );
    press(&mut app, "u");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Qualifier
    );
    press(&mut app, "xtgone quiet");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.read().client(id).expect("client").status,
        Status::Lost
    );
    press(&mut app, "u");
    assert_eq!(
        app.store.read().client(id).expect("client").status,
        Status::Active
    );
    key(&mut app, KeyCode::Tab);
    let rid = app.selected_reminder().expect("reminder").id;
    press(&mut app, "d");
    press(&mut app, "u");
    assert!(
        app.store
            .read()
            .reminder(rid)
            .expect("reminder")
            .done_at
            .is_none()
    );
    press(&mut app, "u");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Telemarketer
    );
    let timeline = app.store.read().activities(id).expect("timeline");
    assert_eq!(
        timeline.len(),
        before,
        "the moves left no trace: {timeline:?}"
    );
    press(&mut app, "u");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text == "nothing to undo")
    );
}

#[apply(engines)]
fn undo_and_a_live_reload_keep_the_selection_on_its_client(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "jj");
    let id = selected_id(&app);
    // Another window moves the card above this one away: the list shifts.
    let above = app.columns[0].cards[1].client.id;
    service::move_client(
        &mut app.store,
        now(),
        above,
        crate::domain::StageTarget::Next,
    )
    .expect("move");
    app.reload().expect("reload");
    assert_eq!(selected_id(&app), id, "not the neighbour that slid up");
    press(&mut app, "L");
    assert_eq!(
        (app.columns[app.col].stage, selected_id(&app)),
        (Stage::Qualifier, id)
    );
    press(&mut app, "u");
    assert_eq!(
        (app.columns[app.col].stage, selected_id(&app)),
        (Stage::Telemarketer, id)
    );
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.starts_with("undone: ") && n.text.contains("→ qualifier")),
        "{:?}",
        app.notice
    );
}

/// The demo in a file that a second connection (the CLI, another board)
/// can write to while this board is open.
fn file_app(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
    let path = dir.path().join("k.db");
    crate::demo::create(&path, now(), Lang::En).expect("demo");
    let store = Store::open(&path).expect("open");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    // The day's first sweep runs beside the first frame: let it end.
    app.settle().expect("sweep");
    (app, path)
}

fn assert_refused(app: &App) {
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("changed meanwhile by another window")),
        "{:?}",
        app.notice
    );
}

#[test]
fn undo_never_takes_back_what_another_writer_did_after_it() {
    let dir = tempfile::tempdir().expect("dir");
    // A move here, a loss from the CLI: the undo is refused, the loss stays whole.
    let (mut app, path) = file_app(&dir);
    let id = selected_id(&app);
    press(&mut app, "L");
    let mut cli = Store::open(&path).expect("second connection");
    service::lose(&mut cli, now(), id, "no budget").expect("lose");
    press(&mut app, "u");
    assert_refused(&app);
    let client = cli.read().client(id).expect("client");
    assert_eq!(
        (client.stage, client.status),
        (Stage::Qualifier, Status::Lost)
    );
    let timeline = cli.read().activities(id).expect("timeline");
    assert!(
        timeline
            .iter()
            .any(|a| a.kind == crate::domain::ActivityKind::Lost)
    );

    // A client added here, invoiced and paid from the CLI: nothing is deleted.
    press(&mut app, "a");
    for c in "Acme".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    key(&mut app, KeyCode::Enter);
    let added = selected_id(&app);
    let amount = crate::domain::Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    let oid = service::invoice(&mut cli, now(), added, &amount, now().today()).expect("invoice");
    service::pay(&mut cli, now(), oid, now().today()).expect("paid");
    press(&mut app, "u");
    assert_refused(&app);
    assert!(cli.read().client(added).is_ok());
    assert!(cli.read().order(oid).is_ok_and(|o| o.paid_on.is_some()));

    // Two boards move one card; the first one's undo is refused.
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, path) = file_app(&dir);
    let mut b = App::new(
        Store::open(&path).expect("open"),
        Lang::En,
        Config::default(),
        now(),
        9,
    )
    .expect("second board");
    let id = selected_id(&a);
    press(&mut a, "L");
    b.jump_to(id).expect("jump");
    press(&mut b, "L");
    press(&mut a, "u");
    assert_refused(&a);
    let client = b.store.read().client(id).expect("client");
    let moves = b
        .store
        .read()
        .activities(id)
        .expect("timeline")
        .into_iter()
        .filter(|x| x.kind == crate::domain::ActivityKind::Move)
        .count();
    assert_eq!(
        (client.stage, moves),
        (Stage::Hunter, 2),
        "stage and timeline agree"
    );
}

#[test]
fn a_busy_database_during_a_refresh_is_a_notice_and_the_next_tick_retries() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut app, path) = file_app(&dir);
    app.store
        .set_busy_timeout(std::time::Duration::from_millis(50))
        .expect("timeout");
    // Another writer adds an invoice whose chase is due (the rules must
    // write on the next refresh), then holds the write lock.
    let other = rusqlite::Connection::open(&path).expect("other");
    let mut cli = Store::open(&path).expect("cli");
    let id = selected_id(&app);
    let amount = crate::domain::Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    let day = now().today() - chrono::Duration::days(5);
    let oid = service::invoice(&mut cli, now(), id, &amount, day).expect("invoice");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    app.tick(now());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("busy")),
        "{:?}",
        app.notice
    );
    assert!(!app.quit, "the board goes on");
    other.execute_batch("COMMIT").expect("unlock");
    app.tick(now());
    let chased = app
        .store
        .read()
        .client_reminders(id)
        .expect("reminders")
        .iter()
        .any(|r| r.order_id == Some(oid));
    assert!(chased, "the next tick ran the rules");
}
