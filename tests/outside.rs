//! End-to-end: the conveyor and the outside world — import, export,
//! intake from forms and scripts (README: Import, Export, Robots).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::Env;

/// The listed client of this name (active or lost).
fn client_named(k: &Env, name: &str) -> Value {
    let list = k.json(&["list", "--status", "all", "--json"]);
    list.as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == name).cloned())
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

/// A small base to export: a client whose name a spreadsheet would run,
/// a paid and an unpaid order, a dated and a timed reminder.
fn base_to_export() -> Env {
    let k = Env::new();
    k.ok(&[
        "add",
        "=HYPERLINK(\"x\")",
        "--phone",
        "+7 999 123-45-67",
        "--stage",
        "hunter",
    ]);
    k.ok(&[
        "add",
        "Борис; Ромашка",
        "--company",
        "ООО \"Ромашка\"",
        "--email",
        "b@x.ru",
    ]);
    k.ok(&["sale", "1", "125000", "--on", "2026-11-20"]);
    k.ok(&["invoice", "2", "5000"]);
    k.ok(&["remind", "1", "send the offer", "--at", "2026-11-26"]);
    k.ok(&[
        "remind",
        "2",
        "call, then write",
        "--at",
        "2026-11-27 15:30",
    ]);
    k
}

#[test]
fn export_csv_is_a_spreadsheet_that_runs_nothing() {
    let k = base_to_export();
    let text = k.ok(&["export"]);
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header[..4], ["id", "name", "company", "phone"]);
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 2);
    let field = |row: usize, name: &str| {
        let i = header.iter().position(|h| h == name).expect(name);
        records[row][i].to_string()
    };
    assert_eq!(
        field(0, "name"),
        "'=HYPERLINK(\"x\")",
        "a formula is neutralised"
    );
    assert_eq!(field(0, "phone"), "'+7 999 123-45-67");
    assert_eq!(field(0, "stage"), "farmer", "the first payment moved it on");
    assert_eq!(field(0, "revenue"), "125000.00");
    assert_eq!(field(0, "segment"), "A");
    assert_eq!(field(0, "next_reminder_on"), "2026-11-26");
    assert_eq!(field(1, "name"), "Борис; Ромашка");
    assert_eq!(field(1, "company"), "ООО \"Ромашка\"");
    // Russian Excel: `;` between fields, quoted where a field holds one.
    let semi = k.ok(&["export", "--delimiter", ";"]);
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(semi.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[1].to_string())
        .collect();
    assert_eq!(names[1], "Борис; Ромашка");
}

#[test]
fn export_json_holds_every_table() {
    let k = base_to_export();
    let dump = k.json(&["export", "--format", "json"]);
    assert_eq!(dump["konveyer"]["format"], 1);
    assert_eq!(dump["clients"].as_array().map(Vec::len), Some(2));
    assert_eq!(dump["orders"].as_array().map(Vec::len), Some(2));
    let reminders = dump["reminders"].as_array().expect("reminders");
    assert!(reminders.iter().any(|r| r["text"] == "send the offer"));
    let kinds: Vec<&str> = dump["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"payment") && kinds.contains(&"created"),
        "{kinds:?}"
    );
}

#[test]
fn export_ics_is_read_by_a_real_calendar_parser() {
    let k = base_to_export();
    let file = k.dir().join("reminders.ics");
    let file = file.to_str().expect("path");
    k.ok(&["export", "-o", file]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    // Python's `icalendar` package (`.ci/run` installs it): events, their
    // alarms, a day's reminder as a date with the next day as its end.
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    start, end = e.decoded('DTSTART'), e.decoded('DTEND')
    alarms = len(e.walk('VALARM'))
    print(e['UID'], type(start).__name__, start.isoformat(), end.isoformat(), alarms, e['SUMMARY'])
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, file])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "the icalendar package must read it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    // The two reminders and the invoice's payment chase.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("chase payment: invoice #2"))
    );
    let day = lines
        .iter()
        .find(|l| l.contains("send the offer"))
        .expect("the day's");
    assert!(
        day.contains(" date 2026-11-26 2026-11-27 1 "),
        "all day, exclusive end, one alarm: {day}"
    );
    let timed = lines
        .iter()
        .find(|l| l.contains("call, then write"))
        .expect("timed");
    assert!(
        timed.contains("datetime 2026-11-27T15:30:00+00:00"),
        "{timed}"
    );
    assert!(timed.starts_with("reminder-"), "a stable uid: {timed}");
    // To-dos instead of events.
    let todo = k.ok(&["export", "--format", "ics", "--todo"]);
    assert_eq!(todo.matches("BEGIN:VTODO").count(), 3);
    assert!(!todo.contains("BEGIN:VEVENT"));
}

