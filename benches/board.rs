//! The board at scale: `cargo bench --bench board` generates a database of
//! 100 000 clients (override with KONVEYER_BENCH_CLIENTS) and measures
//! open-to-first-frame, key-to-redraw rounds and peak memory; then reports,
//! export and import (KONVEYER_BENCH_BOARD_ONLY stops after the board).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use konveyer::config::Config;
use konveyer::domain::report::Period;
use konveyer::i18n::Lang;
use konveyer::service::Now;
use konveyer::store::Store;
use konveyer::tui::app::App;
use konveyer::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::{import_csv, peak_rss_mib, report};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn round(app: &mut App, terminal: &mut Terminal<TestBackend>, event: KeyEvent) -> Duration {
    let start = Instant::now();
    app.handle_key(event);
    app.refresh_if_changed().expect("refresh");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    start.elapsed()
}

/// The board on the database at `path`, as the event loop opens it.
fn open_app(path: &std::path::Path, now: Now) -> App {
    let store = Store::open(path).expect("open");
    let height = view::cards_per_column(HEIGHT);
    App::new(store, Lang::En, Config::default(), now, height).expect("app")
}

/// `n` key presses, the i-th given by `keys(i)`, each timed to its redraw.
fn rounds(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    n: usize,
    keys: impl Fn(usize) -> KeyEvent,
) -> Vec<Duration> {
    (0..n).map(|i| round(app, terminal, keys(i))).collect()
}

/// Alternates between two keys.
fn alternate(a: char, b: char) -> impl Fn(usize) -> KeyEvent {
    move |i| key(KeyCode::Char(if i % 2 == 0 { a } else { b }))
}

