//! A person's marks, as the team screen and `user list` show them.

use super::{Lang, tr};

/// A person's marks in brackets after a space — head of sales, away — or
/// nothing.
pub fn user_marks(lang: Lang, head: bool, absent: bool) -> String {
    let marks: Vec<String> = [(head, "user-head"), (absent, "user-away")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, key)| tr(lang, key))
        .collect();
    match marks.is_empty() {
        true => String::new(),
        false => format!(" ({})", marks.join(", ")),
    }
}
