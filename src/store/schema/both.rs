//! The steps both engines take: every change to the schema since the two
//! met (SQLite's v16, PostgreSQL's v6) is defined here once, as data, and
//! each engine's text is produced from it — a column, a table, an index,
//! a kept tally or a statement both read alike. SQLite's step 16 + N and
//! PostgreSQL's step 6 + N are this list's Nth step. A new change to the
//! schema is a new step at the end of [`STEPS`]; nothing before it is
//! ever edited.

use super::kept::{
    CONTACT_HOURS, CONTACT_HOURS_RECOUNT, NEXT_ON_GUARD_POSTGRES, PAID_DAYS, PAID_DAYS_RECOUNT,
    REMINDER_INSERT_POSTGRES, REMINDER_INSERT_SQLITE, STAGE_VALUES, STAY_DAYS, STAY_DAYS_RECOUNT,
    Tally, UNPLANNED, UNPLANNED_RECOUNT,
};

/// How many of SQLite's own steps come before these.
pub(in crate::store) const SQLITE_BEFORE: usize = 16;
/// How many of PostgreSQL's own steps come before these.
pub(in crate::store) const POSTGRES_BEFORE: usize = 6;

/// A column's kind, as each engine spells it.
#[derive(Clone, Copy)]
pub(in crate::store) enum Kind {
    /// A 64-bit integer: SQLite's `INTEGER`, PostgreSQL's `BIGINT`.
    Int,
    /// Text compared byte by byte: SQLite's `TEXT`, PostgreSQL's
    /// `TEXT COLLATE "C"`.
    Text,
}

/// A column: its name, kind and whether it may be empty.
pub(in crate::store) struct Column {
    pub(in crate::store) name: &'static str,
    pub(in crate::store) kind: Kind,
    pub(in crate::store) null: bool,
}

/// A column that must hold a value.
const fn must(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        null: false,
    }
}

