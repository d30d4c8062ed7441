//! A write refreshes the warnings of the problem it touched, not the whole
//! ledger; the periodic sweep still covers every problem.

use chrono::NaiveDate;
use rectify_app::commands::ProgressInput;
use rectify_app::{App, Settings};
use rectify_store::{NewUser, ProblemFilter, Role, Store};
use rectify_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::Duration;

async fn store() -> Arc<dyn Store> {
    let dir = std::env::temp_dir().join(format!("rectify-app-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("refresh.db");
    let _ = std::fs::remove_file(&path);
    Arc::new(
        SqliteStore::connect(&format!("sqlite:{}", path.display()))
            .await
            .expect("sqlite"),
    )
}

#[tokio::test]
async fn a_progress_report_refreshes_only_its_problem() {
    let store = store().await;
    store
        .import_plan(&rectify_store::testsuite::sample_plan(), "test")
        .await
        .expect("import");
    let user = store
        .create_user(&NewUser {
            username: "unit".into(),
            display_name: "unit".into(),
            password_hash: "x".into(),
            role: Role::Unit,
            units: vec!["高新区管委会".into()],
            person: None,
            actor: "test".into(),
        })
        .await
        .expect("user");
    let rows = store
        .list_problems(&ProblemFilter {
            page: 1,
            per_page: 50,
            ..Default::default()
        })
        .await
        .expect("rows")
        .items;
    assert!(rows.len() > 2, "the sample plan has several problems");
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let app = App::new(
        store.clone(),
        Settings {
            today: Some(today),
            ..Settings::default()
        },
        Err("no evidence store in this test".into()),
    );
    let p = rows[1].id;
    let input = ProgressInput::parse("2026-11", "60", "已完成截污管网铺设", today).expect("input");
    app.submit_progress(&user, p, input).await.expect("report");
    for _ in 0..100 {
        if app.warning_evaluations() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.warning_evaluations(), 1, "one problem evaluated");
    app.refresh_warnings(None).await.expect("sweep");
    assert_eq!(
        app.warning_evaluations(),
        1 + rows.len() as u64,
        "the sweep evaluates every problem"
    );
}
