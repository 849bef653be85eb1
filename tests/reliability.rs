//! Reliability: what `kill -9`, concurrent writers and hostile input do to
//! the database. Every acknowledged write (a command that exited 0 and
//! printed its id) must survive; the database must stay intact; no command
//! may fail because another one holds the lock.
//! `cargo test --test reliability -- --ignored` runs the long versions.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T10:00";

fn konveyer(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_konveyer"));
    cmd.arg("--db")
        .arg(db)
        .env("KONVEYER_NOW", NOW)
        .env("KONVEYER_CONFIG", db.with_extension("toml"))
        .env("LANG", "C")
        .stdin(Stdio::null());
    cmd
}

/// A small deterministic generator (no crate needed for a few numbers).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn kill9(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status();
}

fn check_intact(db: &Path) {
    let out = konveyer(db).arg("check").output().expect("check");
    assert!(
        out.status.success(),
        "the database is damaged: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The file is in WAL mode, with no rollback journal left beside it that
/// holds anything. (A cut in the instant between SQLite creating a
/// journal and writing its header leaves it empty: never hot, so never
/// played back nor deleted in WAL mode — harmless, and the next `gen`'s
/// rollback journal replaces it. Seen once in CI, on a loaded machine.)
fn in_wal_mode_without_journal(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let journal = db.with_extension("db-journal");
    if let Ok(meta) = std::fs::metadata(&journal) {
        assert_eq!(meta.len(), 0, "a rollback journal left with content");
    }
}

fn names(db: &Path) -> Vec<String> {
    let out = konveyer(db)
        .args(["list", "--status", "all", "--json"])
        .output()
        .expect("list");
    assert!(out.status.success(), "{out:?}");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    list.as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("k.db");
    (dir, db)
}

/// Writes in a loop, killing some of them at a random moment.
fn writes_under_kill9(kills: usize) {
    let (_dir, db) = temp_db();
    let mut rng = Rng(7);
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    let mut i = 0;
    while killed < kills {
        i += 1;
        let name = format!("client {i}");
        let mut child = konveyer(&db)
            .args(["add", &name, "--note", "written under fire"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        if rng.below(2) == 0 {
            std::thread::sleep(Duration::from_micros(rng.below(8000)));
            kill9(&mut child);
            killed += 1;
        }
        let out = child.wait_with_output().expect("wait");
        if out.status.success() && !out.stdout.is_empty() {
            acknowledged.push(name);
        }
    }
    check_intact(&db);
    let stored = names(&db);
    for name in &acknowledged {
        assert!(stored.contains(name), "{name} was acknowledged and lost");
    }
    assert!(!acknowledged.is_empty());
}

#[test]
fn kill_9_during_writes_loses_no_acknowledged_write() {
    writes_under_kill9(25);
}

#[test]
#[ignore = "long: 500 kills"]
fn kill_9_during_writes_long() {
    writes_under_kill9(500);
}

#[test]
fn kill_9_during_gen_leaves_an_intact_database() {
    let mut rng = Rng(11);
    for _ in 0..5 {
        let (_dir, db) = temp_db();
        let mut child = konveyer(&db)
            .args(["gen", "--clients", "20000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.below(300)));
        kill9(&mut child);
        let finished = child.wait().expect("wait").success();
        if !db.exists() {
            continue;
        }
        check_intact(&db);
        // Loaded under a rollback journal: a cut leaves it hot, and the
        // next command takes the load back with it.
        in_wal_mode_without_journal(&db);
        // All of gen or none of it: one transaction.
        let count = names(&db).len();
        assert!(
            count == 0 || (finished && count == 20000),
            "{count} clients"
        );
        if count == 0 {
            let out = konveyer(&db)
                .args(["gen", "--clients", "100"])
                .output()
                .expect("gen");
            assert!(out.status.success(), "a retry works: {out:?}");
        }
    }
}

#[test]
fn kill_9_during_an_import_leaves_the_base_as_it_was() {
    cut_imports(&[&["add", "Before"]], &["Before"]);
}

#[test]
fn kill_9_during_an_import_into_an_empty_base_leaves_it_empty() {
    cut_imports(&[&["add", "Gone"], &["delete", "1", "--yes"]], &[]);
}

/// Imports into a base made by the commands `made`, killed at random
/// moments, each cut leaving the base with the clients `before` and
/// nothing else.
fn cut_imports(made: &[&[&str]], before: &[&str]) {
    let (dir, db) = temp_db();
    for args in made {
        let out = konveyer(&db).args(*args).output().expect("make the base");
        assert!(out.status.success(), "{out:?}");
    }
    // 30 000 rows with phones, amounts and stages: long enough to be cut.
    let mut csv = String::from("Фамилия;Имя;Телефон;Бюджет;Этап сделки\n");
    for i in 0..30_000 {
        csv.push_str(&format!(
            "Иванов{i};Иван;+7 9{:02} {:03}-{:02}-{:02};{};Переговоры\n",
            i % 100,
            i % 1000,
            i % 97,
            i % 89,
            1000 + i
        ));
    }
    let file = dir.path().join("big.csv");
    std::fs::write(&file, csv).expect("write");
    // A load this big into a base this small drops its indexes and builds
    // them again: a cut import must leave them all in place.
    let schema = || -> Vec<String> {
        let conn = rusqlite::Connection::open(&db).expect("open");
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name",
            )
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("names")
    };
    let objects = schema();
    assert!(objects.len() > 20, "{objects:?}");
    let mut rng = Rng(5);
    let mut cut = 0;
    for _ in 0..6 {
        let mut child = konveyer(&db)
            .arg("import")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(50 + rng.below(400)));
        kill9(&mut child);
        let finished = child.wait().expect("wait").success();
        check_intact(&db);
        assert_eq!(schema(), objects);
        let count = names(&db).len();
        if finished {
            // It got through before the kill: all of it, then start over.
            assert!(count > 1, "{count}");
            break;
        }
        cut += 1;
        assert_eq!(names(&db), before, "all of the import or none of it");
        in_wal_mode_without_journal(&db);
    }
    assert!(cut > 0, "no import was ever cut: make the file longer");
}

#[test]
fn three_writers_and_a_reader_lose_nothing_and_never_fail() {
    let (_dir, db) = temp_db();
    assert!(
        konveyer(&db)
            .args(["add", "first"])
            .output()
            .expect("add")
            .status
            .success()
    );
    let until = Instant::now() + Duration::from_secs(6);
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut done = Vec::new();
                let mut n = 0;
                while Instant::now() < until {
                    n += 1;
                    let name = format!("w{w}-{n}");
                    let out = konveyer(&db).args(["add", &name]).output().expect("add");
                    assert!(
                        out.status.success(),
                        "{name}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
                    let out = konveyer(&db)
                        .args(["log", &id, "call", "--outcome", "no-answer"])
                        .output()
                        .expect("log");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    done.push(name);
                }
                done
            })
        })
        .collect();
    let reader = {
        let db = db.clone();
        std::thread::spawn(move || {
            let mut reads = 0;
            while Instant::now() < until {
                for args in [&["list", "--json"][..], &["agenda", "--json"]] {
                    let out = konveyer(&db).args(args).output().expect("read");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    reads += 1;
                }
            }
            reads
        })
    };
    let written: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("a writer failed"))
        .collect();
    assert!(reader.join().expect("the reader failed") > 0);
    check_intact(&db);
    let stored = names(&db);
    for name in &written {
        assert!(stored.contains(name), "{name} was lost");
    }
}

