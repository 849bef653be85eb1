//! The commands about one client: add, list, show, move, log, lose, revive,
//! edit, delete, merge.

use std::io::Write;

use super::args::{self, AddArgs, EditArgs, ListArgs, LogArgs, StatusArg};
use super::ctx::{Ctx, Failure};
use super::input::confirm;
use super::{import, print, safe};
use crate::domain::money::Typed;
use crate::domain::when::parse_when;
use crate::domain::{ActivityKind, CallOutcome, NewClient, Stage, StageTarget, Status};
use crate::error::Error;
use crate::i18n;
use crate::present;
use crate::service;
use crate::store::ClientFilter;

/// `konveyer add`: one client from flags, or leads as JSON (`--json`).
pub(super) fn add(ctx: &Ctx, a: AddArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let args::Contact {
        company,
        phone,
        other_phones,
        email,
        source,
    } = a.contact;
    if a.json {
        return import::intake(ctx, &a.name, source, a.stage.as_deref(), out);
    }
    let (phone, other_phones) = numbers(phone, other_phones);
    let stage = a.stage.as_deref().map(Stage::parse).transpose()?;
    let (value, expected_on) = deal(ctx, &a.deal)?;
    let new = NewClient {
        name: a.name,
        company,
        phone,
        other_phones,
        email,
        source,
        stage,
        notes: a.note,
        tags: None,
        referred_by: a.referred_by,
        value: value.flatten().map(|typed| typed.or_in(ctx.currency())),
        expected_on: expected_on.flatten(),
    };
    let (region, anyway) = (ctx.config().region(), a.allow_duplicate);
    let added = ctx.with_store(true, |s| {
        service::add_typed(s, ctx.now, new, region, anyway)
    })?;
    writeln!(out, "{}", added.id)?;
    if let Some(colleague) = &added.shares_line {
        // A note for a person, on stderr: stdout is the id alone.
        safe::eprint_line(&i18n::shares_line(ctx.lang, colleague));
    }
    ctx.robots(&[service::RobotEvent::Created], added.id)?;
    Ok(())
}

/// `--phone` with several numbers, as the board's phone field takes them:
/// the first to dial, the rest the client's other numbers (then those of
/// `--other-phones`).
fn numbers(phone: Option<String>, others: Option<String>) -> (Option<String>, Option<String>) {
    match phone {
        Some(several) if several.contains([',', ';']) => {
            crate::domain::model::first_and_others(&several, others.as_deref())
        }
        phone => (phone, others),
    }
}

/// `konveyer list`: each row printed as it is read, so a million clients
/// list in constant memory.
pub(super) fn list(ctx: &Ctx, a: ListArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let filter = ClientFilter {
        stage: a.stage.as_deref().map(Stage::parse).transpose()?,
        status: match a.status {
            StatusArg::Active => Some(Status::Active),
            StatusArg::Lost => Some(Status::Lost),
            StatusArg::All => None,
        },
        ..ClientFilter::default()
    };
    let store = ctx.reading(|_| Ok(()))?;
    let db = store.read();
    let conveyor = db.conveyor()?;
    let segments = listed_segments(ctx, &store, a.json)?;
    let stages = db.stages_held(filter.stage, filter.status)?;
    let mut rows = print::ClientRows::new(
        out, ctx.lang, ctx.now, &conveyor, &segments, a.json, &stages,
    )?;
    db.each_listed(&filter, |c| rows.row(&c).map_err(Failure::from))?;
    if rows.finish()? == 0 && !a.json {
        let total = db.count_clients(None, None)?;
        // A hint for a person, on stderr so that scripts see no rows.
        let t = i18n::texts(ctx.lang);
        safe::eprint_line(if total == 0 { t.no_clients } else { t.no_match });
    }
    Ok(())
}

/// Each client's class for a listing's JSON rows (`"segment"`): every payer
/// ranked, at a million clients most of a short listing's time. The text
/// table shows none, so nothing is read for it (`json` false).
fn listed_segments(
    ctx: &Ctx,
    store: &crate::store::Store,
    json: bool,
) -> Result<std::collections::HashMap<i64, crate::domain::segment::Segment>, Failure> {
    match json {
        true => Ok(service::segment_map(
            store,
            ctx.now,
            ctx.currency(),
            ctx.config().segments,
        )?),
        false => Ok(Default::default()),
    }
}

