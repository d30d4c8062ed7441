//! Server configuration and shared state. All ledger state lives in the
//! database; the process keeps only caches that may be dropped at any time.

use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{WarningThresholds, WorkCalendar};
use rectify_evidence::EvidenceStore;
use rectify_store::Store;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

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
    /// Request bodies larger than this are refused (bytes).
    pub body_limit: usize,
    /// This process's name in job leases.
    pub node_id: String,
    /// Where attachments are kept on the local file system (when no S3
    /// bucket is configured): `evidence` under the data directory for
    /// `rectify serve`; `rectify-evidence` in the system temp directory when
    /// unset.
    pub evidence_dir: Option<PathBuf>,
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
            node_id: format!("node-{}", std::process::id()),
            evidence_dir: None,
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
    pub store: Arc<dyn Store>,
    pub config: Config,
    calendar: RwLock<Option<(Instant, Arc<WorkCalendar>)>>,
    /// One warning refresh at a time in this process.
    pub refresh_lock: Mutex<()>,
    /// The attachment store, or why it could not be opened (then uploads
    /// and downloads fail with 500 and everything else works).
    evidence: Result<EvidenceStore, String>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// China Standard Time: "today" for the offices is the date in UTC+8.
fn china_today(now: DateTime<Utc>) -> NaiveDate {
    (now.naive_utc() + chrono::Duration::hours(8)).date()
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
        AppState(Arc::new(Inner {
            store,
            config,
            calendar: RwLock::new(None),
            refresh_lock: Mutex::new(()),
            evidence,
        }))
    }

    pub fn evidence(&self) -> ApiResult<&EvidenceStore> {
        self.evidence
            .as_ref()
            .map_err(|e| ApiError::Internal(format!("evidence store unavailable: {e}")))
    }

    pub fn today(&self) -> NaiveDate {
        self.config.today.unwrap_or_else(|| china_today(Utc::now()))
    }

    /// The official calendar plus the administrator's additions from the
    /// database, cached for a minute so that every server agrees soon after
    /// a change.
    pub async fn calendar(&self) -> Result<Arc<WorkCalendar>, rectify_store::StoreError> {
        if let Some((at, cal)) = self.calendar.read().await.as_ref() {
            if at.elapsed() < Duration::from_secs(60) {
                return Ok(cal.clone());
            }
        }
        let overrides = self.store.calendar_overrides().await?;
        let cal = Arc::new(
            WorkCalendar::official().with_overrides(
                overrides
                    .into_iter()
                    .map(|o| (o.date, o.is_workday, o.name)),
            ),
        );
        *self.calendar.write().await = Some((Instant::now(), cal.clone()));
        Ok(cal)
    }

    pub async fn forget_calendar(&self) {
        *self.calendar.write().await = None;
    }
}
