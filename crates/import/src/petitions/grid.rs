//! CSV and xlsx into grids of cell texts, each row numbered as Excel shows
//! it. xlsx containers go through the zip limits first; merged cells are
//! reported so that the reader can fill them.

use super::{too_large, unreadable, MAX_ROWS};
use crate::doc::limits;
use crate::error::ImportError;
use crate::zipsafe::SafeZip;
use calamine::{DataRef, Reader, Xlsx};
use rectify_domain::error::{Error, ErrorCode};
use std::collections::BTreeMap;
use std::io::Cursor;

/// Rows above the data a sheet may have (titles, blank rows, headers).
const HEAD_ROOM: usize = 1_000;

/// One sheet or one CSV file.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// The sheet's name (xlsx) — for messages.
    pub name: Option<String>,
    /// (Excel row number, cells), rows without any text left out.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Merged ranges as (first row, first col, last row, last col), Excel
    /// row numbers and 0-based columns.
    pub merges: Vec<(usize, usize, usize, usize)>,
}

pub(crate) fn from_xlsx(bytes: &[u8]) -> Result<Vec<Grid>, Error> {
    {
        let mut zip = SafeZip::open(bytes).map_err(import_error)?;
        zip.check_entries(|n| n.starts_with("xl/") && n.ends_with(".xml") || n.ends_with(".rels"))
            .map_err(import_error)?;
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(&e))?;
    let mut grids = Vec::new();
    for name in wb.sheet_names() {
        let mut cells: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
        {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| xlsx_error(&e))?;
            let mut count = 0usize;
            loop {
                let cell = match reader.next_cell() {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(e) => return Err(xlsx_error(&e)),
                };
                let (r, c) = cell.get_position();
                if c >= limits::MAX_COLUMNS {
                    continue;
                }
                let text = cell_text(cell.get_value());
                if text.trim().is_empty() {
                    continue;
                }
                count += 1;
                if count > (MAX_ROWS + HEAD_ROOM) * limits::MAX_COLUMNS as usize {
                    return Err(too_large_rows());
                }
                if cells.len() > MAX_ROWS + HEAD_ROOM && !cells.contains_key(&r) {
                    return Err(too_large_rows());
                }
                cells.entry(r).or_default().insert(c, text);
            }
        }
        let merges = match wb.worksheet_merge_cells(&name) {
            Some(Ok(dims)) => dims
                .iter()
                .filter(|d| d.start.1 < limits::MAX_COLUMNS)
                .map(|d| {
                    (
                        d.start.0 as usize + 1,
                        d.start.1 as usize,
                        d.end.0 as usize + 1,
                        (d.end.1.min(limits::MAX_COLUMNS - 1)) as usize,
                    )
                })
                .collect(),
            Some(Err(e)) => return Err(xlsx_error(&e)),
            None => Vec::new(),
        };
        let rows = cells
            .into_iter()
            .map(|(r, row)| {
                let width = row.keys().next_back().map(|c| *c as usize + 1).unwrap_or(0);
                let mut v = vec![String::new(); width];
                for (c, t) in row {
                    if let Some(slot) = v.get_mut(c as usize) {
                        *slot = t;
                    }
                }
                (r as usize + 1, v)
            })
            .collect();
        grids.push(Grid {
            name: Some(name),
            rows,
            merges,
        });
    }
    Ok(grids)
}

fn cell_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.format("%Y-%m-%d").to_string(),
            Some(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A CSV file: comma or tab separated (whichever the first lines use
/// more), quoted fields may hold line breaks. Row numbers count records as
/// Excel shows them, blank lines included.
pub(crate) fn from_csv(text: &str) -> Result<Grid, Error> {
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Excel row of the previous record, its first line, its line breaks.
    let mut prev: Option<(usize, u64, u64)> = None;
    let mut newlines = LineCounter::new(text.as_bytes());
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            unreadable(
                &format!("CSV 第{line}行格式错误：{e}"),
                &format!("CSV line {line} is malformed: {e}"),
            )
        })?;
        if !more {
            break;
        }
        // The physical line the record starts on: the reader reports where
        // it began reading, before the blank lines it skips.
        let from = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        let skipped = text
            .as_bytes()
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let start = newlines.count_to(from + skipped) + 1;
        let breaks: u64 = record
            .iter()
            .map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64)
            .sum();
        let row = match prev {
            None => start as usize,
            Some((row, line, br)) => row + (start.saturating_sub(line + br)).max(1) as usize,
        };
        prev = Some((row, start, breaks));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS + HEAD_ROOM {
            return Err(too_large_rows());
        }
        rows.push((row, cells));
    }
    Ok(Grid {
        name: None,
        rows,
        merges: Vec::new(),
    })
}

/// Counts line breaks up to a byte offset, moving forward only.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    count: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            count: 0,
        }
    }

    fn count_to(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.bytes.len());
        if end > self.at {
            let slice = self.bytes.get(self.at..end).unwrap_or(&[]);
            self.count += slice.iter().filter(|b| **b == b'\n').count() as u64;
            self.at = end;
        }
        self.count
    }
}

fn guess_delimiter(text: &str) -> u8 {
    let head: String = text.chars().take(8_192).collect();
    let mut tabs = 0usize;
    let mut commas = 0usize;
    let mut quoted = false;
    for c in head.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

pub(crate) fn import_error(e: ImportError) -> Error {
    match e {
        ImportError::ZipLimit(_) | ImportError::Limit(_) | ImportError::TooLarge { .. } => {
            too_large(&e.to_string())
        }
        other => Error::with(ErrorCode::ImportUnreadable, other),
    }
}

fn xlsx_error(e: &dyn std::fmt::Display) -> Error {
    unreadable(
        &format!("Excel 工作簿无法读取：{e}"),
        &format!("the Excel workbook cannot be read: {e}"),
    )
}

fn too_large_rows() -> Error {
    too_large(&format!("超过 {MAX_ROWS} 行 / more than {MAX_ROWS} rows"))
}
