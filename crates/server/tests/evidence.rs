//! Evidence uploads and downloads, and look-back campaigns, end to end: a
//! real server on 127.0.0.1:0, on SQLite always and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, Utc};
use rectify_domain::{Decision, SignoffStep};
use rectify_evidence::EvidenceStore;
use rectify_server::{AppState, Config};
use rectify_store::{SignoffRequest, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

mod common;
use common::*;

fn config() -> Config {
    Config {
        today: NaiveDate::from_ymd_opt(2026, 9, 24),
        ..Config::default()
    }
}

fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice("整改后现场照片".as_bytes());
    v
}

fn sha(bytes: &[u8]) -> String {
    rectify_evidence::sha256_hex(bytes)
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_upload_and_download() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let (mine, theirs) = (ids[1], ids[0]);
        let dir = std::env::temp_dir().join(format!(
            "rectify-evidence-blobs-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let evidence = EvidenceStore::local(&dir).unwrap().with_max_size(64 * 1024);
        let base = serve(AppState::with_evidence(store.clone(), config(), evidence)).await;
        let unit = Client::login(&base, "unit").await;
        let other = Client::login(&base, "other").await;
        let office = Client::login(&base, "office").await;
        let leader = Client::login(&base, "leader").await;
        let supervisor = Client::login(&base, "supervisor").await;
        let discipline = Client::login(&base, "discipline").await;

        // A unit of the problem uploads a photo; the name is display-only.
        let photo = png();
        let (s, a) = unit
            .upload(
                &format!("/api/v1/problems/{mine}/attachments?file_name=..%2F..%2Fetc%2F%E7%8E%B0%E5%9C%BA.png&kind=photo"),
                &photo,
                Some("application/octet-stream"),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {a}");
        assert_eq!(a["sha256"], sha(&photo));
        assert_eq!(a["content_type"], "image/png");
        assert_eq!(a["file_name"], "现场.png");
        assert_eq!(a["kind"], "photo");
        assert_eq!(a["uploaded_by"], "unit");
        assert_eq!(a["size"], photo.len());
        // Stored under its hash, not under the name.
        let h = sha(&photo);
        assert!(dir.join("sha256").join(&h[..2]).join(&h).is_file());
        assert!(!dir.join("etc").exists());

        // The problem shows it; the download is an attachment, typed by content.
        let (_, detail) = unit.get(&format!("/api/v1/problems/{mine}")).await;
        assert_eq!(
            detail["attachments"].as_array().unwrap().len(),
            1,
            "{backend}"
        );
        assert!(detail["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "attach_evidence"));
        for who in [&unit, &office, &leader, &discipline] {
            let r = who.download(&h).await;
            assert_eq!(r.status(), StatusCode::OK, "{backend}");
            let hd = r.headers().clone();
            assert_eq!(hd["content-type"], "image/png");
            assert_eq!(hd["x-content-type-options"], "nosniff");
            let cd = hd["content-disposition"].to_str().unwrap();
            assert!(cd.starts_with("attachment;"), "{cd}");
            assert!(
                cd.contains("filename*=UTF-8''%E7%8E%B0%E5%9C%BA.png"),
                "{cd}"
            );
            assert_eq!(r.bytes().await.unwrap().to_vec(), photo);
        }
        // Upper-case hex names the same file.
        assert_eq!(
            unit.download(&h.to_uppercase()).await.status(),
            StatusCode::OK
        );
        // Outside the problem's units: 403 and no data.
        for who in [&other, &supervisor] {
            let r = who.download(&h).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{backend}");
            let body = r.text().await.unwrap();
            assert!(!body.contains("PNG") && !body.contains("现场"), "{body}");
        }
        let anon = reqwest::Client::new()
            .get(format!("{base}/api/v1/attachments/{h}"))
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            unit.download(&"0".repeat(64)).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            unit.download("..%2F..%2Fetc%2Fpasswd").await.status(),
            StatusCode::NOT_FOUND
        );

        // Who may upload: the problem's units and the office, not others.
        for (who, problem, expected) in [
            (&other, mine, StatusCode::FORBIDDEN),
            (&leader, mine, StatusCode::FORBIDDEN),
            (&discipline, mine, StatusCode::FORBIDDEN),
            (&unit, theirs, StatusCode::FORBIDDEN),
            (&supervisor, mine, StatusCode::FORBIDDEN),
        ] {
            let (s, v) = who
                .upload(
                    &format!("/api/v1/problems/{problem}/attachments"),
                    b"%PDF-1.4 x",
                    None,
                )
                .await;
            assert_eq!(s, expected, "{backend}: {v}");
        }
        assert_eq!(
            unit.upload("/api/v1/problems/999999/attachments", b"%PDF-1.4 x", None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // The supervising unit files an acceptance opinion on the problem it supervises.
        let (s, v) = supervisor
            .upload(
                &format!(
                    "/api/v1/problems/{theirs}/attachments?kind=acceptance&file_name=验收意见.pdf"
                ),
                b"%PDF-1.4 acceptance",
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {v}");
        // The office, with no name given: a default name from the type.
        let (s, v) = office
            .upload(
                &format!("/api/v1/problems/{mine}/attachments?kind=monitoring"),
                b"%PDF-1.7 monitoring",
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {v}");
        assert_eq!(v["file_name"], "附件.pdf");
        assert_eq!(v["content_type"], "application/pdf");

        // The type is what the bytes say: an SVG claiming to be a PNG is refused.
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        let (s, v) = unit
            .upload(
                &format!("/api/v1/problems/{mine}/attachments?file_name=x.png&kind=photo"),
                svg,
                Some("image/png"),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("不支持的文件类型"),
            "{v}"
        );
        let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
        assert_eq!(
            unit.upload(
                &format!("/api/v1/problems/{mine}/attachments"),
                html,
                Some("text/html")
            )
            .await
            .0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert!(!dir
            .join("sha256")
            .join(&sha(svg)[..2])
            .join(sha(svg))
            .exists());
        // Too large: 413 with a JSON error.
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(64 * 1024 + 1, b' ');
        let (s, v) = unit
            .upload(&format!("/api/v1/problems/{mine}/attachments"), &big, None)
            .await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{backend}: {v}");
        assert_eq!(error_code(&v), "payload_too_large");
        assert_eq!(
            unit.upload(&format!("/api/v1/problems/{mine}/attachments"), b"", None)
                .await
                .0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // A bad kind, a report of another problem, the same file twice.
        for q in ["kind=selfie", "report_id=abc", "report_id=999999"] {
            let (s, v) = unit
                .upload(
                    &format!("/api/v1/problems/{mine}/attachments?{q}"),
                    b"%PDF-1.4 q",
                    None,
                )
                .await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{backend} {q}: {v}");
        }
        let (s, v) = unit
            .upload(
                &format!("/api/v1/problems/{mine}/attachments?kind=photo"),
                &photo,
                None,
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{backend}: {v}");
        // Evidence for a progress report.
        let (s, report) = unit
            .post(
                &format!("/api/v1/problems/{mine}/progress"),
                json!({"period": "2026-09", "percent": 60, "text": "完成废气收集装置安装"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{report}");
        let (s, v) = unit
            .upload(
                &format!(
                    "/api/v1/problems/{mine}/attachments?kind=monitoring&report_id={}",
                    report["id"]
                ),
                b"%PDF-1.4 monitoring report",
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {v}");
        assert_eq!(v["report_id"], report["id"]);

        // The JSON-only guard is relaxed for this upload path only, and the
        // same-origin check still applies.
        let r = unit
            .http
            .post(format!("{base}/api/v1/problems/{mine}/progress"))
            .body("period=2026-10")
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = unit
            .http
            .post(format!("{base}/api/v1/problems/{mine}/attachments"))
            .header("origin", "http://evil.example")
            .body(png())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Each upload is an audit event naming the file's hash, and the trail verifies.
        let events = store.audit_events(None).await.unwrap();
        let adds: Vec<_> = events
            .iter()
            .filter(|e| e.action == "attachment.add")
            .collect();
        assert_eq!(adds.len(), 4, "{backend}");
        assert_eq!(adds[0].after.as_ref().unwrap()["sha256"], h.as_str());
        let (s, v) = office.get("/api/v1/audit/verify").await;
        assert_eq!((s, v["ok"].clone()), (StatusCode::OK, json!(true)), "{v}");

        // The OpenAPI description lists the endpoints.
        let (_, doc) = office.get("/api/openapi.json").await;
        assert!(doc["paths"]["/api/v1/problems/{id}/attachments"]["post"].is_object());
        assert!(doc["paths"]["/api/v1/attachments/{sha256}"]["get"].is_object());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A blob changed in storage behind the ledger is not served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_blob_is_not_served() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let dir = std::env::temp_dir().join(format!("rectify-evidence-tamper-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let base = serve(AppState::with_evidence(
        store.clone(),
        config(),
        EvidenceStore::local(&dir).unwrap(),
    ))
    .await;
    let unit = Client::login(&base, "unit").await;
    let pdf = b"%PDF-1.4 original";
    let (s, _) = unit
        .upload(
            &format!("/api/v1/problems/{}/attachments", ids[1]),
            pdf,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let h = sha(pdf);
    std::fs::write(
        dir.join("sha256").join(&h[..2]).join(&h),
        b"%PDF-1.4 forged",
    )
    .unwrap();
    let r = unit.download(&h).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!r.text().await.unwrap().contains("forged"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `AppState::new` keeps working: attachments go under `evidence_dir`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_state_keeps_files_under_evidence_dir() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let dir = std::env::temp_dir().join(format!("rectify-evidence-default-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let base = serve(AppState::new(
        store.clone(),
        Config {
            evidence_dir: Some(dir.clone()),
            ..config()
        },
    ))
    .await;
    let office = Client::login(&base, "office").await;
    let (s, v) = office
        .upload(
            &format!("/api/v1/problems/{}/attachments", ids[0]),
            &png(),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let h = sha(&png());
    assert!(dir.join("sha256").join(&h[..2]).join(&h).is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

async fn sign_off(store: &Arc<dyn Store>, id: i64) {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    make_ready(store, id).await;
    for (step, today) in [
        (SignoffStep::SelfCheck, "2026-03-02"),
        (SignoffStep::Review, "2026-03-03"),
        (SignoffStep::PublicNotice, "2026-03-04"),
        (SignoffStep::Verify, "2026-03-12"),
        (SignoffStep::File, "2026-03-13"),
    ] {
        store
            .apply_signoff(&SignoffRequest {
                problem_id: id,
                step,
                decision: Decision::Approve,
                comment: "同意".into(),
                actor: "office".into(),
                at: Utc::now(),
                today: d(today),
                notice: (step == SignoffStep::PublicNotice)
                    .then(|| (d("2026-03-04"), d("2026-03-11"))),
            })
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookback_over_http() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        // (一): 市住建局, supervised by 市生态环境局; (三): 市城管局.
        sign_off(&store, ids[0]).await;
        sign_off(&store, ids[2]).await;
        let base = serve(AppState::with_evidence(
            store.clone(),
            config(),
            EvidenceStore::in_memory(),
        ))
        .await;
        let office = Client::login(&base, "office").await;
        let unit = Client::login(&base, "unit").await;
        let other = Client::login(&base, "other").await;
        let supervisor = Client::login(&base, "supervisor").await;
        let discipline = Client::login(&base, "discipline").await;
        let plan_id = store.list_plans().await.unwrap()[0].id;
        let body = json!({"name": "2026年督察整改回头看", "note": "全面复核", "selection": {"kind": "plan", "plan_id": plan_id}});

        // Only the office starts a campaign.
        for who in [&unit, &supervisor, &discipline] {
            assert_eq!(
                who.post("/api/v1/lookbacks", body.clone()).await.0,
                StatusCode::FORBIDDEN
            );
        }
        let (s, c) = office.post("/api/v1/lookbacks", body.clone()).await;
        assert_eq!(s, StatusCode::OK, "{backend}: {c}");
        let cid = c["campaign"]["id"].as_i64().unwrap();
        assert_eq!(c["campaign"]["total"], 2);
        assert_eq!(
            c["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["problem_id"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            vec![ids[0], ids[2]]
        );
        // Bad selections: unsigned problems, a bad kind, a zero percent.
        let (s, v) = office
            .post(
                "/api/v1/lookbacks",
                json!({"name": "x", "selection": {"kind": "problems", "ids": [ids[1]]}}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let (s, _) = office
            .post(
                "/api/v1/lookbacks",
                json!({"name": "x", "selection": {"kind": "everything"}}),
            )
            .await;
        assert!(s.is_client_error(), "{s}");
        let (s, _) = office
            .post(
                "/api/v1/lookbacks",
                json!({"name": "x", "selection": {"kind": "percent", "percent": 0, "seed": 1}}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // A seeded sample.
        let (s, sample) = office
            .post(
                "/api/v1/lookbacks",
                json!({"name": "抽查", "selection": {"kind": "percent", "percent": 50, "seed": 7}}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{sample}");
        assert_eq!(sample["campaign"]["total"], 1);

        // Reading: the office and discipline see everything; others their own problems.
        let (_, all) = office.get("/api/v1/lookbacks").await;
        assert_eq!(all["total"], 2);
        let (_, all) = discipline.get("/api/v1/lookbacks").await;
        assert_eq!(all["total"], 2);
        let (_, mine) = supervisor.get(&format!("/api/v1/lookbacks/{cid}")).await;
        assert_eq!(mine["campaign"]["total"], 1, "{mine}");
        assert_eq!(mine["items"][0]["problem_id"], ids[0]);
        let (_, theirs) = other.get(&format!("/api/v1/lookbacks/{cid}")).await;
        assert_eq!(theirs["items"].as_array().unwrap().len(), 1);
        assert_eq!(theirs["items"][0]["problem_id"], ids[2]);
        let (_, none) = unit.get("/api/v1/lookbacks").await;
        assert_eq!(none["total"], 0);
        let (s, v) = unit.get(&format!("/api/v1/lookbacks/{cid}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(
            !v.to_string().contains("回头看"),
            "no data in the error: {v}"
        );
        assert_eq!(
            office.get("/api/v1/lookbacks/999999").await.0,
            StatusCode::NOT_FOUND
        );

        // Recording: the supervising unit on its problem; not units, not others.
        let item = |p: i64| format!("/api/v1/lookbacks/{cid}/items/{p}");
        let (s, v) = supervisor
            .post(
                &item(ids[0]),
                json!({"result": "confirmed", "comment": "现场复核，整改成效巩固"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {v}");
        assert_eq!(v["result"], "confirmed");
        assert_eq!(v["checked_by"], "supervisor");
        assert_eq!(
            supervisor
                .post(&item(ids[2]), json!({"result": "confirmed"}))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            other
                .post(&item(ids[2]), json!({"result": "confirmed"}))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            office
                .post(&item(ids[0]), json!({"result": "rebound", "comment": "x"}))
                .await
                .0,
            StatusCode::CONFLICT,
            "one result per item"
        );
        assert_eq!(
            office
                .post(&item(ids[2]), json!({"result": "maybe"}))
                .await
                .0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            office
                .post(&item(ids[2]), json!({"result": "rebound", "comment": " "}))
                .await
                .0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a rebound needs its reason"
        );
        assert_eq!(
            office
                .post(
                    &format!("/api/v1/lookbacks/999999/items/{}", ids[2]),
                    json!({"result": "confirmed"})
                )
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // A rebound reopens the problem.
        let (s, v) = office
            .post(
                &item(ids[2]),
                json!({"result": "rebound", "comment": "回头看发现黑臭反弹"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {v}");
        assert_eq!(v["result"], "rebound");
        assert_eq!(v["problem_status"], "in_progress");
        let (_, p) = other.get(&format!("/api/v1/problems/{}", ids[2])).await;
        assert_eq!(p["row"]["status"], "in_progress");
        let (_, c) = office.get(&format!("/api/v1/lookbacks/{cid}")).await;
        assert_eq!(
            (
                c["campaign"]["pending"].clone(),
                c["campaign"]["confirmed"].clone(),
                c["campaign"]["rebound"].clone()
            ),
            (json!(0), json!(1), json!(1))
        );
        let (s, v) = office.get("/api/v1/audit/verify").await;
        assert_eq!((s, v["ok"].clone()), (StatusCode::OK, json!(true)), "{v}");
        let (_, doc) = office.get("/api/openapi.json").await;
        for path in [
            "/api/v1/lookbacks",
            "/api/v1/lookbacks/{id}",
            "/api/v1/lookbacks/{id}/items/{problem_id}",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
    }
}
