//! Corrections after import (更正): the office fixes what the importer got
//! wrong or what a revised plan changed, field by field, with a reason. The
//! rules here decide what a correction changes and whether it is valid; the
//! store writes it, the audit trail keeps before and after.

mod diff;
mod patch;
#[cfg(test)]
mod tests;

pub use diff::{
    field_text, plan_diff, reconcile, FieldChange, FieldConflict, PlanDiff, ProblemChange,
};
pub use patch::{MeasureInput, PlanFacts, PlanPatch, ProblemPatch};

use serde::{Deserialize, Serialize};

/// The fields of a problem a correction can change, as the API, the audit
/// trail and a re-import's conflicts name them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProblemField {
    Number,
    Category,
    Description,
    Target,
    Measures,
    Deadline,
    Units,
    Leaders,
    Persons,
    Liaisons,
}

impl ProblemField {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemField::Number => "编号",
            ProblemField::Category => "问题类别",
            ProblemField::Description => "问题描述",
            ProblemField::Target => "整改目标",
            ProblemField::Measures => "整改措施",
            ProblemField::Deadline => "整改时限",
            ProblemField::Units => "责任单位",
            ProblemField::Leaders => "督办领导",
            ProblemField::Persons => "责任人员",
            ProblemField::Liaisons => "联络人员",
        }
    }
}

/// The fields of a plan a correction can change.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PlanField {
    Title,
    DocNumber,
    IssueDate,
    Jurisdiction,
    Inspection,
    NoticeWorkdays,
}

impl PlanField {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PlanField::Title => "方案标题",
            PlanField::DocNumber => "文号",
            PlanField::IssueDate => "印发日期",
            PlanField::Jurisdiction => "行政区域",
            PlanField::Inspection => "督察信息",
            PlanField::NoticeWorkdays => "公示期（工作日）",
        }
    }
}

/// The Chinese label of a field name as stored (`deadline` → 整改时限).
pub fn field_label_zh(name: &str) -> &str {
    use strum::IntoEnumIterator;
    ProblemField::iter()
        .find(|f| f.as_str() == name)
        .map(ProblemField::label_zh)
        .or_else(|| {
            PlanField::iter()
                .find(|f| f.as_str() == name)
                .map(PlanField::label_zh)
        })
        .unwrap_or(name)
}
