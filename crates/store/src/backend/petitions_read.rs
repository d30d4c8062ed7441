//! Reading petitions: the filtered list, one petition with its visits and
//! evidence, the texts matching needs, batches and the grouped figures.

use super::{Conn, Pool};
use crate::Db;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::petition::{PetitionMeasures, PetitionStats};
use rectify_store::{
    ClosedProblemText, Page, PairDecision, PetitionAttachment, PetitionBatch, PetitionDetail,
    PetitionDimension, PetitionFilter, PetitionRowView, PetitionText, PetitionVisit, StoreResult,
};
use sqlx::QueryBuilder;
use std::collections::BTreeMap;

const ROW_SELECT: &str = "SELECT p.id, p.code, p.batch_id, b.name AS batch_name, p.source, \
    p.received_on, p.area, p.kind, p.content, p.unit_id, u.name AS unit_name, p.due_date, \
    p.status, p.verification, p.closure_standard, \
    CAST(CASE WHEN p.rebound_json IS NULL THEN 0 ELSE 1 END AS BIGINT) AS rebound, \
    p.problem_id, \
    (SELECT v.satisfaction FROM petition_visits v WHERE v.petition_id = p.id \
     ORDER BY v.visited_on DESC, v.id DESC LIMIT 1) AS last_satisfaction";

const FROM: &str = " FROM petitions p LEFT JOIN petition_batches b ON b.id = p.batch_id \
    LEFT JOIN units u ON u.id = p.unit_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    code: String,
    batch_id: Option<i64>,
    batch_name: Option<String>,
    source: String,
    received_on: Option<NaiveDate>,
    area: String,
    kind: String,
    content: String,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    due_date: Option<NaiveDate>,
    status: String,
    verification: Option<String>,
    closure_standard: Option<String>,
    rebound: i64,
    problem_id: Option<i64>,
    last_satisfaction: Option<String>,
}

impl From<Row> for PetitionRowView {
    fn from(r: Row) -> Self {
        PetitionRowView {
            id: r.id,
            code: r.code,
            batch_id: r.batch_id,
            batch_name: r.batch_name,
            source: r.source,
            received_on: r.received_on,
            area: r.area,
            kind: r.kind,
            content: r.content,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            due_date: r.due_date,
            status: r.status,
            verification: r.verification,
            closure_standard: r.closure_standard,
            rebound: r.rebound != 0,
            problem_id: r.problem_id,
            last_satisfaction: r.last_satisfaction,
        }
    }
}

