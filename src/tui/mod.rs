//! The board: terminal set-up and tear-down, and the event loop.

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod view;

#[cfg(test)]
mod tests;

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::service::Now;
use crate::store::Store;
use app::App;

/// The signals whose default is to end the process: each ends the board
/// through its normal teardown instead, so the terminal is restored first.
/// (SIGKILL cannot be caught; nothing can restore after it.)
const ENDING_SIGNALS: [i32; 11] = {
    use signal_hook::consts::*;
    [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGVTALRM,
        SIGPROF,
    ]
};

/// At most this many waiting events are handled between two draws.
const MAX_BATCH: usize = 512;

/// How often the board looks for changes made elsewhere.
const TICK: Duration = Duration::from_millis(250);

/// Whether colours are wanted (the `NO_COLOR` convention).
pub fn colors_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Opens the board on `store` until the person quits. `fixed_now` freezes
/// the clock (`KONVEYER_NOW`); `notice` is shown in the first footer.
pub fn run(
    store: Store,
    lang: Lang,
    config: Config,
    fixed_now: Option<Now>,
    notice: Option<String>,
) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in ENDING_SIGNALS {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // try_init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    // A paste arrives as one event, never as keys that run commands.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, store, lang, config, fixed_now, notice, &stop);
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    store: Store,
    lang: Lang,
    config: Config,
    fixed_now: Option<Now>,
    notice: Option<String>,
    stop: &AtomicBool,
) -> Result<()> {
    let clock = || fixed_now.unwrap_or_else(Now::system);
    let height = terminal.size()?.height;
    let mut app = App::new(store, lang, config, clock(), view::cards_per_column(height))?;
    app.color = colors_wanted();
    if let Some(text) = notice {
        app.notice = Some(app::Notice { text, error: false });
    }
    loop {
        terminal.draw(|frame| view::draw(frame, &app))?;
        if let Some(text) = app.clipboard.take() {
            // The terminal puts it on the clipboard (OSC 52).
            use std::io::Write;
            let mut out = std::io::stdout();
            write!(out, "{}", crate::service::clipboard_sequence(&text))?;
            out.flush()?;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // A search under way reads on whenever no key waits.
        let wait = if app.searching() {
            Duration::ZERO
        } else {
            TICK
        };
        // A closed or broken terminal (EOF) ends the session cleanly.
        let ready = match event::poll(wait) {
            Ok(ready) => ready,
            Err(_) => return Ok(()),
        };
        if ready {
            // Handle every event already waiting before the next draw, so a
            // burst of keys (typing fast, a long text) costs one redraw.
            let mut handled = 0;
            loop {
                match event::read() {
                    Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => app.handle_key(key),
                    Ok(Event::Paste(text)) => app.paste(&text),
                    Ok(Event::Resize(_, height)) => {
                        if let Err(e) = app.set_card_rows(view::cards_per_column(height)) {
                            app.fail(&e);
                        }
                    }
                    Ok(_) => {}
                    Err(_) => return Ok(()),
                }
                handled += 1;
                let more = handled < MAX_BATCH && event::poll(Duration::ZERO).unwrap_or(false);
                if !more || app.quit {
                    break;
                }
            }
        } else if app.searching() {
            app.search_goes_on();
            continue;
        } else {
            // A hung-up terminal (closed window, killed tmux) reads as EOF
            // forever and is no longer a terminal: end the session.
            if !std::io::stdin().is_terminal() {
                return Ok(());
            }
        }
        app.tick(clock());
    }
}
