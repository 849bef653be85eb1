//! End-to-end: reports, plans and segments on scripted histories (docs/terms.md).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};

mod common;
use common::Env;

#[test]
fn the_report_of_a_scripted_fortnight_follows_the_definitions() {
    let k = Env::new();
    // Week 47.
    k.at("2026-11-16T10:00", &["add", "Anna", "--source", "cold"]);
    k.at("2026-11-17T10:00", &["add", "Boris", "--source", "cold"]);
    k.at("2026-11-18T10:00", &["move", "1", "next"]);
    k.at("2026-11-19T10:00", &["lose", "2", "--reason", "no budget"]);
    // Week 48.
    k.at(
        "2026-11-23T10:00",
        &["add", "Carl", "--source", "referral", "--referred-by", "1"],
    );
    k.at("2026-11-23T12:00", &["move", "1", "next"]);
    k.at(
        "2026-11-23T14:00",
        &["log", "3", "call", "--outcome", "no-answer"],
    );
    k.at(
        "2026-11-23T15:00",
        &["log", "3", "call", "--outcome", "no-answer"],
    );
    k.at("2026-11-24T09:00", &["invoice", "1", "100000"]);
    k.at("2026-11-24T10:00", &["paid", "1"]);
    k.at("2026-11-24T11:00", &["sale", "1", "50000"]);
    k.at("2026-11-24T12:00", &["log", "1", "meeting"]);
    k.at("2026-11-25T10:00", &["move", "3", "h"]);
    k.at(
        "2026-11-25T10:30",
        &["plan", "--week", "2026-W48", "calls=10"],
    );
    let text = k.at(
        "2026-11-25T18:00",
        &["report", "--week", "2026-W48", "--format", "json"],
    );
    let r: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-11-23"), Some("2026-11-29"))
    );
    let flow = |r: &Value, i: usize| {
        let f = &r["flow"][i];
        [
            &f["entered"],
            &f["advanced"],
            &f["moved_back"],
            &f["lost"],
            &f["still_there"],
            &f["skipped"],
        ]
        .map(|v| v.as_i64().expect("number"))
    };
    assert_eq!(r["flow"][0]["stage"], "telemarketer");
    assert_eq!(flow(&r, 0), [1, 1, 0, 0, 0, 0], "Carl left by a jump");
    assert_eq!(
        flow(&r, 1),
        [0, 0, 0, 0, 0, 1],
        "the jump skipped the qualifier"
    );
    assert_eq!(flow(&r, 2), [2, 1, 0, 0, 1, 0]);
    assert_eq!(r["flow"][2]["conversion"], 0.5);
    assert_eq!(flow(&r, 3), [1, 0, 0, 0, 1, 0]);
    assert!(r["flow"][1]["conversion"].is_null());
    let time = |i: usize, k: &str| r["time"][i][k].clone();
    assert_eq!(
        (time(0, "n"), time(0, "median_days")),
        (json!(1), json!(2.0))
    );
    assert_eq!(
        time(1, "median_days"),
        json!(5.1),
        "18th 10:00 → 23rd 12:00"
    );
    assert_eq!(
        time(2, "median_days"),
        json!(0.9),
        "23rd 12:00 → 24th 10:00"
    );
    assert_eq!(time(2, "open_median_days"), json!(0.3));
    assert_eq!(time(3, "open_median_days"), json!(1.3));
    assert!(time(0, "open_median_days").is_null());
    assert_eq!(r["cohort"]["created"], 1);
    assert_eq!(
        r["cohort"]["reached"],
        json!({"telemarketer": 1, "qualifier": 1, "hunter": 1, "farmer": 0})
    );
    assert_eq!(
        (r["cohort"]["paid"].as_i64(), r["cohort"]["active"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        r["revenue"],
        json!([{"currency": "RUB", "first": {"count": 1, "amount_minor": 10_000_000},
                "repeat": {"count": 1, "amount_minor": 5_000_000}, "repeat_share": 0.33}])
    );
    assert_eq!(
        r["sources"],
        json!([{"source": "referral", "created": 1, "paid": 0, "amount_minor": 0}])
    );
    assert_eq!(
        r["referrals"],
        json!([{"referrer_id": 1, "name": "Anna", "referred": 1, "paid": 0}])
    );
    assert_eq!(r["losses"], json!([]));
    assert_eq!(r["activity"]["calls"]["no-answer"], 2);
    assert_eq!(
        (
            r["activity"]["meeting"].as_i64(),
            r["activity"]["note"].as_i64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        r["plan"],
        json!([{"metric": "calls", "target": 10, "fact": 2, "percent": 20.0, "projected": 3}])
    );
    let p = &r["previous"];
    assert_eq!(
        (p["from"].as_str(), p["to"].as_str()),
        (Some("2026-11-16"), Some("2026-11-22"))
    );
    assert_eq!(flow(p, 0), [2, 1, 0, 1, 0, 0]);
    assert_eq!(flow(p, 1), [1, 1, 0, 0, 0, 0]);
    assert_eq!(
        p["losses"],
        json!([{"reason": "no budget", "stage": "telemarketer", "count": 1}])
    );
    assert_eq!(
        p["cohort"]["reached"],
        json!({"telemarketer": 2, "qualifier": 1, "hunter": 1, "farmer": 1})
    );
    assert_eq!(
        (p["cohort"]["paid"].as_i64(), p["cohort"]["lost"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(p.get("previous").is_none());
    // The month and a custom range agree with the same history.
    let m: Value = serde_json::from_str(&k.at(
        "2026-11-25T18:00",
        &["report", "--month", "2026-11", "--format", "json"],
    ))
    .expect("json");
    assert_eq!(m["cohort"]["created"], 3);
    assert_eq!(
        (m["previous"]["from"].as_str(), m["previous"]["to"].as_str()),
        (Some("2026-10-01"), Some("2026-10-31"))
    );
    let c: Value = serde_json::from_str(&k.at(
        "2026-11-25T18:00",
        &[
            "report",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-24",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    assert_eq!(c["plan"][0]["target"], 2, "a weekday's share of the week");
    assert_eq!(c["previous"]["from"], "2026-11-23");
    // A long range reads the whole history another way: the same numbers.
    let long: Value = serde_json::from_str(&k.at(
        "2026-11-25T18:00",
        &[
            "report",
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-29",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    assert_eq!(long["cohort"]["created"], 3);
    assert_eq!(flow(&long, 0), [3, 2, 0, 1, 0, 0]);
    assert_eq!(flow(&long, 2), [2, 1, 0, 0, 1, 0]);
    // In Russian each count's word agrees with it.
    let ru = k.at(
        "2026-11-25T18:00",
        &["--lang", "ru", "report", "--month", "2026-11"],
    );
    let line = |source: &str| {
        let found = ru.lines().find(|l| l.trim_start().starts_with(source));
        found.map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
    };
    // Anna's invoice of 100 000 and sale of 50 000, in the month she came.
    assert_eq!(
        line("cold").as_deref(),
        Some("2 новых 1 оплатил 150 000 ₽"),
        "{ru}"
    );
    assert_eq!(line("referral").as_deref(), Some("1 новый 0 оплатили 0 ₽"));
    assert_eq!(
        line("#1").as_deref(),
        Some("Anna 1 по рекомендации 0 оплатили")
    );
    // The text report fits 80 columns.
    let text = k.at("2026-11-25T18:00", &["report"]);
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{line:?}"
        );
    }
}

#[test]
fn a_plan_never_set_says_how_to_set_one_for_the_period_asked() {
    let k = Env::new();
    k.ok(&["add", "Ann"]);
    let hint = |args: &str| {
        format!(
            "no plan for {} — set targets: konveyer plan{args} calls=200 new_leads=20 \
             (the metrics: konveyer plan --help)\n",
            args.rsplit(' ')
                .next()
                .filter(|_| !args.is_empty())
                .unwrap_or("2026-W48")
        )
    };
    assert_eq!(k.ok(&["plan"]), hint(""));
    assert_eq!(
        k.ok(&["plan", "--week", "2026-W50"]),
        hint(" --week 2026-W50")
    );
    assert_eq!(
        k.ok(&["plan", "--day", "2026-11-25"]),
        hint(" --day 2026-11-25")
    );
    let ru = k.ok(&["plan", "--lang", "ru"]);
    assert!(ru.starts_with("плана на 2026-W48 нет"), "{ru}");
    assert_eq!(k.json(&["plan", "--json"]), json!([]), "JSON stays a list");
    // A target set, then removed: the plan is empty again.
    k.ok(&["plan", "calls=10"]);
    assert!(k.ok(&["plan"]).starts_with("calls "));
    assert!(k.ok(&["plan", "calls=0"]).ends_with(&hint("")));
}

#[test]
fn segments_rank_the_year_and_overrides_hold_until_they_expire() {
    let k = Env::new();
    for (name, amount) in [
        ("Anna", "50000"),
        ("Boris", "30000"),
        ("Carl", "15000"),
        ("Dora", "5000"),
    ] {
        let id = k.ok(&["add", name, "--stage", "hunter"]);
        k.ok(&["sale", id.trim(), amount]);
    }
    let old = k.ok(&["add", "Eve", "--stage", "hunter"]);
    k.ok(&["sale", old.trim(), "90000", "--on", "2025-11-22"]);
    k.ok(&[
        "segment",
        "4",
        "A",
        "--note",
        "a giant ordering little",
        "--until",
        "2026-12-31",
    ]);
    k.ok(&["segment", "2", "C", "--until", "2026-11-01"]);
    let rows = k.json(&["segments", "--json"]);
    let by_id = |id: i64| {
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("listed")
    };
    assert_eq!(
        (by_id(1)["segment"].as_str(), by_id(1)["computed"].as_str()),
        (Some("A"), Some("A"))
    );
    assert_eq!(
        by_id(2)["segment"],
        "A",
        "50 above of 100 < 80 %: A; the C override expired"
    );
    assert!(by_id(2)["override"].is_null());
    assert_eq!(by_id(3)["segment"], "B");
    let dora = by_id(4);
    assert_eq!(
        (dora["segment"].as_str(), dora["computed"].as_str()),
        (Some("A"), Some("C"))
    );
    assert_eq!(dora["override"]["note"], "a giant ordering little");
    assert_eq!(dora["override"]["until"], "2026-12-31");
    assert_eq!(by_id(5)["segment"], "D", "its only payment is 366 days old");
    assert_eq!(by_id(5)["revenue_minor"], 0);
    assert_eq!(rows[0]["id"], 1, "highest revenue first");
    let listed = k.json(&["list", "--json"]);
    let dora = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["id"] == 4)
        .cloned()
        .expect("dora");
    assert_eq!(dora["segment"], "A");
    assert_eq!(k.json(&["find", "Dora", "--json"])[0]["segment"], "A");
    assert_eq!(k.json(&["show", "4", "--json"])["segment"]["computed"], "C");
    k.ok(&["segment", "4", "auto"]);
    assert_eq!(k.json(&["show", "4", "--json"])["segment"]["segment"], "C");
    assert!(
        k.fails(&["segment", "4", "Z"], 1)
            .contains("unknown segment")
    );
    // One who never paid, classed by hand and then back to auto: no class,
    // said of that client, while the others still pay.
    let lead = k.ok(&["add", "Fred"]);
    let lead = lead.trim();
    assert!(k.ok(&["segment", lead, "B"]).contains(&format!("#{lead}")));
    assert_eq!(
        k.ok(&["segment", lead, "auto"]),
        format!(
            "#{lead} Fred has no segment: no payment in the last 365 days \
             (segments come from paid orders)\n"
        )
    );
    assert_eq!(
        k.json(&["segments", "--json"]).as_array().map(Vec::len),
        Some(5)
    );
}

/// A source's revenue is in the report's currency: a new client who paid
/// in dollars has paid, and the revenue keeps the dollars in their own
/// row, never added to the roubles — over a week (the new clients'
/// payments read by their list) and over a year (every payer's).
#[test]
fn a_sources_revenue_is_in_the_reports_currency() {
    let k = Env::new();
    k.at("2026-11-23T10:00", &["add", "Anna", "--source", "web"]);
    k.at("2026-11-23T10:05", &["add", "Boris", "--source", "web"]);
    k.at("2026-11-24T10:00", &["sale", "1", "500"]);
    k.at("2026-11-24T11:00", &["sale", "2", "$100"]);
    for period in [
        &["--week", "2026-W48"][..],
        &["--from", "2025-11-25", "--to", "2026-11-24"],
    ] {
        let mut args = vec!["report", "--format", "json"];
        args.extend(period);
        let r = k.json(&args);
        assert_eq!(
            r["sources"],
            json!([{"source": "web", "created": 2, "paid": 2, "amount_minor": 50_000}]),
            "{period:?}"
        );
        assert_eq!(r["cohort"]["paid"], 2, "{period:?}");
        let currencies: Vec<&str> = r["revenue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["currency"].as_str().unwrap())
            .collect();
        assert_eq!(currencies, ["RUB", "USD"], "{period:?}");
    }
}

/// The Markdown and CSV reports carry every section the JSON has, for the
/// period and the one before: each number of the JSON is a CSV row, each
/// section a Markdown table (its words in the interface's language). A
/// person's words stay in their cell: a `|` in a Markdown table, a comma
/// or a formula in a spreadsheet.
#[test]
fn the_markdown_and_csv_reports_carry_every_section_of_the_json() {
    let k = Env::new();
    k.at("2026-11-16T10:00", &["add", "Anna", "--source", "cold"]);
    k.at(
        "2026-11-23T10:00",
        &["add", "Boris", "--source", "=cmd, fair"],
    );
    k.at(
        "2026-11-23T11:00",
        &["add", "Carl", "--source", "referral", "--referred-by", "1"],
    );
    k.at("2026-11-23T12:00", &["move", "1", "h"]);
    k.at("2026-11-24T09:00", &["sale", "1", "100000"]);
    k.at(
        "2026-11-24T10:00",
        &["log", "3", "call", "--outcome", "no-answer"],
    );
    k.at("2026-11-24T11:00", &["log", "3", "meeting"]);
    k.at(
        "2026-11-25T10:00",
        &["lose", "2", "--reason", "price | too high"],
    );
    k.at(
        "2026-11-25T10:30",
        &["plan", "--week", "2026-W48", "calls=10"],
    );
    let at = "2026-11-25T18:00";
    let week = ["report", "--week", "2026-W48", "--format"];
    let json: Value = serde_json::from_str(&k.at(at, &[&week[..], &["json"]].concat())).unwrap();

    let csv = k.at(at, &[&week[..], &["csv"]].concat());
    let mut cells = std::collections::HashMap::new();
    for row in csv::Reader::from_reader(csv.as_bytes()).records() {
        let row = row.unwrap();
        let key = (1..4).map(|i| row[i].to_string()).collect::<Vec<_>>();
        cells.insert((row[0].to_string(), key), row[4].to_string());
    }
    let cell = |period: &str, key: [&str; 3]| {
        let wanted = (period.to_string(), key.map(String::from).to_vec());
        cells
            .get(&wanted)
            .cloned()
            .unwrap_or_else(|| panic!("no row {key:?} of {period} in\n{csv}"))
    };
    // A JSON number as the CSV writes it (2.0 as 2).
    let number = |v: &Value| match v {
        Value::Null => String::new(),
        Value::Number(n) if n.is_f64() => n.as_f64().unwrap().to_string(),
        v => v.to_string(),
    };
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    for (period, r) in [("current", &json), ("previous", &json["previous"])] {
        for f in r["flow"].as_array().unwrap() {
            let stage = f["stage"].as_str().unwrap();
            for field in [
                "entered",
                "advanced",
                "moved_back",
                "lost",
                "still_there",
                "skipped",
                "conversion",
            ] {
                assert_eq!(cell(period, ["flow", stage, field]), number(&f[field]));
            }
        }
        for t in r["time"].as_array().unwrap() {
            let stage = t["stage"].as_str().unwrap();
            for field in ["n", "median_days", "p75_days", "open_median_days"] {
                assert_eq!(cell(period, ["time", stage, field]), number(&t[field]));
            }
        }
        for field in ["created", "paid", "lost", "active"] {
            assert_eq!(
                cell(period, ["cohort", "", field]),
                number(&r["cohort"][field])
            );
        }
        for (stage, n) in r["cohort"]["reached"].as_object().unwrap() {
            assert_eq!(cell(period, ["cohort", stage, "reached"]), number(n));
        }
        for v in r["revenue"].as_array().unwrap() {
            let c = v["currency"].as_str().unwrap();
            assert_eq!(
                cell(period, ["revenue", c, "first_minor"]),
                number(&v["first"]["amount_minor"])
            );
            assert_eq!(
                cell(period, ["revenue", c, "repeat_count"]),
                number(&v["repeat"]["count"])
            );
            assert_eq!(
                cell(period, ["revenue", c, "repeat_share"]),
                number(&v["repeat_share"])
            );
        }
        for s in r["sources"].as_array().unwrap() {
            let mut source = text(&s["source"]);
            if source.starts_with('=') {
                source.insert(0, '\'');
            }
            for field in ["created", "paid", "amount_minor"] {
                assert_eq!(cell(period, ["sources", &source, field]), number(&s[field]));
            }
        }
        for f in r["referrals"].as_array().unwrap() {
            let id = number(&f["referrer_id"]);
            assert_eq!(cell(period, ["referrals", &id, "name"]), text(&f["name"]));
            assert_eq!(
                cell(period, ["referrals", &id, "referred"]),
                number(&f["referred"])
            );
        }
        for l in r["losses"].as_array().unwrap() {
            let (stage, reason) = (text(&l["stage"]), text(&l["reason"]));
            assert_eq!(
                cell(period, ["losses", &stage, &reason]),
                number(&l["count"])
            );
        }
        for (outcome, n) in r["activity"]["calls"].as_object().unwrap() {
            assert_eq!(cell(period, ["activity", "call", outcome]), number(n));
        }
        assert_eq!(
            cell(period, ["activity", "meeting", "count"]),
            number(&r["activity"]["meeting"])
        );
        for p in r["plan"].as_array().unwrap() {
            let metric = text(&p["metric"]);
            for field in ["target", "fact", "percent", "projected"] {
                assert_eq!(cell(period, ["plan", &metric, field]), number(&p[field]));
            }
        }
    }
    // The script left something in every section of this week.
    for section in ["sources", "referrals", "losses", "plan"] {
        assert!(!json[section].as_array().unwrap().is_empty(), "{section}");
    }
    assert!(
        cells.contains_key(&(
            "current".to_string(),
            ["sources", "'=cmd, fair", "created"]
                .map(String::from)
                .to_vec()
        ))
    );

    let md = k.at(at, &[&week[..], &["md"]].concat());
    for heading in [
        "# Report 2026-11-23 — 2026-11-29",
        "## Flow per station",
        "## Clients created: 2 — paid 0, lost 1, active 1",
        "## Sources of new clients",
        "## Referrals",
        "## Losses",
        "## Contacts",
        "## Plan vs fact",
        "# The period before: 2026-11-16 — 2026-11-22",
    ] {
        assert!(
            md.lines().any(|l| l.starts_with(heading)),
            "{heading}\n{md}"
        );
    }
    assert!(
        md.contains("| price \\| too high — telemarketer | 1 |"),
        "{md}"
    );
    assert!(md.contains("| #1 Anna | 1 | 0 |"), "{md}");
    let ru = k.at(at, &[&["--lang", "ru"][..], &week[..], &["md"]].concat());
    assert!(
        ru.contains("## Потери") && ru.contains("| причина — этап | потеряно |"),
        "{ru}"
    );
}
