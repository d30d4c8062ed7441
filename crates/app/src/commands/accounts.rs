//! Accounts: logging in with lock-out, sessions, password changes, and
//! creating accounts (the command line's `rectify user add`).

use crate::error::{Error, ErrorCode, Result};
use crate::passwords;
use crate::App;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use rectify_domain::input::ShortText;
use rectify_store::{LoginAttempt, LoginReservation, NewUser, Role, Session, User};
use sha2::{Digest, Sha256};

pub struct LoginOutcome {
    pub user: User,
    /// The session token for the cookie; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub units: Vec<String>,
    pub person: Option<String>,
    pub password: String,
    /// Add units not yet known (`--create-unit`); otherwise an unknown unit
    /// is refused, so a typo does not create a unit that has no problems.
    pub create_units: bool,
}

pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Sessions are stored by the SHA-256 of their token: a leaked table does
/// not yield sessions.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn locked(until: DateTime<Utc>) -> Error {
    let local = until + Duration::hours(8);
    Error::with(
        ErrorCode::AccountLocked,
        format!(
            "至 {} / until {} UTC",
            local.format("%H:%M"),
            until.format("%H:%M")
        ),
    )
}

/// Every failed login is answered no sooner than this after it arrived,
/// whatever the cause (unknown name, wrong password): the answer's timing
/// does not tell which names exist.
const FAILED_LOGIN_FLOOR: std::time::Duration = std::time::Duration::from_millis(400);

/// A name that cannot be an account's is looked up as no one, without
/// asking the database (PostgreSQL refuses NUL in text).
fn plausible_username(name: &str) -> bool {
    let n = name.chars().count();
    (1..=64).contains(&n) && !name.chars().any(char::is_control)
}

impl App {
    /// Checks a password and opens a session. In order: a throttle per
    /// client address; one attempt reserved atomically in the database
    /// before any hashing (a locked account is refused unchecked, so
    /// parallel guesses get at most `max_failed_logins` checks); the Argon2
    /// check, which unknown names pay too; the same answer and timing for
    /// an unknown name as for a wrong password.
    pub async fn login(&self, username: &str, password: &str, ip: &str) -> Result<LoginOutcome> {
        let started = tokio::time::Instant::now();
        if !self.login_throttle.take(ip) {
            return Err(Error::new(ErrorCode::LoginThrottled));
        }
        let name = username.trim();
        let user = if plausible_username(name) {
            self.store.find_user(name).await?
        } else {
            None
        };
        let failed = |e: Error| async move {
            tokio::time::sleep_until(started + FAILED_LOGIN_FLOOR).await;
            Err::<LoginOutcome, Error>(e)
        };
        let Some(user) = user else {
            let _ = passwords::verify(password.to_string(), passwords::dummy_hash().await).await;
            return failed(Error::new(ErrorCode::LoginFailed)).await;
        };
        let now = Utc::now();
        let lock_for = now + Duration::minutes(self.settings.lockout_minutes);
        let reservation = self
            .store
            .reserve_login(user.id, now, self.settings.max_failed_logins, lock_for)
            .await?;
        let locked_until = match reservation {
            LoginReservation::Locked { until } => {
                self.store
                    .record_login(
                        user.id,
                        LoginAttempt::Refused {
                            locked_until: until,
                        },
                        ip,
                    )
                    .await?;
                return Err(locked(until));
            }
            LoginReservation::Granted { locked_until, .. } => locked_until,
        };
        if !passwords::verify(password.to_string(), user.password_hash.clone()).await {
            self.store
                .record_login(user.id, LoginAttempt::Failure { locked_until }, ip)
                .await?;
            return failed(locked_until.map_or(Error::new(ErrorCode::LoginFailed), locked)).await;
        }
        self.store
            .record_login(user.id, LoginAttempt::Success, ip)
            .await?;
        self.login_throttle.give_back(ip);
        let token = random_hex(32);
        let csrf_token = random_hex(16);
        let expires_at = now + Duration::hours(self.settings.session_hours);
        self.store
            .create_session(&Session {
                token_hash: token_hash(&token),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                created_at: now,
                expires_at,
            })
            .await?;
        Ok(LoginOutcome {
            user,
            token,
            csrf_token,
            expires_at,
        })
    }

    pub async fn logout(&self, token_hash: &str) -> Result<()> {
        Ok(self.store.delete_session(token_hash).await?)
    }

    pub async fn change_password(&self, user: &User, old: &str, new: &str) -> Result<()> {
        if !passwords::verify(old.to_string(), user.password_hash.clone()).await {
            return Err(Error::new(ErrorCode::PasswordWrong));
        }
        passwords::check_strength(new, &[&user.username, &user.display_name])?;
        let hash = passwords::hash(new.to_string()).await?;
        Ok(self
            .store
            .set_password(user.id, &hash, &user.username)
            .await?)
    }

    /// Creates an account; `actor` is who did it (`cli` on the command line).
    /// The names are checked like every other text; the units must exist
    /// unless `create_units` says to add the missing ones.
    pub async fn add_account(&self, actor: &str, a: NewAccount) -> Result<User> {
        let display_name = ShortText::parse(&a.display_name, "姓名 / the display name")?;
        let person = ShortText::optional(a.person.as_deref().unwrap_or(""), "领导 / the person")?;
        let mut units = vec![];
        for u in &a.units {
            let name = ShortText::parse(u, "单位 / the unit")?;
            if !a.create_units && self.store.find_unit(name.as_str()).await?.is_none() {
                return Err(Error::with(ErrorCode::UnitUnknown, name.as_str()));
            }
            units.push(name.into_string());
        }
        passwords::check_strength(&a.password, &[&a.username, display_name.as_str()])?;
        let hash = passwords::hash(a.password).await?;
        Ok(self
            .store
            .create_user(&NewUser {
                display_name: display_name.into_string(),
                username: a.username,
                password_hash: hash,
                role: a.role,
                units,
                person: person.map(ShortText::into_string),
                actor: actor.to_string(),
            })
            .await?)
    }
}
