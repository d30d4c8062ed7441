//! Conformance: what `rectify audit verify` catches, on every backend. These
//! tests tamper with the database behind the store's back, so each backend
//! passes a [`Raw`] statement runner (see [`audit_tamper_tests!`]).

use super::{d, imported, new_attachment, sha_of};
use crate::audit::{self, Checkpoint, VerifyFailure, VerifyReport};
use crate::*;
use chrono::Utc;
use rectify_domain::{Decision, SignoffStep};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Runs one SQL statement on the backend's database, panicking on failure.
pub type Raw = Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The audit tests that need raw access, by name, for the backends' tests:
/// `audit_tamper_tests!(fresh, raw)` with `raw(&store) -> Raw`.
#[macro_export]
macro_rules! audit_tamper_tests {
    ($fresh:path, $raw:path) => {
        $crate::audit_tamper_tests!(@each $fresh, $raw,
            deleting_the_newest_event_fails_verify, recomputed_chain_fails_against_checkpoint,
            silent_edits_of_covered_tables_fail_verify);
    };
    (@each $fresh:path, $raw:path, $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(store) = $fresh().await {
                    let raw = $raw(&store);
                    $crate::testsuite::$name(std::sync::Arc::new(store), raw).await;
                }
            }
        )*
    };
}

/// The whole check `rectify audit verify` runs (chain, head row, rows).
pub async fn verify_all(s: &Arc<impl Store>) -> Result<VerifyReport, VerifyFailure> {
    audit::verify_against_head(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
        &s.audit_head().await.unwrap(),
    )
}

pub async fn deleting_the_newest_event_fails_verify(s: Arc<impl Store>, raw: Raw) {
    imported(&s).await;
    let head = s.audit_head().await.unwrap();
    let r = verify_all(&s).await.unwrap();
    assert_eq!(r.events as i64, head.seq);
    raw(format!("DELETE FROM audit_events WHERE seq = {}", head.seq)).await;
    assert_eq!(
        verify_all(&s).await.unwrap_err(),
        VerifyFailure::HeadMismatch {
            head_seq: head.seq,
            chain_seq: head.seq - 1
        }
    );
    // Moving the head row back as well leaves the newest row unrecorded or
    // differing from its previous event.
    let events = s.audit_events(None).await.unwrap();
    let last = events.last().unwrap();
    raw(format!(
        "UPDATE audit_head SET seq = {}, hash = '{}' WHERE id = 1",
        last.seq, last.hash
    ))
    .await;
    let err = verify_all(&s).await.unwrap_err();
    assert!(
        matches!(
            err,
            VerifyFailure::RowDiffers { .. } | VerifyFailure::RowUnrecorded { .. }
        ),
        "{err:?}"
    );
}

pub async fn recomputed_chain_fails_against_checkpoint(s: Arc<impl Store>, raw: Raw) {
    imported(&s).await;
    let head = s.audit_head().await.unwrap();
    let cp = Checkpoint {
        seq: head.seq,
        head_hash: head.hash.clone(),
        at: Utc::now().to_rfc3339(),
        key_id: "test".into(),
        public_key: String::new(),
        signature: String::new(),
    };
    s.add_checkpoint(&cp).await.unwrap();
    assert_eq!(s.list_checkpoints(10).await.unwrap(), vec![cp.clone()]);
    // A checkpoint the chain does not contain is refused.
    let bogus = Checkpoint {
        head_hash: "ff".repeat(32),
        ..cp.clone()
    };
    assert!(matches!(
        s.add_checkpoint(&bogus).await,
        Err(StoreError::Conflict(_))
    ));
    // Rewrite the second event's actor and recompute every later hash and
    // the head row: the chain alone holds, the checkpoint does not.
    let mut events = s.audit_events(None).await.unwrap();
    events[1].actor = "someone else".into();
    let mut prev = events[0].hash.clone();
    for e in events.iter_mut().skip(1) {
        e.prev_hash = prev.clone();
        e.hash = audit::chain_hash(&prev, &audit::canonical(e.seq, &e.at, e));
        prev = e.hash.clone();
        raw(format!(
            "UPDATE audit_events SET actor = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            e.actor, e.prev_hash, e.hash, e.seq
        ))
        .await;
    }
    raw(format!(
        "UPDATE audit_head SET hash = '{prev}' WHERE id = 1"
    ))
    .await;
    assert!(verify_all(&s).await.is_ok());
    let events = s.audit_events(None).await.unwrap();
    assert_eq!(
        audit::extends(&events, &cp),
        Err(VerifyFailure::CheckpointRewritten { seq: head.seq })
    );
    // A chain cut short of the checkpoint.
    assert_eq!(
        audit::extends(&events[..2], &cp),
        Err(VerifyFailure::ShorterThanCheckpoint {
            seq: head.seq,
            len: 2
        })
    );
}

