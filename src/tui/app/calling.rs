//! A call from the board: the pop-up that asks how it went knows whom,
//! the number and which attempt; `D` hands the number to the dialler (or
//! the clipboard) first, and in the pop-up the client's next number.

use super::{App, Popup};
use crate::domain::Client;
use crate::error::Result;
use crate::i18n;

/// The client being called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calling {
    pub id: i64,
    pub name: String,
    /// The number called (the client's first unless `D` moved on).
    pub phone: Option<String>,
    /// Which of the client's numbers that is (from 0), and how many it has.
    pub number: usize,
    pub numbers: usize,
    /// This call's number among the unanswered ones at the station (from 1).
    pub attempt: i64,
}

impl App {
    /// Opens the call's outcome pop-up for client `id`, with its number
    /// and which attempt this is.
    pub(super) fn open_call(&mut self, id: i64) -> Result<()> {
        let client = self.store.read().client(id)?;
        let phone = client.phone.clone();
        self.ask_outcome(client, phone, 0)
    }

    /// The call's pop-up for `client`, read already, called on its
    /// `number`th number, `phone`.
    fn ask_outcome(&mut self, client: Client, phone: Option<String>, number: usize) -> Result<()> {
        let id = client.id;
        let unanswered = self
            .store
            .read()
            .unanswered_calls_since(id, client.stage_since)?;
        self.calling = Some(Calling {
            id,
            numbers: client.phones().count(),
            name: client.name,
            phone,
            number,
            attempt: unanswered + 1,
        });
        self.popup = Some(Popup::Outcome(id));
        Ok(())
    }

    /// `D`: the client's number to the config's dialler, else to the
    /// clipboard through the terminal; then the call's pop-up, to log how
    /// it went.
    pub(super) fn dial(&mut self, id: i64) -> Result<()> {
        self.dial_number(id, 0)
    }

    /// `D` in the call's pop-up: the client's next number (round again
    /// after the last), dialled as `D` dials the first. One call: its
    /// attempt is the same, its length runs from this number.
    pub(super) fn dial_next(&mut self, id: i64) -> Result<()> {
        let calling = self.calling.as_ref().filter(|c| c.id == id);
        let next = calling.map_or(0, |c| c.number + 1);
        self.dial_number(id, next)
    }

    /// Client `id`'s `n`th number to the dialler or the clipboard, then
    /// the call's pop-up.
    fn dial_number(&mut self, id: i64, n: usize) -> Result<()> {
        let client = self.store.read().client(id)?;
        let number = crate::service::number_of(&client, n, self.config.region())?;
        let (shown, which) = (number.clone(), n % client.phones().count().max(1));
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
        self.ask_outcome(client, Some(shown), which)?;
        // The call's length: from here to its outcome.
        self.dialled = Some((id, std::time::Instant::now()));
        self.tell(line);
        Ok(())
    }
}
