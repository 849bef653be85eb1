//! Dialling: the client's number handed to the person's own dialler — a
//! program named in the config (`dial = ["kdeconnect-cli", "--share",
//! "tel:{phone}"]`, a softphone's command line), `{phone}` in its
//! arguments replaced by the number in E.164; no shell.

use std::time::{Duration, Instant};

use super::robots::child_command;
use crate::domain::Client;
use crate::domain::phone::Region;
use crate::error::{Error, ProgramFailure, Result};

/// How long a dialler is watched for failing at once; one that runs on
/// (a softphone during the call) is left to run.
const WATCHED: Duration = Duration::from_secs(2);

/// The number to dial: the client's `n`th (from 0: its phone, then its
/// other numbers, round again after the last) in E.164 when the region
/// reads it, else as written; `Error::NoPhone` without one.
pub fn number_of(client: &Client, n: usize, region: Region) -> Result<String> {
    let count = client.phones().count();
    let phone = match count {
        0 => None,
        _ => client.phones().nth(n % count),
    };
    let phone = phone.ok_or(Error::NoPhone(client.id))?;
    Ok(super::duplicates::typed_phone(phone, region))
}

/// Runs the dialler `program` for `number`: started, watched for a moment
/// for a failure (a program that is not there, an exit with an error);
/// a dialler still running then is left to run and reaped when it ends.
pub fn dial(program: &[String], number: &str) -> Result<()> {
    let run: Vec<String> = program
        .iter()
        .map(|a| a.replace("{phone}", number))
        .collect();
    let failed = |how: ProgramFailure| Error::DialFailed(run[0].clone(), how);
    let not_started = |e: std::io::Error| failed(ProgramFailure::NotStarted(e.to_string()));
    let mut child = child_command(&run).spawn().map_err(not_started)?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(failed(ProgramFailure::Exit(status.code(), String::new())));
            }
            Ok(None) if started.elapsed() >= WATCHED => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(not_started(e)),
        }
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard through the
/// terminal (xterm, kitty, iTerm2, tmux with `set-clipboard on` …).
pub fn clipboard_sequence(text: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}
