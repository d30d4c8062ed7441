//! Logins and input bounds over HTTP (issue 10): where the login form may
//! send a browser, whose address counts, the per-address throttle, bodies,
//! control characters and `Cache-Control` — on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rectify_server::{AppState, Config};
use rectify_store::Store;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

mod common;
use common::*;

async fn spawn_with(store: Arc<dyn Store>, f: impl FnOnce(&mut Config)) -> String {
    let mut config = Config {
        today: Some(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        ..Config::default()
    };
    f(&mut config);
    serve(AppState::new(store, config)).await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The login form's double-submit token (its cookie is kept by `http`).
async fn form_token(http: &reqwest::Client, base: &str) -> String {
    let html = http
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = html.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
    html[at..].split('"').next().unwrap().to_string()
}

async fn form_login(
    http: &reqwest::Client,
    base: &str,
    password: &str,
    next: &str,
) -> reqwest::Response {
    let csrf = form_token(http, base).await;
    http.post(format!("{base}/login"))
        .form(&[
            ("username", "unit"),
            ("password", password),
            ("csrf", csrf.as_str()),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_login_only_same_site_paths_are_followed() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn_with(store, |_| {}).await;
    for (next, to) in [
        (
            "/problems?status=in_progress",
            "/problems?status=in_progress",
        ),
        ("/\t/evil.example/", "/"),
        ("/%09/evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        ("/%0d%0aSet-Cookie:%20a=b", "/"),
        ("https://evil.example/", "/"),
    ] {
        let r = form_login(&no_redirects(), &base, PW, next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&r), to, "{next:?}");
    }
    // Already logged in, `/login?next=…` redirects at once: a CR/LF there
    // used to make an invalid header and a 500.
    let http = no_redirects();
    form_login(&http, &base, PW, "/").await;
    for q in ["/%0d%0aX:%20y", "/%09/evil.example/", "%2F%2Fevil.example"] {
        let r = http
            .get(format!("{base}/login?next={q}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            (r.status(), location(&r)),
            (StatusCode::SEE_OTHER, "/".into()),
            "{q}"
        );
    }
}

/// The address the audit recorded for the user's last login attempt.
async fn audited_ip(store: &Arc<dyn Store>) -> String {
    let user = store.find_user("unit").await.unwrap().unwrap();
    let events = store.audit_events(Some(("user", user.id))).await.unwrap();
    let last = events
        .iter()
        .rev()
        .find(|e| e.action.starts_with("login."))
        .unwrap();
    last.after.as_ref().unwrap()["ip"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn login_from(base: &str, forwarded_for: &str, password: &str) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"username": "unit", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("cache-control").unwrap(), "no-store");
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_counts_only_from_a_named_proxy() {
    for (backend, store) in backends().await {
        seed(&store).await;
        let direct = spawn_with(store.clone(), |_| {}).await;
        login_from(&direct, "203.0.113.9", PW).await;
        assert_eq!(
            audited_ip(&store).await,
            "127.0.0.1",
            "{backend}: header ignored"
        );
        let proxied = spawn_with(store.clone(), |c| {
            c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        })
        .await;
        login_from(&proxied, "198.51.100.1, 203.0.113.9", PW).await;
        assert_eq!(
            audited_ip(&store).await,
            "203.0.113.9",
            "{backend}: named proxy"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_is_throttled_with_429_and_a_coded_message() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn_with(store, |c| {
        c.login_failures_per_minute = 3;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    for _ in 0..3 {
        let (s, e) = login_from(&base, "203.0.113.9", "wrong-guess-1").await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("login_failed"))
        );
    }
    let (s, e) = login_from(&base, "203.0.113.9", PW).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(e["error"]["code"], "login_throttled");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("登录失败次数过多"));
    // The login form answers the same, with the code.
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let csrf = form_token(&http, &base).await;
    let r = http
        .post(format!("{base}/login"))
        .header("x-forwarded-for", "203.0.113.9")
        .form(&[
            ("username", "unit"),
            ("password", PW),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    // The form page says why (with the code); the JSON API answered 429.
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("login_throttled"));
    // Another client behind the same proxy is not held back.
    let (s, _) = login_from(&base, "203.0.113.10", PW).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_name_gets_the_wrong_password_answer() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn_with(store, |_| {}).await;
    let ask = |user: &'static str| {
        let base = base.clone();
        async move {
            let r = reqwest::Client::new()
                .post(format!("{base}/api/v1/session"))
                .json(&json!({"username": user, "password": "wrong-guess-1"}))
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    assert_eq!(ask("nobody").await, ask("unit").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_is_bounded_and_control_characters_refused_on_every_backend() {
    for (backend, store) in backends().await {
        let ids = seed(&store).await;
        let p = ids[1];
        let base = spawn_with(store.clone(), |_| {}).await;
        let unit = Client::login(&base, "unit").await;
        let progress = format!("/api/v1/problems/{p}/progress");
        for (body, code) in [
            (
                json!({"period": "2026-11", "percent": 50, "text": "已完成\u{0}"}),
                "text_control_char",
            ),
            (
                json!({"period": "2026-11", "percent": 50, "text": "见附件\u{202e}fdp.exe"}),
                "text_control_char",
            ),
            (
                json!({"period": "2026-11", "percent": 50, "text": "x".repeat(5001)}),
                "text_too_long",
            ),
            (
                json!({"period": "9999-12", "percent": 50, "text": "ok"}),
                "period_out_of_range",
            ),
            (
                json!({"period": "0000-01", "percent": 50, "text": "ok"}),
                "period_out_of_range",
            ),
            (
                json!({"period": "2026-12", "percent": 50, "text": "ok"}),
                "period_out_of_range",
            ),
            (
                json!({"period": "2026-11", "percent": 50, "text": "ok", "measures": (0..201).map(|i| json!([i, "完成"])).collect::<Vec<_>>()}),
                "list_too_long",
            ),
        ] {
            let (s, e) = unit.post(&progress, body).await;
            assert_eq!(
                (s, e["error"]["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{backend}: {e}"
            );
        }
        // Multi-line text keeps its line breaks.
        let (s, r) = unit
            .post(
                &progress,
                json!({"period": "2026-11", "percent": 50, "text": "一、截污\r\n二、清淤\t完成"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{backend}: {r}");
        assert_eq!(r["text"], "一、截污\n二、清淤\t完成", "{backend}");
        // A public objection and a login name with NUL: refused, never a 500.
        let anon = Client::anonymous(&base);
        let (s, e) = anon
            .post(
                &format!("/api/v1/public/problems/{p}/objections"),
                json!({"text": "未整改\u{0}", "contact": "138"}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {e}");
        let (s, e) = anon
            .post(
                "/api/v1/session",
                json!({"username": "u\u{0}nit", "password": "x"}),
            )
            .await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("login_failed")),
            "{backend}"
        );
        // A JSON body over 256 KiB is refused before it is parsed (20 MiB
        // went through before; a little over the limit keeps the test from
        // racing the server's early answer against the upload).
        let huge = json!({"period": "2026-11", "percent": 50, "text": "x".repeat(300 << 10)});
        let (s, e) = unit.post(&progress, huge).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")),
            "{backend}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_answers_are_never_cached() {
    let (_, store) = backends().await.remove(0);
    seed(&store).await;
    let base = spawn_with(store, |_| {}).await;
    let unit = Client::login(&base, "unit").await;
    let http = &unit.http;
    for r in [
        http.get(format!("{base}/api/v1/me")).send().await.unwrap(),
        http.get(format!("{base}/api/v1/problems"))
            .send()
            .await
            .unwrap(),
        http.get(format!("{base}/api/v1/no-such-route"))
            .send()
            .await
            .unwrap(),
        http.post(format!("{base}/api/v1/session"))
            .body("{")
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap(),
        reqwest::Client::new()
            .get(format!("{base}/api/v1/public/problems"))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(
            r.headers().get("cache-control").unwrap(),
            "no-store",
            "{}",
            r.url()
        );
    }
}
