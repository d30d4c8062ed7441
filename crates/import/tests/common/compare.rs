//! Field-by-field comparison of an imported plan with hand-written expected
//! values (the schema of `tests/expected/*.json` and `tests/corpus/**.json`),
//! shared by `accuracy.rs` and `corpus.rs`.

use rectify_domain::{PlanDraft, ProblemDraft};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const FIELDS: [&str; 11] = [
    "number",
    "due",
    "immediate",
    "ongoing",
    "units",
    "leaders",
    "persons",
    "liaisons",
    "target",
    "measures",
    "milestones",
];

/// The comparable fields of one imported problem.
pub fn actual_fields(p: &ProblemDraft) -> Value {
    let number = match p.parent_seq {
        Some(ps) => format!("{ps}.{}", p.seq),
        None => p.seq.to_string(),
    };
    json!({
        "number": number,
        "due": p.deadline.due.map(|d| d.to_string()),
        "immediate": p.deadline.immediate,
        "ongoing": p.deadline.ongoing,
        "units": p.units.iter().map(|u| format!("{}:{}", u.role.as_str(), u.name)).collect::<Vec<_>>(),
        "leaders": p.leaders,
        "persons": p.responsible_persons.iter().map(|x| format!("{}|{}", x.name, x.title.clone().unwrap_or_default())).collect::<Vec<_>>(),
        "liaisons": p.liaisons.iter().map(|x| x.name.clone()).collect::<Vec<_>>(),
        "target": p.target.as_deref().is_some_and(|t| !t.trim().is_empty()),
        "measures": p.measures.len(),
        "milestones": p.deadline.milestones.iter().map(|m| m.due.to_string()).collect::<Vec<_>>(),
    })
}

#[derive(Default)]
pub struct Tally {
    pub right: BTreeMap<&'static str, usize>,
    pub total: BTreeMap<&'static str, usize>,
    pub invented: usize,
    pub missing: usize,
    pub doc_right: usize,
    pub doc_total: usize,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn field(&mut self, f: &'static str, ok: bool, what: impl FnOnce() -> String) {
        *self.total.entry(f).or_default() += 1;
        if ok {
            *self.right.entry(f).or_default() += 1;
        } else {
            self.failures.push(what());
        }
    }

    pub fn doc(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.doc_total += 1;
        if ok {
            self.doc_right += 1;
        } else {
            self.failures.push(what());
        }
    }

    /// Problem-field checks right and made.
    pub fn fields(&self) -> (usize, usize) {
        (self.right.values().sum(), self.total.values().sum())
    }

    /// Every check: problem fields, the document-level checks, and one
    /// failed check per invented problem.
    pub fn checks(&self) -> (usize, usize) {
        let (r, n) = self.fields();
        (r + self.doc_right, n + self.doc_total + self.invented)
    }

    pub fn merge(&mut self, other: &Tally) {
        for (k, v) in &other.right {
            *self.right.entry(k).or_default() += v;
        }
        for (k, v) in &other.total {
            *self.total.entry(k).or_default() += v;
        }
        self.invented += other.invented;
        self.missing += other.missing;
        self.doc_right += other.doc_right;
        self.doc_total += other.doc_total;
        self.failures.extend(other.failures.iter().cloned());
    }
}

/// Compares `plan` with `expected` (`declared`, `count_mismatch`,
/// `problems`), problems in order: a problem the importer did not find
/// counts as wrong in every field, one beyond the expected list as invented.
pub fn compare(name: &str, plan: &PlanDraft, expected: &Value, t: &mut Tally) {
    let mismatch = plan.warnings.iter().any(|w| w.code == "count_mismatch");
    compare_parts(
        name,
        plan.declared_problem_count,
        mismatch,
        &plan.problems,
        expected,
        t,
    );
}

/// [`compare`] over the parts of a plan (an import that failed compares as
/// no declared count, no warning and no problems).
pub fn compare_parts(
    name: &str,
    got_declared: Option<u32>,
    mismatch: bool,
    problems: &[ProblemDraft],
    expected: &Value,
    t: &mut Tally,
) {
    let declared = expected["declared"].as_u64().map(|v| v as u32);
    t.doc(got_declared == declared, || {
        format!("{name}: declared {got_declared:?}, expected {declared:?}")
    });
    let want = expected["count_mismatch"].as_bool().unwrap_or(false);
    t.doc(mismatch == want, || {
        format!("{name}: count_mismatch {mismatch}, expected {want}")
    });
    let exp = expected["problems"].as_array().cloned().unwrap_or_default();
    for (i, e) in exp.iter().enumerate() {
        let Some(p) = problems.get(i) else {
            t.missing += 1;
            for f in FIELDS {
                *t.total.entry(f).or_default() += 1;
            }
            t.failures.push(format!(
                "{name} #{}: missing (number {})",
                i + 1,
                e["number"]
            ));
            continue;
        };
        let a = actual_fields(p);
        for f in FIELDS {
            let ok = a[f] == e[f];
            t.field(f, ok, || {
                format!("{name} #{} {f}: got {}, expected {}", i + 1, a[f], e[f])
            });
        }
    }
    for p in problems.iter().skip(exp.len()) {
        t.invented += 1;
        t.failures.push(format!(
            "{name}: invented problem {} 「{}」",
            p.number_text,
            p.description.chars().take(30).collect::<String>()
        ));
    }
}

/// `right / total` as a percentage; `None` when nothing was checked.
pub fn percent(right: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| 100.0 * right as f64 / total as f64)
}
