//! End-to-end: the built binary on a temp database, with a fixed clock,
//! time zone and language — the conveyor's commands.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

mod common;
use common::{Env, NOW};

#[test]
fn the_conveyor_from_lead_to_farmer() {
    let k = Env::new();
    let id = k.ok(&[
        "add",
        "Иван Петров",
        "--company",
        "ООО Ромашка",
        "--phone",
        "+7 999 123-45-67",
        "--source",
        "cold",
    ]);
    assert_eq!(id.trim(), "1");
    assert_eq!(k.ok(&["add", "Anna Smith", "--stage", "q"]).trim(), "2");

    let list = k.json(&["list", "--json"]);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["name"], "Иван Петров");
    assert_eq!(list[0]["stage"], "telemarketer");
    assert_eq!(list[0]["status"], "active");
    assert_eq!(list[1]["stage"], "qualifier");

    let moved = k.ok(&["move", "1", "next"]);
    assert!(moved.contains("telemarketer → qualifier"), "{moved}");
    k.ok(&["move", "1", "hunter"]);
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["stage"], "hunter");
    assert_eq!(shown["timeline"].as_array().expect("timeline").len(), 3);

    let rid = k.ok(&[
        "remind",
        "1",
        "call back about the price",
        "--at",
        "tomorrow 14:30",
    ]);
    assert_eq!(rid.trim(), "1");
    k.ok(&["remind", "-", "plan the week", "--at", "today"]);
    k.ok(&["remind", "2", "send the offer", "--at", "-1d"]);
    let agenda = k.json(&["agenda", "--json"]);
    assert_eq!(agenda["overdue"][0]["text"], "send the offer");
    assert_eq!(agenda["today"][0]["text"], "plan the week");
    assert_eq!(agenda["upcoming"][0]["id"], 1);
    assert_eq!(agenda["upcoming"][0]["due_at"], "2026-11-24T14:30:00Z");
    let text = k.ok(&["agenda"]);
    assert!(
        text.contains("Overdue (1)") && text.contains("Today (1)"),
        "{text}"
    );

    assert!(k.ok(&["done", "3"]).contains("reminder #3 done"));
    assert!(k.ok(&["snooze", "1", "+3d"]).contains("2026-11-26"));
    let agenda = k.json(&["agenda", "--json"]);
    assert!(agenda["overdue"].as_array().expect("overdue").is_empty());

    assert!(
        k.ok(&["lose", "2", "--reason", "too expensive"])
            .contains("too expensive")
    );
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
    let lost = k.json(&["list", "--status", "lost", "--json"]);
    assert_eq!(lost[0]["lost_reason"], "too expensive");
    assert!(k.ok(&["revive", "2"]).contains("active again"));
    assert_eq!(
        k.json(&["list", "--status", "all", "--json"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let oid = k.ok(&["sale", "1", "125 000,50"]);
    assert_eq!(oid.trim(), "1");
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(
        shown["stage"], "farmer",
        "first payment makes a farmer's client"
    );
    assert_eq!(shown["orders"][0]["amount_minor"], 12_500_050);
    assert_eq!(shown["orders"][0]["paid_on"], "2026-11-23");
    let text = k.ok(&["show", "1"]);
    assert!(
        text.contains("₽125,000.50") && text.contains("hunter → farmer"),
        "{text}"
    );
}

#[test]
fn an_invoice_waits_for_its_payment() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--stage", "hunter"]);
    assert_eq!(k.ok(&["invoice", "1", "80000", "--on", "-3d"]).trim(), "1");
    assert_eq!(k.json(&["show", "1", "--json"])["stage"], "hunter");
    let paid = k.ok(&["paid", "1"]);
    assert!(
        paid.contains("order #1 paid: ₽80,000") && paid.contains("moved to farmer"),
        "{paid}"
    );
    assert!(k.fails(&["paid", "1"], 1).contains("already paid"));
}

#[test]
fn bad_input_is_one_line_exit_1_and_writes_nothing() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let cases: &[(&[&str], &str)] = &[
        (&["show", "42"], "no client #42"),
        (&["move", "42", "next"], "no client #42"),
        (&["move", "1", "sales"], "unknown stage 'sales'"),
        (&["move", "1", "prev"], "first station"),
        (&["move", "1", "closer"], "switched off"),
        (
            &["remind", "1", "x", "--at", "someday"],
            "cannot read the date 'someday'",
        ),
        (&["remind", "abc", "x", "--at", "today"], "not a client id"),
        (&["invoice", "1", "12abc"], "cannot read the amount '12abc'"),
        (&["invoice", "1", "0"], "greater than zero"),
        (
            &["invoice", "1", "100", "--currency", "rubles"],
            "unknown currency",
        ),
        (&["log", "1", "dance"], "unknown kind 'dance'"),
        (
            &["log", "1", "note", "--outcome", "interested"],
            "only for calls",
        ),
        (
            &["log", "1", "call", "--outcome", "maybe"],
            "unknown call outcome",
        ),
        (&["done", "7"], "no reminder #7"),
        (&["paid", "7"], "no order #7"),
        (&["revive", "1"], "not lost"),
        (&["add", "  "], "name is empty"),
        (
            &["add", "Bob", "--email", "bob"],
            "does not look like an email",
        ),
        (&["lose", "1", "--reason", ""], "why the client is lost"),
        (
            &["add", "Bob", "--phone", "abc"],
            "does not look like a phone number",
        ),
        (
            &["edit", "1", "--phone", "12"],
            "does not look like a phone",
        ),
        (&["invoice", "1", "1 2 3"], "cannot read the amount '1 2 3'"),
        (
            &["invoice", "1", "5 000 000 000 000 000"],
            "implausibly large",
        ),
        (&["edit", "1"], "nothing to change"),
        (&["merge", "1", "1"], "into itself"),
        (&["reminder", "delete", "9"], "no reminder #9"),
        (&["delete", "1"], "add --yes"),
    ];
    for (args, expected) in cases {
        let err = k.fails(args, 1);
        assert!(err.starts_with("konveyer: "), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    let all = k.json(&["list", "--status", "all", "--json"]);
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(
        shown["timeline"].as_array().map(Vec::len),
        Some(1),
        "nothing written"
    );
    assert!(shown["orders"].as_array().expect("orders").is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let k = Env::new();
    for args in [
        &["move", "1"][..],
        &["frobnicate"],
        &["show", "x"],
        &["list", "--status", "gone"],
    ] {
        let out = k.cmd(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_bad_konveyer_now_is_reported() {
    let k = Env::new();
    let out = k
        .cmd(&["list"])
        .env("KONVEYER_NOW", "soon")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KONVEYER_NOW"));
}

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
    assert!(paid.contains("1\u{a0}000 ₽"), "{sale} {paid}");
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
fn a_closed_pipe_ends_quietly() {
    let k = Env::new();
    k.ok(&["demo"]);
    let bin = assert_cmd::cargo::cargo_bin("konveyer");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' list --status all | head -n 1",
            bin.display()
        ))
        .env("KONVEYER_DB", &k.db)
        .env("KONVEYER_NOW", NOW)
        .output()
        .expect("bash");
    assert!(out.status.success(), "{:?}", out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
fn an_invoice_is_chased_until_paid_and_quiet_farmers_are_swept() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--stage", "hunter"]);
    let oid = k.ok(&["invoice", "1", "80 000", "--on", "-3d"]);
    let agenda = k.json(&["agenda", "--json"]);
    let overdue = agenda["overdue"].as_array().expect("overdue");
    assert_eq!(overdue.len(), 1, "{agenda}");
    assert_eq!(overdue[0]["origin"], "chase");
    assert_eq!(overdue[0]["due_on"], "2026-11-22");
    assert_eq!(agenda["unpaid"][0]["age_days"], 3);
    let text = k.ok(&["agenda"]);
    assert!(
        text.contains("Unpaid invoices (1)") && text.contains("chase payment"),
        "{text}"
    );

    k.ok(&["paid", oid.trim()]);
    let agenda = k.json(&["agenda", "--json"]);
    assert!(
        agenda["overdue"].as_array().expect("overdue").is_empty(),
        "{agenda}"
    );
    assert!(agenda["unpaid"].as_array().expect("unpaid").is_empty());
    assert_eq!(k.json(&["show", "1", "--json"])["stage"], "farmer");

    k.ok(&["add", "Boris", "--stage", "hunter"]);
    k.ok(&["sale", "2", "5000", "--on", "-90d"]);
    let agenda = k.json(&["agenda", "--json"]);
    let sweep = agenda["reactivate"].as_array().expect("reactivate");
    assert_eq!(sweep.len(), 1, "{agenda}");
    assert_eq!(
        (
            sweep[0]["client_id"].as_i64(),
            sweep[0]["idle_days"].as_i64()
        ),
        (Some(2), Some(90))
    );
    assert!(
        agenda["today"]
            .as_array()
            .expect("today")
            .iter()
            .any(|r| r["origin"] == "reactivation")
    );
    assert_eq!(agenda["farmers"], 2);
}

#[test]
fn a_broken_config_file_is_reported() {
    let k = Env::new();
    std::fs::write(k.dir().join("config.toml"), "[rules]\nchase = 'soon'\n").expect("write");
    let err = k.fails(&["list"], 1);
    assert!(
        err.contains("config file") && err.contains("chase"),
        "{err}"
    );
}

#[test]
fn call_outcomes_from_the_command_line() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let out = k.ok(&["log", "1", "call", "--outcome", "no-answer"]);
    assert!(out.contains("attempt 1"), "{out}");
    let agenda = k.json(&["agenda", "--json"]);
    assert_eq!(agenda["upcoming"][0]["origin"], "retry");
    assert_eq!(agenda["upcoming"][0]["due_on"], "2026-11-24");
    assert!(
        k.fails(&["log", "1", "call", "--outcome", "call-back"], 1)
            .contains("--at")
    );
    k.ok(&[
        "log",
        "1",
        "call",
        "--outcome",
        "call-back",
        "--at",
        "fri 11:00",
    ]);
    assert!(
        k.ok(&["log", "1", "call", "--outcome", "interested"])
            .contains("→ qualifier")
    );
    k.ok(&[
        "log",
        "1",
        "call",
        "no budget this year",
        "--outcome",
        "not-target",
    ]);
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(
        (shown["status"].as_str(), shown["lost_reason"].as_str()),
        (Some("lost"), Some("no budget this year"))
    );
}

#[test]
fn reading_commands_never_create_a_database() {
    let k = Env::new();
    for args in [
        &["list"][..],
        &["show", "1"],
        &["agenda", "--json"],
        &["move", "1", "next"],
        &["done", "1"],
        &["check"],
        &["backup", "/tmp/never-written.db"],
        &["delete", "1", "--yes"],
    ] {
        let err = k.fails(args, 1);
        assert!(err.contains("no database at"), "{args:?}: {err}");
        assert!(err.contains("konveyer add"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1);
        assert!(!k.db.exists(), "{args:?} created the file");
    }
    k.ok(&["add", "Anna"]);
    assert!(k.db.exists(), "a write creates it");
}

#[test]
fn an_empty_list_says_what_to_do_on_stderr() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    k.ok(&["delete", "1", "--yes"]);
    let out = k.cmd(&["list"]).output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("konveyer add"));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "just the header"
    );
    k.ok(&["add", "Anna"]);
    let out = k.cmd(&["list", "--status", "lost"]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no clients match"));
    assert_eq!(k.ok(&["list", "--status", "lost", "--json"]).trim(), "[]");
}

#[test]
fn edit_delete_and_merge_clients_and_reminders() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--company", "Acme"]);
    k.ok(&["add", "Anna S.", "--phone", "+7 999 123-45-67"]);
    k.ok(&["edit", "1", "--email", "anna@acme.io", "--tags", "vip,msk"]);
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["email"], "anna@acme.io");
    assert_eq!(shown["tags"], "vip,msk");
    assert_eq!(shown["company"], "Acme", "fields not given stay");
    k.ok(&["edit", "1", "--company", ""]);
    assert!(
        k.json(&["show", "1", "--json"])["company"].is_null(),
        "'' clears"
    );
    let rid = k.ok(&["remind", "2", "send the offer", "--at", "tomorrow"]);
    let out = k.ok(&[
        "reminder",
        "edit",
        rid.trim(),
        "send the price list",
        "--at",
        "fri",
    ]);
    assert!(
        out.contains("2026-11-27") && out.contains("price list"),
        "{out}"
    );
    k.ok(&["log", "2", "call", "--outcome", "no-answer"]);
    let out = k.ok(&["merge", "1", "2"]);
    assert!(out.contains("#2 merged into #1"), "{out}");
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["phone"], "+7 999 123-45-67", "empty fields filled");
    assert_eq!(shown["reminders"].as_array().map(Vec::len), Some(2));
    let kinds: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"call") && kinds.contains(&"merged"),
        "{kinds:?}"
    );
    assert!(k.fails(&["show", "2"], 1).contains("no client #2"));
    let rid = k.ok(&["remind", "1", "x", "--at", "today"]);
    k.ok(&["reminder", "delete", rid.trim()]);
    assert!(k.fails(&["done", rid.trim()], 1).contains("no reminder"));
    k.ok(&["delete", "1", "--yes"]);
    assert_eq!(k.ok(&["list", "--status", "all", "--json"]).trim(), "[]");
}

