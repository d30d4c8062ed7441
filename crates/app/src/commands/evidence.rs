//! Evidence (佐证材料): a file put into the evidence store under its SHA-256
//! and recorded on a problem, optionally on one of its reports.

use crate::error::{self, Error, ErrorCode, Result};
use crate::policy::Action;
use crate::App;
use chrono::Utc;
use rectify_store::{Attachment, NewAttachment, User, ATTACHMENT_KINDS};

#[derive(Debug, Clone)]
pub struct AttachmentInput {
    /// A display name, already cleaned; `None` names it by its type.
    pub file_name: Option<String>,
    /// One of `ATTACHMENT_KINDS`.
    pub kind: &'static str,
    pub report_id: Option<i64>,
}

impl AttachmentInput {
    pub fn parse(file_name: Option<&str>, kind: &str, report_id: &str) -> Result<Self> {
        let kind = match kind.trim() {
            "" => "other",
            k => ATTACHMENT_KINDS
                .iter()
                .find(|(x, _)| *x == k)
                .map(|(x, _)| *x)
                .ok_or_else(|| {
                    Error::with(
                        ErrorCode::InvalidInput,
                        "材料类别须为 photo（现场照片）、acceptance（验收意见）、monitoring（监测报告）或 other（其他材料） / kind must be photo, acceptance, monitoring or other",
                    )
                })?,
        };
        let report_id = match report_id.trim() {
            "" => None,
            r => Some(r.parse::<i64>().map_err(|_| {
                Error::with(
                    ErrorCode::InvalidInput,
                    "report_id 须为整数 / report_id must be an integer",
                )
            })?),
        };
        Ok(AttachmentInput {
            file_name: clean_file_name(file_name),
            kind,
            report_id,
        })
    }
}

/// A display name from what the client sent: the last path segment, no
/// control or bidirectional control characters (`报告\u{202e}fdp.exe` would
/// read as `报告exe.pdf`), at most 200 characters.
/// Only ever shown, never used to find the file.
pub fn clean_file_name(raw: Option<&str>) -> Option<String> {
    let last = raw?.rsplit(['/', '\\']).next()?;
    let name: String = last
        .chars()
        .filter(|c| !c.is_control() && !rectify_domain::input::is_bidi_control(*c))
        .take(200)
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

impl App {
    pub async fn attach_evidence(
        &self,
        user: &User,
        problem_id: i64,
        input: AttachmentInput,
        bytes: bytes::Bytes,
    ) -> Result<Attachment> {
        let d = self
            .problem_for(user, problem_id, Action::AttachEvidence)
            .await?;
        // Checked before the file is stored, so a wrong id leaves nothing behind.
        if let Some(rid) = input.report_id {
            if !d.reports.iter().any(|r| r.id == rid) {
                return Err(Error::with(
                    ErrorCode::InvalidInput,
                    "该进展报告不属于此问题 / the report belongs to another problem",
                ));
            }
        }
        let checked = self.evidence()?.put(bytes).await.map_err(error::evidence)?;
        let file_name = input
            .file_name
            .unwrap_or_else(|| format!("附件.{}", checked.content_type.extension()));
        let size =
            i64::try_from(checked.size).map_err(|_| Error::new(ErrorCode::PayloadTooLarge))?;
        Ok(self
            .store
            .add_attachment(&NewAttachment {
                problem_id,
                report_id: input.report_id,
                sha256: checked.sha256,
                size,
                content_type: checked.content_type.mime().to_string(),
                file_name,
                kind: input.kind.to_string(),
                uploaded_by: user.username.clone(),
                uploaded_at: Utc::now(),
            })
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn bidi_controls_are_stripped_from_file_names() {
        for (raw, clean) in [
            ("验收报告\u{202e}fdp.exe", "验收报告fdp.exe"),
            ("\u{2067}照片\u{2069}.jpg", "照片.jpg"),
            ("a\u{200f}b\u{61c}.pdf", "ab.pdf"),
        ] {
            assert_eq!(clean_file_name(Some(raw)).as_deref(), Some(clean), "{raw:?}");
        }
    }
}
