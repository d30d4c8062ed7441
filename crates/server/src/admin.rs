//! Administration: the working-day calendar's additions. When the State
//! Council publishes next year's holiday notice, an administrator enters it
//! here (or with `rectify calendar set`); every server picks it up within a
//! minute.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, GlobalAction};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use rectify_store::CalendarOverride;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn list_overrides(
    State(state): State<AppState>,
    _cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    let cal = state.calendar().await?;
    Ok(Json(json!({
        "items": state.store.calendar_overrides().await?,
        "covered_years": cal.covered_years(),
    })))
}

#[derive(Debug, Deserialize)]
pub struct OverrideBody {
    pub date: String,
    pub is_workday: bool,
    pub name: String,
}

pub async fn add_override(
    State(state): State<AppState>,
    cu: CurrentUser,
    Json(b): Json<OverrideBody>,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::ManageCalendar) {
        return Err(ApiError::Forbidden);
    }
    let date = NaiveDate::parse_from_str(b.date.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::invalid("日期须为 YYYY-MM-DD", "date must be YYYY-MM-DD"))?;
    let name = b.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(ApiError::invalid(
            "请填写节日名称（40字以内）",
            "a name of at most 40 characters is required",
        ));
    }
    let o = CalendarOverride {
        date,
        is_workday: b.is_workday,
        name: name.to_string(),
    };
    state
        .store
        .add_calendar_override(&o, &cu.user.username)
        .await?;
    state.forget_calendar().await;
    let cal = state.calendar().await?;
    Ok(Json(
        json!({"override": o, "covered_years": cal.covered_years()}),
    ))
}
