//! Dates as other software writes them, beyond the forms the service
//! reads itself. With slashes, as American and British software writes
//! them: `11/25/2026`, `25/11/2026 17:03`, `11/25/26 5:03 PM`,
//! `2026/11/25`. Whether the first number is the month or the day is not
//! in the date but in the file: a day over 12 in any row says it
//! (`11/25/2026`: month first). A file where no row says it is refused
//! on the command line (`Slashes::settle_first`); the board's preview
//! reads it month first, as American software writes slashes (day-first
//! countries in this app's world write dots, `25.11.2026`), and says so.
//! With the month a word, as a spreadsheet saved as CSV shows it: `25
//! ноября 2026 г.`, `Nov 25, 2026`. Such a date is handed on as
//! `2026-11-25 17:03:00`, the way the service reads every exported date.

use super::headers::Field;
use super::{Lead, ReadError};
use crate::domain::when::month_named;

/// Which of a slashed date's first two numbers is the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `25/11/2026`: day, month, year.
    Dmy,
    /// `11/25/2026`: month, day, year.
    Mdy,
}

/// The order taken when no row of a file says one.
pub const GUESSED: DateOrder = DateOrder::Mdy;

impl DateOrder {
    /// `dmy` or `mdy`, as `--date-order` takes it.
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

/// A date written with slashes: its three numbers as written, and what
/// follows (a time, or nothing).
struct Slashed<'a> {
    first: u32,
    second: u32,
    third: u32,
    /// Digits of the third number (a two-digit year is this century's or
    /// the last's).
    third_digits: usize,
    /// `2026/11/25`: the year first, the order then known.
    year_first: bool,
    rest: &'a str,
}

fn slashed(text: &str) -> Option<Slashed<'_>> {
    if !text.contains('/') {
        return None;
    }
    let text = text.trim();
    let end = text.find([' ', 'T', ',']).unwrap_or(text.len());
    let (date, rest) = text.split_at(end);
    let mut parts = date.split('/');
    let numbers: Vec<&str> = parts.by_ref().take(3).collect();
    if numbers.len() != 3 || parts.next().is_some() {
        return None;
    }
    let digits = |p: &str| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !numbers.iter().all(|p| digits(p)) {
        return None;
    }
    let n = |i: usize| numbers[i].parse::<u32>().ok();
    Some(Slashed {
        first: n(0)?,
        second: n(1)?,
        third: n(2)?,
        third_digits: numbers[2].len(),
        year_first: numbers[0].len() == 4,
        rest: rest.trim_start_matches([',', 'T']).trim(),
    })
}

/// Whether `text` is a slashed date whose order its numbers do not say
/// (`05/11/2026`; `05/05/2026` reads the same either way).
pub fn ambiguous(text: &str) -> bool {
    slashed(text)
        .is_some_and(|s| !s.year_first && s.first <= 12 && s.second <= 12 && s.first != s.second)
}

/// The order a slashed date says by itself: a first number over 12 is a
/// day (`25/11/2026`), a second over 12 too (`11/25/2026`).
pub fn said(text: &str) -> Option<DateOrder> {
    let s = slashed(text).filter(|s| !s.year_first)?;
    match (s.first > 12, s.second > 12) {
        (true, false) if s.second >= 1 => Some(DateOrder::Dmy),
        (false, true) if s.first >= 1 => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// A slashed date read in `order`, as `2026-11-25` or `2026-11-25
/// 17:03:00` (a 12-hour time with AM or PM made a 24-hour one); `None`
/// when `text` is no slashed date, or no date in that order (a month of
/// 25), or its time is not one.
pub fn iso(text: &str, order: DateOrder) -> Option<String> {
    let s = slashed(text)?;
    let (year, month, day) = match (s.year_first, order) {
        (true, _) => (s.first as i32, s.second, s.third),
        (false, DateOrder::Dmy) => (year_of(s.third, s.third_digits)?, s.second, s.first),
        (false, DateOrder::Mdy) => (year_of(s.third, s.third_digits)?, s.first, s.second),
    };
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    match time(s.rest)? {
        None => Some(date.format("%Y-%m-%d").to_string()),
        Some(t) => Some(date.and_time(t).format("%Y-%m-%d %H:%M:%S").to_string()),
    }
}

/// A date whose month is a word, as a spreadsheet saved as CSV writes a
/// date it shows so: `25 ноября 2026 г.`, `25 Nov 2026`, `Nov 25, 2026`,
/// `25-Nov-26`, `November 25, 2026 5:03 PM`; as [`iso`] gives it, or
/// `None`.
pub fn worded(text: &str) -> Option<String> {
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let text = text.trim();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| month_named(w).is_some())?;
    let month = month_named(words[at])?;
    let number = |w: &&str| w.bytes().all(|b| b.is_ascii_digit()) && (1..=4).contains(&w.len());
    let (day, year, rest) = match at {
        // `Nov 25, 2026`
        0 => (words.get(1)?, words.get(2)?, 3),
        // `25 ноября 2026`, `25-Nov-26`
        1 => (words.first()?, words.get(2)?, 3),
        _ => return None,
    };
    // `2026г.`, the year's mark written onto it.
    let year = year.trim_end_matches('.').trim_end_matches('г');
    if !number(day) || !number(&year) || day.len() > 2 {
        return None;
    }
    // Russian writes `г.` after the year.
    let rest = &words[rest.min(words.len())..];
    let rest = match rest.first() {
        Some(&"г" | &"г.") => &rest[1..],
        _ => rest,
    };
    let year = year_of(year.parse().ok()?, year.len())?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)?;
    match time(&rest.join(" "))? {
        None => Some(date.format("%Y-%m-%d").to_string()),
        Some(t) => Some(date.and_time(t).format("%Y-%m-%d %H:%M:%S").to_string()),
    }
}

