//! Who may do what on a team database, decided by the server: a role per
//! person, group roles for members and heads of sales, grants that give
//! members only what konveyer needs, row-level security on the records,
//! and triggers that sign every change with the session's own role
//! (`session_user`), whatever the client wrote. The same rules hold for
//! the board, the CLI and a `psql` session with a member's credentials.
//!
//! The groups are named after the database (`<db>_owner`, `<db>_members`,
//! `<db>_heads`), so several teams can share a server. The owner group
//! owns the schema and nobody logs in as it; functions that must cross
//! the lines (adding a person, the derived tables the triggers keep) run
//! as it (`SECURITY DEFINER`, fixed `search_path`) and check the caller
//! themselves. `Store::init_team` is the admin's setup of a team: the
//! groups and the schema's owner before the first step.

use super::{has_tables, latest, version};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::sql::SqlError;

/// Columns a team server keeps for itself (when an entry was written, by
/// its clock): not part of a dump or an export.
pub(in crate::store) const SERVER_ONLY_COLUMNS: &[&str] = &["written"];

/// Schema v4: the groups (made here if the migrating role may; `init-team`
/// makes them first otherwise), the checks, the grants and the policies.
pub(super) const V4_RULES: &str = r#"
CREATE FUNCTION konveyer_group(kind TEXT) RETURNS name LANGUAGE sql STABLE AS $$
    SELECT (left(current_database(), 40) || '_' || kind)::name
$$;

DO $$
DECLARE kind TEXT;
BEGIN
    FOREACH kind IN ARRAY ARRAY['owner', 'members', 'heads'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = konveyer_group(kind)) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', konveyer_group(kind));
        END IF;
    END LOOP;
    IF NOT pg_has_role(konveyer_group('heads'), konveyer_group('members'), 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', konveyer_group('members'), konveyer_group('heads'));
    END IF;
END $$;

-- Whether the session's role is one of the team's people; whether it
-- heads sales (the admin who set the team up, a member of the owner
-- group, counts as one, as does a superuser: they may do anything anyway).
-- Both ask who signed in (`session_user`), never who a function runs as.
CREATE FUNCTION konveyer_is_person() RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM users WHERE login = session_user)
$$;
CREATE FUNCTION konveyer_is_head() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user, konveyer_group('heads'), 'MEMBER')
        OR pg_has_role(session_user, konveyer_group('owner'), 'MEMBER')
$$;
-- Working as the tables' owner: inside one of its functions (a trigger
-- keeping what is derived from the records), or the admin's session.
CREATE FUNCTION konveyer_is_keeper() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT current_user = pg_get_userbyid(relowner) FROM pg_class
    WHERE oid = 'public.clients'::regclass
$$;
-- Whether `who` is present and works `stage`.
CREATE FUNCTION konveyer_works(who TEXT, stage TEXT) RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM users WHERE login = who AND absent = 0
                   AND (',' || stations || ',') LIKE ('%,' || stage || ',%'))
$$;
-- Whether the session may change what hangs off card `client` (its
-- reminders, orders): the card is its own or nobody's, or it heads sales.
CREATE FUNCTION konveyer_mine(client BIGINT) RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT client IS NULL OR konveyer_is_head() OR EXISTS (
        SELECT 1 FROM clients WHERE id = client AND (owner IS NULL OR owner = session_user))
$$;

-- Every timeline entry signed by the server; when it was written, by the
-- server's clock (the undo window).
ALTER TABLE activities ADD COLUMN written TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE FUNCTION konveyer_sign_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF konveyer_is_person() THEN
        NEW.by_user := session_user;
    END IF;
    NEW.written := now();
    RETURN NEW;
END $$;
CREATE TRIGGER sign_entry BEFORE INSERT ON activities
    FOR EACH ROW EXECUTE FUNCTION konveyer_sign_entry();

-- A card: signed, and changed only by its owner (or anyone while nobody
-- owns it), the head of sales, or the owner's functions keeping what is
-- derived. A card changes hands to a person who works its station.
CREATE FUNCTION konveyer_guard_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF konveyer_is_keeper() THEN
        RETURN NEW;
    END IF;
    IF konveyer_is_person() THEN
        NEW.changed_by := session_user;
    END IF;
    IF konveyer_is_head() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.owner IS NOT NULL AND OLD.owner <> session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: card %s is %s''s', OLD.id, OLD.owner);
    END IF;
    IF NEW.owner IS NOT NULL AND NEW.owner <> session_user
       AND (TG_OP = 'INSERT' OR NEW.owner IS DISTINCT FROM OLD.owner)
       AND NOT konveyer_works(NEW.owner, NEW.stage) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: %s does not work the %s station', NEW.owner, NEW.stage);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER guard_card BEFORE INSERT OR UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION konveyer_guard_card();

