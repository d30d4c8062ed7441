//! The rectification workflow: monthly progress reports and their review,
//! the sign-off procedure (销号), and reopening a signed-off problem.

use super::objections::open_objections;
use super::rows::ReportRow;
use super::snapshot::{snap_problem, snap_simple};
use super::write::{ev, Write};
use super::{problem_status, status_of, Conn, Pool};
use chrono::NaiveDate;
use rectify_domain::input::Comment;
use rectify_domain::signoff::{check_signoff, SignoffFacts};
use rectify_domain::{Decision, SignoffStep, Status};
use rectify_store::sql::micros;
use rectify_store::{
    NewProgressReport, ProgressReport, ProgressReview, SignoffOutcome, SignoffRequest, StoreError,
    StoreResult,
};
use serde_json::json;

async fn load_report(c: &mut Conn, id: i64) -> StoreResult<ProgressReport> {
    let row: ReportRow = sqlx::query_as("SELECT * FROM progress_reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("进展报告 / report {id}")))?;
    row.try_into()
}

pub(crate) async fn submit_progress(
    pool: &Pool,
    n: &NewProgressReport,
) -> StoreResult<ProgressReport> {
    // The values were checked at the edge; the rules are re-checked here,
    // inside the write transaction, by the domain's own functions.
    rectify_domain::input::Percent::new(n.percent)?;
    rectify_domain::ReportPeriod::parse(&n.period)
        .ok_or_else(|| rectify_domain::Error::new(rectify_domain::ErrorCode::PeriodInvalid))?;
    let mut w = Write::begin(pool).await?;
    let status = problem_status(&mut w.tx, n.problem_id).await?;
    rectify_domain::signoff::check_progress(status)?;
    let existing: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM progress_reports WHERE problem_id = $1 AND period = $2",
    )
    .bind(n.problem_id)
    .bind(&n.period)
    .fetch_optional(&mut *w.tx)
    .await?;
    let ms = serde_json::to_string(&n.measure_status)?;
    let (id, before) = match existing {
        Some((_, status)) if status == "accepted" => {
            return Err(rectify_domain::Error::new(
                rectify_domain::ErrorCode::ReportAlreadyAccepted,
            )
            .into());
        }
        Some((id, _)) => {
            let before = snap_simple(&mut w.tx, "report", id).await?;
            sqlx::query(
                "UPDATE progress_reports SET percent = $1, text = $2, measure_status_json = $3, \
                 submitted_by = $4, submitted_at = $5, status = 'submitted', \
                 review_comment = NULL, reviewed_by = NULL WHERE id = $6",
            )
            .bind(n.percent)
            .bind(&n.text)
            .bind(&ms)
            .bind(&n.submitted_by)
            .bind(micros(n.submitted_at))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            (id, before)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO progress_reports (problem_id, period, percent, text, \
                 measure_status_json, submitted_by, submitted_at, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted') RETURNING id",
            )
            .bind(n.problem_id)
            .bind(&n.period)
            .bind(n.percent)
            .bind(&n.text)
            .bind(&ms)
            .bind(&n.submitted_by)
            .bind(micros(n.submitted_at))
            .fetch_one(&mut *w.tx)
            .await?;
            (id, None)
        }
    };
    let after = snap_simple(&mut w.tx, "report", id).await?;
    w.audit(ev(
        &n.submitted_by,
        "report.submit",
        "report",
        id,
        before,
        after,
    ))
    .await?;
    let next = status.after_progress_report();
    if next != status {
        let before = snap_problem(&mut w.tx, n.problem_id).await?;
        sqlx::query("UPDATE problems SET status = $1, version = version + 1 WHERE id = $2")
            .bind(next.as_str())
            .bind(n.problem_id)
            .execute(&mut *w.tx)
            .await?;
        let after = snap_problem(&mut w.tx, n.problem_id).await?;
        w.audit(ev(
            &n.submitted_by,
            "problem.status",
            "problem",
            n.problem_id,
            before,
            after,
        ))
        .await?;
    }
    let report = load_report(&mut w.tx, id).await?;
    w.commit().await?;
    Ok(report)
}

pub(crate) async fn review_progress(
    pool: &Pool,
    rv: &ProgressReview,
) -> StoreResult<ProgressReport> {
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "report", rv.report_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("进展报告 / report {}", rv.report_id)))?;
    sqlx::query(
        "UPDATE progress_reports SET status = $1, review_comment = $2, reviewed_by = $3 \
         WHERE id = $4",
    )
    .bind(if rv.accept { "accepted" } else { "returned" })
    .bind(&rv.comment)
    .bind(&rv.actor)
    .bind(rv.report_id)
    .execute(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "report", rv.report_id).await?;
    let action = if rv.accept {
        "report.accept"
    } else {
        "report.return"
    };
    w.audit(ev(
        &rv.actor,
        action,
        "report",
        rv.report_id,
        Some(before),
        after,
    ))
    .await?;
    let report = load_report(&mut w.tx, rv.report_id).await?;
    w.commit().await?;
    Ok(report)
}

