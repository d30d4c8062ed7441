//! The shared conformance suite on PostgreSQL, run when `TEST_DATABASE_URL`
//! is set; each test gets its own schema. In CI (or with
//! `RECTIFY_REQUIRE_POSTGRES=1`) a missing or unreachable database fails the
//! tests instead of skipping them (`testsuite::postgres_url_or_skip`).
#![allow(clippy::unwrap_used)]

use rectify_store::{audit, Store};
use rectify_store_postgres::PgStore;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

async fn fresh() -> Option<PgStore> {
    let url = rectify_store::testsuite::postgres_url_or_skip()?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let schema = format!(
        "rt_{secs}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    Some(
        PgStore::connect_in_schema(&url, Some(&schema))
            .await
            .unwrap(),
    )
}

rectify_store::conformance_tests!(fresh);

/// Runs statements behind the store's back, for the tampering tests.
fn raw(s: &PgStore) -> rectify_store::testsuite::Raw {
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
    let Some(s) = fresh().await else { return };
    s.import_plan(&rectify_store::testsuite::sample_plan(), "t")
        .await
        .unwrap();
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
    sqlx::query("UPDATE audit_events SET actor = 'nobody' WHERE seq = 3")
        .execute(s.pool())
        .await
        .unwrap();
    let err = audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
    )
    .unwrap_err();
    assert_eq!(err, audit::VerifyFailure::HashMismatch { seq: 3 });
}

#[tokio::test]
async fn malformed_url_is_a_clear_error() {
    let err = PgStore::connect("postgres://[::1").await.err().unwrap();
    assert!(err.to_string().contains("PostgreSQL"), "{err}");
}
