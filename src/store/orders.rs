//! The `orders` table: invoices and their payments.

use super::sql::{self, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Db, WriteDb, day, parse_day, parse_ts, ts};
use crate::domain::{Money, Order};
use crate::error::{Error, Result};

const COLUMNS: &str =
    "id, client_id, amount_minor, currency, invoiced_on, paid_on, created_at, cancelled_on";

fn order_row(r: &Row) -> sql::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        client_id: r.get(1)?,
        amount_minor: r.get(2)?,
        currency: r.get(3)?,
        invoiced_on: parse_day(&r.get::<String>(4)?)?,
        paid_on: r
            .get::<Option<String>>(5)?
            .map(|s| parse_day(&s))
            .transpose()?,
        created_at: parse_ts(&r.get::<String>(6)?)?,
        cancelled_on: r
            .get::<Option<String>>(7)?
            .map(|s| parse_day(&s))
            .transpose()?,
    })
}

impl Db<'_> {
    /// One order, or `NoOrder`.
    pub fn order(&self, id: i64) -> Result<Order> {
        let sql = format!("SELECT {COLUMNS} FROM orders WHERE id = $1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], order_row)
            .optional()?
            .ok_or(Error::NoOrder(id))
    }

    /// A client's orders, newest invoice first.
    pub fn client_orders(&self, client_id: i64) -> Result<Vec<Order>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM orders WHERE client_id = $1 ORDER BY invoiced_on DESC, id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([client_id], order_row)?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// How many of a client's orders are paid.
    pub fn paid_order_count(&self, client_id: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM orders WHERE client_id = $1 AND paid_on IS NOT NULL",
            )?
            .query_row([client_id], |r| r.get(0))?)
    }
}

impl WriteDb<'_> {
    /// Records an invoice; returns the order id.
    pub fn insert_order(
        &self,
        client_id: i64,
        amount: &Money,
        invoiced_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.insert_order_row(client_id, amount, invoiced_on, None, now)
    }

    /// An order invoiced and paid on the same day `on` (a generated
    /// conveyor's sale): one row written, not a row and its payment.
    pub fn insert_paid_order(
        &self,
        client_id: i64,
        amount: &Money,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.insert_order_row(client_id, amount, on, Some(on), now)
    }

    fn insert_order_row(
        &self,
        client_id: i64,
        amount: &Money,
        invoiced_on: NaiveDate,
        paid_on: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(self.conn.insert(
            sql::inserting!(
                "INSERT INTO orders (client_id, amount_minor, currency, invoiced_on, paid_on,
                    created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)"
            ),
            params![
                client_id,
                amount.minor,
                amount.currency,
                day(invoiced_on),
                paid_on.map(day),
                ts(now)
            ],
        )?)
    }

    /// Marks an unpaid order cancelled on `on`.
    pub fn set_cancelled(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.set_day(id, "cancelled_on", on)
    }

    /// Marks an order paid on `on`.
    pub fn set_paid(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.set_day(id, "paid_on", on)
    }

    /// Sets an order's day `column` (paid or cancelled) to `on`.
    fn set_day(&self, id: i64, column: &str, on: NaiveDate) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(&format!("UPDATE orders SET {column} = $2 WHERE id = $1"))?
            .execute(params![id, day(on)])?;
        self.one_changed(changed, "orders", id, Error::NoOrder(id))
    }
}
