//! What each action does: the board's side of the use cases.

use super::{App, Focus, PeriodStep, Popup, Purpose, Screen, Search};
use crate::domain::{Client, StageTarget};
use crate::error::{Error, Result};
use crate::i18n;
use crate::i18n::board::texts;
use crate::service;
use crate::tui::action::Action;
use crate::tui::form::Form;

impl App {
    fn undo_last(&mut self) -> Result<()> {
        let t = texts(self.lang);
        let Some(mark) = self.undo.pop() else {
            self.tell(t.nothing_to_undo);
            return Ok(());
        };
        self.store.undo_to(mark.0)?;
        // A card put back may sort above a window: read by position.
        self.full_reload = true;
        self.reload()?;
        self.tell(i18n::undone(self.lang, &mark.1));
        Ok(())
    }

    /// Routes an action to the handler of what it acts on: moving about,
    /// the selected client, the selected reminder, or the screens and views.
    pub(super) fn try_update(&mut self, action: Action) -> Result<()> {
        use Action as A;
        match action {
            A::Left
            | A::Right
            | A::Down
            | A::Up
            | A::PageDown
            | A::PageUp
            | A::Top
            | A::Bottom
            | A::ToggleFocus
            | A::Focus(_)
            | A::Back
            | A::Quit => self.navigate(action),
            A::MoveNext
            | A::MovePrev
            | A::Open
            | A::Add
            | A::Edit
            | A::LogCall
            | A::Dial
            | A::LogNote
            | A::Remind
            | A::Lose
            | A::Revive
            | A::Invoice
            | A::Paid
            | A::CancelInvoice
            | A::Assign => self.on_client(action),
            A::Done | A::Snooze | A::EditReminder | A::DeleteReminder => self.on_reminder(action),
            A::Reports
            | A::Agenda
            | A::Team
            | A::Import
            | A::PeriodBack
            | A::PeriodForward
            | A::PeriodCurrent
            | A::PeriodWeek
            | A::PeriodMonth
            | A::SetPlan
            | A::ToggleLost
            | A::ToggleMine
            | A::Undo
            | A::Search
            | A::Help => self.on_view(action),
        }
    }