/// The filter's WHERE clause, appended with its values bound.
fn push_filter(q: &mut QueryBuilder<'_, Db>, f: &PetitionFilter, keyset: bool) {
    q.push(" WHERE 1 = 1");
    if let Some(v) = f.batch_id {
        q.push(" AND p.batch_id = ").push_bind(v);
    }
    if let Some(v) = f.area.clone().filter(|s| !s.is_empty()) {
        q.push(" AND p.area = ").push_bind(v);
    }
    if let Some(v) = f.kind.clone().filter(|s| !s.is_empty()) {
        q.push(" AND p.kind LIKE ").push_bind(format!("%{v}%"));
    }
    if let Some(v) = f.unit_id {
        q.push(" AND p.unit_id = ").push_bind(v);
    }
    if let Some(units) = &f.scope_units {
        if units.is_empty() {
            q.push(" AND 1 = 0");
        } else {
            q.push(" AND p.unit_id IN (");
            let mut s = q.separated(", ");
            for u in units {
                s.push_bind(*u);
            }
            q.push(")");
        }
    }
    if let Some(v) = f.status {
        q.push(" AND p.status = ").push_bind(v.as_str());
    }
    if let Some(v) = f.source {
        q.push(" AND p.source = ").push_bind(v.as_str());
    }
    if let Some(v) = f.satisfaction {
        q.push(
            " AND (SELECT v.satisfaction FROM petition_visits v WHERE v.petition_id = p.id \
             ORDER BY v.visited_on DESC, v.id DESC LIMIT 1) = ",
        )
        .push_bind(v.as_str());
    }
    if let Some(d) = f.overdue_on {
        q.push(" AND p.status <> 'closed' AND p.due_date < ")
            .push_bind(d);
    }
    if f.rebound {
        q.push(" AND p.rebound_json IS NOT NULL");
    }
    if let Some(codes) = &f.codes {
        // One JSON array bound as one value: a duplicate filter may name
        // more codes than a statement may bind.
        let list = serde_json::to_string(codes).unwrap_or_else(|_| "[]".into());
        q.push(if crate::BackendStore::BACKEND == "postgres" {
            " AND p.code IN (SELECT json_array_elements_text(CAST("
        } else {
            " AND p.code IN (SELECT value FROM json_each("
        })
        .push_bind(list)
        .push(if crate::BackendStore::BACKEND == "postgres" {
            " AS json)))"
        } else {
            "))"
        });
    }
    if let Some(words) = f.q.clone().filter(|s| !s.trim().is_empty()) {
        for w in words.split_whitespace().take(5) {
            let like = format!("%{w}%");
            q.push(" AND (p.content LIKE ")
                .push_bind(like.clone())
                .push(" OR p.address LIKE ")
                .push_bind(like.clone())
                .push(" OR p.code LIKE ")
                .push_bind(like)
                .push(")");
        }
    }
    if keyset {
        if let Some(id) = f.before_id {
            q.push(" AND p.id < ").push_bind(id);
        }
    }
}

pub(crate) async fn list_petitions(
    pool: &Pool,
    f: &PetitionFilter,
) -> StoreResult<Page<PetitionRowView>> {
    let mut count = QueryBuilder::<Db>::new(format!("SELECT CAST(COUNT(*) AS BIGINT){FROM}"));
    push_filter(&mut count, f, false);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let per_page = f.per_page.clamp(1, 500);
    let page = f.page.max(1);
    let mut q = QueryBuilder::<Db>::new(format!("{ROW_SELECT}{FROM}"));
    push_filter(&mut q, f, true);
    q.push(format!(" ORDER BY p.id DESC LIMIT {per_page}"));
    if f.before_id.is_none() {
        q.push(format!(" OFFSET {}", (page as i64 - 1) * per_page as i64));
    }
    let rows: Vec<Row> = q.build_query_as().fetch_all(pool).await?;
    Ok(Page {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page,
    })
}

#[derive(sqlx::FromRow)]
struct DetailExtra {
    address: String,
    lat: Option<f64>,
    lon: Option<f64>,
    extra_json: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    handling: String,
    result: String,
    public_reply: String,
    m_ordered: i64,
    m_penalty_cases: i64,
    m_fines_wan: f64,
    m_detained: i64,
    m_interviewed: i64,
    m_accountable: i64,
    rebound_json: Option<String>,
    problem_number: Option<String>,
    closed_by: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    created_by: String,
    created_at: DateTime<Utc>,
    version: i64,
}

