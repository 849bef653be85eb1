//! End-to-end: lists of deals and contacts as HubSpot, Pipedrive and Zoho
//! export them — each stage at the station that does its work, and a
//! list of deals alone named by the deals' titles; a founder's own list,
//! its statuses, last calls and next ones.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::{Env, client_named};

fn imported(k: &Env, name: &str, text: &str) -> String {
    let path = k.dir().join(name);
    std::fs::write(&path, text).unwrap();
    k.ok(&["import", path.to_str().unwrap()])
}

/// Where a client is: its station, and whether it is lost.
fn place(k: &Env, name: &str) -> (String, String) {
    let c = client_named(k, name);
    (
        c["stage"].as_str().unwrap().to_string(),
        c["status"].as_str().unwrap().to_string(),
    )
}

fn at(stage: &str) -> (String, String) {
    (stage.to_string(), "active".to_string())
}

/// HubSpot's deals: no column names the client but the deal's name; its
/// pipeline's stages are the hunter's work, a won deal a payment at the
/// farmer, a lost one lost.
#[test]
fn a_hubspot_list_of_deals_comes_in_named_by_its_deals() {
    let k = Env::new();
    let out = imported(
        &k,
        "hubspot-deals.csv",
        "Deal Name,Deal Stage,Amount,Close Date,Create Date,Pipeline\n\
         Acme renewal,Appointment Scheduled,1200,2026-12-20,2026-10-01 10:00,Sales Pipeline\n\
         Globex,Qualified To Buy,900,2026-12-21,2026-10-02 10:00,Sales Pipeline\n\
         Initech,Contract Sent,600,2026-12-24,2026-10-05 10:00,Sales Pipeline\n\
         Stark,Closed Won,500,2026-11-10,2026-10-06 10:00,Sales Pipeline\n\
         Wayne,Closed Lost,400,2026-11-11,2026-10-07 10:00,Sales Pipeline\n",
    );
    assert!(out.starts_with("5 rows: 5 new"), "{out}");
    assert!(!out.contains("not known"), "{out}");
    for name in ["Acme renewal", "Globex", "Initech"] {
        assert_eq!(place(&k, name), at("hunter"), "{name}");
    }
    assert_eq!(client_named(&k, "Acme renewal")["value_minor"], 120_000);
    assert_eq!(
        client_named(&k, "Acme renewal")["expected_on"],
        "2026-12-20"
    );
    assert_eq!(place(&k, "Stark"), at("farmer"));
    assert_eq!(place(&k, "Wayne").1, "lost");
    // Beside a column that names the client, a deal's name is a note.
    let out = imported(
        &k,
        "with-contact.csv",
        "Deal Name,Contact Name,Deal Stage\nBig order,Olga Petrova,Presentation Scheduled\n",
    );
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let olga = client_named(&k, "Olga Petrova");
    assert_eq!(olga["notes"], "Deal Name: Big order");
    assert_eq!(place(&k, "Olga Petrova"), at("hunter"));
}