-- A reminder closed is closed by the session's role.
CREATE FUNCTION konveyer_sign_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.closed_by IS NOT NULL AND NOT konveyer_is_keeper() AND konveyer_is_person() THEN
        NEW.closed_by := session_user;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER sign_reminder BEFORE INSERT OR UPDATE ON reminders
    FOR EACH ROW EXECUTE FUNCTION konveyer_sign_reminder();

-- A deleted card leaves a record: which, its name, who, when.
CREATE TABLE deleted_clients (
    client_id BIGINT NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    by_role   TEXT COLLATE "C" NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE FUNCTION konveyer_record_delete() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO deleted_clients (client_id, name, by_role) VALUES (OLD.id, OLD.name, session_user);
    RETURN OLD;
END $$;
CREATE TRIGGER record_delete BEFORE DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION konveyer_record_delete();

-- What the triggers keep from the records (the rules' list, counts per
-- station and day, next steps, first payments) is kept as the owner:
-- members write none of it themselves.
ALTER FUNCTION konveyer_rules_client() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_rules_of() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_client_counts() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_due_days() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_due_client() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_next_on_trigger() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION konveyer_first_paid_trigger() SECURITY DEFINER SET search_path = public, pg_temp;

-- What the team shares of the config file (`konveyer settings`): TOML.
CREATE TABLE team_settings (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

-- The roles this team made (`konveyer_admit`): only their passwords are
-- the team's to set. A role the server had already — an admin, a person
-- of another team on the same server — keeps its own: a head of sales who
-- adds it cannot take it over by setting its password.
CREATE TABLE team_roles (login TEXT COLLATE "C" PRIMARY KEY);

-- A person's role: made (with a SCRAM verifier, never a password) or, if
-- the server has it already, taken as it is; then a member of the team.
CREATE FUNCTION konveyer_admit(who TEXT, head BOOLEAN, verifier TEXT) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF who !~ '^[a-z][a-z0-9._-]{0,62}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('konveyer: %s is not a login', who);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
        BEGIN
            IF verifier IS NULL THEN
                EXECUTE format('CREATE ROLE %I LOGIN', who);
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', who, verifier);
            END IF;
            INSERT INTO team_roles (login) VALUES (who) ON CONFLICT DO NOTHING;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    ELSIF verifier IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('konveyer: the role %s exists on the server already and keeps its own password; add them with --no-password', who);
    END IF;
    -- A role another session made at this very moment may take an
    -- instant to be seen here.
    FOR attempt IN 1..50 LOOP
        BEGIN
            EXECUTE format('GRANT %I TO %I',
                konveyer_group(CASE WHEN head THEN 'heads' ELSE 'members' END), who);
            RETURN;
        EXCEPTION WHEN undefined_object THEN
            IF attempt = 50 THEN
                RAISE;
            END IF;
            PERFORM pg_sleep(0.02);
        END;
    END LOOP;
END $$;

-- Adds a person: their row and their role. The head of sales' alone,
-- except the first person of a team (who then heads sales).
CREATE FUNCTION konveyer_enrol(who TEXT, name TEXT, stations TEXT, head BOOLEAN,
                               created TEXT, verifier TEXT) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE first BOOLEAN := NOT EXISTS (SELECT 1 FROM users);
BEGIN
    IF NOT first AND NOT konveyer_is_head() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'konveyer: only the head of sales adds people';
    END IF;
    INSERT INTO users (login, name, stations, head, absent, created_at)
        VALUES (who, name, stations, (head OR first)::int, 0, created);
    PERFORM konveyer_admit(who, head OR first, verifier);
END $$;

-- A person's role may sign in to this team (`on`) or not: their
-- memberships, which carry the right to connect.
CREATE FUNCTION konveyer_enable(who TEXT, active BOOLEAN) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE is_head BOOLEAN;
BEGIN
    IF NOT konveyer_is_head() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'konveyer: only the head of sales turns people off and on';
    END IF;
    SELECT head <> 0 INTO is_head FROM users WHERE login = who;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF active THEN
        EXECUTE format('GRANT %I TO %I',
            konveyer_group(CASE WHEN is_head THEN 'heads' ELSE 'members' END), who);
    ELSE
        IF who = session_user THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'konveyer: the head of sales cannot turn themselves off';
        END IF;
        EXECUTE format('REVOKE %I FROM %I', konveyer_group('heads'), who);
        EXECUTE format('REVOKE %I FROM %I', konveyer_group('members'), who);
    END IF;
END $$;

-- A person's password, as a SCRAM verifier: their own, or anyone's of the
-- team by the head of sales.
CREATE FUNCTION konveyer_set_password(who TEXT, verifier TEXT) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF who <> session_user AND NOT konveyer_is_head() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'konveyer: only the head of sales sets another person''s password';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM users WHERE login = who)
       OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who AND (rolsuper OR rolcreaterole)) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: %s is not a person of this team', who);
    END IF;
    IF who <> session_user AND NOT EXISTS (SELECT 1 FROM team_roles WHERE login = who) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: the role %s was not made by this team and keeps its own password (they set it themselves, or the server''s admin does)', who);
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', who, verifier);
END $$;

