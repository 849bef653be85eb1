//! Team mode (docs/terms.md, README: Team mode): who acts, the people, owners and hand-offs,
//! reassignment, rotation of idle farmer clients, and the head of sales'
//! day per person.

use chrono::{Datelike, Duration};
use serde::Serialize;

use super::Now;
use super::period::bounds;
use crate::config::{Config, TeamSettings};
use crate::domain::report::Period;
use crate::domain::{Activity, ActivityKind, Client, Conveyor, Stage, Status, User};
use crate::error::{Error, Result};
use crate::store::{Db, Store, WriteDb};

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
fn head_only(db: &WriteDb) -> Result<()> {
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

/// The people present at `stage`, by login.
fn present_at(db: &Db, stage: Stage) -> Result<Vec<User>> {
    Ok(db
        .users()?
        .into_iter()
        .filter(|u| u.works(stage) && !u.absent)
        .collect())
}

/// The next of `people` (by login, never empty) after whoever had the
/// last turn at `stage`; remembered as having it now.
fn next_in_turn(db: &WriteDb, stage: Stage, people: &[&User]) -> Result<String> {
    let last = db.last_turn(stage)?;
    let pick = last
        .and_then(|last| people.iter().find(|u| u.login > last))
        .unwrap_or(&people[0]);
    db.set_last_turn(stage, &pick.login)?;
    Ok(pick.login.clone())
}

/// Who a card arriving at `stage` goes to, when not to `current`: the
/// station's one person, or its people in turn (away people skipped).
/// `None`: it stays with `current` (they work the station too, or nobody
/// does).
fn receiver(db: &WriteDb, stage: Stage, current: Option<&str>) -> Result<Option<String>> {
    let people = present_at(db, stage)?;
    if people.is_empty() || people.iter().any(|u| Some(u.login.as_str()) == current) {
        return Ok(None);
    }
    let people: Vec<&User> = people.iter().collect();
    next_in_turn(db, stage, &people).map(Some)
}

/// The owner of a new card at `stage`: the person adding it if they work
/// the station, else the station's person in turn; nobody on a base
/// without people.
pub(super) fn new_owner(db: &WriteDb, stage: Stage) -> Result<Option<String>> {
    let actor = db.actor().map(str::to_string);
    Ok(receiver(db, stage, actor.as_deref())?.or(actor))
}

/// Hands `client` (arriving at `to`) over when `to` is someone else's:
/// the new owner is set and noted on the move's timeline `entry`.
pub(super) fn hand_over(
    db: &WriteDb,
    client: &Client,
    to: Stage,
    entry: &mut Activity,
) -> Result<()> {
    if let Some(receiver) = receiver(db, to, client.owner.as_deref())? {
        db.set_owner(client.id, Some(&receiver))?;
        entry.from_owner = client.owner.clone();
        entry.to_owner = Some(receiver);
    }
    Ok(())
}

/// A card given to someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reassigned {
    pub id: i64,
    pub name: String,
    pub from: Option<String>,
    pub to: String,
}

/// Gives card `id` to `login` (the head of sales only), on its timeline.
pub fn assign(store: &mut Store, now: Now, id: i64, login: &str) -> Result<Reassigned> {
    store.write(|db| {
        head_only(db)?;
        let client = db.client(id)?;
        let user = db.user(login)?;
        if user.absent {
            return Err(Error::UserAway(user.login));
        }
        give(db, now, &client, &user.login, ActivityKind::Assigned)
    })
}

fn give(
    db: &WriteDb,
    now: Now,
    client: &Client,
    to: &str,
    kind: ActivityKind,
) -> Result<Reassigned> {
    if client.owner.as_deref() != Some(to) {
        db.set_owner(client.id, Some(to))?;
        let mut entry = Activity::new(client.id, now.utc, kind);
        entry.from_owner = client.owner.clone();
        entry.to_owner = Some(to.to_string());
        db.insert_activity(&entry)?;
    }
    Ok(Reassigned {
        id: client.id,
        name: client.name.clone(),
        from: client.owner.clone(),
        to: to.to_string(),
    })
}

/// A rotation: the idle farmer clients given to other farmers, and those
/// left where they were because nobody had room.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rotation {
    pub idle_days: i64,
    pub moved: Vec<Rotated>,
    pub kept: Vec<Rotated>,
}