/// Applies one sign-off step: the state machine, the notice and objection
/// rules and the record are checked and written in one transaction, and
/// the status update is conditional on the version read, so two
/// simultaneous requests cannot both succeed.
pub(crate) async fn apply_signoff(
    pool: &Pool,
    req: &SignoffRequest,
) -> StoreResult<SignoffOutcome> {
    let mut w = Write::begin(pool).await?;
    let (status, version): (String, i64) =
        sqlx::query_as("SELECT status, version FROM problems WHERE id = $1")
            .bind(req.problem_id)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", req.problem_id)))?;
    let status = status_of(&status)?;
    // The facts are read inside the write transaction and the domain's rule
    // decides (`rectify_domain::signoff`), so two simultaneous requests, or
    // an objection lodged a moment earlier, cannot slip past it.
    let notice_end: Option<Option<NaiveDate>> = sqlx::query_scalar(
        "SELECT notice_end FROM signoff_steps WHERE problem_id = $1 \
         AND step = 'public_notice' AND decision = 'approve' ORDER BY id DESC LIMIT 1",
    )
    .bind(req.problem_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    let facts = SignoffFacts {
        status,
        notice_end: notice_end.flatten(),
        open_objections: open_objections(&mut w.tx, req.problem_id).await?,
    };
    let comment = Comment::optional(&req.comment, "意见 / the comment")?;
    let next = check_signoff(&facts, req.step, req.decision, comment.as_ref(), req.today)?;
    let mut notice = None;
    if req.step == SignoffStep::PublicNotice && req.decision == Decision::Approve {
        notice = Some(req.notice.ok_or_else(|| {
            StoreError::Rule(rectify_domain::Error::new(
                rectify_domain::ErrorCode::NoticeMissing,
            ))
        })?);
    }
    let sid: i64 = sqlx::query_scalar(
        "INSERT INTO signoff_steps (problem_id, step, decision, comment, actor, at, \
         notice_start, notice_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(req.problem_id)
    .bind(req.step.as_str())
    .bind(req.decision.as_str())
    .bind(&req.comment)
    .bind(&req.actor)
    .bind(micros(req.at))
    .bind(notice.map(|n| n.0))
    .bind(notice.map(|n| n.1))
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "signoff", sid).await?;
    let action = format!("signoff.{}", req.step.as_str());
    w.audit(ev(&req.actor, &action, "signoff", sid, None, after))
        .await?;
    let before = snap_problem(&mut w.tx, req.problem_id).await?;
    let done = sqlx::query(
        "UPDATE problems SET status = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(next.as_str())
    .bind(req.problem_id)
    .bind(version)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::conflict(
            "问题已被他人同时修改，请刷新后重试",
            "the problem was changed concurrently; reload and retry",
        ));
    }
    let after = snap_problem(&mut w.tx, req.problem_id).await?;
    w.audit(ev(
        &req.actor,
        "problem.status",
        "problem",
        req.problem_id,
        before,
        after,
    ))
    .await?;
    w.commit().await?;
    Ok(SignoffOutcome {
        problem_id: req.problem_id,
        step: req.step,
        decision: req.decision,
        status: next,
        notice_start: notice.map(|n| n.0),
        notice_end: notice.map(|n| n.1),
    })
}

/// Reopens a signed-off problem inside `w`: status back to `in_progress`,
/// `reopened` set, the reason in its own event beside the row's snapshot.
/// Shared by a plain reopen and a look-back rebound.
pub(super) async fn reopen_in(
    w: &mut Write,
    problem_id: i64,
    reason: &str,
    actor: &str,
    lookback: Option<&str>,
) -> StoreResult<Status> {
    let next = problem_status(&mut w.tx, problem_id)
        .await?
        .reopen()
        .map_err(|e| StoreError::Conflict(e.to_string()))?;
    let before = snap_problem(&mut w.tx, problem_id).await?;
    sqlx::query(
        "UPDATE problems SET status = $1, reopened = $2, version = version + 1 WHERE id = $3",
    )
    .bind(next.as_str())
    .bind(true)
    .bind(problem_id)
    .execute(&mut *w.tx)
    .await?;
    let after = snap_problem(&mut w.tx, problem_id).await?;
    let action = match lookback {
        Some(_) => "problem.lookback_reopen",
        None => "problem.reopen",
    };
    // The reason travels in the event, beside the row's snapshot.
    let note = json!({"reason": reason, "lookback": lookback});
    w.audit(ev(
        actor,
        action,
        "problem_note",
        problem_id,
        None,
        Some(note),
    ))
    .await?;
    w.audit(ev(actor, action, "problem", problem_id, before, after))
        .await?;
    Ok(next)
}

pub(crate) async fn reopen_problem(
    pool: &Pool,
    problem_id: i64,
    reason: &str,
    actor: &str,
    lookback: Option<&str>,
) -> StoreResult<Status> {
    if reason.trim().is_empty() {
        return Err(StoreError::invalid(
            "重新打开须说明原因",
            "reopening needs a reason",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let next = reopen_in(&mut w, problem_id, reason, actor, lookback).await?;
    w.commit().await?;
    Ok(next)
}

/// When each signed-off problem's `file` step was approved (the latest, if
/// a problem was reopened and signed off again): one query for the figures.
pub(crate) async fn signed_off_at(
    pool: &Pool,
) -> StoreResult<std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>> {
    let rows: Vec<(i64, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "SELECT problem_id, at FROM signoff_steps WHERE step = 'file' AND decision = 'approve'",
    )
    .fetch_all(pool)
    .await?;
    let mut out = std::collections::HashMap::new();
    for (id, at) in rows {
        let e = out.entry(id).or_insert(at);
        if at > *e {
            *e = at;
        }
    }
    Ok(out)
}
