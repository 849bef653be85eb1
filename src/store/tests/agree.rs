//! The two engines' schemas agree: the same tables with the same columns
//! (types, NOT NULL, defaults) and references,
//! the same indexes (their columns in order, partial or not), and every
//! value a trigger keeps kept on both — read from each engine's own
//! catalogue at its latest step, so that a table, an index or a trigger
//! added for one engine and forgotten (or written differently) for the
//! other fails here.

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
    // What only a team server enforces (store/server/rules.rs): the
    // record a deleted card leaves, and when each timeline entry was
    // written by the server's clock (the undo window).
    "table deleted_clients",
    // What a team shares of the config file, the head of sales' to change.
    "table team_settings",
    // The roles the team made (only their passwords are the team's).
    "table team_roles",
    "kept by clients: deleted_clients",
    "column activities.written of type timestamp with time zone",
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

/// A column as both catalogues are compared.
struct Column {
    name: String,
    /// The declared type: SQLite's `INTEGER`/`TEXT`, PostgreSQL's
    /// `bigint`/`text`.
    kind: String,
    not_null: bool,
    /// The default as the catalogue writes it: `'active'`, `'active'::text`.
    default: Option<String>,
}

impl Column {
    /// `column clients.status text not null default 'active'`: the type as
    /// a whole number or text on either engine, the default without
    /// PostgreSQL's casts.
    fn entry(&self, table: &str) -> String {
        let kind = match self.kind.to_lowercase().as_str() {
            "integer" | "bigint" => "whole",
            "text" => "text",
            other => return format!("column {table}.{} of type {other}", self.name),
        };
        let null = if self.not_null { " not null" } else { "" };
        let default = match &self.default {
            // An identity column's sequence is PostgreSQL's rowid.
            Some(d) if d.starts_with("nextval(") => String::new(),
            Some(d) => format!(" default {}", d.split("::").next().unwrap_or(d)),
            None => String::new(),
        };
        format!("column {table}.{} {kind}{null}{default}", self.name)
    }
}

/// An index as both catalogues are compared: its name, table, columns in
/// order, and whether it is partial. Every SQLite index ends in the
/// rowid, a table's `id`: a PostgreSQL index that names `id` last is the
/// same index.
fn index_entry(name: &str, table: &str, columns: &[String], partial: bool) -> String {
    let part = if partial { " where …" } else { "" };
    let columns = match columns.split_last() {
        Some((last, rest)) if last == "id" && !rest.is_empty() => rest,
        _ => columns,
    };
    format!("index {name} on {table} ({}){part}", columns.join(", "))
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
                    Ok(Column {
                        name: r.get(1)?,
                        kind: r.get(2)?,
                        not_null: r.get::<_, bool>(3)? || r.get::<_, i64>(5)? > 0,
                        default: r.get(4)?,
                    })
                };
                for col in cols.query_map([], read).unwrap().map(Result::unwrap) {
                    if name != "search_index" {
                        out.insert(col.entry(&name));
                    }
                }
                let mut keys = conn
                    .prepare(&format!("PRAGMA foreign_key_list({name})"))
                    .unwrap();
                let read = |r: &rusqlite::Row| {
                    Ok(format!(
                        "reference {name}.{} to {}.{} on delete {}",
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(6)?
                    ))
                };
                out.extend(keys.query_map([], read).unwrap().map(Result::unwrap));
            }
            "index" if !name.starts_with("sqlite_autoindex") => {
                let mut info = conn.prepare(&format!("PRAGMA index_info({name})")).unwrap();
                let columns: Vec<String> = info
                    .query_map([], |r| r.get::<_, String>(2))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                let partial = sql.to_uppercase().contains(" WHERE ");
                out.insert(index_entry(&name, &table, &columns, partial));
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
            "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO',
                    c.column_default
             FROM information_schema.columns c JOIN information_schema.tables t
               USING (table_schema, table_name)
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
            &[],
        )
        .unwrap()
    {
        let table: String = r.get(0);
        let col = Column {
            name: r.get(1),
            kind: r.get(2),
            not_null: r.get(3),
            default: r.get(4),
        };
        out.insert(format!("table {table}"));
        out.insert(col.entry(&table));
    }
    for r in client
        .query(
            "SELECT k.table_name, k.column_name, u.table_name, u.column_name, c.delete_rule
             FROM information_schema.referential_constraints c
             JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
             JOIN information_schema.constraint_column_usage u
               USING (constraint_schema, constraint_name)
             WHERE c.constraint_schema = current_schema()",
            &[],
        )
        .unwrap()
    {
        let (from, column, to, key, rule): (String, String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        out.insert(format!(
            "reference {from}.{column} to {to}.{key} on delete {rule}"
        ));
    }
    for r in client
        .query(
            "SELECT i.relname, t.relname, x.indpred IS NOT NULL,
                    array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(n, o)
                          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n
                          ORDER BY k.o)
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND NOT x.indisprimary",
            &[],
        )
        .unwrap()
    {
        let (index, table, partial, columns): (String, String, bool, Vec<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        out.insert(index_entry(&index, &table, &columns, partial));
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
    assert!(lite.contains("column clients.status text not null default 'active'"));
    assert!(pg.contains("column orders.amount_minor whole not null"));
    assert!(lite.contains("reference orders.client_id to clients.id on delete CASCADE"));
    assert!(lite.contains("index clients_queue on clients (stage, status, next_on, stage_since)"));
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
