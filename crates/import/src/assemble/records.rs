//! Raw problems and measures into drafts: field values, units with their
//! roles, deadlines, and the trailers a measure carries in brackets.

use crate::clean::{tidy, trim_end_punct};
use crate::fields::{parse_units, NameBook};
use crate::labels::{parse_label_line, Field};
use crate::numbering::re;
use crate::structure::{RawMeasure, RawProblem};
use once_cell::sync::Lazy;
use rectify_domain::{
    DeadlineSpec, FieldConfidence, MeasureDraft, ProblemDraft, SourceSpan, UnitAssignment, UnitRole,
};
use regex::Regex;
use std::collections::BTreeMap;

fn joined(rp: &RawProblem, field: Field, sep: &str) -> Option<String> {
    let v: Vec<String> = rp
        .fields
        .iter()
        .filter(|(f, v, _)| *f == field && !v.trim().is_empty())
        .map(|(_, v, _)| tidy(v))
        .collect();
    (!v.is_empty()).then(|| v.join(sep))
}

pub(super) fn to_problem(
    rp: &RawProblem,
    category_seq: Option<u32>,
    book: &NameBook,
) -> ProblemDraft {
    let mut description = tidy(&rp.description);
    // 「（四）反馈问题：…」: the label after the number is no part of the text.
    if let Some((Field::Description, _, v)) = parse_label_line(&description) {
        description = v;
    }
    if let Some(d) = joined(rp, Field::Description, "") {
        description.push_str(&d);
    }
    let target = joined(rp, Field::Target, "");
    let mut guessed: Vec<&'static str> = rp.guessed.clone();
    let deadline = match joined(rp, Field::Deadline, "；") {
        Some(t) => DeadlineSpec::parse(&trim_end_punct(&t)).0,
        None => match status_deadline(rp) {
            Some(d) => {
                guessed.push("deadline");
                d
            }
            None => DeadlineSpec::default(),
        },
    };
    let mut units: Vec<UnitAssignment> = Vec::new();
    for (f, v, _) in &rp.fields {
        if let Field::Unit(role) = f {
            let parsed = parse_units(v, *role);
            if book.units_guessed(&parsed) {
                guessed.push("units");
            }
            for u in book.units(parsed) {
                if !units.iter().any(|x| x.name == u.name && x.role == u.role) {
                    units.push(u);
                }
            }
        }
    }
    let mut leaders: Vec<String> = Vec::new();
    let mut responsible_persons = Vec::new();
    let mut liaisons = Vec::new();
    for (f, v, _) in &rp.fields {
        let key = match f {
            Field::Leader => "leaders",
            Field::Person => "persons",
            _ => "liaisons",
        };
        if matches!(f, Field::Leader | Field::Person | Field::Liaison) && book.names_guessed(v) {
            guessed.push(key);
        }
        match f {
            Field::Leader => {
                for l in book.leaders(v) {
                    if !leaders.contains(&l) {
                        leaders.push(l);
                    }
                }
            }
            Field::Person => responsible_persons.extend(book.persons(v)),
            Field::Liaison => liaisons.extend(book.liaisons(v)),
            _ => {}
        }
    }
    let measures: Vec<MeasureDraft> = rp
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| to_measure(i as u32 + 1, m))
        .collect();
    // No 整改时限 anywhere: the dates the target and the measures name
    // (「2025年底前断面达到III类」「2024年6月底前完成清淤」) are the milestones.
    let deadline = if deadline.text.is_empty() {
        match dated_milestones(target.as_deref(), &measures) {
            Some(d) => {
                guessed.push("deadline");
                d
            }
            None => deadline,
        }
    } else {
        deadline
    };
    let mut p = ProblemDraft {
        seq: rp.seq,
        number_text: rp.number_text.clone(),
        parent_seq: rp.parent_seq,
        category_seq,
        description,
        target,
        deadline,
        units,
        leaders,
        responsible_persons,
        liaisons,
        confidence: BTreeMap::new(),
        measures,
        source_span: (rp.first > 0).then_some(SourceSpan {
            first_line: rp.first,
            last_line: rp.last.max(rp.first),
        }),
    };
    if rp.measures.iter().any(|m| m.split) {
        guessed.push("measures");
    }
    p.confidence = confidence(&p, &guessed);
    p
}

fn dated_milestones(target: Option<&str>, measures: &[MeasureDraft]) -> Option<DeadlineSpec> {
    let mut phrases: Vec<String> = target.map(DeadlineSpec::date_phrases).unwrap_or_default();
    for m in measures {
        if let Some(d) = &m.deadline {
            phrases.extend(DeadlineSpec::date_phrases(&d.text));
        }
    }
    phrases.dedup();
    if phrases.is_empty() {
        return None;
    }
    let (mut spec, _) = DeadlineSpec::parse(&phrases.join("，"));
    // Each date is a milestone, even a single one: none was stated as the
    // deadline.
    if spec.milestones.is_empty() {
        if let Some(due) = spec.due {
            spec.milestones.push(rectify_domain::Milestone {
                due,
                text: spec.text.clone(),
            });
        }
    }
    Some(spec)
}

/// The state a progress list or notice reports (「已完成」「达到序时进度」
/// 「基本完成整改，长期坚持」), as written.
pub(super) fn status_text(rp: &RawProblem) -> Option<String> {
    joined(rp, Field::Status, "；").map(|t| trim_end_punct(&t))
}

