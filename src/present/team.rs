//! The head of sales' day in words.

use crate::i18n::{Lang, tr, tr_args, user_marks};

/// `konveyer team` and the board's team screen: the title, then per
/// person a line of who, what they did today and this week, their plan,
/// their open work, and the hand-offs to them.
pub(crate) fn team_lines(lang: Lang, team: &crate::service::Team) -> Vec<String> {
    let mut out = vec![tr_args(
        lang,
        "team-title",
        crate::args![date = team.date.clone(), week = team.week.clone()],
    )];
    for p in &team.people {
        let marks = user_marks(lang, p.head, p.absent);
        out.push(format!("{} — {}{marks}", p.login, p.name));
        let done = |d: &crate::service::Done| {
            tr_args(
                lang,
                "team-done",
                crate::args![
                    calls = d.calls,
                    meetings = d.meetings,
                    moves = d.moves,
                    payments = d.payments
                ],
            )
        };
        out.push(format!("  {}: {}", tr(lang, "team-today"), done(&p.today)));
        out.push(format!("  {}: {}", tr(lang, "team-week"), done(&p.week)));
        if !p.plan.is_empty() {
            let plan: Vec<String> = p
                .plan
                .iter()
                .map(|x| format!("{} {}/{} ({:.0} %)", x.metric, x.fact, x.target, x.percent))
                .collect();
            out.push(format!("  {}: {}", tr(lang, "team-plan"), plan.join(", ")));
        }
        out.push(format!(
            "  {}",
            tr_args(
                lang,
                "team-open",
                crate::args![
                    cards = p.cards,
                    overdue = p.overdue,
                    stale = p.stale,
                    bare = p.no_next_step
                ]
            )
        ));
        if let Some(load) = p.farmer_load {
            out.push(format!(
                "  {}",
                tr_args(
                    lang,
                    "team-farmer-load",
                    crate::args![count = load.count, capacity = load.capacity]
                )
            ));
        }
        let h = &p.hand_offs;
        if h.received > 0 {
            // Nobody touched yet: no median to say.
            let line = match h.median_hours {
                Some(x) => {
                    let median = crate::i18n::decimal(lang, x, 1);
                    let args =
                        crate::args![received = h.received, waiting = h.waiting, median = median];
                    tr_args(lang, "team-hand-offs", args)
                }
                None => {
                    let args = crate::args![received = h.received, waiting = h.waiting];
                    tr_args(lang, "team-hand-offs-untouched", args)
                }
            };
            out.push(format!("  {line}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Done, HandOffs, Person, Team};

    #[test]
    fn a_persons_day_says_one_as_one_and_no_median_before_a_first_touch() {
        let one = Done {
            calls: 1,
            meetings: 2,
            moves: 0,
            payments: 1,
        };
        let person = Person {
            login: "boris".into(),
            name: "Boris".into(),
            stations: Vec::new(),
            head: false,
            absent: false,
            today: one,
            week: one,
            plan: Vec::new(),
            cards: 1,
            overdue: 0,
            stale: 0,
            no_next_step: 0,
            farmer_load: None,
            hand_offs: HandOffs {
                received: 1,
                waiting: 1,
                median_hours: None,
            },
        };
        let team = Team {
            date: "2026-12-07".into(),
            week: "2026-W50".into(),
            people: vec![person],
        };
        let lines = team_lines(Lang::En, &team).join("\n");
        assert!(
            lines.contains("today: 1 call, 2 meetings, 0 moves, 1 payment\n")
                && lines.contains("  1 card: 0 overdue")
                && lines.ends_with("hand-offs in 30 days: 1, waiting for a first touch: 1"),
            "{lines}"
        );
        let ru = team_lines(Lang::Ru, &team).join("\n");
        assert!(ru.ends_with("ждут первого касания: 1"), "{ru}");
    }
}
