//! The petition pages over HTTP, on SQLite and PostgreSQL (when
//! `TEST_DATABASE_URL` is set): the list is scoped to a unit's petitions
//! and another unit's page is refused; the petitioner's contact reaches the
//! office and the assigned unit only, never a leader, the discipline
//! commission or the portal; the handling form round trip, a refused form
//! kept as typed; the closure gate's message; a portal complaint → its
//! tracking number → the tracking page.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, seed, spawn, Client};
use rectify_store::{NewPetition, NewPetitionBatch, Store};
use reqwest::StatusCode;
use std::sync::Arc;

const PHONE: &str = "13800001111";
const NAME: &str = "张三丰";

/// Two petitions: T-001 for 高新区管委会 (with a contact), T-002 for 市城管局.
async fn petitions(store: &Arc<dyn Store>) -> (i64, i64) {
    let unit = |name: &'static str| {
        let store = store.clone();
        async move { store.find_unit(name).await.unwrap().unwrap().id }
    };
    let (gx, cg) = (unit("高新区管委会").await, unit("市城管局").await);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let rows = vec![
        NewPetition {
            code: "T-001".into(),
            received_on: Some(day),
            area: "高新区".into(),
            kind: "大气".into(),
            content: "高新区创业路某化工厂夜间偷排废气，气味刺鼻，附近居民无法开窗。".into(),
            address: "高新区创业路18号".into(),
            contact_name: Some(NAME.into()),
            contact_phone: Some(PHONE.into()),
            unit_id: Some(gx),
            due_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            ..Default::default()
        },
        NewPetition {
            code: "T-002".into(),
            received_on: Some(day),
            area: "城区".into(),
            kind: "噪声".into(),
            content: "城区解放路夜市烧烤摊噪声扰民，每天营业到凌晨三点。".into(),
            address: "解放路夜市".into(),
            unit_id: Some(cg),
            due_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()),
            ..Default::default()
        },
    ];
    let batch = NewPetitionBatch {
        name: "第一批交办件".into(),
        source: rectify_domain::petition::Source::Handover,
        handed_over_on: Some(day),
        file_name: Some("第一批交办件.xlsx".into()),
    };
    let r = store
        .import_petitions(Some(&batch), &rows, "test")
        .await
        .unwrap();
    assert_eq!(r.new_ids.len(), 2);
    (r.new_ids[0], r.new_ids[1])
}

