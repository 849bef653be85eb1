//! Use cases on an in-memory store with a fixed `now`.

use chrono::Duration;

use super::*;
use crate::domain::money::DEFAULT_CURRENCY;
use crate::domain::rules::RuleSettings;
use crate::domain::{
    ActivityKind, CallOutcome, Closure, DomainError, Money, NewClient, Reminder, ReminderOrigin,
    Stage, StageTarget, Status, When,
};
use crate::error::Error;
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::test_server::test_store;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

fn now() -> Now {
    Now::parse("2026-11-23T10:00").unwrap()
}

fn later(days: i64) -> Now {
    Now::from_local(now().local + Duration::days(days))
}

fn rub(whole: i64) -> Money {
    Money {
        minor: whole * 100,
        currency: DEFAULT_CURRENCY.into(),
    }
}

fn setup(name: &str, stage: Option<Stage>) -> (Store, i64) {
    let mut store = test_store();
    let id = add_client(
        &mut store,
        now(),
        NewClient {
            name: name.into(),
            stage,
            ..NewClient::default()
        },
    )
    .unwrap();
    (store, id)
}

#[apply(engines)]
fn a_new_client_starts_at_the_telemarketer_with_a_created_entry(_engine: Engine) {
    let (store, id) = setup("Анна", None);
    let detail = client_detail(&store, now(), id).unwrap();
    assert_eq!(detail.client.stage, Stage::Telemarketer);
    assert_eq!(detail.timeline.len(), 1);
    assert_eq!(detail.timeline[0].kind, ActivityKind::Created);
}

#[apply(engines)]
fn adding_into_a_disabled_stage_is_refused_and_writes_nothing(_engine: Engine) {
    let mut store = test_store();
    let new = NewClient {
        name: "Anna".into(),
        stage: Some(Stage::Closer),
        ..NewClient::default()
    };
    assert!(matches!(
        add_client(&mut store, now(), new),
        Err(Error::Domain(DomainError::StageDisabled(Stage::Closer)))
    ));
    assert_eq!(store.read().count_clients(None, None).unwrap(), 0);
}

#[apply(engines)]
fn every_move_is_on_the_timeline_with_its_time(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let moved = move_client(&mut store, later(1), id, StageTarget::Next).unwrap();
    assert_eq!(
        (moved.from, moved.to),
        (Stage::Telemarketer, Stage::Qualifier)
    );
    move_client(&mut store, later(2), id, StageTarget::To(Stage::Farmer)).unwrap();
    move_client(&mut store, later(3), id, StageTarget::Prev).unwrap();
    let detail = client_detail(&store, later(3), id).unwrap();
    // The timeline is newest first; read here in the order it happened.
    let moves: Vec<_> = detail
        .timeline
        .iter()
        .rev()
        .filter(|a| a.kind == ActivityKind::Move)
        .map(|a| (a.from_stage.unwrap(), a.to_stage.unwrap(), a.at))
        .collect();
    assert_eq!(
        moves,
        vec![
            (Stage::Telemarketer, Stage::Qualifier, later(1).utc),
            (Stage::Qualifier, Stage::Farmer, later(2).utc),
            (Stage::Farmer, Stage::Hunter, later(3).utc),
        ]
    );
    assert_eq!(detail.client.stage_since, later(3).utc);
}

#[apply(engines)]
fn lost_clients_do_not_move_until_revived(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    lose(&mut store, now(), id, "дорого").unwrap();
    assert!(matches!(
        lose(&mut store, now(), id, "again"),
        Err(Error::AlreadyLost(_))
    ));
    assert!(matches!(
        move_client(&mut store, now(), id, StageTarget::Next),
        Err(Error::ClientLost(_))
    ));
    let revived = revive(&mut store, later(5), id).unwrap();
    assert_eq!(revived.status, Status::Active);
    assert_eq!(revived.lost_reason, None);
    assert_eq!(revived.stage_since, later(5).utc, "not instantly stale");
    assert!(matches!(
        revive(&mut store, now(), id),
        Err(Error::ClientNotLost(_))
    ));
    assert!(matches!(
        lose(&mut store, now(), id, "  "),
        Err(Error::EmptyReason)
    ));
}

#[apply(engines)]
fn outcomes_belong_to_calls_only(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    assert!(matches!(
        log_activity(
            &mut store,
            now(),
            id,
            ActivityKind::Note,
            None,
            Some(CallOutcome::Interested)
        ),
        Err(Error::OutcomeNotForCall)
    ));
    log_activity(
        &mut store,
        now(),
        id,
        ActivityKind::Call,
        Some(" "),
        Some(CallOutcome::NoAnswer),
    )
    .unwrap();
    // The newest entry comes first.
    let call = client_detail(&store, now(), id)
        .unwrap()
        .timeline
        .swap_remove(0);
    assert_eq!(call.outcome.as_deref(), Some("no-answer"));
    assert_eq!(call.text, None);
}

