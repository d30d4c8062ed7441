//! What a correction asks to change, and applying it to the current values.
//! Every field is optional: absent means "leave as is"; for fields that may
//! be empty, `null` clears them.

use super::{PlanField, ProblemField};
use crate::deadline::DeadlineSpec;
use crate::error::{Error, ErrorCode, Result};
use crate::input::{clean, Text};
use crate::inspection::Inspection;
use crate::plan::{Liaison, MeasureDraft, Person, ProblemDraft, UnitAssignment};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeSet;

/// Limits that keep one correction to the size of a real problem.
const MAX_MEASURES: usize = 200;
const MAX_PEOPLE: usize = 50;

/// `Some(None)` for an explicit `null`, `None` when the key is absent.
fn nullable<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A measure as the office writes it. Without a deadline or units, a measure
/// whose text is unchanged keeps the ones it had.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureInput {
    pub text: String,
    #[serde(default)]
    pub deadline: Option<String>,
    #[serde(default)]
    pub units: Vec<UnitAssignment>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProblemPatch {
    /// The number as printed (「（三）」, 「12」).
    #[serde(default)]
    pub number_text: Option<String>,
    /// The problem's position in the plan (unique within its parent).
    #[serde(default)]
    pub seq: Option<u32>,
    /// Move to another category of the plan (`null`: none).
    #[serde(default, deserialize_with = "nullable")]
    pub category_seq: Option<Option<u32>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub target: Option<Option<String>>,
    /// The whole list, in order: add, edit, reorder and remove at once.
    #[serde(default)]
    pub measures: Option<Vec<MeasureInput>>,
    /// New deadline wording, parsed again by the deadline grammar; the parts
    /// below, when given, override what the grammar reads.
    #[serde(default)]
    pub deadline_text: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub due: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub immediate: Option<bool>,
    #[serde(default)]
    pub ongoing: Option<bool>,
    #[serde(default)]
    pub units: Option<Vec<UnitAssignment>>,
    #[serde(default)]
    pub leaders: Option<Vec<String>>,
    #[serde(default)]
    pub responsible_persons: Option<Vec<Person>>,
    #[serde(default)]
    pub liaisons: Option<Vec<Liaison>>,
}

fn short(s: &str, field: &str) -> Result<String> {
    Ok(Text::<200, false>::parse(s, field)?.into_string())
}

fn opt_short(s: &Option<String>, field: &str) -> Result<Option<String>> {
    match s {
        Some(s) => Ok(Some(clean(s, 200, field, false)?).filter(|s| !s.is_empty())),
        None => Ok(None),
    }
}

fn bounded<T>(list: &[T], max: usize, field: &str) -> Result<()> {
    if list.len() > max {
        return Err(Error::with(
            ErrorCode::ListTooLong,
            format!("{field}最多{max}项 / {field}: at most {max}"),
        ));
    }
    Ok(())
}

