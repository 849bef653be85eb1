//! The store on real files: migrations step by step, refusals, privacy,
//! transactions.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

use super::schema::{self, APPLICATION_ID, MIGRATIONS};
use super::*;
use crate::domain::{Activity, ActivityKind, Money, NewClient, ReminderOrigin, Stage, Status};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    (dir, path)
}

fn new_client(name: &str) -> NewClient {
    NewClient {
        name: name.into(),
        company: Some("ООО Ромашка".into()),
        ..NewClient::default()
    }
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info({table})"))
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(1))
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
}

fn index_names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
}

#[test]
fn step_1_creates_the_tables_and_the_stages() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 1).unwrap();
    assert_eq!(schema::user_version(&conn).unwrap(), 1);
    for table in [
        "clients",
        "activities",
        "reminders",
        "orders",
        "plans",
        "stages",
    ] {
        assert!(!columns(&conn, table).is_empty(), "{table} missing");
    }
    let enabled: Vec<(String, bool)> = conn
        .prepare("SELECT key, enabled FROM stages ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(enabled.len(), 5);
    assert_eq!(enabled[3], ("closer".to_string(), false));
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn step_2_adds_the_board_and_agenda_indexes() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 1).unwrap();
    assert!(index_names(&conn).is_empty());
    schema::migrate_to(&mut conn, 2).unwrap();
    let names = index_names(&conn);
    for idx in ["clients_by_stage", "reminders_open", "activities_by_client"] {
        assert!(names.iter().any(|n| n == idx), "{idx} missing in {names:?}");
    }
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM reminders WHERE done_at IS NULL AND due_on <= '2026-12-01'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("reminders_open"), "{plan}");
}

#[test]
fn step_3_backfills_folded_search_text_for_old_rows() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 2).unwrap();
    conn.execute(
        "INSERT INTO clients (name, company, stage, stage_since, created_at, updated_at)
         VALUES ('Иван ПЕТРОВ', 'ООО Ромашка', 'hunter', 'x', 'x', 'x')",
        [],
    )
    .unwrap();
    schema::migrate_to(&mut conn, 3).unwrap();
    let text: String = conn
        .query_row("SELECT search_text FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, "иван петров ооо ромашка");
}

#[test]
fn step_4_reads_rule_sentences_back_into_what_they_are() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 3).unwrap();
    conn.execute_batch(
        "INSERT INTO clients (id, name, stage, status, stage_since, created_at, updated_at)
         VALUES (1, 'A', 'hunter', 'active', 'x', 'x', 'x'),
                (2, 'B', 'hunter', 'lost', 'x', 'x', '2026-11-20T10:00:00Z');
         INSERT INTO orders (id, client_id, amount_minor, currency, invoiced_on, created_at)
         VALUES (7, 1, 100, 'RUB', '2026-11-01', 'x');
         INSERT INTO reminders (id, client_id, text, due_on, origin, order_id, created_at) VALUES
           (1, 1, 'chase payment: invoice #7, 1 ₽', '2026-11-03', 'chase', 7, 'x'),
           (2, 1, 'перезвонить (не ответил, попытка 3)', '2026-11-03', 'retry', NULL, 'x'),
           (3, 1, 'reactivate: no payment for 98 days', '2026-11-03', 'reactivation', NULL, 'x'),
           (4, 1, 'перезвонить: после совета директоров', '2026-11-03', 'manual', NULL, 'x'),
           (5, 1, 'call back', '2026-11-03', 'manual', NULL, 'x'),
           (6, 1, 'call backup people', '2026-11-03', 'manual', NULL, 'x'),
           (7, 2, 'send the offer', '2026-11-30', 'manual', NULL, 'x');",
    )
    .unwrap();
    schema::migrate_to(&mut conn, 4).unwrap();
    let rows: Vec<(String, String, Option<i64>, Option<String>)> = conn
        .prepare("SELECT origin, text, count, closed_by FROM reminders ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected = [
        ("chase", "", None, None),
        ("retry", "", Some(3), None),
        ("reactivation", "", Some(98), None),
        ("call-back", "после совета директоров", None, None),
        ("call-back", "", None, None),
        ("manual", "call backup people", None, None),
        ("manual", "send the offer", None, Some("lost")),
    ];
    for (row, (origin, text, count, closed)) in rows.iter().zip(expected) {
        assert_eq!(
            (row.0.as_str(), row.1.as_str(), row.2, row.3.as_deref()),
            (origin, text, count, closed)
        );
    }
}

