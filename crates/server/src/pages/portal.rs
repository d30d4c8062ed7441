//! The public portal: plans, problems with published fields only, progress
//! and results, notices in progress with the objection form. Built only from
//! `public::PublicProblem` / `PublicProblemDetail`, never from internal
//! records: no liaisons, responsible persons, objection contacts or actors.

use super::ctx::{Base, Ctx, PageError, PageForm, PageQuery};
use super::view::{self, plan_short, status_class, truncate};
use crate::error::ApiError;
use crate::public::{PublicProblem, PublicProblemDetail};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use rectify_domain::input::{Comment, ShortText};
use rectify_domain::ErrorCode;
use rectify_domain::Status;
use rectify_store::ProblemFilter;
use serde::Deserialize;

pub struct PlanView {
    pub id: i64,
    pub title: String,
    pub jurisdiction: String,
    pub total: i64,
    pub done: i64,
    pub rate: i64,
    pub selected: bool,
}

pub struct PubRow {
    pub id: i64,
    pub number: String,
    pub plan: String,
    pub category: String,
    pub description: String,
    pub deadline: String,
    pub status_label: &'static str,
    pub status_class: &'static str,
    pub units: String,
    pub percent: Option<i64>,
    pub period: String,
    pub notice_end: String,
}

impl PubRow {
    fn from(p: &PublicProblem) -> PubRow {
        PubRow {
            id: p.id,
            number: p.number_text.trim().to_string(),
            plan: plan_short(&p.plan_title),
            category: p.category.clone().unwrap_or_default(),
            description: truncate(&p.description, 90),
            deadline: p.deadline_text.clone(),
            status_label: p.status_label,
            status_class: status_class(p.status),
            units: truncate(&p.units.join("、"), 40),
            percent: p.progress_percent.map(|v| v.clamp(0, 100)),
            period: p.progress_period.clone().unwrap_or_default(),
            notice_end: p.notice_end.map(view::date).unwrap_or_default(),
        }
    }
}

pub struct StatusOpt {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "public_index.html")]
struct IndexPage {
    b: Base,
    plans: Vec<PlanView>,
    notices: Vec<PubRow>,
    rows: Vec<PubRow>,
    total: i64,
    signed_off: i64,
    all_total: i64,
    statuses: Vec<StatusOpt>,
    q: String,
    plan: String,
    prev_href: String,
    next_href: String,
    page: u32,
    pages: u32,
}

#[derive(Debug, Default, Deserialize)]
pub struct IndexQuery {
    plan: Option<String>,
    status: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(100).collect())
}

pub async fn index(ctx: Ctx, PageQuery(q): PageQuery<IndexQuery>) -> Result<Response, PageError> {
    let store = &ctx.state.store;
    let bad =
        |what: &str| PageError::BadRequest(format!("参数“{what}”有误 / bad parameter {what}"));
    let plan_id = match nonempty(&q.plan) {
        Some(p) => Some(p.parse::<i64>().map_err(|_| bad("plan"))?),
        None => None,
    };
    let status = match nonempty(&q.status) {
        Some(s) => Some(Status::parse(&s).ok_or_else(|| bad("status"))?),
        None => None,
    };
    let page_no = match nonempty(&q.page) {
        Some(p) => p.parse::<u32>().map_err(|_| bad("page"))?.max(1),
        None => 1,
    };
    let per_page = 20;
    let plans = crate::public::published_plans(store.as_ref())
        .await
        .map_err(PageError::Api)?;
    let all_total: i64 = plans.iter().map(|p| p.problem_count).sum();
    let signed_off: i64 = plans.iter().map(|p| p.signed_off_count).sum();
    let plan_views = plans
        .iter()
        .map(|p| PlanView {
            id: p.id,
            title: p.title.clone(),
            jurisdiction: p.jurisdiction.clone().unwrap_or_default(),
            total: p.problem_count,
            done: p.signed_off_count,
            rate: if p.problem_count > 0 {
                p.signed_off_count * 100 / p.problem_count
            } else {
                0
            },
            selected: Some(p.id) == plan_id,
        })
        .collect();

    // Notices in progress, with their end dates.
    let in_notice = store
        .list_problems(&ProblemFilter {
            status: Some(Status::InPublicNotice),
            per_page: 50,
            page: 1,
            published_only: true,
            ..Default::default()
        })
        .await?;
    let mut notices = vec![];
    for r in &in_notice.items {
        if let Some(d) = store.get_problem(r.id).await? {
            notices.push(PubRow::from(&PublicProblemDetail::from_detail(&d).problem));
        }
    }

    let result = store
        .list_problems(&ProblemFilter {
            plan_id,
            status,
            q: nonempty(&q.q),
            page: page_no,
            per_page,
            published_only: true,
            ..Default::default()
        })
        .await?;
    let mut public_rows: Vec<PublicProblem> =
        result.items.iter().map(PublicProblem::from_row).collect();
    crate::public::fill_notice_periods(store.as_ref(), &mut public_rows)
        .await
        .map_err(PageError::Api)?;
    let rows: Vec<PubRow> = public_rows.iter().map(PubRow::from).collect();
    let pages = (result.total.max(0) as u32).div_ceil(per_page);
    let link = |p: u32| {
        let mut parts = vec![];
        if let Some(v) = nonempty(&q.plan) {
            parts.push(format!("plan={}", urlencoding::encode(&v)));
        }
        if let Some(v) = nonempty(&q.status) {
            parts.push(format!("status={}", urlencoding::encode(&v)));
        }
        if let Some(v) = nonempty(&q.q) {
            parts.push(format!("q={}", urlencoding::encode(&v)));
        }
        parts.push(format!("page={p}"));
        format!("/public?{}#problems", parts.join("&"))
    };
    let cur_status = nonempty(&q.status).unwrap_or_default();
    let page = IndexPage {
        b: ctx.base("整改公开", "public"),
        plans: plan_views,
        notices,
        rows,
        total: result.total,
        signed_off,
        all_total,
        statuses: Status::ALL
            .iter()
            .map(|s| StatusOpt {
                value: s.as_str(),
                label: s.label_zh(),
                selected: s.as_str() == cur_status,
            })
            .collect(),
        q: nonempty(&q.q).unwrap_or_default(),
        plan: plan_id.map(|p| p.to_string()).unwrap_or_default(),
        prev_href: if page_no > 1 {
            link(page_no - 1)
        } else {
            String::new()
        },
        next_href: if page_no < pages {
            link(page_no + 1)
        } else {
            String::new()
        },
        page: page_no,
        pages,
    };
    Ok(ctx.render(&page))
}

