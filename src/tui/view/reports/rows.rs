//! The reports screen's text sections: the period against the one before,
//! days per station, losses, the ABC table, contacts, sources, referrals
//! and the cohort, as lines.

use unicode_width::UnicodeWidthStr;

use super::super::{cell, fit};
use super::{Ctx, Section, TOP, revenue};
use crate::i18n::format::{change, outcome_word, percent_change};
use crate::i18n::{self, stage_word, tr, tr_args};
use crate::service::Report;
use crate::tui::form::one_line;

/// One figure of a report.
type Figure = fn(&Report) -> i64;

/// A line of a text section.
pub(super) enum Row {
    Plain(String),
    Dim(String),
}

/// A text section's lines, `w` columns wide.
pub(super) fn text_rows(c: &Ctx, s: Section, w: usize) -> Vec<Row> {
    let r = c.r();
    let none = || vec![Row::Dim(tr(c.lang, "reports-none"))];
    match s {
        Section::Compare => compare_rows(c, w),
        Section::Time => time_rows(c, w),
        Section::Losses if r.losses.is_empty() => none(),
        Section::Losses => loss_rows(c, w),
        Section::Segments => segment_rows(c),
        Section::Contacts => contact_rows(c, w),
        Section::Sources if r.sources.is_empty() => none(),
        Section::Sources => source_rows(c, w),
        Section::Referrals if r.referrals.is_empty() => none(),
        Section::Referrals => referral_rows(c, w),
        Section::Cohort => cohort_rows(c),
        Section::Forecast => forecast_rows(c, w),
        Section::Funnel | Section::Revenue | Section::Plan => Vec::new(),
    }
}

/// The period against the one before: each figure now, before (when there is room) and its change.
fn compare_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let r = c.r();
    let p = c.prev();
    let first = |r: &Report| {
        revenue(r, c.currency).map_or((0, 0), |x| (x.first.count, x.first.amount_minor))
    };
    let repeat = |r: &Report| revenue(r, c.currency).map_or(0, |x| x.repeat.amount_minor);
    let lost = |r: &Report| r.losses.iter().map(|l| l.count).sum::<i64>();
    let counts: [(&str, Figure); 3] = [
        ("reports-new-clients", |r| r.cohort.created),
        ("reports-calls", |r| r.activity.calls.values().sum()),
        ("reports-meetings", |r| r.activity.meeting),
    ];
    let mut rows = Vec::new();
    // The value before is shown when there is room; the change always.
    let wide = w >= 50;
    let label_width = w.saturating_sub(if wide { 30 } else { 19 }).clamp(8, 22);
    let mut push = |id: &str, now: String, before: String, delta: String| {
        let before = match wide {
            true => format!(" {before:>10}"),
            false => String::new(),
        };
        rows.push(Row::Plain(format!(
            "{} {now:>10}{before} {delta:>7}",
            cell(&tr(c.lang, id), label_width)
        )));
    };
    for (id, f) in counts {
        let (now, before) = (f(r), p.map_or(0, f));
        push(id, now.to_string(), before.to_string(), change(now, before));
    }
    let (n, b) = (first(r).0, p.map_or(0, |p| first(p).0));
    push(
        "reports-first-sales",
        n.to_string(),
        b.to_string(),
        change(n, b),
    );
    for (id, now, before) in [
        (
            "reports-first-revenue",
            first(r).1,
            p.map_or(0, |p| first(p).1),
        ),
        ("reports-repeat-revenue", repeat(r), p.map_or(0, repeat)),
    ] {
        push(
            id,
            c.money(now),
            c.money(before),
            percent_change(now, before),
        );
    }
    let (n, b) = (lost(r), p.map_or(0, lost));
    push("reports-lost", n.to_string(), b.to_string(), change(n, b));
    rows
}

/// Days per station: median, p75, how many, and the open stays' median.
fn time_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let r = c.r();
    let d = |x: Option<f64>| x.map_or("—".to_string(), |x| i18n::decimal(c.lang, x, 1));
    let figures: Vec<String> = r
        .time
        .iter()
        .map(|t| {
            format!(
                "{:>5} {:>5} ({}) {:>5}",
                d(t.median_days),
                d(t.p75_days),
                t.n,
                d(t.open_median_days)
            )
        })
        .collect();
    let room = figures.iter().map(|f| f.width()).max().unwrap_or(0) + 1;
    let name_width = w.saturating_sub(room).max(4);
    r.time
        .iter()
        .zip(figures)
        .map(|(t, f)| {
            let name = i18n::stage_role(c.lang, t.stage);
            Row::Plain(format!("{} {f}", cell(name, name_width.min(16))))
        })
        .collect()
}

