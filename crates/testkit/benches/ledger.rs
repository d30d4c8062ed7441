//! Ledger read paths at scale: generates a synthetic ledger once (default
//! 5,000 problems with 3 reports each; `RECTIFY_BENCH_PROBLEMS` to change it)
//! into a temporary SQLite database with `rectify_testkit::generate`, then
//! measures the ledger list (first page; filtered by unit, by free text,
//! overdue), one problem's detail, and the warning refresh over every problem.
//!
//! `cargo bench -p rectify-testkit --bench ledger`

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rectify_app::warnings::refresh;
use rectify_domain::{WarningThresholds, WorkCalendar};
use rectify_store::{ProblemFilter, Store};
use rectify_store_sqlite::SqliteStore;
use rectify_testkit::{generate, Options};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("date")
}

fn problems() -> usize {
    std::env::var("RECTIFY_BENCH_PROBLEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000)
}

/// Generates the ledger (once per run) and opens it.
fn setup(rt: &tokio::runtime::Runtime) -> (SqliteStore, PathBuf) {
    let n = problems();
    let dir = std::env::temp_dir().join(format!("rectify-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("ledger-{n}.db"));
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite:{}", path.display());
    let store = rt
        .block_on(SqliteStore::connect(&url))
        .expect("create the ledger");
    let started = Instant::now();
    let counts = rt
        .block_on(generate(
            &store,
            &Options {
                problems: n,
                reports_per_problem: 3,
                petitions: 0,
                seed: 1,
                today: today(),
            },
        ))
        .expect("generate");
    eprintln!(
        "generated {n} problems in {:.1} s: {counts:?}",
        started.elapsed().as_secs_f64()
    );
    (store, dir)
}

fn page(f: ProblemFilter) -> ProblemFilter {
    ProblemFilter {
        page: 1,
        per_page: 50,
        ..f
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (store, dir) = setup(&rt);
    let ids: Vec<i64> = rt
        .block_on(store.list_problems(&ProblemFilter {
            page: 1,
            per_page: 1000,
            ..Default::default()
        }))
        .expect("list")
        .items
        .iter()
        .map(|r| r.id)
        .collect();
    let total = rt
        .block_on(store.list_problems(&page(ProblemFilter::default())))
        .expect("list")
        .total;
    let count = |f: ProblemFilter| {
        rt.block_on(store.list_problems(&page(f)))
            .map(|p| p.total)
            .unwrap_or(-1)
    };
    eprintln!(
        "ledger: {total} problems; unit 市生态环境局: {}; q 黑臭水体: {}; overdue: {}",
        count(ProblemFilter {
            unit: Some("市生态环境局".into()),
            ..Default::default()
        }),
        count(ProblemFilter {
            q: Some("黑臭水体".into()),
            ..Default::default()
        }),
        count(ProblemFilter {
            overdue: Some(true),
            today: Some(today()),
            ..Default::default()
        }),
    );

    let mut g = c.benchmark_group("ledger");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    let cases: Vec<(&str, ProblemFilter)> = vec![
        ("list_first_page", ProblemFilter::default()),
        (
            "list_by_unit",
            ProblemFilter {
                unit: Some("市生态环境局".into()),
                ..Default::default()
            },
        ),
        (
            "list_search_q",
            ProblemFilter {
                q: Some("黑臭水体".into()),
                ..Default::default()
            },
        ),
        (
            "list_overdue",
            ProblemFilter {
                overdue: Some(true),
                today: Some(today()),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in cases {
        let f = page(filter);
        g.bench_function(name, |b| {
            b.iter(|| black_box(rt.block_on(store.list_problems(&f)).expect("list")));
        });
    }
    let mut k = 0usize;
    g.bench_function("get_problem", |b| {
        b.iter(|| {
            k = (k + 7919) % ids.len().max(1);
            let id = ids.get(k).copied().unwrap_or(1);
            black_box(rt.block_on(store.get_problem(id)).expect("get"))
        });
    });
    g.finish();

    // The application's warning refresh over every problem: read the facts,
    // evaluate the rules, bring the stored warnings in line.
    let mut g = c.benchmark_group("warnings");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    let cal = WorkCalendar::official();
    let thresholds = WarningThresholds::default();
    g.bench_function("refresh_all", |b| {
        b.iter(|| {
            black_box(
                rt.block_on(refresh(&store, &cal, &thresholds, today(), None))
                    .expect("refresh"),
            )
        });
    });
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
