//! Logins under attack, on SQLite and (with `TEST_DATABASE_URL`) on
//! PostgreSQL: parallel guesses get at most the allowed number of password
//! checks, and an unknown name is answered exactly like a wrong password.
//! Also the account rules (password strength, known units) and the range of
//! report periods.

use rectify_app::commands::NewAccount;
use rectify_app::{App, ErrorCode, Settings};
use rectify_store::{Role, Store};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

static N: AtomicUsize = AtomicUsize::new(0);
const PW: &str = "tangerine-lake-4417";

async fn backends() -> Vec<(&'static str, Arc<dyn Store>)> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("rectify-app-logins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("l{n}.db"));
    let _ = std::fs::remove_file(&path);
    let mut out: Vec<(&'static str, Arc<dyn Store>)> = vec![(
        "sqlite",
        Arc::new(
            rectify_store_sqlite::SqliteStore::connect(&format!("sqlite:{}", path.display()))
                .await
                .expect("sqlite"),
        ),
    )];
    if let Some(url) = rectify_store::testsuite::postgres_url_or_skip() {
        let schema = format!("app_logins_{}_{n}", std::process::id());
        out.push((
            "postgres",
            Arc::new(
                rectify_store_postgres::PgStore::connect_in_schema(&url, Some(&schema))
                    .await
                    .expect("postgres"),
            ),
        ));
    }
    out
}

/// An app with an office account; no per-address throttle unless asked.
async fn app_with_account(store: Arc<dyn Store>, per_minute: u32) -> App {
    let app = App::new(
        store,
        Settings {
            max_failed_logins: 5,
            lockout_minutes: 15,
            session_hours: 8,
            login_failures_per_minute: per_minute,
            ..Settings::default()
        },
        Err("no evidence store in this test".into()),
    );
    app.add_account(
        "test",
        NewAccount {
            username: "office".into(),
            display_name: "市整改办".into(),
            role: Role::Office,
            units: vec![],
            person: None,
            password: PW.into(),
            create_units: false,
        },
    )
    .await
    .expect("account");
    app
}

