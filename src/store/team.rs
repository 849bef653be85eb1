//! Team mode's tables: the people, each card's owner and change number,
//! whose turn it is at a station, plans per person, and what the head of
//! sales counts per person.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{self, OptionalExtension, Row, params};
use super::{Db, WriteDb, parse_ts, ts};
use crate::domain::{Stage, User};
use crate::error::{Error, Result};

/// What a team server's refusal of another person's plan says (its words
/// in `i18n/server.rs`).
const HEAD_SETS_PLANS: &str = "only the head of sales sets another person's plan";

fn user_row(r: &Row) -> sql::Result<User> {
    let stations: String = r.get(2)?;
    Ok(User {
        login: r.get(0)?,
        name: r.get(1)?,
        stations: stations.split(',').filter_map(Stage::from_key).collect(),
        head: r.get::<i64>(3)? != 0,
        absent: r.get::<i64>(4)? != 0,
    })
}

/// A hand-off: the card, when, to whom, and the receiver's first logged
/// touch after it (if any yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOff {
    pub client_id: i64,
    pub at: DateTime<Utc>,
    pub to: String,
    pub touched: Option<DateTime<Utc>>,
    /// The card is still theirs and active.
    pub still_theirs: bool,
}

/// A person's open work: overdue reminders, stale cards, cards with no
/// next step, and how many active cards each station holds of theirs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Load {
    pub overdue: i64,
    pub no_next_step: i64,
    pub per_stage: Vec<(Stage, i64)>,
}

/// A farmer client with no recent payment: since when (its last payment
/// day, or the day it reached the farmer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdleClient {
    pub id: i64,
    pub name: String,
    pub owner: Option<String>,
    pub since: String,
}

impl Db<'_> {
    /// Every person, by login.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT login, name, stations, head, absent FROM users ORDER BY login",
        )?;
        let rows = stmt.query_map(sql::NONE, user_row)?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// One person, or `NoUser`.
    pub fn user(&self, login: &str) -> Result<User> {
        self.conn
            .prepare_cached(
                "SELECT login, name, stations, head, absent FROM users WHERE login = $1",
            )?
            .query_row([login], user_row)
            .optional()?
            .ok_or_else(|| Error::NoUser(login.to_string()))
    }

    /// Whether the base has people at all (a team), or is one person's.
    pub fn has_users(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM users)")?
            .query_row(sql::NONE, |r| r.get::<bool>(0))?)
    }

    /// Whose turn came last at `stage` (round-robin of its people).
    pub fn last_turn(&self, stage: Stage) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT last FROM turns WHERE stage = $1")?
            .query_row([stage.key()], |r| r.get(0))
            .optional()?)
    }

    /// The ids of every card `login` owns (active or lost).
    pub fn owned_ids(&self, login: &str) -> Result<std::collections::HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM clients WHERE owner = $1")?;
        let rows = stmt.query_map([login], |r| r.get::<i64>(0))?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// A card's change number and who made the change.
    pub fn client_version(&self, id: i64) -> Result<Option<(i64, Option<String>)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT version, changed_by FROM clients WHERE id = $1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// How many active cards `login` holds at `stage`.
    pub fn owned_count(&self, login: &str, stage: Stage) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM clients
                 WHERE owner = $1 AND stage = $2 AND status = 'active'",
            )?
            .query_row(params![login, stage.key()], |r| r.get(0))?)
    }

    /// How many calls, meetings, moves and payments `login` wrote in
    /// `[from, to)`, by kind (kinds with none left out).
    pub fn done_by(
        &self,
        login: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, count(*) FROM activities
             WHERE by_user = $1 AND at >= $2 AND at < $3
               AND kind IN ('call', 'meeting', 'move', 'payment')
             GROUP BY kind",
        )?;
        let rows = stmt.query_map(params![login, ts(from), ts(to)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// `login`'s open work at `now` (local day `today`): overdue reminders
    /// of their active cards (a day gone, or today's whose hour has
    /// passed), active cards before the farmer with no open reminder —
    /// each as their board counts them — and active cards per station.
    pub fn load_of(&self, login: &str, now: DateTime<Utc>, today: NaiveDate) -> Result<Load> {
        let [overdue, ..] = self.count_due_by_counting(now, today, today, Some(login))?;
        let no_next_step = self.count_unplanned(Some(login))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT stage, count(*) FROM clients WHERE owner = $1 AND status = 'active'
             GROUP BY stage",
        )?;
        let rows = stmt.query_map([login], |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)))?;
        let mut per_stage = Vec::new();
        for row in rows {
            let (key, n) = row?;
            per_stage.extend(Stage::from_key(&key).map(|s| (s, n)));
        }
        Ok(Load {
            overdue,
            no_next_step,
            per_stage,
        })
    }

    /// How many of `login`'s active cards have been at `stage` since
    /// `cutoff` or longer (stale).
    pub fn owned_stale(&self, login: &str, stage: Stage, cutoff: DateTime<Utc>) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM clients WHERE owner = $1 AND stage = $2
                 AND status = 'active' AND stage_since <= $3",
            )?
            .query_row(params![login, stage.key(), ts(cutoff)], |r| r.get(0))?)
    }

    /// Every hand-off to `login` (by a move, an assignment or a rotation)
    /// since `since`, each with the receiver's first call, meeting, e-mail
    /// or note on that card after it.
    pub fn hand_offs_to(&self, login: &str, since: DateTime<Utc>) -> Result<Vec<HandOff>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.client_id, h.at,
                    (SELECT min(t.at) FROM activities t
                     WHERE t.client_id = h.client_id AND t.by_user = h.to_owner
                       AND t.at >= h.at AND t.kind IN ('call', 'meeting', 'email', 'note')),
                    (SELECT count(*) FROM clients c
                     WHERE c.id = h.client_id AND c.owner = h.to_owner AND c.status = 'active')
             FROM activities h
             WHERE h.to_owner = $1 AND h.at >= $2
             ORDER BY h.at, h.id",
        )?;
        let rows = stmt.query_map(params![login, ts(since)], |r| {
            let at: String = r.get(1)?;
            let touched: Option<String> = r.get(2)?;
            Ok((r.get::<i64>(0)?, at, touched, r.get::<i64>(3)? > 0))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (client_id, at, touched, still_theirs) = row?;
            out.push(HandOff {
                client_id,
                at: parse_ts(&at)?,
                to: login.to_string(),
                touched: touched.map(|t| parse_ts(&t)).transpose()?,
                still_theirs,
            });
        }
        Ok(out)
    }

    /// Farmer clients whose last payment (or, never paid, their arrival at
    /// the farmer) is before `cutoff`, optionally only `from`'s, oldest
    /// first.
    pub fn idle_farmer_clients(
        &self,
        cutoff: NaiveDate,
        from: Option<&str>,
    ) -> Result<Vec<IdleClient>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, owner, since FROM (
                 SELECT c.id, c.name, c.owner,
                        coalesce((SELECT max(o.paid_on) FROM orders o
                                  WHERE o.client_id = c.id AND o.paid_on IS NOT NULL),
                                 substr(c.stage_since, 1, 10)) AS since
                 FROM clients c
                 WHERE c.stage = 'farmer' AND c.status = 'active'
                   AND ($2 IS NULL OR c.owner = $2)) AS f
             WHERE since < $1
             ORDER BY since, id",
        )?;
        let rows = stmt.query_map(params![super::day(cutoff), from], |r| {
            Ok(IdleClient {
                id: r.get(0)?,
                name: r.get(1)?,
                owner: r.get(2)?,
                since: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }

    /// `login`'s own targets of `week` (metric, target).
    pub fn user_targets(&self, login: &str, week: &str) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT metric, target FROM user_plans WHERE login = $1 AND week = $2
             ORDER BY metric",
        )?;
        let rows = stmt.query_map(params![login, week], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<sql::Result<_>>()?)
    }
}

