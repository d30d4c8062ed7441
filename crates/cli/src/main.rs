//! `rectify`: the one binary. Commands and flags follow CONTRACTS.md §2.
//! Errors go to stderr in Chinese and English with a non-zero exit code.

mod demo;
#[cfg(feature = "dev")]
mod dev;
mod indicators;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use rectify_domain::WorkCalendar;
use rectify_store::{Role, Store};
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "rectify",
    version,
    about = "督察整改台账与销号管理 / inspection rectification ledger"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// sqlite:PATH, sqlite://PATH or postgres://… (default: SQLite in the data directory)
    #[arg(long, env = "RECTIFY_DB")]
    db: Option<String>,
    /// Data directory for the default SQLite database
    #[arg(long, env = "RECTIFY_DATA", default_value = "data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
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
        #[command(flatten)]
        db: DbArgs,
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
    /// The tamper-evident audit trail
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Development tools: synthetic data for benchmarks and load tests
    #[cfg(feature = "dev")]
    Dev {
        #[command(subcommand)]
        command: dev::DevCommand,
    },
    /// Indicator checks: daily AQI (HJ 633), water class (GB 3838-2002)
    Indicators {
        #[command(subcommand)]
        command: indicators::IndicatorsCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
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
enum UnitCommand {
    /// A unit renamed in an institutional reform keeps its old name as an alias
    Rename {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
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
enum ExportCommand {
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
enum ReportCommand {
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
enum AuditCommand {
    /// Exit 0 when the trail is intact and the ledger matches it
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow!("日期格式应为 YYYY-MM-DD：{s} / expected a YYYY-MM-DD date: {s}"))
}

/// `RECTIFY_TODAY`, if set, is "today" for the server and the command line.
fn today_override() -> Result<Option<NaiveDate>> {
    match std::env::var("RECTIFY_TODAY") {
        Ok(v) if !v.trim().is_empty() => parse_date(&v).map(Some).context("RECTIFY_TODAY"),
        _ => Ok(None),
    }
}

/// Opens the backend named by the URL, once, at start-up.
/// The application layer over the chosen store, with `RECTIFY_TODAY`.
async fn open_app(db: &DbArgs) -> Result<rectify_app::App> {
    let store = open_store(db).await?;
    let settings = rectify_app::Settings {
        today: today_override()?,
        ..rectify_app::Settings::default()
    };
    Ok(rectify_app::App::new(
        store,
        settings,
        Err("the command line stores no evidence".into()),
    ))
}

async fn open_store(db: &DbArgs) -> Result<Arc<dyn Store>> {
    let url = match &db.db {
        Some(u) => u.trim().to_string(),
        None => {
            std::fs::create_dir_all(&db.data).with_context(|| {
                format!(
                    "无法创建数据目录 {} / cannot create the data directory",
                    db.data.display()
                )
            })?;
            format!("sqlite:{}", db.data.join("rectify.db").display())
        }
    };
    if url.starts_with("sqlite:") {
        Ok(Arc::new(
            rectify_store_sqlite::SqliteStore::connect(&url).await?,
        ))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(
            rectify_store_postgres::PgStore::connect(&url).await?,
        ))
    } else {
        bail!("不支持的数据库地址：{url}（应为 sqlite:PATH 或 postgres://…）/ unsupported database URL: {url} (expected sqlite:PATH or postgres://…)")
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        anyhow!(
            "无法读取文件 {} / cannot read {}: {e}",
            path.display(),
            path.display()
        )
    })
}

/// Every problem with its details, in ledger order.
async fn all_details(store: &dyn Store) -> Result<Vec<rectify_store::ProblemDetail>> {
    let mut out = vec![];
    let mut page = 1;
    loop {
        let p = store
            .list_problems(&rectify_store::ProblemFilter {
                page,
                per_page: 500,
                ..Default::default()
            })
            .await?;
        for row in &p.items {
            if let Some(d) = store.get_problem(row.id).await? {
                out.push(d);
            }
        }
        if (page as i64) * 500 >= p.total {
            return Ok(out);
        }
        page += 1;
    }
}

/// The official calendar, plus the additions stored in a database if one is named.
async fn calendar(db: Option<String>) -> Result<WorkCalendar> {
    let cal = WorkCalendar::official();
    let Some(url) = db else { return Ok(cal) };
    let store = open_store(&DbArgs {
        db: Some(url),
        data: PathBuf::from("data"),
    })
    .await?;
    let overrides = store.calendar_overrides().await?;
    Ok(cal.with_overrides(
        overrides
            .into_iter()
            .map(|o| (o.date, o.is_workday, o.name)),
    ))
}

fn write_out(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| {
        anyhow!(
            "无法写入 {} / cannot write {}: {e}",
            path.display(),
            path.display()
        )
    })
}

fn load_config(path: Option<&Path>) -> Result<rectify_server::Config> {
    let mut config = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow!(
                    "无法读取配置文件 {} / cannot read the configuration file: {e}",
                    p.display()
                )
            })?;
            toml::from_str(&text).map_err(|e| {
                anyhow!(
                    "配置文件格式错误 / invalid configuration file {}: {e}",
                    p.display()
                )
            })?
        }
        None => rectify_server::Config::default(),
    };
    if let Ok(v) = std::env::var("RECTIFY_SECURE_COOKIES") {
        config.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
    }
    if let Ok(v) = std::env::var("RECTIFY_NODE_ID") {
        config.node_id = v;
    }
    Ok(config)
}

async fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            config,
        } => {
            let mut cfg = load_config(config.as_deref())?;
            if let Some(l) = listen {
                cfg.listen = l;
            }
            cfg.today = today_override()?.or(cfg.today);
            if cfg.evidence_dir.is_none() {
                // Attachments live beside the default database unless configured.
                cfg.evidence_dir = Some(db.data.join("evidence"));
            }
            let store = open_store(&db).await?;
            if demo {
                demo::load(store.as_ref(), cfg.today).await?;
            }
            println!(
                "rectify {} — {} 数据库 / {} backend",
                env!("CARGO_PKG_VERSION"),
                store.backend(),
                store.backend()
            );
            println!("访问 / open: http://{}/", cfg.listen);
            if demo {
                demo::print_logins();
            }
            rectify_server::serve(store, cfg).await?;
            Ok(0)
        }
        Command::Import {
            file,
            dry_run,
            json,
            db,
        } => {
            let bytes = read_file(&file)?;
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("plan");
            let draft = rectify_app::commands::parse_document(name.to_string(), bytes).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&draft)?);
            } else {
                println!("《{}》", draft.title);
                println!(
                    "问题类别 {} 个，问题 {} 个 / {} categories, {} problems",
                    draft.categories.len(),
                    draft.problems.len(),
                    draft.categories.len(),
                    draft.problems.len()
                );
            }
            for w in &draft.warnings {
                let at = w.line.map(|l| format!("（第{l}行）")).unwrap_or_default();
                eprintln!("提示 / warning [{}]{at}: {}", w.code, w.message);
            }
            if !dry_run {
                let app = open_app(&db).await?;
                let r = app
                    .store_draft("cli", draft, false)
                    .await?
                    .report
                    .context("import report")?;
                // The sweep of the new plan's warnings, before the process ends.
                app.refresh_warnings(None).await?;
                let verb = if r.created {
                    "已导入 / imported"
                } else {
                    "已更新 / updated"
                };
                eprintln!(
                    "{verb}: plan #{}，{} 个问题；新增 {}，修改 {}，文件中已无 {}",
                    r.plan_id,
                    r.problems_total,
                    r.added.len(),
                    r.changed.len(),
                    r.missing.len()
                );
                for (n, fields) in &r.changed {
                    eprintln!("  修改 / changed {n}: {}", fields.join(", "));
                }
                for n in &r.missing {
                    eprintln!("  文件中已无（台账保留）/ no longer in the document (kept): {n}");
                }
            }
            Ok(0)
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    role,
                    unit,
                    person,
                    display_name,
                    password_stdin,
                    db,
                },
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow!("未知角色 {role}（admin, office, unit, supervisor, leader, discipline）/ unknown role {role}")
            })?;
            if !password_stdin {
                bail!("请用 --password-stdin 从标准输入提供密码 / give the password on standard input with --password-stdin");
            }
            if role == Role::Unit && unit.is_empty() {
                bail!("责任单位账户须用 --unit 指定单位 / a unit account needs --unit");
            }
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("stdin")?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let app = open_app(&db).await?;
            let user = app
                .add_account(
                    "cli",
                    rectify_app::commands::NewAccount {
                        display_name: display_name.unwrap_or_else(|| username.clone()),
                        username,
                        role,
                        units: unit,
                        person,
                        password,
                    },
                )
                .await?;
            println!(
                "已创建用户 / created user {} ({})",
                user.username,
                user.role.as_str()
            );
            Ok(0)
        }
        Command::Unit {
            command: UnitCommand::Rename { from, to, db },
        } => {
            let u = open_store(&db)
                .await?
                .rename_unit(&from, &to, "cli")
                .await?;
            println!(
                "已更名 / renamed: {from} → {}（原名称保留为别名 / the old name stays an alias）",
                u.name
            );
            Ok(0)
        }
        Command::Calendar { command } => {
            match command {
                CalendarCommand::IsWorkday { date, db } => {
                    let cal = calendar(db).await?;
                    println!("{}", cal.is_workday(parse_date(&date)?)?);
                }
                CalendarCommand::AddWorkdays { date, n, db } => {
                    let cal = calendar(db).await?;
                    println!("{}", cal.add_workdays(parse_date(&date)?, n)?);
                }
                CalendarCommand::Dump { from, to, db } => {
                    let cal = calendar(db).await?;
                    print!("{}", cal.dump(parse_date(&from)?, parse_date(&to)?)?);
                }
                CalendarCommand::Set {
                    date,
                    workday,
                    name,
                    db,
                } => {
                    let o = rectify_store::CalendarOverride {
                        date: parse_date(&date)?,
                        is_workday: workday,
                        name: name.trim().to_string(),
                    };
                    if o.name.is_empty() {
                        bail!("请用 --name 填写节日名称 / --name is required");
                    }
                    open_store(&db)
                        .await?
                        .add_calendar_override(&o, "cli")
                        .await?;
                    let kind = if workday {
                        "工作日 / working day"
                    } else {
                        "休息日 / holiday"
                    };
                    println!("已设定 / set {} {kind} {}", o.date, o.name);
                }
            }
            Ok(0)
        }
        Command::Export {
            command: ExportCommand::Ledger { format, out, db },
        } => {
            if !matches!(format.as_str(), "xlsx" | "csv" | "json") {
                bail!("格式须为 xlsx、csv 或 json / format must be xlsx, csv or json");
            }
            let store = open_store(&db).await?;
            let details = all_details(store.as_ref()).await?;
            let lines: Vec<_> = details
                .iter()
                .map(rectify_office::LedgerLine::from_detail)
                .collect();
            let bytes = match format.as_str() {
                "xlsx" => rectify_office::ledger::to_xlsx(&lines)?,
                "csv" => rectify_office::ledger::to_csv(&lines),
                _ => rectify_office::ledger::to_json(&lines)?,
            };
            write_out(&out, &bytes)?;
            eprintln!(
                "已导出 {} 个问题 / exported {} problems to {}",
                lines.len(),
                lines.len(),
                out.display()
            );
            Ok(0)
        }
        Command::Report {
            command:
                ReportCommand::Monthly {
                    period,
                    format,
                    out,
                    db,
                },
        } => {
            if !matches!(format.as_str(), "docx" | "xlsx" | "html") {
                bail!("格式须为 docx、xlsx 或 html / format must be docx, xlsx or html");
            }
            let today = today_override()?
                .unwrap_or_else(|| (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive());
            let period = rectify_domain::input::report_period(&period, today)?.to_string();
            let store = open_store(&db).await?;
            let details = all_details(store.as_ref()).await?;
            let escalations = store.list_escalations(None).await?;
            let report =
                rectify_office::MonthlyReport::build(&period, today, &details, &escalations)?;
            let bytes = match format.as_str() {
                "docx" => report.to_docx()?,
                "xlsx" => report.to_xlsx()?,
                _ => report.to_html().into_bytes(),
            };
            write_out(&out, &bytes)?;
            eprintln!("{}", report.summary_text());
            Ok(0)
        }
        #[cfg(feature = "dev")]
        Command::Dev { command } => dev::run(command).await,
        Command::Indicators { command } => indicators::run(command),
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => {
            let store = open_store(&db).await?;
            let events = store.audit_events(None).await?;
            let snaps = store.ledger_snapshots().await?;
            match rectify_store::audit::verify(&events, &snaps) {
                Ok(r) => {
                    println!("审计链完整，台账与记录一致 / audit trail intact: {} events, {} rows, head {}", r.events, r.rows, r.head);
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("审计校验失败 / audit verification failed: {e}");
                    Ok(1)
                }
            }
        }
    }
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RECTIFY_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("无法启动运行时 / cannot start the runtime: {e}");
            std::process::exit(2);
        }
    };
    let code = match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            match e.downcast_ref::<rectify_domain::Error>() {
                Some(coded) => eprintln!("错误 / error [{}]: {coded}", coded.code),
                None => eprintln!("错误 / error: {e:#}"),
            }
            1
        }
    };
    std::process::exit(code);
}
