//! The board's state and how actions change it. No drawing here; every
//! change goes through `service`, then the visible window is reloaded.

use ratatui::crossterm::event::KeyEvent;

mod navigation;
mod popups;

use super::action::Action;
use super::form::Form;
use super::keymap::{self, Scope};
use crate::config::Config;
use crate::domain::{Bucket, Card, Client, Conveyor, Reminder, Stage, StageTarget, WeekStats};
use crate::error::{Error, Result};
use crate::i18n::board::texts;
use crate::i18n::{self, Lang};
use crate::service::{self, Agenda, ClientDetail, Now, RuleScope};
use crate::store::{CardOrder, Store};

/// How many reminders the pane loads (the counts cover all of them).
const PANE_REMINDERS: i64 = 200;

/// How many search results are listed.
const SEARCH_RESULTS: usize = 12;

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
    pub count: i64,
    /// Index of the first loaded card within the column.
    pub offset: i64,
    /// Index of the selected card within the column.
    pub selected: i64,
    pub cards: Vec<Card>,
}

impl Column {
    pub fn selected_card(&self) -> Option<&Card> {
        usize::try_from(self.selected - self.offset)
            .ok()
            .and_then(|i| self.cards.get(i))
    }
}

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
    CallBack(i64),
    NotTarget(i64),
    Invoice(i64),
    Paid(i64),
}

/// The search pop-up.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Client>,
    pub selected: usize,
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
}