#[test]
fn a_lost_client_leaves_the_agenda_and_revive_brings_its_reminders_back() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    k.ok(&["remind", "1", "call about the price", "--at", "+3d"]);
    k.ok(&["lose", "1", "--reason", "no budget"]);
    let agenda = k.json(&["agenda", "--json"]);
    assert!(agenda["upcoming"].as_array().expect("upcoming").is_empty());
    k.ok(&["revive", "1"]);
    let agenda = k.json(&["agenda", "--json"]);
    assert_eq!(agenda["upcoming"][0]["text"], "call about the price");
}

#[test]
fn rule_reminders_speak_the_language_of_the_moment() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    k.ok(&["--lang", "ru", "log", "1", "call", "--outcome", "no-answer"]);
    let en = k.json(&["agenda", "--json"]);
    assert_eq!(
        en["upcoming"][0]["text"],
        "call again (no answer, attempt 1)"
    );
    let ru = k.json(&["--lang", "ru", "agenda", "--json"]);
    assert_eq!(
        ru["upcoming"][0]["text"],
        "перезвонить (не ответил, попытка 1)"
    );
    // Russian station names and letters are stages too.
    k.ok(&["move", "1", "к"]);
    k.ok(&["move", "1", "хантер"]);
    let err = k.fails(&["--lang", "ru", "move", "1", "продажи"], 1);
    assert!(
        err.contains("квалификатор (к)") && !err.contains("(or the"),
        "{err}"
    );
}

