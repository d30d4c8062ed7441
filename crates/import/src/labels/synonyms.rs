//! Labels beyond the dictionary, built the way plans build them: modifiers
//! before a head noun (督察 + 反馈 + 问题, 整改 + 完成 + 时限, 监管 + 责任 +
//! 单位), a compound of two labels (整改措施及完成情况 → the first), and a
//! qualifier in brackets (责任单位（牵头）).
//!
//! The head decides the field; for units the modifiers decide the role.

use super::{lookup, Field};
use rectify_domain::UnitRole;

/// Words that narrow a head without changing what it is.
const MODIFIERS: &[&str] = &[
    "截至目前",
    "督察反馈",
    "中央督察",
    "下一步",
    "生态环境",
    "行业主管",
    "主体责任",
    "监管责任",
    "具体责任",
    "督察组",
    "督察",
    "反馈",
    "中央",
    "省级",
    "市级",
    "县级",
    "环保",
    "存在",
    "具体",
    "主要",
    "交办",
    "突出",
    "整改",
    "工作",
    "完成",
    "预期",
    "计划",
    "预计",
    "要求",
    "目前",
    "当前",
    "落实",
    "推进",
    "重点",
    "责任",
    "销号",
    "验收",
    "实施",
    "下步",
    "后续",
    "牵头",
    "配合",
    "协办",
    "协助",
    "参与",
    "监管",
    "督办",
    "督导",
    "主管",
    "监督",
    "主体",
    "承办",
    "属地",
    "相关",
    "办结",
    "阶段",
    "最终",
    "问题",
    "省",
    "市",
    "县",
    "区",
];

/// Heads and their field; `true` when the head needs a modifier before it
/// (「时间」 alone is no deadline, 「完成时间」 is).
const HEADS: &[(&str, Field, bool)] = &[
    ("问题描述", Field::Description, false),
    ("问题内容", Field::Description, false),
    ("问题表现", Field::Description, false),
    ("问题情况", Field::Description, false),
    ("问题", Field::Description, false),
    ("反馈意见", Field::Description, false),
    ("任务", Field::Description, true),
    ("事项", Field::Description, true),
    ("目标任务", Field::Target, false),
    ("任务目标", Field::Target, false),
    ("目标要求", Field::Target, false),
    ("目标", Field::Target, false),
    ("要求", Field::Target, true),
    ("措施", Field::Measures, false),
    ("举措", Field::Measures, false),
    ("办法", Field::Measures, true),
    ("打算", Field::Measures, true),
    ("工作打算", Field::Measures, false),
    ("安排", Field::Measures, true),
    ("时限", Field::Deadline, false),
    ("期限", Field::Deadline, false),
    ("时间节点", Field::Deadline, false),
    ("时间", Field::Deadline, true),
    ("日期", Field::Deadline, true),
    ("单位", Field::Unit(UnitRole::Responsible), true),
    ("部门", Field::Unit(UnitRole::Responsible), true),
    ("主体", Field::Unit(UnitRole::Primary), true),
    ("负责人", Field::Person, false),
    ("负责同志", Field::Person, false),
    ("联络人", Field::Liaison, false),
    ("联络员", Field::Liaison, false),
    ("联系人", Field::Liaison, false),
    ("进展情况", Field::Status, false),
    ("进展", Field::Status, true),
    ("进度", Field::Status, true),
    ("情况", Field::Status, true),
    ("状态", Field::Status, true),
    ("成效", Field::Status, true),
    ("结果", Field::Status, true),
];

/// `modifier* head`, with the role of a unit label read from its modifiers.
pub(super) fn compose(key: &str) -> Option<Field> {
    // A label is short; a sentence that happens to contain one is not.
    if key.chars().count() > 12 {
        return None;
    }
    if let Some(f) = compound(key) {
        return Some(f);
    }
    let mut rest = key;
    let mut mods: Vec<&str> = Vec::new();
    for _ in 0..6 {
        if let Some((head, field, _)) = HEADS.iter().find(|(h, _, _)| *h == rest) {
            let needs_modifier = HEADS
                .iter()
                .any(|(h, _, need)| h == head && *need && mods.is_empty());
            if needs_modifier {
                return None;
            }
            return Some(match field {
                Field::Unit(base) => Field::Unit(role_of(&mods, *base)),
                f => *f,
            });
        }
        let m = MODIFIERS.iter().find(|m| rest.starts_with(**m))?;
        mods.push(m);
        rest = &rest[m.len()..];
    }
    None
}

