//! The staff JSON API (CONTRACTS.md §3). Handlers translate: they parse the
//! request into checked domain values, call the application layer, and
//! render its answer; no rule is decided here. The ledger is here; the
//! procedure (progress, sign-off, escalations, warnings, objections) and the
//! session have their own files.

pub mod corrections;
pub mod petitions;
pub mod procedure;
pub mod session;

pub use procedure::{
    acknowledge_warning, add_escalation, list_escalations, list_objections, list_warnings, reopen,
    resolve_objection, review_report, signoff, submit_progress, EscalationBody, ProgressBody,
    ReopenBody, ResolveBody, ReviewBody, SignoffBody,
};
pub use session::{change_password, login, logout, me, LoginBody, PasswordBody};

use crate::auth::CurrentUser;
use crate::error::{
    ApiError, ApiJson as Json, ApiPath as Path, ApiQuery as Query, ApiResult, ErrorEnvelope,
};
use crate::state::AppState;
use crate::workflow;
use axum::extract::State;
use chrono::NaiveDate;
use rectify_app::policy::{self, Action, GlobalAction};
use rectify_domain::{input, Decision, ErrorCode, SignoffStep, Status};
use rectify_store::{ProblemDetail, ProblemFilter};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this plan's problems (the plan's id).
    pub plan: Option<i64>,
    /// Only this category of the plan (its sequence number).
    pub category: Option<i64>,
    #[param(schema_with = crate::openapi::status_schema)]
    pub status: Option<String>,
    /// Only problems of this responsible unit (its name).
    pub unit: Option<String>,
    /// Only problems with this responsible leader.
    pub leader: Option<String>,
    /// `true` for overdue problems only, `false` for the others.
    pub overdue: Option<String>,
    #[param(schema_with = crate::openapi::warning_level_schema)]
    pub warning: Option<String>,
    /// Due on or after this date (YYYY-MM-DD).
    #[param(format = Date)]
    pub due_from: Option<String>,
    /// Due on or before this date (YYYY-MM-DD).
    #[param(format = Date)]
    pub due_to: Option<String>,
    /// Text search (the first 200 characters count).
    pub q: Option<String>,
    /// `due`, `-due`, `status` or `warning`; otherwise plan order.
    pub sort: Option<String>,
    /// The page, from 1 (the default).
    pub page: Option<u32>,
    /// Rows per page: 50 by default, at most 500.
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
            published_only: false,
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(50).clamp(1, 500),
        })
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/problems",
    tag = "ledger",
    summary = "The ledger, filtered and paginated (scoped to the user's units)",
    params(
        ListQuery,
    ),
    responses(
        (status = 200, description = "{items, total, page, per_page}; each item also has overdue and status_label", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 422, description = "An unknown status or warning level, or a malformed date", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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

#[utoipa::path(
    get,
    path = "/api/v1/problems/{id}",
    tag = "ledger",
    summary = "One problem with measures, reports, warnings, sign-off steps, schedule progress, history",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    responses(
        (status = 200, description = "The problem, with overdue, schedule, the user's available actions and the audit history", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn get_problem(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let d = problem_for(&state, &cu.user, id, Action::Read).await?;
    let mut history = state.store.audit_events(Some(("problem", id))).await?;
    rectify_app::commands::redact_history(&cu.user, &mut history);
    let today = state.today();
    let mut v = json!(d);
    v["overdue"] = json!(d
        .row
        .deadline
        .is_overdue(today, d.row.status == Status::SignedOff));
    v["schedule"] = json!(workflow::schedule_of(&state, &d));
    v["actions"] = json!(available_actions(&cu.user, &d));
    // Corrections after import: who, when, why, each field before and after.
    v["corrections"] = json!(state
        .app
        .corrections(&cu.user, d.row.plan_id)
        .await?
        .into_iter()
        .filter(|c| c.entity == "problem" && c.entity_id == id)
        .collect::<Vec<_>>());
    v["history"] = json!(history
        .iter()
        .map(|e| json!({"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "before": e.before, "after": e.after}))
        .collect::<Vec<_>>());
    Ok(Json(v))
}

#[utoipa::path(
    get,
    path = "/api/v1/plans",
    tag = "ledger",
    summary = "Imported plans",
    responses(
        (status = 200, description = "{items}: the plans with their problem counts", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list_plans(State(state): State<AppState>, _cu: CurrentUser) -> ApiResult<Json<Value>> {
    Ok(Json(json!({"items": state.app.list_plans().await?})))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NoticeBody {
    /// Working days a public notice lasts.
    #[schema(minimum = 1, maximum = 30)]
    pub workdays: i64,
}

/// Sets how many working days the plan's public notices last.
#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/notice",
    tag = "ledger",
    summary = "Set how many working days the plan's public notices last (office)",
    params(
        ("id" = i64, Path, description = "The plan's id"),
    ),
    request_body = NoticeBody,
    responses(
        (status = 200, description = "{plan_id, notice_workdays}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 422, description = "workdays outside 1..=30", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The document's name (`upload` when left out).
    pub file_name: Option<String>,
    /// `true` previews the draft without saving anything.
    pub dry_run: Option<bool>,
}

/// Imports a plan document sent as the raw request body. With `dry_run`
/// only the importer's findings come back: the preview before saving.
#[utoipa::path(
    post,
    path = "/api/v1/imports",
    tag = "ledger",
    summary = "Import a plan document (raw body); ?dry_run=true previews",
    params(
        ImportQuery,
    ),
    request_body(content = inline(crate::openapi::RawFile), content_type = "application/octet-stream", description = "The plan document itself: docx, xlsx, Markdown or text, recognised by content"),
    responses(
        (status = 200, description = "With dry_run: {draft}, the rectify-plan/1 draft; otherwise {draft_warnings, report}, the import report", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
        (status = 409, description = "Conflicts with the current state of the record", body = ErrorEnvelope),
        (status = 413, description = "Document over the import size limit", body = ErrorEnvelope),
        (status = 422, description = "The document could not be read as a plan", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
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
        None => json!({"draft": out.draft, "preview": out.preview}),
        Some(report) => json!({
            "draft_warnings": out.draft.warnings,
            "report": report,
            "conflicts": out.preview.conflicts,
        }),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    summary = "Verify the audit chain and the ledger against it",
    responses(
        (status = 200, description = "{ok: true, events, rows, head} when the chain holds, else {ok: false, failure}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not allowed for this user (role or units), or a cross-origin write", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn audit_verify(
    State(state): State<AppState>,
    cu: CurrentUser,
) -> ApiResult<Json<Value>> {
    Ok(Json(match state.app.verify_audit(&cu.user).await? {
        Ok(r) => json!({"ok": true, "events": r.events, "rows": r.rows, "head": r.head}),
        Err(e) => json!({"ok": false, "failure": e.to_string()}),
    }))
}
