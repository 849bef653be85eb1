//! Importing a file from the board: it is read and tried (nothing
//! written), its preview says what would happen, and a table's columns can
//! be seen and given other fields (as `--map` does) before saying yes.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Popup};
use crate::domain::Stage;
use crate::error::{Error, Result};
use crate::import::csv::{FIELD_NAMES, Field};
use crate::import::dates::DateOrder;
use crate::import::sheet::Sheets;
use crate::import::{Lead, Numbered, Opened, ReadError};
use crate::service;
use crate::tui::form::Form;

/// A file's leads and what importing them would do, to confirm.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub path: String,
    /// The source and station of the rows that name none.
    pub source: Option<String>,
    pub stage: Stage,
    pub leads: Vec<Lead>,
    /// What the leads' numbers count (lines of a file, leads of a list).
    pub numbered: Numbered,
    pub report: service::ImportReport,
    /// A table's columns, when the file is one.
    pub table: Option<Table>,
}

/// A table as read, its columns and the fields they become.
#[derive(Debug, Clone)]
pub struct Table {
    text: String,
    delimiter: Option<u8>,
    /// The fields given by hand, by header.
    map: Vec<(String, Field)>,
    /// Each column and the field it becomes (`None`: kept in the note).
    pub columns: Vec<(String, Option<Field>)>,
    /// Whether the columns are shown (to change them), and which one is
    /// selected.
    pub mapping: bool,
    pub selected: usize,
    /// How dates written with slashes read, when told (`d`); else as the
    /// file's rows say.
    pub dates: Option<DateOrder>,
    /// A workbook's sheets, and which one this is (`t`: the next).
    pub sheets: Option<Sheets>,
    /// A text file's encoding (`e`: the next), and whether it was told
    /// rather than found.
    pub encoding: Option<(&'static str, bool)>,
}

impl Table {
    /// A table's leads, as its headers say; none when no column names a
    /// client, and then its columns are shown first, to say which does.
    fn opened(
        text: String,
        delimiter: Option<u8>,
        (sheets, encoding): (Option<Sheets>, Option<(&'static str, bool)>),
    ) -> Result<(Vec<Lead>, Table), ReadError> {
        let columns = crate::import::csv::columns(&text, delimiter, &[])?;
        let (leads, mapping) = match crate::import::csv::read(&text, delimiter) {
            Ok(leads) => (leads, false),
            Err(ReadError::NoNameColumn(_)) => (Vec::new(), true),
            Err(e) => return Err(e),
        };
        let table = Table {
            text,
            delimiter,
            map: Vec::new(),
            columns,
            mapping,
            selected: 0,
            dates: None,
            sheets,
            encoding,
        };
        Ok((leads, table))
    }

    /// Whether the field of column `i` was given by hand.
    pub fn mapped(&self, i: usize) -> bool {
        self.columns
            .get(i)
            .is_some_and(|(h, _)| self.map.iter().any(|(m, _)| m == h))
    }

    /// The selected column's next (or previous) field: by hand through
    /// every field, then back to what its name says.
    fn cycle(&mut self, forward: bool) {
        let Some((header, _)) = self.columns.get(self.selected).cloned() else {
            return;
        };
        let at = self.map.iter().position(|(h, _)| *h == header);
        let now = at.and_then(|i| FIELD_NAMES.iter().position(|(_, f)| *f == self.map[i].1));
        // Positions 0..n are the fields; n is "as its name says".
        let n = FIELD_NAMES.len();
        let now = now.unwrap_or(n);
        let next = match forward {
            true => (now + 1) % (n + 1),
            false => (now + n) % (n + 1),
        };
        if let Some(i) = at {
            self.map.remove(i);
        }
        if next < n {
            self.map.push((header, FIELD_NAMES[next].1));
        }
        self.refresh();
    }

    /// The columns' fields as the map now says.
    fn refresh(&mut self) {
        if let Ok(columns) = crate::import::csv::columns(&self.text, self.delimiter, &self.map) {
            self.columns = columns;
        }
    }
}

impl ImportPreview {
    /// What the rows that name no source or station are given, and what
    /// the leads' numbers count.
    fn rows_say(&self) -> (Option<&str>, Stage, Numbered) {
        (self.source.as_deref(), self.stage, self.numbered)
    }

    /// A text file's encoding now and the one `e` reads it in next.
    pub fn next_encoding(&self) -> Option<(&'static str, &'static str)> {
        let (now, _) = self.table.as_ref()?.encoding?;
        let list = crate::import::ENCODINGS;
        let at = list.iter().position(|e| e.eq_ignore_ascii_case(now));
        let next = at.map_or(0, |i| (i + 1) % list.len());
        Some((now, list[next]))
    }

    /// The preview's file as it is now on disk, to be read again.
    fn bytes(&self) -> Result<Vec<u8>> {
        crate::import::whole_file(std::path::Path::new(&self.path))
            .map_err(|e| Error::Import(self.path.clone(), e))
    }

    /// The workbook's sheets, when it has another to turn to (`t`).
    pub fn next_sheet(&self) -> Option<&Sheets> {
        let sheets = self.table.as_ref()?.sheets.as_ref()?;
        (sheets.names.len() > 1).then_some(sheets)
    }

    /// The order `d` turns the table's slashed dates to: the other one,
    /// when the order was guessed or told; none when the file says it.
    pub fn dates_turn(&self) -> Option<DateOrder> {
        let told = self.table.as_ref()?.dates;
        match (told, &self.report.guessed_dates) {
            (Some(DateOrder::Dmy), _) => Some(DateOrder::Mdy),
            (Some(DateOrder::Mdy), _) | (None, Some(_)) => Some(DateOrder::Dmy),
            (None, None) => None,
        }
    }
}

/// A path under the home folder written from `~` (`~/Downloads/x.csv`),
/// as [`expand_home`] reads it back.
pub(super) fn home_short(path: &std::path::Path) -> String {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// Where an export just downloaded from another CRM is, for the import
/// form to suggest: the Downloads folder (as the desktop names it, else
/// `~/Downloads` or `~/Загрузки`) and the working directory.
pub(super) fn import_dirs() -> Vec<std::path::PathBuf> {
    let user = directories::UserDirs::new();
    let named = user.as_ref().and_then(|d| d.download_dir()).map(Into::into);
    let usual = user
        .iter()
        .flat_map(|d| ["Downloads", "Загрузки"].map(|n| d.home_dir().join(n)));
    named
        .into_iter()
        .chain(usual)
        .chain(std::env::current_dir().ok())
        .collect()
}

/// How a preview's file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reread {
    /// With its columns as now mapped and its dates as now told.
    Mapped,
    NextSheet,
    NextEncoding,
}

/// `~/file.csv` as the shell would read it.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest).display().to_string(),
        _ => path.to_string(),
    }
}

impl App {
    /// A file read and tried (nothing written yet): its preview comes
    /// next. A table without a name column opens on its columns, to
    /// say which one holds the names.
    pub(super) fn submit_import(&mut self, form: &Form) -> Result<()> {
        let path = expand_home(form.value(0).trim());
        let source = form.optional(1);
        let stage = Stage::parse(form.value(2)).map_err(Error::from)?;
        let refused = |e| Error::Import(path.clone(), e);
        let (leads, numbered, table) = match crate::import::open_file(std::path::Path::new(&path)) {
            Ok(Opened::Leads(leads, numbered)) => (leads, numbered, None),
            Ok(Opened::Table {
                text,
                delimiter,
                sheets,
                encoding,
            }) => {
                let found = (sheets, encoding.map(|e| (e, false)));
                let (leads, table) = Table::opened(text, delimiter, found).map_err(refused)?;
                (leads, Numbered::Line, Some(table))
            }
            Err(e) => return Err(refused(e)),
        };
        let report = self.import_leads(&leads, true, (source.as_deref(), stage, numbered))?;
        let preview = ImportPreview {
            path,
            source,
            stage,
            leads,
            numbered,
            report,
            table,
        };
        self.popup = Some(Popup::ImportPreview(Box::new(preview)));
        Ok(())
    }

