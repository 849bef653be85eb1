//! How the CLI shows things: aligned text for people, JSON for scripts.

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use std::collections::HashMap;

use crate::domain::segment::Segment;
use crate::domain::{Activity, Client, Conveyor, Order, Reminder, Stage, Status, phone};
use crate::i18n::{self, Lang};
use crate::service::{ClientDetail, Now, Paid, utc_to_local};

use crate::i18n::format::{activity_text, due_text, reminder_text};
pub(super) use crate::i18n::who;

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    utc_to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Pads `text` with spaces to `width` terminal columns.
pub(super) fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// A client as `list --json` shows it.
#[derive(Serialize)]
struct ListedClient<'a> {
    #[serde(flatten)]
    client: &'a Client,
    days_in_stage: i64,
    stale: bool,
    /// ABC(D) in force (clients that never paid and have no override: none).
    segment: Option<Segment>,
}

/// `list`'s rows, written as they are read: a table for a person, or a
/// JSON array — the same text [`json`] gives for the whole list, without
/// holding it.
pub(super) struct ClientRows<'a> {
    out: &'a mut dyn Write,
    lang: Lang,
    now: Now,
    conveyor: &'a Conveyor,
    segments: &'a HashMap<i64, Segment>,
    as_json: bool,
    stage_width: usize,
    /// The phone column's width, when the rows show one (`find`).
    phone_width: Option<usize>,
    /// Whether the table's header is written (before the first row).
    headed: bool,
    written: usize,
    json: JsonList,
}

impl<'a> ClientRows<'a> {
    /// Starts the list (the table's header); `stages` are those its rows
    /// may show, for the stage column's width.
    pub(super) fn new(
        out: &'a mut dyn Write,
        lang: Lang,
        now: Now,
        conveyor: &'a Conveyor,
        segments: &'a HashMap<i64, Segment>,
        as_json: bool,
        stages: &[Stage],
    ) -> io::Result<Self> {
        let t = i18n::texts(lang);
        let stage_width = stages
            .iter()
            .map(|s| i18n::stage_word(lang, *s).width())
            .chain([t.col_stage.width()])
            .max()
            .unwrap_or_default();
        Ok(ClientRows {
            out,
            lang,
            now,
            conveyor,
            segments,
            as_json,
            stage_width,
            phone_width: None,
            headed: as_json,
            written: 0,
            json: JsonList::default(),
        })
    }

    /// Rows that show each client's number to dial, as its country writes
    /// it (`clients`: those the rows will be, for the column's width).
    pub(super) fn with_phones(mut self, clients: &[Client]) -> Self {
        let t = i18n::texts(self.lang);
        let widest = clients.iter().filter_map(|c| c.phone.as_deref());
        let widest = widest.map(|p| phone::readable(p).width()).max();
        self.phone_width = Some(widest.unwrap_or_default().max(t.col_phone.width()));
        self
    }

    /// The table's header, once, before the first row (or alone).
    fn head(&mut self) -> io::Result<()> {
        if self.headed {
            return Ok(());
        }
        self.headed = true;
        let t = i18n::texts(self.lang);
        let phone = self
            .phone_width
            .map(|w| format!("{}  ", pad(t.col_phone, w)));
        writeln!(
            self.out,
            "{:>6}  {}  {:>5}  {}{}",
            t.col_id,
            pad(t.col_stage, self.stage_width),
            t.col_days,
            phone.unwrap_or_default(),
            t.col_name
        )
    }

    pub(super) fn row(&mut self, c: &Client) -> io::Result<()> {
        let item = ListedClient {
            client: c,
            days_in_stage: c.days_in_stage(self.now.utc),
            stale: c.is_stale(self.now.utc, self.conveyor.stale_days(c.stage)),
            segment: self.segments.get(&c.id).copied(),
        };
        self.written += 1;
        if self.as_json {
            return self.json.item(self.out, &item);
        }
        self.head()?;
        let t = i18n::texts(self.lang);
        let mut name = c.name.clone();
        if let Some(company) = c.company_beside() {
            name.push_str(" — ");
            name.push_str(company);
        }
        let marker = match (c.status, item.stale) {
            (Status::Lost, _) => format!(
                "  [{}: {}]",
                t.status_lost,
                c.lost_reason.as_deref().unwrap_or_default()
            ),
            (Status::Active, true) => format!("  [{}]", t.stale_mark),
            _ => String::new(),
        };
        let phone = self.phone_width.map(|w| {
            let number = c.phone.as_deref().map(phone::readable).unwrap_or_default();
            format!("{}  ", pad(&number, w))
        });
        writeln!(
            self.out,
            "{:>6}  {}  {:>5}  {}{name}{marker}",
            c.id,
            pad(&i18n::stage_word(self.lang, c.stage), self.stage_width),
            item.days_in_stage,
            phone.unwrap_or_default(),
        )
    }

