//! Fuzzy search over every client: each word of the query must appear in
//! order (not necessarily adjacent) in the folded name/company/phone/email;
//! adjacent letters and word starts score higher.

use std::time::{Duration, Instant};

use crate::domain::Client;
use crate::error::Result;
use crate::store::{Db, Store};

/// The clients that best match `query` in their name, company, phones or
/// e-mail, best first, at most `limit`: the board's search read to its
/// end (`konveyer find`) — those that hold every word whole, when any
/// do; the letter-by-letter matches only when none does (a list typed
/// into, as the board's, shows both as they come).
pub fn find(store: &Store, query: &str, limit: usize) -> Result<Vec<Client>> {
    let db = store.read();
    let mut finder = Finder::new(query, limit);
    while !finder.done() {
        finder.go_on(&db, Duration::MAX)?;
    }
    let whole: Vec<i64> = finder.best.iter().filter(|m| m.2).map(|m| m.1).collect();
    match whole.is_empty() {
        true => db.clients_by_id(&finder.ids()),
        false => db.clients_by_id(&whole),
    }
}

/// How well `query` (already lower-cased) matches `text`, and whether
/// `text` holds every word whole (not only letter by letter); `None` = no
/// match.
fn score(query: &str, text: &str) -> Option<(i64, bool)> {
    let (mut total, mut whole) = (0, true);
    for word in query.split_whitespace() {
        let (score, held) = score_word(word, text)?;
        total += score;
        whole &= held;
    }
    Some((total, whole))
}

/// Digits alone: a phone number or a part of one, looked up as a person
/// looks up who is calling — the digits in a row, never scattered.
fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// A word's score in `text`, and whether `text` holds it whole.
fn score_word(word: &str, text: &str) -> Option<(i64, bool)> {
    if text.contains(word) {
        let at_start = text.match_indices(word).any(|(i, _)| {
            text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        });
        let score = 100 + word.chars().count() as i64 * 10 + if at_start { 50 } else { 0 };
        return Some((score, true));
    }
    if is_number(word) {
        return None;
    }
    let mut score = 0;
    let mut wanted = word.chars().peekable();
    let mut prev_matched = false;
    let mut prev_char = ' ';
    for c in text.chars() {
        match wanted.peek() {
            None => break,
            Some(&w) if w == c => {
                score += if prev_matched { 8 } else { 2 };
                if !prev_char.is_alphanumeric() {
                    score += 6;
                }
                prev_matched = true;
                wanted.next();
            }
            Some(_) => {
                prev_matched = false;
            }
        }
        prev_char = c;
    }
    wanted.peek().is_none().then_some((score, false))
}

/// A word matched as a substring, at a word start: the best a word scores.
fn word_top(word: &str) -> i64 {
    150 + word.chars().count() as i64 * 10
}

/// The most a word matched only letter by letter (not as a substring) can
/// score: 8 for its first letter, 14 for each next one.
fn scattered_top(word: &str) -> i64 {
    word.chars().count() as i64 * 14
}

/// How many clients are read at a time: few at first, as the list is
/// often full after a few dozen, then more, up to [`CHUNK`].
const FIRST_CHUNK: usize = 32;
const CHUNK: usize = 1024;

/// Where a search reads its candidates from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Among {
    /// The clients whose text holds every trigram of the query's words of
    /// three letters or more: a superset of those that hold every such word
    /// whole, read from the search index.
    Trigrams,
    /// Every client, by id.
    Everyone,
}

/// A search under way: it reads clients in id order, a chunk at a time, so
/// a keystroke costs a bounded time at any size of base and a long search
/// goes on between keystrokes. Clients come in id order and equal scores
/// rank the lower id first, so it stops as soon as `limit` clients have
/// the best score a client can have. The best matches are the clients that
/// hold every word whole (they outscore any other while words are shorter
/// than 38 letters); the index finds those, and only when they are too few
/// to fill the list are all clients read for the letter-by-letter ones.
#[derive(Debug, Clone, Default)]
pub struct Finder {
    /// The query as folded for matching.
    query: String,
    /// The words of three letters or more: a client in the first pass
    /// holds each of them (the store's index finds those).
    words: Vec<String>,
    /// Where the candidates come from now; `None`: done.
    among: Option<Among>,
    /// The last id read.
    after: i64,
    /// How many clients the next read asks for.
    chunk: usize,
    /// The best matches so far, (score, id, whether its text holds every
    /// word whole), best first.
    best: Vec<(i64, i64, bool)>,
    limit: usize,
    /// The best score a client can have: every word whole, at a word start.
    top: i64,
    /// The best score a client that holds some word only letter by letter
    /// can have.
    scattered: i64,
    /// Every word is a number the index finds whole: nobody else can match.
    indexed_only: bool,
}