#[test]
fn a_refused_export_writes_nothing() {
    let k = base_to_export();
    let err = k.fails(&["export", "--delimiter", "ab"], 1);
    assert!(err.contains("'ab'") && err.lines().count() == 1, "{err}");
    let missing = k.dir().join("no/such/dir/out.csv");
    let err = k.fails(&["export", "-o", missing.to_str().expect("path")], 1);
    assert!(err.contains("out.csv"), "{err}");
    assert!(!missing.exists());
    let left: Vec<_> = std::fs::read_dir(k.dir())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("konveyer-part"))
        .collect();
    assert!(left.is_empty(), "no temporary file left");
}

/// Files other programs wrote, copied with their sources and licences
/// (`tests/fixtures/SOURCES.md`).
const TEST_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A Russian CRM's export as Russian Excel saves it: Windows-1251, `;`,
/// one person three times with the phone in three spellings.
fn crm_export(dir: &Path) -> PathBuf {
    let text = "Фамилия;Имя;Мобильный телефон;E-mail;Компания;Бюджет;Этап сделки;Должность\r\n\
        Иванов;Иван;8 (999) 123-45-67;ivan@romashka.ru;ООО Ромашка;150 000;Переговоры;директор\r\n\
        Петрова;Анна;+7 912 000-11-22;;;;Первичный контакт;\r\n\
        Иванов;Иван;+7 999 123 45 67;;;;;\r\n\
        Сидоров;Пётр;79161234567;;\"ИП \"\"Сидоров\"\"; склад\";5000;Успешно реализовано;\r\n\
        ;;;;;;;\r\n\
        Кузнецов;Олег;79991234567;;;x;Бог знает что;снабженец\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let path = dir.join("amo.csv");
    std::fs::write(&path, &bytes).expect("write");
    path
}

#[test]
fn a_russian_crm_export_comes_in_merged_and_reported() {
    let k = Env::new();
    let file = crm_export(k.dir());
    let file = file.to_str().expect("path");
    let dry = k.ok(&["import", file, "--dry-run"]);
    assert!(dry.starts_with("dry run"), "{dry}");
    assert!(
        !k.db.exists()
            || k.json(&["list", "--json"])
                .as_array()
                .is_some_and(|a| a.is_empty())
    );
    let real = k.ok(&["import", file]);
    assert_eq!(
        dry.lines().skip(1).collect::<Vec<_>>(),
        real.lines().collect::<Vec<_>>(),
        "the dry run said exactly what happened"
    );
    // Only the won deal is money that came in: a budget is an estimate.
    assert!(
        real.contains("5 rows: 3 new, 2 merged, 0 skipped, 1 orders"),
        "{real}"
    );
    assert!(real.contains("line 4: merged into #1 Иван Иванов (same phone, added from this file)"));
    assert!(
        real.contains("line 7: merged into #1"),
        "79991234567 is the same number: {real}"
    );
    assert!(real.contains("line 7: amount 'x' is not a number"));
    let by_name = |name: &str| client_named(&k, name);
    let ivan = by_name("Иван Иванов");
    assert_eq!(ivan["phone"], "+79991234567");
    assert_eq!(ivan["stage"], "hunter", "Переговоры");
    assert_eq!(ivan["company"], "ООО Ромашка");
    assert!(
        ivan["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Должность: директор") && n.contains("Value: 150 000"))
    );
    let unpaid = k.json(&["agenda", "--json"]);
    assert_eq!(
        unpaid["unpaid"],
        serde_json::json!([]),
        "no invoice from a budget"
    );
    assert_eq!(by_name("Анна Петрова")["stage"], "telemarketer");
    let petr = by_name("Пётр Сидоров");
    assert_eq!(petr["stage"], "farmer", "won: paid");
    assert_eq!(petr["company"], "ИП \"Сидоров\"; склад");
    let shown = k.json(&["show", &petr["id"].to_string(), "--json"]);
    assert!(shown["orders"][0]["paid_on"].is_string(), "{shown}");
}

