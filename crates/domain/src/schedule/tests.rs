use super::*;
use crate::deadline::Milestone;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dated(due: NaiveDate) -> DeadlineSpec {
    DeadlineSpec {
        text: "2019年底前".into(),
        due: Some(due),
        ..Default::default()
    }
}

fn none() -> BTreeMap<ReportPeriod, NaiveDate> {
    BTreeMap::new()
}

#[test]
fn report_period_round_trip() {
    let p = ReportPeriod::parse("2026-09").unwrap();
    assert_eq!(p.to_string(), "2026-09");
    assert_eq!(p.next().to_string(), "2026-10");
    assert_eq!(
        ReportPeriod::parse("2026-01").unwrap().prev().to_string(),
        "2025-12"
    );
    assert!(ReportPeriod::parse("2026-13").is_none());
    assert!(ReportPeriod::parse("2026-9").is_none());
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"2026-09\"");
    let back: ReportPeriod = serde_json::from_str("\"2026-09\"").unwrap();
    assert_eq!(back, p);
    assert!(serde_json::from_str::<ReportPeriod>("\"x\"").is_err());
    assert_eq!(p.label_zh(), "2026年9月");
}

#[test]
fn report_due_clamps_and_offsets() {
    let rules = ScheduleRules::default();
    assert_eq!(
        ReportPeriod::parse("2026-09").unwrap().report_due(&rules),
        d(2026, 9, 28)
    );
    let r31 = ScheduleRules {
        report_day: 31,
        ..Default::default()
    };
    assert_eq!(
        ReportPeriod::parse("2026-02").unwrap().report_due(&r31),
        d(2026, 2, 28)
    );
    let next = ScheduleRules {
        report_month_offset: 1,
        report_day: 5,
        ..Default::default()
    };
    assert_eq!(
        ReportPeriod::parse("2026-12").unwrap().report_due(&next),
        d(2027, 1, 5)
    );
}

#[test]
fn last_closed_period_rules() {
    let rules = ScheduleRules::default();
    let start = d(2026, 3, 10);
    // On the 28th itself the current period is still open.
    assert_eq!(
        last_closed_period(start, d(2026, 6, 28), &rules).map(|p| p.to_string()),
        Some("2026-05".into())
    );
    assert_eq!(
        last_closed_period(start, d(2026, 6, 29), &rules).map(|p| p.to_string()),
        Some("2026-06".into())
    );
    // The start month is partial: nothing is closed until April's report is due.
    assert_eq!(last_closed_period(start, d(2026, 4, 20), &rules), None);
    assert_eq!(
        last_closed_period(start, d(2026, 4, 29), &rules).map(|p| p.to_string()),
        Some("2026-04".into())
    );
    let next = ScheduleRules {
        report_month_offset: 1,
        report_day: 5,
        ..Default::default()
    };
    assert_eq!(
        last_closed_period(start, d(2026, 7, 6), &next).map(|p| p.to_string()),
        Some("2026-06".into())
    );
    assert_eq!(
        last_closed_period(start, d(2026, 7, 5), &next).map(|p| p.to_string()),
        Some("2026-05".into())
    );
}

#[test]
fn linear_expectation_for_a_dated_deadline() {
    let rules = ScheduleRules::default();
    let start = d(2026, 1, 1);
    let due = d(2026, 12, 31); // 364 days later
    let p = assess(
        start,
        &dated(due),
        d(2026, 7, 2),
        Some(50.0),
        &none(),
        &rules,
    );
    assert_eq!(p.basis, ScheduleBasis::Time);
    assert_eq!(p.expected_percent, Some(50.0));
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
    assert_eq!(p.label_zh, "符合序时进度");

    let p = assess(
        start,
        &dated(due),
        d(2026, 7, 2),
        Some(30.0),
        &none(),
        &rules,
    );
    assert_eq!(p.verdict, ScheduleVerdict::Behind);
    assert_eq!(p.gap_points, Some(20.0));
    assert_eq!(p.label_zh, "滞后序时进度");

    let p = assess(
        start,
        &dated(due),
        d(2026, 7, 2),
        Some(75.0),
        &none(),
        &rules,
    );
    assert_eq!(p.verdict, ScheduleVerdict::Ahead);
    assert_eq!(p.label_zh, "超前序时进度");

    // No report at all counts as 0 %.
    let p = assess(start, &dated(due), d(2026, 3, 1), None, &none(), &rules);
    assert_eq!(p.verdict, ScheduleVerdict::Behind);
    assert_eq!(p.reported_percent, None);

    // Before the start and after the due date.
    let p = assess(start, &dated(due), d(2025, 12, 1), None, &none(), &rules);
    assert_eq!(p.expected_percent, Some(0.0));
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
    let p = assess(
        start,
        &dated(due),
        d(2027, 3, 1),
        Some(100.0),
        &none(),
        &rules,
    );
    assert_eq!(p.expected_percent, Some(100.0));
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
    assert_eq!(p.next_checkpoint, None);
}

