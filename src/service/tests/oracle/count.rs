//! The report's definitions counted the plain way, from each client's
//! timeline and orders as the store gives them back.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::super::*;
use crate::domain::report::{Period, one_decimal, two_decimals};

/// A stay as the definitions say, from one client's timeline.
pub(super) struct Stay {
    pub(super) client: i64,
    pub(super) stage: Stage,
    pub(super) start: DateTime<Utc>,
    /// When it ended and how: "advanced", "moved_back" or "lost".
    pub(super) end: Option<(DateTime<Utc>, &'static str)>,
}

/// A client as the report's cohort, sources and referrals count it.
pub(super) struct Person {
    pub(super) id: i64,
    /// Whether its timeline leaves it lost: in no station now.
    pub(super) lost: bool,
    /// The furthest station any of its stays was at.
    pub(super) furthest: Stage,
    pub(super) paid: bool,
    /// What it has paid so far in roubles.
    pub(super) roubles: i64,
    /// The day of its first payment, in any currency.
    pub(super) first_paid: Option<NaiveDate>,
    /// The card as it is now: its name, source and referrer, when it was
    /// made (a merged duplicate's making is not it), its station, whether
    /// active, its expected deal.
    pub(super) card: crate::domain::Client,
}

/// What the report counts, read back client by client.
pub(super) struct Base {
    /// The enabled stations, in order.
    pub(super) stations: Vec<Stage>,
    pub(super) stays: Vec<Stay>,
    /// Each active card's station and since when: the stays open now
    /// (the card's, as the kept counts give them).
    pub(super) open: Vec<(Stage, DateTime<Utc>)>,
    /// How many stays began with a revival.
    pub(super) revived: usize,
    /// Each move: when, from, to.
    pub(super) moves: Vec<(DateTime<Utc>, Stage, Stage)>,
    /// Each loss: when, the reason, the station.
    pub(super) losses: Vec<(DateTime<Utc>, String, Stage)>,
    /// Each contact: when, its kind's key and a call's outcome.
    pub(super) contacts: Vec<(DateTime<Utc>, &'static str, Option<String>)>,
    pub(super) clients: Vec<Person>,
    /// Each paid order: paid on, id, client, currency, amount.
    pub(super) paid: Vec<(NaiveDate, i64, i64, String, i64)>,
}

pub(super) fn read_back(store: &Store, ids: &[i64]) -> Base {
    let db = store.read();
    let mut base = Base {
        stations: db.conveyor().unwrap().enabled().collect(),
        stays: Vec::new(),
        open: Vec::new(),
        revived: 0,
        moves: Vec::new(),
        losses: Vec::new(),
        contacts: Vec::new(),
        clients: Vec::new(),
        paid: Vec::new(),
    };
    for &id in ids {
        let client = db.client(id).unwrap();
        let (mut open, mut stage, mut furthest): (Option<usize>, Option<Stage>, Option<Stage>) =
            (None, None, None);
        for a in db.activities(id).unwrap() {
            let begins = match a.kind {
                // One station at a time: a merged duplicate's making, or
                // a revival while in one, begins no stay.
                ActivityKind::Created => a.to_stage.filter(|_| open.is_none()),
                ActivityKind::Move => {
                    let (from, to) = (a.from_stage.unwrap(), a.to_stage.unwrap());
                    base.moves.push((a.at, from, to));
                    if let Some(i) = open.take() {
                        let how = if to > from { "advanced" } else { "moved_back" };
                        base.stays[i].end = Some((a.at, how));
                    }
                    Some(to)
                }
                // A loss where the card is in a station (a merged
                // duplicate's, after the card's own, ends nothing).
                ActivityKind::Lost => {
                    if let Some(i) = open.take() {
                        let reason = a.text.clone().unwrap();
                        base.losses.push((a.at, reason, base.stays[i].stage));
                        base.stays[i].end = Some((a.at, "lost"));
                    }
                    None
                }
                ActivityKind::Revived if open.is_none() => {
                    base.revived += 1;
                    stage
                }
                kind @ (ActivityKind::Call
                | ActivityKind::Meeting
                | ActivityKind::Email
                | ActivityKind::Note) => {
                    base.contacts.push((a.at, kind.key(), a.outcome.clone()));
                    None
                }
                _ => None,
            };
            if let Some(s) = begins {
                open = Some(base.stays.len());
                stage = Some(s);
                furthest = furthest.max(Some(s));
                base.stays.push(Stay {
                    client: id,
                    stage: s,
                    start: a.at,
                    end: None,
                });
            }
        }
        let orders: Vec<_> = db.client_orders(id).unwrap();
        let rub: i64 = orders
            .iter()
            .filter(|o| o.paid_on.is_some() && o.currency == DEFAULT_CURRENCY)
            .map(|o| o.amount_minor)
            .sum();
        let paid = orders.iter().any(|o| o.paid_on.is_some());
        for o in orders {
            if let Some(on) = o.paid_on {
                base.paid.push((on, o.id, id, o.currency, o.amount_minor));
            }
        }
        if client.status == Status::Active {
            base.open.push((client.stage, client.stage_since));
        }
        let first_paid = base.paid.iter().filter(|p| p.2 == id).map(|p| p.0).min();
        base.clients.push(Person {
            id,
            first_paid,
            card: client,
            lost: open.is_none(),
            furthest: furthest.unwrap(),
            paid,
            roubles: rub,
        });
    }
    base
}

pub(super) fn day(t: DateTime<Utc>) -> NaiveDate {
    utc_to_local(t).date()
}

/// The quantile as the definitions say: linear between the closest
/// ranks; none of nothing.
pub(super) fn interpolated(mut values: Vec<f64>, p: f64) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let pos = p * values.len().checked_sub(1)? as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(values[lo] + (values[hi] - values[lo]) * (pos - lo as f64))
}

/// [`interpolated`] of days, as the report shows it: one decimal.
fn quantile(days: Vec<f64>, p: f64) -> Value {
    json!(interpolated(days, p).map(one_decimal))
}

/// One period's report, counted from the base alone: its sections, and
/// under `plan` each metric's fact.
pub(super) fn expected(base: &Base, now: Now, p: Period) -> Value {
    let inside = |t: DateTime<Utc>| (p.from..=p.to).contains(&day(t));
    let revenue = revenue(base, p);
    let (activity, calls) = activity(base, &inside);
    let mut people = people(base, &inside);
    let qualified = base
        .moves
        .iter()
        .filter(|(at, from, to)| inside(*at) && *from < Stage::Hunter && *to >= Stage::Hunter)
        .count();
    let ours = |i: usize| revenue_of(&revenue, DEFAULT_CURRENCY, i);
    let first_sales: i64 = revenue
        .iter()
        .map(|r| r["first"]["count"].as_i64().unwrap())
        .sum();
    people["plan"] = json!({
        "new_leads": people["cohort"]["created"], "qualified": qualified,
        "first_sales": first_sales, "first_revenue": ours(0), "repeat_revenue": ours(1),
        "calls": calls, "meetings": activity["meeting"],
    });
    people["flow"] = flow(base, &inside);
    people["time"] = time(base, now, &inside);
    people["revenue"] = Value::Array(revenue);
    people["activity"] = activity;
    people["losses"] = losses(base, &inside);
    people
}

/// The flow: each station's stays that began in the period, what became
/// of them, and the moves in it that jumped over the station.
fn flow(base: &Base, inside: &dyn Fn(DateTime<Utc>) -> bool) -> Value {
    let rows = base.stations.iter().map(|&s| {
        let began: Vec<_> = base
            .stays
            .iter()
            .filter(|st| st.stage == s && inside(st.start))
            .collect();
        let ended = |how| {
            began
                .iter()
                .filter(|st| st.end.is_some_and(|(_, h)| h == how))
                .count()
        };
        let (entered, advanced) = (began.len(), ended("advanced"));
        let skipped = base
            .moves
            .iter()
            .filter(|(at, from, to)| inside(*at) && *from < s && s < *to)
            .count();
        json!({"stage": s, "entered": entered, "advanced": advanced,
            "moved_back": ended("moved_back"), "lost": ended("lost"),
            "still_there": began.iter().filter(|st| st.end.is_none()).count(),
            "conversion": (entered > 0).then(|| two_decimals(advanced as f64 / entered as f64)),
            "skipped": skipped})
    });
    Value::Array(rows.collect())
}

/// The days of the stays that ended in the period, and the age of those
/// still open now.
fn time(base: &Base, now: Now, inside: &dyn Fn(DateTime<Utc>) -> bool) -> Value {
    let days = |a: DateTime<Utc>, b: DateTime<Utc>| (b - a).num_seconds() as f64 / 86_400.0;
    let rows = base.stations.iter().map(|&s| {
        let of = base.stays.iter().filter(|st| st.stage == s);
        let ended: Vec<f64> = of
            .filter_map(|st| {
                st.end
                    .filter(|(at, _)| inside(*at))
                    .map(|(at, _)| days(st.start, at))
            })
            .collect();
        let open: Vec<f64> = (base.open.iter())
            .filter(|(stage, _)| *stage == s)
            .map(|(_, since)| days(*since, now.utc))
            .collect();
        json!({"stage": s, "n": ended.len(), "median_days": quantile(ended.clone(), 0.5),
            "p75_days": quantile(ended, 0.75), "open_median_days": quantile(open, 0.5)})
    });
    Value::Array(rows.collect())
}

/// The clients made in the period: the cohort, by source, by referrer.
fn people(base: &Base, inside: &dyn Fn(DateTime<Utc>) -> bool) -> Value {
    let new: Vec<_> = base
        .clients
        .iter()
        .filter(|c| inside(c.card.created_at))
        .collect();
    let reached: BTreeMap<Stage, usize> = base
        .stations
        .iter()
        .map(|&s| (s, new.iter().filter(|c| c.furthest >= s).count()))
        .collect();
    let lost = new.iter().filter(|c| c.lost).count();
    let mut sources: BTreeMap<Option<&str>, [i64; 3]> = BTreeMap::new();
    let mut referrals: BTreeMap<Option<i64>, [i64; 2]> = BTreeMap::new();
    for c in &new {
        let s = sources.entry(c.card.source.as_deref()).or_default();
        s[0] += 1;
        s[1] += i64::from(c.paid);
        s[2] += c.roubles;
        if c.card.referred_by.is_some() || c.card.source.as_deref() == Some("referral") {
            let r = referrals.entry(c.card.referred_by).or_default();
            r[0] += 1;
            r[1] += i64::from(c.paid);
        }
    }
    let name = |id: i64| {
        base.clients
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.card.name.clone())
    };
    json!({
        "cohort": {"created": new.len(), "reached": reached,
            "paid": new.iter().filter(|c| c.paid).count(), "lost": lost, "active": new.len() - lost},
        "sources": sorted(sources.iter().map(|(s, [c, p, a])| json!({"source": s, "created": c, "paid": p, "amount_minor": a}))),
        "referrals": sorted(referrals.iter().map(|(r, [n, p])| json!({"referrer_id": r, "name": r.and_then(name), "referred": n, "paid": p}))),
    })
}

