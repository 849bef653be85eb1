//! Moving about the board: cards and columns, the detail, search, a
//! change made elsewhere, keys inside forms.

use crate::config::{Config, KeyNames};
use crate::domain::{Stage, Status};
use crate::i18n::Lang;
use crate::service;
use crate::store::Store;
use crate::tui::app::{App, Popup, Purpose, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn j_and_k_move_the_selection_within_the_column(_engine: Engine) {
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

#[apply(engines)]
fn scrolling_past_the_window_loads_the_next_cards(_engine: Engine) {
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

#[apply(engines)]
fn h_and_l_move_between_columns_and_stop_at_the_ends(_engine: Engine) {
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

#[apply(engines)]
fn enter_opens_the_detail_and_q_goes_back_then_quits(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Detail { .. }));
    press(&mut app, "q");
    assert!(matches!(app.screen, Screen::Board));
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

/// A client's tags (from `add --tags`, `edit`, an import) are in its
/// detail, and a note of several lines (an import's) is a line each.
#[apply(engines)]
fn a_clients_detail_shows_its_tags_and_each_line_of_its_note(_engine: Engine) {
    let mut app = app(Lang::En, 30);
    let id = app.current_client_id().expect("a card");
    let client = app.store.read().client(id).expect("client");
    let tagged = crate::domain::NewClient {
        tags: Some("vip, опт".into()),
        notes: Some("called herself\nID: 77\nJob title: owner".into()),
        ..crate::domain::NewClient::from_client(&client)
    };
    service::edit_client(&mut app.store, now(), id, tagged).expect("edit");
    app.reload().expect("reload");
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("Tags      vip, опт"), "{screen}");
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Notes     called herself"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(lines[at + 1].contains("          ID: 77"), "{screen}");
    assert!(
        lines[at + 2].contains("          Job title: owner"),
        "{screen}"
    );
}

#[test]
fn changes_from_another_connection_show_up() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path).expect("store");
    crate::demo::fill(&mut store, now(), Lang::En).expect("demo");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    assert!(!app.refresh_if_changed().expect("check"));
    let before = app.columns[0].count;
    let mut other = Store::open(&path).expect("second connection");
    let new = crate::domain::NewClient {
        name: "From the CLI".into(),
        ..Default::default()
    };
    service::add_client(&mut other, now(), new).expect("add");
    assert!(app.refresh_if_changed().expect("check"));
    assert_eq!(app.columns[0].count, before + 1);
}

#[apply(engines)]
fn search_finds_cyrillic_and_selects_the_card(_engine: Engine) {
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

#[apply(engines)]
fn search_finds_yo_as_ye_and_a_phone_by_its_digits(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = service::add_client(
        &mut app.store,
        now(),
        crate::domain::NewClient {
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

#[apply(engines)]
fn ctrl_c_cancels_a_form_and_esc_then_a_key_are_two_keys(_engine: Engine) {
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

#[apply(engines)]
fn a_paste_goes_into_the_field_never_into_the_keys(_engine: Engine) {
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

/// A client's other numbers: found by their digits, shown after the one
/// to dial in the phone field, and typed there the same way (the first
/// is dialled, the rest kept).
#[apply(engines)]
fn the_phone_field_holds_every_number_and_search_finds_each(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "a");
    press(&mut app, "Ирина Волкова");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "8 916 111 22 33, 8 (495) 444-55-66");
    key(&mut app, KeyCode::Enter);
    let id = find(&app, "Ирина Волкова");
    let kept = app.store.read().client(id).expect("client");
    assert_eq!(kept.phone.as_deref(), Some("+79161112233"));
    assert_eq!(kept.other_phones.as_deref(), Some("+74954445566"));
    for query in ["84954445566", "444-55-66", "89161112233"] {
        search(&mut app, query);
        key(&mut app, KeyCode::Enter);
        assert_eq!(selected_id(&app), id, "{query}");
    }
    press(&mut app, "e");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the edit form");
    };
    assert_eq!(form.value(2), "+7 916 111-22-33, +7 495 444-55-66");
    key(&mut app, KeyCode::Enter);
    let again = app.store.read().client(id).expect("client");
    assert_eq!(again, kept, "saved as shown: the same client");
}

/// A WHEN typed into a form is read as it is typed, under the field: a
/// phrase (`через 2 часа`) shows the moment it means, a half-typed one a
/// question mark; Enter keeps what was shown.
#[test]
fn a_when_typed_into_a_form_shows_how_it_reads() {
    let mut app = app(Lang::Ru, 24);
    // The board's first card, called back: its form asks when.
    let id = app.current_client_id().expect("a card");
    press(&mut app, "c2");
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.popup
    );
    // now() is Monday 23 November 2026, 10:00.
    assert!(render(&app, 80, 24).contains("→ вт 24.11 10:00"));
    // When is the first field: typed at once, it replaces the suggestion.
    // A time alone that has passed is tomorrow's; said with today, it is
    // today's and marked as past.
    press(&mut app, "в 9 утра");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("→ вт 24.11 09:00"), "{screen}");
    assert!(!screen.contains("уже прошло"), "{screen}");
    press(&mut app, " сегодня");
    assert!(render(&app, 80, 24).contains("→ пн 23.11 09:00 · уже прошло"));
    for _ in 0.."в 9 утра сегодня".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "через 2 ча");
    assert!(render(&app, 80, 24).contains("→ ?"));
    press(&mut app, "са");
    assert!(render(&app, 80, 24).contains("→ пн 23.11 12:00"));
    press(&mut app, " в 15");
    assert!(
        render(&app, 80, 24).contains("→ ?"),
        "a moment ahead takes no time of day"
    );
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Enter);
    let reminders = app.store.read().client_reminders(id).expect("reminders");
    let at = |r: &crate::domain::Reminder| {
        r.due_at.map(|t| {
            crate::service::utc_to_local(t)
                .format("%F %H:%M")
                .to_string()
        })
    };
    assert!(
        reminders
            .iter()
            .any(|r| at(r).as_deref() == Some("2026-11-23 12:00")),
        "{reminders:?}"
    );
}

