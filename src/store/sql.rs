//! One way to run SQL on either backend: a SQLite file (rusqlite) or a
//! PostgreSQL server (the `postgres` crate). The store's statements are
//! written once, with `?N` parameters, in the SQL both engines share; the
//! PostgreSQL side numbers them `$N` and prepares each statement once per
//! connection with the types of the values it is given.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, ToSql, Type};

/// What went wrong running a statement.
#[derive(Debug)]
pub enum SqlError {
    /// `query_row` found no row (see [`OptionalExtension`]).
    NoRows,
    Lite(rusqlite::Error),
    Pg(postgres::Error),
    /// A stored value that does not read as what the program expects.
    Value(String),
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

/// A value given to a statement: something both engines can take.
pub trait Param: Sync {
    fn lite(&self) -> &dyn rusqlite::ToSql;
    fn pg(&self) -> &(dyn ToSql + Sync);
    /// The PostgreSQL type this value is sent as.
    fn pg_type(&self) -> Type;
}

macro_rules! param {
    ($t:ty, $pg:expr) => {
        impl Param for $t {
            fn lite(&self) -> &dyn rusqlite::ToSql {
                self
            }
            fn pg(&self) -> &(dyn ToSql + Sync) {
                self
            }
            fn pg_type(&self) -> Type {
                $pg
            }
        }
        impl Param for Option<$t> {
            fn lite(&self) -> &dyn rusqlite::ToSql {
                self
            }
            fn pg(&self) -> &(dyn ToSql + Sync) {
                self
            }
            fn pg_type(&self) -> Type {
                $pg
            }
        }
    };
}

param!(i64, Type::INT8);
param!(i32, Type::INT4);
param!(f64, Type::FLOAT8);
param!(bool, Type::BOOL);
param!(String, Type::TEXT);
param!(&str, Type::TEXT);

impl<T: Param + ?Sized> Param for &T {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        (**self).lite()
    }
    fn pg(&self) -> &(dyn ToSql + Sync) {
        (**self).pg()
    }
    fn pg_type(&self) -> Type {
        (**self).pg_type()
    }
}

/// The values of one statement, in order.
pub trait Params {
    fn each(&self) -> Vec<&dyn Param>;
}

impl<T: Param, const N: usize> Params for [T; N] {
    fn each(&self) -> Vec<&dyn Param> {
        self.iter().map(|p| p as &dyn Param).collect()
    }
}

impl<T: Param> Params for &[T] {
    fn each(&self) -> Vec<&dyn Param> {
        self.iter().map(|p| p as &dyn Param).collect()
    }
}

/// No values (`[]` has no type of its own).
pub const NONE: [&dyn Param; 0] = [];

/// `params![a, b]`: values of different types for one statement.
macro_rules! params {
    ($($p:expr),* $(,)?) => {
        [$(&$p as &dyn $crate::store::sql::Param),*]
    };
}
pub(crate) use params;

/// A value read from a row.
pub trait FromCell: Sized {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self>;
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self>;
}

fn pg_cell<'r, T: FromSql<'r>>(row: &'r postgres::Row, i: usize) -> Result<T> {
    row.try_get(i).map_err(SqlError::Pg)
}

/// A whole number, whatever width or kind of number the server gave.
fn pg_int(row: &postgres::Row, i: usize) -> Result<Option<i64>> {
    let ty = row.columns()[i].type_().clone();
    Ok(match ty {
        Type::INT8 => pg_cell::<Option<i64>>(row, i)?,
        Type::INT4 => pg_cell::<Option<i32>>(row, i)?.map(i64::from),
        Type::INT2 => pg_cell::<Option<i16>>(row, i)?.map(i64::from),
        Type::BOOL => pg_cell::<Option<bool>>(row, i)?.map(i64::from),
        Type::NUMERIC => match pg_cell::<Option<Numeric>>(row, i)? {
            None => None,
            Some(n) if n.0.fract() == 0.0 => Some(n.0 as i64),
            Some(n) => return Err(SqlError::Value(format!("{} is not a whole number", n.0))),
        },
        Type::FLOAT8 => pg_cell::<Option<f64>>(row, i)?.map(|f| f as i64),
        other => {
            return Err(SqlError::Value(format!(
                "column {i} is {other}, not a number"
            )));
        }
    })
}

fn pg_float(row: &postgres::Row, i: usize) -> Result<Option<f64>> {
    let ty = row.columns()[i].type_().clone();
    Ok(match ty {
        Type::FLOAT8 => pg_cell::<Option<f64>>(row, i)?,
        Type::FLOAT4 => pg_cell::<Option<f32>>(row, i)?.map(f64::from),
        Type::NUMERIC => pg_cell::<Option<Numeric>>(row, i)?.map(|n| n.0),
        _ => pg_int(row, i)?.map(|n| n as f64),
    })
}

impl FromCell for Option<i64> {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(row.get(i)?)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
        pg_int(row, i)
    }
}

impl FromCell for Option<f64> {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(row.get(i)?)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
        pg_float(row, i)
    }
}

impl FromCell for Option<bool> {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(row.get(i)?)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
        Ok(pg_int(row, i)?.map(|n| n != 0))
    }
}

