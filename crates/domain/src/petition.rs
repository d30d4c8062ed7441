//! 信访件: public complaints handed over by the inspectors (交办信访件) or
//! taken by the 12345 / 12369 hotlines and the portal, each followed to
//! closure (办结销号). The vocabularies, the import row, the deadline, the
//! warnings and the closure gate live here; duplicate and rebound matching is
//! in `rectify-petitions`.

use crate::calendar::{CalendarError, WorkCalendar};
use crate::error::{Error, ErrorCode, Result};
use crate::warning::WarningLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable code scripts use.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Chinese word offices write.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// Reads the code or the Chinese word.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.as_str() == s || v.label_zh() == s)
            }
        }
    };
}

vocabulary! {
    /// Where a petition came from.
    Source {
        Handover = "handover", "督察交办";
        Hotline12345 = "hotline_12345", "12345热线";
        Hotline12369 = "hotline_12369", "12369热线";
        Portal = "portal", "网上受理";
    }
}

vocabulary! {
    /// 办理状态. A closed petition that comes back is reopened to `Handling`.
    PetitionStatus {
        Received = "received", "待办理";
        Handling = "handling", "办理中";
        Closed = "closed", "已办结";
    }
}

vocabulary! {
    /// 调查核实情况: is what the petitioner says true?
    Verification {
        True = "true", "属实";
        Partly = "partly", "部分属实";
        False = "false", "不属实";
    }
}

vocabulary! {
    /// 是否符合办结（销号）标准.
    ClosureStandard {
        Meets = "meets", "符合";
        Basically = "basically", "基本符合";
        Fails = "fails", "不符合";
    }
}

vocabulary! {
    /// 回访满意度.
    Satisfaction {
        Satisfied = "satisfied", "满意";
        Basically = "basically", "基本满意";
        Dissatisfied = "dissatisfied", "不满意";
    }
}

impl Satisfaction {
    /// Hotline exports write satisfaction many ways (非常满意, 比较满意, 一般…).
    pub fn read(s: &str) -> Option<Satisfaction> {
        let s = s.trim();
        if let Some(v) = Satisfaction::parse(s) {
            return Some(v);
        }
        if s.contains("不满意") {
            Some(Satisfaction::Dissatisfied)
        } else if ["基本", "比较", "一般"].iter().any(|w| s.contains(w)) {
            Some(Satisfaction::Basically)
        } else if s.contains("满意") {
            Some(Satisfaction::Satisfied)
        } else {
            None
        }
    }
}

/// 处理情况: what was done about the polluter, the counts the plans report
/// (「责令整改N家，立案处罚N家，罚款N万元，行政拘留N人，约谈N人，问责N人」).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionMeasures {
    /// 责令整改 (enterprises ordered to rectify).
    pub ordered: i64,
    /// 立案处罚 (cases filed for penalty).
    pub penalty_cases: i64,
    /// 罚款金额 in 万元.
    pub fines_wan: f64,
    /// 拘留 (persons detained).
    pub detained: i64,
    /// 约谈 (persons summoned for a talk).
    pub interviewed: i64,
    /// 问责 (persons held accountable).
    pub accountable: i64,
}

impl PetitionMeasures {
    pub fn check(&self) -> Result<()> {
        let counts = [
            self.ordered,
            self.penalty_cases,
            self.detained,
            self.interviewed,
            self.accountable,
        ];
        if counts.iter().any(|n| !(0..=100_000).contains(n))
            || !self.fines_wan.is_finite()
            || !(0.0..=1_000_000.0).contains(&self.fines_wan)
        {
            return Err(Error::with(
                ErrorCode::InvalidInput,
                "处理情况的数量须为0到100000之间的整数，罚款金额须为0到100万万元 / \
                 counts must be 0-100000 and fines 0-1000000 (10k yuan)",
            ));
        }
        Ok(())
    }
}

/// One row of a handover list or a hotline export, as read from the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionRow {
    /// The line of the file (1 = the header), for error messages.
    pub line: usize,
    /// 受理编号 / 工单编号.
    pub code: String,
    /// 交办日期 / 受理时间.
    pub received_on: Option<NaiveDate>,
    /// 行政区域.
    pub area: String,
    /// 污染类型 / 诉求类型.
    pub kind: String,
    /// 交办问题基本情况 / 诉求内容.
    pub content: String,
    /// 事发地点, when the file has one.
    pub address: String,
    /// 承办单位 / 责任单位, when the file names one.
    pub unit: Option<String>,
    /// 办理结果, when the export carries one.
    pub result: Option<String>,
    /// 回访满意度, when the export carries one.
    pub satisfaction: Option<Satisfaction>,
    /// 反映人 / 来电人 and 联系电话: personal data, never public.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Every other column, by its header, as written.
    pub extra: BTreeMap<String, String>,
}

/// A handover list or hotline export, read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionFile {
    pub source: Option<Source>,
    pub rows: Vec<PetitionRow>,
    /// Headers that matched no known column (kept in `extra`).
    pub unknown_columns: Vec<String>,
}

