#![allow(dead_code)]
pub mod compare;
use rectify_domain::{PlanDraft, ProblemDraft, UnitRole};
use std::path::PathBuf;

pub fn demo(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn import(name: &str, bytes: &[u8]) -> PlanDraft {
    rectify_import::import_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn top(plan: &PlanDraft, seq: u32) -> &ProblemDraft {
    plan.problems
        .iter()
        .find(|p| p.seq == seq && p.parent_seq.is_none())
        .unwrap_or_else(|| panic!("no problem {seq}"))
}

pub fn units(p: &ProblemDraft, role: UnitRole) -> Vec<&str> {
    p.units
        .iter()
        .filter(|u| u.role == role)
        .map(|u| u.name.as_str())
        .collect()
}

pub fn codes(plan: &PlanDraft) -> Vec<&str> {
    plan.warnings.iter().map(|w| w.code.as_str()).collect()
}

/// A minimal docx: `body` is the inner XML of `w:body`; `numbering` and
/// `styles` the whole `word/numbering.xml` / `word/styles.xml`, if any.
pub fn docx_with_parts(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zw.start_file("[Content_Types].xml", opts).expect("zip");
    zw.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>").expect("zip");
    zw.start_file("word/document.xml", opts).expect("zip");
    zw.write_all(xml.as_bytes()).expect("zip");
    for (name, part) in [
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ] {
        if let Some(p) = part {
            zw.start_file(name, opts).expect("zip");
            zw.write_all(p.as_bytes()).expect("zip");
        }
    }
    zw.finish().expect("zip").into_inner()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A Word paragraph; `num` = (numId, ilvl) of direct list numbering,
/// `style` a paragraph style id.
pub fn wpara(text: &str, num: Option<(u32, u32)>, style: Option<&str>) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if let Some((id, lvl)) = num {
        ppr.push_str(&format!(
            "<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
        ));
    }
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!(
        "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// The "松溪县" plan, numbered entirely by Word automatic numbering:
/// categories by a heading style linked to list 1 level 0 (「%1、」, Chinese
/// counting), problems by list 1 level 1 (「（%2）」, restarting under each
/// category), measures by decimal lists restarted per problem with
/// `w:startOverride`. The closing 「保障措施」 section continues list 1.
pub fn songxi_numbered_docx() -> Vec<u8> {
    let numbering = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#;
    let mut b = String::new();
    let mut p =
        |t: &str, num: Option<(u32, u32)>, style: Option<&str>| b.push_str(&wpara(t, num, style));
    p(
        "松溪县贯彻落实省生态环境保护督察反馈意见整改方案",
        None,
        None,
    );
    p("省生态环境保护督察组向我县反馈督察意见，经认真研究，共梳理出三个问题，现制定整改方案如下。", None, None);
    p("大气污染防治方面", None, Some("2"));
    p("县城建成区仍有燃煤锅炉未淘汰。", Some((1, 1)), None);
    p(
        "整改目标：全面淘汰建成区每小时10蒸吨以下燃煤锅炉。",
        None,
        None,
    );
    p("整改措施：", None, None);
    p("开展燃煤锅炉拉网式排查，建立淘汰清单。", Some((2, 0)), None);
    p("实施清洁能源替代改造。", Some((2, 0)), None);
    p("整改时限：2022年10月底前", None, None);
    p(
        "责任单位：县发改局（牵头）、县市场监管局、县生态环境分局",
        None,
        None,
    );
    p("责任领导：县政府副县长 吴  刚", None, None);
    p(
        "工业企业无组织排放管控不严，部分企业物料露天堆放。",
        Some((1, 1)),
        None,
    );
    p("整改目标：工业企业无组织排放得到有效管控。", None, None);
    p("整改措施：", None, None);
    p("开展工业企业无组织排放专项检查。", Some((3, 0)), None);
    p("督促企业完成物料堆场封闭改造。", Some((3, 0)), None);
    p("将无组织排放纳入日常执法监管。", Some((3, 0)), None);
    p("整改时限：立行立改", None, None);
    p("责任单位：县生态环境分局、县工信局", None, None);
    p("责任领导：副县长 吴  刚", None, None);
    p("水污染防治方面", None, Some("2"));
    p("松溪河流域部分养殖场养殖废水直排。", Some((1, 1)), None);
    p(
        "整改目标：流域规模养殖场废水全部实现资源化利用或达标排放。",
        None,
        None,
    );
    p("整改措施：", None, None);
    p("对流域养殖场逐一排查登记。", Some((4, 0)), None);
    p("依法关停无治污设施的养殖场。", Some((4, 0)), None);
    p("整改时限：2022年6月底前完成整治，长期保持", None, None);
    p("责任单位：县农业农村局（牵头）、各乡镇人民政府", None, None);
    p("责任领导：县委常委、副县长 陈晓东", None, None);
    p("责任人：县农业农村局局长 林  峰", None, None);
    p("保障措施", None, Some("2"));
    p(
        "加强组织领导。县委、县政府主要负责同志亲自部署、亲自督办。",
        Some((1, 1)),
        None,
    );
    p(
        "强化督查问责。对整改不力的严肃追责问责。",
        Some((1, 1)),
        None,
    );
    docx_with_parts(&b, Some(numbering), Some(styles))
}
