//! The board as state transitions and as pictures: key presses → App state
//! and database, and the rendered screen at fixed sizes with a fixed `now`.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use konveyer::config::Config;
use konveyer::domain::{Stage, Status};
use konveyer::i18n::Lang;
use konveyer::service;
use konveyer::store::Store;
use konveyer::tui::app::{App, Focus, Popup, Screen};
use konveyer::tui::view;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::board::*;

fn j_and_k_move_the_selection_within_the_column() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "jj");
    assert_eq!(app.columns[0].selected, 2);
    press(&mut app, "k");
    assert_eq!(app.columns[0].selected, 1);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert_eq!(app.columns[0].selected, 0, "stops at the top");
    press(&mut app, "G");
    assert_eq!(app.columns[0].selected, app.columns[0].count - 1);
}

fn scrolling_past_the_window_loads_the_next_cards() {
    let mut app = app(Lang::En, 15);
    let rows = app.card_rows as i64;
    assert!(
        app.columns[0].count > rows,
        "the column needs more cards than fit"
    );
    for _ in 0..rows {
        press(&mut app, "j");
    }
    let column = &app.columns[0];
    assert_eq!(column.selected, rows);
    assert!(column.offset > 0);
    assert!(
        column.cards.len() as i64 <= rows,
        "only what is shown is loaded"
    );
    assert!(column.selected_card().is_some());
}

fn h_and_l_move_between_columns_and_stop_at_the_ends() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "h");
    assert_eq!(app.col, 0);
    press(&mut app, "lll");
    assert_eq!(app.col, 3);
    assert_eq!(app.columns[app.col].stage, Stage::Farmer);
    press(&mut app, "l");
    assert_eq!(app.col, 3);
    key(&mut app, KeyCode::Left);
    assert_eq!(app.col, 2);
}

fn shift_l_moves_the_card_to_the_next_station_in_the_database() {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    let before = app.columns[0].count;
    press(&mut app, "L");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Qualifier
    );
    assert_eq!(app.columns[0].count, before - 1);
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| !n.error && n.text.contains("→ qualifier"))
    );
    assert_eq!(
        (app.col, selected_id(&app)),
        (1, id),
        "the selection follows the card"
    );
    press(&mut app, "L");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Hunter
    );
    press(&mut app, "HH");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Telemarketer
    );
    assert_eq!((app.col, selected_id(&app)), (0, id));
    press(&mut app, "H");
    assert!(
        app.notice.as_ref().is_some_and(|n| n.error),
        "no station before the first"
    );
}

fn tab_switches_to_the_reminder_pane_where_d_marks_done() {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Reminders);
    let rid = app.selected_reminder().expect("a reminder").id;
    press(&mut app, "d");
    assert!(
        app.store
            .read()
            .reminder(rid)
            .expect("reminder")
            .done_at
            .is_some()
    );
    assert!(
        !app.reminders.iter().any(|(_, r)| r.id == rid),
        "gone from the pane"
    );
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Board);
}

fn snooze_by_a_week_moves_the_reminder() {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    let rid = app.selected_reminder().expect("a reminder").id;
    press(&mut app, "s");
    assert!(matches!(app.popup, Some(Popup::Snooze(_))));
    press(&mut app, "w");
    assert!(app.popup.is_none());
    let due = app.store.read().reminder(rid).expect("reminder").due_on;
    assert_eq!(due, now().today() + chrono::Duration::days(7));
}

fn search_finds_cyrillic_and_selects_the_card() {
    let mut app = app(Lang::Ru, 24);
    press(&mut app, "/ромашк");
    let Some(Popup::Search(search)) = &app.popup else {
        panic!("search is open");
    };
    assert_eq!(search.results[0].name, "Иван Петров");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(app.current_client().expect("selected").name, "Иван Петров");
}

fn adding_a_client_validates_then_saves() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "a");
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("name is empty"))
    );
    press(&mut app, "Зоя Космодемьянская");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    let selected = app.current_client().expect("the new card is selected");
    assert_eq!(selected.name, "Зоя Космодемьянская");
    assert_eq!(selected.stage, Stage::Telemarketer);
}

