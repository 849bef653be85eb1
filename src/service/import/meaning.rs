//! What a row's columns mean here: where its deal is (won, lost, a
//! station), when its client was created and its deal closed, who is
//! responsible for it, and what its value becomes — a payment on its close
//! when won, else the expected deal (the seller's estimate), never an
//! invoice.

use super::RowNote;
use super::rows::{Place, note_line, place_of};
use super::time::exported_time;
use crate::domain::money::{currency_named, parse_marked};
use crate::domain::{
    Activity, ActivityKind, Conveyor, DomainError, Money, ReminderOrigin, Stage, User, When,
};
use crate::error::Result;
use crate::i18n::Lang;
use crate::import::Lead;
use crate::service::Now;
use crate::store::{NewReminder, WriteDb};

/// Where a row's deal is: its status column when it says won or lost,
/// else its stage.
pub(super) fn place_of_lead(lead: &Lead) -> Option<Place> {
    let closed = lead
        .status
        .as_deref()
        .and_then(|s| place_of(s, false))
        .filter(|p| matches!(p, Place::Won | Place::Lost));
    closed.or_else(|| stage_place(lead))
}

/// Where a row's stage column places it.
fn stage_place(lead: &Lead) -> Option<Place> {
    let stage = lead.stage.as_deref()?;
    place_of(stage, lead.stage_of_lead)
}

/// Where a new client from `lead` goes: its deal's place (a stage nobody
/// knows is noted, and placed at `default`), and its station — a won
/// deal's at the farmer, a lost one's where its stage column says (a
/// status column said lost: Pipedrive's, konveyer's own export) or else at
/// `default`, any other's at its own station if the conveyor has it on.
pub(super) fn placed(
    lead: &Lead,
    conveyor: &Conveyor,
    default: Stage,
    notes: &mut Vec<RowNote>,
) -> (Place, Stage) {
    let place = match (place_of_lead(lead), lead.stage.as_deref()) {
        (Some(place), _) => place,
        (None, None) => Place::At(default),
        (None, Some(s)) => {
            notes.push(RowNote::UnknownStage {
                stage: s.to_string(),
            });
            Place::At(default)
        }
    };
    let enabled = |place| match place {
        Some(Place::At(s)) if conveyor.is_enabled(s) => Some(s),
        _ => None,
    };
    let stage = match place {
        Place::Won => Stage::Farmer,
        Place::Lost => enabled(stage_place(lead)).unwrap_or(default),
        at => enabled(Some(at)).unwrap_or(default),
    };
    (place, stage)
}

/// When a row's client was created and its deal closed, as the export
/// says (read in local time; a moment to come, or none, is now — or, with
/// no creation said, its last call). A deal closed before its record was
/// created (a CRM filled in later) was created by its close at the
/// latest; an open deal's close date is only the one it was expected on
/// (Salesforce's `CloseDate`), which moves no creation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Moments {
    pub(super) created: Now,
    pub(super) closed: Now,
    /// When the client came to its station, if the row says and it was
    /// after its making.
    pub(super) arrived: Option<Now>,
}

impl Moments {
    pub(super) fn of(lead: &Lead, now: Now, ended: bool) -> Moments {
        let read = |text: &Option<String>| {
            text.as_deref()
                .and_then(|t| exported_time(t, now))
                .filter(|at| at.utc <= now.utc)
        };
        // With no creation said, a client last called on a day was in
        // the list by then.
        let created = read(&lead.created).or_else(|| read(&lead.last_call));
        let closed = read(&lead.closed);
        let (created, closed) = match (created, closed) {
            (Some(created), Some(closed)) if ended && closed.utc < created.utc => (closed, closed),
            (created, closed) => {
                let created = created.unwrap_or(now);
                (created, closed.unwrap_or(created))
            }
        };
        let arrived = read(&lead.stage_since).filter(|at| at.utc > created.utc);
        Moments {
            created,
            closed,
            arrived,
        }
    }
}

/// The row's responsible person: their login when the team has them (by
/// login or name) and they work the card's station; else a line for the
/// note that keeps the name; nothing when the row names nobody.
pub(super) fn owner_of(
    people: &[User],
    lead: &Lead,
    stage: Stage,
    lang: Lang,
) -> Option<Result<String, String>> {
    let named = lead
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())?;
    let person = people
        .iter()
        .find(|u| u.login.eq_ignore_ascii_case(named) || u.name.trim().eq_ignore_ascii_case(named));
    Some(match person {
        Some(p) if p.works(stage) && !p.absent => Ok(p.login.clone()),
        _ => Err(note_line(lang, "import-note-owner", named)),
    })
}

