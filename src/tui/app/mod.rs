//! The board's state and how actions change it. No drawing here; every
//! change goes through `service`, then the visible window is reloaded.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod actions;
mod agenda;
mod calling;
mod duplicate;
mod forms;
mod import;
mod load;
mod navigation;
mod popups;
mod reports;
mod submit;

#[cfg(test)]
pub(crate) use agenda::LISTED;
pub use agenda::{AgendaItem, agenda_items};
pub use reports::{PeriodStep, REVENUE_WEEKS, ReportsView};

use super::action::Action;
use super::form::Form;
use super::keymap::{Keymap, Scope};
use crate::config::Config;
use crate::domain::{Bucket, Card, Client, Conveyor, Reminder, Stage, WeekStats};
use crate::error::{Error, Result};
use crate::i18n::{self, Lang};
use crate::service::{Agenda, CallsToday, ClientDetail, Now};
use crate::store::{Shown, Store};

/// How many reminders the pane loads (the counts cover all of them).
const PANE_REMINDERS: i64 = 200;

/// How many search results are listed.
const SEARCH_RESULTS: usize = 12;
/// How long a search reads at a time before the board draws again.
const SEARCH_STEP: std::time::Duration = std::time::Duration::from_millis(8);

/// Which part of the board has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Board,
    Reminders,
}

/// One station's column: its count and the window of cards on screen.
#[derive(Debug, Clone)]
pub struct Column {
    pub stage: Stage,
    /// Cards in the column (lost ones too when they are shown).
    pub count: i64,
    /// Active clients in the column (the farmer's capacity counts these).
    pub active: i64,
    /// What its active clients' expected deals add up to, in the default
    /// currency.
    pub worth: i64,
    /// Index of the first loaded card within the column.
    pub offset: i64,
    /// Index of the selected card within the column.
    pub selected: i64,
    pub cards: Vec<Card>,
    /// In focus mode, what each card's next step is (why to call), by
    /// client id, in the board's language.
    pub steps: std::collections::HashMap<i64, String>,
}

impl Column {
    /// The next step of the card of client `id`, when it is read.
    pub fn step(&self, id: i64) -> Option<&str> {
        self.steps.get(&id).map(String::as_str)
    }

    pub fn selected_card(&self) -> Option<&Card> {
        usize::try_from(self.selected - self.offset)
            .ok()
            .and_then(|i| self.cards.get(i))
    }
}

/// A job beside the board: whether it sweeps the rules, and the segments
/// it computes after.
struct Beside {
    sweeps: bool,
    job: std::thread::JoinHandle<Result<Segments>>,
}

type Segments = std::collections::HashMap<i64, crate::domain::segment::Segment>;

/// The full-screen view.
#[derive(Debug, Clone)]
pub enum Screen {
    Board,
    Detail {
        detail: Box<ClientDetail>,
        scroll: u16,
    },
    Agenda {
        agenda: Box<Agenda>,
        /// What can be selected, in screen order.
        items: Vec<AgendaItem>,
        selected: usize,
    },
    Reports(Box<ReportsView>),
    /// The head of sales' day, as lines.
    Team {
        lines: Vec<String>,
        scroll: u16,
    },
}

/// What a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Add,
    Edit(i64),
    Call(i64),
    Note(i64),
    Remind(i64),
    Lose(i64),
    SnoozeTo(i64),
    Assign(i64),
    CallBack(i64),
    NotTarget(i64),
    Invoice(i64),
    Paid(i64),
    /// An invoice withdrawn (its order id).
    Cancel(i64),
    EditReminder(i64),
    /// The plan of the ISO week holding this day (its number of days since
    /// 1970, as the other purposes carry ids).
    Plan(i64),
    /// A file to import (its path).
    Import,
}

pub use calling::Calling;
pub use duplicate::DuplicateChoice;
pub use import::{ImportPreview, Table};

/// The search pop-up.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Client>,
    pub selected: usize,
    /// The search for `query`, going on while not done.
    pub finder: crate::service::Finder,
}