    /// An import's preview: Enter or `y` imports, Esc, `q` or `n` does
    /// not; `m` shows a table's columns ([`App::mapping_key`]), `d` reads
    /// its dates the other way, `t` and `e` its next sheet or encoding.
    pub(super) fn preview_key(
        &mut self,
        mut preview: Box<ImportPreview>,
        key: KeyEvent,
    ) -> Option<Popup> {
        if preview.table.as_ref().is_some_and(|t| t.mapping) {
            self.mapping_key(&mut preview, key);
            return Some(Popup::ImportPreview(preview));
        }
        match key.code {
            KeyCode::Enter | KeyCode::Char('y') if !preview.leads.is_empty() => {
                let rows_say = preview.rows_say();
                match self.import_leads(&preview.leads, false, rows_say) {
                    Ok(report) => {
                        self.full_reload = true;
                        let _ = self.reload();
                        self.tell(crate::present::import_summary(self.lang, &report));
                    }
                    Err(e) => self.fail(&e),
                }
                None
            }
            // The dates read the other way round, when they could be.
            KeyCode::Char('d') if preview.dates_turn().is_some() => {
                let turned = preview.dates_turn();
                if let Some(t) = preview.table.as_mut() {
                    t.dates = turned;
                }
                self.reread(&mut preview, Reread::Mapped);
                Some(Popup::ImportPreview(preview))
            }
            // A text file in the next encoding; a workbook's next sheet.
            KeyCode::Char('e') if preview.next_encoding().is_some() => {
                self.reread(&mut preview, Reread::NextEncoding);
                Some(Popup::ImportPreview(preview))
            }
            KeyCode::Char('t') if preview.next_sheet().is_some() => {
                self.reread(&mut preview, Reread::NextSheet);
                Some(Popup::ImportPreview(preview))
            }
            KeyCode::Char('m') if preview.table.is_some() => {
                if let Some(t) = preview.table.as_mut() {
                    t.mapping = true;
                }
                Some(Popup::ImportPreview(preview))
            }
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('n') => None,
            _ => Some(Popup::ImportPreview(preview)),
        }
    }

