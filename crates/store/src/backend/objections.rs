//! Objections lodged during a public notice (公示异议), and escalations
//! (通报、约谈、挂牌督办…) against problems or units.

use super::rows::{EscalationRow, ObjectionRow};
use super::snapshot::snap_simple;
use super::write::{ev, Write};
use super::{problem_status, Conn, Pool};
use chrono::{DateTime, Utc};
use rectify_domain::objection::{
    check_lodge, per_address_window, per_problem_window, RecentObjections,
};
use rectify_domain::{ErrorCode, Status};
use rectify_store::sql::micros;
use rectify_store::{
    Escalation, NewEscalation, NewObjection, Objection, ObjectionStatus, StoreError, StoreResult,
    ESCALATION_KINDS,
};

/// How many objections to a problem are still open.
pub(super) async fn open_objections(c: &mut Conn, problem_id: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM objections WHERE problem_id = $1 AND status = 'open'",
    )
    .bind(problem_id)
    .fetch_one(&mut *c)
    .await?)
}

pub(crate) async fn add_objection(pool: &Pool, o: &NewObjection) -> StoreResult<Objection> {
    if o.text.trim().is_empty() {
        return Err(StoreError::invalid(
            "异议内容不能为空",
            "the objection text is empty",
        ));
    }
    let mut w = Write::begin(pool).await?;
    if problem_status(&mut w.tx, o.problem_id).await? != Status::InPublicNotice {
        return Err(StoreError::conflict(
            "该问题不在公示期，不能提出异议",
            "the problem is not in public notice",
        ));
    }
    // Counted inside the write transaction (which holds the write lock), so
    // a burst across several servers meets one count.
    check_lodge(recent(&mut w.tx, o).await?)?;
    let row: ObjectionRow = sqlx::query_as(
        "INSERT INTO objections (problem_id, text, contact, created_at, status, reference, \
         client_key) VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING *",
    )
    .bind(o.problem_id)
    .bind(&o.text)
    .bind(&o.contact)
    .bind(micros(o.at))
    .bind(&o.reference)
    .bind(&o.client_key)
    .fetch_one(&mut *w.tx)
    .await?;
    let obj = Objection::from(row);
    let after = snap_simple(&mut w.tx, "objection", obj.id).await?;
    w.audit(ev(
        "public",
        "objection.lodge",
        "objection",
        obj.id,
        None,
        after,
    ))
    .await?;
    w.commit().await?;
    Ok(obj)
}

/// What the throttle and the repeat rule need about `o`'s recent company.
async fn recent(c: &mut Conn, o: &NewObjection) -> StoreResult<RecentObjections> {
    let by_address: i64 =
        match &o.client_key {
            Some(key) => sqlx::query_scalar(
                "SELECT COUNT(*) AS n FROM objections WHERE client_key = $1 AND created_at > $2",
            )
            .bind(key)
            .bind(micros(o.at - per_address_window()))
            .fetch_one(&mut *c)
            .await?,
            None => 0,
        };
    let by_problem: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM objections WHERE problem_id = $1 AND created_at > $2 \
         AND status <> 'spam'",
    )
    .bind(o.problem_id)
    .bind(micros(o.at - per_problem_window()))
    .fetch_one(&mut *c)
    .await?;
    let same_text: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM objections WHERE problem_id = $1 AND text = $2",
    )
    .bind(o.problem_id)
    .bind(o.text.trim())
    .fetch_one(&mut *c)
    .await?;
    Ok(RecentObjections {
        by_address,
        by_problem,
        same_text,
    })
}

/// Closes an open objection: `resolved` (answered) or `spam`.
pub(crate) async fn close_objection(
    pool: &Pool,
    id: i64,
    status: &str,
    resolution: &str,
    actor: &str,
) -> StoreResult<Objection> {
    if resolution.trim().is_empty() {
        return Err(StoreError::invalid(
            "处理意见不能为空",
            "the resolution is empty",
        ));
    }
    if !matches!(status, "resolved" | "spam") {
        return Err(rectify_domain::Error::new(ErrorCode::ObjectionOutcomeUnknown).into());
    }
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "objection", id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("异议 / objection {id}")))?;
    let row: Option<ObjectionRow> = sqlx::query_as(
        "UPDATE objections SET status = $1, resolution = $2, resolved_by = $3 \
         WHERE id = $4 AND status = 'open' RETURNING *",
    )
    .bind(status)
    .bind(resolution)
    .bind(actor)
    .bind(id)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = row else {
        return Err(rectify_domain::Error::new(ErrorCode::ObjectionClosed).into());
    };
    let after = snap_simple(&mut w.tx, "objection", id).await?;
    let action = if status == "spam" {
        "objection.spam"
    } else {
        "objection.resolve"
    };
    w.audit(ev(actor, action, "objection", id, Some(before), after))
        .await?;
    w.commit().await?;
    Ok(row.into())
}

