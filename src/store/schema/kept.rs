//! The steps that set up what triggers keep from other rows: the rules'
//! mark and their list of changed clients, clients per station, open
//! reminders per day, each client's next step, each payment's "first"
//! flag, and the search index.

use rusqlite::Transaction;

pub(in crate::store) use super::tally::Tally;

/// The tables the rules read (unpaid invoices, farmers' payments, their
/// reminders; the stages' settings are compared apart), and the column that
/// names the client a row concerns.
pub const RULE_INPUTS: [(&str, &str); 3] = [
    ("clients", "id"),
    ("orders", "client_id"),
    ("reminders", "client_id"),
];

/// A mark of the last clean sweep of the rules (the day and the settings it
/// ran with), cleared by any change to what the rules read: a reading
/// command sees "nothing changed since this morning's sweep" in one lookup
/// instead of sweeping the base again. A client's name, notes or search
/// text do not matter to the rules, nor does the timeline. And invoices'
/// reminders by order carry their kind and when they were done.
pub(super) fn v7_rules_mark(tx: &Transaction) -> rusqlite::Result<()> {
    // The chase rule's look at an invoice's reminders, from the index alone.
    let mut sql = String::from(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
         DROP INDEX reminders_by_order;
         CREATE INDEX reminders_by_order ON reminders (order_id, origin, done_at)
             WHERE order_id IS NOT NULL;",
    );
    for (table, _) in RULE_INPUTS {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let name = format!("rules_stale_{}_{}", table, op.to_lowercase());
            let event = match (table, op) {
                ("clients", "UPDATE") => "UPDATE OF stage, status, stage_since".to_string(),
                _ => op.to_string(),
            };
            sql.push_str(&format!(
                "CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN
                   DELETE FROM meta WHERE key = 'rules';
                 END;"
            ));
        }
    }
    tx.execute_batch(&sql)
}

/// Which clients changed since the day's sweep: the mark of v7 now stays
/// for the day, and a change to what the rules read notes its client (both
/// clients when a row moves from one to another), so that the rules run
/// for those clients alone until the next day's full sweep.
pub(super) fn v8_rules_changes(tx: &Transaction) -> rusqlite::Result<()> {
    let mut sql = String::from("CREATE TABLE rules_changes (client_id INTEGER PRIMARY KEY);");
    for (table, column) in RULE_INPUTS {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let lower = op.to_lowercase();
            let event = match (table, op) {
                ("clients", "UPDATE") => "UPDATE OF stage, status, stage_since",
                _ => op,
            };
            let rows = match op {
                "INSERT" => format!("SELECT NEW.{column} AS id"),
                "DELETE" => format!("SELECT OLD.{column} AS id"),
                _ => format!("SELECT NEW.{column} AS id UNION SELECT OLD.{column}"),
            };
            sql.push_str(&format!(
                "DROP TRIGGER rules_stale_{table}_{lower};
                 CREATE TRIGGER rules_changes_{table}_{lower} AFTER {event} ON {table} BEGIN
                   INSERT OR IGNORE INTO rules_changes (client_id)
                     SELECT id FROM ({rows}) WHERE id IS NOT NULL;
                 END;"
            ));
        }
    }
    tx.execute_batch(&sql)
}

/// How many clients each station holds, by status, kept by triggers in the
/// same transaction as the change: the board's column counts and the
/// CLI's totals read a row instead of counting an index (a station of
/// 700 000 cards took 40 ms to count). `konveyer check` counts again and
/// compares.
pub(super) fn v9_client_counts(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE client_counts (
             stage TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
             PRIMARY KEY (stage, status)) WITHOUT ROWID;
         INSERT INTO client_counts (stage, status, n)
             SELECT stage, status, count(*) FROM clients GROUP BY stage, status;
         CREATE TRIGGER client_counts_insert AFTER INSERT ON clients BEGIN
             INSERT OR IGNORE INTO client_counts (stage, status, n) VALUES (NEW.stage, NEW.status, 0);
             UPDATE client_counts SET n = n + 1 WHERE stage = NEW.stage AND status = NEW.status;
         END;
         CREATE TRIGGER client_counts_delete AFTER DELETE ON clients BEGIN
             UPDATE client_counts SET n = n - 1 WHERE stage = OLD.stage AND status = OLD.status;
         END;
         CREATE TRIGGER client_counts_update AFTER UPDATE OF stage, status ON clients
         WHEN OLD.stage IS NOT NEW.stage OR OLD.status IS NOT NEW.status BEGIN
             UPDATE client_counts SET n = n - 1 WHERE stage = OLD.stage AND status = OLD.status;
             INSERT OR IGNORE INTO client_counts (stage, status, n) VALUES (NEW.stage, NEW.status, 0);
             UPDATE client_counts SET n = n + 1 WHERE stage = NEW.stage AND status = NEW.status;
         END;",
    )
}