fn remind_and_lose_through_forms() {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    press(&mut app, "rcall about the price");
    key(&mut app, KeyCode::Tab);
    for _ in 0.."tomorrow".len() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "someday");
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("a bad date keeps the form open");
    };
    assert!(form.error.as_deref().is_some_and(|e| e.contains("someday")));
    for _ in 0.."someday".len() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "+3d");
    key(&mut app, KeyCode::Enter);
    let reminders = app.store.read().client_reminders(id).expect("reminders");
    assert!(reminders.iter().any(|r| r.text == "call about the price"
        && r.due_on == now().today() + chrono::Duration::days(3)));

    press(&mut app, "xtdecided to wait");
    key(&mut app, KeyCode::Enter);
    let client = app.store.read().client(id).expect("client");
    assert_eq!(client.status, Status::Lost);
    assert_eq!(client.lost_reason.as_deref(), Some("decided to wait"));
}

fn enter_opens_the_detail_and_q_goes_back_then_quits() {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Detail { .. }));
    press(&mut app, "q");
    assert!(matches!(app.screen, Screen::Board));
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn changes_from_another_connection_show_up() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path).expect("store");
    konveyer::demo::fill(&mut store, now(), Lang::En).expect("demo");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    assert!(!app.refresh_if_changed().expect("check"));
    let before = app.columns[0].count;
    let mut other = Store::open(&path).expect("second connection");
    let new = konveyer::domain::NewClient {
        name: "From the CLI".into(),
        ..Default::default()
    };
    service::add_client(&mut other, now(), new).expect("add");
    assert!(app.refresh_if_changed().expect("check"));
    assert_eq!(app.columns[0].count, before + 1);
}

#[test]
fn snapshot_board_80x24() {
    let app = app(Lang::En, 24);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn snapshot_board_160x48_russian() {
    let app = app(Lang::Ru, 48);
    insta::assert_snapshot!(render(&app, 160, 48));
}

#[test]
fn snapshot_help_overlay() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "?");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn snapshot_client_detail_russian() {
    let mut app = app(Lang::Ru, 30);
    press(&mut app, "lll");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app, 100, 30));
}

#[test]
fn snapshot_add_form_with_error() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "a");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "ООО Ромашка");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn snapshot_too_small() {
    let app = app(Lang::En, 10);
    insta::assert_snapshot!(render(&app, 50, 10));
}

fn u_undoes_moves_done_and_lose_one_step_at_a_time() {
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

fn focus_mode_logs_ten_calls_key_outcome_next() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "1");
    assert_eq!(app.focus_stage, Some(Stage::Telemarketer));
    assert_eq!(app.columns.len(), 1, "one station, full width");
    let mut called = Vec::new();
    for _ in 0..10 {
        let id = selected_id(&app);
        called.push(id);
        press(&mut app, "c");
        assert!(matches!(app.popup, Some(Popup::Outcome(_))));
        press(&mut app, "1");
        assert!(app.popup.is_none());
        assert!(
            app.notice
                .as_ref()
                .is_some_and(|n| n.text.contains("no answer")),
            "{:?}",
            app.notice
        );
    }
    called.sort_unstable();
    called.dedup();
    assert_eq!(called.len(), 10, "each call brought up the next client");
    let calls = called
        .iter()
        .map(|id| app.store.read().activities(*id).expect("timeline"))
        .filter(|t| t.iter().any(|a| a.outcome.as_deref() == Some("no-answer")))
        .count();
    assert_eq!(calls, 10);
    press(&mut app, "1");
    assert_eq!(app.focus_stage, None);
    assert_eq!(app.columns.len(), 4);
    assert_eq!(app.columns[app.col].stage, Stage::Telemarketer);
}

fn focus_queue_puts_due_reminders_first() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "2");
    let today = now().today();
    let first = &app.columns[0].cards[0];
    let (due, _) = first.next_due.expect("a reminder");
    assert!(due <= today, "the first card is due: {due}");
    let due_flags: Vec<bool> = app.columns[0]
        .cards
        .iter()
        .map(|c| c.next_due.is_some_and(|(d, _)| d <= today))
        .collect();
    assert!(
        due_flags.windows(2).all(|w| w[0] || !w[1]),
        "due cards come first: {due_flags:?}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus_stage, None);
}