/// A person's agenda (their board on a team) holds their own cards alone
/// in every list, with the reminders about no client; the two people's
/// agendas make up everyone's.
#[apply(engines)]
fn a_persons_agenda_holds_their_own_cards_alone(_engine: Engine) {
    let mut store = test_store();
    crate::demo::fill(&mut store, now(), Lang::En).unwrap();
    let everyone = crate::store::ClientFilter::default();
    let ids: Vec<i64> = store
        .read()
        .clients(&everyone)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let owner_of = |id: i64| if id % 2 == 0 { "ann" } else { "bob" };
    for id in &ids {
        store
            .write(|db| db.set_owner(*id, Some(owner_of(*id))))
            .unwrap();
    }
    // One of each person's clients coming back tomorrow, and a reminder
    // about no client.
    let active = |store: &Store| -> Vec<i64> {
        let filter = crate::store::ClientFilter {
            status: Some(crate::domain::Status::Active),
            ..Default::default()
        };
        store
            .read()
            .clients(&filter)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect()
    };
    let tomorrow = Some(now().today() + Duration::days(1));
    for parity in [0, 1] {
        let id = *active(&store).iter().find(|id| *id % 2 == parity).unwrap();
        super::lose_until(&mut store, now(), id, "call in spring", tomorrow).unwrap();
    }
    let at = later(1);
    remind(
        &mut store,
        now(),
        None,
        "plan the week",
        When::Day(at.today()),
    )
    .unwrap();
    // The rules' reminders: chases of the unpaid, farmers to reactivate.
    apply_rules(&mut store, at, &crate::config::Config::default()).unwrap();
    let rules = RuleSettings::default();
    let all = agenda(&store, at, &rules, None, None).unwrap();
    let theirs = ["ann", "bob"].map(|who| agenda(&store, at, &rules, None, Some(who)).unwrap());
    // What each list holds, by client (`0` for no client).
    let lists = |a: &Agenda| -> [Vec<i64>; 7] {
        let reminders = |v: &[Reminder]| v.iter().map(|r| r.client_id.unwrap_or(0)).collect();
        [
            reminders(&a.overdue),
            reminders(&a.today),
            reminders(&a.upcoming),
            a.unpaid.iter().map(|u| u.client_id).collect(),
            a.stale.iter().map(|s| s.client.id).collect(),
            a.reactivate.iter().map(|l| l.client_id).collect(),
            a.back.iter().map(|b| b.client_id).collect(),
        ]
    };
    for (i, list) in lists(&all).iter().enumerate() {
        assert!(
            list.iter().any(|id| *id != 0),
            "list {i} has a client: {list:?}"
        );
        let mut together: Vec<i64> = Vec::new();
        for (who, a) in ["ann", "bob"].iter().zip(&theirs) {
            let mine = &lists(a)[i];
            assert!(
                mine.iter().all(|id| *id == 0 || owner_of(*id) == *who),
                "list {i} of {who}: {mine:?}"
            );
            together.extend(mine.iter().filter(|id| **id != 0));
        }
        let mut expected: Vec<i64> = list.iter().copied().filter(|id| *id != 0).collect();
        together.sort_unstable();
        expected.sort_unstable();
        assert_eq!(together, expected, "list {i}");
    }
    // The counts agree with the lists, the reminders about no client in each.
    for a in theirs.iter().chain([&all]) {
        assert_eq!(
            a.totals[..3],
            [a.overdue.len(), a.today.len(), a.upcoming.len()]
        );
        assert_eq!(a.totals[3], a.unpaid.len());
        assert_eq!(a.totals[4], a.reactivate.len());
        assert!(
            a.today.iter().any(|r| r.client_id.is_none()),
            "{:?}",
            a.today
        );
    }
    assert_eq!(theirs[0].farmers + theirs[1].farmers, all.farmers);
    let stale = |a: &Agenda| a.stale_by_station.iter().map(|s| s.count).sum::<i64>();
    let head = |who| agenda_head(&store, at, &rules, None, who).unwrap();
    assert_eq!(
        stale(&head(Some("ann"))) + stale(&head(Some("bob"))),
        stale(&head(None))
    );
    assert_eq!(stale(&head(None)), all.stale.len() as i64);
}

