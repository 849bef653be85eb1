//! A client typed into the add form whose phone or e-mail is already a
//! client's: the board says whose, and the person chooses — see that
//! client, fill its empty fields from the form (merge into it), add the
//! new one anyway, or go back to the form.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Popup, Purpose};
use crate::domain::{Client, NewClient};
use crate::error::Result;
use crate::i18n::board::texts;
use crate::service;
use crate::tui::form::Form;

/// What the add form held, and the client that already has its phone or
/// e-mail.
#[derive(Debug, Clone)]
pub struct DuplicateChoice {
    pub form: Form,
    pub new: NewClient,
    pub found: Client,
    pub by_email: bool,
}

impl App {
    /// A new client from the add form: added, or — when its phone or
    /// e-mail is already a client's — the choice what to do.
    pub(super) fn add_or_ask(&mut self, form: &Form, new: NewClient) -> Result<()> {
        let region = self.config.region();
        let new = service::typed_client(new, region)?;
        match service::find_duplicate(&self.store, &new, region)? {
            service::Lookup::Duplicate(d) => {
                self.popup = Some(Popup::Duplicate(Box::new(DuplicateChoice {
                    form: form.clone(),
                    new,
                    found: d.client,
                    by_email: d.by_email,
                })));
                Ok(())
            }
            service::Lookup::SharesLine(colleague) => {
                let said = crate::i18n::shares_line(self.lang, &colleague);
                self.add_now(new, Some(said))
            }
            service::Lookup::Nobody => self.add_now(new, None),
        }
    }

    /// Adds `new`; the board jumps to its card and says `said` (else
    /// that it was added).
    fn add_now(&mut self, new: NewClient, said: Option<String>) -> Result<()> {
        let id = service::add_client(&mut self.store, self.now, new)?;
        // jump_to reloads with the new card selected.
        self.jump_to(id)?;
        self.tell(said.unwrap_or_else(|| texts(self.lang).added.to_string()));
        self.run_robots(&[service::RobotEvent::Created], id)
    }

    /// `o` (or Enter): the client already there; `m`: its empty fields
    /// filled from the form; `a`: the new one added anyway; Esc: back to
    /// the form as it was.
    pub(super) fn duplicate_key(
        &mut self,
        choice: Box<DuplicateChoice>,
        key: KeyEvent,
    ) -> Option<Popup> {
        let id = choice.found.id;
        let done = match key.code {
            KeyCode::Char('o') | KeyCode::Enter => self.open_detail(id),
            KeyCode::Char('m') => service::fill_in(&mut self.store, self.now, id, &choice.new)
                .and_then(|c| {
                    self.jump_to(id)?;
                    self.tell(crate::i18n::tr_args(
                        self.lang,
                        "duplicate-merged",
                        crate::args![who = crate::i18n::who(&c)],
                    ));
                    Ok(())
                }),
            KeyCode::Char('a') => self.add_now(choice.new.clone(), None),
            KeyCode::Esc => return Some(Popup::Form(choice.form, Purpose::Add)),
            _ => return Some(Popup::Duplicate(choice)),
        };
        if let Err(e) = done {
            self.fail(&e);
        }
        None
    }
}
