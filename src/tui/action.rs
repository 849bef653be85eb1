//! What a key means on the board, free of terminal types, and its words
//! for the footer and the help overlay.

use crate::i18n::Lang;
use crate::i18n::fluent::{fixed, has};

/// One thing the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Left,
    Right,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    MoveNext,
    MovePrev,
    Open,
    Add,
    Edit,
    LogCall,
    /// Dial the client's number (the config's dialler, else the clipboard).
    Dial,
    LogNote,
    Remind,
    Lose,
    Revive,
    Search,
    ToggleFocus,
    Done,
    Snooze,
    Undo,
    Invoice,
    Paid,
    CancelInvoice,
    /// Work one station's queue (1-based station number).
    Focus(u8),
    Agenda,
    /// Import a file (a form, then a preview to confirm).
    Import,
    /// The reports screen (from it: back to the board).
    Reports,
    /// The reports screen: the period before, the one after, the one
    /// holding today; a week or a month.
    PeriodBack,
    PeriodForward,
    PeriodCurrent,
    PeriodWeek,
    PeriodMonth,
    /// The reports screen: set the week's plan.
    SetPlan,
    /// Change the selected reminder's text or day (the pane).
    EditReminder,
    /// Delete the selected reminder (the pane).
    DeleteReminder,
    ToggleLost,
    /// Team mode: one's own cards or everyone's.
    ToggleMine,
    /// Team mode: the head of sales' day.
    Team,
    /// Team mode: give the card to another person.
    Assign,
    Help,
    Back,
    Quit,
}

// The words for an action: its Fluent ids are `hint-<id>` and `help-<id>`.

/// The Fluent id part of an action: `move-next`.
fn action_id(action: Action) -> &'static str {
    use Action as A;
    match action {
        A::Left => "left",
        A::Right => "right",
        A::Down => "down",
        A::Up => "up",
        A::Top => "top",
        A::Bottom => "bottom",
        A::PageDown => "page-down",
        A::PageUp => "page-up",
        A::MoveNext => "move-next",
        A::MovePrev => "move-prev",
        A::Open => "open",
        A::Add => "add",
        A::Edit => "edit",
        A::LogCall => "log-call",
        A::Dial => "dial",
        A::LogNote => "log-note",
        A::Remind => "remind",
        A::Lose => "lose",
        A::Revive => "revive",
        A::Search => "search",
        A::ToggleFocus => "toggle-focus",
        A::Done => "done",
        A::Snooze => "snooze",
        A::Undo => "undo",
        A::Invoice => "invoice",
        A::Paid => "paid",
        A::CancelInvoice => "cancel-invoice",
        A::Focus(_) => "focus",
        A::Agenda => "agenda",
        A::Reports => "reports",
        A::Import => "import",
        A::PeriodBack => "period-back",
        A::PeriodForward => "period-forward",
        A::PeriodCurrent => "period-current",
        A::PeriodWeek => "period-week",
        A::PeriodMonth => "period-month",
        A::SetPlan => "set-plan",
        A::EditReminder => "edit-reminder",
        A::DeleteReminder => "delete-reminder",
        A::ToggleLost => "toggle-lost",
        A::ToggleMine => "toggle-mine",
        A::Team => "team",
        A::Assign => "assign",
        A::Help => "help",
        A::Back => "back",
        A::Quit => "quit",
    }
}

/// An action's name in the config's `[keys]`: its words' id (`move-next`),
/// a station's focus by its number (`focus-2`).
pub fn action_name(action: Action) -> String {
    match action {
        Action::Focus(n) => format!("focus-{n}"),
        other => action_id(other).to_string(),
    }
}

/// A short word for the footer (the help's words when there is none).
pub fn action_hint(lang: Lang, action: Action) -> &'static str {
    let id = format!("hint-{}", action_id(action));
    match has(lang, &id) {
        true => fixed(lang, &id),
        false => action_help(lang, action),
    }
}

/// What a key does, for the help overlay.
pub fn action_help(lang: Lang, action: Action) -> &'static str {
    fixed(lang, &format!("help-{}", action_id(action)))
}
