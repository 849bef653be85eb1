//! End-to-end: the base and the program — demo, gen, backup and restore,
//! check, the languages, help, completions and the man page.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

#[test]
fn russian_interface() {
    let k = Env::new();
    k.ok(&["add", "Иван"]);
    let out = k
        .cmd(&["show", "5"])
        .env("LANG", "ru_RU.UTF-8")
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "konveyer: нет клиента #5 — см. `konveyer list`"
    );
    let moved = k.ok(&["--lang", "ru", "move", "1", "next"]);
    assert!(moved.contains("телемаркетолог → квалификатор"), "{moved}");
    let sale = k.ok(&["sale", "1", "1000"]);
    let paid = k.ok(&["--lang", "ru", "show", "1"]);
    assert!(paid.contains("1\u{a0}000\u{a0}₽"), "{sale} {paid}");
}

#[test]
fn demo_fills_a_fresh_database_once() {
    let k = Env::new();
    assert!(k.ok(&["demo"]).contains("40 clients"));
    let all = k.json(&["list", "--status", "all", "--json"]);
    let stages: std::collections::HashSet<_> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["stage"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(stages.len() >= 4, "{stages:?}");
    let agenda = k.json(&["agenda", "--json"]);
    assert!(!agenda["overdue"].as_array().expect("overdue").is_empty());
    assert!(k.fails(&["demo"], 1).contains("already holds clients"));
}

#[test]
fn backup_check_and_refusals_of_foreign_files() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let copy = k.dir().join("copy.db");
    let copy_arg = copy.to_str().expect("path");
    assert!(k.ok(&["backup", copy_arg]).contains("backed up"));
    assert!(k.fails(&["backup", copy_arg], 1).contains("already exists"));
    let listed = k.json(&["--db", copy_arg, "list", "--json"]);
    assert_eq!(listed[0]["name"], "Anna");
    assert!(k.ok(&["check"]).starts_with("ok"));

    let junk = k.dir().join("notes.txt");
    std::fs::write(&junk, "just text, not a database at all. ".repeat(40)).expect("write");
    let err = k.fails(&["--db", junk.to_str().expect("path"), "list"], 1);
    assert!(err.contains("is not a konveyer database"), "{err}");

    let newer = k.dir().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).expect("open");
        // A newer konveyer: our application id, a schema version we do not know.
        conn.execute_batch(
            "PRAGMA application_id = 1263488598; PRAGMA user_version = 99; CREATE TABLE future (x);",
        )
            .expect("init");
    }
    let err = k.fails(&["--db", newer.to_str().expect("path"), "list"], 1);
    assert!(err.contains("newer konveyer"), "{err}");
}

#[test]
fn completions_are_printed() {
    let k = Env::new();
    let bash = k.ok(&["completions", "bash"]);
    assert!(bash.contains("konveyer") && bash.contains("agenda"));
}

#[test]
fn gen_makes_a_large_conveyor_and_the_board_needs_a_terminal() {
    let k = Env::new();
    assert!(k.ok(&["gen", "--clients", "300"]).contains("300 clients"));
    let all = k.json(&["list", "--status", "all", "--json"]);
    assert_eq!(all.as_array().map(Vec::len), Some(300));
    assert!(
        k.fails(&["gen", "--clients", "5"], 1)
            .contains("already holds clients")
    );
    let err = k.fails(&[], 1);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn gen_with_a_seed_makes_the_same_conveyor_again() {
    let made = |seed: &str| {
        let k = Env::new();
        k.ok(&["gen", "--clients", "300", "--seed", seed]);
        (
            k.ok(&["export", "--format", "csv"]),
            k.ok(&["report", "--format", "json"]),
        )
    };
    let (first, second) = (made("7"), made("7"));
    assert_eq!(first, second, "the same seed, the same conveyor");
    assert_ne!(made("8").0, first.0, "another seed, another conveyor");
}

#[test]
fn gen_says_what_it_made_and_man_prints_a_page() {
    let k = Env::new();
    let out = k.ok(&["gen", "--clients", "300"]);
    assert!(out.starts_with("generated 300 clients"), "{out}");
    assert!(
        out.contains("telemarketer") && out.contains("reminders"),
        "{out}"
    );
    let man = k.ok(&["man"]);
    assert!(
        man.contains(".TH konveyer") && man.contains("agenda"),
        "{man}"
    );
}

#[test]
fn demo_without_db_uses_its_own_file_and_can_be_rerun() {
    let k = Env::new();
    let data = k.dir().join("data");
    for _ in 0..2 {
        let out = k
            .cmd(&["demo"])
            .env_remove("KONVEYER_DB")
            .env("XDG_DATA_HOME", &data)
            .env("HOME", k.dir())
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("demo.db"));
    }
    let demo = data.join("konveyer").join("demo.db");
    assert!(demo.exists(), "{demo:?}");
    assert!(
        !data.join("konveyer").join("konveyer.db").exists(),
        "the real base is untouched"
    );
    let listed = k.json(&[
        "--db",
        demo.to_str().expect("path"),
        "list",
        "--status",
        "all",
        "--json",
    ]);
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(40),
        "made afresh, not doubled"
    );
}

#[test]
fn help_speaks_the_interface_language() {
    let k = Env::new();
    let ru = k.ok(&["--lang", "ru", "add", "--help"]);
    assert!(
        ru.contains("Добавить клиента") && ru.contains("Телефон"),
        "{ru}"
    );
    let ru = k
        .cmd(&["help"])
        .env("KONVEYER_LANG", "ru")
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&ru.stdout).contains("Конвейер продаж")
            || String::from_utf8_lossy(&ru.stdout).contains("конвейер продаж")
    );
    let en = k.ok(&["add", "--help"]);
    assert!(
        en.contains("Add a client") && en.contains("A phone number"),
        "{en}"
    );
}

#[test]
fn a_backup_restores_to_identical_data_and_keeps_the_current_base() {
    let k = Env::new();
    k.ok(&["demo"]);
    let before = k.json(&["list", "--status", "all", "--json"]);
    let copy = k.dir().join("copy.db");
    let copy_arg = copy.to_str().expect("path");
    k.ok(&["backup", copy_arg]);
    k.ok(&["add", "After the backup"]);
    let out = k.ok(&["restore", copy_arg]);
    assert!(out.contains("before-restore"), "{out}");
    assert_eq!(k.json(&["list", "--status", "all", "--json"]), before);
    let kept = k.dir().join("konveyer.db.before-restore");
    let kept_list = k.json(&["--db", kept.to_str().expect("path"), "list", "--json"]);
    assert!(
        kept_list
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["name"] == "After the backup")
    );
    // A file that is not a konveyer database is refused, nothing replaced.
    let junk = k.dir().join("junk.db");
    std::fs::write(&junk, "not a database ".repeat(100)).expect("write");
    assert!(
        k.fails(&["restore", junk.to_str().expect("path")], 1)
            .contains("not a konveyer database")
    );
    assert_eq!(k.json(&["list", "--status", "all", "--json"]), before);
}
