//! The arguments of the commands that read or write files: import,
//! export, backup and restore.

use std::path::PathBuf;

use clap::ValueEnum;

/// The arguments of `konveyer import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub file: String,
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub stage: Option<String>,
    /// What a column holds where its header does not say: 'HEADER=FIELD' (name, first, middle, last, company, phone, email, source, stage, status, value, currency, paid, created, closed, expected, lost-reason, owner, note, tags, next-step, next-step-text, last-call, stage-since, skip); again for more
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// The spreadsheet's sheet to read [default: the first that lists clients]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[arg(long, value_name = "ORDER", value_parser = ["dmy", "mdy"])]
    pub date_order: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub delimiter: String,
    #[arg(long)]
    pub todo: bool,
}

/// The arguments of `konveyer backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    pub file: PathBuf,
}

/// The arguments of `konveyer restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    pub file: PathBuf,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Csv,
    #[value(name = "vcf", alias = "vcard")]
    Vcard,
    Json,
    /// A spreadsheet: .xlsx, .xlsm, .xls, .ods.
    #[value(name = "xlsx", alias = "ods", alias = "xls")]
    Sheet,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Ics,
}
