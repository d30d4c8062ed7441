//! The ledger (台账): one line per problem, written as xlsx, csv or json, and
//! read back from the xlsx layout written here.
//!
//! The xlsx has no title row above the header, so that a ledger exported,
//! edited by hand and imported again is read without guessing: the title goes
//! into the document properties and the sheet name.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use rectify_domain::{UnitAssignment, UnitRole};
use rectify_store::{ProblemDetail, ProblemRow, ProgressReport, WarningRecord};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};

use crate::error::OfficeError;
use crate::text::fit_cell;

/// The header row of the ledger, in order.
pub const LEDGER_HEADERS: [&str; 12] = [
    "序号",
    "方案",
    "问题类别",
    "反馈问题",
    "整改目标",
    "整改措施",
    "整改时限",
    "责任单位",
    "督办领导",
    "进展情况",
    "整改状态",
    "预警",
];

/// Column widths in Excel character units (a CJK character is about two).
const LEDGER_WIDTHS: [f64; 12] = [
    7.0, 18.0, 16.0, 40.0, 30.0, 50.0, 14.0, 26.0, 10.0, 30.0, 10.0, 22.0,
];

/// Points per text line in a wrapped body cell.
const LINE_HEIGHT_PT: f64 = 15.0;
/// Excel's tallest row.
const MAX_ROW_HEIGHT_PT: f64 = 409.0;

/// The default sheet name of an exported ledger.
pub const LEDGER_SHEET: &str = "整改台账";

/// One row of the ledger, every cell as the office reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// 序号: the plan's own numbering ("（一）", "3") when it has one.
    pub seq_label: String,
    /// 方案
    pub plan: String,
    /// 问题类别
    pub category: String,
    /// 反馈问题
    pub problem: String,
    /// 整改目标
    pub target: String,
    /// 整改措施, numbered "1. …\n2. …"
    pub measures: String,
    /// 整改时限, the plan's wording
    pub deadline: String,
    /// 责任单位, "主体责任单位：A、B；监管责任单位：C"
    pub units: String,
    /// 督办领导, "、"-separated
    pub leaders: String,
    /// 进展情况, the latest report: "2026-10：完成60%，…"
    pub progress: String,
    /// 整改状态, in Chinese
    pub status: String,
    /// 预警: open warnings, one a line: "红色预警：…"
    pub warning: String,
}

impl LedgerLine {
    /// The line for one problem with everything the ledger shows.
    pub fn from_detail(detail: &ProblemDetail) -> Self {
        let mut line = LedgerLine::from_row(&detail.row);
        line.measures = measures_text(detail);
        if let Some(p) = latest_report(&detail.reports) {
            line.progress = progress_text(&p.period, p.percent, &p.text);
        }
        let warnings = warnings_text(&detail.warnings);
        if !warnings.is_empty() {
            line.warning = warnings;
        }
        line
    }

    /// The line from a ledger row alone (no measures; progress and warning
    /// from the row's summary fields). Cheaper when only rows are at hand.
    pub fn from_row(row: &ProblemRow) -> Self {
        let progress = match (&row.latest_period, row.latest_percent) {
            (Some(period), Some(percent)) => {
                progress_text(period, percent, row.latest_text.as_deref().unwrap_or(""))
            }
            _ => row.latest_text.clone().unwrap_or_default(),
        };
        let warning = row
            .warning_level
            .as_deref()
            .map(warning_level_zh)
            .unwrap_or_default();
        LedgerLine {
            seq_label: if row.number_text.trim().is_empty() {
                row.seq.to_string()
            } else {
                row.number_text.trim().to_string()
            },
            plan: row.plan_title.clone(),
            category: row.category_title.clone().unwrap_or_default(),
            problem: row.description.clone(),
            target: row.target.clone().unwrap_or_default(),
            measures: String::new(),
            deadline: deadline_text(row),
            units: units_text(&row.units),
            leaders: row.leaders.join("、"),
            progress,
            status: row.status.label_zh().to_string(),
            warning,
        }
    }

