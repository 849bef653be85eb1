//! End-to-end: what is refused, and how — one line, the right exit code,
//! nothing written; files that may only be read; a closed pipe.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

mod common;
use common::{Env, NOW};

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
        (
            &["sale", "1", "100 ₽", "--currency", "USD"],
            "the amount '100 ₽' is in RUB, not USD",
        ),
        (
            &["invoice", "1", "100 abc"],
            "cannot read the amount '100 abc'",
        ),
        (
            &["plan", "first_revenue=$500"],
            "the amount '$500' is in USD, not RUB",
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
        (
            &["sale", "1", "100", "--on", "+2d"],
            "2026-11-25 is still ahead",
        ),
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
        (&["plan", "foo=3"], "unknown plan metric 'foo'"),
        (
            &["plan", "calls=-5"],
            "cannot read the target '-5' for calls",
        ),
        (&["plan", "meetings=2.5"], "target '2.5' for meetings"),
        (
            &["plan", "first_revenue=lots"],
            "cannot read the amount 'lots'",
        ),
        (&["merge", "1", "1"], "into itself"),
        (&["reminder", "delete", "9"], "no reminder #9"),
        (&["delete", "1"], "add --yes"),
        (
            &["import", "no-such-leads.csv"],
            "cannot read no-such-leads.csv",
        ),
        (
            &["import", "no-such-book.vcf"],
            "cannot read no-such-book.vcf",
        ),
        (
            &["restore", "no-such-backup.db"],
            "no backup at no-such-backup.db",
        ),
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
fn keys_the_board_cannot_take_are_refused_before_it_makes_a_file() {
    let k = Env::new();
    let config = k.dir().join("config.toml");
    for (keys, said) in [
        ("lose = \"c\"", "[keys] gives c to both log-call and lose"),
        (
            "fly = \"f\"",
            "[keys] names no action 'fly' — the board's actions: left, right",
        ),
        ("lose = \"Ctrl+x\"", "[keys] lose = 'Ctrl+x' is no key"),
        ("lose = 5", "expected a key or a list of keys"),
    ] {
        std::fs::write(&config, format!("[keys]\n{keys}\n")).expect("write");
        let err = k.fails(&[], 1);
        assert!(
            err.contains(said) && err.lines().count() == 1,
            "{keys}: {err}"
        );
        assert!(!k.db.exists(), "{keys}: the board made its file");
    }
    std::fs::write(&config, "[keys]\nlose = \"c\"\n").expect("write");
    let err = k.fails(&["--lang", "ru"], 1);
    assert!(err.contains("отдаёт c сразу log-call и lose"), "{err}");
    // Keys are the board's: a command goes on.
    k.ok(&["add", "Anna"]);
}

#[test]
fn reading_or_refused_commands_never_create_a_database() {
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
    // A command that would make it, refused: no file, not even an empty
    // database (nor its journal).
    let csv = k.dir().join("leads.csv");
    std::fs::write(&csv, "Name,Phone\nVera,+7 916 000-00-01\n").unwrap();
    let csv = csv.to_str().unwrap();
    for (args, said) in [
        (
            &["add", "Anna", "--phone", "abc"][..],
            "does not look like a phone",
        ),
        (&["add", "Anna", "--stage", "closer"], "switched off"),
        (&["import", csv, "--stage", "closer"], "switched off"),
    ] {
        let err = k.fails(args, 1);
        assert!(err.contains(said), "{args:?}: {err}");
        let left: Vec<_> = std::fs::read_dir(k.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("konveyer.db"))
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
    k.ok(&["add", "Anna"]);
    assert!(k.db.exists(), "a write creates it");
    // Refused on a base that was there: it stays, as it was.
    k.fails(&["add", "Boris", "--phone", "abc"], 1);
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
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
fn a_team_databases_password_never_shows() {
    let k = Env::new();
    let out = k
        .cmd(&["--help"])
        .env("KONVEYER_DB", "postgresql://ann:Secr3t@db.example/team")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("KONVEYER_DB"), "{help}");
    assert!(!help.contains("Secr3t"), "{help}");
    // An unreachable server, the password where each kind of address
    // holds one: the message names the server, never the password; a
    // key=value address is never taken for a file's name.
    let before: Vec<_> = std::fs::read_dir(k.dir()).unwrap().collect();
    for address in [
        "postgresql://ann:Secr3t@127.0.0.1:1/team",
        "postgresql://ann:Se@cr3t@127.0.0.1:1/team",
        "postgresql://127.0.0.1:1/team?password=Secr3t",
        "host=127.0.0.1 port=1 dbname=team password=Secr3t",
    ] {
        let out = k
            .cmd(&["list", "--db", address])
            .current_dir(k.dir())
            .output()
            .unwrap();
        let said = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{address}: {said}");
        assert!(said.contains("127.0.0.1"), "{address}: {said}");
        assert!(!said.contains("cr3t"), "{address}: {said}");
        assert_eq!(said.lines().count(), 1, "{said}");
    }
    let after: Vec<_> = std::fs::read_dir(k.dir()).unwrap().collect();
    assert_eq!(before.len(), after.len(), "nothing made beside the base");
}

#[test]
fn a_login_is_a_plain_lower_case_name_never_a_look_alike() {
    let k = Env::new();
    k.ok(&["add", "Анна"]);
    for login in [
        "аnna",
        "ａｎｎａ",
        "ANNA",
        "-",
        "..",
        "9lives",
        &"a".repeat(64),
    ] {
        let said = k.fails(
            &["user", "add", "Anna", "--login", login, "--stations", "t"],
            1,
        );
        assert!(said.contains("is not a login"), "{login}: {said}");
    }
    let people = k.json(&["user", "list", "--json"]);
    assert!(
        people.as_array().unwrap().is_empty(),
        "nobody added: {people}"
    );
    k.ok(&[
        "user",
        "add",
        "Anna",
        "--login",
        "anna.k-1_",
        "--stations",
        "t",
    ]);
}

#[test]
fn a_damaged_file_is_refused_untouched_and_a_pipe_at_once() {
    let k = Env::new();
    k.ok(&["demo", "--db", k.db.to_str().unwrap()]);
    k.ok(&["check"]);
    let whole = std::fs::read(&k.db).unwrap();
    // A copy that stopped after a page, and a header alone.
    for (name, len) in [("half.db", 4096), ("header.db", 100)] {
        let path = k.dir().join(name);
        std::fs::write(&path, &whole[..len]).unwrap();
        for args in [&["list"][..], &["agenda", "--json"], &["add", "Anna"]] {
            let mut all = vec!["--db", path.to_str().unwrap()];
            all.extend_from_slice(args);
            let err = k.fails(&all, 1);
            assert!(
                err.contains("is damaged") && err.contains("nothing was changed"),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            &whole[..len],
            "{name} untouched"
        );
        for companion in ["-wal", "-shm", "-journal"] {
            let beside = k.dir().join(format!("{name}{companion}"));
            assert!(!beside.exists(), "{} was made", beside.display());
        }
    }
    // A pipe as the database: refused before anything opens it (an open
    // would wait for a writer forever: the test would hang, not pass).
    let fifo = k.dir().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = k.fails(&["--db", fifo.to_str().unwrap(), "list"], 1);
    assert!(err.contains("is not a regular file"), "{err}");
    let err = k.fails(&["--db", k.dir().to_str().unwrap(), "list"], 1);
    assert!(err.contains("is not a regular file"), "{err}");
}

/// A device named by mistake is refused in one line, not read until
/// memory runs out: as the config file, once it passes what a config
/// holds; as a file to import, at its first piece of text, or before it
/// is read when the file would be read whole (an address book, a sheet).
#[test]
fn a_device_named_by_mistake_is_refused_not_read_on() {
    let k = Env::new();
    for (lang, words) in [("en", "goes on past"), ("ru", "длиннее")] {
        let out = k
            .cmd(&["--lang", lang, "list"])
            .env("KONVEYER_CONFIG", "/dev/zero")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("/dev/zero") && err.contains(words) && err.lines().count() == 1,
            "{err}"
        );
    }
    for (format, words) in [
        ("csv", "is not a text file"),
        ("vcard", "is not a regular file"),
        ("xlsx", "is not a regular file"),
    ] {
        let err = k.fails(&["import", "/dev/zero", "--format", format], 1);
        assert!(
            err.contains(words) && err.lines().count() == 1,
            "{format}: {err}"
        );
    }
    assert!(!k.db.exists(), "nothing written");
}
