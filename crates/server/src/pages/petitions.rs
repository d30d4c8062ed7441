//! 信访件 for the staff: the list (unit-scoped by the application), one
//! petition with its handling, return visits, evidence, 办结销号 and
//! reopening. Handlers only translate: form fields into a command's input,
//! the command's answer into a template. A refused form comes back as the
//! page (200) with the coded reason and what was typed.

use super::ctx::{parse_id, Base, Ctx, PageError, PageForm, PageQuery};
use super::petition_view::{self, Opt, PetRow};
use super::upload::PageUpload;
use super::view;
use crate::error::ApiError;
use crate::policy::{self, PetitionAction};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use rectify_app::commands::PetitionPatch;
use rectify_domain::petition::{
    ClosureStandard, PetitionMeasures, PetitionStatus, Satisfaction, Verification,
};
use rectify_domain::ErrorCode;
use rectify_store::{PetitionDetail, PetitionDimension, PetitionFilter, User};
use serde::Deserialize;

const PER_PAGE: u32 = 50;

/// The list's GET parameters, all as text: an empty select means "all" and
/// a bad value gives a page, not a 400.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListParams {
    pub batch: Option<String>,
    pub area: Option<String>,
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub status: Option<String>,
    pub satisfaction: Option<String>,
    pub duplicates_only: Option<String>,
    pub overdue: Option<String>,
    pub rebound: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect())
}

fn bad(what: &str) -> PageError {
    PageError::BadRequest(format!("参数“{what}”有误 / bad parameter {what}"))
}

fn flag(s: &Option<String>) -> bool {
    nonempty(s).is_some_and(|v| v != "0")
}

