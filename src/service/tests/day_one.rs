//! Day-one correctness: losses, call-backs, the farmer's sweep, the
//! commands that edit, delete and merge.

use super::*;
use crate::config::Config;
use crate::i18n::format::reminder_text;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

fn open(store: &Store, id: i64) -> Vec<Reminder> {
    store
        .read()
        .client_reminders(id)
        .unwrap()
        .into_iter()
        .filter(|r| r.done_at.is_none())
        .collect()
}

/// A call now, in English.
fn call(
    store: &mut Store,
    id: i64,
    o: CallOutcome,
    text: Option<&str>,
    when: Option<When>,
) -> CallLogged {
    let call = Call {
        outcome: o,
        text,
        when,
        duration_secs: None,
    };
    log_call(store, now(), id, call, Lang::En, &Default::default()).unwrap()
}

fn pane_ids(store: &Store, at: Now) -> Vec<i64> {
    let due = due_reminders_of(store, at, None, None).unwrap();
    [due.overdue, due.today, due.upcoming]
        .concat()
        .iter()
        .map(|r| r.id)
        .collect()
}

#[apply(engines)]
fn losing_closes_the_reminders_and_reviving_brings_back_those_ahead(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let past = remind(&mut store, now(), Some(id), "old", When::Day(now().today())).unwrap();
    let ahead = remind(
        &mut store,
        now(),
        Some(id),
        "ahead",
        When::Day(later(5).today()),
    )
    .unwrap();
    lose(&mut store, later(1), id, "no budget").unwrap();
    assert!(open(&store, id).is_empty(), "a loss closes every reminder");
    assert!(pane_ids(&store, later(1)).is_empty());
    let agenda = agenda(&store, later(1), &RuleSettings::default(), None, None).unwrap();
    assert!(agenda.overdue.is_empty() && agenda.upcoming.is_empty());
    assert_eq!(count_due(&store, later(1)).unwrap(), [0, 0, 0]);
    assert!(matches!(
        remind(
            &mut store,
            later(1),
            Some(id),
            "x",
            When::Day(later(2).today())
        ),
        Err(Error::ClientLost(_))
    ));
    revive(&mut store, later(2), id).unwrap();
    let back: Vec<i64> = open(&store, id).iter().map(|r| r.id).collect();
    assert_eq!(back, vec![ahead], "only the reminder still ahead returns");
    assert!(!back.contains(&past));
}

#[apply(engines)]
fn a_new_call_back_replaces_the_old_one(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let at = |d| Some(When::Day(later(d).today()));
    call(&mut store, id, CallOutcome::NoAnswer, None, None);
    call(&mut store, id, CallOutcome::CallBack, None, at(3));
    call(&mut store, id, CallOutcome::CallBack, Some("Fri"), at(4));
    let open = open(&store, id);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].origin, ReminderOrigin::CallBack);
    assert_eq!(open[0].due_on, later(4).today());
}

#[apply(engines)]
fn interested_at_the_farmer_is_logged_and_asks_for_an_order(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Farmer));
    // A repeat order, even beside an invoice still unpaid.
    invoice(&mut store, now(), id, &rub(100), now().today()).unwrap();
    let logged = call(&mut store, id, CallOutcome::Interested, None, None);
    assert!(logged.wants_order);
    assert_eq!(logged.unpaid, None);
    assert_eq!(
        (logged.moved_to, logged.client.stage),
        (None, Stage::Farmer)
    );
    let calls = client_detail(&store, now(), id).unwrap().timeline;
    assert_eq!(
        calls.first().unwrap().kind,
        ActivityKind::Call,
        "the newest first"
    );
}

fn lapsed_farmer() -> (Store, i64) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    let first = now().today() - Duration::days(98);
    sale(&mut store, now(), id, &rub(1_000), first).unwrap();
    apply_rules(&mut store, now(), &Config::default()).unwrap();
    let r = &open(&store, id)[0];
    assert_eq!(r.origin, ReminderOrigin::Reactivation);
    assert_eq!(reminder_text(Lang::Ru, r), "реактивация: нет оплат 98 дней");
    (store, id)
}

