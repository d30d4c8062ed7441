//! The 公示 notice: its text, built from the problem, the plan's notice
//! settings and the accepted work, when the office starts the notice.
//! Published notices of this kind (Anhui, Hunan) carry these parts: a
//! title 「关于……整改完成情况的公示」, the problem, 整改责任单位, the
//! measures and targets, 完成时限, 整改完成情况 with the evidence, the
//! period as dates and working days, where and how to object, the issuing
//! body and the date. Pure: the same facts give the same text.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest a setting may be (a title, an address, a body's name).
pub const SETTING_MAX_CHARS: usize = 200;

/// The default title; `{编号}` is the problem's number, `{问题}` the start
/// of its description, `{方案}` the plan's title.
pub const DEFAULT_TITLE: &str = "关于督察反馈问题{编号}整改完成情况的公示";

/// A plan's own notice wording and contacts, set by the office. Empty
/// fields fall back to defaults (title, bodies) or are left out (contacts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSettings {
    /// The title with placeholders `{编号}`, `{问题}`, `{方案}`.
    pub title: Option<String>,
    /// The unit that receives objections (异议受理单位).
    pub receiver: Option<String>,
    /// 监督电话.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 通信地址.
    pub address: Option<String>,
    /// 发布单位.
    pub issuer: Option<String>,
}

/// The facts a notice is built from, gathered when the notice starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFacts {
    pub plan_title: String,
    pub jurisdiction: Option<String>,
    pub problem_number: String,
    pub problem_description: String,
    /// 整改责任单位 (the units doing the work).
    pub units: Vec<String>,
    pub target: Option<String>,
    pub measures: Vec<String>,
    /// 整改时限 as the plan writes it.
    pub deadline_text: String,
    /// The latest accepted progress report: period, percent, text.
    pub final_report: Option<(String, i64, String)>,
    /// The public evidence: "kind：file name".
    pub evidence: Vec<String>,
    pub notice_start: NaiveDate,
    pub notice_end: NaiveDate,
    pub workdays: i64,
    /// Where on the portal the problem is (a path or a full address).
    pub portal_path: String,
    pub issued_on: NaiveDate,
}

/// One part of the notice: an optional heading and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePart {
    pub heading: String,
    pub text: String,
}

/// The issued notice, part by part, as stored and published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub title: String,
    /// The opening paragraph.
    pub intro: String,
    /// 一、反馈问题 … 七、意见反馈, in order.
    pub parts: Vec<NoticePart>,
    pub issuer: String,
    /// The date line, e.g. 2026年12月1日.
    pub date_line: String,
}

/// A date as Chinese notices write it: 2026年12月1日.
pub fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn short(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}……", s.chars().take(n).collect::<String>())
    }
}

/// The problem's number as a title writes it: （二） stays, "14、" → 14.
fn number(n: &str) -> String {
    n.trim()
        .trim_end_matches(['、', '.', '．', ' '])
        .to_string()
}

impl NoticeSettings {
    /// The issuing body: the setting, else the jurisdiction's 整改办.
    pub fn issuer_or_default(&self, jurisdiction: Option<&str>) -> String {
        match nonempty(&self.issuer) {
            Some(s) => s.to_string(),
            None => format!(
                "{}生态环境保护督察整改工作领导小组办公室",
                jurisdiction.unwrap_or("")
            ),
        }
    }
}

/// Builds the notice from its facts and the plan's settings.
pub fn build(f: &NoticeFacts, s: &NoticeSettings) -> Notice {
    let no = number(&f.problem_number);
    let title = nonempty(&s.title)
        .unwrap_or(DEFAULT_TITLE)
        .replace("{编号}", &no)
        .replace("{问题}", &short(&f.problem_description, 20))
        .replace("{方案}", f.plan_title.trim());
    let issuer = s.issuer_or_default(f.jurisdiction.as_deref());
    let receiver = nonempty(&s.receiver).map_or_else(|| issuer.clone(), str::to_string);
    let units = if f.units.is_empty() {
        "（未列明）".to_string()
    } else {
        f.units.join("、")
    };
    let intro = format!(
        "根据《{}》和督察整改销号工作要求，{}已完成督察反馈问题{}的整改任务，\
         经责任单位自查自验、整改办初审，现将整改完成情况予以公示，接受社会监督。",
        f.plan_title.trim(),
        units,
        no
    );
    let mut parts = vec![];
    let mut part = |heading: &str, text: String| {
        parts.push(NoticePart {
            heading: heading.to_string(),
            text,
        });
    };
    part(
        "一、反馈问题",
        format!("{no} {}", f.problem_description.trim()),
    );
    part("二、整改责任单位", units.clone());
    let mut goals = String::new();
    if let Some(t) = f.target.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        goals.push_str(&format!("整改目标：{t}"));
    }
    if !f.measures.is_empty() {
        if !goals.is_empty() {
            goals.push('\n');
        }
        goals.push_str("整改措施：");
        for (i, m) in f.measures.iter().enumerate() {
            goals.push_str(&format!("\n{}. {}", i + 1, m.trim()));
        }
    }
    if goals.is_empty() {
        goals.push_str("（未列明）");
    }
    part("三、整改目标和措施", goals);
    part("四、完成时限", f.deadline_text.trim().to_string());
    let mut done = match &f.final_report {
        Some((period, percent, text)) => format!(
            "截至{}，整改进度{}%。{}",
            period_zh(period),
            percent,
            text.trim()
        ),
        None => "暂无经整改办审核采纳的进展报告。".to_string(),
    };
    if f.evidence.is_empty() {
        done.push_str("\n佐证材料：无公开的佐证材料。");
    } else {
        done.push_str("\n佐证材料：");
        for e in &f.evidence {
            done.push_str(&format!("\n· {e}"));
        }
    }
    part("五、整改完成情况", done);
    part(
        "六、公示期",
        format!(
            "{}至{}（{}个工作日）。",
            date_zh(f.notice_start),
            date_zh(f.notice_end),
            f.workdays
        ),
    );
    let mut how = format!(
        "公示期间，对整改完成情况有异议的，请以书面、电话或电子邮件等方式向{receiver}反映。"
    );
    if let Some(p) = nonempty(&s.phone) {
        how.push_str(&format!("\n监督电话：{p}"));
    }
    if let Some(e) = nonempty(&s.email) {
        how.push_str(&format!("\n电子邮箱：{e}"));
    }
    if let Some(a) = nonempty(&s.address) {
        how.push_str(&format!("\n通信地址：{a}"));
    }
    how.push_str(&format!(
        "\n也可在整改公开网站该问题页面（{}）在线提出异议，提交后获得异议受理编号，凭编号查询处理情况。\
         反映情况应实事求是，联系方式仅用于核实，不予公开。",
        f.portal_path
    ));
    part("七、意见反馈", how);
    Notice {
        title,
        intro,
        parts,
        issuer,
        date_line: date_zh(f.issued_on),
    }
}

