//! The real binary in a real terminal (tmux): open the board, move a card
//! with keys, quit, and check the database and that the terminal is back
//! in its normal mode. Also a SIGTERM ends the board through the teardown.
//! Needs tmux (`.ci/run` installs it).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use konveyer::store::test_server::url_as;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::latest_entry;
use common::tmux::*;

#[test]
fn a_card_moved_with_keys_lands_in_the_database_and_the_terminal_comes_back() {
    let tmux = Tmux::start("move");
    let db = demo_db(&tmux);
    let first: serde_json::Value =
        serde_json::from_str(&konveyer(&db, &["list", "--stage", "t", "--json"])).expect("json");
    let id = first[0]["id"].as_i64().expect("id");
    let name = first[0]["name"].as_str().expect("name").to_string();

    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    let screen = tmux.wait_for("Telemarketer");
    assert!(
        screen.contains("? ") && screen.contains("help"),
        "footer hints:\n{screen}"
    );
    tmux.keys(&["L"]);
    tmux.wait_for("telemarketer → qualifier");
    tmux.keys(&["?"]);
    tmux.wait_for("card to the next station");
    // Esc and q sent together would read as Alt-q; close the help first.
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("card to the next station");
    tmux.keys(&["q"]);
    tmux.wait_for_shell();
    assert_terminal_restored(&tmux);

    let shown: serde_json::Value =
        serde_json::from_str(&konveyer(&db, &["show", &id.to_string(), "--json"])).expect("json");
    assert_eq!(shown["stage"], "qualifier", "{name} was moved with L");
}

#[test]
fn every_ending_signal_ends_the_board_through_the_normal_teardown() {
    let tmux = Tmux::start("term");
    let db = demo_db(&tmux);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    for signal in ["TERM", "INT", "QUIT", "HUP", "USR1", "ALRM"] {
        tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
        tmux.wait_for("Telemarketer");
        let pid = find_pid(&db).expect("the board's process");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        tmux.wait_for_shell();
        assert_terminal_restored(&tmux);
        tmux.keys(&["clear", "Enter"]);
        tmux.wait_until_gone("Telemarketer");
    }
}

/// The process whose command line names `db`.
fn find_pid(db: &Path) -> Option<u32> {
    let needle = db.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            (cmdline.contains("konveyer") && cmdline.contains(&needle) && !cmdline.contains("bash"))
                .then_some(pid)
        })
}

#[test]
fn closing_the_terminal_ends_the_board() {
    let tmux = Tmux::start("hangup");
    let db = demo_db(&tmux);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    tmux.wait_for("Telemarketer");
    let pid = find_pid(&db).expect("the board's process");
    let _ = tmux.run(&["kill-server"]);
    let start = Instant::now();
    // Gone, or a zombie waiting for its new parent to reap it.
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit(')')
                    .next()
                    .map(|rest| rest.trim_start().to_string())
            })
            .is_some_and(|rest| !rest.starts_with('Z'))
    };
    while alive(pid) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the board outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A founder's morning on the demo, key by key, waiting for each screen:
