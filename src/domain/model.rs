//! The conveyor's entities: clients, their timeline, reminders and orders.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::error::DomainError as Error;
use super::money::Money;
use super::stage::Stage;

mod contact;
mod reminder;
mod search;
mod user;
pub use contact::{
    first_and_others, join_phones, looks_like_email, looks_like_phone, other_phones, phones_of,
};
pub use reminder::{Bucket, Closure, Reminder, ReminderOrigin, UPCOMING_DAYS};
pub use search::{fold, search_query, search_text};
pub use user::User;

/// Whether a client is still on the conveyor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Lost,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Lost => "lost",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        match key {
            "active" => Some(Status::Active),
            "lost" => Some(Status::Lost),
            _ => None,
        }
    }
}

/// A person or company moving along the conveyor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Client {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    /// The number to dial.
    pub phone: Option<String>,
    /// The client's other numbers, `, ` between them (each as `phone`:
    /// E.164 when the region reads it): searched and matched as `phone` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_phones: Option<String>,
    pub email: Option<String>,
    pub source: Option<String>,
    pub stage: Stage,
    pub status: Status,
    pub lost_reason: Option<String>,
    pub stage_since: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub notes: Option<String>,
    /// Comma-separated labels.
    pub tags: Option<String>,
    /// The client who referred this one.
    pub referred_by: Option<i64>,
    /// The person whose card it is (team mode; none on a single person's base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The expected deal's value in minor units (with `value_currency`):
    /// the seller's estimate before the first payment, never an invoice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_currency: Option<String>,
    /// The day the expected deal is expected to be paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_on: Option<NaiveDate>,
    /// A lost client: the day to come back to them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_on: Option<NaiveDate>,
}

impl Client {
    /// The company to show beside the name: none when the name is the
    /// company's own (a row that named only a company).
    pub fn company_beside(&self) -> Option<&str> {
        self.company.as_deref().filter(|c| *c != self.name)
    }

    /// Every number of the client's, the one to dial first.
    pub fn phones(&self) -> impl Iterator<Item = &str> {
        phones_of(self.phone.as_deref(), self.other_phones.as_deref())
    }

    /// The expected deal's value, if any.
    pub fn value(&self) -> Option<Money> {
        Some(Money {
            minor: self.value_minor?,
            currency: self.value_currency.clone()?,
        })
    }

    /// Whole days the client has spent in the current stage.
    pub fn days_in_stage(&self, now: DateTime<Utc>) -> i64 {
        (now - self.stage_since).num_days().max(0)
    }

    /// Whether the card has sat in its stage longer than `limit_days`.
    pub fn is_stale(&self, now: DateTime<Utc>, limit_days: Option<u32>) -> bool {
        self.status == Status::Active
            && limit_days.is_some_and(|limit| self.days_in_stage(now) > i64::from(limit))
    }

    /// A card that entered its stage at or before this instant is stale now.
    pub fn stale_cutoff(now: DateTime<Utc>, limit_days: u32) -> DateTime<Utc> {
        // Checked: a limit longer than the calendar means "never stale".
        Duration::try_days(i64::from(limit_days) + 1)
            .and_then(|d| now.checked_sub_signed(d))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// What a new client starts with; also the fields an edit replaces (its
/// `stage` is then ignored: stages change only by moves).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewClient {
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    /// Other numbers, `, ` between them.
    pub other_phones: Option<String>,
    pub email: Option<String>,
    pub source: Option<String>,
    pub stage: Option<Stage>,
    pub notes: Option<String>,
    pub tags: Option<String>,
    /// The client who referred this one (set when adding).
    pub referred_by: Option<i64>,
    /// The expected deal: its value and the day of payment expected.
    pub value: Option<Money>,
    pub expected_on: Option<NaiveDate>,
}

impl NewClient {
    /// A client's current fields, to change some of them.
    pub fn from_client(c: &Client) -> NewClient {
        NewClient {
            name: c.name.clone(),
            company: c.company.clone(),
            phone: c.phone.clone(),
            other_phones: c.other_phones.clone(),
            email: c.email.clone(),
            source: c.source.clone(),
            stage: None,
            notes: c.notes.clone(),
            tags: c.tags.clone(),
            referred_by: c.referred_by,
            value: c.value(),
            expected_on: c.expected_on,
        }
    }

