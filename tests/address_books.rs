//! End-to-end: a founder's address book comes in — a phone's vCards,
//! Google Contacts' and Outlook's CSV — each contact a client, every
//! number and address kept (README: Import).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::{Env, TEST_DATA, client_named};

#[test]
fn phone_address_books_come_in_as_vcards() {
    let k = Env::new();
    let vcf = |f: &str| format!("{TEST_DATA}/vcf/{f}");
    let out = k.ok(&["import", &vcf("kcontacts_vcard9_cyrillic_fold.vcf")]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let card = k.json(&["show", "1", "--json"]);
    assert_eq!(
        card["notes"],
        "Длинный комментарий на русском языке, чтобы в результате получилась строка более 70 символов.",
        "a fold inside a letter, unfolded before decoding"
    );
    let out = k.ok(&["import", &vcf("ezvcard_John_Doe_IPHONE.vcf")]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let john = k.json(&["show", "2", "--json"]);
    assert_eq!(john["name"], "Mr. John Richter James Doe Sr.");
    assert_eq!(john["company"], "IBM, Accounting");
    let others = john["other_phones"].as_str().expect("other numbers");
    assert_eq!(
        others.split(", ").count(),
        6,
        "every number kept, the first dialled and six others: {others}"
    );
    let notes = john["notes"].as_str().unwrap_or_default();
    assert!(!notes.contains("Phone: "), "no number in the note: {notes}");
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
        String::from_utf8_lossy(&out.stdout).starts_with("1 row: 1 new"),
        "{out:?}"
    );
}

/// A founder's address book comes in as Google Contacts and Outlook export
/// it: numbered columns (`Phone 1 - Value`, `E-mail 2 Address`), several
/// numbers in one cell " ::: " apart, the labels ("Mobile") left out.
#[test]
fn google_contacts_and_outlook_address_books_come_in_without_a_map() {
    let k = Env::new();
    let google = k.dir().join("contacts.csv");
    std::fs::write(
        &google,
        "First Name,Middle Name,Last Name,Nickname,Organization Name,Organization Title,Notes,\
         Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,\
         Phone 2 - Label,Phone 2 - Value\n\
         Ирина,,Волкова,,ООО Вектор,Директор,met at the fair,* myContacts,* Work,\
         irina@vector.ru,Mobile,+7 916 111-22-33 ::: +7 495 444-55-66,Work,+7 812 312-45-67\n",
    )
    .expect("write");
    let out = k.ok(&["import", google.to_str().expect("path")]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let irina = client_named(&k, "Ирина Волкова");
    assert_eq!(irina["phone"], "+79161112233");
    assert_eq!(irina["email"], "irina@vector.ru");
    assert_eq!(irina["company"], "ООО Вектор");
    assert_eq!(irina["other_phones"], "+74954445566, +78123124567");
    let notes = irina["notes"].as_str().expect("notes");
    for kept in ["met at the fair", "Organization Title: Директор"] {
        assert!(notes.contains(kept), "{kept}: {notes}");
    }
    assert!(
        !notes.contains("Phone: +7"),
        "the numbers are numbers: {notes}"
    );
    assert!(!notes.contains("Mobile"), "labels left out: {notes}");
    let outlook = k.dir().join("outlook.csv");
    std::fs::write(
        &outlook,
        "\"First Name\",\"Last Name\",\"E-mail Address\",\"E-mail 2 Address\",\"Business Phone\",\
         \"Business Phone 2\",\"Company\",\"Job Title\",\"Categories\"\n\
         \"Paul\",\"Stone\",\"paul@stone.example\",\"p.stone@mail.example\",\"+44 20 7946 0018\",\
         \"\",\"Stone Ltd\",\"CEO\",\"clients\"\n",
    )
    .expect("write");
    let out = k.ok(&["import", outlook.to_str().expect("path")]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let paul = client_named(&k, "Paul Stone");
    assert_eq!(paul["phone"], "+442079460018");
    assert_eq!(paul["email"], "paul@stone.example");
    assert_eq!(paul["tags"], "clients");
    let notes = paul["notes"].as_str().expect("notes");
    assert!(
        notes.contains("E-mail: p.stone@mail.example") && notes.contains("Job Title: CEO"),
        "{notes}"
    );
}

/// A list of companies (a B2B base, as 1C lists its counterparties: no
/// person's name at all) comes in, each client named by its company;
/// before, the file was refused for want of a name column while the
/// message offered Company as one.
#[test]
fn a_list_of_companies_comes_in_named_by_company() {
    let k = Env::new();
    let file = k.dir().join("companies.csv");
    std::fs::write(
        &file,
        "Наименование;Полное наименование;ИНН;Телефон;Адрес электронной почты;Сумма\n\
         ООО «Ромашка»;Общество «Ромашка»;7701234567;8 916 123-45-67;info@romashka.ru;2 доллара\n\
         ИП Петров;ИП Петров;771234567890;+7 916 765 43 21;;\n",
    )
    .expect("write");
    k.ok(&["import", file.to_str().expect("path")]);
    let listed = k.json(&["list", "--json"]);
    let mut names: Vec<(&str, &str)> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["company"].as_str().unwrap()))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            ("ИП Петров", "ИП Петров"),
            ("ООО «Ромашка»", "ООО «Ромашка»")
        ]
    );
    let romashka = client_named(&k, "ООО «Ромашка»");
    assert_eq!(
        (&romashka["value_minor"], &romashka["value_currency"]),
        (&200.into(), &"USD".into())
    );
    assert_eq!(romashka["email"], "info@romashka.ru");
    let id = romashka["id"].to_string();
    let shown = k.json(&["show", &id, "--json"]);
    // What no field holds is in the note; so is a second column of a
    // field already set, when it says something else.
    let notes = shown["notes"].as_str().unwrap_or_default();
    assert!(notes.contains("ИНН: 7701234567"), "{shown}");
    assert!(
        notes.contains("Полное наименование: Общество «Ромашка»"),
        "{shown}"
    );
    let petrov = client_named(&k, "ИП Петров")["id"].to_string();
    let notes = k.json(&["show", &petrov, "--json"])["notes"].clone();
    assert!(
        !notes.to_string().contains("Полное наименование"),
        "{notes}"
    );
}

