//! The evidence store (证据材料): photos, acceptance opinions, monitoring
//! reports and PDFs attached to problems.
//!
//! - Blobs are **content-addressed**: the key is the hex SHA-256 of the bytes,
//!   never a name or path that a user chose, so nothing a client sends can
//!   steer where a file is written or read from, and the same file uploaded
//!   twice is stored once.
//! - A **size limit** (20 MB by default) and a **type allow-list checked by
//!   content sniffing** (JPEG, PNG, PDF, docx, xlsx) are enforced before
//!   anything is written; the claimed file name and Content-Type are ignored.
//! - Backends, behind `object_store`'s one trait: the **local file system**
//!   under the data directory (default), **S3-compatible object storage** when
//!   `RECTIFY_S3_BUCKET` is set (several servers share it), and in-memory for
//!   tests.
//! - Reading a blob re-checks its hash, so a file swapped in the storage
//!   behind the ledger's back is reported, not served.

mod s3;
mod sniff;

pub use s3::S3Config;
pub use sniff::{sniff, ContentType};

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// 20 MB: enough for a scanned acceptance opinion or a set of photos.
pub const DEFAULT_MAX_SIZE: usize = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("文件为空 / the file is empty")]
    Empty,
    #[error("文件过大：{size} 字节，上限 {max} 字节 / file too large: {size} bytes, limit {max}")]
    TooLarge { size: usize, max: usize },
    #[error("不支持的文件类型（{0}）：仅接受 JPEG、PNG 图片，PDF，Word（docx）和 Excel（xlsx）文件 / unsupported file type: only JPEG, PNG, PDF, docx and xlsx are accepted")]
    Unsupported(String),
    #[error("证据编号须为 64 位十六进制 SHA-256 / an evidence key is a 64-digit hex SHA-256")]
    BadKey,
    #[error("证据文件 {0} 校验失败，内容与哈希不符 / evidence blob {0} fails its hash check")]
    Corrupt(String),
    #[error("证据存储配置错误：{0} / evidence store misconfigured")]
    Config(String),
    #[error("证据存储出错 / evidence store error: {0}")]
    Backend(String),
}

impl From<object_store::Error> for EvidenceError {
    fn from(e: object_store::Error) -> Self {
        EvidenceError::Backend(e.to_string())
    }
}

pub type EvidenceResult<T> = Result<T, EvidenceError>;

/// What an accepted file is: its key, size and sniffed type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub sha256: String,
    pub size: usize,
    pub content_type: ContentType,
}

/// A blob read back, its hash verified.
#[derive(Debug, Clone)]
pub struct Blob {
    pub bytes: Bytes,
    pub sha256: String,
    pub content_type: ContentType,
}

/// Where the blobs live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Local(PathBuf),
    S3 { bucket: String },
    Memory,
}

#[derive(Clone)]
pub struct EvidenceStore {
    objects: Arc<dyn ObjectStore>,
    prefix: String,
    max_size: usize,
    backend: Backend,
}

impl std::fmt::Debug for EvidenceStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvidenceStore")
            .field("backend", &self.backend)
            .field("prefix", &self.prefix)
            .field("max_size", &self.max_size)
            .finish()
    }
}

