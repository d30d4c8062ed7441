//! The SQLite backend: the embedded default. One file, created on first use,
//! WAL journal and foreign keys on.

use rectify_store::{StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub const BACKEND: &'static str = "sqlite";

    /// Opens `sqlite:PATH` or `sqlite://PATH` (or a bare path), creating the
    /// file when missing, and brings its schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() {
            return Err(StoreError::invalid(
                "SQLite 地址缺少文件路径",
                "the SQLite URL names no file",
            ));
        }
        if let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            if !parent.is_dir() {
                return Err(StoreError::Invalid(format!(
                    "数据库目录不存在：{} / the database directory does not exist: {}",
                    parent.display(),
                    parent.display()
                )));
            }
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::Database(format!(
                    "无法打开 SQLite 数据库 {path} / cannot open SQLite database {path}: {e}"
                ))
            })?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database(format!("数据库迁移失败 / migration failed: {e}")))?;
        // Rows of tables the trail newly covers get their baseline event.
        backend::ensure_coverage(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for tests that tamper with rows behind the store's back.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

// The `Store` implementation: the shared SQL source in rectify-store's
// `src/backend/`, compiled here against this backend's database.
#[path = "../../store/src/backend/mod.rs"]
mod backend;

/// The database the shared backend code runs on.
pub(crate) type Db = sqlx::Sqlite;
/// The store the shared backend code implements `Store` for.
pub(crate) type BackendStore = SqliteStore;
