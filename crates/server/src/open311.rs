//! Open311 GeoReport v2 (CONTRACTS.md §3): the portal's complaint intake for
//! outside clients — the service list, create, get by id, list. Field names
//! are GeoReport's; answers carry status and the public reply only, never a
//! complainant's contact or text. Creating is throttled per client address.

use crate::client::ClientAddr;
use crate::error::{ApiError, ApiPath as Path, ApiQuery as Query, ApiResult};
use crate::state::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rectify_app::commands::{Complaint, PublicPetition, SERVICES};
use rectify_domain::petition::PetitionStatus;
use rectify_domain::ErrorCode;
use serde::Deserialize;
use serde_json::{json, Value};

/// The GeoReport routes, nested at `/open311/v2`; errors in the API's
/// envelope, like `/api`.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/services.json", get(services))
        .route("/requests.json", get(list).post(create))
        .route("/requests/{id}", get(get_one))
        .fallback(crate::error::route_not_found)
        .method_not_allowed_fallback(crate::error::method_not_allowed)
        .layer(axum::middleware::from_fn(crate::json_errors))
}

fn no_store(v: Value) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response()
}

/// `GET /open311/v2/services.json`
pub async fn services() -> Response {
    let list: Vec<Value> = SERVICES
        .iter()
        .map(|(code, name, description)| {
            json!({
                "service_code": code,
                "service_name": name,
                "description": description,
                "metadata": false,
                "type": "realtime",
                "keywords": "",
                "group": "生态环境",
            })
        })
        .collect();
    no_store(json!(list))
}

/// One service request as GeoReport names its fields.
fn request_json(p: &PublicPetition) -> Value {
    let open = p.status != PetitionStatus::Closed.as_str();
    json!({
        "service_request_id": p.tracking,
        "status": if open { "open" } else { "closed" },
        "status_notes": if p.public_reply.is_empty() { p.status_zh.clone() } else { p.public_reply.clone() },
        "service_name": p.service_name,
        "service_code": p.service_code,
        "agency_responsible": "生态环境保护督察整改工作办公室",
        "service_notice": "",
        "requested_datetime": p.received_on.map(|d| format!("{d}T00:00:00+08:00")),
        "updated_datetime": p.closed_at.map(|t| t.to_rfc3339()),
        "expected_datetime": Value::Null,
        "address": p.place,
        "lat": p.lat,
        "long": p.lon,
        "media_url": Value::Null,
    })
}

/// The fields of `POST requests.json` (form-encoded, as GeoReport clients
/// send them, or JSON).
#[derive(Debug, Default, Deserialize)]
pub struct CreateRequest {
    #[serde(default)]
    service_code: String,
    lat: Option<String>,
    long: Option<String>,
    #[serde(default)]
    address_string: String,
    #[serde(default)]
    description: String,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

fn coordinate(v: &Option<String>, name: &str) -> ApiResult<Option<f64>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| {
                ApiError::with(
                    ErrorCode::InvalidInput,
                    format!("{name} 须为数字 / {name} must be a number"),
                )
            }),
    }
}

/// Reads the body as a form or as JSON, by its content type.
async fn read_body(req: Request) -> ApiResult<CreateRequest> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    if json {
        let Json(b) = Json::<CreateRequest>::from_request(req, &())
            .await
            .map_err(|e| ApiError::with(ErrorCode::MalformedJson, e.body_text()))?;
        Ok(b)
    } else {
        let axum::Form(b) = axum::Form::<CreateRequest>::from_request(req, &())
            .await
            .map_err(|_| ApiError::of(ErrorCode::MalformedForm))?;
        Ok(b)
    }
}

/// `POST /open311/v2/requests.json`
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    req: Request,
) -> ApiResult<Response> {
    let b = read_body(req).await?;
    let name = [b.last_name.as_deref(), b.first_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<String>();
    // Email is a contact too; kept with the phone, never shown.
    let phone = b.phone.clone().filter(|p| !p.trim().is_empty());
    let complaint = Complaint {
        service_code: b.service_code.trim().to_string(),
        place: b.address_string,
        lat: coordinate(&b.lat, "lat")?,
        lon: coordinate(&b.long, "long")?,
        description: b.description,
        contact_name: match (name.trim(), b.email.as_deref().map(str::trim)) {
            ("", None | Some("")) => None,
            (n, Some(e)) if !e.is_empty() => Some(format!("{n} <{e}>").trim().to_string()),
            (n, _) => Some(n.to_string()),
        },
        contact_phone: phone,
        photo: None,
    };
    let p = state.app.submit_complaint_from(&client, complaint).await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!([{
            "service_request_id": p.tracking,
            "service_notice": format!("已受理，请保存受理编号 {} 以查询办理进展 / received; keep the number {} to follow the case", p.tracking, p.tracking),
            "account_id": Value::Null,
        }])),
    )
        .into_response())
}

/// `GET /open311/v2/requests/{id}.json`
pub async fn get_one(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let code = id.strip_suffix(".json").unwrap_or(&id);
    let p = state.app.track_petition(code).await?;
    Ok(no_store(json!([request_json(&p)])))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Comma-separated ids; the other filters are then ignored.
    service_request_id: Option<String>,
    service_code: Option<String>,
    /// open or closed.
    status: Option<String>,
}

/// `GET /open311/v2/requests.json`: the portal's requests, newest first (at
/// most 200), or those named.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    if let Some(ids) = q
        .service_request_id
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let mut out = vec![];
        for id in ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .take(50)
        {
            if let Ok(p) = state.app.track_petition(id).await {
                out.push(request_json(&p));
            }
        }
        return Ok(no_store(json!(out)));
    }
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("open") => Some(false),
        Some("closed") => Some(true),
        Some(_) => {
            return Err(ApiError::with(
                ErrorCode::MalformedQuery,
                "status 须为 open 或 closed / status must be open or closed",
            ))
        }
    };
    let items = state.app.public_petitions(None, 200).await?;
    let out: Vec<Value> = items
        .iter()
        .filter(|p| {
            q.service_code
                .as_deref()
                .is_none_or(|c| c.trim().is_empty() || p.service_code == c.trim())
        })
        .filter(|p| match status {
            None => true,
            Some(closed) => (p.status == PetitionStatus::Closed.as_str()) == closed,
        })
        .map(request_json)
        .collect();
    Ok(no_store(json!(out)))
}
