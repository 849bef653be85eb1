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