impl ProblemPatch {
    /// Applies the patch to `d` (the problem as stored) and returns the
    /// fields it changed; values are cleaned and bounded like any input.
    pub fn apply(&self, d: &mut ProblemDraft) -> Result<BTreeSet<ProblemField>> {
        let mut changed = BTreeSet::new();
        let mut set = |field: ProblemField, differs: bool| {
            if differs {
                changed.insert(field);
            }
        };
        if let Some(n) = &self.number_text {
            let n = short(n, "编号")?;
            set(ProblemField::Number, n != d.number_text);
            d.number_text = n;
        }
        if let Some(seq) = self.seq {
            if seq == 0 {
                return Err(Error::with(
                    ErrorCode::InvalidInput,
                    "序号须为正整数 / seq must be positive",
                ));
            }
            set(ProblemField::Number, seq != d.seq);
            d.seq = seq;
        }
        if let Some(c) = self.category_seq {
            set(ProblemField::Category, c != d.category_seq);
            d.category_seq = c;
        }
        if let Some(t) = &self.description {
            let t = Text::<5000>::parse(t, "问题描述")?.into_string();
            set(ProblemField::Description, t != d.description);
            d.description = t;
        }
        if let Some(t) = &self.target {
            let t = match t {
                Some(t) => Text::<5000>::optional(t, "整改目标")?.map(Text::into_string),
                None => None,
            };
            set(ProblemField::Target, t != d.target);
            d.target = t;
        }
        if let Some(ms) = &self.measures {
            let ms = measures(ms, &d.measures)?;
            set(ProblemField::Measures, ms != d.measures);
            d.measures = ms;
        }
        let deadline = self.deadline(&d.deadline)?;
        set(ProblemField::Deadline, deadline != d.deadline);
        d.deadline = deadline;
        if let Some(us) = &self.units {
            let us = units(us)?;
            set(ProblemField::Units, us != d.units);
            d.units = us;
        }
        if let Some(ls) = &self.leaders {
            bounded(ls, MAX_PEOPLE, "督办领导")?;
            let ls = ls
                .iter()
                .map(|l| short(l, "督办领导"))
                .collect::<Result<Vec<_>>>()?;
            set(ProblemField::Leaders, ls != d.leaders);
            d.leaders = ls;
        }
        if let Some(ps) = &self.responsible_persons {
            bounded(ps, MAX_PEOPLE, "责任人员")?;
            let ps = ps
                .iter()
                .map(|p| {
                    Ok(Person {
                        name: short(&p.name, "责任人员")?,
                        title: opt_short(&p.title, "职务")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            set(ProblemField::Persons, ps != d.responsible_persons);
            d.responsible_persons = ps;
        }
        if let Some(ls) = &self.liaisons {
            bounded(ls, MAX_PEOPLE, "联络人员")?;
            let ls = ls
                .iter()
                .map(|l| {
                    Ok(Liaison {
                        name: short(&l.name, "联络人员")?,
                        note: opt_short(&l.note, "联络人员备注")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            set(ProblemField::Liaisons, ls != d.liaisons);
            d.liaisons = ls;
        }
        Ok(changed)
    }

    /// The deadline after the patch: new wording parsed again, then any
    /// explicit part.
    fn deadline(&self, current: &DeadlineSpec) -> Result<DeadlineSpec> {
        let mut spec = match &self.deadline_text {
            Some(t) => {
                let t = clean(t, 500, "整改时限", false)?;
                if t == current.text {
                    current.clone()
                } else {
                    DeadlineSpec::parse(&t).0
                }
            }
            None => current.clone(),
        };
        if let Some(due) = self.due {
            spec.due = due;
        }
        if let Some(i) = self.immediate {
            spec.immediate = i;
        }
        if let Some(o) = self.ongoing {
            spec.ongoing = o;
        }
        Ok(spec)
    }

    pub fn is_empty(&self) -> bool {
        *self == ProblemPatch::default()
    }
}

fn units(us: &[UnitAssignment]) -> Result<Vec<UnitAssignment>> {
    bounded(us, MAX_PEOPLE, "责任单位")?;
    let mut out: Vec<UnitAssignment> = Vec::with_capacity(us.len());
    for u in us {
        let name = short(&u.name, "责任单位")?;
        // The same unit twice in the same role is one assignment.
        if out.iter().any(|o| o.name == name && o.role == u.role) {
            continue;
        }
        out.push(UnitAssignment {
            name,
            role: u.role,
            note: opt_short(&u.note, "单位备注")?,
        });
    }
    Ok(out)
}

fn measures(input: &[MeasureInput], current: &[MeasureDraft]) -> Result<Vec<MeasureDraft>> {
    bounded(input, MAX_MEASURES, "整改措施")?;
    let mut out = Vec::with_capacity(input.len());
    for m in input {
        let text = Text::<5000>::parse(&m.text, "整改措施")?.into_string();
        let old = current.iter().find(|c| c.text == text);
        let deadline = match &m.deadline {
            Some(t) if !t.trim().is_empty() => {
                Some(DeadlineSpec::parse(&clean(t, 500, "措施时限", false)?).0)
            }
            Some(_) => None,
            None => old.and_then(|o| o.deadline.clone()),
        };
        let units = if m.units.is_empty() && m.deadline.is_none() {
            old.map(|o| o.units.clone()).unwrap_or_default()
        } else {
            units(&m.units)?
        };
        out.push(MeasureDraft {
            seq: out.len() as u32 + 1,
            text,
            units,
            deadline,
        });
    }
    Ok(out)
}

/// A plan's correctable values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanFacts {
    pub title: String,
    pub doc_number: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub jurisdiction: Option<String>,
    pub inspection: Option<Inspection>,
    pub notice_workdays: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanPatch {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub doc_number: Option<Option<String>>,
    /// The day the plan was issued: schedule progress and report periods
    /// start then.
    #[serde(default, deserialize_with = "nullable")]
    pub issue_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    pub jurisdiction: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub inspection: Option<Option<Inspection>>,
    /// How many working days its public notices last (1–30).
    #[serde(default)]
    pub notice_workdays: Option<i64>,
}

impl PlanFacts {
    /// One field as a line of text, to show before and after.
    pub fn field_text(&self, f: PlanField) -> String {
        match f {
            PlanField::Title => self.title.clone(),
            PlanField::DocNumber => self.doc_number.clone().unwrap_or_default(),
            PlanField::IssueDate => self.issue_date.map(|d| d.to_string()).unwrap_or_default(),
            PlanField::Jurisdiction => self.jurisdiction.clone().unwrap_or_default(),
            PlanField::Inspection => self
                .inspection
                .as_ref()
                .map(|i| {
                    [
                        i.team.clone().unwrap_or_default(),
                        i.round.clone().unwrap_or_default(),
                        i.feedback_date
                            .map(|d| format!("反馈 {d}"))
                            .unwrap_or_default(),
                    ]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
                })
                .unwrap_or_default(),
            PlanField::NoticeWorkdays => self.notice_workdays.to_string(),
        }
    }
}

impl PlanPatch {
    pub fn apply(&self, p: &mut PlanFacts) -> Result<BTreeSet<PlanField>> {
        let mut changed = BTreeSet::new();
        let mut set = |field: PlanField, differs: bool| {
            if differs {
                changed.insert(field);
            }
        };
        if let Some(t) = &self.title {
            let t = Text::<300, false>::parse(t, "方案标题")?.into_string();
            set(PlanField::Title, t != p.title);
            p.title = t;
        }
        if let Some(n) = &self.doc_number {
            let n = opt_short(n, "文号")?;
            set(PlanField::DocNumber, n != p.doc_number);
            p.doc_number = n;
        }
        if let Some(d) = self.issue_date {
            set(PlanField::IssueDate, d != p.issue_date);
            p.issue_date = d;
        }
        if let Some(j) = &self.jurisdiction {
            let j = opt_short(j, "行政区域")?;
            set(PlanField::Jurisdiction, j != p.jurisdiction);
            p.jurisdiction = j;
        }
        if let Some(i) = &self.inspection {
            set(PlanField::Inspection, *i != p.inspection);
            p.inspection = i.clone();
        }
        if let Some(days) = self.notice_workdays {
            if !(1..=30).contains(&days) {
                return Err(Error::new(ErrorCode::NoticeDaysOutOfRange));
            }
            set(PlanField::NoticeWorkdays, days != p.notice_workdays);
            p.notice_workdays = days;
        }
        Ok(changed)
    }
}
