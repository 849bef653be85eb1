//! Nobody blocks the team: a large import writes in chunks while others
//! write, and a writer stopped mid-transaction holds nobody up beyond the
//! server's timeout (docs/team.md).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::team::Team;

use konveyer::store::test_server::url_as;

/// A CSV of `n` leads with phones of their own.
fn leads_csv(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("leads.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "Name,Phone").unwrap();
    for i in 0..n {
        writeln!(f, "Lead {i},+7 901 {:03} {:04}", i / 10_000, i % 10_000).unwrap();
    }
    f.flush().unwrap();
    path
}

/// The server process of the session with which `who` holds the team's
/// writes, if they hold them now.
fn holding_writes(t: &Team, who: &str) -> Option<i32> {
    t.admin()
        .query_opt(
            "SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 1263422806
               AND a.usename = $1 AND a.datname = current_database()",
            &[&who],
        )
        .unwrap()
        .map(|r| r.get(0))
}

/// Starts `konveyer import FILE` as `who`, in the background.
fn import_as(t: &Team, who: &str, file: &std::path::Path) -> std::process::Child {
    let mut cmd = t.k.std_cmd(&["import", file.to_str().unwrap()]);
    cmd.env("KONVEYER_DB", url_as(&t.url, who))
        .env_remove("KONVEYER_USER")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd.spawn().unwrap()
}

/// Waits until the import has written something.
fn wait_for_clients(t: &Team, import: &mut std::process::Child, more_than: i64) {
    let start = std::time::Instant::now();
    while t.one::<i64>("SELECT count(*) FROM clients") <= more_than {
        if import.try_wait().unwrap().is_some() {
            let mut err = String::new();
            std::io::Read::read_to_string(import.stderr.as_mut().unwrap(), &mut err).unwrap();
            panic!("the import ended first: {err}");
        }
        assert!(start.elapsed().as_secs() < 120, "the import wrote nothing");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn team_during_a_large_import_another_persons_add_lands_within_seconds() {
    let t = Team::new();
    let file = leads_csv(t.k.dir(), 60_000);
    let mut import = import_as(&t, "boris", &file);
    wait_for_clients(&t, &mut import, 2);
    let start = std::time::Instant::now();
    t.ok("anna", &["add", "Walked In Meanwhile"]);
    let took = start.elapsed();
    assert!(
        took < std::time::Duration::from_secs(3),
        "anna's add waited {took:?} for the import"
    );
    assert!(holding_writes(&t, "boris").is_some() || import.try_wait().unwrap().is_none());
    import.kill().unwrap();
    import.wait().unwrap();
    assert_eq!(
        t.one::<i64>("SELECT count(*) FROM clients WHERE name = 'Walked In Meanwhile'"),
        1
    );
}

#[test]
fn team_a_writer_stopped_mid_write_blocks_nobody_beyond_the_timeout() {
    let t = Team::new();
    let file = leads_csv(t.k.dir(), 60_000);
    let mut import = import_as(&t, "boris", &file);
    wait_for_clients(&t, &mut import, 2);
    // Stop the importer while it holds the team's writes (SIGSTOP, as a
    // laptop whose lid closes mid-write).
    let pid = import.id().to_string();
    let start = std::time::Instant::now();
    loop {
        assert!(
            start.elapsed().as_secs() < 60,
            "never caught holding the writes"
        );
        let stop = std::process::Command::new("kill")
            .args(["-STOP", &pid])
            .status();
        assert!(stop.unwrap().success());
        std::thread::sleep(std::time::Duration::from_millis(100));
        if holding_writes(&t, "boris").is_some() {
            break;
        }
        std::process::Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    // Anna's write is told who holds the writes, then lands once the
    // server has ended the silent session.
    let stopped = std::time::Instant::now();
    let mut told = None;
    loop {
        let out = t.cmd("anna", &["add", "Written Anyway"]).output().unwrap();
        if out.status.success() {
            break;
        }
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(err.contains("held by boris"), "{err}");
        told = Some(err);
        assert!(stopped.elapsed().as_secs() < 40, "still blocked: {told:?}");
    }
    let took = stopped.elapsed();
    assert!(told.is_some(), "the stopped writer held nothing");
    assert!(took.as_secs() < 30, "blocked for {took:?}");
    // The importer, woken, finds its session ended: it says how far it got.
    std::process::Command::new("kill")
        .args(["-CONT", &pid])
        .status()
        .unwrap();
    let out = import.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the import stopped after"), "{err}");
}

#[test]
fn team_an_import_says_it_was_written_in_chunks() {
    let t = Team::new();
    let file = leads_csv(t.k.dir(), 1_200);
    let out = t.ok("boris", &["import", file.to_str().unwrap()]);
    assert!(out.starts_with("1200 rows: 1200 new"), "{out}");
    assert!(out.contains("written 500 rows at a time"), "{out}");
    assert_eq!(t.one::<i64>("SELECT count(*) FROM clients"), 1_202);
}
