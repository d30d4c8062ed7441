//! Passwords (Argon2id), database-backed sessions (shared by every server
//! process), login throttling and lock-out, and the request extractors.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Utc;
use rectify_domain::ErrorCode;
use rectify_store::{Session, User};

pub const SESSION_COOKIE: &str = "rectify_session";

/// Hashes a password on the calling thread (tests, the demo loader).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    Ok(rectify_app::passwords::hash_blocking(password)?)
}

pub use rectify_app::commands::token_hash;

pub struct LoginOk {
    pub user: User,
    pub cookie: Cookie<'static>,
    pub csrf_token: String,
}

/// Checks a username and password (the application layer throttles per
/// client address and locks the account after repeated failures; every
/// attempt is audited with `client`) and builds the session cookie.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    client: &str,
) -> ApiResult<LoginOk> {
    let ok = state.app.login(username, password, client).await?;
    let cookie = Cookie::build((SESSION_COOKIE, ok.token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .path("/")
        .build();
    Ok(LoginOk {
        user: ok.user,
        cookie,
        csrf_token: ok.csrf_token,
    })
}

pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_string()).ok())
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_string())
}

/// The logged-in user and their session; rejects with 401 when absent.
#[derive(Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
}

/// The logged-in user, if any.
pub struct MaybeUser(pub Option<CurrentUser>);

async fn resolve(parts: &Parts, state: &AppState) -> ApiResult<Option<CurrentUser>> {
    if let Some(cu) = parts.extensions.get::<CurrentUser>() {
        return Ok(Some(cu.clone()));
    }
    let Some(token) = session_token(&parts.headers) else {
        return Ok(None);
    };
    let Some(session) = state
        .store
        .get_session(&token_hash(&token), Utc::now())
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = state.store.get_user(session.user_id).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser { user, session }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let cu = resolve(parts, state)
            .await?
            .ok_or(ApiError::of(ErrorCode::Unauthorized))?;
        parts.extensions.insert(cu.clone());
        Ok(cu)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let cu = resolve(parts, state).await?;
        if let Some(cu) = &cu {
            parts.extensions.insert(cu.clone());
        }
        Ok(MaybeUser(cu))
    }
}
