//! `konveyer import`: leads read from a file become clients in one
//! transaction — new ones added at their station (with an order when an
//! amount is given), duplicates by phone or e-mail (within the file and
//! against the base) merged into the client they repeat, filling its empty
//! fields and never overwriting; every row that is merged, skipped or read
//! only in part is reported by its row number.

use super::Now;
use crate::domain::phone::Region;
use crate::domain::{Activity, ActivityKind, DomainError, NewClient, Stage, StageTarget, Status};
use crate::error::Result;
use crate::import::{Lead, dates};
use crate::store::{Store, WriteDb};

mod chunks;
mod known;
mod meaning;
mod report;
mod rows;
mod time;

use report::{GuessedDates, ImportMoney};
pub use report::{ImportReport, MatchedBy, Merged, Noted, RowNote};

use super::clients::move_in;
use super::duplicates::client_keys;
use super::duplicates::fill;
use known::{Found, Known, known_contacts};
use meaning::{
    Moments, amount, currency_of, deal_of, expected_on, last_call, next_line, next_step, owner_of,
    place_of_lead, placed, value_line, with_lines,
};
use rows::{Place, Prepared, prepare, says_yes};

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
    /// What the leads' numbers count (lines of a file, leads of a list).
    pub numbered: crate::import::Numbered,
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
    if !opts.dry_run && store.read().on_server() {
        return chunks::import_in_chunks(store, now, leads, opts);
    }
    let run = |db: &WriteDb| -> Result<ImportReport> {
        let (known, base) = known_contacts(db, opts.region)?;
        let rebuild = opts.expected_rows >= REBUILD_FROM && base * 4 <= opts.expected_rows;
        let load = |db: &WriteDb| {
            std::thread::scope(|scope| {
                let (send, receive) = std::sync::mpsc::sync_channel(PIPELINE / BATCH);
                // What the writer is done with comes back to be freed here,
                // where it was made: glibc frees another thread's memory
                // under that thread's arena lock, a sixth of the writer's
                // time.
                let (give_back, spent) = std::sync::mpsc::channel::<Vec<Spent>>();
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
                            spent.try_iter().for_each(drop);
                        }
                    }
                    let _ = send.send(batch);
                    drop(send);
                    // Until the writer is done.
                    spent.into_iter().for_each(drop);
                });
                let prepared = receive.into_iter().flatten();
                write_all(db, now, prepared, opts, known, Some(give_back))
            })
        };
        match few_into_many(opts.expected_rows, base) {
            true => db.bulk_texts(load),
            false => db.bulk(rebuild, load),
        }
    };
    match opts.dry_run {
        true => store.rehearse(run),
        false => store.write(run),
    }
}

/// How many times as many clients as rows a base has for an import to
/// keep what the triggers keep row by row (all but the search index).
const FEW_INTO_MANY: usize = 16;

/// Whether an import of about `rows` rows (0: not known) into a base of
/// `base` clients is a few into many: written through the triggers (all
/// but the search index's), rather than as a bulk load, whose recount of
/// what they keep and the rules' sweep of the whole base after it read
/// every client.
fn few_into_many(rows: usize, base: usize) -> bool {
    rows > 0 && rows.saturating_mul(FEW_INTO_MANY) <= base
}

/// The fewest rows for which rebuilding the indexes after can pay (and
/// only into a base of at most a quarter as many clients: 100 000 rows
/// into 100 000 clients take longer, and sort in much more memory, than
/// row by row).
const REBUILD_FROM: usize = 5_000;

/// The writer's side: each prepared lead merged or added (and given back
/// to be freed by `give_back`, if any).
fn write_all(
    db: &WriteDb,
    now: Now,
    prepared: impl Iterator<Item = Result<Prepared>>,
    opts: &ImportOptions,
    known: Known,
    give_back: Option<std::sync::mpsc::Sender<Vec<Spent>>>,
) -> Result<ImportReport> {
    let mut writer = Writer::new(db.conveyor()?, now, opts, known);
    writer.give_back = give_back;
    for item in prepared {
        writer.row(db, item?)?;
    }
    Ok(writer.report)
}

/// A client a row repeats: how found, its id, whether made by this file.
type Repeated = (MatchedBy, i64, bool, crate::domain::Client);

