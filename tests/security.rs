//! Team mode attacked the way a dishonest or careless member would: every
//! rule is the server's, so each is tried with konveyer and with a plain
//! PostgreSQL session holding the member's own credentials.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;
use common::team::Team;

use konveyer::store::test_server::fresh_url;

#[test]
fn team_a_member_cannot_be_whoever_they_say() {
    let t = Team::new();
    assert_eq!(
        t.one::<String>("SELECT owner FROM clients WHERE id = 2"),
        "boris"
    );
    // Claiming the head's login: refused, nothing written.
    let before: i64 = t.one("SELECT count(*) FROM activities");
    let mut claim = t.cmd("boris", &["assign", "1", "boris"]);
    claim.env("KONVEYER_USER", "anna");
    let out = claim.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("signed in to the team database as 'boris'") && err.contains("'anna'"),
        "{err}"
    );
    let err = t.fails(
        "boris",
        &[
            "--user",
            "anna",
            "user",
            "add",
            "Evil",
            "--login",
            "evil",
            "--head",
            "--no-password",
        ],
    );
    assert!(err.contains("as 'boris'"), "{err}");
    // The OS login is no claim at all: boris is boris.
    let mut os = t.cmd("boris", &["assign", "1", "boris"]);
    os.env("USER", "anna").env("LOGNAME", "anna");
    let out = os.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only the head of sales"));
    for refused in [
        &["user", "off", "vera"][..],
        &["rotate", "--idle", "1d"],
        &["delete", "1", "--yes"],
        &["delete", "2", "--yes"],
    ] {
        t.fails("boris", refused);
    }
    assert_eq!(t.one::<i64>("SELECT count(*) FROM activities"), before);
    assert_eq!(t.one::<i64>("SELECT count(*) FROM clients"), 2);
    assert_eq!(
        t.one::<i64>("SELECT count(*) FROM users WHERE absent = 1"),
        0
    );
}

