//! WHEN: the moments a person types for reminders and dates.
//!
//! Accepted: `2026-11-25`, `2026-11-25 14:30`, `25.11.2026`, `25.11`,
//! `today`, `tomorrow`, `yesterday` (and Russian forms), `+3d`, `+2h`,
//! `+1w`, `+30min`, `+1mo`, `-3d`, weekday names (`fri`, `пятница`), and a
//! day word followed by a time (`tomorrow 10:00`, `пт 9:30`) or a bare time
//! (`14:30`: today, or tomorrow once it has passed); and as it is said ([`spoken`]): `через 2 часа`,
//! `в пятницу в 15`, `завтра утром`, `10 декабря`, `in 2 hours`,
//! `next monday 3pm`, `dec 10`. Everything is local time; `now` is a
//! parameter.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::error::DomainError as Error;

mod spoken;

/// A local moment: a whole day or a day and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(NaiveDateTime),
}

impl When {
    pub fn date(self) -> NaiveDate {
        match self {
            When::Day(d) => d,
            When::At(t) => t.date(),
        }
    }
}

/// How far ahead a WHEN may reach (a promise a hundred years out is a typo).
pub const MAX_YEARS_AHEAD: i32 = 100;

/// Parses a WHEN relative to the local `now`; a day before 1970 or more
/// than [`MAX_YEARS_AHEAD`] years ahead is refused.
pub fn parse_when(input: &str, now: NaiveDateTime) -> Result<When, Error> {
    let when = parse_any_when(input, now)?;
    let first = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let last = now
        .date()
        .with_year(now.year() + MAX_YEARS_AHEAD)
        .unwrap_or(NaiveDate::MAX);
    if !(first..=last).contains(&when.date()) {
        return Err(Error::WhenOutOfRange(input.to_string()));
    }
    Ok(when)
}

fn parse_any_when(input: &str, now: NaiveDateTime) -> Result<When, Error> {
    let bad = || Error::BadWhen(input.to_string());
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(bad());
    }
    if let Some(when) = parse_offset(&text, now) {
        return when.ok_or_else(bad);
    }
    spoken::spoken(&text, now).ok_or_else(bad)
}

/// A month written as a word, in English or Russian, whole or cut short
/// (`November`, `Nov.`, `ноября`, `нояб.`, `май`): its number.
pub fn month_named(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "январь", "января"],
        &["february", "февраль", "февраля"],
        &["march", "март", "марта"],
        &["april", "апрель", "апреля"],
        &["may", "май", "мая"],
        &["june", "июнь", "июня"],
        &["july", "июль", "июля"],
        &["august", "август", "августа"],
        &["september", "сентябрь", "сентября"],
        &["october", "октябрь", "октября"],
        &["november", "ноябрь", "ноября"],
        &["december", "декабрь", "декабря"],
    ];
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let at = MONTHS
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(word.as_str())))?;
    Some(at as u32 + 1)
}

/// Parses a date only (for `--on`): a WHEN whose time, if any, is dropped.
pub fn parse_date(input: &str, now: NaiveDateTime) -> Result<NaiveDate, Error> {
    parse_when(input, now).map(When::date)
}

/// `+3d`, `-2w`, `+2h`, `+30min`, `+1mo` and their Russian units. `None`
/// means "not an offset at all", `Some(None)` "an offset, but malformed".
fn parse_offset(text: &str, now: NaiveDateTime) -> Option<Option<When>> {
    let (sign, rest) = match text.chars().next()? {
        '+' => (1i64, &text[1..]),
        '-' => (-1i64, &text[1..]),
        _ => return None,
    };
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let count: i64 = match rest[..digits_end].parse() {
        Ok(n) if n <= 100_000 => n,
        _ => return Some(None),
    };
    let n = sign * count;
    let Some(unit) = Unit::of(rest[digits_end..].trim()) else {
        return Some(None);
    };
    let when = match unit {
        Unit::Days => When::Day(now.date().checked_add_signed(Duration::days(n))?),
        Unit::Weeks => When::Day(now.date().checked_add_signed(Duration::weeks(n))?),
        Unit::Hours => When::At(trim_seconds(now.checked_add_signed(Duration::hours(n))?)),
        Unit::Minutes => When::At(trim_seconds(now.checked_add_signed(Duration::minutes(n))?)),
        Unit::Months => {
            let months = Months::new(u32::try_from(count).ok()?);
            let date = if sign > 0 {
                now.date().checked_add_months(months)
            } else {
                now.date().checked_sub_months(months)
            };
            When::Day(date?)
        }
    };
    Some(Some(when))
}

