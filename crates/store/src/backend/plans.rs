//! Plans (整改方案): importing a plan draft with its categories and
//! problems, the plan list, and the notice length per plan.

use super::snapshot::{snap_problem, snap_simple};
use super::snapshot_access::last_unit_id;
use super::units::unit_id;
use super::write::{ev, Write};
use super::{Conn, Pool};
use chrono::{DateTime, Utc};
use rectify_domain::{PlanDraft, PlanMeta, ProblemDraft, Status};
use rectify_store::sql::{changed_fields, search_text};
use rectify_store::{ImportReport, PlanSummary, StoreError, StoreResult};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Writes a plan draft in one transaction: a plan with the same title and
/// jurisdiction is updated in place, its problems matched by their number.
pub(crate) async fn import_plan(
    pool: &Pool,
    d: &PlanDraft,
    actor: &str,
) -> StoreResult<ImportReport> {
    if d.title.trim().is_empty() {
        return Err(StoreError::invalid("方案标题为空", "the plan has no title"));
    }
    let mut w = Write::begin(pool).await?;
    let units_before = last_unit_id(&mut w.tx).await?;
    let (plan_id, created) = write_plan(&mut w, d, actor).await?;
    let mut cat_ids = HashMap::new();
    for cat in &d.categories {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (plan_id, seq, title) VALUES ($1, $2, $3) \
             ON CONFLICT (plan_id, seq) DO UPDATE SET title = excluded.title RETURNING id",
        )
        .bind(plan_id)
        .bind(cat.seq as i64)
        .bind(&cat.title)
        .fetch_one(&mut *w.tx)
        .await?;
        cat_ids.insert(cat.seq, id);
    }
    let existing: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, COALESCE(parent_seq, 0) AS ps, seq, number_text FROM problems \
         WHERE plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *w.tx)
    .await?;
    let existing_ids: HashMap<(i64, i64), (i64, String)> = existing
        .into_iter()
        .map(|(id, ps, seq, number_text)| ((ps, seq), (id, number_text)))
        .collect();
    let mut report = ImportReport {
        plan_id,
        created,
        problems_total: d.problems.len(),
        added: vec![],
        changed: vec![],
        missing: vec![],
    };
    let mut seen_keys = HashSet::new();
    for p in &d.problems {
        let key = (p.parent_seq.map(i64::from).unwrap_or(0), p.seq as i64);
        if !seen_keys.insert(key) {
            return Err(StoreError::invalid(
                &format!("问题编号重复：{}", p.number_text),
                &format!("duplicate problem number {}", p.number_text),
            ));
        }
        let label = match p.parent_seq {
            Some(ps) => format!("{ps}.{}", p.number_text),
            None => p.number_text.clone(),
        };
        let category_id = p.category_seq.and_then(|s| cat_ids.get(&s).copied());
        match existing_ids.get(&key) {
            Some((id, _)) => {
                if let Some(fields) = update_problem(&mut w, *id, category_id, p, actor).await? {
                    report.changed.push((label, fields));
                }
            }
            None => {
                insert_problem(&mut w, plan_id, category_id, p, actor).await?;
                if !created {
                    report.added.push(label);
                }
            }
        }
    }
    let mut missing: Vec<_> = existing_ids
        .iter()
        .filter(|(k, _)| !seen_keys.contains(*k))
        .map(|(k, (_, n))| (*k, n.clone()))
        .collect();
    missing.sort();
    report.missing = missing.into_iter().map(|(_, n)| n).collect();
    // The units the plan named for the first time.
    w.audit_new_units(actor, units_before).await?;
    w.commit().await?;
    Ok(report)
}