#[apply(engines)]
fn reminders_fall_into_the_agenda_by_urgency_until_done(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let day = |d: i64| When::Day(now().today() + Duration::days(d));
    let overdue = remind(&mut store, now(), Some(id), "call back", day(-1)).unwrap();
    let today = remind(&mut store, now(), None, "plan the week", day(0)).unwrap();
    let soon = remind(&mut store, now(), Some(id), "send offer", day(7)).unwrap();
    remind(&mut store, now(), Some(id), "far away", day(8)).unwrap();
    let earlier = When::At(now().local - Duration::hours(1));
    let timed = remind(&mut store, now(), Some(id), "at nine", earlier).unwrap();
    let agenda = agenda(&store, now(), &RuleSettings::default(), None, None).unwrap();
    let ids = |v: &[Reminder]| v.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(&agenda.overdue), vec![overdue, timed]);
    assert_eq!(ids(&agenda.today), vec![today]);
    assert_eq!(ids(&agenda.upcoming), vec![soon]);
    assert_eq!(
        count_due(&store, now()).unwrap(),
        [2, 1, 1],
        "counts agree with the buckets"
    );
    // A screenful: the first of each bucket (a time passed today is
    // overdue), with how many there are.
    let first = super::agenda(&store, now(), &RuleSettings::default(), Some(1), None).unwrap();
    assert_eq!(ids(&first.overdue), vec![overdue]);
    assert_eq!(ids(&first.today), vec![today]);
    assert_eq!(ids(&first.upcoming), vec![soon]);
    assert_eq!(first.totals[..3], [2, 1, 1]);
    let later_first =
        super::agenda(&store, now(), &RuleSettings::default(), Some(5), None).unwrap();
    assert_eq!(ids(&later_first.overdue), vec![overdue, timed]);
    let first_two = due_reminders_of(&store, now(), Some(2), None).unwrap();
    assert_eq!(ids(&first_two.overdue), vec![overdue]);
    assert_eq!(ids(&first_two.today), vec![today]);
    assert!(first_two.upcoming.is_empty());

    done(&mut store, now(), overdue).unwrap();
    assert!(matches!(
        done(&mut store, now(), overdue),
        Err(Error::ReminderDone(_))
    ));
    assert!(matches!(
        snooze(&mut store, overdue, day(1)),
        Err(Error::ReminderDone(_))
    ));
    let snoozed = snooze(&mut store, timed, day(3)).unwrap();
    assert_eq!(
        (snoozed.due_on, snoozed.due_at),
        (now().today() + Duration::days(3), None)
    );
    let agenda = super::agenda(&store, now(), &RuleSettings::default(), None, None).unwrap();
    assert!(agenda.overdue.is_empty());
    assert_eq!(ids(&agenda.upcoming), vec![timed, soon]);
    assert!(matches!(
        remind(&mut store, now(), Some(99), "x", day(1)),
        Err(Error::NoClient(99))
    ));
    assert!(matches!(
        remind(&mut store, now(), None, " ", day(1)),
        Err(Error::EmptyText)
    ));
}

#[apply(engines)]
fn stale_cards_are_listed_past_their_stage_limit(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Qualifier));
    assert!(
        agenda(&store, later(2), &RuleSettings::default(), None, None)
            .unwrap()
            .stale
            .is_empty()
    );
    let stale = agenda(&store, later(3), &RuleSettings::default(), None, None)
        .unwrap()
        .stale;
    assert_eq!(stale.len(), 1);
    assert_eq!(
        (stale[0].client.id, stale[0].days, stale[0].limit),
        (id, 3, 2)
    );
    lose(&mut store, later(3), id, "no budget").unwrap();
    assert!(
        agenda(&store, later(30), &RuleSettings::default(), None, None)
            .unwrap()
            .stale
            .is_empty()
    );
}