/// A call from a number the base does not know: searched, nobody found,
/// Enter opens the add form with the number as the phone (an e-mail as
/// the e-mail, words as the name), and the client is added with it.
#[apply(engines)]
fn a_search_that_finds_nobody_adds_a_client_with_what_was_typed(_engine: Engine) {
    let mut app = app(Lang::Ru, 24);
    search(&mut app, "8 916 555-00-11");
    while app.searching() {
        app.search_goes_on();
    }
    assert!(render(&app, 80, 24).contains("ничего не найдено — Enter: новый клиент"));
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Form(form, Purpose::Add)) = &app.popup else {
        panic!("the add form: {:?}", app.popup);
    };
    assert_eq!(
        (form.value(0), form.value(2), form.value(3)),
        ("", "8 916 555-00-11", "")
    );
    press(&mut app, "Новый Звонящий");
    key(&mut app, KeyCode::Enter);
    let id = find(&app, "Новый Звонящий");
    let client = app.store.read().client(id).expect("added");
    assert_eq!(client.phone.as_deref(), Some("+79165550011"));
    for (typed, at) in [("new@caller.example", 3), ("Пётр Незнакомый", 0)] {
        search(&mut app, typed);
        while app.searching() {
            app.search_goes_on();
        }
        key(&mut app, KeyCode::Enter);
        let Some(Popup::Form(form, Purpose::Add)) = &app.popup else {
            panic!("the add form for {typed}: {:?}", app.popup);
        };
        assert_eq!(form.value(at), typed);
        key(&mut app, KeyCode::Esc);
    }
    // With a match, Enter still goes to it: nothing is added.
    search(&mut app, "89165550011");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(selected_id(&app), id);
}

#[apply(engines)]
fn keys_moved_in_the_config_act_and_the_footer_help_and_hints_name_them(_engine: Engine) {
    let keys = [("move-next", "f"), ("add", "+"), ("help", "!")]
        .into_iter()
        .map(|(action, key)| (action.to_string(), KeyNames::One(key.to_string())))
        .collect();
    let config = Config {
        keys,
        ..Config::default()
    };
    let mut app = app_with(Lang::En, 24, config);
    let id = selected_id(&app);
    // `L` no longer moves the card, and what it says names the help's key.
    press(&mut app, "L");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Telemarketer
    );
    let said = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(said, "L does nothing here — ! lists the keys");
    press(&mut app, "f");
    assert_eq!(
        app.store.read().client(id).expect("client").stage,
        Stage::Qualifier
    );
    app.notice = None;
    let screen = render(&app, 160, 24);
    assert!(
        screen.contains(" f  next stage") && screen.contains(" !  help"),
        "{screen}"
    );
    press(&mut app, "!");
    assert!(matches!(app.popup, Some(Popup::Help)));
    let help = render(&app, 160, 48);
    assert!(help.contains("f  ") && help.contains("+  "), "{help}");
    press(&mut app, "!");
    assert!(app.popup.is_none(), "the help's key closes it too");
    press(&mut app, "+");
    assert!(
        matches!(app.popup, Some(Popup::Form(_, Purpose::Add))),
        "{:?}",
        app.popup
    );
}
