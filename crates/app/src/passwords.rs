//! Password hashing (Argon2) and strength, run off the async threads: one
//! hash costs tens of milliseconds of CPU, and a burst of bad logins must
//! not stall `/healthz` or anyone else's request.

use crate::error::{self, Error, ErrorCode, Result};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes on the calling thread: for tests and loaders outside a server.
pub fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::with(ErrorCode::Internal, format!("argon2: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// At most this many hashes run at once, so a burst of logins queues
/// instead of taking every core from the other requests.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

pub async fn hash(password: String) -> Result<String> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(|e| Error::with(ErrorCode::Internal, e))?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(error::join)?
}

pub async fn verify(password: String, hash: String) -> bool {
    let Ok(_slot) = hashing_slots().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify_now(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A hash of a random password, verified against when the username is
/// unknown so both answers take the same time.
pub async fn dummy_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async {
        hash(crate::commands::random_hex(16))
            .await
            .unwrap_or_default()
    })
    .await
    .clone()
}

/// At least 8 and at most 256 characters.
pub fn check_strength(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(Error::with(
            ErrorCode::PasswordWeak,
            "至少8位 / at least 8 characters",
        ));
    }
    if n > 256 {
        return Err(Error::with(
            ErrorCode::PasswordWeak,
            "不超过256位 / at most 256 characters",
        ));
    }
    Ok(())
}
