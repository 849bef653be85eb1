//! The use cases shared by the CLI and the board: the one place where a
//! rule and a write meet, each inside one transaction.

pub use crate::clock::{Now, local_to_utc, utc_to_local};

mod clients;
mod contacts;
mod dial;
mod duplicates;
mod export;
mod forecast;
mod import;
mod orders;
mod people;
mod period;
mod plan;
mod reminders;
mod report;
mod robots;
mod rules;
mod search;
mod segments;
mod team;
mod views;

pub use clients::{
    Moved, add_client, delete_client, edit_client, lose, lose_until, merge_clients, move_client,
    patch_client, revive,
};
pub use contacts::{Call, CallLogged, log_activity, log_call};
pub use dial::{clipboard_sequence, dial, number_of};
pub use duplicates::{
    Added, Duplicate, Lookup, add_typed, fill_in, find_duplicate, patch_typed, typed_client,
};
pub use export::{
    CSV_COLUMNS, Loaded, export_csv, export_ics, export_json, load_dump, neutralised,
};
pub use forecast::{FORECAST_WEEKS, Forecast, forecast, with_forecast};
pub use import::{ImportOptions, ImportReport, MatchedBy, Merged, Noted, RowNote, import};
pub use orders::{Paid, bare_currency, cancel_invoice, invoice, order_amount, pay, sale};
pub use people::{
    NewPerson, add_user, hand_out_unowned, identify, init_team, set_away, set_password,
    set_team_settings, team_settings,
};
pub use period::Revenue;
pub use plan::{PlanRow, plan_status, set_plan, week_targets};
pub use reminders::{delete_reminder, done, edit_reminder, remind, snooze};
pub use report::{Report, WeekRevenue, report, report_of, weekly_revenue};
pub use robots::{
    Event as RobotEvent, Robot, RobotFailure, after_call, after_payment, fire as fire_robots,
};
pub use rules::{
    Lapsed, RulesReport, Unpaid, apply_rules, apply_rules_in, count_unpaid, each_unpaid,
    farmer_count, reactivation_list, sweep_due,
};
pub use search::{Finder, find};
pub use segments::{
    Override, SegmentCount, SegmentRow, segment_map, segment_of, segment_summary, segments,
    set_segment,
};
pub use team::{
    Done, FarmerLoad, HandOffs, PERSON_METRICS, Person, PersonPlan, Reassigned, Rotated, Rotation,
    Team, assign, person_plan, rotate, set_person_plan, team,
};
pub use views::{
    Agenda, CallsToday, ClientDetail, ComingBack, StaleCard, StaleStation, agenda, agenda_head,
    calls_today, client_detail, coming_back, count_due, count_due_of, due_reminders_of,
    each_due_reminder, each_stale_card, week_stats,
};

/// At most `n` rows, as a statement's `LIMIT` takes it (`None`: all).
fn sql_limit(n: Option<usize>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;
