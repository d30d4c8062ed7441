//! Petitions (信访件): batches in, handling, return visits, evidence,
//! closure and reopening, staff decisions on duplicate pairs. Each write one
//! transaction with its audit events.

use super::snapshot::snap_simple;
use super::write::{ev, Write};
use super::{Conn, Pool};
use rectify_domain::petition::{PetitionStatus, Source};
use rectify_store::{
    NewPetition, NewPetitionBatch, NewPetitionVisit, PetitionAttachment, PetitionHandling,
    PetitionImportReport, PetitionVisit, StoreError, StoreResult,
};

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound(format!("信访件 / petition {id}"))
}

/// The handover fields of a stored petition, to tell an update from a
/// repeat of the same row.
#[derive(sqlx::FromRow, PartialEq)]
struct HandoverFields {
    id: i64,
    received_on: Option<chrono::NaiveDate>,
    area: String,
    kind: String,
    content: String,
    address: String,
    extra_json: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
}

async fn audit_petition(w: &mut Write, actor: &str, action: &str, id: i64) -> StoreResult<()> {
    let after = snap_simple(&mut w.tx, "petition", id).await?;
    w.audit(ev(actor, action, "petition", id, None, after))
        .await
}

/// Stores a batch (or, without one, single petitions such as the portal's)
/// in one transaction: new codes inserted, known codes updated in their
/// handover fields, what was done about them kept.
pub(crate) async fn import_petitions(
    pool: &Pool,
    batch: Option<&NewPetitionBatch>,
    rows: &[NewPetition],
    actor: &str,
) -> StoreResult<PetitionImportReport> {
    let mut w = Write::begin(pool).await?;
    let mut report = PetitionImportReport::default();
    let batch_id = match batch {
        Some(b) => Some(upsert_batch(&mut w, b, actor).await?),
        None => None,
    };
    report.batch_id = batch_id.unwrap_or(0);
    let default_source = batch.map(|b| b.source).unwrap_or(Source::Portal);
    for r in rows {
        let extra = serde_json::to_string(&r.extra)?;
        let stored: Option<HandoverFields> = sqlx::query_as(
            "SELECT id, received_on, area, kind, content, address, extra_json, contact_name, \
             contact_phone FROM petitions WHERE code = $1",
        )
        .bind(&r.code)
        .fetch_optional(&mut *w.tx)
        .await?;
        let incoming = HandoverFields {
            id: stored.as_ref().map_or(0, |s| s.id),
            received_on: r.received_on,
            area: r.area.clone(),
            kind: r.kind.clone(),
            content: r.content.clone(),
            address: r.address.clone(),
            extra_json: extra.clone(),
            contact_name: r.contact_name.clone(),
            contact_phone: r.contact_phone.clone(),
        };
        let id = match stored {
            Some(s) if s == incoming => {
                report.unchanged += 1;
                continue;
            }
            Some(s) => {
                sqlx::query(
                    "UPDATE petitions SET received_on = $1, area = $2, kind = $3, content = $4, \
                     address = $5, extra_json = $6, contact_name = $7, contact_phone = $8, \
                     batch_id = COALESCE($9, batch_id), version = version + 1 WHERE id = $10",
                )
                .bind(r.received_on)
                .bind(&r.area)
                .bind(&r.kind)
                .bind(&r.content)
                .bind(&r.address)
                .bind(&extra)
                .bind(&r.contact_name)
                .bind(&r.contact_phone)
                .bind(batch_id)
                .bind(s.id)
                .execute(&mut *w.tx)
                .await?;
                report.updated += 1;
                audit_petition(&mut w, actor, "petition.reimport", s.id).await?;
                s.id
            }
            None => {
                let id =
                    insert_petition(&mut w, batch_id, default_source, r, &extra, actor).await?;
                report.inserted += 1;
                report.new_ids.push(id);
                audit_petition(&mut w, actor, "petition.import", id).await?;
                id
            }
        };
        if let Some(s) = r.satisfaction {
            let visits: i64 = sqlx::query_scalar(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM petition_visits WHERE petition_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?;
            if visits == 0 {
                let v = NewPetitionVisit {
                    petition_id: id,
                    visited_on: r.received_on.unwrap_or_else(|| w.at.date_naive()),
                    visited_by: default_source.label_zh().to_string(),
                    satisfaction: s,
                    note: "随工单导入 / imported with the work order".into(),
                };
                insert_visit(&mut w, &v, actor).await?;
            }
        }
    }
    w.commit().await?;
    Ok(report)
}

async fn upsert_batch(w: &mut Write, b: &NewPetitionBatch, actor: &str) -> StoreResult<i64> {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM petition_batches WHERE name = $1")
            .bind(&b.name)
            .fetch_optional(&mut *w.tx)
            .await?;
    let id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE petition_batches SET handed_over_on = COALESCE($1, handed_over_on), \
                 file_name = COALESCE($2, file_name) WHERE id = $3",
            )
            .bind(b.handed_over_on)
            .bind(&b.file_name)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO petition_batches (name, source, handed_over_on, file_name, \
                 imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&b.name)
            .bind(b.source.as_str())
            .bind(b.handed_over_on)
            .bind(&b.file_name)
            .bind(actor)
            .bind(w.at)
            .fetch_one(&mut *w.tx)
            .await?
        }
    };
    let after = snap_simple(&mut w.tx, "petition_batch", id).await?;
    let action = if existing.is_some() {
        "petition_batch.reimport"
    } else {
        "petition_batch.import"
    };
    w.audit(ev(actor, action, "petition_batch", id, None, after))
        .await?;
    Ok(id)
}