#[test]
fn step_5_adds_referrals_segment_expiry_and_report_indexes() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 4).unwrap();
    conn.execute(
        "INSERT INTO clients (name, stage, stage_since, created_at, updated_at)
         VALUES ('Anna', 'hunter', 'x', 'x', 'x')",
        [],
    )
    .unwrap();
    schema::migrate_to(&mut conn, 5).unwrap();
    let cols = columns(&conn, "clients");
    assert!(
        cols.contains(&"referred_by".to_string()) && cols.contains(&"segment_until".to_string())
    );
    let referred: Option<i64> = conn
        .query_row("SELECT referred_by FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(referred, None, "old clients were referred by nobody");
    let indexes = index_names(&conn);
    assert!(
        indexes.contains(&"orders_by_paid_on".to_string()),
        "{indexes:?}"
    );
}

#[test]
fn step_6_makes_the_report_indexes_covering() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate_to(&mut conn, 6).unwrap();
    let indexed = |index: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("PRAGMA index_info({index})"))
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(2))
            .unwrap()
            .map(|c| c.unwrap())
            .collect()
    };
    assert_eq!(
        indexed("activities_by_kind"),
        ["kind", "at", "client_id", "outcome"]
    );
    assert_eq!(
        indexed("orders_paid_by_client"),
        ["client_id", "paid_on", "currency", "amount_minor"]
    );
    assert_eq!(
        indexed("clients_by_created"),
        ["created_at", "source", "referred_by"]
    );
    assert!(index_names(&conn).contains(&"clients_with_segment".to_string()));
    assert_eq!(
        indexed("activities_places"),
        [
            "client_id",
            "at",
            "id",
            "kind",
            "from_stage",
            "to_stage",
            "text"
        ]
    );
    assert_eq!(
        indexed("orders_by_paid_on"),
        ["paid_on", "client_id", "currency", "amount_minor"]
    );
}

#[test]
fn an_old_file_is_upgraded_on_open_and_keeps_its_data() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO clients (name, stage, stage_since, created_at, updated_at)
             VALUES ('Anna', 'qualifier', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(schema::user_version(&store.conn).unwrap(), schema::latest());
    let anna = store.read().client(1).unwrap();
    assert_eq!((anna.name.as_str(), anna.stage), ("Anna", Stage::Qualifier));
    assert_eq!(MIGRATIONS.len() as i64, schema::latest());
}

#[test]
fn a_newer_database_is_refused() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema::latest() + 1)
            .unwrap();
    }
    match Store::open(&path) {
        Err(Error::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (schema::latest() + 1, schema::latest()));
        }
        other => panic!("expected SchemaTooNew, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn foreign_files_are_refused_untouched() {
    let (_dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    assert!(matches!(Store::open(&path), Err(Error::NotKonveyer(p)) if p == path));
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 0);

    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "its journal mode was not switched to WAL");

    let text = path.with_extension("txt");
    std::fs::write(&text, "this is not sqlite at all, just some text padding padding padding padding padding padding padding padding").unwrap();
    assert!(matches!(Store::open(&text), Err(Error::NotKonveyer(_))));

    // A schema version without tables, and our tables under another
    // program's application id: both refused.
    let versioned = path.with_extension("v1");
    Connection::open(&versioned)
        .unwrap()
        .pragma_update(None, "user_version", 1)
        .unwrap();
    assert!(matches!(
        Store::open(&versioned),
        Err(Error::NotKonveyer(_))
    ));
    let shaped = path.with_extension("shaped");
    drop(Store::open(&shaped).unwrap());
    Connection::open(&shaped)
        .unwrap()
        .pragma_update(None, "application_id", 0x1234)
        .unwrap();
    assert!(matches!(Store::open(&shaped), Err(Error::NotKonveyer(_))));
}

#[cfg(unix)]
#[test]
fn the_file_is_private_and_in_wal_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = temp_db();
    let path = dir.path().join("nested").join("k.db");
    let store = Store::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let journal: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let result: Result<()> = store.write(|db| {
        db.insert_client(&new_client("Anna"), Stage::Telemarketer, t0())?;
        Err(Error::Domain(crate::domain::DomainError::EmptyName))
    });
    assert!(result.is_err());
    assert_eq!(store.read().count_clients(None, None).unwrap(), 0);
}