/// The clients per station and status counted afresh (after a load that
/// went round the triggers).
pub(in crate::store) const CLIENT_COUNTS_RECOUNT: &str = "
    DELETE FROM client_counts;
    INSERT INTO client_counts (stage, status, n)
        SELECT stage, status, count(*) FROM clients GROUP BY stage, status;";

/// Open reminders per due day, counting those of active clients and those
/// of no client (what the pane and the header count), kept by triggers:
/// the overdue, today and coming-week figures add up a few dozen days
/// instead of counting every open reminder. A reminder counts while it is
/// open and its client is active, so a client that is lost, revived,
/// created or deleted moves its open reminders' counts with it.
pub(in crate::store) const DUE_DAYS_RECOUNT: &str = "
    DELETE FROM due_days;
    INSERT INTO due_days (day, n)
        SELECT r.due_on, count(*) FROM reminders r LEFT JOIN clients c ON c.id = r.client_id
        WHERE r.done_at IS NULL AND (r.client_id IS NULL OR c.status = 'active')
        GROUP BY r.due_on;";

pub(super) fn v10_due_days(tx: &Transaction) -> rusqlite::Result<()> {
    let live = |r: &str| {
        format!(
            "{r}.done_at IS NULL AND ({r}.client_id IS NULL OR EXISTS (
                 SELECT 1 FROM clients WHERE id = {r}.client_id AND status = 'active'))"
        )
    };
    let add = |r: &str, sign: &str| {
        format!(
            "INSERT OR IGNORE INTO due_days (day, n) VALUES ({r}.due_on, 0);
             UPDATE due_days SET n = n {sign} 1 WHERE day = {r}.due_on;"
        )
    };
    // A client's open reminders, added to (or taken from) their days.
    let client = |c: &str, sign: &str| {
        let open = format!("FROM reminders WHERE client_id = {c}.id AND done_at IS NULL");
        format!(
            "INSERT OR IGNORE INTO due_days (day, n) SELECT due_on, 0 {open};
             UPDATE due_days SET n = n {sign} (SELECT count(*) {open} AND due_on = due_days.day)
                 WHERE day IN (SELECT due_on {open});"
        )
    };
    let changes = "UPDATE OF due_on, done_at, client_id";
    tx.execute_batch(&format!(
        "CREATE TABLE due_days (day TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
         {DUE_DAYS_RECOUNT}
         CREATE TRIGGER due_days_insert AFTER INSERT ON reminders WHEN {new} BEGIN {add_new} END;
         CREATE TRIGGER due_days_delete AFTER DELETE ON reminders WHEN {old} BEGIN {take_old} END;
         CREATE TRIGGER due_days_update_old AFTER {changes} ON reminders WHEN {old}
             BEGIN {take_old} END;
         CREATE TRIGGER due_days_update_new AFTER {changes} ON reminders WHEN {new}
             BEGIN {add_new} END;
         CREATE TRIGGER due_days_client_insert AFTER INSERT ON clients
             WHEN NEW.status = 'active' BEGIN {client_in} END;
         CREATE TRIGGER due_days_client_delete BEFORE DELETE ON clients
             WHEN OLD.status = 'active' BEGIN {client_out} END;
         CREATE TRIGGER due_days_client_on AFTER UPDATE OF status ON clients
             WHEN NEW.status = 'active' AND OLD.status <> 'active' BEGIN {client_in} END;
         CREATE TRIGGER due_days_client_off AFTER UPDATE OF status ON clients
             WHEN OLD.status = 'active' AND NEW.status <> 'active' BEGIN {client_out} END;",
        new = live("NEW"),
        old = live("OLD"),
        add_new = add("NEW", "+"),
        take_old = add("OLD", "-"),
        client_in = client("NEW", "+"),
        client_out = client("OLD", "-"),
    ))
}

