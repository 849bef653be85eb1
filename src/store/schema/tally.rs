//! The mechanism of a kept tally: a count (and sums) per key over the
//! rows of a table a condition holds, kept by triggers produced for
//! either engine from one definition.

/// A tally kept per key over the rows of a table (the clients, the
/// timeline) that a condition holds — how many, and the sums of some of
/// their columns — by triggers on that table, in the same transaction as
/// the change. One definition gives both engines' triggers; the tallies
/// themselves are defined in `kept.rs`.
pub(in crate::store) struct Tally {
    /// The tally's table, with a count column `n`.
    pub(in crate::store) table: &'static str,
    /// The table whose rows it counts.
    pub(in crate::store) on: &'static str,
    /// Which rows count, of the row `{row}` (`NEW` or `OLD`).
    pub(in crate::store) counts: &'static str,
    /// The key: the tally's column and the row's it comes from (a
    /// column's name, or an expression of the row `{row}`).
    pub(in crate::store) key: &'static [(&'static str, &'static str)],
    /// The sums: the tally's column and the row's it adds up.
    pub(in crate::store) sums: &'static [(&'static str, &'static str)],
    /// The row's columns whose change moves a row in or out.
    pub(in crate::store) watched: &'static [&'static str],
    /// Whether counting a row out writes its key's tally row when there is
    /// none yet (a count below zero, evened out when the row is counted
    /// in). Needed where another trigger moves a new row to another key in
    /// the same statement, and its move may be counted before the row's
    /// arrival: PostgreSQL runs a statement's triggers by name, so a new
    /// payment's `first_paid_…` before `paid_days_…`. The tallies released
    /// before v25 count out with a plain update, and keep it.
    pub(in crate::store) take_upserts: bool,
}

impl Tally {
    /// Whether row `row` (`NEW`, `OLD`) counts.
    pub(in crate::store) fn counts_for(&self, row: &str) -> String {
        self.counts.replace("{row}", row)
    }

    /// A key's or a sum's value of row `row`: the client's column `from`,
    /// or the expression `from` of that row.
    fn value(from: &str, row: &str) -> String {
        match from.contains("{row}") {
            true => from.replace("{row}", row),
            false => format!("{row}.{from}"),
        }
    }

    /// The statement that counts the `NEW` row in.
    pub(in crate::store) fn add(&self) -> String {
        self.upsert("NEW", "+")
    }

    /// Row `row` counted in (`sign` `+`) or out (`-`) of its key's tally
    /// row, which is written if there is none yet.
    fn upsert(&self, row: &str, sign: &str) -> String {
        let t = self.table;
        let cols = self.key.iter().chain(self.sums).map(|(c, _)| *c);
        let out = if sign == "-" { "-" } else { "" };
        let vals = self.key.iter().map(|(_, v)| Self::value(v, row)).chain(
            self.sums
                .iter()
                .map(|(_, v)| format!("{out}{}", Self::value(v, row))),
        );
        let keys: Vec<&str> = self.key.iter().map(|(c, _)| *c).collect();
        let sums: String = self
            .sums
            .iter()
            .map(|(c, _)| format!(", {c} = {t}.{c} + excluded.{c}"))
            .collect();
        format!(
            "INSERT INTO {t} ({}, n) VALUES ({}, {out}1)
             ON CONFLICT ({}) DO UPDATE SET n = {t}.n {sign} 1{sums};",
            cols.collect::<Vec<_>>().join(", "),
            vals.collect::<Vec<_>>().join(", "),
            keys.join(", ")
        )
    }

    /// The statement that counts the `OLD` row out.
    pub(in crate::store) fn take(&self) -> String {
        if self.take_upserts {
            return self.upsert("OLD", "-");
        }
        let sums: String = self
            .sums
            .iter()
            .map(|(c, v)| format!(", {c} = {c} - {}", Self::value(v, "OLD")))
            .collect();
        let keys: Vec<String> = self
            .key
            .iter()
            .map(|(c, v)| format!("{c} = {}", Self::value(v, "OLD")))
            .collect();
        format!(
            "UPDATE {} SET n = n - 1{sums} WHERE {};",
            self.table,
            keys.join(" AND ")
        )
    }

    /// A watched column changed, in `distinct` (`IS NOT`, `IS DISTINCT FROM`).
    pub(in crate::store) fn changed(&self, distinct: &str) -> String {
        self.watched
            .iter()
            .map(|c| format!("OLD.{c} {distinct} NEW.{c}"))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// SQLite's four triggers: insert, delete, and an update's two halves.
    pub(super) fn sqlite_triggers(&self) -> String {
        let (t, on, add, take) = (self.table, self.on, self.add(), self.take());
        let (new, old) = (self.counts_for("NEW"), self.counts_for("OLD"));
        let changed = format!(
            "UPDATE OF {} ON {on} WHEN ({})",
            self.watched.join(", "),
            self.changed("IS NOT")
        );
        format!(
            "CREATE TRIGGER {t}_insert AFTER INSERT ON {on} WHEN {new} BEGIN {add} END;
             CREATE TRIGGER {t}_delete AFTER DELETE ON {on} WHEN {old} BEGIN {take} END;
             CREATE TRIGGER {t}_update_old AFTER {changed} AND {old} BEGIN {take} END;
             CREATE TRIGGER {t}_update_new AFTER {changed} AND {new} BEGIN {add} END;"
        )
    }

    /// PostgreSQL's trigger: one function of the owner's (nobody writes the
    /// tally by hand) on insert, delete and an update of the columns it
    /// watches.
    pub(super) fn postgres_triggers(&self) -> String {
        let table = self.table;
        format!(
            "CREATE FUNCTION konveyer_{table}() RETURNS trigger LANGUAGE plpgsql
                 SECURITY DEFINER SET search_path = public, pg_temp AS $$
             BEGIN
                 IF TG_OP <> 'INSERT' AND {old} THEN {take} END IF;
                 IF TG_OP <> 'DELETE' AND {new} THEN {add} END IF;
                 RETURN NULL;
             END $$;
             CREATE TRIGGER {table}_insert_delete AFTER INSERT OR DELETE ON {on}
                 FOR EACH ROW EXECUTE FUNCTION konveyer_{table}();
             CREATE TRIGGER {table}_update AFTER UPDATE OF {watched} ON {on} FOR EACH ROW
                 WHEN ({changed})
                 EXECUTE FUNCTION konveyer_{table}();
             REVOKE ALL ON FUNCTION konveyer_{table}() FROM PUBLIC;",
            on = self.on,
            old = self.counts_for("OLD"),
            new = self.counts_for("NEW"),
            take = self.take(),
            add = self.add(),
            watched = self.watched.join(", "),
            changed = self.changed("IS DISTINCT FROM"),
        )
    }
}
