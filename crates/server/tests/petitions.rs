//! Petitions over HTTP (issue 12), on SQLite and PostgreSQL (when
//! `TEST_DATABASE_URL` is set): an Open311 client's requests answered with
//! GeoReport v2 field names; no complainant's contact in any public answer;
//! the contact shown to the office and the assigned unit only; a petition
//! about a signed-off problem raises the red rebound warning.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, seed, spawn, Client};
use rectify_store::Store;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

const PHONE: &str = "13912345678";
const NAME: &str = "张小三";

async fn file_complaint(base: &str) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/open311/v2/requests.json"))
        .form(&[
            ("service_code", "noise"),
            ("address_string", "建设路128号工地"),
            (
                "description",
                "夜间施工噪声很大，凌晨两点还在打桩，吵得无法入睡",
            ),
            ("lat", "27.05"),
            ("long", "112.61"),
            ("first_name", NAME),
            ("phone", PHONE),
        ])
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn open311_requests_are_answered_with_georeport_fields() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-12-07").await;
        let anon = Client::anonymous(&base);

        let (st, services) = anon.get("/open311/v2/services.json").await;
        assert_eq!(st, StatusCode::OK, "{name}");
        let codes: Vec<&str> = services
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["service_code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"noise") && codes.contains(&"water"),
            "{codes:?}"
        );
        assert_eq!(services[0]["metadata"], json!(false));

        let (st, created) = file_complaint(&base).await;
        assert_eq!(st, StatusCode::CREATED, "{name}: {created}");
        let id = created[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(id.starts_with("WS20261207"), "{id}");

        let (st, one) = anon.get(&format!("/open311/v2/requests/{id}.json")).await;
        assert_eq!(st, StatusCode::OK);
        let r = &one[0];
        assert_eq!(r["service_request_id"], json!(id));
        assert_eq!(r["status"], json!("open"));
        assert_eq!(r["service_code"], json!("noise"));
        assert_eq!(r["address"], json!("建设路128号工地"));
        assert_eq!(r["lat"], json!(27.05));
        assert_eq!(r["long"], json!(112.61));
        assert!(r["requested_datetime"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-07"));

        let (_, list) = anon.get("/open311/v2/requests.json").await;
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["service_request_id"] == json!(id)));
        let (_, named) = anon
            .get(&format!(
                "/open311/v2/requests.json?service_request_id={id},NOPE"
            ))
            .await;
        assert_eq!(named.as_array().unwrap().len(), 1);
        let (_, closed) = anon.get("/open311/v2/requests.json?status=closed").await;
        assert!(closed.as_array().unwrap().is_empty());

        // Errors are the one envelope, as everywhere.
        let r = reqwest::Client::new()
            .post(format!("{base}/open311/v2/requests.json"))
            .form(&[("service_code", "spaceships"), ("description", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], json!("invalid_input"));
        let (st, e) = anon.get("/open311/v2/requests/NOPE.json").await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        assert_eq!(e["error"]["code"], json!("not_found"));
        let (st, e) = anon.get("/open311/v2/nothing.json").await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        assert_eq!(e["error"]["code"], json!("route_not_found"));

        // The office sees it in its list, with the contact.
        let office = Client::login(&base, "office").await;
        let (_, page) = office.get("/api/v1/petitions?source=portal").await;
        assert_eq!(page["total"], json!(1), "{name}: {page}");
        let pid = page["items"][0]["id"].as_i64().unwrap();
        let (_, d) = office.get(&format!("/api/v1/petitions/{pid}")).await;
        assert_eq!(d["contact_phone"], json!(PHONE));
    }
}

