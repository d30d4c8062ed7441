//! The write transaction. Every write takes the audit chain head first (which
//! serializes writers on both backends) and appends its audit events to the
//! chain before it commits.

use super::Pool;
use crate::Db;
use chrono::{DateTime, Utc};
use rectify_store::audit::{self, AuditEvent, PendingEvent};
use rectify_store::sql::{audit_time, micros};
use rectify_store::StoreResult;
use serde_json::Value;

/// A write transaction: holds the audit chain head (and with it the write
/// lock) from its first statement to commit.
pub(super) struct Write {
    pub(super) tx: sqlx::Transaction<'static, Db>,
    seq: i64,
    hash: String,
    /// When the transaction began, to the microsecond: the time of its events.
    pub(super) at: DateTime<Utc>,
}

impl Write {
    pub(super) async fn begin(pool: &Pool) -> StoreResult<Write> {
        let mut tx = pool.begin().await?;
        let (seq, hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *tx)
                .await?;
        Ok(Write {
            tx,
            seq,
            hash,
            at: micros(Utc::now()),
        })
    }

    /// Appends one event to the chain, hashed over the previous one.
    pub(super) async fn audit(&mut self, ev: PendingEvent) -> StoreResult<()> {
        let seq = self.seq + 1;
        let at = audit_time(self.at);
        let mut e = AuditEvent {
            seq,
            at: at.clone(),
            actor: ev.actor,
            action: ev.action,
            entity: ev.entity.to_string(),
            entity_id: ev.entity_id,
            before: ev.before,
            after: ev.after,
            prev_hash: self.hash.clone(),
            hash: String::new(),
        };
        e.hash = audit::chain_hash(&self.hash, &audit::canonical(seq, &at, &e));
        sqlx::query(
            "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, \
             before_json, after_json, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(seq)
        .bind(&e.at)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.entity)
        .bind(e.entity_id)
        .bind(e.before.as_ref().map(|v| v.to_string()))
        .bind(e.after.as_ref().map(|v| v.to_string()))
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .execute(&mut *self.tx)
        .await?;
        self.seq = seq;
        self.hash = e.hash;
        Ok(())
    }

    /// Moves the chain head to the last event and commits.
    pub(super) async fn commit(mut self) -> StoreResult<()> {
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(&self.hash)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(())
    }
}

/// An audit event to append.
pub(super) fn ev(
    actor: &str,
    action: &str,
    entity: &'static str,
    id: i64,
    before: Option<Value>,
    after: Option<Value>,
) -> PendingEvent {
    PendingEvent {
        actor: actor.into(),
        action: action.into(),
        entity,
        entity_id: id,
        before,
        after,
    }
}
