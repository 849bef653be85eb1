//! How a report reads: JSON (the contract), a text report with bars that
//! fits 80 columns, Markdown tables, and CSV rows.

use std::io::{self, Write};

use crate::domain::report::{Metric, Period};
use crate::domain::when::parse_date;
use crate::error::Error;
use crate::service;

use super::args::{Format, PlanArgs, ReportArgs};
use super::ctx::{Ctx, Failure};
use super::input::{parse_target, period_of};
use super::print;
use crate::i18n::format::{change, percent_change};
use crate::i18n::{self, Lang, tr, tr_args};
use crate::service::Report;

/// A bar of `value` against `max`, `width` cells of block characters.
fn bar(value: i64, max: i64, width: usize) -> String {
    if max <= 0 || value <= 0 {
        return " ".repeat(width);
    }
    let eighths = (value as f64 / max as f64 * (width * 8) as f64).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let parts = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let mut s = "█".repeat(full.min(width));
    if full < width {
        s.push_str(parts[part]);
    }
    let used = s.chars().count();
    s + &" ".repeat(width.saturating_sub(used))
}

fn metric_value(lang: Lang, metric: Metric, value: i64, currency: &str) -> String {
    match metric.is_money() {
        true => i18n::money(lang, value, currency),
        false => value.to_string(),
    }
}

/// The report as text: sections with bars, each number beside its change
/// against the previous period; fits 80 columns.
pub(super) fn text(out: &mut dyn Write, lang: Lang, r: &Report, currency: &str) -> io::Result<()> {
    let p = r.previous.as_deref();
    let title = tr_args(
        lang,
        "report-title",
        crate::args![
            from = r.from.to_string(),
            to = r.to.to_string(),
            prev_from = p.map(|p| p.from.to_string()).unwrap_or_default(),
            prev_to = p.map(|p| p.to.to_string()).unwrap_or_default()
        ],
    );
    writeln!(out, "{title}\n")?;
    writeln!(out, "{}", tr(lang, "report-flow"))?;
    let max = r.flow.iter().map(|f| f.entered).max().unwrap_or(0);
    for (i, f) in r.flow.iter().enumerate() {
        let before = p.and_then(|p| p.flow.get(i)).map_or(0, |b| b.entered);
        let conv = f
            .conversion
            .map(|c| format!("{:>3.0} %", c * 100.0))
            .unwrap_or_else(|| "   —".to_string());
        writeln!(
            out,
            "  {:<14} {} {:>5} {:>4} → {:>4} ↩ {:>3} ✗ {:>4} … {:>4} {conv}",
            i18n::stage_word(lang, f.stage),
            bar(f.entered, max, 12),
            f.entered,
            change(f.entered, before),
            f.advanced,
            f.moved_back,
            f.lost,
            f.still_there,
        )?;
    }
    writeln!(out, "  {}\n", tr(lang, "report-flow-legend"))?;
    writeln!(out, "{}", tr(lang, "report-time"))?;
    let days = |d: Option<f64>| d.map_or("—".to_string(), |d| format!("{d:.1}"));
    for t in &r.time {
        writeln!(
            out,
            "  {:<14} n {:>4}  {} {:>6}  p75 {:>6}  {} {:>6}",
            i18n::stage_word(lang, t.stage),
            t.n,
            tr(lang, "report-median"),
            days(t.median_days),
            days(t.p75_days),
            tr(lang, "report-open"),
            days(t.open_median_days),
        )?;
    }
    let c = &r.cohort;
    let pc = p.map(|p| &p.cohort);
    writeln!(
        out,
        "\n{}",
        tr_args(
            lang,
            "report-cohort",
            crate::args![
                created = c.created,
                change = change(c.created, pc.map_or(0, |p| p.created)),
                paid = c.paid,
                lost = c.lost,
                active = c.active
            ],
        )
    )?;
    let reached: Vec<String> = c
        .reached
        .iter()
        .map(|(stage, n)| format!("{} {n}", i18n::stage_word(lang, *stage)))
        .collect();
    writeln!(out, "  {}", reached.join(" · "))?;
    writeln!(out, "\n{}", tr(lang, "report-revenue"))?;
    if r.revenue.is_empty() {
        writeln!(out, "  —")?;
    }
    for rev in &r.revenue {
        let before = p
            .and_then(|p| p.revenue.iter().find(|b| b.currency == rev.currency))
            .map_or(0, |b| b.first.amount_minor + b.repeat.amount_minor);
        let total = rev.first.amount_minor + rev.repeat.amount_minor;
        let share = rev
            .repeat_share
            .map(|s| format!("{:.0} %", s * 100.0))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}",
            tr_args(
                lang,
                "report-revenue-line",
                crate::args![
                    first_count = rev.first.count,
                    first = i18n::money(lang, rev.first.amount_minor, &rev.currency),
                    repeat_count = rev.repeat.count,
                    repeat = i18n::money(lang, rev.repeat.amount_minor, &rev.currency),
                    share = share,
                    change = percent_change(total, before)
                ],
            )
        )?;
    }
    writeln!(out, "\n{}", tr(lang, "report-sources"))?;
    for s in &r.sources {
        let name = s.source.clone().unwrap_or_else(|| "—".to_string());
        writeln!(
            out,
            "  {:<16} {:>5} {}  {:>4} {}",
            crate::tui::view::fit(&crate::cli::safe::clean(&name), 16),
            s.created,
            tr(lang, "report-created"),
            s.paid,
            tr(lang, "report-paid")
        )?;
    }
    if !r.referrals.is_empty() {
        writeln!(out, "\n{}", tr(lang, "report-referrals"))?;
        for f in &r.referrals {
            let who = match (f.referrer_id, &f.name) {
                (Some(id), Some(name)) => format!("#{id} {name}"),
                _ => "—".to_string(),
            };
            writeln!(
                out,
                "  {:<30} {:>4} {}  {:>4} {}",
                crate::tui::view::fit(&crate::cli::safe::clean(&who), 30),
                f.referred,
                tr(lang, "report-referred"),
                f.paid,
                tr(lang, "report-paid")
            )?;
        }
    }
    writeln!(out, "\n{}", tr(lang, "report-losses"))?;
    if r.losses.is_empty() {
        writeln!(out, "  —")?;
    }
    for l in &r.losses {
        let reason = crate::cli::safe::clean(l.reason.as_deref().unwrap_or("—"));
        let line = format!("{reason} — {}", i18n::stage_word(lang, l.stage));
        writeln!(
            out,
            "  {:>4}  {}",
            l.count,
            crate::tui::view::fit(&line, 72)
        )?;
    }
    let a = &r.activity;
    let calls: i64 = a.calls.values().sum();
    let by_outcome: Vec<String> = a
        .calls
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{} {n}", i18n::format::outcome_word(lang, k)))
        .collect();
    writeln!(
        out,
        "\n{}",
        tr_args(
            lang,
            "report-activity",
            crate::args![
                calls = calls,
                meetings = a.meeting,
                emails = a.email,
                notes = a.note
            ],
        )
    )?;
    if !by_outcome.is_empty() {
        writeln!(
            out,
            "  {}",
            crate::tui::view::fit(&by_outcome.join(", "), 76)
        )?;
    }
    if !r.plan.is_empty() {
        writeln!(out, "\n{}", tr(lang, "report-plan"))?;
        for row in &r.plan {
            let value = |v| metric_value(lang, row.metric, v, currency);
            writeln!(
                out,
                "  {:<15} {} {} / {} ({}) → {}",
                row.metric.key(),
                bar(row.fact, row.target, 10),
                value(row.fact),
                value(row.target),
                row.percent.map_or("—".to_string(), |p| format!("{p:.0} %")),
                value(row.projected),
            )?;
        }
    }
    Ok(())
}

