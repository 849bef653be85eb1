//! `konveyer robots`: the robots of the config, one a line, and with
//! `--dry-run N ID` what robot N would do for a client — nothing written.

use std::io::Write;

use super::args::RobotsArgs;
use super::ctx::{Ctx, Failure};
use crate::error::Error;
use crate::i18n::{self, tr, tr_args};
use crate::service::Robot;

/// What a robot does, in a few words: its reminder (and when), its command.
fn does(ctx: &Ctx, r: &Robot) -> String {
    let lang = ctx.lang;
    let mut parts = Vec::new();
    if let Some(text) = &r.remind {
        let when = r
            .after
            .clone()
            .unwrap_or_else(|| format!("+{}d", r.in_days));
        let args = crate::args![text = text.clone(), when = when];
        parts.push(tr_args(lang, "robots-remind", args));
    }
    if !r.run.is_empty() {
        let args = crate::args![command = r.run.join(" ")];
        parts.push(tr_args(lang, "robots-run", args));
    }
    parts.join("; ")
}

/// Its filters: `stage qualifier`, `source website`.
fn filters(r: &Robot) -> String {
    let mut out = Vec::new();
    if let Some(stage) = &r.stage {
        out.push(format!("stage {stage}"));
    }
    if let Some(source) = &r.source {
        out.push(format!("source {source}"));
    }
    out.join(", ")
}

pub(super) fn robots(ctx: &Ctx, a: RobotsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let robots = &ctx.config().robots;
    let lang = ctx.lang;
    let Some(dry) = a.dry_run else {
        if robots.is_empty() {
            writeln!(out, "{}", tr(lang, "robots-none"))?;
        }
        for (i, r) in robots.iter().enumerate() {
            let filters = match filters(r) {
                f if f.is_empty() => String::new(),
                f => format!(" [{f}]"),
            };
            writeln!(out, "{:>3}  on {}{filters}  {}", i + 1, r.on, does(ctx, r))?;
        }
        return Ok(());
    };
    let (n, id) = (dry[0], dry[1]);
    let robot = usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| robots.get(i))
        .ok_or(Error::NoRobot(n, robots.len()))?;
    let store = ctx.reading(|s| s.read().client(id).map(drop))?;
    let client = store.read().client(id)?;
    let who = i18n::who(&client);
    let event = robot.event().ok_or(Error::NoRobot(n, robots.len()))?;
    if !robot.applies(event, &client) {
        let args = crate::args![n = n, who = who, filters = filters(robot)];
        writeln!(out, "{}", tr_args(lang, "robots-dry-not", args))?;
        return Ok(());
    }
    let args = crate::args![n = n, who = who, on = robot.on.clone()];
    writeln!(out, "{}", tr_args(lang, "robots-dry", args))?;
    if let Some(text) = &robot.remind {
        let (day, at) = robot.due(ctx.now);
        let due = match at {
            Some(at) => crate::service::utc_to_local(at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => day.to_string(),
        };
        let args = crate::args![text = text.clone(), due = due];
        writeln!(out, "  {}", tr_args(lang, "robots-dry-remind", args))?;
    }
    if !robot.run.is_empty() {
        let args = crate::args![command = robot.run.join(" ")];
        writeln!(out, "  {}", tr_args(lang, "robots-dry-run", args))?;
    }
    writeln!(out, "  {}", tr(lang, "robots-dry-nothing"))?;
    Ok(())
}
