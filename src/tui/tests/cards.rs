//! What the board does to a client: moves, new clients, reminders and
//! losses through forms, call outcomes (invoices and payments are in
//! `deals.rs`).

use crate::domain::{Stage, Status};
use crate::i18n::Lang;
use crate::service;
use crate::tui::app::Popup;
use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn shift_l_moves_the_card_to_the_next_station_in_the_database(_engine: Engine) {
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

#[apply(engines)]
fn adding_a_client_validates_then_saves(_engine: Engine) {
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

#[apply(engines)]
fn remind_and_lose_through_forms(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    press(&mut app, "rcall about the price");
    key(&mut app, KeyCode::Tab);
    // The suggested "tomorrow" goes at the first key typed.
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

#[apply(engines)]
fn outcome_interested_moves_and_not_target_loses(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = selected_id(&app);
    press(&mut app, "c3");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Qualifier
    );
    // The call answered its only reminder: the next step is asked; skipped.
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.popup
    );
    key(&mut app, KeyCode::Esc);
    let other = selected_id(&app);
    press(&mut app, "c4");
    key(&mut app, KeyCode::Enter);
    let lost = app.store.read().client(other).expect("client");
    assert_eq!(
        (lost.status, lost.lost_reason.as_deref()),
        (Status::Lost, Some("not a target"))
    );
    // A reason typed replaces the suggested one, not added to its end.
    let third = selected_id(&app);
    assert_ne!(third, other);
    press(&mut app, "c4no budget");
    key(&mut app, KeyCode::Enter);
    let lost = app.store.read().client(third).expect("client");
    assert_eq!(lost.lost_reason.as_deref(), Some("no budget"));
}

#[apply(engines)]
fn a_call_to_a_farmer_is_logged_and_interest_opens_an_invoice(_engine: Engine) {
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

#[apply(engines)]
fn lost_cards_shown_with_z_do_not_count_against_capacity(_engine: Engine) {
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

#[apply(engines)]
fn a_client_referred_by_the_open_one_is_one_key_from_its_detail(_engine: Engine) {
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

#[apply(engines)]
fn losing_offers_the_reasons_by_digit(_engine: Engine) {
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

#[apply(engines)]
fn a_known_phone_in_another_spelling_is_caught_and_the_person_chooses(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let known = add_named(&mut app, "Алексей Кузнецов", Some("+7 928 991-93-87"));
    let total = |app: &crate::tui::app::App| app.columns.iter().map(|c| c.count).sum::<i64>();
    app.reload().expect("reload");
    let before = total(&app);
    // Name, company, then the phone as a person dictates it.
    let add = |app: &mut crate::tui::app::App| {
        press(app, "a");
        press(app, "Лёша");
        key(app, KeyCode::Tab);
        press(app, "ТехноСтрой");
        key(app, KeyCode::Tab);
        press(app, "8 928 991 93 87");
        key(app, KeyCode::Enter);
    };
    add(&mut app);
    assert!(
        matches!(app.popup, Some(Popup::Duplicate(_))),
        "{:?}",
        app.popup
    );
    let screen = render(&app, 120, 35);
    assert!(
        screen.contains(&format!(
            "This phone is already #{known} Алексей Кузнецов's"
        )),
        "{screen}"
    );
    // Esc: back to the form as it was.
    key(&mut app, KeyCode::Esc);
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the form again: {:?}", app.popup);
    };
    assert_eq!(form.value(2), "8 928 991 93 87");
    key(&mut app, KeyCode::Enter);
    // m: the known client's empty fields filled, nobody added.
    press(&mut app, "m");
    assert!(app.popup.is_none());
    assert_eq!(total(&app), before);
    let merged = app.store.read().client(known).expect("client");
    assert_eq!(merged.company.as_deref(), Some("ТехноСтрой"));
    assert_eq!(merged.name, "Алексей Кузнецов", "nothing overwritten");
    assert_eq!(selected_id(&app), known);
    // a: a new client anyway, its phone as an import stores it.
    add(&mut app);
    press(&mut app, "a");
    assert_eq!(total(&app), before + 1);
    let added = app.current_client().expect("the new card");
    assert_eq!(
        (added.name.as_str(), added.phone.as_deref()),
        ("Лёша", Some("+79289919387"))
    );
    // o: the known client's detail.
    add(&mut app);
    press(&mut app, "o");
    assert!(matches!(app.screen, crate::tui::app::Screen::Detail { .. }));
}

#[apply(engines)]
fn the_call_pop_up_shows_the_number_and_the_attempt_and_the_last_offers_the_loss(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = add_named(&mut app, "Недозвон", Some("+79991112233"));
    for attempt in 1..=5 {
        app.jump_to(id).expect("jump");
        press(&mut app, "c");
        let screen = render(&app, 160, 45);
        // The number as a caller reads it, grouped; it is kept in E.164.
        let title = format!("Недозвон · +7 999 111-22-33 · call {attempt}");
        assert!(screen.contains(&title), "{title}:\n{screen}");
        press(&mut app, "1");
    }
    // The fifth unanswered call: the loss, its reason said; Enter takes it.
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the loss form: {:?}", app.popup);
    };
    assert_eq!(form.value(0), "unreachable: no answer 5 times");
    key(&mut app, KeyCode::Enter);
    let client = app.store.read().client(id).expect("client");
    assert_eq!(client.status, Status::Lost);
    assert_eq!(
        client.lost_reason.as_deref(),
        Some("unreachable: no answer 5 times")
    );
}

#[apply(engines)]
fn a_card_without_a_next_step_is_marked_and_a_move_on_asks_for_one(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    assert_eq!(app.unplanned, 0, "every demo card has a next step");
    let id = add_named(&mut app, "Без шага", None);
    app.jump_to(id).expect("jump");
    assert_eq!(app.unplanned, 1);
    let screen = render(&app, 160, 45);
    assert!(screen.contains("no next step 1"), "{screen}");
    assert!(screen.contains(" ∅"), "{screen}");
    // L: the next station asks for the next step; Enter sets tomorrow's.
    press(&mut app, "L");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the next step: {:?}", app.popup);
    };
    assert_eq!(form.value(0), "qualify: budget and decision maker");
    assert_eq!(form.value(1), "tomorrow");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(app.unplanned, 0);
    let open = app.store.read().client_reminders(id).expect("reminders");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].due_on, now().today() + chrono::Duration::days(1));
    // "Interested" on a card that has a next step asks nothing more.
    press(&mut app, "c3");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Hunter
    );
    // One without: Esc skips, and the card stays marked.
    let other = add_named(&mut app, "Ещё без шага", None);
    app.jump_to(other).expect("jump");
    press(&mut app, "c3");
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.popup
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.unplanned, 1);
}

