//! The team database on a PostgreSQL server: opening it (its schema
//! brought up to date, step by step: `steps`), and who may do what on it,
//! enforced by the server (`rules`, with the admin's setup of a team).

mod rules;
mod steps;

use postgres::Client;

pub(in crate::store) use rules::SERVER_ONLY_COLUMNS;
pub use steps::{MIGRATIONS, latest};

use super::sql::{Conn, Pg, SqlError};
use super::{BUSY_TIMEOUT, Store};
use crate::error::{Error, Result};

/// How long the server keeps a session that sits in a transaction without
/// a word before it ends it (and lets go of its locks).
/// konveyer never waits for a person inside a transaction, so a short one.
const IDLE_IN_TRANSACTION: std::time::Duration = std::time::Duration::from_secs(15);

/// The channel every change is announced on (see `sql::Pg::data_version`).
pub const CHANNEL: &str = "konveyer";

impl Store {
    /// Connects to the team database at `url`, sets up or upgrades its
    /// schema (refusing a newer one, or a database of another program),
    /// and listens for other sessions' changes.
    pub fn open_pg(url: &str) -> Result<Store> {
        Store::open_pg_to(url, latest())
    }

    /// As [`Store::open_pg`], the schema brought only up to `target`
    /// (tests build old versions with it).
    pub fn open_pg_to(url: &str, target: i64) -> Result<Store> {
        let mut client = super::address::connect(url)?;
        become_owner(&mut client)?;
        migrate_to(&mut client, target)?;
        let pg = Pg::new(client, url)?;
        let conn = Conn::Pg(Box::new(pg));
        // In one round trip: how long a write waits for another session's
        // lock before "busy"; how long the server keeps a session that sits
        // in a transaction without a word (a laptop closed, a process
        // stopped) before it ends it and lets go of its locks; the board's
        // list of worked cards.
        conn.execute_batch(&format!(
            "SET lock_timeout = {};
             SET idle_in_transaction_session_timeout = {};
             SET plan_cache_mode = force_custom_plan;
             CREATE TEMP TABLE IF NOT EXISTS worked (id BIGINT PRIMARY KEY)",
            BUSY_TIMEOUT.as_millis(),
            IDLE_IN_TRANSACTION.as_millis()
        ))?;
        let store = Store {
            conn,
            path: None,
            read_only: false,
            rehearsal: false,
            checkpoint: None,
            session: Default::default(),
            undo: false,
        };
        if target == latest() {
            store.look()?;
        }
        Ok(store)
    }
}

/// The version of the schema in the database `client` is connected to
/// (0: none yet).
pub fn version(client: &mut impl postgres::GenericClient) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('konveyer_schema') IS NOT NULL", &[])
        .map_err(SqlError::Pg)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_opt("SELECT version FROM konveyer_schema", &[])
        .map_err(SqlError::Pg)?;
    Ok(row.map_or(0, |r| r.get(0)))
}

fn has_tables(client: &mut Client) -> Result<bool> {
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .map_err(SqlError::Pg)?
        .get(0);
    Ok(n > 0)
}

/// Brings the schema up to `target`, one step per transaction; a schema
/// newer than this build, or tables of another program, are refused.
pub fn migrate_to(client: &mut Client, target: i64) -> Result<()> {
    let mut version = version(client)?;
    if version > latest() {
        return Err(Error::SchemaTooNew {
            found: version,
            supported: latest(),
        });
    }
    if version == 0 && has_tables(client)? {
        return Err(Error::NotKonveyer(Default::default()));
    }
    while version < target {
        let mut tx = client.transaction().map_err(SqlError::Pg)?;
        // One migrating session at a time; another may have gone first.
        tx.batch_execute("SELECT pg_advisory_xact_lock(1263422806)")
            .map_err(SqlError::Pg)?;
        let current = self::version(&mut tx)?;
        if current >= target {
            break;
        }
        steps::step(&mut tx, current as usize).map_err(|e| {
            // A person's session may not change the schema; the admin's may.
            match e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
                true => Error::TeamSchemaBehind {
                    found: current,
                    needed: target,
                },
                false => SqlError::Pg(e).into(),
            }
        })?;
        tx.execute("UPDATE konveyer_schema SET version = $1", &[&(current + 1)])
            .map_err(SqlError::Pg)?;
        tx.commit().map_err(SqlError::Pg)?;
        version = current + 1;
    }
    Ok(())
}

