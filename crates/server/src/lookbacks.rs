//! Look-back campaigns (回头看) over HTTP: the office selects signed-off
//! problems for re-verification; the office or the problem's supervising
//! unit records each result, and a rebound (反弹) reopens the problem.
//!
//! Everyone on staff may list campaigns, but outside the office (and the
//! discipline commission) a user sees only the items of problems they may
//! read, with the tallies counted over those items.

use crate::api::problem_for;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Action, GlobalAction};
use crate::state::AppState;
use crate::workflow;
use axum::extract::{Path, State};
use axum::Json;
use rectify_store::{Lookback, LookbackDetail, LookbackSelection, ProblemFilter, User};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashSet;

/// The ids of the problems `user` may read; `None` when they may read all.
async fn visible_problems(state: &AppState, user: &User) -> ApiResult<Option<HashSet<i64>>> {
    let mut f = ProblemFilter {
        page: 1,
        per_page: 1000,
        ..Default::default()
    };
    policy::scope_filter(user, &mut f);
    if f.scope_units.is_none() && f.scope_leader.is_none() {
        return Ok(None);
    }
    let mut ids = HashSet::new();
    loop {
        let page = state.store.list_problems(&f).await?;
        let n = page.items.len();
        ids.extend(page.items.into_iter().map(|r| r.id));
        if n == 0 || ids.len() as i64 >= page.total {
            break;
        }
        f.page += 1;
    }
    Ok(Some(ids))
}

/// The campaign as `user` may see it: all of it, or only the items of the
/// problems they may read (`None` when that leaves nothing).
fn scoped(d: LookbackDetail, visible: &Option<HashSet<i64>>) -> Option<LookbackDetail> {
    let Some(visible) = visible else {
        return Some(d);
    };
    let items: Vec<_> = d
        .items
        .into_iter()
        .filter(|i| visible.contains(&i.problem_id))
        .collect();
    if items.is_empty() {
        return None;
    }
    let count = |r: &str| items.iter().filter(|i| i.result == r).count() as i64;
    let campaign = Lookback {
        total: items.len() as i64,
        pending: count("pending"),
        confirmed: count("confirmed"),
        rebound: count("rebound"),
        ..d.campaign
    };
    Some(LookbackDetail { campaign, items })
}

async fn visibility(state: &AppState, user: &User) -> ApiResult<Option<HashSet<i64>>> {
    if policy::allowed_global(user, GlobalAction::ReadAllLookbacks) {
        Ok(None)
    } else {
        // A unit or supervisor sees the campaigns touching its own problems.
        Ok(Some(
            visible_problems(state, user).await?.unwrap_or_default(),
        ))
    }
}

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
    if !policy::allowed_global(&cu.user, GlobalAction::ManageLookbacks) {
        return Err(ApiError::Forbidden);
    }
    let d = state
        .store
        .create_lookback(&b.name, b.note.as_deref(), &b.selection, &cu.user.username)
        .await?;
    Ok(Json(json!(d)))
}

/// `GET /api/v1/lookbacks`
pub async fn list(State(state): State<AppState>, cu: CurrentUser) -> ApiResult<Json<Value>> {
    let visible = visibility(&state, &cu.user).await?;
    let all = state.store.list_lookbacks().await?;
    let items: Vec<Lookback> = match &visible {
        None => all,
        Some(_) => {
            let mut out = vec![];
            for c in all {
                if let Some(d) = state.store.get_lookback(c.id).await? {
                    if let Some(d) = scoped(d, &visible) {
                        out.push(d.campaign);
                    }
                }
            }
            out
        }
    };
    Ok(Json(json!({"items": items, "total": items.len()})))
}

/// `GET /api/v1/lookbacks/{id}`
pub async fn get(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let d = state
        .store
        .get_lookback(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let visible = visibility(&state, &cu.user).await?;
    let d = scoped(d, &visible).ok_or(ApiError::Forbidden)?;
    Ok(Json(json!(d)))
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
    problem_for(&state, &cu.user, problem_id, Action::RecordLookback).await?;
    let item = state
        .store
        .record_lookback_result(id, problem_id, confirmed, &b.comment, &cu.user.username)
        .await?;
    if !confirmed {
        workflow::spawn_refresh(&state);
    }
    Ok(Json(json!(item)))
}
