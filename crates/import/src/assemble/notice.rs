//! Documents that hold one problem, or only a list of problem headings,
//! read when the outline found no problem records:
//!
//! - a sign-off (销号公示) or progress notice: a title, then sections
//!   introduced by a label — as `label：value`, as a numbered heading
//!   (「一、反馈问题」「三、整改措施及完成情况」) with the value below, or as
//!   a problem label carrying its number (「问题编号十四：…」). One problem;
//!   its number from that label, else from the text (「第8号问题」「243号问题」
//!   「第十四项整改任务」), else from the first item of the problem section.
//! - a progress report whose section on the state of the work
//!   (「二、具体整改情况」「三、问题整改进展」) lists the problems as headings
//!   with prose below: one problem per heading, description only (guessed).

use crate::labels::{label_head, Field};
use crate::numbering::{cn_number, parse_numbering, re, Numbering, Style};
use crate::structure::{Para, ParaKind, RawMeasure, RawProblem};
use once_cell::sync::Lazy;
use regex::Regex;

struct Section {
    field: Field,
    /// The number a problem label carries (「问题编号十四：」).
    number: Option<(u32, String)>,
    lines: Vec<String>,
    first: u32,
    last: u32,
}

/// One problem from labelled sections, when the document has a problem
/// section and at least one other field.
pub(super) fn labelled_problems(paras: &[Para], head_text: &str) -> Vec<RawProblem> {
    let mut sections: Vec<Section> = Vec::new();
    let mut open = false;
    for p in paras {
        let rest_segs: Vec<String> = p.segs.iter().skip(1).cloned().collect();
        let start = |f: Field, v: String, sections: &mut Vec<Section>| {
            let mut lines: Vec<String> = Vec::new();
            if !v.trim().is_empty() {
                lines.push(v.trim().to_string());
            }
            lines.extend(rest_segs.iter().cloned());
            sections.push(Section {
                field: f,
                number: None,
                lines,
                first: p.first,
                last: p.last,
            });
        };
        match &p.kind {
            ParaKind::Header(n) if n.style == Style::Feedback => {
                start(Field::Description, n.rest.clone(), &mut sections);
                if let Some(s) = sections.last_mut() {
                    s.number = Some((n.value, n.token.clone()));
                }
                open = true;
            }
            ParaKind::Header(n) => {
                if let Some((f, v)) = label_head(&n.rest) {
                    start(f, v, &mut sections);
                    open = f != Field::Other;
                } else if let Some(s) = sections.last_mut().filter(|_| open) {
                    s.lines.extend(p.segs.iter().cloned());
                    s.last = p.last;
                }
            }
            ParaKind::Label(f, v) => {
                start(*f, v.clone(), &mut sections);
                open = *f != Field::Other;
            }
            ParaKind::UnknownLabel => open = false,
            ParaKind::Plain => {
                if let Some(s) = sections.last_mut().filter(|_| open) {
                    s.lines.extend(p.segs.iter().cloned());
                    s.last = p.last;
                }
            }
        }
    }
    let has = |f: Field| sections.iter().any(|s| s.field == f);
    let others = sections.iter().any(|s| {
        matches!(
            s.field,
            Field::Target | Field::Measures | Field::Deadline | Field::Unit(_) | Field::Status
        )
    });
    if !has(Field::Description) {
        return notice_without_problem_section(sections, head_text);
    }
    // A plan's opening has sections named like fields (「一、存在问题」
    // 「二、整改目标」「三、整改措施」) whose list is elsewhere; a plan for one
    // problem also says who does it or by when.
    // 「…《整改方案》第十四项整改任务整改结果公示」 is a notice citing a plan.
    let is_plan = head_text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|t| RE_CITED.replace_all(t, "").into_owned())
        .is_some_and(|t| (t.contains("方案") || t.contains("规划")) && !t.contains("公示"));
    let assigned = sections
        .iter()
        .any(|s| matches!(s.field, Field::Deadline | Field::Unit(_)));
    if !others || (is_plan && !assigned) {
        return Vec::new();
    }
    // A problem section after another problem's fields starts the next
    // problem (「问题：…」 repeated down a notice).
    let mut groups: Vec<Vec<Section>> = Vec::new();
    for s in sections {
        let starts = s.field == Field::Description
            && groups
                .last()
                .is_some_and(|g| g.iter().any(|x| x.field == Field::Description));
        match groups.last_mut() {
            Some(g) if !starts => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    let total = groups.len();
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| problem_of(g, head_text, i, total))
        .collect()
}

