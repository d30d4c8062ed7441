//! Plan import for the office: upload, a preview of what the importer found
//! (problems, warnings) with nothing saved, then save. The preview carries
//! the uploaded file itself (base64 in a hidden field) and the save parses
//! it again, so what is saved is exactly what the importer makes of the file.

use super::ctx::{bilingual, Base, Ctx, PageError, PageForm};
use super::view::{self, truncate};
use crate::error::ApiError;
use crate::policy::{self, GlobalAction};
use askama::Template;
use axum::extract::Multipart;
use axum::response::Response;
use base64::Engine;
use rectify_domain::ErrorCode;
use rectify_domain::PlanDraft;
use serde::Deserialize;

pub struct DraftRow {
    pub number: String,
    pub sub: bool,
    pub category: String,
    pub description: String,
    pub deadline: String,
    pub due: String,
    pub units: String,
    pub leaders: String,
    pub measures: usize,
    /// CSS classes marking fields the importer guessed or did not find,
    /// for the office to check first: (description, deadline, units,
    /// leaders, measures).
    pub cf: [&'static str; 5],
}

/// `cf-guessed` / `cf-missing` for a field of a draft, "" when read by rule.
fn confidence_class(p: &rectify_domain::ProblemDraft, field: &str) -> &'static str {
    match p.confidence.get(field) {
        Some(rectify_domain::FieldConfidence::Guessed) => "cf-guessed",
        Some(rectify_domain::FieldConfidence::Missing) => "cf-missing",
        _ => "",
    }
}

pub struct WarningView {
    pub code: String,
    pub message: String,
    pub line: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    b: Base,
    error: Option<String>,
    preview: Option<Preview>,
}

struct Preview {
    file_name: String,
    kind: String,
    sha256: String,
    title: String,
    jurisdiction: String,
    declared: String,
    found: usize,
    categories: Vec<String>,
    rows: Vec<DraftRow>,
    warnings: Vec<WarningView>,
    indicators: usize,
    key_projects: usize,
    data: String,
    /// Against the plan of the same title already in the ledger.
    existing: Option<i64>,
    added: Vec<String>,
    changed: Vec<String>,
    dropped: Vec<String>,
    conflicts: Vec<String>,
    /// Units the import would create: (name, the registered units it
    /// resembles and why).
    new_units: Vec<(String, String)>,
}

fn may_import(ctx: &Ctx) -> Result<(), PageError> {
    let cu = ctx.staff()?;
    if policy::allowed_global(&cu.user, GlobalAction::ImportPlan) {
        Ok(())
    } else {
        Err(PageError::Api(ApiError::of(ErrorCode::Forbidden)))
    }
}

pub async fn form(ctx: Ctx) -> Result<Response, PageError> {
    may_import(&ctx)?;
    Ok(ctx.render(&ImportPage {
        b: ctx.base("方案导入", "import"),
        error: None,
        preview: None,
    }))
}

fn preview_of(
    draft: &PlanDraft,
    file_name: &str,
    bytes: &[u8],
    cmp: &rectify_app::commands::ImportPreview,
) -> Preview {
    let cat_title = |seq: Option<u32>| {
        seq.and_then(|s| draft.categories.iter().find(|c| c.seq == s))
            .map(|c| truncate(&c.title, 16))
            .unwrap_or_default()
    };
    Preview {
        file_name: file_name.to_string(),
        kind: draft.source.kind.clone(),
        sha256: draft.source.sha256.chars().take(16).collect(),
        title: draft.title.clone(),
        jurisdiction: draft.jurisdiction.clone().unwrap_or_default(),
        declared: draft
            .declared_problem_count
            .map(|n| n.to_string())
            .unwrap_or_else(|| "未说明".into()),
        found: draft.problems.len(),
        categories: draft
            .categories
            .iter()
            .map(|c| format!("{}. {}", c.seq, c.title))
            .collect(),
        rows: draft
            .problems
            .iter()
            .map(|p| DraftRow {
                number: p.number_text.clone(),
                sub: p.parent_seq.is_some(),
                category: cat_title(p.category_seq),
                description: truncate(&p.description, 120),
                deadline: p.deadline.text.clone(),
                due: p.deadline.due.map(view::date).unwrap_or_default(),
                units: view::units_by_role(&p.units)
                    .into_iter()
                    .map(|(r, n)| format!("{r}：{n}"))
                    .collect::<Vec<_>>()
                    .join("；"),
                leaders: p.leaders.join("、"),
                measures: p.measures.len(),
                cf: ["description", "deadline", "units", "leaders", "measures"]
                    .map(|f| confidence_class(p, f)),
            })
            .collect(),
        warnings: draft
            .warnings
            .iter()
            .map(|w| WarningView {
                code: w.code.clone(),
                message: w.message.clone(),
                line: w.line.map(|l| l.to_string()).unwrap_or_default(),
            })
            .collect(),
        indicators: draft.indicators.len(),
        key_projects: draft.key_projects.len(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        existing: cmp.plan_id,
        added: cmp.diff.added.clone(),
        changed: cmp
            .diff
            .changed
            .iter()
            .map(|c| {
                let fields = c
                    .fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{}：{} → {}",
                            f.field.label_zh(),
                            truncate(&f.before, 40),
                            truncate(&f.after, 40)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；");
                format!("{}　{fields}", c.number)
            })
            .collect(),
        dropped: cmp.diff.dropped.clone(),
        conflicts: cmp
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "{} {}：台账（人工更正）「{}」，文件「{}」",
                    c.number,
                    c.field.label_zh(),
                    truncate(&c.kept, 40),
                    truncate(&c.imported, 40)
                )
            })
            .collect(),
        new_units: cmp
            .new_units
            .iter()
            .map(|u| {
                (
                    u.name.clone(),
                    u.resembles
                        .iter()
                        .map(|(n, why)| format!("{n}（{why}）"))
                        .collect::<Vec<_>>()
                        .join("、"),
                )
            })
            .collect(),
    }
}

