//! Look-back campaigns (回头看) over HTTP: the office selects signed-off
//! problems for re-verification; the office or the problem's supervising
//! unit records each result, and a rebound (反弹) reopens the problem.
//!
//! Everyone on staff may list campaigns, but outside the office (and the
//! discipline commission) a user sees only the items of problems they may
//! read, with the tallies counted over those items.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson as Json, ApiPath as Path, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use rectify_domain::input::{Comment, ShortText};
use rectify_store::LookbackSelection;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateBody {
    pub name: String,
    pub note: Option<String>,
    #[schema(value_type = SelectionSchema)]
    pub selection: LookbackSelection,
}

// The schema of `rectify_store::LookbackSelection` (a type of another
// crate, which cannot derive it here); a test checks the two read alike.
/// Which signed-off problems the campaign re-verifies, by `kind`. Samples
/// are deterministic: the same seed over the same ledger picks the same
/// problems.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[schema(as = LookbackSelection)]
#[allow(dead_code)] // read only by the schema and the test
enum SelectionSchema {
    /// Every signed-off problem of a plan.
    Plan { plan_id: i64 },
    /// These problems (each must be signed off).
    Problems { ids: Vec<i64> },
    /// Every `n`th signed-off problem (of a plan, or of the whole ledger),
    /// in ledger order, starting at position `seed % n`.
    EveryNth {
        #[serde(default)]
        plan_id: Option<i64>,
        #[schema(minimum = 1)]
        n: u32,
        #[serde(default)]
        seed: u64,
    },
    /// `percent` of the signed-off problems (rounded up), drawn by a seeded
    /// hash of each problem's id.
    Percent {
        #[serde(default)]
        plan_id: Option<i64>,
        #[schema(minimum = 1, maximum = 100)]
        percent: u32,
        #[serde(default)]
        seed: u64,
    },
}

/// `POST /api/v1/lookbacks`
#[utoipa::path(
    post,
    path = "/api/v1/lookbacks",
    operation_id = "create_lookback",
    tag = "lookback",
    summary = "Start a look-back campaign over signed-off problems (office)",
    description = "Samples are deterministic for a seed: the same seed over the same ledger picks the same problems.",
    request_body = CreateBody,
    responses(
        (status = 200, description = "The campaign with its items", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input, or a selection that picks no signed-off problem", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/lookbacks",
    operation_id = "list_lookbacks",
    tag = "lookback",
    summary = "Look-back campaigns (回头看) with tallies; outside the office only those touching the user's problems",
    responses(
        (status = 200, description = "{total, items}: the campaigns with their tallies", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list(State(state): State<AppState>, cu: CurrentUser) -> ApiResult<Json<Value>> {
    let items = state.app.list_lookbacks(&cu.user).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

/// `GET /api/v1/lookbacks/{id}`
#[utoipa::path(
    get,
    path = "/api/v1/lookbacks/{id}",
    operation_id = "get_lookback",
    tag = "lookback",
    summary = "One campaign with its items (scoped to the problems the user may read)",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
    ),
    responses(
        (status = 200, description = "{campaign, items}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.app.get_lookback(&cu.user, id).await?)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResultBody {
    /// `confirmed` (整改成效巩固) or `rebound` (反弹).
    #[schema(schema_with = crate::openapi::lookback_result_schema)]
    pub result: String,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/v1/lookbacks/{id}/items/{problem_id}`
#[utoipa::path(
    post,
    path = "/api/v1/lookbacks/{id}/items/{problem_id}",
    operation_id = "record_lookback_result",
    tag = "lookback",
    summary = "Record a look-back result (office, or the problem's supervising unit): confirmed, or rebound, which reopens the problem (comment required)",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("problem_id" = i64, Path, description = "A problem in the campaign"),
    ),
    request_body = ResultBody,
    responses(
        (status = 200, description = "The recorded item", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented selection reads what `LookbackSelection` reads.
    #[test]
    fn the_selection_schema_reads_like_the_selection() {
        let cases = [
            json!({"kind": "plan", "plan_id": 1}),
            json!({"kind": "problems", "ids": [1, 2]}),
            json!({"kind": "every_nth", "n": 3}),
            json!({"kind": "every_nth", "n": 3, "seed": 7, "plan_id": 2}),
            json!({"kind": "percent", "percent": 10}),
            json!({"kind": "percent", "percent": 10, "seed": 1, "plan_id": null}),
            json!({"kind": "plan"}),
            json!({"kind": "sample", "n": 3}),
            json!({"plan_id": 1}),
            json!({"kind": "problems", "ids": ["x"]}),
        ];
        for case in cases {
            let real = serde_json::from_value::<LookbackSelection>(case.clone());
            let documented = serde_json::from_value::<SelectionSchema>(case.clone());
            assert_eq!(real.is_ok(), documented.is_ok(), "{case}");
            if let Ok(real) = real {
                // Every field the selection writes is one the schema names.
                let back = serde_json::to_value(&real).expect("serialises");
                assert!(
                    serde_json::from_value::<SelectionSchema>(back.clone()).is_ok(),
                    "{back}"
                );
            }
        }
    }
}
