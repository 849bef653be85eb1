//! The team database on a PostgreSQL server: connecting, and its schema
//! as its own ordered list of steps (version kept in `konveyer_schema`).
//! The tables, columns and what the triggers keep are those of the SQLite
//! schema at the same point, so every statement of the store reads the
//! same on both; text compares byte by byte (`COLLATE "C"`), as in SQLite.

use postgres::Client;

use super::sql::{Conn, Pg, SqlError};
use super::{BUSY_TIMEOUT, Store};
use crate::domain::StageSettings;
use crate::error::{Error, Result};

/// How long the server keeps a session that sits in a transaction without
/// a word before it ends it (and lets go of its locks).
/// konveyer never waits for a person inside a transaction, so a short one.
const IDLE_IN_TRANSACTION: std::time::Duration = std::time::Duration::from_secs(15);

/// The channel every change is announced on (see `sql::Pg::data_version`).
pub const CHANNEL: &str = "konveyer";

/// One migration step: statements run in the step's transaction.
type Step = fn(&mut postgres::Transaction) -> std::result::Result<(), postgres::Error>;

/// The steps; the schema version is the number applied.
pub const MIGRATIONS: &[Step] = &[
    v1_conveyor,
    v2_team,
    v3_places_with_text,
    v4_rules,
    v5_owner_order,
    v6_reminder_owners,
];

/// The schema version this build writes on PostgreSQL.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

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
            session: Default::default(),
            undo: false,
        };
        if target == latest() {
            store.look()?;
        }
        Ok(store)
    }
}

/// What the admin who sets a team up makes before the schema: the owner
/// group (which may make people's roles, through konveyer's functions
/// only) owning the schema and everything in it, the member and head
/// groups, and the database open to the members only.
const SET_UP: &str = r#"
DO $$
DECLARE
    owner name := left(current_database(), 40) || '_owner';
    members name := left(current_database(), 40) || '_members';
    heads name := left(current_database(), 40) || '_heads';
    r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = owner) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN CREATEROLE', owner);
    ELSE
        EXECUTE format('ALTER ROLE %I NOLOGIN CREATEROLE', owner);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = members) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', members);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = heads) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', heads);
    END IF;
    IF NOT pg_has_role(heads, members, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', members, heads);
    END IF;
    IF NOT pg_has_role(current_user, owner, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', owner, current_user);
    END IF;
    EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner);
    FOR r IN SELECT c.oid::regclass AS t FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
               AND pg_get_userbyid(c.relowner) <> owner LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.t, owner);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> owner LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.f, owner);
    END LOOP;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I',
                   current_database(), members, owner);
END $$;
"#;

impl Store {
    /// Sets a team up on the database at `url`, connected as the admin who
    /// made it (a superuser, or a role with CREATEROLE that owns the
    /// database): the groups, the schema (owned by the owner group, its
    /// rules in force) and, on a database an older konveyer made, a role
    /// for each of its people (without a password: the head of sales sets
    /// them). The store returned works as the owner group; the head of
    /// sales is added through it (`service::init_team`).
    pub fn init_team(url: &str) -> Result<Store> {
        let mut client = super::address::connect(url)?;
        let people: bool = client
            .query_one(
                "SELECT to_regclass('public.users') IS NOT NULL
                    AND coalesce((SELECT pg_get_userbyid(relowner)
                                  = left(current_database(), 40) || '_owner'
                                  FROM pg_class WHERE oid = to_regclass('public.clients')), false)",
                &[],
            )
            .map_err(SqlError::Pg)?
            .get(0);
        if people {
            let n: i64 = client
                .query_one("SELECT count(*) FROM users", &[])
                .map_err(SqlError::Pg)?
                .get(0);
            if n > 0 {
                return Err(Error::TeamSetUp(super::address::shown(url)));
            }
        }
        if version(&mut client)? > latest() {
            return Err(Error::SchemaTooNew {
                found: version(&mut client)?,
                supported: latest(),
            });
        }
        if version(&mut client)? == 0 && has_tables(&mut client)? {
            return Err(Error::NotKonveyer(Default::default()));
        }
        let mut tx = client.transaction().map_err(SqlError::Pg)?;
        tx.batch_execute(SET_UP).map_err(SqlError::Pg)?;
        tx.commit().map_err(SqlError::Pg)?;
        drop(client);
        let store = Store::open_pg(url)?;
        store
            .conn
            .execute_batch("SELECT konveyer_admit(login, head <> 0, NULL) FROM users")?;
        Ok(store)
    }

