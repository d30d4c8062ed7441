//! The office's correction pages: a plan (its fields, publishing, the list
//! of corrections) and a problem's correction form. The forms build the
//! same patches as the JSON API and call the same application commands; a
//! refused form comes back (200) with what was typed and the coded reason.

use super::ctx::{parse_id, Base, Ctx, PageError, PageForm};
use super::view;
use crate::error::ApiError;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use rectify_domain::correction::{field_label_zh, MeasureInput, PlanPatch, ProblemPatch};
use rectify_domain::input::Comment;
use rectify_domain::{ErrorCode, Liaison, Person, UnitAssignment, UnitRole};
use rectify_store::{Correction, ProblemDetail};
use serde::Deserialize;
use std::collections::HashMap;

fn app_err(e: rectify_domain::Error) -> PageError {
    PageError::from(ApiError::from(e))
}

fn reason(s: &str) -> Result<Comment, PageError> {
    Comment::parse(s, "更正原因").map_err(|_| app_err(ErrorCode::ReasonRequired.into()))
}

/// One line of the corrections list.
pub struct CorrectionView {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub fields: String,
    pub reason: String,
    pub public: bool,
    pub href: String,
}

impl CorrectionView {
    fn of(c: &Correction, numbers: &HashMap<i64, String>) -> CorrectionView {
        let what = match c.entity.as_str() {
            "plan" => "方案".to_string(),
            _ => format!(
                "问题 {}",
                numbers
                    .get(&c.entity_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", c.entity_id))
            ),
        };
        let action = match c.action.as_str() {
            "split" => "拆分：",
            "merge" => "合并：",
            _ => "",
        };
        CorrectionView {
            at: view::datetime_str(&rectify_store::sql::audit_time(c.at)),
            actor: c.actor.clone(),
            what,
            fields: format!(
                "{action}{}",
                c.fields()
                    .iter()
                    .map(|f| field_label_zh(f))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            reason: c.reason.clone(),
            public: c.public,
            href: if c.entity == "problem" {
                format!("/problems/{}#history", c.entity_id)
            } else {
                String::new()
            },
        }
    }
}

/// 「整改时限、责任单位」: what a correction changed.
fn fields_text(c: &Correction) -> String {
    c.fields()
        .iter()
        .map(|f| field_label_zh(f))
        .collect::<Vec<_>>()
        .join("、")
}

/// A form's outcome as a flash message on the page it goes back to; a
/// missing login still goes to the login page.
fn flash(
    ctx: &Ctx,
    r: Result<(String, String), PageError>,
    err_to: &str,
) -> Result<Response, PageError> {
    match r {
        Ok((to, msg)) => Ok(ctx.redirect_flash(&to, true, &msg)),
        Err(PageError::Login(l)) => Err(PageError::Login(l)),
        Err(e) => Ok(ctx.redirect_flash(err_to, false, &e.message_with_code())),
    }
}

// ---- the plan page --------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    issue_date: String,
    #[serde(default)]
    jurisdiction: String,
    #[serde(default)]
    notice_workdays: String,
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    b: Base,
    id: i64,
    f: PlanForm,
    feedback_date: String,
    published: String,
    can_correct: bool,
    problem_count: i64,
    corrections: Vec<CorrectionView>,
    error: String,
}

async fn render_plan(
    ctx: &Ctx,
    id: i64,
    typed: Option<(PlanForm, PageError)>,
) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let app = &ctx.state.app;
    let rec = app.plan_record(&cu.user, id).await?;
    let plans = app.list_plans().await?;
    let problem_count = plans
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.problem_count)
        .unwrap_or(0);
    let numbers: HashMap<i64, String> = app
        .plan_problem_numbers(&cu.user, id)
        .await?
        .into_iter()
        .collect();
    let corrections = app
        .corrections(&cu.user, id)
        .await?
        .iter()
        .rev()
        .map(|c| CorrectionView::of(c, &numbers))
        .collect();
    let facts = &rec.facts;
    let (f, error) = match typed {
        Some((f, e)) => (f, e.message_with_code()),
        None => (
            PlanForm {
                title: facts.title.clone(),
                doc_number: facts.doc_number.clone().unwrap_or_default(),
                issue_date: facts.issue_date.map(|d| d.to_string()).unwrap_or_default(),
                jurisdiction: facts.jurisdiction.clone().unwrap_or_default(),
                notice_workdays: facts.notice_workdays.to_string(),
                ..Default::default()
            },
            String::new(),
        ),
    };
    Ok(ctx.render(&PlanPage {
        b: ctx.base(&facts.title, "ledger"),
        id,
        f,
        feedback_date: facts
            .inspection
            .as_ref()
            .and_then(|i| i.feedback_date)
            .map(view::date)
            .unwrap_or_default(),
        published: match (&rec.published_at, &rec.published_by) {
            (Some(at), by) => format!(
                "{} {}",
                view::datetime_str(&rectify_store::sql::audit_time(*at)),
                by.clone().unwrap_or_default()
            ),
            _ => String::new(),
        },
        can_correct: rectify_app::policy::allowed_global(
            &cu.user,
            rectify_app::policy::GlobalAction::CorrectLedger,
        ),
        problem_count,
        corrections,
        error,
    }))
}