/// The id of the latest event's row of `entity`.
async fn last_id(s: &Arc<impl Store>, entity: &str) -> i64 {
    s.audit_events(None)
        .await
        .unwrap()
        .iter()
        .rev()
        .find(|e| e.entity == entity)
        .unwrap_or_else(|| panic!("no {entity} event"))
        .entity_id
}

pub async fn silent_edits_of_covered_tables_fail_verify(s: Arc<impl Store>, raw: Raw) {
    let (plan_id, rows) = imported(&s).await;
    let p = rows[0].id;
    let user = s
        .create_user(&NewUser {
            username: "gx".into(),
            display_name: "高新区".into(),
            password_hash: "$argon2id$x".into(),
            role: Role::Unit,
            units: vec!["高新区管委会".into()],
            person: None,
            actor: "admin".into(),
        })
        .await
        .unwrap();
    let own_unit = user.units[0].id;
    let other_unit = s.find_unit("市住建局").await.unwrap().unwrap().id;
    s.rename_unit("市住建局", "市住房和城乡建设局", "admin")
        .await
        .unwrap();
    s.add_calendar_override(
        &CalendarOverride {
            date: d("2027-10-01"),
            is_workday: false,
            name: "国庆节".into(),
        },
        "admin",
    )
    .await
    .unwrap();
    s.sync_warnings(
        &[ComputedWarning {
            problem_id: p,
            code: "overdue".into(),
            level: "yellow".into(),
            message: "已逾期".into(),
        }],
        Utc::now(),
        None,
    )
    .await
    .unwrap();
    let warning = last_id(&s, "warning").await;
    let report = s
        .submit_progress(&NewProgressReport {
            problem_id: p,
            period: "2026-01".into(),
            percent: 40,
            text: "推进中".into(),
            measure_status: vec![],
            submitted_by: "gx".into(),
            submitted_at: Utc::now(),
        })
        .await
        .unwrap();
    // Into the public notice, where objections may be lodged.
    super::ready(&s, rows[1].id).await;
    for (step, today) in [
        (SignoffStep::SelfCheck, "2026-03-02"),
        (SignoffStep::Review, "2026-03-03"),
        (SignoffStep::PublicNotice, "2026-03-04"),
    ] {
        s.apply_signoff(&SignoffRequest {
            problem_id: rows[1].id,
            step,
            decision: Decision::Approve,
            comment: "同意".into(),
            actor: "office".into(),
            at: Utc::now(),
            today: d(today),
            notice: (step == SignoffStep::PublicNotice).then(|| (d("2026-03-04"), d("2026-03-11"))),
        })
        .await
        .unwrap();
    }
    let signoff = last_id(&s, "signoff").await;
    let objection = s
        .add_objection(&NewObjection {
            problem_id: rows[1].id,
            text: "现场仍有异味".into(),
            contact: None,
            at: Utc::now(),
            reference: "YY20260301-0000000009".into(),
            client_key: None,
        })
        .await
        .unwrap();
    let escalation = s
        .add_escalation(&NewEscalation {
            problem_id: Some(p),
            unit_id: None,
            kind: "notice".into(),
            date: d("2026-11-02"),
            doc_number: None,
            note: Some("逾期".into()),
            actor: "office".into(),
        })
        .await
        .unwrap();
    let attachment = s
        .add_attachment(&new_attachment(p, &sha_of("photo"), "photo"))
        .await
        .unwrap();
    let honest = verify_all(&s).await;
    assert!(honest.is_ok(), "{honest:?}");
    let day = audit::calendar_entity_id(d("2027-10-01"));
    let cases: Vec<(String, String, &str, i64)> = vec![
        (
            format!("UPDATE users SET role = 'admin' WHERE id = {}", user.id),
            format!("UPDATE users SET role = 'unit' WHERE id = {}", user.id),
            "user",
            user.id,
        ),
        (
            format!(
                "INSERT INTO user_units (user_id, unit_id) VALUES ({}, {other_unit})",
                user.id
            ),
            format!(
                "DELETE FROM user_units WHERE user_id = {} AND unit_id = {other_unit}",
                user.id
            ),
            "user",
            user.id,
        ),
        (
            format!(
                "UPDATE users SET password_hash = 'x' WHERE id = {}",
                user.id
            ),
            format!(
                "UPDATE users SET password_hash = '$argon2id$x' WHERE id = {}",
                user.id
            ),
            "user",
            user.id,
        ),
        (
            format!("UPDATE units SET name = '改名' WHERE id = {own_unit}"),
            format!("UPDATE units SET name = '高新区管委会' WHERE id = {own_unit}"),
            "unit",
            own_unit,
        ),
        (
            format!("INSERT INTO unit_aliases (alias, unit_id) VALUES ('冒名单位', {own_unit})"),
            "DELETE FROM unit_aliases WHERE alias = '冒名单位'".into(),
            "unit",
            own_unit,
        ),
        (
            "UPDATE calendar_overrides SET name = '调休' WHERE name = '国庆节'".into(),
            "UPDATE calendar_overrides SET name = '国庆节' WHERE name = '调休'".into(),
            "calendar_override",
            day,
        ),
        (
            format!("UPDATE warnings SET level = 'red' WHERE id = {warning}"),
            format!("UPDATE warnings SET level = 'yellow' WHERE id = {warning}"),
            "warning",
            warning,
        ),
        (
            format!("UPDATE plans SET notice_workdays = 1 WHERE id = {plan_id}"),
            format!("UPDATE plans SET notice_workdays = 5 WHERE id = {plan_id}"),
            "plan",
            plan_id,
        ),
        (
            format!("UPDATE problems SET version = version + 100 WHERE id = {p}"),
            format!("UPDATE problems SET version = version - 100 WHERE id = {p}"),
            "problem",
            p,
        ),
        (
            format!(
                "INSERT INTO problem_units (problem_id, unit_id, role, note, seq) \
                 VALUES ({p}, {own_unit}, 'supervising', NULL, 99)"
            ),
            format!("DELETE FROM problem_units WHERE problem_id = {p} AND seq = 99"),
            "problem",
            p,
        ),
        (
            format!(
                "UPDATE progress_reports SET percent = 100 WHERE id = {}",
                report.id
            ),
            format!(
                "UPDATE progress_reports SET percent = 40 WHERE id = {}",
                report.id
            ),
            "report",
            report.id,
        ),
        (
            format!("UPDATE signoff_steps SET comment = '补' WHERE id = {signoff}"),
            format!("UPDATE signoff_steps SET comment = '同意' WHERE id = {signoff}"),
            "signoff",
            signoff,
        ),
        (
            format!(
                "UPDATE objections SET resolution = '已核实' WHERE id = {}",
                objection.id
            ),
            format!(
                "UPDATE objections SET resolution = NULL WHERE id = {}",
                objection.id
            ),
            "objection",
            objection.id,
        ),
        (
            format!(
                "UPDATE escalations SET note = '撤销' WHERE id = {}",
                escalation.id
            ),
            format!(
                "UPDATE escalations SET note = '逾期' WHERE id = {}",
                escalation.id
            ),
            "escalation",
            escalation.id,
        ),
        (
            format!(
                "UPDATE problem_attachments SET removal_reason = '私自撤下' WHERE id = {}",
                attachment.id
            ),
            format!(
                "UPDATE problem_attachments SET removal_reason = NULL WHERE id = {}",
                attachment.id
            ),
            "attachment",
            attachment.id,
        ),
    ];
    for (tamper, undo, entity, id) in cases {
        raw(tamper.clone()).await;
        assert_eq!(
            verify_all(&s).await.unwrap_err(),
            VerifyFailure::RowDiffers {
                entity: entity.into(),
                entity_id: id
            },
            "{tamper}"
        );
        raw(undo).await;
        let back = verify_all(&s).await;
        assert!(back.is_ok(), "after undoing {tamper}: {back:?}");
    }
    // A row inserted behind the trail's back has no event.
    raw("INSERT INTO calendar_overrides (date, is_workday, name) VALUES ('2027-10-08', false, '假')".into()).await;
    assert_eq!(
        verify_all(&s).await.unwrap_err(),
        VerifyFailure::RowUnrecorded {
            entity: "calendar_override".into(),
            entity_id: 20271008
        }
    );
}
