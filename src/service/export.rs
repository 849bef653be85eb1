//! `konveyer export`: the base as a spreadsheet (CSV), as a whole-database
//! dump (JSON) and the open reminders as a calendar (iCalendar).

use std::io::Write;

use chrono::{Duration, NaiveDate};
use icalendar::{Alarm, Calendar, Component, EventLike};

use super::{Now, utc_to_local};
use crate::config::Config;
use crate::domain::{Client, Reminder};
use crate::error::{Error, Result};
use crate::i18n::{Lang, format::reminder_text};
use crate::store::{Contact, DUMP_TABLES, Store};

/// The CSV's columns, in order (their names are what `import` reads back).
pub const CSV_COLUMNS: [&str; 23] = [
    "id",
    "name",
    "company",
    "phone",
    "other_phones",
    "email",
    "source",
    "stage",
    "status",
    "lost_reason",
    "segment",
    "tags",
    "referred_by",
    "created",
    "stage_since",
    "last_activity_at",
    "last_activity",
    "next_reminder_on",
    "next_reminder",
    "revenue",
    "value",
    "expected_on",
    "note",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab
/// or a carriage return first) gets a leading `'`, which shows it as text.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// An amount in minor units as a spreadsheet reads it: `125000.00`.
fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        minor.unsigned_abs() / 100,
        minor.unsigned_abs() % 100
    )
}

/// An amount as the CSV writes it: `125000.00` in the default currency,
/// `USD 100.00` in another.
fn money_cell(minor: i64, currency: &str, default: &str) -> String {
    match currency == default {
        true => decimal(minor),
        false => format!("{currency} {}", decimal(minor)),
    }
}

/// One row per client (UTF-8 with a BOM, for Excel), in id order: its
/// fields, stage, status, segment, last activity, next reminder and paid
/// revenue (the default currency; others beside it as `USD 100.00`).
pub fn export_csv(
    store: &Store,
    now: Now,
    config: &Config,
    lang: Lang,
    delimiter: u8,
    out: &mut dyn Write,
) -> Result<usize> {
    let db = store.read();
    let currency = config.currency();
    let segments = super::segment_map(store, now, currency, config.segments)?;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let csv_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::from(e),
        other => Error::Io(format!("{other:?}")),
    };
    w.write_record(CSV_COLUMNS).map_err(csv_error)?;
    let mut rows = 0;
    // The format read once (chrono reads a format's text at every use:
    // at a million clients, three times each, a sixth of the export).
    let minute: Vec<chrono::format::Item> =
        chrono::format::StrftimeItems::new("%Y-%m-%d %H:%M").collect();
    db.each_client_with_side(far_ahead(now), |c: Client, side| {
        let local = |t| utc_to_local(t).format_with_items(minute.iter()).to_string();
        let (last_at, last_kind) = match side.last {
            Some((at, kind)) => (local(at), kind),
            None => Default::default(),
        };
        let (next_on, next_text) = match &side.next {
            Some(r) => (r.due_on.to_string(), reminder_text(lang, r)),
            None => Default::default(),
        };
        let revenue: Vec<String> = side
            .paid
            .iter()
            .map(|(cur, minor)| money_cell(*minor, cur, currency))
            .collect();
        let value = c
            .value()
            .map(|v| money_cell(v.minor, &v.currency, currency));
        let fields = [
            c.id.to_string(),
            c.name,
            c.company.unwrap_or_default(),
            c.phone.unwrap_or_default(),
            c.other_phones.unwrap_or_default(),
            c.email.unwrap_or_default(),
            c.source.unwrap_or_default(),
            c.stage.key().to_string(),
            c.status.key().to_string(),
            c.lost_reason.unwrap_or_default(),
            segments
                .get(&c.id)
                .map(|s| s.key())
                .unwrap_or_default()
                .to_string(),
            c.tags.unwrap_or_default(),
            c.referred_by.map(|r| r.to_string()).unwrap_or_default(),
            local(c.created_at),
            local(c.stage_since),
            last_at,
            last_kind,
            next_on,
            next_text,
            revenue.join("; "),
            value.unwrap_or_default(),
            c.expected_on.map(|d| d.to_string()).unwrap_or_default(),
            c.notes.unwrap_or_default(),
        ];
        w.write_record(fields.iter().map(|f| neutralised(f).into_owned()))
            .map_err(csv_error)?;
        rows += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(rows)
}

/// A day after every reminder's (days are checked to within 100 years).
fn far_ahead(now: Now) -> NaiveDate {
    now.today() + Duration::days(366 * 200)
}

/// The whole database as one JSON object: `konveyer` (format, schema,
/// when) and one array per table, row by row as stored — what
/// `import --format json` loads back into an empty database.
pub fn export_json(store: &Store, now: Now, out: &mut dyn Write) -> Result<usize> {
    let db = store.read();
    let head = serde_json::json!({
        "format": 1,
        "schema": crate::store::schema::latest(),
        "exported_at": crate::store::ts(now.utc),
    });
    write!(out, "{{\"konveyer\":{head}")?;
    let mut rows = 0;
    for table in DUMP_TABLES {
        write!(out, ",\n\"{table}\":[")?;
        let mut first = true;
        db.each_row(table, |row| {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &row).map_err(|e| Error::Io(e.to_string()))?;
            rows += 1;
            Ok(())
        })?;
        write!(out, "]")?;
    }
    writeln!(out, "}}")?;
    Ok(rows)
}