/// The team's owner group, when this session may act as it (the admin
/// who set the team up, or a superuser) and it owns the schema: the
/// session then works as it (`SET ROLE`), so that what it makes belongs to
/// the owner and the rules keep applying to everyone else.
fn become_owner(client: &mut Client) -> Result<()> {
    let row = client
        .query_opt(
            "SELECT format('SET ROLE %I', r.rolname) FROM pg_roles r
             WHERE r.rolname = left(current_database(), 40) || '_owner'
               AND pg_has_role(session_user, r.oid, 'MEMBER')
               AND (to_regclass('public.clients') IS NULL
                    OR (SELECT relowner FROM pg_class
                        WHERE oid = to_regclass('public.clients')) = r.oid)",
            &[],
        )
        .map_err(SqlError::Pg)?;
    if let Some(row) = row {
        client
            .batch_execute(row.get::<_, &str>(0))
            .map_err(SqlError::Pg)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_server::fresh_url;
    use postgres::NoTls;

    fn client(url: &str) -> Client {
        Client::connect(url, NoTls).unwrap()
    }

    #[test]
    fn each_step_brings_the_schema_up_and_a_reopen_goes_on_from_there() {
        let url = fresh_url();
        for step in 1..=latest() {
            drop(Store::open_pg_to(&url, step).unwrap());
            assert_eq!(version(&mut client(&url)).unwrap(), step);
        }
        let store = Store::open_pg(&url).unwrap();
        assert_eq!(version(&mut client(&url)).unwrap(), latest());
        assert!(store.check().unwrap().is_empty());
        let stations: i64 = client(&url)
            .query_one("SELECT count(*) FROM stages", &[])
            .unwrap()
            .get(0);
        assert_eq!(stations, 5);
    }

    #[test]
    fn the_closed_by_step_reads_a_signed_loss_as_a_loss() {
        let url = fresh_url();
        drop(Store::open_pg_to(&url, latest() - 1).unwrap());
        // Three closed reminders as a team server left them: one a loss
        // closed in a person's session (signed with their role), one a loss
        // closed in the admin's, one a person marked done.
        client(&url)
            .batch_execute(
                "INSERT INTO clients (name, stage, status, stage_since, created_at, updated_at)
                     VALUES ('Anna', 'hunter', 'active', '2026-11-20T10:00:00Z',
                             '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z');
                 INSERT INTO reminders (client_id, text, due_on, origin, created_at, done_at, closed_by)
                     VALUES (1, 'a', '2026-12-01', 'manual', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z', 'boris'),
                            (1, 'b', '2026-12-01', 'manual', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z', 'lost'),
                            (1, 'c', '2026-12-01', 'manual', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z', NULL);",
            )
            .unwrap();
        drop(Store::open_pg(&url).unwrap());
        let closed: Vec<Option<String>> = client(&url)
            .query("SELECT closed_by FROM reminders ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(closed, [Some("lost".into()), Some("lost".into()), None]);
    }

    #[test]
    fn a_newer_schema_or_another_programs_tables_are_refused_untouched() {
        let url = fresh_url();
        drop(Store::open_pg(&url).unwrap());
        client(&url)
            .batch_execute(&format!(
                "UPDATE konveyer_schema SET version = {}",
                latest() + 1
            ))
            .unwrap();
        assert!(matches!(
            Store::open_pg(&url),
            Err(Error::SchemaTooNew { found, supported }) if found == latest() + 1 && supported == latest()
        ));

        let url = fresh_url();
        client(&url)
            .batch_execute("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine')")
            .unwrap();
        assert!(matches!(Store::open_pg(&url), Err(Error::NotKonveyer(_))));
        let tables: i64 = client(&url)
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(
            tables, 1,
            "nothing was created beside another program's table"
        );
    }

    #[test]
    fn a_session_left_inside_a_transaction_is_ended_by_the_server() {
        let store = Store::open_pg(&fresh_url()).unwrap();
        let timeout: String = store
            .conn
            .query_row(
                "SHOW idle_in_transaction_session_timeout",
                crate::store::sql::NONE,
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(timeout, "15s");
    }

    #[test]
    fn an_unreachable_server_is_named_without_its_password() {
        let Err(err) = Store::open_pg("postgresql://ann:secret@127.0.0.1:1/team") else {
            panic!("a closed port answered");
        };
        let said = err.to_string();
        assert!(said.contains("ann:***@127.0.0.1:1/team"), "{said}");
        assert!(!said.contains("secret"), "{said}");
    }
}
