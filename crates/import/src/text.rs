//! Text and Markdown reader: decoded text → blocks. Tables appear in text as
//! one cell per line each starting with a tab (rows separated by a blank
//! line, as word processors export them), as tab-separated rows, or as
//! Markdown pipe tables.

use crate::doc::{Block, Row, Table};

/// Splits decoded text into numbered lines and tables.
///
/// Tab-separated rows as Word's "convert table to text" writes them: a cell
/// with several paragraphs breaks its row over several lines, so a row with
/// fewer cells than the header continues the row before it (its first piece
/// continues the last cell). Blank lines and page numbers between rows of a
/// tab-separated table (a page break) do not end it.
pub(crate) fn blocks_from_text(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut mode = Mode::None;
    for (i, raw) in text.split('\n').enumerate() {
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if crate::clean::is_page_number(raw) {
            continue;
        }
        // A tab-separated row still missing cells takes this line.
        if let Mode::Rows {
            table,
            width,
            tsv: true,
            blanks,
        } = &mut mode
        {
            let incomplete = table.rows.last().is_some_and(|r| r.cells.len() < *width);
            if incomplete && *blanks == 0 {
                if raw.trim().is_empty() {
                    continue;
                }
                if let Some(row) = table.rows.last_mut() {
                    let mut pieces = raw.split('\t').map(|c| c.trim().to_string());
                    if let (Some(first), Some(last)) = (pieces.next(), row.cells.last_mut()) {
                        if !first.is_empty() {
                            if !last.is_empty() {
                                last.push('\n');
                            }
                            last.push_str(&first);
                        }
                    }
                    row.cells.extend(pieces);
                }
                continue;
            }
        }
        match classify(raw) {
            LineKind::VerticalCell(cell) => {
                if !matches!(mode, Mode::Vertical { .. }) {
                    mode.finish(&mut out);
                    mode = Mode::Vertical {
                        table: Table::default(),
                        row: None,
                    };
                }
                if let Mode::Vertical { row, .. } = &mut mode {
                    row.get_or_insert_with(|| Row {
                        line: no,
                        cells: Vec::new(),
                    })
                    .cells
                    .push(cell);
                }
            }
            LineKind::Blank => match &mut mode {
                Mode::Vertical { table, row } => {
                    if let Some(r) = row.take() {
                        table.rows.push(r);
                    } else {
                        // A second blank line ends the table.
                        mode.finish(&mut out);
                        out.push(Block::Line {
                            no,
                            text: String::new(),
                        });
                    }
                }
                Mode::Rows {
                    tsv: true, blanks, ..
                } => *blanks += 1,
                _ => {
                    mode.finish(&mut out);
                    out.push(Block::Line {
                        no,
                        text: String::new(),
                    });
                }
            },
            LineKind::TsvRow(cells) | LineKind::PipeRow(cells) => {
                let tsv = raw.contains('\t');
                if !matches!(&mode, Mode::Rows { tsv: t, .. } if *t == tsv) {
                    mode.finish(&mut out);
                    mode = Mode::Rows {
                        table: Table::default(),
                        width: cells.len(),
                        tsv,
                        blanks: 0,
                    };
                }
                if let Mode::Rows { table, blanks, .. } = &mut mode {
                    *blanks = 0;
                    table.rows.push(Row { line: no, cells });
                }
            }
            LineKind::PipeSeparator => {}
            LineKind::Text => {
                mode.finish(&mut out);
                out.push(Block::Line {
                    no,
                    text: raw.to_string(),
                });
            }
        }
    }
    mode.finish(&mut out);
    out
}

enum Mode {
    None,
    Vertical {
        table: Table,
        row: Option<Row>,
    },
    Rows {
        table: Table,
        /// Cells of the first (header) row.
        width: usize,
        /// Tab-separated (rows may continue over lines), not a pipe table.
        tsv: bool,
        /// Blank lines seen since the last row.
        blanks: u32,
    },
}

impl Mode {
    fn finish(&mut self, out: &mut Vec<Block>) {
        match std::mem::replace(self, Mode::None) {
            Mode::None => {}
            Mode::Vertical { mut table, row } => {
                if let Some(r) = row {
                    table.rows.push(r);
                }
                if !table.rows.is_empty() {
                    out.push(Block::Table(table));
                }
            }
            Mode::Rows { table, blanks, .. } => {
                let last = table.rows.last().map(|r| r.line).unwrap_or(0);
                if !table.rows.is_empty() {
                    out.push(Block::Table(table));
                }
                for k in 0..blanks {
                    out.push(Block::Line {
                        no: last.saturating_add(k + 1),
                        text: String::new(),
                    });
                }
            }
        }
    }
}

enum LineKind {
    Blank,
    Text,
    VerticalCell(String),
    TsvRow(Vec<String>),
    PipeRow(Vec<String>),
    PipeSeparator,
}

fn classify(raw: &str) -> LineKind {
    if raw.trim().is_empty() && !raw.starts_with('\t') {
        return LineKind::Blank;
    }
    if let Some(rest) = raw.strip_prefix('\t') {
        if !rest.contains('\t') {
            return LineKind::VerticalCell(rest.trim().to_string());
        }
    }
    if raw.matches('\t').count() >= 2 {
        return LineKind::TsvRow(
            raw.trim_end_matches([' ', '\u{3000}'])
                .split('\t')
                .map(|c| c.trim().to_string())
                .collect(),
        );
    }
    let t = raw.trim();
    if t.starts_with('|') && t.len() > 1 && t[1..].contains('|') {
        let inner = t.trim_start_matches('|').trim_end_matches('|');
        let cells: Vec<String> = split_pipes(inner)
            .into_iter()
            .map(|c| {
                c.replace("<br>", "\n")
                    .replace("<br/>", "\n")
                    .replace("<br />", "\n")
            })
            .map(|c| c.trim().to_string())
            .collect();
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            return LineKind::PipeSeparator;
        }
        return LineKind::PipeRow(cells);
    }
    LineKind::Text
}

fn split_pipes(s: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vertical_table() {
        let t = "标题\n\n\t指标\n\t单位\n\n\tA\n\t%\n\n\t\n\t%\n\n\n正文";
        let b = blocks_from_text(t);
        let tables: Vec<&Table> = b
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 3);
        assert_eq!(tables[0].rows[2].cells, vec!["", "%"]);
        assert!(b
            .iter()
            .any(|b| matches!(b, Block::Line { text, .. } if text == "正文")));
    }

    #[test]
    fn tsv_rows_broken_over_lines() {
        let t = "表\n序号\t问题\t措施\t时限\n1\t问题a\t1.甲\n2.乙\t2022年底\n\n- 3 -\n\n2\t问题b\t1.丙\t立行立改\n正文";
        let b = blocks_from_text(t);
        let tables: Vec<&Table> = b
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 3);
        assert_eq!(
            tables[0].rows[1].cells,
            vec!["1", "问题a", "1.甲\n2.乙", "2022年底"]
        );
        assert_eq!(
            tables[0].rows[2].cells,
            vec!["2", "问题b", "1.丙", "立行立改"]
        );
        assert!(b
            .iter()
            .any(|b| matches!(b, Block::Line { text, .. } if text == "正文")));
    }

    #[test]
    fn pipe_table() {
        let t = "| 序号 | 反馈问题 |\n|---|---|\n| 1 | 问题a<br>续 |\n后文";
        let b = blocks_from_text(t);
        match &b[0] {
            Block::Table(t) => {
                assert_eq!(t.rows.len(), 2);
                assert_eq!(t.rows[1].cells, vec!["1", "问题a\n续"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
