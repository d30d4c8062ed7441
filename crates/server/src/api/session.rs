//! The session over HTTP: logging in and out, the current user, the
//! password.

use crate::auth::{self, CurrentUser};
use crate::client::ClientAddr;
use crate::error::{ApiJson as Json, ApiResult, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    summary = "Log in; sets the session cookie",
    request_body = LoginBody,
    responses(
        (status = 200, description = "The user and the CSRF token; the session cookie is set", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Wrong username or password", body = ErrorEnvelope),
        (status = 422, description = "Invalid input", body = ErrorEnvelope),
        (status = 429, description = "Too many failed logins: the account is locked for a while (account_locked), or this address made too many (login_throttled)", body = ErrorEnvelope),
    ),
)]
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    ClientAddr(client): ClientAddr,
    Json(b): Json<LoginBody>,
) -> ApiResult<impl IntoResponse> {
    let ok = auth::login(&state, &b.username, &b.password, &client).await?;
    let body = json!({"user": ok.user, "csrf_token": ok.csrf_token});
    Ok((jar.add(ok.cookie), Json(body)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    summary = "Log out",
    responses(
        (status = 200, description = "{ok: true}; the session cookie is removed", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    cu: CurrentUser,
) -> ApiResult<impl IntoResponse> {
    state.app.logout(&cu.session.token_hash).await?;
    Ok((
        jar.remove(auth::removal_cookie()),
        Json(json!({"ok": true})),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    summary = "The current user and CSRF token",
    responses(
        (status = 200, description = "{user, role_label, csrf_token}", body = Object),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn me(cu: CurrentUser) -> Json<Value> {
    Json(
        json!({"user": cu.user, "role_label": cu.user.role.label_zh(), "csrf_token": cu.session.csrf_token}),
    )
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordBody {
    pub old_password: String,
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "session",
    summary = "Change the password",
    request_body = PasswordBody,
    responses(
        (status = 200, description = "{ok: true}", body = Object),
        (status = 400, description = "Malformed JSON body or query string", body = ErrorEnvelope),
        (status = 401, description = "Not logged in", body = ErrorEnvelope),
        (status = 422, description = "Wrong old password, or a new one under 8 characters", body = ErrorEnvelope),
    ),
    security(("session" = [])),
)]
pub async fn change_password(
    State(state): State<AppState>,
    cu: CurrentUser,
    Json(b): Json<PasswordBody>,
) -> ApiResult<Json<Value>> {
    state
        .app
        .change_password(&cu.user, &b.old_password, &b.new_password)
        .await?;
    Ok(Json(json!({"ok": true})))
}
