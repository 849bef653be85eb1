//! End-to-end: dates as other programs write them. American software
//! writes `11/25/2026 5:03 PM`, British `25/11/2026`; which number is the
//! month is the file's to say, and a date nobody can read is kept, never
//! silently made "today".

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

mod common;
use common::{Env, client_named};

fn file(k: &Env, name: &str, text: &str) -> PathBuf {
    let path = k.dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The day a client's first payment fell on.
fn paid_on(k: &Env, name: &str) -> String {
    let id = client_named(k, name)["id"].to_string();
    let shown = k.json(&["show", &id, "--json"]);
    shown["orders"][0]["paid_on"].as_str().unwrap().to_string()
}

/// A row whose dates could be read either way (3 April or 4 March) comes
/// first; a row further down with a day over 12 says the file's order,
/// month first here and day first in a British file. Times with AM and
/// PM are a 24-hour clock's.
#[test]
fn slashed_dates_are_read_in_the_order_the_files_rows_say() {
    let k = Env::new();
    let us = file(
        &k,
        "salesforce.csv",
        "Account Name,Created Date,Close Date,Stage,Amount\n\
         Acme,03/04/2026 9:15 AM,04/05/2026,Closed Won,1200\n\
         Globex,11/20/2025 5:03 PM,,Prospecting,\n",
    );
    let out = k.ok(&["import", us.to_str().unwrap()]);
    assert!(!out.contains("month first"), "{out}");
    assert!(!out.contains("line"), "nothing to say of a row: {out}");
    let acme = client_named(&k, "Acme");
    assert_eq!(acme["created_at"], "2026-03-04T09:15:00Z");
    assert_eq!(paid_on(&k, "Acme"), "2026-04-05");
    assert_eq!(
        client_named(&k, "Globex")["created_at"],
        "2025-11-20T17:03:00Z"
    );
    let uk = file(
        &k,
        "uk.csv",
        "Name;Created;Closed;Status;Value\n\
         Initech;03/04/2026;04/05/2026;won;900\n\
         Hooli;25/03/2025 17:03;;;\n",
    );
    k.ok(&["import", uk.to_str().unwrap()]);
    assert_eq!(
        client_named(&k, "Initech")["created_at"],
        "2026-04-03T00:00:00Z"
    );
    assert_eq!(paid_on(&k, "Initech"), "2026-05-04");
    assert_eq!(
        client_named(&k, "Hooli")["created_at"],
        "2025-03-25T17:03:00Z"
    );
}

/// A file none of whose rows says the order is refused on the command
/// line — a guess, once written, could not be mended by importing the
/// file again — naming a date and how each order reads it, dry or not;
/// `--date-order` says it. A file that is no table refuses the option.
/// Nothing is written by a refusal.
#[test]
fn a_file_that_does_not_say_its_order_is_refused_until_told() {
    let k = Env::new();
    k.ok(&["add", "Someone"]);
    let list = k.ok(&["list", "--json"]);
    let csv = file(
        &k,
        "small.csv",
        "Name,Create Date\nAnn,05/05/2026\nBob,05/11/2026\nCid,06/10/2026\n",
    );
    let path = csv.to_str().unwrap();
    let said = "small.csv: dates such as 05/11/2026 may be day or month first, and no row \
                of the file says which — say it: --date-order mdy reads it as 2026-05-11, \
                --date-order dmy as 2026-11-05";
    for dry in [false, true] {
        let mut args = vec!["import", path];
        args.extend(dry.then_some("--dry-run"));
        let err = k.fails(&args, 1);
        assert!(err.contains(said), "{err}");
    }
    let ru = k.fails(&["--lang", "ru", "import", path], 1);
    assert!(ru.contains("с --date-order mdy это 2026-05-11"), "{ru}");
    assert_eq!(k.ok(&["list", "--json"]), list);
    k.ok(&["import", path, "--date-order", "dmy"]);
    assert_eq!(
        client_named(&k, "Bob")["created_at"],
        "2026-11-05T00:00:00Z"
    );
    assert_eq!(
        client_named(&k, "Cid")["created_at"],
        "2026-10-06T00:00:00Z"
    );
    let there = Env::new();
    there.ok(&["import", path, "--date-order", "mdy"]);
    assert_eq!(
        client_named(&there, "Bob")["created_at"],
        "2026-05-11T00:00:00Z"
    );
    // Not a table: refused, nothing written.
    let list = k.ok(&["list", "--json"]);
    let vcf = file(&k, "a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Dan\nEND:VCARD\n");
    let err = k.fails(&["import", vcf.to_str().unwrap(), "--date-order", "mdy"], 1);
    assert!(
        err.contains("--date-order is for a table's columns"),
        "{err}"
    );
    let err = k.fails(&["import", path, "--date-order", "ymd"], 2);
    assert!(err.contains("ymd"), "{err}");
    assert_eq!(k.ok(&["list", "--json"]), list);
}

/// A date that is none konveyer reads — a word, a day-first date in a
/// month-first file, a year before 1900 — is said on its row and kept in
/// the note; the client is created now, as a row without a date is.
#[test]
fn a_date_nobody_reads_is_said_and_kept() {
    let k = Env::new();
    let csv = file(
        &k,
        "mixed.csv",
        "Name,Created,Expected close date,Value\n\
         Ann,11/20/2026,,\n\
         Bob,25/11/2026,,\n\
         Cid,soon,next spring,500\n\
         Dot,20.11.25,,\n\
         Old,0025-11-20,,\n",
    );
    let out = k.ok(&["import", csv.to_str().unwrap()]);
    for said in [
        "line 3: '25/11/2026' is not a date konveyer reads",
        "line 4: 'soon' is not a date konveyer reads",
        "line 4: 'next spring' is not a date konveyer reads",
        "line 6: '0025-11-20' is not a date konveyer reads",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
    let bob = client_named(&k, "Bob");
    assert_eq!(bob["created_at"], "2026-11-23T10:00:00Z");
    assert_eq!(bob["notes"], "Created: 25/11/2026");
    let cid = client_named(&k, "Cid");
    assert_eq!(cid["notes"], "Created: soon\nExpected: next spring");
    assert_eq!(
        client_named(&k, "Ann")["created_at"],
        "2026-11-20T00:00:00Z"
    );
    // A two-digit year, as 1C and a Russian Excel's short date write it.
    assert_eq!(
        client_named(&k, "Dot")["created_at"],
        "2025-11-20T00:00:00Z"
    );
}

/// A spreadsheet saved as CSV writes a date as it shows it: its month a
/// word (`25 ноября 2025 г.`, `Nov 20, 2025`), or year first with slashes;
/// neither needs a row to say an order.
#[test]
fn a_date_written_as_a_sheet_shows_it_is_read() {
    let k = Env::new();
    let csv = file(
        &k,
        "shown.csv",
        "Имя;Дата создания\n\
         Анна;25 ноября 2025 г.\n\
         Борис;Nov 20, 2025 5:03 PM\n\
         Вера;2025/03/04\n",
    );
    let out = k.ok(&["import", csv.to_str().unwrap()]);
    assert!(!out.contains("line"), "nothing to say of a row: {out}");
    for (name, created) in [
        ("Анна", "2025-11-25T00:00:00Z"),
        ("Борис", "2025-11-20T17:03:00Z"),
        ("Вера", "2025-03-04T00:00:00Z"),
    ] {
        assert_eq!(client_named(&k, name)["created_at"], created, "{name}");
    }
}