/// "2026-11" → 2026年11月; anything else as written.
fn period_zh(p: &str) -> String {
    match p.split_once('-') {
        Some((y, m)) if y.len() == 4 && m.parse::<u32>().is_ok() => {
            format!("{y}年{}月", m.parse::<u32>().unwrap_or(0))
        }
        _ => p.to_string(),
    }
}

impl Notice {
    /// The whole notice as plain text, one paragraph a line.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n\n{}\n", self.title, self.intro);
        for p in &self.parts {
            out.push_str(&format!("{}\n{}\n", p.heading, p.text));
        }
        out.push_str(&format!("\n{}\n{}\n", self.issuer, self.date_line));
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts() -> NoticeFacts {
        NoticeFacts {
            plan_title: "衡阳市贯彻落实督察反馈意见整改方案".into(),
            jurisdiction: Some("衡阳市".into()),
            problem_number: "（二）".into(),
            problem_description: "高新区污水处理厂超标排放".into(),
            units: vec!["高新区管委会".into(), "市生态环境局".into()],
            target: Some("出水稳定达标".into()),
            measures: vec!["完成提标改造".into(), "安装在线监测".into()],
            deadline_text: "2026年11月底".into(),
            final_report: Some(("2026-11".into(), 100, "提标改造已完成并通过验收".into())),
            evidence: vec!["验收意见：验收意见.pdf".into()],
            notice_start: d("2026-12-01"),
            notice_end: d("2026-12-08"),
            workdays: 5,
            portal_path: "/public/problems/2".into(),
            issued_on: d("2026-12-01"),
        }
    }

    #[test]
    fn default_notice_has_every_part() {
        let n = build(&facts(), &NoticeSettings::default());
        assert_eq!(n.title, "关于督察反馈问题（二）整改完成情况的公示");
        let t = n.text();
        for want in [
            "高新区污水处理厂超标排放",
            "二、整改责任单位\n高新区管委会、市生态环境局",
            "整改目标：出水稳定达标",
            "1. 完成提标改造",
            "2. 安装在线监测",
            "四、完成时限\n2026年11月底",
            "截至2026年11月，整改进度100%。提标改造已完成并通过验收",
            "· 验收意见：验收意见.pdf",
            "2026年12月1日至2026年12月8日（5个工作日）",
            "/public/problems/2",
            "异议受理编号",
            "衡阳市生态环境保护督察整改工作领导小组办公室\n2026年12月1日",
        ] {
            assert!(t.contains(want), "missing {want:?} in\n{t}");
        }
        assert!(!t.contains("监督电话"), "no phone set, none printed");
    }

    #[test]
    fn plan_settings_replace_the_defaults() {
        let s = NoticeSettings {
            title: Some("关于{方案}第{编号}项问题整改销号情况的公示".into()),
            receiver: Some("市督察整改办".into()),
            phone: Some("0734-8888888".into()),
            email: Some("zgb@example.gov.cn".into()),
            address: Some("衡阳市华新大道1号".into()),
            issuer: Some("衡阳市生态环境保护委员会办公室".into()),
        };
        let n = build(&facts(), &s);
        assert_eq!(
            n.title,
            "关于衡阳市贯彻落实督察反馈意见整改方案第（二）项问题整改销号情况的公示"
        );
        let t = n.text();
        for want in [
            "向市督察整改办反映",
            "监督电话：0734-8888888",
            "电子邮箱：zgb@example.gov.cn",
            "通信地址：衡阳市华新大道1号",
            "衡阳市生态环境保护委员会办公室\n2026年12月1日",
        ] {
            assert!(t.contains(want), "missing {want:?} in\n{t}");
        }
    }

    #[test]
    fn missing_report_and_evidence_are_said_not_hidden() {
        let mut f = facts();
        f.final_report = None;
        f.evidence.clear();
        f.problem_number = "14、".into();
        let n = build(&f, &NoticeSettings::default());
        assert_eq!(n.title, "关于督察反馈问题14整改完成情况的公示");
        let t = n.text();
        assert!(t.contains("暂无经整改办审核采纳的进展报告"), "{t}");
        assert!(t.contains("无公开的佐证材料"), "{t}");
    }

    #[test]
    fn dates_in_chinese() {
        assert_eq!(date_zh(d("2026-01-05")), "2026年1月5日");
        assert_eq!(period_zh("2026-03"), "2026年3月");
        assert_eq!(period_zh("bad"), "bad");
    }
}
