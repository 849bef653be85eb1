//! Team mode end to end, on a throwaway PostgreSQL server of the tests'
//! own (or `KONVEYER_TEST_PG_URL`): people signed in as their own roles
//! hand cards over, rotate farmers, edit one card at once, see their own
//! pane and agenda, and share an import's new cards (moving a base up:
//! `migrate_to.rs`).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

use konveyer::store::test_server::{fresh_url, url_as};

/// A team database and the people working on it, each command as one of
/// them at a given moment.
struct Team {
    k: Env,
    url: String,
}

impl Team {
    /// A fresh team database with a head of sales who also telemarkets
    /// (anna), two qualifiers (boris, vera) and two farmers (gleb, dina).
    fn new() -> Team {
        let team = Team {
            k: Env::new(),
            url: fresh_url(),
        };
        // The admin sets the team up with its head of sales, who adds the
        // others (roles that sign in without a password where the test
        // server trusts its socket).
        let out = team
            .k
            .cmd(&[
                "init-team",
                "--head",
                "anna",
                "--name",
                "Anna Head",
                "--stations",
                "telemarketer",
                "--no-password",
            ])
            .env("KONVEYER_DB", &team.url)
            .env("KONVEYER_NOW", "2026-11-23T09:00")
            .output()
            .expect("run");
        assert!(out.status.success(), "init-team: {out:?}");
        let people: &[&[&str]] = &[
            &["Boris Q", "boris", "qualifier"],
            &["Vera Q", "vera", "q"],
            &["Gleb F", "gleb", "farmer"],
            &["Dina F", "dina", "f"],
        ];
        for p in people {
            let args = [
                "user",
                "add",
                p[0],
                "--login",
                p[1],
                "--stations",
                p[2],
                "--no-password",
            ];
            team.ok("anna", "2026-11-23T09:00", &args);
        }
        team
    }

    /// `args` as `who`: signed in to the team database as their own role.
    fn cmd(&self, who: &str, now: &str, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.k.cmd(args);
        cmd.env("KONVEYER_DB", url_as(&self.url, who))
            .env("KONVEYER_USER", who)
            .env("KONVEYER_NOW", now);
        cmd
    }

    fn ok(&self, who: &str, now: &str, args: &[&str]) -> String {
        let out = self.cmd(who, now, args).output().expect("run");
        assert!(
            out.status.success(),
            "{who}: {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn fails(&self, who: &str, now: &str, args: &[&str]) -> String {
        let out = self.cmd(who, now, args).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{who}: {args:?}: {out:?}");
        String::from_utf8(out.stderr).expect("utf-8")
    }

    fn json(&self, who: &str, now: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(who, now, args)).expect("JSON")
    }
}

/// The person `login` of `team --json`.
fn person<'a>(team: &'a serde_json::Value, login: &str) -> &'a serde_json::Value {
    team["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["login"] == login)
        .unwrap_or_else(|| panic!("{login} in {team}"))
}

