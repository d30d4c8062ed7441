//! Conformance: corrections after import, split and merge, publishing
//! (issue 11) — each recorded with its reason and verifiable.

use super::{code, d, imported, ready, verify_all};
use crate::*;
use rectify_domain::correction::PlanFacts;
use rectify_domain::{ErrorCode, UnitRole};
use std::sync::Arc;

fn why(field: &str, reason: &str) -> NewCorrection {
    NewCorrection {
        changes: vec![FieldChangeRecord {
            field: field.into(),
            before: "旧".into(),
            after: "新".into(),
        }],
        reason: reason.into(),
        actor: "office".into(),
    }
}

pub async fn corrections_are_recorded_with_their_reason(s: Arc<impl Store>) {
    let (plan_id, rows) = imported(&s).await;
    let id = rows[0].id;
    let mut draft = s.get_problem(id).await.unwrap().unwrap().to_draft();
    draft.units[0].role = UnitRole::Lead;
    draft.deadline.due = Some(d("2030-06-30"));
    let c = s
        .correct_problem(id, &draft, &why("units", "导入时角色识别有误"))
        .await
        .unwrap();
    assert!(!c.public, "the plan is not published yet: no public trace");
    let after = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(after.row.units[0].role, UnitRole::Lead);
    assert_eq!(after.row.deadline.due, Some(d("2030-06-30")));
    assert_eq!(after.row.version, rows[0].version + 1);
    assert!(!after.plan_published);

    // Published: later corrections are public history.
    assert!(s.publish_plan(plan_id, "office").await.unwrap());
    assert!(!s.publish_plan(plan_id, "office").await.unwrap(), "once");
    assert!(s.get_problem(id).await.unwrap().unwrap().plan_published);
    let mut facts: PlanFacts = s.plan_record(plan_id).await.unwrap().unwrap().facts;
    facts.issue_date = Some(d("2019-01-14"));
    let c = s
        .correct_plan(plan_id, &facts, &why("issue_date", "补录印发日期"))
        .await
        .unwrap();
    assert!(c.public);
    let rec = s.plan_record(plan_id).await.unwrap().unwrap();
    assert_eq!(rec.facts.issue_date, Some(d("2019-01-14")));
    assert!(rec.published_at.is_some());
    let p = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(p.plan_issue_date, Some(d("2019-01-14")));

    let all = s.corrections(plan_id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].reason, "导入时角色识别有误");
    assert_eq!(all[0].fields(), vec!["units"]);
    assert_eq!((all[1].entity.as_str(), all[1].public), ("plan", true));

    // A number another problem has is refused, and nothing is written.
    let mut clash = s.get_problem(id).await.unwrap().unwrap().to_draft();
    clash.seq = rows[1].seq as u32;
    let r = s.correct_problem(id, &clash, &why("number", "x")).await;
    assert_eq!(code(r), Some(ErrorCode::ProblemNumberTaken));
    assert_eq!(s.corrections(plan_id).await.unwrap().len(), 2);
    // The public list shows only published plans' problems.
    let public = s
        .list_problems(&ProblemFilter {
            published_only: true,
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(public.total, rows.len() as i64);
    let r = verify_all(&s).await;
    assert!(r.is_ok(), "{r:?}");
}

pub async fn unpublished_plans_stay_off_the_public_list(s: Arc<impl Store>) {
    let (plan_id, _) = imported(&s).await;
    let public = s
        .list_problems(&ProblemFilter {
            published_only: true,
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(public.total, 0);
    assert!(!s.list_plans().await.unwrap()[0].published);
    s.publish_plan(plan_id, "office").await.unwrap();
    assert!(s.list_plans().await.unwrap()[0].published);
}

pub async fn split_and_merge_keep_the_trail(s: Arc<impl Store>) {
    let (plan_id, rows) = imported(&s).await;
    let id = rows[0].id;
    let whole = s.get_problem(id).await.unwrap().unwrap().to_draft();
    let mut rest = whole.clone();
    rest.measures.clear();
    let mut new = whole.clone();
    new.seq = 99;
    new.number_text = "99".into();
    new.description = "拆出的问题".into();
    let new_id = s
        .split_problem(id, &rest, &new, &why("measures", "两个问题被合在一起"))
        .await
        .unwrap();
    let n = s.get_problem(new_id).await.unwrap().unwrap();
    assert_eq!(n.row.description, "拆出的问题");
    assert_eq!(n.measures.len(), whole.measures.len());
    assert!(s
        .get_problem(id)
        .await
        .unwrap()
        .unwrap()
        .measures
        .is_empty());

    // Merged back: the new problem is gone, its trail stays.
    s.merge_problems(id, new_id, &whole, &why("measures", "拆分有误"))
        .await
        .unwrap();
    assert!(s.get_problem(new_id).await.unwrap().is_none());
    assert_eq!(
        s.get_problem(id).await.unwrap().unwrap().measures.len(),
        whole.measures.len()
    );
    // A problem with reports of its own is not merged away.
    ready(&s, rows[1].id).await;
    let r = s
        .merge_problems(id, rows[1].id, &whole, &why("measures", "x"))
        .await;
    assert_eq!(code(r), Some(ErrorCode::MergeHasHistory));
    assert_eq!(s.corrections(plan_id).await.unwrap().len(), 3);
    let r = verify_all(&s).await;
    assert!(r.is_ok(), "{r:?}");
}
