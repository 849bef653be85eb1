//! End-to-end: the calling hour's command line — clients typed by hand
//! that are already in the base.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

#[test]
fn a_known_phone_or_email_typed_by_hand_is_refused_naming_whose_it_is() {
    let k = Env::new();
    let id = k.ok(&[
        "add",
        "Алексей Кузнецов",
        "--phone",
        "+7 928 991-93-87",
        "--email",
        "Lesha@Example.ru",
    ]);
    let id = id.trim();
    // The phone is stored as an import stores it.
    assert_eq!(k.json(&["show", id, "--json"])["phone"], "+79289919387");
    for phone in ["8 928 991 93 87", "89289919387", "+7 (928) 991-93-87"] {
        let err = k.fails(&["add", "Лёша", "--phone", phone], 1);
        assert!(
            err.contains(&format!("this phone is already #{id} Алексей Кузнецов's")),
            "{err}"
        );
        assert!(err.contains("--allow-duplicate"), "{err}");
    }
    let err = k.fails(&["add", "Лёша", "--email", "lesha@example.RU"], 1);
    assert!(
        err.contains(&format!("this e-mail is already #{id}")),
        "{err}"
    );
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1),
        "nothing added"
    );
    // On purpose: added, its phone in E.164.
    let other = k.ok(&[
        "add",
        "Лёша",
        "--phone",
        "8 928 991 93 87",
        "--allow-duplicate",
    ]);
    assert_eq!(
        k.json(&["show", other.trim(), "--json"])["phone"],
        "+79289919387"
    );
    // Another number is nobody's; an edited one is stored alike.
    let boris = k.ok(&["add", "Борис", "--phone", "8 928 991 93 88"]);
    k.ok(&["edit", boris.trim(), "--phone", "8 (912) 345-67-89"]);
    assert_eq!(
        k.json(&["show", boris.trim(), "--json"])["phone"],
        "+79123456789"
    );
}

