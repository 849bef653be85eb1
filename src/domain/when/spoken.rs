//! WHEN as it is said on the phone and typed at once: `через 2 часа`,
//! `в пятницу в 15`, `завтра утром`, `10 декабря`, `на следующей неделе`,
//! `весной`, `in 2 hours`, `next monday 3pm`, `dec 10`, `in march`,
//! `tomorrow at noon` — and the plain forms (`2026-11-25 14:30`,
//! `tomorrow 10:00`, `пт 9:30`, `14:30`).
//!
//! A WHEN is at most one day (a day word, a weekday, a date, a month or a
//! season, or days ahead) and one time of day (`15:00`, `3pm`, `в 15`,
//! `утром`), or a moment some minutes or hours ahead alone. A bare number
//! is an hour only after `в` or `at`, or right after a day (`завтра 10`);
//! anything else nobody says of a day is refused.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::{When, month_named, parse_day, parse_time};

/// The WHEN `text` (lower case) says, if it is one.
pub(super) fn spoken(text: &str, now: NaiveDateTime) -> Option<When> {
    let text = text.replace('ё', "е");
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (mut day, mut moment, mut time) = (None, None, None);
    let mut at = 0;
    while at < words.len() {
        // A bare hour right after a day: `завтра 10`.
        let hour = || match (day, time) {
            (Some(_), None) => words[at]
                .parse()
                .ok()
                .and_then(|h| NaiveTime::from_hms_opt(h, 0, 0)),
            _ => None,
        };
        let (part, used) = match part_of(&words[at..], now) {
            Some(found) => found,
            None => (Part::Time(hour()?), 1),
        };
        match part {
            Part::Day(d) if day.is_none() && moment.is_none() => day = Some(d),
            Part::Moment(m) if (day, moment, time) == (None, None, None) => moment = Some(m),
            Part::Time(t) if time.is_none() && moment.is_none() => time = Some(t),
            Part::Filler => {}
            _ => return None,
        }
        at += used;
    }
    match (day, moment, time) {
        (Some(d), None, None) => Some(When::Day(d)),
        (Some(d), None, Some(t)) => Some(When::At(d.and_time(t))),
        (None, Some(m), None) => Some(When::At(m)),
        (None, None, Some(t)) => Some(When::At(now.date().and_time(t))),
        _ => None,
    }
}

/// A part of a WHEN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Day(NaiveDate),
    /// Some minutes or hours ahead.
    Moment(NaiveDateTime),
    Time(NaiveTime),
    /// A word that says nothing by itself (`в`, `on`, `next`).
    Filler,
}

/// The part of a WHEN that `words` begin with, and how many words it takes.
fn part_of(words: &[&str], now: NaiveDateTime) -> Option<(Part, usize)> {
    let today = now.date();
    let (first, second) = (words[0], words.get(1).copied());
    match first {
        "через" | "in" => {
            return match ahead(&words[1..], now) {
                Some((part, used)) => Some((part, used + 1)),
                // `in march`, `in spring`.
                None if first == "in" => Some((Part::Filler, 1)),
                None => None,
            };
        }
        // `в 15`, `at 3 pm`: a bare hour only after its preposition.
        "в" | "во" | "at" => {
            return Some(
                match second.and_then(|w| hour_of(w, words.get(2).copied())) {
                    Some((t, used)) => (Part::Time(t), used + 1),
                    None => (Part::Filler, 1),
                },
            );
        }
        "на" | "on" | "next" | "the" | "следующий" | "следующую" | "следующее" | "следующей"
        | "следующем" | "следующая" => {
            // `next week` is its Monday, `next month` its first day.
            return match second {
                Some("week" | "неделе" | "неделя" | "неделю") => {
                    let days = 7 - i64::from(today.weekday().num_days_from_monday());
                    Some((
                        Part::Day(today.checked_add_signed(Duration::days(days))?),
                        2,
                    ))
                }
                Some("month" | "месяце" | "месяц") => {
                    let first_day = today.with_day(1)?.checked_add_months(Months::new(1))?;
                    Some((Part::Day(first_day), 2))
                }
                _ => Some((Part::Filler, 1)),
            };
        }
        _ => {}
    }
    if let Some((t, used)) = time_of(first, second) {
        return Some((Part::Time(t), used));
    }
    if let Some(d) = parse_day(first, today) {
        return Some((Part::Day(d), 1));
    }
    if let Some((d, used)) = month_day(words, today) {
        return Some((Part::Day(d), used));
    }
    Some((Part::Day(month_or_season(first, today)?), 1))
}