/// A window over the board.
#[derive(Debug, Clone)]
pub enum Popup {
    Help,
    Form(Form, Purpose),
    Search(Search),
    Snooze(i64),
    /// How did the call to this client go?
    Outcome(i64),
    /// Why was this client lost? A reason by digit, or own words.
    LossReason(i64),
    /// What an import would do: Enter imports, Esc cancels.
    ImportPreview(Box<ImportPreview>),
    /// A new client's phone or e-mail is already a client's: what now?
    Duplicate(Box<DuplicateChoice>),
}

/// A message in the footer after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Everything the board shows and remembers.
pub struct App {
    pub(crate) store: Store,
    pub(crate) lang: Lang,
    pub(crate) config: Config,
    /// The keys in force: the defaults, and those the config moved.
    pub(crate) keys: Keymap,
    pub(crate) now: Now,
    pub(crate) color: bool,
    pub(crate) focus: Focus,
    pub(crate) columns: Vec<Column>,
    pub(crate) col: usize,
    pub(crate) reminders: Vec<(Bucket, Reminder)>,
    /// Open reminders overdue, due today, due in the next 7 days.
    pub(crate) reminder_counts: [i64; 3],
    /// Active clients before the farmer with no next step (no open reminder).
    pub(crate) unplanned: i64,
    /// Lost clients whose day to come back has come.
    pub(crate) back_today: Vec<crate::service::ComingBack>,
    pub(crate) rem_selected: usize,
    /// Set by `d`, `s`, `x` or a call on the pane's reminder: the reminder
    /// the next reload selects (the one after it; `None`: it was the last),
    /// so that working through a list moves on.
    pub(crate) pane_next: Option<Option<i64>>,
    pub(crate) week: WeekStats,
    /// Today's calls so far, for the focus queue's line.
    pub(crate) calls_today: CallsToday,
    pub(crate) conveyor: Conveyor,
    pub(crate) screen: Screen,
    pub(crate) popup: Option<Popup>,
    /// Text for the terminal to put on the clipboard (OSC 52), written by
    /// the loop at the next draw.
    pub(crate) clipboard: Option<String>,
    /// The call the outcome pop-up asks about: whom, the number to dial,
    /// which attempt at this station.
    pub(crate) calling: Option<Calling>,
    /// The client dialled last and when: a call's outcome for them keeps
    /// how long it took.
    pub(crate) dialled: Option<(i64, std::time::Instant)>,
    pub(crate) notice: Option<Notice>,
    /// Lost cards too or not; one person's cards or everyone's.
    pub(crate) shown: Shown,
    /// The people of a team conveyor (empty on one person's base).
    pub(crate) people: Vec<crate::domain::User>,
    /// Where the import form looks for the file to suggest, the newest
    /// one a list could be (`None`: the Downloads folder and the working
    /// directory, found when the form opens; tests give their own).
    pub(crate) import_dirs: Option<Vec<std::path::PathBuf>>,
    /// The station worked as a queue in focus mode.
    pub(crate) focus_stage: Option<Stage>,
    pub(crate) quit: bool,
    /// How many cards fit in a column on screen.
    pub(crate) card_rows: usize,
    data_version: i64,
    /// Everything from scratch on the next reload (open, new day, outside
    /// change, undo, import): the segments too, not only after the board's
    /// own payments, and every window by position, not by key.
    full_reload: bool,
    /// Work that reads the whole base, running on its own connection beside
    /// the board (the board reloads when it ends): the rules' pass of a
    /// new day or a whole sweep, and the segments.
    beside: Option<Beside>,
    /// Undo marks of this session's changes with what each did, newest last.
    undo: Vec<(i64, String)>,
    /// The client the selection goes to on the next reload, instead of the
    /// one it is on (see `load.rs`: the selection rule).
    follow: Option<i64>,
    /// Each paying client's ABC(D) class, for the badges; recomputed on a
    /// full reload and after a payment made here.
    pub(crate) segments: Segments,
    /// The week's plan vs fact (empty without targets), and today's when a
    /// day plan exists.
    pub(crate) week_plan: Vec<crate::service::PlanRow>,
    pub(crate) day_plan: Vec<crate::service::PlanRow>,
    segments_stale: bool,
}

