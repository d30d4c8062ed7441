//! The unit registry over HTTP (issue 11), on SQLite and PostgreSQL (when
//! `TEST_DATABASE_URL` is set): the office sees the suggested duplicates,
//! merges two names of one unit through the API and the ledger's unit
//! filter then offers one; the page refuses a merge without a reason as a
//! page (200) with the code; a county's account sees its share of a problem
//! assigned to 「各区县（市）党委、政府」.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, seed, spawn, Client, PW};
use rectify_domain::{UnitAssignment, UnitRole};
use rectify_store::{NewUser, Role, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

/// The options of the ledger's unit filter on `/problems`.
async fn unit_filter(c: &Client) -> Vec<String> {
    let html = c
        .http
        .get(format!("{}/problems", c.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let select = html
        .split("id=\"f-unit\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .unwrap_or_default();
    select
        .split("<option value=\"")
        .skip(2)
        .filter_map(|o| o.split('"').next())
        .map(str::to_string)
        .collect()
}

async fn add_account(store: &Arc<dyn Store>, username: &str, unit: &str) {
    store
        .create_user(&NewUser {
            username: username.into(),
            display_name: username.into(),
            password_hash: rectify_server::auth::hash_password(PW).unwrap(),
            role: Role::Unit,
            units: vec![unit.into()],
            person: None,
            actor: "test".into(),
        })
        .await
        .unwrap();
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merging_through_the_api_leaves_one_unit_in_the_filter() {
    for (backend, store) in backends().await {
        seed(&store).await;
        // A second plan writes 市住建局 in full.
        let mut plan = rectify_store::testsuite::sample_plan();
        plan.title = "第二轮督察反馈意见整改方案".into();
        plan.problems[3].units[0].name = "市住房和城乡建设局".into();
        store.import_plan(&plan, "test").await.unwrap();
        add_account(&store, "zhujian", "市住房和城乡建设局").await;
        let base = spawn(store.clone(), "2026-11-20").await;
        let office = Client::login(&base, "office").await;

        let before = unit_filter(&office).await;
        assert!(
            before.contains(&"市住建局".to_string()),
            "{backend}: {before:?}"
        );
        assert!(
            before.contains(&"市住房和城乡建设局".to_string()),
            "{backend}"
        );

        let (s, d) = office.get("/api/v1/units/duplicates").await;
        assert_eq!(s, StatusCode::OK, "{backend}: {d}");
        let group = d["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| {
                g["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["name"] == "市住房和城乡建设局")
            })
            .unwrap_or_else(|| panic!("{backend}: {d}"));
        assert_eq!(group["reasons"][0]["code"], "known_alias", "{backend}");
        let id_of = |name: &str| {
            group["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["name"] == name)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (from, into) = (id_of("市住房和城乡建设局"), id_of("市住建局"));
        // 市住建局 carries more: suggested as the one to keep.
        assert_eq!(group["suggested_into"].as_i64(), Some(into), "{backend}");

        // Who may merge, and what is refused.
        let unit = Client::login(&base, "unit").await;
        let (s, _) = unit.get("/api/v1/units/duplicates").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{backend}");
        let path = format!("/api/v1/units/{from}/merge");
        let (s, r) = unit
            .post(&path, json!({"into": into, "reason": "同一单位"}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{backend}: {r}");
        let (s, r) = office
            .post(&path, json!({"into": into, "reason": " "}))
            .await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"),
            "{backend}"
        );
        let (s, r) = office
            .post(&path, json!({"into": from, "reason": "同一单位"}))
            .await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, "unit_merge_self"),
            "{backend}"
        );
        let (s, r) = office
            .post(
                "/api/v1/units/999999/merge",
                json!({"into": into, "reason": "同一单位"}),
            )
            .await;
        assert_eq!(
            (s, code(&r)),
            (StatusCode::NOT_FOUND, "not_found"),
            "{backend}"
        );

        let (s, m) = office
            .post(
                &path,
                json!({"into": into, "reason": "住建局即住房和城乡建设局"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {m}");
        assert_eq!(m["into"]["name"], "市住建局");
        assert_eq!(m["accounts"].as_array().unwrap().len(), 1);

        let after = unit_filter(&office).await;
        assert!(
            after.contains(&"市住建局".to_string()),
            "{backend}: {after:?}"
        );
        assert!(
            !after.contains(&"市住房和城乡建设局".to_string()),
            "{backend}: {after:?}"
        );
        assert_eq!(after.len(), before.len() - 1, "{backend}");
        // Either name finds every problem of the unit.
        let (_, by_alias) = office
            .get("/api/v1/problems?unit=%E5%B8%82%E4%BD%8F%E6%88%BF%E5%92%8C%E5%9F%8E%E4%B9%A1%E5%BB%BA%E8%AE%BE%E5%B1%80")
            .await;
        assert_eq!(by_alias["total"], 4, "{backend}: {by_alias}");
        // The account of the unit merged away now sees the unit's problems.
        let zhujian = Client::login(&base, "zhujian").await;
        let (_, mine) = zhujian.get("/api/v1/problems").await;
        assert_eq!(mine["total"], 4, "{backend}: {mine}");
        // The same pair is no longer suggested, and the trail verifies.
        let (_, d) = office.get("/api/v1/units/duplicates").await;
        assert!(
            d["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["name"] != "市住房和城乡建设局"),
            "{backend}: {d}"
        );
        assert!(
            !d["groups"]
                .to_string()
                .contains("\"name\":\"市住房和城乡建设局\""),
            "{backend}: {d}"
        );
        let (s, v) = office.get("/api/v1/audit/verify").await;
        assert_eq!(
            (s, &v["ok"]),
            (StatusCode::OK, &json!(true)),
            "{backend}: {v}"
        );
        // Renaming into the kept name is refused with a pointer to merging.
        assert_eq!(
            store
                .rename_unit("市城管局", "市住房和城乡建设局", "test")
                .await
                .map_err(rectify_domain::Error::from)
                .unwrap_err()
                .code
                .as_str(),
            "unit_name_taken"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registry_page_answers_refusals_as_a_page() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn(store.clone(), "2026-11-20").await;
    let office = Client::login(&base, "office").await;
    let r = office
        .http
        .get(format!("{base}/units"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("单位名录") && html.contains("unit-merge-form"));
    assert!(html.contains("市住建局"));
    let en = office
        .http
        .get(format!("{base}/units?lang=en"))
        .send()
        .await
        .unwrap();
    assert!(en.text().await.unwrap().contains("Merge units"));
    // Back to Chinese (the choice is kept in a cookie).
    let zh = office
        .http
        .get(format!("{base}/units?lang=zh"))
        .send()
        .await
        .unwrap();
    assert!(zh.text().await.unwrap().contains("合并单位"));
    // A suggestion's link fills the form in.
    let filled = office
        .http
        .get(format!("{base}/units?from=3&into=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(filled.contains("value=\"3\" selected") && filled.contains("value=\"1\" selected"));
    let (_, me) = office.get("/api/v1/me").await;
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    let a = store
        .find_unit("市城管局")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let b = store
        .find_unit("市住建局")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let post = |fields: Vec<(&'static str, String)>| {
        let http = office.http.clone();
        let url = format!("{base}/units/merge");
        async move {
            let r = http.post(url).form(&fields).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    // No reason: the page again, 200, with the code and the form as filled.
    let (s, page) = post(vec![
        ("csrf", csrf.clone()),
        ("from", a.clone()),
        ("into", b.clone()),
        ("reason", " ".into()),
    ])
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("reason_required"), "{page}");
    assert!(page.contains(&format!("value=\"{a}\" selected")));
    // A forged form: refused the same way.
    let (s, page) = post(vec![
        ("csrf", "forged".into()),
        ("from", a.clone()),
        ("into", b.clone()),
        ("reason", "同一单位".into()),
    ])
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("csrf_failed"), "{page}");
    assert!(store.find_unit("市城管局").await.unwrap().is_some());
    // A unit's account does not see the page.
    let unit = Client::login(&base, "unit").await;
    let r = unit.http.get(format!("{base}/units")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A merge with a reason goes through and lands on the page with its message.
    let (s, page) = post(vec![
        ("csrf", csrf),
        ("from", a),
        ("into", b),
        ("reason", "测试合并".into()),
    ])
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("已将“市城管局”合并到“市住建局”"), "{page}");
    assert!(store.find_unit("市城管局").await.unwrap().unwrap().name == "市住建局");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_county_account_sees_its_share_of_a_collective_assignment() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let mut plan = rectify_store::testsuite::sample_plan();
        plan.title = "常德市督察反馈意见整改方案".into();
        plan.jurisdiction = Some("常德市".into());
        plan.problems[1].units = vec![UnitAssignment {
            name: "各区县（市）党委、政府".into(),
            role: UnitRole::Primary,
            note: None,
        }];
        store.import_plan(&plan, "test").await.unwrap();
        add_account(&store, "lixian", "澧县党委、政府").await;
        let base = spawn(store.clone(), "2026-11-20").await;
        let lixian = Client::login(&base, "lixian").await;
        let (s, mine) = lixian.get("/api/v1/problems").await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert_eq!(mine["total"], 1, "{backend}: {mine}");
        let item = &mine["items"][0];
        assert_eq!(item["description"], "工业园区废气直排", "{backend}");
        let id = item["id"].as_i64().unwrap();
        let (s, p) = lixian.get(&format!("/api/v1/problems/{id}")).await;
        assert_eq!(s, StatusCode::OK, "{backend}: {p}");
        assert!(
            p.to_string().contains("各区县（市）党委、政府"),
            "{backend}: the note stays visible"
        );
        // It may report on it: its unit does the work.
        let (s, r) = lixian
            .post(
                &format!("/api/v1/problems/{id}/progress"),
                json!({"period": "2026-11", "percent": 30, "text": "澧县已完成排查"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {r}");
    }
}
