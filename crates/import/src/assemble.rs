//! From blocks to a `PlanDraft`: paragraphs and tables, the outline, field
//! values, title, jurisdiction, declared counts and diagnostics.

mod coverage;
mod declared;
mod notice;
mod records;
mod title;

use crate::clean::{clean_line, tidy};
use crate::doc::Block;
use crate::error::ImportError;
use crate::fields::{parse_units, NameBook};
use crate::labels::{parse_label_line, Field};
use crate::numbering::parse_numbering;
use crate::structure::{outline, paragraphs, RawCategory, RawProblem};
use crate::tables::{read_table, TableContent};
use declared::{category_declared, declared_count};
use records::to_problem;

use rectify_domain::{
    CategoryDraft, DeadlineSpec, ImportWarning, IndicatorRow, KeyProjectRow, PlanDraft, PlanMeta,
    ProblemDraft, SourceInfo, PLAN_FORMAT,
};
use title::{find_title, jurisdiction_of};

/// Problems and categories of one ledger table, with its first and last line.
type TableRecords = (Vec<RawProblem>, Vec<RawCategory>, (u32, u32));

pub(crate) fn build(source: SourceInfo, blocks: Vec<Block>) -> Result<PlanDraft, ImportError> {
    let mut lines: Vec<(u32, Option<String>)> = Vec::new();
    let mut table_problems: Vec<TableRecords> = Vec::new();
    let mut indicators: Vec<IndicatorRow> = Vec::new();
    let mut key_projects: Vec<KeyProjectRow> = Vec::new();
    let mut title_hint: Option<String> = None;
    let mut table_ranges: Vec<(u32, u32)> = Vec::new();

    let mut last_text: Option<String> = None;
    for b in blocks {
        match b {
            Block::Line { no, text } => {
                let c = clean_line(&text).text;
                if !c.is_empty() {
                    last_text = Some(c);
                }
                lines.push((no, Some(text)));
            }
            Block::Table(t) => {
                let rows = t.rows.iter().map(|r| r.line).filter(|l| *l > 0);
                let range = (rows.clone().min().unwrap_or(0), rows.max().unwrap_or(0));
                let before = last_text.as_deref().filter(|s| s.chars().count() <= 60);
                match read_table(&t, before) {
                    TableContent::Ledger {
                        problems,
                        categories,
                        title_lines,
                    } => {
                        if title_hint.is_none() {
                            title_hint = title_lines.first().map(|x| x.1.clone());
                        }
                        for (no, l) in title_lines {
                            lines.push((no, Some(l)));
                        }
                        lines.push((0, None));
                        table_ranges.push(range);
                        table_problems.push((problems, categories, range));
                    }
                    TableContent::Indicators(rows) => {
                        table_ranges.push(range);
                        indicators.extend(rows);
                        lines.push((0, None));
                    }
                    TableContent::Projects(rows) => {
                        table_ranges.push(range);
                        key_projects.extend(rows);
                        lines.push((0, None));
                    }
                    TableContent::Lines(ls) => {
                        lines.push((0, None));
                        for (no, l) in ls {
                            lines.push((no, Some(l)));
                        }
                        lines.push((0, None));
                    }
                }
            }
        }
    }
    drop_running_headers(&mut lines);
    let line_refs: Vec<(u32, Option<&str>)> =
        lines.iter().map(|(n, l)| (*n, l.as_deref())).collect();
    let paras = paragraphs(&line_refs);
    let mut out = outline(&paras);

    // Merge problems from ledger tables.
    for (mut problems, categories, (_, table_end)) in table_problems {
        // A row's cells may run over several lines: its span reaches the
        // next row's problem (or the end of the table).
        // Rows that start something: problems and category rows.
        let mut starts: Vec<u32> = problems.iter().map(|p| p.first).collect();
        starts.extend(categories.iter().map(|c| c.line));
        starts.sort_unstable();
        for p in &mut problems {
            let next = starts.iter().find(|s| **s > p.first).map(|n| n - 1);
            let end = next.unwrap_or(table_end);
            if end >= p.first {
                p.last = p.last.max(end);
            }
        }
        let offset = out.categories.len();
        out.categories.extend(categories);
        out.problems.extend(problems.into_iter().map(|mut p| {
            p.category = p.category.map(|c| c + offset);
            p
        }));
    }
    // Records that are all sections named like fields (「三、整改完成情况」
    // owning a 「联系人：」 line) are a notice's sections, not problems.
    let only_sections = !out.problems.is_empty()
        && out
            .problems
            .iter()
            .all(|p| heading_names_a_field(&paras, p.first));
    if only_sections {
        let head: String = lines
            .iter()
            .filter_map(|(_, l)| l.as_deref())
            .take(12)
            .collect::<Vec<_>>()
            .join("\n");
        let found = notice::labelled_problems(&paras, &crate::fold::fold(&head));
        if !found.is_empty() {
            out.problems = found;
            let kept = out.problems.clone();
            for p in &kept {
                out.unplaced.retain(|(l, _)| *l < p.first || *l > p.last);
            }
        }
    }
    if out.problems.is_empty() {
        // No problem records: a notice holding one problem, or a progress
        // report listing problems as headings.
        let head: String = lines
            .iter()
            .filter_map(|(_, l)| l.as_deref())
            .take(12)
            .collect::<Vec<_>>()
            .join("\n");
        let found = notice::labelled_problems(&paras, &crate::fold::fold(&head));
        if found.is_empty() {
            out.problems = notice::headings_under_progress(&paras);
        } else {
            for p in &found {
                out.unplaced.retain(|(l, _)| *l < p.first || *l > p.last);
            }
            out.problems = found;
        }
    }
    let mut warnings: Vec<ImportWarning> = Vec::new();
    let warn = |w: &mut Vec<ImportWarning>, code: &str, message: String, line: Option<u32>| {
        w.push(ImportWarning {
            code: code.to_string(),
            message,
            line: line.filter(|l| *l > 0),
        });
    };

    // Names and units seen anywhere in the document.
    let mut book = NameBook::default();
    for p in &out.problems {
        for (f, v, _) in &p.fields {
            match f {
                Field::Leader | Field::Person | Field::Liaison => book.add_names_from(v),
                Field::Unit(role) => book.add_units(&parse_units(v, *role)),
                _ => {}
            }
        }
    }

    let cat_seq = |i: usize| out.categories.get(i).map(|c| c.seq);
    let mut problems: Vec<ProblemDraft> = Vec::new();
    for rp in &out.problems {
        let p = to_problem(rp, cat_seq(rp.category.unwrap_or(usize::MAX)), &book);
        let label = problem_label(&p);
        if let Some(status) = records::status_text(rp) {
            let mut status: String = status.chars().take(80).collect();
            if status.chars().count() == 80 {
                status.push('…');
            }
            // The draft has no place for the reported state: keep it here.
            warn(
                &mut warnings,
                "status",
                format!("{label}的整改进展：「{status}」/ {label}: status as reported"),
                Some(rp.first),
            );
        }
        if !rp.has_children {
            if p.deadline.text.is_empty() {
                warn(
                    &mut warnings,
                    "field_missing",
                    format!("{label}缺少整改时限 / {label}: no deadline (整改时限)"),
                    Some(rp.first),
                );
            } else if !DeadlineSpec::parse(&p.deadline.text).1 {
                warn(
                    &mut warnings,
                    "deadline_unparsed",
                    format!(
                        "{label}的整改时限无法识别为日期：「{}」/ {label}: deadline not understood",
                        p.deadline.text
                    ),
                    Some(rp.first),
                );
            }
            if !p.units.iter().any(|u| u.role.does_the_work()) {
                warn(
                    &mut warnings,
                    "field_missing",
                    format!("{label}缺少责任单位 / {label}: no responsible unit"),
                    Some(rp.first),
                );
            }
        }
        problems.push(p);
    }
    let mut covered = coverage::Covered::default();
    for p in &out.problems {
        covered.add(p.first, p.last);
    }
    let para_at: std::collections::HashMap<u32, u32> =
        paras.iter().map(|p| (p.first, p.last)).collect();
    for c in &out.categories {
        if let Some(last) = para_at.get(&c.line) {
            covered.add(c.line, *last);
        }
    }
    for (a, b) in &table_ranges {
        covered.add(*a, *b);
    }
    // The list runs from the first problem to the last; before it is the
    // plan's header, after it the plan's closing sections (保障措施 …).
    let spans = out.problems.iter().filter(|p| p.first > 0);
    let list = (
        spans.clone().map(|p| p.first).min().unwrap_or(u32::MAX),
        spans.map(|p| p.last.max(p.first)).max().unwrap_or(0),
    );
    // Headings between problems (parts, categories) are the outline itself.
    for p in &paras {
        if matches!(p.kind, crate::structure::ParaKind::Header(_)) && p.first >= list.0 {
            covered.add(p.first, p.first);
        }
    }
    warnings.extend(coverage::unplaced_warnings(
        &lines,
        &covered,
        list,
        &out.unplaced,
    ));

    // Numbering of top-level problems.
    let tops: Vec<&ProblemDraft> = problems.iter().filter(|p| p.parent_seq.is_none()).collect();
    for w in tops.windows(2) {
        let restart = w[1].seq == 1 && w[1].category_seq != w[0].category_seq;
        if w[1].seq != w[0].seq + 1 && !restart {
            warn(
                &mut warnings,
                "numbering_gap",
                format!(
                    "问题编号不连续：{} 之后是 {} / problem numbering jumps from {} to {}",
                    w[0].number_text, w[1].number_text, w[0].seq, w[1].seq
                ),
                w[1].source_span.map(|s| s.first_line),
            );
        }
    }

    let first_problem_line = out
        .problems
        .iter()
        .map(|p| p.first)
        .filter(|l| *l > 0)
        .min()
        .unwrap_or(u32::MAX);
    let declared = declared_count(&paras, first_problem_line);
    let found = tops.len() as u32;
    if let Some((d, line)) = declared {
        if d != found {
            warn(
                &mut warnings,
                "count_mismatch",
                format!("文件声明 {d} 个问题，实际识别出 {found} 个 / the document states {d} problems, {found} were found"),
                Some(line),
            );
        }
    }
    for (ci, c) in out.categories.iter().enumerate() {
        if let Some(d) = category_declared(&c.intro) {
            let n = out
                .problems
                .iter()
                .filter(|p| p.parent_seq.is_none() && p.category == Some(ci))
                .count() as u32;
            if d != n {
                warn(
                    &mut warnings,
                    "count_mismatch",
                    format!(
                        "类别「{}」声明 {d} 项整改任务，实际识别出 {n} 个 / category {} states {d} problems, {n} were found",
                        c.title, c.seq
                    ),
                    Some(c.line),
                );
            }
        }
    }

    // A document that states how many problems it holds and lists none (an
    // announcement whose annex is an image, a report cut short) is a plan
    // with a count_mismatch, not "nothing found".
    if problems.is_empty() && indicators.is_empty() && key_projects.is_empty() && declared.is_none()
    {
        return Err(ImportError::NothingFound);
    }

    let title = find_title(&lines, &paras)
        .or(title_hint)
        .unwrap_or_else(|| file_stem(&source.file));
    let jurisdiction = jurisdiction_of(&title);
    let categories = out
        .categories
        .iter()
        .map(|c| CategoryDraft {
            seq: c.seq,
            title: tidy(&c.title),
        })
        .collect();
    Ok(PlanDraft {
        format: PLAN_FORMAT.to_string(),
        title,
        jurisdiction,
        declared_problem_count: declared.map(|d| d.0),
        source,
        categories,
        problems,
        warnings,
        indicators,
        key_projects,
        meta: PlanMeta::from_text(&preamble(&lines)),
    })
}