impl App {
    /// Opens the board on `store` as of `now`.
    pub fn new(
        store: Store,
        lang: Lang,
        config: Config,
        now: Now,
        card_rows: usize,
    ) -> Result<App> {
        let mut app = App {
            conveyor: store.read().conveyor()?,
            keys: Keymap::of(&config)?,
            store,
            lang,
            config,
            now,
            color: true,
            focus: Focus::Board,
            columns: Vec::new(),
            col: 0,
            reminders: Vec::new(),
            reminder_counts: [0; 3],
            unplanned: 0,
            back_today: Vec::new(),
            rem_selected: 0,
            pane_next: None,
            week: WeekStats::default(),
            calls_today: CallsToday::default(),
            screen: Screen::Board,
            popup: None,
            clipboard: None,
            calling: None,
            dialled: None,
            notice: None,
            shown: Shown::default(),
            people: Vec::new(),
            import_dirs: None,
            focus_stage: None,
            quit: false,
            card_rows: card_rows.max(1),
            data_version: 0,
            undo: Vec::new(),
            full_reload: true,
            beside: None,
            follow: None,
            segments: Default::default(),
            segments_stale: true,
            week_plan: Vec::new(),
            day_plan: Vec::new(),
        };
        app.store.enable_undo()?;
        app.people = app.store.read().users()?;
        // A person of a team sees their own cards first (`o`: everyone's).
        app.shown.owner = app.store.actor().map(str::to_string);
        app.reload()?;
        Ok(app)
    }

    /// Where the keyboard is, for the key table.
    pub fn scope(&self) -> Scope {
        match (&self.screen, self.focus) {
            (Screen::Detail { .. }, _) => Scope::Detail,
            (Screen::Team { .. }, _) => Scope::Team,
            (Screen::Agenda { .. }, _) => Scope::Agenda,
            (Screen::Reports(_), _) => Scope::Reports,
            (Screen::Board, Focus::Board) => Scope::Board,
            (Screen::Board, Focus::Reminders) => Scope::Reminders,
        }
    }

    /// The client the next action is about.
    pub fn current_client(&self) -> Option<&Client> {
        match (&self.screen, self.focus) {
            (Screen::Detail { detail, .. }, _) => Some(&detail.client),
            (Screen::Board, Focus::Board) => self
                .columns
                .get(self.col)
                .and_then(Column::selected_card)
                .map(|c| &c.client),
            (Screen::Board, Focus::Reminders)
            | (Screen::Agenda { .. }, _)
            | (Screen::Reports(_), _)
            | (Screen::Team { .. }, _) => None,
        }
    }

    /// The id of the client the next action is about: the selected card,
    /// the open client, or the client of the selected reminder or agenda item.
    pub fn current_client_id(&self) -> Option<i64> {
        match (&self.screen, self.focus) {
            (Screen::Board, Focus::Reminders) => self.selected_reminder().and_then(|r| r.client_id),
            (Screen::Agenda { .. }, _) => self.agenda_item().and_then(|i| i.client_id),
            _ => self.current_client().map(|c| c.id),
        }
    }

    /// The reminder `d`, `s`, `e` and `Del` act on: the pane's selection or
    /// the agenda's selected reminder.
    pub fn current_reminder_id(&self) -> Option<i64> {
        match (&self.screen, self.focus) {
            (Screen::Agenda { .. }, _) => self.agenda_item().and_then(|i| i.reminder_id),
            (Screen::Board, Focus::Reminders) => self.selected_reminder().map(|r| r.id),
            _ => None,
        }
    }

    /// Whether the base has people (team mode).
    pub fn is_team(&self) -> bool {
        !self.people.is_empty()
    }

    /// The owner's initials for a card when everyone's cards are shown.
    pub fn owner_initials(&self, c: &Client) -> Option<String> {
        if self.shown.owner.is_some() {
            return None;
        }
        let owner = c.owner.as_deref()?;
        self.people
            .iter()
            .find(|u| u.login == owner)
            .map(crate::domain::User::initials)
    }

    /// How many active clients one farmer keeps well.
    pub fn farmer_capacity(&self) -> i64 {
        i64::from(self.config.rules.farmer_capacity)
    }

