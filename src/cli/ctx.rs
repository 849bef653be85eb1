//! What every command works with: its surroundings (language, config,
//! clock, database path), how it opens the database and applies the rules
//! first, the robots after a change, and why a command failed.

use std::io;
use std::path::PathBuf;

use super::safe;
use crate::config::Config;
use crate::domain::DomainError;
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::service::{self, Now};
use crate::store::Store;

/// Why a command did not succeed.
pub(super) enum Failure {
    App(Error),
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::App(e)
    }
}

impl From<DomainError> for Failure {
    fn from(e: DomainError) -> Self {
        Failure::App(e.into())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// Everything a command needs from its surroundings.
pub(super) struct Ctx {
    pub(super) lang: Lang,
    /// The person's config file (on a team database, its shared part is
    /// replaced by the team's: see [`Ctx::config`]).
    pub(super) config: Config,
    /// The config in force on a team database, set when it is opened.
    pub(super) team_config: std::cell::OnceCell<Config>,
    pub(super) now: Now,
    /// Set when `KONVEYER_NOW` froze the clock.
    pub(super) fixed_now: Option<Now>,
    pub(super) db: Option<PathBuf>,
    /// `--user` / `KONVEYER_USER`: who acts (else the OS login).
    pub(super) user: Option<String>,
    /// `--user` was given on the command line (not from the environment):
    /// `plan` then means that person's own plan.
    pub(super) user_named: bool,
}

impl Ctx {
    /// Opens the database: an existing one, or (`create`) a new one if it
    /// is missing — only for commands that add something, and the board.
    pub(super) fn open(&self, create: bool) -> Result<Store, Error> {
        let mut store = match self.team_url() {
            Some(url) => Store::open_pg(&url)?,
            None => {
                let path = self.db_path()?;
                match create {
                    true => Store::open(&path)?,
                    false => Store::open_existing(&path)?,
                }
            }
        };
        service::identify(&mut store, self.user.as_deref())?;
        if let Some(team) = service::team_settings(&store)? {
            let _ = self.team_config.set(self.config().with_team(&team));
        }
        Ok(store)
    }

    /// The existing database for `user list`: on a local file whoever asks
    /// (who you are is what it tells, so it cannot ask that first; a file
    /// is read by whoever holds it), on a team database as [`Ctx::open`]
    /// (the server decides who may read its people).
    pub(super) fn open_to_list_people(&self) -> Result<Store, Error> {
        match self.team_url() {
            Some(_) => self.open(false),
            None => Store::open_existing(&self.db_path()?),
        }
    }

    /// Runs a command on the database with the rules applied first, all in
    /// one transaction: a refused command writes nothing at all.
    pub(super) fn with_store<T>(
        &self,
        create: bool,
        f: impl FnOnce(&mut Store) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.leaving_nothing_if_refused(create, || self.on(&mut self.open(create)?, f))
    }

    /// Runs `run`, which opens the database and makes it if it is missing
    /// (`create`); if that command is refused, the file it made goes
    /// again: a refused command leaves nothing behind, not even an empty
    /// database.
    fn leaving_nothing_if_refused<T>(
        &self,
        create: bool,
        run: impl FnOnce() -> Result<T, Error>,
    ) -> Result<T, Error> {
        let made = match create {
            true => self.unmade_file()?,
            false => None,
        };
        let done = run();
        if let (Err(_), Some(path)) = (&done, made) {
            // The refusal is what the person reads, not a failed clean-up.
            let _ = crate::store::remove_database(&path);
        }
        done
    }

    /// The local database file, when there is none there yet (a command
    /// that writes would make it); never a team database.
    pub(super) fn unmade_file(&self) -> Result<Option<PathBuf>, Error> {
        if self.team_url().is_some() {
            return Ok(None);
        }
        Ok(Some(self.db_path()?).filter(|path| !path.exists()))
    }

    /// For reading commands: the existing database, checked by `validate`
    /// first (a refused command writes nothing), then the rules applied in
    /// their own short transaction only if they have something to write —
    /// so readers do not queue behind writers for nothing — and what they
    /// wrote copied into the file beside the command's reading (a new
    /// day's reminders: [`Store::checkpointing_beside`]).
    pub(super) fn reading(
        &self,
        validate: impl FnOnce(&Store) -> Result<(), Error>,
    ) -> Result<Store, Error> {
        let mut store = self.open(false)?;
        validate(&store)?;
        store.checkpointing_beside(|store| service::apply_rules(store, self.now, self.config()))?;
        Ok(store)
    }

    /// As [`Ctx::with_store`] on a local file; on a team database the rules
    /// go first in their own transaction and `f` writes in steps of its
    /// own (an import: nobody waits for all of it).
    pub(super) fn with_store_in_steps<T>(
        &self,
        create: bool,
        f: impl FnOnce(&mut Store) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if self.team_url().is_none() {
            return self.with_store(create, f);
        }
        let mut store = self.open(create)?;
        service::apply_rules(&mut store, self.now, self.config())?;
        f(&mut store)
    }

    /// [`Ctx::with_store`] on a store already open.
    pub(super) fn on<T>(
        &self,
        store: &mut Store,
        f: impl FnOnce(&mut Store) -> Result<T, Error>,
    ) -> Result<T, Error> {
        store.atomically(|store| {
            service::apply_rules(store, self.now, self.config())?;
            let done = f(store)?;
            // And after: the base is handed over swept (after a large import
            // the whole of it, inside the import's own transaction), so the
            // next command pays nothing.
            service::apply_rules(store, self.now, self.config())?;
            Ok(done)
        })
    }

    /// Runs the robots waiting for `events` on client `id`, after the change
    /// is saved; a robot that failed is said on stderr (it is on the
    /// client's timeline too) and the change stands.
    pub(super) fn robots(&self, events: &[service::RobotEvent], id: i64) -> Result<(), Error> {
        if self.config().robots.is_empty() || events.is_empty() {
            return Ok(());
        }
        let mut store = self.open(false)?;
        let client = store.read().client(id)?;
        for event in events {
            for f in service::fire_robots(
                &mut store,
                (self.now, self.lang),
                &self.config().robots,
                *event,
                &client,
            )? {
                safe::eprint_line(&i18n::robot_failed(self.lang, &f.program, &f.failure));
            }
        }
        Ok(())
    }

    /// The person `--user` named on the command line (not from the
    /// environment): `report` and `plan` are then that person's.
    pub(super) fn named_user(&self) -> Option<&str> {
        self.user.as_deref().filter(|_| self.user_named)
    }

    /// How many active clients one farmer can look after.
    pub(super) fn capacity(&self) -> i64 {
        i64::from(self.config().rules.farmer_capacity)
    }

    pub(super) fn currency(&self) -> &str {
        self.config().currency()
    }

    /// The team database's address, when `--db` names a PostgreSQL one.
    /// The settings in force: on a team database its shared settings
    /// (rules, stations, segments, currency) over the person's own file.
    pub(super) fn config(&self) -> &Config {
        self.team_config.get().unwrap_or(&self.config)
    }

    pub(super) fn team_url(&self) -> Option<String> {
        let db = self.db.as_ref()?.to_str()?;
        crate::store::address::is_address(db).then(|| db.to_string())
    }

    /// The local file, refusing a team database for `command` (one that
    /// works on a file only).
    pub(super) fn local_path(&self, command: &'static str) -> Result<PathBuf, Error> {
        match self.team_url() {
            Some(_) => Err(Error::OnlyLocal(command)),
            None => self.db_path(),
        }
    }

    pub(super) fn db_path(&self) -> Result<PathBuf, Error> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => default_db_path(),
        }
    }
}

/// Where the database lives when neither `--db` nor `KONVEYER_DB` says.
pub(super) fn default_db_path() -> Result<PathBuf, Error> {
    directories::ProjectDirs::from("", "", "konveyer")
        .map(|d| d.data_dir().join("konveyer.db"))
        .ok_or(Error::NoDataDir)
}
