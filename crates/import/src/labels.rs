//! The label dictionary: field names as plans and ledgers write them, in
//! running text ("整改时限：…") and as table headers.

use rectify_domain::UnitRole;

mod synonyms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Seq,
    Category,
    Description,
    Target,
    Measures,
    Deadline,
    Unit(UnitRole),
    Leader,
    Person,
    Liaison,
    /// 整改进展, 完成情况, 整改状态 …: what a progress list or notice says
    /// about the state of the work.
    Status,
    /// 备注 …: ledger columns with no place in a plan draft.
    Other,
}

impl Field {
    /// Fields that only a problem (not a measure group) carries.
    pub(crate) fn defines_problem(self) -> bool {
        matches!(
            self,
            Field::Target
                | Field::Unit(_)
                | Field::Leader
                | Field::Person
                | Field::Liaison
                | Field::Description
        )
    }
}

const DICT: &[(&str, Field)] = &[
    ("序号", Field::Seq),
    ("编号", Field::Seq),
    ("问题编号", Field::Seq),
    ("问题类别", Field::Category),
    ("问题类型", Field::Category),
    ("类别", Field::Category),
    ("反馈问题", Field::Description),
    ("督察反馈问题", Field::Description),
    ("问题描述", Field::Description),
    ("存在问题", Field::Description),
    ("具体问题", Field::Description),
    ("主要问题", Field::Description),
    ("问题", Field::Description),
    ("整改任务", Field::Description),
    ("问题内容", Field::Description),
    ("问题名称", Field::Description),
    ("问题概况", Field::Description),
    ("问题简述", Field::Description),
    ("问题基本情况", Field::Description),
    ("是否完成", Field::Status),
    ("完成与否", Field::Status),
    ("反馈意见", Field::Description),
    ("整改目标", Field::Target),
    ("目标", Field::Target),
    ("整改要求", Field::Target),
    ("整改措施", Field::Measures),
    ("措施", Field::Measures),
    ("主要措施", Field::Measures),
    ("具体措施", Field::Measures),
    ("整改时限", Field::Deadline),
    ("完成时限", Field::Deadline),
    ("整改期限", Field::Deadline),
    ("时限", Field::Deadline),
    ("完成时间", Field::Deadline),
    ("整改时间", Field::Deadline),
    ("时限要求", Field::Deadline),
    ("主体责任单位", Field::Unit(UnitRole::Primary)),
    ("整改主体", Field::Unit(UnitRole::Primary)),
    ("责任主体", Field::Unit(UnitRole::Primary)),
    ("主体单位", Field::Unit(UnitRole::Primary)),
    ("牵头单位", Field::Unit(UnitRole::Lead)),
    ("牵头部门", Field::Unit(UnitRole::Lead)),
    ("牵头责任单位", Field::Unit(UnitRole::Lead)),
    ("责任单位", Field::Unit(UnitRole::Responsible)),
    ("责任部门", Field::Unit(UnitRole::Responsible)),
    ("整改责任单位", Field::Unit(UnitRole::Responsible)),
    ("实施单位", Field::Unit(UnitRole::Responsible)),
    ("承办单位", Field::Unit(UnitRole::Responsible)),
    ("责任单位（部门）", Field::Unit(UnitRole::Responsible)),
    ("监管责任单位", Field::Unit(UnitRole::Supervising)),
    ("监管单位", Field::Unit(UnitRole::Supervising)),
    ("监管部门", Field::Unit(UnitRole::Supervising)),
    ("牵头督导单位", Field::Unit(UnitRole::Supervising)),
    ("督导单位", Field::Unit(UnitRole::Supervising)),
    ("督办单位", Field::Unit(UnitRole::Supervising)),
    ("监督单位", Field::Unit(UnitRole::Supervising)),
    ("配合督导单位", Field::Unit(UnitRole::Assisting)),
    ("配合单位", Field::Unit(UnitRole::Assisting)),
    ("配合部门", Field::Unit(UnitRole::Assisting)),
    ("协办单位", Field::Unit(UnitRole::Assisting)),
    ("责任人员", Field::Person),
    ("责任人", Field::Person),
    ("具体责任人", Field::Person),
    ("整改责任人", Field::Person),
    ("联络人员", Field::Liaison),
    ("联络人", Field::Liaison),
    ("联络员", Field::Liaison),
    ("联系人", Field::Liaison),
    ("进展情况", Field::Status),
    ("整改进展", Field::Status),
    ("整改进展情况", Field::Status),
    ("完成情况", Field::Status),
    ("整改状态", Field::Status),
    ("状态", Field::Status),
    ("备注", Field::Other),
    ("整改情况", Field::Status),
];