/// What an import writes with, and what it has done so far.
struct Writer<'a> {
    now: Now,
    opts: &'a ImportOptions,
    known: Known,
    conveyor: crate::domain::Conveyor,
    /// The team's people: a new card's owner and a row's responsible
    /// person are found among them, read at the first row that needs them.
    people: Option<Vec<crate::domain::User>>,
    /// Whether the importer may change any card (`may_change_any`).
    heads: Option<bool>,
    report: ImportReport,
    /// Where the rows written go back to the thread that read them, to be
    /// freed there (none: freed here), and those not yet sent.
    give_back: Option<std::sync::mpsc::Sender<Vec<Spent>>>,
    spent: Vec<Spent>,
}

/// A row written: what it was read into, given back to be freed.
struct Spent {
    _lead: Lead,
    _fields: Option<NewClient>,
    _keys: Vec<super::duplicates::Key>,
}

impl<'a> Writer<'a> {
    fn new(
        conveyor: crate::domain::Conveyor,
        now: Now,
        opts: &'a ImportOptions,
        known: Known,
    ) -> Writer<'a> {
        Writer {
            now,
            opts,
            known,
            conveyor,
            people: None,
            heads: None,
            report: ImportReport {
                dry_run: opts.dry_run,
                numbered: opts.numbered,
                money: ImportMoney::in_currency(&opts.currency),
                ..ImportReport::default()
            },
            give_back: None,
            spent: Vec::new(),
        }
    }

    /// Row `spent` is written: kept to go back with the next batch.
    fn spend(&mut self, spent: Spent) {
        let Some(back) = &self.give_back else {
            return;
        };
        self.spent.push(spent);
        if self.spent.len() == BATCH {
            // The reader gone (it ended): freed here.
            let _ = back.send(std::mem::take(&mut self.spent));
        }
    }

    /// Whether the importer may change any card (`people::head_only`).
    fn may_change_any(&mut self, db: &WriteDb) -> Result<bool> {
        if let Some(heads) = self.heads {
            return Ok(heads);
        }
        let heads = match super::people::head_only(db) {
            Err(crate::error::Error::NotHead(_)) => false,
            done => done.map(|()| true)?,
        };
        self.heads = Some(heads);
        Ok(heads)
    }

    /// The team's people, read once per import.
    fn people(&mut self, db: &WriteDb) -> Result<&[crate::domain::User]> {
        if self.people.is_none() {
            self.people = Some(db.users()?);
        }
        Ok(self.people.as_deref().unwrap_or_default())
    }

    /// A payment the row made (its amount, in `currency`), counted with
    /// the file's money (this week's revenue in the import's currency).
    fn paid(&mut self, when: Moments, made: Option<i64>, currency: &str) {
        if let Some(minor) = made {
            self.report.orders += 1;
            let monday = self.now.today().week(chrono::Weekday::Mon).first_day();
            let minor = if currency == self.opts.currency {
                minor
            } else {
                0
            };
            self.report
                .money
                .paid(when.closed.local.date(), minor, monday);
        }
    }

    /// One row: refused with its note, merged into the client it repeats,
    /// or a new client.
    fn row(&mut self, db: &WriteDb, item: Prepared) -> Result<()> {
        let Prepared {
            lead,
            fields,
            mut notes,
            keys: row_keys,
        } = item;
        self.report.rows += 1;
        if let Some(date) = &lead.guessed_date {
            let guessed = self
                .report
                .guessed_dates
                .get_or_insert_with(|| GuessedDates {
                    rows: 0,
                    row: lead.row,
                    date: date.clone(),
                    read_as: dates::iso(date, dates::GUESSED).unwrap_or_default(),
                });
            guessed.rows += 1;
        }
        let new = match fields {
            Ok(new) => new,
            Err(note) => {
                self.report.notes.push(Noted {
                    row: lead.row,
                    note,
                });
                return Ok(());
            }
        };
        let new = match self.known.find(db, (&row_keys, &new), self.opts.region)? {
            Found::Client(by, id, in_file, client) => {
                self.merge_unless_refused(db, &lead, &new, (by, id, in_file, *client), &mut notes)?;
                new
            }
            Found::SharesPhone(id, name) => {
                notes.push(RowNote::SharedPhone { id, name });
                self.add(db, &lead, new, &row_keys, &mut notes)?
            }
            Found::Nobody => self.add(db, &lead, new, &row_keys, &mut notes)?,
        };
        self.report
            .notes
            .extend(notes.into_iter().map(|note| Noted {
                row: lead.row,
                note,
            }));
        self.spend(Spent {
            _lead: lead,
            _fields: Some(new),
            _keys: row_keys,
        });
        Ok(())
    }

    /// [`Writer::merge`], or, where the team database will not let the
    /// importer change the card (someone else's), the row skipped and said,
    /// nothing of it written or counted: the rest of the file goes on.
    fn merge_unless_refused(
        &mut self,
        db: &WriteDb,
        lead: &Lead,
        new: &NewClient,
        (by, id, in_file, client): Repeated,
        notes: &mut Vec<RowNote>,
    ) -> Result<()> {
        // Whose the card is, said when it is not the importer's.
        let owner = client
            .owner
            .clone()
            .filter(|o| Some(o.as_str()) != db.actor());
        // Only a member's row of someone else's card may be refused; the
        // rest need no savepoint (one that writes keeps a subtransaction to
        // the commit: past 64, every session's reads slow down).
        if owner.is_none() || !db.on_server() || self.may_change_any(db)? {
            return self.merge(db, lead, new, (by, id, in_file, client), notes);
        }
        let name = client.name.clone();
        let counted = (
            self.report.ids.len(),
            self.report.merged.len(),
            self.report.orders,
            self.report.reminders,
            self.report.money.clone(),
            notes.len(),
        );
        let merged =
            db.unless_refused(|db| self.merge(db, lead, new, (by, id, in_file, client), notes))?;
        if let Err(why) = merged {
            let (ids, merged, orders, reminders, money, noted) = counted;
            self.report.ids.truncate(ids);
            self.report.merged.truncate(merged);
            (self.report.orders, self.report.reminders) = (orders, reminders);
            self.report.money = money;
            notes.truncate(noted);
            notes.push(RowNote::Refused {
                id,
                name,
                owner,
                why,
            });
        }
        Ok(())
    }

    /// A row that repeats a client (by phone or e-mail, in the base or
    /// earlier in the file): its empty fields filled, nothing overwritten;
    /// another deal of the same client, so its amount is an order too.
    fn merge(
        &mut self,
        db: &WriteDb,
        lead: &Lead,
        new: &NewClient,
        (by, id, in_file, client): Repeated,
        notes: &mut Vec<RowNote>,
    ) -> Result<()> {
        let (now, opts) = (self.now, self.opts);
        let mut current = NewClient::from_client(&client);
        if fill(&mut current, new) {
            db.update_client(id, &current, now.utc)?;
        }
        let named = (current.name.as_str(), current.company.as_deref());
        for key in client_keys(
            current.phones(),
            current.email.as_deref(),
            named,
            opts.region,
        ) {
            self.known.add(&key, id, in_file);
        }
        self.report.ids.push((lead.row, id));
        self.report.merged.push(Merged {
            row: lead.row,
            into: id,
            name: client.name.clone(),
            by,
            in_file,
        });
        let place = place_of_lead(lead);
        let won = place == Some(Place::Won);
        let paid = won || lead.paid.as_deref().is_some_and(says_yes);
        // Another open deal of a client before the farmer with none yet:
        // its expected deal. Else its value stays readable in the note.
        let open = place != Some(Place::Lost);
        let currency = currency_of(lead, &opts.currency, notes);
        match deal_of(lead, paid, &currency) {
            Some(deal) if open && client.stage < Stage::Farmer && current.value.is_none() => {
                self.report.money.values += 1;
                let expected_on = current.expected_on.or(expected_on(lead, now));
                let with_deal = NewClient {
                    value: Some(deal),
                    expected_on,
                    ..current
                };
                db.update_client(id, &with_deal, now.utc)?;
            }
            Some(_) => {
                let notes =
                    with_lines(&current.notes, &Vec::from_iter(value_line(lead, opts.lang)));
                db.update_client(id, &NewClient { notes, ..current }, now.utc)?;
            }
            None => {}
        }
        let when = Moments::of(lead, now, won || !open);
        let made = amount(db, when, id, lead, paid, &currency, notes)?;
        self.paid(when, made, &currency);
        // A payment is the expected deal come true.
        if made.is_some() && db.client(id)?.value_minor.is_some() {
            db.clear_deal(id, when.closed.utc)?;
        }
        let active = client.status == Status::Active;
        last_call(db, now, (id, true), lead)?;
        if active && open {
            self.report.reminders += usize::from(next_step(db, now, (id, true), lead)?);
        }
        // A won deal of someone still before the farmer: a client who
        // paid is the farmer's from the close on, handed over as a move
        // hands it (last: on a team, once it is a farmer's, the importer
        // may write no more of it).
        if won && active && client.stage != Stage::Farmer {
            let at = when.closed.utc.max(client.created_at);
            move_in(db, at, &client, Stage::Farmer, None)?;
        }
        Ok(())
    }

    /// Whose a new card at `stage` is (the row's owner when they work it,
    /// else the station's next person in turn; one named who does not is
    /// a line of `lines`), and whose it is while it is written. On a team
    /// the server lets a member write a card's order, its reminders and
    /// its loss only while the card is theirs: a card that `holds` any is
    /// the importer's until they are written, then its owner's (one more
    /// write; a cold lead is its owner's at once).
    fn owners(
        &mut self,
        db: &WriteDb,
        lead: &Lead,
        stage: Stage,
        holds: bool,
        lines: &mut Vec<String>,
    ) -> Result<(Option<String>, Option<String>)> {
        let lang = self.opts.lang;
        let named = match lead.owner.is_some() {
            true => owner_of(self.people(db)?, lead, stage, lang),
            false => None,
        };
        let owner = named.and_then(|o| o.map_err(|line| lines.push(line)).ok());
        // The team's people are read once for the whole file.
        let given = super::team::new_owner_among(db, self.people(db)?, stage)?;
        let owner = owner.or(given);
        let writer = match holds {
            true => db.actor().map(str::to_string).or_else(|| owner.clone()),
            false => owner.clone(),
        };
        Ok((owner, writer))
    }

    /// A new client, placed by the row's stage (a won deal at the farmer,
    /// a lost one lost, an unknown one where `--stage` says, noted); its
    /// fields as written given back.
    fn add(
        &mut self,
        db: &WriteDb,
        lead: &Lead,
        new: NewClient,
        row_keys: &[super::duplicates::Key],
        notes: &mut Vec<RowNote>,
    ) -> Result<NewClient> {
        let (now, opts) = (self.now, self.opts);
        let (place, stage) = placed(lead, &self.conveyor, opts.stage, notes);
        let when = Moments::of(lead, now, matches!(place, Place::Won | Place::Lost));
        // A client that came to its station after it was made waited at
        // the station before until then: a deal won after its record was
        // made until its close, an open one until its stage's change (its
        // `stage_since`). Its days at the station, and the report's week
        // it came in, count from then.
        let arrived = match place {
            Place::Won => Some(when.closed).filter(|at| at.utc > when.created.utc),
            Place::Lost => None,
            _ => when.arrived,
        };
        let waited = arrived.and_then(|at| {
            let from = self.conveyor.resolve(stage, StageTarget::Prev).ok()?;
            Some((from, at.utc))
        });
        let paid = place == Place::Won || lead.paid.as_deref().is_some_and(says_yes);
        // An open deal's value is its expected deal; a lost one's a note.
        let currency = currency_of(lead, &opts.currency, notes);
        let deal = deal_of(lead, paid, &currency);
        let (deal, mut lines) = match place {
            Place::Lost => {
                let lines = deal
                    .and(value_line(lead, opts.lang))
                    .into_iter()
                    .chain(next_line(lead, opts.lang));
                (None, lines.collect())
            }
            _ => (deal, Vec::new()),
        };
        self.report.money.values += usize::from(deal.is_some());
        let holds = paid || place == Place::Lost || waited.is_some() || lead.next.is_some();
        let (owner, writer) = self.owners(db, lead, stage, holds, &mut lines)?;
        let expected_on = deal.as_ref().and(expected_on(lead, now));
        let new = NewClient {
            notes: with_lines(&new.notes, &lines),
            value: deal,
            expected_on,
            ..new
        };
        // Created when the export says: its cohort, its days at the
        // station and its first timeline entry are right from day one.
        let id =
            super::clients::insert_new(db, when.created, &new, stage, writer.as_deref(), waited)?;
        self.report.added += 1;
        self.report.ids.push((lead.row, id));
        for key in row_keys {
            self.known.add(key, id, true);
        }
        let made = amount(db, when, id, lead, paid, &currency, notes)?;
        self.paid(when, made, &currency);
        last_call(db, now, (id, false), lead)?;
        if place != Place::Lost {
            self.report.reminders += usize::from(next_step(db, now, (id, false), lead)?);
        } else {
            let reason = lead.lost_reason.as_deref().or(lead.stage.as_deref());
            db.set_status(id, Status::Lost, reason, when.closed.utc)?;
            let entry = Activity::new(id, when.closed.utc, ActivityKind::Lost).with_text(reason);
            db.insert_activity(&entry)?;
        }
        if owner != writer {
            db.set_owner(id, owner.as_deref())?;
        }
        Ok(new)
    }
}

#[cfg(test)]
mod tests;
