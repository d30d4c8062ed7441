//! `rectify`: the one binary. Commands and flags follow CONTRACTS.md §2.
//! Errors go to stderr in Chinese and English with a non-zero exit code.

mod args;
mod audit;
mod config;
mod demo;
#[cfg(feature = "dev")]
mod dev;
mod indicators;
mod petitions;
mod support;

use args::*;
use support::*;

use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use rectify_store::Role;
use std::io::Read;

async fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            config,
        } => {
            let cfg = config::server_config(config.as_deref(), listen, &db.data)?;
            let store = open_store(&db).await?;
            if demo {
                // The demo's site photos go where the server keeps evidence.
                let evidence = rectify_evidence::EvidenceStore::from_env(cfg.evidence_dir())
                    .map_err(|e| e.to_string());
                let app = rectify_app::App::new(store.clone(), cfg.settings(), evidence);
                demo::load(&app, cfg.today).await?;
                // The warnings of the demo's history, before serving.
                app.refresh_warnings(None).await?;
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
            publish,
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
                let outcome = app.store_draft("cli", draft, false).await?;
                let r = outcome.report.context("import report")?;
                for c in &outcome.preview.conflicts {
                    eprintln!(
                        "  保留人工更正 / kept the manual correction {} {}: 台账「{}」，文件「{}」",
                        c.number,
                        c.field.label_zh(),
                        c.kept,
                        c.imported
                    );
                }
                if publish {
                    app.store().publish_plan(r.plan_id, "cli").await?;
                }
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
                if r.created && !publish {
                    eprintln!(
                        "方案尚未在门户网站发布；核对后运行 / not on the portal yet; after checking run: rectify plan publish {}",
                        r.plan_id
                    );
                }
            }
            Ok(0)
        }
        Command::Plan {
            command: PlanCommand::Publish { id, db },
        } => {
            let changed = open_store(&db).await?.publish_plan(id, "cli").await?;
            if changed {
                println!("已发布 / published: plan #{id}");
            } else {
                println!("此前已发布 / already published: plan #{id}");
            }
            Ok(0)
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    role,
                    unit,
                    create_unit,
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
                        create_units: create_unit,
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
                .await
                .map_err(rectify_domain::Error::from)?;
            println!(
                "已更名 / renamed: {from} → {}（原名称保留为别名 / the old name stays an alias）",
                u.name
            );
            Ok(0)
        }
        Command::Unit {
            command: UnitCommand::Duplicates { json, db },
        } => {
            let app = open_app(&db).await?;
            let op = rectify_app::commands::command_line_operator();
            let d = app.unit_duplicates(&op).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else if d.groups.is_empty() {
                println!("未发现疑似重复的单位 / no likely duplicates");
            }
            if !json {
                for g in &d.groups {
                    let reasons: Vec<&str> = g.reasons.iter().map(|r| r.label_zh).collect();
                    println!("[{:.2}] {}", g.score, reasons.join("；"));
                    for u in &g.units {
                        let mark = if u.id == g.suggested_into { "→" } else { " " };
                        println!(
                            "  {mark} #{} {}（问题 {}，账户 {} / problems {}, accounts {}）",
                            u.id, u.name, u.problems, u.accounts, u.problems, u.accounts
                        );
                    }
                }
            }
            Ok(0)
        }
        Command::Unit {
            command:
                UnitCommand::Merge {
                    from,
                    into,
                    reason,
                    db,
                },
        } => {
            let reason = rectify_app::commands::merge_reason(&reason)?;
            let app = open_app(&db).await?;
            let op = rectify_app::commands::command_line_operator();
            let m = app.merge_units_by_name(&op, &from, &into, reason).await?;
            println!(
                "已合并 / merged: {} → {}（问题 {}，账户 {}，督办 {} / problems {}, accounts {}, escalations {}）",
                m.from.name,
                m.into.name,
                m.problems.len(),
                m.accounts.len(),
                m.escalations.len(),
                m.problems.len(),
                m.accounts.len(),
                m.escalations.len()
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
        Command::Audit { command } => audit::run(command).await,
        Command::Petitions { command } => petitions::run(command).await,
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