impl FromCell for Option<String> {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(row.get(i)?)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
        pg_cell(row, i)
    }
}

macro_rules! not_null {
    ($t:ty) => {
        impl FromCell for $t {
            fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
                Ok(row.get(i)?)
            }
            fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
                <Option<$t>>::from_pg(row, i)?
                    .ok_or_else(|| SqlError::Value(format!("column {i} is null")))
            }
        }
    };
}
not_null!(i64);
not_null!(f64);
not_null!(bool);
not_null!(String);
not_null!(u32);

impl FromCell for Option<u32> {
    fn from_lite(row: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(row.get(i)?)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Result<Self> {
        pg_int(row, i)?
            .map(|n| u32::try_from(n).map_err(|_| SqlError::Value(format!("{n} is out of range"))))
            .transpose()
    }
}

/// PostgreSQL's `numeric` (what `sum` and `avg` of whole numbers give),
/// read from its binary form as a float.
struct Numeric(f64);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let word =
            |i: usize| -> std::result::Result<i16, Box<dyn std::error::Error + Sync + Send>> {
                let b = raw.get(i * 2..i * 2 + 2).ok_or("short numeric")?;
                Ok(i16::from_be_bytes([b[0], b[1]]))
            };
        let (digits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
        if sign == 0xC000 {
            return Err("NaN is not a number konveyer keeps".into());
        }
        let mut value = 0f64;
        for k in 0..digits.max(0) as usize {
            let exp = i32::from(weight) - k as i32;
            value += f64::from(word(4 + k)?) * 10_000f64.powi(exp);
        }
        Ok(Numeric(if sign == 0x4000 { -value } else { value }))
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// One row being read.
#[derive(Clone, Copy)]
pub enum Row<'r> {
    Lite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

impl Row<'_> {
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => T::from_lite(r, i),
            Row::Pg(r) => T::from_pg(r, i),
        }
    }

    /// A text column borrowed from the row (`None` for null).
    pub fn text(&self, i: usize) -> Result<Option<&str>> {
        match self {
            Row::Lite(r) => Ok(r.get_ref(i)?.as_str_or_null().map_err(|e| {
                SqlError::Lite(rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                ))
            })?),
            Row::Pg(r) => pg_cell(r, i),
        }
    }

    /// Any column as it is stored (a dump reads every table this way).
    pub fn value(&self, i: usize) -> Result<Value> {
        match self {
            Row::Lite(r) => Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => Value::Int(n),
                rusqlite::types::ValueRef::Real(f) => Value::Real(f),
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            }),
            Row::Pg(r) => {
                let ty = r.columns()[i].type_().clone();
                Ok(match ty {
                    Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                        pg_cell::<Option<String>>(r, i)?.map_or(Value::Null, Value::Text)
                    }
                    Type::FLOAT4 | Type::FLOAT8 => pg_float(r, i)?.map_or(Value::Null, Value::Real),
                    _ => pg_int(r, i)?.map_or(Value::Null, Value::Int),
                })
            }
        }
    }
}

/// A stored value of any column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Param for Value {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        match self {
            Value::Null => &rusqlite::types::Null,
            Value::Int(n) => n,
            Value::Real(f) => f,
            Value::Text(t) => t,
        }
    }
    fn pg(&self) -> &(dyn ToSql + Sync) {
        const NULL: Option<i64> = None;
        match self {
            Value::Null => &NULL,
            Value::Int(n) => n,
            Value::Real(f) => f,
            Value::Text(t) => t,
        }
    }
    fn pg_type(&self) -> Type {
        match self {
            Value::Null | Value::Int(_) => Type::INT8,
            Value::Real(_) => Type::FLOAT8,
            Value::Text(_) => Type::TEXT,
        }
    }
}

/// A connection to either engine.
pub enum Conn {
    Lite(rusqlite::Connection),
    Pg(Box<Pg>),
}

/// A PostgreSQL session: statements prepared once per connection, a
/// transaction tracked as SQLite tracks its own.
pub struct Pg {
    client: RefCell<postgres::Client>,
    prepared: RefCell<HashMap<(String, Vec<Type>), postgres::Statement>>,
    in_transaction: Cell<bool>,
    /// This session's server process (its own announcements are not news).
    backend: i32,
    /// How many changes other sessions have announced so far.
    announced: Cell<i64>,
}

impl Pg {
    pub fn new(mut client: postgres::Client) -> Result<Pg> {
        let backend: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
        Ok(Pg {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
            backend,
            announced: Cell::new(0),
        })
    }

    /// How long a statement waits for a lock another session holds
    /// before it gives up ("busy").
    pub fn set_lock_timeout(&self, timeout: std::time::Duration) -> crate::error::Result<()> {
        let sql = format!("SET lock_timeout = {}", timeout.as_millis());
        Ok(self
            .client
            .borrow_mut()
            .batch_execute(&sql)
            .map_err(SqlError::Pg)?)
    }

