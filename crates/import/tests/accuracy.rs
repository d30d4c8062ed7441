//! Field-by-field accuracy over the fixtures, against hand-written expected
//! values in `tests/expected/*.json`. Each expected file names its source
//! (`"file"`: a fixture, or `"generated"`: a document built by a test helper)
//! and lists every problem with:
//!
//! `number` ("seq" or "parent.seq"), `due` (date or null), `immediate`,
//! `ongoing`, `units` ("role:name", in order), `leaders`, `persons`
//! ("name|title"), `liaisons` (names), `target` (present or not), `measures`
//! (how many), `milestones` (dates).
//!
//! Problems are compared in order; a problem the importer did not find
//! counts as wrong in every field, one it found beyond the expected list
//! counts as an invented problem. Document-level checks: the declared count
//! and whether `count_mismatch` is raised.
//!
//! `cargo test -p rectify-import --test accuracy -- --nocapture` prints the
//! per-field figures and every mismatch.

mod common;
use common::compare::{compare, Tally, FIELDS};
use common::*;
use serde_json::Value;
use std::path::PathBuf;

fn source(expected: &Value) -> (String, Vec<u8>) {
    if let Some(f) = expected["file"].as_str() {
        return (f.to_string(), fixture(f));
    }
    match expected["generated"].as_str() {
        Some("songxi-numbered.docx") => ("songxi-numbered.docx".into(), songxi_numbered_docx()),
        other => panic!("unknown source {other:?}"),
    }
}

#[test]
fn field_accuracy_over_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expected");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("expected dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "{} expected files", files.len());
    let mut t = Tally::default();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let expected: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let (name, bytes) = source(&expected);
        let plan = import(&name, &bytes);
        compare(&name, &plan, &expected, &mut t);
    }
    println!("\nfield        right / total   accuracy");
    let mut all_right = 0;
    let mut all_total = 0;
    for f in FIELDS {
        let r = t.right.get(f).copied().unwrap_or(0);
        let n = t.total.get(f).copied().unwrap_or(0);
        all_right += r;
        all_total += n;
        println!(
            "{f:<12} {r:>5} / {n:<5}   {:>6.1}%",
            100.0 * r as f64 / n.max(1) as f64
        );
    }
    println!(
        "{:<12} {all_right:>5} / {all_total:<5}   {:>6.1}%",
        "all fields",
        100.0 * all_right as f64 / all_total.max(1) as f64
    );
    println!(
        "document     {:>5} / {:<5}   (declared count, count_mismatch)",
        t.doc_right, t.doc_total
    );
    println!(
        "missing problems: {}, invented problems: {}",
        t.missing, t.invented
    );
    for f in &t.failures {
        println!("  ✗ {f}");
    }
    assert_eq!(t.invented, 0, "invented problems");
    assert_eq!(t.doc_right, t.doc_total, "document-level checks");
    for f in FIELDS {
        let r = t.right.get(f).copied().unwrap_or(0);
        let n = t.total.get(f).copied().unwrap_or(0);
        assert!(
            r as f64 >= 0.95 * n as f64,
            "{f}: {r}/{n} below 95%\n{}",
            t.failures.join("\n")
        );
    }
}
