//! The report as text: sections with bars, each number beside its change
//! against the previous period; fits 80 columns.

use std::io::{self, Write};

use crate::domain::plan::Metric;
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
    let before: [Section; 5] = [title, flow, time_per_station, cohort, revenue];
    for section in before {
        section(out, lang, r)?;
    }
    sources(out, lang, r, currency)?;
    let after: [Section; 3] = [referrals, losses, activity];
    for section in after {
        section(out, lang, r)?;
    }
    plan_section(out, lang, r, currency)
}

/// One section of the text report.
type Section = fn(&mut dyn Write, Lang, &Report) -> io::Result<()>;

/// The period and the one it is set against.
fn title(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
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
    Ok(())
}

/// The flow per station: entered (its change), advanced, back, lost, still there, conversion.
fn flow(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    let p = r.previous.as_deref();
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
    Ok(())
}

/// Days per station: the stays that ended, and those still open.
fn time_per_station(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    writeln!(out, "{}", tr(lang, "report-time"))?;
    let days = |d: Option<f64>| d.map_or("—".to_string(), |d| i18n::decimal(lang, d, 1));
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
    Ok(())
}

/// The clients created in the period, and how far they got.
fn cohort(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    let p = r.previous.as_deref();
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
    Ok(())
}

/// Revenue per currency, first against repeat.
fn revenue(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    let p = r.previous.as_deref();
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
    Ok(())
}

/// Where the new clients came from: how many, how many paid, and what
/// they paid (in the report's currency).
fn sources(out: &mut dyn Write, lang: Lang, r: &Report, currency: &str) -> io::Result<()> {
    writeln!(out, "\n{}", tr(lang, "report-sources"))?;
    for s in &r.sources {
        let name = s
            .source
            .clone()
            .unwrap_or_else(|| tr(lang, "reports-no-source"));
        writeln!(
            out,
            "  {:<16} {:>5} {}  {:>4} {}  {:>14}",
            crate::tui::view::fit(&crate::cli::safe::clean(&name), 16),
            s.created,
            tr_args(lang, "report-created", crate::args![n = s.created]),
            s.paid,
            tr_args(lang, "report-paid", crate::args![n = s.paid]),
            i18n::money(lang, s.amount_minor, currency)
        )?;
    }
    Ok(())
}

/// Who referred whom (left out when nobody did).
fn referrals(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
    if !r.referrals.is_empty() {
        writeln!(out, "\n{}", tr(lang, "report-referrals"))?;
        for f in &r.referrals {
            let who = match (f.referrer_id, &f.name) {
                (Some(id), Some(name)) => format!("#{id} {name}"),
                _ => tr(lang, "reports-no-referrer"),
            };
            writeln!(
                out,
                "  {:<30} {:>4} {}  {:>4} {}",
                crate::tui::view::fit(&crate::cli::safe::clean(&who), 30),
                f.referred,
                tr_args(lang, "report-referred", crate::args![n = f.referred]),
                f.paid,
                tr_args(lang, "report-paid", crate::args![n = f.paid])
            )?;
        }
    }
    Ok(())
}

/// Losses by reason and station.
fn losses(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
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
    Ok(())
}

/// Contacts logged, and calls by outcome.
fn activity(out: &mut dyn Write, lang: Lang, r: &Report) -> io::Result<()> {
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
    if a.talk_secs > 0 {
        let time = i18n::format::talk_time(a.talk_secs);
        writeln!(
            out,
            "  {}",
            tr_args(lang, "report-talk", crate::args![time = time])
        )?;
    }
    Ok(())
}

/// Plan against fact, projected to the end of the period (left out without a plan).
fn plan_section(out: &mut dyn Write, lang: Lang, r: &Report, currency: &str) -> io::Result<()> {
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
