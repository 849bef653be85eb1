//! `konveyer import`: a file (or standard input) read, decoded and turned
//! into leads; the service imports them in one transaction; the report
//! says what became of each row (text or JSON). A progress bar on a
//! terminal for long files, none in a pipe.

use std::io::{self, Read, Write};
use std::path::Path;

use super::args::{ImportArgs, ImportFormat};
use super::{Ctx, Failure, safe};
use crate::domain::Stage;
use crate::error::Error;
use crate::i18n::{tr, tr_args};
use crate::import::dates::DateOrder;
use crate::import::{self, Numbered, ReadError};
use crate::service::{self, ImportOptions, ImportReport};

/// The size from which a terminal shows a progress bar (a few thousand rows).
const PROGRESS_FROM_BYTES: usize = 512 << 10;

/// The reader's leads, moving the bar every thousand; once the file is
/// read, the bar says what is left (the indexes, the search index) while
/// the import finishes, rather than standing full.
struct Progress<'a, 'b> {
    reader: import::csv::Reader<'a>,
    bar: Option<&'b indicatif::ProgressBar>,
    rows: usize,
    lang: crate::i18n::Lang,
}

impl Iterator for Progress<'_, '_> {
    type Item = Result<import::Lead, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows += 1;
        if let Some(bar) = self.bar
            && self.rows.is_multiple_of(1000)
        {
            bar.set_position(self.reader.progress().0 as u64);
        }
        let next = self.reader.next();
        if next.is_none()
            && let Some(bar) = self.bar.take()
        {
            super::progress::finishing(bar, self.lang);
        }
        next
    }
}

/// The file's bytes, or standard input's for `-`.
fn bytes_of(file: &str) -> Result<Vec<u8>, Error> {
    if file == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    import::whole_file(Path::new(file)).map_err(refusal(file))
}

/// The text of `file` (`-`: standard input), decoded as it is read.
fn text_of(file: &str, encoding: Option<&str>) -> Result<String, Error> {
    let refused = refusal(file);
    if file == "-" {
        return import::decode_from(io::stdin().lock(), 0, encoding).map_err(refused);
    }
    let opened = std::fs::File::open(file).map_err(|e| refused(ReadError::Io(e.to_string())))?;
    let size = opened.metadata().map_or(0, |m| m.len() as usize);
    import::decode_from(opened, size, encoding).map_err(refused)
}

/// The format asked for, else the file's extension's, else CSV.
fn format_of(format: Option<ImportFormat>, file: &str) -> ImportFormat {
    let ext = Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    format.unwrap_or(match ext.as_deref() {
        Some("vcf" | "vcard") => ImportFormat::Vcard,
        Some("json") => ImportFormat::Json,
        Some(ext) if import::sheet::EXTENSIONS.contains(&ext) => ImportFormat::Sheet,
        _ => ImportFormat::Csv,
    })
}

/// Imports a CSV's rows as they are read (`map`: what columns hold where
/// their headers do not say).
fn import_csv(
    ctx: &Ctx,
    text: &str,
    delimiter: Option<u8>,
    (map, dates): (&[(String, import::csv::Field)], Option<DateOrder>),
    opts: &ImportOptions,
    file: &str,
) -> Result<service::ImportReport, Error> {
    let refused = refusal(file);
    // A guessed order of dates is refused here: written, it could not be
    // mended by importing the file again.
    let reader = import::csv::reader(text, delimiter, map)
        .map_err(refused)?
        .with_date_order(dates)
        .refusing_guessed_dates()
        .map_err(refused)?;
    let opts = ImportOptions {
        expected_rows: text.bytes().filter(|b| *b == b'\n').count(),
        ..opts.clone()
    };
    // A bar by bytes read, for a long file on a terminal.
    // Sizes as a person reads them (31.7 MiB), not a count of bytes.
    let bar = (text.len() >= PROGRESS_FROM_BYTES)
        .then(|| super::progress::bar(text.len() as u64, "{wide_bar} {bytes}/{total_bytes}"))
        .flatten();
    let leads = Progress {
        reader,
        bar: bar.as_ref(),
        rows: 0,
        lang: ctx.lang,
    }
    .map(|lead| lead.map_err(&refused));
    let report = into_base(ctx, opts.dry_run, true, |store| {
        service::import(store, ctx.now, leads, &opts)
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}

/// Imports leads read all at once (`numbered`: what their numbers count).
fn import_all(
    ctx: &Ctx,
    opts: &ImportOptions,
    (leads, numbered): (Vec<import::Lead>, Numbered),
) -> Result<service::ImportReport, Error> {
    let opts = ImportOptions {
        expected_rows: leads.len(),
        numbered,
        ..opts.clone()
    };
    into_base(ctx, opts.dry_run, true, |store| {
        service::import(store, ctx.now, leads.into_iter().map(Ok), &opts)
    })
}

/// Runs an import's `f` on the base, made if it is missing (`in_steps`:
/// on a team server, in steps of its own) — but a dry run with no base
/// yet rehearses on an empty one in memory: it leaves no file behind.
fn into_base<T>(
    ctx: &Ctx,
    dry_run: bool,
    in_steps: bool,
    f: impl FnOnce(&mut crate::store::Store) -> Result<T, Error>,
) -> Result<T, Error> {
    if dry_run && ctx.unmade_file()?.is_some() {
        return ctx.on(&mut crate::store::Store::open_in_memory()?, f);
    }
    match in_steps {
        true => ctx.with_store_in_steps(true, f),
        false => ctx.with_store(true, f),
    }
}

/// How an import (or an intake) runs, from the command line and config.
fn options(
    ctx: &Ctx,
    dry_run: bool,
    source: Option<String>,
    stage: Option<&str>,
) -> Result<ImportOptions, Error> {
    Ok(ImportOptions {
        dry_run,
        source: source
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty()),
        stage: stage
            .map(Stage::parse)
            .transpose()?
            .unwrap_or(Stage::Telemarketer),
        region: ctx.config().region(),
        currency: ctx.config().currency().to_string(),
        lang: ctx.lang,
        expected_rows: 0,
        numbered: Numbered::Line,
    })
}

/// How a file that cannot be read is refused: by its name (`stdin` for `-`).
fn refusal(file: &str) -> impl Fn(ReadError) -> Error + Copy + '_ {
    move |why| Error::Import(if file == "-" { "stdin" } else { file }.to_string(), why)
}