impl ListParams {
    fn filter(&self, today: chrono::NaiveDate) -> Result<PetitionFilter, PageError> {
        let id = |s: &Option<String>, what: &str| match nonempty(s) {
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| bad(what)),
            None => Ok(None),
        };
        Ok(PetitionFilter {
            batch_id: id(&self.batch, "batch")?,
            area: nonempty(&self.area),
            kind: nonempty(&self.kind),
            unit_id: id(&self.unit, "unit")?,
            status: match nonempty(&self.status) {
                Some(s) => Some(PetitionStatus::parse(&s).ok_or_else(|| bad("status"))?),
                None => None,
            },
            satisfaction: match nonempty(&self.satisfaction) {
                Some(s) => Some(Satisfaction::parse(&s).ok_or_else(|| bad("satisfaction"))?),
                None => None,
            },
            duplicates_only: flag(&self.duplicates_only),
            overdue_on: flag(&self.overdue).then_some(today),
            rebound: flag(&self.rebound),
            q: nonempty(&self.q),
            page: match nonempty(&self.page) {
                Some(p) => p.parse::<u32>().map_err(|_| bad("page"))?.max(1),
                None => 1,
            },
            per_page: PER_PAGE,
            ..Default::default()
        })
    }

    /// This view's query string with another page.
    fn query(&self, page: u32) -> String {
        let mut parts: Vec<String> = vec![];
        for (k, v) in [
            ("batch", &self.batch),
            ("area", &self.area),
            ("kind", &self.kind),
            ("unit", &self.unit),
            ("status", &self.status),
            ("satisfaction", &self.satisfaction),
            ("duplicates_only", &self.duplicates_only),
            ("overdue", &self.overdue),
            ("rebound", &self.rebound),
            ("q", &self.q),
        ] {
            if let Some(v) = nonempty(v) {
                parts.push(format!("{k}={}", urlencoding::encode(&v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

#[derive(Template)]
#[template(path = "petitions.html")]
struct ListPage {
    b: Base,
    rows: Vec<PetRow>,
    total: i64,
    offset: usize,
    batches: Vec<Opt>,
    areas: Vec<Opt>,
    kinds: Vec<Opt>,
    units: Vec<Opt>,
    statuses: Vec<Opt>,
    satisfactions: Vec<Opt>,
    q: String,
    duplicates_only: bool,
    overdue: bool,
    rebound: bool,
    filtered: bool,
    page: u32,
    pages: u32,
    prev_href: String,
    next_href: String,
    can_manage: bool,
}

fn opts(values: Vec<(String, String)>, current: &Option<String>) -> Vec<Opt> {
    let cur = nonempty(current).unwrap_or_default();
    values
        .into_iter()
        .map(|(value, label)| Opt {
            selected: value == cur,
            value,
            label,
        })
        .collect()
}

/// The distinct values of one dimension among the petitions `user` sees.
async fn keys(ctx: &Ctx, user: &User, dim: PetitionDimension) -> Result<Vec<String>, PageError> {
    let scope = PetitionFilter {
        scope_units: policy::petition_scope(user),
        ..Default::default()
    };
    let mut v: Vec<String> = ctx
        .state
        .store
        .petition_keys(dim, &scope)
        .await?
        .into_iter()
        .map(|(_, k)| k)
        .filter(|k| !k.trim().is_empty())
        .collect();
    v.sort();
    v.dedup();
    Ok(v)
}

pub async fn list(ctx: Ctx, PageQuery(p): PageQuery<ListParams>) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let user = &cu.user;
    let today = ctx.state.today();
    let filter = p.filter(today)?;
    let result = ctx.state.app.petitions(user, filter).await?;
    // Units and batches offered: a unit account sees only its own.
    let units: Vec<(String, String)> = match policy::petition_scope(user) {
        Some(_) => user
            .units
            .iter()
            .map(|u| (u.id.to_string(), u.name.clone()))
            .collect(),
        None => ctx
            .state
            .store
            .list_units()
            .await?
            .into_iter()
            .map(|u| (u.id.to_string(), u.name))
            .collect(),
    };
    let batches: Vec<(String, String)> = ctx
        .state
        .app
        .petition_batches(user)
        .await
        .map(|v| v.into_iter().map(|b| (b.id.to_string(), b.name)).collect())
        .unwrap_or_default();
    let areas = keys(&ctx, user, PetitionDimension::Area).await?;
    let kinds = keys(&ctx, user, PetitionDimension::Kind).await?;
    let pages = (result.total.max(0) as u32).div_ceil(PER_PAGE).max(1);
    let page_no = result.page.max(1);
    let filtered = !p.query(1).is_empty();
    let page = ListPage {
        b: ctx.base("信访件", "petitions"),
        rows: result.items.iter().map(|r| PetRow::of(r, today)).collect(),
        total: result.total,
        offset: ((page_no - 1) * PER_PAGE) as usize,
        batches: opts(batches, &p.batch),
        areas: opts(areas.into_iter().map(|a| (a.clone(), a)).collect(), &p.area),
        kinds: opts(kinds.into_iter().map(|a| (a.clone(), a)).collect(), &p.kind),
        units: opts(units, &p.unit),
        statuses: opts(
            PetitionStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label_zh().to_string()))
                .collect(),
            &p.status,
        ),
        satisfactions: opts(
            Satisfaction::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label_zh().to_string()))
                .collect(),
            &p.satisfaction,
        ),
        q: nonempty(&p.q).unwrap_or_default(),
        duplicates_only: flag(&p.duplicates_only),
        overdue: flag(&p.overdue),
        rebound: flag(&p.rebound),
        filtered,
        page: page_no,
        pages,
        prev_href: if page_no > 1 {
            format!("/petitions?{}", p.query(page_no - 1))
        } else {
            String::new()
        },
        next_href: if page_no < pages {
            format!("/petitions?{}", p.query(page_no + 1))
        } else {
            String::new()
        },
        can_manage: policy::petition_allowed(user, PetitionAction::Manage, None),
    };
    Ok(ctx.render(&page))
}

// ---- one petition ----------------------------------------------------------

/// The handling form as the browser sends it.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub verification: String,
    #[serde(default)]
    pub handling: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub public_reply: String,
    #[serde(default)]
    pub ordered: String,
    #[serde(default)]
    pub penalty_cases: String,
    #[serde(default)]
    pub fines_wan: String,
    #[serde(default)]
    pub detained: String,
    #[serde(default)]
    pub interviewed: String,
    #[serde(default)]
    pub accountable: String,
    #[serde(default)]
    pub closure_standard: String,
    /// Office only.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub problem_id: Option<String>,
}

