//! JSON written a piece at a time is the text `serde_json`'s pretty
//! printer gives for the whole value; the agenda as text, a section at a
//! time, shows at most its limit and says how many more.

use serde::Serialize;

use super::{AgendaJson, AgendaText, ClientRows, localized_one};
use crate::domain::Conveyor;
use crate::i18n::{self, Lang};
use crate::service::{self, Agenda, Now, StaleCard};
use crate::store::Store;

/// The demo's agenda a month on: every list has something in it.
fn demo_agenda(lang: Lang) -> (Store, Now, Agenda) {
    let now = Now::parse("2026-11-23T10:00").expect("now");
    let mut store = Store::open_in_memory().expect("store");
    crate::demo::fill(&mut store, now, lang).expect("demo");
    let later = Now::parse("2026-12-23T10:00").expect("later");
    service::apply_rules(&mut store, later, &crate::config::Config::default()).expect("rules");
    let agenda = service::agenda(&store, later, &Default::default(), None, None).expect("agenda");
    (store, later, agenda)
}

/// Reminders written with their texts in `lang`.
struct Localized<'a>(Lang, &'a [crate::domain::Reminder]);

impl Serialize for Localized<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|r| localized_one(self.0, r)))
    }
}

/// `agenda --json` as one value: its fields in their order.
#[derive(Serialize)]
struct Whole<'a> {
    overdue: Localized<'a>,
    today: Localized<'a>,
    upcoming: Localized<'a>,
    stale: &'a [StaleCard],
    unpaid: &'a [service::Unpaid],
    reactivate: &'a [service::Lapsed],
    back: &'a [service::ComingBack],
    farmers: i64,
    farmer_capacity: i64,
    over_capacity: bool,
}

fn whole(lang: Lang, a: &Agenda) -> String {
    let value = Whole {
        overdue: Localized(lang, &a.overdue),
        today: Localized(lang, &a.today),
        upcoming: Localized(lang, &a.upcoming),
        stale: &a.stale,
        unpaid: &a.unpaid,
        reactivate: &a.reactivate,
        back: &a.back,
        farmers: a.farmers,
        farmer_capacity: a.farmer_capacity,
        over_capacity: a.over_capacity,
    };
    serde_json::to_string_pretty(&value).expect("json") + "\n"
}

fn streamed(lang: Lang, a: &Agenda) -> String {
    let mut out = Vec::new();
    let mut json = AgendaJson::new(&mut out, lang);
    for (key, list) in [
        ("overdue", &a.overdue),
        ("today", &a.today),
        ("upcoming", &a.upcoming),
    ] {
        json.list(key).expect("list");
        for r in list {
            json.reminder(r).expect("reminder");
        }
    }
    json.list("stale").expect("list");
    for card in &a.stale {
        json.item(card).expect("card");
    }
    json.list("unpaid").expect("list");
    for u in &a.unpaid {
        json.item(u).expect("invoice");
    }
    json.finish(a).expect("finish");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_agenda_written_an_item_at_a_time_is_the_whole_agendas_json() {
    for lang in [Lang::En, Lang::Ru] {
        let (_store, _now, mut agenda) = demo_agenda(lang);
        assert!(
            agenda.stale.len() > 2 && !agenda.overdue.is_empty() && !agenda.unpaid.is_empty(),
            "{agenda:?}"
        );
        assert_eq!(streamed(lang, &agenda), whole(lang, &agenda));
        // Lists of two, one and none.
        for keep in [2, 1, 0] {
            agenda.overdue.truncate(keep);
            agenda.stale.truncate(keep);
            agenda.unpaid.truncate(keep);
            assert_eq!(streamed(lang, &agenda), whole(lang, &agenda), "{keep}");
        }
    }
}

#[test]
fn the_list_written_a_client_at_a_time_is_the_whole_lists_json() {
    let (store, now, _) = demo_agenda(Lang::En);
    let clients = store.read().clients(&Default::default()).expect("clients");
    let conveyor = Conveyor::default();
    let segments = Default::default();
    for keep in [clients.len(), 1, 0] {
        let mut out = Vec::new();
        let mut rows = ClientRows::new(&mut out, Lang::En, now, &conveyor, &segments, true, &[])
            .expect("rows");
        for c in &clients[..keep] {
            rows.row(c).expect("row");
        }
        assert_eq!(rows.finish().expect("finish"), keep);
        let whole: Vec<super::ListedClient> = clients[..keep]
            .iter()
            .map(|c| super::ListedClient {
                client: c,
                days_in_stage: c.days_in_stage(now.utc),
                stale: c.is_stale(now.utc, conveyor.stale_days(c.stage)),
                segment: None,
            })
            .collect();
        let whole = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert_eq!(String::from_utf8(out).expect("utf-8"), whole, "{keep}");
    }
}

/// The agenda `a` as text, each section at most `limit` lines (the lists
/// offered whole, as a pipe's are read), the stale cards listed.
fn as_text(lang: Lang, a: &Agenda, limit: Option<usize>) -> String {
    let t = i18n::texts(lang);
    let mut out = Vec::new();
    let mut text = AgendaText::new(&mut out, lang, limit, &a.back).expect("back");
    let reminders = [
        (t.overdue, &a.overdue),
        (t.today, &a.today),
        (t.upcoming, &a.upcoming),
    ];
    for ((title, list), total) in reminders.into_iter().zip(a.totals) {
        text.section(title, total).expect("section");
        for r in list {
            text.reminder(r).expect("reminder");
        }
    }
    text.section(t.unpaid_invoices, a.totals[3])
        .expect("section");
    for u in &a.unpaid {
        text.unpaid(u).expect("invoice");
    }
    text.farmers(a).expect("farmers");
    text.section(t.stale, a.totals[5]).expect("section");
    for card in &a.stale {
        text.stale(card).expect("card");
    }
    text.finish().expect("finish");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_agenda_as_text_shows_at_most_its_limit_and_says_how_many_more() {
    for lang in [Lang::En, Lang::Ru] {
        let (_store, _now, agenda) = demo_agenda(lang);
        let t = i18n::texts(lang);
        let whole = as_text(lang, &agenda, None);
        let cut = as_text(lang, &agenda, Some(1));
        let sections = [
            (t.overdue, agenda.totals[0]),
            (t.today, agenda.totals[1]),
            (t.upcoming, agenda.totals[2]),
            (t.unpaid_invoices, agenda.totals[3]),
            (t.reactivate, agenda.totals[4]),
            (t.stale, agenda.totals[5]),
        ];
        assert!(sections.iter().any(|(_, total)| *total > 2), "{whole}");
        for (title, total) in sections {
            let heading = format!("{title} ({total})\n");
            for out in [&whole, &cut] {
                assert!(out.contains(&heading), "{heading} in {out}");
            }
            for n in 1..=total {
                let more = i18n::more_entries(lang, n);
                assert!(!whole.contains(&more), "{more} in {whole}");
            }
            // Under its title, one line, then how many more (if any).
            let after = &cut[cut.find(&heading).expect("title") + heading.len()..];
            let next: Vec<&str> = after.lines().take(2).collect();
            let more = format!("  {}", i18n::more_entries(lang, total.saturating_sub(1)));
            assert_eq!(
                next.get(1) == Some(&more.as_str()),
                total > 1,
                "{title}: {next:?}"
            );
        }
        // The cut agenda's lines are all the whole one's.
        for line in cut.lines().filter(|l| !l.starts_with("  …")) {
            assert!(whole.contains(line), "{line}");
        }
    }
}