/// Each client's next step: the day its earliest open reminder is due
/// (none: no next step), kept by triggers. The focus queue reads its four
/// parts — due, none, later, worked — from one index in order, instead of
/// working out every due client's day and sorting them.
pub(in crate::store) const NEXT_ON_OF: &str =
    "(SELECT min(due_on) FROM reminders r WHERE r.client_id = clients.id AND r.done_at IS NULL)";

pub(super) fn v11_next_on(tx: &Transaction) -> rusqlite::Result<()> {
    let set = |who: &str| {
        format!("UPDATE clients SET next_on = {NEXT_ON_OF} WHERE id = {who}.client_id;")
    };
    tx.execute_batch(&format!(
        "ALTER TABLE clients ADD COLUMN next_on TEXT;
         UPDATE clients SET next_on = {NEXT_ON_OF}
             WHERE id IN (SELECT client_id FROM reminders WHERE done_at IS NULL);
         CREATE INDEX clients_queue ON clients (stage, status, next_on, stage_since);
         CREATE TRIGGER next_on_insert AFTER INSERT ON reminders
             WHEN NEW.client_id IS NOT NULL BEGIN {new} END;
         CREATE TRIGGER next_on_delete AFTER DELETE ON reminders
             WHEN OLD.client_id IS NOT NULL BEGIN {old} END;
         CREATE TRIGGER next_on_update AFTER UPDATE OF due_on, done_at, client_id ON reminders
         BEGIN {new} {old} END;",
        new = set("NEW"),
        old = set("OLD"),
    ))
}

/// Whether a paid order is its client's first (by payment day, then id),
/// kept by triggers: the header's first and repeat sales of the week read
/// a flag from an index instead of looking for an earlier payment of each.
fn first_paid_of(client: &str) -> String {
    format!(
        "UPDATE orders SET first_paid = (paid_on IS NOT NULL AND id IS (
             SELECT p.id FROM orders p WHERE p.client_id = {client} AND p.paid_on IS NOT NULL
             ORDER BY p.paid_on, p.id LIMIT 1))
         WHERE client_id = {client};"
    )
}

pub(super) fn v13_first_paid(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "ALTER TABLE orders ADD COLUMN first_paid INTEGER NOT NULL DEFAULT 0;
         UPDATE orders SET first_paid = 1 WHERE id IN (
             SELECT (SELECT p.id FROM orders p WHERE p.client_id = c.client_id
                     AND p.paid_on IS NOT NULL ORDER BY p.paid_on, p.id LIMIT 1)
             FROM (SELECT DISTINCT client_id FROM orders WHERE paid_on IS NOT NULL) c);
         CREATE INDEX orders_paid_first ON orders (paid_on, first_paid, amount_minor)
             WHERE paid_on IS NOT NULL;
         CREATE TRIGGER first_paid_insert AFTER INSERT ON orders
             WHEN NEW.paid_on IS NOT NULL BEGIN {new} END;
         CREATE TRIGGER first_paid_update AFTER UPDATE OF paid_on, client_id ON orders
             BEGIN {new} {old} END;
         CREATE TRIGGER first_paid_delete AFTER DELETE ON orders
             WHEN OLD.paid_on IS NOT NULL BEGIN {old} END;",
        new = first_paid_of("NEW.client_id"),
        old = first_paid_of("OLD.client_id"),
    ))
}

/// Every client's search text in a trigram index (FTS5 over the clients'
/// own column: no copy of the texts, and no positions, which the search
/// does not use): a word of three letters or more is looked for among the
/// clients whose text holds all its trigrams, instead of in every text
/// (at a million clients the board held 160 MiB of texts and took 60 ms a
/// keystroke). Kept by triggers; a bulk load builds it anew or adds what
/// it changed once at its end.
const SEARCH_INDEX_TRIGGERS: &str = "
    CREATE TRIGGER search_index_insert AFTER INSERT ON clients BEGIN
        INSERT INTO search_index (rowid, search_text) VALUES (NEW.id, NEW.search_text);
    END;
    CREATE TRIGGER search_index_delete AFTER DELETE ON clients BEGIN
        INSERT INTO search_index (search_index, rowid, search_text)
            VALUES ('delete', OLD.id, OLD.search_text);
    END;
    CREATE TRIGGER search_index_update AFTER UPDATE OF search_text ON clients
    WHEN OLD.search_text IS NOT NEW.search_text BEGIN
        INSERT INTO search_index (search_index, rowid, search_text)
            VALUES ('delete', OLD.id, OLD.search_text);
        INSERT INTO search_index (rowid, search_text) VALUES (NEW.id, NEW.search_text);
    END;";

