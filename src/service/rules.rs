//! Applying the rules: idempotent, so running them twice creates nothing
//! twice. Run on open and after each change.

use serde::Serialize;

use super::{Now, utc_to_local};
use crate::config::Config;
use crate::domain::rules::{ChaseState, RuleSettings, lapsed_since, next_chase};
use crate::domain::{ReminderOrigin, Stage, StageSettings, Status};
use crate::error::Result;
use crate::store::{Among, Db, NewReminder, Store};

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

/// What the rules call for: for every client, or (`changed_only`) for
/// the clients changed since the day's full sweep.
fn plan(db: &Db, now: Now, rules: &RuleSettings, changed_only: bool) -> Result<Vec<Planned>> {
    let among = if changed_only {
        Among::Changed
    } else {
        Among::All
    };
    let mut out = Vec::new();
    for u in db.unpaid_orders(among)? {
        let state = ChaseState {
            invoiced_on: u.order.invoiced_on,
            paid: false,
            has_open_chase: u.has_open_chase,
            last_chase_done: u.last_chase_done.map(|t| utc_to_local(t).date()),
        };
        if let Some(due_on) = next_chase(state, rules) {
            out.push(Planned {
                client_id: u.order.client_id,
                due_on,
                origin: ReminderOrigin::Chase,
                order_id: Some(u.order.id),
                count: None,
            });
        }
    }
    for lapsed in farmers_past_limit(db, now, rules, Which::Fresh, among)? {
        out.push(Planned {
            client_id: lapsed.client_id,
            due_on: now.today(),
            origin: ReminderOrigin::Reactivation,
            order_id: None,
            count: Some(lapsed.idle_days),
        });
    }
    Ok(out)
}

/// How many reminders a full sweep would create now (after the rules have
/// run, none: the changed clients' pass missed nothing).
#[cfg(test)]
pub(super) fn left_for_a_full_sweep(store: &Store, now: Now, config: &Config) -> usize {
    plan(&store.read(), now, &config.rules, false)
        .expect("plan")
        .len()
}

/// Which lapsed farmer's clients to list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Those with no reminder for this lapse yet: the rule creates one.
    Fresh,
    /// Those whose reactivation reminder is open: the agenda's list, so
    /// that it agrees with the reminder pane.
    Reminded,
}

/// Farmer's clients past their usual gap, as `which` selects.
fn farmers_past_limit(
    db: &Db,
    now: Now,
    rules: &RuleSettings,
    which: Which,
    among: Among,
) -> Result<Vec<Lapsed>> {
    let today = now.today();
    let mut out = Vec::new();
    for f in db.farmer_payments(among)? {
        let since = utc_to_local(f.stage_since).date();
        let Some(from) = lapsed_since(&f.payments, since, today, rules) else {
            continue;
        };
        let reminded = f
            .last_reactivation
            .is_some_and(|t| utc_to_local(t).date() >= from);
        let wanted = match which {
            Which::Fresh => !reminded,
            Which::Reminded => f.open_reactivation,
        };
        if !wanted {
            continue;
        }
        out.push(Lapsed {
            client_id: f.client_id,
            name: String::new(),
            since: from,
            idle_days: (today - from).num_days(),
        });
    }
    // Names only for the few that are listed: the sweep reads the index alone.
    let mut names = db.names(&out.iter().map(|l| l.client_id).collect::<Vec<_>>())?;
    for l in &mut out {
        l.name = names.remove(&l.client_id).unwrap_or_default();
    }
    Ok(out)
}

/// Farmer's clients to reactivate (their reminder is open), longest idle first.
pub fn reactivation_list(store: &Store, now: Now, rules: &RuleSettings) -> Result<Vec<Lapsed>> {
    // Only the clients with an open reactivation reminder are read.
    let mut list = farmers_past_limit(&store.read(), now, rules, Which::Reminded, Among::Reminded)?;
    list.sort_by_key(|l| std::cmp::Reverse(l.idle_days));
    Ok(list)
}

