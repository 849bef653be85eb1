//! The report as Markdown tables and as CSV rows: every section of the
//! text report and of the JSON, for the period and the one before.

use std::io::{self, Write};

use crate::i18n::{self, Lang, tr, tr_args};
use crate::service::{Report, neutralised};

/// The report as Markdown: a table per section, the period before after
/// the period's own.
pub(super) fn markdown(
    out: &mut dyn Write,
    lang: Lang,
    r: &Report,
    currency: &str,
) -> io::Result<()> {
    let dated = |key: &str, r: &Report| {
        tr_args(
            lang,
            key,
            crate::args![from = r.from.to_string(), to = r.to.to_string()],
        )
    };
    writeln!(out, "# {}", dated("report-md-title", r))?;
    markdown_period(out, lang, r, currency)?;
    if let Some(p) = &r.previous {
        writeln!(out, "\n# {}", dated("report-md-before", p))?;
        markdown_period(out, lang, p, currency)?;
    }
    Ok(())
}

/// One period's sections (a source's revenue in `currency`, the report's).
fn markdown_period(out: &mut dyn Write, lang: Lang, r: &Report, currency: &str) -> io::Result<()> {
    let mut tables = vec![
        flow_table(lang, r),
        time_table(lang, r),
        cohort_table(lang, r),
        revenue_table(lang, r),
        sources_table(lang, r, currency),
        referrals_table(lang, r),
        losses_table(lang, r),
        contacts_table(lang, r),
    ];
    if !r.plan.is_empty() {
        tables.push(plan_table(lang, r));
    }
    for table in tables {
        markdown_table(out, lang, table)?;
    }
    Ok(())
}

/// A section as Markdown: its heading, the locale's key of its header row
/// (`| a | b |`) and its rows.
struct Table {
    heading: String,
    head: &'static str,
    rows: Vec<Vec<String>>,
}

/// A section: its heading, then its table, the first column left, the
/// numbers right; "—" for a section with no rows.
fn markdown_table(out: &mut dyn Write, lang: Lang, t: Table) -> io::Result<()> {
    writeln!(out, "\n## {}\n", t.heading)?;
    if t.rows.is_empty() {
        return writeln!(out, "—");
    }
    let columns = t.rows.first().map_or(1, Vec::len);
    writeln!(out, "{}", tr(lang, t.head))?;
    writeln!(out, "|---|{}", "---:|".repeat(columns.saturating_sub(1)))?;
    for row in t.rows {
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    Ok(())
}

fn days(lang: Lang, d: Option<f64>) -> String {
    d.map_or("—".to_string(), |d| i18n::decimal(lang, d, 1))
}

fn share(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |s| format!("{:.0} %", s * 100.0))
}

fn flow_table(lang: Lang, r: &Report) -> Table {
    let rows = r.flow.iter().map(|f| {
        let n = [f.entered, f.advanced, f.moved_back, f.lost, f.still_there];
        let mut row = vec![i18n::stage_word(lang, f.stage)];
        row.extend(n.map(|n| n.to_string()));
        row.extend([share(f.conversion), f.skipped.to_string()]);
        row
    });
    Table {
        heading: tr(lang, "report-md-flow"),
        head: "report-md-flow-head",
        rows: rows.collect(),
    }
}

fn time_table(lang: Lang, r: &Report) -> Table {
    let rows = r.time.iter().map(|t| {
        let mut row = vec![i18n::stage_word(lang, t.stage), t.n.to_string()];
        row.extend([t.median_days, t.p75_days, t.open_median_days].map(|d| days(lang, d)));
        row
    });
    Table {
        heading: tr(lang, "report-time"),
        head: "report-md-time-head",
        rows: rows.collect(),
    }
}

fn cohort_table(lang: Lang, r: &Report) -> Table {
    let c = &r.cohort;
    let heading = tr_args(
        lang,
        "report-md-cohort",
        crate::args![
            created = c.created,
            paid = c.paid,
            lost = c.lost,
            active = c.active
        ],
    );
    let rows = c.reached.iter();
    Table {
        heading,
        head: "report-md-cohort-head",
        rows: rows
            .map(|(s, n)| vec![i18n::stage_word(lang, *s), n.to_string()])
            .collect(),
    }
}

