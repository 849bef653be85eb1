//! Robots (README: Import, Export, Robots): when a client enters a station, is lost or pays, the
//! robots configured for that event add a reminder from a template and/or
//! run the user's own command with the client as JSON on stdin. They run
//! after the change is saved: a robot that fails or hangs is reported and
//! logged on the client's timeline, and the change stands.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::Now;
use crate::domain::{Activity, ActivityKind, Client, ReminderOrigin, Stage};
use crate::error::{ProgramFailure, Result};
use crate::store::address::{is_address, without_password};
use crate::store::{NewReminder, Store};

pub use crate::config::Robot;

/// What happened to a client, as robots hear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "event", content = "stage")]
pub enum Event {
    Entered(Stage),
    Created,
    Lost,
    Paid,
}

impl Robot {
    /// The event this robot waits for, if `on` names one: `enter:STATION`
    /// (or the station alone, as robots were first written), `created`,
    /// `lost` or `paid`.
    pub fn event(&self) -> Option<Event> {
        let on = self.on.trim().to_lowercase();
        match on.as_str() {
            "created" | "создан" => Some(Event::Created),
            "lost" | "потерян" => Some(Event::Lost),
            "paid" | "оплата" | "оплачено" => Some(Event::Paid),
            other => {
                let station = other
                    .strip_prefix("enter:")
                    .or_else(|| other.strip_prefix("вход:"))
                    .unwrap_or(other);
                Stage::parse(station.trim()).ok().map(Event::Entered)
            }
        }
    }

    /// Whether this robot acts on `event` for `client`: its event, and its
    /// station and source filters, if any.
    pub fn applies(&self, event: Event, client: &Client) -> bool {
        let stage = self
            .stage
            .as_deref()
            .is_none_or(|s| Stage::parse(s).is_ok_and(|s| s == client.stage));
        let source = self.source.as_deref().is_none_or(|s| {
            client
                .source
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(s.trim()))
        });
        self.event() == Some(event) && stage && source
    }

    /// When this robot's reminder falls due, from `now`: `after` (a WHEN),
    /// else `in_days` days on.
    pub fn due(&self, now: Now) -> (chrono::NaiveDate, Option<chrono::DateTime<chrono::Utc>>) {
        let when = self
            .after
            .as_deref()
            .and_then(|a| crate::domain::when::parse_when(a, now.local).ok())
            .unwrap_or_else(|| {
                crate::domain::When::Day(
                    now.today() + chrono::Duration::days(i64::from(self.in_days)),
                )
            });
        super::reminders::due_of(when)
    }
}

/// What a payment means to robots: paid, and at the farmer if it moved there.
pub fn after_payment(paid: &super::Paid) -> Vec<Event> {
    let mut events = vec![Event::Paid];
    if paid.promoted {
        events.push(Event::Entered(Stage::Farmer));
    }
    events
}

/// What a logged call means to robots: a station entered, or a loss.
pub fn after_call(logged: &super::CallLogged) -> Vec<Event> {
    // A call-back asked by a client lost before: nothing new happened.
    if logged.back_on.is_some() {
        return Vec::new();
    }
    match (logged.moved_to, logged.client.status) {
        (Some(to), _) => vec![Event::Entered(to)],
        (None, crate::domain::Status::Lost) => vec![Event::Lost],
        _ => Vec::new(),
    }
}

/// A robot that did not do its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotFailure {
    pub program: String,
    pub failure: ProgramFailure,
}

/// The JSON a robot's command reads on stdin.
#[derive(Serialize)]
struct Input<'a> {
    #[serde(flatten)]
    event: Event,
    at: String,
    client: &'a Client,
}

/// Runs the robots waiting for `event` on `client`: reminders added (one
/// write), commands run one after the other; failures logged on the
/// client's timeline (in `lang`, the words of the person who acted) and
/// returned.
pub fn fire(
    store: &mut Store,
    (now, lang): (Now, crate::i18n::Lang),
    robots: &[Robot],
    event: Event,
    client: &Client,
) -> Result<Vec<RobotFailure>> {
    let mine: Vec<&Robot> = robots.iter().filter(|r| r.applies(event, client)).collect();
    if mine.is_empty() || store.is_read_only() {
        return Ok(Vec::new());
    }
    let reminders: Vec<&Robot> = mine
        .iter()
        .copied()
        .filter(|r| r.remind.is_some())
        .collect();
    if !reminders.is_empty() {
        store.write(|db| {
            for r in &reminders {
                let (due_on, due_at) = r.due(now);
                db.insert_reminder(
                    &NewReminder {
                        client_id: Some(client.id),
                        text: r.remind.as_deref().unwrap_or_default(),
                        due_on,
                        due_at,
                        origin: ReminderOrigin::Manual,
                        order_id: None,
                        count: None,
                    },
                    now.utc,
                )?;
            }
            Ok(())
        })?;
    }
    let input = serde_json::to_vec(&Input {
        event,
        at: crate::store::ts(now.utc),
        client,
    })
    .map_err(|e| crate::error::Error::Io(e.to_string()))?;
    let mut failures = Vec::new();
    for r in mine.iter().filter(|r| !r.run.is_empty()) {
        if let Some(failure) = run(r, &input) {
            failures.push(RobotFailure {
                program: r.run[0].clone(),
                failure,
            });
        }
    }
    if !failures.is_empty() {
        store.write(|db| {
            for f in &failures {
                let text = crate::i18n::robot_note(lang, &f.program, &f.failure);
                db.insert_activity(
                    &Activity::new(client.id, now.utc, ActivityKind::Note).with_text(Some(&text)),
                )?;
            }
            Ok(())
        })?;
    }
    Ok(failures)
}

/// A program konveyer starts for the person (a robot, the dialler): `run`
/// is the program, then its arguments (no shell). It never sees a
/// password — the team database's address without it, and not libpq's
/// PGPASSWORD — nor the terminal; it runs in its own process group, so
/// that it is stopped with all it started.
pub(super) fn child_command(run: &[String]) -> Command {
    let mut command = Command::new(&run[0]);
    command
        .args(&run[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Ok(db) = std::env::var("KONVEYER_DB")
        && is_address(&db)
    {
        command.env("KONVEYER_DB", without_password(&db));
    }
    command.env_remove("PGPASSWORD");
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
}

/// Runs one robot's command with `input` on stdin; `None` when it went well.
fn run(robot: &Robot, input: &[u8]) -> Option<ProgramFailure> {
    let mut command = child_command(&robot.run);
    command.stdin(Stdio::piped()).stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return Some(ProgramFailure::NotStarted(e.to_string())),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A robot that does not read its input is its own business.
        let _ = stdin.write_all(input);
    }
    let limit = Duration::from_secs(u64::from(robot.timeout_secs));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return None,
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                let first = err.lines().next().unwrap_or_default().trim().to_string();
                return Some(ProgramFailure::Exit(status.code(), first));
            }
            Ok(None) if started.elapsed() >= limit => {
                // The whole group, by a system call: procps-ng 4.0's kill(1)
                // reads `-KILL -12345` as `-1`, every process there is.
                #[cfg(unix)]
                if let Ok(group) = i32::try_from(child.id()) {
                    use nix::sys::signal::{Signal, killpg};
                    let _ = killpg(nix::unistd::Pid::from_raw(group), Signal::SIGKILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Some(ProgramFailure::TimedOut(robot.timeout_secs));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Some(ProgramFailure::NotStarted(e.to_string())),
        }
    }
}
