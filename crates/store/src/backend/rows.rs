//! The records that whole-row queries of several aggregates decode into (`sqlx::FromRow`, by column
//! name), and their conversion to the store's types where a column needs
//! parsing (JSON text, status names).

use super::status_of;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{DeadlineSpec, Decision, MeasureDraft, SignoffStep, UnitAssignment};
use rectify_store::sql::level_from_rank;
use rectify_store::{
    Attachment, Escalation, Objection, ProblemRow, ProgressReport, SignoffRecord, StoreError,
    StoreResult, UnitRef, WarningRecord,
};

#[derive(sqlx::FromRow)]
pub(super) struct UnitRow {
    pub(super) id: i64,
    pub(super) name: String,
}

impl From<UnitRow> for UnitRef {
    fn from(r: UnitRow) -> Self {
        UnitRef {
            id: r.id,
            name: r.name,
        }
    }
}

/// The deadline columns of `problems`.
#[derive(sqlx::FromRow)]
pub(super) struct DeadlineCols {
    deadline_text: String,
    due_date: Option<NaiveDate>,
    immediate: bool,
    ongoing: bool,
    milestones_json: String,
}

impl TryFrom<DeadlineCols> for DeadlineSpec {
    type Error = StoreError;
    fn try_from(r: DeadlineCols) -> StoreResult<Self> {
        Ok(DeadlineSpec {
            milestones: serde_json::from_str(&r.milestones_json)?,
            text: r.deadline_text,
            due: r.due_date,
            immediate: r.immediate,
            ongoing: r.ongoing,
        })
    }
}

/// One ledger row: `problems.ROW_SELECT` with its warning rank `wl`.
#[derive(sqlx::FromRow)]
pub(super) struct LedgerRow {
    pub(super) id: i64,
    plan_id: i64,
    plan_title: String,
    category_seq: Option<i64>,
    category_title: Option<String>,
    seq: i64,
    pub(super) parent_seq: Option<i64>,
    number_text: String,
    description: String,
    target: Option<String>,
    #[sqlx(flatten)]
    deadline: DeadlineCols,
    status: String,
    version: i64,
    latest_percent: Option<i64>,
    latest_period: Option<String>,
    latest_text: Option<String>,
    accepted_percent: Option<i64>,
    accepted_period: Option<String>,
    wl: Option<i64>,
}

