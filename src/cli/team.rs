//! Team mode's commands: `user`, `assign`, `team`, `rotate` and a
//! person's own plan.

use std::io::{self, Write};

use serde::Serialize;

use super::args::{InitTeamArgs, RotateArgs, UserCommand};
use super::{Ctx, Failure, input, print};
use crate::domain::Stage;
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::service;
use crate::store::Store;

pub(super) fn user(ctx: &Ctx, action: UserCommand, out: &mut dyn Write) -> Result<(), Failure> {
    let lang = ctx.lang;
    match action {
        UserCommand::Add {
            name,
            login,
            stations,
            head,
            password,
        } => {
            let stations = stations_of(&stations)?;
            let password = input::new_password(ctx, &password, &login)?;
            let person = service::NewPerson {
                name: &name,
                login: &login,
                stations: &stations,
                head,
                password: password.as_deref(),
            };
            let (user, took) = ctx.with_store(true, |s| service::add_user(s, ctx.now, &person))?;
            added(lang, &user, took, out)?;
            if user.head && !head {
                writeln!(out, "{}", i18n::tr(lang, "user-first-is-head"))?;
            }
        }
        UserCommand::Password {
            login,
            password_file,
        } => {
            if ctx.team_url().is_none() {
                return Err(Error::PasswordLocal.into());
            }
            let password = input::password(lang, password_file.as_deref(), &login)?;
            ctx.with_store(false, |s| service::set_password(s, &login, &password))?;
            writeln!(
                out,
                "{}",
                i18n::tr_args(lang, "user-password-set", crate::args![login = login])
            )?;
        }
        UserCommand::List { json } => {
            let users = ctx.open_to_list_people()?.read().users()?;
            if json {
                print::json(out, &users)?;
            } else if users.is_empty() {
                writeln!(out, "{}", i18n::tr(lang, "user-none"))?;
            } else {
                for u in &users {
                    // The marks stand two spaces off the stations.
                    let marks = i18n::user_marks(lang, u.head, u.absent).replacen(' ', "  ", 1);
                    let stations = stations_text(lang, &u.stations);
                    writeln!(out, "{:<12} {:<24} {stations}{marks}", u.login, u.name)?;
                }
            }
        }
        UserCommand::Off { login } => away(ctx, &login, true, out)?,
        UserCommand::On { login } => away(ctx, &login, false, out)?,
    }
    Ok(())
}

/// Stations as typed (`telemarketer,q`), blanks left out.
fn stations_of(typed: &[String]) -> Result<Vec<Stage>, Error> {
    Ok(typed
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Stage::parse(s))
        .collect::<Result<Vec<_>, _>>()?)
}

/// "login (name) added: stations; cards taken".
fn added(
    lang: Lang,
    user: &crate::domain::User,
    took: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let stations = stations_text(lang, &user.stations);
    writeln!(
        out,
        "{}",
        i18n::tr_args(
            lang,
            "user-added",
            crate::args![
                login = user.login.as_str(),
                name = user.name.as_str(),
                stations = stations,
                took = took as i64
            ]
        )
    )
}

/// `konveyer init-team`: the admin sets the team up on its database, with
/// its head of sales.
pub(super) fn init_team(ctx: &Ctx, a: InitTeamArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(url) = ctx.team_url() else {
        let db = ctx.db.as_ref().map(|p| p.display().to_string());
        return Err(Error::NotTeamUrl(db.unwrap_or_default()).into());
    };
    let stations = stations_of(&a.stations)?;
    let password = input::new_password(ctx, &a.password, &a.head)?;
    let mut store = Store::init_team(&url)?;
    let head = service::NewPerson {
        name: &a.name,
        login: &a.head,
        stations: &stations,
        head: true,
        password: password.as_deref(),
    };
    let (user, took) = service::init_team(&mut store, ctx.now, &head)?;
    let (members, heads) = store.team_groups()?;
    writeln!(
        out,
        "{}",
        i18n::tr_args(
            ctx.lang,
            "team-set-up",
            crate::args![
                url = crate::store::address::shown(&url),
                members = members,
                heads = heads
            ]
        )
    )?;
    added(ctx.lang, &user, took, out)?;
    Ok(())
}

