//! The unit registry (issue 11): the office sees the registered units with
//! what hangs on them and the suggested duplicates, and merges two names of
//! one body into one unit, with a reason. Renaming into a registered name is
//! refused (`unit_name_taken`): a merge is a decision, never a side effect.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, GlobalAction};
use crate::App;
use rectify_domain::input::Comment;
use rectify_domain::unit_registry::{
    suggest_duplicates, DuplicatePair, DuplicateReason, RegistryUnit,
};
use rectify_store::{UnitEntry, UnitMerge, UnitRef, User};
use serde::Serialize;
use std::collections::HashMap;

/// Why a merge is done (bounded like every reason).
pub type MergeReason = Comment;

/// Parses a merge reason: `reason_required` when empty, else the text's
/// own limits (length, control characters).
pub fn merge_reason(s: &str) -> Result<MergeReason> {
    if s.trim().is_empty() {
        return Err(Error::new(ErrorCode::ReasonRequired));
    }
    MergeReason::parse(s, "合并原因 / the reason")
}

/// A reason as the surfaces show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReasonView {
    pub code: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

impl From<DuplicateReason> for ReasonView {
    fn from(r: DuplicateReason) -> Self {
        ReasonView {
            code: r.as_str(),
            label_zh: r.label_zh(),
            label_en: r.label_en(),
        }
    }
}

/// One suggested group of duplicates, with the registry's entries.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DuplicateSuggestion {
    /// The units, the suggested survivor first (most problems and
    /// accounts, then the lowest id).
    pub units: Vec<UnitEntry>,
    /// The unit to merge the others into.
    pub suggested_into: i64,
    pub reasons: Vec<ReasonView>,
    pub pairs: Vec<DuplicatePair>,
    pub score: f64,
}

/// The registry and its suggested duplicates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitDuplicates {
    pub groups: Vec<DuplicateSuggestion>,
}

impl App {
    /// Every registered unit with its aliases and counts (office, admin).
    pub async fn unit_registry(&self, user: &User) -> Result<Vec<UnitEntry>> {
        policy::require_global(user, GlobalAction::ManageUnits)?;
        Ok(self.store.unit_registry().await?)
    }

    /// The units that probably are one body, strongest suggestions first
    /// (office, admin).
    pub async fn unit_duplicates(&self, user: &User) -> Result<UnitDuplicates> {
        let entries = self.unit_registry(user).await?;
        Ok(duplicates_of(&entries))
    }

    /// Merges unit `from_id` into `into_id` (office, admin): its problems,
    /// accounts, escalations and names move, it is removed, and the trail
    /// records the reason.
    pub async fn merge_units(
        &self,
        user: &User,
        from_id: i64,
        into_id: i64,
        reason: MergeReason,
    ) -> Result<UnitMerge> {
        policy::require_global(user, GlobalAction::ManageUnits)?;
        if from_id == into_id {
            return Err(Error::new(ErrorCode::UnitMergeSelf));
        }
        let m = self
            .store
            .merge_units(from_id, into_id, reason.as_str(), &user.username)
            .await?;
        self.refresh_soon(m.problems.clone());
        Ok(m)
    }

    /// [`App::merge_units`] by the units' names (the command line).
    pub async fn merge_units_by_name(
        &self,
        user: &User,
        from: &str,
        into: &str,
        reason: MergeReason,
    ) -> Result<UnitMerge> {
        policy::require_global(user, GlobalAction::ManageUnits)?;
        let from = self.known_unit(from).await?;
        let into = self.known_unit(into).await?;
        self.merge_units(user, from.id, into.id, reason).await
    }

    async fn known_unit(&self, name: &str) -> Result<UnitRef> {
        self.store
            .find_unit(name)
            .await?
            .ok_or_else(|| Error::with(ErrorCode::UnitUnknown, name.trim()))
    }
}

/// The suggestions over the registry's entries.
pub fn duplicates_of(entries: &[UnitEntry]) -> UnitDuplicates {
    let registry: Vec<RegistryUnit> = entries
        .iter()
        .map(|e| RegistryUnit {
            id: e.id,
            name: e.name.clone(),
            aliases: e.aliases.clone(),
        })
        .collect();
    let by_id: HashMap<i64, &UnitEntry> = entries.iter().map(|e| (e.id, e)).collect();
    let groups = suggest_duplicates(&registry)
        .into_iter()
        .map(|g| {
            let mut units: Vec<UnitEntry> = g
                .units
                .iter()
                .filter_map(|id| by_id.get(id).map(|e| (*e).clone()))
                .collect();
            units.sort_by_key(|u| (-(u.problems + u.accounts), u.id));
            DuplicateSuggestion {
                suggested_into: units.first().map_or(0, |u| u.id),
                units,
                reasons: g.reasons.into_iter().map(ReasonView::from).collect(),
                pairs: g.pairs,
                score: g.score,
            }
        })
        .collect();
    UnitDuplicates { groups }
}

/// The account the command line acts as: whoever runs `rectify` against
/// the database holds its keys anyway; the trail names it `cli`.
pub fn command_line_operator() -> User {
    User {
        id: 0,
        username: "cli".into(),
        display_name: "命令行 / command line".into(),
        password_hash: String::new(),
        role: rectify_store::Role::Admin,
        units: vec![],
        person: None,
        failed_attempts: 0,
        locked_until: None,
    }
}