/// Creates the plan row or updates the one with the same title and
/// jurisdiction: `(plan id, created)`.
async fn write_plan(w: &mut Write, d: &PlanDraft, actor: &str) -> StoreResult<(i64, bool)> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM plans WHERE title = $1 AND COALESCE(jurisdiction, '') = $2",
    )
    .bind(&d.title)
    .bind(d.jurisdiction.clone().unwrap_or_default())
    .fetch_optional(&mut *w.tx)
    .await?;
    let warnings = serde_json::to_string(&d.warnings)?;
    let extras = serde_json::to_string(
        &json!({"indicators": d.indicators, "key_projects": d.key_projects}),
    )?;
    let declared = d.declared_problem_count.map(i64::from);
    match existing {
        Some(id) => {
            let before = snap_simple(&mut w.tx, "plan", id).await?;
            sqlx::query(
                "UPDATE plans SET source_file = $1, source_sha256 = $2, source_kind = $3, \
                 declared_problem_count = $4, warnings_json = $5, extras_json = $6, \
                 imported_at = $7 WHERE id = $8",
            )
            .bind(&d.source.file)
            .bind(&d.source.sha256)
            .bind(&d.source.kind)
            .bind(declared)
            .bind(&warnings)
            .bind(&extras)
            .bind(w.at)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            write_plan_meta(&mut w.tx, id, &d.meta).await?;
            let after = snap_simple(&mut w.tx, "plan", id).await?;
            w.audit(ev(actor, "plan.reimport", "plan", id, before, after))
                .await?;
            Ok((id, false))
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (title, jurisdiction, declared_problem_count, source_file, \
                 source_sha256, source_kind, warnings_json, extras_json, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&d.title)
            .bind(&d.jurisdiction)
            .bind(declared)
            .bind(&d.source.file)
            .bind(&d.source.sha256)
            .bind(&d.source.kind)
            .bind(&warnings)
            .bind(&extras)
            .bind(w.at)
            .fetch_one(&mut *w.tx)
            .await?;
            write_plan_meta(&mut w.tx, id, &d.meta).await?;
            let after = snap_simple(&mut w.tx, "plan", id).await?;
            w.audit(ev(actor, "plan.import", "plan", id, None, after))
                .await?;
            Ok((id, true))
        }
    }
}