async fn detail_where(
    c: &mut Conn,
    clause: &str,
    arg: Arg<'_>,
) -> StoreResult<Option<PetitionDetail>> {
    let sql = format!("{ROW_SELECT}{FROM} WHERE {clause}");
    let q = sqlx::query_as::<_, Row>(&sql);
    let row: Option<Row> = match arg {
        Arg::Id(id) => q.bind(id).fetch_optional(&mut *c).await?,
        Arg::Code(code) => q.bind(code).fetch_optional(&mut *c).await?,
    };
    let Some(row) = row else {
        return Ok(None);
    };
    let id = row.id;
    let x: DetailExtra = sqlx::query_as(
        "SELECT p.address, p.lat, p.lon, p.extra_json, p.contact_name, p.contact_phone, \
         p.handling, p.result, p.public_reply, p.m_ordered, p.m_penalty_cases, p.m_fines_wan, \
         p.m_detained, p.m_interviewed, p.m_accountable, p.rebound_json, \
         pr.number_text AS problem_number, p.closed_by, p.closed_at, p.created_by, \
         p.created_at, p.version \
         FROM petitions p LEFT JOIN problems pr ON pr.id = p.problem_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *c)
    .await?;
    let visits: Vec<PetitionVisit> = sqlx::query_as::<_, VisitRow>(
        "SELECT id, petition_id, visited_on, visited_by, satisfaction, note, recorded_by, \
         recorded_at FROM petition_visits WHERE petition_id = $1 ORDER BY visited_on, id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    let attachments: Vec<PetitionAttachment> = sqlx::query_as::<_, AttachmentRow>(
        "SELECT id, petition_id, sha256, file_name, uploaded_by, uploaded_at \
         FROM petition_attachments WHERE petition_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    let extra: BTreeMap<String, String> = serde_json::from_str(&x.extra_json).unwrap_or_default();
    Ok(Some(PetitionDetail {
        row: row.into(),
        address: x.address,
        lat: x.lat,
        lon: x.lon,
        extra,
        contact_name: x.contact_name,
        contact_phone: x.contact_phone,
        handling: x.handling,
        result: x.result,
        public_reply: x.public_reply,
        measures: PetitionMeasures {
            ordered: x.m_ordered,
            penalty_cases: x.m_penalty_cases,
            fines_wan: x.m_fines_wan,
            detained: x.m_detained,
            interviewed: x.m_interviewed,
            accountable: x.m_accountable,
        },
        rebound_of: x.rebound_json.and_then(|s| serde_json::from_str(&s).ok()),
        problem_number: x.problem_number,
        closed_by: x.closed_by,
        closed_at: x.closed_at,
        created_by: x.created_by,
        created_at: x.created_at,
        version: x.version,
        visits,
        attachments,
    }))
}

enum Arg<'a> {
    Id(i64),
    Code(&'a str),
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: i64,
    petition_id: i64,
    visited_on: NaiveDate,
    visited_by: String,
    satisfaction: String,
    note: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

impl From<VisitRow> for PetitionVisit {
    fn from(v: VisitRow) -> Self {
        PetitionVisit {
            id: v.id,
            petition_id: v.petition_id,
            visited_on: v.visited_on,
            visited_by: v.visited_by,
            satisfaction: v.satisfaction,
            note: v.note,
            recorded_by: v.recorded_by,
            recorded_at: v.recorded_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    petition_id: i64,
    sha256: String,
    file_name: String,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
}

impl From<AttachmentRow> for PetitionAttachment {
    fn from(a: AttachmentRow) -> Self {
        PetitionAttachment {
            id: a.id,
            petition_id: a.petition_id,
            sha256: a.sha256,
            file_name: a.file_name,
            uploaded_by: a.uploaded_by,
            uploaded_at: a.uploaded_at,
        }
    }
}

pub(crate) async fn get_petition(pool: &Pool, id: i64) -> StoreResult<Option<PetitionDetail>> {
    let mut c = pool.acquire().await?;
    detail_where(&mut c, "p.id = $1", Arg::Id(id)).await
}

pub(crate) async fn petition_by_code(
    pool: &Pool,
    code: &str,
) -> StoreResult<Option<PetitionDetail>> {
    let mut c = pool.acquire().await?;
    detail_where(&mut c, "p.code = $1", Arg::Code(code)).await
}

#[derive(sqlx::FromRow)]
struct TextRow {
    id: i64,
    code: String,
    received_on: Option<NaiveDate>,
    area: String,
    kind: String,
    content: String,
    address: String,
    status: String,
}

/// Every petition as matching sees it, oldest first.
pub(crate) async fn petition_texts(pool: &Pool) -> StoreResult<Vec<PetitionText>> {
    let rows: Vec<TextRow> = sqlx::query_as(
        "SELECT id, code, received_on, area, kind, content, address, status FROM petitions \
         ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PetitionText {
            id: r.id,
            code: r.code,
            received_on: r.received_on,
            area: r.area,
            kind: r.kind,
            content: r.content,
            address: r.address,
            status: r.status,
        })
        .collect())
}

/// Signed-off problems with their plan's jurisdiction (rebound matching).
pub(crate) async fn closed_problem_texts(pool: &Pool) -> StoreResult<Vec<ClosedProblemText>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT p.id, pl.jurisdiction, p.number_text, p.description FROM problems p \
         JOIN plans pl ON pl.id = p.plan_id WHERE p.status = 'signed_off' ORDER BY p.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, jurisdiction, number_text, description)| ClosedProblemText {
                id,
                jurisdiction,
                number_text,
                description,
            },
        )
        .collect())
}

