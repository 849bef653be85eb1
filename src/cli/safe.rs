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

/// A writer that makes control characters visible on the way through.
pub(super) struct Safe<W: Write>(pub W);

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
        if plainly_safe(buf) {
            return self.0.write(buf);
        }
        match std::str::from_utf8(buf) {
            Ok(text) if text.chars().any(|c| visible(c) != c) => {
                self.0.write_all(clean(text).as_bytes())?;
                Ok(buf.len())
            }
            Ok(_) => self.0.write(buf),
            // Not text: drop raw control bytes.
            Err(_) => {
                let kept: Vec<u8> = buf
                    .iter()
                    .copied()
                    .filter(|b| *b >= 0x20 || *b == b'\n' || *b == b'\t')
                    .collect();
                self.0.write_all(&kept)?;
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
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
        let mut out = Safe(Vec::new());
        write!(out, "Evil \u{1b}]0;PWNED\u{7}\u{1b}[2J\nok\tтаб \u{9b}").unwrap();
        let text = String::from_utf8(out.0).unwrap();
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
}