/// Pipedrive's default pipeline and its deal's organisation and person;
/// HubSpot's contacts by their lifecycle stage; Zoho's and HubSpot's lead
/// statuses that end a lead.
#[test]
fn pipedrive_and_hubspot_stages_are_placed_at_their_stations() {
    let k = Env::new();
    let out = imported(
        &k,
        "pipedrive.csv",
        "Deal - Title,Deal - Organization,Deal - Contact person,Deal - Stage,Deal - Value,Deal - Status\n\
         A1 deal,Alpha LLC,Al Alpha,Lead In,100,open\n\
         A2 deal,Beta LLC,Bo Beta,Contact Made,100,open\n\
         A3 deal,Gamma LLC,Gil Gamma,Demo Scheduled,100,open\n\
         A4 deal,Delta LLC,Di Delta,Negotiations Started,100,open\n",
    );
    assert!(!out.contains("not known"), "{out}");
    assert_eq!(place(&k, "Al Alpha"), at("telemarketer"));
    assert_eq!(client_named(&k, "Al Alpha")["company"], "Alpha LLC");
    assert_eq!(place(&k, "Bo Beta"), at("qualifier"));
    assert_eq!(place(&k, "Gil Gamma"), at("hunter"));
    assert_eq!(place(&k, "Di Delta"), at("hunter"));
    let out = imported(
        &k,
        "hubspot-contacts.csv",
        "First Name,Last Name,Email,Lifecycle Stage\n\
         Ann,A,a@x.io,Subscriber\n\
         Cid,C,c@x.io,Marketing Qualified Lead\n\
         Dan,D,d@x.io,Sales Qualified Lead\n\
         Eve,E,e@x.io,Opportunity\n\
         Fay,F,f@x.io,Customer\n\
         Hal,H,h@x.io,Other\n",
    );
    assert!(out.contains("line 7: stage 'Other' not known"), "{out}");
    assert_eq!(place(&k, "Ann A"), at("telemarketer"));
    assert_eq!(place(&k, "Cid C"), at("qualifier"));
    assert_eq!(place(&k, "Dan D"), at("hunter"));
    assert_eq!(place(&k, "Eve E"), at("hunter"));
    assert_eq!(place(&k, "Fay F"), at("farmer"));
    imported(
        &k,
        "zoho-leads.csv",
        "Full Name,Lead Status\nJun Junk,Junk Lead\nUma Unq,Not Qualified\nPam Pre,Pre-Qualified\n",
    );
    assert_eq!(place(&k, "Jun Junk").1, "lost");
    assert_eq!(place(&k, "Uma Unq").1, "lost");
    assert_eq!(place(&k, "Pam Pre"), at("qualifier"));
}

/// Bitrix24's "В работе" is a lead's status and a deal's stage alike: in
/// its leads (a Статус column) a lead being worked on, the qualifier's;
/// in its deals (Стадия сделки) a deal after its prepayment, the
/// hunter's. HubSpot's lead statuses In Progress and Open likewise.
#[test]
fn a_word_that_is_a_leads_status_and_a_deals_stage_is_placed_by_its_column() {
    let k = Env::new();
    let out = imported(
        &k,
        "bitrix24-leads.csv",
        "\u{feff}ID;Название лида;Имя;Фамилия;Статус;Рабочий телефон\n\
         1;Заявка с сайта;Ольга;Новикова;Не обработан;+7 495 000-00-01\n\
         2;Звонок;Игорь;Смирнов;В работе;+7 495 000-00-02\n\
         3;Выставка;Анна;Орлова;Обработан;+7 495 000-00-03\n",
    );
    assert!(out.starts_with("3 rows: 3 new"), "{out}");
    assert!(!out.contains("not known"), "{out}");
    assert_eq!(place(&k, "Ольга Новикова"), at("telemarketer"));
    assert_eq!(place(&k, "Игорь Смирнов"), at("qualifier"));
    assert_eq!(place(&k, "Анна Орлова"), at("qualifier"));
    let out = imported(
        &k,
        "bitrix24-deals.csv",
        "\u{feff}ID;Название;Стадия сделки;Сумма;Контакт;Компания\n\
         7;Поставка;В работе;250000;Пётр Волков;ООО «Лес»\n",
    );
    assert!(!out.contains("not known"), "{out}");
    assert_eq!(place(&k, "Пётр Волков"), at("hunter"));
    let out = imported(
        &k,
        "hubspot-contacts.csv",
        "First Name,Last Name,Lead Status,Phone Number\n\
         Ada,Stone,In Progress,+1 212 555 0141\n\
         Ben,Marsh,Open,+1 212 555 0142\n",
    );
    assert!(!out.contains("not known"), "{out}");
    assert_eq!(place(&k, "Ada Stone"), at("qualifier"));
    assert_eq!(place(&k, "Ben Marsh"), at("telemarketer"));
}