/// Is `s` a SHA-256 in lower-case hex?
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl EvidenceStore {
    /// Blobs in files under `dir` (created when missing).
    pub fn local(dir: impl AsRef<Path>) -> EvidenceResult<Self> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| {
            EvidenceError::Config(format!(
                "无法创建证据目录 {} / cannot create the evidence directory: {e}",
                dir.display()
            ))
        })?;
        let fs = LocalFileSystem::new_with_prefix(dir)?;
        Ok(EvidenceStore {
            objects: Arc::new(fs),
            prefix: String::new(),
            max_size: DEFAULT_MAX_SIZE,
            backend: Backend::Local(dir.to_path_buf()),
        })
    }

    /// Blobs in memory: for tests.
    pub fn in_memory() -> Self {
        EvidenceStore {
            objects: Arc::new(InMemory::new()),
            prefix: String::new(),
            max_size: DEFAULT_MAX_SIZE,
            backend: Backend::Memory,
        }
    }

    /// Blobs in an S3-compatible bucket. Nothing is contacted until the
    /// first read or write.
    pub fn s3(config: &S3Config) -> EvidenceResult<Self> {
        let s3 = config.builder().build()?;
        Ok(EvidenceStore {
            objects: Arc::new(s3),
            prefix: config.prefix.clone(),
            max_size: DEFAULT_MAX_SIZE,
            backend: Backend::S3 {
                bucket: config.bucket.clone(),
            },
        })
    }

    /// S3 when the environment configures it (`RECTIFY_S3_BUCKET`, see
    /// [`S3Config`]), otherwise files under `local_dir`. `RECTIFY_EVIDENCE_MAX_MB`
    /// changes the size limit.
    pub fn from_env(local_dir: impl AsRef<Path>) -> EvidenceResult<Self> {
        Self::from_lookup(|k| std::env::var(k).ok(), local_dir)
    }

    /// [`EvidenceStore::from_env`] with the variables looked up by `var`.
    pub fn from_lookup(
        var: impl Fn(&str) -> Option<String>,
        local_dir: impl AsRef<Path>,
    ) -> EvidenceResult<Self> {
        let store = match S3Config::from_lookup(&var)? {
            Some(cfg) => Self::s3(&cfg)?,
            None => Self::local(local_dir)?,
        };
        match var("RECTIFY_EVIDENCE_MAX_MB").filter(|v| !v.trim().is_empty()) {
            Some(v) => {
                let mb: usize = v.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    EvidenceError::Config(format!(
                        "RECTIFY_EVIDENCE_MAX_MB 须为正整数，而不是 {v:?} / must be a positive integer"
                    ))
                })?;
                Ok(store.with_max_size(mb.saturating_mul(1024 * 1024)))
            }
            None => Ok(store),
        }
    }

    pub fn with_max_size(mut self, max_size: usize) -> Self {
        self.max_size = max_size;
        self
    }

    pub fn max_size(&self) -> usize {
        self.max_size
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    fn path(&self, sha256: &str) -> ObjectPath {
        ObjectPath::from(format!("{}sha256/{}/{sha256}", self.prefix, &sha256[..2]))
    }

    /// Checks size and type and computes the key, writing nothing.
    pub fn check(&self, bytes: &[u8]) -> EvidenceResult<Checked> {
        if bytes.is_empty() {
            return Err(EvidenceError::Empty);
        }
        if bytes.len() > self.max_size {
            return Err(EvidenceError::TooLarge {
                size: bytes.len(),
                max: self.max_size,
            });
        }
        let content_type = sniff(bytes)?;
        Ok(Checked {
            sha256: sha256_hex(bytes),
            size: bytes.len(),
            content_type,
        })
    }

    /// Stores an accepted file under its hash; storing it again is a no-op.
    pub async fn put(&self, bytes: Bytes) -> EvidenceResult<Checked> {
        let checked = self.check(&bytes)?;
        let path = self.path(&checked.sha256);
        match self.objects.head(&path).await {
            Ok(meta) if meta.size == checked.size as u64 => return Ok(checked),
            Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        self.objects.put(&path, PutPayload::from(bytes)).await?;
        Ok(checked)
    }

    /// Reads a blob by its key; `None` when there is none. The bytes are
    /// hashed again, and a blob that no longer matches its key is an error.
    pub async fn get(&self, sha256: &str) -> EvidenceResult<Option<Blob>> {
        if !is_sha256_hex(sha256) {
            return Err(EvidenceError::BadKey);
        }
        let bytes = match self.objects.get(&self.path(sha256)).await {
            Ok(r) => r.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if sha256_hex(&bytes) != sha256 {
            return Err(EvidenceError::Corrupt(sha256.to_string()));
        }
        let content_type = sniff(&bytes)?;
        Ok(Some(Blob {
            bytes,
            sha256: sha256.to_string(),
            content_type,
        }))
    }

    pub async fn contains(&self, sha256: &str) -> EvidenceResult<bool> {
        if !is_sha256_hex(sha256) {
            return Err(EvidenceError::BadKey);
        }
        match self.objects.head(&self.path(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