#[test]
fn team_hand_offs_go_to_the_stations_people_in_turn_and_the_day_adds_up() {
    let t = Team::new();
    let at = |hm: &str| format!("2026-11-23T{hm}");
    for name in ["Client A", "Client B", "Client C"] {
        t.ok("anna", &at("09:05"), &["add", name]);
    }
    for id in ["1", "2", "3"] {
        t.ok(
            "anna",
            &at("09:10"),
            &["log", id, "call", "--outcome", "no-answer"],
        );
    }
    let listed = t.json("anna", &at("09:15"), &["list", "--json"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["owner"] == "anna"),
        "the telemarketer who adds a lead owns it: {listed}"
    );
    // Into the qualifiers' station: boris, vera, then boris again.
    for id in ["1", "2", "3"] {
        t.ok("anna", &at("09:30"), &["move", id, "next"]);
    }
    let owner = |id: &str| t.json("anna", &at("09:31"), &["show", id, "--json"])["owner"].clone();
    assert_eq!(
        [owner("1"), owner("2"), owner("3")],
        ["boris", "vera", "boris"].map(serde_json::Value::from)
    );
    let shown = t.json("anna", &at("09:31"), &["show", "1", "--json"]);
    let moved = shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "move")
        .expect("the move on the timeline")
        .clone();
    assert_eq!(
        (&moved["by"], &moved["from_owner"], &moved["to_owner"]),
        (&"anna".into(), &"anna".into(), &"boris".into()),
        "{moved}"
    );
    let text = t.ok("anna", &at("09:31"), &["show", "1"]);
    assert!(text.contains("anna → boris — by anna"), "{text}");

    // The receivers' first touches: boris two hours after, vera one; the
    // third card still waits for boris.
    t.ok("boris", &at("11:30"), &["log", "1", "call", "hello"]);
    t.ok(
        "vera",
        &at("10:30"),
        &["log", "2", "note", "read the brief"],
    );
    t.ok(
        "boris",
        &at("11:40"),
        &["plan", "--user", "boris", "calls=10"],
    );

    let team = t.json("anna", &at("12:00"), &["team", "--json"]);
    assert_eq!(team["date"], "2026-11-23");
    let anna = person(&team, "anna");
    assert_eq!(anna["today"]["calls"], 3);
    assert_eq!(anna["today"]["moves"], 3);
    assert_eq!(anna["week"]["calls"], 3);
    assert_eq!(anna["cards"], 0);
    let boris = person(&team, "boris");
    assert_eq!(boris["today"]["calls"], 1);
    assert_eq!(boris["cards"], 2);
    assert_eq!(boris["hand_offs"]["received"], 2);
    assert_eq!(boris["hand_offs"]["waiting"], 1);
    assert_eq!(boris["hand_offs"]["median_hours"], 2.0);
    assert_eq!(
        boris["plan"][0],
        serde_json::json!({"metric": "calls", "target": 10, "fact": 1, "percent": 10.0})
    );
    let vera = person(&team, "vera");
    assert_eq!(vera["today"]["calls"], 0);
    // Vera set no plan: her own says how to set one, for the week asked.
    assert_eq!(
        t.ok(
            "vera",
            &at("12:00"),
            &["plan", "--user", "vera", "--week", "2026-W48"]
        ),
        "no plan for vera in 2026-W48 — set targets: konveyer plan --user vera \
         --week 2026-W48 calls=40 meetings=10 (or moves, payments)\n"
    );
    assert_eq!(vera["hand_offs"]["median_hours"], 1.0);
    assert_eq!(vera["hand_offs"]["waiting"], 0);
    // Client C has no open reminder: no next step for boris.
    assert_eq!(boris["no_next_step"], 1);
    assert_eq!(person(&team, "gleb")["farmer_load"]["capacity"], 60);

    // One person's report: over their cards, with the contacts they logged.
    let entered = |r: &serde_json::Value, stage: &str| {
        r["flow"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["stage"] == stage)
            .map(|f| f["entered"].clone())
            .unwrap()
    };
    let all = t.json("anna", &at("12:05"), &["report", "--format", "json"]);
    let hers = t.json(
        "anna",
        &at("12:05"),
        &["--user", "anna", "report", "--format", "json"],
    );
    let his = t.json(
        "boris",
        &at("12:05"),
        &["report", "--user", "boris", "--format", "json"],
    );
    assert_eq!(entered(&all, "qualifier"), 3);
    assert_eq!(entered(&his, "qualifier"), 2, "{his}");
    assert_eq!(
        entered(&hers, "qualifier"),
        0,
        "her leads are all handed over"
    );
    assert_eq!(hers["activity"]["calls"]["no-answer"], 3, "{hers}");
    assert_eq!(his["activity"]["calls"]["no-answer"], 0, "{his}");
    assert_eq!(his["activity"]["calls"]["none"], 1, "{his}");
    assert_eq!(his["plan"], serde_json::json!([]));
    assert_eq!(
        t.json("boris", &at("12:05"), &["report", "--format", "json"]),
        all,
        "KONVEYER_USER alone keeps the team's report"
    );

    // Reassigning is the head of sales' alone; it is on the timeline too.
    let err = t.fails("boris", &at("12:10"), &["assign", "3", "vera"]);
    assert!(err.contains("only the head of sales"), "{err}");
    t.ok("anna", &at("12:10"), &["assign", "3", "vera"]);
    let text = t.ok("anna", &at("12:11"), &["show", "3"]);
    assert!(
        text.contains("reassigned") && text.contains("boris → vera"),
        "{text}"
    );
    // Someone the team does not know is refused by the server itself,
    // nothing written: a role of the same server that is not one of the
    // team's people may not even connect.
    let err = t.fails("zed", &at("12:20"), &["add", "Intruder"]);
    assert!(err.contains("role \"zed\" does not exist"), "{err}");
    let mut admin = postgres::Client::connect(&t.url, postgres::NoTls).unwrap();
    admin
        .batch_execute("DO $$ BEGIN CREATE ROLE zed LOGIN; EXCEPTION WHEN OTHERS THEN NULL; END $$")
        .unwrap();
    let err = t.fails("zed", &at("12:20"), &["add", "Intruder"]);
    assert!(err.contains("permission denied for database"), "{err}");
    let listed = t.json("anna", &at("12:21"), &["list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
}

#[test]
fn team_rotate_moves_idle_farmer_clients_in_turn_after_a_dry_run() {
    let t = Team::new();
    // Three farmer clients since August; one of them paid in November.
    for name in ["Old One", "Old Two", "Paying"] {
        t.ok(
            "anna",
            "2026-08-01T10:00",
            &["add", name, "--stage", "farmer"],
        );
    }
    t.ok(
        "anna",
        "2026-11-01T10:00",
        &["sale", "3", "5000", "--on", "2026-11-01"],
    );
    let owners = |t: &Team| -> Vec<serde_json::Value> {
        ["1", "2", "3"]
            .iter()
            .map(|id| t.json("anna", NOW_TEAM, &["show", id, "--json"])["owner"].clone())
            .collect()
    };
    let before = owners(&t);
    // Farmers in turn by login: dina, gleb, dina.
    assert_eq!(
        before,
        ["dina", "gleb", "dina"].map(serde_json::Value::from)
    );

    let err = t.fails("gleb", NOW_TEAM, &["rotate", "--idle", "90d"]);
    assert!(err.contains("only the head of sales"), "{err}");
    let dry = t.json(
        "anna",
        NOW_TEAM,
        &["rotate", "--idle", "90d", "--dry-run", "--json"],
    );
    assert_eq!(dry["dry_run"], true);
    // Each row is a client as §3 has it: id, name, stage, status.
    assert_eq!(
        (&dry["moved"][0]["stage"], &dry["moved"][0]["status"]),
        (&"farmer".into(), &"active".into())
    );
    let moved: Vec<_> = dry["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(moved, [1, 2].map(serde_json::Value::from), "{dry}");
    assert_eq!(owners(&t), before, "a dry run changes nothing");

    let said = t.ok("anna", NOW_TEAM, &["rotate", "--idle", "90d"]);
    assert!(said.contains("rotated 2 farmer clients"), "{said}");
    assert_eq!(
        owners(&t),
        ["gleb", "dina", "dina"].map(serde_json::Value::from)
    );
    let text = t.ok("anna", NOW_TEAM, &["show", "1"]);
    assert!(
        text.contains("rotated") && text.contains("dina → gleb"),
        "{text}"
    );
    // An away farmer gets nothing: with gleb away, his idle client goes to
    // dina and hers stays with her.
    t.ok("anna", NOW_TEAM, &["user", "off", "gleb"]);
    let dry = t.json(
        "anna",
        NOW_TEAM,
        &["rotate", "--idle", "90d", "--dry-run", "--json"],
    );
    assert_eq!(dry["moved"][0]["id"], 1, "{dry}");
    assert_eq!(dry["moved"][0]["to"], "dina", "{dry}");
    assert_eq!(dry["kept"][0]["id"], 2, "{dry}");
    // One of each, as a person reads it.
    let said = t.ok("anna", NOW_TEAM, &["rotate", "--idle", "90d", "--dry-run"]);
    assert!(
        said.starts_with("would rotate 1 farmer client with no payment for 90 days:\n")
            && said.contains("\n1 stays where it is (no other farmer present with room):\n"),
        "{said}"
    );
    // A span nobody has been idle for: nothing to rotate, said so.
    let said = t.ok("anna", NOW_TEAM, &["rotate", "--idle", "900d"]);
    assert_eq!(
        said,
        "no farmer client has gone 900 days without a payment: none rotated\n"
    );
}

const NOW_TEAM: &str = "2026-11-23T10:00";

#[test]
fn team_two_people_editing_one_card_at_once_one_lands_and_one_is_told() {
    let t = Team::new();
    t.ok("anna", NOW_TEAM, &["add", "Shared Client"]);
    // Boris owns it; anna heads sales: both may change it.
    t.ok("anna", NOW_TEAM, &["assign", "1", "boris"]);
    // Both processes open and look before either may write: the test holds
    // the writers' lock until both wait for it.
    let mut lock = postgres::Client::connect(&t.url, postgres::NoTls).expect("connect");
    lock.batch_execute("SELECT pg_advisory_lock(1263422806)")
        .unwrap();
    let spawn = |who: &str, field: &str, value: &str| {
        let mut cmd = t.k.std_cmd(&["edit", "1", field, value]);
        cmd.env("KONVEYER_DB", url_as(&t.url, who))
            .env("KONVEYER_USER", who)
            .env("KONVEYER_NOW", NOW_TEAM)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd.spawn().expect("spawn")
    };
    let first = spawn("anna", "--phone", "+7 900 111-11-11");
    let second = spawn("boris", "--company", "Both At Once Ltd");
    let start = std::time::Instant::now();
    loop {
        let waiting: i64 = lock
            .query_one(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                &[],
            )
            .unwrap()
            .get(0);
        if waiting == 2 {
            break;
        }
        assert!(start.elapsed().as_secs() < 4, "the writers did not queue");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    lock.batch_execute("SELECT pg_advisory_unlock(1263422806)")
        .unwrap();
    let outs = [first, second].map(|c| c.wait_with_output().expect("wait"));
    let landed = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(landed, 1, "{outs:?}");
    let refused = outs.iter().find(|o| !o.status.success()).unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("was changed by") && err.contains("a moment ago — reloaded"),
        "{err}"
    );
    // Looked at again, the second person's change goes through.
    let who = match err.contains("changed by anna") {
        true => ("boris", "--company", "Both At Once Ltd"),
        false => ("anna", "--phone", "+7 900 111-11-11"),
    };
    t.ok(who.0, NOW_TEAM, &["edit", "1", who.1, who.2]);
    let shown = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(shown["company"], "Both At Once Ltd");
    assert!(shown["phone"].as_str().unwrap().contains("900"));
}

#[test]
fn team_a_persons_pane_holds_the_reminders_of_their_own_cards() {
    let t = Team::new();
    t.ok("anna", NOW_TEAM, &["add", "Anna's Lead"]);
    t.ok("anna", NOW_TEAM, &["add", "Boris's Lead"]);
    t.ok("anna", NOW_TEAM, &["move", "2", "next"]);
    t.ok(
        "anna",
        NOW_TEAM,
        &["remind", "1", "call anna's", "--at", "today"],
    );
    t.ok(
        "boris",
        NOW_TEAM,
        &["remind", "2", "call boris's", "--at", "today"],
    );
    t.ok(
        "anna",
        NOW_TEAM,
        &["remind", "-", "team meeting", "--at", "today"],
    );
    let store = konveyer::store::Store::open_pg(&t.url).expect("open");
    let now = konveyer::service::Now::parse(NOW_TEAM).expect("now");
    let texts = |owner: Option<&str>| -> Vec<String> {
        let due = konveyer::service::due_reminders_of(&store, now, None, owner).expect("due");
        due.today.iter().map(|r| r.text.clone()).collect()
    };
    assert_eq!(texts(Some("boris")), ["call boris's", "team meeting"]);
    assert_eq!(texts(None).len(), 3);
    let counts = konveyer::service::count_due_of(&store, now, Some("boris")).expect("counts");
    assert_eq!(counts, [0, 2, 0]);
    // `agenda --mine` on the command line: boris's own, as his board.
    let today = |args: &[&str]| -> Vec<String> {
        let agenda = t.json("boris", NOW_TEAM, args);
        let list = agenda["today"].as_array().expect("today").iter();
        list.map(|r| r["text"].as_str().expect("text").to_string())
            .collect()
    };
    assert_eq!(
        today(&["agenda", "--json", "--mine"]),
        ["call boris's", "team meeting"]
    );
    assert_eq!(today(&["agenda", "--json"]).len(), 3);
    // A qualifier's own agenda does not say the farmer's load; everyone's does.
    let load = "Farmer: 0/60";
    let mine = t.ok("boris", NOW_TEAM, &["agenda", "--mine"]);
    assert!(mine.contains("Today (2)") && !mine.contains(load), "{mine}");
    let all = t.ok("boris", NOW_TEAM, &["agenda"]);
    assert!(all.contains(load), "{all}");
    // Who is calling, found on the team server by its number or words.
    t.ok(
        "anna",
        NOW_TEAM,
        &["edit", "1", "--phone", "+7 916 123-45-67"],
    );
    let ids = |query: &str| -> Vec<i64> {
        let found = t.json("boris", NOW_TEAM, &["find", query, "--json"]);
        let found = found.as_array().expect("a list").iter();
        found.map(|c| c["id"].as_i64().expect("id")).collect()
    };
    assert_eq!(ids("8 (916) 123-45-67"), [1]);
    assert_eq!(ids("lead"), [1, 2]);
    assert_eq!(ids("boris's"), [2]);
}

#[test]
fn team_an_import_gives_its_new_cards_to_each_stations_people_in_turn() {
    let t = Team::new();
    let file = t.k.dir().join("leads.csv");
    std::fs::write(
        &file,
        "Name;Phone;Stage;Next activity date;Created;Closed\n\
         One;+79990000001;qualification;2026-11-25;;\n\
         Two;+79990000002;qualification;;;\n\
         Three;+79990000003;closed won;;2026-10-01;2026-10-20\n\
         Four;+79990000004;qualification;;;\n\
         Five;+79990000005;closed won;;;\n",
    )
    .unwrap();
    let out = t.ok("anna", NOW_TEAM, &["import", file.to_str().unwrap()]);
    assert!(out.contains('5'), "{out}");
    let owners: Vec<(String, serde_json::Value)> = (1..=5)
        .map(|id| {
            let card = t.json("anna", NOW_TEAM, &["show", &id.to_string(), "--json"]);
            (
                card["name"].as_str().unwrap().to_string(),
                card["owner"].clone(),
            )
        })
        .collect();
    // Qualifiers by login: boris, vera, boris; farmers: dina, gleb. The
    // head of sales who imports works the telemarketer's station only.
    let expected = [
        ("One", "boris"),
        ("Two", "vera"),
        ("Three", "dina"),
        ("Four", "boris"),
        ("Five", "gleb"),
    ]
    .map(|(name, owner)| (name.to_string(), serde_json::Value::from(owner)));
    assert_eq!(owners, expected);
    // On the server too: a next task is a reminder, a deal won after its
    // making the farmer's from its close.
    let one = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(one["reminders"][0]["due_on"], "2026-11-25", "{one}");
    let three = t.json("anna", NOW_TEAM, &["show", "3", "--json"]);
    assert_eq!(three["stage_since"], "2026-10-20T00:00:00Z", "{three}");
    assert_eq!(three["created_at"], "2026-10-01T00:00:00Z", "{three}");
}

/// A file that says a deal on the team's card was won moves the card to
/// the farmer's station as a move on the board does: it is handed to the
/// farmers' next person, with the hand-over on its timeline.
#[test]
fn team_an_import_that_wins_a_known_cards_deal_hands_it_to_a_farmer() {
    let t = Team::new();
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Eight",
            "--phone",
            "+79990000008",
            "--stage",
            "qualifier",
        ],
    );
    let before = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(before["owner"], "boris", "{before}");
    let file = t.k.dir().join("won.csv");
    std::fs::write(
        &file,
        "Name;Phone;Stage;Amount;Closed\n\
         Eight;8 999 000-00-08;closed won;9000;2026-11-22\n",
    )
    .unwrap();
    let out = t.ok("anna", NOW_TEAM, &["import", file.to_str().unwrap()]);
    assert!(out.starts_with("1 row: 0 new, 1 merged"), "{out}");
    assert!(
        !out.contains("at a time"),
        "one chunk is written whole: {out}"
    );
    let card = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(card["stage"], "farmer", "{card}");
    assert!(
        ["dina", "gleb"].contains(&card["owner"].as_str().unwrap_or_default()),
        "{card}"
    );
    let moved = card["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "move")
        .expect("the move on the timeline")
        .clone();
    assert_eq!(
        (&moved["from_owner"], &moved["to_owner"]),
        (&"boris".into(), &card["owner"]),
        "{moved}"
    );
    // A qualifier's own file: the payment is written while the card is
    // theirs, then it is a farmer's.
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Nine",
            "--phone",
            "+79990000009",
            "--stage",
            "qualifier",
        ],
    );
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Ten",
            "--phone",
            "+79990000010",
            "--stage",
            "qualifier",
        ],
    );
    std::fs::write(
        &file,
        "Name;Phone;Stage;Amount\nTen;+79990000010;closed won;4000\n",
    )
    .unwrap();
    t.ok("boris", NOW_TEAM, &["import", file.to_str().unwrap()]);
    let ten = t.json("anna", NOW_TEAM, &["show", "3", "--json"]);
    assert_eq!(ten["orders"].as_array().map(Vec::len), Some(1), "{ten}");
    assert_ne!(ten["owner"], card["owner"], "the farmers in turn: {ten}");
    assert!(
        ["dina", "gleb"].contains(&ten["owner"].as_str().unwrap_or_default()),
        "{ten}"
    );
}