DO $$
DECLARE
    members name := konveyer_group('members');
    heads name := konveyer_group('heads');
    owner name := konveyer_group('owner');
    t TEXT;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', members);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC');
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', members);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', members);
    EXECUTE format('GRANT INSERT, UPDATE ON clients, reminders, orders, turns, meta TO %I', members);
    EXECUTE format('GRANT DELETE ON reminders, orders, rules_changes, user_plans TO %I', members);
    EXECUTE format('GRANT INSERT, DELETE ON activities TO %I', members);
    EXECUTE format('GRANT INSERT, UPDATE ON user_plans, rules_changes TO %I', members);
    EXECUTE format('GRANT UPDATE ON change_counter TO %I', members);
    EXECUTE format('GRANT DELETE ON clients TO %I', heads);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON users, plans, stages, team_settings TO %I', heads);
    EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC');
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', members);
    EXECUTE format('REVOKE ALL ON FUNCTION konveyer_admit(TEXT, BOOLEAN, TEXT) FROM %I', members);

    -- Row-level security, enabled and forced (the owner too), each table
    -- readable by the team; the owner's functions keep what is derived.
    FOREACH t IN ARRAY ARRAY['clients', 'activities', 'reminders', 'orders', 'users',
                             'plans', 'user_plans', 'stages', 'team_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY team_reads ON %I FOR SELECT USING (true)', t);
        EXECUTE format('CREATE POLICY keeper ON %I TO %I USING (true) WITH CHECK (true)', t, owner);
    END LOOP;
    ALTER TABLE deleted_clients ENABLE ROW LEVEL SECURITY;
    CREATE POLICY team_reads ON deleted_clients FOR SELECT USING (true);
    ALTER TABLE team_roles ENABLE ROW LEVEL SECURITY;
    CREATE POLICY team_reads ON team_roles FOR SELECT USING (true);
END $$;

-- Cards: anyone adds one (theirs, nobody's, or for a person of its
-- station); changes are checked by `guard_card`, which sees the row
-- before and after; only the head of sales deletes.
CREATE POLICY adds ON clients FOR INSERT WITH CHECK (true);
CREATE POLICY changes ON clients FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY head_deletes ON clients FOR DELETE USING (konveyer_is_head());

-- The timeline: appended to, signed by the server; an entry is taken
-- back only by whoever wrote it, within the hour (the board's undo).
CREATE POLICY appends ON activities FOR INSERT WITH CHECK (true);
CREATE POLICY takes_back ON activities FOR DELETE
    USING (by_user = session_user AND written > now() - interval '1 hour');

-- Reminders and orders of one's own cards (the rules' own reminders on
-- any card: the day's sweep runs in whoever's session comes first).
CREATE POLICY own_cards ON reminders FOR ALL
    USING (konveyer_mine(client_id) OR origin <> 'manual')
    WITH CHECK (konveyer_mine(client_id) OR origin <> 'manual');
CREATE POLICY own_cards ON orders FOR ALL
    USING (konveyer_mine(client_id)) WITH CHECK (konveyer_mine(client_id));

-- People, the team's plan and its stations: the head of sales'.
CREATE POLICY head_writes ON users FOR ALL USING (konveyer_is_head()) WITH CHECK (konveyer_is_head());
CREATE POLICY head_writes ON plans FOR ALL USING (konveyer_is_head()) WITH CHECK (konveyer_is_head());
CREATE POLICY head_writes ON stages FOR ALL USING (konveyer_is_head()) WITH CHECK (konveyer_is_head());
CREATE POLICY head_writes ON team_settings FOR ALL
    USING (konveyer_is_head()) WITH CHECK (konveyer_is_head());
-- A person's own plan: theirs, or the head of sales'.
CREATE POLICY own_plan ON user_plans FOR ALL
    USING (login = session_user OR konveyer_is_head())
    WITH CHECK (login = session_user OR konveyer_is_head());
"#;

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
        let mut client = crate::store::address::connect(url)?;
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
                return Err(Error::TeamSetUp(crate::store::address::shown(url)));
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
            crate::store::sql::NONE,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