pub(crate) async fn resolve_objection(
    pool: &Pool,
    id: i64,
    resolution: &str,
    actor: &str,
) -> StoreResult<Objection> {
    close_objection(pool, id, "resolved", resolution, actor).await
}

pub(crate) async fn get_objection(pool: &Pool, id: i64) -> StoreResult<Option<Objection>> {
    let row: Option<ObjectionRow> = sqlx::query_as("SELECT * FROM objections WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(Objection::from))
}

/// An objection with its problem's number and plan, for the public lookup.
#[derive(sqlx::FromRow)]
struct LookupRow {
    reference: String,
    problem_id: i64,
    number_text: String,
    plan_title: String,
    created_at: DateTime<Utc>,
    status: String,
    resolution: Option<String>,
}

/// What the public may see of an objection, by its reference number.
pub(crate) async fn objection_by_reference(
    pool: &Pool,
    reference: &str,
) -> StoreResult<Option<ObjectionStatus>> {
    let row: Option<LookupRow> = sqlx::query_as(
        "SELECT o.reference, o.problem_id, p.number_text, pl.title AS plan_title, o.created_at, \
         o.status, o.resolution FROM objections o JOIN problems p ON p.id = o.problem_id \
         JOIN plans pl ON pl.id = p.plan_id WHERE o.reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| ObjectionStatus {
        // The reply is public once the objection is answered.
        reply: if r.status == "resolved" {
            r.resolution
        } else {
            None
        },
        reference: r.reference,
        problem_id: r.problem_id,
        number_text: r.number_text,
        plan_title: r.plan_title,
        created_at: r.created_at,
        status: r.status,
    }))
}

pub(crate) async fn list_open_objections(pool: &Pool) -> StoreResult<Vec<Objection>> {
    let rows: Vec<ObjectionRow> =
        sqlx::query_as("SELECT * FROM objections WHERE status = 'open' ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(Objection::from).collect())
}

pub(super) const ESCALATION_SELECT: &str =
    "SELECT e.*, u.name AS unit_name FROM escalations e LEFT JOIN units u ON u.id = e.unit_id";

pub(crate) async fn add_escalation(pool: &Pool, e: &NewEscalation) -> StoreResult<Escalation> {
    if !ESCALATION_KINDS.iter().any(|(k, _)| *k == e.kind) {
        return Err(StoreError::invalid(
            "未知的督办方式",
            "unknown escalation kind",
        ));
    }
    if e.problem_id.is_none() && e.unit_id.is_none() {
        return Err(StoreError::invalid(
            "须指定问题或单位",
            "a problem or a unit is required",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO escalations (problem_id, unit_id, kind, date, doc_number, note, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(e.problem_id)
    .bind(e.unit_id)
    .bind(&e.kind)
    .bind(e.date)
    .bind(&e.doc_number)
    .bind(&e.note)
    .bind(&e.actor)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "escalation", id).await?;
    w.audit(ev(
        &e.actor,
        "escalation.add",
        "escalation",
        id,
        None,
        after,
    ))
    .await?;
    let row: EscalationRow = sqlx::query_as(&format!("{ESCALATION_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(row.into())
}

pub(crate) async fn list_escalations(
    pool: &Pool,
    problem_id: Option<i64>,
) -> StoreResult<Vec<Escalation>> {
    let rows: Vec<EscalationRow> = match problem_id {
        Some(p) => {
            sqlx::query_as(&format!(
                "{ESCALATION_SELECT} WHERE e.problem_id = $1 ORDER BY e.date, e.id"
            ))
            .bind(p)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!("{ESCALATION_SELECT} ORDER BY e.date, e.id"))
                .fetch_all(pool)
                .await?
        }
    };
    Ok(rows.into_iter().map(Escalation::from).collect())
}