/// A member's import: a won deal's card goes to a farmer and a lost one's
/// to a colleague of its station, yet its order and its loss are written
/// first, while the card is the importer's (the server refused the order
/// of a card already given away, and the whole import with it).
#[test]
fn team_a_members_import_writes_what_a_card_holds_before_giving_it_away() {
    let t = Team::new();
    let file = t.k.dir().join("leads.csv");
    std::fs::write(
        &file,
        "Name;Phone;Stage;Status;Amount;Next activity date;Next step\n\
         One;+79990000001;qualification;;;2026-11-25;отправить КП\n\
         Two;+79990000002;closed won;;5000;;\n\
         Three;+79990000003;qualification;lost;;;\n\
         Four;+79990000004;closed won;;7000;;\n",
    )
    .unwrap();
    let out = t.ok("boris", NOW_TEAM, &["import", file.to_str().unwrap()]);
    assert!(out.starts_with("4 rows: 4 new"), "{out}");
    let card = |id: i64| t.json("boris", NOW_TEAM, &["show", &id.to_string(), "--json"]);
    let two = card(2);
    assert_eq!(two["stage"], "farmer", "{two}");
    assert_eq!(two["orders"].as_array().map(Vec::len), Some(1), "{two}");
    assert!(
        ["dina", "gleb"].contains(&two["owner"].as_str().unwrap()),
        "{two}"
    );
    let four = card(4);
    assert_ne!(four["owner"], two["owner"], "the farmers in turn: {four}");
    let three = card(3);
    assert_eq!(three["status"], "lost", "{three}");
    assert_eq!(card(1)["reminders"][0]["text"], "отправить КП");
    // Given away, the cards are their owners' now: boris may not pay them.
    let err = t.fails("boris", NOW_TEAM, &["sale", "2", "100"]);
    assert!(
        err.contains("row-level security policy for table \"orders\""),
        "{err}"
    );
    // The server's words in the reader's language.
    let err = t.fails("boris", NOW_TEAM, &["sale", "2", "100", "--lang", "ru"]);
    assert!(
        err.contains("правило доступа к строкам таблицы «orders» не разрешает эту запись"),
        "{err}"
    );
    let err = t.fails(
        "boris",
        NOW_TEAM,
        &["edit", "2", "--name", "X", "--lang", "ru"],
    );
    let owner = card(2)["owner"].as_str().unwrap().to_string();
    assert!(
        err.contains(&format!("карточка №2 — пользователя {owner}")),
        "{err}"
    );
}