pub(crate) async fn petition_decisions(pool: &Pool) -> StoreResult<Vec<PairDecision>> {
    let rows: Vec<(String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT code_a, code_b, decision, actor, at FROM petition_decisions ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code_a, code_b, decision, actor, at)| PairDecision {
            code_a,
            code_b,
            decision,
            actor,
            at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct BatchRow {
    id: i64,
    name: String,
    source: String,
    handed_over_on: Option<NaiveDate>,
    file_name: Option<String>,
    imported_by: String,
    imported_at: DateTime<Utc>,
    petitions: i64,
    closed: i64,
}

pub(crate) async fn petition_batches(pool: &Pool) -> StoreResult<Vec<PetitionBatch>> {
    let rows: Vec<BatchRow> = sqlx::query_as(
        "SELECT b.id, b.name, b.source, b.handed_over_on, b.file_name, b.imported_by, \
         b.imported_at, \
         CAST((SELECT COUNT(*) FROM petitions p WHERE p.batch_id = b.id) AS BIGINT) AS petitions, \
         CAST((SELECT COUNT(*) FROM petitions p WHERE p.batch_id = b.id \
          AND p.status = 'closed') AS BIGINT) AS closed \
         FROM petition_batches b ORDER BY b.id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|b| PetitionBatch {
            id: b.id,
            name: b.name,
            source: b.source,
            handed_over_on: b.handed_over_on,
            file_name: b.file_name,
            imported_by: b.imported_by,
            imported_at: b.imported_at,
            petitions: b.petitions,
            closed: b.closed,
        })
        .collect())
}

fn key_sql(d: PetitionDimension) -> &'static str {
    match d {
        PetitionDimension::Unit => "COALESCE(u.name, '（未分配）')",
        PetitionDimension::Area => "p.area",
        PetitionDimension::Kind => "p.kind",
        PetitionDimension::Batch => "COALESCE(b.name, '（网上及热线受理）')",
    }
}

#[derive(sqlx::FromRow)]
struct StatRow {
    k: String,
    received: i64,
    vt: i64,
    vp: i64,
    vf: i64,
    closed: i64,
    overdue: i64,
    meets: i64,
    rebound: i64,
    ordered: i64,
    penalty: i64,
    fines: f64,
    detained: i64,
    interviewed: i64,
    accountable: i64,
}

