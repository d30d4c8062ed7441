//! Corrections after import (更正), splitting and merging problems, and
//! publishing a plan. Each is one transaction that writes the new values,
//! the `corrections` row with the reason, and the audit events of both.

use super::plans::{insert_problem, write_problem};
use super::snapshot::{snap_problem, snap_simple};
use super::snapshot_access::last_unit_id;
use super::write::{ev, Write};
use super::{Conn, Pool};
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::correction::PlanFacts;
use rectify_domain::inspection::Inspection;
use rectify_domain::{ErrorCode, ProblemDraft};
use rectify_store::{Correction, NewCorrection, PlanRecord, StoreError, StoreResult};

fn rule(code: ErrorCode, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Rule(rectify_domain::Error::with(code, detail))
}

#[derive(sqlx::FromRow)]
struct PlanFactsRow {
    id: i64,
    title: String,
    doc_number: Option<String>,
    issue_date: Option<NaiveDate>,
    jurisdiction: Option<String>,
    notice_workdays: i64,
    published_at: Option<DateTime<Utc>>,
    published_by: Option<String>,
    inspection_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct InspectionRow {
    level: Option<String>,
    team: Option<String>,
    round: Option<String>,
    stationed_from: Option<NaiveDate>,
    stationed_to: Option<NaiveDate>,
    feedback_date: Option<NaiveDate>,
}

async fn read_plan(c: &mut Conn, plan_id: i64) -> StoreResult<Option<PlanRecord>> {
    let Some(r) = sqlx::query_as::<_, PlanFactsRow>(
        "SELECT id, title, doc_number, issue_date, jurisdiction, notice_workdays, published_at, \
         published_by, inspection_id FROM plans WHERE id = $1",
    )
    .bind(plan_id)
    .fetch_optional(&mut *c)
    .await?
    else {
        return Ok(None);
    };
    let inspection = match r.inspection_id {
        Some(iid) => sqlx::query_as::<_, InspectionRow>(
            "SELECT level, team, round, stationed_from, stationed_to, feedback_date \
             FROM inspections WHERE id = $1",
        )
        .bind(iid)
        .fetch_optional(&mut *c)
        .await?
        .map(|i| Inspection {
            level: i
                .level
                .and_then(|l| serde_json::from_value(serde_json::Value::String(l)).ok()),
            team: i.team,
            round: i.round,
            stationed_from: i.stationed_from,
            stationed_to: i.stationed_to,
            feedback_date: i.feedback_date,
        }),
        None => None,
    };
    Ok(Some(PlanRecord {
        id: r.id,
        facts: PlanFacts {
            title: r.title,
            doc_number: r.doc_number,
            issue_date: r.issue_date,
            jurisdiction: r.jurisdiction,
            inspection,
            notice_workdays: r.notice_workdays,
        },
        published_at: r.published_at,
        published_by: r.published_by,
    }))
}

pub(crate) async fn plan_record(pool: &Pool, plan_id: i64) -> StoreResult<Option<PlanRecord>> {
    let mut c = pool.acquire().await?;
    read_plan(&mut c, plan_id).await
}

/// Records the correction row and its audit event.
async fn record(
    w: &mut Write,
    plan_id: i64,
    entity: &str,
    entity_id: i64,
    action: &str,
    c: &NewCorrection,
) -> StoreResult<Correction> {
    let published: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT published_at FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_one(&mut *w.tx)
            .await?;
    let public = published.is_some();
    let fields = serde_json::to_string(&c.changes)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO corrections (plan_id, entity, entity_id, action, fields_json, reason, \
         actor, at, public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(plan_id)
    .bind(entity)
    .bind(entity_id)
    .bind(action)
    .bind(&fields)
    .bind(&c.reason)
    .bind(&c.actor)
    .bind(w.at)
    .bind(public)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "correction", id).await?;
    w.audit(ev(
        &c.actor,
        "correction.create",
        "correction",
        id,
        None,
        after,
    ))
    .await?;
    Ok(Correction {
        id,
        plan_id,
        entity: entity.into(),
        entity_id,
        action: action.into(),
        changes: c.changes.clone(),
        reason: c.reason.clone(),
        actor: c.actor.clone(),
        at: w.at,
        public,
    })
}

/// Writes a plan's corrected values.
pub(crate) async fn correct_plan(
    pool: &Pool,
    plan_id: i64,
    facts: &PlanFacts,
    c: &NewCorrection,
) -> StoreResult<Correction> {
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "plan", plan_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM plans WHERE title = $1 AND COALESCE(jurisdiction, '') = $2 AND id <> $3",
    )
    .bind(&facts.title)
    .bind(facts.jurisdiction.clone().unwrap_or_default())
    .bind(plan_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    if taken.is_some() {
        return Err(StoreError::conflict(
            "已有同名、同行政区域的方案",
            "another plan has this title and jurisdiction",
        ));
    }
    sqlx::query(
        "UPDATE plans SET title = $1, doc_number = $2, issue_date = $3, jurisdiction = $4, \
         notice_workdays = $5 WHERE id = $6",
    )
    .bind(&facts.title)
    .bind(&facts.doc_number)
    .bind(facts.issue_date)
    .bind(&facts.jurisdiction)
    .bind(facts.notice_workdays)
    .bind(plan_id)
    .execute(&mut *w.tx)
    .await?;
    if c.changes.iter().any(|f| f.field == "inspection") {
        let iid = match &facts.inspection {
            Some(i) => Some(super::plans::inspection_id(&mut w.tx, i).await?),
            None => None,
        };
        sqlx::query("UPDATE plans SET inspection_id = $1 WHERE id = $2")
            .bind(iid)
            .bind(plan_id)
            .execute(&mut *w.tx)
            .await?;
    }
    let after = snap_simple(&mut w.tx, "plan", plan_id).await?;
    w.audit(ev(
        &c.actor,
        "plan.correct",
        "plan",
        plan_id,
        Some(before),
        after,
    ))
    .await?;
    let out = record(&mut w, plan_id, "plan", plan_id, "correct", c).await?;
    w.commit().await?;
    Ok(out)
}

/// The category id of `seq` in the plan, refused when the plan has none.
async fn category_id(c: &mut Conn, plan_id: i64, seq: Option<u32>) -> StoreResult<Option<i64>> {
    let Some(seq) = seq else { return Ok(None) };
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE plan_id = $1 AND seq = $2")
            .bind(plan_id)
            .bind(i64::from(seq))
            .fetch_optional(&mut *c)
            .await?;
    id.map(Some).ok_or_else(|| {
        rule(
            ErrorCode::InvalidInput,
            format!("方案中没有第{seq}类问题 / the plan has no category {seq}"),
        )
    })
}

/// Refuses a number another problem of the plan already has.
async fn number_free(c: &mut Conn, plan_id: i64, d: &ProblemDraft, except: i64) -> StoreResult<()> {
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM problems WHERE plan_id = $1 AND COALESCE(parent_seq, 0) = $2 \
         AND seq = $3 AND id <> $4",
    )
    .bind(plan_id)
    .bind(d.parent_seq.map(i64::from).unwrap_or(0))
    .bind(i64::from(d.seq))
    .bind(except)
    .fetch_optional(&mut *c)
    .await?;
    match taken {
        Some(_) => Err(rule(ErrorCode::ProblemNumberTaken, d.seq.to_string())),
        None => Ok(()),
    }
}

