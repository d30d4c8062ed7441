//! Petitions (信访件) over HTTP: the list and one petition (unit-scoped),
//! the handling, return visits, 办结销号, reopening, duplicate groups and
//! decisions, figures and batch import. Handlers translate; the rules are
//! in the application layer.

use crate::auth::CurrentUser;
use crate::error::{
    ApiError, ApiJson as Json, ApiPath as Path, ApiQuery as Query, ApiResult, ErrorEnvelope,
};
use crate::state::AppState;
use axum::extract::State;
use chrono::NaiveDate;
use rectify_app::commands::{PetitionImportInput, PetitionPatch};
use rectify_domain::input;
use rectify_domain::petition::{
    ClosureStandard, PetitionMeasures, PetitionStatus, Satisfaction, Source, Verification,
};
use rectify_domain::ErrorCode;
use rectify_store::{PetitionDimension, PetitionFilter};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PetitionQuery {
    /// Only this batch (its id).
    pub batch: Option<i64>,
    /// 行政区域, exactly.
    pub area: Option<String>,
    /// 污染类型 (a part of it: 大气 matches 「大气、水」).
    pub kind: Option<String>,
    /// Only this unit (its id).
    pub unit: Option<i64>,
    /// received, handling or closed (or 待办理, 办理中, 已办结).
    pub status: Option<String>,
    /// handover, hotline_12345, hotline_12369 or portal.
    pub source: Option<String>,
    /// The latest return visit's satisfaction: satisfied, basically, dissatisfied.
    pub satisfaction: Option<String>,
    /// `true`: unclosed petitions past their due date.
    pub overdue: Option<String>,
    /// `true`: petitions that match something closed (反弹).
    pub rebound: Option<String>,
    /// `true`: petitions in a duplicate group (重复举报).
    pub duplicates: Option<String>,
    /// Words in the content, place or code.
    pub q: Option<String>,
    /// Keyset: the `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

fn flag(v: &Option<String>, name: &str) -> ApiResult<bool> {
    match v.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(ApiError::with(
            ErrorCode::MalformedQuery,
            format!("{name} 须为 true 或 false / {name} must be true or false"),
        )),
    }
}

fn parse_or<T>(
    v: &Option<String>,
    parse: fn(&str) -> Option<T>,
    name: &str,
) -> ApiResult<Option<T>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some).ok_or_else(|| {
            ApiError::with(
                ErrorCode::MalformedQuery,
                format!("{name} 的取值未知：{s} / unknown {name}: {s}"),
            )
        }),
    }
}

