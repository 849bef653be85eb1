//! `konveyer report` and `konveyer plan`; how a report reads: JSON (the
//! contract), a text report with bars that fits 80 columns (`text.rs`),
//! Markdown tables and CSV rows (`tables.rs`).

mod forecast;
mod tables;
mod text;

use std::io::{self, Write};

use crate::domain::plan::Metric;
use crate::error::Error;
use crate::service;

use super::args::{ForecastArgs, Format, PlanArgs, ReportArgs};
use super::ctx::{Ctx, Failure};
use super::input::{parse_target, period_of, plan_period};
use super::print;
use crate::i18n::{self, Lang};
use tables::{csv, markdown};
use text::text;

/// `konveyer report`: JSON (the contract), text, Markdown or CSV.
pub(super) fn report(ctx: &Ctx, a: ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let period = period_of(ctx, &a.period)?;
    let store = ctx.reading(|_| Ok(()))?;
    let r = service::report_of(&store, ctx.now, period, ctx.currency(), ctx.named_user())?;
    match a.format {
        Format::Json => print::json(out, &r)?,
        Format::Text => text(out, ctx.lang, &r, ctx.currency())?,
        Format::Md => markdown(out, ctx.lang, &r, ctx.currency())?,
        Format::Csv => csv(out, &r)?,
    }
    Ok(())
}

/// `konveyer forecast`: JSON (the contract) or text.
pub(super) fn forecast(ctx: &Ctx, a: ForecastArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.reading(|_| Ok(()))?;
    let f = service::forecast(&store, ctx.now, a.weeks, ctx.currency())?;
    match a.json {
        true => print::json(out, &f)?,
        false => forecast::text(out, ctx.lang, &f, a.weeks)?,
    }
    Ok(())
}

/// `konveyer plan`: a person's own week (`--for` them, or `--user` naming
/// oneself) or the conveyor's.
pub(super) fn plan(ctx: &Ctx, a: PlanArgs, out: &mut dyn Write) -> Result<(), Failure> {
    match a.person.as_deref().or(ctx.named_user()) {
        Some(login) if a.day.is_none() => {
            super::team::person_plan(ctx, login, a.week.as_deref(), &a.targets, a.json, out)
        }
        _ => conveyor_plan(
            ctx,
            a.week.as_deref(),
            a.day.as_deref(),
            &a.targets,
            a.json,
            out,
        ),
    }
}

/// The conveyor's plan: sets the targets given, then prints plan vs fact.
fn conveyor_plan(
    ctx: &super::Ctx,
    week: Option<&str>,
    day: Option<&str>,
    targets: &[String],
    json: bool,
    out: &mut dyn Write,
) -> Result<(), super::Failure> {
    let (lang, now) = (ctx.lang, ctx.now);
    let (key, period, how) = plan_period(week, day, now)?;
    if !targets.is_empty() {
        let parsed = targets
            .iter()
            .map(|t| parse_target(t, ctx.currency()))
            .collect::<Result<Vec<_>, Error>>()?;
        ctx.with_store(false, |s| service::set_plan(s, &key, &parsed))?;
        writeln!(
            out,
            "{}",
            i18n::tr_args(lang, "plan-set", crate::args![key = key.clone()])
        )?;
    }
    let store = ctx.reading(|_| Ok(()))?;
    let mut rows = service::plan_status(&store, now, period, ctx.currency())?;
    if rows.iter().any(|r| r.metric == Metric::FirstRevenue) {
        let f = service::forecast(&store, now, service::FORECAST_WEEKS, ctx.currency())?;
        service::with_forecast(&mut rows, &f, period, now.today());
    }
    match json {
        true => print::json(out, &rows)?,
        false if rows.is_empty() => {
            let none = i18n::tr_args(lang, "plan-none", crate::args![key = key, how = how]);
            writeln!(out, "{none}")?;
        }
        false => plan_text(out, lang, ctx.currency(), &rows)?,
    }
    Ok(())
}

/// Plan vs fact as text: a line per metric, with the projection (and the
/// deals' forecast where there is one).
fn plan_text(
    out: &mut dyn Write,
    lang: Lang,
    currency: &str,
    rows: &[service::PlanRow],
) -> io::Result<()> {
    for p in rows {
        let v = |x: i64| match p.metric.is_money() {
            true => i18n::money(lang, x, currency),
            false => x.to_string(),
        };
        let pct = p.percent.map_or("—".to_string(), |x| format!("{x:.0} %"));
        let forecast = p
            .forecast
            .map(|f| {
                let f = i18n::tr_args(lang, "plan-forecast", crate::args![value = v(f)]);
                format!("  {f}")
            })
            .unwrap_or_default();
        writeln!(
            out,
            "{:<15} {} / {} ({pct}) → {}{forecast}",
            p.metric.key(),
            v(p.fact),
            v(p.target),
            v(p.projected)
        )?;
    }
    Ok(())
}
