//! The audit chain's head and its signed checkpoints.

use super::Pool;
use rectify_store::audit::{ChainHead, Checkpoint, GENESIS};
use rectify_store::{StoreError, StoreResult};

pub(crate) async fn audit_head(pool: &Pool) -> StoreResult<ChainHead> {
    let (seq, hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(pool)
            .await?;
    Ok(ChainHead { seq, hash })
}

/// Stores a signed checkpoint after making sure it names an event of this
/// chain (a checkpoint the chain does not contain would mislead readers).
pub(crate) async fn add_checkpoint(pool: &Pool, cp: &Checkpoint) -> StoreResult<()> {
    let hash: Option<String> = if cp.seq == 0 {
        Some(GENESIS.to_string())
    } else {
        sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = $1")
            .bind(cp.seq)
            .fetch_optional(pool)
            .await?
    };
    if hash.as_deref() != Some(cp.head_hash.as_str()) {
        return Err(StoreError::Conflict(format!(
            "检查点 #{} 与审计链不符 / checkpoint #{} does not match the audit chain",
            cp.seq, cp.seq
        )));
    }
    sqlx::query(
        "INSERT INTO audit_checkpoints (seq, head_hash, at, key_id, public_key, signature) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(cp.seq)
    .bind(&cp.head_hash)
    .bind(&cp.at)
    .bind(&cp.key_id)
    .bind(&cp.public_key)
    .bind(&cp.signature)
    .execute(pool)
    .await?;
    Ok(())
}

/// The newest checkpoints first, at most `limit`.
pub(crate) async fn list_checkpoints(pool: &Pool, limit: i64) -> StoreResult<Vec<Checkpoint>> {
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, head_hash, at, key_id, public_key, signature FROM audit_checkpoints \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, head_hash, at, key_id, public_key, signature)| Checkpoint {
                seq,
                head_hash,
                at,
                key_id,
                public_key,
                signature,
            },
        )
        .collect())
}
