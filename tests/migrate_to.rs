//! A local base moved up to team mode with `migrate-to`, end to end on a
//! throwaway PostgreSQL server of the tests' own (or
//! `KONVEYER_TEST_PG_URL`): it answers every reading command as before,
//! the same day of writes leaves both bases answering alike, and only an
//! empty team database is copied into.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

use konveyer::store::test_server::fresh_url;

/// Every reading command whose answer must not depend on the backend.
const READINGS: &[&[&str]] = &[
    &["list", "--status", "all", "--json"],
    &["report", "--format", "json"],
    &["report", "--month", "2026-10", "--format", "json"],
    &["report", "--month", "2026-11", "--format", "json"],
    &["agenda", "--json"],
    &["segments", "--json"],
    &["plan"],
    &["export", "--format", "json"],
    &["export", "--format", "csv"],
    &["show", "6"],
    &["forecast", "--json"],
    &["check"],
];

/// `args` on the team database `url` (everything else as `k`'s).
fn on_team(k: &Env, url: &str, args: &[&str]) -> String {
    let out = k.cmd(args).env("KONVEYER_DB", url).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} on the team database: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn assert_alike(k: &Env, url: &str) {
    for args in READINGS {
        assert_eq!(k.ok(args), on_team(k, url, args), "{args:?} differs");
    }
}

#[test]
fn the_demo_moved_up_answers_alike_before_and_after_a_day_of_writes() {
    let k = Env::new();
    k.ok(&["demo"]);
    let url = fresh_url();
    let said = k.ok(&["migrate-to", &url]);
    assert!(said.contains("40 clients"), "{said}");
    assert_alike(&k, &url);

    let day: &[&[&str]] = &[
        &["move", "1", "next"],
        &["log", "2", "call", "--outcome", "no-answer"],
        &["remind", "3", "--at", "tomorrow", "call again"],
        &["lose", "4", "--reason", "no budget"],
        &["revive", "4"],
        &["invoice", "6", "5000"],
        &["sale", "7", "1200"],
        &["edit", "8", "--phone", "+7 900 000-00-00"],
        &["edit", "5", "--value", "90 000", "--expected", "+1w"],
        &["add", "Новый Клиент", "--company", "ООО Тест"],
        &["plan", "calls=40", "meetings=10"],
        &["segment", "9", "A"],
        &["delete", "12", "--yes"],
    ];
    for args in day {
        assert_eq!(
            k.ok(args),
            on_team(&k, &url, args),
            "{args:?} said otherwise"
        );
    }
    assert_alike(&k, &url);
}

#[test]
fn migrate_to_copies_into_an_empty_team_database_only_and_names_what_is_wrong() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let url = fresh_url();
    k.ok(&["migrate-to", &url]);
    // Handed over swept: the team's first command finds the rules' mark of
    // the day, and nothing changed since.
    let mut team = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let mark = team
        .query_one("SELECT value FROM meta WHERE key = 'rules'", &[])
        .expect("the rules' mark");
    assert!(mark.get::<_, String>(0).starts_with("2026-"), "{mark:?}");
    let changed = team
        .query_one("SELECT count(*) FROM rules_changes", &[])
        .expect("changes");
    assert_eq!(changed.get::<_, i64>(0), 0);
    // A second copy would mix two bases: refused, nothing written.
    let err = k.fails(&["migrate-to", &url], 1);
    assert!(err.contains("already holds clients"), "{err}");
    let listed = on_team(&k, &url, &["list", "--json"]);
    assert_eq!(listed.matches("\"id\"").count(), 1, "{listed}");

    let err = k.fails(&["migrate-to", "team.db"], 1);
    assert!(err.contains("is not a PostgreSQL address"), "{err}");
    let err = k.fails(&["migrate-to", "postgresql://nobody@127.0.0.1:1/none"], 1);
    assert!(err.contains("cannot reach the team database"), "{err}");
    // Local-file commands say so on a team database.
    let out = k
        .cmd(&["backup", "x.db"])
        .env("KONVEYER_DB", &url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("works on a local database file"));
}
