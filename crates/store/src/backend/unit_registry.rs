//! The unit registry (issue 11): the registry with its counts, merging one
//! unit into another, and the expansion of collective names
//! (「各县市区党委、政府」) into the counties of the plan's jurisdiction when
//! a problem's units are written. The rules are the domain's
//! (`rectify_domain::unit_registry`, `rectify_domain::collective`); this
//! file gathers the facts and writes.

use super::snapshot::{snap_problem, snap_simple};
use super::snapshot_access::{snap_unit, snap_user};
use super::write::{ev, Write};
use super::{Conn, Pool};
use rectify_domain::collective::{expand_collectives, parse_collective};
use rectify_domain::unit_registry::RegistryUnit;
use rectify_domain::{normalize_unit_name, Error, ErrorCode, UnitAssignment};
use rectify_store::{StoreError, StoreResult, UnitEntry, UnitMerge, UnitRef};
use serde_json::json;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Every unit with its aliases, by id.
async fn registry(c: &mut Conn) -> StoreResult<Vec<RegistryUnit>> {
    let units: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM units ORDER BY id")
        .fetch_all(&mut *c)
        .await?;
    let aliases: Vec<(i64, String)> =
        sqlx::query_as("SELECT unit_id, alias FROM unit_aliases ORDER BY unit_id, alias")
            .fetch_all(&mut *c)
            .await?;
    let mut by_unit: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, alias) in aliases {
        by_unit.entry(id).or_default().push(alias);
    }
    Ok(units
        .into_iter()
        .map(|(id, name)| RegistryUnit {
            aliases: by_unit.remove(&id).unwrap_or_default(),
            id,
            name,
        })
        .collect())
}

/// A problem's unit list with its collective entries expanded into the
/// counties of its plan's jurisdiction (see `rectify_domain::collective`);
/// the list itself when it has none or the jurisdiction is unknown.
pub(super) async fn with_collectives_expanded<'a>(
    c: &mut Conn,
    problem_id: i64,
    units: &'a [UnitAssignment],
) -> StoreResult<Cow<'a, [UnitAssignment]>> {
    if !units.iter().any(|u| parse_collective(&u.name).is_some()) {
        return Ok(Cow::Borrowed(units));
    }
    let jurisdiction: Option<String> = sqlx::query_scalar(
        "SELECT pl.jurisdiction FROM problems p JOIN plans pl ON pl.id = p.plan_id \
         WHERE p.id = $1",
    )
    .bind(problem_id)
    .fetch_optional(&mut *c)
    .await?
    .flatten();
    let registry = registry(c).await?;
    let divisions = rectify_domain::jurisdiction::known();
    Ok(
        match expand_collectives(units, jurisdiction.as_deref(), &registry, &divisions) {
            Some(expanded) => Cow::Owned(expanded),
            None => Cow::Borrowed(units),
        },
    )
}

pub(crate) async fn unit_registry(pool: &Pool) -> StoreResult<Vec<UnitEntry>> {
    let mut c = pool.acquire().await?;
    let units = registry(&mut c).await?;
    let problems: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT unit_id, COUNT(DISTINCT problem_id) FROM problem_units GROUP BY unit_id",
    )
    .fetch_all(&mut *c)
    .await?;
    let accounts: Vec<(i64, i64)> =
        sqlx::query_as("SELECT unit_id, COUNT(*) FROM user_units GROUP BY unit_id")
            .fetch_all(&mut *c)
            .await?;
    let problems: BTreeMap<i64, i64> = problems.into_iter().collect();
    let accounts: BTreeMap<i64, i64> = accounts.into_iter().collect();
    Ok(units
        .into_iter()
        .map(|u| UnitEntry {
            problems: problems.get(&u.id).copied().unwrap_or(0),
            accounts: accounts.get(&u.id).copied().unwrap_or(0),
            id: u.id,
            name: u.name,
            aliases: u.aliases,
        })
        .collect())
}

async fn unit_ref(c: &mut Conn, id: i64) -> StoreResult<UnitRef> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    name.map(|name| UnitRef { id, name })
        .ok_or_else(|| StoreError::NotFound(format!("单位 / unit #{id}")))
}

async fn ids(c: &mut Conn, sql: &str, unit: i64) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(sql)
        .bind(unit)
        .fetch_all(&mut *c)
        .await?)
}

