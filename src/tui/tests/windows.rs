//! The board's windows at scale: a column read by the keys of the cards on
//! screen is always the window counting from the top would give, after every
//! way of moving and after the board's own changes.

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::view;
use ratatui::crossterm::event::KeyCode;

use super::*;

/// Column `col`'s cards on screen are those counting from the top gives.
fn assert_window_by_position(app: &App, col: usize, what: &str) {
    let column = &app.columns[col];
    let by_position: Vec<i64> = app
        .store
        .read()
        .cards(
            column.stage,
            &app.shown,
            crate::store::CardOrder::InStage,
            column.offset,
            app.card_rows as i64,
        )
        .expect("cards")
        .iter()
        .map(|c| c.client.id)
        .collect();
    let shown: Vec<i64> = column.cards.iter().map(|c| c.client.id).collect();
    assert_eq!(shown, by_position, "{:?} after {what}", column.stage);
}

/// A board on `clients` generated clients, long columns on a 20-row screen.
fn generated_app(clients: u32) -> App {
    let mut store = Store::open_in_memory().expect("store");
    crate::generate::fill(&mut store, now(), clients).expect("generate");
    App::new(
        store,
        Lang::En,
        Config::default(),
        now(),
        view::cards_per_column(20),
    )
    .expect("app")
}

#[test]
fn windows_read_by_key_are_the_windows_by_position() {
    let mut app = generated_app(600);
    let rows = app.card_rows as i64;
    let count = app.columns[0].count;
    assert!(count > 20 * rows, "a long first column: {count}");
    // Every way of moving, with lost cards hidden and shown: the window on
    // screen is the one counting from the top would give, and the
    // selection is where the keys put it.
    let script: &[(&str, KeyCode)] = &[
        ("j", KeyCode::Char('j')),
        ("PgDn", KeyCode::PageDown),
        ("k", KeyCode::Char('k')),
        ("End", KeyCode::End),
        ("PgUp", KeyCode::PageUp),
        ("k", KeyCode::Char('k')),
        ("Home", KeyCode::Home),
    ];
    for lost_shown in [false, true] {
        if lost_shown {
            press(&mut app, "z");
        }
        let mut expected = 0i64;
        for round in 0..3 {
            for (name, code) in script {
                let repeat = if *name == "j" || *name == "PgDn" {
                    rows + 3
                } else {
                    2
                };
                for _ in 0..repeat {
                    key(&mut app, *code);
                    let count = app.columns[0].count;
                    expected = match *name {
                        "j" => expected + 1,
                        "k" => expected - 1,
                        "PgDn" => expected + rows,
                        "PgUp" => expected - rows,
                        "End" => count - 1,
                        _ => 0,
                    }
                    .clamp(0, count - 1);
                    let column = &app.columns[0];
                    assert_eq!(column.selected, expected, "{name} in round {round}");
                    let what = format!("{name} in round {round}, lost {lost_shown}");
                    assert_window_by_position(&app, 0, &what);
                    assert!(column.selected_card().is_some());
                }
            }
        }
    }
}

#[test]
fn after_the_boards_own_moves_every_window_is_the_one_by_position() {
    let mut app = generated_app(600);
    let same_as_by_position = |app: &App, what: &str| {
        for col in 0..app.columns.len() {
            assert_window_by_position(app, col, what);
        }
    };
    // Deep in the first column, then in the second: moves both ways, a
    // loss, an undo — each time the moved card stays selected.
    for _ in 0..5 {
        key(&mut app, KeyCode::PageDown);
    }
    press(&mut app, "ljjjh");
    for (keys, what) in [
        ("L", "a move on"),
        ("H", "a move back"),
        ("jL", "another"),
        ("u", "an undo"),
    ] {
        let before = selected_id(&app);
        press(&mut app, keys);
        same_as_by_position(&app, what);
        if keys == "L" || keys == "H" {
            assert_eq!(
                selected_id(&app),
                before,
                "the card is followed after {what}"
            );
        }
    }
    press(&mut app, "G");
    let last = selected_id(&app);
    press(&mut app, "L");
    same_as_by_position(&app, "the last card moved on");
    assert_eq!(selected_id(&app), last);
    press(&mut app, "hG");
    same_as_by_position(&app, "End in the column it left");
}
