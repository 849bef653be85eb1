//! Who is who by phone and e-mail: the keys an import and a client typed
//! by hand are both found by. A client typed by hand gets its phone in
//! E.164 as an import makes it; the client that already has its phone (in
//! any spelling) or e-mail is found, and the person may see that client,
//! fill in its empty fields, or add anyway.

use super::clients::add_client;
use super::{MatchedBy, Now};
use crate::domain::model::{join_phones, other_phones};
use crate::domain::phone::{self, Region};
use crate::domain::{Client, NewClient};
use crate::error::{Error, Result};
use crate::store::Store;

/// A client already in the base with a phone or e-mail of a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub client: Client,
    /// Found by the e-mail (else by the phone).
    pub by_email: bool,
}

/// A new client's fields as a person typed them, made ready as an import
/// makes them: the phone in E.164 when the region reads it.
pub fn typed_client(new: NewClient, region: Region) -> Result<NewClient> {
    let mut new = new.normalized()?;
    typed_phones(&mut new, region);
    Ok(new)
}

/// A client's numbers as a person typed them, each in E.164 when the
/// region reads it; another number that repeats one before it is dropped.
fn typed_phones(c: &mut NewClient, region: Region) {
    c.phone = c.phone.take().map(|p| typed_phone(&p, region));
    let first = c.phone.clone();
    let others: Vec<String> = other_phones(c.other_phones.as_deref())
        .map(|p| typed_phone(p, region))
        .filter(|p| Some(p) != first.as_ref())
        .collect();
    c.other_phones = join_phones(others);
}

/// A phone as a person typed it, in E.164 when the region reads it (else
/// as typed, trimmed).
pub(super) fn typed_phone(phone: &str, region: Region) -> String {
    phone::e164(phone, region).unwrap_or_else(|| phone.trim().to_string())
}

/// Who a client typed by hand is, by its phone and e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A client already in the base with its phone or e-mail.
    Duplicate(Duplicate),
    /// Nobody; but its phone is this client's office line, and its name
    /// plainly another person's ([`Person::Another`]): a colleague.
    SharesLine(Client),
    Nobody,
}

/// The client already in the base with `new`'s phone (in any spelling) or
/// e-mail, if any: looked up in the search index by the number's last ten
/// digits or the address, each hit checked against the client's own keys.
/// Of the clients that share the phone, one `new` names is found first; a
/// client whose office line it shares under another name is no duplicate,
/// as in an import.
pub fn find_duplicate(store: &Store, new: &NewClient, region: Region) -> Result<Lookup> {
    let db = store.read();
    let mut weighed = Weighed::default();
    // The keys an import finds a client by, each looked up in the index by
    // a word of it: a number's last ten digits, the address.
    for key in keys(new.phones(), new.email.as_deref(), region) {
        let word = match key.0 {
            MatchedBy::Phone => {
                let digits: String = key.1.chars().filter(char::is_ascii_digit).collect();
                digits[digits.len().saturating_sub(10)..].to_string()
            }
            // `keys` makes no name's key: a client typed by hand is looked
            // for by its phone and e-mail alone.
            MatchedBy::Email | MatchedBy::Name => key.1.clone(),
        };
        let words = [crate::domain::model::fold(&word)];
        let mut after = 0;
        loop {
            let found = db.search_texts(Some(&words), after, 256)?;
            for (id, _) in &found {
                let client = db.client(*id)?;
                if keys(client.phones(), client.email.as_deref(), region).contains(&key) {
                    weighed.weigh((&key, new), client, std::convert::identity);
                }
            }
            match found.last() {
                Some((id, _)) if found.len() == 256 => after = *id,
                _ => break,
            }
        }
        if let Some(client) = weighed.likeliest() {
            let by_email = key.0 == MatchedBy::Email;
            return Ok(Lookup::Duplicate(Duplicate { client, by_email }));
        }
    }
    Ok(weighed.another.map_or(Lookup::Nobody, Lookup::SharesLine))
}

/// The clients that hold a key of a new one, weighed one at a time: the
/// likeliest to be the same (of one key), and the first plainly another
/// person on an office's line (of any).
pub(super) struct Weighed<T> {
    best: Option<(Person, T)>,
    pub(super) another: Option<T>,
}

impl<T> Default for Weighed<T> {
    fn default() -> Self {
        Weighed {
            best: None,
            another: None,
        }
    }
}

impl<T> Weighed<T> {
    /// Weighs `client`, which holds `key` of `new`, kept as `keep` makes
    /// it; whether it is named (nothing likelier can come).
    pub(super) fn weigh(
        &mut self,
        (key, new): (&Key, &NewClient),
        client: Client,
        keep: impl FnOnce(Client) -> T,
    ) -> bool {
        let person = match key.0 {
            MatchedBy::Email | MatchedBy::Name => Person::Named,
            MatchedBy::Phone => Person::of(&client, new, &key.1),
        };
        let item = keep(client);
        if person == Person::Another {
            self.another.get_or_insert(item);
        } else if self.best.as_ref().is_none_or(|(p, _)| person > *p) {
            self.best = Some((person, item));
        }
        person == Person::Named
    }

    /// The likeliest weighed since the last call, if any.
    pub(super) fn likeliest(&mut self) -> Option<T> {
        self.best.take().map(|(_, item)| item)
    }
}

/// A client added as a person typed it: its id, and the client whose
/// office line it shares, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: i64,
    pub shares_line: Option<Client>,
}