    /// The cells in header order ([`LEDGER_HEADERS`]).
    pub fn cells(&self) -> [&str; 12] {
        [
            &self.seq_label,
            &self.plan,
            &self.category,
            &self.problem,
            &self.target,
            &self.measures,
            &self.deadline,
            &self.units,
            &self.leaders,
            &self.progress,
            &self.status,
            &self.warning,
        ]
    }

    fn cell_mut(&mut self, column: usize) -> Option<&mut String> {
        Some(match column {
            0 => &mut self.seq_label,
            1 => &mut self.plan,
            2 => &mut self.category,
            3 => &mut self.problem,
            4 => &mut self.target,
            5 => &mut self.measures,
            6 => &mut self.deadline,
            7 => &mut self.units,
            8 => &mut self.leaders,
            9 => &mut self.progress,
            10 => &mut self.status,
            11 => &mut self.warning,
            _ => return None,
        })
    }
}

fn deadline_text(row: &ProblemRow) -> String {
    let text = row.deadline.text.trim();
    if !text.is_empty() {
        return text.to_string();
    }
    match row.deadline.due {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None if row.deadline.immediate => "立行立改".to_string(),
        None if row.deadline.ongoing => "持续推进".to_string(),
        None => String::new(),
    }
}

/// "1. …\n2. …", numbered by the plan's own measure numbers.
fn measures_text(detail: &ProblemDetail) -> String {
    let mut measures: Vec<_> = detail.measures.iter().collect();
    measures.sort_by_key(|m| m.seq);
    measures
        .iter()
        .map(|m| format!("{}. {}", m.seq, m.text.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "主体责任单位：A、B；监管责任单位：C" — roles in a fixed order, units in the
/// plan's order, a unit's note in brackets ("市生态环境局（牵头）").
pub fn units_text(units: &[UnitAssignment]) -> String {
    let roles = [
        UnitRole::Primary,
        UnitRole::Lead,
        UnitRole::Responsible,
        UnitRole::Supervising,
        UnitRole::Assisting,
    ];
    roles
        .iter()
        .filter_map(|role| {
            let names: Vec<String> = units
                .iter()
                .filter(|u| u.role == *role)
                .map(|u| match u.note.as_deref().map(str::trim) {
                    Some(note) if !note.is_empty() => format!("{}（{}）", u.name, note),
                    _ => u.name.clone(),
                })
                .collect();
            if names.is_empty() {
                None
            } else {
                Some(format!("{}：{}", role.label_zh(), names.join("、")))
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The report that speaks for the problem now: the latest period, and within
/// it the latest submission, leaving out reports sent back (`returned`).
pub(crate) fn latest_report(reports: &[ProgressReport]) -> Option<&ProgressReport> {
    reports
        .iter()
        .filter(|r| r.status != "returned")
        .max_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then(a.submitted_at.cmp(&b.submitted_at))
                .then(a.id.cmp(&b.id))
        })
}

fn progress_text(period: &str, percent: i64, text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        format!("{period}：完成{percent}%")
    } else {
        format!("{period}：完成{percent}%，{text}")
    }
}

pub(crate) fn warning_level_zh(level: &str) -> String {
    match rectify_domain::warning::WarningLevel::parse(level) {
        Some(l) => l.label_zh().to_string(),
        None => level.to_string(),
    }
}

pub(crate) fn warning_level_rank(level: &str) -> u8 {
    match level {
        "red" => 3,
        "orange" => 2,
        "yellow" => 1,
        _ => 0,
    }
}

/// Warnings not yet resolved, highest level first: "红色预警：逾期未完成…".
pub(crate) fn warnings_text(warnings: &[WarningRecord]) -> String {
    let mut open: Vec<&WarningRecord> =
        warnings.iter().filter(|w| w.status != "resolved").collect();
    open.sort_by(|a, b| {
        warning_level_rank(&b.level)
            .cmp(&warning_level_rank(&a.level))
            .then(a.raised_at.cmp(&b.raised_at))
    });
    open.iter()
        .map(|w| format!("{}：{}", warning_level_zh(&w.level), w.message.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ledger as an xlsx workbook with one sheet named [`LEDGER_SHEET`].
pub fn to_xlsx(lines: &[LedgerLine]) -> Result<Vec<u8>, OfficeError> {
    to_xlsx_titled(lines, LEDGER_SHEET)
}

/// The ledger as an xlsx workbook whose title (document properties, and the
/// sheet name as far as Excel's 31 characters allow) is `title`.
pub fn to_xlsx_titled(lines: &[LedgerLine], title: &str) -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject("生态环境保护督察整改台账")
            .set_comment("rectify 导出；表头行为第一行，可直接重新导入"),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let body = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();

    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(title))?;
    for (col, (name, width)) in LEDGER_HEADERS.iter().zip(LEDGER_WIDTHS).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let mut text_lines = 1usize;
        for (col, cell) in line.cells().iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, fit_cell(cell), &body)?;
            text_lines = text_lines.max(wrapped_lines(cell, LEDGER_WIDTHS[col]));
        }
        // Spreadsheets do not all grow a row for wrapped text on opening
        // (LibreOffice keeps the default height), so size it here.
        let height = (text_lines as f64 * LINE_HEIGHT_PT + 4.0).min(MAX_ROW_HEIGHT_PT);
        sheet.set_row_height(row, height)?;
    }
    sheet.set_row_height(0, 24)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, lines.len() as u32, (LEDGER_HEADERS.len() - 1) as u16)?;
    sheet.set_landscape();
    sheet.set_paper_size(8); // A3: twelve columns are too many for A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// How many lines a text takes in a column `width` characters wide (a CJK
/// character counting two).
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
                .sum();
            ((w / usable).ceil() as usize).max(1)
        })
        .sum()
}

