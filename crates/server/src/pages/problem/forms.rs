//! The forms of the problem page. Each parses its fields with the same
//! domain constructors as the JSON API and calls the same application
//! command, so the same bad input gives the same error code.

use super::{render_page, ProgressDraft};
use crate::error::ApiError;
use crate::pages::ctx::{Ctx, PageError, PageForm};
use crate::pages::upload::PageUpload;
use crate::pages::view;
use axum::extract::Path;
use axum::response::Response;
use rectify_app::commands::{EscalationInput, EvidenceBatch, EvidenceFile, ProgressInput};
use rectify_domain::input::{Comment, ShortText};
use rectify_domain::{Decision, ErrorCode, SignoffStep};
use serde::Deserialize;

// ---- forms ---------------------------------------------------------------
// Each form parses its fields with the same domain constructors as the JSON
// API and calls the same application command, so the same bad input gives
// the same error code; the flash message names it.

/// Back to the problem page with the outcome as a flash message; a missing
/// login still goes to the login page.
pub(super) fn back_to(
    ctx: &Ctx,
    id: i64,
    anchor: &str,
    r: Result<String, PageError>,
) -> Result<Response, PageError> {
    back(ctx, id, anchor, r)
}

fn back(
    ctx: &Ctx,
    id: i64,
    anchor: &str,
    r: Result<String, PageError>,
) -> Result<Response, PageError> {
    let to = format!("/problems/{id}#{anchor}");
    match r {
        Ok(msg) => Ok(ctx.redirect_flash(&to, true, &msg)),
        Err(PageError::Login(_)) => Err(PageError::Login(format!("/problems/{id}"))),
        Err(e) => Ok(ctx.redirect_flash(&to, false, &e.message_with_code())),
    }
}

pub(super) fn app_err(e: rectify_domain::Error) -> PageError {
    PageError::from(ApiError::from(e))
}

#[derive(Debug, Deserialize)]
pub struct ProgressForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    text: String,
    /// The kind of the files sent with the report.
    #[serde(default)]
    evidence_kind: String,
    /// "1" when the files may be shown on the portal.
    #[serde(default)]
    evidence_public: String,
}

/// The files of a form as one batch of evidence.
fn batch(files: Vec<EvidenceFile>, kind: &str, public: &str) -> EvidenceBatch {
    EvidenceBatch {
        files,
        kind: kind.to_string(),
        public: public == "1",
    }
}

/// " 及 N 份佐证材料" when files came along.
fn with_files(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("，佐证材料 {n} 份 / with {n} file(s)")
    }
}

pub async fn progress(
    ctx: Ctx,
    Path(id): Path<String>,
    upload: PageUpload<ProgressForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let PageUpload { form: f, files } = upload;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let input = ProgressInput::parse(&f.period, &f.percent, &f.text, ctx.state.today())
            .map_err(app_err)?;
        let (period, percent) = (input.period, input.percent.value());
        let (_, n) = ctx
            .state
            .app
            .submit_progress_with_evidence(
                &cu.user,
                id,
                input,
                batch(files, &f.evidence_kind, &f.evidence_public),
            )
            .await
            .map_err(app_err)?;
        Ok(format!(
            "{period} 进展报告已报送（完成 {percent}%）{} / progress report submitted",
            with_files(n)
        ))
    }
    .await;
    match r {
        // A refused report comes back in the form, with what was typed.
        Err(e @ PageError::Api(_)) if ctx.user.is_some() => {
            let draft = ProgressDraft {
                period: f.period,
                percent: f.percent,
                text: f.text,
                error: e,
            };
            render_page(&ctx, id, Some(draft)).await
        }
        other => back(&ctx, id, "reports", other),
    }
}

#[derive(Debug, Deserialize)]
pub struct SignoffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence_kind: String,
    #[serde(default)]
    evidence_public: String,
}

