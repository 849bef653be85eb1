//! The command line: clap types, dispatch, and the exit-code contract
//! (0 ok, 1 a refused or failed command, 2 a usage error).

mod args;
mod ctx;
mod export;
mod import;
mod input;
mod print;
mod report;
mod team;

use ctx::{Ctx, Failure, default_db_path};
use input::{confirm, day_or_today, help_language, money, parse_client_ref, period_of, screenful};
mod safe;

pub use args::{Cli, Command, ReminderCommand, StatusArg};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::FromArgMatches;

use crate::config::Config;
use crate::domain::report::Period;
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{
    ActivityKind, CallOutcome, DomainError, NewClient, Stage, StageTarget, Status,
};
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::service::{self, Now};
use crate::store::{ClientFilter, Store};

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = args::command(help_language(&argv))
        .try_get_matches_from(&argv)
        .and_then(|m| {
            let named = m.value_source("user") == Some(clap::parser::ValueSource::CommandLine);
            Cli::from_arg_matches(&m).map(|cli| (cli, named))
        });
    let (cli, user_named) = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return code;
        }
    };
    let config_path = std::env::var_os("KONVEYER_CONFIG")
        .map(PathBuf::from)
        .or_else(crate::config::default_path);
    let config = match config_path.map(|p| Config::load(&p)).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(e) => {
            let lang = Lang::detect(cli.lang.as_deref(), |v| std::env::var(v).ok());
            return report(lang, e);
        }
    };
    let explicit = cli.lang.as_deref().or(config.lang.as_deref());
    let lang = Lang::detect(explicit, |v| std::env::var(v).ok());
    let fixed_now = match std::env::var("KONVEYER_NOW") {
        Ok(v) if !v.trim().is_empty() => match Now::parse(&v) {
            Ok(now) => Some(now),
            Err(e) => return report(lang, e),
        },
        _ => None,
    };
    let ctx = Ctx {
        lang,
        config,
        now: fixed_now.unwrap_or_else(Now::system),
        fixed_now,
        db: cli.db,
        user: cli.user,
        user_named,
    };
    let stdout = io::stdout();
    // Buffered: a listing of a million rows is not a write per line (the
    // one question asked, before a delete, goes to stderr).
    let mut out = safe::Safe(io::BufWriter::with_capacity(64 << 10, stdout.lock()));
    match run(&ctx, cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::from)) {
        Ok(()) => 0,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Output(e)) => report(lang, e.into()),
        Err(Failure::App(e)) => report(lang, e),
    }
}

fn report(lang: Lang, e: Error) -> i32 {
    safe::eprint_line(&format!("konveyer: {}", e.message(lang)));
    1
}