/// amoCRM's deals: a deal won after it was made waited at the hunter
/// until its close, and is the farmer's from then (its days at the
/// farmer, and the week it was handed over in, count from the close); a
/// deal nobody priced (amoCRM writes `0`) is no amount, not a bad one.
#[test]
fn a_deal_won_after_it_was_made_is_handed_to_the_farmer_on_its_close() {
    let k = Env::new();
    let out = imported(
        &k,
        "amocrm.csv",
        "\"ID\",\"Название сделки\",\"Бюджет ₽\",\"Дата создания\",\"Дата закрытия\",\"Этап сделки\",\"Полное имя контакта\",\"Мобильный телефон (контакт)\",\"utm_source\"\n\
         \"1\",\"Поставка\",\"150 000\",\"12.10.2026 14:22:01\",\"20.10.2026 11:00:00\",\"Успешно реализовано\",\"Сергей Орлов\",\"+7 916 555-12-34\",\"yandex\"\n\
         \"2\",\"Сделка #2\",\"0\",\"13.10.2026 09:10:00\",\"21.10.2026 12:00:00\",\"Успешно реализовано\",\"Мария Лебедева\",\"8 903 111 22 33\",\"\"\n\
         \"3\",\"Сделка #3\",\"0\",\"14.10.2026 10:00:00\",\"\",\"Переговоры\",\"Олег Белов\",\"+79031112244\",\"google\"\n\
         \"4\",\"Сделка #4\",\"5000\",\"15.10.2026 10:00:00\",\"\",\"Успешно реализовано\",\"Анна Зуева\",\"+79031112255\",\"\"\n",
    );
    assert!(out.starts_with("4 rows: 4 new"), "{out}");
    assert!(!out.contains("not a number"), "{out}");
    let kinds = |c: &serde_json::Value| -> Vec<(String, String)> {
        let mut entries: Vec<_> = c["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let at = e["at"].as_str().unwrap()[..10].to_string();
                let what = match e["to_stage"].as_str() {
                    Some(to) => format!("{} {to}", e["kind"].as_str().unwrap()),
                    None => e["kind"].as_str().unwrap().to_string(),
                };
                (at, what)
            })
            .collect();
        entries.sort();
        entries
    };
    let show = |name: &str| {
        let id = client_named(&k, name)["id"].to_string();
        k.json(&["show", &id, "--json"])
    };
    let orlov = show("Сергей Орлов");
    assert_eq!(orlov["stage"], "farmer");
    // Where its link came from is its source, with no column that says.
    assert_eq!(orlov["source"], "yandex");
    assert_eq!(orlov["created_at"], "2026-10-12T14:22:01Z");
    assert_eq!(orlov["stage_since"], "2026-10-20T11:00:00Z");
    let day = |d: &str, what: &str| (d.to_string(), what.to_string());
    assert_eq!(
        kinds(&orlov),
        [
            day("2026-10-12", "created hunter"),
            day("2026-10-20", "invoice"),
            day("2026-10-20", "move farmer"),
            day("2026-10-20", "payment"),
        ]
    );
    // Won, not priced: no order, the farmer's from its close.
    let lebedeva = show("Мария Лебедева");
    assert_eq!(lebedeva["stage_since"], "2026-10-21T12:00:00Z");
    assert_eq!(lebedeva["orders"].as_array().map(Vec::len), Some(0));
    // Open and not priced: no expected deal, nothing noted.
    let belov = client_named(&k, "Олег Белов");
    assert_eq!(belov["stage"], "hunter");
    assert!(belov["value_minor"].is_null(), "{belov}");
    // Won with no close said: the farmer's from its record's making.
    let zueva = show("Анна Зуева");
    assert_eq!(
        kinds(&zueva),
        [
            day("2026-10-15", "created farmer"),
            day("2026-10-15", "invoice"),
            day("2026-10-15", "payment"),
        ]
    );
    // October's flow: the hunter's three (the two won after their making,
    // the open one), the farmer's the two handed over and the one won at
    // once.
    let october = k.json(&["report", "--month", "2026-10", "--format", "json"]);
    let entered = |stage: &str| {
        october["flow"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["stage"] == stage)
            .map(|f| f["entered"].clone())
    };
    assert_eq!(entered("hunter"), Some(3.into()), "{october}");
    assert_eq!(entered("farmer"), Some(3.into()), "{october}");
}

