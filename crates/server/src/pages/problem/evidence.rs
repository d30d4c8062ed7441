//! Evidence (佐证材料) on the problem page: the list with thumbnails for
//! images, and the form that publishes, unpublishes or withdraws a file.

use super::forms::back_to;
use crate::pages::ctx::{Ctx, PageError, PageForm};
use crate::pages::view;
use axum::extract::Path;
use axum::response::Response;
use rectify_app::commands::EvidenceChange;
use rectify_domain::input::Comment;
use rectify_store::{ProblemDetail, ATTACHMENT_KINDS};
use serde::Deserialize;

pub struct EvidenceView {
    pub id: i64,
    pub url: String,
    pub is_image: bool,
    pub file_name: String,
    pub kind: &'static str,
    pub size: String,
    pub by: String,
    pub at: String,
    /// The period of the report the file came with, if any.
    pub period: String,
    pub public: bool,
    /// "withdrawn by X on D: reason", or empty.
    pub withdrawn: String,
}

fn size_label(bytes: i64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

pub fn views(d: &ProblemDetail) -> Vec<EvidenceView> {
    d.attachments
        .iter()
        .map(|a| EvidenceView {
            id: a.id,
            url: format!("/api/v1/attachments/{}", a.sha256),
            is_image: a.content_type.starts_with("image/"),
            file_name: a.file_name.clone(),
            kind: ATTACHMENT_KINDS
                .iter()
                .find(|(k, _)| *k == a.kind)
                .map(|(_, l)| *l)
                .unwrap_or("其他材料"),
            size: size_label(a.size),
            by: a.uploaded_by.clone(),
            at: view::datetime(a.uploaded_at),
            period: a
                .report_id
                .and_then(|rid| d.reports.iter().find(|r| r.id == rid))
                .map(|r| r.period.clone())
                .unwrap_or_default(),
            public: a.public,
            withdrawn: match (&a.removed_by, a.removed_at) {
                (Some(by), Some(at)) => format!(
                    "{} 于 {} 撤回：{}",
                    by,
                    view::datetime(at),
                    a.removal_reason.clone().unwrap_or_default()
                ),
                _ => String::new(),
            },
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    /// publish, unpublish or withdraw.
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

pub async fn change(
    ctx: Ctx,
    Path((id, aid)): Path<(String, String)>,
    PageForm(f): PageForm<ChangeForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let r = async {
        let aid = crate::pages::ctx::parse_id(&aid)?;
        let cu = ctx.check_csrf(&f.csrf)?;
        let change = match f.action.as_str() {
            "publish" => EvidenceChange::Public(true),
            "unpublish" => EvidenceChange::Public(false),
            _ => EvidenceChange::Withdraw(
                Comment::parse(&f.reason, "撤回原因 / the reason").map_err(|_| {
                    super::forms::app_err(rectify_domain::ErrorCode::ReasonRequired.into())
                })?,
            ),
        };
        let a = ctx
            .state
            .app
            .change_evidence(&cu.user, id, aid, change)
            .await
            .map_err(super::forms::app_err)?;
        Ok(if a.removed_at.is_some() {
            format!("“{}”已撤回（文件保留备查） / withdrawn", a.file_name)
        } else if a.public {
            format!(
                "“{}”已设为公开，公示期间在门户展示 / now public",
                a.file_name
            )
        } else {
            format!("“{}”已设为不公开 / no longer public", a.file_name)
        })
    }
    .await;
    back_to(&ctx, id, "evidence", r)
}
