//! What an export reads: every client in order with what its row needs
//! beside it (last activity, paid totals), and every table whole, row by
//! row, for the JSON dump.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;

use super::clients::{COLUMNS, client_row};
use super::{Db, parse_ts};
use crate::domain::Client;
use crate::error::Result;

/// The tables of a whole-database dump, in an order that can be loaded
/// back (clients before what refers to them).
pub const DUMP_TABLES: [&str; 5] = ["clients", "orders", "activities", "reminders", "plans"];

/// A client's id, phone and e-mail.
pub type Contact = (i64, Option<String>, Option<String>);

impl Db<'_> {
    /// Every client in id order, one at a time.
    pub fn each_client(&self, mut f: impl FnMut(Client) -> Result<()>) -> Result<()> {
        let sql = format!("SELECT {COLUMNS} FROM clients c ORDER BY c.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(client_row(r)?)?;
        }
        Ok(())
    }

    /// Every client's phone and e-mail as typed (duplicates are found by them).
    pub fn contact_keys(&self) -> Result<Vec<Contact>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, phone, email FROM clients ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each client's latest timeline entry: when, and its kind.
    pub fn last_activities(&self) -> Result<HashMap<i64, (DateTime<Utc>, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT client_id, max(at), kind FROM activities GROUP BY client_id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, (parse_ts(&r.get::<_, String>(1)?)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each client's paid orders summed per currency.
    pub fn paid_by_currency(&self) -> Result<HashMap<i64, Vec<(String, i64)>>> {
        let mut stmt = self.conn.prepare(
            "SELECT client_id, currency, sum(amount_minor) FROM orders
             WHERE paid_on IS NOT NULL GROUP BY client_id, currency",
        )?;
        let mut rows = stmt.query([])?;
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
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut row = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = match r.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => n.into(),
                    ValueRef::Real(x) => x.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned().into(),
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
        use rusqlite::types::Value as Sql;
        if !DUMP_TABLES.contains(&table) {
            return Err(crate::error::Error::Db(format!(
                "'{table}' is not a dump table"
            )));
        }
        let columns: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
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
                    serde_json::Value::Bool(b) => Sql::Integer(i64::from(*b)),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(i) => Sql::Integer(i),
                        None => Sql::Real(n.as_f64().unwrap_or_default()),
                    },
                    serde_json::Value::String(s) => Sql::Text(s.clone()),
                    other => Sql::Text(other.to_string()),
                });
            }
            let marks = vec!["?"; names.len()].join(", ");
            self.conn
                .prepare_cached(&format!(
                    "INSERT INTO {table} ({}) VALUES ({marks})",
                    names.join(", ")
                ))?
                .execute(rusqlite::params_from_iter(values))?;
        }
        Ok(())
    }
}
