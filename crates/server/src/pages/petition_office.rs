//! The office's petition pages: the duplicate review queue (confirm or
//! reject each suggested pair), the batches with the upload of a handover
//! list or hotline export, and the figures by unit, area, type or batch
//! with their CSV export.

use super::ctx::{bilingual, Base, Ctx, PageError, PageForm, PageQuery};
use super::petition_view::{Opt, WhyView};
use super::view::{self, truncate};
use crate::error::ApiError;
use crate::policy::{self, PetitionAction};
use askama::Template;
use axum::extract::Multipart;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rectify_app::commands::{PetitionFigures, PetitionImportInput, PetitionImportOutcome};
use rectify_domain::petition::PetitionStats;
use rectify_domain::ErrorCode;
use rectify_store::{PetitionDimension, PetitionFilter, PetitionText, User};
use serde::Deserialize;
use std::collections::HashMap;

// ---- duplicates ------------------------------------------------------------

pub struct Side {
    pub id: i64,
    pub code: String,
    pub meta: String,
    pub text: String,
}

impl Side {
    fn of(code: &str, texts: &HashMap<String, PetitionText>) -> Side {
        match texts.get(code) {
            Some(t) => Side {
                id: t.id,
                code: t.code.clone(),
                meta: [
                    t.received_on.map(view::date).unwrap_or_default(),
                    t.area.clone(),
                    t.kind.clone(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
                text: truncate(
                    &if t.address.is_empty() {
                        t.content.clone()
                    } else {
                        format!("【{}】{}", t.address, t.content)
                    },
                    400,
                ),
            },
            None => Side {
                id: 0,
                code: code.to_string(),
                meta: String::new(),
                text: String::new(),
            },
        }
    }
}

pub struct PairView {
    pub a: Side,
    pub b: Side,
    pub why: WhyView,
    /// 已确认 / 已否定, or "" while undecided.
    pub decided: &'static str,
}

#[derive(Template)]
#[template(path = "petition_duplicates.html")]
struct DuplicatesPage {
    b: Base,
    pairs: Vec<PairView>,
    groups: Vec<Vec<Side>>,
    can_decide: bool,
    candidates: usize,
}

fn pair_key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

pub async fn duplicates(ctx: Ctx) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let user = &cu.user;
    let dups = ctx.state.app.petition_duplicates(user).await?;
    let texts: HashMap<String, PetitionText> = ctx
        .state
        .store
        .petition_texts()
        .await?
        .into_iter()
        .map(|t| (t.code.clone(), t))
        .collect();
    let decisions: HashMap<(String, String), String> = ctx
        .state
        .store
        .petition_decisions()
        .await?
        .into_iter()
        .map(|d| (pair_key(&d.code_a, &d.code_b), d.decision))
        .collect();
    let pairs = dups
        .matches
        .iter()
        .map(|m| {
            let e = &m.explanation;
            PairView {
                a: Side::of(&m.a, &texts),
                b: Side::of(&m.b, &texts),
                why: WhyView::new(
                    &e.shared_places,
                    &e.shared_polluters,
                    &e.shared_terms,
                    e.kind.as_deref(),
                    &e.conflicts,
                    f64::from(e.score),
                ),
                decided: match decisions.get(&pair_key(&m.a, &m.b)).map(String::as_str) {
                    Some("confirmed") => "已确认为同一事项",
                    Some(_) => "已否定",
                    None => "",
                },
            }
        })
        .collect();
    let groups = dups
        .groups
        .iter()
        .map(|g| g.iter().map(|c| Side::of(c, &texts)).collect())
        .collect();
    let page = DuplicatesPage {
        b: ctx.base("重复举报审核", "petitions"),
        pairs,
        groups,
        can_decide: policy::petition_allowed(user, PetitionAction::Manage, None),
        candidates: dups.candidates,
    };
    Ok(ctx.render(&page))
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
    #[serde(default)]
    confirmed: String,
}

pub async fn decide(ctx: Ctx, PageForm(f): PageForm<DecideForm>) -> Result<Response, PageError> {
    let cu = ctx.check_csrf(&f.csrf)?;
    let confirmed = f.confirmed == "1";
    match ctx
        .state
        .app
        .decide_duplicate(&cu.user, &f.a, &f.b, confirmed)
        .await
    {
        Ok(()) => Ok(ctx.redirect_flash(
            "/petitions/duplicates",
            true,
            &if confirmed {
                format!(
                    "已确认 {} 与 {} 为同一事项 / confirmed as one matter",
                    f.a, f.b
                )
            } else {
                format!(
                    "已确认 {} 与 {} 不是同一事项 / marked as different",
                    f.a, f.b
                )
            },
        )),
        Err(e) if e.code == ErrorCode::Forbidden => Err(PageError::from(e)),
        Err(e) => Ok(ctx.redirect_flash(
            "/petitions/duplicates",
            false,
            &PageError::from(e).message_with_code(),
        )),
    }
}

// ---- batches, import and figures ------------------------------------------

/// One line of the figures, as the table and the CSV show it.
pub struct FigRow {
    pub cells: Vec<String>,
}

pub const FIG_HEADERS: [&str; 16] = [
    "受理",
    "属实（含部分属实）",
    "办结",
    "办结率",
    "符合销号标准",
    "符合销号标准占比",
    "重复举报",
    "满意率",
    "责令整改",
    "立案处罚",
    "罚款（万元）",
    "拘留",
    "约谈",
    "问责",
    "超期",
    "反弹",
];

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |p| format!("{p:.1}%"))
}

