//! Plans: how many, how big, their titles, categories and preamble facts;
//! each imported with one `import_plan` call (one transaction per plan).

use crate::dates::{month_day, ym};
use crate::problems::{make_problem, Slot};
use crate::text::{pick, zh_number};
use crate::vocab::{Jurisdiction, Vocabulary};
use crate::Gen;
use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use rectify_domain::inspection::{Inspection, InspectionLevel};
use rectify_domain::PLAN_FORMAT;
use rectify_domain::{CategoryDraft, PlanDraft, PlanMeta, ProblemDraft, SourceInfo, UnitRole};
use rectify_store::ProblemFilter;
use std::collections::HashMap;

/// What the later phases need about one imported problem.
pub(crate) struct ProblemRef {
    pub due: Option<NaiveDate>,
    pub id: i64,
    pub plan_id: i64,
    /// The month its plan was issued (month index).
    pub issued: i32,
    pub first_unit: String,
    pub supervising: Option<String>,
    pub notice_workdays: u32,
    pub jurisdiction: &'static str,
    /// Split into sub-problems: it takes no sign-off steps of its own.
    pub split: bool,
}

/// The draft of one plan.
struct PlanGen {
    draft: PlanDraft,
    /// The month the plan was issued (month index).
    issued: i32,
    jurisdiction: &'static Jurisdiction,
}

/// Generates and imports the plans; the problems they hold, in id order.
pub(crate) async fn import_plans(g: &mut Gen<'_>, problems: usize) -> Result<Vec<ProblemRef>> {
    let sizes = plan_sizes(&mut g.rng, problems);
    let mut refs: Vec<ProblemRef> = Vec::with_capacity(problems);
    for (i, size) in sizes.iter().enumerate() {
        let plan = make_plan(&mut g.rng, g.v, i, *size, g.today);
        let report = g
            .store
            .import_plan(&plan.draft, "generator")
            .await
            .with_context(|| format!("import {}", plan.draft.title))?;
        // A generated ledger is a published one (the portal shows it).
        g.store.publish_plan(report.plan_id, "generator").await?;
        g.counts.plans += 1;
        g.counts.categories += plan.draft.categories.len();
        g.counts.measures += plan
            .draft
            .problems
            .iter()
            .map(|p| p.measures.len())
            .sum::<usize>();
        let by_key: HashMap<(Option<u32>, u32), &ProblemDraft> = plan
            .draft
            .problems
            .iter()
            .map(|p| ((p.parent_seq, p.seq), p))
            .collect();
        let mut page = 1;
        let mut rows = vec![];
        loop {
            let p = g
                .store
                .list_problems(&ProblemFilter {
                    plan_id: Some(report.plan_id),
                    page,
                    per_page: 1000,
                    ..Default::default()
                })
                .await?;
            let done = (page as i64) * 1000 >= p.total;
            rows.extend(p.items);
            if done {
                break;
            }
            page += 1;
        }
        rows.sort_by_key(|r| r.id);
        for row in rows {
            let key = (row.parent_seq.map(|s| s as u32), row.seq as u32);
            let Some(draft) = by_key.get(&key) else {
                continue;
            };
            let work = draft.units.iter().find(|u| u.role.does_the_work());
            refs.push(ProblemRef {
                id: row.id,
                plan_id: report.plan_id,
                issued: plan.issued,
                first_unit: work
                    .or(draft.units.first())
                    .map(|u| u.name.clone())
                    .unwrap_or_else(|| "市生态环境局".into()),
                supervising: draft
                    .units
                    .iter()
                    .find(|u| u.role == UnitRole::Supervising)
                    .map(|u| u.name.clone()),
                notice_workdays: 5,
                jurisdiction: &plan.jurisdiction.name,
                due: draft.deadline.due,
                split: row.parent_seq.is_none()
                    && by_key
                        .keys()
                        .any(|(parent, _)| *parent == Some(row.seq as u32)),
            });
        }
    }
    let notice_days: HashMap<i64, u32> = g
        .store
        .list_plans()
        .await?
        .into_iter()
        .map(|p| (p.id, u32::try_from(p.notice_workdays).unwrap_or(5)))
        .collect();
    for r in &mut refs {
        r.notice_workdays = notice_days.get(&r.plan_id).copied().unwrap_or(5);
    }
    Ok(refs)
}

/// Splits `total` problems over several plans of varied size (about 125
/// problems a plan, 3 to 80 plans).
pub(crate) fn plan_sizes(rng: &mut StdRng, total: usize) -> Vec<usize> {
    if total == 0 {
        return vec![];
    }
    let plans = total.div_ceil(125).clamp(3.min(total), 80);
    let weights: Vec<f64> = (0..plans).map(|_| rng.gen_range(0.5..1.5)).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / sum) * total as f64).floor().max(1.0) as usize)
        .collect();
    let mut assigned: usize = sizes.iter().sum();
    let mut i = 0;
    while assigned < total {
        sizes[i % plans] += 1;
        assigned += 1;
        i += 1;
    }
    while assigned > total {
        if let Some(s) = sizes.iter_mut().filter(|s| **s > 1).max() {
            *s -= 1;
            assigned -= 1;
        } else {
            break;
        }
    }
    sizes
}

