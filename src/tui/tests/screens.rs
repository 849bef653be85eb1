//! The board's newer screens and windows: the reports screen (snapshots at
//! 80×24 and 160×48, English and Russian, without colour), the import
//! form, and robots on the board's moves.

use crate::config::Config;
use crate::domain::Stage;
use crate::i18n::Lang;
use crate::service;
use crate::tui::app::{App, Popup, Screen};
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
fn a_file_is_imported_from_the_board_after_a_preview() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "ФИО;Телефон\nНовый Клиент;8 (999) 765-43-21\nЕщё Один;+7 912 345-67-89\n",
    )
    .expect("write");
    let total = |app: &App| app.columns.iter().map(|c| c.count).sum::<i64>();
    let before = total(&app);
    // A path that is not there: the form stays, with why.
    press(&mut app, "I");
    press(&mut app, "/no/such/file.csv");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "{:?}",
        app.popup
    );
    key(&mut app, KeyCode::Esc);
    // The real file: a preview first, nothing written.
    press(&mut app, "I");
    press(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::ImportPreview(_))),
        "{:?}",
        app.notice
    );
    let screen = render(&app, 100, 30);
    assert!(screen.contains("2 rows: 2 new"), "{screen}");
    app.reload().expect("reload");
    assert_eq!(total(&app), before, "a preview writes nothing");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(total(&app), before + 2);
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("2 new")),
        "{:?}",
        app.notice
    );
    // Undo takes the whole import back.
    press(&mut app, "u");
    assert_eq!(total(&app), before);
}

/// The import form takes the source and the station of the rows that
/// name none, as `--source` and `--stage` do; a station nobody knows keeps
/// the form open with why.
#[test]
fn the_board_imports_a_list_at_the_station_and_source_given() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("expo.csv");
    std::fs::write(
        &file,
        "Name;Stage\nExpo Ann;\nExpo Bob;won\nExpo Cid;Gossip\n",
    )
    .expect("write");
    press(&mut app, "I");
    press(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Tab);
    press(&mut app, "Exhibition");
    key(&mut app, KeyCode::Tab);
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut app, "nowhere");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::Form(..))),
        "a station nobody knows: {:?}",
        app.popup
    );
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut app, "q");
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("line 4: stage 'Gossip' not known — put at the qualifier"),
        "{screen}"
    );
    key(&mut app, KeyCode::Enter);
    let found = app.store.read().search_texts(None, 0, 1000).expect("texts");
    let client = |name: &str| {
        let id = found.iter().find(|(_, t)| t.contains(name)).expect(name).0;
        app.store.read().client(id).expect("client")
    };
    for (name, stage) in [
        ("expo ann", Stage::Qualifier),
        ("expo bob", Stage::Farmer),
        ("expo cid", Stage::Qualifier),
    ] {
        let c = client(name);
        assert_eq!(
            (c.stage, c.source.as_deref()),
            (stage, Some("exhibition")),
            "{name}"
        );
    }
}

/// A file whose slashed dates could be read either way says how they were
/// read, in whole lines at 80 columns; `d` reads them the other way and
/// back, and the import takes the order shown.
#[test]
fn the_import_preview_reads_guessed_dates_the_other_way_on_d() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("us.csv");
    std::fs::write(&file, "Name,Created\nSlash Ann,05/11/2026\n").expect("write");
    press(&mut app, "I");
    press(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("read month first, 05/11/2026 as"),
        "{screen}"
    );
    assert!(
        screen.contains("d  read the slashed dates day first"),
        "{screen}"
    );
    press(&mut app, "d");
    let screen = render(&app, 80, 24);
    assert!(!screen.contains("read month first"), "{screen}");
    assert!(
        screen.contains("d  read the slashed dates month first"),
        "{screen}"
    );
    press(&mut app, "dd");
    assert!(render(&app, 80, 24).contains("dates month first"));
    key(&mut app, KeyCode::Enter);
    let ann = app.store.read().search_texts(None, 0, 1000).expect("texts");
    let id = ann
        .iter()
        .find(|(_, t)| t.contains("slash ann"))
        .expect("Ann")
        .0;
    let created = app.store.read().client(id).expect("client").created_at;
    assert_eq!(created.to_rfc3339(), "2026-11-05T00:00:00+00:00");
}

