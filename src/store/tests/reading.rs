//! How the store reads: by index only (every statement traced and
//! explained), two readers on one snapshot, and the rules' sweep mark.

use rstest_reuse::apply;
use rusqlite::Connection;

use super::*;
use crate::store::test_server::{Engine, engines, test_store};

/// Every statement `f` runs on `store`, as prepared (parameters unbound).
fn statements_of(store: &mut Store, f: impl FnOnce(&mut Store)) -> Vec<String> {
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&seen);
    store
        .lite_mut()
        .trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |e: TraceEvent<'_>| {
                if let TraceEvent::Stmt(s, _) = e {
                    sink.lock().unwrap().push(s.sql().to_string());
                }
            }),
        )
        .unwrap();
    f(store);
    store
        .lite_mut()
        .trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
        .unwrap();
    let mut out = seen.lock().unwrap().clone();
    out.sort();
    out.dedup();
    out
}

/// A statement's query plan, line by line.
fn plan_of(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        out.push(r.get(3).unwrap());
    }
    out
}

/// The lines of a statement's query plan that read a whole table.
fn table_scans(conn: &Connection, sql: &str) -> Vec<String> {
    plan_of(conn, sql)
        .into_iter()
        .filter(|d| d.starts_with("SCAN ") && !d.contains("INDEX"))
        .collect()
}

