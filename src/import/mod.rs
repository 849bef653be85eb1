//! Reading files other programs wrote: bytes → text (the encoding found
//! from a byte-order mark, else guessed, else as told) → leads. Pure: no
//! database here; `service::import` decides what each lead becomes.

pub mod csv;
pub mod json;
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
    pub amount: Option<String>,
    /// A "paid" column's value.
    pub paid: Option<String>,
    pub note: Option<String>,
    pub tags: Option<String>,
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
    /// A CSV record that cannot be read, at this line.
    Csv(usize, String),
    /// A format this build does not read yet.
    Unsupported(String),
    /// JSON that is not a lead or a list of leads.
    Json(String),
    /// The file cannot be read (why).
    Io(String),
    /// The lead at this place has no name.
    NoName(usize),
}

/// The leads of a whole file, its kind from its extension: `.vcf`
/// vCards, `.json` leads as JSON, anything else CSV (encoding guessed).
/// For the board's import form; `konveyer import` streams long CSVs.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Lead>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("vcf" | "vcard") if bytes.contains(&0) => Err(ReadError::Binary),
        Some("vcf" | "vcard") => vcard::read(&bytes),
        Some("json") => {
            let text = decode(&bytes, None)?;
            if text.contains("\"konveyer\"") {
                return Err(ReadError::Unsupported("a database dump".into()));
            }
            json::read(&text)
        }
        _ => csv::read(&decode(&bytes, None)?, None),
    }
}

/// How much of a file the encoding is guessed from.
const SAMPLE: usize = 256 << 10;

/// The text of `bytes`: UTF-8 or UTF-16 by their byte-order mark, else the
/// encoding `label` names, else the one the bytes look like (UTF-8 or
/// Windows-1251, the two a Russian spreadsheet writes).
pub fn decode(bytes: &[u8], label: Option<&str>) -> Result<String, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let encoding = match label {
        Some(l) => encoding_rs::Encoding::for_label(l.trim().as_bytes())
            .ok_or_else(|| ReadError::UnknownEncoding(l.to_string()))?,
        None => match encoding_rs::Encoding::for_bom(bytes) {
            Some((e, _)) => e,
            None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
            None => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                // A few hundred kilobytes tell the encoding as well as all.
                let sample = &bytes[..bytes.len().min(SAMPLE)];
                detector.feed(sample, sample.len() == bytes.len());
                detector.guess(Some(b"ru"), chardetng::Utf8Detection::Allow)
            }
        },
    };
    let (text, _, malformed) = encoding.decode(bytes);
    // NUL bytes or undecodable runs: not a text file.
    if text.contains('\0') || (malformed && label.is_none() && encoding == encoding_rs::UTF_8) {
        return Err(ReadError::Binary);
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
