//! `rectify-server`: the JSON API, the staff pages, the public portal.
//! State lives in the store, so several processes can serve one database.

pub mod admin;
pub mod api;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod client;
pub mod error;
pub mod lookbacks;
pub mod notices;
pub mod open311;
mod openapi;
pub mod pages;
/// The permission rules live in the application layer.
pub use rectify_app::policy;
pub mod public;
pub mod state;
pub mod units;
pub mod workflow;

pub use state::{AppState, Config};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use error::ApiError;
use rectify_domain::ErrorCode;
use rectify_store::Store;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

pub fn router(state: AppState) -> Router {
    // Bodies are small (JSON, forms) except on the routes that take a file.
    let upload_limit = state.config.body_limit;
    let api = Router::new()
        .route("/session", post(api::login).delete(api::logout))
        .route("/me", get(api::me))
        .route("/me/password", post(api::change_password))
        .route("/plans", get(api::list_plans))
        .route("/plans/{id}", patch(api::corrections::correct_plan))
        .route("/plans/{id}/publish", post(api::corrections::publish_plan))
        .route(
            "/plans/{id}/corrections",
            get(api::corrections::list_corrections),
        )
        .route("/plans/{id}/notice", post(api::set_notice_workdays))
        .route(
            "/plans/{id}/notice-settings",
            get(notices::get_settings).put(notices::put_settings),
        )
        .route(
            "/imports",
            post(api::import_plan).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/problems", get(api::list_problems))
        .route(
            "/problems/{id}",
            get(api::get_problem).patch(api::corrections::correct_problem),
        )
        .route(
            "/problems/{id}/split",
            post(api::corrections::split_problem),
        )
        .route(
            "/problems/{id}/merge",
            post(api::corrections::merge_problems),
        )
        .route("/problems/{id}/progress", post(api::submit_progress))
        .route(
            "/problems/{id}/reports/{report_id}/review",
            post(api::review_report),
        )
        .route("/problems/{id}/signoff", post(api::signoff))
        .route("/problems/{id}/reopen", post(api::reopen))
        .route("/problems/{id}/escalations", post(api::add_escalation))
        .route(
            "/problems/{id}/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/problems/{id}/attachments/{attachment_id}",
            post(attachments::change),
        )
        .route("/attachments/{sha256}", get(attachments::download))
        .route("/lookbacks", get(lookbacks::list).post(lookbacks::create))
        .route("/lookbacks/{id}", get(lookbacks::get))
        .route(
            "/lookbacks/{id}/items/{problem_id}",
            post(lookbacks::record),
        )
        .route("/escalations", get(api::list_escalations))
        .route("/warnings", get(api::list_warnings))
        .route("/warnings/{id}/ack", post(api::acknowledge_warning))
        .route("/objections", get(api::list_objections))
        .route("/objections/{id}/resolve", post(api::resolve_objection))
        .route("/audit/verify", get(api::audit_verify))
        .route("/audit/checkpoints", post(audit::sign_checkpoint))
        .route("/public/audit/checkpoints", get(audit::public_checkpoints))
        .route(
            "/calendar/overrides",
            get(admin::list_overrides).post(admin::add_override),
        )
        .route("/units/duplicates", get(units::duplicates))
        .route("/units/{id}/merge", post(units::merge))
        .route("/petitions", get(api::petitions::list))
        .route(
            "/petitions/imports",
            post(api::petitions::import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/petitions/duplicates", get(api::petitions::duplicates))
        .route(
            "/petitions/duplicates/decisions",
            post(api::petitions::decide),
        )
        .route("/petitions/stats", get(api::petitions::stats))
        .route(
            "/petitions/{id}",
            get(api::petitions::get).patch(api::petitions::handle),
        )
        .route("/petitions/{id}/visits", post(api::petitions::visit))
        .route("/petitions/{id}/close", post(api::petitions::close))
        .route("/petitions/{id}/reopen", post(api::petitions::reopen))
        .route(
            "/petitions/{id}/apply-to-matter",
            post(api::petitions::apply_to_matter),
        )
        .route("/public/plans", get(public::plans))
        .route("/public/problems", get(public::problems))
        .route("/public/problems/{id}", get(public::problem))
        .route(
            "/public/problems/{id}/objections",
            post(public::lodge_objection),
        )
        .route("/public/problems/{id}/notice", get(notices::problem_notice))
        .route("/public/notices", get(notices::notices))
        .route("/public/notices/{id}", get(notices::notice))
        .route("/public/objections/{reference}", get(notices::objection))
        .fallback(error::route_not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn(json_errors));
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/open311/v2", open311::routes())
        .route("/api/openapi.json", get(openapi::document))
        .nest("/api/v1", api)
        .merge(pages::routes(upload_limit))
        .layer(middleware::from_fn_with_state(state.clone(), guard_writes))
        .layer(DefaultBodyLimit::max(state.config.form_body_limit))
        .layer(middleware::from_fn(security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "system",
    summary = "200 when the database answers",
    responses(
        (status = 200, description = "{status: ok, backend}", body = Object),
        (status = 503, description = "{status: unavailable}: the database does not answer", body = Object),
    ),
)]
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({"status": "ok", "backend": state.store.backend()}))
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// Writes through the JSON API must be JSON and same-origin: a form on
/// another site cannot send `application/json`, and `Origin` names the site.
async fn guard_writes(
    State(_state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if write {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://").map(|(_, rest)| rest.to_string()))
                .unwrap_or_default();
            if origin_host.is_empty() || origin_host != host {
                return Err(ApiError::of(ErrorCode::BadOrigin));
            }
        }
        let path = req.uri().path();
        let is_api = path.starts_with("/api/");
        let raw_body = path == "/api/v1/imports"
            || path == "/api/v1/petitions/imports"
            || is_attachment_upload(path)
            || (path == "/api/v1/session" && req.method() == Method::DELETE);
        if is_api && !raw_body {
            let json = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| {
                    v.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("application/json")
                });
            if !json {
                return Err(ApiError::of(ErrorCode::JsonRequired));
            }
        }
    }
    Ok(next.run(req).await)
}

/// Any error answer under `/api` that is not already the JSON envelope
/// (a body over the size limit, a rejection axum wrote as plain text)
/// becomes one, with the same status.
pub(crate) async fn json_errors(req: Request, next: Next) -> Response {
    let import = req.uri().path().ends_with("/imports");
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE if import => ErrorCode::ImportTooLarge,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::NOT_FOUND => ErrorCode::RouteNotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::JsonRequired,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::InvalidInput,
    };
    let mut out = ApiError::of(code).into_response();
    *out.status_mut() = status;
    out
}

/// `/api/v1/problems/{digits}/attachments`: an evidence upload, whose body
/// is the file itself rather than JSON.
fn is_attachment_upload(path: &str) -> bool {
    path.strip_prefix("/api/v1/problems/")
        .and_then(|rest| rest.strip_suffix("/attachments"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// A strict Content-Security-Policy (no inline script, no foreign origin),
/// no framing, no MIME sniffing.
async fn security_headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/") || req.uri().path().starts_with("/open311/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if api {
        // API answers carry personal data and per-user views: never cached.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    res
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(store: Arc<dyn Store>, config: Config) -> anyhow::Result<()> {
    let listen = config.listen;
    // Attachments go to S3 when RECTIFY_S3_BUCKET is set, else under evidence_dir.
    let evidence = rectify_evidence::EvidenceStore::from_env(config.evidence_dir())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(backend = ?evidence.backend(), "evidence store");
    let state = AppState::with_evidence(store, config, evidence);
    state.app.spawn_periodic(
        std::time::Duration::from_secs(state.config.warning_interval_secs.max(10)),
        state.config.node_id.clone(),
    );
    state.app.spawn_checkpoints(
        std::time::Duration::from_secs(state.config.checkpoint_check_secs.max(10)),
        state.config.node_id.clone(),
    );
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("无法监听 {listen} / cannot listen on {listen}: {e}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // The peer's address is the client's unless it is a trusted proxy.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
