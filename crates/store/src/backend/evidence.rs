//! Evidence (证据材料): files recorded on problems. The blobs live in the
//! evidence store under their SHA-256; the ledger records each blob once
//! and which problem (and progress report) each file supports.

use super::rows::AttachmentRow;
use super::snapshot::snap_simple;
use super::write::{ev, Write};
use super::Pool;
use chrono::{DateTime, Utc};
use rectify_store::sql::micros;
use rectify_store::{
    Attachment, AttachmentChange, NewAttachment, StoreError, StoreResult, ATTACHMENT_KINDS,
};

/// The columns of `rows::AttachmentRow`.
pub(super) const ATTACHMENT_SELECT: &str =
    "SELECT pa.id, pa.problem_id, pa.report_id, pa.sha256, pa.file_name, pa.kind, \
     pa.uploaded_by, pa.uploaded_at, pa.public, pa.removed_at, pa.removed_by, \
     pa.removal_reason, a.size, a.content_type \
     FROM problem_attachments pa JOIN attachments a ON a.sha256 = pa.sha256";

fn check(a: &NewAttachment) -> StoreResult<()> {
    if !ATTACHMENT_KINDS.iter().any(|(k, _)| *k == a.kind) {
        return Err(StoreError::invalid(
            "材料类别须为 photo（现场照片）、acceptance（验收意见）、monitoring（监测报告）或 other（其他材料）",
            "kind must be photo, acceptance, monitoring or other",
        ));
    }
    if a.sha256.len() != 64
        || !a
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(StoreError::invalid(
            "文件哈希须为64位小写十六进制 SHA-256",
            "sha256 must be 64 lower-case hex digits",
        ));
    }
    let name = a.file_name.trim();
    if name.is_empty() || name.chars().count() > 255 || name.chars().any(char::is_control) {
        return Err(StoreError::invalid(
            "文件名须为1到255个字符且不含控制字符",
            "the file name must be 1-255 characters without control characters",
        ));
    }
    if a.size <= 0 || a.content_type.trim().is_empty() {
        return Err(StoreError::invalid(
            "文件大小或类型缺失",
            "the file's size or type is missing",
        ));
    }
    Ok(())
}

pub(crate) async fn add_attachment(pool: &Pool, a: &NewAttachment) -> StoreResult<Attachment> {
    check(a)?;
    let name = a.file_name.trim();
    let mut w = Write::begin(pool).await?;
    sqlx::query("SELECT id FROM problems WHERE id = $1")
        .bind(a.problem_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", a.problem_id)))?;
    if let Some(rid) = a.report_id {
        let owner: i64 =
            sqlx::query_scalar("SELECT problem_id FROM progress_reports WHERE id = $1")
                .bind(rid)
                .fetch_optional(&mut *w.tx)
                .await?
                .ok_or_else(|| StoreError::invalid("进展报告不存在", "no such progress report"))?;
        if owner != a.problem_id {
            return Err(StoreError::invalid(
                "该进展报告不属于此问题",
                "the report belongs to another problem",
            ));
        }
    }
    let size: Option<i64> = sqlx::query_scalar("SELECT size FROM attachments WHERE sha256 = $1")
        .bind(&a.sha256)
        .fetch_optional(&mut *w.tx)
        .await?;
    match size {
        None => {
            sqlx::query(
                "INSERT INTO attachments (sha256, size, content_type, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&a.sha256)
            .bind(a.size)
            .bind(a.content_type.trim())
            .bind(w.at)
            .execute(&mut *w.tx)
            .await?;
        }
        Some(size) if size != a.size => {
            return Err(StoreError::conflict(
                "同一哈希的文件大小不一致",
                "a blob with this hash has another size",
            ));
        }
        Some(_) => {}
    }
    let dup = sqlx::query(
        "SELECT id FROM problem_attachments WHERE problem_id = $1 \
         AND COALESCE(report_id, 0) = $2 AND sha256 = $3",
    )
    .bind(a.problem_id)
    .bind(a.report_id.unwrap_or(0))
    .bind(&a.sha256)
    .fetch_optional(&mut *w.tx)
    .await?;
    if dup.is_some() {
        return Err(StoreError::conflict(
            "该文件已作为此问题的材料上传",
            "this file is already attached to the problem",
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO problem_attachments \
         (problem_id, report_id, sha256, file_name, kind, uploaded_by, uploaded_at, public) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.problem_id)
    .bind(a.report_id)
    .bind(&a.sha256)
    .bind(name)
    .bind(&a.kind)
    .bind(&a.uploaded_by)
    .bind(micros(a.uploaded_at))
    .bind(a.public)
    .fetch_one(&mut *w.tx)
    .await?;
    // The snapshot carries the sha256: the trail names the exact file.
    let after = snap_simple(&mut w.tx, "attachment", id).await?;
    w.audit(ev(
        &a.uploaded_by,
        "attachment.add",
        "attachment",
        id,
        None,
        after,
    ))
    .await?;
    let row: AttachmentRow = sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE pa.id = $1"))
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(row.into())
}

/// Marks evidence public or private, or withdraws it (with a reason); the
/// row and the stored file stay, and the trail records who and why.
pub(crate) async fn change_attachment(
    pool: &Pool,
    id: i64,
    change: &AttachmentChange,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<Attachment> {
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "attachment", id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("材料 / attachment {id}")))?;
    let withdrawn: Option<String> =
        sqlx::query_scalar("SELECT removed_by FROM problem_attachments WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?;
    if withdrawn.is_some() {
        return Err(
            rectify_domain::Error::new(rectify_domain::ErrorCode::EvidenceWithdrawn).into(),
        );
    }
    let action = match change {
        AttachmentChange::Public(public) => {
            sqlx::query("UPDATE problem_attachments SET public = $1 WHERE id = $2")
                .bind(*public)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            if *public {
                "attachment.publish"
            } else {
                "attachment.unpublish"
            }
        }
        AttachmentChange::Withdraw { reason } => {
            sqlx::query(
                "UPDATE problem_attachments SET removed_at = $1, removed_by = $2, \
                 removal_reason = $3, public = $4 WHERE id = $5",
            )
            .bind(micros(at))
            .bind(actor)
            .bind(reason)
            .bind(false)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            "attachment.withdraw"
        }
    };
    let after = snap_simple(&mut w.tx, "attachment", id).await?;
    w.audit(ev(actor, action, "attachment", id, Some(before), after))
        .await?;
    let row: AttachmentRow = sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE pa.id = $1"))
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(row.into())
}

pub(crate) async fn list_attachments(pool: &Pool, problem_id: i64) -> StoreResult<Vec<Attachment>> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE pa.problem_id = $1 ORDER BY pa.id"
    ))
    .bind(problem_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Attachment::from).collect())
}

pub(crate) async fn attachments_by_sha(pool: &Pool, sha256: &str) -> StoreResult<Vec<Attachment>> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE pa.sha256 = $1 ORDER BY pa.id"
    ))
    .bind(sha256)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Attachment::from).collect())
}
