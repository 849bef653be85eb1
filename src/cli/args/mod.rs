//! The command line's shape: every subcommand and flag. Their help texts
//! are in the language layer (`cli-*` messages of `assets/locales`), so
//! `konveyer --help` speaks the interface's language; the doc comments
//! here are for readers of the code.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::i18n::{Lang, fluent};

mod files;
mod team;
mod values;

use values::{language, weeks};

pub(super) use files::{
    BackupArgs, ExportArgs, ExportFormat, ImportArgs, ImportFormat, RestoreArgs,
};
pub(super) use team::{
    AssignArgs, InitTeamArgs, MigrateToArgs, PasswordArgs, RotateArgs, SettingsArgs, TeamArgs,
    UserArgs, UserCommand,
};

/// konveyer — a sales conveyor in your terminal:
/// telemarketer → qualifier → hunter → farmer.
#[derive(Debug, Parser)]
#[command(name = "konveyer", version, propagate_version = true)]
pub struct Cli {
    /// The database file, or a team database's postgresql://user@host/dbname [default: a file in the platform data directory]
    #[arg(
        long,
        global = true,
        env = "KONVEYER_DB",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub db: Option<PathBuf>,
    /// Interface language: en or ru [default: from the locale]
    #[arg(long, global = true, env = "KONVEYER_LANG", value_name = "LANG", value_parser = language)]
    pub lang: Option<String>,
    /// Who you are on a team database (a login of `konveyer user list`) [default: the OS login]
    #[arg(long, global = true, env = "KONVEYER_USER", value_name = "LOGIN")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a fresh database with a realistic demo conveyor and open it
    Demo,
    /// Generate a large synthetic conveyor (for trying the board at scale)
    Gen(GenArgs),
    /// Add a client; prints the new client's id
    Add(AddArgs),
    /// List clients in conveyor order
    List(ListArgs),
    /// Show a client: fields, reminders, orders, timeline
    Show(ShowArgs),
    /// Find clients by name, company, phone (any way it is written) or e-mail, best match first
    Find(FindArgs),
    /// Move a client to STAGE, or to the next/prev station
    Move(MoveArgs),
    /// Log a call, meeting, email or note on a client's timeline
    Log(LogArgs),
    /// Mark a client lost, with the reason
    Lose(LoseArgs),
    /// Bring a lost client back into its stage
    Revive(ReviveArgs),
    /// Add a reminder about client ID ('-' for none); prints its id
    Remind(RemindArgs),
    /// Mark reminder RID done
    Done(DoneArgs),
    /// Move reminder RID to WHEN
    Snooze(SnoozeArgs),
    /// Overdue, today, next 7 days, unpaid invoices, to reactivate, stale cards
    Agenda(AgendaArgs),
    /// Change a client's fields (only those given)
    Edit(EditArgs),
    /// The report of a week (default: this one), a month or a range, with the period before
    Report(ReportArgs),
    /// Set plan targets (METRIC=VALUE) for a week or a day; without targets, plan vs fact
    Plan(PlanArgs),
    /// Import clients from a file ('-': standard input)
    Import(ImportArgs),
    /// Write the base out: CSV, JSON or iCalendar
    Export(ExportArgs),
    /// ABC(D) segments of the paying clients (last 365 days' revenue)
    Segments(SegmentsArgs),
    /// What the open expected deals are worth, weighted by the chance of a first payment measured from the conveyor's flow
    Forecast(ForecastArgs),
    /// Dial client ID's phone with the dialler set in the config (else copy the number)
    Dial(DialArgs),
    /// The robots of the config; --dry-run N ID: what robot N would do for client ID
    Robots(RobotsArgs),
    /// Set a client's segment by hand (A, B, C, D) or back to auto
    Segment(SegmentArgs),
    /// Change or delete a reminder
    Reminder(ReminderArgs),
    /// Delete a client with its whole history (asks first on a terminal)
    Delete(DeleteArgs),
    /// Merge duplicate FROM into ID: ID keeps both timelines, FROM goes
    Merge(MergeArgs),
    /// Print the manual page (roff) to stdout: konveyer man | man -l -
    Man,
    /// Issue an invoice; prints the order id
    Invoice(OrderArgs),
    /// Mark order OID paid
    Paid(PaidArgs),
    /// Record an order invoiced and paid at once; prints the order id
    Sale(OrderArgs),
    /// Cancel unpaid invoice OID: it waits for no payment, its chases end
    Cancel(CancelArgs),
    /// Copy the database to FILE, complete or not at all
    Backup(BackupArgs),
    /// Check the database's integrity
    Check,
    /// Copy the local database (ids and history kept) into an empty team database on PostgreSQL
    MigrateTo(MigrateToArgs),
    /// Set a team up on its PostgreSQL database (its admin): roles, schema, rules, the head of sales
    InitTeam(InitTeamArgs),
    /// The people of a team conveyor: add, list, mark away or back
    User(UserArgs),
    /// Print the settings a team shares (rules, stations, segments, currency); the head of sales sets them --from a file
    Settings(SettingsArgs),
    /// Give client ID to another person (the head of sales)
    Assign(AssignArgs),
    /// The head of sales' day: per person calls, moves, payments against plan, open work, hand-offs
    Team(TeamArgs),
    /// Give farmer clients that have not paid for a while to other farmers in turn
    Rotate(RotateArgs),
    /// Replace the database with a backup (the current one is kept as .before-restore)
    Restore(RestoreArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
}

/// The arguments of `konveyer gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// How many clients to add
    #[arg(long, default_value_t = 100_000)]
    pub clients: u32,
    /// The same seed (and the same KONVEYER_NOW) makes the same conveyor
    #[arg(long, default_value_t = crate::generate::DEFAULT_SEED)]
    pub seed: u64,
}

