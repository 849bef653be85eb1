//! WHEN as it is said on the phone and typed at once: `через 2 часа`,
//! `в пятницу в 15`, `завтра с утра`, `в 9 утра`, `после обеда`,
//! `во вторник на следующей неделе`, `в конце недели`, `10 декабря`,
//! `весной`, `in 2 hours`, `next monday 3pm`, `end of the day`, `dec 10`,
//! `in march`, `tomorrow at noon` — and the plain forms (`2026-11-25
//! 14:30`, `tomorrow 10:00`, `пт 9:30`, `14:30`).
//!
//! A WHEN is at most one day (a day word, a weekday — in a week that was
//! named, or the next one —, a date, a month or a season, or days ahead)
//! and one time of day (`15:00`, `3pm`, `в 15`, `в 3 часа дня`, `утром`),
//! or a moment some minutes or hours ahead alone. A time of day alone is
//! the next time the clock shows it: today, or tomorrow once it has
//! passed. A bare number is an hour only after `в`, `к`, `после`, `at` or
//! `by`, or right after a day (`завтра 10`); anything else nobody says of
//! a day is refused.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::{When, month_named, next_weekday, parse_day, parse_time, parse_weekday};

/// The WHEN `text` (lower case) says, if it is one.
pub(super) fn spoken(text: &str, now: NaiveDateTime) -> Option<When> {
    let text = text.replace('ё', "е");
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut said = Said::default();
    let mut at = 0;
    while at < words.len() {
        let (part, used) = match part_of(&words[at..], now) {
            Some(found) => found,
            // A bare hour right after a day: `завтра 10`, `пт 3 дня`.
            None if said.has_day() && said.time.is_none() => {
                let (t, used) = said_hour(&words[at..], false)?;
                (Part::Time(t), used)
            }
            None => return None,
        };
        said.add(part)?;
        at += used;
    }
    said.when(now)
}

/// A part of a WHEN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Day(NaiveDate),
    /// A weekday: in the week named, else the next one.
    Weekday(Weekday),
    /// A week named (`на следующей неделе`): its Monday.
    Week(NaiveDate),
    /// Some minutes or hours ahead.
    Moment(NaiveDateTime),
    Time(NaiveTime),
    /// A word that says nothing by itself (`в`, `on`, `next`).
    Filler,
}

/// What the parts of a WHEN said so far.
#[derive(Debug, Default)]
struct Said {
    day: Option<NaiveDate>,
    weekday: Option<Weekday>,
    week: Option<NaiveDate>,
    moment: Option<NaiveDateTime>,
    time: Option<NaiveTime>,
}

impl Said {
    fn has_day(&self) -> bool {
        self.day.is_some() || self.weekday.is_some() || self.week.is_some()
    }

    /// Adds `part`, if it goes with what was said (one day, a weekday in
    /// a week at most; one time; a moment alone).
    fn add(&mut self, part: Part) -> Option<()> {
        let free = self.moment.is_none();
        match part {
            Part::Day(d) if free && !self.has_day() => self.day = Some(d),
            Part::Weekday(w) if free && self.day.is_none() && self.weekday.is_none() => {
                self.weekday = Some(w);
            }
            Part::Week(monday) if free && self.day.is_none() && self.week.is_none() => {
                self.week = Some(monday);
            }
            Part::Moment(m) if free && !self.has_day() && self.time.is_none() => {
                self.moment = Some(m);
            }
            Part::Time(t) if free && self.time.is_none() => self.time = Some(t),
            Part::Filler => {}
            _ => return None,
        }
        Some(())
    }

    /// The WHEN all of it says, as of `now`.
    fn when(&self, now: NaiveDateTime) -> Option<When> {
        if let Some(m) = self.moment {
            return Some(When::At(m));
        }
        let today = now.date();
        let day = match (self.day, self.weekday, self.week) {
            (Some(d), _, _) => Some(d),
            (None, Some(w), Some(monday)) => {
                monday.checked_add_signed(Duration::days(i64::from(w.num_days_from_monday())))
            }
            (None, Some(w), None) => next_weekday(today, w),
            (None, None, week) => week,
        };
        match (day, self.time) {
            (Some(d), None) => Some(When::Day(d)),
            (Some(d), Some(t)) => Some(When::At(d.and_time(t))),
            // The next time the clock shows it.
            (None, Some(t)) => {
                let passed = t < super::trim_seconds(now).time();
                let day = if passed { today.succ_opt()? } else { today };
                Some(When::At(day.and_time(t)))
            }
            (None, None) => None,
        }
    }
}

