//! Clients, reminders and outcomes: staleness, normalising, parsing, buckets.

use super::*;
use chrono::TimeZone;

fn utc(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
}

fn client(since: DateTime<Utc>) -> Client {
    Client {
        id: 1,
        name: "ООО Ромашка".into(),
        company: None,
        phone: None,
        other_phones: None,
        email: None,
        source: None,
        stage: Stage::Qualifier,
        status: Status::Active,
        lost_reason: None,
        stage_since: since,
        created_at: since,
        notes: None,
        tags: None,
        referred_by: None,
        owner: None,
        value_minor: None,
        value_currency: None,
        expected_on: None,
        back_on: None,
    }
}

#[test]
fn stale_only_after_the_limit_has_fully_passed() {
    let c = client(utc(20, 9));
    assert_eq!(c.days_in_stage(utc(22, 9)), 2);
    assert!(!c.is_stale(utc(22, 9), Some(2)));
    assert!(!c.is_stale(utc(23, 8), Some(2)));
    assert!(c.is_stale(utc(23, 9), Some(2)));
    assert!(!c.is_stale(utc(30, 9), None));
    let mut lost = c.clone();
    lost.status = Status::Lost;
    assert!(!lost.is_stale(utc(30, 9), Some(2)));
    assert!(c.stage_since <= Client::stale_cutoff(utc(23, 9), 2));
    assert!(c.stage_since > Client::stale_cutoff(utc(23, 8), 2));
}

#[test]
fn new_client_is_trimmed_and_checked() {
    let c = NewClient {
        name: "  Анна  ".into(),
        company: Some("  ".into()),
        source: Some("Referral".into()),
        email: Some(" anna@example.ru ".into()),
        ..NewClient::default()
    }
    .normalized()
    .unwrap();
    assert_eq!(c.name, "Анна");
    assert_eq!(c.company, None);
    assert_eq!(c.source.as_deref(), Some("referral"));
    assert_eq!(c.email.as_deref(), Some("anna@example.ru"));
    let empty = NewClient {
        name: " ".into(),
        ..NewClient::default()
    };
    assert!(matches!(empty.normalized(), Err(Error::EmptyName)));
    for email in [
        "not-an-email",
        "a@x.ru, b@y.ru",
        "a@x.ru;b@y.ru",
        "Anna <a@x.ru>",
        "a@b@x.ru",
        "a@.ru",
    ] {
        let bad = NewClient {
            name: "A".into(),
            email: Some(email.into()),
            ..NewClient::default()
        };
        assert!(
            matches!(bad.normalized(), Err(Error::BadEmail(_))),
            "{email}"
        );
    }
    for phone in ["abc", "12", "+7 abc 123", "7+999", "1234567890123456789012"] {
        let c = NewClient {
            name: "A".into(),
            phone: Some(phone.into()),
            ..NewClient::default()
        };
        assert!(
            matches!(c.normalized(), Err(Error::BadPhone(_))),
            "{phone:?} was accepted"
        );
    }
    for phone in [
        "+7 (999) 123-45-67",
        "8 999 123 45 67",
        "12345",
        "+44.20.7946.0958",
    ] {
        assert!(looks_like_phone(phone), "{phone:?} was refused");
    }
}

#[test]
fn search_text_folds_cyrillic() {
    assert_eq!(
        search_text("Иван ПЕТРОВ", Some("ООО Ромашка"), &[], Some("I@X.RU")),
        "иван петров ооо ромашка i@x.ru"
    );
    assert_eq!(search_text("Артём", None, &[], None), "артем");
    assert_eq!(search_text("Йошкар", None, &[], None), "йошкар");
    let text = search_text("A", None, &["+7 984 876-12-90"], None);
    assert!(
        text.contains("79848761290") && text.contains("89848761290"),
        "{text}"
    );
    assert_eq!(search_query("8 (984) 876-12-90"), "89848761290");
    assert_eq!(search_query("Артём Й"), "артем й");
}

#[test]
fn outcomes_and_kinds_parse() {
    assert_eq!(
        CallOutcome::parse("callback").unwrap(),
        CallOutcome::CallBack
    );
    assert_eq!(
        CallOutcome::parse("No answer").unwrap(),
        CallOutcome::NoAnswer
    );
    assert!(matches!(
        CallOutcome::parse("maybe"),
        Err(Error::BadOutcome(_))
    ));
    assert_eq!(
        ActivityKind::parse_loggable("Звонок").unwrap(),
        ActivityKind::Call
    );
    assert!(matches!(
        ActivityKind::parse_loggable("move"),
        Err(Error::BadActivityKind(_))
    ));
    for k in ActivityKind::ALL {
        assert_eq!(ActivityKind::from_key(k.key()), Some(k));
    }
}

#[test]
fn reminder_buckets() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let now = utc(23, 10);
    let mut r = Reminder {
        id: 1,
        client_id: None,
        client_name: None,
        text: "call".into(),
        count: None,
        amount: None,
        due_on: today,
        due_at: None,
        done_at: None,
        closed_by: None,
        origin: ReminderOrigin::Manual,
        order_id: None,
        created_at: now,
    };
    assert_eq!(r.bucket(now, today), Bucket::Today);
    r.due_at = Some(utc(23, 9));
    assert_eq!(r.bucket(now, today), Bucket::Overdue);
    r.due_at = None;
    r.due_on = today - Duration::days(1);
    assert_eq!(r.bucket(now, today), Bucket::Overdue);
    r.due_on = today + Duration::days(7);
    assert_eq!(r.bucket(now, today), Bucket::Upcoming);
    r.due_on = today + Duration::days(8);
    assert_eq!(r.bucket(now, today), Bucket::Later);
}

#[test]
fn numbers_are_added_once_the_first_to_dial_when_there_is_none() {
    let mut c = NewClient {
        name: "Ирина".into(),
        ..NewClient::default()
    };
    assert!(c.add_phones(["+79161112233", "+74954445566"].into_iter()));
    assert_eq!(c.phone.as_deref(), Some("+79161112233"));
    assert_eq!(c.other_phones.as_deref(), Some("+74954445566"));
    assert!(!c.add_phones(["+74954445566", "+79161112233"].into_iter()));
    assert!(c.add_phones(["+79030001122"].into_iter()));
    assert_eq!(
        c.other_phones.as_deref(),
        Some("+74954445566, +79030001122")
    );
    assert_eq!(c.phones().count(), 3);
    assert_eq!(join_phones([" a ", "b", "a", ""]).as_deref(), Some("a, b"));
    assert_eq!(join_phones(Vec::<&str>::new()), None);
    let typed = NewClient {
        other_phones: Some("8 495 444 55 66; 12, +7 903".into()),
        ..c.clone()
    };
    assert!(matches!(typed.normalized(), Err(Error::BadPhone(p)) if p == "12"));
}