#[test]
fn team_a_members_own_session_cannot_change_what_is_not_theirs() {
    let t = Team::new();
    t.ok("anna", &["log", "1", "call", "--outcome", "no-answer"]);
    let mut boris = t.psql("boris");
    let refused = |c: &mut postgres::Client, sql: &str| {
        let said = c.batch_execute(sql);
        assert!(said.is_err(), "{sql} went through");
    };
    refused(
        &mut boris,
        "UPDATE users SET head = 1 WHERE login = 'boris'",
    );
    refused(
        &mut boris,
        "INSERT INTO users (login, name, stations, head, absent, created_at) VALUES ('evil', 'E', '', 1, 0, 'x')",
    );
    refused(
        &mut boris,
        "UPDATE clients SET name = 'Mine now' WHERE id = 1",
    );
    refused(
        &mut boris,
        "UPDATE clients SET owner = 'boris' WHERE id = 1",
    );
    refused(&mut boris, "DELETE FROM clients WHERE id = 1");
    refused(&mut boris, "DELETE FROM clients WHERE id = 2");
    refused(&mut boris, "DROP TABLE clients");
    refused(&mut boris, "TRUNCATE activities");
    refused(&mut boris, "ALTER TABLE clients DISABLE TRIGGER USER");
    refused(&mut boris, "ALTER TABLE clients DISABLE ROW LEVEL SECURITY");
    refused(&mut boris, "UPDATE activities SET by_user = 'vera'");
    refused(
        &mut boris,
        "INSERT INTO plans (week, metric, target) VALUES ('2026-W48', 'calls', 1)",
    );
    refused(
        &mut boris,
        "INSERT INTO team_settings (name, value) VALUES ('config', '')",
    );
    refused(&mut boris, "UPDATE stages SET stale_days = 1");
    refused(
        &mut boris,
        "INSERT INTO reminders (client_id, text, due_on, created_at) VALUES (1, 'x', '2026-11-23', 'x')",
    );
    // The kept sums (schema v7, v8): only their triggers write them, and
    // nobody else's expected deal or day to come back is theirs to set.
    refused(&mut boris, "UPDATE stage_values SET amount_minor = 0");
    refused(
        &mut boris,
        "INSERT INTO unplanned (stage, n) VALUES ('x', 1)",
    );
    refused(&mut boris, "DELETE FROM unplanned");
    // Nor the contacts per hour (step 8): a forged count of calls.
    refused(&mut boris, "UPDATE contact_hours SET n = n + 100");
    refused(
        &mut boris,
        "INSERT INTO contact_hours (hour, kind, outcome, by_user, n, talk_secs)
         VALUES ('2026-11-23T10', 'call', '', 'boris', 100, 0)",
    );
    // Nor the payments per day (step 9): a forged revenue.
    refused(
        &mut boris,
        "UPDATE paid_days SET amount_minor = amount_minor * 10",
    );
    refused(
        &mut boris,
        "INSERT INTO paid_days (day, currency, first_paid, n, amount_minor)
         VALUES ('2026-11-23', 'RUB', 1, 1, 100000000)",
    );
    refused(
        &mut boris,
        "UPDATE clients SET value_minor = 1, value_currency = 'RUB' WHERE id = 1",
    );
    refused(
        &mut boris,
        "UPDATE clients SET back_on = '2027-01-01' WHERE id = 1",
    );
    refused(&mut boris, "SELECT konveyer_admit('evil', true, NULL)");
    refused(
        &mut boris,
        "SELECT konveyer_enrol('evil', 'Evil', '', true, 'x', NULL)",
    );
    refused(&mut boris, "SELECT konveyer_enable('vera', false)");
    refused(&mut boris, "SELECT konveyer_set_password('anna', 'x')");
    let heads: String = t.one("SELECT konveyer_group('heads')::text");
    refused(&mut boris, &format!("SET ROLE {heads}"));
    refused(&mut boris, &format!("GRANT {heads} TO boris"));
    // History: nobody else's entry goes, nor an old one of one's own.
    let entries: i64 = t.one("SELECT count(*) FROM activities");
    boris.batch_execute("DELETE FROM activities").unwrap();
    assert_eq!(t.one::<i64>("SELECT count(*) FROM activities"), entries);
    assert_eq!(t.one::<i64>("SELECT count(*) FROM users WHERE head = 1"), 1);
    assert_eq!(
        t.one::<String>("SELECT name FROM clients WHERE id = 1"),
        "Anna's Lead"
    );
    assert_eq!(
        t.one::<String>("SELECT owner FROM clients WHERE id = 1"),
        "anna"
    );
    // Their own card they may change, its deal too: the kept sums follow.
    boris
        .batch_execute("UPDATE clients SET company = 'Own Ltd' WHERE id = 2")
        .unwrap();
    boris
        .batch_execute(
            "UPDATE clients SET value_minor = 500000, value_currency = 'RUB' WHERE id = 2",
        )
        .unwrap();
    assert_eq!(
        t.one::<i64>("SELECT coalesce(sum(amount_minor), 0)::bigint FROM stage_values"),
        500_000
    );
    assert_eq!(
        t.one::<String>("SELECT company FROM clients WHERE id = 2"),
        "Own Ltd"
    );
}

#[test]
fn team_a_forged_signature_is_stored_as_the_real_role() {
    let t = Team::new();
    let mut boris = t.psql("boris");
    boris
        .batch_execute(
            "INSERT INTO activities (client_id, at, kind, text, by_user)
                 VALUES (2, '2026-11-23T10:00:00Z', 'note', 'forged', 'anna');
             UPDATE clients SET changed_by = 'anna', phone = '+79000000000' WHERE id = 2",
        )
        .unwrap();
    assert_eq!(
        t.one::<String>("SELECT by_user FROM activities WHERE text = 'forged'"),
        "boris"
    );
    assert_eq!(
        t.one::<String>("SELECT changed_by FROM clients WHERE id = 2"),
        "boris"
    );
    // Through konveyer too: the timeline names who really did it.
    t.ok("boris", &["log", "2", "note", "called from my desk"]);
    assert_eq!(
        t.one::<String>("SELECT by_user FROM activities WHERE text = 'called from my desk'"),
        "boris"
    );
}

