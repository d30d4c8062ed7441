//! The unit registry over HTTP (issue 11): the suggested duplicates and the
//! merge of one unit into another (office, admin). The rules and the
//! permission live in the application layer; this file translates.

use crate::auth::CurrentUser;
use crate::error::{ApiJson as Json, ApiPath as Path, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use rectify_app::commands::merge_reason;
use serde::Deserialize;
use serde_json::{json, Value};

#[utoipa::path(
    get,
    path = "/api/v1/units/duplicates",
    tag = "units",
    summary = "Registered units that are probably one body written several ways, with reasons and scores (office, admin)",
    responses(
        (status = 200, description = "{units: [{id, name, aliases, problems, accounts}], groups: [{units, suggested_into, reasons: [{code, label_zh, label_en}], pairs: [{a, b, reason, score}], score}]}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user's role", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn duplicates(State(state): State<AppState>, cu: CurrentUser) -> ApiResult<Json<Value>> {
    let units = state.app.unit_registry(&cu.user).await?;
    let d = rectify_app::commands::duplicates_of(&units);
    Ok(Json(json!({"units": units, "groups": d.groups})))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MergeBody {
    /// The id of the unit that remains.
    pub into: i64,
    /// Why the two are one unit (required, at most 2000 characters).
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/units/{id}/merge",
    tag = "units",
    summary = "Merge this unit into another (office, admin): its problems, accounts, escalations and names move to `into`, and it is removed; audited with the reason",
    params(("id" = i64, Path, description = "The unit merged away")),
    request_body = MergeBody,
    responses(
        (status = 200, description = "{from, into, problems, accounts, escalations, aliases}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user's role, or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such unit", body = ErrorEnvelope),
        (status = 422, description = "Invalid input: reason_required, text_too_long, unit_merge_self", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn merge(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<MergeBody>,
) -> ApiResult<Json<Value>> {
    let reason = merge_reason(&b.reason)?;
    let m = state.app.merge_units(&cu.user, id, b.into, reason).await?;
    Ok(Json(json!(m)))
}