async fn page(c: &Client, path: &str) -> (StatusCode, String) {
    let r = c
        .http
        .get(format!("{}{path}", c.base))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn csrf(c: &Client) -> String {
    let (_, me) = c.get("/api/v1/me").await;
    me["csrf_token"].as_str().unwrap().to_string()
}

async fn post(c: &Client, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c
        .http
        .post(format!("{}{path}", c.base))
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_sees_its_petitions_and_contacts_stay_with_the_office_and_the_unit() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let (p1, p2) = petitions(&store).await;
        let base = spawn(store.clone(), "2026-11-20").await;

        // The office: both, with the warning of the overdue one.
        let office = Client::login(&base, "office").await;
        let (s, list) = page(&office, "/petitions").await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert!(
            list.contains("T-001") && list.contains("T-002"),
            "{backend}"
        );
        assert!(list.contains("wl-red"), "{backend}: T-002 is overdue");
        assert!(list.contains("wl-yellow"), "{backend}: T-001 is due soon");
        let (_, overdue) = page(&office, "/petitions?overdue=1").await;
        assert!(overdue.contains("T-002") && !overdue.contains("T-001"));

        // A unit: its own only; another unit's page is refused.
        let unit = Client::login(&base, "unit").await;
        let (s, list) = page(&unit, "/petitions").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.contains("T-001"), "{backend}");
        assert!(
            !list.contains("T-002"),
            "{backend}: another unit's petition"
        );
        let (s, _) = page(&unit, &format!("/petitions/{p2}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{backend}");

        // The contact: the office and the assigned unit see it …
        for c in [&office, &unit] {
            let (s, html) = page(c, &format!("/petitions/{p1}")).await;
            assert_eq!(s, StatusCode::OK);
            assert!(html.contains(PHONE) && html.contains(NAME), "{backend}");
        }
        // … a leader and the discipline commission read the petition without it.
        for who in ["leader", "discipline"] {
            let c = Client::login(&base, who).await;
            let (s, html) = page(&c, &format!("/petitions/{p1}")).await;
            assert_eq!(s, StatusCode::OK, "{backend}: {who}");
            assert!(html.contains("T-001"));
            assert!(
                !html.contains(PHONE) && !html.contains(NAME),
                "{backend}: {who} must not see the contact"
            );
            assert!(!html.contains("handle-form"), "{who} may not handle");
        }
        // The portal never shows it.
        let anon = Client::anonymous(&base);
        for path in ["/public/track?no=T-001", "/public", "/public/complaint"] {
            let (s, html) = page(&anon, path).await;
            assert_eq!(s, StatusCode::OK, "{backend}: {path}");
            assert!(
                !html.contains(PHONE) && !html.contains(NAME),
                "{backend}: {path}"
            );
        }
        let (_, tracked) = page(&anon, "/public/track?no=T-001").await;
        assert!(tracked.contains("track-result") && tracked.contains("待办理"));
        assert!(
            !tracked.contains("偷排废气"),
            "the complaint text is not public"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handling_form_round_trip_and_the_closure_gate() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let (p1, _) = petitions(&store).await;
        let base = spawn(store.clone(), "2026-11-20").await;
        let unit = Client::login(&base, "unit").await;
        let token = csrf(&unit).await;
        let path = format!("/petitions/{p1}/handle");

        // A bad count: the page again (200), the code, what was typed kept.
        let (s, html) = post(
            &unit,
            &path,
            &[
                ("csrf", &token),
                ("version", "1"),
                ("verification", "partly"),
                ("handling", "现场检查发现废气收集设施未运行"),
                ("result", ""),
                ("ordered", "两家"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert!(html.contains("invalid_input"), "{backend}: {html}");
        assert!(html.contains("现场检查发现废气收集设施未运行"));
        assert!(html.contains("value=\"两家\""));

        // The unit records what it found and did; the page shows it back.
        let detail = store.get_petition(p1).await.unwrap().unwrap();
        let version = detail.version.to_string();
        let (s, html) = post(
            &unit,
            &path,
            &[
                ("csrf", &token),
                ("version", &version),
                ("verification", "partly"),
                ("handling", "现场检查发现废气收集设施未运行"),
                ("result", "已责令停产整改，废气收集设施恢复运行"),
                ("public_reply", "经核查，反映问题部分属实，已责令整改。"),
                ("ordered", "2"),
                ("penalty_cases", "1"),
                ("fines_wan", "3.5"),
                ("closure_standard", "meets"),
                // A unit cannot assign: these are ignored for it.
                ("unit", "市城管局"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert!(html.contains("办理情况已保存"), "{backend}: {html}");
        assert!(html.contains("已责令停产整改"));
        assert!(html.contains("责令整改2家，立案处罚1家，罚款3.5万元"));
        let after = store.get_petition(p1).await.unwrap().unwrap();
        assert_eq!(after.row.verification.as_deref(), Some("partly"));
        assert_eq!(after.row.unit_name.as_deref(), Some("高新区管委会"));
        // The stale version is refused, as the page again with the code.
        let (s, html) = post(
            &unit,
            &path,
            &[("csrf", &token), ("version", &version), ("result", "再改")],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("错误代码"), "{backend}: stale version");

        // 办结销号 without evidence and return visit: the gate says what is missing.
        let office = Client::login(&base, "office").await;
        let otoken = csrf(&office).await;
        let (s, html) = post(
            &office,
            &format!("/petitions/{p1}/close"),
            &[("csrf", &otoken)],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert!(
            html.contains("petition_closure_incomplete"),
            "{backend}: {html}"
        );
        assert!(
            html.contains("佐证材料") && html.contains("回访记录"),
            "{backend}"
        );
        // The unit may not close.
        let (s, _) = post(
            &unit,
            &format!("/petitions/{p1}/close"),
            &[("csrf", &token)],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // A visit is recorded; a dissatisfied one still blocks.
        let (s, html) = post(
            &unit,
            &format!("/petitions/{p1}/visits"),
            &[
                ("csrf", &token),
                ("visited_on", "2026-11-19"),
                ("visited_by", "李四"),
                ("satisfaction", "dissatisfied"),
                ("note", "群众反映夜间仍有气味"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("群众反映夜间仍有气味"), "{backend}");
        let (_, html) = post(
            &office,
            &format!("/petitions/{p1}/close"),
            &[("csrf", &otoken)],
        )
        .await;
        assert!(html.contains("最近一次回访不满意"), "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_complaint_gets_a_tracking_number_to_follow() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-11-20").await;
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let form = http
            .get(format!("{base}/public/complaint"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("联系方式仅用于核实和回访，不会公开"));
        let at = form.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
        let token = form[at..].split('"').next().unwrap().to_string();
        let submit = |fields: Vec<(&'static str, String)>| {
            let http = http.clone();
            let url = format!("{base}/public/complaint");
            async move {
                let r = http.post(url).form(&fields).send().await.unwrap();
                (r.status(), r.text().await.unwrap())
            }
        };
        let complaint = |csrf: &str, description: &str| {
            vec![
                ("csrf", csrf.to_string()),
                ("service_code", "noise".to_string()),
                ("place", "建设路128号工地".to_string()),
                ("lat", "27.83".to_string()),
                ("lon", "113.13".to_string()),
                ("description", description.to_string()),
                ("contact_name", NAME.to_string()),
                ("contact_phone", PHONE.to_string()),
            ]
        };
        // A forged token: refused, the form kept.
        let (s, html) = submit(complaint(
            "0".repeat(32).as_str(),
            "夜间施工噪声很大，每天凌晨两点还在施工",
        ))
        .await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        assert!(html.contains("csrf_failed") && html.contains("建设路128号工地"));
        // Too short: refused with the code, what was typed kept.
        let (s, html) = submit(complaint(&token, "太吵了")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("invalid_input") && html.contains(PHONE),
            "{backend}"
        );
        // Filed: the tracking number, prominently, with its link.
        let (s, html) = submit(complaint(&token, "夜间施工噪声很大，每天凌晨两点还在施工")).await;
        assert_eq!(s, StatusCode::OK, "{backend}");
        let at = html.find(r#"id="tracking-no">"#).unwrap() + r#"id="tracking-no">"#.len();
        let no = html[at..].split('<').next().unwrap().to_string();
        assert!(no.starts_with("WS20261120"), "{backend}: {no}");
        assert!(html.contains(&format!("/public/track?no={no}")));
        assert!(
            !html.contains(PHONE),
            "{backend}: the answer carries no contact"
        );

        // The tracking page: status, category, place, date; no contact.
        let anon = Client::anonymous(&base);
        let (s, tracked) = page(&anon, &format!("/public/track?no={no}")).await;
        assert_eq!(s, StatusCode::OK);
        for part in ["待办理", "噪声污染", "建设路128号工地", "2026-11-20"] {
            assert!(tracked.contains(part), "{backend}: {part}");
        }
        assert!(!tracked.contains(PHONE) && !tracked.contains(NAME));
        let (_, unknown) = page(&anon, "/public/track?no=WS00000000XXXX").await;
        assert!(unknown.contains("track-error"));

        // The office finds it in the list, with the contact on its page.
        let office = Client::login(&base, "office").await;
        let (_, list) = page(&office, "/petitions").await;
        assert!(list.contains(&no), "{backend}");
        let id = store.petition_by_code(&no).await.unwrap().unwrap().row.id;
        let (_, html) = page(&office, &format!("/petitions/{id}")).await;
        assert!(html.contains(PHONE));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_pages_answer_and_a_bad_file_stores_nothing() {
    for (backend, store) in backends().await {
        seed(&store).await;
        petitions(&store).await;
        let base = spawn(store.clone(), "2026-11-20").await;
        let office = Client::login(&base, "office").await;
        for path in [
            "/petitions/duplicates",
            "/petitions/batches",
            "/petitions/batches?dim=area",
            "/",
        ] {
            let (s, html) = page(&office, path).await;
            assert_eq!(s, StatusCode::OK, "{backend}: {path}");
            assert!(!html.contains(PHONE), "{path}");
        }
        let (_, html) = page(&office, "/petitions/batches").await;
        assert!(html.contains("第一批交办件") && html.contains("figures-table"));
        let (_, dash) = page(&office, "/").await;
        assert!(dash.contains("petition-cards"), "{backend}");
        let r = office
            .http
            .get(format!("{base}/petitions/figures.csv?dim=unit"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let csv = r.text().await.unwrap();
        assert!(
            csv.contains("责任单位,受理") && csv.contains("合计"),
            "{csv}"
        );
        // A bad file: its coded error, nothing stored.
        let token = csrf(&office).await;
        let form = reqwest::multipart::Form::new()
            .text("csrf", token)
            .text("batch", "坏文件")
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"not,a,petition list\n1,2,3\n".to_vec())
                    .file_name("bad.csv"),
            );
        let r = office
            .http
            .post(format!("{base}/petitions/batches"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{backend}");
        let html = r.text().await.unwrap();
        assert!(html.contains("petition_file_invalid"), "{backend}: {html}");
        assert!(html.contains("value=\"坏文件\""), "the batch name is kept");
        assert_eq!(store.petition_batches().await.unwrap().len(), 1);
        // A unit may not open the office's review queue.
        let unit = Client::login(&base, "unit").await;
        let (s, _) = page(&unit, "/petitions/duplicates").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
}
