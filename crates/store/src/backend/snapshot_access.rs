//! Canonical snapshots of the rows that decide who may do what and what the
//! warnings say: accounts, units, calendar overrides, warnings. Like the
//! ledger's snapshots (`snapshot.rs`) they are hashed into the chain, so
//! their shape must not change.

use super::write::{ev, Write};
use super::{Conn, Pool};
use chrono::NaiveDate;
use rectify_store::audit::{calendar_entity_id, Snapshot, ACCESS_ENTITIES};
use rectify_store::StoreResult;
use serde_json::{json, Value};

/// An account: what decides its access. The password hash enters only as
/// its SHA-256 (a swapped hash is caught, the hash itself is not copied
/// into the trail); the failure counter and the lock are volatile and left
/// out.
pub(super) async fn snap_user(c: &mut Conn, id: i64) -> StoreResult<Option<Value>> {
    let row: Option<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT username, display_name, password_hash, role, person FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    let Some((username, display_name, password_hash, role, person)) = row else {
        return Ok(None);
    };
    let units: Vec<i64> =
        sqlx::query_scalar("SELECT unit_id FROM user_units WHERE user_id = $1 ORDER BY unit_id")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    Ok(Some(json!({
        "username": username,
        "display_name": display_name,
        "password_sha256": rectify_store::audit::sha256_hex(&password_hash),
        "role": role,
        "person": person,
        "units": units,
    })))
}

/// A unit with every name that leads to it.
pub(super) async fn snap_unit(c: &mut Conn, id: i64) -> StoreResult<Option<Value>> {
    let Some(name): Option<String> = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
    else {
        return Ok(None);
    };
    let aliases: Vec<String> =
        sqlx::query_scalar("SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY alias")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    Ok(Some(json!({"name": name, "aliases": aliases})))
}

/// A calendar override, found by its `YYYYMMDD` entity id.
pub(super) async fn snap_calendar(c: &mut Conn, date: NaiveDate) -> StoreResult<Option<Value>> {
    let row: Option<(bool, String)> =
        sqlx::query_as("SELECT is_workday, name FROM calendar_overrides WHERE date = $1")
            .bind(date)
            .fetch_optional(&mut *c)
            .await?;
    Ok(row.map(|(is_workday, name)| {
        json!({"date": date.to_string(), "is_workday": is_workday, "name": name})
    }))
}

/// A warning: what it says and where it stands (its times are left out:
/// the status says whether it was resolved).
pub(super) async fn snap_warning(c: &mut Conn, id: i64) -> StoreResult<Option<Value>> {
    type Row = (i64, String, String, String, String, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT problem_id, code, level, message, status, acknowledged_by FROM warnings \
         WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    Ok(row.map(
        |(problem_id, code, level, message, status, acknowledged_by)| {
            json!({
                "problem_id": problem_id, "code": code, "level": level, "message": message,
                "status": status, "acknowledged_by": acknowledged_by,
            })
        },
    ))
}

impl Write {
    /// Appends an event carrying the row's snapshot as it now stands in
    /// this transaction (`None` when the row is gone).
    pub(super) async fn audit_row(
        &mut self,
        actor: &str,
        action: &str,
        entity: &'static str,
        id: i64,
        before: Option<Value>,
    ) -> StoreResult<()> {
        let after = match entity {
            "user" => snap_user(&mut self.tx, id).await?,
            "unit" => snap_unit(&mut self.tx, id).await?,
            "warning" => snap_warning(&mut self.tx, id).await?,
            _ => None,
        };
        self.audit(ev(actor, action, entity, id, before, after))
            .await
    }

    /// Records the units created since `after_id` (units are created on
    /// first mention by an import or an account).
    pub(super) async fn audit_new_units(&mut self, actor: &str, after_id: i64) -> StoreResult<()> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id > $1 ORDER BY id")
            .bind(after_id)
            .fetch_all(&mut *self.tx)
            .await?;
        for id in ids {
            self.audit_row(actor, "unit.create", "unit", id, None)
                .await?;
        }
        Ok(())
    }

    /// Appends a calendar override's event with its snapshot.
    pub(super) async fn audit_calendar(&mut self, actor: &str, date: NaiveDate) -> StoreResult<()> {
        let after = snap_calendar(&mut self.tx, date).await?;
        let id = calendar_entity_id(date);
        self.audit(ev(
            actor,
            "calendar.override",
            "calendar_override",
            id,
            None,
            after,
        ))
        .await
    }
}

/// The highest unit id so far (0 when there is none).
pub(super) async fn last_unit_id(c: &mut Conn) -> StoreResult<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM units")
        .fetch_one(&mut *c)
        .await?;
    Ok(id.unwrap_or(0))
}

/// The current snapshots of every account, unit, override and warning.
pub(super) async fn access_snapshots(c: &mut Conn) -> StoreResult<Vec<Snapshot>> {
    let mut out = vec![];
    for (entity, table) in [
        ("user", "users"),
        ("unit", "units"),
        ("warning", "warnings"),
    ] {
        let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} ORDER BY id"))
            .fetch_all(&mut *c)
            .await?;
        for id in ids {
            let data = match entity {
                "user" => snap_user(c, id).await?,
                "unit" => snap_unit(c, id).await?,
                _ => snap_warning(c, id).await?,
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
    let dates: Vec<NaiveDate> =
        sqlx::query_scalar("SELECT date FROM calendar_overrides ORDER BY date")
            .fetch_all(&mut *c)
            .await?;
    for date in dates {
        if let Some(data) = snap_calendar(c, date).await? {
            out.push(Snapshot {
                entity: "calendar_override".into(),
                entity_id: calendar_entity_id(date),
                data,
            });
        }
    }
    Ok(out)
}

/// Brings a database written by an older version up to the current
/// coverage: one `audit.baseline` event per row of a newly covered table,
/// once (the head row remembers). Rows changed before the upgrade cannot be
/// told from honest ones; from here on they are checked.
pub(crate) async fn ensure_coverage(pool: &Pool) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let coverage: i64 = sqlx::query_scalar("SELECT coverage FROM audit_head WHERE id = 1")
        .fetch_one(&mut *w.tx)
        .await?;
    if coverage >= rectify_store::audit::COVERAGE {
        return Ok(());
    }
    if coverage < 2 {
        for s in access_snapshots(&mut w.tx).await? {
            let entity = ACCESS_ENTITIES
                .into_iter()
                .find(|e| *e == s.entity)
                .unwrap_or("unit");
            w.audit(ev(
                "system",
                "audit.baseline",
                entity,
                s.entity_id,
                None,
                Some(s.data),
            ))
            .await?;
        }
    }
    // Evidence (public, withdrawn) gained columns with coverage 2, plans
    // their completion criteria (2) and whether they are published (3):
    // recorded as found.
    let mut tables = vec![("plan", "plans")];
    if coverage < 2 {
        tables.push(("attachment", "problem_attachments"));
    }
    for (entity, table) in tables {
        let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} ORDER BY id"))
            .fetch_all(&mut *w.tx)
            .await?;
        for id in ids {
            if let Some(data) = super::snapshot::snap_simple(&mut w.tx, entity, id).await? {
                w.audit(ev("system", "audit.baseline", entity, id, None, Some(data)))
                    .await?;
            }
        }
    }
    sqlx::query("UPDATE audit_head SET coverage = $1 WHERE id = 1")
        .bind(rectify_store::audit::COVERAGE)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await
}
