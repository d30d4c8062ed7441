//! The monthly dispatch notice (月调度通报): counts by status, the problems
//! signed off this month, overdue and warned problems, units that reported
//! late, a per-unit table and the escalations of the month — computed from
//! problem details, written as printable HTML, xlsx or docx.

pub(crate) mod docx;
mod html;
/// Section headings and table columns shared by the writers.
pub(crate) mod layout;
mod sections;
mod xlsx;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rectify_domain::stats::LedgerStats;
use rectify_domain::{normalize_unit_name, Decision, SignoffStep, Status, UnitAssignment};
use rectify_store::{Escalation, ProblemDetail, ESCALATION_KINDS};
use serde::{Deserialize, Serialize};

use crate::error::OfficeError;
use crate::ledger::{warning_level_rank, warnings_text};
use crate::text::{china_date, percent_text};

/// Units report progress for a month by this day of the month (每月28日前报送).
pub const REPORT_DUE_DAY: u32 = 28;

/// How many characters of a problem's description the notice quotes.
const PROBLEM_BRIEF_CHARS: usize = 120;

/// One problem named in a list of the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportItem {
    /// The plan's number for the problem ("（一）", "3").
    pub number: String,
    /// The plan's title.
    pub plan: String,
    /// The problem, abbreviated to about 120 characters.
    pub problem: String,
    /// The units that do the work, "、"-separated.
    pub units: String,
    /// The deadline as the plan words it.
    pub deadline: String,
    /// The status in Chinese.
    pub status: String,
    /// Why it is listed: "逾期35天", or the open warnings one a line.
    pub note: String,
    /// The highest open warning level (`yellow`, `orange`, `red`), if any.
    pub level: Option<String>,
}

/// One line of the per-unit table. `signed_off + in_progress + overdue = total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: String,
    /// Problems the unit works on (as primary, lead or responsible unit).
    pub total: i64,
    /// Of those, signed off (已销号).
    pub signed_off: i64,
    /// Not signed off and not overdue.
    pub in_progress: i64,
    /// Not signed off and past the due date.
    pub overdue: i64,
    /// 按期完成率: of the problems that are signed off or past their due date,
    /// the share signed off no later than the due date (a problem without a
    /// dated deadline counts as on time once signed off). `None` when no
    /// problem of the unit is signed off or due yet.
    pub on_time_rate_percent: Option<f64>,
}

/// The monthly dispatch notice, ready to be written in any format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyReport {
    /// The month reported on, "YYYY-MM".
    pub period: String,
    pub title: String,
    /// The day the figures were taken ("today").
    pub generated_on: NaiveDate,
    /// Every status in lifecycle order with its count, zeros included,
    /// labels in Chinese.
    pub counts_by_status: Vec<(String, i64)>,
    pub total: i64,
    /// (number, problem, units) of problems whose `file` sign-off step was
    /// approved in the period.
    pub completed_this_month: Vec<(String, String, String)>,
    /// Not signed off and due before the day of the report, most overdue first.
    pub overdue: Vec<ReportItem>,
    /// Problems with warnings not yet resolved, red first.
    pub warned: Vec<ReportItem>,
    /// (unit, number of its problems with no report for the period, or one
    /// sent after the 28th), most first.
    pub late_units: Vec<(String, i64)>,
    pub per_unit: Vec<UnitRow>,
    /// 按期完成率 of the whole ledger, defined as for each unit (and as on
    /// the dashboard: both read the same `LedgerStats`).
    #[serde(default)]
    pub on_time_rate_percent: Option<f64>,
    /// (date, kind in Chinese, whom and why) of the escalations dated in the
    /// period (通报、约谈、挂牌督办…).
    pub escalations: Vec<(String, String, String)>,
}

/// The first and last day of a "YYYY-MM" period.
pub fn period_bounds(period: &str) -> Result<(NaiveDate, NaiveDate), OfficeError> {
    let bad = || OfficeError::BadPeriod(period.to_string());
    let (y, m) = period.trim().split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .ok_or_else(bad)?;
    let last = next.pred_opt().ok_or_else(bad)?;
    Ok((first, last))
}

/// The default title: "生态环境保护督察整改工作月调度通报（2026年10月）".
pub fn default_title(first_day: NaiveDate) -> String {
    format!(
        "生态环境保护督察整改工作月调度通报（{}年{}月）",
        first_day.year(),
        first_day.month()
    )
}

fn number_of(d: &ProblemDetail) -> String {
    let n = d.row.number_text.trim();
    if n.is_empty() {
        d.row.seq.to_string()
    } else {
        n.to_string()
    }
}

