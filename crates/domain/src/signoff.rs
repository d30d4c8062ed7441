//! The preconditions of each sign-off step and of a progress report, as pure
//! functions over facts the store gathers. The application layer calls them
//! before it writes; the store writes only what they allowed.

use crate::error::{Error, ErrorCode, Result};
use crate::input::Comment;
use crate::lifecycle::{Decision, LifecycleError, SignoffStep, Status};
use chrono::NaiveDate;

/// What 自查自验 requires before a problem may enter the procedure. The
/// default asks for an accepted report at 100% (or every measure done) and
/// at least one evidence file; the office may set a plan's own criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionCriteria {
    /// The percentage the latest accepted report must reach (1–100).
    pub min_percent: i64,
    /// How many evidence files (not withdrawn) must be attached (0–20).
    pub min_evidence: i64,
}

impl Default for CompletionCriteria {
    fn default() -> Self {
        CompletionCriteria {
            min_percent: 100,
            min_evidence: 1,
        }
    }
}

impl CompletionCriteria {
    /// Checks what the office typed for a plan.
    pub fn new(min_percent: i64, min_evidence: i64) -> Result<Self> {
        if !(1..=100).contains(&min_percent) || !(0..=20).contains(&min_evidence) {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                "自查自验条件：进度须为1–100，佐证材料数须为0–20 / criteria: percent 1-100, evidence 0-20",
            ));
        }
        Ok(CompletionCriteria {
            min_percent,
            min_evidence,
        })
    }
}

/// What the sign-off rules need to know about a problem now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignoffFacts {
    pub status: Status,
    /// The end of the latest approved public notice, if one was started.
    pub notice_end: Option<NaiveDate>,
    /// Objections lodged during the notice and not yet resolved (spam
    /// excluded).
    pub open_objections: i64,
    /// The percentage of the latest report the office accepted.
    pub accepted_percent: Option<i64>,
    /// The latest accepted report marks every measure done.
    pub measures_done: bool,
    /// Evidence files attached and not withdrawn.
    pub evidence: i64,
    pub criteria: CompletionCriteria,
    /// Sub-problems (（一）（二）…) not yet signed off; a problem split into
    /// sub-problems closes when they all have, never by its own steps.
    pub sub_problems: i64,
    pub open_sub_problems: i64,
}

impl SignoffFacts {
    /// Facts of a problem with nothing recorded yet, in `status`.
    pub fn new(status: Status) -> SignoffFacts {
        SignoffFacts {
            status,
            notice_end: None,
            open_objections: 0,
            accepted_percent: None,
            measures_done: false,
            evidence: 0,
            criteria: CompletionCriteria::default(),
            sub_problems: 0,
            open_sub_problems: 0,
        }
    }
}

/// Is the work done and shown? Names each missing part, Chinese then English.
pub fn check_completion(f: &SignoffFacts) -> Result<()> {
    let mut zh = vec![];
    let mut en = vec![];
    let pct_ok = f.measures_done || f.accepted_percent.unwrap_or(0) >= f.criteria.min_percent;
    if !pct_ok {
        match f.accepted_percent {
            Some(p) => {
                zh.push(format!(
                    "最近一次已审核采纳的进展为 {p}%，须达到 {}%（或全部整改措施已完成）",
                    f.criteria.min_percent
                ));
                en.push(format!(
                    "the latest accepted report says {p}%, {}% (or every measure done) is required",
                    f.criteria.min_percent
                ));
            }
            None => {
                zh.push(format!(
                    "尚无经整改办审核采纳的进展报告，须有一份达到 {}% 的已采纳报告",
                    f.criteria.min_percent
                ));
                en.push(format!(
                    "no report has been accepted yet; an accepted report at {}% is required",
                    f.criteria.min_percent
                ));
            }
        }
    }
    if f.evidence < f.criteria.min_evidence {
        zh.push(format!(
            "佐证材料 {} 份，须至少 {} 份（现场照片、验收意见、监测报告等）",
            f.evidence, f.criteria.min_evidence
        ));
        en.push(format!(
            "{} evidence file(s), at least {} required",
            f.evidence, f.criteria.min_evidence
        ));
    }
    if zh.is_empty() {
        Ok(())
    } else {
        Err(Error::with(
            ErrorCode::SignoffIncomplete,
            format!("{} / {}", zh.join("；"), en.join("; ")),
        ))
    }
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
    if facts.sub_problems > 0 {
        return Err(Error::with(
            ErrorCode::SubProblemsOpen,
            format!(
                "尚有 {} 个子问题未销号，本问题随子问题全部销号而销号 / {} open; this problem closes with its sub-problems",
                facts.open_sub_problems, facts.open_sub_problems
            ),
        ));
    }
    let next = facts.status.apply_signoff(step, decision)?;
    if decision == Decision::Reject && comment.is_none() {
        return Err(Error::new(ErrorCode::RejectionNeedsComment));
    }
    if step == SignoffStep::SelfCheck && decision == Decision::Approve {
        check_completion(facts)?;
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
        SignoffFacts::new(status)
    }

    fn self_check(f: &SignoffFacts) -> Result<Status> {
        check_signoff(
            f,
            SignoffStep::SelfCheck,
            Decision::Approve,
            None,
            d("2026-11-20"),
        )
    }

    #[test]
    fn self_check_needs_an_accepted_full_report_and_evidence() {
        let mut f = facts(Status::InProgress);
        let e = self_check(&f).expect_err("nothing accepted");
        assert_eq!(e.code, ErrorCode::SignoffIncomplete);
        let detail = e.detail.unwrap_or_default();
        assert!(detail.contains("尚无经整改办审核采纳"), "{detail}");
        assert!(detail.contains("佐证材料 0 份"), "{detail}");
        // 30% accepted with a photo: still refused, and the refusal says 30%.
        f.accepted_percent = Some(30);
        f.evidence = 1;
        let e = self_check(&f).expect_err("30%");
        let detail = e.detail.unwrap_or_default();
        assert!(
            detail.contains("30%") && !detail.contains("佐证材料"),
            "{detail}"
        );
        f.accepted_percent = Some(100);
        assert_eq!(self_check(&f), Ok(Status::SelfChecked));
        // Every measure done counts as complete; evidence is still needed.
        f.accepted_percent = Some(80);
        f.measures_done = true;
        f.evidence = 0;
        assert_eq!(
            self_check(&f).map_err(|e| e.code),
            Err(ErrorCode::SignoffIncomplete)
        );
        // A plan's own criteria: 90% and no file required.
        f.measures_done = false;
        f.accepted_percent = Some(90);
        f.criteria = CompletionCriteria::new(90, 0).expect("criteria");
        assert_eq!(self_check(&f), Ok(Status::SelfChecked));
        assert!(CompletionCriteria::new(0, 1).is_err());
        assert!(CompletionCriteria::new(100, 21).is_err());
    }

    #[test]
    fn a_problem_split_into_sub_problems_takes_no_steps_of_its_own() {
        let mut f = facts(Status::InProgress);
        f.sub_problems = 3;
        f.open_sub_problems = 2;
        assert_eq!(
            self_check(&f).map_err(|e| e.code),
            Err(ErrorCode::SubProblemsOpen)
        );
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
