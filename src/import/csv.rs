//! CSV from spreadsheets and other CRMs: the separator sniffed from the
//! header line, header names in English and Russian — as amoCRM, Bitrix24,
//! Pipedrive, HubSpot and Salesforce export them — mapped to a lead's
//! fields (first + last name joined), or as a column map says; every other
//! column kept as `Header: value` lines of the note.

use super::{Lead, ReadError};

pub use super::headers::{FIELD_NAMES, Field, field_name, map_entry};
use super::headers::{
    TITLE_ROWS, currency_in, field_of, folded, header_row, names_a_client, scale_in,
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
    let (text, csv, headers, title) = header_of(text, delimiter)?;
    if let Some((missing, _)) = map
        .iter()
        .find(|(name, _)| !headers.iter().any(|h| folded(h) == folded(name)))
    {
        return Err(ReadError::MapNoColumn(missing.clone(), headers.join(", ")));
    }
    let fields: Vec<Option<Field>> = headers.iter().map(|h| field_of(h, map)).collect();
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
    Ok(Reader {
        // "Имя" alone is the whole name; beside "Фамилия" it is the first name.
        split_names: has(Field::Last) || has(Field::Name),
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
type Headed<'a> = (&'a str, csv::Reader<&'a [u8]>, Vec<String>, usize);

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
    Ok((text, csv, headers, title))
}

/// A table's columns and the field each becomes (`map`'s entries first,
/// then the names known); `None`: kept in the note as `Header: value`.
pub fn columns(
    text: &str,
    delimiter: Option<u8>,
    map: &[(String, Field)],
) -> Result<Vec<(String, Option<Field>)>, ReadError> {
    let (_, _, headers, _) = header_of(text, delimiter)?;
    Ok(headers
        .into_iter()
        .map(|h| {
            let field = field_of(&h, map);
            (h, field)
        })
        .collect())
}

/// The leads of a CSV text with a column map, all at once.
pub fn read_mapped(
    text: &str,
    delimiter: Option<u8>,
    map: &[(String, Field)],
) -> Result<Vec<Lead>, ReadError> {
    reader(text, delimiter, map)?.collect()
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
    /// Newlines counted up to this byte: a record's line is the newlines
    /// before where it starts, plus one, whatever the line ends and quotes.
    counted_to: usize,
    line: usize,
    record: csv::StringRecord,
    done: bool,
}

impl Reader<'_> {
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
                Some(Field::Created) => set(&mut lead.created),
                Some(Field::Closed) => set(&mut lead.closed),
                Some(Field::Expected) => set(&mut lead.expected),
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
        if lead.name.is_none() {
            let parts: Vec<String> = [last, first, middle].into_iter().flatten().collect();
            let joined = match parts.len() {
                // "Фамилия Имя Отчество" is how a Russian list writes it;
                // first and last alone read "Имя Фамилия".
                3 => parts.join(" "),
                _ => parts.into_iter().rev().collect::<Vec<_>>().join(" "),
            };
            lead.name = (!joined.is_empty()).then_some(joined);
        }
        lead
    }
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
                Ok(true) => return Some(Ok(self.lead(row))),
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
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(sniff_delimiter("Имя;Телефон;\"a,b\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("name\tphone\n"), b'\t');
        assert_eq!(sniff_delimiter("name,phone;x\n"), b',');
        // A tie: the next line says which.
        assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\nАнна;150\n"), b';');
        assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\nАнна,150\n"), b',');
        assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\n"), b',');
        assert_eq!(
            sniff_delimiter("\"a;b\",c\n"),
            b',',
            "a quoted ; does not count"
        );
    }

    /// Several phones or e-mails in one cell are each kept; a number with
    /// its extension after a comma is one number.
    #[test]
    fn several_phones_and_emails_in_one_cell() {
        let leads = read(
            "Name,Phone,Email\n\
             Anna,\"+7 916 111-22-33, +7 495 444-55-66\",\"a@x.ru, b@y.ru\"\n\
             Boris,8 916 222-33-44 ::: 8 916 222-33-45,b@x.ru b2@x.ru;b3@x.ru\n\
             Vera,\"8 495 123-45-67, доб. 12\",\"Vera V. <vera@x.ru>\"\n\
             Gleb,,no address\n\
             Dina,,MAILTO:dina@x.ru\n",
            None,
        )
        .expect("leads");
        let got: Vec<(Vec<String>, Vec<String>)> =
            leads.into_iter().map(|l| (l.phones, l.emails)).collect();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (
                    strings(&["+7 916 111-22-33", "+7 495 444-55-66"]),
                    strings(&["a@x.ru", "b@y.ru"])
                ),
                (
                    strings(&["8 916 222-33-44", "8 916 222-33-45"]),
                    strings(&["b@x.ru", "b2@x.ru", "b3@x.ru"])
                ),
                (
                    strings(&["8 495 123-45-67, доб. 12"]),
                    strings(&["vera@x.ru"])
                ),
                (vec![], strings(&["no address"])),
                (vec![], strings(&["dina@x.ru"])),
            ]
        );
    }

    #[test]
    fn russian_headers_first_and_last_names_and_unknown_columns() {
        let text = "Фамилия;Имя;Отчество;Мобильный телефон;Должность;Компания\n\
                    Иванов;Иван;Иванович;8 (999) 123-45-67;директор;ООО Ромашка\n";
        let leads = read(text, None).expect("leads");
        assert_eq!(leads.len(), 1);
        let l = &leads[0];
        assert_eq!(l.name.as_deref(), Some("Иванов Иван Иванович"));
        assert_eq!(l.phones, ["8 (999) 123-45-67"]);
        assert_eq!(l.company.as_deref(), Some("ООО Ромашка"));
        assert_eq!(l.extra, [("Должность".to_string(), "директор".to_string())]);
        assert_eq!(l.row, 2);
        let en = read("First Name,Last Name,Primary Email\nJohn,Doe,j@d.x\n", None).expect("en");
        assert_eq!(en[0].name.as_deref(), Some("John Doe"));
        let alone = read("Имя,Телефон\nАнна Петрова,+7 999\n", None).expect("имя");
        assert_eq!(alone[0].name.as_deref(), Some("Анна Петрова"));
    }

    #[test]
    fn rows_are_lines_whatever_the_line_ends_and_quotes() {
        let crlf = "name,note\r\nAnna,\"two\r\nlines\"\r\nBoris,x\r\n";
        let rows: Vec<usize> = read(crlf, None)
            .expect("leads")
            .iter()
            .map(|l| l.row)
            .collect();
        assert_eq!(rows, [2, 4]);
    }

    /// A report saved as CSV: its title's lines are left out, and a row
    /// is still numbered by its line in the file.
    #[test]
    fn a_header_below_a_title_is_found() {
        let text = "Контрагенты;;\n;;\nНаименование;ИНН;Телефон\nООО «Ромашка»;7701234567;8 916 123-45-67\n";
        let leads = read(text, None).expect("read");
        assert_eq!(leads.len(), 1);
        assert_eq!(leads[0].company.as_deref(), Some("ООО «Ромашка»"));
        assert_eq!(leads[0].row, 4);
        // A first line of columns is the header, whatever a line below says.
        let text = "Кто,Тип,Телефон\nАнна,Клиент,8 916 123-45-67\n";
        assert!(matches!(read(text, None), Err(ReadError::NoNameColumn(_))));
    }

    #[test]
    fn a_file_without_a_name_column_is_refused() {
        assert!(matches!(
            read("a,b\n1,2\n", None),
            Err(ReadError::NoNameColumn(_))
        ));
        assert!(matches!(read("  \n", None), Err(ReadError::Empty)));
        assert_eq!(read("name,phone\n", None).expect("header only").len(), 0);
        // A list of companies: each is its client's name too.
        let companies = read("Компания;Телефон\nООО Ромашка;8 916 123-45-67\n", None);
        assert_eq!(companies.expect("a company column").len(), 1);
    }

    #[test]
    fn the_currency_a_header_names() {
        for (header, rest, code) in [
            ("Amount (USD)", "Amount", "USD"),
            ("Сумма [₽]", "Сумма", "RUB"),
            ("Бюджет, руб.", "Бюджет", "RUB"),
            ("Бюджет ₽", "Бюджет", "RUB"),
            ("Deal value $", "Deal value", "USD"),
        ] {
            assert_eq!(
                currency_in(header),
                Some((rest.to_string(), code.to_string())),
                "{header}"
            );
        }
        for none in [
            "Бюджет",
            "Телефон (контакт)",
            "Deal - Value",
            "Сумма, без НДС",
        ] {
            assert_eq!(currency_in(none), None, "{none}");
        }
        // Only a value's header: a phone's currency is no phone.
        assert_eq!(field_of("Телефон USD", &[]), None);
        // Beside a scale, which the amounts are counted in.
        for (header, scale) in [
            ("Сумма, тыс. руб.", Some(1_000)),
            ("Amount (USD thousands)", Some(1_000)),
            ("Бюджет (млн руб.)", Some(1_000_000)),
            ("Бюджет, руб.", None),
        ] {
            assert_eq!(scale_in(header), scale, "{header}");
            let code = currency_in(header).map(|(_, code)| code);
            assert!(code.is_some(), "{header}");
        }
    }

    #[test]
    fn headers_as_crms_write_them() {
        for (header, field) in [
            ("Бюджет ", Field::Value),
            ("Рабочий телефон (контакт)", Field::Phone),
            ("Мобильный телефон (контакт)", Field::Phone),
            ("Рабочий email (контакт)", Field::Email),
            ("Полное имя контакта", Field::Name),
            ("Компания контакта", Field::Company),
            ("Дата создания сделки", Field::Created),
            ("Дата закрытия", Field::Closed),
            ("Ответственный", Field::Owner),
            ("Стадия сделки", Field::Stage),
            ("Рабочий e-mail", Field::Email),
            ("Person - Name", Field::Name),
            ("Deal - Value", Field::Value),
            ("Organization - Name", Field::Company),
            ("Deal - Status", Field::Status),
            ("Create Date", Field::Created),
            ("CLOSEDATE", Field::Closed),
            ("Lead_Source", Field::Source),
            ("\u{feff}\"Ф.И.О.\"", Field::Name),
            // Google Contacts, then its older export, then Outlook.
            ("Phone 1 - Value", Field::Phone),
            ("Phone 2 - Label", Field::Skip),
            ("E-mail 1 - Value", Field::Email),
            ("E-mail 1 - Type", Field::Skip),
            ("Organization Name", Field::Company),
            ("Organization 1 - Name", Field::Company),
            ("Additional Name", Field::Middle),
            ("E-mail Address", Field::Email),
            ("E-mail 2 Address", Field::Email),
            ("Business Phone 2", Field::Phone),
            ("Адрес эл. почты", Field::Email),
            ("Телефон 1 - Значение", Field::Phone),
            // A value whose header names its currency.
            ("Бюджет, руб.", Field::Value),
            ("Бюджет ₽", Field::Value),
            ("Amount (USD)", Field::Value),
            ("Deal value EUR", Field::Value),
        ] {
            assert_eq!(field_of(header, &[]), Some(field), "{header}");
        }
        // A number does not make a header known: these stay in the note.
        for unknown in ["Organization 1 - Title", "Address 1 - Street", "1 - Value"] {
            assert_eq!(field_of(unknown, &[]), None, "{unknown}");
        }
        let map = [map_entry("Кто такой=name").unwrap()];
        assert_eq!(field_of(" кто  ТАКОЙ ", &map), Some(Field::Name));
        assert_eq!(
            field_of("Бюджет", &[map_entry("бюджет=skip").unwrap()]),
            Some(Field::Skip)
        );
        assert!(matches!(map_entry("Кто"), Err(ReadError::BadMap(_))));
        assert!(matches!(map_entry("=name"), Err(ReadError::BadMap(_))));
        assert!(matches!(map_entry("Кто=who"), Err(ReadError::BadMap(_))));
    }
}
