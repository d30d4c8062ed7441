//! Values that cross the `Store` boundary.

use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{
    DeadlineSpec, Decision, Liaison, MeasureDraft, Person, SignoffStep, Status, UnitAssignment,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportReport {
    pub plan_id: i64,
    /// True when the plan was new; false when an existing plan was updated.
    pub created: bool,
    pub problems_total: usize,
    /// Problem numbers added by this import.
    pub added: Vec<String>,
    /// Problem numbers whose fields changed, with the names of the fields.
    pub changed: Vec<(String, Vec<String>)>,
    /// Problems in the ledger that the new document no longer lists (kept).
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanSummary {
    pub id: i64,
    pub title: String,
    pub jurisdiction: Option<String>,
    pub declared_problem_count: Option<i64>,
    pub problem_count: i64,
    pub signed_off_count: i64,
    pub source_file: String,
    pub source_sha256: String,
    pub source_kind: String,
    pub imported_at: DateTime<Utc>,
    pub notice_workdays: i64,
    pub warnings: Vec<rectify_domain::ImportWarning>,
    /// On the portal (the office published it after checking the import).
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ProblemFilter {
    pub plan_id: Option<i64>,
    pub category_seq: Option<i64>,
    pub status: Option<Status>,
    /// A unit name (matched through its aliases) in any role.
    pub unit: Option<String>,
    pub leader: Option<String>,
    /// With `today`: only overdue (true) or only not overdue (false).
    pub overdue: Option<bool>,
    pub today: Option<NaiveDate>,
    /// Open warnings of this level or higher: yellow, orange, red.
    pub warning_level: Option<String>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Free text: every term must occur in the problem's text.
    pub q: Option<String>,
    pub sort: Option<String>,
    /// Permission scope: only problems on which one of these units has a role.
    pub scope_units: Option<Vec<i64>>,
    /// Permission scope: only problems this leader supervises.
    pub scope_leader: Option<String>,
    /// The portal: only problems of published plans.
    #[serde(default)]
    pub published_only: bool,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// One ledger row (台账的一行).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProblemRow {
    pub id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub category_seq: Option<i64>,
    pub category_title: Option<String>,
    pub seq: i64,
    pub parent_seq: Option<i64>,
    pub number_text: String,
    pub description: String,
    pub target: Option<String>,
    pub deadline: DeadlineSpec,
    pub status: Status,
    pub units: Vec<UnitAssignment>,
    pub leaders: Vec<String>,
    pub latest_percent: Option<i64>,
    pub latest_period: Option<String>,
    pub latest_text: Option<String>,
    /// The latest report the office accepted: the only figures the public
    /// sees.
    #[serde(default)]
    pub accepted_percent: Option<i64>,
    #[serde(default)]
    pub accepted_period: Option<String>,
    /// Highest open warning level, if any.
    pub warning_level: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProblemDetail {
    pub row: ProblemRow,
    /// When work on the plan started: its issue date, else the inspection's
    /// feedback date (the start of schedule progress).
    pub plan_issue_date: Option<NaiveDate>,
    pub notice_workdays: i64,
    /// Its plan is on the portal.
    #[serde(default)]
    pub plan_published: bool,
    pub measures: Vec<MeasureDraft>,
    pub responsible_persons: Vec<Person>,
    pub liaisons: Vec<Liaison>,
    pub reports: Vec<ProgressReport>,
    pub signoffs: Vec<SignoffRecord>,
    pub objections: Vec<Objection>,
    pub warnings: Vec<WarningRecord>,
    pub escalations: Vec<Escalation>,
    pub source_first_line: Option<i64>,
    pub source_last_line: Option<i64>,
    /// Evidence attached to the problem (the blobs are in the evidence store).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl ProblemDetail {
    /// The public notice currently running or last run, if any.
    pub fn current_notice(&self) -> Option<&SignoffRecord> {
        self.signoffs
            .iter()
            .rev()
            .find(|s| s.step == SignoffStep::PublicNotice && s.decision == Decision::Approve)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewProgressReport {
    pub problem_id: i64,
    pub period: String,
    pub percent: i64,
    pub text: String,
    /// Per-measure status: (measure seq, status text).
    pub measure_status: Vec<(i64, String)>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProgressReport {
    pub id: i64,
    pub problem_id: i64,
    pub period: String,
    pub percent: i64,
    pub text: String,
    pub measure_status: Vec<(i64, String)>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    /// `submitted`, `accepted` or `returned`.
    pub status: String,
    pub review_comment: Option<String>,
    pub reviewed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProgressReview {
    pub report_id: i64,
    pub accept: bool,
    pub comment: String,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignoffRequest {
    pub problem_id: i64,
    pub step: SignoffStep,
    pub decision: Decision,
    pub comment: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
    /// For an approved `public_notice`: the first and last day of the notice,
    /// computed by the caller on the working-day calendar.
    pub notice: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignoffOutcome {
    pub problem_id: i64,
    pub step: SignoffStep,
    pub decision: Decision,
    pub status: Status,
    pub notice_start: Option<NaiveDate>,
    pub notice_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignoffRecord {
    pub id: i64,
    pub step: SignoffStep,
    pub decision: Decision,
    pub comment: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub notice_start: Option<NaiveDate>,
    pub notice_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewObjection {
    pub problem_id: i64,
    pub text: String,
    /// Contact details of the objector: personal data, never public.
    pub contact: Option<String>,
    pub at: DateTime<Utc>,
    /// The public reference number (异议受理编号), random and unique.
    pub reference: String,
    /// A key of the client address (not the address), for the throttle.
    pub client_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Objection {
    pub id: i64,
    pub problem_id: i64,
    pub text: String,
    pub contact: Option<String>,
    pub created_at: DateTime<Utc>,
    /// `open`, `resolved` or `spam` (closed as abusive; no longer blocks).
    pub status: String,
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    /// The public reference number (异议受理编号); none on rows from before.
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewEscalation {
    pub problem_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// `notice` 通报, `interview` 约谈, `listed` 挂牌督办, `exposure` 曝光,
    /// `discipline_referral` 移交纪委监委.
    pub kind: String,
    pub date: NaiveDate,
    pub doc_number: Option<String>,
    pub note: Option<String>,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Escalation {
    pub id: i64,
    pub problem_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub kind: String,
    pub date: NaiveDate,
    pub doc_number: Option<String>,
    pub note: Option<String>,
    pub created_by: String,
}

pub const ESCALATION_KINDS: [(&str, &str); 5] = [
    ("notice", "通报"),
    ("interview", "约谈"),
    ("listed", "挂牌督办"),
    ("exposure", "曝光"),
    ("discipline_referral", "移交纪委监委"),
];

/// What the warning rules need to know about one problem.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WarningInput {
    pub problem_id: i64,
    pub status: Status,
    pub deadline: DeadlineSpec,
    pub start: Option<NaiveDate>,
    pub latest_percent: Option<i64>,
    /// (period "YYYY-MM", date submitted)
    pub reports: Vec<(String, NaiveDate)>,
    pub reopened: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ComputedWarning {
    pub problem_id: i64,
    pub code: String,
    pub level: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SyncCounts {
    pub raised: usize,
    pub updated: usize,
    pub resolved: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WarningRecord {
    pub id: i64,
    pub problem_id: i64,
    pub code: String,
    pub level: String,
    pub message: String,
    /// `open`, `acknowledged` or `resolved`.
    pub status: String,
    pub raised_at: DateTime<Utc>,
    pub acknowledged_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    Admin,
    Office,
    Unit,
    Supervisor,
    Leader,
    Discipline,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Office,
        Role::Unit,
        Role::Supervisor,
        Role::Leader,
        Role::Discipline,
    ];
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(s: &str) -> Option<Role> {
        s.parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Office => "整改办",
            Role::Unit => "责任单位",
            Role::Supervisor => "督导单位",
            Role::Leader => "督办领导",
            Role::Discipline => "纪委监委",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    /// Unit names (units are created when missing) the account is bound to.
    pub units: Vec<String>,
    /// For a leader account: the leader's name as the plans write it.
    pub person: Option<String>,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip_serializing)]
    pub password_hash: String,
    pub role: Role,
    pub units: Vec<UnitRef>,
    pub person: Option<String>,
    pub failed_attempts: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The answer to [`crate::Store::reserve_login`]: may this password be
/// checked at all?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginReservation {
    /// Checked as failure number `attempt`; `locked_until` is set when this
    /// attempt reached the limit and locked the account already (so parallel
    /// guesses find it locked before any of them is checked).
    Granted {
        attempt: i64,
        locked_until: Option<DateTime<Utc>>,
    },
    /// The account is locked: the password is not checked.
    Locked { until: DateTime<Utc> },
}

/// What became of one login attempt, for [`crate::Store::record_login`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// The password was right: the count and the lock are cleared.
    Success,
    /// The password was checked and wrong; `locked_until` when this attempt
    /// locked the account. Audited only: the count was taken by the
    /// reservation, so a late failure can never rewrite it or the lock.
    Failure { locked_until: Option<DateTime<Utc>> },
    /// Refused unchecked because the account is locked.
    Refused { locked_until: DateTime<Utc> },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Session {
    /// SHA-256 of the cookie token: a leaked table does not yield sessions.
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CalendarOverride {
    pub date: NaiveDate,
    pub is_workday: bool,
    pub name: String,
}

/// What a piece of evidence is, as the office files it.
pub const ATTACHMENT_KINDS: [(&str, &str); 4] = [
    ("photo", "现场照片"),
    ("acceptance", "验收意见"),
    ("monitoring", "监测报告"),
    ("other", "其他材料"),
];

/// An uploaded file to attach: its blob is already in the evidence store
/// under `sha256`, with the sniffed `content_type`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewAttachment {
    pub problem_id: i64,
    /// The progress report the file supports, if any (of the same problem).
    pub report_id: Option<i64>,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    /// The name shown to people; never used to locate the file.
    pub file_name: String,
    /// One of [`ATTACHMENT_KINDS`].
    pub kind: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    /// Shown on the portal during and after the public notice.
    #[serde(default)]
    pub public: bool,
}

/// A change to recorded evidence. Nothing is ever deleted: a withdrawn file
/// stays stored and listed as withdrawn, with who, when and why.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachmentChange {
    Public(bool),
    Withdraw { reason: String },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attachment {
    pub id: i64,
    pub problem_id: i64,
    pub report_id: Option<i64>,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub file_name: String,
    pub kind: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    /// Shown on the public portal during and after the notice.
    pub public: bool,
    /// Withdrawn (with a reason, audited); the stored file is kept.
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by: Option<String>,
    pub removal_reason: Option<String>,
}

/// Which signed-off problems a look-back campaign (回头看) re-verifies.
/// Samples are deterministic: the same seed over the same ledger picks the
/// same problems, so a selection can be reproduced and checked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LookbackSelection {
    /// Every signed-off problem of a plan.
    Plan { plan_id: i64 },
    /// These problems (each must be signed off).
    Problems { ids: Vec<i64> },
    /// Every `n`th signed-off problem (of a plan, or of the whole ledger),
    /// in ledger order, starting at position `seed % n`.
    EveryNth {
        #[serde(default)]
        plan_id: Option<i64>,
        n: u32,
        #[serde(default)]
        seed: u64,
    },
    /// `percent` of the signed-off problems (rounded up), drawn by a seeded
    /// hash of each problem's id.
    Percent {
        #[serde(default)]
        plan_id: Option<i64>,
        percent: u32,
        #[serde(default)]
        seed: u64,
    },
}

/// A look-back campaign with its tallies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Lookback {
    pub id: i64,
    pub name: String,
    pub note: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub total: i64,
    pub pending: i64,
    pub confirmed: i64,
    pub rebound: i64,
}

/// One problem under re-verification in a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LookbackItem {
    pub campaign_id: i64,
    pub problem_id: i64,
    pub plan_id: i64,
    pub number_text: String,
    pub description: String,
    /// The problem's status now (a rebound reopens it).
    pub problem_status: Status,
    /// `pending`, `confirmed` or `rebound`.
    pub result: String,
    pub checked_by: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LookbackDetail {
    pub campaign: Lookback,
    pub items: Vec<LookbackItem>,
}

/// The filter choices of a ledger scope.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LedgerFacets {
    /// (plan id, title)
    pub plans: Vec<(i64, String)>,
    /// (category number, title): categories are numbered per plan, one
    /// entry per number.
    pub categories: Vec<(i64, String)>,
    pub units: Vec<String>,
    pub leaders: Vec<String>,
}

/// Who corrects what, and why (issue 11).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewCorrection {
    /// Each field the correction changes (`units`, `issue_date`, …), with
    /// its value before and after as text.
    pub changes: Vec<FieldChangeRecord>,
    pub reason: String,
    pub actor: String,
}

/// One corrected field, before and after, as the history shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FieldChangeRecord {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A recorded correction of a plan or a problem.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Correction {
    pub id: i64,
    pub plan_id: i64,
    /// `plan` or `problem`.
    pub entity: String,
    pub entity_id: i64,
    /// `correct`, `split`, `merge`.
    pub action: String,
    pub changes: Vec<FieldChangeRecord>,
    pub reason: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// Made after the plan was published: shown on the portal as history.
    pub public: bool,
}

impl Correction {
    /// The names of the corrected fields.
    pub fn fields(&self) -> Vec<&str> {
        self.changes.iter().map(|c| c.field.as_str()).collect()
    }
}

/// A plan's correctable values and whether it is on the portal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanRecord {
    pub id: i64,
    pub facts: rectify_domain::correction::PlanFacts,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<String>,
}

impl ProblemDetail {
    /// The problem as a draft: what a correction or a re-import compares
    /// against and writes back.
    pub fn to_draft(&self) -> rectify_domain::ProblemDraft {
        let r = &self.row;
        rectify_domain::ProblemDraft {
            seq: r.seq as u32,
            number_text: r.number_text.clone(),
            parent_seq: r.parent_seq.map(|s| s as u32),
            category_seq: r.category_seq.map(|s| s as u32),
            description: r.description.clone(),
            target: r.target.clone(),
            deadline: r.deadline.clone(),
            units: r.units.clone(),
            leaders: r.leaders.clone(),
            responsible_persons: self.responsible_persons.clone(),
            liaisons: self.liaisons.clone(),
            measures: self.measures.clone(),
            source_span: None,
            confidence: Default::default(),
        }
    }
}