/// Unpaid invoices with their age, oldest first: at most `limit` of them
/// (names are read for those alone), and how many there are.
pub fn unpaid_list(store: &Store, now: Now, limit: Option<usize>) -> Result<(Vec<Unpaid>, usize)> {
    let db = store.read();
    let unpaid = db.first_unpaid_orders(Among::All, limit.map(|n| n as i64))?;
    let total = match limit {
        Some(_) => usize::try_from(db.count_unpaid()?).unwrap_or_default(),
        None => unpaid.len(),
    };
    let names = db.names(&unpaid.iter().map(|u| u.order.client_id).collect::<Vec<_>>())?;
    let listed = unpaid
        .into_iter()
        .map(|u| Unpaid {
            order_id: u.order.id,
            client_id: u.order.client_id,
            name: names.get(&u.order.client_id).cloned().unwrap_or_default(),
            amount_minor: u.order.amount_minor,
            currency: u.order.currency,
            invoiced_on: u.order.invoiced_on,
            age_days: (now.today() - u.order.invoiced_on).num_days(),
        })
        .collect();
    Ok((listed, total))
}

/// Active clients at the farmer.
pub fn farmer_count(store: &Store) -> Result<i64> {
    store
        .read()
        .count_clients(Some(Stage::Farmer), Some(Status::Active))
}

/// The stage settings the config asks for, and the mark a full sweep with
/// them today leaves.
fn wanted(db: &Db, now: Now, config: &Config) -> Result<(Vec<StageSettings>, String)> {
    let wanted = config.stage_settings(&current_settings(db)?);
    Ok((wanted, format!("{}|{:?}", now.today(), config.rules)))
}

/// The stations' settings the database holds.
fn current_settings(db: &Db) -> Result<Vec<StageSettings>> {
    let conveyor = db.conveyor()?;
    Ok(Stage::ALL
        .iter()
        .filter_map(|s| conveyor.settings(*s).copied())
        .collect())
}

/// Whether the rules must sweep the whole base: the day's first run, or
/// the settings changed.
fn sweep_due(db: &Db, wanted: &[StageSettings], mark: &str) -> Result<bool> {
    let settings_differ = current_settings(db)? != wanted;
    Ok(settings_differ || db.rules_mark()?.as_deref() != Some(mark))
}

/// Whether the next run of the rules sweeps the whole base: the board
/// runs that one beside its first frame instead of before it.
pub fn full_sweep_due(store: &Store, now: Now, config: &Config) -> Result<bool> {
    let (wanted, mark) = wanted(&store.read(), now, config)?;
    sweep_due(&store.read(), &wanted, &mark)
}

/// Syncs the config's stage settings and creates the reminders the rules
/// call for. The whole base is swept once a day (and when the settings
/// change); between sweeps only the clients changed since are looked at
/// (schema v8 notes them), so a command after a change pays for that
/// change alone. Writes nothing when nothing is due.
pub fn apply_rules(store: &mut Store, now: Now, config: &Config) -> Result<RulesReport> {
    // A read-only file is shown as it is: the rules have nowhere to write.
    if store.is_read_only() {
        return Ok(RulesReport::default());
    }
    let (wanted, mark) = wanted(&store.read(), now, config)?;
    if !sweep_due(&store.read(), &wanted, &mark)? && !store.read().rules_changes()? {
        return Ok(RulesReport::default());
    }
    // Decided and planned inside the write: a sweep or a change committed
    // meanwhile by another process is seen.
    store.write(|db| {
        let changed_only = !sweep_due(db, &wanted, &mark)?;
        // Written only when they differ: on a team database the stations
        // are the head of sales' to change.
        let stage_settings = match current_settings(db)? == wanted {
            true => 0,
            false => db.set_stage_settings(&wanted)?,
        };
        let mut report = RulesReport {
            stage_settings,
            ..RulesReport::default()
        };
        for p in plan(db, now, &config.rules, changed_only)? {
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
        db.set_rules_mark(&mark)?;
        Ok(report)
    })
}
