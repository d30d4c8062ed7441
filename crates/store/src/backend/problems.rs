//! The ledger (台账): filtered, sorted pages of problems, and one problem
//! with everything recorded on it.

use super::rows::{
    AttachmentRow, EscalationRow, LedgerRow, MeasureRow, ObjectionRow, ReportRow, SignoffRow,
    WarningRow,
};
use super::{evidence, objections, Conn, Pool};
use crate::Db;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{Liaison, MeasureDraft, Person, UnitAssignment, UnitRole};
use rectify_store::sql::{problem_order, problem_where, Arg, Piece, Where, LEVEL_RANK_SQL};
use rectify_store::{
    Attachment, Escalation, LedgerFacets, Objection, Page, ProblemDetail, ProblemFilter,
    ProblemRow, ProgressReport, SignoffRecord, StoreError, StoreResult, WarningRecord,
};
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// The columns of a ledger row (`rows::LedgerRow`, with ` AS wl` added).
const ROW_SELECT: &str = "SELECT p.id, p.plan_id, pl.title AS plan_title, \
    c.seq AS category_seq, c.title AS category_title, p.seq, p.parent_seq, p.number_text, \
    p.description, p.target, p.deadline_text, p.due_date, p.immediate, p.ongoing, \
    p.milestones_json, p.status, p.version, \
    (SELECT r.percent FROM progress_reports r WHERE r.problem_id = p.id \
     ORDER BY r.period DESC LIMIT 1) AS latest_percent, \
    (SELECT r.period FROM progress_reports r WHERE r.problem_id = p.id \
     ORDER BY r.period DESC LIMIT 1) AS latest_period, \
    (SELECT r.text FROM progress_reports r WHERE r.problem_id = p.id \
     ORDER BY r.period DESC LIMIT 1) AS latest_text, \
    (SELECT r.percent FROM progress_reports r WHERE r.problem_id = p.id \
     AND r.status = 'accepted' ORDER BY r.period DESC LIMIT 1) AS accepted_percent, \
    (SELECT r.period FROM progress_reports r WHERE r.problem_id = p.id \
     AND r.status = 'accepted' ORDER BY r.period DESC LIMIT 1) AS accepted_period";

const FROM: &str = " FROM problems p JOIN plans pl ON pl.id = p.plan_id \
    LEFT JOIN categories c ON c.id = p.category_id";

/// Appends the filter's WHERE clause, binding its values.
fn push_where(q: &mut QueryBuilder<'_, Db>, w: &Where) {
    for (i, clause) in w.clauses.iter().enumerate() {
        q.push(if i == 0 { " WHERE " } else { " AND " });
        for piece in clause {
            match piece {
                Piece::Sql(s) => q.push(s),
                Piece::Arg(Arg::I(v)) => q.push_bind(*v),
                Piece::Arg(Arg::S(v)) => q.push_bind(v.clone()),
                Piece::Arg(Arg::D(v)) => q.push_bind(*v),
            };
        }
    }
}

pub(crate) async fn list_problems(pool: &Pool, f: &ProblemFilter) -> StoreResult<Page<ProblemRow>> {
    let w = problem_where(f);
    let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) AS n{FROM}"));
    push_where(&mut count, &w);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let per_page = f.per_page.clamp(1, 1000);
    let page = f.page.max(1);
    let mut query = QueryBuilder::<Db>::new(format!("{ROW_SELECT}, {LEVEL_RANK_SQL} AS wl{FROM}"));
    push_where(&mut query, &w);
    query.push(format!(
        " ORDER BY {} LIMIT {} OFFSET {}",
        problem_order(f.sort.as_deref()),
        per_page,
        (page as i64 - 1) * per_page as i64
    ));
    let mut c = pool.acquire().await?;
    let rows: Vec<LedgerRow> = query.build_query_as().fetch_all(&mut *c).await?;
    let items = problem_rows(&mut c, rows).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// `sql_head` with `{ids}` replaced by one parameter per id.
async fn rows_for_ids<T>(c: &mut Conn, sql_head: &str, ids: &[i64]) -> StoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",");
    let sql = sql_head.replace("{ids}", &list);
    let mut query = sqlx::query_as::<_, T>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(&mut *c).await?)
}

/// A unit's role on a problem, for the ledger rows.
#[derive(sqlx::FromRow)]
struct RoleRow {
    problem_id: i64,
    name: String,
    role: String,
    note: Option<String>,
}

