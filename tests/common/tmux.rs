//! The real binary in a real terminal: a tmux server on a socket of its
//! own (killed when the test ends), keys typed, the screen read. Needs
//! tmux (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::NOW;

pub(crate) struct Tmux {
    socket: String,
    pub(crate) dir: tempfile::TempDir,
}

impl Tmux {
    pub(crate) fn start(name: &str) -> Tmux {
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

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (see .ci/run)")
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "k"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    pub(crate) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "k"]).stdout).into_owned()
    }

    pub(crate) fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                let settled = self.settled(screen.clone());
                return match settled.contains(what) {
                    true => settled,
                    false => screen,
                };
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {what:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `screen` once the frame it is part of is drawn whole: the pane as
    /// it reads when two looks 50 ms apart agree (a frame arrives in
    /// pieces; on a busy machine a look may fall between them). A screen
    /// that keeps changing is taken as it is after a second.
    fn settled(&self, mut screen: String) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(50));
            let again = self.screen();
            if again == screen {
                break;
            }
            screen = again;
        }
        screen
    }

    pub(crate) fn wait_until_gone(&self, what: &str) {
        let start = Instant::now();
        while self.screen().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{what:?} stayed on screen"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(crate) fn alternate_screen(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", "k", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    pub(crate) fn wait_for_shell(&self) {
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
    pub(crate) fn stty(&self) -> String {
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

/// The binary with `args`, at the tests' moment, time zone and language.
pub(crate) fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_konveyer"));
    cmd.args(args)
        .env("KONVEYER_NOW", NOW)
        .env("TZ", "UTC")
        .env("LANG", "C");
    cmd
}

/// Runs `cmd`, which must succeed; its stdout.
pub(crate) fn output_of(mut cmd: Command) -> String {
    let out = cmd.output().expect("run konveyer");
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

pub(crate) fn konveyer(db: &Path, args: &[&str]) -> String {
    let mut cmd = command(args);
    cmd.arg("--db")
        .arg(db)
        .env("KONVEYER_CONFIG", db.with_extension("toml"));
    output_of(cmd)
}

pub(crate) fn demo_db(tmux: &Tmux) -> PathBuf {
    let db = tmux.dir.path().join("board.db");
    konveyer(&db, &["demo"]);
    db
}

pub(crate) fn assert_terminal_restored(tmux: &Tmux) {
    assert!(!tmux.alternate_screen(), "still on the alternate screen");
    let stty = tmux.stty();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo "),
        "raw mode left on:\n{stty}"
    );
}

pub(crate) fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&konveyer(db, args)).expect("json")
}

/// Types text literally (Cyrillic included), not as key names.
pub(crate) fn type_text(tmux: &Tmux, text: &str) {
    assert!(
        tmux.run(&["send-keys", "-t", "k", "-l", text])
            .status
            .success()
    );
}
