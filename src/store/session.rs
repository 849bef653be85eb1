//! Who acts through a store and what they have seen of the cards: the
//! login every write carries, and the optimistic concurrency that keeps a
//! card someone else has just changed from being written over.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use super::sql;
use super::{Store, WriteDb};
use crate::error::{Error, Result};

/// Who works through a store and what they have seen of the cards: every
/// write carries the person's login, and a card someone else changed since
/// this session last looked is not written over (optimistic concurrency by
/// the cards' change numbers).
#[derive(Debug, Default)]
pub(super) struct Session {
    actor: Option<String>,
    /// The highest change number of any card when this session last looked.
    looked: Cell<i64>,
    /// Cards this session changed itself or was shown changed, with the
    /// change number it knows them by.
    seen: RefCell<HashMap<i64, i64>>,
    /// The cards the transaction under way changed: seen once it lands.
    pending: RefCell<HashSet<i64>>,
    /// The change number of the transaction under way (one per
    /// transaction, taken at its first change of a card).
    number: Cell<Option<i64>>,
    /// The contacts a bulk load has written (its triggers at rest), to be
    /// added to the contacts per hour at its end; `None` outside one.
    pub(super) bulk_contacts: RefCell<Option<super::contacts::ContactTally>>,
}

impl Session {
    /// The transaction ended: what it changed is seen if it landed.
    pub(super) fn ended(&self, landed: bool) {
        let changed = std::mem::take(&mut *self.pending.borrow_mut());
        if let (true, Some(number)) = (landed, self.number.get()) {
            self.seen
                .borrow_mut()
                .extend(changed.into_iter().map(|id| (id, number)));
        }
        self.number.set(None);
    }
}

impl Store {
    /// Who acts through this store from now on (their login; `None`: the
    /// single person of a local base). Timeline entries and changed cards
    /// carry it.
    pub fn set_actor(&mut self, login: Option<String>) {
        self.session.actor = login;
    }

    /// The login this store acts for.
    pub fn actor(&self) -> Option<&str> {
        self.session.actor.as_deref()
    }

    /// Whether this session's role may act as the team's owner (the admin
    /// who set the team up, or a superuser).
    pub fn is_team_admin(&self) -> Result<bool> {
        if !self.conn.is_pg() {
            return Ok(false);
        }
        Ok(self.conn.query_row(
            "SELECT pg_has_role(session_user, konveyer_group('owner'), 'MEMBER')",
            sql::NONE,
            |r| r.get(0),
        )?)
    }

    /// The planner's statistics of the clients brought up to date (a team
    /// database, after many cards changed hands at once).
    pub fn refresh_statistics(&self) -> Result<()> {
        if self.conn.is_pg() {
            self.conn.execute_batch("ANALYZE clients")?;
        }
        Ok(())
    }

    /// The role this session signed in as, decided by the team server from
    /// its credentials (`session_user`); `None` on a local file.
    pub fn signed_in_as(&self) -> Result<Option<String>> {
        if !self.conn.is_pg() {
            return Ok(None);
        }
        Ok(Some(self.conn.query_row(
            "SELECT session_user::text",
            sql::NONE,
            |r| r.get(0),
        )?))
    }

    /// Takes the base as it is now as seen (the board after a reload): a
    /// card changed by someone else before this moment may be changed
    /// again; one changed after it is refused until looked at again.
    pub fn look(&self) -> Result<()> {
        let highest: i64 = self
            .conn
            .query_row("SELECT n FROM change_counter", sql::NONE, |r| r.get(0))?;
        self.session.looked.set(highest);
        Ok(())
    }
}

impl WriteDb<'_> {
    /// The login this write acts for.
    pub fn actor(&self) -> Option<&str> {
        self.session.actor.as_deref()
    }

    /// Claims card `id` for a change by this session: refused when someone
    /// else changed it since this session last looked (it is then taken as
    /// seen: looking again and retrying goes through). Returns the change
    /// number the change writes into the card (`version`, with this
    /// session's login in `changed_by`): one per transaction.
    pub(super) fn changing(&self, id: i64) -> Result<i64> {
        let session = self.session;
        if let Some((version, by)) = self.client_version(id)? {
            let known = version <= session.looked.get()
                || session.seen.borrow().get(&id) == Some(&version)
                // Changed in this transaction: nobody else can have since.
                || session.pending.borrow().contains(&id);
            if !known {
                session.seen.borrow_mut().insert(id, version);
                return Err(Error::ChangedBy { id, by });
            }
        }
        let number = match session.number.get() {
            Some(n) => n,
            None => {
                let n: i64 = self
                    .conn
                    .prepare_cached("UPDATE change_counter SET n = n + 1 RETURNING n")?
                    .query_row(sql::NONE, |r| r.get(0))?;
                session.number.set(Some(n));
                n
            }
        };
        session.pending.borrow_mut().insert(id);
        Ok(number)
    }
}