/// a focus queue with a search inside it, calls with outcomes, an invoice
/// and its payment, a farmer's call, a loss taken back, the agenda. The
/// database must hold exactly what the keys meant.
#[test]
fn a_founders_day_leaves_the_database_as_the_keys_intended() {
    let tmux = Tmux::start("day");
    let db = demo_db(&tmux);
    let find = |name: &str| -> i64 {
        json(&db, &["list", "--status", "all", "--json"])
            .as_array()
            .expect("clients")
            .iter()
            .find(|c| c["name"].as_str().is_some_and(|n| n.contains(name)))
            .and_then(|c| c["id"].as_i64())
            .expect("the demo has this client")
    };
    let ilyin = find("Ильин");
    let hunter = json(&db, &["list", "--stage", "h", "--json"])[0]["id"]
        .as_i64()
        .expect("a hunter's client");
    let first_due = json(&db, &["agenda", "--json"])["overdue"][0]["id"]
        .as_i64()
        .expect("an overdue reminder");

    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    tmux.wait_for("Telemarketer");
    // The telemarketer's queue; search inside it; no answer on the found card.
    tmux.keys(&["1"]);
    tmux.wait_for("Focus");
    tmux.keys(&["/"]);
    tmux.wait_for("Search");
    type_text(&tmux, "металлист");
    tmux.wait_for("Ильин");
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Search");
    tmux.keys(&["c"]);
    tmux.wait_for("How did the call go?");
    tmux.keys(&["2"]);
    tmux.wait_for("Call back");
    // When first (tomorrow 10:00 suggested), what about after Tab.
    tmux.keys(&["Tab"]);
    type_text(&tmux, "after the board meeting");
    tmux.keys(&["Enter"]);
    tmux.wait_for("call back on ");
    tmux.wait_for(" 10:00 — reminder set");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Focus");
    // The hunter: invoice, payment, the card follows to the farmer.
    tmux.keys(&["l"]);
    tmux.keys(&["l"]);
    tmux.keys(&["i"]);
    tmux.wait_for("Amount");
    type_text(&tmux, "50 000");
    tmux.keys(&["Enter"]);
    tmux.wait_for("invoice issued");
    tmux.keys(&["p"]);
    tmux.wait_for("Paid —");
    tmux.keys(&["Enter"]);
    tmux.wait_for("moved to farmer");
    // A call to the farmer: interested asks for the next order.
    tmux.keys(&["c"]);
    tmux.wait_for("How did the call go?");
    tmux.keys(&["3"]);
    tmux.wait_for("Invoice —");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Invoice —");
    // Lost by mistake, taken back.
    tmux.keys(&["x"]);
    tmux.wait_for("own words");
    tmux.keys(&["t"]);
    tmux.wait_for("Reason");
    type_text(&tmux, "moved abroad");
    tmux.keys(&["Enter"]);
    tmux.wait_for("client marked lost");
    tmux.keys(&["u"]);
    tmux.wait_for("undone: client marked lost");
    // The agenda: the first overdue item done.
    tmux.keys(&["A"]);
    tmux.wait_for("Agenda");
    tmux.keys(&["d"]);
    tmux.wait_for("done:");
    tmux.keys(&["q"]);
    tmux.wait_until_gone("Agenda");
    tmux.keys(&["q"]);
    tmux.wait_for_shell();
    assert_terminal_restored(&tmux);

    let shown = json(&db, &["show", &ilyin.to_string(), "--json"]);
    let outcomes: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|a| a["outcome"].as_str())
        .collect();
    assert_eq!(outcomes.first(), Some(&"call-back"), "{outcomes:?}");
    let open: Vec<&serde_json::Value> = shown["reminders"]
        .as_array()
        .expect("reminders")
        .iter()
        .filter(|r| r["done_at"].is_null())
        .collect();
    assert_eq!(
        open.len(),
        1,
        "one call-back, the old ones replaced: {open:?}"
    );
    assert_eq!(open[0]["origin"], "call-back");
    let paid = json(&db, &["show", &hunter.to_string(), "--json"]);
    assert_eq!(paid["stage"], "farmer");
    assert_eq!(paid["status"], "active", "the loss was undone");
    // The invoice typed in, and a payment (`p` pays the oldest unpaid).
    let orders = paid["orders"].as_array().expect("orders");
    assert_eq!(orders[0]["amount_minor"], 5_000_000, "{paid}");
    assert!(orders.iter().any(|o| !o["paid_on"].is_null()), "{paid}");
    // The timeline is newest first.
    let last_call = latest_entry(&paid, "call");
    assert_eq!(last_call["outcome"], "interested");
    let agenda = json(&db, &["agenda", "--json"]);
    let still_open = ["overdue", "today", "upcoming"]
        .iter()
        .flat_map(|s| agenda[*s].as_array().cloned().unwrap_or_default())
        .any(|r| r["id"] == first_due);
    assert!(!still_open, "the agenda's first item was done");
}