/// The report as Markdown: the same sections as tables.
pub(super) fn markdown(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    writeln!(out, "# {} — {}\n", r.from, r.to)?;
    writeln!(out, "## {}\n", tr(lang, "report-flow"))?;
    writeln!(
        out,
        "| stage | entered | advanced | moved back | lost | still there | conversion | skipped |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for f in &r.flow {
        let conv = f
            .conversion
            .map_or("—".to_string(), |c| format!("{:.0} %", c * 100.0));
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {conv} | {} |",
            f.stage.key(),
            f.entered,
            f.advanced,
            f.moved_back,
            f.lost,
            f.still_there,
            f.skipped
        )?;
    }
    writeln!(out, "\n## {}\n", tr(lang, "report-time"))?;
    writeln!(
        out,
        "| stage | n | median days | p75 days | open median days |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    let d = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
    for t in &r.time {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            t.stage.key(),
            t.n,
            d(t.median_days),
            d(t.p75_days),
            d(t.open_median_days)
        )?;
    }
    writeln!(out, "\n## {}\n", tr(lang, "report-revenue"))?;
    writeln!(
        out,
        "| currency | first | first amount | repeat | repeat amount | repeat share |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for v in &r.revenue {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            v.currency,
            v.first.count,
            i18n::money(lang, v.first.amount_minor, &v.currency),
            v.repeat.count,
            i18n::money(lang, v.repeat.amount_minor, &v.currency),
            v.repeat_share
                .map_or("—".to_string(), |s| format!("{:.0} %", s * 100.0))
        )?;
    }
    if !r.plan.is_empty() {
        writeln!(out, "\n## {}\n", tr(lang, "report-plan"))?;
        writeln!(out, "| metric | target | fact | percent | projected |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for p in &r.plan {
            let pct = p.percent.map_or("—".to_string(), |x| format!("{x:.1}"));
            writeln!(
                out,
                "| {} | {} | {} | {pct} | {} |",
                p.metric.key(),
                p.target,
                p.fact,
                p.projected
            )?;
        }
    }
    Ok(())
}

