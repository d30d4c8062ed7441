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

use crate::clean::{clean_line, trim_end_punct};
use crate::fields::{ends_like_unit, looks_like_name, looks_like_title, UNIT_STARTS};
use crate::labels::{looks_like_label, parse_label_line, Field};
use crate::numbering::{parse_numbering, Numbering, Style};

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
        let text = cl.text;
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

fn needs_space(prev: &str, next: &str) -> bool {
    let a = prev.chars().last();
    let b = next.chars().next();
    matches!((a, b), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}

/// A measure as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawMeasure {
    pub text: String,
    pub line: u32,
    /// The 整改时限 of the measure group it came from.
    pub deadline: Option<String>,
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

#[derive(Debug)]
struct Node {
    num: Numbering,
    first: u32,
    last: u32,
    text: String,
    segs: Vec<String>,
    parent: Option<usize>,
    fields: Vec<(Field, String, u32)>,
    measures: Vec<RawMeasure>,
    in_ctx: bool,
    /// The last line of the node's own content (not its children's).
    own_last: u32,
}

enum Cont {
    None,
    Node(usize),
    Field(usize, usize),
    Measure(usize, usize),
}

/// Builds the outline and extracts the problems.
pub(crate) fn outline(paras: &[Para]) -> Outline {
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut ctx: Option<usize> = None;
    let mut cont = Cont::None;
    let mut unplaced: Vec<(u32, String)> = Vec::new();
    // The numbering of the last measure in the current measures context.
    let mut last_measure: Option<(Style, u32)> = None;

    let touch = |nodes: &mut Vec<Node>, id: usize, line: u32| {
        if let Some(n) = nodes.get_mut(id) {
            n.own_last = n.own_last.max(line);
        }
        let mut cur = Some(id);
        while let Some(i) = cur {
            if let Some(n) = nodes.get_mut(i) {
                n.last = n.last.max(line);
                cur = n.parent;
            } else {
                break;
            }
        }
    };

    for (i, p) in paras.iter().enumerate() {
        match &p.kind {
            ParaKind::Header(num) => {
                let starts_record = followed_by_problem_label(paras, i);
                if let Some(c) = ctx {
                    let c_style = nodes[c].num.style;
                    let style_above = stack
                        .iter()
                        .take_while(|id| **id != c)
                        .chain(std::iter::once(&c))
                        .any(|id| nodes[*id].num.style == num.style);
                    // "（3）" after "（2）" is the next measure even when unit or
                    // leader labels follow it (they close the measures).
                    let next_measure = last_measure == Some((num.style, num.value.wrapping_sub(1)));
                    if num.style.is_arabic()
                        && num.style != c_style
                        && !style_above
                        && (!starts_record || next_measure)
                    {
                        last_measure = Some((num.style, num.value));
                        let owner = stack.last().copied().unwrap_or(c);
                        nodes[owner].measures.push(RawMeasure {
                            text: p.text_after_numbering(num),
                            line: p.first,
                            deadline: None,
                        });
                        let idx = nodes[owner].measures.len() - 1;
                        touch(&mut nodes, owner, p.last);
                        cont = Cont::Measure(owner, idx);
                        continue;
                    }
                    if style_above || starts_record {
                        ctx = None;
                    }
                }
                if let Some(pos) = stack
                    .iter()
                    .position(|id| nodes[*id].num.style == num.style)
                {
                    stack.truncate(pos);
                }
                let parent = stack.last().copied();
                nodes.push(Node {
                    num: num.clone(),
                    first: p.first,
                    last: p.last,
                    text: p.text_after_numbering(num),
                    segs: p.segs.clone(),
                    parent,
                    fields: Vec::new(),
                    measures: Vec::new(),
                    in_ctx: ctx.is_some() && !starts_record,
                    own_last: p.last,
                });
                let id = nodes.len() - 1;
                touch(&mut nodes, id, p.last);
                stack.push(id);
                cont = Cont::Node(id);
            }
            ParaKind::Label(field, _) => {
                let value = &p.text;
                let Some(&owner) = stack.last() else {
                    if *field != Field::Other {
                        unplaced.push((p.first, p.segs.first().cloned().unwrap_or_default()));
                    }
                    cont = Cont::None;
                    continue;
                };
                if *field == Field::Measures {
                    ctx = Some(owner);
                    last_measure = None;
                    if !value.trim().is_empty() {
                        for (k, m) in split_inline_measures(value).into_iter().enumerate() {
                            nodes[owner].measures.push(RawMeasure {
                                text: m,
                                line: p.first,
                                deadline: None,
                            });
                            let _ = k;
                        }
                    }
                    nodes[owner]
                        .fields
                        .push((Field::Measures, String::new(), p.first));
                    cont = match nodes[owner].measures.len() {
                        0 => Cont::Field(owner, nodes[owner].fields.len() - 1),
                        n => Cont::Measure(owner, n - 1),
                    };
                } else {
                    if let Some(c) = ctx {
                        let keep = *field == Field::Deadline
                            && owner != c
                            && is_descendant(&nodes, owner, c);
                        if !keep {
                            ctx = None;
                        }
                    }
                    nodes[owner].fields.push((*field, value.clone(), p.first));
                    cont = Cont::Field(owner, nodes[owner].fields.len() - 1);
                }
                touch(&mut nodes, owner, p.last);
            }
            ParaKind::UnknownLabel => {
                let owner = stack.last().copied();
                let in_record = owner.is_some_and(|o| !nodes[o].fields.is_empty());
                if in_record && ctx.is_none() {
                    unplaced.push((p.first, p.text.clone()));
                    cont = Cont::None;
                } else {
                    append_cont(&mut nodes, &cont, &p.text);
                    if let Some(o) = owner {
                        touch(&mut nodes, o, p.last);
                    }
                }
            }
            ParaKind::Plain => {
                append_cont(&mut nodes, &cont, &p.text);
                match cont {
                    Cont::Node(id) | Cont::Field(id, _) | Cont::Measure(id, _) => {
                        touch(&mut nodes, id, p.last)
                    }
                    Cont::None => {}
                }
            }
        }
    }
    classify(nodes, unplaced)
}

impl Para {
    fn text_after_numbering(&self, num: &Numbering) -> String {
        // The header's own rest plus the continuation lines.
        let mut s = num.rest.clone();
        for seg in self.segs.iter().skip(1) {
            if needs_space(&s, seg) {
                s.push(' ');
            }
            s.push_str(seg);
        }
        s
    }
}

fn append_cont(nodes: &mut [Node], cont: &Cont, text: &str) {
    let push = |s: &mut String| {
        if needs_space(s, text) {
            s.push(' ');
        }
        s.push_str(text);
    };
    match *cont {
        Cont::None => {}
        Cont::Node(id) => {
            if let Some(n) = nodes.get_mut(id) {
                push(&mut n.text);
                n.segs.push(text.to_string());
            }
        }
        Cont::Field(id, f) => {
            if let Some(v) = nodes.get_mut(id).and_then(|n| n.fields.get_mut(f)) {
                push(&mut v.1);
            }
        }
        Cont::Measure(id, m) => {
            if let Some(v) = nodes.get_mut(id).and_then(|n| n.measures.get_mut(m)) {
                push(&mut v.text);
            }
        }
    }
}

fn is_descendant(nodes: &[Node], id: usize, ancestor: usize) -> bool {
    let mut cur = nodes.get(id).and_then(|n| n.parent);
    let mut guard = 0;
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        guard += 1;
        if guard > nodes.len() {
            return false;
        }
        cur = nodes.get(c).and_then(|n| n.parent);
    }
    false
}

