//! Corrections after import (更正): a plan's or a problem's fields, split
//! and merge, publishing a plan, and what a re-import would change. Each
//! needs a reason; warnings and schedule progress follow the new values
//! before the command answers.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, GlobalAction};
use crate::App;
use rectify_domain::correction::{self, PlanDiff, PlanPatch, ProblemField, ProblemPatch};
use rectify_domain::input::Comment;
use rectify_domain::{PlanDraft, ProblemDraft};
use rectify_store::{
    Correction, FieldChangeRecord, NewCorrection, PlanRecord, ProblemFilter, User,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a problem is split: the new problem's description and the measures
/// (by their number) that move to it; everything else is copied and can be
/// corrected afterwards.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SplitInput {
    pub description: String,
    #[serde(default)]
    pub measures: Vec<u32>,
}

/// What importing a document would do to the ledger: the plan it matches,
/// added / changed / dropped problems, and the manual corrections the
/// document would undo (which the import keeps).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPreview {
    pub plan_id: Option<i64>,
    pub diff: PlanDiff,
    pub conflicts: Vec<correction::FieldConflict>,
    /// Units the import would create, each beside the registered units it
    /// resembles (a variant of one body is better merged than created).
    pub new_units: Vec<NewUnit>,
}

/// A unit name the registry does not know yet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NewUnit {
    pub name: String,
    /// Registered units it resembles: (name, why in Chinese).
    pub resembles: Vec<(String, String)>,
}

fn correction(user: &User, changes: Vec<FieldChangeRecord>, reason: &Comment) -> NewCorrection {
    NewCorrection {
        changes,
        reason: reason.as_str().to_string(),
        actor: user.username.clone(),
    }
}

/// The changed fields of a problem, before and after, as text.
fn problem_changes(
    before: &ProblemDraft,
    after: &ProblemDraft,
    fields: impl IntoIterator<Item = ProblemField>,
) -> Vec<FieldChangeRecord> {
    fields
        .into_iter()
        .map(|f| FieldChangeRecord {
            field: f.as_str().to_string(),
            before: correction::field_text(before, f),
            after: correction::field_text(after, f),
        })
        .collect()
}

/// The fields in which two versions of a problem differ.
fn correction_fields_changed(a: &ProblemDraft, b: &ProblemDraft) -> Vec<ProblemField> {
    use strum::IntoEnumIterator;
    ProblemField::iter()
        .filter(|f| correction::field_text(a, *f) != correction::field_text(b, *f))
        .collect()
}

/// Measures are numbered 1, 2, … in their order.
fn renumber(measures: &mut [rectify_domain::MeasureDraft]) {
    for (n, m) in measures.iter_mut().enumerate() {
        m.seq = n as u32 + 1;
    }
}

fn nothing_if_empty<T>(changed: &BTreeSet<T>) -> Result<()> {
    if changed.is_empty() {
        return Err(Error::new(ErrorCode::NothingToCorrect));
    }
    Ok(())
}