async fn insert_petition(
    w: &mut Write,
    batch_id: Option<i64>,
    default_source: Source,
    r: &NewPetition,
    extra: &str,
    actor: &str,
) -> StoreResult<i64> {
    let rebound = r.rebound.as_ref().map(|v| v.to_string());
    Ok(sqlx::query_scalar(
        "INSERT INTO petitions (code, batch_id, source, received_on, area, kind, content, \
         address, lat, lon, extra_json, contact_name, contact_phone, unit_id, due_date, status, \
         result, rebound_json, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20) RETURNING id",
    )
    .bind(&r.code)
    .bind(batch_id)
    .bind(r.source.unwrap_or(default_source).as_str())
    .bind(r.received_on)
    .bind(&r.area)
    .bind(&r.kind)
    .bind(&r.content)
    .bind(&r.address)
    .bind(r.lat)
    .bind(r.lon)
    .bind(extra)
    .bind(&r.contact_name)
    .bind(&r.contact_phone)
    .bind(r.unit_id)
    .bind(r.due_date)
    .bind(PetitionStatus::Received.as_str())
    .bind(r.result.clone().unwrap_or_default())
    .bind(rebound)
    .bind(actor)
    .bind(w.at)
    .fetch_one(&mut *w.tx)
    .await?)
}

/// Reads a petition's status and version inside a transaction.
async fn state(c: &mut Conn, id: i64) -> StoreResult<(String, i64)> {
    sqlx::query_as("SELECT status, version FROM petitions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| not_found(id))
}

fn check_version(found: i64, expected: Option<i64>) -> StoreResult<()> {
    match expected {
        Some(v) if v != found => Err(StoreError::Conflict(
            "该信访件已被他人修改，请刷新后重试 / changed by someone else; reload".into(),
        )),
        _ => Ok(()),
    }
}

/// Writes the handling; a petition still 待办理 becomes 办理中.
pub(crate) async fn update_petition(
    pool: &Pool,
    id: i64,
    h: &PetitionHandling,
    expected_version: Option<i64>,
    actor: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let (status, version) = state(&mut w.tx, id).await?;
    check_version(version, expected_version)?;
    if status == PetitionStatus::Closed.as_str() {
        return Err(StoreError::Conflict(
            "该信访件已办结，须先重新办理 / closed; reopen it first".into(),
        ));
    }
    let m = &h.measures;
    sqlx::query(
        "UPDATE petitions SET unit_id = $1, due_date = $2, verification = $3, handling = $4, \
         result = $5, public_reply = $6, m_ordered = $7, m_penalty_cases = $8, \
         m_fines_wan = $9, m_detained = $10, m_interviewed = $11, m_accountable = $12, \
         closure_standard = $13, problem_id = $14, status = $15, version = version + 1 \
         WHERE id = $16",
    )
    .bind(h.unit_id)
    .bind(h.due_date)
    .bind(h.verification.map(|v| v.as_str()))
    .bind(&h.handling)
    .bind(&h.result)
    .bind(&h.public_reply)
    .bind(m.ordered)
    .bind(m.penalty_cases)
    .bind(m.fines_wan)
    .bind(m.detained)
    .bind(m.interviewed)
    .bind(m.accountable)
    .bind(h.closure_standard.map(|v| v.as_str()))
    .bind(h.problem_id)
    .bind(PetitionStatus::Handling.as_str())
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    audit_petition(&mut w, actor, "petition.handle", id).await?;
    w.commit().await
}

async fn insert_visit(
    w: &mut Write,
    v: &NewPetitionVisit,
    actor: &str,
) -> StoreResult<PetitionVisit> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO petition_visits (petition_id, visited_on, visited_by, satisfaction, note, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(v.petition_id)
    .bind(v.visited_on)
    .bind(&v.visited_by)
    .bind(v.satisfaction.as_str())
    .bind(&v.note)
    .bind(actor)
    .bind(w.at)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "petition_visit", id).await?;
    w.audit(ev(
        actor,
        "petition.visit",
        "petition_visit",
        id,
        None,
        after,
    ))
    .await?;
    Ok(PetitionVisit {
        id,
        petition_id: v.petition_id,
        visited_on: v.visited_on,
        visited_by: v.visited_by.clone(),
        satisfaction: v.satisfaction.as_str().into(),
        note: v.note.clone(),
        recorded_by: actor.into(),
        recorded_at: w.at,
    })
}

