//! WHEN: the moments a person types for reminders and dates.
//!
//! Accepted: `2026-11-25`, `2026-11-25 14:30`, `25.11.2026`, `25.11`,
//! `today`, `tomorrow`, `yesterday` (and Russian forms), `+3d`, `+2h`,
//! `+1w`, `+30min`, `+1mo`, `-3d`, weekday names (`fri`, `пятница`), and a
//! day word followed by a time (`tomorrow 10:00`, `пт 9:30`) or a bare time
//! (`14:30`, today); and as it is said ([`spoken`]): `через 2 часа`,
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

fn parse_day(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    match word {
        "today" | "сегодня" => return Some(today),
        "tomorrow" | "завтра" => return today.succ_opt(),
        "yesterday" | "вчера" => return today.pred_opt(),
        "послезавтра" => return today.checked_add_signed(Duration::days(2)),
        _ => {}
    }
    if let Some(weekday) = parse_weekday(word) {
        let ahead = (7 + weekday.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64)
            % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today.checked_add_signed(Duration::days(ahead));
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

fn parse_weekday(word: &str) -> Option<Weekday> {
    const NAMES: [(Weekday, &[&str]); 7] = [
        (Weekday::Mon, &["monday", "mon", "понедельник", "пн"]),
        (Weekday::Tue, &["tuesday", "tue", "вторник", "вт"]),
        (Weekday::Wed, &["wednesday", "wed", "среда", "среду", "ср"]),
        (Weekday::Thu, &["thursday", "thu", "четверг", "чт"]),
        (Weekday::Fri, &["friday", "fri", "пятница", "пятницу", "пт"]),
        (
            Weekday::Sat,
            &["saturday", "sat", "суббота", "субботу", "сб"],
        ),
        (Weekday::Sun, &["sunday", "sun", "воскресенье", "вс"]),
    ];
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 23 November 2026, 10:15:42.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 15, 42)
            .unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> When {
        When::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> When {
        When::At(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap(),
        )
    }

    #[test]
    fn far_dates_are_refused() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        for far in [
            "+100000mo",
            "+99999w",
            "1969-12-31",
            "2200-01-01",
            "через 99999 недель",
        ] {
            assert!(
                matches!(parse_when(far, now), Err(Error::WhenOutOfRange(_))),
                "{far}"
            );
        }
        assert!(parse_when("+99y", now).is_err(), "no year unit");
        assert!(
            parse_when("2126-11-23", now).is_ok(),
            "a hundred years is fine"
        );
    }

    #[test]
    fn absolute_dates_and_times() {
        assert_eq!(parse_when("2026-11-25", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(
            parse_when("2026-11-25 14:30", now()).unwrap(),
            at(2026, 11, 25, 14, 30)
        );
        assert_eq!(parse_when("25.11.2026", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(
            parse_when("14:30", now()).unwrap(),
            at(2026, 11, 23, 14, 30)
        );
    }

    #[test]
    fn short_russian_date_rolls_into_next_year_when_past() {
        assert_eq!(parse_when("25.11", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(parse_when("10.01", now()).unwrap(), day(2027, 1, 10));
    }

    #[test]
    fn day_words_in_both_languages() {
        assert_eq!(parse_when("today", now()).unwrap(), day(2026, 11, 23));
        assert_eq!(parse_when("Tomorrow", now()).unwrap(), day(2026, 11, 24));
        assert_eq!(parse_when("завтра", now()).unwrap(), day(2026, 11, 24));
        assert_eq!(parse_when("послезавтра", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(parse_when("yesterday", now()).unwrap(), day(2026, 11, 22));
        assert_eq!(
            parse_when("tomorrow 9:05", now()).unwrap(),
            at(2026, 11, 24, 9, 5)
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_when("+3d", now()).unwrap(), day(2026, 11, 26));
        assert_eq!(parse_when("+1w", now()).unwrap(), day(2026, 11, 30));
        assert_eq!(parse_when("-3d", now()).unwrap(), day(2026, 11, 20));
        assert_eq!(parse_when("+2h", now()).unwrap(), at(2026, 11, 23, 12, 15));
        assert_eq!(
            parse_when("+30min", now()).unwrap(),
            at(2026, 11, 23, 10, 45)
        );
        assert_eq!(parse_when("+1mo", now()).unwrap(), day(2026, 12, 23));
        assert_eq!(parse_when("+3д", now()).unwrap(), day(2026, 11, 26));
        assert_eq!(parse_when("+2 недели", now()).unwrap(), day(2026, 12, 7));
    }

    #[test]
    fn weekdays_are_the_next_one_never_today() {
        // now() is a Monday.
        assert_eq!(parse_when("monday", now()).unwrap(), day(2026, 11, 30));
        assert_eq!(parse_when("fri", now()).unwrap(), day(2026, 11, 27));
        assert_eq!(parse_when("вторник", now()).unwrap(), day(2026, 11, 24));
        assert_eq!(
            parse_when("пт 14:00", now()).unwrap(),
            at(2026, 11, 27, 14, 0)
        );
    }

    #[test]
    fn bad_input_is_an_error_naming_the_input() {
        for bad in [
            "",
            "soon",
            "+3",
            "+d",
            "+3x",
            "2026-13-01",
            "2026-02-30",
            "25:99",
            "tomorrow 25:00",
            "31.02",
            "today at soon",
            "+999999999d",
            "15",
            "завтра послезавтра",
            "через 2 часа в 15:00",
            "в 25",
            "13pm",
            "30 февраля",
            "через",
            "in 2 parsecs",
            "next",
        ] {
            match parse_when(bad, now()) {
                Err(Error::BadWhen(s)) => assert_eq!(s, bad),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    /// What a client says on the phone, typed as said (`now()` is Monday
    /// 23 November 2026, 10:15).
    #[test]
    fn phrases_as_said_on_the_phone() {
        let cases = [
            ("через 2 часа", at(2026, 11, 23, 12, 15)),
            ("через час", at(2026, 11, 23, 11, 15)),
            ("через полчаса", at(2026, 11, 23, 10, 45)),
            ("через 15 минут", at(2026, 11, 23, 10, 30)),
            ("через три дня", day(2026, 11, 26)),
            ("через пару дней", day(2026, 11, 25)),
            ("через неделю", day(2026, 11, 30)),
            ("через 2 недели", day(2026, 12, 7)),
            ("через месяц", day(2026, 12, 23)),
            ("через 2 дня в 15:00", at(2026, 11, 25, 15, 0)),
            ("в пятницу", day(2026, 11, 27)),
            ("в пятницу в 15", at(2026, 11, 27, 15, 0)),
            ("во вторник 9:30", at(2026, 11, 24, 9, 30)),
            ("в 15", at(2026, 11, 23, 15, 0)),
            ("в 16:30", at(2026, 11, 23, 16, 30)),
            ("завтра в 15", at(2026, 11, 24, 15, 0)),
            ("завтра 10", at(2026, 11, 24, 10, 0)),
            ("Завтра утром", at(2026, 11, 24, 10, 0)),
            ("сегодня вечером", at(2026, 11, 23, 18, 0)),
            ("послезавтра днём", at(2026, 11, 25, 14, 0)),
            ("10 декабря", day(2026, 12, 10)),
            ("10 дек. в 11:00", at(2026, 12, 10, 11, 0)),
            ("5 января", day(2027, 1, 5)),
            ("10 декабря 2027", day(2027, 12, 10)),
            ("на следующей неделе", day(2026, 11, 30)),
            ("в следующем месяце", day(2026, 12, 1)),
            ("в следующий четверг", day(2026, 11, 26)),
            ("in 2 hours", at(2026, 11, 23, 12, 15)),
            ("in an hour", at(2026, 11, 23, 11, 15)),
            ("in half an hour", at(2026, 11, 23, 10, 45)),
            ("in a week", day(2026, 11, 30)),
            ("in a couple of days", day(2026, 11, 25)),
            ("in 3 days at 3pm", at(2026, 11, 26, 15, 0)),
            ("tomorrow 3pm", at(2026, 11, 24, 15, 0)),
            ("tomorrow at 3:30 pm", at(2026, 11, 24, 15, 30)),
            ("tomorrow at noon", at(2026, 11, 24, 12, 0)),
            ("today at 12am", at(2026, 11, 23, 0, 0)),
            ("next monday", day(2026, 11, 30)),
            ("next week", day(2026, 11, 30)),
            ("on friday at 11am", at(2026, 11, 27, 11, 0)),
            ("dec 10", day(2026, 12, 10)),
            ("December 10, 2026 14:00", at(2026, 12, 10, 14, 0)),
            ("10 dec", day(2026, 12, 10)),
            ("friday evening", at(2026, 11, 27, 18, 0)),
            ("в марте", day(2027, 3, 1)),
            ("весной", day(2027, 3, 1)),
            ("in spring", day(2027, 3, 1)),
            ("осенью", day(2026, 11, 23)),
            ("зимой", day(2026, 12, 1)),
            ("в ноябре", day(2026, 11, 23)),
            ("in december", day(2026, 12, 1)),
            ("в январе в 10", at(2027, 1, 1, 10, 0)),
        ];
        for (said, want) in cases {
            assert_eq!(parse_when(said, now()).ok(), Some(want), "{said}");
        }
    }

    proptest::proptest! {
        /// Any words of the phrases, in any order, read as a WHEN within
        /// its range or are refused naming what was typed; never a panic.
        #[test]
        fn any_phrase_is_a_when_or_refused(
            words in proptest::collection::vec(
                "(через|в|на|следующей|неделе|завтра|пятницу|утром|10|15:30|декабря|2|часа|пару|дней|in|a|an|hour|couple|of|at|3|pm|next|week|dec|2026|noon|, |x|\\PC{1,3})",
                0..6,
            )
        ) {
            let typed = words.join(" ");
            match parse_when(&typed, now()) {
                Ok(w) => proptest::prop_assert!(w.date().year() >= 1970 && w.date().year() <= 2126),
                Err(Error::BadWhen(s) | Error::WhenOutOfRange(s)) => proptest::prop_assert_eq!(s, typed),
                Err(other) => proptest::prop_assert!(false, "{typed:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn date_drops_the_time() {
        assert_eq!(
            parse_date("+2h", now()).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }
}
