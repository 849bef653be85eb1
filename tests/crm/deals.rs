//! Deal exports from Bitrix24, Pipedrive and HubSpot as they are written:
//! a deal's client is its contact person, its close the day it was won or
//! lost.

use super::common::{Env, client_named, latest_entry};

#[test]
fn bitrix24_and_pipedrive_exports_come_in_without_a_map() {
    let k = Env::new();
    let bitrix = k.file(
        "bitrix24.csv",
        "\u{feff}Имя;Фамилия;Отчество;Рабочий телефон;Мобильный телефон;Рабочий e-mail;\
         Стадия сделки;Сумма;Дата создания;Ответственный\n\
         Иван;Петров;Сергеевич;+7 495 123-45-67;8 916 765-43-21;ivan@petrov.ru;\
         Сделка успешна;90 000;12.02.2026 09:30:00;Мария\n",
    );
    let out = k.ok(&["import", &bitrix]);
    assert!(
        out.starts_with("1 row: 1 new, 0 merged, 0 skipped, 1 order\n"),
        "{out}"
    );
    let ivan = client_named(&k, "Петров Иван Сергеевич");
    assert_eq!(ivan["phone"], "+74951234567");
    assert_eq!(ivan["email"], "ivan@petrov.ru");
    assert_eq!(ivan["stage"], "farmer");
    assert_eq!(ivan["created_at"], "2026-02-12T09:30:00Z");
    let pipedrive = k.file(
        "pipedrive.csv",
        "Deal - Title,Deal - Value,Deal - Status,Deal - Stage,Person - Name,Organization - Name,\
         Person - Phone,Person - Email,Deal - Deal created,Deal - Won time,Deal - Lost reason,\
         Deal - Lost time,Deal - Deal closed on\n\
         Paper deal,1500,lost,Proposal Made,Jane Roe,Roe Inc,+1 212 555 0100,jane@roe.example,\
         2026-01-05 10:00:00,,Too expensive,2026-02-10 11:30:00,2026-02-10 11:30:00\n\
         Ink deal,700,won,Negotiations Started,John Poe,Poe LLC,,john@poe.example,\
         2026-03-01 09:00:00,2026-03-20 15:00:00,,,2026-03-20 15:00:00\n",
    );
    let out = k.ok(&["import", &pipedrive]);
    assert!(
        out.starts_with("2 rows: 2 new, 0 merged, 0 skipped, 1 order"),
        "{out}"
    );
    let jane = client_named(&k, "Jane Roe");
    assert_eq!(jane["status"], "lost");
    assert_eq!(jane["lost_reason"], "Too expensive");
    assert_eq!(jane["company"], "Roe Inc");
    // Lost on its lost time, not on its making: the report of that month
    // counts the loss, and the close is not left in the note.
    let shown = k.json(&["show", &jane["id"].to_string(), "--json"]);
    let lost = latest_entry(&shown, "lost");
    assert_eq!(lost["at"], "2026-02-10T11:30:00Z", "{shown}");
    assert_eq!(
        jane["notes"], "Deal - Title: Paper deal\nValue: 1500",
        "{jane}"
    );
    let john = client_named(&k, "John Poe");
    let shown = k.json(&["show", &john["id"].to_string(), "--json"]);
    assert_eq!(shown["orders"][0]["paid_on"], "2026-03-20", "{shown}");
    // Pipedrive's people: a phone and an e-mail per kind, each kept.
    let people = k.file(
        "people.csv",
        "Person - Name,Person - Organization,Person - Phone - Work,Person - Phone - Mobile,\
         Person - Email - Work,Person - Email - Home,Person - Labels\n\
         Hans Weber,Acme GmbH,+49 30 1234567,+49 170 1234567,hans@acme.de,,Hot lead\n",
    );
    let out = k.ok(&["import", &people]);
    assert!(out.starts_with("1 row: 1 new"), "{out}");
    let hans = client_named(&k, "Hans Weber");
    assert_eq!(
        (
            &hans["phone"],
            &hans["email"],
            &hans["company"],
            &hans["tags"]
        ),
        (
            &"+49301234567".into(),
            &"hans@acme.de".into(),
            &"Acme GmbH".into(),
            &"Hot lead".into()
        ),
        "{hans}"
    );
    let shown = k.json(&["show", &hans["id"].to_string(), "--json"]);
    assert_eq!(shown["other_phones"], "+491701234567", "{shown}");
}

/// HubSpot's deals export: each deal's client is its associated contact
/// (`Name (address)`) at its associated company, the deal's name kept in
/// the note; a lost deal is lost on its close date for its closed lost
/// reason; a deal with no contact is its company's, shown once.
#[test]
fn a_hubspot_deals_export_comes_in_by_its_contacts() {
    let k = Env::new();
    let file = k.file(
        "hubspot-deals.csv",
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,\
         Associated Company,Associated Contact,Closed Lost Reason\n\
         9001,Acme renewal,Appointment Scheduled,2026-12-30,Jane Roe,5000,2026-11-02 10:11,\
         Acme Corp,Hans Weber (hans@acme.com),\n\
         9003,Gamma deal,Closed Lost,2026-08-20 10:00,Jane Roe,800,2026-08-01 12:00,\
         Gamma Inc,Bob Stone (bob@gamma.com),Price too high\n\
         9004,Delta deal,Qualified To Buy,2026-12-31,Jane Roe,,2026-11-20 12:00,Delta LLC,,\n",
    );
    let out = k.ok(&["import", &file]);
    assert!(
        out.starts_with("3 rows: 3 new, 0 merged, 0 skipped"),
        "{out}"
    );
    let hans = client_named(&k, "Hans Weber");
    assert_eq!(
        (&hans["company"], &hans["email"]),
        (&"Acme Corp".into(), &"hans@acme.com".into()),
        "{hans}"
    );
    assert!(
        hans["notes"]
            .as_str()
            .unwrap()
            .contains("Deal Name: Acme renewal"),
        "{hans}"
    );
    let bob = client_named(&k, "Bob Stone");
    assert_eq!(
        (&bob["status"], &bob["lost_reason"]),
        (&"lost".into(), &"Price too high".into()),
        "{bob}"
    );
    let shown = k.json(&["show", &bob["id"].to_string(), "--json"]);
    let lost = latest_entry(&shown, "lost");
    assert_eq!(lost["at"], "2026-08-20T10:00:00Z", "{shown}");
    let delta = client_named(&k, "Delta LLC");
    let listed = k.ok(&["list"]);
    let row = listed.lines().find(|l| l.contains("Delta LLC")).unwrap();
    assert!(!row.contains("Delta LLC — Delta LLC"), "{row}");
    let shown = k.ok(&["show", &delta["id"].to_string()]);
    assert!(
        shown.starts_with(&format!("#{} Delta LLC\n", delta["id"])),
        "{shown}"
    );
}
