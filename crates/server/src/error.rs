//! One error type for the HTTP layer: stable codes for scripts, messages in
//! Chinese first and English second for people. Bodies never carry ledger data.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rectify_store::StoreError;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("请先登录 / please log in")]
    Unauthorized,
    #[error("无权访问 / forbidden")]
    Forbidden,
    #[error("未找到 / not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("跨站请求被拒绝 / cross-origin request refused")]
    BadOrigin,
    #[error("表单已过期，请刷新页面后重试 / invalid or missing CSRF token")]
    Csrf,
    #[error("请求须为 JSON（Content-Type: application/json）/ JSON body required")]
    NotJson,
    #[error("{0}")]
    Locked(String),
    /// An upload over the evidence store's size limit (413).
    #[error("{0}")]
    TooLarge(String),
    #[error("服务器内部错误 / internal error")]
    Internal(String),
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::Invalid(_) => "invalid_input",
            ApiError::BadOrigin => "bad_origin",
            ApiError::Csrf => "csrf_failed",
            ApiError::NotJson => "json_required",
            ApiError::Locked(_) => "account_locked",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::BadOrigin | ApiError::Csrf => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn invalid(zh: &str, en: &str) -> ApiError {
        ApiError::Invalid(format!("{zh} / {en}"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => ApiError::NotFound,
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Invalid(m) => ApiError::Invalid(m),
            StoreError::Database(m) => ApiError::Internal(m),
        }
    }
}

impl From<rectify_evidence::EvidenceError> for ApiError {
    fn from(e: rectify_evidence::EvidenceError) -> Self {
        use rectify_evidence::EvidenceError as E;
        match e {
            E::TooLarge { .. } => ApiError::TooLarge(e.to_string()),
            E::Empty | E::Unsupported(_) | E::BadKey => ApiError::Invalid(e.to_string()),
            // A blob that fails its hash, or a storage failure: logged, not shown.
            E::Corrupt(_) | E::Config(_) | E::Backend(_) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<rectify_domain::CalendarError> for ApiError {
    fn from(e: rectify_domain::CalendarError) -> Self {
        ApiError::Conflict(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // The detail goes to the log, never to the client.
            tracing::error!(%detail, "internal error");
        }
        let body = json!({"error": {"code": self.code(), "message": self.to_string()}});
        (self.status(), Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
