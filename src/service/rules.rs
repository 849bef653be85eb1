//! Applying the rules: idempotent, so running them twice creates nothing
//! twice. Run on open and after each change.

use serde::Serialize;

use super::{Now, utc_to_local};
use crate::config::Config;
use crate::domain::rules::{ChaseState, RuleSettings, lapsed_since, next_chase, reactivation_day};
use crate::domain::{ReminderOrigin, Stage, StageSettings, Status};
use crate::error::Result;
use crate::store::{Among, Db, FarmerPayments, NewReminder, Store, WriteDb};

/// What one run of the rules did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RulesReport {
    pub chases: usize,
    pub reactivations: usize,
    pub stage_settings: usize,
}

/// An unpaid invoice as the agenda lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpaid {
    pub order_id: i64,
    pub client_id: i64,
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub invoiced_on: chrono::NaiveDate,
    pub age_days: i64,
}

/// A farmer's client due for reactivation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lapsed {
    pub client_id: i64,
    pub name: String,
    /// The last payment, or when the client reached the farmer.
    pub since: chrono::NaiveDate,
    pub idle_days: i64,
}

/// A reminder a rule wants to create.
struct Planned {
    client_id: i64,
    due_on: chrono::NaiveDate,
    origin: ReminderOrigin,
    order_id: Option<i64>,
    count: Option<i64>,
}

/// What the rules call for among some clients: the reminders to make, and
/// the day each farmer's client's reactivation rule wakes up next (those
/// without one wait for a change, not for a day).
#[derive(Default)]
struct Plan {
    reminders: Vec<Planned>,
    wakes: Vec<(i64, chrono::NaiveDate)>,
}

/// What the rules call for among the clients `among` says.
fn plan(db: &Db, now: Now, rules: &RuleSettings, among: Among) -> Result<Plan> {
    let mut out = Plan::default();
    // A chase's day follows from the invoice and its chases alone, never
    // from today: the pass that last saw a client change made every chase
    // it needs, so a new day reads the changed clients' unpaid invoices.
    for u in db.unpaid_orders(among.unwoken())? {
        let state = ChaseState {
            invoiced_on: u.order.invoiced_on,
            paid: false,
            has_open_chase: u.has_open_chase,
            last_chase_done: u.last_chase_done.map(|t| utc_to_local(t).date()),
        };
        if let Some(due_on) = next_chase(state, rules) {
            out.reminders.push(Planned {
                client_id: u.order.client_id,
                due_on,
                origin: ReminderOrigin::Chase,
                order_id: Some(u.order.id),
                count: None,
            });
        }
    }
    let today = now.today();
    for f in db.farmer_payments(among)? {
        let since = utc_to_local(f.stage_since).date();
        // Reminded already of this lapse (or of the one to come): nothing
        // until a payment or a move changes the client.
        let from = f.payments.last().copied().unwrap_or(since);
        if reminded_since(&f, from) {
            continue;
        }
        match lapsed_since(&f.payments, since, today, rules) {
            Some(from) => out.reminders.push(Planned {
                client_id: f.client_id,
                due_on: today,
                origin: ReminderOrigin::Reactivation,
                order_id: None,
                count: Some((today - from).num_days()),
            }),
            None => out
                .wakes
                .extend(reactivation_day(&f.payments, since, rules).map(|day| (f.client_id, day))),
        }
    }
    Ok(out)
}

/// Whether a reactivation reminder was made after `from` (the day a lapse
/// is counted from: its reminder comes a day later at the earliest, so one
/// made on a day the client paid was for the lapse before).
fn reminded_since(f: &FarmerPayments, from: chrono::NaiveDate) -> bool {
    f.last_reactivation
        .is_some_and(|t| utc_to_local(t).date() > from)
}

/// A reminder as a pass makes it: its client, origin, due day, order and
/// count.
#[cfg(test)]
pub(super) type Made = (
    i64,
    &'static str,
    chrono::NaiveDate,
    Option<i64>,
    Option<i64>,
);

/// What a full sweep would make now, in order. A pass over the changed and
/// woken clients must make exactly these.
#[cfg(test)]
pub(super) fn made_by_a_full_sweep(store: &Store, now: Now, config: &Config) -> Vec<Made> {
    let full = plan(&store.read(), now, &config.rules, Among::All).expect("plan");
    let mut made: Vec<Made> = full
        .reminders
        .into_iter()
        .map(|p| (p.client_id, p.origin.key(), p.due_on, p.order_id, p.count))
        .collect();
    made.sort();
    made
}

