//! The `Store` trait: every read and write the ledger needs, each write one
//! transaction that also appends its audit event. Two backends implement it
//! (`rectify-store-sqlite`, `rectify-store-postgres`) with the same portable
//! SQL: the plain source in `src/backend/`, which each backend crate compiles
//! against its own database (see [`sql`]); the backend is chosen once at
//! start-up.

pub mod audit;
mod error;
pub mod lookback;
mod notice_types;
mod petition_types;
pub mod sql;
mod stats;
#[cfg(feature = "testsuite")]
pub mod testsuite;
mod types;
mod unit_types;

pub use error::{StoreError, StoreResult};
pub use notice_types::*;
pub use petition_types::*;
pub use types::*;
pub use unit_types::*;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{PlanDraft, Status};

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    async fn ping(&self) -> StoreResult<()>;

    // --- plans -----------------------------------------------------------
    /// Writes a plan draft in one transaction. A plan with the same title and
    /// jurisdiction is updated in place, problems matched by their number.
    async fn import_plan(&self, draft: &PlanDraft, actor: &str) -> StoreResult<ImportReport>;
    async fn list_plans(&self) -> StoreResult<Vec<PlanSummary>>;
    /// How many working days a plan's public notices last (5 unless the plan
    /// prescribes otherwise).
    async fn set_notice_workdays(&self, plan_id: i64, days: i64, actor: &str) -> StoreResult<()>;

    // --- problems --------------------------------------------------------
    async fn list_problems(&self, filter: &ProblemFilter) -> StoreResult<Page<ProblemRow>>;
    /// The plans, categories, units and leaders of the problems a filter
    /// (usually a user's scope) selects: the ledger's filter choices.
    async fn ledger_facets(&self, scope: &ProblemFilter) -> StoreResult<LedgerFacets>;
    async fn get_problem(&self, id: i64) -> StoreResult<Option<ProblemDetail>>;
    /// Unit ids of the units that carry out the work on a problem.
    async fn problem_units(&self, id: i64) -> StoreResult<Vec<UnitRef>>;
    async fn list_units(&self) -> StoreResult<Vec<UnitRef>>;
    async fn find_unit(&self, name: &str) -> StoreResult<Option<UnitRef>>;
    /// An institutional reform renames a unit (市环境保护局 → 市生态环境局):
    /// the unit takes the new name and keeps the old one as an alias, so
    /// plans and accounts that use either name meet the same unit.
    async fn rename_unit(
        &self,
        old_name: &str,
        new_name: &str,
        actor: &str,
    ) -> StoreResult<UnitRef>;
    /// The unit registry: every unit with its aliases and how many problems
    /// and accounts it carries, by id.
    async fn unit_registry(&self) -> StoreResult<Vec<UnitEntry>>;
    /// Merges unit `from_id` into `into_id` in one transaction: its problem
    /// assignments (one row where `into` already has the role), accounts,
    /// escalations and names move to `into`, and `from` is removed; every
    /// touched row gets its audit event, the reason its own.
    async fn merge_units(
        &self,
        from_id: i64,
        into_id: i64,
        reason: &str,
        actor: &str,
    ) -> StoreResult<UnitMerge>;

    // --- workflow --------------------------------------------------------
    async fn submit_progress(&self, report: &NewProgressReport) -> StoreResult<ProgressReport>;
    async fn review_progress(&self, review: &ProgressReview) -> StoreResult<ProgressReport>;
    /// Applies one sign-off step atomically: the state machine, the notice and
    /// objection rules and the record are checked and written in one
    /// transaction, so two simultaneous requests cannot both succeed.
    async fn apply_signoff(&self, req: &SignoffRequest) -> StoreResult<SignoffOutcome>;
    /// What the sign-off rule decides on now (status, notice, objections,
    /// accepted report, evidence, the plan's criteria, sub-problems).
    async fn signoff_facts(
        &self,
        problem_id: i64,
    ) -> StoreResult<rectify_domain::signoff::SignoffFacts>;
    /// When each signed-off problem's `file` step was approved (the latest
    /// when it was signed off more than once), for the on-time figures.
    async fn signed_off_at(&self) -> StoreResult<std::collections::HashMap<i64, DateTime<Utc>>>;
    async fn reopen_problem(
        &self,
        problem_id: i64,
        reason: &str,
        actor: &str,
        lookback: Option<&str>,
        // 限期整改: a new deadline replacing the plan's, if given.
        new_due: Option<NaiveDate>,
    ) -> StoreResult<Status>;
    async fn add_objection(&self, objection: &NewObjection) -> StoreResult<Objection>;
    async fn resolve_objection(
        &self,
        id: i64,
        resolution: &str,
        actor: &str,
    ) -> StoreResult<Objection>;
    async fn list_open_objections(&self) -> StoreResult<Vec<Objection>>;
    async fn add_escalation(&self, escalation: &NewEscalation) -> StoreResult<Escalation>;
    async fn list_escalations(&self, problem_id: Option<i64>) -> StoreResult<Vec<Escalation>>;

    // --- evidence --------------------------------------------------------
    /// Records a file (already in the evidence store under its SHA-256) as
    /// evidence on a problem, with its audit event, in one transaction.
    async fn add_attachment(&self, attachment: &NewAttachment) -> StoreResult<Attachment>;
    /// Publishes, unpublishes or withdraws evidence; never deletes it.
    async fn change_attachment(
        &self,
        id: i64,
        change: &AttachmentChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Attachment>;
    async fn list_attachments(&self, problem_id: i64) -> StoreResult<Vec<Attachment>>;
    /// Every attachment of the blob `sha256`: which problems it belongs to.
    async fn attachments_by_sha(&self, sha256: &str) -> StoreResult<Vec<Attachment>>;

    // --- look-back (回头看) ------------------------------------------------
    /// Creates a campaign over the signed-off problems `selection` picks
    /// (deterministically), every item pending.
    async fn create_lookback(
        &self,
        name: &str,
        note: Option<&str>,
        selection: &LookbackSelection,
        actor: &str,
    ) -> StoreResult<LookbackDetail>;
    /// Records the re-verification of one problem. A rebound
    /// (`confirmed == false`) reopens the problem in the same transaction.
    async fn record_lookback_result(
        &self,
        campaign_id: i64,
        problem_id: i64,
        confirmed: bool,
        comment: &str,
        actor: &str,
    ) -> StoreResult<LookbackItem>;
    async fn list_lookbacks(&self) -> StoreResult<Vec<Lookback>>;
    async fn get_lookback(&self, id: i64) -> StoreResult<Option<LookbackDetail>>;

    // --- warnings --------------------------------------------------------
    /// Facts for the warning rules: of every problem (`None`), or of the
    /// problems `problem_ids` names (unknown ids are left out), in id order.
    async fn warning_inputs(&self, problem_ids: Option<&[i64]>) -> StoreResult<Vec<WarningInput>>;
    /// Makes the open warnings match the computed findings: new ones are
    /// raised, vanished ones resolved, changed levels updated. With
    /// `scope: Some(ids)` only the warnings of those problems are raised,
    /// resolved or updated (findings for other problems are ignored, their
    /// warnings untouched); `None` covers every problem.
    async fn sync_warnings(
        &self,
        findings: &[ComputedWarning],
        now: DateTime<Utc>,
        scope: Option<&[i64]>,
    ) -> StoreResult<SyncCounts>;
    async fn list_warnings(&self, open_only: bool) -> StoreResult<Vec<WarningRecord>>;
    async fn acknowledge_warning(&self, id: i64, actor: &str) -> StoreResult<WarningRecord>;

    // --- accounts and sessions ------------------------------------------
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    async fn find_user(&self, username: &str) -> StoreResult<Option<User>>;
    async fn get_user(&self, id: i64) -> StoreResult<Option<User>>;
    /// Takes one password check for the account in one conditional
    /// statement, before the password is hashed: refused while the account
    /// is locked; otherwise counted as a failure in advance (an expired lock
    /// starts the count afresh), locking the account until `lock_until` when
    /// the count reaches `max_attempts`. Parallel guesses therefore get at
    /// most `max_attempts` checks. A success clears the count through
    /// `record_login`.
    async fn reserve_login(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        max_attempts: i64,
        lock_until: DateTime<Utc>,
    ) -> StoreResult<LoginReservation>;
    /// Audits an attempt with the client's address; a success also clears
    /// the failure count and the lock.
    async fn record_login(&self, user_id: i64, attempt: LoginAttempt, ip: &str) -> StoreResult<()>;
    async fn set_password(&self, user_id: i64, password_hash: &str, actor: &str)
        -> StoreResult<()>;
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    async fn get_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    // --- calendar, jobs, audit ------------------------------------------
    async fn calendar_overrides(&self) -> StoreResult<Vec<CalendarOverride>>;
    async fn add_calendar_override(&self, o: &CalendarOverride, actor: &str) -> StoreResult<()>;
    /// A lease that makes a periodic job run once per cluster, not once per
    /// process: true when `holder` now holds `job` until `until`.
    async fn try_lease(
        &self,
        job: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn audit_events(
        &self,
        entity: Option<(&str, i64)>,
    ) -> StoreResult<Vec<audit::AuditEvent>>;
    /// The current canonical snapshots of every audited row: the ledger's
    /// and those that decide access (accounts, units, calendar, warnings).
    async fn ledger_snapshots(&self) -> StoreResult<Vec<audit::Snapshot>>;
    /// The chain head as the `audit_head` row records it.
    async fn audit_head(&self) -> StoreResult<audit::ChainHead>;
    /// Stores a signed checkpoint; refused (conflict) when the chain has no
    /// event with its sequence number and hash.
    async fn add_checkpoint(&self, checkpoint: &audit::Checkpoint) -> StoreResult<()>;
    /// The newest checkpoints first, at most `limit`.
    async fn list_checkpoints(&self, limit: i64) -> StoreResult<Vec<audit::Checkpoint>>;

    // --- the 公示 notice and objections a citizen can follow (issue 10) ----
    /// A plan's notice wording, contacts and length.
    async fn notice_settings(&self, plan_id: i64) -> StoreResult<Option<PlanNoticeSettings>>;
    /// Sets a plan's notice wording and contacts, and its length, in one
    /// transaction (both audited).
    async fn set_notice_settings(
        &self,
        plan_id: i64,
        settings: &rectify_domain::notice::NoticeSettings,
        workdays: i64,
        actor: &str,
    ) -> StoreResult<PlanNoticeSettings>;
    /// Records the notice of a started 公示 (once per sign-off step).
    async fn issue_notice(&self, notice: &NewPublicNotice) -> StoreResult<PublicNotice>;
    async fn get_notice(&self, id: i64) -> StoreResult<Option<PublicNotice>>;
    /// The latest notice of a problem.
    async fn latest_notice(&self, problem_id: i64) -> StoreResult<Option<PublicNotice>>;
    /// Issued notices, newest first.
    async fn list_notices(&self, page: u32, per_page: u32) -> StoreResult<Page<NoticeListItem>>;
    /// The current notice period of each of these problems that is in
    /// public notice: `(start, end)`.
    async fn notice_periods(
        &self,
        problem_ids: &[i64],
    ) -> StoreResult<std::collections::HashMap<i64, (chrono::NaiveDate, chrono::NaiveDate)>>;
    /// An objection by its reference number.
    async fn objection_by_reference(&self, reference: &str)
        -> StoreResult<Option<ObjectionStatus>>;
    async fn get_objection(&self, id: i64) -> StoreResult<Option<Objection>>;
    /// Closes an objection as answered (`resolved`) or as `spam`.
    async fn close_objection(
        &self,
        id: i64,
        status: &str,
        resolution: &str,
        actor: &str,
    ) -> StoreResult<Objection>;

    // --- corrections after import, publishing (issue 11) ----------------
    /// A plan's correctable values and whether it is published.
    async fn plan_record(&self, plan_id: i64) -> StoreResult<Option<PlanRecord>>;
    /// Writes a plan's corrected values with the correction record.
    async fn correct_plan(
        &self,
        plan_id: i64,
        facts: &rectify_domain::correction::PlanFacts,
        correction: &NewCorrection,
    ) -> StoreResult<Correction>;
    /// Writes a problem's corrected values (`draft`: the whole problem after
    /// the correction) with the correction record.
    async fn correct_problem(
        &self,
        problem_id: i64,
        draft: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<Correction>;
    /// The problem keeps `rest`; `new` becomes a new problem of the plan.
    async fn split_problem(
        &self,
        problem_id: i64,
        rest: &PlanDraftProblem,
        new: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<i64>;
    /// `gone` is merged into `keep`, which takes the values `draft`.
    async fn merge_problems(
        &self,
        keep: i64,
        gone: i64,
        draft: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<()>;
    /// Puts the plan on the portal; false when it already was.
    async fn publish_plan(&self, plan_id: i64, actor: &str) -> StoreResult<bool>;
    /// The corrections of a plan and its problems, oldest first.
    async fn corrections(&self, plan_id: i64) -> StoreResult<Vec<Correction>>;

    // --- petitions (信访件) --------------------------------------------------
    /// Stores a batch (a handover list or a hotline export; none for the
    /// portal's single complaints) in one transaction: new codes inserted,
    /// known codes updated in their handover fields only.
    async fn import_petitions(
        &self,
        batch: Option<&NewPetitionBatch>,
        rows: &[NewPetition],
        actor: &str,
    ) -> StoreResult<PetitionImportReport>;
    async fn list_petitions(&self, filter: &PetitionFilter) -> StoreResult<Page<PetitionRowView>>;
    async fn get_petition(&self, id: i64) -> StoreResult<Option<PetitionDetail>>;
    async fn petition_by_code(&self, code: &str) -> StoreResult<Option<PetitionDetail>>;
    /// Writes the handling (refused with a conflict when `expected_version`
    /// is stale or the petition is closed).
    async fn update_petition(
        &self,
        id: i64,
        handling: &PetitionHandling,
        expected_version: Option<i64>,
        actor: &str,
    ) -> StoreResult<()>;
    async fn add_petition_visit(
        &self,
        visit: &NewPetitionVisit,
        actor: &str,
    ) -> StoreResult<PetitionVisit>;
    async fn add_petition_attachment(
        &self,
        petition_id: i64,
        sha256: &str,
        size: i64,
        content_type: &str,
        file_name: &str,
        actor: &str,
    ) -> StoreResult<PetitionAttachment>;
    /// 办结销号 of the petition as it was at `version`.
    async fn close_petition(&self, id: i64, version: i64, actor: &str) -> StoreResult<()>;
    async fn reopen_petition(&self, id: i64, reason: &str, actor: &str) -> StoreResult<()>;
    /// Every petition's text, for duplicate and rebound matching.
    async fn petition_texts(&self) -> StoreResult<Vec<PetitionText>>;
    /// Signed-off problems, for rebound matching.
    async fn closed_problem_texts(&self) -> StoreResult<Vec<ClosedProblemText>>;
    async fn petition_decisions(&self) -> StoreResult<Vec<PairDecision>>;
    async fn decide_petition_pair(
        &self,
        a: &str,
        b: &str,
        decision: &str,
        actor: &str,
    ) -> StoreResult<()>;
    async fn petition_batches(&self) -> StoreResult<Vec<PetitionBatch>>;
    async fn petition_stats(
        &self,
        dim: PetitionDimension,
        scope: &PetitionFilter,
        today: NaiveDate,
    ) -> StoreResult<Vec<rectify_domain::petition::PetitionStats>>;
    async fn petition_keys(
        &self,
        dim: PetitionDimension,
        scope: &PetitionFilter,
    ) -> StoreResult<Vec<(String, String)>>;
    /// Changes whenever the duplicate groups may change (petitions added or
    /// edited, decisions taken): the application's cache key.
    async fn petition_fingerprint(&self) -> StoreResult<[i64; 5]>;
}

/// A problem as the importer drafts it (the unit of a correction).
pub type PlanDraftProblem = rectify_domain::ProblemDraft;
