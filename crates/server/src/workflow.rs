//! Schedule progress (序时进度) of one problem for display; the warning
//! refresh and every command live in the application layer.

use crate::state::AppState;
use rectify_domain::schedule::{assess, ScheduleProgress};
use rectify_domain::ReportPeriod;
use rectify_store::ProblemDetail;
use std::collections::BTreeMap;

/// Schedule progress (序时进度) of one problem on today's date.
pub fn schedule_of(state: &AppState, d: &ProblemDetail) -> Option<ScheduleProgress> {
    let start = d
        .plan_issue_date
        .or_else(|| d.reports.first().map(|r| r.submitted_at.date_naive()))?;
    let reports: BTreeMap<ReportPeriod, chrono::NaiveDate> = d
        .reports
        .iter()
        .filter_map(|r| ReportPeriod::parse(&r.period).map(|p| (p, r.submitted_at.date_naive())))
        .collect();
    Some(assess(
        start,
        &d.row.deadline,
        state.today(),
        d.row.latest_percent.map(|p| p as f64),
        &reports,
        &state.config.thresholds.schedule,
    ))
}
