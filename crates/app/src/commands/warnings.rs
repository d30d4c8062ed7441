//! Acknowledging a warning (签收) and listing the open ones a user may see.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action};
use crate::App;
use rectify_store::{ProblemFilter, User, WarningRecord};

impl App {
    pub async fn acknowledge_warning(&self, user: &User, warning_id: i64) -> Result<WarningRecord> {
        let w = self
            .store
            .list_warnings(false)
            .await?
            .into_iter()
            .find(|w| w.id == warning_id)
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        self.problem_for(user, w.problem_id, Action::AcknowledgeWarning)
            .await?;
        Ok(self
            .store
            .acknowledge_warning(warning_id, &user.username)
            .await?)
    }

    /// The open warnings on problems `user` may read.
    pub async fn open_warnings(&self, user: &User) -> Result<Vec<WarningRecord>> {
        let mut scope = ProblemFilter::default();
        policy::scope_filter(user, &mut scope);
        let all = self.store.list_warnings(true).await?;
        if scope.scope_units.is_none() && scope.scope_leader.is_none() {
            return Ok(all);
        }
        // Scoped users read few problems: ask the store which of theirs are
        // warned, one page at a time, instead of loading the ledger.
        let visible = self.visible_problem_ids(&scope).await?;
        Ok(all
            .into_iter()
            .filter(|w| visible.contains(&w.problem_id))
            .collect())
    }
}