impl HandleForm {
    /// The form as the stored petition fills it.
    fn of(d: &PetitionDetail) -> HandleForm {
        let m = d.measures;
        let n = |v: i64| if v == 0 { String::new() } else { v.to_string() };
        HandleForm {
            csrf: String::new(),
            version: d.version.to_string(),
            verification: d.row.verification.clone().unwrap_or_default(),
            handling: d.handling.clone(),
            result: d.result.clone(),
            public_reply: d.public_reply.clone(),
            ordered: n(m.ordered),
            penalty_cases: n(m.penalty_cases),
            fines_wan: if m.fines_wan == 0.0 {
                String::new()
            } else {
                m.fines_wan.to_string()
            },
            detained: n(m.detained),
            interviewed: n(m.interviewed),
            accountable: n(m.accountable),
            closure_standard: d.row.closure_standard.clone().unwrap_or_default(),
            unit: Some(d.row.unit_name.clone().unwrap_or_default()),
            due_date: Some(d.row.due_date.map(view::date).unwrap_or_default()),
            problem_id: Some(d.row.problem_id.map(|p| p.to_string()).unwrap_or_default()),
        }
    }

    /// The command's input; the office's fields only when it sent them.
    fn patch(&self, manage: bool) -> Result<PetitionPatch, rectify_domain::Error> {
        let invalid = |m: &str| rectify_domain::Error::with(ErrorCode::InvalidInput, m);
        let count = |s: &str, what: &str| -> Result<i64, rectify_domain::Error> {
            match s.trim() {
                "" => Ok(0),
                v => v.parse::<i64>().map_err(|_| {
                    invalid(&format!("“{what}”须为整数 / {what} must be a whole number"))
                }),
            }
        };
        let fines = match self.fines_wan.trim() {
            "" => 0.0,
            v => v.parse::<f64>().map_err(|_| {
                invalid("罚款金额须为数字（万元） / the fine must be a number (10k yuan)")
            })?,
        };
        let verification = match self.verification.trim() {
            "" => None,
            v => Some(Verification::parse(v).ok_or_else(|| invalid("核实结果 / verification"))?),
        };
        let closure_standard = match self.closure_standard.trim() {
            "" => None,
            v => Some(
                ClosureStandard::parse(v).ok_or_else(|| invalid("办结标准 / closure standard"))?,
            ),
        };
        let mut p = PetitionPatch {
            verification: Some(verification),
            handling: Some(self.handling.clone()),
            result: Some(self.result.clone()),
            public_reply: Some(self.public_reply.clone()),
            measures: Some(PetitionMeasures {
                ordered: count(&self.ordered, "责令整改")?,
                penalty_cases: count(&self.penalty_cases, "立案处罚")?,
                fines_wan: fines,
                detained: count(&self.detained, "拘留")?,
                interviewed: count(&self.interviewed, "约谈")?,
                accountable: count(&self.accountable, "问责")?,
            }),
            closure_standard: Some(closure_standard),
            version: self.version.trim().parse::<i64>().ok(),
            ..Default::default()
        };
        if manage {
            if let Some(u) = &self.unit {
                let u = u.trim();
                p.unit = Some((!u.is_empty()).then(|| u.to_string()));
            }
            if let Some(d) = &self.due_date {
                p.due_date = Some(match d.trim() {
                    "" => None,
                    s => Some(rectify_domain::input::date(s, "办理时限 / due date")?),
                });
            }
            if let Some(pid) = &self.problem_id {
                p.problem_id = Some(match pid.trim() {
                    "" => None,
                    s => Some(
                        s.trim_start_matches('#')
                            .parse::<i64>()
                            .map_err(|_| invalid("关联问题须为问题编号（数字） / problem id"))?,
                    ),
                });
            }
        }
        Ok(p)
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct VisitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub visited_on: String,
    #[serde(default)]
    pub visited_by: String,
    #[serde(default)]
    pub satisfaction: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// What the page shows again after a refusal.
#[derive(Default)]
struct Drafts {
    handle: Option<HandleForm>,
    visit: Option<VisitForm>,
    reopen: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "petition.html")]
struct DetailPage {
    b: Base,
    d: PetitionDetail,
    row: PetRow,
    source: String,
    extra: Vec<(String, String)>,
    rebound: Option<petition_view::ReboundView>,
    closed: bool,
    can_handle: bool,
    can_manage: bool,
    contact: Option<(String, String)>,
    f: HandleForm,
    v: VisitForm,
    reopen_reason: String,
    verifications: Vec<Opt>,
    standards: Vec<Opt>,
    satisfactions: Vec<Opt>,
    units: Vec<String>,
    visits: Vec<petition_view::VisitView>,
    files: Vec<petition_view::FileView>,
    closed_at: String,
    measures_text: String,
}

fn vocab_opts<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
    cur: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: code(*v).to_string(),
            label: zh(*v).to_string(),
            selected: code(*v) == cur || zh(*v) == cur,
        })
        .collect()
}

