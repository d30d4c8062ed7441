//! Accounts: logging in with lock-out, sessions, password changes, and
//! creating accounts (the command line's `rectify user add`).

use crate::error::{Error, ErrorCode, Result};
use crate::passwords;
use crate::App;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use rectify_store::{NewUser, Role, Session, User};
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

impl App {
    /// Checks a password, counting failures toward the lock-out; on success
    /// opens a session. Unknown and known usernames cost the same time.
    pub async fn login(&self, username: &str, password: &str, ip: &str) -> Result<LoginOutcome> {
        let bad = || Error::new(ErrorCode::LoginFailed);
        let Some(user) = self.store.find_user(username.trim()).await? else {
            let _ = passwords::verify(password.to_string(), passwords::dummy_hash().await).await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            return Err(bad());
        };
        let now = Utc::now();
        if let Some(until) = user.locked_until.filter(|u| *u > now) {
            self.store
                .record_login(user.id, false, Some(until), ip)
                .await?;
            return Err(locked(until));
        }
        if !passwords::verify(password.to_string(), user.password_hash.clone()).await {
            let attempts = user.failed_attempts + 1;
            let lock = (attempts >= self.settings.max_failed_logins)
                .then(|| now + Duration::minutes(self.settings.lockout_minutes));
            self.store.record_login(user.id, false, lock, ip).await?;
            let delay = 250 * attempts.clamp(1, 8) as u64;
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            return Err(match lock {
                Some(until) => locked(until),
                None => bad(),
            });
        }
        self.store.record_login(user.id, true, None, ip).await?;
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
        passwords::check_strength(new)?;
        let hash = passwords::hash(new.to_string()).await?;
        Ok(self
            .store
            .set_password(user.id, &hash, &user.username)
            .await?)
    }

    /// Creates an account; `actor` is who did it (`cli` on the command line).
    pub async fn add_account(&self, actor: &str, a: NewAccount) -> Result<User> {
        passwords::check_strength(&a.password)?;
        let hash = passwords::hash(a.password).await?;
        Ok(self
            .store
            .create_user(&NewUser {
                display_name: a.display_name,
                username: a.username,
                password_hash: hash,
                role: a.role,
                units: a.units,
                person: a.person,
                actor: actor.to_string(),
            })
            .await?)
    }
}