    /// Ends the list; how many rows it had.
    pub(super) fn finish(mut self) -> io::Result<usize> {
        self.head()?;
        if self.as_json {
            self.json.end(self.out)?;
            writeln!(self.out)?;
        }
        Ok(self.written)
    }
}

fn field(out: &mut dyn Write, label: &str, value: Option<&str>) -> io::Result<()> {
    // A value of several lines (a note) is a line each, under the first.
    for (i, part) in value.into_iter().flat_map(str::lines).enumerate() {
        let label = if i == 0 { label } else { "" };
        writeln!(out, "  {} {part}", pad(label, 10))?;
    }
    Ok(())
}

/// A client's open reminders, soonest first; apart from them the latest
/// done (all of them in the JSON).
fn detail_reminders(out: &mut dyn Write, lang: Lang, d: &ClientDetail) -> io::Result<()> {
    let t = i18n::texts(lang);
    let (open, mut done): (Vec<&Reminder>, Vec<&Reminder>) =
        d.reminders.iter().partition(|r| r.done_at.is_none());
    if !open.is_empty() {
        writeln!(out, "\n{}", t.reminders)?;
        for r in open {
            reminder_line(out, lang, r, false)?;
        }
    }
    if !done.is_empty() {
        writeln!(out, "\n{}", i18n::tr(lang, "text-done-reminders"))?;
        done.sort_by(|a, b| b.done_at.cmp(&a.done_at).then(b.id.cmp(&a.id)));
        for r in done.iter().take(DONE_SHOWN) {
            reminder_line(out, lang, r, false)?;
        }
        if done.len() > DONE_SHOWN {
            let more = i18n::tr_args(
                lang,
                "text-done-more",
                crate::args![n = (done.len() - DONE_SHOWN) as i64],
            );
            writeln!(out, "  {more}")?;
        }
    }
    Ok(())
}

/// The done reminders `show` prints (the latest).
const DONE_SHOWN: usize = 3;

fn reminder_line(
    out: &mut dyn Write,
    lang: Lang,
    r: &Reminder,
    with_client: bool,
) -> io::Result<()> {
    let about = match (&r.client_name, r.client_id, with_client) {
        (Some(name), Some(id), true) => format!("  ({name}, #{id})"),
        _ => String::new(),
    };
    let done = i18n::closed_mark(lang, r);
    writeln!(
        out,
        "  {:>5}  {}  {}{about}{done}",
        format!("#{}", r.id),
        pad(&due_text(r), 16),
        reminder_text(lang, r)
    )
}

/// `   #12  ₽80,000        `: an order's number and amount, aligned.
fn order_cells(lang: Lang, id: i64, minor: i64, currency: &str) -> String {
    let number = format!("#{id}");
    format!(
        "  {number:>5}  {}",
        pad(&i18n::money(lang, minor, currency), 14)
    )
}

fn order_line(out: &mut dyn Write, lang: Lang, o: &Order) -> io::Result<()> {
    let t = i18n::texts(lang);
    let paid = i18n::order_state(lang, o);
    let cells = order_cells(lang, o.id, o.amount_minor, &o.currency);
    writeln!(out, "{cells}  {} {}  {paid}", t.invoiced, o.invoiced_on)
}

fn activity_line(
    out: &mut dyn Write,
    lang: Lang,
    a: &Activity,
    orders: &[Order],
) -> io::Result<()> {
    writeln!(
        out,
        "  {}  {}  {}",
        when(a.at),
        pad(i18n::activity_word(lang, a.kind), 9),
        activity_text(lang, a, orders)
    )
}

/// Reminders as JSON carry their text in the interface's language.
fn localized(lang: Lang, reminders: &[Reminder]) -> Vec<Reminder> {
    reminders.iter().map(|r| localized_one(lang, r)).collect()
}

fn localized_one(lang: Lang, r: &Reminder) -> Reminder {
    Reminder {
        text: reminder_text(lang, r),
        ..r.clone()
    }
}

