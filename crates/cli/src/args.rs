//! The command line's grammar (clap): every command and flag of
//! CONTRACTS.md §2.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "rectify",
    version,
    about = "督察整改台账与销号管理 / inspection rectification ledger"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// sqlite:PATH, sqlite://PATH or postgres://… (default: SQLite in the data directory)
    #[arg(long, env = "RECTIFY_DB")]
    pub(crate) db: Option<String>,
    /// Data directory for the default SQLite database
    #[arg(long, env = "RECTIFY_DATA", default_value = "data")]
    pub(crate) data: PathBuf,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Serve the web UI and API
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on
        #[arg(long, env = "RECTIFY_LISTEN")]
        listen: Option<SocketAddr>,
        /// Load the bundled sample plans and demo accounts
        #[arg(long)]
        demo: bool,
        /// A TOML configuration file (flags and environment take precedence)
        #[arg(long, env = "RECTIFY_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Import a plan document (txt, md, docx, xlsx)
    Import {
        file: PathBuf,
        /// Parse only; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print the rectify-plan/1 JSON
        #[arg(long)]
        json: bool,
        /// Put the plan on the public portal at once (otherwise it stays off
        /// the portal until `rectify plan publish`)
        #[arg(long)]
        publish: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Plans (整改方案)
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Accounts
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Units (责任单位)
    Unit {
        #[command(subcommand)]
        command: UnitCommand,
    },
    /// China's official working-day calendar
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Exports (台账)
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Reports (月调度通报)
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Petitions (信访件): handover lists and hotline work orders
    Petitions {
        #[command(subcommand)]
        command: PetitionsCommand,
    },
    /// The tamper-evident audit trail
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Development tools: synthetic data for benchmarks and load tests
    #[cfg(feature = "dev")]
    Dev {
        #[command(subcommand)]
        command: crate::dev::DevCommand,
    },
    /// Indicator checks: daily AQI (HJ 633), water class (GB 3838-2002)
    Indicators {
        #[command(subcommand)]
        command: crate::indicators::IndicatorsCommand,
    },
}

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// Create an account; the password is read from standard input
    Add {
        #[arg(long)]
        username: String,
        /// admin, office, unit, supervisor, leader or discipline
        #[arg(long)]
        role: String,
        /// A unit the account acts for (repeatable)
        #[arg(long)]
        unit: Vec<String>,
        /// Add a --unit that is not yet known (otherwise it is refused: a typo
        /// would make a unit that carries no problem)
        #[arg(long)]
        create_unit: bool,
        /// For a leader account: the leader's name as the plans write it
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum UnitCommand {
    /// A unit renamed in an institutional reform keeps its old name as an alias
    Rename {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Units that are probably one body written several ways (津市 / 津市市 /
    /// 津市市党委、政府), with the reason and a score
    Duplicates {
        /// Print JSON: {"groups":[{"units":[…],"suggested_into","reasons","pairs","score"}]}
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Merge one unit into another: its problems, accounts, escalations and
    /// names move, and it is removed (audited with the reason)
    Merge {
        /// The unit merged away (any of its names)
        #[arg(long)]
        from: String,
        /// The unit that remains (any of its names)
        #[arg(long)]
        into: String,
        /// Why the two are one unit
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum CalendarCommand {
    /// Prints true or false
    IsWorkday {
        date: String,
        /// Include the administrator's additions stored in this database
        #[arg(long)]
        db: Option<String>,
    },
    /// Prints the date N working days after DATE (DATE itself not counted)
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long)]
        db: Option<String>,
    },
    /// Prints `YYYY-MM-DD true|false` for every day in a range
    Dump {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        db: Option<String>,
    },
    /// Adds a day of a new holiday notice (administrator): a holiday or a
    /// make-up working day. A year counts as covered once 1 January is entered.
    Set {
        date: String,
        /// The day is a working day (调休上班); without it, a holiday
        #[arg(long)]
        workday: bool,
        /// e.g. 元旦, 春节, 春节调休
        #[arg(long)]
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// The ledger, one row per problem
    Ledger {
        /// xlsx, csv or json
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// The monthly dispatch notice
    Monthly {
        /// YYYY-MM
        #[arg(long)]
        period: String,
        /// docx, xlsx or html
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Exit 0 when the trail is intact, ends at its head row, the ledger
    /// matches it and (given --checkpoint) it still extends the checkpoint
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// A saved checkpoint (JSON from `audit checkpoint` or the portal)
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Save the latest signed checkpoint as JSON (signing one if none exists)
    Checkpoint {
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Put a plan and its problems on the public portal after checking the import
    Publish {
        /// The plan's id (as `rectify import` prints it)
        id: i64,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum PetitionsCommand {
    /// Import the inspectors' handover list (交办信访件) or a 12345 / 12369
    /// export (csv, xlsx) as one batch; a known 受理编号 is updated
    Import {
        file: PathBuf,
        /// The batch (交办批次) name; the file name when absent
        #[arg(long)]
        batch: Option<String>,
        /// The handover date (YYYY-MM-DD); the earliest 交办日期 when absent
        #[arg(long)]
        date: Option<String>,
        /// Read and check only; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print the outcome as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Groups of petitions that describe one matter (重复举报)
    Duplicates {
        /// Print {"groups": [["受理编号", …], …], "matches": [...]} as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Figures as the plans quote them, by unit, area, kind or batch
    Stats {
        #[arg(long, default_value = "unit")]
        by: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}