fn main() {
    let clients: u32 = std::env::var("KONVEYER_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let now = Now::parse("2026-11-23T10:00").expect("now");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bench.db");

    let start = Instant::now();
    // A copy of a base made before (KONVEYER_BENCH_DB), for profiling.
    match std::env::var_os("KONVEYER_BENCH_DB") {
        Some(db) => {
            std::fs::copy(db, &path).expect("copy");
        }
        None => konveyer::generate::create(&path, now, clients).expect("generate"),
    }
    // The board's peak, not the generator's: the peak is counted afresh.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    println!(
        "generated {clients} clients in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    // The board's own peak from here on, not the generator's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    println!(
        "database size {:.1} MiB",
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0
    );

    // The first open of the next day, on a copy: the rules' pass for the
    // day runs before the first frame (a whole sweep would run beside it).
    let next_day = dir.path().join("next-day.db");
    std::fs::copy(&path, &next_day).expect("copy");
    let tomorrow = Now::from_local(now.local + chrono::Duration::days(1));
    let start = Instant::now();
    let mut app = open_app(&next_day, tomorrow);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal.draw(|f| view::draw(f, &app)).expect("draw");
    report("open on a new day → first frame", &mut [start.elapsed()]);
    app.settle().expect("settle");
    drop(app);
    let _ = std::fs::remove_file(&next_day);
    match peak_rss_mib() {
        Some(mib) => println!("peak memory of the board on a new day (VmHWM) {mib:.1} MiB"),
        None => println!("peak memory: not available on this platform"),
    }

    let mut first_frame = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let mut app = open_app(&path, now);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
        terminal.draw(|f| view::draw(f, &app)).expect("draw");
        first_frame.push(start.elapsed());
        // The day's sweep and the segments run beside the first frame.
        app.settle().expect("settle");
    }
    report("open → first frame", &mut first_frame);

    let mut app = open_app(&path, now);
    app.settle().expect("settle");
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");

    let mut within = rounds(&mut app, &mut terminal, 100, alternate('j', 'k'));
    report("j/k (within the window) → redraw", &mut within);
    let mut down = rounds(&mut app, &mut terminal, 500, |_| key(KeyCode::Char('j')));
    report("j (next card, scrolling) → redraw", &mut down);
    let mut page = rounds(&mut app, &mut terminal, 100, |_| key(KeyCode::PageDown));
    report("PgDn (deep in the column) → redraw", &mut page);
    let mut ends = rounds(&mut app, &mut terminal, 20, |i| {
        key(if i % 2 == 0 {
            KeyCode::End
        } else {
            KeyCode::Home
        })
    });
    report("End / Home → redraw", &mut ends);
    round(&mut app, &mut terminal, key(KeyCode::End));
    let mut up = rounds(&mut app, &mut terminal, 100, |i| {
        key(if i < 50 {
            KeyCode::PageUp
        } else {
            KeyCode::Char('k')
        })
    });
    report("PgUp, k from the bottom → redraw", &mut up);
    let mut column = rounds(&mut app, &mut terminal, 100, alternate('l', 'h'));
    report("l/h (column) → redraw", &mut column);
    let mut moves = rounds(&mut app, &mut terminal, 50, alternate('L', 'H'));
    report("L/H (move a card, reload) → redraw", &mut moves);

    // Whole words (the index finds them), then letters scattered in
    // words (every client read, in steps between keystrokes).
    for (name, query) in [("search", "иван ром"), ("scattered search", "ивн рмшк")] {
        let (mut keystroke, mut whole) = (Vec::new(), Vec::new());
        round(&mut app, &mut terminal, key(KeyCode::Char('/')));
        for c in query.chars() {
            let start = Instant::now();
            keystroke.push(round(&mut app, &mut terminal, key(KeyCode::Char(c))));
            while app.searching() {
                app.search_goes_on();
                terminal.draw(|f| view::draw(f, &app)).expect("draw");
            }
            whole.push(start.elapsed());
        }
        report(&format!("{name} keystroke → redraw"), &mut keystroke);
        report(&format!("{name} keystroke → all found"), &mut whole);
        round(&mut app, &mut terminal, key(KeyCode::Esc));
    }

    let mut focus = vec![round(&mut app, &mut terminal, key(KeyCode::Char('1')))];
    report("1 (focus: the first station's queue)", &mut focus);
    let mut outcome: Vec<Duration> = rounds(&mut app, &mut terminal, 40, alternate('c', '1'))
        .chunks(2)
        .map(|pair| pair[1])
        .collect();
    report("c 1 (no answer, next in queue)", &mut outcome);
    let mut queue_down = rounds(&mut app, &mut terminal, 100, |_| key(KeyCode::Char('j')));
    report("j in the focus queue → redraw", &mut queue_down);

    round(&mut app, &mut terminal, key(KeyCode::Esc));
    match peak_rss_mib() {
        Some(mib) => println!("peak memory of the board (VmHWM) {mib:.1} MiB"),
        None => println!("peak memory: not available on this platform"),
    }
    if std::env::var_os("KONVEYER_BENCH_BOARD_ONLY").is_some() {
        return;
    }
    let mut reports = Vec::new();
    for _ in 0..10 {
        reports.push(round(&mut app, &mut terminal, key(KeyCode::Char('R'))));
        round(&mut app, &mut terminal, key(KeyCode::Esc));
    }
    report("R (open the reports screen) → redraw", &mut reports);
    round(&mut app, &mut terminal, key(KeyCode::Char('R')));
    let mut step = rounds(&mut app, &mut terminal, 20, alternate('h', 'l'));
    report("h/l (a week back / on) → redraw", &mut step);
    let mut month = rounds(&mut app, &mut terminal, 10, alternate('m', 'w'));
    report("m/w (month / week) → redraw", &mut month);
    round(&mut app, &mut terminal, key(KeyCode::Esc));

    // What `konveyer report --format json` and `segments --json` compute.
    let store = Store::open(&path).expect("open");
    let currency = konveyer::domain::money::DEFAULT_CURRENCY;
    let timed = |name: &str, f: &dyn Fn()| {
        let mut samples: Vec<Duration> = (0..10)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        report(name, &mut samples);
    };
    let week = Period::week_of(now.today());
    timed("report, a week (with the one before)", &|| {
        konveyer::service::report(&store, now, week, currency).expect("report");
    });
    let year = Period::range(now.today() - chrono::Duration::days(364), now.today()).expect("year");
    timed("report, a year (with the one before)", &|| {
        konveyer::service::report(&store, now, year, currency).expect("report");
    });
    timed("segments (every paying client)", &|| {
        konveyer::service::segments(&store, now, currency, Default::default()).expect("segments");
    });

    let config = Config::default();
    timed("export CSV (every client) to a sink", &|| {
        konveyer::service::export_csv(&store, now, &config, Lang::En, b',', &mut std::io::sink())
            .expect("export");
    });
    timed("export ICS (every open reminder) to a sink", &|| {
        konveyer::service::export_ics(&store, now, Lang::En, false, &mut std::io::sink())
            .expect("export");
    });

    // Import: 100 000 rows with Russian headers, `;`, 5 % repeats of an
    // earlier phone in another spelling (read from text: no file I/O timed).
    let csv = import_csv(100_000);
    let opts = |dry_run| konveyer::service::ImportOptions {
        dry_run,
        source: None,
        stage: konveyer::domain::Stage::Telemarketer,
        region: Default::default(),
        currency: "RUB".into(),
        lang: Lang::Ru,
        expected_rows: 100_000,
        numbered: konveyer::import::Numbered::Line,
    };
    let import_into = |store: &mut Store, dry_run: bool| {
        let leads = konveyer::import::csv::reader(&csv, None, &[])
            .expect("csv")
            .map(|l| l.map_err(|e| konveyer::Error::Db(format!("{e:?}"))));
        konveyer::service::import(store, now, leads, &opts(dry_run)).expect("import")
    };
    let mut empty = Vec::new();
    for i in 0..3 {
        let path = dir.path().join(format!("import-{i}.db"));
        let mut store = Store::open(&path).expect("open");
        let start = Instant::now();
        import_into(&mut store, false);
        empty.push(start.elapsed());
    }
    report("import 100 000 CSV rows, empty base", &mut empty);
    let mut full = Store::open(&path).expect("open");
    let mut into = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        import_into(&mut full, true);
        into.push(start.elapsed());
    }
    report("import 100 000 rows into the base (dry)", &mut into);

    match peak_rss_mib() {
        Some(mib) => println!("peak memory of the whole run (VmHWM) {mib:.1} MiB"),
        None => println!("peak memory: not available on this platform"),
    }
}
