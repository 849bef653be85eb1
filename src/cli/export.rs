//! `konveyer export`: to standard output, or to a file written whole or
//! not at all (a private temporary file beside it, renamed over it when
//! complete; beside the file a link names, so that the link stays). What
//! is not a regular file (`/dev/null`, a named pipe, a terminal) is written
//! into as it is: renamed over, it would be replaced by a file. `-o -` and
//! `-o /dev/stdout` are standard output.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

use super::args::{ExportArgs, ExportFormat};
use super::{Ctx, Failure, safe};
use crate::error::Error;
use crate::i18n::tr_args;
use crate::service;

/// `,` `;` `tab` (or a tab character) as the CSV's delimiter byte.
fn delimiter(input: &str) -> Result<u8, Error> {
    match input {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() && !s.chars().any(|c| c.is_alphanumeric()) => {
            Ok(s.as_bytes()[0])
        }
        s => Err(Error::BadDelimiter(s.to_string())),
    }
}

/// The format asked for, else the file's extension's, else CSV.
fn format_of(format: Option<ExportFormat>, output: Option<&Path>) -> ExportFormat {
    let by_extension = || {
        let ext = output?.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(ExportFormat::Json),
            "ics" | "ical" => Some(ExportFormat::Ics),
            "csv" | "txt" => Some(ExportFormat::Csv),
            _ => None,
        }
    };
    format.or_else(by_extension).unwrap_or(ExportFormat::Csv)
}

/// A new file readable by its owner only.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The export to `path` failed, and why.
fn failed_at(path: &Path) -> impl Fn(&dyn std::fmt::Display) -> Error + '_ {
    move |why| Error::ExportFailed(path.to_path_buf(), why.to_string())
}

/// `write` into `path`: a regular file (or none yet) whole or not at all,
/// through a link the file it names; anything else as it is.
fn written_to(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    match fs::metadata(path) {
        Ok(found) if !found.is_file() => written_into(path, write),
        Ok(_) => {
            let file = fs::canonicalize(path).map_err(|e| failed_at(path)(&e))?;
            written_whole(&file, write)
        }
        Err(_) => written_whole(path, write),
    }
}

/// `write` into `file` whole or not at all: into a private temporary file
/// beside it, synced, then renamed over it (a failure leaves neither).
fn written_whole(
    file: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    let failed = failed_at(file);
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let temp = file.with_file_name(format!(".{name}.konveyer-part"));
    let mut w = BufWriter::new(private_file(&temp).map_err(|e| failed(&e))?);
    let done = write(&mut w)
        .and_then(|n| {
            w.flush()?;
            w.get_ref().sync_all()?;
            Ok(n)
        })
        .and_then(|n| fs::rename(&temp, file).map(|()| n).map_err(|e| failed(&e)));
    if done.is_err() {
        let _ = fs::remove_file(&temp);
    }
    done
}

/// `write` into `target` as it is: a device or a pipe, which a rename
/// would replace rather than write.
fn written_into(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    let failed = failed_at(target);
    let file = OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| failed(&e))?;
    let mut w = BufWriter::new(file);
    let n = write(&mut w)?;
    w.flush()?;
    Ok(n)
}

/// Standard output, remembering how a write to it failed: a closed pipe
/// (`export | head`) ends the command quietly, as for every other output.
struct Watched<'a> {
    inner: &'a mut dyn Write,
    failed: Option<std::io::ErrorKind>,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner
            .write(buf)
            .inspect_err(|e| self.failed = Some(e.kind()))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner
            .flush()
            .inspect_err(|e| self.failed = Some(e.kind()))
    }
}

pub(super) fn export(ctx: &Ctx, a: ExportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let ExportArgs {
        format,
        output,
        delimiter: delimiter_text,
        todo,
    } = a;
    let delimiter_text = delimiter_text.as_str();
    let format = format_of(format, output.as_deref());
    let delimiter = delimiter(delimiter_text)?;
    let store = ctx.reading(|_| Ok(()))?;
    let write = |w: &mut dyn Write| -> Result<usize, Error> {
        match format {
            ExportFormat::Csv => {
                service::export_csv(&store, ctx.now, ctx.config(), ctx.lang, delimiter, w)
            }
            ExportFormat::Json => service::export_json(&store, ctx.now, w),
            ExportFormat::Ics => service::export_ics(&store, ctx.now, ctx.lang, todo, w),
        }
    };
    // `-` and `/dev/stdout` are standard output itself: through its own
    // descriptor, as the shell opened it (`>>` appends; a rename over the
    // file behind it, or a write from its start, would lose what it held).
    let output = output.filter(|p| !(p == Path::new("-") || p == Path::new("/dev/stdout")));
    let Some(path) = output else {
        let mut watched = Watched {
            inner: out,
            failed: None,
        };
        return match (write(&mut watched), watched.failed) {
            (Ok(_), _) => Ok(()),
            (Err(_), Some(kind)) => Err(Failure::Output(kind.into())),
            (Err(e), None) => Err(e.into()),
        };
    };
    let count = written_to(&path, write).map_err(|e| match e {
        Error::ExportFailed(..) => e,
        other => failed_at(&path)(&other.message(ctx.lang)),
    })?;
    let what = match format {
        ExportFormat::Csv => "exported-clients",
        ExportFormat::Json => "exported-rows",
        ExportFormat::Ics => "exported-reminders",
    };
    let line = tr_args(
        ctx.lang,
        "exported",
        crate::args![
            count = count,
            what = tr_args(ctx.lang, what, crate::args![count = count]),
            path = path.display().to_string()
        ],
    );
    safe::eprint_line(&line);
    Ok(())
}
