//! The role of each heading in the outline: problem, sub-problem, measure
//! group or category; and the problem records built from them.

use super::tree::Node;
use super::{Outline, RawCategory, RawMeasure, RawProblem};
use crate::clean::trim_end_punct;
use crate::labels::Field;
use crate::numbering::{parse_numbering, Style};

pub(super) fn classify(nodes: Vec<Node>, mut unplaced: Vec<(u32, String)>) -> Outline {
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
        guessed: Vec::new(),
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
    let has_child_group = nodes
        .iter()
        .enumerate()
        .any(|(j, c)| c.parent == Some(g) && is_group.get(j).copied().unwrap_or(false));
    if node.measures.is_empty() && node.fields.is_empty() && !has_child_group {
        // 「（一）…」「（二）…」 after 整改措施: numbered like headings, but
        // items of the measures themselves.
        out.push(RawMeasure {
            text: node.text.clone(),
            line: node.first,
            deadline: None,
            split: false,
        });
        return;
    }
    for m in &node.measures {
        out.push(RawMeasure {
            text: format!("【{title}】{}", m.text),
            line: m.line,
            deadline: deadline.clone(),
            split: false,
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