fn outcome_interested_moves_and_not_target_loses() {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    press(&mut app, "c3");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Qualifier
    );
    let other = selected_id(&app);
    press(&mut app, "c4");
    key(&mut app, KeyCode::Enter);
    let lost = app.store.read().client(other).expect("client");
    assert_eq!(
        (lost.status, lost.lost_reason.as_deref()),
        (Status::Lost, Some("not a target"))
    );
}

fn invoice_then_paid_moves_a_hunter_client_to_the_farmer() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    let id = selected_id(&app);
    let before = app.store.read().client_orders(id).expect("orders").len();
    press(&mut app, "i12 500");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let orders = app.store.read().client_orders(id).expect("orders");
    assert_eq!(orders.len(), before + 1);
    // Pay every open invoice of the client; the first payment promotes it.
    while app
        .store
        .read()
        .client_orders(id)
        .expect("orders")
        .iter()
        .any(|o| o.paid_on.is_none())
    {
        app.jump_to(id).expect("jump");
        press(&mut app, "p");
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Farmer
    );
    press(&mut app, "p");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no unpaid invoice"))
    );
}

#[test]
fn snapshot_focus_mode() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "1");
    insta::assert_snapshot!(render(&app, 100, 24));
}

#[test]
fn snapshot_agenda_screen() {
    let mut app = app(Lang::Ru, 40);
    press(&mut app, "A");
    assert!(matches!(app.screen, Screen::Agenda { .. }));
    insta::assert_snapshot!(render(&app, 100, 40));
}

#[test]
fn snapshot_farmer_over_capacity() {
    let mut config = Config::default();
    config.rules.farmer_capacity = 5;
    let mut app = App::new(
        demo_store(Lang::En),
        Lang::En,
        config,
        now(),
        view::cards_per_column(24),
    )
    .expect("app");
    app.color = false;
    let screen = render(&app, 100, 24);
    assert!(
        screen.contains("8/5") && screen.contains("over capacity"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// Types `text` into the search pop-up (after `/`).
fn search(app: &mut App, text: &str) {
    press(app, "/");
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn find(app: &App, name: &str) -> i64 {
    app.store
        .read()
        .clients(&Default::default())
        .expect("clients")
        .into_iter()
        .find(|c| c.name.contains(name))
        .expect("the demo has this client")
        .id
}

fn search_inside_a_focus_queue_selects_the_found_client() {
    let mut app = app(Lang::Ru, 24);
    let target = find(&app, "Ильин");
    press(&mut app, "1");
    search(&mut app, "металлист");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.focus_stage,
        Some(Stage::Telemarketer),
        "still in the queue"
    );
    assert_eq!(selected_id(&app), target);
    // The next key acts on that client, not on a neighbour.
    press(&mut app, "c1");
    let timeline = app.store.read().activities(target).expect("timeline");
    assert!(
        timeline
            .iter()
            .any(|a| a.outcome.as_deref() == Some("no-answer"))
    );
}

fn search_finds_yo_as_ye_and_a_phone_by_its_digits() {
    let mut app = app(Lang::En, 24);
    let id = service::add_client(
        &mut app.store,
        now(),
        konveyer::domain::NewClient {
            name: "Артём Чебоксёров".into(),
            phone: Some("+7 999 000-11-22".into()),
            ..Default::default()
        },
    )
    .expect("add");
    for query in ["чебоксеров", "89990001122", "79990001122", "8 999 000"] {
        search(&mut app, query);
        key(&mut app, KeyCode::Enter);
        assert_eq!(selected_id(&app), id, "{query}");
    }
}

fn an_invoice_in_a_focus_queue_keeps_the_selection_on_its_client() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "3");
    assert_eq!(app.focus_stage, Some(Stage::Hunter));
    press(&mut app, "j");
    let id = selected_id(&app);
    press(&mut app, "i");
    for c in "1000".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.notice);
    assert_eq!(selected_id(&app), id, "re-sorted, still on the same client");
}