#[test]
fn a_pasted_text_lands_in_the_form_field() {
    let tmux = Tmux::start("paste");
    let db = demo_db(&tmux);
    let lost_before = json(&db, &["list", "--status", "lost", "--json"])
        .as_array()
        .map(Vec::len);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    tmux.wait_for("Telemarketer");
    tmux.keys(&["a"]);
    tmux.wait_for("New client");
    assert!(
        tmux.run(&["set-buffer", "Acme Ltd\nxno budget\n"])
            .status
            .success()
    );
    // -p: as a bracketed paste, since the board asked for it.
    assert!(
        tmux.run(&["paste-buffer", "-p", "-t", "k"])
            .status
            .success()
    );
    tmux.wait_for("Acme Ltd xno budget");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("New client");
    tmux.keys(&["q"]);
    tmux.wait_for_shell();
    assert_terminal_restored(&tmux);
    let lost_after = json(&db, &["list", "--status", "lost", "--json"])
        .as_array()
        .map(Vec::len);
    assert_eq!(lost_before, lost_after, "the paste ran no command");
}

/// `args` as `who` on the team database `url`.
fn on_team(url: &str, who: &str, args: &[&str]) -> String {
    let mut cmd = command(args);
    cmd.env("KONVEYER_DB", url_as(url, who));
    output_of(cmd)
}

#[test]
fn team_a_card_handed_over_shows_up_on_the_receivers_board_within_a_second() {
    let url = konveyer::store::test_server::fresh_url();
    let mut admin = command(&[
        "init-team",
        "--head",
        "anna",
        "--name",
        "Anna Head",
        "--stations",
        "t",
        "--no-password",
    ]);
    admin.env("KONVEYER_DB", &url);
    output_of(admin);
    let people: &[&[&str]] = &[
        &[
            "user",
            "add",
            "Boris Q",
            "--login",
            "boris",
            "--stations",
            "q",
            "--no-password",
        ],
        &["add", "Handed Over Lead"],
    ];
    for args in people {
        on_team(&url, "anna", args);
    }
    let tmux = Tmux::start("team");
    tmux.keys(&[
        &format!(
            "KONVEYER_DB='{}' {}",
            url_as(&url, "boris"),
            env!("CARGO_BIN_EXE_konveyer")
        ),
        "Enter",
    ]);
    let screen = tmux.wait_for("Qualifier 0");
    assert!(!screen.contains("Handed Over"), "{screen}");
    // The telemarketer hands the lead over from her own terminal.
    on_team(&url, "anna", &["move", "1", "next"]);
    let moved = Instant::now();
    let screen = tmux.wait_for("Handed Over Lead");
    let took = moved.elapsed();
    assert!(screen.contains("Qualifier 1"), "{screen}");
    assert!(
        took < Duration::from_secs(1),
        "the receiver's board showed the card after {took:?}"
    );
    // Its timeline says who handed it to whom.
    tmux.keys(&["l"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["Enter"]);
    tmux.wait_for("anna → boris — by anna");
    tmux.keys(&["q"]);
    tmux.keys(&["q"]);
    tmux.wait_for_shell();
}

/// What the rules have left in a base: their mark, and every reminder
/// they made (client, origin, day), in order.
fn rules_state(db: &Path) -> (String, Vec<(i64, String, String)>) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mark: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'rules'", [], |r| {
            r.get(0)
        })
        .expect("the rules' mark");
    let mut stmt = conn
        .prepare(
            "SELECT client_id, origin, due_on FROM reminders
             WHERE origin IN ('chase', 'reactivation') ORDER BY client_id, origin, due_on",
        )
        .expect("prepare");
    let made = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    (mark, made)
}