    /// A count that grows whenever another session announces a change
    /// (`NOTIFY konveyer`): read without waiting.
    pub fn data_version(&self) -> crate::error::Result<i64> {
        let mut client = self.client.borrow_mut();
        let mut notes = client.notifications();
        let mut iter = notes.iter();
        while let Some(note) = iter.next().map_err(SqlError::Pg)? {
            if note.process_id() != self.backend {
                self.announced.set(self.announced.get() + 1);
            }
        }
        Ok(self.announced.get())
    }

    /// The client itself, for what only PostgreSQL has (COPY, LISTEN).
    pub fn client(&self) -> std::cell::RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    fn statement(&self, sql: &str, params: &[&dyn Param]) -> Result<postgres::Statement> {
        let types: Vec<Type> = params.iter().map(|p| p.pg_type()).collect();
        let key = (sql.to_string(), types);
        if let Some(stmt) = self.prepared.borrow().get(&key) {
            return Ok(stmt.clone());
        }
        let stmt = self
            .client
            .borrow_mut()
            .prepare_typed(&dialect(sql), &key.1)?;
        self.prepared.borrow_mut().insert(key, stmt.clone());
        Ok(stmt)
    }

    fn rows(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<postgres::Row>> {
        let stmt = self.statement(sql, params)?;
        let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.pg()).collect();
        Ok(self.client.borrow_mut().query(&stmt, &values)?)
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let stmt = self.statement(sql, params)?;
        let values: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.pg()).collect();
        Ok(self.client.borrow_mut().execute(&stmt, &values)? as usize)
    }
}

/// A statement of the shared dialect as PostgreSQL reads it: `?N` → `$N`
/// (a bare `?` numbered in turn), nothing changed inside quotes.
pub fn dialect(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let (mut quoted, mut next) = (None::<char>, 1);
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (Some(q), c) if c == q => {
                quoted = None;
                out.push(c)
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quoted = Some(c);
                out.push(c)
            }
            (None, '?') => {
                out.push('$');
                if chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                        out.push(d);
                    }
                } else {
                    out.push_str(&next.to_string());
                    next += 1;
                }
            }
            (None, c) => out.push(c),
        }
    }
    // This session's own tables: SQLite's `temp` schema is `pg_temp`.
    let out = out.replace(" temp.", " pg_temp.");
    let mut out = out;
    // SQLite's index hints: the server's planner chooses for itself.
    while let Some(at) = out.find("INDEXED BY ") {
        let rest = &out[at + "INDEXED BY ".len()..];
        let name = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        out.replace_range(at..at + "INDEXED BY ".len() + name, "");
    }
    out
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

    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        self.prepare_cached(sql)
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

    /// Statements without values, one after another.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(pg) => Ok(pg.client.borrow_mut().batch_execute(sql)?),
        }
    }

    /// Not inside a transaction.
    pub fn is_autocommit(&self) -> bool {
        match self {
            Conn::Lite(c) => c.is_autocommit(),
            Conn::Pg(pg) => !pg.in_transaction.get(),
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
            Conn::Pg(pg) => {
                let sql = match write {
                    true => "BEGIN; SELECT pg_advisory_xact_lock(1263422806)",
                    // One snapshot for every statement, as SQLite reads.
                    false => "BEGIN ISOLATION LEVEL REPEATABLE READ",
                };
                pg.client.borrow_mut().batch_execute(sql)?;
                pg.in_transaction.set(true);
                Ok(())
            }
        }
    }

    /// Ends the transaction: `keep` commits, else it is rolled back.
    pub fn end(&self, keep: bool) -> Result<()> {
        let sql = if keep { "COMMIT" } else { "ROLLBACK" };
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(pg) => {
                pg.in_transaction.set(false);
                Ok(pg.client.borrow_mut().batch_execute(sql)?)
            }
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
}

/// A prepared statement of either engine.
pub enum Stmt<'c> {
    Lite(rusqlite::CachedStatement<'c>),
    Pg { pg: &'c Pg, sql: String },
}

fn bind(stmt: &mut rusqlite::Statement, params: &[&dyn Param]) -> Result<()> {
    for (i, p) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, p.lite())?;
    }
    Ok(())
}

impl Stmt<'_> {
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        let params = params.each();
        match self {
            Stmt::Lite(s) => {
                bind(s, &params)?;
                Ok(s.raw_execute()?)
            }
            Stmt::Pg { pg, sql } => pg.execute(sql, &params),
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
        match self {
            Stmt::Lite(s) => {
                bind(s, &params)?;
                Ok(Rows::Lite(s.raw_query()))
            }
            Stmt::Pg { pg, sql } => Ok(Rows::Pg(pg.rows(sql, &params)?.into_iter(), None)),
        }
    }

    /// The names of the columns the statement gives.
    pub fn column_names(&self) -> Result<Vec<String>> {
        Ok(match self {
            Stmt::Lite(s) => s.column_names().map(|n| n.to_string()).collect(),
            Stmt::Pg { pg, sql } => pg
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_as_postgresql_wants_outside_quotes() {
        assert_eq!(
            dialect("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12 OR c = ?"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12 OR c = $1"
        );
        assert_eq!(dialect("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(
            dialect("FROM activities INDEXED BY activities_places WHERE x"),
            "FROM activities  WHERE x"
        );
    }
}
