//! The `rectify-plan/1` interchange form (CONTRACTS.md §1): what the importer
//! produces and the ledger stores. Field names are a public contract.

use crate::deadline::DeadlineSpec;
use crate::unit::UnitRole;
use serde::{Deserialize, Serialize};

pub const PLAN_FORMAT: &str = "rectify-plan/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDraft {
    pub format: String,
    pub title: String,
    pub jurisdiction: Option<String>,
    pub declared_problem_count: Option<u32>,
    pub source: SourceInfo,
    pub categories: Vec<CategoryDraft>,
    pub problems: Vec<ProblemDraft>,
    pub warnings: Vec<ImportWarning>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_projects: Vec<KeyProjectRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    pub sha256: String,
    /// `txt`, `md`, `docx` or `xlsx`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDraft {
    pub seq: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemDraft {
    pub seq: u32,
    pub number_text: String,
    pub parent_seq: Option<u32>,
    pub category_seq: Option<u32>,
    pub description: String,
    pub target: Option<String>,
    pub deadline: DeadlineSpec,
    pub units: Vec<UnitAssignment>,
    pub leaders: Vec<String>,
    pub responsible_persons: Vec<Person>,
    pub liaisons: Vec<Liaison>,
    pub measures: Vec<MeasureDraft>,
    pub source_span: Option<SourceSpan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitAssignment {
    pub name: String,
    pub role: UnitRole,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Liaison {
    pub name: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDraft {
    pub seq: u32,
    pub text: String,
    #[serde(default)]
    pub units: Vec<UnitAssignment>,
    pub deadline: Option<DeadlineSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    pub first_line: u32,
    pub last_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportWarning {
    /// `count_mismatch`, `unparsed_text`, `field_missing`, `deadline_unparsed`, …
    pub code: String,
    pub message: String,
    pub line: Option<u32>,
}

/// One row of an indicator table of a five-year plan, cells as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub table: String,
    pub category: String,
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub achieved: String,
    pub attribute: String,
}

/// One row of a key project table (重点项目库), cells keyed by their header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyProjectRow {
    pub table: String,
    pub cells: Vec<(String, String)>,
}
