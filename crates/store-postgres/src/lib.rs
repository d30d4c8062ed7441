//! The PostgreSQL backend, for production: several `rectify serve` processes
//! share one database; the audit-head row lock serializes writers.

use rectify_store::{StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::time::Duration;

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    pub const BACKEND: &'static str = "postgres";

    /// Connects to a `postgres://` URL and brings the schema up to date
    /// (sqlx's migrator holds an advisory lock, so concurrent starts are safe).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_in_schema(url, None).await
    }

    /// Like [`PgStore::connect`], with every table in `schema` (created when
    /// missing): several ledgers, or test runs, in one database.
    pub async fn connect_in_schema(url: &str, schema: Option<&str>) -> StoreResult<Self> {
        let mut options: PgConnectOptions = url.parse().map_err(|e| {
            StoreError::Invalid(format!(
                "PostgreSQL 地址格式错误 / malformed PostgreSQL URL: {e}"
            ))
        })?;
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::invalid(
                    "模式名只能含字母、数字和下划线",
                    "schema names are [A-Za-z0-9_]",
                ));
            }
            let admin = PgPool::connect_with(options.clone())
                .await
                .map_err(connect_err)?;
            sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .execute(&admin)
                .await
                .map_err(connect_err)?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(connect_err)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database(format!("数据库迁移失败 / migration failed: {e}")))?;
        // Rows of tables the trail newly covers get their baseline event.
        backend::ensure_coverage(&pool).await?;
        Ok(PgStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

fn connect_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(format!(
        "无法连接 PostgreSQL 数据库 / cannot connect to PostgreSQL: {e}"
    ))
}

// The `Store` implementation: the shared SQL source in rectify-store's
// `src/backend/`, compiled here against this backend's database.
#[path = "../../store/src/backend/mod.rs"]
mod backend;

/// The database the shared backend code runs on.
pub(crate) type Db = sqlx::Postgres;
/// The store the shared backend code implements `Store` for.
pub(crate) type BackendStore = PgStore;
