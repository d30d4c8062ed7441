//! What the commands share: opening the store and the application layer,
//! reading and writing files, the calendar, the configuration file.

use crate::args::DbArgs;
use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use rectify_domain::WorkCalendar;
use rectify_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow!("日期格式应为 YYYY-MM-DD：{s} / expected a YYYY-MM-DD date: {s}"))
}

/// `RECTIFY_TODAY`, if set, is "today" for the server and the command line.
pub(crate) fn today_override() -> Result<Option<NaiveDate>> {
    match std::env::var("RECTIFY_TODAY") {
        Ok(v) if !v.trim().is_empty() => parse_date(&v).map(Some).context("RECTIFY_TODAY"),
        _ => Ok(None),
    }
}

/// Opens the backend named by the URL, once, at start-up.
/// The application layer over the chosen store, with `RECTIFY_TODAY`.
pub(crate) async fn open_app(db: &DbArgs) -> Result<rectify_app::App> {
    let store = open_store(db).await?;
    let settings = rectify_app::Settings {
        today: today_override()?,
        // The key that signs audit checkpoints lives in the data directory.
        data_dir: Some(db.data.clone()),
        ..rectify_app::Settings::default()
    };
    Ok(rectify_app::App::new(
        store,
        settings,
        Err("the command line stores no evidence".into()),
    ))
}

pub(crate) async fn open_store(db: &DbArgs) -> Result<Arc<dyn Store>> {
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

pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        anyhow!(
            "无法读取文件 {} / cannot read {}: {e}",
            path.display(),
            path.display()
        )
    })
}

/// Every problem with its details, in ledger order.
pub(crate) async fn all_details(store: &dyn Store) -> Result<Vec<rectify_store::ProblemDetail>> {
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
pub(crate) async fn calendar(db: Option<String>) -> Result<WorkCalendar> {
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

pub(crate) fn write_out(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| {
        anyhow!(
            "无法写入 {} / cannot write {}: {e}",
            path.display(),
            path.display()
        )
    })
}