/// The payments of the period per currency, first and repeat: a first
/// payment is the client's first paid order ever, by day, then id.
fn revenue(base: &Base, p: Period) -> Vec<Value> {
    let mut first: BTreeMap<i64, (NaiveDate, i64)> = BTreeMap::new();
    for &(on, id, client, ..) in &base.paid {
        let f = first.entry(client).or_insert((on, id));
        *f = (*f).min((on, id));
    }
    let mut revenue: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
    for (on, id, client, currency, amount) in &base.paid {
        if (p.from..=p.to).contains(on) {
            let r = revenue.entry(currency).or_default();
            let at = if first[client] == (*on, *id) { 0 } else { 2 };
            r[at] += 1;
            r[at + 1] += amount;
        }
    }
    revenue
        .iter()
        .map(|(currency, [fc, fa, rc, ra])| {
            json!({"currency": currency, "first": {"count": fc, "amount_minor": fa},
                "repeat": {"count": rc, "amount_minor": ra},
                "repeat_share": (fa + ra > 0).then(|| two_decimals(*ra as f64 / (fa + ra) as f64))})
        })
        .collect()
}

/// The clients lost in the period, by reason and station.
fn losses(base: &Base, inside: &dyn Fn(DateTime<Utc>) -> bool) -> Value {
    let mut losses: BTreeMap<(&str, Stage), i64> = BTreeMap::new();
    for (at, reason, stage) in &base.losses {
        if inside(*at) {
            *losses.entry((reason, *stage)).or_default() += 1;
        }
    }
    sorted(
        losses
            .iter()
            .map(|((r, s), n)| json!({"reason": r, "stage": s, "count": n})),
    )
}

