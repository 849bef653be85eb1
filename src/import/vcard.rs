//! vCard 2.1, 3.0 and 4.0 (phone and mail address books) read from bytes:
//! folded lines are unfolded before any decoding (a fold may split a
//! letter in two), quoted-printable values are joined across their soft
//! line breaks and decoded in their own charset, `group.` prefixes are
//! dropped, photos are skipped unread.

use super::{Lead, ReadError};

/// A property of a card: its name (upper case, no group), its parameters
/// as written, its value's bytes (still encoded).
struct Property<'a> {
    name: String,
    params: Vec<&'a [u8]>,
    value: Vec<u8>,
}

impl Property<'_> {
    fn param(&self, key: &str) -> Option<String> {
        self.params.iter().find_map(|p| {
            let p = String::from_utf8_lossy(p);
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case(key)
                .then(|| v.trim().to_string())
        })
    }

    /// `ENCODING=QUOTED-PRINTABLE`, or 2.1's bare `QUOTED-PRINTABLE`.
    fn quoted_printable(&self) -> bool {
        self.params.iter().any(|p| {
            let p = String::from_utf8_lossy(p).to_ascii_uppercase();
            p == "QUOTED-PRINTABLE" || p == "ENCODING=QUOTED-PRINTABLE"
        })
    }

    /// The value as text: quoted-printable undone, then its charset (UTF-8
    /// unless named; Windows-1251 when it is not UTF-8 after all).
    fn text(&self) -> String {
        let bytes = match self.quoted_printable() {
            true => unquote(&self.value),
            false => self.value.clone(),
        };
        let named = self
            .param("CHARSET")
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
        let encoding = match named {
            Some(e) => e,
            None if std::str::from_utf8(&bytes).is_ok() => encoding_rs::UTF_8,
            None => encoding_rs::WINDOWS_1251,
        };
        encoding.decode(&bytes).0.into_owned()
    }
}

