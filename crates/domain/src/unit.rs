//! Units (责任单位) and their roles on a problem.

use serde::{Deserialize, Serialize};

/// A unit's role on a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// 主体责任单位
    Primary,
    /// 牵头单位, or a unit marked （牵头）
    Lead,
    /// 责任单位
    Responsible,
    /// 监管责任单位 / 牵头督导单位
    Supervising,
    /// 配合督导单位 / 配合单位
    Assisting,
}

impl UnitRole {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitRole::Primary => "primary",
            UnitRole::Lead => "lead",
            UnitRole::Responsible => "responsible",
            UnitRole::Supervising => "supervising",
            UnitRole::Assisting => "assisting",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "primary" => UnitRole::Primary,
            "lead" => UnitRole::Lead,
            "responsible" => UnitRole::Responsible,
            "supervising" => UnitRole::Supervising,
            "assisting" => UnitRole::Assisting,
            _ => return None,
        })
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitRole::Primary => "主体责任单位",
            UnitRole::Lead => "牵头单位",
            UnitRole::Responsible => "责任单位",
            UnitRole::Supervising => "监管责任单位",
            UnitRole::Assisting => "配合单位",
        }
    }

    /// Units in these roles carry out the work and report progress.
    pub fn does_the_work(self) -> bool {
        matches!(
            self,
            UnitRole::Primary | UnitRole::Lead | UnitRole::Responsible
        )
    }
}

/// The canonical form of a unit name used to match aliases: whitespace and
/// full-width/half-width bracket differences removed.
pub fn normalize_unit_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            _ => c,
        })
        .collect()
}
