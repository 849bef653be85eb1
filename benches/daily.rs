//! What happens once a day or once per base, as whole commands of the
//! release binary: `cargo bench --bench daily` generates a base of
//! 100 000 clients (KONVEYER_BENCH_CLIENTS; KONVEYER_BENCH_DB copies one
//! made before instead, generated on KONVEYER_BENCH_DAY) and times
//!
//! - `gen` itself, and the first command after it;
//! - the first command of a new day (`list --stage qualifier --json`, the
//!   next morning, then after two to six days away) against the same
//!   command later that day, as the median ratio of the pairs;
//! - a week's report (this week: the base's day and the next; and the
//!   whole week before, Monday to Sunday) and a year's;
//! - the forecast, the agenda, and the agenda as JSON (every list whole);
//! - an import of 100 000 CSV rows into an empty base.
//!
//! Each with its peak memory, from `/usr/bin/time` where there is one.
//! KONVEYER_BENCH_BIN times another build instead (an older one, to set
//! the figures side by side). KONVEYER_BENCH_COLD=N adds N cold leads made
//! long ago that never moved (imported before anything is timed): a
//! founder's million cold-call rows beside a conveyor that flows, where
//! what is read once a day should not grow with them.

// A benchmark may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{cold_csv, import_csv, percentile};

/// The day a generated base is made on.
const DAY: &str = "2026-11-23";

/// One run of the binary: its time and, where it can be read, its peak
/// memory in MiB.
fn run(db: &Path, now: &str, args: &[&str]) -> (Duration, Option<f64>) {
    let bin = std::env::var("KONVEYER_BENCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_konveyer").to_string());
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = match timed {
        true => {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M", &bin]);
            c
        }
        false => Command::new(bin),
    };
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("KONVEYER_NOW", now)
        .env("KONVEYER_CONFIG", db.with_extension("toml"))
        .env("TZ", "UTC");
    // What it prints is not kept (an agenda's JSON of a million is 485 MB).
    cmd.stdout(Stdio::null());
    let start = Instant::now();
    let out = cmd.output().expect("run konveyer");
    let took = start.elapsed();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let peak = timed
        .then(|| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()?
                .trim()
                .parse::<f64>()
                .ok()
        })
        .flatten()
        .map(|kib| kib / 1024.0);
    (took, peak)
}

/// One row: the median time and the largest peak memory of the runs.
fn row(name: &str, runs: &[(Duration, Option<f64>)]) -> Duration {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    let median = percentile(&mut times, 0.5);
    let peak = runs
        .iter()
        .filter_map(|r| r.1)
        .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))));
    let memory = peak.map_or(String::new(), |p| format!("   peak {p:>6.1} MiB"));
    println!(
        "{name:<44} median {:>9.1} ms{memory}   (n={})",
        median.as_secs_f64() * 1e3,
        runs.len()
    );
    median
}

/// The morning `n` days after the base's day, at `hour`.
fn day_after(day: chrono::NaiveDate, n: i64, hour: &str) -> String {
    format!("{}T{hour}", day + chrono::Duration::days(n))
}

