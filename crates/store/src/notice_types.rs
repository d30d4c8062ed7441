//! Values of the 公示 notice and of objections a citizen can follow that
//! cross the `Store` boundary.

use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::notice::{Notice, NoticeSettings};
use serde::{Deserialize, Serialize};

/// A notice to record when 公示 starts: linked to the approved
/// `public_notice` step that started it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewPublicNotice {
    pub problem_id: i64,
    /// The sign-off step (`public_notice`, approved) it belongs to.
    pub signoff_id: i64,
    pub notice: Notice,
    pub notice_start: NaiveDate,
    pub notice_end: NaiveDate,
    pub workdays: i64,
    pub issued_on: NaiveDate,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// An issued notice (immutable).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PublicNotice {
    pub id: i64,
    pub problem_id: i64,
    pub signoff_id: i64,
    pub notice: Notice,
    pub notice_start: NaiveDate,
    pub notice_end: NaiveDate,
    pub workdays: i64,
    pub issued_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// A line of the 公示公告 list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NoticeListItem {
    pub id: i64,
    pub problem_id: i64,
    pub plan_title: String,
    pub number_text: String,
    pub title: String,
    pub issuer: String,
    pub notice_start: NaiveDate,
    pub notice_end: NaiveDate,
    pub issued_on: NaiveDate,
}

/// A plan's notice settings as stored, with its notice length.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PlanNoticeSettings {
    pub plan_id: i64,
    pub plan_title: String,
    pub jurisdiction: Option<String>,
    pub notice_workdays: i64,
    pub settings: NoticeSettings,
}

/// An objection lookup by its reference: what the public may see.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ObjectionStatus {
    pub reference: String,
    pub problem_id: i64,
    pub number_text: String,
    pub plan_title: String,
    pub created_at: DateTime<Utc>,
    /// `open`, `resolved` or `spam`.
    pub status: String,
    /// The office's reply, once resolved.
    pub reply: Option<String>,
}