/// How many reminders a full sweep would create now (after the rules have
/// run, none: the pass over the changed and woken clients missed nothing),
/// and whether the kept wake-up days are those a full sweep finds.
#[cfg(test)]
pub(super) fn left_for_a_full_sweep(store: &Store, now: Now, config: &Config) -> usize {
    let full = plan(&store.read(), now, &config.rules, Among::All).expect("plan");
    let mut wakes = full.wakes;
    wakes.sort_unstable();
    assert_eq!(store.read().rule_days().expect("rule days"), wakes);
    full.reminders.len()
}

/// Farmer's clients past their usual gap whose reactivation reminder is
/// open: the agenda's list, so that it agrees with the reminder pane.
fn reminded_farmers(db: &Db, now: Now, rules: &RuleSettings) -> Result<Vec<Lapsed>> {
    let today = now.today();
    let mut out = Vec::new();
    for f in db.farmer_payments(Among::Reminded)? {
        let since = utc_to_local(f.stage_since).date();
        let Some(from) = lapsed_since(&f.payments, since, today, rules) else {
            continue;
        };
        out.push(Lapsed {
            client_id: f.client_id,
            name: String::new(),
            since: from,
            idle_days: (today - from).num_days(),
        });
    }
    Ok(out)
}

/// Farmer's clients to reactivate (their reminder is open; `owner`'s
/// when given), longest idle first: at most `limit` of them (`None`:
/// all), and how many there are.
pub fn reactivation_list(
    store: &Store,
    now: Now,
    rules: &RuleSettings,
    limit: Option<usize>,
    owner: Option<&str>,
) -> Result<(Vec<Lapsed>, usize)> {
    // Only the clients with an open reactivation reminder are read.
    let db = store.read();
    let mut list = reminded_farmers(&db, now, rules)?;
    if let Some(login) = owner {
        let theirs = db.reminded_of(login)?;
        list.retain(|l| theirs.contains(&l.client_id));
    }
    list.sort_by_key(|l| std::cmp::Reverse(l.idle_days));
    let total = list.len();
    list.truncate(limit.unwrap_or(usize::MAX));
    // Names only for those listed (a million clients: 7 800 reminded).
    let mut names = db.names(&list.iter().map(|l| l.client_id).collect::<Vec<_>>())?;
    for l in &mut list {
        l.name = names.remove(&l.client_id).unwrap_or_default();
    }
    Ok((list, total))
}

/// Each unpaid invoice of a client not lost (`owner`'s when given), with
/// its age, the oldest first: at most `limit` of them (`None`: all).
pub fn each_unpaid<E: From<crate::error::Error>>(
    store: &Store,
    now: Now,
    limit: Option<usize>,
    owner: Option<&str>,
    mut each: impl FnMut(Unpaid) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    store
        .read()
        .each_unpaid_invoice(super::sql_limit(limit), owner, |order, name| {
            each(Unpaid {
                order_id: order.id,
                client_id: order.client_id,
                name,
                amount_minor: order.amount_minor,
                currency: order.currency,
                invoiced_on: order.invoiced_on,
                age_days: (now.today() - order.invoiced_on).num_days(),
            })
        })
}

/// How many invoices of clients not lost (`owner`'s when given) are unpaid.
pub fn count_unpaid(store: &Store, owner: Option<&str>) -> Result<usize> {
    Ok(usize::try_from(store.read().count_unpaid(owner)?).unwrap_or_default())
}

/// Active clients at the farmer (`owner`'s when given).
pub fn farmer_count(store: &Store, owner: Option<&str>) -> Result<i64> {
    store
        .read()
        .count_clients_of(Stage::Farmer, Status::Active, owner)
}

/// What a pass of the rules is set against: the stations' settings the
/// database holds and those the config asks for, and the mark a pass with
/// them today leaves (the day, then the rules' settings).
struct Wanted {
    current: Vec<StageSettings>,
    settings: Vec<StageSettings>,
    mark: String,
}

fn wanted(db: &Db, now: Now, config: &Config) -> Result<Wanted> {
    let current = current_settings(db)?;
    Ok(Wanted {
        settings: config.stage_settings(&current),
        current,
        mark: format!("{}|{:?}", now.today(), config.rules),
    })
}

