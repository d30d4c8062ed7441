//! Administration: the working-day calendar's additions. When the State
//! Council publishes next year's holiday notice, an administrator enters it
//! here (or with `rectify calendar set`); every server picks it up within a
//! minute.

use crate::auth::CurrentUser;
use crate::error::{ApiJson as Json, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use rectify_app::commands::HolidayName;
use rectify_domain::input;
use serde::Deserialize;
use serde_json::{json, Value};

#[utoipa::path(
    get,
    path = "/api/v1/calendar/overrides",
    tag = "calendar",
    summary = "The administrator's additions to the official working-day calendar, and the covered years",
    responses(
        (status = 200, description = "{items, covered_years}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OverrideBody {
    /// The day (YYYY-MM-DD).
    #[schema(format = Date)]
    pub date: String,
    /// `false` for a holiday, `true` for a make-up working day (调休上班).
    pub is_workday: bool,
    /// The holiday's name.
    pub name: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/calendar/overrides",
    tag = "calendar",
    summary = "Add a holiday or make-up working day (admin)",
    request_body = OverrideBody,
    responses(
        (status = 200, description = "{override, covered_years}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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
