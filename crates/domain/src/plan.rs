//! The `rectify-plan/1` interchange form (CONTRACTS.md §1): what the importer
//! produces and the ledger stores. Field names are a public contract.

use crate::deadline::DeadlineSpec;
use crate::unit::UnitRole;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// What the preamble says about the inspection, the plan's document
    /// number and the date it was issued or approved.
    #[serde(default)]
    pub meta: PlanMeta,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanMeta {
    pub inspection: Option<crate::inspection::Inspection>,
    /// e.g. 衡办发〔2019〕3号
    pub doc_number: Option<String>,
    /// Issued (印发) or approved (批复): work on the plan starts then.
    pub issue_date: Option<chrono::NaiveDate>,
}

impl PlanMeta {
    /// Reads the plan's preamble.
    pub fn from_text(head: &str) -> PlanMeta {
        use once_cell::sync::Lazy;
        use regex::Regex;
        static DOC: Lazy<Option<Regex>> =
            Lazy::new(|| Regex::new(r"[\p{Han}]{1,8}〔(?:19|20)\d{2}〕\d{1,4}号").ok());
        static ISSUED: Lazy<Option<Regex>> = Lazy::new(|| {
            Regex::new(
                r"(\d{4})年(\d{1,2})月(\d{1,2})日[^。；]{0,30}?(?:批复|印发|审议通过|正式实施)",
            )
            .ok()
        });
        let inspection = crate::inspection::Inspection::from_text(head);
        let any = inspection.level.is_some()
            || inspection.team.is_some()
            || inspection.feedback_date.is_some();
        // The plan's own number stands alone on a line of the header; numbers
        // inside sentences cite other documents.
        let doc_number = head
            .lines()
            .take(12)
            .map(str::trim)
            .find(|l| {
                DOC.as_ref()
                    .and_then(|r| r.find(l))
                    .is_some_and(|m| m.as_str() == *l)
            })
            .map(str::to_string);
        let issue_date = ISSUED
            .as_ref()
            .and_then(|r| r.captures(head))
            .and_then(|c| {
                chrono::NaiveDate::from_ymd_opt(
                    c[1].parse().ok()?,
                    c[2].parse().ok()?,
                    c[3].parse().ok()?,
                )
            });
        PlanMeta {
            inspection: any.then_some(inspection),
            doc_number,
            issue_date,
        }
    }

    /// When work on the plan started: its issue date, else the inspection's
    /// feedback date.
    pub fn start(&self) -> Option<chrono::NaiveDate> {
        self.issue_date
            .or(self.inspection.as_ref().and_then(|i| i.feedback_date))
    }
}

#[cfg(test)]
mod meta_tests {
    use super::*;

    #[test]
    fn reads_issue_date_and_document_number() {
        let m = PlanMeta::from_text(
            "衡办发〔2019〕3号\n2018年6月21日至7月11日，湖南省第一环境保护督察组进驻我市，9月11日反馈了督察意见。省人民政府于2019年1月14日对《整改方案》正式批复实施。",
        );
        assert_eq!(m.doc_number.as_deref(), Some("衡办发〔2019〕3号"));
        assert_eq!(m.issue_date, chrono::NaiveDate::from_ymd_opt(2019, 1, 14));
        assert_eq!(
            m.inspection.as_ref().and_then(|i| i.feedback_date),
            chrono::NaiveDate::from_ymd_opt(2018, 9, 11)
        );
        assert_eq!(m.start(), chrono::NaiveDate::from_ymd_opt(2019, 1, 14));
        let cited = PlanMeta::from_text(
            "根据《关于印发〈方案〉的通知》（湘发电〔2021〕63号）要求，制定本方案。",
        );
        assert_eq!(
            cited.doc_number, None,
            "a cited document's number is not the plan's"
        );
        let none = PlanMeta::from_text("一份没有说明的清单");
        assert_eq!(none, PlanMeta::default());
    }
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
    /// How each field was obtained (keys: description, target, measures,
    /// deadline, units, leaders, persons, liaisons), so a reviewer checks the
    /// guessed ones first. Absent from older JSON.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence: BTreeMap<String, FieldConfidence>,
}

/// How an imported field value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldConfidence {
    /// Read from a label or a table header.
    Rule,
    /// Inferred: from position, a run-together split, name tagging …
    Guessed,
    /// Not found.
    Missing,
}

/// The field keys of [`ProblemDraft::confidence`].
pub const CONFIDENCE_FIELDS: [&str; 8] = [
    "description",
    "target",
    "measures",
    "deadline",
    "units",
    "leaders",
    "persons",
    "liaisons",
];

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
