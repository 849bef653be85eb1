//! What the board tests share: a demo board with a fixed clock, keys,
//! and the screen as text.

use konveyer::config::Config;
use konveyer::i18n::Lang;
use konveyer::service::Now;
use konveyer::store::Store;
use konveyer::tui::app::App;
use konveyer::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(crate) fn now() -> Now {
    Now::parse("2026-11-23T10:00").expect("fixed now")
}

pub(crate) fn demo_store(lang: Lang) -> Store {
    // SQLite in memory, or a database on the tests' PostgreSQL server when
    // the test runs in the conformance suite's `postgres` module.
    let mut store = konveyer::store::test_server::test_store();
    konveyer::demo::fill(&mut store, now(), lang).expect("demo");
    store
}

pub(crate) fn app(lang: Lang, height: u16) -> App {
    let mut app = App::new(
        demo_store(lang),
        lang,
        Config::default(),
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
    app
}

pub(crate) fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub(crate) fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    terminal.backend().to_string()
}

pub(crate) fn selected_id(app: &App) -> i64 {
    app.current_client().expect("a selected card").id
}

/// Every hint in the footer is whole: a key box followed by its word(s),
/// and `?` is always there.
pub(crate) fn assert_footer_whole(screen: &str, lang: Lang) {
    let footer = screen.lines().last().expect("a footer");
    let help = match lang {
        Lang::En => "?  help",
        Lang::Ru => "?  справка",
    };
    assert!(footer.contains(help), "{footer}");
    assert!(!footer.contains('…'), "a cut word: {footer}");
}
