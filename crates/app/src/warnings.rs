//! Warnings (预警): the one place that turns the store's facts into the
//! domain's warning findings and back into stored warnings. A write
//! refreshes the problems it touched; the periodic sweep covers all.

use crate::error::Result;
use crate::App;
use chrono::{NaiveDate, Utc};
use rectify_domain::{evaluate, ProblemFacts, ReportPeriod, WarningThresholds, WorkCalendar};
use rectify_store::{ComputedWarning, Store, SyncCounts, WarningInput};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

/// The findings for one problem's facts on `today`.
pub fn findings_for(
    input: &WarningInput,
    today: NaiveDate,
    calendar: &WorkCalendar,
    thresholds: &WarningThresholds,
) -> Vec<ComputedWarning> {
    let Some(start) = input.start else {
        return vec![];
    };
    let facts = ProblemFacts {
        status: input.status,
        deadline: input.deadline.clone(),
        start,
        latest_percent: input.latest_percent.map(|p| p as f64),
        reports: input
            .reports
            .iter()
            .filter_map(|(p, d)| ReportPeriod::parse(p).map(|p| (p, *d)))
            .collect::<BTreeMap<_, _>>(),
        reopened: input.reopened,
        signed_off: false,
    };
    match evaluate(&facts, today, calendar, thresholds) {
        Ok(list) => list
            .into_iter()
            .map(|f| ComputedWarning {
                problem_id: input.problem_id,
                code: f.code.as_str().to_string(),
                level: f.level.as_str().to_string(),
                message: f.message_zh,
            })
            .collect(),
        Err(e) => {
            tracing::warn!(problem = input.problem_id, error = %e, "warning rules skipped");
            vec![]
        }
    }
}

/// Recomputes the warnings of the problems in `scope` (every problem when
/// `None`) and brings the stored ones in line. Returns the counts and how
/// many problems were evaluated.
pub async fn refresh(
    store: &dyn Store,
    calendar: &WorkCalendar,
    thresholds: &WarningThresholds,
    today: NaiveDate,
    scope: Option<&[i64]>,
) -> Result<(SyncCounts, usize)> {
    // Only the facts of the problems in scope are read, and only their
    // warnings are raised or resolved: a write costs one problem, not the
    // ledger.
    let inputs = store.warning_inputs(scope).await?;
    let findings: Vec<ComputedWarning> = inputs
        .iter()
        .flat_map(|i| findings_for(i, today, calendar, thresholds))
        .collect();
    let counts = store.sync_warnings(&findings, Utc::now(), scope).await?;
    Ok((counts, inputs.len()))
}

impl App {
    /// Refreshes the warnings of `scope` (all when `None`) now.
    pub async fn refresh_warnings(&self, scope: Option<&[i64]>) -> Result<SyncCounts> {
        let _guard = self.refresh_lock.lock().await;
        let cal = self.calendar().await?;
        let (counts, n) = refresh(
            self.store.as_ref(),
            &cal,
            &self.settings.thresholds,
            self.today(),
            scope,
        )
        .await?;
        self.evaluated.fetch_add(n as u64, Ordering::Relaxed);
        Ok(counts)
    }

    /// Refreshes the warnings of the problems a command touched, in the
    /// background (the command has answered already).
    pub fn refresh_soon(&self, problem_ids: Vec<i64>) {
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(e) = app.refresh_warnings(Some(&problem_ids)).await {
                tracing::warn!(error = %e, "warning refresh failed");
            }
        });
    }

    /// The full sweep in the background (after an import).
    pub fn sweep_soon(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(e) = app.refresh_warnings(None).await {
                tracing::warn!(error = %e, "warning sweep failed");
            }
        });
    }

    /// The periodic job: each tick, the process holding the cluster-wide
    /// lease sweeps every problem; the others skip.
    pub fn spawn_periodic(&self, every: std::time::Duration, node_id: String) {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let now = Utc::now();
                let ttl = chrono::Duration::seconds(2 * every.as_secs() as i64);
                match app
                    .store
                    .try_lease("warnings", &node_id, now, now + ttl)
                    .await
                {
                    Ok(true) => match app.refresh_warnings(None).await {
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
}
