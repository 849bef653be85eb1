//! A row read into a new client's fields: what its stage means here, which
//! of its phones and e-mails hold, what it fills in a client it repeats.

use super::{ImportOptions, RowNote};
use crate::domain::phone;
use crate::domain::{NewClient, Stage};
use crate::error::Error;
use crate::i18n::Lang;
use crate::import::Lead;
use crate::service::duplicates::{Key, client_keys};

/// What a CRM's deal stage (or a station's name) means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    At(Stage),
    /// Won: at the farmer, its amount paid.
    Won,
    /// Closed and not won: lost at the default station.
    Lost,
}

/// Stages as other CRMs and spreadsheets write them (lower case, `ё` as
/// `е`) — amoCRM's, Bitrix24's lead and deal stages, Salesforce's,
/// Pipedrive's, HubSpot's deal and lifecycle stages and lead statuses,
/// Zoho's — and where each is worked here.
const STAGES: &[(Place, &[&str])] = &[
    (
        Place::At(Stage::Telemarketer),
        &[
            "new",
            "new lead",
            "lead",
            "prospecting",
            "первичный контакт",
            "новый",
            "новая",
            "новая заявка",
            "неразобранное",
            "не обработан",
            "холодный",
            "subscriber",
            "lead in",
            "not contacted",
            "attempted to contact",
            // A spreadsheet kept by hand: a call to make again.
            "перезвонить",
            "недозвон",
            "не дозвонились",
            "не берет трубку",
            "нет ответа",
            "no answer",
            "call back",
        ],
    ),
    (
        Place::At(Stage::Qualifier),
        &[
            "qualification",
            "qualified",
            "needs analysis",
            "квалификация",
            "обработан",
            "выявление потребностей",
            "marketing qualified lead",
            // HubSpot's internal values, as an export of them writes them.
            "marketingqualifiedlead",
            "contact made",
            "contacted",
            "connected",
            "pre-qualified",
            // The telemarketer's result, as a person writes it.
            "интересно",
            "заинтересован",
            "заинтересована",
            "заинтересованы",
            "interested",
        ],
    ),
    (
        Place::At(Stage::Hunter),
        &[
            "negotiation",
            "negotiation/review",
            "proposal",
            "proposal/price quote",
            "value proposition",
            "id. decision makers",
            "perception analysis",
            "переговоры",
            "принимают решение",
            "кп отправлено",
            "согласование договора",
            "качественный лид",
            "подготовка документов",
            "счет на предоплату",
            "финальный счет",
            "счет выставлен",
            "sales qualified lead",
            "salesqualifiedlead",
            "appointmentscheduled",
            "qualifiedtobuy",
            "presentationscheduled",
            "decisionmakerboughtin",
            "contractsent",
            "opportunity",
            "open deal",
            "appointment scheduled",
            "qualified to buy",
            "presentation scheduled",
            "decision maker bought-in",
            "contract sent",
            "demo scheduled",
            "needs defined",
            "proposal made",
            "negotiations started",
            "identify decision makers",
            // An offer made, or an invoice out, as a person writes it.
            "думает",
            "думают",
            "thinking",
            "ждем оплату",
            "ждем оплаты",
            "счет отправлен",
            "awaiting payment",
            "invoice sent",
        ],
    ),
    (
        Place::Won,
        &[
            "closed won",
            "closedwon",
            "won",
            "paid",
            "успешно реализовано",
            "успешно",
            "оплачено",
            "сделка успешна",
            "выиграна",
            "customer",
            "evangelist",
            "купил",
            "купила",
            "купили",
            "оплатил",
            "оплатила",
            "оплатили",
            "продано",
            "sold",
        ],
    ),
    (
        Place::Lost,
        &[
            "closed lost",
            "closedlost",
            "lost",
            "закрыто и не реализовано",
            "не реализовано",
            "отказ",
            "сделка провалена",
            "анализ причины провала",
            "некачественный лид",
            "проиграна",
            "потерян",
            "unqualified",
            "not qualified",
            "disqualified",
            "junk lead",
            "lost lead",
            "bad timing",
            "closed-lost to competition",
            "не интересно",
            "неинтересно",
            "не интересует",
            "not interested",
            "отказался",
            "отказалась",
            "отказались",
            "не целевой",
            "нецелевой",
        ],
    ),
];