async fn render_detail(ctx: &Ctx, id: i64, drafts: Drafts) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let user = &cu.user;
    let d = ctx.state.app.petition(user, id).await?;
    let today = ctx.state.today();
    let unit_id = d.row.unit_id;
    let can_handle = policy::petition_allowed(user, PetitionAction::Handle, unit_id);
    let can_manage = policy::petition_allowed(user, PetitionAction::Manage, unit_id);
    let rebound = match &d.rebound_of {
        Some(v) => Some(petition_view::rebound_view(ctx, v).await?),
        None => None,
    };
    let f = drafts.handle.unwrap_or_else(|| HandleForm::of(&d));
    let v = drafts.visit.unwrap_or_else(|| VisitForm {
        visited_on: view::date(today),
        visited_by: user.display_name.clone(),
        ..Default::default()
    });
    let units = if can_manage {
        ctx.state
            .store
            .list_units()
            .await?
            .into_iter()
            .map(|u| u.name)
            .collect()
    } else {
        vec![]
    };
    let contact = match (&d.contact_name, &d.contact_phone) {
        (None, None) => None,
        (n, p) => Some((n.clone().unwrap_or_default(), p.clone().unwrap_or_default())),
    };
    let m = d.measures;
    let mut b = ctx.base(&format!("信访件 {}", d.row.code), "petitions");
    b.title = format!("{} {}", b.t("信访件"), d.row.code);
    if let Some(e) = drafts.error {
        b.flash_ok = None;
        b.flash_err = Some(e);
    }
    let page = DetailPage {
        row: PetRow::of(&d.row, today),
        source: rectify_domain::petition::Source::parse(&d.row.source)
            .map(|s| s.label_zh().to_string())
            .unwrap_or_else(|| d.row.source.clone()),
        extra: d
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        rebound,
        closed: d.row.status == PetitionStatus::Closed.as_str(),
        can_handle,
        can_manage,
        contact,
        verifications: vocab_opts(
            Verification::ALL,
            Verification::as_str,
            Verification::label_zh,
            &f.verification,
        ),
        standards: vocab_opts(
            ClosureStandard::ALL,
            ClosureStandard::as_str,
            ClosureStandard::label_zh,
            &f.closure_standard,
        ),
        satisfactions: vocab_opts(
            Satisfaction::ALL,
            Satisfaction::as_str,
            Satisfaction::label_zh,
            &v.satisfaction,
        ),
        f,
        v,
        reopen_reason: drafts.reopen.unwrap_or_default(),
        units,
        visits: d.visits.iter().map(petition_view::VisitView::of).collect(),
        files: d
            .attachments
            .iter()
            .map(|a| petition_view::FileView::of(id, a))
            .collect(),
        closed_at: match (&d.closed_at, &d.closed_by) {
            (Some(t), Some(by)) => format!("{}（{by}）", view::datetime(*t)),
            (Some(t), None) => view::datetime(*t),
            _ => String::new(),
        },
        measures_text: petition_view::measures_text(&m),
        d,
        b,
    };
    Ok(ctx.render(&page))
}

pub async fn detail(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    render_detail(&ctx, id, Drafts::default()).await
}

fn coded(ctx: &Ctx, e: PageError) -> String {
    super::ctx::bilingual(&e.message_with_code(), ctx.lang)
}

fn app_err(e: rectify_domain::Error) -> PageError {
    PageError::from(ApiError::from(e))
}

/// The outcome of a form: back to the page with a flash, or the page again
/// (200) with the reason and what was typed. Not being allowed at all is
/// the error page.
async fn outcome(
    ctx: &Ctx,
    id: i64,
    anchor: &str,
    r: Result<String, PageError>,
    drafts: impl FnOnce() -> Drafts,
) -> Result<Response, PageError> {
    match r {
        Ok(msg) => Ok(ctx.redirect_flash(&format!("/petitions/{id}#{anchor}"), true, &msg)),
        Err(PageError::Login(_)) => Err(PageError::Login(format!("/petitions/{id}"))),
        Err(PageError::Api(e))
            if matches!(e.code(), ErrorCode::Forbidden | ErrorCode::NotFound) =>
        {
            Err(PageError::Api(e))
        }
        Err(e) => {
            let mut d = drafts();
            d.error = Some(coded(ctx, e));
            render_detail(ctx, id, d).await
        }
    }
}