pub(super) fn v14_search_index(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "CREATE VIRTUAL TABLE search_index USING fts5(search_text, content = 'clients',
             content_rowid = 'id', tokenize = 'trigram', detail = 'none', columnsize = 0);
         INSERT INTO search_index (search_index) VALUES ('rebuild');
         {SEARCH_INDEX_TRIGGERS}"
    ))
}

/// The owner of a reminder's client while that client is active (none: no
/// client, nobody's, or lost), kept on the reminder: one person's pane
/// reads their open reminders from an index by owner and day instead of
/// looking up each of their cards.
pub(in crate::store) const CLIENT_OWNER_OF: &str =
    "(SELECT c.owner FROM clients c WHERE c.id = reminders.client_id AND c.status = 'active')";

/// What keeps `reminders.client_owner`, on SQLite.
pub(super) fn v16_reminder_owners(tx: &Transaction) -> rusqlite::Result<()> {
    let own = |who: &str| {
        format!("UPDATE reminders SET client_owner = {CLIENT_OWNER_OF} WHERE id = {who}.id;")
    };
    tx.execute_batch(&format!(
        "ALTER TABLE reminders ADD COLUMN client_owner TEXT;
         UPDATE reminders SET client_owner = {CLIENT_OWNER_OF} WHERE client_id IS NOT NULL;
         CREATE INDEX reminders_open_by_owner ON reminders (client_owner, due_on)
             WHERE done_at IS NULL AND client_owner IS NOT NULL;
         CREATE INDEX reminders_open_general ON reminders (due_on)
             WHERE done_at IS NULL AND client_id IS NULL;
         CREATE TRIGGER client_owner_insert AFTER INSERT ON reminders
             WHEN NEW.client_id IS NOT NULL BEGIN {new} END;
         CREATE TRIGGER client_owner_update AFTER UPDATE OF client_id ON reminders
         BEGIN {new} END;
         CREATE TRIGGER client_owner_of_client AFTER UPDATE OF owner, status ON clients
         BEGIN
             UPDATE reminders SET client_owner = CASE WHEN NEW.status = 'active' THEN NEW.owner END
             WHERE client_id = NEW.id;
         END;",
        new = own("NEW"),
    ))
}

/// What a reminder's insert keeps, from the reminder itself: a new open
/// reminder can only bring its client's next step nearer (not every
/// reminder the client ever had read again: a farmer's years of done
/// reminders were, for each new one), and its client's owner is written
/// only when the reminder does not carry it already. SQLite's triggers.
pub(super) const REMINDER_INSERT_SQLITE: &str = "
    DROP TRIGGER next_on_insert;
    CREATE TRIGGER next_on_insert AFTER INSERT ON reminders
        WHEN NEW.client_id IS NOT NULL AND NEW.done_at IS NULL BEGIN
        UPDATE clients SET next_on = NEW.due_on
            WHERE id = NEW.client_id AND (next_on IS NULL OR next_on > NEW.due_on);
    END;
    DROP TRIGGER client_owner_insert;
    CREATE TRIGGER client_owner_insert AFTER INSERT ON reminders
        WHEN NEW.client_id IS NOT NULL AND NEW.client_owner IS NOT (
            SELECT c.owner FROM clients c WHERE c.id = NEW.client_id AND c.status = 'active') BEGIN
        UPDATE reminders SET client_owner = (SELECT c.owner FROM clients c
            WHERE c.id = reminders.client_id AND c.status = 'active') WHERE id = NEW.id;
    END;";

