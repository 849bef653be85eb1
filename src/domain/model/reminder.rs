//! A dated promise and where it came from: a person's, or a rule's.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// Where a reminder came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReminderOrigin {
    Manual,
    Chase,
    Reactivation,
    Retry,
    /// A call-back promised on a call: replaced by the next call-back.
    #[serde(rename = "call-back")]
    CallBack,
}

impl ReminderOrigin {
    pub fn key(self) -> &'static str {
        match self {
            ReminderOrigin::Manual => "manual",
            ReminderOrigin::Chase => "chase",
            ReminderOrigin::Reactivation => "reactivation",
            ReminderOrigin::Retry => "retry",
            ReminderOrigin::CallBack => "call-back",
        }
    }

    pub fn from_key(key: &str) -> Option<ReminderOrigin> {
        [
            ReminderOrigin::Manual,
            ReminderOrigin::Chase,
            ReminderOrigin::Reactivation,
            ReminderOrigin::Retry,
            ReminderOrigin::CallBack,
        ]
        .into_iter()
        .find(|o| o.key() == key)
    }
}

/// Why a reminder was closed, when not by a person marking it done: a
/// loss (a revive reopens those still ahead), or the payment it waited
/// for, or its invoice cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Closure {
    Lost,
    Paid,
    Cancelled,
}

impl Closure {
    pub fn key(self) -> &'static str {
        match self {
            Closure::Lost => "lost",
            Closure::Paid => "paid",
            Closure::Cancelled => "cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<Closure> {
        [Closure::Lost, Closure::Paid, Closure::Cancelled]
            .into_iter()
            .find(|c| c.key() == key)
    }
}

/// A dated promise: all-day (`due_at` empty) or at a moment.
///
/// A rule's reminder stores what it is (origin, order, attempt), not a
/// sentence: its text is written in the interface's language when shown.
/// `text` is what the person typed (a manual reminder, a call-back's note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub id: i64,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub text: String,
    /// A retry's attempt number, a reactivation's days without payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// The chased order's amount and currency.
    #[serde(skip)]
    pub amount: Option<(i64, String)>,
    /// The local day it is due.
    pub due_on: NaiveDate,
    /// The moment it is due, when it has a time.
    pub due_at: Option<DateTime<Utc>>,
    pub done_at: Option<DateTime<Utc>>,
    /// Why it was closed, when a loss, a payment or a cancelled invoice
    /// closed it (empty when a person marked it done, or it is open).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<Closure>,
    pub origin: ReminderOrigin,
    pub order_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Where a reminder falls relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket {
    Overdue,
    Today,
    Upcoming,
    Later,
}

/// How many days ahead "upcoming" reaches.
pub const UPCOMING_DAYS: i64 = 7;

impl Reminder {
    pub fn bucket(&self, now: DateTime<Utc>, today: NaiveDate) -> Bucket {
        let overdue = match self.due_at {
            Some(at) => at < now,
            None => self.due_on < today,
        };
        if overdue {
            Bucket::Overdue
        } else if self.due_on <= today {
            Bucket::Today
        } else if self.due_on <= today + Duration::days(UPCOMING_DAYS) {
            Bucket::Upcoming
        } else {
            Bucket::Later
        }
    }
}