/// A time of day: `15:00`, `3pm`, `3:30 pm`, `noon`, `утром` (10:00),
/// `днем` (14:00), `вечером` (18:00); and how many words it takes.
fn time_of(word: &str, next: Option<&str>) -> Option<(NaiveTime, usize)> {
    let hour = |h| NaiveTime::from_hms_opt(h, 0, 0);
    let said = match word {
        "noon" | "midday" | "полдень" => hour(12),
        "morning" | "утром" | "утро" => hour(10),
        "afternoon" | "днем" => hour(14),
        "evening" | "tonight" | "вечером" | "вечер" => hour(18),
        _ => None,
    };
    if let Some(t) = said {
        return Some((t, 1));
    }
    if let Some(t) = parse_time(word) {
        return match next.and_then(half_of_day) {
            Some(pm) => Some((twelve_hour(t.hour(), t.minute(), pm)?, 2)),
            None => Some((t, 1)),
        };
    }
    // `3pm`, `3:30am`, or `3 pm`.
    if let Some(pm) = word
        .get(word.len().saturating_sub(2)..)
        .and_then(half_of_day)
    {
        let (h, m) = clock(&word[..word.len() - 2])?;
        return Some((twelve_hour(h, m, pm)?, 1));
    }
    let pm = next.and_then(half_of_day)?;
    let (h, m) = clock(word)?;
    Some((twelve_hour(h, m, pm)?, 2))
}

/// An hour after `в`/`at`: `15`, `3 pm`, or any time [`time_of`] reads.
fn hour_of(word: &str, next: Option<&str>) -> Option<(NaiveTime, usize)> {
    if let Some(found) = time_of(word, next) {
        return Some(found);
    }
    let h: u32 = word.parse().ok()?;
    Some((NaiveTime::from_hms_opt(h, 0, 0)?, 1))
}

/// `am` → false, `pm` → true.
fn half_of_day(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m." => Some(false),
        "pm" | "p.m." => Some(true),
        _ => None,
    }
}