/// `show --json`: the detail with the client's segment.
#[derive(Serialize)]
struct ShownClient<'a> {
    #[serde(flatten)]
    detail: &'a ClientDetail,
    segment: Option<&'a crate::service::SegmentRow>,
}

pub(super) fn detail(
    out: &mut dyn Write,
    lang: Lang,
    d: &ClientDetail,
    segment: Option<&crate::service::SegmentRow>,
    as_json: bool,
) -> io::Result<()> {
    if as_json {
        let d = ClientDetail {
            reminders: localized(lang, &d.reminders),
            ..d.clone()
        };
        return json(
            out,
            &ShownClient {
                detail: &d,
                segment,
            },
        );
    }
    let t = i18n::texts(lang);
    let c = &d.client;
    writeln!(out, "{}", who(c))?;
    let stage = format!(
        "{}, {} {}",
        i18n::stage_word(lang, c.stage),
        d.days_in_stage,
        t.days_short
    );
    field(out, t.stage, Some(&stage))?;
    field(out, &i18n::tr(lang, "text-owner"), c.owner.as_deref())?;
    if c.status == Status::Lost {
        let lost = format!(
            "{}: {}",
            t.status_lost,
            c.lost_reason.as_deref().unwrap_or_default()
        );
        field(out, "", Some(&lost))?;
    }
    field(out, t.phone, phone::readable_all(c.phones()).as_deref())?;
    field(out, t.email, c.email.as_deref())?;
    field(out, t.source, c.source.as_deref())?;
    field(out, t.tags, c.tags.as_deref())?;
    let expected = i18n::expected_deal(lang, c);
    field(out, &i18n::tr(lang, "text-expected"), expected.as_deref())?;
    field(out, t.notes, c.notes.as_deref())?;
    if let Some(s) = segment {
        let class = match (&s.manual, s.computed) {
            (Some(o), Some(c)) if o.segment != c => {
                format!("{} ({} → {})", s.segment.key(), c.key(), o.segment.key())
            }
            _ => s.segment.key().to_string(),
        };
        field(out, &i18n::tr(lang, "text-segment"), Some(&class))?;
    }
    detail_reminders(out, lang, d)?;
    if !d.orders.is_empty() {
        writeln!(out, "\n{}", t.orders)?;
        for o in &d.orders {
            order_line(out, lang, o)?;
        }
    }
    writeln!(out, "\n{}", t.timeline)?;
    for a in &d.timeline {
        activity_line(out, lang, a, &d.orders)?;
    }
    Ok(())
}

pub(super) fn paid(out: &mut dyn Write, lang: Lang, p: &Paid) -> io::Result<()> {
    let amount = i18n::money(lang, p.order.amount_minor, &p.order.currency);
    let promoted = p.promoted.then(|| who(&p.client));
    writeln!(
        out,
        "{}",
        i18n::order_paid(lang, p.order.id, &amount, promoted.as_deref())
    )
}

/// Segments: the class in force, the computed one when an override differs.
pub(super) fn segments(
    out: &mut dyn Write,
    lang: Lang,
    rows: &[crate::service::SegmentRow],
    currency: &str,
    as_json: bool,
) -> io::Result<()> {
    if as_json {
        return json(out, &rows);
    }
    if rows.is_empty() {
        crate::cli::safe::eprint_line(&i18n::tr(lang, "segments-empty"));
        return Ok(());
    }
    writeln!(out, "{}", i18n::tr(lang, "segments-header"))?;
    for r in rows {
        let class = match (&r.manual, r.computed) {
            (Some(o), Some(c)) if o.segment != c => {
                format!("{} ({}→{})", r.segment.key(), c.key(), o.segment.key())
            }
            (Some(_), None) => format!("{} (—)", r.segment.key()),
            _ => r.segment.key().to_string(),
        };
        let mut line = format!(
            "{:<7} {:<14} {:>18}  {}",
            format!("#{}", r.id),
            class,
            i18n::money(lang, r.revenue_minor, currency),
            r.name
        );
        if let Some(note) = r.manual.as_ref().and_then(|o| o.note.as_deref()) {
            line.push_str(&format!(" — {note}"));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

mod agenda;
mod json;

pub(super) use agenda::AgendaText;
use json::JsonList;
pub(super) use json::{AgendaJson, json};

#[cfg(test)]
mod tests;
