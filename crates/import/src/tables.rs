//! Tables: a ledger laid out with a Chinese header row (序号, 反馈问题, 整改目标,
//! 整改措施, 整改时限, 责任单位 …), indicator tables of a five-year plan, key
//! project tables, and anything else flattened back into lines.

use crate::clean::{clean_line, trim_end_punct};
use crate::doc::Table;
use crate::labels::{header_field, Field};
use crate::numbering::{parse_numbering, seq_value, Style};
use crate::structure::{RawCategory, RawMeasure, RawProblem};
use rectify_domain::{IndicatorRow, KeyProjectRow};

pub(crate) enum TableContent {
    Ledger {
        problems: Vec<RawProblem>,
        categories: Vec<RawCategory>,
        /// Rows above the header (a title row).
        title_lines: Vec<(u32, String)>,
    },
    Indicators(Vec<IndicatorRow>),
    Projects(Vec<KeyProjectRow>),
    Lines(Vec<(u32, String)>),
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map(|s| s.trim()).unwrap_or("")
}

fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(crate) fn read_table(t: &Table, title_before: Option<&str>) -> TableContent {
    let title = t
        .caption
        .clone()
        .or_else(|| title_before.map(str::to_string))
        .unwrap_or_default();
    // Header row: among the first rows, the first one naming known fields.
    for (hi, row) in t.rows.iter().take(6).enumerate() {
        let heads: Vec<String> = row.cells.iter().map(|c| flat(c)).collect();
        let fields: Vec<Option<Field>> = heads.iter().map(|h| header_field(h)).collect();
        let has = |f: Field| fields.contains(&Some(f));
        let units = fields.iter().any(|x| matches!(x, Some(Field::Unit(_))));
        let known = fields.iter().filter(|f| f.is_some()).count();
        let title_lines: Vec<(u32, String)> = t.rows[..hi]
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(move |c| (r.line, c.trim().to_string()))
            })
            .fold(Vec::new(), |mut acc: Vec<(u32, String)>, x| {
                if !acc.iter().any(|a| a.1 == x.1) {
                    acc.push(x);
                }
                acc
            });
        if has(Field::Description)
            && (has(Field::Measures) || has(Field::Deadline) || units)
            && known >= 3
        {
            let title = title_lines
                .first()
                .map(|x| x.1.clone())
                .unwrap_or(title.clone());
            let _ = title;
            let (problems, categories) = ledger(t, hi, &fields);
            return TableContent::Ledger {
                problems,
                categories,
                title_lines,
            };
        }
        let indicator = heads.iter().any(|h| h.contains("指标"))
            && heads
                .iter()
                .any(|h| h.contains("目标") || h.contains("属性") || h.contains("单位"));
        if indicator {
            let title = title_lines
                .last()
                .map(|x| x.1.clone())
                .unwrap_or(title.clone());
            return TableContent::Indicators(indicators(t, hi, &heads, &title));
        }
        if heads.iter().any(|h| h.contains("项目"))
            && heads.iter().filter(|h| !h.is_empty()).count() >= 2
        {
            let title = title_lines
                .last()
                .map(|x| x.1.clone())
                .unwrap_or(title.clone());
            return TableContent::Projects(projects(t, hi, &heads, &title));
        }
    }
    TableContent::Lines(flatten(t))
}

fn flatten(t: &Table) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for row in &t.rows {
        let non_empty: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
        if non_empty.len() == 2 && header_field(non_empty[0]).is_some() {
            out.push((
                row.line,
                format!("{}：{}", non_empty[0].trim(), non_empty[1].trim()),
            ));
            continue;
        }
        let mut last: Option<&str> = None;
        for c in non_empty {
            if last == Some(c.as_str()) {
                continue; // a merged cell repeated across columns
            }
            last = Some(c.as_str());
            for l in c.split('\n') {
                out.push((row.line, l.to_string()));
            }
        }
    }
    out
}

