//! The CSV reader: separators, headers, cells.

use super::super::headers::{field_of, fields_of};
use super::*;

#[test]
fn the_separator_is_the_one_the_header_uses() {
    assert_eq!(sniff_delimiter("Имя;Телефон;\"a,b\"\n1;2;3"), b';');
    assert_eq!(sniff_delimiter("name\tphone\n"), b'\t');
    assert_eq!(sniff_delimiter("name,phone;x\n"), b',');
    // A tie: the next line says which.
    assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\nАнна;150\n"), b';');
    assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\nАнна,150\n"), b',');
    assert_eq!(sniff_delimiter("Имя;Бюджет, руб.\n"), b',');
    assert_eq!(
        sniff_delimiter("\"a;b\",c\n"),
        b',',
        "a quoted ; does not count"
    );
}

/// Several phones or e-mails in one cell are each kept; a number with
/// its extension after a comma is one number.
#[test]
fn several_phones_and_emails_in_one_cell() {
    let leads = read(
        "Name,Phone,Email\n\
         Anna,\"+7 916 111-22-33, +7 495 444-55-66\",\"a@x.ru, b@y.ru\"\n\
         Boris,8 916 222-33-44 ::: 8 916 222-33-45,b@x.ru b2@x.ru;b3@x.ru\n\
         Vera,\"8 495 123-45-67, доб. 12\",\"Vera V. <vera@x.ru>\"\n\
         Gleb,,no address\n\
         Dina,,MAILTO:dina@x.ru\n",
        None,
    )
    .expect("leads");
    let got: Vec<(Vec<String>, Vec<String>)> =
        leads.into_iter().map(|l| (l.phones, l.emails)).collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            (
                strings(&["+7 916 111-22-33", "+7 495 444-55-66"]),
                strings(&["a@x.ru", "b@y.ru"])
            ),
            (
                strings(&["8 916 222-33-44", "8 916 222-33-45"]),
                strings(&["b@x.ru", "b2@x.ru", "b3@x.ru"])
            ),
            (
                strings(&["8 495 123-45-67, доб. 12"]),
                strings(&["vera@x.ru"])
            ),
            (vec![], strings(&["no address"])),
            (vec![], strings(&["dina@x.ru"])),
        ]
    );
}

/// A name cell that carries an address after the name (HubSpot's
/// associated contact, a mail client's `Name <address>`) is the name and
/// an e-mail, after the row's own; brackets that hold anything else stay
/// in the name.
#[test]
fn a_name_with_its_address_in_brackets() {
    let leads = read(
        "Associated Contact,Email\n\
         Hans Weber (hans@acme.de),\n\
         \"\"\"Anna K.\"\" <anna@x.ru>\",a@office.ru\n\
         Ирина (бухгалтер),\n\
         ООО Ромашка (Москва),\n\
         (solo@x.ru),\n\
         Boris (b@x.ru),b@x.ru\n\
         \"A <a@x.ru>, B <b@x.ru>\",\n",
        None,
    )
    .expect("leads");
    let got: Vec<(Option<String>, Vec<String>)> =
        leads.into_iter().map(|l| (l.name, l.emails)).collect();
    let one = |name: &str, emails: &[&str]| {
        let emails = emails.iter().map(|e| e.to_string()).collect();
        (Some(name.to_string()), emails)
    };
    assert_eq!(
        got,
        [
            one("Hans Weber", &["hans@acme.de"]),
            one("Anna K.", &["a@office.ru", "anna@x.ru"]),
            one("Ирина (бухгалтер)", &[]),
            one("ООО Ромашка (Москва)", &[]),
            one("(solo@x.ru)", &[]),
            one("Boris", &["b@x.ru"]),
            one("A <a@x.ru>, B <b@x.ru>", &[]),
        ]
    );
}

#[test]
fn russian_headers_first_and_last_names_and_unknown_columns() {
    let text = "Фамилия;Имя;Отчество;Мобильный телефон;Должность;Компания\n\
                Иванов;Иван;Иванович;8 (999) 123-45-67;директор;ООО Ромашка\n";
    let leads = read(text, None).expect("leads");
    assert_eq!(leads.len(), 1);
    let l = &leads[0];
    assert_eq!(l.name.as_deref(), Some("Иванов Иван Иванович"));
    assert_eq!(l.phones, ["8 (999) 123-45-67"]);
    assert_eq!(l.company.as_deref(), Some("ООО Ромашка"));
    assert_eq!(l.extra, [("Должность".to_string(), "директор".to_string())]);
    assert_eq!(l.row, 2);
    let en = read("First Name,Last Name,Primary Email\nJohn,Doe,j@d.x\n", None).expect("en");
    assert_eq!(en[0].name.as_deref(), Some("John Doe"));
    let alone = read("Имя,Телефон\nАнна Петрова,+7 999\n", None).expect("имя");
    assert_eq!(alone[0].name.as_deref(), Some("Анна Петрова"));
}

