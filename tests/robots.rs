//! End-to-end: robots — what happens by itself when a client enters a
//! station, is lost or pays (README: Import, Export, Robots).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::Value;

mod common;
use common::Env;

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
    assert_eq!(seen["client"]["phone"], "+79991112233");
    let shown = k.json(&["show", "1", "--json"]);
    let reminder = &shown["reminders"][0];
    assert_eq!(reminder["text"], "send the commercial offer");
    assert_eq!(reminder["due_on"], "2026-11-24", "in a day");
    // A robot that hangs is stopped and logged; the move stands. Only its
    // own processes are stopped: a bystander lives on.
    let mut bystander = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("sleep");
    let started = std::time::Instant::now();
    let out = k.cmd(&["move", "1", "hunter"]).output().expect("run");
    assert!(out.status.success());
    let alive = bystander.try_wait().expect("wait").is_none();
    let _ = bystander.kill();
    let _ = bystander.wait();
    assert!(alive, "stopping the robot killed another process");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "stopped at its timeout"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("robot sh: ran past 1 s"), "{err}");
    assert_eq!(k.json(&["show", "1", "--json"])["stage"], "hunter");
    // A robot that fails is logged on the timeline, in the words of whoever
    // acted; the loss stands.
    let out = k
        .cmd(&["--lang", "ru", "lose", "1", "--reason", "no budget"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("робот sh: код выхода 1: no SMS gateway"),
        "{err}"
    );
    let shown = k.json(&["show", "1", "--json"]);
    assert_eq!(shown["status"], "lost");
    let notes: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|a| a["text"].as_str())
        .filter(|t| t.starts_with("robot ") || t.starts_with("робот "))
        .collect();
    assert_eq!(
        notes,
        [
            "робот sh: код выхода 1: no SMS gateway",
            "robot sh: ran past 1 s and was stopped"
        ],
    );
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
    let err = k.fails(&["--lang", "ru", "list"], 1);
    assert!(err.contains("нет ни remind, ни run"), "{err}");
    std::fs::write(
        k.dir().join("config.toml"),
        "[[robots]]\non = \"somewhere\"\nremind = \"x\"\n",
    )
    .expect("config");
    let err = k.fails(&["list"], 1);
    assert!(err.contains("'somewhere'"), "{err}");
}

#[test]
fn a_robot_never_sees_the_team_databases_password() {
    let k = Env::new();
    let seen = k.dir().join("robot-env.txt");
    let config = format!(
        r#"
[[robots]]
on = "qualifier"
run = ["sh", "-c", "env > '{seen}'"]
"#,
        seen = seen.display()
    );
    std::fs::write(k.dir().join("config.toml"), config).expect("config");
    k.ok(&["add", "Анна"]);
    let db = k.db.display().to_string();
    // The base is the file (--db); the environment holds a team address
    // with its password, as a person's profile might.
    let out = k
        .cmd(&["move", "1", "qualifier", "--db", &db])
        .env("KONVEYER_DB", "postgresql://ann:Secr3t@db.example/team")
        .env("PGPASSWORD", "Secr3t")
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let env = std::fs::read_to_string(&seen).expect("the robot ran");
    assert!(!env.contains("Secr3t"), "{env}");
    assert!(
        env.contains("KONVEYER_DB=postgresql://ann@db.example/team"),
        "{env}"
    );
}

#[test]
fn robots_as_specified_events_filters_after_a_cadence_a_list_and_a_dry_run() {
    let k = Env::new();
    let config = r#"
[[robots]]
on = "enter:hunter"
remind = "send the offer"
after = "+2d"

[[robots]]
on = "created"
source = "website"
remind = "call the lead"
after = "+1h"

# A cadence: three reminders from one event.
[[robots]]
on = "lost"
stage = "qualifier"
remind = "ask again: still no budget?"
after = "+1mo"

[[robots]]
on = "lost"
stage = "qualifier"
remind = "ask again, second time"
after = "+3mo"

[[robots]]
on = "lost"
stage = "qualifier"
remind = "ask again, last time"
after = "+6mo"
"#;
    std::fs::write(k.dir().join("config.toml"), config).unwrap();
    let listed = k.ok(&["robots"]);
    assert_eq!(listed.lines().count(), 5, "{listed}");
    assert!(
        listed.contains("1  on enter:hunter  remind \"send the offer\" +2d"),
        "{listed}"
    );
    assert!(
        listed.contains("2  on created [source website]  remind \"call the lead\" +1h"),
        "{listed}"
    );
    let reminders = |id: &str| -> Vec<(String, String)> {
        k.json(&["show", id, "--json"])["reminders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["text"].as_str().unwrap().to_string(),
                    r["due_on"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Created from the website: its reminder an hour on (10:00 → 11:00).
    let web = k.ok(&["add", "С сайта", "--source", "website"]);
    let web = web.trim();
    assert_eq!(
        reminders(web),
        [("call the lead".to_string(), "2026-11-23".to_string())]
    );
    let cold = k.ok(&["add", "Холодный", "--source", "cold"]);
    let cold = cold.trim();
    assert!(reminders(cold).is_empty(), "another source");
    // A dry run says what would happen and writes nothing.
    let before = k.json(&["show", cold, "--json"]);
    let dry = k.ok(&["robots", "--dry-run", "1", cold]);
    assert!(dry.contains("would act on #2 Холодный"), "{dry}");
    assert!(
        dry.contains("a reminder \"send the offer\", due 2026-11-25"),
        "{dry}"
    );
    let not = k.ok(&["robots", "--dry-run", "2", cold]);
    assert!(
        not.contains("would not act") && not.contains("source website"),
        "{not}"
    );
    assert_eq!(
        k.json(&["show", cold, "--json"]),
        before,
        "a dry run writes nothing"
    );
    let err = k.fails(&["robots", "--dry-run", "9", cold], 1);
    assert!(err.contains("there is no robot 9"), "{err}");
    // Entering the hunter: two days on.
    k.ok(&["move", cold, "hunter"]);
    assert!(reminders(cold).contains(&("send the offer".to_string(), "2026-11-25".to_string())));
    // Lost at the qualifier: the cadence of three; lost elsewhere: none.
    k.ok(&["move", web, "qualifier"]);
    k.ok(&["lose", web, "--reason", "no budget"]);
    let cadence: Vec<String> = reminders(web)
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d > &"2026-12".to_string())
        .collect();
    assert_eq!(
        cadence,
        ["2026-12-23", "2027-02-23", "2027-05-23"],
        "{:?}",
        reminders(web)
    );
    k.ok(&["lose", cold, "--reason", "no budget"]);
    assert!(
        !reminders(cold)
            .iter()
            .any(|(t, _)| t.starts_with("ask again"))
    );
    // A robot on something that is no event is refused with the config.
    std::fs::write(
        k.dir().join("config.toml"),
        "[[robots]]\non = \"tuesday\"\nremind = \"x\"\n",
    )
    .unwrap();
    let err = k.fails(&["robots"], 1);
    assert!(
        err.contains("'enter:STATION', 'created', 'lost' or 'paid'"),
        "{err}"
    );
}
