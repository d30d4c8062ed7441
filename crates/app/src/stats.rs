//! The ledger's figures for a user's scope: the facts gathered once, the
//! arithmetic in `rectify_domain::stats::LedgerStats`, which the dashboard,
//! the monthly notice and the assessment share.

use crate::error::Result;
use crate::App;
use chrono::NaiveDate;
use rectify_domain::schedule::ScheduleRules;
use rectify_domain::stats::{LedgerStats, StatFact};
use rectify_domain::{ReportPeriod, Status};
use rectify_store::{ProblemFilter, ProblemRow, User};
use std::collections::HashMap;

/// The month whose report must be in on `today`: this month once its
/// report day has passed, else the month before.
pub fn closed_report_period(today: NaiveDate, rules: &ScheduleRules) -> ReportPeriod {
    let this = ReportPeriod::of(today);
    if today > this.report_due(rules) {
        this
    } else {
        this.prev()
    }
}

/// The rows a user may read with their figures.
pub struct LedgerView {
    pub rows: Vec<ProblemRow>,
    pub stats: LedgerStats,
}

impl App {
    /// Every row `user` may read, one page of 500 at a time, with the facts
    /// of each (the sign-off date is read for signed-off problems only, the
    /// jurisdiction from the plan).
    async fn scoped_facts(&self, user: &User) -> Result<(Vec<ProblemRow>, Vec<StatFact>)> {
        let jurisdiction: HashMap<i64, String> = self
            .store
            .list_plans()
            .await?
            .into_iter()
            .filter_map(|p| Some((p.id, p.jurisdiction.filter(|j| !j.trim().is_empty())?)))
            .collect();
        let rows = self.all_rows(user, &ProblemFilter::default()).await?;
        let signed = self.store.signed_off_at().await?;
        let mut facts = Vec::with_capacity(rows.len());
        for row in &rows {
            // The day in China time, as `ProblemDetail::signed_off_on`.
            let day = signed
                .get(&row.id)
                .filter(|_| row.status == Status::SignedOff)
                .map(|at| (*at + chrono::Duration::hours(8)).date_naive());
            let mut fact = row.stat_fact(day);
            fact.jurisdiction = jurisdiction.get(&row.plan_id).cloned();
            // Categories are numbered and titled per plan: one group each.
            let plan_label = fact
                .jurisdiction
                .clone()
                .unwrap_or_else(|| row.plan_title.chars().take(8).collect());
            let category: String = row
                .category_title
                .as_deref()
                .unwrap_or("未分类")
                .chars()
                .take(12)
                .collect();
            fact.category = Some(format!("{plan_label}·{category}"));
            facts.push(fact);
        }
        Ok((rows, facts))
    }

    /// The rows and figures of `user`'s scope today (the dashboard).
    pub async fn ledger_view(&self, user: &User) -> Result<LedgerView> {
        let (rows, facts) = self.scoped_facts(user).await?;
        let today = self.today();
        let period = closed_report_period(today, &self.settings.thresholds.schedule);
        Ok(LedgerView {
            rows,
            stats: LedgerStats::compute(&facts, today, &period.to_string()),
        })
    }
}
