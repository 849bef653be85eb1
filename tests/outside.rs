//! End-to-end: the conveyor and the outside world — import, export,
//! intake from forms and scripts (README: Import, Export, Robots).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::{Env, TEST_DATA, client_named};

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
    assert_eq!(field(0, "phone"), "'+79991234567");
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
    // The same base at the same moment: the same calendar, alarms and all.
    let again = k.ok(&["export", "--format", "ics", "--todo"]);
    assert_eq!(todo, again);
    assert_eq!(todo.matches("-alarm@konveyer").count(), 3, "{todo}");
}

/// A link to a file: the file it names is replaced, the link stays. A
/// named pipe (as `/dev/null` or a terminal, not a regular file) is written
/// into: renamed over, it would have become a file.
#[cfg(unix)]
#[test]
fn an_export_through_a_link_or_into_a_pipe_leaves_them_what_they_are() {
    let k = base_to_export();
    let expected = k.ok(&["export"]);
    let real = k.dir().join("real.csv");
    let link = k.dir().join("latest.csv");
    std::fs::write(&real, "old").expect("file");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    k.ok(&["export", "-o", link.to_str().expect("path")]);
    assert!(
        link.symlink_metadata()
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).expect("file"), expected);

    let pipe = k.dir().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo (coreutils)");
    assert!(made.success());
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).expect("read the pipe"))
    };
    k.ok(&["export", "-o", pipe.to_str().expect("path")]);
    // Checked before the reader is waited for: a pipe renamed over would
    // leave it waiting for a writer that never comes.
    use std::os::unix::fs::FileTypeExt;
    assert!(pipe.metadata().expect("pipe").file_type().is_fifo());
    assert_eq!(reader.join().expect("reader"), expected);
}

