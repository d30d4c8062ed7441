//! The 公示 notice on the pages: the office's settings form for a plan, the
//! portal's 公示公告 list, one notice (page and Word file), and the lookup
//! of an objection by its reference number. Built from the public views in
//! `crate::notices`, never from internal records.

use super::ctx::{Base, Ctx, PageError, PageForm, PageQuery};
use super::view;
use crate::error::ApiError;
use crate::notices::{docx_response, NoticeSettingsBody, PublicObjection};
use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use rectify_domain::ErrorCode;
use rectify_store::PublicNotice;
use serde::Deserialize;

/// A notice as the templates show it: each part's text in lines.
pub struct NoticeView {
    pub id: i64,
    pub problem_id: i64,
    pub title: String,
    pub intro: String,
    pub parts: Vec<(String, Vec<String>)>,
    pub issuer: String,
    pub date_line: String,
    pub period: String,
}

impl NoticeView {
    pub fn of(n: &PublicNotice) -> NoticeView {
        NoticeView {
            id: n.id,
            problem_id: n.problem_id,
            title: n.notice.title.clone(),
            intro: n.notice.intro.clone(),
            parts: n
                .notice
                .parts
                .iter()
                .map(|p| {
                    (
                        p.heading.clone(),
                        p.text.split('\n').map(str::to_string).collect(),
                    )
                })
                .collect(),
            issuer: n.notice.issuer.clone(),
            date_line: n.notice.date_line.clone(),
            period: format!(
                "{} 至 {}（{}个工作日）",
                view::date(n.notice_start),
                view::date(n.notice_end),
                n.workdays
            ),
        }
    }
}

fn not_found() -> PageError {
    PageError::Api(ApiError::of(ErrorCode::NotFound))
}

// ---- the office's settings form -----------------------------------------

#[derive(Template)]
#[template(path = "notice_settings.html")]
struct SettingsPage {
    b: Base,
    plan_id: i64,
    plan_title: String,
    default_issuer: String,
    f: NoticeSettingsBody,
}

pub async fn settings_form(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    let cu = ctx.staff()?;
    let s = ctx.state.app.notice_settings(&cu.user, id).await?;
    Ok(ctx.render(&SettingsPage {
        b: ctx.base("公示设置", "ledger"),
        plan_id: id,
        plan_title: s.plan_title.clone(),
        default_issuer: s.settings.issuer_or_default(s.jurisdiction.as_deref()),
        f: NoticeSettingsBody::from_stored(&s),
    }))
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    workdays: String,
}

pub async fn settings_save(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<SettingsForm>,
) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    let to = format!("/plans/{id}/notice");
    let cu = match ctx.check_csrf(&f.csrf) {
        Ok(cu) => cu,
        Err(PageError::Login(l)) => return Err(PageError::Login(l)),
        Err(_) => {
            return Ok(ctx.redirect_flash(
                &to,
                false,
                &ApiError::of(ErrorCode::CsrfFailed).to_string(),
            ))
        }
    };
    let body = NoticeSettingsBody {
        title: f.title,
        receiver: f.receiver,
        phone: f.phone,
        email: f.email,
        address: f.address,
        issuer: f.issuer,
        workdays: f.workdays.trim().parse().unwrap_or(0),
    };
    match ctx
        .state
        .app
        .set_notice_settings(&cu.user, id, &body.input())
        .await
    {
        Ok(_) => Ok(ctx.redirect_flash(&to, true, "公示设置已保存 / notice settings saved")),
        Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotFound) => {
            Err(PageError::from(e))
        }
        Err(e) => Ok(ctx.redirect_flash(&to, false, &PageError::from(e).message_with_code())),
    }
}

// ---- the portal ---------------------------------------------------------

pub struct NoticeRow {
    pub id: i64,
    pub problem_id: i64,
    pub title: String,
    pub problem: String,
    pub issuer: String,
    pub period: String,
    pub issued_on: String,
}

