//! Signed audit checkpoints over HTTP: the office signs on demand, others
//! may not, and anyone reads the list (newest first) and the portal page.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use rectify_server::{AppState, Config};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkpoints_are_signed_on_demand_and_public() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let dir = std::env::temp_dir().join(format!(
            "rectify-cp-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let config = Config {
            today: NaiveDate::from_ymd_opt(2026, 11, 23),
            data_dir: Some(dir.clone()),
            ..Config::default()
        };
        let base = serve(AppState::new(store.clone(), config)).await;
        let public = Client::anonymous(&base);
        let (s, list) = public.get("/api/v1/public/audit/checkpoints").await;
        assert_eq!(
            (s, list.as_array().map(Vec::len)),
            (StatusCode::OK, Some(0))
        );

        let unit = Client::login(&base, "unit").await;
        let (s, r) = unit.post("/api/v1/audit/checkpoints", json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{backend}: {r}");

        let office = Client::login(&base, "office").await;
        let (s, first) = office.post("/api/v1/audit/checkpoints", json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{backend}: {first}");
        let head = store.audit_head().await.unwrap();
        assert_eq!(first["seq"], head.seq);
        assert_eq!(first["head_hash"], head.hash.as_str());
        assert_eq!(first["public_key"].as_str().unwrap().len(), 64);
        assert_eq!(first["signature"].as_str().unwrap().len(), 128);
        assert!(dir.join("audit-signing.key").is_file());

        // A write moves the head; the next checkpoint is listed first.
        let admin = Client::login(&base, "admin").await;
        let (s, r) = admin
            .post(
                "/api/v1/calendar/overrides",
                json!({"date": "2027-10-01", "is_workday": false, "name": "国庆节"}),
            )
            .await;
        assert!(s.is_success(), "{backend}: {r}");
        let (s, second) = admin.post("/api/v1/audit/checkpoints", json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{backend}: {second}");
        assert_eq!(second["public_key"], first["public_key"], "one key");
        let (_, list) = public.get("/api/v1/public/audit/checkpoints").await;
        let list = list.as_array().unwrap().clone();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0], second);
        assert_eq!(list[1], first);
        assert!(second["seq"].as_i64() > first["seq"].as_i64(), "{backend}");

        let (_, verify) = office.get("/api/v1/audit/verify").await;
        assert_eq!(verify["ok"], true, "{backend}: {verify}");

        let html = reqwest::get(format!("{base}/public/audit"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("审计记录检查点"), "{html}");
        assert!(html.contains(second["head_hash"].as_str().unwrap()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_data_directory_nothing_is_signed() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store, "2026-11-23").await;
    let office = Client::login(&base, "office").await;
    let (s, r) = office.post("/api/v1/audit/checkpoints", json!({})).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r["error"]["code"], "audit_key_unavailable");
}
