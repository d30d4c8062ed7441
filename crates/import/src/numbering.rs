//! The numbering grammar of Chinese official documents: 一、 （一） 1. 1、
//! （1） 1） ① 第一类 反馈问题一： … with Chinese numerals, full- and
//! half-width brackets.

use once_cell::sync::Lazy;
use regex::Regex;

/// A numbering style. Two headings are siblings when their styles are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// 一、
    CnDun,
    /// （一）
    CnParen,
    /// 1.
    ArDot,
    /// 1、
    ArDun,
    /// （1）
    ArParen,
    /// 1）
    ArHalfParen,
    /// ①
    Circled,
    /// 第一类 / 第一部分 / 第一章
    CnDi,
    /// 反馈问题一： / 问题1： / 整改任务一：
    Feedback,
}

impl Style {
    /// Arabic-numbered or circled items: the usual form of measures.
    pub(crate) fn is_arabic(self) -> bool {
        matches!(
            self,
            Style::ArDot | Style::ArDun | Style::ArParen | Style::ArHalfParen | Style::Circled
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Numbering {
    pub style: Style,
    pub value: u32,
    /// The numbering as written ("（一）", "5、", "反馈问题十四：").
    pub token: String,
    /// The text after the numbering.
    pub rest: String,
}

static RE_FEEDBACK: Lazy<Regex> = Lazy::new(|| {
    // 反馈问题十四： 问题1： 问题编号十四： 反馈问题（二）：
    re(
        r"^((?:反馈问题|督察反馈问题|交办问题|问题|整改任务|任务|整改事项)(?:编号|序号)?\s*[（(]?\s*([零〇一二两三四五六七八九十百]+|\d{1,3})\s*(?:[）)]\s*[：:、.．]?|[：:、.．]|\s|$))",
    )
});
// 第3项问题： 第十四项整改任务
static RE_FEEDBACK_DI: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(第\s*([零〇一二两三四五六七八九十百]+|\d{1,3})\s*(?:项|个|号|条)\s*(?:反馈问题|问题|整改任务|任务)\s*(?:[：:、.．]|\s|$))",
    )
});
static RE_DI: Lazy<Regex> = Lazy::new(|| {
    re(r"^(第\s*([零〇一二两三四五六七八九十百]+|\d{1,3})\s*(?:类|部分|章|节|篇)\s*[：:、.．]?)")
});
static RE_CN_PAREN: Lazy<Regex> =
    Lazy::new(|| re(r"^([（(]\s*([零〇一二两三四五六七八九十百]+)\s*[）)])"));
static RE_AR_PAREN: Lazy<Regex> = Lazy::new(|| re(r"^([（(]\s*(\d{1,3})\s*[）)])"));
static RE_CN_DUN: Lazy<Regex> = Lazy::new(|| re(r"^(([零〇一二两三四五六七八九十百]+)\s*[、．.])"));
static RE_AR_DUN: Lazy<Regex> = Lazy::new(|| re(r"^((\d{1,3})\s*、)"));
static RE_AR_DOT: Lazy<Regex> = Lazy::new(|| re(r"^((\d{1,3})\s*[.．])"));
static RE_AR_HALF: Lazy<Regex> = Lazy::new(|| re(r"^((\d{1,3})\s*[)）])"));

/// The domain's panic-free regex builder, shared rather than copied.
pub(crate) use rectify_domain::deadline::re;

/// Recognises the numbering at the start of a (cleaned) line.
pub(crate) fn parse_numbering(line: &str) -> Option<Numbering> {
    let line = line.trim_start();
    let first = line.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        let value = first as u32 - '①' as u32 + 1;
        let rest = &line[first.len_utf8()..];
        return Some(Numbering {
            style: Style::Circled,
            value,
            token: first.to_string(),
            rest: rest
                .trim_start_matches(['、', '.', '．', ' '])
                .trim()
                .to_string(),
        });
    }
    let tries: [(&Lazy<Regex>, Style); 9] = [
        (&RE_FEEDBACK, Style::Feedback),
        (&RE_FEEDBACK_DI, Style::Feedback),
        (&RE_DI, Style::CnDi),
        (&RE_CN_PAREN, Style::CnParen),
        (&RE_AR_PAREN, Style::ArParen),
        (&RE_CN_DUN, Style::CnDun),
        (&RE_AR_DUN, Style::ArDun),
        (&RE_AR_DOT, Style::ArDot),
        (&RE_AR_HALF, Style::ArHalfParen),
    ];
    for (re, style) in tries {
        let Some(c) = re.captures(line) else {
            continue;
        };
        let (Some(whole), Some(num)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let rest = &line[whole.end()..];
        if style == Style::ArDot && rest.starts_with(|ch: char| ch.is_ascii_digit()) {
            // 3.5亿元 is a decimal; "2.2018年底前…" is item 2 starting with a year.
            let after_digits = rest.trim_start_matches(|ch: char| ch.is_ascii_digit());
            let date_follows = after_digits
                .trim_start()
                .starts_with(['年', '月', '日', '号']);
            if !date_follows {
                continue;
            }
        }
        if style == Style::CnDun {
            // "一、" needs the 、 (or a dot followed by text); "十三五" is no numbering.
            let tok = whole.as_str();
            if !(tok.ends_with('、') || tok.ends_with('．') || tok.ends_with('.')) {
                continue;
            }
        }
        let value = if num.as_str().chars().all(|c| c.is_ascii_digit()) {
            num.as_str().parse().ok()
        } else {
            cn_number(num.as_str())
        };
        let Some(value) = value.filter(|v| *v > 0) else {
            continue;
        };
        return Some(Numbering {
            style,
            value,
            token: whole.as_str().trim().to_string(),
            rest: rest.trim().to_string(),
        });
    }
    None
}

