//! The 公示 notice as a Word document: the same minimal WordprocessingML
//! package as the monthly notice (`monthly::docx`), one paragraph per part,
//! so it opens alike in Word, WPS and LibreOffice.

use rectify_domain::notice::Notice;

use crate::error::OfficeError;
use crate::monthly::docx::{paragraph, HEI, MARGIN_SIDE, MARGIN_TB, PAGE_H, PAGE_W, R_NS, W_NS};
use crate::text::xml_escape;

/// 三号 body text (16 pt), indented two characters, as official notices are set.
const BODY_RPR: &str = "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>";
const BODY_PPR: &str = "<w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"640\"/><w:jc w:val=\"both\"/>";

fn document_xml(n: &Notice) -> String {
    let mut body = String::new();
    body.push_str(&paragraph(
        &n.title,
        "<w:spacing w:after=\"360\"/><w:jc w:val=\"center\"/>",
        &format!("{HEI}<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>"),
    ));
    body.push_str(&paragraph(&n.intro, BODY_PPR, BODY_RPR));
    for p in &n.parts {
        body.push_str(&paragraph(
            &p.heading,
            "<w:keepNext/><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"640\"/>",
            &format!("{HEI}{BODY_RPR}"),
        ));
        for line in p.text.split('\n') {
            body.push_str(&paragraph(line, BODY_PPR, BODY_RPR));
        }
    }
    for (i, line) in [&n.issuer, &n.date_line].into_iter().enumerate() {
        let before = if i == 0 {
            "<w:spacing w:before=\"560\"/>"
        } else {
            ""
        };
        body.push_str(&paragraph(
            line,
            &format!("{before}<w:jc w:val=\"right\"/>"),
            BODY_RPR,
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{MARGIN_TB}\" w:right=\"{MARGIN_SIDE}\" w:bottom=\"{MARGIN_TB}\" w:left=\"{MARGIN_SIDE}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    )
}

fn core_xml(n: &Notice) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>整改完成情况公示</dc:subject><dc:creator>{}</dc:creator>\
         </cp:coreProperties>",
        xml_escape(&n.title),
        xml_escape(&n.issuer),
    )
}

/// The notice as a .docx file.
pub fn notice_docx(n: &Notice) -> Result<Vec<u8>, OfficeError> {
    crate::monthly::docx::package(core_xml(n), document_xml(n))
}
