//! The schema as migration steps: each step on its own, an old file brought
//! up to date, a newer one refused.

use super::*;

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
    assert_eq!(
        schema::user_version(store.lite_conn()).unwrap(),
        schema::latest()
    );
    let anna = store.read().client(1).unwrap();
    assert_eq!((anna.name.as_str(), anna.stage), ("Anna", Stage::Qualifier));
    // The engines' own steps end where the steps both take begin.
    let both = schema::both::STEPS.len() as i64;
    assert_eq!(MIGRATIONS.len() as i64 + both, schema::latest());
    assert_eq!(MIGRATIONS.len(), schema::both::SQLITE_BEFORE);
    assert_eq!(
        crate::store::server::MIGRATIONS.len(),
        schema::both::POSTGRES_BEFORE
    );
    assert_eq!(crate::store::server::latest() - both, 6);
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

/// A file at the version before both engines' step `step` holding the
/// rows `sql` writes, then opened: upgraded through that step (and any
/// after it).
fn upgraded_through_step(step: usize, sql: &str) -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_db();
    let mut conn = Connection::open(&path).unwrap();
    let before = schema::both::SQLITE_BEFORE + step - 1;
    schema::migrate_to(&mut conn, before as i64).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    (dir, store)
}

/// The step that keeps the contacts per hour counts those already on the
/// timeline: a report's activity reads them from the first open on.
#[test]
fn the_contacts_per_hour_step_counts_the_timeline_it_finds() {
    let (_dir, store) = upgraded_through_step(
        8,
        "INSERT INTO clients (name, stage, stage_since, created_at, updated_at)
             VALUES ('Anna', 'qualifier', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x');
             INSERT INTO activities (client_id, at, kind, outcome, by_user, duration_secs) VALUES
                 (1, '2026-11-23T10:05:00Z', 'call', 'interested', NULL, 60),
                 (1, '2026-11-23T10:59:59Z', 'call', 'interested', 'anna', NULL),
                 (1, '2026-11-23T11:00:00Z', 'call', NULL, NULL, 30),
                 (1, '2026-11-23T11:30:00Z', 'note', NULL, NULL, NULL),
                 (1, '2026-11-23T12:00:00Z', 'move', NULL, NULL, NULL);",
    );
    let kept: Vec<(String, String, String, String, i64, i64)> = store
        .lite_conn()
        .prepare("SELECT * FROM contact_hours ORDER BY 1, 2, 3, 4")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let row = |h: &str, k: &str, o: &str, by: &str, n, secs| {
        (h.into(), k.into(), o.into(), by.into(), n, secs)
    };
    assert_eq!(
        kept,
        [
            row("2026-11-23T10", "call", "interested", "", 1, 60),
            row("2026-11-23T10", "call", "interested", "anna", 1, 0),
            row("2026-11-23T11", "call", "", "", 1, 30),
            row("2026-11-23T11", "note", "", "", 1, 0),
        ]
    );
    assert_eq!(store.read().miscounts().unwrap(), Vec::<String>::new());
}

/// The step that keeps the payments per day counts the payments it finds,
/// each first or repeat as its flag says; an unpaid invoice counts nowhere.
/// The index of first payments by day goes: the tally answers its reads.
#[test]
fn the_payments_per_day_step_counts_the_payments_it_finds() {
    let (_dir, store) = upgraded_through_step(
        9,
            "INSERT INTO clients (name, stage, stage_since, created_at, updated_at) VALUES
                 ('Anna', 'farmer', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x'),
                 ('Boris', 'farmer', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x');
             INSERT INTO orders (client_id, amount_minor, currency, invoiced_on, paid_on, created_at)
             VALUES (1, 1000, 'RUB', '2026-11-20', '2026-11-21', 'x'),
                    (1, 2000, 'RUB', '2026-11-21', '2026-11-21', 'x'),
                    (2, 500, 'RUB', '2026-11-21', '2026-11-21', 'x'),
                    (2, 700, 'USD', '2026-11-22', '2026-11-23', 'x'),
                    (2, 900, 'USD', '2026-11-22', NULL, 'x');",
    );
    let conn = store.lite_conn();
    let kept: Vec<(String, String, i64, i64, i64)> = conn
        .prepare("SELECT * FROM paid_days ORDER BY 1, 2, 3")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let row = |d: &str, c: &str, first, n, sum| (d.into(), c.into(), first, n, sum);
    assert_eq!(
        kept,
        [
            row("2026-11-21", "RUB", 0, 1, 2000),
            row("2026-11-21", "RUB", 1, 2, 1500),
            row("2026-11-23", "USD", 0, 1, 700),
        ]
    );
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'orders_paid_first'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 0);
    assert_eq!(store.read().miscounts().unwrap(), Vec::<String>::new());
}

/// The step that keeps a reminder's insert to its own day and owner: the
/// next steps and owners it finds stay right, and the reminders written
/// after it (nearer, later, done, with a forged owner) keep them right.
#[test]
fn the_reminders_insert_step_keeps_next_steps_and_owners() {
    let (_dir, store) = upgraded_through_step(
        10,
        "INSERT INTO clients (name, stage, stage_since, created_at, updated_at, owner) VALUES
             ('Anna', 'farmer', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x', 'anna'),
             ('Boris', 'farmer', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x', NULL);
         INSERT INTO reminders (client_id, text, due_on, created_at) VALUES
             (1, 'call', '2026-12-10', 'x'), (2, 'call', '2026-12-10', 'x');",
    );
    let conn = store.lite_conn();
    let next_on = |id: i64| -> Option<String> {
        conn.query_row("SELECT next_on FROM clients WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(next_on(1).as_deref(), Some("2026-12-10"));
    conn.execute_batch(
        "INSERT INTO reminders (client_id, text, due_on, created_at) VALUES (1, 'later', '2026-12-20', 'x');
         INSERT INTO reminders (client_id, text, due_on, created_at, done_at)
             VALUES (1, 'done', '2026-12-01', 'x', 'x');
         INSERT INTO reminders (client_id, text, due_on, created_at, client_owner)
             VALUES (2, 'nearer', '2026-12-05', 'x', 'forged'), (1, 'mine', '2026-12-15', 'x', 'bob');",
    )
    .unwrap();
    assert_eq!(
        next_on(1).as_deref(),
        Some("2026-12-10"),
        "later and done: as it was"
    );
    assert_eq!(next_on(2).as_deref(), Some("2026-12-05"), "nearer");
    let owners: Vec<Option<String>> = conn
        .prepare("SELECT client_owner FROM reminders ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let anna = || Some("anna".to_string());
    assert_eq!(owners, [anna(), None, anna(), anna(), None, anna()]);
    assert_eq!(store.read().miscounts().unwrap(), Vec::<String>::new());
}

/// The step that lets the search index hold 64 segments on a level
/// before merging it whole: set on a base made before it, and kept by a
/// bulk load's rebuild of the index.
#[test]
fn the_search_index_step_lets_a_level_hold_64_segments() {
    let (_dir, mut store) = upgraded_through_step(
        11,
        "INSERT INTO clients (name, stage, stage_since, created_at, updated_at) VALUES
             ('Anna', 'farmer', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x');",
    );
    let crisis = |store: &Store| -> i64 {
        store
            .lite_conn()
            .query_row(
                "SELECT v FROM search_index_config WHERE k = 'crisismerge'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(crisis(&store), 64);
    store
        .write(|db| {
            db.bulk(true, |db| {
                db.insert_client(&new_client("Boris"), Stage::Hunter, t0())
            })
        })
        .unwrap();
    assert_eq!(crisis(&store), 64, "after a bulk load");
    assert!(store.check().unwrap().is_empty());
}

/// The step that indexes the open reactivation reminders by client and
/// carries each unpaid invoice's client in its index: both read back the
/// rows a base made before it holds, and the agenda's farmers to
/// reactivate are those with an open reminder.
#[test]
fn the_agenda_indexes_step_reads_the_rows_made_before_it() {
    let created = "'2026-11-20T10:00:00Z'";
    let (_dir, store) = upgraded_through_step(
        12,
        &format!(
            "INSERT INTO clients (name, stage, stage_since, created_at, updated_at) VALUES
                 ('Anna', 'farmer', {created}, {created}, 'x'),
                 ('Boris', 'farmer', {created}, {created}, 'x');
             INSERT INTO orders (client_id, amount_minor, currency, invoiced_on, paid_on, created_at)
             VALUES (2, 1000, 'RUB', '2026-11-21', NULL, 'x'),
                    (1, 2000, 'RUB', '2026-11-20', '2026-11-21', 'x'),
                    (1, 500, 'RUB', '2026-11-21', NULL, 'x');
             INSERT INTO reminders (client_id, text, due_on, created_at, origin, done_at) VALUES
                 (1, '', '2026-12-01', {created}, 'reactivation', NULL),
                 (2, '', '2026-11-25', {created}, 'reactivation', {created}),
                 (2, '', '2026-12-01', {created}, 'chase', NULL);"
        ),
    );
    let conn = store.lite_conn();
    let ids = |sql: &str| -> Vec<(i64, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(
        ids(
            "SELECT id, client_id FROM reminders INDEXED BY reminders_open_reactivation
             WHERE origin = 'reactivation' AND done_at IS NULL"
        ),
        [(1, 1)]
    );
    assert_eq!(
        ids("SELECT id, client_id FROM orders INDEXED BY orders_unpaid
             WHERE paid_on IS NULL AND cancelled_on IS NULL ORDER BY invoiced_on, id"),
        [(1, 2), (3, 1)]
    );
    let reminded = store.read().farmer_payments(Among::Reminded).unwrap();
    assert_eq!(
        reminded.iter().map(|f| f.client_id).collect::<Vec<_>>(),
        [1]
    );
    assert!(store.check().unwrap().is_empty());
}

/// The step that lets an invoice be cancelled: the invoices a base made
/// before it still wait for their payment, and one cancelled after it
/// waits no more.
#[test]
fn the_cancelled_invoices_step_keeps_the_unpaid_waiting() {
    let (_dir, mut store) = upgraded_through_step(
        15,
        "INSERT INTO clients (name, stage, stage_since, created_at, updated_at)
             VALUES ('Anna', 'hunter', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'x');
         INSERT INTO orders (client_id, amount_minor, currency, invoiced_on, paid_on, created_at)
         VALUES (1, 1000, 'RUB', '2026-11-21', NULL, '2026-11-21T10:00:00Z'),
                (1, 2000, 'RUB', '2026-11-22', NULL, '2026-11-22T10:00:00Z');",
    );
    let orders = store.read().client_orders(1).unwrap();
    assert!(orders.iter().all(|o| o.waits() && o.cancelled_on.is_none()));
    assert_eq!(store.read().count_unpaid(None).unwrap(), 2);
    store
        .write(|db| db.set_cancelled(1, "2026-11-23".parse().unwrap()))
        .unwrap();
    assert_eq!(store.read().count_unpaid(None).unwrap(), 1);
    assert!(store.check().unwrap().is_empty());
}
