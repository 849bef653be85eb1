//! What the screens and reading commands show: the week, the agenda, a client.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Now;
use super::period::RevenueCount;
use super::rules::{Lapsed, Unpaid, count_unpaid, each_unpaid, farmer_count, reactivation_list};
use crate::domain::rules::RuleSettings;
use crate::domain::{Activity, Bucket, Client, Order, Reminder, Revenue, Stage, WeekStats};
use crate::error::{Error, Result};
use crate::store::{Db, Store};

/// The calls of the day so far by the person this store acts for
/// (everyone's on a local base): how many, and the seconds talked on
/// those dialled from here — a calling hour's tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallsToday {
    pub calls: i64,
    pub talk_secs: i64,
}

/// [`CallsToday`] for the local day of `now`.
pub fn calls_today(store: &Store, now: Now) -> Result<CallsToday> {
    let today = now.today();
    let (since, until) = super::period::bounds(crate::domain::report::Period::range(today, today)?);
    let db = store.read();
    let by = store.actor();
    let calls = db
        .contact_counts(since, until, by)?
        .into_iter()
        .filter(|(kind, _, _)| kind == "call")
        .map(|(_, _, n)| n)
        .sum();
    Ok(CallsToday {
        calls,
        talk_secs: db.talk_secs(since, until, by)?,
    })
}

/// The figures of the week that contains `now` (weeks start on Monday),
/// as the plan counts its facts: the clients created and the moves past
/// qualification in the week, and its payments (those dated later this
/// week too) from their days' tally, per currency as a report counts them.
pub fn week_stats(store: &Store, now: Now) -> Result<WeekStats> {
    let week = crate::domain::report::Period::week_of(now.today());
    let (since, until) = super::period::bounds(week);
    let db = store.read();
    let mut stats = WeekStats {
        new_leads: db.count_created_between(since, until)?,
        qualified: db.count_qualified_between(since, until)?,
        ..WeekStats::default()
    };
    let mut paid = RevenueCount::default();
    db.each_paid_day_between(week.from, week.to, &mut |day| {
        paid.add(&day);
        Ok(())
    })?;
    for row in paid.rows() {
        stats.first_sales += row.first.count;
        stats.revenue.push(Revenue {
            currency: row.currency,
            first_minor: row.first.amount_minor,
            repeat_minor: row.repeat.amount_minor,
        });
    }
    Ok(stats)
}

/// A card that has sat in its stage past the limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleCard {
    pub client: Client,
    pub days: i64,
    pub limit: u32,
}

/// A station's stale cards in one line: how many, past what limit, and
/// how long the oldest has waited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleStation {
    pub stage: Stage,
    pub count: i64,
    pub limit: u32,
    pub oldest_days: i64,
}

/// What needs doing: reminders by urgency, stale cards, unpaid invoices,
/// farmer's clients to reactivate, the farmer's load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub overdue: Vec<Reminder>,
    pub today: Vec<Reminder>,
    pub upcoming: Vec<Reminder>,
    pub stale: Vec<StaleCard>,
    /// The stale cards station by station, when they are not listed one by
    /// one (a person's agenda: a base of a million has hundreds of
    /// thousands).
    #[serde(skip)]
    pub stale_by_station: Vec<StaleStation>,
    pub unpaid: Vec<Unpaid>,
    pub reactivate: Vec<Lapsed>,
    /// Lost clients whose day to come back has come.
    pub back: Vec<ComingBack>,
    pub farmers: i64,
    pub farmer_capacity: i64,
    pub over_capacity: bool,
    /// The farmer's load says nothing here: a person's agenda, who works
    /// no farmer station and holds no farmer's client (not left out of
    /// JSON, whose shape stays).
    #[serde(skip)]
    pub hide_farmer_load: bool,
    /// How many each list holds in all when only its first ones were read
    /// (overdue, today, upcoming, unpaid, to reactivate, stale).
    #[serde(skip)]
    pub totals: [usize; 6],
}

/// A lost client whose day to come back has come (`lose --back WHEN`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComingBack {
    pub client_id: i64,
    pub name: String,
    pub stage: crate::domain::Stage,
    pub reason: Option<String>,
    /// The day it was lost.
    pub lost_on: Option<chrono::NaiveDate>,
    pub back_on: chrono::NaiveDate,
}

