//! The commands about money: invoice, paid, sale.

use std::io::Write;

use super::args::OrderArgs;
use super::ctx::{Ctx, Failure};
use super::input::{day_or_today, money};
use super::print;
use crate::service;

/// `konveyer invoice`: prints the order id.
pub(super) fn invoice(ctx: &Ctx, a: OrderArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let amount = money(ctx, &a.amount, a.currency.as_deref())?;
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
    let amount = money(ctx, &a.amount, a.currency.as_deref())?;
    let on = day_or_today(ctx, a.on.as_deref())?;
    let paid = ctx.with_store(false, |s| service::sale(s, ctx.now, a.id, &amount, on))?;
    writeln!(out, "{}", paid.order.id)?;
    ctx.robots(&service::after_payment(&paid), a.id)?;
    Ok(())
}
