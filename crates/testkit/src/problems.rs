//! One problem: a description composed from the domain's fragments, a
//! target, a deadline, 1–3 units, 2–6 measures, leaders and people.

use crate::dates::deadline;
use crate::text::{fill, pick};
use crate::vocab::{Domain, Jurisdiction, Vocabulary};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use rectify_domain::{
    Liaison, MeasureDraft, Person, ProblemDraft, SourceSpan, UnitAssignment, UnitRole,
};

/// Where a problem sits in its plan.
pub(crate) struct Slot {
    pub seq: u32,
    pub parent_seq: Option<u32>,
    pub number_text: String,
    pub category_seq: u32,
    /// The first line of the problem in the (imaginary) source document.
    pub line: u32,
}

pub(crate) fn make_problem(
    rng: &mut StdRng,
    v: &Vocabulary,
    jur: &Jurisdiction,
    domain: &Domain,
    issued: i32,
    slot: Slot,
) -> ProblemDraft {
    let area = pick(rng, &jur.places);
    let place = format!("{}{}", area, pick(rng, &v.place_suffixes));
    // Responsibility problems are about the jurisdiction as a whole.
    let located = if domain.about_jurisdiction {
        String::new()
    } else {
        place.clone()
    };
    let description = format!(
        "{}{}{}{}，{}。{}",
        pick(rng, &v.prefixes),
        located,
        pick(rng, &domain.subjects),
        pick(rng, &domain.issues),
        {
            let fact = pick(rng, &domain.facts);
            fill(rng, v, fact, &place)
        },
        pick(rng, &v.tails),
    );
    let target_text = pick(rng, &domain.targets);
    let target = fill(rng, v, target_text, &place);
    let deadline = deadline(rng, issued);
    let units = units(rng, v, domain, area);
    let n_measures = rng.gen_range(2..=6);
    let measures = measures(rng, v, domain, &units, n_measures);

    let mut leaders = vec![pick(rng, &v.leaders).to_string()];
    if rng.gen_bool(0.25) {
        let second = pick(rng, &v.leaders).to_string();
        if second != leaders[0] {
            leaders.push(second);
        }
    }
    let responsible_persons = vec![Person {
        name: pick(rng, &v.people).to_string(),
        title: Some(pick(rng, &v.titles).to_string()),
    }];
    let liaisons = if rng.gen_bool(0.5) {
        vec![Liaison {
            name: pick(rng, &v.people).to_string(),
            note: Some("联络员".into()),
        }]
    } else {
        vec![]
    };
    let last_line = slot.line + 3 + n_measures as u32;
    ProblemDraft {
        seq: slot.seq,
        number_text: slot.number_text,
        parent_seq: slot.parent_seq,
        category_seq: Some(slot.category_seq),
        description,
        target: Some(target),
        deadline,
        units,
        leaders,
        responsible_persons,
        liaisons,
        measures,
        confidence: Default::default(),
        source_span: Some(SourceSpan {
            first_line: slot.line,
            last_line,
        }),
    }
}

/// 1–3 units, from the domain's usual units, the city pool, and the
/// district or county government where the problem lies; now and then the
/// last one supervises.
fn units(rng: &mut StdRng, v: &Vocabulary, domain: &Domain, area: &str) -> Vec<UnitAssignment> {
    let n_units = rng.gen_range(1..=3);
    let mut names: Vec<String> = vec![];
    while names.len() < n_units {
        let name = match rng.gen_range(0..10) {
            0..=4 => pick(rng, &domain.units).to_string(),
            5..=6 if !area.ends_with("街道") && !area.ends_with('镇') && !area.ends_with('乡') =>
            {
                format!("{area}人民政府")
            }
            _ => pick(rng, &v.units).to_string(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut units: Vec<UnitAssignment> = names
        .iter()
        .enumerate()
        .map(|(i, name)| UnitAssignment {
            name: name.clone(),
            role: match (i, names.len()) {
                (0, 1) => {
                    if rng.gen_bool(0.5) {
                        UnitRole::Primary
                    } else {
                        UnitRole::Lead
                    }
                }
                (0, _) => UnitRole::Lead,
                _ => UnitRole::Responsible,
            },
            note: None,
        })
        .collect();
    if units.len() >= 2 && rng.gen_bool(0.3) {
        let sup = pick(rng, &v.supervising).to_string();
        if !units.iter().any(|u| u.name == sup) {
            if let Some(last) = units.last_mut() {
                last.name = sup;
                last.role = UnitRole::Supervising;
            }
        }
    }
    units
}

/// `n` measures: the domain's, shuffled, then generic ones; about a third
/// name the unit that leads them.
fn measures(
    rng: &mut StdRng,
    v: &Vocabulary,
    domain: &Domain,
    units: &[UnitAssignment],
    n: usize,
) -> Vec<MeasureDraft> {
    let mut pool: Vec<&str> = domain.measures.iter().map(String::as_str).collect();
    pool.shuffle(rng);
    (0..n)
        .map(|i| {
            let text = pool
                .get(i)
                .copied()
                .unwrap_or_else(|| v.generic_measures[i % v.generic_measures.len()].as_str());
            let with_unit = rng.gen_bool(0.3);
            MeasureDraft {
                seq: i as u32 + 1,
                text: format!("{text}。"),
                units: if with_unit {
                    vec![UnitAssignment {
                        name: units[rng.gen_range(0..units.len())].name.clone(),
                        role: UnitRole::Lead,
                        note: None,
                    }]
                } else {
                    vec![]
                },
                deadline: None,
            }
        })
        .collect()
}