async fn plan_of(c: &mut Conn, problem_id: i64) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT plan_id FROM problems WHERE id = $1")
        .bind(problem_id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {problem_id}")))
}

/// Writes `d` over the problem in an open write, with its audit event.
async fn overwrite(
    w: &mut Write,
    plan_id: i64,
    id: i64,
    d: &ProblemDraft,
    actor: &str,
    action: &str,
) -> StoreResult<()> {
    let before = snap_problem(&mut w.tx, id).await?;
    let category = category_id(&mut w.tx, plan_id, d.category_seq).await?;
    number_free(&mut w.tx, plan_id, d, id).await?;
    write_problem(&mut w.tx, id, category, d).await?;
    sqlx::query("UPDATE problems SET seq = $1, version = version + 1 WHERE id = $2")
        .bind(i64::from(d.seq))
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    let after = snap_problem(&mut w.tx, id).await?;
    w.audit(ev(actor, action, "problem", id, before, after))
        .await
}

/// Writes a problem's corrected values (`d` is the whole problem after the
/// correction).
pub(crate) async fn correct_problem(
    pool: &Pool,
    id: i64,
    d: &ProblemDraft,
    c: &NewCorrection,
) -> StoreResult<Correction> {
    let mut w = Write::begin(pool).await?;
    let units_before = last_unit_id(&mut w.tx).await?;
    let plan_id = plan_of(&mut w.tx, id).await?;
    overwrite(&mut w, plan_id, id, d, &c.actor, "problem.correct").await?;
    w.audit_new_units(&c.actor, units_before).await?;
    let out = record(&mut w, plan_id, "problem", id, "correct", c).await?;
    w.commit().await?;
    Ok(out)
}

/// Splits a problem: it keeps `rest`, and `new` becomes a problem of the
/// same plan. Answers the new problem's id.
pub(crate) async fn split_problem(
    pool: &Pool,
    id: i64,
    rest: &ProblemDraft,
    new: &ProblemDraft,
    c: &NewCorrection,
) -> StoreResult<i64> {
    let mut w = Write::begin(pool).await?;
    let units_before = last_unit_id(&mut w.tx).await?;
    let plan_id = plan_of(&mut w.tx, id).await?;
    overwrite(&mut w, plan_id, id, rest, &c.actor, "problem.split").await?;
    number_free(&mut w.tx, plan_id, new, 0).await?;
    let category = category_id(&mut w.tx, plan_id, new.category_seq).await?;
    let new_id = insert_problem(&mut w, plan_id, category, new, &c.actor).await?;
    w.audit_new_units(&c.actor, units_before).await?;
    record(&mut w, plan_id, "problem", id, "split", c).await?;
    record(&mut w, plan_id, "problem", new_id, "split", c).await?;
    w.commit().await?;
    Ok(new_id)
}

