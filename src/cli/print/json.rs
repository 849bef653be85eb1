//! JSON for scripts: a value whole, or a document written a piece at a
//! time as it is read (a list of clients, the agenda's lists) — the same
//! text `serde_json`'s pretty printer gives for the whole value.

use std::io::{self, Write};

use serde::Serialize;

use super::localized_one;
use crate::domain::Reminder;
use crate::i18n::Lang;
use crate::service::Agenda;

/// `value` as pretty JSON, and a newline.
pub(in crate::cli) fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    writeln!(out)
}

/// A JSON array written an item at a time, `depth` levels into a document
/// (a top-level array: 0): the same text `serde_json`'s pretty printer
/// gives for the whole array there, without holding it.
#[derive(Default)]
pub(super) struct JsonList {
    pub(super) depth: usize,
    pub(super) written: usize,
}

impl JsonList {
    pub(super) fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
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

    pub(super) fn end(self, out: &mut dyn Write) -> io::Result<()> {
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

/// `agenda --json`, written as it is read: its lists (the reminders
/// due, the stale cards, the unpaid invoices: most of a large base can be
/// in them) an item at a time, in the agenda's order, then what it says
/// beside them.
pub(in crate::cli) struct AgendaJson<'a> {
    out: &'a mut dyn Write,
    lang: Lang,
    /// How many fields are begun.
    fields: usize,
    list: Option<JsonList>,
}

impl<'a> AgendaJson<'a> {
    pub(in crate::cli) fn new(out: &'a mut dyn Write, lang: Lang) -> Self {
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
    pub(in crate::cli) fn list(&mut self, key: &str) -> io::Result<()> {
        self.key(key)?;
        self.list = Some(JsonList {
            depth: 1,
            written: 0,
        });
        Ok(())
    }

    pub(in crate::cli) fn item(&mut self, value: &impl Serialize) -> io::Result<()> {
        match &mut self.list {
            Some(list) => list.item(self.out, value),
            None => Err(io::Error::other("an agenda's item outside a list")),
        }
    }

    /// A reminder, its text in the interface's language.
    pub(in crate::cli) fn reminder(&mut self, r: &Reminder) -> io::Result<()> {
        self.item(&localized_one(self.lang, r))
    }

    /// Writes what the agenda says beside its long lists, and the end.
    pub(in crate::cli) fn finish(mut self, a: &Agenda) -> io::Result<()> {
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