pub(crate) async fn merge_units(
    pool: &Pool,
    from_id: i64,
    into_id: i64,
    reason: &str,
    actor: &str,
) -> StoreResult<UnitMerge> {
    if reason.trim().is_empty() {
        return Err(Error::new(ErrorCode::ReasonRequired).into());
    }
    if from_id == into_id {
        return Err(Error::new(ErrorCode::UnitMergeSelf).into());
    }
    let mut w = Write::begin(pool).await?;
    let from = unit_ref(&mut w.tx, from_id).await?;
    let into = unit_ref(&mut w.tx, into_id).await?;
    // What hangs on `from`, and how it stands before.
    let problems = ids(
        &mut w.tx,
        "SELECT DISTINCT problem_id FROM problem_units WHERE unit_id = $1 ORDER BY problem_id",
        from_id,
    )
    .await?;
    let accounts = ids(
        &mut w.tx,
        "SELECT user_id FROM user_units WHERE unit_id = $1 ORDER BY user_id",
        from_id,
    )
    .await?;
    let escalations = ids(
        &mut w.tx,
        "SELECT id FROM escalations WHERE unit_id = $1 ORDER BY id",
        from_id,
    )
    .await?;
    let mut before_problems = vec![];
    for &id in &problems {
        before_problems.push(snap_problem(&mut w.tx, id).await?);
    }
    let mut before_accounts = vec![];
    for &id in &accounts {
        before_accounts.push(snap_user(&mut w.tx, id).await?);
    }
    let mut before_escalations = vec![];
    for &id in &escalations {
        before_escalations.push(snap_simple(&mut w.tx, "escalation", id).await?);
    }
    let before_from = snap_unit(&mut w.tx, from_id).await?;
    let before_into = snap_unit(&mut w.tx, into_id).await?;

    // Problem assignments: where `into` already has the role, one row stays
    // (`into`'s, taking `from`'s note when it had none).
    sqlx::query(
        "UPDATE problem_units SET note = (SELECT f.note FROM problem_units f \
           WHERE f.problem_id = problem_units.problem_id AND f.role = problem_units.role \
           AND f.unit_id = $1) \
         WHERE unit_id = $2 AND note IS NULL",
    )
    .bind(from_id)
    .bind(into_id)
    .execute(&mut *w.tx)
    .await?;
    sqlx::query(
        "UPDATE problem_units SET unit_id = $1 WHERE unit_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM problem_units o WHERE o.problem_id = problem_units.problem_id \
          AND o.role = problem_units.role AND o.unit_id = $1)",
    )
    .bind(into_id)
    .bind(from_id)
    .execute(&mut *w.tx)
    .await?;
    sqlx::query("DELETE FROM problem_units WHERE unit_id = $1")
        .bind(from_id)
        .execute(&mut *w.tx)
        .await?;
    // Accounts: an account of both keeps one membership.
    sqlx::query(
        "UPDATE user_units SET unit_id = $1 WHERE unit_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM user_units o WHERE o.user_id = user_units.user_id AND o.unit_id = $1)",
    )
    .bind(into_id)
    .bind(from_id)
    .execute(&mut *w.tx)
    .await?;
    sqlx::query("DELETE FROM user_units WHERE unit_id = $1")
        .bind(from_id)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("UPDATE escalations SET unit_id = $1 WHERE unit_id = $2")
        .bind(into_id)
        .bind(from_id)
        .execute(&mut *w.tx)
        .await?;
    // Names: every name of `from`, its own included, now leads to `into`.
    sqlx::query(
        "INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2) ON CONFLICT (alias) DO NOTHING",
    )
    .bind(normalize_unit_name(&from.name))
    .bind(from_id)
    .execute(&mut *w.tx)
    .await?;
    let mut moved: Vec<String> = sqlx::query_scalar(
        "UPDATE unit_aliases SET unit_id = $1 WHERE unit_id = $2 RETURNING alias",
    )
    .bind(into_id)
    .bind(from_id)
    .fetch_all(&mut *w.tx)
    .await?;
    moved.sort();
    sqlx::query("DELETE FROM units WHERE id = $1")
        .bind(from_id)
        .execute(&mut *w.tx)
        .await?;
    // A changed unit list is a change of the problem: its version moves on.
    for &id in &problems {
        sqlx::query("UPDATE problems SET version = version + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
    }

    // The trail: the reason and what moved, then every touched row.
    let action = "unit.merge";
    w.audit(ev(
        actor,
        action,
        "unit_merge",
        into_id,
        None,
        Some(json!({
            "reason": reason,
            "from": {"id": from_id, "name": from.name},
            "into": {"id": into_id, "name": into.name},
            "problems": problems,
            "accounts": accounts,
            "escalations": escalations,
            "aliases": moved,
        })),
    ))
    .await?;
    for (&id, before) in problems.iter().zip(before_problems) {
        let after = snap_problem(&mut w.tx, id).await?;
        w.audit(ev(actor, action, "problem", id, before, after))
            .await?;
    }
    for (&id, before) in accounts.iter().zip(before_accounts) {
        w.audit_row(actor, action, "user", id, before).await?;
    }
    for (&id, before) in escalations.iter().zip(before_escalations) {
        let after = snap_simple(&mut w.tx, "escalation", id).await?;
        w.audit(ev(actor, action, "escalation", id, before, after))
            .await?;
    }
    w.audit_row(actor, action, "unit", into_id, before_into)
        .await?;
    w.audit_row(actor, action, "unit", from_id, before_from)
        .await?;
    w.commit().await?;
    Ok(UnitMerge {
        from,
        into,
        problems,
        accounts,
        escalations,
        aliases: moved,
    })
}