fn revenue_table(lang: Lang, r: &Report) -> Table {
    let rows = r.revenue.iter().map(|v| {
        vec![
            v.currency.clone(),
            v.first.count.to_string(),
            i18n::money(lang, v.first.amount_minor, &v.currency),
            v.repeat.count.to_string(),
            i18n::money(lang, v.repeat.amount_minor, &v.currency),
            share(v.repeat_share),
        ]
    });
    Table {
        heading: tr(lang, "report-revenue"),
        head: "report-md-revenue-head",
        rows: rows.collect(),
    }
}

fn sources_table(lang: Lang, r: &Report, currency: &str) -> Table {
    let rows = r.sources.iter().map(|s| {
        vec![
            s.source
                .as_deref()
                .map_or_else(|| tr(lang, "reports-no-source"), cell),
            s.created.to_string(),
            s.paid.to_string(),
            i18n::money(lang, s.amount_minor, currency),
        ]
    });
    Table {
        heading: tr(lang, "report-sources"),
        head: "report-md-sources-head",
        rows: rows.collect(),
    }
}

fn referrals_table(lang: Lang, r: &Report) -> Table {
    let rows = r.referrals.iter().map(|f| {
        let who = match (f.referrer_id, &f.name) {
            (Some(id), Some(name)) => cell(&format!("#{id} {name}")),
            _ => tr(lang, "reports-no-referrer"),
        };
        vec![who, f.referred.to_string(), f.paid.to_string()]
    });
    Table {
        heading: tr(lang, "report-referrals"),
        head: "report-md-referrals-head",
        rows: rows.collect(),
    }
}

fn losses_table(lang: Lang, r: &Report) -> Table {
    let rows = r.losses.iter().map(|l| {
        let reason = cell(l.reason.as_deref().unwrap_or("—"));
        let at = format!("{reason} — {}", i18n::stage_word(lang, l.stage));
        vec![at, l.count.to_string()]
    });
    Table {
        heading: tr(lang, "report-md-losses"),
        head: "report-md-losses-head",
        rows: rows.collect(),
    }
}

/// Calls by outcome, then meetings, e-mails, notes and the time talked.
fn contacts_table(lang: Lang, r: &Report) -> Table {
    let a = &r.activity;
    let mut rows: Vec<Vec<String>> = a
        .calls
        .iter()
        .map(|(outcome, n)| {
            let outcome = i18n::format::outcome_word(lang, outcome);
            let what = tr_args(lang, "report-md-call", crate::args![outcome = outcome]);
            vec![what, n.to_string()]
        })
        .collect();
    for (key, n) in [
        ("report-md-meetings", a.meeting),
        ("report-md-emails", a.email),
        ("report-md-notes", a.note),
    ] {
        rows.push(vec![tr(lang, key), n.to_string()]);
    }
    if a.talk_secs > 0 {
        let time = i18n::format::talk_time(a.talk_secs);
        rows.push(vec![tr(lang, "report-md-talk"), time]);
    }
    Table {
        heading: tr(lang, "report-md-contacts"),
        head: "report-md-contacts-head",
        rows,
    }
}

fn plan_table(lang: Lang, r: &Report) -> Table {
    let rows = r.plan.iter().map(|p| {
        vec![
            p.metric.key().to_string(),
            p.target.to_string(),
            p.fact.to_string(),
            p.percent.map_or("—".to_string(), |x| format!("{x:.1}")),
            p.projected.to_string(),
        ]
    });
    Table {
        heading: tr(lang, "report-plan"),
        head: "report-md-plan-head",
        rows: rows.collect(),
    }
}

/// A person's words as one table cell: control characters made visible,
/// a `|` kept from ending the cell.
fn cell(text: &str) -> String {
    crate::cli::safe::clean(text).replace('|', "\\|")
}

/// The report as CSV rows, `period,section,key,field,value`, for both
/// periods: every number the JSON holds. A person's words (a source, a
/// loss's reason, a referrer's name) are quoted as CSV quotes them and
/// never start a spreadsheet formula.
pub(super) fn csv(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["period", "section", "key", "field", "value"])?;
    csv_period(&mut w, r, "current")?;
    if let Some(p) = &r.previous {
        csv_period(&mut w, p, "previous")?;
    }
    w.flush()
}

