//! The ledger's figures, computed in one place: the dashboard, the monthly
//! notice and the assessment all read a [`LedgerStats`], so the same office
//! never sees two different on-time rates for the same day.

use crate::deadline::DeadlineSpec;
use crate::lifecycle::Status;
use crate::unit::normalize_unit_name;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The facts about one problem that the figures need (the store reads them
/// for a whole scope in one query).
#[derive(Debug, Clone, PartialEq)]
pub struct StatFact {
    pub problem_id: i64,
    pub status: Status,
    pub deadline: DeadlineSpec,
    /// The day the `file` step was approved (China time), if signed off.
    pub signed_off_on: Option<NaiveDate>,
    /// The units that do the work (primary, lead, responsible).
    pub work_units: Vec<String>,
    pub leaders: Vec<String>,
    /// The problem's category (问题类别) as the plan titles it.
    pub category: Option<String>,
    pub jurisdiction: Option<String>,
    /// The highest open warning level (`yellow`, `orange`, `red`).
    pub warning_level: Option<String>,
    /// The latest period a report was filed for (`YYYY-MM`).
    pub latest_period: Option<String>,
}

/// Figures for one unit, leader or jurisdiction.
/// `signed_off + in_progress + overdue = total`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    pub name: String,
    pub total: i64,
    pub signed_off: i64,
    /// Not signed off and not overdue.
    pub in_progress: i64,
    /// Of `in_progress`, those in the sign-off procedure.
    pub in_signoff: i64,
    /// Not signed off and past the due date.
    pub overdue: i64,
    /// Signed off or past the due date: the base of the on-time rate.
    pub due_or_done: i64,
    /// Signed off no later than the due date (or without a dated deadline).
    pub on_time: i64,
}

impl GroupStats {
    fn new(name: &str) -> GroupStats {
        GroupStats {
            name: name.to_string(),
            total: 0,
            signed_off: 0,
            in_progress: 0,
            in_signoff: 0,
            overdue: 0,
            due_or_done: 0,
            on_time: 0,
        }
    }

    fn add(&mut self, f: &StatFact, today: NaiveDate) {
        self.total += 1;
        match classify(f, today) {
            Class::SignedOff { on_time } => {
                self.signed_off += 1;
                self.due_or_done += 1;
                self.on_time += i64::from(on_time);
            }
            Class::Overdue => {
                self.overdue += 1;
                self.due_or_done += 1;
            }
            Class::Open => {
                self.in_progress += 1;
                self.in_signoff += i64::from(f.status.in_signoff());
            }
        }
    }

    /// 按期完成率 in percent: of the problems signed off or past their due
    /// date, the share signed off no later than the due date. `None` when
    /// none is signed off or due yet.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.on_time, self.due_or_done)
    }

    /// 完成率 in percent: signed off of all.
    pub fn completion_rate(&self) -> Option<f64> {
        rate(self.signed_off, self.total)
    }
}

fn rate(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| n as f64 * 100.0 / d as f64)
}

enum Class {
    SignedOff { on_time: bool },
    Overdue,
    Open,
}

fn classify(f: &StatFact, today: NaiveDate) -> Class {
    if f.status == Status::SignedOff {
        let on_time = match (f.deadline.due, f.signed_off_on) {
            (Some(due), Some(day)) => day <= due,
            _ => true,
        };
        Class::SignedOff { on_time }
    } else if f.deadline.is_overdue(today, false) {
        Class::Overdue
    } else {
        Class::Open
    }
}

/// The figures of a ledger (or of the part a user may read) on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerStats {
    pub today: NaiveDate,
    /// The whole scope as one group: total, signed off, overdue, on time.
    pub all: GroupStats,
    /// Every status in lifecycle order with its count, zeros included.
    pub by_status: Vec<(Status, i64)>,
    /// In the sign-off procedure (self-checked to verifying).
    pub in_signoff: i64,
    /// Problems with an open red or orange warning.
    pub red_orange: i64,
    /// Problems whose final due date has passed, and of those signed off.
    pub due_passed: i64,
    pub due_passed_signed_off: i64,
    /// Per unit doing the work, most overdue first.
    pub per_unit: Vec<GroupStats>,
    pub per_leader: Vec<GroupStats>,
    pub per_jurisdiction: Vec<GroupStats>,
    pub per_category: Vec<GroupStats>,
    /// Problems not signed off whose report for `report_period` (the last
    /// month whose report day has passed) is missing, oldest report first.
    pub report_missing: Vec<i64>,
    pub report_period: String,
}

fn grouped<'a>(
    facts: &'a [StatFact],
    today: NaiveDate,
    keys: impl Fn(&'a StatFact) -> Vec<(String, &'a str)>,
) -> Vec<GroupStats> {
    let mut m: BTreeMap<String, GroupStats> = BTreeMap::new();
    for f in facts {
        let mut seen = HashSet::new();
        for (key, name) in keys(f) {
            if seen.insert(key.clone()) {
                m.entry(key)
                    .or_insert_with(|| GroupStats::new(name))
                    .add(f, today);
            }
        }
    }
    let mut v: Vec<GroupStats> = m.into_values().collect();
    v.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.total.cmp(&a.total))
            .then(a.name.cmp(&b.name))
    });
    v
}