#[test]
fn milestones_are_equal_stages() {
    let rules = ScheduleRules::default();
    let start = d(2018, 7, 1);
    let spec = DeadlineSpec {
        text: "2018年9月底前完成摸底，2019年底前全面完成".into(),
        due: Some(d(2019, 12, 31)),
        milestones: vec![
            Milestone {
                due: d(2018, 9, 30),
                text: "2018年9月底前完成摸底".into(),
            },
            Milestone {
                due: d(2019, 12, 31),
                text: "2019年底前全面完成".into(),
            },
        ],
        ..Default::default()
    };
    let cps = checkpoints(start, &spec, &rules);
    assert_eq!(cps.len(), 2);
    assert_eq!(cps[0].percent, 50.0);
    assert!(!cps[0].is_final);
    assert_eq!(cps[1].text, "2019年底前全面完成");
    // Half-way to the first milestone: 25 %.
    let p = assess(start, &spec, d(2018, 8, 15), Some(20.0), &none(), &rules);
    assert_eq!(p.expected_percent, Some(24.7));
    // The milestone reached: its stage share.
    let p = assess(start, &spec, d(2018, 9, 30), Some(20.0), &none(), &rules);
    assert_eq!(p.expected_percent, Some(50.0));
    assert_eq!(p.verdict, ScheduleVerdict::Behind);
    assert_eq!(p.next_checkpoint.map(|c| c.date), Some(d(2019, 12, 31)));
}

#[test]
fn milestones_with_stated_percentages() {
    let rules = ScheduleRules::default();
    let spec = DeadlineSpec {
        text: String::new(),
        due: Some(d(2020, 12, 31)),
        milestones: vec![
            Milestone {
                due: d(2019, 12, 31),
                text: "2019年底完成60%".into(),
            },
            Milestone {
                due: d(2020, 6, 30),
                text: "2020年6月底完成80％".into(),
            },
        ],
        ..Default::default()
    };
    let cps = checkpoints(d(2019, 1, 1), &spec, &rules);
    let pcts: Vec<f64> = cps.iter().map(|c| c.percent).collect();
    assert_eq!(pcts, vec![60.0, 80.0, 100.0]);
    // Due missing: the latest milestone is final.
    let spec2 = DeadlineSpec { due: None, ..spec };
    let cps = checkpoints(d(2019, 1, 1), &spec2, &rules);
    assert_eq!(cps.len(), 2);
    assert_eq!(cps[1].date, d(2020, 6, 30));
    assert_eq!(cps[1].percent, 100.0);
    // The one remaining stage still states its 60 %.
    assert_eq!(cps[0].percent, 60.0);
}

#[test]
fn immediate_without_date_has_a_grace_period() {
    let rules = ScheduleRules::default();
    let spec = DeadlineSpec {
        text: "立行立改".into(),
        immediate: true,
        ..Default::default()
    };
    let start = d(2026, 3, 1);
    let p = assess(start, &spec, d(2026, 3, 16), Some(50.0), &none(), &rules);
    assert_eq!(p.basis, ScheduleBasis::Time);
    assert_eq!(p.expected_percent, Some(50.0));
    let p = assess(start, &spec, d(2026, 3, 31), Some(80.0), &none(), &rules);
    assert_eq!(p.expected_percent, Some(100.0));
    assert_eq!(p.verdict, ScheduleVerdict::Behind);
    let p = assess(start, &spec, d(2026, 5, 1), Some(100.0), &none(), &rules);
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
}

#[test]
fn ongoing_without_date_is_judged_by_reports() {
    let rules = ScheduleRules::default();
    let spec = DeadlineSpec {
        text: "立行立改、持续推进".into(),
        immediate: true,
        ongoing: true,
        ..Default::default()
    };
    let start = d(2026, 1, 15);
    let mut reports = BTreeMap::new();
    reports.insert(ReportPeriod::parse("2026-05").unwrap(), d(2026, 5, 27));
    let p = assess(start, &spec, d(2026, 6, 10), Some(40.0), &reports, &rules);
    assert_eq!(p.basis, ScheduleBasis::Reports);
    assert_eq!(p.expected_percent, None);
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
    assert_eq!(p.label_zh, "按期报送进展");
    let p = assess(start, &spec, d(2026, 6, 29), Some(40.0), &reports, &rules);
    assert_eq!(p.verdict, ScheduleVerdict::Behind);
    assert_eq!(p.label_zh, "未按期报送进展");
    assert_eq!(
        p.last_closed_period.map(|p| p.to_string()),
        Some("2026-06".into())
    );
    // Nothing due yet in the start month.
    let p = assess(start, &spec, d(2026, 1, 30), None, &none(), &rules);
    assert_eq!(p.verdict, ScheduleVerdict::OnSchedule);
}

#[test]
fn ongoing_with_a_date_is_judged_by_the_date() {
    let rules = ScheduleRules::default();
    let spec = DeadlineSpec {
        text: "2026年底前完成，长期坚持".into(),
        due: Some(d(2026, 12, 31)),
        ongoing: true,
        ..Default::default()
    };
    let p = assess(
        d(2026, 1, 1),
        &spec,
        d(2026, 7, 2),
        Some(50.0),
        &none(),
        &rules,
    );
    assert_eq!(p.basis, ScheduleBasis::Time);
}

#[test]
fn undated_deadline_is_not_assessed() {
    let spec = DeadlineSpec {
        text: "按省里统一部署".into(),
        ..Default::default()
    };
    let p = assess(
        d(2026, 1, 1),
        &spec,
        d(2026, 7, 2),
        None,
        &none(),
        &ScheduleRules::default(),
    );
    assert_eq!(p.verdict, ScheduleVerdict::NotAssessed);
    assert_eq!(p.label_zh, "无序时要求");
}

#[test]
fn result_serializes() {
    let p = assess(
        d(2026, 1, 1),
        &dated(d(2026, 12, 31)),
        d(2026, 7, 2),
        Some(50.0),
        &none(),
        &ScheduleRules::default(),
    );
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["verdict"], "on_schedule");
    assert_eq!(v["basis"], "time");
    assert_eq!(v["label_zh"], "符合序时进度");
    let rules: ScheduleRules = serde_json::from_str(r#"{"tolerance_points": 5}"#).unwrap();
    assert_eq!(rules.report_day, 28);
}
