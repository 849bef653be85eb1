//! One way to run SQL on either backend: a SQLite file (rusqlite) or a
//! PostgreSQL server (the `postgres` crate). The store's statements are
//! written once, with `?N` parameters, in the SQL both engines share; the
//! PostgreSQL side numbers them `$N` and prepares each statement once per
//! connection with the types of the values it is given.

mod cells;
mod dialect;
mod pg_session;

pub use cells::{FromCell, IdArray, NONE, Param, Params, Row, Value};
pub(crate) use cells::{and_owner, params};
pub(crate) use dialect::{Dialects, hinted, inserting};
pub use pg_session::Pg;

/// What went wrong running a statement.
#[derive(Debug)]
pub enum SqlError {
    /// `query_row` found no row (see [`OptionalExtension`]).
    NoRows,
    Lite(rusqlite::Error),
    Pg(postgres::Error),
    /// A stored value that does not read as what the program expects.
    Value(String),
    /// Another session holds the team's writes: whose role, for how many
    /// seconds so far.
    HeldBy(String, i64),
}

pub type Result<T> = std::result::Result<T, SqlError>;

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SqlError::NoRows => f.write_str("query returned no rows"),
            SqlError::Lite(e) => write!(f, "{e}"),
            SqlError::Pg(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}", db.message()),
                None => write!(f, "{e}"),
            },
            SqlError::Value(why) => f.write_str(why),
            SqlError::HeldBy(who, seconds) => write!(f, "held by {who} for {seconds} s"),
        }
    }
}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => SqlError::NoRows,
            e => SqlError::Lite(e),
        }
    }
}

impl From<postgres::Error> for SqlError {
    fn from(e: postgres::Error) -> Self {
        SqlError::Pg(e)
    }
}

/// `query_row(..).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(SqlError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A connection to either engine.
pub enum Conn {
    Lite(rusqlite::Connection),
    Pg(Box<Pg>),
}

impl Conn {
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Conn::Lite(c) => Stmt::Lite(c.prepare_cached(sql)?),
            Conn::Pg(pg) => Stmt::Pg {
                pg,
                sql: sql.to_string(),
            },
        })
    }

    /// A statement used once (a dump, a check): on SQLite it stays out of
    /// the cache of the statements that run all day.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match self {
            Conn::Lite(c) => Stmt::LiteOnce(c.prepare(sql)?),
            Conn::Pg(_) => self.prepare_cached(sql)?,
        })
    }

    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// The text of `d` this engine reads.
    pub(crate) fn say(&self, d: Dialects) -> &'static str {
        match self {
            Conn::Lite(_) => d.lite,
            Conn::Pg(_) => d.pg,
        }
    }

    /// Runs an `INSERT` written with [`inserting!`] and gives the new
    /// row's id.
    pub(crate) fn insert(&self, sql: Dialects, params: impl Params) -> Result<i64> {
        match self {
            Conn::Lite(c) => {
                self.prepare_cached(sql.lite)?.execute(params)?;
                Ok(c.last_insert_rowid())
            }
            Conn::Pg(_) => self.prepare_cached(sql.pg)?.query_row(params, |r| r.get(0)),
        }
    }

    /// Statements without values, one after another.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(pg) => pg.batch(sql),
        }
    }

    /// Not inside a transaction.
    pub fn is_autocommit(&self) -> bool {
        match self {
            Conn::Lite(c) => c.is_autocommit(),
            Conn::Pg(pg) => !pg.in_transaction(),
        }
    }

    /// Begins a transaction; `write`: one that will write, which waits for
    /// (and then holds off) every other writer, as SQLite's IMMEDIATE does.
    pub fn begin(&self, write: bool) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(match write {
                true => "BEGIN IMMEDIATE",
                false => "BEGIN",
            })?),
            Conn::Pg(pg) => pg.begin(write),
        }
    }

    /// Ends the transaction: `keep` commits, else it is rolled back.
    pub fn end(&self, keep: bool) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(if keep { "COMMIT" } else { "ROLLBACK" })?),
            Conn::Pg(pg) => pg.end(keep),
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backups).
    pub fn lite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Lite(c) => Some(c),
            Conn::Pg(_) => None,
        }
    }

    pub fn is_pg(&self) -> bool {
        matches!(self, Conn::Pg(_))
    }

    /// The PostgreSQL session (a team database), if this is one.
    pub fn pg(&self) -> Option<&Pg> {
        match self {
            Conn::Lite(_) => None,
            Conn::Pg(pg) => Some(pg),
        }
    }
}

