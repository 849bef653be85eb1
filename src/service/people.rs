//! The people of a team: who acts, adding them (on a team database, as
//! the server's roles), away and back, passwords, and what the team shares
//! of the config file. Only the head of sales changes any of it.

use super::Now;
use crate::config::{Config, TeamSettings};
use crate::domain::{Stage, User};
use crate::error::{Error, Result};
use crate::store::{Store, WriteDb};

/// Sets who acts through `store`: `asked` (`--user`, `KONVEYER_USER`),
/// else the operating system's login. A base without people (one
/// person's file, a team database before its first `user add`) takes
/// anyone, as nobody; a base with people refuses a login it does not know.
pub fn identify(store: &mut Store, asked: Option<&str>) -> Result<()> {
    if let Some(role) = store.signed_in_as()? {
        return identify_on_server(store, asked, role);
    }
    let login = asked
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let db = store.read();
    if !db.has_users()? {
        store.set_actor(None);
        return Ok(());
    }
    let Some(login) = login else {
        return Err(Error::UnknownUser(String::new()));
    };
    match db.user(&login) {
        Ok(_) => {
            store.set_actor(Some(login));
            Ok(())
        }
        Err(Error::NoUser(_)) => Err(Error::UnknownUser(login)),
        Err(e) => Err(e),
    }
}

/// On a team database who acts is the role the server signed this session
/// in as: `asked` may only name it. The team's admin (a member of its
/// owner group, or a superuser), or anyone while the team has no people,
/// acts as nobody; any other role is refused.
fn identify_on_server(store: &mut Store, asked: Option<&str>, role: String) -> Result<()> {
    if let Some(asked) = asked.map(str::trim).filter(|a| !a.is_empty())
        && asked != role
    {
        return Err(Error::NotYourLogin {
            asked: asked.to_string(),
            role,
        });
    }
    let db = store.read();
    if !db.has_users()? {
        store.set_actor(None);
        return Ok(());
    }
    match db.user(&role) {
        Ok(_) => {
            store.set_actor(Some(role));
            Ok(())
        }
        // The team's admin (who set it up, or a superuser): as nobody.
        Err(Error::NoUser(_)) if store.is_team_admin()? => {
            store.set_actor(None);
            Ok(())
        }
        Err(Error::NoUser(_)) => Err(Error::UnknownUser(role)),
        Err(e) => Err(e),
    }
}

/// A login: letters, digits, `.`, `-`, `_`.
fn checked_login(login: &str) -> Result<String> {
    let login = login.trim();
    // A PostgreSQL role's name as people type it: no look-alikes (a Cyrillic
    // `а`, full-width letters, capitals), nothing that needs quoting.
    let fine = (1..=63).contains(&login.len())
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    match fine {
        true => Ok(login.to_string()),
        false => Err(Error::BadLogin(login.to_string())),
    }
}

/// Refuses unless the acting person heads sales (anyone may while the
/// base has no people yet).
pub(super) fn head_only(db: &WriteDb) -> Result<()> {
    if !db.has_users()? {
        return Ok(());
    }
    // Nobody signed in as a person on a team database is its admin (see
    // `identify`): the server decides.
    if db.actor().is_none() && db.on_server() {
        return Ok(());
    }
    let login = db.actor().unwrap_or_default();
    match db.user(login) {
        Ok(user) if user.head => Ok(()),
        _ => Err(Error::NotHead(login.to_string())),
    }
}

/// Adds a person working `stations` (the first person of a base may be
/// added by anyone, and always heads sales, so that the team can grow;
/// after that only the head of sales adds people). The cards of their
/// stations that nobody owns yet (a base just moved up) become theirs;
/// returns the person and how many cards they took.
pub fn add_user(store: &mut Store, now: Now, person: &NewPerson) -> Result<(User, usize)> {
    let mut user = person.user()?;
    let added = store.write(|db| {
        head_only(db)?;
        user.head |= !db.has_users()?;
        enrol(db, now, &user, person.password)
    })?;
    if added.1 > 0 {
        // Their board is planned from the cards they now own.
        store.refresh_statistics()?;
    }
    Ok(added)
}