mod parsers {
    use konveyer::domain::money::parse_amount;
    use konveyer::domain::when::parse_when;
    use proptest::prelude::*;

    fn now() -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("now")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn when_never_panics_and_stays_in_range(input in "\\\\PC{0,24}") {
            if let Ok(when) = parse_when(&input, now()) {
                let year = chrono::Datelike::year(&when.date());
                prop_assert!((1970..=2126).contains(&year), "{input:?} → {when:?}");
            }
        }

        #[test]
        fn when_offsets_never_panic(sign in "[+-]", n in 0u64..u64::MAX, unit in "(d|w|h|min|mo|д|ч|мес)") {
            let _ = parse_when(&format!("{sign}{n}{unit}"), now());
        }

        #[test]
        fn amounts_never_panic_and_stay_in_range(input in "[0-9 .,₽'руб]{0,30}") {
            if let Ok(minor) = parse_amount(&input) {
                prop_assert!(minor > 0 && minor <= konveyer::domain::money::MAX_MINOR);
            }
        }

        #[test]
        fn config_files_never_panic(text in "\\\\PC{0,200}") {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("config.toml");
            std::fs::write(&path, &text).expect("write");
            let _ = konveyer::config::Config::load(&path);
        }

        #[test]
        fn config_numbers_never_panic(days in any::<u32>(), chase in any::<u32>(), factor in any::<f64>()) {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("config.toml");
            let text = format!(
                "[rules]\nchase_after_days = {chase}\nreactivation_factor = {factor:?}\n[stages.stale_days]\nhunter = {days}\n"
            );
            std::fs::write(&path, text).expect("write");
            if let Ok(config) = konveyer::config::Config::load(&path) {
                prop_assert!((1..=365).contains(&config.rules.chase_after_days));
            }
        }
    }
}
