//! The team database's refusals in the reader's language: konveyer's own
//! checks on the server and PostgreSQL's grants and row-level policies
//! word them in English; each is read back by its pattern and said from
//! `assets/locales`. Words no pattern knows are shown as the server said
//! them.

use fluent_bundle::FluentValue;

use super::{Lang, stage_word, tr_args};
use crate::domain::Stage;

/// What the server says (`{}` a value), the message that says it, and
/// the names of its values in that message.
const SAID: &[(&str, &str, &[&str])] = &[
    ("card {} is {}'s", "server-card-owner", &["id", "owner"]),
    (
        "{} does not work the {} station",
        "server-not-station",
        &["login", "stage"],
    ),
    ("{} is not a login", "server-not-login", &["login"]),
    (
        "the role {} exists on the server already and keeps its own password; \
         add them with --no-password",
        "server-role-exists",
        &["login"],
    ),
    (
        "only the head of sales adds people",
        "server-head-adds",
        &[],
    ),
    (
        "only the head of sales turns people off and on",
        "server-head-switches",
        &[],
    ),
    (
        "the head of sales cannot turn themselves off",
        "server-head-self",
        &[],
    ),
    (
        "only the head of sales sets another person's password",
        "server-head-password",
        &[],
    ),
    (
        "only the head of sales sets another person's plan",
        "server-head-plan",
        &[],
    ),
    (
        "{} is not a person of this team",
        "server-not-person",
        &["login"],
    ),
    (
        "the role {} was not made by this team and keeps its own password \
         (they set it themselves, or the server's admin does)",
        "server-role-foreign",
        &["login"],
    ),
    (
        "new row violates row-level security policy for table \"{}\"",
        "server-policy",
        &["table"],
    ),
    (
        "permission denied for table {}",
        "server-denied",
        &["table"],
    ),
];

/// The server's words `said`, in `lang`.
pub fn server_words(lang: Lang, said: &str) -> String {
    for (pattern, message, names) in SAID {
        let Some(values) = values_in(pattern, said) else {
            continue;
        };
        let args: Vec<(&str, FluentValue)> = names
            .iter()
            .zip(values)
            .map(|(&name, value)| match (name, Stage::from_key(value)) {
                ("stage", Some(stage)) => (name, stage_word(lang, stage).into()),
                _ => (name, value.to_string().into()),
            })
            .collect();
        return tr_args(lang, message, &args);
    }
    said.to_string()
}

/// The values of `text` where `pattern` has `{}`, if it is the pattern's.
fn values_in<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut pieces = pattern.split("{}");
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let mut values = Vec::new();
    let mut pieces = pieces.peekable();
    while let Some(piece) = pieces.next() {
        let end = match pieces.peek() {
            Some(_) => rest.find(piece)?,
            None => rest.strip_suffix(piece)?.len(),
        };
        values.push(&rest[..end]);
        rest = &rest[end + piece.len()..];
    }
    (rest.is_empty() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::{Lang, SAID, server_words, values_in};

    #[test]
    fn the_servers_words_are_read_by_their_patterns() {
        assert_eq!(
            values_in("card {} is {}'s", "card 12 is vera's"),
            Some(vec!["12", "vera"])
        );
        assert_eq!(values_in("card {} is {}'s", "card  is vera's"), None);
        assert_eq!(values_in("only x", "only x"), Some(vec![]));
        assert_eq!(values_in("only x", "only xy"), None);
        assert_eq!(
            server_words(Lang::Ru, "card 12 is vera's"),
            "карточка №12 — пользователя vera"
        );
        assert_eq!(
            server_words(Lang::Ru, "boris does not work the farmer station"),
            "boris не работает на участке «фермер»"
        );
        assert_eq!(server_words(Lang::Ru, "something else"), "something else");
    }

    /// In English each reads as the server said it; in Russian none does.
    #[test]
    fn every_refusal_is_said_in_both_languages() {
        for (pattern, ..) in SAID {
            let said = pattern.replace("{}", "vera");
            assert_eq!(server_words(Lang::En, &said), said, "{pattern}");
            assert_ne!(server_words(Lang::Ru, &said), said, "{pattern}");
        }
    }
}