fn fig_cells(s: &PetitionStats) -> Vec<String> {
    vec![
        s.key.clone(),
        s.received.to_string(),
        (s.verified_true + s.verified_partly).to_string(),
        s.closed.to_string(),
        pct(s.closure_rate()),
        s.meets_standard.to_string(),
        pct(s.standard_rate()),
        s.repeated.to_string(),
        pct(s.satisfaction_rate()),
        s.ordered.to_string(),
        s.penalty_cases.to_string(),
        format!("{:.2}", s.fines_wan),
        s.detained.to_string(),
        s.interviewed.to_string(),
        s.accountable.to_string(),
        s.overdue.to_string(),
        s.rebound.to_string(),
    ]
}

const DIMENSIONS: [(&str, &str); 4] = [
    ("unit", "按责任单位"),
    ("area", "按行政区域"),
    ("kind", "按污染类型"),
    ("batch", "按批次"),
];

fn dimension_label(d: &str) -> &'static str {
    match d {
        "area" => "行政区域",
        "kind" => "污染类型",
        "batch" => "批次",
        _ => "责任单位",
    }
}

pub struct BatchView {
    pub id: i64,
    pub name: String,
    pub source: String,
    pub handed_over_on: String,
    pub file_name: String,
    pub by: String,
    pub at: String,
    pub petitions: i64,
    pub closed: i64,
}

#[derive(Template)]
#[template(path = "petition_batches.html")]
struct BatchesPage {
    b: Base,
    batches: Vec<BatchView>,
    can_import: bool,
    outcome: Option<PetitionImportOutcome>,
    import_error: String,
    batch_name: String,
    dims: Vec<Opt>,
    dim: String,
    dim_label: &'static str,
    headers: Vec<&'static str>,
    rows: Vec<FigRow>,
    total: FigRow,
}

#[derive(Debug, Default, Deserialize)]
pub struct FigQuery {
    #[serde(default)]
    dim: Option<String>,
}

fn dimension(q: &Option<String>) -> (PetitionDimension, String) {
    let d = q.as_deref().map(str::trim).unwrap_or("unit");
    match PetitionDimension::parse(d) {
        Some(p) => (p, d.to_string()),
        None => (PetitionDimension::Unit, "unit".into()),
    }
}

async fn figures(
    ctx: &Ctx,
    user: &User,
    dim: PetitionDimension,
) -> Result<PetitionFigures, PageError> {
    Ok(ctx
        .state
        .app
        .petition_figures(user, dim, PetitionFilter::default())
        .await?)
}

async fn render_batches(
    ctx: &Ctx,
    dim_q: &Option<String>,
    outcome: Option<PetitionImportOutcome>,
    import_error: String,
    batch_name: String,
) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let user = &cu.user;
    let batches = ctx
        .state
        .app
        .petition_batches(user)
        .await?
        .into_iter()
        .map(|b| BatchView {
            id: b.id,
            source: rectify_domain::petition::Source::parse(&b.source)
                .map_or(b.source.clone(), |s| s.label_zh().to_string()),
            name: b.name,
            handed_over_on: b.handed_over_on.map(view::date).unwrap_or_default(),
            file_name: b.file_name.unwrap_or_default(),
            by: b.imported_by,
            at: view::datetime(b.imported_at),
            petitions: b.petitions,
            closed: b.closed,
        })
        .collect();
    let (dim, dim_code) = dimension(dim_q);
    let figs = figures(ctx, user, dim).await?;
    let mut b = ctx.base("信访件批次与统计", "petitions");
    if !import_error.is_empty() {
        b.flash_ok = None;
    }
    let page = BatchesPage {
        b,
        batches,
        can_import: policy::petition_allowed(user, PetitionAction::Manage, None),
        outcome,
        import_error,
        batch_name,
        dims: DIMENSIONS
            .iter()
            .map(|(v, l)| Opt {
                value: (*v).to_string(),
                label: (*l).to_string(),
                selected: *v == dim_code,
            })
            .collect(),
        dim_label: dimension_label(&dim_code),
        dim: dim_code,
        headers: FIG_HEADERS.to_vec(),
        rows: figs
            .rows
            .iter()
            .map(|r| FigRow {
                cells: fig_cells(r),
            })
            .collect(),
        total: FigRow {
            cells: fig_cells(&figs.total),
        },
    };
    Ok(ctx.render(&page))
}

