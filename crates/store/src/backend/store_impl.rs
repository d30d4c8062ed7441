//! The `Store` trait for the backend: each method a traced one-line call to
//! the function of its aggregate.

use super::{
    calendar_jobs_audit, checkpoints, corrections, evidence, gate, lookback, notices, objections,
    petitions, petitions_read, plans, problems, snapshot, unit_registry, units, users, warnings,
    workflow,
};
use crate::BackendStore;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rectify_domain::{PlanDraft, Status};
use rectify_store::audit::{AuditEvent, ChainHead, Checkpoint, Snapshot};
use rectify_store::*;

#[async_trait]
impl Store for BackendStore {
    #[tracing::instrument(skip_all)]
    fn backend(&self) -> &'static str {
        BackendStore::BACKEND
    }

    #[tracing::instrument(skip_all)]
    async fn ping(&self) -> StoreResult<()> {
        super::ping(&self.pool).await
    }

    // --- plans -----------------------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn import_plan(&self, draft: &PlanDraft, actor: &str) -> StoreResult<ImportReport> {
        plans::import_plan(&self.pool, draft, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_plans(&self) -> StoreResult<Vec<PlanSummary>> {
        plans::list_plans(&self.pool).await
    }

    #[tracing::instrument(skip_all, fields(id = plan_id))]
    async fn set_notice_workdays(&self, plan_id: i64, days: i64, actor: &str) -> StoreResult<()> {
        plans::set_notice_workdays(&self.pool, plan_id, days, actor).await
    }

    // --- problems --------------------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn list_problems(&self, filter: &ProblemFilter) -> StoreResult<Page<ProblemRow>> {
        problems::list_problems(&self.pool, filter).await
    }

    #[tracing::instrument(skip_all)]
    async fn ledger_facets(&self, scope: &ProblemFilter) -> StoreResult<LedgerFacets> {
        problems::ledger_facets(&self.pool, scope).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn get_problem(&self, id: i64) -> StoreResult<Option<ProblemDetail>> {
        problems::get_problem(&self.pool, id).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn problem_units(&self, id: i64) -> StoreResult<Vec<UnitRef>> {
        units::problem_units(&self.pool, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_units(&self) -> StoreResult<Vec<UnitRef>> {
        units::list_units(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn find_unit(&self, name: &str) -> StoreResult<Option<UnitRef>> {
        units::find_unit(&self.pool, name).await
    }

    #[tracing::instrument(skip_all)]
    async fn rename_unit(
        &self,
        old_name: &str,
        new_name: &str,
        actor: &str,
    ) -> StoreResult<UnitRef> {
        units::rename_unit(&self.pool, old_name, new_name, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn unit_registry(&self) -> StoreResult<Vec<UnitEntry>> {
        unit_registry::unit_registry(&self.pool).await
    }

    #[tracing::instrument(skip_all, fields(from = from_id, into = into_id))]
    async fn merge_units(
        &self,
        from_id: i64,
        into_id: i64,
        reason: &str,
        actor: &str,
    ) -> StoreResult<UnitMerge> {
        unit_registry::merge_units(&self.pool, from_id, into_id, reason, actor).await
    }

    // --- workflow --------------------------------------------------------

    #[tracing::instrument(skip_all, fields(id = report.problem_id))]
    async fn submit_progress(&self, report: &NewProgressReport) -> StoreResult<ProgressReport> {
        workflow::submit_progress(&self.pool, report).await
    }

    #[tracing::instrument(skip_all, fields(id = review.report_id))]
    async fn review_progress(&self, review: &ProgressReview) -> StoreResult<ProgressReport> {
        workflow::review_progress(&self.pool, review).await
    }

    #[tracing::instrument(skip_all)]
    async fn signed_off_at(&self) -> StoreResult<std::collections::HashMap<i64, DateTime<Utc>>> {
        workflow::signed_off_at(&self.pool).await
    }

    #[tracing::instrument(skip_all, fields(id = problem_id))]
    async fn signoff_facts(
        &self,
        problem_id: i64,
    ) -> StoreResult<rectify_domain::signoff::SignoffFacts> {
        gate::signoff_facts(&self.pool, problem_id).await
    }

    #[tracing::instrument(skip_all, fields(id = req.problem_id))]
    async fn apply_signoff(&self, req: &SignoffRequest) -> StoreResult<SignoffOutcome> {
        workflow::apply_signoff(&self.pool, req).await
    }

    #[tracing::instrument(skip_all, fields(id = problem_id))]
    async fn reopen_problem(
        &self,
        problem_id: i64,
        reason: &str,
        actor: &str,
        lookback: Option<&str>,
        new_due: Option<chrono::NaiveDate>,
    ) -> StoreResult<Status> {
        workflow::reopen_problem(&self.pool, problem_id, reason, actor, lookback, new_due).await
    }

    #[tracing::instrument(skip_all, fields(id = objection.problem_id))]
    async fn add_objection(&self, objection: &NewObjection) -> StoreResult<Objection> {
        objections::add_objection(&self.pool, objection).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn resolve_objection(
        &self,
        id: i64,
        resolution: &str,
        actor: &str,
    ) -> StoreResult<Objection> {
        objections::resolve_objection(&self.pool, id, resolution, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_open_objections(&self) -> StoreResult<Vec<Objection>> {
        objections::list_open_objections(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn add_escalation(&self, escalation: &NewEscalation) -> StoreResult<Escalation> {
        objections::add_escalation(&self.pool, escalation).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_escalations(&self, problem_id: Option<i64>) -> StoreResult<Vec<Escalation>> {
        objections::list_escalations(&self.pool, problem_id).await
    }

    // --- evidence --------------------------------------------------------

    #[tracing::instrument(skip_all, fields(id = attachment.problem_id))]
    async fn add_attachment(&self, attachment: &NewAttachment) -> StoreResult<Attachment> {
        evidence::add_attachment(&self.pool, attachment).await
    }

    #[tracing::instrument(skip_all, fields(id))]
    async fn change_attachment(
        &self,
        id: i64,
        change: &AttachmentChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Attachment> {
        evidence::change_attachment(&self.pool, id, change, actor, at).await
    }

    #[tracing::instrument(skip_all, fields(id = problem_id))]
    async fn list_attachments(&self, problem_id: i64) -> StoreResult<Vec<Attachment>> {
        evidence::list_attachments(&self.pool, problem_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn attachments_by_sha(&self, sha256: &str) -> StoreResult<Vec<Attachment>> {
        evidence::attachments_by_sha(&self.pool, sha256).await
    }

    // --- look-back (回头看) ------------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn create_lookback(
        &self,
        name: &str,
        note: Option<&str>,
        selection: &LookbackSelection,
        actor: &str,
    ) -> StoreResult<LookbackDetail> {
        lookback::create_lookback(&self.pool, name, note, selection, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = campaign_id))]
    async fn record_lookback_result(
        &self,
        campaign_id: i64,
        problem_id: i64,
        confirmed: bool,
        comment: &str,
        actor: &str,
    ) -> StoreResult<LookbackItem> {
        lookback::record_lookback_result(
            &self.pool,
            campaign_id,
            problem_id,
            confirmed,
            comment,
            actor,
        )
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn list_lookbacks(&self) -> StoreResult<Vec<Lookback>> {
        lookback::list_lookbacks(&self.pool).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn get_lookback(&self, id: i64) -> StoreResult<Option<LookbackDetail>> {
        lookback::get_lookback(&self.pool, id).await
    }

    // --- warnings --------------------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn warning_inputs(&self, problem_ids: Option<&[i64]>) -> StoreResult<Vec<WarningInput>> {
        warnings::warning_inputs(&self.pool, problem_ids).await
    }

    #[tracing::instrument(skip_all)]
    async fn sync_warnings(
        &self,
        findings: &[ComputedWarning],
        now: DateTime<Utc>,
        scope: Option<&[i64]>,
    ) -> StoreResult<SyncCounts> {
        warnings::sync_warnings(&self.pool, findings, now, scope).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_warnings(&self, open_only: bool) -> StoreResult<Vec<WarningRecord>> {
        warnings::list_warnings(&self.pool, open_only).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn acknowledge_warning(&self, id: i64, actor: &str) -> StoreResult<WarningRecord> {
        warnings::acknowledge_warning(&self.pool, id, actor).await
    }

    // --- accounts and sessions ------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn create_user(&self, user: &NewUser) -> StoreResult<User> {
        users::create_user(&self.pool, user).await
    }

    #[tracing::instrument(skip_all)]
    async fn find_user(&self, username: &str) -> StoreResult<Option<User>> {
        users::find_user(&self.pool, username).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn get_user(&self, id: i64) -> StoreResult<Option<User>> {
        users::get_user(&self.pool, id).await
    }

    #[tracing::instrument(skip_all, fields(id = user_id))]
    async fn record_login(&self, user_id: i64, attempt: LoginAttempt, ip: &str) -> StoreResult<()> {
        users::record_login(&self.pool, user_id, attempt, ip).await
    }

    #[tracing::instrument(skip_all, fields(id = user_id))]
    async fn reserve_login(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        max_attempts: i64,
        lock_until: DateTime<Utc>,
    ) -> StoreResult<LoginReservation> {
        users::reserve_login(&self.pool, user_id, now, max_attempts, lock_until).await
    }

    #[tracing::instrument(skip_all, fields(id = user_id))]
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        actor: &str,
    ) -> StoreResult<()> {
        users::set_password(&self.pool, user_id, password_hash, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = session.user_id))]
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        users::create_session(&self.pool, session).await
    }

    #[tracing::instrument(skip_all)]
    async fn get_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Session>> {
        users::get_session(&self.pool, token_hash, now).await
    }

    #[tracing::instrument(skip_all)]
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        users::delete_session(&self.pool, token_hash).await
    }

    // --- calendar, jobs, audit ------------------------------------------

    #[tracing::instrument(skip_all)]
    async fn calendar_overrides(&self) -> StoreResult<Vec<CalendarOverride>> {
        calendar_jobs_audit::calendar_overrides(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn add_calendar_override(&self, o: &CalendarOverride, actor: &str) -> StoreResult<()> {
        calendar_jobs_audit::add_calendar_override(&self.pool, o, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn try_lease(
        &self,
        job: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        calendar_jobs_audit::try_lease(&self.pool, job, holder, now, until).await
    }

    #[tracing::instrument(skip_all)]
    async fn audit_events(&self, entity: Option<(&str, i64)>) -> StoreResult<Vec<AuditEvent>> {
        calendar_jobs_audit::audit_events(&self.pool, entity).await
    }

    #[tracing::instrument(skip_all)]
    async fn ledger_snapshots(&self) -> StoreResult<Vec<Snapshot>> {
        snapshot::ledger_snapshots(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn audit_head(&self) -> StoreResult<ChainHead> {
        checkpoints::audit_head(&self.pool).await
    }

    #[tracing::instrument(skip_all, fields(seq = checkpoint.seq))]
    async fn add_checkpoint(&self, checkpoint: &Checkpoint) -> StoreResult<()> {
        checkpoints::add_checkpoint(&self.pool, checkpoint).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_checkpoints(&self, limit: i64) -> StoreResult<Vec<Checkpoint>> {
        checkpoints::list_checkpoints(&self.pool, limit).await
    }

    // --- the 公示 notice and objections a citizen can follow ---------------
    #[tracing::instrument(skip_all)]
    async fn notice_settings(
        &self,
        plan_id: i64,
    ) -> StoreResult<Option<rectify_store::PlanNoticeSettings>> {
        notices::notice_settings(&self.pool, plan_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn set_notice_settings(
        &self,
        plan_id: i64,
        settings: &rectify_domain::notice::NoticeSettings,
        workdays: i64,
        actor: &str,
    ) -> StoreResult<rectify_store::PlanNoticeSettings> {
        notices::set_notice_settings(&self.pool, plan_id, settings, workdays, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn issue_notice(
        &self,
        notice: &rectify_store::NewPublicNotice,
    ) -> StoreResult<rectify_store::PublicNotice> {
        notices::issue_notice(&self.pool, notice).await
    }

    #[tracing::instrument(skip_all)]
    async fn get_notice(&self, id: i64) -> StoreResult<Option<rectify_store::PublicNotice>> {
        notices::get_notice(&self.pool, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn latest_notice(
        &self,
        problem_id: i64,
    ) -> StoreResult<Option<rectify_store::PublicNotice>> {
        notices::latest_notice(&self.pool, problem_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_notices(
        &self,
        page: u32,
        per_page: u32,
    ) -> StoreResult<Page<rectify_store::NoticeListItem>> {
        notices::list_notices(&self.pool, page, per_page).await
    }

    #[tracing::instrument(skip_all)]
    async fn notice_periods(
        &self,
        problem_ids: &[i64],
    ) -> StoreResult<std::collections::HashMap<i64, (chrono::NaiveDate, chrono::NaiveDate)>> {
        notices::notice_periods(&self.pool, problem_ids).await
    }

    #[tracing::instrument(skip_all)]
    async fn objection_by_reference(
        &self,
        reference: &str,
    ) -> StoreResult<Option<rectify_store::ObjectionStatus>> {
        objections::objection_by_reference(&self.pool, reference).await
    }

    #[tracing::instrument(skip_all)]
    async fn get_objection(&self, id: i64) -> StoreResult<Option<Objection>> {
        objections::get_objection(&self.pool, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn close_objection(
        &self,
        id: i64,
        status: &str,
        resolution: &str,
        actor: &str,
    ) -> StoreResult<Objection> {
        objections::close_objection(&self.pool, id, status, resolution, actor).await
    }

    // --- corrections after import, publishing (issue 11) ----------------

    #[tracing::instrument(skip_all, fields(id = plan_id))]
    async fn plan_record(&self, plan_id: i64) -> StoreResult<Option<PlanRecord>> {
        corrections::plan_record(&self.pool, plan_id).await
    }

    #[tracing::instrument(skip_all, fields(id = plan_id))]
    async fn correct_plan(
        &self,
        plan_id: i64,
        facts: &rectify_domain::correction::PlanFacts,
        correction: &NewCorrection,
    ) -> StoreResult<Correction> {
        corrections::correct_plan(&self.pool, plan_id, facts, correction).await
    }

    #[tracing::instrument(skip_all, fields(id = problem_id))]
    async fn correct_problem(
        &self,
        problem_id: i64,
        draft: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<Correction> {
        corrections::correct_problem(&self.pool, problem_id, draft, correction).await
    }

    #[tracing::instrument(skip_all, fields(id = problem_id))]
    async fn split_problem(
        &self,
        problem_id: i64,
        rest: &PlanDraftProblem,
        new: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<i64> {
        corrections::split_problem(&self.pool, problem_id, rest, new, correction).await
    }

    #[tracing::instrument(skip_all, fields(id = keep))]
    async fn merge_problems(
        &self,
        keep: i64,
        gone: i64,
        draft: &PlanDraftProblem,
        correction: &NewCorrection,
    ) -> StoreResult<()> {
        corrections::merge_problems(&self.pool, keep, gone, draft, correction).await
    }

    #[tracing::instrument(skip_all, fields(id = plan_id))]
    async fn publish_plan(&self, plan_id: i64, actor: &str) -> StoreResult<bool> {
        corrections::publish_plan(&self.pool, plan_id, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = plan_id))]
    async fn corrections(&self, plan_id: i64) -> StoreResult<Vec<Correction>> {
        corrections::corrections(&self.pool, plan_id).await
    }

    // --- petitions -------------------------------------------------------

    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    async fn import_petitions(
        &self,
        batch: Option<&NewPetitionBatch>,
        rows: &[NewPetition],
        actor: &str,
    ) -> StoreResult<PetitionImportReport> {
        petitions::import_petitions(&self.pool, batch, rows, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_petitions(&self, filter: &PetitionFilter) -> StoreResult<Page<PetitionRowView>> {
        petitions_read::list_petitions(&self.pool, filter).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn get_petition(&self, id: i64) -> StoreResult<Option<PetitionDetail>> {
        petitions_read::get_petition(&self.pool, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_by_code(&self, code: &str) -> StoreResult<Option<PetitionDetail>> {
        petitions_read::petition_by_code(&self.pool, code).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn update_petition(
        &self,
        id: i64,
        handling: &PetitionHandling,
        expected_version: Option<i64>,
        actor: &str,
    ) -> StoreResult<()> {
        petitions::update_petition(&self.pool, id, handling, expected_version, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = visit.petition_id))]
    async fn add_petition_visit(
        &self,
        visit: &NewPetitionVisit,
        actor: &str,
    ) -> StoreResult<PetitionVisit> {
        petitions::add_petition_visit(&self.pool, visit, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = petition_id))]
    async fn add_petition_attachment(
        &self,
        petition_id: i64,
        sha256: &str,
        size: i64,
        content_type: &str,
        file_name: &str,
        actor: &str,
    ) -> StoreResult<PetitionAttachment> {
        petitions::add_petition_attachment(
            &self.pool,
            petition_id,
            sha256,
            size,
            content_type,
            file_name,
            actor,
        )
        .await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn close_petition(&self, id: i64, version: i64, actor: &str) -> StoreResult<()> {
        petitions::close_petition(&self.pool, id, version, actor).await
    }

    #[tracing::instrument(skip_all, fields(id = id))]
    async fn reopen_petition(&self, id: i64, reason: &str, actor: &str) -> StoreResult<()> {
        petitions::reopen_petition(&self.pool, id, reason, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_texts(&self) -> StoreResult<Vec<PetitionText>> {
        petitions_read::petition_texts(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn closed_problem_texts(&self) -> StoreResult<Vec<ClosedProblemText>> {
        petitions_read::closed_problem_texts(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_decisions(&self) -> StoreResult<Vec<PairDecision>> {
        petitions_read::petition_decisions(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn decide_petition_pair(
        &self,
        a: &str,
        b: &str,
        decision: &str,
        actor: &str,
    ) -> StoreResult<()> {
        petitions::decide_petition_pair(&self.pool, a, b, decision, actor).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_batches(&self) -> StoreResult<Vec<PetitionBatch>> {
        petitions_read::petition_batches(&self.pool).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_stats(
        &self,
        dim: PetitionDimension,
        scope: &PetitionFilter,
        today: chrono::NaiveDate,
    ) -> StoreResult<Vec<rectify_domain::petition::PetitionStats>> {
        petitions_read::petition_stats(&self.pool, dim, scope, today).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_keys(
        &self,
        dim: PetitionDimension,
        scope: &PetitionFilter,
    ) -> StoreResult<Vec<(String, String)>> {
        petitions_read::petition_keys(&self.pool, dim, scope).await
    }

    #[tracing::instrument(skip_all)]
    async fn petition_fingerprint(&self) -> StoreResult<[i64; 5]> {
        petitions_read::petition_fingerprint(&self.pool).await
    }
}