/// `-o /dev/stdout` is standard output as the shell opened it: a file it
/// appends to keeps what it held.
#[cfg(unix)]
#[test]
fn an_export_to_dev_stdout_appends_where_the_shell_appends() {
    let k = base_to_export();
    let expected = k.ok(&["export"]);
    let log = k.dir().join("log.csv");
    std::fs::write(&log, "old\n").expect("file");
    let appending = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    let status = k
        .std_cmd(&["export", "-o", "/dev/stdout"])
        .stdout(appending)
        .status()
        .expect("run");
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&log).expect("file"),
        format!("old\n{expected}")
    );
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
    // Won deals all closed on one day say it once.
    assert!(
        out.contains("8 payments from won deals, all dated 2005-11-09;"),
        "{out}"
    );
    let george = client_named(&k, "George Foundation - 5000 Widgets");
    assert_eq!(george["stage"], "farmer", "Closed Won");
    // Won: paid on its close date, not on the day of the import.
    let shown = k.json(&["show", &george["id"].to_string(), "--json"]);
    assert_eq!(shown["orders"][0]["paid_on"], "2005-11-09", "{shown}");
    // Open: its close date, before its record's making, is the one it was
    // expected on, and moves not its making.
    let acme = client_named(&k, "Acme - 1,200 Widgets");
    assert_eq!(acme["stage"], "hunter", "Value Proposition");
    assert_eq!(acme["created_at"], "2006-06-15T20:47:09Z", "{acme}");
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
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 row: 1 new"));
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
    assert!(out.starts_with("1 row: 1 new"), "{out}");
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
    assert!(out.stderr.is_empty(), "nothing to say: {out:?}");
    // The same person again (another spelling of the phone) and a new one.
    let out = run(
        r#"[{"name": "Анна П.", "phone": "+79995554433", "email": "a@x.ru"}, {"name": "Борис", "amount": 5000}]"#,
        &["--source", "site"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n2\n");
    // What became of them is said to a person, on stderr.
    let said = String::from_utf8_lossy(&out.stderr);
    // Each named by its place in the list: a form's lead is no line.
    assert!(
        said.contains("lead 1: merged into #1 Анна (same phone"),
        "{said}"
    );
    let anna = k.json(&["show", "1", "--json"]);
    assert_eq!(anna["name"], "Анна", "never overwritten");
    assert_eq!(anna["email"], "a@x.ru", "filled");
    // Where the visitor came from is the source, as a CSV's utm_source.
    assert_eq!(anna["source"], "yandex");
    let boris = k.json(&["show", "2", "--json"]);
    assert_eq!(boris["source"], "site");
    // A form's amount is what the lead hopes to spend: kept, never an
    // invoice they owe.
    assert_eq!(boris["orders"].as_array().map(Vec::len), Some(0));
    assert_eq!(boris["value_minor"], 500_000, "the expected deal: {boris}");
    // A form's source beside its utm_source keeps both; a call asked for
    // at a time is a reminder then.
    let out = run(
        r#"{"name": "Вера", "source": "site", "utm_source": "vk", "next_step": "2026-11-25 15:00", "next_step_text": "перезвонить по КП"}"#,
        &[],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "3\n");
    let vera = k.json(&["show", "3", "--json"]);
    // A form's field that is no phone is kept in the note, and said.
    let out = run(r#"{"name": "Глеб", "phone": "перезвоню сам"}"#, &[]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4\n");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("lead 1: phone 'перезвоню сам' is not a phone number — kept in the note"),
        "{said}"
    );
    assert_eq!(vera["source"], "site");
    assert_eq!(vera["notes"], "utm_source: vk");
    assert_eq!(vera["reminders"][0]["text"], "перезвонить по КП");
    assert_eq!(vera["reminders"][0]["due_at"], "2026-11-25T15:00:00Z");
    // A lead without a name refuses them all.
    let out = run(r#"[{"name": "Вера"}, {"company": "X"}]"#, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lead 2 has no \"name\""));
    // So does one that is no object, and JSON that holds no lead.
    let out = run(r#"[{"name": "Вера"}, 7]"#, &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("lead 2 is not an object"), "{said}");
    let out = run("\"Вера\"", &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("not a lead or a list of leads"), "{said}");
    assert_eq!(
        k.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(4)
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
    // A dry run checks and counts it, and writes nothing, not even a file.
    let out = fresh.ok(&["import", dump, "--dry-run"]);
    assert!(
        out.starts_with("dry run — nothing was written\nwould load 2 clients, 2 orders"),
        "{out}"
    );
    assert!(!fresh.db.exists(), "no database file");
    fresh.ok(&["add", "Someone"]);
    let err = fresh.fails(&["import", dump, "--dry-run"], 1);
    assert!(err.contains("empty database"), "{err}");
    assert_eq!(
        fresh.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
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
    // One edited by hand: a column no table has, said by name, nothing made.
    let text = std::fs::read_to_string(dump).expect("dump");
    let edited = fresh.dir().join("edited.json");
    std::fs::write(&edited, text.replacen("\"name\":", "\"nom\":", 1)).expect("write");
    let blank = Env::new();
    let err = blank.fails(&["import", edited.to_str().expect("path")], 1);
    assert!(
        err.contains("a row of clients has 'nom', which is no column of it")
            && err.lines().count() == 1,
        "{err}"
    );
    assert!(!blank.db.exists(), "no database file");
    // A list of leads as a .json file is an import like a CSV's.
    let leads = fresh.dir().join("leads.json");
    std::fs::write(&leads, r#"[{"name": "Вера", "phone": "8 916 000-00-00"}]"#).expect("write");
    let out = Env::new().ok(&["import", leads.to_str().expect("path")]);
    assert!(out.starts_with("1 lead: 1 new"), "{out}");
}

/// konveyer's own CSV comes back in as it went out: every client at its
/// station, the lost lost where they were lost, with their reason.
#[test]
fn the_csv_export_comes_back_in_at_the_same_stations() {
    let from = Env::new();
    from.ok(&["demo"]);
    let csv = from.dir().join("clients.csv");
    from.ok(&[
        "export",
        "--format",
        "csv",
        "-o",
        csv.to_str().expect("path"),
    ]);
    let to = Env::new();
    to.ok(&["import", csv.to_str().expect("path")]);
    let places = |k: &Env| -> Vec<(String, String, String, String)> {
        let all = k.json(&["list", "--status", "all", "--json"]);
        let mut places: Vec<_> = all
            .as_array()
            .expect("list")
            .iter()
            .map(|c| {
                let field = |f: &str| c[f].as_str().unwrap_or_default().to_string();
                (
                    field("name"),
                    field("stage"),
                    field("status"),
                    field("lost_reason"),
                )
            })
            .collect();
        places.sort();
        places
    };
    let before = places(&from);
    assert!(
        before
            .iter()
            .any(|p| p.2 == "lost" && p.1 != "telemarketer"),
        "the demo has a client lost past the first station"
    );
    assert_eq!(places(&to), before);
    // An active client came to its station when it did (`stage_since`,
    // to the minute the CSV keeps): its days there are the same.
    let since = |k: &Env| -> Vec<(String, String)> {
        let all = k.json(&["list", "--json"]);
        let mut since: Vec<_> = all
            .as_array()
            .expect("list")
            .iter()
            .map(|c| {
                let at = c["stage_since"].as_str().unwrap_or_default();
                (c["name"].to_string(), at.chars().take(16).collect())
            })
            .collect();
        since.sort();
        since
    };
    let before = since(&from);
    assert!(before.len() > 20, "{before:?}");
    assert_eq!(since(&to), before);
}