/// `konveyer find`: the clients that best match the query, best first,
/// as `list` shows them (lost ones too).
pub(super) fn find(ctx: &Ctx, a: args::FindArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let query = a.query.join(" ");
    let store = ctx.reading(|_| Ok(()))?;
    let found = service::find(&store, &query, usize::from(a.limit))?;
    let db = store.read();
    let conveyor = db.conveyor()?;
    let segments = listed_segments(ctx, &store, a.json && !found.is_empty())?;
    let stages: Vec<Stage> = found.iter().map(|c| c.stage).collect();
    // Who is calling, or the number to call back: each row's phone.
    let mut rows = print::ClientRows::new(
        out, ctx.lang, ctx.now, &conveyor, &segments, a.json, &stages,
    )?
    .with_phones(&found);
    for c in &found {
        rows.row(c)?;
    }
    if rows.finish()? == 0 && !a.json {
        // A hint for a person, on stderr so that scripts see no rows.
        safe::eprint_line(&i18n::tr_args(
            ctx.lang,
            "find-none",
            crate::args![query = query],
        ));
    }
    Ok(())
}

/// `konveyer show`: a client's fields, reminders, orders and timeline.
pub(super) fn show(ctx: &Ctx, id: i64, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.reading(|s| s.read().client(id).map(drop))?;
    let detail = service::client_detail(&store, ctx.now, id)?;
    let segment = service::segment_of(&store, ctx.now, id, ctx.currency(), ctx.config().segments)?;
    print::detail(out, ctx.lang, &detail, segment.as_ref(), json)?;
    Ok(())
}

/// `konveyer move`: to a station, or the next or previous one.
pub(super) fn move_to(ctx: &Ctx, id: i64, stage: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let target = StageTarget::parse(stage)?;
    let moved = ctx.with_store(false, |s| service::move_client(s, ctx.now, id, target))?;
    let who = print::who(&moved.client);
    writeln!(out, "{}", present::moved(ctx.lang, &who, &moved))?;
    ctx.robots(&[service::RobotEvent::Entered(moved.to)], id)?;
    Ok(())
}

/// `konveyer log`: a call with its outcome, or a meeting, e-mail or note.
pub(super) fn log(ctx: &Ctx, a: LogArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let (lang, now, id) = (ctx.lang, ctx.now, a.id);
    let kind = ActivityKind::parse_loggable(&a.kind)?;
    let outcome = a.outcome.as_deref().map(CallOutcome::parse).transpose()?;
    let when =
        a.at.as_deref()
            .map(|w| parse_when(w, now.local))
            .transpose()?;
    let text = a.text.as_deref();
    match outcome {
        Some(_) if kind != ActivityKind::Call => Err(Error::OutcomeNotForCall.into()),
        Some(CallOutcome::CallBack) if when.is_none() => Err(Error::CallBackNeedsAt.into()),
        Some(outcome) => {
            let call = service::Call {
                outcome,
                text,
                when,
                duration_secs: a
                    .duration
                    .as_deref()
                    .map(super::input::duration_secs)
                    .transpose()?,
            };
            let cadence = ctx.config().calls.cadence();
            let logged = ctx.with_store(false, |s| {
                service::log_call(s, now, id, call, lang, &cadence)
            })?;
            let who = print::who(&logged.client);
            writeln!(
                out,
                "{}",
                present::call_logged(lang, &who, &logged, now.today())
            )?;
            ctx.robots(&service::after_call(&logged), id)?;
            Ok(())
        }
        None => {
            let client = ctx.with_store(false, |s| {
                service::log_activity(s, now, id, kind, text, None)
            })?;
            writeln!(out, "{}", i18n::logged(lang, kind, &print::who(&client)))?;
            Ok(())
        }
    }
}

/// `konveyer lose`: lost, with the reason.
pub(super) fn lose(ctx: &Ctx, a: args::LoseArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let id = a.id;
    let back = a
        .back
        .as_deref()
        .map(|w| crate::domain::when::parse_date(w, ctx.now.local))
        .transpose()?;
    let client = ctx.with_store(false, |s| {
        service::lose_until(s, ctx.now, id, &a.reason, back)
    })?;
    let reason = client.lost_reason.as_deref().unwrap_or_default();
    writeln!(
        out,
        "{}",
        i18n::lost(ctx.lang, &print::who(&client), reason)
    )?;
    ctx.robots(&[service::RobotEvent::Lost], id)?;
    Ok(())
}

/// `konveyer revive`: a lost client back into its station.
pub(super) fn revive(ctx: &Ctx, id: i64, out: &mut dyn Write) -> Result<(), Failure> {
    let client = ctx.with_store(false, |s| service::revive(s, ctx.now, id))?;
    let line = i18n::revived(ctx.lang, &print::who(&client), client.stage);
    writeln!(out, "{line}")?;
    Ok(())
}

