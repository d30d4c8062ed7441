//! 序时进度: schedule progress — where a problem's rectification should be by
//! now, compared with what its units last reported.
//!
//! # Rules
//!
//! The expectation depends on the shape of the deadline ([`DeadlineSpec`]):
//!
//! * **Dated** (a `due` date or milestones; [`ScheduleBasis::Time`]). The
//!   deadline yields a list of [`Checkpoint`]s: every milestone before the
//!   final due date, then the final due date at 100 %. A checkpoint's share is
//!   the percentage its text states ("完成60%") when *every* milestone states
//!   one and they rise; otherwise the stages are equal (two milestones and a
//!   final date: 33.3 %, 66.7 %, 100 %). Reaching a checkpoint's date means its
//!   share is expected; between the start (0 %) and the first checkpoint, and
//!   between checkpoints, the expectation grows linearly with calendar days
//!   (holidays are ignored: rectification spans months or years, and a
//!   percentage is never that precise). When `due` is missing the latest
//!   milestone is the final date. A dated deadline that is also 立行立改 or
//!   持续推进 is judged by its dates: the ongoing part shows in the monthly
//!   reports (see `warning`), not in a percentage.
//! * **立行立改 without a date**, not ongoing ([`ScheduleBasis::Time`]): one
//!   implicit checkpoint, 100 % at `start + immediate_grace_days` (30 by
//!   default), growing linearly until then.
//! * **持续推进 / 长期坚持 without a date** (also when it is 立行立改 too;
//!   [`ScheduleBasis::Reports`]): there is no percentage to reach. Instead a
//!   progress report is required for every monthly period, and the problem is
//!   on schedule when the last closed period has a report, behind when not.
//! * **No date, not immediate, not ongoing** ("按省里统一部署";
//!   [`ScheduleBasis::None`]): not assessed.
//!
//! Time-based verdicts compare the latest reported percentage (none reported
//! counts as 0 %) with the expectation: more than `tolerance_points` behind is
//! [`ScheduleVerdict::Behind`], more than `tolerance_points` ahead is
//! [`ScheduleVerdict::Ahead`], anything within is on schedule.
//!
//! # Reporting periods
//!
//! Reports are monthly ([`ReportPeriod`], "YYYY-MM"). The report for period
//! `YYYY-MM` is due on day `report_day` (28 by default, clamped to the end of
//! short months) of the month `report_month_offset` months later (0 by
//! default: "每月28日前报送当月进展"). A period is *closed* once its due date
//! has passed (a report on the due day itself is on time). The month in which
//! the problem starts is a partial month: the first period that requires a
//! report is the one after it.

use crate::deadline::DeadlineSpec;
use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A monthly reporting period, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportPeriod {
    year: i32,
    month: u32,
}

impl ReportPeriod {
    pub fn new(year: i32, month: u32) -> Option<ReportPeriod> {
        // Validate through chrono so the period always has a first day.
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| ReportPeriod { year, month })
    }

    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<ReportPeriod> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        ReportPeriod::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// The period a date falls in.
    pub fn of(date: NaiveDate) -> ReportPeriod {
        ReportPeriod {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn next(self) -> ReportPeriod {
        if self.month == 12 {
            ReportPeriod {
                year: self.year + 1,
                month: 1,
            }
        } else {
            ReportPeriod {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> ReportPeriod {
        if self.month == 1 {
            ReportPeriod {
                year: self.year - 1,
                month: 12,
            }
        } else {
            ReportPeriod {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    fn plus_months(self, n: u32) -> ReportPeriod {
        (0..n).fold(self, |p, _| p.next())
    }

    fn days_in_month(self) -> u32 {
        let next = self.next();
        match (
            NaiveDate::from_ymd_opt(self.year, self.month, 1),
            NaiveDate::from_ymd_opt(next.year, next.month, 1),
        ) {
            (Some(a), Some(b)) => u32::try_from((b - a).num_days()).unwrap_or(28),
            _ => 28,
        }
    }

    /// The day on which this period's report is due under `rules`.
    pub fn report_due(self, rules: &ScheduleRules) -> NaiveDate {
        let month = self.plus_months(rules.month_offset());
        let day = rules.report_day.clamp(1, month.days_in_month());
        NaiveDate::from_ymd_opt(month.year, month.month, day).unwrap_or(NaiveDate::MAX)
    }

    /// `2026年9月`.
    pub fn label_zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for ReportPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for ReportPeriod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportPeriod::parse(s)
            .ok_or_else(|| format!("报送期次应为 YYYY-MM / period must be YYYY-MM: {s}"))
    }
}

impl Serialize for ReportPeriod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReportPeriod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The configurable parts of the schedule rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleRules {
    /// Percentage points either side of the expectation still counted as on
    /// schedule. Default 10.
    pub tolerance_points: f64,
    /// Calendar days after the start within which a 立行立改 problem without a
    /// date is expected to be complete. Default 30.
    pub immediate_grace_days: u32,
    /// Day of the month by which a period's report is due. Default 28.
    pub report_day: u32,
    /// How many months after the period the report is due: 0 (default) means
    /// the report for September is due on 28 September, 1 on 28 October.
    /// Values above 12 count as 12.
    pub report_month_offset: u32,
}

impl ScheduleRules {
    fn month_offset(&self) -> u32 {
        self.report_month_offset.min(12)
    }
}

impl Default for ScheduleRules {
    fn default() -> Self {
        ScheduleRules {
            tolerance_points: 10.0,
            immediate_grace_days: 30,
            report_day: 28,
            report_month_offset: 0,
        }
    }
}

/// A dated point of the schedule: by `date`, `percent` of the work is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub date: NaiveDate,
    pub percent: f64,
    /// The milestone's wording, or the deadline's text for the final date.
    pub text: String,
    /// The final due date (100 %), as opposed to an intermediate milestone.
    pub is_final: bool,
}

/// What the expectation is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleBasis {
    /// Elapsed time against dated checkpoints.
    Time,
    /// Presence of monthly progress reports (持续推进 without a date).
    Reports,
    /// No expectation can be derived.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleVerdict {
    Ahead,
    OnSchedule,
    Behind,
    NotAssessed,
}

impl ScheduleVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleVerdict::Ahead => "ahead",
            ScheduleVerdict::OnSchedule => "on_schedule",
            ScheduleVerdict::Behind => "behind",
            ScheduleVerdict::NotAssessed => "not_assessed",
        }
    }
}

/// The result of [`assess`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleProgress {
    pub basis: ScheduleBasis,
    pub verdict: ScheduleVerdict,
    /// 超前序时进度 / 符合序时进度 / 滞后序时进度 (time basis),
    /// 按期报送进展 / 未按期报送进展 (reports basis), 无序时要求 (none).
    pub label_zh: String,
    /// Expected percentage by today, one decimal; `None` unless time basis.
    pub expected_percent: Option<f64>,
    /// The latest reported percentage, as given (clamped to 0–100).
    pub reported_percent: Option<f64>,
    /// Expected minus reported, one decimal: positive means behind.
    pub gap_points: Option<f64>,
    /// The first checkpoint after today, if any.
    pub next_checkpoint: Option<Checkpoint>,
    /// Reports basis: the latest period whose report is already due.
    pub last_closed_period: Option<ReportPeriod>,
}