pub struct StepRow {
    pub label: &'static str,
    pub approved: bool,
    pub date: String,
    pub notice: String,
}

#[derive(Template)]
#[template(path = "public_problem.html")]
struct ProblemPage {
    b: Base,
    p: PubRow,
    plan_title: String,
    description: String,
    target: String,
    due: String,
    units: String,
    leaders: String,
    measures: Vec<String>,
    progress: Vec<(String, i64, String)>,
    steps: Vec<StepRow>,
    objection_open: bool,
    notice_start: String,
    notice_end: String,
    signed_off_on: String,
    evidence: Vec<crate::public::PublicEvidence>,
    /// The latest 公示 notice, during and after the notice.
    notice: Option<super::notice_pages::NoticeView>,
    /// Corrections after publishing: (date, fields, reason).
    corrections: Vec<(String, String, String)>,
}

pub async fn problem(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    let d = crate::public::published_problem(ctx.state.store.as_ref(), id)
        .await
        .map_err(PageError::Api)?;
    let pd = PublicProblemDetail::from_detail(&d);
    let corrections = crate::public::public_corrections(ctx.state.store.as_ref(), &d)
        .await
        .map_err(PageError::Api)?
        .into_iter()
        .map(|c| (view::date(c.date), c.fields.join("、"), c.reason))
        .collect();
    let p = &pd.problem;
    let notice = ctx
        .state
        .app
        .latest_notice(id)
        .await?
        .map(|n| super::notice_pages::NoticeView::of(&n));
    let page = ProblemPage {
        b: ctx.base(
            &format!("{} {}", plan_short(&p.plan_title), p.number_text.trim()),
            "public",
        ),
        plan_title: p.plan_title.clone(),
        description: p.description.clone(),
        target: p.target.clone().unwrap_or_default(),
        due: p.due.map(view::date).unwrap_or_default(),
        units: p.units.join("、"),
        leaders: p.leaders.join("、"),
        measures: pd.measures.clone(),
        progress: pd.progress.iter().rev().cloned().collect(),
        steps: pd
            .steps
            .iter()
            .map(|s| StepRow {
                label: s.step_label,
                approved: s.decision == rectify_domain::Decision::Approve,
                date: view::date(s.date),
                notice: match (s.notice_start, s.notice_end) {
                    (Some(a), Some(b)) => format!("{} 至 {}", view::date(a), view::date(b)),
                    _ => String::new(),
                },
            })
            .collect(),
        objection_open: pd.objection_open,
        notice_start: p.notice_start.map(view::date).unwrap_or_default(),
        notice_end: p.notice_end.map(view::date).unwrap_or_default(),
        signed_off_on: pd.signed_off_on.map(view::date).unwrap_or_default(),
        evidence: pd.evidence,
        notice,
        corrections,
        p: PubRow::from(p),
    };
    Ok(ctx.render(&page))
}

#[derive(Debug, Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    contact: String,
}

pub async fn objection(
    ctx: Ctx,
    Path(id): Path<String>,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    PageForm(f): PageForm<ObjectionForm>,
) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    let to = format!("/public/problems/{id}#objection");
    if ctx.check_anon_csrf(&f.csrf).is_err() {
        return Ok(ctx.redirect_flash(
            &to,
            false,
            &ApiError::of(ErrorCode::CsrfFailed).to_string(),
        ));
    }
    let input = Comment::parse(&f.text, "异议内容 / the objection").and_then(|text| {
        ShortText::optional(&f.contact, "联系方式 / contact").map(|contact| (text, contact))
    });
    let (text, contact) = match input {
        Ok(v) => v,
        Err(e) => {
            return Ok(ctx.redirect_flash(&to, false, &PageError::from(e).message_with_code()))
        }
    };
    match ctx
        .state
        .app
        .lodge_objection(id, text, contact, &client)
        .await
    {
        Ok(o) => {
            // The citizen lands on the lookup of their objection, with its
            // reference number to keep.
            let reference = o.reference.unwrap_or_default();
            Ok(ctx.redirect_flash(
                &format!("/public/objections/lookup?ref={reference}"),
                true,
                &format!(
                    "异议已受理，受理编号 {reference}，请妥善保存，可凭编号查询处理情况 / objection received; keep its reference number {reference}"
                ),
            ))
        }
        Err(e) if e.code == ErrorCode::NotFound => Err(PageError::from(e)),
        Err(e) => Ok(ctx.redirect_flash(&to, false, &PageError::from(e).message_with_code())),
    }
}
