//! Who is who by phone and e-mail during an import: the base's and the
//! file's clients by their keys (`duplicates::keys`), held as hashes, each
//! hit checked against the client.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::MatchedBy;
use crate::domain::phone::Region;
use crate::domain::{Client, NewClient};
use crate::error::Result;
use crate::service::duplicates::{Key, Weighed, client_keys, keys, name_key};
use crate::store::{Db, WriteDb};

/// Clients by their phone and e-mail keys: their id, and whether this file
/// added them. Only a hash of each key is held (the keys of a 100 000-row
/// import and its base would take tens of megabytes); a hit is a candidate,
/// checked against the client's own keys. A key whose hash another client
/// holds is kept whole beside, with every other client that holds it (an
/// office's phone, shared by the people who work there).
#[derive(Default)]
pub(super) struct Known {
    hashed: FxHashMap<u64, Held>,
    whole: FxHashMap<Key, Vec<Held>>,
}

/// A client a key was noted for: its id and whether this file added it,
/// in one word (a million clients' keys: 16 bytes a slot, not 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held(i64);

impl Held {
    fn new(id: i64, in_file: bool) -> Held {
        Held(id << 1 | i64::from(in_file))
    }

    fn id(self) -> i64 {
        self.0 >> 1
    }

    fn in_file(self) -> bool {
        self.0 & 1 == 1
    }
}

impl Known {
    fn hash(key: &Key) -> u64 {
        FxBuildHasher.hash_one(key)
    }

    /// Notes `key` as client `id`'s (the first client noted for a key is
    /// found first).
    pub(super) fn add(&mut self, key: &Key, id: i64, in_file: bool) {
        let noted = Held::new(id, in_file);
        let held = *self.hashed.entry(Self::hash(key)).or_insert(noted);
        if held.id() != id {
            let others = self.whole.entry(key.clone()).or_default();
            if !others.iter().any(|h| h.id() == id) {
                others.push(noted);
            }
        }
    }

    /// The client one of `row_keys` belongs to: how it was found, its id,
    /// whether this file added it, the client. A hash met by chance is no
    /// match: the client's own keys must hold the key. Of the clients that
    /// share a phone, one the row names is the match, else the first that
    /// is not plainly another person on an office's line ([`Person`]);
    /// when each of them is, the first is given as `SharesPhone`.
    pub(super) fn find(
        &self,
        db: &WriteDb,
        (row_keys, row): (&[Key], &NewClient),
        region: Region,
    ) -> Result<Found> {
        let mut weighed = Weighed::default();
        for key in row_keys {
            for (id, in_file) in self.candidates(key) {
                let client = db.client(id)?;
                let named = (client.name.as_str(), client.company.as_deref());
                let own = client_keys(client.phones(), client.email.as_deref(), named, region);
                if own.contains(key) {
                    let keep = |c| (id, in_file, Box::new(c));
                    if weighed.weigh((key, row), client, keep) {
                        break;
                    }
                }
            }
            if let Some((id, in_file, client)) = weighed.likeliest() {
                return Ok(Found::Client(key.0, id, in_file, client));
            }
        }
        Ok(match weighed.another {
            Some((id, _, client)) => Found::SharesPhone(id, client.name),
            None => Found::Nobody,
        })
    }

    /// The clients that may hold `key`, the likeliest first.
    fn candidates(&self, key: &Key) -> impl Iterator<Item = (i64, bool)> {
        let whole = (!self.whole.is_empty())
            .then(|| self.whole.get(key))
            .flatten()
            .into_iter()
            .flatten()
            .copied();
        self.hashed
            .get(&Self::hash(key))
            .copied()
            .into_iter()
            .chain(whole)
            .map(|held| (held.id(), held.in_file()))
    }
}

/// Who a row is, by its keys.
pub(super) enum Found {
    /// A client it repeats: how it was found, its id, whether this file
    /// added it, the client.
    Client(MatchedBy, i64, bool, Box<Client>),
    /// None; but its phone is that of client `id` (its name), another
    /// person.
    SharesPhone(i64, String),
    Nobody,
}

/// Who is already in the base, by phone and by e-mail, or by name and
/// company when it has neither (read a client at a time: at a million
/// clients their keys alone, not a copy of every phone and address
/// besides); how many clients.
pub(super) fn known_contacts(db: &Db, region: Region) -> Result<(Known, usize)> {
    // Sized for one key per client from the start (their kept count):
    // a map that grows holds its old slots and twice as many new ones at
    // once.
    let clients = usize::try_from(db.count_clients(None, None)?).unwrap_or_default();
    let mut known = Known {
        hashed: FxHashMap::with_capacity_and_hasher(clients, FxBuildHasher),
        whole: FxHashMap::default(),
    };
    // Clients with no phone or e-mail are found by their name and
    // company, read after (few, as a rule: not every client's name read).
    let mut contactless = Vec::new();
    let base = db.each_contact_key(|id, phone, others, email| {
        let phones = crate::domain::model::phones_of(phone, others);
        let found_by = keys(phones, email, region);
        if found_by.is_empty() {
            contactless.push(id);
        }
        for key in found_by {
            known.add(&key, id, false);
        }
    })?;
    for id in contactless {
        let client = db.client(id)?;
        if let Some(key) = name_key(&client.name, client.company.as_deref()) {
            known.add(&key, id, false);
        }
    }
    Ok((known, base))
}

#[cfg(test)]
mod tests {
    use super::Held;

    #[test]
    fn a_held_client_gives_back_its_id_and_whether_the_file_added_it() {
        for id in [1, 2, 89_701, 1_000_000, i64::MAX >> 2] {
            for in_file in [false, true] {
                let held = Held::new(id, in_file);
                assert_eq!((held.id(), held.in_file()), (id, in_file));
            }
        }
        assert_ne!(Held::new(7, false), Held::new(7, true));
    }
}
