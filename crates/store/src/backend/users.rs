//! Accounts, their logins and sessions.

use super::rows::UnitRow;
use super::snapshot_access::last_unit_id;
use super::units::unit_id;
use super::write::{ev, Write};
use super::{Conn, Pool};
use chrono::{DateTime, Utc};
use rectify_store::sql::micros;
use rectify_store::{
    LoginAttempt, LoginReservation, NewUser, Role, Session, StoreError, StoreResult, UnitRef, User,
};
use serde_json::json;

/// A user row with the units the account is bound to.
async fn load_user(c: &mut Conn, r: UserRow) -> StoreResult<User> {
    let units: Vec<UnitRow> = sqlx::query_as(
        "SELECT u.id, u.name FROM user_units uu JOIN units u ON u.id = uu.unit_id \
         WHERE uu.user_id = $1 ORDER BY u.id",
    )
    .bind(r.id)
    .fetch_all(&mut *c)
    .await?;
    Ok(User {
        id: r.id,
        username: r.username,
        display_name: r.display_name,
        password_hash: r.password_hash,
        role: Role::parse(&r.role)
            .ok_or_else(|| StoreError::Database(format!("role {}", r.role)))?,
        units: units.into_iter().map(UnitRef::from).collect(),
        person: r.person,
        failed_attempts: r.failed_attempts,
        locked_until: r.locked_until,
    })
}

pub(crate) async fn create_user(pool: &Pool, u: &NewUser) -> StoreResult<User> {
    let name = u.username.trim();
    if name.is_empty()
        || name.chars().count() > 64
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::invalid(
            "用户名须为1到64个字符且不含空白",
            "username must be 1-64 characters without spaces",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let units_before = last_unit_id(&mut w.tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, person) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(&u.display_name)
    .bind(&u.password_hash)
    .bind(u.role.as_str())
    .bind(&u.person)
    .fetch_one(&mut *w.tx)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict(format!(
            "用户名已存在：{name} / username already exists: {name}"
        )),
        other => other,
    })?;
    for unit in &u.units {
        let uid = unit_id(&mut w.tx, unit).await?;
        sqlx::query(
            "INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(uid)
        .execute(&mut *w.tx)
        .await?;
    }
    w.audit_new_units(&u.actor, units_before).await?;
    w.audit_row(&u.actor, "user.create", "user", id, None)
        .await?;
    let row: UserRow = sqlx::query_as("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
    let user = load_user(&mut w.tx, row).await?;
    w.commit().await?;
    Ok(user)
}

pub(crate) async fn find_user(pool: &Pool, username: &str) -> StoreResult<Option<User>> {
    let mut c = pool.acquire().await?;
    let row: Option<UserRow> = sqlx::query_as("SELECT * FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *c)
        .await?;
    match row {
        Some(r) => Ok(Some(load_user(&mut c, r).await?)),
        None => Ok(None),
    }
}

pub(crate) async fn get_user(pool: &Pool, id: i64) -> StoreResult<Option<User>> {
    let mut c = pool.acquire().await?;
    let row: Option<UserRow> = sqlx::query_as("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    match row {
        Some(r) => Ok(Some(load_user(&mut c, r).await?)),
        None => Ok(None),
    }
}

/// One conditional UPDATE … RETURNING: the row lock (PostgreSQL) or the
/// single writer (SQLite) orders parallel guesses, so no two read the same
/// count. Every right-hand side reads the row as it was.
pub(crate) async fn reserve_login(
    pool: &Pool,
    user_id: i64,
    now: DateTime<Utc>,
    max_attempts: i64,
    lock_until: DateTime<Utc>,
) -> StoreResult<LoginReservation> {
    // A lock may be lifted between the refused UPDATE and the read of its
    // end (a success elsewhere); then the reservation is simply tried again.
    for _ in 0..3 {
        let granted: Option<(i64, Option<DateTime<Utc>>)> = sqlx::query_as(
            "UPDATE users SET \
               failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END, \
               locked_until = CASE \
                 WHEN (CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END) >= $2 \
                 THEN $3 ELSE NULL END \
             WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $4) \
             RETURNING failed_attempts, locked_until",
        )
        .bind(user_id)
        .bind(max_attempts)
        .bind(micros(lock_until))
        .bind(micros(now))
        .fetch_optional(pool)
        .await?;
        if let Some((attempt, locked_until)) = granted {
            return Ok(LoginReservation::Granted {
                attempt,
                locked_until,
            });
        }
        let lock: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT locked_until FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?;
        match lock {
            None => return Err(StoreError::NotFound(format!("用户 / user {user_id}"))),
            Some(Some(until)) if until > now => return Ok(LoginReservation::Locked { until }),
            Some(_) => continue,
        }
    }
    Ok(LoginReservation::Locked { until: lock_until })
}

/// Audits a login attempt; a success clears the count and the lock. A
/// failure writes no count: [`reserve_login`] took it before the check.
pub(crate) async fn record_login(
    pool: &Pool,
    user_id: i64,
    attempt: LoginAttempt,
    ip: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let (action, locked_until) = match attempt {
        LoginAttempt::Success => {
            sqlx::query("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
                .bind(user_id)
                .execute(&mut *w.tx)
                .await?;
            ("login.success", None)
        }
        LoginAttempt::Failure { locked_until: None } => ("login.failure", None),
        LoginAttempt::Failure {
            locked_until: Some(until),
        } => ("login.locked", Some(until)),
        LoginAttempt::Refused { locked_until } => ("login.refused", Some(locked_until)),
    };
    let mut detail = json!({"ip": ip});
    if let Some(until) = locked_until {
        detail["locked_until"] = json!(micros(until));
    }
    w.audit(ev("system", action, "user", user_id, None, Some(detail)))
        .await?;
    w.commit().await
}

/// Sets a new password hash, clears the lock and ends every session.
pub(crate) async fn set_password(
    pool: &Pool,
    user_id: i64,
    password_hash: &str,
    actor: &str,
) -> StoreResult<()> {
    let mut w = Write::begin(pool).await?;
    let done = sqlx::query(
        "UPDATE users SET password_hash = $1, failed_attempts = 0, locked_until = NULL \
         WHERE id = $2",
    )
    .bind(password_hash)
    .bind(user_id)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("用户 / user {user_id}")));
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    w.audit_row(actor, "user.password", "user", user_id, None)
        .await?;
    w.commit().await
}

pub(crate) async fn create_session(pool: &Pool, s: &Session) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&s.token_hash)
    .bind(s.user_id)
    .bind(&s.csrf_token)
    .bind(micros(s.created_at))
    .bind(micros(s.expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn get_session(
    pool: &Pool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Session>> {
    let row: Option<SessionRow> =
        sqlx::query_as("SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(micros(now))
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Session::from))
}

pub(crate) async fn delete_session(pool: &Pool, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// `SELECT * FROM users` (the units are read apart).
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    password_hash: String,
    role: String,
    person: Option<String>,
    failed_attempts: i64,
    locked_until: Option<DateTime<Utc>>,
}

/// `SELECT * FROM sessions`
#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: String,
    user_id: i64,
    csrf_token: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            token_hash: r.token_hash,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            expires_at: r.expires_at,
        }
    }
}
