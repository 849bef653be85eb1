//! `konveyer demo`: a believable conveyor, written through the same
//! services a person uses, with history spread over the last months.

use std::path::Path;

use chrono::{Duration, NaiveTime};

use serde::Deserialize;

use crate::domain::money::DEFAULT_CURRENCY;
use crate::domain::{ActivityKind, CallOutcome, Money, NewClient, Stage, StageTarget, When};
use crate::error::{Error, Result};
use crate::i18n::{DemoTexts, Lang, demo_texts};
use crate::service::{self, Now};
use crate::store::Store;

/// Who is on the demo conveyor: `assets/demo/conveyor.toml`.
#[derive(Debug, Deserialize)]
struct DemoData {
    /// Name and company ("" for none).
    people: Vec<(String, String)>,
    sources: Vec<String>,
    loss_reasons: Vec<String>,
}

fn demo_data() -> Result<DemoData> {
    toml::from_str(include_str!("../assets/demo/conveyor.toml"))
        .map_err(|e| Error::Io(format!("demo data: {}", e.message())))
}

/// A small deterministic generator: the demo is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// Writes the demo conveyor into a new or empty database at `path`;
/// returns how many clients it holds.
pub(crate) fn create(path: &Path, now: Now, lang: Lang) -> Result<usize> {
    let mut store = Store::open(path)?;
    if store.read().count_clients(None, None)? > 0 {
        return Err(Error::NotEmpty(path.to_path_buf()));
    }
    fill(&mut store, now, lang)?;
    Ok(demo_data()?.people.len())
}

/// The demo conveyor, written into `store` as of `now`.
pub(crate) fn fill(store: &mut Store, now: Now, lang: Lang) -> Result<()> {
    let texts = demo_texts(lang);
    let data = demo_data()?;
    let pick = |list: &[String], i: i64| list[i as usize % list.len().max(1)].clone();
    let mut rng = Rng(47);
    for (i, (name, company)) in data.people.iter().enumerate() {
        // Spread clients along the conveyor like a real base: many at the
        // start, a solid farmer base, a few lost.
        let last = match i % 8 {
            0..=2 => Stage::Telemarketer,
            3 => Stage::Qualifier,
            4 | 5 => Stage::Hunter,
            _ => Stage::Farmer,
        };
        let journey = Journey {
            texts,
            reasons: data.loss_reasons.clone(),
            now,
            id: 0,
            days_ago: 0,
            last: None,
        };
        let new = NewClient {
            name: name.clone(),
            company: Some(company.clone()).filter(|c| !c.is_empty()),
            phone: Some(format!(
                "+79{:02}{:03}{:02}{:02}",
                rng.range(0, 99),
                rng.range(100, 999),
                rng.range(10, 99),
                rng.range(10, 99)
            )),
            other_phones: None,
            email: None,
            source: Some(pick(&data.sources, rng.range(0, 4))),
            stage: None,
            notes: None,
            tags: None,
            referred_by: None,
            // A seller's estimate for those who got past the first call
            // (cleared by a first payment), derived from the row so that
            // the rest of the demo stays as it was.
            value: (last >= Stage::Qualifier).then(|| Money {
                minor: ((i as i64 * 7) % 20 + 3) * 10_000 * 100,
                currency: DEFAULT_CURRENCY.to_string(),
            }),
            expected_on: (last == Stage::Hunter)
                .then(|| now.today() + Duration::days(7 * (i as i64 % 5) + 3)),
        };
        journey.run(store, &mut rng, new, last, i % 9 == 4)?;
    }
    Ok(())
}

/// One client's way along the conveyor, told day by day from the past.
struct Journey {
    texts: &'static DemoTexts,
    /// Why a client may be lost.
    reasons: Vec<String>,
    now: Now,
    id: i64,
    days_ago: i64,
    /// The client's last moment so far: the next is never before it.
    last: Option<chrono::NaiveDateTime>,
}