/// A year as written: four digits, or two (`26`: 2026, `99`: 1999).
fn year_of(n: u32, digits: usize) -> Option<i32> {
    match digits {
        4 => Some(n as i32),
        2 if n < 70 => Some(2000 + n as i32),
        2 => Some(1900 + n as i32),
        _ => None,
    }
}

/// The time after a date: none (`Some(None)`), `17:03`, `17:03:00`,
/// `5:03 PM`, `5:03:00pm`; `None` when it is something else.
fn time(text: &str) -> Option<Option<chrono::NaiveTime>> {
    use chrono::NaiveTime;
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    let lower = text.to_ascii_lowercase();
    let (clock, half) = match (lower.strip_suffix("am"), lower.strip_suffix("pm")) {
        (Some(c), _) => (c.trim(), Some(0)),
        (_, Some(c)) => (c.trim(), Some(12)),
        _ => (lower.as_str(), None),
    };
    let t = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())?;
    let t = match half {
        None => t,
        // 12:30 AM is half past midnight, 12:30 PM half past noon.
        Some(add) => {
            use chrono::Timelike;
            let hour = t.hour();
            if !(1..=12).contains(&hour) {
                return None;
            }
            t.with_hour(hour % 12 + add)?
        }
    };
    Some(Some(t))
}

/// How a file's slashed dates read, as its rows are met: the order given
/// (`--date-order`), else the first one a row says, looked for further
/// down the date columns when a date that does not say it comes first,
/// else [`GUESSED`].
#[derive(Debug, Clone)]
pub struct Slashes {
    /// The order, and whether it was guessed.
    order: Option<(DateOrder, bool)>,
    /// The date columns' places.
    columns: Vec<usize>,
    delimiter: u8,
    /// A guess is refused rather than taken (the command line's way).
    refuse: bool,
}

impl Slashes {
    pub fn new(columns: Vec<usize>, delimiter: u8) -> Slashes {
        Slashes {
            order: None,
            columns,
            delimiter,
            refuse: false,
        }
    }

    /// The order given: the file's rows are not asked.
    pub fn give(&mut self, order: DateOrder) {
        self.order = Some((order, false));
    }

    /// The order the rows in `text` (from the first record on) say, found
    /// before any is read; when none says it and a date could be read
    /// either way, that date, refused rather than guessed — from here on,
    /// a guess is refused as the rows are read too.
    pub fn settle_first(&mut self, text: &str) -> Result<(), ReadError> {
        self.refuse = true;
        if self.order.is_some() || !text.contains('/') {
            return Ok(());
        }
        let mut first_ambiguous = None;
        for (n, record) in rows(text, self.delimiter).enumerate() {
            // A column writes its dates one way: a thousand rows without a
            // date that could be read either way end the search (one met
            // later is refused as it is read, by `settle`).
            if n >= 1000 && first_ambiguous.is_none() {
                break;
            }
            let mut dates = self.columns.iter().filter_map(|&i| record.get(i));
            if let Some(order) = dates.clone().find_map(said) {
                self.give(order);
                return Ok(());
            }
            if first_ambiguous.is_none() {
                first_ambiguous = dates.find(|d| ambiguous(d)).map(str::to_string);
            }
        }
        match first_ambiguous {
            Some(date) => Err(ReadError::DateOrder(date.trim().to_string())),
            None => Ok(()),
        }
    }