/// The arguments of `konveyer add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub name: String,
    #[command(flatten)]
    pub contact: Contact,
    /// Stage key or its first letter [default: telemarketer]
    #[arg(long)]
    pub stage: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// The client (id) who referred this one
    #[arg(long, value_name = "ID")]
    pub referred_by: Option<i64>,
    #[command(flatten)]
    pub deal: Deal,
    /// Add it even when its phone or e-mail is already a client's
    #[arg(long)]
    pub allow_duplicate: bool,
    /// NAME is '-' (standard input) or a file of leads as JSON
    #[arg(long, conflicts_with_all = ["company", "phone", "other_phones", "email", "note", "referred_by", "value", "expected"])]
    pub json: bool,
}

/// The arguments of `konveyer list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this stage (key or first letter)
    #[arg(long)]
    pub stage: Option<String>,
    #[arg(long, value_enum, default_value_t = StatusArg::Active)]
    pub status: StatusArg,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    pub id: i64,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer find`.
#[derive(Debug, clap::Args)]
pub struct FindArgs {
    /// What to look for: words of a name or company, digits of a phone, an e-mail
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// At most this many clients
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer move`.
#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    pub id: i64,
    /// A stage key, its first letter, next or prev
    pub stage: String,
}

/// The arguments of `konveyer log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    pub id: i64,
    /// call, meeting, email or note
    pub kind: String,
    pub text: Option<String>,
    /// For calls: no-answer (retry next working day), call-back (needs --at),
    /// interested (to the next station; before the farmer's, an order or the
    /// unpaid invoice is the next step), not-target (lost; TEXT is the reason)
    #[arg(long)]
    pub outcome: Option<String>,
    /// When to call back (with --outcome call-back)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// How long the call took: 3:25, 200s, 5m (with --outcome)
    #[arg(long, value_name = "DURATION", requires = "outcome")]
    pub duration: Option<String>,
}