/// Throttled like objections: beyond the limit one address is refused,
/// with the code.
#[tokio::test]
async fn the_intake_is_throttled_per_address() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store, "2026-12-07").await;
    let limit = rectify_domain::objection::PER_ADDRESS_LIMIT as usize;
    let mut statuses = vec![];
    for _ in 0..=limit {
        statuses.push(file_complaint(&base).await.0);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        limit
    );
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn no_complainant_contact_in_any_public_answer() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-12-07").await;
        let (_, created) = file_complaint(&base).await;
        let id = created[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_string();
        // The office replies publicly, and the reply quotes the phone by mistake.
        let office = Client::login(&base, "office").await;
        let (_, page) = office.get("/api/v1/petitions").await;
        let pid = page["items"][0]["id"].as_i64().unwrap();
        let (st, _) = office
            .patch(
                &format!("/api/v1/petitions/{pid}"),
                json!({"public_reply": format!("已联系来电人{PHONE}，工地已停止夜间施工"), "unit": "市城管局"}),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{name}");
        let http = reqwest::Client::new();
        for path in [
            format!("/open311/v2/requests/{id}.json"),
            "/open311/v2/requests.json".to_string(),
            format!("/open311/v2/requests.json?service_request_id={id}"),
            format!("/public/track?no={id}"),
            "/public".to_string(),
            "/api/v1/public/problems".to_string(),
        ] {
            let r = http.get(format!("{base}{path}")).send().await.unwrap();
            let body = r.text().await.unwrap();
            assert!(!body.contains(PHONE), "{name}: {path} shows the phone");
            assert!(!body.contains(NAME), "{name}: {path} shows the name");
        }
        // Staff: the office and the assigned unit (市城管局 = "other") see
        // the contact; leaders, discipline and other units do not.
        for (user, sees) in [
            ("office", true),
            ("other", true),
            ("leader", false),
            ("discipline", false),
        ] {
            let c = Client::login(&base, user).await;
            let (st, d) = c.get(&format!("/api/v1/petitions/{pid}")).await;
            assert_eq!(st, StatusCode::OK, "{name}: {user}");
            assert_eq!(d["contact_phone"] == json!(PHONE), sees, "{name}: {user}");
            assert_eq!(d["contact_name"] == json!(NAME), sees, "{name}: {user}");
        }
        let unit = Client::login(&base, "unit").await;
        let (st, _) = unit.get(&format!("/api/v1/petitions/{pid}")).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{name}");
        let (_, mine) = unit.get("/api/v1/petitions").await;
        assert_eq!(mine["total"], json!(0), "{name}: a unit sees only its own");
        // The list never carries contacts, even for the office.
        let (_, page) = office.get("/api/v1/petitions").await;
        assert!(!page.to_string().contains(PHONE));
    }
}