fn brief(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= PROBLEM_BRIEF_CHARS {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(PROBLEM_BRIEF_CHARS).collect();
        s.push('…');
        s
    }
}

/// The units that carry out the work; all units when none is marked so.
fn working_units(units: &[UnitAssignment]) -> Vec<&UnitAssignment> {
    let working: Vec<&UnitAssignment> = units.iter().filter(|u| u.role.does_the_work()).collect();
    if working.is_empty() {
        units.iter().collect()
    } else {
        working
    }
}

fn working_unit_names(units: &[UnitAssignment]) -> String {
    let mut seen = HashSet::new();
    working_units(units)
        .into_iter()
        .filter(|u| seen.insert(normalize_unit_name(&u.name)))
        .map(|u| u.name.clone())
        .collect::<Vec<_>>()
        .join("、")
}

fn item(d: &ProblemDetail, note: String) -> ReportItem {
    let level = d
        .warnings
        .iter()
        .filter(|w| w.status != "resolved")
        .max_by_key(|w| warning_level_rank(&w.level))
        .map(|w| w.level.clone());
    ReportItem {
        number: number_of(d),
        plan: d.row.plan_title.clone(),
        problem: brief(&d.row.description),
        units: working_unit_names(&d.row.units),
        deadline: d.row.deadline.text.clone(),
        status: d.row.status.label_zh().to_string(),
        note,
        level,
    }
}

