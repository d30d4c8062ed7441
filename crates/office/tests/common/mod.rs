//! A small ledger of problem details, built by hand, shared by the tests.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::{
    DeadlineSpec, Decision, MeasureDraft, SignoffStep, Status, UnitAssignment, UnitRole,
};
use rectify_store::{
    Escalation, ProblemDetail, ProblemRow, ProgressReport, SignoffRecord, WarningRecord,
};

pub const A: &str = "市生态环境局";
pub const B: &str = "市住房和城乡建设局";
pub const C: &str = "某县人民政府";
pub const S: &str = "市委督查室";

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn unit(name: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment {
        name: name.to_string(),
        role,
        note: None,
    }
}

pub fn deadline(text: &str, due: Option<&str>) -> DeadlineSpec {
    DeadlineSpec {
        text: text.to_string(),
        due: due.map(date),
        immediate: text.contains("立行立改"),
        ongoing: text.contains("持续推进"),
        milestones: vec![],
    }
}

pub fn detail(
    id: i64,
    number: &str,
    description: &str,
    status: Status,
    units: Vec<UnitAssignment>,
    dl: DeadlineSpec,
) -> ProblemDetail {
    ProblemDetail {
        row: ProblemRow {
            id,
            plan_id: 1,
            plan_title: "某市贯彻落实中央第三生态环境保护督察组督察报告整改方案".to_string(),
            category_seq: Some(1),
            category_title: Some("关于水污染防治问题".to_string()),
            seq: id,
            parent_seq: None,
            number_text: number.to_string(),
            description: description.to_string(),
            target: Some("城市建成区黑臭水体基本消除".to_string()),
            deadline: dl,
            status,
            units,
            leaders: vec!["张三".to_string(), "李四".to_string()],
            latest_percent: None,
            latest_period: None,
            latest_text: None,
            accepted_percent: None,
            accepted_period: None,
            warning_level: None,
            version: 1,
        },
        plan_issue_date: Some(date("2026-03-01")),
        notice_workdays: 5,
        plan_published: true,
        measures: vec![],
        responsible_persons: vec![],
        liaisons: vec![],
        reports: vec![],
        signoffs: vec![],
        objections: vec![],
        warnings: vec![],
        escalations: vec![],
        source_first_line: None,
        source_last_line: None,
        attachments: vec![],
    }
}

pub fn report(
    id: i64,
    problem_id: i64,
    period: &str,
    percent: i64,
    text: &str,
    submitted: &str,
    status: &str,
) -> ProgressReport {
    ProgressReport {
        id,
        problem_id,
        period: period.to_string(),
        percent,
        text: text.to_string(),
        measure_status: vec![],
        submitted_by: "liaison".to_string(),
        submitted_at: at(submitted),
        status: status.to_string(),
        review_comment: None,
        reviewed_by: None,
    }
}

pub fn filed(id: i64, when: &str) -> SignoffRecord {
    SignoffRecord {
        id,
        step: SignoffStep::File,
        decision: Decision::Approve,
        comment: "同意备案销号".to_string(),
        actor: "office".to_string(),
        at: at(when),
        notice_start: None,
        notice_end: None,
    }
}

pub fn warning(
    id: i64,
    problem_id: i64,
    level: &str,
    message: &str,
    status: &str,
) -> WarningRecord {
    WarningRecord {
        id,
        problem_id,
        code: "overdue".to_string(),
        level: level.to_string(),
        message: message.to_string(),
        status: status.to_string(),
        raised_at: at("2026-10-01T01:00:00Z"),
        acknowledged_by: None,
        resolved_at: None,
    }
}

pub fn measure(seq: u32, text: &str) -> MeasureDraft {
    MeasureDraft {
        seq,
        text: text.to_string(),
        units: vec![],
        deadline: None,
    }
}

