//! The shared conformance suite on SQLite, plus tampering checks that need
//! raw access to the database file.
#![allow(clippy::unwrap_used)]

use rectify_store::{audit, Store};
use rectify_store_sqlite::SqliteStore;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

async fn fresh() -> Option<SqliteStore> {
    let dir = std::env::temp_dir().join(format!("rectify-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("t{}.db", N.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_file(&path);
    Some(
        SqliteStore::connect(&format!("sqlite:{}", path.display()))
            .await
            .unwrap(),
    )
}

rectify_store::conformance_tests!(fresh);

/// Runs statements behind the store's back, for the tampering tests.
fn raw(s: &SqliteStore) -> rectify_store::testsuite::Raw {
    let pool = s.pool().clone();
    std::sync::Arc::new(move |sql: String| {
        let pool = pool.clone();
        Box::pin(async move {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        })
    })
}

rectify_store::audit_tamper_tests!(fresh, raw);

#[tokio::test]
async fn tampering_is_detected() {
    let s = fresh().await.unwrap();
    s.import_plan(&rectify_store::testsuite::sample_plan(), "t")
        .await
        .unwrap();
    let ok = audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
    );
    assert!(ok.is_ok());
    // A problem's text changed directly in the database.
    sqlx::query("UPDATE problems SET description = '已整改' WHERE id = 2")
        .execute(s.pool())
        .await
        .unwrap();
    let err = audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        audit::VerifyFailure::RowDiffers {
            entity: "problem".into(),
            entity_id: 2
        }
    );
}

#[tokio::test]
async fn missing_directory_is_a_clear_error() {
    let err = SqliteStore::connect("sqlite:/nonexistent-dir-rectify/x.db")
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("数据库目录不存在"), "{err}");
}

/// Evidence and look-back rows are in the ledger check: swapping the file
/// behind an attachment, or turning a rebound into a confirmation, in the
/// database directly is caught.
#[tokio::test]
async fn evidence_and_lookback_tampering_is_detected() {
    use rectify_domain::{Decision, SignoffStep};
    use rectify_store::{LookbackSelection, NewAttachment, SignoffRequest};
    let s = fresh().await.unwrap();
    s.import_plan(&rectify_store::testsuite::sample_plan(), "t")
        .await
        .unwrap();
    let sha = "ab".repeat(32);
    let a = s
        .add_attachment(&NewAttachment {
            problem_id: 1,
            report_id: None,
            sha256: sha.clone(),
            size: 10,
            content_type: "application/pdf".into(),
            file_name: "验收意见.pdf".into(),
            kind: "acceptance".into(),
            uploaded_by: "u".into(),
            uploaded_at: chrono::Utc::now(),
            public: false,
        })
        .await
        .unwrap();
    let d = rectify_store::testsuite::d;
    let s = std::sync::Arc::new(s);
    rectify_store::testsuite::ready(&s, 1).await;
    for (step, today) in [
        (SignoffStep::SelfCheck, "2026-03-02"),
        (SignoffStep::Review, "2026-03-03"),
        (SignoffStep::PublicNotice, "2026-03-04"),
        (SignoffStep::Verify, "2026-03-12"),
        (SignoffStep::File, "2026-03-13"),
    ] {
        s.apply_signoff(&SignoffRequest {
            problem_id: 1,
            step,
            decision: Decision::Approve,
            comment: "同意".into(),
            actor: "o".into(),
            at: chrono::Utc::now(),
            today: d(today),
            notice: (step == SignoffStep::PublicNotice).then(|| (d("2026-03-04"), d("2026-03-11"))),
        })
        .await
        .unwrap();
    }
    let c = s
        .create_lookback(
            "回头看",
            None,
            &LookbackSelection::Problems { ids: vec![1] },
            "o",
        )
        .await
        .unwrap();
    let verify = || async {
        audit::verify(
            &s.audit_events(None).await.unwrap(),
            &s.ledger_snapshots().await.unwrap(),
        )
    };
    assert!(verify().await.is_ok());
    for (tamper, undo, entity, id) in [
        (
            format!(
                "UPDATE problem_attachments SET sha256 = '{}' WHERE id = {}",
                "cd".repeat(32),
                a.id
            ),
            None,
            "attachment",
            a.id,
        ),
        (
            format!("UPDATE attachments SET content_type = 'text/html' WHERE sha256 = '{sha}'"),
            Some(format!(
                "UPDATE attachments SET content_type = 'application/pdf' WHERE sha256 = '{sha}'"
            )),
            "attachment",
            a.id,
        ),
        (
            format!(
                "UPDATE lookback_items SET result = 'confirmed' WHERE campaign_id = {}",
                c.campaign.id
            ),
            Some(format!(
                "UPDATE lookback_items SET result = 'pending' WHERE campaign_id = {}",
                c.campaign.id
            )),
            "lookback_item",
            1,
        ),
        (
            format!(
                "UPDATE lookback_campaigns SET name = '改名' WHERE id = {}",
                c.campaign.id
            ),
            Some(format!(
                "UPDATE lookback_campaigns SET name = '回头看' WHERE id = {}",
                c.campaign.id
            )),
            "lookback",
            c.campaign.id,
        ),
    ] {
        if entity == "attachment" && undo.is_some() {
            // The first case changed the hash; put it back first.
            sqlx::query(&format!(
                "UPDATE problem_attachments SET sha256 = '{sha}' WHERE id = {}",
                a.id
            ))
            .execute(s.pool())
            .await
            .unwrap();
        }
        if entity == "attachment" && undo.is_none() {
            // Keep the foreign key satisfied for the swapped hash.
            sqlx::query(&format!(
                "INSERT INTO attachments (sha256, size, content_type, created_at) VALUES ('{}', 10, 'application/pdf', '2026-01-01T00:00:00Z')",
                "cd".repeat(32)
            ))
            .execute(s.pool())
            .await
            .unwrap();
        }
        sqlx::query(&tamper).execute(s.pool()).await.unwrap();
        assert_eq!(
            verify().await.unwrap_err(),
            audit::VerifyFailure::RowDiffers {
                entity: entity.into(),
                entity_id: id
            },
            "{tamper}"
        );
        if let Some(undo) = undo {
            sqlx::query(&undo).execute(s.pool()).await.unwrap();
        }
    }
    assert!(verify().await.is_ok());
}