/// The pane (due reminders) and the agenda's list agree.
fn assert_agree(store: &Store, id: i64, listed: bool) {
    let agenda = agenda(store, now(), &RuleSettings::default(), None, None).unwrap();
    let in_list = agenda.reactivate.iter().any(|l| l.client_id == id);
    let in_pane = due_reminders_of(store, now(), None, None)
        .unwrap()
        .today
        .iter()
        .any(|r| r.client_id == Some(id) && r.origin == ReminderOrigin::Reactivation);
    assert_eq!((in_list, in_pane), (listed, listed));
}

#[apply(engines)]
fn a_call_answers_the_reactivation_sweep(_engine: Engine) {
    let (mut store, id) = lapsed_farmer();
    assert_agree(&store, id, true);
    call(&mut store, id, CallOutcome::NoAnswer, None, None);
    assert_agree(&store, id, false);
    apply_rules(&mut store, now(), &Config::default()).unwrap();
    assert_agree(&store, id, false);
}

#[apply(engines)]
fn a_meeting_or_a_repeat_payment_answers_it_too_but_a_note_does_not(_engine: Engine) {
    let (mut store, id) = lapsed_farmer();
    log_activity(&mut store, now(), id, ActivityKind::Note, Some("x"), None).unwrap();
    assert_agree(&store, id, true);
    log_activity(&mut store, now(), id, ActivityKind::Meeting, None, None).unwrap();
    assert_agree(&store, id, false);
    let (mut store, id) = lapsed_farmer();
    sale(&mut store, now(), id, &rub(500), now().today()).unwrap();
    assert_agree(&store, id, false);
}

#[apply(engines)]
fn reminders_are_edited_and_deleted(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let rid = remind(
        &mut store,
        now(),
        Some(id),
        "send",
        When::Day(now().today()),
    )
    .unwrap();
    let edited = edit_reminder(
        &mut store,
        rid,
        Some("send the offer"),
        Some(When::Day(later(1).today())),
    )
    .unwrap();
    assert_eq!(
        (edited.text.as_str(), edited.due_on),
        ("send the offer", later(1).today())
    );
    assert!(matches!(
        edit_reminder(&mut store, rid, None, None),
        Err(Error::NothingToChange)
    ));
    delete_reminder(&mut store, rid).unwrap();
    assert!(matches!(
        store.read().reminder(rid),
        Err(Error::NoReminder(_))
    ));
}

#[apply(engines)]
fn merging_keeps_both_timelines_and_fills_empty_fields(_engine: Engine) {
    let (mut store, a) = setup("Anna", None);
    let b = add_client(
        &mut store,
        now(),
        NewClient {
            name: "Anna P.".into(),
            phone: Some("+7 999 123-45-67".into()),
            ..NewClient::default()
        },
    )
    .unwrap();
    let oid = invoice(&mut store, now(), b, &rub(100), now().today()).unwrap();
    log_activity(&mut store, now(), b, ActivityKind::Call, None, None).unwrap();
    let merged = merge_clients(&mut store, later(1), a, b).unwrap();
    assert_eq!(merged.name, "Anna");
    assert_eq!(merged.phone.as_deref(), Some("+7 999 123-45-67"));
    assert!(matches!(store.read().client(b), Err(Error::NoClient(_))));
    let detail = client_detail(&store, later(1), a).unwrap();
    assert_eq!(detail.orders[0].id, oid);
    let kinds: Vec<ActivityKind> = detail.timeline.iter().map(|t| t.kind).collect();
    assert!(kinds.contains(&ActivityKind::Call) && kinds.contains(&ActivityKind::Merged));
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ActivityKind::Created)
            .count(),
        2
    );
    assert!(matches!(
        merge_clients(&mut store, now(), a, a),
        Err(Error::MergeSelf(_))
    ));
    delete_client(&mut store, a).unwrap();
    assert!(matches!(store.read().client(a), Err(Error::NoClient(_))));
    assert!(store.read().order(oid).is_err(), "the history goes with it");
}
