//! From blocks to a `PlanDraft`: paragraphs and tables, the outline, field
//! values, title, jurisdiction, declared counts and diagnostics.

use crate::clean::{clean_line, tidy, trim_end_punct};
use crate::doc::Block;
use crate::error::ImportError;
use crate::fields::{parse_units, NameBook};
use crate::labels::{parse_label_line, Field};
use crate::numbering::{cn_number, parse_numbering, re};
use crate::structure::{outline, paragraphs, Para, ParaKind, RawCategory, RawMeasure, RawProblem};
use crate::tables::{read_table, TableContent};
use once_cell::sync::Lazy;
use rectify_domain::{
    CategoryDraft, DeadlineSpec, ImportWarning, IndicatorRow, KeyProjectRow, MeasureDraft,
    PlanDraft, PlanMeta, ProblemDraft, SourceInfo, SourceSpan, UnitAssignment, UnitRole,
    PLAN_FORMAT,
};
use regex::Regex;

pub(crate) fn build(source: SourceInfo, blocks: Vec<Block>) -> Result<PlanDraft, ImportError> {
    let mut lines: Vec<(u32, Option<String>)> = Vec::new();
    let mut table_problems: Vec<(Vec<RawProblem>, Vec<RawCategory>)> = Vec::new();
    let mut indicators: Vec<IndicatorRow> = Vec::new();
    let mut key_projects: Vec<KeyProjectRow> = Vec::new();
    let mut title_hint: Option<String> = None;

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
                        table_problems.push((problems, categories));
                    }
                    TableContent::Indicators(rows) => {
                        indicators.extend(rows);
                        lines.push((0, None));
                    }
                    TableContent::Projects(rows) => {
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
    for (problems, categories) in table_problems {
        let offset = out.categories.len();
        out.categories.extend(categories);
        out.problems.extend(problems.into_iter().map(|mut p| {
            p.category = p.category.map(|c| c + offset);
            p
        }));
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
    for (line, text) in &out.unplaced {
        let short: String = text.chars().take(40).collect();
        warn(
            &mut warnings,
            "unparsed_text",
            format!("第{line}行的内容无法归入任何问题：「{short}」/ line {line} could not be placed in a problem"),
            Some(*line),
        );
    }

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

    if problems.is_empty() && indicators.is_empty() && key_projects.is_empty() {
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

fn joined(rp: &RawProblem, field: Field, sep: &str) -> Option<String> {
    let v: Vec<String> = rp
        .fields
        .iter()
        .filter(|(f, v, _)| *f == field && !v.trim().is_empty())
        .map(|(_, v, _)| tidy(v))
        .collect();
    (!v.is_empty()).then(|| v.join(sep))
}

fn to_problem(rp: &RawProblem, category_seq: Option<u32>, book: &NameBook) -> ProblemDraft {
    let mut description = tidy(&rp.description);
    if let Some(d) = joined(rp, Field::Description, "") {
        description.push_str(&d);
    }
    let target = joined(rp, Field::Target, "");
    let deadline = match joined(rp, Field::Deadline, "；") {
        Some(t) => DeadlineSpec::parse(&trim_end_punct(&t)).0,
        None => DeadlineSpec::default(),
    };
    let mut units: Vec<UnitAssignment> = Vec::new();
    for (f, v, _) in &rp.fields {
        if let Field::Unit(role) = f {
            for u in book.units(parse_units(v, *role)) {
                if !units.iter().any(|x| x.name == u.name && x.role == u.role) {
                    units.push(u);
                }
            }
        }
    }
    let mut leaders: Vec<String> = Vec::new();
    let mut responsible_persons = Vec::new();
    let mut liaisons = Vec::new();
    for (f, v, _) in &rp.fields {
        match f {
            Field::Leader => {
                for l in book.leaders(v) {
                    if !leaders.contains(&l) {
                        leaders.push(l);
                    }
                }
            }
            Field::Person => responsible_persons.extend(book.persons(v)),
            Field::Liaison => liaisons.extend(book.liaisons(v)),
            _ => {}
        }
    }
    let measures = rp
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| to_measure(i as u32 + 1, m))
        .collect();
    ProblemDraft {
        seq: rp.seq,
        number_text: rp.number_text.clone(),
        parent_seq: rp.parent_seq,
        category_seq,
        description,
        target,
        deadline,
        units,
        leaders,
        responsible_persons,
        liaisons,
        measures,
        source_span: (rp.first > 0).then_some(SourceSpan {
            first_line: rp.first,
            last_line: rp.last.max(rp.first),
        }),
    }
}

static RE_BOOK: Lazy<Regex> = Lazy::new(|| re(r"《[^《》]*》"));
static RE_BRACKET: Lazy<Regex> = Lazy::new(|| re(r"[（(【]([^（）()【】]{2,200})[）)】]"));

/// A measure: its own units and deadline when its text names them —
/// "（责任单位：市水利局；完成时限：2019年6月底前）", "（市生态环境局牵头，市水利局配合）",
/// or a dated phrase such as "2018年底前建成…".
fn to_measure(seq: u32, m: &RawMeasure) -> MeasureDraft {
    let mut text = tidy(&m.text);
    let mut units: Vec<UnitAssignment> = Vec::new();
    let mut deadline_text: Option<String> = None;
    let mut remove: Vec<(usize, usize)> = Vec::new();
    // Brackets inside a document title (《…（2018-2020年）》) are no trailers.
    let titles: Vec<(usize, usize)> = RE_BOOK
        .find_iter(&text)
        .map(|m| (m.start(), m.end()))
        .collect();
    for c in RE_BRACKET.captures_iter(&text) {
        let (Some(whole), Some(inner)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if titles
            .iter()
            .any(|(s, e)| whole.start() >= *s && whole.start() < *e)
        {
            continue;
        }
        let mut recognised = false;
        let parts: Vec<&str> = inner.as_str().split(['；', ';']).collect();
        for part in &parts {
            if let Some((f, _, v)) = parse_label_line(part) {
                match f {
                    Field::Unit(role) => {
                        units.extend(parse_units(&v, role));
                        recognised = true;
                    }
                    Field::Deadline => {
                        deadline_text = Some(v);
                        recognised = true;
                    }
                    _ => {}
                }
            }
        }
        if !recognised {
            // "（甲牵头，乙、丙配合）", "（甲牵头，乙配合；长期坚持）", "（2022年底前）"
            let pieces: Vec<&str> = inner
                .as_str()
                .split(['，', ',', '；', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let is_role =
                |p: &str| p.ends_with("牵头") || p.ends_with("配合") || p.ends_with("负责");
            let is_deadline =
                |p: &str| p.chars().count() <= 20 && !is_role(p) && DeadlineSpec::parse(p).1;
            if !pieces.is_empty() && pieces.iter().all(|p| is_role(p) || is_deadline(p)) {
                for p in pieces {
                    if is_deadline(p) {
                        deadline_text = Some(p.to_string());
                        continue;
                    }
                    let (name, role) = if let Some(n) = p.strip_suffix("牵头") {
                        (n, UnitRole::Lead)
                    } else if let Some(n) = p.strip_suffix("配合") {
                        (n, UnitRole::Assisting)
                    } else {
                        (p.strip_suffix("负责").unwrap_or(p), UnitRole::Responsible)
                    };
                    units.extend(parse_units(name, role));
                }
                recognised = true;
            }
        }
        if recognised {
            remove.push((whole.start(), whole.end()));
        }
    }
    for (s, e) in remove.into_iter().rev() {
        text.replace_range(s..e, "");
    }
    let deadline = if let Some(t) = deadline_text {
        Some(DeadlineSpec::parse(&t).0)
    } else if let Some(t) = &m.deadline {
        Some(DeadlineSpec::parse(t).0)
    } else {
        let phrases = DeadlineSpec::date_phrases(&text);
        if phrases.is_empty() {
            None
        } else {
            Some(DeadlineSpec::parse(&phrases.join("，")).0)
        }
    };
    MeasureDraft {
        seq,
        text: text.trim().to_string(),
        units,
        deadline,
    }
}

const CN_NUM: &str = r"(\d+|[一二两三四五六七八九十百]+)";

static RE_DECLARED: Lazy<Vec<Regex>> = Lazy::new(|| {
    vec![
        // 「8类40个具体问题」「3大类5个问题」「4个方面12个问题」
        re(&format!(
            r"{CN_NUM}\s*(?:大类|类|个方面|方面)\s*{CN_NUM}\s*(?:个|项|条)\s*(?:具体|突出|生态环境|环境)?(?:问题|整改任务)"
        )),
        // 「问题共6个」
        re(&format!(
            r"问题(?:共计|共|合计|总计)\s*{CN_NUM}\s*(?:个|项|条)"
        )),
        // 「反馈提出20个具体问题」「涉及我市6个具体问题」「共梳理出12项整改任务」
        re(&format!(
            r"(?:反馈|提出|指出|交办|梳理出?|共|合计|涉及|列出|移交)[^，。；\d]{{0,8}}?{CN_NUM}\s*(?:个|项|条)\s*(?:具体|突出|生态环境|环境)?(?:问题|整改任务)"
        )),
        // 「反馈问题3项」「共梳理出问题四个」「涉及整改任务12项」
        re(&format!(
            r"(?:反馈|提出|指出|交办|梳理出?|共|合计|涉及|列出|移交)(?:的|了)?(?:具体|突出)?(?:问题|整改任务|整改事项)(?:共计|共|合计|总计)?\s*{CN_NUM}\s*(?:个|项|条)"
        )),
    ]
});

static RE_YEAR: Lazy<Regex> = Lazy::new(|| re(r"\d{4}\s*年"));

fn num_value(s: &str) -> Option<u32> {
    s.parse().ok().or_else(|| cn_number(s))
}

/// The number of problems the document says it holds: 「8类40个具体问题」,
/// 「反馈提出20个具体问题」, 「共梳理出12项整改任务」, 「反馈问题3项」,
/// 「共梳理出问题四个」 before the list. A clause that names a year and
/// 完成 (「2021年需完成整改任务3项」) is a yearly share, not the total.
fn declared_count(paras: &[Para], before_line: u32) -> Option<(u32, u32)> {
    for p in paras.iter().filter(|p| p.first < before_line) {
        if !matches!(p.kind, ParaKind::Plain | ParaKind::Header(_)) {
            continue;
        }
        let text: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        for clause in text.split(['，', '。', '；', ',', ';']) {
            if RE_YEAR.is_match(clause) && clause.contains("完成") {
                continue;
            }
            if let Some(c) = RE_DECLARED[0].captures(clause) {
                if let Some(v) = c.get(2).and_then(|m| num_value(m.as_str())) {
                    return Some((v, p.first));
                }
            }
            for r in &RE_DECLARED[1..] {
                if let Some(c) = r.captures(clause) {
                    if let Some(v) = c.get(1).and_then(|m| num_value(m.as_str())) {
                        return Some((v, p.first));
                    }
                }
            }
        }
    }
    None
}

static RE_CAT_DECLARED: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"{CN_NUM}\s*(?:项|个)\s*(?:具体)?(?:整改任务|问题)"
    ))
});

fn category_declared(intro: &str) -> Option<u32> {
    let text: String = intro.chars().filter(|c| !c.is_whitespace()).collect();
    RE_CAT_DECLARED
        .captures_iter(&text)
        .last()
        .and_then(|c| c.get(1).and_then(|m| num_value(m.as_str())))
}

/// The title: the first heading lines (a title may be split over lines);
/// when the text names a plan 《…》 that also stands as a heading line of its
/// own (the plan published as an annex), that plan's name.
fn find_title(lines: &[(u32, Option<String>)], paras: &[Para]) -> Option<String> {
    let cleaned: Vec<Option<String>> = lines
        .iter()
        .map(|(_, l)| l.as_ref().map(|l| clean_line(l).text))
        .collect();
    let heading_like = |s: &str| {
        let n = s.chars().count();
        (2..=40).contains(&n)
            && !s.contains(['。', '，', '：', ':', '；'])
            && parse_numbering(s).is_none()
            && parse_label_line(s).is_none()
    };
    let mut first: Vec<String> = Vec::new();
    for l in cleaned.iter() {
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

fn jurisdiction_of(title: &str) -> Option<String> {
    RE_JURIS
        .captures(title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .filter(|j| j.chars().count() >= 2)
}
