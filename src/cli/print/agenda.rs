//! The agenda as text: a section per list, titled with its count.

use std::io::{self, Write};

use super::{order_cells, reminder_line};
use crate::i18n::format::days;
use crate::i18n::{self, Lang, who};
use crate::service::Agenda;

/// A section's title with how many it holds (`total`; `items` are its
/// first ones), at most `limit` of its entries, and a line saying how many
/// more there are.
fn section<T>(
    out: &mut dyn Write,
    lang: Lang,
    title: &str,
    (items, total): (&[T], usize),
    limit: Option<usize>,
    mut line: impl FnMut(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<()> {
    let total = total.max(items.len());
    writeln!(out, "{title} ({total})")?;
    let shown = limit.unwrap_or(usize::MAX).min(items.len());
    for item in &items[..shown] {
        line(out, item)?;
    }
    if shown < total {
        writeln!(out, "  {}", i18n::more_entries(lang, total - shown))?;
    }
    Ok(())
}

/// The lost clients whose day to come back has come, first of all.
fn back_section(
    out: &mut dyn Write,
    lang: Lang,
    back: &[crate::service::ComingBack],
) -> io::Result<()> {
    if back.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", i18n::tr(lang, "agenda-back"))?;
    for b in back {
        let args = crate::args![
            id = b.client_id,
            name = b.name.clone(),
            reason = b.reason.clone().unwrap_or_default(),
            lost = b.lost_on.map(|d| d.to_string()).unwrap_or_default()
        ];
        writeln!(out, "  {}", i18n::tr_args(lang, "agenda-back-line", args))?;
    }
    writeln!(out)
}

/// The agenda as text; `limit` caps each section (`None`: everything).
pub(in crate::cli) fn agenda(
    out: &mut dyn Write,
    lang: Lang,
    a: &Agenda,
    limit: Option<usize>,
) -> io::Result<()> {
    back_section(out, lang, &a.back)?;
    let t = i18n::texts(lang);
    for (title, reminders, total) in [
        (t.overdue, &a.overdue, a.totals[0]),
        (t.today, &a.today, a.totals[1]),
        (t.upcoming, &a.upcoming, a.totals[2]),
    ] {
        section(out, lang, title, (reminders, total), limit, |out, r| {
            reminder_line(out, lang, r, true)
        })?;
    }
    let unpaid = (a.unpaid.as_slice(), a.totals[3]);
    section(out, lang, t.unpaid_invoices, unpaid, limit, |out, u| {
        let cells = order_cells(lang, u.order_id, u.amount_minor, &u.currency);
        let (id, name) = (u.client_id, &u.name);
        writeln!(out, "{cells}  #{id} {name} — {}", days(lang, u.age_days))
    })?;
    let reactivate = (a.reactivate.as_slice(), a.totals[4]);
    section(out, lang, t.reactivate, reactivate, limit, |out, l| {
        let idle = days(lang, l.idle_days);
        writeln!(out, "  #{} {} — {idle} ({})", l.client_id, l.name, l.since)
    })?;
    let load = format!(
        "{}: {}/{}",
        i18n::stage_role(lang, crate::domain::Stage::Farmer),
        a.farmers,
        a.farmer_capacity
    );
    if a.over_capacity {
        writeln!(out, "{load} — {}", t.over_capacity)?;
    } else {
        writeln!(out, "{load}")?;
    }
    if !a.stale_by_station.is_empty() {
        let total: i64 = a.stale_by_station.iter().map(|s| s.count).sum();
        writeln!(out, "{} ({total})", t.stale)?;
        for s in &a.stale_by_station {
            let line = i18n::stale_station(
                lang,
                i18n::stage_role(lang, s.stage),
                s.count,
                &days(lang, i64::from(s.limit)),
                &days(lang, s.oldest_days),
            );
            writeln!(out, "  {line}")?;
        }
        return writeln!(out, "  {}", i18n::tr(lang, "stale-every"));
    }
    section(
        out,
        lang,
        t.stale,
        (&a.stale, a.totals[5]),
        limit,
        |out, s| {
            writeln!(
                out,
                "  {} — {}, {} (> {})",
                who(&s.client),
                i18n::stage_word(lang, s.client.stage),
                days(lang, s.days),
                s.limit
            )
        },
    )
}
