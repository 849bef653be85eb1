//! The interface's texts live in `assets/locales/<lang>/konveyer.ftl`
//! (Project Fluent), embedded in the binary and loaded once per language.
//! A missing message shows its id, never panics; a test checks that every
//! message exists in every language with the same arguments.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::Lang;

/// The Fluent sources, one per language, in `Lang` order.
pub const SOURCES: [(Lang, &str, &str); 2] = [
    (
        Lang::En,
        "en",
        include_str!("../../assets/locales/en/konveyer.ftl"),
    ),
    (
        Lang::Ru,
        "ru",
        include_str!("../../assets/locales/ru/konveyer.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

fn build(code: &str, source: &str) -> Bundle {
    let id: LanguageIdentifier = code.parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Terminals show Unicode isolation marks as junk: no isolation.
    bundle.set_use_isolating(false);
    // A broken line keeps the rest of the file usable; the tests catch it.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = lang as usize;
    BUNDLES[i].get_or_init(|| {
        let (_, code, source) = SOURCES[i];
        build(code, source)
    })
}

/// Whether `id` is a message of `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// Message `id` with `args`, in `lang`.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Message `id` without arguments, in `lang`.
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// A fixed text for the `&'static str` tables: formatted once per
/// language and kept for the life of the program.
pub fn leak(lang: Lang, id: &str) -> &'static str {
    Box::leak(tr(lang, id).into_boxed_str())
}

/// A fixed message (no arguments) as a `&'static str`: formatted once per
/// language and id, then kept.
pub fn fixed(lang: Lang, id: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: OnceLock<Mutex<HashMap<(Lang, String), &'static str>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let Ok(mut cache) = cache.lock() else {
        return leak(lang, id);
    };
    cache
        .entry((lang, id.to_string()))
        .or_insert_with(|| leak(lang, id))
}

/// `args![who = name, n = 3]`: the arguments of a message.
#[macro_export]
macro_rules! args {
    ($($name:ident = $value:expr),* $(,)?) => {
        &[$((stringify!($name), fluent_bundle::FluentValue::from($value))),*]
    };
}

/// A table of fixed texts read from the Fluent files: field `no_reminders`
/// of table `board` is message `board-no-reminders`.
#[macro_export]
macro_rules! fixed_texts {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $loader:ident, [$($field:ident),* $(,)?]) => {
        $(#[$meta])*
        pub struct $name {
            $(pub $field: &'static str,)*
        }

        /// The table in `lang`, read once.
        pub fn $loader(lang: $crate::i18n::Lang) -> &'static $name {
            static TABLES: [std::sync::OnceLock<$name>; 2] =
                [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
            TABLES[lang as usize].get_or_init(|| $name {
                $($field: $crate::i18n::fluent::leak(
                    lang,
                    &format!("{}-{}", $prefix, stringify!($field).replace('_', "-")),
                ),)*
            })
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use fluent_syntax::ast;
    use fluent_syntax::parser;

    use super::*;

    /// Every message id of a source with the sorted names of the
    /// variables it uses (`$name`) and the messages it refers to.
    fn shape(source: &str) -> BTreeMap<String, Vec<String>> {
        let resource = parser::parse(source).unwrap_or_else(|(_, errors)| {
            panic!("the Fluent file does not parse: {errors:?}");
        });
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = Vec::new();
                if let Some(p) = &m.value {
                    collect(p, &mut vars);
                }
                vars.sort();
                vars.dedup();
                out.insert(m.id.name.to_string(), vars);
            }
        }
        out
    }

    fn collect(pattern: &ast::Pattern<&str>, vars: &mut Vec<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, vars: &mut Vec<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    collect(&v.value, vars);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, vars),
        }
    }

    fn inline_vars(e: &ast::InlineExpression<&str>, vars: &mut Vec<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => vars.push(format!("${}", id.name)),
            ast::InlineExpression::MessageReference { id, .. } => vars.push(id.name.to_string()),
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            _ => {}
        }
    }

    #[test]
    fn every_message_exists_in_every_language_with_the_same_arguments() {
        let (_, _, english) = SOURCES[0];
        let english = shape(english);
        assert!(english.len() > 250, "the English file is nearly empty");
        for (_, code, source) in &SOURCES[1..] {
            let other = shape(source);
            for (id, vars) in &english {
                let theirs = other.get(id);
                assert!(theirs.is_some(), "{code} lacks {id}");
                // A message may drop a plural selector's own variable only
                // when it uses it elsewhere; compare the sets.
                assert_eq!(theirs, Some(vars), "{code}: {id} takes other arguments");
            }
            for id in other.keys() {
                assert!(english.contains_key(id), "{code} has an extra message {id}");
            }
        }
    }

    #[test]
    fn russian_plurals_follow_the_number() {
        let days = |n: i64| tr_args(Lang::Ru, "days", crate::args![n = n]);
        assert_eq!(
            [
                days(1),
                days(2),
                days(5),
                days(11),
                days(21),
                days(22),
                days(112)
            ],
            [
                "1 день",
                "2 дня",
                "5 дней",
                "11 дней",
                "21 день",
                "22 дня",
                "112 дней"
            ]
        );
        let en = |n: i64| tr_args(Lang::En, "days", crate::args![n = n]);
        assert_eq!([en(1), en(3)], ["1 day", "3 days"]);
    }

    /// A rotation's first line: its count and its span of days agree in
    /// number in Russian; none is said as none.
    #[test]
    fn a_rotation_says_its_count_and_days_in_the_right_form() {
        for (lang, count, days, said) in [
            (
                Lang::Ru,
                0,
                60,
                "нет клиентов фермера без оплаты 60 дней: никто не передан",
            ),
            (
                Lang::Ru,
                1,
                61,
                "передан 1 клиент фермера без оплаты 61 день:",
            ),
            (
                Lang::Ru,
                2,
                62,
                "переданы 2 клиента фермера без оплаты 62 дня:",
            ),
            (
                Lang::Ru,
                5,
                90,
                "переданы 5 клиентов фермера без оплаты 90 дней:",
            ),
            (
                Lang::Ru,
                21,
                21,
                "передан 21 клиент фермера без оплаты 21 день:",
            ),
            (
                Lang::En,
                0,
                60,
                "no farmer client has gone 60 days without a payment: none rotated",
            ),
            (
                Lang::En,
                1,
                60,
                "rotated 1 farmer client with no payment for 60 days:",
            ),
            (
                Lang::En,
                3,
                60,
                "rotated 3 farmer clients with no payment for 60 days:",
            ),
        ] {
            let args = crate::args![count = count, n = days];
            assert_eq!(tr_args(lang, "rotate-done", args), said);
        }
    }

    /// What an export wrote, and the done reminders `show` leaves out:
    /// their words agree with their number.
    #[test]
    fn counted_words_agree_with_their_number() {
        let what = |lang, id: &str, count: i64| {
            let what = tr_args(lang, id, crate::args![count = count]);
            tr_args(
                lang,
                "exported",
                crate::args![count = count, what = what, path = "x.csv"],
            )
        };
        assert_eq!(
            [
                what(Lang::En, "exported-clients", 1),
                what(Lang::En, "exported-rows", 2),
                what(Lang::Ru, "exported-clients", 1),
                what(Lang::Ru, "exported-reminders", 3),
                what(Lang::Ru, "exported-rows", 11),
            ],
            [
                "exported 1 client to x.csv",
                "exported 2 rows to x.csv",
                "выгружено в x.csv: 1 клиент",
                "выгружено в x.csv: 3 напоминания",
                "выгружено в x.csv: 11 строк",
            ]
        );
        let done = |n: i64| tr_args(Lang::Ru, "text-done-more", crate::args![n = n]);
        assert!(
            done(1).starts_with("… и ещё 1 закрытое раньше"),
            "{}",
            done(1)
        );
        assert!(
            done(5).starts_with("… и ещё 5 закрытых раньше"),
            "{}",
            done(5)
        );
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        assert_eq!(tr(Lang::En, "no-such-message"), "no-such-message");
    }
}
