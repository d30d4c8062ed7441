//! The tamper-evident audit trail. Every change to the ledger appends an
//! event in the same transaction; events form a hash chain
//! `hash = sha256(prev_hash ‖ canonical event)`, and the latest event of each
//! audited row carries the row's canonical snapshot, so both an edited event
//! and a row changed behind the trail's back are detected.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Entities whose rows are checked against their latest event's snapshot.
/// Other events (logins, warnings, notes) are covered by the chain only.
pub const LEDGER_ENTITIES: [&str; 11] = [
    "plan",
    "problem",
    "report",
    "signoff",
    "objection",
    "escalation",
    "attachment",
    "lookback",
    "lookback_item",
    // The 公示 notice: a plan's settings and the issued notices (issue 10).
    "notice_settings",
    "public_notice",
];

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEvent {
    pub seq: i64,
    /// RFC 3339 with microseconds, stored as text so it hashes identically
    /// on every backend.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// An event about to be appended (seq and hashes are assigned by the store).
#[derive(Debug, Clone)]
pub struct PendingEvent {
    pub actor: String,
    pub action: String,
    pub entity: &'static str,
    pub entity_id: i64,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The canonical form that is hashed: a JSON object with sorted keys.
pub fn canonical(seq: i64, at: &str, e: &AuditEvent) -> String {
    json!({
        "seq": seq,
        "at": at,
        "actor": e.actor,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "before": e.before,
        "after": e.after,
    })
    .to_string()
}

pub fn chain_hash(prev_hash: &str, canonical_event: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(canonical_event.as_bytes());
    hex::encode(h.finalize())
}

/// Current state of an audited row, in the same canonical shape the trail
/// recorded as the row's `after`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub entity: String,
    pub entity_id: i64,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyReport {
    pub events: usize,
    pub rows: usize,
    pub head: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyFailure {
    #[error("审计事件 #{seq} 的哈希不符（事件被修改）/ audit event #{seq}: hash mismatch (event edited)")]
    HashMismatch { seq: i64 },
    #[error("审计事件 #{seq} 与前一事件断链（事件被删除或调换）/ audit event #{seq}: chain broken (event deleted or reordered)")]
    ChainBroken { seq: i64 },
    #[error("{entity} #{entity_id} 的当前数据与审计记录不符（未经记录的修改）/ {entity} #{entity_id} differs from its audit trail (changed without an event)")]
    RowDiffers { entity: String, entity_id: i64 },
    #[error("{entity} #{entity_id} 没有审计记录 / {entity} #{entity_id} has no audit event")]
    RowUnrecorded { entity: String, entity_id: i64 },
    #[error("{entity} #{entity_id} 在审计记录中存在但已从数据库删除 / {entity} #{entity_id} is in the trail but was deleted from the database")]
    RowMissing { entity: String, entity_id: i64 },
}

/// Checks the chain and the ledger against it; names the first problem found.
pub fn verify(
    events: &[AuditEvent],
    snapshots: &[Snapshot],
) -> Result<VerifyReport, VerifyFailure> {
    let mut prev = GENESIS.to_string();
    let mut latest: HashMap<(String, i64), &Option<Value>> = HashMap::new();
    for e in events {
        if e.prev_hash != prev {
            return Err(VerifyFailure::ChainBroken { seq: e.seq });
        }
        if chain_hash(&prev, &canonical(e.seq, &e.at, e)) != e.hash {
            return Err(VerifyFailure::HashMismatch { seq: e.seq });
        }
        if LEDGER_ENTITIES.contains(&e.entity.as_str()) {
            latest.insert((e.entity.clone(), e.entity_id), &e.after);
        }
        prev = e.hash.clone();
    }
    let mut seen = std::collections::HashSet::new();
    for s in snapshots {
        let key = (s.entity.clone(), s.entity_id);
        match latest.get(&key) {
            Some(Some(after)) if *after == s.data => {}
            Some(_) => {
                return Err(VerifyFailure::RowDiffers {
                    entity: s.entity.clone(),
                    entity_id: s.entity_id,
                })
            }
            None => {
                return Err(VerifyFailure::RowUnrecorded {
                    entity: s.entity.clone(),
                    entity_id: s.entity_id,
                })
            }
        }
        seen.insert(key);
    }
    let mut missing: Vec<_> = latest
        .iter()
        .filter(|(k, v)| v.is_some() && !seen.contains(*k))
        .map(|(k, _)| k.clone())
        .collect();
    missing.sort();
    if let Some((entity, entity_id)) = missing.into_iter().next() {
        return Err(VerifyFailure::RowMissing { entity, entity_id });
    }
    Ok(VerifyReport {
        events: events.len(),
        rows: snapshots.len(),
        head: prev,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEvent {
                    seq,
                    at: format!("2026-01-01T00:00:{seq:02}.000000Z"),
                    actor: "office".into(),
                    action: "problem.update".into(),
                    entity: "problem".into(),
                    entity_id: seq,
                    before: None,
                    after: Some(json!({"text": format!("t{seq}")})),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = chain_hash(&prev, &canonical(seq, &e.at, &e));
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn snaps(n: i64) -> Vec<Snapshot> {
        (1..=n)
            .map(|i| Snapshot {
                entity: "problem".into(),
                entity_id: i,
                data: json!({"text": format!("t{i}")}),
            })
            .collect()
    }

    #[test]
    fn honest_trail_verifies() {
        let r = verify(&chain(5), &snaps(5)).unwrap();
        assert_eq!(r.events, 5);
    }

    #[test]
    fn edited_event_is_named() {
        let mut c = chain(5);
        c[2].actor = "someone else".into();
        assert_eq!(
            verify(&c, &snaps(5)),
            Err(VerifyFailure::HashMismatch { seq: 3 })
        );
    }

    #[test]
    fn deleted_or_reordered_event_breaks_chain() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify(&c, &snaps(5)),
            Err(VerifyFailure::ChainBroken { seq: 3 })
        );
        let mut c = chain(5);
        c.swap(3, 4);
        assert!(matches!(
            verify(&c, &snaps(5)),
            Err(VerifyFailure::ChainBroken { .. })
        ));
    }

    #[test]
    fn row_changed_without_event_is_named() {
        let mut s = snaps(5);
        s[3].data = json!({"text": "silently edited"});
        assert_eq!(
            verify(&chain(5), &s),
            Err(VerifyFailure::RowDiffers {
                entity: "problem".into(),
                entity_id: 4
            })
        );
        let mut s = snaps(5);
        s.pop();
        assert!(matches!(
            verify(&chain(5), &s),
            Err(VerifyFailure::RowMissing { .. })
        ));
    }
}
