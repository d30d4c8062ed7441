//! The sign-off procedure (销号): one step at a time, the rule decided by
//! `rectify_domain::signoff`, the public notice on the working-day calendar.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::Action;
use crate::App;
use chrono::Utc;
use rectify_domain::input::Comment;
use rectify_domain::signoff::check_signoff;
use rectify_domain::{Decision, SignoffStep};
use rectify_store::{SignoffOutcome, SignoffRequest, User};

impl App {
    /// Records the files sent with a step (a self-check's photos, a
    /// verification's 验收意见), then applies the step: the files count
    /// towards the completion gate.
    pub async fn signoff_with_evidence(
        &self,
        user: &User,
        problem_id: i64,
        step: SignoffStep,
        decision: Decision,
        comment: Option<Comment>,
        batch: crate::commands::EvidenceBatch,
    ) -> Result<(SignoffOutcome, usize)> {
        let mut n = 0;
        if !batch.files.is_empty() {
            // Both permissions from one load, before any file is stored.
            let d = self
                .problem_for(user, problem_id, Action::Signoff(step))
                .await?;
            crate::policy::require(user, Action::AttachEvidence, &d.row)?;
            self.check_batch(&batch)?;
            n = self
                .attach_batch(user, problem_id, None, batch)
                .await?
                .len();
        }
        Ok((
            self.signoff(user, problem_id, step, decision, comment)
                .await?,
            n,
        ))
    }

    /// Applies one sign-off step. An approved `public_notice` starts today
    /// and lasts the plan's number of working days (5 by default).
    pub async fn signoff(
        &self,
        user: &User,
        problem_id: i64,
        step: SignoffStep,
        decision: Decision,
        comment: Option<Comment>,
    ) -> Result<SignoffOutcome> {
        let d = self
            .problem_for(user, problem_id, Action::Signoff(step))
            .await?;
        let today = self.today();
        // Refused early with the same rule the store applies again inside
        // its transaction; the facts come from one reader.
        let facts = self.store.signoff_facts(problem_id).await?;
        check_signoff(&facts, step, decision, comment.as_ref(), today)?;
        let notice = if step == SignoffStep::PublicNotice && decision == Decision::Approve {
            // A notice the public cannot see is no notice.
            if !d.plan_published {
                return Err(Error::new(ErrorCode::PlanNotPublished));
            }
            let days = u32::try_from(d.notice_workdays.max(1)).unwrap_or(5);
            Some((today, self.add_workdays(today, days).await?))
        } else {
            None
        };
        let out = self
            .store
            .apply_signoff(&SignoffRequest {
                problem_id,
                step,
                decision,
                comment: comment.map(Comment::into_string).unwrap_or_default(),
                actor: user.username.clone(),
                at: Utc::now(),
                today,
                notice,
            })
            .await?;
        self.issue_notice(user, &d, &out).await;
        self.refresh_soon(vec![problem_id]);
        Ok(out)
    }
}
