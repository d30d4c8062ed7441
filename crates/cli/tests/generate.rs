//! `rectify dev generate` (CONTRACTS.md §2): a synthetic ledger that passes
//! the audit check and exports one row per problem.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use std::path::PathBuf;

fn rectify() -> Command {
    let mut c = Command::cargo_bin("rectify").unwrap();
    c.env_remove("RECTIFY_DB")
        .env("RECTIFY_TODAY", "2026-06-15")
        .env("RECTIFY_LOG", "error");
    c
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rectify-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

fn run(args: &[&str]) -> (String, String) {
    let o = rectify().args(args).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{args:?}:\n{out}\n{err}");
    (out, err)
}

#[test]
fn generated_ledger_verifies_and_exports_every_problem() {
    let db = tmp("gen.db");
    let url = format!("sqlite:{}", db.display());
    let (out, _) = run(&[
        "dev",
        "generate",
        "--problems",
        "300",
        "--reports-per-problem",
        "3",
        "--petitions",
        "20",
        "--seed",
        "7",
        "--db",
        &url,
    ]);
    assert!(out.contains("300"), "{out}");
    assert!(
        out.contains("900"),
        "3 reports for each of 300 problems: {out}"
    );
    assert!(
        out.contains("petition"),
        "petitions are reported as skipped: {out}"
    );

    run(&["audit", "verify", "--db", &url]);

    let csv = tmp("ledger.csv");
    run(&[
        "export",
        "ledger",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
        "--db",
        &url,
    ]);
    let bytes = std::fs::read(&csv).unwrap();
    let mut r = csv_rows(&String::from_utf8_lossy(&bytes));
    let header = r.remove(0);
    assert!(header.iter().any(|h| h.contains("反馈问题")), "{header:?}");
    assert_eq!(r.len(), 300, "one data row per problem");

    // A second run into the same database is refused, not doubled.
    let o = rectify()
        .args(["dev", "generate", "--problems", "5", "--db", &url])
        .output()
        .unwrap();
    assert!(!o.status.success());
}

#[test]
fn same_seed_same_ledger() {
    let mut exports = vec![];
    for name in ["a", "b"] {
        let db = tmp(&format!("seed-{name}.db"));
        let url = format!("sqlite:{}", db.display());
        run(&[
            "dev",
            "generate",
            "--problems",
            "40",
            "--reports-per-problem",
            "2",
            "--seed",
            "3",
            "--db",
            &url,
        ]);
        let out = tmp(&format!("seed-{name}.json"));
        run(&[
            "export",
            "ledger",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
            "--db",
            &url,
        ]);
        exports.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(exports[0], exports[1]);
}

/// Rows of a CSV document (quoted fields may hold commas and newlines).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