/// Whether the heading at `i` is followed, before any other heading, by a
/// label that only a problem carries (整改目标, units, leaders …) as its first
/// label.
fn followed_by_problem_label(paras: &[Para], i: usize) -> bool {
    for p in paras.iter().skip(i + 1) {
        match &p.kind {
            ParaKind::Header(_) => return false,
            ParaKind::Label(f, _) => return f.defines_problem(),
            _ => {}
        }
    }
    false
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
        let needles = [format!("{next}."), format!("{next}．"), format!("{next}、")];
        let found = needles
            .iter()
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

fn classify(nodes: Vec<Node>, mut unplaced: Vec<(u32, String)>) -> Outline {
    let n = nodes.len();
    let has_problem_fields: Vec<bool> = nodes
        .iter()
        .map(|x| x.fields.iter().any(|(f, _, _)| f.defines_problem()))
        .collect();
    let has_fields: Vec<bool> = nodes
        .iter()
        .map(|x| !x.fields.is_empty() || !x.measures.is_empty())
        .collect();
    let is_group: Vec<bool> = (0..n)
        .map(|i| nodes[i].in_ctx && !has_problem_fields[i])
        .collect();
    let is_record: Vec<bool> = (0..n).map(|i| !is_group[i] && has_fields[i]).collect();

    // The problem style: the style with most records.
    let mut counts: Vec<(Style, usize, usize)> = Vec::new();
    for i in (0..n).filter(|i| is_record[*i]) {
        match counts.iter_mut().find(|(s, _, _)| *s == nodes[i].num.style) {
            Some(c) => c.1 += 1,
            None => counts.push((nodes[i].num.style, 1, i)),
        }
    }
    let Some(pstyle) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|c| c.0)
    else {
        return Outline {
            unplaced,
            ..Default::default()
        };
    };

    // Role of each node.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Role {
        None,
        Top,
        Sub(usize),
    }
    let mut role = vec![Role::None; n];
    let nearest_pstyle_ancestor = |i: usize| -> Option<usize> {
        let mut cur = nodes[i].parent;
        while let Some(c) = cur {
            if nodes[c].num.style == pstyle {
                return Some(c);
            }
            cur = nodes[c].parent;
        }
        None
    };
    for i in 0..n {
        if !is_record[i] {
            continue;
        }
        if nodes[i].num.style == pstyle {
            role[i] = Role::Top;
            continue;
        }
        let typo_sibling = nodes[i].parent.is_some_and(|p| {
            has_problem_fields[p]
                && nodes[p].num.style == pstyle
                && nodes[i].num.value == nodes[p].num.value + 1
        });
        if typo_sibling {
            role[i] = Role::Top;
        } else if let Some(a) = nearest_pstyle_ancestor(i) {
            role[i] = Role::Sub(a);
            role[a] = Role::Top;
        } else {
            role[i] = Role::Top;
        }
    }
    // Problem-style headings without fields inside the list: a problem whose
    // fields are missing when it continues the numbering, else unplaced.
    // After the last problem with fields, a heading continuing the numbering
    // is a problem only under the same parent heading as that problem (an
    // annex cut short); under another heading (「三、保障措施」 whose list
    // continues the numbering) it is no problem at all. Never invented: such
    // a problem has only its number and text and gets `field_missing`.
    let last_top = (0..n).rev().find(|i| role[*i] == Role::Top);
    let first_top = (0..n).find(|i| role[*i] == Role::Top);
    let last_line = (0..n)
        .filter(|i| role[*i] != Role::None)
        .map(|i| nodes[i].last)
        .max()
        .unwrap_or(0);
    if let Some(ft) = first_top {
        let mut prev_value: Option<u32> = None;
        for i in 0..n {
            if role[i] == Role::Top {
                prev_value = Some(nodes[i].num.value);
                continue;
            }
            if i < ft || nodes[i].num.style != pstyle || role[i] != Role::None || is_group[i] {
                continue;
            }
            let after_list = last_top.is_some_and(|lt| i > lt);
            let same_parent = last_top.is_some_and(|lt| nodes[lt].parent == nodes[i].parent);
            let continues = prev_value.is_some_and(|v| nodes[i].num.value == v + 1)
                && (!after_list || same_parent);
            if continues {
                role[i] = Role::Top;
                prev_value = Some(nodes[i].num.value);
            } else if nodes[i].first < last_line {
                unplaced.push((
                    nodes[i].first,
                    format!("{}{}", nodes[i].num.token, nodes[i].text),
                ));
            }
        }
    }

    // Categories: the nearest ancestor of a top problem that is not itself
    // a problem or record.
    let mut cat_nodes: Vec<usize> = Vec::new();
    let mut cat_of: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if role[i] != Role::Top {
            continue;
        }
        let mut cur = nodes[i].parent;
        while let Some(c) = cur {
            if role[c] == Role::None
                && !is_record[c]
                && !is_group[c]
                && nodes[c].num.style != pstyle
            {
                if !cat_nodes.contains(&c) {
                    cat_nodes.push(c);
                }
                cat_of[i] = cat_nodes.iter().position(|x| *x == c);
                break;
            }
            cur = nodes[c].parent;
        }
    }
    let values: Vec<u32> = cat_nodes.iter().map(|c| nodes[*c].num.value).collect();
    let unique = values
        .iter()
        .enumerate()
        .all(|(k, v)| !values[..k].contains(v));
    let categories: Vec<RawCategory> = cat_nodes
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let node = &nodes[*c];
            let title_seg = node
                .segs
                .first()
                .and_then(|s| parse_numbering(s).map(|nb| nb.rest))
                .unwrap_or_else(|| node.text.clone());
            let intro = node
                .segs
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join("");
            RawCategory {
                seq: if unique { node.num.value } else { k as u32 + 1 },
                title: trim_end_punct(&title_seg),
                intro,
                line: node.first,
            }
        })
        .collect();

    // Spans: a problem's own lines and those of the headings under it that
    // are not problems of their own.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            if p < n {
                children[p].push(i);
            }
        }
    }
    let mut span_last: Vec<u32> = nodes.iter().map(|x| x.own_last).collect();
    // Children come after their parents: walk backwards.
    for i in (0..n).rev() {
        for &c in &children[i] {
            if role[c] != Role::Top {
                span_last[i] = span_last[i].max(span_last[c]);
            }
        }
    }

    // Problems in document order, each followed by its sub-problems.
    let mut problems: Vec<RawProblem> = Vec::new();
    for i in 0..n {
        if role[i] != Role::Top {
            continue;
        }
        let subs: Vec<usize> = (0..n).filter(|j| role[*j] == Role::Sub(i)).collect();
        let mut p = raw_problem(&nodes, i, &is_group);
        p.category = cat_of[i];
        p.has_children = !subs.is_empty();
        p.last = span_last[i];
        let parent_seq = p.seq;
        let cat = p.category;
        problems.push(p);
        for j in subs {
            let mut s = raw_problem(&nodes, j, &is_group);
            s.last = span_last[j];
            s.parent_seq = Some(parent_seq);
            s.category = cat;
            problems.push(s);
        }
    }
    Outline {
        problems,
        categories,
        unplaced,
    }
}

