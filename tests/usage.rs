//! End-to-end: the command line's own words — its help, and a usage
//! error as one line with exit code 2 — in the person's language.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

/// A usage error exits 2 with one line in the person's language: what
/// was wrong, and where the help of the command typed is.
#[test]
fn usage_errors_exit_2_with_one_line_in_the_persons_language() {
    let k = Env::new();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["move", "1"], "missing <STAGE>", "не хватает: <STAGE>"),
        (
            &["frobnicate"],
            "unknown command 'frobnicate'",
            "нет команды «frobnicate»",
        ),
        (
            &["shwo", "1"],
            "did you mean 'show'?",
            "может быть, «show»?",
        ),
        (
            &["show", "x"],
            "'x' is not a whole number",
            "«x» — не целое число",
        ),
        (
            &["list", "--status", "gone"],
            "use active, lost, all",
            "можно active, lost, all",
        ),
        (
            &["forecast", "--weeks", "0"],
            "'0' is not a value of --weeks <WEEKS>: use 1…520",
            "нужно 1…520",
        ),
        (
            &["report", "--week", "2026-W48", "--month", "2026-11"],
            "--week <WEEK> cannot be used with --month <MONTH>",
            "нельзя вместе с --month <MONTH>",
        ),
        (
            &["list", "--json", "--json"],
            "given more than once",
            "больше одного раза",
        ),
        (&["user", "add"], "missing", "не хватает"),
        (
            &["add", "Bob", "--phon", "1"],
            "unexpected argument '--phon'",
            "лишний аргумент «--phon»",
        ),
    ];
    for (args, en, ru) in cases {
        for (lang, expected) in [("en", en), ("ru", ru)] {
            let out = k
                .cmd(args)
                .env("KONVEYER_LANG", lang)
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.starts_with("konveyer: "), "{args:?}: {err}");
            assert!(err.contains(expected), "{lang} {args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        }
    }
    // The help of the command that was typed.
    let err = k.fails(&["user", "add", "--nope"], 2);
    assert!(err.ends_with("`konveyer user add --help`\n"), "{err}");
    let err = k.fails(&["--nope"], 2);
    assert!(err.ends_with("`konveyer --help`\n"), "{err}");
    assert!(!k.db.exists(), "nothing written");
}

/// The help speaks the person's language, clap's own words included.
#[test]
fn help_is_in_the_persons_language() {
    let k = Env::new();
    let help = |lang: &str, args: &[&str]| {
        let out = k
            .cmd(args)
            .env("KONVEYER_LANG", lang)
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ru = help("ru", &["export", "--help"]);
    for words in [
        "Использование: konveyer export",
        "Параметры:",
        "[можно: csv, json, ics]",
        "[по умолчанию: ,]",
        "[переменная: KONVEYER_DB]",
        "Показать справку",
    ] {
        assert!(ru.contains(words), "{words}: {ru}");
    }
    for english in [
        "Usage",
        "Options",
        "Print",
        "default:",
        "possible values",
        "env:",
    ] {
        assert!(!ru.contains(english), "{english}: {ru}");
    }
    let en = help("en", &["export", "--help"]);
    assert!(
        en.contains("Usage: konveyer export") && en.contains("[possible values: csv, json, ics]")
    );
    let ru = help("ru", &["user", "--help"]);
    assert!(
        ru.contains("Команды:") && ru.contains("Показать эту справку"),
        "{ru}"
    );
    let ru = help("ru", &["move", "--help"]);
    assert!(ru.contains("Аргументы:"), "{ru}");
}

#[test]
fn an_unknown_language_is_said_not_guessed() {
    let k = Env::new();
    k.ok(&["add", "Anna"]);
    let out = k.cmd(&["--lang", "xx", "list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use en, ru"));
    std::fs::write(k.dir().join("config.toml"), "lang = \"xx\"\n").expect("write");
    assert!(k.fails(&["list"], 1).contains("use en or ru"));
}
