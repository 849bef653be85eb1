//! `konveyer gen`: a large synthetic conveyor in one transaction, for
//! trying and benchmarking the board at the scale of a telemarketer's lists.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::clock::Now;
use crate::config::Config;
use crate::domain::money::DEFAULT_CURRENCY;
use crate::domain::{
    Activity, ActivityKind, CallOutcome, Money, NewClient, ReminderOrigin, Stage, Status,
};
use crate::error::{Error, Result};
use crate::service;
use crate::store::{NewReminder, Store, WriteDb};

const FIRST: [&str; 12] = [
    "Иван",
    "Мария",
    "Алексей",
    "Ольга",
    "Дмитрий",
    "Елена",
    "John",
    "Emily",
    "Sergey",
    "Anna",
    "Павел",
    "Laura",
];
const LAST: [&str; 12] = [
    "Петров",
    "Соколова",
    "Кузнецов",
    "Smith",
    "Волков",
    "Новикова",
    "Carter",
    "Miller",
    "Морозов",
    "Lebedeva",
    "Егоров",
    "Brown",
];
const COMPANY: [&str; 8] = [
    "ООО «Ромашка»",
    "ТехноСтрой",
    "Northwind",
    "АО «Вектор»",
    "Brown & Sons",
    "Пекарня №",
    "ЛогистикПро",
    "Acme",
];

/// What `gen` made, for its closing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Active clients per station, in conveyor order.
    pub stages: Vec<(Stage, i64)>,
    pub lost: i64,
    pub reminders: i64,
    pub orders: i64,
}

/// Counts what the database holds.
pub fn summary(store: &Store) -> Result<Summary> {
    let db = store.read();
    let mut stages = Vec::new();
    for stage in db.conveyor()?.enabled() {
        stages.push((stage, db.count_clients(Some(stage), Some(Status::Active))?));
    }
    Ok(Summary {
        stages,
        lost: db.count_clients(None, Some(Status::Lost))?,
        reminders: db.count_rows("reminders")?,
        orders: db.count_rows("orders")?,
    })
}

/// The seed of `konveyer gen` unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 0x5eed;

/// Fills a new or empty database at `path` with `count` clients.
pub fn create(path: &Path, now: Now, count: u32) -> Result<()> {
    create_seeded(path, now, count, DEFAULT_SEED, &Config::default(), &|_| {})
}

/// [`create`] from `seed`: the same seed and the same `now` make the same
/// conveyor, row for row. Handed over swept by `config`'s rules: their
/// first sweep runs inside the load, at its speed, so the next command
/// pays nothing for them. `made` hears how many clients are written, every
/// thousand and at the last; then the indexes, the sweep and the search
/// index follow.
pub fn create_seeded(
    path: &Path,
    now: Now,
    count: u32,
    seed: u64,
    config: &Config,
    made: &dyn Fn(u64),
) -> Result<()> {
    let mut store = Store::open(path)?;
    if store.read().count_clients(None, None)? > 0 {
        return Err(Error::NotEmpty(path.to_path_buf()));
    }
    store.loading(|store| {
        store.write(|db| {
            db.bulk_settled(
                true,
                |db| fill_in(db, now, count, seed, made),
                |db| service::apply_rules_in(db, now, config).map(drop),
            )
        })
    })
}

/// Adds `count` generated clients to `store`, spread over the conveyor and
/// the last three months, with a reminder for every twentieth.
pub fn fill(store: &mut Store, now: Now, count: u32) -> Result<()> {
    // As a large import: the indexes built once after the rows.
    store.write(|db| db.bulk(true, |db| fill_in(db, now, count, DEFAULT_SEED, &|_| {})))
}

fn fill_in(db: &WriteDb, now: Now, count: u32, seed: u64, made: &dyn Fn(u64)) -> Result<()> {
    let mut draw = Draw(seed);
    for i in 0..u64::from(count) {
        one_client(db, now, i, &mut draw)?;
        if (i + 1) % 1000 == 0 && i + 1 < u64::from(count) {
            made(i + 1);
        }
    }
    made(u64::from(count));
    Ok(())
}

/// A fixed sequence of pseudo-random numbers (a linear congruential
/// generator): the same seed makes the same conveyor (and the same random
/// writes in the store's tests).
pub(crate) struct Draw(pub(crate) u64);

