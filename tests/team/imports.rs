//! A team's imports: new cards shared out among each station's people, a
//! won deal's card handed to a farmer, a member's file written as far as
//! the server lets them.

use super::{NOW_TEAM, Team, latest_entry};

#[test]
fn team_an_import_gives_its_new_cards_to_each_stations_people_in_turn() {
    let t = Team::new();
    let file = t.k.file(
        "leads.csv",
        "Name;Phone;Stage;Next activity date;Created;Closed\n\
         One;+79990000001;qualification;2026-11-25;;\n\
         Two;+79990000002;qualification;;;\n\
         Three;+79990000003;closed won;;2026-10-01;2026-10-20\n\
         Four;+79990000004;qualification;;;\n\
         Five;+79990000005;closed won;;;\n",
    );
    let out = t.ok("anna", NOW_TEAM, &["import", &file]);
    assert!(out.contains('5'), "{out}");
    let owners: Vec<(String, serde_json::Value)> = (1..=5)
        .map(|id| {
            let card = t.json("anna", NOW_TEAM, &["show", &id.to_string(), "--json"]);
            (
                card["name"].as_str().unwrap().to_string(),
                card["owner"].clone(),
            )
        })
        .collect();
    // Qualifiers by login: boris, vera, boris; farmers: dina, gleb. The
    // head of sales who imports works the telemarketer's station only.
    let expected = [
        ("One", "boris"),
        ("Two", "vera"),
        ("Three", "dina"),
        ("Four", "boris"),
        ("Five", "gleb"),
    ]
    .map(|(name, owner)| (name.to_string(), serde_json::Value::from(owner)));
    assert_eq!(owners, expected);
    // On the server too: a next task is a reminder, a deal won after its
    // making the farmer's from its close.
    let one = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(one["reminders"][0]["due_on"], "2026-11-25", "{one}");
    let three = t.json("anna", NOW_TEAM, &["show", "3", "--json"]);
    assert_eq!(three["stage_since"], "2026-10-20T00:00:00Z", "{three}");
    assert_eq!(three["created_at"], "2026-10-01T00:00:00Z", "{three}");
}

/// A file that says a deal on the team's card was won moves the card to
/// the farmer's station as a move on the board does: it is handed to the
/// farmers' next person, with the hand-over on its timeline.
#[test]
fn team_an_import_that_wins_a_known_cards_deal_hands_it_to_a_farmer() {
    let t = Team::new();
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Eight",
            "--phone",
            "+79990000008",
            "--stage",
            "qualifier",
        ],
    );
    let before = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(before["owner"], "boris", "{before}");
    let file = t.k.file(
        "won.csv",
        "Name;Phone;Stage;Amount;Closed\n\
         Eight;8 999 000-00-08;closed won;9000;2026-11-22\n",
    );
    let out = t.ok("anna", NOW_TEAM, &["import", &file]);
    assert!(out.starts_with("1 row: 0 new, 1 merged"), "{out}");
    assert!(
        !out.contains("at a time"),
        "one chunk is written whole: {out}"
    );
    let card = t.json("anna", NOW_TEAM, &["show", "1", "--json"]);
    assert_eq!(card["stage"], "farmer", "{card}");
    assert!(
        ["dina", "gleb"].contains(&card["owner"].as_str().unwrap_or_default()),
        "{card}"
    );
    let moved = latest_entry(&card, "move");
    assert_eq!(
        (&moved["from_owner"], &moved["to_owner"]),
        (&"boris".into(), &card["owner"]),
        "{moved}"
    );
    // A qualifier's own file: the payment is written while the card is
    // theirs, then it is a farmer's.
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Nine",
            "--phone",
            "+79990000009",
            "--stage",
            "qualifier",
        ],
    );
    t.ok(
        "anna",
        NOW_TEAM,
        &[
            "add",
            "Ten",
            "--phone",
            "+79990000010",
            "--stage",
            "qualifier",
        ],
    );
    let file = t.k.file(
        "ten.csv",
        "Name;Phone;Stage;Amount\nTen;+79990000010;closed won;4000\n",
    );
    t.ok("boris", NOW_TEAM, &["import", &file]);
    let ten = t.json("anna", NOW_TEAM, &["show", "3", "--json"]);
    assert_eq!(ten["orders"].as_array().map(Vec::len), Some(1), "{ten}");
    assert_ne!(ten["owner"], card["owner"], "the farmers in turn: {ten}");
    assert!(
        ["dina", "gleb"].contains(&ten["owner"].as_str().unwrap_or_default()),
        "{ten}"
    );
}

