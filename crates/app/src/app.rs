//! The application's handle: the store, the settings every command reads,
//! and the caches a process may drop at any time (all ledger state lives
//! in the database, so several processes can share one).

use crate::error::{self, Error, ErrorCode, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{WarningThresholds, WorkCalendar};
use rectify_evidence::EvidenceStore;
use rectify_store::Store;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

/// What the rules need from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `RECTIFY_TODAY`: a fixed "today" for rehearsals, demos and tests.
    pub today: Option<NaiveDate>,
    pub thresholds: WarningThresholds,
    /// Failed logins before an account is locked, and for how long.
    pub max_failed_logins: i64,
    pub lockout_minutes: i64,
    pub session_hours: i64,
    /// The data directory: where the key that signs audit checkpoints lives
    /// (none: checkpoints cannot be signed).
    pub data_dir: Option<std::path::PathBuf>,
    /// Failed logins one client address may make per minute (a burst of as
    /// many, then evenly); 0 for no limit.
    pub login_failures_per_minute: u32,
}

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub settings: Settings,
    calendar: RwLock<Option<(Instant, Arc<WorkCalendar>)>>,
    /// One warning refresh at a time in this process.
    pub(crate) refresh_lock: Mutex<()>,
    /// The attachment store, or why it could not be opened (then uploads
    /// and downloads fail and everything else works).
    evidence: std::result::Result<EvidenceStore, String>,
    /// Problems whose warnings were evaluated since start: lets tests and
    /// metrics see that a write refreshes only what it touched.
    pub(crate) evaluated: AtomicU64,
    /// Failed logins per client address (this process only).
    pub(crate) login_throttle: crate::throttle::Throttle,
    /// Portal complaints per client address (this process only).
    pub(crate) complaint_throttle: crate::throttle::Throttle,
    /// The duplicate groups and the store fingerprint they were computed
    /// for; the lock also lets one request compute while others wait.
    pub(crate) duplicates: Mutex<Option<([i64; 5], Arc<rectify_petitions::Duplicates>)>>,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// China Standard Time: "today" for the offices is the date in UTC+8.
pub fn china_today(now: DateTime<Utc>) -> NaiveDate {
    (now.naive_utc() + chrono::Duration::hours(8)).date()
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        settings: Settings,
        evidence: std::result::Result<EvidenceStore, String>,
    ) -> App {
        App(Arc::new(Inner {
            store,
            calendar: RwLock::new(None),
            refresh_lock: Mutex::new(()),
            evidence,
            evaluated: AtomicU64::new(0),
            login_throttle: crate::throttle::Throttle::per_minute(
                settings.login_failures_per_minute,
            ),
            complaint_throttle: crate::commands::complaint_throttle(),
            duplicates: Mutex::new(None),
            settings,
        }))
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn evidence(&self) -> Result<&EvidenceStore> {
        self.evidence
            .as_ref()
            .map_err(|e| Error::with(ErrorCode::Internal, format!("evidence store: {e}")))
    }

    pub fn today(&self) -> NaiveDate {
        self.settings
            .today
            .unwrap_or_else(|| china_today(Utc::now()))
    }

    /// How many problems' warnings this process has evaluated.
    pub fn warning_evaluations(&self) -> u64 {
        self.evaluated.load(Ordering::Relaxed)
    }

    /// The official calendar plus the administrator's additions from the
    /// database, cached for a minute so that every server agrees soon after
    /// a change.
    pub async fn calendar(&self) -> Result<Arc<WorkCalendar>> {
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

    /// Adds `n` working days to `from` on the current calendar.
    pub async fn add_workdays(&self, from: NaiveDate, n: u32) -> Result<NaiveDate> {
        self.calendar()
            .await?
            .add_workdays(from, n)
            .map_err(error::calendar)
    }
}
