//! Warnings (预警): the facts the warning rules read, and the open warnings
//! kept in step with the rules' findings.

use super::rows::{DeadlineCols, WarningRow};
use super::write::Write;
use super::{status_of, Pool};
use crate::Db;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_store::sql::micros;
use rectify_store::{
    ComputedWarning, StoreError, StoreResult, SyncCounts, WarningInput, WarningRecord,
};
use serde_json::json;
use sqlx::QueryBuilder;
use std::collections::{HashMap, HashSet};

/// Appends `{condition} IN (…)` with the ids of a (non-empty) scope bound.
fn push_in(q: &mut QueryBuilder<'_, Db>, condition: &str, ids: &[i64]) {
    q.push(format!("{condition} IN ("));
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(")");
}

/// Facts for the warning rules: of every problem, or of those in `scope`.
pub(crate) async fn warning_inputs(
    pool: &Pool,
    scope: Option<&[i64]>,
) -> StoreResult<Vec<WarningInput>> {
    if scope.is_some_and(<[i64]>::is_empty) {
        return Ok(vec![]);
    }
    let mut c = pool.acquire().await?;
    let mut problems = QueryBuilder::<Db>::new(
        "SELECT p.id, p.status, p.deadline_text, p.due_date, p.immediate, p.ongoing, \
         p.milestones_json, p.reopened, \
         COALESCE(pl.issue_date, (SELECT ins.feedback_date FROM inspections ins \
         WHERE ins.id = pl.inspection_id)) AS issue_date, pl.imported_at \
         FROM problems p JOIN plans pl ON pl.id = p.plan_id",
    );
    let mut reports = QueryBuilder::<Db>::new(
        "SELECT problem_id, period, percent, submitted_at FROM progress_reports",
    );
    if let Some(ids) = scope {
        push_in(&mut problems, " WHERE p.id", ids);
        push_in(&mut reports, " WHERE problem_id", ids);
    }
    problems.push(" ORDER BY p.id");
    reports.push(" ORDER BY period");
    let rows: Vec<WarningFactsRow> = problems.build_query_as().fetch_all(&mut *c).await?;
    let facts: Vec<(i64, String, i64, DateTime<Utc>)> =
        reports.build_query_as().fetch_all(&mut *c).await?;
    let mut reports: HashMap<i64, Vec<(String, i64, DateTime<Utc>)>> = HashMap::new();
    for (problem_id, period, percent, at) in facts {
        reports
            .entry(problem_id)
            .or_default()
            .push((period, percent, at));
    }
    rows.into_iter()
        .map(|r| {
            let reps = reports.remove(&r.id).unwrap_or_default();
            Ok(WarningInput {
                problem_id: r.id,
                status: status_of(&r.status)?,
                deadline: r.deadline.try_into()?,
                start: Some(r.issue_date.unwrap_or_else(|| r.imported_at.date_naive())),
                latest_percent: reps.last().map(|x| x.1),
                reports: reps
                    .into_iter()
                    .map(|(p, _, at)| (p, at.date_naive()))
                    .collect(),
                reopened: r.reopened,
            })
        })
        .collect()
}

/// Makes the open warnings match the computed findings: new ones are
/// raised, vanished ones resolved, changed levels updated. With a scope,
/// only the warnings of its problems: other findings are ignored and other
/// problems' warnings left as they are.
pub(crate) async fn sync_warnings(
    pool: &Pool,
    findings: &[ComputedWarning],
    now: DateTime<Utc>,
    scope: Option<&[i64]>,
) -> StoreResult<SyncCounts> {
    if scope.is_some_and(<[i64]>::is_empty) {
        return Ok(SyncCounts::default());
    }
    let in_scope: Option<HashSet<i64>> = scope.map(|ids| ids.iter().copied().collect());
    let findings = findings.iter().filter(|f| match &in_scope {
        Some(ids) => ids.contains(&f.problem_id),
        None => true,
    });
    let mut w = Write::begin(pool).await?;
    let mut open = QueryBuilder::<Db>::new("SELECT * FROM warnings WHERE status <> 'resolved'");
    if let Some(ids) = scope {
        push_in(&mut open, " AND problem_id", ids);
    }
    let rows: Vec<WarningRow> = open.build_query_as().fetch_all(&mut *w.tx).await?;
    let mut open: HashMap<(i64, String), WarningRecord> = rows
        .into_iter()
        .map(WarningRecord::from)
        .map(|rec| ((rec.problem_id, rec.code.clone()), rec))
        .collect();
    let mut counts = SyncCounts::default();
    let now = micros(now);
    for f in findings {
        match open.remove(&(f.problem_id, f.code.clone())) {
            Some(rec) if rec.level == f.level && rec.message == f.message => {}
            Some(rec) => {
                sqlx::query("UPDATE warnings SET level = $1, message = $2 WHERE id = $3")
                    .bind(&f.level)
                    .bind(&f.message)
                    .bind(rec.id)
                    .execute(&mut *w.tx)
                    .await?;
                let before = Some(json!({"level": rec.level}));
                w.audit_row("system", "warning.update", "warning", rec.id, before)
                    .await?;
                counts.updated += 1;
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO warnings (problem_id, code, level, message, status, raised_at) \
                     VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
                )
                .bind(f.problem_id)
                .bind(&f.code)
                .bind(&f.level)
                .bind(&f.message)
                .bind(now)
                .fetch_one(&mut *w.tx)
                .await?;
                w.audit_row("system", "warning.raise", "warning", id, None)
                    .await?;
                counts.raised += 1;
            }
        }
    }
    for rec in open.into_values() {
        sqlx::query("UPDATE warnings SET status = 'resolved', resolved_at = $1 WHERE id = $2")
            .bind(now)
            .bind(rec.id)
            .execute(&mut *w.tx)
            .await?;
        let before = Some(json!({"status": rec.status}));
        w.audit_row("system", "warning.resolve", "warning", rec.id, before)
            .await?;
        counts.resolved += 1;
    }
    w.commit().await?;
    Ok(counts)
}

pub(crate) async fn list_warnings(pool: &Pool, open_only: bool) -> StoreResult<Vec<WarningRecord>> {
    let sql = if open_only {
        "SELECT * FROM warnings WHERE status <> 'resolved' \
         ORDER BY CASE level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, problem_id, id"
    } else {
        "SELECT * FROM warnings ORDER BY id"
    };
    let rows: Vec<WarningRow> = sqlx::query_as(sql).fetch_all(pool).await?;
    Ok(rows.into_iter().map(WarningRecord::from).collect())
}

pub(crate) async fn acknowledge_warning(
    pool: &Pool,
    id: i64,
    actor: &str,
) -> StoreResult<WarningRecord> {
    let mut w = Write::begin(pool).await?;
    let row: WarningRow = sqlx::query_as(
        "UPDATE warnings SET status = 'acknowledged', acknowledged_by = $1 \
         WHERE id = $2 AND status = 'open' RETURNING *",
    )
    .bind(actor)
    .bind(id)
    .fetch_optional(&mut *w.tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("待签收的预警 / open warning {id}")))?;
    w.audit_row(actor, "warning.acknowledge", "warning", id, None)
        .await?;
    w.commit().await?;
    Ok(row.into())
}

/// What the warning rules read of a problem and its plan.
#[derive(sqlx::FromRow)]
struct WarningFactsRow {
    id: i64,
    status: String,
    #[sqlx(flatten)]
    deadline: DeadlineCols,
    reopened: bool,
    issue_date: Option<NaiveDate>,
    imported_at: DateTime<Utc>,
}