/// A client's next step is the reminders' to keep (both engines' step
/// 10): written in their own session by the card's owner or by the head
/// of sales, it stays as the reminders make it, and a card added by hand
/// starts without one.
#[test]
fn team_a_forged_next_step_is_kept_as_the_reminders_make_it() {
    let t = Team::new();
    t.ok(
        "boris",
        &["remind", "2", "send the offer", "--at", "2026-12-10"],
    );
    let next =
        |id: i64| t.one::<Option<String>>(&format!("SELECT next_on FROM clients WHERE id = {id}"));
    assert_eq!(next(2).as_deref(), Some("2026-12-10"));
    let mut boris = t.psql("boris");
    boris
        .batch_execute("UPDATE clients SET next_on = '2000-01-01', company = 'Own' WHERE id = 2")
        .unwrap();
    assert_eq!(next(2).as_deref(), Some("2026-12-10"));
    assert_eq!(
        t.one::<String>("SELECT company FROM clients WHERE id = 2"),
        "Own"
    );
    t.psql("anna")
        .batch_execute("UPDATE clients SET next_on = NULL WHERE id = 2")
        .unwrap();
    assert_eq!(next(2).as_deref(), Some("2026-12-10"));
    boris
        .batch_execute(
            "INSERT INTO clients (name, stage, stage_since, created_at, updated_at, search_text, next_on)
             VALUES ('Forged', 'qualifier', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z',
                     '2026-11-23T10:00:00Z', 'forged', '2000-01-01')",
        )
        .unwrap();
    let forged: i64 = t.one("SELECT id FROM clients WHERE name = 'Forged'");
    assert_eq!(next(forged), None);
    // The reminders still keep it: a later one leaves the nearer day.
    t.ok(
        "boris",
        &["remind", "2", "call again", "--at", "2026-12-20"],
    );
    assert_eq!(next(2).as_deref(), Some("2026-12-10"));
    let check = t.ok("anna", &["check"]);
    assert!(check.contains("intact"), "{check}");
}

#[test]
fn team_the_head_of_sales_does_what_the_head_does() {
    let t = Team::new();
    t.ok("anna", &["assign", "1", "boris"]);
    assert_eq!(
        t.one::<String>("SELECT owner FROM clients WHERE id = 1"),
        "boris"
    );
    // A deletion leaves who, when, which client and its name behind.
    t.ok("anna", &["delete", "1", "--yes"]);
    let row = t
        .admin()
        .query_one("SELECT client_id, name, by_role FROM deleted_clients", &[])
        .unwrap();
    assert_eq!(
        (
            row.get::<_, i64>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2)
        ),
        (1, "Anna's Lead".to_string(), "anna".to_string())
    );
    // A person turned off cannot sign in to the team; turned on, can.
    t.ok("anna", &["user", "off", "boris"]);
    let err = t.fails("boris", &["list"]);
    assert!(err.contains("permission denied for database"), "{err}");
    t.ok("anna", &["user", "on", "boris"]);
    t.ok("boris", &["list"]);
    // The head may not lock themselves out.
    let err = t.fails("anna", &["user", "off", "anna"]);
    assert!(err.contains("cannot turn themselves off"), "{err}");
}

#[test]
fn team_settings_are_the_teams_and_the_heads_to_change() {
    let t = Team::new();
    // Boris's own config asks for a one-day hunter: the team's is untouched.
    std::fs::write(
        t.k.dir().join("config.toml"),
        "[stages.stale_days]\nhunter = 1\n[rules]\nchase_after_days = 1\n",
    )
    .unwrap();
    t.ok("boris", &["list"]);
    let hunter: Option<i64> = t.one("SELECT stale_days FROM stages WHERE key = 'hunter'");
    assert_ne!(hunter, Some(1));
    let shown = t.ok("boris", &["settings"]);
    assert!(
        shown.contains("chase_after_days = 2") && !shown.contains("hunter = 1"),
        "{shown}"
    );
    // The head sets them from a file; a member may not.
    let file = t.k.dir().join("team.toml");
    std::fs::write(&file, "[stages.stale_days]\nhunter = 3\n").unwrap();
    let err = t.fails("boris", &["settings", "--from", file.to_str().unwrap()]);
    assert!(err.contains("only the head of sales"), "{err}");
    t.ok("anna", &["settings", "--from", file.to_str().unwrap()]);
    let hunter: Option<i64> = t.one("SELECT stale_days FROM stages WHERE key = 'hunter'");
    assert_eq!(hunter, Some(3));
    assert!(t.ok("boris", &["settings"]).contains("hunter = 3"));
    // A setting that is a person's own is no team setting.
    std::fs::write(&file, "lang = \"ru\"\n").unwrap();
    let err = t.fails("anna", &["settings", "--from", file.to_str().unwrap()]);
    assert!(err.contains("lang"), "{err}");
}