/// A list with no phone or e-mail (1C's counterparties as they often
/// are, people and their companies) imported twice is not doubled: a row
/// with neither is the client of the same name and company that has
/// neither. One with a phone, or the same name at another company, is
/// another; a name with no company is no key (anyone's, or a deal's
/// title).
#[test]
fn a_list_without_phones_or_emails_imported_again_is_not_doubled() {
    let k = Env::new();
    let file = k.dir().join("counterparties.csv");
    std::fs::write(
        &file,
        "Наименование;ИНН;Адрес\n\
         ООО «Ромашка»;7701234567;Москва\n\
         ИП Петров;500100732259;Химки\n\
         ООО «Ромашка»;7701234567;Москва\n",
    )
    .expect("write");
    let file = file.to_str().expect("path");
    let first = k.ok(&["import", file]);
    assert!(first.starts_with("3 rows: 2 new, 1 merged"), "{first}");
    assert!(
        first.contains(
            "line 4: merged into #1 ООО «Ромашка» (same name, no phone or e-mail, added from this file)"
        ),
        "{first}"
    );
    let again = k.ok(&["import", file, "--lang", "ru"]);
    assert!(
        again.starts_with("строк 3: новых 0, объединено 3"),
        "{again}"
    );
    assert!(
        again.contains("(то же имя, без телефона и e-mail)"),
        "{again}"
    );
    let count = |k: &Env| k.json(&["list", "--json"]).as_array().map(Vec::len);
    assert_eq!(count(&k), Some(2));
    let other = k.dir().join("others.csv");
    std::fs::write(
        &other,
        "Имя;Компания;Телефон\n\
         ИП Петров;;+7 916 765 43 21\n\
         ИП Петров;ООО Другая;\n\
         Вера;;\n",
    )
    .expect("write");
    let other = other.to_str().expect("path");
    let out = k.ok(&["import", other]);
    assert!(out.starts_with("3 rows: 3 new"), "{out}");
    let out = k.ok(&["import", other]);
    assert!(out.starts_with("3 rows: 1 new, 2 merged"), "{out}");
    assert!(
        out.contains("line 3: merged into #4 ИП Петров (same name, no phone or e-mail)"),
        "{out}"
    );
}

/// A list saved to Excel as reports are: a title and a date above the
/// header. The header is found below them.
#[test]
fn a_spreadsheet_with_a_title_above_its_header_comes_in() {
    use rust_xlsxwriter::Workbook;
    let k = Env::new();
    let path = k.dir().join("контрагенты.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let cells: [&[&str]; 4] = [
        &["Контрагенты"],
        &["Сформирован 06.12.2026"],
        &["Наименование", "Телефон", "Адрес электронной почты"],
        &["ООО «Ландыш»", "8 903 555-11-22", "zakaz@landysh.ru"],
    ];
    // A blank row between the title and the header, as reports have.
    for (r, row) in cells.iter().enumerate() {
        let r = if r >= 2 { r + 1 } else { r };
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    book.save(&path).expect("save");
    k.ok(&["import", path.to_str().expect("path")]);
    let landysh = client_named(&k, "ООО «Ландыш»");
    assert_eq!(landysh["phone"], "+79035551122", "{landysh}");
    assert_eq!(landysh["email"], "zakaz@landysh.ru", "{landysh}");
}

/// A workbook as people keep one: a sheet of instructions first, the
/// clients on the second, an archive on the third, an empty sheet last.
fn kept_workbook(path: &std::path::Path, with_clients: bool) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let mut sheet = |name: &str, rows: &[&[&str]]| {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *text).expect("cell");
            }
        }
    };
    sheet(
        "Инструкция",
        &[&["Как вести таблицу"], &["Новых клиентов — в конец списка"]],
    );
    let header: &[&str] = match with_clients {
        true => &["ФИО", "Телефон"],
        false => &["Кто", "Телефон"],
    };
    sheet(
        "Клиенты",
        &[
            header,
            &["Иванов Иван", "+7 916 123-45-67"],
            &["Петрова Анна", "8 903 765-43-21"],
        ],
    );
    sheet("Архив", &[header, &["Сидоров Пётр", "+7 926 000-11-22"]]);
    sheet("Лист4", &[]);
    book.save(path).expect("save");
}

