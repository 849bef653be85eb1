//! Team mode (docs/terms.md, docs/team.md): owners and hand-offs,
//! reassignment, rotation of idle farmer clients, and the head of sales'
//! day per person. The people themselves are `people`'s.

use chrono::{Datelike, Duration};
use serde::Serialize;

use super::Now;
use super::people::head_only;
use super::period::bounds;
use crate::domain::report::Period;
use crate::domain::{Activity, ActivityKind, Client, Conveyor, Stage, Status, User};
use crate::error::{Error, Result};
use crate::store::{Db, Store, WriteDb};

/// The people present at `stage`, by login.
fn present_at(db: &Db, stage: Stage) -> Result<Vec<User>> {
    Ok(present_among(&db.users()?, stage)
        .into_iter()
        .cloned()
        .collect())
}

/// Those of `people` (by login) who work `stage` and are not away.
fn present_among(people: &[User], stage: Stage) -> Vec<&User> {
    people
        .iter()
        .filter(|u| u.works(stage) && !u.absent)
        .collect()
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
    receiver_among(db, &present_among(&db.users()?, stage), stage, current)
}

/// [`receiver`] among `present` (the people present at `stage`).
fn receiver_among(
    db: &WriteDb,
    present: &[&User],
    stage: Stage,
    current: Option<&str>,
) -> Result<Option<String>> {
    if present.is_empty() || present.iter().any(|u| Some(u.login.as_str()) == current) {
        return Ok(None);
    }
    next_in_turn(db, stage, present).map(Some)
}

/// The owner of a new card at `stage`: the person adding it if they work
/// the station, else the station's person in turn; nobody on a base
/// without people.
pub(super) fn new_owner(db: &WriteDb, stage: Stage) -> Result<Option<String>> {
    new_owner_among(db, &db.users()?, stage)
}

/// [`new_owner`] among `people`, the team's people read once for many
/// new cards (an import's).
pub(super) fn new_owner_among(
    db: &WriteDb,
    people: &[User],
    stage: Stage,
) -> Result<Option<String>> {
    let actor = db.actor().map(str::to_string);
    let present = present_among(people, stage);
    Ok(receiver_among(db, &present, stage, actor.as_deref())?.or(actor))
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
    let load = db.load_of(&user.login, now.utc, today)?;
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
