//! The vocabulary of a table's columns: the fields a column may hold, the
//! headers people and CRMs write for each (folded), and a column map's
//! names for them.

use super::ReadError;
use crate::domain::money::scale_named;

mod names;
use names::HEADERS;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    First,
    Middle,
    Last,
    Company,
    Phone,
    Email,
    Source,
    Stage,
    /// A deal's outcome apart from its stage (open, won, lost).
    Status,
    /// A deal's value (a budget, an amount).
    Value,
    /// The currency of the deal's value (`USD`, `₽`).
    Currency,
    Paid,
    Created,
    Closed,
    /// The day an open deal's payment is expected.
    Expected,
    LostReason,
    Owner,
    Note,
    Tags,
    /// When the next step with the client is due (a CRM's next task or
    /// activity).
    Next,
    /// What that next step is.
    NextText,
    /// When the client was last called.
    LastCall,
    /// When the client came to the station it is at.
    StageSince,
    /// Left out altogether.
    Skip,
}

impl Field {
    /// Whether the field holds a date (its column read ahead for the
    /// file's date order). Every field is named: a new one is decided here.
    pub fn is_date(self) -> bool {
        match self {
            Field::Created
            | Field::Closed
            | Field::Expected
            | Field::Next
            | Field::LastCall
            | Field::StageSince => true,
            Field::Name
            | Field::First
            | Field::Middle
            | Field::Last
            | Field::Company
            | Field::Phone
            | Field::Email
            | Field::Source
            | Field::Stage
            | Field::Status
            | Field::Value
            | Field::Currency
            | Field::Paid
            | Field::LostReason
            | Field::Owner
            | Field::Note
            | Field::Tags
            | Field::NextText
            | Field::Skip => false,
        }
    }
}

/// The names a column map (`--map 'HEADER=FIELD'`) gives the fields.
pub const FIELD_NAMES: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("first", Field::First),
    ("middle", Field::Middle),
    ("last", Field::Last),
    ("company", Field::Company),
    ("phone", Field::Phone),
    ("email", Field::Email),
    ("source", Field::Source),
    ("stage", Field::Stage),
    ("status", Field::Status),
    ("value", Field::Value),
    ("currency", Field::Currency),
    ("paid", Field::Paid),
    ("created", Field::Created),
    ("closed", Field::Closed),
    ("expected", Field::Expected),
    ("lost-reason", Field::LostReason),
    ("owner", Field::Owner),
    ("note", Field::Note),
    ("tags", Field::Tags),
    ("next-step", Field::Next),
    ("next-step-text", Field::NextText),
    ("last-call", Field::LastCall),
    ("stage-since", Field::StageSince),
    ("skip", Field::Skip),
];

/// One `HEADER=FIELD` of a column map.
pub fn map_entry(text: &str) -> Result<(String, Field), ReadError> {
    let bad = || ReadError::BadMap(text.to_string());
    let (header, field) = text.rsplit_once('=').ok_or_else(bad)?;
    let field = field.trim().to_lowercase();
    let field = FIELD_NAMES
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, f)| *f)
        .ok_or_else(bad)?;
    match folded(header).is_empty() {
        true => Err(bad()),
        false => Ok((header.trim().to_string(), field)),
    }
}

/// What a numbered column of an address book holds, by the header without
/// its number: Google Contacts' `Phone 1 - Value` is a phone (its `Phone 1
/// - Label`, "Mobile", is left out), Outlook's `E-mail 2 Address` and
/// `Business Phone 2` are an e-mail and a phone.
fn numbered(header: &str) -> Option<Field> {
    let words: Vec<&str> = header.split(' ').collect();
    let at = words
        .iter()
        .skip(1)
        .position(|w| w.chars().all(|c| c.is_ascii_digit()))?
        + 1;
    let rest = [&words[..at], &words[at + 1..]].concat().join(" ");
    let known = |h: &str| HEADERS.iter().find(|(name, _)| *name == h).map(|(_, f)| *f);
    for (suffix, value) in [
        (" - value", true),
        (" - значение", true),
        (" - label", false),
        (" - type", false),
        (" - тип", false),
        (" - ярлык", false),
    ] {
        if let Some(base) = rest.strip_suffix(suffix) {
            return known(base).map(|f| if value { f } else { Field::Skip });
        }
    }
    known(&rest)
}