/// Links the plan to its inspection (shared by the plans that answer one
/// inspection) and records its document number and date.
async fn write_plan_meta(c: &mut Conn, plan_id: i64, meta: &PlanMeta) -> StoreResult<()> {
    let iid = match &meta.inspection {
        Some(i) => Some(inspection_id(c, i).await?),
        None => None,
    };
    sqlx::query(
        "UPDATE plans SET inspection_id = COALESCE($1, inspection_id), \
         doc_number = COALESCE($2, doc_number), issue_date = COALESCE($3, issue_date) \
         WHERE id = $4",
    )
    .bind(iid)
    .bind(&meta.doc_number)
    .bind(meta.issue_date)
    .bind(plan_id)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// The inspection row matching `i`, created when new (shared by the plans
/// that answer one inspection).
pub(super) async fn inspection_id(
    c: &mut Conn,
    i: &rectify_domain::inspection::Inspection,
) -> StoreResult<i64> {
    let level = i
        .level
        .map(|l| {
            serde_json::to_value(l)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM inspections WHERE COALESCE(level, '') = $1 \
         AND COALESCE(team, '') = $2 AND COALESCE(round, '') = $3 \
         AND (feedback_date = $4 OR (feedback_date IS NULL AND $5))",
    )
    .bind(&level)
    .bind(i.team.clone().unwrap_or_default())
    .bind(i.round.clone().unwrap_or_default())
    .bind(i.feedback_date)
    .bind(i.feedback_date.is_none())
    .fetch_optional(&mut *c)
    .await?;
    Ok(match found {
        Some(id) => id,
        None => {
            sqlx::query_scalar(
                "INSERT INTO inspections (level, team, round, stationed_from, stationed_to, \
                 feedback_date) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(Some(level).filter(|l| !l.is_empty()))
            .bind(&i.team)
            .bind(&i.round)
            .bind(i.stationed_from)
            .bind(i.stationed_to)
            .bind(i.feedback_date)
            .fetch_one(&mut *c)
            .await?
        }
    })
}

/// The source lines of a problem in its document, if known.
fn source_lines(p: &ProblemDraft) -> (Option<i64>, Option<i64>) {
    p.source_span
        .map(|s| (Some(s.first_line as i64), Some(s.last_line as i64)))
        .unwrap_or((None, None))
}

/// Writes a problem's fields, units, people and measures from a draft (its
/// number and place in the plan stay): shared by re-import and correction.
pub(super) async fn write_problem(
    c: &mut Conn,
    id: i64,
    category_id: Option<i64>,
    p: &ProblemDraft,
) -> StoreResult<()> {
    let milestones = serde_json::to_string(&p.deadline.milestones)?;
    sqlx::query(
        "UPDATE problems SET category_id = $1, number_text = $2, description = $3, target = $4, \
         deadline_text = $5, due_date = $6, immediate = $7, ongoing = $8, milestones_json = $9, \
         search_text = $10 WHERE id = $11",
    )
    .bind(category_id)
    .bind(&p.number_text)
    .bind(&p.description)
    .bind(&p.target)
    .bind(&p.deadline.text)
    .bind(p.deadline.due)
    .bind(p.deadline.immediate)
    .bind(p.deadline.ongoing)
    .bind(&milestones)
    .bind(search_text(p))
    .bind(id)
    .execute(&mut *c)
    .await?;
    write_problem_children(c, id, p).await
}

/// Re-imports a known problem; when anything changed, bumps its version,
/// records the event and returns the names of the changed fields.
async fn update_problem(
    w: &mut Write,
    id: i64,
    category_id: Option<i64>,
    p: &ProblemDraft,
    actor: &str,
) -> StoreResult<Option<Vec<String>>> {
    let (first, last) = source_lines(p);
    let before = snap_problem(&mut w.tx, id).await?;
    write_problem(&mut w.tx, id, category_id, p).await?;
    sqlx::query("UPDATE problems SET source_first_line = $1, source_last_line = $2 WHERE id = $3")
        .bind(first)
        .bind(last)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    let after = snap_problem(&mut w.tx, id).await?;
    if before == after {
        return Ok(None);
    }
    sqlx::query("UPDATE problems SET version = version + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    let after = snap_problem(&mut w.tx, id).await?;
    let fields = match (&before, &after) {
        (Some(b), Some(a)) => changed_fields(b, a),
        _ => vec![],
    };
    w.audit(ev(actor, "problem.reimport", "problem", id, before, after))
        .await?;
    Ok(Some(fields))
}

pub(super) async fn insert_problem(
    w: &mut Write,
    plan_id: i64,
    category_id: Option<i64>,
    p: &ProblemDraft,
    actor: &str,
) -> StoreResult<i64> {
    let milestones = serde_json::to_string(&p.deadline.milestones)?;
    let search = search_text(p);
    let (first, last) = source_lines(p);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO problems (plan_id, category_id, seq, parent_seq, number_text, \
         description, target, deadline_text, due_date, immediate, ongoing, milestones_json, \
         status, source_first_line, source_last_line, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
    )
    .bind(plan_id)
    .bind(category_id)
    .bind(p.seq as i64)
    .bind(p.parent_seq.map(i64::from))
    .bind(&p.number_text)
    .bind(&p.description)
    .bind(&p.target)
    .bind(&p.deadline.text)
    .bind(p.deadline.due)
    .bind(p.deadline.immediate)
    .bind(p.deadline.ongoing)
    .bind(&milestones)
    .bind(Status::NotStarted.as_str())
    .bind(first)
    .bind(last)
    .bind(&search)
    .fetch_one(&mut *w.tx)
    .await?;
    write_problem_children(&mut w.tx, id, p).await?;
    let after = snap_problem(&mut w.tx, id).await?;
    w.audit(ev(actor, "problem.create", "problem", id, None, after))
        .await?;
    Ok(id)
}

/// Replaces a problem's units, people and measures with the draft's.
async fn write_problem_children(c: &mut Conn, id: i64, p: &ProblemDraft) -> StoreResult<()> {
    for table in ["problem_units", "problem_people", "measures"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE problem_id = $1"))
            .bind(id)
            .execute(&mut *c)
            .await?;
    }
    let mut seen = HashSet::new();
    // 「各县市区党委、政府」 becomes one row per county of the plan's jurisdiction.
    let units = super::unit_registry::with_collectives_expanded(c, id, &p.units).await?;
    for (i, u) in units.iter().enumerate() {
        let uid = unit_id(c, &u.name).await?;
        if !seen.insert((uid, u.role)) {
            continue;
        }
        sqlx::query(
            "INSERT INTO problem_units (problem_id, unit_id, role, note, seq) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(uid)
        .bind(u.role.as_str())
        .bind(&u.note)
        .bind(i as i64)
        .execute(&mut *c)
        .await?;
    }
    let people = p
        .leaders
        .iter()
        .map(|l| ("leader", l.clone(), None))
        .chain(
            p.responsible_persons
                .iter()
                .map(|r| ("responsible", r.name.clone(), r.title.clone())),
        )
        .chain(
            p.liaisons
                .iter()
                .map(|l| ("liaison", l.name.clone(), l.note.clone())),
        );
    let mut counters = HashMap::new();
    for (kind, name, note) in people {
        let n = counters.entry(kind).or_insert(0i64);
        *n += 1;
        sqlx::query(
            "INSERT INTO problem_people (problem_id, kind, seq, name, note) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(kind)
        .bind(*n)
        .bind(&name)
        .bind(&note)
        .execute(&mut *c)
        .await?;
    }
    let mut mseqs = HashSet::new();
    for (i, m) in p.measures.iter().enumerate() {
        // Duplicate measure numbers (two numbered groups) keep document order.
        let seq = if mseqs.insert(m.seq) {
            m.seq as i64
        } else {
            1000 + i as i64
        };
        mseqs.insert(seq as u32);
        sqlx::query(
            "INSERT INTO measures (problem_id, seq, text, units_json, deadline_json) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(seq)
        .bind(&m.text)
        .bind(serde_json::to_string(&m.units)?)
        .bind(m.deadline.as_ref().map(serde_json::to_string).transpose()?)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

pub(crate) async fn list_plans(pool: &Pool) -> StoreResult<Vec<PlanSummary>> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT pl.*, \
         (SELECT COUNT(*) FROM problems p WHERE p.plan_id = pl.id) AS problem_count, \
         (SELECT COUNT(*) FROM problems p WHERE p.plan_id = pl.id AND p.status = 'signed_off') \
         AS signed_off_count \
         FROM plans pl ORDER BY pl.id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(PlanSummary::try_from).collect()
}

pub(crate) async fn set_notice_workdays(
    pool: &Pool,
    plan_id: i64,
    days: i64,
    actor: &str,
) -> StoreResult<()> {
    if !(1..=30).contains(&days) {
        return Err(StoreError::invalid(
            "公示期须为1到30个工作日",
            "a notice lasts 1 to 30 working days",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let before = snap_simple(&mut w.tx, "plan", plan_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))?;
    sqlx::query("UPDATE plans SET notice_workdays = $1 WHERE id = $2")
        .bind(days)
        .bind(plan_id)
        .execute(&mut *w.tx)
        .await?;
    let after = snap_simple(&mut w.tx, "plan", plan_id).await?;
    w.audit(ev(
        actor,
        "plan.notice_workdays",
        "plan",
        plan_id,
        Some(before),
        after,
    ))
    .await?;
    w.commit().await
}

/// `SELECT pl.*, … AS problem_count, … AS signed_off_count FROM plans pl`
#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    title: String,
    jurisdiction: Option<String>,
    declared_problem_count: Option<i64>,
    problem_count: i64,
    signed_off_count: i64,
    source_file: String,
    source_sha256: String,
    source_kind: String,
    imported_at: DateTime<Utc>,
    notice_workdays: i64,
    warnings_json: String,
    published_at: Option<DateTime<Utc>>,
}

impl TryFrom<PlanRow> for PlanSummary {
    type Error = StoreError;
    fn try_from(r: PlanRow) -> StoreResult<Self> {
        Ok(PlanSummary {
            id: r.id,
            title: r.title,
            jurisdiction: r.jurisdiction,
            declared_problem_count: r.declared_problem_count,
            problem_count: r.problem_count,
            signed_off_count: r.signed_off_count,
            source_file: r.source_file,
            source_sha256: r.source_sha256,
            source_kind: r.source_kind,
            imported_at: r.imported_at,
            notice_workdays: r.notice_workdays,
            warnings: serde_json::from_str(&r.warnings_json)?,
            published: r.published_at.is_some(),
        })
    }
}
