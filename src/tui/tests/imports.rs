//! Importing a file from the board: the form and what it suggests, the
//! preview, its columns, dates and sheets, and the import itself.

use crate::domain::Stage;
use crate::i18n::Lang;
use crate::tui::app::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

/// The import form given `file`, submitted: its preview, or why not.
fn open_import(app: &mut App, file: &std::path::Path) {
    press(app, "I");
    press(app, file.to_str().expect("path"));
    key(app, KeyCode::Enter);
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
    open_import(&mut app, &file);
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
    // The first rows as read, before saying yes.
    for read in [
        "As read, the first rows:",
        "line 2: Expo Ann",
        "line 3: Expo Bob · won",
    ] {
        assert!(screen.contains(read), "{read}: {screen}");
    }
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
    open_import(&mut app, &file);
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

/// The import form suggests the newest list in the Downloads folder (an
/// export just downloaded from another CRM): Enter previews it; what is
/// typed replaces it.
#[test]
fn the_import_form_suggests_the_newest_list_downloaded() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let older = dir.path().join("old.csv");
    let newer = dir.path().join("amocrm_export.csv");
    std::fs::write(&older, "Name\nOld Ann\n").expect("write");
    std::fs::write(&newer, "Name\nNew Bob\n").expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a list").expect("write");
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&older)
        .and_then(|f| f.set_modified(day_ago))
        .expect("mtime");
    app.import_dirs = Some(vec![dir.path().join("missing"), dir.path().to_path_buf()]);
    press(&mut app, "I");
    let screen = render(&app, 100, 30);
    assert!(screen.contains("amocrm_export.csv"), "{screen}");
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("1 row: 1 new"), "{screen}");
    key(&mut app, KeyCode::Esc);
    press(&mut app, "I");
    press(&mut app, older.to_str().expect("path"));
    let screen = render(&app, 100, 30);
    assert!(!screen.contains("amocrm_export"), "{screen}");
    app.import_dirs = Some(Vec::new());
    key(&mut app, KeyCode::Esc);
    press(&mut app, "I");
    assert!(!render(&app, 100, 30).contains(".csv"));
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
    open_import(&mut app, &file);
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
    open_import(&mut app, &file);
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
        screen.contains("1 deal value would be kept as an expected deal"),
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

/// A text file's encoding is said, and `e` reads it in the next one (a
/// file whose headers read as nonsense opens on its columns); round to the
/// one found, and Enter imports the file as last read.
#[test]
fn the_import_preview_reads_a_text_file_in_another_encoding_on_e() {
    let mut app = app(Lang::En, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("1251.csv");
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1251.encode("Имя;Телефон\nЗоя Кодировкина;+7 916 555-01-02\n");
    std::fs::write(&file, &bytes).expect("write");
    open_import(&mut app, &file);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("e  read it as KOI8-R (now windows-1251)"),
        "{screen}"
    );
    assert!(
        screen.contains("line 2: Зоя Кодировкина · +7 916 555-01-02"),
        "{screen}"
    );
    press(&mut app, "e");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("no column holds the names"), "{screen}");
    assert!(
        screen.contains("e  read it as IBM866 (now KOI8-R)"),
        "{screen}"
    );
    press(&mut app, "eeee");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("(now windows-1251)"), "{screen}");
    key(&mut app, KeyCode::Enter);
    let found = app.store.read().search_texts(None, 0, 1000).expect("texts");
    assert!(found.iter().any(|(_, t)| t.contains("зоя кодировкина")));
}

/// Leads as JSON are named by their place in the list, not as a file's
/// lines; a whole database's dump is refused with where it goes back.
#[test]
fn the_board_names_a_json_lists_leads_by_their_place() {
    let mut app = app(Lang::Ru, 24);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("leads.json");
    std::fs::write(
        &file,
        r#"[{"name": "Вера", "phone": "нет"}, {"name": "Глеб"}]"#,
    )
    .expect("write");
    open_import(&mut app, &file);
    let screen = render(&app, 100, 30);
    for said in [
        "заявок 2: новых 2",
        "Как прочитаны первые заявки:",
        "заявка 1: Вера",
        "заявка 1: «нет» — не номер телефона",
    ] {
        assert!(screen.contains(said), "{said}: {screen}");
    }
    assert!(!screen.contains("строка"), "{screen}");
    key(&mut app, KeyCode::Esc);
    let dump = dir.path().join("dump.json");
    std::fs::write(&dump, r#"{"konveyer": 1, "clients": []}"#).expect("write");
    open_import(&mut app, &dump);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("вся база, выгруженная"), "{screen}");
}
