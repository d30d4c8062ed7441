use super::*;
use crate::deadline::Milestone;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(s: &str) -> ReportPeriod {
    ReportPeriod::parse(s).unwrap()
}

fn dated(start: NaiveDate, due: NaiveDate, percent: Option<f64>) -> ProblemFacts {
    ProblemFacts {
        status: Status::InProgress,
        deadline: DeadlineSpec {
            text: "2026年10月底前".into(),
            due: Some(due),
            ..Default::default()
        },
        start,
        latest_percent: percent,
        reports: BTreeMap::new(),
        reopened: false,
        signed_off: false,
    }
}

/// Reports for every month from `from` to `to`, each on the 20th.
fn monthly(from: &str, to: &str) -> BTreeMap<ReportPeriod, NaiveDate> {
    let mut out = BTreeMap::new();
    let (mut cur, end) = (p(from), p(to));
    while cur <= end {
        out.insert(cur, d(cur.year(), cur.month(), 20));
        cur = cur.next();
    }
    out
}

fn run(f: &ProblemFacts, today: NaiveDate) -> Vec<WarningFinding> {
    evaluate(
        f,
        today,
        &WorkCalendar::official(),
        &WarningThresholds::default(),
    )
    .unwrap()
}

fn codes(v: &[WarningFinding]) -> Vec<(&'static str, &'static str)> {
    v.iter()
        .map(|w| (w.code.as_str(), w.level.as_str()))
        .collect()
}

#[test]
fn on_track_problem_has_no_warnings() {
    let mut f = dated(d(2026, 1, 5), d(2026, 12, 31), Some(50.0));
    f.reports = monthly("2026-02", "2026-06");
    assert!(run(&f, d(2026, 7, 2)).is_empty());
}

#[test]
fn due_soon_yellow_then_orange_counting_working_days() {
    let mut f = dated(d(2026, 1, 5), d(2026, 10, 9), Some(90.0));
    f.reports = monthly("2026-02", "2026-09");
    // 2026-09-24 → 10-09: 9/28, 9/29, 9/30, 10/8, 10/9 = 5 working days: orange.
    let w = run(&f, d(2026, 9, 24));
    assert_eq!(codes(&w), vec![("due_soon", "orange")]);
    assert!(
        w[0].message_zh.contains("还有5个工作日"),
        "{}",
        w[0].message_zh
    );
    // 2026-09-17 → 10-09: 9/18, 9/20 (make-up), 9/21–24, 9/28–30, 10/8, 10/9 = 11: none.
    assert!(run(&f, d(2026, 9, 17)).is_empty());
    // 2026-09-18 → 10 working days: yellow.
    assert_eq!(
        codes(&run(&f, d(2026, 9, 18))),
        vec![("due_soon", "yellow")]
    );
    // Due today: 0 working days left, still orange, not yet overdue.
    assert_eq!(
        codes(&run(&f, d(2026, 10, 9))),
        vec![("due_soon", "orange")]
    );
    // Done: no due_soon.
    f.latest_percent = Some(100.0);
    assert!(run(&f, d(2026, 9, 24)).is_empty());
}

#[test]
fn overdue_is_red_and_replaces_behind_schedule() {
    let mut f = dated(d(2026, 1, 5), d(2026, 6, 30), Some(30.0));
    f.reports = monthly("2026-02", "2026-07");
    let w = run(&f, d(2026, 7, 10));
    assert_eq!(codes(&w), vec![("overdue", "red")]);
    assert!(w[0].message_zh.contains("10天"));
    assert!(w[0].message_en.contains("overdue by 10 day(s)"));
    // In the sign-off procedure: still overdue (逾期未销号), no report warnings.
    f.status = Status::InPublicNotice;
    f.reports.clear();
    let w = run(&f, d(2026, 7, 10));
    assert_eq!(codes(&w), vec![("overdue", "red")]);
    assert!(w[0].message_zh.contains("尚未完成销号"));
}

