//! End-to-end: moving in from other CRMs' exports and spreadsheets
//! (README: Import and export) — amoCRM, Bitrix24, Pipedrive and HubSpot
//! (`crm/deals.rs`), a Russian
//! Excel export and the same data as a workbook, with a column map where
//! a header does not say.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

mod common;
#[path = "crm/deals.rs"]
mod deals;
use common::{Env, client_named};

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
    assert!(!k.db.exists(), "a dry run makes no database file");
    assert!(
        dry.contains("1 deal value would be kept as an expected deal"),
        "{dry}"
    );
    let real = k.ok(&["import", file]);
    // What would be, then what was: the same, said as done.
    let said = dry.replace(" would be kept", " kept");
    assert_eq!(
        said.lines().skip(1).collect::<Vec<_>>(),
        real.lines().collect::<Vec<_>>(),
        "the dry run said exactly what happened"
    );
    // Only the won deal is money that came in: a budget is an estimate.
    assert!(
        real.contains("5 rows: 3 new, 2 merged, 0 skipped, 1 order"),
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
            .is_some_and(|n| n.contains("Должность: директор") && !n.contains("Value")),
        "{ivan}"
    );
    // A budget is the expected deal: the seller's estimate.
    assert_eq!(ivan["value_minor"], 15_000_000, "{ivan}");
    assert_eq!(ivan["value_currency"], "RUB");
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
        out.contains("4 rows: 2 new, 2 merged, 0 skipped, 1 order"),
        "{out}"
    );
    // What became of the money, said at once.
    assert!(
        out.contains("1 deal value kept as an expected deal (the seller's estimate)"),
        "{out}"
    );
    assert!(
        out.contains(
            "1 payment from a won deal, dated 2025-06-20; \
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
    // Her first deal's budget was her expected deal until the won deal
    // paid; the later deal of a paying client is a note, not a deal.
    assert!(olga.get("value_minor").is_none(), "{olga}");
    let notes = olga["notes"].as_str().expect("notes");
    assert!(
        notes.contains("Value: 75 000") && notes.contains("Owner: Ирина Ответственная"),
        "{notes}"
    );
    assert!(
        semen["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Value: 30 000")),
        "a lost deal's budget is kept readable: {semen}"
    );
    assert!(semen.get("value_minor").is_none(), "{semen}");
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
    assert!(out.starts_with("1 row: 1 new"), "{out}");
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

/// Bitrix24's contacts in Russian: both e-mails kept (the second in the
/// note), and what the note says of a field it could not place — the
/// responsible person the base does not know, a lost deal's value — in the
/// importer's language.
#[test]
fn what_a_russian_import_keeps_in_the_note_is_said_in_russian() {
    let k = Env::new();
    let text = "Имя;Фамилия;Рабочий телефон;Рабочий e-mail;Частный e-mail;Компания;\
                Ответственный;Стадия сделки;Сумма\n\
                Иван;Петров;+7 495 123-45-67;ivan@firma.ru;ivan@mail.ru;ООО Фирма;\
                Мария Иванова;Сделка провалена;30000\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let file = k.file("contacts.csv", &bytes);
    k.ok(&["import", &file, "--lang", "ru"]);
    let ivan = client_named(&k, "Иван Петров");
    assert_eq!(ivan["email"], "ivan@firma.ru", "{ivan}");
    assert_eq!(
        ivan["notes"], "E-mail: ivan@mail.ru\nСумма сделки: 30000\nОтветственный: Мария Иванова",
        "{ivan}"
    );
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
        out.contains("4 rows: 2 new, 2 merged, 0 skipped, 1 order"),
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

/// Bitrix24's "Export to Excel" is a web page's table named `.xls`: it
/// comes in as the same export in CSV would, its stages placed (a failed
/// deal and a junk lead lost, a qualified lead at the hunter's).
#[test]
fn a_bitrix24_excel_export_that_is_a_web_page_comes_in() {
    let k = Env::new();
    let page = k.dir().join("LEAD_20261206.xls");
    let row = |cells: &[&str]| {
        let tds: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
        format!("<tr>{tds}</tr>\n")
    };
    let mut html = String::from(
        "<meta http-equiv=\"Content-type\" content=\"text/html;charset=utf-8\" />\n\
         <table border=\"1\">\n<tr><th>ID</th><th>Название лида</th><th>Имя</th><th>Фамилия</th>\
         <th>Рабочий телефон</th><th>Рабочий e-mail</th><th>Стадия</th><th>Комментарий</th></tr>\n",
    );
    for cells in [
        [
            "11",
            "Сайт",
            "Иван",
            "Петров",
            "+7 (916) 123-45-67",
            "ivan@example.ru",
            "Не обработан",
            "перезвонить<br>после&nbsp;18",
        ],
        [
            "12",
            "Звонок",
            "Анна",
            "Смирнова",
            "8 495 765-43-21",
            "",
            "Качественный лид",
            "",
        ],
        [
            "13",
            "Выставка",
            "Олег",
            "Иванов",
            "",
            "oleg@example.ru",
            "Некачественный лид",
            "",
        ],
        [
            "14",
            "Сделка &laquo;Окна&raquo;",
            "Мария",
            "Козлова",
            "+7 903 000-11-22",
            "",
            "Сделка провалена",
            "",
        ],
    ] {
        html.push_str(&row(&cells));
    }
    html.push_str("</table>\n");
    std::fs::write(&page, html).expect("write");
    let out = k.ok(&["import", page.to_str().expect("path")]);
    assert!(
        out.starts_with("4 rows: 4 new, 0 merged, 0 skipped"),
        "{out}"
    );
    let ivan = client_named(&k, "Иван Петров");
    assert_eq!(
        (&ivan["phone"], &ivan["email"], &ivan["stage"]),
        (
            &"+79161234567".into(),
            &"ivan@example.ru".into(),
            &"telemarketer".into()
        )
    );
    let notes = ivan["notes"].as_str().expect("notes");
    assert!(notes.starts_with("перезвонить\nпосле 18\n"), "{notes}");
    assert_eq!(client_named(&k, "Анна Смирнова")["stage"], "hunter");
    for lost in ["Олег Иванов", "Мария Козлова"] {
        assert_eq!(client_named(&k, lost)["status"], "lost", "{lost}");
    }
    // A tab-separated file named .xls is read as the text it is.
    let k = Env::new();
    let text = k.dir().join("contacts.xls");
    std::fs::write(&text, "Имя\tТелефон\nОльга\t+7 916 555-44-33\n").expect("write");
    let out = k.ok(&["import", text.to_str().expect("path")]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    assert_eq!(client_named(&k, "Ольга")["phone"], "+79165554433");
}

/// A deal's currency column (Bitrix24's `Валюта`, Pipedrive's `Deal -
/// Currency`) is the currency of its amounts; one nobody knows is said,
/// and the import's currency taken; an amount written in another currency
/// than its column's is said, and the column's taken.
#[test]
fn a_deals_currency_column_is_the_currency_of_its_amounts() {
    let k = Env::new();
    let file = k.dir().join("deals.csv");
    std::fs::write(
        &file,
        "Name;Сумма;Валюта;Стадия сделки\n\
         Dollar;100;USD;Сделка успешна\n\
         Rouble;200;руб.;Переговоры\n\
         Unknown;300;euros;Переговоры\n\
         None given;400;;Переговоры\n\
         Said twice;$500;EUR;Переговоры\n",
    )
    .expect("write");
    let out = k.ok(&["import", file.to_str().expect("path")]);
    assert!(
        out.contains(
            "line 4: currency 'euros' is not one konveyer reads — its amounts are taken as RUB"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "line 6: amount '$500' is written in USD, but the currency column says EUR — taken as EUR"
        ),
        "{out}"
    );
    let twice = client_named(&k, "Said twice")["id"].to_string();
    let twice = k.json(&["show", &twice, "--json"]);
    assert_eq!(
        (&twice["value_minor"], &twice["value_currency"]),
        (&50000.into(), &"EUR".into())
    );
    // The dollar payment is not this week's revenue in roubles.
    assert!(out.contains("this week's revenue from them: ₽0"), "{out}");
    let shown = |name: &str| {
        let id = client_named(&k, name)["id"].to_string();
        k.json(&["show", &id, "--json"])
    };
    let dollar = shown("Dollar");
    assert_eq!(
        (
            &dollar["orders"][0]["amount_minor"],
            &dollar["orders"][0]["currency"]
        ),
        (&10000.into(), &"USD".into())
    );
    for (name, minor) in [("Rouble", 20000), ("Unknown", 30000), ("None given", 40000)] {
        let deal = shown(name);
        assert_eq!(
            (&deal["value_minor"], &deal["value_currency"]),
            (&minor.into(), &"RUB".into()),
            "{name}"
        );
    }
}
