//! What the store reads and writes about petitions (信访件).

use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::petition::{
    ClosureStandard, PetitionMeasures, PetitionStatus, Satisfaction, Source, Verification,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A file of petitions (交办批次): a handover list or a hotline export.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewPetitionBatch {
    pub name: String,
    pub source: Source,
    pub handed_over_on: Option<NaiveDate>,
    pub file_name: Option<String>,
}

/// One petition to store; an existing code is updated in place (the
/// handover fields only: what was done about it stays).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewPetition {
    pub code: String,
    pub source: Option<Source>,
    pub received_on: Option<NaiveDate>,
    pub area: String,
    pub kind: String,
    pub content: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub extra: BTreeMap<String, String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub unit_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    /// A hotline export's 办理结果.
    pub result: Option<String>,
    /// A hotline export's 回访满意度, recorded as a return visit.
    pub satisfaction: Option<Satisfaction>,
    /// The closed item this petition matches (反弹), with why.
    pub rebound: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PetitionImportReport {
    pub batch_id: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Ids of the petitions this import added (for the rebound check).
    pub new_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PetitionBatch {
    pub id: i64,
    pub name: String,
    pub source: String,
    pub handed_over_on: Option<NaiveDate>,
    pub file_name: Option<String>,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    pub petitions: i64,
    pub closed: i64,
}

/// The petitions list's filter. Empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PetitionFilter {
    pub batch_id: Option<i64>,
    pub area: Option<String>,
    pub kind: Option<String>,
    pub unit_id: Option<i64>,
    /// The units a unit account may see (None: all).
    pub scope_units: Option<Vec<i64>>,
    pub status: Option<PetitionStatus>,
    pub source: Option<Source>,
    /// Petitions whose latest return visit had this satisfaction.
    pub satisfaction: Option<Satisfaction>,
    /// Unclosed petitions due before this day.
    pub overdue_on: Option<NaiveDate>,
    pub rebound: bool,
    /// Only these codes (the members of duplicate groups).
    pub codes: Option<Vec<String>>,
    /// Only petitions in a duplicate group: the application turns this into
    /// `codes` (the store does not know the groups).
    pub duplicates_only: bool,
    /// Words in the content, address or code.
    pub q: Option<String>,
    /// Keyset: rows with an id below this one (newest first).
    pub before_id: Option<i64>,
    pub page: u32,
    pub per_page: u32,
}

/// One row of the petitions list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PetitionRowView {
    pub id: i64,
    pub code: String,
    pub batch_id: Option<i64>,
    pub batch_name: Option<String>,
    pub source: String,
    pub received_on: Option<NaiveDate>,
    pub area: String,
    pub kind: String,
    pub content: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: String,
    pub verification: Option<String>,
    pub closure_standard: Option<String>,
    pub rebound: bool,
    pub problem_id: Option<i64>,
    pub last_satisfaction: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PetitionVisit {
    pub id: i64,
    pub petition_id: i64,
    pub visited_on: NaiveDate,
    pub visited_by: String,
    pub satisfaction: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewPetitionVisit {
    pub petition_id: i64,
    pub visited_on: NaiveDate,
    pub visited_by: String,
    pub satisfaction: Satisfaction,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PetitionAttachment {
    pub id: i64,
    pub petition_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// One petition with everything recorded on it. `contact_*` are personal
/// data: the application clears them for anyone but the office and the
/// assigned unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PetitionDetail {
    #[serde(flatten)]
    pub row: PetitionRowView,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub extra: BTreeMap<String, String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub handling: String,
    pub result: String,
    pub public_reply: String,
    pub measures: PetitionMeasures,
    /// The closed item this petition matches, with why (`rectify_petitions::rebound::Rebound`).
    pub rebound_of: Option<serde_json::Value>,
    pub problem_number: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    pub visits: Vec<PetitionVisit>,
    pub attachments: Vec<PetitionAttachment>,
}

/// What the unit or the office records about the handling; the whole set
/// is written (the application merges a patch onto the stored values).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PetitionHandling {
    pub unit_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub verification: Option<Verification>,
    pub handling: String,
    pub result: String,
    pub public_reply: String,
    pub measures: PetitionMeasures,
    pub closure_standard: Option<ClosureStandard>,
    pub problem_id: Option<i64>,
}

/// A petition as matching sees it (duplicates and rebounds).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PetitionText {
    pub id: i64,
    pub code: String,
    pub received_on: Option<NaiveDate>,
    pub area: String,
    pub kind: String,
    pub content: String,
    pub address: String,
    pub status: String,
}

/// A signed-off problem, as rebound matching sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClosedProblemText {
    pub id: i64,
    pub jurisdiction: String,
    pub number_text: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PairDecision {
    pub code_a: String,
    pub code_b: String,
    pub decision: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// How the figures are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionDimension {
    Unit,
    Area,
    Kind,
    Batch,
}

impl PetitionDimension {
    pub fn parse(s: &str) -> Option<PetitionDimension> {
        Some(match s {
            "unit" => PetitionDimension::Unit,
            "area" => PetitionDimension::Area,
            "kind" => PetitionDimension::Kind,
            "batch" => PetitionDimension::Batch,
            _ => return None,
        })
    }
}
