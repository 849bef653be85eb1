//! The two engines' schemas agree: the same tables with the same columns,
//! the same indexes, and every value a trigger keeps kept on both — read
//! from each engine's own catalogue after every migration step, so that a
//! table, an index or a trigger added for one engine and forgotten for
//! the other fails here.

use std::collections::BTreeSet;

use postgres::{Client, NoTls};

use super::super::Store;
use super::super::test_server::fresh_url;

/// What exists on one engine only, and why.
const SQLITE_ONLY: &[&str] = &[
    // The search index is SQLite's FTS5 (its own shadow tables are not
    // read); PostgreSQL searches the clients' `search_text` itself.
    "table search_index",
    "kept by clients: search_index",
];
const POSTGRES_ONLY: &[&str] = &[
    // SQLite keeps its schema version in the file header (user_version).
    "table konveyer_schema",
];

/// The conveyor's own records: a trigger that updates one of their
/// columns keeps that column (a client's next step, a payment's "first");
/// any other table a trigger writes is kept whole (counts per day).
const RECORDS: &[&str] = &["clients", "orders", "reminders", "activities"];

/// Where a trigger's statements write: `due_days`, `clients.next_on`.
fn writes(body: &str) -> BTreeSet<String> {
    let words: Vec<String> = body
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or_default();
    let mut out = BTreeSet::new();
    for i in 0..words.len() {
        match word(i) {
            // INSERT [OR IGNORE] INTO t
            "insert" => {
                let at = if word(i + 1) == "or" { i + 3 } else { i + 1 };
                if word(at) == "into" && !word(at + 1).starts_with("pg_temp") {
                    out.insert(word(at + 1).to_string());
                }
            }
            "delete" if word(i + 1) == "from" => {
                out.insert(word(i + 2).to_string());
            }
            "update" if word(i + 2) == "set" => {
                let table = word(i + 1);
                match RECORDS.contains(&table) {
                    true => out.insert(format!("{table}.{}", word(i + 3))),
                    false => out.insert(table.to_string()),
                };
            }
            _ => {}
        }
    }
    // The undo log is a session's own: it keeps no value.
    out.remove("undo_log");
    out
}

fn sqlite_schema(store: &Store) -> BTreeSet<String> {
    let conn = store.lite_conn();
    let mut out = BTreeSet::new();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema")
        .unwrap();
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (kind, name, table, sql) in rows {
        match kind.as_str() {
            "table" if name.starts_with("search_index_") => {}
            "table" => {
                out.insert(format!("table {name}"));
                let mut cols = conn.prepare(&format!("PRAGMA table_info({name})")).unwrap();
                // A primary key holds no null on either engine.
                let read = |r: &rusqlite::Row| {
                    Ok((
                        r.get::<_, String>(1)?,
                        r.get::<_, bool>(3)? || r.get::<_, i64>(5)? > 0,
                    ))
                };
                for (col, not_null) in cols.query_map([], read).unwrap().map(Result::unwrap) {
                    if name != "search_index" {
                        out.insert(format!("column {name}.{col} not null {not_null}"));
                    }
                }
            }
            "index" if !name.starts_with("sqlite_autoindex") => {
                out.insert(format!("index {name} on {table}"));
            }
            "trigger" => {
                for target in writes(&sql) {
                    out.insert(format!("kept by {table}: {target}"));
                }
            }
            _ => {}
        }
    }
    out
}

fn postgres_schema(url: &str) -> BTreeSet<String> {
    let mut client = Client::connect(url, NoTls).unwrap();
    let mut out = BTreeSet::new();
    for r in client
        .query(
            "SELECT c.table_name, c.column_name, c.is_nullable = 'NO'
             FROM information_schema.columns c JOIN information_schema.tables t
               USING (table_schema, table_name)
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
            &[],
        )
        .unwrap()
    {
        let (table, column, not_null): (String, String, bool) = (r.get(0), r.get(1), r.get(2));
        out.insert(format!("table {table}"));
        out.insert(format!("column {table}.{column} not null {not_null}"));
    }
    for r in client
        .query(
            "SELECT indexname, tablename FROM pg_indexes
             WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'",
            &[],
        )
        .unwrap()
    {
        let (index, table): (String, String) = (r.get(0), r.get(1));
        out.insert(format!("index {index} on {table}"));
    }
    // Each trigger's function, with the konveyer_ functions it calls.
    let functions: Vec<(String, String)> = client
        .query(
            "SELECT p.proname, p.prosrc FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'konveyer%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let body_of = |name: &str| -> String {
        let mut seen = BTreeSet::new();
        let mut todo = vec![name.to_string()];
        let mut text = String::new();
        while let Some(f) = todo.pop() {
            if !seen.insert(f.clone()) {
                continue;
            }
            let src = functions
                .iter()
                .find(|(n, _)| *n == f)
                .map(|(_, s)| s.as_str());
            let src = src.unwrap_or_default();
            text.push_str(src);
            text.push('\n');
            for (other, _) in &functions {
                if src.contains(&format!("{other}(")) {
                    todo.push(other.clone());
                }
            }
        }
        text
    };
    for r in client
        .query(
            "SELECT DISTINCT c.relname, p.proname FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE NOT t.tgisinternal",
            &[],
        )
        .unwrap()
    {
        let (table, function): (String, String) = (r.get(0), r.get(1));
        for target in writes(&body_of(&function)) {
            out.insert(format!("kept by {table}: {target}"));
        }
    }
    out
}

#[test]
fn both_engines_have_the_same_tables_columns_indexes_and_kept_values() {
    let dir = tempfile::tempdir().unwrap();
    let lite = Store::open(&dir.path().join("k.db")).unwrap();
    let url = fresh_url();
    drop(Store::open_pg(&url).unwrap());
    let mut lite = sqlite_schema(&lite);
    let mut pg = postgres_schema(&url);
    for only in SQLITE_ONLY {
        assert!(
            lite.remove(*only),
            "SQLite no longer has {only}: update SQLITE_ONLY"
        );
    }
    for only in POSTGRES_ONLY {
        assert!(
            pg.remove(*only),
            "PostgreSQL no longer has {only}: update POSTGRES_ONLY"
        );
        if let Some(table) = only.strip_prefix("table ") {
            pg.retain(|e| !e.starts_with(&format!("column {table}.")));
        }
    }
    let missing_on_pg: Vec<&String> = lite.difference(&pg).collect();
    let missing_on_lite: Vec<&String> = pg.difference(&lite).collect();
    assert!(
        missing_on_pg.is_empty() && missing_on_lite.is_empty(),
        "on SQLite only: {missing_on_pg:#?}\non PostgreSQL only: {missing_on_lite:#?}"
    );
    // The comparison saw what it compares.
    assert!(lite.contains("kept by reminders: due_days"), "{lite:#?}");
    assert!(lite.contains("kept by reminders: clients.next_on"));
    assert!(lite.contains("index clients_queue on clients"));
}

#[test]
fn a_trigger_body_is_read_for_where_it_writes() {
    let found = writes(
        "BEGIN INSERT OR IGNORE INTO due_days (day, n) VALUES (1, 1) ON CONFLICT DO NOTHING;
         UPDATE clients SET next_on = 1 WHERE id = 2; DELETE FROM x; END",
    );
    let want: BTreeSet<String> = ["due_days", "clients.next_on", "x"]
        .map(String::from)
        .into();
    assert_eq!(found, want);
}
