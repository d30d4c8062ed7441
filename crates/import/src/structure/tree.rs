//! The outline: headings nested by numbering style, each owning the
//! labelled lines and measures that follow it.

use super::paras::needs_space;
use super::roles::classify;
use super::{split_inline_measures, Outline, Para, ParaKind, RawMeasure};
use crate::labels::{label_head, Field};
use crate::numbering::parse_numbering;
use crate::numbering::{Numbering, Style};

#[derive(Debug)]
pub(super) struct Node {
    pub(super) num: Numbering,
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) text: String,
    pub(super) segs: Vec<String>,
    pub(super) parent: Option<usize>,
    pub(super) fields: Vec<(Field, String, u32)>,
    pub(super) measures: Vec<RawMeasure>,
    pub(super) in_ctx: bool,
    /// The last line of the node's own content (not its children's).
    pub(super) own_last: u32,
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
        let as_label;
        let p = match field_heading(p, &nodes, &stack) {
            Some(l) => {
                as_label = l;
                &as_label
            }
            None => p,
        };
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
                    // 「（一）…（二）…」 as items of the measures: a bracketed
                    // heading that does not head numbered measures of its own
                    // (「（一）共性整改措施」 followed by 「1.…」 is a group).
                    let heads_items = matches!(
                        paras.get(i + 1).map(|q| &q.kind),
                        Some(ParaKind::Header(m)) if m.style.is_arabic()
                    ) || matches!(
                        paras.get(i + 1).map(|q| &q.kind),
                        Some(ParaKind::Label(Field::Measures, _))
                    );
                    let item_style =
                        num.style.is_arabic() || (num.style == Style::CnParen && !heads_items);
                    if item_style
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
                            split: false,
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
                        let items = split_inline_measures(value);
                        let split = items.len() > 1;
                        for m in items {
                            nodes[owner].measures.push(RawMeasure {
                                text: m,
                                line: p.first,
                                deadline: None,
                                split,
                            });
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
                        touch(&mut nodes, id, p.last);
                    }
                    // Text inside a record that follows nothing it could
                    // continue is reported, never dropped.
                    Cont::None if !stack.is_empty() => {
                        unplaced.push((p.first, p.text.clone()));
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

/// A numbered heading that names a field of the record above it, its value
/// below (「（一）整改目标」 then the target, 「（三）责任单位」 then the units),
/// read as that label. Only in a style other than the record's and its
/// ancestors', so that the sections of a plan (「二、整改目标」 beside
/// 「一、基本原则」) stay headings.
fn field_heading(p: &Para, nodes: &[Node], stack: &[usize]) -> Option<Para> {
    let ParaKind::Header(num) = &p.kind else {
        return None;
    };
    let owner = *stack.last()?;
    if nodes.get(owner)?.num.style == num.style
        || stack
            .iter()
            .any(|id| nodes.get(*id).is_some_and(|n| n.num.style == num.style))
    {
        return None;
    }
    let rest = p.segs.first().and_then(|s| parse_numbering(s))?.rest;
    let (field, value) = label_head(&rest)?;
    if matches!(
        field,
        Field::Other | Field::Seq | Field::Category | Field::Description
    ) {
        return None;
    }
    let mut text = value;
    for seg in p.segs.iter().skip(1) {
        text.push_str(seg);
    }
    Some(Para {
        first: p.first,
        last: p.last,
        text: text.clone(),
        segs: p.segs.clone(),
        kind: ParaKind::Label(field, text),
        hard: p.hard,
    })
}
