//! CSV from spreadsheets and other CRMs: the separator sniffed from the
//! header line, header names in English and Russian — as amoCRM, Bitrix24,
//! Pipedrive, HubSpot and Salesforce export them — mapped to a lead's
//! fields (first + last name joined), or as a column map says; every other
//! column kept as `Header: value` lines of the note.

use super::dates::{DateOrder, Slashes};
use super::{Lead, ReadError};

pub use super::headers::{FIELD_NAMES, Field, field_name, map_entry};
use super::headers::{
    TITLE_ROWS, currency_in, fields_of, folded, header_row, names_a_client, of_leads, scale_in,
};

/// The separator the header line uses most, outside quotes: `,` `;` or tab.
/// A tie (`Имя;Бюджет, руб.`) goes to the one the next record uses as
/// often, else to the earlier: a comma.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = first_record(text);
    let counts = separators(header);
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let tied: Vec<u8> = counts
        .iter()
        .filter(|(_, n)| *n == most)
        .map(|(d, _)| *d)
        .collect();
    let next = text.get(header.len() + 1..).map(first_record);
    let alike = |d: &u8| next.is_some_and(|next| separators(next).contains(&(*d, most)));
    match tied.iter().find(|d| alike(d)) {
        Some(d) if tied.len() > 1 => *d,
        _ => tied[0],
    }
}

/// How many of each separator a record has outside quotes.
fn separators(record: &str) -> [(u8, usize); 3] {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in record.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
}

/// The first line, or the first record when a quoted header spans lines.
fn first_record(text: &str) -> &str {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => return &text[..i],
            _ => {}
        }
    }
    text
}

/// The leads of a CSV text (already decoded), all at once.
pub fn read(text: &str, delimiter: Option<u8>) -> Result<Vec<Lead>, ReadError> {
    reader(text, delimiter, &[])?.collect()
}

/// The leads of a CSV text one by one: the header is checked first (a file
/// without a name column is refused before anything is read).
/// `map` says what columns hold where the names do not (or otherwise);
/// a header it names that the file does not have is refused.
pub fn reader<'a>(
    text: &'a str,
    delimiter: Option<u8>,
    map: &[(String, Field)],
) -> Result<Reader<'a>, ReadError> {
    let (text, csv, headers, title, delimiter) = header_of(text, delimiter)?;
    if let Some((missing, _)) = map
        .iter()
        .find(|(name, _)| !headers.iter().any(|h| folded(h) == folded(name)))
    {
        return Err(ReadError::MapNoColumn(missing.clone(), headers.join(", ")));
    }
    let fields = fields_of(&headers, map);
    // A value column's header may name its currency (`Amount (USD)`).
    let units = headers
        .iter()
        .zip(&fields)
        .map(|(h, f)| match f {
            Some(Field::Value) => (currency_in(h).map(|(_, code)| code), scale_in(h)),
            _ => (None, None),
        })
        .collect();
    let has = |f: Field| fields.contains(&Some(f));
    if !fields.iter().any(|f| names_a_client(*f)) {
        return Err(ReadError::NoNameColumn(headers.join(", ")));
    }
    let columns = (0..fields.len())
        .filter(|&i| fields[i].is_some_and(Field::is_date))
        .collect();
    Ok(Reader {
        slashes: Slashes::new(columns, delimiter),
        // "Имя" alone is the whole name; beside "Фамилия" it is the first name.
        split_names: has(Field::Last) || has(Field::Name),
        stage_of_lead: headers
            .iter()
            .zip(&fields)
            .any(|(h, f)| *f == Some(Field::Stage) && of_leads(h)),
        text,
        csv,
        headers,
        fields,
        units,
        counted_to: 0,
        // A record's line is counted in the file, its title included.
        line: 1 + title,
        record: csv::StringRecord::new(),
        done: false,
    })
}

/// A CSV text from its header on (without its byte-order mark and any
/// title above the header), a reader at its first record, its headers
/// (trimmed), and how many lines the title took.
type Headed<'a> = (&'a str, csv::Reader<&'a [u8]>, Vec<String>, usize, u8);

