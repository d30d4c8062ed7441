//! Word (docx) reader: `word/document.xml` streamed with quick-xml into
//! lines (paragraphs, split at manual line breaks) and tables (rows of
//! cells). Deleted revisions, struck-through runs and field codes are left
//! out; nested tables are flattened into their cell; merged cells keep the
//! column positions.

use crate::doc::{limits, Block, Row, Table};
use crate::error::ImportError;
use crate::listnum::ListNumbering;
use crate::zipsafe::SafeZip;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub(crate) fn blocks_from_docx(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let mut zip = SafeZip::open(bytes)?;
    let name = main_part(&zip.names()).ok_or_else(|| {
        ImportError::unsupported(
            "docx 中没有 word/document.xml",
            "docx without word/document.xml",
        )
    })?;
    let xml = zip.read(&name)?.ok_or_else(|| {
        ImportError::unsupported("docx 中没有正文", "docx without a document part")
    })?;
    let numbering = zip.read("word/numbering.xml")?;
    let styles = match numbering {
        Some(_) => zip.read("word/styles.xml")?,
        None => None,
    };
    let lists = ListNumbering::new(numbering.as_deref(), styles.as_deref());
    blocks_with_numbering(&xml, lists)
}

pub(crate) fn main_part(names: &[String]) -> Option<String> {
    if names.iter().any(|n| n == "word/document.xml") {
        return Some("word/document.xml".to_string());
    }
    names
        .iter()
        .find(|n| {
            n.starts_with("word/")
                && n.ends_with(".xml")
                && n.contains("document")
                && !n.contains("/_rels/")
        })
        .cloned()
}

struct Cell {
    paragraphs: Vec<String>,
    span: usize,
}

struct TableBuilder {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<Cell>,
    row_lines: Vec<u32>,
}

#[derive(Default)]
struct State {
    out: Vec<Block>,
    line: u32,
    para: Option<String>,
    tables: Vec<TableBuilder>,
    run_struck: bool,
    in_rpr: bool,
    del_depth: usize,
    instr: bool,
    depth: usize,
    lists: ListNumbering,
    /// Numbering properties of the current paragraph.
    p_num_id: Option<String>,
    p_ilvl: Option<u32>,
    p_style: Option<String>,
    in_ppr: bool,
    /// Inside w:pPrChange (the properties before a tracked change).
    ppr_change: usize,
}

impl State {
    fn next_line(&mut self) -> u32 {
        self.line = self.line.saturating_add(1);
        self.line
    }

    fn push_text(&mut self, s: &str) {
        if self.run_struck || self.del_depth > 0 || self.instr {
            return;
        }
        if let Some(p) = &mut self.para {
            p.push_str(s);
        }
    }

    fn end_paragraph(&mut self) -> Result<(), ImportError> {
        let Some(mut text) = self.para.take() else {
            return Ok(());
        };
        let (num_id, ilvl, style) = (
            self.p_num_id.take(),
            self.p_ilvl.take(),
            self.p_style.take(),
        );
        if !self.lists.is_empty() {
            if let Some(prefix) = self.lists.next(num_id.as_deref(), ilvl, style.as_deref()) {
                if !text.trim().is_empty() {
                    text = format!("{prefix} {}", text.trim_start());
                }
            }
        }
        if let Some(t) = self.tables.last_mut() {
            if let Some(cell) = &mut t.cell {
                cell.paragraphs.push(text);
                return Ok(());
            }
            // Text directly in a table outside a cell: keep it as a line.
        }
        for piece in text.split('\n') {
            let no = self.next_line();
            self.out.push(Block::Line {
                no,
                text: piece.to_string(),
            });
        }
        if self.out.len() > limits::MAX_BLOCKS {
            return Err(ImportError::Limit("段落过多 / too many paragraphs".into()));
        }
        Ok(())
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.tables.pop() else {
            return;
        };
        if let Some(r) = t.row.take() {
            t.rows.push(r);
        }
        if let Some(parent) = self.tables.last_mut() {
            // A nested table: its rows become lines of the enclosing cell.
            let lines: Vec<String> = t.rows.iter().map(|r| r.join(" ")).collect();
            if let Some(cell) = &mut parent.cell {
                cell.paragraphs.extend(lines);
            }
            return;
        }
        let rows = t
            .rows
            .into_iter()
            .zip(t.row_lines)
            .map(|(cells, line)| Row { line, cells })
            .collect();
        self.out.push(Block::Table(Table {
            caption: None,
            rows,
        }));
    }
}

