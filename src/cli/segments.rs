//! The ABC(D) segments: `segments` lists them, `segment` sets one by hand.

use std::io::Write;

use super::args::SegmentArgs;
use super::ctx::{Ctx, Failure};
use super::print;
use crate::domain::DomainError;
use crate::domain::segment::Segment;
use crate::domain::when::parse_date;
use crate::{i18n, service};

/// `konveyer segments`.
pub(super) fn segments(ctx: &Ctx, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.reading(|_| Ok(()))?;
    let rows = service::segments(&store, ctx.now, ctx.currency(), ctx.config().segments)?;
    print::segments(out, ctx.lang, &rows, ctx.currency(), json)?;
    Ok(())
}

/// `konveyer segment ID A|B|C|D|auto`: the override set, then the client's
/// row as `segments` prints it.
pub(super) fn segment(ctx: &Ctx, a: SegmentArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let now = ctx.now;
    let class = match a.segment.trim().to_lowercase().as_str() {
        "auto" | "авто" => None,
        other => {
            Some(Segment::parse(other).ok_or_else(|| DomainError::BadSegment(a.segment.clone()))?)
        }
    };
    let until = a
        .until
        .as_deref()
        .map(|d| parse_date(d, now.local))
        .transpose()?;
    ctx.with_store(false, |s| {
        service::set_segment(s, a.id, class, a.note.as_deref(), until)
    })?;
    let store = ctx.reading(|_| Ok(()))?;
    match service::segment_of(&store, now, a.id, ctx.currency(), ctx.config().segments)? {
        Some(row) => print::segments(out, ctx.lang, &[row], ctx.currency(), false)?,
        // Back to auto with nothing paid in the year: no class, said of
        // this client (not that nobody pays).
        None => {
            let client = store.read().client(a.id)?;
            let line = i18n::tr_args(
                ctx.lang,
                "segment-none",
                crate::args![id = a.id, name = client.name],
            );
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