fn header_of(text: &str, delimiter: Option<u8>) -> Result<Headed<'_>, ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    // A report saved as CSV: its title's lines (each split as it would be
    // read) above the header are left out.
    let lines: Vec<&str> = text.split_inclusive('\n').take(TITLE_ROWS).collect();
    let cells: Vec<Vec<&str>> = lines
        .iter()
        .map(|line| {
            let d = delimiter.unwrap_or_else(|| sniff_delimiter(line));
            line.trim_end()
                .split(char::from(d))
                .map(|c| c.trim_matches('"'))
                .collect()
        })
        .collect();
    let title = header_row(&cells);
    let text = &text[lines[..title].iter().map(|l| l.len()).sum::<usize>()..];
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| ReadError::Csv(1, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok((text, csv, headers, title, delimiter))
}

/// A table's columns and the field each becomes (`map`'s entries first,
/// then the names known); `None`: kept in the note as `Header: value`.
pub fn columns(
    text: &str,
    delimiter: Option<u8>,
    map: &[(String, Field)],
) -> Result<Vec<(String, Option<Field>)>, ReadError> {
    let (_, _, headers, ..) = header_of(text, delimiter)?;
    let fields = fields_of(&headers, map);
    Ok(headers.into_iter().zip(fields).collect())
}

/// Leads read as they are asked for.
pub struct Reader<'a> {
    text: &'a str,
    csv: csv::Reader<&'a [u8]>,
    headers: Vec<String>,
    fields: Vec<Option<Field>>,
    /// The currency and scale each value column's header names, if any.
    units: Vec<(Option<String>, Option<i64>)>,
    split_names: bool,
    /// Whether the stage column is a lead's status (`Статус`), not a
    /// deal's stage.
    stage_of_lead: bool,
    /// Newlines counted up to this byte: a record's line is the newlines
    /// before where it starts, plus one, whatever the line ends and quotes.
    counted_to: usize,
    line: usize,
    record: csv::StringRecord,
    /// How the file's dates written with slashes read.
    slashes: Slashes,
    done: bool,
}

impl Reader<'_> {
    /// Dates written with slashes read in `order` (`--date-order`), not as
    /// the file says.
    pub fn with_date_order(mut self, order: Option<DateOrder>) -> Self {
        if let Some(order) = order {
            self.slashes.give(order);
        }
        self
    }

    /// Refuses, before any row is read, a file whose slashed dates may be
    /// day or month first with no row saying which (the command line's
    /// way: the board's preview shows its guess and reads the other way
    /// on a key).
    pub fn refusing_guessed_dates(mut self) -> Result<Self, ReadError> {
        let rest = &self.text[self.csv.position().byte() as usize..];
        self.slashes.settle_first(rest)?;
        Ok(self)
    }

    /// How far into the text the reader is, and the text's length (bytes).
    pub fn progress(&self) -> (usize, usize) {
        (self.csv.position().byte() as usize, self.text.len())
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte > self.counted_to {
            self.line += self.text.as_bytes()[self.counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.counted_to = byte;
        }
        self.line
    }

    fn lead(&self, row: usize) -> Lead {
        let mut lead = Lead {
            row,
            stage_of_lead: self.stage_of_lead,
            ..Lead::default()
        };
        let (mut first, mut middle, mut last) = (None, None, None);
        let columns = self.headers.iter().zip(&self.fields).zip(&self.units);
        for (value, ((header, field), (currency, scale))) in self.record.iter().zip(columns) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            // A second column of a field already set (1C's Наименование
            // beside its Полное наименование) is not lost: what differs
            // goes into the note with the rest.
            let set = |slot: &mut Option<String>| match slot {
                None => {
                    *slot = Some(value.to_string());
                    true
                }
                Some(kept) => kept == value,
            };
            let kept = match field {
                Some(Field::Name) => set(&mut lead.name),
                Some(Field::First) if self.split_names => set(&mut first),
                Some(Field::First) => set(&mut lead.name),
                Some(Field::Middle) => set(&mut middle),
                Some(Field::Last) => set(&mut last),
                Some(Field::Company) => set(&mut lead.company),
                Some(Field::Phone) => {
                    lead.phones.extend(phones(value));
                    true
                }
                Some(Field::Email) => {
                    lead.emails.extend(emails(value));
                    true
                }
                Some(Field::Source) => set(&mut lead.source),
                Some(Field::Stage) => set(&mut lead.stage),
                Some(Field::Status) => set(&mut lead.status),
                Some(Field::Value) => {
                    if lead.amount.is_none() {
                        lead.amount_currency.clone_from(currency);
                        lead.amount_scale = *scale;
                    }
                    set(&mut lead.amount)
                }
                Some(Field::Currency) => set(&mut lead.currency),
                Some(Field::Paid) => set(&mut lead.paid),
                Some(
                    f @ (Field::Created
                    | Field::Closed
                    | Field::Expected
                    | Field::Next
                    | Field::LastCall
                    | Field::StageSince),
                ) => self.slashes.set(&mut lead, *f, value),
                Some(Field::NextText) => set(&mut lead.next_text),
                Some(Field::LostReason) => set(&mut lead.lost_reason),
                Some(Field::Owner) => set(&mut lead.owner),
                Some(Field::Skip) => true,
                Some(Field::Note) => set(&mut lead.note),
                Some(Field::Tags) => set(&mut lead.tags),
                None => false,
            };
            if !kept {
                lead.extra.push((header.clone(), value.to_string()));
            }
        }
        address_out_of_name(&mut lead);
        if lead.name.is_none() {
            lead.name = joined_name([last, first, middle]);
        }
        lead
    }
}