pub async fn plan_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    render_plan(&ctx, id, None).await
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn plan_save(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<PlanForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let reason = reason(&f.reason)?;
        let issue_date = match opt(&f.issue_date) {
            Some(d) => Some(rectify_domain::input::date(&d, "印发日期").map_err(app_err)?),
            None => None,
        };
        let days = f.notice_workdays.trim().parse::<i64>().unwrap_or(0);
        let patch = PlanPatch {
            title: Some(f.title.clone()),
            doc_number: Some(opt(&f.doc_number)),
            issue_date: Some(issue_date),
            jurisdiction: Some(opt(&f.jurisdiction)),
            inspection: None,
            notice_workdays: Some(days),
        };
        let c = ctx
            .state
            .app
            .correct_plan(&cu.user, id, &patch, &reason)
            .await
            .map_err(app_err)?;
        Ok(fields_text(&c))
    }
    .await;
    match r {
        Ok(fields) => Ok(ctx.redirect_flash(
            &format!("/plans/{id}#corrections"),
            true,
            &format!("已更正：{fields} / corrected"),
        )),
        Err(PageError::Login(l)) => Err(PageError::Login(l)),
        Err(e) => render_plan(&ctx, id, Some((f, e))).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn plan_publish(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let to = format!("/plans/{id}");
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        ctx.state
            .app
            .publish_plan(&cu.user, id)
            .await
            .map_err(app_err)?;
        Ok((
            to.clone(),
            "方案已在门户网站发布 / the plan is published".to_string(),
        ))
    }
    .await;
    flash(&ctx, r, &to)
}

// ---- a problem's correction form ----------------------------------------

/// How many empty unit rows the form offers for adding units.
const SPARE_UNIT_ROWS: usize = 3;

#[derive(Debug, Default)]
pub struct UnitRowView {
    pub name: String,
    pub role: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "problem_edit.html")]
struct EditPage {
    b: Base,
    id: i64,
    plan_id: i64,
    plan_title: String,
    title: String,
    f: HashMap<String, String>,
    units: Vec<UnitRowView>,
    roles: Vec<(&'static str, &'static str)>,
    categories: Vec<(String, String)>,
    error: String,
    /// For the split form: (measure number, text).
    measures: Vec<(u32, String)>,
    /// For the merge form: the plan's other problems (id, number).
    others: Vec<(i64, String)>,
}

impl EditPage {
    fn v(&self, key: &str) -> &str {
        self.f.get(key).map(String::as_str).unwrap_or("")
    }
    fn checked(&self, key: &str) -> bool {
        self.v(key) == "1"
    }
}

const ROLES: [UnitRole; 5] = [
    UnitRole::Primary,
    UnitRole::Lead,
    UnitRole::Responsible,
    UnitRole::Supervising,
    UnitRole::Assisting,
];