/// The next step's form names the whole client at 80 columns, in
/// Russian too, and says under its fields that Esc skips the step.
#[test]
fn the_next_step_form_names_the_client_and_says_esc_skips() {
    for (lang, name, hint) in [
        (
            Lang::En,
            "Constance Bonacieux",
            "Enter sets the step · Esc skips it",
        ),
        (
            Lang::Ru,
            "Констанция Бонасье",
            "Enter задать шаг · Esc пропустить",
        ),
    ] {
        let mut app = app(lang, 24);
        let id = add_named(&mut app, name, None);
        app.jump_to(id).expect("jump");
        press(&mut app, "L");
        assert!(
            matches!(app.popup, Some(Popup::Form(..))),
            "{:?}",
            app.popup
        );
        let screen = render(&app, 80, 24);
        assert!(screen.contains(&format!("— {name}")), "{screen}");
        assert!(screen.contains(hint), "{screen}");
    }
}

#[apply(engines)]
fn d_dials_with_the_configured_program_or_copies_the_number(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = add_named(&mut app, "Звонок", Some("8 (999) 111-22-33"));
    app.jump_to(id).expect("jump");
    // No dialler: the number goes to the clipboard through the terminal.
    press(&mut app, "D");
    assert_eq!(app.clipboard.as_deref(), Some("+79991112233"));
    assert!(
        matches!(app.popup, Some(Popup::Outcome(c)) if c == id),
        "the call's pop-up"
    );
    key(&mut app, KeyCode::Esc);
    // A dialler: run with the number, no shell between (a script records
    // what it was given).
    let dir = tempfile::tempdir().expect("dir");
    let record = dir.path().join("dialled");
    app.config.dial = vec![
        "sh".into(),
        "-c".into(),
        format!("printf '%s\\n' \"$@\" > {}", record.display()),
        "dialler".into(),
        "tel:{phone}".into(),
        "--quiet".into(),
    ];
    app.clipboard = None;
    press(&mut app, "D");
    assert_eq!(
        std::fs::read_to_string(&record).expect("it ran"),
        "tel:+79991112233\n--quiet\n"
    );
    assert!(app.clipboard.is_none());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("dialling +79991112233"))
    );
    // The outcome keeps how long the call took, from dialling.
    press(&mut app, "1");
    let timeline = app.store.read().activities(id).expect("timeline");
    let call = timeline.last().expect("the call");
    assert_eq!(call.outcome.as_deref(), Some("no-answer"));
    assert!(call.duration_secs.is_some_and(|s| s >= 0), "{call:?}");
    app.jump_to(id).expect("jump");
    // A dialler that is not there: said, nothing else.
    app.config.dial = vec!["no-such-dialler-here".into(), "{phone}".into()];
    press(&mut app, "D");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("no-such-dialler-here"))
    );
}