fn paid_on_the_board_follows_the_card_to_the_farmer() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "ll");
    assert_eq!(app.columns[app.col].stage, Stage::Hunter);
    let id = selected_id(&app);
    let amount = konveyer::domain::Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    service::invoice(&mut app.store, now(), id, &amount, now().today()).expect("invoice");
    press(&mut app, "p");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.columns[app.col].stage, Stage::Farmer);
    assert_eq!(selected_id(&app), id, "the selection moved with the card");
}

fn undo_and_a_live_reload_keep_the_selection_on_its_client() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "jj");
    let id = selected_id(&app);
    // Another window moves the card above this one away: the list shifts.
    let above = app.columns[0].cards[1].client.id;
    service::move_client(
        &mut app.store,
        now(),
        above,
        konveyer::domain::StageTarget::Next,
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

fn the_pane_acts_on_its_reminders_client_or_says_why_not() {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    let r = app
        .selected_reminder()
        .expect("the demo has reminders")
        .clone();
    let client = r.client_id.expect("about a client");
    press(&mut app, "c");
    assert!(matches!(app.popup, Some(Popup::Outcome(id)) if id == client));
    key(&mut app, KeyCode::Esc);
    press(&mut app, "x");
    assert!(
        matches!(app.popup, Some(Popup::LossReason(id)) if id == client),
        "{:?}",
        app.notice
    );
    key(&mut app, KeyCode::Esc);
    press(&mut app, "R");
    assert!(
        matches!(app.screen, Screen::Reports(_)),
        "R opens the reports"
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Board));
    press(&mut app, "Z");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("does nothing here")),
        "{:?}",
        app.notice
    );
    // Delete, then undo brings it back.
    key(&mut app, KeyCode::Delete);
    assert!(app.store.read().reminder(r.id).is_err());
    press(&mut app, "u");
    assert!(app.store.read().reminder(r.id).is_ok());
}

fn done_on_an_empty_pane_says_why() {
    let store = Store::open_in_memory().expect("store");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "d");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("no reminder selected")),
        "{:?}",
        app.notice
    );
}

fn the_agenda_is_a_list_to_work() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "A");
    let Screen::Agenda { items, .. } = &app.screen else {
        panic!("not the agenda");
    };
    let first = items[0];
    let count = items.len();
    press(&mut app, "G");
    press(&mut app, "k");
    let Screen::Agenda { selected, .. } = &app.screen else {
        panic!("not the agenda");
    };
    assert_eq!(
        *selected,
        count - 2,
        "G goes to the last item, k comes back"
    );
    press(&mut app, "g");
    press(&mut app, "d");
    let rid = first.reminder_id.expect("a reminder first");
    assert!(
        app.store
            .read()
            .reminder(rid)
            .expect("reminder")
            .done_at
            .is_some()
    );
    press(&mut app, "c");
    assert!(matches!(app.popup, Some(Popup::Outcome(_))));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Detail { .. }));
}

fn a_call_to_a_farmer_is_logged_and_interest_opens_an_invoice() {
    let mut app = app(Lang::Ru, 24);
    press(&mut app, "lll");
    assert_eq!(app.columns[app.col].stage, Stage::Farmer);
    let id = selected_id(&app);
    press(&mut app, "c3");
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.notice
    );
    let timeline = app.store.read().activities(id).expect("timeline");
    assert_eq!(
        timeline.last().and_then(|a| a.outcome.as_deref()),
        Some("interested")
    );
}

fn ctrl_c_cancels_a_form_and_esc_then_a_key_are_two_keys() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "a");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.popup.is_none() && !app.quit, "cancelled, not typed");
    press(&mut app, "/");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.popup.is_none(), "search cancelled");
    press(&mut app, "1");
    // Esc (leave focus) and j arriving together read as Alt+j.
    app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    assert_eq!(app.focus_stage, None);
    assert_eq!(app.columns[app.col].selected, 1);
}