#[derive(Template)]
#[template(path = "public_notices.html")]
struct ListPage {
    b: Base,
    rows: Vec<NoticeRow>,
    total: i64,
    page: u32,
    pages: u32,
    prev_href: String,
    next_href: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

pub async fn list(ctx: Ctx, PageQuery(q): PageQuery<ListQuery>) -> Result<Response, PageError> {
    let page_no = match q.page.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => p
            .parse::<u32>()
            .map_err(|_| PageError::BadRequest("参数“page”有误 / bad parameter page".into()))?,
        None => 1,
    }
    .max(1);
    let per_page = 20;
    let result = ctx.state.app.list_notices(page_no, per_page).await?;
    let pages = (result.total.max(0) as u32).div_ceil(per_page);
    let href = |p: u32| format!("/public/notices?page={p}");
    Ok(ctx.render(&ListPage {
        b: ctx.base("公示公告", "public"),
        rows: result
            .items
            .iter()
            .map(|n| NoticeRow {
                id: n.id,
                problem_id: n.problem_id,
                title: n.title.clone(),
                problem: format!(
                    "{} {}",
                    view::plan_short(&n.plan_title),
                    n.number_text.trim()
                ),
                issuer: n.issuer.clone(),
                period: format!(
                    "{} 至 {}",
                    view::date(n.notice_start),
                    view::date(n.notice_end)
                ),
                issued_on: view::date(n.issued_on),
            })
            .collect(),
        total: result.total,
        page: page_no,
        pages,
        prev_href: if page_no > 1 {
            href(page_no - 1)
        } else {
            String::new()
        },
        next_href: if page_no < pages {
            href(page_no + 1)
        } else {
            String::new()
        },
    }))
}

#[derive(Template)]
#[template(path = "public_notice.html")]
struct NoticePage {
    b: Base,
    n: NoticeView,
}

/// `/public/notices/{id}` (the page) or `/public/notices/{id}.docx` (the file).
pub async fn notice(ctx: Ctx, Path(key): Path<String>) -> Result<Response, PageError> {
    let (id, docx) = match key.strip_suffix(".docx") {
        Some(id) => (id, true),
        None => (key.as_str(), false),
    };
    let id = super::ctx::parse_id(id)?;
    let n = match ctx.state.app.public_notice(id).await {
        Ok(n) => n,
        Err(e) if e.code == ErrorCode::NotFound => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    if docx {
        return Ok(docx_response(&n).map_err(PageError::Api)?.into_response());
    }
    Ok(ctx.render(&NoticePage {
        b: ctx.base(&n.notice.title, "public"),
        n: NoticeView::of(&n),
    }))
}

/// `/public/problems/{id}/notice.docx`: the problem's latest notice.
pub async fn problem_docx(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    let n = ctx
        .state
        .app
        .latest_notice(id)
        .await?
        .ok_or_else(not_found)?;
    Ok(docx_response(&n).map_err(PageError::Api)?.into_response())
}

#[derive(Template)]
#[template(path = "public_objection.html")]
struct LookupPage {
    b: Base,
    reference: String,
    found: Option<PublicObjection>,
    error: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct LookupQuery {
    #[serde(rename = "ref")]
    reference: Option<String>,
}

pub async fn lookup(ctx: Ctx, PageQuery(q): PageQuery<LookupQuery>) -> Result<Response, PageError> {
    let reference: String = q
        .reference
        .unwrap_or_default()
        .trim()
        .chars()
        .take(40)
        .collect();
    let (found, error) = if reference.is_empty() {
        (None, String::new())
    } else {
        match ctx.state.app.objection_status(&reference).await {
            Ok(o) => (Some(PublicObjection::of(&o)), String::new()),
            Err(e) if e.code == ErrorCode::NotFound => (
                None,
                "未找到该受理编号的异议，请核对编号 / no objection with this reference".into(),
            ),
            Err(e) => (None, PageError::from(e).message_with_code()),
        }
    };
    Ok(ctx.render(&LookupPage {
        b: ctx.base("异议查询", "public"),
        reference,
        found,
        error,
    }))
}