    /// The folded text the search looks in.
    pub fn search_text(&self) -> String {
        let phones: Vec<&str> = self.phones().collect();
        search_text(
            &self.name,
            self.company.as_deref(),
            &phones,
            self.email.as_deref(),
        )
    }

    /// Every number of the client's, the one to dial first.
    pub fn phones(&self) -> impl Iterator<Item = &str> {
        phones_of(self.phone.as_deref(), self.other_phones.as_deref())
    }

    /// Gives the client the numbers of `phones` it does not have: the
    /// first its number if it has none, the rest its other numbers;
    /// whether it got any.
    pub fn add_phones<'a>(&mut self, phones: impl Iterator<Item = &'a str>) -> bool {
        let known: Vec<&str> = self.phones().collect();
        let new: Vec<String> = phones
            .filter(|p| !known.contains(p))
            .map(str::to_string)
            .collect();
        if new.is_empty() {
            return false;
        }
        let mut new = new.into_iter();
        if self.phone.is_none() {
            self.phone = new.next();
        }
        let others: Vec<String> = other_phones(self.other_phones.as_deref())
            .map(str::to_string)
            .chain(new)
            .collect();
        self.other_phones = join_phones(others);
        true
    }

    /// Trims fields, drops empty optional ones and checks the name.
    pub fn normalized(self) -> Result<NewClient, Error> {
        fn opt(v: Option<String>) -> Option<String> {
            v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        }
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::EmptyName);
        }
        let phone = opt(self.phone);
        if let Some(p) = &phone
            && !looks_like_phone(p)
        {
            return Err(Error::BadPhone(p.clone()));
        }
        let others: Vec<&str> = other_phones(self.other_phones.as_deref()).collect();
        if let Some(bad) = others.iter().find(|p| !looks_like_phone(p)) {
            return Err(Error::BadPhone(bad.to_string()));
        }
        let other_phones = join_phones(others);
        let email = opt(self.email);
        if let Some(e) = &email
            && !looks_like_email(e)
        {
            return Err(Error::BadEmail(e.clone()));
        }
        Ok(NewClient {
            name,
            company: opt(self.company),
            phone,
            other_phones,
            email,
            source: opt(self.source).map(|s| s.to_lowercase()),
            stage: self.stage,
            notes: opt(self.notes),
            tags: opt(self.tags),
            referred_by: self.referred_by,
            value: self.value.filter(|v| v.minor > 0),
            expected_on: self.expected_on,
        })
    }
}

