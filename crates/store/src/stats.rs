//! The facts a ledger row gives the figures (`rectify_domain::stats`).

use crate::{ProblemDetail, ProblemRow};
use chrono::NaiveDate;
use rectify_domain::stats::StatFact;
use rectify_domain::{Decision, SignoffStep};

impl ProblemRow {
    /// The row's facts for `LedgerStats`; `signed_off_on` is the day its
    /// `file` step was approved, when it is signed off.
    pub fn stat_fact(&self, signed_off_on: Option<NaiveDate>) -> StatFact {
        let mut units: Vec<String> = vec![];
        for u in self.units.iter().filter(|u| u.role.does_the_work()) {
            if !units.contains(&u.name) {
                units.push(u.name.clone());
            }
        }
        StatFact {
            problem_id: self.id,
            status: self.status,
            deadline: self.deadline.clone(),
            signed_off_on,
            work_units: units,
            leaders: self.leaders.clone(),
            category: self.category_title.clone(),
            jurisdiction: None,
            warning_level: self.warning_level.clone(),
            latest_period: self.latest_period.clone(),
        }
    }
}

impl ProblemDetail {
    /// The day the `file` step was approved, in China time (UTC+8).
    pub fn signed_off_on(&self) -> Option<NaiveDate> {
        self.signoffs
            .iter()
            .filter(|s| s.step == SignoffStep::File && s.decision == Decision::Approve)
            .map(|s| (s.at + chrono::Duration::hours(8)).date_naive())
            .max()
    }

    pub fn stat_fact(&self) -> StatFact {
        self.row.stat_fact(self.signed_off_on())
    }
}
