//! Paragraphs: cleaned lines joined where a line does not start with a
//! numbering or a label, and the kind of each paragraph.

use crate::clean::clean_line;
use crate::fields::{ends_like_unit, looks_like_name, looks_like_title, UNIT_STARTS};
use crate::labels::{looks_like_label, parse_label_line, Field};
use crate::numbering::{parse_numbering, Numbering};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParaKind {
    Header(Numbering),
    Label(Field, String),
    UnknownLabel,
    Plain,
}

#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub first: u32,
    pub last: u32,
    /// Joined text (label paragraphs: the value only).
    pub text: String,
    /// The physical lines that were joined.
    pub segs: Vec<String>,
    pub kind: ParaKind,
    pub hard: bool,
}

/// Joins lines into paragraphs. `lines` are (line number, raw text); `None`
/// marks a boundary nothing may be joined across (a table).
pub(crate) fn paragraphs(lines: &[(u32, Option<&str>)]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut boundary = true;
    for (no, raw) in lines {
        let Some(raw) = raw else {
            boundary = true;
            continue;
        };
        let cl = clean_line(raw);
        if cl.text.is_empty() {
            if cl.hard {
                boundary = true;
            }
            continue;
        }
        for text in super::runin::split_run_together(&cl.text) {
            let kind = if let Some(n) = parse_numbering(&text) {
                ParaKind::Header(n)
            } else if let Some((f, _, value)) = parse_label_line(&text) {
                ParaKind::Label(f, value)
            } else if looks_like_label(&text) {
                ParaKind::UnknownLabel
            } else {
                ParaKind::Plain
            };
            let continues = matches!(kind, ParaKind::Plain) && !boundary && !cl.hard;
            if continues {
                if let Some(prev) = out.last_mut() {
                    if !prev.hard {
                        if let Some(sep) = join_separator(&prev.kind, &prev.text, &text) {
                            prev.text.push(sep);
                        } else if needs_space(&prev.text, &text) {
                            prev.text.push(' ');
                        }
                        prev.text.push_str(&text);
                        prev.segs.push(text);
                        prev.last = *no;
                        continue;
                    }
                }
            }
            let value = match &kind {
                ParaKind::Label(_, v) => v.clone(),
                _ => text.clone(),
            };
            out.push(Para {
                first: *no,
                last: *no,
                text: value,
                segs: vec![text],
                kind,
                hard: cl.hard,
            });
            boundary = false;
        }
    }
    // A Markdown heading never absorbs the next line, but the next line may
    // be plain: it stays a paragraph of its own.
    out
}

/// The separator to put where a list field (units, leaders, persons)
/// continues on the next line: a unit list broken after a complete unit name
/// before the start of another ("…县生态环境分局" + "县发改局"), a persons
/// list broken after a name or a bracket. A line broken inside a name joins
/// without one.
fn join_separator(kind: &ParaKind, prev: &str, next: &str) -> Option<char> {
    let ParaKind::Label(field, _) = kind else {
        return None;
    };
    let last = prev.chars().last()?;
    if matches!(
        last,
        '、' | '，' | ',' | '；' | ';' | '：' | ':' | '（' | '(' | ' '
    ) || next.starts_with(['、', '，', ',', '；', ';', '（', '(', '）', ')'])
    {
        return None;
    }
    let tail: &str = prev
        .rsplit(['、', '，', ',', '；', ';', ' ', '\u{3000}'])
        .next()
        .unwrap_or(prev);
    match field {
        Field::Unit(_) => {
            let starts = next.starts_with(UNIT_STARTS);
            (starts && tail.chars().count() >= 3 && ends_like_unit(tail)).then_some('、')
        }
        Field::Leader | Field::Person | Field::Liaison => {
            let name_end = matches!(last, '）' | ')')
                || looks_like_name(tail) && !looks_like_title(tail)
                || last.is_ascii_digit();
            name_end.then_some('、')
        }
        _ => None,
    }
}

pub(super) fn needs_space(prev: &str, next: &str) -> bool {
    let a = prev.chars().last();
    let b = next.chars().next();
    matches!((a, b), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}