/// A database written before accounts, units, the calendar and warnings
/// were covered gets one baseline event per such row on its first start,
/// once; from then on they are checked.
#[tokio::test]
async fn upgrade_records_a_baseline_once() {
    let dir = std::env::temp_dir().join(format!("rectify-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("upgrade.db");
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite:{}", path.display());
    let s = SqliteStore::connect(&url).await.unwrap();
    s.import_plan(&rectify_store::testsuite::sample_plan(), "t")
        .await
        .unwrap();
    // As an older version left it: a user and a calendar day without
    // snapshot events, and the coverage level of that version.
    for sql in [
        "INSERT INTO users (username, display_name, password_hash, role) VALUES ('old', 'old', 'h', 'office')",
        "INSERT INTO calendar_overrides (date, is_workday, name) VALUES ('2027-01-01', 0, '元旦')",
        "UPDATE audit_head SET coverage = 1 WHERE id = 1",
    ] {
        sqlx::query(sql).execute(s.pool()).await.unwrap();
    }
    let s = std::sync::Arc::new(s);
    assert!(matches!(
        rectify_store::testsuite::verify_all(&s).await,
        Err(audit::VerifyFailure::RowUnrecorded { .. })
    ));
    let s = std::sync::Arc::new(SqliteStore::connect(&url).await.unwrap());
    let r = rectify_store::testsuite::verify_all(&s).await;
    assert!(r.is_ok(), "{r:?}");
    let baseline = |events: Vec<audit::AuditEvent>| {
        events
            .iter()
            .filter(|e| e.action == "audit.baseline")
            .count()
    };
    let n = baseline(s.audit_events(None).await.unwrap());
    // One user, five units, one calendar day, and the plan whose snapshot
    // gained its completion criteria.
    assert_eq!(n, 8);
    let s = SqliteStore::connect(&url).await.unwrap();
    assert_eq!(
        baseline(s.audit_events(None).await.unwrap()),
        n,
        "only once"
    );
}