#[test]
fn agenda_limits_long_sections_and_says_how_many_more() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    for i in 0..5 {
        k.ok(&["remind", "1", &format!("task {i}"), "--at", "today"]);
    }
    let out = k.ok(&["agenda", "--limit", "2"]);
    assert!(out.contains("Today (5)"), "{out}");
    assert!(out.contains("task 1") && !out.contains("task 2"), "{out}");
    assert!(out.contains("and 3 more"), "{out}");
    let all = k.ok(&["agenda"]);
    assert!(
        all.contains("task 4") && !all.contains("more"),
        "a pipe gets all"
    );
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
fn stored_text_cannot_drive_the_terminal() {
    let k = Env::new();
    let evil = "Evil \u{1b}]0;PWNED\u{7}\u{1b}[2J";
    k.ok(&["add", evil, "--company", "\u{1b}[31mRed"]);
    k.ok(&["remind", "1", "\u{1b}[2Jcall", "--at", "today"]);
    k.ok(&["lose", "1", "--reason", "gone\u{1b}[H"]);
    for args in [
        &["list", "--status", "all"][..],
        &["show", "1"],
        &["agenda"],
        &["revive", "1"],
    ] {
        let out = k.ok(args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
    }
    assert!(k.ok(&["show", "1"]).contains("Evil ␛]0;PWNED␇␛[2J"));
    let err = k.fails(&["move", "1", "\u{1b}[2J"], 1);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // JSON keeps the text as it is, escaped.
    assert_eq!(k.json(&["show", "1", "--json"])["name"], evil);
}

#[test]
fn a_failed_write_is_an_error_exit_never_a_panic() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    let run = |args: &[&str]| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("konveyer"));
        cmd.args(args)
            .env("KONVEYER_DB", &k.db)
            .env("KONVEYER_NOW", NOW)
            .env("KONVEYER_CONFIG", k.dir().join("config.toml"))
            .env("LANG", "C");
        cmd
    };
    let status = run(&["completions", "bash"])
        .stdout(full())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(1), "completions to a full disk");
    let status = run(&["show", "0"]).stderr(full()).status().expect("run");
    assert_eq!(status.code(), Some(1), "an error to a full stderr");
}