/// One change to the schema.
pub(in crate::store) enum Change {
    /// A column added to an existing table (empty in every row).
    Column {
        table: &'static str,
        column: &'static str,
        kind: Kind,
    },
    /// A table keyed by `key` (a tally, or a value per client): SQLite's
    /// `WITHOUT ROWID`. On a team database members read it; with
    /// `members_write` they also write it (the rules' own bookkeeping).
    Table {
        name: &'static str,
        columns: &'static [Column],
        key: &'static [&'static str],
        members_write: bool,
    },
    /// An index on `columns`, of the rows `filter` holds (all without one).
    Index {
        name: &'static str,
        table: &'static str,
        columns: &'static str,
        filter: Option<&'static str>,
    },
    /// A tally kept by triggers on the table it counts (`kept.rs`).
    Kept(&'static Tally),
    /// Statements both engines read as they are (a recount, a reset).
    Run(&'static str),
    /// The same change in each engine's own words (what a trigger does:
    /// SQLite's are statements, PostgreSQL's a function).
    Each {
        sqlite: &'static str,
        postgres: &'static str,
    },
    /// A rule only a team server enforces (SQLite has no roles): its
    /// PostgreSQL text, nothing on SQLite.
    Server(&'static str),
    /// What only SQLite has (its search index, FTS5): its text, nothing
    /// on PostgreSQL.
    Local(&'static str),
}

/// One step: its changes in order.
pub(in crate::store) struct Step {
    pub(in crate::store) changes: &'static [Change],
}

/// The steps, oldest first.
pub(in crate::store) const STEPS: &[Step] = &[
    // the expected deal: a client's value and day, and its sum per station
    // and currency kept; the clients with a deal indexed
    Step {
        changes: &[
            Change::Column {
                table: "clients",
                column: "value_minor",
                kind: Kind::Int,
            },
            Change::Column {
                table: "clients",
                column: "value_currency",
                kind: Kind::Text,
            },
            Change::Column {
                table: "clients",
                column: "expected_on",
                kind: Kind::Text,
            },
            Change::Table {
                name: "stage_values",
                columns: &[
                    must("stage", Kind::Text),
                    must("currency", Kind::Text),
                    must("n", Kind::Int),
                    must("amount_minor", Kind::Int),
                ],
                key: &["stage", "currency"],
                members_write: false,
            },
            Change::Index {
                name: "clients_with_deal",
                table: "clients",
                columns: "status, value_currency, stage",
                filter: Some("value_minor IS NOT NULL"),
            },
            Change::Kept(&STAGE_VALUES),
        ],
    },
    // the active clients without a next step, per station, kept
    Step {
        changes: &[
            Change::Table {
                name: "unplanned",
                columns: &[must("stage", Kind::Text), must("n", Kind::Int)],
                key: &["stage"],
                members_write: false,
            },
            Change::Run(UNPLANNED_RECOUNT),
            Change::Kept(&UNPLANNED),
        ],
    },
    // the day a lost client comes back, and the few that have one indexed
    Step {
        changes: &[
            Change::Column {
                table: "clients",
                column: "back_on",
                kind: Kind::Text,
            },
            Change::Index {
                name: "clients_coming_back",
                table: "clients",
                columns: "back_on",
                filter: Some("back_on IS NOT NULL"),
            },
        ],
    },
    // how long a dialled call took, and the calls that have it indexed by time
    Step {
        changes: &[
            Change::Column {
                table: "activities",
                column: "duration_secs",
                kind: Kind::Int,
            },
            Change::Index {
                name: "activities_talk",
                table: "activities",
                columns: "at, duration_secs",
                filter: Some("kind = 'call' AND duration_secs IS NOT NULL"),
            },
        ],
    },
    // The day each farmer's client's reactivation rule wakes up (kept by
    // the rules' own passes, `service/rules.rs`): a new day's sweep reads
    // the days that have come instead of every farmer's payments. Filled
    // by the next full sweep, which the cleared mark asks for.
    Step {
        changes: &[
            Change::Table {
                name: "rule_days",
                columns: &[must("client_id", Kind::Int), must("day", Kind::Text)],
                key: &["client_id"],
                members_write: true,
            },
            Change::Index {
                name: "rule_days_by_day",
                table: "rule_days",
                columns: "day",
                filter: None,
            },
            Change::Run("DELETE FROM meta WHERE key = 'rules';"),
        ],
    },
    // The payments of a span of days with all a report sums of them (the
    // currency, first or repeat, the amount, whose): read from the index
    // alone, not a row looked up per payment.
    Step {
        changes: &[Change::Index {
            name: "orders_paid_day",
            table: "orders",
            columns: "paid_on, currency, first_paid, amount_minor, client_id",
            filter: Some("paid_on IS NOT NULL"),
        }],
    },
    // The open stays of each station counted by the day they began (and
    // by owner): a report's median of them reads a day's cards, not half
    // the station's.
    Step {
        changes: &[
            Change::Table {
                name: "stay_days",
                columns: &[
                    must("stage", Kind::Text),
                    must("day", Kind::Text),
                    must("owner", Kind::Text),
                    must("n", Kind::Int),
                ],
                key: &["stage", "day", "owner"],
                members_write: false,
            },
            Change::Run(STAY_DAYS_RECOUNT),
            Change::Kept(&STAY_DAYS),
        ],
    },
    // The contacts counted by the hour they were logged (by kind, outcome
    // and who logged them, with the seconds on the phone): a report's
    // activity and the plan's calls and meetings add up a period's hours.
    Step {
        changes: &[
            Change::Table {
                name: "contact_hours",
                columns: &[
                    must("hour", Kind::Text),
                    must("kind", Kind::Text),
                    must("outcome", Kind::Text),
                    must("by_user", Kind::Text),
                    must("n", Kind::Int),
                    must("talk_secs", Kind::Int),
                ],
                key: &["hour", "kind", "outcome", "by_user"],
                members_write: false,
            },
            Change::Run(CONTACT_HOURS_RECOUNT),
            Change::Kept(&CONTACT_HOURS),
        ],
    },
    // The payments counted by the day they were paid on (by currency and
    // first or repeat, with their sum): everyone's revenue of a span adds
    // up its days. The header's week read the index of first payments by
    // day, now the tally: nothing reads that index any more.
    Step {
        changes: &[
            Change::Run("DROP INDEX orders_paid_first;"),
            Change::Table {
                name: "paid_days",
                columns: &[
                    must("day", Kind::Text),
                    must("currency", Kind::Text),
                    must("first_paid", Kind::Int),
                    must("n", Kind::Int),
                    must("amount_minor", Kind::Int),
                ],
                key: &["day", "currency", "first_paid"],
                members_write: false,
            },
            Change::Run(PAID_DAYS_RECOUNT),
            Change::Kept(&PAID_DAYS),
        ],
    },
    // A reminder's insert keeps its client's next step from its own day
    // (the nearer of the two) and writes its owner only when it differs:
    // a new day's reminders for farmers with long histories cost what a
    // reminder does, not what each client's past ones do. On a team
    // server nobody but those triggers writes a next step.
    Step {
        changes: &[
            Change::Each {
                sqlite: REMINDER_INSERT_SQLITE,
                postgres: REMINDER_INSERT_POSTGRES,
            },
            Change::Server(NEXT_ON_GUARD_POSTGRES),
        ],
    },
    // The search index merges a level whole once it holds 64 segments,
    // not 16: at a million clients such a merge rewrote the whole index
    // (1.2–1.9 s) every few hundred changes, in the middle of one of them.
    // Below that FTS5 merges a few at a time as changes are written.
    Step {
        changes: &[Change::Local(
            "INSERT INTO search_index (search_index, rank) VALUES ('crisismerge', 64);",
        )],
    },
    // The agenda's farmers to reactivate are found in an index of the
    // open reactivation reminders, and the unpaid invoices are counted in
    // theirs alone: at a million clients the agenda looked up each open
    // reminder's row (164 000) and each unpaid invoice's (80 000), 0.3 s
    // of each of its readings (the board's agenda reads it again after
    // each thing done).
    Step {
        changes: &[
            Change::Index {
                name: "reminders_open_reactivation",
                table: "reminders",
                columns: "client_id",
                filter: Some("origin = 'reactivation' AND done_at IS NULL"),
            },
            Change::Run("DROP INDEX orders_unpaid;"),
            Change::Index {
                name: "orders_unpaid",
                table: "orders",
                columns: "invoiced_on, id, client_id",
                filter: Some("paid_on IS NULL"),
            },
        ],
    },
    // A client's other numbers (a second column of an import, a vCard's
    // second TEL): searched and matched as the first, no longer in the
    // note.
    Step {
        changes: &[Change::Column {
            table: "clients",
            column: "other_phones",
            kind: Kind::Text,
        }],
    },
    // On a team, merging a duplicate moves its timeline onto the card
    // kept: the head of sales' (a merge deletes a card), who may change an
    // entry's client and nothing else of it.
    Step {
        changes: &[Change::Server(HEADS_MERGE_POSTGRES)],
    },
    // An invoice cancelled (a wrong amount, a buyer who said no) is no
    // longer waiting for its payment: kept, with the day, out of the
    // unpaid ones the rules chase and the agenda lists.
    Step {
        changes: &[
            Change::Column {
                table: "orders",
                column: "cancelled_on",
                kind: Kind::Text,
            },
            Change::Run("DROP INDEX orders_unpaid;"),
            Change::Index {
                name: "orders_unpaid",
                table: "orders",
                columns: "invoiced_on, id, client_id",
                filter: Some("paid_on IS NULL AND cancelled_on IS NULL"),
            },
        ],
    },
    // On a team, a rule's reminder on another's card is made and closed by
    // anyone (the day's sweep, a colleague's call that answers it), but
    // neither moved, reworded nor deleted: that is its card's owner's.
    Step {
        changes: &[Change::Server(OTHERS_RULE_REMINDERS_POSTGRES)],
    },
    // A reminder's `closed_by` says what closed it, when not a person's
    // "done": a loss (what a revive reopens), a payment, a cancelled
    // invoice. A team server used to sign it with the closing session's
    // role, so a revived client's reminders stayed closed.
    Step {
        changes: &[Change::Server(CLOSED_BY_WHAT_POSTGRES)],
    },
];

/// On a team server `closed_by` is no longer signed with the session's
/// role: it says what closed the reminder, one of a few words. The only
/// reminders a role signed were those a loss closed. What closed a rule's
/// reminder on another's card is its owner's to say (their loss, their
/// client's payment): anyone else only closes or reopens it.
const CLOSED_BY_WHAT_POSTGRES: &str = "
DROP TRIGGER IF EXISTS sign_reminder ON reminders;
DROP FUNCTION IF EXISTS konveyer_sign_reminder();
UPDATE reminders SET closed_by = 'lost'
    WHERE closed_by IS NOT NULL AND closed_by NOT IN ('lost', 'paid', 'cancelled');
ALTER TABLE reminders ADD CONSTRAINT reminders_closed_by
    CHECK (closed_by IN ('lost', 'paid', 'cancelled'));
CREATE OR REPLACE FUNCTION konveyer_guard_rule_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF konveyer_is_keeper() OR konveyer_mine(OLD.client_id) THEN
        RETURN NEW;
    END IF;
    IF to_jsonb(NEW) - 'done_at' - 'client_owner'
       IS DISTINCT FROM to_jsonb(OLD) - 'done_at' - 'client_owner' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: card %s is %s''s', OLD.client_id,
                             (SELECT owner FROM clients WHERE id = OLD.client_id));
    END IF;
    RETURN NEW;
END $$;";

/// Who may write a rule's reminder on another person's card: anyone makes
/// one and closes or reopens it; nothing else of it changes, and only its
/// card's owner (or the head) deletes it. One's own cards' reminders, and
/// those about no client, are as before (`rules.rs`).
const OTHERS_RULE_REMINDERS_POSTGRES: &str = "
DROP POLICY own_cards ON reminders;
CREATE POLICY own_cards ON reminders FOR ALL
    USING (konveyer_mine(client_id)) WITH CHECK (konveyer_mine(client_id));
CREATE POLICY rules_made ON reminders FOR INSERT WITH CHECK (origin <> 'manual');
CREATE POLICY rules_closed ON reminders FOR UPDATE
    USING (origin <> 'manual') WITH CHECK (origin <> 'manual');
CREATE FUNCTION konveyer_guard_rule_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF konveyer_is_keeper() OR konveyer_mine(OLD.client_id) THEN
        RETURN NEW;
    END IF;
    IF to_jsonb(NEW) - 'done_at' - 'closed_by' - 'client_owner'
       IS DISTINCT FROM to_jsonb(OLD) - 'done_at' - 'closed_by' - 'client_owner' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('konveyer: card %s is %s''s', OLD.client_id,
                             (SELECT owner FROM clients WHERE id = OLD.client_id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER guard_rule_reminder BEFORE UPDATE ON reminders
    FOR EACH ROW EXECUTE FUNCTION konveyer_guard_rule_reminder();";

/// A team's head of sales may move timeline entries from one card to
/// another (a merge), their client alone; members only append and take
/// back (`rules.rs`).
const HEADS_MERGE_POSTGRES: &str = "
DO $$
BEGIN
    EXECUTE format('GRANT UPDATE (client_id) ON activities TO %I', konveyer_group('heads'));
END $$;
CREATE POLICY head_merges ON activities FOR UPDATE
    USING (konveyer_is_head()) WITH CHECK (konveyer_is_head());";

/// The engine a step's text is produced for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(in crate::store) enum Engine {
    Sqlite,
    Postgres,
}

impl Kind {
    fn spelled(self, engine: Engine) -> &'static str {
        match (self, engine) {
            (Kind::Int, Engine::Sqlite) => "INTEGER",
            (Kind::Int, Engine::Postgres) => "BIGINT",
            (Kind::Text, Engine::Sqlite) => "TEXT",
            (Kind::Text, Engine::Postgres) => "TEXT COLLATE \"C\"",
        }
    }
}

impl Change {
    /// This change as `engine` reads it.
    fn text(&self, engine: Engine) -> String {
        match self {
            Change::Column {
                table,
                column,
                kind,
            } => format!(
                "ALTER TABLE {table} ADD COLUMN {column} {};",
                kind.spelled(engine)
            ),
            Change::Table {
                name,
                columns,
                key,
                members_write,
            } => table(engine, name, columns, key, *members_write),
            Change::Index {
                name,
                table,
                columns,
                filter,
            } => {
                let filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
                format!("CREATE INDEX {name} ON {table} ({columns}){filter};")
            }
            Change::Kept(tally) => match engine {
                Engine::Sqlite => tally.sqlite_triggers(),
                Engine::Postgres => tally.postgres_triggers(),
            },
            Change::Run(sql) => sql.to_string(),
            Change::Each { sqlite, postgres } => match engine {
                Engine::Sqlite => sqlite.to_string(),
                Engine::Postgres => postgres.to_string(),
            },
            Change::Server(sql) => match engine {
                Engine::Sqlite => String::new(),
                Engine::Postgres => sql.to_string(),
            },
            Change::Local(sql) => match engine {
                Engine::Sqlite => sql.to_string(),
                Engine::Postgres => String::new(),
            },
        }
    }
}

fn table(
    engine: Engine,
    name: &str,
    columns: &[Column],
    key: &[&str],
    members_write: bool,
) -> String {
    let columns: Vec<String> = columns
        .iter()
        .map(|c| {
            let null = if c.null { "" } else { " NOT NULL" };
            format!("{} {}{null}", c.name, c.kind.spelled(engine))
        })
        .collect();
    let create = format!(
        "CREATE TABLE {name} ({}, PRIMARY KEY ({}))",
        columns.join(", "),
        key.join(", ")
    );
    match engine {
        Engine::Sqlite => format!("{create} WITHOUT ROWID;"),
        Engine::Postgres => {
            let rights = if members_write {
                "SELECT, INSERT, UPDATE, DELETE"
            } else {
                "SELECT"
            };
            format!(
                "{create};
                 DO $$ BEGIN
                     EXECUTE format('GRANT {rights} ON {name} TO %I', konveyer_group('members'));
                 END $$;"
            )
        }
    }
}

impl Step {
    /// The step's statements as `engine` reads them, in order.
    pub(in crate::store) fn text(&self, engine: Engine) -> String {
        self.changes
            .iter()
            .map(|c| c.text(engine))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