/// A CRM's next task (Pipedrive's next activity, amoCRM's nearest task)
/// is a promise: it comes in as a reminder on its day (at its time when
/// it has one), an untitled one a call-back; a lost deal's stays in the
/// note; a date nobody reads is said and kept; the same file imported
/// again makes none twice.
#[test]
fn a_crms_next_task_comes_in_as_a_reminder_on_its_day() {
    let k = Env::new();
    let file = "Deal - Title,Deal - Contact person,Deal - Stage,Deal - Status,Deal - Next activity date,Person - Phone\n\
         Alpha deal,Al Alpha,Proposal Made,open,2026-11-27,+1 415 555 0101\n\
         Beta deal,Bo Beta,Qualified,open,2026-11-20,+1 415 555 0102\n\
         Gamma deal,Gil Gamma,Negotiations Started,lost,2026-11-30,+1 415 555 0103\n\
         Delta deal,Di Delta,Contact Made,open,,+1 415 555 0104\n\
         Eps deal,Ed Eps,Contact Made,open,someday,+1 415 555 0105\n";
    let out = imported(&k, "pipedrive.csv", file);
    assert!(out.contains("2 next steps made reminders"), "{out}");
    assert!(out.contains("line 6: 'someday' is not a date"), "{out}");
    let agenda = k.json(&["agenda", "--json"]);
    let due: Vec<(String, String, String)> = ["overdue", "today", "upcoming"]
        .iter()
        .flat_map(|list| agenda[list].as_array().cloned().unwrap_or_default())
        .map(|r| {
            let s = |key: &str| r[key].as_str().unwrap_or_default().to_string();
            (s("client_name"), s("due_on"), s("text"))
        })
        .collect();
    assert_eq!(
        due,
        [
            ("Bo Beta".into(), "2026-11-20".into(), "call back".into()),
            ("Al Alpha".into(), "2026-11-27".into(), "call back".into()),
        ],
        "{agenda}"
    );
    assert!(
        client_named(&k, "Gil Gamma")["notes"]
            .as_str()
            .unwrap()
            .contains("Next step: 2026-11-30"),
    );
    assert!(
        client_named(&k, "Ed Eps")["notes"]
            .as_str()
            .unwrap()
            .contains("Next step: someday"),
    );
    // Again: every row merged, no reminder made twice.
    let again = imported(&k, "pipedrive.csv", file);
    assert!(again.starts_with("5 rows: 0 new, 5 merged"), "{again}");
    assert!(!again.contains("next step"), "{again}");
    // A task of its own words and time, through a column map.
    let own = k.dir().join("own.csv");
    std::fs::write(
        &own,
        "ФИО;Телефон;Когда;Что сделать\nСергей Орлов;+7 916 555-12-34;26.11.2026 15:00;отправить КП\n",
    )
    .unwrap();
    let map = [
        "--map",
        "Когда=next-step",
        "--map",
        "Что сделать=next-step-text",
    ];
    let out = k.ok(&[&["import", own.to_str().unwrap()][..], &map].concat());
    assert!(out.contains("1 next step made a reminder"), "{out}");
    let id = client_named(&k, "Сергей Орлов")["id"].to_string();
    let shown = k.json(&["show", &id, "--json"]);
    let reminder = &shown["reminders"][0];
    assert_eq!(reminder["text"], "отправить КП", "{shown}");
    assert_eq!(reminder["origin"], "manual", "{shown}");
    assert_eq!(reminder["due_on"], "2026-11-26", "{shown}");
    assert_eq!(reminder["due_at"], "2026-11-26T15:00:00Z", "{shown}");
}