impl MonthlyReport {
    /// Computes the notice for `period` ("YYYY-MM") as of `today` from the
    /// details of the problems it covers. `extra_escalations` are escalations
    /// not attached to any of those details (a unit-level 约谈, say); those in
    /// the details are taken too, each once.
    pub fn build(
        period: &str,
        today: NaiveDate,
        details: &[ProblemDetail],
        extra_escalations: &[Escalation],
    ) -> Result<MonthlyReport, OfficeError> {
        let (first, last) = period_bounds(period)?;
        let period = first.format("%Y-%m").to_string();
        let report_due = first
            .with_day(REPORT_DUE_DAY)
            .ok_or_else(|| OfficeError::BadPeriod(period.clone()))?;

        // Counts, rates and the per-unit table come from the one LedgerStats
        // the dashboard reads, so the two cannot disagree.
        let facts: Vec<_> = details.iter().map(ProblemDetail::stat_fact).collect();
        let stats = LedgerStats::compute(&facts, today, &period);
        let counts_by_status = stats
            .by_status
            .iter()
            .map(|(s, n)| (s.label_zh().to_string(), *n))
            .collect();

        let is_signed_off = |d: &ProblemDetail| d.row.status == Status::SignedOff;

        let mut completed: Vec<(NaiveDate, String, String, String)> = details
            .iter()
            .filter_map(|d| {
                let day = d
                    .signoffs
                    .iter()
                    .filter(|s| s.step == SignoffStep::File && s.decision == Decision::Approve)
                    .map(|s| china_date(&s.at))
                    .filter(|day| *day >= first && *day <= last)
                    .max()?;
                Some((
                    day,
                    number_of(d),
                    brief(&d.row.description),
                    working_unit_names(&d.row.units),
                ))
            })
            .collect();
        completed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let completed_this_month = completed
            .into_iter()
            .map(|(_, n, p, u)| (n, p, u))
            .collect();

        let mut overdue: Vec<(i64, ReportItem)> = details
            .iter()
            .filter(|d| d.row.deadline.is_overdue(today, is_signed_off(d)))
            .filter_map(|d| {
                let due = d.row.deadline.due?;
                let days = (today - due).num_days();
                Some((days, item(d, format!("逾期{days}天"))))
            })
            .collect();
        overdue.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.number.cmp(&b.1.number)));
        let overdue = overdue.into_iter().map(|(_, i)| i).collect();

        let mut warned: Vec<ReportItem> = details
            .iter()
            .filter(|d| d.warnings.iter().any(|w| w.status != "resolved"))
            .map(|d| item(d, warnings_text(&d.warnings)))
            .collect();
        warned.sort_by(|a, b| {
            let ra = a.level.as_deref().map(warning_level_rank).unwrap_or(0);
            let rb = b.level.as_deref().map(warning_level_rank).unwrap_or(0);
            rb.cmp(&ra).then(a.number.cmp(&b.number))
        });

        // Reports: a missing report is late only once the 28th has passed.
        let missing_counts = today > report_due;
        let mut late: HashMap<String, (String, i64)> = HashMap::new();
        for d in details.iter().filter(|d| !is_signed_off(d)) {
            let first_sent = d
                .reports
                .iter()
                .filter(|r| {
                    r.period == period && (r.status == "submitted" || r.status == "accepted")
                })
                .map(|r| china_date(&r.submitted_at))
                .min();
            let is_late = match first_sent {
                Some(day) => day > report_due,
                None => missing_counts,
            };
            if is_late {
                let mut seen = HashSet::new();
                for u in working_units(&d.row.units) {
                    let key = normalize_unit_name(&u.name);
                    if seen.insert(key.clone()) {
                        late.entry(key).or_insert_with(|| (u.name.clone(), 0)).1 += 1;
                    }
                }
            }
        }
        let mut late_units: Vec<(String, i64)> = late.into_values().collect();
        late_units.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

        let per_unit: Vec<UnitRow> = stats
            .per_unit
            .iter()
            .map(|g| UnitRow {
                unit: g.name.clone(),
                total: g.total,
                signed_off: g.signed_off,
                in_progress: g.in_progress,
                overdue: g.overdue,
                on_time_rate_percent: g.on_time_rate(),
            })
            .collect();

        let numbers: HashMap<i64, String> =
            details.iter().map(|d| (d.row.id, number_of(d))).collect();
        let mut seen_ids = HashSet::new();
        let mut escalations: Vec<&Escalation> = details
            .iter()
            .flat_map(|d| d.escalations.iter())
            .chain(extra_escalations.iter())
            .filter(|e| e.date >= first && e.date <= last)
            .filter(|e| seen_ids.insert(e.id))
            .collect();
        escalations.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        let escalations = escalations
            .into_iter()
            .map(|e| {
                let kind = ESCALATION_KINDS
                    .iter()
                    .find(|(code, _)| *code == e.kind)
                    .map(|(_, zh)| zh.to_string())
                    .unwrap_or_else(|| e.kind.clone());
                let mut whom = Vec::new();
                if let Some(u) = e.unit_name.as_deref().filter(|u| !u.trim().is_empty()) {
                    whom.push(u.to_string());
                }
                if let Some(n) = e.problem_id.and_then(|id| numbers.get(&id)) {
                    whom.push(format!("问题{n}"));
                }
                let mut text = whom.join("，");
                if let Some(note) = e.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    if !text.is_empty() {
                        text.push('：');
                    }
                    text.push_str(note.trim());
                }
                if let Some(doc) = e.doc_number.as_deref().filter(|n| !n.trim().is_empty()) {
                    text.push_str(&format!("（{}）", doc.trim()));
                }
                (e.date.format("%Y-%m-%d").to_string(), kind, text)
            })
            .collect();

        Ok(MonthlyReport {
            title: default_title(first),
            period,
            generated_on: today,
            counts_by_status,
            total: stats.all.total,
            completed_this_month,
            overdue,
            warned,
            late_units,
            per_unit,
            on_time_rate_percent: stats.all.on_time_rate(),
            escalations,
        })
    }

    /// The same notice under another title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The count of one status, by its Chinese label.
    fn count_of(&self, status: Status) -> i64 {
        self.counts_by_status
            .iter()
            .find(|(label, _)| label == status.label_zh())
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    /// The opening paragraph of the notice (总体情况).
    pub fn summary_text(&self) -> String {
        let signed = self.count_of(Status::SignedOff);
        let rate = if self.total > 0 {
            percent_text(Some(signed as f64 * 100.0 / self.total as f64))
        } else {
            "—".to_string()
        };
        format!(
            "截至{}年{}月{}日，纳入台账的整改任务共{}项，已完成销号{}项（销号率{}），\
             其中本月完成销号{}项；按期完成率{}；逾期未完成{}项；处于预警状态{}项；\
             本月有{}个责任单位未按时报送进展情况。",
            self.generated_on.year(),
            self.generated_on.month(),
            self.generated_on.day(),
            self.total,
            signed,
            rate,
            self.completed_this_month.len(),
            percent_text(self.on_time_rate_percent),
            self.overdue.len(),
            self.warned.len(),
            self.late_units.len(),
        )
    }

    /// The period as "2026年10月".
    pub fn period_zh(&self) -> String {
        match period_bounds(&self.period) {
            Ok((first, _)) => format!("{}年{}月", first.year(), first.month()),
            Err(_) => self.period.clone(),
        }
    }

    /// The notice as a self-contained printable A4 HTML page.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The notice as an xlsx workbook, one sheet per section.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, OfficeError> {
        xlsx::render(self)
    }

    /// The notice as a Word document (docx).
    pub fn to_docx(&self) -> Result<Vec<u8>, OfficeError> {
        docx::render(self)
    }
}

/// One section of the notice: heading, table header, rows.
pub(crate) type Section = (&'static str, Vec<&'static str>, Vec<Vec<String>>);