    /// Finds the order, if not yet found, from `record`'s dates, else from
    /// the rows in `rest` (the text after it) when one of them needs it.
    pub fn settle(&mut self, record: &::csv::StringRecord, rest: &str) -> Result<(), ReadError> {
        if self.order.is_some() {
            return Ok(());
        }
        let mut dates = self.columns.iter().filter_map(|&i| record.get(i));
        if let Some(order) = dates.clone().find_map(said) {
            self.order = Some((order, false));
        } else if let Some(date) = dates.find(|d| ambiguous(d)) {
            self.order = Some(match said_further(rest, self.delimiter, &self.columns) {
                Some(order) => (order, false),
                None if self.refuse => return Err(ReadError::DateOrder(date.trim().to_string())),
                None => (GUESSED, true),
            });
        }
        Ok(())
    }

    /// Date `field` (created, closed, expected, next step, last call or
    /// the day the client came to its station)
    /// of `lead` set from a cell: a slashed date in the file's order (the
    /// lead noting the first whose order was guessed), any other as
    /// written. Whether the cell is kept there (not when the field holds
    /// another date already: the cell goes to the note).
    pub fn set(&self, lead: &mut Lead, field: Field, value: &str) -> bool {
        let read = self.read(value, &mut lead.guessed_date);
        let slot = match field {
            Field::Closed => &mut lead.closed,
            Field::Expected => &mut lead.expected,
            Field::Next => &mut lead.next,
            Field::LastCall => &mut lead.last_call,
            Field::StageSince => &mut lead.stage_since,
            _ => &mut lead.created,
        };
        let value = read.as_deref().unwrap_or(value);
        match slot {
            None => {
                *slot = Some(value.to_string());
                true
            }
            Some(kept) => kept == value,
        }
    }

    fn read(&self, value: &str, guessed: &mut Option<String>) -> Option<String> {
        // Before any row said the order, a slashed date met reads the same
        // either way (`2026/11/25`, `05/05/2026`).
        let (order, was_guessed) = self.order.unwrap_or((GUESSED, false));
        let Some(iso) = iso(value, order) else {
            return worded(value);
        };
        if was_guessed && guessed.is_none() && ambiguous(value) {
            *guessed = Some(value.to_string());
        }
        Some(iso)
    }
}

/// The order the first row after a point says, looking through the rest
/// of a CSV text (`columns`: the date columns' places): read once, when
/// the first date that does not say its order is met.
pub fn said_further(text: &str, delimiter: u8, columns: &[usize]) -> Option<DateOrder> {
    rows(text, delimiter)
        .find_map(|record| columns.iter().find_map(|&i| record.get(i).and_then(said)))
}