/// [`REMINDER_INSERT_SQLITE`]'s next step, on PostgreSQL.
pub(super) const REMINDER_INSERT_POSTGRES: &str = "
CREATE OR REPLACE FUNCTION konveyer_next_on_trigger() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.client_id IS NOT NULL AND NEW.done_at IS NULL THEN
            UPDATE clients SET next_on = NEW.due_on
                WHERE id = NEW.client_id AND (next_on IS NULL OR next_on > NEW.due_on);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.client_id IS NOT NULL THEN
        PERFORM konveyer_next_on(NEW.client_id);
    END IF;
    IF OLD.client_id IS NOT NULL
       AND (TG_OP = 'DELETE' OR OLD.client_id IS DISTINCT FROM NEW.client_id) THEN
        PERFORM konveyer_next_on(OLD.client_id);
    END IF;
    RETURN NULL;
END $$;";

/// A client's next step is kept by the reminders' triggers alone: on a
/// team server a card's owner (or the head of sales) who writes it
/// (`psql`: `UPDATE clients SET next_on = …`) has it kept as it was, and
/// a new card starts without one. Before this step only the next
/// reminder's insert, which read the client's reminders again, put a
/// forged day right. A trigger of its own beside the card's guard, which
/// stays as released.
pub(super) const NEXT_ON_GUARD_POSTGRES: &str = "
CREATE FUNCTION konveyer_keep_next_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF konveyer_is_keeper() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.next_on := NULL;
    ELSE
        NEW.next_on := OLD.next_on;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER keep_next_on BEFORE INSERT OR UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION konveyer_keep_next_on();";

/// What the expected deals of each station's active clients add up to,
/// per currency: the board's column titles read a row, not every card.
pub(in crate::store) const STAGE_VALUES_RECOUNT: &str = "
    DELETE FROM stage_values;
    INSERT INTO stage_values (stage, currency, n, amount_minor)
        SELECT stage, value_currency, count(*), sum(value_minor) FROM clients
        WHERE status = 'active' AND value_minor IS NOT NULL
        GROUP BY stage, value_currency;";

/// The expected deals of each station's active clients, per currency.
pub(in crate::store) const STAGE_VALUES: Tally = Tally {
    table: "stage_values",
    on: "clients",
    counts: "{row}.value_minor IS NOT NULL AND {row}.status = 'active'",
    key: &[("stage", "stage"), ("currency", "value_currency")],
    sums: &[("amount_minor", "value_minor")],
    watched: &["stage", "status", "value_minor", "value_currency"],
    take_upserts: false,
};

/// The active clients without a next step (no open reminder) at each
/// station before the farmer (whose next step is the reactivation sweep).
pub(in crate::store) const UNPLANNED: Tally = Tally {
    table: "unplanned",
    on: "clients",
    counts: "{row}.status = 'active' AND {row}.next_on IS NULL AND {row}.stage <> 'farmer'",
    key: &[("stage", "stage")],
    sums: &[],
    watched: &["stage", "status", "next_on"],
    take_upserts: false,
};

/// The active clients of each station by the day their stay there began
/// (a day in UTC, as `stage_since` begins) and by owner (`''`: nobody's):
/// a report finds the day its open stays' median falls on by adding up a
/// few hundred rows, then reads that day's cards alone, not half the
/// station's.
pub(in crate::store) const STAY_DAYS: Tally = Tally {
    table: "stay_days",
    on: "clients",
    counts: "{row}.status = 'active'",
    key: &[
        ("stage", "stage"),
        ("day", "substr({row}.stage_since, 1, 10)"),
        ("owner", "coalesce({row}.owner, '')"),
    ],
    sums: &[],
    watched: &["stage", "status", "stage_since", "owner"],
    take_upserts: false,
};

/// The open stays per station, day and owner, recounted: each owner's
/// from their index, and nobody's as everyone's less the owners' — both
/// from an index alone (grouped with the owner of every card, the count
/// looked up each card: three times as long).
pub(in crate::store) const STAY_DAYS_RECOUNT: &str = "
    DELETE FROM stay_days;
    INSERT INTO stay_days (stage, day, owner, n)
        SELECT stage, substr(stage_since, 1, 10), owner, count(*) FROM clients
        WHERE owner <> '' AND status = 'active'
        GROUP BY stage, substr(stage_since, 1, 10), owner;
    INSERT INTO stay_days (stage, day, owner, n)
        SELECT stage, day, '', sum(n) FROM (
            SELECT stage, substr(stage_since, 1, 10) AS day, count(*) AS n FROM clients
            WHERE status = 'active' GROUP BY stage, substr(stage_since, 1, 10)
            UNION ALL
            SELECT stage, day, -n FROM stay_days) AS everyone
        GROUP BY stage, day HAVING sum(n) <> 0;";

