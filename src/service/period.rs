//! What a period's report, its plan and the team's day all read: the
//! instants a period covers, and the contacts logged in it by kind.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde::Serialize;

use super::local_to_utc;
use crate::domain::report::{Period, two_decimals};
use crate::error::Result;
use crate::store::Db;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contacts {
    pub calls: BTreeMap<String, i64>,
    pub meeting: i64,
    pub email: i64,
    pub note: i64,
    /// Seconds on the phone: the dialled calls' durations. Left out of the
    /// JSON while there are none, so that the report keeps DESIGN §6's
    /// shape to the letter until calls are dialled from here.
    #[serde(skip_serializing_if = "is_zero")]
    pub talk_secs: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A count and a sum of money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sum {
    pub count: i64,
    pub amount_minor: i64,
}

impl Sum {
    /// Counts payments `p` in `first` or `repeat`, as they are.
    pub(super) fn count_in(first: &mut Sum, repeat: &mut Sum, p: &crate::store::PaidDay) {
        let sum = if p.first { first } else { repeat };
        sum.count += p.n;
        sum.amount_minor = sum.amount_minor.saturating_add(p.amount_minor);
    }
}

/// Revenue of one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revenue {
    pub currency: String,
    pub first: Sum,
    pub repeat: Sum,
    pub repeat_share: Option<f64>,
}

/// A period's payments counted as they are read, first and repeat per
/// currency: a few numbers per currency, however many payments.
#[derive(Debug, Clone, Default)]
pub(super) struct RevenueCount(BTreeMap<String, (Sum, Sum)>);

impl RevenueCount {
    pub(super) fn add(&mut self, p: &crate::store::PaidDay) {
        let (first, repeat) = match self.0.get_mut(&p.currency) {
            Some(sums) => sums,
            None => self.0.entry(p.currency.clone()).or_default(),
        };
        Sum::count_in(first, repeat, p);
    }

    /// Per currency, in the currencies' order.
    pub(super) fn rows(&self) -> Vec<Revenue> {
        self.0
            .iter()
            .map(|(currency, &(first, repeat))| {
                let total = first.amount_minor.saturating_add(repeat.amount_minor);
                Revenue {
                    currency: currency.clone(),
                    first,
                    repeat,
                    repeat_share: (total > 0)
                        .then(|| two_decimals(repeat.amount_minor as f64 / total as f64)),
                }
            })
            .collect()
    }
}

/// Whose histories a reader of the span from `since` on reads: the
/// clients that changed place in it alone, when they are few (a quarter
/// of the base at most, by the kept counts: each is then looked up, and
/// that costs less than reading everyone's in order), else everyone's. On
/// a generated conveyor nearly every client moved in the last year; a
/// base of a million cold rows that never moved holds few that did.
pub(super) fn few_moved_since(db: &Db, since: DateTime<Utc>) -> Result<bool> {
    let moved = db.moved_since_at_most(since)?;
    Ok(moved.saturating_mul(4) <= db.count_clients(None, None)?)
}

/// How many ranges of client ids everyone's histories are cut into, for
/// two readers to share out (a report's, the forecast's).
pub(super) const PARTS: usize = 64;

/// Range `at` of the [`PARTS`] ranges of client ids up to `last` (the first
/// open below, the last open above), if there is one.
pub(super) fn id_range(last: i64, at: usize) -> Option<(i64, i64)> {
    let step = last / PARTS as i64 + 1;
    let bound = |p: usize| match p {
        0 => i64::MIN,
        p if p >= PARTS => i64::MAX,
        p => p as i64 * step,
    };
    (at < PARTS).then(|| (bound(at), bound(at + 1)))
}

/// The instants a period covers: from its first day's midnight to the
/// midnight after its last day.
pub(super) fn bounds(p: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = p.to.succ_opt().unwrap_or(p.to);
    (
        local_to_utc(p.from.and_time(NaiveTime::MIN)),
        local_to_utc(next.and_time(NaiveTime::MIN)),
    )
}

pub(super) fn contacts(rows: Vec<(String, Option<String>, i64)>) -> Contacts {
    let mut c = Contacts {
        calls: ["no-answer", "call-back", "interested", "not-target"]
            .iter()
            .map(|k| (k.to_string(), 0))
            .collect(),
        ..Contacts::default()
    };
    for (kind, outcome, n) in rows {
        match kind.as_str() {
            "call" => {
                let key = outcome.unwrap_or_else(|| "none".to_string());
                *c.calls.entry(key).or_default() += n;
            }
            "meeting" => c.meeting += n,
            "email" => c.email += n,
            _ => c.note += n,
        }
    }
    c
}