#[test]
fn rows_are_lines_whatever_the_line_ends_and_quotes() {
    let crlf = "name,note\r\nAnna,\"two\r\nlines\"\r\nBoris,x\r\n";
    let rows: Vec<usize> = read(crlf, None)
        .expect("leads")
        .iter()
        .map(|l| l.row)
        .collect();
    assert_eq!(rows, [2, 4]);
}

/// A report saved as CSV: its title's lines are left out, and a row
/// is still numbered by its line in the file.
#[test]
fn a_header_below_a_title_is_found() {
    let text =
        "Контрагенты;;\n;;\nНаименование;ИНН;Телефон\nООО «Ромашка»;7701234567;8 916 123-45-67\n";
    let leads = read(text, None).expect("read");
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].company.as_deref(), Some("ООО «Ромашка»"));
    assert_eq!(leads[0].row, 4);
    // A first line of columns is the header, whatever a line below says.
    let text = "Кто,Тип,Телефон\nАнна,Клиент,8 916 123-45-67\n";
    assert!(matches!(read(text, None), Err(ReadError::NoNameColumn(_))));
}

#[test]
fn a_file_without_a_name_column_is_refused() {
    assert!(matches!(
        read("a,b\n1,2\n", None),
        Err(ReadError::NoNameColumn(_))
    ));
    assert!(matches!(read("  \n", None), Err(ReadError::Empty)));
    assert_eq!(read("name,phone\n", None).expect("header only").len(), 0);
    // A list of companies: each is its client's name too.
    let companies = read("Компания;Телефон\nООО Ромашка;8 916 123-45-67\n", None);
    assert_eq!(companies.expect("a company column").len(), 1);
}

#[test]
fn the_currency_a_header_names() {
    for (header, rest, code) in [
        ("Amount (USD)", "Amount", "USD"),
        ("Сумма [₽]", "Сумма", "RUB"),
        ("Бюджет, руб.", "Бюджет", "RUB"),
        ("Бюджет ₽", "Бюджет", "RUB"),
        ("Deal value $", "Deal value", "USD"),
    ] {
        assert_eq!(
            currency_in(header),
            Some((rest.to_string(), code.to_string())),
            "{header}"
        );
    }
    for none in [
        "Бюджет",
        "Телефон (контакт)",
        "Deal - Value",
        "Сумма, без НДС",
    ] {
        assert_eq!(currency_in(none), None, "{none}");
    }
    // Only a value's header: a phone's currency is no phone.
    assert_eq!(field_of("Телефон USD", &[]), None);
    // Beside a scale, which the amounts are counted in.
    for (header, scale) in [
        ("Сумма, тыс. руб.", Some(1_000)),
        ("Amount (USD thousands)", Some(1_000)),
        ("Бюджет (млн руб.)", Some(1_000_000)),
        ("Бюджет, руб.", None),
    ] {
        assert_eq!(scale_in(header), scale, "{header}");
        let code = currency_in(header).map(|(_, code)| code);
        assert!(code.is_some(), "{header}");
    }
}

