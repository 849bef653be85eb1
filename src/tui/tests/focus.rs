//! Focus mode: a station as a work queue.

use crate::domain::Stage;
use crate::i18n::Lang;
use crate::tui::app::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::store::test_server::{Engine, engines};
use rstest_reuse::apply;

#[apply(engines)]
fn focus_mode_logs_ten_calls_key_outcome_next(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "1");
    assert_eq!(app.focus_stage, Some(Stage::Telemarketer));
    assert_eq!(app.columns.len(), 1, "one station, full width");
    let before = app.calls_today.calls;
    let mut called = Vec::new();
    for _ in 0..10 {
        let id = selected_id(&app);
        called.push(id);
        press(&mut app, "c");
        assert!(matches!(app.popup, Some(Popup::Outcome(_))));
        press(&mut app, "1");
        assert!(app.popup.is_none());
        assert!(
            app.notice
                .as_ref()
                .is_some_and(|n| n.text.contains("no answer")),
            "{:?}",
            app.notice
        );
    }
    called.sort_unstable();
    called.dedup();
    assert_eq!(called.len(), 10, "each call brought up the next client");
    let calls = called
        .iter()
        .map(|id| app.store.read().activities(*id).expect("timeline"))
        .filter(|t| t.iter().any(|a| a.outcome.as_deref() == Some("no-answer")))
        .count();
    assert_eq!(calls, 10);
    // The queue's line keeps the hour's tally.
    assert_eq!(app.calls_today.calls, before + 10);
    let tally = format!("today {} calls · due first", before + 10);
    let screen = render(&app, 120, 30);
    assert!(screen.contains(&tally), "{tally}: {screen}");
    press(&mut app, "1");
    assert_eq!(app.focus_stage, None);
    assert_eq!(app.columns.len(), 4);
    assert_eq!(app.columns[app.col].stage, Stage::Telemarketer);
}

#[apply(engines)]
fn focus_queue_puts_due_reminders_first(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "2");
    let today = now().today();
    let first = &app.columns[0].cards[0];
    let (due, _) = first.next_due.expect("a reminder");
    assert!(due <= today, "the first card is due: {due}");
    // Due: a day gone, or today with no time or a time come. A call-back
    // promised for later today waits with the later ones, after the cards
    // with nothing planned: at 10:00 nobody is called who asked for 15:00.
    let due_flags: Vec<bool> = app.columns[0]
        .cards
        .iter()
        .map(|c| {
            c.next_due.is_some_and(|(d, at)| {
                d < today || (d == today && at.is_none_or(|t| t <= now().utc))
            })
        })
        .collect();
    assert!(
        due_flags.windows(2).all(|w| w[0] || !w[1]),
        "due cards come first: {due_flags:?}"
    );
    let cards = &app.columns[0].cards;
    let later_today = cards
        .iter()
        .position(|c| {
            c.next_due
                .is_some_and(|(d, at)| d == today && at.is_some_and(|t| t > now().utc))
        })
        .expect("the demo's qualifier has a call promised for later today");
    let unplanned = cards.iter().rposition(|c| c.next_due.is_none());
    assert!(
        unplanned.is_none_or(|u| u < later_today)
            && due_flags[..later_today].iter().filter(|d| **d).count()
                == due_flags.iter().filter(|d| **d).count(),
        "{later_today} after every due card and every unplanned one: {due_flags:?}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus_stage, None);
}

#[apply(engines)]
fn search_inside_a_focus_queue_selects_the_found_client(_engine: Engine) {
    let mut app = app(Lang::Ru, 24);
    let target = find(&app, "Ильин");
    press(&mut app, "1");
    search(&mut app, "металлист");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.focus_stage,
        Some(Stage::Telemarketer),
        "still in the queue"
    );
    assert_eq!(selected_id(&app), target);
    // The next key acts on that client, not on a neighbour.
    press(&mut app, "c1");
    let timeline = app.store.read().activities(target).expect("timeline");
    assert!(
        timeline
            .iter()
            .any(|a| a.outcome.as_deref() == Some("no-answer"))
    );
}

#[apply(engines)]
fn an_invoice_in_a_focus_queue_keeps_the_selection_on_its_client(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "3");
    assert_eq!(app.focus_stage, Some(Stage::Hunter));
    press(&mut app, "j");
    let id = selected_id(&app);
    press(&mut app, "i");
    for c in "1000".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.notice);
    assert_eq!(selected_id(&app), id, "re-sorted, still on the same client");
}

/// The footer of a station's queue names the way out first, however
/// little room the language's longer words leave.
#[apply(engines)]
fn a_queues_footer_says_how_to_leave_it(_engine: Engine) {
    for (lang, width) in [(Lang::Ru, 120), (Lang::En, 80)] {
        let mut app = app(lang, 24);
        press(&mut app, "1");
        let screen = render(&app, width, 24);
        let footer = screen.lines().last().unwrap_or_default().to_string();
        let footer = footer.trim_start_matches('"').trim_start();
        assert!(footer.starts_with("Esc"), "{footer}");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.focus_stage, None);
    }
}

