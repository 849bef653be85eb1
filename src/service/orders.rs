//! Invoices and payments: an invoice is not a sale until it is paid.

use chrono::NaiveDate;
use serde::Serialize;

use super::Now;
use super::clients::{active_client, move_in};
use crate::domain::money::Typed;
use crate::domain::{
    Activity, ActivityKind, Client, Closure, Money, Order, ReminderOrigin, Stage, Status,
};
use crate::error::{Error, Result};
use crate::store::{Db, Store, WriteDb};

/// The currency an amount written without one is in for `client`: the
/// client's — its expected deal's, else its newest order's — else
/// `default`. A dollar client's `3000` is $3,000.
pub fn bare_currency(db: &Db, client: &Client, default: &str) -> Result<String> {
    if let Some(deal) = client.value() {
        return Ok(deal.currency);
    }
    Ok(match db.client_orders(client.id)?.into_iter().next() {
        Some(newest) => newest.currency,
        None => default.to_string(),
    })
}

/// What an order of client `id` is for: `typed` in the currency written
/// with it or asked for, else in the client's ([`bare_currency`]); without
/// an amount, the client's expected deal (`NoAmount` when it has none, or
/// one in another currency than `wanted`).
pub fn order_amount(
    db: &Db,
    id: i64,
    typed: Option<Typed>,
    wanted: Option<&str>,
    default: &str,
) -> Result<Money> {
    if let Some(Typed {
        minor,
        currency: Some(currency),
        ..
    }) = typed
    {
        return Ok(Money { minor, currency });
    }
    let client = db.client(id)?;
    match typed {
        Some(bare) => Ok(bare.or_in(&bare_currency(db, &client, default)?)),
        None => match client.value() {
            Some(deal) if wanted.is_none_or(|w| w == deal.currency) => Ok(deal),
            _ => Err(Error::NoAmount(id)),
        },
    }
}

fn invoice_in(db: &WriteDb, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<i64> {
    active_client(db, id)?;
    let order_id = db.insert_order(id, amount, on, now.utc)?;
    let mut entry = Activity::new(id, now.utc, ActivityKind::Invoice);
    entry.order_id = Some(order_id);
    db.insert_activity(&entry)?;
    Ok(order_id)
}

/// Issues an invoice to a client; returns the order id.
pub fn invoice(store: &mut Store, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<i64> {
    store.write(|db| invoice_in(db, now, id, amount, on))
}

/// A recorded payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paid {
    pub order: Order,
    pub client: Client,
    /// The payment was the client's first and moved it to the farmer.
    pub promoted: bool,
}

/// Order `id` while it waits for its payment; refused once paid or
/// cancelled.
fn waiting(db: &Db, id: i64) -> Result<Order> {
    let order = db.order(id)?;
    match (order.paid_on, order.cancelled_on) {
        (Some(_), _) => Err(Error::OrderPaid(id)),
        (None, Some(_)) => Err(Error::OrderCancelled(id)),
        (None, None) => Ok(order),
    }
}

fn pay_in(db: &WriteDb, now: Now, order_id: i64, on: NaiveDate) -> Result<Paid> {
    let order = waiting(db, order_id)?;
    if on < order.invoiced_on {
        return Err(Error::PaidBeforeInvoiced);
    }
    if on > now.today() {
        return Err(Error::PaidAhead(on));
    }
    let client = db.client(order.client_id)?;
    let first = db.paid_order_count(client.id)? == 0;
    db.set_paid(order_id, on)?;
    db.close_chases(order_id, now.utc, Closure::Paid)?;
    // A payment answers the reactivation sweep.
    db.close_client_reminders(
        client.id,
        &[ReminderOrigin::Reactivation],
        None,
        now.utc,
        Some(Closure::Paid),
    )?;
    let mut entry = Activity::new(client.id, now.utc, ActivityKind::Payment);
    entry.order_id = Some(order_id);
    db.insert_activity(&entry)?;
    // The first payment is the expected deal come true (or not as
    // expected): from now on the client's business is orders.
    if first && (client.value_minor.is_some() || client.expected_on.is_some()) {
        db.clear_deal(client.id, now.utc)?;
    }
    let promoted = first
        && client.status == Status::Active
        && client.stage.awaits_first_payment()
        && db.conveyor()?.is_enabled(Stage::Farmer);
    if promoted {
        move_in(db, now.utc, &client, Stage::Farmer, Some(order_id))?;
    }
    Ok(Paid {
        order: db.order(order_id)?,
        client: db.client(client.id)?,
        promoted,
    })
}

/// Marks an order paid; a first payment moves a hunter's or closer's
/// client to the farmer.
pub fn pay(store: &mut Store, now: Now, order_id: i64, on: NaiveDate) -> Result<Paid> {
    store.write(|db| pay_in(db, now, order_id, on))
}

/// An order invoiced and paid at once.
pub fn sale(store: &mut Store, now: Now, id: i64, amount: &Money, on: NaiveDate) -> Result<Paid> {
    store.write(|db| {
        let order_id = invoice_in(db, now, id, amount, on)?;
        pay_in(db, now, order_id, on)
    })
}

/// An invoice withdrawn before it was paid (a wrong amount, a buyer who
/// said no): it waits for no payment, its chases end, and the timeline
/// says so, with `reason` if given. A paid order, or one cancelled
/// already, is refused.
pub fn cancel_invoice(
    store: &mut Store,
    now: Now,
    order_id: i64,
    reason: Option<&str>,
) -> Result<(Order, Client)> {
    store.write(|db| {
        let order = waiting(db, order_id)?;
        db.set_cancelled(order_id, now.today())?;
        db.close_chases(order_id, now.utc, Closure::Cancelled)?;
        let mut entry = Activity::new(order.client_id, now.utc, ActivityKind::Cancelled);
        entry.order_id = Some(order_id);
        entry.text = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from);
        db.insert_activity(&entry)?;
        Ok((db.order(order_id)?, db.client(order.client_id)?))
    })
}
