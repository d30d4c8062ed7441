//! Passwords (Argon2id), database-backed sessions (shared by every server
//! process), login throttling and lock-out, and the request extractors.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{Duration, Utc};
use rand::RngCore;
use rectify_store::{Session, User};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "rectify_session";

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Rules for a new password: long enough to resist guessing.
pub fn check_password_strength(password: &str) -> ApiResult<()> {
    if password.chars().count() < 8 {
        return Err(ApiError::invalid(
            "密码至少8位",
            "the password needs at least 8 characters",
        ));
    }
    if password.chars().count() > 256 {
        return Err(ApiError::invalid("密码过长", "the password is too long"));
    }
    Ok(())
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A hash to verify against when the user does not exist, so that a wrong
/// username costs as much time as a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_hex(16)).unwrap_or_default())
}

pub struct LoginOk {
    pub user: User,
    pub cookie: Cookie<'static>,
    pub csrf_token: String,
}

/// Checks a username and password; slows down and then locks an account
/// under repeated failures. Every attempt is audited by the store.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
) -> ApiResult<LoginOk> {
    let bad = || ApiError::Unauthorized;
    let Some(user) = state.store.find_user(username.trim()).await? else {
        let _ = verify_password(password, dummy_hash());
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        return Err(bad());
    };
    let now = Utc::now();
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        state
            .store
            .record_login(user.id, false, Some(until), ip)
            .await?;
        return Err(locked(until));
    }
    if !verify_password(password, &user.password_hash) {
        let attempts = user.failed_attempts + 1;
        let lock = (attempts >= state.config.max_failed_logins)
            .then(|| now + Duration::minutes(state.config.lockout_minutes));
        state.store.record_login(user.id, false, lock, ip).await?;
        // Each failure in a row costs more time: guessing gets slow before it gets locked.
        let delay = 250 * attempts.clamp(1, 8) as u64;
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
        return Err(match lock {
            Some(until) => locked(until),
            None => bad(),
        });
    }
    state.store.record_login(user.id, true, None, ip).await?;
    let token = random_hex(32);
    let csrf_token = random_hex(16);
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: csrf_token.clone(),
        created_at: now,
        expires_at: now + Duration::hours(state.config.session_hours),
    };
    state.store.create_session(&session).await?;
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .path("/")
        .build();
    Ok(LoginOk {
        user,
        cookie,
        csrf_token,
    })
}

fn locked(until: chrono::DateTime<Utc>) -> ApiError {
    let local = until + Duration::hours(8);
    ApiError::Locked(format!(
        "登录失败次数过多，账户已锁定至 {} / too many failed logins; locked until {} UTC",
        local.format("%H:%M"),
        until.format("%H:%M")
    ))
}

/// The session cookie to hand to `CookieJar::remove` on logout.
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
        let cu = resolve(parts, state).await?.ok_or(ApiError::Unauthorized)?;
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
