use super::*;
use crate::deadline::DeadlineSpec;
use crate::plan::{MeasureDraft, ProblemDraft, UnitAssignment};
use crate::unit::UnitRole;
use chrono::NaiveDate;
use std::collections::BTreeSet;

fn draft(seq: u32) -> ProblemDraft {
    ProblemDraft {
        seq,
        number_text: seq.to_string(),
        parent_seq: None,
        category_seq: Some(1),
        description: "城区黑臭水体整治滞后".into(),
        target: Some("2019年底前消除黑臭".into()),
        deadline: DeadlineSpec::parse("2019年12月底前").0,
        units: vec![UnitAssignment {
            name: "市住建局".into(),
            role: UnitRole::Primary,
            note: None,
        }],
        leaders: vec!["张伟".into()],
        responsible_persons: vec![],
        liaisons: vec![],
        measures: vec![MeasureDraft {
            seq: 1,
            text: "开展排口排查".into(),
            units: vec![UnitAssignment {
                name: "市生态环境局".into(),
                role: UnitRole::Lead,
                note: None,
            }],
            deadline: Some(DeadlineSpec::parse("2019年6月底前").0),
        }],
        source_span: None,
        confidence: Default::default(),
    }
}

fn patch(json: &str) -> ProblemPatch {
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_new_deadline_wording_is_parsed_again() {
    let mut d = draft(1);
    let changed = patch(r#"{"deadline_text":"2020年6月底前"}"#)
        .apply(&mut d)
        .unwrap();
    assert_eq!(changed, BTreeSet::from([ProblemField::Deadline]));
    assert_eq!(d.deadline.due, NaiveDate::from_ymd_opt(2020, 6, 30));
    // An explicit part overrides what the grammar reads.
    let changed = patch(r#"{"ongoing":true}"#).apply(&mut d).unwrap();
    assert_eq!(changed, BTreeSet::from([ProblemField::Deadline]));
    assert!(d.deadline.ongoing);
    assert_eq!(d.deadline.text, "2020年6月底前");
}

#[test]
fn an_unchanged_value_is_no_change_and_null_clears() {
    let mut d = draft(1);
    let same = patch(r#"{"description":" 城区黑臭水体整治滞后 ","leaders":["张伟"]}"#);
    assert!(same.apply(&mut d).unwrap().is_empty());
    let changed = patch(r#"{"target":null,"category_seq":null}"#)
        .apply(&mut d)
        .unwrap();
    assert_eq!(
        changed,
        BTreeSet::from([ProblemField::Category, ProblemField::Target])
    );
    assert_eq!(d.target, None);
    assert_eq!(d.category_seq, None);
}

#[test]
fn measures_are_replaced_in_order_and_an_unchanged_one_keeps_its_units() {
    let mut d = draft(1);
    let p = patch(r#"{"measures":[{"text":"新增：建设截污管网"},{"text":"开展排口排查"}]}"#);
    assert_eq!(
        p.apply(&mut d).unwrap(),
        BTreeSet::from([ProblemField::Measures])
    );
    assert_eq!(d.measures.len(), 2);
    assert_eq!(d.measures[1].seq, 2);
    assert_eq!(d.measures[1].units[0].name, "市生态环境局");
    assert!(d.measures[1].deadline.is_some());
    assert!(d.measures[0].units.is_empty());
}

#[test]
fn bad_values_are_refused_with_their_code() {
    let mut d = draft(1);
    let e = patch(r#"{"description":"   "}"#).apply(&mut d).unwrap_err();
    assert_eq!(e.code, crate::ErrorCode::TextEmpty);
    let e = patch(r#"{"units":[{"name":"市委\u0007办","role":"lead","note":null}]}"#)
        .apply(&mut d)
        .unwrap_err();
    assert_eq!(e.code, crate::ErrorCode::TextControlChar);
    let mut p = PlanFacts::default();
    let e = serde_json::from_str::<PlanPatch>(r#"{"notice_workdays":0}"#)
        .unwrap()
        .apply(&mut p)
        .unwrap_err();
    assert_eq!(e.code, crate::ErrorCode::NoticeDaysOutOfRange);
}

#[test]
fn a_unit_role_change_is_a_units_change() {
    let mut d = draft(1);
    let p = patch(r#"{"units":[{"name":"市住建局","role":"lead","note":"牵头"}]}"#);
    assert_eq!(
        p.apply(&mut d).unwrap(),
        BTreeSet::from([ProblemField::Units])
    );
    assert_eq!(d.units[0].role, UnitRole::Lead);
}

#[test]
fn plan_issue_date_can_be_set_and_cleared() {
    let mut p = PlanFacts {
        title: "整改方案".into(),
        notice_workdays: 5,
        ..Default::default()
    };
    let set: PlanPatch = serde_json::from_str(r#"{"issue_date":"2019-01-14"}"#).unwrap();
    assert_eq!(
        set.apply(&mut p).unwrap(),
        BTreeSet::from([PlanField::IssueDate])
    );
    assert_eq!(p.issue_date, NaiveDate::from_ymd_opt(2019, 1, 14));
    let clear: PlanPatch = serde_json::from_str(r#"{"issue_date":null}"#).unwrap();
    clear.apply(&mut p).unwrap();
    assert_eq!(p.issue_date, None);
    let absent: PlanPatch = serde_json::from_str(r#"{}"#).unwrap();
    assert!(absent.apply(&mut p).unwrap().is_empty());
}

#[test]
fn the_preview_lists_added_changed_and_dropped_problems() {
    let stored = vec![(10, draft(1)), (11, draft(2))];
    let mut changed = draft(1);
    changed.leaders = vec!["李明".into()];
    let diff = plan_diff(&stored, &[changed, draft(3)]);
    assert_eq!(diff.added, vec!["3"]);
    assert_eq!(diff.dropped, vec!["2"]);
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].problem_id, 10);
    assert_eq!(diff.changed[0].fields[0].field, ProblemField::Leaders);
    assert_eq!(diff.changed[0].fields[0].before, "张伟");
    assert_eq!(diff.changed[0].fields[0].after, "李明");
}

#[test]
fn a_reimport_keeps_corrected_fields_and_reports_the_conflict() {
    let mut stored = draft(1);
    stored.leaders = vec!["王芳".into()];
    let mut incoming = draft(1);
    incoming.description = "修订后的描述".into();
    let corrected = BTreeSet::from([ProblemField::Leaders, ProblemField::Target]);
    let conflicts = reconcile(7, &stored, &mut incoming, &corrected);
    assert_eq!(conflicts.len(), 1, "the target is the same: no conflict");
    assert_eq!(conflicts[0].field, ProblemField::Leaders);
    assert_eq!(conflicts[0].kept, "王芳");
    assert_eq!(conflicts[0].imported, "张伟");
    assert_eq!(incoming.leaders, vec!["王芳"]);
    assert_eq!(
        incoming.description, "修订后的描述",
        "uncorrected fields follow the document"
    );
}
