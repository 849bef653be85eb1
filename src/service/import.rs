//! `konveyer import`: leads read from a file become clients in one
//! transaction — new ones added at their station (with an order when an
//! amount is given), duplicates by phone or e-mail (within the file and
//! against the base) merged into the client they repeat, filling its empty
//! fields and never overwriting; every row that is merged, skipped or read
//! only in part is reported by its row number.

use std::collections::HashMap;

use serde::Serialize;

use super::Now;
use crate::domain::money::parse_amount;
use crate::domain::phone::{self, Region};
use crate::domain::{Activity, ActivityKind, DomainError, Money, NewClient, Stage, Status};
use crate::error::{Error, Result};
use crate::import::Lead;
use crate::store::{Store, WriteDb};

/// How an import runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Work it all out, write nothing.
    pub dry_run: bool,
    /// The source of leads whose row names none.
    pub source: Option<String>,
    /// The station of leads whose row names none (or one not known).
    pub stage: Stage,
    pub region: Region,
    /// The currency of amounts.
    pub currency: String,
    /// The language of the report's messages.
    pub lang: crate::i18n::Lang,
    /// About how many rows are coming (0: not known). A load much bigger
    /// than the base builds its indexes once, after the rows, instead of
    /// row by row.
    pub expected_rows: usize,
}

/// What a duplicate was found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    Phone,
    Email,
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
    /// A phone with too few or too many digits: left in the note.
    BadPhone { phone: String },
    /// An e-mail address that does not look like one: left in the note.
    BadEmail { email: String },
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
        matches!(self.note, RowNote::NoName | RowNote::Invalid { .. })
    }
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    pub added: usize,
    pub orders: usize,
    pub merged: Vec<Merged>,
    pub notes: Vec<Noted>,
    /// Each imported row's client (new or merged into), in row order.
    #[serde(skip)]
    pub ids: Vec<(usize, i64)>,
}

impl ImportReport {
    pub fn skipped(&self) -> usize {
        self.notes.iter().filter(|n| n.skipped()).count()
    }
}

/// What a CRM's deal stage (or a station's name) means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    At(Stage),
    /// Won: at the farmer, its amount paid.
    Won,
    /// Closed and not won: lost at the default station.
    Lost,
}

/// A stage as other CRMs and spreadsheets write it.
fn place_of(text: &str) -> Option<Place> {
    if let Ok(stage) = Stage::parse(text) {
        return Some(Place::At(stage));
    }
    let t = text.trim().to_lowercase().replace('ё', "е");
    let t = t.as_str();
    let place = match t {
        "new"
        | "new lead"
        | "lead"
        | "prospecting"
        | "первичный контакт"
        | "новый"
        | "новая"
        | "новая заявка"
        | "неразобранное"
        | "холодный" => Place::At(Stage::Telemarketer),
        "qualification"
        | "qualified"
        | "needs analysis"
        | "квалификация"
        | "выявление потребностей" => Place::At(Stage::Qualifier),
        "negotiation"
        | "negotiation/review"
        | "proposal"
        | "proposal/price quote"
        | "value proposition"
        | "id. decision makers"
        | "perception analysis"
        | "переговоры"
        | "принимают решение"
        | "кп отправлено"
        | "согласование договора"
        | "счет выставлен" => Place::At(Stage::Hunter),
        "closed won"
        | "won"
        | "paid"
        | "успешно реализовано"
        | "успешно"
        | "оплачено"
        | "сделка успешна"
        | "выиграна" => Place::Won,
        "closed lost"
        | "lost"
        | "закрыто и не реализовано"
        | "не реализовано"
        | "отказ"
        | "проиграна"
        | "потерян" => Place::Lost,
        _ => return None,
    };
    Some(place)
}