impl LedgerRow {
    pub(super) fn into_row(
        self,
        units: Vec<UnitAssignment>,
        leaders: Vec<String>,
    ) -> StoreResult<ProblemRow> {
        Ok(ProblemRow {
            id: self.id,
            plan_id: self.plan_id,
            plan_title: self.plan_title,
            category_seq: self.category_seq,
            category_title: self.category_title,
            seq: self.seq,
            parent_seq: self.parent_seq,
            number_text: self.number_text,
            description: self.description,
            target: self.target,
            deadline: self.deadline.try_into()?,
            status: status_of(&self.status)?,
            units,
            leaders,
            latest_percent: self.latest_percent,
            latest_period: self.latest_period,
            latest_text: self.latest_text,
            accepted_percent: self.accepted_percent,
            accepted_period: self.accepted_period,
            warning_level: level_from_rank(self.wl),
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct MeasureRow {
    seq: i64,
    text: String,
    units_json: String,
    deadline_json: Option<String>,
}

impl TryFrom<MeasureRow> for MeasureDraft {
    type Error = StoreError;
    fn try_from(r: MeasureRow) -> StoreResult<Self> {
        Ok(MeasureDraft {
            seq: r.seq as u32,
            text: r.text,
            units: serde_json::from_str(&r.units_json)?,
            deadline: r
                .deadline_json
                .map(|s| serde_json::from_str(&s))
                .transpose()?,
        })
    }
}

/// `SELECT * FROM progress_reports`
#[derive(sqlx::FromRow)]
pub(super) struct ReportRow {
    id: i64,
    problem_id: i64,
    period: String,
    percent: i64,
    text: String,
    measure_status_json: String,
    submitted_by: String,
    submitted_at: DateTime<Utc>,
    status: String,
    review_comment: Option<String>,
    reviewed_by: Option<String>,
}

impl TryFrom<ReportRow> for ProgressReport {
    type Error = StoreError;
    fn try_from(r: ReportRow) -> StoreResult<Self> {
        Ok(ProgressReport {
            id: r.id,
            problem_id: r.problem_id,
            period: r.period,
            percent: r.percent,
            text: r.text,
            measure_status: serde_json::from_str(&r.measure_status_json)?,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            status: r.status,
            review_comment: r.review_comment,
            reviewed_by: r.reviewed_by,
        })
    }
}

/// `SELECT * FROM signoff_steps`
#[derive(sqlx::FromRow)]
pub(super) struct SignoffRow {
    id: i64,
    step: String,
    decision: String,
    comment: String,
    actor: String,
    at: DateTime<Utc>,
    notice_start: Option<NaiveDate>,
    notice_end: Option<NaiveDate>,
}

impl TryFrom<SignoffRow> for SignoffRecord {
    type Error = StoreError;
    fn try_from(r: SignoffRow) -> StoreResult<Self> {
        let step = SignoffStep::parse(&r.step)
            .ok_or_else(|| StoreError::Database(format!("step {}", r.step)))?;
        let decision = Decision::parse(&r.decision)
            .ok_or_else(|| StoreError::Database(format!("decision {}", r.decision)))?;
        Ok(SignoffRecord {
            id: r.id,
            step,
            decision,
            comment: r.comment,
            actor: r.actor,
            at: r.at,
            notice_start: r.notice_start,
            notice_end: r.notice_end,
        })
    }
}

/// `SELECT * FROM objections`
#[derive(sqlx::FromRow)]
pub(super) struct ObjectionRow {
    id: i64,
    problem_id: i64,
    text: String,
    contact: Option<String>,
    created_at: DateTime<Utc>,
    status: String,
    resolution: Option<String>,
    resolved_by: Option<String>,
    reference: Option<String>,
}

impl From<ObjectionRow> for Objection {
    fn from(r: ObjectionRow) -> Self {
        Objection {
            id: r.id,
            problem_id: r.problem_id,
            text: r.text,
            contact: r.contact,
            created_at: r.created_at,
            status: r.status,
            resolution: r.resolution,
            resolved_by: r.resolved_by,
            reference: r.reference,
        }
    }
}

/// `objections::ESCALATION_SELECT`: an escalation with its unit's name.
#[derive(sqlx::FromRow)]
pub(super) struct EscalationRow {
    id: i64,
    problem_id: Option<i64>,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    kind: String,
    date: NaiveDate,
    doc_number: Option<String>,
    note: Option<String>,
    created_by: String,
}

impl From<EscalationRow> for Escalation {
    fn from(r: EscalationRow) -> Self {
        Escalation {
            id: r.id,
            problem_id: r.problem_id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            kind: r.kind,
            date: r.date,
            doc_number: r.doc_number,
            note: r.note,
            created_by: r.created_by,
        }
    }
}

/// `SELECT * FROM warnings`
#[derive(sqlx::FromRow)]
pub(super) struct WarningRow {
    id: i64,
    problem_id: i64,
    code: String,
    level: String,
    message: String,
    status: String,
    raised_at: DateTime<Utc>,
    acknowledged_by: Option<String>,
    resolved_at: Option<DateTime<Utc>>,
}

impl From<WarningRow> for WarningRecord {
    fn from(r: WarningRow) -> Self {
        WarningRecord {
            id: r.id,
            problem_id: r.problem_id,
            code: r.code,
            level: r.level,
            message: r.message,
            status: r.status,
            raised_at: r.raised_at,
            acknowledged_by: r.acknowledged_by,
            resolved_at: r.resolved_at,
        }
    }
}

/// `evidence::ATTACHMENT_SELECT`: the attachment with its blob's size and type.
#[derive(sqlx::FromRow)]
pub(super) struct AttachmentRow {
    id: i64,
    problem_id: i64,
    report_id: Option<i64>,
    sha256: String,
    size: i64,
    content_type: String,
    file_name: String,
    kind: String,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    public: bool,
    removed_at: Option<DateTime<Utc>>,
    removed_by: Option<String>,
    removal_reason: Option<String>,
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        Attachment {
            id: r.id,
            problem_id: r.problem_id,
            report_id: r.report_id,
            sha256: r.sha256,
            size: r.size,
            content_type: r.content_type,
            file_name: r.file_name,
            kind: r.kind,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
            public: r.public,
            removed_at: r.removed_at,
            removed_by: r.removed_by,
            removal_reason: r.removal_reason,
        }
    }
}
