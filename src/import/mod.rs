//! Reading files other programs wrote: bytes → text (the encoding found
//! from a byte-order mark, else guessed, else as told) → leads. Pure: no
//! database here; `service::import` decides what each lead becomes.

use std::io::Read;

pub mod csv;
pub mod dates;
mod headers;
mod html;
pub mod json;
pub mod sheet;
pub mod vcard;

/// One person or company read from a file, with where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lead {
    /// The line (CSV) or card number it starts at, for the report.
    pub row: usize,
    pub name: Option<String>,
    pub company: Option<String>,
    /// Every number given; the first becomes the client's phone.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub source: Option<String>,
    /// A station or a CRM's deal stage, as written.
    pub stage: Option<String>,
    /// Whether that stage is a lead's status (its column `Статус`, `Lead
    /// Status`) rather than a deal's stage: a word that is both (Bitrix24's
    /// `В работе`) is placed as a lead's.
    pub stage_of_lead: bool,
    /// A deal's outcome apart from its stage (`won`, `lost`, `open`).
    pub status: Option<String>,
    /// A deal's value (a budget, an amount), as written.
    pub amount: Option<String>,
    /// The currency of that value, as written (`USD`, `руб.`).
    pub currency: Option<String>,
    /// The currency the value's column header names (`Amount (USD)`,
    /// `Бюджет, руб.`): its code, taken for an amount written without one
    /// in a row whose currency column (if any) is empty.
    pub amount_currency: Option<String>,
    /// What the value's column header says its amounts count in (`Сумма,
    /// тыс. руб.`: thousands), when not ones.
    pub amount_scale: Option<i64>,
    /// When the client or deal was created, as written.
    pub created: Option<String>,
    /// When the deal was closed (won or lost), as written.
    pub closed: Option<String>,
    /// When an open deal's payment is expected, as written.
    pub expected: Option<String>,
    /// A date of the row written with slashes whose order no row of the
    /// file said ([`dates`]): as written, the first of them. Its dates
    /// above are then read in [`dates::GUESSED`]'s order.
    pub guessed_date: Option<String>,
    pub lost_reason: Option<String>,
    /// Who is responsible for it, as written (a login or a name).
    pub owner: Option<String>,
    /// A "paid" column's value.
    pub paid: Option<String>,
    pub note: Option<String>,
    pub tags: Option<String>,
    /// When the next step with the client is due, as written.
    pub next: Option<String>,
    /// What that step is.
    pub next_text: Option<String>,
    /// When the client was last called, as written.
    pub last_call: Option<String>,
    /// When the client came to the station it is at, as written.
    pub stage_since: Option<String>,
    /// Columns nobody recognised: kept in the note as `Header: value`.
    pub extra: Vec<(String, String)>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    /// Not text in any encoding we read (a binary file).
    Binary,
    /// An encoding label nobody knows.
    UnknownEncoding(String),
    /// None of the columns is a name (the headers found).
    NoNameColumn(String),
    /// A column map's entry that is not `HEADER=FIELD` with a known field.
    BadMap(String),
    /// A column map names a header the file does not have (it, the
    /// headers found).
    MapNoColumn(String, String),
    /// A spreadsheet that cannot be read (why).
    Sheet(String),
    /// `--map` or `--sheet` (which) for a file that is no table.
    NotATable(&'static str),
    /// `--sheet` names no sheet of the workbook (it, the sheets).
    NoSheet(String, String),
    /// No sheet of a workbook of several has a column of names (the
    /// sheets that hold anything).
    NoNameInSheets(String),
    /// A CSV record that cannot be read, at this line.
    Csv(usize, String),
    /// A `.vcf` file with no vCard in it.
    NoVcards,
    /// A whole database from `export --format json`, where only leads are
    /// read (the board's import: the command line puts a dump back).
    Dump,
    /// Text that is no JSON (the parser's words).
    Json(String),
    /// JSON that is neither a lead nor a list of leads.
    NoLeads,
    /// The item at this place of a list of leads is no object.
    NotALead(usize),
    /// The file cannot be read (why).
    Io(String),
    /// A path read whole that is no regular file (a device, a directory, a
    /// pipe): refused rather than read on and on.
    NotAFile,
    /// The lead at this place has no name.
    NoName(usize),
    /// Dates written with slashes that may be day or month first, no row
    /// saying which, where a guess is not taken (the first such date).
    DateOrder(String),
}