/// Working days a unit has to close a petition (办理时限) unless the office
/// sets another due date: 15 working days, the common term of the 12345
/// hotlines and of the inspectors' 边督边改 handovers.
pub const DEFAULT_TERM_WORKDAYS: u32 = 15;

/// The due date of a petition received on `received_on`.
pub fn due_date(
    cal: &WorkCalendar,
    received_on: NaiveDate,
) -> std::result::Result<NaiveDate, CalendarError> {
    cal.add_workdays(received_on, DEFAULT_TERM_WORKDAYS)
}

/// A petition's warning now: `rebound` (it matches something closed) is
/// red; overdue is red; due within 3 days is yellow; closed petitions warn
/// no more.
pub fn warning(
    status: PetitionStatus,
    due: Option<NaiveDate>,
    rebound: bool,
    today: NaiveDate,
) -> Option<(WarningLevel, &'static str)> {
    if status == PetitionStatus::Closed {
        return None;
    }
    if rebound {
        return Some((WarningLevel::Red, "rebound"));
    }
    let due = due?;
    if due < today {
        Some((WarningLevel::Red, "overdue"))
    } else if (due - today).num_days() <= 3 {
        Some((WarningLevel::Yellow, "due_soon"))
    } else {
        None
    }
}

/// What 办结销号 needs to know about a petition now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClosureFacts {
    pub status: Option<PetitionStatus>,
    pub verification: Option<Verification>,
    pub result: String,
    pub closure_standard: Option<ClosureStandard>,
    /// Evidence files attached.
    pub evidence: i64,
    /// The petitioner left a contact, so a return visit is owed.
    pub has_contact: bool,
    /// The latest return visit's satisfaction, if any.
    pub last_visit: Option<Satisfaction>,
}

/// The closure gate, the same kind of gate as a problem's 自查自验: a
/// verification result, the result written down, the closure standard met
/// (符合 or 基本符合), evidence when the complaint was true, and — when the
/// petitioner can be reached — a return visit that is not 不满意. Every
/// unmet condition is listed, so the unit sees all it has to do at once.
pub fn check_closure(f: &ClosureFacts) -> Result<()> {
    if f.status == Some(PetitionStatus::Closed) {
        return Err(Error::with(
            ErrorCode::PetitionClosed,
            "该信访件已办结 / already closed",
        ));
    }
    let mut missing: Vec<(&str, &str)> = vec![];
    if f.verification.is_none() {
        missing.push(("调查核实结果（属实/部分属实/不属实）", "verification"));
    }
    if f.result.trim().is_empty() {
        missing.push(("办理结果", "the result"));
    }
    match f.closure_standard {
        None => missing.push(("是否符合办结标准", "closure standard")),
        Some(ClosureStandard::Fails) => missing.push((
            "办结标准为「不符合」，须继续办理",
            "the closure standard is not met",
        )),
        Some(_) => {}
    }
    let true_complaint = matches!(
        f.verification,
        Some(Verification::True | Verification::Partly)
    );
    if true_complaint && f.evidence < 1 {
        missing.push(("佐证材料（属实或部分属实时至少1份）", "evidence"));
    }
    if f.has_contact {
        match f.last_visit {
            None => missing.push(("回访记录", "a return visit")),
            Some(Satisfaction::Dissatisfied) => missing.push((
                "最近一次回访不满意，须再次办理并回访",
                "the last return visit was dissatisfied",
            )),
            Some(_) => {}
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        let zh: Vec<&str> = missing.iter().map(|m| m.0).collect();
        let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
        Err(Error::with(
            ErrorCode::PetitionClosureIncomplete,
            format!("{} / {}", zh.join("；"), en.join("; ")),
        ))
    }
}

/// Figures as the plans quote them: received, verified true, closed, the
/// closure-standard rate, repeated complaints, satisfaction, penalties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionStats {
    /// The dimension value (unit, area, type, batch) or 「合计」.
    pub key: String,
    pub received: i64,
    pub verified_true: i64,
    pub verified_partly: i64,
    pub verified_false: i64,
    pub closed: i64,
    pub overdue: i64,
    /// Closed and 符合 / 基本符合.
    pub meets_standard: i64,
    /// In a confirmed or suggested duplicate group.
    pub repeated: i64,
    pub rebound: i64,
    pub visits: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub ordered: i64,
    pub penalty_cases: i64,
    pub fines_wan: f64,
    pub detained: i64,
    pub interviewed: i64,
    pub accountable: i64,
}

fn rate(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0)
}

