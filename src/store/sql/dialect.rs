//! Where the two engines' SQL differs, each says it its own way. Every
//! other statement of the store is text that both read as it is: values
//! numbered as PostgreSQL numbers them (`$1`, `$2` …; SQLite reads them as
//! named values, bound by `sql::bind`), a session's own tables
//! by their bare names (both look in the session's schema first),
//! `ON CONFLICT`, `IS DISTINCT FROM`, subqueries with aliases. Nothing is
//! rewritten when the program runs: both texts of a statement that
//! differs are fixed when it is built.

/// A statement, or part of one, whose text differs between the engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialects {
    /// As SQLite reads it.
    pub(crate) lite: &'static str,
    /// As PostgreSQL reads it.
    pub(crate) pg: &'static str,
}

/// SQLite's index hint where its planner, without statistics, would
/// choose a slower walk; PostgreSQL's planner chooses for itself:
/// `hinted!("SELECT … FROM t", "t_index", " WHERE …")`.
macro_rules! hinted {
    ($head:literal, $index:literal, $tail:literal) => {
        $crate::store::sql::Dialects {
            lite: concat!($head, " INDEXED BY ", $index, $tail),
            pg: concat!($head, $tail),
        }
    };
}

/// An `INSERT` that gives the new row's id: SQLite's last rowid (its
/// `RETURNING` is slower on a bulk load), PostgreSQL's `RETURNING id`.
macro_rules! inserting {
    ($sql:literal) => {
        $crate::store::sql::Dialects {
            lite: $sql,
            pg: concat!($sql, " RETURNING id"),
        }
    };
}

pub(crate) use {hinted, inserting};

#[cfg(test)]
mod tests {
    #[test]
    fn each_engine_gets_its_own_text() {
        let d = hinted!("SELECT 1 FROM t", "t_by_x", " WHERE x = $1");
        assert_eq!(d.lite, "SELECT 1 FROM t INDEXED BY t_by_x WHERE x = $1");
        assert_eq!(d.pg, "SELECT 1 FROM t WHERE x = $1");
        let i = inserting!("INSERT INTO t (x) VALUES ($1)");
        assert_eq!(i.lite, "INSERT INTO t (x) VALUES ($1)");
        assert_eq!(i.pg, "INSERT INTO t (x) VALUES ($1) RETURNING id");
    }
}
