//! The rules: chasing invoices, reactivating farmers' clients, and the
//! pass over changed clients against a full sweep.

use super::*;
use crate::config::Config;
use crate::store::test_server::test_store;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn the_changed_clients_pass_and_the_counts_agree_with_recounting_after_every_kind_of_write(
    _engine: Engine,
) {
    let config = Config::default();
    let mut store = test_store();
    store.enable_undo().unwrap();
    let mut made = 0;
    // After each write: the rules for the changed clients, then a full
    // sweep would find nothing more to do.
    let mut check = |store: &mut Store, at: Now, what: &str| {
        // The pass makes exactly what a full sweep would: nothing missed
        // (below), nothing twice.
        let expected = super::super::rules::made_by_a_full_sweep(store, at, &config);
        let open = |store: &Store| {
            store
                .read()
                .open_reminders_of(at.today() + Duration::days(3650), None, None)
                .unwrap()
        };
        let before: Vec<i64> = open(store).iter().map(|r| r.id).collect();
        let report = apply_rules(store, at, &config).unwrap();
        let mut created: Vec<super::super::rules::Made> = open(store)
            .into_iter()
            .filter(|r| !before.contains(&r.id))
            .map(|r| {
                (
                    r.client_id.unwrap_or(0),
                    r.origin.key(),
                    r.due_on,
                    r.order_id,
                    r.count,
                )
            })
            .collect();
        created.sort();
        assert_eq!(created, expected, "made after {what}");
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
                .count_due_by_counting(at.utc, today, last, None)
                .unwrap(),
            "after {what}"
        );
        // A screenful of the agenda: the first of each list, and how
        // many every list holds.
        let full = agenda(store, at, &config.rules, None, None).unwrap();
        let first = agenda(store, at, &config.rules, Some(1), None).unwrap();
        let lens = [
            full.overdue.len(),
            full.today.len(),
            full.upcoming.len(),
            full.unpaid.len(),
            full.reactivate.len(),
            full.stale.len(),
        ];
        assert_eq!(first.totals, lens, "after {what}");
        // The week's first and repeat sales, by flag and by looking.
        let week = week_stats(store, at).unwrap();
        let monday = at.today().week(chrono::Weekday::Mon).first_day();
        assert_eq!(
            (week.first_sales, week.revenue),
            store.read().week_payments_by_looking(monday).unwrap(),
            "after {what}"
        );
        assert_eq!(first.overdue.first(), full.overdue.first(), "after {what}");
        assert_eq!(first.unpaid.first(), full.unpaid.first(), "after {what}");
    };
    let days_ago = |n: i64| now().today() - Duration::days(n);
    let add = |store: &mut Store, name: &str, stage: Stage| {
        // Each with an expected deal: the kept sums per station follow
        // every move, loss, payment, merge and deletion below.
        let new = NewClient {
            name: name.into(),
            stage: Some(stage),
            value: Some(rub(250)),
            expected_on: Some(now().today() + Duration::days(10)),
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
    // A payment dated next week (a base written before payments ahead
    // were refused may hold one) is next week's, not this one's.
    let next_week = now().today() + Duration::days(8);
    store
        .write(|db| db.insert_paid_order(anna, &rub(70), next_week, now().utc))
        .unwrap();
    check(&mut store, now(), "a payment dated next week");
    lose(&mut store, now(), boris, "gone").unwrap();
    check(&mut store, now(), "a loss");
    revive(&mut store, now(), boris).unwrap();
    check(&mut store, now(), "a revival");
    let carl = add(&mut store, "Карл", Stage::Hunter);
    invoice(&mut store, now(), carl, &rub(300), days_ago(20)).unwrap();
    check(&mut store, now(), "another invoice");
    patch_client(&mut store, now(), carl, |c| {
        c.value = Some(Money {
            minor: 70_000,
            currency: "USD".into(),
        });
    })
    .unwrap();
    check(&mut store, now(), "a deal in another currency");
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
    // People: cards change hands, each reminder's client's owner follows.
    let stations = [Stage::Qualifier, Stage::Farmer];
    let person = |login| crate::service::NewPerson {
        name: login,
        login,
        stations: &stations,
        head: true,
        password: None,
    };
    add_user(&mut store, now(), &person("vera")).unwrap();
    check(&mut store, now(), "a person taking the cards nobody owned");
    store.set_actor(Some("vera".into()));
    add_user(&mut store, now(), &person("gleb")).unwrap();
    assign(&mut store, now(), anna, "gleb").unwrap();
    check(&mut store, now(), "a card assigned");
    let r3 = remind(
        &mut store,
        now(),
        Some(anna),
        "gleb's call",
        When::Day(now().today()),
    )
    .unwrap();
    check(&mut store, now(), "a reminder of someone's card");
    let (today, week) = (now().today(), now().today() + Duration::days(7));
    let gleb = store
        .read()
        .open_reminders_of(week, None, Some("gleb"))
        .unwrap();
    assert!(gleb.iter().any(|r| r.id == r3), "{gleb:?}");
    assert!(
        gleb.iter()
            .all(|r| r.client_id.is_none() || r.client_id == Some(anna))
    );
    let counted = store
        .read()
        .count_due_by_counting(now().utc, today, week, Some("gleb"))
        .unwrap();
    assert_eq!(counted.iter().sum::<i64>(), gleb.len() as i64);
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
        numbered: crate::import::Numbered::Line,
    };
    import(&mut store, later(-12), [Ok(lead)].into_iter(), &opts).unwrap();
    check(&mut store, now(), "an import");
    for n in 1..=40 {
        check(&mut store, later(n), "a new day");
    }
    // A farmer's client who paid on day 40 wakes up the 61st day after
    // (no gap to measure: the default 60 days); a laptop closed for weeks
    // on either side of that day.
    let fedor = add(&mut store, "Фёдор", Stage::Hunter);
    sale(&mut store, later(40), fedor, &rub(100), later(40).today()).unwrap();
    check(&mut store, later(40), "a first sale");
    let woken = |store: &Store| {
        let days = store.read().rule_days().unwrap();
        days.iter()
            .find(|(id, _)| *id == fedor)
            .map(|(_, day)| *day)
    };
    assert_eq!(woken(&store), Some(later(101).today()));
    check(&mut store, later(100), "sixty days missed");
    let reactivations = |store: &Store| {
        let reminders = store.read().client_reminders(fedor).unwrap();
        reminders
            .iter()
            .filter(|r| r.origin == ReminderOrigin::Reactivation)
            .count()
    };
    assert_eq!(reactivations(&store), 0);
    check(&mut store, later(130), "thirty more missed, past the day");
    assert_eq!(reactivations(&store), 1, "the day's pass woke Фёдор");
    assert_eq!(woken(&store), None, "reminded: nothing to wake for");
    // He pays again the day he was reminded, and the settings change:
    // everyone is swept with them, and the kept days are theirs (a gap of
    // 90 days, twice that: lapsed on the 181st day).
    let patient = Config {
        rules: RuleSettings {
            reactivation_factor: 2.0,
            ..RuleSettings::default()
        },
        ..Config::default()
    };
    sale(&mut store, later(130), fedor, &rub(100), later(130).today()).unwrap();
    apply_rules(&mut store, later(130), &patient).unwrap();
    let left = super::super::rules::left_for_a_full_sweep(&store, later(130), &patient);
    assert_eq!(left, 0, "after the settings changed");
    assert_eq!(woken(&store), Some(later(311).today()));
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

/// What closed each of a client's closed chases, oldest first.
fn chases_closed_by(store: &Store, id: i64) -> Vec<Option<Closure>> {
    let mut closed: Vec<Reminder> = store
        .read()
        .client_reminders(id)
        .unwrap()
        .into_iter()
        .filter(|r| r.origin == ReminderOrigin::Chase && r.done_at.is_some())
        .collect();
    closed.sort_by_key(|r| r.id);
    closed.into_iter().map(|r| r.closed_by).collect()
}

#[apply(engines)]
fn an_unpaid_invoice_gets_one_chase_two_days_later_however_often_rules_run(_engine: Engine) {
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
    let agenda = agenda(&store, now(), &RuleSettings::default(), None, None).unwrap();
    assert_eq!(agenda.overdue[0].id, chases[0].id);
    assert_eq!(agenda.unpaid[0].age_days, 3);
}

#[apply(engines)]
fn a_chase_done_while_unpaid_brings_the_next_one_two_days_later(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    invoice(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
    apply(&mut store, now());
    let first = open_chases(&store, id)[0].id;
    done(&mut store, later(2), first).unwrap();
    assert_eq!(apply(&mut store, later(2)).chases, 1);
    let next = open_chases(&store, id);
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].due_on, later(4).today());
    assert_eq!(chases_closed_by(&store, id), [None], "done by a person");
}

