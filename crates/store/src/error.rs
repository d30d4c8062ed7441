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
    /// A domain rule refused the write inside its transaction (the store
    /// gathers the facts, `rectify_domain` decides); carries its code.
    #[error("{0}")]
    Rule(rectify_domain::Error),
}

impl From<rectify_domain::Error> for StoreError {
    fn from(e: rectify_domain::Error) -> Self {
        StoreError::Rule(e)
    }
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

/// A unique-key violation is a conflict with the ledger's state (409); any
/// other database failure is a database error.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e {
            if d.is_unique_violation() {
                return StoreError::conflict("记录已存在", "record already exists");
            }
            // PostgreSQL's text cannot hold NUL (22021): a value that slipped
            // past the input checks is still bad input, not a server fault.
            if d.code().as_deref() == Some("22021") {
                return StoreError::Rule(rectify_domain::Error::with(
                    rectify_domain::ErrorCode::TextControlChar,
                    "输入 / the input",
                ));
            }
        }
        StoreError::Database(e.to_string())
    }
}

/// A storage failure in the one error catalogue: a rule broken inside the
/// store keeps its message under a stable code; a database failure is
/// internal (its detail goes to the log only).
impl From<StoreError> for rectify_domain::Error {
    fn from(e: StoreError) -> Self {
        use rectify_domain::ErrorCode;
        match e {
            StoreError::NotFound(_) => rectify_domain::Error::new(ErrorCode::NotFound),
            StoreError::Conflict(m) if m.starts_with("记录已存在") => {
                rectify_domain::Error::with(ErrorCode::AlreadyExists, m)
            }
            StoreError::Conflict(m) if m.starts_with("问题已被他人同时修改") => {
                rectify_domain::Error::new(ErrorCode::ConcurrentChange)
            }
            StoreError::Conflict(m) => rectify_domain::Error::with(ErrorCode::Conflict, m),
            StoreError::Invalid(m) => rectify_domain::Error::with(ErrorCode::InvalidInput, m),
            StoreError::Database(m) => rectify_domain::Error::with(ErrorCode::Internal, m),
            StoreError::Rule(e) => e,
        }
    }
}
