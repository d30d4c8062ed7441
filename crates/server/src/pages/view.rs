//! View models: ledger values turned into the strings the templates show.
//! Everything here is plain text; the templates escape it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rectify_domain::{Status, UnitRole};
use rectify_store::ProblemRow;

/// `<script type="application/json">` content: JSON with `<`, `>` and `&`
/// escaped so that no text can close the element or open a comment.
pub fn json_for_script(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A timestamp in China Standard Time.
pub fn datetime(t: DateTime<Utc>) -> String {
    (t + Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// An RFC 3339 timestamp (as the audit trail stores it) in China time.
pub fn datetime_str(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| datetime(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| s.chars().take(16).collect())
}

/// A CSS class for a status badge.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "st-not-started",
        Status::InProgress => "st-in-progress",
        Status::SelfChecked | Status::Reviewed | Status::Verifying => "st-signoff",
        Status::InPublicNotice => "st-notice",
        Status::SignedOff => "st-done",
    }
}

pub fn level_label(level: &str) -> &'static str {
    match level {
        "red" => "红色预警",
        "orange" => "橙色预警",
        "yellow" => "黄色预警",
        _ => "预警",
    }
}

pub fn warning_code_label(code: &str) -> &'static str {
    match code {
        "rebound" => "问题反弹",
        "overdue" => "逾期",
        "due_soon" => "临期",
        "behind_schedule" => "滞后序时进度",
        "report_missing" => "未报送进展",
        "report_late" => "迟报进展",
        _ => "预警",
    }
}

pub fn report_status_label(s: &str) -> &'static str {
    match s {
        "submitted" => "待审核",
        "accepted" => "已采纳",
        "returned" => "已退回",
        _ => "—",
    }
}

pub fn escalation_label(kind: &str) -> &'static str {
    rectify_store::ESCALATION_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("督办")
}

pub fn audit_action_label(action: &str) -> &'static str {
    match action {
        "problem.create" => "录入问题",
        "problem.reimport" => "重新导入更新",
        "problem.status" => "状态变更",
        "problem.reopen" => "重新打开",
        "problem.lookback_reopen" => "回头看重新打开",
        "report.submit" => "报送进展",
        "report.accept" => "采纳进展报告",
        "report.return" => "退回进展报告",
        "signoff.self_check" => "销号：自查自验",
        "signoff.review" => "销号：初审",
        "signoff.public_notice" => "销号：公示",
        "signoff.verify" => "销号：核查验收",
        "signoff.file" => "销号：备案",
        "objection.lodge" => "公众提出异议",
        "objection.resolve" => "异议办结",
        "escalation.add" => "督办问责",
        "warning.raise" => "发出预警",
        "warning.update" => "预警升级/变更",
        "warning.resolve" => "预警解除",
        "warning.acknowledge" => "预警已知悉",
        "plan.import" => "导入方案",
        "plan.reimport" => "重新导入方案",
        "plan.correct" => "更正方案信息",
        "plan.publish" => "发布到门户网站",
        "problem.correct" => "更正",
        "problem.split" => "拆分问题",
        "problem.merge" => "合并问题",
        "correction.create" => "更正说明",
        _ => "变更",
    }
}

/// A field name of an audit snapshot in Chinese.
pub fn field_label(f: &str) -> &str {
    match f {
        "status" => "状态",
        "description" => "问题描述",
        "target" => "整改目标",
        "deadline_text" => "整改时限",
        "due_date" => "到期日",
        "measures" => "整改措施",
        "units" => "责任单位",
        "people" => "领导与人员",
        "number_text" => "序号",
        "reopened" => "重新打开",
        "milestones" => "阶段节点",
        "percent" => "进度",
        "text" => "内容",
        "period" => "报告期",
        "decision" => "决定",
        "comment" => "意见",
        "level" => "预警等级",
        "resolution" => "办理结果",
        "version" => "版本",
        other => other,
    }
}