#[apply(engines)]
fn payment_closes_the_chase_and_no_new_one_comes(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    let oid = invoice(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
    apply(&mut store, now());
    pay(&mut store, later(3), oid, later(3).today()).unwrap();
    assert!(open_chases(&store, id).is_empty());
    assert_eq!(chases_closed_by(&store, id), [Some(Closure::Paid)]);
    assert_eq!(apply(&mut store, later(10)).chases, 0);
}

#[apply(engines)]
fn a_cancelled_invoice_waits_for_nothing(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    let oid = invoice(&mut store, now(), id, &rub(1_000), now().today()).unwrap();
    apply(&mut store, later(2));
    assert_eq!(open_chases(&store, id).len(), 1);
    let (order, client) =
        cancel_invoice(&mut store, later(3), oid, Some(" wrong amount ")).unwrap();
    assert_eq!(
        (order.cancelled_on, client.id),
        (Some(later(3).today()), id)
    );
    assert!(open_chases(&store, id).is_empty(), "its chase ends");
    assert_eq!(chases_closed_by(&store, id), [Some(Closure::Cancelled)]);
    assert_eq!(apply(&mut store, later(10)).chases, 0, "and none comes");
    let agenda = agenda(&store, later(10), &RuleSettings::default(), None, None).unwrap();
    assert!(agenda.unpaid.is_empty());
    assert_eq!(store.read().count_unpaid(None).unwrap(), 0);
    let entry = client_detail(&store, later(10), id).unwrap().timeline[0].clone();
    assert_eq!(
        (entry.kind, entry.order_id, entry.text.as_deref()),
        (ActivityKind::Cancelled, Some(oid), Some("wrong amount"))
    );
    // Paid no more, nor cancelled twice; a paid one is not cancelled.
    assert!(matches!(
        pay(&mut store, later(10), oid, later(10).today()),
        Err(Error::OrderCancelled(o)) if o == oid
    ));
    assert!(matches!(
        cancel_invoice(&mut store, later(10), oid, None),
        Err(Error::OrderCancelled(_))
    ));
    let paid = sale(&mut store, later(10), id, &rub(500), later(10).today()).unwrap();
    assert!(matches!(
        cancel_invoice(&mut store, later(10), paid.order.id, None),
        Err(Error::OrderPaid(_))
    ));
    assert!(store.check().unwrap().is_empty());
}

#[apply(engines)]
fn a_quiet_farmer_gets_one_reactivation_reminder_per_lapse(_engine: Engine) {
    let (mut store, id) = setup("Anna", Some(Stage::Hunter));
    let first = now().today() - Duration::days(90);
    sale(&mut store, now(), id, &rub(1_000), first).unwrap();
    let rules = RuleSettings::default();
    assert_eq!(apply(&mut store, now()).reactivations, 1);
    let (list, total) = reactivation_list(&store, now(), &rules, None, None).unwrap();
    assert_eq!((list.len(), total, list[0].idle_days), (1, 1, 90));
    assert_eq!(list[0].name, "Anna", "the listed are named");
    let (none, total) = reactivation_list(&store, now(), &rules, Some(0), None).unwrap();
    assert_eq!((none.len(), total), (0, 1), "cut, still counted");
    assert_eq!(
        apply(&mut store, later(1)).reactivations,
        0,
        "one per lapse"
    );
    // Called and marked done, the farmer is a changed client the next
    // morning: still the same lapse, no second reminder.
    let reminded = store.read().client_reminders(id).unwrap();
    let reactivation = reminded
        .iter()
        .find(|r| r.origin == ReminderOrigin::Reactivation)
        .unwrap();
    done(&mut store, later(1), reactivation.id).unwrap();
    assert_eq!(
        apply(&mut store, later(2)).reactivations,
        0,
        "done is not a new lapse"
    );
    // A new payment ends the lapse; 61 quiet days start the next one.
    sale(&mut store, later(1), id, &rub(1_000), later(1).today()).unwrap();
    assert!(
        reactivation_list(&store, later(2), &rules, None, None)
            .unwrap()
            .0
            .is_empty()
    );
    // Two payments 91 days apart: the limit is now 136.5 days.
    assert_eq!(apply(&mut store, later(100)).reactivations, 0);
    assert_eq!(apply(&mut store, later(140)).reactivations, 1);
}

#[apply(engines)]
fn farmer_capacity_is_reported(_engine: Engine) {
    let (mut store, _) = setup("Anna", Some(Stage::Farmer));
    let rules = RuleSettings {
        farmer_capacity: 1,
        ..RuleSettings::default()
    };
    assert!(
        !agenda(&store, now(), &rules, None, None)
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
    let agenda = agenda(&store, now(), &rules, None, None).unwrap();
    assert_eq!((agenda.farmers, agenda.over_capacity), (2, true));
}

/// A person's agenda says the farmer's load only to someone it concerns:
/// who works the farmer station, or holds farmer's clients.
#[apply(engines)]
fn the_farmer_load_is_said_to_whom_it_concerns(_engine: Engine) {
    let (mut store, anna) = setup("Anna", Some(Stage::Farmer));
    let person = |login, stations| crate::service::NewPerson {
        name: login,
        login,
        stations,
        head: true,
        password: None,
    };
    add_user(&mut store, now(), &person("vera", &[Stage::Qualifier])).unwrap();
    store.set_actor(Some("vera".into()));
    // Anna, a farmer's client, is vera's.
    assign(&mut store, now(), anna, "vera").unwrap();
    add_user(&mut store, now(), &person("gleb", &[Stage::Qualifier])).unwrap();
    add_user(&mut store, now(), &person("fedor", &[Stage::Farmer])).unwrap();
    let rules = RuleSettings::default();
    let hidden = |owner| {
        let a = agenda(&store, now(), &rules, None, owner).unwrap();
        (a.farmers, a.hide_farmer_load)
    };
    assert_eq!(hidden(None), (1, false), "everyone's");
    assert_eq!(hidden(Some("vera")), (1, false), "holds Anna");
    assert_eq!(hidden(Some("gleb")), (0, true), "neither");
    assert_eq!(
        hidden(Some("fedor")),
        (0, false),
        "works the farmer station"
    );
    assert_eq!(hidden(Some("nobody")), (0, false), "not a person");
}

#[apply(engines)]
fn config_stage_settings_reach_the_database_once(_engine: Engine) {
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
