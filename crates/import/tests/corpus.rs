//! Accuracy over a corpus of real published documents (`tests/corpus/dev`,
//! `tests/corpus/heldout`; sources and decisions in `tests/corpus/SOURCES.md`),
//! each `<slug>.txt|.md` with hand-made expected values in `<slug>.json`
//! (the schema of `tests/expected/*.json`, compared field by field as
//! `accuracy.rs` does).
//!
//! Prints a table per document and per set. A document's score counts every
//! check: each expected problem's 11 fields, the two document-level checks
//! (declared count, `count_mismatch`) and one failed check per invented
//! problem. An import that answers an error counts as a plan with nothing in
//! it (shown in the table). Low accuracy does not fail the test; it fails
//! when a document or its expected file is missing or unparseable, when the
//! import panics, or when `CORPUS_MIN_DEV` / `CORPUS_MIN_HELDOUT` (percent)
//! are set and a set scores below them. `CORPUS_VERBOSE=1` prints every
//! mismatch. `scripts/import_accuracy.sh` runs it.

mod common;
use common::compare::{compare, compare_parts, percent, Tally, FIELDS};
use serde_json::Value;
use std::path::{Path, PathBuf};

const SETS: [&str; 2] = ["dev", "heldout"];

struct Row {
    name: String,
    set: &'static str,
    expected: usize,
    found: usize,
    error: Option<String>,
    tally: Tally,
}

fn is_document(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "txt" || x == "md")
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

fn fmt_pct(p: Option<f64>) -> String {
    p.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into())
}

fn env_floor(var: &str) -> Option<f64> {
    let v = std::env::var(var).ok()?;
    Some(
        v.trim()
            .trim_end_matches('%')
            .parse()
            .unwrap_or_else(|e| panic!("{var}={v}: {e}")),
    )
}

fn run_set(root: &Path, set: &'static str, problems: &mut Vec<String>) -> Vec<Row> {
    let dir = root.join(set);
    let files = listing(&dir);
    let docs: Vec<&PathBuf> = files.iter().filter(|p| is_document(p)).collect();
    for j in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let stem = j.file_stem().unwrap_or_default();
        if !docs.iter().any(|d| d.file_stem() == Some(stem)) {
            problems.push(format!("{}: no document beside it", j.display()));
        }
    }
    let mut rows = Vec::new();
    for doc in docs {
        let name = doc
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let json_path = doc.with_extension("json");
        let expected: Value = match std::fs::read_to_string(&json_path) {
            Err(e) => {
                problems.push(format!("{}: {e}", json_path.display()));
                continue;
            }
            Ok(text) => match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(format!("{}: {e}", json_path.display()));
                    continue;
                }
            },
        };
        if !expected["problems"].is_array() {
            problems.push(format!("{}: no \"problems\" list", json_path.display()));
            continue;
        }
        let bytes = match std::fs::read(doc) {
            Ok(b) if !b.is_empty() => b,
            Ok(_) => {
                problems.push(format!("{}: empty", doc.display()));
                continue;
            }
            Err(e) => {
                problems.push(format!("{}: {e}", doc.display()));
                continue;
            }
        };
        // A panic inside the importer propagates and fails the test.
        let mut tally = Tally::default();
        let (found, error) = match rectify_import::import_bytes(&name, &bytes) {
            Ok(plan) => {
                compare(&name, &plan, &expected, &mut tally);
                (plan.problems.len(), None)
            }
            Err(e) => {
                compare_parts(&name, None, false, &[], &expected, &mut tally);
                (0, Some(e.code().to_string()))
            }
        };
        rows.push(Row {
            name,
            set,
            expected: expected["problems"].as_array().map_or(0, |a| a.len()),
            found,
            error,
            tally,
        });
    }
    rows
}

#[test]
fn corpus_accuracy() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for set in SETS {
        rows.extend(run_set(&root, set, &mut problems));
    }
    assert!(
        problems.is_empty(),
        "corpus files missing or unparseable:\n{}",
        problems.join("\n")
    );
    assert!(!rows.is_empty(), "no documents under {}", root.display());

    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(8);
    println!(
        "\n{:<width$}  {:<7}  {:>9}  {:>13}  {:>7}  {:>8}  note",
        "document", "set", "problems", "checks", "%", "fields%"
    );
    println!("{:<width$}  {:<7}  {:>9}", "", "", "exp/found");
    for r in &rows {
        let (cr, cn) = r.tally.checks();
        let (fr, fnn) = r.tally.fields();
        let mut note = Vec::new();
        if let Some(e) = &r.error {
            note.push(format!("import error: {e}"));
        }
        if r.tally.invented > 0 {
            note.push(format!("{} invented", r.tally.invented));
        }
        if r.tally.doc_right < r.tally.doc_total {
            note.push("declared/count_mismatch wrong".into());
        }
        println!(
            "{:<width$}  {:<7}  {:>9}  {:>13}  {:>7}  {:>8}  {}",
            r.name,
            r.set,
            format!("{}/{}", r.expected, r.found),
            format!("{cr}/{cn}"),
            fmt_pct(percent(cr, cn)),
            fmt_pct(percent(fr, fnn)),
            note.join("; ")
        );
    }

    let verbose = std::env::var("CORPUS_VERBOSE").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    println!();
    for set in SETS {
        let mut t = Tally::default();
        let mut docs = 0;
        let (mut exp, mut found) = (0, 0);
        for r in rows.iter().filter(|r| r.set == set) {
            t.merge(&r.tally);
            docs += 1;
            exp += r.expected;
            found += r.found;
        }
        let (cr, cn) = t.checks();
        let score = percent(cr, cn);
        println!(
            "{set:<8} {docs:>2} documents, problems {exp}/{found} (expected/found), checks {cr}/{cn} = {}, \
             document checks {}/{}, missing {}, invented {}",
            fmt_pct(score),
            t.doc_right,
            t.doc_total,
            t.missing,
            t.invented
        );
        let per_field: Vec<String> = FIELDS
            .iter()
            .map(|f| {
                let r = t.right.get(f).copied().unwrap_or(0);
                let n = t.total.get(f).copied().unwrap_or(0);
                format!("{f} {r}/{n}")
            })
            .collect();
        println!("         {}", per_field.join(", "));
        if verbose {
            for f in &t.failures {
                println!("  ✗ [{set}] {f}");
            }
        }
        let var = format!("CORPUS_MIN_{}", set.to_uppercase());
        if let Some(floor) = env_floor(&var) {
            let got = score.unwrap_or(100.0);
            if got < floor {
                failures.push(format!("{set}: {got:.1}% is below {var}={floor}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
