//! Column headers of petition lists: the synonyms each field goes by in the
//! inspectors' handover lists (交办信访件清单, 边督边改公开情况一览表) and in
//! 12345 / 12369 hotline exports, and the normal form headers are compared
//! in.
//!
//! Sources of the synonyms: the fields of the central inspectors' list
//! (受理编号, 交办问题基本情况, 行政区域, 污染类型, 调查核实情况, 是否属实,
//! 处理和整改情况 …) as the public tables and a city's 信访件汇总表 export
//! name them; 12345 work-order exports (工单编号 / 办件编号, 诉求内容, 诉求类型,
//! 诉求人, 诉求人电话, 办理单位, 处理结果, 派发时间, 事件发生地 …); 12369
//! report exports (举报编号, 举报时间, 举报内容, 举报人 …).

use crate::fold::fold;

/// A field of [`rectify_domain::petition::PetitionRow`], or a column read
/// for the file's source only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Col {
    Code,
    ReceivedOn,
    Area,
    Kind,
    Content,
    Address,
    Unit,
    Result,
    Satisfaction,
    ContactName,
    ContactPhone,
    /// 来源 / 渠道: read to tell the source; kept in `extra`.
    Channel,
}

impl Col {
    /// How the field is named in messages.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            Col::Code => ("受理编号", "code"),
            Col::ReceivedOn => ("交办日期", "date received"),
            Col::Area => ("行政区域", "area"),
            Col::Kind => ("污染类型", "kind"),
            Col::Content => ("交办问题基本情况（信访内容）", "content"),
            Col::Address => ("事发地点", "address"),
            Col::Unit => ("承办单位", "unit"),
            Col::Result => ("办理结果", "result"),
            Col::Satisfaction => ("回访满意度", "satisfaction"),
            Col::ContactName => ("反映人", "contact name"),
            Col::ContactPhone => ("联系电话", "contact phone"),
            Col::Channel => ("来源", "channel"),
        }
    }
}

/// Synonyms per field, in normal form (see [`normalize`]), best first: when
/// two columns name the same field, the one with the earlier synonym is used
/// and the other is kept in `extra`.
pub(crate) const SYNONYMS: &[(Col, &[&str])] = &[
    (
        Col::Code,
        &[
            "受理编号",
            "交办编号",
            "转办编号",
            "信访编号",
            "信访件编号",
            "举报件编号",
            "举报编号",
            "投诉编号",
            "工单编号",
            "工单号",
            "办件编号",
            "热线单号",
            "热线编号",
            "诉求编号",
            "受理单号",
            "受理号",
            "案件编号",
            "案件号",
            "事项编号",
            "件号",
            "编号",
        ],
    ),
    (
        Col::ReceivedOn,
        &[
            "交办日期",
            "交办时间",
            "转办日期",
            "转办时间",
            "受理日期",
            "受理时间",
            "来电时间",
            "来电日期",
            "来信日期",
            "投诉时间",
            "投诉日期",
            "举报时间",
            "举报日期",
            "信访日期",
            "信访时间",
            "登记时间",
            "登记日期",
            "工单时间",
            "派单时间",
            "派发时间",
            "派遣时间",
            "接收时间",
            "收件日期",
            "区交办时间",
            "市交办时间",
            "日期",
        ],
    ),
    (
        Col::Area,
        &[
            "行政区域",
            "行政区划",
            "所属区域",
            "区县",
            "县区",
            "所属区县",
            "所在区县",
            "县市区",
            "县",
            "属地",
            "地区",
            "所属地区",
            "事发区域",
            "诉求区域",
            "所属辖区",
            "辖区",
            "区域",
        ],
    ),
    (
        Col::Kind,
        &[
            "污染类型",
            "污染类别",
            "环境问题类型",
            "问题类型",
            "问题类别",
            "问题分类",
            "诉求类型",
            "诉求类别",
            "诉求分类",
            "投诉类型",
            "举报类型",
            "举报类别",
            "内容分类",
            "事项分类",
            "业务类别",
            "类型",
            "类别",
        ],
    ),
    (
        Col::Content,
        &[
            "交办问题基本情况",
            "问题基本情况",
            "举报问题基本情况",
            "信访内容",
            "信访事项",
            "信访问题",
            "举报内容",
            "举报事项",
            "举报问题",
            "诉求内容",
            "诉求描述",
            "投诉内容",
            "来电内容",
            "来信内容",
            "反映问题",
            "反映内容",
            "反映的问题",
            "问题描述",
            "问题内容",
            "事件描述",
            "工单内容",
            "办件内容",
            "主要内容",
            "内容",
        ],
    ),
    (
        Col::Address,
        &[
            "事发地点",
            "事发地址",
            "事发地",
            "事件发生地",
            "发生地点",
            "问题地址",
            "问题发生地",
            "投诉地点",
            "投诉地址",
            "举报地址",
            "诉求详细地址",
            "详细地址",
            "地址",
            "地点",
        ],
    ),
    (
        Col::Unit,
        &[
            "承办单位",
            "责任单位",
            "牵头责任单位",
            "牵头单位",
            "主办单位",
            "办理单位",
            "处置单位",
            "承办部门",
            "责任部门",
            "办理部门",
            "交办单位",
            "市交办主办单位",
        ],
    ),
    (
        Col::Result,
        &[
            "办理结果",
            "处理结果",
            "处置结果",
            "办理情况",
            "处理情况",
            "处理和整改情况",
            "调查处理情况",
            "办结情况",
            "答复内容",
            "答复意见",
            "回复内容",
            "办理意见",
        ],
    ),
    (
        Col::Satisfaction,
        &[
            "回访满意度",
            "满意度",
            "满意度评价",
            "群众满意度",
            "回访评价",
            "评价结果",
            "回访结果",
        ],
    ),
    (
        Col::ContactName,
        &[
            "反映人",
            "来电人",
            "来信人",
            "投诉人",
            "举报人",
            "信访人",
            "诉求人",
            "求助人员",
            "联系人",
            "反映人姓名",
            "来电人姓名",
            "投诉人姓名",
            "举报人姓名",
            "诉求人姓名",
            "联系人姓名",
            "市民姓名",
            "姓名",
        ],
    ),
    (
        Col::ContactPhone,
        &[
            "联系电话",
            "来电号码",
            "电话",
            "联系方式",
            "联系号码",
            "手机号码",
            "手机",
            "反映人电话",
            "来电人电话",
            "投诉人电话",
            "举报人电话",
            "诉求人电话",
            "联系人电话",
            "求助号码",
        ],
    ),
    (
        Col::Channel,
        &[
            "来源",
            "信访来源",
            "工单来源",
            "诉求来源",
            "办件来源",
            "来源渠道",
            "诉求渠道",
            "受理渠道",
            "举报渠道",
            "渠道",
        ],
    ),
];

