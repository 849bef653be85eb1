//! What a period's report, its plan and the team's day all read: the
//! instants a period covers, and the contacts logged in it by kind.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde::Serialize;

use super::local_to_utc;
use crate::domain::report::Period;

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
