//! Sentences about what the service did, for both front ends: a move, a
//! call, a generated base, a migration, an import, the team's day. The
//! words are in `assets/locales`; `i18n` formats them. This layer sits above
//! `service` and below `cli` and `tui`.

mod import;
mod team;

pub(crate) use import::{
    import_lines, import_money, import_summary, lead_sample, sample_title, sheet_read,
};
pub(crate) use team::team_lines;

use crate::args;
use crate::domain::money::group_thousands;
use crate::domain::{CallOutcome, When};
use crate::generate::Summary;
use crate::i18n::format::{day_said, moment_said};
use crate::i18n::{Lang, stage_word, tr_args};
use crate::service::{CallLogged, Moved};
use crate::store::address::shown;
use chrono::NaiveDate;

pub(crate) fn moved(lang: Lang, who: &str, moved: &Moved) -> String {
    let (from, to) = (stage_word(lang, moved.from), stage_word(lang, moved.to));
    let line = tr_args(lang, "moved", args![who = who, from = from, to = to]);
    handed(lang, line, moved.handed_to.as_deref())
}

/// `line`, and whose the card is now when a move handed it over.
fn handed(lang: Lang, line: String, to: Option<&str>) -> String {
    match to {
        Some(login) => format!(
            "{line} — {}",
            tr_args(lang, "moved-handed", args![login = login.to_string()])
        ),
        None => line,
    }
}

/// What a logged call outcome did, for the CLI and the board; its days
/// named as the board names them, from `today`.
pub(crate) fn call_logged(lang: Lang, who: &str, logged: &CallLogged, today: NaiveDate) -> String {
    let attempt = logged.attempts.unwrap_or(1);
    let said = |day: Option<NaiveDate>| day.map(|d| day_said(lang, d, today)).unwrap_or_default();
    match (logged.outcome, logged.moved_to) {
        (CallOutcome::NoAnswer, _) => {
            let day = said(logged.retry_on);
            let id = match logged.give_up {
                true => "call-no-answer-last",
                false => "call-no-answer",
            };
            let args = args![
                who = who,
                attempt = attempt,
                day = day,
                id = logged.client.id
            ];
            tr_args(lang, id, args)
        }
        (CallOutcome::CallBack, _) if logged.back_on.is_some() => {
            let day = said(logged.back_on);
            tr_args(lang, "call-back-lost", args![who = who, day = day])
        }
        (CallOutcome::CallBack, _) => {
            let when = match logged.call_back {
                Some(When::At(at)) => moment_said(lang, at, today),
                Some(When::Day(day)) => day_said(lang, day, today),
                None => String::new(),
            };
            tr_args(lang, "call-call-back", args![who = who, when = when])
        }
        (CallOutcome::Interested, Some(to)) => {
            let stage = stage_word(lang, to);
            let line = tr_args(lang, "call-interested", args![who = who, stage = stage]);
            handed(lang, line, logged.handed_to.as_deref())
        }
        (CallOutcome::Interested, None) => match &logged.unpaid {
            Some((order, minor, currency)) => {
                let amount = crate::i18n::money(lang, *minor, currency);
                let args = args![who = who, order = *order, amount = amount];
                tr_args(lang, "call-interested-unpaid", args)
            }
            None => tr_args(lang, "call-interested-last", args![who = who]),
        },
        (CallOutcome::NotTarget, _) => tr_args(lang, "call-not-target", args![who = who]),
    }
}

/// A count with thousands grouped by a no-break space.
fn grouped(n: i64) -> String {
    group_thousands(n.unsigned_abs(), "\u{a0}")
}

/// What `konveyer gen` made.
pub(crate) fn generated(lang: Lang, path: &std::path::Path, s: &Summary) -> String {
    let total: i64 = s.stages.iter().map(|(_, c)| c).sum::<i64>() + s.lost;
    let stages = s
        .stages
        .iter()
        .map(|(stage, count)| {
            let stage = stage_word(lang, *stage);
            tr_args(
                lang,
                "generated-stage",
                args![stage = stage, count = grouped(*count)],
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let path = path.display().to_string();
    tr_args(
        lang,
        "generated",
        args![
            total = total,
            shown = grouped(total),
            path = path,
            stages = stages,
            lost = grouped(s.lost),
            reminders = grouped(s.reminders),
            orders = grouped(s.orders)
        ],
    )
}

/// What `migrate-to` copied, and what to do next.
pub(crate) fn migrated(lang: Lang, url: &str, copied: &[(&str, usize)]) -> String {
    let shown = shown(url);
    let n = |table: &str| {
        copied
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n as i64)
    };
    let done = tr_args(
        lang,
        "migrated",
        args![
            url = shown.as_str(),
            clients = n("clients"),
            orders = n("orders"),
            activities = n("activities"),
            reminders = n("reminders"),
            plans = n("plans")
        ],
    );
    format!("{done}\n{}", crate::i18n::tr(lang, "migrated-next"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;

    /// What `gen` made, every count grouped the same way, the total too,
    /// and one client said as one.
    #[test]
    fn what_gen_made_groups_every_count_and_says_one_as_one() {
        let made = |lang, telemarketer: i64, lost: i64| {
            let s = Summary {
                stages: vec![(Stage::Telemarketer, telemarketer), (Stage::Farmer, 0)],
                lost,
                reminders: 1_571,
                orders: 6_098,
            };
            generated(lang, std::path::Path::new("x.db"), &s)
        };
        assert_eq!(
            made(Lang::En, 11_762, 238),
            "generated 12\u{a0}000 clients in x.db: 11\u{a0}762 telemarketer, 0 farmer, \
             238 lost; 1\u{a0}571 reminders, 6\u{a0}098 orders"
        );
        assert!(made(Lang::En, 1, 0).starts_with("generated 1 client in x.db:"));
        assert!(made(Lang::Ru, 21, 0).starts_with("создан 21 клиент в x.db:"));
        assert!(made(Lang::Ru, 11_762, 238).starts_with("создано 12\u{a0}000 клиентов"));
    }
}
