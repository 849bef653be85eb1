//! The command line: clap types, dispatch, and the exit-code contract
//! (0 ok, 1 a refused or failed command, 2 a usage error).

mod print;

pub use print::due_text;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::domain::money::{DEFAULT_CURRENCY, parse_amount, parse_currency};
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{ActivityKind, CallOutcome, Money, NewClient, Stage, StageTarget, Status};
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::service::{self, Now, RuleScope};
use crate::store::{ClientFilter, Store};

/// konveyer — a sales conveyor in your terminal:
/// telemarketer → qualifier → hunter → farmer.
#[derive(Debug, Parser)]
#[command(name = "konveyer", version, propagate_version = true)]
pub struct Cli {
    /// The database file [default: the platform data directory]
    #[arg(long, global = true, env = "KONVEYER_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Interface language: en or ru [default: from the locale]
    #[arg(long, global = true, env = "KONVEYER_LANG", value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a fresh database with a realistic demo conveyor and open it
    Demo,
    /// Generate a large synthetic conveyor (for trying the board at scale)
    Gen {
        /// How many clients to add
        #[arg(long, default_value_t = 100_000)]
        clients: u32,
    },
    /// Add a client; prints the new client's id
    Add {
        name: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Where the client came from: cold, inbound, website, referral, …
        #[arg(long)]
        source: Option<String>,
        /// Stage key or its first letter [default: telemarketer]
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// List clients in conveyor order
    List {
        /// Only this stage (key or first letter)
        #[arg(long)]
        stage: Option<String>,
        #[arg(long, value_enum, default_value_t = StatusArg::Active)]
        status: StatusArg,
        #[arg(long)]
        json: bool,
    },
    /// Show a client: fields, reminders, orders, timeline
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Move a client to STAGE, or to the next/prev station
    Move {
        id: i64,
        /// A stage key, its first letter, next or prev
        stage: String,
    },
    /// Log a call, meeting, email or note on a client's timeline
    Log {
        id: i64,
        /// call, meeting, email or note
        kind: String,
        text: Option<String>,
        /// For calls: no-answer (retry next working day), call-back (needs --at),
        /// interested (to the next station), not-target (lost; TEXT is the reason)
        #[arg(long)]
        outcome: Option<String>,
        /// When to call back (with --outcome call-back)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Mark a client lost, with the reason
    Lose {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Bring a lost client back into its stage
    Revive { id: i64 },
    /// Add a reminder about client ID ('-' for none); prints its id
    Remind {
        id: String,
        text: String,
        /// 2026-11-25, '2026-11-25 14:30', today, tomorrow, +3d, +2h, +1w, friday
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: String,
    },
    /// Mark reminder RID done
    Done { rid: i64 },
    /// Move reminder RID to WHEN
    Snooze {
        rid: i64,
        #[arg(allow_hyphen_values = true)]
        when: String,
    },
    /// Overdue, today, next 7 days, stale cards
    Agenda {
        #[arg(long)]
        json: bool,
    },
    /// Issue an invoice; prints the order id
    Invoice {
        id: i64,
        amount: String,
        /// Invoice date [default: today]
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        /// Three-letter currency code [default: RUB]
        #[arg(long)]
        currency: Option<String>,
    },
    /// Mark order OID paid
    Paid {
        oid: i64,
        /// Payment date [default: today]
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
    },
    /// Record an order invoiced and paid at once; prints the order id
    Sale {
        id: i64,
        amount: String,
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        #[arg(long)]
        currency: Option<String>,
    },
    /// Copy the database to FILE with SQLite's online backup
    Backup { file: PathBuf },
    /// Check the database's integrity
    Check,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusArg {
    Active,
    Lost,
    All,
}

/// Why a command did not succeed.
enum Failure {
    App(Error),
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::App(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// Everything a command needs from its surroundings.
struct Ctx {
    lang: Lang,
    config: Config,
    now: Now,
    /// Set when `KONVEYER_NOW` froze the clock.
    fixed_now: Option<Now>,
    db: Option<PathBuf>,
}

impl Ctx {
    /// The database, with the rules applied as of now.
    fn store(&self) -> Result<Store, Error> {
        let mut store = Store::open(&self.db_path()?)?;
        service::apply_rules(
            &mut store,
            self.now,
            &self.config,
            self.lang,
            RuleScope::All,
        )?;
        Ok(store)
    }

    fn currency(&self) -> &str {
        self.config.currency.as_deref().unwrap_or(DEFAULT_CURRENCY)
    }

    fn db_path(&self) -> Result<PathBuf, Error> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => default_db_path(),
        }
    }
}

/// Where the database lives when neither `--db` nor `KONVEYER_DB` says.
pub fn default_db_path() -> Result<PathBuf, Error> {
    directories::ProjectDirs::from("", "", "konveyer")
        .map(|d| d.data_dir().join("konveyer.db"))
        .ok_or(Error::NoDataDir)
}

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return code;
        }
    };
    let config_path = std::env::var_os("KONVEYER_CONFIG")
        .map(PathBuf::from)
        .or_else(crate::config::default_path);
    let config = match config_path.map(|p| Config::load(&p)).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(e) => {
            let lang = Lang::detect(cli.lang.as_deref(), |v| std::env::var(v).ok());
            return report(lang, e);
        }
    };
    let explicit = cli.lang.as_deref().or(config.lang.as_deref());
    let lang = Lang::detect(explicit, |v| std::env::var(v).ok());
    let fixed_now = match std::env::var("KONVEYER_NOW") {
        Ok(v) if !v.trim().is_empty() => match Now::parse(&v) {
            Ok(now) => Some(now),
            Err(e) => return report(lang, e),
        },
        _ => None,
    };
    let ctx = Ctx {
        lang,
        config,
        now: fixed_now.unwrap_or_else(Now::system),
        fixed_now,
        db: cli.db,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run(&ctx, cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::from)) {
        Ok(()) => 0,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Output(e)) => report(lang, e.into()),
        Err(Failure::App(e)) => report(lang, e),
    }
}