/// The lost clients due back by today (`owner`'s when given).
pub fn coming_back(store: &Store, now: Now, owner: Option<&str>) -> Result<Vec<ComingBack>> {
    let found = store.read().coming_back(now.today(), owner)?;
    Ok(found
        .into_iter()
        .map(|(c, lost)| ComingBack {
            client_id: c.id,
            back_on: c.back_on.unwrap_or(now.today()),
            name: c.name,
            stage: c.stage,
            reason: c.lost_reason,
            lost_on: lost.map(|t| super::utc_to_local(t).date()),
        })
        .collect())
}

/// Open reminders due within the next week, sorted into urgency buckets:
/// at most `limit` of them (`None`: all; [`count_due`] gives the totals),
/// of one person's cards (`owner`) and those about no client, or (`None`)
/// everyone's — the reminder pane of a board.
pub fn due_reminders_of(
    store: &Store,
    now: Now,
    limit: Option<i64>,
    owner: Option<&str>,
) -> Result<Agenda> {
    let today = now.today();
    let mut agenda = Agenda::default();
    for r in store
        .read()
        .open_reminders_of(last_due_day(now), limit, owner)?
    {
        match r.bucket(now.utc, today) {
            Bucket::Overdue => agenda.overdue.push(r),
            Bucket::Today => agenda.today.push(r),
            Bucket::Upcoming => agenda.upcoming.push(r),
            Bucket::Later => {}
        }
    }
    Ok(agenda)
}

fn last_due_day(now: Now) -> NaiveDate {
    now.today() + chrono::Duration::days(crate::domain::model::UPCOMING_DAYS)
}

/// How many reminders are overdue, due today and due in the next 7 days.
pub fn count_due(store: &Store, now: Now) -> Result<[i64; 3]> {
    store
        .read()
        .count_due(now.utc, now.today(), last_due_day(now))
}

/// [`count_due`] of one person's cards (counted: the kept counts are the
/// team's), or everyone's.
pub fn count_due_of(store: &Store, now: Now, owner: Option<&str>) -> Result<[i64; 3]> {
    match owner {
        Some(_) => {
            store
                .read()
                .count_due_by_counting(now.utc, now.today(), last_due_day(now), owner)
        }
        None => count_due(store, now),
    }
}

/// The agenda as of `now`, its lists read into it (the stale cards one by
/// one, station by station, the oldest first; [`agenda_head`] has them a
/// line per station): at most `limit` of each list kept (`totals` says how
/// many there are). Of `owner`'s cards when given (a person's board on a
/// team: the reminders about no client too), else everyone's.
pub fn agenda(
    store: &Store,
    now: Now,
    rules: &RuleSettings,
    limit: Option<usize>,
    owner: Option<&str>,
) -> Result<Agenda> {
    let mut agenda = agenda_head(store, now, rules, limit, owner)?;
    let Agenda {
        overdue,
        today,
        upcoming,
        unpaid,
        stale,
        ..
    } = &mut agenda;
    for (bucket, list) in [
        (Bucket::Overdue, overdue),
        (Bucket::Today, today),
        (Bucket::Upcoming, upcoming),
    ] {
        each_due_reminder(store, now, bucket, limit, owner, |r| {
            list.push(r);
            Ok::<_, Error>(())
        })?;
    }
    each_unpaid(store, now, limit, owner, |u| {
        unpaid.push(u);
        Ok::<_, Error>(())
    })?;
    each_stale_card(store, now, limit, owner, |card| {
        stale.push(card);
        Ok::<_, Error>(())
    })?;
    agenda.stale_by_station.clear();
    Ok(agenda)
}

/// The agenda as of `now` but its long lists — the reminders due, the
/// unpaid invoices and the stale cards, which [`each_due_reminder`],
/// [`each_unpaid`] and [`each_stale_card`] hand out one at a time (most
/// of a large base can be in them) — with how many each holds (`totals`),
/// the stale cards a line per station, and at most `limit` farmers to
/// reactivate; of `owner`'s cards when given.
pub fn agenda_head(
    store: &Store,
    now: Now,
    rules: &RuleSettings,
    limit: Option<usize>,
    owner: Option<&str>,
) -> Result<Agenda> {
    let mut agenda = Agenda::default();
    // The reminders' totals: everyone's those the triggers keep, a person's counted.
    for (total, n) in agenda
        .totals
        .iter_mut()
        .zip(count_due_of(store, now, owner)?)
    {
        *total = usize::try_from(n).unwrap_or_default();
    }
    agenda.totals[3] = count_unpaid(store, owner)?;
    (agenda.reactivate, agenda.totals[4]) = reactivation_list(store, now, rules, limit, owner)?;
    agenda.back = coming_back(store, now, owner)?;
    agenda.farmers = farmer_count(store, owner)?;
    agenda.farmer_capacity = i64::from(rules.farmer_capacity);
    agenda.over_capacity = agenda.farmers > agenda.farmer_capacity;
    agenda.hide_farmer_load = agenda.farmers == 0 && !works_farmer(store, owner)?;
    let db = store.read();
    for (stage, limit, cutoff) in stale_stations(&db, now)? {
        let (count, oldest) = db.stale_count(stage, cutoff, owner)?;
        agenda.totals[5] += usize::try_from(count).unwrap_or_default();
        if let Some(oldest) = oldest {
            agenda.stale_by_station.push(StaleStation {
                stage,
                count,
                limit,
                oldest_days: (now.utc - oldest).num_days(),
            });
        }
    }
    Ok(agenda)
}