pub async fn batches(ctx: Ctx, PageQuery(q): PageQuery<FigQuery>) -> Result<Response, PageError> {
    render_batches(&ctx, &q.dim, None, String::new(), String::new()).await
}

/// The upload of a handover list or hotline export: stored all or
/// nothing; a bad file shows its coded error and stores nothing.
pub async fn import(ctx: Ctx, mut mp: Multipart) -> Result<Response, PageError> {
    let bad = |_| PageError::BadRequest("上传内容无法读取 / the upload could not be read".into());
    let (mut csrf, mut batch, mut handed) = (String::new(), String::new(), String::new());
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(bad)?,
            Some("batch") => batch = field.text().await.map_err(bad)?,
            Some("handed_over_on") => handed = field.text().await.map_err(bad)?,
            Some("file") => {
                let name = rectify_app::commands::clean_file_name(field.file_name())
                    .unwrap_or_else(|| "petitions.csv".into());
                let bytes = field.bytes().await.map_err(bad)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let cu = ctx.check_csrf(&csrf)?;
    if !policy::petition_allowed(&cu.user, PetitionAction::Manage, None) {
        return Err(PageError::Api(ApiError::of(ErrorCode::Forbidden)));
    }
    let refused =
        |e: rectify_domain::Error| bilingual(&PageError::from(e).message_with_code(), ctx.lang);
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let msg = bilingual(
            "请选择要导入的交办清单或热线工单文件（csv 或 xlsx） / choose a csv or xlsx file",
            ctx.lang,
        );
        return render_batches(&ctx, &None, None, msg, batch).await;
    };
    let handed_over_on = match handed.trim() {
        "" => None,
        s => match rectify_domain::input::date(s, "交办日期 / handover date") {
            Ok(d) => Some(d),
            Err(e) => return render_batches(&ctx, &None, None, refused(e), batch).await,
        },
    };
    let input = PetitionImportInput {
        file_name: name,
        batch: Some(batch.clone()).filter(|b| !b.trim().is_empty()),
        handed_over_on,
        dry_run: false,
    };
    match ctx
        .state
        .app
        .import_petitions(&cu.user, &bytes, input)
        .await
    {
        Ok(out) => render_batches(&ctx, &None, Some(out), String::new(), String::new()).await,
        Err(e) if e.code == ErrorCode::Forbidden => Err(PageError::from(e)),
        Err(e) => render_batches(&ctx, &None, None, refused(e), batch).await,
    }
}

/// The figures table as CSV (UTF-8 with BOM, for Excel).
pub async fn figures_csv(
    ctx: Ctx,
    PageQuery(q): PageQuery<FigQuery>,
) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let (dim, code) = dimension(&q.dim);
    let figs = figures(&ctx, &cu.user, dim).await?;
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let mut head = vec![dimension_label(&code)];
        head.extend_from_slice(&FIG_HEADERS);
        let mut rows = figs.rows.iter().chain(std::iter::once(&figs.total));
        let written = w
            .write_record(&head)
            .and_then(|()| rows.try_for_each(|r| w.write_record(fig_cells(r))))
            .and_then(|()| w.flush().map_err(csv::Error::from));
        if written.is_err() {
            return Err(PageError::Internal);
        }
    }
    let mut res = (StatusCode::OK, out).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let file = format!(
        "信访件统计-{}-{}.csv",
        code,
        ctx.state.today().format("%Y%m%d")
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"petition-figures.csv\"; filename*=UTF-8''{}",
        urlencoding::encode(&file)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(ctx.finish(res))
}

// ---- the dashboard's row ---------------------------------------------------

/// The dashboard's small 信访件 row: received, closure rate, overdue,
/// repeated and rebound, each linking to the filtered list. Empty for those
/// who may not read petitions and while there are none.
pub async fn dashboard_cards(ctx: &Ctx, user: &User) -> Vec<super::dashboard::Card> {
    use super::dashboard::Card;
    let Ok(f) = figures(ctx, user, PetitionDimension::Unit).await else {
        return vec![];
    };
    let t = f.total;
    if t.received == 0 {
        return vec![];
    }
    let card = |label, value: String, class, href: &str| Card {
        label,
        value,
        note: String::new(),
        class,
        href: href.to_string(),
    };
    vec![
        card(
            "信访件受理",
            t.received.to_string(),
            "card-total",
            "/petitions",
        ),
        card(
            "信访件办结率",
            pct(t.closure_rate()),
            "card-done",
            "/petitions?status=closed",
        ),
        card(
            "信访件超期",
            t.overdue.to_string(),
            "card-danger",
            "/petitions?overdue=1",
        ),
        card(
            "重复举报",
            t.repeated.to_string(),
            "card-warning",
            "/petitions?duplicates_only=1",
        ),
        card(
            "信访件反弹",
            t.rebound.to_string(),
            "card-danger",
            "/petitions?rebound=1",
        ),
    ]
}
