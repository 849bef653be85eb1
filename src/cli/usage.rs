//! clap's own words in the person's language: the help's headings, the
//! generated `--help`, `--version` and `help`, the `[default: …]` notes,
//! and a usage error as one line (what was wrong, where the help is)
//! instead of clap's English paragraph.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{Lang, fluent};

/// What a value of ours must be, said the same in every language ("en,
/// ru", "1…520"): a value parser's refusal, shown after "use".
#[derive(Debug)]
pub(super) struct Hint(pub &'static str);

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Hint {}

/// `cmd` (built, so that its generated arguments exist) and each of its
/// subcommands with clap's words in `lang`.
pub(super) fn dress(cmd: clap::Command, lang: Lang) -> clap::Command {
    let mut cmd = dress_one(cmd, lang);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |s| dress(s, lang));
    }
    cmd
}

/// `cmd` with clap's words in `lang`: its help's headings, the help and
/// version flags, the `help` subcommand, and each argument's default,
/// choices and variable.
fn dress_one(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    let tr = |id: &str| fluent::tr(lang, id);
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n",
        tr("usage-heading")
    );
    let shown = |a: &&clap::Arg| !a.is_hide_set();
    let sections = [
        (
            cmd.get_subcommands().any(|s| !s.is_hide_set()),
            "usage-commands",
            "{subcommands}",
        ),
        (
            cmd.get_positionals().any(|a| shown(&a)),
            "usage-arguments",
            "{positionals}",
        ),
        (
            cmd.get_arguments()
                .filter(shown)
                .any(|a| !a.is_positional()),
            "usage-options",
            "{options}",
        ),
    ];
    for (_, heading, list) in sections.iter().filter(|s| s.0) {
        template.push_str(&format!("\n{}:\n{list}\n", tr(heading)));
    }
    template.push_str("{after-help}");
    cmd = cmd.help_template(template);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| notes(a, lang));
    }
    if cmd.find_subcommand("help").is_some() {
        cmd = cmd.mut_subcommand("help", |h| h.about(tr("usage-help-command")));
    }
    cmd
}

/// An argument's help in `lang`, clap's notes after it (`[default: …]`,
/// the choices, the variable) said in `lang` too.
fn notes(a: clap::Arg, lang: Lang) -> clap::Arg {
    let tr = |id: &str| fluent::tr(lang, id);
    let mut help = match a.get_id().as_str() {
        "help" => tr("usage-help"),
        "version" => tr("usage-version"),
        _ => a.get_help().map(ToString::to_string).unwrap_or_default(),
    };
    let mut note = |key: &str, what: String| help.push_str(&format!(" [{}: {what}]", tr(key)));
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !a.is_hide_default_value_set() && !defaults.is_empty() && a.get_action().takes_values() {
        note("usage-default", defaults.join(", "));
    }
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !a.is_hide_possible_values_set() && !choices.is_empty() && a.get_action().takes_values() {
        note("usage-choices", choices.join(", "));
    }
    if let Some(var) = a.get_env()
        && !a.is_hide_env_set()
    {
        note("usage-env", var.to_string_lossy().into_owned());
    }
    a.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
}

/// Whether clap's "error" is help or a version asked for (printed as
/// clap prints it), rather than a usage error.
pub(super) fn is_asked_for(e: &clap::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// A usage error as one line in `lang`: what was wrong, and the help of
/// the command it was typed for (`argv`'s subcommands, as `root` knows
/// them).
pub(super) fn message(
    e: &clap::Error,
    root: &clap::Command,
    argv: &[std::ffi::OsString],
    lang: Lang,
) -> String {
    let said = |kind| said(e, kind);
    let arg = said(ContextKind::InvalidArg).unwrap_or_default();
    let value = said(ContextKind::InvalidValue).unwrap_or_default();
    let tr = |id: &str, args: &[(&str, String)]| {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        fluent::tr_args(lang, id, &args)
    };
    let path = command_path(root, argv);
    let what = match e.kind() {
        ErrorKind::InvalidValue => match said(ContextKind::ValidValue) {
            Some(choices) => tr(
                "usage-bad-choice",
                &[("value", value), ("arg", arg), ("choices", choices)],
            ),
            None => tr("usage-rejected", &[("value", value), ("arg", arg)]),
        },
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(e);
            match source {
                Some(s) if s.is::<Hint>() => tr(
                    "usage-rejected-hint",
                    &[("value", value), ("arg", arg), ("hint", s.to_string())],
                ),
                Some(s) if s.is::<std::num::ParseIntError>() => {
                    tr("usage-not-whole", &[("value", value), ("arg", arg)])
                }
                _ => tr("usage-rejected", &[("value", value), ("arg", arg)]),
            }
        }
        ErrorKind::UnknownArgument => tr("usage-unknown-argument", &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => tr(
            "usage-unknown-command",
            &[(
                "command",
                said(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::MissingRequiredArgument => tr("usage-missing", &[("what", arg)]),
        ErrorKind::MissingSubcommand => {
            let commands = said(ContextKind::ValidSubcommand).unwrap_or_default();
            tr(
                "usage-needs-command",
                &[("command", path.clone()), ("commands", commands)],
            )
        }
        ErrorKind::ArgumentConflict => match said(ContextKind::PriorArg) {
            Some(other) if other != arg => tr("usage-conflict", &[("arg", arg), ("other", other)]),
            _ => tr("usage-twice", &[("arg", arg)]),
        },
        ErrorKind::InvalidUtf8 => tr("usage-not-utf8", &[]),
        _ if !arg.is_empty() => tr("usage-values", &[("arg", arg)]),
        _ => tr("usage-other", &[]),
    };
    let suggested = said(ContextKind::SuggestedArg)
        .or_else(|| said(ContextKind::SuggestedSubcommand))
        .or_else(|| said(ContextKind::SuggestedValue));
    let what = match suggested {
        Some(s) => format!("{what} ({})", tr("usage-did-you-mean", &[("suggested", s)])),
        None => what,
    };
    format!("{what} — {}", tr("usage-see-help", &[("command", path)]))
}

/// What `e` says of `kind`, as text (a list joined by commas).
fn said(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The command `argv` names ("konveyer user add"): its words that are
/// subcommands, each of the one before.
fn command_path(root: &clap::Command, argv: &[std::ffi::OsString]) -> String {
    let mut path = vec![root.get_name().to_string()];
    let mut at = root;
    for word in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        if let Some(sub) = at.find_subcommand(word) {
            path.push(sub.get_name().to_string());
            at = sub;
        }
    }
    path.join(" ")
}