#[test]
fn team_passwords_never_travel_on_the_command_line_and_files_must_be_private() {
    let t = Team::new();
    let file = t.k.dir().join("pw");
    std::fs::write(&file, "Correct-Horse-7\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "user",
        "add",
        "Gleb",
        "--login",
        "gleb",
        "--stations",
        "f",
        "--password-file",
    ];
    let mut with_file: Vec<&str> = args.to_vec();
    with_file.push(file.to_str().unwrap());
    let err = t.fails("anna", &with_file);
    assert!(err.contains("may be read by others"), "{err}");
    // No terminal and no file: asked for one, nothing made.
    let err = t.fails("anna", &args[..7]);
    assert!(err.contains("--password-file"), "{err}");
    assert_eq!(
        t.one::<i64>("SELECT count(*) FROM users WHERE login = 'gleb'"),
        0
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    t.ok("anna", &with_file);
    // The server holds a SCRAM verifier, never the password.
    let secret: String = t.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'gleb'");
    assert!(secret.starts_with("SCRAM-SHA-256$"), "{secret}");
    assert!(!secret.contains("Correct-Horse-7"));
}

#[test]
fn team_set_up_first_then_moved_in_as_the_readme_says() {
    let k = Env::new();
    std::fs::write(
        k.dir().join("config.toml"),
        "[rules]\nchase_after_days = 5\n",
    )
    .unwrap();
    k.ok(&["demo"]);
    let url = fresh_url();
    let init = k
        .cmd(common::team::INIT_ANNA)
        .env("KONVEYER_DB", &url)
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    let said = k.ok(&["migrate-to", &url]);
    assert!(said.contains("40 clients"), "{said}");
    let t = Team { k, url };
    let listed: serde_json::Value =
        serde_json::from_str(&t.ok("anna", &["list", "--status", "all", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 40);
    // The rules are in force again after the copy, and the local settings
    // are the team's.
    let forced: i64 = t.one(
        "SELECT count(*) FROM pg_class WHERE relforcerowsecurity
         AND relname IN ('clients', 'activities', 'reminders', 'orders', 'users', 'plans')",
    );
    assert_eq!(forced, 6);
    assert!(t.ok("anna", &["settings"]).contains("chase_after_days = 5"));
    // The cards of her station became anna's.
    assert!(t.one::<i64>("SELECT count(*) FROM clients WHERE owner = 'anna'") > 0);
    // A second setup is refused, nothing changed.
    let again =
        t.k.cmd(&[
            "init-team",
            "--head",
            "zoe",
            "--name",
            "Zoe",
            "--no-password",
        ])
        .env("KONVEYER_DB", &t.url)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is set up already"));
}

#[test]
fn team_a_head_cannot_take_over_a_role_the_team_did_not_make() {
    let t = Team::new();
    // A role the server had already (another team's person, an admin's).
    t.admin()
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE outsider LOGIN PASSWORD 'theirs';
             EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        )
        .unwrap();
    t.ok(
        "anna",
        &[
            "user",
            "add",
            "Outsider",
            "--login",
            "outsider",
            "--stations",
            "q",
            "--no-password",
        ],
    );
    let file = t.k.dir().join("pw");
    std::fs::write(&file, "Taken-Over-1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let before: String = t.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'outsider'");
    let err = t.fails(
        "anna",
        &[
            "user",
            "password",
            "outsider",
            "--password-file",
            file.to_str().unwrap(),
        ],
    );
    assert!(err.contains("was not made by this team"), "{err}");
    let after: String = t.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'outsider'");
    assert_eq!(before, after);
    // A person the team made: the head sets a new password.
    let args = [
        "user",
        "add",
        "Pia",
        "--login",
        "pia",
        "--stations",
        "f",
        "--password-file",
    ];
    let mut with_file: Vec<&str> = args.to_vec();
    with_file.push(file.to_str().unwrap());
    t.ok("anna", &with_file);
    let first: String = t.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'pia'");
    std::fs::write(&file, "Another-One-2\n").unwrap();
    t.ok(
        "anna",
        &[
            "user",
            "password",
            "pia",
            "--password-file",
            file.to_str().unwrap(),
        ],
    );
    let second: String = t.one("SELECT rolpassword FROM pg_authid WHERE rolname = 'pia'");
    assert_ne!(first, second);
    // A member may set only their own.
    let err = t.fails(
        "boris",
        &[
            "user",
            "password",
            "pia",
            "--password-file",
            file.to_str().unwrap(),
        ],
    );
    assert!(err.contains("only the head of sales"), "{err}");
}