/// The report as CSV rows: period,section,key,field,value (both periods).
pub(super) fn csv(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(out, "period,section,key,field,value")?;
    let mut one = |r: &Report, period: &str| -> io::Result<()> {
        for f in &r.flow {
            for (field, v) in [
                ("entered", f.entered),
                ("advanced", f.advanced),
                ("moved_back", f.moved_back),
                ("lost", f.lost),
                ("still_there", f.still_there),
                ("skipped", f.skipped),
            ] {
                writeln!(out, "{period},flow,{},{field},{v}", f.stage.key())?;
            }
        }
        for t in &r.time {
            for (field, v) in [
                ("median_days", t.median_days),
                ("p75_days", t.p75_days),
                ("open_median_days", t.open_median_days),
            ] {
                let v = v.map(|v| v.to_string()).unwrap_or_default();
                writeln!(out, "{period},time,{},{field},{v}", t.stage.key())?;
            }
            writeln!(out, "{period},time,{},n,{}", t.stage.key(), t.n)?;
        }
        for v in &r.revenue {
            writeln!(
                out,
                "{period},revenue,{},first_count,{}",
                v.currency, v.first.count
            )?;
            writeln!(
                out,
                "{period},revenue,{},first_minor,{}",
                v.currency, v.first.amount_minor
            )?;
            writeln!(
                out,
                "{period},revenue,{},repeat_count,{}",
                v.currency, v.repeat.count
            )?;
            writeln!(
                out,
                "{period},revenue,{},repeat_minor,{}",
                v.currency, v.repeat.amount_minor
            )?;
        }
        for p in &r.plan {
            writeln!(out, "{period},plan,{},target,{}", p.metric.key(), p.target)?;
            writeln!(out, "{period},plan,{},fact,{}", p.metric.key(), p.fact)?;
            writeln!(
                out,
                "{period},plan,{},projected,{}",
                p.metric.key(),
                p.projected
            )?;
        }
        Ok(())
    };
    one(r, "current")?;
    if let Some(p) = &r.previous {
        one(p, "previous")?;
    }
    Ok(())
}

/// `konveyer report`: JSON (the contract), text, Markdown or CSV.
pub(super) fn report(ctx: &Ctx, a: ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let period = period_of(ctx, &a.period)?;
    let store = ctx.reading(|_| Ok(()))?;
    let r = service::report_of(&store, ctx.now, period, ctx.currency(), ctx.named_user())?;
    match a.format {
        Format::Json => print::json(out, &r)?,
        Format::Text => text(out, ctx.lang, &r, ctx.currency())?,
        Format::Md => markdown(out, ctx.lang, &r)?,
        Format::Csv => csv(out, &r)?,
    }
    Ok(())
}

/// `konveyer plan`: a person's own week (`--user` named) or the conveyor's.
pub(super) fn plan(ctx: &Ctx, a: PlanArgs, out: &mut dyn Write) -> Result<(), Failure> {
    match ctx.named_user() {
        Some(login) if a.day.is_none() => {
            let week = match &a.week {
                Some(w) => Period::parse_week(w)?,
                None => Period::week_of(ctx.now.today()),
            };
            super::team::person_plan(ctx, login, week, &a.targets, a.json, out)
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

    let (key, period) = match (&week, &day) {
        (_, Some(d)) => {
            let d = parse_date(d, now.local)?;
            (d.format("%Y-%m-%d").to_string(), Period::range(d, d)?)
        }
        (Some(w), None) => {
            let p = Period::parse_week(w)?;
            (Period::week_key(chrono::Datelike::iso_week(&p.from)), p)
        }
        (None, None) => {
            let p = Period::week_of(now.today());
            (Period::week_key(chrono::Datelike::iso_week(&p.from)), p)
        }
    };
    if !targets.is_empty() {
        let parsed = targets
            .iter()
            .map(|t| parse_target(t))
            .collect::<Result<Vec<_>, Error>>()?;
        ctx.with_store(false, |s| service::set_plan(s, &key, &parsed))?;
        writeln!(
            out,
            "{}",
            i18n::tr_args(lang, "plan-set", crate::args![key = key.clone()])
        )?;
    }
    let store = ctx.reading(|_| Ok(()))?;
    let rows = service::plan_status(&store, now, period, ctx.currency())?;
    match json {
        true => print::json(out, &rows)?,
        false => {
            for p in &rows {
                let v = |x: i64| match p.metric.is_money() {
                    true => i18n::money(lang, x, ctx.currency()),
                    false => x.to_string(),
                };
                let pct = p.percent.map_or("—".to_string(), |x| format!("{x:.0} %"));
                writeln!(
                    out,
                    "{:<15} {} / {} ({pct}) → {}",
                    p.metric.key(),
                    v(p.fact),
                    v(p.target),
                    v(p.projected)
                )?;
            }
        }
    }
    Ok(())
}
