//! What an import did (or, dry, would do): each row merged, left out or
//! read only in part, what became of the file's money, how its dates
//! were read. Words for it are `present::import`'s.

use serde::Serialize;

/// What a duplicate was found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    Phone,
    Email,
    /// The name and company, both rows with no phone or e-mail.
    Name,
}

/// A row merged into an existing client (or one added earlier from the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    pub row: usize,
    pub into: i64,
    pub name: String,
    pub by: MatchedBy,
    /// The client was added by an earlier row of the same file.
    pub in_file: bool,
}

/// Why a row was left out, or what of it was not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum RowNote {
    /// No name, company, e-mail or phone to call the client by: skipped.
    NoName,
    /// A field the client cannot hold (an e-mail without `@` …): skipped.
    Invalid { message: String },
    /// A stage nobody knows: the client went to the default station.
    UnknownStage { stage: String },
    /// An amount that is not a number: the client came without an order.
    BadAmount { amount: String },
    /// A currency nobody knows: the row's amounts are in `used`, the
    /// import's.
    BadCurrency { currency: String, used: String },
    /// An amount written in one currency where the row's currency column
    /// says another: it is in `used`, the column's.
    CurrencyConflict {
        amount: String,
        written: String,
        used: String,
    },
    /// A phone with too few or too many digits: left in the note.
    BadPhone { phone: String },
    /// An e-mail address that does not look like one: left in the note.
    BadEmail { email: String },
    /// A date that is none konveyer reads: left in the note, the client
    /// created (or its deal closed) without it.
    BadDate { date: String },
    /// A phone that is client `id`'s (`name`), on a row that names another
    /// person (an office's phone): added as a client of its own.
    SharedPhone { id: i64, name: String },
    /// A row that repeats client `id` (`name`), whose card the team
    /// database would not let the importer change (`why`, the server's
    /// words; `owner`, whose the card is when not the importer's):
    /// skipped, the card left as it was.
    Refused {
        id: i64,
        name: String,
        owner: Option<String>,
        why: String,
    },
}

/// Dates written with slashes whose order no row of the file said
/// (`05/11/2026`), read month first ([`crate::import::dates::GUESSED`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuessedDates {
    /// How many rows had one.
    pub rows: usize,
    /// The first of them: its line, its date as written and as read.
    pub row: usize,
    pub date: String,
    pub read_as: String,
}

/// A row's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Noted {
    pub row: usize,
    #[serde(flatten)]
    pub note: RowNote,
}

impl Noted {
    /// Whether the row was left out.
    pub fn skipped(&self) -> bool {
        matches!(
            self.note,
            RowNote::NoName | RowNote::Invalid { .. } | RowNote::Refused { .. }
        )
    }
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Written a chunk per transaction (a team database): how many rows
    /// each (left out of JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunks_of: Option<usize>,
    pub rows: usize,
    pub added: usize,
    pub orders: usize,
    pub merged: Vec<Merged>,
    pub notes: Vec<Noted>,
    /// Next steps (a CRM's next tasks) made reminders.
    pub reminders: usize,
    /// What became of the file's money.
    pub money: ImportMoney,
    /// Dates whose order was guessed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guessed_dates: Option<GuessedDates>,
    /// Each imported row's client (new or merged into), in row order.
    #[serde(skip)]
    pub ids: Vec<(usize, i64)>,
    /// What the rows' numbers count (lines of a file, leads of a list).
    #[serde(skip)]
    pub numbered: crate::import::Numbered,
}

/// What became of an import's money, so that a person sees at once
/// whether something looks wrong: deals' values kept (never invoices),
/// payments made from won deals and the days they fall on, and how much
/// of it is revenue of this week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportMoney {
    /// Deal values kept as the expected deal (the seller's estimate).
    pub values: usize,
    /// Payments made (won deals, paid columns).
    pub payments: usize,
    /// The first and the last day they were paid on.
    pub paid_from: Option<chrono::NaiveDate>,
    pub paid_to: Option<chrono::NaiveDate>,
    /// Of those, paid this week (the default currency's minor units).
    pub this_week_minor: i64,
    pub currency: String,
}

impl ImportMoney {
    pub(super) fn in_currency(currency: &str) -> ImportMoney {
        ImportMoney {
            currency: currency.to_string(),
            ..ImportMoney::default()
        }
    }

    /// A payment of `minor` on `day` (this week's from `monday` on).
    pub(super) fn paid(&mut self, day: chrono::NaiveDate, minor: i64, monday: chrono::NaiveDate) {
        self.payments += 1;
        self.paid_from = Some(self.paid_from.map_or(day, |d| d.min(day)));
        self.paid_to = Some(self.paid_to.map_or(day, |d| d.max(day)));
        if day >= monday {
            self.this_week_minor += minor;
        }
    }
}

impl ImportReport {
    pub fn skipped(&self) -> usize {
        self.notes.iter().filter(|n| n.skipped()).count()
    }
}