/// The first sheet that lists clients is read, not the instructions before
/// it, and the import says which sheet it read and which it did not;
/// `--sheet` reads another. A workbook none of whose sheets names clients
/// is refused with its sheets named, nothing written.
#[test]
fn a_workbooks_sheet_of_clients_is_found_and_named() {
    let k = Env::new();
    let path = k.dir().join("база.xlsx");
    kept_workbook(&path, true);
    let file = path.to_str().expect("path");
    let out = k.ok(&["import", file]);
    assert!(
        out.contains("Read the sheet \"Клиенты\"; not read: Инструкция, Архив — --sheet NAME"),
        "{out}"
    );
    assert!(out.contains("2 rows: 2 new"), "{out}");
    assert_eq!(client_named(&k, "Петрова Анна")["phone"], "+79037654321");
    let list = k.json(&["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    // As JSON, beside the report.
    let said = k.json(&["import", file, "--dry-run", "--json"]);
    assert_eq!(said["sheet"]["read"], "Клиенты", "{said}");
    assert_eq!(
        said["sheet"]["others"],
        serde_json::json!(["Инструкция", "Архив"])
    );
    assert_eq!(said["rows"], 2, "{said}");
    // The archive, named, is read without a word about the others.
    let out = k.ok(&["import", file, "--sheet", "архив", "--lang", "ru"]);
    assert!(!out.contains("Прочитан лист"), "{out}");
    assert!(out.contains("строк 1: новых 1"), "{out}");

    let none = k.dir().join("без имён.xlsx");
    kept_workbook(&none, false);
    let db = k.dir().join("other.db");
    let mut cmd = k.std_cmd(&["import", none.to_str().expect("path")]);
    let out = cmd.arg("--db").arg(&db).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "none of its sheets has a column of names (sheets: Инструкция, Клиенты, Архив)"
        ),
        "{err}"
    );
    assert!(!db.exists(), "a refused import made {db:?}");
    // A map that names a sheet's column finds that sheet.
    let out = k.ok(&[
        "import",
        none.to_str().expect("path"),
        "--map",
        "Кто=name",
        "--dry-run",
    ]);
    assert!(out.contains("Read the sheet \"Клиенты\""), "{out}");
}

/// An office's phone (a fixed line), shared by the people who work there:
/// a row that names another person is a client of its own, and said so,
/// not merged into the first; the same file imported again merges each
/// row into its own client; a row that names one of them by a word of the
/// name goes to that one, and a name in another alphabet (`Ivan Ivanov`)
/// is still merged. A mobile is a person's: merged whatever the name.
#[test]
fn people_who_share_an_office_phone_stay_apart() {
    let k = Env::new();
    let path = k.dir().join("офис.csv");
    std::fs::write(
        &path,
        "ФИО;Компания;Телефон;Email\n\
         Иванов Иван;ООО Ромашка;+7 495 111-22-33;ivan@romashka.ru\n\
         Козлова Мария;ООО Ромашка;8 495 111 22 33;maria@romashka.ru\n\
         Петров Пётр;ИП Петров;+74951112233;\n\
         Иванов И.;;+7 495 111-22-33;\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let out = k.ok(&["import", file]);
    assert!(out.starts_with("4 rows: 3 new, 1 merged"), "{out}");
    assert!(
        out.contains("line 3: added as a client of their own — the office line of #1 Иванов Иван, another name"),
        "{out}"
    );
    assert!(
        out.contains("line 4: added as a client of their own — the office line of #1"),
        "{out}"
    );
    assert!(out.contains("line 5: merged into #1 Иванов Иван"), "{out}");
    let maria = client_named(&k, "Козлова Мария");
    assert_eq!(maria["email"], "maria@romashka.ru");
    assert_eq!(maria["phone"], "+74951112233");
    assert_eq!(client_named(&k, "Петров Пётр")["company"], "ИП Петров");
    let again = k.ok(&["import", file, "--lang", "ru"]);
    assert!(
        again.starts_with("строк 4: новых 0, объединено 4"),
        "{again}"
    );
    assert!(
        again.contains("строка 3: объединена с №2 Козлова Мария"),
        "{again}"
    );
    assert!(
        again.contains("строка 4: объединена с №3 Петров Пётр"),
        "{again}"
    );
    let other = k.dir().join("ещё.csv");
    std::fs::write(
        &other,
        "Name,Phone\nKozlova M.,+7 495 111-22-33\nПетров,+7 495 111-22-33\nIvan Ivanov,+7 495 111-22-33\n",
    )
    .unwrap();
    let out = k.ok(&["import", other.to_str().unwrap()]);
    assert!(out.contains("line 2: merged into #1 Иванов Иван"), "{out}");
    assert!(out.contains("line 3: merged into #3 Петров Пётр"), "{out}");
    assert!(out.contains("line 4: merged into #1 Иванов Иван"), "{out}");
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(3)
    );
}
