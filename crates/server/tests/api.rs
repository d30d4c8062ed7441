//! The HTTP API end to end: real servers on 127.0.0.1:0 over one database,
//! on SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used)]

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signoff_scenario_over_http() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let p = ids[1]; // (二), led by 高新区管委会
        let a = spawn(store.clone(), "2026-09-24").await;
        let b = spawn(store.clone(), "2026-10-09").await;
        let c = spawn(store.clone(), "2026-10-12").await;
        let unit = Client::login(&a, "unit").await;
        let office = Client::login(&a, "office").await;
        let self_check =
            json!({"step": "self_check", "decision": "approve", "comment": "自查合格"});
        let signoff_path = format!("/api/v1/problems/{p}/signoff");
        // 30%, accepted by the office: the self-check is refused and says why.
        let (_, r) = unit
            .post(
                &format!("/api/v1/problems/{p}/progress"),
                json!({"period": "2026-08", "percent": 30, "text": "完成截污管网铺设30%"}),
            )
            .await;
        let rid = r["id"].as_i64().unwrap();
        let (s, _) = office
            .post(
                &format!("/api/v1/problems/{p}/reports/{rid}/review"),
                json!({"accept": true}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, r) = unit.post(&signoff_path, self_check.clone()).await;
        assert_eq!(s, StatusCode::CONFLICT, "{backend}: self-check at 30%: {r}");
        assert_eq!(r["error"]["code"], "signoff_incomplete");
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains("30%") && msg.contains("佐证材料 0 份"),
            "{msg}"
        );
        // 100%, not yet accepted, and no evidence: still refused.
        let (s, r) = unit
            .post(
                &format!("/api/v1/problems/{p}/progress"),
                json!({"period": "2026-09", "percent": 100, "text": "全部整改措施已完成"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {r}");
        let rid = r["id"].as_i64().unwrap();
        let (s, _) = unit.post(&signoff_path, self_check.clone()).await;
        assert_eq!(s, StatusCode::CONFLICT);
        // An unreviewed report never reaches the public.
        let (_, pp) = Client::anonymous(&a)
            .get(&format!("/api/v1/public/problems/{p}"))
            .await;
        assert_eq!(
            pp["progress_percent"], 30,
            "{backend}: only accepted figures are public"
        );
        let mut photo = b"\x89PNG\r\n\x1a\n".to_vec();
        photo.extend_from_slice(format!("{backend} 整改后现场照片").as_bytes());
        let (s, att) = unit
            .upload(
                &format!("/api/v1/problems/{p}/attachments?file_name=photo.png&kind=photo&public=true&report_id={rid}"),
                &photo,
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{att}");
        assert_eq!(att["public"], true);
        office
            .post(
                &format!("/api/v1/problems/{p}/reports/{rid}/review"),
                json!({"accept": true}),
            )
            .await;
        let (s, r) = unit.post(&signoff_path, self_check.clone()).await;
        assert_eq!(s, StatusCode::OK, "{backend}: {r}");
        let (s, r) = office
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "review", "decision": "reject", "comment": "佐证材料不足"}),
            )
            .await;
        assert_eq!(
            (s, r["status"].as_str()),
            (StatusCode::OK, Some("in_progress")),
            "{backend}"
        );
        let (_, detail) = office.get(&format!("/api/v1/problems/{p}")).await;
        assert_eq!(detail["row"]["status"], "in_progress");
        assert_eq!(detail["signoffs"][1]["comment"], "佐证材料不足");
        unit.post(
            &format!("/api/v1/problems/{p}/signoff"),
            json!({"step": "self_check", "decision": "approve", "comment": "补充材料"}),
        )
        .await;
        let (s, _) = office
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "review", "decision": "approve"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, notice) = office
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "public_notice", "decision": "approve"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(notice["notice_start"], "2026-09-24");
        assert_eq!(
            notice["notice_end"], "2026-10-09",
            "{backend}: 5 working days around 中秋 and 国庆"
        );
        // On the last day of the notice, verification is refused.
        let office_b = Client::login(&b, "office").await;
        let (s, r) = office_b
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "verify", "decision": "approve"}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{r}");
        assert_eq!(r["error"]["code"], "notice_running");
        // The public lodges an objection through the portal.
        let public = Client::anonymous(&b);
        let (_, pp) = public.get(&format!("/api/v1/public/problems/{p}")).await;
        assert_eq!(pp["notice_end"], "2026-10-09");
        let (s, _) = public
            .post(
                &format!("/api/v1/public/problems/{p}/objections"),
                json!({"text": "园区夜间仍有异味", "contact": "13900000000"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let office_c = Client::login(&c, "office").await;
        let (s, r) = office_c
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "verify", "decision": "approve"}),
            )
            .await;
        assert_eq!(
            s,
            StatusCode::CONFLICT,
            "an open objection blocks verification: {r}"
        );
        let (_, objections) = office_c.get("/api/v1/objections").await;
        let oid = objections["items"][0]["id"].as_i64().unwrap();
        assert_eq!(
            objections["items"][0]["contact"], "13900000000",
            "the office sees the contact"
        );
        let (s, _) = office_c
            .post(
                &format!("/api/v1/objections/{oid}/resolve"),
                json!({"resolution": "夜间巡查未发现异味，异议不成立"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = office_c
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "verify", "decision": "approve"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, r) = office_c
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": "file", "decision": "approve"}),
            )
            .await;
        assert_eq!(
            (s, r["status"].as_str()),
            (StatusCode::OK, Some("signed_off"))
        );
        let (_, pp) = public.get(&format!("/api/v1/public/problems/{p}")).await;
        assert_eq!(pp["status"], "signed_off");
        let text = pp.to_string();
        assert!(
            !text.contains("13900000000") && !text.contains("office"),
            "no contacts or actors in public: {text}"
        );
        let (_, verify) = office_c.get("/api/v1/audit/verify").await;
        assert_eq!(verify["ok"], true, "{verify}");
    }
}

