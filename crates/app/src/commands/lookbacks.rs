//! Look-back campaigns (回头看): the office selects signed-off problems for
//! re-verification; the office or the problem's supervising unit records
//! each result, and a rebound (反弹) reopens the problem. Outside the office
//! and the discipline commission a user sees only the items of problems
//! they may read, tallied over those items.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action, GlobalAction};
use crate::App;
use rectify_domain::input::{Comment, ShortText};
use rectify_store::{Lookback, LookbackDetail, LookbackItem, LookbackSelection, User};
use std::collections::HashSet;

/// The campaign as seen through `visible` (all of it when `None`); `None`
/// when that leaves nothing.
fn scoped(d: LookbackDetail, visible: &Option<HashSet<i64>>) -> Option<LookbackDetail> {
    let Some(visible) = visible else {
        return Some(d);
    };
    let items: Vec<_> = d
        .items
        .into_iter()
        .filter(|i| visible.contains(&i.problem_id))
        .collect();
    if items.is_empty() {
        return None;
    }
    let count = |r: &str| items.iter().filter(|i| i.result == r).count() as i64;
    let campaign = Lookback {
        total: items.len() as i64,
        pending: count("pending"),
        confirmed: count("confirmed"),
        rebound: count("rebound"),
        ..d.campaign
    };
    Some(LookbackDetail { campaign, items })
}

impl App {
    async fn lookback_visibility(&self, user: &User) -> Result<Option<HashSet<i64>>> {
        if policy::allowed_global(user, GlobalAction::ReadAllLookbacks) {
            return Ok(None);
        }
        Ok(Some(
            self.readable_problem_ids(user).await?.unwrap_or_default(),
        ))
    }

    pub async fn create_lookback(
        &self,
        user: &User,
        name: ShortText,
        note: Option<Comment>,
        selection: &LookbackSelection,
    ) -> Result<LookbackDetail> {
        policy::require_global(user, GlobalAction::ManageLookbacks)?;
        Ok(self
            .store
            .create_lookback(
                name.as_str(),
                note.as_ref().map(Comment::as_str),
                selection,
                &user.username,
            )
            .await?)
    }

    pub async fn list_lookbacks(&self, user: &User) -> Result<Vec<Lookback>> {
        let visible = self.lookback_visibility(user).await?;
        let all = self.store.list_lookbacks().await?;
        if visible.is_none() {
            return Ok(all);
        }
        let mut out = vec![];
        for c in all {
            if let Some(d) = self.store.get_lookback(c.id).await? {
                if let Some(d) = scoped(d, &visible) {
                    out.push(d.campaign);
                }
            }
        }
        Ok(out)
    }

    pub async fn get_lookback(&self, user: &User, id: i64) -> Result<LookbackDetail> {
        let visible = self.lookback_visibility(user).await?;
        let d = self
            .store
            .get_lookback(id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        scoped(d, &visible).ok_or_else(|| Error::new(ErrorCode::Forbidden))
    }

    /// Records one re-verification; a rebound reopens the problem.
    pub async fn record_lookback(
        &self,
        user: &User,
        campaign_id: i64,
        problem_id: i64,
        confirmed: bool,
        comment: Option<Comment>,
    ) -> Result<LookbackItem> {
        self.problem_for(user, problem_id, Action::RecordLookback)
            .await?;
        if !confirmed && comment.is_none() {
            return Err(Error::new(ErrorCode::ReasonRequired));
        }
        let item = self
            .store
            .record_lookback_result(
                campaign_id,
                problem_id,
                confirmed,
                comment.as_ref().map(Comment::as_str).unwrap_or(""),
                &user.username,
            )
            .await?;
        self.refresh_soon(vec![problem_id]);
        Ok(item)
    }
}
