//! What the pure domain refuses. The words for these live in the language
//! layer, which translates them at the edge; the domain knows no language.

use super::stage::Stage;

/// Input or a request the conveyor's rules do not accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    BadStage(String),
    StageDisabled(Stage),
    NoNextStage(Stage),
    NoPrevStage(Stage),
    AlreadyInStage(Stage),
    BadWhen(String),
    /// A day before 1970 or more than a hundred years ahead.
    WhenOutOfRange(String),
    BadAmount(String),
    ZeroAmount,
    AmountTooLarge(String),
    BadCurrency(String),
    /// An amount written in one currency (`named`) where another
    /// (`wanted`: an option's, a plan's) is asked for.
    CurrencyConflict {
        amount: String,
        named: String,
        wanted: String,
    },
    EmptyName,
    BadEmail(String),
    BadPhone(String),
    BadActivityKind(String),
    BadOutcome(String),
    /// Not a week (2026-W48), month (2026-11) or range.
    BadPeriod(String),
    /// Not a plan metric.
    BadMetric(String),
    /// A count metric's target that is not a whole number from 0 up: the
    /// metric's key, and what was typed.
    BadCount {
        metric: &'static str,
        input: String,
    },
    /// Not A, B, C, D or auto.
    BadSegment(String),
}