/// `konveyer settings`: the settings a team shares, as TOML (on a local
/// file, those of the config file); `--from FILE` replaces a team's (the
/// head of sales).
pub(super) fn settings(
    ctx: &Ctx,
    from: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let Some(file) = from else {
        let store = ctx.open(false)?;
        let settings =
            service::team_settings(&store)?.unwrap_or_else(|| ctx.config().team_settings());
        write!(out, "{}", settings.to_toml()?)?;
        return Ok(());
    };
    if ctx.team_url().is_none() {
        return Err(Error::SettingsLocal.into());
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::BadConfig(file.to_path_buf(), e.to_string()))?;
    let settings = crate::config::TeamSettings::parse(&text, file)?;
    let mut store = ctx.open(false)?;
    service::set_team_settings(&mut store, &settings)?;
    writeln!(out, "{}", i18n::tr(ctx.lang, "settings-saved"))?;
    Ok(())
}

/// `user off` (`away`) or `user on`.
fn away(ctx: &Ctx, login: &str, away: bool, out: &mut dyn Write) -> Result<(), Failure> {
    ctx.with_store(false, |s| service::set_away(s, login, away))?;
    let said = match (away, ctx.team_url().is_some()) {
        (true, false) => "user-off",
        (false, false) => "user-on",
        (true, true) => "user-off-team",
        (false, true) => "user-on-team",
    };
    writeln!(
        out,
        "{}",
        i18n::tr_args(ctx.lang, said, crate::args![login = login.to_string()])
    )?;
    Ok(())
}