fn report(lang: Lang, e: Error) -> i32 {
    eprintln!("konveyer: {}", e.message(lang));
    1
}

fn parse_client_ref(input: &str) -> Result<Option<i64>, Error> {
    let text = input.trim();
    if text == "-" || text == "none" {
        return Ok(None);
    }
    match text.trim_start_matches('#').parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(Error::BadClientRef(input.to_string())),
    }
}

fn money(ctx: &Ctx, amount: &str, currency: Option<&str>) -> Result<Money, Error> {
    Ok(Money {
        minor: parse_amount(amount)?,
        currency: parse_currency(currency.unwrap_or(ctx.currency()))?,
    })
}

fn day_or_today(ctx: &Ctx, on: Option<&str>) -> Result<chrono::NaiveDate, Error> {
    on.map_or(Ok(ctx.now.today()), |s| parse_date(s, ctx.now.local))
}

fn run(ctx: &Ctx, command: Option<Command>, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(command) = command else {
        crate::tui::run(ctx.store()?, ctx.lang, ctx.config.clone(), ctx.fixed_now)?;
        return Ok(());
    };
    let lang = ctx.lang;
    let now = ctx.now;
    match command {
        Command::Demo => {
            // Without --db the demo gets its own file, made afresh each time,
            // so it never touches the real base and can always be rerun.
            let path = match &ctx.db {
                Some(path) => path.clone(),
                None => {
                    let path = default_db_path()?.with_file_name("demo.db");
                    crate::demo::remove_database(&path)?;
                    path
                }
            };
            let clients = crate::demo::create(&path, now, lang)?;
            writeln!(
                out,
                "{}",
                i18n::demo_written(lang, &path.display().to_string(), clients)
            )?;
            if io::stdout().is_terminal() && io::stdin().is_terminal() {
                out.flush()?;
                let mut store = Store::open(&path)?;
                service::apply_rules(&mut store, now, &ctx.config, lang, RuleScope::All)?;
                crate::tui::run(store, lang, ctx.config.clone(), ctx.fixed_now)?;
            }
        }
        Command::Gen { clients } => {
            let path = ctx.db_path()?;
            crate::generate::create(&path, now, clients)?;
            let written = i18n::demo_written(lang, &path.display().to_string(), clients as usize);
            writeln!(out, "{written}")?;
        }
        Command::Add {
            name,
            company,
            phone,
            email,
            source,
            stage,
            note,
        } => {
            let stage = stage.as_deref().map(Stage::parse).transpose()?;
            let new = NewClient {
                name,
                company,
                phone,
                email,
                source,
                stage,
                notes: note,
            };
            let id = service::add_client(&mut ctx.store()?, now, new)?;
            writeln!(out, "{id}")?;
        }
        Command::List {
            stage,
            status,
            json,
        } => {
            let filter = ClientFilter {
                stage: stage.as_deref().map(Stage::parse).transpose()?,
                status: match status {
                    StatusArg::Active => Some(Status::Active),
                    StatusArg::Lost => Some(Status::Lost),
                    StatusArg::All => None,
                },
                ..ClientFilter::default()
            };
            let store = ctx.store()?;
            let clients = store.read().clients(&filter)?;
            let conveyor = store.read().conveyor()?;
            print::clients(out, lang, now, &conveyor, &clients, json)?;
            if clients.is_empty() && !json {
                // A hint for a person, on stderr so that scripts see no rows.
                let t = i18n::texts(lang);
                let empty = store.read().count_clients(None, None)? == 0;
                eprintln!("{}", if empty { t.no_clients } else { t.no_match });
            }
        }
        Command::Show { id, json } => {
            let detail = service::client_detail(&ctx.store()?, now, id)?;
            print::detail(out, lang, &detail, json)?;
        }
        Command::Move { id, stage } => {
            let target = StageTarget::parse(&stage)?;
            let moved = service::move_client(&mut ctx.store()?, now, id, target)?;
            let who = print::who(&moved.client);
            writeln!(out, "{}", i18n::moved(lang, &who, moved.from, moved.to))?;
        }
        Command::Log {
            id,
            kind,
            text,
            outcome,
            at,
        } => {
            let kind = ActivityKind::parse_loggable(&kind)?;
            let outcome = outcome.as_deref().map(CallOutcome::parse).transpose()?;
            let when = at
                .as_deref()
                .map(|w| parse_when(w, now.local))
                .transpose()?;
            match outcome {
                Some(_) if kind != ActivityKind::Call => {
                    return Err(Error::OutcomeNotForCall.into());
                }
                Some(outcome) => {
                    let mut store = ctx.store()?;
                    let logged = service::log_call(
                        &mut store,
                        now,
                        id,
                        outcome,
                        text.as_deref(),
                        when,
                        lang,
                    )?;
                    let who = print::who(&logged.client);
                    let line =
                        i18n::call_logged(lang, &who, outcome, logged.attempts, logged.moved_to);
                    writeln!(out, "{line}")?;
                }
                None => {
                    let client = service::log_activity(
                        &mut ctx.store()?,
                        now,
                        id,
                        kind,
                        text.as_deref(),
                        None,
                    )?;
                    writeln!(out, "{}", i18n::logged(lang, kind, &print::who(&client)))?;
                }
            }
        }
        Command::Lose { id, reason } => {
            let client = service::lose(&mut ctx.store()?, now, id, &reason)?;
            let reason = client.lost_reason.as_deref().unwrap_or_default();
            writeln!(out, "{}", i18n::lost(lang, &print::who(&client), reason))?;
        }
        Command::Revive { id } => {
            let client = service::revive(&mut ctx.store()?, now, id)?;
            writeln!(
                out,
                "{}",
                i18n::revived(lang, &print::who(&client), client.stage)
            )?;
        }
        Command::Remind { id, text, at } => {
            let client = parse_client_ref(&id)?;
            let when = parse_when(&at, now.local)?;
            let rid = service::remind(&mut ctx.store()?, now, client, &text, when)?;
            writeln!(out, "{rid}")?;
        }
        Command::Done { rid } => {
            let reminder = service::done(&mut ctx.store()?, now, rid)?;
            writeln!(out, "{}", i18n::reminder_done(lang, reminder.id))?;
        }
        Command::Snooze { rid, when } => {
            let when = parse_when(&when, now.local)?;
            let reminder = service::snooze(&mut ctx.store()?, rid, when)?;
            writeln!(
                out,
                "{}",
                i18n::snoozed(lang, rid, &print::due_text(&reminder))
            )?;
        }
        Command::Agenda { json } => {
            let agenda = service::agenda(&ctx.store()?, now, &ctx.config.rules)?;
            print::agenda(out, lang, &agenda, json)?;
        }
        Command::Invoice {
            id,
            amount,
            on,
            currency,
        } => {
            let amount = money(ctx, &amount, currency.as_deref())?;
            let on = day_or_today(ctx, on.as_deref())?;
            let oid = service::invoice(&mut ctx.store()?, now, id, &amount, on)?;
            writeln!(out, "{oid}")?;
        }
        Command::Paid { oid, on } => {
            let on = day_or_today(ctx, on.as_deref())?;
            let paid = service::pay(&mut ctx.store()?, now, oid, on)?;
            print::paid(out, lang, &paid)?;
        }
        Command::Sale {
            id,
            amount,
            on,
            currency,
        } => {
            let amount = money(ctx, &amount, currency.as_deref())?;
            let on = day_or_today(ctx, on.as_deref())?;
            let paid = service::sale(&mut ctx.store()?, now, id, &amount, on)?;
            writeln!(out, "{}", paid.order.id)?;
        }
        Command::Backup { file } => {
            // Backup and check read the file as it is: no rules written first.
            Store::open(&ctx.db_path()?)?.backup_to(&file)?;
            writeln!(
                out,
                "{}",
                i18n::backed_up(lang, &file.display().to_string())
            )?;
        }
        Command::Check => {
            let problems = Store::open(&ctx.db_path()?)?.check()?;
            if problems.is_empty() {
                writeln!(out, "{}", i18n::texts(lang).check_ok)?;
            } else {
                for p in &problems {
                    writeln!(out, "{p}")?;
                }
                return Err(Error::CheckFailed(problems.len()).into());
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "konveyer", out);
        }
    }
    Ok(())
}
