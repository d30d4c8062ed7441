//! 预警: warning rules, computed from facts — never stored as a status.
//!
//! [`evaluate`] turns a problem's [`ProblemFacts`] into findings, each with a
//! level (黄色 yellow < 橙色 orange < 红色 red) and a reason code:
//!
//! | code | when | level |
//! |---|---|---|
//! | `rebound` | the problem was signed off and has been reopened (反弹) | red |
//! | `overdue` | a stated due date has passed and the problem is not signed off ([`DeadlineSpec::is_overdue`]) | red |
//! | `due_soon` | work is outstanding and the next unmet checkpoint (the due date, a milestone, or the end of a 立行立改 grace period) is within `due_soon_yellow_workdays` working days (10) | yellow; orange within `due_soon_orange_workdays` (5) |
//! | `behind_schedule` | work is outstanding and the schedule gap (expected − reported, see [`crate::schedule`]) is at least `behind_orange_points` (20) | orange; red from `behind_red_points` (40) |
//! | `report_missing` | the last closed monthly period has no report | yellow; orange when `report_missing_orange_periods` (2) or more closed periods in a row are missing |
//! | `report_late` | the last closed period's report was submitted after its due day | yellow |
//!
//! Further rules:
//! * A signed-off problem gets no warning except `rebound`.
//! * *Work outstanding* means the status is 未启动 or 整改中 and the latest
//!   reported percentage is below 100 (below the checkpoint's share, for
//!   `due_soon`). Once the unit has declared completion (自查自验 and later)
//!   only `overdue` (逾期未销号) and `rebound` can still apply.
//! * Monthly reports are required while the status is 未启动 or 整改中, for
//!   every kind of deadline, from the month after the start (see
//!   [`crate::schedule`] for periods and due days).
//! * `behind_schedule` is not raised together with `overdue`, which already
//!   says more. Gaps below `behind_orange_points` show in the schedule
//!   verdict (滞后序时进度) but raise no warning.
//! * `overdue` only concerns a stated date: a 立行立改 problem without one
//!   that is unfinished after its grace period is `behind_schedule`.
//! * Working days come from the [`WorkCalendar`]; when a day that must be
//!   counted lies in a year without holiday data, [`evaluate`] returns the
//!   [`CalendarError`] instead of guessing.

use crate::calendar::{CalendarError, WorkCalendar};
use crate::deadline::DeadlineSpec;
use crate::lifecycle::Status;
use crate::schedule::{self, Checkpoint, ReportPeriod, ScheduleBasis, ScheduleRules};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    Yellow,
    Orange,
    Red,
}

impl WarningLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<WarningLevel> {
        [
            WarningLevel::Yellow,
            WarningLevel::Orange,
            WarningLevel::Red,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            WarningLevel::Yellow => "黄色预警",
            WarningLevel::Orange => "橙色预警",
            WarningLevel::Red => "红色预警",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    Rebound,
    Overdue,
    DueSoon,
    BehindSchedule,
    ReportMissing,
    ReportLate,
}

impl WarningCode {
    pub const ALL: [WarningCode; 6] = [
        WarningCode::Rebound,
        WarningCode::Overdue,
        WarningCode::DueSoon,
        WarningCode::BehindSchedule,
        WarningCode::ReportMissing,
        WarningCode::ReportLate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::Rebound => "rebound",
            WarningCode::Overdue => "overdue",
            WarningCode::DueSoon => "due_soon",
            WarningCode::BehindSchedule => "behind_schedule",
            WarningCode::ReportMissing => "report_missing",
            WarningCode::ReportLate => "report_late",
        }
    }

    pub fn parse(s: &str) -> Option<WarningCode> {
        WarningCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            WarningCode::Rebound => "问题反弹",
            WarningCode::Overdue => "逾期",
            WarningCode::DueSoon => "临期",
            WarningCode::BehindSchedule => "滞后序时进度",
            WarningCode::ReportMissing => "未报送进展",
            WarningCode::ReportLate => "迟报进展",
        }
    }
}

/// One warning raised for a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningFinding {
    pub code: WarningCode,
    pub level: WarningLevel,
    pub message_zh: String,
    pub message_en: String,
}