/// A unit of time ahead, as an offset or a phrase names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
}

impl Unit {
    /// The unit `word` names, in English or Russian, short or whole, in
    /// the forms a count takes (`час`, `часа`, `часов`).
    fn of(word: &str) -> Option<Unit> {
        Some(match word {
            "min" | "mins" | "m" | "minute" | "minutes" | "мин" | "минуту" | "минуты" | "минут" => {
                Unit::Minutes
            }
            "h" | "hr" | "hrs" | "hour" | "hours" | "ч" | "час" | "часа" | "часов" => {
                Unit::Hours
            }
            "d" | "day" | "days" | "д" | "дн" | "день" | "дня" | "дней" => Unit::Days,
            "w" | "week" | "weeks" | "н" | "нед" | "неделя" | "неделю" | "недели" | "недель" => {
                Unit::Weeks
            }
            "mo" | "month" | "months" | "мес" | "месяц" | "месяца" | "месяцев" => {
                Unit::Months
            }
            _ => return None,
        })
    }
}

fn trim_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

fn parse_time(word: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(word, "%H:%M").ok()
}

/// A day written as one word: a day word, or a date (a weekday is
/// `spoken`'s, which may read it in a week named).
fn parse_day(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    match word {
        "today" | "сегодня" => return Some(today),
        "tomorrow" | "завтра" => return today.succ_opt(),
        "yesterday" | "вчера" => return today.pred_opt(),
        "послезавтра" => return today.checked_add_signed(Duration::days(2)),
        _ => {}
    }
    if let Ok(d) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(word, "%d.%m.%Y") {
        return Some(d);
    }
    // `25.11`: this year's date, or next year's if it has passed.
    let (day, month) = word.split_once('.')?;
    let (day, month): (u32, u32) = (day.parse().ok()?, month.parse().ok()?);
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    if this_year >= today {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, month, day)
    }
}

/// The next `weekday` after `today` (a week on, when today is one).
fn next_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + i64::from(weekday.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    today.checked_add_signed(Duration::days(if ahead == 0 { 7 } else { ahead }))
}

/// A weekday's name, short or whole, in English or Russian (`в пятницу`,
/// `к пятнице`).
fn parse_weekday(word: &str) -> Option<Weekday> {
    const NAMES: [(Weekday, &[&str]); 7] = [
        (
            Weekday::Mon,
            &["monday", "mon", "понедельник", "понедельнику", "пн"],
        ),
        (
            Weekday::Tue,
            &["tuesday", "tue", "вторник", "вторнику", "вт"],
        ),
        (
            Weekday::Wed,
            &["wednesday", "wed", "среда", "среду", "среде", "ср"],
        ),
        (
            Weekday::Thu,
            &["thursday", "thu", "четверг", "четвергу", "чт"],
        ),
        (
            Weekday::Fri,
            &["friday", "fri", "пятница", "пятницу", "пятнице", "пт"],
        ),
        (
            Weekday::Sat,
            &["saturday", "sat", "суббота", "субботу", "субботе", "сб"],
        ),
        (
            Weekday::Sun,
            &["sunday", "sun", "воскресенье", "воскресенью", "вс"],
        ),
    ];
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(d, _)| *d)
}

#[cfg(test)]
mod tests;
