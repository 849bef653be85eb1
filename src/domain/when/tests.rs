use super::*;

/// Monday 23 November 2026, 10:15:42.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 15, 42)
        .unwrap()
}

/// Each phrase reads as its WHEN at `now()`.
fn reads_as(cases: &[(&str, When)]) {
    for (said, want) in cases {
        assert_eq!(parse_when(said, now()).ok(), Some(*want), "{said}");
    }
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
    reads_as(&cases);
}

proptest::proptest! {
    /// Any words of the phrases, in any order, read as a WHEN within
    /// its range or are refused naming what was typed; never a panic.
    #[test]
    fn any_phrase_is_a_when_or_refused(
        words in proptest::collection::vec(
            "(через|в|на|к|после|с|следующей|неделе|недели|завтра|пятницу|утром|утра|дня|ночи|часов|обеда|конце|начале|месяца|выходных|эту|полтора|10|10.30|15:30|декабря|2|часа|пару|дней|in|a|an|hour|couple|of|at|3|pm|next|week|end|the|dec|2026|noon|, |x|\\PC{1,3})",
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

/// How a caller says a time of day in Russian, the part of the day with
/// the hour, and the edges of a day, a week and a month (`now()` is
/// Monday 23 November 2026, 10:15).
#[test]
fn hours_and_edges_as_said_on_the_phone() {
    let cases = [
        ("в 3 часа дня", at(2026, 11, 23, 15, 0)),
        ("в 15 часов", at(2026, 11, 23, 15, 0)),
        ("завтра в 10 часов утра", at(2026, 11, 24, 10, 0)),
        ("в 7 вечера", at(2026, 11, 23, 19, 0)),
        ("в 11 ночи", at(2026, 11, 23, 23, 0)),
        ("в пятницу в 12 дня", at(2026, 11, 27, 12, 0)),
        ("пт 3 дня", at(2026, 11, 27, 15, 0)),
        ("11 утра", at(2026, 11, 23, 11, 0)),
        ("к 12", at(2026, 11, 23, 12, 0)),
        ("после 15", at(2026, 11, 23, 15, 0)),
        ("в 10.30", at(2026, 11, 23, 10, 30)),
        ("в 11.00", at(2026, 11, 23, 11, 0)),
        ("в 10.12", day(2026, 12, 10)),
        ("в обед", at(2026, 11, 23, 13, 0)),
        ("до обеда", at(2026, 11, 23, 12, 0)),
        ("после обеда", at(2026, 11, 23, 14, 0)),
        ("к обеду", at(2026, 11, 23, 12, 0)),
        ("завтра к вечеру", at(2026, 11, 24, 18, 0)),
        ("ближе к вечеру", at(2026, 11, 23, 18, 0)),
        ("завтра с утра", at(2026, 11, 24, 10, 0)),
        ("в понедельник с утра", at(2026, 11, 30, 10, 0)),
        ("в конце дня", at(2026, 11, 23, 17, 0)),
        ("к концу дня", at(2026, 11, 23, 17, 0)),
        ("в конце недели", day(2026, 11, 27)),
        ("к концу недели в 16", at(2026, 11, 27, 16, 0)),
        ("в конце следующей недели", day(2026, 12, 4)),
        ("в начале недели", day(2026, 11, 30)),
        ("в начале следующей недели", day(2026, 11, 30)),
        ("в конце месяца", day(2026, 11, 30)),
        ("в конце следующего месяца", day(2026, 12, 31)),
        ("в начале месяца", day(2026, 12, 1)),
        ("на выходных", day(2026, 11, 28)),
        ("во вторник на следующей неделе", day(2026, 12, 1)),
        ("на следующей неделе в среду в 15", at(2026, 12, 2, 15, 0)),
        ("в эту пятницу", day(2026, 11, 27)),
        ("к пятнице", day(2026, 11, 27)),
        ("через полтора часа", at(2026, 11, 23, 11, 45)),
        ("in an hour and a half", at(2026, 11, 23, 11, 45)),
        ("this afternoon", at(2026, 11, 23, 14, 0)),
        ("this friday", day(2026, 11, 27)),
        ("at lunch", at(2026, 11, 23, 13, 0)),
        ("after lunch", at(2026, 11, 23, 14, 0)),
        ("end of the day", at(2026, 11, 23, 17, 0)),
        ("by the end of the week", day(2026, 11, 27)),
        ("end of next week", day(2026, 12, 4)),
        ("early next week", day(2026, 11, 30)),
        ("next week tuesday", day(2026, 12, 1)),
        ("tuesday next week at 3pm", at(2026, 12, 1, 15, 0)),
        ("on the weekend", day(2026, 11, 28)),
    ];
    reads_as(&cases);
    for bad in [
        "3 дня",
        "в 13 утра",
        "в 8 вечера вечером",
        "завтра на следующей неделе",
        "во вторник в среду",
        "в конце",
        "в конце года",
        "через полтора",
    ] {
        assert!(parse_when(bad, now()).is_err(), "{bad}");
    }
}

/// A time of day alone is the next time the clock shows it: today while
/// it is to come, tomorrow once it has passed (`now()` is 10:15) — as a
/// weekday alone is the next one. Said with its day, it is that day's.
#[test]
fn a_time_alone_that_has_passed_is_tomorrows() {
    let cases = [
        ("9:00", at(2026, 11, 24, 9, 0)),
        ("в 9", at(2026, 11, 24, 9, 0)),
        ("в 9 утра", at(2026, 11, 24, 9, 0)),
        ("в 2 ночи", at(2026, 11, 24, 2, 0)),
        ("утром", at(2026, 11, 24, 10, 0)),
        ("с утра", at(2026, 11, 24, 10, 0)),
        ("10:15", at(2026, 11, 23, 10, 15)),
        ("10:16", at(2026, 11, 23, 10, 16)),
        ("сегодня в 9", at(2026, 11, 23, 9, 0)),
        ("today 9am", at(2026, 11, 23, 9, 0)),
    ];
    reads_as(&cases);
}
