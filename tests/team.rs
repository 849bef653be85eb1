//! Team mode end to end, on a throwaway PostgreSQL server of the tests'
//! own (or `KONVEYER_TEST_PG_URL`): people signed in as their own roles
//! hand cards over, rotate farmers, edit one card at once, see their own
//! pane and agenda, and share an import's new cards (`team/imports.rs`;
//! moving a base up: `migrate_to.rs`).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
#[path = "team/imports.rs"]
mod imports;
use common::{Env, latest_entry};

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
    let moved = latest_entry(&shown, "move");
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
        "no plan for vera in 2026-W48 — set targets: konveyer plan --for vera \
         --week 2026-W48 calls=40 meetings=10 (or moves, payments)\n"
    );
    assert_eq!(vera["hand_offs"]["median_hours"], 1.0);
    assert_eq!(vera["hand_offs"]["waiting"], 0);
    // The head of sales sets anyone's plan; a person only their own.
    let said = t.ok("anna", &at("12:00"), &["plan", "--for", "vera", "calls=25"]);
    assert!(said.contains("vera's plan for 2026-W48 saved"), "{said}");
    let err = t.fails("boris", &at("12:00"), &["plan", "--for", "vera", "calls=1"]);
    assert!(err.contains("refused"), "{err}");
    let err = t.fails("boris", &at("12:00"), &["plan", "--for", "vera", "calls=0"]);
    assert!(
        err.contains("only the head of sales sets another person's plan"),
        "{err}"
    );
    let vera_plan = t.json("vera", &at("12:00"), &["plan", "--for", "vera", "--json"]);
    assert_eq!(vera_plan[0]["target"], 25, "{vera_plan}");
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

    // A farmer's card with no reminder waits on the reactivation rule:
    // no next step is missing, in the head's day as on the farmer's board.
    let id = t.ok(
        "anna",
        &at("12:30"),
        &["add", "Farm D", "--stage", "farmer"],
    );
    let farmer = t.json("anna", &at("12:31"), &["show", id.trim(), "--json"])["owner"].clone();
    let farmer = farmer.as_str().unwrap();
    let team = t.json("anna", &at("12:31"), &["team", "--json"]);
    assert_eq!(person(&team, farmer)["no_next_step"], 0, "{team}");
    assert_eq!(person(&team, "boris")["no_next_step"], 1);
    // A reminder for 13:00 today is overdue once 13:00 has passed, as on
    // the person's own board.
    t.ok(
        "boris",
        &at("12:40"),
        &["remind", "1", "send the offer", "--at", "13:00"],
    );
    let overdue = |hm: &str| {
        person(&t.json("anna", &at(hm), &["team", "--json"]), "boris")["overdue"].clone()
    };
    assert_eq!(
        overdue("13:30").as_i64(),
        overdue("12:50").as_i64().map(|n| n + 1)
    );
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

/// A call that finds a lead interested moves it on, and says whom the move
/// handed it to, as a move on the board does.
#[test]
fn team_an_interested_call_says_whom_it_handed_the_card_to() {
    let t = Team::new();
    let id = t.ok("anna", NOW_TEAM, &["add", "Client Z"]);
    let id = id.trim();
    let args = ["log", id, "call", "--outcome", "interested"];
    assert_eq!(
        t.ok("anna", NOW_TEAM, &args),
        format!("#{id} Client Z: interested → qualifier — now boris's\n")
    );
}