#[test]
fn a_refused_command_writes_nothing_not_even_the_rules() {
    let k = Env::new();
    k.cmd(&["add", "Anna", "--stage", "hunter"])
        .env("KONVEYER_NOW", "2026-08-01T10:00")
        .assert()
        .success();
    k.cmd(&["sale", "1", "1000"])
        .env("KONVEYER_NOW", "2026-08-01T10:00")
        .assert()
        .success();
    let reminders = || -> i64 {
        let conn = rusqlite::Connection::open(&k.db).expect("open");
        conn.query_row("SELECT count(*) FROM reminders", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(reminders(), 0);
    // By NOW the farmer's client has lapsed: the rules would add a reminder.
    k.fails(&["move", "99999", "next"], 1);
    k.fails(&["show", "99999"], 1);
    k.fails(&["invoice", "1", "12abc"], 1);
    assert_eq!(reminders(), 0, "refused commands wrote the rules' reminder");
    k.ok(&["list"]);
    assert_eq!(reminders(), 1, "a command that succeeds runs the rules");
}

#[test]
fn out_of_range_settings_are_refused_and_an_old_huge_limit_does_not_panic() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--stage", "hunter"]);
    let config = k.dir().join("config.toml");
    std::fs::write(&config, "[stages.stale_days]\nhunter = 4294967295\n").expect("write");
    let err = k.fails(&["agenda"], 1);
    assert!(
        err.contains("stages.stale_days.hunter") && err.contains("1 to 3650"),
        "{err}"
    );
    std::fs::write(&config, "[rules]\nchase_after_days = 4294967295\n").expect("write");
    assert!(k.fails(&["list"], 1).contains("rules.chase_after_days"));
    std::fs::remove_file(&config).expect("remove");
    // A limit an older version let into the database: no overflow, no panic.
    let conn = rusqlite::Connection::open(&k.db).expect("open");
    conn.execute(
        "UPDATE stages SET stale_days = 4294967295 WHERE key = 'hunter'",
        [],
    )
    .expect("update");
    k.ok(&["invoice", "1", "100", "--on", "2026-11-01"]);
    k.ok(&["agenda"]);
    k.ok(&["list"]);
}

#[test]
fn moments_and_sums_out_of_range_are_refused() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let out = k
        .cmd(&["add", "Boris"])
        .env("KONVEYER_NOW", "+12026-11-25")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a moment"));
    let err = k.fails(&["remind", "1", "x", "--at", "+100000mo"], 1);
    assert!(err.contains("out of range"), "{err}");
    let err = k.fails(&["sale", "1", "92233720368547758.07"], 1);
    assert!(err.contains("implausibly large"), "{err}");
    k.ok(&["list"]);
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

#[test]
fn an_unknown_language_is_said_not_guessed() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let out = k.cmd(&["--lang", "xx", "list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use en or ru"));
    std::fs::write(k.dir().join("config.toml"), "lang = \"xx\"\n").expect("write");
    assert!(k.fails(&["list"], 1).contains("use en or ru"));
}