pub(crate) use rectify_domain::numerals::cn_number;

/// Parses a sequence number cell ("1", "（一）", "二十二", "反馈问题三").
pub(crate) fn seq_value(s: &str) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(v) = t.parse::<u32>() {
        return Some(v);
    }
    if let Ok(f) = t.parse::<f64>() {
        if f.fract() == 0.0 && f > 0.0 && f < 1e6 {
            return Some(f as u32);
        }
    }
    if let Some(n) = parse_numbering(t) {
        return Some(n.value);
    }
    cn_number(t.trim_matches(|c: char| "（）()、.． ".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_labels_that_carry_their_number() {
        for (line, value, rest) in [
            ("问题1：河道垃圾未清理", 1, "河道垃圾未清理"),
            ("第3项问题：污水直排", 3, "污水直排"),
            ("反馈问题（二）：黑臭水体", 2, "黑臭水体"),
            ("问题编号十四:整改态度消极", 14, "整改态度消极"),
            ("第十四项整改任务 整改结果", 14, "整改结果"),
        ] {
            let n = parse_numbering(line).expect(line);
            assert_eq!(
                (n.style, n.value, n.rest.as_str()),
                (Style::Feedback, value, rest),
                "{line}"
            );
        }
        assert!(parse_numbering("问题整改情况").is_none());
    }

    #[test]
    fn styles() {
        let n = parse_numbering("（十四）水环境质量").expect("n");
        assert_eq!(
            (n.style, n.value, n.token.as_str(), n.rest.as_str()),
            (Style::CnParen, 14, "（十四）", "水环境质量")
        );
        let n = parse_numbering("(二)有些县").expect("n");
        assert_eq!((n.style, n.value), (Style::CnParen, 2));
        let n = parse_numbering("二十二、园区").expect("n");
        assert_eq!(
            (n.style, n.value, n.token.as_str()),
            (Style::CnDun, 22, "二十二、")
        );
        let n = parse_numbering("5、 省级").expect("n");
        assert_eq!(
            (n.style, n.value, n.rest.as_str()),
            (Style::ArDun, 5, "省级")
        );
        let n = parse_numbering("3.按要求").expect("n");
        assert_eq!((n.style, n.value), (Style::ArDot, 3));
        let n = parse_numbering("2. 2018 年").expect("n");
        assert_eq!(
            (n.style, n.value, n.rest.as_str()),
            (Style::ArDot, 2, "2018 年")
        );
        let n = parse_numbering("反馈问题十四：某问题").expect("n");
        assert_eq!(
            (n.style, n.value, n.token.as_str()),
            (Style::Feedback, 14, "反馈问题十四：")
        );
        let n = parse_numbering("第三类 关于").expect("n");
        assert_eq!((n.style, n.value), (Style::CnDi, 3));
        let n = parse_numbering("（3）加强").expect("n");
        assert_eq!((n.style, n.value), (Style::ArParen, 3));
        let n = parse_numbering("②加强").expect("n");
        assert_eq!((n.style, n.value), (Style::Circled, 2));
        assert!(parse_numbering("3.5亿元").is_none());
        let n = parse_numbering("2.2018年底前完成").expect("n");
        assert_eq!((n.value, n.rest.as_str()), (2, "2018年底前完成"));
        assert_eq!(parse_numbering("1.9月30日前").map(|n| n.value), Some(1));
        assert!(parse_numbering("十三五规划").is_none());
        assert!(parse_numbering("2018年").is_none());
        assert!(parse_numbering("一是加强").is_none());
    }

    #[test]
    fn seq_cells() {
        assert_eq!(seq_value("12"), Some(12));
        assert_eq!(seq_value("12.0"), Some(12));
        assert_eq!(seq_value("（三）"), Some(3));
        assert_eq!(seq_value("二十二"), Some(22));
        assert_eq!(seq_value(""), None);
    }
}
