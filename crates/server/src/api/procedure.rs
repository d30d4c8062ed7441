//! The rectification procedure over HTTP: monthly progress and its review,
//! the sign-off steps, reopening, escalations, warnings and objections.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson as Json, ApiPath as Path, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use chrono::NaiveDate;
use rectify_app::commands::{EscalationInput, ProgressInput};
use rectify_domain::input::{self, Comment, Percent, ReportText, ShortText};
use rectify_domain::{Decision, ErrorCode, SignoffStep};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProgressBody {
    /// The month reported on (YYYY-MM), not in the future.
    #[schema(pattern = r"^\d{4}-\d{2}$", example = "2026-09")]
    pub period: String,
    /// How far the rectification has come, in percent.
    #[schema(minimum = 0, maximum = 100)]
    pub percent: i64,
    /// What was done this month.
    pub text: String,
    /// Progress per measure: `[measure id, what was done]` pairs (at most 200).
    #[serde(default)]
    pub measures: Vec<(i64, String)>,
}

impl ProgressBody {
    fn parse(self, today: NaiveDate) -> ApiResult<ProgressInput> {
        Ok(ProgressInput {
            period: input::report_period(&self.period, today)?,
            percent: Percent::new(self.percent)?,
            text: ReportText::parse(&self.text, "进展情况 / the progress text")?,
            measures: input::measure_statuses(self.measures)?,
        })
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/progress",
    tag = "workflow",
    summary = "Monthly progress report (unit of the problem)",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    request_body = ProgressBody,
    responses(
        (status = 200, description = "The saved progress report", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn submit_progress(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ProgressBody>,
) -> ApiResult<Json<Value>> {
    let input = b.parse(state.today())?;
    let r = state.app.submit_progress(&cu.user, id, input).await?;
    Ok(Json(json!(r)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReviewBody {
    /// `true` accepts the report, `false` returns it to the unit.
    pub accept: bool,
    #[serde(default)]
    pub comment: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/reports/{report_id}/review",
    tag = "workflow",
    summary = "Accept or return a report (office)",
    params(
        ("id" = i64, Path, description = "The problem's id"),
        ("report_id" = i64, Path, description = "A progress report of the problem"),
    ),
    request_body = ReviewBody,
    responses(
        (status = 200, description = "The reviewed report", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "The report was accepted already", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn review_report(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path((id, report_id)): Path<(i64, i64)>,
    Json(b): Json<ReviewBody>,
) -> ApiResult<Json<Value>> {
    let comment = Comment::optional(&b.comment, "意见 / the comment")?;
    let r = state
        .app
        .review_progress(&cu.user, id, report_id, b.accept, comment)
        .await?;
    Ok(Json(json!(r)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignoffBody {
    #[schema(schema_with = crate::openapi::step_schema)]
    pub step: String,
    #[schema(schema_with = crate::openapi::decision_schema)]
    pub decision: String,
    #[serde(default)]
    pub comment: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/signoff",
    tag = "workflow",
    summary = "Advance the sign-off procedure: self_check, review, public_notice, verify, file",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    request_body = SignoffBody,
    responses(
        (status = 200, description = "The step recorded and the new status", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "The step is not allowed in the current status, the notice is still running, or objections are open", body = ErrorEnvelope),
        (status = 422, description = "An unknown step or decision, or an invalid comment", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn signoff(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<SignoffBody>,
) -> ApiResult<Json<Value>> {
    let step = SignoffStep::parse(b.step.trim()).ok_or(ApiError::of(ErrorCode::StepUnknown))?;
    let decision =
        Decision::parse(b.decision.trim()).ok_or(ApiError::of(ErrorCode::DecisionUnknown))?;
    let comment = Comment::optional(&b.comment, "意见 / the comment")?;
    let out = state
        .app
        .signoff(&cu.user, id, step, decision, comment)
        .await?;
    Ok(Json(json!(out)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReopenBody {
    /// Why the problem is reopened (required).
    pub reason: String,
    /// The look-back (回头看) that found the rebound, if any.
    pub lookback: Option<String>,
    /// 限期整改: the new deadline (YYYY-MM-DD, after today), if any.
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/reopen",
    tag = "workflow",
    summary = "Reopen a signed-off problem (rebound, look-back)",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    request_body = ReopenBody,
    responses(
        (status = 200, description = "{problem_id, status}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "The problem is not signed off", body = ErrorEnvelope),
        (status = 422, description = "No reason given", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn reopen(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ReopenBody>,
) -> ApiResult<Json<Value>> {
    let reason = Comment::parse(&b.reason, "原因 / the reason")
        .map_err(|_| ApiError::of(ErrorCode::ReasonRequired))?;
    let lookback = ShortText::optional(b.lookback.as_deref().unwrap_or(""), "回头看")?;
    let due = match b.due.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(rectify_domain::input::date(s, "due")?),
        None => None,
    };
    let status = state
        .app
        .reopen(&cu.user, id, reason, lookback, due)
        .await?;
    Ok(Json(json!({"problem_id": id, "status": status})))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EscalationBody {
    #[schema(schema_with = crate::openapi::escalation_kind_schema)]
    pub kind: String,
    /// The date of the escalation (YYYY-MM-DD); today when left out.
    #[schema(format = Date)]
    pub date: Option<String>,
    /// The document number (文号).
    pub doc_number: Option<String>,
    pub note: Option<String>,
    /// The unit escalated against (its name), if any.
    pub unit: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/escalations",
    tag = "workflow",
    summary = "Record an escalation: notice, interview, listed, exposure, discipline_referral",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    request_body = EscalationBody,
    responses(
        (status = 200, description = "The recorded escalation", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn add_escalation(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<EscalationBody>,
) -> ApiResult<Json<Value>> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let input = EscalationInput::parse(
        &b.kind,
        &s(&b.date),
        &s(&b.doc_number),
        &s(&b.note),
        &s(&b.unit),
    )?;
    let e = state.app.escalate(&cu.user, id, input).await?;
    Ok(Json(json!(e)))
}

#[utoipa::path(
    get,
    path = "/api/v1/escalations",
    tag = "workflow",
    summary = "All escalations",
    responses(
        (status = 200, description = "{items}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list_escalations(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": state.app.list_escalations(&cu.user).await?}),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/warnings",
    tag = "workflow",
    summary = "Open warnings (scoped)",
    responses(
        (status = 200, description = "{total, items}: the open warnings of the problems the user may read", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list_warnings(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    let items = state.app.open_warnings(&cu.user).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

#[utoipa::path(
    post,
    path = "/api/v1/warnings/{id}/ack",
    tag = "workflow",
    summary = "Acknowledge a warning",
    params(
        ("id" = i64, Path, description = "The warning's id"),
    ),
    responses(
        (status = 200, description = "The acknowledged warning", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn acknowledge_warning(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        state.app.acknowledge_warning(&cu.user, id).await?
    )))
}

#[utoipa::path(
    get,
    path = "/api/v1/objections",
    tag = "workflow",
    summary = "Open objections (office)",
    responses(
        (status = 200, description = "{items}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list_objections(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": state.app.list_open_objections(&cu.user).await?}),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResolveBody {
    pub resolution: String,
    /// `resolved` (answered, the default) or `spam` (abusive or a flood:
    /// closed without an answer; it no longer blocks verification).
    #[serde(default)]
    pub kind: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/objections/{id}/resolve",
    tag = "workflow",
    summary = "Resolve an objection",
    params(
        ("id" = i64, Path, description = "The objection's id"),
    ),
    request_body = ResolveBody,
    responses(
        (status = 200, description = "The resolved objection", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn resolve_objection(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ResolveBody>,
) -> ApiResult<Json<Value>> {
    let resolution = Comment::parse(&b.resolution, "办理结果 / the resolution")?;
    let outcome = rectify_domain::objection::Outcome::parse(b.kind.as_deref().unwrap_or(""))?;
    Ok(Json(json!(
        state
            .app
            .close_objection(&cu.user, id, outcome, resolution)
            .await?
    )))
}
