//! The portable SQL shared by both backends.
//!
//! SQLite and PostgreSQL run the same statements here: `$N` parameters,
//! `RETURNING`, `ON CONFLICT`, `CAST(… AS BIGINT)`; the backends differ in their
//! migrations (column types) and connection set-up only. The implementation
//! is a macro rather than generic code because sqlx's generic bounds over
//! `Database` would have to be repeated on every function; the macro expands
//! to plain, concrete code in each backend crate.

use rectify_domain::normalize_unit_name;

/// Dynamic query parameters, bound in order.
#[derive(Debug, Clone)]
pub enum Arg {
    I(i64),
    S(String),
    D(chrono::NaiveDate),
}

/// A WHERE clause under construction with numbered parameters.
#[derive(Debug, Default)]
pub struct Where {
    pub clauses: Vec<String>,
    pub args: Vec<Arg>,
}

impl Where {
    /// Adds a clause; `?` in `sql` is replaced by the next parameter number.
    pub fn push(&mut self, sql: &str, args: Vec<Arg>) {
        let mut out = String::new();
        let mut it = args.into_iter();
        for ch in sql.chars() {
            if ch == '?' {
                if let Some(a) = it.next() {
                    self.args.push(a);
                    out.push_str(&format!("${}", self.args.len()));
                    continue;
                }
            }
            out.push(ch);
        }
        self.clauses.push(out);
    }

    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn next_param(&self) -> usize {
        self.args.len() + 1
    }
}

/// Builds the WHERE clause of the ledger query from a filter.
pub fn problem_where(f: &crate::ProblemFilter) -> Where {
    let mut w = Where::default();
    if let Some(id) = f.plan_id {
        w.push("p.plan_id = ?", vec![Arg::I(id)]);
    }
    if let Some(c) = f.category_seq {
        w.push("c.seq = ?", vec![Arg::I(c)]);
    }
    if let Some(s) = f.status {
        w.push("p.status = ?", vec![Arg::S(s.as_str().into())]);
    }
    if let Some(u) = f.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM problem_units pu JOIN unit_aliases a ON a.unit_id = pu.unit_id \
             WHERE pu.problem_id = p.id AND a.alias = ?)",
            vec![Arg::S(normalize_unit_name(u))],
        );
    }
    if let Some(l) = f.leader.as_deref().filter(|l| !l.trim().is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM problem_people pp WHERE pp.problem_id = p.id \
             AND pp.kind = 'leader' AND pp.name = ?)",
            vec![Arg::S(l.trim().into())],
        );
    }
    if let (Some(overdue), Some(today)) = (f.overdue, f.today) {
        if overdue {
            w.push(
                "p.due_date < ? AND p.status <> 'signed_off'",
                vec![Arg::D(today)],
            );
        } else {
            w.push(
                "(p.due_date IS NULL OR p.due_date >= ? OR p.status = 'signed_off')",
                vec![Arg::D(today)],
            );
        }
    }
    if let Some(level) = f.warning_level.as_deref() {
        let levels: &[&str] = match level {
            "red" => &["red"],
            "orange" => &["orange", "red"],
            _ => &["yellow", "orange", "red"],
        };
        let list = levels
            .iter()
            .map(|l| format!("'{l}'"))
            .collect::<Vec<_>>()
            .join(",");
        w.push(
            &format!(
                "EXISTS (SELECT 1 FROM warnings wf WHERE wf.problem_id = p.id \
                 AND wf.status <> 'resolved' AND wf.level IN ({list}))"
            ),
            vec![],
        );
    }
    if let Some(d) = f.due_from {
        w.push("p.due_date >= ?", vec![Arg::D(d)]);
    }
    if let Some(d) = f.due_to {
        w.push("p.due_date <= ?", vec![Arg::D(d)]);
    }
    if let Some(units) = &f.scope_units {
        if units.is_empty() {
            w.push("1 = 0", vec![]);
        } else {
            let marks = vec!["?"; units.len()].join(",");
            w.push(
                &format!(
                    "EXISTS (SELECT 1 FROM problem_units ps WHERE ps.problem_id = p.id AND ps.unit_id IN ({marks}))"
                ),
                units.iter().map(|u| Arg::I(*u)).collect(),
            );
        }
    }
    if let Some(l) = &f.scope_leader {
        w.push(
            "EXISTS (SELECT 1 FROM problem_people sl WHERE sl.problem_id = p.id AND sl.kind = 'leader' AND sl.name = ?)",
            vec![Arg::S(l.clone())],
        );
    }
    if let Some(q) = f.q.as_deref() {
        for term in rectify_domain::search::query_terms(q) {
            let escaped = term
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            w.push(
                "p.search_text LIKE ? ESCAPE '\\'",
                vec![Arg::S(format!("%{escaped}%"))],
            );
        }
    }
    w
}

/// ORDER BY for a whitelisted sort key (user input never reaches SQL).
pub fn problem_order(sort: Option<&str>) -> &'static str {
    match sort {
        Some("due") => "p.due_date IS NULL, p.due_date, p.plan_id, p.id",
        Some("-due") => "p.due_date IS NULL, p.due_date DESC, p.plan_id, p.id",
        Some("status") => "p.status, p.plan_id, p.id",
        Some("warning") => "wl DESC, p.due_date IS NULL, p.due_date, p.id",
        _ => "p.plan_id, COALESCE(p.parent_seq, p.seq), p.parent_seq IS NOT NULL, p.seq",
    }
}

pub const LEVEL_RANK_SQL: &str =
    "(SELECT CAST(MAX(CASE w.level WHEN 'red' THEN 3 WHEN 'orange' THEN 2 ELSE 1 END) AS BIGINT) \
     FROM warnings w WHERE w.problem_id = p.id AND w.status <> 'resolved')";

pub fn level_from_rank(rank: Option<i64>) -> Option<String> {
    match rank {
        Some(3) => Some("red".into()),
        Some(2) => Some("orange".into()),
        Some(1) => Some("yellow".into()),
        _ => None,
    }
}

/// Timestamp text used in audit events: microseconds, UTC, fixed width.
pub fn audit_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Truncates to microseconds, the precision both databases keep.
pub fn micros(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}

/// The text the ledger's free-text search looks in.
pub fn search_text(p: &rectify_domain::ProblemDraft) -> String {
    let mut s = String::new();
    s.push_str(&p.number_text);
    s.push(' ');
    s.push_str(&p.description);
    if let Some(t) = &p.target {
        s.push(' ');
        s.push_str(t);
    }
    for m in &p.measures {
        s.push(' ');
        s.push_str(&m.text);
    }
    for u in &p.units {
        s.push(' ');
        s.push_str(&u.name);
    }
    for l in &p.leaders {
        s.push(' ');
        s.push_str(l);
    }
    s
}

/// Names of the top-level keys whose values differ between two snapshots.
pub fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    match (before.as_object(), after.as_object()) {
        (Some(b), Some(a)) => {
            let mut keys: Vec<String> = a
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .filter(|k| k != "version")
                .collect();
            keys.sort();
            keys
        }
        _ => vec!["*".into()],
    }
}

