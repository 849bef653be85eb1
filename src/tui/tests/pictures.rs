//! The board as pictures: snapshots at fixed sizes, in both languages.

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::app::{App, Screen};
use crate::tui::view;
use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[test]
fn snapshot_board_80x24() {
    let app = app(Lang::En, 24);
    snapshot!("board__snapshot_board_80x24", render(&app, 80, 24));
}

#[test]
fn snapshot_board_160x48_russian() {
    let app = app(Lang::Ru, 48);
    snapshot!(
        "board__snapshot_board_160x48_russian",
        render(&app, 160, 48)
    );
}

#[test]
fn snapshot_help_overlay() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "?");
    snapshot!("board__snapshot_help_overlay", render(&app, 80, 24));
}

#[test]
fn snapshot_client_detail_russian() {
    let mut app = app(Lang::Ru, 30);
    press(&mut app, "lll");
    key(&mut app, KeyCode::Enter);
    snapshot!(
        "board__snapshot_client_detail_russian",
        render(&app, 100, 30)
    );
}

#[test]
fn snapshot_add_form_with_error() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "a");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "ООО Ромашка");
    key(&mut app, KeyCode::Enter);
    snapshot!("board__snapshot_add_form_with_error", render(&app, 80, 24));
}

#[test]
fn snapshot_too_small() {
    let app = app(Lang::En, 10);
    snapshot!("board__snapshot_too_small", render(&app, 50, 10));
}

#[test]
fn snapshot_focus_mode() {
    let mut app = app(Lang::En, 24);
    press(&mut app, "1");
    snapshot!("board__snapshot_focus_mode", render(&app, 100, 24));
}

#[test]
fn snapshot_agenda_screen() {
    let mut app = app(Lang::Ru, 40);
    press(&mut app, "A");
    assert!(matches!(app.screen, Screen::Agenda { .. }));
    snapshot!("board__snapshot_agenda_screen", render(&app, 100, 40));
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
    snapshot!("board__snapshot_farmer_over_capacity", screen);
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

#[apply(engines)]
fn snapshots_in_both_languages_at_80_and_120_columns(_engine: Engine) {
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
            snapshot!(format!("board__board_{lang:?}_{w}x{h}"), board);
            snapshot!(format!("board__pane_{lang:?}_{w}x{h}"), pane);
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
    snapshot!("board__snapshot_empty_board", screen);
}

/// The help overlay shows every key's text whole wherever the terminal
/// has room for it (at 160×45 it cut them at 100 columns before).
#[test]
fn the_help_overlay_is_whole_at_160_by_45_in_both_languages() {
    for lang in [Lang::En, Lang::Ru] {
        let mut app = app(lang, 45);
        press(&mut app, "?");
        let screen = render(&app, 160, 45);
        let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        for b in crate::tui::keymap::BINDINGS.iter() {
            let help = crate::tui::action::action_help(lang, b.action);
            let scoped = b.scopes.iter().any(|s| {
                !matches!(
                    s,
                    crate::tui::keymap::Scope::Reports | crate::tui::keymap::Scope::Team
                )
            });
            if scoped {
                let words: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(flat.contains(&words), "{lang:?}: '{help}' cut:\n{screen}");
            }
        }
        // How forms work, to its last word.
        let forms = crate::i18n::board::texts(lang).help_forms;
        let words: String = forms.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&words), "{lang:?}: '{forms}' cut:\n{screen}");
    }
}