fn ledger(t: &Table, hi: usize, fields: &[Option<Field>]) -> (Vec<RawProblem>, Vec<RawCategory>) {
    let col = |f: Field| fields.iter().position(|x| *x == Some(f));
    let seq_col = col(Field::Seq);
    let desc_col = col(Field::Description);
    let cat_col = col(Field::Category);
    let mut problems: Vec<RawProblem> = Vec::new();
    let mut categories: Vec<RawCategory> = Vec::new();
    let mut current_cat: Option<usize> = None;
    let mut cat_value = String::new();
    for row in t.rows.iter().skip(hi + 1) {
        let cells = &row.cells;
        let distinct: Vec<&str> = {
            let mut v: Vec<&str> = Vec::new();
            for c in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                if !v.contains(&c) {
                    v.push(c);
                }
            }
            v
        };
        if distinct.is_empty() {
            continue;
        }
        // The header repeated (a table broken over pages).
        let header_cells = cells
            .iter()
            .filter(|c| header_field(&flat(c)).is_some())
            .count();
        let numbered = match seq_col {
            Some(c) => seq_value(cell(cells, c)).is_some(),
            None => false,
        };
        if header_cells >= 3 && !numbered {
            continue;
        }
        // A category row: one text across the row.
        if distinct.len() == 1 {
            let text = clean_line(distinct[0]).text;
            let is_seq = seq_value(&text).is_some() && text.chars().count() <= 6;
            if !is_seq {
                let (seq, title) = match parse_numbering(&text) {
                    Some(n) => (n.value, n.rest),
                    None => (categories.len() as u32 + 1, text.clone()),
                };
                categories.push(RawCategory {
                    seq,
                    title: trim_end_punct(&title),
                    intro: String::new(),
                    line: row.line,
                });
                current_cat = Some(categories.len() - 1);
                continue;
            }
        }
        if let Some(cc) = cat_col {
            let v = cell(cells, cc);
            if !v.is_empty() && v != cat_value {
                cat_value = v.to_string();
                let (seq, title) = match parse_numbering(v) {
                    Some(n) => (n.value, n.rest),
                    None => (categories.len() as u32 + 1, v.to_string()),
                };
                categories.push(RawCategory {
                    seq,
                    title: trim_end_punct(&title),
                    intro: String::new(),
                    line: row.line,
                });
                current_cat = Some(categories.len() - 1);
            }
        }
        let seq_text = seq_col.map(|c| cell(cells, c)).unwrap_or("");
        let mut desc = desc_col
            .map(|c| cell(cells, c).to_string())
            .unwrap_or_default();
        if seq_text.is_empty() && desc.is_empty() {
            // A continuation row (merged cells above): add to the last problem.
            if let Some(p) = problems.last_mut() {
                add_cells(p, cells, fields, row.line, &[seq_col, desc_col, cat_col]);
                p.last = row.line;
            }
            continue;
        }
        let mut number_text = seq_text.to_string();
        let mut seq = seq_value(seq_text);
        let mut parent_seq = None;
        if let Some(n) = parse_numbering(&desc) {
            if seq.is_none() {
                seq = Some(n.value);
                number_text = n.token.clone();
            }
            desc = n.rest;
        }
        // "22.1" / "22-1": a sub-problem.
        if let Some((a, b)) = seq_text.split_once(['-', '.', '－']) {
            if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                if b > 0 && !seq_text.ends_with(".0") {
                    parent_seq = Some(a);
                    seq = Some(b);
                }
            }
        }
        let seq = seq.unwrap_or_else(|| {
            problems.iter().filter(|p| p.parent_seq.is_none()).count() as u32 + 1
        });
        let mut p = RawProblem {
            seq,
            number_text,
            parent_seq,
            category: current_cat,
            description: desc.replace('\n', ""),
            first: row.line,
            last: row.line,
            ..Default::default()
        };
        add_cells(
            &mut p,
            cells,
            fields,
            row.line,
            &[seq_col, desc_col, cat_col],
        );
        if let Some(ps) = parent_seq {
            if let Some(parent) = problems
                .iter_mut()
                .rev()
                .find(|q| q.seq == ps && q.parent_seq.is_none())
            {
                parent.has_children = true;
            }
        }
        problems.push(p);
    }
    (problems, categories)
}

fn add_cells(
    p: &mut RawProblem,
    cells: &[String],
    fields: &[Option<Field>],
    line: u32,
    skip: &[Option<usize>],
) {
    for (i, f) in fields.iter().enumerate() {
        if skip.contains(&Some(i)) {
            continue;
        }
        let Some(f) = f else { continue };
        let v = cell(cells, i);
        if v.is_empty() {
            continue;
        }
        match f {
            Field::Measures => {
                p.measures.extend(measures_from_cell(v, line));
                if !p.fields.iter().any(|(x, _, _)| *x == Field::Measures) {
                    p.fields.push((Field::Measures, String::new(), line));
                }
            }
            Field::Description => {
                if !p.description.is_empty() {
                    p.description.push_str(&v.replace('\n', ""));
                }
            }
            Field::Seq | Field::Category => {}
            other => p
                .fields
                .push((*other, v.replace('\n', "、").replace("、、", "、"), line)),
        }
    }
}

