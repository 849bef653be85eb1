//! The commands about promises: remind, done, snooze, reminder edit and
//! delete, and the agenda.

use std::io::{self, IsTerminal, Write};

use super::args::{AgendaArgs, ReminderCommand};
use super::ctx::{Ctx, Failure};
use super::input::{parse_client_ref, screenful};
use super::print;
use crate::domain::Bucket;
use crate::domain::when::parse_when;
use crate::i18n::{self, format};
use crate::service;

/// `konveyer remind`: about a client, or (`-`) about no one; prints its id.
pub(super) fn remind(
    ctx: &Ctx,
    id: &str,
    text: &str,
    at: &str,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let client = parse_client_ref(id)?;
    let when = parse_when(at, ctx.now.local)?;
    let rid = ctx.with_store(client.is_none(), |s| {
        service::remind(s, ctx.now, client, text, when)
    })?;
    writeln!(out, "{rid}")?;
    Ok(())
}

/// `konveyer done`.
pub(super) fn done(ctx: &Ctx, rid: i64, out: &mut dyn Write) -> Result<(), Failure> {
    let reminder = ctx.with_store(false, |s| service::done(s, ctx.now, rid))?;
    writeln!(out, "{}", i18n::reminder_done(ctx.lang, reminder.id))?;
    Ok(())
}

/// `konveyer snooze`: to WHEN.
pub(super) fn snooze(ctx: &Ctx, rid: i64, when: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let when = parse_when(when, ctx.now.local)?;
    let reminder = ctx.with_store(false, |s| service::snooze(s, rid, when))?;
    writeln!(
        out,
        "{}",
        i18n::snoozed(ctx.lang, &reminder, ctx.now.today())
    )?;
    Ok(())
}

/// `konveyer reminder edit|delete`.
pub(super) fn reminder(
    ctx: &Ctx,
    action: ReminderCommand,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    match action {
        ReminderCommand::Edit { rid, text, at } => {
            let when = at
                .as_deref()
                .map(|w| parse_when(w, ctx.now.local))
                .transpose()?;
            let r = ctx.with_store(false, |s| {
                service::edit_reminder(s, rid, text.as_deref(), when)
            })?;
            writeln!(out, "{}", i18n::reminder_edited(lang, &r, ctx.now.today()))?;
        }
        ReminderCommand::Delete { rid } => {
            let r = ctx.with_store(false, |s| service::delete_reminder(s, rid))?;
            let text = format::reminder_text(lang, &r);
            writeln!(out, "{}", i18n::reminder_deleted_cli(lang, rid, &text))?;
        }
    }
    Ok(())
}

/// `konveyer agenda`: a person at a terminal gets a screenful per section;
/// scripts (a pipe, `--json`) and `--all` get everything. Stale cards come
/// one by one in JSON and with `--all`, otherwise a line per station (a
/// million clients have hundreds of thousands). Each list is written as
/// it is read: only the agenda's head is kept.
pub(super) fn agenda(ctx: &Ctx, a: AgendaArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.reading(|_| Ok(()))?;
    let everything = a.all || a.json || !io::stdout().is_terminal();
    let limit = match (a.limit, everything) {
        (Some(n), _) => Some(n),
        (None, true) => None,
        (None, false) => Some(screenful()),
    };
    // `--mine`: the cards of whoever you are on a team (as your board
    // shows them); a file with no people is all yours already.
    let owner = a.mine.then(|| store.actor()).flatten();
    let head = service::agenda_head(&store, ctx.now, &ctx.config().rules, limit, owner)?;
    let buckets = [Bucket::Overdue, Bucket::Today, Bucket::Upcoming];
    if a.json {
        let mut json = print::AgendaJson::new(out, ctx.lang);
        for (bucket, key) in buckets.into_iter().zip(["overdue", "today", "upcoming"]) {
            json.list(key)?;
            service::each_due_reminder(&store, ctx.now, bucket, limit, owner, |r| {
                json.reminder(&r).map_err(Failure::from)
            })?;
        }
        json.list("stale")?;
        service::each_stale_card(&store, ctx.now, limit, owner, |card| {
            json.item(&card).map_err(Failure::from)
        })?;
        json.list("unpaid")?;
        service::each_unpaid(&store, ctx.now, limit, owner, |u| {
            json.item(&u).map_err(Failure::from)
        })?;
        json.finish(&head)?;
        return Ok(());
    }
    let t = i18n::texts(ctx.lang);
    let mut text = print::AgendaText::new(out, ctx.lang, limit, &head.back)?;
    let titles = [t.overdue, t.today, t.upcoming];
    for ((bucket, title), total) in buckets.into_iter().zip(titles).zip(head.totals) {
        text.section(title, total)?;
        service::each_due_reminder(&store, ctx.now, bucket, limit, owner, |r| {
            text.reminder(&r).map_err(Failure::from)
        })?;
    }
    text.section(t.unpaid_invoices, head.totals[3])?;
    service::each_unpaid(&store, ctx.now, limit, owner, |u| {
        text.unpaid(&u).map_err(Failure::from)
    })?;
    text.farmers(&head)?;
    // A person's agenda counts the stale cards station by station; `--all`
    // lists them.
    match a.all || head.stale_by_station.is_empty() {
        true => {
            text.section(t.stale, head.totals[5])?;
            service::each_stale_card(&store, ctx.now, limit, owner, |card| {
                text.stale(&card).map_err(Failure::from)
            })?;
        }
        false => text.stale_by_station(&head.stale_by_station)?,
    }
    text.finish()?;
    Ok(())
}