#[test]
fn a_colleague_on_a_known_office_line_is_added_and_told_whose_line_it_is() {
    let k = Env::new();
    let ivanov = k.ok(&["add", "Иванов Иван", "--phone", "+7 495 111-22-33"]);
    let ivanov = ivanov.trim();
    let kozlova = k.ok(&["add", "Козлова Мария", "--phone", "+7 495 111-22-33"]);
    let kozlova = kozlova.trim();
    // Another name and surname on an office's line: a colleague, added,
    // with a note on stderr; stdout is the id alone.
    let out = k
        .cmd(&["add", "Петров Пётр", "--phone", "8 495 111 22 33"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let petrov = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(petrov.parse::<i64>().is_ok(), "{petrov}");
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(
        told.contains(&format!(
            "added as a client of their own — the office line of #{ivanov} Иванов Иван"
        )),
        "{told}"
    );
    assert_eq!(
        k.json(&["show", &petrov, "--json"])["phone"],
        "+74951112233"
    );
    // A name the line's clients share a word with is one of them: the
    // one it names, refused as before.
    let err = k.fails(&["add", "Козлова М.", "--phone", "+7 495 111-22-33"], 1);
    assert!(
        err.contains(&format!("#{kozlova} Козлова Мария's")),
        "{err}"
    );
    // A first name alone, or a name in other letters, may be anyone's.
    for name in ["Олег", "Oleg Zaitsev"] {
        let err = k.fails(&["add", name, "--phone", "+7 495 111-22-33"], 1);
        assert!(err.contains(&format!("#{ivanov} Иванов Иван's")), "{err}");
    }
    // A mobile is a person's: another name on it is still refused.
    k.ok(&["add", "Орлова Анна", "--phone", "+7 916 555-44-33"]);
    let err = k.fails(&["add", "Зайцев Олег", "--phone", "+7 916 555-44-33"], 1);
    assert!(err.contains("Орлова Анна's"), "{err}");
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(4)
    );
}

#[test]
fn dial_runs_the_configured_dialler_with_the_number_and_prints_it_without_one() {
    let k = Env::new();
    let id = k.ok(&["add", "Анна", "--phone", "8 (999) 111-22-33"]);
    let id = id.trim();
    // No dialler, no terminal: the number for a script; the hint on stderr.
    let out = k.cmd(&["dial", id]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "+79991112233\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("set `dial` in the config"));
    // Its other number, and one it has not.
    k.ok(&["edit", id, "--other-phones", "8 812 312 45 67"]);
    let out = k.cmd(&["dial", id, "--number", "2"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "+78123124567
"
    );
    let err = k.fails(&["dial", id, "--number", "3"], 1);
    assert!(
        err.contains("has no number 3 — it has 2: --number 1 to 2"),
        "{err}"
    );
    k.fails(&["dial", id, "--number", "0"], 2);
    // A dialler: a script records what it was given (no shell between).
    let record = k.dir().join("dialled");
    let config = format!(
        "dial = [\"sh\", \"-c\", \"printf '%s\\\\n' \\\"$@\\\" > {}\", \"dialler\", \"tel:{{phone}}\"]\n",
        record.display()
    );
    std::fs::write(k.dir().join("config.toml"), config).unwrap();
    let said = k.ok(&["dial", id]);
    assert!(said.contains("dialling +79991112233"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        "tel:+79991112233\n"
    );
    // Nobody to dial.
    let other = k.ok(&["add", "Без телефона"]);
    let err = k.fails(&["dial", other.trim()], 1);
    assert!(err.contains("has no phone"), "{err}");
    // A dialler that is not there.
    std::fs::write(
        k.dir().join("config.toml"),
        "dial = [\"no-such-dialler-here\", \"{phone}\"]\n",
    )
    .unwrap();
    let err = k.fails(&["dial", id], 1);
    assert!(
        err.contains("the dialler 'no-such-dialler-here' failed: not started ("),
        "{err}"
    );
    // One that fails at once, said in the reader's words.
    std::fs::write(
        k.dir().join("config.toml"),
        "dial = [\"sh\", \"-c\", \"exit 3\", \"{phone}\"]\n",
    )
    .unwrap();
    let err = k.fails(&["--lang", "ru", "dial", id], 1);
    assert!(
        err.contains("программа набора 'sh' не сработала: код выхода 3 —"),
        "{err}"
    );
}

#[test]
fn a_client_lost_with_a_day_to_come_back_is_back_on_that_day() {
    let k = Env::new();
    let id = k.ok(&["add", "Весенний"]);
    let id = id.trim();
    let err = k.fails(
        &[
            "lose",
            id,
            "--reason",
            "call in spring",
            "--back",
            "2026-11-01",
        ],
        1,
    );
    assert!(err.contains("has come already"), "{err}");
    k.ok(&[
        "lose",
        id,
        "--reason",
        "call in spring",
        "--back",
        "2027-03-01",
    ]);
    assert_eq!(k.json(&["show", id, "--json"])["back_on"], "2027-03-01");
    // Not before its day …
    let agenda = |when: &str| -> serde_json::Value {
        let out = k
            .cmd(&["agenda", "--json"])
            .env("KONVEYER_NOW", when)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(agenda("2027-02-28T10:00")["back"], serde_json::json!([]));
    // … then, and after, until revived.
    let back = &agenda("2027-03-02T10:00")["back"][0];
    assert_eq!(back["client_id"].to_string(), id);
    assert_eq!(back["reason"], "call in spring");
    assert_eq!(back["lost_on"], "2026-11-23");
    let text = k.at("2027-03-01T09:00", &["agenda"]);
    assert!(
        text.starts_with("Back today\n  Весенний — lost for \"call in spring\" on 2026-11-23"),
        "{text}"
    );
    k.at("2027-03-01T09:00", &["revive", id]);
    assert_eq!(agenda("2027-03-02T10:00")["back"], serde_json::json!([]));
    assert!(k.json(&["show", id, "--json"]).get("back_on").is_none());
    // The loss counts where it happened.
    let report = k.json(&["report", "--week", "2026-W48", "--format", "json"]);
    assert_eq!(report["losses"][0]["reason"], "call in spring", "{report}");
}

#[test]
fn a_calls_duration_is_on_the_timeline_and_the_report_adds_up_talk_time() {
    let k = Env::new();
    let id = k.ok(&["add", "Анна", "--phone", "+79991112233"]);
    let id = id.trim();
    let log = |outcome: &str, duration: &str| {
        k.cmd(&[
            "log",
            id,
            "call",
            "--outcome",
            outcome,
            "--duration",
            duration,
        ])
        .output()
        .expect("run")
    };
    assert!(log("no-answer", "0:40").status.success());
    assert!(log("interested", "3m").status.success());
    let shown = k.ok(&["show", id]);
    assert!(shown.contains("interested (3:00)"), "{shown}");
    assert!(shown.contains("no answer (0:40)"), "{shown}");
    let report = k.json(&["report", "--format", "json"]);
    assert_eq!(
        report["activity"]["talk_secs"], 220,
        "{}",
        report["activity"]
    );
    assert!(k.ok(&["report"]).contains("talk time 3:40"));
    let out = log("no-answer", "long");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the duration 'long'"), "{err}");
    // Only with an outcome: a usage error.
    k.fails(&["log", id, "call", "--duration", "3m"], 2);
}

#[test]
fn a_lost_client_who_asks_to_be_called_later_comes_back_then() {
    let k = Env::new();
    let id = k.ok(&["add", "Осенний"]);
    let id = id.trim();
    k.ok(&["lose", id, "--reason", "no budget"]);
    let said = k.ok(&[
        "log",
        id,
        "call",
        "--outcome",
        "call-back",
        "--at",
        "2027-03-01",
    ]);
    assert!(
        said.contains("stays lost and comes back on Mon 01.03.2027"),
        "{said}"
    );
    let shown = k.json(&["show", id, "--json"]);
    assert_eq!(
        (shown["status"].as_str(), shown["back_on"].as_str()),
        (Some("lost"), Some("2027-03-01"))
    );
    // Another outcome on a lost client is still refused.
    let err = k.fails(&["log", id, "call", "--outcome", "interested"], 1);
    assert!(err.contains("lost"), "{err}");
    let err = k.fails(
        &[
            "log",
            id,
            "call",
            "--outcome",
            "call-back",
            "--at",
            "2026-11-01",
        ],
        1,
    );
    assert!(err.contains("has come already"), "{err}");
}

#[test]
fn a_number_reads_in_its_countrys_groups_and_is_kept_in_e164() {
    let k = Env::new();
    for (typed, kept, shown) in [
        ("8 (916) 123-45-67", "+79161234567", "+7 916 123-45-67"),
        // St Petersburg's 812 begins with Russia's trunk digit.
        ("8 812 312 45 67", "+78123124567", "+7 812 312-45-67"),
        ("+44 20 7946 0018", "+442079460018", "+44 20 7946 0018"),
        // No country reads it: as typed, in `show` too.
        ("+7 000 000-00-00", "+7 000 000-00-00", "+7 000 000-00-00"),
    ] {
        let id = k.ok(&["add", "Клиент", "--phone", typed, "--allow-duplicate"]);
        let id = id.trim();
        assert_eq!(k.json(&["show", id, "--json"])["phone"], kept, "{typed}");
        let text = k.ok(&["show", id]);
        let line = text.lines().find(|l| l.contains("phone")).unwrap();
        assert_eq!(
            line.split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
                .join(" "),
            shown
        );
    }
    // A script's CSV keeps what is stored.
    let csv = k.ok(&["export", "--format", "csv"]);
    assert!(csv.contains("+78123124567"), "{csv}");
}

/// Several numbers typed into `--phone`, as the board's phone field takes
/// them: the first is the one to dial, the rest the client's other
/// numbers (before those of `--other-phones`); `edit` the same.
#[test]
fn several_numbers_in_phone_are_the_first_to_dial_and_the_others() {
    let k = Env::new();
    let id = k.ok(&[
        "add",
        "Пётр",
        "--phone",
        "8 916 111 22 33, 8 (812) 312-45-67",
        "--other-phones",
        "+7 495 444 55 66",
    ]);
    let id = id.trim();
    let card = k.json(&["show", id, "--json"]);
    assert_eq!(card["phone"], "+79161112233");
    assert_eq!(card["other_phones"], "+78123124567, +74954445566");
    k.ok(&["edit", id, "--phone", "+7 903 000 11 22; +7 916 111 22 33"]);
    let card = k.json(&["show", id, "--json"]);
    assert_eq!(card["phone"], "+79030001122");
    assert_eq!(card["other_phones"], "+79161112233");
    // One of them no number: refused, naming it, nothing changed.
    let err = k.fails(
        &["edit", id, "--phone", "+7 903 000 11 22, звонить вечером"],
        1,
    );
    assert!(
        err.contains("'звонить вечером' does not look like a phone"),
        "{err}"
    );
    assert_eq!(
        k.json(&["show", id, "--json"])["other_phones"],
        "+79161112233"
    );
}

/// A client's second number is one of its numbers: a caller who rings
/// from it is found, typed again it is caught, an import or a merge adds
/// to the numbers instead of losing one, and a CSV brings them back.
#[test]
fn a_second_number_is_found_caught_and_kept() {
    let k = Env::new();
    let id = k.ok(&[
        "add",
        "Ирина Волкова",
        "--phone",
        "8 916 111 22 33",
        "--other-phones",
        "8 (495) 444-55-66; +7 916 111 22 33",
    ]);
    let id = id.trim();
    let card = k.json(&["show", id, "--json"]);
    assert_eq!(card["phone"], "+79161112233");
    assert_eq!(card["other_phones"], "+74954445566", "the first not twice");
    let text = k.ok(&["show", id]);
    assert!(
        text.contains("+7 916 111-22-33, +7 495 444-55-66"),
        "{text}"
    );
    // Typed again by the second number: caught.
    let err = k.fails(&["add", "Ира", "--phone", "+7 495 444 55 66"], 1);
    assert!(err.contains(&format!("already #{id}")), "{err}");
    // An address book that knows her by that number and another.
    let vcf = k.dir().join("phone.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ира\nTEL:8 495 444-55-66\nTEL:+7 903 000-11-22\nEND:VCARD\n",
    )
    .unwrap();
    let out = k.ok(&["import", vcf.to_str().unwrap()]);
    assert!(out.contains(&format!("merged into #{id}")), "{out}");
    let card = k.json(&["show", id, "--json"]);
    assert_eq!(card["other_phones"], "+74954445566, +79030001122");
    // A duplicate merged in brings its number.
    let other = k.ok(&["add", "Волкова И.", "--phone", "8 812 312 45 67"]);
    k.ok(&["merge", id, other.trim()]);
    let card = k.json(&["show", id, "--json"]);
    assert_eq!(
        card["other_phones"],
        "+74954445566, +79030001122, +78123124567"
    );
    // Exported and imported into another base: the same numbers.
    let csv = k.ok(&["export", "--format", "csv"]);
    let file = k.dir().join("out.csv");
    std::fs::write(&file, csv).unwrap();
    let there = Env::new();
    there.ok(&["import", file.to_str().unwrap()]);
    let moved = there.json(&["list", "--json"]);
    assert_eq!(moved[0]["phone"], "+79161112233");
    assert_eq!(moved[0]["other_phones"], card["other_phones"]);
    // Cleared: none left but the one to dial.
    k.ok(&["edit", id, "--other-phones", ""]);
    let card = k.json(&["show", id, "--json"]);
    assert!(card.get("other_phones").is_none(), "{card}");
    let err = k.fails(&["edit", id, "--other-phones", "+7 495, call me"], 1);
    assert!(err.contains("does not look like a phone number"), "{err}");
}

/// Who is calling: `find` takes the number as the caller's screen shows
/// it, in any of its ways, or words of a name or company, and lists the
/// best matches first, lost clients too; JSON for a script.
#[test]
fn find_names_who_is_calling_by_any_way_of_writing_the_number() {
    let k = Env::new();
    let ivan = k.ok(&[
        "add",
        "Иван Петров",
        "--company",
        "ООО «Ромашка»",
        "--phone",
        "+7 916 123-45-67",
    ]);
    let ivan = ivan.trim();
    let anna = k.ok(&["add", "Анна Иванова", "--email", "anna@example.ru"]);
    let anna = anna.trim();
    let other = k.ok(&["add", "Пётр Сидоров", "--phone", "+7 903 765-43-21"]);
    // Иван's letters one by one, none of her words holds it whole.
    let irina = k.ok(&["add", "Ирина Валентиновна"]);
    let irina = irina.trim();
    k.ok(&["lose", other.trim(), "--reason", "no budget"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["find", "--json"];
        all.extend_from_slice(args);
        k.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].to_string())
            .collect()
    };
    for number in [
        "89161234567",
        "8 (916) 123-45-67",
        "+79161234567",
        "1234567",
        "123-45-67",
    ] {
        assert_eq!(ids(&[number]), [ivan], "{number}");
    }
    // Words of a name: every client that holds them whole; a client whose
    // letters merely follow one another only when none does.
    assert_eq!(ids(&["иван"]), [ivan, anna]);
    assert_eq!(ids(&["ирвал"]), [irina]);
    assert_eq!(ids(&["ромашка"]), [ivan]);
    assert_eq!(ids(&["anna@example"]), [anna]);
    assert_eq!(ids(&["иван", "--limit", "1"]), [ivan]);
    // Several words unquoted are one query; a lost client is found too.
    assert_eq!(ids(&["Пётр", "Сидоров"]), [other.trim()]);
    let text = k.ok(&["find", "9037654321"]);
    assert!(
        text.contains("Пётр Сидоров") && text.contains("lost"),
        "{text}"
    );
    // A row shows the number to call back, as its country writes it.
    let text = k.ok(&["find", "ромашка"]);
    let row = text.lines().nth(1).unwrap_or_default();
    assert!(
        text.starts_with("    ID  STAGE          DAYS  PHONE             NAME")
            && row.contains("+7 916 123-45-67  Иван Петров — ООО «Ромашка»"),
        "{text}"
    );
    // Nobody: no rows, a hint for a person on stderr.
    let out = k.cmd(&["find", "5550000"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        k.json(&["find", "5550000", "--json"]),
        serde_json::json!([])
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no client's name, company, phone or e-mail holds '5550000'"),
        "{said}"
    );
    let err = k.fails(&["find", "x", "--limit", "0"], 2);
    assert!(err.contains("--limit"), "{err}");
}