impl LedgerStats {
    /// `report_period` is the month whose report must be in (`YYYY-MM`).
    pub fn compute(facts: &[StatFact], today: NaiveDate, report_period: &str) -> LedgerStats {
        let mut all = GroupStats::new("合计");
        for f in facts {
            all.add(f, today);
        }
        let count = |s: Status| facts.iter().filter(|f| f.status == s).count() as i64;
        let due_passed: Vec<&StatFact> = facts
            .iter()
            .filter(|f| f.deadline.due.is_some_and(|d| d < today))
            .collect();
        LedgerStats {
            today,
            by_status: Status::ALL.iter().map(|s| (*s, count(*s))).collect(),
            in_signoff: facts.iter().filter(|f| f.status.in_signoff()).count() as i64,
            red_orange: facts
                .iter()
                .filter(|f| matches!(f.warning_level.as_deref(), Some("red" | "orange")))
                .count() as i64,
            due_passed: due_passed.len() as i64,
            due_passed_signed_off: due_passed
                .iter()
                .filter(|f| f.status == Status::SignedOff)
                .count() as i64,
            per_unit: grouped(facts, today, |f| {
                f.work_units
                    .iter()
                    .map(|u| (normalize_unit_name(u), u.as_str()))
                    .collect()
            }),
            per_leader: grouped(facts, today, |f| {
                f.leaders.iter().map(|l| (l.clone(), l.as_str())).collect()
            }),
            per_jurisdiction: grouped(facts, today, |f| {
                let j = f.jurisdiction.as_deref().unwrap_or("其他");
                vec![(j.to_string(), j)]
            }),
            per_category: grouped(facts, today, |f| {
                let c = f.category.as_deref().unwrap_or("未分类");
                vec![(c.to_string(), c)]
            }),
            report_missing: {
                let mut missing: Vec<&StatFact> = facts
                    .iter()
                    .filter(|f| {
                        f.status != Status::SignedOff
                            && f.latest_period.as_deref().is_none_or(|p| p < report_period)
                    })
                    .collect();
                missing.sort_by(|a, b| {
                    a.latest_period
                        .cmp(&b.latest_period)
                        .then(a.problem_id.cmp(&b.problem_id))
                });
                missing.into_iter().map(|f| f.problem_id).collect()
            },
            report_period: report_period.to_string(),
            all,
        }
    }

    pub fn count(&self, status: Status) -> i64 {
        self.by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn fact(
        id: i64,
        status: Status,
        due: Option<&str>,
        done: Option<&str>,
        unit: &str,
    ) -> StatFact {
        StatFact {
            problem_id: id,
            status,
            deadline: DeadlineSpec {
                due: due.map(d),
                ..DeadlineSpec::default()
            },
            signed_off_on: done.map(d),
            work_units: vec![unit.to_string()],
            leaders: vec!["张三".into()],
            category: None,
            jurisdiction: Some("衡阳市".into()),
            warning_level: None,
            latest_period: None,
        }
    }

    #[test]
    fn on_time_rate_counts_late_sign_offs_and_overdue_problems() {
        let today = d("2026-11-20");
        let facts = vec![
            fact(
                1,
                Status::SignedOff,
                Some("2026-06-30"),
                Some("2026-06-01"),
                "市生态环境局",
            ),
            fact(
                2,
                Status::SignedOff,
                Some("2026-06-30"),
                Some("2026-07-15"),
                "市生态环境局",
            ),
            fact(
                3,
                Status::InProgress,
                Some("2026-09-30"),
                None,
                "市 生态环境局",
            ),
            fact(4, Status::InProgress, Some("2027-06-30"), None, "市住建局"),
        ];
        let s = LedgerStats::compute(&facts, today, "2026-10");
        assert_eq!(s.all.total, 4);
        assert_eq!(s.all.overdue, 1);
        assert_eq!(s.all.on_time_rate(), Some(100.0 / 3.0));
        assert_eq!(s.count(Status::SignedOff), 2);
        assert_eq!(s.due_passed, 3);
        assert_eq!(s.due_passed_signed_off, 2);
        // One unit under two spellings is one row.
        assert_eq!(s.per_unit.len(), 2);
        assert_eq!(s.per_unit[0].name, "市生态环境局");
        assert_eq!(s.per_unit[0].total, 3);
        let u = &s.per_unit[0];
        assert_eq!(u.signed_off + u.in_progress + u.overdue, u.total);
        // Problems not signed off without a report for October are missing.
        assert_eq!(s.report_missing, vec![3, 4]);
    }
}
