//! Reading one problem under the policy, and reopening a signed-off one.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action};
use crate::App;
use chrono::NaiveDate;
use rectify_domain::input::{Comment, ShortText};
use rectify_domain::Status;
use rectify_store::{ProblemDetail, User};

impl App {
    /// Loads a problem if `user` may do `action` on it; 404 and 403 carry
    /// no data.
    pub async fn problem_for(&self, user: &User, id: i64, action: Action) -> Result<ProblemDetail> {
        let detail = self
            .store
            .get_problem(id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        policy::require(user, action, &detail.row)?;
        let mut detail = detail;
        super::objections::redact_problem(user, &mut detail);
        Ok(detail)
    }

    /// Reopens a signed-off problem (反弹, 回头看); the reason is kept. A
    /// new deadline (限期整改), when given, replaces the plan's, and the
    /// problem's warnings follow it.
    pub async fn reopen(
        &self,
        user: &User,
        problem_id: i64,
        reason: Comment,
        lookback: Option<ShortText>,
        new_due: Option<NaiveDate>,
    ) -> Result<Status> {
        let d = self.problem_for(user, problem_id, Action::Reopen).await?;
        d.row.status.reopen()?;
        if let Some(due) = new_due.filter(|due| *due <= self.today()) {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                format!("限期整改日期须晚于今天（{due}） / the new deadline must be after today"),
            ));
        }
        let status = self
            .store
            .reopen_problem(
                problem_id,
                reason.as_str(),
                &user.username,
                lookback.as_ref().map(ShortText::as_str),
                new_due,
            )
            .await?;
        self.refresh_soon(vec![problem_id]);
        Ok(status)
    }
}

impl App {
    /// The ids of the problems `user` may read; `None` when they may read
    /// all. Scoped accounts (a unit, a supervisor, a leader) read few.
    pub async fn readable_problem_ids(
        &self,
        user: &User,
    ) -> Result<Option<std::collections::HashSet<i64>>> {
        let mut f = rectify_store::ProblemFilter::default();
        policy::scope_filter(user, &mut f);
        if f.scope_units.is_none() && f.scope_leader.is_none() {
            return Ok(None);
        }
        let rows = self.all_rows(user, &f).await?;
        Ok(Some(rows.into_iter().map(|r| r.id).collect()))
    }
}

impl App {
    /// The ledger's filter choices within what `user` may read.
    pub async fn ledger_facets(&self, user: &User) -> Result<rectify_store::LedgerFacets> {
        let mut scope = rectify_store::ProblemFilter::default();
        policy::scope_filter(user, &mut scope);
        Ok(self.store.ledger_facets(&scope).await?)
    }
}

impl App {
    /// Every row a filter selects within what `user` may read, one page of
    /// 500 at a time (the export of the current view). The filter's own
    /// page and size are ignored.
    pub async fn all_rows(
        &self,
        user: &User,
        filter: &rectify_store::ProblemFilter,
    ) -> Result<Vec<rectify_store::ProblemRow>> {
        let mut f = filter.clone();
        policy::scope_filter(user, &mut f);
        self.rows_where(f).await
    }

    /// Every row a filter selects, 500 at a time, without a user's scope
    /// (callers check permissions first).
    pub(crate) async fn rows_where(
        &self,
        mut f: rectify_store::ProblemFilter,
    ) -> Result<Vec<rectify_store::ProblemRow>> {
        f.page = 1;
        f.per_page = 500;
        let mut rows = vec![];
        loop {
            let page = self.store.list_problems(&f).await?;
            let n = page.items.len();
            rows.extend(page.items);
            if n == 0 || rows.len() as i64 >= page.total {
                return Ok(rows);
            }
            f.page += 1;
        }
    }
}
