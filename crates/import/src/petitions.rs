//! Petition lists (信访件清单): the inspectors' handover lists (交办信访件)
//! and 12345 / 12369 hotline exports, as CSV (UTF-8, UTF-8 BOM, GBK;
//! comma or tab separated) or xlsx, into a [`PetitionFile`].
//!
//! The header row is found by its names ([`headers`]): it may follow a
//! title row (「中央第三生态环境保护督察组交办信访件（第5批）」) and blank
//! rows, and a group header may have a row of sub-headers under it. Every
//! column that names no field is kept in `extra` by its header. The file is
//! read whole or refused whole: every problem found (a missing code or
//! content, a date that is not one, a code given twice) is named with its
//! row as Excel shows it.

mod grid;
mod headers;
mod values;

use grid::Grid;
use headers::{meaning, normalize, Col, Meaning};
use rectify_domain::error::{Error, ErrorCode};
use rectify_domain::petition::{PetitionFile, PetitionRow, Satisfaction, Source};
use std::collections::{BTreeMap, HashMap};

/// The largest petition list accepted (20 MiB).
pub const MAX_PETITION_BYTES: usize = 20 * 1024 * 1024;
/// The most petitions one file may hold.
pub const MAX_PETITION_ROWS: usize = 100_000;
pub(crate) const MAX_ROWS: usize = MAX_PETITION_ROWS;

/// Rows searched for the header, from the top of a sheet.
const HEADER_SEARCH: usize = 30;
/// Problems listed in one error before the rest are only counted.
const MAX_PROBLEMS: usize = 20;

/// Reads a handover list or hotline export. The format is told by the
/// content (an xlsx zip, else text); the file name only helps to tell the
/// source (「12345工单导出.csv」).
pub fn read_petitions(bytes: &[u8], file_name: &str) -> Result<PetitionFile, Error> {
    if bytes.is_empty() {
        return Err(unreadable("文件为空", "the file is empty"));
    }
    if bytes.len() > MAX_PETITION_BYTES {
        return Err(too_large(&format!(
            "{} 字节，上限 {MAX_PETITION_BYTES} 字节 / {} bytes, the limit is {MAX_PETITION_BYTES}",
            bytes.len(),
            bytes.len()
        )));
    }
    let grids = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        grid::from_xlsx(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(unreadable(
            "旧版 Excel 格式（.xls），请另存为 .xlsx 或 CSV",
            "legacy Excel format (.xls); save it as .xlsx or CSV",
        ));
    } else {
        let text = crate::decode_text(bytes).map_err(grid::import_error)?;
        vec![grid::from_csv(&text)?]
    };
    let mut first_error = None;
    for g in &grids {
        match Layout::locate(g) {
            Ok(layout) => return read_grid(g, &layout, file_name),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| invalid("文件中没有任何内容", "the file holds nothing")))
}

/// One column of the table.
#[derive(Debug, Clone)]
struct Column {
    index: usize,
    /// The header as written (cleaned), or 「第N列」 for a column without one.
    name: String,
    /// The header as written; empty when there is none.
    written: String,
    meaning: Meaning,
}

/// Where the header is and what each column holds.
#[derive(Debug)]
struct Layout {
    /// Rows above the header (titles), by position in the grid.
    titles: Vec<String>,
    /// The last header row (the sub-header row when there is one).
    header_line: usize,
    /// Position in `grid.rows` of the first row after the header.
    first_data: usize,
    columns: Vec<Column>,
    /// The column chosen for each field.
    fields: HashMap<Col, usize>,
}