/// Measures in one cell: numbered lines start a measure, other lines
/// continue it; "（一）…" lines are group titles for the measures below.
pub(crate) fn measures_from_cell(v: &str, line: u32) -> Vec<RawMeasure> {
    let mut out: Vec<RawMeasure> = Vec::new();
    let mut group: Option<String> = None;
    for l in v.split('\n') {
        let l = clean_line(l).text;
        if l.is_empty() {
            continue;
        }
        match parse_numbering(&l) {
            Some(n) if n.style.is_arabic() => {
                // "1.甲；2.乙；3.丙" in one line.
                let pieces = crate::structure::split_run_in(&n.rest, n.value);
                let split = pieces.len() > 1;
                for piece in pieces {
                    let text = match &group {
                        Some(g) => format!("【{g}】{piece}"),
                        None => piece,
                    };
                    out.push(RawMeasure {
                        text,
                        line,
                        deadline: None,
                        split,
                    });
                }
            }
            Some(n) if matches!(n.style, Style::CnParen | Style::CnDun) => {
                group = Some(trim_end_punct(&n.rest));
            }
            _ => match out.last_mut() {
                Some(m) => m.text.push_str(&l),
                None => out.extend(crate::structure::split_inline_measures(&l).into_iter().map(
                    |text| RawMeasure {
                        text,
                        line,
                        deadline: None,
                        split: false,
                    },
                )),
            },
        }
    }
    out
}

fn indicators(t: &Table, hi: usize, heads: &[String], title: &str) -> Vec<IndicatorRow> {
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        Category,
        Name,
        Unit,
        Baseline,
        Target,
        Achieved,
        Attribute,
        Skip,
    }
    let cols: Vec<C> = heads
        .iter()
        .map(|h| {
            if h.contains("名称") || h == "指标" {
                C::Name
            } else if h.contains("分类") || h.contains("类别") || h.contains("领域") || h == "类型"
            {
                C::Category
            } else if h.contains("属性") {
                C::Attribute
            } else if h == "单位"
                || h.starts_with("单位")
                || h.ends_with("单位") && !h.contains("责任")
            {
                C::Unit
            } else if h.contains("实现")
                || h.contains("完成情况")
                || h.contains("实际")
                || h.contains("完成值")
            {
                C::Achieved
            } else if h.contains("目标") || h.contains("规划") {
                C::Target
            } else if h.contains("基")
                || h.contains("现状")
                || h.contains("年")
                || h.contains("指标")
            {
                C::Baseline
            } else {
                C::Skip
            }
        })
        .collect();
    let mut out: Vec<IndicatorRow> = Vec::new();
    for row in t.rows.iter().skip(hi + 1) {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut r = IndicatorRow {
            table: title.to_string(),
            category: String::new(),
            name: String::new(),
            unit: String::new(),
            baseline: String::new(),
            target: String::new(),
            achieved: String::new(),
            attribute: String::new(),
        };
        for (i, c) in cols.iter().enumerate() {
            let v = cell(&row.cells, i).to_string();
            match c {
                C::Category => r.category = v,
                C::Name => r.name = v,
                C::Unit => r.unit = v,
                C::Baseline => r.baseline = v,
                C::Target => r.target = v,
                C::Achieved => r.achieved = v,
                C::Attribute => r.attribute = v,
                C::Skip => {}
            }
        }
        if let Some(prev) = out.last() {
            if r.category.is_empty() {
                r.category = prev.category.clone();
            }
            if r.attribute.is_empty() {
                r.attribute = prev.attribute.clone();
            }
        }
        out.push(r);
    }
    out
}

fn projects(t: &Table, hi: usize, heads: &[String], title: &str) -> Vec<KeyProjectRow> {
    t.rows
        .iter()
        .skip(hi + 1)
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .map(|r| KeyProjectRow {
            table: title.to_string(),
            cells: heads
                .iter()
                .enumerate()
                .filter(|(_, h)| !h.is_empty())
                .map(|(i, h)| (h.clone(), cell(&r.cells, i).to_string()))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_measures() {
        let m = measures_from_cell("1.甲。\n2.乙。\n3.丙", 1);
        assert_eq!(m.len(), 3);
        let m = measures_from_cell("（一）共性\n1.甲\n（二）个性\n1.乙", 1);
        assert_eq!(m[1].text, "【个性】乙");
    }
}
