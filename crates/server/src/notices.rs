//! The 公示 notice and objections over HTTP: a plan's notice settings for
//! the office, the published notices (JSON and docx) and the public lookup
//! of an objection by its reference number (status and reply, no personal
//! data).

use crate::auth::CurrentUser;
use crate::error::{ApiJson as Json, ApiPath as Path, ApiQuery as Query, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rectify_app::commands::NoticeSettingsInput;
use rectify_domain::notice::NoticePart;
use rectify_store::{ObjectionStatus, PlanNoticeSettings, PublicNotice};
use serde::{Deserialize, Serialize};

/// A plan's notice settings: empty fields take the defaults.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeSettingsBody {
    /// The title; `{编号}` the problem's number, `{问题}` the start of its
    /// description, `{方案}` the plan's title. Default 「关于督察反馈问题{编号}整改完成情况的公示」.
    #[serde(default)]
    pub title: String,
    /// The unit that receives objections (异议受理单位); default the issuer.
    #[serde(default)]
    pub receiver: String,
    /// 监督电话.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// 通信地址.
    #[serde(default)]
    pub address: String,
    /// 发布单位; default 「<jurisdiction>生态环境保护督察整改工作领导小组办公室」.
    #[serde(default)]
    pub issuer: String,
    /// Working days the notice lasts (1–30).
    #[schema(minimum = 1, maximum = 30)]
    pub workdays: i64,
}

impl NoticeSettingsBody {
    pub fn from_stored(s: &PlanNoticeSettings) -> NoticeSettingsBody {
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        NoticeSettingsBody {
            title: f(&s.settings.title),
            receiver: f(&s.settings.receiver),
            phone: f(&s.settings.phone),
            email: f(&s.settings.email),
            address: f(&s.settings.address),
            issuer: f(&s.settings.issuer),
            workdays: s.notice_workdays,
        }
    }