    /// The footer's notice, if any: its text, and whether it is an error.
    pub fn notice(&self) -> Option<(&str, bool)> {
        self.notice.as_ref().map(|n| (n.text.as_str(), n.error))
    }

    /// "5d" / "5д": whole days a client has spent in its stage.
    pub fn days_label(&self, c: &Client) -> String {
        format!(
            "{}{}",
            c.days_in_stage(self.now.utc),
            i18n::texts(self.lang).days_short
        )
    }

    pub fn selected_reminder(&self) -> Option<&Reminder> {
        self.reminders.get(self.rem_selected).map(|(_, r)| r)
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        // Esc and a key typed right after it arrive together and read as
        // Alt+key; nothing here is bound to Alt, so take them as two keys.
        if key.modifiers.contains(KeyModifiers::ALT)
            && let KeyCode::Char(c) = key.code
        {
            self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            let plain = key.modifiers.difference(KeyModifiers::ALT);
            return self.handle_key(KeyEvent::new(KeyCode::Char(c), plain));
        }
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        // Whatever this key changes in the database becomes one undo step.
        let mut mark = self.store.undo_mark().ok();
        if let Some(popup) = self.popup.take() {
            // Ctrl-C in a form, the search or a choice cancels it.
            self.popup = if ctrl_c {
                None
            } else {
                self.handle_popup(popup, key)
            };
        } else if let Some(action) = self.keys.action_for(&key, self.scope()) {
            if action == Action::Undo {
                mark = None;
            }
            self.notice = None;
            self.update(action);
        } else if let KeyCode::Char(c) = key.code {
            let help = self.keys.key_of(Action::Help);
            self.tell(i18n::board::key_does_nothing(self.lang, c, &help));
        }
        if let Some(mark) = mark
            && self.store.undo_mark().is_ok_and(|now| now > mark)
        {
            let what = self.notice.as_ref().map(|n| n.text.clone());
            self.undo.push((mark, what.unwrap_or_default()));
        }
    }

    /// A sentence that names the key of `action` as it is in force
    /// (message `id`): "press a to add your first client".
    pub(crate) fn naming_key(&self, id: &str, action: Action) -> String {
        i18n::board::naming_key(self.lang, id, &self.keys.key_of(action))
    }

    /// Pasted text: into the open form or search, never read as keys.
    pub fn paste(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::Form(form, _)) => form.paste(text),
            Some(Popup::Search(search)) => {
                let mut search = std::mem::take(search);
                search.query.push_str(&crate::tui::form::one_line(text));
                self.run_search(&mut search);
                self.popup = Some(Popup::Search(search));
            }
            _ => {
                let (add, search) = (
                    self.keys.key_of(Action::Add),
                    self.keys.key_of(Action::Search),
                );
                let said = crate::i18n::fluent::tr_args(
                    self.lang,
                    "board-paste-nowhere",
                    crate::args![add = add, search = search],
                );
                self.tell(said);
            }
        }
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        if let Err(e) = self.try_update(action) {
            self.fail(&e);
        }
    }

    /// Client `id`'s name, for the titles of forms and choices ("" if gone).
    pub fn client_name(&self, id: i64) -> String {
        self.store
            .read()
            .client(id)
            .map(|c| c.name)
            .unwrap_or_default()
    }

    /// The loss reasons offered by digit: the config's, else the language's.
    pub fn loss_reasons(&self) -> Vec<String> {
        match &self.config.loss_reasons {
            Some(list) if !list.is_empty() => list.iter().take(9).cloned().collect(),
            _ => (1..=5)
                .map(|n| i18n::tr(self.lang, &format!("loss-reason-{n}")))
                .collect(),
        }
    }

    /// Shows an error in the footer; a card someone else has just changed
    /// is read again first, so what the person sees is what is there.
    pub fn fail(&mut self, e: &Error) {
        if matches!(e, Error::ChangedBy { .. }) {
            self.full_reload = true;
            let _ = self.reload();
        }
        self.notice = Some(Notice {
            text: e.message(self.lang),
            error: true,
        });
    }

    fn tell(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }
}
