//! The working-day calendar's overrides, job leases, and the audit trail.

use super::write::Write;
use super::Pool;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_store::audit::AuditEvent;
use rectify_store::sql::micros;
use rectify_store::{CalendarOverride, StoreResult};
use serde_json::Value;

pub(crate) async fn calendar_overrides(pool: &Pool) -> StoreResult<Vec<CalendarOverride>> {
    let rows: Vec<CalendarRow> = sqlx::query_as("SELECT * FROM calendar_overrides ORDER BY date")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(CalendarOverride::from).collect())
}

pub(crate) async fn add_calendar_override(
    pool: &Pool,
    o: &CalendarOverride,
    actor: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    sqlx::query(
        "INSERT INTO calendar_overrides (date, is_workday, name) VALUES ($1, $2, $3) \
         ON CONFLICT (date) DO UPDATE SET is_workday = excluded.is_workday, name = excluded.name",
    )
    .bind(o.date)
    .bind(o.is_workday)
    .bind(&o.name)
    .execute(&mut *w.tx)
    .await?;
    w.audit_calendar(actor, o.date).await?;
    w.commit().await
}

/// True when `holder` now holds `job` until `until`: the lease was free,
/// expired, or already its own.
pub(crate) async fn try_lease(
    pool: &Pool,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO job_leases (job, holder, until) VALUES ($1, $2, $3) \
         ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until \
         WHERE job_leases.holder = excluded.holder OR job_leases.until < $4",
    )
    .bind(job)
    .bind(holder)
    .bind(micros(until))
    .bind(micros(now))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn audit_events(
    pool: &Pool,
    entity: Option<(&str, i64)>,
) -> StoreResult<Vec<AuditEvent>> {
    let rows: Vec<AuditRow> = match entity {
        Some((e, id)) => {
            sqlx::query_as(
                "SELECT * FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY seq",
            )
            .bind(e)
            .bind(id)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_as("SELECT * FROM audit_events ORDER BY seq")
                .fetch_all(pool)
                .await?
        }
    };
    Ok(rows.into_iter().map(AuditEvent::from).collect())
}

/// `SELECT * FROM calendar_overrides`
#[derive(sqlx::FromRow)]
struct CalendarRow {
    date: NaiveDate,
    is_workday: bool,
    name: String,
}

impl From<CalendarRow> for CalendarOverride {
    fn from(r: CalendarRow) -> Self {
        CalendarOverride {
            date: r.date,
            is_workday: r.is_workday,
            name: r.name,
        }
    }
}

/// `SELECT * FROM audit_events`
#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_id: i64,
    before_json: Option<String>,
    after_json: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        // An unparsable value is kept as a string so that verification names it.
        let parse =
            |s: Option<String>| s.map(|s| serde_json::from_str(&s).unwrap_or(Value::String(s)));
        AuditEvent {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: parse(r.before_json),
            after: parse(r.after_json),
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}
