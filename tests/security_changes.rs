//! Team mode attacked where a change is the head's, or another's, or the
//! admin's: a merge (it deletes a card and moves its timeline), another's
//! reminders and orders (which the server's row-level security passes over
//! without a word), a schema step a person's session may not take, and
//! what closed a reminder (a loss a revive takes back, a payment).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::team::Team;

#[test]
fn team_a_duplicate_is_merged_by_the_head_of_sales_alone() {
    let t = Team::new();
    t.ok(
        "boris",
        &["add", "Boris's Lead", "--stage", "q", "--allow-duplicate"],
    );
    t.ok("boris", &["log", "3", "call", "--outcome", "no-answer"]);
    let entries = |id: i64| -> i64 {
        t.one(&format!(
            "SELECT count(*) FROM activities WHERE client_id = {id}"
        ))
    };
    let (kept, duplicate) = (entries(2), entries(3));
    // A member's merge deletes a card, which is the head's: refused whole.
    let err = t.fails("boris", &["merge", "2", "3"]);
    assert!(err.contains("refused"), "{err}");
    assert_eq!((entries(2), entries(3)), (kept, duplicate));
    assert_eq!(t.one::<i64>("SELECT count(*) FROM clients"), 3);
    let mut boris = t.psql("boris");
    let moved = boris.batch_execute("UPDATE activities SET client_id = 2 WHERE client_id = 3");
    assert!(moved.is_err(), "a member moved timeline entries");
    // The head moves entries between cards, and changes nothing else of them.
    let mut anna = t.psql("anna");
    for forged in [
        "UPDATE activities SET by_user = 'vera'",
        "UPDATE activities SET text = 'forged'",
        "UPDATE activities SET kind = 'note'",
        "UPDATE activities SET at = '2026-01-01T00:00:00Z'",
    ] {
        assert!(anna.batch_execute(forged).is_err(), "{forged} went through");
    }
    let said = t.ok("anna", &["merge", "2", "3"]);
    assert!(said.contains("#3 merged into #2"), "{said}");
    assert_eq!((entries(2), entries(3)), (kept + duplicate + 1, 0));
    assert_eq!(
        t.one::<i64>(
            "SELECT count(*) FROM deleted_clients WHERE client_id = 3 AND by_role = 'anna'"
        ),
        1
    );
    let shown = t.ok("anna", &["show", "2", "--json"]);
    assert!(shown.contains("no answer"), "{shown}");
}

#[test]
fn team_a_person_on_a_newer_konveyer_waits_for_the_admin_to_bring_the_base_up() {
    let t = Team::new();
    // The base one step behind this build, as if the last step were to come.
    t.admin()
        .batch_execute("UPDATE konveyer_schema SET version = version - 1")
        .unwrap();
    let before: i64 = t.one("SELECT version FROM konveyer_schema");
    let err = t.fails("boris", &["list"]);
    assert!(
        err.contains(&format!("schema {before}, it needs {}", before + 1))
            && err.contains("its admin")
            && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(t.one::<i64>("SELECT version FROM konveyer_schema"), before);
    // Brought up (as the admin's connection does), everyone works again.
    t.admin()
        .batch_execute("UPDATE konveyer_schema SET version = version + 1")
        .unwrap();
    t.ok("boris", &["list"]);
}

#[test]
fn team_anothers_reminders_and_orders_are_refused_not_passed_over_in_silence() {
    let t = Team::new();
    let rid = t.ok(
        "anna",
        &["remind", "1", "send the contract", "--at", "tomorrow"],
    );
    let oid = t.ok("anna", &["invoice", "1", "5000"]);
    let (rid, oid) = (rid.trim(), oid.trim());
    let state = || -> (String, i64, i64) {
        let reminders: String = t.one(
            "SELECT string_agg(id || ' ' || text || ' ' || due_on || ' ' || coalesce(done_at, '-'), '; '
                    ORDER BY id)
             FROM reminders WHERE client_id = 1",
        );
        let orders: i64 = t.one(
            "SELECT count(*) FROM orders WHERE client_id = 1
             AND paid_on IS NULL AND cancelled_on IS NULL",
        );
        (reminders, orders, t.one("SELECT count(*) FROM activities"))
    };
    let before = state();
    // The server hides anna's rows from boris's changes; konveyer says so.
    for args in [
        vec!["done", rid],
        vec!["snooze", rid, "+3d"],
        vec!["reminder", "edit", rid, "forged"],
        vec!["reminder", "delete", rid],
        vec!["paid", oid],
        vec!["cancel", oid, "--reason", "forged"],
    ] {
        let err = t.fails("boris", &args);
        assert!(err.contains("card 1 is anna's"), "{args:?}: {err}");
        assert_eq!(state(), before, "{args:?} wrote something");
    }
    // Their owner does each.
    t.ok("anna", &["snooze", rid, "+3d"]);
    t.ok("anna", &["cancel", oid]);
    t.ok("anna", &["done", rid]);
    assert_ne!(state(), before);
}

