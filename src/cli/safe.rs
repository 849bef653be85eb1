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
/// in UTF-8). Most writes are such, and pass without being decoded.
fn plainly_safe(buf: &[u8]) -> bool {
    let mut prev = 0u8;
    buf.iter().all(|&b| {
        let fine = match b {
            b'\n' | b'\t' => true,
            0..=0x1f | 0x7f => false,
            0x80..=0x9f => prev != 0xc2,
            _ => true,
        };
        prev = b;
        fine
    })
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
}
