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
        .lite_conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = store
        .lite_conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

/// A connection keeps the statements a day's work runs: one run before a
/// hundred others is still the same statement after them (rusqlite keeps
/// 16, and a key on the board runs more than that: each was compiled
/// again every time).
#[test]
fn a_statement_is_kept_past_a_hundred_others() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let conn = store.lite_conn();
    let first = "SELECT count(*) FROM clients";
    conn.prepare_cached(first)
        .unwrap()
        .query_row([], |r| r.get::<_, i64>(0))
        .unwrap();
    for n in 0..100 {
        let other = format!("SELECT {n} + count(*) FROM stages");
        conn.prepare_cached(&other)
            .unwrap()
            .query_row([], |r| r.get::<_, i64>(0))
            .unwrap();
    }
    let kept = conn.prepare_cached(first).unwrap();
    assert_eq!(kept.get_status(rusqlite::StatementStatus::Run), 1);
}

/// Closing a client's reminders of several kinds, again and again, runs
/// each kind's statement as it was compiled: never compiled anew because
/// the kind changed (a bound kind against the partial index of open
/// reactivation reminders was, each time).
#[test]
fn closing_reminders_of_each_kind_compiles_nothing_again() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let kinds = [
        ReminderOrigin::Manual,
        ReminderOrigin::Chase,
        ReminderOrigin::Reactivation,
        ReminderOrigin::Retry,
        ReminderOrigin::CallBack,
    ];
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    store
        .write(|db| {
            let id = db.insert_client(&new_client("Anna"), Stage::Farmer, t0())?;
            for round in 0..2 {
                for origin in kinds {
                    db.insert_reminder(
                        &NewReminder {
                            client_id: Some(id),
                            text: "",
                            due_on: day,
                            due_at: None,
                            origin,
                            count: None,
                            order_id: None,
                        },
                        t0(),
                    )?;
                }
                let closed = db.close_client_reminders(id, &kinds, None, t0(), None)?;
                assert_eq!(closed, kinds.len(), "round {round}");
            }
            Ok(())
        })
        .unwrap();
    let conn = store.lite_conn();
    for origin in kinds {
        let stmt = conn.prepare_cached(&reminders::closing(origin)).unwrap();
        let (runs, again) = (
            stmt.get_status(rusqlite::StatementStatus::Run),
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
        );
        assert!(
            runs >= 2 && again == 0,
            "{origin:?}: {runs} runs, {again} compiled again"
        );
    }
}

/// Temporary storage stays in files (SQLite's default): in memory the
/// sorter takes no helper threads, and the indexes built after a bulk
/// load held their sorts in memory (`gen` of a million: 324 MiB, not 38).
#[test]
fn large_sorts_spill_to_files_with_two_helper_threads() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let pragma = |name: &str| -> i64 {
        store
            .lite_conn()
            .pragma_query_value(None, name, |r| r.get(0))
            .unwrap()
    };
    assert_eq!(pragma("threads"), 2);
    assert_ne!(pragma("temp_store"), 2, "temporary storage in memory");
}

/// A statement's journal inside a larger transaction stays in memory up
/// to 128 KiB (`.cargo/config.toml`): SQLite's default, 64 KiB, sent the
/// journal of each of a new day's reminders (some twenty pages with its
/// triggers) to a temporary file, two writes per page. And a statement
/// whose journal outgrows it spills to a file and succeeds: SQLite keeps
/// the journal in chunks of that size and writes at most 0x1ffff bytes at
/// a time, so a 1 MiB setting failed here ("disk full").
#[test]
fn statement_journals_stay_in_memory_up_to_128_kib_and_spill_past_it() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let mut stmt = store.lite_conn().prepare("PRAGMA compile_options").unwrap();
    let options: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(stmt);
    assert!(
        options.iter().any(|o| o == "STMTJRNL_SPILL=131071"),
        "built without .cargo/config.toml's LIBSQLITE3_FLAGS: {options:?}"
    );
    let notes = "n".repeat(400);
    store
        .write(|db| {
            for i in 0..8_000 {
                let mut c = new_client(&format!("Client {i}"));
                c.notes = Some(notes.clone());
                db.insert_client(&c, Stage::Telemarketer, t0())?;
            }
            Ok(())
        })
        .unwrap();
    // Some 800 pages, each taken into the second statement's journal.
    store
        .write(|db| {
            db.insert_client(&new_client("Anna"), Stage::Telemarketer, t0())?;
            db.conn.execute(
                "UPDATE clients SET name = name || 'x', notes = notes || 'x'",
                sql::NONE,
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(store.read().count_clients(None, None).unwrap(), 8_001);
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
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let (dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (path, stop) = (path.clone(), Arc::clone(&stop));
            let committed = Arc::clone(&committed);
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
                    committed.fetch_add(1, Ordering::Relaxed);
                }
                n
            })
        })
        .collect();
    // The backup starts once the writers have committed a few (on a busy
    // machine the first commits can take longer than any fixed pause).
    while committed.load(Ordering::Relaxed) < 10 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
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

mod agree;
mod bulk;
mod check;
mod journal;
mod migrations;
mod reading;
mod side;

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
        .lite_conn()
        .query_row(
            "SELECT count(*) FROM clients WHERE notes IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, 0, "the cut update is gone");
}

#[test]
fn inside_a_unit_a_failed_write_or_a_rehearsal_takes_the_whole_unit_back() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let count = |store: &Store| store.read().count_clients(None, None).unwrap();
    let add = |db: &WriteDb, name: &str| db.insert_client(&new_client(name), Stage::Hunter, t0());
    // A write that fails inside the unit: what came before it goes too.
    let failed: Result<()> = store.atomically(|store| {
        store.write(|db| add(db, "Анна"))?;
        store.write(|db| {
            add(db, "Борис")?;
            Err(Error::Db("refused".into()))
        })
    });
    assert!(failed.is_err());
    assert_eq!(count(&store), 0);
    // A rehearsal inside the unit: its answer comes back, nothing stays.
    let seen = store
        .atomically(|store| {
            store.write(|db| add(db, "Анна"))?;
            store.rehearse(|db| {
                add(db, "Борис")?;
                db.count_clients(None, None)
            })
        })
        .unwrap();
    assert_eq!(seen, 2);
    assert_eq!(count(&store), 0);
    // The next unit lands as usual; a rehearsal on its own takes back its own.
    store
        .atomically(|store| store.write(|db| add(db, "Вера")))
        .unwrap();
    let seen = store
        .rehearse(|db| {
            add(db, "Глеб")?;
            db.count_clients(None, None)
        })
        .unwrap();
    assert_eq!((seen, count(&store)), (2, 1));
}
