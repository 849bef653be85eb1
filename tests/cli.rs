//! End-to-end: the built binary on a temp database, with a fixed clock,
//! time zone and language — the conveyor's commands.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

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
    assert!(k.ok(&["snooze", "1", "+3d"]).contains("moved to Thu 26.11"));
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
fn a_wrong_invoice_is_cancelled_and_waits_for_nothing() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--stage", "hunter"]);
    k.ok(&["invoice", "1", "8000"]);
    let said = k.ok(&["cancel", "1", "--reason", "meant 80 000"]);
    assert!(
        said.contains("invoice #1 (₽8,000) to #1 Anna cancelled"),
        "{said}"
    );
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["orders"][0]["cancelled_on"], "2026-11-23");
    assert_eq!(shown["timeline"][0]["kind"], "cancelled");
    let text = k.ok(&["show", "1"]);
    assert!(
        text.contains("cancelled 2026-11-23") && text.contains("#1 ₽8,000 — meant 80 000"),
        "{text}"
    );
    let agenda = k.json(&["agenda", "--json"]);
    assert_eq!(agenda["unpaid"].as_array().map(Vec::len), Some(0));
    assert!(
        k.fails(&["paid", "1"], 1)
            .contains("invoice #1 is cancelled")
    );
    assert!(
        k.fails(&["cancel", "1"], 1)
            .contains("invoice #1 is cancelled")
    );
    assert!(k.fails(&["cancel", "9"], 1).contains("no order #9"));
    assert_eq!(
        k.json(&["show", "1", "--json"])["timeline"]
            .as_array()
            .map(Vec::len),
        Some(3)
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
    let out = k.ok(&[
        "log",
        "1",
        "call",
        "--outcome",
        "call-back",
        "--at",
        "fri 11:00",
    ]);
    // Said with its day (NOW is Monday 23 November).
    assert!(out.contains("call back on Fri 27.11 11:00"), "{out}");
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
fn edit_delete_and_merge_clients_and_reminders() {
    let k = Env::new();
    k.ok(&["add", "Anna", "--company", "Acme"]);
    k.ok(&["add", "Anna S.", "--phone", "+7 999 123-45-67"]);
    k.ok(&["edit", "1", "--email", "anna@acme.io", "--tags", "vip,msk"]);
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["email"], "anna@acme.io");
    assert_eq!(shown["tags"], "vip,msk");
    k.ok(&["edit", "1", "--note", "first line\nsecond line"]);
    let text = k.ok(&["show", "1"]);
    assert!(text.contains("\n  tags       vip,msk\n"), "{text}");
    // A note of several lines: a line each, under its label.
    assert!(
        text.contains("\n  notes      first line\n             second line\n"),
        "{text}"
    );
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
        out.contains("Fri 27.11") && out.contains("price list"),
        "{out}"
    );
    k.ok(&["log", "2", "call", "--outcome", "no-answer"]);
    let out = k.ok(&["merge", "1", "2"]);
    assert!(out.contains("#2 merged into #1"), "{out}");
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["phone"], "+79991234567", "empty fields filled");
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
    // At most N of each section, the stale cards too: the first N.
    let first = k.json(&["agenda", "--json", "--limit", "3"]);
    let stale = |v: &serde_json::Value| v["stale"].as_array().expect("stale").clone();
    assert_eq!(stale(&first), stale(&json)[..3], "{first}");
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
fn the_first_person_always_heads_sales_so_the_team_can_grow() {
    let k = Env::new();
    let said = k.ok(&[
        "--user",
        "tom",
        "user",
        "add",
        "Tom",
        "--login",
        "tom",
        "--stations",
        "t",
    ]);
    assert!(said.contains("the first person heads sales"), "{said}");
    let people = k.json(&["--user", "tom", "user", "list", "--json"]);
    assert_eq!(people[0]["head"], true);
    // The first person adds the next, who is not a head unless asked.
    let said = k.ok(&[
        "--user",
        "tom",
        "user",
        "add",
        "Vera",
        "--login",
        "vera",
        "--stations",
        "h",
    ]);
    assert!(!said.contains("heads sales"), "{said}");
    let people = k.json(&["--user", "tom", "user", "list", "--json"]);
    let vera = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["login"] == "vera")
        .unwrap();
    assert_eq!(vera["head"], false);
    // Someone this file does not know is sent to `user list` for their
    // login, and `user list` answers them (on a local file; a team
    // database's server decides).
    let stranger = |args: &[&str]| {
        k.cmd(args)
            .env("USER", "stranger")
            .env_remove("LOGNAME")
            .env_remove("KONVEYER_USER")
            .output()
            .expect("run")
    };
    let refused = stranger(&["list"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("konveyer user list"));
    let listed = stranger(&["user", "list"]);
    assert!(listed.status.success(), "{listed:?}");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains("tom") && listed.contains("vera"),
        "{listed}"
    );
}
