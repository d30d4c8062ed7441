//! The workflow around the store: sign-off with the public notice computed
//! on the working-day calendar, and warnings recomputed after every change
//! and periodically, once per cluster.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::{Duration, Utc};
use rectify_domain::schedule::{assess, ScheduleProgress};
use rectify_domain::{evaluate, Decision, ProblemFacts, ReportPeriod, SignoffStep};
use rectify_store::{ComputedWarning, ProblemDetail, SignoffOutcome, SignoffRequest, SyncCounts};
use std::collections::BTreeMap;

/// Applies one sign-off step for `actor`. An approved `public_notice` starts
/// today and lasts the plan's number of working days (5 by default).
pub async fn signoff(
    state: &AppState,
    detail: &ProblemDetail,
    step: SignoffStep,
    decision: Decision,
    comment: String,
    actor: &str,
) -> ApiResult<SignoffOutcome> {
    let today = state.today();
    let notice = if step == SignoffStep::PublicNotice && decision == Decision::Approve {
        let cal = state.calendar().await?;
        let days = u32::try_from(detail.notice_workdays.max(1)).unwrap_or(5);
        Some((today, cal.add_workdays(today, days)?))
    } else {
        None
    };
    let req = SignoffRequest {
        problem_id: detail.row.id,
        step,
        decision,
        comment,
        actor: actor.to_string(),
        at: Utc::now(),
        today,
        notice,
    };
    let out = state.store.apply_signoff(&req).await?;
    spawn_refresh(state);
    Ok(out)
}

/// Schedule progress (序时进度) of one problem on today's date.
pub fn schedule_of(state: &AppState, d: &ProblemDetail) -> Option<ScheduleProgress> {
    let start = d
        .plan_issue_date
        .or_else(|| d.reports.first().map(|r| r.submitted_at.date_naive()))?;
    let reports = reports_map(
        d.reports
            .iter()
            .map(|r| (r.period.as_str(), r.submitted_at.date_naive())),
    );
    Some(assess(
        start,
        &d.row.deadline,
        state.today(),
        d.row.latest_percent.map(|p| p as f64),
        &reports,
        &state.config.thresholds.schedule,
    ))
}

fn reports_map<'a>(
    it: impl Iterator<Item = (&'a str, chrono::NaiveDate)>,
) -> BTreeMap<ReportPeriod, chrono::NaiveDate> {
    it.filter_map(|(p, d)| ReportPeriod::parse(p).map(|p| (p, d)))
        .collect()
}

/// Recomputes every problem's warnings and brings the stored ones in line.
pub async fn refresh_warnings(state: &AppState) -> ApiResult<SyncCounts> {
    let _guard = state.refresh_lock.lock().await;
    let cal = state.calendar().await?;
    let today = state.today();
    let mut findings = vec![];
    for input in state.store.warning_inputs().await? {
        let Some(start) = input.start else { continue };
        let facts = ProblemFacts {
            status: input.status,
            deadline: input.deadline,
            start,
            latest_percent: input.latest_percent.map(|p| p as f64),
            reports: reports_map(input.reports.iter().map(|(p, d)| (p.as_str(), *d))),
            reopened: input.reopened,
            signed_off: false,
        };
        match evaluate(&facts, today, &cal, &state.config.thresholds) {
            Ok(list) => findings.extend(list.into_iter().map(|f| ComputedWarning {
                problem_id: input.problem_id,
                code: f.code.as_str().to_string(),
                level: f.level.as_str().to_string(),
                message: f.message_zh,
            })),
            Err(e) => {
                tracing::warn!(problem = input.problem_id, error = %e, "warning rules skipped")
            }
        }
    }
    Ok(state.store.sync_warnings(&findings, Utc::now()).await?)
}

/// Recomputes warnings in the background after a change.
pub fn spawn_refresh(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = refresh_warnings(&state).await {
            tracing::warn!(error = %e, "warning refresh failed");
        }
    });
}

/// The periodic job: each tick, the process holding the cluster-wide lease
/// recomputes warnings; the others skip.
pub fn spawn_periodic(state: AppState) {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(state.config.warning_interval_secs.max(10));
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let now = Utc::now();
            let ttl = Duration::seconds(2 * every.as_secs() as i64);
            match state
                .store
                .try_lease("warnings", &state.config.node_id, now, now + ttl)
                .await
            {
                Ok(true) => match refresh_warnings(&state).await {
                    Ok(c) => tracing::info!(
                        raised = c.raised,
                        resolved = c.resolved,
                        "warnings refreshed"
                    ),
                    Err(e) => tracing::warn!(error = %e, "warning refresh failed"),
                },
                Ok(false) => tracing::debug!("another server holds the warnings lease"),
                Err(e) => tracing::warn!(error = %e, "lease check failed"),
            }
        }
    });
}

pub fn not_found_or<T>(v: Option<T>) -> ApiResult<T> {
    v.ok_or(ApiError::NotFound)
}