impl PetitionQuery {
    pub fn to_filter(&self, today: NaiveDate) -> ApiResult<PetitionFilter> {
        Ok(PetitionFilter {
            batch_id: self.batch,
            area: self.area.clone(),
            kind: self.kind.clone(),
            unit_id: self.unit,
            status: parse_or(&self.status, PetitionStatus::parse, "status")?,
            source: parse_or(&self.source, Source::parse, "source")?,
            satisfaction: parse_or(&self.satisfaction, Satisfaction::parse, "satisfaction")?,
            overdue_on: flag(&self.overdue, "overdue")?.then_some(today),
            rebound: flag(&self.rebound, "rebound")?,
            duplicates_only: flag(&self.duplicates, "duplicates")?,
            q: self.q.clone(),
            before_id: self.cursor,
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(50),
            ..Default::default()
        })
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions",
    tag = "petitions",
    summary = "The petitions the caller may see (a unit: its own), filtered, newest first; keyset pages via cursor",
    params(PetitionQuery),
    responses(
        (status = 200, description = "{items:[{id, code, batch_name, source, received_on, area, kind, content, unit_name, due_date, status, verification, closure_standard, rebound, warning}], total, page, per_page, next_cursor}", body = Object),
        (status = 400, description = "A malformed query", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    cu: CurrentUser,
    Query(q): Query<PetitionQuery>,
) -> ApiResult<Json<Value>> {
    let today = state.today();
    let f = q.to_filter(today)?;
    let page = state.app.petitions(&cu.user, f).await?;
    let next_cursor = (page.items.len() as u32 == page.per_page)
        .then(|| page.items.last().map(|r| r.id))
        .flatten();
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|r| {
            let status = PetitionStatus::parse(&r.status).unwrap_or(PetitionStatus::Received);
            let warning = rectify_domain::petition::warning(status, r.due_date, r.rebound, today)
                .map(|(level, code)| json!({"level": level, "code": code}));
            let mut v = json!(r);
            v["warning"] = json!(warning);
            v
        })
        .collect();
    Ok(Json(json!({
        "items": items,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "next_cursor": next_cursor,
    })))
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions/{id}",
    tag = "petitions",
    summary = "One petition with its handling, visits, evidence and rebound match; the contact only for the office and the assigned unit",
    params(("id" = i64, Path, description = "The petition's id")),
    responses(
        (status = 200, description = "The petition", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 403, description = "Not the office or the assigned unit", body = ErrorEnvelope),
        (status = 404, description = "No such petition", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let d = state.app.petition(&cu.user, id).await?;
    Ok(Json(json!(d)))
}

/// A change to the handling; absent fields stay as they are, `null`
/// clears the optional ones.
#[derive(Debug, Default, Deserialize)]
pub struct HandlingBody {
    #[serde(default, deserialize_with = "some")]
    unit: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    verification: Option<Option<String>>,
    handling: Option<String>,
    result: Option<String>,
    public_reply: Option<String>,
    measures: Option<PetitionMeasures>,
    #[serde(default, deserialize_with = "some")]
    closure_standard: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    problem_id: Option<Option<i64>>,
    version: Option<i64>,
}

/// A present field, `null` included, is `Some`.
fn some<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(d).map(Some)
}

fn vocab<T>(
    v: Option<Option<String>>,
    parse: fn(&str) -> Option<T>,
    name: &str,
) -> ApiResult<Option<Option<T>>> {
    match v {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Some(s)) => parse(&s).map(|x| Some(Some(x))).ok_or_else(|| {
            ApiError::with(
                ErrorCode::InvalidInput,
                format!("{name} 的取值未知：{s} / unknown {name}: {s}"),
            )
        }),
    }
}

impl HandlingBody {
    pub fn into_patch(self) -> ApiResult<PetitionPatch> {
        let due_date = match self.due_date {
            None => None,
            Some(None) => Some(None),
            Some(Some(s)) if s.trim().is_empty() => Some(None),
            Some(Some(s)) => Some(Some(input::date(&s, "办理时限 / due_date")?)),
        };
        Ok(PetitionPatch {
            unit: self.unit,
            due_date,
            verification: vocab(self.verification, Verification::parse, "verification")?,
            handling: self.handling,
            result: self.result,
            public_reply: self.public_reply,
            measures: self.measures,
            closure_standard: vocab(
                self.closure_standard,
                ClosureStandard::parse,
                "closure_standard",
            )?,
            problem_id: self.problem_id,
            version: self.version,
        })
    }
}

#[utoipa::path(
    patch,
    path = "/api/v1/petitions/{id}",
    tag = "petitions",
    summary = "Record the handling: verification (true/partly/false), handling, result, public_reply, measures {ordered, penalty_cases, fines_wan, detained, interviewed, accountable}, closure_standard (meets/basically/fails); the office also unit, due_date, problem_id",
    params(("id" = i64, Path, description = "The petition's id")),
    request_body(content = Object, description = "Any of the fields; `version` to refuse a stale edit"),
    responses(
        (status = 200, description = "The petition as stored", body = Object),
        (status = 403, description = "Not the office or the assigned unit (assignment: the office only)", body = ErrorEnvelope),
        (status = 404, description = "No such petition", body = ErrorEnvelope),
        (status = 409, description = "Closed, or changed by someone else", body = ErrorEnvelope),
        (status = 422, description = "A bad value", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn handle(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<HandlingBody>,
) -> ApiResult<Json<Value>> {
    let d = state
        .app
        .handle_petition(&cu.user, id, b.into_patch()?)
        .await?;
    Ok(Json(json!(d)))
}

#[derive(Debug, Deserialize)]
pub struct VisitBody {
    satisfaction: String,
    visited_on: Option<String>,
    #[serde(default)]
    visited_by: String,
    #[serde(default)]
    note: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/visits",
    tag = "petitions",
    summary = "Record a return visit (回访): satisfaction satisfied/basically/dissatisfied (or 满意/基本满意/不满意), visited_on, visited_by, note",
    params(("id" = i64, Path, description = "The petition's id")),
    request_body(content = Object, description = "{satisfaction, visited_on?, visited_by?, note?}"),
    responses(
        (status = 201, description = "The visit", body = Object),
        (status = 403, description = "Not the office or the assigned unit", body = ErrorEnvelope),
        (status = 422, description = "A bad value", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn visit(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VisitBody>,
) -> ApiResult<(axum::http::StatusCode, Json<Value>)> {
    let satisfaction = Satisfaction::parse(&b.satisfaction).ok_or_else(|| {
        ApiError::with(
            ErrorCode::InvalidInput,
            "满意度须为满意、基本满意或不满意 / satisfaction must be satisfied, basically or dissatisfied",
        )
    })?;
    let visited_on = match b.visited_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(input::date(s, "回访日期 / visited_on")?),
    };
    let v = state
        .app
        .record_petition_visit(
            &cu.user,
            id,
            visited_on,
            &b.visited_by,
            satisfaction,
            &b.note,
        )
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(json!(v))))
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/close",
    tag = "petitions",
    summary = "办结销号 (office): refused with petition_closure_incomplete listing every unmet condition",
    params(("id" = i64, Path, description = "The petition's id")),
    responses(
        (status = 200, description = "The closed petition", body = Object),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 409, description = "The gate's unmet conditions, or already closed", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn close(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.app.close_petition(&cu.user, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct ReopenBody {
    #[serde(default)]
    reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/reopen",
    tag = "petitions",
    summary = "Reopen a closed petition with a reason (office)",
    params(("id" = i64, Path, description = "The petition's id")),
    request_body(content = Object, description = "{reason}"),
    responses(
        (status = 200, description = "The reopened petition", body = Object),
        (status = 409, description = "Not closed", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn reopen(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ReopenBody>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        state.app.reopen_petition(&cu.user, id, &b.reason).await?
    )))
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions/duplicates",
    tag = "petitions",
    summary = "Groups of petitions that describe one matter (重复举报), with every suggested pair explained",
    responses(
        (status = 200, description = "{groups: [[code, …]], matches: [{a, b, explanation: {shared_places, shared_polluters, shared_terms, kind, conflicts, score}}], candidates}", body = Object),
        (status = 403, description = "A unit or supervisor account", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn duplicates(State(state): State<AppState>, cu: CurrentUser) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.app.petition_duplicates(&cu.user).await?)))
}

#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    a: String,
    b: String,
    /// confirmed or rejected.
    decision: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/duplicates/decisions",
    tag = "petitions",
    summary = "Confirm or reject a suggested pair (office): {a, b, decision: confirmed|rejected}",
    request_body(content = Object, description = "{a, b, decision}"),
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 404, description = "An unknown code", body = ErrorEnvelope),
        (status = 422, description = "A bad decision", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn decide(
    State(state): State<AppState>,
    cu: CurrentUser,
    Json(b): Json<DecisionBody>,
) -> ApiResult<axum::http::StatusCode> {
    let confirmed = match b.decision.trim() {
        "confirmed" | "confirm" => true,
        "rejected" | "reject" => false,
        _ => {
            return Err(ApiError::with(
                ErrorCode::InvalidInput,
                "decision 须为 confirmed 或 rejected / decision must be confirmed or rejected",
            ))
        }
    };
    state
        .app
        .decide_duplicate(&cu.user, &b.a, &b.b, confirmed)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct StatsQuery {
    /// unit (default), area, kind or batch.
    pub by: Option<String>,
    pub batch: Option<i64>,
    pub area: Option<String>,
    pub kind: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions/stats",
    tag = "petitions",
    summary = "Figures as the plans quote them (受理、属实、办结、办结率、符合销号标准、重复举报、满意率、处罚) by unit, area, kind or batch",
    params(StatsQuery),
    responses(
        (status = 200, description = "{dimension, rows:[…], total:{…}} with closure_rate, standard_rate, repeat_rate, satisfaction_rate in percent", body = Object),
        (status = 400, description = "Unknown dimension", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn stats(
    State(state): State<AppState>,
    cu: CurrentUser,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Json<Value>> {
    let dim = PetitionDimension::parse(q.by.as_deref().unwrap_or("unit")).ok_or_else(|| {
        ApiError::with(
            ErrorCode::MalformedQuery,
            "by 须为 unit、area、kind 或 batch / by must be unit, area, kind or batch",
        )
    })?;
    let f = state
        .app
        .petition_figures(
            &cu.user,
            dim,
            PetitionFilter {
                batch_id: q.batch,
                area: q.area,
                kind: q.kind,
                ..Default::default()
            },
        )
        .await?;
    let row = |s: &rectify_domain::petition::PetitionStats| {
        let mut v = json!(s);
        v["closure_rate"] = json!(s.closure_rate());
        v["standard_rate"] = json!(s.standard_rate());
        v["repeat_rate"] = json!(s.repeat_rate());
        v["satisfaction_rate"] = json!(s.satisfaction_rate());
        v["true_rate"] = json!(s.true_rate());
        v
    };
    Ok(Json(json!({
        "dimension": f.dimension,
        "rows": f.rows.iter().map(row).collect::<Vec<_>>(),
        "total": row(&f.total),
    })))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// The file's name (its extension decides csv or xlsx).
    pub file_name: Option<String>,
    /// The batch name; the file name when absent.
    pub batch: Option<String>,
    /// The handover date, YYYY-MM-DD.
    pub date: Option<String>,
    /// `true`: read and check only.
    pub dry_run: Option<bool>,
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/imports",
    tag = "petitions",
    summary = "Import a handover list or hotline export (the raw file as the body) as one batch, all or nothing",
    params(ImportQuery),
    request_body(content = Vec<u8>, description = "The csv or xlsx file", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "{batch, source, rows, report:{inserted, updated, unchanged}, unknown_columns, unassigned, rebounds}", body = Object),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 422, description = "A bad row (its line named) or a missing column: nothing stored", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn import(
    State(state): State<AppState>,
    cu: CurrentUser,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let handed_over_on = match q.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(input::date(s, "交办日期 / date")?),
    };
    let out = state
        .app
        .import_petitions(
            &cu.user,
            &body,
            PetitionImportInput {
                file_name: q.file_name.unwrap_or_else(|| "upload.csv".into()),
                batch: q.batch,
                handed_over_on,
                dry_run: q.dry_run.unwrap_or(false),
            },
        )
        .await?;
    Ok(Json(json!(out)))
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/apply-to-matter",
    tag = "petitions",
    summary = "One matter, one result: copy this petition's verification, handling, result, public reply and closure standard to the other open petitions of its confirmed duplicate group (office)",
    params(("id" = i64, Path, description = "The petition's id")),
    responses(
        (status = 200, description = "{updated: [code, …]}", body = Object),
        (status = 403, description = "Not the office", body = ErrorEnvelope),
        (status = 422, description = "Not in a confirmed group", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn apply_to_matter(
    State(state): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let updated = state.app.apply_to_matter(&cu.user, id).await?;
    Ok(Json(json!({ "updated": updated })))
}