fn label_zh(basis: ScheduleBasis, verdict: ScheduleVerdict) -> &'static str {
    match (basis, verdict) {
        (ScheduleBasis::Reports, ScheduleVerdict::Behind) => "未按期报送进展",
        (ScheduleBasis::Reports, _) => "按期报送进展",
        (_, ScheduleVerdict::Ahead) => "超前序时进度",
        (_, ScheduleVerdict::OnSchedule) => "符合序时进度",
        (_, ScheduleVerdict::Behind) => "滞后序时进度",
        (_, ScheduleVerdict::NotAssessed) => "无序时要求",
    }
}

static PERCENT_RE: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(\d{1,3}(?:\.\d+)?)\s*[%％]").ok());

fn stated_percent(text: &str) -> Option<f64> {
    let re = PERCENT_RE.as_ref()?;
    let caps = re.captures(text)?;
    let v: f64 = caps.get(1)?.as_str().parse().ok()?;
    (v > 0.0 && v < 100.0).then_some(v)
}

/// The dated checkpoints of a deadline (see the module rules), in date order;
/// empty when the deadline has no date and is not a plain 立行立改.
pub fn checkpoints(
    start: NaiveDate,
    deadline: &DeadlineSpec,
    rules: &ScheduleRules,
) -> Vec<Checkpoint> {
    let latest_milestone = deadline.milestones.iter().map(|m| m.due).max();
    let final_date = match (deadline.due, latest_milestone) {
        (Some(d), Some(m)) => Some(d.max(m)),
        (Some(d), None) => Some(d),
        (None, m) => m,
    };
    let Some(final_date) = final_date else {
        if deadline.immediate && !deadline.ongoing {
            let date = start
                .checked_add_days(chrono::Days::new(u64::from(rules.immediate_grace_days)))
                .unwrap_or(NaiveDate::MAX);
            return vec![Checkpoint {
                date,
                percent: 100.0,
                text: if deadline.text.is_empty() {
                    "立行立改".to_string()
                } else {
                    deadline.text.clone()
                },
                is_final: true,
            }];
        }
        return Vec::new();
    };

    let mut stages: Vec<(NaiveDate, String)> = Vec::new();
    let mut sorted: Vec<_> = deadline
        .milestones
        .iter()
        .filter(|m| m.due < final_date)
        .collect();
    sorted.sort_by_key(|m| m.due);
    for m in sorted {
        match stages.last_mut() {
            Some(last) if last.0 == m.due => {
                last.1.push('；');
                last.1.push_str(&m.text);
            }
            _ => stages.push((m.due, m.text.clone())),
        }
    }

    let stated: Vec<Option<f64>> = stages.iter().map(|(_, t)| stated_percent(t)).collect();
    let use_stated = !stages.is_empty()
        && stated.iter().all(Option::is_some)
        && stated.windows(2).all(|w| w[0] <= w[1]);
    let k = stages.len() + 1;
    let mut out: Vec<Checkpoint> = stages
        .into_iter()
        .enumerate()
        .map(|(i, (date, text))| {
            let percent = match stated.get(i).copied().flatten() {
                Some(p) if use_stated => p,
                _ => 100.0 * (i as f64 + 1.0) / k as f64,
            };
            Checkpoint {
                date,
                percent,
                text,
                is_final: false,
            }
        })
        .collect();
    let final_text = deadline
        .milestones
        .iter()
        .filter(|m| m.due == final_date)
        .map(|m| m.text.clone())
        .next()
        .unwrap_or_else(|| deadline.text.clone());
    out.push(Checkpoint {
        date: final_date,
        percent: 100.0,
        text: final_text,
        is_final: true,
    });
    out
}