impl App {
    async fn plan_or_404(&self, plan_id: i64) -> Result<PlanRecord> {
        self.store
            .plan_record(plan_id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))
    }

    /// Every problem row of a plan (no user scope: the callers check the
    /// office's permission first).
    async fn plan_rows(&self, plan_id: i64) -> Result<Vec<rectify_store::ProblemRow>> {
        self.rows_where(ProblemFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        })
        .await
    }

    /// The ids of a plan's problems, to refresh their warnings.
    async fn plan_problem_ids(&self, plan_id: i64) -> Result<Vec<i64>> {
        Ok(self
            .plan_rows(plan_id)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect())
    }

    /// Each problem of a plan with its number as the ledger shows it.
    pub async fn plan_problem_numbers(
        &self,
        user: &User,
        plan_id: i64,
    ) -> Result<Vec<(i64, String)>> {
        policy::require_global(user, GlobalAction::ReadLedger)?;
        Ok(self
            .plan_rows(plan_id)
            .await?
            .into_iter()
            .map(|r| {
                let n = match r.parent_seq {
                    Some(ps) => format!("{ps}.{}", r.number_text),
                    None => r.number_text,
                };
                (r.id, n)
            })
            .collect())
    }

    /// The categories of a plan: (number, title).
    pub async fn plan_categories(&self, user: &User, plan_id: i64) -> Result<Vec<(i64, String)>> {
        policy::require_global(user, GlobalAction::ReadLedger)?;
        let scope = ProblemFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        };
        Ok(self.store.ledger_facets(&scope).await?.categories)
    }

    pub async fn plan_record(&self, user: &User, plan_id: i64) -> Result<PlanRecord> {
        policy::require_global(user, GlobalAction::ReadLedger)?;
        self.plan_or_404(plan_id).await
    }

    /// Corrects a plan's fields. A new issue date moves the start of
    /// schedule progress and of the report periods of every problem.
    pub async fn correct_plan(
        &self,
        user: &User,
        plan_id: i64,
        patch: &PlanPatch,
        reason: &Comment,
    ) -> Result<Correction> {
        policy::require_global(user, GlobalAction::CorrectLedger)?;
        let before = self.plan_or_404(plan_id).await?.facts;
        let mut facts = before.clone();
        let changed = patch.apply(&mut facts)?;
        nothing_if_empty(&changed)?;
        let changes = changed
            .iter()
            .map(|f| FieldChangeRecord {
                field: f.as_str().to_string(),
                before: before.field_text(*f),
                after: facts.field_text(*f),
            })
            .collect();
        let out = self
            .store
            .correct_plan(plan_id, &facts, &correction(user, changes, reason))
            .await?;
        let ids = self.plan_problem_ids(plan_id).await?;
        self.refresh_warnings(Some(&ids)).await?;
        Ok(out)
    }

    /// Corrects a problem's fields.
    pub async fn correct_problem(
        &self,
        user: &User,
        problem_id: i64,
        patch: &ProblemPatch,
        reason: &Comment,
    ) -> Result<Correction> {
        policy::require_global(user, GlobalAction::CorrectLedger)?;
        let d = self.store.get_problem(problem_id).await?;
        let d = d.ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        let before = d.to_draft();
        let mut draft = before.clone();
        let changed = patch.apply(&mut draft)?;
        nothing_if_empty(&changed)?;
        let changes = problem_changes(&before, &draft, changed);
        let out = self
            .store
            .correct_problem(problem_id, &draft, &correction(user, changes, reason))
            .await?;
        self.refresh_warnings(Some(&[problem_id])).await?;
        Ok(out)
    }

    /// Splits a problem in two (the importer ran two problems together):
    /// the new one takes the next free number in the plan and the chosen
    /// measures. Answers its id.
    pub async fn split_problem(
        &self,
        user: &User,
        problem_id: i64,
        input: &SplitInput,
        reason: &Comment,
    ) -> Result<i64> {
        policy::require_global(user, GlobalAction::CorrectLedger)?;
        let d = self.store.get_problem(problem_id).await?;
        let d = d.ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        let description =
            rectify_domain::input::Text::<5000>::parse(&input.description, "问题描述")?;
        let original = d.to_draft();
        let mut rest = original.clone();
        let mut new = rest.clone();
        let moving = |seq: &u32| input.measures.contains(seq);
        new.measures = rest
            .measures
            .iter()
            .filter(|m| moving(&m.seq))
            .cloned()
            .collect();
        rest.measures.retain(|m| !moving(&m.seq));
        renumber(&mut new.measures);
        renumber(&mut rest.measures);
        new.description = description.into_string();
        let siblings = self.plan_rows(d.row.plan_id).await?;
        let next = siblings
            .iter()
            .filter(|r| r.parent_seq == d.row.parent_seq)
            .map(|r| r.seq)
            .max()
            .unwrap_or(0)
            + 1;
        new.seq = next as u32;
        new.number_text = next.to_string();
        let changes = problem_changes(&original, &rest, [ProblemField::Measures]);
        let new_id = self
            .store
            .split_problem(problem_id, &rest, &new, &correction(user, changes, reason))
            .await?;
        self.refresh_warnings(Some(&[problem_id, new_id])).await?;
        Ok(new_id)
    }

    /// Merges problem `gone` into `keep` (the importer split one problem):
    /// `keep` takes the measures, units and people of both, its description
    /// gains the other's.
    pub async fn merge_problems(
        &self,
        user: &User,
        keep: i64,
        gone: i64,
        reason: &Comment,
    ) -> Result<()> {
        policy::require_global(user, GlobalAction::CorrectLedger)?;
        let k = self.store.get_problem(keep).await?;
        let k = k.ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        let g = self.store.get_problem(gone).await?;
        let g = g.ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        if k.row.plan_id != g.row.plan_id || keep == gone {
            return Err(Error::new(ErrorCode::OtherPlan));
        }
        let original = k.to_draft();
        let mut d = original.clone();
        let other = g.to_draft();
        if !other.description.is_empty() && !d.description.contains(&other.description) {
            d.description = format!("{}\n{}", d.description, other.description);
        }
        if d.target.is_none() {
            d.target = other.target.clone();
        }
        for m in other.measures {
            if !d.measures.iter().any(|x| x.text == m.text) {
                d.measures.push(m);
            }
        }
        renumber(&mut d.measures);
        for u in other.units {
            if !d.units.iter().any(|x| x.name == u.name && x.role == u.role) {
                d.units.push(u);
            }
        }
        for l in other.leaders {
            if !d.leaders.contains(&l) {
                d.leaders.push(l);
            }
        }
        for p in other.responsible_persons {
            if !d.responsible_persons.contains(&p) {
                d.responsible_persons.push(p);
            }
        }
        for l in other.liaisons {
            if !d.liaisons.contains(&l) {
                d.liaisons.push(l);
            }
        }
        // The later of the two deadlines: the merged problem is done when both are.
        if let (Some(a), Some(b)) = (d.deadline.due, other.deadline.due) {
            if b > a {
                d.deadline = other.deadline.clone();
            }
        }
        let changes = problem_changes(&original, &d, correction_fields_changed(&original, &d));
        self.store
            .merge_problems(keep, gone, &d, &correction(user, changes, reason))
            .await?;
        self.refresh_warnings(Some(&[keep])).await?;
        Ok(())
    }

    /// Puts a plan and its problems on the portal.
    pub async fn publish_plan(&self, user: &User, plan_id: i64) -> Result<bool> {
        policy::require_global(user, GlobalAction::CorrectLedger)?;
        self.plan_or_404(plan_id).await?;
        Ok(self.store.publish_plan(plan_id, &user.username).await?)
    }

    /// The corrections of a plan and its problems (staff).
    pub async fn corrections(&self, user: &User, plan_id: i64) -> Result<Vec<Correction>> {
        policy::require_global(user, GlobalAction::ReadLedger)?;
        Ok(self.store.corrections(plan_id).await?)
    }

    /// The fields of each problem of a plan the office corrected by hand.
    async fn corrected_fields(
        &self,
        plan_id: i64,
    ) -> Result<std::collections::HashMap<i64, BTreeSet<ProblemField>>> {
        let mut out: std::collections::HashMap<i64, BTreeSet<ProblemField>> = Default::default();
        for c in self.store.corrections(plan_id).await? {
            if c.entity != "problem" {
                continue;
            }
            let set = out.entry(c.entity_id).or_default();
            set.extend(
                c.fields()
                    .iter()
                    .filter_map(|f| f.parse::<ProblemField>().ok()),
            );
        }
        Ok(out)
    }

    /// What saving a parsed document would change in the ledger (nothing
    /// is written).
    pub async fn preview_import(&self, user: &User, draft: &PlanDraft) -> Result<ImportPreview> {
        policy::require_global(user, GlobalAction::ImportPlan)?;
        let mut preview = self.reconcile_import(&mut draft.clone()).await?;
        preview.new_units = self.new_units(draft).await?;
        Ok(preview)
    }

    /// The unit names of a draft the registry does not know, with the
    /// registered units each resembles.
    pub(crate) async fn new_units(&self, draft: &PlanDraft) -> Result<Vec<NewUnit>> {
        use rectify_domain::unit_registry::{is_collective, suggest_duplicates, RegistryUnit};
        let mut names: Vec<String> = vec![];
        for p in &draft.problems {
            let all = p
                .units
                .iter()
                .chain(p.measures.iter().flat_map(|m| m.units.iter()));
            for u in all {
                if !is_collective(&u.name) && !names.contains(&u.name) {
                    names.push(u.name.clone());
                }
            }
        }
        let mut unknown = vec![];
        for n in names {
            if self.store.find_unit(&n).await?.is_none() {
                unknown.push(n);
            }
        }
        let entries = self.store.unit_registry().await?;
        let mut registry: Vec<RegistryUnit> = entries
            .iter()
            .map(|e| RegistryUnit {
                id: e.id,
                name: e.name.clone(),
                aliases: e.aliases.clone(),
            })
            .collect();
        // The new names take negative ids beside the registered ones.
        registry.extend(unknown.iter().enumerate().map(|(i, n)| RegistryUnit {
            id: -(i as i64) - 1,
            name: n.clone(),
            aliases: vec![],
        }));
        let name_of = |id: i64| entries.iter().find(|e| e.id == id).map(|e| e.name.clone());
        let mut out: Vec<NewUnit> = unknown
            .iter()
            .map(|n| NewUnit {
                name: n.clone(),
                resembles: vec![],
            })
            .collect();
        for g in suggest_duplicates(&registry) {
            for pair in g.pairs {
                let (new, old) = match (pair.a < 0, pair.b < 0) {
                    (true, false) => (pair.a, pair.b),
                    (false, true) => (pair.b, pair.a),
                    _ => continue,
                };
                let (Some(slot), Some(old)) = (out.get_mut((-new - 1) as usize), name_of(old))
                else {
                    continue;
                };
                if !slot.resembles.iter().any(|(n, _)| *n == old) {
                    slot.resembles
                        .push((old, pair.reason.label_zh().to_string()));
                }
            }
        }
        Ok(out)
    }

    /// Compares a parsed document with the plan of the same title and
    /// jurisdiction, if there is one, and rewrites the draft so that the
    /// fields the office corrected keep their values (reported as conflicts).
    pub async fn reconcile_import(&self, draft: &mut PlanDraft) -> Result<ImportPreview> {
        let plans = self.store.list_plans().await?;
        let Some(plan) = plans
            .iter()
            .find(|p| p.title == draft.title && p.jurisdiction == draft.jurisdiction)
        else {
            return Ok(ImportPreview::default());
        };
        let rows = self.plan_rows(plan.id).await?;
        let mut stored = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(d) = self.store.get_problem(r.id).await? {
                stored.push((r.id, d.to_draft()));
            }
        }
        let diff = correction::plan_diff(&stored, &draft.problems);
        let corrected = self.corrected_fields(plan.id).await?;
        let mut conflicts = vec![];
        for incoming in &mut draft.problems {
            let key = (incoming.parent_seq, incoming.seq);
            let Some((id, old)) = stored.iter().find(|(_, d)| (d.parent_seq, d.seq) == key) else {
                continue;
            };
            if let Some(fields) = corrected.get(id) {
                conflicts.extend(correction::reconcile(*id, old, incoming, fields));
            }
        }
        Ok(ImportPreview {
            plan_id: Some(plan.id),
            diff,
            conflicts,
            new_units: vec![],
        })
    }
}
