//! The board's newer screens and windows: the reports screen (snapshots at
//! 80×24 and 160×48, English and Russian, without colour) and robots on
//! the board's moves.

use crate::config::Config;
use crate::domain::Stage;
use crate::i18n::Lang;
use crate::service;
use crate::tui::app::{App, Popup, Screen};
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use super::*;

fn open_reports(lang: Lang, height: u16) -> App {
    let mut app = app(lang, height);
    press(&mut app, "R");
    assert!(matches!(app.screen, Screen::Reports(_)));
    app
}

fn shown_period(app: &App) -> (chrono::NaiveDate, chrono::NaiveDate, bool) {
    match &app.screen {
        Screen::Reports(v) => (v.period.from, v.period.to, v.period.month),
        _ => panic!("not on the reports screen"),
    }
}

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("a day")
}

#[test]
fn reports_screen_at_80x24_and_160x48_in_both_languages() {
    use crate::i18n::tr;
    for lang in [Lang::En, Lang::Ru] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut app = open_reports(lang, h);
            let screen = render(&app, w, h);
            assert!(screen.contains("2026-W48"), "{screen}");
            assert_footer_whole(&screen, lang);
            let titles: Vec<String> = [
                "reports-funnel",
                "reports-plan",
                "reports-compare",
                "reports-time",
            ]
            .iter()
            .map(|id| tr(lang, id))
            .collect();
            for t in &titles {
                assert!(
                    screen.contains(t.as_str()),
                    "{t} missing at {w}x{h}:\n{screen}"
                );
            }
            let later = ["reports-losses", "reports-sources", "reports-referrals"];
            if w >= 160 {
                // Everything on one page at this size.
                for id in later {
                    assert!(screen.contains(tr(lang, id).as_str()), "{id}:\n{screen}");
                }
                assert!(!screen.contains("PgDn PgUp"));
            } else {
                // The rest a page further, and no further than the last page.
                key(&mut app, KeyCode::PageDown);
                let page2 = render(&app, w, h);
                assert!(
                    page2.contains(tr(lang, "reports-sources").as_str()),
                    "{page2}"
                );
                key(&mut app, KeyCode::PageDown);
                key(&mut app, KeyCode::PageUp);
                assert!(render(&app, w, h).contains(tr(lang, "reports-funnel").as_str()));
                key(&mut app, KeyCode::PageDown);
                snapshot!(format!("screens__reports_{lang:?}_{w}x{h}_page2"), page2);
            }
            snapshot!(format!("screens__reports_{lang:?}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn reports_keys_step_week_and_month_and_come_back() {
    let mut app = open_reports(Lang::En, 24);
    assert_eq!(shown_period(&app), (day(11, 23), day(11, 29), false));
    press(&mut app, "h");
    assert_eq!(shown_period(&app), (day(11, 16), day(11, 22), false));
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    assert_eq!(shown_period(&app), (day(11, 30), day(12, 6), false));
    press(&mut app, "t");
    assert_eq!(shown_period(&app), (day(11, 23), day(11, 29), false));
    press(&mut app, "m");
    assert_eq!(shown_period(&app), (day(11, 1), day(11, 30), true));
    press(&mut app, "h");
    assert_eq!(shown_period(&app), (day(10, 1), day(10, 31), true));
    assert!(render(&app, 80, 24).contains("Month 2026-10"));
    // A month without today goes back to weeks at its first week.
    press(&mut app, "w");
    assert_eq!(shown_period(&app), (day(9, 28), day(10, 4), false));
    press(&mut app, "R");
    assert!(
        matches!(app.screen, Screen::Board),
        "R again: back to the board"
    );
}

#[test]
fn the_revenue_chart_tells_its_series_apart_with_and_without_colour() {
    use ratatui::style::Color;
    for color in [true, false] {
        let mut app = open_reports(Lang::En, 48);
        app.color = color;
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        terminal.draw(|f| view::draw(f, &app)).expect("draw");
        let buf = terminal.backend().buffer().clone();
        let find = |word: &str| {
            let text = terminal.backend().to_string();
            // The series' label starts its row in the first column.
            let row = text
                .lines()
                .position(|l| l.starts_with(&format!("\" {word} ")))
                .expect("a labelled series");
            (2, row as u16)
        };
        let (first, repeat) = (find("first"), find("repeat"));
        let fg = |(x, y): (u16, u16)| buf[(x, y)].fg;
        if color {
            assert_ne!(fg(first), fg(repeat), "two colours");
        } else {
            assert_eq!((fg(first), fg(repeat)), (Color::Reset, Color::Reset));
        }
        // Either way each row is labelled: the legend is the label.
        assert!(first.1 < repeat.1);
    }
}

#[test]
fn the_plan_form_on_the_reports_screen_sets_the_weeks_targets() {
    use crate::domain::plan::Metric;
    let mut app = open_reports(Lang::En, 24);
    press(&mut app, "P");
    assert!(matches!(app.popup, Some(Popup::Form(..))));
    // Fields: leads, qualified, first sales, first revenue, repeat, calls, meetings.
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    press(&mut app, "150 000");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "lots");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "a bad count keeps the form"
    );
    assert!(
        service::week_targets(&app.store, day(11, 23))
            .expect("targets")
            .is_empty(),
        "a refused form writes nothing"
    );
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "60");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", app.notice);
    let mut set = service::week_targets(&app.store, day(11, 25)).expect("targets");
    set.sort();
    assert_eq!(
        set,
        [(Metric::FirstRevenue, 15_000_000), (Metric::Calls, 60)]
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("calls 7/60"), "{screen}");
    // Emptying a field removes its target.
    press(&mut app, "P");
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Enter);
    let set = service::week_targets(&app.store, day(11, 23)).expect("targets");
    assert_eq!(set, [(Metric::FirstRevenue, 15_000_000)]);
}