/// What a phone or an e-mail column with its kind after a dash holds:
/// Pipedrive's `Person - Phone - Mobile`, `Person - Email - Work`.
fn labelled(header: &str) -> Option<Field> {
    const KINDS: &[&str] = &[
        "work",
        "home",
        "mobile",
        "other",
        "main",
        "рабочий",
        "домашний",
        "мобильный",
        "другой",
        "основной",
    ];
    let (base, kind) = header.rsplit_once(" - ")?;
    let field = HEADERS.iter().find(|(name, _)| *name == base)?.1;
    (KINDS.contains(&kind) && matches!(field, Field::Phone | Field::Email)).then_some(field)
}

/// A header as the table spells it: lower case, `ё` as `е`, single
/// spaces, no quotes, no bracketed qualifier (amoCRM's `Рабочий телефон
/// (контакт)`), no trailing colon or asterisk, `_` as a space.
pub(super) fn folded(header: &str) -> String {
    let mut plain = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '_' if depth == 0 => plain.push(' '),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let lower = plain
        .trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{feff}')
        .trim_end_matches([':', '*', '.'])
        .to_lowercase()
        .replace('ё', "е");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `header` holds: as the column map says, else as known; a value
/// whose header also names its currency (`Бюджет, руб.`, `Deal value
/// $`) is a value.
pub(super) fn field_of(header: &str, map: &[(String, Field)]) -> Option<Field> {
    let h = folded(header);
    map.iter()
        .find(|(name, _)| folded(name) == h)
        .map(|(_, f)| *f)
        .or_else(|| HEADERS.iter().find(|(name, _)| *name == h).map(|(_, f)| *f))
        .or_else(|| numbered(&h))
        .or_else(|| labelled(&h))
        .or_else(|| {
            let (rest, _) = currency_in(header)?;
            (field_of(&rest, map) == Some(Field::Value)).then_some(Field::Value)
        })
}

/// The currency a header names beside what it holds, as a report writes
/// it: in brackets (`Amount (USD)`, `Сумма [₽]`), after a comma (`Бюджет,
/// руб.`) or as its last word (`Бюджет ₽`, `Deal value EUR`); the header
/// without it, and the currency's code.
pub(super) fn currency_in(header: &str) -> Option<(String, String)> {
    let header = header.trim();
    let bracketed = header.rfind(['(', '[']).map(|open| {
        (
            &header[..open],
            header[open + 1..].trim_end_matches([')', ']']),
        )
    });
    let after_comma = header.rsplit_once(',');
    let last_word = header.rsplit_once(char::is_whitespace);
    [bracketed, after_comma, last_word]
        .into_iter()
        .flatten()
        .find_map(|(rest, tail)| {
            // `тыс. руб.`, `USD thousands`: the currency beside the scale.
            let words: Vec<&str> = tail
                .split_whitespace()
                .filter(|w| scale_of(w).is_none())
                .collect();
            let code = crate::domain::money::currency_named(&words.join(" "))?;
            Some((rest.trim().to_string(), code))
        })
}

/// What a header's amounts count in when it says so: thousands (`тыс.`,
/// `thousands`), millions (`млн`, `millions`).
pub(super) fn scale_in(header: &str) -> Option<i64> {
    header
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']'))
        .find_map(scale_of)
}

/// A word that names a scale, and the scale: as an amount writes it
/// ([`scale_named`]), but a word of one letter (`k`, `т`) is none in a
/// header.
fn scale_of(word: &str) -> Option<i64> {
    let letters = word.trim_end_matches('.').chars().count();
    scale_named(word).filter(|_| letters > 1)
}

