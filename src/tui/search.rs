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
    let query = crate::domain::model::search_query(query);
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(i64, i64)> = index
        .iter()
        .filter_map(|(id, text)| score(&query, text).map(|s| (s, *id)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().take(limit).map(|(_, id)| id).collect()
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
    fn phone_digits_are_found() {
        assert_eq!(best(&index(), "1234567", 10), vec![1]);
    }
}