/// The part of a WHEN that `words` begin with, and how many words it takes.
fn part_of(words: &[&str], now: NaiveDateTime) -> Option<(Part, usize)> {
    let today = now.date();
    let (first, second) = (words[0], words.get(1).copied());
    if let Some(found) = edge_of(words, today).or_else(|| time_in_two(words)) {
        return Some(found);
    }
    match first {
        "через" | "in" => {
            return match ahead(&words[1..], now) {
                Some((part, used)) => Some((part, used + 1)),
                // `in march`, `in spring`, `in the afternoon`.
                None if first == "in" => Some((Part::Filler, 1)),
                None => None,
            };
        }
        // `в 15`, `к 12`, `после 15`, `at 3 pm`: a bare hour only after
        // its preposition.
        "в" | "во" | "к" | "ко" | "после" | "at" | "by" | "after" => {
            return Some(match hour_of(&words[1..]) {
                Some((t, used)) => (Part::Time(t), used + 1),
                None => (Part::Filler, 1),
            });
        }
        "на" | "on" | "next" | "следующий" | "следующую" | "следующее" | "следующей"
        | "следующем" | "следующая" | "следующих" => {
            // `next week` is its Monday (a weekday said with it is in
            // it), `next month` its first day.
            return match second {
                Some("week" | "неделе" | "неделя" | "неделю") => {
                    Some((Part::Week(next_weekday(today, Weekday::Mon)?), 2))
                }
                Some("month" | "месяце" | "месяц") => {
                    Some((Part::Day(next_month(today)?), 2))
                }
                _ => Some((Part::Filler, 1)),
            };
        }
        "the" | "this" | "эту" | "этот" | "эта" | "это" | "этой" | "этих" | "ближе" =>
        {
            return Some((Part::Filler, 1));
        }
        // The weekend: its Saturday.
        "выходных" | "выходные" | "weekend" => {
            return Some((Part::Weekday(Weekday::Sat), 1));
        }
        _ => {}
    }
    if let Some(w) = parse_weekday(first) {
        return Some((Part::Weekday(w), 1));
    }
    if let Some((t, used)) = time_of(words) {
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

/// The end or the beginning of a day, a week or a month, and how many
/// words it takes: `в конце дня` (17:00), `к концу недели` (its Friday:
/// the next one), `в конце следующей недели`, `в конце месяца` (its last
/// day), `в начале недели` (the next Monday), `в начале месяца` (the first
/// of the next), `end of the day`, `end of next week`, `early next week`.
fn edge_of(words: &[&str], today: NaiveDate) -> Option<(Part, usize)> {
    let (end, rest) = match words {
        ["конце" | "концу", rest @ ..] => (true, rest),
        ["end", "of", "the", rest @ ..] | ["end", "of", rest @ ..] => (true, rest),
        ["начале" | "early", rest @ ..] | ["beginning", "of", rest @ ..] => (false, rest),
        _ => return None,
    };
    let (next, rest) = match rest {
        ["следующей" | "следующего" | "next", rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let monday = next_weekday(today, Weekday::Mon)?;
    let next_month = next_month(today)?;
    let part = match (end, next, *rest.first()?) {
        (true, false, "дня" | "day") => Part::Time(NaiveTime::from_hms_opt(17, 0, 0)?),
        (true, false, "недели" | "week") => Part::Weekday(Weekday::Fri),
        (true, true, "недели" | "week") => {
            Part::Day(monday.checked_add_signed(Duration::days(4))?)
        }
        (true, false, "месяца" | "month") => Part::Day(next_month.pred_opt()?),
        (true, true, "месяца" | "month") => {
            Part::Day(next_month.checked_add_months(Months::new(1))?.pred_opt()?)
        }
        (false, _, "недели" | "week") => Part::Week(monday),
        (false, _, "месяца" | "month") => Part::Day(next_month),
        _ => return None,
    };
    Some((part, words.len() - rest.len() + 1))
}

/// The first day of the month after `today`'s.
fn next_month(today: NaiveDate) -> Option<NaiveDate> {
    today.with_day(1)?.checked_add_months(Months::new(1))
}

/// A time of day said in two words, its preposition in it: `с утра`
/// (10:00), `до обеда` (12:00), `после обеда` (14:00).
fn time_in_two(words: &[&str]) -> Option<(Part, usize)> {
    let h = match words {
        ["с", "утра", ..] => 10,
        ["до", "обеда", ..] | ["before", "lunch", ..] => 12,
        ["после", "обеда", ..] | ["after", "lunch", ..] => 14,
        _ => return None,
    };
    Some((Part::Time(NaiveTime::from_hms_opt(h, 0, 0)?), 2))
}

/// A time of day: `15:00`, `3pm`, `3:30 pm`, `noon`, `утром` (10:00),
/// `в обед` (13:00), `к обеду` (12:00), `днем` (14:00), `вечером` and `к
/// вечеру` (18:00), `9 утра`, `7 вечера`; and how many words it takes.
fn time_of(words: &[&str]) -> Option<(NaiveTime, usize)> {
    let hour = |h| NaiveTime::from_hms_opt(h, 0, 0);
    let (word, next) = (*words.first()?, words.get(1).copied());
    let said = match word {
        "noon" | "midday" | "полдень" => hour(12),
        "morning" | "утром" | "утро" => hour(10),
        "обед" | "lunch" | "lunchtime" => hour(13),
        // `к обеду`: by lunch.
        "обеду" => hour(12),
        "afternoon" | "днем" => hour(14),
        "evening" | "tonight" | "вечером" | "вечер" | "вечеру" => hour(18),
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
    if let Some(pm) = next.and_then(half_of_day) {
        let (h, m) = clock(word)?;
        return Some((twelve_hour(h, m, pm)?, 2));
    }
    said_hour(words, true)
}

/// An hour after `в`/`at`: `15`, `3 pm`, `10.30`, `10 часов`, or any time
/// [`time_of`] reads.
fn hour_of(words: &[&str]) -> Option<(NaiveTime, usize)> {
    time_of(words).or_else(|| said_hour(words, false))
}

/// An hour as a number, as it is said: `15`, `9:30`, `10.30`, `10
/// часов`, `9 утра`, `3 часа дня`, `7 вечера`, `2 ночи`; and how many
/// words. `bare` (nothing before it that says a time follows): only with
/// the part of the day, and not `дня` (`3 дня` alone is three days).
fn said_hour(words: &[&str], bare: bool) -> Option<(NaiveTime, usize)> {
    let [first, rest @ ..] = words else {
        return None;
    };
    // `10.12` is a day (`в 10.12` too); `10.30` and `10.00` are not.
    let (day, month) = first.split_once('.').unwrap_or_default();
    if let (Ok(1..=31), Ok(1..=12)) = (day.parse::<u32>(), month.parse::<u32>()) {
        return None;
    }
    let (h, m) = clock(first)?;
    let (rest, hours) = match rest {
        ["час" | "часа" | "часов", rest @ ..] => (rest, 1),
        rest => (rest, 0),
    };
    let half = rest.first().and_then(|w| DayPart::of(w));
    let h = match half {
        Some(DayPart::Day) if bare => return None,
        Some(half) => half.hour(h)?,
        None if bare => return None,
        None => h,
    };
    let used = 1 + hours + usize::from(half.is_some());
    Some((NaiveTime::from_hms_opt(h, m, 0)?, used))
}

/// The part of the day an hour is said with in Russian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayPart {
    Morning,
    Day,
    Evening,
    Night,
}

impl DayPart {
    fn of(word: &str) -> Option<DayPart> {
        Some(match word {
            "утра" => DayPart::Morning,
            "дня" => DayPart::Day,
            "вечера" => DayPart::Evening,
            "ночи" => DayPart::Night,
            _ => return None,
        })
    }

    /// Hour `h` said with this part of the day, on the 24-hour clock
    /// (`3 дня` is 15, `12 ночи` midnight), if it is one of its hours.
    fn hour(self, h: u32) -> Option<u32> {
        match (self, h) {
            (DayPart::Morning, 0..=11) | (DayPart::Day, 12..=17) | (DayPart::Night, 0..=5) => {
                Some(h)
            }
            (DayPart::Evening, 16..=23) | (DayPart::Night, 21..=23) => Some(h),
            (DayPart::Day, 1..=5) | (DayPart::Evening, 4..=11) | (DayPart::Night, 9..=11) => {
                Some(h + 12)
            }
            (DayPart::Night, 12) => Some(0),
            _ => None,
        }
    }
}

/// `am` → false, `pm` → true.
fn half_of_day(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m." => Some(false),
        "pm" | "p.m." => Some(true),
        _ => None,
    }
}

/// `3`, `3:30` or `3.30` as hour and minute.
fn clock(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text
        .split_once(':')
        .or_else(|| text.split_once('.'))
        .unwrap_or((text, "0"));
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
    let minutes = match words {
        ["полчаса", ..] => Some((30, 1)),
        ["half", "an", "hour", ..] => Some((30, 3)),
        ["полтора", "часа", ..] => Some((90, 2)),
        ["an", "hour", "and", "a", "half", ..] => Some((90, 5)),
        _ => None,
    };
    if let Some((minutes, used)) = minutes {
        return Some((
            Part::Moment(super::trim_seconds(
                now.checked_add_signed(Duration::minutes(minutes))?,
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