/// The text before the annex list starts, where the inspection and the
/// plan's dates are told.
fn preamble(lines: &[(u32, Option<String>)]) -> String {
    lines
        .iter()
        .filter_map(|(_, l)| l.as_deref())
        .take(60)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Running headers of a printed or PDF-converted annex: a title-like line
/// (方案, 清单, 台账, 附件, 督察 …) repeated on every page. Every repetition
/// after the first numbered heading or label is dropped (it would otherwise
/// continue the paragraph it interrupts); the title itself is kept.
fn drop_running_headers(lines: &mut [(u32, Option<String>)]) {
    let key = |l: &str| -> Option<String> {
        let t = clean_line(l).text;
        let k: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let n = k.chars().count();
        let title_like = (8..=60).contains(&n)
            && ["方案", "清单", "台账", "附件", "督察", "整改"]
                .iter()
                .any(|w| k.contains(w))
            && !k.ends_with(['。', '；', '，', '：', ':', ';', ','])
            && parse_numbering(&k).is_none()
            && parse_label_line(&k).is_none();
        title_like.then_some(k)
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, l) in lines.iter() {
        if let Some(k) = l.as_deref().and_then(key) {
            *counts.entry(k).or_default() += 1;
        }
    }
    if !counts.values().any(|c| *c >= 2) {
        return;
    }
    let mut started = false;
    for (_, l) in lines.iter_mut() {
        let Some(text) = l.as_deref() else {
            started = true;
            continue;
        };
        let c = clean_line(text).text;
        if !started && (parse_numbering(&c).is_some() || parse_label_line(&c).is_some()) {
            started = true;
        }
        if let Some(k) = key(text) {
            if started && counts.get(&k).is_some_and(|n| *n >= 2) {
                *l = Some(String::new());
            }
        }
    }
}

fn problem_label(p: &ProblemDraft) -> String {
    let token = p.number_text.trim_end_matches(['：', ':', '、', '.', '．']);
    let token = if token.contains("问题") {
        token.to_string()
    } else {
        format!("问题{token}")
    };
    match p.parent_seq {
        Some(ps) => format!("问题{ps}之{token}"),
        None => token,
    }
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_string(),
        _ => base.to_string(),
    }
}

/// Whether the numbered heading on line `first` names a field other than
/// the problem itself (「三、整改完成情况」, 「二、整改责任单位」); a heading
/// 「（四）反馈问题：…」 introduces a problem.
fn heading_names_a_field(paras: &[crate::structure::Para], first: u32) -> bool {
    use crate::labels::Field;
    paras.iter().find(|p| p.first == first).is_some_and(|p| {
        matches!(&p.kind, crate::structure::ParaKind::Header(n)
            if crate::labels::label_head(&n.rest)
                .is_some_and(|(f, _)| !matches!(f, Field::Other | Field::Description | Field::Seq)))
    })
}