#[test]
fn clients_round_trip_and_filter() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b) = store
        .write(|db| {
            let a = db.insert_client(&new_client("Анна"), Stage::Telemarketer, t0())?;
            let b = db.insert_client(&new_client("Boris"), Stage::Hunter, t0())?;
            db.set_status(b, Status::Lost, Some("дорого"), t0())?;
            Ok((a, b))
        })
        .unwrap();
    let db = store.read();
    let anna = db.client(a).unwrap();
    assert_eq!(anna.name, "Анна");
    assert_eq!(anna.company.as_deref(), Some("ООО Ромашка"));
    assert_eq!(anna.stage_since, t0());
    let lost = db
        .clients(&ClientFilter {
            status: Some(Status::Lost),
            ..ClientFilter::default()
        })
        .unwrap();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].id, b);
    assert_eq!(lost[0].lost_reason.as_deref(), Some("дорого"));
    assert_eq!(db.count_clients(Some(Stage::Hunter), None).unwrap(), 1);
    assert_eq!(
        db.count_clients(Some(Stage::Hunter), Some(Status::Active))
            .unwrap(),
        0
    );
    assert!(matches!(db.client(99), Err(Error::NoClient(99))));
}

#[test]
fn timeline_reminders_and_orders_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let (id, rid, oid) = store
        .write(|db| {
            let id = db.insert_client(&new_client("Anna"), Stage::Hunter, t0())?;
            db.insert_activity(&Activity::moved(id, t0(), Stage::Qualifier, Stage::Hunter))?;
            let rid = db.insert_reminder(
                &NewReminder {
                    client_id: Some(id),
                    text: "перезвонить",
                    due_on: day,
                    due_at: Some(t0()),
                    origin: ReminderOrigin::Manual,
                    count: None,
                    order_id: None,
                },
                t0(),
            )?;
            let money = Money {
                minor: 8_000_000,
                currency: "RUB".into(),
            };
            let oid = db.insert_order(id, &money, day, t0())?;
            db.set_paid(oid, day)?;
            db.set_reminder_done(rid, t0())?;
            Ok((id, rid, oid))
        })
        .unwrap();
    let db = store.read();
    let timeline = db.activities(id).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].kind, ActivityKind::Move);
    assert_eq!(timeline[0].to_stage, Some(Stage::Hunter));
    let r = db.reminder(rid).unwrap();
    assert_eq!(
        (r.due_on, r.due_at, r.done_at),
        (day, Some(t0()), Some(t0()))
    );
    assert_eq!(r.client_name.as_deref(), Some("Anna"));
    assert!(db.open_reminders_until(day, None).unwrap().is_empty());
    let o = db.order(oid).unwrap();
    assert_eq!((o.amount_minor, o.paid_on), (8_000_000, Some(day)));
    assert_eq!(db.paid_order_count(id).unwrap(), 1);
    assert!(matches!(db.order(7), Err(Error::NoOrder(7))));
    assert!(matches!(db.reminder(7), Err(Error::NoReminder(7))));
}

#[test]
fn backup_copies_and_check_passes() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
        .unwrap();
    assert!(store.check().unwrap().is_empty());
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    assert!(matches!(store.backup_to(&copy), Err(Error::FileExists(_))));
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.read().client(1).unwrap().name, "Anna");
}

#[test]
fn data_version_moves_when_another_connection_writes() {
    let (_dir, path) = temp_db();
    let watcher = Store::open(&path).unwrap();
    let before = watcher.data_version().unwrap();
    let mut writer = Store::open(&path).unwrap();
    writer
        .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
        .unwrap();
    assert_ne!(watcher.data_version().unwrap(), before);
}

