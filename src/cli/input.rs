//! Reading what a person typed on the command line: periods, plan
//! targets, client references, money and days, the help's language, and
//! the yes/no question before a deletion.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use super::{Ctx, args, safe};
use crate::config::Config;
use crate::domain::DomainError;
use crate::domain::plan::Metric;
use crate::domain::report::Period;
use crate::domain::when::parse_date;
use crate::error::Error;
use crate::i18n::Lang;

/// The period `--week`, `--month` or `--from/--to` name; this week otherwise.
pub(super) fn period_of(ctx: &Ctx, p: &args::PeriodArgs) -> Result<Period, Error> {
    let local = ctx.now.local;
    Ok(match (&p.week, &p.month, &p.from, &p.to) {
        (Some(w), _, _, _) => Period::parse_week(w)?,
        (_, Some(m), _, _) => Period::parse_month(m)?,
        (_, _, Some(from), Some(to)) => {
            Period::range(parse_date(from, local)?, parse_date(to, local)?)?
        }
        _ => Period::week_of(ctx.now.today()),
    })
}

/// `calls=200`, `first_revenue=100000` (an AMOUNT in `currency`, the
/// plan's, for money metrics).
pub(super) fn parse_target(text: &str, currency: &str) -> Result<(Metric, i64), Error> {
    let (metric, value) = text
        .split_once('=')
        .ok_or_else(|| DomainError::BadMetric(text.to_string()))?;
    let metric = Metric::parse(metric)?;
    let target = metric.parse_target(value, currency)?;
    Ok((metric, target))
}

/// The plan's key and period (`--day`, `--week`, else this week), and the
/// option that chose them, as a command that sets targets repeats it.
pub(super) fn plan_period(
    week: Option<&str>,
    day: Option<&str>,
    now: crate::clock::Now,
) -> Result<(String, Period, String), Error> {
    Ok(match (week, day) {
        (_, Some(d)) => {
            let d = parse_date(d, now.local)?;
            let key = d.format("%Y-%m-%d").to_string();
            (key.clone(), Period::range(d, d)?, format!(" --day {key}"))
        }
        (Some(w), None) => {
            let p = Period::parse_week(w)?;
            let key = Period::week_key(chrono::Datelike::iso_week(&p.from));
            (key.clone(), p, format!(" --week {key}"))
        }
        (None, None) => {
            let p = Period::week_of(now.today());
            let key = Period::week_key(chrono::Datelike::iso_week(&p.from));
            (key, p, String::new())
        }
    })
}

/// The language of `--help` and usage errors, known before the arguments
/// are parsed: `--lang`, `KONVEYER_LANG`, the config file, the locale.
pub(super) fn help_language(argv: &[std::ffi::OsString]) -> Lang {
    let args: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let flag = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    let config = std::env::var_os("KONVEYER_CONFIG")
        .map(PathBuf::from)
        .or_else(crate::config::default_path)
        .and_then(|p| Config::load(&p).ok())
        .and_then(|c| c.lang);
    let explicit = flag
        .or_else(|| std::env::var("KONVEYER_LANG").ok())
        .or(config);
    Lang::detect(explicit.as_deref(), |v| std::env::var(v).ok())
}

/// How many entries per agenda section fill a terminal screen.
pub(super) fn screenful() -> usize {
    let rows = ratatui::crossterm::terminal::size().map_or(24, |(_, rows)| rows);
    usize::from(rows.saturating_sub(4)).max(5)
}

/// Asks a yes/no question on the terminal; anything but yes cancels.
pub(super) fn confirm(question: &str) -> Result<(), Error> {
    if !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let mut err = io::stderr();
    write!(err, "{} ", safe::clean(question))?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" | "д" | "да" => Ok(()),
        _ => Err(Error::Cancelled),
    }
}

pub(super) fn parse_client_ref(input: &str) -> Result<Option<i64>, Error> {
    let text = input.trim();
    if text == "-" || text == "none" {
        return Ok(None);
    }
    match text.trim_start_matches('#').parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(Error::BadClientRef(input.to_string())),
    }
}

pub(super) fn day_or_today(ctx: &Ctx, on: Option<&str>) -> Result<chrono::NaiveDate, Error> {
    on.map_or(Ok(ctx.now.today()), |s| Ok(parse_date(s, ctx.now.local)?))
}

/// A new person's password on a team database: the first line of
/// `--password-file` (a file others may read is refused), else asked twice
/// on the terminal; none with `--no-password`, and none on a local file
/// (its people have no passwords).
pub(super) fn new_password(
    ctx: &Ctx,
    p: &args::PasswordArgs,
    login: &str,
) -> Result<Option<String>, Error> {
    if ctx.team_url().is_none() {
        return match p.password_file {
            Some(_) => Err(Error::PasswordLocal),
            None => Ok(None),
        };
    }
    if p.no_password {
        return Ok(None);
    }
    password(ctx.lang, p.password_file.as_deref(), login).map(Some)
}

/// A password from `file`, or asked twice on the terminal.
pub(super) fn password(
    lang: Lang,
    file: Option<&std::path::Path>,
    login: &str,
) -> Result<String, Error> {
    let password = match file {
        Some(file) => password_file(file)?,
        None => {
            if !io::stdin().is_terminal() {
                return Err(Error::PasswordNeeded);
            }
            let ask = crate::i18n::tr_args(lang, "password-ask", crate::args![login = login]);
            let first = rpassword::prompt_password(ask)?;
            let again = rpassword::prompt_password(crate::i18n::tr(lang, "password-again"))?;
            if first != again {
                return Err(Error::PasswordsDiffer);
            }
            first
        }
    };
    match password.is_empty() {
        true => Err(Error::PasswordEmpty),
        false => Ok(password),
    }
}

/// The first line of a password file that is its owner's alone.
fn password_file(file: &std::path::Path) -> Result<String, Error> {
    let unreadable = |e: io::Error| Error::PasswordFile(file.to_path_buf(), e.to_string());
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    crate::store::address::refuse_if_open(&meta, file)?;
    let text = std::fs::read_to_string(file).map_err(unreadable)?;
    Ok(text.lines().next().unwrap_or_default().to_string())
}

/// How long a call took, as a person writes it: `3:25`, `1:02:03`, `200`
/// or `200s` (seconds), `5m`/`5min`, `1h` (and their Russian units).
pub(super) fn duration_secs(text: &str) -> Result<i64, Error> {
    let bad = || Error::BadDuration(text.to_string());
    let t = text.trim().to_lowercase();
    if t.contains(':') {
        let parts: Vec<i64> = t
            .split(':')
            .map(|p| p.trim().parse::<i64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        if parts.len() > 3 || parts.iter().skip(1).any(|p| !(0..60).contains(p)) {
            return Err(bad());
        }
        return Ok(parts.iter().fold(0, |acc, p| acc * 60 + p));
    }
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: i64 = t[..digits].parse().map_err(|_| bad())?;
    let unit = match t[digits..].trim() {
        "" | "s" | "sec" | "с" | "сек" => 1,
        "m" | "min" | "м" | "мин" => 60,
        "h" | "ч" => 3600,
        _ => return Err(bad()),
    };
    n.checked_mul(unit)
        .filter(|s| *s <= 24 * 3600)
        .ok_or_else(bad)
}