/// A petition about a problem already signed off raises the red `rebound`
/// warning on the petition and names the problem it matches.
#[tokio::test]
async fn a_petition_about_a_signed_off_problem_is_a_rebound() {
    for (name, store) in backends().await {
        let mut plan = rectify_store::testsuite::sample_plan();
        plan.jurisdiction = Some("衡南县".into());
        plan.problems[0].description =
            "衡南县花桥村8组刘某生猪养殖场粪污直排耒水支流，周边臭气扰民".into();
        let r = store.import_plan(&plan, "test").await.unwrap();
        store.publish_plan(r.plan_id, "test").await.unwrap();
        seed(&store).await;
        let problems = store
            .list_problems(&rectify_store::ProblemFilter {
                q: Some("花桥村".into()),
                per_page: 10,
                page: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        let problem_id = problems.items[0].id;
        rectify_store::testsuite::sign_off(&store, problem_id).await;
        let base = spawn(store.clone(), "2026-12-07").await;
        let office = Client::login(&base, "office").await;
        let csv = "受理编号,交办日期,行政区域,污染类型,交办问题基本情况\n\
            D3HN202612010001,2026-12-01,衡南县,大气、水,花桥村八组刘某的养猪场又开始往河里排粪水，臭得很\n\
            D3HN202612010002,2026-12-01,衡南县,噪声,云集街道某KTV夜间噪声扰民\n";
        let r = office
            .http
            .post(format!(
                "{base}/api/v1/petitions/imports?file_name=%E7%AC%AC%E4%B8%80%E6%89%B9.csv"
            ))
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let out: Value = r.json().await.unwrap();
        assert_eq!(out["report"]["inserted"], json!(2), "{out}");
        assert_eq!(
            out["rebounds"],
            json!(["D3HN202612010001"]),
            "{name}: {out}"
        );
        let (_, page) = office.get("/api/v1/petitions?rebound=true").await;
        assert_eq!(page["total"], json!(1));
        let row = &page["items"][0];
        assert_eq!(row["warning"]["level"], json!("red"));
        assert_eq!(row["warning"]["code"], json!("rebound"));
        let (_, d) = office
            .get(&format!("/api/v1/petitions/{}", row["id"]))
            .await;
        assert_eq!(
            d["rebound_of"]["closed_id"],
            json!(format!("problem:{problem_id}")),
            "{name}: {d}"
        );
        assert!(!d["rebound_of"]["explanation"]["shared_places"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}

/// A bad handover list is refused with its line, and nothing is stored.
#[tokio::test]
async fn a_bad_list_is_refused_whole() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store.clone(), "2026-12-07").await;
    let office = Client::login(&base, "office").await;
    let csv = "受理编号,交办日期,行政区域,污染类型,交办问题基本情况\n\
        A1,2026-12-01,衡南县,大气,养猪场臭气\n\
        A2,2026-13-45,衡南县,大气,砂石场粉尘\n";
    let r = office
        .http
        .post(format!("{base}/api/v1/petitions/imports?file_name=x.csv"))
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], json!("petition_file_invalid"));
    assert!(e["error"]["message"].as_str().unwrap().contains('3'), "{e}");
    assert!(store.petition_texts().await.unwrap().is_empty());
    let _: Arc<dyn Store> = store;
}

/// A confirmed group is one matter: the office's result reaches every
/// petitioner's tracking page.
#[tokio::test]
async fn one_matter_one_result_for_every_petitioner() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-12-07").await;
        let (_, a) = file_complaint(&base).await;
        let (_, b) = file_complaint(&base).await;
        let (a, b) = (
            a[0]["service_request_id"].as_str().unwrap().to_string(),
            b[0]["service_request_id"].as_str().unwrap().to_string(),
        );
        let office = Client::login(&base, "office").await;
        let (_, page) = office.get(&format!("/api/v1/petitions?q={a}")).await;
        let lead = page["items"][0]["id"].as_i64().unwrap();
        // Not yet confirmed: refused.
        let (st, _) = office
            .post(
                &format!("/api/v1/petitions/{lead}/apply-to-matter"),
                json!({}),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let (st, _) = office
            .post(
                "/api/v1/petitions/duplicates/decisions",
                json!({"a": a, "b": b, "decision": "confirmed"}),
            )
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT, "{name}");
        let (_, d) = office.get("/api/v1/petitions/duplicates").await;
        assert!(d["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g.as_array().unwrap().contains(&json!(a))));
        let (st, _) = office
            .patch(
                &format!("/api/v1/petitions/{lead}"),
                json!({"verification": "属实", "result": "已责令工地停止夜间施工", "public_reply": "经核查属实，已责令停止夜间施工"}),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        let (st, out) = office
            .post(
                &format!("/api/v1/petitions/{lead}/apply-to-matter"),
                json!({}),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{name}: {out}");
        assert_eq!(out["updated"], json!([b.clone()]));
        let (_, tracked) = Client::anonymous(&base)
            .get(&format!("/open311/v2/requests/{b}.json"))
            .await;
        assert_eq!(
            tracked[0]["status_notes"],
            json!("经核查属实，已责令停止夜间施工"),
            "{name}"
        );
        // A unit may not.
        let unit = Client::login(&base, "unit").await;
        let (st, _) = unit
            .post(
                &format!("/api/v1/petitions/{lead}/apply-to-matter"),
                json!({}),
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
}
