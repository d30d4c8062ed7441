//! The counts a document declares: problems in the whole plan and tasks per
//! category, checked against what was found.

use crate::numbering::{cn_number, re};
use crate::structure::{Para, ParaKind};
use once_cell::sync::Lazy;
use regex::Regex;

const CN_NUM: &str = r"(\d+|[一二两三四五六七八九十百]+)";

static RE_DECLARED: Lazy<Vec<Regex>> = Lazy::new(|| {
    vec![
        // 「8类40个具体问题」「3大类5个问题」「4个方面12个问题」
        re(&format!(
            r"{CN_NUM}\s*(?:大类|类|个方面|方面)\s*{CN_NUM}\s*(?:个|项|条)\s*(?:具体|突出|生态环境|环境)?(?:问题|整改任务)"
        )),
        // 「问题共6个」「整改任务共45项」
        re(&format!(
            r"(?:问题|整改任务|整改事项)(?:共计|共有|共|合计|总计)\s*{CN_NUM}\s*(?:个|项|条)"
        )),
        // 「反馈提出20个具体问题」「涉及我市6个具体问题」「共梳理出12项整改任务」
        re(&format!(
            r"(?:反馈|提出|指出|交办|梳理出?|共|合计|涉及|列出|移交|形成|确定|明确|整合|归纳|分解|细化|包括|包含)[^，。；\d]{{0,8}}?{CN_NUM}\s*(?:个|项|条)\s*(?:具体|突出|生态环境|环境)?(?:问题|整改任务)"
        )),
        // 「反馈问题3项」「共梳理出问题四个」「涉及整改任务12项」「涉及我县问题3个」
        re(&format!(
            r"(?:反馈|提出|指出|交办|梳理出?|共|合计|涉及|列出|移交|形成|确定|明确|整合|归纳|分解|细化|包括|包含)(?:的|了|我市|我县|我区|本市|本县|本区)?(?:具体|突出)?(?:问题|整改任务|整改事项)(?:共计|共|合计|总计)?\s*{CN_NUM}\s*(?:个|项|条)"
        )),
    ]
});

static RE_YEAR: Lazy<Regex> = Lazy::new(|| re(r"\d{4}\s*年"));

fn num_value(s: &str) -> Option<u32> {
    s.parse().ok().or_else(|| cn_number(s))
}

/// The number of problems the document says it holds: 「8类40个具体问题」,
/// 「反馈提出20个具体问题」, 「共梳理出12项整改任务」, 「反馈问题3项」,
/// 「共梳理出问题四个」 before the list. A clause that names a year and
/// 完成 (「2021年需完成整改任务3项」) is a yearly share, not the total.
pub(super) fn declared_count(paras: &[Para], before_line: u32) -> Option<(u32, u32)> {
    for p in paras.iter().filter(|p| p.first < before_line) {
        // Prose may follow an unknown `来源：…` line and be joined to it.
        if !matches!(
            p.kind,
            ParaKind::Plain | ParaKind::Header(_) | ParaKind::UnknownLabel
        ) {
            continue;
        }
        let text: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        for clause in text.split(['，', '。', '；', ',', ';']) {
            if RE_YEAR.is_match(clause) && clause.contains("完成") {
                continue;
            }
            // 「已完成整改问题12个」「正在整改8项」: progress, not the total.
            if ["已完成", "已整改", "正在", "未完成", "已销号", "完成整改"]
                .iter()
                .any(|w| clause.contains(w))
            {
                continue;
            }
            // 「第二十七项问题」 names one problem: an ordinal, not a count.
            let count = |m: regex::Match| {
                (!clause[..m.start()].ends_with('第'))
                    .then(|| num_value(m.as_str()))
                    .flatten()
            };
            if let Some(c) = RE_DECLARED[0].captures(clause) {
                if let Some(v) = c.get(2).and_then(count) {
                    return Some((v, p.first));
                }
            }
            for r in &RE_DECLARED[1..] {
                if let Some(c) = r.captures(clause) {
                    if let Some(v) = c.get(1).and_then(count) {
                        return Some((v, p.first));
                    }
                }
            }
        }
    }
    None
}

static RE_CAT_DECLARED: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"{CN_NUM}\s*(?:项|个)\s*(?:具体)?(?:整改任务|问题)"
    ))
});

pub(super) fn category_declared(intro: &str) -> Option<u32> {
    let text: String = intro.chars().filter(|c| !c.is_whitespace()).collect();
    RE_CAT_DECLARED
        .captures_iter(&text)
        .last()
        .and_then(|c| c.get(1).and_then(|m| num_value(m.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::paragraphs;

    fn declared(text: &str) -> Option<u32> {
        let lines: Vec<(u32, Option<&str>)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, Some(l)))
            .collect();
        declared_count(&paragraphs(&lines), u32::MAX).map(|d| d.0)
    }

    #[test]
    fn stated_counts() {
        for (text, want) in [
            ("督察组共反馈问题16个。", Some(16)),
            ("共16个问题。", Some(16)),
            ("针对反馈意见，统筹形成24项整改任务。", Some(24)),
            ("整改任务共45项，已完成30项。", Some(45)),
            ("涉及我县问题3个，均已整改。", Some(3)),
            ("反馈问题3项。", Some(3)),
            ("关于中央环保督察反馈问题第二十七项整改完成情况的公示", None),
            ("交办的第3个问题已完成整改。", None),
            ("全市4个方面34项整改任务，已完成整改16项。", Some(34)),
            ("截至目前，已完成整改问题12个。", None),
            ("2022年底前完成21项整改任务。", None),
        ] {
            assert_eq!(declared(text), want, "{text}");
        }
    }
}