fn raw_problem(nodes: &[Node], i: usize, is_group: &[bool]) -> RawProblem {
    let node = &nodes[i];
    let mut fields = node.fields.clone();
    let mut measures = node.measures.clone();
    let groups: Vec<usize> = (0..nodes.len())
        .filter(|j| is_group[*j] && nodes[*j].parent == Some(i))
        .collect();
    let own_deadline = fields.iter().any(|(f, _, _)| *f == Field::Deadline);
    let group_deadlines: Vec<(usize, String, u32)> = groups
        .iter()
        .filter_map(|g| {
            nodes[*g]
                .fields
                .iter()
                .find(|(f, _, _)| *f == Field::Deadline)
                .map(|(_, v, l)| (*g, v.clone(), *l))
        })
        .collect();
    // Only the last group has a 整改时限 and the problem none: it is the
    // problem's own (written after the last group's measures).
    let last_only = !own_deadline
        && group_deadlines.len() == 1
        && groups.last().is_some_and(|g| group_deadlines[0].0 == *g);
    for g in &groups {
        collect_group(
            nodes,
            *g,
            is_group,
            &mut measures,
            None,
            last_only,
            &group_deadlines,
        );
    }
    if !own_deadline {
        let mut seen: Vec<String> = Vec::new();
        for (_, v, l) in &group_deadlines {
            let key = trim_end_punct(v);
            if !seen.contains(&key) {
                seen.push(key);
                fields.push((Field::Deadline, v.clone(), *l));
            }
        }
        if seen.len() > 1 {
            // Several distinct group deadlines: one deadline expression.
            let joined: Vec<String> = seen.clone();
            fields.retain(|(f, _, _)| *f != Field::Deadline);
            let line = group_deadlines.first().map(|g| g.2).unwrap_or(node.first);
            fields.push((Field::Deadline, joined.join("；"), line));
        }
    }
    RawProblem {
        seq: node.num.value,
        number_text: node.num.token.clone(),
        parent_seq: None,
        category: None,
        description: node.text.clone(),
        fields,
        measures,
        first: node.first,
        last: node.last,
        has_children: false,
    }
}