/// Every role × endpoint × own / other problem: the status code, and no
/// ledger text in any refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let base = spawn(store.clone(), "2026-11-23").await;
        let own = ids[1]; // (二): 高新区管委会 leads; 包昌林 leads every problem
        let other = ids[2]; // (三): 市城管局 only
        let secret = "黑臭水体反弹"; // the text of (三)
        use StatusCode as S;
        let ok = S::OK;
        let no = S::FORBIDDEN;
        // (role, endpoint, own-problem expectation, other-problem expectation)
        type Row = (&'static str, &'static str, StatusCode, StatusCode);
        let rows: Vec<Row> = vec![
            ("office", "read", ok, ok),
            ("office", "progress", no, no),
            ("office", "escalate", ok, ok),
            ("admin", "read", ok, ok),
            // The administrator keeps accounts, not the procedure.
            ("admin", "progress", no, no),
            ("admin", "self_check", no, no),
            ("admin", "review", no, no),
            ("admin", "reopen", no, no),
            ("unit", "read", ok, no),
            ("unit", "progress", ok, no),
            ("unit", "self_check", ok, no),
            ("unit", "review", no, no),
            ("unit", "escalate", no, no),
            ("unit", "reopen", no, no),
            ("other", "read", no, ok),
            ("supervisor", "read", S::FORBIDDEN, S::FORBIDDEN),
            ("leader", "read", ok, ok),
            ("leader", "progress", no, no),
            ("discipline", "read", ok, ok),
            ("discipline", "progress", no, no),
            ("discipline", "review", no, no),
        ];
        for user in [
            "office",
            "admin",
            "unit",
            "other",
            "supervisor",
            "leader",
            "discipline",
        ] {
            let c = Client::login(&base, user).await;
            for (role, endpoint, exp_own, exp_other) in rows.iter().filter(|r| r.0 == user) {
                for (pid, expected) in [(own, *exp_own), (other, *exp_other)] {
                    let (s, body) = match *endpoint {
                        "read" => c.get(&format!("/api/v1/problems/{pid}")).await,
                        "progress" => c.post(&format!("/api/v1/problems/{pid}/progress"), json!({"period": "2026-10", "percent": 10, "text": "x"})).await,
                        "self_check" | "review" => c.post(&format!("/api/v1/problems/{pid}/signoff"), json!({"step": endpoint, "decision": "reject", "comment": "matrix"})).await,
                        "escalate" => c.post(&format!("/api/v1/problems/{pid}/escalations"), json!({"kind": "notice", "note": "matrix"})).await,
                        "reopen" => c.post(&format!("/api/v1/problems/{pid}/reopen"), json!({"reason": "matrix"})).await,
                        _ => unreachable!(),
                    };
                    // A permitted step may still be refused by the state machine (409); permission is what the matrix checks.
                    let got = if s == S::CONFLICT { ok } else { s };
                    assert_eq!(
                        got, expected,
                        "{backend}: {role} {endpoint} on problem {pid}: {body}"
                    );
                    if s == S::FORBIDDEN {
                        assert_eq!(body["error"]["code"], "forbidden");
                        assert!(
                            !body.to_string().contains(secret)
                                && !body.to_string().contains("工业园区"),
                            "leak in {body}"
                        );
                    }
                }
            }
            // The ledger list is narrowed to the user's problems.
            let (s, list) = c.get("/api/v1/problems?per_page=100").await;
            assert_eq!(s, ok);
            let expected_total = match user {
                "unit" => 1,
                "other" => 1,
                "supervisor" => 1, // 市生态环境局 supervises (一)
                _ => 4,
            };
            assert_eq!(
                list["total"], expected_total,
                "{backend}: {user} ledger size"
            );
            let global = [
                ("/api/v1/objections", matches!(user, "office" | "admin")),
                (
                    "/api/v1/audit/verify",
                    matches!(user, "office" | "admin" | "discipline"),
                ),
            ];
            for (path, allowed) in global {
                let (s, _) = c.get(path).await;
                assert_eq!(s == ok, allowed, "{backend}: {user} GET {path} gave {s}");
            }
        }
        // Anonymous callers get 401 on staff endpoints and the public API works.
        let anon = Client::anonymous(&base);
        assert_eq!(
            anon.get(&format!("/api/v1/problems/{own}")).await.0,
            S::UNAUTHORIZED
        );
        assert_eq!(anon.get("/api/v1/problems").await.0, S::UNAUTHORIZED);
        let (s, public) = anon.get("/api/v1/public/problems").await;
        assert_eq!((s, public["total"].as_i64()), (ok, Some(4)));
        assert!(
            !public.to_string().contains("黄欣"),
            "liaisons never reach the portal"
        );
        assert!(
            !public.to_string().contains("赵志超"),
            "responsible persons never reach the portal"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_must_be_same_origin_json() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let base = spawn(store, "2026-11-23").await;
    let unit = Client::login(&base, "unit").await;
    let url = format!("{base}/api/v1/problems/{}/progress", ids[1]);
    let body = json!({"period": "2026-10", "percent": 10, "text": "x"});
    let r = unit
        .http
        .post(&url)
        .header("Origin", "http://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "bad_origin"
    );
    let r = unit
        .http
        .post(&url)
        .header("Content-Type", "text/plain")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let same = base.clone();
    let r = unit
        .http
        .post(&url)
        .header("Origin", same)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = unit
        .http
        .get(format!("{base}/api/v1/problems"))
        .send()
        .await
        .unwrap();
    let csp = r
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(
        r.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brute_force_is_slowed_then_locked_and_audited() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store.clone(), "2026-11-23").await;
    let http = reqwest::Client::new();
    let mut statuses = vec![];
    for _ in 0..6 {
        let r = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"username": "unit", "password": "guess-1234"}))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 401, 429, 429]);
    // Locked: even the right password is refused now.
    let r = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"username": "unit", "password": PW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "account_locked");
    assert!(body["error"]["message"].as_str().unwrap().contains("锁定"));
    let user = store.find_user("unit").await.unwrap().unwrap();
    let actions: Vec<String> = store
        .audit_events(Some(("user", user.id)))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "login.failure").count(), 4);
    // The fifth check locked the account; the last two were refused unchecked.
    assert_eq!(actions.iter().filter(|a| *a == "login.locked").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "login.refused").count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_problems_are_paginated_with_total_and_bad_input_is_clear() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store, "2026-11-23").await;
    let anon = Client::anonymous(&base);
    let (s, page) = anon.get("/api/v1/public/problems?per_page=3&page=2").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(4), 1)
    );
    let (s, err) = anon.get("/api/v1/public/problems?status=bogus").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("未知的整改状态"));
    assert_eq!(
        anon.get("/api/v1/public/problems/99999").await.0,
        StatusCode::NOT_FOUND
    );
    let (s, health) = anon.get("/healthz").await;
    assert_eq!((s, health["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (s, doc) = anon.get("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["paths"]["/api/v1/problems/{id}/signoff"].is_object());
}

/// A plan may prescribe a longer notice; the office sets it, a unit may not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notice_length_per_plan() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    make_ready(&store, ids[1]).await;
    let plan_id = store.list_plans().await.unwrap()[0].id;
    let base = spawn(store.clone(), "2026-09-24").await;
    let unit = Client::login(&base, "unit").await;
    let office = Client::login(&base, "office").await;
    let path = format!("/api/v1/plans/{plan_id}/notice");
    assert_eq!(
        unit.post(&path, json!({"workdays": 7})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        office.post(&path, json!({"workdays": 0})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        office.post(&path, json!({"workdays": 7})).await.0,
        StatusCode::OK
    );
    let p = ids[1];
    unit.post(
        &format!("/api/v1/problems/{p}/signoff"),
        json!({"step": "self_check", "decision": "approve"}),
    )
    .await;
    office
        .post(
            &format!("/api/v1/problems/{p}/signoff"),
            json!({"step": "review", "decision": "approve"}),
        )
        .await;
    let (s, notice) = office
        .post(
            &format!("/api/v1/problems/{p}/signoff"),
            json!({"step": "public_notice", "decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Seven working days after 2026-09-24: 28, 29, 30 September, then 8, 9, 10 (调休 Saturday) and 12 October.
    assert_eq!(notice["notice_end"], "2026-10-12");
}