/// 「整改措施及完成情况」「责任单位和责任人」: the first part that is a label.
fn compound(key: &str) -> Option<Field> {
    let parts: Vec<&str> = key.split(['及', '和', '与', '、', '/', '／']).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    parts.iter().find_map(|p| {
        let f = super::DICT.iter().find(|(k, _)| k == p).map(|(_, f)| *f);
        f.or_else(|| compose(p))
    })
}

fn role_of(mods: &[&str], base: UnitRole) -> UnitRole {
    let has = |w: &str| mods.iter().any(|m| m.contains(w));
    if has("配合") || has("协办") || has("协助") || has("参与") {
        UnitRole::Assisting
    } else if has("监管") || has("督办") || has("督导") || has("主管") || has("监督") {
        UnitRole::Supervising
    } else if has("牵头") {
        UnitRole::Lead
    } else if has("主体") {
        UnitRole::Primary
    } else {
        base
    }
}

/// 「责任单位（牵头）」「整改时限（年月）」: the label before the bracket, a
/// unit's role taken from the note.
pub(super) fn qualified(key: &str) -> Option<Field> {
    if key.chars().count() > 16 {
        return None;
    }
    let open = key.find(['（', '('])?;
    let base = &key[..open];
    let note = key[open..].trim_matches(['（', '(', '）', ')']);
    if base.is_empty() {
        return None;
    }
    match lookup(base)? {
        Field::Unit(r) => {
            let role = if note.contains("牵头") {
                UnitRole::Lead
            } else if note.contains("配合") || note.contains("协办") {
                UnitRole::Assisting
            } else if note.contains("监管") || note.contains("督办") || note.contains("督导")
            {
                UnitRole::Supervising
            } else {
                r
            };
            Some(Field::Unit(role))
        }
        f => Some(f),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lookup;
    use super::*;

    #[test]
    fn label_synonyms_head_and_modifiers() {
        for (label, want) in [
            ("督察反馈问题", Field::Description),
            ("交办问题", Field::Description),
            ("整改问题", Field::Description),
            ("问题描述", Field::Description),
            ("工作目标", Field::Target),
            ("目标任务", Field::Target),
            ("整改要求", Field::Target),
            ("工作措施", Field::Measures),
            ("整改举措", Field::Measures),
            ("重点措施", Field::Measures),
            ("下一步工作打算", Field::Measures),
            ("整改措施及完成情况", Field::Measures),
            ("完成时限", Field::Deadline),
            ("计划完成时间", Field::Deadline),
            ("整改期限", Field::Deadline),
            ("整改完成情况", Field::Status),
            ("目前进展", Field::Status),
            ("整改进展情况", Field::Status),
            ("整改实施主体", Field::Unit(UnitRole::Primary)),
            ("主体责任单位", Field::Unit(UnitRole::Primary)),
            ("监管责任单位", Field::Unit(UnitRole::Supervising)),
            ("行业主管部门", Field::Unit(UnitRole::Supervising)),
            ("配合部门", Field::Unit(UnitRole::Assisting)),
            ("牵头单位", Field::Unit(UnitRole::Lead)),
            ("责任单位（牵头）", Field::Unit(UnitRole::Lead)),
            ("责任单位(配合)", Field::Unit(UnitRole::Assisting)),
            ("包案领导", Field::Leader),
            ("具体负责人", Field::Person),
            ("責任單位", Field::Unit(UnitRole::Responsible)),
        ] {
            assert_eq!(lookup(label), Some(want), "{label}");
        }
        for not in [
            "时间",
            "发布时间",
            "公示时间",
            "基本情况",
            "单位",
            "情况",
            "附件",
        ] {
            assert_eq!(lookup(not), None, "{not}");
        }
    }
}