    /// A key on a table's columns: `j`/`k` a column, `h`/`l` (or Space)
    /// its field, Enter reads the file again so, Esc back to the preview;
    /// `t` and `e` read the next sheet or encoding.
    fn mapping_key(&mut self, preview: &mut ImportPreview, key: KeyEvent) {
        let Some(table) = preview.table.as_mut() else {
            return;
        };
        let last = table.columns.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => table.selected = (table.selected + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => table.selected = table.selected.saturating_sub(1),
            KeyCode::Char('l' | ' ') | KeyCode::Right => table.cycle(true),
            KeyCode::Char('h') | KeyCode::Left => table.cycle(false),
            KeyCode::Esc | KeyCode::Char('m') => table.mapping = false,
            KeyCode::Enter => self.reread(preview, Reread::Mapped),
            KeyCode::Char('t') => self.reread(preview, Reread::NextSheet),
            KeyCode::Char('e') => self.reread(preview, Reread::NextEncoding),
            _ => {}
        }
    }

    /// The preview's file read again `how`; what went wrong is said.
    fn reread(&mut self, preview: &mut ImportPreview, how: Reread) {
        let done = match how {
            Reread::Mapped => self.read_again(preview),
            Reread::NextSheet => self.turn_sheet(preview),
            Reread::NextEncoding => self.turn_encoding(preview),
        };
        if let Err(e) = done {
            self.fail(&e);
        }
    }

    /// The preview of the workbook's next sheet (its columns as their
    /// headers say, its dates as its rows say), tried.
    fn turn_sheet(&mut self, preview: &mut ImportPreview) -> Result<()> {
        let Some(mut sheets) = preview.next_sheet().cloned() else {
            return Ok(());
        };
        let refused = |e| Error::Import(preview.path.clone(), e);
        let bytes = preview.bytes()?;
        let next = sheets.next().to_string();
        let read = crate::import::sheet::table(&bytes, Some(&next), &[]).map_err(refused)?;
        sheets.at = (sheets.at + 1) % sheets.names.len();
        let (leads, table) =
            Table::opened(read.text, read.delimiter, (Some(sheets), None)).map_err(refused)?;
        self.tried(preview, leads, table)
    }

    /// The preview of `table` read afresh, `leads` tried.
    fn tried(&mut self, preview: &mut ImportPreview, leads: Vec<Lead>, table: Table) -> Result<()> {
        self.try_leads(preview, leads)?;
        preview.table = Some(table);
        Ok(())
    }

    /// The preview of a text file read in the next encoding (its columns
    /// as their headers say), tried.
    fn turn_encoding(&mut self, preview: &mut ImportPreview) -> Result<()> {
        let Some((_, next)) = preview.next_encoding() else {
            return Ok(());
        };
        let refused = |e| Error::Import(preview.path.clone(), e);
        let bytes = preview.bytes()?;
        let told = Some((next, true));
        let opened = crate::import::decode(&bytes, Some(next))
            .and_then(|text| Table::opened(text, None, (None, told)));
        match opened {
            Ok((leads, table)) => self.tried(preview, leads, table),
            // Said, and the next `e` goes on to the encoding after it.
            Err(e) => {
                if let Some(t) = preview.table.as_mut() {
                    t.encoding = told;
                }
                Err(refused(e))
            }
        }
    }

    /// The table read again with its columns as now mapped, and tried.
    fn read_again(&mut self, preview: &mut ImportPreview) -> Result<()> {
        let Some(table) = preview.table.as_mut() else {
            return Ok(());
        };
        let leads = crate::import::csv::reader(&table.text, table.delimiter, &table.map)
            .and_then(|r| {
                r.with_date_order(table.dates)
                    .collect::<Result<Vec<Lead>, _>>()
            })
            .map_err(|e| Error::Import(preview.path.clone(), e))?;
        table.mapping = false;
        self.try_leads(preview, leads)
    }

    /// `leads` as the preview's, what importing them would do worked out.
    fn try_leads(&mut self, preview: &mut ImportPreview, leads: Vec<Lead>) -> Result<()> {
        let rows_say = preview.rows_say();
        preview.report = self.import_leads(&leads, true, rows_say)?;
        preview.leads = leads;
        Ok(())
    }

    /// Imports `leads` (or, with `dry_run`, works out what it would do),
    /// the rows that name no source or station given these (and what the
    /// leads' numbers count).
    pub(super) fn import_leads(
        &mut self,
        leads: &[Lead],
        dry_run: bool,
        (source, stage, numbered): (Option<&str>, Stage, Numbered),
    ) -> Result<service::ImportReport> {
        let opts = service::ImportOptions {
            dry_run,
            source: source.map(str::to_string),
            stage,
            region: self.config.region(),
            currency: self.config.currency().to_string(),
            lang: self.lang,
            expected_rows: leads.len(),
            numbered,
        };
        service::import(
            &mut self.store,
            self.now,
            leads.iter().cloned().map(Ok),
            &opts,
        )
    }
}
