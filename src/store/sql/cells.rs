//! What goes into a statement and what comes out of a row, for both
//! engines: values typed for PostgreSQL as they are given, whole numbers
//! read whatever width or kind the server gives them in.

use postgres::types::{FromSql, ToSql, Type};

use super::{Result, SqlError};

/// A value given to a statement: something both engines can take.
pub trait Param: Sync {
    fn lite(&self) -> &dyn rusqlite::ToSql;
    fn pg(&self) -> &(dyn ToSql + Sync);
    /// The PostgreSQL type this value is sent as.
    fn pg_type(&self) -> Type;
}

macro_rules! param {
    ($t:ty, $pg:expr) => {
        param!(@one $t, $pg);
        param!(@one Option<$t>, $pg);
    };
    (@one $t:ty, $pg:expr) => {
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

/// A statement's `values`, then `owner`'s login when one is given (the
/// statement then names one more place: a person's cards only).
pub(crate) fn and_owner<'a>(
    values: &[&'a dyn Param],
    owner: &'a Option<&str>,
) -> Vec<&'a dyn Param> {
    let mut all = values.to_vec();
    all.extend(owner.as_ref().map(|o| o as &dyn Param));
    all
}

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

    /// A text column's bytes, unchecked as UTF-8 (`None` for null): keys
    /// and timestamps read once per timeline entry, checked where used.
    pub fn bytes(&self, i: usize) -> Result<Option<&[u8]>> {
        match self {
            Row::Lite(r) => Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => None,
                v => Some(v.as_bytes().map_err(|e| {
                    SqlError::Lite(rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    ))
                })?),
            }),
            Row::Pg(r) => Ok(pg_cell::<Option<&str>>(r, i)?.map(str::as_bytes)),
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

/// A list of ids bound as one value: on PostgreSQL a `BIGINT[]` (`=
/// ANY($1)`). SQLite binds such a list through `rarray` instead
/// (`Db::histories`), never through this.
pub struct IdArray(pub Vec<i64>);

impl Param for IdArray {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        &rusqlite::types::Null
    }
    fn pg(&self) -> &(dyn ToSql + Sync) {
        &self.0
    }
    fn pg_type(&self) -> Type {
        Type::INT8_ARRAY
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