/// The contacts logged in the period, and how many of them were calls.
fn activity(base: &Base, inside: &dyn Fn(DateTime<Utc>) -> bool) -> (Value, i64) {
    let mut calls: BTreeMap<String, i64> = CallOutcome::ALL
        .iter()
        .map(|o| (o.key().to_string(), 0))
        .collect();
    let mut other = BTreeMap::from([("meeting", 0), ("email", 0), ("note", 0)]);
    for (at, kind, outcome) in &base.contacts {
        if inside(*at) {
            match outcome {
                Some(o) => *calls.entry(o.clone()).or_insert(0) += 1,
                None => *other.entry(kind).or_insert(0) += 1,
            }
        }
    }
    let all = calls.values().sum();
    (
        json!({"calls": calls, "meeting": other["meeting"], "email": other["email"], "note": other["note"]}),
        all,
    )
}

/// The amount paid first (`0`) or again (`1`) in `currency`.
fn revenue_of(revenue: &[Value], currency: &str, which: usize) -> i64 {
    revenue
        .iter()
        .find(|r| r["currency"] == currency)
        .map_or(0, |r| {
            r[["first", "repeat"][which]]["amount_minor"]
                .as_i64()
                .unwrap()
        })
}

/// Rows in one order whatever order they came in.
pub(super) fn sorted(rows: impl Iterator<Item = Value>) -> Value {
    let mut rows: Vec<Value> = rows.collect();
    rows.sort_by_key(Value::to_string);
    Value::Array(rows)
}
