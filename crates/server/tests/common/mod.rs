//! Helpers shared by the HTTP tests: a fresh database per test (SQLite, and
//! PostgreSQL when `TEST_DATABASE_URL` is set), a real server on
//! 127.0.0.1:0, the sample plan with one account per role, and a client.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use rectify_server::{auth, AppState, Config};
use rectify_store::{NewUser, Role, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub static N: AtomicUsize = AtomicUsize::new(0);
pub const PW: &str = "correct-horse-9";

pub async fn backends() -> Vec<(&'static str, Arc<dyn Store>)> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("rectify-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("a{n}.db"));
    let _ = std::fs::remove_file(&path);
    let mut out: Vec<(&'static str, Arc<dyn Store>)> = vec![(
        "sqlite",
        Arc::new(
            rectify_store_sqlite::SqliteStore::connect(&format!("sqlite:{}", path.display()))
                .await
                .unwrap(),
        ),
    )];
    if let Some(url) = rectify_store::testsuite::postgres_url_or_skip() {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let schema = format!("api_{secs}_{}_{n}", std::process::id());
        out.push((
            "postgres",
            Arc::new(
                rectify_store_postgres::PgStore::connect_in_schema(&url, Some(&schema))
                    .await
                    .unwrap(),
            ),
        ));
    }
    out
}

pub async fn spawn(store: Arc<dyn Store>, today: &str) -> String {
    let config = Config {
        today: Some(NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap()),
        warning_interval_secs: 3600,
        ..Config::default()
    };
    serve(AppState::new(store, config)).await
}

/// Serves `state` on a free loopback port; returns the base URL.
pub async fn serve(state: AppState) -> String {
    let app =
        rectify_server::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

pub async fn seed(store: &Arc<dyn Store>) -> Vec<i64> {
    let r = store
        .import_plan(&rectify_store::testsuite::sample_plan(), "test")
        .await
        .unwrap();
    // The office checked it: on the portal.
    store.publish_plan(r.plan_id, "test").await.unwrap();
    let hash = auth::hash_password(PW).unwrap();
    for (username, role, units, person) in [
        ("office", Role::Office, vec![], None),
        ("admin", Role::Admin, vec![], None),
        // 高新区管委会 leads problem (二); 市住建局 is primary on (一) and (四).
        ("unit", Role::Unit, vec!["高新区管委会".to_string()], None),
        ("other", Role::Unit, vec!["市城管局".to_string()], None),
        (
            "supervisor",
            Role::Supervisor,
            vec!["市生态环境局".to_string()],
            None,
        ),
        ("leader", Role::Leader, vec![], Some("包昌林".to_string())),
        ("discipline", Role::Discipline, vec![], None),
    ] {
        store
            .create_user(&NewUser {
                username: username.into(),
                display_name: username.into(),
                password_hash: hash.clone(),
                role,
                units,
                person,
                actor: "test".into(),
            })
            .await
            .unwrap();
    }
    let page = store
        .list_problems(&rectify_store::ProblemFilter {
            per_page: 10,
            page: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    page.items.iter().map(|r| r.id).collect()
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub async fn login(base: &str, user: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let r = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"username": user, "password": PW}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {user}");
        Client {
            http,
            base: base.to_string(),
        }
    }
    pub fn anonymous(base: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: base.to_string(),
        }
    }
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .patch(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    /// A raw upload, optionally claiming a Content-Type.
    pub async fn upload(
        &self,
        path: &str,
        bytes: &[u8],
        claimed: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .body(bytes.to_vec());
        if let Some(c) = claimed {
            req = req.header("content-type", c);
        }
        let r = req.send().await.unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn download(&self, sha: &str) -> reqwest::Response {
        self.http
            .get(format!("{}/api/v1/attachments/{sha}", self.base))
            .send()
            .await
            .unwrap()
    }
}

/// What the completion gate asks before 自查自验, written straight to the
/// store: a report at 100% the office accepted, and one evidence record.
pub async fn make_ready(store: &Arc<dyn Store>, id: i64) {
    let r = store
        .submit_progress(&rectify_store::NewProgressReport {
            problem_id: id,
            period: "2026-01".into(),
            percent: 100,
            text: "整改措施已全部完成".into(),
            measure_status: vec![],
            submitted_by: "unit".into(),
            submitted_at: chrono::Utc::now(),
        })
        .await
        .unwrap();
    store
        .review_progress(&rectify_store::ProgressReview {
            report_id: r.id,
            accept: true,
            comment: String::new(),
            actor: "office".into(),
        })
        .await
        .unwrap();
    store
        .add_attachment(&rectify_store::NewAttachment {
            problem_id: id,
            report_id: Some(r.id),
            sha256: rectify_evidence::sha256_hex(format!("ready-{id}").as_bytes()),
            size: 2048,
            content_type: "image/jpeg".into(),
            file_name: "整改后现场照片.jpg".into(),
            kind: "photo".into(),
            uploaded_by: "unit".into(),
            uploaded_at: chrono::Utc::now(),
            public: false,
        })
        .await
        .unwrap();
}
