//! 300,000 synthetic petitions: feature extraction, candidate generation,
//! scoring and grouping, timed end to end.
use criterion::{criterion_group, criterion_main, Criterion};
use rectify_petitions::{find_duplicates, Weights};
use std::hint::black_box;

use rectify_petitions::synth;

fn bench(c: &mut Criterion) {
    let ps = synth::petitions(300_000, 42);
    let mut g = c.benchmark_group("petitions");
    g.sample_size(10);
    g.bench_function("group 300k petitions", |b| {
        b.iter(|| find_duplicates(black_box(&ps), &[], &Weights::default()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