    pub fn input(&self) -> NoticeSettingsInput {
        NoticeSettingsInput {
            title: self.title.clone(),
            receiver: self.receiver.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            issuer: self.issuer.clone(),
            workdays: self.workdays,
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/notice-settings",
    tag = "notice",
    summary = "A plan's 公示 notice settings",
    params(("id" = i64, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "The settings", body = NoticeSettingsBody),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 404, description = "No such plan", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn get_settings(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<NoticeSettingsBody>> {
    let s = state.app.notice_settings(&cu.user, id).await?;
    Ok(Json(NoticeSettingsBody::from_stored(&s)))
}

#[utoipa::path(
    put,
    path = "/api/v1/plans/{id}/notice-settings",
    tag = "notice",
    summary = "Set a plan's 公示 notice wording, contacts, issuing body and length",
    params(("id" = i64, Path, description = "The plan's id")),
    request_body = NoticeSettingsBody,
    responses(
        (status = 200, description = "The settings as saved", body = NoticeSettingsBody),
        (status = 400, description = "Malformed JSON body", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office, or a cross-origin write", body = ErrorEnvelope),
        (status = 404, description = "No such plan", body = ErrorEnvelope),
        (status = 422, description = "A field too long, a malformed phone or e-mail, a length outside 1–30", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn put_settings(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<NoticeSettingsBody>,
) -> ApiResult<Json<NoticeSettingsBody>> {
    let s = state
        .app
        .set_notice_settings(&cu.user, id, &b.input())
        .await?;
    Ok(Json(NoticeSettingsBody::from_stored(&s)))
}

/// A published 公示 notice.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicNoticeView {
    pub id: i64,
    pub problem_id: i64,
    pub title: String,
    /// The whole notice as plain text.
    pub text: String,
    pub intro: String,
    #[schema(value_type = Vec<Object>)]
    pub parts: Vec<NoticePart>,
    pub issuer: String,
    pub date_line: String,
    pub notice_start: NaiveDate,
    pub notice_end: NaiveDate,
    pub workdays: i64,
    pub issued_on: NaiveDate,
    /// Where the notice is on the portal, and its Word file.
    pub page: String,
    pub docx: String,
}

impl PublicNoticeView {
    pub fn of(n: &PublicNotice) -> PublicNoticeView {
        PublicNoticeView {
            id: n.id,
            problem_id: n.problem_id,
            title: n.notice.title.clone(),
            text: n.notice.text(),
            intro: n.notice.intro.clone(),
            parts: n.notice.parts.clone(),
            issuer: n.notice.issuer.clone(),
            date_line: n.notice.date_line.clone(),
            notice_start: n.notice_start,
            notice_end: n.notice_end,
            workdays: n.workdays,
            issued_on: n.issued_on,
            page: format!("/public/notices/{}", n.id),
            docx: format!("/public/notices/{}.docx", n.id),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/public/problems/{id}/notice",
    operation_id = "public_problem_notice",
    tag = "public",
    summary = "The latest 公示 notice of a problem",
    params(("id" = i64, Path, description = "The problem's id")),
    responses(
        (status = 200, description = "The notice text and its parts", body = PublicNoticeView),
        (status = 404, description = "No notice issued for this problem", body = ErrorEnvelope),
    ),
)]
pub async fn problem_notice(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<PublicNoticeView>> {
    let n = state
        .app
        .latest_notice(id)
        .await?
        .ok_or(rectify_domain::ErrorCode::NotFound)?;
    Ok(Json(PublicNoticeView::of(&n)))
}

#[utoipa::path(
    get,
    path = "/api/v1/public/notices/{id}",
    operation_id = "public_notice",
    tag = "public",
    summary = "One published 公示 notice",
    params(("id" = i64, Path, description = "The notice's id")),
    responses(
        (status = 200, description = "The notice", body = PublicNoticeView),
        (status = 404, description = "No such notice", body = ErrorEnvelope),
    ),
)]
pub async fn notice(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<PublicNoticeView>> {
    Ok(Json(PublicNoticeView::of(
        &state.app.public_notice(id).await?,
    )))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1.
    pub page: Option<u32>,
    /// Rows per page: 20 by default, at most 100.
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/public/notices",
    operation_id = "public_notices",
    tag = "public",
    summary = "The 公示公告: issued notices, newest first",
    params(PageQuery),
    responses(
        (status = 200, description = "{items, total, page, per_page}", body = Object),
        (status = 400, description = "Malformed query string", body = ErrorEnvelope),
    ),
)]
pub async fn notices(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let page = state
        .app
        .list_notices(q.page.unwrap_or(1), q.per_page.unwrap_or(20))
        .await?;
    Ok(Json(serde_json::json!({
        "items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page
    })))
}

/// An objection as the public may follow it: no text of the objector, no
/// contact, no office account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicObjection {
    pub reference: String,
    pub problem_id: i64,
    pub problem: String,
    /// `open`, `resolved` or `spam`.
    pub status: String,
    pub status_label: &'static str,
    pub lodged_on: NaiveDate,
    /// The office's reply, once answered.
    pub reply: Option<String>,
}

impl PublicObjection {
    pub fn of(o: &ObjectionStatus) -> PublicObjection {
        PublicObjection {
            reference: o.reference.clone(),
            problem_id: o.problem_id,
            problem: format!("{} {}", o.plan_title, o.number_text.trim()),
            status: o.status.clone(),
            status_label: rectify_domain::objection::status_label(&o.status),
            // The day in China (UTC+8), as the reference number writes it.
            lodged_on: (o.created_at + chrono::Duration::hours(8)).date_naive(),
            reply: o.reply.clone(),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/public/objections/{reference}",
    operation_id = "public_objection",
    tag = "public",
    summary = "Follow an objection by its reference number (异议受理编号)",
    params(("reference" = String, Path, description = "The reference, e.g. YY20261201-7K3M9QX2TD")),
    responses(
        (status = 200, description = "Its status and the office's reply; no personal data", body = PublicObjection),
        (status = 404, description = "No objection with this reference", body = ErrorEnvelope),
        (status = 422, description = "Not a reference number", body = ErrorEnvelope),
    ),
)]
pub async fn objection(
    State(state): State<AppState>,
    Path(reference): Path<String>,
) -> ApiResult<Json<PublicObjection>> {
    Ok(Json(PublicObjection::of(
        &state.app.objection_status(&reference).await?,
    )))
}

/// The notice as a Word file, named after its title.
pub fn docx_response(n: &PublicNotice) -> ApiResult<Response> {
    let bytes = rectify_office::notice_docx(&n.notice).map_err(|e| {
        crate::error::ApiError::with(rectify_domain::ErrorCode::Internal, e.to_string())
    })?;
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    );
    let name = format!("{}.docx", n.notice.title);
    let disp = format!(
        "attachment; filename=\"notice-{}.docx\"; filename*=UTF-8''{}",
        n.id,
        urlencoding::encode(&name)
    );
    if let Ok(v) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
