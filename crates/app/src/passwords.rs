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

/// The least zxcvbn score accepted (3: "safely unguessable: moderate
/// protection from offline slow-hash scenario", over 10^8 guesses).
pub const MIN_SCORE: u8 = 3;

fn weak(zh: &str, en: &str) -> Error {
    Error::with(ErrorCode::PasswordWeak, format!("{zh} / {en}"))
}

/// 8 to 256 characters, not containing the username, and hard to guess:
/// zxcvbn (dictionaries, keyboard patterns, dates, repeats, the username
/// and display name as hints) must score at least [`MIN_SCORE`].
pub fn check_strength(password: &str, user_inputs: &[&str]) -> Result<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(weak("至少8位", "at least 8 characters"));
    }
    if n > 256 {
        return Err(weak("不超过256位", "at most 256 characters"));
    }
    let lower = password.to_lowercase();
    if user_inputs
        .iter()
        .map(|u| u.trim().to_lowercase())
        .any(|u| u.chars().count() >= 3 && lower.contains(&u))
    {
        return Err(weak("不得包含用户名", "it must not contain the username"));
    }
    let score = u8::from(zxcvbn::zxcvbn(password, user_inputs).score());
    if score < MIN_SCORE {
        return Err(weak(
            "容易被猜中，请使用更长、不含常见词语和规律的密码（如几个不相关的词组合）",
            "easy to guess; use a longer password without common words or patterns (e.g. several unrelated words)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(p: &str, user: &str) -> Option<ErrorCode> {
        check_strength(p, &[user]).err().map(|e| e.code)
    }

    #[test]
    fn common_and_short_passwords_are_refused() {
        for weak in ["12345678", "password", "abc123", "qwertyuiop", "11111111"] {
            assert_eq!(
                code(weak, "office"),
                Some(ErrorCode::PasswordWeak),
                "{weak}"
            );
        }
        assert_eq!(
            code(&"x".repeat(257), "office"),
            Some(ErrorCode::PasswordWeak)
        );
    }

    #[test]
    fn the_username_is_not_a_password() {
        assert_eq!(
            code("zhujianju-Kp9#2026", "zhujianju"),
            Some(ErrorCode::PasswordWeak)
        );
    }

    #[test]
    fn long_unpredictable_passwords_pass() {
        for good in ["correct-horse-9", "湖泊治理 tangerine 4417", "vR7#kq2!Lm9z"] {
            assert_eq!(code(good, "office"), None, "{good}");
        }
    }
}