#[test]
fn reports_segments_and_the_rules_read_by_index_only() {
    use crate::config::SegmentsConfig;
    use crate::domain::report::Period;
    use crate::domain::{CallOutcome, StageTarget};
    use crate::i18n::Lang;
    use crate::service::{self, Now};
    let now = Now::parse("2026-11-25T10:00").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let config = crate::config::Config::default();
    let rub = Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    for name in ["Anna", "Boris", "Vera"] {
        let id = service::add_client(&mut store, now, new_client(name)).unwrap();
        let call = service::Call {
            outcome: CallOutcome::Interested,
            text: None,
            when: None,
            duration_secs: None,
        };
        service::log_call(&mut store, now, id, call, Lang::En, &Default::default()).unwrap();
        service::move_client(&mut store, now, id, StageTarget::Next).unwrap();
        service::sale(&mut store, now, id, &rub, now.today()).unwrap();
    }
    service::lose(&mut store, now, 3, "no budget").unwrap();
    service::set_segment(
        &mut store,
        2,
        Some(crate::domain::segment::Segment::A),
        None,
        None,
    )
    .unwrap();
    let sql = statements_of(&mut store, |store| {
        service::apply_rules(store, now, &config).unwrap();
        service::report(store, now, Period::week_of(now.today()), "RUB").unwrap();
        service::segments(store, now, "RUB", SegmentsConfig::default()).unwrap();
        service::segment_map(store, now, "RUB", SegmentsConfig::default()).unwrap();
        // A call with no answer counts the client's earlier ones.
        let call = service::Call {
            outcome: CallOutcome::NoAnswer,
            text: None,
            when: None,
            duration_secs: None,
        };
        service::log_call(store, now, 1, call, Lang::En, &Default::default()).unwrap();
        // `list --stage S [--status T]` and its counts.
        let db = store.read();
        for status in [Some(Status::Active), None] {
            let filter = ClientFilter {
                stage: Some(Stage::Farmer),
                status,
                limit: None,
                offset: 0,
            };
            db.clients(&filter).unwrap();
            db.count_clients(Some(Stage::Farmer), status).unwrap();
        }
    });
    assert!(sql.len() >= 10, "traced: {sql:#?}");
    // A client's own calls come from its own timeline, not from every call.
    let calls = sql
        .iter()
        .find(|s| s.contains("outcome = 'no-answer'") && s.contains("client_id = $1"))
        .expect("the count of unanswered calls was traced");
    let plan = plan_of(store.lite_conn(), calls);
    assert!(
        plan.iter().any(|d| d.contains("activities_by_client")),
        "{plan:?}"
    );
    // A report's list of changed clients is walked as given, each one's
    // entries searched in the places index: nothing sorted (the entries
    // must come by client, then time, for the histories to be counted).
    let among = sql
        .iter()
        .find(|s| s.contains("rarray"))
        .expect("the histories of a list of clients were traced");
    let plan = plan_of(store.lite_conn(), among);
    assert!(
        plan.first()
            .is_some_and(|d| d.starts_with("SCAN r VIRTUAL TABLE"))
            && plan
                .iter()
                .any(|d| d.contains("activities_places (client_id=?)"))
            && !plan.iter().any(|d| d.contains("TEMP B-TREE")),
        "{plan:?}"
    );
    // A station's list comes in the index's order, its statuses merged:
    // nothing is sorted.
    let listed: Vec<&String> = sql
        .iter()
        .filter(|s| s.contains("ORDER BY 10, 1"))
        .collect();
    assert_eq!(listed.len(), 2, "active, then active and lost: {sql:#?}");
    for list in listed {
        let plan = plan_of(store.lite_conn(), list);
        assert!(
            plan.iter().any(|d| d.contains("clients_by_stage"))
                && !plan.iter().any(|d| d.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
    // The conveyor's five stations and the plans are small by nature.
    let small = ["SCAN stages", "SCAN plans"];
    let scans: Vec<String> = sql
        .iter()
        .filter(|s| s.trim_start().starts_with("SELECT"))
        .flat_map(|s| {
            table_scans(store.lite_conn(), s)
                .into_iter()
                .filter(|d| !small.contains(&d.as_str()))
                .map(move |d| format!("{d} in {s}"))
        })
        .collect();
    assert!(scans.is_empty(), "whole tables read: {scans:#?}");
}

#[test]
fn two_readers_share_one_snapshot_and_leave_writers_free() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
        .unwrap();
    let count = |db: &Db| db.count_clients(None, None);
    let main_thread = std::thread::current().id();
    let ((here, here_thread), (there, there_thread)) = store
        .read_twice(
            |db| Ok((count(db)?, std::thread::current().id())),
            |db| Ok((count(db)?, std::thread::current().id())),
        )
        .unwrap();
    assert_eq!((here, there), (1, 1));
    assert_eq!(here_thread, main_thread);
    assert_ne!(there_thread, main_thread, "the second reader ran alongside");
    // Nothing is left locked or open: a write goes through at once.
    store.set_busy_timeout(std::time::Duration::ZERO).unwrap();
    store
        .write(|db| db.insert_client(&new_client("Boris"), Stage::Hunter, t0()))
        .unwrap();
    assert!(store.read().conn.is_autocommit());
}

#[test]
fn with_a_writer_holding_the_lock_both_read_here() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
        .unwrap();
    let writer = Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    writer
        .execute(
            "UPDATE clients SET name = 'Changing' WHERE name = 'Anna'",
            [],
        )
        .unwrap();
    let main_thread = std::thread::current().id();
    let (a, (b, thread)) = store
        .read_twice(
            |db| db.count_clients(None, None),
            |db| Ok((db.count_clients(None, None)?, std::thread::current().id())),
        )
        .unwrap();
    assert_eq!((a, b), (1, 1));
    assert_eq!(thread, main_thread, "no second reader without the lock");
    writer.execute_batch("ROLLBACK").unwrap();
    let name: String = store
        .read()
        .conn
        .query_row("SELECT name FROM clients", sql::NONE, |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Anna");
}

#[test]
fn every_change_to_what_the_rules_read_notes_its_client() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
        .unwrap();
    store
        .write(|db| {
            db.insert_activity(&Activity::new(id, t0(), ActivityKind::Note))?;
            db.insert_reminder(
                &NewReminder {
                    client_id: Some(id),
                    text: "call",
                    due_on: t0().date_naive(),
                    due_at: None,
                    origin: ReminderOrigin::Manual,
                    order_id: None,
                    count: None,
                },
                t0(),
            )?;
            db.insert_order(
                id,
                &Money {
                    minor: 100,
                    currency: "RUB".into(),
                },
                t0().date_naive(),
                t0(),
            )
        })
        .unwrap();
    // The clients noted as changed since the last sweep.
    let changed = |store: &Store| -> Vec<i64> {
        let mut stmt = store
            .lite_conn()
            .prepare("SELECT client_id FROM rules_changes ORDER BY client_id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|c| c.unwrap())
            .collect()
    };
    let marked = |store: &mut Store| {
        store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
        assert!(changed(store).is_empty(), "a sweep forgets the changes");
    };
    for (table, _) in schema::RULE_INPUTS {
        marked(&mut store);
        let column = if table == "clients" { "stage" } else { "rowid" };
        store.lite_conn()
            .execute_batch(&format!(
                "UPDATE {table} SET {column} = {column} WHERE rowid = (SELECT min(rowid) FROM {table})"
            ))
            .unwrap();
        assert_eq!(changed(&store), [id], "update of {table}");
        assert!(
            store.read().rules_mark().unwrap().is_some(),
            "the day's mark stays"
        );
    }
    // What the rules do not read notes nothing: a name, a note.
    marked(&mut store);
    store
        .lite_conn()
        .execute_batch(
            "UPDATE clients SET name = 'Anya';
             INSERT INTO activities (client_id, at, kind) SELECT id, at, 'note' FROM activities",
        )
        .unwrap();
    assert!(changed(&store).is_empty());
    let boris = store
        .write(|db| db.insert_client(&new_client("Boris"), Stage::Hunter, t0()))
        .unwrap();
    assert_eq!(changed(&store), [boris], "an insert");
    // A row that moves to another client notes both (a merge does that).
    marked(&mut store);
    store
        .lite_conn()
        .execute_batch(&format!("UPDATE orders SET client_id = {boris}"))
        .unwrap();
    assert_eq!(changed(&store), [id, boris], "a move of an order");
    marked(&mut store);
    store
        .lite_conn()
        .execute_batch("DELETE FROM reminders")
        .unwrap();
    assert_eq!(changed(&store), [id], "a delete");
    let triggers: i64 = store.lite_conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rules_changes_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3 * schema::RULE_INPUTS.len() as i64);
}

#[test]
fn a_clean_sweep_is_not_repeated_the_same_day() {
    use crate::service::{self, Now};
    let now = Now::parse("2026-11-25T10:00").unwrap();
    let config = crate::config::Config::default();
    let mut store = Store::open_in_memory().unwrap();
    let id = service::add_client(&mut store, now, new_client("Anna")).unwrap();
    let ten_days_ago = now.today() - chrono::Duration::days(10);
    let rub = Money {
        minor: 100_000,
        currency: "RUB".into(),
    };
    service::invoice(&mut store, now, id, &rub, ten_days_ago).unwrap();
    let first = service::apply_rules(&mut store, now, &config).unwrap();
    assert_eq!(first.chases, 1, "a back-dated invoice is chased at once");
    let sql = statements_of(&mut store, |store| {
        let again = service::apply_rules(store, now, &config).unwrap();
        assert_eq!((again.chases, again.reactivations), (0, 0));
    });
    assert!(
        !sql.iter().any(|s| s.contains("FROM orders")),
        "the second sweep only read its mark: {sql:#?}"
    );
    // A change: the rules for the changed client alone.
    service::invoice(&mut store, now, id, &rub, ten_days_ago).unwrap();
    let sql = statements_of(&mut store, |store| {
        let after_change = service::apply_rules(store, now, &config).unwrap();
        assert_eq!(after_change.chases, 1);
    });
    let reads: Vec<_> = sql
        .iter()
        .filter(|s| s.contains("FROM orders") || s.contains("FROM clients c"))
        .collect();
    assert!(
        !reads.is_empty() && reads.iter().all(|s| s.contains("rules_changes")),
        "only the changed clients are read: {reads:#?}"
    );
    // A new day: the farmers changed and those whose days have come (a
    // week skipped, as a closed laptop would), the unpaid invoices of the
    // changed clients alone (a chase's day never depends on today); other
    // settings: a real sweep again.
    let next_week = Now::parse("2026-12-02T10:00").unwrap();
    let sql = statements_of(&mut store, |store| {
        service::apply_rules(store, next_week, &config).unwrap();
    });
    let read = |from: &str| -> Vec<&String> { sql.iter().filter(|s| s.contains(from)).collect() };
    let (farmers, unpaid) = (read("FROM clients c"), read("FROM orders o"));
    let woken = "rule_days WHERE day <= '2026-12-02'";
    assert!(
        !farmers.is_empty()
            && farmers
                .iter()
                .all(|s| s.contains("rules_changes") && s.contains(woken)),
        "a new day reads the farmers whose day fell due: {farmers:#?}"
    );
    assert!(
        !unpaid.is_empty()
            && unpaid
                .iter()
                .all(|s| s.contains("rules_changes") && !s.contains("rule_days")),
        "a new day reads the changed clients' unpaid invoices: {unpaid:#?}"
    );
    let tomorrow = next_week;
    let mut other = config.clone();
    other.rules.chase_after_days += 1;
    let sql = statements_of(&mut store, |store| {
        service::apply_rules(store, tomorrow, &other).unwrap();
    });
    assert!(
        sql.iter()
            .any(|s| s.contains("FROM orders") && !s.contains("rules_changes")),
        "new settings sweep"
    );
}

/// The contacts per hour and the timeline count alike: calls by outcome
/// (a known one, another, none), meetings, e-mails, notes and seconds on
/// the phone, everyone's and each person's, over spans that begin and end
/// on the hour, on the half hour and anywhere, from none to three days —
/// after entries are written, moved in time, changed and deleted. On both
/// engines.
#[apply(engines)]
fn contacts_per_hour_count_as_the_timeline_does(_engine: Engine) {
    use crate::domain::{Activity, ActivityKind};
    let mut store = test_store();
    let start = t0();
    let mut draw = crate::generate::Draw(0x9e37_79b9_7f4a_7c15);
    let mut next = move |n: u64| draw.next(n);
    let kinds = [
        ActivityKind::Call,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Email,
        ActivityKind::Note,
        ActivityKind::Move,
    ];
    let outcomes = [None, Some("no-answer"), Some("interested"), Some("odd")];
    let id = store
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Telemarketer, start))
        .unwrap();
    // On SQLite the second batch is Boris's; a team server names its own.
    for (who, entries) in [(None, 300), (Some("boris"), 200)] {
        store.set_actor(who.map(str::to_string));
        let mut drawn = Vec::new();
        for _ in 0..entries {
            let kind = kinds[next(kinds.len() as u64) as usize];
            let at = start + chrono::Duration::seconds(next(4 * 86_400) as i64);
            let mut a = Activity::new(id, at, kind);
            a.outcome = outcomes[next(4) as usize].map(str::to_string);
            a.duration_secs = (next(2) == 0).then(|| next(600) as i64);
            drawn.push(a);
        }
        store
            .write(|db| {
                drawn
                    .iter()
                    .try_for_each(|a| db.insert_activity(a).map(|_| ()))
            })
            .unwrap();
    }
    let agree = |store: &Store, next: &mut dyn FnMut(u64) -> u64| {
        let db = store.read();
        let mut people: Vec<Option<String>> = db
            .conn
            .prepare("SELECT DISTINCT by_user FROM activities WHERE by_user IS NOT NULL")
            .unwrap()
            .query_map(sql::NONE, |r| r.get::<String>(0))
            .unwrap()
            .map(|login| Some(login.unwrap()))
            .collect();
        people.push(None);
        for _ in 0..150 {
            let step = [60 * 60, 30 * 60, 1][next(3) as usize];
            let since = start + chrono::Duration::seconds((next(4 * 86_400) / step * step) as i64);
            let until = since + chrono::Duration::seconds((next(3 * 86_400) / step * step) as i64);
            for by in people.iter().map(Option::as_deref) {
                let sorted = |mut v: Vec<(String, Option<String>, i64)>| {
                    v.retain(|(_, _, n)| *n > 0);
                    v.sort();
                    v
                };
                assert_eq!(
                    sorted(db.contact_counts(since, until, by).unwrap()),
                    sorted(db.contacts_on_timeline(since, until, by).unwrap()),
                    "{since} .. {until} by {by:?}"
                );
                assert_eq!(
                    db.talk_secs(since, until, by).unwrap(),
                    db.talk_secs_on_timeline(since, until, by).unwrap(),
                    "{since} .. {until} by {by:?}"
                );
            }
        }
        assert_eq!(db.miscounts().unwrap(), Vec::<String>::new());
    };
    agree(&store, &mut next);
    store
        .write(|db| {
            Ok(db.conn.execute_batch(
                "UPDATE activities SET at = '2026-11-24T07:30:00Z' WHERE id % 7 = 0;
                 UPDATE activities SET outcome = 'call-back', duration_secs = 42 WHERE id % 11 = 0;
                 UPDATE activities SET duration_secs = 7 WHERE id % 13 = 0;
                 DELETE FROM activities WHERE id % 3 = 0;",
            )?)
        })
        .unwrap();
    agree(&store, &mut next);
}

