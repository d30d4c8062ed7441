//! Matching petitions: duplicate groups (重复举报) with staff decisions,
//! rebounds (反弹) against signed-off problems and closed petitions, and
//! the figures the plans quote, repeated complaints counted from the groups.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, PetitionAction};
use crate::App;
use rectify_domain::petition::{PetitionStats, PetitionStatus};
use rectify_petitions::group::{Decision, StaffDecision};
use rectify_petitions::rebound::{ClosedItem, ClosedKind, ReboundIndex};
use rectify_petitions::{Duplicates, Petition, Weights};
use rectify_store::{PetitionDimension, PetitionFilter, User};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Figures by one dimension, with the total.
#[derive(Debug, Clone, Serialize)]
pub struct PetitionFigures {
    pub dimension: PetitionDimension,
    pub rows: Vec<PetitionStats>,
    pub total: PetitionStats,
}

fn add(total: &mut PetitionStats, r: &PetitionStats) {
    total.received += r.received;
    total.verified_true += r.verified_true;
    total.verified_partly += r.verified_partly;
    total.verified_false += r.verified_false;
    total.closed += r.closed;
    total.overdue += r.overdue;
    total.meets_standard += r.meets_standard;
    total.repeated += r.repeated;
    total.rebound += r.rebound;
    total.visits += r.visits;
    total.satisfied += r.satisfied;
    total.basically_satisfied += r.basically_satisfied;
    total.dissatisfied += r.dissatisfied;
    total.ordered += r.ordered;
    total.penalty_cases += r.penalty_cases;
    total.fines_wan += r.fines_wan;
    total.detained += r.detained;
    total.interviewed += r.interviewed;
    total.accountable += r.accountable;
}

impl App {
    /// Signed-off problems and closed petitions, indexed for the rebound
    /// check of new petitions.
    pub(crate) async fn rebound_index(&self) -> Result<ReboundIndex> {
        let mut items: Vec<ClosedItem> = self
            .store
            .closed_problem_texts()
            .await?
            .into_iter()
            .map(|p| ClosedItem {
                id: format!("problem:{}", p.id),
                kind: ClosedKind::Problem,
                area: p.jurisdiction,
                text: p.description,
                pollution: String::new(),
            })
            .collect();
        items.extend(
            self.store
                .petition_texts()
                .await?
                .into_iter()
                .filter(|p| p.status == PetitionStatus::Closed.as_str())
                .map(|p| ClosedItem {
                    id: format!("petition:{}", p.code),
                    kind: ClosedKind::Petition,
                    area: p.area,
                    text: format!("{} {}", p.address, p.content),
                    pollution: p.kind,
                }),
        );
        Ok(ReboundIndex::new(items, Weights::default()))
    }

    /// Every group of petitions that describe one matter, with the
    /// suggested pairs explained; staff decisions applied.
    pub async fn petition_duplicates(&self, user: &User) -> Result<Arc<Duplicates>> {
        policy::require_petition(user, PetitionAction::Read, None)?;
        self.duplicates_unscoped().await
    }

    /// The groups, recomputed only when petitions or decisions changed
    /// since the last computation (in this process).
    pub(crate) async fn duplicates_unscoped(&self) -> Result<Arc<Duplicates>> {
        let mut cache = self.duplicates.lock().await;
        let fingerprint = self.store.petition_fingerprint().await?;
        if let Some((f, d)) = cache.as_ref() {
            if *f == fingerprint {
                return Ok(d.clone());
            }
        }
        let d = Arc::new(self.compute_duplicates().await?);
        *cache = Some((fingerprint, d.clone()));
        Ok(d)
    }

    async fn compute_duplicates(&self) -> Result<Duplicates> {
        let texts = self.store.petition_texts().await?;
        let petitions: Vec<Petition> = texts
            .into_iter()
            .map(|t| Petition {
                id: t.code,
                date: t.received_on,
                area: t.area,
                kind: t.kind,
                text: t.content,
                address: t.address,
            })
            .collect();
        let decisions: Vec<StaffDecision> = self
            .store
            .petition_decisions()
            .await?
            .into_iter()
            .map(|d| StaffDecision {
                a: d.code_a,
                b: d.code_b,
                decision: if d.decision == "confirmed" {
                    Decision::Confirmed
                } else {
                    Decision::Rejected
                },
            })
            .collect();
        // Matching is CPU work: off the async threads.
        tokio::task::spawn_blocking(move || {
            rectify_petitions::find_duplicates(&petitions, &decisions, &Weights::default())
        })
        .await
        .map_err(|e| Error::with(ErrorCode::Internal, e.to_string()))
    }