fn collect_group(
    nodes: &[Node],
    g: usize,
    is_group: &[bool],
    out: &mut Vec<RawMeasure>,
    outer_title: Option<&str>,
    last_only: bool,
    group_deadlines: &[(usize, String, u32)],
) {
    let node = &nodes[g];
    let mut title = trim_end_punct(&node.text);
    if let Some(o) = outer_title {
        title = format!("{o}／{title}");
    }
    let deadline = if last_only {
        None
    } else {
        group_deadlines
            .iter()
            .find(|(id, _, _)| *id == g)
            .map(|(_, v, _)| trim_end_punct(v))
    };
    for m in &node.measures {
        out.push(RawMeasure {
            text: format!("【{title}】{}", m.text),
            line: m.line,
            deadline: deadline.clone(),
        });
    }
    for (j, child) in nodes.iter().enumerate() {
        if child.parent == Some(g) && is_group.get(j).copied().unwrap_or(false) {
            collect_group(
                nodes,
                j,
                is_group,
                out,
                Some(&title),
                last_only,
                group_deadlines,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Outline {
        let lines: Vec<(u32, Option<&str>)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, Some(l)))
            .collect();
        outline(&paragraphs(&lines))
    }

    #[test]
    fn continuation_lines_join() {
        let o = parse("一、类别\n（一）问题描述\n\n的续行。\n整改目标：目标\n整改措施：\n1. 措施一\n续\n2. 措施二\n整改时限：2020年底\n责任单位：甲\n（二）问题二\n整改目标：乙\n");
        assert_eq!(o.problems.len(), 2);
        assert_eq!(o.problems[0].description, "问题描述的续行。");
        assert_eq!(o.problems[0].measures.len(), 2);
        assert_eq!(o.problems[0].measures[0].text, "措施一续");
        assert_eq!(o.categories.len(), 1);
        assert_eq!(o.problems[0].category, Some(0));
        assert_eq!((o.problems[0].first, o.problems[0].last), (2, 11));
    }

    #[test]
    fn inline_measures() {
        assert_eq!(
            split_inline_measures("加快完成治理。"),
            vec!["加快完成治理。"]
        );
        assert_eq!(
            split_inline_measures("1.甲；2.乙；3.丙"),
            vec!["甲", "乙", "丙"]
        );
        assert_eq!(split_inline_measures("1.甲\n2.乙"), vec!["甲", "乙"]);
    }
}