fn run(ctx: &Ctx, command: Option<Command>, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(command) = command else {
        let path = ctx.db_path()?;
        // The board may start a new base, and says so on its first screen.
        let first_run = (ctx.team_url().is_none() && !path.exists())
            .then(|| i18n::new_database(ctx.lang, &path));
        let store = ctx.open(true)?;
        crate::tui::run(
            store,
            ctx.lang,
            ctx.config.clone(),
            ctx.fixed_now,
            first_run,
        )?;
        return Ok(());
    };
    let lang = ctx.lang;
    let now = ctx.now;
    match command {
        Command::Demo => {
            // Without --db the demo gets its own file, made afresh each time,
            // so it never touches the real base and can always be rerun.
            let path = match &ctx.db {
                Some(_) if ctx.team_url().is_some() => return Err(Error::OnlyLocal("demo").into()),
                Some(path) => path.clone(),
                None => {
                    let path = default_db_path()?.with_file_name("demo.db");
                    crate::demo::remove_database(&path)?;
                    path
                }
            };
            let clients = crate::demo::create(&path, now, lang)?;
            writeln!(
                out,
                "{}",
                i18n::demo_written(lang, &path.display().to_string(), clients)
            )?;
            if io::stdout().is_terminal() && io::stdin().is_terminal() {
                out.flush()?;
                let mut store = Store::open(&path)?;
                service::apply_rules(&mut store, now, &ctx.config)?;
                crate::tui::run(store, lang, ctx.config.clone(), ctx.fixed_now, None)?;
            }
        }
        Command::Gen { clients } => {
            let path = ctx.local_path("gen")?;
            crate::generate::create(&path, now, clients)?;
            let store = Store::open_existing(&path)?;
            let counts = crate::generate::summary(&store)?;
            writeln!(out, "{}", i18n::generated(lang, &path, &counts))?;
        }
        Command::Add {
            name,
            contact: args::Contact { source, .. },
            stage,
            json: true,
            ..
        } => import::intake(ctx, &name, source, stage.as_deref(), out)?,
        Command::Add {
            name,
            contact:
                args::Contact {
                    company,
                    phone,
                    email,
                    source,
                },
            stage,
            note,
            referred_by,
            json: false,
        } => {
            let stage = stage.as_deref().map(Stage::parse).transpose()?;
            let new = NewClient {
                name,
                company,
                phone,
                email,
                source,
                stage,
                notes: note,
                tags: None,
                referred_by,
            };
            let id = ctx.with_store(true, |s| service::add_client(s, now, new))?;
            writeln!(out, "{id}")?;
        }
        Command::List {
            stage,
            status,
            json,
        } => {
            let filter = ClientFilter {
                stage: stage.as_deref().map(Stage::parse).transpose()?,
                status: match status {
                    StatusArg::Active => Some(Status::Active),
                    StatusArg::Lost => Some(Status::Lost),
                    StatusArg::All => None,
                },
                ..ClientFilter::default()
            };
            let store = ctx.reading(|_| Ok(()))?;
            let db = store.read();
            let conveyor = db.conveyor()?;
            let segments = service::segment_map(&store, now, ctx.currency(), ctx.config.segments)?;
            let stages = db.stages_held(filter.stage, filter.status)?;
            // Each row printed as it is read: a million clients in constant memory.
            let mut rows =
                print::ClientRows::new(out, lang, now, &conveyor, &segments, json, &stages)?;
            db.each_listed(&filter, |c| rows.row(&c).map_err(Failure::from))?;
            if rows.finish()? == 0 && !json {
                let total = db.count_clients(None, None)?;
                // A hint for a person, on stderr so that scripts see no rows.
                let t = i18n::texts(lang);
                safe::eprint_line(if total == 0 { t.no_clients } else { t.no_match });
            }
        }
        Command::Show { id, json } => {
            let store = ctx.reading(|s| s.read().client(id).map(drop))?;
            let detail = service::client_detail(&store, now, id)?;
            let segment =
                service::segment_of(&store, now, id, ctx.currency(), ctx.config.segments)?;
            print::detail(out, lang, &detail, segment.as_ref(), json)?;
        }
        Command::Move { id, stage } => {
            let target = StageTarget::parse(&stage)?;
            let moved = ctx.with_store(false, |s| service::move_client(s, now, id, target))?;
            let who = print::who(&moved.client);
            writeln!(out, "{}", i18n::moved(lang, &who, &moved))?;
            ctx.robots(&[service::RobotEvent::Entered(moved.to)], id)?;
        }
        Command::Log {
            id,
            kind,
            text,
            outcome,
            at,
        } => {
            let kind = ActivityKind::parse_loggable(&kind)?;
            let outcome = outcome.as_deref().map(CallOutcome::parse).transpose()?;
            let when = at
                .as_deref()
                .map(|w| parse_when(w, now.local))
                .transpose()?;
            match outcome {
                Some(_) if kind != ActivityKind::Call => {
                    return Err(Error::OutcomeNotForCall.into());
                }
                Some(CallOutcome::CallBack) if when.is_none() => {
                    return Err(Error::CallBackNeedsAt.into());
                }
                Some(outcome) => {
                    let logged = ctx.with_store(false, |s| {
                        service::log_call(s, now, id, outcome, text.as_deref(), when, lang)
                    })?;
                    let who = print::who(&logged.client);
                    let line = i18n::call_logged(lang, &who, &logged);
                    writeln!(out, "{line}")?;
                    let events = service::after_call(&logged);
                    ctx.robots(&events, id)?;
                }
                None => {
                    let client = ctx.with_store(false, |s| {
                        service::log_activity(s, now, id, kind, text.as_deref(), None)
                    })?;
                    writeln!(out, "{}", i18n::logged(lang, kind, &print::who(&client)))?;
                }
            }
        }
        Command::Lose { id, reason } => {
            let client = ctx.with_store(false, |s| service::lose(s, now, id, &reason))?;
            let reason = client.lost_reason.as_deref().unwrap_or_default();
            writeln!(out, "{}", i18n::lost(lang, &print::who(&client), reason))?;
            ctx.robots(&[service::RobotEvent::Lost], id)?;
        }
        Command::Revive { id } => {
            let client = ctx.with_store(false, |s| service::revive(s, now, id))?;
            writeln!(
                out,
                "{}",
                i18n::revived(lang, &print::who(&client), client.stage)
            )?;
        }
        Command::Remind { id, text, at } => {
            let client = parse_client_ref(&id)?;
            let when = parse_when(&at, now.local)?;
            let rid = ctx.with_store(client.is_none(), |s| {
                service::remind(s, now, client, &text, when)
            })?;
            writeln!(out, "{rid}")?;
        }
        Command::Done { rid } => {
            let reminder = ctx.with_store(false, |s| service::done(s, now, rid))?;
            writeln!(out, "{}", i18n::reminder_done(lang, reminder.id))?;
        }
        Command::Snooze { rid, when } => {
            let when = parse_when(&when, now.local)?;
            let reminder = ctx.with_store(false, |s| service::snooze(s, rid, when))?;
            writeln!(
                out,
                "{}",
                i18n::snoozed(lang, rid, &i18n::format::due_text(&reminder))
            )?;
        }
        Command::Agenda { json, limit, all } => {
            // Stale cards one by one for scripts and --all; otherwise a
            // line per station (a million clients have hundreds of thousands).
            let store = ctx.reading(|_| Ok(()))?;
            // A person at a terminal gets a screenful per section; scripts
            // (a pipe, --json) and --all get everything. Only what is
            // printed is kept.
            let limit = match (limit, all || json || !io::stdout().is_terminal()) {
                (Some(n), _) => Some(n),
                (None, true) => None,
                (None, false) => Some(screenful()),
            };
            let agenda = service::agenda(&store, now, &ctx.config.rules, all || json, limit)?;
            print::agenda(out, lang, &agenda, json, limit)?;
        }
        Command::Edit {
            id,
            name,
            contact:
                args::Contact {
                    company,
                    phone,
                    email,
                    source,
                },
            tags,
            note,
        } => {
            let given = [&name, &company, &phone, &email, &source, &tags, &note];
            if given.iter().all(|v| v.is_none()) {
                return Err(Error::NothingToChange.into());
            }
            let client = ctx.with_store(false, |s| {
                service::patch_client(s, now, id, |c| {
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
                    set(&mut c.email, email);
                    set(&mut c.source, source);
                    set(&mut c.tags, tags);
                    set(&mut c.notes, note);
                })
            })?;
            writeln!(out, "{}", i18n::edited(lang, &print::who(&client)))?;
        }
        Command::Report { period, format } => {
            let period = period_of(ctx, &period)?;
            let store = ctx.reading(|_| Ok(()))?;
            let r = service::report_of(&store, now, period, ctx.currency(), ctx.named_user())?;
            match format {
                args::Format::Json => print::json(out, &r)?,
                args::Format::Text => report::text(out, lang, &r, ctx.currency())?,
                args::Format::Md => report::markdown(out, lang, &r)?,
                args::Format::Csv => report::csv(out, &r)?,
            }
        }
        Command::Plan {
            week,
            day,
            targets,
            json,
        } => match ctx.named_user() {
            Some(login) if day.is_none() => {
                let week = match &week {
                    Some(w) => Period::parse_week(w)?,
                    None => Period::week_of(now.today()),
                };
                team::person_plan(ctx, login, week, &targets, json, out)?
            }
            _ => report::plan(ctx, week.as_deref(), day.as_deref(), &targets, json, out)?,
        },
        Command::Import {
            file,
            format,
            encoding,
            dry_run,
            source,
            stage,
            json,
        } => import::import(
            ctx,
            &file,
            format,
            encoding.as_deref(),
            dry_run,
            source,
            stage.as_deref(),
            json,
            out,
        )?,
        Command::Export {
            format,
            output,
            delimiter,
            todo,
        } => export::export(ctx, format, output, &delimiter, todo, out)?,
        Command::Segments { json } => {
            let store = ctx.reading(|_| Ok(()))?;
            let rows = service::segments(&store, now, ctx.currency(), ctx.config.segments)?;
            print::segments(out, lang, &rows, ctx.currency(), json)?;
        }
        Command::Segment {
            id,
            segment,
            note,
            until,
        } => {
            let class = match segment.trim().to_lowercase().as_str() {
                "auto" | "авто" => None,
                other => Some(
                    crate::domain::report::Segment::parse(other)
                        .ok_or_else(|| DomainError::BadSegment(segment.clone()))?,
                ),
            };
            let until = until
                .as_deref()
                .map(|d| parse_date(d, now.local))
                .transpose()?;
            ctx.with_store(false, |s| {
                service::set_segment(s, id, class, note.as_deref(), until)
            })?;
            let store = ctx.reading(|_| Ok(()))?;
            let row = service::segment_of(&store, now, id, ctx.currency(), ctx.config.segments)?;
            print::segments(out, lang, row.as_slice(), ctx.currency(), false)?;
        }
        Command::Reminder { action } => match action {
            ReminderCommand::Edit { rid, text, at } => {
                let when = at
                    .as_deref()
                    .map(|w| parse_when(w, now.local))
                    .transpose()?;
                let r = ctx.with_store(false, |s| {
                    service::edit_reminder(s, rid, text.as_deref(), when)
                })?;
                let due = i18n::format::due_text(&r);
                let text = i18n::format::reminder_text(lang, &r);
                writeln!(out, "{}", i18n::reminder_edited(lang, rid, &due, &text))?;
            }
            ReminderCommand::Delete { rid } => {
                let r = ctx.with_store(false, |s| service::delete_reminder(s, rid))?;
                let text = i18n::format::reminder_text(lang, &r);
                writeln!(out, "{}", i18n::reminder_deleted_cli(lang, rid, &text))?;
            }
        },
        Command::Delete { id, yes } => {
            // Ask before the transaction: no lock is held while a person reads.
            let mut store = ctx.open(false)?;
            let client = store.read().client(id)?;
            if !yes {
                confirm(&i18n::confirm_delete(lang, &print::who(&client)))?;
            }
            ctx.on(&mut store, |s| service::delete_client(s, id))?;
            writeln!(out, "{}", i18n::deleted(lang, &print::who(&client)))?;
        }
        Command::Merge { id, from } => {
            let client = ctx.with_store(false, |s| service::merge_clients(s, now, id, from))?;
            writeln!(out, "{}", i18n::merged(lang, from, &print::who(&client)))?;
        }
        Command::Man => {
            clap_mangen::Man::new(args::command(lang)).render(out)?;
        }
        Command::Invoice {
            id,
            amount,
            on,
            currency,
        } => {
            let amount = money(ctx, &amount, currency.as_deref())?;
            let on = day_or_today(ctx, on.as_deref())?;
            let oid = ctx.with_store(false, |s| service::invoice(s, now, id, &amount, on))?;
            writeln!(out, "{oid}")?;
        }
        Command::Paid { oid, on } => {
            let on = day_or_today(ctx, on.as_deref())?;
            let paid = ctx.with_store(false, |s| service::pay(s, now, oid, on))?;
            print::paid(out, lang, &paid)?;
            ctx.robots(&service::after_payment(&paid), paid.client.id)?;
        }
        Command::Sale {
            id,
            amount,
            on,
            currency,
        } => {
            let amount = money(ctx, &amount, currency.as_deref())?;
            let on = day_or_today(ctx, on.as_deref())?;
            let paid = ctx.with_store(false, |s| service::sale(s, now, id, &amount, on))?;
            writeln!(out, "{}", paid.order.id)?;
            ctx.robots(&service::after_payment(&paid), id)?;
        }
        Command::Backup { file } => {
            // Backup and check read the file as it is: no rules written first.
            Store::open_existing(&ctx.local_path("backup")?)?.backup_to(&file)?;
            writeln!(
                out,
                "{}",
                i18n::backed_up(lang, &file.display().to_string())
            )?;
        }
        Command::Restore { file } => {
            let kept = crate::store::restore(&file, &ctx.local_path("restore")?)?;
            let file = file.display().to_string();
            let kept = kept.map(|p| p.display().to_string());
            writeln!(out, "{}", i18n::restored(lang, &file, kept.as_deref()))?;
        }
        Command::MigrateTo { url } => {
            if !crate::store::pg::is_url(&url) {
                return Err(Error::NotTeamUrl(url).into());
            }
            let local = Store::open_existing(&ctx.local_path("migrate-to")?)?;
            let mut team = Store::open_pg(&url)?;
            let copied = local.copy_into(&mut team, &url)?;
            writeln!(out, "{}", i18n::migrated(lang, &url, &copied))?;
        }
        Command::User { action } => team::user(ctx, action, out)?,
        Command::Assign { id, login } => team::assign(ctx, id, &login, out)?,
        Command::Team { json } => team::team(ctx, json, out)?,
        Command::Rotate {
            idle,
            from,
            dry_run,
            json,
        } => team::rotate(ctx, &idle, from.as_deref(), dry_run, json, out)?,
        Command::Check => {
            let problems = ctx.open(false)?.check()?;
            if problems.is_empty() {
                writeln!(out, "{}", i18n::texts(lang).check_ok)?;
            } else {
                for p in &problems {
                    writeln!(out, "{p}")?;
                }
                return Err(Error::CheckFailed(problems.len()).into());
            }
        }
        Command::Completions { shell } => {
            // Generated in memory: a failed write is an error, not a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut args::command(lang), "konveyer", &mut script);
            out.write_all(&script)?;
        }
    }
    Ok(())
}
