//! Administration: the working-day calendar's additions. When the State
//! Council publishes next year's holiday notice, an administrator enters it
//! here (or with `rectify calendar set`); every server picks it up within a
//! minute.

use crate::auth::CurrentUser;
use crate::error::{ApiJson as Json, ApiResult};
use crate::state::AppState;
use axum::extract::State;
use rectify_app::commands::HolidayName;
use rectify_domain::input;
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
    let date = input::date(&b.date, "date")?;
    let name = HolidayName::parse(&b.name, "节日名称 / the name")?;
    let o = state
        .app
        .add_calendar_day(&cu.user, date, b.is_workday, name)
        .await?;
    let cal = state.calendar().await?;
    Ok(Json(
        json!({"override": o, "covered_years": cal.covered_years()}),
    ))
}
