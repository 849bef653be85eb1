//! How the CLI shows things: aligned text for people, JSON for scripts.

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use std::collections::HashMap;

use crate::domain::segment::Segment;
use crate::domain::{Activity, Client, Conveyor, Order, Reminder, Stage, Status};
use crate::i18n::{self, Lang};
use crate::service::{Agenda, ClientDetail, Now, Paid, utc_to_local};

use crate::i18n::format::{activity_text, days, due_text, reminder_text};
pub(super) use crate::i18n::who;

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    utc_to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Pads `text` with spaces to `width` terminal columns.
pub(super) fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

pub(super) fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    writeln!(out)
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
        let rows = ClientRows {
            out,
            lang,
            now,
            conveyor,
            segments,
            as_json,
            stage_width,
            written: 0,
            json: JsonList::default(),
        };
        if !as_json {
            writeln!(
                rows.out,
                "{:>6}  {}  {:>5}  {}",
                t.col_id,
                pad(t.col_stage, stage_width),
                t.col_days,
                t.col_name
            )?;
        }
        Ok(rows)
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
        let t = i18n::texts(self.lang);
        let mut name = c.name.clone();
        if let Some(company) = &c.company {
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
        writeln!(
            self.out,
            "{:>6}  {}  {:>5}  {name}{marker}",
            c.id,
            pad(&i18n::stage_word(self.lang, c.stage), self.stage_width),
            item.days_in_stage,
        )
    }

    /// Ends the list; how many rows it had.
    pub(super) fn finish(self) -> io::Result<usize> {
        if self.as_json {
            self.json.end(self.out)?;
            writeln!(self.out)?;
        }
        Ok(self.written)
    }
}

/// A JSON array written an item at a time, `depth` levels into a document
/// (a top-level array: 0): the same text `serde_json`'s pretty printer
/// gives for the whole array there, without holding it.
#[derive(Default)]
struct JsonList {
    depth: usize,
    written: usize,
}

impl JsonList {
    fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        // The item indented as inside the array, written at once.
        let indent = "  ".repeat(self.depth + 1);
        let mut item = String::with_capacity(text.len() + 64);
        item.push_str(if self.written == 0 { "[\n" } else { ",\n" });
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                item.push('\n');
            }
            item.push_str(&indent);
            item.push_str(line);
        }
        self.written += 1;
        out.write_all(item.as_bytes())
    }

    fn end(self, out: &mut dyn Write) -> io::Result<()> {
        match self.written {
            0 => out.write_all(b"[]"),
            _ => write!(out, "\n{}]", "  ".repeat(self.depth)),
        }
    }
}

/// A field's name in a JSON object at the top level of a document, as
/// `serde_json`'s pretty printer writes it: after the object's opening
/// (`first`) or the field before. Its value follows ([`json_value`], or a
/// [`JsonList`] one level in).
fn json_key(out: &mut dyn Write, first: bool, key: &str) -> io::Result<()> {
    write!(out, "{}\n  \"{key}\": ", if first { "{" } else { "," })
}

/// A field's value, one level into the document.
fn json_value(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn field(out: &mut dyn Write, label: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(v) => writeln!(out, "  {} {v}", pad(label, 10)),
        None => Ok(()),
    }
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
    let done = if r.done_at.is_some() {
        format!("  [{}]", i18n::texts(lang).done_mark)
    } else {
        String::new()
    };
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
    let paid = match o.paid_on {
        Some(d) => format!("{} {d}", t.paid),
        None => t.unpaid.to_string(),
    };
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

/// `agenda --json`, written as it is read: its lists (the reminders
/// due, the stale cards, the unpaid invoices: most of a large base can be
/// in them) an item at a time, in the agenda's order, then what it says
/// beside them.
pub(super) struct AgendaJson<'a> {
    out: &'a mut dyn Write,
    lang: Lang,
    /// How many fields are begun.
    fields: usize,
    list: Option<JsonList>,
}

impl<'a> AgendaJson<'a> {
    pub(super) fn new(out: &'a mut dyn Write, lang: Lang) -> Self {
        AgendaJson {
            out,
            lang,
            fields: 0,
            list: None,
        }
    }

    /// Ends the list before, if any, and begins the field `key`.
    fn key(&mut self, key: &str) -> io::Result<()> {
        if let Some(list) = self.list.take() {
            list.end(self.out)?;
        }
        json_key(self.out, self.fields == 0, key)?;
        self.fields += 1;
        Ok(())
    }

    /// Begins the list `key`, its items to come.
    pub(super) fn list(&mut self, key: &str) -> io::Result<()> {
        self.key(key)?;
        self.list = Some(JsonList {
            depth: 1,
            written: 0,
        });
        Ok(())
    }

    pub(super) fn item(&mut self, value: &impl Serialize) -> io::Result<()> {
        match &mut self.list {
            Some(list) => list.item(self.out, value),
            None => Err(io::Error::other("an agenda's item outside a list")),
        }
    }

    /// A reminder, its text in the interface's language.
    pub(super) fn reminder(&mut self, r: &Reminder) -> io::Result<()> {
        self.item(&localized_one(self.lang, r))
    }

    /// Writes what the agenda says beside its long lists, and the end.
    pub(super) fn finish(mut self, a: &Agenda) -> io::Result<()> {
        self.key("reactivate")?;
        json_value(self.out, &a.reactivate)?;
        self.key("back")?;
        json_value(self.out, &a.back)?;
        self.key("farmers")?;
        json_value(self.out, &a.farmers)?;
        self.key("farmer_capacity")?;
        json_value(self.out, &a.farmer_capacity)?;
        self.key("over_capacity")?;
        json_value(self.out, &a.over_capacity)?;
        self.out.write_all(b"\n}\n")
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
    field(out, t.phone, c.phone.as_deref())?;
    field(out, t.email, c.email.as_deref())?;
    field(out, t.source, c.source.as_deref())?;
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

/// Writes a section's title with its count, at most `limit` of its
/// entries, and a line saying how many more there are.
/// A titled list: `items` are its first ones, `total` how many it holds.
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

/// The agenda; `limit` caps each section (`None`: everything).
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

pub(super) fn agenda(
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

#[cfg(test)]
mod tests;
