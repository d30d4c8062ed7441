//! `rectify petitions`: import a handover list or hotline export, print the
//! duplicate groups and the figures.

use crate::args::PetitionsCommand;
use crate::support::{open_app, read_file};
use anyhow::Result;
use rectify_app::commands::{command_line_operator, PetitionImportInput};
use rectify_store::{PetitionDimension, PetitionFilter, Role, User};

/// The command line acts as the office: it imports and reads everything.
fn operator() -> User {
    User {
        role: Role::Office,
        ..command_line_operator()
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v}%"))
}

pub(crate) async fn run(command: PetitionsCommand) -> Result<i32> {
    match command {
        PetitionsCommand::Import {
            file,
            batch,
            date,
            dry_run,
            json,
            db,
        } => {
            let bytes = read_file(&file)?;
            let handed_over_on = match date.as_deref() {
                Some(d) => Some(rectify_domain::input::date(d, "date")?),
                None => None,
            };
            let app = open_app(&db).await?;
            let out = app
                .import_petitions(
                    &operator(),
                    &bytes,
                    PetitionImportInput {
                        file_name: file.to_string_lossy().into_owned(),
                        batch,
                        handed_over_on,
                        dry_run,
                    },
                )
                .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(0);
            }
            let r = &out.report;
            println!(
                "批次「{}」：读取 {} 件；新增 {}，更新 {}，未变 {} / batch {}: {} rows; {} new, {} updated, {} unchanged{}",
                out.batch, out.rows, r.inserted, r.updated, r.unchanged, out.batch, out.rows,
                r.inserted, r.updated, r.unchanged,
                if dry_run { "（仅检查，未保存 / dry run, nothing stored）" } else { "" }
            );
            if !out.unknown_columns.is_empty() {
                println!(
                    "未识别的列（原样保留）/ columns kept as they are: {}",
                    out.unknown_columns.join("、")
                );
            }
            if !out.unassigned.is_empty() {
                println!(
                    "{} 件未能按承办单位或行政区域确定责任单位，请在系统中指定 / {} petitions have no unit yet: {}",
                    out.unassigned.len(),
                    out.unassigned.len(),
                    out.unassigned.join(", ")
                );
            }
            if !out.rebounds.is_empty() {
                println!(
                    "疑似反弹（与已销号问题或已办结信访件相符）/ possible rebounds: {}",
                    out.rebounds.join(", ")
                );
            }
            Ok(0)
        }
        PetitionsCommand::Duplicates { json, db } => {
            let app = open_app(&db).await?;
            let d = app.petition_duplicates(&operator()).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
                return Ok(0);
            }
            if d.groups.is_empty() {
                println!("未发现重复举报 / no duplicates found");
            }
            for g in &d.groups {
                println!("{}", g.join(" = "));
            }
            for m in d.matches.iter().take(50) {
                let e = &m.explanation;
                println!(
                    "  [{:.2}] {} ~ {}：地点 {}；对象 {}；词 {}",
                    e.score,
                    m.a,
                    m.b,
                    e.shared_places.join("、"),
                    e.shared_polluters.join("、"),
                    e.shared_terms.join("、")
                );
            }
            Ok(0)
        }
        PetitionsCommand::Stats { by, json, db } => {
            let dim = PetitionDimension::parse(&by).ok_or_else(|| {
                rectify_domain::Error::with(
                    rectify_domain::ErrorCode::InvalidInput,
                    "--by 须为 unit、area、kind 或 batch / --by must be unit, area, kind or batch",
                )
            })?;
            let app = open_app(&db).await?;
            let f = app
                .petition_figures(&operator(), dim, PetitionFilter::default())
                .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&f)?);
                return Ok(0);
            }
            println!("分组\t受理\t属实\t办结\t办结率\t符合销号标准\t重复举报\t满意率\t立案处罚\t罚款(万元)");
            for s in f.rows.iter().chain(std::iter::once(&f.total)) {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    s.key,
                    s.received,
                    s.verified_true + s.verified_partly,
                    s.closed,
                    pct(s.closure_rate()),
                    pct(s.standard_rate()),
                    s.repeated,
                    pct(s.satisfaction_rate()),
                    s.penalty_cases,
                    s.fines_wan
                );
            }
            Ok(0)
        }
    }
}
