//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`, as amoCRM and Bitrix24
//! export them and people keep their base): a sheet read with `calamine`
//! into the same rows as a CSV, so every header, map and meaning is the
//! CSV's. Numbers and dates are written as the spreadsheet stores them: a
//! whole number without `.0`, a date as `2026-11-25` (with its time when it
//! has one). A `.xls` that is a web page's table (Bitrix24's "Export to
//! Excel") is read by [`super::html`]; one that is plain text (a CSV or
//! tab-separated file named `.xls`) as the CSV it is.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::ReadError;
use super::csv::Field;

/// The extensions read as spreadsheets.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A table's text as CSV, and its separator (`None`: to be found); of a
/// workbook whose sheet was not named, which sheet it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub text: String,
    pub delimiter: Option<u8>,
    pub sheets: Option<Sheets>,
}

/// A workbook's sheets that hold anything (in the workbook's order), which
/// of them was read (`at`), and whether it has a column of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheets {
    pub names: Vec<String>,
    pub at: usize,
    pub names_clients: bool,
}

impl Sheets {
    /// The sheet read.
    pub fn read(&self) -> &str {
        &self.names[self.at]
    }

    /// The sheets not read, in order.
    pub fn others(&self) -> impl Iterator<Item = &str> {
        let at = self.at;
        self.names
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != at)
            .map(|(_, n)| n.as_str())
    }

    /// The sheet after the one read, the first after the last.
    pub fn next(&self) -> &str {
        &self.names[(self.at + 1) % self.names.len()]
    }
}

/// The table in `bytes`: a sheet of the workbook as CSV text, its first
/// row the header; a web page's table; or the text itself when it is a
/// CSV named as a spreadsheet. The sheet is the one named, else the first
/// whose columns name clients (as `map` says where their headers do not:
/// a cover sheet of instructions before the list is passed over), else the
/// first with anything in it.
pub fn table(
    bytes: &[u8],
    sheet: Option<&str>,
    map: &[(String, Field)],
) -> Result<Table, ReadError> {
    // A web page has one table, the one `--sheet` can only mean.
    if super::html::is_html(bytes) {
        return Ok(Table {
            text: csv_of(super::html::rows(bytes)?)?,
            delimiter: Some(b','),
            sheets: None,
        });
    }
    match from_book(bytes, sheet, map) {
        Ok((text, sheets)) => Ok(Table {
            text,
            delimiter: Some(b','),
            sheets,
        }),
        // Not a workbook, but text: a CSV with another name.
        Err(why @ ReadError::Sheet(_)) if sheet.is_none() => match super::decode(bytes, None) {
            Ok(text) if !text.trim().is_empty() => Ok(Table {
                text,
                delimiter: None,
                sheets: None,
            }),
            _ => Err(why),
        },
        Err(why) => Err(why),
    }
}

/// A sheet of the workbook in `bytes` as CSV text (as [`table`] chooses
/// it), and the workbook's sheets when none was named.
fn from_book(
    bytes: &[u8],
    sheet: Option<&str>,
    map: &[(String, Field)],
) -> Result<(String, Option<Sheets>), ReadError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::Sheet(e.to_string()))?;
    let all = book.sheet_names();
    let mut read = |name: &str| -> Result<String, ReadError> {
        let range = book
            .worksheet_range(name)
            .map_err(|e| ReadError::Sheet(e.to_string()))?;
        csv_of(range.rows().map(|row| row.iter().map(cell).collect()))
    };
    if let Some(wanted) = sheet {
        // As it is written or in any case, in any alphabet (`архив`).
        let folded = |n: &str| n.trim().to_lowercase();
        let name = all
            .iter()
            .find(|n| folded(n) == folded(wanted))
            .ok_or_else(|| ReadError::NoSheet(wanted.to_string(), all.join(", ")))?;
        return Ok((read(name)?, None));
    }
    // Every sheet is read, to say which others hold anything; the text of
    // the one chosen is kept, and of the first with anything in it until
    // one names clients.
    let mut names = Vec::new();
    let mut chosen: Option<(usize, String, bool)> = None;
    for name in &all {
        let text = read(name)?;
        if text.trim().is_empty() {
            continue;
        }
        let fits = super::csv::reader(&text, Some(b','), map).is_ok();
        if chosen.as_ref().is_none_or(|(_, _, named)| fits && !named) {
            chosen = Some((names.len(), text, fits));
        }
        names.push(name.clone());
    }
    let (at, text, names_clients) = chosen.ok_or(ReadError::Empty)?;
    let sheets = Sheets {
        names,
        at,
        names_clients,
    };
    Ok((text, Some(sheets)))
}

/// Rows as CSV text, those with nothing in them left out, and any title
/// above the header ([`super::headers::header_row`]: a report's name, its
/// date).
fn csv_of(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, ReadError> {
    use super::headers::{TITLE_ROWS, header_row};
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut rows = rows
        .into_iter()
        .filter(|cells| !cells.iter().all(String::is_empty));
    let mut first: Vec<Vec<String>> = rows.by_ref().take(TITLE_ROWS).collect();
    first.drain(..header_row(&first));
    for cells in first.into_iter().chain(rows) {
        out.write_record(&cells)
            .map_err(|e| ReadError::Sheet(e.to_string()))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ReadError::Sheet(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ReadError::Sheet(e.to_string()))
}

/// A cell as its text.
fn cell(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(at) => {
            let (y, mo, d, h, mi, s, _) = at.to_ymd_hms_milli();
            match (h, mi, s) {
                (0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    /// A report saved to Excel: its title and date above the header are
    /// left out, empty rows too.
    #[test]
    fn a_header_below_a_title_is_found() {
        let sheet = rows(&[
            &["Список контрагентов", ""],
            &["", ""],
            &["на 06.12.2026", "ООО «Мы»"],
            &["Наименование", "ИНН", "Телефон"],
            &["ООО «Ромашка»", "7701234567", "8 916 123-45-67"],
        ]);
        let text = csv_of(sheet).expect("csv");
        assert_eq!(
            text,
            "Наименование,ИНН,Телефон\nООО «Ромашка»,7701234567,8 916 123-45-67\n"
        );
    }

    /// A first row of many cells is the header, even when a cell below
    /// reads like a header ("Клиент" as a value), and one without a
    /// client's column stays first (for `--map` or the refusal to say).
    #[test]
    fn a_first_row_of_columns_stays_the_header() {
        let sheet = rows(&[
            &["Кто", "Тип", "Телефон"],
            &["Анна", "Клиент", "8 916 123-45-67"],
        ]);
        let text = csv_of(sheet).expect("csv");
        assert!(text.starts_with("Кто,Тип,Телефон\n"), "{text}");
        let untitled = rows(&[&["Итого"], &["5"]]);
        assert_eq!(csv_of(untitled).expect("csv"), "Итого\n5\n");
    }
}