impl Layout {
    fn locate(g: &Grid) -> Result<Layout, Error> {
        let sheet = g
            .name
            .as_ref()
            .map(|n| (format!("工作表「{n}」"), format!("sheet \"{n}\" ")))
            .unwrap_or_default();
        let mut best: Option<(usize, usize)> = None;
        for (pos, (_, cells)) in g.rows.iter().enumerate().take(HEADER_SEARCH) {
            let mut cols: Vec<Col> = cells
                .iter()
                .filter_map(|c| match meaning(c) {
                    Meaning::Field(col, _) => Some(col),
                    _ => None,
                })
                .collect();
            cols.sort();
            cols.dedup();
            let score = cols.len();
            if score >= 2 && best.is_none_or(|(_, s)| score > s) {
                best = Some((pos, score));
            }
        }
        let Some((pos, _)) = best else {
            return Err(invalid(
                &format!(
                    "{}没有找到表头：须有受理编号（或工单编号、信访编号等）和交办问题基本情况（或信访内容、诉求内容等）两列",
                    sheet.0
                ),
                &format!(
                    "{}no header row: a code column (受理编号, 工单编号 …) and a content column (交办问题基本情况, 诉求内容 …) are needed",
                    sheet.1
                ),
            ));
        };
        let (line, header) = &g.rows[pos];
        let mut names: Vec<String> = header.iter().map(|h| values::line(h)).collect();
        let mut header_line = *line;
        let mut first_data = pos + 1;
        if let Some((sub_line, sub)) = g.rows.get(pos + 1) {
            if *sub_line == line + 1 && is_sub_header(&names, sub, g, *line) {
                names = combine(&names, sub);
                header_line = *sub_line;
                first_data = pos + 2;
            }
        }
        let width = g.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        let mut columns = Vec::with_capacity(width);
        for index in 0..width.max(names.len()) {
            let written = names.get(index).cloned().unwrap_or_default();
            let m = meaning(&written);
            let name = if written.is_empty() {
                format!("第{}列", index + 1)
            } else {
                written.clone()
            };
            columns.push(Column {
                index,
                name,
                written,
                meaning: m,
            });
        }
        let mut fields: HashMap<Col, (usize, usize)> = HashMap::new();
        for c in &columns {
            if let Meaning::Field(col, rank) = c.meaning {
                let better = fields.get(&col).is_none_or(|(_, r)| rank < *r);
                if better {
                    fields.insert(col, (c.index, rank));
                }
            }
        }
        let mut missing = vec![];
        for col in [Col::Code, Col::Content] {
            if !fields.contains_key(&col) {
                missing.push(col);
            }
        }
        if !missing.is_empty() {
            let zh: Vec<String> = missing
                .iter()
                .map(|c| format!("{}列", c.names().0))
                .collect();
            let en: Vec<String> = missing
                .iter()
                .map(|c| format!("no {} column", c.names().1))
                .collect();
            return Err(invalid(
                &format!("{}表头（第{header_line}行）缺少{}", sheet.0, zh.join("和")),
                &format!(
                    "{}the header (line {header_line}) has {}",
                    sheet.1,
                    en.join(" and ")
                ),
            ));
        }
        let titles = g.rows[..pos]
            .iter()
            .map(|(_, cells)| {
                cells
                    .iter()
                    .map(|c| values::line(c))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        Ok(Layout {
            titles,
            header_line,
            first_data,
            columns,
            fields: fields.into_iter().map(|(k, (i, _))| (k, i)).collect(),
        })
    }

    fn column_of(&self, col: Col) -> Option<&Column> {
        self.fields.get(&col).and_then(|i| self.columns.get(*i))
    }
}

/// The row under a header is a row of sub-headers when it has no code and
/// no content, names something, and some of its names sit under a group
/// header (a merged header cell, or an empty one continuing the group on
/// its left).
fn is_sub_header(header: &[String], sub: &[String], g: &Grid, line: usize) -> bool {
    let cell = |v: &[String], i: usize| v.get(i).map(|s| values::line(s)).unwrap_or_default();
    let mut any = false;
    for (i, s) in sub.iter().enumerate() {
        let s = values::line(s);
        if s.is_empty() {
            continue;
        }
        let parent = cell(header, i);
        if let Meaning::Field(Col::Code | Col::Content, _) = meaning(&parent) {
            return false;
        }
        let in_group = parent.is_empty()
            || g.merges
                .iter()
                .any(|&(r0, c0, r1, c1)| r0 == line && r1 == line && c0 <= i && i <= c1 && c1 > c0);
        if in_group {
            any = true;
        }
    }
    any
}

/// Header names with their sub-headers: a sub-header under a group becomes
/// 「组-子」 unless it names a field by itself.
fn combine(header: &[String], sub: &[String]) -> Vec<String> {
    let width = header.len().max(sub.len());
    let mut out = Vec::with_capacity(width);
    let mut group = String::new();
    for i in 0..width {
        let h = header.get(i).map(|s| values::line(s)).unwrap_or_default();
        let s = sub.get(i).map(|s| values::line(s)).unwrap_or_default();
        if !h.is_empty() {
            group = h.clone();
        }
        out.push(if s.is_empty() {
            h
        } else if matches!(meaning(&s), Meaning::Field(..)) || group.is_empty() {
            s
        } else {
            format!("{group}-{s}")
        });
    }
    out
}

fn read_grid(g: &Grid, layout: &Layout, file_name: &str) -> Result<PetitionFile, Error> {
    let data = fill_merges(g, layout);
    if data.len() > MAX_ROWS {
        return Err(too_large(&format!(
            "{} 行，上限 {MAX_ROWS} 行 / {} rows, the limit is {MAX_ROWS}",
            data.len(),
            data.len()
        )));
    }
    let col = |c: Col| layout.column_of(c);
    let code_col = col(Col::Code);
    let code_name = code_col.map(|c| c.name.clone()).unwrap_or_default();
    let content_name = col(Col::Content)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    // The 来源 column tells the source and is kept in `extra` as well.
    let used: Vec<usize> = layout
        .fields
        .iter()
        .filter(|(c, _)| **c != Col::Channel)
        .map(|(_, i)| *i)
        .collect();
    let mut problems = Problems::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(data.len());
    let mut filled: Vec<String> = Vec::new();
    let mut extra_keys: HashMap<usize, String> = HashMap::new();
    for c in &layout.columns {
        let listed = !used.contains(&c.index) && c.meaning != Meaning::Ignored;
        if listed {
            let mut key = c.name.clone();
            let mut n = 2;
            while extra_keys.values().any(|k| *k == key) {
                key = format!("{}（{n}）", c.name);
                n += 1;
            }
            extra_keys.insert(c.index, key);
        }
    }
    let mut channels: Vec<String> = Vec::new();
    for (line, cells) in &data {
        let line = *line;
        let raw = |c: Option<&Column>| {
            c.and_then(|c| cells.get(c.index))
                .map(String::as_str)
                .unwrap_or("")
        };
        let one = |c: Col| values::line(raw(col(c)));
        let opt = |s: String| (!s.is_empty()).then_some(s);
        let code = one(Col::Code);
        let content = values::text(raw(col(Col::Content)));
        if code.is_empty() {
            problems.push(
                format!("第{line}行：缺少{code_name}"),
                format!("line {line}: no {code_name}"),
            );
        } else {
            let key: String = code
                .chars()
                .map(headers::fold_width)
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            if let Some(first) = seen.get(&key) {
                problems.push(
                    format!("第{first}行与第{line}行的{code_name}重复：{code}"),
                    format!("lines {first} and {line} repeat {code_name} {code}"),
                );
            } else {
                seen.insert(key, line);
            }
        }
        if content.is_empty() {
            problems.push(
                format!("第{line}行：缺少{content_name}"),
                format!("line {line}: no {content_name}"),
            );
        }
        let received_on = match col(Col::ReceivedOn) {
            Some(c) => {
                let v = raw(Some(c));
                match values::date(v) {
                    Ok(d) => d,
                    Err(()) => {
                        let v = values::line(v);
                        problems.push(
                            format!("第{line}行：{}「{v}」不是日期", c.name),
                            format!("line {line}: {} \"{v}\" is not a date", c.name),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let mut extra = BTreeMap::new();
        for (index, key) in &extra_keys {
            let v = values::text(cells.get(*index).map(String::as_str).unwrap_or(""));
            if !v.is_empty() {
                if !filled.contains(key) {
                    filled.push(key.clone());
                }
                extra.insert(key.clone(), v);
            }
        }
        if let Some(c) = col(Col::Channel) {
            let v = values::line(raw(Some(c)));
            if !v.is_empty() {
                channels.push(v);
            }
        }
        rows.push(PetitionRow {
            line,
            code,
            received_on,
            area: one(Col::Area),
            kind: one(Col::Kind),
            content,
            address: values::text(raw(col(Col::Address))),
            unit: opt(one(Col::Unit)),
            result: opt(values::text(raw(col(Col::Result)))),
            satisfaction: Satisfaction::read(&one(Col::Satisfaction)),
            contact_name: opt(one(Col::ContactName)),
            contact_phone: opt(one(Col::ContactPhone)),
            extra,
        });
    }
    problems.into_result()?;
    // Every column kept in `extra` that has a header, or data under none.
    let mut by_index: Vec<(&usize, &String)> = extra_keys.iter().collect();
    by_index.sort();
    let unknown_columns = by_index
        .into_iter()
        .filter(|(index, key)| {
            let written = layout
                .columns
                .get(**index)
                .is_some_and(|c| !c.written.is_empty());
            !is_channel(layout, **index) && (written || filled.contains(*key))
        })
        .map(|(_, key)| key.clone())
        .collect();
    let source = detect_source(file_name, layout, &channels);
    Ok(PetitionFile {
        source,
        rows,
        unknown_columns,
    })
}

fn is_channel(layout: &Layout, index: usize) -> bool {
    layout.fields.get(&Col::Channel) == Some(&index)
}

/// The data rows, each cell of a merged range below the header showing the
/// range's text, as Excel shows it. Rows with no text of their own are
/// left out before filling.
fn fill_merges(g: &Grid, layout: &Layout) -> Vec<(usize, Vec<String>)> {
    let mut rows: Vec<(usize, Vec<String>)> = g.rows[layout.first_data.min(g.rows.len())..]
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !values::line(c).is_empty()))
        .cloned()
        .collect();
    let merges: Vec<_> = g
        .merges
        .iter()
        .filter(|m| m.0 > layout.header_line)
        .collect();
    if merges.is_empty() {
        return rows;
    }
    let index: HashMap<usize, usize> = rows.iter().enumerate().map(|(i, (l, _))| (*l, i)).collect();
    for &&(r0, c0, r1, c1) in &merges {
        let Some(value) = index
            .get(&r0)
            .and_then(|i| rows.get(*i))
            .and_then(|(_, cells)| cells.get(c0))
            .cloned()
        else {
            continue;
        };
        for r in r0..=r1 {
            let Some(i) = index.get(&r) else { continue };
            let Some((_, cells)) = rows.get_mut(*i) else {
                continue;
            };
            for c in c0..=c1 {
                if cells.len() <= c {
                    cells.resize(c + 1, String::new());
                }
                if let Some(slot) = cells.get_mut(c) {
                    if slot.trim().is_empty() {
                        slot.clone_from(&value);
                    }
                }
            }
        }
    }
    rows
}

/// The source: a hotline number in the file name, a title row, a header or
/// the 来源 column; else the inspectors' list by its headers (受理编号,
/// 交办…) or a 督察 title; else a hotline by work-order headers (工单编号,
/// 来电…, 诉求…).
fn detect_source(file_name: &str, layout: &Layout, channels: &[String]) -> Option<Source> {
    let headers: Vec<String> = layout.columns.iter().map(|c| normalize(&c.name)).collect();
    let mut texts: Vec<&str> = vec![file_name];
    texts.extend(layout.titles.iter().map(String::as_str));
    texts.extend(headers.iter().map(String::as_str));
    if texts.iter().any(|t| mentions(t, "12369")) {
        return Some(Source::Hotline12369);
    }
    if texts.iter().any(|t| mentions(t, "12345")) {
        return Some(Source::Hotline12345);
    }
    let by_channel = |needle: &str| channels.iter().filter(|c| mentions(c, needle)).count();
    let (h12369, h12345, handover) = (by_channel("12369"), by_channel("12345"), by_channel("督察"));
    match (h12369 > 0, h12345 > 0, handover > 0) {
        (true, false, false) => return Some(Source::Hotline12369),
        (false, true, false) => return Some(Source::Hotline12345),
        (false, false, true) => return Some(Source::Handover),
        _ => {}
    }
    let code = layout
        .column_of(Col::Code)
        .map(|c| normalize(&c.name))
        .unwrap_or_default();
    let handover_headers = ["受理编号", "交办编号", "转办编号"].contains(&code.as_str())
        || headers.iter().any(|h| {
            h.starts_with("交办")
                || h.starts_with("转办")
                || h.contains("督察")
                || h == "是否属实"
                || h.contains("调查核实")
        })
        || layout.titles.iter().any(|t| t.contains("督察"));
    if handover_headers {
        return Some(Source::Handover);
    }
    let work_order = [
        "工单编号",
        "工单号",
        "办件编号",
        "热线单号",
        "热线编号",
        "诉求编号",
    ]
    .contains(&code.as_str())
        || headers
            .iter()
            .any(|h| h.starts_with("来电") || h.starts_with("诉求") || h.starts_with("工单"));
    if work_order {
        return Some(Source::Hotline12345);
    }
    None
}

/// `text` names the number by itself, not inside a longer one
/// (「交办件20240112345.csv」 does not name 12345).
fn mentions(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(at, m)| {
        let before = text[..at].chars().next_back();
        let after = text[at + m.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Problems found in the rows, reported together.
#[derive(Default)]
struct Problems {
    zh: Vec<String>,
    en: Vec<String>,
    more: usize,
}

impl Problems {
    fn push(&mut self, zh: String, en: String) {
        if self.zh.len() < MAX_PROBLEMS {
            self.zh.push(zh);
            self.en.push(en);
        } else {
            self.more += 1;
        }
    }

    fn into_result(self) -> Result<(), Error> {
        if self.zh.is_empty() {
            return Ok(());
        }
        let (mut zh, mut en) = (self.zh.join("；"), self.en.join("; "));
        if self.more > 0 {
            zh.push_str(&format!("；另有{}处问题", self.more));
            en.push_str(&format!("; and {} more", self.more));
        }
        Err(invalid(&zh, &en))
    }
}

fn invalid(zh: &str, en: &str) -> Error {
    Error::with(ErrorCode::PetitionFileInvalid, format!("{zh} / {en}"))
}

pub(crate) fn unreadable(zh: &str, en: &str) -> Error {
    Error::with(ErrorCode::ImportUnreadable, format!("{zh} / {en}"))
}

pub(crate) fn too_large(detail: &str) -> Error {
    Error::with(ErrorCode::ImportTooLarge, detail)
}