    /// Moving about: columns, cards, panes, stations, screens back.
    fn navigate(&mut self, action: Action) -> Result<()> {
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
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::Board => Focus::Reminders,
                    Focus::Reminders => Focus::Board,
                }
            }
            Action::Focus(n) => self.focus_station(n)?,
            Action::Back => match self.screen {
                Screen::Board if self.focus_stage.is_some() => self.set_focus_stage(None)?,
                _ => self.screen = Screen::Board,
            },
            Action::Quit => match self.screen {
                Screen::Detail { .. }
                | Screen::Agenda { .. }
                | Screen::Reports(_)
                | Screen::Team { .. } => self.screen = Screen::Board,
                Screen::Board => self.quit = true,
            },
            // Routed to the other handlers by `try_update`.
            _ => {}
        }
        Ok(())
    }

    /// A focus key: the n-th enabled station's queue, or back to the board
    /// when it is the one shown.
    fn focus_station(&mut self, n: u8) -> Result<()> {
        let stage = self
            .conveyor
            .enabled()
            .nth(usize::from(n.saturating_sub(1)));
        if stage.is_none() {
            let stations = self.conveyor.enabled().count();
            self.tell(i18n::no_station(self.lang, n, stations));
            return Ok(());
        }
        self.focus_stage = match stage {
            Some(stage) if self.focus_stage != Some(stage) => Some(stage),
            _ => None,
        };
        self.set_focus_stage(self.focus_stage)
    }

    /// What is done to the selected client (or, for `a`, a new one).
    fn on_client(&mut self, action: Action) -> Result<()> {
        let t = texts(self.lang);
        match action {
            Action::MoveNext => self.move_selected(StageTarget::Next)?,
            Action::MovePrev => self.move_selected(StageTarget::Prev)?,
            Action::Open => {
                let id = self.need_client()?;
                self.open_detail(id)?;
            }
            Action::Add => self.add_form(),
            Action::Edit => self.edit_form()?,
            Action::LogCall => {
                let id = self.need_current()?.id;
                self.open_call(id)?;
            }
            Action::Dial => {
                let id = self.need_current()?.id;
                self.dial(id)?;
            }
            Action::LogNote => self.ask(
                t.note_title,
                &[(t.text, ""), (t.kind, t.kind_note)],
                Purpose::Note,
            )?,
            Action::Remind => self.ask(
                t.remind_title,
                &[(t.text, ""), (t.when, t.default_day)],
                Purpose::Remind,
            )?,
            Action::Lose => self.popup = Some(Popup::LossReason(self.need_current()?.id)),
            Action::Revive => {
                let id = self.need_client()?;
                service::revive(&mut self.store, self.now, id)?;
                self.reload()?;
                self.tell(t.revived);
            }
            Action::Invoice => {
                let id = self.need_current()?.id;
                self.popup = self.invoice_form(id);
            }
            Action::Paid => self.paid_form()?,
            Action::CancelInvoice => self.cancel_form()?,
            Action::Assign => self.assign_form()?,
            // Routed to the other handlers by `try_update`.
            _ => {}
        }
        Ok(())
    }

    /// On the board the selection follows the card, so L L L walks it
    /// along; in a focus queue the next card comes up instead.
    fn move_selected(&mut self, target: StageTarget) -> Result<()> {
        let id = self.need_client()?;
        self.queue_moves_on()?;
        let moved = service::move_client(&mut self.store, self.now, id, target)?;
        let who = i18n::who(&moved.client);
        self.reload()?;
        self.tell(crate::present::moved(self.lang, &who, &moved));
        self.run_robots(&[service::RobotEvent::Entered(moved.to)], id)?;
        if moved.to > moved.from {
            self.popup = self.next_step_form(id, moved.to)?;
        }
        Ok(())
    }

    /// What is done to the selected reminder.
    fn on_reminder(&mut self, action: Action) -> Result<()> {
        let lang = self.lang;
        match action {
            Action::Done => {
                let rid = self.need_reminder()?;
                let r = service::done(&mut self.store, self.now, rid)?;
                self.pane_moves_on();
                self.reload()?;
                let text = i18n::format::reminder_text(lang, &r);
                self.tell(i18n::reminder_done_text(lang, &text));
            }
            Action::Snooze => self.popup = Some(Popup::Snooze(self.need_reminder()?)),
            Action::EditReminder => self.edit_reminder_form()?,
            Action::DeleteReminder => {
                let rid = self.need_reminder()?;
                let r = service::delete_reminder(&mut self.store, rid)?;
                self.pane_moves_on();
                self.reload()?;
                let text = i18n::format::reminder_text(lang, &r);
                self.tell(i18n::reminder_deleted(lang, &text));
            }
            // Routed to the other handlers by `try_update`.
            _ => {}
        }
        Ok(())
    }

    /// Screens, the report's periods and plan, what the board shows, undo,
    /// search and help.
    fn on_view(&mut self, action: Action) -> Result<()> {
        let t = texts(self.lang);
        match action {
            Action::Reports => match self.screen {
                Screen::Reports(_) => self.screen = Screen::Board,
                _ => self.open_reports()?,
            },
            Action::Agenda => self.open_agenda()?,
            Action::Team => match self.is_team() {
                true => self.open_team()?,
                false => self.tell(i18n::tr(self.lang, "board-no-team")),
            },
            // The file, and the source and station of rows that name none
            // (the telemarketer's, as `--stage`'s), as `--source` and
            // `--stage` say them.
            // The newest list in the Downloads folder or here is suggested.
            Action::Import => {
                let stage = i18n::stage_word(self.lang, crate::domain::Stage::Telemarketer);
                let dirs = match &self.import_dirs {
                    Some(given) => given.clone(),
                    None => super::import::import_dirs(),
                };
                let newest = crate::import::newest_file(&dirs)
                    .map(|p| super::import::home_short(&p))
                    .unwrap_or_default();
                let fields = [
                    (t.path, newest.as_str()),
                    (t.source, ""),
                    (t.stage, stage.as_str()),
                ];
                self.popup = Some(Popup::Form(
                    Form::new(t.import_title, &fields).suggesting(0),
                    Purpose::Import,
                ));
            }
            Action::PeriodBack => self.step_period(PeriodStep::Back)?,
            Action::PeriodForward => self.step_period(PeriodStep::Forward)?,
            Action::PeriodCurrent => self.step_period(PeriodStep::Current)?,
            Action::PeriodWeek => self.step_period(PeriodStep::Week)?,
            Action::PeriodMonth => self.step_period(PeriodStep::Month)?,
            Action::SetPlan => self.plan_form()?,
            Action::ToggleLost => {
                self.shown.lost = !self.shown.lost;
                self.reload()?;
                self.tell(if self.shown.lost {
                    t.showing_lost
                } else {
                    t.hiding_lost
                });
            }
            Action::ToggleMine => self.toggle_mine()?,
            Action::Undo => self.undo_last()?,
            Action::Search => self.popup = Some(Popup::Search(Search::default())),
            Action::Help => self.popup = Some(Popup::Help),
            // Routed to the other handlers by `try_update`.
            _ => {}
        }
        Ok(())
    }

    /// `o` in team mode: one's own cards, or everyone's.
    fn toggle_mine(&mut self) -> Result<()> {
        let Some(me) = self.store.actor().map(str::to_string) else {
            self.tell(i18n::tr(self.lang, "board-no-team"));
            return Ok(());
        };
        self.shown.owner = match self.shown.owner {
            Some(_) => None,
            None => Some(me),
        };
        self.full_reload = true;
        self.reload()?;
        let key = match self.shown.owner {
            Some(_) => "board-showing-mine",
            None => "board-showing-all",
        };
        self.tell(i18n::tr(self.lang, key));
        Ok(())
    }

    /// The head of sales' day as a screen of lines.
    pub(super) fn open_team(&mut self) -> Result<()> {
        let team = service::team(&self.store, self.now, self.farmer_capacity())?;
        let lines = crate::present::team_lines(self.lang, &team);
        let scroll = match &self.screen {
            Screen::Team { scroll, .. } => *scroll,
            _ => 0,
        };
        self.screen = Screen::Team { lines, scroll };
        Ok(())
    }

    pub(super) fn need_client(&self) -> Result<i64> {
        self.current_client_id().ok_or(Error::NothingSelected)
    }

    /// The client the next action is about, read afresh (the pane and the
    /// agenda hold only its id).
    pub(super) fn need_current(&self) -> Result<Client> {
        match self.current_client() {
            Some(c) => Ok(c.clone()),
            None => self.store.read().client(self.need_client()?),
        }
    }

    pub(super) fn need_reminder(&self) -> Result<i64> {
        self.current_reminder_id().ok_or(Error::NoReminderSelected)
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
        let form = Form::new(title, fields).suggesting_all();
        self.popup = Some(Popup::Form(form, purpose(id)));
        Ok(())
    }
}