fn lost_cards_shown_with_z_do_not_count_against_capacity() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "lll");
    let active = app.columns[app.col].active;
    let id = selected_id(&app);
    service::lose(&mut app.store, now(), id, "moved away").expect("lose");
    press(&mut app, "z");
    let farmer = &app.columns[app.col];
    assert_eq!(farmer.active, active - 1);
    assert!(farmer.count > farmer.active);
    let screen = render(&app, 120, 35);
    assert!(screen.contains(&format!("{}/60", active - 1)), "{screen}");
}

/// No card shows a date cut in the middle (`@27.` / `@27.11 1`).
fn assert_dates_whole(screen: &str) {
    for line in screen.lines() {
        for (i, _) in line.match_indices('@') {
            let date: String = line[i + 1..].chars().take(5).collect();
            let ok = date.len() == 5
                && date.chars().enumerate().all(
                    |(j, c)| {
                        if j == 2 { c == '.' } else { c.is_ascii_digit() }
                    },
                );
            assert!(ok, "a cut date in {line:?}");
        }
    }
}

fn snapshots_in_both_languages_at_80_and_120_columns() {
    for lang in [Lang::En, Lang::Ru] {
        for (w, h) in [(80, 24), (120, 35)] {
            let mut app = app(lang, h);
            let board = render(&app, w, h);
            assert_footer_whole(&board, lang);
            assert_dates_whole(&board);
            key(&mut app, KeyCode::Tab);
            let pane = render(&app, w, h);
            assert_footer_whole(&pane, lang);
            // The selected reminder's whole text leads the footer, with its client.
            let r = app.selected_reminder().expect("a reminder").clone();
            let name = r.client_name.clone().expect("about a client");
            assert!(pane.lines().last().is_some_and(|f| f.contains(&name)));
            insta::assert_snapshot!(format!("board_{lang:?}_{w}x{h}"), board);
            insta::assert_snapshot!(format!("pane_{lang:?}_{w}x{h}"), pane);
        }
    }
}

#[test]
fn snapshot_empty_board() {
    let store = Store::open_in_memory().expect("store");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    app.color = false;
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("press a to add your first client"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// The demo in a file that a second connection (the CLI, another board)
/// can write to while this board is open.
fn file_app(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
    let path = dir.path().join("k.db");
    konveyer::demo::create(&path, now(), Lang::En).expect("demo");
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
            .any(|a| a.kind == konveyer::domain::ActivityKind::Lost)
    );

    // A client added here, invoiced and paid from the CLI: nothing is deleted.
    press(&mut app, "a");
    for c in "Acme".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    key(&mut app, KeyCode::Enter);
    let added = selected_id(&app);
    let amount = konveyer::domain::Money {
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
        .filter(|x| x.kind == konveyer::domain::ActivityKind::Move)
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
    let amount = konveyer::domain::Money {
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

fn a_paste_goes_into_the_field_never_into_the_keys() {
    let mut app = app(Lang::En, 24);
    let before = app.store.read().count_clients(None, None).expect("count");
    press(&mut app, "a");
    app.paste("Acme Ltd\nxno budget\n");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the form is still open");
    };
    assert_eq!(form.value(0), "Acme Ltd xno budget");
    key(&mut app, KeyCode::Esc);
    app.paste("x\nL\n");
    assert!(app.popup.is_none());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("paste"))
    );
    let lost = app
        .store
        .read()
        .count_clients(None, Some(Status::Lost))
        .expect("count");
    assert_eq!(
        app.store.read().count_clients(None, None).expect("count"),
        before
    );
    assert_eq!(lost, app_lost_in_demo(), "nothing was lost by a paste");
}

fn app_lost_in_demo() -> i64 {
    demo_store(Lang::En)
        .read()
        .count_clients(None, Some(Status::Lost))
        .expect("count")
}

fn a_client_referred_by_the_open_one_is_one_key_from_its_detail() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "lll");
    let referrer = selected_id(&app);
    key(&mut app, KeyCode::Enter);
    press(&mut app, "a");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the add form");
    };
    assert_eq!(form.value(6), format!("#{referrer}"));
    assert!(form.title.contains("Referred by"), "{}", form.title);
    press(&mut app, "Irina Friend");
    key(&mut app, KeyCode::Enter);
    let added = selected_id(&app);
    let client = app.store.read().client(added).expect("client");
    assert_eq!(client.referred_by, Some(referrer));
    assert_eq!(client.source.as_deref(), Some("referral"));
    app.jump_to(referrer).expect("jump");
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("referred 1 client"), "{screen}");
    // The farmer's cards wear their segment.
    key(&mut app, KeyCode::Esc);
    let board = render(&app, 160, 40);
    assert!(app.segments.contains_key(&referrer));
    let badge = format!("{} ", app.segments[&referrer].key());
    assert!(board.contains(&badge), "{board}");
}