fn main() {
    let clients: u32 = std::env::var("KONVEYER_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("dir");
    let base = dir.path().join("base.db");
    let day = std::env::var("KONVEYER_BENCH_DAY").unwrap_or_else(|_| DAY.to_string());
    let first = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("KONVEYER_BENCH_DAY");
    let made_at = format!("{day}T09:00");
    let copy = |name: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&base, &path).expect("copy");
        // On the disk before it is timed: a command's first commit would
        // otherwise wait for the whole copy to be written out.
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .expect("sync");
        path
    };
    match std::env::var_os("KONVEYER_BENCH_DB") {
        Some(db) => {
            std::fs::copy(db, &base).expect("copy");
        }
        None => {
            let made = run(&base, &made_at, &["gen", "--clients", &clients.to_string()]);
            row(&format!("gen --clients {clients}"), &[made]);
        }
    }
    let cold: usize = std::env::var("KONVEYER_BENCH_COLD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if cold > 0 {
        let csv = dir.path().join("cold.csv");
        std::fs::write(&csv, cold_csv(cold)).expect("cold csv");
        let added = run(&base, &made_at, &["import", &csv.to_string_lossy()]);
        row(&format!("import {cold} cold leads into it"), &[added]);
    }
    let list = ["list", "--stage", "qualifier", "--json"];
    let after_gen: Vec<_> = (0..3)
        .map(|i| {
            run(
                &copy(&format!("fresh-{i}.db")),
                &format!("{day}T10:00"),
                &list,
            )
        })
        .collect();
    row("the first command after gen", &after_gen);

    // The next morning, as the issue measures it (five copies, each its
    // own pair), then mornings after two to six days away: the first
    // command of the morning, then the same command an hour later, on the
    // same copy. Each ratio is of one pair; the row gives their median.
    let mornings = |days: &[i64], name: &str| {
        let (mut new_day, mut same_day, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for (i, n) in days.iter().enumerate() {
            let db = copy(&format!("{name}-{i}.db"));
            let new = run(&db, &day_after(first, *n, "09:00"), &list);
            let same = run(&db, &day_after(first, *n, "10:00"), &list);
            ratios.push(new.0.as_secs_f64() / same.0.as_secs_f64());
            new_day.push(new);
            same_day.push(same);
        }
        row(&format!("first command, {name}"), &new_day);
        row("the same command later that day", &same_day);
        ratios.sort_by(f64::total_cmp);
        println!(
            "{:<44} {:>9.2}   (pairs {:.2}–{:.2})",
            format!("new day / same day, {name}"),
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1]
        );
    };
    mornings(&[1; 5], "the next morning");
    mornings(&[2, 3, 4, 5, 6], "days away");

    let db = copy("reports.db");
    let today = first + chrono::Duration::days(1);
    let now = format!("{today}T10:00");
    run(&db, &now, &list);
    let week = ["report"];
    let year_from = (today - chrono::Duration::days(364)).to_string();
    let year = ["report", "--from", &year_from, "--to", &today.to_string()];
    let weeks: Vec<_> = (0..5).map(|_| run(&db, &now, &week)).collect();
    row("report, a week", &weeks);
    // The week before this one, whole: seven days of flow, not one.
    let monday = today.week(chrono::Weekday::Mon).first_day() - chrono::Duration::days(7);
    let (from, to) = (
        monday.to_string(),
        (monday + chrono::Duration::days(6)).to_string(),
    );
    let whole_week = ["report", "--from", &from, "--to", &to];
    let whole: Vec<_> = (0..5).map(|_| run(&db, &now, &whole_week)).collect();
    row("report, the whole week before", &whole);
    let years: Vec<_> = (0..3).map(|_| run(&db, &now, &year)).collect();
    row("report, a year", &years);
    let forecasts: Vec<_> = (0..3).map(|_| run(&db, &now, &["forecast"])).collect();
    row("forecast", &forecasts);
    let agendas: Vec<_> = (0..3).map(|_| run(&db, &now, &["agenda"])).collect();
    row("agenda", &agendas);
    // Every list, every stale card among them: most of a generated base.
    let dumps: Vec<_> = (0..3)
        .map(|_| run(&db, &now, &["agenda", "--json"]))
        .collect();
    row("agenda --json", &dumps);

    let csv = dir.path().join("leads.csv");
    std::fs::write(&csv, import_csv(100_000)).expect("csv");
    let csv = csv.to_string_lossy().into_owned();
    let imports: Vec<_> = (0..3)
        .map(|i| {
            let db = dir.path().join(format!("import-{i}.db"));
            run(&db, &made_at, &["import", &csv])
        })
        .collect();
    row("import 100 000 CSV rows, empty base", &imports);
}
