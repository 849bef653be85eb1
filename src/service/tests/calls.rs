//! Calls and their outcomes.

use super::*;
use crate::domain::rules::Cadence;
use crate::i18n::format::reminder_text;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

fn call(
    store: &mut Store,
    at: Now,
    id: i64,
    o: CallOutcome,
    text: Option<&str>,
    when: Option<When>,
) -> crate::Result<CallLogged> {
    let call = Call {
        outcome: o,
        text,
        when,
        duration_secs: None,
    };
    log_call(store, at, id, call, Lang::En, &Cadence::default())
}

fn open_retries(store: &Store, id: i64) -> Vec<Reminder> {
    store
        .read()
        .client_reminders(id)
        .unwrap()
        .into_iter()
        .filter(|r| r.origin == ReminderOrigin::Retry && r.done_at.is_none())
        .collect()
}

#[apply(engines)]
fn no_answer_counts_attempts_and_keeps_one_retry_by_the_cadence(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let first = call(&mut store, now(), id, CallOutcome::NoAnswer, None, None).unwrap();
    assert_eq!(first.attempts, Some(1));
    // now() is Monday 23 Nov: the first retry one working day on.
    assert_eq!(first.retry_on, Some(later(1).today()));
    // The second on Friday: two working days on, Tuesday.
    let second = call(&mut store, later(4), id, CallOutcome::NoAnswer, None, None).unwrap();
    assert_eq!(second.attempts, Some(2));
    let retries = open_retries(&store, id);
    assert_eq!(retries.len(), 1, "the older retry was closed");
    assert_eq!(retries[0].due_on, later(8).today());
    assert_eq!(retries[0].count, Some(2));
    assert_eq!(
        reminder_text(Lang::En, &retries[0]),
        "call again (no answer, attempt 2)"
    );
    assert_eq!(
        reminder_text(Lang::Ru, &retries[0]),
        "перезвонить (не ответил, попытка 2)",
        "shown in the language of the moment, not of its creation"
    );
}

#[apply(engines)]
fn call_back_needs_a_moment_and_sets_a_reminder(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    assert!(matches!(
        call(&mut store, now(), id, CallOutcome::CallBack, None, None),
        Err(Error::CallBackNeedsWhen)
    ));
    let when = When::At(now().local + Duration::days(2));
    let logged = call(
        &mut store,
        now(),
        id,
        CallOutcome::CallBack,
        Some("after the board meeting"),
        Some(when),
    )
    .unwrap();
    let r = store.read().reminder(logged.reminder.unwrap()).unwrap();
    assert_eq!(r.origin, ReminderOrigin::CallBack);
    assert_eq!(
        reminder_text(Lang::En, &r),
        "call back: after the board meeting"
    );
    assert_eq!(
        reminder_text(Lang::Ru, &r),
        "перезвонить: after the board meeting"
    );
    assert_eq!(r.due_on, later(2).today());
}

#[apply(engines)]
fn interested_moves_on_and_not_target_loses(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    call(&mut store, now(), id, CallOutcome::NoAnswer, None, None).unwrap();
    let logged = call(
        &mut store,
        later(1),
        id,
        CallOutcome::Interested,
        None,
        None,
    )
    .unwrap();
    assert_eq!(logged.moved_to, Some(Stage::Qualifier));
    assert!(
        open_retries(&store, id).is_empty(),
        "reached: no more retries"
    );
    let lost = call(&mut store, later(2), id, CallOutcome::NotTarget, None, None).unwrap();
    assert_eq!(lost.client.status, Status::Lost);
    assert_eq!(lost.client.lost_reason.as_deref(), Some("not a target"));
    assert!(matches!(
        call(
            &mut store,
            later(3),
            id,
            CallOutcome::Interested,
            None,
            None
        ),
        Err(Error::ClientLost(_))
    ));
}

/// A hunter's client (or a closer's) who is interested has not paid: an
/// order is the next step, and the card stays where it is — the farmer's
/// station is reached by a first payment, and on a team it would go to
/// the farmer with its unpaid invoice.
#[apply(engines)]
fn interested_before_the_farmer_asks_for_the_order(_engine: Engine) {
    for closer in [false, true] {
        let (mut store, id) = setup("Anna", Some(Stage::Hunter));
        let mut config = crate::config::Config::default();
        config.stages.closer = Some(closer);
        apply_rules(&mut store, now(), &config).unwrap();
        let interested = |store: &mut Store| {
            call(store, now(), id, CallOutcome::Interested, None, None).unwrap()
        };
        let logged = interested(&mut store);
        let closer_next = closer.then_some(Stage::Closer);
        assert_eq!(
            (logged.moved_to, logged.wants_order),
            (closer_next, !closer)
        );
        let logged = interested(&mut store);
        assert_eq!((logged.moved_to, logged.wants_order), (None, true));
        assert_eq!(logged.client.stage, closer_next.unwrap_or(Stage::Hunter));
        // With an invoice unpaid, its payment is the next step: no other.
        let order = invoice(&mut store, now(), id, &rub(450), now().today()).unwrap();
        let logged = interested(&mut store);
        assert!(!logged.wants_order);
        assert_eq!(logged.unpaid, Some((order, 45_000, "RUB".to_string())));
        let said = crate::present::call_logged(Lang::Ru, "Anna", &logged, now().today());
        assert!(
            said.contains(&format!("счёт #{order} (450\u{a0}₽) ждёт оплаты")),
            "{said}"
        );
        // Cancelled, it waits for nothing: the next step is a new order.
        cancel_invoice(&mut store, now(), order, None).unwrap();
        let logged = interested(&mut store);
        assert_eq!((logged.wants_order, logged.unpaid), (true, None));
    }
}

#[apply(engines)]
fn the_cadence_grows_and_after_its_last_try_offers_the_loss(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    // Monday 23 Nov; each call on the day its retry is due.
    let mut at = now();
    let mut days = Vec::new();
    for attempt in 1..=5 {
        let logged = call(&mut store, at, id, CallOutcome::NoAnswer, None, None).unwrap();
        assert_eq!(logged.attempts, Some(attempt));
        assert_eq!(logged.give_up, attempt == 5, "attempt {attempt}");
        let on = logged.retry_on.unwrap();
        days.push(on);
        at = Now::parse(&format!("{on}T10:00")).unwrap();
    }
    let day = |d: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // 1, 2, 4, then 4 working days again.
    assert_eq!(
        days,
        [
            day(24, 11),
            day(26, 11),
            day(2, 12),
            day(8, 12),
            day(14, 12)
        ]
    );
    // A cadence of its own: every two days, never giving up.
    let own = Cadence {
        retry_days: vec![2],
        give_up_after: 0,
    };
    let call = Call {
        outcome: CallOutcome::NoAnswer,
        text: None,
        when: None,
        duration_secs: None,
    };
    let logged = log_call(&mut store, at, id, call, Lang::En, &own).unwrap();
    assert_eq!((logged.attempts, logged.give_up), (Some(6), false));
    assert_eq!(logged.retry_on, Some(day(16, 12)));
}