/// The application's file-name rule (no path, no control or bidi
/// characters), with a stand-in for an empty name.
fn clean_file_name(name: &str) -> String {
    rectify_app::commands::clean_file_name(Some(name)).unwrap_or_else(|| "upload.txt".into())
}

/// Step 1: the upload (multipart) and the preview. Nothing is saved.
pub async fn preview(ctx: Ctx, mut mp: Multipart) -> Result<Response, PageError> {
    may_import(&ctx)?;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let bad = |_| PageError::BadRequest("上传内容无法读取 / the upload could not be read".into());
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(bad)?,
            Some("file") => {
                let name = clean_file_name(field.file_name().unwrap_or("upload.txt"));
                let bytes = field.bytes().await.map_err(bad)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let cu = ctx.check_csrf(&csrf)?;
    let render_error = |msg: String| {
        ctx.render(&ImportPage {
            b: ctx.base("方案导入", "import"),
            error: Some(msg),
            preview: None,
        })
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok(render_error(bilingual(
            "请选择要导入的方案文件（txt、md、docx 或 xlsx） / choose a plan file",
            ctx.lang,
        )));
    };
    match rectify_app::commands::parse_document(name.clone(), bytes.clone()).await {
        Ok(draft) => {
            let cmp = ctx.state.app.preview_import(&cu.user, &draft).await?;
            Ok(ctx.render(&ImportPage {
                b: ctx.base("方案导入", "import"),
                error: None,
                preview: Some(preview_of(&draft, &name, &bytes, &cmp)),
            }))
        }
        Err(e) => Ok(render_error(bilingual(&e.to_string(), ctx.lang))),
    }
}

#[derive(Debug, Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    file_name: String,
    #[serde(default)]
    data: String,
}

/// Step 2: save what the preview showed.
pub async fn save(ctx: Ctx, PageForm(f): PageForm<SaveForm>) -> Result<Response, PageError> {
    may_import(&ctx)?;
    let cu = ctx.check_csrf(&f.csrf)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(f.data.trim())
        .map_err(|_| {
            PageError::BadRequest("导入数据已损坏，请重新上传 / the upload is damaged".into())
        })?;
    let name = clean_file_name(&f.file_name);
    let draft = match rectify_app::commands::parse_document(name.clone(), bytes).await {
        Ok(d) => d,
        Err(e) => {
            return Ok(ctx.redirect_flash(
                "/import",
                false,
                &PageError::from(e).message_with_code(),
            ))
        }
    };
    match ctx
        .state
        .app
        .store_draft(&cu.user.username, draft, false)
        .await
    {
        Ok(out) => {
            let report = out.report.ok_or(PageError::Internal)?;
            let msg = format!(
                "方案已{}：共 {} 个问题，新增 {}，变更 {}，原文未列 {}，保留人工更正 {} / plan {}: {} problems",
                if report.created { "导入" } else { "更新" },
                report.problems_total,
                report.added.len(),
                report.changed.len(),
                report.missing.len(),
                out.preview.conflicts.len(),
                if report.created {
                    "imported"
                } else {
                    "updated"
                },
                report.problems_total
            );
            // The plan page: check, correct, then publish.
            Ok(ctx.redirect_flash(&format!("/plans/{}", report.plan_id), true, &msg))
        }
        Err(e) => Ok(ctx.redirect_flash("/import", false, &PageError::from(e).message())),
    }
}