/// One period's rows.
fn csv_period(w: &mut csv::Writer<&mut dyn Write>, r: &Report, period: &str) -> io::Result<()> {
    let mut rows = station_rows(r);
    rows.extend(money_rows(r));
    rows.extend(contact_rows(r));
    for Cells(section, key, field, value) in rows {
        w.write_record([
            period,
            section,
            &neutralised(&key),
            &neutralised(&field),
            &neutralised(&value),
        ])?;
    }
    Ok(())
}

/// A CSV row but its period: section, key, field, value.
struct Cells(&'static str, String, String, String);

fn cells(section: &'static str, key: &str, field: &str, value: impl ToString) -> Cells {
    Cells(
        section,
        key.to_string(),
        field.to_string(),
        value.to_string(),
    )
}

/// A number that may be missing: empty then.
fn maybe(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// The flow, the days and the cohort, per station.
fn station_rows(r: &Report) -> Vec<Cells> {
    let mut rows = Vec::new();
    for f in &r.flow {
        let stage = f.stage.key();
        for (field, v) in [
            ("entered", f.entered),
            ("advanced", f.advanced),
            ("moved_back", f.moved_back),
            ("lost", f.lost),
            ("still_there", f.still_there),
            ("skipped", f.skipped),
        ] {
            rows.push(cells("flow", stage, field, v));
        }
        rows.push(cells("flow", stage, "conversion", maybe(f.conversion)));
    }
    for t in &r.time {
        let stage = t.stage.key();
        rows.push(cells("time", stage, "median_days", maybe(t.median_days)));
        rows.push(cells("time", stage, "p75_days", maybe(t.p75_days)));
        let open = maybe(t.open_median_days);
        rows.push(cells("time", stage, "open_median_days", open));
        rows.push(cells("time", stage, "n", t.n));
    }
    let c = &r.cohort;
    for (field, n) in [
        ("created", c.created),
        ("paid", c.paid),
        ("lost", c.lost),
        ("active", c.active),
    ] {
        rows.push(cells("cohort", "", field, n));
    }
    for (stage, n) in &c.reached {
        rows.push(cells("cohort", stage.key(), "reached", n));
    }
    rows
}

/// Revenue, sources and referrals.
fn money_rows(r: &Report) -> Vec<Cells> {
    let mut rows = Vec::new();
    for v in &r.revenue {
        let c = v.currency.as_str();
        rows.push(cells("revenue", c, "first_count", v.first.count));
        rows.push(cells("revenue", c, "first_minor", v.first.amount_minor));
        rows.push(cells("revenue", c, "repeat_count", v.repeat.count));
        rows.push(cells("revenue", c, "repeat_minor", v.repeat.amount_minor));
        rows.push(cells("revenue", c, "repeat_share", maybe(v.repeat_share)));
    }
    for s in &r.sources {
        let source = s.source.as_deref().unwrap_or_default();
        rows.push(cells("sources", source, "created", s.created));
        rows.push(cells("sources", source, "paid", s.paid));
        rows.push(cells("sources", source, "amount_minor", s.amount_minor));
    }
    for f in &r.referrals {
        let id = f.referrer_id.map(|id| id.to_string()).unwrap_or_default();
        let name = f.name.as_deref().unwrap_or_default();
        rows.push(cells("referrals", &id, "name", name));
        rows.push(cells("referrals", &id, "referred", f.referred));
        rows.push(cells("referrals", &id, "paid", f.paid));
    }
    rows
}

/// Losses, contacts and the plan.
fn contact_rows(r: &Report) -> Vec<Cells> {
    let mut rows = Vec::new();
    for l in &r.losses {
        let reason = l.reason.as_deref().unwrap_or_default();
        rows.push(cells("losses", l.stage.key(), reason, l.count));
    }
    let a = &r.activity;
    for (outcome, n) in &a.calls {
        rows.push(cells("activity", "call", outcome, n));
    }
    for (kind, n) in [("meeting", a.meeting), ("email", a.email), ("note", a.note)] {
        rows.push(cells("activity", kind, "count", n));
    }
    if a.talk_secs > 0 {
        rows.push(cells("activity", "call", "talk_secs", a.talk_secs));
    }
    for p in &r.plan {
        let metric = p.metric.key();
        rows.push(cells("plan", metric, "target", p.target));
        rows.push(cells("plan", metric, "fact", p.fact));
        rows.push(cells("plan", metric, "percent", maybe(p.percent)));
        rows.push(cells("plan", metric, "projected", p.projected));
    }
    rows
}