/// A prepared statement of either engine.
pub enum Stmt<'c> {
    Lite(rusqlite::CachedStatement<'c>),
    LiteOnce(rusqlite::Statement<'c>),
    Pg { pg: &'c Pg, sql: String },
}

/// Binds value N where the statement says `$N`, as PostgreSQL does.
/// SQLite reads `$N` as a named value and numbers the names in order of
/// first use, so `SET x = $2 WHERE id = $1` has `$2` in its first place.
/// A statement whose first and last places are `$1` and `$N` of N values
/// is bound by position (the common case, two lookups); any other is bound
/// place by place by name, a value it does not use left out. The test
/// builds check that a statement bound by position really is in order.
fn bind(stmt: &mut rusqlite::Statement, params: &[&dyn Param]) -> Result<()> {
    let count = stmt.parameter_count();
    // The value a place names (a bare `?` is its own place).
    let value_at = |stmt: &rusqlite::Statement, place: usize| {
        stmt.parameter_name(place)
            .and_then(|name| name.strip_prefix(['$', '?']))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(place)
    };
    let in_order = count == params.len()
        && (count == 0 || value_at(stmt, 1) == 1 && value_at(stmt, count) == count);
    #[cfg(debug_assertions)]
    if in_order && (1..=count).any(|place| value_at(stmt, place) != place) {
        return Err(SqlError::Value(
            "a statement numbers its values out of order between its first and last: \
             number them in order of first use"
                .to_string(),
        ));
    }
    for place in 1..=count {
        let value = match in_order {
            true => place,
            false => value_at(stmt, place),
        };
        let p = params
            .get(value.wrapping_sub(1))
            .ok_or_else(|| SqlError::Value(format!("a statement has no value {value}")))?;
        stmt.raw_bind_parameter(place, p.lite())?;
    }
    Ok(())
}

/// Either engine's statement, as the engine itself runs it.
enum Engine<'s, 'c> {
    Lite(&'s mut rusqlite::Statement<'c>),
    Pg(&'c Pg, &'s str),
}

impl<'c> Stmt<'c> {
    fn engine(&mut self) -> Engine<'_, 'c> {
        match self {
            Stmt::Lite(s) => Engine::Lite(s),
            Stmt::LiteOnce(s) => Engine::Lite(s),
            Stmt::Pg { pg, sql } => Engine::Pg(pg, sql),
        }
    }

    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        let params = params.each();
        match self.engine() {
            Engine::Lite(s) => {
                bind(s, &params)?;
                Ok(s.raw_execute()?)
            }
            Engine::Pg(pg, sql) => pg.execute(sql, &params),
        }
    }

    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(SqlError::NoRows),
        }
    }

    pub fn query(&mut self, params: impl Params) -> Result<Rows<'_>> {
        let params = params.each();
        match self.engine() {
            Engine::Lite(s) => {
                bind(s, &params)?;
                Ok(Rows::Lite(s.raw_query()))
            }
            Engine::Pg(pg, sql) => Ok(Rows::Pg(pg.rows(sql, &params)?.into_iter(), None)),
        }
    }

    /// The names of the columns the statement gives.
    pub fn column_names(&mut self) -> Result<Vec<String>> {
        Ok(match self.engine() {
            Engine::Lite(s) => s.column_names().map(|n| n.to_string()).collect(),
            Engine::Pg(pg, sql) => pg
                .statement(sql, &[])?
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect(),
        })
    }

    pub fn query_map<T, F: FnMut(&Row) -> Result<T>>(
        &mut self,
        params: impl Params,
        f: F,
    ) -> Result<MappedRows<'_, F>> {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }
}

/// The rows of a query, read one at a time.
pub enum Rows<'s> {
    Lite(rusqlite::Rows<'s>),
    Pg(std::vec::IntoIter<postgres::Row>, Option<postgres::Row>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Lite(rows) => Ok(rows.next()?.map(Row::Lite)),
            Rows::Pg(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(Row::Pg))
            }
        }
    }
}

/// Rows turned into values as they are read.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        let f = &mut self.f;
        match self.rows.next() {
            Ok(Some(row)) => Some(f(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

// The library's errors from the engines' own: busy, full, read-only and a
// file that is not a database are named; the rest carry the engine's words.

impl From<rusqlite::Error> for crate::Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => crate::Error::Busy,
            Some(ErrorCode::NotADatabase) => crate::Error::NotKonveyer(std::path::PathBuf::new()),
            Some(ErrorCode::ReadOnly) => crate::Error::ReadOnly(std::path::PathBuf::new()),
            Some(ErrorCode::DiskFull) => crate::Error::DiskFull,
            _ => crate::Error::Db(e.to_string()),
        }
    }
}

/// An error one of konveyer's own server functions raised (its words
/// start "konveyer: ").
fn ours(e: &postgres::Error) -> bool {
    e.as_db_error()
        .is_some_and(|d| d.message().starts_with("konveyer: "))
}

impl From<SqlError> for crate::Error {
    fn from(e: SqlError) -> Self {
        use postgres::error::SqlState;
        match e {
            SqlError::Lite(e) => e.into(),
            SqlError::Pg(e) => match e.code() {
                // Another session holds what this write waits for.
                Some(code)
                    if *code == SqlState::LOCK_NOT_AVAILABLE
                        || *code == SqlState::T_R_SERIALIZATION_FAILURE
                        || *code == SqlState::T_R_DEADLOCK_DETECTED =>
                {
                    crate::Error::Busy
                }
                Some(code) if *code == SqlState::DISK_FULL => crate::Error::DiskFull,
                // The server's rules: a grant, a row-level policy, or one
                // of konveyer's own checks (its words start "konveyer: ").
                Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE || ours(&e) => {
                    let said = e
                        .as_db_error()
                        .map_or(String::new(), |d| d.message().to_string());
                    crate::Error::ServerRefused(
                        said.strip_prefix("konveyer: ").unwrap_or(&said).to_string(),
                    )
                }
                Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION => {
                    crate::Error::TeamReadOnly
                }
                _ => crate::Error::Db(SqlError::Pg(e).to_string()),
            },
            SqlError::HeldBy(who, seconds) => crate::Error::BusyBy(who, seconds),
            other => crate::Error::Db(other.to_string()),
        }
    }
}
