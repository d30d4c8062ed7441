//! Evidence (佐证材料): a file put into the evidence store under its SHA-256
//! and recorded on a problem, optionally on one of its reports.

use crate::error::{self, Error, ErrorCode, Result};
use crate::policy::Action;
use crate::App;
use chrono::Utc;
use rectify_domain::input::Comment;
use rectify_store::{Attachment, AttachmentChange, NewAttachment, User, ATTACHMENT_KINDS};

#[derive(Debug, Clone)]
pub struct AttachmentInput {
    /// A display name, already cleaned; `None` names it by its type.
    pub file_name: Option<String>,
    /// One of `ATTACHMENT_KINDS`.
    pub kind: &'static str,
    pub report_id: Option<i64>,
    /// Shown on the portal during and after the notice.
    pub public: bool,
}

impl AttachmentInput {
    pub fn parse(
        file_name: Option<&str>,
        kind: &str,
        report_id: &str,
        public: bool,
    ) -> Result<Self> {
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
            public,
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
                public: input.public,
            })
            .await?)
    }

    /// Publishes or unpublishes evidence, or withdraws it with a reason.
    /// Those who may attach evidence to the problem may change it; a
    /// withdrawn file stays stored and listed, and cannot be changed again.
    pub async fn change_evidence(
        &self,
        user: &User,
        problem_id: i64,
        attachment_id: i64,
        change: EvidenceChange,
    ) -> Result<Attachment> {
        let d = self
            .problem_for(user, problem_id, Action::AttachEvidence)
            .await?;
        if !d.attachments.iter().any(|a| a.id == attachment_id) {
            return Err(Error::new(ErrorCode::NotFound));
        }
        let change = match change {
            EvidenceChange::Public(p) => AttachmentChange::Public(p),
            EvidenceChange::Withdraw(reason) => AttachmentChange::Withdraw {
                reason: reason.into_string(),
            },
        };
        let a = self
            .store
            .change_attachment(attachment_id, &change, &user.username, Utc::now())
            .await?;
        self.refresh_soon(vec![problem_id]);
        Ok(a)
    }
}

/// What a user asks to change on recorded evidence.
#[derive(Debug, Clone)]
pub enum EvidenceChange {
    Public(bool),
    /// Withdraw, with the reason (required).
    Withdraw(Comment),
}

/// A file as a form sent it, not yet checked or stored.
#[derive(Debug, Clone)]
pub struct EvidenceFile {
    pub file_name: Option<String>,
    pub bytes: bytes::Bytes,
}

/// Files sent together with a report or a sign-off step, all of one kind.
#[derive(Debug, Clone, Default)]
pub struct EvidenceBatch {
    pub files: Vec<EvidenceFile>,
    /// One of `ATTACHMENT_KINDS`; empty means `other`.
    pub kind: String,
    pub public: bool,
}

/// At most this many files with one report or step.
const MAX_FILES: usize = 10;

impl App {
    /// Checks every file of a batch (type by content, size) before anything
    /// is written, so a bad file refuses the whole submission.
    pub(crate) fn check_batch(&self, batch: &EvidenceBatch) -> Result<()> {
        if batch.files.len() > MAX_FILES {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                format!("一次最多上传 {MAX_FILES} 个文件 / at most {MAX_FILES} files at once"),
            ));
        }
        AttachmentInput::parse(None, &batch.kind, "", batch.public)?;
        for f in &batch.files {
            self.evidence()?.check(&f.bytes).map_err(error::evidence)?;
        }
        Ok(())
    }

    /// Stores and records each file of a checked batch.
    pub(crate) async fn attach_batch(
        &self,
        user: &User,
        problem_id: i64,
        report_id: Option<i64>,
        batch: EvidenceBatch,
    ) -> Result<Vec<Attachment>> {
        let mut out = vec![];
        for f in batch.files {
            let input = AttachmentInput {
                report_id,
                ..AttachmentInput::parse(f.file_name.as_deref(), &batch.kind, "", batch.public)?
            };
            out.push(
                self.attach_evidence(user, problem_id, input, f.bytes)
                    .await?,
            );
        }
        Ok(out)
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
            assert_eq!(
                clean_file_name(Some(raw)).as_deref(),
                Some(clean),
                "{raw:?}"
            );
        }
    }
}
