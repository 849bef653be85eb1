//! The real binary in a real terminal (tmux): open the board, move a card
//! with keys, quit, and check the database and that the terminal is back
//! in its normal mode. Also a SIGTERM ends the board through the teardown.
//! Needs tmux (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T10:00";

struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str) -> Tmux {
        let dir = tempfile::tempdir().expect("dir");
        let tmux = Tmux {
            socket: format!("konveyer-test-{}-{name}", std::process::id()),
            dir,
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "k",
            "-x",
            "100",
            "-y",
            "30",
            "env",
            "PS1=$ ",
            "TZ=UTC",
            &format!("KONVEYER_NOW={NOW}"),
            "LANG=C.UTF-8",
            "bash",
            "--norc",
            "--noprofile",
        ]);
        assert!(out.status.success(), "tmux could not start: {out:?}");
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (see .ci/run)")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "k"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "k"]).stdout).into_owned()
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {what:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_until_gone(&self, what: &str) {
        let start = Instant::now();
        while self.screen().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{what:?} stayed on screen"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alternate_screen(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", "k", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    fn wait_for_shell(&self) {
        let start = Instant::now();
        while self.alternate_screen() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the board did not end"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `stty -a` as the shell in the pane sees it.
    fn stty(&self) -> String {
        let file = self.dir.path().join("stty.txt");
        // The marker is computed so that the typed command itself does not match.
        self.keys(&[
            &format!("stty -a > {} && echo STTY_$((6 * 7))", file.display()),
            "Enter",
        ]);
        self.wait_for("STTY_42");
        std::fs::read_to_string(file).expect("stty output")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn konveyer(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_konveyer"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("KONVEYER_NOW", NOW)
        .env("KONVEYER_CONFIG", db.with_extension("toml"))
        .env("TZ", "UTC")
        .env("LANG", "C")
        .output()
        .expect("run konveyer");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn demo_db(tmux: &Tmux) -> PathBuf {
    let db = tmux.dir.path().join("board.db");
    konveyer(&db, &["demo"]);
    db
}

fn assert_terminal_restored(tmux: &Tmux) {
    assert!(!tmux.alternate_screen(), "still on the alternate screen");
    let stty = tmux.stty();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo "),
        "raw mode left on:\n{stty}"
    );
}

#[test]
fn a_card_moved_with_keys_lands_in_the_database_and_the_terminal_comes_back() {
    let tmux = Tmux::start("move");
    let db = demo_db(&tmux);
    let first: serde_json::Value =
        serde_json::from_str(&konveyer(&db, &["list", "--stage", "t", "--json"])).expect("json");
    let id = first[0]["id"].as_i64().expect("id");
    let name = first[0]["name"].as_str().expect("name").to_string();

    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    let screen = tmux.wait_for("Telemarketer");
    assert!(
        screen.contains("? ") && screen.contains("help"),
        "footer hints:\n{screen}"
    );
    tmux.keys(&["L"]);
    tmux.wait_for("telemarketer → qualifier");
    tmux.keys(&["?"]);
    tmux.wait_for("card to the next station");
    // Esc and q sent together would read as Alt-q; close the help first.
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("card to the next station");
    tmux.keys(&["q"]);
    tmux.wait_for_shell();
    assert_terminal_restored(&tmux);

    let shown: serde_json::Value =
        serde_json::from_str(&konveyer(&db, &["show", &id.to_string(), "--json"])).expect("json");
    assert_eq!(shown["stage"], "qualifier", "{name} was moved with L");
}

#[test]
fn sigterm_ends_the_board_through_the_normal_teardown() {
    let tmux = Tmux::start("term");
    let db = demo_db(&tmux);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    tmux.wait_for("Telemarketer");
    let pid = find_pid(&db).expect("the board's process");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    tmux.wait_for_shell();
    assert_terminal_restored(&tmux);
}

/// The process whose command line names `db`.
fn find_pid(db: &Path) -> Option<u32> {
    let needle = db.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            (cmdline.contains("konveyer") && cmdline.contains(&needle) && !cmdline.contains("bash"))
                .then_some(pid)
        })
}

#[test]
fn closing_the_terminal_ends_the_board() {
    let tmux = Tmux::start("hangup");
    let db = demo_db(&tmux);
    let bin = env!("CARGO_BIN_EXE_konveyer");
    tmux.keys(&[&format!("{bin} --db {}", db.display()), "Enter"]);
    tmux.wait_for("Telemarketer");
    let pid = find_pid(&db).expect("the board's process");
    let _ = tmux.run(&["kill-server"]);
    let start = Instant::now();
    // Gone, or a zombie waiting for its new parent to reap it.
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit(')')
                    .next()
                    .map(|rest| rest.trim_start().to_string())
            })
            .is_some_and(|rest| !rest.starts_with('Z'))
    };
    while alive(pid) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the board outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
