//! The agenda as a list to work: every reminder, unpaid invoice, client to
//! reactivate and stale card is an item about a client; the keys act on
//! the selected item's client (and on its reminder, if it is one).

use super::{App, Screen};
use crate::error::Result;
use crate::service::{self, Agenda};

/// How many of each list the screen reads: a person works the agenda from
/// the top, and each thing done reads it again, so a base of a million
/// with a hundred thousand overdue reminders opens it as fast as a small
/// one. The sections' titles count them all.
pub(crate) const LISTED: usize = 200;

/// One line of the agenda that can be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaItem {
    pub client_id: Option<i64>,
    pub reminder_id: Option<i64>,
}

/// The agenda's items in the order the screen lists them.
pub fn agenda_items(a: &Agenda) -> Vec<AgendaItem> {
    let reminders = a
        .overdue
        .iter()
        .chain(&a.today)
        .chain(&a.upcoming)
        .map(|r| AgendaItem {
            client_id: r.client_id,
            reminder_id: Some(r.id),
        });
    let about = |id| AgendaItem {
        client_id: Some(id),
        reminder_id: None,
    };
    a.back
        .iter()
        .map(|b| about(b.client_id))
        .chain(reminders)
        .chain(a.unpaid.iter().map(|u| about(u.client_id)))
        .chain(a.reactivate.iter().map(|l| about(l.client_id)))
        .chain(a.stale.iter().map(|s| about(s.client.id)))
        .collect()
}

impl App {
    /// Opens the agenda screen on its first item.
    pub(super) fn open_agenda(&mut self) -> Result<()> {
        self.screen = Screen::Agenda {
            agenda: Box::default(),
            items: Vec::new(),
            selected: 0,
        };
        self.reload_agenda()
    }

    /// Re-reads the agenda, keeping the selection on its item when it is
    /// still there (else at the same place).
    pub(super) fn reload_agenda(&mut self) -> Result<()> {
        let Screen::Agenda {
            items, selected, ..
        } = &self.screen
        else {
            return Ok(());
        };
        let was = items.get(*selected).copied();
        let mut selected = *selected;
        // A person's board: the agenda of their own cards, as the pane's.
        let owner = self.shown.owner.as_deref();
        let rules = &self.config.rules;
        let agenda = service::agenda(&self.store, self.now, rules, Some(LISTED), owner)?;
        let items = agenda_items(&agenda);
        if let Some(i) = was.and_then(|w| items.iter().position(|i| *i == w)) {
            selected = i;
        }
        selected = selected.min(items.len().saturating_sub(1));
        self.screen = Screen::Agenda {
            agenda: Box::new(agenda),
            items,
            selected,
        };
        Ok(())
    }

    /// The selected agenda item, on the agenda screen.
    pub(super) fn agenda_item(&self) -> Option<AgendaItem> {
        match &self.screen {
            Screen::Agenda {
                items, selected, ..
            } => items.get(*selected).copied(),
            _ => None,
        }
    }
}