#[test]
fn behind_schedule_thresholds() {
    let mut f = dated(d(2026, 1, 1), d(2026, 12, 31), Some(35.0));
    f.reports = monthly("2026-02", "2026-06");
    // Expected 50 % on 2026-07-02.
    assert!(run(&f, d(2026, 7, 2)).is_empty()); // 15 points: no warning
    f.latest_percent = Some(30.0);
    assert_eq!(
        codes(&run(&f, d(2026, 7, 2))),
        vec![("behind_schedule", "orange")]
    );
    f.latest_percent = Some(10.0);
    let w = run(&f, d(2026, 7, 2));
    assert_eq!(codes(&w), vec![("behind_schedule", "red")]);
    assert!(
        w[0].message_zh.contains("滞后序时进度40个百分点"),
        "{}",
        w[0].message_zh
    );
}

#[test]
fn milestone_drives_due_soon_and_behind() {
    let mut f = ProblemFacts {
        status: Status::InProgress,
        deadline: DeadlineSpec {
            text: "2026年9月底前完成排查，2027年6月底前全面完成".into(),
            due: Some(d(2027, 6, 30)),
            milestones: vec![
                Milestone {
                    due: d(2026, 9, 30),
                    text: "2026年9月底前完成排查".into(),
                },
                Milestone {
                    due: d(2027, 6, 30),
                    text: "2027年6月底前全面完成".into(),
                },
            ],
            ..Default::default()
        },
        start: d(2026, 4, 1),
        latest_percent: Some(45.0),
        reports: monthly("2026-05", "2026-08"),
        reopened: false,
        signed_off: false,
    };
    // 9/24 → 9/30: 9/25 and 9/26–27 holidays: 9/28, 9/29, 9/30 = 3 working days.
    let w = run(&f, d(2026, 9, 24));
    assert_eq!(codes(&w), vec![("due_soon", "orange")]);
    assert!(w[0].message_zh.contains("阶段目标“2026年9月底前完成排查”"));
    assert!(w[0].message_zh.contains("应完成50%"));
    // Milestone share reached: nothing due soon for the stage.
    f.latest_percent = Some(50.0);
    assert!(run(&f, d(2026, 9, 24)).is_empty());
    // Milestone passed at 20 %: 30 points behind → orange, and September's report missing.
    f.latest_percent = Some(20.0);
    let w = run(&f, d(2026, 10, 12));
    assert_eq!(
        codes(&w),
        vec![("behind_schedule", "orange"), ("report_missing", "yellow")]
    );
    // The final date lies in 2027, a year without holiday data: counting
    // the working days towards it crosses into 2027 before reaching the
    // threshold, which is an error, not a weekend-only guess.
    f.latest_percent = Some(90.0);
    f.reports = monthly("2026-05", "2027-05");
    let err = evaluate(
        &f,
        d(2026, 12, 25),
        &WorkCalendar::official(),
        &WarningThresholds::default(),
    );
    assert_eq!(err, Err(CalendarError::YearNotCovered(2027)));
}

#[test]
fn immediate_problem_grace_period() {
    let mut f = ProblemFacts {
        status: Status::InProgress,
        deadline: DeadlineSpec {
            text: "立行立改".into(),
            immediate: true,
            ..Default::default()
        },
        start: d(2026, 3, 2),
        latest_percent: Some(60.0),
        reports: BTreeMap::new(),
        reopened: false,
        signed_off: false,
    };
    // Grace ends 2026-04-01; on 3/20 (expected 60 %) it is 8 working days away.
    assert_eq!(
        codes(&run(&f, d(2026, 3, 20))),
        vec![("due_soon", "yellow")]
    );
    // After the grace period: 40 points behind → red; never "overdue".
    f.reports = monthly("2026-04", "2026-04");
    let w = run(&f, d(2026, 5, 6));
    assert_eq!(codes(&w), vec![("behind_schedule", "red")]);
    f.latest_percent = Some(100.0);
    assert!(run(&f, d(2026, 5, 6)).is_empty());
}