#[test]
fn headers_as_crms_write_them() {
    for (header, field) in [
        ("Бюджет ", Field::Value),
        ("Рабочий телефон (контакт)", Field::Phone),
        ("Мобильный телефон (контакт)", Field::Phone),
        ("Рабочий email (контакт)", Field::Email),
        ("Полное имя контакта", Field::Name),
        ("Компания контакта", Field::Company),
        ("Дата создания сделки", Field::Created),
        ("Дата закрытия", Field::Closed),
        ("Ответственный", Field::Owner),
        ("Стадия сделки", Field::Stage),
        ("Рабочий e-mail", Field::Email),
        ("Person - Name", Field::Name),
        ("Deal - Value", Field::Value),
        ("Organization - Name", Field::Company),
        ("Deal - Status", Field::Status),
        ("Create Date", Field::Created),
        ("CLOSEDATE", Field::Closed),
        ("Deal - Lost time", Field::Closed),
        ("Deal - Deal closed on", Field::Closed),
        ("Associated Contact", Field::Name),
        ("Associated Company", Field::Company),
        ("Closed Lost Reason", Field::LostReason),
        ("Closing Date", Field::Closed),
        // Pipedrive's people: a phone and an e-mail per kind.
        ("Person - Phone - Mobile", Field::Phone),
        ("Person - Phone - Work", Field::Phone),
        ("Person - Email - Home", Field::Email),
        ("Person - Organization", Field::Company),
        ("Person - First name", Field::First),
        ("Person - Labels", Field::Tags),
        ("Created Time", Field::Created),
        ("Lead_Source", Field::Source),
        ("\u{feff}\"Ф.И.О.\"", Field::Name),
        // Google Contacts, then its older export, then Outlook.
        ("Phone 1 - Value", Field::Phone),
        ("Phone 2 - Label", Field::Skip),
        ("E-mail 1 - Value", Field::Email),
        ("E-mail 1 - Type", Field::Skip),
        ("Organization Name", Field::Company),
        ("Organization 1 - Name", Field::Company),
        ("Additional Name", Field::Middle),
        ("E-mail Address", Field::Email),
        ("E-mail 2 Address", Field::Email),
        ("Business Phone 2", Field::Phone),
        ("Адрес эл. почты", Field::Email),
        ("Телефон 1 - Значение", Field::Phone),
        // A value whose header names its currency.
        ("Бюджет, руб.", Field::Value),
        ("Бюджет ₽", Field::Value),
        ("Amount (USD)", Field::Value),
        ("Deal value EUR", Field::Value),
        // A CRM's next task: when, and what.
        ("Deal - Next activity date", Field::Next),
        ("Next Activity Date", Field::Next),
        ("Ближайшая задача", Field::Next),
        ("Next Step", Field::NextText),
        ("Дата следующего звонка", Field::Next),
        ("Дата последнего звонка", Field::LastCall),
        ("Last call date", Field::LastCall),
        // When the client came to its station.
        ("stage_since", Field::StageSince),
        ("Deal - Last stage change", Field::StageSince),
        ("Дата перехода на этап", Field::StageSince),
        // HubSpot's contacts.
        ("Mobile Phone Number", Field::Phone),
    ] {
        assert_eq!(field_of(header, &[]), Some(field), "{header}");
    }
    // A number does not make a header known: these stay in the note.
    // «Дата звонка» may be a call made or one to make.
    for unknown in [
        "Organization 1 - Title",
        "Address 1 - Street",
        "1 - Value",
        "Дата звонка",
    ] {
        assert_eq!(field_of(unknown, &[]), None, "{unknown}");
    }
    let map = [map_entry("Кто такой=name").unwrap()];
    assert_eq!(field_of(" кто  ТАКОЙ ", &map), Some(Field::Name));
    assert_eq!(
        field_of("Бюджет", &[map_entry("бюджет=skip").unwrap()]),
        Some(Field::Skip)
    );
    assert!(matches!(map_entry("Кто"), Err(ReadError::BadMap(_))));
    assert!(matches!(map_entry("=name"), Err(ReadError::BadMap(_))));
    assert!(matches!(map_entry("Кто=who"), Err(ReadError::BadMap(_))));
    // A link's `utm_source` is the source with no column that says it,
    // else a note's line.
    let headers = |hs: &[&str]| hs.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    let alone = fields_of(&headers(&["Имя", "utm_source"]), &[]);
    assert_eq!(alone[1], Some(Field::Source));
    let beside = fields_of(&headers(&["Имя", "UTM Source", "Источник"]), &[]);
    assert_eq!(beside[1..], [None, Some(Field::Source)]);
    let hubspot = fields_of(&headers(&["First Name", "Original Source"]), &[]);
    assert_eq!(hubspot[1], Some(Field::Source));
}

/// A date that could be read either way met after a thousand rows of
/// other dates: refused as it is read where guesses are refused (the
/// command line), guessed and noted on the lead elsewhere (the board).
#[test]
fn a_late_date_that_reads_either_way_is_refused_or_noted() {
    let mut text = String::from("Name,Created\n");
    for i in 0..1005 {
        text.push_str(&format!("A{i},2026-01-01\n"));
    }
    text.push_str("Z,05/11/2026\n");
    let refusing = reader(&text, None, &[])
        .and_then(Reader::refusing_guessed_dates)
        .expect("the first thousand rows say nothing");
    let refused: Result<Vec<Lead>, ReadError> = refusing.collect();
    assert_eq!(refused, Err(ReadError::DateOrder("05/11/2026".into())));
    let leads = read(&text, None).expect("read");
    let last = leads.last().expect("a lead");
    assert_eq!(last.created.as_deref(), Some("2026-05-11"));
    assert_eq!(last.guessed_date.as_deref(), Some("05/11/2026"));
    // Said by a later row, the order is no guess either way.
    let said = format!("{text}Y,25/11/2026\n");
    let refusing = reader(&said, None, &[]).and_then(Reader::refusing_guessed_dates);
    let leads: Vec<Lead> = refusing
        .expect("said")
        .collect::<Result<_, _>>()
        .expect("read");
    let z = &leads[leads.len() - 2];
    assert_eq!(
        (z.created.as_deref(), z.guessed_date.as_deref()),
        (Some("2026-11-05"), None)
    );
}