/// The calls, meetings, e-mails and notes of each hour (`2026-11-23T10`,
/// UTC, as the timeline's instants begin), by kind, outcome (`''`: none)
/// and who logged them (`''`: nobody named), with the seconds on the
/// phone: a report adds up the whole hours of its period and counts only
/// the part-hours at its ends on the timeline (a week at a million
/// clients: 600 000 calls read, before).
pub(in crate::store) const CONTACT_HOURS: Tally = Tally {
    table: "contact_hours",
    on: "activities",
    counts: "{row}.kind IN ('call', 'meeting', 'email', 'note')",
    key: &[
        ("hour", "substr({row}.at, 1, 13)"),
        ("kind", "kind"),
        ("outcome", "coalesce({row}.outcome, '')"),
        ("by_user", "coalesce({row}.by_user, '')"),
    ],
    sums: &[("talk_secs", "coalesce({row}.duration_secs, 0)")],
    watched: &["at", "kind", "outcome", "by_user", "duration_secs"],
    take_upserts: false,
};

/// The contacts per hour, recounted.
pub(in crate::store) const CONTACT_HOURS_RECOUNT: &str = "
    DELETE FROM contact_hours;
    INSERT INTO contact_hours (hour, kind, outcome, by_user, n, talk_secs)
        SELECT substr(at, 1, 13), kind, coalesce(outcome, ''), coalesce(by_user, ''),
            count(*), coalesce(sum(duration_secs), 0)
        FROM activities WHERE kind IN ('call', 'meeting', 'email', 'note')
        GROUP BY substr(at, 1, 13), kind, coalesce(outcome, ''), coalesce(by_user, '');";

/// The payments of each day (`paid_on`, the day as the seller wrote it),
/// by currency and whether each was its client's first (the kept flag of
/// v13), with their sum: a report's revenue, the plan's, the reports
/// screen's weeks and the header's week add up a few rows a day instead of
/// reading every payment (two years at a million generated clients: 420 000).
pub(in crate::store) const PAID_DAYS: Tally = Tally {
    table: "paid_days",
    on: "orders",
    counts: "{row}.paid_on IS NOT NULL",
    key: &[
        ("day", "paid_on"),
        ("currency", "currency"),
        ("first_paid", "first_paid"),
    ],
    sums: &[("amount_minor", "amount_minor")],
    watched: &["paid_on", "currency", "first_paid", "amount_minor"],
    take_upserts: true,
};

/// The payments per day, recounted: from the index of payments by day
/// alone, in its order.
pub(in crate::store) const PAID_DAYS_RECOUNT: &str = "
    DELETE FROM paid_days;
    INSERT INTO paid_days (day, currency, first_paid, n, amount_minor)
        SELECT paid_on, currency, first_paid, count(*), sum(amount_minor) FROM orders
        WHERE paid_on IS NOT NULL
        GROUP BY paid_on, currency, first_paid;";

/// The active clients without a next step, recounted.
pub(in crate::store) const UNPLANNED_RECOUNT: &str = "
    DELETE FROM unplanned;
    INSERT INTO unplanned (stage, n)
        SELECT stage, count(*) FROM clients
        WHERE status = 'active' AND next_on IS NULL AND stage <> 'farmer'
        GROUP BY stage;";

/// Every count the triggers keep of the clients and reminders, counted
/// afresh in order — after a load that went round them (a bulk load,
/// `migrate-to`'s copy): the clients per station and status, the open
/// reminders per day, the deals and the unplanned per station, the open
/// stays per day, the payments per day. The unplanned are read from an
/// index over `next_on`, so that column is set first, and the payments'
/// "first" flags before their days are counted. (The contacts per hour
/// are not among them: a bulk load tallies the entries it writes as it
/// writes them, `bulk.rs`; `migrate-to` counts them with
/// [`CONTACT_HOURS_RECOUNT`].)
pub(in crate::store) const KEPT_RECOUNTS: [&str; 6] = [
    CLIENT_COUNTS_RECOUNT,
    DUE_DAYS_RECOUNT,
    STAGE_VALUES_RECOUNT,
    UNPLANNED_RECOUNT,
    STAY_DAYS_RECOUNT,
    PAID_DAYS_RECOUNT,
];