/// Runs konveyer as a user who may not write `db`: as `nobody` when the
/// tests run as root (CI), else on a file made read-only.
fn as_reader(k: &Env, bin: &Path, args: &[&str]) -> std::process::Output {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut line = format!("{} --db {}", bin.display(), k.db.display());
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let mut cmd = if root {
        let mut su = std::process::Command::new("su");
        su.args(["nobody", "-s", "/bin/sh", "-c", &line]);
        su
    } else {
        let mut sh = std::process::Command::new("sh");
        sh.args(["-c", &line]);
        sh
    };
    cmd.env("KONVEYER_NOW", NOW)
        .env("KONVEYER_CONFIG", "/nonexistent/config.toml")
        .env("LANG", "C")
        .output()
        .expect("run")
}

#[cfg(unix)]
#[test]
fn a_read_only_database_can_be_read_but_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let k = Env::new();
    k.ok(&["demo"]);
    // A folder and a binary everyone may read; the database only readable.
    let open = std::fs::Permissions::from_mode(0o755);
    std::fs::set_permissions(k.dir(), open.clone()).expect("chmod dir");
    let bin = k.dir().join("konveyer");
    std::fs::copy(assert_cmd::cargo::cargo_bin("konveyer"), &bin).expect("copy");
    std::fs::set_permissions(&bin, open).expect("chmod bin");
    std::fs::set_permissions(&k.db, std::fs::Permissions::from_mode(0o444)).expect("chmod db");
    for args in [
        &["list"][..],
        &["show", "1"],
        &["agenda", "--json"],
        &["check"],
    ] {
        let out = as_reader(&k, &bin, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = as_reader(&k, &bin, &["add", "Boris"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is read-only"));
}

#[test]
fn agenda_sums_up_stale_cards_by_station_unless_all() {
    let k = Env::new();
    k.ok(&["gen", "--clients", "300"]);
    let json = k.json(&["agenda", "--json"]);
    let stale = json["stale"].as_array().expect("every stale card").len();
    assert!(stale > 20, "{stale}");
    let text = k.ok(&["agenda"]);
    assert!(text.contains(&format!("Stale cards ({stale})")), "{text}");
    let station = text
        .lines()
        .find(|l| l.trim_start().starts_with("Telemarketer: "))
        .expect("a line for the telemarketer");
    assert!(
        station.contains(" past ") && station.contains("days, the oldest"),
        "{station}"
    );
    assert!(text.contains("agenda --all"), "{text}");
    // --all lists them one by one.
    let all = k.ok(&["agenda", "--all"]);
    assert_eq!(all.lines().filter(|l| l.contains(" (> ")).count(), stale);
}