fn attr_val(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn is_off(val: Option<String>) -> bool {
    matches!(val.as_deref(), Some("0" | "false" | "off" | "none"))
}

#[cfg(test)]
pub(crate) fn blocks_from_document_xml(xml: &[u8]) -> Result<Vec<Block>, ImportError> {
    blocks_with_numbering(xml, ListNumbering::default())
}

fn blocks_with_numbering(xml: &[u8], lists: ListNumbering) -> Result<Vec<Block>, ImportError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut st = State {
        lists,
        ..Default::default()
    };
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| ImportError::Xml(format!("{e} (@{})", reader.buffer_position())))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                st.depth += 1;
                if st.depth > limits::MAX_XML_DEPTH {
                    return Err(ImportError::Limit(format!(
                        "XML 嵌套超过 {} 层 / XML nested deeper than {}",
                        limits::MAX_XML_DEPTH,
                        limits::MAX_XML_DEPTH
                    )));
                }
                start(&mut st, &e, false)?;
            }
            Event::Empty(e) => start(&mut st, &e, true)?,
            Event::End(e) => {
                st.depth = st.depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"p" => st.end_paragraph()?,
                    b"r" => st.run_struck = false,
                    b"rPr" => st.in_rpr = false,
                    b"pPr" => st.in_ppr = false,
                    b"pPrChange" => st.ppr_change = st.ppr_change.saturating_sub(1),
                    b"del" | b"moveFrom" => st.del_depth = st.del_depth.saturating_sub(1),
                    b"instrText" => st.instr = false,
                    b"tc" => {
                        if let Some(t) = st.tables.last_mut() {
                            if let Some(cell) = t.cell.take() {
                                let row = t.row.get_or_insert_with(Vec::new);
                                row.push(cell.paragraphs.join("\n"));
                                for _ in 1..cell.span.min(limits::MAX_COLUMNS as usize) {
                                    row.push(String::new());
                                }
                            }
                        }
                    }
                    b"tr" => {
                        if let Some(t) = st.tables.last_mut() {
                            if let Some(r) = t.row.take() {
                                t.rows.push(r);
                            }
                        }
                    }
                    b"tbl" => st.end_table(),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = match t.unescape() {
                    Ok(s) => s.into_owned(),
                    Err(_) => String::from_utf8_lossy(t.as_ref()).into_owned(),
                };
                st.push_text(&s);
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(t.as_ref()).into_owned();
                st.push_text(&s);
            }
            _ => {}
        }
        buf.clear();
    }
    // Close whatever odd XML left open.
    st.end_paragraph()?;
    while !st.tables.is_empty() {
        if let Some(t) = st.tables.last_mut() {
            if let Some(cell) = t.cell.take() {
                t.row
                    .get_or_insert_with(Vec::new)
                    .push(cell.paragraphs.join("\n"));
            }
        }
        st.end_table();
    }
    Ok(st.out)
}

fn start(st: &mut State, e: &BytesStart, empty: bool) -> Result<(), ImportError> {
    match e.local_name().as_ref() {
        b"p" => {
            if st.para.is_some() {
                // A paragraph inside a paragraph (text box content): finish the outer one.
                st.end_paragraph()?;
            }
            if empty {
                st.para = Some(String::new());
                st.end_paragraph()?;
            } else {
                st.para = Some(String::new());
            }
        }
        b"r" if !empty => st.run_struck = false,
        b"pPr" if !empty => st.in_ppr = true,
        b"pPrChange" if !empty => st.ppr_change += 1,
        b"pStyle" if st.in_ppr && st.ppr_change == 0 => st.p_style = attr_val(e, b"val"),
        b"numId" if st.in_ppr && st.ppr_change == 0 => st.p_num_id = attr_val(e, b"val"),
        b"ilvl" if st.in_ppr && st.ppr_change == 0 => {
            st.p_ilvl = attr_val(e, b"val").and_then(|v| v.parse().ok());
        }
        b"rPr" if !empty => st.in_rpr = true,
        b"strike" | b"dstrike" if st.in_rpr => {
            st.run_struck = !is_off(attr_val(e, b"val"));
        }
        b"del" | b"moveFrom" if !empty => st.del_depth += 1,
        b"instrText" if !empty => st.instr = true,
        b"tab" if !st.in_rpr => st.push_text(" "),
        b"br" | b"cr" => st.push_text("\n"),
        b"tbl" if !empty => {
            if st.para.is_some() {
                st.end_paragraph()?;
            }
            if st.tables.len() >= 64 {
                return Err(ImportError::Limit(
                    "表格嵌套过深 / tables nested too deeply".into(),
                ));
            }
            st.tables.push(TableBuilder {
                rows: Vec::new(),
                row: None,
                cell: None,
                row_lines: Vec::new(),
            });
        }
        b"tr" if !empty => {
            let line = if st.tables.len() == 1 {
                st.next_line()
            } else {
                0
            };
            if let Some(t) = st.tables.last_mut() {
                if let Some(r) = t.row.take() {
                    t.rows.push(r);
                }
                t.row = Some(Vec::new());
                t.row_lines.push(line);
            }
        }
        b"tc" => {
            if let Some(t) = st.tables.last_mut() {
                t.cell = Some(Cell {
                    paragraphs: Vec::new(),
                    span: 1,
                });
                if empty {
                    if let Some(cell) = t.cell.take() {
                        t.row
                            .get_or_insert_with(Vec::new)
                            .push(cell.paragraphs.join("\n"));
                    }
                }
            }
        }
        b"gridSpan" => {
            let span = attr_val(e, b"val")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1);
            if let Some(cell) = st.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.span = span.clamp(1, limits::MAX_COLUMNS as usize);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_debris() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>标题</w:t></w:r><w:r><w:rPr><w:strike/></w:rPr><w:t>删除</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>一、类别</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let b = blocks_from_document_xml(xml.as_bytes()).expect("parses");
        assert_eq!(
            b[0],
            Block::Line {
                no: 1,
                text: "标题".into()
            }
        );
        assert_eq!(
            b[2],
            Block::Line {
                no: 3,
                text: "乙".into()
            }
        );
        match &b[3] {
            Block::Table(t) => {
                assert_eq!(t.rows[0].cells, vec!["一、类别", ""]);
                assert_eq!(t.rows[1].cells, vec!["1", "a\nb"]);
                assert_eq!(t.rows[1].line, 5);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn odd_xml_does_not_panic() {
        for xml in [
            "",
            "<w:p>",
            "<w:tc><w:p>x</w:p>",
            "</w:tbl></w:tr></w:p>",
            "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:t>深</w:t></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
            "<a><b><c>&unknown;</c></b></a>",
        ] {
            let _ = blocks_from_document_xml(xml.as_bytes());
        }
    }
}