/// A station's stale cards counted (the agenda's line per station) are
/// those listed one by one, the cutoff's own day included: cards that
/// entered just before, at and just after the cutoff.
#[apply(engines)]
fn a_stations_stale_cards_are_counted_as_they_are_listed(_engine: Engine) {
    let mut store = test_store();
    let minutes = [-5 * 24 * 60, 24 * 60 - 30, 24 * 60, 24 * 60 + 30, 48 * 60];
    for (i, m) in minutes.into_iter().enumerate() {
        let at = Now::from_local(now().local + Duration::minutes(m));
        let new = NewClient {
            name: format!("Card {i}"),
            stage: Some(Stage::Qualifier),
            ..NewClient::default()
        };
        add_client(&mut store, at, new).unwrap();
    }
    let rules = RuleSettings::default();
    for day in [2, 4, 5, 9] {
        let listed = agenda(&store, later(day), &rules, None, None)
            .unwrap()
            .stale;
        let counted = agenda_head(&store, later(day), &rules, None, None)
            .unwrap()
            .stale_by_station;
        let counted = counted.iter().find(|s| s.stage == Stage::Qualifier);
        assert_eq!(
            counted.map_or(0, |s| s.count),
            listed.len() as i64,
            "day {day}"
        );
        assert_eq!(
            counted.map(|s| s.oldest_days),
            listed.iter().map(|c| c.days).max(),
            "day {day}"
        );
        // The first two of them, the oldest, when the list is cut short;
        // all of them counted.
        let first = agenda(&store, later(day), &rules, Some(2), None).unwrap();
        let ids = |cards: &[StaleCard]| cards.iter().map(|c| c.client.id).collect::<Vec<_>>();
        assert_eq!(
            ids(&first.stale),
            ids(&listed[..listed.len().min(2)]),
            "day {day}"
        );
        assert_eq!(first.totals[5], listed.len(), "day {day}");
    }
    // Four days on, the cutoff is a day after the first: the cards from
    // before it and at it are stale, not the one half an hour after.
    let counted = agenda_head(&store, later(4), &rules, None, None).unwrap();
    assert_eq!(counted.stale_by_station[0].count, 3);
}

#[apply(engines)]
fn the_first_payment_moves_a_hunter_client_to_the_farmer(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    let oid = invoice(&mut store, now(), id, &rub(80_000), now().today()).unwrap();
    assert_eq!(
        store.read().client(id).unwrap().stage,
        Stage::Hunter,
        "an invoice is not a sale"
    );
    assert!(matches!(
        pay(&mut store, now(), oid, now().today() - Duration::days(1)),
        Err(Error::PaidBeforeInvoiced)
    ));
    // A payment comes on its day: one dated ahead is refused.
    assert!(matches!(
        pay(&mut store, now(), oid, now().today() + Duration::days(1)),
        Err(Error::PaidAhead(d)) if d == now().today() + Duration::days(1)
    ));
    let paid = pay(&mut store, later(2), oid, later(2).today()).unwrap();
    assert!(paid.promoted);
    assert_eq!(paid.client.stage, Stage::Farmer);
    assert_eq!(paid.order.paid_on, Some(later(2).today()));
    assert!(matches!(
        pay(&mut store, later(2), oid, later(2).today()),
        Err(Error::OrderPaid(_))
    ));
    let repeat = sale(&mut store, later(40), id, &rub(50_000), later(40).today()).unwrap();
    assert!(!repeat.promoted);
    assert_eq!(store.read().paid_order_count(id).unwrap(), 2);
    let kinds: Vec<_> = client_detail(&store, later(40), id)
        .unwrap()
        .timeline
        .iter()
        .rev()
        .map(|a| a.kind)
        .collect();
    use ActivityKind as K;
    assert_eq!(
        kinds,
        vec![
            K::Created,
            K::Invoice,
            K::Payment,
            K::Move,
            K::Invoice,
            K::Payment
        ]
    );
}

#[apply(engines)]
fn a_sale_to_a_telemarketer_lead_keeps_its_stage(_engine: Engine) {
    let (mut store, id) = setup("Anna", None);
    let paid = sale(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
    assert!(!paid.promoted);
    assert_eq!(paid.client.stage, Stage::Telemarketer);
}

#[apply(engines)]
fn invoices_to_lost_or_missing_clients_are_refused(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    lose(&mut store, now(), id, "gone").unwrap();
    assert!(matches!(
        invoice(&mut store, now(), id, &rub(1), now().today()),
        Err(Error::ClientLost(_))
    ));
    assert!(matches!(
        sale(&mut store, now(), 42, &rub(1), now().today()),
        Err(Error::NoClient(42))
    ));
    assert!(matches!(
        pay(&mut store, now(), 9, now().today()),
        Err(Error::NoOrder(9))
    ));
    assert_eq!(store.read().client_orders(id).unwrap().len(), 0);
}

#[apply(engines)]
fn konveyer_now_forms(_engine: Engine) {
    assert_eq!(
        Now::parse("2026-11-25T10:00").unwrap().local.to_string(),
        "2026-11-25 10:00:00"
    );
    assert_eq!(
        Now::parse("2026-11-25 10:00").unwrap().today().to_string(),
        "2026-11-25"
    );
    assert_eq!(
        Now::parse("2026-11-25").unwrap().today().to_string(),
        "2026-11-25"
    );
    assert!(matches!(Now::parse("next week"), Err(Error::BadNow(_))));
}

mod calls;
mod cold;
mod day_one;
mod oracle;
mod rules;
mod screens;
