//! What the board tests share: a demo board with a fixed clock, keys,
//! and the screen as text.

use crate::config::Config;
use crate::i18n::Lang;
use crate::service::Now;
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) fn now() -> Now {
    Now::parse("2026-11-23T10:00").expect("fixed now")
}

pub(super) fn demo_store(lang: Lang) -> Store {
    // SQLite in memory, or a database on the tests' PostgreSQL server when
    // the test runs in the conformance suite's `postgres` module.
    let mut store = crate::store::test_server::test_store();
    crate::demo::fill(&mut store, now(), lang).expect("demo");
    store
}

pub(super) fn app(lang: Lang, height: u16) -> App {
    app_with(lang, height, Config::default())
}

/// [`app`] with a config of the test's own.
pub(super) fn app_with(lang: Lang, height: u16, config: Config) -> App {
    let mut app = App::new(
        demo_store(lang),
        lang,
        config,
        now(),
        view::cards_per_column(height),
    )
    .expect("app");
    // A team database sweeps and segments beside the board: wait for it,
    // so that both backends show the same first screen.
    app.settle().expect("settle");
    // The pane's selection stayed on the reminder it was on before the
    // sweep's arrived; start from the top, as a board opened after it does.
    app.rem_selected = 0;
    app.color = false;
    // Never the real Downloads folder.
    app.import_dirs = Some(Vec::new());
    app
}

pub(super) fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

pub(super) fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub(super) fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    terminal.backend().to_string()
}

/// A client of this name (and phone) added behind the board's back, as
/// another window would; its id.
pub(super) fn add_named(app: &mut App, name: &str, phone: Option<&str>) -> i64 {
    let new = crate::domain::NewClient {
        name: name.into(),
        phone: phone.map(str::to_string),
        ..Default::default()
    };
    crate::service::add_client(&mut app.store, now(), new).expect("add")
}

pub(super) fn selected_id(app: &App) -> i64 {
    app.current_client().expect("a selected card").id
}

/// Every hint in the footer is whole: a key box followed by its word(s),
/// and `?` is always there.
pub(super) fn assert_footer_whole(screen: &str, lang: Lang) {
    let footer = screen.lines().last().expect("a footer");
    let help = match lang {
        Lang::En => "?  help",
        Lang::Ru => "?  справка",
    };
    assert!(footer.contains(help), "{footer}");
    assert!(!footer.contains('…'), "a cut word: {footer}");
}

/// The screen against its picture in `snapshots/NAME.snap` (the names the
/// pictures had when these were integration tests, kept).
macro_rules! snapshot {
    ($name:expr, $screen:expr) => {
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $screen);
        })
    };
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

mod cards;
mod deals;
mod focus;
mod imports;
mod keys;
mod pane;
mod pictures;
mod screens;
mod undo;
mod windows;