fn stations_text(lang: Lang, stations: &[Stage]) -> String {
    match stations.is_empty() {
        true => "—".to_string(),
        false => stations
            .iter()
            .map(|s| i18n::stage_word(lang, *s))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub(super) fn assign(ctx: &Ctx, id: i64, login: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let done = ctx.with_store(false, |s| service::assign(s, ctx.now, id, login))?;
    writeln!(
        out,
        "{}",
        i18n::tr_args(
            ctx.lang,
            "assigned",
            crate::args![id = id, name = done.name, login = done.to]
        )
    )?;
    Ok(())
}

pub(super) fn team(ctx: &Ctx, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let lang = ctx.lang;
    let store = ctx.reading(|_| Ok(()))?;
    let team = service::team(&store, ctx.now, ctx.capacity())?;
    if json {
        print::json(out, &team)?;
        return Ok(());
    }
    if team.people.is_empty() {
        writeln!(out, "{}", i18n::tr(lang, "user-none"))?;
        return Ok(());
    }
    for line in crate::present::team_lines(lang, &team) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `60d`, `8w`, `90`: a number of days.
fn days(input: &str) -> Result<i64, Error> {
    let text = input.trim().to_lowercase();
    let (number, unit) = match text.strip_suffix(['d', 'д']) {
        Some(n) => (n, 1),
        None => match text.strip_suffix(['w', 'н']) {
            Some(n) => (n, 7),
            None => (text.as_str(), 1),
        },
    };
    match number.trim().parse::<i64>() {
        Ok(n) if n > 0 && n <= 36_500 => Ok(n * unit),
        _ => Err(Error::BadIdle(input.to_string())),
    }
}

#[derive(Serialize)]
struct RotationOut<'a> {
    dry_run: bool,
    #[serde(flatten)]
    rotation: &'a service::Rotation,
}

pub(super) fn rotate(ctx: &Ctx, a: RotateArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let (lang, from, dry_run, json) = (ctx.lang, a.from.as_deref(), a.dry_run, a.json);
    let idle_days = days(&a.idle)?;
    let rotation = ctx.with_store(false, |s| {
        service::rotate(s, ctx.now, idle_days, from, ctx.capacity(), dry_run)
    })?;
    if json {
        print::json(
            out,
            &RotationOut {
                dry_run,
                rotation: &rotation,
            },
        )?;
        return Ok(());
    }
    let key = match dry_run {
        true => "rotate-would",
        false => "rotate-done",
    };
    writeln!(
        out,
        "{}",
        i18n::tr_args(
            lang,
            key,
            crate::args![count = rotation.moved.len() as i64, n = idle_days]
        )
    )?;
    let none = "—".to_string();
    for r in &rotation.moved {
        writeln!(
            out,
            "  #{:<6} {:<28} {}  {} → {}",
            r.id,
            r.name,
            r.since,
            r.from.as_ref().unwrap_or(&none),
            r.to.as_ref().unwrap_or(&none)
        )?;
    }
    if !rotation.kept.is_empty() {
        writeln!(
            out,
            "{}",
            i18n::tr_args(
                lang,
                "rotate-kept",
                crate::args![count = rotation.kept.len() as i64]
            )
        )?;
        for r in &rotation.kept {
            writeln!(
                out,
                "  #{:<6} {:<28} {}  {}",
                r.id,
                r.name,
                r.since,
                r.from.as_ref().unwrap_or(&none)
            )?;
        }
    }
    Ok(())
}

/// `plan --user L [--week W] [METRIC=VALUE …]`: a person's own week plan.
pub(super) fn person_plan(
    ctx: &Ctx,
    login: &str,
    week: Option<&str>,
    targets: &[String],
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let (key, week, how) = input::plan_period(week, None, ctx.now)?;
    if !targets.is_empty() {
        let parsed = targets
            .iter()
            .map(|t| person_target(t))
            .collect::<Result<Vec<_>, Error>>()?;
        ctx.with_store(false, |s| service::set_person_plan(s, login, &key, &parsed))?;
        writeln!(
            out,
            "{}",
            i18n::tr_args(
                lang,
                "plan-set-person",
                crate::args![key = key.clone(), login = login.to_string()]
            )
        )?;
    }
    let store = ctx.reading(|s| s.read().user(login).map(drop))?;
    let rows = service::person_plan(&store, week, login)?;
    if json {
        print::json(out, &rows)?;
        return Ok(());
    }
    if rows.is_empty() {
        let none = i18n::tr_args(
            lang,
            "plan-none-person",
            crate::args![key = key, login = login.to_string(), how = how],
        );
        writeln!(out, "{none}")?;
    }
    for p in &rows {
        writeln!(
            out,
            "{:<10} {} / {} ({:.0} %)",
            p.metric, p.fact, p.target, p.percent
        )?;
    }
    Ok(())
}

/// `calls=40`: a person's metric and its week target.
fn person_target(text: &str) -> Result<(String, i64), Error> {
    let bad = || Error::BadPersonMetric(text.to_string());
    let (metric, value) = text.split_once('=').ok_or_else(bad)?;
    let metric = metric.trim().to_lowercase();
    if !service::PERSON_METRICS.contains(&metric.as_str()) {
        return Err(bad());
    }
    let value: i64 = value.trim().parse().map_err(|_| bad())?;
    if value < 0 {
        return Err(bad());
    }
    Ok((metric, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_takes_days_weeks_or_a_number() {
        assert_eq!(days("60d").ok(), Some(60));
        assert_eq!(days("8w").ok(), Some(56));
        assert_eq!(days(" 90 ").ok(), Some(90));
        assert!(matches!(days("0d"), Err(Error::BadIdle(_))));
        assert!(matches!(days("soon"), Err(Error::BadIdle(_))));
    }

    #[test]
    fn a_persons_target_names_one_of_their_metrics() {
        assert_eq!(person_target("calls=40").ok(), Some(("calls".into(), 40)));
        assert!(matches!(
            person_target("first_revenue=5"),
            Err(Error::BadPersonMetric(_))
        ));
        assert!(matches!(
            person_target("moves"),
            Err(Error::BadPersonMetric(_))
        ));
    }
}
