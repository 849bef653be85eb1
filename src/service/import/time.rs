//! A row's dates as exports write them, read in local time.

use crate::service::Now;

/// Whether `text` is a moment as [`exported_time`] reads one.
pub(super) fn is_time(text: &str) -> bool {
    let epoch = chrono::DateTime::UNIX_EPOCH;
    let now = Now {
        utc: epoch,
        local: epoch.naive_utc(),
    };
    exported_time(text, now).is_some()
}

/// A date or time as exports write it, in local time: `25.11.2026
/// 17:03:00`, `25.11.2026`, `2026-11-25 17:03`, `2026-11-25T17:03:00`,
/// `2026-11-25`, or with a zone (`…Z`, `…+03:00`); a CSV's dates written
/// with slashes come as `2026-11-25 17:03:00` (`import::dates`). A day
/// alone is its start.
pub(super) fn exported_time(text: &str, now: Now) -> Option<Now> {
    use chrono::{DateTime, Datelike, Utc};
    let text = text.trim();
    let offset = now.local - now.utc.naive_utc();
    // A year before 1900 is a typo or a two-digit year read as four
    // (`0025`), never when a client came.
    let local = naive(text).or_else(|| {
        let at = DateTime::parse_from_rfc3339(text).ok()?;
        Some(at.with_timezone(&Utc).naive_utc() + offset)
    })?;
    (local.year() >= 1900).then(|| Now {
        utc: DateTime::<Utc>::from_naive_utc_and_offset(local - offset, Utc),
        local,
    })
}

/// A local time as exports write it, without a zone; a two-digit year
/// (`25.11.25`, as 1C and a Russian Excel's short date write it) is this
/// century's up to 69, else the last's.
fn naive(text: &str) -> Option<chrono::NaiveDateTime> {
    use chrono::{Datelike, NaiveDate, NaiveDateTime};
    const TIMES: [&str; 6] = [
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    let at = TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            ["%d.%m.%Y", "%Y-%m-%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    // `%Y` reads `25` as the year 25: written with two digits after the
    // day and month, it is 2025.
    let two_digits = text.split(['.', ' ']).nth(2).is_some_and(|y| y.len() == 2);
    match (at.year(), two_digits) {
        (year @ 0..=69, true) => at.with_year(2000 + year),
        (year @ 70..=99, true) => at.with_year(1900 + year),
        _ => Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_exports_write_them_are_read_in_local_time() {
        // Moscow: three hours ahead of UTC.
        let now = Now::parse("2026-11-23T10:00").unwrap();
        let now = Now {
            local: now.utc.naive_utc() + chrono::Duration::hours(3),
            ..now
        };
        let utc = |text: &str| exported_time(text, now).map(|t| t.utc.to_rfc3339());
        assert_eq!(
            utc("25.11.2025 17:03:00").as_deref(),
            Some("2025-11-25T14:03:00+00:00")
        );
        assert_eq!(
            utc("25.11.2025").as_deref(),
            Some("2025-11-24T21:00:00+00:00")
        );
        assert_eq!(
            utc("2025-11-25 17:03").as_deref(),
            Some("2025-11-25T14:03:00+00:00")
        );
        assert_eq!(
            utc("2025-11-25T17:03:00Z").as_deref(),
            Some("2025-11-25T17:03:00+00:00")
        );
        assert_eq!(
            utc(" 2025-11-25 ").as_deref(),
            Some("2025-11-24T21:00:00+00:00")
        );
        assert_eq!(
            utc("25.11.25").as_deref(),
            Some("2025-11-24T21:00:00+00:00")
        );
        assert_eq!(
            utc("25.11.99 17:03").as_deref(),
            Some("1999-11-25T14:03:00+00:00")
        );
        assert_eq!(utc("0025-11-25"), None);
        assert_eq!(utc("1812-09-07T10:00:00Z"), None);
        assert_eq!(utc("вчера"), None);
        assert_eq!(utc("31.02.2025"), None);
    }
}
