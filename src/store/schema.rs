//! The schema as an ordered list of migration steps on `PRAGMA user_version`.
//! Step N takes a database at version N-1 to version N inside its own
//! transaction. Never edit a released step; add a new one.

use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use crate::domain::StageSettings;
use crate::domain::model::search_text;
use crate::error::{Error, Result};

pub(in crate::store) mod both;
mod kept;
mod tally;

use both::Engine;
pub use kept::RULE_INPUTS;
pub(in crate::store) use kept::{
    CLIENT_OWNER_OF, CONTACT_HOURS_RECOUNT, KEPT_RECOUNTS, NEXT_ON_OF,
};
use kept::{
    v7_rules_mark, v8_rules_changes, v9_client_counts, v10_due_days, v11_next_on, v13_first_paid,
    v14_search_index, v16_reminder_owners,
};

/// Marks a file as a konveyer database (`PRAGMA application_id`, "KONV").
pub const APPLICATION_ID: i64 = 0x4b4f_4e56;

type Step = fn(&Transaction) -> rusqlite::Result<()>;

/// SQLite's own migration steps, up to where the engines met; the schema
/// version is the number of steps applied, these and [`both::STEPS`].
pub const MIGRATIONS: &[Step] = &[
    v1_tables,
    v2_indexes,
    v3_search_text,
    v4_reminder_kinds,
    v5_referrals_segments_reports,
    v6_covering_indexes,
    v7_rules_mark,
    v8_rules_changes,
    v9_client_counts,
    v10_due_days,
    v11_next_on,
    v12_advanced_moves,
    v13_first_paid,
    v14_search_index,
    v15_team,
    v16_reminder_owners,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    (MIGRATIONS.len() + both::STEPS.len()) as i64
}

/// Takes a database at version `current` one step on.
fn step(tx: &Transaction, current: usize) -> rusqlite::Result<()> {
    match MIGRATIONS.get(current) {
        Some(own) => own(tx),
        None => tx.execute_batch(&both::STEPS[current - both::SQLITE_BEFORE].text(Engine::Sqlite)),
    }
}

/// Brings the database up to the latest version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest())
}

/// Brings the database up to `target` (tests use this to build old versions).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let version = user_version(conn)?;
    if version > latest() {
        return Err(Error::SchemaTooNew {
            found: version,
            supported: latest(),
        });
    }
    if version == 0 && !is_blank(conn)? {
        return Err(Error::NotKonveyer(Default::default()));
    }
    while user_version(conn)? < target {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let current = user_version(&tx)?;
        if current >= target {
            break;
        }
        step(&tx, current as usize)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// A file with no tables and no foreign application id: safe to set up.
fn is_blank(conn: &Connection) -> Result<bool> {
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app == 0 || app == APPLICATION_ID) && tables == 0)
}

