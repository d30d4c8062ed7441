//! The tamper-evident audit trail. Every change to the ledger appends an
//! event in the same transaction; events form a hash chain
//! `hash = sha256(prev_hash ‖ canonical event)`, and the latest event of each
//! audited row carries the row's canonical snapshot, so both an edited event
//! and a row changed behind the trail's back are detected.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Entities whose rows are checked against their latest event's snapshot
/// (together with [`ACCESS_ENTITIES`]). Other events (logins, notes) are
/// covered by the chain only.
pub const LEDGER_ENTITIES: [&str; 17] = [
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
    // Corrections after import, with their reasons (issue 11).
    "correction",
    // Petitions, their visits, evidence and duplicate decisions (issue 12).
    "petition_batch",
    "petition",
    "petition_visit",
    "petition_attachment",
    "petition_decision",
];

/// The rows that decide who may do what and what the warnings say: accounts
/// (with their units), units (with their aliases), the calendar's
/// overrides (entity id `YYYYMMDD`) and warnings. Covered since
/// [`COVERAGE`] 2; the store records a baseline event for each existing row
/// once when it upgrades a database.
pub const ACCESS_ENTITIES: [&str; 4] = ["user", "unit", "calendar_override", "warning"];

/// The coverage level this code writes and checks (`audit_head.coverage`).
/// 3: plans record whether they are published (issue 11).
pub const COVERAGE: i64 = 3;

/// Does this event carry its row's snapshot in `after`? Every event of a
/// covered entity does, except a login attempt, which records the attempt
/// and not the account (the failure counter and the lock are volatile).
pub fn carries_snapshot(entity: &str, action: &str) -> bool {
    (LEDGER_ENTITIES.contains(&entity) || ACCESS_ENTITIES.contains(&entity))
        && !(entity == "user" && action.starts_with("login."))
}

/// The entity id of a calendar override: its date as `YYYYMMDD`.
pub fn calendar_entity_id(date: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

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

/// SHA-256 of a text, hex: how a secret enters a snapshot.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
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
    #[error("审计链止于 #{chain_seq}，而链头记录为 #{head_seq}（最新事件被删除或改写）/ the chain ends at #{chain_seq} but the head row says #{head_seq} (newest events deleted or rewritten)")]
    HeadMismatch { head_seq: i64, chain_seq: i64 },
    #[error("审计链只有 {len} 个事件，短于检查点 #{seq}（链被截短）/ the chain has {len} events, fewer than checkpoint #{seq} (truncated)")]
    ShorterThanCheckpoint { seq: i64, len: i64 },
    #[error("审计事件 #{seq} 与检查点记录的哈希不符（链被改写）/ audit event #{seq} no longer has the checkpoint's hash (chain rewritten)")]
    CheckpointRewritten { seq: i64 },
}

/// The chain head as the `audit_head` row records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

/// A signed statement that the chain had `head_hash` at `seq` (as in
/// Certificate Transparency's signed tree heads). Anyone holding a copy can
/// later show that the ledger still extends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub head_hash: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// The first 16 hex digits of SHA-256 of the public key.
    pub key_id: String,
    /// The Ed25519 public key, hex.
    pub public_key: String,
    /// The Ed25519 signature of [`Checkpoint::signed_text`], hex.
    pub signature: String,
}

impl Checkpoint {
    /// The exact text that is signed: one field a line, fixed order.
    pub fn signed_text(&self) -> String {
        format!(
            "rectify-audit-checkpoint/1\nseq={}\nhead={}\nat={}\nkey={}\n",
            self.seq, self.head_hash, self.at, self.key_id
        )
    }
}

/// Like [`verify`], and the chain must end where the `audit_head` row says:
/// deleting the newest events is caught.
pub fn verify_against_head(
    events: &[AuditEvent],
    snapshots: &[Snapshot],
    head: &ChainHead,
) -> Result<VerifyReport, VerifyFailure> {
    check_head(events, head)?;
    verify(events, snapshots)
}

