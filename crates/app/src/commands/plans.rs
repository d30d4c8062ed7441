//! Importing a plan document into the ledger, and the plan's settings.

use crate::error::{self, Error, ErrorCode, Result};
use crate::policy::{self, GlobalAction};
use crate::App;
use rectify_domain::PlanDraft;
use rectify_store::{ImportReport, PlanSummary, User};

/// What an import did: the importer's findings, and what was stored unless
/// it was a dry run (the preview before saving).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportOutcome {
    /// The document as parsed.
    pub draft: PlanDraft,
    pub report: Option<ImportReport>,
    /// Against the plan of the same title already in the ledger: what
    /// changes, and the manual corrections the document would undo (kept).
    pub preview: super::ImportPreview,
}

/// Parses a document off the async threads: a 50 MiB Word file takes
/// seconds of CPU that would otherwise stall every other request.
pub async fn parse_document(file_name: String, bytes: Vec<u8>) -> Result<PlanDraft> {
    if bytes.len() > rectify_import::MAX_INPUT_BYTES {
        return Err(Error::with(
            ErrorCode::ImportTooLarge,
            format!(
                "{} 字节，上限 {} 字节 / {} bytes, the limit is {}",
                bytes.len(),
                rectify_import::MAX_INPUT_BYTES,
                bytes.len(),
                rectify_import::MAX_INPUT_BYTES
            ),
        ));
    }
    // The name may be shown and stored as the plan's source: cleaned like
    // an evidence file's.
    let file_name = super::clean_file_name(Some(&file_name)).unwrap_or_else(|| "upload".into());
    tokio::task::spawn_blocking(move || rectify_import::import_bytes(&file_name, &bytes))
        .await
        .map_err(error::join)?
        .map_err(error::import)
}

impl App {
    pub async fn import_plan(
        &self,
        user: &User,
        file_name: &str,
        bytes: Vec<u8>,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        policy::require_global(user, GlobalAction::ImportPlan)?;
        let draft = parse_document(file_name.to_string(), bytes).await?;
        self.store_draft(&user.username, draft, dry_run).await
    }

    /// Stores an already parsed draft (the command line and the demo loader
    /// parse files themselves), then refreshes the warnings of its problems.
    pub async fn store_draft(
        &self,
        actor: &str,
        draft: PlanDraft,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        let mut kept = draft.clone();
        let mut preview = self.reconcile_import(&mut kept).await?;
        preview.new_units = self.new_units(&draft).await?;
        if dry_run {
            return Ok(ImportOutcome {
                draft,
                report: None,
                preview,
            });
        }
        let report = self.store.import_plan(&kept, actor).await?;
        // A new or revised plan changes many problems at once: the full
        // sweep is the scoped refresh of all of them.
        self.sweep_soon();
        Ok(ImportOutcome {
            draft,
            report: Some(report),
            preview,
        })
    }

    pub async fn list_plans(&self) -> Result<Vec<PlanSummary>> {
        Ok(self.store.list_plans().await?)
    }

    /// How many working days the plan's public notices last (1–30).
    pub async fn set_notice_workdays(&self, user: &User, plan_id: i64, days: i64) -> Result<()> {
        policy::require_global(user, GlobalAction::ImportPlan)?;
        if !(1..=30).contains(&days) {
            return Err(Error::new(ErrorCode::NoticeDaysOutOfRange));
        }
        Ok(self
            .store
            .set_notice_workdays(plan_id, days, &user.username)
            .await?)
    }
}