/// Kinds of entries on a client's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    Created,
    Call,
    Meeting,
    Email,
    Note,
    Move,
    Lost,
    Revived,
    Invoice,
    Payment,
    /// A duplicate was merged into this client.
    Merged,
    /// The head of sales gave the client to another person.
    Assigned,
    /// An idle farmer client went to another farmer in turn.
    Rotated,
    /// An unpaid invoice was withdrawn.
    Cancelled,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 14] = [
        ActivityKind::Created,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Email,
        ActivityKind::Note,
        ActivityKind::Move,
        ActivityKind::Lost,
        ActivityKind::Revived,
        ActivityKind::Invoice,
        ActivityKind::Payment,
        ActivityKind::Merged,
        ActivityKind::Assigned,
        ActivityKind::Rotated,
        ActivityKind::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ActivityKind::Created => "created",
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Email => "email",
            ActivityKind::Note => "note",
            ActivityKind::Move => "move",
            ActivityKind::Lost => "lost",
            ActivityKind::Revived => "revived",
            ActivityKind::Invoice => "invoice",
            ActivityKind::Payment => "payment",
            ActivityKind::Merged => "merged",
            ActivityKind::Assigned => "assigned",
            ActivityKind::Rotated => "rotated",
            ActivityKind::Cancelled => "cancelled",
        }
    }

    /// A contact with the client (a note is not one).
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            ActivityKind::Call | ActivityKind::Meeting | ActivityKind::Email
        )
    }

    pub fn from_key(key: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The kinds a person logs by hand (`konveyer log`).
    pub fn parse_loggable(input: &str) -> Result<ActivityKind, Error> {
        match input.trim().to_lowercase().as_str() {
            "call" | "звонок" => Ok(ActivityKind::Call),
            "meeting" | "встреча" => Ok(ActivityKind::Meeting),
            "email" | "mail" | "письмо" => Ok(ActivityKind::Email),
            "note" | "заметка" => Ok(ActivityKind::Note),
            _ => Err(Error::BadActivityKind(input.to_string())),
        }
    }
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallOutcome {
    NoAnswer,
    CallBack,
    Interested,
    NotTarget,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::NoAnswer,
        CallOutcome::CallBack,
        CallOutcome::Interested,
        CallOutcome::NotTarget,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CallOutcome::NoAnswer => "no-answer",
            CallOutcome::CallBack => "call-back",
            CallOutcome::Interested => "interested",
            CallOutcome::NotTarget => "not-target",
        }
    }

    pub fn parse(input: &str) -> Result<CallOutcome, Error> {
        let key = input.trim().to_lowercase().replace(['_', ' '], "-");
        let key = match key.as_str() {
            "callback" => "call-back",
            "no-reply" | "noanswer" => "no-answer",
            other => other,
        };
        CallOutcome::ALL
            .into_iter()
            .find(|o| o.key() == key)
            .ok_or_else(|| Error::BadOutcome(input.to_string()))
    }
}

/// One entry of a client's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: i64,
    pub client_id: i64,
    pub at: DateTime<Utc>,
    pub kind: ActivityKind,
    pub text: Option<String>,
    pub outcome: Option<String>,
    pub from_stage: Option<Stage>,
    pub to_stage: Option<Stage>,
    pub order_id: Option<i64>,
    /// Who wrote it (team mode; none on a single person's base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// A hand-off: the owner before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_owner: Option<String>,
    /// A dialled call: seconds from dialling to its logged outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<i64>,
}

impl Activity {
    /// A new timeline entry (its id is given by the store).
    pub fn new(client_id: i64, at: DateTime<Utc>, kind: ActivityKind) -> Activity {
        Activity {
            id: 0,
            client_id,
            at,
            kind,
            text: None,
            outcome: None,
            from_stage: None,
            to_stage: None,
            order_id: None,
            by: None,
            from_owner: None,
            to_owner: None,
            duration_secs: None,
        }
    }

    /// A stage move from `from` to `to`.
    pub fn moved(client_id: i64, at: DateTime<Utc>, from: Stage, to: Stage) -> Activity {
        Activity {
            from_stage: Some(from),
            to_stage: Some(to),
            ..Activity::new(client_id, at, ActivityKind::Move)
        }
    }

    pub fn with_text(mut self, text: Option<&str>) -> Activity {
        self.text = text.map(str::to_string);
        self
    }
}

/// An invoice and, once paid, a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    pub client_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub invoiced_on: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// An invoice withdrawn before it was paid: waits for nothing.
    pub cancelled_on: Option<NaiveDate>,
}

impl Order {
    /// Invoiced, and waiting for its payment: neither paid nor cancelled.
    pub fn waits(&self) -> bool {
        self.paid_on.is_none() && self.cancelled_on.is_none()
    }
}

/// What a board card shows about a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub client: Client,
    /// The client's soonest open reminder: its day and, if timed, moment.
    pub next_due: Option<(NaiveDate, Option<DateTime<Utc>>)>,
    /// The latest order's amount, if any.
    pub amount: Option<(i64, String)>,
}

/// This week's figures for the board's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WeekStats {
    pub new_leads: i64,
    pub qualified: i64,
    /// First payments, in whatever currency.
    pub first_sales: i64,
    /// The week's revenue per currency, in the currencies' order: never
    /// added up across them.
    pub revenue: Vec<Revenue>,
}

/// Revenue in one currency, in minor units: first and repeat payments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revenue {
    pub currency: String,
    pub first_minor: i64,
    pub repeat_minor: i64,
}

#[cfg(test)]
mod tests;
