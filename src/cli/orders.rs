//! The commands about money: invoice, paid, sale.

use std::io::Write;

use super::args::OrderArgs;
use super::ctx::{Ctx, Failure};
use super::input::{day_or_today, money};
use super::print;
use crate::domain::Money;
use crate::error::Error;
use crate::service;

/// `konveyer invoice`: prints the order id.
pub(super) fn invoice(ctx: &Ctx, a: OrderArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let amount = amount_of(ctx, &a)?;
    let on = day_or_today(ctx, a.on.as_deref())?;
    let oid = ctx.with_store(false, |s| service::invoice(s, ctx.now, a.id, &amount, on))?;
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
    let amount = amount_of(ctx, &a)?;
    let on = day_or_today(ctx, a.on.as_deref())?;
    let paid = ctx.with_store(false, |s| service::sale(s, ctx.now, a.id, &amount, on))?;
    writeln!(out, "{}", paid.order.id)?;
    ctx.robots(&service::after_payment(&paid), a.id)?;
    Ok(())
}

/// The amount given, else the client's expected deal (`--currency` then
/// must agree with it).
fn amount_of(ctx: &Ctx, a: &OrderArgs) -> Result<Money, Failure> {
    if let Some(amount) = &a.amount {
        return Ok(money(ctx, amount, a.currency.as_deref())?);
    }
    let store = ctx.reading(|s| s.read().client(a.id).map(drop))?;
    let value = store.read().client(a.id)?.value();
    let value = value.ok_or(Error::NoAmount(a.id))?;
    if let Some(currency) = &a.currency
        && !currency.eq_ignore_ascii_case(&value.currency)
    {
        return Err(Error::NoAmount(a.id).into());
    }
    Ok(value)
}