/// Once every card of a queue has been worked, the call that worked the
/// last says so (and not before): the selection has gone round to the
/// first card again.
#[apply(engines)]
fn a_queue_worked_through_says_it_is_done(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    press(&mut app, "2");
    let cards = app.columns[app.col].count;
    assert!(cards > 1, "the demo's qualifier has a queue");
    let said = |app: &crate::tui::app::App| {
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("queue done — Esc leaves it"))
    };
    for call in 1..=cards {
        press(&mut app, "c");
        press(&mut app, "1");
        assert_eq!(said(&app), call == cards, "after call {call} of {cards}");
    }
    // Out of focus and back: a new session, nothing worked yet.
    key(&mut app, KeyCode::Esc);
    press(&mut app, "2c1");
    assert!(!said(&app));
}

/// A number kept in E.164 reads in its country's groups wherever a caller
/// reads it: the queue, the card, the edit form (saved as shown, the same
/// number).
#[apply(engines)]
fn a_caller_reads_the_number_in_groups(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = add_named(&mut app, "Петербург", Some("+78123124567"));
    press(&mut app, "1");
    let grouped = "Петербург · +7 812 312-45-67";
    let screen = render(&app, 120, 35);
    assert!(screen.contains(grouped), "the queue:\n{screen}");
    app.jump_to(id).expect("jump");
    key(&mut app, KeyCode::Enter);
    assert!(
        render(&app, 120, 35).contains("+7 812 312-45-67"),
        "the card"
    );
    press(&mut app, "e");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("the edit form");
    };
    assert_eq!(form.value(2), "+7 812 312-45-67");
    key(&mut app, KeyCode::Enter);
    let kept = app.store.read().client(id).expect("client").phone;
    assert_eq!(kept.as_deref(), Some("+78123124567"));
}

/// A client with two numbers, on screen: its id.
fn two_numbers(app: &mut App) -> i64 {
    let new = crate::domain::NewClient {
        name: "Два номера".into(),
        phone: Some("+79161112233".into()),
        other_phones: Some("+78123124567".into()),
        ..Default::default()
    };
    let id = crate::service::add_client(&mut app.store, now(), new).expect("add");
    app.jump_to(id).expect("jump");
    id
}

/// No answer on the first number: `D` in the call's pop-up dials the
/// client's next one, round again after the last, and the call is still
/// one call.
#[apply(engines)]
fn d_in_the_calls_pop_up_dials_the_next_number(_engine: Engine) {
    let mut app = app(Lang::En, 24);
    let id = two_numbers(&mut app);
    press(&mut app, "D");
    assert_eq!(app.clipboard.as_deref(), Some("+79161112233"));
    let screen = render(&app, 160, 45);
    assert!(
        screen.contains("Два номера · +7 916 111-22-33 · call 1"),
        "{screen}"
    );
    assert!(screen.contains("D  next number (2 of 2)"), "{screen}");
    press(&mut app, "D");
    assert_eq!(app.clipboard.as_deref(), Some("+78123124567"));
    assert!(matches!(app.popup, Some(Popup::Outcome(c)) if c == id));
    let screen = render(&app, 160, 45);
    assert!(
        screen.contains("Два номера · +7 812 312-45-67 · call 1"),
        "{screen}"
    );
    assert!(screen.contains("D  next number (1 of 2)"), "{screen}");
    press(&mut app, "D");
    assert_eq!(
        app.clipboard.as_deref(),
        Some("+79161112233"),
        "round again"
    );
    press(&mut app, "1");
    let calls = app.store.read().activities(id).expect("timeline");
    let calls = calls.iter().filter(|a| a.outcome.is_some()).count();
    assert_eq!(calls, 1, "one call, however many numbers it tried");
    // One number only: D in the pop-up is no key, and not offered.
    let one = add_named(&mut app, "Один номер", Some("+79990001122"));
    app.jump_to(one).expect("jump");
    press(&mut app, "c");
    assert!(!render(&app, 160, 45).contains("next number"));
}

/// The dial key moved in the config (`dial = "F"`) is the call's next
/// number too, and the pop-up names it; `D` is then nothing there.
#[apply(engines)]
fn the_dial_key_in_force_dials_the_next_number(_engine: Engine) {
    let config = crate::config::Config {
        keys: [("dial".to_string(), crate::config::KeyNames::One("F".into()))].into(),
        ..crate::config::Config::default()
    };
    let mut app = app_with(Lang::En, 24, config);
    let id = two_numbers(&mut app);
    press(&mut app, "F");
    assert_eq!(app.clipboard.as_deref(), Some("+79161112233"));
    let screen = render(&app, 160, 45);
    assert!(screen.contains("F  next number (2 of 2)"), "{screen}");
    press(&mut app, "D");
    assert_eq!(
        app.clipboard.as_deref(),
        Some("+79161112233"),
        "D dials nothing"
    );
    press(&mut app, "F");
    assert_eq!(app.clipboard.as_deref(), Some("+78123124567"));
    assert!(matches!(app.popup, Some(Popup::Outcome(c)) if c == id));
}

