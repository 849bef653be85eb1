//! End-to-end: the built binary on a temp database, with a fixed clock,
//! time zone and language.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

const NOW: &str = "2026-11-23T10:00";

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("konveyer.db");
        Env { _dir: dir, db }
    }

    fn dir(&self) -> &Path {
        self._dir.path()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("konveyer").expect("binary");
        cmd.args(args)
            .env("KONVEYER_DB", &self.db)
            .env("KONVEYER_NOW", NOW)
            .env("KONVEYER_CONFIG", self.dir().join("config.toml"))
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("KONVEYER_LANG");
        cmd
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("run");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {:?}", out);
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        String::from_utf8(out.stderr).expect("utf-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }
}

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

/// Runs a command at a moment of the scripted history.
fn at(k: &Env, when: &str, args: &[&str]) -> String {
    let out = k.cmd(args).env("KONVEYER_NOW", when).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} at {when}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_report_of_a_scripted_fortnight_follows_the_definitions() {
    let k = Env::new();
    // Week 47.
    at(&k, "2026-11-16T10:00", &["add", "Anna", "--source", "cold"]);
    at(
        &k,
        "2026-11-17T10:00",
        &["add", "Boris", "--source", "cold"],
    );
    at(&k, "2026-11-18T10:00", &["move", "1", "next"]);
    at(
        &k,
        "2026-11-19T10:00",
        &["lose", "2", "--reason", "no budget"],
    );
    // Week 48.
    at(
        &k,
        "2026-11-23T10:00",
        &["add", "Carl", "--source", "referral", "--referred-by", "1"],
    );
    at(&k, "2026-11-23T12:00", &["move", "1", "next"]);
    at(
        &k,
        "2026-11-23T14:00",
        &["log", "3", "call", "--outcome", "no-answer"],
    );
    at(
        &k,
        "2026-11-23T15:00",
        &["log", "3", "call", "--outcome", "no-answer"],
    );
    at(&k, "2026-11-24T09:00", &["invoice", "1", "100000"]);
    at(&k, "2026-11-24T10:00", &["paid", "1"]);
    at(&k, "2026-11-24T11:00", &["sale", "1", "50000"]);
    at(&k, "2026-11-24T12:00", &["log", "1", "meeting"]);
    at(&k, "2026-11-25T10:00", &["move", "3", "h"]);
    at(
        &k,
        "2026-11-25T10:30",
        &["plan", "--week", "2026-W48", "calls=10"],
    );
    let text = at(
        &k,
        "2026-11-25T18:00",
        &["report", "--week", "2026-W48", "--format", "json"],
    );
    let r: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-11-23"), Some("2026-11-29"))
    );
    let flow = |r: &Value, i: usize| {
        let f = &r["flow"][i];
        [
            &f["entered"],
            &f["advanced"],
            &f["moved_back"],
            &f["lost"],
            &f["still_there"],
            &f["skipped"],
        ]
        .map(|v| v.as_i64().expect("number"))
    };
    assert_eq!(r["flow"][0]["stage"], "telemarketer");
    assert_eq!(flow(&r, 0), [1, 1, 0, 0, 0, 0], "Carl left by a jump");
    assert_eq!(
        flow(&r, 1),
        [0, 0, 0, 0, 0, 1],
        "the jump skipped the qualifier"
    );
    assert_eq!(flow(&r, 2), [2, 1, 0, 0, 1, 0]);
    assert_eq!(r["flow"][2]["conversion"], 0.5);
    assert_eq!(flow(&r, 3), [1, 0, 0, 0, 1, 0]);
    assert!(r["flow"][1]["conversion"].is_null());
    let time = |i: usize, k: &str| r["time"][i][k].clone();
    assert_eq!(
        (time(0, "n"), time(0, "median_days")),
        (json!(1), json!(2.0))
    );
    assert_eq!(
        time(1, "median_days"),
        json!(5.1),
        "18th 10:00 → 23rd 12:00"
    );
    assert_eq!(
        time(2, "median_days"),
        json!(0.9),
        "23rd 12:00 → 24th 10:00"
    );
    assert_eq!(time(2, "open_median_days"), json!(0.3));
    assert_eq!(time(3, "open_median_days"), json!(1.3));
    assert!(time(0, "open_median_days").is_null());
    assert_eq!(r["cohort"]["created"], 1);
    assert_eq!(
        r["cohort"]["reached"],
        json!({"telemarketer": 1, "qualifier": 1, "hunter": 1, "farmer": 0})
    );
    assert_eq!(
        (r["cohort"]["paid"].as_i64(), r["cohort"]["active"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        r["revenue"],
        json!([{"currency": "RUB", "first": {"count": 1, "amount_minor": 10_000_000},
                "repeat": {"count": 1, "amount_minor": 5_000_000}, "repeat_share": 0.33}])
    );
    assert_eq!(
        r["sources"],
        json!([{"source": "referral", "created": 1, "paid": 0, "amount_minor": 0}])
    );
    assert_eq!(
        r["referrals"],
        json!([{"referrer_id": 1, "name": "Anna", "referred": 1, "paid": 0}])
    );
    assert_eq!(r["losses"], json!([]));
    assert_eq!(r["activity"]["calls"]["no-answer"], 2);
    assert_eq!(
        (
            r["activity"]["meeting"].as_i64(),
            r["activity"]["note"].as_i64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        r["plan"],
        json!([{"metric": "calls", "target": 10, "fact": 2, "percent": 20.0, "projected": 3}])
    );
    let p = &r["previous"];
    assert_eq!(
        (p["from"].as_str(), p["to"].as_str()),
        (Some("2026-11-16"), Some("2026-11-22"))
    );
    assert_eq!(flow(p, 0), [2, 1, 0, 1, 0, 0]);
    assert_eq!(flow(p, 1), [1, 1, 0, 0, 0, 0]);
    assert_eq!(
        p["losses"],
        json!([{"reason": "no budget", "stage": "telemarketer", "count": 1}])
    );
    assert_eq!(
        p["cohort"]["reached"],
        json!({"telemarketer": 2, "qualifier": 1, "hunter": 1, "farmer": 1})
    );
    assert_eq!(
        (p["cohort"]["paid"].as_i64(), p["cohort"]["lost"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(p.get("previous").is_none());
    // The month and a custom range agree with the same history.
    let m: Value = serde_json::from_str(&at(
        &k,
        "2026-11-25T18:00",
        &["report", "--month", "2026-11", "--format", "json"],
    ))
    .expect("json");
    assert_eq!(m["cohort"]["created"], 3);
    assert_eq!(
        (m["previous"]["from"].as_str(), m["previous"]["to"].as_str()),
        (Some("2026-10-01"), Some("2026-10-31"))
    );
    let c: Value = serde_json::from_str(&at(
        &k,
        "2026-11-25T18:00",
        &[
            "report",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-24",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    assert_eq!(c["plan"][0]["target"], 2, "a weekday's share of the week");
    assert_eq!(c["previous"]["from"], "2026-11-23");
    // A long range reads the whole history another way: the same numbers.
    let long: Value = serde_json::from_str(&at(
        &k,
        "2026-11-25T18:00",
        &[
            "report",
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-29",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    assert_eq!(long["cohort"]["created"], 3);
    assert_eq!(flow(&long, 0), [3, 2, 0, 1, 0, 0]);
    assert_eq!(flow(&long, 2), [2, 1, 0, 0, 1, 0]);
    // The text report fits 80 columns.
    let text = at(&k, "2026-11-25T18:00", &["report"]);
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{line:?}"
        );
    }
}

#[test]
fn segments_rank_the_year_and_overrides_hold_until_they_expire() {
    let k = Env::new();
    for (name, amount) in [
        ("Anna", "50000"),
        ("Boris", "30000"),
        ("Carl", "15000"),
        ("Dora", "5000"),
    ] {
        let id = k.ok(&["add", name, "--stage", "hunter"]);
        k.ok(&["sale", id.trim(), amount]);
    }
    let old = k.ok(&["add", "Eve", "--stage", "hunter"]);
    k.ok(&["sale", old.trim(), "90000", "--on", "2025-11-22"]);
    k.ok(&[
        "segment",
        "4",
        "A",
        "--note",
        "a giant ordering little",
        "--until",
        "2026-12-31",
    ]);
    k.ok(&["segment", "2", "C", "--until", "2026-11-01"]);
    let rows = k.json(&["segments", "--json"]);
    let by_id = |id: i64| {
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("listed")
    };
    assert_eq!(
        (by_id(1)["segment"].as_str(), by_id(1)["computed"].as_str()),
        (Some("A"), Some("A"))
    );
    assert_eq!(
        by_id(2)["segment"],
        "A",
        "50 above of 100 < 80 %: A; the C override expired"
    );
    assert!(by_id(2)["override"].is_null());
    assert_eq!(by_id(3)["segment"], "B");
    let dora = by_id(4);
    assert_eq!(
        (dora["segment"].as_str(), dora["computed"].as_str()),
        (Some("A"), Some("C"))
    );
    assert_eq!(dora["override"]["note"], "a giant ordering little");
    assert_eq!(dora["override"]["until"], "2026-12-31");
    assert_eq!(by_id(5)["segment"], "D", "its only payment is 366 days old");
    assert_eq!(by_id(5)["revenue_minor"], 0);
    assert_eq!(rows[0]["id"], 1, "highest revenue first");
    let listed = k.json(&["list", "--json"]);
    let dora = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["id"] == 4)
        .cloned()
        .expect("dora");
    assert_eq!(dora["segment"], "A");
    assert_eq!(k.json(&["show", "4", "--json"])["segment"]["computed"], "C");
    k.ok(&["segment", "4", "auto"]);
    assert_eq!(k.json(&["show", "4", "--json"])["segment"]["segment"], "C");
    assert!(
        k.fails(&["segment", "4", "Z"], 1)
            .contains("unknown segment")
    );
}

/// The listed client of this name (active or lost).
fn client_named(k: &Env, name: &str) -> Value {
    let list = k.json(&["list", "--status", "all", "--json"]);
    list.as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == name).cloned())
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

/// A small base to export: a client whose name a spreadsheet would run,
/// a paid and an unpaid order, a dated and a timed reminder.
fn base_to_export() -> Env {
    let k = Env::new();
    k.ok(&[
        "add",
        "=HYPERLINK(\"x\")",
        "--phone",
        "+7 999 123-45-67",
        "--stage",
        "hunter",
    ]);
    k.ok(&[
        "add",
        "Борис; Ромашка",
        "--company",
        "ООО \"Ромашка\"",
        "--email",
        "b@x.ru",
    ]);
    k.ok(&["sale", "1", "125000", "--on", "2026-11-20"]);
    k.ok(&["invoice", "2", "5000"]);
    k.ok(&["remind", "1", "send the offer", "--at", "2026-11-26"]);
    k.ok(&[
        "remind",
        "2",
        "call, then write",
        "--at",
        "2026-11-27 15:30",
    ]);
    k
}

#[test]
fn export_csv_is_a_spreadsheet_that_runs_nothing() {
    let k = base_to_export();
    let text = k.ok(&["export"]);
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header[..4], ["id", "name", "company", "phone"]);
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 2);
    let field = |row: usize, name: &str| {
        let i = header.iter().position(|h| h == name).expect(name);
        records[row][i].to_string()
    };
    assert_eq!(
        field(0, "name"),
        "'=HYPERLINK(\"x\")",
        "a formula is neutralised"
    );
    assert_eq!(field(0, "phone"), "'+7 999 123-45-67");
    assert_eq!(field(0, "stage"), "farmer", "the first payment moved it on");
    assert_eq!(field(0, "revenue"), "125000.00");
    assert_eq!(field(0, "segment"), "A");
    assert_eq!(field(0, "next_reminder_on"), "2026-11-26");
    assert_eq!(field(1, "name"), "Борис; Ромашка");
    assert_eq!(field(1, "company"), "ООО \"Ромашка\"");
    // Russian Excel: `;` between fields, quoted where a field holds one.
    let semi = k.ok(&["export", "--delimiter", ";"]);
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(semi.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[1].to_string())
        .collect();
    assert_eq!(names[1], "Борис; Ромашка");
}

#[test]
fn export_json_holds_every_table() {
    let k = base_to_export();
    let dump = k.json(&["export", "--format", "json"]);
    assert_eq!(dump["konveyer"]["format"], 1);
    assert_eq!(dump["clients"].as_array().map(Vec::len), Some(2));
    assert_eq!(dump["orders"].as_array().map(Vec::len), Some(2));
    let reminders = dump["reminders"].as_array().expect("reminders");
    assert!(reminders.iter().any(|r| r["text"] == "send the offer"));
    let kinds: Vec<&str> = dump["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"payment") && kinds.contains(&"created"),
        "{kinds:?}"
    );
}

#[test]
fn export_ics_is_read_by_a_real_calendar_parser() {
    let k = base_to_export();
    let file = k.dir().join("reminders.ics");
    let file = file.to_str().expect("path");
    k.ok(&["export", "-o", file]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    // Python's `icalendar` package (`.ci/run` installs it): events, their
    // alarms, a day's reminder as a date with the next day as its end.
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    start, end = e.decoded('DTSTART'), e.decoded('DTEND')
    alarms = len(e.walk('VALARM'))
    print(e['UID'], type(start).__name__, start.isoformat(), end.isoformat(), alarms, e['SUMMARY'])
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, file])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "the icalendar package must read it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    // The two reminders and the invoice's payment chase.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("chase payment: invoice #2"))
    );
    let day = lines
        .iter()
        .find(|l| l.contains("send the offer"))
        .expect("the day's");
    assert!(
        day.contains(" date 2026-11-26 2026-11-27 1 "),
        "all day, exclusive end, one alarm: {day}"
    );
    let timed = lines
        .iter()
        .find(|l| l.contains("call, then write"))
        .expect("timed");
    assert!(
        timed.contains("datetime 2026-11-27T15:30:00+00:00"),
        "{timed}"
    );
    assert!(timed.starts_with("reminder-"), "a stable uid: {timed}");
    // To-dos instead of events.
    let todo = k.ok(&["export", "--format", "ics", "--todo"]);
    assert_eq!(todo.matches("BEGIN:VTODO").count(), 3);
    assert!(!todo.contains("BEGIN:VEVENT"));
}

#[test]
fn a_refused_export_writes_nothing() {
    let k = base_to_export();
    let err = k.fails(&["export", "--delimiter", "ab"], 1);
    assert!(err.contains("'ab'") && err.lines().count() == 1, "{err}");
    let missing = k.dir().join("no/such/dir/out.csv");
    let err = k.fails(&["export", "-o", missing.to_str().expect("path")], 1);
    assert!(err.contains("out.csv"), "{err}");
    assert!(!missing.exists());
    let left: Vec<_> = std::fs::read_dir(k.dir())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("konveyer-part"))
        .collect();
    assert!(left.is_empty(), "no temporary file left");
}

/// Files other programs wrote, copied with their sources and licences
/// (`tests/fixtures/SOURCES.md`).
const TEST_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A Russian CRM's export as Russian Excel saves it: Windows-1251, `;`,
/// one person three times with the phone in three spellings.
fn crm_export(dir: &Path) -> PathBuf {
    let text = "Фамилия;Имя;Мобильный телефон;E-mail;Компания;Бюджет;Этап сделки;Должность\r\n\
        Иванов;Иван;8 (999) 123-45-67;ivan@romashka.ru;ООО Ромашка;150 000;Переговоры;директор\r\n\
        Петрова;Анна;+7 912 000-11-22;;;;Первичный контакт;\r\n\
        Иванов;Иван;+7 999 123 45 67;;;;;\r\n\
        Сидоров;Пётр;79161234567;;\"ИП \"\"Сидоров\"\"; склад\";5000;Успешно реализовано;\r\n\
        ;;;;;;;\r\n\
        Кузнецов;Олег;79991234567;;;x;Бог знает что;снабженец\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let path = dir.join("amo.csv");
    std::fs::write(&path, &bytes).expect("write");
    path
}

#[test]
fn a_russian_crm_export_comes_in_merged_and_reported() {
    let k = Env::new();
    let file = crm_export(k.dir());
    let file = file.to_str().expect("path");
    let dry = k.ok(&["import", file, "--dry-run"]);
    assert!(dry.starts_with("dry run"), "{dry}");
    assert!(
        !k.db.exists()
            || k.json(&["list", "--json"])
                .as_array()
                .is_some_and(|a| a.is_empty())
    );
    let real = k.ok(&["import", file]);
    assert_eq!(
        dry.lines().skip(1).collect::<Vec<_>>(),
        real.lines().collect::<Vec<_>>(),
        "the dry run said exactly what happened"
    );
    assert!(
        real.contains("5 rows: 3 new, 2 merged, 0 skipped, 2 orders"),
        "{real}"
    );
    assert!(real.contains("line 4: merged into #1 Иван Иванов (same phone, added from this file)"));
    assert!(
        real.contains("line 7: merged into #1"),
        "79991234567 is the same number: {real}"
    );
    assert!(real.contains("line 7: amount 'x' is not a number"));
    let by_name = |name: &str| client_named(&k, name);
    let ivan = by_name("Иван Иванов");
    assert_eq!(ivan["phone"], "+79991234567");
    assert_eq!(ivan["stage"], "hunter", "Переговоры");
    assert_eq!(ivan["company"], "ООО Ромашка");
    assert!(
        ivan["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Должность: директор"))
    );
    assert_eq!(by_name("Анна Петрова")["stage"], "telemarketer");
    let petr = by_name("Пётр Сидоров");
    assert_eq!(petr["stage"], "farmer", "won: paid");
    assert_eq!(petr["company"], "ИП \"Сидоров\"; склад");
    let shown = k.json(&["show", &petr["id"].to_string(), "--json"]);
    assert!(shown["orders"][0]["paid_on"].is_string(), "{shown}");
}

#[test]
fn an_import_fills_the_base_and_never_overwrites_it() {
    let k = Env::new();
    k.ok(&[
        "add",
        "Анна",
        "--phone",
        "+7 999 111-22-33",
        "--company",
        "Старая",
    ]);
    let csv = "name,phone,email,company\nAnya,8 (999) 111 22 33,anna@x.ru,Новая\n";
    let file = k.dir().join("in.csv");
    std::fs::write(&file, csv).expect("write");
    let out = k.ok(&["import", file.to_str().expect("path")]);
    assert!(
        out.contains("line 2: merged into #1 Анна (same phone)"),
        "{out}"
    );
    let anna = k.json(&["show", "1", "--json"]);
    assert_eq!(anna["company"], "Старая", "kept");
    assert_eq!(anna["email"], "anna@x.ru", "filled");
    assert_eq!(anna["name"], "Анна");
}

#[test]
fn files_other_programs_wrote_come_in() {
    let k = Env::new();
    let data = |f: &str| format!("{TEST_DATA}/csv/{f}");
    let out = k.ok(&["import", &data("salesforce_opportunityData.csv")]);
    assert!(out.starts_with("38 rows: 38 new"), "{out}");
    let george = client_named(&k, "George Foundation - 5000 Widgets");
    assert_eq!(george["stage"], "farmer", "Closed Won");
    assert!(
        george["notes"]
            .as_str()
            .is_some_and(|n| n.contains("CLOSEDATE: 2005-11-09"))
    );
    let out = k.ok(&["import", &data("thunderbird_csv_semicolon.csv")]);
    assert!(out.starts_with("2 rows: 2 new"), "{out}");
    let out = k.ok(&["import", &data("thunderbird_export.csv")]);
    assert!(
        out.contains("line 2: 'contact1@invalid' is not an e-mail address"),
        "{out}"
    );
    let two = client_named(&k, "contact number two");
    let notes = two["notes"].as_str().expect("notes");
    assert!(
        notes.contains("Custom 4: custom\r\n4") || notes.contains("Custom 4: custom\n4"),
        "{notes}"
    );
    assert!(notes.contains("Job Title: \"worker\""), "{notes}");
    // Standard input, the way a script feeds it.
    let out = k
        .cmd(&["import", "-"])
        .write_stdin("Имя;Телефон\nИз скрипта;+7 900 000-00-01\n")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 rows: 1 new"));
}

#[test]
fn a_bad_file_is_refused_by_name_and_writes_nothing() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let write = |name: &str, bytes: &[u8]| {
        let p = k.dir().join(name);
        std::fs::write(&p, bytes).expect("write");
        p.to_str().expect("path").to_string()
    };
    let cases = [
        (write("empty.csv", b""), "is empty"),
        (write("blank.csv", b" \n\n"), "is empty"),
        (
            write(
                "photo.csv",
                &[0x89, b'P', b'N', b'G', 0, 0, 0x1a, 0xff, 0xfe, 0],
            ),
            "not a text file",
        ),
        (
            format!("{TEST_DATA}/csv/salesforce_csvtext_BOM_UTF8.csv"),
            "has no name column (found: column1, column2, column3)",
        ),
    ];
    for (file, says) in &cases {
        let err = k.fails(&["import", file], 1);
        assert!(
            err.contains(says) && err.contains(file.as_str()),
            "{file}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = k.fails(
        &[
            "import",
            &write("x.csv", b"name\nA\n"),
            "--encoding",
            "klingon",
        ],
        1,
    );
    assert!(err.contains("'klingon'"), "{err}");
    let header_only = k.ok(&["import", &write("h.csv", b"name,phone\r\n")]);
    assert!(header_only.starts_with("0 rows"), "{header_only}");
    // A line of 10 MB is read, not refused.
    let mut long = b"name,note\nLong,".to_vec();
    long.extend(std::iter::repeat_n(b'x', 10 << 20));
    long.push(b'\n');
    let out = k.ok(&["import", &write("long.csv", &long)]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let names: Vec<String> = k
        .json(&["list", "--json"])
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["Anna", "Long"], "the refused files wrote nothing");
}

#[test]
fn leads_from_a_web_form_come_in_on_standard_input() {
    let k = Env::new();
    let run = |json: &str, extra: &[&str]| {
        let mut args = vec!["add", "--json", "-"];
        args.extend_from_slice(extra);
        k.cmd(&args)
            .write_stdin(json.to_string())
            .output()
            .expect("run")
    };
    let out = run(
        r#"{"name": "Анна", "phone": "8 999 555-44-33", "utm_source": "yandex"}"#,
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    // The same person again (another spelling of the phone) and a new one.
    let out = run(
        r#"[{"name": "Анна П.", "phone": "+79995554433", "email": "a@x.ru"}, {"name": "Борис", "amount": 5000}]"#,
        &["--source", "site"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n2\n");
    let anna = k.json(&["show", "1", "--json"]);
    assert_eq!(anna["name"], "Анна", "never overwritten");
    assert_eq!(anna["email"], "a@x.ru", "filled");
    assert!(
        anna["notes"]
            .as_str()
            .is_some_and(|n| n.contains("utm_source: yandex"))
    );
    let boris = k.json(&["show", "2", "--json"]);
    assert_eq!(boris["source"], "site");
    assert_eq!(boris["orders"].as_array().map(Vec::len), Some(1));
    // A lead without a name refuses them all.
    let out = run(r#"[{"name": "Вера"}, {"company": "X"}]"#, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lead 2 has no \"name\""));
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn phone_address_books_come_in_as_vcards() {
    let k = Env::new();
    let vcf = |f: &str| format!("{TEST_DATA}/vcf/{f}");
    let out = k.ok(&["import", &vcf("kcontacts_vcard9_cyrillic_fold.vcf")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let card = k.json(&["show", "1", "--json"]);
    assert_eq!(
        card["notes"],
        "Длинный комментарий на русском языке, чтобы в результате получилась строка более 70 символов.",
        "a fold inside a letter, unfolded before decoding"
    );
    let out = k.ok(&["import", &vcf("ezvcard_John_Doe_IPHONE.vcf")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let john = k.json(&["show", "2", "--json"]);
    assert_eq!(john["name"], "Mr. John Richter James Doe Sr.");
    assert_eq!(john["company"], "IBM, Accounting");
    let notes = john["notes"].as_str().expect("notes");
    assert_eq!(
        notes.matches("Phone: ").count(),
        6,
        "every number kept: {notes}"
    );
    let out = k.ok(&["import", &vcf("ezvcard_John_Doe_ANDROID.vcf")]);
    assert!(
        out.contains("merged into"),
        "a card repeating a phone: {out}"
    );
    let out = k.ok(&["import", &vcf("thunderbird_export.vcf")]);
    assert!(
        out.starts_with("2 rows: 2 new"),
        "lower-case names, VERSION last: {out}"
    );
    let two = client_named(&k, "contact number two");
    let notes = two["notes"].as_str().expect("notes");
    assert!(notes.starts_with("here's some unicode text…"), "{notes}");
    // Standard input with `--format vcf`, as DESIGN §3 names it.
    let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Из трубки\nTEL:+7 900 111-00-11\nEND:VCARD\n";
    let out = k
        .cmd(&["import", "-", "--format", "vcf"])
        .write_stdin(card)
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("1 rows: 1 new"),
        "{out:?}"
    );
}

#[test]
fn the_json_dump_comes_back_whole_into_an_empty_database() {
    let k = base_to_export();
    k.ok(&["plan", "calls=40"]);
    k.ok(&["lose", "2", "--reason", "no budget"]);
    let dump = k.dir().join("dump.json");
    let dump = dump.to_str().expect("path");
    k.ok(&["export", "-o", dump]);
    let fresh = Env::new();
    let out = fresh.ok(&["import", dump]);
    assert!(out.starts_with("loaded 2 clients, 2 orders"), "{out}");
    let (before, after) = (
        k.json(&["export", "--format", "json"]),
        fresh.json(&["export", "--format", "json"]),
    );
    for table in ["clients", "orders", "activities", "reminders", "plans"] {
        assert_eq!(before[table], after[table], "{table} came back as it was");
    }
    // Only into an empty database; a dump of another schema is refused.
    let err = fresh.fails(&["import", dump], 1);
    assert!(err.contains("empty database"), "{err}");
    let other = fresh.dir().join("old.json");
    std::fs::write(
        &other,
        r#"{"konveyer": {"format": 1, "schema": 2}, "clients": []}"#,
    )
    .expect("write");
    let err = Env::new().fails(&["import", other.to_str().expect("path")], 1);
    assert!(err.contains("schema 2"), "{err}");
    // A list of leads as a .json file is an import like a CSV's.
    let leads = fresh.dir().join("leads.json");
    std::fs::write(&leads, r#"[{"name": "Вера", "phone": "8 916 000-00-00"}]"#).expect("write");
    let out = Env::new().ok(&["import", leads.to_str().expect("path")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
}

#[test]
fn robots_act_when_a_client_enters_a_station_and_never_lose_the_move() {
    let k = Env::new();
    let record = k.dir().join("robot-input.jsonl");
    let config = format!(
        r#"
[[robots]]
on = "qualifier"
remind = "send the commercial offer"
in_days = 1
run = ["sh", "-c", "cat >> '{record}'; echo >> '{record}'"]

[[robots]]
on = "hunter"
run = ["sh", "-c", "sleep 5"]
timeout_secs = 1

[[robots]]
on = "lost"
run = ["sh", "-c", "echo 'no SMS gateway' >&2; exit 1"]
"#,
        record = record.display()
    );
    std::fs::write(k.dir().join("config.toml"), config).expect("config");
    k.ok(&["add", "Анна", "--phone", "+7 999 111-22-33"]);
    k.ok(&["move", "1", "qualifier"]);
    let input = std::fs::read_to_string(&record).expect("the robot ran");
    let lines: Vec<&str> = input.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "once: {input}");
    let seen: Value = serde_json::from_str(lines[0]).expect("JSON on stdin");
    assert_eq!(seen["event"], "entered");
    assert_eq!(seen["stage"], "qualifier");
    assert_eq!(seen["client"]["name"], "Анна");
    assert_eq!(seen["client"]["phone"], "+7 999 111-22-33");
    let shown = k.json(&["show", "1", "--json"]);
    let reminder = &shown["reminders"][0];
    assert_eq!(reminder["text"], "send the commercial offer");
    assert_eq!(reminder["due_on"], "2026-11-24", "in a day");
    // A robot that hangs is stopped and logged; the move stands.
    let started = std::time::Instant::now();
    let out = k.cmd(&["move", "1", "hunter"]).output().expect("run");
    assert!(out.status.success());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "stopped at its timeout"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("robot sh: ran past 1 s"), "{err}");
    assert_eq!(k.json(&["show", "1", "--json"])["stage"], "hunter");
    // A robot that fails is logged on the timeline; the loss stands.
    let out = k
        .cmd(&["lose", "1", "--reason", "no budget"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exit 1: no SMS gateway"));
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["status"], "lost");
    let notes: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|a| a["text"].as_str())
        .filter(|t| t.starts_with("robot "))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    // The record saw the first event only.
    assert_eq!(
        std::fs::read_to_string(&record)
            .expect("record")
            .lines()
            .filter(|l| !l.is_empty())
            .count(),
        1
    );
}

#[test]
fn a_robot_with_nothing_to_do_is_a_config_error() {
    let k = Env::new();
    std::fs::write(
        k.dir().join("config.toml"),
        "[[robots]]\non = \"qualifier\"\n",
    )
    .expect("config");
    let err = k.fails(&["list"], 1);
    assert!(err.contains("neither remind nor run"), "{err}");
    std::fs::write(
        k.dir().join("config.toml"),
        "[[robots]]\non = \"somewhere\"\nremind = \"x\"\n",
    )
    .expect("config");
    let err = k.fails(&["list"], 1);
    assert!(err.contains("'somewhere'"), "{err}");
}
