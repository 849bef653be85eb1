//! The agenda as text: a section per list, titled with its count, each
//! list's lines written as they are read.

use std::io::{self, Write};

use super::{order_cells, reminder_line};
use crate::domain::Reminder;
use crate::i18n::format::days;
use crate::i18n::{self, Lang, who};
use crate::service::{Agenda, ComingBack, StaleCard, StaleStation, Unpaid};

/// The agenda as text, written a section at a time: each long list's
/// lines as they are read, so that only the agenda's head is held (at a
/// million clients `agenda` into a pipe writes every reminder due).
pub(in crate::cli) struct AgendaText<'a> {
    out: &'a mut dyn Write,
    lang: Lang,
    /// At most how many lines a section shows (`None`: all).
    limit: Option<usize>,
    /// The section being written: how many its list holds in all, and how
    /// many of them are written.
    section: Option<(usize, usize)>,
}

impl<'a> AgendaText<'a> {
    /// Begins the agenda with the lost clients whose day to come back has
    /// come, first of all.
    pub(in crate::cli) fn new(
        out: &'a mut dyn Write,
        lang: Lang,
        limit: Option<usize>,
        back: &[ComingBack],
    ) -> io::Result<Self> {
        if !back.is_empty() {
            writeln!(out, "{}", i18n::tr(lang, "agenda-back"))?;
            for b in back {
                let args = crate::args![
                    id = b.client_id,
                    name = b.name.clone(),
                    reason = b.reason.clone().unwrap_or_default(),
                    lost = b.lost_on.map(|d| d.to_string()).unwrap_or_default()
                ];
                writeln!(out, "  {}", i18n::tr_args(lang, "agenda-back-line", args))?;
            }
            writeln!(out)?;
        }
        Ok(AgendaText {
            out,
            lang,
            limit,
            section: None,
        })
    }

    /// Ends the section before, and begins one titled `title` with how
    /// many its list holds in all.
    pub(in crate::cli) fn section(&mut self, title: &str, total: usize) -> io::Result<()> {
        self.end_section()?;
        writeln!(self.out, "{title} ({total})")?;
        self.section = Some((total, 0));
        Ok(())
    }

    /// Writes the section's "and N more" line, if it showed fewer than
    /// its list holds.
    fn end_section(&mut self) -> io::Result<()> {
        match self.section.take() {
            Some((total, shown)) if shown < total => {
                writeln!(
                    self.out,
                    "  {}",
                    i18n::more_entries(self.lang, total - shown)
                )
            }
            _ => Ok(()),
        }
    }

    /// Writes one line of the section with `line`, unless it has shown as
    /// many as it may.
    fn line(
        &mut self,
        line: impl FnOnce(&mut dyn Write, Lang) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some((total, shown)) = &mut self.section else {
            return Err(io::Error::other("an agenda's line outside a section"));
        };
        if self.limit.is_some_and(|limit| *shown >= limit) {
            return Ok(());
        }
        *shown += 1;
        *total = (*total).max(*shown);
        line(self.out, self.lang)
    }

    pub(in crate::cli) fn reminder(&mut self, r: &Reminder) -> io::Result<()> {
        self.line(|out, lang| reminder_line(out, lang, r, true))
    }

    pub(in crate::cli) fn unpaid(&mut self, u: &Unpaid) -> io::Result<()> {
        self.line(|out, lang| {
            let cells = order_cells(lang, u.order_id, u.amount_minor, &u.currency);
            let (id, name) = (u.client_id, &u.name);
            writeln!(out, "{cells}  #{id} {name} — {}", days(lang, u.age_days))
        })
    }

    pub(in crate::cli) fn stale(&mut self, s: &StaleCard) -> io::Result<()> {
        self.line(|out, lang| {
            writeln!(
                out,
                "  {} — {}, {} (> {})",
                who(&s.client),
                i18n::stage_word(lang, s.client.stage),
                days(lang, s.days),
                s.limit
            )
        })
    }

    /// The farmer's clients to reactivate and the farmer's load, as the
    /// agenda's head holds them.
    pub(in crate::cli) fn farmers(&mut self, a: &Agenda) -> io::Result<()> {
        let t = i18n::texts(self.lang);
        self.section(t.reactivate, a.totals[4])?;
        for l in &a.reactivate {
            self.line(|out, lang| {
                let idle = days(lang, l.idle_days);
                writeln!(out, "  #{} {} — {idle} ({})", l.client_id, l.name, l.since)
            })?;
        }
        self.end_section()?;
        if a.hide_farmer_load {
            return Ok(());
        }
        let farmer = i18n::stage_role(self.lang, crate::domain::Stage::Farmer);
        let load = format!("{farmer}: {}/{}", a.farmers, a.farmer_capacity);
        match a.over_capacity {
            true => writeln!(self.out, "{load} — {}", t.over_capacity),
            false => writeln!(self.out, "{load}"),
        }
    }

    /// The stale cards as a line per station, with how they are listed
    /// one by one.
    pub(in crate::cli) fn stale_by_station(&mut self, stations: &[StaleStation]) -> io::Result<()> {
        self.end_section()?;
        let total: i64 = stations.iter().map(|s| s.count).sum();
        writeln!(self.out, "{} ({total})", i18n::texts(self.lang).stale)?;
        for s in stations {
            let line = i18n::stale_station(
                self.lang,
                i18n::stage_role(self.lang, s.stage),
                s.count,
                &days(self.lang, i64::from(s.limit)),
                &days(self.lang, s.oldest_days),
            );
            writeln!(self.out, "  {line}")?;
        }
        writeln!(self.out, "  {}", i18n::tr(self.lang, "stale-every"))
    }

    /// Ends the last section.
    pub(in crate::cli) fn finish(mut self) -> io::Result<()> {
        self.end_section()
    }
}