/// The chain's end against the head row: the chain alone is checked first,
/// so an edited event is named as such.
fn check_head(events: &[AuditEvent], head: &ChainHead) -> Result<(), VerifyFailure> {
    let mut prev = GENESIS;
    for e in events {
        if e.prev_hash != prev {
            return Err(VerifyFailure::ChainBroken { seq: e.seq });
        }
        if chain_hash(prev, &canonical(e.seq, &e.at, e)) != e.hash {
            return Err(VerifyFailure::HashMismatch { seq: e.seq });
        }
        prev = &e.hash;
    }
    let chain_seq = events.last().map_or(0, |e| e.seq);
    if chain_seq != head.seq || prev != head.hash {
        return Err(VerifyFailure::HeadMismatch {
            head_seq: head.seq,
            chain_seq,
        });
    }
    Ok(())
}

/// Does the ledger still extend `cp`: is the event at the checkpoint's
/// sequence number still there with the checkpoint's hash? (The chain
/// itself is checked by [`verify`].)
pub fn extends(events: &[AuditEvent], cp: &Checkpoint) -> Result<(), VerifyFailure> {
    if cp.seq == 0 {
        return if cp.head_hash == GENESIS {
            Ok(())
        } else {
            Err(VerifyFailure::CheckpointRewritten { seq: 0 })
        };
    }
    match events.iter().find(|e| e.seq == cp.seq) {
        Some(e) if e.hash == cp.head_hash => Ok(()),
        Some(_) => Err(VerifyFailure::CheckpointRewritten { seq: cp.seq }),
        None => Err(VerifyFailure::ShorterThanCheckpoint {
            seq: cp.seq,
            len: events.len() as i64,
        }),
    }
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
        if carries_snapshot(&e.entity, &e.action) {
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
    fn head_row_catches_a_deleted_newest_event() {
        let c = chain(5);
        let head = ChainHead {
            seq: 5,
            hash: c[4].hash.clone(),
        };
        assert!(verify_against_head(&c, &snaps(5), &head).is_ok());
        let mut cut = c.clone();
        cut.pop();
        // The chain alone still holds; only the head row exposes the cut.
        assert!(verify(&cut, &snaps(4)).is_ok());
        assert_eq!(
            verify_against_head(&cut, &snaps(4), &head),
            Err(VerifyFailure::HeadMismatch {
                head_seq: 5,
                chain_seq: 4
            })
        );
    }

    #[test]
    fn checkpoint_catches_truncation_and_rewrite() {
        let c = chain(5);
        let cp = Checkpoint {
            seq: 4,
            head_hash: c[3].hash.clone(),
            at: "2026-01-02T00:00:00Z".into(),
            key_id: "k".into(),
            public_key: String::new(),
            signature: String::new(),
        };
        assert!(extends(&c, &cp).is_ok());
        assert_eq!(
            extends(&c[..3], &cp),
            Err(VerifyFailure::ShorterThanCheckpoint { seq: 4, len: 3 })
        );
        // A rewrite with every later hash recomputed is a valid chain that
        // no longer extends the checkpoint.
        let mut rewritten = chain(5);
        rewritten[1].actor = "someone else".into();
        let mut prev = rewritten[0].hash.clone();
        for e in rewritten.iter_mut().skip(1) {
            e.prev_hash = prev.clone();
            e.hash = chain_hash(&prev, &canonical(e.seq, &e.at, e));
            prev = e.hash.clone();
        }
        assert!(verify(&rewritten, &snaps(5)).is_ok());
        assert_eq!(
            extends(&rewritten, &cp),
            Err(VerifyFailure::CheckpointRewritten { seq: 4 })
        );
    }

    #[test]
    fn login_attempts_carry_no_account_snapshot() {
        assert!(carries_snapshot("user", "user.create"));
        assert!(!carries_snapshot("user", "login.failure"));
        assert!(carries_snapshot("warning", "warning.raise"));
        assert!(!carries_snapshot("session", "x"));
        assert_eq!(
            calendar_entity_id(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()),
            20261001
        );
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