/// One idle farmer client: since when it has not paid, and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rotated {
    pub id: i64,
    pub name: String,
    /// Always the farmer's, active (§3: a client object carries its stage
    /// and status).
    pub stage: Stage,
    pub status: Status,
    /// The last payment day (or the day it reached the farmer, never paid).
    pub since: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Rotates the farmer clients that have not paid for more than
/// `idle_days` (only `from`'s when given) to the other farmers in turn,
/// skipping people away and those with `capacity` active farmer cards;
/// each move on the client's timeline. `dry_run`: only says what it would
/// do. The head of sales only.
pub fn rotate(
    store: &mut Store,
    now: Now,
    idle_days: i64,
    from: Option<&str>,
    capacity: i64,
    dry_run: bool,
) -> Result<Rotation> {
    let run = |db: &WriteDb| -> Result<Rotation> {
        head_only(db)?;
        if let Some(from) = from {
            db.user(from)?;
        }
        let farmers = present_at(db, Stage::Farmer)?;
        let cutoff = now.today() - Duration::days(idle_days);
        let mut load: Vec<(String, i64)> = Vec::new();
        for f in &farmers {
            load.push((f.login.clone(), db.owned_count(&f.login, Stage::Farmer)?));
        }
        let mut out = Rotation {
            idle_days,
            ..Rotation::default()
        };
        for idle in db.idle_farmer_clients(cutoff, from)? {
            let owner = idle.owner;
            let room: Vec<&User> = farmers
                .iter()
                .filter(|f| Some(f.login.as_str()) != owner.as_deref())
                .filter(|f| load.iter().any(|(l, n)| *l == f.login && *n < capacity))
                .collect();
            let mut row = Rotated {
                id: idle.id,
                name: idle.name,
                stage: Stage::Farmer,
                status: Status::Active,
                since: idle.since,
                from: owner.clone(),
                to: None,
            };
            if room.is_empty() {
                out.kept.push(row);
                continue;
            }
            let to = next_in_turn(db, Stage::Farmer, &room)?;
            for (login, n) in load.iter_mut() {
                if *login == to {
                    *n += 1;
                } else if Some(login.as_str()) == owner.as_deref() {
                    *n -= 1;
                }
            }
            give(db, now, &db.client(row.id)?, &to, ActivityKind::Rotated)?;
            row.to = Some(to);
            out.moved.push(row);
        }
        if farmers.len() < 2 && !out.kept.is_empty() && out.moved.is_empty() {
            return Err(Error::NoFarmer);
        }
        Ok(out)
    };
    match dry_run {
        true => store.rehearse(run),
        false => store.write(run),
    }
}

/// What a person did in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Done {
    pub calls: i64,
    pub meetings: i64,
    pub moves: i64,
    pub payments: i64,
}

/// The metrics a person's own plan may set.
pub const PERSON_METRICS: [&str; 4] = ["calls", "meetings", "moves", "payments"];

impl Done {
    fn get(&self, metric: &str) -> i64 {
        match metric {
            "calls" => self.calls,
            "meetings" => self.meetings,
            "moves" => self.moves,
            _ => self.payments,
        }
    }
}

/// A person's target of the week against the fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonPlan {
    pub metric: String,
    pub target: i64,
    pub fact: i64,
    pub percent: f64,
}

/// The farmer's load: active farmer cards against the capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FarmerLoad {
    pub count: i64,
    pub capacity: i64,
}

/// Hand-offs to a person over the last 30 days: how many, how many of
/// their cards still wait for a first touch, and the median hours from a
/// hand-off to the first touch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HandOffs {
    pub received: i64,
    pub waiting: i64,
    pub median_hours: Option<f64>,
}

/// One person's line of the head of sales' day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub login: String,
    pub name: String,
    pub stations: Vec<Stage>,
    pub head: bool,
    pub absent: bool,
    pub today: Done,
    pub week: Done,
    pub plan: Vec<PersonPlan>,
    pub cards: i64,
    pub overdue: i64,
    pub stale: i64,
    pub no_next_step: i64,
    pub farmer_load: Option<FarmerLoad>,
    pub hand_offs: HandOffs,
}

/// `konveyer team`: the day of every person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub date: String,
    pub week: String,
    pub people: Vec<Person>,
}

/// How many days back the hand-off figures look.
const HAND_OFF_DAYS: i64 = 30;

/// What `login` did in `period`.
fn done(db: &Db, login: &str, period: Period) -> Result<Done> {
    let (from, to) = bounds(period);
    let mut done = Done::default();
    for (kind, n) in db.done_by(login, from, to)? {
        match kind.as_str() {
            "call" => done.calls = n,
            "meeting" => done.meetings = n,
            "move" => done.moves = n,
            _ => done.payments = n,
        }
    }
    Ok(done)
}