/// Whether a "paid" column says yes.
fn says_yes(text: &str) -> bool {
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

/// The lookup keys of a client's phone and e-mail.
fn keys(phone: Option<&str>, email: Option<&str>, region: Region) -> [Option<Key>; 2] {
    [
        phone
            .and_then(|p| phone::key(p, region))
            .map(|k| (MatchedBy::Phone, k)),
        email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .map(|k| (MatchedBy::Email, k)),
    ]
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
    lines.extend(phones.iter().skip(1).map(|p| format!("Phone: {p}")));
    lines.extend(emails.iter().skip(1).map(|e| format!("E-mail: {e}")));
    lines.extend(notes.iter().filter_map(|n| match n {
        RowNote::BadPhone { phone } => Some(format!("Phone: {phone}")),
        RowNote::BadEmail { email } => Some(format!("E-mail: {email}")),
        _ => None,
    }));
    lines.extend(lead.extra.iter().map(|(h, v)| format!("{h}: {v}")));
    Some(NewClient {
        name,
        company: lead.company.clone(),
        phone: phones.first().cloned(),
        email: emails.first().map(|e| e.trim().to_string()),
        source: lead.source.clone().or_else(|| opts.source.clone()),
        stage: None,
        notes: (!lines.is_empty()).then(|| lines.join("\n")),
        tags: lead.tags.clone(),
        referred_by: None,
    })
}

/// Fills `into`'s empty fields from `from`; whether anything changed.
fn fill(into: &mut NewClient, from: &NewClient) -> bool {
    let mut changed = false;
    let mut take = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() && value.is_some() {
            *slot = value.clone();
            changed = true;
        }
    };
    take(&mut into.company, &from.company);
    take(&mut into.phone, &from.phone);
    take(&mut into.email, &from.email);
    take(&mut into.source, &from.source);
    take(&mut into.notes, &from.notes);
    take(&mut into.tags, &from.tags);
    changed
}

/// A lead with what can be worked out without the base: its fields
/// normalised (or why not), what of it was not read, its lookup keys.
struct Prepared {
    lead: Lead,
    fields: std::result::Result<NewClient, RowNote>,
    notes: Vec<RowNote>,
    keys: [Option<Key>; 2],
}

fn prepare(lead: Lead, opts: &ImportOptions) -> Prepared {
    let mut notes = Vec::new();
    let fields = match fields_of(&lead, opts, &mut notes) {
        None => Err(RowNote::NoName),
        Some(new) => new.normalized().map_err(|e| RowNote::Invalid {
            message: Error::from(e).message(opts.lang),
        }),
    };
    let keys = match &fields {
        Ok(new) => keys(new.phone.as_deref(), new.email.as_deref(), opts.region),
        Err(_) => [None, None],
    };
    Prepared {
        lead,
        fields,
        notes,
        keys,
    }
}

/// How many prepared leads may wait for the writer.
const PIPELINE: usize = 2048;
/// How many leads cross to the writer at once (a hand-over per lead costs
/// more than preparing it).
const BATCH: usize = 256;

/// Imports `leads` as they are read (all or nothing: a row that cannot be
/// read takes the whole import back; with `dry_run`, nothing at all is
/// written) and says what became of every row. Reading and normalising
/// (phones above all) run on a second thread, ahead of the writes.
pub fn import(
    store: &mut Store,
    now: Now,
    leads: impl Iterator<Item = Result<Lead>> + Send,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    if !store.read().conveyor()?.is_enabled(opts.stage) {
        return Err(DomainError::StageDisabled(opts.stage).into());
    }
    let run = |db: &WriteDb| -> Result<ImportReport> {
        let (known, base) = known_contacts(db, opts.region)?;
        let rebuild = opts.expected_rows >= REBUILD_FROM && base * 4 <= opts.expected_rows;
        db.bulk(rebuild, |db| {
            std::thread::scope(|scope| {
                let (send, receive) = std::sync::mpsc::sync_channel(PIPELINE / BATCH);
                scope.spawn(move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    for lead in leads {
                        let item = lead.map(|l| prepare(l, opts));
                        let failed = item.is_err();
                        batch.push(item);
                        if batch.len() == BATCH || failed {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            // The writer stopped (it failed): nothing more to do.
                            if send.send(full).is_err() || failed {
                                return;
                            }
                        }
                    }
                    let _ = send.send(batch);
                });
                write_all(db, now, receive.into_iter().flatten(), opts, known)
            })
        })
    };
    match opts.dry_run {
        true => store.rehearse(run),
        false => store.write(run),
    }
}

/// A phone or e-mail lookup key.
type Key = (MatchedBy, String);

