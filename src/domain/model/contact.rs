//! A client's numbers and address as text: whether one reads as a phone
//! or an e-mail, and a client's other numbers as one field.

/// The numbers of an `other_phones` text, each trimmed (`,` or `;` between
/// them, as a person types a list).
pub fn other_phones(text: Option<&str>) -> impl Iterator<Item = &str> {
    text.unwrap_or_default()
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// A field that holds one number or several (`+7 916 …, +7 812 …`), as a
/// person types them: the number to dial, and the others — then `more`,
/// the others given apart.
pub fn first_and_others(numbers: &str, more: Option<&str>) -> (Option<String>, Option<String>) {
    let mut all = other_phones(Some(numbers));
    let first = all.next().map(str::to_string);
    (first, join_phones(all.chain(other_phones(more))))
}

/// A number to dial and the other numbers, as one list.
pub fn phones_of<'a>(
    phone: Option<&'a str>,
    others: Option<&'a str>,
) -> impl Iterator<Item = &'a str> {
    phone.into_iter().chain(other_phones(others))
}

/// Numbers as an `other_phones` text: each once, `, ` between them;
/// none for none.
pub fn join_phones<S: AsRef<str>>(phones: impl IntoIterator<Item = S>) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for p in phones {
        let p = p.as_ref().trim();
        if !p.is_empty() && !seen.iter().any(|s| s == p) {
            seen.push(p.to_string());
        }
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

/// Digits with the usual separators (spaces, dashes, dots, brackets, a
/// slash), an optional leading `+`, and between 5 and 20 digits.
pub fn looks_like_phone(p: &str) -> bool {
    let body = p.strip_prefix('+').unwrap_or(p);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
        && (5..=20).contains(&digits)
}

/// Whether `e` reads as one e-mail address: one `@`, something before it,
/// a dotted domain after it, no spaces or list separators.
pub fn looks_like_email(e: &str) -> bool {
    // Two addresses in one (`a@x.ru, b@y.ru`), or a name with one, are not one.
    if e.chars()
        .any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>'))
    {
        return false;
    }
    match e.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}