/// Implements [`crate::Store`] for `$store` (a struct with a `pool` field of
/// type `sqlx::Pool<$db>`). Expanded once in each backend crate.
#[macro_export]
macro_rules! sql_store_impl {
    ($store:ident, $db:ty) => {
        mod sql_impl {
            use super::$store;
            use ::chrono::{DateTime, NaiveDate, Utc};
            use ::rectify_domain::{
                normalize_unit_name, DeadlineSpec, Decision, Liaison, MeasureDraft, Milestone,
                Person, PlanDraft, SignoffStep, Status, UnitAssignment, UnitRole,
            };
            use ::serde_json::{json, Value};
            use ::sqlx::Row;
            use $crate::audit::{self, AuditEvent, PendingEvent, Snapshot};
            use $crate::sql::{self as q, Arg};
            use $crate::*;

            type Db = $db;
            type Tx = ::sqlx::Transaction<'static, Db>;
            type DbRow = <Db as ::sqlx::Database>::Row;

            pub(crate) fn db_err(e: ::sqlx::Error) -> StoreError {
                if let ::sqlx::Error::Database(d) = &e {
                    if d.is_unique_violation() {
                        return StoreError::conflict("记录已存在", "record already exists");
                    }
                }
                StoreError::Database(e.to_string())
            }

            fn get<'r, T>(row: &'r DbRow, col: &str) -> StoreResult<T>
            where
                T: ::sqlx::Decode<'r, Db> + ::sqlx::Type<Db>,
            {
                row.try_get::<T, _>(col).map_err(db_err)
            }

            /// A write transaction: holds the audit chain head (and with it the
            /// write lock) from its first statement to commit.
            pub(crate) struct Write {
                tx: Tx,
                seq: i64,
                hash: String,
                at: DateTime<Utc>,
            }

            impl Write {
                pub(crate) async fn begin(pool: &::sqlx::Pool<Db>) -> StoreResult<Write> {
                    let mut tx = pool.begin().await.map_err(db_err)?;
                    let row = ::sqlx::query(
                        "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash",
                    )
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let seq: i64 = get(&row, "seq")?;
                    let hash: String = get(&row, "hash")?;
                    Ok(Write { tx, seq, hash, at: q::micros(Utc::now()) })
                }

                pub(crate) async fn audit(&mut self, ev: PendingEvent) -> StoreResult<()> {
                    let seq = self.seq + 1;
                    let at = q::audit_time(self.at);
                    let mut e = AuditEvent {
                        seq,
                        at: at.clone(),
                        actor: ev.actor,
                        action: ev.action,
                        entity: ev.entity.to_string(),
                        entity_id: ev.entity_id,
                        before: ev.before,
                        after: ev.after,
                        prev_hash: self.hash.clone(),
                        hash: String::new(),
                    };
                    e.hash = audit::chain_hash(&self.hash, &audit::canonical(seq, &at, &e));
                    ::sqlx::query(
                        "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, \
                         before_json, after_json, prev_hash, hash) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(seq)
                    .bind(&e.at)
                    .bind(&e.actor)
                    .bind(&e.action)
                    .bind(&e.entity)
                    .bind(e.entity_id)
                    .bind(e.before.as_ref().map(|v| v.to_string()))
                    .bind(e.after.as_ref().map(|v| v.to_string()))
                    .bind(&e.prev_hash)
                    .bind(&e.hash)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(db_err)?;
                    self.seq = seq;
                    self.hash = e.hash;
                    Ok(())
                }

                pub(crate) async fn commit(mut self) -> StoreResult<()> {
                    ::sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                        .bind(self.seq)
                        .bind(&self.hash)
                        .execute(&mut *self.tx)
                        .await
                        .map_err(db_err)?;
                    self.tx.commit().await.map_err(db_err)
                }
            }

            fn ev(
                actor: &str,
                action: &str,
                entity: &'static str,
                id: i64,
                before: Option<Value>,
                after: Option<Value>,
            ) -> PendingEvent {
                PendingEvent { actor: actor.into(), action: action.into(), entity, entity_id: id, before, after }
            }

            // ---------------------------------------------------------------
            // Canonical snapshots of audited rows.

            async fn snap_problem(c: &mut <Db as ::sqlx::Database>::Connection, id: i64) -> StoreResult<Option<Value>> {
                let Some(r) = ::sqlx::query(
                    "SELECT plan_id, category_id, seq, parent_seq, number_text, description, target, \
                     deadline_text, due_date, immediate, ongoing, milestones_json, status, reopened, version \
                     FROM problems WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *c)
                .await
                .map_err(db_err)?
                else {
                    return Ok(None);
                };
                let units: Vec<Value> = ::sqlx::query(
                    "SELECT unit_id, role, note FROM problem_units WHERE problem_id = $1 ORDER BY seq, role",
                )
                .bind(id)
                .fetch_all(&mut *c)
                .await
                .map_err(db_err)?
                .iter()
                .map(|u| {
                    Ok(json!([get::<i64>(u, "unit_id")?, get::<String>(u, "role")?, get::<Option<String>>(u, "note")?]))
                })
                .collect::<StoreResult<_>>()?;
                let people: Vec<Value> = ::sqlx::query(
                    "SELECT kind, seq, name, note FROM problem_people WHERE problem_id = $1 ORDER BY kind, seq",
                )
                .bind(id)
                .fetch_all(&mut *c)
                .await
                .map_err(db_err)?
                .iter()
                .map(|u| {
                    Ok(json!([get::<String>(u, "kind")?, get::<String>(u, "name")?, get::<Option<String>>(u, "note")?]))
                })
                .collect::<StoreResult<_>>()?;
                let measures: Vec<Value> = ::sqlx::query(
                    "SELECT seq, text, units_json, deadline_json FROM measures WHERE problem_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(&mut *c)
                .await
                .map_err(db_err)?
                .iter()
                .map(|m| {
                    Ok(json!([
                        get::<i64>(m, "seq")?,
                        get::<String>(m, "text")?,
                        get::<String>(m, "units_json")?,
                        get::<Option<String>>(m, "deadline_json")?
                    ]))
                })
                .collect::<StoreResult<_>>()?;
                Ok(Some(json!({
                    "plan_id": get::<i64>(&r, "plan_id")?,
                    "category_id": get::<Option<i64>>(&r, "category_id")?,
                    "seq": get::<i64>(&r, "seq")?,
                    "parent_seq": get::<Option<i64>>(&r, "parent_seq")?,
                    "number_text": get::<String>(&r, "number_text")?,
                    "description": get::<String>(&r, "description")?,
                    "target": get::<Option<String>>(&r, "target")?,
                    "deadline_text": get::<String>(&r, "deadline_text")?,
                    "due_date": get::<Option<NaiveDate>>(&r, "due_date")?.map(|d| d.to_string()),
                    "immediate": get::<bool>(&r, "immediate")?,
                    "ongoing": get::<bool>(&r, "ongoing")?,
                    "milestones": get::<String>(&r, "milestones_json")?,
                    "status": get::<String>(&r, "status")?,
                    "reopened": get::<bool>(&r, "reopened")?,
                    "version": get::<i64>(&r, "version")?,
                    "units": units,
                    "people": people,
                    "measures": measures,
                })))
            }

            async fn snap_simple(
                c: &mut <Db as ::sqlx::Database>::Connection,
                entity: &str,
                id: i64,
            ) -> StoreResult<Option<Value>> {
                let sql = match entity {
                    "plan" => "SELECT id, title, jurisdiction, source_sha256, source_kind, source_file, declared_problem_count, notice_workdays, doc_number, issue_date, inspection_id FROM plans WHERE id = $1",
                    "report" => "SELECT id, problem_id, period, percent, text, measure_status_json, submitted_by, status, review_comment, reviewed_by FROM progress_reports WHERE id = $1",
                    "signoff" => "SELECT id, problem_id, step, decision, comment, actor, notice_start, notice_end FROM signoff_steps WHERE id = $1",
                    "objection" => "SELECT id, problem_id, text, contact, status, resolution, resolved_by FROM objections WHERE id = $1",
                    "escalation" => "SELECT id, problem_id, unit_id, kind, date, doc_number, note, created_by FROM escalations WHERE id = $1",
                    // The blob's size and type come along, so a changed blob row is caught too.
                    "attachment" => "SELECT pa.id, pa.problem_id, pa.report_id, pa.sha256, pa.file_name, pa.kind, pa.uploaded_by, \
                        a.size, a.content_type FROM problem_attachments pa JOIN attachments a ON a.sha256 = pa.sha256 WHERE pa.id = $1",
                    "lookback" => "SELECT id, name, created_by, note, selection_json FROM lookback_campaigns WHERE id = $1",
                    "lookback_item" => "SELECT id, campaign_id, problem_id, result, checked_by, comment FROM lookback_items WHERE id = $1",
                    _ => return Ok(None),
                };
                let Some(r) = ::sqlx::query(sql).bind(id).fetch_optional(&mut *c).await.map_err(db_err)? else {
                    return Ok(None);
                };
                row_to_json(&r)
            }

            /// Every column as JSON, dates and numbers in one textual form.
            fn row_to_json(r: &DbRow) -> StoreResult<Option<Value>> {
                use ::sqlx::Column;
                let mut m = ::serde_json::Map::new();
                for col in r.columns() {
                    let name = col.name();
                    let v = if let Ok(v) = r.try_get::<Option<i64>, _>(name) {
                        json!(v)
                    } else if let Ok(v) = r.try_get::<Option<NaiveDate>, _>(name) {
                        json!(v.map(|d| d.to_string()))
                    } else {
                        json!(get::<Option<String>>(r, name)?)
                    };
                    m.insert(name.to_string(), v);
                }
                Ok(Some(Value::Object(m)))
            }

            // ---------------------------------------------------------------
            // Units

            async fn unit_id(c: &mut <Db as ::sqlx::Database>::Connection, name: &str) -> StoreResult<i64> {
                let alias = normalize_unit_name(name);
                if let Some(r) = ::sqlx::query("SELECT unit_id FROM unit_aliases WHERE alias = $1")
                    .bind(&alias)
                    .fetch_optional(&mut *c)
                    .await
                    .map_err(db_err)?
                {
                    return get(&r, "unit_id");
                }
                let r = ::sqlx::query("INSERT INTO units (name) VALUES ($1) RETURNING id")
                    .bind(name.trim())
                    .fetch_one(&mut *c)
                    .await
                    .map_err(db_err)?;
                let id: i64 = get(&r, "id")?;
                ::sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
                    .bind(&alias)
                    .bind(id)
                    .execute(&mut *c)
                    .await
                    .map_err(db_err)?;
                Ok(id)
            }

            fn deadline_from_row(r: &DbRow) -> StoreResult<DeadlineSpec> {
                let milestones: Vec<Milestone> = ::serde_json::from_str(&get::<String>(r, "milestones_json")?)?;
                Ok(DeadlineSpec {
                    text: get(r, "deadline_text")?,
                    due: get(r, "due_date")?,
                    immediate: get(r, "immediate")?,
                    ongoing: get(r, "ongoing")?,
                    milestones,
                })
            }

            fn status_of(s: &str) -> StoreResult<Status> {
                Status::parse(s).ok_or_else(|| StoreError::Database(format!("unknown status {s}")))
            }

            async fn write_problem_children(
                c: &mut <Db as ::sqlx::Database>::Connection,
                id: i64,
                p: &::rectify_domain::ProblemDraft,
            ) -> StoreResult<()> {
                for table in ["problem_units", "problem_people", "measures"] {
                    ::sqlx::query(&format!("DELETE FROM {table} WHERE problem_id = $1"))
                        .bind(id)
                        .execute(&mut *c)
                        .await
                        .map_err(db_err)?;
                }
                let mut seen = ::std::collections::HashSet::new();
                for (i, u) in p.units.iter().enumerate() {
                    let uid = unit_id(c, &u.name).await?;
                    if !seen.insert((uid, u.role)) {
                        continue;
                    }
                    ::sqlx::query("INSERT INTO problem_units (problem_id, unit_id, role, note, seq) VALUES ($1, $2, $3, $4, $5)")
                        .bind(id)
                        .bind(uid)
                        .bind(u.role.as_str())
                        .bind(&u.note)
                        .bind(i as i64)
                        .execute(&mut *c)
                        .await
                        .map_err(db_err)?;
                }
                let people = p
                    .leaders
                    .iter()
                    .map(|l| ("leader", l.clone(), None))
                    .chain(p.responsible_persons.iter().map(|r| ("responsible", r.name.clone(), r.title.clone())))
                    .chain(p.liaisons.iter().map(|l| ("liaison", l.name.clone(), l.note.clone())));
                let mut counters = ::std::collections::HashMap::new();
                for (kind, name, note) in people {
                    let n = counters.entry(kind).or_insert(0i64);
                    *n += 1;
                    ::sqlx::query("INSERT INTO problem_people (problem_id, kind, seq, name, note) VALUES ($1, $2, $3, $4, $5)")
                        .bind(id)
                        .bind(kind)
                        .bind(*n)
                        .bind(&name)
                        .bind(&note)
                        .execute(&mut *c)
                        .await
                        .map_err(db_err)?;
                }
                let mut mseqs = ::std::collections::HashSet::new();
                for (i, m) in p.measures.iter().enumerate() {
                    // Duplicate measure numbers (two numbered groups) keep document order.
                    let seq = if mseqs.insert(m.seq) { m.seq as i64 } else { 1000 + i as i64 };
                    mseqs.insert(seq as u32);
                    ::sqlx::query("INSERT INTO measures (problem_id, seq, text, units_json, deadline_json) VALUES ($1, $2, $3, $4, $5)")
                        .bind(id)
                        .bind(seq)
                        .bind(&m.text)
                        .bind(::serde_json::to_string(&m.units)?)
                        .bind(m.deadline.as_ref().map(::serde_json::to_string).transpose()?)
                        .execute(&mut *c)
                        .await
                        .map_err(db_err)?;
                }
                Ok(())
            }

            async fn load_report(c: &mut <Db as ::sqlx::Database>::Connection, id: i64) -> StoreResult<ProgressReport> {
                let r = ::sqlx::query("SELECT * FROM progress_reports WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *c)
                    .await
                    .map_err(db_err)?
                    .ok_or_else(|| StoreError::NotFound(format!("进展报告 / report {id}")))?;
                report_from_row(&r)
            }

            fn report_from_row(r: &DbRow) -> StoreResult<ProgressReport> {
                Ok(ProgressReport {
                    id: get(r, "id")?,
                    problem_id: get(r, "problem_id")?,
                    period: get(r, "period")?,
                    percent: get(r, "percent")?,
                    text: get(r, "text")?,
                    measure_status: ::serde_json::from_str(&get::<String>(r, "measure_status_json")?)?,
                    submitted_by: get(r, "submitted_by")?,
                    submitted_at: get(r, "submitted_at")?,
                    status: get(r, "status")?,
                    review_comment: get(r, "review_comment")?,
                    reviewed_by: get(r, "reviewed_by")?,
                })
            }

            fn signoff_from_row(r: &DbRow) -> StoreResult<SignoffRecord> {
                let step: String = get(r, "step")?;
                let decision: String = get(r, "decision")?;
                Ok(SignoffRecord {
                    id: get(r, "id")?,
                    step: SignoffStep::parse(&step).ok_or_else(|| StoreError::Database(format!("step {step}")))?,
                    decision: Decision::parse(&decision).ok_or_else(|| StoreError::Database(format!("decision {decision}")))?,
                    comment: get(r, "comment")?,
                    actor: get(r, "actor")?,
                    at: get(r, "at")?,
                    notice_start: get(r, "notice_start")?,
                    notice_end: get(r, "notice_end")?,
                })
            }

            fn objection_from_row(r: &DbRow) -> StoreResult<Objection> {
                Ok(Objection {
                    id: get(r, "id")?,
                    problem_id: get(r, "problem_id")?,
                    text: get(r, "text")?,
                    contact: get(r, "contact")?,
                    created_at: get(r, "created_at")?,
                    status: get(r, "status")?,
                    resolution: get(r, "resolution")?,
                    resolved_by: get(r, "resolved_by")?,
                })
            }

            fn warning_from_row(r: &DbRow) -> StoreResult<WarningRecord> {
                Ok(WarningRecord {
                    id: get(r, "id")?,
                    problem_id: get(r, "problem_id")?,
                    code: get(r, "code")?,
                    level: get(r, "level")?,
                    message: get(r, "message")?,
                    status: get(r, "status")?,
                    raised_at: get(r, "raised_at")?,
                    acknowledged_by: get(r, "acknowledged_by")?,
                    resolved_at: get(r, "resolved_at")?,
                })
            }

            fn escalation_from_row(r: &DbRow) -> StoreResult<Escalation> {
                Ok(Escalation {
                    id: get(r, "id")?,
                    problem_id: get(r, "problem_id")?,
                    unit_id: get(r, "unit_id")?,
                    unit_name: get(r, "unit_name")?,
                    kind: get(r, "kind")?,
                    date: get(r, "date")?,
                    doc_number: get(r, "doc_number")?,
                    note: get(r, "note")?,
                    created_by: get(r, "created_by")?,
                })
            }

            async fn load_user(c: &mut <Db as ::sqlx::Database>::Connection, r: &DbRow) -> StoreResult<User> {
                let id: i64 = get(r, "id")?;
                let role: String = get(r, "role")?;
                let units = ::sqlx::query(
                    "SELECT u.id, u.name FROM user_units uu JOIN units u ON u.id = uu.unit_id WHERE uu.user_id = $1 ORDER BY u.id",
                )
                .bind(id)
                .fetch_all(&mut *c)
                .await
                .map_err(db_err)?
                .iter()
                .map(|u| Ok(UnitRef { id: get(u, "id")?, name: get(u, "name")? }))
                .collect::<StoreResult<_>>()?;
                Ok(User {
                    id,
                    username: get(r, "username")?,
                    display_name: get(r, "display_name")?,
                    password_hash: get(r, "password_hash")?,
                    role: Role::parse(&role).ok_or_else(|| StoreError::Database(format!("role {role}")))?,
                    units,
                    person: get(r, "person")?,
                    failed_attempts: get(r, "failed_attempts")?,
                    locked_until: get(r, "locked_until")?,
                })
            }

            fn bind_args<'q>(
                mut query: ::sqlx::query::Query<'q, Db, <Db as ::sqlx::Database>::Arguments<'q>>,
                args: &'q [Arg],
            ) -> ::sqlx::query::Query<'q, Db, <Db as ::sqlx::Database>::Arguments<'q>> {
                for a in args {
                    query = match a {
                        Arg::I(v) => query.bind(*v),
                        Arg::S(v) => query.bind(v.as_str()),
                        Arg::D(v) => query.bind(*v),
                    };
                }
                query
            }

            async fn rows_for_ids(
                c: &mut <Db as ::sqlx::Database>::Connection,
                sql_head: &str,
                ids: &[i64],
            ) -> StoreResult<Vec<DbRow>> {
                if ids.is_empty() {
                    return Ok(vec![]);
                }
                let list = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
                let sql = sql_head.replace("{ids}", &list);
                let mut query = ::sqlx::query(&sql);
                for id in ids {
                    query = query.bind(*id);
                }
                query.fetch_all(&mut *c).await.map_err(db_err)
            }

            /// Links the plan to its inspection (shared by the plans that
            /// answer one inspection) and records its document number and date.
            async fn write_plan_meta(
                c: &mut <Db as ::sqlx::Database>::Connection,
                plan_id: i64,
                meta: &::rectify_domain::PlanMeta,
            ) -> StoreResult<()> {
                let mut inspection_id: Option<i64> = None;
                if let Some(i) = &meta.inspection {
                    let level = i.level.map(|l| ::serde_json::to_value(l).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()).unwrap_or_default();
                    let found = ::sqlx::query("SELECT id FROM inspections WHERE COALESCE(level, '') = $1 AND COALESCE(team, '') = $2 \
                        AND COALESCE(round, '') = $3 AND (feedback_date = $4 OR (feedback_date IS NULL AND $5))")
                        .bind(&level).bind(i.team.clone().unwrap_or_default()).bind(i.round.clone().unwrap_or_default())
                        .bind(i.feedback_date).bind(i.feedback_date.is_none())
                        .fetch_optional(&mut *c).await.map_err(db_err)?;
                    inspection_id = Some(match found {
                        Some(r) => get(&r, "id")?,
                        None => get(&::sqlx::query("INSERT INTO inspections (level, team, round, stationed_from, stationed_to, feedback_date) \
                            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                            .bind(Some(level).filter(|l| !l.is_empty())).bind(&i.team).bind(&i.round)
                            .bind(i.stationed_from).bind(i.stationed_to).bind(i.feedback_date)
                            .fetch_one(&mut *c).await.map_err(db_err)?, "id")?,
                    });
                }
                ::sqlx::query("UPDATE plans SET inspection_id = COALESCE($1, inspection_id), doc_number = COALESCE($2, doc_number), \
                    issue_date = COALESCE($3, issue_date) WHERE id = $4")
                    .bind(inspection_id).bind(&meta.doc_number).bind(meta.issue_date).bind(plan_id)
                    .execute(&mut *c).await.map_err(db_err)?;
                Ok(())
            }

            const ROW_SELECT: &str = "SELECT p.id, p.plan_id, pl.title AS plan_title, c.seq AS category_seq, \
                c.title AS category_title, p.seq, p.parent_seq, p.number_text, p.description, p.target, \
                p.deadline_text, p.due_date, p.immediate, p.ongoing, p.milestones_json, p.status, p.version, \
                (SELECT r.percent FROM progress_reports r WHERE r.problem_id = p.id ORDER BY r.period DESC LIMIT 1) AS latest_percent, \
                (SELECT r.period FROM progress_reports r WHERE r.problem_id = p.id ORDER BY r.period DESC LIMIT 1) AS latest_period, \
                (SELECT r.text FROM progress_reports r WHERE r.problem_id = p.id ORDER BY r.period DESC LIMIT 1) AS latest_text";

            async fn problem_rows(
                c: &mut <Db as ::sqlx::Database>::Connection,
                rows: Vec<DbRow>,
            ) -> StoreResult<Vec<ProblemRow>> {
                let ids: Vec<i64> = rows.iter().map(|r| get::<i64>(r, "id")).collect::<StoreResult<_>>()?;
                let mut units: ::std::collections::HashMap<i64, Vec<UnitAssignment>> = Default::default();
                for r in rows_for_ids(c, "SELECT pu.problem_id, u.name, pu.role, pu.note FROM problem_units pu \
                    JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id IN ({ids}) ORDER BY pu.problem_id, pu.seq", &ids).await?
                {
                    let role: String = get(&r, "role")?;
                    units.entry(get(&r, "problem_id")?).or_default().push(UnitAssignment {
                        name: get(&r, "name")?,
                        role: UnitRole::parse(&role).unwrap_or(UnitRole::Responsible),
                        note: get(&r, "note")?,
                    });
                }
                let mut leaders: ::std::collections::HashMap<i64, Vec<String>> = Default::default();
                for r in rows_for_ids(c, "SELECT problem_id, name FROM problem_people WHERE kind = 'leader' \
                    AND problem_id IN ({ids}) ORDER BY problem_id, seq", &ids).await?
                {
                    leaders.entry(get(&r, "problem_id")?).or_default().push(get(&r, "name")?);
                }
                rows.iter()
                    .map(|r| {
                        let id: i64 = get(r, "id")?;
                        Ok(ProblemRow {
                            id,
                            plan_id: get(r, "plan_id")?,
                            plan_title: get(r, "plan_title")?,
                            category_seq: get(r, "category_seq")?,
                            category_title: get(r, "category_title")?,
                            seq: get(r, "seq")?,
                            parent_seq: get(r, "parent_seq")?,
                            number_text: get(r, "number_text")?,
                            description: get(r, "description")?,
                            target: get(r, "target")?,
                            deadline: deadline_from_row(r)?,
                            status: status_of(&get::<String>(r, "status")?)?,
                            units: units.remove(&id).unwrap_or_default(),
                            leaders: leaders.remove(&id).unwrap_or_default(),
                            latest_percent: get(r, "latest_percent")?,
                            latest_period: get(r, "latest_period")?,
                            latest_text: get(r, "latest_text")?,
                            warning_level: q::level_from_rank(get(r, "wl")?),
                            version: get(r, "version")?,
                        })
                    })
                    .collect()
            }

            const ATTACHMENT_SELECT: &str = "SELECT pa.id, pa.problem_id, pa.report_id, pa.sha256, pa.file_name, pa.kind, \
                pa.uploaded_by, pa.uploaded_at, a.size, a.content_type \
                FROM problem_attachments pa JOIN attachments a ON a.sha256 = pa.sha256";

            fn attachment_from_row(r: &DbRow) -> StoreResult<Attachment> {
                Ok(Attachment {
                    id: get(r, "id")?,
                    problem_id: get(r, "problem_id")?,
                    report_id: get(r, "report_id")?,
                    sha256: get(r, "sha256")?,
                    size: get(r, "size")?,
                    content_type: get(r, "content_type")?,
                    file_name: get(r, "file_name")?,
                    kind: get(r, "kind")?,
                    uploaded_by: get(r, "uploaded_by")?,
                    uploaded_at: get(r, "uploaded_at")?,
                })
            }

            const LOOKBACK_SELECT: &str = "SELECT c.id, c.name, c.note, c.created_by, c.created_at, \
                (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id) AS total, \
                (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id AND i.result = 'pending') AS pending, \
                (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id AND i.result = 'confirmed') AS confirmed, \
                (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id AND i.result = 'rebound') AS rebound \
                FROM lookback_campaigns c";

            fn lookback_from_row(r: &DbRow) -> StoreResult<Lookback> {
                Ok(Lookback {
                    id: get(r, "id")?,
                    name: get(r, "name")?,
                    note: get(r, "note")?,
                    created_by: get(r, "created_by")?,
                    created_at: get(r, "created_at")?,
                    total: get(r, "total")?,
                    pending: get(r, "pending")?,
                    confirmed: get(r, "confirmed")?,
                    rebound: get(r, "rebound")?,
                })
            }

            const LOOKBACK_ITEM_SELECT: &str = "SELECT i.campaign_id, i.problem_id, p.plan_id, p.number_text, p.description, \
                p.status, i.result, i.checked_by, i.checked_at, i.comment \
                FROM lookback_items i JOIN problems p ON p.id = i.problem_id";

            fn lookback_item_from_row(r: &DbRow) -> StoreResult<LookbackItem> {
                Ok(LookbackItem {
                    campaign_id: get(r, "campaign_id")?,
                    problem_id: get(r, "problem_id")?,
                    plan_id: get(r, "plan_id")?,
                    number_text: get(r, "number_text")?,
                    description: get(r, "description")?,
                    problem_status: status_of(&get::<String>(r, "status")?)?,
                    result: get(r, "result")?,
                    checked_by: get(r, "checked_by")?,
                    checked_at: get(r, "checked_at")?,
                    comment: get(r, "comment")?,
                })
            }

            /// Reopens a signed-off problem inside `w`: status back to
            /// `in_progress`, `reopened` set, the reason in its own event beside
            /// the row's snapshot. Shared by a plain reopen and a look-back rebound.
            async fn reopen_in(w: &mut Write, problem_id: i64, reason: &str, actor: &str, lookback: Option<&str>) -> StoreResult<Status> {
                let pr = ::sqlx::query("SELECT status FROM problems WHERE id = $1").bind(problem_id)
                    .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                    .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {problem_id}")))?;
                let next = status_of(&get::<String>(&pr, "status")?)?.reopen().map_err(|e| StoreError::Conflict(e.to_string()))?;
                let before = snap_problem(&mut w.tx, problem_id).await?;
                ::sqlx::query("UPDATE problems SET status = $1, reopened = $2, version = version + 1 WHERE id = $3")
                    .bind(next.as_str()).bind(true).bind(problem_id).execute(&mut *w.tx).await.map_err(db_err)?;
                let after = snap_problem(&mut w.tx, problem_id).await?;
                let action = match lookback { Some(_) => "problem.lookback_reopen", None => "problem.reopen" };
                // The reason travels in the event, beside the row's snapshot.
                let note = json!({"reason": reason, "lookback": lookback});
                w.audit(ev(actor, action, "problem_note", problem_id, None, Some(note))).await?;
                w.audit(ev(actor, action, "problem", problem_id, before, after)).await?;
                Ok(next)
            }

            async fn open_objections(c: &mut <Db as ::sqlx::Database>::Connection, problem_id: i64) -> StoreResult<i64> {
                let r = ::sqlx::query("SELECT COUNT(*) AS n FROM objections WHERE problem_id = $1 AND status = 'open'")
                    .bind(problem_id)
                    .fetch_one(&mut *c)
                    .await
                    .map_err(db_err)?;
                get(&r, "n")
            }

            #[::async_trait::async_trait]
            impl Store for $store {
                fn backend(&self) -> &'static str {
                    <$store>::BACKEND
                }

                async fn ping(&self) -> StoreResult<()> {
                    ::sqlx::query("SELECT 1").execute(&self.pool).await.map_err(db_err)?;
                    Ok(())
                }

                async fn import_plan(&self, d: &PlanDraft, actor: &str) -> StoreResult<ImportReport> {
                    if d.title.trim().is_empty() {
                        return Err(StoreError::invalid("方案标题为空", "the plan has no title"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let existing = ::sqlx::query("SELECT id FROM plans WHERE title = $1 AND COALESCE(jurisdiction, '') = $2")
                        .bind(&d.title)
                        .bind(d.jurisdiction.clone().unwrap_or_default())
                        .fetch_optional(&mut *w.tx)
                        .await
                        .map_err(db_err)?;
                    let warnings = ::serde_json::to_string(&d.warnings)?;
                    let extras = ::serde_json::to_string(&json!({"indicators": d.indicators, "key_projects": d.key_projects}))?;
                    let declared = d.declared_problem_count.map(i64::from);
                    let (plan_id, created) = match existing {
                        Some(r) => {
                            let id: i64 = get(&r, "id")?;
                            let before = snap_simple(&mut w.tx, "plan", id).await?;
                            ::sqlx::query("UPDATE plans SET source_file = $1, source_sha256 = $2, source_kind = $3, \
                                declared_problem_count = $4, warnings_json = $5, extras_json = $6, imported_at = $7 WHERE id = $8")
                                .bind(&d.source.file).bind(&d.source.sha256).bind(&d.source.kind).bind(declared)
                                .bind(&warnings).bind(&extras).bind(w.at).bind(id)
                                .execute(&mut *w.tx).await.map_err(db_err)?;
                            write_plan_meta(&mut w.tx, id, &d.meta).await?;
                            let after = snap_simple(&mut w.tx, "plan", id).await?;
                            w.audit(ev(actor, "plan.reimport", "plan", id, before, after)).await?;
                            (id, false)
                        }
                        None => {
                            let r = ::sqlx::query("INSERT INTO plans (title, jurisdiction, declared_problem_count, source_file, \
                                source_sha256, source_kind, warnings_json, extras_json, imported_at) \
                                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
                                .bind(&d.title).bind(&d.jurisdiction).bind(declared).bind(&d.source.file)
                                .bind(&d.source.sha256).bind(&d.source.kind).bind(&warnings).bind(&extras).bind(w.at)
                                .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                            let id: i64 = get(&r, "id")?;
                            write_plan_meta(&mut w.tx, id, &d.meta).await?;
                            let after = snap_simple(&mut w.tx, "plan", id).await?;
                            w.audit(ev(actor, "plan.import", "plan", id, None, after)).await?;
                            (id, true)
                        }
                    };
                    let mut cat_ids = ::std::collections::HashMap::new();
                    for cat in &d.categories {
                        let r = ::sqlx::query("INSERT INTO categories (plan_id, seq, title) VALUES ($1, $2, $3) \
                            ON CONFLICT (plan_id, seq) DO UPDATE SET title = excluded.title RETURNING id")
                            .bind(plan_id).bind(cat.seq as i64).bind(&cat.title)
                            .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                        cat_ids.insert(cat.seq, get::<i64>(&r, "id")?);
                    }
                    let mut existing_ids: ::std::collections::HashMap<(i64, i64), (i64, String)> = Default::default();
                    for r in ::sqlx::query("SELECT id, COALESCE(parent_seq, 0) AS ps, seq, number_text FROM problems WHERE plan_id = $1")
                        .bind(plan_id).fetch_all(&mut *w.tx).await.map_err(db_err)?
                    {
                        existing_ids.insert((get(&r, "ps")?, get(&r, "seq")?), (get(&r, "id")?, get(&r, "number_text")?));
                    }
                    let mut report = ImportReport { plan_id, created, problems_total: d.problems.len(), added: vec![], changed: vec![], missing: vec![] };
                    let mut seen_keys = ::std::collections::HashSet::new();
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
                        let milestones = ::serde_json::to_string(&p.deadline.milestones)?;
                        let search = q::search_text(p);
                        let (first, last) = p.source_span.map(|s| (Some(s.first_line as i64), Some(s.last_line as i64))).unwrap_or((None, None));
                        match existing_ids.get(&key) {
                            Some((id, _)) => {
                                let id = *id;
                                let before = snap_problem(&mut w.tx, id).await?;
                                ::sqlx::query("UPDATE problems SET category_id = $1, number_text = $2, description = $3, target = $4, \
                                    deadline_text = $5, due_date = $6, immediate = $7, ongoing = $8, milestones_json = $9, \
                                    source_first_line = $10, source_last_line = $11, search_text = $12 WHERE id = $13")
                                    .bind(category_id).bind(&p.number_text).bind(&p.description).bind(&p.target)
                                    .bind(&p.deadline.text).bind(p.deadline.due).bind(p.deadline.immediate).bind(p.deadline.ongoing)
                                    .bind(&milestones).bind(first).bind(last).bind(&search).bind(id)
                                    .execute(&mut *w.tx).await.map_err(db_err)?;
                                write_problem_children(&mut w.tx, id, p).await?;
                                let mut after = snap_problem(&mut w.tx, id).await?;
                                if before != after {
                                    ::sqlx::query("UPDATE problems SET version = version + 1 WHERE id = $1")
                                        .bind(id).execute(&mut *w.tx).await.map_err(db_err)?;
                                    after = snap_problem(&mut w.tx, id).await?;
                                    let fields = match (&before, &after) {
                                        (Some(b), Some(a)) => q::changed_fields(b, a),
                                        _ => vec![],
                                    };
                                    report.changed.push((label, fields));
                                    w.audit(ev(actor, "problem.reimport", "problem", id, before, after)).await?;
                                }
                            }
                            None => {
                                let r = ::sqlx::query("INSERT INTO problems (plan_id, category_id, seq, parent_seq, number_text, \
                                    description, target, deadline_text, due_date, immediate, ongoing, milestones_json, status, \
                                    source_first_line, source_last_line, search_text) \
                                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id")
                                    .bind(plan_id).bind(category_id).bind(p.seq as i64).bind(p.parent_seq.map(i64::from))
                                    .bind(&p.number_text).bind(&p.description).bind(&p.target).bind(&p.deadline.text)
                                    .bind(p.deadline.due).bind(p.deadline.immediate).bind(p.deadline.ongoing).bind(&milestones)
                                    .bind(Status::NotStarted.as_str()).bind(first).bind(last).bind(&search)
                                    .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                                let id: i64 = get(&r, "id")?;
                                write_problem_children(&mut w.tx, id, p).await?;
                                let after = snap_problem(&mut w.tx, id).await?;
                                if !created {
                                    report.added.push(label);
                                }
                                w.audit(ev(actor, "problem.create", "problem", id, None, after)).await?;
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
                    w.commit().await?;
                    Ok(report)
                }

                async fn list_plans(&self) -> StoreResult<Vec<PlanSummary>> {
                    let rows = ::sqlx::query("SELECT pl.*, \
                        (SELECT COUNT(*) FROM problems p WHERE p.plan_id = pl.id) AS problem_count, \
                        (SELECT COUNT(*) FROM problems p WHERE p.plan_id = pl.id AND p.status = 'signed_off') AS signed_off_count \
                        FROM plans pl ORDER BY pl.id")
                        .fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(PlanSummary {
                                id: get(r, "id")?,
                                title: get(r, "title")?,
                                jurisdiction: get(r, "jurisdiction")?,
                                declared_problem_count: get(r, "declared_problem_count")?,
                                problem_count: get(r, "problem_count")?,
                                signed_off_count: get(r, "signed_off_count")?,
                                source_file: get(r, "source_file")?,
                                source_sha256: get(r, "source_sha256")?,
                                source_kind: get(r, "source_kind")?,
                                imported_at: get(r, "imported_at")?,
                                notice_workdays: get(r, "notice_workdays")?,
                                warnings: ::serde_json::from_str(&get::<String>(r, "warnings_json")?)?,
                            })
                        })
                        .collect()
                }

                async fn set_notice_workdays(&self, plan_id: i64, days: i64, actor: &str) -> StoreResult<()> {
                    if !(1..=30).contains(&days) {
                        return Err(StoreError::invalid("公示期须为1到30个工作日", "a notice lasts 1 to 30 working days"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let before = snap_simple(&mut w.tx, "plan", plan_id).await?
                        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))?;
                    ::sqlx::query("UPDATE plans SET notice_workdays = $1 WHERE id = $2")
                        .bind(days).bind(plan_id).execute(&mut *w.tx).await.map_err(db_err)?;
                    let after = snap_simple(&mut w.tx, "plan", plan_id).await?;
                    w.audit(ev(actor, "plan.notice_workdays", "plan", plan_id, Some(before), after)).await?;
                    w.commit().await
                }

                async fn list_problems(&self, f: &ProblemFilter) -> StoreResult<Page<ProblemRow>> {
                    let w = q::problem_where(f);
                    let from = " FROM problems p JOIN plans pl ON pl.id = p.plan_id LEFT JOIN categories c ON c.id = p.category_id";
                    let count_sql = format!("SELECT COUNT(*) AS n{from}{}", w.sql());
                    let total: i64 = get(&bind_args(::sqlx::query(&count_sql), &w.args).fetch_one(&self.pool).await.map_err(db_err)?, "n")?;
                    let per_page = f.per_page.clamp(1, 1000);
                    let page = f.page.max(1);
                    let sql = format!(
                        "{ROW_SELECT}, {} AS wl{from}{} ORDER BY {} LIMIT {} OFFSET {}",
                        q::LEVEL_RANK_SQL,
                        w.sql(),
                        q::problem_order(f.sort.as_deref()),
                        per_page,
                        (page as i64 - 1) * per_page as i64
                    );
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    let rows = bind_args(::sqlx::query(&sql), &w.args).fetch_all(&mut *c).await.map_err(db_err)?;
                    let items = problem_rows(&mut c, rows).await?;
                    Ok(Page { items, total, page, per_page })
                }

                async fn get_problem(&self, id: i64) -> StoreResult<Option<ProblemDetail>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    let sql = format!("{ROW_SELECT}, {} AS wl, COALESCE(pl.issue_date, (SELECT ins.feedback_date FROM inspections ins WHERE ins.id = pl.inspection_id)) AS issue_date, pl.notice_workdays, p.source_first_line, p.source_last_line \
                        FROM problems p JOIN plans pl ON pl.id = p.plan_id LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = $1", q::LEVEL_RANK_SQL);
                    let Some(r) = ::sqlx::query(&sql).bind(id).fetch_optional(&mut *c).await.map_err(db_err)? else {
                        return Ok(None);
                    };
                    let plan_issue_date: Option<NaiveDate> = get(&r, "issue_date")?;
                    let notice_workdays: i64 = get(&r, "notice_workdays")?;
                    let source_first_line: Option<i64> = get(&r, "source_first_line")?;
                    let source_last_line: Option<i64> = get(&r, "source_last_line")?;
                    let row = problem_rows(&mut c, vec![r]).await?.into_iter().next()
                        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {id}")))?;
                    let measures = ::sqlx::query("SELECT seq, text, units_json, deadline_json FROM measures WHERE problem_id = $1 ORDER BY seq")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter()
                        .map(|m| {
                            Ok(MeasureDraft {
                                seq: get::<i64>(m, "seq")? as u32,
                                text: get(m, "text")?,
                                units: ::serde_json::from_str(&get::<String>(m, "units_json")?)?,
                                deadline: get::<Option<String>>(m, "deadline_json")?.map(|s| ::serde_json::from_str(&s)).transpose()?,
                            })
                        })
                        .collect::<StoreResult<_>>()?;
                    let mut responsible_persons = vec![];
                    let mut liaisons = vec![];
                    for p in ::sqlx::query("SELECT kind, name, note FROM problem_people WHERE problem_id = $1 AND kind <> 'leader' ORDER BY kind, seq")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                    {
                        let kind: String = get(&p, "kind")?;
                        if kind == "responsible" {
                            responsible_persons.push(Person { name: get(&p, "name")?, title: get(&p, "note")? });
                        } else {
                            liaisons.push(Liaison { name: get(&p, "name")?, note: get(&p, "note")? });
                        }
                    }
                    let reports = ::sqlx::query("SELECT * FROM progress_reports WHERE problem_id = $1 ORDER BY period")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(report_from_row).collect::<StoreResult<_>>()?;
                    let signoffs = ::sqlx::query("SELECT * FROM signoff_steps WHERE problem_id = $1 ORDER BY id")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(signoff_from_row).collect::<StoreResult<_>>()?;
                    let objections = ::sqlx::query("SELECT * FROM objections WHERE problem_id = $1 ORDER BY id")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(objection_from_row).collect::<StoreResult<_>>()?;
                    let warnings = ::sqlx::query("SELECT * FROM warnings WHERE problem_id = $1 ORDER BY id DESC")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(warning_from_row).collect::<StoreResult<_>>()?;
                    let escalations = ::sqlx::query("SELECT e.*, u.name AS unit_name FROM escalations e LEFT JOIN units u ON u.id = e.unit_id \
                        WHERE e.problem_id = $1 ORDER BY e.date, e.id")
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(escalation_from_row).collect::<StoreResult<_>>()?;
                    let attachments = ::sqlx::query(&format!("{ATTACHMENT_SELECT} WHERE pa.problem_id = $1 ORDER BY pa.id"))
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(attachment_from_row).collect::<StoreResult<_>>()?;
                    Ok(Some(ProblemDetail {
                        row,
                        plan_issue_date,
                        notice_workdays,
                        measures,
                        responsible_persons,
                        liaisons,
                        reports,
                        signoffs,
                        objections,
                        warnings,
                        escalations,
                        source_first_line,
                        source_last_line,
                        attachments,
                    }))
                }

                async fn problem_units(&self, id: i64) -> StoreResult<Vec<UnitRef>> {
                    ::sqlx::query("SELECT DISTINCT u.id, u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id \
                        WHERE pu.problem_id = $1 AND pu.role IN ('primary', 'lead', 'responsible') ORDER BY u.id")
                        .bind(id).fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(|r| Ok(UnitRef { id: get(r, "id")?, name: get(r, "name")? })).collect()
                }

                async fn list_units(&self) -> StoreResult<Vec<UnitRef>> {
                    ::sqlx::query("SELECT id, name FROM units ORDER BY id")
                        .fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(|r| Ok(UnitRef { id: get(r, "id")?, name: get(r, "name")? })).collect()
                }

                async fn find_unit(&self, name: &str) -> StoreResult<Option<UnitRef>> {
                    ::sqlx::query("SELECT u.id, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = $1")
                        .bind(normalize_unit_name(name)).fetch_optional(&self.pool).await.map_err(db_err)?
                        .map(|r| Ok(UnitRef { id: get(&r, "id")?, name: get(&r, "name")? })).transpose()
                }

                async fn rename_unit(&self, old_name: &str, new_name: &str, actor: &str) -> StoreResult<UnitRef> {
                    let new_name = new_name.trim();
                    if new_name.is_empty() {
                        return Err(StoreError::invalid("新单位名称为空", "the new unit name is empty"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let unit = ::sqlx::query("SELECT u.id, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = $1")
                        .bind(normalize_unit_name(old_name)).fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("单位 / unit {old_name}")))?;
                    let id: i64 = get(&unit, "id")?;
                    let before: String = get(&unit, "name")?;
                    let taken = ::sqlx::query("SELECT unit_id FROM unit_aliases WHERE alias = $1")
                        .bind(normalize_unit_name(new_name)).fetch_optional(&mut *w.tx).await.map_err(db_err)?;
                    match taken {
                        Some(r) if get::<i64>(&r, "unit_id")? != id => {
                            return Err(StoreError::Conflict(format!("已有名为“{new_name}”的另一单位 / another unit is already named {new_name}")));
                        }
                        Some(_) => {}
                        None => {
                            ::sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
                                .bind(normalize_unit_name(new_name)).bind(id).execute(&mut *w.tx).await.map_err(db_err)?;
                        }
                    }
                    ::sqlx::query("UPDATE units SET name = $1 WHERE id = $2").bind(new_name).bind(id)
                        .execute(&mut *w.tx).await.map_err(db_err)?;
                    w.audit(ev(actor, "unit.rename", "unit", id, Some(json!({"name": before})), Some(json!({"name": new_name})))).await?;
                    w.commit().await?;
                    Ok(UnitRef { id, name: new_name.to_string() })
                }

                async fn submit_progress(&self, n: &NewProgressReport) -> StoreResult<ProgressReport> {
                    if !(0..=100).contains(&n.percent) {
                        return Err(StoreError::invalid("进度百分比须在0到100之间", "percent must be between 0 and 100"));
                    }
                    if !q::valid_period(&n.period) {
                        return Err(StoreError::invalid("报送期须为YYYY-MM格式", "period must be YYYY-MM"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let pr = ::sqlx::query("SELECT status FROM problems WHERE id = $1").bind(n.problem_id)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", n.problem_id)))?;
                    let status = status_of(&get::<String>(&pr, "status")?)?;
                    if status == Status::SignedOff {
                        return Err(StoreError::conflict("问题已销号，不再报送进展", "the problem is signed off; no more reports"));
                    }
                    let existing = ::sqlx::query("SELECT id, status FROM progress_reports WHERE problem_id = $1 AND period = $2")
                        .bind(n.problem_id).bind(&n.period).fetch_optional(&mut *w.tx).await.map_err(db_err)?;
                    let ms = ::serde_json::to_string(&n.measure_status)?;
                    let (id, before) = match existing {
                        Some(r) => {
                            let id: i64 = get(&r, "id")?;
                            if get::<String>(&r, "status")? == "accepted" {
                                return Err(StoreError::conflict("该期报告已被采纳，不能修改", "this period's report was accepted and cannot be changed"));
                            }
                            let before = snap_simple(&mut w.tx, "report", id).await?;
                            ::sqlx::query("UPDATE progress_reports SET percent = $1, text = $2, measure_status_json = $3, submitted_by = $4, \
                                submitted_at = $5, status = 'submitted', review_comment = NULL, reviewed_by = NULL WHERE id = $6")
                                .bind(n.percent).bind(&n.text).bind(&ms).bind(&n.submitted_by).bind(q::micros(n.submitted_at)).bind(id)
                                .execute(&mut *w.tx).await.map_err(db_err)?;
                            (id, before)
                        }
                        None => {
                            let r = ::sqlx::query("INSERT INTO progress_reports (problem_id, period, percent, text, measure_status_json, \
                                submitted_by, submitted_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted') RETURNING id")
                                .bind(n.problem_id).bind(&n.period).bind(n.percent).bind(&n.text).bind(&ms)
                                .bind(&n.submitted_by).bind(q::micros(n.submitted_at))
                                .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                            (get(&r, "id")?, None)
                        }
                    };
                    let after = snap_simple(&mut w.tx, "report", id).await?;
                    w.audit(ev(&n.submitted_by, "report.submit", "report", id, before, after)).await?;
                    let next = status.after_progress_report();
                    if next != status {
                        let before = snap_problem(&mut w.tx, n.problem_id).await?;
                        ::sqlx::query("UPDATE problems SET status = $1, version = version + 1 WHERE id = $2")
                            .bind(next.as_str()).bind(n.problem_id).execute(&mut *w.tx).await.map_err(db_err)?;
                        let after = snap_problem(&mut w.tx, n.problem_id).await?;
                        w.audit(ev(&n.submitted_by, "problem.status", "problem", n.problem_id, before, after)).await?;
                    }
                    let report = load_report(&mut w.tx, id).await?;
                    w.commit().await?;
                    Ok(report)
                }

                async fn review_progress(&self, rv: &ProgressReview) -> StoreResult<ProgressReport> {
                    let mut w = Write::begin(&self.pool).await?;
                    let before = snap_simple(&mut w.tx, "report", rv.report_id).await?
                        .ok_or_else(|| StoreError::NotFound(format!("进展报告 / report {}", rv.report_id)))?;
                    ::sqlx::query("UPDATE progress_reports SET status = $1, review_comment = $2, reviewed_by = $3 WHERE id = $4")
                        .bind(if rv.accept { "accepted" } else { "returned" }).bind(&rv.comment).bind(&rv.actor).bind(rv.report_id)
                        .execute(&mut *w.tx).await.map_err(db_err)?;
                    let after = snap_simple(&mut w.tx, "report", rv.report_id).await?;
                    w.audit(ev(&rv.actor, if rv.accept { "report.accept" } else { "report.return" }, "report", rv.report_id, Some(before), after)).await?;
                    let report = load_report(&mut w.tx, rv.report_id).await?;
                    w.commit().await?;
                    Ok(report)
                }

                async fn apply_signoff(&self, req: &SignoffRequest) -> StoreResult<SignoffOutcome> {
                    let mut w = Write::begin(&self.pool).await?;
                    let pr = ::sqlx::query("SELECT status, version FROM problems WHERE id = $1").bind(req.problem_id)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", req.problem_id)))?;
                    let status = status_of(&get::<String>(&pr, "status")?)?;
                    let version: i64 = get(&pr, "version")?;
                    let next = status.apply_signoff(req.step, req.decision).map_err(|e| StoreError::Conflict(e.to_string()))?;
                    if req.decision == Decision::Reject && req.comment.trim().is_empty() {
                        return Err(StoreError::invalid("退回时必须填写意见", "a rejection needs a comment"));
                    }
                    let mut notice = None;
                    if req.step == SignoffStep::Verify && req.decision == Decision::Approve {
                        let last = ::sqlx::query("SELECT notice_end FROM signoff_steps WHERE problem_id = $1 AND step = 'public_notice' \
                            AND decision = 'approve' ORDER BY id DESC LIMIT 1")
                            .bind(req.problem_id).fetch_optional(&mut *w.tx).await.map_err(db_err)?;
                        let end: Option<NaiveDate> = match last { Some(r) => get(&r, "notice_end")?, None => None };
                        if let Some(end) = end {
                            if req.today <= end {
                                return Err(StoreError::Conflict(format!("公示期至{end}结束，期满后方可核查 / the public notice runs until {end}; verification only after it ends")));
                            }
                        }
                        let open = open_objections(&mut w.tx, req.problem_id).await?;
                        if open > 0 {
                            return Err(StoreError::Conflict(format!("公示期间有{open}件异议未处理，处理后方可核查 / {open} objection(s) open; resolve them before verification")));
                        }
                    }
                    if req.step == SignoffStep::PublicNotice && req.decision == Decision::Approve {
                        notice = Some(req.notice.ok_or_else(|| StoreError::invalid("缺少公示期", "the notice period is missing"))?);
                    }
                    let r = ::sqlx::query("INSERT INTO signoff_steps (problem_id, step, decision, comment, actor, at, notice_start, notice_end) \
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                        .bind(req.problem_id).bind(req.step.as_str()).bind(req.decision.as_str()).bind(&req.comment)
                        .bind(&req.actor).bind(q::micros(req.at)).bind(notice.map(|n| n.0)).bind(notice.map(|n| n.1))
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let sid: i64 = get(&r, "id")?;
                    let after = snap_simple(&mut w.tx, "signoff", sid).await?;
                    w.audit(ev(&req.actor, &format!("signoff.{}", req.step.as_str()), "signoff", sid, None, after)).await?;
                    let before = snap_problem(&mut w.tx, req.problem_id).await?;
                    let done = ::sqlx::query("UPDATE problems SET status = $1, version = version + 1 WHERE id = $2 AND version = $3")
                        .bind(next.as_str()).bind(req.problem_id).bind(version)
                        .execute(&mut *w.tx).await.map_err(db_err)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::conflict("问题已被他人同时修改，请刷新后重试", "the problem was changed concurrently; reload and retry"));
                    }
                    let after = snap_problem(&mut w.tx, req.problem_id).await?;
                    w.audit(ev(&req.actor, "problem.status", "problem", req.problem_id, before, after)).await?;
                    w.commit().await?;
                    Ok(SignoffOutcome {
                        problem_id: req.problem_id,
                        step: req.step,
                        decision: req.decision,
                        status: next,
                        notice_start: notice.map(|n| n.0),
                        notice_end: notice.map(|n| n.1),
                    })
                }

                async fn reopen_problem(&self, problem_id: i64, reason: &str, actor: &str, lookback: Option<&str>) -> StoreResult<Status> {
                    if reason.trim().is_empty() {
                        return Err(StoreError::invalid("重新打开须说明原因", "reopening needs a reason"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let next = reopen_in(&mut w, problem_id, reason, actor, lookback).await?;
                    w.commit().await?;
                    Ok(next)
                }

                async fn add_objection(&self, o: &NewObjection) -> StoreResult<Objection> {
                    if o.text.trim().is_empty() {
                        return Err(StoreError::invalid("异议内容不能为空", "the objection text is empty"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let pr = ::sqlx::query("SELECT status FROM problems WHERE id = $1").bind(o.problem_id)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", o.problem_id)))?;
                    if status_of(&get::<String>(&pr, "status")?)? != Status::InPublicNotice {
                        return Err(StoreError::conflict("该问题不在公示期，不能提出异议", "the problem is not in public notice"));
                    }
                    let r = ::sqlx::query("INSERT INTO objections (problem_id, text, contact, created_at, status) VALUES ($1, $2, $3, $4, 'open') RETURNING *")
                        .bind(o.problem_id).bind(&o.text).bind(&o.contact).bind(q::micros(o.at))
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let obj = objection_from_row(&r)?;
                    let after = snap_simple(&mut w.tx, "objection", obj.id).await?;
                    w.audit(ev("public", "objection.lodge", "objection", obj.id, None, after)).await?;
                    w.commit().await?;
                    Ok(obj)
                }

                async fn resolve_objection(&self, id: i64, resolution: &str, actor: &str) -> StoreResult<Objection> {
                    if resolution.trim().is_empty() {
                        return Err(StoreError::invalid("处理意见不能为空", "the resolution is empty"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let before = snap_simple(&mut w.tx, "objection", id).await?
                        .ok_or_else(|| StoreError::NotFound(format!("异议 / objection {id}")))?;
                    let r = ::sqlx::query("UPDATE objections SET status = 'resolved', resolution = $1, resolved_by = $2 WHERE id = $3 RETURNING *")
                        .bind(resolution).bind(actor).bind(id).fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let obj = objection_from_row(&r)?;
                    let after = snap_simple(&mut w.tx, "objection", id).await?;
                    w.audit(ev(actor, "objection.resolve", "objection", id, Some(before), after)).await?;
                    w.commit().await?;
                    Ok(obj)
                }

                async fn list_open_objections(&self) -> StoreResult<Vec<Objection>> {
                    ::sqlx::query("SELECT * FROM objections WHERE status = 'open' ORDER BY id")
                        .fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(objection_from_row).collect()
                }

                async fn add_escalation(&self, e: &NewEscalation) -> StoreResult<Escalation> {
                    if !ESCALATION_KINDS.iter().any(|(k, _)| *k == e.kind) {
                        return Err(StoreError::invalid("未知的督办方式", "unknown escalation kind"));
                    }
                    if e.problem_id.is_none() && e.unit_id.is_none() {
                        return Err(StoreError::invalid("须指定问题或单位", "a problem or a unit is required"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let r = ::sqlx::query("INSERT INTO escalations (problem_id, unit_id, kind, date, doc_number, note, created_by) \
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                        .bind(e.problem_id).bind(e.unit_id).bind(&e.kind).bind(e.date).bind(&e.doc_number).bind(&e.note).bind(&e.actor)
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let id: i64 = get(&r, "id")?;
                    let after = snap_simple(&mut w.tx, "escalation", id).await?;
                    w.audit(ev(&e.actor, "escalation.add", "escalation", id, None, after)).await?;
                    let r = ::sqlx::query("SELECT e.*, u.name AS unit_name FROM escalations e LEFT JOIN units u ON u.id = e.unit_id WHERE e.id = $1")
                        .bind(id).fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let out = escalation_from_row(&r)?;
                    w.commit().await?;
                    Ok(out)
                }

                async fn list_escalations(&self, problem_id: Option<i64>) -> StoreResult<Vec<Escalation>> {
                    let sql = "SELECT e.*, u.name AS unit_name FROM escalations e LEFT JOIN units u ON u.id = e.unit_id";
                    let rows = match problem_id {
                        Some(p) => ::sqlx::query(&format!("{sql} WHERE e.problem_id = $1 ORDER BY e.date, e.id")).bind(p).fetch_all(&self.pool).await,
                        None => ::sqlx::query(&format!("{sql} ORDER BY e.date, e.id")).fetch_all(&self.pool).await,
                    }
                    .map_err(db_err)?;
                    rows.iter().map(escalation_from_row).collect()
                }

                async fn add_attachment(&self, a: &NewAttachment) -> StoreResult<Attachment> {
                    if !ATTACHMENT_KINDS.iter().any(|(k, _)| *k == a.kind) {
                        return Err(StoreError::invalid(
                            "材料类别须为 photo（现场照片）、acceptance（验收意见）、monitoring（监测报告）或 other（其他材料）",
                            "kind must be photo, acceptance, monitoring or other",
                        ));
                    }
                    if a.sha256.len() != 64 || !a.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                        return Err(StoreError::invalid("文件哈希须为64位小写十六进制 SHA-256", "sha256 must be 64 lower-case hex digits"));
                    }
                    let name = a.file_name.trim();
                    if name.is_empty() || name.chars().count() > 255 || name.chars().any(char::is_control) {
                        return Err(StoreError::invalid("文件名须为1到255个字符且不含控制字符", "the file name must be 1-255 characters without control characters"));
                    }
                    if a.size <= 0 || a.content_type.trim().is_empty() {
                        return Err(StoreError::invalid("文件大小或类型缺失", "the file's size or type is missing"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    ::sqlx::query("SELECT id FROM problems WHERE id = $1").bind(a.problem_id)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {}", a.problem_id)))?;
                    if let Some(rid) = a.report_id {
                        let owner: i64 = get(&::sqlx::query("SELECT problem_id FROM progress_reports WHERE id = $1").bind(rid)
                            .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                            .ok_or_else(|| StoreError::invalid("进展报告不存在", "no such progress report"))?, "problem_id")?;
                        if owner != a.problem_id {
                            return Err(StoreError::invalid("该进展报告不属于此问题", "the report belongs to another problem"));
                        }
                    }
                    match ::sqlx::query("SELECT size FROM attachments WHERE sha256 = $1").bind(&a.sha256)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?
                    {
                        None => {
                            ::sqlx::query("INSERT INTO attachments (sha256, size, content_type, created_at) VALUES ($1, $2, $3, $4)")
                                .bind(&a.sha256).bind(a.size).bind(a.content_type.trim()).bind(w.at)
                                .execute(&mut *w.tx).await.map_err(db_err)?;
                        }
                        Some(r) => {
                            if get::<i64>(&r, "size")? != a.size {
                                return Err(StoreError::conflict("同一哈希的文件大小不一致", "a blob with this hash has another size"));
                            }
                        }
                    }
                    let dup = ::sqlx::query("SELECT id FROM problem_attachments WHERE problem_id = $1 AND COALESCE(report_id, 0) = $2 AND sha256 = $3")
                        .bind(a.problem_id).bind(a.report_id.unwrap_or(0)).bind(&a.sha256)
                        .fetch_optional(&mut *w.tx).await.map_err(db_err)?;
                    if dup.is_some() {
                        return Err(StoreError::conflict("该文件已作为此问题的材料上传", "this file is already attached to the problem"));
                    }
                    let r = ::sqlx::query("INSERT INTO problem_attachments (problem_id, report_id, sha256, file_name, kind, uploaded_by, uploaded_at) \
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                        .bind(a.problem_id).bind(a.report_id).bind(&a.sha256).bind(name).bind(&a.kind)
                        .bind(&a.uploaded_by).bind(q::micros(a.uploaded_at))
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let id: i64 = get(&r, "id")?;
                    // The snapshot carries the sha256: the trail names the exact file.
                    let after = snap_simple(&mut w.tx, "attachment", id).await?;
                    w.audit(ev(&a.uploaded_by, "attachment.add", "attachment", id, None, after)).await?;
                    let r = ::sqlx::query(&format!("{ATTACHMENT_SELECT} WHERE pa.id = $1")).bind(id)
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let out = attachment_from_row(&r)?;
                    w.commit().await?;
                    Ok(out)
                }

                async fn list_attachments(&self, problem_id: i64) -> StoreResult<Vec<Attachment>> {
                    ::sqlx::query(&format!("{ATTACHMENT_SELECT} WHERE pa.problem_id = $1 ORDER BY pa.id"))
                        .bind(problem_id).fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(attachment_from_row).collect()
                }

                async fn attachments_by_sha(&self, sha256: &str) -> StoreResult<Vec<Attachment>> {
                    ::sqlx::query(&format!("{ATTACHMENT_SELECT} WHERE pa.sha256 = $1 ORDER BY pa.id"))
                        .bind(sha256).fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(attachment_from_row).collect()
                }

                async fn create_lookback(&self, name: &str, note: Option<&str>, selection: &LookbackSelection, actor: &str) -> StoreResult<LookbackDetail> {
                    let name = name.trim();
                    if name.is_empty() || name.chars().count() > 200 {
                        return Err(StoreError::invalid("回头看名称须为1到200个字符", "the campaign name must be 1-200 characters"));
                    }
                    let note = note.map(str::trim).filter(|n| !n.is_empty());
                    let mut w = Write::begin(&self.pool).await?;
                    let candidates: Vec<(i64, i64)> = ::sqlx::query("SELECT id, plan_id FROM problems WHERE status = $1 ORDER BY id")
                        .bind(Status::SignedOff.as_str()).fetch_all(&mut *w.tx).await.map_err(db_err)?
                        .iter().map(|r| Ok((get(r, "id")?, get(r, "plan_id")?))).collect::<StoreResult<_>>()?;
                    let ids = $crate::lookback::select(&candidates, selection)?;
                    let r = ::sqlx::query("INSERT INTO lookback_campaigns (name, created_by, created_at, note, selection_json) \
                        VALUES ($1, $2, $3, $4, $5) RETURNING id")
                        .bind(name).bind(actor).bind(w.at).bind(note).bind(::serde_json::to_string(selection)?)
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let cid: i64 = get(&r, "id")?;
                    let after = snap_simple(&mut w.tx, "lookback", cid).await?;
                    w.audit(ev(actor, "lookback.create", "lookback", cid, None, after)).await?;
                    let base: i64 = get(&::sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM lookback_items")
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?, "m")?;
                    for (i, pid) in ids.iter().enumerate() {
                        let item_id = base + 1 + i as i64;
                        ::sqlx::query("INSERT INTO lookback_items (campaign_id, problem_id, id, result) VALUES ($1, $2, $3, 'pending')")
                            .bind(cid).bind(*pid).bind(item_id).execute(&mut *w.tx).await.map_err(db_err)?;
                        let after = snap_simple(&mut w.tx, "lookback_item", item_id).await?;
                        w.audit(ev(actor, "lookback.select", "lookback_item", item_id, None, after)).await?;
                    }
                    w.commit().await?;
                    self.get_lookback(cid).await?
                        .ok_or_else(|| StoreError::NotFound(format!("回头看 / look-back {cid}")))
                }

                async fn record_lookback_result(&self, campaign_id: i64, problem_id: i64, confirmed: bool, comment: &str, actor: &str) -> StoreResult<LookbackItem> {
                    let comment = comment.trim();
                    if !confirmed && comment.is_empty() {
                        return Err(StoreError::invalid("认定反弹须说明情况", "a rebound needs a comment"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let item = ::sqlx::query("SELECT i.id, i.result, c.name FROM lookback_items i JOIN lookback_campaigns c ON c.id = i.campaign_id \
                        WHERE i.campaign_id = $1 AND i.problem_id = $2")
                        .bind(campaign_id).bind(problem_id).fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("回头看条目 / look-back item {campaign_id}/{problem_id}")))?;
                    let item_id: i64 = get(&item, "id")?;
                    let campaign_name: String = get(&item, "name")?;
                    if get::<String>(&item, "result")? != "pending" {
                        return Err(StoreError::conflict("该问题在本次回头看中已有核查结果", "this problem already has a result in this campaign"));
                    }
                    let pr = ::sqlx::query("SELECT status FROM problems WHERE id = $1").bind(problem_id)
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    if status_of(&get::<String>(&pr, "status")?)? != Status::SignedOff {
                        return Err(StoreError::conflict(
                            "该问题已不是已销号状态（可能已被重新打开），不能记录回头看结果",
                            "the problem is no longer signed off (reopened?)",
                        ));
                    }
                    let before = snap_simple(&mut w.tx, "lookback_item", item_id).await?;
                    ::sqlx::query("UPDATE lookback_items SET result = $1, checked_by = $2, checked_at = $3, comment = $4 WHERE id = $5")
                        .bind(if confirmed { "confirmed" } else { "rebound" }).bind(actor).bind(w.at)
                        .bind(Some(comment).filter(|c| !c.is_empty())).bind(item_id)
                        .execute(&mut *w.tx).await.map_err(db_err)?;
                    let after = snap_simple(&mut w.tx, "lookback_item", item_id).await?;
                    let action = if confirmed { "lookback.confirm" } else { "lookback.rebound" };
                    w.audit(ev(actor, action, "lookback_item", item_id, before, after)).await?;
                    if !confirmed {
                        reopen_in(&mut w, problem_id, comment, actor, Some(&campaign_name)).await?;
                    }
                    let r = ::sqlx::query(&format!("{LOOKBACK_ITEM_SELECT} WHERE i.id = $1")).bind(item_id)
                        .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let out = lookback_item_from_row(&r)?;
                    w.commit().await?;
                    Ok(out)
                }

                async fn list_lookbacks(&self) -> StoreResult<Vec<Lookback>> {
                    ::sqlx::query(&format!("{LOOKBACK_SELECT} ORDER BY c.id DESC"))
                        .fetch_all(&self.pool).await.map_err(db_err)?
                        .iter().map(lookback_from_row).collect()
                }

                async fn get_lookback(&self, id: i64) -> StoreResult<Option<LookbackDetail>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    let Some(r) = ::sqlx::query(&format!("{LOOKBACK_SELECT} WHERE c.id = $1")).bind(id)
                        .fetch_optional(&mut *c).await.map_err(db_err)? else {
                        return Ok(None);
                    };
                    let campaign = lookback_from_row(&r)?;
                    let items = ::sqlx::query(&format!("{LOOKBACK_ITEM_SELECT} WHERE i.campaign_id = $1 ORDER BY i.id"))
                        .bind(id).fetch_all(&mut *c).await.map_err(db_err)?
                        .iter().map(lookback_item_from_row).collect::<StoreResult<_>>()?;
                    Ok(Some(LookbackDetail { campaign, items }))
                }

                async fn warning_inputs(&self) -> StoreResult<Vec<WarningInput>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    let rows = ::sqlx::query("SELECT p.id, p.status, p.deadline_text, p.due_date, p.immediate, p.ongoing, p.milestones_json, \
                        p.reopened, COALESCE(pl.issue_date, (SELECT ins.feedback_date FROM inspections ins WHERE ins.id = pl.inspection_id)) AS issue_date, pl.imported_at FROM problems p JOIN plans pl ON pl.id = p.plan_id ORDER BY p.id")
                        .fetch_all(&mut *c).await.map_err(db_err)?;
                    let mut reports: ::std::collections::HashMap<i64, Vec<(String, i64, DateTime<Utc>)>> = Default::default();
                    for r in ::sqlx::query("SELECT problem_id, period, percent, submitted_at FROM progress_reports ORDER BY period")
                        .fetch_all(&mut *c).await.map_err(db_err)?
                    {
                        reports.entry(get(&r, "problem_id")?).or_default().push((get(&r, "period")?, get(&r, "percent")?, get(&r, "submitted_at")?));
                    }
                    rows.iter()
                        .map(|r| {
                            let id: i64 = get(r, "id")?;
                            let reps = reports.remove(&id).unwrap_or_default();
                            let imported: DateTime<Utc> = get(r, "imported_at")?;
                            let issue: Option<NaiveDate> = get(r, "issue_date")?;
                            Ok(WarningInput {
                                problem_id: id,
                                status: status_of(&get::<String>(r, "status")?)?,
                                deadline: deadline_from_row(r)?,
                                start: Some(issue.unwrap_or_else(|| imported.date_naive())),
                                latest_percent: reps.last().map(|x| x.1),
                                reports: reps.into_iter().map(|(p, _, at)| (p, at.date_naive())).collect(),
                                reopened: get(r, "reopened")?,
                            })
                        })
                        .collect()
                }

                async fn sync_warnings(&self, findings: &[ComputedWarning], now: DateTime<Utc>) -> StoreResult<SyncCounts> {
                    let mut w = Write::begin(&self.pool).await?;
                    let mut open: ::std::collections::HashMap<(i64, String), WarningRecord> = Default::default();
                    for r in ::sqlx::query("SELECT * FROM warnings WHERE status <> 'resolved'").fetch_all(&mut *w.tx).await.map_err(db_err)? {
                        let rec = warning_from_row(&r)?;
                        open.insert((rec.problem_id, rec.code.clone()), rec);
                    }
                    let mut counts = SyncCounts::default();
                    let now = q::micros(now);
                    for f in findings {
                        match open.remove(&(f.problem_id, f.code.clone())) {
                            Some(rec) if rec.level == f.level && rec.message == f.message => {}
                            Some(rec) => {
                                ::sqlx::query("UPDATE warnings SET level = $1, message = $2 WHERE id = $3")
                                    .bind(&f.level).bind(&f.message).bind(rec.id).execute(&mut *w.tx).await.map_err(db_err)?;
                                w.audit(ev("system", "warning.update", "warning", rec.id, Some(json!({"level": rec.level})), Some(json!({"level": f.level, "message": f.message})))).await?;
                                counts.updated += 1;
                            }
                            None => {
                                let r = ::sqlx::query("INSERT INTO warnings (problem_id, code, level, message, status, raised_at) \
                                    VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id")
                                    .bind(f.problem_id).bind(&f.code).bind(&f.level).bind(&f.message).bind(now)
                                    .fetch_one(&mut *w.tx).await.map_err(db_err)?;
                                let id: i64 = get(&r, "id")?;
                                w.audit(ev("system", "warning.raise", "warning", id, None, Some(json!({"problem_id": f.problem_id, "code": f.code, "level": f.level})))).await?;
                                counts.raised += 1;
                            }
                        }
                    }
                    for rec in open.into_values() {
                        ::sqlx::query("UPDATE warnings SET status = 'resolved', resolved_at = $1 WHERE id = $2")
                            .bind(now).bind(rec.id).execute(&mut *w.tx).await.map_err(db_err)?;
                        w.audit(ev("system", "warning.resolve", "warning", rec.id, Some(json!({"status": rec.status})), Some(json!({"status": "resolved"})))).await?;
                        counts.resolved += 1;
                    }
                    w.commit().await?;
                    Ok(counts)
                }

                async fn list_warnings(&self, open_only: bool) -> StoreResult<Vec<WarningRecord>> {
                    let sql = if open_only {
                        "SELECT * FROM warnings WHERE status <> 'resolved' ORDER BY CASE level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, problem_id, id"
                    } else {
                        "SELECT * FROM warnings ORDER BY id"
                    };
                    ::sqlx::query(sql).fetch_all(&self.pool).await.map_err(db_err)?.iter().map(warning_from_row).collect()
                }

                async fn acknowledge_warning(&self, id: i64, actor: &str) -> StoreResult<WarningRecord> {
                    let mut w = Write::begin(&self.pool).await?;
                    let r = ::sqlx::query("UPDATE warnings SET status = 'acknowledged', acknowledged_by = $1 WHERE id = $2 AND status = 'open' RETURNING *")
                        .bind(actor).bind(id).fetch_optional(&mut *w.tx).await.map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound(format!("待签收的预警 / open warning {id}")))?;
                    let rec = warning_from_row(&r)?;
                    w.audit(ev(actor, "warning.acknowledge", "warning", id, None, Some(json!({"status": "acknowledged"})))).await?;
                    w.commit().await?;
                    Ok(rec)
                }

                async fn create_user(&self, u: &NewUser) -> StoreResult<User> {
                    let name = u.username.trim();
                    if name.is_empty() || name.chars().count() > 64 || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
                        return Err(StoreError::invalid("用户名须为1到64个字符且不含空白", "username must be 1-64 characters without spaces"));
                    }
                    let mut w = Write::begin(&self.pool).await?;
                    let r = ::sqlx::query("INSERT INTO users (username, display_name, password_hash, role, person) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                        .bind(name).bind(&u.display_name).bind(&u.password_hash).bind(u.role.as_str()).bind(&u.person)
                        .fetch_one(&mut *w.tx).await.map_err(|e| match db_err(e) {
                            StoreError::Conflict(_) => StoreError::Conflict(format!("用户名已存在：{name} / username already exists: {name}")),
                            other => other,
                        })?;
                    let id: i64 = get(&r, "id")?;
                    for unit in &u.units {
                        let uid = unit_id(&mut w.tx, unit).await?;
                        ::sqlx::query("INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                            .bind(id).bind(uid).execute(&mut *w.tx).await.map_err(db_err)?;
                    }
                    w.audit(ev(&u.actor, "user.create", "user", id, None, Some(json!({"username": name, "role": u.role.as_str(), "units": u.units})))).await?;
                    let r = ::sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(&mut *w.tx).await.map_err(db_err)?;
                    let user = load_user(&mut w.tx, &r).await?;
                    w.commit().await?;
                    Ok(user)
                }

                async fn find_user(&self, username: &str) -> StoreResult<Option<User>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    match ::sqlx::query("SELECT * FROM users WHERE username = $1").bind(username).fetch_optional(&mut *c).await.map_err(db_err)? {
                        Some(r) => Ok(Some(load_user(&mut c, &r).await?)),
                        None => Ok(None),
                    }
                }

                async fn get_user(&self, id: i64) -> StoreResult<Option<User>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    match ::sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(&mut *c).await.map_err(db_err)? {
                        Some(r) => Ok(Some(load_user(&mut c, &r).await?)),
                        None => Ok(None),
                    }
                }

                async fn record_login(&self, user_id: i64, success: bool, lock_until: Option<DateTime<Utc>>, ip: &str) -> StoreResult<()> {
                    let mut w = Write::begin(&self.pool).await?;
                    if success {
                        ::sqlx::query("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
                            .bind(user_id).execute(&mut *w.tx).await.map_err(db_err)?;
                    } else {
                        ::sqlx::query("UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = $1 WHERE id = $2")
                            .bind(lock_until.map(q::micros)).bind(user_id).execute(&mut *w.tx).await.map_err(db_err)?;
                    }
                    let action = if success { "login.success" } else if lock_until.is_some() { "login.locked" } else { "login.failure" };
                    w.audit(ev("system", action, "user", user_id, None, Some(json!({"ip": ip})))).await?;
                    w.commit().await
                }

                async fn set_password(&self, user_id: i64, password_hash: &str, actor: &str) -> StoreResult<()> {
                    let mut w = Write::begin(&self.pool).await?;
                    let done = ::sqlx::query("UPDATE users SET password_hash = $1, failed_attempts = 0, locked_until = NULL WHERE id = $2")
                        .bind(password_hash).bind(user_id).execute(&mut *w.tx).await.map_err(db_err)?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound(format!("用户 / user {user_id}")));
                    }
                    ::sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *w.tx).await.map_err(db_err)?;
                    w.audit(ev(actor, "user.password", "user", user_id, None, None)).await?;
                    w.commit().await
                }

                async fn create_session(&self, s: &Session) -> StoreResult<()> {
                    ::sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                        .bind(&s.token_hash).bind(s.user_id).bind(&s.csrf_token).bind(q::micros(s.created_at)).bind(q::micros(s.expires_at))
                        .execute(&self.pool).await.map_err(db_err)?;
                    Ok(())
                }

                async fn get_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
                    ::sqlx::query("SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2")
                        .bind(token_hash).bind(q::micros(now)).fetch_optional(&self.pool).await.map_err(db_err)?
                        .map(|r| Ok(Session {
                            token_hash: get(&r, "token_hash")?,
                            user_id: get(&r, "user_id")?,
                            csrf_token: get(&r, "csrf_token")?,
                            created_at: get(&r, "created_at")?,
                            expires_at: get(&r, "expires_at")?,
                        }))
                        .transpose()
                }

                async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
                    ::sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await.map_err(db_err)?;
                    Ok(())
                }

                async fn calendar_overrides(&self) -> StoreResult<Vec<CalendarOverride>> {
                    ::sqlx::query("SELECT * FROM calendar_overrides ORDER BY date").fetch_all(&self.pool).await.map_err(db_err)?
                        .iter()
                        .map(|r| Ok(CalendarOverride { date: get(r, "date")?, is_workday: get(r, "is_workday")?, name: get(r, "name")? }))
                        .collect()
                }

                async fn add_calendar_override(&self, o: &CalendarOverride, actor: &str) -> StoreResult<()> {
                    let mut w = Write::begin(&self.pool).await?;
                    ::sqlx::query("INSERT INTO calendar_overrides (date, is_workday, name) VALUES ($1, $2, $3) \
                        ON CONFLICT (date) DO UPDATE SET is_workday = excluded.is_workday, name = excluded.name")
                        .bind(o.date).bind(o.is_workday).bind(&o.name).execute(&mut *w.tx).await.map_err(db_err)?;
                    w.audit(ev(actor, "calendar.override", "calendar", 0, None, Some(json!({"date": o.date.to_string(), "is_workday": o.is_workday, "name": o.name})))).await?;
                    w.commit().await
                }

                async fn try_lease(&self, job: &str, holder: &str, now: DateTime<Utc>, until: DateTime<Utc>) -> StoreResult<bool> {
                    let done = ::sqlx::query("INSERT INTO job_leases (job, holder, until) VALUES ($1, $2, $3) \
                        ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until \
                        WHERE job_leases.holder = excluded.holder OR job_leases.until < $4")
                        .bind(job).bind(holder).bind(q::micros(until)).bind(q::micros(now))
                        .execute(&self.pool).await.map_err(db_err)?;
                    Ok(done.rows_affected() == 1)
                }

                async fn audit_events(&self, entity: Option<(&str, i64)>) -> StoreResult<Vec<AuditEvent>> {
                    let rows = match entity {
                        Some((e, id)) => ::sqlx::query("SELECT * FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY seq")
                            .bind(e).bind(id).fetch_all(&self.pool).await,
                        None => ::sqlx::query("SELECT * FROM audit_events ORDER BY seq").fetch_all(&self.pool).await,
                    }
                    .map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            let parse = |s: Option<String>| -> StoreResult<Option<Value>> {
                                // An unparsable value is kept as a string so that verification names it.
                                Ok(s.map(|s| ::serde_json::from_str(&s).unwrap_or(Value::String(s))))
                            };
                            Ok(AuditEvent {
                                seq: get(r, "seq")?,
                                at: get(r, "at")?,
                                actor: get(r, "actor")?,
                                action: get(r, "action")?,
                                entity: get(r, "entity")?,
                                entity_id: get(r, "entity_id")?,
                                before: parse(get(r, "before_json")?)?,
                                after: parse(get(r, "after_json")?)?,
                                prev_hash: get(r, "prev_hash")?,
                                hash: get(r, "hash")?,
                            })
                        })
                        .collect()
                }

                async fn ledger_snapshots(&self) -> StoreResult<Vec<Snapshot>> {
                    let mut c = self.pool.acquire().await.map_err(db_err)?;
                    let mut out = vec![];
                    for (entity, table) in [("plan", "plans"), ("problem", "problems"), ("report", "progress_reports"),
                        ("signoff", "signoff_steps"), ("objection", "objections"), ("escalation", "escalations"),
                        ("attachment", "problem_attachments"), ("lookback", "lookback_campaigns"), ("lookback_item", "lookback_items")]
                    {
                        let ids: Vec<i64> = ::sqlx::query(&format!("SELECT id FROM {table} ORDER BY id"))
                            .fetch_all(&mut *c).await.map_err(db_err)?
                            .iter().map(|r| get(r, "id")).collect::<StoreResult<_>>()?;
                        for id in ids {
                            let data = if entity == "problem" { snap_problem(&mut c, id).await? } else { snap_simple(&mut c, entity, id).await? };
                            if let Some(data) = data {
                                out.push(Snapshot { entity: entity.into(), entity_id: id, data });
                            }
                        }
                    }
                    Ok(out)
                }
            }
        }
    };
}

/// `YYYY-MM` with a month 01–12.
pub fn valid_period(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && p[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}