/// A call-back promised for 10:30 waits below the due cards and the
/// unplanned ones at 10:00; at 10:31 the board, left alone, has it among
/// the due ones, without a key pressed.
#[apply(engines)]
fn a_call_back_comes_up_in_the_queue_when_its_time_comes(_engine: Engine) {
    use crate::clock::Now;
    use crate::domain::when::When;
    use crate::service;
    let mut app = app(Lang::En, 24);
    let id = service::add_client(
        &mut app.store,
        now(),
        crate::domain::NewClient {
            name: "Asked for half past ten".into(),
            ..Default::default()
        },
    )
    .expect("add");
    let at = now().local.date().and_hms_opt(10, 30, 0).expect("10:30");
    service::remind(&mut app.store, now(), Some(id), "call back", When::At(at)).expect("remind");
    app.tick(now());
    press(&mut app, "1");
    // Where it stands, and where the first card that is not due does (a
    // day to come, a time to come today, or nothing planned).
    let places = |app: &App| {
        let cards = &app.columns[0].cards;
        let today = app.now.today();
        let due = |c: &crate::domain::Card| {
            c.next_due.is_some_and(|(d, at)| {
                d < today || (d == today && at.is_none_or(|t| t <= app.now.utc))
            })
        };
        (
            cards.iter().position(|c| c.client.id == id),
            cards.iter().position(|c| c.client.id != id && !due(c)),
        )
    };
    let (at_ten, waiting) = places(&app);
    let waiting = waiting.expect("cards that wait");
    assert!(at_ten.is_none_or(|p| p > waiting), "{at_ten:?} {waiting}");
    app.tick(Now::parse("2026-11-23T10:29").expect("now"));
    let (at_29, _) = places(&app);
    assert!(at_29.is_none_or(|p| p > waiting), "still waiting at 10:29");
    app.tick(Now::parse("2026-11-23T10:31").expect("now"));
    let (at_31, waiting) = places(&app);
    let at_31 = at_31.expect("on the first screen");
    assert!(
        waiting.is_none_or(|w| at_31 < w),
        "due at 10:31: {at_31} {waiting:?}"
    );
}

/// A calling hour's queue says why each card is to be called — its next
/// step after its day and sum, in the board's language (a chase names its
/// invoice and what is owed) — and the board's own columns do not.
#[apply(engines)]
fn the_focus_queue_says_why_each_card_is_called(_engine: Engine) {
    for lang in [Lang::En, Lang::Ru] {
        let mut app = app(lang, 30);
        press(&mut app, "3");
        let id = app.columns[0].cards[0].client.id;
        let steps: Vec<String> = (app.store.read().client_reminders(id).unwrap().iter())
            .filter(|r| r.done_at.is_none())
            .map(|r| crate::i18n::format::reminder_text(lang, r))
            .collect();
        // The first column's side of each line (the pane is right of it).
        let said = |screen: &str| {
            let column = screen.lines().map(|l| l.split("││").next().unwrap_or(l));
            column
                .filter(|l| l.contains('@'))
                .any(|l| steps.iter().any(|s| l.contains(&format!("— {s}"))))
        };
        let screen = render(&app, 160, 30);
        assert!(said(&screen), "{steps:?}: {screen}");
        press(&mut app, "3");
        assert_eq!(app.focus_stage, None);
        assert!(!said(&render(&app, 160, 30)));
        assert!(app.columns.iter().all(|c| c.steps.is_empty()));
    }
}

#[apply(engines)]
fn a_calling_hour_in_the_russian_layout_needs_no_switching(_engine: Engine) {
    let mut app = app(Lang::Ru, 24);
    // `1`, then `с` (the `c` key): the call's outcome.
    press(&mut app, "1");
    let first = selected_id(&app);
    press(&mut app, "с");
    assert!(
        matches!(app.popup, Some(Popup::Outcome(_))),
        "{:?}",
        app.popup
    );
    // `2`: a call-back, its day typed in Russian, kept as typed.
    press(&mut app, "2завтра в 11");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("{:?}", app.popup);
    };
    assert_eq!(form.fields[0].value, "завтра в 11");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.popup);
    let next = selected_id(&app);
    assert_ne!(next, first, "the next card in the queue");
    // `о` (the `j` key) goes down; `л` (`k`) back up.
    press(&mut app, "о");
    assert_ne!(selected_id(&app), next);
    press(&mut app, "л");
    assert_eq!(selected_id(&app), next);
    // In the outcome's choice `е` is `t`: a note, whose words stay Russian.
    press(&mut app, "се");
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.popup
    );
    press(&mut app, "ок");
    let Some(Popup::Form(form, _)) = &app.popup else {
        panic!("{:?}", app.popup);
    };
    assert!(
        form.fields.iter().any(|f| f.value == "ок"),
        "{:?}",
        form.fields
    );
}
