//! The report against its definitions (docs/terms.md, DESIGN §6),
//! computed here the plain way: a random conveyor's history is written
//! through the use cases, read back client by client (its timeline, its
//! orders), and every period's report is counted from that alone — no
//! kept counts, no shared readers, no index of place changes — and
//! compared with what `report` says, section by section.
//!
//! The history adds clients (at later stations too, with sources and
//! referrers), moves them on, back and over stations, loses and revives
//! them, logs contacts, invoices and takes payments (some paid days
//! back, in two currencies), merges and deletes clients and takes steps
//! back with undo, on both engines, with and without the closer; the
//! forecast (`oracle/forecast.rs`), the board's header, the reports
//! screen's weeks and the segments are counted and compared too. A
//! merged card's timeline is read one station at a time (docs/terms.md).

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value, json};

use super::*;
use crate::domain::report::Period;
use crate::domain::rules::Cadence;
use crate::service::contacts::Call;

mod count;
mod forecast;

use count::{Base, expected, read_back, sorted};
use forecast::expected_forecast;

/// A small, seeded random source: the same seed, the same history.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> Option<T> {
        (!from.is_empty()).then(|| from[self.below(from.len() as u64) as usize])
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const STAGES: [Stage; 5] = [
    Stage::Telemarketer,
    Stage::Qualifier,
    Stage::Hunter,
    Stage::Closer,
    Stage::Farmer,
];

/// Writes a random history of about 130 days through the use cases (the
/// closer's station enabled first if asked) and gives back the moment it
/// ends at and the ids of the clients it left.
fn history(store: &mut Store, seed: u64, closer: bool) -> (Now, Vec<i64>) {
    let mut dice = Dice(seed);
    let mut at = Now::parse("2026-07-20T08:00").unwrap().local;
    let mut config = crate::config::Config::default();
    config.stages.closer = Some(closer);
    apply_rules(store, Now::from_local(at), &config).unwrap();
    // A target for every metric every week, so that every report has
    // the plan's facts to compare.
    let mut week = Period::week_of(at.date());
    while week.from < at.date() + Duration::days(150) {
        let targets = crate::domain::plan::Metric::ALL.map(|m| (m, 10));
        set_plan(store, &Period::week_key(week.from.iso_week()), &targets).unwrap();
        week = Period::week_of(week.to + Duration::days(1));
    }
    store.enable_undo().unwrap();
    let (mut made, mut mark) = (0, 0);
    let (mut ids, mut unpaid) = (Vec::new(), Vec::new());
    let reasons = ["price", "no budget", "went silent"];
    let sources = [None, Some("cold"), Some("web"), Some("referral")];
    for _ in 0..1000 {
        let before = store.undo_mark().unwrap();
        at += Duration::minutes(dice.below(400) as i64);
        let now = Now::from_local(at);
        let today = now.today();
        let client = dice.pick(&ids).unwrap_or(0);
        let amount = |dice: &mut Dice| match dice.chance(20) {
            true => Money {
                minor: 100 * (1 + dice.below(900) as i64),
                currency: "USD".into(),
            },
            false => rub(10 * (1 + dice.below(900) as i64)),
        };
        // A refused step (a move past the last station, a loss of the
        // lost) is part of the game: it writes nothing.
        let step = dice.below(100);
        let _ = match step {
            0..=17 => {
                let new = NewClient {
                    name: format!("Client {}", ids.len() + 1),
                    stage: [
                        None,
                        None,
                        None,
                        Some(Stage::Qualifier),
                        Some(Stage::Hunter),
                    ][dice.below(5) as usize],
                    source: dice.pick(&sources).flatten().map(String::from),
                    referred_by: dice.chance(20).then_some(client).filter(|c| *c > 0),
                    value: dice.chance(40).then(|| amount(&mut dice)),
                    expected_on: dice
                        .chance(50)
                        .then(|| today + Duration::days(dice.below(60) as i64 - 10)),
                    ..NewClient::default()
                };
                add_client(store, now, new).map(|id| {
                    made = made.max(id);
                    ids.push(id);
                })
            }
            18..=47 => {
                let target = match dice.below(10) {
                    0..=4 => StageTarget::Next,
                    5..=6 => StageTarget::Prev,
                    _ => StageTarget::To(dice.pick(&STAGES).unwrap()),
                };
                move_client(store, now, client, target).map(drop)
            }
            48..=53 => lose(store, now, client, dice.pick(&reasons).unwrap()).map(drop),
            54..=57 => revive(store, now, client).map(drop),
            58..=80 => {
                let kind = [
                    ActivityKind::Call,
                    ActivityKind::Call,
                    ActivityKind::Meeting,
                    ActivityKind::Email,
                    ActivityKind::Note,
                ][dice.below(5) as usize];
                let outcome =
                    (kind == ActivityKind::Call).then(|| CallOutcome::ALL[dice.below(4) as usize]);
                log_activity(store, now, client, kind, None, outcome).map(drop)
            }
            81..=84 => {
                let call = Call {
                    outcome: [CallOutcome::Interested, CallOutcome::NotTarget]
                        [dice.below(2) as usize],
                    text: None,
                    when: None,
                    duration_secs: None,
                };
                log_call(store, now, client, call, Lang::En, &Cadence::default()).map(drop)
            }
            85..=88 => invoice(store, now, client, &amount(&mut dice), today)
                .map(|order| unpaid.push(order)),
            89..=93 => match dice.pick(&unpaid) {
                Some(order) => {
                    unpaid.retain(|o| *o != order);
                    let on = today - Duration::days(dice.below(3) as i64);
                    pay(store, now, order, on).map(drop)
                }
                None => Ok(()),
            },
            94..=96 => {
                // Some dated days back; one dated ahead is refused (a
                // payment is recorded on the day it came).
                let on = today + Duration::days(dice.below(9) as i64 - 6);
                sale(store, now, client, &amount(&mut dice), on).map(drop)
            }
            97 => merge_clients(store, now, client, dice.pick(&ids).unwrap_or(0)).map(drop),
            98 => delete_client(store, client).map(drop),
            // The step before taken back, as the board's `u` does.
            _ => store.undo_to(mark).map(drop),
        };
        mark = before;
        if step >= 97 {
            ids.retain(|id| store.read().client(*id).is_ok());
        }
    }
    // A step taken back may have brought a deleted client back.
    let ids = (1..=made)
        .filter(|id| store.read().client(*id).is_ok())
        .collect();
    (Now::from_local(at + Duration::hours(3)), ids)
}

