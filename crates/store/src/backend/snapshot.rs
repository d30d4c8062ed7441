//! Canonical snapshots of the audited rows: what the audit trail records
//! before and after each write, and what verification re-reads. Their JSON
//! is hashed into the chain, so its shape must not change.

use super::{Conn, Pool};
use chrono::NaiveDate;
use rectify_store::audit::Snapshot;
use rectify_store::StoreResult;
use serde_json::{json, Value};
use sqlx::{Column, Row};

/// The audited columns of a problem.
#[derive(sqlx::FromRow)]
struct ProblemSnap {
    plan_id: i64,
    category_id: Option<i64>,
    seq: i64,
    parent_seq: Option<i64>,
    number_text: String,
    description: String,
    target: Option<String>,
    deadline_text: String,
    due_date: Option<NaiveDate>,
    immediate: bool,
    ongoing: bool,
    milestones_json: String,
    status: String,
    reopened: bool,
    version: i64,
}

/// A problem with its units, people and measures.
pub(super) async fn snap_problem(c: &mut Conn, id: i64) -> StoreResult<Option<Value>> {
    let Some(p) = sqlx::query_as::<_, ProblemSnap>(
        "SELECT plan_id, category_id, seq, parent_seq, number_text, description, target, \
         deadline_text, due_date, immediate, ongoing, milestones_json, status, reopened, version \
         FROM problems WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await?
    else {
        return Ok(None);
    };
    let units: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT unit_id, role, note FROM problem_units WHERE problem_id = $1 ORDER BY seq, role",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let people: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT kind, seq, name, note FROM problem_people WHERE problem_id = $1 ORDER BY kind, seq",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let measures: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT seq, text, units_json, deadline_json FROM measures \
         WHERE problem_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let units: Vec<Value> = units
        .into_iter()
        .map(|(unit_id, role, note)| json!([unit_id, role, note]))
        .collect();
    let people: Vec<Value> = people
        .into_iter()
        .map(|(kind, _seq, name, note)| json!([kind, name, note]))
        .collect();
    let measures: Vec<Value> = measures
        .into_iter()
        .map(|(seq, text, units_json, deadline_json)| json!([seq, text, units_json, deadline_json]))
        .collect();
    Ok(Some(json!({
        "plan_id": p.plan_id,
        "category_id": p.category_id,
        "seq": p.seq,
        "parent_seq": p.parent_seq,
        "number_text": p.number_text,
        "description": p.description,
        "target": p.target,
        "deadline_text": p.deadline_text,
        "due_date": p.due_date.map(|d| d.to_string()),
        "immediate": p.immediate,
        "ongoing": p.ongoing,
        "milestones": p.milestones_json,
        "status": p.status,
        "reopened": p.reopened,
        "version": p.version,
        "units": units,
        "people": people,
        "measures": measures,
    })))
}

/// Any other audited row, every selected column as it is.
pub(super) async fn snap_simple(c: &mut Conn, entity: &str, id: i64) -> StoreResult<Option<Value>> {
    let sql = match entity {
        "plan" => {
            "SELECT id, title, jurisdiction, source_sha256, source_kind, source_file, \
             declared_problem_count, notice_workdays, doc_number, issue_date, inspection_id, \
             CAST(signoff_min_percent AS BIGINT) AS signoff_min_percent, \
             CAST(signoff_min_evidence AS BIGINT) AS signoff_min_evidence, \
             CAST(CASE WHEN published_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS published, \
             published_by FROM plans WHERE id = $1"
        }
        "report" => {
            "SELECT id, problem_id, period, percent, text, measure_status_json, submitted_by, \
             status, review_comment, reviewed_by FROM progress_reports WHERE id = $1"
        }
        "signoff" => {
            "SELECT id, problem_id, step, decision, comment, actor, notice_start, notice_end \
             FROM signoff_steps WHERE id = $1"
        }
        "objection" => {
            "SELECT id, problem_id, text, contact, status, resolution, resolved_by, reference, \
             client_key FROM objections WHERE id = $1"
        }
        "escalation" => {
            "SELECT id, problem_id, unit_id, kind, date, doc_number, note, created_by \
             FROM escalations WHERE id = $1"
        }
        // The blob's size and type come along, so a changed blob row is caught too.
        "attachment" => {
            "SELECT pa.id, pa.problem_id, pa.report_id, pa.sha256, pa.file_name, pa.kind, \
             pa.uploaded_by, CAST(CASE WHEN pa.public THEN 1 ELSE 0 END AS BIGINT) AS public, pa.removed_by, pa.removal_reason, a.size, \
             a.content_type \
             FROM problem_attachments pa JOIN attachments a ON a.sha256 = pa.sha256 \
             WHERE pa.id = $1"
        }
        "correction" => {
            "SELECT id, plan_id, entity, entity_id, action, fields_json, reason, actor, \
             CAST(CASE WHEN public THEN 1 ELSE 0 END AS BIGINT) AS public \
             FROM corrections WHERE id = $1"
        }
        "lookback" => {
            "SELECT id, name, created_by, note, selection_json FROM lookback_campaigns \
             WHERE id = $1"
        }
        "lookback_item" => {
            "SELECT id, campaign_id, problem_id, result, checked_by, comment FROM lookback_items \
             WHERE id = $1"
        }
        "notice_settings" => {
            "SELECT id, plan_id, title, receiver, phone, email, address, issuer, updated_by \
             FROM notice_settings WHERE id = $1"
        }
        "public_notice" => {
            "SELECT id, problem_id, signoff_id, title, body_json, notice_start, notice_end, \
             workdays, issuer, issued_on, created_by FROM public_notices WHERE id = $1"
        }
        // Petitions (issue 12), with the contact: the trail is staff-only.
        "petition_batch" => {
            "SELECT id, name, source, handed_over_on, file_name, imported_by \
             FROM petition_batches WHERE id = $1"
        }
        "petition" => {
            "SELECT id, code, batch_id, source, received_on, area, kind, content, address, \
             CAST(lat AS TEXT) AS lat, CAST(lon AS TEXT) AS lon, extra_json, contact_name, \
             contact_phone, unit_id, due_date, status, verification, handling, result, \
             public_reply, m_ordered, m_penalty_cases, CAST(m_fines_wan AS TEXT) AS m_fines_wan, \
             m_detained, m_interviewed, m_accountable, closure_standard, problem_id, \
             rebound_json, closed_by, reopen_reason, created_by, version \
             FROM petitions WHERE id = $1"
        }
        "petition_visit" => {
            "SELECT id, petition_id, visited_on, visited_by, satisfaction, note, recorded_by \
             FROM petition_visits WHERE id = $1"
        }
        "petition_attachment" => {
            "SELECT id, petition_id, sha256, file_name, uploaded_by FROM petition_attachments \
             WHERE id = $1"
        }
        "petition_decision" => {
            "SELECT id, code_a, code_b, decision, actor FROM petition_decisions WHERE id = $1"
        }
        _ => return Ok(None),
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.map(|r| row_to_json(&r)).transpose()
}

/// Every column as JSON, dates and numbers in one textual form.
fn row_to_json(r: &<crate::Db as sqlx::Database>::Row) -> StoreResult<Value> {
    let mut m = serde_json::Map::new();
    for col in r.columns() {
        let name = col.name();
        let v = if let Ok(v) = r.try_get::<Option<i64>, _>(name) {
            json!(v)
        } else if let Ok(v) = r.try_get::<Option<NaiveDate>, _>(name) {
            json!(v.map(|d| d.to_string()))
        } else {
            json!(r.try_get::<Option<String>, _>(name)?)
        };
        m.insert(name.to_string(), v);
    }
    Ok(Value::Object(m))
}

/// The current snapshot of every audited row, table by table (the ledger's,
/// then those that decide access).
pub(crate) async fn ledger_snapshots(pool: &Pool) -> StoreResult<Vec<Snapshot>> {
    let mut c = pool.acquire().await?;
    let mut out = vec![];
    for (entity, table) in [
        ("plan", "plans"),
        ("problem", "problems"),
        ("report", "progress_reports"),
        ("signoff", "signoff_steps"),
        ("objection", "objections"),
        ("escalation", "escalations"),
        ("attachment", "problem_attachments"),
        ("lookback", "lookback_campaigns"),
        ("lookback_item", "lookback_items"),
        ("notice_settings", "notice_settings"),
        ("public_notice", "public_notices"),
        ("correction", "corrections"),
        ("petition_batch", "petition_batches"),
        ("petition", "petitions"),
        ("petition_visit", "petition_visits"),
        ("petition_attachment", "petition_attachments"),
        ("petition_decision", "petition_decisions"),
    ] {
        let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} ORDER BY id"))
            .fetch_all(&mut *c)
            .await?;
        for id in ids {
            let data = if entity == "problem" {
                snap_problem(&mut c, id).await?
            } else {
                snap_simple(&mut c, entity, id).await?
            };
            if let Some(data) = data {
                out.push(Snapshot {
                    entity: entity.into(),
                    entity_id: id,
                    data,
                });
            }
        }
    }
    out.extend(super::snapshot_access::access_snapshots(&mut c).await?);
    Ok(out)
}