#[test]
fn an_import_fills_the_base_and_never_overwrites_it() {
    let k = Env::new();
    k.ok(&[
        "add",
        "Анна",
        "--phone",
        "+7 999 111-22-33",
        "--company",
        "Старая",
    ]);
    let csv = "name,phone,email,company\nAnya,8 (999) 111 22 33,anna@x.ru,Новая\n";
    let file = k.dir().join("in.csv");
    std::fs::write(&file, csv).expect("write");
    let out = k.ok(&["import", file.to_str().expect("path")]);
    assert!(
        out.contains("line 2: merged into #1 Анна (same phone)"),
        "{out}"
    );
    let anna = k.json(&["show", "1", "--json"]);
    assert_eq!(anna["company"], "Старая", "kept");
    assert_eq!(anna["email"], "anna@x.ru", "filled");
    assert_eq!(anna["name"], "Анна");
}

#[test]
fn files_other_programs_wrote_come_in() {
    let k = Env::new();
    let data = |f: &str| format!("{TEST_DATA}/csv/{f}");
    let out = k.ok(&["import", &data("salesforce_opportunityData.csv")]);
    assert!(out.starts_with("38 rows: 38 new"), "{out}");
    let george = client_named(&k, "George Foundation - 5000 Widgets");
    assert_eq!(george["stage"], "farmer", "Closed Won");
    // Won: paid on its close date, not on the day of the import.
    let shown = k.json(&["show", &george["id"].to_string(), "--json"]);
    assert_eq!(shown["orders"][0]["paid_on"], "2005-11-09", "{shown}");
    let out = k.ok(&["import", &data("thunderbird_csv_semicolon.csv")]);
    assert!(out.starts_with("2 rows: 2 new"), "{out}");
    let out = k.ok(&["import", &data("thunderbird_export.csv")]);
    assert!(
        out.contains("line 2: 'contact1@invalid' is not an e-mail address"),
        "{out}"
    );
    let two = client_named(&k, "contact number two");
    let notes = two["notes"].as_str().expect("notes");
    assert!(
        notes.contains("Custom 4: custom\r\n4") || notes.contains("Custom 4: custom\n4"),
        "{notes}"
    );
    assert!(notes.contains("Job Title: \"worker\""), "{notes}");
    // Standard input, the way a script feeds it.
    let out = k
        .cmd(&["import", "-"])
        .write_stdin("Имя;Телефон\nИз скрипта;+7 900 000-00-01\n")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 rows: 1 new"));
}

#[test]
fn a_bad_file_is_refused_by_name_and_writes_nothing() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let write = |name: &str, bytes: &[u8]| {
        let p = k.dir().join(name);
        std::fs::write(&p, bytes).expect("write");
        p.to_str().expect("path").to_string()
    };
    let cases = [
        (write("empty.csv", b""), "is empty"),
        (write("blank.csv", b" \n\n"), "is empty"),
        (
            write(
                "photo.csv",
                &[0x89, b'P', b'N', b'G', 0, 0, 0x1a, 0xff, 0xfe, 0],
            ),
            "not a text file",
        ),
        (
            format!("{TEST_DATA}/csv/salesforce_csvtext_BOM_UTF8.csv"),
            "has no name column (found: column1, column2, column3)",
        ),
    ];
    for (file, says) in &cases {
        let err = k.fails(&["import", file], 1);
        assert!(
            err.contains(says) && err.contains(file.as_str()),
            "{file}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = k.fails(
        &[
            "import",
            &write("x.csv", b"name\nA\n"),
            "--encoding",
            "klingon",
        ],
        1,
    );
    assert!(err.contains("'klingon'"), "{err}");
    let header_only = k.ok(&["import", &write("h.csv", b"name,phone\r\n")]);
    assert!(header_only.starts_with("0 rows"), "{header_only}");
    // A line of 10 MB is read, not refused.
    let mut long = b"name,note\nLong,".to_vec();
    long.extend(std::iter::repeat_n(b'x', 10 << 20));
    long.push(b'\n');
    let out = k.ok(&["import", &write("long.csv", &long)]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let names: Vec<String> = k
        .json(&["list", "--json"])
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["Anna", "Long"], "the refused files wrote nothing");
}