/// Whether `owner` works the farmer station (everyone's agenda, or a
/// login that is nobody's: as if they did).
fn works_farmer(store: &Store, owner: Option<&str>) -> Result<bool> {
    let Some(login) = owner else {
        return Ok(true);
    };
    match store.read().user(login) {
        Ok(user) => Ok(user.stations.contains(&Stage::Farmer)),
        Err(Error::NoUser(_)) => Ok(true),
        Err(e) => Err(e),
    }
}

/// Each open reminder of `bucket` as of `now`, in the agenda's order: at
/// most `limit` of them (`None`: all); of `owner`'s cards (and those about
/// no client) when given.
pub fn each_due_reminder<E: From<Error>>(
    store: &Store,
    now: Now,
    bucket: Bucket,
    limit: Option<usize>,
    owner: Option<&str>,
    each: impl FnMut(Reminder) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let days = (now.today(), last_due_day(now));
    let limit = super::sql_limit(limit);
    store
        .read()
        .each_in_bucket(bucket, now.utc, days, limit, owner, each)
}

/// The stations with a limit to stale cards: each with the limit and the
/// moment a card that entered before is stale, as of `now`.
fn stale_stations(db: &Db, now: Now) -> Result<Vec<(Stage, u32, DateTime<Utc>)>> {
    let conveyor = db.conveyor()?;
    Ok(conveyor
        .enabled()
        .filter_map(|stage| {
            let limit = conveyor.stale_days(stage)?;
            Some((stage, limit, Client::stale_cutoff(now.utc, limit)))
        })
        .collect())
}

/// Each stale card as of `now` (`owner`'s when given), station by
/// station, the longest waiting first: at most `limit` of them (`None`:
/// all). `agenda --json` writes them as they are read (a base of a million
/// has hundreds of thousands).
pub fn each_stale_card<E: From<Error>>(
    store: &Store,
    now: Now,
    limit: Option<usize>,
    owner: Option<&str>,
    mut each: impl FnMut(StaleCard) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let db = store.read();
    // How many more may come (`None`: all).
    let mut room = limit;
    for (stage, days, cutoff) in stale_stations(&db, now)? {
        if room == Some(0) {
            break;
        }
        let most = super::sql_limit(room);
        db.each_client_in_stage_since_until(stage, cutoff, most, owner, |client| {
            room = room.map(|n| n.saturating_sub(1));
            each(StaleCard {
                days: client.days_in_stage(now.utc),
                client,
                limit: days,
            })
        })?;
    }
    Ok(())
}

/// Everything about one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientDetail {
    #[serde(flatten)]
    pub client: Client,
    pub days_in_stage: i64,
    pub timeline: Vec<Activity>,
    pub reminders: Vec<Reminder>,
    pub orders: Vec<Order>,
    /// The referrer's name, when a client referred this one.
    pub referred_by_name: Option<String>,
    /// How many clients this one referred.
    pub referred: i64,
}

/// A client with its timeline, reminders and orders.
pub fn client_detail(store: &Store, now: Now, id: i64) -> Result<ClientDetail> {
    let db = store.read();
    let client = db.client(id)?;
    // Newest first, in the CLI, its JSON and on the board alike.
    let mut timeline = db.activities(id)?;
    timeline.reverse();
    Ok(ClientDetail {
        days_in_stage: client.days_in_stage(now.utc),
        timeline,
        reminders: db.client_reminders(id)?,
        orders: db.client_orders(id)?,
        referred_by_name: match client.referred_by {
            Some(r) => db.names(&[r])?.remove(&r),
            None => None,
        },
        referred: db.referred_count(id)?,
        client,
    })
}
