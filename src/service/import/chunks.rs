//! A team import: every row prepared first, then written a chunk per
//! transaction, so that the rest of the team writes on meanwhile.

use super::known::known_contacts;
use super::rows::{Prepared, prepare};
use super::{ImportOptions, ImportReport, Writer};
use crate::error::Result;
use crate::import::Lead;
use crate::service::Now;
use crate::store::Store;

/// How many rows a team import writes per transaction: short enough that
/// everyone else's writes go on between them.
const CHUNK: usize = 500;

/// On a team database: every row read and prepared first (a row that
/// cannot be read refuses the import, nothing written), then written a
/// chunk per transaction, so that nobody waits for the whole import. A
/// chunk that fails stops it and says how far it got: the rows before are
/// in, and the same import run again merges them instead of doubling them.
pub(super) fn import_in_chunks(
    store: &mut Store,
    now: Now,
    leads: impl Iterator<Item = Result<Lead>>,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let prepared: Vec<Prepared> = leads
        .map(|lead| lead.map(|l| prepare(l, opts)))
        .collect::<Result<_>>()?;
    let (known, _) = known_contacts(&store.read(), opts.region)?;
    let mut writer = Writer::new(store.read().conveyor()?, now, opts, known);
    let total = prepared.len();
    // A file of one chunk is written whole, as on one's own base.
    writer.report.chunks_of = (total > CHUNK).then_some(CHUNK);
    let mut items = prepared.into_iter().peekable();
    while items.peek().is_some() {
        let chunk: Vec<Prepared> = items.by_ref().take(CHUNK).collect();
        let done = writer.report.rows;
        let wrote = store.write(|db| chunk.into_iter().try_for_each(|item| writer.row(db, item)));
        if let Err(why) = wrote {
            return Err(crate::error::Error::ImportPartial {
                done,
                total,
                why: Box::new(why),
            });
        }
    }
    Ok(writer.report)
}
