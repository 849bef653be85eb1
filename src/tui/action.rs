//! What a key means on the board, free of terminal types.

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
