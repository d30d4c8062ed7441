//! Lines that run several paragraphs together, as web pages flattened to
//! text write them: 「一、反馈问题 问题编号十四：… 二、整改目标 … 三、整改措施
//! （一）… （二）…」 or 「整改时限：2020年底 责任单位：市生态环境局」.
//!
//! A line is split before a numbering that follows whitespace when the same
//! numbering style continues around it in the line (the one before it, or
//! the one after it, is also there) or when it is a problem label carrying
//! its number; and before a known `label：` that follows whitespace or the
//! end of a sentence.

use crate::labels::{lookup, Field};
use crate::numbering::{parse_numbering, Style};

fn known_label_at(s: &str) -> bool {
    let Some((i, _)) = s
        .char_indices()
        .take(11)
        .find(|(_, c)| *c == '：' || *c == ':')
    else {
        return false;
    };
    let label = &s[..i];
    label.chars().count() >= 2
        && matches!(lookup(label), Some(f) if !matches!(f, Field::Other | Field::Seq | Field::Category))
}

/// The line cut into the paragraphs it runs together (the line itself when
/// nothing is run together).
pub(crate) fn split_run_together(line: &str) -> Vec<String> {
    // Positions where a new piece may start: after whitespace, or after 。；
    // for labels.
    let mut numbered: Vec<(usize, Style, u32)> = Vec::new();
    let mut labels: Vec<usize> = Vec::new();
    if let Some(n) = parse_numbering(line) {
        numbered.push((0, n.style, n.value));
    }
    let mut prev: Option<char> = None;
    // Nothing splits inside brackets: 「（责任单位：甲；完成时限：…）」 is a trailer.
    let mut depth: i32 = 0;
    for (i, c) in line.char_indices() {
        match c {
            '（' | '(' | '【' | '《' | '“' => depth += 1,
            '）' | ')' | '】' | '》' | '”' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth > 0 && !matches!(c, '（' | '(') {
            prev = Some(c);
            continue;
        }
        if let Some(p) = prev {
            let rest = &line[i..];
            if p.is_whitespace() && !c.is_whitespace() {
                if let Some(n) = parse_numbering(rest) {
                    numbered.push((i, n.style, n.value));
                }
            }
            if (p.is_whitespace() || matches!(p, '。' | '；' | ';')) && known_label_at(rest) {
                labels.push(i);
            }
        }
        prev = Some(c);
    }
    let mut cuts: Vec<usize> = labels;
    for &(pos, style, value) in numbered.iter().filter(|x| x.0 > 0) {
        let around = numbered.iter().any(|(p, s, v)| {
            *s == style
                && ((*p < pos && *v + 1 == value) || (*p > pos && value.checked_add(1) == Some(*v)))
        });
        if around || style == Style::Feedback {
            cuts.push(pos);
        }
    }
    if cuts.is_empty() {
        return vec![line.to_string()];
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts.into_iter().chain(std::iter::once(line.len())) {
        if let Some(piece) = line.get(start..c) {
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push(piece.to_string());
            }
        }
        start = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_together_sections_and_labels_split() {
        assert_eq!(
            split_run_together(
                "一、整改任务 问题编号十四:态度消极。 二、整改目标 达到75%。 三、整改措施 （一）开展执法。 （二）落实河长制。"
            ),
            vec![
                "一、整改任务",
                "问题编号十四:态度消极。",
                "二、整改目标 达到75%。",
                "三、整改措施",
                "（一）开展执法。",
                "（二）落实河长制。"
            ]
        );
        assert_eq!(
            split_run_together("整改时限：2020年底 责任单位：市生态环境局"),
            vec!["整改时限：2020年底", "责任单位：市生态环境局"]
        );
        assert_eq!(
            split_run_together("加快治理。整改时限：2020年底前。"),
            vec!["加快治理。", "整改时限：2020年底前。"]
        );
        // One numbering after a space with nothing around it stays.
        assert_eq!(
            split_run_together("按照 3.5亿元 标准 （二）所述执行"),
            vec!["按照 3.5亿元 标准 （二）所述执行"]
        );
        assert_eq!(
            split_run_together("1.截污（责任单位：市住建局；完成时限：2022年6月底前）。"),
            vec!["1.截污（责任单位：市住建局；完成时限：2022年6月底前）。"]
        );
        assert_eq!(
            split_run_together("明确责任单位：市水利局"),
            vec!["明确责任单位：市水利局"]
        );
    }
}
