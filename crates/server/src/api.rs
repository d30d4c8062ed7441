//! The staff JSON API (CONTRACTS.md §3). Handlers translate: they parse the
//! request into checked domain values, call the application layer, and
//! render its answer; no rule is decided here.

use crate::auth::{self, CurrentUser};
use crate::error::{ApiError, ApiJson as Json, ApiPath as Path, ApiQuery as Query, ApiResult};
use crate::state::AppState;
use crate::workflow;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use chrono::NaiveDate;
use rectify_app::commands::{EscalationInput, ProgressInput};
use rectify_app::policy::{self, Action, GlobalAction};
use rectify_domain::input::{Comment, Percent, ReportText, ShortText};
use rectify_domain::{input, Decision, ErrorCode, SignoffStep, Status};
use rectify_store::{ProblemDetail, ProblemFilter};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub plan: Option<i64>,
    pub category: Option<i64>,
    pub status: Option<String>,
    pub unit: Option<String>,
    pub leader: Option<String>,
    pub overdue: Option<String>,
    pub warning: Option<String>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn date_param(s: &Option<String>, name: &str) -> ApiResult<Option<NaiveDate>> {
    opt(s)
        .map(|v| input::date(v, name).map_err(ApiError::from))
        .transpose()
}

impl ListQuery {
    /// The store filter for this query (before the permission scope).
    pub fn to_filter(&self, today: NaiveDate) -> ApiResult<ProblemFilter> {
        let status = opt(&self.status)
            .map(|s| Status::parse(s).ok_or_else(|| ApiError::of(ErrorCode::StatusUnknown)))
            .transpose()?;
        let overdue = match opt(&self.overdue) {
            None => None,
            Some("true" | "1" | "yes") => Some(true),
            Some("false" | "0" | "no") => Some(false),
            Some(_) => {
                return Err(ApiError::invalid(
                    "overdue 须为 true 或 false",
                    "overdue must be true or false",
                ))
            }
        };
        let warning_level = match opt(&self.warning) {
            None => None,
            Some(l @ ("yellow" | "orange" | "red")) => Some(l.to_string()),
            Some(_) => return Err(ApiError::of(ErrorCode::WarningLevelUnknown)),
        };
        Ok(ProblemFilter {
            plan_id: self.plan,
            category_seq: self.category,
            status,
            unit: opt(&self.unit).map(String::from),
            leader: opt(&self.leader).map(String::from),
            overdue,
            today: Some(today),
            warning_level,
            due_from: date_param(&self.due_from, "due_from")?,
            due_to: date_param(&self.due_to, "due_to")?,
            q: opt(&self.q).map(|q| q.chars().take(200).collect()),
            sort: opt(&self.sort).map(String::from),
            scope_units: None,
            scope_leader: None,
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(50).clamp(1, 500),
        })
    }
}

pub async fn list_problems(
    State(state): State<AppState>,
    cu: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::ReadLedger) {
        return Err(ApiError::of(ErrorCode::Forbidden));
    }
    let today = state.today();
    let mut f = q.to_filter(today)?;
    policy::scope_filter(&cu.user, &mut f);
    let page = state.store.list_problems(&f).await?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|r| {
            let mut v = json!(r);
            v["overdue"] = json!(r.deadline.is_overdue(today, r.status == Status::SignedOff));
            v["status_label"] = json!(r.status.label_zh());
            v
        })
        .collect();
    Ok(Json(
        json!({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}),
    ))
}

/// Loads a problem through the application layer's permission check.
pub async fn problem_for(
    state: &AppState,
    user: &rectify_store::User,
    id: i64,
    action: Action,
) -> ApiResult<ProblemDetail> {
    Ok(state.app.problem_for(user, id, action).await?)
}

/// What the current user may do on the problem now, for the UI's buttons.
pub fn available_actions(user: &rectify_store::User, d: &ProblemDetail) -> Vec<&'static str> {
    let mut out = vec![];
    if d.row.status != Status::SignedOff && policy::allowed(user, Action::ReportProgress, &d.row) {
        out.push("progress");
    }
    for step in SignoffStep::ALL {
        if d.row.status.apply_signoff(step, Decision::Approve).is_ok()
            && policy::allowed(user, Action::Signoff(step), &d.row)
        {
            out.push(step.as_str());
        }
    }
    if d.row.status == Status::SignedOff && policy::allowed(user, Action::Reopen, &d.row) {
        out.push("reopen");
    }
    if policy::allowed(user, Action::Escalate, &d.row) {
        out.push("escalate");
    }
    if policy::allowed(user, Action::ReviewReport, &d.row) {
        out.push("review_report");
    }
    if policy::allowed(user, Action::ResolveObjection, &d.row) {
        out.push("resolve_objection");
    }
    if policy::allowed(user, Action::AttachEvidence, &d.row) {
        out.push("attach_evidence");
    }
    out
}

