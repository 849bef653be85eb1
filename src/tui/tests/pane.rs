//! The reminder pane, the agenda and the header's week.

use crate::config::Config;
use crate::i18n::Lang;
use crate::service;
use crate::store::Store;
use crate::tui::app::{App, Focus, Popup, Screen};
use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn tab_switches_to_the_reminder_pane_where_d_marks_done(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Reminders);
    let rid = app.selected_reminder().expect("a reminder").id;
    press(&mut app, "d");
    assert!(
        app.store
            .read()
            .reminder(rid)
            .expect("reminder")
            .done_at
            .is_some()
    );
    assert!(
        !app.reminders.iter().any(|(_, r)| r.id == rid),
        "gone from the pane"
    );
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Board);
}

#[apply(engines)]
fn snooze_by_a_week_moves_the_reminder(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    let rid = app.selected_reminder().expect("a reminder").id;
    press(&mut app, "s");
    assert!(matches!(app.popup, Some(Popup::Snooze(_))));
    press(&mut app, "w");
    assert!(app.popup.is_none());
    let due = app.store.read().reminder(rid).expect("reminder").due_on;
    assert_eq!(due, now().today() + chrono::Duration::days(7));
}

#[apply(engines)]
fn the_pane_acts_on_its_reminders_client_or_says_why_not(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    key(&mut app, KeyCode::Tab);
    let r = app
        .selected_reminder()
        .expect("the demo has reminders")
        .clone();
    let client = r.client_id.expect("about a client");
    press(&mut app, "c");
    assert!(matches!(app.popup, Some(Popup::Outcome(id)) if id == client));
    key(&mut app, KeyCode::Esc);
    press(&mut app, "x");
    assert!(
        matches!(app.popup, Some(Popup::LossReason(id)) if id == client),
        "{:?}",
        app.notice
    );
    key(&mut app, KeyCode::Esc);
    press(&mut app, "R");
    assert!(
        matches!(app.screen, Screen::Reports(_)),
        "R opens the reports"
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Board));
    press(&mut app, "Z");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("does nothing here")),
        "{:?}",
        app.notice
    );
    // Delete, then undo brings it back.
    key(&mut app, KeyCode::Delete);
    assert!(app.store.read().reminder(r.id).is_err());
    press(&mut app, "u");
    assert!(app.store.read().reminder(r.id).is_ok());
}

#[apply(engines)]
fn done_on_an_empty_pane_says_why(_engine: Engine) {
    let store = Store::open_in_memory().expect("store");
    let mut app = App::new(store, Lang::En, Config::default(), now(), 9).expect("app");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "d");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("no reminder selected")),
        "{:?}",
        app.notice
    );
}

/// A base with more overdue reminders than the agenda screen reads: it
/// lists the first of them, counts them all in the section's title and
/// says how many more there are below the last.
#[apply(engines)]
fn the_agenda_lists_the_first_of_a_long_list_and_counts_them_all(_engine: Engine) {
    use crate::domain::When;
    use crate::tui::app::LISTED;
    let mut app = app(Lang::En, 24);
    let before = service::count_due(&app.store, now()).expect("count")[0];
    let yesterday = When::Day(now().today() - chrono::Duration::days(1));
    for i in 0..LISTED + 5 {
        service::remind(&mut app.store, now(), None, &format!("Call {i}"), yesterday)
            .expect("remind");
    }
    press(&mut app, "A");
    let total = usize::try_from(before).expect("count") + LISTED + 5;
    let Screen::Agenda { agenda, items, .. } = &mut app.screen else {
        panic!("not the agenda");
    };
    assert_eq!((agenda.overdue.len(), agenda.totals[0]), (LISTED, total));
    let last = agenda.overdue.last().map(|r| r.id);
    let at = items.iter().position(|i| i.reminder_id == last);
    let screen = render(&app, 100, 30);
    assert!(screen.contains(&format!("Overdue ({total})")), "{screen}");
    if let Screen::Agenda { selected, .. } = &mut app.screen {
        *selected = at.expect("the last overdue reminder is an item");
    }
    let screen = render(&app, 100, 30);
    let more = format!("↓ {} more", total - LISTED);
    assert!(screen.contains(&more), "{screen}");
}

/// A person's board on a team shows the agenda of their own cards, as
/// its header and pane count them; `o` there shows everyone's, and back.
#[apply(engines)]
fn a_persons_agenda_follows_the_board_to_their_own_cards(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let everyone = crate::store::ClientFilter::default();
    let ids: Vec<i64> = app
        .store
        .read()
        .clients(&everyone)
        .expect("clients")
        .iter()
        .map(|c| c.id)
        .collect();
    let owner = |id: i64| if id % 2 == 0 { "ann" } else { "bob" };
    for id in &ids {
        app.store
            .write(|db| db.set_owner(*id, Some(owner(*id))))
            .expect("owner");
    }
    app.store.set_actor(Some("ann".into()));
    app.shown.owner = Some("ann".into());
    app.reload().expect("reload");
    press(&mut app, "A");
    let clients = |app: &App| -> Vec<i64> {
        let Screen::Agenda { items, .. } = &app.screen else {
            panic!("not the agenda");
        };
        items.iter().filter_map(|i| i.client_id).collect()
    };
    let mine = clients(&app);
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|id| owner(*id) == "ann"), "{mine:?}");
    let Screen::Agenda { agenda, .. } = &app.screen else {
        panic!("not the agenda");
    };
    let counts = app
        .reminder_counts
        .map(|n| usize::try_from(n).expect("count"));
    assert_eq!(
        agenda.totals[..3],
        counts,
        "the header's and the pane's counts"
    );
    // `o` on the agenda: everyone's, then one's own again.
    press(&mut app, "o");
    let all = clients(&app);
    assert!(all.iter().any(|id| owner(*id) == "bob"), "{all:?}");
    assert!(mine.iter().all(|id| all.contains(id)));
    press(&mut app, "o");
    assert_eq!(clients(&app), mine);
}