impl Draw {
    /// The next number below `n`.
    pub(crate) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The `i`-th client: its station, its walk there, calls, orders, maybe a
/// loss and a call-back. The draws are taken in this order, always.
fn one_client(db: &WriteDb, now: Now, i: u64, draw: &mut Draw) -> Result<()> {
    let stage = match draw.next(100) {
        0..=69 => Stage::Telemarketer,
        70..=79 => Stage::Qualifier,
        80..=87 => Stage::Hunter,
        _ => Stage::Farmer,
    };
    let since = now.utc - Duration::minutes(draw.next(90 * 24 * 60) as i64);
    let new = NewClient {
        name: format!(
            "{} {}",
            FIRST[draw.next(FIRST.len() as u64) as usize],
            LAST[draw.next(LAST.len() as u64) as usize]
        ),
        company: Some(format!(
            "{} {}",
            COMPANY[draw.next(COMPANY.len() as u64) as usize],
            i + 1
        )),
        phone: Some(format!("+7999{:07}", i)),
        ..NewClient::default()
    };
    let id = walk(db, draw, &new, stage, since)?;
    // A history to report on: calls, and orders for the paying stations.
    let span = (now.utc - since).num_minutes().max(1) as u64;
    for _ in 0..draw.next(4) {
        let at = since + Duration::minutes(draw.next(span) as i64);
        let mut call = Activity::new(id, at, ActivityKind::Call);
        call.outcome = Some(CallOutcome::ALL[draw.next(4) as usize].key().to_string());
        db.insert_activity(&call)?;
    }
    let first_day = crate::service::utc_to_local(since).date();
    match stage {
        Stage::Farmer => {
            let mut day = first_day;
            while day <= now.today() {
                sale(db, id, day, true, 10_000 + draw.next(290) as i64 * 1_000)?;
                day += Duration::days(6 + draw.next(20) as i64);
            }
        }
        Stage::Hunter => {
            sale(
                db,
                id,
                first_day,
                false,
                10_000 + draw.next(290) as i64 * 1_000,
            )?;
        }
        _ => {}
    }
    let lost = draw.next(50) == 0;
    if lost {
        let reason = Some("generated: no budget");
        db.set_status(id, Status::Lost, reason, since)?;
        db.insert_activity(&Activity::new(id, since, ActivityKind::Lost).with_text(reason))?;
    }
    if i.is_multiple_of(20) {
        let due_on = now.today() + Duration::days(draw.next(21) as i64 - 7);
        // A call-back, as a call makes it; a lost client has none.
        if !lost {
            let reminder = NewReminder {
                client_id: Some(id),
                text: "",
                due_on,
                due_at: None,
                origin: ReminderOrigin::CallBack,
                count: None,
                order_id: None,
            };
            db.insert_reminder(&reminder, since)?;
        }
    }
    Ok(())
}

/// Creates the client at the telemarketer some days before it reached its
/// station, one move per station on its timeline, as the conveyor runs;
/// its id. The row is written once, as it ends up.
fn walk(
    db: &WriteDb,
    draw: &mut Draw,
    new: &NewClient,
    stage: Stage,
    since: DateTime<Utc>,
) -> Result<i64> {
    let steps = Stage::ALL
        .iter()
        .filter(|s| **s != Stage::Closer && **s <= stage)
        .count() as i64
        - 1;
    let gaps: Vec<i64> = (0..steps).map(|_| 1 + draw.next(10) as i64).collect();
    let start = since - Duration::days(gaps.iter().sum());
    let id = db.insert_client_since(new, stage, start, since)?;
    let mut created = Activity::new(id, start, ActivityKind::Created);
    created.to_stage = Some(Stage::Telemarketer);
    db.insert_activity(&created)?;
    let mut at = start;
    let mut from = Stage::Telemarketer;
    for (n, gap) in gaps.iter().enumerate() {
        at += Duration::days(*gap);
        let to = [Stage::Qualifier, Stage::Hunter, Stage::Farmer][n];
        if to == stage {
            at = since;
        }
        db.insert_activity(&Activity::moved(id, at, from, to))?;
        from = to;
    }
    Ok(id)
}

/// An order of `amount` roubles invoiced on `on`, and paid that day if
/// `paid`, each on the timeline.
fn sale(db: &WriteDb, id: i64, on: NaiveDate, paid: bool, amount: i64) -> Result<()> {
    let money = Money {
        minor: amount * 100,
        currency: DEFAULT_CURRENCY.to_string(),
    };
    let t = crate::service::local_to_utc(on.and_time(chrono::NaiveTime::MIN));
    let oid = match paid {
        true => db.insert_paid_order(id, &money, on, t)?,
        false => db.insert_order(id, &money, on, t)?,
    };
    let mut entry = Activity::new(id, t, ActivityKind::Invoice);
    entry.order_id = Some(oid);
    db.insert_activity(&entry)?;
    if paid {
        let mut entry = Activity::new(id, t, ActivityKind::Payment);
        entry.order_id = Some(oid);
        db.insert_activity(&entry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the rules left in a base: every reminder they made, the days
    /// they wait for, their mark and the clients still to look at.
    type RulesState = (Vec<String>, Vec<(i64, NaiveDate)>, Option<String>, bool);

    fn rules_state(store: &Store) -> RulesState {
        let conn = store.lite_conn();
        let mut stmt = conn
            .prepare(
                "SELECT client_id || ' ' || origin || ' ' || due_on || ' ' ||
                        coalesce(order_id, '') || ' ' || coalesce(count, '')
                 FROM reminders ORDER BY client_id, origin, due_on, order_id",
            )
            .unwrap();
        let made = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let db = store.read();
        (
            made,
            db.rule_days().unwrap(),
            db.rules_mark().unwrap(),
            db.rules_changes().unwrap(),
        )
    }

    #[test]
    fn a_generated_base_is_swept_inside_the_load_as_a_sweep_after_it_would() {
        let now = Now::parse("2026-11-23T09:00").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (inside, after) = (dir.path().join("inside.db"), dir.path().join("after.db"));
        // How many clients were written, as the command's bar hears it.
        let heard = std::cell::RefCell::new(Vec::new());
        let made = |n: u64| heard.borrow_mut().push(n);
        create_seeded(&inside, now, 3000, 7, &Config::default(), &made).unwrap();
        assert_eq!(heard.into_inner(), [1000, 2000, 3000]);
        let mut plain = Store::open(&after).unwrap();
        plain
            .write(|db| db.bulk(true, |db| fill_in(db, now, 3000, 7, &|_| {})))
            .unwrap();
        service::apply_rules(&mut plain, now, &Config::default()).unwrap();
        let swept = Store::open(&inside).unwrap();
        let (made, days, mark, changed) = rules_state(&swept);
        assert!(
            made.len() > 100 && days.len() > 100,
            "{} {}",
            made.len(),
            days.len()
        );
        assert!(mark.is_some_and(|m| m.starts_with("2026-11-23|")));
        assert!(!changed, "nothing left for the next command");
        assert_eq!((made, days), {
            let (made, days, _, _) = rules_state(&plain);
            (made, days)
        });
        assert!(swept.check().unwrap().is_empty());
    }
}
