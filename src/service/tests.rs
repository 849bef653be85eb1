//! Use cases on an in-memory store with a fixed `now`.

use chrono::Duration;

use super::*;
use crate::domain::money::DEFAULT_CURRENCY;
use crate::domain::rules::RuleSettings;
use crate::domain::{
    ActivityKind, CallOutcome, DomainError, Money, NewClient, Reminder, ReminderOrigin, Stage,
    StageTarget, Status, When,
};
use crate::error::Error;
use crate::i18n::Lang;
use crate::store::Store;

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
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn a_new_client_starts_at_the_telemarketer_with_a_created_entry() {
    let (store, id) = setup("Анна", None);
    let detail = client_detail(&store, now(), id).unwrap();
    assert_eq!(detail.client.stage, Stage::Telemarketer);
    assert_eq!(detail.timeline.len(), 1);
    assert_eq!(detail.timeline[0].kind, ActivityKind::Created);
}

#[test]
fn adding_into_a_disabled_stage_is_refused_and_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn every_move_is_on_the_timeline_with_its_time() {
    let (mut store, id) = setup("Anna", None);
    let moved = move_client(&mut store, later(1), id, StageTarget::Next).unwrap();
    assert_eq!(
        (moved.from, moved.to),
        (Stage::Telemarketer, Stage::Qualifier)
    );
    move_client(&mut store, later(2), id, StageTarget::To(Stage::Farmer)).unwrap();
    move_client(&mut store, later(3), id, StageTarget::Prev).unwrap();
    let detail = client_detail(&store, later(3), id).unwrap();
    let moves: Vec<_> = detail
        .timeline
        .iter()
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

#[test]
fn lost_clients_do_not_move_until_revived() {
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

#[test]
fn outcomes_belong_to_calls_only() {
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
    let call = client_detail(&store, now(), id)
        .unwrap()
        .timeline
        .pop()
        .unwrap();
    assert_eq!(call.outcome.as_deref(), Some("no-answer"));
    assert_eq!(call.text, None);
}

#[test]
fn reminders_fall_into_the_agenda_by_urgency_until_done() {
    let (mut store, id) = setup("Anna", None);
    let day = |d: i64| When::Day(now().today() + Duration::days(d));
    let overdue = remind(&mut store, now(), Some(id), "call back", day(-1)).unwrap();
    let today = remind(&mut store, now(), None, "plan the week", day(0)).unwrap();
    let soon = remind(&mut store, now(), Some(id), "send offer", day(7)).unwrap();
    remind(&mut store, now(), Some(id), "far away", day(8)).unwrap();
    let earlier = When::At(now().local - Duration::hours(1));
    let timed = remind(&mut store, now(), Some(id), "at nine", earlier).unwrap();
    let agenda = agenda(&store, now(), &RuleSettings::default(), true, None).unwrap();
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
    let first = super::agenda(&store, now(), &RuleSettings::default(), true, Some(1)).unwrap();
    assert_eq!(ids(&first.overdue), vec![overdue]);
    assert_eq!(ids(&first.today), vec![today]);
    assert_eq!(ids(&first.upcoming), vec![soon]);
    assert_eq!(first.totals[..3], [2, 1, 1]);
    let later_first =
        super::agenda(&store, now(), &RuleSettings::default(), true, Some(5)).unwrap();
    assert_eq!(ids(&later_first.overdue), vec![overdue, timed]);
    let first_two = due_reminders(&store, now(), Some(2)).unwrap();
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
    let agenda = super::agenda(&store, now(), &RuleSettings::default(), true, None).unwrap();
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

#[test]
fn stale_cards_are_listed_past_their_stage_limit() {
    let (mut store, id) = setup("Anna", Some(Stage::Qualifier));
    assert!(
        agenda(&store, later(2), &RuleSettings::default(), true, None)
            .unwrap()
            .stale
            .is_empty()
    );
    let stale = agenda(&store, later(3), &RuleSettings::default(), true, None)
        .unwrap()
        .stale;
    assert_eq!(stale.len(), 1);
    assert_eq!(
        (stale[0].client.id, stale[0].days, stale[0].limit),
        (id, 3, 2)
    );
    lose(&mut store, later(3), id, "no budget").unwrap();
    assert!(
        agenda(&store, later(30), &RuleSettings::default(), true, None)
            .unwrap()
            .stale
            .is_empty()
    );
}

#[test]
fn the_first_payment_moves_a_hunter_client_to_the_farmer() {
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

#[test]
fn a_sale_to_a_telemarketer_lead_keeps_its_stage() {
    let (mut store, id) = setup("Anna", None);
    let paid = sale(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
    assert!(!paid.promoted);
    assert_eq!(paid.client.stage, Stage::Telemarketer);
}

#[test]
fn invoices_to_lost_or_missing_clients_are_refused() {
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

#[test]
fn konveyer_now_forms() {
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

mod rules {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_changed_clients_pass_and_the_counts_agree_with_recounting_after_every_kind_of_write() {
        let config = Config::default();
        let mut store = Store::open_in_memory().unwrap();
        store.enable_undo().unwrap();
        let mut made = 0;
        // After each write: the rules for the changed clients, then a full
        // sweep would find nothing more to do.
        let mut check = |store: &mut Store, at: Now, what: &str| {
            let report = apply_rules(store, at, &config).unwrap();
            made += report.chases + report.reactivations;
            let left = super::super::rules::left_for_a_full_sweep(store, at, &config);
            assert_eq!(left, 0, "after {what}");
            // The counts kept per station and due day agree with counting.
            assert_eq!(
                store.read().miscounts().unwrap(),
                [] as [String; 0],
                "after {what}"
            );
            let (today, last) = (at.today(), at.today() + Duration::days(7));
            assert_eq!(
                store.read().count_due(at.utc, today, last).unwrap(),
                store
                    .read()
                    .count_due_by_counting(at.utc, today, last)
                    .unwrap(),
                "after {what}"
            );
            // A screenful of the agenda: the first of each list, and how
            // many every list holds.
            let full = agenda(store, at, &config.rules, true, None).unwrap();
            let first = agenda(store, at, &config.rules, true, Some(1)).unwrap();
            let lens = [
                full.overdue.len(),
                full.today.len(),
                full.upcoming.len(),
                full.unpaid.len(),
                full.reactivate.len(),
            ];
            assert_eq!(first.totals, lens, "after {what}");
            // The week's first and repeat sales, by flag and by looking.
            let week = week_stats(store, at).unwrap();
            let monday = at.today().week(chrono::Weekday::Mon).first_day();
            assert_eq!(
                (week.first_sales, week.first_sales_minor, week.repeat_minor),
                store.read().week_payments_by_looking(monday).unwrap(),
                "after {what}"
            );
            assert_eq!(first.overdue.first(), full.overdue.first(), "after {what}");
            assert_eq!(first.unpaid.first(), full.unpaid.first(), "after {what}");
        };
        let days_ago = |n: i64| now().today() - Duration::days(n);
        let add = |store: &mut Store, name: &str, stage: Stage| {
            let new = NewClient {
                name: name.into(),
                stage: Some(stage),
                ..NewClient::default()
            };
            add_client(store, now(), new).unwrap()
        };
        check(&mut store, now(), "the first sweep");
        let anna = add(&mut store, "Анна", Stage::Hunter);
        check(&mut store, now(), "add");
        let invoiced = invoice(&mut store, now(), anna, &rub(1000), days_ago(10)).unwrap();
        check(&mut store, now(), "a back-dated invoice");
        let boris = add(&mut store, "Борис", Stage::Hunter);
        for n in [200, 170, 140] {
            sale(&mut store, now(), boris, &rub(500), days_ago(n)).unwrap();
        }
        check(&mut store, now(), "sales");
        move_client(&mut store, now(), boris, StageTarget::To(Stage::Hunter)).unwrap();
        check(&mut store, now(), "a move");
        move_client(&mut store, now(), boris, StageTarget::To(Stage::Farmer)).unwrap();
        check(&mut store, now(), "a move back to the farmer");
        pay(&mut store, now(), invoiced, now().today()).unwrap();
        check(&mut store, now(), "a payment");
        lose(&mut store, now(), boris, "gone").unwrap();
        check(&mut store, now(), "a loss");
        revive(&mut store, now(), boris).unwrap();
        check(&mut store, now(), "a revival");
        let carl = add(&mut store, "Карл", Stage::Hunter);
        invoice(&mut store, now(), carl, &rub(300), days_ago(20)).unwrap();
        check(&mut store, now(), "another invoice");
        merge_clients(&mut store, now(), anna, carl).unwrap();
        check(&mut store, now(), "a merge");
        let dora = add(&mut store, "Дора", Stage::Hunter);
        invoice(&mut store, now(), dora, &rub(300), days_ago(30)).unwrap();
        check(&mut store, now(), "an invoice chased at once");
        remind(
            &mut store,
            now(),
            Some(dora),
            "call",
            When::At(now().local + Duration::hours(23)),
        )
        .unwrap();
        delete_client(&mut store, dora).unwrap();
        check(&mut store, now(), "a deletion");
        // A reminder of no client; one due earlier today at an hour that
        // has passed; one snoozed, one done, one deleted.
        remind(
            &mut store,
            now(),
            None,
            "taxes",
            When::At(now().local - Duration::hours(2)),
        )
        .unwrap();
        let r = remind(
            &mut store,
            now(),
            Some(anna),
            "offer",
            When::Day(now().today()),
        )
        .unwrap();
        check(&mut store, now(), "reminders today");
        snooze(&mut store, r, When::Day(now().today() + Duration::days(3))).unwrap();
        check(&mut store, now(), "a snooze");
        let r2 = remind(
            &mut store,
            now(),
            Some(boris),
            "visit",
            When::Day(now().today() + Duration::days(2)),
        )
        .unwrap();
        lose(&mut store, now(), boris, "again").unwrap();
        check(&mut store, now(), "a loss with an open reminder");
        revive(&mut store, now(), boris).unwrap();
        check(&mut store, now(), "a revival reopening it");
        delete_reminder(&mut store, r2).unwrap();
        check(&mut store, now(), "a reminder deleted");
        let mark = store.undo_mark().unwrap();
        invoice(&mut store, now(), anna, &rub(700), days_ago(15)).unwrap();
        check(&mut store, now(), "an invoice to undo");
        store.undo_to(mark).unwrap();
        check(&mut store, now(), "an undo");
        for reminder in store.read().client_reminders(anna).unwrap() {
            if reminder.done_at.is_none() {
                done(&mut store, now(), reminder.id).unwrap();
            }
        }
        check(&mut store, now(), "chases done");
        let lead = crate::import::Lead {
            row: 2,
            name: Some("Ева".into()),
            amount: Some("900".into()),
            ..crate::import::Lead::default()
        };
        let opts = ImportOptions {
            dry_run: false,
            source: None,
            stage: Stage::Hunter,
            region: Default::default(),
            currency: DEFAULT_CURRENCY.into(),
            lang: Lang::En,
            expected_rows: 1,
        };
        import(&mut store, later(-12), [Ok(lead)].into_iter(), &opts).unwrap();
        check(&mut store, now(), "an import");
        for n in 1..=40 {
            check(&mut store, later(n), "a new day");
        }
        assert!(made >= 6, "the rules had work to do: {made}");
    }

    fn apply(store: &mut Store, at: Now) -> RulesReport {
        apply_rules(store, at, &Config::default()).unwrap()
    }

    fn open_chases(store: &Store, id: i64) -> Vec<Reminder> {
        store
            .read()
            .client_reminders(id)
            .unwrap()
            .into_iter()
            .filter(|r| r.origin == ReminderOrigin::Chase && r.done_at.is_none())
            .collect()
    }

    #[test]
    fn an_unpaid_invoice_gets_one_chase_two_days_later_however_often_rules_run() {
        let (mut store, id) = setup("Anna", Some(Stage::Hunter));
        let issued = now().today() - Duration::days(3);
        invoice(&mut store, now(), id, &rub(80_000), issued).unwrap();
        assert_eq!(apply(&mut store, now()).chases, 1);
        assert_eq!(
            apply(&mut store, now()),
            RulesReport::default(),
            "nothing twice"
        );
        let chases = open_chases(&store, id);
        assert_eq!(chases.len(), 1);
        assert_eq!(chases[0].due_on, issued + Duration::days(2));
        let agenda = agenda(&store, now(), &RuleSettings::default(), true, None).unwrap();
        assert_eq!(agenda.overdue[0].id, chases[0].id);
        assert_eq!(agenda.unpaid[0].age_days, 3);
    }

    #[test]
    fn a_chase_done_while_unpaid_brings_the_next_one_two_days_later() {
        let (mut store, id) = setup("Anna", Some(Stage::Hunter));
        invoice(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
        apply(&mut store, now());
        let first = open_chases(&store, id)[0].id;
        done(&mut store, later(2), first).unwrap();
        assert_eq!(apply(&mut store, later(2)).chases, 1);
        let next = open_chases(&store, id);
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].due_on, later(4).today());
    }

    #[test]
    fn payment_closes_the_chase_and_no_new_one_comes() {
        let (mut store, id) = setup("Anna", Some(Stage::Hunter));
        let oid = invoice(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
        apply(&mut store, now());
        pay(&mut store, later(3), oid, later(3).today()).unwrap();
        assert!(open_chases(&store, id).is_empty());
        assert_eq!(apply(&mut store, later(10)).chases, 0);
    }

    #[test]
    fn a_quiet_farmer_gets_one_reactivation_reminder_per_lapse() {
        let (mut store, id) = setup("Anna", Some(Stage::Hunter));
        let first = now().today() - Duration::days(90);
        sale(&mut store, now(), id, &rub(1_000), first).unwrap();
        let rules = RuleSettings::default();
        assert_eq!(apply(&mut store, now()).reactivations, 1);
        let list = reactivation_list(&store, now(), &rules).unwrap();
        assert_eq!((list.len(), list[0].idle_days), (1, 90));
        assert_eq!(
            apply(&mut store, later(1)).reactivations,
            0,
            "one per lapse"
        );
        // A new payment ends the lapse; 61 quiet days start the next one.
        sale(&mut store, later(1), id, &rub(1_000), later(1).today()).unwrap();
        assert!(
            reactivation_list(&store, later(2), &rules)
                .unwrap()
                .is_empty()
        );
        // Two payments 91 days apart: the limit is now 136.5 days.
        assert_eq!(apply(&mut store, later(100)).reactivations, 0);
        assert_eq!(apply(&mut store, later(140)).reactivations, 1);
    }

    #[test]
    fn farmer_capacity_is_reported() {
        let (mut store, _) = setup("Anna", Some(Stage::Farmer));
        let rules = RuleSettings {
            farmer_capacity: 1,
            ..RuleSettings::default()
        };
        assert!(
            !agenda(&store, now(), &rules, true, None)
                .unwrap()
                .over_capacity
        );
        add_client(
            &mut store,
            now(),
            NewClient {
                name: "Boris".into(),
                stage: Some(Stage::Farmer),
                ..NewClient::default()
            },
        )
        .unwrap();
        let agenda = agenda(&store, now(), &rules, true, None).unwrap();
        assert_eq!((agenda.farmers, agenda.over_capacity), (2, true));
    }

    #[test]
    fn config_stage_settings_reach_the_database_once() {
        let (mut store, _) = setup("Anna", None);
        let mut config = Config::default();
        config.stages.closer = Some(true);
        config.stages.stale_days.insert("hunter".into(), 10);
        let report = apply_rules(&mut store, now(), &config).unwrap();
        assert_eq!(report.stage_settings, 2);
        let conveyor = store.read().conveyor().unwrap();
        assert!(conveyor.is_enabled(Stage::Closer));
        assert_eq!(conveyor.stale_days(Stage::Hunter), Some(10));
        assert_eq!(
            apply_rules(&mut store, now(), &config).unwrap(),
            RulesReport::default()
        );
    }
}

mod calls {
    use super::*;
    use crate::i18n::format::reminder_text;

    fn call(
        store: &mut Store,
        at: Now,
        id: i64,
        o: CallOutcome,
        text: Option<&str>,
        when: Option<When>,
    ) -> crate::Result<CallLogged> {
        log_call(store, at, id, o, text, when, Lang::En)
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

    #[test]
    fn no_answer_counts_attempts_and_keeps_one_retry_for_the_next_working_day() {
        let (mut store, id) = setup("Anna", None);
        let first = call(&mut store, now(), id, CallOutcome::NoAnswer, None, None).unwrap();
        assert_eq!(first.attempts, Some(1));
        // now() is Monday 23 Nov; Friday's retry goes to Monday.
        let second = call(&mut store, later(4), id, CallOutcome::NoAnswer, None, None).unwrap();
        assert_eq!(second.attempts, Some(2));
        let retries = open_retries(&store, id);
        assert_eq!(retries.len(), 1, "the older retry was closed");
        assert_eq!(retries[0].due_on, later(7).today());
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

    #[test]
    fn call_back_needs_a_moment_and_sets_a_reminder() {
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

    #[test]
    fn interested_moves_on_and_not_target_loses() {
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
}

mod day_one;
mod screens;
