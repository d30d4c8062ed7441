//! The plan's title and the jurisdiction it names.

use crate::clean::{clean_line, tidy};
use crate::labels::parse_label_line;
use crate::numbering::{parse_numbering, re};
use crate::structure::Para;
use once_cell::sync::Lazy;
use regex::Regex;

/// The title: the first heading lines (a title may be split over lines; a
/// notice's title runs to 64 characters);
/// when the text names a plan 《…》 that also stands as a heading line of its
/// own (the plan published as an annex), that plan's name.
pub(super) fn find_title(lines: &[(u32, Option<String>)], paras: &[Para]) -> Option<String> {
    let cleaned: Vec<Option<String>> = lines
        .iter()
        .map(|(_, l)| l.as_ref().map(|l| clean_line(l).text))
        .collect();
    let heading_like = |s: &str| {
        let n = s.chars().count();
        (2..=64).contains(&n)
            && !s.contains(['。', '，', '：', ':', '；'])
            && parse_numbering(s).is_none()
            && parse_label_line(s).is_none()
    };
    let mut first: Vec<String> = Vec::new();
    for l in &cleaned {
        if first.is_empty() && l.as_deref().is_some_and(is_annex_marker) {
            continue;
        }
        match l {
            None => {
                if !first.is_empty() {
                    break;
                }
            }
            Some(s) if s.is_empty() => {
                if !first.is_empty() {
                    break;
                }
            }
            Some(s) => {
                // A web page repeats its title above the text: once is enough.
                if first.last() == Some(s) {
                    continue;
                }
                if heading_like(s) && first.len() < 3 {
                    first.push(s.clone());
                } else {
                    break;
                }
            }
        }
    }
    // Named plans that are also headings.
    static RE_NAMED: Lazy<Regex> = Lazy::new(|| re(r"《([^《》]{6,60}(?:方案|规划|清单|计划))》"));
    let headings: Vec<String> = cleaned
        .iter()
        .flatten()
        .filter(|s| heading_like(s))
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    for p in paras {
        for c in RE_NAMED.captures_iter(&p.text) {
            if let Some(m) = c.get(1) {
                let name: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
                if headings.contains(&name) {
                    return Some(name);
                }
            }
        }
    }
    if first.is_empty() {
        return None;
    }
    Some(tidy(&first.join("")))
}

static RE_ANNEX: Lazy<Regex> = Lazy::new(|| re(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[：:]?$"));

/// 「附件」「附件2」「附件：」 on a line of its own.
fn is_annex_marker(s: &str) -> bool {
    RE_ANNEX.is_match(s.trim())
}

static RE_JURIS: Lazy<Regex> = Lazy::new(|| {
    re(r"^(?:中共)?([\p{Han}]{1,12}?(?:自治州|自治县|特别行政区|新区|省|市|州|县|区|盟|旗))")
});

pub(super) fn jurisdiction_of(title: &str) -> Option<String> {
    RE_JURIS
        .captures(title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .filter(|j| j.chars().count() >= 2)
}