/// Whether a column of `field` names a client: a name, a part of one, a
/// company (a list of companies names each client by it).
pub(super) fn names_a_client(field: Option<Field>) -> bool {
    matches!(
        field,
        Some(Field::Name | Field::First | Field::Last | Field::Company)
    )
}

/// Columns that hold a field only when no other column does: a deal's
/// title (HubSpot's Deal Name, Pipedrive's Deal - Title, amoCRM's Название
/// сделки) names the client in a list of deals alone; a lead's status
/// (Zoho's, HubSpot's) places it when no stage column does; a link's
/// `utm_source` is the source when no column says it. Beside such a
/// column they go into the note.
const STAND_INS: &[(&str, Field)] = &[
    ("deal name", Field::Name),
    ("deal title", Field::Name),
    ("deal - title", Field::Name),
    ("opportunity name", Field::Name),
    ("название сделки", Field::Name),
    ("сделка", Field::Name),
    ("lead status", Field::Stage),
    ("статус лида", Field::Stage),
    // amoCRM's and Bitrix24's `utm_source`, HubSpot's Original Source:
    // where the lead came from.
    ("utm source", Field::Source),
    ("original source", Field::Source),
];

/// Stage columns that hold a lead's status (Bitrix24's `Статус`, Zoho's
/// and HubSpot's `Lead Status`), folded.
const LEAD_STATUSES: &[&str] = &["статус", "статус лида", "lead status"];

/// Whether a stage column's header says it holds a lead's status, not a
/// deal's stage.
pub(super) fn of_leads(header: &str) -> bool {
    LEAD_STATUSES.contains(&folded(header).as_str())
}

/// The field each of `headers` becomes (`map`'s entries first, then the
/// names known, then [`STAND_INS`] for a field no column holds).
pub(super) fn fields_of(headers: &[String], map: &[(String, Field)]) -> Vec<Option<Field>> {
    let mut fields: Vec<Option<Field>> = headers.iter().map(|h| field_of(h, map)).collect();
    for (i, header) in headers.iter().enumerate() {
        let folded = folded(header);
        let Some(&(_, field)) = STAND_INS.iter().find(|(name, _)| *name == folded) else {
            continue;
        };
        let held = |f: &Option<Field>| match field {
            Field::Name => names_a_client(*f),
            _ => *f == Some(field),
        };
        if fields[i].is_none() && !fields.iter().any(held) {
            fields[i] = Some(field);
        }
    }
    fields
}

/// How many rows above its header a table may have: a title, a date, a
/// company's name, as a report saved to Excel (or from it as CSV) has.
pub(super) const TITLE_ROWS: usize = 10;

/// Which of a table's first rows (cells each) is its header, when a title
/// is above it: the first that names a client's column (a name, a part of
/// one, a company) when every row above it is a title's (a cell or two
/// with text, or none). `0` otherwise: a row of many cells above it is
/// the header, whatever a row below says, and a header that names no
/// client's column is the first row still (for `--map`, or the refusal).
pub(super) fn header_row<S: AsRef<str>>(rows: &[Vec<S>]) -> usize {
    let names = |cells: &Vec<S>| {
        cells
            .iter()
            .any(|c| names_a_client(field_of(c.as_ref(), &[])))
    };
    let title = |cells: &Vec<S>| {
        cells
            .iter()
            .filter(|c| !c.as_ref().trim().is_empty())
            .count()
            <= 2
    };
    match rows.iter().take(TITLE_ROWS).position(names) {
        Some(header) if rows[..header].iter().all(title) => header,
        _ => 0,
    }
}

/// The `--map` name of a field.
pub fn field_name(field: Field) -> &'static str {
    FIELD_NAMES
        .iter()
        .find(|(_, f)| *f == field)
        .map_or("", |(name, _)| name)
}