fn make_plan(
    rng: &mut StdRng,
    v: &'static Vocabulary,
    index: usize,
    size: usize,
    today: NaiveDate,
) -> PlanGen {
    let jur = &v.jurisdictions[index % v.jurisdictions.len()];
    let round_no = index / v.jurisdictions.len();
    let round = &v.rounds[round_no % v.rounds.len()];
    let group = round.group.as_str();
    let batch = round_no / v.rounds.len();
    let year = round.year.min(today.year() - 1).max(2018);
    let issued = year * 12 + rng.gen_range(2..=10);
    let mut title = format!("{}贯彻落实{}督察反馈意见整改方案", jur.name, group);
    if batch > 0 {
        title.push_str(&format!("（第{}批）", zh_number(batch as u32 + 1)));
    }

    let mut domains: Vec<_> = v.domains.iter().collect();
    domains.shuffle(rng);
    let ncat = rng.gen_range(3..=6).min(size.max(1));
    domains.truncate(ncat);
    // Responsibility problems usually come first in real plans.
    if let Some(pos) = domains.iter().position(|d| d.about_jurisdiction) {
        domains.swap(0, pos);
    }
    let categories: Vec<CategoryDraft> = domains
        .iter()
        .enumerate()
        .map(|(i, d)| CategoryDraft {
            seq: i as u32 + 1,
            title: format!("{}、{}", zh_number(i as u32 + 1), pick(rng, &d.categories)),
        })
        .collect();

    let mut problems = Vec::with_capacity(size);
    let mut line = 20u32;
    let mut top_seq = 0u32;
    let mut sub_seq = 0u32;
    for i in 0..size {
        let cat = (i * domains.len() / size.max(1)).min(domains.len() - 1);
        let domain = domains[cat];
        // About one problem in ten is a sub-problem of the one before it.
        let is_sub = top_seq > 0 && rng.gen_bool(0.1);
        let (seq, parent_seq, number_text) = if is_sub {
            sub_seq += 1;
            (sub_seq, Some(top_seq), format!("{sub_seq}."))
        } else {
            top_seq += 1;
            sub_seq = 0;
            (top_seq, None, format!("（{}）", zh_number(top_seq)))
        };
        let slot = Slot {
            seq,
            parent_seq,
            number_text,
            category_seq: cat as u32 + 1,
            line,
        };
        let p = make_problem(rng, v, jur, domain, issued, slot);
        line = p.source_span.map(|s| s.last_line + 2).unwrap_or(line + 10);
        problems.push(p);
    }
    let mut sha = String::with_capacity(64);
    for _ in 0..4 {
        sha.push_str(&format!("{:016x}", rng.gen::<u64>()));
    }
    let (y, _) = ym(issued);
    PlanGen {
        draft: PlanDraft {
            format: PLAN_FORMAT.to_string(),
            title,
            jurisdiction: Some(jur.name.clone()),
            declared_problem_count: Some(
                problems.iter().filter(|p| p.parent_seq.is_none()).count() as u32,
            ),
            source: SourceInfo {
                file: format!("synthetic-{}-{}-{}.txt", jur.code, y, index + 1),
                sha256: sha,
                kind: "txt".into(),
            },
            categories,
            problems,
            warnings: vec![],
            indicators: vec![],
            key_projects: vec![],
            meta: plan_meta(jur, group, issued, index),
        },
        issued,
        jurisdiction: jur,
    }
}

/// The preamble facts: the inspection (stationed, fed back about three
/// months before the plan), the document number and the issue date, from
/// which the schedule of every problem runs.
fn plan_meta(jur: &Jurisdiction, group: &str, issued: i32, index: usize) -> PlanMeta {
    let feedback = month_day(issued - 3, 11).ok();
    let stationed_from = feedback.map(|d| d - Duration::days(75));
    let central = group.starts_with("中央");
    let (y, _) = ym(issued);
    let team = group.trim_end_matches("“回头看”").to_string();
    let abbrev: String = jur.name.chars().take(1).collect();
    PlanMeta {
        inspection: Some(Inspection {
            level: Some(if central {
                InspectionLevel::Central
            } else {
                InspectionLevel::Provincial
            }),
            team: Some(team),
            round: central.then(|| {
                match y {
                    ..=2019 => "第一轮",
                    2020..=2022 => "第二轮",
                    _ => "第三轮",
                }
                .to_string()
            }),
            stationed_from,
            stationed_to: stationed_from.map(|d| d + Duration::days(30)),
            feedback_date: feedback,
        }),
        doc_number: Some(format!("{abbrev}办发〔{y}〕{}号", 3 + index % 40)),
        issue_date: month_day(issued, 14).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn plan_sizes_add_up() {
        let mut rng = StdRng::seed_from_u64(1);
        for n in [1, 2, 3, 7, 300, 5000, 10_000] {
            let s = plan_sizes(&mut rng, n);
            assert_eq!(s.iter().sum::<usize>(), n);
            assert!(s.iter().all(|x| *x >= 1));
        }
    }
}
