//! What an export reads: every client in order with what its row needs
//! beside it (last activity, paid totals), and every table whole, row by
//! row, for the JSON dump.

use std::collections::HashMap;

use super::clients::{COLUMNS, client_row};
use super::sql;
use super::{Db, parse_ts};
use crate::domain::Client;
use crate::error::Result;
use chrono::{DateTime, Utc};

/// The tables of a whole-database dump, in an order that can be loaded
/// back (clients before what refers to them).
pub const DUMP_TABLES: [&str; 7] = [
    "clients",
    "orders",
    "activities",
    "reminders",
    "plans",
    "users",
    "user_plans",
];

/// The order a dump writes `table`'s rows in: by its key.
fn key_order(table: &str) -> &'static str {
    match table {
        "plans" => "week, metric",
        "users" => "login",
        "user_plans" => "login, week, metric",
        _ => "id",
    }
}

impl Db<'_> {
    /// Every client in id order, one at a time.
    pub fn each_client(&self, mut f: impl FnMut(Client) -> Result<()>) -> Result<()> {
        let sql = format!("SELECT {COLUMNS} FROM clients c ORDER BY c.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(sql::NONE)?;
        while let Some(r) = rows.next()? {
            f(client_row(&r)?)?;
        }
        Ok(())
    }

    /// Every client's id, phone and e-mail as typed (duplicates are found
    /// by them), one at a time, in id order; how many clients there are.
    pub fn each_contact_key(
        &self,
        mut each: impl FnMut(i64, Option<&str>, Option<&str>),
    ) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, phone, email FROM clients ORDER BY id")?;
        let mut rows = stmt.query(sql::NONE)?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            each(r.get(0)?, r.text(1)?, r.text(2)?);
            n += 1;
        }
        Ok(n)
    }

    /// Each client's latest timeline entry: when, and its kind.
    pub fn last_activities(&self) -> Result<HashMap<i64, (DateTime<Utc>, String)>> {
        let mut stmt = self.conn.prepare(
            // The latest entry; of several at that second, the first.
            "SELECT client_id, at, kind FROM (
                     SELECT client_id, at, kind, row_number() OVER (
                         PARTITION BY client_id ORDER BY at DESC, id) AS n
                     FROM activities) AS latest
                 WHERE n = 1",
        )?;
        let rows = stmt.query_map(sql::NONE, |r| {
            Ok((r.get(0)?, (parse_ts(&r.get::<String>(1)?)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// Each client's paid orders summed per currency.
    pub fn paid_by_currency(&self) -> Result<HashMap<i64, Vec<(String, i64)>>> {
        let mut stmt = self.conn.prepare(
            "SELECT client_id, currency, sum(amount_minor) FROM orders
             WHERE paid_on IS NOT NULL GROUP BY client_id, currency",
        )?;
        let mut rows = stmt.query(sql::NONE)?;
        let mut out: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
        }
        Ok(out)
    }

    /// Every row of `table` (one of [`DUMP_TABLES`]) as column names and
    /// JSON values, in rowid order, one at a time.
    pub fn each_row(
        &self,
        table: &str,
        mut f: impl FnMut(serde_json::Map<String, serde_json::Value>) -> Result<()>,
    ) -> Result<()> {
        debug_assert!(DUMP_TABLES.contains(&table));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT * FROM {table} ORDER BY {}",
            key_order(table)
        ))?;
        let names = stmt.column_names()?;
        let mut rows = stmt.query(sql::NONE)?;
        while let Some(r) = rows.next()? {
            let mut row = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                if super::server::SERVER_ONLY_COLUMNS.contains(&name.as_str()) {
                    continue;
                }
                let value = match r.value(i)? {
                    sql::Value::Null => serde_json::Value::Null,
                    sql::Value::Int(n) => n.into(),
                    sql::Value::Real(x) => x.into(),
                    sql::Value::Text(t) => t.into(),
                };
                row.insert(name.clone(), value);
            }
            f(row)?;
        }
        Ok(())
    }
}

impl super::WriteDb<'_> {
    /// Puts dumped rows back into `table` as they were (ids included): only
    /// the table's own columns, refused otherwise.
    pub fn load_rows(&self, table: &str, rows: &[serde_json::Value]) -> Result<()> {
        use sql::Value as Sql;
        if !DUMP_TABLES.contains(&table) {
            return Err(crate::error::Error::Db(format!(
                "'{table}' is not a dump table"
            )));
        }
        let columns: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} LIMIT 0"))?;
            stmt.column_names()?
        };
        for row in rows {
            let Some(row) = row.as_object() else {
                return Err(crate::error::Error::Db(format!(
                    "a row of {table} is not an object"
                )));
            };
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (key, value) in row {
                if !columns.contains(key) {
                    return Err(crate::error::Error::Db(format!(
                        "'{key}' is not a column of {table}"
                    )));
                }
                names.push(format!("\"{key}\""));
                values.push(match value {
                    serde_json::Value::Null => Sql::Null,
                    serde_json::Value::Bool(b) => Sql::Int(i64::from(*b)),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(i) => Sql::Int(i),
                        None => Sql::Real(n.as_f64().unwrap_or_default()),
                    },
                    serde_json::Value::String(s) => Sql::Text(s.clone()),
                    other => Sql::Text(other.to_string()),
                });
            }
            // A null is written as such: a value sent for it would need a
            // type, and PostgreSQL's must be the column's.
            let mut sent = 0;
            let marks = values
                .iter()
                .map(|v| match v {
                    Sql::Null => "NULL".to_string(),
                    _ => {
                        sent += 1;
                        format!("${sent}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            values.retain(|v| *v != Sql::Null);
            self.conn
                .prepare_cached(&format!(
                    "INSERT INTO {table} ({}) VALUES ({marks})",
                    names.join(", ")
                ))?
                .execute(values.as_slice())?;
        }
        Ok(())
    }
}
