//! S3-compatible object storage, configured from the environment:
//!
//! | variable | meaning |
//! |---|---|
//! | `RECTIFY_S3_BUCKET` | the bucket; S3 is used only when this is set |
//! | `RECTIFY_S3_ENDPOINT` | e.g. `https://minio.example:9000`; unset for AWS itself |
//! | `RECTIFY_S3_REGION` | default `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1` |
//! | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | credentials (both or neither of the first two) |
//! | `RECTIFY_S3_PREFIX` | a key prefix inside the bucket, e.g. `rectify/` |
//! | `RECTIFY_S3_ALLOW_HTTP` | `true` to allow a plain-HTTP endpoint (default: only when the endpoint is `http://`) |
//! | `RECTIFY_S3_VIRTUAL_HOSTED` | `true` for `bucket.host` addressing; default path style, which MinIO and most S3-compatible stores need |

use crate::{EvidenceError, EvidenceResult};
use object_store::aws::AmazonS3Builder;

#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    /// Empty, or ends with `/`.
    pub prefix: String,
    pub allow_http: bool,
    pub virtual_hosted: bool,
}

/// Secrets never reach logs.
impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redact = |v: &Option<String>| v.as_ref().map(|_| "***");
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &redact(&self.secret_access_key))
            .field("session_token", &redact(&self.session_token))
            .field("prefix", &self.prefix)
            .field("allow_http", &self.allow_http)
            .field("virtual_hosted", &self.virtual_hosted)
            .finish()
    }
}

fn bad(zh: &str, en: &str) -> EvidenceError {
    EvidenceError::Config(format!("{zh} / {en}"))
}

fn flag(name: &str, value: Option<String>) -> EvidenceResult<Option<bool>> {
    match value.as_deref().map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(Some(true)),
        Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(Some(false)),
        Some(v) => Err(bad(
            &format!("{name} 须为 true 或 false，而不是 {v:?}"),
            &format!("{name} must be true or false"),
        )),
    }
}

/// S3's bucket naming rules (3–63 characters of a-z, 0-9, '.', '-').
fn valid_bucket(b: &str) -> bool {
    (3..=63).contains(&b.len())
        && b.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
        && b.starts_with(|c: char| c.is_ascii_alphanumeric())
        && b.ends_with(|c: char| c.is_ascii_alphanumeric())
}

impl S3Config {
    /// Reads the configuration from the process environment; `None` when
    /// `RECTIFY_S3_BUCKET` is not set.
    pub fn from_env() -> EvidenceResult<Option<S3Config>> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Like [`S3Config::from_env`], with the variables looked up by `var`.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> EvidenceResult<Option<S3Config>> {
        let get = |k: &str| {
            var(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let Some(bucket) = get("RECTIFY_S3_BUCKET") else {
            return Ok(None);
        };
        if !valid_bucket(&bucket) {
            return Err(bad(
                &format!("存储桶名称无效：{bucket:?}"),
                "RECTIFY_S3_BUCKET is not a valid bucket name",
            ));
        }
        let endpoint = get("RECTIFY_S3_ENDPOINT").map(|e| e.trim_end_matches('/').to_string());
        let plain_http = match endpoint.as_deref() {
            None => false,
            Some(e) if e.starts_with("https://") => false,
            Some(e) if e.starts_with("http://") => true,
            Some(_) => {
                return Err(bad(
                    "RECTIFY_S3_ENDPOINT 须以 http:// 或 https:// 开头",
                    "RECTIFY_S3_ENDPOINT must start with http:// or https://",
                ))
            }
        };
        let allow_http = flag("RECTIFY_S3_ALLOW_HTTP", var("RECTIFY_S3_ALLOW_HTTP"))?;
        if plain_http && allow_http == Some(false) {
            return Err(bad(
                "RECTIFY_S3_ENDPOINT 为 http:// 地址，但 RECTIFY_S3_ALLOW_HTTP=false",
                "a plain-HTTP endpoint with RECTIFY_S3_ALLOW_HTTP=false",
            ));
        }
        let access_key_id = get("AWS_ACCESS_KEY_ID");
        let secret_access_key = get("AWS_SECRET_ACCESS_KEY");
        if access_key_id.is_some() != secret_access_key.is_some() {
            return Err(bad(
                "AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY 须同时设置",
                "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither",
            ));
        }
        let prefix = match get("RECTIFY_S3_PREFIX") {
            None => String::new(),
            Some(p) => {
                let p = p.trim_matches('/');
                if p.split('/')
                    .any(|seg| seg.is_empty() || seg == "." || seg == "..")
                {
                    return Err(bad(
                        "RECTIFY_S3_PREFIX 格式无效",
                        "RECTIFY_S3_PREFIX is not a valid key prefix",
                    ));
                }
                format!("{p}/")
            }
        };
        Ok(Some(S3Config {
            bucket,
            endpoint,
            region: get("RECTIFY_S3_REGION")
                .or_else(|| get("AWS_REGION"))
                .or_else(|| get("AWS_DEFAULT_REGION"))
                .unwrap_or_else(|| "us-east-1".into()),
            access_key_id,
            secret_access_key,
            session_token: get("AWS_SESSION_TOKEN"),
            prefix,
            allow_http: allow_http.unwrap_or(plain_http),
            virtual_hosted: flag(
                "RECTIFY_S3_VIRTUAL_HOSTED",
                var("RECTIFY_S3_VIRTUAL_HOSTED"),
            )?
            .unwrap_or(false),
        }))
    }

    /// The `object_store` builder for this configuration.
    pub fn builder(&self) -> AmazonS3Builder {
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&self.bucket)
            .with_region(&self.region)
            .with_allow_http(self.allow_http)
            .with_virtual_hosted_style_request(self.virtual_hosted);
        if let Some(e) = &self.endpoint {
            b = b.with_endpoint(e);
        }
        if let (Some(k), Some(s)) = (&self.access_key_id, &self.secret_access_key) {
            b = b.with_access_key_id(k).with_secret_access_key(s);
        }
        if let Some(t) = &self.session_token {
            b = b.with_token(t);
        }
        b
    }
}
