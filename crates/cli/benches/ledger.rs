//! Ledger read paths at scale: generates a synthetic ledger once (default
//! 5,000 problems with 3 reports each; `RECTIFY_BENCH_PROBLEMS` to change it)
//! into a temporary SQLite database with `rectify dev generate`, then measures
//! the ledger list (first page; filtered by unit, by free text, overdue), one
//! problem's detail, and the warning rules over every problem.
//!
//! `cargo bench -p rectify-cli --bench ledger`

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rectify_domain::{evaluate, ProblemFacts, ReportPeriod, WarningThresholds, WorkCalendar};
use rectify_store::{ProblemFilter, Store};
use rectify_store_sqlite::SqliteStore;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-06-15";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date")
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
    let url = format!("sqlite:{}", path.display());
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_rectify"))
        .args([
            "dev",
            "generate",
            "--problems",
            &n.to_string(),
            "--reports-per-problem",
            "3",
            "--seed",
            "1",
            "--db",
            &url,
        ])
        .env("RECTIFY_TODAY", TODAY)
        .env("RECTIFY_LOG", "error")
        .output()
        .expect("run rectify dev generate");
    assert!(
        out.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "generated {n} problems in {:.1} s:\n{}",
        started.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&out.stdout)
    );
    let store = rt
        .block_on(SqliteStore::connect(&url))
        .expect("open the generated ledger");
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
            b.iter(|| black_box(rt.block_on(store.list_problems(&f)).expect("list")))
        });
    }
    let mut k = 0usize;
    g.bench_function("get_problem", |b| {
        b.iter(|| {
            k = (k + 7919) % ids.len().max(1);
            let id = ids.get(k).copied().unwrap_or(1);
            black_box(rt.block_on(store.get_problem(id)).expect("get"))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("warnings");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    let cal = WorkCalendar::official();
    let thresholds = WarningThresholds::default();
    g.bench_function("warning_inputs_and_evaluate_all", |b| {
        b.iter(|| {
            let inputs = rt.block_on(store.warning_inputs()).expect("inputs");
            let mut n = 0usize;
            for input in inputs {
                let Some(start) = input.start else { continue };
                let facts = ProblemFacts {
                    status: input.status,
                    deadline: input.deadline,
                    start,
                    latest_percent: input.latest_percent.map(|p| p as f64),
                    reports: input
                        .reports
                        .iter()
                        .filter_map(|(p, d)| ReportPeriod::parse(p).map(|p| (p, *d)))
                        .collect(),
                    reopened: input.reopened,
                    signed_off: false,
                };
                n += evaluate(&facts, today(), &cal, &thresholds)
                    .map(|v| v.len())
                    .unwrap_or(0);
            }
            black_box(n)
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
