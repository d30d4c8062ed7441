//! Corrections after import over HTTP (CONTRACTS.md §3: `PATCH` a plan or a
//! problem with `{…fields, reason}`), split, merge, publish, and the list of
//! corrections. Handlers translate; the rules are in the application layer.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson as Json, ApiPath as Path, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use rectify_app::commands::SplitInput;
use rectify_domain::correction::{PlanPatch, ProblemPatch};
use rectify_domain::input::Comment;
use rectify_domain::ErrorCode;
use serde::Deserialize;
use serde_json::{json, Value};

/// The reason every correction needs.
fn reason(s: &str) -> ApiResult<Comment> {
    Comment::parse(s, "更正原因 / the reason").map_err(|_| ApiError::of(ErrorCode::ReasonRequired))
}

#[derive(Debug, Deserialize)]
pub struct PlanCorrectionBody {
    #[serde(default)]
    reason: String,
    #[serde(flatten)]
    patch: PlanPatch,
}

#[derive(Debug, Deserialize)]
pub struct ProblemCorrectionBody {
    #[serde(default)]
    reason: String,
    #[serde(flatten)]
    patch: ProblemPatch,
}

#[utoipa::path(
    patch,
    path = "/api/v1/plans/{id}",
    tag = "corrections",
    summary = "Correct a plan's fields (title, doc_number, issue_date, jurisdiction, inspection, notice_workdays) with a reason",
    params(("id" = i64, Path, description = "The plan's id")),
    request_body(content = Object, description = "Any of `title`, `doc_number`, `issue_date` (YYYY-MM-DD or null), `jurisdiction`, `inspection` ({level, team, round, stationed_from, stationed_to, feedback_date} or null), `notice_workdays`; and `reason` (required)"),
    responses(
        (status = 200, description = "The correction recorded: {id, fields, reason, actor, at, public}", body = Object),
        (status = 400, description = "Malformed JSON body", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office, or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such plan", body = ErrorEnvelope),
        (status = 409, description = "Another plan has this title and jurisdiction", body = ErrorEnvelope),
        (status = 422, description = "No reason, a bad value, or nothing changed", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn correct_plan(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<PlanCorrectionBody>,
) -> ApiResult<Json<Value>> {
    let reason = reason(&b.reason)?;
    let out = state
        .app
        .correct_plan(&cu.user, id, &b.patch, &reason)
        .await?;
    Ok(Json(json!(out)))
}

#[utoipa::path(
    patch,
    path = "/api/v1/problems/{id}",
    tag = "corrections",
    summary = "Correct a problem's fields with a reason; warnings and schedule progress follow at once",
    params(("id" = i64, Path, description = "The problem's id")),
    request_body(content = Object, description = "Any of `number_text`, `seq`, `category_seq` (or null), `description`, `target` (or null), `measures` ([{text, deadline?, units?}], the whole list in order), `deadline_text`, `due` (YYYY-MM-DD or null), `immediate`, `ongoing`, `units` ([{name, role, note}]), `leaders` ([name]), `responsible_persons` ([{name, title}]), `liaisons` ([{name, note}]); and `reason` (required)"),
    responses(
        (status = 200, description = "The correction recorded: {id, fields, reason, actor, at, public}", body = Object),
        (status = 400, description = "Malformed JSON body", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office, or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such problem", body = ErrorEnvelope),
        (status = 409, description = "The number is taken in the plan", body = ErrorEnvelope),
        (status = 422, description = "No reason, a bad value, or nothing changed", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn correct_problem(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ProblemCorrectionBody>,
) -> ApiResult<Json<Value>> {
    let reason = reason(&b.reason)?;
    let out = state
        .app
        .correct_problem(&cu.user, id, &b.patch, &reason)
        .await?;
    Ok(Json(json!(out)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SplitBody {
    /// The new problem's description.
    pub description: String,
    /// The numbers of the measures that move to the new problem.
    #[serde(default)]
    pub measures: Vec<u32>,
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/split",
    tag = "corrections",
    summary = "Split a problem in two; the new one takes the next free number and the chosen measures",
    params(("id" = i64, Path, description = "The problem's id")),
    request_body = SplitBody,
    responses(
        (status = 201, description = "{problem_id}: the new problem", body = Object),
        (status = 400, description = "Malformed JSON body", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 404, description = "No such problem", body = ErrorEnvelope),
        (status = 422, description = "No reason or no description", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn split_problem(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<SplitBody>,
) -> ApiResult<(axum::http::StatusCode, Json<Value>)> {
    let reason = reason(&b.reason)?;
    let input = SplitInput {
        description: b.description,
        measures: b.measures,
    };
    let new_id = state
        .app
        .split_problem(&cu.user, id, &input, &reason)
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "problem_id": new_id })),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MergeBody {
    /// The problem merged into this one (it is removed).
    pub other: i64,
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/merge",
    tag = "corrections",
    summary = "Merge another problem of the same plan into this one (only one without reports, sign-off or evidence)",
    params(("id" = i64, Path, description = "The problem that stays")),
    request_body = MergeBody,
    responses(
        (status = 200, description = "{problem_id}", body = Object),
        (status = 400, description = "Malformed JSON body", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 404, description = "No such problem", body = ErrorEnvelope),
        (status = 409, description = "The other problem has a history of its own", body = ErrorEnvelope),
        (status = 422, description = "No reason, or problems of two plans", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn merge_problems(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<MergeBody>,
) -> ApiResult<Json<Value>> {
    let reason = reason(&b.reason)?;
    state
        .app
        .merge_problems(&cu.user, id, b.other, &reason)
        .await?;
    Ok(Json(json!({ "problem_id": id })))
}

#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/publish",
    tag = "corrections",
    summary = "Put a plan and its problems on the public portal",
    params(("id" = i64, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "{plan_id, published: true, changed}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 404, description = "No such plan", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn publish_plan(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let changed = state.app.publish_plan(&cu.user, id).await?;
    Ok(Json(
        json!({ "plan_id": id, "published": true, "changed": changed }),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/corrections",
    tag = "corrections",
    summary = "The corrections of a plan and its problems, oldest first",
    params(("id" = i64, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "{items: [{id, entity, entity_id, action, fields, reason, actor, at, public}]}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list_corrections(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let items = state.app.corrections(&cu.user, id).await?;
    Ok(Json(json!({ "items": items })))
}
