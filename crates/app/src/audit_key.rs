//! The server's Ed25519 key that signs audit checkpoints. It lives in the
//! data directory (`audit-signing.key`, the 32-byte seed in hex, mode 0600),
//! created on first use; anyone can check a checkpoint with the public key
//! the checkpoint carries.

use crate::error::{Error, ErrorCode, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;
use rectify_store::audit::{sha256_hex, Checkpoint};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key's file name inside the data directory.
pub const KEY_FILE: &str = "audit-signing.key";

pub struct AuditKey {
    signing: SigningKey,
}

fn unavailable(detail: impl std::fmt::Display) -> Error {
    Error::with(ErrorCode::AuditKeyUnavailable, detail)
}

fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

impl AuditKey {
    /// The key in `dir`, or a new one written there when there is none.
    /// Two servers starting at once on one directory agree: the file is
    /// created exclusively and the loser reads the winner's key.
    pub fn load_or_create(dir: &Path) -> Result<AuditKey> {
        if let Some(key) = AuditKey::load(dir)? {
            return Ok(key);
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            tracing::error!(dir = %dir.display(), error = %e, "cannot create the data directory");
            unavailable("数据目录无法创建 / the data directory cannot be created")
        })?;
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(key_path(dir)) {
            Ok(mut f) => {
                f.write_all(hex::encode(seed).as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| {
                        tracing::error!(error = %e, "cannot write the audit signing key");
                        unavailable("密钥文件无法写入 / the key file cannot be written")
                    })?;
                tracing::info!(file = %key_path(dir).display(), "audit signing key created");
                Ok(AuditKey {
                    signing: SigningKey::from_bytes(&seed),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => AuditKey::load(dir)?
                .ok_or_else(|| unavailable("密钥文件为空 / the key file is empty")),
            Err(e) => {
                tracing::error!(dir = %dir.display(), error = %e, "cannot create the audit signing key");
                Err(unavailable(
                    "密钥文件无法创建 / the key file cannot be created",
                ))
            }
        }
    }

    /// The key in `dir`, if there is one.
    pub fn load(dir: &Path) -> Result<Option<AuditKey>> {
        let text = match std::fs::read_to_string(key_path(dir)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                tracing::error!(dir = %dir.display(), error = %e, "cannot read the audit signing key");
                return Err(unavailable(
                    "密钥文件无法读取 / the key file cannot be read",
                ));
            }
        };
        let seed: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| unavailable("密钥文件已损坏 / the key file is damaged"))?;
        Ok(Some(AuditKey {
            signing: SigningKey::from_bytes(&seed),
        }))
    }

    pub fn public_key_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().as_bytes())
    }

    pub fn key_id(&self) -> String {
        key_id_of(&self.public_key_hex())
    }

    /// A signed checkpoint of the chain at `seq` with `head_hash`.
    pub fn sign(&self, seq: i64, head_hash: &str, at: &str) -> Checkpoint {
        let mut cp = Checkpoint {
            seq,
            head_hash: head_hash.to_string(),
            at: at.to_string(),
            key_id: self.key_id(),
            public_key: self.public_key_hex(),
            signature: String::new(),
        };
        cp.signature = hex::encode(self.signing.sign(cp.signed_text().as_bytes()).to_bytes());
        cp
    }
}

/// A key's id: the first 16 hex digits of SHA-256 of its hex form.
pub fn key_id_of(public_key_hex: &str) -> String {
    sha256_hex(public_key_hex)[..16].to_string()
}

fn invalid(detail: &str) -> Error {
    Error::with(ErrorCode::CheckpointInvalid, detail)
}

/// Checks a checkpoint's signature with the public key it carries, and that
/// its key id names that key.
pub fn check_signature(cp: &Checkpoint) -> Result<()> {
    let key: [u8; 32] = hex::decode(&cp.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| invalid("公钥格式错误 / malformed public key"))?;
    let key = VerifyingKey::from_bytes(&key)
        .map_err(|_| invalid("公钥格式错误 / malformed public key"))?;
    if cp.key_id != key_id_of(&cp.public_key) {
        return Err(invalid(
            "密钥编号与公钥不符 / the key id does not match the key",
        ));
    }
    let sig: [u8; 64] = hex::decode(&cp.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| invalid("签名格式错误 / malformed signature"))?;
    key.verify(cp.signed_text().as_bytes(), &Signature::from_bytes(&sig))
        .map_err(|_| {
            invalid("签名不符（检查点被改动）/ bad signature (the checkpoint was altered)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rectify-key-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn key_is_created_once_private_and_signs() {
        let dir = temp_dir("create");
        let key = AuditKey::load_or_create(&dir).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = AuditKey::load_or_create(&dir).unwrap();
        assert_eq!(key.public_key_hex(), again.public_key_hex());
        let cp = key.sign(7, &"ab".repeat(32), "2026-12-01T00:00:00Z");
        assert!(check_signature(&cp).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn tampered_checkpoint_fails_its_signature() {
        let dir = temp_dir("tamper");
        let key = AuditKey::load_or_create(&dir).unwrap();
        let cp = key.sign(7, &"ab".repeat(32), "2026-12-01T00:00:00Z");
        let tampered = [
            Checkpoint {
                seq: 6,
                ..cp.clone()
            },
            Checkpoint {
                head_hash: "cd".repeat(32),
                ..cp.clone()
            },
            Checkpoint {
                at: "2026-12-02T00:00:00Z".into(),
                ..cp.clone()
            },
        ];
        for t in tampered {
            assert_eq!(
                check_signature(&t).unwrap_err().code,
                ErrorCode::CheckpointInvalid
            );
        }
        // Another key substituted with its own id: signature still fails.
        let other = AuditKey::load_or_create(&temp_dir("other")).unwrap();
        let swapped = Checkpoint {
            public_key: other.public_key_hex(),
            key_id: other.key_id(),
            ..cp
        };
        assert!(check_signature(&swapped).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