impl Finder {
    /// A search for `query` that keeps the best `limit` clients.
    pub fn new(query: &str, limit: usize) -> Finder {
        let query = crate::domain::model::search_query(query);
        let words: Vec<String> = query
            .split_whitespace()
            .filter(|word| word.chars().count() >= 3)
            .map(str::to_string)
            .collect();
        let among = if query.is_empty() || limit == 0 {
            None
        } else if words.is_empty() {
            Some(Among::Everyone)
        } else {
            Some(Among::Trigrams)
        };
        let top = query.split_whitespace().map(word_top).sum::<i64>();
        let scattered = query
            .split_whitespace()
            .map(|w| top - word_top(w) + scattered_top(w))
            .max()
            .unwrap_or(i64::MIN);
        let indexed_only = query
            .split_whitespace()
            .all(|w| is_number(w) && w.chars().count() >= 3);
        Finder {
            query,
            words,
            indexed_only,
            among,
            after: 0,
            chunk: FIRST_CHUNK,
            best: Vec::with_capacity(limit + 1),
            limit,
            top,
            scattered,
        }
    }

    /// Whether every client that could rank has been read.
    pub fn done(&self) -> bool {
        self.among.is_none()
    }

    /// The ids of the best matches so far, best first.
    pub fn ids(&self) -> Vec<i64> {
        self.best.iter().map(|&(_, id, _)| id).collect()
    }

    /// Reads on until done or `budget` has passed (at least one chunk).
    pub fn go_on(&mut self, db: &Db, budget: Duration) -> Result<()> {
        let started = Instant::now();
        while let Some(among) = self.among {
            let words = (among == Among::Trigrams).then_some(self.words.as_slice());
            let asked = self.chunk;
            let chunk = db.search_texts(words, self.after, asked)?;
            for (id, text) in &chunk {
                if let Some((score, whole)) = score(&self.query, text) {
                    self.rank((score, *id, whole));
                }
            }
            self.after = chunk.last().map_or(self.after, |&(id, _)| id);
            self.chunk = (asked * 4).min(CHUNK);
            self.among = self.next_among(among, chunk.len() < asked);
            if self.among != Some(among) {
                // A new pass reads from the first client again.
                self.after = 0;
                self.chunk = FIRST_CHUNK;
            }
            if started.elapsed() >= budget {
                break;
            }
        }
        Ok(())
    }

    /// Puts a match in its place among the best, if it has one there.
    fn rank(&mut self, found: (i64, i64, bool)) {
        let (score, id, _) = found;
        if self.best.iter().any(|&(_, known, _)| known == id) {
            return;
        }
        // Best first; of equal scores, the lower id.
        let at = self
            .best
            .partition_point(|&(s, known, _)| s > score || (s == score && known < id));
        if at < self.limit {
            self.best.insert(at, found);
            self.best.truncate(self.limit);
        }
    }