pub async fn handle(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<HandleForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let d = ctx.state.app.petition(&cu.user, id).await?;
        let manage = policy::petition_allowed(&cu.user, PetitionAction::Manage, d.row.unit_id);
        let patch = f.patch(manage).map_err(app_err)?;
        ctx.state
            .app
            .handle_petition(&cu.user, id, patch)
            .await
            .map_err(app_err)?;
        Ok("办理情况已保存 / the handling was saved".to_string())
    }
    .await;
    outcome(&ctx, id, "handling", r, || Drafts {
        handle: Some(f.clone()),
        ..Default::default()
    })
    .await
}

pub async fn visit(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<VisitForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let on = match f.visited_on.trim() {
            "" => None,
            s => Some(rectify_domain::input::date(s, "回访日期 / visit date").map_err(app_err)?),
        };
        let sat = Satisfaction::parse(&f.satisfaction).ok_or_else(|| {
            app_err(rectify_domain::Error::with(
                ErrorCode::InvalidInput,
                "请选择回访满意度 / choose the satisfaction",
            ))
        })?;
        ctx.state
            .app
            .record_petition_visit(&cu.user, id, on, &f.visited_by, sat, &f.note)
            .await
            .map_err(app_err)?;
        Ok("回访记录已保存 / the return visit was recorded".to_string())
    }
    .await;
    outcome(&ctx, id, "visits", r, || Drafts {
        visit: Some(f.clone()),
        ..Default::default()
    })
    .await
}

pub async fn evidence(
    ctx: Ctx,
    Path(id): Path<String>,
    up: PageUpload<CsrfForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&up.form.csrf)?;
        if up.files.is_empty() {
            return Err(app_err(rectify_domain::Error::with(
                ErrorCode::InvalidInput,
                "请选择要上传的文件 / choose a file",
            )));
        }
        let n = up.files.len();
        for file in up.files {
            ctx.state
                .app
                .attach_petition_evidence(&cu.user, id, file.file_name, file.bytes)
                .await
                .map_err(app_err)?;
        }
        Ok(format!("已上传 {n} 份佐证材料 / {n} file(s) uploaded"))
    }
    .await;
    outcome(&ctx, id, "files", r, Drafts::default).await
}

pub async fn close(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        ctx.state
            .app
            .close_petition(&cu.user, id)
            .await
            .map_err(app_err)?;
        Ok("信访件已办结销号 / the petition was closed".to_string())
    }
    .await;
    outcome(&ctx, id, "closure", r, Drafts::default).await
}

/// One matter, one result: the office's result for every petitioner of
/// the confirmed group.
pub async fn apply_to_matter(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let updated = ctx
            .state
            .app
            .apply_to_matter(&cu.user, id)
            .await
            .map_err(app_err)?;
        Ok(format!(
            "已将办理结果同步到同一事项的 {} 件信访件：{} / the result now stands for {} more petition(s)",
            updated.len(),
            updated.join("、"),
            updated.len()
        ))
    }
    .await;
    outcome(&ctx, id, "closure", r, Drafts::default).await
}

pub async fn reopen(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ReasonForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        ctx.state
            .app
            .reopen_petition(&cu.user, id, &f.reason)
            .await
            .map_err(app_err)?;
        Ok("信访件已重新打开 / the petition was reopened".to_string())
    }
    .await;
    outcome(&ctx, id, "closure", r, || Drafts {
        reopen: Some(f.reason.clone()),
        ..Default::default()
    })
    .await
}

/// An evidence file, for those who may read the petition.
pub async fn file(
    ctx: Ctx,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (id, aid) = (parse_id(&id)?, parse_id(&aid)?);
    let cu = ctx.staff()?;
    let d = ctx.state.app.petition(&cu.user, id).await?;
    let a = d
        .attachments
        .iter()
        .find(|a| a.id == aid)
        .ok_or(PageError::Api(ApiError::of(ErrorCode::NotFound)))?;
    Ok(crate::attachments::serve(
        &ctx.state,
        &a.sha256,
        &a.file_name,
        false,
        "private, no-store",
    )
    .await?)
}