#[test]
fn robots_act_on_the_boards_moves_too() {
    use crate::service::Robot;
    let robot = |on: &str, remind: Option<&str>, run: &[&str]| Robot {
        on: on.into(),
        stage: None,
        source: None,
        remind: remind.map(String::from),
        after: None,
        in_days: 1,
        run: run.iter().map(|s| s.to_string()).collect(),
        timeout_secs: 5,
    };
    let config = Config {
        robots: vec![
            robot("qualifier", Some("send the offer"), &[]),
            robot(
                "hunter",
                None,
                &["sh", "-c", "echo 'gateway down' >&2; exit 1"],
            ),
        ],
        ..Config::default()
    };
    let mut app = App::new(demo_store(Lang::En), Lang::En, config, now(), 9).expect("app");
    app.color = false;
    let id = selected_id(&app);
    press(&mut app, "L");
    let reminders = app.store.read().client_reminders(id).expect("reminders");
    assert!(
        reminders.iter().any(|r| r.text == "send the offer"),
        "{reminders:?}"
    );
    press(&mut app, "L");
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.error && notice.text.contains("robot sh: exit 1: gateway down"),
        "{notice:?}"
    );
    let client = app.store.read().client(id).expect("client");
    assert_eq!(client.stage, Stage::Hunter, "the move stands");
}

#[test]
fn the_reports_screens_forecast_is_the_forecast_commands() {
    let app = open_reports(Lang::En, 48);
    let screen = render(&app, 160, 48);
    let f = service::forecast(&app.store, now(), service::FORECAST_WEEKS, "RUB").expect("forecast");
    let money = |minor| crate::i18n::money(Lang::En, minor, "RUB");
    assert!(
        screen.contains(&format!(
            "Forecast: deals · chance · ≈ {}",
            money(f.weighted_minor())
        )),
        "{screen}"
    );
    for s in &f.stations {
        let row = format!("{:.1}%", s.probability * 100.0);
        let weighted = format!("≈{}", money(s.weighted_minor));
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&row) && l.contains(&weighted)),
            "{row} {weighted}:\n{screen}"
        );
    }
}

#[test]
fn the_abc_table_is_of_now_whatever_the_period_and_read_again_after_a_change() {
    let mut app = open_reports(Lang::En, 24);
    let summary = |app: &App| {
        service::segment_summary(&app.store, now(), "RUB", app.config.segments).expect("abc")
    };
    let shown = |app: &App| match &app.screen {
        Screen::Reports(v) => v.segments.clone(),
        _ => panic!("not on the reports screen"),
    };
    let before = summary(&app);
    assert_eq!(shown(&app), before);
    // Another week, a month back: the classes in force now, as read.
    for keys in ["h", "m", "h", "w"] {
        press(&mut app, keys);
        assert_eq!(shown(&app), before, "after {keys}");
    }
    // A client with nothing paid pays more than anyone: a change, read again.
    let unpaid = app
        .store
        .read()
        .search_texts(None, 0, 1000)
        .expect("clients")
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| {
            service::segment_of(&app.store, now(), *id, "RUB", app.config.segments)
                .is_ok_and(|row| row.is_none())
        })
        .expect("a client that never paid");
    let most = crate::domain::money::Money {
        minor: 1_000_000_000,
        currency: "RUB".into(),
    };
    service::sale(&mut app.store, now(), unpaid, &most, now().today()).expect("sale");
    app.reload().expect("reload");
    let after = summary(&app);
    assert_ne!(after, before);
    assert_eq!(shown(&app), after);
}