    /// The names of the team's member and head groups.
    pub fn team_groups(&self) -> Result<(String, String)> {
        Ok(self.conn.query_row(
            "SELECT konveyer_group('members')::text, konveyer_group('heads')::text",
            super::sql::NONE,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
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
        MIGRATIONS[current as usize](&mut tx).map_err(SqlError::Pg)?;
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

/// Every `TEXT` column compares byte by byte, as SQLite's do.
fn c_text(ddl: &str) -> String {
    ddl.replace(" TEXT", " TEXT COLLATE \"C\"")
}

/// The tables and indexes of schema v1 (SQLite's v14).
const V1_TABLES: &str = "CREATE TABLE konveyer_schema (version BIGINT NOT NULL);
         INSERT INTO konveyer_schema (version) VALUES (0);
         CREATE TABLE stages (
             key        TEXT PRIMARY KEY,
             position   BIGINT NOT NULL,
             stale_days BIGINT,
             enabled    BIGINT NOT NULL DEFAULT 1
         );
         CREATE TABLE clients (
             id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             name             TEXT NOT NULL,
             company          TEXT,
             phone            TEXT,
             email            TEXT,
             source           TEXT,
             stage            TEXT NOT NULL REFERENCES stages(key) DEFERRABLE,
             status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost')),
             lost_reason      TEXT,
             stage_since      TEXT NOT NULL,
             created_at       TEXT NOT NULL,
             updated_at       TEXT NOT NULL,
             tags             TEXT,
             notes            TEXT,
             segment_override TEXT,
             segment_note     TEXT,
             search_text      TEXT NOT NULL DEFAULT '',
             referred_by      BIGINT REFERENCES clients(id) ON DELETE SET NULL DEFERRABLE,
             segment_until    TEXT,
             next_on          TEXT
         );
         CREATE TABLE orders (
             id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             client_id    BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE DEFERRABLE,
             amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
             currency     TEXT NOT NULL,
             invoiced_on  TEXT NOT NULL,
             paid_on      TEXT,
             created_at   TEXT NOT NULL,
             note         TEXT,
             first_paid   BIGINT NOT NULL DEFAULT 0
         );
         CREATE TABLE activities (
             id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             client_id  BIGINT NOT NULL REFERENCES clients(id) ON DELETE CASCADE DEFERRABLE,
             at         TEXT NOT NULL,
             kind       TEXT NOT NULL,
             text       TEXT,
             outcome    TEXT,
             from_stage TEXT,
             to_stage   TEXT,
             order_id   BIGINT REFERENCES orders(id) ON DELETE SET NULL DEFERRABLE
         );
         CREATE TABLE reminders (
             id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             client_id  BIGINT REFERENCES clients(id) ON DELETE CASCADE DEFERRABLE,
             text       TEXT NOT NULL,
             due_on     TEXT NOT NULL,
             due_at     TEXT,
             done_at    TEXT,
             origin     TEXT NOT NULL DEFAULT 'manual',
             order_id   BIGINT REFERENCES orders(id) ON DELETE CASCADE DEFERRABLE,
             created_at TEXT NOT NULL,
             count      BIGINT,
             closed_by  TEXT
         );
         CREATE TABLE plans (
             week   TEXT NOT NULL,
             metric TEXT NOT NULL,
             target BIGINT NOT NULL,
             PRIMARY KEY (week, metric)
         );
         CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE rules_changes (client_id BIGINT PRIMARY KEY);
         CREATE TABLE client_counts (
             stage TEXT NOT NULL, status TEXT NOT NULL, n BIGINT NOT NULL,
             PRIMARY KEY (stage, status));
         CREATE TABLE due_days (day TEXT PRIMARY KEY, n BIGINT NOT NULL);

         CREATE INDEX clients_by_stage ON clients (stage, status, stage_since);
         CREATE INDEX clients_queue ON clients (stage, status, next_on, stage_since);
         CREATE INDEX clients_by_referrer ON clients (referred_by) WHERE referred_by IS NOT NULL;
         CREATE INDEX clients_by_created ON clients (created_at, source, referred_by);
         CREATE INDEX clients_with_segment ON clients (id) WHERE segment_override IS NOT NULL;
         CREATE INDEX activities_by_client ON activities (client_id, at);
         CREATE INDEX activities_by_kind ON activities (kind, at, client_id, outcome);
         CREATE INDEX activities_places ON activities (client_id, at, id, kind, from_stage, to_stage)
             WHERE kind IN ('created', 'move', 'lost', 'revived');
         CREATE INDEX activities_advanced ON activities (at, from_stage)
             WHERE kind = 'move' AND to_stage IN ('hunter', 'closer', 'farmer');
         CREATE INDEX reminders_open ON reminders (due_on) WHERE done_at IS NULL;
         CREATE INDEX reminders_by_client ON reminders (client_id);
         CREATE INDEX reminders_by_order ON reminders (order_id, origin, done_at)
             WHERE order_id IS NOT NULL;
         CREATE INDEX orders_by_client ON orders (client_id);
         CREATE INDEX orders_unpaid ON orders (invoiced_on) WHERE paid_on IS NULL;
         CREATE INDEX orders_paid_by_client ON orders (client_id, paid_on, currency, amount_minor)
             WHERE paid_on IS NOT NULL;
         CREATE INDEX orders_by_paid_on ON orders (paid_on, client_id, currency, amount_minor)
             WHERE paid_on IS NOT NULL;
         CREATE INDEX orders_paid_first ON orders (paid_on, first_paid, amount_minor)
             WHERE paid_on IS NOT NULL;";

/// The conveyor as SQLite's schema v14 has it: tables, indexes, and what
/// its triggers keep (the rules' dirty list, clients per station, open
/// reminders per day, each client's next step, each payment's "first").
fn v1_conveyor(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(&c_text(V1_TABLES))?;
    tx.batch_execute(TRIGGERS)?;
    for (position, s) in StageSettings::defaults().iter().enumerate() {
        tx.execute(
            "INSERT INTO stages (key, position, stale_days, enabled) VALUES ($1, $2, $3, $4)",
            &[
                &s.stage.key(),
                &(position as i64),
                &s.stale_days.map(i64::from),
                &i64::from(s.enabled),
            ],
        )?;
    }
    Ok(())
}

/// What SQLite's triggers keep, as PostgreSQL trigger functions.
const TRIGGERS: &str = "
CREATE FUNCTION konveyer_rules_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO rules_changes (client_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO rules_changes (client_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER rules_changes_clients AFTER INSERT OR DELETE OR UPDATE OF stage, status, stage_since
    ON clients FOR EACH ROW EXECUTE FUNCTION konveyer_rules_client();

CREATE FUNCTION konveyer_rules_of() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.client_id IS NOT NULL THEN
        INSERT INTO rules_changes (client_id) VALUES (NEW.client_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.client_id IS NOT NULL THEN
        INSERT INTO rules_changes (client_id) VALUES (OLD.client_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER rules_changes_orders AFTER INSERT OR UPDATE OR DELETE
    ON orders FOR EACH ROW EXECUTE FUNCTION konveyer_rules_of();
CREATE TRIGGER rules_changes_reminders AFTER INSERT OR UPDATE OR DELETE
    ON reminders FOR EACH ROW EXECUTE FUNCTION konveyer_rules_of();

CREATE FUNCTION konveyer_count(s TEXT, st TEXT, d BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO client_counts (stage, status, n) VALUES (s, st, d)
    ON CONFLICT (stage, status) DO UPDATE SET n = client_counts.n + d;
$$;
CREATE FUNCTION konveyer_client_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM konveyer_count(OLD.stage, OLD.status, -1); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM konveyer_count(NEW.stage, NEW.status, 1); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER client_counts_insert_delete AFTER INSERT OR DELETE
    ON clients FOR EACH ROW EXECUTE FUNCTION konveyer_client_counts();
CREATE TRIGGER client_counts_update AFTER UPDATE OF stage, status ON clients FOR EACH ROW
    WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION konveyer_client_counts();

CREATE FUNCTION konveyer_due(d TEXT, k BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO due_days (day, n) VALUES (d, k)
    ON CONFLICT (day) DO UPDATE SET n = due_days.n + k;
$$;
CREATE FUNCTION konveyer_counted(client BIGINT, done TEXT) RETURNS boolean LANGUAGE sql AS $$
    SELECT done IS NULL AND (client IS NULL OR EXISTS (
        SELECT 1 FROM clients WHERE id = client AND status = 'active'));
$$;
CREATE FUNCTION konveyer_due_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND konveyer_counted(OLD.client_id, OLD.done_at) THEN
        PERFORM konveyer_due(OLD.due_on, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND konveyer_counted(NEW.client_id, NEW.done_at) THEN
        PERFORM konveyer_due(NEW.due_on, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER due_days_insert_delete AFTER INSERT OR DELETE
    ON reminders FOR EACH ROW EXECUTE FUNCTION konveyer_due_days();
CREATE TRIGGER due_days_update AFTER UPDATE OF due_on, done_at, client_id
    ON reminders FOR EACH ROW EXECUTE FUNCTION konveyer_due_days();

CREATE FUNCTION konveyer_due_of(client BIGINT, k BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO due_days (day, n)
        SELECT due_on, k * count(*) FROM reminders
        WHERE client_id = client AND done_at IS NULL GROUP BY due_on
    ON CONFLICT (day) DO UPDATE SET n = due_days.n + EXCLUDED.n;
$$;
CREATE FUNCTION konveyer_due_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'active' THEN PERFORM konveyer_due_of(OLD.id, -1); END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'active' THEN PERFORM konveyer_due_of(NEW.id, 1); END IF;
    ELSIF NEW.status = 'active' AND OLD.status <> 'active' THEN
        PERFORM konveyer_due_of(NEW.id, 1);
    ELSIF OLD.status = 'active' AND NEW.status <> 'active' THEN
        PERFORM konveyer_due_of(OLD.id, -1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER due_days_client_delete BEFORE DELETE
    ON clients FOR EACH ROW EXECUTE FUNCTION konveyer_due_client();
CREATE TRIGGER due_days_client AFTER INSERT OR UPDATE OF status
    ON clients FOR EACH ROW EXECUTE FUNCTION konveyer_due_client();

CREATE FUNCTION konveyer_next_on(client BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE clients SET next_on = (SELECT min(due_on) FROM reminders r
        WHERE r.client_id = clients.id AND r.done_at IS NULL)
    WHERE id = client;
$$;
CREATE FUNCTION konveyer_next_on_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.client_id IS NOT NULL THEN
        PERFORM konveyer_next_on(NEW.client_id);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.client_id IS NOT NULL
       AND (TG_OP = 'DELETE' OR OLD.client_id IS DISTINCT FROM NEW.client_id) THEN
        PERFORM konveyer_next_on(OLD.client_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER next_on_insert_delete AFTER INSERT OR DELETE
    ON reminders FOR EACH ROW EXECUTE FUNCTION konveyer_next_on_trigger();
CREATE TRIGGER next_on_update AFTER UPDATE OF due_on, done_at, client_id
    ON reminders FOR EACH ROW EXECUTE FUNCTION konveyer_next_on_trigger();

CREATE FUNCTION konveyer_first_paid(client BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE orders SET first_paid = CASE WHEN paid_on IS NOT NULL AND id IS NOT DISTINCT FROM (
            SELECT p.id FROM orders p WHERE p.client_id = client AND p.paid_on IS NOT NULL
            ORDER BY p.paid_on, p.id LIMIT 1) THEN 1 ELSE 0 END
    WHERE client_id = client;
$$;
CREATE FUNCTION konveyer_first_paid_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.paid_on IS NOT NULL THEN PERFORM konveyer_first_paid(NEW.client_id); END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.paid_on IS NOT NULL THEN PERFORM konveyer_first_paid(OLD.client_id); END IF;
    ELSE
        PERFORM konveyer_first_paid(NEW.client_id);
        IF OLD.client_id IS DISTINCT FROM NEW.client_id THEN
            PERFORM konveyer_first_paid(OLD.client_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER first_paid_insert_delete AFTER INSERT OR DELETE
    ON orders FOR EACH ROW EXECUTE FUNCTION konveyer_first_paid_trigger();
CREATE TRIGGER first_paid_update AFTER UPDATE OF paid_on, client_id
    ON orders FOR EACH ROW EXECUTE FUNCTION konveyer_first_paid_trigger();

CREATE FUNCTION konveyer_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('konveyer', 'changed ' || TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER announce_clients AFTER INSERT OR UPDATE OR DELETE
    ON clients FOR EACH STATEMENT EXECUTE FUNCTION konveyer_announce();
CREATE TRIGGER announce_reminders AFTER INSERT OR UPDATE OR DELETE
    ON reminders FOR EACH STATEMENT EXECUTE FUNCTION konveyer_announce();
CREATE TRIGGER announce_orders AFTER INSERT OR UPDATE OR DELETE
    ON orders FOR EACH STATEMENT EXECUTE FUNCTION konveyer_announce();
CREATE TRIGGER announce_activities AFTER INSERT OR UPDATE OR DELETE
    ON activities FOR EACH STATEMENT EXECUTE FUNCTION konveyer_announce();
";

/// SQLite's v15: people, owners, change numbers, who did what; a card's
/// change is announced with its id.
fn v2_team(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    let ddl = super::schema::TEAM_DDL.replace(" INTEGER", " BIGINT");
    tx.batch_execute(&c_text(&ddl))?;
    tx.batch_execute(
        "CREATE FUNCTION konveyer_announce_card() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF TG_OP = 'DELETE' THEN
                 PERFORM pg_notify('konveyer', 'changed clients ' || OLD.id);
             ELSE
                 PERFORM pg_notify('konveyer', 'changed clients ' || NEW.id);
             END IF;
             RETURN NULL;
         END $$;
         DROP TRIGGER announce_clients ON clients;
         CREATE TRIGGER announce_clients AFTER INSERT OR UPDATE OR DELETE
             ON clients FOR EACH ROW EXECUTE FUNCTION konveyer_announce_card();
         CREATE TRIGGER announce_users AFTER INSERT OR UPDATE OR DELETE
             ON users FOR EACH STATEMENT EXECUTE FUNCTION konveyer_announce();",
    )?;
    tx.batch_execute(&super::undo::pg_undo_log())
}

/// The index of the timeline's places carries each entry's text, as
/// SQLite's does (a report reads the places from the index alone); v1 left
/// the text out (found by `store/tests/agree.rs` comparing the indexes'
/// columns).
fn v3_places_with_text(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(
        "DROP INDEX activities_places;
         CREATE INDEX activities_places
             ON activities (client_id, at, id, kind, from_stage, to_stage, text)
             WHERE kind IN ('created', 'move', 'lost', 'revived');",
    )
}

/// Who may do what, enforced by the server (see `server_rules`).
fn v4_rules(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(super::server_rules::V4_RULES)
}

/// One person's column read in the board's order from their index (as
/// SQLite's, which ends in the id): a window of 12 of 10 000 cards took
/// 12 ms sorting them all.
fn v5_owner_order(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(
        "DROP INDEX clients_by_owner;
         CREATE INDEX clients_by_owner ON clients (owner, stage, status, stage_since, id)
             WHERE owner IS NOT NULL;",
    )
}

/// SQLite's v16: each reminder carries its active client's owner, kept by
/// the owner's triggers; one person's pane reads it from an index.
fn v6_reminder_owners(tx: &mut postgres::Transaction) -> std::result::Result<(), postgres::Error> {
    tx.batch_execute(
        "ALTER TABLE reminders ADD COLUMN client_owner TEXT COLLATE \"C\";
         UPDATE reminders SET client_owner = (SELECT c.owner FROM clients c
             WHERE c.id = reminders.client_id AND c.status = 'active')
         WHERE client_id IS NOT NULL;
         CREATE INDEX reminders_open_by_owner ON reminders (client_owner, due_on)
             WHERE done_at IS NULL AND client_owner IS NOT NULL;
         CREATE INDEX reminders_open_general ON reminders (due_on)
             WHERE done_at IS NULL AND client_id IS NULL;
         CREATE FUNCTION konveyer_client_owner() RETURNS trigger LANGUAGE plpgsql
             SECURITY DEFINER SET search_path = public, pg_temp AS $$
         BEGIN
             UPDATE reminders SET client_owner = (SELECT c.owner FROM clients c
                 WHERE c.id = reminders.client_id AND c.status = 'active')
             WHERE id = NEW.id;
             RETURN NULL;
         END $$;
         CREATE TRIGGER client_owner_insert AFTER INSERT ON reminders FOR EACH ROW
             WHEN (NEW.client_id IS NOT NULL) EXECUTE FUNCTION konveyer_client_owner();
         CREATE TRIGGER client_owner_update AFTER UPDATE OF client_id ON reminders FOR EACH ROW
             EXECUTE FUNCTION konveyer_client_owner();
         CREATE FUNCTION konveyer_client_owner_of_client() RETURNS trigger LANGUAGE plpgsql
             SECURITY DEFINER SET search_path = public, pg_temp AS $$
         BEGIN
             UPDATE reminders SET client_owner = CASE WHEN NEW.status = 'active' THEN NEW.owner END
             WHERE client_id = NEW.id;
             RETURN NULL;
         END $$;
         CREATE TRIGGER client_owner_of_client AFTER UPDATE OF owner, status ON clients
             FOR EACH ROW EXECUTE FUNCTION konveyer_client_owner_of_client();",
    )?;
    tx.batch_execute(super::undo::pg_undo_log_function())
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