/// Completes ledger rows with their units and leaders (two queries for the
/// whole page).
async fn problem_rows(c: &mut Conn, rows: Vec<LedgerRow>) -> StoreResult<Vec<ProblemRow>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut units: HashMap<i64, Vec<UnitAssignment>> = HashMap::new();
    let roles: Vec<RoleRow> = rows_for_ids(
        c,
        "SELECT pu.problem_id, u.name, pu.role, pu.note FROM problem_units pu \
         JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id IN ({ids}) \
         ORDER BY pu.problem_id, pu.seq",
        &ids,
    )
    .await?;
    for r in roles {
        units.entry(r.problem_id).or_default().push(UnitAssignment {
            name: r.name,
            role: UnitRole::parse(&r.role).unwrap_or(UnitRole::Responsible),
            note: r.note,
        });
    }
    let mut leaders: HashMap<i64, Vec<String>> = HashMap::new();
    let names: Vec<(i64, String)> = rows_for_ids(
        c,
        "SELECT problem_id, name FROM problem_people WHERE kind = 'leader' \
         AND problem_id IN ({ids}) ORDER BY problem_id, seq",
        &ids,
    )
    .await?;
    for (problem_id, name) in names {
        leaders.entry(problem_id).or_default().push(name);
    }
    let parents: Vec<i64> = rows
        .iter()
        .filter(|r| r.parent_seq.is_none())
        .map(|r| r.id)
        .collect();
    let kids = sub_problem_rollup(c, &parents).await?;
    let mut out = vec![];
    for r in rows {
        let mut u = units.remove(&r.id).unwrap_or_default();
        let l = leaders.remove(&r.id).unwrap_or_default();
        let rollup = kids.get(&r.id);
        if let Some(k) = rollup.filter(|_| u.is_empty()) {
            u = k.units.clone();
        }
        let mut row = r.into_row(u, l)?;
        if let Some(k) = rollup {
            row.accepted_percent = Some(k.percent);
            row.latest_percent = row.latest_percent.or(Some(k.percent));
        }
        out.push(row);
    }
    Ok(out)
}

/// What a problem split into sub-problems takes from them: their units
/// (when it names none itself) and their mean accepted progress (a signed-off
/// sub-problem counts 100).
struct Rollup {
    units: Vec<UnitAssignment>,
    percent: i64,
}

#[derive(sqlx::FromRow)]
struct KidRow {
    parent: i64,
    kid: i64,
    status: String,
    accepted: Option<i64>,
}

async fn sub_problem_rollup(c: &mut Conn, parents: &[i64]) -> StoreResult<HashMap<i64, Rollup>> {
    let kids: Vec<KidRow> = rows_for_ids(
        c,
        "SELECT p.id AS parent, k.id AS kid, k.status, \
         (SELECT r.percent FROM progress_reports r WHERE r.problem_id = k.id \
          AND r.status = 'accepted' ORDER BY r.period DESC LIMIT 1) AS accepted \
         FROM problems p JOIN problems k ON k.plan_id = p.plan_id AND k.parent_seq = p.seq \
         WHERE p.parent_seq IS NULL AND p.id IN ({ids}) ORDER BY p.id, k.seq",
        parents,
    )
    .await?;
    if kids.is_empty() {
        return Ok(HashMap::new());
    }
    let kid_ids: Vec<i64> = kids.iter().map(|k| k.kid).collect();
    let roles: Vec<RoleRow> = rows_for_ids(
        c,
        "SELECT pu.problem_id, u.name, pu.role, pu.note FROM problem_units pu \
         JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id IN ({ids}) \
         ORDER BY pu.problem_id, pu.seq",
        &kid_ids,
    )
    .await?;
    let mut out: HashMap<i64, (Vec<UnitAssignment>, i64, i64)> = HashMap::new();
    for k in &kids {
        let e = out.entry(k.parent).or_default();
        let pct = if k.status == "signed_off" {
            100
        } else {
            k.accepted.unwrap_or(0)
        };
        e.1 += pct;
        e.2 += 1;
        for r in roles.iter().filter(|r| r.problem_id == k.kid) {
            let role = UnitRole::parse(&r.role).unwrap_or(UnitRole::Responsible);
            if !e.0.iter().any(|u| u.name == r.name && u.role == role) {
                e.0.push(UnitAssignment {
                    name: r.name.clone(),
                    role,
                    note: None,
                });
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|(id, (units, sum, n))| {
            (
                id,
                Rollup {
                    units,
                    percent: (sum as f64 / n.max(1) as f64).round() as i64,
                },
            )
        })
        .collect())
}

/// A ledger row with what the detail page adds from the plan and problem.
#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    row: LedgerRow,
    issue_date: Option<NaiveDate>,
    notice_workdays: i64,
    published_at: Option<DateTime<Utc>>,
    source_first_line: Option<i64>,
    source_last_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    kind: String,
    name: String,
    note: Option<String>,
}