/// Clients by their phone and e-mail keys: their id, and whether this file
/// added them. Only a hash of each key is held (the keys of a 100 000-row
/// import and its base would take tens of megabytes); a hit is a candidate,
/// checked against the client's own keys. A key whose hash another client
/// holds is kept whole beside.
#[derive(Default)]
struct Known {
    hashed: HashMap<u64, (i64, bool)>,
    whole: HashMap<Key, (i64, bool)>,
}

impl Known {
    fn hash(key: &Key) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        hasher.finish()
    }

    /// Notes `key` as client `id`'s (the first client noted for a key is
    /// found first).
    fn add(&mut self, key: &Key, id: i64, in_file: bool) {
        let held = *self.hashed.entry(Self::hash(key)).or_insert((id, in_file));
        if held.0 != id {
            self.whole.entry(key.clone()).or_insert((id, in_file));
        }
    }

    /// The clients that may hold `key`, the likeliest first.
    fn candidates(&self, key: &Key) -> impl Iterator<Item = (i64, bool)> {
        let whole = (!self.whole.is_empty())
            .then(|| self.whole.get(key).copied())
            .flatten();
        self.hashed
            .get(&Self::hash(key))
            .copied()
            .into_iter()
            .chain(whole)
    }
}

/// Who is already in the base, by phone and by e-mail; how many clients.
fn known_contacts(db: &WriteDb, region: Region) -> Result<(Known, usize)> {
    let mut known = Known::default();
    let base = db.contact_keys()?;
    for (id, phone, email) in &base {
        for key in keys(phone.as_deref(), email.as_deref(), region)
            .iter()
            .flatten()
        {
            known.add(key, *id, false);
        }
    }
    Ok((known, base.len()))
}

/// The fewest rows for which rebuilding the indexes after can pay (and
/// only into a base of at most a quarter as many clients: 100 000 rows
/// into 100 000 clients take longer, and sort in much more memory, than
/// row by row).
const REBUILD_FROM: usize = 5_000;

/// The writer's side: each prepared lead merged or added.
fn write_all(
    db: &WriteDb,
    now: Now,
    prepared: impl Iterator<Item = Result<Prepared>>,
    opts: &ImportOptions,
    mut known: Known,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    let conveyor = db.conveyor()?;
    for item in prepared {
        let Prepared {
            lead,
            fields,
            mut notes,
            keys: row_keys,
        } = item?;
        let lead = &lead;
        report.rows += 1;
        let new = match fields {
            Ok(new) => new,
            Err(note) => {
                report.notes.push(Noted {
                    row: lead.row,
                    note,
                });
                continue;
            }
        };
        let mut found = None;
        'keys: for key in row_keys.iter().flatten() {
            for (id, in_file) in known.candidates(key) {
                let client = db.client(id)?;
                // The client's own keys: a hash met by chance is no match.
                let own = keys(
                    client.phone.as_deref(),
                    client.email.as_deref(),
                    opts.region,
                );
                if own.iter().flatten().any(|k| k == key) {
                    found = Some((key.0, id, in_file, client));
                    break 'keys;
                }
            }
        }
        if let Some((by, id, in_file, client)) = found {
            let mut current = NewClient::from_client(&client);
            if fill(&mut current, &new) {
                db.update_client(id, &current, now.utc)?;
            }
            for key in keys(
                current.phone.as_deref(),
                current.email.as_deref(),
                opts.region,
            )
            .into_iter()
            .flatten()
            {
                known.add(&key, id, in_file);
            }
            report.ids.push((lead.row, id));
            report.merged.push(Merged {
                row: lead.row,
                into: id,
                name: client.name,
                by,
                in_file,
            });
            // Another deal of the same client: its amount is an order too.
            let won = lead.stage.as_deref().and_then(place_of) == Some(Place::Won);
            report.orders += amount(db, now, id, lead, won, opts, &mut notes)?;
            report.notes.extend(notes.into_iter().map(|note| Noted {
                row: lead.row,
                note,
            }));
            continue;
        }
        let place = match lead.stage.as_deref() {
            None => Place::At(opts.stage),
            Some(s) => place_of(s).unwrap_or_else(|| {
                notes.push(RowNote::UnknownStage {
                    stage: s.to_string(),
                });
                Place::At(opts.stage)
            }),
        };
        let stage = match place {
            Place::At(s) if conveyor.is_enabled(s) => s,
            Place::Won => Stage::Farmer,
            _ => opts.stage,
        };
        let id = super::clients::insert_new(db, now, &new, stage)?;
        report.added += 1;
        report.ids.push((lead.row, id));
        for key in row_keys.iter().flatten() {
            known.add(key, id, true);
        }
        report.orders += amount(db, now, id, lead, place == Place::Won, opts, &mut notes)?;
        if place == Place::Lost {
            let reason = lead.stage.as_deref();
            db.set_status(id, Status::Lost, reason, now.utc)?;
            db.insert_activity(&Activity::new(id, now.utc, ActivityKind::Lost).with_text(reason))?;
        }
        report.notes.extend(notes.into_iter().map(|note| Noted {
            row: lead.row,
            note,
        }));
    }
    Ok(report)
}