#[test]
fn ongoing_problem_is_judged_by_reports() {
    let mut f = ProblemFacts {
        status: Status::InProgress,
        deadline: DeadlineSpec {
            text: "立行立改、持续推进".into(),
            immediate: true,
            ongoing: true,
            ..Default::default()
        },
        start: d(2026, 1, 15),
        latest_percent: Some(30.0),
        reports: monthly("2026-02", "2026-05"),
        reopened: false,
        signed_off: false,
    };
    // No percentage expectation, so no behind_schedule despite 30 %.
    assert!(run(&f, d(2026, 6, 28)).is_empty());
    let w = run(&f, d(2026, 6, 29));
    assert_eq!(codes(&w), vec![("report_missing", "yellow")]);
    assert!(w[0].message_zh.contains("2026年6月整改进展未按期报送"));
    // Two periods in a row: orange.
    let w = run(&f, d(2026, 7, 29));
    assert_eq!(codes(&w), vec![("report_missing", "orange")]);
    assert!(w[0].message_zh.contains("已连续2期未报送"));
    // Submitted late.
    f.reports.insert(p("2026-06"), d(2026, 7, 2));
    let w = run(&f, d(2026, 7, 10));
    assert_eq!(codes(&w), vec![("report_late", "yellow")]);
    assert!(w[0].message_en.contains("submitted 2026-07-02"));
}

#[test]
fn signed_off_gets_only_rebound() {
    let mut f = dated(d(2026, 1, 5), d(2026, 3, 31), Some(40.0));
    f.status = Status::SignedOff;
    f.signed_off = true;
    assert!(run(&f, d(2026, 7, 10)).is_empty());
    f.reopened = true;
    assert_eq!(codes(&run(&f, d(2026, 7, 10))), vec![("rebound", "red")]);
    // Reopened and back in work: rebound plus the ordinary rules.
    f.status = Status::InProgress;
    f.signed_off = false;
    let w = run(&f, d(2026, 7, 10));
    assert_eq!(
        codes(&w),
        vec![
            ("rebound", "red"),
            ("overdue", "red"),
            ("report_missing", "orange")
        ]
    );
}

#[test]
fn uncovered_year_is_an_error_not_a_guess() {
    let f = dated(d(2027, 1, 5), d(2027, 3, 31), Some(10.0));
    let r = evaluate(
        &f,
        d(2027, 3, 25),
        &WorkCalendar::official(),
        &WarningThresholds::default(),
    );
    assert_eq!(r, Err(CalendarError::YearNotCovered(2027)));
    // With the year's notice added, it works.
    let cal = WorkCalendar::official().with_overrides([(d(2027, 1, 1), false, "元旦")]);
    let w = evaluate(&f, d(2027, 3, 25), &cal, &WarningThresholds::default()).unwrap();
    assert!(w.iter().any(|w| w.code == WarningCode::DueSoon));
}

#[test]
fn thresholds_are_configurable_and_serializable() {
    let t: WarningThresholds =
        serde_json::from_str(r#"{"behind_orange_points": 10, "schedule": {"report_day": 25}}"#)
            .unwrap();
    assert_eq!(t.behind_orange_points, 10.0);
    assert_eq!(t.behind_red_points, 40.0);
    assert_eq!(t.schedule.report_day, 25);
    assert_eq!(t.schedule.immediate_grace_days, 30);
    let mut f = dated(d(2026, 1, 1), d(2026, 12, 31), Some(35.0));
    f.reports = monthly("2026-02", "2026-06");
    let w = evaluate(&f, d(2026, 7, 2), &WorkCalendar::official(), &t).unwrap();
    assert_eq!(codes(&w), vec![("behind_schedule", "orange")]);
    let v = serde_json::to_value(&w[0]).unwrap();
    assert_eq!(v["code"], "behind_schedule");
    assert_eq!(v["level"], "orange");
    assert!(serde_json::to_string(&WarningThresholds::default()).is_ok());
}

#[test]
fn facts_deserialize_with_period_keys() {
    let f: ProblemFacts = serde_json::from_str(
        r#"{"status":"in_progress","deadline":{"text":"持续推进","due":null,"immediate":false,"ongoing":true},
                "start":"2026-01-15","latest_percent":null,"reports":{"2026-02":"2026-02-25"}}"#,
    )
    .unwrap();
    assert_eq!(f.reports.get(&p("2026-02")), Some(&d(2026, 2, 25)));
    assert!(!f.reopened);
}

#[test]
fn level_and_code_labels() {
    assert!(
        WarningLevel::Red > WarningLevel::Orange && WarningLevel::Orange > WarningLevel::Yellow
    );
    assert_eq!(WarningLevel::parse("orange"), Some(WarningLevel::Orange));
    assert_eq!(WarningLevel::Red.label_zh(), "红色预警");
    for c in WarningCode::ALL {
        assert_eq!(WarningCode::parse(c.as_str()), Some(c));
        assert!(!c.label_zh().is_empty());
    }
}