/// A valid worksheet name: no `[]:*?/\`, not starting or ending with `'`, at
/// most 31 characters, never empty.
fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let name: String = cleaned.chars().take(31).collect();
    if name.trim().is_empty() {
        LEDGER_SHEET.to_string()
    } else {
        name
    }
}

/// The ledger as CSV for Excel: UTF-8 with a byte-order mark (without it
/// Excel reads Chinese as mojibake), CRLF line ends, every field that holds a
/// comma, quote or line break quoted with quotes doubled (RFC 4180), each
/// cell passed through [`guard_formula`].
pub fn to_csv(lines: &[LedgerLine]) -> Vec<u8> {
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    let rows = std::iter::once(LEDGER_HEADERS).chain(lines.iter().map(LedgerLine::cells));
    let written = write_csv_rows(&mut out, rows);
    // Nothing above can fail: the writer's sink is a Vec, which takes every
    // write, and the writer is flexible, so it has no row lengths to
    // compare. Were it ever to fail (a bug), debug builds and the tests stop
    // here, and a release build serves what was written rather than failing
    // the request.
    debug_assert!(
        written.is_ok(),
        "writing CSV into a Vec failed: {written:?}"
    );
    out
}

fn write_csv_rows<'a>(
    out: &mut Vec<u8>,
    rows: impl Iterator<Item = [&'a str; 12]>,
) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(out);
    for row in rows {
        let row = row.map(guard_formula);
        writer.write_record(row.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// be taken as a formula by a spreadsheet; such a cell gets a leading `'`.
fn guard_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The ledger as a pretty-printed JSON array of objects with the field names
/// of [`LedgerLine`].
pub fn to_json(lines: &[LedgerLine]) -> Result<Vec<u8>, OfficeError> {
    let mut out = serde_json::to_vec_pretty(lines)?;
    out.push(b'\n');
    Ok(out)
}

/// Header names accepted for each column when reading a ledger back, the
/// exported name first. Whitespace in header cells is ignored.
const HEADER_ALIASES: [&[&str]; 12] = [
    &["序号", "编号"],
    &["方案", "整改方案"],
    &["问题类别", "类别"],
    &[
        "反馈问题",
        "问题",
        "存在问题",
        "反馈问题及整改任务",
        "整改任务",
    ],
    &["整改目标", "目标"],
    &["整改措施", "措施"],
    &["整改时限", "完成时限", "时限"],
    &["责任单位", "主体责任单位", "牵头单位"],
    &["督办领导", "牵头领导", "督办市领导", "责任领导"],
    &["进展情况", "整改进展", "进展"],
    &["整改状态", "状态"],
    &["预警", "预警情况"],
];

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads a ledger in the layout [`to_xlsx`] writes, from its first sheet:
/// columns are found by their header names (in any order; unknown columns
/// are ignored, missing ones read as empty), empty rows are skipped. The
/// header row is the first of the top ten rows that has a 反馈问题 column, so a
/// hand-made sheet with a title row above still reads.
pub fn read_xlsx_ledger(bytes: &[u8]) -> Result<Vec<LedgerLine>, OfficeError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| OfficeError::XlsxRead(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(OfficeError::NoWorksheet)?
        .map_err(|e| OfficeError::XlsxRead(e.to_string()))?;

    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let (header_at, columns) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, r)| header_columns(r).map(|c| (i, c)))
        .ok_or(OfficeError::NoHeaderRow(HEADER_SEARCH_ROWS))?;

    let mut lines = Vec::new();
    for row in rows.iter().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut line = LedgerLine::default();
        for (field, col) in columns.iter().enumerate() {
            if let (Some(col), Some(slot)) = (col, line.cell_mut(field)) {
                *slot = row.get(*col).cloned().unwrap_or_default();
            }
        }
        lines.push(line);
    }
    Ok(lines)
}