/// Adds a client as a person typed it (`konveyer add`, the board's form):
/// its phone in E.164, and refused as `Error::Duplicate` when its phone or
/// e-mail is already a client's, unless `anyway`.
pub fn add_typed(
    store: &mut Store,
    now: Now,
    new: NewClient,
    region: Region,
    anyway: bool,
) -> Result<Added> {
    let new = typed_client(new, region)?;
    let shares_line = match find_duplicate(store, &new, region)? {
        Lookup::Duplicate(d) if !anyway => {
            return Err(Error::Duplicate {
                id: d.client.id,
                name: d.client.name,
                by_email: d.by_email,
            });
        }
        Lookup::SharesLine(client) => Some(client),
        Lookup::Duplicate(_) | Lookup::Nobody => None,
    };
    let id = add_client(store, now, new)?;
    Ok(Added { id, shares_line })
}

/// Who a row that shares a client's phone is to that client, the likelier
/// the same the greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Person {
    /// Plainly another person: the phone is an office's (a fixed line,
    /// not a mobile), and both give a name and a surname in one alphabet,
    /// with no word in common (`Иванов И.` is `Иван Иванов`; `Ира` or
    /// `Anya Volkova` may be `Ирина Волкова`).
    Another,
    /// Nothing says it is another person.
    Maybe,
    /// A word of its name is the client's (or an e-mail matched).
    Named,
}

impl Person {
    /// Who `row` is to `client`, whose phone `phone` (E.164) it shares.
    fn of(client: &Client, row: &NewClient, phone: &str) -> Person {
        // The same name as written (a file imported again): nothing to fold.
        if row.name == client.name {
            return Person::Named;
        }
        let words = |name: &str| -> Vec<String> {
            crate::domain::model::fold(name)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 1)
                .map(str::to_string)
                .collect()
        };
        let (theirs, ours) = (words(&client.name), words(&row.name));
        if ours.iter().any(|w| theirs.contains(w)) {
            return Person::Named;
        }
        let cyrillic = |words: &[String]| {
            words
                .iter()
                .any(|w| w.chars().any(|c| ('а'..='я').contains(&c)))
        };
        // A first name alone (`Ира`, as a phone's address book keeps her)
        // may be anyone's of that name: a name and a surname each.
        let apart = theirs.len() >= 2 && ours.len() >= 2 && cyrillic(&theirs) == cyrillic(&ours);
        match apart && phone::is_landline(phone) {
            true => Person::Another,
            false => Person::Maybe,
        }
    }
}

/// Changes some of a client's fields as a person typed them
/// ([`super::patch_client`]), its phone made E.164 as on adding.
pub fn patch_typed(
    store: &mut Store,
    now: Now,
    id: i64,
    region: Region,
    change: impl FnOnce(&mut NewClient),
) -> Result<Client> {
    super::clients::patch_client(store, now, id, |c| {
        change(c);
        typed_phones(c, region);
    })
}

/// Fills client `id`'s empty fields from `new` (nothing is overwritten):
/// the choice "merge into it" when a client typed by hand is already there.
pub fn fill_in(store: &mut Store, now: Now, id: i64, new: &NewClient) -> Result<Client> {
    super::clients::patch_client(store, now, id, |c| {
        fill(c, new);
    })
}

/// Fills `into`'s empty fields from `from`; whether anything changed.
pub(super) fn fill(into: &mut NewClient, from: &NewClient) -> bool {
    let mut changed = into.add_phones(from.phones());
    let mut take = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() && value.is_some() {
            *slot = value.clone();
            changed = true;
        }
    };
    take(&mut into.company, &from.company);
    take(&mut into.email, &from.email);
    take(&mut into.source, &from.source);
    take(&mut into.notes, &from.notes);
    take(&mut into.tags, &from.tags);
    if into.value.is_none() && from.value.is_some() {
        into.value = from.value.clone();
        into.expected_on = into.expected_on.or(from.expected_on);
        changed = true;
    }
    changed
}

/// A phone or e-mail lookup key (or, for a client with neither, its
/// name's: [`client_keys`]).
pub(in crate::service) type Key = (MatchedBy, String);

/// An import's keys of a client: its phones' and e-mail's; with neither,
/// its name and company (a list of counterparties from 1C, of people and
/// their companies), so that the same list imported again is not doubled.
/// A name with no company is no key: it may be anyone's, or a deal's
/// title ("Renewal") that many clients' deals share.
pub(in crate::service) fn client_keys<'a>(
    phones: impl IntoIterator<Item = &'a str>,
    email: Option<&str>,
    (name, company): (&str, Option<&str>),
    region: Region,
) -> Vec<Key> {
    let by_contacts = keys(phones, email, region);
    match by_contacts.is_empty() {
        true => Vec::from_iter(name_key(name, company)),
        false => by_contacts,
    }
}

/// The key of a client with no phone or e-mail: its name and company,
/// folded; none without a company.
pub(in crate::service) fn name_key(name: &str, company: Option<&str>) -> Option<Key> {
    let fold = crate::domain::model::fold;
    let company = fold(company?);
    (!company.is_empty()).then(|| (MatchedBy::Name, format!("{}\u{1f}{company}", fold(name))))
}

/// The lookup keys of a client's phones and e-mail, the phones' first.
pub(in crate::service) fn keys<'a>(
    phones: impl IntoIterator<Item = &'a str>,
    email: Option<&str>,
    region: Region,
) -> Vec<Key> {
    let phones = phones
        .into_iter()
        .filter_map(|p| phone::key(p, region))
        .map(|k| (MatchedBy::Phone, k));
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .map(|k| (MatchedBy::Email, k));
    phones.chain(email).collect()
}