#[test]
fn team_a_rule_reminder_on_anothers_card_is_closed_by_anyone_changed_by_nobody_else() {
    let t = Team::new();
    t.ok("anna", &["invoice", "1", "5000", "--on", "-3d"]);
    let chase: i64 = t.one(
        "SELECT id FROM reminders WHERE client_id = 1 AND origin = 'chase' AND done_at IS NULL",
    );
    let rid = chase.to_string();
    let row = || -> String {
        t.one(&format!(
            "SELECT text || ' ' || due_on || ' ' || coalesce(due_at, '-') FROM reminders WHERE id = {chase}"
        ))
    };
    let before = row();
    for args in [
        vec!["snooze", rid.as_str(), "+30d"],
        vec!["reminder", "edit", rid.as_str(), "forged"],
        vec!["reminder", "delete", rid.as_str()],
    ] {
        let err = t.fails("boris", &args);
        assert!(err.contains("card 1 is anna's"), "{args:?}: {err}");
        assert_eq!(row(), before, "{args:?}");
    }
    let mut boris = t.psql("boris");
    let moved = boris.batch_execute(&format!(
        "UPDATE reminders SET due_on = '2027-01-01' WHERE id = {chase}"
    ));
    assert!(moved.is_err(), "boris moved anna's chase");
    boris
        .batch_execute(&format!("DELETE FROM reminders WHERE id = {chase}"))
        .unwrap();
    assert_eq!(row(), before, "passed over, not deleted");
    // Closing it is anyone's (a colleague's call answers it), as making one
    // is (the day's sweep runs in whoever's session comes first).
    t.ok("boris", &["done", rid.as_str()]);
    let done: i64 = t.one(&format!(
        "SELECT count(*) FROM reminders WHERE id = {chase} AND done_at IS NOT NULL"
    ));
    assert_eq!(done, 1);
    // Its owner changes it as before.
    t.ok("anna", &["reminder", "delete", rid.as_str()]);
}