/// A member's file that repeats a colleague's client: the server will not
/// let the member change that card, so its row is skipped and said, and
/// the rest of the file comes in (before, the whole import was refused).
#[test]
fn team_a_members_import_skips_the_rows_of_colleagues_cards() {
    let t = Team::new();
    for (name, phone) in [("Eight", "+79990000008"), ("Nine", "+79990000009")] {
        let args = ["add", name, "--phone", phone, "--stage", "qualifier"];
        t.ok("anna", NOW_TEAM, &args);
    }
    let file = t.k.dir().join("leads.csv");
    std::fs::write(
        &file,
        "Name;Phone;Email;Amount\n\
         Nine;+79990000009;nine@x.ru;5000\n\
         Ten;+79990000010;;\n\
         Eight;8 999 000-00-08;eight@x.ru;\n",
    )
    .unwrap();
    let out = t.ok("boris", NOW_TEAM, &["import", file.to_str().unwrap()]);
    assert!(
        out.starts_with("3 rows: 1 new, 1 merged, 1 skipped"),
        "{out}"
    );
    assert!(
        out.contains(
            "line 2: skipped — the team database would not let you change #2 Nine (the card is vera's)"
        ),
        "{out}"
    );
    let card = |id: &str| t.json("anna", NOW_TEAM, &["show", id, "--json"]);
    let nine = card("2");
    assert_eq!(
        (&nine["owner"], &nine["email"], &nine["value_minor"]),
        (
            &"vera".into(),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ),
        "vera's card as it was: {nine}"
    );
    assert_eq!(card("1")["email"], "eight@x.ru", "boris's own card filled");
    assert_eq!(card("3")["name"], "Ten");
}
