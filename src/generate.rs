//! `konveyer gen`: a large synthetic conveyor in one transaction, for
//! trying and benchmarking the board at the scale of a telemarketer's lists.

use std::path::Path;

use chrono::Duration;

use crate::domain::{Activity, ActivityKind, NewClient, ReminderOrigin, Stage, Status};
use crate::error::{Error, Result};
use crate::service::Now;
use crate::store::{NewReminder, Store};

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

/// Fills a new or empty database at `path` with `count` clients.
pub fn create(path: &Path, now: Now, count: u32) -> Result<()> {
    let mut store = Store::open(path)?;
    if store.read().count_clients(None, None)? > 0 {
        return Err(Error::NotEmpty(path.to_path_buf()));
    }
    fill(&mut store, now, count)
}

/// Adds `count` generated clients to `store`, spread over the conveyor and
/// the last three months, with a reminder for every twentieth.
pub fn fill(store: &mut Store, now: Now, count: u32) -> Result<()> {
    store.write(|db| {
        let mut seed: u64 = 0x5eed;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for i in 0..u64::from(count) {
            let stage = match next(100) {
                0..=69 => Stage::Telemarketer,
                70..=79 => Stage::Qualifier,
                80..=87 => Stage::Hunter,
                _ => Stage::Farmer,
            };
            let since = now.utc - Duration::minutes(next(90 * 24 * 60) as i64);
            let new = NewClient {
                name: format!(
                    "{} {}",
                    FIRST[next(FIRST.len() as u64) as usize],
                    LAST[next(LAST.len() as u64) as usize]
                ),
                company: Some(format!(
                    "{} {}",
                    COMPANY[next(COMPANY.len() as u64) as usize],
                    i + 1
                )),
                phone: Some(format!("+7999{:07}", i)),
                ..NewClient::default()
            };
            let id = db.insert_client(&new, stage, since)?;
            let mut created = Activity::new(id, since, ActivityKind::Created);
            created.to_stage = Some(stage);
            db.insert_activity(&created)?;
            let lost = next(50) == 0;
            if lost {
                db.set_status(id, Status::Lost, Some("generated: no budget"), since)?;
            }
            if i % 20 == 0 {
                let due_on = now.today() + Duration::days(next(21) as i64 - 7);
                // A call-back, as a call makes it; a lost client has none.
                if !lost {
                    db.insert_reminder(
                        &NewReminder {
                            client_id: Some(id),
                            text: "",
                            due_on,
                            due_at: None,
                            origin: ReminderOrigin::CallBack,
                            count: None,
                            order_id: None,
                        },
                        since,
                    )?;
                }
            }
        }
        Ok(())
    })
}