/// What a password becomes before it leaves this machine: a SCRAM-SHA-256
/// verifier, from which the server checks a sign-in but which does not
/// give the password back.
fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

impl Db<'_> {
    /// Whether this is a team database (its server decides who may do what).
    pub fn on_server(&self) -> bool {
        self.conn.is_pg()
    }

    /// What the team shares of the config file, as TOML (`None`: never
    /// set, or a local file).
    pub fn team_settings(&self) -> Result<Option<String>> {
        if !self.conn.is_pg() {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM team_settings WHERE name = 'config'")?
            .query_row(sql::NONE, |r| r.get(0))
            .optional()?)
    }
}

impl WriteDb<'_> {
    /// Runs `write`, and on a team database takes back what it wrote
    /// (alone: the transaction goes on) when the server refuses it — a
    /// card that is someone else's — giving back the server's words. The
    /// server decides; the caller only goes on past the refusal.
    pub fn unless_refused<T>(
        &self,
        write: impl FnOnce(&Self) -> Result<T>,
    ) -> Result<std::result::Result<T, String>> {
        if !self.conn.is_pg() {
            return write(self).map(Ok);
        }
        self.conn.execute_batch("SAVEPOINT refusable")?;
        match write(self) {
            Ok(done) => {
                self.conn.execute_batch("RELEASE SAVEPOINT refusable")?;
                Ok(Ok(done))
            }
            Err(Error::ServerRefused(why)) => {
                self.conn.execute_batch(
                    "ROLLBACK TO SAVEPOINT refusable; RELEASE SAVEPOINT refusable",
                )?;
                Ok(Err(why))
            }
            Err(e) => Err(e),
        }
    }

    /// Keeps what the team shares of the config file (TOML); the server
    /// lets only the head of sales.
    pub fn set_team_settings(&self, toml: &str) -> Result<()> {
        if !self.conn.is_pg() {
            return Err(Error::SettingsLocal);
        }
        self.conn
            .prepare_cached(
                "INSERT INTO team_settings (name, value) VALUES ('config', $1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            )?
            .execute([toml])?;
        Ok(())
    }

    /// Adds a person. On a team database the server does it (the head of
    /// sales', or the first person's, who then heads sales): their row,
    /// their role (signing in with `password`, or without one where the
    /// server trusts the connection) and their groups.
    pub fn insert_user(
        &self,
        user: &User,
        now: DateTime<Utc>,
        password: Option<&str>,
    ) -> Result<()> {
        let stations: Vec<&str> = user.stations.iter().map(|s| s.key()).collect();
        if self.conn.is_pg() {
            self.conn
                .prepare_cached("SELECT konveyer_enrol($1, $2, $3, $4, $5, $6)::text")?
                .query_row(
                    params![
                        user.login,
                        user.name,
                        stations.join(","),
                        user.head,
                        ts(now),
                        password.map(verifier),
                    ],
                    |_| Ok(()),
                )?;
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "INSERT INTO users (login, name, stations, head, absent, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )?
            .execute(params![
                user.login,
                user.name,
                stations.join(","),
                i64::from(user.head),
                i64::from(user.absent),
                ts(now),
            ])?;
        Ok(())
    }

    /// After rows were loaded whole (a dump, a copy): the next change
    /// number comes after every card's.
    pub fn settle_change_counter(&self) -> Result<()> {
        self.conn.execute_batch(
            "UPDATE change_counter SET n = (SELECT coalesce(max(version), 0) FROM clients)",
        )?;
        Ok(())
    }

    /// Gives `login` every card of `stage` that has no owner; how many.
    pub fn adopt_unowned(&self, login: &str, stage: Stage) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("UPDATE clients SET owner = $1 WHERE owner IS NULL AND stage = $2")?
            .execute(params![login, stage.key()])?)
    }

    /// Marks a person away (`true`) or back; on a team database their role
    /// may then no longer sign in to it, or may again.
    pub fn set_absent(&self, login: &str, absent: bool) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE users SET absent = $2 WHERE login = $1")?
            .execute(params![login, i64::from(absent)])?;
        if self.conn.is_pg() {
            self.conn
                .prepare_cached("SELECT konveyer_enable($1, $2)::text")?
                .query_row(params![login, !absent], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Sets a person's password on the team server (theirs, or anyone's by
    /// the head of sales): only its verifier is sent.
    pub fn set_password(&self, login: &str, password: &str) -> Result<()> {
        if !self.conn.is_pg() {
            return Err(Error::PasswordLocal);
        }
        self.conn
            .prepare_cached("SELECT konveyer_set_password($1, $2)::text")?
            .query_row(params![login, verifier(password)], |_| Ok(()))?;
        Ok(())
    }

    /// Remembers whose turn came last at `stage`.
    pub fn set_last_turn(&self, stage: Stage, login: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO turns (stage, last) VALUES ($1, $2)
                 ON CONFLICT (stage) DO UPDATE SET last = excluded.last",
            )?
            .execute(params![stage.key(), login])?;
        Ok(())
    }

    /// Gives card `id` to `owner`.
    pub fn set_owner(&self, id: i64, owner: Option<&str>) -> Result<()> {
        let number = self.changing(id)?;
        self.conn
            .prepare_cached(
                "UPDATE clients SET owner = $2, version = $3, changed_by = $4 WHERE id = $1",
            )?
            .execute(params![id, owner, number, self.actor()])?;
        Ok(())
    }

    /// Sets (or with 0 removes) `login`'s target for `metric` in `week`.
    pub fn set_user_target(
        &self,
        login: &str,
        week: &str,
        metric: &str,
        target: i64,
    ) -> Result<()> {
        if target == 0 {
            let deleted = self
                .conn
                .prepare_cached(
                    "DELETE FROM user_plans WHERE login = $1 AND week = $2 AND metric = $3",
                )?
                .execute(params![login, week, metric])?;
            // None deleted of a target that is there: a team server's
            // row-level security passed another person's plan over.
            if deleted == 0 && self.user_target_set(login, week, metric)? {
                return Err(Error::ServerRefused(HEAD_SETS_PLANS.to_string()));
            }
        } else {
            self.conn
                .prepare_cached(
                    "INSERT INTO user_plans (login, week, metric, target) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (login, week, metric) DO UPDATE SET target = excluded.target",
                )?
                .execute(params![login, week, metric, target])?;
        }
        Ok(())
    }

    /// Whether `login` has a target for `metric` in `week`.
    fn user_target_set(&self, login: &str, week: &str, metric: &str) -> Result<bool> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM user_plans WHERE login = $1 AND week = $2 AND metric = $3",
            )?
            .query_row(params![login, week, metric], |r| r.get(0))?;
        Ok(n > 0)
    }
}