/// `3` or `3:30` as hour and minute.
fn clock(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text.split_once(':').unwrap_or((text, "0"));
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// A time on the twelve-hour clock (`12am` is midnight, `12pm` noon).
fn twelve_hour(h: u32, m: u32, pm: bool) -> Option<NaiveTime> {
    if !(1..=12).contains(&h) {
        return None;
    }
    NaiveTime::from_hms_opt(h % 12 + if pm { 12 } else { 0 }, m, 0)
}

/// What follows `через`/`in`: a count (digits, a word, none for one) and a
/// unit — `2 часа`, `неделю`, `пару дней`, `полчаса`, `an hour`, `a couple
/// of days`, `half an hour`.
fn ahead(words: &[&str], now: NaiveDateTime) -> Option<(Part, usize)> {
    let half = match words {
        ["полчаса", ..] => Some(1),
        ["half", "an", "hour", ..] => Some(3),
        _ => None,
    };
    if let Some(used) = half {
        return Some((
            Part::Moment(super::trim_seconds(
                now.checked_add_signed(Duration::minutes(30))?,
            )),
            used,
        ));
    }
    let (count, counted) = match words {
        [first, "of", ..] if *first == "couple" => (2, 2),
        ["a", "couple", "of", ..] => (2, 3),
        [first, ..] => match count_of(first) {
            Some(n) => (n, 1),
            None => (1, 0),
        },
        [] => return None,
    };
    let unit = words.get(counted)?;
    let part = match super::Unit::of(unit)? {
        super::Unit::Minutes => Part::Moment(now.checked_add_signed(Duration::minutes(count))?),
        super::Unit::Hours => Part::Moment(now.checked_add_signed(Duration::hours(count))?),
        super::Unit::Days => Part::Day(now.date().checked_add_signed(Duration::days(count))?),
        super::Unit::Weeks => Part::Day(now.date().checked_add_signed(Duration::weeks(count))?),
        super::Unit::Months => Part::Day(
            now.date()
                .checked_add_months(Months::new(u32::try_from(count).ok()?))?,
        ),
    };
    let part = match part {
        Part::Moment(m) => Part::Moment(super::trim_seconds(m)),
        other => other,
    };
    Some((part, counted + 1))
}

/// A count in digits or words (`2`, `два`, `две`, `пару`, `a`, `two`).
fn count_of(word: &str) -> Option<i64> {
    const WORDS: [(i64, &[&str]); 13] = [
        (1, &["a", "an", "one", "один", "одну", "одна", "одного"]),
        (2, &["two", "два", "две", "пару", "пара"]),
        (3, &["three", "три"]),
        (4, &["four", "четыре"]),
        (5, &["five", "пять"]),
        (6, &["six", "шесть"]),
        (7, &["seven", "семь"]),
        (8, &["eight", "восемь"]),
        (9, &["nine", "девять"]),
        (10, &["ten", "десять"]),
        (15, &["fifteen", "пятнадцать"]),
        (20, &["twenty", "двадцать"]),
        (30, &["thirty", "тридцать"]),
    ];
    if let Ok(n) = word.parse::<i64>() {
        return (n <= 100_000).then_some(n);
    }
    WORDS
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(n, _)| *n)
}

/// A day and a month in words, with the year or without (this year's,
/// or next year's when it has passed): `10 декабря`, `10 дек.`,
/// `dec 10`, `december 10 2026`, `10 dec 2026`; and how many words.
fn month_day(words: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let [a, b, ..] = words else {
        return None;
    };
    let (day, month) = match (month_named(b), month_named(a)) {
        (Some(month), _) => (a.parse::<u32>().ok()?, month),
        (None, Some(month)) => (b.parse::<u32>().ok()?, month),
        (None, None) => return None,
    };
    let year = words
        .get(2)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| *y >= 1000);
    if let Some(year) = year {
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, 3));
    }
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    let date = match this_year >= today {
        true => this_year,
        false => NaiveDate::from_ymd_opt(today.year() + 1, month, day)?,
    };
    Some((date, 2))
}

/// A month or a season named alone (`в марте`, `весной`, `in spring`):
/// its first day, the next to come — today, when it is that month or
/// season now.
fn month_or_season(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "январе"],
        &["february", "феврале"],
        &["march", "марте"],
        &["april", "апреле"],
        &["may", "мае"],
        &["june", "июне"],
        &["july", "июле"],
        &["august", "августе"],
        &["september", "сентябре"],
        &["october", "октябре"],
        &["november", "ноябре"],
        &["december", "декабре"],
    ];
    const SEASONS: [(u32, &[&str]); 4] = [
        (3, &["spring", "весной", "весна"]),
        (6, &["summer", "летом", "лето"]),
        (9, &["autumn", "fall", "осенью", "осень"]),
        (12, &["winter", "зимой", "зима"]),
    ];
    let month = |i: usize| u32::try_from(i + 1).ok();
    let (first, months) = match MONTHS.iter().position(|names| names.contains(&word)) {
        Some(i) => (month(i)?, 1),
        None => {
            let found = SEASONS.iter().find(|(_, names)| names.contains(&word))?;
            (found.0, 3)
        }
    };
    // How many months from the first of the month or season to today's.
    let since = (today.month() + 12 - first) % 12;
    if since < months {
        return Some(today);
    }
    let year = today.year() + i32::from(first <= today.month());
    NaiveDate::from_ymd_opt(year, first, 1)
}
