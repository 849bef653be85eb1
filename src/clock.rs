//! The clock's moment as a value: `now` is always passed in, never read
//! inside the domain or the services.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::error::{Error, Result};

/// The moment a command acts at, in UTC and in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub utc: DateTime<Utc>,
    pub local: NaiveDateTime,
}

impl Now {
    /// The system clock.
    pub fn system() -> Now {
        let local = Local::now();
        Now {
            utc: local.with_timezone(&Utc),
            local: local.naive_local(),
        }
    }

    /// A local wall-clock moment, in this machine's time zone.
    pub fn from_local(local: NaiveDateTime) -> Now {
        Now {
            utc: local_to_utc(local),
            local,
        }
    }

    /// Parses `KONVEYER_NOW` (`2026-11-25T10:00`, `2026-11-25 10:00`, `2026-11-25`).
    pub fn parse(input: &str) -> Result<Now> {
        let text = input.trim();
        [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
        })
        // Instants outside 1970–9999 would be stored in a form that no
        // later read accepts.
        .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
        .map(Now::from_local)
        .ok_or_else(|| Error::BadNow(input.to_string()))
    }

    pub fn today(&self) -> NaiveDate {
        self.local.date()
    }
}

/// A local wall-clock time as a UTC instant (the earlier one in a DST fold,
/// the moment after a DST gap).
pub fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    Local
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// An instant as local wall-clock time.
pub fn utc_to_local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}