/// Merges problem `gone` into `keep` (which takes the values `d`). Refused
/// when `gone` has a history of its own (reports, sign-off, evidence,
/// objections, escalations, look-back): that work belongs to it.
pub(crate) async fn merge_problems(
    pool: &Pool,
    keep: i64,
    gone: i64,
    d: &ProblemDraft,
    c: &NewCorrection,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let units_before = last_unit_id(&mut w.tx).await?;
    let plan_id = plan_of(&mut w.tx, keep).await?;
    if plan_of(&mut w.tx, gone).await? != plan_id || keep == gone {
        return Err(rule(ErrorCode::OtherPlan, ""));
    }
    let history: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM progress_reports WHERE problem_id = $1) \
         + (SELECT COUNT(*) FROM signoff_steps WHERE problem_id = $1) \
         + (SELECT COUNT(*) FROM problem_attachments WHERE problem_id = $1) \
         + (SELECT COUNT(*) FROM objections WHERE problem_id = $1) \
         + (SELECT COUNT(*) FROM escalations WHERE problem_id = $1) \
         + (SELECT COUNT(*) FROM lookback_items WHERE problem_id = $1)",
    )
    .bind(gone)
    .fetch_one(&mut *w.tx)
    .await?;
    if history > 0 {
        return Err(rule(ErrorCode::MergeHasHistory, gone.to_string()));
    }
    // Computed warnings of the merged problem go with it, each recorded.
    let warnings: Vec<i64> = sqlx::query_scalar("SELECT id FROM warnings WHERE problem_id = $1")
        .bind(gone)
        .fetch_all(&mut *w.tx)
        .await?;
    for wid in warnings {
        let before = super::snapshot_access::snap_warning(&mut w.tx, wid).await?;
        sqlx::query("DELETE FROM warnings WHERE id = $1")
            .bind(wid)
            .execute(&mut *w.tx)
            .await?;
        w.audit(ev(&c.actor, "warning.delete", "warning", wid, before, None))
            .await?;
    }
    let before = snap_problem(&mut w.tx, gone).await?;
    for table in ["problem_units", "problem_people", "measures"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE problem_id = $1"))
            .bind(gone)
            .execute(&mut *w.tx)
            .await?;
    }
    sqlx::query("DELETE FROM problems WHERE id = $1")
        .bind(gone)
        .execute(&mut *w.tx)
        .await?;
    w.audit(ev(
        &c.actor,
        "problem.merge_away",
        "problem",
        gone,
        before,
        None,
    ))
    .await?;
    overwrite(&mut w, plan_id, keep, d, &c.actor, "problem.merge").await?;
    w.audit_new_units(&c.actor, units_before).await?;
    record(&mut w, plan_id, "problem", keep, "merge", c).await?;
    w.commit().await
}

/// Puts a plan on the portal (once; later calls change nothing).
pub(crate) async fn publish_plan(pool: &Pool, plan_id: i64, actor: &str) -> StoreResult<bool> {
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "plan", plan_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))?;
    let done = sqlx::query(
        "UPDATE plans SET published_at = $1, published_by = $2 \
         WHERE id = $3 AND published_at IS NULL",
    )
    .bind(w.at)
    .bind(actor)
    .bind(plan_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    let after = snap_simple(&mut w.tx, "plan", plan_id).await?;
    w.audit(ev(
        actor,
        "plan.publish",
        "plan",
        plan_id,
        Some(before),
        after,
    ))
    .await?;
    w.commit().await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct CorrectionRow {
    id: i64,
    plan_id: i64,
    entity: String,
    entity_id: i64,
    action: String,
    fields_json: String,
    reason: String,
    actor: String,
    at: DateTime<Utc>,
    public: bool,
}

/// The corrections of a plan and its problems, oldest first.
pub(crate) async fn corrections(pool: &Pool, plan_id: i64) -> StoreResult<Vec<Correction>> {
    let rows: Vec<CorrectionRow> =
        sqlx::query_as("SELECT * FROM corrections WHERE plan_id = $1 ORDER BY id")
            .bind(plan_id)
            .fetch_all(pool)
            .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Correction {
                id: r.id,
                plan_id: r.plan_id,
                entity: r.entity,
                entity_id: r.entity_id,
                action: r.action,
                changes: serde_json::from_str(&r.fields_json)?,
                reason: r.reason,
                actor: r.actor,
                at: r.at,
                public: r.public,
            })
        })
        .collect()
}