/// Configurable thresholds; every field has a default, so a partial JSON
/// object is enough to override a few.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarningThresholds {
    /// `due_soon` (yellow) within this many working days. Default 10.
    pub due_soon_yellow_workdays: u32,
    /// `due_soon` turns orange within this many working days. Default 5.
    pub due_soon_orange_workdays: u32,
    /// `behind_schedule` (orange) from this many percentage points behind. Default 20.
    pub behind_orange_points: f64,
    /// `behind_schedule` turns red from this many points behind. Default 40.
    pub behind_red_points: f64,
    /// `report_missing` turns orange when this many closed periods in a row
    /// lack a report. Default 2.
    pub report_missing_orange_periods: u32,
    /// Schedule rules: tolerance, 立行立改 grace period, report day.
    pub schedule: ScheduleRules,
}

impl Default for WarningThresholds {
    fn default() -> Self {
        WarningThresholds {
            due_soon_yellow_workdays: 10,
            due_soon_orange_workdays: 5,
            behind_orange_points: 20.0,
            behind_red_points: 40.0,
            report_missing_orange_periods: 2,
            schedule: ScheduleRules::default(),
        }
    }
}

/// The facts about one problem that the warning rules read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemFacts {
    pub status: Status,
    pub deadline: DeadlineSpec,
    /// When the work started: the plan's issue date.
    pub start: NaiveDate,
    /// The latest reported completion, 0–100; `None` if never reported.
    pub latest_percent: Option<f64>,
    /// Reported periods and the day each report was submitted.
    #[serde(default)]
    pub reports: BTreeMap<ReportPeriod, NaiveDate>,
    /// Signed off, then reopened (反弹 / 回头看), and not signed off again since.
    #[serde(default)]
    pub reopened: bool,
    /// Signed off (销号). A status of `signed_off` counts as well.
    #[serde(default)]
    pub signed_off: bool,
}

