//! Fuzzy search over every client: each word of the query must appear in
//! order (not necessarily adjacent) in the folded name/company/phone/email;
//! adjacent letters and word starts score higher.

/// How well `query` (already lower-cased) matches `text`; `None` = no match.
pub fn score(query: &str, text: &str) -> Option<i64> {
    let mut total = 0;
    for word in query.split_whitespace() {
        total += score_word(word, text)?;
    }
    Some(total)
}

fn score_word(word: &str, text: &str) -> Option<i64> {
    if text.contains(word) {
        let at_start = text.match_indices(word).any(|(i, _)| {
            text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        });
        return Some(100 + word.chars().count() as i64 * 10 + if at_start { 50 } else { 0 });
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
    wanted.peek().is_none().then_some(score)
}

/// The best `limit` matches of `query` in `index`, best first.
pub fn best(index: &[(i64, String)], query: &str, limit: usize) -> Vec<i64> {
    Matches::find(index, query, None).best(index, limit)
}

/// Which entries of an index match a query, with their scores. A longer
/// query typed after this one matches only among these (each word of a
/// query must match, and a word matches only if its start does), so a
/// search narrows as it is typed instead of reading the whole index again.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// The query as folded for matching.
    pub query: String,
    /// (score, position in the index) of each match.
    hits: Vec<(i64, u32)>,
}

impl Matches {
    /// The matches of `query` in `index`, looking only among `before`'s
    /// when `query` goes on from its query.
    pub fn find(index: &[(i64, String)], query: &str, before: Option<&Matches>) -> Matches {
        let query = crate::domain::model::search_query(query);
        if query.is_empty() {
            return Matches::default();
        }
        let hits = match before.filter(|b| !b.query.is_empty() && query.starts_with(&b.query)) {
            Some(before) => before
                .hits
                .iter()
                .filter_map(|&(_, i)| score(&query, &index.get(i as usize)?.1).map(|s| (s, i)))
                .collect(),
            None => index
                .iter()
                .enumerate()
                .filter_map(|(i, (_, text))| Some((score(&query, text)?, u32::try_from(i).ok()?)))
                .collect(),
        };
        Matches { query, hits }
    }

    /// The ids of the best `limit`, best first (ties: the lower id): only
    /// those are sorted.
    pub fn best(&self, index: &[(i64, String)], limit: usize) -> Vec<i64> {
        let mut ranked: Vec<(i64, i64)> = self
            .hits
            .iter()
            .filter_map(|&(s, i)| Some((s, index.get(i as usize)?.0)))
            .collect();
        let order = |a: &(i64, i64), b: &(i64, i64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked.into_iter().take(limit).map(|(_, id)| id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Vec<(i64, String)> {
        [
            "иван петров ооо «ромашка» +79991234567",
            "мария соколова ип соколова",
            "john carter carter logistics",
            "пётр иванов",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i64 + 1, t.to_string()))
        .collect()
    }

    #[test]
    fn cyrillic_substrings_and_subsequences_match() {
        assert_eq!(best(&index(), "Ромаш", 10), vec![1]);
        assert_eq!(best(&index(), "рмшк", 10), vec![1]);
        assert_eq!(best(&index(), "соколова", 10), vec![2]);
        assert_eq!(best(&index(), "carter log", 10), vec![3]);
        assert!(best(&index(), "zzz", 10).is_empty());
        assert!(best(&index(), "  ", 10).is_empty());
    }

    #[test]
    fn word_starts_rank_first() {
        // "иван" starts a word in #1 and is inside "иванов" in #4.
        assert_eq!(best(&index(), "иван", 10), vec![1, 4]);
        assert_eq!(best(&index(), "иван", 1), vec![1]);
    }

    #[test]
    fn a_word_after_punctuation_counts_as_a_word_start() {
        let index = vec![
            (1, "роман андреев".to_string()),
            (2, "иван петров ооо «ромашка»".to_string()),
        ];
        assert_eq!(best(&index, "ромашка", 10), vec![2]);
        assert_eq!(best(&index, "рома", 10), vec![1, 2]);
    }

    #[test]
    fn typing_on_narrows_to_the_same_matches_as_searching_afresh() {
        let index = index();
        let mut before: Option<Matches> = None;
        for query in ["и", "ив", "ива", "иван", "иван п", "иван пе", "и"] {
            let narrowed = Matches::find(&index, query, before.as_ref());
            let afresh = Matches::find(&index, query, None);
            assert_eq!(
                narrowed.best(&index, 10),
                afresh.best(&index, 10),
                "{query}"
            );
            assert_eq!(narrowed.best(&index, 1), afresh.best(&index, 1), "{query}");
            before = Some(narrowed);
        }
        assert_eq!(best(&index, "иван п", 10)[0], 1, "word starts first");
    }

    #[test]
    fn phone_digits_are_found() {
        assert_eq!(best(&index(), "1234567", 10), vec![1]);
    }
}