/// The expected percentage on `today` for the given checkpoints, unrounded.
pub fn expected_percent(start: NaiveDate, checkpoints: &[Checkpoint], today: NaiveDate) -> f64 {
    let (mut prev_date, mut prev_pct) = (start, 0.0_f64);
    for cp in checkpoints {
        if today >= cp.date {
            prev_date = cp.date;
            prev_pct = cp.percent;
            continue;
        }
        if today <= prev_date {
            return prev_pct;
        }
        let span = (cp.date - prev_date).num_days();
        if span <= 0 {
            return cp.percent;
        }
        let elapsed = (today - prev_date).num_days();
        return prev_pct + (cp.percent - prev_pct) * elapsed as f64 / span as f64;
    }
    prev_pct
}

/// The first period that requires a report for a problem starting on `start`.
pub fn first_required_period(start: NaiveDate) -> ReportPeriod {
    ReportPeriod::of(start).next()
}

/// The latest period whose report is already due on `today` (its due date
/// is before today), provided it requires a report at all.
pub fn last_closed_period(
    start: NaiveDate,
    today: NaiveDate,
    rules: &ScheduleRules,
) -> Option<ReportPeriod> {
    let mut p = ReportPeriod::of(today);
    // The due date of `of(today)` lies at most `report_month_offset` months
    // ahead; walking back that far plus one always reaches a closed period.
    for _ in 0..=rules.month_offset() + 1 {
        if p.report_due(rules) < today {
            return (p >= first_required_period(start)).then_some(p);
        }
        p = p.prev();
    }
    None
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn clamp_percent(p: f64) -> f64 {
    if p.is_nan() {
        0.0
    } else {
        p.clamp(0.0, 100.0)
    }
}

/// Assesses schedule progress (序时进度).
///
/// * `start` — when the work started (the plan's issue date);
/// * `latest_percent` — the latest reported completion, 0–100 (`None`: never
///   reported, counted as 0 %);
/// * `reports` — submitted reports: period → the day it was submitted (only
///   presence matters here; lateness is a warning, see `warning`).
pub fn assess(
    start: NaiveDate,
    deadline: &DeadlineSpec,
    today: NaiveDate,
    latest_percent: Option<f64>,
    reports: &BTreeMap<ReportPeriod, NaiveDate>,
    rules: &ScheduleRules,
) -> ScheduleProgress {
    let reported = latest_percent.map(clamp_percent);
    let cps = checkpoints(start, deadline, rules);
    let tolerance = if rules.tolerance_points.is_nan() {
        0.0
    } else {
        rules.tolerance_points.abs()
    };

    if !cps.is_empty() {
        let expected = expected_percent(start, &cps, today);
        let gap = expected - reported.unwrap_or(0.0);
        let verdict = if gap > tolerance {
            ScheduleVerdict::Behind
        } else if gap < -tolerance {
            ScheduleVerdict::Ahead
        } else {
            ScheduleVerdict::OnSchedule
        };
        return ScheduleProgress {
            basis: ScheduleBasis::Time,
            verdict,
            label_zh: label_zh(ScheduleBasis::Time, verdict).to_string(),
            expected_percent: Some(round1(expected)),
            reported_percent: reported,
            gap_points: Some(round1(gap)),
            next_checkpoint: cps.into_iter().find(|c| c.date > today),
            last_closed_period: None,
        };
    }

    if deadline.ongoing {
        let closed = last_closed_period(start, today, rules);
        let verdict = match closed {
            Some(p) if !reports.contains_key(&p) => ScheduleVerdict::Behind,
            _ => ScheduleVerdict::OnSchedule,
        };
        return ScheduleProgress {
            basis: ScheduleBasis::Reports,
            verdict,
            label_zh: label_zh(ScheduleBasis::Reports, verdict).to_string(),
            expected_percent: None,
            reported_percent: reported,
            gap_points: None,
            next_checkpoint: None,
            last_closed_period: closed,
        };
    }

    ScheduleProgress {
        basis: ScheduleBasis::None,
        verdict: ScheduleVerdict::NotAssessed,
        label_zh: label_zh(ScheduleBasis::None, ScheduleVerdict::NotAssessed).to_string(),
        expected_percent: None,
        reported_percent: reported,
        gap_points: None,
        next_checkpoint: None,
        last_closed_period: None,
    }
}

#[cfg(test)]
mod tests;
