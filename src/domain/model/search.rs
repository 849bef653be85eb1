//! What the search looks in and for: a client's folded text (the phone
//! as digits too), and a query folded alike.

/// Folds text for search: lower case, and ё read as е (Й stays Й).
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

/// The digits of a phone as the search indexes them: all of them, and for
/// a Russian number also its spelling with the trunk prefix 8
/// (`+7 984 876-12-90` is found by `79848761290` and `89848761290`).
fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('7') {
        Some(rest) if digits.len() == 11 => format!("{digits} 8{rest}"),
        _ => digits,
    }
}

/// A query that is a phone number or a part of one (digits and separators
/// only, three digits at least) becomes its digits; anything else is
/// folded like the text it is looked for in.
pub fn search_query(query: &str) -> String {
    let query = query.trim();
    let phone_like = query
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'));
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    if phone_like && digits.len() >= 3 {
        digits
    } else {
        fold(query)
    }
}

/// The folded text the search looks in: name, company, the phones (also
/// as bare digits), email.
pub fn search_text(
    name: &str,
    company: Option<&str>,
    phones: &[&str],
    email: Option<&str>,
) -> String {
    let mut text = [Some(name), company]
        .into_iter()
        .flatten()
        .chain(phones.iter().copied())
        .chain(email)
        .collect::<Vec<_>>()
        .join(" ");
    for phone in phones {
        text.push(' ');
        text.push_str(&phone_digits(phone));
    }
    fold(&text)
}
