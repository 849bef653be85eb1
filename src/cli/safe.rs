//! Output that cannot drive the terminal: names and notes come from web
//! forms and imports, so text printed to a terminal has its control
//! characters made visible (ESC shows as ␛) instead of being obeyed.
//! Newlines and tabs pass; JSON is unaffected (serde escapes controls).

use std::io::{self, Write};

/// The visible stand-in for a control character, or the character itself.
fn visible(c: char) -> char {
    match c {
        '\n' | '\t' => c,
        // C0 controls map onto the Control Pictures block: ESC → ␛.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        _ => c,
    }
}

/// Makes every control character of `text` visible.
pub(super) fn clean(text: &str) -> String {
    text.chars().map(visible).collect()
}

/// A writer that makes control characters visible on the way through. A
/// character split between two writes (a write the layer below took in
/// part, then the rest) is held until its end comes, so that a C1 control
/// cut in two is judged whole, not let through as two harmless halves.
pub(super) struct Safe<W: Write> {
    inner: W,
    /// The start of a character the last write ended inside (at most three
    /// bytes).
    held: Vec<u8>,
}

impl<W: Write> Safe<W> {
    pub(super) fn new(inner: W) -> Safe<W> {
        Safe {
            inner,
            held: Vec::new(),
        }
    }

    /// Writes `text` (whole characters, or bytes that are no text) made
    /// safe, all of it.
    fn write_clean(&mut self, text: &[u8]) -> io::Result<()> {
        if plainly_safe(text) && std::str::from_utf8(text).is_ok() {
            return self.inner.write_all(text);
        }
        // Bytes that are no UTF-8 show as U+FFFD, as a C1 control does.
        let text = String::from_utf8_lossy(text);
        self.inner.write_all(clean(&text).as_bytes())
    }
}

/// Where the last character of `buf` begins, if it is cut short: the
/// bytes from there are the start of a character whose end is still to
/// come.
fn unfinished(buf: &[u8]) -> Option<usize> {
    // A character is at most four bytes: its start is among the last four.
    let from = buf.len().saturating_sub(4);
    let start = (from..buf.len()).rev().find(|&i| buf[i] & 0xc0 != 0x80)?;
    let needs = match buf[start] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    (buf.len() - start < needs).then_some(start)
}

/// Whether `buf` holds nothing to make visible, judged by its bytes: no
/// C0 control but newline and tab, no DEL, no C1 control (`C2 80`–`C2 9F`
/// in UTF-8). Most writes are such, and pass without being decoded. The
/// bytes are looked at a block at a time without stopping early, which
/// the compiler turns into vector instructions (a byte at a time, this
/// was a twentieth of `list --json`), and the rare `C2` found by
/// `memchr`.
fn plainly_safe(buf: &[u8]) -> bool {
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
    let no_c0 = buf
        .chunks(64)
        .all(|block| !block.iter().fold(false, |seen, &b| seen | control(b)));
    no_c0
        && !memchr::memchr_iter(0xc2, buf)
            .any(|at| buf.get(at + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Most writes: whole characters, nothing held, nothing to change.
        if self.held.is_empty() && unfinished(buf).is_none() && plainly_safe(buf) {
            return self.inner.write(buf);
        }
        let mut joined = std::mem::take(&mut self.held);
        joined.extend_from_slice(buf);
        let whole = unfinished(&joined).unwrap_or(joined.len());
        self.write_clean(&joined[..whole])?;
        self.held = joined[whole..].to_vec();
        Ok(buf.len())
    }

    /// Also writes what was held: no end will come for it now.
    fn flush(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.write_clean(&held)?;
        self.inner.flush()
    }
}

/// Writes a line to stderr, made safe; a failed write is ignored (there
/// is nowhere left to report it), never a panic.
pub(super) fn eprint_line(text: &str) {
    let _ = writeln!(io::stderr(), "{}", clean(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        let mut out = Safe::new(Vec::new());
        write!(out, "Evil \u{1b}]0;PWNED\u{7}\u{1b}[2J\nok\tтаб \u{9b}").unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(text, "Evil ␛]0;PWNED␇␛[2J\nok\tтаб \u{fffd}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn plain_text_passes_untouched_and_every_control_is_caught() {
        assert!(plainly_safe("Иван «Ромашка»\tok\n".as_bytes()));
        for bad in ["a\u{1b}b", "\u{7f}", "x\u{85}y", "\u{9b}", "\r"] {
            assert!(!plainly_safe(bad.as_bytes()), "{bad:?}");
        }
    }

    /// The block-wise judgement agrees with a character-by-character one,
    /// wherever in a long write the character falls.
    #[test]
    fn plainly_safe_agrees_with_visible_at_every_offset() {
        let padding = "Ёлка «Ромашка» ok\t".repeat(9);
        for c in [
            '\u{1b}', '\u{0}', '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}', 'é', '\n', 'ж',
        ] {
            for at in [0, 1, 63, 64, 65, padding.chars().count()] {
                let mut text: String = padding.chars().take(at).collect();
                text.push(c);
                text.extend(padding.chars().skip(at));
                let by_chars = text.chars().all(|c| visible(c) == c);
                assert_eq!(plainly_safe(text.as_bytes()), by_chars, "{c:?} at {at}");
            }
        }
    }

    /// Text written in pieces cut at every byte (as a layer below that
    /// takes part of each write makes them) comes out as written whole:
    /// a C1 control cut in two is caught, a Cyrillic letter cut in two
    /// arrives intact.
    #[test]
    fn a_character_cut_between_writes_is_judged_whole() {
        let text = "Иван \u{9b}31m \u{1b}[2J ok\té 🙂 \u{85}";
        let whole = {
            let mut out = Safe::new(Vec::new());
            out.write_all(text.as_bytes()).unwrap();
            out.flush().unwrap();
            out.inner
        };
        assert_eq!(String::from_utf8(whole.clone()).unwrap(), clean(text));
        let bytes = text.as_bytes();
        for cut in 1..bytes.len() {
            let mut out = Safe::new(Vec::new());
            out.write_all(&bytes[..cut]).unwrap();
            out.write_all(&bytes[cut..]).unwrap();
            out.flush().unwrap();
            assert_eq!(out.inner, whole, "cut at byte {cut}");
        }
        // Bytes that never finish a character show as U+FFFD at the end.
        let mut out = Safe::new(Vec::new());
        out.write_all(b"ok \xc2").unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "ok \u{fffd}");
    }
}