/// Which clients the rules' next pass looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Nothing changed since the last pass today.
    None,
    /// The clients changed since the last pass today.
    Changed,
    /// A new day: the changed clients and those whose rule wakes up by
    /// today (`rule_days`) — a range read, however many days were missed.
    Day,
    /// Everyone: the base has never been swept (or was loaded in bulk), or
    /// the settings changed, so every kept day is made again.
    Full,
}

impl Pass {
    fn among(self, today: chrono::NaiveDate) -> Among {
        match self {
            Pass::None | Pass::Changed => Among::Changed,
            Pass::Day => Among::Due(today),
            Pass::Full => Among::All,
        }
    }
}

/// The stations' settings the database holds.
fn current_settings(db: &Db) -> Result<Vec<StageSettings>> {
    let conveyor = db.conveyor()?;
    Ok(Stage::ALL
        .iter()
        .filter_map(|s| conveyor.settings(*s).copied())
        .collect())
}

/// The pass the rules make next, from the last one's mark.
fn pass_due(db: &Db, w: &Wanted) -> Result<Pass> {
    let settings = |m: &str| m.split_once('|').map(|(_, s)| s.to_string());
    let last = db.rules_mark()?;
    Ok(match last.as_deref() {
        _ if w.current != w.settings => Pass::Full,
        None => Pass::Full,
        Some(last) if settings(last) != settings(&w.mark) => Pass::Full,
        Some(last) if last != w.mark => Pass::Day,
        Some(_) if db.rules_changes()? => Pass::Changed,
        Some(_) => Pass::None,
    })
}

/// Whether the next run of the rules reads more than the clients changed
/// since the last (a new day's pass, or a whole sweep): the board runs
/// that one beside its first frame instead of before it.
pub fn sweep_due(store: &Store, now: Now, config: &Config) -> Result<bool> {
    let db = store.read();
    let pass = pass_due(&db, &wanted(&db, now, config)?)?;
    Ok(matches!(pass, Pass::Day | Pass::Full))
}

/// Syncs the config's stage settings and creates the reminders the rules
/// call for. Only the clients changed since the last pass are looked at
/// (schema v8 notes them), and on a new day also those whose reactivation
/// wakes up by then (their days kept in `rule_days`), so a command pays
/// for what changed and what fell due, not for the base. The whole base is
/// swept when it never was (a new or bulk-loaded base) or the settings
/// changed. Writes nothing when nothing is due.
pub fn apply_rules(store: &mut Store, now: Now, config: &Config) -> Result<RulesReport> {
    // A read-only file is shown as it is: the rules have nowhere to write.
    if store.is_read_only() {
        return Ok(RulesReport::default());
    }
    let db = store.read();
    if pass_due(&db, &wanted(&db, now, config)?)? == Pass::None {
        return Ok(RulesReport::default());
    }
    // Decided and planned inside the write: a sweep or a change committed
    // meanwhile by another process is seen.
    store.write(|db| apply_rules_in(db, now, config))
}

/// [`apply_rules`] inside a write already open: a bulk load's sweep at
/// bulk speed (`WriteDb::bulk_settled`).
pub fn apply_rules_in(db: &WriteDb, now: Now, config: &Config) -> Result<RulesReport> {
    let w = wanted(db, now, config)?;
    let among = pass_due(db, &w)?.among(now.today());
    // Written only when they differ: on a team database the stations
    // are the head of sales' to change.
    let stage_settings = match w.current == w.settings {
        true => 0,
        false => db.set_stage_settings(&w.settings)?,
    };
    let mut report = RulesReport {
        stage_settings,
        ..RulesReport::default()
    };
    let plan = plan(db, now, &config.rules, among)?;
    for p in plan.reminders {
        db.insert_reminder(
            &NewReminder {
                client_id: Some(p.client_id),
                text: "",
                due_on: p.due_on,
                due_at: None,
                origin: p.origin,
                order_id: p.order_id,
                count: p.count,
            },
            now.utc,
        )?;
        match p.origin {
            ReminderOrigin::Chase => report.chases += 1,
            _ => report.reactivations += 1,
        }
    }
    db.keep_rule_days(among, &plan.wakes)?;
    db.set_rules_mark(&w.mark)?;
    Ok(report)
}
