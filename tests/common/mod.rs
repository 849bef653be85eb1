//! What the end-to-end tests share: the built binary on a temp database,
//! with a fixed clock, time zone and language.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub(crate) mod team;
pub(crate) mod tmux;

pub(crate) const NOW: &str = "2026-11-23T10:00";

/// Files other programs wrote, copied with their sources and licences
/// (`tests/fixtures/SOURCES.md`).
pub(crate) const TEST_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

pub(crate) struct Env {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub(crate) fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("konveyer.db");
        Env { _dir: dir, db }
    }

    pub(crate) fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// A file `name` in the test's directory holding `contents`: its path,
    /// as a command's argument.
    pub(crate) fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.dir().join(name);
        std::fs::write(&path, contents).expect("write");
        path.to_str().expect("a path in UTF-8").to_string()
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.std_cmd(args))
    }

    /// [`Env::cmd`] as the standard library's command: its output can go
    /// where a test says (a file it appends to, a pipe).
    pub(crate) fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_konveyer"));
        cmd.args(args)
            .env("KONVEYER_DB", &self.db)
            .env("KONVEYER_NOW", NOW)
            .env("KONVEYER_CONFIG", self.dir().join("config.toml"))
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("KONVEYER_LANG");
        cmd
    }

    /// Runs a command that must succeed; returns its stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    pub(crate) fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("run");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {:?}", out);
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        String::from_utf8(out.stderr).expect("utf-8")
    }

    /// Runs a command that must succeed at a moment of a scripted history
    /// (`KONVEYER_NOW`); returns its stdout.
    pub(crate) fn at(&self, when: &str, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .env("KONVEYER_NOW", when)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{args:?} at {when}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    pub(crate) fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }
}

/// The newest entry of `kind` on a `show --json` client's timeline
/// (newest first).
pub(crate) fn latest_entry(shown: &Value, kind: &str) -> Value {
    let timeline = shown["timeline"].as_array();
    let entry = timeline.and_then(|t| t.iter().find(|a| a["kind"] == kind));
    entry
        .cloned()
        .unwrap_or_else(|| panic!("no {kind} on the timeline of {shown}"))
}

/// The listed client of this name (active or lost).
pub(crate) fn client_named(k: &Env, name: &str) -> Value {
    let list = k.json(&["list", "--status", "all", "--json"]);
    list.as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == name).cloned())
        .unwrap_or_else(|| panic!("{name} in {list}"))
}
