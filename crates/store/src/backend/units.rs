//! Units (责任单位) and their aliases: every known name of a unit,
//! normalized, points at it.

use super::rows::UnitRow;
use super::snapshot_access::snap_unit;
use super::write::Write;
use super::{Conn, Pool};
use rectify_domain::{normalize_unit_name, Error, ErrorCode};
use rectify_store::{StoreError, StoreResult, UnitRef};

/// The id of the unit `name` (through its aliases), created when unknown.
pub(super) async fn unit_id(c: &mut Conn, name: &str) -> StoreResult<i64> {
    let alias = normalize_unit_name(name);
    let known: Option<i64> =
        sqlx::query_scalar("SELECT unit_id FROM unit_aliases WHERE alias = $1")
            .bind(&alias)
            .fetch_optional(&mut *c)
            .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO units (name) VALUES ($1) RETURNING id")
        .bind(name.trim())
        .fetch_one(&mut *c)
        .await?;
    sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
        .bind(&alias)
        .bind(id)
        .execute(&mut *c)
        .await?;
    Ok(id)
}

pub(crate) async fn problem_units(pool: &Pool, id: i64) -> StoreResult<Vec<UnitRef>> {
    let rows: Vec<UnitRow> = sqlx::query_as(
        "SELECT DISTINCT u.id, u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id \
         WHERE pu.problem_id = $1 AND pu.role IN ('primary', 'lead', 'responsible') \
         ORDER BY u.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(UnitRef::from).collect())
}

pub(crate) async fn list_units(pool: &Pool) -> StoreResult<Vec<UnitRef>> {
    let rows: Vec<UnitRow> = sqlx::query_as("SELECT id, name FROM units ORDER BY id")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(UnitRef::from).collect())
}

const BY_ALIAS: &str =
    "SELECT u.id, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = $1";

pub(crate) async fn find_unit(pool: &Pool, name: &str) -> StoreResult<Option<UnitRef>> {
    let row: Option<UnitRow> = sqlx::query_as(BY_ALIAS)
        .bind(normalize_unit_name(name))
        .fetch_optional(pool)
        .await?;
    Ok(row.map(UnitRef::from))
}

pub(crate) async fn rename_unit(
    pool: &Pool,
    old_name: &str,
    new_name: &str,
    actor: &str,
) -> StoreResult<UnitRef> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(StoreError::invalid(
            "新单位名称为空",
            "the new unit name is empty",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let unit: UnitRow = sqlx::query_as(BY_ALIAS)
        .bind(normalize_unit_name(old_name))
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("单位 / unit {old_name}")))?;
    let id = unit.id;
    let before = snap_unit(&mut w.tx, id).await?;
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT unit_id FROM unit_aliases WHERE alias = $1")
            .bind(normalize_unit_name(new_name))
            .fetch_optional(&mut *w.tx)
            .await?;
    match taken {
        // Two names of one body are merged on purpose, never by a rename.
        Some(other) if other != id => {
            return Err(Error::with(ErrorCode::UnitNameTaken, new_name).into());
        }
        Some(_) => {}
        None => {
            sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
                .bind(normalize_unit_name(new_name))
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
        }
    }
    sqlx::query("UPDATE units SET name = $1 WHERE id = $2")
        .bind(new_name)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    w.audit_row(actor, "unit.rename", "unit", id, before)
        .await?;
    w.commit().await?;
    Ok(UnitRef {
        id,
        name: new_name.to_string(),
    })
}
