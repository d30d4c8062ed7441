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
mod tests;