/// The payments per day and the orders count alike: how many and how much,
/// per currency, first and repeat, over spans of none to forty days — after
/// orders are written paid and unpaid, paid later, moved to other days,
/// clients and currencies, and deleted. On both engines.
#[apply(engines)]
fn payments_per_day_count_as_the_orders_do(_engine: Engine) {
    use crate::domain::Money;
    use std::collections::BTreeMap;
    let mut store = test_store();
    let start = t0();
    let first_day = start.date_naive();
    let mut draw = crate::generate::Draw(0x2545_f491_4f6c_dd1d);
    let mut next = move |n: u64| draw.next(n);
    let day = |n: u64| first_day + chrono::Duration::days(n as i64);
    let clients: Vec<i64> = store
        .write(|db| {
            (0..12)
                .map(|i| db.insert_client(&new_client(&format!("C{i}")), Stage::Hunter, start))
                .collect()
        })
        .unwrap();
    let currencies = ["RUB", "USD"];
    let drawn: Vec<(i64, Money, u64, bool)> = (0..300)
        .map(|_| {
            let client = clients[next(clients.len() as u64) as usize];
            let money = Money {
                minor: 1 + next(100_000) as i64,
                currency: currencies[next(2) as usize].to_string(),
            };
            (client, money, next(30), next(3) > 0)
        })
        .collect();
    store
        .write(|db| {
            for (client, money, on, paid) in &drawn {
                match paid {
                    true => db.insert_paid_order(*client, money, day(*on), start)?,
                    false => db.insert_order(*client, money, day(*on), start)?,
                };
            }
            Ok(())
        })
        .unwrap();
    let agree = |store: &Store, next: &mut dyn FnMut(u64) -> u64| {
        let db = store.read();
        assert_eq!(db.miscounts().unwrap(), Vec::<String>::new());
        for _ in 0..100 {
            let from = day(next(35));
            let to = from + chrono::Duration::days(next(40) as i64 - 2);
            let mut tallied: BTreeMap<(String, bool), (i64, i64)> = BTreeMap::new();
            db.each_paid_day_between(from, to, &mut |p| {
                let sums = tallied.entry((p.currency, p.first)).or_default();
                *sums = (sums.0 + p.n, sums.1 + p.amount_minor);
                Ok(())
            })
            .unwrap();
            let mut counted: BTreeMap<(String, bool), (i64, i64)> = BTreeMap::new();
            db.each_paid_order_between(from, to, &mut |o| {
                let sums = counted.entry((o.currency, o.first)).or_default();
                *sums = (sums.0 + 1, sums.1 + o.amount_minor);
                Ok(())
            })
            .unwrap();
            assert_eq!(tallied, counted, "{from} .. {to}");
        }
        assert_eq!(db.miscounts().unwrap(), Vec::<String>::new());
    };
    agree(&store, &mut next);
    let paid_later: Vec<(i64, chrono::NaiveDate)> = store
        .read()
        .conn
        .prepare("SELECT id FROM orders WHERE paid_on IS NULL")
        .unwrap()
        .query_map(sql::NONE, |r| r.get::<i64>(0))
        .unwrap()
        .map(|id| (id.unwrap(), day(next(30))))
        .collect();
    store
        .write(|db| {
            for (id, on) in paid_later.iter().step_by(2) {
                db.set_paid(*id, *on)?;
            }
            Ok(db.conn.execute_batch(
                "UPDATE orders SET paid_on = invoiced_on WHERE id % 5 = 0 AND paid_on IS NOT NULL;
                 UPDATE orders SET currency = 'EUR', amount_minor = amount_minor + 1
                     WHERE id % 7 = 0;
                 UPDATE orders SET client_id = (SELECT min(id) FROM clients) WHERE id % 11 = 0;
                 UPDATE orders SET paid_on = NULL WHERE id % 13 = 0;
                 DELETE FROM orders WHERE id % 3 = 0;",
            )?)
        })
        .unwrap();
    agree(&store, &mut next);
}