/// Words that are a lead's status and a deal's stage alike, and where
/// each is worked: Bitrix24's `В работе` is a lead being worked on (the
/// qualifier's) in its leads and a deal after its prepayment (the
/// hunter's) in its deals; HubSpot's lead status `In Progress`, and an
/// `Open` lead, not yet called, against an open deal.
const EITHER: &[(&str, Stage, Stage)] = &[
    ("в работе", Stage::Qualifier, Stage::Hunter),
    ("in progress", Stage::Qualifier, Stage::Hunter),
    ("open", Stage::Telemarketer, Stage::Hunter),
];

/// A stage as other CRMs and spreadsheets write it (`of_lead`: in a lead's
/// status column, where a word that is both is a lead's).
pub(super) fn place_of(text: &str, of_lead: bool) -> Option<Place> {
    let mut t = text.trim().to_lowercase();
    if let Some(stage) = Stage::named(&t) {
        return Some(Place::At(stage));
    }
    if t.contains('ё') {
        t = t.replace('ё', "е");
    }
    if let Some((_, lead, deal)) = EITHER.iter().find(|(name, ..)| *name == t) {
        return Some(Place::At(if of_lead { *lead } else { *deal }));
    }
    STAGES
        .iter()
        .find(|(_, names)| names.contains(&t.as_str()))
        .map(|(place, _)| *place)
}

/// Whether a "paid" column says yes.
pub(super) fn says_yes(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "1" | "yes"
            | "y"
            | "true"
            | "paid"
            | "да"
            | "оплачено"
            | "оплачен"
            | "+"
            | "x"
            | "✓"
    )
}

/// A lead as a new client's fields, and what of it was not read.
fn fields_of(lead: &Lead, opts: &ImportOptions, notes: &mut Vec<RowNote>) -> Option<NewClient> {
    let mut phones = Vec::new();
    for p in &lead.phones {
        match phone::e164(p, opts.region) {
            Some(n) => phones.push(n),
            None if crate::domain::model::looks_like_phone(p) => phones.push(p.trim().to_string()),
            None => notes.push(RowNote::BadPhone { phone: p.clone() }),
        }
    }
    // One number given twice (in two spellings) is one number.
    let mut seen = std::collections::HashSet::new();
    phones.retain(|p| seen.insert(p.clone()));
    let (emails, bad_emails): (Vec<&String>, Vec<&String>) = lead
        .emails
        .iter()
        .partition(|e| crate::domain::model::looks_like_email(e.trim()));
    notes.extend(bad_emails.iter().map(|e| RowNote::BadEmail {
        email: e.to_string(),
    }));
    let name = lead
        .name
        .clone()
        .or_else(|| lead.company.clone())
        .or_else(|| emails.first().map(|e| e.to_string()))
        .or_else(|| phones.first().cloned())?;
    // Everything else the row said stays readable in the note.
    let mut lines: Vec<String> = lead.note.iter().cloned().collect();
    let lang = opts.lang;
    let email = |e: &str| note_line(lang, "import-note-email", e);
    lines.extend(emails.iter().skip(1).map(|e| email(e)));
    lines.extend(notes.iter().filter_map(|n| match n {
        RowNote::BadPhone { phone } => Some(note_line(lang, "import-note-phone", phone)),
        RowNote::BadEmail { email: e } => Some(email(e)),
        _ => None,
    }));
    lines.extend(lead.extra.iter().map(|(h, v)| format!("{h}: {v}")));
    // A date that is none konveyer reads is not lost either.
    let dates = [
        ("import-note-created", &lead.created),
        ("import-note-closed", &lead.closed),
        ("import-note-expected", &lead.expected),
        ("import-note-next-step", &lead.next),
        ("import-note-last-call", &lead.last_call),
        ("import-note-stage-since", &lead.stage_since),
    ];
    for (label, date) in dates {
        if let Some(date) = date.as_deref().filter(|d| !super::time::is_time(d)) {
            notes.push(RowNote::BadDate {
                date: date.to_string(),
            });
            lines.push(note_line(lang, label, date));
        }
    }
    // A next step said with no day it is due: no reminder, a line.
    if let (None, Some(text)) = (&lead.next, &lead.next_text) {
        lines.push(note_line(lang, "import-note-next-step", text));
    }
    Some(NewClient {
        name,
        company: lead.company.clone(),
        phone: phones.first().cloned(),
        other_phones: crate::domain::model::join_phones(phones.iter().skip(1)),
        email: emails.first().map(|e| e.trim().to_string()),
        source: lead.source.clone().or_else(|| opts.source.clone()),
        stage: None,
        notes: (!lines.is_empty()).then(|| lines.join("\n")),
        tags: lead.tags.clone(),
        referred_by: None,
        value: None,
        expected_on: None,
    })
}

