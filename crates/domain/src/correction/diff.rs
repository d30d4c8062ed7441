//! A document against the ledger: what a re-import would add, change and
//! drop (the preview), and which manual corrections it would undo (the
//! conflicts the office decides on).

use super::ProblemField;
use crate::plan::ProblemDraft;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A problem's number as the ledger shows it: 「3」 or, for a sub-problem,
/// 「3.1」.
fn label(d: &ProblemDraft) -> String {
    match d.parent_seq {
        Some(ps) => format!("{ps}.{}", d.number_text),
        None => d.number_text.clone(),
    }
}

fn key(d: &ProblemDraft) -> (u32, u32) {
    (d.parent_seq.unwrap_or(0), d.seq)
}

/// One field as a line of text, to compare and to show.
pub fn field_text(d: &ProblemDraft, f: ProblemField) -> String {
    let join = |v: Vec<String>| v.join("；");
    match f {
        ProblemField::Number => d.number_text.clone(),
        ProblemField::Category => d.category_seq.map(|c| c.to_string()).unwrap_or_default(),
        ProblemField::Description => d.description.clone(),
        ProblemField::Target => d.target.clone().unwrap_or_default(),
        ProblemField::Measures => join(
            d.measures
                .iter()
                .map(|m| format!("{}. {}", m.seq, m.text))
                .collect(),
        ),
        ProblemField::Deadline => {
            let mut s = d.deadline.text.clone();
            if let Some(due) = d.deadline.due {
                s.push_str(&format!("（{due}）"));
            }
            if d.deadline.immediate {
                s.push_str("［立行立改］");
            }
            if d.deadline.ongoing {
                s.push_str("［持续推进］");
            }
            s
        }
        ProblemField::Units => join(
            d.units
                .iter()
                .map(|u| format!("{}（{}）", u.name, u.role.label_zh()))
                .collect(),
        ),
        ProblemField::Leaders => join(d.leaders.clone()),
        ProblemField::Persons => join(
            d.responsible_persons
                .iter()
                .map(|p| match &p.title {
                    Some(t) => format!("{} {}", p.name, t),
                    None => p.name.clone(),
                })
                .collect(),
        ),
        ProblemField::Liaisons => join(d.liaisons.iter().map(|l| l.name.clone()).collect()),
    }
}

/// Copies one field from `from` into `to`.
fn copy_field(from: &ProblemDraft, to: &mut ProblemDraft, f: ProblemField) {
    match f {
        ProblemField::Number => to.number_text = from.number_text.clone(),
        ProblemField::Category => to.category_seq = from.category_seq,
        ProblemField::Description => to.description = from.description.clone(),
        ProblemField::Target => to.target = from.target.clone(),
        ProblemField::Measures => to.measures = from.measures.clone(),
        ProblemField::Deadline => to.deadline = from.deadline.clone(),
        ProblemField::Units => to.units = from.units.clone(),
        ProblemField::Leaders => to.leaders = from.leaders.clone(),
        ProblemField::Persons => to.responsible_persons = from.responsible_persons.clone(),
        ProblemField::Liaisons => to.liaisons = from.liaisons.clone(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: ProblemField,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemChange {
    pub number: String,
    pub problem_id: i64,
    pub fields: Vec<FieldChange>,
}

/// What importing a document would do to the plan of the same title.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanDiff {
    pub added: Vec<String>,
    pub changed: Vec<ProblemChange>,
    /// In the ledger, not in the document (kept: a re-import never deletes).
    pub dropped: Vec<String>,
}

pub fn plan_diff(stored: &[(i64, ProblemDraft)], incoming: &[ProblemDraft]) -> PlanDiff {
    use strum::IntoEnumIterator;
    let by_key: BTreeMap<_, _> = stored.iter().map(|(id, d)| (key(d), (*id, d))).collect();
    let mut seen = BTreeSet::new();
    let mut diff = PlanDiff::default();
    for new in incoming {
        let k = key(new);
        seen.insert(k);
        let Some((id, old)) = by_key.get(&k) else {
            diff.added.push(label(new));
            continue;
        };
        let fields: Vec<FieldChange> = ProblemField::iter()
            .filter_map(|f| {
                let (before, after) = (field_text(old, f), field_text(new, f));
                (before != after).then_some(FieldChange {
                    field: f,
                    before,
                    after,
                })
            })
            .collect();
        if !fields.is_empty() {
            diff.changed.push(ProblemChange {
                number: label(new),
                problem_id: *id,
                fields,
            });
        }
    }
    diff.dropped = by_key
        .iter()
        .filter(|(k, _)| !seen.contains(*k))
        .map(|(_, (_, d))| label(d))
        .collect();
    diff
}

/// A manual correction a re-import would have undone: the ledger keeps the
/// corrected value; the office sees both and decides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldConflict {
    pub number: String,
    pub problem_id: i64,
    pub field: ProblemField,
    pub kept: String,
    pub imported: String,
}

/// Keeps the corrected fields of a stored problem in the incoming draft and
/// reports each one the document would have changed.
pub fn reconcile(
    problem_id: i64,
    stored: &ProblemDraft,
    incoming: &mut ProblemDraft,
    corrected: &BTreeSet<ProblemField>,
) -> Vec<FieldConflict> {
    let mut out = vec![];
    for f in corrected {
        let (kept, imported) = (field_text(stored, *f), field_text(incoming, *f));
        if kept != imported {
            copy_field(stored, incoming, *f);
            out.push(FieldConflict {
                number: label(stored),
                problem_id,
                field: *f,
                kept,
                imported,
            });
        }
    }
    out
}