pub async fn get_problem(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let d = problem_for(&state, &cu.user, id, Action::Read).await?;
    let history = state.store.audit_events(Some(("problem", id))).await?;
    let today = state.today();
    let mut v = json!(d);
    v["overdue"] = json!(d
        .row
        .deadline
        .is_overdue(today, d.row.status == Status::SignedOff));
    v["schedule"] = json!(workflow::schedule_of(&state, &d));
    v["actions"] = json!(available_actions(&cu.user, &d));
    v["history"] = json!(history
        .iter()
        .map(|e| json!({"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "before": e.before, "after": e.after}))
        .collect::<Vec<_>>());
    Ok(Json(v))
}

#[derive(Debug, Deserialize)]
pub struct ProgressBody {
    pub period: String,
    pub percent: i64,
    pub text: String,
    #[serde(default)]
    pub measures: Vec<(i64, String)>,
}

impl ProgressBody {
    fn parse(self, today: NaiveDate) -> ApiResult<ProgressInput> {
        Ok(ProgressInput {
            period: input::report_period(&self.period, today)?,
            percent: Percent::new(self.percent)?,
            text: ReportText::parse(&self.text, "进展情况 / the progress text")?,
            measures: self.measures,
        })
    }
}

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

#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    pub accept: bool,
    #[serde(default)]
    pub comment: String,
}

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

#[derive(Debug, Deserialize)]
pub struct SignoffBody {
    pub step: String,
    pub decision: String,
    #[serde(default)]
    pub comment: String,
}

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

#[derive(Debug, Deserialize)]
pub struct ReopenBody {
    pub reason: String,
    pub lookback: Option<String>,
}

pub async fn reopen(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ReopenBody>,
) -> ApiResult<Json<Value>> {
    let reason = Comment::parse(&b.reason, "原因 / the reason")
        .map_err(|_| ApiError::of(ErrorCode::ReasonRequired))?;
    let lookback = ShortText::optional(b.lookback.as_deref().unwrap_or(""), "回头看")?;
    let status = state.app.reopen(&cu.user, id, reason, lookback).await?;
    Ok(Json(json!({"problem_id": id, "status": status})))
}

#[derive(Debug, Deserialize)]
pub struct EscalationBody {
    pub kind: String,
    pub date: Option<String>,
    pub doc_number: Option<String>,
    pub note: Option<String>,
    pub unit: Option<String>,
}

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

pub async fn list_escalations(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": state.app.list_escalations(&cu.user).await?}),
    ))
}

pub async fn list_warnings(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    let items = state.app.open_warnings(&cu.user).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

pub async fn acknowledge_warning(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        state.app.acknowledge_warning(&cu.user, id).await?
    )))
}

pub async fn list_objections(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": state.app.list_open_objections(&cu.user).await?}),
    ))
}

#[derive(Debug, Deserialize)]
pub struct ResolveBody {
    pub resolution: String,
}

pub async fn resolve_objection(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ResolveBody>,
) -> ApiResult<Json<Value>> {
    let resolution = Comment::parse(&b.resolution, "办理结果 / the resolution")?;
    Ok(Json(json!(
        state
            .app
            .resolve_objection(&cu.user, id, resolution)
            .await?
    )))
}

pub async fn list_plans(State(state): State<AppState>, _cu: CurrentUser) -> ApiResult<Json<Value>> {
    Ok(Json(json!({"items": state.app.list_plans().await?})))
}

#[derive(Debug, Deserialize)]
pub struct NoticeBody {
    pub workdays: i64,
}

/// Sets how many working days the plan's public notices last.
pub async fn set_notice_workdays(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<NoticeBody>,
) -> ApiResult<Json<Value>> {
    state
        .app
        .set_notice_workdays(&cu.user, id, b.workdays)
        .await?;
    Ok(Json(json!({"plan_id": id, "notice_workdays": b.workdays})))
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    pub file_name: Option<String>,
    pub dry_run: Option<bool>,
}

/// Imports a plan document sent as the raw request body. With `dry_run`
/// only the importer's findings come back: the preview before saving.
pub async fn import_plan(
    State(state): State<AppState>,
    cu: CurrentUser,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let name = q.file_name.unwrap_or_else(|| "upload".into());
    let dry_run = q.dry_run.unwrap_or(false);
    let out = state
        .app
        .import_plan(&cu.user, &name, body.to_vec(), dry_run)
        .await?;
    Ok(Json(match out.report {
        None => json!({"draft": out.draft}),
        Some(report) => json!({"draft_warnings": out.draft.warnings, "report": report}),
    }))
}

pub async fn audit_verify(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::VerifyAudit) {
        return Err(ApiError::of(ErrorCode::Forbidden));
    }
    let events = state.store.audit_events(None).await?;
    let snaps = state.store.ledger_snapshots().await?;
    Ok(Json(match rectify_store::audit::verify(&events, &snaps) {
        Ok(r) => json!({"ok": true, "events": r.events, "rows": r.rows, "head": r.head}),
        Err(e) => json!({"ok": false, "failure": e.to_string()}),
    }))
}

// ---- session ------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

pub fn client_ip(headers: &HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|s| s.trim().chars().take(64).collect())
        .unwrap_or_else(|| "local".into())
}

pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Json(b): Json<LoginBody>,
) -> ApiResult<impl IntoResponse> {
    let ok = auth::login(&state, &b.username, &b.password, &client_ip(&headers)).await?;
    let body = json!({"user": ok.user, "csrf_token": ok.csrf_token});
    Ok((jar.add(ok.cookie), Json(body)))
}

pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    cu: CurrentUser,
) -> ApiResult<impl IntoResponse> {
    state.app.logout(&cu.session.token_hash).await?;
    Ok((
        jar.remove(auth::removal_cookie()),
        Json(json!({"ok": true})),
    ))
}

pub async fn me(cu: CurrentUser) -> Json<Value> {
    Json(
        json!({"user": cu.user, "role_label": cu.user.role.label_zh(), "csrf_token": cu.session.csrf_token}),
    )
}

#[derive(Debug, Deserialize)]
pub struct PasswordBody {
    pub old_password: String,
    pub new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    cu: CurrentUser,
    Json(b): Json<PasswordBody>,
) -> ApiResult<Json<Value>> {
    state
        .app
        .change_password(&cu.user, &b.old_password, &b.new_password)
        .await?;
    Ok(Json(json!({"ok": true})))
}