/// A progress list without a 整改时限 column still says whether the work is
/// immediate (立行立改) or ongoing (长期坚持): only those flags are taken from
/// the status, never its dates (「2019年底已完成」 is no due date).
fn status_deadline(rp: &RawProblem) -> Option<DeadlineSpec> {
    let all = status_text(rp)?;
    // The verdict is the status's first sentence (「基本完成整改，长期坚持。」,
    // then an account of the work); a long one is itself an account of what
    // was done (「每月调度…」) and says nothing about the deadline.
    let text = all
        .split(['。', '；', ';', '\n'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if text.is_empty() || text.chars().count() > 24 {
        return None;
    }
    let (spec, _) = DeadlineSpec::parse(&text);
    (spec.immediate || spec.ongoing).then(|| DeadlineSpec {
        text,
        immediate: spec.immediate,
        ongoing: spec.ongoing,
        ..Default::default()
    })
}

/// How each field was obtained: `missing` when empty, `guessed` when the
/// reader or the value parser inferred it, else `rule`.
fn confidence(p: &ProblemDraft, guessed: &[&str]) -> BTreeMap<String, FieldConfidence> {
    let present = [
        ("description", !p.description.trim().is_empty()),
        (
            "target",
            p.target.as_deref().is_some_and(|t| !t.trim().is_empty()),
        ),
        ("measures", !p.measures.is_empty()),
        ("deadline", !p.deadline.text.trim().is_empty()),
        ("units", !p.units.is_empty()),
        ("leaders", !p.leaders.is_empty()),
        ("persons", !p.responsible_persons.is_empty()),
        ("liaisons", !p.liaisons.is_empty()),
    ];
    present
        .into_iter()
        .map(|(k, has)| {
            let c = if !has {
                FieldConfidence::Missing
            } else if guessed.contains(&k) {
                FieldConfidence::Guessed
            } else {
                FieldConfidence::Rule
            };
            (k.to_string(), c)
        })
        .collect()
}

static RE_BOOK: Lazy<Regex> = Lazy::new(|| re(r"《[^《》]*》"));
static RE_BRACKET: Lazy<Regex> = Lazy::new(|| re(r"[（(【]([^（）()【】]{2,200})[）)】]"));

/// A measure: its own units and deadline when its text names them —
/// "（责任单位：市水利局；完成时限：2019年6月底前）", "（市生态环境局牵头，市水利局配合）",
/// or a dated phrase such as "2018年底前建成…".
fn to_measure(seq: u32, m: &RawMeasure) -> MeasureDraft {
    let mut text = tidy(&m.text);
    let mut units: Vec<UnitAssignment> = Vec::new();
    let mut deadline_text: Option<String> = None;
    let mut remove: Vec<(usize, usize)> = Vec::new();
    // Brackets inside a document title (《…（2018-2020年）》) are no trailers.
    let titles: Vec<(usize, usize)> = RE_BOOK
        .find_iter(&text)
        .map(|m| (m.start(), m.end()))
        .collect();
    for c in RE_BRACKET.captures_iter(&text) {
        let (Some(whole), Some(inner)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if titles
            .iter()
            .any(|(s, e)| whole.start() >= *s && whole.start() < *e)
        {
            continue;
        }
        let mut recognised = false;
        let parts: Vec<&str> = inner.as_str().split(['；', ';']).collect();
        for part in &parts {
            if let Some((f, _, v)) = parse_label_line(part) {
                match f {
                    Field::Unit(role) => {
                        units.extend(parse_units(&v, role));
                        recognised = true;
                    }
                    Field::Deadline => {
                        deadline_text = Some(v);
                        recognised = true;
                    }
                    _ => {}
                }
            }
        }
        if !recognised {
            // "（甲牵头，乙、丙配合）", "（甲牵头，乙配合；长期坚持）", "（2022年底前）"
            let pieces: Vec<&str> = inner
                .as_str()
                .split(['，', ',', '；', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let is_role =
                |p: &str| p.ends_with("牵头") || p.ends_with("配合") || p.ends_with("负责");
            let is_deadline =
                |p: &str| p.chars().count() <= 20 && !is_role(p) && DeadlineSpec::parse(p).1;
            if !pieces.is_empty() && pieces.iter().all(|p| is_role(p) || is_deadline(p)) {
                for p in pieces {
                    if is_deadline(p) {
                        deadline_text = Some(p.to_string());
                        continue;
                    }
                    let (name, role) = if let Some(n) = p.strip_suffix("牵头") {
                        (n, UnitRole::Lead)
                    } else if let Some(n) = p.strip_suffix("配合") {
                        (n, UnitRole::Assisting)
                    } else {
                        (p.strip_suffix("负责").unwrap_or(p), UnitRole::Responsible)
                    };
                    units.extend(parse_units(name, role));
                }
                recognised = true;
            }
        }
        if recognised {
            remove.push((whole.start(), whole.end()));
        }
    }
    for (s, e) in remove.into_iter().rev() {
        text.replace_range(s..e, "");
    }
    let deadline = if let Some(t) = deadline_text {
        Some(DeadlineSpec::parse(&t).0)
    } else if let Some(t) = &m.deadline {
        Some(DeadlineSpec::parse(t).0)
    } else {
        let phrases = DeadlineSpec::date_phrases(&text);
        if phrases.is_empty() {
            None
        } else {
            Some(DeadlineSpec::parse(&phrases.join("，")).0)
        }
    };
    MeasureDraft {
        seq,
        text: text.trim().to_string(),
        units,
        deadline,
    }
}
