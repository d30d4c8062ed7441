//! Server configuration and shared state. All ledger state lives in the
//! database; the process keeps only caches that may be dropped at any time.

use crate::error::ApiResult;
use chrono::NaiveDate;
use rectify_app::{App, Settings};
use rectify_domain::{WarningThresholds, WorkCalendar};
use rectify_evidence::EvidenceStore;
use rectify_store::Store;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub listen: SocketAddr,
    /// `RECTIFY_TODAY`: a fixed "today" for rehearsals, demos and tests.
    pub today: Option<NaiveDate>,
    /// Mark cookies `Secure` (behind HTTPS). Off for plain-HTTP local use.
    pub secure_cookies: bool,
    pub session_hours: i64,
    /// Failed logins before an account is locked, and for how long.
    pub max_failed_logins: i64,
    pub lockout_minutes: i64,
    /// How often a cluster recomputes warnings (one process does it, by lease).
    pub warning_interval_secs: u64,
    pub thresholds: WarningThresholds,
    /// Uploads (a plan to import, an evidence file) larger than this are
    /// refused (bytes).
    pub body_limit: usize,
    /// Every other request body (JSON, forms) larger than this is refused.
    pub form_body_limit: usize,
    /// Failed logins one client address may make per minute (this
    /// process); 0 for no limit.
    pub login_failures_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` names the client (e.g.
    /// `["127.0.0.1"]` behind a local nginx); from anyone else the header is
    /// ignored and the connection's address is the client's.
    pub trusted_proxies: Vec<IpAddr>,
    /// This process's name in job leases.
    pub node_id: String,
    /// Where attachments are kept on the local file system (when no S3
    /// bucket is configured): `evidence` under the data directory for
    /// `rectify serve`; `rectify-evidence` in the system temp directory when
    /// unset.
    pub evidence_dir: Option<PathBuf>,
    /// The data directory, where the key that signs audit checkpoints lives
    /// (`--data` for `rectify serve`).
    pub data_dir: Option<PathBuf>,
    /// How often the cluster checks whether a day has passed since the
    /// newest signed checkpoint (one process does it, by lease).
    pub checkpoint_check_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            today: None,
            secure_cookies: false,
            session_hours: 8,
            max_failed_logins: 5,
            lockout_minutes: 15,
            warning_interval_secs: 3600,
            thresholds: WarningThresholds::default(),
            body_limit: 60 * 1024 * 1024,
            form_body_limit: 256 * 1024,
            login_failures_per_minute: 10,
            trusted_proxies: vec![],
            node_id: format!("node-{}", std::process::id()),
            evidence_dir: None,
            data_dir: None,
            checkpoint_check_secs: 3600,
        }
    }
}

impl Config {
    /// The local evidence directory in effect.
    pub fn evidence_dir(&self) -> PathBuf {
        self.evidence_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("rectify-evidence"))
    }
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    /// The application layer: every command goes through it.
    pub app: App,
    /// The store, for the reads that pages and the API render directly.
    pub store: Arc<dyn Store>,
    pub config: Config,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Config {
    /// What the application layer needs from the configuration.
    pub fn settings(&self) -> Settings {
        Settings {
            today: self.today,
            thresholds: self.thresholds.clone(),
            max_failed_logins: self.max_failed_logins,
            lockout_minutes: self.lockout_minutes,
            session_hours: self.session_hours,
            data_dir: self.data_dir.clone(),
            login_failures_per_minute: self.login_failures_per_minute,
        }
    }
}

impl AppState {
    /// The state with attachments on the local file system under
    /// `config.evidence_dir` (see [`Config::evidence_dir`]).
    pub fn new(store: Arc<dyn Store>, config: Config) -> AppState {
        let dir = config.evidence_dir();
        let evidence = EvidenceStore::local(&dir).map_err(|e| {
            tracing::error!(error = %e, dir = %dir.display(), "evidence store unavailable");
            e.to_string()
        });
        Self::build(store, config, evidence)
    }

    /// The state with a given evidence store (S3, in-memory for tests, …).
    pub fn with_evidence(
        store: Arc<dyn Store>,
        config: Config,
        evidence: EvidenceStore,
    ) -> AppState {
        Self::build(store, config, Ok(evidence))
    }

    fn build(
        store: Arc<dyn Store>,
        config: Config,
        evidence: Result<EvidenceStore, String>,
    ) -> AppState {
        let app = App::new(store.clone(), config.settings(), evidence);
        AppState(Arc::new(Inner { app, store, config }))
    }

    pub fn evidence(&self) -> ApiResult<&EvidenceStore> {
        Ok(self.app.evidence()?)
    }

    pub fn today(&self) -> NaiveDate {
        self.app.today()
    }

    /// The working-day calendar (cached by the application layer).
    pub async fn calendar(&self) -> ApiResult<Arc<WorkCalendar>> {
        Ok(self.app.calendar().await?)
    }
}