/// The fields that differ between two audit snapshots.
pub fn changed_fields(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> String {
    use serde_json::Value;
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    if let Some(text) = correction_text(a) {
        return text;
    }
    if before.is_none() {
        // A new record: its main fields.
        let mut out = vec![];
        if let Some(d) = a.get("decision").and_then(Value::as_str) {
            out.push(if d == "approve" {
                "通过".to_string()
            } else {
                "退回".to_string()
            });
        }
        if let (Some(p), Some(pc)) = (
            a.get("period").and_then(Value::as_str),
            a.get("percent").and_then(Value::as_i64),
        ) {
            out.push(format!("{p}：{pc}%"));
        }
        if let Some(k) = a.get("kind").and_then(Value::as_str) {
            out.push(escalation_label(k).to_string());
        }
        for key in ["comment", "text", "reason", "resolution"] {
            if let Some(t) = a.get(key).and_then(Value::as_str).filter(|t| !t.is_empty()) {
                out.push(truncate(t, 40));
                break;
            }
        }
        return out.join("；");
    }
    let mut out = vec![];
    for (k, v) in a {
        if k == "version" {
            continue;
        }
        if b.get(k) != Some(v) {
            let shown = match (k.as_str(), v) {
                ("status", Value::String(s)) => {
                    let from = b
                        .get(k)
                        .and_then(Value::as_str)
                        .and_then(Status::parse)
                        .map(|s| s.label_zh())
                        .unwrap_or("—");
                    let to = Status::parse(s).map(|s| s.label_zh()).unwrap_or("—");
                    format!("状态：{from} → {to}")
                }
                _ => field_label(k).to_string(),
            };
            out.push(shown);
        }
    }
    out.join("；")
}

/// A correction record: each field before → after, then the reason.
fn correction_text(a: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let changes: Vec<rectify_store::FieldChangeRecord> =
        serde_json::from_str(a.get("fields_json")?.as_str()?).ok()?;
    let mut out: Vec<String> = changes
        .iter()
        .map(|c| {
            let shown = |s: &str| {
                if s.is_empty() {
                    "（空）".to_string()
                } else {
                    truncate(s, 80)
                }
            };
            format!(
                "{}：{} → {}",
                rectify_domain::correction::field_label_zh(&c.field),
                shown(&c.before),
                shown(&c.after)
            )
        })
        .collect();
    if let Some(r) = a.get("reason").and_then(serde_json::Value::as_str) {
        out.push(format!("原因：{r}"));
    }
    Some(out.join("；"))
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// A plan's short name for dense tables: the city before 贯彻落实 / 市, or
/// the first characters.
pub fn plan_short(title: &str) -> String {
    // The jurisdiction at the head of the title: 衡阳市…, 石门县…, 湘江区…
    let head: String = title.chars().take(10).collect();
    if let Some((i, c)) = head
        .char_indices()
        .find(|(i, c)| *i > 0 && matches!(c, '市' | '县' | '区' | '州' | '旗'))
    {
        return title[..i + c.len_utf8()].to_string();
    }
    for sep in ["贯彻落实", "关于"] {
        if let Some((head, _)) = title.split_once(sep) {
            if !head.is_empty() && head.chars().count() <= 10 {
                return head.to_string();
            }
        }
    }
    truncate(title, 8)
}

/// Units grouped by role, "主体责任单位：A、B" per line.
pub fn units_by_role(units: &[rectify_domain::UnitAssignment]) -> Vec<(String, String)> {
    let roles = [
        UnitRole::Primary,
        UnitRole::Lead,
        UnitRole::Responsible,
        UnitRole::Supervising,
        UnitRole::Assisting,
    ];
    roles
        .iter()
        .filter_map(|role| {
            let mine: Vec<&rectify_domain::UnitAssignment> =
                units.iter().filter(|u| u.role == *role).collect();
            let names = collective_runs(&mine);
            (!names.is_empty()).then(|| (role.label_zh().to_string(), names.join("、")))
        })
        .collect()
}

/// The names of one role's units, a unit's note in brackets after it; the
/// counties a collective name (「各区县（市）党委、政府」) was expanded into
/// are shown once under it: 「各区县（市）党委、政府（武陵区党委、政府、…）」.
fn collective_runs(units: &[&rectify_domain::UnitAssignment]) -> Vec<String> {
    let collective = |u: &rectify_domain::UnitAssignment| {
        u.note
            .as_deref()
            .filter(|n| {
                rectify_domain::collective::parse_collective(n.split('；').next().unwrap_or(n))
                    .is_some()
            })
            .map(str::to_string)
    };
    let mut out: Vec<String> = vec![];
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if let Some(c) = collective(u) {
            let mut run = vec![u.name.as_str()];
            while i + 1 < units.len() && collective(units[i + 1]).as_deref() == Some(c.as_str()) {
                i += 1;
                run.push(units[i].name.as_str());
            }
            out.push(format!("{c}（{}）", run.join("、")));
        } else {
            out.push(match u.note.as_deref().filter(|n| !n.is_empty()) {
                Some(n) => format!("{}（{}）", u.name, n),
                None => u.name.clone(),
            });
        }
        i += 1;
    }
    out
}

/// One ledger line as the table shows it.
#[derive(Debug, Clone)]
pub struct RowView {
    pub id: i64,
    pub seq_label: String,
    pub plan_short: String,
    pub category: String,
    pub description: String,
    pub deadline_text: String,
    pub due: String,
    pub immediate: bool,
    pub ongoing: bool,
    pub overdue: bool,
    pub overdue_days: i64,
    pub work_units: String,
    pub other_units: String,
    pub leaders: String,
    pub percent: Option<i64>,
    pub period: String,
    pub status_label: &'static str,
    pub status_class: &'static str,
    pub warning_level: String,
    pub warning_label: &'static str,
}

impl RowView {
    pub fn from_row(r: &ProblemRow, today: NaiveDate) -> RowView {
        let signed_off = r.status == Status::SignedOff;
        let overdue = r.deadline.is_overdue(today, signed_off);
        let work: Vec<&str> = r
            .units
            .iter()
            .filter(|u| u.role.does_the_work())
            .map(|u| u.name.as_str())
            .collect();
        let other: Vec<&str> = r
            .units
            .iter()
            .filter(|u| !u.role.does_the_work())
            .map(|u| u.name.as_str())
            .collect();
        let level = r.warning_level.clone().unwrap_or_default();
        RowView {
            id: r.id,
            seq_label: if r.number_text.trim().is_empty() {
                r.seq.to_string()
            } else {
                r.number_text.trim().to_string()
            },
            plan_short: plan_short(&r.plan_title),
            category: r.category_title.clone().unwrap_or_default(),
            description: r.description.clone(),
            deadline_text: r.deadline.text.clone(),
            due: r.deadline.due.map(date).unwrap_or_default(),
            immediate: r.deadline.immediate,
            ongoing: r.deadline.ongoing,
            overdue,
            overdue_days: r
                .deadline
                .due
                .map(|d| (today - d).num_days())
                .filter(|_| overdue)
                .unwrap_or(0),
            work_units: work.join("、"),
            other_units: other.join("、"),
            leaders: r.leaders.join("、"),
            percent: r.latest_percent.map(|p| p.clamp(0, 100)),
            period: r.latest_period.clone().unwrap_or_default(),
            status_label: r.status.label_zh(),
            status_class: status_class(r.status),
            warning_label: if level.is_empty() {
                ""
            } else {
                level_label(&level)
            },
            warning_level: level,
        }
    }
}

#[cfg(test)]
mod tests {
    use rectify_domain::{UnitAssignment, UnitRole};

    #[test]
    fn expanded_counties_are_shown_under_their_collective_name() {
        let u = |name: &str, note: Option<&str>| UnitAssignment {
            name: name.into(),
            role: UnitRole::Primary,
            note: note.map(Into::into),
        };
        let c = Some("各区县（市）党委、政府");
        let units = [
            u("市委办", Some("牵头")),
            u("武陵区党委、政府", c),
            u("鼎城区党委、政府", c),
            u("市生态环境局", None),
        ];
        let shown = super::units_by_role(&units);
        assert_eq!(
            shown[0].1,
            "市委办（牵头）、各区县（市）党委、政府（武陵区党委、政府、鼎城区党委、政府）、市生态环境局"
        );
    }
}
