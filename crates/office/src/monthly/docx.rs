//! The notice as a minimal WordprocessingML package written by hand:
//! `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`,
//! `word/document.xml`, `word/styles.xml` (document defaults only) and
//! `word/_rels/document.xml.rels`. Formatting is direct, so the document
//! looks the same in Word, WPS and LibreOffice.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{layout, MonthlyReport};
use crate::error::OfficeError;
use crate::text::xml_escape;

pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A4 portrait in twentieths of a point, with 2.2 cm side margins.
pub(crate) const PAGE_W: u32 = 11906;
pub(crate) const PAGE_H: u32 = 16838;
pub(crate) const MARGIN_SIDE: u32 = 1247;
pub(crate) const MARGIN_TB: u32 = 1440;
const TEXT_W: u32 = PAGE_W - 2 * MARGIN_SIDE;

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

pub(crate) const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

pub(crate) const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

pub(crate) const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

pub(crate) const HEI: &str = r#"<w:rFonts w:ascii="SimHei" w:hAnsi="SimHei" w:eastAsia="黑体"/>"#;

/// Runs for a text, line breaks kept as `<w:br/>`.
pub(crate) fn runs(text: &str, rpr: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        if !rpr.is_empty() {
            out.push_str(&format!("<w:rPr>{rpr}</w:rPr>"));
        }
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            xml_escape(line.trim_end_matches('\r'))
        ));
    }
    out
}

pub(crate) fn paragraph(text: &str, ppr: &str, rpr: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{}</w:p>", runs(text, rpr))
}

/// Relative column widths by header name.
fn weight(header: &str) -> u32 {
    match header {
        "序号" => 7,
        "问题编号" => 11,
        "反馈问题" => 34,
        "对象及事由" => 40,
        "责任单位" => 18,
        "整改时限" => 14,
        "情况" => 18,
        "整改状态" => 20,
        "日期" => 13,
        "方式" => 10,
        "按期完成率" => 12,
        "未报或迟报问题数" => 14,
        _ => 9,
    }
}

/// Columns whose cells are centred: numbers, dates, short codes.
const CENTRED: [&str; 12] = [
    "序号",
    "问题编号",
    "问题数",
    "占比",
    "未报或迟报问题数",
    "任务总数",
    "已销号",
    "推进中",
    "逾期",
    "按期完成率",
    "日期",
    "方式",
];

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let total: u32 = header.iter().map(|h| weight(h)).sum::<u32>().max(1);
    let widths: Vec<u32> = header.iter().map(|h| TEXT_W * weight(h) / total).collect();
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let mut out = String::from("<w:tbl><w:tblPr>");
    out.push_str(&format!(
        "<w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/><w:tblBorders>"
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&border(side));
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let cell = |text: &str, w: u32, head: bool, centred: bool| {
        let shade = if head {
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/>"
        } else {
            ""
        };
        let jc = if head || centred {
            "<w:jc w:val=\"center\"/>"
        } else {
            ""
        };
        let ppr = format!("<w:spacing w:line=\"300\" w:lineRule=\"auto\"/>{jc}");
        let bold = if head { "<w:b/>" } else { "" };
        let rpr = format!("{bold}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>");
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shade}</w:tcPr>{}</w:tc>",
            paragraph(text, &ppr, &rpr)
        )
    };
    let centred: Vec<bool> = header.iter().map(|h| CENTRED.contains(h)).collect();
    out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (h, w) in header.iter().zip(&widths) {
        out.push_str(&cell(h, *w, true, true));
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let text = row.get(i).map(String::as_str).unwrap_or("");
            out.push_str(&cell(
                text,
                *w,
                false,
                centred.get(i).copied().unwrap_or(false),
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

pub(super) fn document_xml(r: &MonthlyReport) -> String {
    let mut body = String::new();
    body.push_str(&paragraph(
        &r.title,
        "<w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/>",
        &format!(
            "{HEI}<w:b/><w:color w:val=\"B00000\"/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>"
        ),
    ));
    body.push_str(&paragraph(
        &format!(
            "调度月份：{}　　统计截至：{}",
            r.period_zh(),
            r.generated_on.format("%Y年%m月%d日")
        ),
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"B00000\"/></w:pBdr><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>",
        "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>",
    ));
    for (i, (heading, header, rows)) in r.tables().into_iter().enumerate() {
        body.push_str(&paragraph(
            heading,
            "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>",
            &format!("{HEI}<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"),
        ));
        if i == 0 {
            body.push_str(&paragraph(
                &r.summary_text(),
                "<w:spacing w:after=\"120\"/><w:ind w:firstLine=\"480\"/>",
                "",
            ));
        }
        if rows.is_empty() {
            body.push_str(&paragraph(layout::NONE, "<w:ind w:firstLine=\"480\"/>", ""));
        } else {
            body.push_str(&table(&header, &rows));
        }
    }
    body.push_str(&paragraph(
        &format!("整改工作办公室　{}", r.generated_on.format("%Y年%m月%d日")),
        "<w:spacing w:before=\"480\"/><w:jc w:val=\"right\"/>",
        "",
    ));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{MARGIN_TB}\" w:right=\"{MARGIN_SIDE}\" w:bottom=\"{MARGIN_TB}\" w:left=\"{MARGIN_SIDE}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    )
}

fn core_xml(r: &MonthlyReport) -> String {
    let day = r.generated_on.format("%Y-%m-%dT00:00:00Z");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>月调度通报 {}</dc:subject><dc:creator>rectify</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:modified>\
         </cp:coreProperties>",
        xml_escape(&r.title),
        xml_escape(&r.period),
    )
}

pub(super) fn render(r: &MonthlyReport) -> Result<Vec<u8>, OfficeError> {
    package(core_xml(r), document_xml(r))
}

/// A .docx package around a document body and its core properties, with the
/// shared styles (the monthly notice and the 公示 notice).
pub(crate) fn package(core: String, document: String) -> Result<Vec<u8>, OfficeError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("docProps/core.xml", core),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| OfficeError::DocxWrite(e.to_string()))?;
    }
    Ok(zip.finish()?.into_inner())
}