/// `login`'s own targets of `week` against what they did in it (`done`).
fn plan_against(db: &Db, login: &str, week: Period, done: &Done) -> Result<Vec<PersonPlan>> {
    let key = Period::week_key(week.from.iso_week());
    Ok(db
        .user_targets(login, &key)?
        .into_iter()
        .map(|(metric, target)| {
            let fact = done.get(&metric);
            PersonPlan {
                percent: (fact as f64 * 1000.0 / target as f64).round() / 10.0,
                metric,
                target,
                fact,
            }
        })
        .collect())
}

/// `login`'s own plan of `week` against the fact (`plan --user L`).
pub fn person_plan(store: &Store, week: Period, login: &str) -> Result<Vec<PersonPlan>> {
    let db = store.read();
    db.user(login)?;
    let done = done(&db, login, week)?;
    plan_against(&db, login, week, &done)
}

/// One person's line of the head of sales' day.
fn person(db: &Db, conveyor: &Conveyor, user: User, now: Now, capacity: i64) -> Result<Person> {
    let today = now.today();
    let this_week = Period::week_of(today);
    let week = done(db, &user.login, this_week)?;
    let load = db.load_of(&user.login, today)?;
    let mut stale = 0;
    for (stage, _) in &load.per_stage {
        if let Some(days) = conveyor.stale_days(*stage) {
            let cutoff = now.utc - Duration::days(i64::from(days));
            stale += db.owned_stale(&user.login, *stage, cutoff)?;
        }
    }
    let farmer = load
        .per_stage
        .iter()
        .find(|(s, _)| *s == Stage::Farmer)
        .map_or(0, |(_, n)| *n);
    let day = Period {
        from: today,
        to: today,
        month: false,
    };
    Ok(Person {
        today: done(db, &user.login, day)?,
        plan: plan_against(db, &user.login, this_week, &week)?,
        week,
        cards: load.per_stage.iter().map(|(_, n)| n).sum(),
        overdue: load.overdue,
        stale,
        no_next_step: load.no_next_step,
        farmer_load: (user.works(Stage::Farmer) || farmer > 0).then_some(FarmerLoad {
            count: farmer,
            capacity,
        }),
        hand_offs: hand_off_figures(db, &user.login, now)?,
        login: user.login,
        name: user.name,
        stations: user.stations,
        head: user.head,
        absent: user.absent,
    })
}

/// The head of sales' day: per person, today's and this week's calls,
/// meetings, moves and payments against their week plan, their overdue
/// reminders, stale cards, cards with no next step, farmer load, and
/// hand-offs to them.
pub fn team(store: &Store, now: Now, capacity: i64) -> Result<Team> {
    let db = store.read();
    let conveyor = db.conveyor()?;
    let people = db
        .users()?
        .into_iter()
        .map(|user| person(&db, &conveyor, user, now, capacity))
        .collect::<Result<_>>()?;
    Ok(Team {
        date: now.today().format("%Y-%m-%d").to_string(),
        week: Period::week_key(now.today().iso_week()),
        people,
    })
}

fn hand_off_figures(db: &Db, login: &str, now: Now) -> Result<HandOffs> {
    let since = now.utc - Duration::days(HAND_OFF_DAYS);
    let handed = db.hand_offs_to(login, since)?;
    let mut hours: Vec<f64> = handed
        .iter()
        .filter_map(|h| h.touched.map(|t| (t - h.at).num_minutes() as f64 / 60.0))
        .collect();
    hours.sort_by(f64::total_cmp);
    let median = match hours.len() {
        0 => None,
        n if n % 2 == 1 => Some(hours[n / 2]),
        n => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
    };
    Ok(HandOffs {
        received: handed.len() as i64,
        waiting: handed
            .iter()
            .filter(|h| h.touched.is_none() && h.still_theirs)
            .count() as i64,
        median_hours: median.map(|h| (h * 10.0).round() / 10.0),
    })
}

/// Sets `login`'s own targets for `week` (`calls`, `meetings`, `moves`,
/// `payments`; 0 removes one).
pub fn set_person_plan(
    store: &mut Store,
    login: &str,
    week: &str,
    targets: &[(String, i64)],
) -> Result<()> {
    store.write(|db| {
        db.user(login)?;
        for (metric, target) in targets {
            db.set_user_target(login, week, metric, *target)?;
        }
        Ok(())
    })
}
