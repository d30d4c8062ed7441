//! The sign-off procedure (销号): one step at a time, the rule decided by
//! `rectify_domain::signoff`, the public notice on the working-day calendar.

use crate::error::Result;
use crate::policy::Action;
use crate::App;
use chrono::Utc;
use rectify_domain::input::Comment;
use rectify_domain::signoff::{check_signoff, SignoffFacts};
use rectify_domain::{Decision, SignoffStep};
use rectify_store::{ProblemDetail, SignoffOutcome, SignoffRequest, User};

/// The facts the sign-off rule needs, from a loaded problem.
pub fn signoff_facts(d: &ProblemDetail) -> SignoffFacts {
    SignoffFacts {
        status: d.row.status,
        notice_end: d.current_notice().and_then(|n| n.notice_end),
        open_objections: d.objections.iter().filter(|o| o.status == "open").count() as i64,
    }
}

impl App {
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
        check_signoff(&signoff_facts(&d), step, decision, comment.as_ref(), today)?;
        let notice = if step == SignoffStep::PublicNotice && decision == Decision::Approve {
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