/// A person to add: on a team database, signing in with `password` (or,
/// `None`, only where the server trusts the connection).
pub struct NewPerson<'a> {
    pub name: &'a str,
    pub login: &'a str,
    pub stations: &'a [Stage],
    pub head: bool,
    pub password: Option<&'a str>,
}

impl NewPerson<'_> {
    fn user(&self) -> Result<User> {
        let login = checked_login(self.login)?;
        let name = self.name.trim();
        Ok(User {
            name: match name.is_empty() {
                true => login.clone(),
                false => name.to_string(),
            },
            login,
            stations: self.stations.to_vec(),
            head: self.head,
            absent: false,
        })
    }
}

/// Adds `user`; the cards of their stations nobody owns become theirs.
fn enrol(db: &WriteDb, now: Now, user: &User, password: Option<&str>) -> Result<(User, usize)> {
    if db.user(&user.login).is_ok() {
        return Err(Error::UserExists(user.login.clone()));
    }
    db.insert_user(user, now.utc, password)?;
    let mut took = 0;
    for stage in &user.stations {
        took += db.adopt_unowned(&user.login, *stage)?;
    }
    Ok((user.clone(), took))
}

/// After a base is moved into a team that has people: the cards of each
/// person's stations that nobody owns become theirs (as when they are
/// added); how many.
pub fn hand_out_unowned(store: &mut Store) -> Result<usize> {
    let took = store.write(|db| {
        let mut took = 0;
        for user in db.users()? {
            for stage in &user.stations {
                took += db.adopt_unowned(&user.login, *stage)?;
            }
        }
        Ok(took)
    })?;
    // Each person's board is planned from who owns what now.
    store.refresh_statistics()?;
    Ok(took)
}

/// The head of sales of a team just set up (`Store::init_team`, as its
/// admin): the first person, always a head.
pub fn init_team(store: &mut Store, now: Now, head: &NewPerson) -> Result<(User, usize)> {
    let mut user = head.user()?;
    user.head = true;
    store.write(|db| enrol(db, now, &user, head.password))
}

/// What the team shares of the config file: as its database keeps it, or
/// the defaults until the head of sales sets them; `None` on a local file
/// (its settings are the config file's).
pub fn team_settings(store: &Store) -> Result<Option<TeamSettings>> {
    if store.signed_in_as()?.is_none() {
        return Ok(None);
    }
    let kept = store.read().team_settings()?;
    Ok(Some(match kept {
        Some(text) => TeamSettings::parse(&text, std::path::Path::new("team_settings"))?,
        None => TeamSettings::default(),
    }))
}

/// The head of sales changes what the team shares; the stations' limits
/// and the closer take effect at once, for everyone.
pub fn set_team_settings(store: &mut Store, settings: &TeamSettings) -> Result<()> {
    let toml = settings.to_toml()?;
    let stations = Config::default()
        .with_team(settings)
        .stage_settings(&crate::domain::StageSettings::defaults());
    store.write(|db| {
        head_only(db)?;
        db.set_team_settings(&toml)?;
        db.set_stage_settings(&stations)?;
        Ok(())
    })
}

/// Sets `login`'s password on the team server (the server lets a person
/// set their own, and the head of sales anyone's).
pub fn set_password(store: &mut Store, login: &str, password: &str) -> Result<()> {
    store.write(|db| {
        db.user(login)?;
        db.set_password(login, password)
    })
}

/// Marks a person away (`absent`) or back: hand-offs and rotation skip
/// people who are away.
pub fn set_away(store: &mut Store, login: &str, absent: bool) -> Result<User> {
    store.write(|db| {
        head_only(db)?;
        db.user(login)?;
        db.set_absent(login, absent)?;
        db.user(login)
    })
}
