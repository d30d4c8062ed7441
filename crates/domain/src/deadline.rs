//! 整改时限: a deadline is a value with structure, never a bare date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A dated intermediate target inside a deadline expression
/// ("2018年9月底前完成摸底，2019年底前全面完成").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub due: NaiveDate,
    pub text: String,
}

/// The deadline of a problem or measure as the plan states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineSpec {
    /// The original wording, kept verbatim (after whitespace clean-up).
    pub text: String,
    /// The final due date: the latest date the text names, if any.
    pub due: Option<NaiveDate>,
    /// 立行立改: act at once.
    pub immediate: bool,
    /// 持续推进 / 长期坚持: work that continues after any date.
    pub ongoing: bool,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

impl DeadlineSpec {
    /// Overdue is computed, never stored: a dated deadline whose due date has
    /// passed while the problem is not yet signed off.
    pub fn is_overdue(&self, today: NaiveDate, signed_off: bool) -> bool {
        !signed_off && self.due.is_some_and(|d| today > d)
    }
}