/// The currency of the row's amounts: its currency column's (`USD`,
/// `руб.`, `$`), else the one written with its amount (`$1,500.00`,
/// `99,90 EUR`), else the one its amount column's header names (`Amount
/// (USD)`, `Бюджет, руб.`), else the import's (`default`). A column that
/// cannot be read is noted, and so is an amount written in another
/// currency than its column's (the column's is taken).
pub(super) fn currency_of(lead: &Lead, default: &str, notes: &mut Vec<RowNote>) -> String {
    let amount = lead.amount.as_deref().unwrap_or_default();
    let written = parse_marked(amount).ok().and_then(|typed| typed.currency);
    // Without a currency column: the amount's, its header's, the import's.
    let unsaid = || {
        let header = lead.amount_currency.clone();
        written
            .clone()
            .or(header)
            .unwrap_or_else(|| default.to_string())
    };
    let column = lead.currency.as_deref().map(str::trim);
    let Some(text) = column.filter(|t| !t.is_empty()) else {
        return unsaid();
    };
    let Some(code) = currency_named(text) else {
        let used = unsaid();
        notes.push(RowNote::BadCurrency {
            currency: text.to_string(),
            used: used.clone(),
        });
        return used;
    };
    if let Some(written) = written.filter(|w| *w != code) {
        notes.push(RowNote::CurrencyConflict {
            amount: amount.trim().to_string(),
            written,
            used: code.clone(),
        });
    }
    code
}

/// A deal's value that is not a payment: the expected deal, the seller's
/// estimate — never an invoice the client owes.
pub(super) fn deal_of(lead: &Lead, paid: bool, currency: &str) -> Option<Money> {
    let minor = minor_of(lead, lead.amount.as_deref()?)?;
    (minor > 0 && !paid).then(|| Money {
        minor,
        currency: currency.to_string(),
    })
}

/// A deal's value that does not become an expected deal (a lost deal's, a
/// paying client's further deal): kept in the note as the export wrote it.
pub(super) fn value_line(lead: &Lead, lang: Lang) -> Option<String> {
    let text = lead.amount.as_deref()?;
    let typed = parse_marked(text).ok()?;
    let scale = match lead.amount_scale {
        Some(scale) if !typed.scaled => format!(" × {scale}"),
        _ => String::new(),
    };
    let value = format!("{}{scale}", text.trim());
    (typed.minor > 0).then(|| note_line(lang, "import-note-value", value))
}

/// An amount of the row's value column in minor units, counted in what
/// its header says (`тыс. руб.`: thousands) unless the cell says itself
/// (`1,5 млн`); none when it cannot be read. A zero (amoCRM writes `0` for
/// a deal nobody priced) is no amount, not a bad one.
fn minor_of(lead: &Lead, text: &str) -> Option<i64> {
    let typed = match parse_marked(text) {
        Err(DomainError::ZeroAmount) => return Some(0),
        read => read.ok()?,
    };
    match typed.scaled {
        true => Some(typed.minor),
        false => typed.minor.checked_mul(lead.amount_scale.unwrap_or(1)),
    }
}

/// The day an open deal's payment is expected: its expected column, else
/// a close date yet to come (Pipedrive's, HubSpot's and Salesforce's close
/// date of an open deal).
pub(super) fn expected_on(lead: &Lead, now: Now) -> Option<chrono::NaiveDate> {
    let day = |text: &Option<String>| Some(exported_time(text.as_deref()?, now)?.local.date());
    if let Some(expected) = day(&lead.expected) {
        return Some(expected);
    }
    // The deal's place is read only for a close date to come.
    let open = || matches!(place_of_lead(lead), None | Some(Place::At(_)));
    day(&lead.closed).filter(|d| *d >= now.today() && open())
}

/// `lines` after the note's own.
pub(super) fn with_lines(notes: &Option<String>, lines: &[String]) -> Option<String> {
    let all: Vec<&str> = notes
        .iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .chain(lines.iter().map(String::as_str))
        .collect();
    (!all.is_empty()).then(|| all.join("\n"))
}

/// A row's value as a paid order of client `id` when the deal was won (or
/// a paid column says so), invoiced and paid on its close; its amount.
pub(super) fn amount(
    db: &WriteDb,
    when: Moments,
    id: i64,
    lead: &Lead,
    paid: bool,
    currency: &str,
    notes: &mut Vec<RowNote>,
) -> Result<Option<i64>> {
    let Some(text) = &lead.amount else {
        return Ok(None);
    };
    match minor_of(lead, text) {
        Some(minor) if minor > 0 && paid => {
            order(db, when.closed, id, minor, currency, true)?;
            Ok(Some(minor))
        }
        Some(_) => Ok(None),
        None => {
            notes.push(RowNote::BadAmount {
                amount: text.clone(),
            });
            Ok(None)
        }
    }
}

/// An imported amount: an invoice of today, paid today when the row says so.
pub(super) fn order(
    db: &WriteDb,
    now: Now,
    id: i64,
    minor: i64,
    currency: &str,
    paid: bool,
) -> Result<()> {
    let money = Money {
        minor,
        currency: currency.to_string(),
    };
    // A paid one written paid: one row, not a row and then its payment.
    let oid = match paid {
        true => db.insert_paid_order(id, &money, now.today(), now.utc)?,
        false => db.insert_order(id, &money, now.today(), now.utc)?,
    };
    let mut entry = Activity::new(id, now.utc, ActivityKind::Invoice);
    entry.order_id = Some(oid);
    db.insert_activity(&entry)?;
    if paid {
        let mut entry = Activity::new(id, now.utc, ActivityKind::Payment);
        entry.order_id = Some(oid);
        db.insert_activity(&entry)?;
    }
    Ok(())
}