impl PetitionStats {
    /// 办结率: closed of received, in percent to one decimal.
    pub fn closure_rate(&self) -> Option<f64> {
        rate(self.closed, self.received)
    }
    /// 符合销号标准占比: closed meeting the standard, of closed.
    pub fn standard_rate(&self) -> Option<f64> {
        rate(self.meets_standard, self.closed)
    }
    /// 重复举报率.
    pub fn repeat_rate(&self) -> Option<f64> {
        rate(self.repeated, self.received)
    }
    /// 满意率: 满意 and 基本满意 of visits with an answer.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied + self.basically_satisfied, self.visits)
    }
    /// 属实率 (属实 and 部分属实, of verified).
    pub fn true_rate(&self) -> Option<f64> {
        rate(
            self.verified_true + self.verified_partly,
            self.verified_true + self.verified_partly + self.verified_false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn ready() -> ClosureFacts {
        ClosureFacts {
            status: Some(PetitionStatus::Handling),
            verification: Some(Verification::True),
            result: "已责令停产整改，粉尘治理设施已安装".into(),
            closure_standard: Some(ClosureStandard::Meets),
            evidence: 1,
            has_contact: true,
            last_visit: Some(Satisfaction::Basically),
        }
    }

    #[test]
    fn a_complete_petition_may_close() {
        assert!(check_closure(&ready()).is_ok());
    }

    #[test]
    fn every_missing_condition_is_named() {
        let f = ClosureFacts {
            status: Some(PetitionStatus::Received),
            has_contact: true,
            ..Default::default()
        };
        let e = check_closure(&f).expect_err("refused");
        assert_eq!(e.code, ErrorCode::PetitionClosureIncomplete);
        let msg = e.to_string();
        for part in ["调查核实", "办理结果", "办结标准", "回访"] {
            assert!(msg.contains(part), "{part} in {msg}");
        }
    }

    #[test]
    fn true_complaints_need_evidence_and_false_ones_do_not() {
        let mut f = ready();
        f.evidence = 0;
        assert!(check_closure(&f).is_err());
        f.verification = Some(Verification::False);
        assert!(check_closure(&f).is_ok());
    }

    #[test]
    fn a_dissatisfied_visit_or_a_failed_standard_blocks_closure() {
        let mut f = ready();
        f.last_visit = Some(Satisfaction::Dissatisfied);
        assert!(check_closure(&f).is_err());
        let mut f = ready();
        f.closure_standard = Some(ClosureStandard::Fails);
        assert!(check_closure(&f).is_err());
        let mut f = ready();
        f.has_contact = false;
        f.last_visit = None;
        assert!(check_closure(&f).is_ok(), "anonymous: no visit owed");
    }

    #[test]
    fn closed_twice_is_refused() {
        let mut f = ready();
        f.status = Some(PetitionStatus::Closed);
        assert_eq!(
            check_closure(&f).expect_err("closed").code,
            ErrorCode::PetitionClosed
        );
    }

    #[test]
    fn warnings_follow_the_due_date_and_rebounds() {
        let today = d("2026-12-07");
        let h = PetitionStatus::Handling;
        assert_eq!(
            warning(h, Some(d("2026-12-06")), false, today),
            Some((WarningLevel::Red, "overdue"))
        );
        assert_eq!(
            warning(h, Some(d("2026-12-09")), false, today),
            Some((WarningLevel::Yellow, "due_soon"))
        );
        assert_eq!(warning(h, Some(d("2026-12-31")), false, today), None);
        assert_eq!(
            warning(h, Some(d("2026-12-31")), true, today),
            Some((WarningLevel::Red, "rebound"))
        );
        assert_eq!(
            warning(PetitionStatus::Closed, Some(d("2026-01-01")), true, today),
            None
        );
    }

    #[test]
    fn due_date_counts_working_days_over_holidays() {
        let cal = WorkCalendar::official();
        // 2026-09-28 (Mon) + 15 working days crosses the National Day week.
        let due = due_date(&cal, d("2026-09-28")).expect("covered");
        assert!(due > d("2026-10-16"), "{due}");
    }

    #[test]
    fn vocabularies_read_codes_and_chinese() {
        assert_eq!(Verification::parse("部分属实"), Some(Verification::Partly));
        assert_eq!(Verification::parse("partly"), Some(Verification::Partly));
        assert_eq!(
            Satisfaction::read("非常满意"),
            Some(Satisfaction::Satisfied)
        );
        assert_eq!(
            Satisfaction::read("比较满意"),
            Some(Satisfaction::Basically)
        );
        assert_eq!(
            Satisfaction::read("不满意"),
            Some(Satisfaction::Dissatisfied)
        );
        assert_eq!(Satisfaction::read("未回访"), None);
        assert_eq!(Source::parse("12369热线"), Some(Source::Hotline12369));
    }

    #[test]
    fn rates_are_percent_to_one_decimal() {
        let s = PetitionStats {
            received: 3,
            closed: 2,
            meets_standard: 2,
            ..Default::default()
        };
        assert_eq!(s.closure_rate(), Some(66.7));
        assert_eq!(s.standard_rate(), Some(100.0));
        assert_eq!(PetitionStats::default().closure_rate(), None);
    }

    #[test]
    fn measures_are_checked() {
        assert!(PetitionMeasures::default().check().is_ok());
        let m = PetitionMeasures {
            fines_wan: f64::NAN,
            ..Default::default()
        };
        assert!(m.check().is_err());
    }
}