/// The agenda of someone who works no farmer station and holds no farmer's
/// client does not say the farmer's load; everyone's (`o`) does.
#[apply(engines)]
fn a_qualifiers_agenda_leaves_out_the_farmers_load(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let person = |login| service::NewPerson {
        name: login,
        login,
        stations: &[crate::domain::Stage::Qualifier],
        head: true,
        password: None,
    };
    // The first person takes the demo's cards; the second has none.
    for login in ["ann", "kim"] {
        service::add_user(&mut app.store, now(), &person(login)).expect("person");
        app.store.set_actor(Some(login.into()));
    }
    app.shown.owner = Some("kim".into());
    app.reload().expect("reload");
    press(&mut app, "A");
    assert!(matches!(app.screen, Screen::Agenda { .. }));
    let screen = render(&app, 100, 40);
    assert!(!screen.contains("Farmer: "), "{screen}");
    press(&mut app, "o");
    // Everyone's agenda is long: the load is its last line.
    let screen = render(&app, 100, 200);
    assert!(screen.contains("Farmer: "), "{screen}");
}

#[apply(engines)]
fn the_agenda_is_a_list_to_work(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "A");
    let Screen::Agenda { items, .. } = &app.screen else {
        panic!("not the agenda");
    };
    let first = items[0];
    let count = items.len();
    press(&mut app, "G");
    press(&mut app, "k");
    let Screen::Agenda { selected, .. } = &app.screen else {
        panic!("not the agenda");
    };
    assert_eq!(
        *selected,
        count - 2,
        "G goes to the last item, k comes back"
    );
    press(&mut app, "g");
    press(&mut app, "d");
    let rid = first.reminder_id.expect("a reminder first");
    assert!(
        app.store
            .read()
            .reminder(rid)
            .expect("reminder")
            .done_at
            .is_some()
    );
    press(&mut app, "c");
    assert!(matches!(app.popup, Some(Popup::Outcome(_))));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Detail { .. }));
}

#[apply(engines)]
fn the_header_shows_the_weeks_plan_and_todays_with_a_day_plan(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let screen = render(&app, 160, 40);
    assert!(screen.contains("new leads 5"), "real counts without a plan");
    use crate::domain::plan::Metric;
    service::set_plan(
        &mut app.store,
        "2026-W48",
        &[(Metric::Calls, 50), (Metric::NewLeads, 20)],
    )
    .expect("plan");
    service::set_plan(&mut app.store, "2026-11-23", &[(Metric::Calls, 12)]).expect("day plan");
    app.reload().expect("reload");
    let header = render(&app, 160, 40)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("plan: leads 5/20 calls"), "{header}");
    assert!(header.contains("today: calls"), "{header}");
    assert!(!header.contains("first sales"), "{header}");
}

/// The header's week revenue is in the config's currency, with another
/// currency's beside it, never added into it.
#[apply(engines)]
fn the_headers_revenue_keeps_each_currency_apart(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let header = |app: &crate::tui::app::App| {
        let screen = render(app, 160, 40);
        screen.lines().next().unwrap_or_default().to_string()
    };
    let before = header(&app);
    let id = add_named(&mut app, "Dollar Client", None);
    let dollars = crate::domain::Money {
        minor: 120_000,
        currency: "USD".to_string(),
    };
    service::sale(&mut app.store, now(), id, &dollars, now().today()).expect("sale");
    app.reload().expect("reload");
    let after = header(&app);
    assert!(after.contains(" + $1,200) · repeat"), "{before}\n{after}");
    assert!(!after.contains("₽1,200"), "{after}");
}

#[apply(engines)]
fn working_through_the_overdue_list_moves_on_to_the_next_reminder(_engine: Engine) {
    let mut app = app(Lang::En, 40);
    // Five overdue reminders of five clients, oldest first.
    let now = now();
    for days in 1..=5 {
        let id = service::add_client(
            &mut app.store,
            now,
            crate::domain::NewClient {
                name: format!("Overdue {days}"),
                ..Default::default()
            },
        )
        .expect("client");
        let day = now.today() - chrono::Duration::days(10 - days);
        service::remind(
            &mut app.store,
            now,
            Some(id),
            "call",
            crate::domain::When::Day(day),
        )
        .expect("remind");
    }
    app.reload().expect("reload");
    key(&mut app, KeyCode::Tab);
    let mut touched = Vec::new();
    // Done, snoozed three days, the client lost (reason 1), a call with
    // no answer, snoozed a day.
    for keys in ["d", "s3", "x1", "c1", "s1"] {
        let rid = app.selected_reminder().expect("a reminder").id;
        touched.push(rid);
        press(&mut app, keys);
        assert!(app.popup.is_none(), "{keys}: {:?}", app.popup);
    }
    touched.sort_unstable();
    touched.dedup();
    assert_eq!(touched.len(), 5, "five different reminders: {touched:?}");
}
