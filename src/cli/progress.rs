//! Progress on a terminal for the long bulk commands (`import`, `gen`): a
//! bar while the rows go in, then a spinner that says what is left while
//! the indexes, the counts and the search index are finished. Nothing on
//! a pipe; everything on standard error.

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
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    bar.set_message(tr(lang, "bulk-finishing"));
    bar.enable_steady_tick(Duration::from_millis(120));
}