fn v1_tables(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE stages (
            key        TEXT PRIMARY KEY,
            position   INTEGER NOT NULL,
            stale_days INTEGER,
            enabled    INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE clients (
            id               INTEGER PRIMARY KEY,
            name             TEXT NOT NULL,
            company          TEXT,
            phone            TEXT,
            email            TEXT,
            source           TEXT,
            stage            TEXT NOT NULL REFERENCES stages(key),
            status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost')),
            lost_reason      TEXT,
            stage_since      TEXT NOT NULL,
            created_at       TEXT NOT NULL,
            updated_at       TEXT NOT NULL,
            tags             TEXT,
            notes            TEXT,
            segment_override TEXT,
            segment_note     TEXT
        );
        CREATE TABLE orders (
            id           INTEGER PRIMARY KEY,
            client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            currency     TEXT NOT NULL,
            invoiced_on  TEXT NOT NULL,
            paid_on      TEXT,
            created_at   TEXT NOT NULL,
            note         TEXT
        );
        CREATE TABLE activities (
            id         INTEGER PRIMARY KEY,
            client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            at         TEXT NOT NULL,
            kind       TEXT NOT NULL,
            text       TEXT,
            outcome    TEXT,
            from_stage TEXT,
            to_stage   TEXT,
            order_id   INTEGER REFERENCES orders(id) ON DELETE SET NULL
        );
        CREATE TABLE reminders (
            id         INTEGER PRIMARY KEY,
            client_id  INTEGER REFERENCES clients(id) ON DELETE CASCADE,
            text       TEXT NOT NULL,
            due_on     TEXT NOT NULL,
            due_at     TEXT,
            done_at    TEXT,
            origin     TEXT NOT NULL DEFAULT 'manual',
            order_id   INTEGER REFERENCES orders(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE plans (
            week   TEXT NOT NULL,
            metric TEXT NOT NULL,
            target INTEGER NOT NULL,
            PRIMARY KEY (week, metric)
        );",
    )?;
    for (position, s) in StageSettings::defaults().iter().enumerate() {
        tx.execute(
            "INSERT INTO stages (key, position, stale_days, enabled) VALUES (?1, ?2, ?3, ?4)",
            params![s.stage.key(), position as i64, s.stale_days, s.enabled],
        )?;
    }
    Ok(())
}

/// Indexes for what the board and the agenda ask on every screen.
fn v2_indexes(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE INDEX clients_by_stage ON clients (stage, status, stage_since);
         CREATE INDEX activities_by_client ON activities (client_id, at);
         CREATE INDEX activities_by_kind ON activities (kind, at);
         CREATE INDEX reminders_open ON reminders (due_on) WHERE done_at IS NULL;
         CREATE INDEX reminders_by_client ON reminders (client_id);
         CREATE INDEX orders_by_client ON orders (client_id);
         CREATE INDEX orders_unpaid ON orders (invoiced_on) WHERE paid_on IS NULL;",
    )
}

/// Lower-cased name, company, phone and email for search: SQLite's
/// `lower()` folds ASCII only, so Cyrillic is folded here, in Rust.
fn v3_search_text(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE clients ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")?;
    refold_search_text(tx)
}

/// Recomputes every client's search text with today's folding.
fn refold_search_text(tx: &Transaction) -> rusqlite::Result<()> {
    let mut select = tx.prepare("SELECT id, name, company, phone, email FROM clients")?;
    let mut update = tx.prepare("UPDATE clients SET search_text = ?1 WHERE id = ?2")?;
    let rows = select.query_map([], |r| {
        let phone = r.get::<_, Option<String>>(3)?;
        Ok((
            r.get::<_, i64>(0)?,
            search_text(
                &r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.as_deref(),
                phone.as_deref().as_slice(),
                r.get::<_, Option<String>>(4)?.as_deref(),
            ),
        ))
    })?;
    for row in rows {
        let (id, text) = row?;
        update.execute(params![text, id])?;
    }
    Ok(())
}

/// Rule reminders store what they are, not a sentence in the language of
/// the moment: `count` (a retry's attempt, a reactivation's idle days), the
/// `call-back` origin (the text keeps only the person's note), and
/// `closed_by` (`lost`: closed when the client was lost, reopened by a
/// revive). The search text is folded anew (ё as е, phones as digits).
/// A first payment's move points at its order instead of saying
/// "first payment" in English. Existing sentences in either language are read back into these
/// fields; reminders of lost clients are closed as a loss now closes them.
fn v4_reminder_kinds(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE reminders ADD COLUMN count INTEGER;
         ALTER TABLE reminders ADD COLUMN closed_by TEXT;",
    )?;
    let mut select = tx.prepare("SELECT id, origin, text FROM reminders")?;
    let mut update =
        tx.prepare("UPDATE reminders SET origin = ?2, text = ?3, count = ?4 WHERE id = ?1")?;
    let rows = select.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, origin, text) = row?;
        if let Some((origin, text, count)) = legacy_reminder(&origin, &text) {
            update.execute(params![id, origin, text, count])?;
        }
    }
    refold_search_text(tx)?;
    tx.execute_batch(
        "UPDATE activities SET text = NULL, order_id = (
             SELECT o.id FROM orders o WHERE o.client_id = activities.client_id
             AND o.paid_on IS NOT NULL ORDER BY o.paid_on, o.id LIMIT 1)
         WHERE kind = 'move' AND text = 'first payment';
         UPDATE reminders SET done_at = (SELECT c.updated_at FROM clients c WHERE c.id = client_id),
                              closed_by = 'lost'
         WHERE done_at IS NULL
           AND client_id IN (SELECT id FROM clients WHERE status = 'lost');",
    )
}

/// Reads a rule reminder's old sentence (English or Russian) back into
/// (origin, the person's note, count); `None` for a manual reminder.
fn legacy_reminder(origin: &str, text: &str) -> Option<(&'static str, String, Option<i64>)> {
    let number = |s: &str| -> Option<i64> {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()
    };
    match origin {
        "chase" => Some(("chase", String::new(), None)),
        "retry" => Some(("retry", String::new(), number(text))),
        "reactivation" => Some(("reactivation", String::new(), number(text))),
        "manual" => ["call back", "перезвонить"].iter().find_map(|word| {
            let rest = text.strip_prefix(word)?;
            let note = match rest.strip_prefix(':') {
                Some(note) => note.trim(),
                None if rest.is_empty() => "",
                None => return None,
            };
            Some(("call-back", note.to_string(), None))
        }),
        _ => None,
    }
}

