//! No silent loss: every non-empty source line ends up in a problem, the
//! plan's header (before the first problem) or closing sections (after the
//! last), a heading of the outline, a table that was read, or an
//! `unparsed_text` warning naming its lines. Consecutive unplaced lines
//! make one warning.

use crate::clean::clean_line;
use rectify_domain::ImportWarning;

/// Line ranges that were read: problem spans, category headings, tables.
#[derive(Debug, Default)]
pub(super) struct Covered {
    ranges: Vec<(u32, u32)>,
}

impl Covered {
    pub(super) fn add(&mut self, first: u32, last: u32) {
        if first > 0 {
            self.ranges.push((first, last.max(first)));
        }
    }

    /// Sorted, merged ranges, for binary search.
    fn merged(&self) -> Vec<(u32, u32)> {
        let mut r = self.ranges.clone();
        r.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(r.len());
        for (a, b) in r {
            match out.last_mut() {
                Some((_, last)) if a <= last.saturating_add(1) => *last = (*last).max(b),
                _ => out.push((a, b)),
            }
        }
        out
    }
}

fn contains(merged: &[(u32, u32)], line: u32) -> bool {
    let i = merged.partition_point(|(a, _)| *a <= line);
    i > 0 && merged.get(i - 1).is_some_and(|(_, b)| line <= *b)
}

/// The warnings for `unplaced` lines (reported by the outline) and for every
/// non-empty line of the list (`list`: first and last line) that nothing
/// covers, one per block.
pub(super) fn unplaced_warnings(
    lines: &[(u32, Option<String>)],
    covered: &Covered,
    list: (u32, u32),
    unplaced: &[(u32, String)],
) -> Vec<ImportWarning> {
    // (line, text) of every line to report, in order.
    let mut report: Vec<(u32, String)> = unplaced.to_vec();
    let reported: std::collections::HashSet<u32> = unplaced.iter().map(|(l, _)| *l).collect();
    let merged = covered.merged();
    // Non-empty lines in order, to tell whether two reported lines are
    // neighbours (only blank lines between them).
    let mut nonempty: Vec<u32> = Vec::new();
    for (no, l) in lines {
        let Some(l) = l else { continue };
        if *no == 0 {
            continue;
        }
        let text = clean_line(l).text;
        if text.trim().is_empty() {
            continue;
        }
        nonempty.push(*no);
        if (list.0..=list.1).contains(no) && !contains(&merged, *no) && !reported.contains(no) {
            report.push((*no, text));
        }
    }
    report.sort_by_key(|(l, _)| *l);
    nonempty.sort_unstable();
    nonempty.dedup();
    let index = |l: u32| nonempty.binary_search(&l).ok();
    let mut blocks: Vec<(u32, u32, String)> = Vec::new();
    for (line, text) in report {
        let joins = blocks
            .last()
            .is_some_and(|(_, last, _)| match (index(*last), index(line)) {
                (Some(a), Some(b)) => b == a + 1,
                _ => line <= last.saturating_add(1),
            });
        match blocks.last_mut() {
            Some((_, last, _)) if joins => *last = line,
            _ => blocks.push((line, line, text)),
        }
    }
    blocks
        .into_iter()
        .map(|(first, last, text)| {
            let short: String = text.chars().take(40).collect();
            let (zh, en) = if first == last {
                (format!("第{first}行"), format!("line {first}"))
            } else {
                (
                    format!("第{first}—{last}行"),
                    format!("lines {first}-{last}"),
                )
            };
            ImportWarning {
                code: "unparsed_text".to_string(),
                message: format!(
                    "{zh}的内容无法归入任何问题：「{short}」/ {en} could not be placed in a problem"
                ),
                line: Some(first),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_unplaced_lines_make_one_warning() {
        let lines: Vec<(u32, Option<String>)> = [
            "标题",
            "问题一",
            "内容",
            "",
            "说明甲",
            "说明乙",
            "",
            "",
            "说明丙",
            "问题二",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, Some(l.to_string())))
        .collect();
        let mut covered = Covered::default();
        covered.add(2, 3);
        covered.add(10, 10);
        let w = unplaced_warnings(&lines, &covered, (2, 10), &[]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(5));
        assert!(w[0].message.contains("lines 5-9"), "{}", w[0].message);
    }
}