/// `report`'s JSON with its rows put in the order [`expected`] uses.
fn said(report: &Report) -> Value {
    let mut r = serde_json::to_value(report).unwrap();
    for key in ["sources", "referrals", "losses"] {
        r[key] = sorted(r[key].as_array().unwrap().iter().cloned());
    }
    r
}

/// Compares each period's report and the one before it with the base;
/// gives back how many plan rows the period asked had.
fn compare(store: &Store, base: &Base, now: Now, p: Period) -> usize {
    let report = report(store, now, p, DEFAULT_CURRENCY).unwrap();
    let previous = report.previous.as_deref().unwrap();
    let planned = report.plan.len();
    // `plan` alone (the board's header) reads its facts from the kept
    // counts and indexes, not the histories.
    let status = serde_json::to_value(plan_status(store, now, p, DEFAULT_CURRENCY).unwrap());
    let mut got = said(&report);
    got["status"] = status.unwrap();
    for (got, period) in [(got, p), (said(previous), p.previous())] {
        let want = expected(base, now, period);
        for key in [
            "flow",
            "time",
            "cohort",
            "revenue",
            "sources",
            "referrals",
            "losses",
            "activity",
        ] {
            assert_eq!(
                got[key], want[key],
                "{key} of {} .. {} (asked {} .. {})",
                period.from, period.to, p.from, p.to
            );
        }
        // Each planned metric's fact (the period asked has the plan).
        let planned = got["plan"].as_array().unwrap();
        assert!(planned.is_empty() || planned.len() == 7, "{planned:?}");
        let status = got["status"].as_array().map_or(&[][..], Vec::as_slice);
        assert!(status.is_empty() || status.len() == 7, "{status:?}");
        for row in planned.iter().chain(status) {
            let metric = row["metric"].as_str().unwrap();
            assert_eq!(
                row["fact"], want["plan"][metric],
                "{metric} of {} .. {}",
                period.from, period.to
            );
        }
    }
    planned
}

/// Compares the board's header (this week's new leads, the qualified,
/// first sales and revenue) with the plan's facts of the week counted
/// from the base, and the reports screen's last weeks of revenue with
/// each week's.
fn compare_header(store: &Store, base: &Base, now: Now) {
    let week = Period::week_of(now.today());
    let want = expected(base, now, week);
    let got = week_stats(store, now).unwrap();
    let said = [got.new_leads, got.qualified, got.first_sales];
    let facts =
        ["new_leads", "qualified", "first_sales"].map(|m| want["plan"][m].as_i64().unwrap());
    assert_eq!(
        said, facts,
        "the header's week {} .. {}",
        week.from, week.to
    );
    let rub = got.revenue.iter().find(|r| r.currency == DEFAULT_CURRENCY);
    let paid = rub.map_or((0, 0), |r| (r.first_minor, r.repeat_minor));
    let ours = |m: &str| want["plan"][m].as_i64().unwrap();
    assert_eq!(paid, (ours("first_revenue"), ours("repeat_revenue")));
    // The reports screen's weeks of revenue, each as that week's report.
    for w in weekly_revenue(store, now.today(), 20, DEFAULT_CURRENCY).unwrap() {
        let revenue = &expected(base, now, w.week)["revenue"];
        let rub = (revenue.as_array().unwrap().iter()).find(|r| r["currency"] == DEFAULT_CURRENCY);
        let sum =
            |which: &str| rub.map_or(json!({"count": 0, "amount_minor": 0}), |r| r[which].clone());
        let said = serde_json::to_value(&w).unwrap();
        assert_eq!(
            (&said["first"], &said["repeat"]),
            (&sum("first"), &sum("repeat")),
            "{:?}",
            w.week
        );
    }
}

