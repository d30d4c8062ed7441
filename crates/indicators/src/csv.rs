//! CSV in (RFC 4180 through the `csv` crate: commas, double quotes, `""`
//! escapes, CRLF or LF, an optional UTF-8 BOM), each record with the line it
//! starts on, so every complaint can name it. A quote opens a quoted cell
//! only as the cell's first character.

use std::io::Read;

use crate::{Dec, Notice};

/// One data record: the physical line it starts on (the header is line 1)
/// and its cells.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A parsed file: the header (names trimmed and lower-cased) and the records.
/// Blank lines are skipped.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub records: Vec<Record>,
}

impl Table {
    /// Parses `input`, which must be UTF-8 (a leading BOM is dropped).
    pub fn parse(input: &[u8]) -> Result<Table, Notice> {
        let text = std::str::from_utf8(input).map_err(|e| {
            let line = 1 + input[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Notice::at(
                line,
                "文件不是 UTF-8 编码（如为 GBK，请另存为 UTF-8）",
                "the file is not UTF-8 (save it as UTF-8 if it is GBK)",
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = read_records(text)?;
        rows.retain(|r| !(r.cells.len() == 1 && r.cells[0].trim().is_empty()));
        let mut rows = rows.into_iter();
        let header = rows.next().ok_or_else(|| {
            Notice::general("文件为空，缺少表头", "the file is empty: no header row")
        })?;
        let header: Vec<String> = header
            .cells
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let width = header.len();
        let mut records = vec![];
        for r in rows {
            if r.cells.len() != width {
                return Err(Notice::at(
                    r.line,
                    format!("有 {} 列，表头有 {width} 列", r.cells.len()),
                    format!("{} cells where the header has {width}", r.cells.len()),
                ));
            }
            records.push(r);
        }
        Ok(Table { header, records })
    }

    /// The index of each named column; an error naming the missing ones.
    pub fn columns(&self, names: &[&str]) -> Result<Vec<usize>, Notice> {
        let mut missing = vec![];
        let mut out = vec![];
        for name in names {
            match self.column(name) {
                Some(i) => out.push(i),
                None => missing.push(*name),
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(Notice::at(
                1,
                format!(
                    "表头缺少列：{}（应为 {}）",
                    missing.join(", "),
                    names.join(",")
                ),
                format!(
                    "the header lacks column(s) {} (expected {})",
                    missing.join(", "),
                    names.join(",")
                ),
            ))
        }
    }

    /// The index of an optional column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Reads an optional non-negative number from a cell: empty (or `-`, `—`,
/// `NA`, as monitoring exports write a missing value) → `None`.
pub fn number_cell(cell: &str, line: usize, field: &str) -> Result<Option<Dec>, Notice> {
    let t = cell.trim();
    if t.is_empty() || matches!(t, "-" | "—" | "--" | "NA" | "N/A" | "na" | "n/a") {
        return Ok(None);
    }
    let v = Dec::parse(t).ok_or_else(|| {
        Notice::at(
            line,
            format!("{field} 的值“{t}”不是数字"),
            format!("{field}: \"{t}\" is not a number"),
        )
    })?;
    if v.is_negative() {
        return Err(Notice::at(
            line,
            format!("{field} 的值 {t} 为负数"),
            format!("{field}: {t} is negative"),
        ));
    }
    Ok(Some(v))
}

/// Reads a `YYYY-MM-DD` date cell.
pub fn date_cell(cell: &str, line: usize) -> Result<chrono::NaiveDate, Notice> {
    let t = cell.trim();
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        Notice::at(
            line,
            format!("日期“{t}”格式应为 YYYY-MM-DD"),
            format!("date \"{t}\": expected YYYY-MM-DD"),
        )
    })
}

/// What follows the input when it is read: a line break, then a quote that
/// is never closed. If every quote of the input is closed, this reads as one
/// more record holding one empty cell; if one is not, the line break goes
/// into its cell and the quote closes it. (The `csv` crate reads a quoted
/// cell left open to the end of the input without complaint.)
const SENTINEL: &[u8] = b"\n\"";

fn read_records(text: &str) -> Result<Vec<Record>, Notice> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes().chain(SENTINEL));
    let mut out = vec![];
    for record in reader.records() {
        // The text is UTF-8 already and a slice has no I/O to fail, so no
        // error is expected here; should one come, it still names its line.
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| start_line(text, p));
            Notice::at(line, format!("无法读取：{e}"), format!("cannot read: {e}"))
        })?;
        let line = record.position().map_or(1, |p| start_line(text, p));
        out.push(Record {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    match out.pop() {
        Some(last) if last.cells == [""] => Ok(out),
        last => {
            // The quote left open took the rest of the text into the last
            // cell, and the sentinel's line break with it: the quote is on
            // the text's last line less the line breaks after it.
            let tail = last
                .and_then(|r| r.cells.last().cloned())
                .unwrap_or_default();
            let last_line = 1 + text.matches('\n').count();
            let breaks_after = tail.matches('\n').count().saturating_sub(1);
            let line = last_line.saturating_sub(breaks_after);
            Err(Notice::at(
                line,
                "引号未闭合",
                "a quoted cell is never closed",
            ))
        }
    }
}

/// The line a record starts on. The `csv` crate's position is where the
/// previous record stopped: before the blank lines skipped since, and after
/// a CRLF before its LF (rust-csv issues 208 and 395); the line breaks
/// from there to the record are added.
fn start_line(text: &str, position: &csv::Position) -> usize {
    let from = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let skipped = text
        .as_bytes()
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| matches!(b, b'\r' | b'\n'))
        .filter(|&&b| b == b'\n')
        .count();
    usize::try_from(position.line())
        .unwrap_or(usize::MAX)
        .saturating_add(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_crlf_bom_and_line_numbers() {
        let t = Table::parse(
            "\u{feff}Site,Date\r\n\"A, east\",2024-01-01\r\n\r\n\"say \"\"hi\"\"\nthere\",x\nB,y"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(t.header, ["site", "date"]);
        assert_eq!(t.records.len(), 3);
        assert_eq!(t.records[0].cells, ["A, east", "2024-01-01"]);
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].cells[0], "say \"hi\"\nthere");
        assert_eq!(t.records[1].line, 4);
        assert_eq!(t.records[2].line, 6);
    }

    #[test]
    fn reports_bad_input_with_its_line() {
        let e = Table::parse(b"a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = Table::parse(b"a,b\n1,\"2\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.en, "a quoted cell is never closed");
        let e = Table::parse(b"a,b,c\r\n1,\"x\r\ny\",\"z\r\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = Table::parse(b"a,b\n1,2\n\xff\xfe,3\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(Table::parse(b"").is_err());
        assert!(Table::parse(b"\n\n").is_err());
    }

    #[test]
    fn cells() {
        assert_eq!(number_cell(" ", 2, "pm25").unwrap(), None);
        assert_eq!(number_cell("—", 2, "pm25").unwrap(), None);
        assert_eq!(number_cell("35", 2, "pm25").unwrap(), Some(Dec::int(35)));
        assert_eq!(number_cell("abc", 7, "pm25").unwrap_err().line, Some(7));
        assert!(number_cell("-1", 2, "pm25").is_err());
        assert!(date_cell("2024-02-30", 2).is_err());
        assert!(date_cell("2024-02-29", 2).is_ok());
    }
}
