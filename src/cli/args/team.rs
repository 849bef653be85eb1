//! The team mode's commands' arguments: setting a team up, its people,
//! its settings, assignment, the head of sales' day and rotation.

use std::path::PathBuf;

use clap::Subcommand;

/// The arguments of `konveyer migrate-to`.
#[derive(Debug, clap::Args)]
pub struct MigrateToArgs {
    /// The team database, postgresql://user@host/dbname
    pub url: String,
}

/// How a new person's password is given: never on the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct PasswordArgs {
    /// Read the password from the first line of FILE (yours alone: chmod 600)
    #[arg(long, value_name = "FILE", conflicts_with = "no_password")]
    pub password_file: Option<PathBuf>,
    /// No password: the role signs in only where the server trusts it (peer, certificate)
    #[arg(long)]
    pub no_password: bool,
}

/// The arguments of `konveyer init-team`.
#[derive(Debug, clap::Args)]
pub struct InitTeamArgs {
    /// The head of sales' login (their PostgreSQL role)
    #[arg(long, value_name = "LOGIN")]
    pub head: String,
    /// The head of sales' name
    #[arg(long)]
    pub name: String,
    /// Comma-separated stations the head of sales works too
    #[arg(long, value_delimiter = ',', value_name = "STATIONS")]
    pub stations: Vec<String>,
    #[command(flatten)]
    pub password: PasswordArgs,
}

/// The arguments of `konveyer settings`.
#[derive(Debug, clap::Args)]
pub struct SettingsArgs {
    /// Replace the team's settings with those of FILE (TOML, as printed; the head of sales)
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

/// The arguments of `konveyer user`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserCommand,
}

/// The arguments of `konveyer assign`.
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    pub id: i64,
    pub login: String,
}

/// The arguments of `konveyer team`.
#[derive(Debug, clap::Args)]
pub struct TeamArgs {
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `konveyer rotate`.
#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    /// How long without a payment: 60d, 8w, 90 (days)
    #[arg(long, value_name = "DAYS", default_value = "60d")]
    pub idle: String,
    /// Only this person's clients
    #[arg(long, value_name = "LOGIN")]
    pub from: Option<String>,
    /// Only say what would move
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person working some stations
    Add {
        name: String,
        #[arg(long)]
        login: String,
        /// Comma-separated stations: telemarketer,qualifier,hunter,closer,farmer (or first letters)
        #[arg(long, value_delimiter = ',', value_name = "STATIONS")]
        stations: Vec<String>,
        /// The head of sales (may reassign, rotate, add people)
        #[arg(long)]
        head: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Set a person's password on the team server (yours, or anyone's by the head of sales)
    Password {
        login: String,
        /// Read the password from the first line of FILE (yours alone: chmod 600)
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// List the people
    List {
        #[arg(long)]
        json: bool,
    },
    /// Mark a person away: hand-offs and rotation skip them; on a team database they can no longer sign in
    Off { login: String },
    /// Mark a person back (on a team database: may sign in again)
    On { login: String },
}