#[test]
fn a_backup_completes_while_two_writers_never_stop() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let (dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (path, stop) = (path.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    store
                        .write(|db| {
                            db.insert_client(
                                &new_client(&format!("w{w}-{n}")),
                                Stage::Telemarketer,
                                t0(),
                            )
                        })
                        .unwrap();
                    n += 1;
                }
                n
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(100));
    let dest = dir.path().join("copy.db");
    Store::open(&path).unwrap().backup_to(&dest).unwrap();
    stop.store(true, Ordering::Relaxed);
    let written: i64 = writers.into_iter().map(|w| w.join().unwrap()).sum();
    Store::check_backup(&dest).unwrap();
    let copied = Store::open(&dest)
        .unwrap()
        .read()
        .count_clients(None, None)
        .unwrap();
    assert!(copied > 0 && copied <= written, "{copied} of {written}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with("konveyer-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[cfg(unix)]
#[test]
fn an_open_file_is_made_private_and_errors_name_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    drop(Store::open(&path).unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let inside = blocker.join("k.db");
    let err = Store::open(&inside).map(drop).unwrap_err();
    assert!(
        err.to_string().contains(&*inside.to_string_lossy()),
        "{err}"
    );
}

#[test]
fn a_read_only_database_reads_and_refuses_writes_naming_the_file() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path).unwrap();
        store
            .write(|db| db.insert_client(&new_client("Anna"), Stage::Hunter, t0()))
            .unwrap();
        store.checkpoint().unwrap();
    }
    let mut store = Store::open_read_only(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.read().client(1).unwrap().name, "Anna");
    let write = store.write(|db| db.insert_client(&new_client("Boris"), Stage::Hunter, t0()));
    assert!(matches!(write, Err(Error::ReadOnly(p)) if p == path));
    assert!(matches!(
        store.atomically(|_| Ok(())),
        Err(Error::ReadOnly(_))
    ));
    let report = crate::service::apply_rules(
        &mut store,
        crate::service::Now::parse("2026-11-23T10:00").unwrap(),
        &crate::config::Config::default(),
    )
    .unwrap();
    assert_eq!(report, crate::service::RulesReport::default());
}

mod reading;

/// Every index and trigger, with what creates it.
fn schema_objects(store: &Store) -> Vec<(String, String)> {
    let mut stmt = store
        .conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
}

#[test]
fn a_bulk_load_leaves_the_schema_and_the_triggers_as_they_were() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let before = schema_objects(&store);
    assert!(before.iter().any(|(name, _)| name == "clients_by_stage"));
    for rebuild in [false, true] {
        store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
        let id = store
            .write(|db| {
                db.bulk(rebuild, |db| {
                    // Inside, the rules' triggers do not fire.
                    let id = db.insert_client(&new_client("Анна"), Stage::Farmer, t0())?;
                    assert!(!db.rules_changes()?);
                    Ok(id)
                })
            })
            .unwrap();
        assert_eq!(
            store.read().rules_mark().unwrap(),
            None,
            "cleared once at the end"
        );
        assert_eq!(schema_objects(&store), before, "rebuild {rebuild}");
        // The triggers work again on this connection.
        store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
        store
            .write(|db| db.set_stage(id, Stage::Hunter, t0()))
            .unwrap();
        assert!(
            store.read().rules_changes().unwrap(),
            "a move after the load"
        );
    }
    // A load that fails takes everything back, the dropped indexes too.
    store.write(|db| db.set_rules_mark("2026-11-23|x")).unwrap();
    let failed: Result<()> = store.write(|db| {
        db.bulk(true, |db| {
            db.insert_client(&new_client("Борис"), Stage::Telemarketer, t0())?;
            Err(Error::Db("stop".into()))
        })
    });
    assert!(failed.is_err());
    assert_eq!(schema_objects(&store), before);
    let clients: i64 = store
        .conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(clients, 2);
    assert!(!store.read().rules_changes().unwrap());
    store
        .write(|db| db.set_stage(1, Stage::Qualifier, t0()))
        .unwrap();
    assert!(
        store.read().rules_changes().unwrap(),
        "triggers on after a failure"
    );
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_write_cut_short_with_a_rollback_journal_leaves_a_base_that_opens() {
    // A hot rollback journal, as a process killed while a file is not yet
    // in WAL mode leaves (the first write to a new base switches it): the
    // files copied in the middle of a transaction that has spilled pages
    // into the database file. A reader cannot roll that back.
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| {
            for i in 0..200 {
                db.insert_client(&new_client(&format!("client {i}")), Stage::Hunter, t0())?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE;
         BEGIN;
         PRAGMA cache_size = 1;
         UPDATE clients SET notes = hex(randomblob(2000));",
    )
    .unwrap();
    let journal = path.with_extension("db-journal");
    assert!(journal.exists(), "the transaction left a journal");
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(&path, copy.join("k.db")).unwrap();
    std::fs::copy(&journal, copy.join("k.db-journal")).unwrap();
    drop(conn);
    let store = Store::open(&copy.join("k.db")).expect("opens, the cut write taken back");
    assert!(store.check().unwrap().is_empty());
    assert_eq!(store.read().count_clients(None, None).unwrap(), 200);
    let notes: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM clients WHERE notes IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, 0, "the cut update is gone");
}