/// One problem from its sections; its number from its problem label, else
/// (alone in the document) from the text, else its first item or position.
fn problem_of(sections: &[Section], head_text: &str, index: usize, total: usize) -> RawProblem {
    let number = sections.iter().find_map(|s| s.number.clone());
    let mut rp = RawProblem::default();
    let mut first_item: Option<Numbering> = None;
    for s in sections {
        match s.field {
            Field::Description => {
                let mut text = String::new();
                for l in &s.lines {
                    match parse_numbering(l) {
                        Some(n) if text.is_empty() && n.style != Style::Feedback => {
                            text.push_str(&n.rest);
                            first_item.get_or_insert(n);
                        }
                        _ => text.push_str(l),
                    }
                }
                rp.description.push_str(&text);
            }
            Field::Measures => {
                // Numbered lines start measures; an unnumbered line continues
                // the measure before it in the same section, else starts one.
                let mut in_section = false;
                for l in &s.lines {
                    let numbered = parse_numbering(l);
                    match (numbered, rp.measures.last_mut()) {
                        (None, Some(m)) if in_section => m.text.push_str(l),
                        (n, _) => {
                            // 「1.…；2.…」 run together on one line.
                            let items = match n {
                                Some(n) => crate::structure::split_run_in(&n.rest, n.value),
                                None => crate::structure::split_inline_measures(l),
                            };
                            let split = items.len() > 1;
                            for text in items {
                                rp.measures.push(RawMeasure {
                                    text,
                                    line: s.first,
                                    deadline: None,
                                    split,
                                });
                            }
                        }
                    }
                    in_section = true;
                }
                rp.fields.push((Field::Measures, String::new(), s.first));
            }
            f => {
                let sep = if matches!(f, Field::Unit(_)) {
                    "、"
                } else {
                    ""
                };
                rp.fields.push((f, s.lines.join(sep), s.first));
            }
        }
    }
    let position = (index as u32 + 1, String::new());
    let (seq, token) = number
        .or_else(|| (total == 1).then(|| number_in_text(head_text)).flatten())
        .or_else(|| first_item.map(|n| (n.value, n.token)))
        .unwrap_or(position);
    rp.seq = seq;
    rp.number_text = token;
    rp.first = sections.first().map(|s| s.first).unwrap_or(0);
    rp.last = sections.iter().map(|s| s.last).max().unwrap_or(rp.first);
    rp
}

/// A public notice (公示) on one problem that names it only in its title
/// (「关于…问题整改完成情况的公示」) and then gives its fields: one problem,
/// described by the title (guessed). Only a 公示, so that a plan's or a
/// report's sections (整改目标, 整改措施 …) are never read as a problem.
fn notice_without_problem_section(sections: Vec<Section>, head_text: &str) -> Vec<RawProblem> {
    let title = head_text.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(title) = title.filter(|t| t.contains("公示") && t.contains("问题")) else {
        return Vec::new();
    };
    let mut kinds: Vec<Field> = sections
        .iter()
        .map(|s| match s.field {
            Field::Unit(_) => Field::Unit(rectify_domain::UnitRole::Responsible),
            f => f,
        })
        .filter(|f| {
            matches!(
                f,
                Field::Target | Field::Measures | Field::Deadline | Field::Unit(_) | Field::Status
            )
        })
        .collect();
    kinds.dedup();
    if kinds.len() < 2 {
        return Vec::new();
    }
    let mut rp = problem_of(&sections, head_text, 0, 1);
    rp.description = title.to_string();
    rp.guessed.push("description");
    vec![rp]
}

static RE_CITED: Lazy<Regex> = Lazy::new(|| re(r"《[^《》]*》"));

static RE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(第\s*([零〇一二两三四五六七八九十百]+|\d{1,4})\s*(?:号|项|个)?\s*(?:反馈问题|问题|整改任务)|(\d{1,4})\s*号\s*(?:反馈问题|问题|整改任务)|(?:问题编号|序号)\s*([零〇一二两三四五六七八九十百]+|\d{1,4})|(?:反馈问题|问题|整改任务)\s*第\s*([零〇一二两三四五六七八九十百]+|\d{1,4})\s*(?:号|项|个))",
    )
});

/// 「第8号问题」「243号问题」「第十四项整改任务」「序号十」「反馈问题第二十七项」
/// in the title or the opening lines.
fn number_in_text(text: &str) -> Option<(u32, String)> {
    let c = RE_NUMBER.captures(text)?;
    let whole = c.get(1)?.as_str().to_string();
    let n = c.get(2).or(c.get(3)).or(c.get(4)).or(c.get(5))?.as_str();
    let v = n.parse().ok().or_else(|| cn_number(n))?;
    Some((v, whole))
}

/// A section heading on the state of the work or on the problems.
fn is_problem_section(title: &str) -> bool {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(['：', ':', '。']);
    t.chars().count() <= 16
        && (t.ends_with("整改情况")
            || t.ends_with("整改进展")
            || t.ends_with("进展情况")
            || t.ends_with("完成情况")
            || t.ends_with("问题")
            || t.ends_with("问题清单"))
}

/// Headings listed under a section on the state of the work: each one
/// problem, its description the heading line.
pub(super) fn headings_under_progress(paras: &[Para]) -> Vec<RawProblem> {
    let mut out: Vec<RawProblem> = Vec::new();
    let mut section: Option<Style> = None;
    let mut item_style: Option<Style> = None;
    for p in paras {
        let ParaKind::Header(n) = &p.kind else {
            continue;
        };
        let line_rest = p
            .segs
            .first()
            .and_then(|s| parse_numbering(s))
            .map(|x| x.rest)
            .unwrap_or_default();
        if section == Some(n.style) || (section.is_none() && is_problem_section(&line_rest)) {
            // A new section of the same rank ends the list; a problem section starts one.
            section = is_problem_section(&line_rest).then_some(n.style);
            item_style = None;
            continue;
        }
        if section.is_none() {
            continue;
        }
        let style = *item_style.get_or_insert(n.style);
        if style != n.style {
            continue;
        }
        out.push(RawProblem {
            seq: n.value,
            number_text: n.token.clone(),
            description: line_rest,
            first: p.first,
            last: p.last,
            guessed: vec!["description"],
            ..Default::default()
        });
    }
    out
}
