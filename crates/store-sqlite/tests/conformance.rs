//! The shared conformance suite on SQLite, plus tampering checks that need
//! raw access to the database file.

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