/// The arguments of `konveyer lose`.
#[derive(Debug, clap::Args)]
pub struct LoseArgs {
    pub id: i64,
    #[arg(long)]
    pub reason: String,
    /// The day to come back to the client (WHEN)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub back: Option<String>,
}

/// The arguments of `konveyer revive`.
#[derive(Debug, clap::Args)]
pub struct ReviveArgs {
    pub id: i64,
}

/// The arguments of `konveyer remind`.
#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    pub id: String,
    pub text: String,
    /// 2026-11-25, '2026-11-25 14:30', today, tomorrow, +3d, +2h, +1w, friday, 'tomorrow 3pm', 'after lunch', 'in 2 hours', 'end of the week', 'dec 10', 'next week'
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: String,
}

/// The arguments of `konveyer done`.
#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    pub rid: i64,
}

/// The arguments of `konveyer snooze`.
#[derive(Debug, clap::Args)]
pub struct SnoozeArgs {
    pub rid: i64,
    #[arg(allow_hyphen_values = true)]
    pub when: String,
}

/// The arguments of `konveyer agenda`.
#[derive(Debug, clap::Args)]
pub struct AgendaArgs {
    #[arg(long)]
    pub json: bool,
    /// At most N entries per section [default: a screenful on a terminal]
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub limit: Option<usize>,
    /// Every entry of every section (also the default in a pipe and with --json)
    #[arg(long)]
    pub all: bool,
    /// Only your own cards (on a team: as your board shows them) and the reminders about no client
    #[arg(long)]
    pub mine: bool,
}

/// The arguments of `konveyer edit`.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    pub id: i64,
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub contact: Contact,
    /// Comma-separated labels
    #[arg(long)]
    pub tags: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub deal: Deal,
}

/// The arguments of `konveyer report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The arguments of `konveyer plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// ISO week, e.g. 2026-W48 [default: this week]
    #[arg(long, conflicts_with = "day")]
    pub week: Option<String>,
    /// A day (a day's plan, for short deals)
    #[arg(long, allow_hyphen_values = true)]
    pub day: Option<String>,
    /// new_leads, qualified, first_sales, first_revenue, repeat_revenue, calls, meetings = VALUE (0 removes)
    pub targets: Vec<String>,
    /// A person's own week plan (calls, meetings, moves, payments): the head of sales sets anyone's, a person their own
    #[arg(long = "for", value_name = "LOGIN", conflicts_with = "day")]
    pub person: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer robots`.
#[derive(Debug, clap::Args)]
pub struct RobotsArgs {
    /// What robot N would do for client ID, writing nothing
    #[arg(long, num_args = 2, value_names = ["N", "ID"])]
    pub dry_run: Option<Vec<i64>>,
}

/// The arguments of `konveyer dial`.
#[derive(Debug, clap::Args)]
pub struct DialArgs {
    pub id: i64,
    /// Which of its numbers: 1 is the one to dial, 2 and on its other numbers
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub number: Option<u16>,
}

/// The arguments of `konveyer forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// The whole weeks before this one the conversions are measured over
    #[arg(long, default_value_t = crate::service::FORECAST_WEEKS,
          value_parser = weeks)]
    pub weeks: u32,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer segments`.
#[derive(Debug, clap::Args)]
pub struct SegmentsArgs {
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    pub id: i64,
    /// A, B, C, D or auto
    pub segment: String,
    #[arg(long)]
    pub note: Option<String>,
    /// The last day the override holds
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
}

/// The arguments of `konveyer reminder`.
#[derive(Debug, clap::Args)]
pub struct ReminderArgs {
    #[command(subcommand)]
    pub action: ReminderCommand,
}

/// The arguments of `konveyer delete`.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    pub id: i64,
    /// Do not ask (for scripts)
    #[arg(long, short)]
    pub yes: bool,
}

/// The arguments of `konveyer merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    pub id: i64,
    pub from: i64,
}