pub(super) fn import(ctx: &Ctx, a: ImportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let ImportArgs {
        file,
        format,
        encoding,
        dry_run,
        source,
        stage,
        map,
        sheet,
        date_order,
        json,
    } = a;
    let dates = date_order.as_deref().and_then(DateOrder::parse);
    let (file, encoding, stage) = (file.as_str(), encoding.as_deref(), stage.as_deref());
    let refused = refusal(file);
    let opts = options(ctx, dry_run, source, stage)?;
    let format = format_of(format, file);
    let table = matches!(format, ImportFormat::Csv | ImportFormat::Sheet);
    let for_tables = [
        (!map.is_empty(), "--map"),
        (dates.is_some(), "--date-order"),
    ];
    if let Some((_, option)) = for_tables.iter().find(|(given, _)| *given && !table) {
        return Err(refused(ReadError::NotATable(option)).into());
    }
    if format != ImportFormat::Sheet && sheet.is_some() {
        return Err(refused(ReadError::NotATable("--sheet")).into());
    }
    let map = map
        .iter()
        .map(|m| import::csv::map_entry(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(refused)?;
    // Which of a workbook's sheets was read, when it was chosen: said
    // before the report.
    let mut chosen = None;
    let report = match format {
        ImportFormat::Csv => {
            let text = text_of(file, encoding)?;
            import_csv(ctx, &text, None, (&map, dates), &opts, file)?
        }
        // A sheet's rows read as a CSV's, every header, map and meaning alike.
        ImportFormat::Sheet => {
            let (report, sheets) = import_sheet(ctx, file, sheet.as_deref(), (&map, dates), &opts)?;
            chosen = sheets;
            report
        }
        ImportFormat::Vcard => {
            let bytes = bytes_of(file)?;
            let leads = import::vcard::read(&bytes).map_err(refused)?;
            import_all(ctx, &opts, (leads, Numbered::Line))?
        }
        ImportFormat::Json => {
            let text = text_of(file, encoding)?;
            if put_back_dump(ctx, &text, dry_run, out)? {
                return Ok(());
            }
            let leads = import::json::read(&text).map_err(refused)?;
            import_all(ctx, &opts, (leads, Numbered::Lead))?
        }
    };
    if json {
        // A workbook's sheet read and those not, beside the report.
        let said = Reported {
            report: &report,
            sheet: chosen.as_ref().map(|s| SheetRead {
                read: s.read(),
                others: s.others().collect(),
            }),
        };
        serde_json::to_writer_pretty(&mut *out, &said).map_err(|e| Error::Io(e.to_string()))?;
        writeln!(out)?;
    } else {
        print(ctx, &report, (opts.stage, chosen.as_ref()), out)?;
    }
    Ok(())
}

/// An import's report as JSON: the report, and which of a workbook's
/// sheets it read when one was chosen among several.
#[derive(serde::Serialize)]
struct Reported<'a> {
    #[serde(flatten)]
    report: &'a service::ImportReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<SheetRead<'a>>,
}

/// The sheet an import read, and the others that hold anything.
#[derive(serde::Serialize)]
struct SheetRead<'a> {
    read: &'a str,
    others: Vec<&'a str>,
}