fn date_zh(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn pct(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Working days `d` with `from < d <= to`, counting no further than `cap + 1`:
/// enough to compare with a threshold without walking into distant years.
fn workdays_capped(
    cal: &WorkCalendar,
    from: NaiveDate,
    to: NaiveDate,
    cap: u32,
) -> Result<u32, CalendarError> {
    let mut count = 0u32;
    let mut current = from;
    while current < to && count <= cap {
        current = current.succ_opt().ok_or(CalendarError::OutOfRange)?;
        if cal.is_workday(current)? {
            count += 1;
        }
    }
    Ok(count)
}

fn consecutive_missing(
    last_closed: ReportPeriod,
    first_required: ReportPeriod,
    reports: &BTreeMap<ReportPeriod, NaiveDate>,
) -> u32 {
    let mut n = 0;
    let mut p = last_closed;
    while p >= first_required && !reports.contains_key(&p) {
        n += 1;
        p = p.prev();
    }
    n
}

fn finding(code: WarningCode, level: WarningLevel, zh: String, en: String) -> WarningFinding {
    WarningFinding {
        code,
        level,
        message_zh: zh,
        message_en: en,
    }
}

/// Computes the warnings for one problem on `today`, most severe first.
pub fn evaluate(
    facts: &ProblemFacts,
    today: NaiveDate,
    calendar: &WorkCalendar,
    thresholds: &WarningThresholds,
) -> Result<Vec<WarningFinding>, CalendarError> {
    let mut out = Vec::new();

    if facts.reopened {
        out.push(finding(
            WarningCode::Rebound,
            WarningLevel::Red,
            "问题销号后出现反弹，已重新打开整改".to_string(),
            "the problem rebounded after sign-off and has been reopened".to_string(),
        ));
    }
    let signed_off = facts.signed_off || facts.status == Status::SignedOff;
    if signed_off {
        return Ok(out);
    }

    let in_work = matches!(facts.status, Status::NotStarted | Status::InProgress);
    let reported =
        facts
            .latest_percent
            .map_or(0.0, |p| if p.is_nan() { 0.0 } else { p.clamp(0.0, 100.0) });
    let outstanding = in_work && reported < 100.0;
    let rules = &thresholds.schedule;

    // overdue
    let mut overdue = false;
    if let Some(due) = facts.deadline.due {
        if facts.deadline.is_overdue(today, signed_off) {
            overdue = true;
            let days = (today - due).num_days();
            let (zh, en) = if outstanding {
                (
                    format!("已超过整改时限（{}）{}天，整改尚未完成", date_zh(due), days),
                    format!("overdue by {days} day(s) (due {due}); rectification not finished"),
                )
            } else {
                (
                    format!("已超过整改时限（{}）{}天，尚未完成销号", date_zh(due), days),
                    format!("overdue by {days} day(s) (due {due}); sign-off not completed"),
                )
            };
            out.push(finding(WarningCode::Overdue, WarningLevel::Red, zh, en));
        }
    }

    let checkpoints = schedule::checkpoints(facts.start, &facts.deadline, rules);

    // due_soon: the next checkpoint not yet met.
    if outstanding && !overdue {
        let next: Option<&Checkpoint> = checkpoints
            .iter()
            .find(|c| c.date >= today && reported < c.percent);
        if let Some(cp) = next {
            let cap = thresholds
                .due_soon_yellow_workdays
                .max(thresholds.due_soon_orange_workdays);
            let left = workdays_capped(calendar, today, cp.date, cap)?;
            let level = if left <= thresholds.due_soon_orange_workdays {
                Some(WarningLevel::Orange)
            } else if left <= thresholds.due_soon_yellow_workdays {
                Some(WarningLevel::Yellow)
            } else {
                None
            };
            if let Some(level) = level {
                let (zh, en) = if cp.is_final {
                    (
                        format!(
                            "距整改时限（{}）还有{}个工作日，当前进度{}%",
                            date_zh(cp.date),
                            left,
                            pct(reported)
                        ),
                        format!(
                            "{left} working day(s) left until the deadline {}; reported progress {}%",
                            cp.date,
                            pct(reported)
                        ),
                    )
                } else {
                    (
                        format!(
                            "距阶段目标“{}”时限（{}）还有{}个工作日，应完成{}%，当前进度{}%",
                            cp.text,
                            date_zh(cp.date),
                            left,
                            pct(cp.percent),
                            pct(reported)
                        ),
                        format!(
                            "{left} working day(s) left until the milestone of {} ({}% due); reported progress {}%",
                            cp.date,
                            pct(cp.percent),
                            pct(reported)
                        ),
                    )
                };
                out.push(finding(WarningCode::DueSoon, level, zh, en));
            }
        }
    }

    // behind_schedule
    if outstanding && !overdue {
        let progress = schedule::assess(
            facts.start,
            &facts.deadline,
            today,
            facts.latest_percent,
            &facts.reports,
            rules,
        );
        if progress.basis == ScheduleBasis::Time {
            if let (Some(gap), Some(expected)) = (progress.gap_points, progress.expected_percent) {
                let level = if gap >= thresholds.behind_red_points {
                    Some(WarningLevel::Red)
                } else if gap >= thresholds.behind_orange_points {
                    Some(WarningLevel::Orange)
                } else {
                    None
                };
                if let Some(level) = level {
                    out.push(finding(
                        WarningCode::BehindSchedule,
                        level,
                        format!(
                            "滞后序时进度{}个百分点（按序时应完成{}%，实际报送{}%）",
                            pct(gap),
                            pct(expected),
                            pct(reported)
                        ),
                        format!(
                            "behind schedule by {} points (expected {}%, reported {}%)",
                            pct(gap),
                            pct(expected),
                            pct(reported)
                        ),
                    ));
                }
            }
        }
    }

    // report_missing / report_late
    if in_work {
        if let Some(period) = schedule::last_closed_period(facts.start, today, rules) {
            let due = period.report_due(rules);
            match facts.reports.get(&period) {
                None => {
                    let missing = consecutive_missing(
                        period,
                        schedule::first_required_period(facts.start),
                        &facts.reports,
                    );
                    let level = if missing >= thresholds.report_missing_orange_periods.max(1) {
                        WarningLevel::Orange
                    } else {
                        WarningLevel::Yellow
                    };
                    let mut zh = format!(
                        "{}整改进展未按期报送（应于{}前报送）",
                        period.label_zh(),
                        date_zh(due)
                    );
                    let mut en = format!("no progress report for {period} (due {due})");
                    if missing > 1 {
                        zh.push_str(&format!("，已连续{missing}期未报送"));
                        en.push_str(&format!("; {missing} periods in a row missing"));
                    }
                    out.push(finding(WarningCode::ReportMissing, level, zh, en));
                }
                Some(&submitted) if submitted > due => {
                    out.push(finding(
                        WarningCode::ReportLate,
                        WarningLevel::Yellow,
                        format!(
                            "{}整改进展迟报（应于{}前报送，实际{}报送）",
                            period.label_zh(),
                            date_zh(due),
                            date_zh(submitted)
                        ),
                        format!("the progress report for {period} was late (due {due}, submitted {submitted})"),
                    ));
                }
                Some(_) => {}
            }
        }
    }

    // Most severe first; equal levels keep the order of the table above.
    out.sort_by(|a, b| b.level.cmp(&a.level).then(a.code.cmp(&b.code)));
    Ok(out)
}

#[cfg(test)]
mod tests {
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
}
