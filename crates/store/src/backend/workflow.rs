//! The rectification workflow: monthly progress reports and their review,
//! the sign-off procedure (销号), and reopening a signed-off problem.

use super::gate;
use super::rows::ReportRow;
use super::snapshot::{snap_problem, snap_simple};
use super::write::{ev, Write};
use super::{problem_status, Conn, Pool};
use chrono::NaiveDate;
use rectify_domain::input::Comment;
use rectify_domain::signoff::check_signoff;
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
    // The facts are read inside the write transaction and the domain's rule
    // decides (`rectify_domain::signoff`), so two simultaneous requests, or
    // an objection lodged a moment earlier, cannot slip past it.
    let (facts, version) = gate::read(&mut w.tx, req.problem_id).await?;
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
    if next == Status::SignedOff {
        close_parent(&mut w, req).await?;
    }
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

/// The problem a sub-problem (（一）（二）…) was split from, and its status.
async fn parent_of(c: &mut Conn, problem_id: i64) -> StoreResult<Option<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.seq, p.status FROM problems c JOIN problems p \
         ON p.plan_id = c.plan_id AND p.seq = c.parent_seq AND p.parent_seq IS NULL \
         WHERE c.id = $1",
    )
    .bind(problem_id)
    .fetch_optional(&mut *c)
    .await?)
}

/// A problem split into sub-problems closes when its last sub-problem is
/// signed off: the parent gets a recorded `file` step and its status.
async fn close_parent(w: &mut Write, req: &SignoffRequest) -> StoreResult<()> {
    let Some((parent, seq, status)) = parent_of(&mut w.tx, req.problem_id).await? else {
        return Ok(());
    };
    let plan_id: i64 = sqlx::query_scalar("SELECT plan_id FROM problems WHERE id = $1")
        .bind(parent)
        .fetch_one(&mut *w.tx)
        .await?;
    let (_, open) = gate::sub_problem_counts(&mut w.tx, plan_id, seq).await?;
    if open > 0 || status == Status::SignedOff.as_str() {
        return Ok(());
    }
    let sid: i64 = sqlx::query_scalar(
        "INSERT INTO signoff_steps (problem_id, step, decision, comment, actor, at) \
         VALUES ($1, 'file', 'approve', $2, $3, $4) RETURNING id",
    )
    .bind(parent)
    .bind("子问题已全部销号 / every sub-problem is signed off")
    .bind(&req.actor)
    .bind(micros(req.at))
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "signoff", sid).await?;
    w.audit(ev(
        &req.actor,
        "signoff.rollup",
        "signoff",
        sid,
        None,
        after,
    ))
    .await?;
    set_status(
        w,
        parent,
        Status::SignedOff,
        false,
        &req.actor,
        "problem.rollup",
    )
    .await
}

/// Sets a problem's status (and `reopened` when asked), with its event.
async fn set_status(
    w: &mut Write,
    problem_id: i64,
    status: Status,
    reopened: bool,
    actor: &str,
    action: &str,
) -> StoreResult<()> {
    let before = snap_problem(&mut w.tx, problem_id).await?;
    sqlx::query(
        "UPDATE problems SET status = $1, reopened = (reopened OR $2), version = version + 1 \
         WHERE id = $3",
    )
    .bind(status.as_str())
    .bind(reopened)
    .bind(problem_id)
    .execute(&mut *w.tx)
    .await?;
    let after = snap_problem(&mut w.tx, problem_id).await?;
    w.audit(ev(actor, action, "problem", problem_id, before, after))
        .await
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
    new_due: Option<NaiveDate>,
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
    if let Some(due) = new_due {
        // 限期整改: the new deadline replaces the plan's, and says so.
        let old: String = sqlx::query_scalar("SELECT deadline_text FROM problems WHERE id = $1")
            .bind(problem_id)
            .fetch_one(&mut *w.tx)
            .await?;
        let text = format!(
            "限期整改：{}前完成（原时限：{}）",
            due.format("%Y年%-m月%-d日"),
            old.split("（原时限：").next().unwrap_or(&old)
        );
        sqlx::query(
            "UPDATE problems SET due_date = $1, deadline_text = $2, immediate = $3, \
             ongoing = $3, milestones_json = '[]' WHERE id = $4",
        )
        .bind(due)
        .bind(text)
        .bind(false)
        .bind(problem_id)
        .execute(&mut *w.tx)
        .await?;
    }
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
    // A rebound in a sub-problem reopens the problem it belongs to.
    if let Some((parent, _, status)) = parent_of(&mut w.tx, problem_id).await? {
        if status == Status::SignedOff.as_str() {
            set_status(w, parent, Status::InProgress, true, actor, action).await?;
        }
    }
    Ok(next)
}

pub(crate) async fn reopen_problem(
    pool: &Pool,
    problem_id: i64,
    reason: &str,
    actor: &str,
    lookback: Option<&str>,
    new_due: Option<NaiveDate>,
) -> StoreResult<Status> {
    if reason.trim().is_empty() {
        return Err(StoreError::invalid(
            "重新打开须说明原因",
            "reopening needs a reason",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let next = reopen_in(&mut w, problem_id, reason, actor, lookback, new_due).await?;
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