/// A member's import: a won deal's card goes to a farmer and a lost one's
/// to a colleague of its station, yet its order and its loss are written
/// first, while the card is the importer's (the server refused the order
/// of a card already given away, and the whole import with it).
#[test]
fn team_a_members_import_writes_what_a_card_holds_before_giving_it_away() {
    let t = Team::new();
    let file = t.k.file(
        "leads.csv",
        "Name;Phone;Stage;Status;Amount;Next activity date;Next step\n\
         One;+79990000001;qualification;;;2026-11-25;отправить КП\n\
         Two;+79990000002;closed won;;5000;;\n\
         Three;+79990000003;qualification;lost;;;\n\
         Four;+79990000004;closed won;;7000;;\n",
    );
    let out = t.ok("boris", NOW_TEAM, &["import", &file]);
    assert!(out.starts_with("4 rows: 4 new"), "{out}");
    let card = |id: i64| t.json("boris", NOW_TEAM, &["show", &id.to_string(), "--json"]);
    let two = card(2);
    assert_eq!(two["stage"], "farmer", "{two}");
    assert_eq!(two["orders"].as_array().map(Vec::len), Some(1), "{two}");
    assert!(
        ["dina", "gleb"].contains(&two["owner"].as_str().unwrap()),
        "{two}"
    );
    let four = card(4);
    assert_ne!(four["owner"], two["owner"], "the farmers in turn: {four}");
    let three = card(3);
    assert_eq!(three["status"], "lost", "{three}");
    assert_eq!(card(1)["reminders"][0]["text"], "отправить КП");
    // Given away, the cards are their owners' now: boris may not pay them.
    let err = t.fails("boris", NOW_TEAM, &["sale", "2", "100"]);
    assert!(
        err.contains("row-level security policy for table \"orders\""),
        "{err}"
    );
    // The server's words in the reader's language.
    let err = t.fails("boris", NOW_TEAM, &["sale", "2", "100", "--lang", "ru"]);
    assert!(
        err.contains("правило доступа к строкам таблицы «orders» не разрешает эту запись"),
        "{err}"
    );
    let err = t.fails(
        "boris",
        NOW_TEAM,
        &["edit", "2", "--name", "X", "--lang", "ru"],
    );
    let owner = card(2)["owner"].as_str().unwrap().to_string();
    assert!(
        err.contains(&format!("карточка №2 — пользователя {owner}")),
        "{err}"
    );
}

/// A member's file that repeats a colleague's client: the server will not
/// let the member change that card, so its row is skipped and said, and
/// the rest of the file comes in (before, the whole import was refused).
#[test]
fn team_a_members_import_skips_the_rows_of_colleagues_cards() {
    let t = Team::new();
    for (name, phone) in [("Eight", "+79990000008"), ("Nine", "+79990000009")] {
        let args = ["add", name, "--phone", phone, "--stage", "qualifier"];
        t.ok("anna", NOW_TEAM, &args);
    }
    let file = t.k.file(
        "leads.csv",
        "Name;Phone;Email;Amount\n\
         Nine;+79990000009;nine@x.ru;5000\n\
         Ten;+79990000010;;\n\
         Eight;8 999 000-00-08;eight@x.ru;\n",
    );
    let out = t.ok("boris", NOW_TEAM, &["import", &file]);
    assert!(
        out.starts_with("3 rows: 1 new, 1 merged, 1 skipped"),
        "{out}"
    );
    assert!(
        out.contains(
            "line 2: skipped — the team database would not let you change #2 Nine (the card is vera's)"
        ),
        "{out}"
    );
    let card = |id: &str| t.json("anna", NOW_TEAM, &["show", id, "--json"]);
    let nine = card("2");
    assert_eq!(
        (&nine["owner"], &nine["email"], &nine["value_minor"]),
        (
            &"vera".into(),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ),
        "vera's card as it was: {nine}"
    );
    assert_eq!(card("1")["email"], "eight@x.ru", "boris's own card filled");
    assert_eq!(card("3")["name"], "Ten");
}
