//! From cleaned lines to problem records: paragraphs (a line that does not
//! start with a numbering or a label continues the one before it), an
//! outline built from the numbering styles, and the labels each heading owns.
//!
//! Rules, none of them special to one document:
//!
//! - A heading *owns* the labelled lines (整改目标, 整改时限, units, leaders …)
//!   that follow it until the next heading. After a `整改措施` label, numbered
//!   lines in an Arabic style other than the owner's are measures, until a
//!   label other than 整改时限 or a heading of the owner's (or a higher)
//!   style.
//! - A heading that owns labels is a *record*. The numbering style with the
//!   most records is the problem style; its records are problems.
//! - A heading that appears inside its parent's measures (after the
//!   parent's 整改措施 label) and owns at most measures and a 整改时限 is a
//!   *measure group* (常德 十四 "（一）共性整改措施", 十五 "（一）关于…问题"):
//!   its measures join the parent's, prefixed with the group title, and its
//!   整改时限 becomes those measures' deadline. A heading that carries its own
//!   整改目标 / units / leaders is a *sub-problem* (常德 二十二 （一）（二）),
//!   whose parent is the nearest problem-style heading above it.
//! - A record in another style directly under a problem that has its own
//!   fields, numbered as that problem's next sibling, is a sibling with a
//!   mistyped numbering (常德 "5、" between 四、 and 六、).
//! - The nearest non-problem heading above a problem is its category.

mod paras;
mod roles;
mod runin;
mod tree;

use crate::labels::Field;
use crate::numbering::parse_numbering;

pub(crate) use paras::{paragraphs, Para, ParaKind};
pub(crate) use tree::outline;

/// A measure as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawMeasure {
    pub text: String,
    pub line: u32,
    /// The 整改时限 of the measure group it came from.
    pub deadline: Option<String>,
    /// Cut out of a line that ran several measures together (「1.…；2.…」).
    pub split: bool,
}

/// One problem as read, before field values are parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RawProblem {
    pub seq: u32,
    pub number_text: String,
    pub parent_seq: Option<u32>,
    pub category: Option<usize>,
    pub description: String,
    pub fields: Vec<(Field, String, u32)>,
    pub measures: Vec<RawMeasure>,
    pub first: u32,
    pub last: u32,
    pub has_children: bool,
    /// Fields whose value was inferred rather than read from a label or a
    /// table header (confidence keys: description, measures, units …).
    pub guessed: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawCategory {
    pub seq: u32,
    pub title: String,
    pub intro: String,
    pub line: u32,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    pub problems: Vec<RawProblem>,
    pub categories: Vec<RawCategory>,
    /// (line, message) of ledger-like text that could not be placed.
    pub unplaced: Vec<(u32, String)>,
}

/// "1.xxx；2.xxx" in one line → the measures; otherwise the text itself.
pub(crate) fn split_inline_measures(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in value.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_numbering(line) {
            Some(n) if n.style.is_arabic() => out.extend(split_run_in(&n.rest, n.value)),
            _ => {
                if out.is_empty() {
                    out.extend(split_run_in(line, 0));
                } else if let Some(last) = out.last_mut() {
                    last.push_str(line);
                }
            }
        }
    }
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Splits "A；2.B；3.C" where the next numbers follow on from `after`.
pub(crate) fn split_run_in(text: &str, after: u32) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.to_string();
    let mut next = after + 1;
    loop {
        let circled = char::from_u32('①' as u32 + next - 1)
            .filter(|c| ('①'..='⑳').contains(c))
            .map(String::from)
            .unwrap_or_default();
        let needles = [
            format!("{next}."),
            format!("{next}．"),
            format!("{next}、"),
            format!("（{next}）"),
            format!("({next})"),
            circled,
        ];
        let found = needles
            .iter()
            .filter(|nd| !nd.is_empty())
            .filter_map(|nd| {
                rest.match_indices(nd.as_str()).find(|(pos, _)| {
                    let before = rest[..*pos].chars().last();
                    *pos > 0 && matches!(before, Some('；' | ';' | '。' | ' ' | '，'))
                })
            })
            .map(|(p, s)| (p, s.len()))
            .min();
        match found {
            Some((pos, len)) if after > 0 || next > 1 => {
                out.push(rest[..pos].trim().to_string());
                rest = rest[pos + len..].to_string();
                next += 1;
            }
            _ => break,
        }
    }
    out.push(rest.trim().to_string());
    out.into_iter()
        .map(|s| s.trim_end_matches(['；', ';']).trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests;
