//! The dashboard and the monthly notice report the same figures for the
//! same day: both read one `LedgerStats`.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::{backends, make_ready, seed, spawn, Client};
use rectify_office::monthly::MonthlyReport;
use serde_json::json;

/// The value shown on the dashboard card labelled `label`.
fn card(html: &str, label: &str) -> String {
    let at = html
        .find(&format!("<span class=\"stat-label\">{label}</span>"))
        .unwrap_or_else(|| panic!("card {label}"));
    let rest = &html[at..];
    let v = rest.find("<span class=\"stat-value\">").unwrap() + "<span class=\"stat-value\">".len();
    rest[v..v + rest[v..].find('<').unwrap()].trim().to_string()
}

#[tokio::test]
async fn dashboard_and_monthly_notice_agree() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let today = "2026-11-20";
    make_ready(&store, ids[1]).await;
    let base = spawn(store.clone(), today).await;
    // Move the ledger a little: one problem through self-check, one report.
    let unit = Client::login(&base, "unit").await;
    let (s, _) = unit
        .post(
            &format!("/api/v1/problems/{}/progress", ids[1]),
            json!({"period": "2026-11", "percent": 80, "text": "管网已铺设"}),
        )
        .await;
    assert!(s.is_success());
    let (s, _) = unit
        .post(
            &format!("/api/v1/problems/{}/signoff", ids[1]),
            json!({"step": "self_check", "decision": "approve"}),
        )
        .await;
    assert!(s.is_success());

    let office = Client::login(&base, "office").await;
    let html = office
        .http
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut details = vec![];
    for id in &ids {
        details.push(store.get_problem(*id).await.unwrap().unwrap());
    }
    let day = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
    let report = MonthlyReport::build("2026-11", day, &details, &[]).unwrap();
    let count = |label: &str| {
        report
            .counts_by_status
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, n)| *n)
            .unwrap()
    };
    assert_eq!(card(&html, "问题总数"), report.total.to_string());
    assert_eq!(card(&html, "已销号"), count("已销号").to_string());
    assert_eq!(card(&html, "已超期"), report.overdue.len().to_string());
    let in_signoff: i64 = ["已自查", "已初审", "公示中", "核查通过待备案"]
        .iter()
        .map(|l| count(l))
        .sum();
    assert_eq!(card(&html, "销号流程中"), in_signoff.to_string());
    let rate = match report.on_time_rate_percent {
        Some(r) => format!("按期完成率 {r:.1}%"),
        None => "按期完成率 —".to_string(),
    };
    assert!(html.contains(&rate), "dashboard shows {rate}");
}