    /// Staff confirm or reject a suggested pair (by 受理编号).
    pub async fn decide_duplicate(
        &self,
        user: &User,
        a: &str,
        b: &str,
        confirmed: bool,
    ) -> Result<()> {
        policy::require_petition(user, PetitionAction::Manage, None)?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() || a == b {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                "请给出两件不同信访件的受理编号 / name two different petitions",
            ));
        }
        let decision = if confirmed { "confirmed" } else { "rejected" };
        Ok(self
            .store
            .decide_petition_pair(a, b, decision, &user.username)
            .await?)
    }

    /// The figures by unit, area, type or batch over what `user` may see:
    /// received, verified true, closed, the closure-standard rate, repeated
    /// complaints, satisfaction, penalties.
    pub async fn petition_figures(
        &self,
        user: &User,
        dimension: PetitionDimension,
        mut scope: PetitionFilter,
    ) -> Result<PetitionFigures> {
        if !policy::petition_allowed(user, PetitionAction::Read, None)
            && policy::petition_scope(user).is_none()
        {
            return Err(Error::new(ErrorCode::Forbidden));
        }
        scope.scope_units = policy::petition_scope(user);
        let mut rows = self
            .store
            .petition_stats(dimension, &scope, self.today())
            .await?;
        let dups = self.duplicates_unscoped().await?;
        let groups = &dups.groups;
        if !groups.is_empty() {
            let repeated: HashSet<&String> = groups.iter().flatten().collect();
            let mut per_key: HashMap<String, i64> = HashMap::new();
            for (code, key) in self.store.petition_keys(dimension, &scope).await? {
                if repeated.contains(&code) {
                    *per_key.entry(key).or_default() += 1;
                }
            }
            for r in &mut rows {
                r.repeated = per_key.get(&r.key).copied().unwrap_or(0);
            }
        }
        let mut total = PetitionStats {
            key: "合计".into(),
            ..Default::default()
        };
        for r in &rows {
            add(&mut total, r);
        }
        Ok(PetitionFigures {
            dimension,
            rows,
            total,
        })
    }
}

impl App {
    /// A confirmed group is one matter: the office copies this petition's
    /// verification, handling, result, public reply and closure standard to
    /// every other open petition of its confirmed group, so each petitioner
    /// sees the same reply on the portal. The penalty counts stay on this
    /// petition (one matter, counted once). Answers the codes updated.
    pub async fn apply_to_matter(&self, user: &User, id: i64) -> Result<Vec<String>> {
        let lead = self.petition_for(user, id, PetitionAction::Manage).await?;
        let confirmed: Vec<StaffDecision> = self
            .store
            .petition_decisions()
            .await?
            .into_iter()
            .filter(|d| d.decision == "confirmed")
            .map(|d| StaffDecision {
                a: d.code_a,
                b: d.code_b,
                decision: Decision::Confirmed,
            })
            .collect();
        let mut codes: Vec<String> = confirmed
            .iter()
            .flat_map(|d| [d.a.clone(), d.b.clone()])
            .collect();
        codes.sort();
        codes.dedup();
        let group = rectify_petitions::group::group(&codes, &[], &confirmed)
            .into_iter()
            .find(|g| g.contains(&lead.row.code))
            .ok_or_else(|| {
                Error::with(
                    ErrorCode::InvalidInput,
                    "该信访件尚未与其他信访件确认为同一事项 / not in a confirmed group",
                )
            })?;
        let mut updated = vec![];
        for code in group.iter().filter(|c| **c != lead.row.code) {
            let Some(other) = self.store.petition_by_code(code).await? else {
                continue;
            };
            if other.row.status == PetitionStatus::Closed.as_str() {
                continue;
            }
            let h = rectify_store::PetitionHandling {
                unit_id: other.row.unit_id,
                due_date: other.row.due_date,
                verification: lead
                    .row
                    .verification
                    .as_deref()
                    .and_then(rectify_domain::petition::Verification::parse),
                handling: lead.handling.clone(),
                result: lead.result.clone(),
                public_reply: lead.public_reply.clone(),
                measures: other.measures,
                closure_standard: lead
                    .row
                    .closure_standard
                    .as_deref()
                    .and_then(rectify_domain::petition::ClosureStandard::parse),
                problem_id: other.row.problem_id.or(lead.row.problem_id),
            };
            self.store
                .update_petition(other.row.id, &h, Some(other.version), &user.username)
                .await?;
            updated.push(code.clone());
        }
        Ok(updated)
    }
}
