//! Monthly progress reports (进展报告) and their review by the office.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::Action;
use crate::App;
use chrono::{NaiveDate, Utc};
use rectify_domain::input::{self, Comment, Percent, ReportText};
use rectify_domain::signoff::check_progress;
use rectify_domain::ReportPeriod;
use rectify_store::{NewProgressReport, ProgressReport, ProgressReview, User};

/// A progress report as the unit files it, already checked.
#[derive(Debug, Clone)]
pub struct ProgressInput {
    pub period: ReportPeriod,
    pub percent: Percent,
    pub text: ReportText,
    /// Per-measure status: (measure seq, status text).
    pub measures: Vec<(i64, String)>,
}

impl ProgressInput {
    /// Checks the fields as every edge receives them. `percent` is what was
    /// typed or sent (`85`, `85%`).
    pub fn parse(period: &str, percent: &str, text: &str, today: NaiveDate) -> Result<Self> {
        Ok(ProgressInput {
            period: input::report_period(period, today)?,
            percent: Percent::parse(percent)?,
            text: ReportText::parse(text, "进展情况 / the progress text")?,
            measures: vec![],
        })
    }
}

impl App {
    pub async fn submit_progress(
        &self,
        user: &User,
        problem_id: i64,
        input: ProgressInput,
    ) -> Result<ProgressReport> {
        let d = self
            .problem_for(user, problem_id, Action::ReportProgress)
            .await?;
        check_progress(d.row.status)?;
        input::period_in_plan(input.period, d.plan_issue_date, self.today())?;
        let report = self
            .store
            .submit_progress(&NewProgressReport {
                problem_id,
                period: input.period.to_string(),
                percent: input.percent.value(),
                text: input.text.into_string(),
                measure_status: input.measures,
                submitted_by: user.username.clone(),
                submitted_at: Utc::now(),
            })
            .await?;
        self.refresh_soon(vec![problem_id]);
        Ok(report)
    }

    /// Files a report with its evidence: the files are checked first, then
    /// the report is stored and each file recorded on it.
    pub async fn submit_progress_with_evidence(
        &self,
        user: &User,
        problem_id: i64,
        input: ProgressInput,
        batch: crate::commands::EvidenceBatch,
    ) -> Result<(ProgressReport, usize)> {
        if !batch.files.is_empty() {
            self.problem_for(user, problem_id, Action::AttachEvidence)
                .await?;
            self.check_batch(&batch)?;
        }
        let report = self.submit_progress(user, problem_id, input).await?;
        let n = self
            .attach_batch(user, problem_id, Some(report.id), batch)
            .await?
            .len();
        Ok((report, n))
    }

    /// Accepts or returns a report; returning needs a comment.
    pub async fn review_progress(
        &self,
        user: &User,
        problem_id: i64,
        report_id: i64,
        accept: bool,
        comment: Option<Comment>,
    ) -> Result<ProgressReport> {
        let d = self
            .problem_for(user, problem_id, Action::ReviewReport)
            .await?;
        if !d.reports.iter().any(|r| r.id == report_id) {
            return Err(Error::new(ErrorCode::NotFound));
        }
        if !accept && comment.is_none() {
            return Err(Error::new(ErrorCode::RejectionNeedsComment));
        }
        let report = self
            .store
            .review_progress(&ProgressReview {
                report_id,
                accept,
                comment: comment.map(Comment::into_string).unwrap_or_default(),
                actor: user.username.clone(),
            })
            .await?;
        self.refresh_soon(vec![problem_id]);
        Ok(report)
    }
}