/// The arguments of `konveyer invoice` and `konveyer sale`: an order of
/// client ID.
#[derive(Debug, clap::Args)]
pub struct OrderArgs {
    pub id: i64,
    /// The amount, with or without its currency [default: the client's expected deal]
    pub amount: Option<String>,
    /// The order's date [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
    /// The currency: a code (USD) or a sign ($) [default: the amount's own, else the client's, else the config's]
    #[arg(long)]
    pub currency: Option<String>,
}

/// The arguments of `konveyer paid`.
#[derive(Debug, clap::Args)]
pub struct PaidArgs {
    pub oid: i64,
    /// Payment date [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

/// The arguments of `konveyer cancel`.
#[derive(Debug, clap::Args)]
pub struct CancelArgs {
    pub oid: i64,
    /// Why (on the timeline)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// The arguments of `konveyer completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// Which period a report covers.
#[derive(Debug, clap::Args)]
pub struct PeriodArgs {
    /// ISO week, e.g. 2026-W48
    #[arg(long, conflicts_with_all = ["month", "from", "to"])]
    pub week: Option<String>,
    /// A month, e.g. 2026-11
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// The first day of a range
    #[arg(long, requires = "to", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// The last day of a range
    #[arg(long, requires = "from", allow_hyphen_values = true)]
    pub to: Option<String>,
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
    Csv,
}

/// The expected deal, for `add` and `edit`.
#[derive(Debug, clap::Args)]
pub struct Deal {
    /// The expected deal's value (an estimate, not an invoice)
    #[arg(long, value_name = "AMOUNT")]
    pub value: Option<String>,
    /// The day its payment is expected
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub expected: Option<String>,
}

/// A client's contact fields, for `add` and `edit`.
#[derive(Debug, clap::Args)]
pub struct Contact {
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// The client's other numbers, commas between them
    #[arg(long, value_name = "PHONES")]
    pub other_phones: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    /// Where the client came from: cold, inbound, website, referral, …
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReminderCommand {
    /// Change reminder RID's text and/or when it is due
    Edit {
        rid: i64,
        text: Option<String>,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Delete reminder RID
    Delete { rid: i64 },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Active,
    Lost,
    All,
}

/// The clap command, its about and help texts in `lang`, and clap's own
/// words too (built: the global arguments are in every subcommand, the
/// help and version flags are made).
pub(super) fn command(lang: Lang) -> clap::Command {
    let mut cmd = localize(Cli::command(), lang, "cli");
    cmd.build();
    super::usage::dress(cmd, lang)
}

/// Sets the about text of `cmd` (message `prefix`) and the help of its
/// arguments (`prefix--arg`), then does the same for its subcommands
/// (`prefix-sub`).
fn localize(mut cmd: clap::Command, lang: Lang, prefix: &str) -> clap::Command {
    let about = if prefix == "cli" { "cli-about" } else { prefix };
    if fluent::has(lang, about) {
        cmd = cmd.about(fluent::tr(lang, about));
    }
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        let key = format!("{prefix}--{}", id.replace('_', "-"));
        if fluent::has(lang, &key) {
            cmd = cmd.mut_arg(&id, |a| a.help(fluent::tr(lang, &key)));
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let key = format!("{prefix}-{name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, lang, &key));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Fluent ids `localize` looks up for `cmd` and its arguments and
    /// subcommands, each with where it is.
    fn help_ids(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        out.push(if prefix == "cli" {
            "cli-about".into()
        } else {
            prefix.into()
        });
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if !["help", "version"].contains(&id) && !a.is_hide_set() {
                out.push(format!("{prefix}--{}", id.replace('_', "-")));
            }
        }
        for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            help_ids(s, &format!("{prefix}-{}", s.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        let mut ids = Vec::new();
        help_ids(&Cli::command(), "cli", &mut ids);
        for lang in [Lang::En, Lang::Ru] {
            let missing: Vec<&String> = ids.iter().filter(|id| !fluent::has(lang, id)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }
}