/// Imports a workbook's sheet (the one named, else the first that lists
/// clients): its report, and the workbook's sheets when it has others.
/// A workbook none of whose sheets names a client is refused.
fn import_sheet(
    ctx: &Ctx,
    file: &str,
    sheet: Option<&str>,
    (map, dates): (&[(String, import::csv::Field)], Option<DateOrder>),
    opts: &ImportOptions,
) -> Result<(service::ImportReport, Option<import::sheet::Sheets>), Failure> {
    let refused = refusal(file);
    let table = import::sheet::table(&bytes_of(file)?, sheet, map).map_err(refused)?;
    let several = table.sheets.filter(|s| s.names.len() > 1);
    if let Some(sheets) = several.as_ref().filter(|s| !s.names_clients) {
        let names = sheets.names.join(", ");
        return Err(refused(ReadError::NoNameInSheets(names)).into());
    }
    let report = import_csv(ctx, &table.text, table.delimiter, (map, dates), opts, file)?;
    Ok((report, several))
}

/// A whole-database dump from `export --format json`, put back as it was
/// (`dry_run`: checked and counted, nothing written); `false` when `text`
/// is none (leads, then).
fn put_back_dump(
    ctx: &Ctx,
    text: &str,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<bool, Failure> {
    let Ok(dump) = serde_json::from_str::<serde_json::Value>(text) else {
        return Ok(false);
    };
    if dump.get("konveyer").is_none() {
        return Ok(false);
    }
    let loaded = into_base(ctx, dry_run, false, |store| {
        service::load_dump(store, &dump, dry_run)
    })?;
    if dry_run {
        writeln!(out, "{}", tr(ctx.lang, "import-dry-run"))?;
    }
    let n = |t: &str| loaded.iter().find(|(x, _)| *x == t).map_or(0, |(_, n)| *n);
    let line = tr_args(
        ctx.lang,
        if dry_run {
            "dump-would-load"
        } else {
            "dump-loaded"
        },
        crate::args![
            clients = n("clients"),
            orders = n("orders"),
            activities = n("activities"),
            reminders = n("reminders"),
            plans = n("plans")
        ],
    );
    writeln!(out, "{line}")?;
    Ok(true)
}

/// `add --json -`: leads from a web form or a script, each added or
/// merged into the client it repeats (by phone or e-mail), all or none;
/// prints each lead's client id, one per line, in order.
pub(super) fn intake(
    ctx: &Ctx,
    file: &str,
    source: Option<String>,
    stage: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let refused = refusal(file);
    let opts = options(ctx, false, source, stage)?;
    let text = text_of(file, None)?;
    let leads = import::json::read(&text).map_err(refused)?;
    let report = import_all(ctx, &opts, (leads, Numbered::Lead))?;
    for (_, id) in &report.ids {
        writeln!(out, "{id}")?;
    }
    // What became of a lead's words (a phone kept in the note, a merge) is
    // for a person, on stderr: stdout is the ids alone, for the script.
    for line in crate::present::import_lines(ctx.lang, &report, opts.stage) {
        safe::eprint_line(&line);
    }
    // A new lead is a client created: the robots waiting for one act.
    for (row, id) in &report.ids {
        if !report.merged.iter().any(|m| m.row == *row) {
            ctx.robots(&[service::RobotEvent::Created], *id)?;
        }
    }
    Ok(())
}

/// An import's report in words (`sheet`: which of a workbook's sheets
/// it read, when one was chosen among several).
fn print(
    ctx: &Ctx,
    r: &ImportReport,
    (stage, sheet): (Stage, Option<&import::sheet::Sheets>),
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = ctx.lang;
    if r.dry_run {
        writeln!(out, "{}", tr(lang, "import-dry-run"))?;
    }
    if let Some(sheets) = sheet {
        writeln!(out, "{}", crate::present::sheet_read(lang, sheets, false))?;
    }
    writeln!(out, "{}", crate::present::import_summary(lang, r))?;
    for line in crate::present::import_money(lang, r) {
        writeln!(out, "{line}")?;
    }
    if let Some(rows) = r.chunks_of {
        let said = crate::i18n::tr_args(lang, "import-in-chunks", crate::args![rows = rows as i64]);
        writeln!(out, "{said}")?;
    }
    for line in crate::present::import_lines(lang, r, stage) {
        writeln!(out, "  {}", safe::clean(&line))?;
    }
    Ok(())
}
