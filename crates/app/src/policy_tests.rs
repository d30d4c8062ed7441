//! Every role × action × own/other problem, in one table.

use super::*;
use rectify_domain::{DeadlineSpec, Status, UnitAssignment};
use rectify_store::UnitRef;

fn unit(name: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment {
        name: name.into(),
        role,
        note: None,
    }
}

fn problem(id: i64, units: Vec<UnitAssignment>, leader: &str) -> ProblemRow {
    ProblemRow {
        id,
        plan_id: 1,
        plan_title: "整改方案".into(),
        category_seq: None,
        category_title: None,
        seq: id,
        parent_seq: None,
        number_text: format!("（{id}）"),
        description: "问题".into(),
        target: None,
        deadline: DeadlineSpec::default(),
        status: Status::InProgress,
        units,
        leaders: vec![leader.into()],
        latest_percent: None,
        latest_period: None,
        latest_text: None,
        accepted_percent: None,
        accepted_period: None,
        warning_level: None,
        version: 1,
    }
}

fn user(role: Role, units: &[&str], person: Option<&str>) -> User {
    User {
        id: 1,
        username: "u".into(),
        display_name: "u".into(),
        password_hash: String::new(),
        role,
        units: units
            .iter()
            .enumerate()
            .map(|(i, n)| UnitRef {
                id: i as i64 + 1,
                name: (*n).into(),
            })
            .collect(),
        person: person.map(Into::into),
        failed_attempts: 0,
        locked_until: None,
    }
}

const ACTIONS: [(&str, Action); 15] = [
    ("read", Action::Read),
    ("report", Action::ReportProgress),
    ("review", Action::ReviewReport),
    ("self_check", Action::Signoff(SignoffStep::SelfCheck)),
    ("first_review", Action::Signoff(SignoffStep::Review)),
    ("notice", Action::Signoff(SignoffStep::PublicNotice)),
    ("verify", Action::Signoff(SignoffStep::Verify)),
    ("file", Action::Signoff(SignoffStep::File)),
    ("escalate", Action::Escalate),
    ("objection", Action::ResolveObjection),
    ("ack_warning", Action::AcknowledgeWarning),
    ("reopen", Action::Reopen),
    ("evidence", Action::AttachEvidence),
    ("lookback", Action::RecordLookback),
    ("-", Action::Read),
];

#[test]
fn every_role_every_action_own_and_other() {
    // "Own" problem: 甲局 does the work, 乙局 supervises, 张三 leads; 丙局
    // both does and supervises the work (a supervising account that must not
    // verify itself). "Other": 丁局 does it, 戊局 supervises, 李四 leads.
    let own = problem(
        1,
        vec![
            unit("甲局", UnitRole::Lead),
            unit("乙局", UnitRole::Supervising),
            unit("丙局", UnitRole::Responsible),
            unit("丙局", UnitRole::Supervising),
        ],
        "张三",
    );
    let other = problem(
        2,
        vec![
            unit("丁局", UnitRole::Primary),
            unit("戊局", UnitRole::Supervising),
        ],
        "李四",
    );
    let accounts = [
        ("admin", user(Role::Admin, &[], None)),
        ("office", user(Role::Office, &[], None)),
        ("unit", user(Role::Unit, &["甲局"], None)),
        ("supervisor", user(Role::Supervisor, &["乙局"], None)),
        ("doer_supervisor", user(Role::Supervisor, &["丙局"], None)),
        ("leader", user(Role::Leader, &[], Some("张三"))),
        ("discipline", user(Role::Discipline, &[], None)),
    ];
    // One letter per action in ACTIONS order (the last column unused):
    // own problem / other problem; Y allowed, . refused.
    let table: [(&str, &str, &str); 7] = [
        ("admin", "Y..............", "Y.............."),
        ("office", "Y.Y.YYYYYYYYYY.", "Y.Y.YYYYYYYYYY."),
        ("unit", "YY.Y........Y..", "..............."),
        ("supervisor", "Y.....Y.....YY.", "..............."),
        ("doer_supervisor", "Y...........YY.", "..............."),
        ("leader", "Y..............", "..............."),
        ("discipline", "Y.......Y......", "Y.......Y......"),
    ];
    let mut wrong = vec![];
    for (name, u) in &accounts {
        let (_, own_row, other_row) = table
            .iter()
            .find(|t| t.0 == *name)
            .expect("every account has a row");
        for (problem, row) in [(&own, own_row), (&other, other_row)] {
            for (i, (label, action)) in ACTIONS.iter().enumerate().take(14) {
                let expected = row.as_bytes()[i] == b'Y';
                if allowed(u, *action, problem) != expected {
                    wrong.push(format!(
                        "{name} {label} on {}: expected {expected}",
                        problem.id
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_doer_that_also_supervises_is_told_why_it_cannot_verify() {
    let p = problem(
        1,
        vec![
            unit("丙局", UnitRole::Responsible),
            unit("丙局", UnitRole::Supervising),
        ],
        "张三",
    );
    let u = user(Role::Supervisor, &["丙局"], None);
    let e = require(&u, Action::Signoff(SignoffStep::Verify), &p).expect_err("own work");
    assert_eq!(e.code, ErrorCode::OwnWorkVerify);
    let admin = user(Role::Admin, &[], None);
    assert_eq!(
        require(&admin, Action::ReportProgress, &p).map_err(|e| e.code),
        Err(ErrorCode::Forbidden)
    );
}

#[test]
fn only_the_office_and_admin_keep_the_unit_registry() {
    for (role, may) in [
        (Role::Admin, true),
        (Role::Office, true),
        (Role::Unit, false),
        (Role::Supervisor, false),
        (Role::Leader, false),
        (Role::Discipline, false),
    ] {
        let u = user(role, &["市住建局"], Some("包昌林"));
        assert_eq!(
            allowed_global(&u, GlobalAction::ManageUnits),
            may,
            "{role:?}"
        );
    }
}
