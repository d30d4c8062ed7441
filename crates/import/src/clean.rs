//! Clean-up of conversion debris and mixed punctuation.

use crate::numbering::re;
use once_cell::sync::Lazy;
use rectify_domain::deadline::clean_whitespace;
use regex::Regex;

static RE_BOOKMARK: Lazy<Regex> = Lazy::new(|| re(r"\[bookmark:[^\]]*\]"));
static RE_ANCHOR: Lazy<Regex> = Lazy::new(|| re(r"\[\]\{#[^}]*\}|\{#[^}]*\}|\{\.[A-Za-z_-]+\}"));
static RE_STRUCK: Lazy<Regex> = Lazy::new(|| re(r"~~[^~]*~~|<del>.*?</del>|<s>.*?</s>"));
static RE_PAGE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(?:[—–\-－~～_]+\s*\d{1,4}\s*[—–\-－~～_]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$",
    )
});
static RE_HTML: Lazy<Regex> =
    Lazy::new(|| re(r"</?(?:span|font|b|strong|i|em|u|p|div)(?:\s[^>]*)?>"));

/// A page number left by a PDF or print conversion: 「— 12 —」, 「-3-」,
/// 「第 3 页」, 「第3页 共12页」, 「3/12」, 「Page 3 of 12」. Bare numbers are
/// not page numbers here (a table cell may be one).
pub(crate) fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 24 && RE_PAGE.is_match(t)
}

/// A line after removing conversion debris and Markdown markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CleanLine {
    pub text: String,
    /// A Markdown heading or rule: never joined to its neighbours.
    pub hard: bool,
}

pub(crate) fn clean_line(raw: &str) -> CleanLine {
    let mut s: String = crate::fold::fold(raw)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}'
            )
        })
        .map(|c| match c {
            '\u{00a0}' | '\u{3000}' | '\t' => ' ',
            _ => c,
        })
        .collect();
    if s.contains('[') || s.contains('{') {
        s = RE_BOOKMARK.replace_all(&s, "").into_owned();
        s = RE_ANCHOR.replace_all(&s, "").into_owned();
    }
    if s.contains("~~") || s.contains("<del>") || s.contains("<s>") {
        s = RE_STRUCK.replace_all(&s, "").into_owned();
    }
    if s.contains('<') {
        s = RE_HTML.replace_all(&s, "").into_owned();
    }
    s = s.replace("**", "").replace("\\*", "*");
    if is_page_number(&s) {
        return CleanLine {
            text: String::new(),
            hard: false,
        };
    }
    let mut t = s.trim();
    let mut hard = false;
    // Markdown heading, quote, rule, bullet.
    if t.starts_with('#') {
        let rest = t.trim_start_matches('#');
        if rest.is_empty() || rest.starts_with(' ') {
            t = rest.trim();
            hard = true;
        }
    }
    if let Some(rest) = t.strip_prefix('>') {
        t = rest.trim();
    }
    if t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ')) {
        return CleanLine {
            text: String::new(),
            hard: true,
        };
    }
    for bullet in ["- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            t = rest.trim();
            break;
        }
    }
    CleanLine {
        text: t.to_string(),
        hard,
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3400}'..='\u{4dbf}').contains(&c)
        || matches!(
            c,
            '“' | '”' | '《' | '》' | '，' | '。' | '、' | '；' | '：' | '（' | '）'
        )
}

/// Field text: whitespace next to CJK removed, and ASCII , ; : ( ) turned
/// full-width where they sit next to Chinese text.
pub(crate) fn tidy(text: &str) -> String {
    let s = clean_whitespace(text);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let near_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        let mapped = match c {
            ',' if near_cjk => '，',
            ';' if near_cjk => '；',
            ':' if near_cjk && !next.is_some_and(|n| n.is_ascii_digit()) => '：',
            '(' if near_cjk || next.is_some_and(is_cjk) => '（',
            ')' if near_cjk || prev.is_some_and(is_cjk) => '）',
            _ => c,
        };
        out.push(mapped);
    }
    // A bracket opened full-width and closed half-width (or the reverse).
    balance_brackets(&out)
}

fn balance_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut stack: Vec<char> = Vec::new();
    for c in s.chars() {
        match c {
            '（' | '(' => {
                stack.push(c);
                out.push(c);
            }
            ')' | '）' => {
                let open = stack.pop();
                out.push(match open {
                    Some('（') => '）',
                    Some('(') => ')',
                    _ => c,
                });
            }
            _ => out.push(c),
        }
    }
    out
}

/// Removes a trailing sentence punctuation.
pub(crate) fn trim_end_punct(s: &str) -> String {
    s.trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.', '、'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris() {
        assert_eq!(
            clean_line("[bookmark: _GoBack]（三）坚持").text,
            "（三）坚持"
        );
        assert_eq!(
            clean_line("**整改目标**：完成~~旧文~~任务").text,
            "整改目标：完成任务"
        );
        let h = clean_line("### 反馈问题一：问题");
        assert_eq!((h.text.as_str(), h.hard), ("反馈问题一：问题", true));
        assert_eq!(
            clean_line("- 整改时限：2020年底").text,
            "整改时限：2020年底"
        );
        assert!(clean_line("---").hard);
        for p in [
            "— 12 —",
            "-3-",
            "- 3 -",
            "第 3 页",
            "第3页 共12页",
            "3/12",
            "Page 3 of 12",
        ] {
            assert!(is_page_number(p), "{p}");
            assert_eq!(clean_line(p).text, "", "{p}");
        }
        for p in ["12", "2022-2023", "—", "第三页的内容", "1.5/2"] {
            assert!(!is_page_number(p), "{p}");
        }
    }

    #[test]
    fn tidy_text() {
        assert_eq!(
            tidy("党委(党组)中心组,每年 2 次;"),
            "党委（党组）中心组，每年2次；"
        );
        assert_eq!(tidy("PM2.5 年均浓度 (μg/m3)"), "PM2.5年均浓度（μg/m3）");
        assert_eq!(
            tidy("衡阳弘湘国有投资(控股)集团有限公司"),
            "衡阳弘湘国有投资（控股）集团有限公司"
        );
        assert_eq!(tidy("刘 华"), "刘华");
    }
}