pub async fn signoff(
    ctx: Ctx,
    Path(id): Path<String>,
    upload: PageUpload<SignoffForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let PageUpload { form: f, files } = upload;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let step = SignoffStep::parse(f.step.trim())
            .ok_or_else(|| app_err(ErrorCode::StepUnknown.into()))?;
        let decision = Decision::parse(f.decision.trim())
            .ok_or_else(|| app_err(ErrorCode::DecisionUnknown.into()))?;
        let comment = Comment::optional(&f.comment, "意见 / the comment").map_err(app_err)?;
        let (out, n) = ctx
            .state
            .app
            .signoff_with_evidence(
                &cu.user,
                id,
                step,
                decision,
                comment,
                batch(files, &f.evidence_kind, &f.evidence_public),
            )
            .await
            .map_err(app_err)?;
        let files = with_files(n);
        Ok(match (decision, out.notice_start, out.notice_end) {
            (Decision::Reject, _, _) => format!(
                "已退回（{}）{files}，问题回到整改中 / rejected, back in progress",
                step.label_zh()
            ),
            (_, Some(a), Some(b)) => format!(
                "公示已开始：{} 至 {} / public notice {} to {}",
                view::date(a),
                view::date(b),
                view::date(a),
                view::date(b)
            ),
            _ => format!(
                "“{}”已通过{files}，当前状态：{} / step approved",
                step.label_zh(),
                out.status.label_zh()
            ),
        })
    }
    .await;
    back(&ctx, id, "signoff", r)
}

#[derive(Debug, Deserialize)]
pub struct EscalationForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    note: String,
}

pub async fn escalate(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<EscalationForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let input = EscalationInput::parse(&f.kind, &f.date, &f.doc_number, &f.note, "")
            .map_err(app_err)?;
        let kind = input.kind;
        ctx.state
            .app
            .escalate(&cu.user, id, input)
            .await
            .map_err(app_err)?;
        Ok(format!(
            "已记录{} / escalation recorded",
            view::escalation_label(kind)
        ))
    }
    .await;
    back(&ctx, id, "escalations", r)
}

#[derive(Debug, Deserialize)]
pub struct ReopenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    lookback: String,
    #[serde(default)]
    due: String,
}

pub async fn reopen(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ReopenForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let r = async {
        let cu = ctx.check_csrf(&f.csrf)?;
        let reason = Comment::parse(&f.reason, "原因 / the reason")
            .map_err(|_| app_err(ErrorCode::ReasonRequired.into()))?;
        let lookback = ShortText::optional(&f.lookback, "回头看").map_err(app_err)?;
        let due = match f.due.trim() {
            "" => None,
            s => Some(
                rectify_domain::input::date(s, "限期整改日期 / the new deadline")
                    .map_err(app_err)?,
            ),
        };
        let status = ctx
            .state
            .app
            .reopen(&cu.user, id, reason, lookback, due)
            .await
            .map_err(app_err)?;
        Ok(format!(
            "问题已重新打开，当前状态：{} / reopened",
            status.label_zh()
        ))
    }
    .await;
    back(&ctx, id, "signoff", r)
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    accept: String,
    #[serde(default)]
    comment: String,
}

pub async fn review_report(
    ctx: Ctx,
    Path((id, report_id)): Path<(String, String)>,
    PageForm(f): PageForm<ReviewForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let r = async {
        let report_id = crate::pages::ctx::parse_id(&report_id)?;
        let cu = ctx.check_csrf(&f.csrf)?;
        let accept = f.accept == "1";
        let comment = Comment::optional(&f.comment, "意见 / the comment").map_err(app_err)?;
        ctx.state
            .app
            .review_progress(&cu.user, id, report_id, accept, comment)
            .await
            .map_err(app_err)?;
        Ok(if accept {
            "进展报告已采纳 / report accepted".to_string()
        } else {
            "进展报告已退回 / report returned".to_string()
        })
    }
    .await;
    back(&ctx, id, "reports", r)
}

#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    resolution: String,
    /// `spam` marks the objection abusive; anything else answers it.
    #[serde(default)]
    kind: String,
}

pub async fn resolve_objection(
    ctx: Ctx,
    Path((id, oid)): Path<(String, String)>,
    PageForm(f): PageForm<ResolveForm>,
) -> Result<Response, PageError> {
    let id = crate::pages::ctx::parse_id(&id)?;
    let r = async {
        let oid = crate::pages::ctx::parse_id(&oid)?;
        let cu = ctx.check_csrf(&f.csrf)?;
        let resolution =
            Comment::parse(&f.resolution, "办理结果 / the resolution").map_err(app_err)?;
        let outcome = rectify_domain::objection::Outcome::parse(&f.kind).map_err(app_err)?;
        ctx.state
            .app
            .close_objection(&cu.user, oid, outcome, resolution)
            .await
            .map_err(app_err)?;
        Ok(match outcome {
            rectify_domain::objection::Outcome::Spam => {
                "已标记为无效异议 / marked as spam".to_string()
            }
            rectify_domain::objection::Outcome::Answered => {
                "异议已办结 / objection resolved".to_string()
            }
        })
    }
    .await;
    back(&ctx, id, "objections", r)
}