/// The month of October 2026, reported on 2026-11-03:
///
/// | # | units | status | due | October report | warning |
/// |---|---|---|---|---|---|
/// | 一 | A (+S supervising) | signed off 10-15 | 2026-12-31 | on time | — |
/// | 二 | A, B | in progress | 2026-09-30 (overdue 34 d) | none | red, open |
/// | 三 | B (lead) | in progress | 2027-06-30 | 10-30 (late) | yellow, resolved |
/// | 四 | C | not started | 立行立改、持续推进 | returned only | orange, open |
/// | 五 | A | signed off 10-01 CST (09-30 17:00 UTC) | 2026-09-30 (late sign-off) | — | — |
/// | 六 | C | verifying | 2026-10-31 (overdue 3 d) | 10-28 04:00 CST | — |
pub fn october() -> Vec<ProblemDetail> {
    let mut p1 = detail(
        1,
        "（一）",
        "城区污水管网建设滞后，雨污混流严重。",
        Status::SignedOff,
        vec![unit(A, UnitRole::Primary), unit(S, UnitRole::Supervising)],
        deadline("2026年底前", Some("2026-12-31")),
    );
    p1.reports.push(report(
        11,
        1,
        "2026-10",
        100,
        "已完成",
        "2026-10-20T02:00:00Z",
        "accepted",
    ));
    p1.signoffs.push(filed(101, "2026-10-15T02:00:00Z"));

    let mut p2 = detail(
        2,
        "（二）",
        "黑臭水体整治不彻底，<script>alert(1)</script> 部分水体返黑返臭。",
        Status::InProgress,
        vec![
            unit(A, UnitRole::Responsible),
            unit(B, UnitRole::Responsible),
        ],
        deadline("2026年9月底前", Some("2026-09-30")),
    );
    p2.reports.push(report(
        21,
        2,
        "2026-09",
        40,
        "完成截污纳管",
        "2026-09-25T02:00:00Z",
        "accepted",
    ));
    p2.warnings
        .push(warning(201, 2, "red", "逾期未完成整改", "open"));

    let mut p3 = detail(
        3,
        "（三）",
        "工业园区污水处理厂超标排放 & 在线监测数据异常。",
        Status::InProgress,
        vec![unit(B, UnitRole::Lead)],
        deadline("2027年6月底前", Some("2027-06-30")),
    );
    p3.reports.push(report(
        31,
        3,
        "2026-10",
        50,
        "提标改造开工",
        "2026-10-30T02:00:00Z",
        "submitted",
    ));
    p3.warnings
        .push(warning(301, 3, "yellow", "临近整改时限", "resolved"));

    let mut p4 = detail(
        4,
        "（四）",
        "农村生活垃圾随意倾倒。",
        Status::NotStarted,
        vec![unit(C, UnitRole::Primary)],
        deadline("立行立改、持续推进", None),
    );
    p4.reports.push(report(
        41,
        4,
        "2026-10",
        10,
        "摸底",
        "2026-10-10T02:00:00Z",
        "returned",
    ));
    p4.warnings
        .push(warning(401, 4, "orange", "连续未报送进展", "open"));

    let mut p5 = detail(
        5,
        "（五）",
        "饮用水水源保护区内违规建设。",
        Status::SignedOff,
        vec![unit(A, UnitRole::Primary)],
        deadline("2026年9月底前", Some("2026-09-30")),
    );
    p5.signoffs.push(filed(501, "2026-09-30T17:00:00Z"));

    let mut p6 = detail(
        6,
        "（六）",
        "矿山生态修复进度缓慢。",
        Status::Verifying,
        vec![unit(C, UnitRole::Primary)],
        deadline("2026年10月底前", Some("2026-10-31")),
    );
    p6.reports.push(report(
        61,
        6,
        "2026-10",
        95,
        "修复完成，待验收",
        "2026-10-27T20:00:00Z",
        "submitted",
    ));
    p6.escalations.push(Escalation {
        id: 7,
        problem_id: Some(6),
        unit_id: Some(3),
        unit_name: Some(C.to_string()),
        kind: "interview".to_string(),
        date: date("2026-10-12"),
        doc_number: Some("督整改〔2026〕5号".to_string()),
        note: Some("整改进度滞后".to_string()),
        created_by: "office".to_string(),
    });
    p6.escalations.push(Escalation {
        id: 8,
        problem_id: Some(6),
        unit_id: None,
        unit_name: None,
        kind: "notice".to_string(),
        date: date("2026-09-01"),
        doc_number: None,
        note: None,
        created_by: "office".to_string(),
    });

    vec![p1, p2, p3, p4, p5, p6]
}
