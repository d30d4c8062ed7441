//! Acknowledging a warning (签收) and listing the open ones a user may see.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::Action;
use crate::App;
use rectify_store::{User, WarningRecord};

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
        let all = self.store.list_warnings(true).await?;
        Ok(match self.readable_problem_ids(user).await? {
            None => all,
            Some(visible) => all
                .into_iter()
                .filter(|w| visible.contains(&w.problem_id))
                .collect(),
        })
    }
}
