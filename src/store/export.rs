//! What an export reads: every client in order with what its row needs
//! beside it (last activity, paid totals, next reminder), read alongside
//! in the same order, and every table whole, row by row, for the JSON
//! dump.

use super::clients::{COLUMNS, client_row};
use super::reminders::{open_by_client_sql, reminder_row};
use super::sql;
use super::{Db, day, parse_ts};
use crate::domain::{Client, Reminder};
use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};

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

/// What the CSV export writes of a client beside its own fields.
#[derive(Debug, Default)]
pub struct ClientSide {
    /// Its latest timeline entry: when, and its kind.
    pub last: Option<(DateTime<Utc>, String)>,
    /// Its paid orders summed per currency.
    pub paid: Vec<(String, i64)>,
    /// Its next open reminder, if it is active.
    pub next: Option<Reminder>,
}

/// A read walked alongside the clients (both by client id): its next
/// row read ahead, as its client's id and what it says.
struct Alongside<'s, T> {
    rows: sql::Rows<'s>,
    ahead: Option<(i64, T)>,
    read: fn(&sql::Row) -> sql::Result<(i64, T)>,
}

impl<'s, T> Alongside<'s, T> {
    fn start(rows: sql::Rows<'s>, read: fn(&sql::Row) -> sql::Result<(i64, T)>) -> Result<Self> {
        let mut alongside = Alongside {
            rows,
            ahead: None,
            read,
        };
        alongside.advance()?;
        Ok(alongside)
    }

    fn advance(&mut self) -> Result<()> {
        self.ahead = match self.rows.next()? {
            Some(r) => Some((self.read)(&r)?),
            None => None,
        };
        Ok(())
    }

    /// Hands `each` the rows of client `id` (clients are met in order:
    /// the rows of those before it, with none of their own, are passed).
    fn of(&mut self, id: i64, mut each: impl FnMut(T)) -> Result<()> {
        while self.ahead.as_ref().is_some_and(|(client, _)| *client <= id) {
            if let Some((client, value)) = self.ahead.take()
                && client == id
            {
                each(value);
            }
            self.advance()?;
        }
        Ok(())
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

    /// Every client's id, phone, other numbers and e-mail as typed
    /// (duplicates are found by them), one at a time, in id order; how many
    /// clients there are.
    pub fn each_contact_key(
        &self,
        mut each: impl FnMut(i64, Option<&str>, Option<&str>, Option<&str>),
    ) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, phone, other_phones, email FROM clients ORDER BY id")?;
        let mut rows = stmt.query(sql::NONE)?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            each(r.get(0)?, r.text(1)?, r.text(2)?, r.text(3)?);
            n += 1;
        }
        Ok(n)
    }

    /// Every client in id order with what the CSV export writes beside
    /// its own fields (`ClientSide`), each read alongside the clients in
    /// their order: nothing is held but one client's (at a million
    /// clients, maps of every client's took 230 MiB).
    pub fn each_client_with_side(
        &self,
        last_day: NaiveDate,
        mut f: impl FnMut(Client, ClientSide) -> Result<()>,
    ) -> Result<()> {
        // The latest entry; of several at that second, the first. Each
        // client's latest second from the index by client alone, then that
        // second's first entry looked up (numbering every entry by client
        // sorted them all: at a million clients 8.0 s of the export's 12,
        // 2.9 s so).
        let mut last = self.conn.prepare(
            "SELECT m.client_id, m.at,
                    (SELECT a.kind FROM activities a
                     WHERE a.client_id = m.client_id AND a.at = m.at ORDER BY a.id LIMIT 1)
             FROM (SELECT client_id, max(at) AS at FROM activities GROUP BY client_id) AS m
             ORDER BY m.client_id",
        )?;
        let mut paid = self.conn.prepare(
            "SELECT client_id, currency, sum(amount_minor) FROM orders
             WHERE paid_on IS NOT NULL GROUP BY client_id, currency
             ORDER BY client_id, currency",
        )?;
        let mut open = self.conn.prepare(&open_by_client_sql())?;
        let mut last = Alongside::start(last.query(sql::NONE)?, |r| {
            Ok((r.get(0)?, (parse_ts(&r.get::<String>(1)?)?, r.get(2)?)))
        })?;
        let mut paid = Alongside::start(paid.query(sql::NONE)?, |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        let mut open = Alongside::start(open.query([day(last_day)])?, |r| {
            let reminder = reminder_row(r)?;
            Ok((reminder.client_id.unwrap_or_default(), reminder))
        })?;
        self.each_client(|c| {
            let mut side = ClientSide::default();
            last.of(c.id, |entry| side.last = Some(entry))?;
            paid.of(c.id, |sum| side.paid.push(sum))?;
            open.of(c.id, |reminder| {
                side.next.get_or_insert(reminder);
            })?;
            f(c, side)
        })
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
            return Err(crate::error::Error::DumpShape(table.into(), None));
        }
        let columns: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} LIMIT 0"))?;
            stmt.column_names()?
        };
        for row in rows {
            let Some(row) = row.as_object() else {
                return Err(crate::error::Error::DumpShape(table.into(), None));
            };
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (key, value) in row {
                if !columns.contains(key) {
                    return Err(crate::error::Error::DumpShape(
                        table.into(),
                        Some(key.clone()),
                    ));
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
