//! Team mode at scale: `cargo bench --bench team` generates 100 000
//! clients (KONVEYER_BENCH_CLIENTS to change), copies them into a
//! throwaway PostgreSQL server of its own (as `migrate-to` does), and
//! measures the same things on the local file and on PostgreSQL: the
//! board's open → first frame, a key that moves a card → redraw, and the
//! whole `konveyer list --json` command; then the board of one person of a
//! team (their own cards).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use konveyer::config::Config;
use konveyer::i18n::Lang;
use konveyer::service::Now;
use konveyer::store::Store;
use konveyer::store::test_server::url_as;
use konveyer::tui::app::App;
use konveyer::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;
const NOW: &str = "2026-11-23T10:00";

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn report(name: &str, samples: &mut [Duration]) {
    let n = samples.len();
    let max = samples.iter().max().copied().unwrap_or_default();
    println!(
        "{name:<44} median {:>8.1} ms   max {:>8.1} ms   (n={n})",
        median(samples).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
    );
}

fn board(open: &dyn Fn() -> Store) -> (App, Terminal<TestBackend>) {
    let now = Now::parse(NOW).expect("now");
    let rows = view::cards_per_column(HEIGHT);
    let app = App::new(open(), Lang::En, Config::default(), now, rows).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal.draw(|f| view::draw(f, &app)).expect("draw");
    (app, terminal)
}

/// Open → first frame, then L/H (a card moved, the board reloaded, drawn).
fn measure(what: &str, open: &dyn Fn() -> Store) {
    let mut first = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let (mut app, _terminal) = board(open);
        first.push(start.elapsed());
        app.settle().expect("settle");
    }
    report(&format!("{what}: open → first frame"), &mut first);
    let (mut app, mut terminal) = board(open);
    app.settle().expect("settle");
    // The first column with cards (one person may have none in the first).
    for _ in 0..5 {
        if app.current_client().is_some() {
            break;
        }
        app.handle_key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::NONE));
    }
    let mut moves = Vec::new();
    for i in 0..50 {
        let c = if i % 2 == 0 { 'L' } else { 'H' };
        let start = Instant::now();
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        app.refresh_if_changed().expect("refresh");
        terminal.draw(|f| view::draw(f, &app)).expect("draw");
        moves.push(start.elapsed());
    }
    if let Some((text, true)) = app.notice() {
        panic!("{what}: {text}");
    }
    report(&format!("{what}: L/H (move a card) → redraw"), &mut moves);
}

/// The whole `konveyer list --json` command on `db`, output thrown away.
fn list_json(what: &str, db: &str, user: Option<&str>) {
    let mut runs = Vec::new();
    for _ in 0..5 {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_konveyer"));
        cmd.args(["--db", db, "list", "--json"])
            .env("KONVEYER_NOW", NOW)
            .stdout(Stdio::null());
        if let Some(user) = user {
            cmd.env("KONVEYER_USER", user);
        }
        let start = Instant::now();
        let status = cmd.status().expect("run");
        runs.push(start.elapsed());
        assert!(status.success(), "list --json on {what}");
    }
    report(&format!("{what}: konveyer list --json"), &mut runs);
}

fn main() {
    let clients: u32 = std::env::var("KONVEYER_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let now = Now::parse(NOW).expect("now");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bench.db");
    konveyer::generate::create(&path, now, clients).expect("generate");
    println!("{clients} clients");

    let url = konveyer::store::test_server::fresh_url();
    let start = Instant::now();
    {
        // As a team is set up: the admin makes the roles and the schema,
        // then copies the local base in.
        let local = Store::open(&path).expect("open");
        let mut team = Store::init_team(&url).expect("set the team up");
        local.copy_into(&mut team, &url).expect("copy");
    }
    println!(
        "migrate-to (copy into PostgreSQL)              {:>8.2} s",
        start.elapsed().as_secs_f64()
    );

    let file = |p: &Path| {
        let p = p.to_path_buf();
        move || Store::open(&p).expect("open")
    };
    measure("SQLite", &file(&path));
    let pg = || Store::open_pg(&url).expect("open");
    measure("PostgreSQL", &pg);
    list_json("SQLite", path.to_str().expect("path"), None);
    list_json("PostgreSQL", &url, None);

    // One person of a team, signed in as their own role (row-level
    // security in force): their own cards on the board by default.
    {
        let mut team = Store::open_pg(&url).expect("open");
        let now = Now::parse(NOW).expect("now");
        for (login, stations) in [
            ("head", "telemarketer"),
            ("q1", "qualifier"),
            ("f1", "farmer"),
        ] {
            let stages: Vec<_> = stations
                .split(',')
                .map(|s| konveyer::domain::Stage::parse(s).expect("stage"))
                .collect();
            let person = konveyer::service::NewPerson {
                name: login,
                login,
                stations: &stages,
                head: login == "head",
                password: None,
            };
            konveyer::service::add_user(&mut team, now, &person).expect("user");
        }
    }
    let q1 = url_as(&url, "q1");
    let person = || {
        let mut store = Store::open_pg(&q1).expect("open");
        konveyer::service::identify(&mut store, None).expect("who");
        store
    };
    measure("PostgreSQL, one person's cards", &person);
    list_json("PostgreSQL, as one person", &q1, None);
}