pub(crate) async fn add_petition_visit(
    pool: &Pool,
    v: &NewPetitionVisit,
    actor: &str,
) -> StoreResult<PetitionVisit> {
    let mut w = Write::begin(pool).await?;
    state(&mut w.tx, v.petition_id).await?;
    let visit = insert_visit(&mut w, v, actor).await?;
    w.commit().await?;
    Ok(visit)
}

/// Records a file already in the evidence store as evidence on a petition.
pub(crate) async fn add_petition_attachment(
    pool: &Pool,
    petition_id: i64,
    sha256: &str,
    size: i64,
    content_type: &str,
    file_name: &str,
    actor: &str,
) -> StoreResult<PetitionAttachment> {
    let mut w = Write::begin(pool).await?;
    state(&mut w.tx, petition_id).await?;
    sqlx::query(
        "INSERT INTO attachments (sha256, size, content_type, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(size)
    .bind(content_type)
    .bind(w.at)
    .execute(&mut *w.tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO petition_attachments (petition_id, sha256, file_name, uploaded_by, \
         uploaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(petition_id)
    .bind(sha256)
    .bind(file_name)
    .bind(actor)
    .bind(w.at)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "petition_attachment", id).await?;
    w.audit(ev(
        actor,
        "petition.attach",
        "petition_attachment",
        id,
        None,
        after,
    ))
    .await?;
    let at = w.at;
    w.commit().await?;
    Ok(PetitionAttachment {
        id,
        petition_id,
        sha256: sha256.into(),
        file_name: file_name.into(),
        uploaded_by: actor.into(),
        uploaded_at: at,
    })
}

/// 办结销号: the application checked the gate on the facts of `version`;
/// the write succeeds only if nothing changed since.
pub(crate) async fn close_petition(
    pool: &Pool,
    id: i64,
    version: i64,
    actor: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let (status, found) = state(&mut w.tx, id).await?;
    check_version(found, Some(version))?;
    if status == PetitionStatus::Closed.as_str() {
        return Err(StoreError::Conflict(
            "该信访件已办结 / already closed".into(),
        ));
    }
    sqlx::query(
        "UPDATE petitions SET status = $1, closed_by = $2, closed_at = $3, \
         version = version + 1 WHERE id = $4",
    )
    .bind(PetitionStatus::Closed.as_str())
    .bind(actor)
    .bind(w.at)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    audit_petition(&mut w, actor, "petition.close", id).await?;
    w.commit().await
}

/// Reopens a closed petition (it came back, or the closure was false).
pub(crate) async fn reopen_petition(
    pool: &Pool,
    id: i64,
    reason: &str,
    actor: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let (status, _) = state(&mut w.tx, id).await?;
    if status != PetitionStatus::Closed.as_str() {
        return Err(StoreError::Conflict(
            "只有已办结的信访件才能重新办理 / only a closed petition can be reopened".into(),
        ));
    }
    sqlx::query(
        "UPDATE petitions SET status = $1, closed_by = NULL, closed_at = NULL, \
         reopen_reason = $2, version = version + 1 WHERE id = $3",
    )
    .bind(PetitionStatus::Handling.as_str())
    .bind(reason)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    audit_petition(&mut w, actor, "petition.reopen", id).await?;
    w.commit().await
}

/// Records (or changes) a staff decision on a suggested pair.
pub(crate) async fn decide_petition_pair(
    pool: &Pool,
    a: &str,
    b: &str,
    decision: &str,
    actor: &str,
) -> StoreResult<()> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    let mut w = Write::begin(pool).await?;
    for code in [a, b] {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM petitions WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *w.tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!("信访件 / petition {code}")));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO petition_decisions (code_a, code_b, decision, actor, at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code_a, code_b) \
         DO UPDATE SET decision = excluded.decision, actor = excluded.actor, at = excluded.at \
         RETURNING id",
    )
    .bind(a)
    .bind(b)
    .bind(decision)
    .bind(actor)
    .bind(w.at)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "petition_decision", id).await?;
    w.audit(ev(
        actor,
        "petition.decide",
        "petition_decision",
        id,
        None,
        after,
    ))
    .await?;
    w.commit().await
}
