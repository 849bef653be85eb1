//! The commands about money: invoice, paid, sale.

use std::io::Write;

use super::args::OrderArgs;
use super::ctx::{Ctx, Failure};
use super::input::day_or_today;
use super::print;
use crate::domain::Money;
use crate::domain::money::{Typed, parse_currency, parse_given};
use crate::error::Error;
use crate::i18n;
use crate::service;
use crate::store::Store;

/// `konveyer invoice`: prints the order id.
pub(super) fn invoice(ctx: &Ctx, a: OrderArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let amount = Asked::of(&a)?;
    let on = day_or_today(ctx, a.on.as_deref())?;
    let oid = ctx.with_store(false, |s| {
        let amount = amount.for_client(ctx, s, a.id)?;
        service::invoice(s, ctx.now, a.id, &amount, on)
    })?;
    writeln!(out, "{oid}")?;
    Ok(())
}

/// `konveyer paid`: the order paid, and the robots told.
pub(super) fn paid(
    ctx: &Ctx,
    oid: i64,
    on: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let on = day_or_today(ctx, on)?;
    let paid = ctx.with_store(false, |s| service::pay(s, ctx.now, oid, on))?;
    print::paid(out, ctx.lang, &paid)?;
    ctx.robots(&service::after_payment(&paid), paid.client.id)?;
    Ok(())
}

/// `konveyer sale`: invoiced and paid at once; prints the order id.
pub(super) fn sale(ctx: &Ctx, a: OrderArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let amount = Asked::of(&a)?;
    let on = day_or_today(ctx, a.on.as_deref())?;
    let paid = ctx.with_store(false, |s| {
        let amount = amount.for_client(ctx, s, a.id)?;
        service::sale(s, ctx.now, a.id, &amount, on)
    })?;
    writeln!(out, "{}", paid.order.id)?;
    ctx.robots(&service::after_payment(&paid), a.id)?;
    Ok(())
}

/// `konveyer cancel`: an unpaid invoice withdrawn.
pub(super) fn cancel(
    ctx: &Ctx,
    oid: i64,
    reason: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let (order, client) =
        ctx.with_store(false, |s| service::cancel_invoice(s, ctx.now, oid, reason))?;
    let line = i18n::order_cancelled(ctx.lang, &order, &print::who(&client));
    writeln!(out, "{line}")?;
    Ok(())
}

/// The amount and currency asked for, read before the base is opened (a
/// refused command writes nothing); which currency a bare amount is in is
/// the client's ([`service::order_amount`]).
struct Asked {
    amount: Option<Typed>,
    currency: Option<String>,
}

impl Asked {
    fn of(a: &OrderArgs) -> Result<Asked, Error> {
        let currency = a.currency.as_deref().map(parse_currency).transpose()?;
        let amount = a
            .amount
            .as_deref()
            .map(|text| parse_given(text, currency.as_deref()))
            .transpose()?;
        Ok(Asked { amount, currency })
    }

    /// The money of client `id`'s order.
    fn for_client(self, ctx: &Ctx, store: &Store, id: i64) -> Result<Money, Error> {
        let read = store.read();
        service::order_amount(
            &read,
            id,
            self.amount,
            self.currency.as_deref(),
            ctx.currency(),
        )
    }
}