fn the_header_shows_the_weeks_plan_and_todays_with_a_day_plan() {
    let mut app = app(Lang::En, 24);
    let screen = render(&app, 160, 40);
    assert!(screen.contains("new leads 5"), "real counts without a plan");
    use konveyer::domain::report::Metric;
    service::set_plan(
        &mut app.store,
        "2026-W48",
        &[(Metric::Calls, 50), (Metric::NewLeads, 20)],
    )
    .expect("plan");
    service::set_plan(&mut app.store, "2026-11-23", &[(Metric::Calls, 12)]).expect("day plan");
    app.reload().expect("reload");
    let header = render(&app, 160, 40)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("plan: leads 5/20 calls"), "{header}");
    assert!(header.contains("today: calls"), "{header}");
    assert!(!header.contains("first sales"), "{header}");
}

fn losing_offers_the_reasons_by_digit() {
    let mut app = app(Lang::Ru, 24);
    let id = selected_id(&app);
    press(&mut app, "x");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("1  нет бюджета") && screen.contains("t  своими словами"),
        "{screen}"
    );
    press(&mut app, "1");
    let client = app.store.read().client(id).expect("client");
    assert_eq!(client.lost_reason.as_deref(), Some("нет бюджета"));
    assert!(app.popup.is_none());
}

// Every board test that starts from the demo runs on SQLite and on
// PostgreSQL alike (`sqlite::NAME`, `postgres::NAME`).
konveyer::conformance!(
    j_and_k_move_the_selection_within_the_column,
    scrolling_past_the_window_loads_the_next_cards,
    h_and_l_move_between_columns_and_stop_at_the_ends,
    shift_l_moves_the_card_to_the_next_station_in_the_database,
    tab_switches_to_the_reminder_pane_where_d_marks_done,
    snooze_by_a_week_moves_the_reminder,
    search_finds_cyrillic_and_selects_the_card,
    adding_a_client_validates_then_saves,
    remind_and_lose_through_forms,
    enter_opens_the_detail_and_q_goes_back_then_quits,
    u_undoes_moves_done_and_lose_one_step_at_a_time,
    focus_mode_logs_ten_calls_key_outcome_next,
    focus_queue_puts_due_reminders_first,
    outcome_interested_moves_and_not_target_loses,
    invoice_then_paid_moves_a_hunter_client_to_the_farmer,
    search_inside_a_focus_queue_selects_the_found_client,
    search_finds_yo_as_ye_and_a_phone_by_its_digits,
    an_invoice_in_a_focus_queue_keeps_the_selection_on_its_client,
    paid_on_the_board_follows_the_card_to_the_farmer,
    undo_and_a_live_reload_keep_the_selection_on_its_client,
    the_pane_acts_on_its_reminders_client_or_says_why_not,
    done_on_an_empty_pane_says_why,
    the_agenda_is_a_list_to_work,
    a_call_to_a_farmer_is_logged_and_interest_opens_an_invoice,
    ctrl_c_cancels_a_form_and_esc_then_a_key_are_two_keys,
    lost_cards_shown_with_z_do_not_count_against_capacity,
    snapshots_in_both_languages_at_80_and_120_columns,
    a_paste_goes_into_the_field_never_into_the_keys,
    a_client_referred_by_the_open_one_is_one_key_from_its_detail,
    the_header_shows_the_weeks_plan_and_todays_with_a_day_plan,
    losing_offers_the_reasons_by_digit,
);
