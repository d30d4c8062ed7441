//! The audit trail outsiders can check: verification of the chain, the head
//! row and every covered row, and signed checkpoints of the chain head (as
//! Certificate Transparency's signed tree heads): one at least daily, more
//! on demand, all public.

use crate::audit_key::{check_signature, AuditKey};
use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, GlobalAction};
use crate::App;
use chrono::{DateTime, Utc};
use rectify_store::audit::{self, Checkpoint, VerifyFailure, VerifyReport};
use rectify_store::User;

/// How many checkpoints the public list shows.
pub const PUBLIC_CHECKPOINTS: i64 = 100;

/// A day between scheduled checkpoints.
const CHECKPOINT_EVERY: chrono::Duration = chrono::Duration::hours(24);

/// The outcome of a verification: the report, or the first problem found.
pub type AuditOutcome = std::result::Result<VerifyReport, VerifyFailure>;

impl App {
    /// Verifies for a logged-in user (office, admin, discipline).
    pub async fn verify_audit(&self, user: &User) -> Result<AuditOutcome> {
        policy::require_global(user, GlobalAction::VerifyAudit)?;
        self.audit_check(None).await
    }

    /// The whole check: the chain, its end against the head row, every
    /// covered row against its latest event and, given a saved checkpoint,
    /// that the chain still extends it. The checkpoint's signature is
    /// checked first (a coded error when it fails), and when this server's
    /// key is at hand, that the checkpoint was signed with it.
    pub async fn audit_check(&self, checkpoint: Option<&Checkpoint>) -> Result<AuditOutcome> {
        if let Some(cp) = checkpoint {
            check_signature(cp)?;
            if let Some(key) = self.audit_key(false)? {
                if key.public_key_hex() != cp.public_key {
                    return Err(Error::with(
                        ErrorCode::CheckpointForeignKey,
                        format!("key {} ≠ {}", cp.key_id, key.key_id()),
                    ));
                }
            }
        }
        // One consistent view: every write moves the head, so an unmoved
        // head around the reads means no write committed between them.
        let mut tries = 0;
        let (events, snaps, head) = loop {
            let head = self.store.audit_head().await?;
            let events = self.store.audit_events(None).await?;
            let snaps = self.store.ledger_snapshots().await?;
            tries += 1;
            if self.store.audit_head().await? == head || tries == 5 {
                break (events, snaps, head);
            }
        };
        let outcome = audit::verify_against_head(&events, &snaps, &head);
        Ok(match (outcome, checkpoint) {
            (Ok(report), Some(cp)) => audit::extends(&events, cp).map(|()| report),
            (outcome, _) => outcome,
        })
    }

    /// Signs a checkpoint on demand (office, admin).
    pub async fn sign_checkpoint(&self, user: &User) -> Result<Checkpoint> {
        policy::require_global(user, GlobalAction::SignCheckpoint)?;
        self.checkpoint_now(Utc::now()).await
    }

    /// Signs and stores a checkpoint of the chain head as it stands.
    pub async fn checkpoint_now(&self, now: DateTime<Utc>) -> Result<Checkpoint> {
        let key = self
            .audit_key(true)?
            .ok_or_else(|| Error::with(ErrorCode::AuditKeyUnavailable, "no key"))?;
        let head = self.store.audit_head().await?;
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let cp = key.sign(head.seq, &head.hash, &at);
        self.store.add_checkpoint(&cp).await?;
        Ok(cp)
    }

    /// The newest checkpoint, or a new one when none has been signed.
    pub async fn latest_checkpoint(&self) -> Result<Checkpoint> {
        match self.store.list_checkpoints(1).await?.into_iter().next() {
            Some(cp) => Ok(cp),
            None => self.checkpoint_now(Utc::now()).await,
        }
    }

    /// The public list, newest first.
    pub async fn public_checkpoints(&self) -> Result<Vec<Checkpoint>> {
        Ok(self.store.list_checkpoints(PUBLIC_CHECKPOINTS).await?)
    }

    /// Signs a checkpoint when the newest is a day old (or there is none).
    pub async fn checkpoint_if_due(&self, now: DateTime<Utc>) -> Result<Option<Checkpoint>> {
        let newest = self.store.list_checkpoints(1).await?;
        let due = match newest.first() {
            None => true,
            Some(cp) => DateTime::parse_from_rfc3339(&cp.at)
                .map(|at| now - at.with_timezone(&Utc) >= CHECKPOINT_EVERY)
                .unwrap_or(true),
        };
        if due {
            self.checkpoint_now(now).await.map(Some)
        } else {
            Ok(None)
        }
    }

    /// Every `every`, where the cluster's `audit_checkpoint` lease is held,
    /// signs a checkpoint when a day has passed since the newest.
    pub fn spawn_checkpoints(&self, every: std::time::Duration, node_id: String) {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let now = Utc::now();
                let ttl = chrono::Duration::seconds(2 * every.as_secs() as i64);
                match app
                    .store
                    .try_lease("audit_checkpoint", &node_id, now, now + ttl)
                    .await
                {
                    Ok(true) => match app.checkpoint_if_due(now).await {
                        Ok(Some(cp)) => tracing::info!(seq = cp.seq, "audit checkpoint signed"),
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
                    },
                    Ok(false) => tracing::debug!("another server holds the checkpoint lease"),
                    Err(e) => tracing::warn!(error = %e, "lease check failed"),
                }
            }
        });
    }

    /// The signing key in the data directory; created when `create`.
    fn audit_key(&self, create: bool) -> Result<Option<AuditKey>> {
        match &self.settings.data_dir {
            None if create => Err(Error::with(
                ErrorCode::AuditKeyUnavailable,
                "未配置数据目录 / no data directory configured",
            )),
            None => Ok(None),
            Some(dir) if create => AuditKey::load_or_create(dir).map(Some),
            Some(dir) => AuditKey::load(dir),
        }
    }
}
