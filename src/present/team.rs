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
            let median = h
                .median_hours
                .map_or("—".to_string(), |x| crate::i18n::decimal(lang, x, 1));
            out.push(format!(
                "  {}",
                tr_args(
                    lang,
                    "team-hand-offs",
                    crate::args![received = h.received, waiting = h.waiting, median = median]
                )
            ));
        }
    }
    out
}
