#![allow(dead_code)]
use rectify_domain::{PlanDraft, ProblemDraft, UnitRole};
use std::path::PathBuf;

pub fn demo(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn import(name: &str, bytes: &[u8]) -> PlanDraft {
    rectify_import::import_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn top(plan: &PlanDraft, seq: u32) -> &ProblemDraft {
    plan.problems
        .iter()
        .find(|p| p.seq == seq && p.parent_seq.is_none())
        .unwrap_or_else(|| panic!("no problem {seq}"))
}

pub fn units(p: &ProblemDraft, role: UnitRole) -> Vec<&str> {
    p.units
        .iter()
        .filter(|u| u.role == role)
        .map(|u| u.name.as_str())
        .collect()
}

pub fn codes(plan: &PlanDraft) -> Vec<&str> {
    plan.warnings.iter().map(|w| w.code.as_str()).collect()
}
