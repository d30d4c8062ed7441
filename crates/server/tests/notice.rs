//! The 公示 notice and objections a citizen can follow, over HTTP on SQLite
//! (and PostgreSQL when `TEST_DATABASE_URL` is set): the notice generated
//! from the plan's settings when 公示 starts and shown on the portal and as
//! docx; reference numbers and their lookup; the throttle (the 41st
//! objection in a burst answers 429), exact repeats, spam; and the
//! objector's contact reaching the office and admin only.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rectify_evidence::EvidenceStore;
use rectify_server::{auth, AppState, Config};
use rectify_store::{NewUser, Role, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{Cursor, Read};
use std::sync::atomic::Ordering;
use std::sync::Arc;

mod common;
use common::*;

/// A server over `store` whose today is `today`, with a private evidence
/// directory.
async fn serve_at(store: &Arc<dyn Store>, today: &str) -> (String, AppState) {
    let dir = std::env::temp_dir().join(format!(
        "rectify-notice-blobs-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let config = Config {
        today: Some(NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap()),
        warning_interval_secs: 3600,
        ..Config::default()
    };
    let state = AppState::with_evidence(store.clone(), config, EvidenceStore::local(&dir).unwrap());
    (serve(state.clone()).await, state)
}

fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice("整改后现场照片".as_bytes());
    v
}

/// The unit reports 100% with a photo, the office accepts, the unit
/// self-checks, the office reviews and starts 公示 (on 2026-09-24: to
/// 2026-10-09, five working days around 中秋 and 国庆).
async fn start_notice(unit: &Client, office: &Client, p: i64) -> Value {
    let (s, r) = unit
        .post(
            &format!("/api/v1/problems/{p}/progress"),
            json!({"period": "2026-09", "percent": 100, "text": "提标改造完成，废气收集处理设施投运"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let rid = r["id"].as_i64().unwrap();
    let (s, r) = unit
        .upload(
            &format!("/api/v1/problems/{p}/attachments?file_name=%E7%8E%B0%E5%9C%BA.png&kind=photo&report_id={rid}"),
            &png(),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) = office
        .post(
            &format!("/api/v1/problems/{p}/reports/{rid}/review"),
            json!({"accept": true, "comment": "同意"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    for (who, step) in [
        (unit, "self_check"),
        (office, "review"),
        (office, "public_notice"),
    ] {
        let (s, r) = who
            .post(
                &format!("/api/v1/problems/{p}/signoff"),
                json!({"step": step, "decision": "approve", "comment": "同意"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{step}: {r}");
        if step == "public_notice" {
            return r;
        }
    }
    unreachable!()
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn text(c: &Client, path: &str) -> (StatusCode, String) {
    let r = c
        .http
        .get(format!("{}{path}", c.base))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Posts an objection from the address `from` (`None`: the connection's).
async fn object(c: &Client, p: i64, text: &str, from: Option<&str>) -> (StatusCode, Value) {
    let mut req = c
        .http
        .post(format!("{}/api/v1/public/problems/{p}/objections", c.base))
        .json(&json!({"text": text, "contact": "13912345678"}));
    if let Some(ip) = from {
        req = req.header("x-forwarded-for", ip);
    }
    let r = req.send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notice_is_issued_with_the_plans_settings_and_published() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let p = ids[1]; // (二), led by 高新区管委会
        let (base, _) = serve_at(&store, "2026-09-24").await;
        let unit = Client::login(&base, "unit").await;
        let office = Client::login(&base, "office").await;
        let plan = office.get("/api/v1/plans").await.1["items"][0]["id"]
            .as_i64()
            .unwrap();
        // Only the office sets them; bad contacts are refused with a code.
        let settings = json!({
            "title": "关于测试市反馈问题{编号}整改完成情况的公示",
            "receiver": "测试市督察整改办",
            "phone": "0734-12369",
            "email": "zgb@example.gov.cn",
            "address": "测试市人民路1号",
            "issuer": "测试市生态环境保护委员会办公室",
            "workdays": 5
        });
        let path = format!("/api/v1/plans/{plan}/notice-settings");
        let put = |c: &Client, body: Value| {
            let req = c.http.put(format!("{}{path}", c.base)).json(&body);
            async move {
                let r = req.send().await.unwrap();
                let s = r.status();
                (s, r.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        assert_eq!(put(&unit, settings.clone()).await.0, StatusCode::FORBIDDEN);
        let mut bad = settings.clone();
        bad["email"] = json!("not an address");
        let (s, r) = put(&office, bad).await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, "notice_contact_invalid")
        );
        let (s, r) = put(&office, settings.clone()).await;
        assert_eq!(s, StatusCode::OK, "{backend}: {r}");
        assert_eq!(office.get(&path).await.1["phone"], "0734-12369");

        // Nothing is published before 公示.
        let public = Client::anonymous(&base);
        let (s, _) = public
            .get(&format!("/api/v1/public/problems/{p}/notice"))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        let started = start_notice(&unit, &office, p).await;
        assert_eq!(started["notice_end"], "2026-10-09");
        let (s, n) = public
            .get(&format!("/api/v1/public/problems/{p}/notice"))
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert_eq!(n["title"], "关于测试市反馈问题（二）整改完成情况的公示");
        assert_eq!(
            (
                n["notice_start"].as_str(),
                n["notice_end"].as_str(),
                n["workdays"].as_i64()
            ),
            (Some("2026-09-24"), Some("2026-10-09"), Some(5))
        );
        let t = n["text"].as_str().unwrap();
        for want in [
            "工业园区废气直排",
            "整改责任单位\n高新区管委会、市工信局",
            "整改目标：目标2",
            "1. 措施一2",
            "2030-12-31前",
            "截至2026年9月，整改进度100%。提标改造完成",
            "2026年9月24日至2026年10月9日（5个工作日）",
            "向测试市督察整改办反映",
            "监督电话：0734-12369",
            "电子邮箱：zgb@example.gov.cn",
            "通信地址：测试市人民路1号",
            &format!("/public/problems/{p}"),
            "测试市生态环境保护委员会办公室\n2026年9月24日",
        ] {
            assert!(t.contains(want), "{backend}: missing {want:?} in\n{t}");
        }
        // The evidence was not marked public, so the notice says so.
        assert!(t.contains("无公开的佐证材料"), "{t}");
        // The public list and detail carry the notice period.
        let (_, list) = public
            .get("/api/v1/public/problems?status=in_public_notice")
            .await;
        let item = &list["items"][0];
        assert_eq!(
            (
                item["id"].as_i64(),
                item["notice_start"].as_str(),
                item["notice_end"].as_str()
            ),
            (Some(p), Some("2026-09-24"), Some("2026-10-09")),
            "{list}"
        );
        let (_, detail) = public.get(&format!("/api/v1/public/problems/{p}")).await;
        assert_eq!(
            (
                detail["notice_start"].as_str(),
                detail["notice_end"].as_str()
            ),
            (Some("2026-09-24"), Some("2026-10-09"))
        );
        // The 公示公告 list, JSON and page, newest first.
        let (_, notices) = public.get("/api/v1/public/notices").await;
        assert_eq!(notices["total"], 1);
        let nid = notices["items"][0]["id"].as_i64().unwrap();
        let (s, page) = text(&public, "/public/notices").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains("关于测试市反馈问题（二）整改完成情况的公示"),
            "{page}"
        );
        // The problem's portal page shows the notice text.
        let (_, page) = text(&public, &format!("/public/problems/{p}")).await;
        for want in [
            "整改完成情况",
            "监督电话：0734-12369",
            "测试市生态环境保护委员会办公室",
            &format!("/public/notices/{nid}.docx"),
        ] {
            assert!(page.contains(want), "{backend}: portal misses {want}");
        }
        // The Word file carries the same parts.
        for path in [
            format!("/public/notices/{nid}.docx"),
            format!("/public/problems/{p}/notice.docx"),
        ] {
            let r = public
                .http
                .get(format!("{base}{path}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert!(r.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("wordprocessingml"));
            let bytes = r.bytes().await.unwrap();
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
            let mut xml = String::new();
            zip.by_name("word/document.xml")
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            for want in [
                "关于测试市反馈问题（二）整改完成情况的公示",
                "整改完成情况",
                "监督电话：0734-12369",
                "2026年9月24日至2026年10月9日（5个工作日）",
                "测试市生态环境保护委员会办公室",
            ] {
                assert!(xml.contains(want), "{backend}: {path} misses {want}");
            }
        }
        let (s, _) = text(&public, "/public/notices/999999.docx").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // The notice is in the audit trail, which still verifies.
        let (_, verify) = office.get("/api/v1/audit/verify").await;
        assert_eq!(verify["ok"], true, "{backend}: {verify}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objections_follow_throttle_repeat_and_spam() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let p = ids[1];
        let (base, state) = serve_at(&store, "2026-09-24").await;
        let unit = Client::login(&base, "unit").await;
        let office = Client::login(&base, "office").await;
        start_notice(&unit, &office, p).await;
        let public = Client::anonymous(&base);

        // A burst on one problem: forty from forty addresses are taken …
        for i in 0..40 {
            let text =
                rectify_domain::input::Comment::parse(&format!("第{i}条：夜间仍有异味"), "t")
                    .unwrap();
            state
                .app
                .lodge_objection(p, text, None, &format!("10.0.0.{i}"))
                .await
                .unwrap();
        }
        // … the forty-first is answered 429 in Chinese.
        let (s, r) = object(&public, p, "第41条：夜间仍有异味", Some("10.0.1.1")).await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "objection_throttled"),
            "{backend}: {r}"
        );
        assert!(
            r["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("提交异议过于频繁"),
            "{r}"
        );

        // The office marks ten as spam: they stop counting and blocking.
        let (_, open) = office.get("/api/v1/objections").await;
        let open: Vec<i64> = open["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_i64().unwrap())
            .collect();
        assert_eq!(open.len(), 40);
        for id in &open[..10] {
            let (s, r) = office
                .post(
                    &format!("/api/v1/objections/{id}/resolve"),
                    json!({"resolution": "批量刷屏", "kind": "spam"}),
                )
                .await;
            assert_eq!(
                (s, r["status"].as_str()),
                (StatusCode::OK, Some("spam")),
                "{r}"
            );
        }
        let (s, r) = office
            .post(
                &format!("/api/v1/objections/{}/resolve", open[10]),
                json!({"resolution": "x", "kind": "delete"}),
            )
            .await;
        assert_eq!(
            (s, code(&r)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "objection_outcome_unknown"
            )
        );

        // A citizen objects, gets a reference number and follows it.
        let (s, r) = object(&public, p, "园区东侧仍有黑烟", None).await;
        assert_eq!(s, StatusCode::CREATED, "{backend}: {r}");
        let reference = r["reference"].as_str().unwrap().to_string();
        assert!(
            reference.starts_with("YY20260924-") && reference.len() == 21,
            "{reference}"
        );
        assert!(r["message"].as_str().unwrap().contains(&reference));
        let (s, st) = public
            .get(&format!("/api/v1/public/objections/{reference}"))
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            (st["status"].as_str(), st["problem_id"].as_i64()),
            (Some("open"), Some(p))
        );
        assert!(
            !st.to_string().contains("13912345678") && !st.to_string().contains("黑烟"),
            "{st}"
        );
        // Typed in lower case with spaces, it is still found; junk is 422.
        let (s, _) = public
            .get(&format!(
                "/api/v1/public/objections/{}",
                reference.to_lowercase()
            ))
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, r) = public
            .get("/api/v1/public/objections/YY20260924-NOPE")
            .await;
        assert_eq!(
            (s, code(&r)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "objection_reference_invalid"
            )
        );
        let (s, _) = public
            .get("/api/v1/public/objections/YY20260924-0000000000")
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // An exact repeat is refused.
        let (s, r) = object(&public, p, "园区东侧仍有黑烟", None).await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::CONFLICT, "objection_repeated"),
            "{r}"
        );
        // Five from one address in ten minutes; the sixth is refused.
        for i in 2..=5 {
            let (s, r) = object(&public, p, &format!("补充情况{i}"), None).await;
            assert_eq!(s, StatusCode::CREATED, "{i}: {r}");
        }
        let (s, r) = object(&public, p, "补充情况6", None).await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "objection_throttled"),
            "{r}"
        );
        assert!(
            r["error"]["message"].as_str().unwrap().contains("10分钟"),
            "{r}"
        );

        // The office answers; the reply becomes public, the contact never.
        let oid = office.get("/api/v1/objections").await.1["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["reference"] == reference.as_str())
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        office
            .post(
                &format!("/api/v1/objections/{oid}/resolve"),
                json!({"resolution": "经现场核查，黑烟系临时施工，已责令整改"}),
            )
            .await;
        let (_, st) = public
            .get(&format!("/api/v1/public/objections/{reference}"))
            .await;
        assert_eq!(
            (st["status"].as_str(), st["reply"].as_str()),
            (
                Some("resolved"),
                Some("经现场核查，黑烟系临时施工，已责令整改")
            )
        );
        let (s, page) = text(
            &public,
            &format!("/public/objections/lookup?ref={reference}"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains(&reference) && page.contains("已办结") && page.contains("已责令整改"),
            "{page}"
        );
        assert!(!page.contains("13912345678"));

        // After the notice, open objections block verification; spam does not.
        let (later, _) = serve_at(&store, "2026-10-12").await;
        let office2 = Client::login(&later, "office").await;
        let verify = json!({"step": "verify", "decision": "approve", "comment": "同意"});
        let (s, r) = office2
            .post(&format!("/api/v1/problems/{p}/signoff"), verify.clone())
            .await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::CONFLICT, "objections_open"),
            "{backend}"
        );
        for o in office2.get("/api/v1/objections").await.1["items"]
            .as_array()
            .unwrap()
        {
            let (s, _) = office2
                .post(
                    &format!("/api/v1/objections/{}/resolve", o["id"]),
                    json!({"resolution": "无具体内容的重复提交", "kind": "spam"}),
                )
                .await;
            assert_eq!(s, StatusCode::OK);
        }
        let (s, r) = office2
            .post(&format!("/api/v1/problems/{p}/signoff"), verify)
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: spam no longer blocks: {r}");
        let (_, v) = office2.get("/api/v1/audit/verify").await;
        assert_eq!(v["ok"], true, "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objector_contact_reaches_office_and_admin_only() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let p = ids[0]; // (一): 市住建局 primary, 市生态环境局 supervising
        store
            .create_user(&NewUser {
                username: "zhujian".into(),
                display_name: "市住建局".into(),
                password_hash: auth::hash_password(PW).unwrap(),
                role: Role::Unit,
                units: vec!["市住建局".into()],
                person: None,
                actor: "test".into(),
            })
            .await
            .unwrap();
        let (base, _) = serve_at(&store, "2026-09-24").await;
        let unit = Client::login(&base, "zhujian").await;
        let office = Client::login(&base, "office").await;
        start_notice(&unit, &office, p).await;
        let public = Client::anonymous(&base);
        let (s, _) = object(&public, p, "工地夜间扬尘严重", None).await;
        assert_eq!(s, StatusCode::CREATED);
        let secret = "13912345678";
        for (user, sees) in [
            ("office", true),
            ("admin", true),
            ("zhujian", false),
            ("supervisor", false),
            ("leader", false),
            ("discipline", false),
        ] {
            let c = Client::login(&base, user).await;
            let (s, json) = text(&c, &format!("/api/v1/problems/{p}")).await;
            assert_eq!(s, StatusCode::OK, "{backend} {user}");
            assert!(
                json.contains("工地夜间扬尘严重"),
                "{user} reads the objection"
            );
            assert_eq!(json.contains(secret), sees, "{backend}: {user} JSON");
            let (s, html) = text(&c, &format!("/problems/{p}")).await;
            assert_eq!(s, StatusCode::OK, "{backend} {user}");
            assert_eq!(html.contains(secret), sees, "{backend}: {user} page");
            for export in ["/problems/export.csv", "/api/v1/problems"] {
                let (_, body) = text(&c, export).await;
                assert!(!body.contains(secret), "{backend}: {user} {export}");
            }
        }
        for path in [
            format!("/api/v1/public/problems/{p}"),
            format!("/public/problems/{p}"),
            format!("/api/v1/public/problems/{p}/notice"),
        ] {
            let (_, body) = text(&public, &path).await;
            assert!(!body.contains(secret), "{backend}: {path}");
        }
    }
}
