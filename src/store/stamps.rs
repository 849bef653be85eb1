//! How values are stored as text: instants as RFC 3339 in UTC to the
//! second, days as `YYYY-MM-DD`; read back without a general parser when
//! they are in exactly that form.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql;

/// How instants are stored: RFC 3339 in UTC, to the second.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    // Written digit by digit: every insert stamps a row or two, and
    // `format!` (let alone a strftime pattern) is a tenth of an import's
    // writing.
    let mut out = day(t.date_naive());
    if out.len() != 10 {
        return format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S"));
    }
    let mut b = *b"T00:00:00Z";
    for (at, n) in [(1, t.hour()), (4, t.minute()), (7, t.second())] {
        put_digits(&mut b[at..at + 2], n);
    }
    out.extend(b.map(char::from));
    out
}

/// Writes `n` into `b` in ASCII digits, as many as `b` holds, leading
/// zeros included.
fn put_digits(b: &mut [u8], mut n: u32) {
    for digit in b.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

pub(crate) fn parse_ts(s: &str) -> sql::Result<DateTime<Utc>> {
    // What `ts` writes, read without a general parser: reports read a
    // timestamp per timeline entry.
    if let Some(t) = fixed_ts(s.as_bytes()) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| sql::SqlError::Value(e.to_string()))
}

/// [`parse_ts`] of a column's bytes, checked as UTF-8 only when they are
/// not what `ts` writes.
pub(crate) fn parse_ts_bytes(b: &[u8]) -> sql::Result<DateTime<Utc>> {
    match fixed_ts(b) {
        Some(t) => Ok(t),
        None => parse_ts(std::str::from_utf8(b).map_err(|e| sql::SqlError::Value(e.to_string()))?),
    }
}

/// The number written in `b[from..to]` in ASCII digits.
fn digits(b: &[u8], from: usize, to: usize) -> Option<u32> {
    b.get(from..to)?.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `2026-11-23` exactly, else `None`.
fn fixed_day(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0, 4)? as i32, digits(b, 5, 7)?, digits(b, 8, 10)?)
}

/// `2026-11-23T10:00:00Z` exactly, else `None`.
fn fixed_ts(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let date = fixed_day(&b[..10])?;
    let time = chrono::NaiveTime::from_hms_opt(
        digits(b, 11, 13)?,
        digits(b, 14, 16)?,
        digits(b, 17, 19)?,
    )?;
    Some(date.and_time(time).and_utc())
}

pub(crate) fn parse_day(s: &str) -> sql::Result<NaiveDate> {
    if let Some(day) = fixed_day(s.as_bytes()) {
        return Ok(day);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| sql::SqlError::Value(e.to_string()))
}

/// How days are stored: `YYYY-MM-DD` (a year past 9999 or before 0 as
/// chrono writes it).
pub(crate) fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let year = match u32::try_from(d.year()) {
        Ok(year) if year <= 9999 => year,
        _ => return d.format("%Y-%m-%d").to_string(),
    };
    let mut b = *b"0000-00-00";
    for (at, n, width) in [(0, year, 4), (5, d.month(), 2), (8, d.day(), 2)] {
        put_digits(&mut b[at..at + width], n);
    }
    b.iter().map(|&c| char::from(c)).collect()
}

/// A value that the schema constrains but that did not parse.
pub(crate) fn bad_value(what: &str, value: &str) -> sql::SqlError {
    sql::SqlError::Value(format!("unknown {what} '{value}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn timestamps_read_back_as_written(secs in 0i64..4_102_444_800) {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            proptest::prop_assert_eq!(parse_ts(&ts(t)).unwrap(), t);
            proptest::prop_assert_eq!(ts(t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }

        /// Written digit by digit, as chrono writes them: any instant and
        /// day, years before 0 and after 9999 included.
        #[test]
        fn instants_and_days_are_written_as_chrono_writes_them(
            secs in -70_000_000_000i64..300_000_000_000,
        ) {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            proptest::prop_assert_eq!(ts(t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            let d = t.date_naive();
            proptest::prop_assert_eq!(day(d), d.format("%Y-%m-%d").to_string());
        }

        #[test]
        fn days_read_back_as_written(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            let general = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
            proptest::prop_assert_eq!(parse_day(&s).ok(), general);
        }

        #[test]
        fn the_quick_reading_agrees_with_rfc3339(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z") {
            let general = DateTime::parse_from_rfc3339(&s).ok().map(|t| t.with_timezone(&Utc));
            proptest::prop_assert_eq!(parse_ts(&s).ok(), general);
        }
    }
}
