//! The `stages` table: which stations are on and their stale limits.

use super::sql;
use super::{Db, bad_value};
use crate::domain::{Conveyor, Stage, StageSettings};
use crate::error::Result;

impl Db<'_> {
    /// The conveyor as configured in this database.
    pub fn conveyor(&self) -> Result<Conveyor> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, stale_days, enabled FROM stages ORDER BY position")?;
        let rows = stmt.query_map(sql::NONE, |r| {
            let key: String = r.get(0)?;
            Ok(StageSettings {
                stage: Stage::from_key(&key).ok_or_else(|| bad_value("stage", &key))?,
                stale_days: r.get(1)?,
                enabled: r.get(2)?,
            })
        })?;
        Ok(Conveyor::new(rows.collect::<sql::Result<_>>()?))
    }
}