/// The row's last call as a call on client `id`'s timeline (no outcome:
/// the export says when, not how it went), unless it is to come, or the
/// client has one then already (`merged`: a file imported again).
pub(super) fn last_call(
    db: &WriteDb,
    now: Now,
    (id, merged): (i64, bool),
    lead: &Lead,
) -> Result<()> {
    let read = lead
        .last_call
        .as_deref()
        .and_then(|t| exported_time(t, now));
    let Some(at) = read.filter(|at| at.utc <= now.utc) else {
        return Ok(());
    };
    let call = |a: &Activity| a.kind == ActivityKind::Call && a.at == at.utc;
    if !merged || !db.activities(id)?.iter().any(call) {
        db.insert_activity(&Activity::new(id, at.utc, ActivityKind::Call))?;
    }
    Ok(())
}

/// The row's next step as a line of a lost client's note (it is made no
/// reminder): its day as written, and what it is.
pub(super) fn next_line(lead: &Lead, lang: Lang) -> Option<String> {
    let day = lead.next.as_deref().filter(|d| super::time::is_time(d))?;
    let said = match lead.next_text.as_deref() {
        Some(text) => format!("{} {text}", day.trim()),
        None => day.trim().to_string(),
    };
    Some(note_line(lang, "import-note-next-step", said))
}

/// The row's next step (a CRM's next task or activity) as a reminder of
/// client `id`, due when the export says: on its day, or at its moment
/// when it gives a time. What the row says it is, else a call-back (a
/// CRM's untitled next activity is a call, and a call-back is read in
/// the language it is shown in). None where the client has the same one
/// open already (`merged`: a file imported again). Whether one was made.
pub(super) fn next_step(
    db: &WriteDb,
    now: Now,
    (id, merged): (i64, bool),
    lead: &Lead,
) -> Result<bool> {
    let Some(at) = lead.next.as_deref().and_then(|t| exported_time(t, now)) else {
        return Ok(false);
    };
    let when = match at.local.time() == chrono::NaiveTime::MIN {
        true => When::Day(at.local.date()),
        false => When::At(at.local),
    };
    let (due_on, due_at) = super::super::reminders::due_of(when);
    let said = lead
        .next_text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (origin, text) = match said {
        Some(text) => (ReminderOrigin::Manual, text),
        None => (ReminderOrigin::CallBack, ""),
    };
    let same = |r: &crate::domain::Reminder| {
        r.done_at.is_none() && r.origin == origin && r.text == text && r.due_on == due_on
    };
    if merged && db.client_reminders(id)?.iter().any(same) {
        return Ok(false);
    }
    let reminder = NewReminder {
        client_id: Some(id),
        text,
        due_on,
        due_at,
        origin,
        order_id: None,
        count: None,
    };
    db.insert_reminder(&reminder, now.utc)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::parse_amount;

    /// An amount written with its currency: the currency read off it, the
    /// amount without it; one without is the import's currency.
    #[test]
    fn an_amount_written_with_its_currency() {
        let row = |amount: &str, currency: Option<&str>| Lead {
            amount: Some(amount.to_string()),
            currency: currency.map(str::to_string),
            ..Lead::default()
        };
        for (amount, minor, code) in [
            ("$1,500.00", 150_000, "USD"),
            ("US$ 20", 2_000, "USD"),
            ("1 500 €", 150_000, "EUR"),
            ("EUR 99,90", 9_990, "EUR"),
            ("99.90 gbp", 9_990, "GBP"),
            ("1 500 р.", 150_000, "RUB"),
            ("150 000", 15_000_000, "KZT"),
        ] {
            let mut notes = Vec::new();
            let lead = row(amount, None);
            assert_eq!(currency_of(&lead, "KZT", &mut notes), code, "{amount}");
            assert_eq!(parse_amount(amount), Ok(minor), "{amount}");
            assert!(notes.is_empty());
        }
        // The column says; an amount that says otherwise is noted.
        let mut notes = Vec::new();
        assert_eq!(
            currency_of(&row("$5", Some("руб.")), "USD", &mut notes),
            "RUB"
        );
        let conflict = RowNote::CurrencyConflict {
            amount: "$5".to_string(),
            written: "USD".to_string(),
            used: "RUB".to_string(),
        };
        assert_eq!(notes, [conflict]);
        notes.clear();
        // A column nobody reads is noted: the amount's own, else the
        // import's, is taken.
        assert_eq!(
            currency_of(&row("€5", Some("euros")), "USD", &mut notes),
            "EUR"
        );
        notes.clear();
        for (name, code) in [
            ("Доллар США", "USD"),
            ("Российский рубль", "RUB"),
            ("Евро", "EUR"),
        ] {
            assert_eq!(currency_of(&row("5", Some(name)), "KZT", &mut notes), code);
        }
        assert_eq!(
            currency_of(&row("5", Some("euros")), "USD", &mut notes),
            "USD"
        );
        assert_eq!(notes.len(), 1);
        assert!(parse_amount("lots of $").is_err());
    }
}
