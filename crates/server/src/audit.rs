//! The audit trail's checkpoints over HTTP: signed on demand by the office,
//! listed publicly (newest first) so that outsiders can keep copies and
//! later show that the ledger still extends them.

use crate::auth::CurrentUser;
use crate::error::{ApiJson as Json, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use rectify_store::audit::Checkpoint;

/// A signed checkpoint of the audit chain, as published.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PublicCheckpoint {
    /// The sequence number of the chain's last event when signed.
    pub seq: i64,
    /// That event's hash (SHA-256, hex).
    pub head_hash: String,
    /// The same hash under the name CONTRACTS.md §3 gives it.
    pub hash: String,
    /// When it was signed (RFC 3339, UTC).
    pub at: String,
    /// The same time under the name CONTRACTS.md §3 gives it.
    pub time: String,
    /// The first 16 hex digits of SHA-256 of the public key's hex.
    pub key_id: String,
    /// The Ed25519 public key, hex.
    pub public_key: String,
    /// The Ed25519 signature (hex) of the text
    /// `rectify-audit-checkpoint/1\nseq=…\nhead=…\nat=…\nkey=…\n`.
    pub signature: String,
}

impl From<Checkpoint> for PublicCheckpoint {
    fn from(c: Checkpoint) -> Self {
        PublicCheckpoint {
            seq: c.seq,
            hash: c.head_hash.clone(),
            head_hash: c.head_hash,
            time: c.at.clone(),
            at: c.at,
            key_id: c.key_id,
            public_key: c.public_key,
            signature: c.signature,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/audit/checkpoints",
    tag = "audit",
    summary = "Sign a checkpoint of the audit chain now (office, admin)",
    responses(
        (status = 201, description = "The new signed checkpoint", body = PublicCheckpoint),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user, or a cross-origin write", body = ErrorEnvelope),
        (status = 503, description = "The signing key is unavailable", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn sign_checkpoint(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<(StatusCode, Json<PublicCheckpoint>)> {
    let cp = state.app.sign_checkpoint(&cu.user).await?;
    Ok((StatusCode::CREATED, Json(cp.into())))
}

#[utoipa::path(
    get,
    path = "/api/v1/public/audit/checkpoints",
    operation_id = "public_audit_checkpoints",
    tag = "public",
    summary = "The signed checkpoints of the audit chain, newest first (at most 100)",
    responses(
        (status = 200, description = "Newest first", body = Vec<PublicCheckpoint>),
    ),
)]
pub async fn public_checkpoints(
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<PublicCheckpoint>>> {
    let list = state.app.public_checkpoints().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}
