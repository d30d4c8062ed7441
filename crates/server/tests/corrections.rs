//! Corrections after import over the API (issue 11): the office corrects a
//! unit's role, a deadline and the plan's issue date with a reason; the
//! warnings and schedule progress follow at once; the history shows who,
//! when, why, before and after; the audit trail still verifies. Publishing
//! decides what the portal shows.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn codes(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["resolved_at"].is_null())
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_corrects_role_deadline_and_issue_date() {
    for (name, store) in backends().await {
        let ids = seed(&store).await;
        let base = spawn(store.clone(), "2026-03-15").await;
        let office = Client::login(&base, "office").await;
        let id = ids[1]; // （二） 工业园区废气直排, due 2030-12-31
        let (_, before) = office.get(&format!("/api/v1/problems/{id}")).await;
        assert!(!codes(&before).contains(&"overdue".to_string()), "{name}");
        assert!(before["schedule"].is_null(), "{name}: no start date yet");
        let plan_id = before["row"]["plan_id"].as_i64().unwrap();

        // A reason is required; nothing changes without one.
        let (s, e) = office
            .patch(
                &format!("/api/v1/problems/{id}"),
                json!({"due": "2026-02-28"}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(e["error"]["code"], "reason_required");
        // A unit may not correct.
        let unit = Client::login(&base, "unit").await;
        let (s, _) = unit
            .patch(
                &format!("/api/v1/problems/{id}"),
                json!({"due": "2026-02-28", "reason": "x"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}");

        // The deadline: now past, so the problem is overdue at once.
        let (s, c) = office
            .patch(
                &format!("/api/v1/problems/{id}"),
                json!({"deadline_text": "2026年2月底前", "reason": "方案修订，时限提前"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}: {c}");
        assert_eq!(c["changes"][0]["field"], "deadline");
        let (_, after) = office.get(&format!("/api/v1/problems/{id}")).await;
        assert_eq!(after["row"]["deadline"]["due"], "2026-02-28", "{name}");
        assert!(
            codes(&after).contains(&"overdue".to_string()),
            "{name}: {:?}",
            codes(&after)
        );

        // The unit's role: 高新区管委会 from lead to primary (主体责任单位).
        let (s, _) = office
            .patch(
                &format!("/api/v1/problems/{id}"),
                json!({"units": [
                    {"name": "高新区管委会", "role": "primary", "note": null},
                    {"name": "市工信局", "role": "responsible", "note": null}
                ], "reason": "原文为主体责任单位"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");
        // The same values again change nothing: refused as such.
        let (s, e) = office
            .patch(
                &format!("/api/v1/problems/{id}"),
                json!({"units": [
                    {"name": "高新区管委会", "role": "primary", "note": null},
                    {"name": "市工信局", "role": "responsible", "note": null}
                ], "reason": "再次保存"}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(e["error"]["code"], "nothing_to_correct");

        // The plan's issue date: schedule progress now has a start.
        let (s, c) = office
            .patch(
                &format!("/api/v1/plans/{plan_id}"),
                json!({"issue_date": "2025-01-10", "reason": "补录方案印发日期"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}: {c}");
        let other = ids[3]; // （四）, due 2030-06-30
        let (_, p4) = office.get(&format!("/api/v1/problems/{other}")).await;
        assert!(
            p4["schedule"]["expected_percent"].as_f64().is_some(),
            "{name}: {}",
            p4["schedule"]
        );
        assert_eq!(p4["plan_issue_date"], "2025-01-10");
        // A missing-report warning now that reports are due from the start.
        assert!(
            codes(&p4).iter().any(|c| c.contains("report")),
            "{name}: {:?}",
            codes(&p4)
        );

        // The history: who, when, why, before and after.
        let (_, h) = office.get(&format!("/api/v1/problems/{id}")).await;
        let corr = h["corrections"].as_array().unwrap();
        assert_eq!(corr.len(), 2, "{name}");
        assert_eq!(corr[0]["actor"], "office");
        assert_eq!(corr[0]["reason"], "方案修订，时限提前");
        assert!(corr[0]["at"].as_str().unwrap().starts_with("20"));
        let ch = &corr[0]["changes"][0];
        assert!(
            ch["before"].as_str().unwrap().contains("2030-12-31"),
            "{ch}"
        );
        assert!(ch["after"].as_str().unwrap().contains("2026-02-28"), "{ch}");
        assert!(corr[1]["changes"][0]["before"]
            .as_str()
            .unwrap()
            .contains("牵头单位"));
        assert!(corr[1]["changes"][0]["after"]
            .as_str()
            .unwrap()
            .contains("主体责任单位"));
        let (_, list) = office
            .get(&format!("/api/v1/plans/{plan_id}/corrections"))
            .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 3);

        // The audit trail still verifies.
        let (s, v) = office.get("/api/v1/audit/verify").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["ok"], true, "{name}: {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_plan_stays_off_the_portal_until_published() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-03-15").await;
        let office = Client::login(&base, "office").await;
        let public = Client::anonymous(&base);
        // A second plan imported through the API: not public yet.
        let doc = "某县督察反馈问题整改方案\n一、河道垃圾堆积问题\n整改目标：河道垃圾清零。\n整改措施：\n1. 开展河道清理。\n整改时限：2026年12月底前\n责任单位：县水利局\n督办领导：张伟\n";
        let r = office
            .http
            .post(format!("{base}/api/v1/imports?file_name=plan.txt"))
            .body(doc.as_bytes().to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let v: Value = r.json().await.unwrap();
        let plan_id = v["report"]["plan_id"].as_i64().unwrap();
        let (_, plans) = public.get("/api/v1/public/plans").await;
        assert!(
            !plans.as_array().unwrap().iter().any(|p| p["id"] == plan_id),
            "{name}"
        );
        let (_, ps) = public
            .get(&format!("/api/v1/public/problems?plan={plan_id}"))
            .await;
        assert_eq!(ps["total"], 0, "{name}");
        // Its problem is not found on the portal, as if it did not exist.
        let (_, staff) = office
            .get(&format!("/api/v1/problems?plan={plan_id}"))
            .await;
        let pid = staff["items"][0]["id"].as_i64().unwrap();
        let (s, _) = public.get(&format!("/api/v1/public/problems/{pid}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{name}");
        // A correction before publishing leaves no public trace.
        let (s, c) = office
            .patch(
                &format!("/api/v1/problems/{pid}"),
                json!({"description": "河道垃圾长期堆积，群众反映强烈", "reason": "补全描述"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(c["public"], false);
        let (s, _) = office
            .post(&format!("/api/v1/plans/{plan_id}/publish"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");
        let (s, p) = public.get(&format!("/api/v1/public/problems/{pid}")).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(p["description"], "河道垃圾长期堆积，群众反映强烈");
        assert_eq!(
            p["corrections"],
            json!([]),
            "{name}: no trace of the earlier one"
        );
        let (s, c) = office
            .patch(
                &format!("/api/v1/problems/{pid}"),
                json!({"target": "河道垃圾全部清零并建立长效机制", "reason": "按修订方案更正目标"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(
            c["public"], true,
            "after publishing, a correction is public history"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reimport_keeps_manual_corrections_and_reports_them() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-03-15").await;
        let office = Client::login(&base, "office").await;
        let doc = |target: &str| {
            format!("某县督察反馈问题整改方案\n一、河道垃圾堆积问题\n整改目标：{target}\n整改措施：\n1. 开展河道清理。\n整改时限：2026年12月底前\n责任单位：县水利局\n督办领导：张伟\n")
        };
        let import = |body: String, dry: bool| {
            let http = office.http.clone();
            let base = base.clone();
            async move {
                let r = http
                    .post(format!(
                        "{base}/api/v1/imports?file_name=plan.txt&dry_run={dry}"
                    ))
                    .body(body.into_bytes())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                r.json::<Value>().await.unwrap()
            }
        };
        let v = import(doc("河道垃圾清零。"), false).await;
        let plan_id = v["report"]["plan_id"].as_i64().unwrap();
        let (_, staff) = office
            .get(&format!("/api/v1/problems?plan={plan_id}"))
            .await;
        let pid = staff["items"][0]["id"].as_i64().unwrap();
        let (s, _) = office
            .patch(
                &format!("/api/v1/problems/{pid}"),
                json!({"leaders": ["李四"], "reason": "督办领导已调整"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");

        // The revised document changes the target and still names 张伟.
        let revised = doc("河道垃圾清零，建立河长巡河制度。");
        let preview = import(revised.clone(), true).await;
        let p = &preview["preview"];
        assert_eq!(p["plan_id"], plan_id, "{name}");
        assert_eq!(
            p["diff"]["changed"][0]["fields"].as_array().unwrap().len(),
            2
        );
        assert_eq!(p["conflicts"][0]["field"], "leaders", "{name}: {p}");
        assert_eq!(p["conflicts"][0]["kept"], "李四");
        assert_eq!(p["conflicts"][0]["imported"], "张伟");
        let saved = import(revised, false).await;
        assert_eq!(saved["conflicts"].as_array().unwrap().len(), 1, "{name}");
        let (_, after) = office.get(&format!("/api/v1/problems/{pid}")).await;
        assert_eq!(
            after["row"]["leaders"],
            json!(["李四"]),
            "{name}: the correction stays"
        );
        assert_eq!(
            after["row"]["target"], "河道垃圾清零，建立河长巡河制度。",
            "{name}: the rest follows the document"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_names_new_units_beside_the_ones_they_resemble() {
    for (name, store) in backends().await {
        seed(&store).await;
        let base = spawn(store.clone(), "2026-03-15").await;
        let office = Client::login(&base, "office").await;
        let doc = "测试市督察反馈问题整改方案\n一、工业园区扬尘问题\n整改目标：扬尘得到控制。\n整改时限：2026年12月底前\n责任单位：市住建局、市环保局、市林业局\n督办领导：张伟\n";
        let r = office
            .http
            .post(format!(
                "{base}/api/v1/imports?file_name=p.txt&dry_run=true"
            ))
            .body(doc.as_bytes().to_vec())
            .send()
            .await
            .unwrap();
        let v: Value = r.json().await.unwrap();
        let new_units = v["preview"]["new_units"].as_array().unwrap();
        let names: Vec<&str> = new_units
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert!(
            !names.contains(&"市住建局"),
            "{name}: known units are not new: {names:?}"
        );
        assert!(names.contains(&"市林业局"), "{name}: {names:?}");
        let env = new_units.iter().find(|u| u["name"] == "市环保局");
        let env = env.unwrap_or_else(|| panic!("{name}: {new_units:?}"));
        assert_eq!(env["resembles"][0][0], "市生态环境局", "{name}: {env}");
    }
}
