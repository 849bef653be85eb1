//! Value parsers of our own: a refusal is a [`Hint`], what to use, said
//! after the value in the person's language.

use crate::cli::usage::Hint;
use crate::i18n::Lang;

/// `--lang` / `KONVEYER_LANG`: a language konveyer speaks (a usage error
/// otherwise, never a silent fall-back to English).
pub(super) fn language(value: &str) -> Result<String, Hint> {
    match Lang::parse(value) {
        Some(_) => Ok(value.to_string()),
        None => Err(Hint("en, ru")),
    }
}

/// `forecast --weeks`: from one week to ten years.
pub(super) fn weeks(value: &str) -> Result<u32, Hint> {
    value
        .trim()
        .parse()
        .ok()
        .filter(|n| (1..=520).contains(n))
        .ok_or(Hint("1…520"))
}
