//! The public portal's API: its own read-only response types, so that no
//! internal field (actors, contacts, responsible persons, liaisons) can leak
//! by accident. Anyone may read; anyone may lodge an objection during a notice.

use crate::error::{
    ApiError, ApiJson as Json, ApiPath as Path, ApiQuery as Query, ApiResult, ErrorEnvelope,
};
use crate::state::AppState;
use axum::extract::State;
use chrono::NaiveDate;
use rectify_domain::input::{Comment, ShortText};
use rectify_domain::{Decision, ErrorCode, SignoffStep, Status};
use rectify_store::{ProblemDetail, ProblemFilter, ProblemRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicProblem {
    pub id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub category: Option<String>,
    pub number_text: String,
    pub description: String,
    pub target: Option<String>,
    pub deadline_text: String,
    pub due: Option<NaiveDate>,
    #[schema(schema_with = crate::openapi::status_schema)]
    pub status: Status,
    pub status_label: &'static str,
    pub units: Vec<String>,
    pub leaders: Vec<String>,
    /// From the latest report the office accepted (100 once signed off);
    /// a report not yet reviewed, or returned, never speaks to the public.
    pub progress_percent: Option<i64>,
    pub progress_period: Option<String>,
    /// The notice period of a problem in 公示 (none otherwise).
    pub notice_start: Option<NaiveDate>,
    pub notice_end: Option<NaiveDate>,
}

impl PublicProblem {
    pub fn from_row(r: &ProblemRow) -> PublicProblem {
        PublicProblem {
            id: r.id,
            plan_id: r.plan_id,
            plan_title: r.plan_title.clone(),
            category: r.category_title.clone(),
            number_text: r.number_text.clone(),
            description: r.description.clone(),
            target: r.target.clone(),
            deadline_text: r.deadline.text.clone(),
            due: r.deadline.due,
            status: r.status,
            status_label: r.status.label_zh(),
            units: r.units.iter().map(|u| u.name.clone()).collect(),
            leaders: r.leaders.clone(),
            progress_percent: if r.status == Status::SignedOff {
                Some(100)
            } else {
                r.accepted_percent
            },
            progress_period: r.accepted_period.clone(),
            notice_start: None,
            notice_end: None,
        }
    }
}

/// Fills the notice period of the problems in 公示 (one query for a page).
pub async fn fill_notice_periods(
    store: &dyn rectify_store::Store,
    items: &mut [PublicProblem],
) -> ApiResult<()> {
    let ids: Vec<i64> = items
        .iter()
        .filter(|p| p.status == Status::InPublicNotice)
        .map(|p| p.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let periods = store.notice_periods(&ids).await?;
    for p in items.iter_mut() {
        if let Some((start, end)) = periods.get(&p.id) {
            p.notice_start = Some(*start);
            p.notice_end = Some(*end);
        }
    }
    Ok(())
}

/// A published sign-off step: what was decided and when, not by whom.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStep {
    #[schema(schema_with = crate::openapi::step_schema)]
    pub step: SignoffStep,
    pub step_label: &'static str,
    #[schema(schema_with = crate::openapi::decision_schema)]
    pub decision: Decision,
    pub date: NaiveDate,
    pub notice_start: Option<NaiveDate>,
    pub notice_end: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicProblemDetail {
    #[serde(flatten)]
    pub problem: PublicProblem,
    pub measures: Vec<String>,
    pub steps: Vec<PublicStep>,
    /// The accepted progress reports: `[period, percent, text]`.
    pub progress: Vec<(String, i64, String)>,
    pub objection_open: bool,
    /// The date of 销号, once signed off.
    pub signed_off_on: Option<NaiveDate>,
    /// Evidence the office or the unit marked public, shown from the start
    /// of the notice on (never a withdrawn file).
    pub evidence: Vec<PublicEvidence>,
    /// Corrections made after the plan was published (those before it leave
    /// no public trace).
    pub corrections: Vec<PublicCorrection>,
}

/// A correction the public sees: when, what changed, why.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicCorrection {
    pub date: NaiveDate,
    /// The corrected fields in Chinese (整改时限, 责任单位, …).
    pub fields: Vec<String>,
    pub reason: String,
}

/// The public corrections of a problem.
pub async fn public_corrections(
    store: &dyn rectify_store::Store,
    d: &ProblemDetail,
) -> ApiResult<Vec<PublicCorrection>> {
    Ok(store
        .corrections(d.row.plan_id)
        .await?
        .into_iter()
        .filter(|c| c.public && c.entity == "problem" && c.entity_id == d.row.id)
        .map(|c| PublicCorrection {
            // China time: a correction at 01:00 on the 2nd is dated the 2nd.
            date: (c.at + chrono::Duration::hours(8)).date_naive(),
            fields: c
                .fields()
                .iter()
                .map(|f| rectify_domain::correction::field_label_zh(f).to_string())
                .collect(),
            reason: c.reason,
        })
        .collect())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicEvidence {
    pub id: i64,
    pub file_name: String,
    pub kind: String,
    pub content_type: String,
    /// `/public/problems/{problem}/evidence/{id}`
    pub url: String,
}

/// The evidence of `d` the public may see now: marked public, not
/// withdrawn, and the problem in or past its notice.
pub fn public_evidence(d: &ProblemDetail) -> Vec<PublicEvidence> {
    let shown = matches!(
        d.row.status,
        Status::InPublicNotice | Status::Verifying | Status::SignedOff
    );
    d.attachments
        .iter()
        .filter(|a| shown && a.public && a.removed_at.is_none())
        .map(|a| PublicEvidence {
            id: a.id,
            file_name: a.file_name.clone(),
            kind: a.kind.clone(),
            content_type: a.content_type.clone(),
            url: format!("/public/problems/{}/evidence/{}", d.row.id, a.id),
        })
        .collect()
}

impl PublicProblemDetail {
    pub fn from_detail(d: &ProblemDetail) -> PublicProblemDetail {
        let mut problem = PublicProblem::from_row(&d.row);
        if d.row.status == Status::InPublicNotice {
            if let Some(n) = d.current_notice() {
                problem.notice_start = n.notice_start;
                problem.notice_end = n.notice_end;
            }
        }
        PublicProblemDetail {
            problem,
            measures: d.measures.iter().map(|m| m.text.clone()).collect(),
            steps: d
                .signoffs
                .iter()
                .map(|s| PublicStep {
                    step: s.step,
                    step_label: s.step.label_zh(),
                    decision: s.decision,
                    date: s.at.date_naive(),
                    notice_start: s.notice_start,
                    notice_end: s.notice_end,
                })
                .collect(),
            // Only reports the office accepted are published.
            progress: d
                .reports
                .iter()
                .filter(|r| r.status == "accepted")
                .map(|r| (r.period.clone(), r.percent, r.text.clone()))
                .collect(),
            objection_open: d.row.status == Status::InPublicNotice,
            signed_off_on: (d.row.status == Status::SignedOff)
                .then(|| d.signed_off_on())
                .flatten(),
            evidence: public_evidence(d),
            corrections: vec![],
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// Only this plan's problems (the plan's id).
    pub plan: Option<i64>,
    #[param(schema_with = crate::openapi::status_schema)]
    pub status: Option<String>,
    /// Text search (the first 100 characters count).
    pub q: Option<String>,
    /// The page, from 1 (the default).
    pub page: Option<u32>,
    /// Rows per page: 20 by default, at most 200.
    pub per_page: Option<u32>,
}

impl PublicQuery {
    pub fn to_filter(&self) -> ApiResult<ProblemFilter> {
        let status = match self
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(s) => {
                Some(Status::parse(s).ok_or_else(|| ApiError::of(ErrorCode::StatusUnknown))?)
            }
            None => None,
        };
        Ok(ProblemFilter {
            plan_id: self.plan,
            status,
            q: self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|q| q.chars().take(100).collect()),
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(20).clamp(1, 200),
            published_only: true,
            ..Default::default()
        })
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/public/problems",
    operation_id = "public_problems",
    tag = "public",
    summary = "Published fields only; paginated with total",
    params(
        PublicQuery,
    ),
    responses(
        (status = 200, description = "{items, total, page, per_page}; items are PublicProblem", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 422, description = "An unknown status", body = ErrorEnvelope),
    ),
)]
pub async fn problems(
    State(state): State<AppState>,
    Query(q): Query<PublicQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let page = state.store.list_problems(&q.to_filter()?).await?;
    let mut items: Vec<PublicProblem> = page.items.iter().map(PublicProblem::from_row).collect();
    fill_notice_periods(state.store.as_ref(), &mut items).await?;
    Ok(Json(
        serde_json::json!({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/public/problems/{id}",
    operation_id = "public_problem",
    tag = "public",
    summary = "One published problem with its sign-off steps",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    responses(
        (status = 200, description = "The published problem", body = PublicProblemDetail),
        (status = 404, description = "No such record", body = ErrorEnvelope),
    ),
)]
pub async fn problem(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<PublicProblemDetail>> {
    let d = published_problem(state.store.as_ref(), id).await?;
    let mut pd = PublicProblemDetail::from_detail(&d);
    pd.corrections = public_corrections(state.store.as_ref(), &d).await?;
    Ok(Json(pd))
}

/// A problem the public may see: its plan is published. Any other is "not
/// found", as if it did not exist.
pub async fn published_problem(
    store: &dyn rectify_store::Store,
    id: i64,
) -> ApiResult<ProblemDetail> {
    store
        .get_problem(id)
        .await?
        .filter(|d| d.plan_published)
        .ok_or(ApiError::of(ErrorCode::NotFound))
}

/// The plans on the portal.
pub async fn published_plans(
    store: &dyn rectify_store::Store,
) -> ApiResult<Vec<rectify_store::PlanSummary>> {
    let mut plans = store.list_plans().await?;
    plans.retain(|p| p.published);
    Ok(plans)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicPlan {
    pub id: i64,
    pub title: String,
    pub jurisdiction: Option<String>,
    pub problem_count: i64,
    pub signed_off_count: i64,
}

#[utoipa::path(
    get,
    path = "/api/v1/public/plans",
    operation_id = "public_plans",
    tag = "public",
    summary = "Published plans",
    responses(
        (status = 200, description = "The plans with their counts", body = [PublicPlan]),
    ),
)]
pub async fn plans(State(state): State<AppState>) -> ApiResult<Json<Vec<PublicPlan>>> {
    Ok(Json(
        published_plans(state.store.as_ref())
            .await?
            .into_iter()
            .map(|p| PublicPlan {
                id: p.id,
                title: p.title,
                jurisdiction: p.jurisdiction,
                problem_count: p.problem_count,
                signed_off_count: p.signed_off_count,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ObjectionBody {
    /// The objection.
    pub text: String,
    /// How to reach the objector; never published.
    pub contact: Option<String>,
}

/// 异议: lodged by the public during a notice. The contact stays internal.
#[utoipa::path(
    post,
    path = "/api/v1/public/problems/{id}/objections",
    tag = "public",
    summary = "Lodge an objection during the public notice",
    params(
        ("id" = i64, Path, description = "The problem's id"),
    ),
    request_body = ObjectionBody,
    responses(
        (status = 201, description = "{reference, status, message, lookup}: the objection was received; the reference number (异议受理编号) follows it", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 404, description = "No such record", body = ErrorEnvelope),
        (status = 409, description = "The problem is not in its public notice", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
        (status = 429, description = "Too many objections from this address or on this problem", body = ErrorEnvelope),
    ),
)]
pub async fn lodge_objection(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    Json(b): Json<ObjectionBody>,
) -> ApiResult<(axum::http::StatusCode, Json<serde_json::Value>)> {
    let text = Comment::parse(&b.text, "异议内容 / the objection")?;
    let contact = ShortText::optional(b.contact.as_deref().unwrap_or(""), "联系方式 / contact")?;
    let o = state
        .app
        .lodge_objection(id, text, contact, &client)
        .await?;
    let reference = o.reference.unwrap_or_default();
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({
            "id": o.id,
            "reference": reference,
            "status": o.status,
            "message": format!("异议已受理，受理编号 {reference}，请妥善保存，可凭编号查询处理情况 / objection received; keep its reference number {reference} to follow it"),
            "lookup": format!("/public/objections/lookup?ref={reference}"),
        })),
    ))
}
