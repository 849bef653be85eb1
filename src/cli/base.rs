//! The commands about the base as a whole: the board, demo, gen, backup,
//! restore, check, migrate-to, and the program's own man page and
//! completions.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::args;
use super::ctx::{Ctx, Failure, default_db_path};
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::present;
use crate::service;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;

/// No subcommand: the board. It may start a new base, and says so on its
/// first screen.
pub(super) fn board(ctx: &Ctx) -> Result<(), Failure> {
    // The config's keys first: refused, the board makes no file.
    let keys = Keymap::of(ctx.config())?;
    let path = ctx.db_path()?;
    let first_run = (ctx.team_url().is_none() && !path.exists())
        .then(|| i18n::new_database(ctx.lang, &path, &keys.key_of(Action::Add)));
    let store = ctx.open(true)?;
    crate::tui::run(
        store,
        ctx.lang,
        ctx.config().clone(),
        ctx.fixed_now,
        first_run,
    )?;
    Ok(())
}

/// `konveyer demo`: without `--db` the demo gets its own file, made afresh
/// each time, so it never touches the real base and can always be rerun.
pub(super) fn demo(ctx: &Ctx, out: &mut dyn Write) -> Result<(), Failure> {
    let board = io::stdout().is_terminal() && io::stdin().is_terminal();
    if board {
        // Keys the board would refuse are said before the demo is written.
        Keymap::of(ctx.config())?;
    }
    let path = match &ctx.db {
        Some(_) if ctx.team_url().is_some() => return Err(Error::OnlyLocal("demo").into()),
        Some(path) => path.clone(),
        None => {
            let path = default_db_path()?.with_file_name("demo.db");
            crate::store::remove_database(&path)?;
            path
        }
    };
    let clients = crate::demo::create(&path, ctx.now, ctx.lang)?;
    let written = i18n::demo_written(ctx.lang, &path.display().to_string(), clients);
    writeln!(out, "{written}")?;
    if board {
        out.flush()?;
        let mut store = Store::open(&path)?;
        service::apply_rules(&mut store, ctx.now, ctx.config())?;
        crate::tui::run(store, ctx.lang, ctx.config().clone(), ctx.fixed_now, None)?;
    }
    Ok(())
}

/// `konveyer gen`: a large synthetic conveyor.
pub(super) fn generate(
    ctx: &Ctx,
    clients: u32,
    seed: u64,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let path = ctx.local_path("gen")?;
    // A bar while the clients are written, then a spinner while the
    // indexes, the rules' sweep and the search index are finished.
    let bar = super::progress::bar(u64::from(clients), "{wide_bar} {pos}/{len}");
    let made = |n: u64| {
        if let Some(bar) = &bar {
            bar.set_position(n);
            if n == u64::from(clients) {
                super::progress::finishing(bar, ctx.lang);
            }
        }
    };
    let made = crate::generate::create_seeded(&path, ctx.now, clients, seed, ctx.config(), &made);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    made?;
    let store = Store::open_existing(&path)?;
    let counts = crate::generate::summary(&store)?;
    writeln!(out, "{}", present::generated(ctx.lang, &path, &counts))?;
    Ok(())
}

/// `konveyer backup`: reads the file as it is (no rules written first).
pub(super) fn backup(ctx: &Ctx, file: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    Store::open_existing(&ctx.local_path("backup")?)?.backup_to(file)?;
    let line = i18n::backed_up(ctx.lang, &file.display().to_string());
    writeln!(out, "{line}")?;
    Ok(())
}

/// `konveyer restore`: the current base is kept beside it.
pub(super) fn restore(ctx: &Ctx, file: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let kept = crate::store::restore(file, &ctx.local_path("restore")?)?;
    let file = file.display().to_string();
    let kept = kept.map(|p| p.display().to_string());
    writeln!(out, "{}", i18n::restored(ctx.lang, &file, kept.as_deref()))?;
    Ok(())
}

/// `konveyer migrate-to`: the local base into an empty team database.
pub(super) fn migrate_to(ctx: &Ctx, url: String, out: &mut dyn Write) -> Result<(), Failure> {
    if !crate::store::address::is_address(&url) {
        return Err(Error::NotTeamUrl(url).into());
    }
    let local = Store::open_existing(&ctx.local_path("migrate-to")?)?;
    let mut team = Store::open_pg(&url)?;
    let copied = local.copy_into(&mut team, &url)?;
    // What the local base ran by (its rules, limits, currency) is the
    // team's from now on: the head of sales changes it with `settings`.
    service::set_team_settings(&mut team, &ctx.config().team_settings())?;
    service::hand_out_unowned(&mut team)?;
    // Handed over swept: the team's first command pays nothing for the
    // rules (the copy brings no mark of a sweep).
    service::apply_rules(&mut team, ctx.now, ctx.config())?;
    writeln!(out, "{}", present::migrated(ctx.lang, &url, &copied))?;
    Ok(())
}

/// `konveyer check`: reads the file as it is; each problem on a line.
pub(super) fn check(ctx: &Ctx, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open(false)?;
    let spinner = super::progress::spinner(&i18n::tr(ctx.lang, "check-checking"));
    let problems = store.check();
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let problems = problems?;
    if problems.is_empty() {
        writeln!(out, "{}", i18n::texts(ctx.lang).check_ok)?;
        return Ok(());
    }
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    Err(Error::CheckFailed(problems.len()).into())
}

/// `konveyer man`: the manual page, in roff.
pub(super) fn man(lang: Lang, out: &mut dyn Write) -> Result<(), Failure> {
    clap_mangen::Man::new(args::command(lang)).render(out)?;
    Ok(())
}

/// `konveyer completions`: generated in memory, so that a failed write is
/// an error, not a panic.
pub(super) fn completions(
    lang: Lang,
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut args::command(lang), "konveyer", &mut script);
    out.write_all(&script)?;
    Ok(())
}
