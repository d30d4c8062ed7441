//! Importing the Changde seed (388 lines, 27 problems + 2 sub-problems).
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo/changde-2021-central-inspection-plan.txt");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return;
        }
    };
    c.bench_function("import changde seed (txt)", |b| {
        b.iter(|| rectify_import::import_bytes("changde.txt", black_box(&bytes)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