/// An address written after a name in its cell (HubSpot's associated
/// contact, a mail client's `Name <address>`): the name alone, the address
/// after the row's own addresses.
fn address_out_of_name(lead: &mut Lead) {
    let named = lead.name.as_deref().and_then(name_and_address);
    let Some((name, address)) = named.map(|(n, a)| (n.to_string(), a.to_string())) else {
        return;
    };
    lead.name = Some(name);
    if !lead.emails.contains(&address) {
        lead.emails.push(address);
    }
}

/// A name cell that ends with an e-mail address in brackets (`Hans Weber
/// (hans@acme.de)`, `Anna <anna@x.ru>`): the name and the address.
fn name_and_address(value: &str) -> Option<(&str, &str)> {
    let close = match value.chars().last()? {
        ')' => '(',
        '>' => '<',
        _ => return None,
    };
    let open = value.rfind(close)?;
    let address = value[open + 1..value.len() - 1].trim();
    let name = value[..open].trim().trim_matches('"').trim();
    let bare = !address.contains([' ', ',', ';', '(', '<']);
    // One person's: a cell of several (`A <a@x>, B <b@x>`) stays whole.
    let one = !name.is_empty() && !name.contains('@');
    (bare && one && address.contains('@')).then_some((name, address))
}

/// A name from its parts (surname, first name, patronymic), each if
/// given: "Фамилия Имя Отчество" as a Russian list writes all three,
/// "Имя Фамилия" for the first and last alone.
fn joined_name(parts: [Option<String>; 3]) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    let joined = match parts.len() {
        3 => parts.join(" "),
        _ => parts.into_iter().rev().collect::<Vec<_>>().join(" "),
    };
    (!joined.is_empty()).then_some(joined)
}

/// A cell's parts, as CRMs and address books write several values in
/// one: Google Contacts `… ::: …`, amoCRM and spreadsheets `…, …` or
/// `…; …` (and, for e-mails, a space).
fn parts<'a>(value: &'a str, also: &'a [char]) -> impl Iterator<Item = &'a str> {
    value
        .split(":::")
        .flat_map(move |p| p.split(|c| matches!(c, ',' | ';') || also.contains(&c)))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// A phone cell's numbers: each of several, or the cell whole when it
/// holds one (`8 495 123-45-67, доб. 12` is one number with its extension).
fn phones(value: &str) -> Vec<String> {
    if !value.contains([',', ';', ':']) {
        return vec![value.to_string()];
    }
    let found: Vec<&str> = parts(value, &[]).collect();
    let numbers = |p: &&&str| p.chars().filter(char::is_ascii_digit).count() >= 5;
    match found.iter().filter(numbers).count() {
        0 | 1 => vec![value.to_string()],
        _ => found.into_iter().map(str::to_string).collect(),
    }
}

/// An e-mail cell's addresses (an address has no comma, semicolon or
/// space), each out of its angle brackets or link (`Anna <anna@x.ru>`,
/// `mailto:anna@x.ru`); the cell whole when it has none.
fn emails(value: &str) -> Vec<String> {
    if !value.contains([',', ';', ':', ' ', '\t', '<']) {
        return vec![value.to_string()];
    }
    let found: Vec<String> = parts(value, &[' ', '\t'])
        .filter(|p| p.contains('@'))
        .map(|p| p.trim_matches(['<', '>', '"', '\'']))
        .map(|p| match p.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => p[7..].to_string(),
            _ => p.to_string(),
        })
        .collect();
    match found.is_empty() {
        true => vec![value.to_string()],
        false => found,
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Lead, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            // The reader may stop between a CR and its LF: the record starts
            // after any line ends.
            let mut start = self.csv.position().byte() as usize;
            while matches!(self.text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let row = self.line_at(start);
            let mut record = std::mem::take(&mut self.record);
            let read = self.csv.read_record(&mut record);
            self.record = record;
            match read {
                Ok(true) if self.record.iter().all(|v| v.trim().is_empty()) => continue,
                Ok(true) => {
                    let rest = &self.text[self.csv.position().byte() as usize..];
                    if let Err(e) = self.slashes.settle(&self.record, rest) {
                        self.done = true;
                        return Some(Err(e));
                    }
                    return Some(Ok(self.lead(row)));
                }
                Ok(false) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::Csv(row, e.to_string())));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