/// Compares the ABC(D) segments with the definitions: every client that
/// ever paid, ranked by what it paid in roubles on or after the window's
/// first day (ties: the lower id first); A while those above it hold under
/// 80 % of the total, B under 95 %, C after, D with nothing in the window.
fn compare_segments(store: &Store, base: &Base, now: Now) {
    let since = now.today() - Duration::days(365);
    let mut ranked: Vec<(i64, i64)> = (base.clients.iter())
        .filter(|c| c.first_paid.is_some())
        .map(|c| {
            let paid = base.paid.iter().filter(|p| p.2 == c.id && p.0 >= since);
            let rub = paid.filter(|p| p.3 == DEFAULT_CURRENCY).map(|p| p.4).sum();
            (c.id, rub)
        })
        .collect();
    ranked.sort_by_key(|&(id, rub)| (-rub, id));
    let total: i64 = ranked.iter().map(|r| r.1).sum();
    let mut above = 0;
    let mut want = Vec::new();
    for (id, rub) in ranked {
        let share = above as f64 / total.max(1) as f64;
        let class = match rub {
            0 => "D",
            _ if share < 0.8 => "A",
            _ if share < 0.95 => "B",
            _ => "C",
        };
        above += rub;
        want.push(json!({"id": id, "computed": class, "revenue_minor": rub}));
    }
    let rows = segments(store, now, DEFAULT_CURRENCY, Default::default()).unwrap();
    let got: Vec<Value> = (rows.iter())
        .map(|r| json!({"id": r.id, "computed": r.computed, "revenue_minor": r.revenue_minor}))
        .collect();
    assert_eq!(got, want, "the segments");
}

/// Compares the forecast over a week (some stations then fall back to
/// every stay) and over half a year with the base.
fn compare_forecast(store: &Store, base: &Base, now: Now) {
    for weeks in [1, 26] {
        let said = forecast(store, now, weeks, DEFAULT_CURRENCY).unwrap();
        let got = serde_json::to_value(&said).unwrap();
        let want = expected_forecast(base, now.today(), i64::from(weeks));
        for key in ["from", "to", "currency", "stations", "ahead"] {
            assert_eq!(
                got[key], want[key],
                "the forecast's {key} over {weeks} weeks"
            );
        }
    }
}

#[apply(engines)]
fn every_report_of_a_random_history_is_its_definitions(_engine: Engine) {
    for (seed, closer) in [(7, false), (1_234_567, true), (99_991, false)] {
        let mut store = test_store();
        let (now, ids) = history(&mut store, seed, closer);
        // What the triggers keep agrees with counting, after merges,
        // deletions and undo.
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        let base = read_back(&store, &ids);
        let back = base
            .stays
            .iter()
            .filter(|s| s.end.is_some_and(|e| e.1 == "moved_back"));
        let jumps = base.moves.iter().filter(|(_, from, to)| {
            let at = |s| base.stations.iter().position(|x| x == s);
            at(to).zip(at(from)).is_some_and(|(t, f)| t > f + 1)
        });
        let referred = base.clients.iter().filter(|c| c.card.referred_by.is_some());
        let ways = [back.count(), jumps.count(), base.revived, referred.count()];
        assert!(
            ways.iter().all(|n| *n > 3),
            "every way a stay begins and ends (back, jumps, revived, referred): {ways:?}"
        );
        assert!(
            base.paid.iter().any(|p| p.3 != DEFAULT_CURRENCY),
            "another currency"
        );
        assert_eq!(base.stations.contains(&Stage::Closer), closer);
        assert!(
            base.stays.len() > 250 && base.paid.len() > 20,
            "a history worth checking: {} stays, {} payments, {} clients",
            base.stays.len(),
            base.paid.len(),
            ids.len()
        );
        let planned = compare_all(&store, &base, now);
        assert!(planned > 100, "the plan's facts compared: {planned}");
    }
}