/// Figures per value of `dim` over the petitions `scope` selects (its list
/// fields only: batch, area, kind, unit, scope, status, source); the
/// repeated count is the application's (it knows the groups).
pub(crate) async fn petition_stats(
    pool: &Pool,
    dim: PetitionDimension,
    scope: &PetitionFilter,
    today: NaiveDate,
) -> StoreResult<Vec<PetitionStats>> {
    let k = key_sql(dim);
    let sum = |cond: &str| format!("CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)");
    let mut q = QueryBuilder::<Db>::new(format!(
        "SELECT {k} AS k, CAST(COUNT(*) AS BIGINT) AS received, {} AS vt, {} AS vp, {} AS vf, \
         {} AS closed, ",
        sum("p.verification = 'true'"),
        sum("p.verification = 'partly'"),
        sum("p.verification = 'false'"),
        sum("p.status = 'closed'"),
    ));
    q.push("CAST(SUM(CASE WHEN p.status <> 'closed' AND p.due_date < ")
        .push_bind(today)
        .push(" THEN 1 ELSE 0 END) AS BIGINT) AS overdue, ");
    q.push(format!(
        "{} AS meets, {} AS rebound, CAST(SUM(p.m_ordered) AS BIGINT) AS ordered, \
         CAST(SUM(p.m_penalty_cases) AS BIGINT) AS penalty, \
         CAST(SUM(p.m_fines_wan) AS DOUBLE PRECISION) AS fines, \
         CAST(SUM(p.m_detained) AS BIGINT) AS detained, \
         CAST(SUM(p.m_interviewed) AS BIGINT) AS interviewed, \
         CAST(SUM(p.m_accountable) AS BIGINT) AS accountable{FROM}",
        sum("p.status = 'closed' AND p.closure_standard IN ('meets', 'basically')"),
        sum("p.rebound_json IS NOT NULL"),
    ));
    push_filter(&mut q, scope, false);
    q.push(format!(" GROUP BY {k} ORDER BY {k}"));
    let rows: Vec<StatRow> = q.build_query_as().fetch_all(pool).await?;
    let mut out: Vec<PetitionStats> = rows
        .into_iter()
        .map(|r| PetitionStats {
            key: r.k,
            received: r.received,
            verified_true: r.vt,
            verified_partly: r.vp,
            verified_false: r.vf,
            closed: r.closed,
            overdue: r.overdue,
            meets_standard: r.meets,
            rebound: r.rebound,
            ordered: r.ordered,
            penalty_cases: r.penalty,
            fines_wan: r.fines,
            detained: r.detained,
            interviewed: r.interviewed,
            accountable: r.accountable,
            ..Default::default()
        })
        .collect();
    // Satisfaction: the latest visit of each petition.
    let mut v = QueryBuilder::<Db>::new(format!(
        "SELECT {k} AS k, lv.satisfaction AS s, CAST(COUNT(*) AS BIGINT) AS n{FROM} \
         JOIN petition_visits lv ON lv.petition_id = p.id AND lv.id = \
         (SELECT v2.id FROM petition_visits v2 WHERE v2.petition_id = p.id \
          ORDER BY v2.visited_on DESC, v2.id DESC LIMIT 1)"
    ));
    push_filter(&mut v, scope, false);
    v.push(format!(" GROUP BY {k}, lv.satisfaction"));
    let visits: Vec<(String, String, i64)> = v.build_query_as().fetch_all(pool).await?;
    for (key, s, n) in visits {
        if let Some(row) = out.iter_mut().find(|r| r.key == key) {
            row.visits += n;
            match s.as_str() {
                "satisfied" => row.satisfied += n,
                "basically" => row.basically_satisfied += n,
                _ => row.dissatisfied += n,
            }
        }
    }
    Ok(out)
}

/// (code, key) of every petition in `scope`: the application counts the
/// repeated complaints per key from the duplicate groups.
pub(crate) async fn petition_keys(
    pool: &Pool,
    dim: PetitionDimension,
    scope: &PetitionFilter,
) -> StoreResult<Vec<(String, String)>> {
    let k = key_sql(dim);
    let mut q = QueryBuilder::<Db>::new(format!("SELECT p.code, {k} AS k{FROM}"));
    push_filter(&mut q, scope, false);
    Ok(q.build_query_as().fetch_all(pool).await?)
}

/// What duplicate groups depend on, cheaply: the petitions' count, newest
/// id and summed versions (a re-import bumps a version), and the decisions'.
pub(crate) async fn petition_fingerprint(pool: &Pool) -> StoreResult<[i64; 5]> {
    let (n, max, versions): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(MAX(id), 0) AS BIGINT), \
         CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM petitions",
    )
    .fetch_one(pool)
    .await?;
    let (dn, dmax): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(MAX(id), 0) AS BIGINT) \
         FROM petition_decisions",
    )
    .fetch_one(pool)
    .await?;
    Ok([n, max, versions, dn, dmax])
}