/// Headers that are read and dropped (the running number).
const IGNORED: &[&str] = &["序号", "序", "编码序号"];

/// What a header cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// A field, with the rank of the synonym that named it (0 = best).
    Field(Col, usize),
    /// 序号.
    Ignored,
    /// Anything else.
    Unknown,
}

/// Trimmed, traditional characters folded, full-width letters and digits
/// folded to ASCII, spaces and bracketed qualifiers dropped
/// (「受理编号（督察组）」 → 「受理编号」), a trailing colon and required-field
/// stars removed.
pub(crate) fn normalize(header: &str) -> String {
    let folded = fold(header);
    let mut out = String::with_capacity(folded.len());
    let mut depth = 0usize;
    for c in folded.chars() {
        let c = fold_width(c);
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if c.is_whitespace() || c.is_control() => {}
            '\u{200b}' | '\u{feff}' | '*' | '※' => {}
            _ => out.push(c),
        }
    }
    out.trim_end_matches([':', '：', '.', '、'])
        .to_ascii_lowercase()
}

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space folded;
/// 「（」「）」 fold to ASCII brackets.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

pub(crate) fn meaning(header: &str) -> Meaning {
    let n = normalize(header);
    if n.is_empty() {
        return Meaning::Unknown;
    }
    if IGNORED.contains(&n.as_str()) {
        return Meaning::Ignored;
    }
    for (col, names) in SYNONYMS {
        if let Some(rank) = names.iter().position(|s| *s == n) {
            return Meaning::Field(*col, rank);
        }
    }
    Meaning::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalized() {
        assert_eq!(normalize(" 受理编号（督察组） "), "受理编号");
        assert_eq!(normalize("受 理 编 号"), "受理编号");
        assert_eq!(normalize("*联系电话："), "联系电话");
        assert_eq!(normalize("行政區域"), "行政区域");
        assert_eq!(normalize("ＢＨ编号"), "bh编号");
        assert_eq!(
            meaning("交办问题基本情况\n(举报内容)"),
            Meaning::Field(Col::Content, 0)
        );
        assert_eq!(meaning("序号"), Meaning::Ignored);
        assert_eq!(meaning("网格员手机号码"), Meaning::Unknown);
        assert_eq!(meaning("工单号"), Meaning::Field(Col::Code, 9));
    }

    #[test]
    fn every_synonym_is_in_normal_form_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (_, names) in SYNONYMS {
            for s in *names {
                assert_eq!(normalize(s), *s, "{s}");
                assert!(seen.insert(*s), "{s} twice");
            }
        }
    }
}