pub(crate) async fn get_problem(pool: &Pool, id: i64) -> StoreResult<Option<ProblemDetail>> {
    let mut c = pool.acquire().await?;
    let sql = format!(
        "{ROW_SELECT}, {LEVEL_RANK_SQL} AS wl, \
         COALESCE(pl.issue_date, (SELECT ins.feedback_date FROM inspections ins \
         WHERE ins.id = pl.inspection_id)) AS issue_date, \
         pl.notice_workdays, pl.published_at, p.source_first_line, p.source_last_line{FROM} \
         WHERE p.id = $1"
    );
    let Some(d) = sqlx::query_as::<_, DetailRow>(&sql)
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
    else {
        return Ok(None);
    };
    let row = problem_rows(&mut c, vec![d.row])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {id}")))?;
    let measures: Vec<MeasureRow> = sqlx::query_as(
        "SELECT seq, text, units_json, deadline_json FROM measures \
         WHERE problem_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let measures = measures
        .into_iter()
        .map(MeasureDraft::try_from)
        .collect::<StoreResult<_>>()?;
    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT kind, name, note FROM problem_people \
         WHERE problem_id = $1 AND kind <> 'leader' ORDER BY kind, seq",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let mut responsible_persons = vec![];
    let mut liaisons = vec![];
    for p in people {
        if p.kind == "responsible" {
            responsible_persons.push(Person {
                name: p.name,
                title: p.note,
            });
        } else {
            liaisons.push(Liaison {
                name: p.name,
                note: p.note,
            });
        }
    }
    let reports: Vec<ReportRow> =
        sqlx::query_as("SELECT * FROM progress_reports WHERE problem_id = $1 ORDER BY period")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    let signoffs: Vec<SignoffRow> =
        sqlx::query_as("SELECT * FROM signoff_steps WHERE problem_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    let objections: Vec<ObjectionRow> =
        sqlx::query_as("SELECT * FROM objections WHERE problem_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    let warnings: Vec<WarningRow> =
        sqlx::query_as("SELECT * FROM warnings WHERE problem_id = $1 ORDER BY id DESC")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    let escalations: Vec<EscalationRow> = sqlx::query_as(&format!(
        "{} WHERE e.problem_id = $1 ORDER BY e.date, e.id",
        objections::ESCALATION_SELECT
    ))
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let attachments: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "{} WHERE pa.problem_id = $1 ORDER BY pa.id",
        evidence::ATTACHMENT_SELECT
    ))
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    Ok(Some(ProblemDetail {
        row,
        plan_issue_date: d.issue_date,
        notice_workdays: d.notice_workdays,
        plan_published: d.published_at.is_some(),
        measures,
        responsible_persons,
        liaisons,
        reports: reports
            .into_iter()
            .map(ProgressReport::try_from)
            .collect::<StoreResult<_>>()?,
        signoffs: signoffs
            .into_iter()
            .map(SignoffRecord::try_from)
            .collect::<StoreResult<_>>()?,
        objections: objections.into_iter().map(Objection::from).collect(),
        warnings: warnings.into_iter().map(WarningRecord::from).collect(),
        escalations: escalations.into_iter().map(Escalation::from).collect(),
        source_first_line: d.source_first_line,
        source_last_line: d.source_last_line,
        attachments: attachments.into_iter().map(Attachment::from).collect(),
    }))
}

/// The choices the ledger's filters offer within a scope: four grouped
/// queries instead of reading every row.
pub(crate) async fn ledger_facets(pool: &Pool, scope: &ProblemFilter) -> StoreResult<LedgerFacets> {
    let w = problem_where(scope);
    let ids = "SELECT p.id".to_string() + FROM;
    let mut q = QueryBuilder::<Db>::new(format!("SELECT DISTINCT pl.id, pl.title{FROM}"));
    push_where(&mut q, &w);
    q.push(" ORDER BY pl.id");
    let plans: Vec<(i64, String)> = q.build_query_as().fetch_all(pool).await?;
    let mut q = QueryBuilder::<Db>::new(format!(
        "SELECT c.seq, MIN(c.title) FROM categories c WHERE c.id IN \
         (SELECT p.category_id{FROM}"
    ));
    push_where(&mut q, &w);
    q.push(") GROUP BY c.seq ORDER BY c.seq");
    let categories: Vec<(i64, String)> = q.build_query_as().fetch_all(pool).await?;
    let mut q = QueryBuilder::<Db>::new(
        "SELECT DISTINCT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id \
         WHERE pu.problem_id IN (",
    );
    q.push(&ids);
    push_where(&mut q, &w);
    q.push(") ORDER BY u.name");
    let units: Vec<String> = q.build_query_scalar().fetch_all(pool).await?;
    let mut q = QueryBuilder::<Db>::new(
        "SELECT DISTINCT pp.name FROM problem_people pp \
         WHERE pp.kind = 'leader' AND pp.problem_id IN (",
    );
    q.push(&ids);
    push_where(&mut q, &w);
    q.push(") ORDER BY pp.name");
    let leaders: Vec<String> = q.build_query_scalar().fetch_all(pool).await?;
    Ok(LedgerFacets {
        plans,
        categories,
        units,
        leaders,
    })
}