/// The open reminders of active clients as iCalendar: a VEVENT each (or
/// a VTODO), times in UTC, a day's reminder as an all-day event (DTEND
/// the next day), a display alarm (at the time; at 09:00 for a day), a
/// stable UID per reminder (and its alarm) so a calendar updates instead
/// of doubling.
pub fn export_ics(
    store: &Store,
    now: Now,
    lang: Lang,
    todo: bool,
    out: &mut dyn Write,
) -> Result<usize> {
    // The calendar written a reminder at a time, each read with its
    // client's contact, made, written and dropped (a whole calendar of a
    // million clients' reminders took a gigabyte): its head and end as
    // the crate writes them around them.
    let whole = Calendar::new().name("konveyer").done().to_string();
    let (head, end) = whole
        .rsplit_once("END:VCALENDAR")
        .ok_or_else(|| Error::Io("an empty calendar without its end".into()))?;
    out.write_all(head.as_bytes())?;
    let mut text = String::new();
    let mut written = 0;
    store
        .read()
        .each_open_reminder_with_contact(far_ahead(now), |r, contact| {
            ics_component(&r, contact, now, lang, todo, &mut text)
                .map_err(|_| Error::Io("a reminder could not be written".into()))?;
            out.write_all(text.as_bytes())?;
            text.clear();
            written += 1;
            Ok(())
        })?;
    write!(out, "END:VCALENDAR{end}")?;
    Ok(written)
}

/// One open reminder as a VEVENT (or a VTODO) with its display alarm,
/// written onto `text`: what [`export_ics`] says of each.
fn ics_component(
    r: &Reminder,
    contact: Option<Contact>,
    now: Now,
    lang: Lang,
    todo: bool,
    text: &mut String,
) -> std::fmt::Result {
    let task = reminder_text(lang, r);
    let client = r.client_id.zip(contact);
    let name = r.client_name.clone().unwrap_or_default();
    let summary = match client {
        Some(_) => format!("{name} — {task}"),
        None => task.clone(),
    };
    let description = match client {
        Some((id, (company, phone, email))) => [
            Some(name),
            company,
            phone,
            email,
            Some(format!("konveyer #{id}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n"),
        None => task,
    };
    let mut alarm = match r.due_at {
        Some(_) => Alarm::display(&summary, Duration::zero()),
        None => Alarm::display(&summary, Duration::hours(9)),
    };
    // The alarm's own UID and stamp, which the crate would make up (a
    // random one, the clock's): the same base exported at the same moment
    // is the same file.
    alarm
        .uid(&format!("reminder-{}-alarm@konveyer", r.id))
        .timestamp(now.utc);
    let uid = format!("reminder-{}@konveyer", r.id);
    if todo {
        let mut t = icalendar::Todo::new();
        t.uid(&uid)
            .timestamp(now.utc)
            .summary(&summary)
            .description(&description);
        match r.due_at {
            Some(at) => t.due(at),
            None => t.due(r.due_on),
        };
        return t.alarm(alarm).done().fmt_write(text);
    }
    let mut e = icalendar::Event::new();
    e.uid(&uid)
        .timestamp(now.utc)
        .summary(&summary)
        .description(&description);
    match r.due_at {
        Some(at) => e.starts(at).ends(at + Duration::minutes(30)),
        None => e.starts(r.due_on).ends(r.due_on + Duration::days(1)),
    };
    e.alarm(alarm).done().fmt_write(text)
}

/// How many rows a dump put back, by table.
pub type Loaded = Vec<(&'static str, usize)>;

/// Loads a dump written by [`export_json`] into an empty database, every
/// row as it was (ids included); all or nothing. A dump of another schema
/// version, or a database that already holds clients, is refused.
/// `rehearse`: checked and loaded inside a transaction taken back.
pub fn load_dump(store: &mut Store, dump: &serde_json::Value, rehearse: bool) -> Result<Loaded> {
    let head = &dump["konveyer"];
    let schema = head["schema"].as_i64();
    if head["format"].as_i64() != Some(1) || schema != Some(crate::store::schema::latest()) {
        return Err(Error::DumpVersion(
            schema.unwrap_or_default(),
            crate::store::schema::latest(),
        ));
    }
    if store.read().count_clients(None, None)? > 0 {
        return Err(Error::DumpNotEmpty);
    }
    let load = |db: &crate::store::WriteDb| {
        let mut loaded = Vec::new();
        for table in DUMP_TABLES {
            let rows = dump[table]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            db.load_rows(table, rows)?;
            loaded.push((table, rows.len()));
        }
        db.settle_change_counter()?;
        Ok(loaded)
    };
    match rehearse {
        true => store.rehearse(load),
        false => store.write(load),
    }
}
