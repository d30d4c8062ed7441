//! The staff JSON API (CONTRACTS.md §3). Every handler asks `policy` first.

use crate::auth::{self, CurrentUser};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Action, GlobalAction};
use crate::state::AppState;
use crate::workflow;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use axum_extra::extract::CookieJar;
use chrono::{NaiveDate, Utc};
use rectify_domain::{Decision, SignoffStep, Status};
use rectify_store::{
    NewEscalation, NewProgressReport, ProblemDetail, ProblemFilter, ProgressReview, Role,
};
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
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                ApiError::Invalid(format!(
                    "{name} 须为 YYYY-MM-DD 日期 / {name} must be a YYYY-MM-DD date"
                ))
            })
        })
        .transpose()
}

impl ListQuery {
    /// The store filter for this query (before the permission scope).
    pub fn to_filter(&self, today: NaiveDate) -> ApiResult<ProblemFilter> {
        let status = opt(&self.status)
            .map(|s| {
                Status::parse(s)
                    .ok_or_else(|| ApiError::invalid("未知的整改状态", "unknown status"))
            })
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
            Some(_) => {
                return Err(ApiError::invalid(
                    "预警等级须为 yellow、orange 或 red",
                    "warning must be yellow, orange or red",
                ))
            }
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
        return Err(ApiError::Forbidden);
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

/// Loads a problem and checks the permission; 404 and 403 carry no data.
pub async fn problem_for(
    state: &AppState,
    user: &rectify_store::User,
    id: i64,
    action: Action,
) -> ApiResult<ProblemDetail> {
    let detail = state
        .store
        .get_problem(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !policy::allowed(user, action, &detail.row) {
        return Err(ApiError::Forbidden);
    }
    Ok(detail)
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

pub async fn submit_progress(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ProgressBody>,
) -> ApiResult<Json<Value>> {
    problem_for(&state, &cu.user, id, Action::ReportProgress).await?;
    if b.text.trim().is_empty() {
        return Err(ApiError::invalid(
            "请填写进展情况",
            "the progress text is empty",
        ));
    }
    let r = state
        .store
        .submit_progress(&NewProgressReport {
            problem_id: id,
            period: b.period.trim().to_string(),
            percent: b.percent,
            text: b.text.trim().to_string(),
            measure_status: b.measures,
            submitted_by: cu.user.username.clone(),
            submitted_at: Utc::now(),
        })
        .await?;
    workflow::spawn_refresh(&state);
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
    let d = problem_for(&state, &cu.user, id, Action::ReviewReport).await?;
    if !d.reports.iter().any(|r| r.id == report_id) {
        return Err(ApiError::NotFound);
    }
    if !b.accept && b.comment.trim().is_empty() {
        return Err(ApiError::invalid(
            "退回报告须说明原因",
            "returning a report needs a comment",
        ));
    }
    let r = state
        .store
        .review_progress(&ProgressReview {
            report_id,
            accept: b.accept,
            comment: b.comment,
            actor: cu.user.username.clone(),
        })
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
    let step = SignoffStep::parse(&b.step)
        .ok_or_else(|| ApiError::invalid("未知的销号步骤", "unknown sign-off step"))?;
    let decision = Decision::parse(&b.decision).ok_or_else(|| {
        ApiError::invalid(
            "decision 须为 approve 或 reject",
            "decision must be approve or reject",
        )
    })?;
    let d = problem_for(&state, &cu.user, id, Action::Signoff(step)).await?;
    let out = workflow::signoff(
        &state,
        &d,
        step,
        decision,
        b.comment.trim().to_string(),
        &cu.user.username,
    )
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
    problem_for(&state, &cu.user, id, Action::Reopen).await?;
    let status = state
        .store
        .reopen_problem(id, b.reason.trim(), &cu.user.username, opt(&b.lookback))
        .await?;
    workflow::spawn_refresh(&state);
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
    problem_for(&state, &cu.user, id, Action::Escalate).await?;
    if cu.user.role == Role::Discipline && b.kind != "discipline_referral" {
        return Err(ApiError::Forbidden);
    }
    let unit_id = match opt(&b.unit) {
        Some(name) => Some(
            state
                .store
                .find_unit(name)
                .await?
                .ok_or_else(|| ApiError::invalid("未知的单位", "unknown unit"))?
                .id,
        ),
        None => None,
    };
    let e = state
        .store
        .add_escalation(&NewEscalation {
            problem_id: Some(id),
            unit_id,
            kind: b.kind,
            date: date_param(&b.date, "date")?.unwrap_or_else(|| state.today()),
            doc_number: opt(&b.doc_number).map(String::from),
            note: opt(&b.note).map(String::from),
            actor: cu.user.username.clone(),
        })
        .await?;
    Ok(Json(json!(e)))
}

pub async fn list_escalations(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::ReadObjections)
        && cu.user.role != Role::Discipline
    {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(
        json!({"items": state.store.list_escalations(None).await?}),
    ))
}

pub async fn list_warnings(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    let mut f = ProblemFilter {
        per_page: 100_000,
        page: 1,
        ..Default::default()
    };
    policy::scope_filter(&cu.user, &mut f);
    let visible: Option<std::collections::HashSet<i64>> =
        if f.scope_units.is_some() || f.scope_leader.is_some() {
            Some(
                state
                    .store
                    .list_problems(&f)
                    .await?
                    .items
                    .into_iter()
                    .map(|r| r.id)
                    .collect(),
            )
        } else {
            None
        };
    let items: Vec<_> = state
        .store
        .list_warnings(true)
        .await?
        .into_iter()
        .filter(|w| visible.as_ref().is_none_or(|v| v.contains(&w.problem_id)))
        .collect();
    Ok(Json(json!({"items": items, "total": items.len()})))
}

pub async fn acknowledge_warning(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let w = state
        .store
        .list_warnings(false)
        .await?
        .into_iter()
        .find(|w| w.id == id)
        .ok_or(ApiError::NotFound)?;
    problem_for(&state, &cu.user, w.problem_id, Action::AcknowledgeWarning).await?;
    Ok(Json(json!(
        state
            .store
            .acknowledge_warning(id, &cu.user.username)
            .await?
    )))
}

pub async fn list_objections(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::ReadObjections) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(
        json!({"items": state.store.list_open_objections().await?}),
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
    let o = state
        .store
        .list_open_objections()
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or(ApiError::NotFound)?;
    problem_for(&state, &cu.user, o.problem_id, Action::ResolveObjection).await?;
    Ok(Json(json!(
        state
            .store
            .resolve_objection(id, b.resolution.trim(), &cu.user.username)
            .await?
    )))
}

pub async fn list_plans(State(state): State<AppState>, _cu: CurrentUser) -> ApiResult<Json<Value>> {
    Ok(Json(json!({"items": state.store.list_plans().await?})))
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
    if !policy::allowed_global(&cu.user, GlobalAction::ImportPlan) {
        return Err(ApiError::Forbidden);
    }
    state
        .store
        .set_notice_workdays(id, b.workdays, &cu.user.username)
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
    if !policy::allowed_global(&cu.user, GlobalAction::ImportPlan) {
        return Err(ApiError::Forbidden);
    }
    let name = q.file_name.unwrap_or_else(|| "upload".into());
    let draft =
        rectify_import::import_bytes(&name, &body).map_err(|e| ApiError::Invalid(e.to_string()))?;
    if q.dry_run.unwrap_or(false) {
        return Ok(Json(json!({"draft": draft})));
    }
    let report = state.store.import_plan(&draft, &cu.user.username).await?;
    workflow::spawn_refresh(&state);
    Ok(Json(
        json!({"draft_warnings": draft.warnings, "report": report}),
    ))
}

pub async fn audit_verify(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    if !policy::allowed_global(&cu.user, GlobalAction::VerifyAudit) {
        return Err(ApiError::Forbidden);
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
    state.store.delete_session(&cu.session.token_hash).await?;
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
    if !auth::verify_password(&b.old_password, &cu.user.password_hash) {
        return Err(ApiError::invalid(
            "原密码不正确",
            "the current password is wrong",
        ));
    }
    auth::check_password_strength(&b.new_password)?;
    let hash = auth::hash_password(&b.new_password)?;
    state
        .store
        .set_password(cu.user.id, &hash, &cu.user.username)
        .await?;
    Ok(Json(json!({"ok": true})))
}