/// What a lead's number counts, for what an import says of it: a line of
/// the file (a CSV's or a sheet's row, a vCard's first line) or a lead of
/// a JSON list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Numbered {
    #[default]
    Line,
    Lead,
}

/// A file opened for import: a table (CSV, or a spreadsheet's sheet as
/// CSV, with the workbook's other sheets), whose columns may still be mapped, or leads read already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Table {
        text: String,
        delimiter: Option<u8>,
        sheets: Option<sheet::Sheets>,
        /// A text file's encoding, as found.
        encoding: Option<&'static str>,
    },
    Leads(Vec<Lead>, Numbered),
}

/// A whole file, its kind from its extension: `.vcf` vCards, `.json` leads
/// as JSON, `.xlsx`/`.ods` a sheet, anything else CSV (encoding guessed).
/// For the board's import form; `konveyer import` streams long CSVs.
pub fn open_file(path: &std::path::Path) -> Result<Opened, ReadError> {
    let bytes = whole_file(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(match ext.as_deref() {
        Some("vcf" | "vcard") => Opened::Leads(vcard::read(&bytes)?, Numbered::Line),
        Some(ext) if sheet::EXTENSIONS.contains(&ext) => {
            let sheet::Table {
                text,
                delimiter,
                sheets,
            } = sheet::table(&bytes, None, &[])?;
            Opened::Table {
                text,
                delimiter,
                sheets,
                encoding: None,
            }
        }
        Some("json") => {
            let text = decode(&bytes, None)?;
            if text.contains("\"konveyer\"") {
                return Err(ReadError::Dump);
            }
            Opened::Leads(json::read(&text)?, Numbered::Lead)
        }
        _ => {
            let (text, encoding) = decode_named(&bytes, None)?;
            Opened::Table {
                text,
                delimiter: None,
                sheets: None,
                encoding: Some(encoding),
            }
        }
    })
}

/// The bytes of the regular file `path`, read whole (a spreadsheet, an
/// address book, the board's file): a device or a pipe named by mistake is
/// refused, not read until memory runs out.
pub fn whole_file(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    std::fs::read(path).map_err(io)
}

/// The extensions of files a list of clients may be in, as the board
/// suggests them (a JSON or a text file may be anything).
const LISTS: &[&str] = &[
    "csv", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods", "vcf", "vcard",
];

/// The newest file in `dirs` (not their subfolders) that a list of
/// clients may be in, by its extension: the export just downloaded from
/// another CRM. Folders that cannot be read are passed over.
pub fn newest_file(dirs: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let listed = |ext: Option<&std::ffi::OsStr>| {
        ext.and_then(|e| e.to_str())
            .is_some_and(|e| LISTS.contains(&e.to_ascii_lowercase().as_str()))
    };
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| listed(p.extension()))
        .filter_map(|p| {
            let meta = std::fs::metadata(&p).ok().filter(|m| m.is_file())?;
            Some((meta.modified().ok()?, p))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, p)| p)
}

/// Text in UTF-16 with its byte-order mark, as UTF-8 (`None`: no such
/// mark). A file of text with zero bytes in it is UTF-16, not a binary.
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, _) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    let (text, _, _) = encoding.decode(bytes);
    Some(text.into_owned())
}

/// How much of a file the encoding is guessed from.
const SAMPLE: usize = 256 << 10;

/// The encodings a person may tell a text file is in, those Russian and
/// other files are written in, as `encoding_rs` names them.
pub const ENCODINGS: &[&str] = &["UTF-8", "windows-1251", "KOI8-R", "IBM866", "UTF-16LE"];

/// The text of `bytes`: UTF-8 or UTF-16 by their byte-order mark, else the
/// encoding `label` names, else the one the bytes look like (UTF-8 or
/// Windows-1251, the two a Russian spreadsheet writes).
pub fn decode(bytes: &[u8], label: Option<&str>) -> Result<String, ReadError> {
    decode_from(bytes, bytes.len(), label)
}

