//! Pure types and rules of the conveyor. No SQL, no terminal, no clock:
//! `now` and `today` are always parameters.

pub mod conveyor;
pub mod error;
pub mod forecast;
pub mod model;
pub mod money;
pub mod phone;
pub mod plan;
pub mod report;
pub mod rules;
pub mod segment;
pub mod stage;
pub mod when;

pub use conveyor::{Conveyor, StageSettings, StageTarget};
pub use error::DomainError;
pub use model::{
    Activity, ActivityKind, Bucket, CallOutcome, Card, Client, Closure, NewClient, Order, Reminder,
    ReminderOrigin, Revenue, Status, User, WeekStats,
};
pub use money::Money;
pub use stage::Stage;
pub use when::When;