    /// Where to read next after a chunk from `among` (`ended`: the last).
    fn next_among(&self, among: Among, ended: bool) -> Option<Among> {
        let full = self.best.len() == self.limit;
        let worst = self.best.last().map_or(i64::MIN, |&(s, _, _)| s);
        match (among, ended) {
            _ if full && worst == self.top => None,
            (_, false) => Some(among),
            (Among::Everyone, true) => None,
            (Among::Trigrams, true) if full && worst > self.scattered => None,
            (Among::Trigrams, true) if self.indexed_only => None,
            (Among::Trigrams, true) => Some(Among::Everyone),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{NewClient, Stage};
    use crate::store::Store;

    /// A base in memory with clients of these names (ids from 1).
    fn base(names: &[&str]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        store
            .write(|db| {
                for name in names {
                    let (name, phone) = match name.split_once('+') {
                        Some((name, phone)) => (name.trim(), Some(format!("+{phone}"))),
                        None => (*name, None),
                    };
                    let (name, company) = match name.split_once(" ооо ") {
                        Some((name, company)) => (name, Some(format!("ООО {company}"))),
                        None => (name, None),
                    };
                    let client = NewClient {
                        name: name.to_string(),
                        company,
                        phone,
                        ..NewClient::default()
                    };
                    db.insert_client(&client, Stage::Telemarketer, at)?;
                }
                Ok(())
            })
            .unwrap();
        store
    }

    /// The search run to its end.
    fn best(store: &Store, query: &str, limit: usize) -> Vec<i64> {
        let mut finder = Finder::new(query, limit);
        while !finder.done() {
            finder.go_on(&store.read(), Duration::ZERO).unwrap();
        }
        finder.ids()
    }

    fn people() -> Store {
        base(&[
            "Иван Петров ооо «Ромашка» +79991234567",
            "Мария Соколова",
            "John Carter",
            "Пётр Иванов",
        ])
    }

    #[test]
    fn cyrillic_substrings_and_subsequences_match() {
        let store = people();
        assert_eq!(best(&store, "Ромаш", 10), vec![1]);
        assert_eq!(best(&store, "рмшк", 10), vec![1]);
        assert_eq!(best(&store, "соколова", 10), vec![2]);
        assert_eq!(best(&store, "carter jo", 10), vec![3]);
        assert_eq!(best(&store, "петр", 10), vec![1, 4], "ё is found as е");
        assert!(best(&store, "zzz", 10).is_empty());
        assert!(best(&store, "  ", 10).is_empty());
    }

    #[test]
    fn word_starts_rank_first() {
        // "иван" starts a word in #1 and is inside "иванов" in #4.
        let store = people();
        assert_eq!(best(&store, "иван", 10), vec![1, 4]);
        assert_eq!(best(&store, "иван", 1), vec![1]);
    }

    #[test]
    fn a_word_after_punctuation_counts_as_a_word_start() {
        let store = base(&["Роман Андреев", "Иван Петров ооо «Ромашка»"]);
        assert_eq!(best(&store, "ромашка", 10), vec![2]);
        assert_eq!(best(&store, "рома", 10), vec![1, 2]);
    }

    #[test]
    fn a_number_is_found_by_its_digits_in_a_row_never_scattered() {
        // Both numbers hold 9, 1, 9, 3, 8, 7 in this order; only the first
        // holds them in a row (the end of the number, as a caller reads it).
        let store = base(&[
            "Кузнецов +7 928 991-93-87",
            "Петров +7 901 234-95-38",
            "Сидоров +7 495 111-22-33",
        ]);
        assert_eq!(best(&store, "919387", 10), vec![1]);
        assert_eq!(best(&store, "93-87", 10), vec![1]);
        assert_eq!(best(&store, "8 928 991 93 87", 10), vec![1]);
        assert_eq!(best(&store, "111 22", 10), vec![3]);
        assert_eq!(best(&store, "55555", 10), Vec::<i64>::new());
        // Letters still match scattered: "кзн" in Кузнецов.
        assert_eq!(best(&store, "кзнц", 10), vec![1]);
    }

    #[test]
    fn phone_digits_are_found() {
        let store = people();
        assert_eq!(best(&store, "1234567", 10), vec![1]);
        assert_eq!(best(&store, "8 999 123-45-67", 10), vec![1]);
    }

    #[test]
    fn the_index_follows_changes_and_a_search_goes_on_in_steps() {
        let mut store = people();
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        store
            .write(|db| {
                let mut changed = NewClient::from_client(&db.client(2)?);
                changed.name = "Мария Ромашкина".into();
                db.update_client(2, &changed, at)
            })
            .unwrap();
        store.write(|db| db.delete_client(1)).unwrap();
        assert_eq!(best(&store, "ромаш", 10), vec![2]);
        // One chunk at a time, each larger up to a limit: a search among
        // more clients than the first chunks is not over after them.
        let names: Vec<String> = (0..CHUNK * 2).map(|i| format!("Клиент {i}")).collect();
        let store = base(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let mut finder = Finder::new("zq", 5);
        let mut steps = 0;
        while !finder.done() {
            finder.go_on(&store.read(), Duration::ZERO).unwrap();
            steps += 1;
        }
        // 32 + 128 + 512 + 1024 + 1024 clients read, the last read short.
        assert_eq!(steps, 5);
        assert!(finder.ids().is_empty());
    }

    /// Every client scored, sorted: what the search must give.
    fn brute_force(names: &[String], query: &str, limit: usize) -> Vec<i64> {
        let query = crate::domain::model::search_query(query);
        if query.is_empty() {
            return Vec::new();
        }
        let mut all: Vec<(i64, i64)> = names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let text = crate::domain::model::search_text(name, None, &[], None);
                Some((score(&query, &text)?.0, i as i64 + 1))
            })
            .collect();
        all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        all.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The search stops early and skips clients the index rules out,
        /// and still finds exactly what scoring every client finds.
        #[test]
        fn the_search_finds_what_scoring_everyone_finds(
            names in prop::collection::vec("[абвг ]{1,12}", 1..60),
            query in "[абвг ]{1,7}",
            limit in 1usize..6,
        ) {
            let store = base(&names.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(best(&store, &query, limit), brute_force(&names, &query, limit));
        }
    }
}
