//! Look-back campaigns (回头看) over HTTP: the office selects signed-off
//! problems for re-verification; the office or the problem's supervising
//! unit records each result, and a rebound (反弹) reopens the problem.
//!
//! Everyone on staff may list campaigns, but outside the office (and the
//! discipline commission) a user sees only the items of problems they may
//! read, with the tallies counted over those items.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson as Json, ApiPath as Path, ApiResult};
use crate::state::AppState;
use axum::extract::State;
use rectify_domain::input::{Comment, ShortText};
use rectify_store::LookbackSelection;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
pub struct CreateBody {
    pub name: String,
    pub note: Option<String>,
    pub selection: LookbackSelection,
}

/// `POST /api/v1/lookbacks`
pub async fn create(
    State(state): State<AppState>,
    cu: CurrentUser,
    Json(b): Json<CreateBody>,
) -> ApiResult<Json<Value>> {
    let name = ShortText::parse(&b.name, "名称 / the name")?;
    let note = Comment::optional(b.note.as_deref().unwrap_or(""), "说明 / the note")?;
    let d = state
        .app
        .create_lookback(&cu.user, name, note, &b.selection)
        .await?;
    Ok(Json(json!(d)))
}

/// `GET /api/v1/lookbacks`
pub async fn list(State(state): State<AppState>, cu: CurrentUser) -> ApiResult<Json<Value>> {
    let items = state.app.list_lookbacks(&cu.user).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

/// `GET /api/v1/lookbacks/{id}`
pub async fn get(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.app.get_lookback(&cu.user, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct ResultBody {
    /// `confirmed` (整改成效巩固) or `rebound` (反弹).
    pub result: String,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/v1/lookbacks/{id}/items/{problem_id}`
pub async fn record(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path((id, problem_id)): Path<(i64, i64)>,
    Json(b): Json<ResultBody>,
) -> ApiResult<Json<Value>> {
    let confirmed = match b.result.trim() {
        "confirmed" => true,
        "rebound" => false,
        _ => {
            return Err(ApiError::invalid(
                "result 须为 confirmed（未反弹）或 rebound（反弹）",
                "result must be confirmed or rebound",
            ))
        }
    };
    let comment = Comment::optional(&b.comment, "说明 / the comment")?;
    let item = state
        .app
        .record_lookback(&cu.user, id, problem_id, confirmed, comment)
        .await?;
    Ok(Json(json!(item)))
}