#[test]
fn a_board_quit_at_once_on_a_new_day_leaves_the_sweep_done_or_to_the_next_command() {
    let tmux = Tmux::start("sweep");
    let db = tmux.dir.path().join("big.db");
    konveyer(&db, &["gen", "--clients", "60000"]);
    let (before_mark, before) = rules_state(&db);
    // The next morning, and the rules' settings changed: the board sweeps
    // the whole base beside its first frame; the person quits at once.
    let config = db.with_extension("toml");
    std::fs::write(
        &config,
        "[rules]\nreactivation_factor = 1.0\nreactivation_default_days = 30\n",
    )
    .expect("config");
    let twin = tmux.dir.path().join("twin.db");
    std::fs::copy(&db, &twin).expect("copy");
    let morning = "2026-11-24T09:00";
    let bin = env!("CARGO_BIN_EXE_konveyer");
    // The marker, computed, says the board has ended (the typed line
    // itself does not match).
    let open = format!(
        "KONVEYER_NOW={morning} KONVEYER_CONFIG={} {bin} --db {}; echo ENDED_$((6 * 7))",
        config.display(),
        db.display()
    );
    let started = Instant::now();
    tmux.keys(&[&open, "Enter"]);
    std::thread::sleep(Duration::from_millis(50));
    tmux.keys(&["q"]);
    tmux.wait_for("ENDED_42");
    let quit_after = started.elapsed();
    // A command that morning, with the new settings.
    let next_command = |on: &Path| {
        let mut next = command(&["agenda", "--json"]);
        next.arg("--db")
            .arg(on)
            .env("KONVEYER_NOW", morning)
            .env("KONVEYER_CONFIG", &config);
        output_of(next);
    };
    // Never half-done: either the sweep committed whole, or nothing of it.
    let (mark, made) = rules_state(&db);
    let swept = (mark.clone(), made.clone());
    next_command(&twin);
    let wanted = rules_state(&twin);
    assert!(
        swept == wanted || (mark == before_mark && made == before),
        "quit after {quit_after:?}: the mark {mark:?} with {} reminders made, \
         against {} before and {} by a whole sweep",
        made.len(),
        before.len(),
        wanted.1.len()
    );
    assert_ne!(wanted.1, before, "the new settings had work to do");
    // The next command takes the sweep up (or finds it done): the same
    // reminders as a command that swept the copy.
    next_command(&db);
    assert_eq!(rules_state(&db), wanted);
}

/// `konveyer check` of a large base says on a terminal what it is doing
/// while it reads (a spinner, in the person's language), clears it, and
/// then gives its verdict; on a pipe it says nothing but the verdict.
#[test]
fn check_on_a_terminal_says_it_is_checking_then_clears_the_line() {
    let tmux = Tmux::start("check");
    let db = tmux.dir.path().join("big.db");
    konveyer(&db, &["gen", "--clients", "20000"]);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    for (lang, checking, ok) in [
        ("en", "checking: the file", "ok: the database is intact"),
        ("ru", "проверка: файл", "ok: база цела"),
    ] {
        tmux.keys(&["clear", "Enter"]);
        let run = format!(
            "KONVEYER_LANG={lang} KONVEYER_CONFIG={} {bin} --db {} check; echo CHECKED_$((6 * 7))",
            db.with_extension("toml").display(),
            db.display()
        );
        tmux.keys(&[&run, "Enter"]);
        tmux.wait_for(checking);
        let screen = tmux.wait_for("CHECKED_42");
        assert!(screen.contains(ok), "{screen}");
        assert!(!screen.contains(checking), "the spinner stayed:\n{screen}");
    }
    // On a pipe: the verdict alone, nothing on standard error.
    let mut piped = command(&["check"]);
    piped
        .arg("--db")
        .arg(&db)
        .env("KONVEYER_CONFIG", db.with_extension("toml"));
    let out = piped.output().expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok: the database is intact"));
}