#[apply(engines)]
fn lost_with_a_day_to_come_back_the_client_is_back_in_the_agenda_then(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = add_named(&mut app, "Весна", None);
    app.jump_to(id).expect("jump");
    // x, own words: the reason and the day to come back.
    press(&mut app, "xt");
    press(&mut app, "call in spring");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "+3mo");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let lost = app.store.read().client(id).expect("client");
    assert_eq!(lost.status, Status::Lost);
    assert_eq!(lost.back_on, Some(now().today() + chrono::Months::new(3)));
    assert!(app.back_today.is_empty());
    // Three months on: the header says so, the agenda lists it, v revives.
    app.now = crate::service::Now::parse("2027-02-24T09:00").expect("now");
    app.reload().expect("reload");
    assert_eq!(app.back_today.len(), 1);
    let screen = render(&app, 160, 45);
    assert!(screen.contains("back today 1 (A)"), "{screen}");
    assert!(
        screen.contains("Back today (1) · A"),
        "the pane lists it: {screen}"
    );
    press(&mut app, "A");
    let screen = render(&app, 160, 45);
    assert!(screen.contains("Back today (1)"), "{screen}");
    assert!(
        screen.contains("Весна — lost for \"call in spring\" on 2026-11-23"),
        "{screen}"
    );
    press(&mut app, "v");
    let back = app.store.read().client(id).expect("client");
    assert_eq!((back.status, back.back_on), (Status::Active, None));
    assert!(app.back_today.is_empty());
}

#[test]
fn a_colleague_on_a_known_office_line_is_added_and_the_board_says_whose_line() {
    let mut app = app(Lang::En, 24);
    let known = add_named(&mut app, "Иванов Иван", Some("+7 495 111-22-33"));
    app.reload().expect("reload");
    press(&mut app, "a");
    press(&mut app, "Козлова Мария");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "8 495 111 22 33");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let added = app.current_client().expect("the new card");
    assert_ne!(added.id, known);
    assert_eq!(
        (added.name.as_str(), added.phone.as_deref()),
        ("Козлова Мария", Some("+74951112233"))
    );
    let screen = render(&app, 120, 35);
    assert!(
        screen.contains(&format!(
            "added as a client of their own — the office line of #{known} Иванов Иван"
        )),
        "{screen}"
    );
}