/// The records of a CSV text (no header), as read ahead of the reader.
fn rows(text: &str, delimiter: u8) -> impl Iterator<Item = ::csv::StringRecord> + '_ {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .into_records()
        .map_while(Result::ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slashed_date_says_its_order_when_a_number_is_over_twelve() {
        assert_eq!(said("25/11/2026"), Some(DateOrder::Dmy));
        assert_eq!(said("11/25/2026 5:03 PM"), Some(DateOrder::Mdy));
        assert_eq!(said("05/11/2026"), None);
        assert_eq!(said("2026/11/25"), None);
        assert_eq!(said("25.11.2026"), None);
        assert_eq!(said("13/13/2026"), None);
        assert!(ambiguous("05/11/2026"));
        assert!(ambiguous("5/11/26 17:03"));
        assert!(!ambiguous("05/05/2026"));
        assert!(!ambiguous("25/11/2026"));
        assert!(!ambiguous("2026/05/11"));
        assert!(!ambiguous("1/2"));
        assert!(!ambiguous("a/b/c"));
    }

    #[test]
    fn a_slashed_date_is_read_in_its_order_with_its_time() {
        let mdy = |t: &str| iso(t, DateOrder::Mdy);
        let dmy = |t: &str| iso(t, DateOrder::Dmy);
        assert_eq!(mdy("11/25/2026").as_deref(), Some("2026-11-25"));
        assert_eq!(dmy("25/11/2026").as_deref(), Some("2026-11-25"));
        assert_eq!(mdy("05/11/2026").as_deref(), Some("2026-05-11"));
        assert_eq!(dmy("05/11/2026").as_deref(), Some("2026-11-05"));
        assert_eq!(mdy("11/25/2026").as_deref(), dmy("25/11/2026").as_deref());
        assert_eq!(dmy("11/25/2026"), None);
        assert_eq!(
            mdy("11/25/2026 5:03 PM").as_deref(),
            Some("2026-11-25 17:03:00")
        );
        assert_eq!(
            mdy("11/25/2026, 12:30:15 am").as_deref(),
            Some("2026-11-25 00:30:15")
        );
        assert_eq!(
            mdy("11/25/26 12:05PM").as_deref(),
            Some("2026-11-25 12:05:00")
        );
        assert_eq!(dmy("25/11/99").as_deref(), Some("1999-11-25"));
        assert_eq!(
            dmy("25/11/2026 17:03").as_deref(),
            Some("2026-11-25 17:03:00")
        );
        assert_eq!(dmy("2026/11/25").as_deref(), Some("2026-11-25"));
        assert_eq!(mdy("2026/11/25").as_deref(), Some("2026-11-25"));
        assert_eq!(mdy("11/25/2026 13:00 PM"), None);
        assert_eq!(mdy("11/25/2026 soon"), None);
        assert_eq!(mdy("02/30/2026"), None);
        assert_eq!(mdy("11/25/226"), None);
    }

    #[test]
    fn a_date_whose_month_is_a_word() {
        for (text, read) in [
            ("25 ноября 2026 г.", "2026-11-25"),
            ("25 ноября 2026", "2026-11-25"),
            ("25 ноября 2026г.", "2026-11-25"),
            ("1 мая 2026 г. 17:03", "2026-05-01 17:03:00"),
            ("25 Nov 2026", "2026-11-25"),
            ("Nov 25, 2026", "2026-11-25"),
            ("November 25, 2026 5:03 PM", "2026-11-25 17:03:00"),
            ("25-Nov-26", "2026-11-25"),
            ("3 сент. 2025", "2025-09-03"),
            ("3 March 2026", "2026-03-03"),
        ] {
            assert_eq!(worded(text).as_deref(), Some(read), "{text}");
        }
        for text in [
            "marketing 2026",
            "31 февраля 2026",
            "25 ноября",
            "2026-11-25",
            "ноябрь",
            "25 ма 2026",
            "Nov 25, 2026 soon",
        ] {
            assert_eq!(worded(text), None, "{text}");
        }
    }

    #[test]
    fn the_order_is_looked_for_further_down_the_date_columns() {
        let text = "Ann,05/11/2026,x\nBob,06/12/2026,13/13/2026\nCid,07/30/2026,y\n";
        assert_eq!(said_further(text, b',', &[1]), Some(DateOrder::Mdy));
        assert_eq!(said_further(text, b',', &[0, 2]), None);
        let text = "Ann;05/11/2026\nBob;31/12/2026\n";
        assert_eq!(said_further(text, b';', &[1]), Some(DateOrder::Dmy));
    }

    proptest::proptest! {
        /// Any day written as American, British or spreadsheet software
        /// writes it reads back as that day; nothing at all panics.
        #[test]
        fn any_day_written_so_reads_back(days in 0i64..60_000, junk in ".{0,24}") {
            let day = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
                + chrono::Duration::days(days);
            let iso_day = day.format("%Y-%m-%d").to_string();
            let as_written = |f: &str| day.format(f).to_string();
            proptest::prop_assert_eq!(iso(&as_written("%m/%d/%Y"), DateOrder::Mdy), Some(iso_day.clone()));
            proptest::prop_assert_eq!(iso(&as_written("%d/%m/%Y"), DateOrder::Dmy), Some(iso_day.clone()));
            proptest::prop_assert_eq!(iso(&as_written("%Y/%m/%d"), DateOrder::Dmy), Some(iso_day.clone()));
            proptest::prop_assert_eq!(worded(&as_written("%d %B %Y")), Some(iso_day.clone()));
            proptest::prop_assert_eq!(worded(&as_written("%b %d, %Y")), Some(iso_day.clone()));
            let text = as_written("%d/%m/%Y");
            if let Some(order) = said(&text) {
                proptest::prop_assert_eq!(order, DateOrder::Dmy);
            }
            let _ = (iso(&junk, DateOrder::Mdy), worded(&junk), said(&junk), ambiguous(&junk));
        }
    }
}
