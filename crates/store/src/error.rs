use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

/// Storage errors. Each maps to one stable API error code in the server.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("未找到 / not found: {0}")]
    NotFound(String),
    /// The request conflicts with the ledger's current state (409).
    #[error("{0}")]
    Conflict(String),
    /// The request itself is invalid (400/422).
    #[error("{0}")]
    Invalid(String),
    #[error("数据库错误 / database error: {0}")]
    Database(String),
}

impl StoreError {
    pub fn conflict(zh: &str, en: &str) -> Self {
        StoreError::Conflict(format!("{zh} / {en}"))
    }
    pub fn invalid(zh: &str, en: &str) -> Self {
        StoreError::Invalid(format!("{zh} / {en}"))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Database(format!("JSON: {e}"))
    }
}
