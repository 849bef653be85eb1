//! A call from the board: the pop-up that asks how it went knows whom,
//! the number and which attempt; `D` hands the number to the dialler (or
//! the clipboard) first.

use super::{App, Popup};
use crate::domain::Client;
use crate::error::Result;
use crate::i18n;

/// The client being called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calling {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    /// This call's number among the unanswered ones at the station (from 1).
    pub attempt: i64,
}

impl App {
    /// Opens the call's outcome pop-up for client `id`, with its number
    /// and which attempt this is.
    pub(super) fn open_call(&mut self, id: i64) -> Result<()> {
        let client = self.store.read().client(id)?;
        self.ask_outcome(client)
    }

    /// The call's pop-up for `client`, read already.
    fn ask_outcome(&mut self, client: Client) -> Result<()> {
        let id = client.id;
        let unanswered = self
            .store
            .read()
            .unanswered_calls_since(id, client.stage_since)?;
        self.calling = Some(Calling {
            id,
            name: client.name,
            phone: client.phone,
            attempt: unanswered + 1,
        });
        self.popup = Some(Popup::Outcome(id));
        Ok(())
    }

    /// `D`: the client's number to the config's dialler, else to the
    /// clipboard through the terminal; then the call's pop-up, to log how
    /// it went.
    pub(super) fn dial(&mut self, id: i64) -> Result<()> {
        let client = self.store.read().client(id)?;
        let number = crate::service::number_of(&client, self.config.region())?;
        let line = match self.config.dial.first() {
            Some(program) => {
                crate::service::dial(&self.config.dial, &number)?;
                let args = crate::args![phone = number.clone(), program = program.clone()];
                i18n::tr_args(self.lang, "dial-started", args)
            }
            None => {
                self.clipboard = Some(number.clone());
                i18n::tr_args(self.lang, "dial-copied", crate::args![phone = number])
            }
        };
        self.ask_outcome(client)?;
        // The call's length: from here to its outcome.
        self.dialled = Some((id, std::time::Instant::now()));
        self.tell(line);
        Ok(())
    }
}