/// A lead with what can be worked out without the base: its fields
/// normalised (or why not), what of it was not read, its lookup keys.
pub(super) struct Prepared {
    pub lead: Lead,
    pub fields: std::result::Result<NewClient, RowNote>,
    pub notes: Vec<RowNote>,
    pub keys: Vec<Key>,
}

/// A line of a client's note: a label in the importer's language, and
/// what the row said.
pub(super) fn note_line(lang: Lang, label: &str, said: impl std::fmt::Display) -> String {
    format!("{}: {said}", crate::i18n::tr(lang, label))
}

pub(super) fn prepare(lead: Lead, opts: &ImportOptions) -> Prepared {
    let mut notes = Vec::new();
    let fields = match fields_of(&lead, opts, &mut notes) {
        None => Err(RowNote::NoName),
        Some(new) => new.normalized().map_err(|e| RowNote::Invalid {
            message: Error::from(e).message(opts.lang),
        }),
    };
    let keys = match &fields {
        Ok(new) => {
            let named = (new.name.as_str(), new.company.as_deref());
            client_keys(new.phones(), new.email.as_deref(), named, opts.region)
        }
        Err(_) => Vec::new(),
    };
    Prepared {
        lead,
        fields,
        notes,
        keys,
    }
}

#[cfg(test)]
mod tests {
    use super::{EITHER, STAGES, place_of};

    /// Every word is written as a cell is folded before it is looked up
    /// (lower case, `е` for `ё`), else it could never match; and is in
    /// one place only, else the first would win unsaid.
    #[test]
    fn each_stage_word_is_folded_and_in_one_place() {
        let mut seen = std::collections::HashSet::new();
        let words = STAGES.iter().flat_map(|(_, names)| names.iter());
        for word in words.chain(EITHER.iter().map(|(word, ..)| word)) {
            assert_eq!(*word, word.to_lowercase().replace('ё', "е"), "{word}");
            assert!(seen.insert(*word), "{word} is in two places");
        }
        assert_eq!(
            place_of(" Ждём оплату ", false),
            place_of("счет выставлен", false)
        );
        // A lone letter is no stage (one crept into the table once).
        assert_eq!(place_of("ё", false), None);
        // HubSpot's internal values read as its labels do.
        for (value, label) in [
            ("marketingqualifiedlead", "Marketing Qualified Lead"),
            ("salesqualifiedlead", "Sales Qualified Lead"),
            ("decisionmakerboughtin", "Decision maker bought-in"),
            ("closedwon", "Closed Won"),
            ("closedlost", "Closed Lost"),
        ] {
            assert_eq!(place_of(value, false), place_of(label, false), "{value}");
            assert!(place_of(value, false).is_some(), "{value}");
        }
    }
}