/// A workbook opens on its sheet of clients, not the instructions before
/// it, and says which sheet that is and what else the file has; `t` turns
/// to the next sheet with anything in it (a sheet without a name column
/// opens on its columns), round to the first, and Enter imports the sheet
/// shown.
#[test]
fn the_import_preview_turns_a_workbooks_sheets_on_t() {
    use rust_xlsxwriter::Workbook;
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("base.xlsx");
    let mut book = Workbook::new();
    let sheets: [(&str, &[[&str; 2]]); 4] = [
        ("Read me", &[["How to keep this list", ""]]),
        (
            "Clients",
            &[["Name", "Phone"], ["Sheet Ann", "+44 20 7946 0001"]],
        ),
        ("Empty", &[]),
        (
            "Archive",
            &[
                ["Name", "Phone"],
                ["Sheet Bob", "+44 20 7946 0002"],
                ["Sheet Cid", ""],
            ],
        ),
    ];
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *text).expect("cell");
            }
        }
    }
    book.save(&file).expect("save");
    press(&mut app, "I");
    press(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 row: 1 new"), "{screen}");
    assert!(
        screen.contains("t  next sheet — this is \"Clients\"; the file also has Read me,"),
        "{screen}"
    );
    press(&mut app, "t");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("2 rows: 2 new"), "{screen}");
    assert!(screen.contains("this is \"Archive\""), "{screen}");
    // The instructions have no name column: their columns are shown.
    press(&mut app, "t");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("How to keep this list"), "{screen}");
    assert!(screen.contains("this is \"Read me\""), "{screen}");
    press(&mut app, "t");
    press(&mut app, "t");
    assert!(render(&app, 80, 24).contains("this is \"Archive\""));
    key(&mut app, KeyCode::Enter);
    let found = app.store.read().search_texts(None, 0, 1000).expect("texts");
    let names = |name: &str| found.iter().filter(|(_, t)| t.contains(name)).count();
    assert_eq!(
        (names("sheet ann"), names("sheet bob"), names("sheet cid")),
        (0, 1, 1)
    );
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
fn an_import_without_a_name_column_opens_on_its_columns_to_map_them() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("base.csv");
    std::fs::write(
        &file,
        "Получатель;Телефон;Бюджет\nООО Ландыш;+7 903 555-11-22;120 000\n",
    )
    .expect("write");
    let total = |app: &App| app.columns.iter().map(|c| c.count).sum::<i64>();
    let before = total(&app);
    press(&mut app, "I");
    press(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("no column holds the names"), "{screen}");
    assert!(screen.contains("Бюджет     →  value"), "{screen}");
    // Nothing to import yet: Enter reads again, and still finds no name.
    key(&mut app, KeyCode::Enter);
    assert!(
        app.notice.as_ref().is_some_and(|n| n.error),
        "{:?}",
        app.notice
    );
    // The first column is the name: by hand, then read again.
    press(&mut app, "l");
    assert!(render(&app, 100, 30).contains("Получатель → *name"));
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("1 row: 1 new"), "{screen}");
    assert!(
        screen.contains("1 deal value kept as an expected deal"),
        "{screen}"
    );
    // `m` shows the columns again; Esc back; Enter imports.
    press(&mut app, "m");
    assert!(render(&app, 100, 30).contains("Columns: what each becomes"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert_eq!(total(&app), before + 1);
    let id = app
        .store
        .read()
        .search_texts(None, 0, 1000)
        .expect("clients");
    let last = id.last().expect("a client").0;
    let client = app.store.read().client(last).expect("client");
    assert_eq!(
        (client.name.as_str(), client.value_minor),
        ("ООО Ландыш", Some(12_000_000))
    );
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