/// Quoted-printable to bytes (`=C3=91` → 0xC3 0x91; a bad escape stays).
fn unquote(v: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        match (
            v[i],
            v.get(i + 1).and_then(|b| hex(*b)),
            v.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'=', Some(h), Some(l)) => {
                out.push(h << 4 | l);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Backslash escapes of 3.0/4.0 text undone.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some('n' | 'N')) => {
                out.push('\n');
                chars.next();
            }
            ('\\', Some(e @ (',' | ';' | '\\' | ':'))) => {
                out.push(e);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A structured value's components (`N`, `ORG`): split on unescaped `;`.
fn components(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in s.chars() {
        if !escaped && c == ';' {
            parts.push(String::new());
            continue;
        }
        // An escape stays for `unescape`; only an unescaped `;` splits.
        escaped = !escaped && c == '\\';
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts.into_iter().map(|p| unescape(p.trim())).collect()
}

/// The logical lines of `bytes` with the line each starts at: line ends
/// of any kind (`\r\n`, `\n`, `\r\r\n`), folds (a line end before a space
/// or tab) undone, and quoted-printable soft breaks (`=` at the end)
/// joined.
fn logical_lines(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut physical: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    for line in &mut physical {
        while let Some(rest) = line.strip_suffix(b"\r") {
            *line = rest;
        }
    }
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut soft_break = false;
    for (i, line) in physical.into_iter().enumerate() {
        let folded = matches!(line.first(), Some(b' ' | b'\t'));
        match out.last_mut() {
            Some((_, last)) if folded => last.extend_from_slice(&line[1..]),
            Some((_, last)) if soft_break => last.extend_from_slice(line),
            _ if line.is_empty() => continue,
            _ => out.push((i + 1, line.to_vec())),
        }
        // A quoted-printable value ending in `=` goes on on the next line.
        soft_break = out.last().is_some_and(|(_, l)| {
            l.ends_with(b"=") && {
                let head = l.split(|b| *b == b':').next().unwrap_or_default();
                String::from_utf8_lossy(head)
                    .to_ascii_uppercase()
                    .contains("QUOTED-PRINTABLE")
            }
        });
        if soft_break && let Some((_, l)) = out.last_mut() {
            l.pop();
        }
    }
    out
}

fn property(line: &[u8]) -> Option<Property<'_>> {
    let colon = line.iter().position(|b| *b == b':')?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(|b| *b == b';');
    let name = String::from_utf8_lossy(parts.next()?).to_ascii_uppercase();
    // `item1.TEL`: the group does not matter here.
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Some(Property {
        name,
        params: parts.collect(),
        value: value.to_vec(),
    })
}

/// The leads of a vCard file, one per card, each at the line of its BEGIN.
pub fn read(bytes: &[u8]) -> Result<Vec<Lead>, ReadError> {
    // UTF-16 with its byte-order mark (some phones, Outlook and webmail
    // address books write it): read as the same text in UTF-8.
    if let Some(text) = super::utf16(bytes) {
        return read(text.as_bytes());
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let mut leads = Vec::new();
    let mut card: Option<(Lead, Option<String>)> = None;
    for (line_no, line) in logical_lines(bytes) {
        let Some(p) = property(&line) else {
            continue;
        };
        let upper = || {
            String::from_utf8_lossy(&p.value)
                .trim()
                .to_ascii_uppercase()
        };
        match (p.name.as_str(), card.as_mut()) {
            ("BEGIN", _) if upper() == "VCARD" => {
                card = Some((
                    Lead {
                        row: line_no,
                        ..Lead::default()
                    },
                    None,
                ));
            }
            ("END", Some(_)) if upper() == "VCARD" => {
                if let Some((mut lead, n)) = card.take() {
                    if lead.name.is_none() {
                        lead.name = n;
                    }
                    leads.push(lead);
                }
            }
            ("FN", Some((lead, _))) => lead.name = filled(&p),
            ("N", Some((_, n))) => {
                // Family; Given; Additional; Prefix; Suffix → "Given Additional Family".
                let c = components(&p.text());
                let get = |i: usize| c.get(i).map(String::as_str).unwrap_or_default();
                let joined = [get(3), get(1), get(2), get(0), get(4)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                *n = Some(joined).filter(|s| !s.is_empty());
            }
            ("ORG", Some((lead, _))) => lead.company = Some(listed(&p)).filter(|s| !s.is_empty()),
            ("TEL", Some((lead, _))) => lead.phones.push(unescape(p.text().trim())),
            ("EMAIL", Some((lead, _))) => lead.emails.push(unescape(p.text().trim())),
            ("NOTE", Some((lead, _))) => lead.note = filled(&p),
            ("CATEGORIES", Some((lead, _))) => lead.tags = filled(&p),
            ("TITLE" | "ROLE" | "URL" | "BDAY" | "ADR" | "NICKNAME", Some((lead, _))) => {
                let text = listed(&p);
                if !text.is_empty() {
                    lead.extra.push((title_case(&p.name), text));
                }
            }
            // PHOTO, X-… and the rest: not a salesperson's business.
            _ => {}
        }
    }
    if leads.is_empty() {
        return Err(ReadError::NoVcards);
    }
    Ok(leads)
}

/// A property's text, unescaped; `None` when empty.
fn filled(p: &Property) -> Option<String> {
    Some(unescape(p.text().trim())).filter(|s| !s.is_empty())
}

/// A property's non-empty components, joined by commas.
fn listed(p: &Property) -> String {
    components(&p.text())
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `TITLE` → `Title`, for the note.
fn title_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_undone_before_decoding_and_soft_breaks_joined() {
        // "бо|лее": a fold in the middle of a two-byte letter.
        let mut card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xd0\x90\xd0\xbd\r\n \xd0\xbd\xd0\xb0\r\nNOTE:\xd0\xb1\xd0\r\n \xbe\\, \\n!\r\n".to_vec();
        card.extend_from_slice(
            b"item1.TEL;type=CELL:+7 999 111-22-33\r\nitem2.TEL:8 912\r\nEND:VCARD\r\n",
        );
        let leads = read(&card).expect("card");
        assert_eq!(leads[0].name.as_deref(), Some("Анна"));
        assert_eq!(leads[0].note.as_deref(), Some("бо, \n!"));
        assert_eq!(leads[0].phones, ["+7 999 111-22-33", "8 912"]);
        let qp = b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=\n=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD;;;\nTEL;CELL:123456\nEND:VCARD\n";
        let leads = read(qp).expect("qp");
        assert_eq!(
            leads[0].name.as_deref(),
            Some("Иван Иванов"),
            "N when there is no FN"
        );
        let cp1251 = b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=WINDOWS-1251;QUOTED-PRINTABLE:=C8=E2=E0=ED\nEND:VCARD\n";
        assert_eq!(read(cp1251).expect("1251")[0].name.as_deref(), Some("Иван"));
    }

    #[test]
    fn not_a_vcard_file() {
        assert_eq!(read(b"  \n"), Err(ReadError::Empty));
        assert_eq!(read(b"name,phone\nA,1\n"), Err(ReadError::NoVcards));
    }

    #[test]
    fn a_utf16_address_book_with_its_mark_reads_as_any_other() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Смирнова\r\nTEL;TYPE=CELL:+7 900 123-45-67\r\n\
                    EMAIL:olga@example.ru\r\nEND:VCARD\r\n";
        let utf8 = read(card.as_bytes()).unwrap();
        for big_endian in [false, true] {
            let mut bytes = match big_endian {
                true => vec![0xFE, 0xFF],
                false => vec![0xFF, 0xFE],
            };
            for unit in card.encode_utf16() {
                let pair = match big_endian {
                    true => unit.to_be_bytes(),
                    false => unit.to_le_bytes(),
                };
                bytes.extend_from_slice(&pair);
            }
            assert_eq!(read(&bytes).unwrap(), utf8, "big endian: {big_endian}");
        }
        assert_eq!(utf8[0].name.as_deref(), Some("Ольга Смирнова"));
        // Zero bytes without the mark are no text.
        assert_eq!(read(b"BEGIN:VCARD\0\0\x01"), Err(ReadError::Binary));
    }
}