/// For each ledger field, the sheet column holding it; `None` unless the row
/// has a 反馈问题 column. An exact header name wins over an alias.
fn header_columns(row: &[String]) -> Option<[Option<usize>; 12]> {
    let names: Vec<String> = row
        .iter()
        .map(|c| c.chars().filter(|ch| !ch.is_whitespace()).collect())
        .collect();
    let mut columns = [None; 12];
    for (field, aliases) in HEADER_ALIASES.iter().enumerate() {
        columns[field] = aliases
            .iter()
            .find_map(|alias| names.iter().position(|n| n == alias));
    }
    columns[3]?;
    Some(columns)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(_) => match cell.as_date() {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => cell.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of [`to_csv`] for one line holding `cell` in every column.
    fn csv_row(cell: &str) -> String {
        let mut line = LedgerLine::default();
        for column in 0..12 {
            *line.cell_mut(column).unwrap() = cell.to_string();
        }
        let bytes = to_csv(&[line]);
        let text = std::str::from_utf8(&bytes).unwrap();
        let header = format!("\u{FEFF}{}\r\n", LEDGER_HEADERS.join(","));
        text.strip_prefix(&header).unwrap().to_string()
    }

    #[test]
    fn csv_fields_are_quoted_and_guarded() {
        let row = |field: &str| format!("{}\r\n", [field; 12].join(","));
        assert_eq!(csv_row("普通"), row("普通"));
        assert_eq!(csv_row(""), row(""));
        assert_eq!(csv_row("a,b"), row("\"a,b\""));
        assert_eq!(csv_row("说\"好\""), row("\"说\"\"好\"\"\""));
        assert_eq!(csv_row("1. 甲\n2. 乙"), row("\"1. 甲\n2. 乙\""));
        assert_eq!(csv_row("=1+1"), row("'=1+1"));
        assert_eq!(csv_row("\r=1"), row("\"'\r=1\""));
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t1", "\r1"] {
            assert_eq!(guard_formula(formula), format!("'{formula}"));
        }
        assert!(matches!(guard_formula("1-1"), Cow::Borrowed("1-1")));
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name("  "), LEDGER_SHEET);
        assert_eq!(sheet_name(&"台".repeat(40)).chars().count(), 31);
    }
}