impl Journey {
    /// The moment `days_ago` days before now, during working hours, after
    /// the client's last one (a few minutes on, when the day's hour drawn
    /// is earlier): a timeline in the order it happened.
    fn at(&mut self, rng: &mut Rng) -> Now {
        let day = self.now.local.date() - Duration::days(self.days_ago);
        let time = NaiveTime::from_hms_opt(rng.range(9, 18) as u32, rng.range(0, 59) as u32, 0)
            .unwrap_or_default();
        let mut moment = day.and_time(time);
        if let Some(last) = self.last.filter(|l| *l >= moment) {
            moment = last + Duration::minutes(rng.range(5, 40));
        }
        let moment = moment.min(self.now.local);
        self.last = Some(moment);
        Now::from_local(moment)
    }

    fn pass(&mut self, days: i64) {
        self.days_ago = (self.days_ago - days).max(0);
    }

    fn run(
        mut self,
        store: &mut Store,
        rng: &mut Rng,
        new: NewClient,
        last: Stage,
        lost: bool,
    ) -> Result<()> {
        self.days_ago = match last {
            Stage::Telemarketer => rng.range(0, 4),
            Stage::Qualifier => rng.range(3, 20),
            Stage::Hunter => rng.range(6, 24),
            _ => rng.range(60, 160),
        };
        self.id = service::add_client(store, self.at(rng), new)?;
        match last {
            Stage::Telemarketer => self.cold_call(store, rng)?,
            Stage::Qualifier => {
                self.interested(store, rng)?;
                self.remind(store, rng, self.texts.qualify, (-1, 3))?;
            }
            Stage::Hunter => {
                self.interested(store, rng)?;
                self.presented(store, rng)?;
                self.offered(store, rng)?;
            }
            _ => {
                self.interested(store, rng)?;
                self.presented(store, rng)?;
                self.buys(store, rng)?;
            }
        }
        self.maybe_lose(store, rng, lost)
    }

    /// Maybe no answer, then "call me back on …": a call-back reminder, as
    /// the board makes it.
    fn cold_call(&mut self, store: &mut Store, rng: &mut Rng) -> Result<()> {
        let id = self.id;
        if rng.range(0, 1) == 1 {
            let t = self.at(rng);
            let no_answer = Some(CallOutcome::NoAnswer);
            service::log_activity(store, t, id, ActivityKind::Call, None, no_answer)?;
        }
        let t = self.at(rng);
        let when = self.when(rng, (-2, 5));
        let back = service::Call {
            outcome: CallOutcome::CallBack,
            text: None,
            when: Some(when),
            duration_secs: None,
        };
        service::log_call(store, t, id, back, Lang::En, &Default::default())?;
        Ok(())
    }

    /// A call that found interest, and the move to the qualifier.
    fn interested(&mut self, store: &mut Store, rng: &mut Rng) -> Result<()> {
        self.pass(rng.range(0, 3));
        let t = self.at(rng);
        let (id, text) = (self.id, Some(self.texts.needs_offer));
        let outcome = Some(CallOutcome::Interested);
        service::log_activity(store, t, id, ActivityKind::Call, text, outcome)?;
        service::move_client(store, t, id, StageTarget::Next)?;
        Ok(())
    }

    /// On to the hunter, and a meeting where the offer was presented.
    fn presented(&mut self, store: &mut Store, rng: &mut Rng) -> Result<()> {
        self.pass(rng.range(1, 3));
        let t = self.at(rng);
        service::move_client(store, t, self.id, StageTarget::Next)?;
        self.pass(rng.range(1, 6));
        let t = self.at(rng);
        let text = Some(self.texts.presented);
        service::log_activity(store, t, self.id, ActivityKind::Meeting, text, None)?;
        Ok(())
    }

    /// A hunter's client: an invoice (its chase reminder comes from the
    /// rules), or a reminder to send the offer.
    fn offered(&mut self, store: &mut Store, rng: &mut Rng) -> Result<()> {
        if rng.range(0, 2) > 0 {
            self.pass(rng.range(0, 5));
            let t = self.at(rng);
            service::invoice(store, t, self.id, &amount(rng), t.today())?;
            Ok(())
        } else {
            self.remind(store, rng, self.texts.send_offer, (0, 6))
        }
    }

