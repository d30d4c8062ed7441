//! Evidence (证据材料) over HTTP: upload a file to a problem as the raw
//! request body, download it by its SHA-256.
//!
//! The type is sniffed from the bytes (the claimed name and Content-Type are
//! ignored), the key is the hash (never a path the user chose), and a file
//! is served only as a download (`Content-Disposition: attachment`,
//! `nosniff`) to users who may read a problem it belongs to.

use crate::auth::CurrentUser;
use crate::error::ApiJson;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::error::{ApiPath as Path, ApiQuery as Query};
use crate::policy::{self, Action};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rectify_app::commands::{AttachmentInput, EvidenceChange};
use rectify_domain::input::Comment;
use rectify_domain::ErrorCode;
use rectify_evidence::is_sha256_hex;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// Display name only; the file is stored under its SHA-256.
    pub file_name: Option<String>,
    #[param(schema_with = crate::openapi::attachment_kind_schema)]
    pub kind: Option<String>,
    /// A progress report of the same problem.
    #[param(value_type = Option<i64>)]
    pub report_id: Option<String>,
    /// Show the file on the public portal during and after the notice.
    pub public: Option<bool>,
}

pub use rectify_app::commands::clean_file_name;

/// `POST /api/v1/problems/{id}/attachments?file_name=&kind=&report_id=`
#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/attachments",
    tag = "evidence",
    summary = "Upload evidence for a problem (raw body, at most 20 MB; JPEG, PNG, PDF, docx or xlsx, recognised by content). Units of the problem, its supervising units, the office",
    params(
        ("id" = i64, Path, description = "The problem's id"),
        UploadQuery,
    ),
    request_body(content = inline(crate::openapi::RawFile), content_type = "application/octet-stream", description = "The file itself; its type is sniffed from the bytes"),
    responses(
        (status = 200, description = "The attachment: {id, problem_id, report_id, sha256, size, content_type, file_name, kind, uploaded_by, uploaded_at}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 413, description = "File over the size limit", body = ErrorEnvelope),
        (status = 422, description = "An unrecognised file type, an unknown kind, or a report of another problem", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn upload(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let input = AttachmentInput::parse(
        q.file_name.as_deref(),
        q.kind.as_deref().unwrap_or(""),
        q.report_id.as_deref().unwrap_or(""),
        q.public.unwrap_or(false),
    )?;
    let a = state.app.attach_evidence(&cu.user, id, input, body).await?;
    Ok(Json(json!(a)))
}

/// A change to recorded evidence: exactly one of the two fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EvidenceChangeBody {
    /// Show (true) or hide (false) the file on the portal.
    pub public: Option<bool>,
    /// Withdraw the file with this reason; it stays stored and listed.
    pub withdraw_reason: Option<String>,
}

/// `POST /api/v1/problems/{id}/attachments/{attachment_id}`
#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/attachments/{attachment_id}",
    tag = "evidence",
    summary = "Publish, unpublish or withdraw evidence (with a reason; never deleted). Those who may upload evidence to the problem",
    params(
        ("id" = i64, Path, description = "The problem's id"),
        ("attachment_id" = i64, Path, description = "The attachment's id"),
    ),
    request_body = EvidenceChangeBody,
    responses(
        (status = 200, description = "The attachment after the change", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "The file was already withdrawn", body = ErrorEnvelope),
        (status = 422, description = "Neither or both fields, or an empty reason", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn change(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path((id, aid)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<EvidenceChangeBody>,
) -> ApiResult<Json<Value>> {
    let change = match (body.public, body.withdraw_reason) {
        (Some(p), None) => EvidenceChange::Public(p),
        (None, Some(reason)) => EvidenceChange::Withdraw(
            Comment::parse(&reason, "撤回原因 / the reason")
                .map_err(|_| ApiError::of(ErrorCode::ReasonRequired))?,
        ),
        _ => {
            return Err(ApiError::with(
                ErrorCode::InvalidInput,
                "须且只能给出 public 或 withdraw_reason 之一 / give exactly one of public, withdraw_reason",
            ))
        }
    };
    let a = state.app.change_evidence(&cu.user, id, aid, change).await?;
    Ok(Json(json!(a)))
}

/// `filename="…"` wants ASCII; the real name goes in `filename*` (RFC 6266).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencoding::encode(name)
    )
}

/// `GET /api/v1/attachments/{sha256}`
#[utoipa::path(
    get,
    path = "/api/v1/attachments/{sha256}",
    tag = "evidence",
    summary = "Download evidence by its SHA-256 (as an attachment, with the sniffed content type), for users who may read a problem it belongs to",
    params(
        ("sha256" = String, Path, description = "The file's SHA-256, 64 hex digits", pattern = "^[0-9a-fA-F]{64}$"),
    ),
    responses(
        (status = 200, description = "The file, with Content-Disposition: attachment and its sniffed Content-Type", body = inline(crate::openapi::RawFile), content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn download(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(sha): Path<String>,
) -> ApiResult<Response> {
    let sha = sha.to_ascii_lowercase();
    if !is_sha256_hex(&sha) {
        return Err(ApiError::of(ErrorCode::NotFound));
    }
    let refs = state.store.attachments_by_sha(&sha).await?;
    if refs.is_empty() {
        return Err(ApiError::of(ErrorCode::NotFound));
    }
    let mut seen = std::collections::HashSet::new();
    let mut shown = None;
    for a in &refs {
        if !seen.insert(a.problem_id) {
            continue;
        }
        if let Some(d) = state.store.get_problem(a.problem_id).await? {
            if policy::allowed(&cu.user, Action::Read, &d.row) {
                shown = Some(a);
                break;
            }
        }
    }
    let a = shown.ok_or(ApiError::of(ErrorCode::Forbidden))?;
    serve(&state, &sha, &a.file_name, false, "private, no-store").await
}

/// The stored file as a response: its sniffed type, `nosniff`, and a
/// download unless `inline` (images shown in a page).
pub async fn serve(
    state: &AppState,
    sha: &str,
    file_name: &str,
    inline: bool,
    cache: &'static str,
) -> ApiResult<Response> {
    let blob = state.evidence()?.get(sha).await?.ok_or_else(|| {
        tracing::error!(%sha, "attachment recorded in the ledger but missing from the evidence store");
        ApiError::of(ErrorCode::NotFound)
    })?;
    let header = |v: String| {
        HeaderValue::from_str(&v)
            .map_err(|e| ApiError::with(ErrorCode::Internal, format!("header: {e}")))
    };
    let mut res = (StatusCode::OK, Body::from(blob.bytes)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(blob.content_type.mime()),
    );
    let disposition = content_disposition(file_name);
    let disposition = if inline && blob.content_type.mime().starts_with("image/") {
        disposition.replacen("attachment", "inline", 1)
    } else {
        disposition
    };
    h.insert(header::CONTENT_DISPOSITION, header(disposition)?);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ETAG, header(format!("\"{sha}\""))?);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_display_only() {
        assert_eq!(
            clean_file_name(Some("../../etc/passwd")).as_deref(),
            Some("passwd")
        );
        assert_eq!(
            clean_file_name(Some("C:\\照片\\现场1.jpg")).as_deref(),
            Some("现场1.jpg")
        );
        assert_eq!(
            clean_file_name(Some("a\r\nb.pdf")).as_deref(),
            Some("ab.pdf")
        );
        assert_eq!(clean_file_name(Some("..")), None);
        assert_eq!(clean_file_name(Some("dir/")), None);
        assert_eq!(clean_file_name(None), None);
        assert_eq!(
            clean_file_name(Some(&"长".repeat(300))).map(|n| n.chars().count()),
            Some(200)
        );
    }

    #[test]
    fn disposition_is_a_download_with_the_real_name() {
        let v = content_disposition("验收意见 \"终\".pdf");
        assert!(v.starts_with("attachment; filename=\""), "{v}");
        assert!(!v.contains("\"终\""), "{v}");
        assert!(v.contains("filename*=UTF-8''%E9%AA%8C"), "{v}");
        assert!(HeaderValue::from_str(&v).is_ok());
    }
}