/// Compares everything the base is counted into, as of `now`: every
/// period's report, the forecast, the header, the segments; gives back
/// how many plan rows were compared.
fn compare_all(store: &Store, base: &Base, now: Now) -> usize {
    let planned = (periods(now.today()).into_iter())
        .map(|p| compare(store, base, now, p))
        .sum();
    compare_forecast(store, base, now);
    compare_header(store, base, now);
    compare_segments(store, base, now);
    planned
}

/// The periods a history of about 130 days up to `today` is read in:
/// the day, a year, two months long ago, every week and four months.
fn periods(today: NaiveDate) -> Vec<Period> {
    let mut periods = vec![
        Period::range(today, today).unwrap(),
        Period::range(today - Duration::days(364), today).unwrap(),
        Period::range(today - Duration::days(89), today - Duration::days(30)).unwrap(),
    ];
    let mut monday = Period::week_of(today).from;
    while monday > today - Duration::days(140) {
        periods.push(Period::week_of(monday));
        monday -= Duration::days(7);
    }
    let mut month = Period::month_holding(today);
    for _ in 0..4 {
        periods.push(month);
        month = month.previous();
    }
    periods
}

/// `gen` writes its history in bulk, its counts recounted after: the
/// reports of what it made are their definitions too.
#[test]
fn every_report_of_a_generated_conveyor_is_its_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let now = Now::parse("2026-11-23T10:00").unwrap();
    crate::generate::create(&path, now, 1_500).unwrap();
    let store = Store::open(&path).unwrap();
    let base = read_back(&store, &(1..=1_500).collect::<Vec<_>>());
    let (stays, losses) = (base.stays.len(), base.losses.len());
    assert!(
        stays > 2_000 && losses > 10,
        "a history worth checking: {stays} stays, {losses} losses"
    );
    compare_all(&store, &base, now);
}

/// Leads as a CRM's export gives them: made on a day of the last months,
/// at a station, some deals won (with their value) or lost (with why) on
/// a later day; a second file repeats some of the first's numbers.
fn leads(dice: &mut Dice, from: usize, n: usize, today: NaiveDate) -> Vec<crate::import::Lead> {
    let stages = ["telemarketer", "qualifier", "hunter", "farmer"];
    (from..from + n)
        .map(|i| {
            let made = today - Duration::days(1 + dice.below(150) as i64);
            let closed = made + Duration::days(dice.below(40) as i64);
            let status = dice.pick(&["open", "open", "won", "lost"]).unwrap();
            crate::import::Lead {
                row: i + 2,
                name: Some(format!("Lead {i}")),
                phones: vec![format!("+7 916 {:03}-{:04}", i / 10_000, i % 10_000)],
                stage: dice.pick(&stages).map(String::from),
                status: Some(status.into()),
                amount: (status != "lost").then(|| (1000 * (1 + dice.below(500))).to_string()),
                created: Some(format!("{made} 1{}:00", dice.below(8))),
                closed: (status != "open" && closed < today).then(|| closed.to_string()),
                lost_reason: (status == "lost").then(|| "no budget".into()),
                source: dice.pick(&[None, Some("expo")]).flatten().map(String::from),
                ..crate::import::Lead::default()
            }
        })
        .collect()
}

/// An import writes a file's histories in one go (into an empty base its
/// indexes and counts after the rows); a second file merges into what
/// the first made, and the conveyor goes on: the reports are their
/// definitions.
#[apply(engines)]
fn every_report_after_imports_is_its_definitions(_engine: Engine) {
    let mut store = test_store();
    let mut dice = Dice(424_242);
    let now = Now::parse("2026-11-23T10:00").unwrap();
    let options = crate::service::ImportOptions {
        dry_run: false,
        source: None,
        stage: Stage::Telemarketer,
        region: crate::domain::phone::Region::default(),
        currency: DEFAULT_CURRENCY.into(),
        lang: Lang::En,
        expected_rows: 600,
        numbered: crate::import::Numbered::Line,
    };
    for (from, n) in [(0, 600), (450, 300)] {
        let rows = leads(&mut dice, from, n, now.today());
        crate::service::import(&mut store, now, rows.into_iter().map(Ok), &options).unwrap();
    }
    let ids: Vec<i64> = (1..=750).collect();
    for step in 0..200 {
        let later = Now::from_local(now.local + Duration::minutes(17 * step));
        let id = ids[dice.below(750) as usize];
        let _ = match step % 3 {
            0 => move_client(&mut store, later, id, StageTarget::Next).map(drop),
            1 => sale(&mut store, later, id, &rub(500), later.today()).map(drop),
            _ => lose(&mut store, later, id, "went silent").map(drop),
        };
    }
    let now = Now::from_local(now.local + Duration::days(3));
    let base = read_back(&store, &ids);
    assert!(
        base.losses.len() > 100 && base.paid.len() > 100,
        "a history worth checking"
    );
    compare_all(&store, &base, now);
}
