//! The problem lifecycle as an explicit state machine. An illegal transition
//! is an error value, never a panic.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    SelfChecked,
    Reviewed,
    InPublicNotice,
    Verifying,
    SignedOff,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::NotStarted,
        Status::InProgress,
        Status::SelfChecked,
        Status::Reviewed,
        Status::InPublicNotice,
        Status::Verifying,
        Status::SignedOff,
    ];

    /// The stable name scripts and the database use (`in_progress`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Status> {
        s.parse().ok()
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "整改中",
            Status::SelfChecked => "已自查",
            Status::Reviewed => "已初审",
            Status::InPublicNotice => "公示中",
            Status::Verifying => "核查通过待备案",
            Status::SignedOff => "已销号",
        }
    }

    /// In the sign-off procedure: self-checked up to verified.
    pub fn in_signoff(self) -> bool {
        matches!(
            self,
            Status::SelfChecked | Status::Reviewed | Status::InPublicNotice | Status::Verifying
        )
    }

    /// A progress report moves a problem that has not started into progress;
    /// reports on later stages do not change the status.
    pub fn after_progress_report(self) -> Status {
        match self {
            Status::NotStarted => Status::InProgress,
            other => other,
        }
    }

    /// Re-opening (反弹, 回头看) sends a signed-off problem back into work.
    pub fn reopen(self) -> Result<Status, LifecycleError> {
        match self {
            Status::SignedOff => Ok(Status::InProgress),
            from => Err(LifecycleError::NotSignedOff { from }),
        }
    }

    /// Applies one sign-off step. Approval moves forward one stage; a
    /// rejection at any step returns the problem to `in_progress`.
    pub fn apply_signoff(
        self,
        step: SignoffStep,
        decision: Decision,
    ) -> Result<Status, LifecycleError> {
        let expected_from: &[Status] = match step {
            SignoffStep::SelfCheck => &[Status::NotStarted, Status::InProgress],
            SignoffStep::Review => &[Status::SelfChecked],
            SignoffStep::PublicNotice => &[Status::Reviewed],
            SignoffStep::Verify => &[Status::InPublicNotice],
            SignoffStep::File => &[Status::Verifying],
        };
        if !expected_from.contains(&self) {
            return Err(LifecycleError::StepNotAllowed { from: self, step });
        }
        Ok(match decision {
            Decision::Reject => Status::InProgress,
            Decision::Approve => match step {
                SignoffStep::SelfCheck => Status::SelfChecked,
                SignoffStep::Review => Status::Reviewed,
                SignoffStep::PublicNotice => Status::InPublicNotice,
                SignoffStep::Verify => Status::Verifying,
                SignoffStep::File => Status::SignedOff,
            },
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The steps of the sign-off procedure (初审、公示、申请、核查、备案), in order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SignoffStep {
    SelfCheck,
    Review,
    PublicNotice,
    Verify,
    File,
}

impl SignoffStep {
    pub const ALL: [SignoffStep; 5] = [
        SignoffStep::SelfCheck,
        SignoffStep::Review,
        SignoffStep::PublicNotice,
        SignoffStep::Verify,
        SignoffStep::File,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<SignoffStep> {
        s.parse().ok()
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SignoffStep::SelfCheck => "自查自验",
            SignoffStep::Review => "初审",
            SignoffStep::PublicNotice => "公示",
            SignoffStep::Verify => "核查验收",
            SignoffStep::File => "备案销号",
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        s.parse().ok()
    }
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("当前状态（{}）不能执行“{}”步骤 / step {} is not allowed in status {}", from.label_zh(), step.label_zh(), step.as_str(), from.as_str())]
    StepNotAllowed { from: Status, step: SignoffStep },
    #[error(
        "只有已销号的问题才能重新打开 / only a signed-off problem can be reopened (status {from})"
    )]
    NotSignedOff { from: Status },
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_round_trip_and_match_the_json() {
        use strum::IntoEnumIterator;
        for st in Status::iter() {
            assert_eq!(Status::parse(st.as_str()), Some(st));
            assert_eq!(serde_json::to_value(st).ok(), Some(st.as_str().into()));
        }
        for step in SignoffStep::iter() {
            assert_eq!(SignoffStep::parse(step.as_str()), Some(step));
        }
        assert_eq!(Status::parse("In_Progress"), None);
        assert_eq!(Decision::parse("reject"), Some(Decision::Reject));
    }

    use super::*;

    #[test]
    fn full_procedure_reaches_signed_off() {
        let mut s = Status::NotStarted.after_progress_report();
        assert_eq!(s, Status::InProgress);
        for step in SignoffStep::ALL {
            s = s.apply_signoff(step, Decision::Approve).unwrap();
        }
        assert_eq!(s, Status::SignedOff);
    }

    #[test]
    fn rejection_at_any_step_returns_to_in_progress() {
        let mut s = Status::InProgress;
        for step in SignoffStep::ALL {
            assert_eq!(
                s.apply_signoff(step, Decision::Reject).unwrap(),
                Status::InProgress
            );
            s = s.apply_signoff(step, Decision::Approve).unwrap();
        }
    }

    #[test]
    fn skipping_a_step_is_an_error_not_a_panic() {
        let err = Status::InProgress.apply_signoff(SignoffStep::Verify, Decision::Approve);
        assert!(matches!(err, Err(LifecycleError::StepNotAllowed { .. })));
        assert!(Status::SignedOff
            .apply_signoff(SignoffStep::File, Decision::Approve)
            .is_err());
        assert!(Status::InProgress.reopen().is_err());
        assert_eq!(Status::SignedOff.reopen().unwrap(), Status::InProgress);
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for s in SignoffStep::ALL {
            assert_eq!(SignoffStep::parse(s.as_str()), Some(s));
        }
    }
}