#[test]
fn leads_from_a_web_form_come_in_on_standard_input() {
    let k = Env::new();
    let run = |json: &str, extra: &[&str]| {
        let mut args = vec!["add", "--json", "-"];
        args.extend_from_slice(extra);
        k.cmd(&args)
            .write_stdin(json.to_string())
            .output()
            .expect("run")
    };
    let out = run(
        r#"{"name": "Анна", "phone": "8 999 555-44-33", "utm_source": "yandex"}"#,
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    // The same person again (another spelling of the phone) and a new one.
    let out = run(
        r#"[{"name": "Анна П.", "phone": "+79995554433", "email": "a@x.ru"}, {"name": "Борис", "amount": 5000}]"#,
        &["--source", "site"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n2\n");
    let anna = k.json(&["show", "1", "--json"]);
    assert_eq!(anna["name"], "Анна", "never overwritten");
    assert_eq!(anna["email"], "a@x.ru", "filled");
    assert!(
        anna["notes"]
            .as_str()
            .is_some_and(|n| n.contains("utm_source: yandex"))
    );
    let boris = k.json(&["show", "2", "--json"]);
    assert_eq!(boris["source"], "site");
    // A form's amount is what the lead hopes to spend: kept, never an
    // invoice they owe.
    assert_eq!(boris["orders"].as_array().map(Vec::len), Some(0));
    assert!(
        boris["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Value: 5000")),
        "{boris}"
    );
    // A lead without a name refuses them all.
    let out = run(r#"[{"name": "Вера"}, {"company": "X"}]"#, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lead 2 has no \"name\""));
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn phone_address_books_come_in_as_vcards() {
    let k = Env::new();
    let vcf = |f: &str| format!("{TEST_DATA}/vcf/{f}");
    let out = k.ok(&["import", &vcf("kcontacts_vcard9_cyrillic_fold.vcf")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let card = k.json(&["show", "1", "--json"]);
    assert_eq!(
        card["notes"],
        "Длинный комментарий на русском языке, чтобы в результате получилась строка более 70 символов.",
        "a fold inside a letter, unfolded before decoding"
    );
    let out = k.ok(&["import", &vcf("ezvcard_John_Doe_IPHONE.vcf")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    let john = k.json(&["show", "2", "--json"]);
    assert_eq!(john["name"], "Mr. John Richter James Doe Sr.");
    assert_eq!(john["company"], "IBM, Accounting");
    let notes = john["notes"].as_str().expect("notes");
    assert_eq!(
        notes.matches("Phone: ").count(),
        6,
        "every number kept: {notes}"
    );
    let out = k.ok(&["import", &vcf("ezvcard_John_Doe_ANDROID.vcf")]);
    assert!(
        out.contains("merged into"),
        "a card repeating a phone: {out}"
    );
    let out = k.ok(&["import", &vcf("thunderbird_export.vcf")]);
    assert!(
        out.starts_with("2 rows: 2 new"),
        "lower-case names, VERSION last: {out}"
    );
    let two = client_named(&k, "contact number two");
    let notes = two["notes"].as_str().expect("notes");
    assert!(notes.starts_with("here's some unicode text…"), "{notes}");
    // Standard input with `--format vcf`, as the command line takes it.
    let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Из трубки\nTEL:+7 900 111-00-11\nEND:VCARD\n";
    let out = k
        .cmd(&["import", "-", "--format", "vcf"])
        .write_stdin(card)
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("1 rows: 1 new"),
        "{out:?}"
    );
}

#[test]
fn the_json_dump_comes_back_whole_into_an_empty_database() {
    let k = base_to_export();
    k.ok(&["plan", "calls=40"]);
    k.ok(&["lose", "2", "--reason", "no budget"]);
    let dump = k.dir().join("dump.json");
    let dump = dump.to_str().expect("path");
    k.ok(&["export", "-o", dump]);
    let fresh = Env::new();
    let out = fresh.ok(&["import", dump]);
    assert!(out.starts_with("loaded 2 clients, 2 orders"), "{out}");
    let (before, after) = (
        k.json(&["export", "--format", "json"]),
        fresh.json(&["export", "--format", "json"]),
    );
    for table in ["clients", "orders", "activities", "reminders", "plans"] {
        assert_eq!(before[table], after[table], "{table} came back as it was");
    }
    // Only into an empty database; a dump of another schema is refused.
    let err = fresh.fails(&["import", dump], 1);
    assert!(err.contains("empty database"), "{err}");
    let other = fresh.dir().join("old.json");
    std::fs::write(
        &other,
        r#"{"konveyer": {"format": 1, "schema": 2}, "clients": []}"#,
    )
    .expect("write");
    let err = Env::new().fails(&["import", other.to_str().expect("path")], 1);
    assert!(err.contains("schema 2"), "{err}");
    // A list of leads as a .json file is an import like a CSV's.
    let leads = fresh.dir().join("leads.json");
    std::fs::write(&leads, r#"[{"name": "Вера", "phone": "8 916 000-00-00"}]"#).expect("write");
    let out = Env::new().ok(&["import", leads.to_str().expect("path")]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
}

/// An amoCRM deals export as it comes: Windows-1251, `;`, `Бюджет ` with
/// its trailing space, bracketed headers, one person in three phone
/// spellings, open, won and lost deals created over a year.
fn amo_export(dir: &Path) -> PathBuf {
    let text = "ID;Название сделки;Бюджет ;Ответственный;Дата создания сделки;Этап сделки;\
        Полное имя контакта;Компания контакта;Рабочий телефон (контакт);Мобильный телефон (контакт);\
        Рабочий email (контакт);Источник;Дата закрытия;Примечание\r\n\
        101;Поставка бумаги;50 000;Ирина Ответственная;14.03.2025 10:15:00;Первичный контакт;\
        Ольга Белова;ООО Бумага;;8 (903) 111-22-33;olga@bumaga.ru;Сайт;;\r\n\
        102;Повторная поставка;120 000;Ирина Ответственная;02.06.2025 09:00:00;Успешно реализовано;\
        Ольга Белова;ООО Бумага;+7 903 111 22 33;;;Сайт;20.06.2025 16:40:00;оплатили\r\n\
        103;Картриджи;30 000;Пётр;01.09.2025 12:00:00;Закрыто и не реализовано;\
        Семён Серов;;;79031112244;;Звонок;15.09.2025 18:00:00;\r\n\
        104;Мебель;75 000;Пётр;10.11.2026 11:30:00;Переговоры;\
        Ольга Белова;;;+79031112233;;;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let path = dir.join("amocrm_leads.csv");
    std::fs::write(&path, &bytes).expect("write");
    path
}

#[test]
fn an_amocrm_export_comes_in_as_it_happened() {
    let k = Env::new();
    let file = amo_export(k.dir());
    let out = k.ok(&["import", file.to_str().expect("path")]);
    assert!(
        out.contains("4 rows: 2 new, 2 merged, 0 skipped, 1 orders"),
        "{out}"
    );
    // What became of the money, said at once.
    assert!(
        out.contains("3 deal values kept in the clients' notes as estimates"),
        "{out}"
    );
    assert!(
        out.contains(
            "1 payments from won deals, dated 2025-06-20 to 2025-06-20; \
             this week's revenue from them: ₽0"
        ),
        "{out}"
    );
    let olga = client_named(&k, "Ольга Белова");
    let semen = client_named(&k, "Семён Серов");
    // Created when the export says, not on the day of the import.
    assert_eq!(olga["created_at"], "2025-03-14T10:15:00Z");
    assert_eq!(olga["company"], "ООО Бумага");
    assert_eq!(olga["stage"], "farmer", "her second deal was won");
    assert_eq!(olga["stage_since"], "2025-06-20T16:40:00Z");
    let notes = olga["notes"].as_str().expect("notes");
    assert!(
        notes.contains("Value: 50 000") && notes.contains("Owner: Ирина Ответственная"),
        "{notes}"
    );
    // The won deal: paid on its close day; no invoice from any budget.
    let shown = k.json(&["show", &olga["id"].to_string(), "--json"]);
    let orders = shown["orders"].as_array().expect("orders");
    assert_eq!(orders.len(), 1, "{shown}");
    assert_eq!(orders[0]["paid_on"], "2025-06-20");
    assert_eq!(orders[0]["amount_minor"], 12_000_000);
    let agenda = k.json(&["agenda", "--json"]);
    assert_eq!(agenda["unpaid"], serde_json::json!([]), "{agenda}");
    // Lost on its close, with the stage as the reason.
    assert_eq!(semen["status"], "lost");
    assert_eq!(semen["created_at"], "2025-09-01T12:00:00Z");
    // This week's report counts what happened this week only.
    let week = k.json(&["report", "--format", "json"]);
    assert_eq!(week["cohort"]["created"], 0, "{week}");
    assert_eq!(week["revenue"], serde_json::json!([]), "{week}");
}

#[test]
fn a_column_map_names_what_a_header_does_not() {
    let k = Env::new();
    let file = k.dir().join("odd.csv");
    std::fs::write(&file, "Кто,Тел\nАнна,+7 999 000-11-22\n").expect("write");
    let path = file.to_str().expect("path");
    let err = k.fails(&["import", path], 1);
    assert!(
        err.contains("--map 'HEADER=name'") && err.contains("Кто, Тел"),
        "{err}"
    );
    let out = k.ok(&["import", path, "--map", "Кто=name", "--map", "тел=phone"]);
    assert!(out.starts_with("1 rows: 1 new"), "{out}");
    assert_eq!(client_named(&k, "Анна")["phone"], "+79990001122");
    let err = k.fails(&["import", path, "--map", "Кто=fullname"], 1);
    assert!(
        err.contains("is not HEADER=FIELD") && err.contains("lost-reason"),
        "{err}"
    );
    let err = k.fails(&["import", path, "--map", "Имя=name"], 1);
    assert!(err.contains("no column 'Имя'"), "{err}");
    // Neither means anything for a file that is no table.
    let card = k.dir().join("one.vcf");
    std::fs::write(&card, "BEGIN:VCARD\nVERSION:3.0\nFN:Ян\nEND:VCARD\n").expect("write");
    let err = k.fails(
        &["import", card.to_str().expect("path"), "--map", "FN=name"],
        1,
    );
    assert!(err.contains("--map is for a table's columns"), "{err}");
    let err = k.fails(&["import", path, "--sheet", "Лист1"], 1);
    assert!(err.contains("--sheet is for a table's columns"), "{err}");
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn bitrix24_and_pipedrive_exports_come_in_without_a_map() {
    let k = Env::new();
    let bitrix = k.dir().join("bitrix24.csv");
    std::fs::write(
        &bitrix,
        "\u{feff}Имя;Фамилия;Отчество;Рабочий телефон;Мобильный телефон;Рабочий e-mail;\
         Стадия сделки;Сумма;Дата создания;Ответственный\n\
         Иван;Петров;Сергеевич;+7 495 123-45-67;8 916 765-43-21;ivan@petrov.ru;\
         Сделка успешна;90 000;12.02.2026 09:30:00;Мария\n",
    )
    .expect("write");
    let out = k.ok(&["import", bitrix.to_str().expect("path")]);
    assert!(
        out.starts_with("1 rows: 1 new, 0 merged, 0 skipped, 1 orders"),
        "{out}"
    );
    let ivan = client_named(&k, "Петров Иван Сергеевич");
    assert_eq!(ivan["phone"], "+74951234567");
    assert_eq!(ivan["email"], "ivan@petrov.ru");
    assert_eq!(ivan["stage"], "farmer");
    assert_eq!(ivan["created_at"], "2026-02-12T09:30:00Z");
    let pipedrive = k.dir().join("pipedrive.csv");
    std::fs::write(
        &pipedrive,
        "Deal - Title,Deal - Value,Deal - Status,Deal - Stage,Person - Name,Organization - Name,\
         Person - Phone,Person - Email,Deal - Deal created,Deal - Won time,Deal - Lost reason\n\
         Paper deal,1500,lost,Proposal Made,Jane Roe,Roe Inc,+1 212 555 0100,jane@roe.example,\
         2026-01-05 10:00:00,,Too expensive\n\
         Ink deal,700,won,Negotiations Started,John Poe,Poe LLC,,john@poe.example,\
         2026-03-01 09:00:00,2026-03-20 15:00:00,\n",
    )
    .expect("write");
    let out = k.ok(&["import", pipedrive.to_str().expect("path")]);
    assert!(
        out.starts_with("2 rows: 2 new, 0 merged, 0 skipped, 1 orders"),
        "{out}"
    );
    let jane = client_named(&k, "Jane Roe");
    assert_eq!(jane["status"], "lost");
    assert_eq!(jane["lost_reason"], "Too expensive");
    assert_eq!(jane["company"], "Roe Inc");
    let john = client_named(&k, "John Poe");
    let shown = k.json(&["show", &john["id"].to_string(), "--json"]);
    assert_eq!(shown["orders"][0]["paid_on"], "2026-03-20", "{shown}");
}

/// The amoCRM export's rows as a spreadsheet keeps them: numbers as
/// numbers, dates as dates, on a first sheet with a name of its own.
fn amo_workbook(dir: &Path) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let when = Format::new().set_num_format("dd.mm.yyyy hh:mm:ss");
    let sheet = book.add_worksheet();
    sheet.set_name("Сделки").expect("name");
    let header = [
        "ID",
        "Название сделки",
        "Бюджет ",
        "Ответственный",
        "Дата создания сделки",
        "Этап сделки",
        "Полное имя контакта",
        "Компания контакта",
        "Рабочий телефон (контакт)",
        "Мобильный телефон (контакт)",
        "Рабочий email (контакт)",
        "Источник",
        "Дата закрытия",
        "Примечание",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    // Each row: the export's cells, numbers and dates as text here.
    let rows: [[&str; 14]; 4] = [
        [
            "101",
            "Поставка бумаги",
            "50000",
            "Ирина Ответственная",
            "2025-03-14 10:15:00",
            "Первичный контакт",
            "Ольга Белова",
            "ООО Бумага",
            "",
            "8 (903) 111-22-33",
            "olga@bumaga.ru",
            "Сайт",
            "",
            "",
        ],
        [
            "102",
            "Повторная поставка",
            "120000",
            "Ирина Ответственная",
            "2025-06-02 09:00:00",
            "Успешно реализовано",
            "Ольга Белова",
            "ООО Бумага",
            "+7 903 111 22 33",
            "",
            "",
            "Сайт",
            "2025-06-20 16:40:00",
            "оплатили",
        ],
        [
            "103",
            "Картриджи",
            "30000",
            "Пётр",
            "2025-09-01 12:00:00",
            "Закрыто и не реализовано",
            "Семён Серов",
            "",
            "",
            "79031112244",
            "",
            "Звонок",
            "2025-09-15 18:00:00",
            "",
        ],
        [
            "104",
            "Мебель",
            "75000",
            "Пётр",
            "2026-11-10 11:30:00",
            "Переговоры",
            "Ольга Белова",
            "",
            "",
            "+79031112233",
            "",
            "",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row.iter().enumerate() {
            let c = c as u16;
            match c {
                _ if text.is_empty() => {}
                0 | 2 => {
                    let n: f64 = text.parse().expect("number");
                    sheet.write_number(r, c, n).expect("number");
                }
                4 | 12 => {
                    let at = ExcelDateTime::parse_from_str(text).expect("date");
                    sheet
                        .write_datetime_with_format(r, c, &at, &when)
                        .expect("date");
                }
                _ => {
                    sheet.write_string(r, c, *text).expect("text");
                }
            }
        }
    }
    book.add_worksheet()
        .set_name("Заметки")
        .expect("name")
        .write_string(0, 0, "не данные")
        .expect("note");
    let path = dir.join("amocrm_leads.xlsx");
    book.save(&path).expect("save");
    path
}

#[test]
fn the_same_export_as_a_spreadsheet_comes_in_alike() {
    let from_csv = Env::new();
    from_csv.ok(&["import", amo_export(from_csv.dir()).to_str().expect("path")]);
    let from_sheet = Env::new();
    let book = amo_workbook(from_sheet.dir());
    let out = from_sheet.ok(&["import", book.to_str().expect("path")]);
    assert!(
        out.contains("4 rows: 2 new, 2 merged, 0 skipped, 1 orders"),
        "{out}"
    );
    let picked = |k: &Env| -> Vec<serde_json::Value> {
        let all = k.json(&["list", "--status", "all", "--json"]);
        all.as_array()
            .expect("list")
            .iter()
            .map(|c| {
                let shown = k.json(&["show", &c["id"].to_string(), "--json"]);
                serde_json::json!([
                    c["name"],
                    c["stage"],
                    c["status"],
                    c["created_at"],
                    c["phone"],
                    shown["orders"],
                    c["company"]
                ])
            })
            .collect()
    };
    assert_eq!(picked(&from_sheet), picked(&from_csv));
    // Another sheet by its name; one the workbook has not is refused.
    let err = from_sheet.fails(
        &["import", book.to_str().expect("path"), "--sheet", "Лиды"],
        1,
    );
    assert!(
        err.contains("no sheet 'Лиды'") && err.contains("Сделки, Заметки"),
        "{err}"
    );
    let err = from_sheet.fails(
        &["import", book.to_str().expect("path"), "--sheet", "Заметки"],
        1,
    );
    assert!(err.contains("has no name column"), "{err}");
}