/// As [`decode`], with the name of the encoding the text was read in.
pub fn decode_named(
    bytes: &[u8],
    label: Option<&str>,
) -> Result<(String, &'static str), ReadError> {
    decoded(bytes, bytes.len(), label).map(|(text, encoding)| (text, encoding.name()))
}

/// As [`decode`], reading `input` a piece at a time: only the text is held,
/// never the bytes as well. `size` is how many bytes are expected (a guess
/// is fine: the text grows as needed).
pub fn decode_from(
    input: impl Read,
    size: usize,
    label: Option<&str>,
) -> Result<String, ReadError> {
    decoded(input, size, label).map(|(text, _)| text)
}

/// [`decode_from`], and the encoding it read the text in (the last one
/// found, when the first part was plain ASCII).
fn decoded(
    mut input: impl Read,
    size: usize,
    label: Option<&str>,
) -> Result<(String, &'static encoding_rs::Encoding), ReadError> {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    let mut head = Vec::with_capacity(SAMPLE.min(size.max(1)));
    (&mut input)
        .take(SAMPLE as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let whole = head.len() < SAMPLE;
    let told = match label {
        Some(l) => Some(
            encoding_rs::Encoding::for_label(l.trim().as_bytes())
                .ok_or_else(|| ReadError::UnknownEncoding(l.to_string()))?,
        ),
        None => encoding_rs::Encoding::for_bom(&head).map(|(e, _)| e),
    };
    let mut encoding = told.unwrap_or_else(|| guess(&head, whole));
    let mut decoder = encoding.new_decoder();
    // About the file's size (a Cyrillic single-byte file's text is larger:
    // it grows). Each piece is decoded into a small buffer of its own and
    // copied on: `decode_to_string` writes a byte into every page of the
    // room left in the string it decodes into, so decoding straight into
    // the text, sized for the most it could take (three times the file),
    // made all of that room resident: 142 MB for a file of 48.
    let mut text = String::with_capacity(size);
    let mut piece = String::new();
    // Guessed UTF-8 from a sample all in ASCII: the first other byte may
    // still show a single-byte encoding.
    let mut plain = told.is_none() && encoding == encoding_rs::UTF_8 && head.is_ascii();
    let mut malformed = false;
    let mut chunk = head;
    loop {
        let last = chunk.is_empty();
        if plain && !chunk.is_ascii() {
            plain = false;
            if std::str::from_utf8(&chunk).is_err_and(|e| e.error_len().is_some()) {
                encoding = guess(&chunk, false);
                decoder = encoding.new_decoder_without_bom_handling();
            }
        }
        piece.clear();
        piece.reserve(
            decoder
                .max_utf8_buffer_length(chunk.len())
                .unwrap_or(chunk.len() * 3),
        );
        let (_, _, replaced) = decoder.decode_to_string(&chunk, &mut piece, last);
        malformed |= replaced;
        // A NUL is no text's: refused at once, not after reading a device
        // (`/dev/zero`) or a disk image to its end.
        if piece.contains('\0') {
            return Err(ReadError::Binary);
        }
        text.push_str(&piece);
        if last {
            break;
        }
        chunk.clear();
        (&mut input)
            .take(CHUNK as u64)
            .read_to_end(&mut chunk)
            .map_err(io)?;
    }
    if text.chars().all(char::is_whitespace) {
        return Err(ReadError::Empty);
    }
    // Undecodable runs: not a text file.
    if malformed && label.is_none() && encoding == encoding_rs::UTF_8 {
        return Err(ReadError::Binary);
    }
    Ok((text, encoding))
}

/// The encoding `sample` looks like: UTF-8 when it reads as UTF-8 (a
/// character cut at its end is fine), else chardetng's guess for Russian.
fn guess(sample: &[u8], whole: bool) -> &'static encoding_rs::Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => encoding_rs::UTF_8,
        Err(e) if e.error_len().is_none() && !whole => encoding_rs::UTF_8,
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, whole);
            detector.guess(Some(b"ru"), chardetng::Utf8Detection::Allow)
        }
    }
}