/// The most frequent losses: how many, the reason and the station.
fn loss_rows(c: &Ctx, w: usize) -> Vec<Row> {
    c.r()
        .losses
        .iter()
        .take(TOP)
        .map(|l| {
            let reason = l
                .reason
                .clone()
                .unwrap_or_else(|| tr(c.lang, "reports-no-reason"));
            let line = format!("{} · {}", one_line(&reason), stage_word(c.lang, l.stage));
            Row::Plain(format!(
                "{:>4}  {}",
                l.count,
                fit(&line, w.saturating_sub(6))
            ))
        })
        .collect()
}

/// The ABC table: clients, revenue and its share per class.
fn segment_rows(c: &Ctx) -> Vec<Row> {
    let total: i64 = c.v.segments.iter().map(|s| s.revenue_minor).sum();
    c.v.segments
        .iter()
        .map(|s| {
            let share = match total {
                0 => String::new(),
                t => format!("{:.0} %", s.revenue_minor as f64 * 100.0 / t as f64),
            };
            Row::Plain(format!(
                "{}  {:>6}  {:>14}  {share:>5}",
                s.segment.key(),
                s.clients,
                c.money(s.revenue_minor)
            ))
        })
        .collect()
}

/// Calls by outcome, then meetings, e-mails and notes.
fn contact_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let r = c.r();
    let a = &r.activity;
    let mut rows: Vec<Row> = a
        .calls
        .iter()
        .map(|(k, n)| {
            Row::Plain(format!(
                "{} {n:>6}",
                cell(&outcome_word(c.lang, k), w.saturating_sub(8).min(24))
            ))
        })
        .collect();
    let mut line = tr_args(
        c.lang,
        "reports-contacts-line",
        crate::args![meetings = a.meeting, emails = a.email, notes = a.note],
    );
    if a.talk_secs > 0 {
        let time = crate::i18n::format::talk_time(a.talk_secs);
        line.push_str(" · ");
        line.push_str(&tr_args(c.lang, "report-talk", crate::args![time = time]));
    }
    rows.push(Row::Plain(line));
    rows
}

/// The most frequent sources: created and paid.
fn source_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let name_width = w.saturating_sub(16).max(8);
    c.r()
        .sources
        .iter()
        .take(TOP)
        .map(|s| {
            let name = s
                .source
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| tr(c.lang, "reports-no-source"));
            counted(&name, name_width.min(24), s.created, s.paid)
        })
        .collect()
}

/// The top referrers: referred and paid.
fn referral_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let name_width = w.saturating_sub(16).max(8);
    c.r()
        .referrals
        .iter()
        .take(3)
        .map(|f| {
            let who = match (f.referrer_id, &f.name) {
                (Some(id), Some(name)) => format!("#{id} {}", one_line(name)),
                _ => tr(c.lang, "reports-no-referrer"),
            };
            counted(&who, name_width.min(30), f.referred, f.paid)
        })
        .collect()
}

/// The cohort: paid, lost, active, and how far they got.
/// Per station before the first payment: its expected deals, the chance
/// of a first payment and their weighted worth; then the months ahead.
fn forecast_rows(c: &Ctx, w: usize) -> Vec<Row> {
    let f = &c.v.forecast;
    // The deals' own sum when there is room; the chance and the weighted
    // worth always.
    let wide = w >= 52;
    let label = w.saturating_sub(if wide { 34 } else { 21 }).clamp(6, 16);
    let mut rows: Vec<Row> = f
        .stations
        .iter()
        .map(|s| {
            let mark = if s.fallback { "*" } else { " " };
            let value = match wide {
                true => format!(" {:>12}", c.money(s.value_minor)),
                false => String::new(),
            };
            Row::Plain(format!(
                "{}{value} {:>5}%{mark} {:>12}",
                cell(i18n::stage_role(c.lang, s.stage), label),
                i18n::decimal(c.lang, s.probability * 100.0, 1),
                format!("≈{}", c.money(s.weighted_minor)),
            ))
        })
        .collect();
    let months: Vec<String> = f
        .ahead
        .iter()
        .filter(|a| !a.period.contains('W'))
        .map(|a| format!("{} {}", a.period, c.money(a.expected_minor)))
        .collect();
    rows.push(Row::Dim(months.join(" · ")));
    rows
}

fn cohort_rows(c: &Ctx) -> Vec<Row> {
    let r = c.r();
    let co = &r.cohort;
    let reached: Vec<String> = co
        .reached
        .iter()
        .map(|(stage, n)| format!("{} {n}", i18n::stage_letter(c.lang, *stage)))
        .collect();
    vec![
        Row::Plain(tr_args(
            c.lang,
            "reports-cohort-line",
            crate::args![paid = co.paid, lost = co.lost, active = co.active],
        )),
        Row::Plain(format!(
            "{} {}",
            tr(c.lang, "reports-reached"),
            reached.join(" · ")
        )),
    ]
}

/// A name and two counts (created/referred, then paid), in columns.
fn counted(name: &str, width: usize, n: i64, paid: i64) -> Row {
    Row::Plain(format!("{} {n:>5} {paid:>5}", cell(name, width)))
}
