//! No silent loss: every non-empty line of a document is read into a
//! problem (its source span), belongs to the plan's header (before the first
//! problem) or closing sections (after the last), is a heading of the
//! outline (part, category), or is named in an `unparsed_text` warning.

mod common;
use common::*;
use rectify_domain::PlanDraft;
use std::collections::BTreeSet;

/// The lines each warning names: 「line 9」 or 「lines 9-12」.
fn warned_lines(plan: &PlanDraft) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for w in &plan.warnings {
        let Some(first) = w.line else { continue };
        let last = w
            .message
            .split("lines ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|r| r.split_once('-'))
            .and_then(|(_, b)| b.parse::<u32>().ok())
            .unwrap_or(first);
        out.extend(first..=last);
    }
    out
}

fn is_heading(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['#', ' ', '*', '|']);
    // A table's header row, repeated where the table breaks over pages.
    if line.contains('|') && t.starts_with("序号") {
        return true;
    }
    let cn = "一二三四五六七八九十";
    t.starts_with('第')
        || t.chars().next().is_some_and(|c| cn.contains(c))
            && t.chars()
                .nth(1)
                .is_some_and(|c| c == '、' || cn.contains(c))
        || t.starts_with(['（', '('])
}

fn is_debris(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "—–-/第页共|:".contains(c))
}

fn uncovered(name: &str, bytes: &[u8]) -> Vec<(u32, String)> {
    let plan = import(name, bytes);
    let text = String::from_utf8_lossy(bytes);
    let spans: Vec<(u32, u32)> = plan
        .problems
        .iter()
        .filter_map(|p| p.source_span.map(|s| (s.first_line, s.last_line)))
        .collect();
    let first = spans.iter().map(|s| s.0).min().unwrap_or(u32::MAX);
    let last = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let warned = warned_lines(&plan);
    // A category heading and its introduction run up to its first problem.
    let lines: Vec<&str> = text.lines().collect();
    let mut category: Vec<(u32, u32)> = Vec::new();
    for c in &plan.categories {
        let title: String = c.title.chars().take(12).collect();
        for (i, l) in lines.iter().enumerate() {
            let no = i as u32 + 1;
            let flat: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            if flat.contains(&title) {
                let next = spans.iter().map(|s| s.0).filter(|s| *s > no).min();
                category.push((no, next.unwrap_or(no)));
            }
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let no = i as u32 + 1;
        let running_header = line.trim() == plan.title;
        if is_debris(line) || no < first || no > last || is_heading(line) || running_header {
            continue;
        }
        if category.iter().any(|(a, b)| (*a..=*b).contains(&no)) {
            continue;
        }
        if spans.iter().any(|(a, b)| (*a..=*b).contains(&no)) || warned.contains(&no) {
            continue;
        }
        out.push((no, line.chars().take(40).collect()));
    }
    out
}

#[test]
fn every_line_is_read_or_reported() {
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    for f in [
        "huaijiang-city-tasks.txt",
        "lianhua-county-plan.txt",
        "linshui-city-plan.txt",
        "qingshan-city-annex.md",
        "shimen-county-ledger.txt",
        "taoyuan-county-plan.txt",
        "truncated-annex.txt",
        "xiangjiang-district-plan.md",
    ] {
        docs.push((f.to_string(), fixture(f)));
    }
    for f in [
        "changde-2021-central-inspection-plan.txt",
        "hengyang-2019-provincial-inspection-plan.txt",
    ] {
        docs.push((f.to_string(), demo(f)));
    }
    // A problem with a line nothing understands between its fields.
    docs.push((
        "stray.txt".into(),
        "某县整改方案\n\n（一）河道垃圾问题。\n整改目标：清理到位。\n责任单位：县水利局\n\n现场核查：照片三张\n说明：照片另附\n（二）扬尘问题。\n整改目标：达标。\n责任单位：县住建局\n".as_bytes().to_vec(),
    ));
    let mut missing = Vec::new();
    for (name, bytes) in &docs {
        for (no, line) in uncovered(name, bytes) {
            missing.push(format!("{name}:{no} 「{line}」"));
        }
    }
    assert!(
        missing.is_empty(),
        "lines lost silently:\n{}",
        missing.join("\n")
    );
}

#[test]
fn unplaced_block_is_one_warning() {
    let text = "某县整改方案\n\n（一）河道垃圾问题。\n整改目标：清理到位。\n责任单位：县水利局\n现场核查：照片三张\n说明：照片另附\n（二）扬尘问题。\n整改目标：达标。\n责任单位：县住建局\n";
    let plan = import("x.txt", text.as_bytes());
    let w: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "unparsed_text")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", plan.warnings);
    assert_eq!(w[0].line, Some(6));
    assert!(w[0].message.contains("lines 6-7"), "{}", w[0].message);
}
