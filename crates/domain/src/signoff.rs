//! The preconditions of each sign-off step and of a progress report, as pure
//! functions over facts the store gathers. The application layer calls them
//! before it writes; the store writes only what they allowed.

use crate::error::{Error, ErrorCode, Result};
use crate::input::Comment;
use crate::lifecycle::{Decision, LifecycleError, SignoffStep, Status};
use chrono::NaiveDate;

/// What the sign-off rules need to know about a problem now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignoffFacts {
    pub status: Status,
    /// The end of the latest approved public notice, if one was started.
    pub notice_end: Option<NaiveDate>,
    /// Objections lodged during the notice and not yet resolved.
    pub open_objections: i64,
}

impl From<LifecycleError> for Error {
    fn from(e: LifecycleError) -> Error {
        match e {
            LifecycleError::NotSignedOff { .. } => Error::new(ErrorCode::NotSignedOff),
            other => Error::with(ErrorCode::StepNotAllowed, other.to_string()),
        }
    }
}

/// May `step` be decided so, today? Returns the status it leads to.
/// A rejection needs a comment; verification waits for the notice to end
/// and for every objection to be resolved (a rejection at `verify` — an
/// objection upheld — is allowed during the notice).
pub fn check_signoff(
    facts: &SignoffFacts,
    step: SignoffStep,
    decision: Decision,
    comment: Option<&Comment>,
    today: NaiveDate,
) -> Result<Status> {
    let next = facts.status.apply_signoff(step, decision)?;
    if decision == Decision::Reject && comment.is_none() {
        return Err(Error::new(ErrorCode::RejectionNeedsComment));
    }
    if step == SignoffStep::Verify && decision == Decision::Approve {
        if let Some(end) = facts.notice_end.filter(|end| today <= *end) {
            return Err(Error::with(ErrorCode::NoticeRunning, end));
        }
        if facts.open_objections > 0 {
            return Err(Error::with(
                ErrorCode::ObjectionsOpen,
                facts.open_objections,
            ));
        }
    }
    Ok(next)
}

/// May a progress report be filed on a problem in `status`?
pub fn check_progress(status: Status) -> Result<Status> {
    if status == Status::SignedOff {
        return Err(Error::new(ErrorCode::SignedOffNoReports));
    }
    Ok(status.after_progress_report())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn facts(status: Status) -> SignoffFacts {
        SignoffFacts {
            status,
            notice_end: None,
            open_objections: 0,
        }
    }

    fn code<T>(r: Result<T>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn a_rejection_needs_a_comment() {
        let f = facts(Status::SelfChecked);
        let today = d("2026-11-20");
        assert_eq!(
            code(check_signoff(
                &f,
                SignoffStep::Review,
                Decision::Reject,
                None,
                today
            )),
            Some(ErrorCode::RejectionNeedsComment)
        );
        let c = Comment::parse("材料不全", "意见").ok();
        assert_eq!(
            check_signoff(&f, SignoffStep::Review, Decision::Reject, c.as_ref(), today),
            Ok(Status::InProgress)
        );
    }

    #[test]
    fn verification_waits_for_the_notice_and_the_objections() {
        let mut f = facts(Status::InPublicNotice);
        f.notice_end = Some(d("2026-11-27"));
        let v = |f: &SignoffFacts, day: &str| {
            check_signoff(f, SignoffStep::Verify, Decision::Approve, None, d(day))
        };
        assert_eq!(code(v(&f, "2026-11-27")), Some(ErrorCode::NoticeRunning));
        assert_eq!(v(&f, "2026-11-28"), Ok(Status::Verifying));
        f.open_objections = 2;
        assert_eq!(code(v(&f, "2026-11-30")), Some(ErrorCode::ObjectionsOpen));
        // An upheld objection may send the problem back during the notice.
        let c = Comment::parse("异议属实", "意见").ok();
        assert_eq!(
            check_signoff(
                &f,
                SignoffStep::Verify,
                Decision::Reject,
                c.as_ref(),
                d("2026-11-21")
            ),
            Ok(Status::InProgress)
        );
    }

    #[test]
    fn steps_out_of_order_and_reports_after_sign_off_are_refused() {
        let today = d("2026-11-20");
        assert_eq!(
            code(check_signoff(
                &facts(Status::InProgress),
                SignoffStep::File,
                Decision::Approve,
                None,
                today
            )),
            Some(ErrorCode::StepNotAllowed)
        );
        assert_eq!(
            code(check_progress(Status::SignedOff)),
            Some(ErrorCode::SignedOffNoReports)
        );
        assert_eq!(check_progress(Status::NotStarted), Ok(Status::InProgress));
    }
}