/// `konveyer edit`: only the fields given change.
pub(super) fn edit(ctx: &Ctx, a: EditArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let EditArgs {
        id,
        name,
        contact:
            args::Contact {
                company,
                phone,
                other_phones,
                email,
                source,
            },
        tags,
        note,
        deal: given_deal,
    } = a;
    let given = [
        &name,
        &company,
        &phone,
        &other_phones,
        &email,
        &source,
        &tags,
        &note,
    ];
    let (value, expected_on) = deal(ctx, &given_deal)?;
    if given.iter().all(|v| v.is_none()) && value.is_none() && expected_on.is_none() {
        return Err(Error::NothingToChange.into());
    }
    let (phone, other_phones) = numbers(phone, other_phones);
    let region = ctx.config().region();
    let client = ctx.with_store(false, |s| {
        // A new value without a currency is in the client's: its deal's,
        // else its newest order's (read only when a value is given).
        let bare = match value {
            Some(_) => {
                let read = s.read();
                service::bare_currency(&read, &read.client(id)?, ctx.currency())?
            }
            None => ctx.currency().to_string(),
        };
        service::patch_typed(s, ctx.now, id, region, |c| {
            let set = |field: &mut Option<String>, value: Option<String>| {
                if let Some(v) = value {
                    *field = Some(v);
                }
            };
            if let Some(name) = name {
                c.name = name;
            }
            set(&mut c.company, company);
            set(&mut c.phone, phone);
            set(&mut c.other_phones, other_phones);
            set(&mut c.email, email);
            set(&mut c.source, source);
            set(&mut c.tags, tags);
            set(&mut c.notes, note);
            if let Some(value) = value {
                c.value = value.map(|typed| typed.or_in(&bare));
            }
            if let Some(on) = expected_on {
                c.expected_on = on;
            }
        })
    })?;
    writeln!(out, "{}", i18n::edited(ctx.lang, &print::who(&client)))?;
    Ok(())
}

/// `konveyer delete`: asks first on a terminal (before the transaction, so
/// no lock is held while a person reads).
pub(super) fn delete(ctx: &Ctx, id: i64, yes: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open(false)?;
    let client = store.read().client(id)?;
    if !yes {
        confirm(&i18n::confirm_delete(ctx.lang, &print::who(&client)))?;
    }
    ctx.on(&mut store, |s| service::delete_client(s, id))?;
    writeln!(out, "{}", i18n::deleted(ctx.lang, &print::who(&client)))?;
    Ok(())
}

/// `konveyer merge`: the duplicate `from` into `id`.
pub(super) fn merge(ctx: &Ctx, id: i64, from: i64, out: &mut dyn Write) -> Result<(), Failure> {
    let client = ctx.with_store(false, |s| service::merge_clients(s, ctx.now, id, from))?;
    writeln!(
        out,
        "{}",
        i18n::merged(ctx.lang, from, &print::who(&client))
    )?;
    Ok(())
}

/// `--value` and `--expected` as given: `None` when not given, `Some(None)`
/// when given empty (clear it).
type Given<T> = Option<Option<T>>;

fn deal(ctx: &Ctx, d: &args::Deal) -> Result<(Given<Typed>, Given<chrono::NaiveDate>), Error> {
    fn given(text: &Option<String>) -> Option<Option<&str>> {
        text.as_deref()
            .map(|t| Some(t.trim()).filter(|t| !t.is_empty()))
    }
    let value = given(&d.value)
        .map(|v| v.map(Typed::parse).transpose())
        .transpose()?;
    let expected = given(&d.expected)
        .map(|w| {
            w.map(|w| crate::domain::when::parse_date(w, ctx.now.local))
                .transpose()
        })
        .transpose()?;
    Ok((value, expected))
}

/// `konveyer dial`: the client's number (its `which`th, from 1) to the
/// dialler of the config; with none, on a terminal the number is put on
/// its clipboard (OSC 52), else printed for a script.
pub(super) fn dial(
    ctx: &Ctx,
    id: i64,
    which: Option<u16>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let store = ctx.reading(|s| s.read().client(id).map(drop))?;
    let client = store.read().client(id)?;
    let (n, count) = (which.unwrap_or(1), client.phones().count());
    if count > 0 && usize::from(n) > count {
        return Err(Error::NoSuchNumber { id, n, count }.into());
    }
    let at = usize::from(n) - 1;
    let number = service::number_of(&client, at, ctx.config().region())?;
    let program = &ctx.config().dial;
    let lang = ctx.lang;
    if let Some(name) = program.first() {
        service::dial(program, &number)?;
        let args = crate::args![phone = number.clone(), program = name.clone()];
        writeln!(out, "{}", i18n::tr_args(lang, "dial-started", args))?;
    } else if std::io::stdout().is_terminal() {
        write!(out, "{}", service::clipboard_sequence(&number))?;
        let args = crate::args![phone = number.clone()];
        writeln!(out, "{}", i18n::tr_args(lang, "dial-copied", args))?;
    } else {
        writeln!(out, "{number}")?;
        let args = crate::args![phone = number.clone()];
        safe::eprint_line(&i18n::tr_args(lang, "dial-printed", args));
    }
    Ok(())
}