/// A message in the footer after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Everything the board shows and remembers.
pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub config: Config,
    pub now: Now,
    pub color: bool,
    pub focus: Focus,
    pub columns: Vec<Column>,
    pub col: usize,
    pub reminders: Vec<(Bucket, Reminder)>,
    /// Open reminders overdue, due today, due in the next 7 days.
    pub reminder_counts: [i64; 3],
    pub rem_selected: usize,
    pub week: WeekStats,
    pub conveyor: Conveyor,
    pub screen: Screen,
    pub popup: Option<Popup>,
    pub notice: Option<Notice>,
    pub show_lost: bool,
    /// The station worked as a queue in focus mode.
    pub focus_stage: Option<Stage>,
    pub quit: bool,
    /// How many cards fit in a column on screen.
    pub card_rows: usize,
    data_version: i64,
    search_index: Option<Vec<(i64, String)>>,
    /// Run every rule on the next reload (open, new day, outside change);
    /// otherwise only the rules the board's own changes can trigger.
    full_rules: bool,
    /// Undo marks of this session's changes, newest last.
    undo: Vec<i64>,
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
            rem_selected: 0,
            week: WeekStats::default(),
            screen: Screen::Board,
            popup: None,
            notice: None,
            show_lost: false,
            focus_stage: None,
            quit: false,
            card_rows: card_rows.max(1),
            data_version: 0,
            search_index: None,
            undo: Vec::new(),
            full_rules: true,
        };
        app.store.enable_undo()?;
        app.reload()?;
        Ok(app)
    }

    /// Re-reads what is on screen from the database.
    pub fn reload(&mut self) -> Result<()> {
        let scope = if std::mem::take(&mut self.full_rules) {
            RuleScope::All
        } else {
            RuleScope::Chases
        };
        service::apply_rules(&mut self.store, self.now, &self.config, self.lang, scope)?;
        self.conveyor = self.store.read().conveyor()?;
        let stages: Vec<Stage> = match self.focus_stage {
            Some(stage) => vec![stage],
            None => self.conveyor.enabled().collect(),
        };
        let old = std::mem::take(&mut self.columns);
        for stage in stages {
            let mut column = old
                .iter()
                .find(|c| c.stage == stage)
                .cloned()
                .unwrap_or(Column {
                    stage,
                    count: 0,
                    offset: 0,
                    selected: 0,
                    cards: Vec::new(),
                });
            self.load_column(&mut column)?;
            self.columns.push(column);
        }
        self.col = self.col.min(self.columns.len().saturating_sub(1));
        let due = service::due_reminders(&self.store, self.now, Some(PANE_REMINDERS))?;
        self.reminder_counts = service::count_due(&self.store, self.now)?;
        self.reminders = [
            (Bucket::Overdue, due.overdue),
            (Bucket::Today, due.today),
            (Bucket::Upcoming, due.upcoming),
        ]
        .into_iter()
        .flat_map(|(b, list)| list.into_iter().map(move |r| (b, r)))
        .collect();
        self.rem_selected = self
            .rem_selected
            .min(self.reminders.len().saturating_sub(1));
        self.week = service::week_stats(&self.store, self.now)?;
        match &self.screen {
            Screen::Detail { detail, scroll } => {
                let (id, scroll) = (detail.client.id, *scroll);
                self.screen = Screen::Detail {
                    detail: Box::new(service::client_detail(&self.store, self.now, id)?),
                    scroll,
                };
            }
            Screen::Agenda { scroll, .. } => {
                let scroll = *scroll;
                self.screen = Screen::Agenda {
                    agenda: Box::new(service::agenda(&self.store, self.now, &self.config.rules)?),
                    scroll,
                };
            }
            Screen::Board => {}
        }
        self.search_index = None;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// Loads the window of cards around the column's selection.
    fn load_column(&self, column: &mut Column) -> Result<()> {
        let db = self.store.read();
        column.count = db.column_count(column.stage, self.show_lost)?;
        let rows = self.card_rows as i64;
        column.selected = column.selected.clamp(0, (column.count - 1).max(0));
        if column.selected < column.offset {
            column.offset = column.selected;
        } else if column.selected >= column.offset + rows {
            column.offset = column.selected - rows + 1;
        }
        column.offset = column.offset.clamp(0, (column.count - rows).max(0));
        let order = match self.focus_stage {
            Some(_) => CardOrder::Urgency(self.now.today()),
            None => CardOrder::InStage,
        };
        column.cards = db.cards(column.stage, self.show_lost, order, column.offset, rows)?;
        Ok(())
    }

    /// Reloads if another process changed the database since the last look.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        if self.store.data_version()? == self.data_version {
            return Ok(false);
        }
        self.full_rules = true;
        self.reload()?;
        Ok(true)
    }

    /// Moves the clock on; a new day reloads with every rule.
    pub fn set_now(&mut self, now: Now) -> Result<()> {
        let new_day = now.today() != self.now.today();
        self.now = now;
        if new_day {
            self.full_rules = true;
            self.reload()?;
        }
        Ok(())
    }

    /// Adapts to a new screen height (cards per column).
    pub fn set_card_rows(&mut self, rows: usize) -> Result<()> {
        let rows = rows.max(1);
        if rows != self.card_rows {
            self.card_rows = rows;
            self.reload()?;
        }
        Ok(())
    }

    /// Where the keyboard is, for the key table.
    pub fn scope(&self) -> Scope {
        match (&self.screen, self.focus) {
            (Screen::Detail { .. } | Screen::Agenda { .. }, _) => Scope::Detail,
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
            (Screen::Board, Focus::Reminders) | (Screen::Agenda { .. }, _) => None,
        }
    }

    fn current_client_id(&self) -> Option<i64> {
        match (&self.screen, self.focus) {
            (Screen::Board, Focus::Reminders) => self.selected_reminder().and_then(|r| r.client_id),
            _ => self.current_client().map(|c| c.id),
        }
    }

    /// How many active clients one farmer keeps well.
    pub fn farmer_capacity(&self) -> i64 {
        i64::from(self.config.rules.farmer_capacity)
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
        // Whatever this key changes in the database becomes one undo step.
        let mut mark = self.store.undo_mark().ok();
        if let Some(popup) = self.popup.take() {
            self.popup = self.handle_popup(popup, key);
        } else if let Some(action) = keymap::action_for(&key, self.scope()) {
            if action == Action::Undo {
                mark = None;
            }
            self.notice = None;
            self.update(action);
        }
        if let Some(mark) = mark
            && self.store.undo_mark().is_ok_and(|now| now > mark)
        {
            self.undo.push(mark);
        }
    }

    fn undo_last(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let Some(mark) = self.undo.pop() else {
            self.tell(t.nothing_to_undo);
            return Ok(());
        };
        let selected = self.current_client().map(|c| c.id);
        self.store.undo_to(mark)?;
        // Keep the card in view where the undo put it back (jump_to reloads).
        match selected {
            Some(id)
                if self.store.read().client(id).is_ok() && matches!(self.screen, Screen::Board) =>
            {
                self.jump_to(id)?
            }
            _ => self.reload()?,
        }
        self.tell(t.undone);
        Ok(())
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        if let Err(e) = self.try_update(action) {
            self.fail(&e);
        }
    }

    fn fail(&mut self, e: &Error) {
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

    fn try_update(&mut self, action: Action) -> Result<()> {
        let t = texts(self.lang);
        match action {
            Action::Left | Action::Right => {
                let last = self.columns.len().saturating_sub(1);
                self.col = match action {
                    Action::Left => self.col.saturating_sub(1),
                    _ => (self.col + 1).min(last),
                };
            }
            Action::Down => self.step(1)?,
            Action::Up => self.step(-1)?,
            Action::PageDown => self.step(self.card_rows as i64)?,
            Action::PageUp => self.step(-(self.card_rows as i64))?,
            Action::Top => self.step(i64::MIN / 2)?,
            Action::Bottom => self.step(i64::MAX / 2)?,
            Action::MoveNext | Action::MovePrev => {
                let id = self.need_client()?;
                let target = if action == Action::MoveNext {
                    StageTarget::Next
                } else {
                    StageTarget::Prev
                };
                let moved = service::move_client(&mut self.store, self.now, id, target)?;
                let who = i18n::who(&moved.client);
                // On the board the selection follows the card, so L L L walks
                // it along; in a focus queue the next card comes up instead.
                if self.focus_stage.is_some() {
                    self.reload()?;
                } else {
                    self.jump_to(id)?;
                }
                self.tell(i18n::moved(self.lang, &who, moved.from, moved.to));
            }
            Action::Open => {
                let id = self.need_client()?;
                self.open_detail(id)?;
            }
            Action::Add => {
                let stage = self
                    .columns
                    .get(self.col)
                    .map_or(Stage::Telemarketer, |c| c.stage);
                let fields = [
                    (t.name, ""),
                    (t.company, ""),
                    (t.phone, ""),
                    (t.email, ""),
                    (t.source, ""),
                    (t.stage, stage.key()),
                ];
                self.popup = Some(Popup::Form(Form::new(t.add_title, &fields), Purpose::Add));
            }
            Action::Edit => {
                let c = self.need_current()?.clone();
                let fields = [
                    (t.name, c.name.as_str()),
                    (t.company, c.company.as_deref().unwrap_or_default()),
                    (t.phone, c.phone.as_deref().unwrap_or_default()),
                    (t.email, c.email.as_deref().unwrap_or_default()),
                    (t.source, c.source.as_deref().unwrap_or_default()),
                    (t.notes, c.notes.as_deref().unwrap_or_default()),
                ];
                let title = format!("{} — {}", t.edit_title, c.name);
                self.popup = Some(Popup::Form(Form::new(title, &fields), Purpose::Edit(c.id)));
            }
            Action::LogCall => {
                let id = self.need_current()?.id;
                self.popup = Some(Popup::Outcome(id));
            }
            Action::Invoice => {
                let fields = [(t.amount, ""), (t.date, t.today_word)];
                self.ask(t.invoice_title, &fields, Purpose::Invoice)?
            }
            Action::Paid => {
                let id = self.need_client()?;
                let unpaid = self
                    .store
                    .read()
                    .client_orders(id)?
                    .into_iter()
                    .filter(|o| o.paid_on.is_none())
                    .min_by_key(|o| (o.invoiced_on, o.id));
                match unpaid {
                    None => self.tell(t.no_unpaid),
                    Some(o) => {
                        let amount = i18n::money(self.lang, o.amount_minor, &o.currency);
                        let title = format!("{} — #{} {amount}", t.paid_title, o.id);
                        let form = Form::new(title, &[(t.date, t.today_word)]);
                        self.popup = Some(Popup::Form(form, Purpose::Paid(o.id)));
                    }
                }
            }
            Action::Focus(n) => {
                let stage = self
                    .conveyor
                    .enabled()
                    .nth(usize::from(n.saturating_sub(1)));
                self.focus_stage = match stage {
                    Some(stage) if self.focus_stage != Some(stage) => Some(stage),
                    _ => None,
                };
                self.set_focus_stage(self.focus_stage)?;
            }
            Action::Agenda => {
                let agenda = service::agenda(&self.store, self.now, &self.config.rules)?;
                self.screen = Screen::Agenda {
                    agenda: Box::new(agenda),
                    scroll: 0,
                };
            }
            Action::LogNote => self.ask(t.note_title, &[(t.text, "")], Purpose::Note)?,
            Action::Remind => self.ask(
                t.remind_title,
                &[(t.text, ""), (t.when, t.default_day)],
                Purpose::Remind,
            )?,
            Action::Lose => self.ask(t.lose_title, &[(t.reason, "")], Purpose::Lose)?,
            Action::Revive => {
                let id = self.need_client()?;
                service::revive(&mut self.store, self.now, id)?;
                self.reload()?;
                self.tell(t.revived);
            }
            Action::ToggleLost => {
                self.show_lost = !self.show_lost;
                self.reload()?;
                self.tell(if self.show_lost {
                    t.showing_lost
                } else {
                    t.hiding_lost
                });
            }
            Action::Done => {
                if let Some(rid) = self.selected_reminder().map(|r| r.id) {
                    service::done(&mut self.store, self.now, rid)?;
                    self.reload()?;
                    self.tell(t.reminder_done);
                }
            }
            Action::Snooze => {
                if let Some(r) = self.selected_reminder() {
                    self.popup = Some(Popup::Snooze(r.id));
                }
            }
            Action::Undo => self.undo_last()?,
            Action::Search => self.popup = Some(Popup::Search(Search::default())),
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::Board => Focus::Reminders,
                    Focus::Reminders => Focus::Board,
                }
            }
            Action::Help => self.popup = Some(Popup::Help),
            Action::Back => match self.screen {
                Screen::Board if self.focus_stage.is_some() => self.set_focus_stage(None)?,
                _ => self.screen = Screen::Board,
            },
            Action::Quit => match self.screen {
                Screen::Detail { .. } | Screen::Agenda { .. } => self.screen = Screen::Board,
                Screen::Board => self.quit = true,
            },
        }
        Ok(())
    }

    fn need_client(&self) -> Result<i64> {
        self.current_client_id().ok_or(Error::NothingSelected)
    }

    fn need_current(&self) -> Result<&Client> {
        self.current_client().ok_or(Error::NothingSelected)
    }

    fn ask(
        &mut self,
        title: &str,
        fields: &[(&'static str, &str)],
        purpose: fn(i64) -> Purpose,
    ) -> Result<()> {
        let c = self.need_current()?;
        let title = format!("{title} — {}", c.name);
        let id = c.id;
        self.popup = Some(Popup::Form(Form::new(title, fields), purpose(id)));
        Ok(())
    }
}
