//! The ledger's figures for a user's scope: the facts gathered once, the
//! arithmetic in `rectify_domain::stats::LedgerStats`, which the dashboard,
//! the monthly notice and the assessment share.

use crate::error::Result;
use crate::policy;
use crate::App;
use rectify_domain::stats::{LedgerStats, StatFact};
use rectify_domain::{Decision, SignoffStep, Status};
use rectify_store::{ProblemDetail, ProblemFilter, ProblemRow, User};

/// The day a detail's `file` step was approved, in China time.
pub fn signed_off_on(d: &ProblemDetail) -> Option<chrono::NaiveDate> {
    d.signoffs
        .iter()
        .filter(|s| s.step == SignoffStep::File && s.decision == Decision::Approve)
        .map(|s| (s.at + chrono::Duration::hours(8)).date_naive())
        .max()
}

/// The figures' facts of one problem.
pub fn fact_of(row: &ProblemRow, signed_off_on: Option<chrono::NaiveDate>) -> StatFact {
    let mut units: Vec<String> = vec![];
    for u in row.units.iter().filter(|u| u.role.does_the_work()) {
        if !units.contains(&u.name) {
            units.push(u.name.clone());
        }
    }
    StatFact {
        problem_id: row.id,
        status: row.status,
        deadline: row.deadline.clone(),
        signed_off_on,
        work_units: units,
        leaders: row.leaders.clone(),
        jurisdiction: None,
        warning_level: row.warning_level.clone(),
    }
}

/// The facts of a detail (the monthly notice has the details at hand).
pub fn fact_of_detail(d: &ProblemDetail) -> StatFact {
    fact_of(&d.row, signed_off_on(d))
}

impl App {
    /// The facts of every problem `user` may read, one page of rows at a
    /// time; the sign-off date is read for signed-off problems only.
    pub async fn stat_facts(&self, user: &User) -> Result<Vec<StatFact>> {
        let mut f = ProblemFilter {
            page: 1,
            per_page: 500,
            ..Default::default()
        };
        policy::scope_filter(user, &mut f);
        let mut facts = vec![];
        loop {
            let page = self.store.list_problems(&f).await?;
            let n = page.items.len();
            for row in page.items {
                let day = if row.status == Status::SignedOff {
                    self.store
                        .get_problem(row.id)
                        .await?
                        .as_ref()
                        .and_then(signed_off_on)
                } else {
                    None
                };
                facts.push(fact_of(&row, day));
            }
            if n == 0 || facts.len() as i64 >= page.total {
                break;
            }
            f.page += 1;
        }
        Ok(facts)
    }

    /// The figures of `user`'s scope today.
    pub async fn ledger_stats(&self, user: &User) -> Result<LedgerStats> {
        let facts = self.stat_facts(user).await?;
        Ok(LedgerStats::compute(&facts, self.today()))
    }
}