/// How much is read and decoded at a time after the sample.
const CHUNK: usize = 64 << 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_file_reads_the_same_piece_by_piece() {
        // Past the sample and across many pieces, a Cyrillic letter (two
        // bytes in UTF-8) cut at a piece's edge here and there.
        let names = [
            "Иван Петров",
            "Мария Сидорова",
            "Щукин Юрий",
            "Ёлкина Эльза",
        ];
        let text: String = (0..40_000)
            .map(|i| format!("{};ООО «Заря {i}»;+7 999 {i:07}\n", names[i % 4]))
            .collect();
        assert!(text.len() > SAMPLE + 3 * CHUNK);
        let same = |read: Result<String, ReadError>, what: &str| {
            assert!(read.expect(what) == text, "{what} reads differently");
        };
        same(decode(text.as_bytes(), None), "utf-8");
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        same(decode(&cp1251, None), "cp1251");
        // Latin only for longer than the sample, then Windows-1251: the
        // first other byte still tells the encoding.
        let latin = "Ivan;+7 999 123 45 67\n".repeat(SAMPLE / 10);
        let mixed = format!("{latin}Пётр;+7 999 765 43 21\n");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&mixed);
        assert!(decode(&bytes, None).expect("late cp1251") == mixed);
        // A file read from a pipe, its size not known.
        same(decode_from(&cp1251[..], 0, None), "a pipe");
        // No room kept for the most a file could decode to (three times
        // its size in UTF-8): the decoder writes into every page of the
        // room it is given, and all of it would be resident.
        let utf8 = decode(text.as_bytes(), None).expect("utf-8");
        assert!(utf8.capacity() < 2 * text.len(), "{}", utf8.capacity());
    }

    #[test]
    fn encodings_by_mark_by_guess_and_by_name() {
        let text = "Имя;Телефон\nИван;8 999\n";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&cp1251, None).expect("guessed"), text);
        assert_eq!(decode(&cp1251, Some("cp1251")).expect("named"), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom, None).expect("utf-8 bom"), text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16, None).expect("utf-16"), text);
        assert_eq!(decode(b"  \n", None), Err(ReadError::Empty));
        assert_eq!(
            decode(&[0, 159, 146, 150, 0, 1], None),
            Err(ReadError::Binary)
        );
        assert!(matches!(
            decode(b"a", Some("klingon")),
            Err(ReadError::UnknownEncoding(_))
        ));
    }

    #[test]
    fn a_nul_is_refused_before_the_rest_is_read() {
        // Endless zeros (as `/dev/zero` gives): refused at the first piece.
        let zeros = std::io::repeat(0);
        assert_eq!(decode_from(zeros, 0, None), Err(ReadError::Binary));
        let nul_late = std::io::Cursor::new([b"a,b\n".repeat(SAMPLE), vec![0]].concat());
        assert_eq!(decode_from(nul_late, 0, None), Err(ReadError::Binary));
    }

    #[test]
    fn the_boards_file_says_what_its_numbers_count_and_refuses_a_dump() {
        let dir = tempfile::tempdir().expect("dir");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            path
        };
        let leads = write("leads.json", r#"[{"name": "Вера"}]"#);
        assert!(matches!(open_file(&leads), Ok(Opened::Leads(l, Numbered::Lead)) if l.len() == 1));
        let cards = write(
            "cards.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:Вера\nEND:VCARD\n",
        );
        assert!(matches!(
            open_file(&cards),
            Ok(Opened::Leads(_, Numbered::Line))
        ));
        let dump = write("dump.json", r#"{"konveyer": 1, "clients": []}"#);
        assert_eq!(open_file(&dump), Err(ReadError::Dump));
        let none = write("none.vcf", "name,phone\n");
        assert_eq!(open_file(&none), Err(ReadError::NoVcards));
        // A device or a directory named by mistake: refused, not read.
        for path in ["/dev/zero", "/tmp"] {
            assert_eq!(
                open_file(std::path::Path::new(path)),
                Err(ReadError::NotAFile)
            );
        }
    }
}