/// A founder's own spreadsheet: a status column in their own words —
/// a call to make again at the telemarketer, an interested contact at
/// the qualifier, an offer being thought over at the hunter, bought at
/// the farmer, not interested lost.
#[test]
fn a_founders_own_words_in_a_status_column_are_placed() {
    let k = Env::new();
    let out = imported(
        &k,
        "my-list.csv",
        "ФИО;Телефон;Статус\n\
         Иванов Иван;+7 916 000-00-01;думает\n\
         Петров Пётр;+7 916 000-00-02;перезвонить\n\
         Сидоров Сергей;+7 916 000-00-03;Не берёт трубку\n\
         Зуева Зоя;+7 916 000-00-04;заинтересована\n\
         Смирнова Ольга;+7 916 000-00-05;купила\n\
         Крылов Кирилл;+7 916 000-00-06;оплатил\n\
         Белов Борис;+7 916 000-00-07;не интересно\n\
         Волков Вадим;+7 916 000-00-08;ждём оплату\n\
         Ann Archer;+1 415 555 0111;Not interested\n\
         Bo Beta;+1 415 555 0112;interested\n",
    );
    assert!(!out.contains("not known"), "{out}");
    for (name, stage) in [
        ("Иванов Иван", "hunter"),
        ("Петров Пётр", "telemarketer"),
        ("Сидоров Сергей", "telemarketer"),
        ("Зуева Зоя", "qualifier"),
        ("Смирнова Ольга", "farmer"),
        ("Крылов Кирилл", "farmer"),
        ("Волков Вадим", "hunter"),
        ("Bo Beta", "qualifier"),
    ] {
        assert_eq!(place(&k, name), at(stage), "{name}");
    }
    for name in ["Белов Борис", "Ann Archer"] {
        assert_eq!(place(&k, name).1, "lost", "{name}");
    }
}

/// A founder's list with the day each client was last called and is to
/// be called next: the last call is a call on the timeline (and, with no
/// creation date, the day the client was in the list by), the next one a
/// reminder; imported again, neither twice.
#[test]
fn a_last_call_is_on_the_timeline_and_the_next_one_a_reminder() {
    let k = Env::new();
    let file = "ФИО;Телефон;Дата последнего звонка;Дата следующего звонка;Дата звонка\n\
         Иванов Иван;+7 916 000-00-01;20.11.2026 11:20;25.11.2026 15:00;\n\
         Петров Пётр;+7 916 000-00-02;19.11.2026;;18.11.2026\n\
         Орлов Олег;+7 916 000-00-03;;;\n";
    let out = imported(&k, "calls.csv", file);
    assert!(out.contains("1 next step made a reminder"), "{out}");
    let calls = |name: &str| {
        let id = client_named(&k, name)["id"].to_string();
        let shown = k.json(&["show", &id, "--json"]);
        let calls: Vec<String> = shown["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "call")
            .map(|e| e["at"].as_str().unwrap().to_string())
            .collect();
        (shown, calls)
    };
    let (ivanov, at) = calls("Иванов Иван");
    assert_eq!(at, ["2026-11-20T11:20:00Z"]);
    assert_eq!(ivanov["created_at"], "2026-11-20T11:20:00Z");
    assert_eq!(ivanov["reminders"][0]["due_at"], "2026-11-25T15:00:00Z");
    // A bare «Дата звонка» may be a call made or one to make: a note.
    let (petrov, at) = calls("Петров Пётр");
    assert_eq!(at, ["2026-11-19T00:00:00Z"]);
    assert!(
        petrov["notes"]
            .as_str()
            .unwrap()
            .contains("Дата звонка: 18.11.2026"),
        "{petrov}"
    );
    let (orlov, at) = calls("Орлов Олег");
    assert!(at.is_empty());
    assert_eq!(
        orlov["created_at"], "2026-11-23T10:00:00Z",
        "now: no date said"
    );
    // The week's contacts count the calls made in it.
    let week = k.json(&["report", "--week", "2026-W47", "--format", "json"]);
    assert_eq!(week["activity"]["calls"]["none"], 2, "{week}");
    let again = imported(&k, "calls.csv", file);
    assert!(again.starts_with("3 rows: 0 new, 3 merged"), "{again}");
    assert_eq!(calls("Иванов Иван").1.len(), 1);
    assert_eq!(
        calls("Иванов Иван").0["reminders"].as_array().map(Vec::len),
        Some(1)
    );
}