/// The form's fields from the stored problem.
fn fields_of(d: &ProblemDetail) -> HashMap<String, String> {
    let r = &d.row;
    let mut f = HashMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("number_text", r.number_text.clone());
    put(
        "category_seq",
        r.category_seq.map(|c| c.to_string()).unwrap_or_default(),
    );
    put("description", r.description.clone());
    put("target", r.target.clone().unwrap_or_default());
    put(
        "measures",
        d.measures
            .iter()
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    put("deadline_text", r.deadline.text.clone());
    put(
        "due",
        r.deadline.due.map(|d| d.to_string()).unwrap_or_default(),
    );
    put(
        "immediate",
        if r.deadline.immediate { "1" } else { "" }.into(),
    );
    put("ongoing", if r.deadline.ongoing { "1" } else { "" }.into());
    put("leaders", r.leaders.join("、"));
    put(
        "persons",
        d.responsible_persons
            .iter()
            .map(|p| match &p.title {
                Some(t) => format!("{} {}", p.name, t),
                None => p.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    put(
        "liaisons",
        d.liaisons
            .iter()
            .map(|l| match &l.note {
                Some(n) => format!("{} {}", l.name, n),
                None => l.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    for (i, u) in r.units.iter().enumerate() {
        put(&format!("unit_name_{i}"), u.name.clone());
        put(&format!("unit_role_{i}"), u.role.as_str().to_string());
        put(
            &format!("unit_note_{i}"),
            u.note.clone().unwrap_or_default(),
        );
    }
    put("unit_rows", (r.units.len() + SPARE_UNIT_ROWS).to_string());
    f
}

fn unit_rows(f: &HashMap<String, String>) -> Vec<UnitRowView> {
    let n = f
        .get("unit_rows")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(SPARE_UNIT_ROWS)
        .min(60);
    (0..n)
        .map(|i| {
            let g = |k: &str| f.get(&format!("{k}_{i}")).cloned().unwrap_or_default();
            UnitRowView {
                name: g("unit_name"),
                role: g("unit_role"),
                note: g("unit_note"),
            }
        })
        .collect()
}

async fn render_edit(
    ctx: &Ctx,
    id: i64,
    typed: Option<(HashMap<String, String>, PageError)>,
) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    rectify_app::policy::require_global(
        &cu.user,
        rectify_app::policy::GlobalAction::CorrectLedger,
    )?;
    let d = ctx
        .state
        .app
        .problem_for(&cu.user, id, rectify_app::policy::Action::Read)
        .await?;
    let categories = ctx
        .state
        .app
        .plan_categories(&cu.user, d.row.plan_id)
        .await?
        .into_iter()
        .map(|(seq, title)| (seq.to_string(), title))
        .collect();
    let (f, error) = match typed {
        Some((f, e)) => (f, e.message_with_code()),
        None => (fields_of(&d), String::new()),
    };
    let units = unit_rows(&f);
    let others = ctx
        .state
        .app
        .plan_problem_numbers(&cu.user, d.row.plan_id)
        .await?
        .into_iter()
        .filter(|(pid, _)| *pid != id)
        .collect();
    Ok(ctx.render(&EditPage {
        b: ctx.base("更正问题", "ledger"),
        id,
        plan_id: d.row.plan_id,
        plan_title: d.row.plan_title.clone(),
        title: format!(
            "{} {}",
            d.row.number_text,
            d.row.description.chars().take(40).collect::<String>()
        ),
        f,
        units,
        roles: ROLES.iter().map(|r| (r.as_str(), r.label_zh())).collect(),
        categories,
        error,
        measures: d.measures.iter().map(|m| (m.seq, m.text.clone())).collect(),
        others,
    }))
}

pub async fn problem_edit(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    render_edit(&ctx, id, None).await
}

/// Lines of a text area, trimmed, without empty ones.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// 「张伟 副局长」 → name and the rest.
fn name_and_rest(l: &str) -> (String, Option<String>) {
    match l.split_once(char::is_whitespace) {
        Some((n, rest)) => (n.to_string(), opt(rest)),
        None => (l.to_string(), None),
    }
}

/// The patch the form asks for, against the stored problem: a field left
/// as it was is not part of it, so a new deadline wording is parsed again
/// rather than held to the old date.
fn patch_of(f: &HashMap<String, String>, d: &ProblemDetail) -> Result<ProblemPatch, PageError> {
    let now = fields_of(d);
    let g = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let changed = |k: &str| g(k).trim() != now.get(k).map(String::as_str).unwrap_or("").trim();
    let mut p = ProblemPatch::default();
    if changed("number_text") {
        p.number_text = Some(g("number_text").to_string());
    }
    if changed("category_seq") {
        p.category_seq = Some(match opt(g("category_seq")) {
            Some(s) => Some(s.parse::<u32>().map_err(|_| {
                app_err(rectify_domain::Error::with(
                    ErrorCode::InvalidInput,
                    "问题类别 / category",
                ))
            })?),
            None => None,
        });
    }
    if changed("description") {
        p.description = Some(g("description").to_string());
    }
    if changed("target") {
        p.target = Some(opt(g("target")));
    }
    if changed("measures") {
        p.measures = Some(
            lines(g("measures"))
                .into_iter()
                .map(|text| MeasureInput {
                    text,
                    ..Default::default()
                })
                .collect(),
        );
    }
    if changed("deadline_text") {
        p.deadline_text = Some(g("deadline_text").to_string());
    }
    if changed("due") {
        p.due = Some(match opt(g("due")) {
            Some(s) => Some(rectify_domain::input::date(&s, "到期日").map_err(app_err)?),
            None => None,
        });
    }
    if changed("immediate") {
        p.immediate = Some(g("immediate") == "1");
    }
    if changed("ongoing") {
        p.ongoing = Some(g("ongoing") == "1");
    }
    let units: Vec<UnitAssignment> = unit_rows(f)
        .into_iter()
        .filter(|u| !u.name.trim().is_empty())
        .map(|u| {
            let role = UnitRole::parse(u.role.trim()).ok_or_else(|| {
                app_err(rectify_domain::Error::with(
                    ErrorCode::InvalidInput,
                    "单位角色 / unit role",
                ))
            })?;
            Ok(UnitAssignment {
                name: u.name.trim().to_string(),
                role,
                note: opt(&u.note),
            })
        })
        .collect::<Result<_, PageError>>()?;
    if units != d.row.units {
        p.units = Some(units);
    }
    if changed("leaders") {
        p.leaders = Some(
            g("leaders")
                .split(['、', '，', ',', ';', '；', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        );
    }
    if changed("persons") {
        p.responsible_persons = Some(
            lines(g("persons"))
                .iter()
                .map(|l| {
                    let (name, title) = name_and_rest(l);
                    Person { name, title }
                })
                .collect(),
        );
    }
    if changed("liaisons") {
        p.liaisons = Some(
            lines(g("liaisons"))
                .iter()
                .map(|l| {
                    let (name, note) = name_and_rest(l);
                    Liaison { name, note }
                })
                .collect(),
        );
    }
    Ok(p)
}

pub async fn problem_save(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
        let reason = reason(f.get("reason").map(String::as_str).unwrap_or(""))?;
        let d = ctx
            .state
            .app
            .problem_for(&cu.user, id, rectify_app::policy::Action::Read)
            .await?;
        let patch = patch_of(&f, &d)?;
        let c = ctx
            .state
            .app
            .correct_problem(&cu.user, id, &patch, &reason)
            .await
            .map_err(app_err)?;
        Ok(fields_text(&c))
    }
    .await;
    match r {
        Ok(fields) => Ok(ctx.redirect_flash(
            &format!("/problems/{id}#history"),
            true,
            &format!("已更正：{fields} / corrected"),
        )),
        Err(PageError::Login(l)) => Err(PageError::Login(l)),
        Err(e @ PageError::Api(_)) => render_edit(&ctx, id, Some((f, e))).await,
        Err(e) => Err(e),
    }
}

// ---- split and merge ------------------------------------------------------

pub async fn problem_split(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let g = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let r = async {
        let cu = ctx.check_csrf(g("csrf"))?;
        let reason = reason(g("reason"))?;
        // Checkboxes arrive as `measure_N=1`.
        let measures = f
            .iter()
            .filter(|(k, v)| k.starts_with("measure_") && v.as_str() == "1")
            .filter_map(|(k, _)| k.trim_start_matches("measure_").parse::<u32>().ok())
            .collect();
        let input = rectify_app::commands::SplitInput {
            description: g("description").to_string(),
            measures,
        };
        let new_id = ctx
            .state
            .app
            .split_problem(&cu.user, id, &input, &reason)
            .await
            .map_err(app_err)?;
        Ok((
            format!("/problems/{new_id}"),
            "已拆分出新问题，请核对并更正其内容 / split: check the new problem".to_string(),
        ))
    }
    .await;
    flash(&ctx, r, &format!("/problems/{id}/edit#split"))
}

pub async fn problem_merge(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let g = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let r = async {
        let cu = ctx.check_csrf(g("csrf"))?;
        let reason = reason(g("reason"))?;
        let other = parse_id(g("other"))?;
        ctx.state
            .app
            .merge_problems(&cu.user, id, other, &reason)
            .await
            .map_err(app_err)
    }
    .await;
    match r {
        Ok(()) => {
            Ok(ctx.redirect_flash(&format!("/problems/{id}#history"), true, "已合并 / merged"))
        }
        Err(PageError::Login(l)) => Err(PageError::Login(l)),
        Err(e) => Ok(ctx.redirect_flash(
            &format!("/problems/{id}/edit#merge"),
            false,
            &e.message_with_code(),
        )),
    }
}