#[test]
fn team_a_member_revives_a_client_and_its_promises_ahead_come_back() {
    let t = Team::new();
    // Boris's lead (#2) with a promise ahead, lost and revived by him.
    let rid = t.ok(
        "boris",
        &["remind", "2", "send the price list", "--at", "+3d"],
    );
    let rid: i64 = rid.trim().parse().unwrap();
    let state = || -> String {
        t.one(&format!(
            "SELECT (done_at IS NULL)::text || ' ' || coalesce(closed_by, '-')
             FROM reminders WHERE id = {rid}"
        ))
    };
    t.ok("boris", &["lose", "2", "--reason", "no budget"]);
    assert_eq!(state(), "false lost", "the loss closes it, as a loss");
    let shown = t.ok("boris", &["show", "2"]);
    assert!(shown.contains("[closed: the client was lost]"), "{shown}");
    // What closed it is one of konveyer's words, never a forged one.
    let mut boris = t.psql("boris");
    let forged = boris.batch_execute(&format!(
        "UPDATE reminders SET closed_by = 'anna' WHERE id = {rid}"
    ));
    assert!(forged.is_err(), "boris signed a reminder as anna");
    // And what closed a rule's reminder on another's card is not a
    // colleague's to change: anna's lost client's chase stays lost's.
    t.ok("anna", &["add", "Anna's Buyer", "--stage", "h"]);
    t.ok("anna", &["invoice", "3", "5000", "--on", "-3d"]);
    t.ok("anna", &["lose", "3", "--reason", "gone"]);
    let chase: i64 = t.one("SELECT id FROM reminders WHERE client_id = 3 AND origin = 'chase'");
    let unmarked = boris.batch_execute(&format!(
        "UPDATE reminders SET closed_by = NULL WHERE id = {chase}"
    ));
    assert!(
        unmarked.is_err(),
        "boris took the loss's mark off anna's chase"
    );
    t.ok("boris", &["revive", "2"]);
    assert_eq!(state(), "true -", "the revive brings the promise back");
    // A payment closes its chase as paid, on the head's card too.
    let oid = t.ok("anna", &["invoice", "1", "5000", "--on", "-3d"]);
    t.ok("anna", &["paid", oid.trim()]);
    let chase: String = t.one(
        "SELECT coalesce(closed_by, '-') FROM reminders WHERE client_id = 1 AND origin = 'chase'",
    );
    assert_eq!(chase, "paid");
    let shown: serde_json::Value =
        serde_json::from_str(&t.ok("anna", &["show", "1", "--json"])).unwrap();
    assert_eq!(shown["reminders"][0]["closed_by"], "paid", "{shown}");
}

#[test]
fn team_a_person_connects_by_the_service_name_libpq_reads() {
    let t = Team::new();
    let c: postgres::Config = t.url.parse().unwrap();
    // The test server's socket (its address names localhost too).
    let host = c
        .get_hosts()
        .iter()
        .find_map(|h| match h {
            postgres::config::Host::Unix(dir) => Some(dir.display().to_string()),
            postgres::config::Host::Tcp(_) => None,
        })
        .unwrap_or_else(|| "localhost".into());
    let file = t.k.dir().join("pg_service.conf");
    std::fs::write(
        &file,
        format!(
            "# the team\n[team]\nhost={host}\nport={port}\ndbname={db}\nuser=boris\n\
             [standby]\nhost={host}\nport={port}\ndbname={db}\nuser=boris\n\
             options=-c default_transaction_read_only=on\n",
            port = c.get_ports().first().copied().unwrap_or(5432),
            db = c.get_dbname().unwrap()
        ),
    )
    .unwrap();
    let run = |db: &str, service: Option<&str>| {
        let mut cmd = t.k.cmd(&["show", "2"]);
        cmd.env("KONVEYER_DB", db)
            .env("PGSERVICEFILE", &file)
            .env_remove("KONVEYER_USER");
        match service {
            Some(name) => cmd.env("PGSERVICE", name),
            None => cmd.env_remove("PGSERVICE"),
        };
        cmd.output().unwrap()
    };
    // By the address's service=, and by PGSERVICE with the database named.
    for (db, service) in [
        ("service=team", None),
        (c.get_dbname().unwrap(), Some("team")),
    ] {
        let db = match service {
            Some(_) => format!("dbname={db}"),
            None => db.to_string(),
        };
        let out = run(&db, service);
        assert!(out.status.success(), "{db}: {out:?}");
        // Signed in as the service's user: the server says who.
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("owner      boris"), "{db}: {shown}");
    }
    // A service's options reach the server: one that makes the session
    // read-only, as a standby is, and a write says so.
    let mut add = t.k.cmd(&["add", "Вера"]);
    add.env("KONVEYER_DB", "service=standby")
        .env("PGSERVICEFILE", &file)
        .env_remove("KONVEYER_USER")
        .env_remove("PGSERVICE");
    let out = add.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the team database takes no writes here"),
        "{err}"
    );
    let out = run("service=gone", None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("the connection service 'gone' is in none of")
            && err.contains("pg_service.conf"),
        "{err}"
    );
}