/// A row's amount as an order of client `id` (paid when `won` or when a
/// paid column says so); how many orders that made (0 or 1).
fn amount(
    db: &WriteDb,
    now: Now,
    id: i64,
    lead: &Lead,
    won: bool,
    opts: &ImportOptions,
    notes: &mut Vec<RowNote>,
) -> Result<usize> {
    let Some(text) = &lead.amount else {
        return Ok(0);
    };
    match parse_amount(text) {
        Ok(minor) if minor > 0 => {
            let paid = won || lead.paid.as_deref().is_some_and(says_yes);
            order(db, now, id, minor, &opts.currency, paid)?;
            Ok(1)
        }
        Ok(_) => Ok(0),
        Err(_) => {
            notes.push(RowNote::BadAmount {
                amount: text.clone(),
            });
            Ok(0)
        }
    }
}

/// An imported amount: an invoice of today, paid today when the row says so.
fn order(db: &WriteDb, now: Now, id: i64, minor: i64, currency: &str, paid: bool) -> Result<()> {
    let money = Money {
        minor,
        currency: currency.to_string(),
    };
    let oid = db.insert_order(id, &money, now.today(), now.utc)?;
    let mut entry = Activity::new(id, now.utc, ActivityKind::Invoice);
    entry.order_id = Some(oid);
    db.insert_activity(&entry)?;
    if paid {
        db.set_paid(oid, now.today())?;
        let mut entry = Activity::new(id, now.utc, ActivityKind::Payment);
        entry.order_id = Some(oid);
        db.insert_activity(&entry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(row: usize, name: &str, phone: &str) -> Result<Prepared> {
        let opts = options();
        Ok(prepare(
            Lead {
                row,
                name: Some(name.into()),
                phones: vec![phone.into()],
                ..Lead::default()
            },
            &opts,
        ))
    }

    fn options() -> ImportOptions {
        ImportOptions {
            dry_run: false,
            source: None,
            stage: Stage::Telemarketer,
            region: Region::default(),
            currency: "RUB".into(),
            lang: crate::i18n::Lang::En,
            expected_rows: 0,
        }
    }

    #[test]
    fn a_key_is_matched_by_the_clients_own_keys_not_by_its_hash_alone() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Now::parse("2026-11-23T10:00").unwrap();
        let opts = options();
        let report = store
            .write(|db| {
                // A hash that points at a client who does not hold the key
                // (as two keys of one hash would): not a duplicate.
                let mut known = Known::default();
                let anna = (MatchedBy::Phone, "+79990000001".to_string());
                known.add(&anna, 1, true);
                write_all(
                    db,
                    now,
                    [
                        lead(2, "Борис", "+7 999 000-00-02"),
                        lead(3, "Анна", "8 999 000 00 01"),
                        lead(4, "Анна Петровна", "79990000001"),
                    ]
                    .into_iter(),
                    &opts,
                    known,
                )
            })
            .unwrap();
        assert_eq!(report.added, 2, "{report:?}");
        assert_eq!(report.merged.len(), 1);
        assert_eq!(report.merged[0].row, 4);
        assert_eq!(report.ids, vec![(2, 1), (3, 2), (4, 2)]);
    }
}
