//! One timed run over 300,000 synthetic petitions, printing the seconds of
//! each step and the peak resident memory, so the figure can be quoted.
//! `cargo run --release -p rectify-petitions --example bench300k [N]`
use rectify_petitions::{candidates, features_of, group, score, score_candidates, Weights};
use std::time::Instant;

use rectify_petitions::synth;

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300_000);
    let ps = synth::petitions(n, 42);
    let w = Weights::default();
    let t0 = Instant::now();
    let feats = features_of(&ps);
    let t1 = Instant::now();
    let corpus = score::Corpus::new(&feats);
    let pairs = candidates::candidates(&feats, &corpus, &candidates::Config::default());
    let t2 = Instant::now();
    let (scored, vetoes) = score_candidates(&feats, &corpus, &pairs, &w);
    let ids: Vec<String> = ps.iter().map(|p| p.id.clone()).collect();
    let groups = group::group_with_vetoes(&ids, &scored, &[], &vetoes);
    let t3 = Instant::now();
    println!(
        "{n} petitions: features {:.2}s, candidates {:.2}s ({} pairs), score+group {:.2}s ({} accepted, {} groups); total {:.2}s; peak RSS {} MB",
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        pairs.len(),
        (t3 - t2).as_secs_f64(),
        scored.len(),
        groups.len(),
        (t3 - t0).as_secs_f64(),
        peak_rss_kb().map_or(0, |k| k / 1024)
    );
}
