//! Progress on a terminal for the long commands: for `import` and `gen` a
//! bar while the rows go in, then a spinner that says what is left while
//! the indexes, the counts and the search index are finished; for
//! `check`, a spinner. Nothing on a pipe; everything on standard error.

use std::io::{self, IsTerminal};
use std::time::Duration;

use crate::i18n::{Lang, tr};

/// A bar of `len` with `template` (indicatif's), on a terminal only.
pub(super) fn bar(len: u64, template: &str) -> Option<indicatif::ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    })
}

/// Turns `bar` into a spinner that says the load is being finished.
pub(super) fn finishing(bar: &indicatif::ProgressBar, lang: Lang) {
    spin(bar, &tr(lang, "bulk-finishing"));
}

/// A spinner saying `message` (the locales' own), on a terminal only:
/// for a command that takes its time without rows to count (`check` of a
/// million clients: half a minute).
pub(super) fn spinner(message: &str) -> Option<indicatif::ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        spin(&bar, message);
        bar
    })
}

/// `bar` as a spinner with `message`, turning on its own.
fn spin(bar: &indicatif::ProgressBar, message: &str) {
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
}
