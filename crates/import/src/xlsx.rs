//! Excel (xlsx) reader: every sheet becomes a table (rows of cell texts).
//! The container is checked against the zip limits first, and cells are
//! streamed with a cap on rows and columns, so a sheet claiming a huge range
//! cannot allocate it.

use crate::doc::{limits, Block, Row, Table};
use crate::error::ImportError;
use crate::zipsafe::SafeZip;
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

pub(crate) fn blocks_from_xlsx(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    {
        let mut zip = SafeZip::open(bytes)?;
        zip.check_entries(|n| n.starts_with("xl/") && n.ends_with(".xml") || n.ends_with(".rels"))?;
    }
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let mut out = Vec::new();
    let mut line: u32 = 0;
    for name in wb.sheet_names() {
        let mut cells: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
        let mut count: usize = 0;
        {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| ImportError::Xlsx(e.to_string()))?;
            loop {
                let cell = match reader.next_cell() {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(e) => return Err(ImportError::Xlsx(e.to_string())),
                };
                let (r, c) = cell.get_position();
                if r >= limits::MAX_SHEET_ROWS || c >= limits::MAX_COLUMNS {
                    continue;
                }
                let text = cell_text(cell.get_value());
                if text.trim().is_empty() {
                    continue;
                }
                count += 1;
                if count > limits::MAX_BLOCKS {
                    return Err(ImportError::Limit("单元格过多 / too many cells".into()));
                }
                cells.entry(r).or_default().insert(c, text);
            }
        }
        if cells.is_empty() {
            continue;
        }
        let width = cells
            .values()
            .filter_map(|r| r.keys().next_back())
            .max()
            .map(|m| m + 1)
            .unwrap_or(0);
        let mut rows = Vec::new();
        for (_, r) in cells {
            line = line.saturating_add(1);
            let mut v = vec![String::new(); width as usize];
            for (c, t) in r {
                if let Some(slot) = v.get_mut(c as usize) {
                    *slot = t;
                }
            }
            rows.push(Row { line, cells: v });
        }
        out.push(Block::Table(Table {
            caption: Some(name),
            rows,
        }));
    }
    Ok(out)
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
            Some(dt) => dt.date().format("%Y-%m-%d").to_string(),
            None => d.as_f64().to_string(),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}