    /// A farmer's client: a first sale moves it over, then repeat orders;
    /// some went quiet long ago (the reactivation sweep finds them).
    fn buys(&mut self, store: &mut Store, rng: &mut Rng) -> Result<()> {
        self.pass(rng.range(2, 12));
        let t = self.at(rng);
        service::sale(store, t, self.id, &amount(rng), t.today())?;
        let quiet_from = if rng.range(0, 2) == 0 { 100 } else { 45 };
        while self.days_ago > quiet_from {
            self.pass(rng.range(25, 50));
            let t = self.at(rng);
            service::sale(store, t, self.id, &amount(rng), t.today())?;
        }
        if rng.range(0, 2) == 0 {
            self.remind(store, rng, self.texts.price_list, (-3, 7))?;
        }
        Ok(())
    }

    /// A reminder created now-ish, due between `lo` and `hi` days from today.
    fn remind(
        &mut self,
        store: &mut Store,
        rng: &mut Rng,
        text: &str,
        (lo, hi): (i64, i64),
    ) -> Result<()> {
        let created = self.at(rng);
        let when = self.when(rng, (lo, hi));
        service::remind(store, created, Some(self.id), text, when)?;
        Ok(())
    }

    /// A day between `lo` and `hi` days from today, half the time with an hour.
    fn when(&self, rng: &mut Rng, (lo, hi): (i64, i64)) -> When {
        let due = self.now.today() + Duration::days(rng.range(lo, hi));
        if rng.range(0, 2) == 0 {
            When::At(due.and_time(
                NaiveTime::from_hms_opt(rng.range(10, 17) as u32, 0, 0).unwrap_or_default(),
            ))
        } else {
            When::Day(due)
        }
    }

    fn maybe_lose(&mut self, store: &mut Store, rng: &mut Rng, lost: bool) -> Result<()> {
        if lost {
            self.pass(1);
            let i = rng.range(0, 4) as usize % self.reasons.len().max(1);
            let reason = self.reasons.get(i).cloned().unwrap_or_default();
            service::lose(store, self.at(rng), self.id, &reason)?;
        }
        Ok(())
    }
}

/// An order's amount: 20 000 to 300 000 roubles in thousands.
fn amount(rng: &mut Rng) -> Money {
    Money {
        minor: rng.range(20, 300) * 1_000 * 100,
        currency: DEFAULT_CURRENCY.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;
    use crate::store::ClientFilter;

    #[test]
    fn demo_covers_the_whole_conveyor() {
        let now = Now::parse("2026-11-23T10:00").expect("fixed now");
        let mut store = Store::open_in_memory().expect("store");
        fill(&mut store, now, Lang::En).expect("demo");
        let db = store.read();
        assert_eq!(db.count_clients(None, None).unwrap(), 40);
        for stage in [
            Stage::Telemarketer,
            Stage::Qualifier,
            Stage::Hunter,
            Stage::Farmer,
        ] {
            assert!(
                db.count_clients(Some(stage), Some(Status::Active)).unwrap() > 0,
                "{stage:?}"
            );
        }
        assert!(db.count_clients(None, Some(Status::Lost)).unwrap() >= 3);
        let agenda = service::agenda(&store, now, &Default::default(), None, None).unwrap();
        assert!(
            !agenda.overdue.is_empty() && !agenda.today.is_empty() && !agenda.upcoming.is_empty()
        );
        let farmers = db
            .clients(&ClientFilter {
                stage: Some(Stage::Farmer),
                ..ClientFilter::default()
            })
            .unwrap();
        let paid: i64 = farmers
            .iter()
            .map(|c| db.paid_order_count(c.id).unwrap())
            .sum();
        assert!(paid > farmers.len() as i64, "farmers have repeat orders");
    }

    #[test]
    fn every_demo_timeline_runs_in_the_order_it_happened() {
        let now = Now::parse("2026-11-23T10:00").expect("fixed now");
        let mut store = Store::open_in_memory().expect("store");
        fill(&mut store, now, Lang::Ru).expect("demo");
        let db = store.read();
        let filter = ClientFilter::default();
        for c in db.clients(&filter).unwrap() {
            let entries = db.activities(c.id).unwrap();
            // Written one after another: by id, never earlier than the one before.
            let mut by_id = entries.clone();
            by_id.sort_by_key(|a| a.id);
            for pair in by_id.windows(2) {
                assert!(pair[0].at <= pair[1].at, "#{}: {:?}", c.id, by_id);
            }
            assert!(entries.iter().all(|a| a.at <= now.utc), "#{}", c.id);
        }
    }
}
