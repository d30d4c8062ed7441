//! One error catalogue: the same bad input gives the same code from the JSON
//! API and from the HTML form, and every failure under /api answers the JSON
//! envelope — including the ones axum's extractors and router produce.
#![allow(clippy::unwrap_used, clippy::type_complexity)]

mod common;

use common::{backends, make_ready, seed, spawn, Client};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Posts a staff form with the session's CSRF token and returns the page
/// the redirect lands on (where the flash message is shown).
async fn post_form(c: &Client, path: &str, fields: &[(&str, &str)]) -> String {
    let (_, me) = c.get("/api/v1/me").await;
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let r = c
        .http
        .post(format!("{}{path}", c.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    r.text().await.unwrap()
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn the_same_bad_progress_report_gives_the_same_code_from_api_and_form() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let base = spawn(store, "2026-11-20").await;
    let unit = Client::login(&base, "unit").await;
    // 高新区管委会 leads problem (二).
    let p = ids[1];
    // One character over the limit: a 20 MiB body no longer reaches the
    // check (JSON bodies stop at 256 KiB, 413; see tests/logins.rs).
    let long = "a".repeat(5001);
    let cases: Vec<(&str, Value, Vec<(&str, &str)>, &str)> = vec![
        (
            "percent 150",
            json!({"period": "2026-11", "percent": 150, "text": "推进中"}),
            vec![
                ("period", "2026-11"),
                ("percent", "150"),
                ("text", "推进中"),
            ],
            "percent_out_of_range",
        ),
        (
            "empty text",
            json!({"period": "2026-11", "percent": 50, "text": "  "}),
            vec![("period", "2026-11"), ("percent", "50"), ("text", "  ")],
            "text_empty",
        ),
        (
            "5,001 characters of text",
            json!({"period": "2026-11", "percent": 50, "text": long}),
            vec![
                ("period", "2026-11"),
                ("percent", "50"),
                ("text", long.as_str()),
            ],
            "text_too_long",
        ),
        (
            "period 9999-12",
            json!({"period": "9999-12", "percent": 50, "text": "推进中"}),
            vec![("period", "9999-12"), ("percent", "50"), ("text", "推进中")],
            "period_out_of_range",
        ),
    ];
    for (what, body, form, expected) in cases {
        let (s, v) = unit
            .post(&format!("/api/v1/problems/{p}/progress"), body)
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {v}");
        assert_eq!(code(&v), expected, "{what}: API");
        let page = post_form(&unit, &format!("/problems/{p}/progress"), &form).await;
        assert!(
            page.contains(&format!("错误代码：{expected}")),
            "{what}: the form shows another error"
        );
        if what == "percent 150" {
            // The refused report comes back with what was typed.
            assert!(page.contains(">推进中</textarea>"), "the text is kept");
            assert!(page.contains("value=\"150\""), "the percentage is kept");
        }
    }
    // Nothing of the refused reports was stored.
    let (_, d) = unit.get(&format!("/api/v1/problems/{p}")).await;
    assert_eq!(d["reports"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn a_rejection_without_comment_gives_the_same_code_from_api_and_form() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    make_ready(&store, ids[1]).await;
    let base = spawn(store, "2026-11-20").await;
    let unit = Client::login(&base, "unit").await;
    let office = Client::login(&base, "office").await;
    let p = ids[1];
    let (s, v) = unit
        .post(
            &format!("/api/v1/problems/{p}/signoff"),
            json!({"step": "self_check", "decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = office
        .post(
            &format!("/api/v1/problems/{p}/signoff"),
            json!({"step": "review", "decision": "reject", "comment": " "}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(code(&v), "rejection_needs_comment");
    let page = post_form(
        &office,
        &format!("/problems/{p}/signoff"),
        &[("step", "review"), ("decision", "reject"), ("comment", "")],
    )
    .await;
    assert!(page.contains("错误代码：rejection_needs_comment"));
    // The problem is still awaiting review.
    let (_, d) = office.get(&format!("/api/v1/problems/{p}")).await;
    assert_eq!(d["row"]["status"], "self_checked");
}

#[tokio::test]
async fn extractor_and_router_failures_answer_the_json_envelope() {
    let (_, store) = backends().await.remove(0);
    let ids = seed(&store).await;
    let base = spawn(store, "2026-11-20").await;
    let unit = Client::login(&base, "unit").await;
    let p = ids[1];
    // Malformed JSON.
    let r = unit
        .http
        .post(format!("{base}/api/v1/problems/{p}/progress"))
        .header("content-type", "application/json")
        .body("{\"period\": \"2026-11\", \"percent\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(&r.json().await.unwrap()), "malformed_json");
    // A bad query string.
    let (s, v) = unit.get("/api/v1/problems?page=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(code(&v), "malformed_query");
    // An unknown route.
    let (s, v) = unit.get("/api/v1/no-such-thing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(code(&v), "route_not_found");
    // A wrong method.
    let r = unit
        .http
        .delete(format!("{base}/api/v1/problems"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert_eq!(code(&r.json().await.unwrap()), "method_not_allowed");
    // A path segment that is not a number.
    let (s, v) = unit.get("/api/v1/problems/abc").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(code(&v), "route_not_found");
}
