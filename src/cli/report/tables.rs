//! The report as Markdown tables and as CSV rows.

use std::io::{self, Write};

use crate::i18n::{self, Lang, tr};
use crate::service::Report;

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
