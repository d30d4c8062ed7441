//! The HTTP face of the one error catalogue (`rectify_domain::error`): every
//! failure from `/api` and `/open311` answers
//! `{"error":{"code":"…","message":"中文 / English"}}` with the code's status,
//! including the extractors' rejections (malformed JSON, bad query strings,
//! bad path segments), unknown routes and wrong methods. Bodies never carry
//! ledger data.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::FromRequest;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rectify_domain::{Error, ErrorCode};
use rectify_store::StoreError;
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError(pub Error);

/// The body of every error answer under `/api`:
/// `{"error":{"code":"…","message":"中文 / English"}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"error": {"code": "forbidden", "message": "您无权访问该内容或进行此操作 / you are not allowed to see this or do this"}}))]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable snake_case code from the error catalogue (`not_found`,
    /// `step_not_allowed`, …); programs branch on this, never on the message.
    pub code: String,
    /// The message in Chinese, then ` / `, then English.
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn of(code: ErrorCode) -> ApiError {
        ApiError(Error::new(code))
    }

    pub fn with(code: ErrorCode, detail: impl std::fmt::Display) -> ApiError {
        ApiError(Error::with(code, detail))
    }

    /// An invalid value with its own "中文 / English" explanation.
    pub fn invalid(zh: &str, en: &str) -> ApiError {
        Self::with(ErrorCode::InvalidInput, format!("{zh} / {en}"))
    }

    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl From<ErrorCode> for ApiError {
    fn from(c: ErrorCode) -> Self {
        ApiError::of(c)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError(e.into())
    }
}

impl From<rectify_evidence::EvidenceError> for ApiError {
    fn from(e: rectify_evidence::EvidenceError) -> Self {
        ApiError(rectify_app::error::evidence(e))
    }
}

impl From<rectify_domain::CalendarError> for ApiError {
    fn from(e: rectify_domain::CalendarError) -> Self {
        ApiError(rectify_app::error::calendar(e))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::of(ErrorCode::JsonRequired),
            JsonRejection::BytesRejection(_) => ApiError::of(ErrorCode::PayloadTooLarge),
            other => ApiError::with(ErrorCode::MalformedJson, other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::with(ErrorCode::MalformedQuery, r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::with(ErrorCode::RouteNotFound, r.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.0.code == ErrorCode::Internal {
            // The detail goes to the log, never to the client.
            tracing::error!(detail = ?self.0.detail, "internal error");
        }
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: self.0.code.as_str().to_string(),
                message: self.0.message(),
            },
        };
        (self.status(), Json(body)).into_response()
    }
}

/// `axum::Json` whose rejection is the JSON error envelope.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejection is the JSON error envelope.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejection is the JSON error envelope.
#[derive(Debug, Clone, Copy, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Unknown routes under `/api` and `/open311`.
pub async fn route_not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::with(
        ErrorCode::RouteNotFound,
        uri.path().chars().take(200).collect::<String>(),
    )
}

/// A known route asked with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::of(ErrorCode::MethodNotAllowed)
}
