//! A report's local days: which day an instant falls on, found from the
//! span's local midnights rather than asked of the time zone each time.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::super::{local_to_utc, utc_to_local};

/// The local day of an instant, by the instants of the local midnights of
/// a span (no time-zone lookup or search per timeline entry); outside the
/// span, the time zone is asked.
pub(in crate::service) struct Days {
    /// Local midnights from the span's first day to the day after it, as
    /// seconds since the epoch (UTC), and each one's day.
    midnights: Vec<i64>,
    days: Vec<NaiveDate>,
}

impl Days {
    pub(in crate::service) fn new(from: NaiveDate, to: NaiveDate) -> Days {
        let days: Vec<NaiveDate> = from
            .iter_days()
            .take_while(|d| *d <= to.succ_opt().unwrap_or(to))
            .collect();
        let midnights = days
            .iter()
            .map(|d| local_to_utc(d.and_time(NaiveTime::MIN)).timestamp())
            .collect();
        Days { midnights, days }
    }

    /// The day that began at the last of `midnights` (seconds, rising) not
    /// after `s`, if `s` is within them.
    fn within(&self, s: i64) -> Option<NaiveDate> {
        let m = &self.midnights;
        let last = m.len().checked_sub(1)?;
        if last == 0 || s < m[0] || s >= m[last] {
            return None;
        }
        // A day's length from the first midnight is right but for the
        // clocks' shifts: a step or two corrects it.
        let mut i = usize::try_from((s - m[0]) / 86_400).map_or(0, |i| i.min(last - 1));
        while s < m[i] {
            i -= 1;
        }
        while s >= m[i + 1] {
            i += 1;
        }
        Some(self.days[i])
    }

    pub(in crate::service) fn day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        self.within(t.timestamp())
            .unwrap_or_else(|| utc_to_local(t).date())
    }

    /// The local day of an instant within the span, `None` outside it: a
    /// report's periods lie within its span, so a stay that began long
    /// before a week's report asks no time zone for its day.
    pub(in crate::service) fn in_span(&self, t: DateTime<Utc>) -> Option<NaiveDate> {
        self.within(t.timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days of 23, 24 and 25 hours, as clocks shifted either way make
    /// them: every instant's day is that of the last midnight not after it.
    #[test]
    fn an_instants_day_is_that_of_the_last_midnight_before_it() {
        let first = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
        let lengths = [25, 25, 24, 23, 23, 23, 23, 24, 25, 24];
        let mut midnights = vec![1_774_000_000i64];
        for h in lengths {
            midnights.push(midnights.last().unwrap() + h * 3_600);
        }
        let days: Vec<NaiveDate> = first.iter_days().take(midnights.len()).collect();
        let span = Days {
            midnights: midnights.clone(),
            days: days.clone(),
        };
        let (start, end) = (midnights[0], *midnights.last().unwrap());
        let mut seen = std::collections::BTreeSet::new();
        for s in (start - 7_200..end + 7_200).step_by(599) {
            let expected = match midnights.partition_point(|m| *m <= s) {
                0 => None,
                i if i == midnights.len() => None,
                i => Some(days[i - 1]),
            };
            assert_eq!(span.within(s), expected, "at {s}");
            seen.extend(expected);
        }
        assert_eq!(seen.len(), lengths.len(), "every day met");
        assert_eq!(span.within(start), Some(first));
        assert_eq!(span.within(start - 1), None);
    }
}