async fn audited(store: &Arc<dyn Store>, action: &str) -> usize {
    let user = store
        .find_user("office")
        .await
        .expect("read")
        .expect("user");
    store
        .audit_events(Some(("user", user.id)))
        .await
        .expect("audit")
        .iter()
        .filter(|e| e.action == action)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_guesses_get_at_most_five_checks() {
    for (backend, store) in backends().await {
        let app = app_with_account(store.clone(), 0).await;
        let guesses = (0..30).map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.login("office", &format!("guess-{i}"), "203.0.113.9")
                    .await
                    .err()
                    .map(|e| e.code)
            })
        });
        let mut codes = vec![];
        for g in guesses {
            codes.push(g.await.expect("task"));
        }
        // A checked password is audited as a failure (or, the fifth, as the
        // failure that locked); an unchecked one as refused.
        let checked =
            audited(&store, "login.failure").await + audited(&store, "login.locked").await;
        assert_eq!(checked, 5, "{backend}: password checks");
        assert_eq!(audited(&store, "login.refused").await, 25, "{backend}");
        let failed = codes
            .iter()
            .filter(|c| **c == Some(ErrorCode::LoginFailed))
            .count();
        let locked = codes
            .iter()
            .filter(|c| **c == Some(ErrorCode::AccountLocked))
            .count();
        assert_eq!((failed, locked), (4, 26), "{backend}: {codes:?}");
        // Locked: the right password is not even checked.
        let e = app
            .login("office", PW, "203.0.113.9")
            .await
            .err()
            .map(|e| e.code);
        assert_eq!(e, Some(ErrorCode::AccountLocked), "{backend}");
        assert_eq!(audited(&store, "login.success").await, 0, "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_name_is_answered_like_a_wrong_password() {
    for (backend, store) in backends().await {
        let app = app_with_account(store, 0).await;
        let started = std::time::Instant::now();
        let unknown = app.login("nobody", "guess-1", "198.51.100.1").await.err();
        let unknown_took = started.elapsed();
        let started = std::time::Instant::now();
        let wrong = app.login("office", "guess-1", "198.51.100.1").await.err();
        let wrong_took = started.elapsed();
        let (unknown, wrong) = (unknown.expect("refused"), wrong.expect("refused"));
        assert_eq!(unknown, wrong, "{backend}: the same code and message");
        assert_eq!(unknown.code, ErrorCode::LoginFailed);
        // Both wait for the same floor (and both pay one Argon2 check).
        for took in [unknown_took, wrong_took] {
            assert!(
                took >= std::time::Duration::from_millis(400),
                "{backend}: {took:?}"
            );
        }
        // A name PostgreSQL could not even look up is no one, too.
        let nul = app
            .login("off\u{0}ice", "guess-1", "198.51.100.1")
            .await
            .err();
        assert_eq!(
            nul.map(|e| e.code),
            Some(ErrorCode::LoginFailed),
            "{backend}"
        );
        // The right password still works after one failure and clears it.
        app.login("office", PW, "198.51.100.1")
            .await
            .expect("login");
        let user = app.store().find_user("office").await.expect("read");
        assert_eq!(user.map(|u| u.failed_attempts), Some(0), "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_is_throttled_others_are_not() {
    for (backend, store) in backends().await {
        let app = app_with_account(store, 3).await;
        for i in 0..3 {
            let e = app
                .login("nobody", &format!("g{i}"), "198.51.100.1")
                .await
                .err();
            assert_eq!(e.map(|e| e.code), Some(ErrorCode::LoginFailed), "{backend}");
        }
        let e = app.login("nobody", "g4", "198.51.100.1").await.err();
        assert_eq!(
            e.map(|e| e.code),
            Some(ErrorCode::LoginThrottled),
            "{backend}"
        );
        assert_eq!(ErrorCode::LoginThrottled.http_status(), 429);
        // Another address, and the right password there, still get in.
        app.login("office", PW, "198.51.100.2")
            .await
            .expect("login");
    }
}

#[tokio::test]
async fn weak_passwords_and_unknown_units_are_refused() {
    let (_, store) = backends().await.remove(0);
    let app = app_with_account(store, 0).await;
    let account = |username: &str, password: &str, units: Vec<String>, create_units| NewAccount {
        username: username.into(),
        display_name: username.into(),
        role: Role::Unit,
        units,
        person: None,
        password: password.into(),
        create_units,
    };
    for weak in ["12345678", "password1", "liaison-2026"] {
        let e = app
            .add_account("test", account("liaison", weak, vec![], true))
            .await
            .err()
            .map(|e| e.code);
        assert_eq!(e, Some(ErrorCode::PasswordWeak), "{weak}");
    }
    let unknown = app
        .add_account(
            "test",
            account("liaison", PW, vec!["不存在的局".into()], false),
        )
        .await
        .err()
        .map(|e| e.code);
    assert_eq!(unknown, Some(ErrorCode::UnitUnknown));
    let created = app
        .add_account(
            "test",
            account("liaison", PW, vec!["不存在的局".into()], true),
        )
        .await
        .expect("created with --create-unit");
    assert_eq!(created.units[0].name, "不存在的局");
    let nul = app
        .add_account("test", account("x", PW, vec!["市\u{0}局".into()], true))
        .await
        .err()
        .map(|e| e.code);
    assert_eq!(nul, Some(ErrorCode::TextControlChar));
    // A password change is held to the same rule.
    let user = app
        .store()
        .find_user("liaison")
        .await
        .expect("read")
        .expect("user");
    let e = app
        .change_password(&user, PW, "12345678")
        .await
        .err()
        .map(|e| e.code);
    assert_eq!(e, Some(ErrorCode::PasswordWeak));
}

#[tokio::test]
async fn a_report_is_for_a_month_from_the_plan_start_to_now() {
    let (_, store) = backends().await.remove(0);
    let mut plan = rectify_store::testsuite::sample_plan();
    plan.meta.issue_date = chrono::NaiveDate::from_ymd_opt(2026, 3, 5);
    store.import_plan(&plan, "test").await.expect("import");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let app = App::new(
        store.clone(),
        Settings {
            today: Some(today),
            ..Settings::default()
        },
        Err("no evidence store in this test".into()),
    );
    let unit = app
        .add_account(
            "test",
            NewAccount {
                username: "unit".into(),
                display_name: "高新区联络员".into(),
                role: Role::Unit,
                units: vec!["高新区管委会".into()],
                person: None,
                password: PW.into(),
                create_units: false,
            },
        )
        .await
        .expect("account");
    let rows = store
        .list_problems(&rectify_store::ProblemFilter {
            page: 1,
            per_page: 10,
            ..Default::default()
        })
        .await
        .expect("rows")
        .items;
    let p = rows[1].id; // (二), led by 高新区管委会
    let report = |period: &str| {
        rectify_app::commands::ProgressInput::parse(period, "40", "已完成清淤", today)
            .expect("a month from 2015 to now")
    };
    let early = app.submit_progress(&unit, p, report("2026-02")).await;
    assert_eq!(
        early.err().map(|e| e.code),
        Some(ErrorCode::PeriodOutOfRange),
        "before the plan was issued"
    );
    app.submit_progress(&unit, p, report("2026-03"))
        .await
        .expect("the plan's first month");
    app.submit_progress(&unit, p, report("2026-11"))
        .await
        .expect("the current month");
}
