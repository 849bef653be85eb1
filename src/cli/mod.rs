//! The command line: clap types, dispatch, and the exit-code contract
//! (0 ok, 1 a refused or failed command, 2 a usage error).

mod args;
mod base;
mod clients;
mod ctx;
mod export;
mod import;
mod input;
mod orders;
mod print;
mod progress;
mod reminders;
mod report;
mod robots;
mod safe;
mod segments;
mod team;
mod usage;

use ctx::{Ctx, Failure};
use input::help_language;

pub use args::{Cli, Command, ReminderCommand, StatusArg};

use std::io::{self, Write};
use std::path::PathBuf;

use clap::FromArgMatches;

use crate::config::Config;
use crate::error::Error;
use crate::i18n::Lang;
use crate::service::Now;

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Read with the plain command: the words of the help and of a usage
    // error are made only when one is printed.
    let (cli, user_named) = match parse(<Cli as clap::CommandFactory>::command(), &argv) {
        Ok(cli) => cli,
        Err(plain) => return usage(&argv, plain),
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
        team_config: Default::default(),
        now: fixed_now.unwrap_or_else(Now::system),
        fixed_now,
        db: cli.db,
        user: cli.user,
        user_named,
    };
    let stdout = io::stdout();
    // Buffered: a listing of a million rows is not a write per line (the
    // one question asked, before a delete, goes to stderr).
    let mut out = safe::Safe::new(io::BufWriter::with_capacity(64 << 10, stdout.lock()));
    match run(&ctx, cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::from)) {
        Ok(()) => 0,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Output(e)) => report(lang, e.into()),
        Err(Failure::App(e)) => report(lang, e),
    }
}

/// The command line read by `cmd`, and whether `--user` was typed on it.
fn parse(cmd: clap::Command, argv: &[std::ffi::OsString]) -> Result<(Cli, bool), clap::Error> {
    let matches = cmd.try_get_matches_from(argv)?;
    let named = matches.value_source("user") == Some(clap::parser::ValueSource::CommandLine);
    Ok((Cli::from_arg_matches(&matches)?, named))
}

/// The help asked for, or a usage error, in the person's language: the
/// command line read again by the command with all its words (`plain`:
/// what the plain one said).
fn usage(argv: &[std::ffi::OsString], plain: clap::Error) -> i32 {
    let lang = help_language(argv);
    let root = args::command(lang);
    let e = parse(root.clone(), argv).err().unwrap_or(plain);
    if usage::is_asked_for(&e) {
        let _ = e.print();
    } else {
        let what = usage::message(&e, &root, argv, lang);
        safe::eprint_line(&format!("konveyer: {what}"));
    }
    e.exit_code()
}

fn report(lang: Lang, e: Error) -> i32 {
    safe::eprint_line(&format!("konveyer: {}", e.message(lang)));
    1
}

/// One command: each goes to its handler, in the file of its family.
fn run(ctx: &Ctx, command: Option<Command>, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(command) = command else {
        return base::board(ctx);
    };
    match command {
        Command::Demo => base::demo(ctx, out),
        Command::Gen(a) => base::generate(ctx, a.clients, a.seed, out),
        Command::Backup(a) => base::backup(ctx, &a.file, out),
        Command::Restore(a) => base::restore(ctx, &a.file, out),
        Command::MigrateTo(a) => base::migrate_to(ctx, a.url, out),
        Command::InitTeam(a) => team::init_team(ctx, a, out),
        Command::Settings(a) => team::settings(ctx, a.from.as_deref(), out),
        Command::Check => base::check(ctx, out),
        Command::Man => base::man(ctx.lang, out),
        Command::Completions(a) => base::completions(ctx.lang, a.shell, out),
        Command::Add(a) => clients::add(ctx, a, out),
        Command::List(a) => clients::list(ctx, a, out),
        Command::Show(a) => clients::show(ctx, a.id, a.json, out),
        Command::Find(a) => clients::find(ctx, a, out),
        Command::Move(a) => clients::move_to(ctx, a.id, &a.stage, out),
        Command::Log(a) => clients::log(ctx, a, out),
        Command::Lose(a) => clients::lose(ctx, a, out),
        Command::Revive(a) => clients::revive(ctx, a.id, out),
        Command::Edit(a) => clients::edit(ctx, a, out),
        Command::Delete(a) => clients::delete(ctx, a.id, a.yes, out),
        Command::Merge(a) => clients::merge(ctx, a.id, a.from, out),
        Command::Remind(a) => reminders::remind(ctx, &a.id, &a.text, &a.at, out),
        Command::Done(a) => reminders::done(ctx, a.rid, out),
        Command::Snooze(a) => reminders::snooze(ctx, a.rid, &a.when, out),
        Command::Reminder(a) => reminders::reminder(ctx, a.action, out),
        Command::Agenda(a) => reminders::agenda(ctx, a, out),
        Command::Invoice(a) => orders::invoice(ctx, a, out),
        Command::Paid(a) => orders::paid(ctx, a.oid, a.on.as_deref(), out),
        Command::Sale(a) => orders::sale(ctx, a, out),
        Command::Cancel(a) => orders::cancel(ctx, a.oid, a.reason.as_deref(), out),
        Command::Report(a) => report::report(ctx, a, out),
        Command::Plan(a) => report::plan(ctx, a, out),
        Command::Forecast(a) => report::forecast(ctx, a, out),
        Command::Dial(a) => clients::dial(ctx, a.id, a.number, out),
        Command::Robots(a) => robots::robots(ctx, a, out),
        Command::Segments(a) => segments::segments(ctx, a.json, out),
        Command::Segment(a) => segments::segment(ctx, a, out),
        Command::Import(a) => import::import(ctx, a, out),
        Command::Export(a) => export::export(ctx, a, out),
        Command::User(a) => team::user(ctx, a.action, out),
        Command::Assign(a) => team::assign(ctx, a.id, &a.login, out),
        Command::Team(a) => team::team(ctx, a.json, out),
        Command::Rotate(a) => team::rotate(ctx, a, out),
    }
}