/// Who referred a client (a referral is a step of the sale), until when a
/// manual segment holds, and the indexes the reports read by: payments by
/// day, clients by creation and referrer, and reminders by order (the
/// payment-chasing rule looks its chases up per unpaid invoice).
fn v5_referrals_segments_reports(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE clients ADD COLUMN referred_by INTEGER REFERENCES clients(id) ON DELETE SET NULL;
         ALTER TABLE clients ADD COLUMN segment_until TEXT;
         CREATE INDEX orders_by_paid_on ON orders (paid_on) WHERE paid_on IS NOT NULL;
         CREATE INDEX clients_by_created ON clients (created_at);
         CREATE INDEX clients_by_referrer ON clients (referred_by) WHERE referred_by IS NOT NULL;
         CREATE INDEX reminders_by_order ON reminders (order_id) WHERE order_id IS NOT NULL;",
    )
}

/// Indexes that answer from themselves, without a lookup per row: every
/// client's places on the conveyor in order (the reports' stays), the
/// activity index by kind and time carries the client and the outcome (the
/// reports count contacts and find who moved in a period), payments by
/// client carry their day, currency and amount (the reactivation rule, the
/// segments and first-or-repeat) and so do payments by day (revenue of a
/// period), clients by creation carry source and
/// referrer (the cohort); and the few clients with a manual segment are
/// found without reading every client.
fn v6_covering_indexes(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DROP INDEX activities_by_kind;
         CREATE INDEX activities_by_kind ON activities (kind, at, client_id, outcome);
         CREATE INDEX activities_places ON activities
             (client_id, at, id, kind, from_stage, to_stage, text)
             WHERE kind IN ('created', 'move', 'lost', 'revived');
         CREATE INDEX orders_paid_by_client ON orders (client_id, paid_on, currency, amount_minor)
             WHERE paid_on IS NOT NULL;
         DROP INDEX orders_by_paid_on;
         CREATE INDEX orders_by_paid_on ON orders (paid_on, client_id, currency, amount_minor)
             WHERE paid_on IS NOT NULL;
         DROP INDEX clients_by_created;
         CREATE INDEX clients_by_created ON clients (created_at, source, referred_by);
         CREATE INDEX clients_with_segment ON clients (id) WHERE segment_override IS NOT NULL;",
    )
}

/// The moves that take a client past qualification (to the hunter, the
/// closer or the farmer) by time: the header's "qualified this week" and a
/// report's count read the index alone, not a row per move.
fn v12_advanced_moves(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE INDEX activities_advanced ON activities (at, from_stage)
             WHERE kind = 'move' AND to_stage IN ('hunter', 'closer', 'farmer');",
    )
}

/// Team mode: the people (a login, a name, their stations, whether they
/// head sales, whether they are away), each client's owner and the change
/// number a second writer is checked against, who wrote each timeline
/// entry and, for a hand-off, from whom to whom; plans per person; and
/// whose turn it is next at each station of several people; the last
/// change number given (one row: a card's change takes the next). The same
/// columns on a single person's file, where they stay empty.
pub(super) const TEAM_DDL: &str = "
    CREATE TABLE users (
        login      TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        stations   TEXT NOT NULL DEFAULT '',
        head       INTEGER NOT NULL DEFAULT 0,
        absent     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE user_plans (
        login  TEXT NOT NULL,
        week   TEXT NOT NULL,
        metric TEXT NOT NULL,
        target INTEGER NOT NULL,
        PRIMARY KEY (login, week, metric)
    );
    CREATE TABLE turns (
        stage TEXT PRIMARY KEY,
        last  TEXT NOT NULL
    );
    CREATE TABLE change_counter (n INTEGER NOT NULL);
    INSERT INTO change_counter (n) VALUES (0);
    ALTER TABLE clients ADD COLUMN owner TEXT;
    ALTER TABLE clients ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE clients ADD COLUMN changed_by TEXT;
    ALTER TABLE activities ADD COLUMN by_user TEXT;
    ALTER TABLE activities ADD COLUMN from_owner TEXT;
    ALTER TABLE activities ADD COLUMN to_owner TEXT;
    CREATE INDEX clients_by_owner ON clients (owner, stage, status, stage_since)
        WHERE owner IS NOT NULL;
    CREATE INDEX activities_by_user ON activities (by_user, at) WHERE by_user IS NOT NULL;
    CREATE INDEX activities_handed ON activities (to_owner, at) WHERE to_owner IS NOT NULL;";

fn v15_team(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(TEAM_DDL)
}