/// Looks a label up (spaces, 【】 and trailing colons ignored). Any short
/// label ending in 领导 (督办市领导, 牵头督导市级领导, 包案县级领导 …) is a
/// leader.
pub(crate) fn lookup(label: &str) -> Option<Field> {
    let key: String = crate::fold::fold(label)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '【' | '】' | '[' | ']' | '*' | '：' | ':'))
        .collect();
    if key.is_empty() {
        return None;
    }
    if let Some((_, f)) = DICT.iter().find(|(k, _)| *k == key) {
        return Some(*f);
    }
    let n = key.chars().count();
    if key.ends_with("领导") && (3..=10).contains(&n) {
        return Some(Field::Leader);
    }
    if (key.ends_with("责任人") || key.ends_with("责任人员")) && n <= 8 {
        return Some(Field::Person);
    }
    if let Some(f) = synonyms::compose(&key) {
        return Some(f);
    }
    synonyms::qualified(&key)
}

/// A table header cell to a field: exact lookup, then the same with any
/// parenthetical note removed ("整改时限（年月）").
pub(crate) fn header_field(cell: &str) -> Option<Field> {
    let flat: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(f) = lookup(&flat) {
        return Some(f);
    }
    let base: String = match flat.find(['（', '(']) {
        Some(i) => flat[..i].to_string(),
        None => flat.clone(),
    };
    lookup(&base)
}

/// A label line: `label：value`, `【label】value`, or the label alone.
/// Returns the field, the label as written and the value.
pub(crate) fn parse_label_line(line: &str) -> Option<(Field, String, String)> {
    let t = line.trim();
    // 【整改目标】…
    if let Some(rest) = t.strip_prefix('【') {
        if let Some(end) = rest.find('】') {
            let label = &rest[..end];
            let value = rest[end + '】'.len_utf8()..].trim_start_matches(['：', ':']);
            if let Some(f) = lookup(label) {
                return Some((f, label.to_string(), value.trim().to_string()));
            }
        }
    }
    let colon = t.char_indices().find(|(_, c)| *c == '：' || *c == ':');
    match colon {
        Some((i, c)) => {
            let label = &t[..i];
            if label.chars().count() > 12 {
                return None;
            }
            let f = lookup(label)?;
            Some((
                f,
                label.trim().to_string(),
                t[i + c.len_utf8()..].trim().to_string(),
            ))
        }
        None => {
            // The label alone on its line ("整改措施").
            let f = lookup(t)?;
            if matches!(f, Field::Measures | Field::Target | Field::Deadline)
                || matches!(f, Field::Unit(_))
            {
                Some((f, t.to_string(), String::new()))
            } else {
                None
            }
        }
    }
}

/// The label a numbered heading's text starts with, and the value after it:
/// 「整改目标」, 「整改目标：…」, 「整改目标 实施…」.
pub(crate) fn label_head(rest: &str) -> Option<(Field, String)> {
    if let Some((f, _, v)) = parse_label_line(rest) {
        return Some((f, v));
    }
    let (head, tail) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let f = lookup(head.trim_end_matches(['：', ':']))?;
    Some((f, tail.to_string()))
}

/// Whether a line looks like an unknown `label：value` (a short heading of
/// CJK characters before a colon).
pub(crate) fn looks_like_label(line: &str) -> bool {
    let t = line.trim();
    let Some((i, _)) = t.char_indices().find(|(_, c)| *c == '：' || *c == ':') else {
        return false;
    };
    let head = &t[..i];
    let n = head.chars().count();
    (2..=8).contains(&n) && head.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(lookup("督办市领导"), Some(Field::Leader));
        assert_eq!(lookup("牵头督导市级领导"), Some(Field::Leader));
        assert_eq!(
            lookup("牵头督导单位"),
            Some(Field::Unit(UnitRole::Supervising))
        );
        assert_eq!(
            lookup("配合督导单位"),
            Some(Field::Unit(UnitRole::Assisting))
        );
        assert_eq!(lookup("附件"), None);
        let (f, _, v) = parse_label_line("整改时限:立行立改、持续推进").expect("label");
        assert_eq!((f, v.as_str()), (Field::Deadline, "立行立改、持续推进"));
        let (f, _, v) = parse_label_line("整改措施：").expect("label");
        assert_eq!((f, v.as_str()), (Field::Measures, ""));
        let (f, _, _) = parse_label_line("【整改目标】完成").expect("label");
        assert_eq!(f, Field::Target);
        assert!(parse_label_line("附件：衡阳市").is_none());
        assert!(parse_label_line("主要包括思想认识有待提高：").is_none());
        assert_eq!(header_field("整改时限（年月）"), Some(Field::Deadline));
        assert_eq!(header_field("反馈 问题"), Some(Field::Description));
    }
}
