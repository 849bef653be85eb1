//! What each action does: the board's side of the use cases.

use super::{App, Focus, PeriodStep, Popup, Purpose, Screen, Search};
use crate::domain::{Client, Stage, StageTarget};
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

    pub(super) fn try_update(&mut self, action: Action) -> Result<()> {
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
                // On the board the selection follows the card, so L L L walks
                // it along; in a focus queue the next card comes up instead.
                self.queue_moves_on()?;
                let moved = service::move_client(&mut self.store, self.now, id, target)?;
                let who = i18n::who(&moved.client);
                self.reload()?;
                self.tell(i18n::moved(self.lang, &who, &moved));
                self.run_robots(&[service::RobotEvent::Entered(moved.to)], id)?;
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
                // From a client's detail: a client this one referred (asking
                // for two or three acquaintances is a step of the sale).
                let referrer = match &self.screen {
                    Screen::Detail { detail, .. } => Some(detail.client.clone()),
                    _ => None,
                };
                let referred_by = referrer.as_ref().map(|c| format!("#{}", c.id));
                let source = if referrer.is_some() { "referral" } else { "" };
                let fields = [
                    (t.name, ""),
                    (t.company, ""),
                    (t.phone, ""),
                    (t.email, ""),
                    (t.source, source),
                    (t.stage, &i18n::stage_word(self.lang, stage)),
                    (t.referred_by, referred_by.as_deref().unwrap_or_default()),
                ];
                let title = match &referrer {
                    Some(c) => format!("{} — {} {}", t.add_title, t.referred_by, c.name),
                    None => t.add_title.to_string(),
                };
                self.popup = Some(Popup::Form(Form::new(title, &fields), Purpose::Add));
            }
            Action::Edit => {
                let c = self.need_current()?;
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
            Action::EditReminder => {
                let rid = self.need_reminder()?;
                let r = self.store.read().reminder(rid)?;
                let text = match r.origin {
                    crate::domain::ReminderOrigin::Manual => r.text.clone(),
                    _ => i18n::format::reminder_text(self.lang, &r),
                };
                let due = i18n::format::due_text(&r);
                let form = Form::new(t.edit_reminder_title, &[(t.text, &text), (t.when, &due)]);
                self.popup = Some(Popup::Form(form, Purpose::EditReminder(rid)));
            }
            Action::DeleteReminder => {
                let rid = self.need_reminder()?;
                let r = service::delete_reminder(&mut self.store, rid)?;
                self.reload()?;
                self.tell(i18n::reminder_deleted(
                    self.lang,
                    &i18n::format::reminder_text(self.lang, &r),
                ));
            }
            Action::Reports => match self.screen {
                Screen::Reports(_) => self.screen = Screen::Board,
                _ => self.open_reports()?,
            },
            Action::Import => {
                let form = Form::new(t.import_title, &[(t.path, "")]);
                self.popup = Some(Popup::Form(form, Purpose::Import));
            }
            Action::PeriodBack => self.step_period(PeriodStep::Back)?,
            Action::PeriodForward => self.step_period(PeriodStep::Forward)?,
            Action::PeriodCurrent => self.step_period(PeriodStep::Current)?,
            Action::PeriodWeek => self.step_period(PeriodStep::Week)?,
            Action::PeriodMonth => self.step_period(PeriodStep::Month)?,
            Action::SetPlan => self.plan_form()?,
            Action::Invoice => {
                let id = self.need_current()?.id;
                self.popup = self.invoice_form(id);
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
                        let name = self.need_current()?.name;
                        let title = format!("{} — {name}: #{} {amount}", t.paid_title, o.id);
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
                if stage.is_none() {
                    let stations = self.conveyor.enabled().count();
                    self.tell(i18n::no_station(self.lang, n, stations));
                    return Ok(());
                }
                self.focus_stage = match stage {
                    Some(stage) if self.focus_stage != Some(stage) => Some(stage),
                    _ => None,
                };
                self.set_focus_stage(self.focus_stage)?;
            }
            Action::Agenda => self.open_agenda()?,
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
            Action::ToggleLost => {
                self.shown.lost = !self.shown.lost;
                self.reload()?;
                self.tell(if self.shown.lost {
                    t.showing_lost
                } else {
                    t.hiding_lost
                });
            }
            Action::ToggleMine => {
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
            }
            Action::Team => match self.is_team() {
                true => self.open_team()?,
                false => self.tell(i18n::tr(self.lang, "board-no-team")),
            },
            Action::Assign => {
                if !self.is_team() {
                    self.tell(i18n::tr(self.lang, "board-no-team"));
                    return Ok(());
                }
                let c = self.need_current()?;
                let title = format!("{} — {}", i18n::tr(self.lang, "board-assign-title"), c.name);
                let label = i18n::fluent::fixed(self.lang, "board-assign-login");
                let owner = c.owner.clone().unwrap_or_default();
                let form = Form::new(title, &[(label, owner.as_str())]);
                self.popup = Some(Popup::Form(form, Purpose::Assign(c.id)));
            }
            Action::Done => {
                let rid = self.need_reminder()?;
                let r = service::done(&mut self.store, self.now, rid)?;
                self.reload()?;
                self.tell(i18n::reminder_done_text(
                    self.lang,
                    &i18n::format::reminder_text(self.lang, &r),
                ));
            }
            Action::Snooze => self.popup = Some(Popup::Snooze(self.need_reminder()?)),
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
                Screen::Detail { .. }
                | Screen::Agenda { .. }
                | Screen::Reports(_)
                | Screen::Team { .. } => self.screen = Screen::Board,
                Screen::Board => self.quit = true,
            },
        }
        Ok(())
    }

    /// The head of sales' day as a screen of lines.
    pub(super) fn open_team(&mut self) -> Result<()> {
        let team = service::team(&self.store, self.now, self.farmer_capacity())?;
        let lines = i18n::team_lines(self.lang, &team);
        let scroll = match &self.screen {
            Screen::Team { scroll, .. } => *scroll,
            _ => 0,
        };
        self.screen = Screen::Team { lines, scroll };
        Ok(())
    }

    fn need_client(&self) -> Result<i64> {
        self.current_client_id().ok_or(Error::NothingSelected)
    }

    /// The client the next action is about, read afresh (the pane and the
    /// agenda hold only its id).
    fn need_current(&self) -> Result<Client> {
        match self.current_client() {
            Some(c) => Ok(c.clone()),
            None => self.store.read().client(self.need_client()?),
        }
    }

    fn need_reminder(&self) -> Result<i64> {
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
        self.popup = Some(Popup::Form(Form::new(title, fields), purpose(id)));
        Ok(())
    }
}
