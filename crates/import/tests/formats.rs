//! The same plan as text, as Word paragraphs, as a Word table and as an xlsx
//! ledger yields the same records.

mod common;
use common::*;
use rectify_domain::{PlanDraft, ProblemDraft, UnitRole};
use rust_xlsxwriter::{Format, Workbook};
use std::io::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zw.start_file("[Content_Types].xml", opts).expect("zip");
    zw.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>").expect("zip");
    zw.start_file("word/document.xml", opts).expect("zip");
    zw.write_all(xml.as_bytes()).expect("zip");
    zw.finish().expect("zip").into_inner()
}

const HEADER: [&str; 8] = [
    "序号",
    "反馈问题",
    "整改目标",
    "整改措施",
    "整改时限",
    "主体责任单位",
    "监管责任单位",
    "督办市领导",
];

fn row_cells(p: &ProblemDraft) -> Vec<String> {
    let join_units = |role: UnitRole| {
        p.units
            .iter()
            .filter(|u| u.role == role)
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    vec![
        p.number_text.clone(),
        p.description.clone(),
        p.target.clone().unwrap_or_default(),
        p.measures
            .iter()
            .map(|m| format!("{}.{}", m.seq, m.text))
            .collect::<Vec<_>>()
            .join("\n"),
        p.deadline.text.clone(),
        join_units(UnitRole::Primary),
        join_units(UnitRole::Supervising),
        p.leaders.join("、"),
    ]
}

/// Rows of a ledger table: header, then for each category a category row
/// followed by its problems.
fn ledger_rows(plan: &PlanDraft) -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    let mut cat = None;
    for p in &plan.problems {
        if p.category_seq != cat {
            cat = p.category_seq;
            if let Some(c) = plan.categories.iter().find(|c| Some(c.seq) == cat) {
                let cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
                    [(c.seq - 1) as usize];
                rows.push(vec![format!("{cn}、{}", c.title)]);
            }
        }
        rows.push(row_cells(p));
    }
    rows
}

fn docx_table(rows: &[Vec<String>]) -> Vec<u8> {
    let mut body = para("衡阳市贯彻落实湖南省第一环境保护督察组督察反馈意见整改措施清单");
    body.push_str("<w:tbl>");
    for r in rows {
        body.push_str("<w:tr>");
        if r.len() == 1 {
            body.push_str(&format!(
                "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/></w:tcPr>{}</w:tc>",
                HEADER.len(),
                para(&r[0])
            ));
        } else {
            for c in r {
                body.push_str("<w:tc>");
                for l in c.split('\n') {
                    body.push_str(&para(l));
                }
                body.push_str("</w:tc>");
            }
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    docx(&body)
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账").expect("name");
    ws.write_string(
        0,
        0,
        "衡阳市贯彻落实湖南省第一环境保护督察组督察反馈意见整改措施清单",
    )
    .expect("write");
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        if r.len() == 1 {
            ws.merge_range(
                row,
                0,
                row,
                (HEADER.len() - 1) as u16,
                &r[0],
                &Format::new(),
            )
            .expect("merge");
        } else {
            for (j, c) in r.iter().enumerate() {
                ws.write_string(row, j as u16, c).expect("write");
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Compares two problem lists field by field, naming the first difference.
fn assert_same(a: &[ProblemDraft], b: &[ProblemDraft]) {
    assert_eq!(a.len(), b.len(), "problem count");
    for (x, y) in a.iter().zip(b) {
        let id = format!("{} {}", x.number_text, y.number_text);
        assert_eq!(x.seq, y.seq, "{id} seq");
        assert_eq!(x.number_text, y.number_text, "{id} number_text");
        assert_eq!(x.parent_seq, y.parent_seq, "{id} parent_seq");
        assert_eq!(x.category_seq, y.category_seq, "{id} category_seq");
        assert_eq!(x.description, y.description, "{id} description");
        assert_eq!(x.target, y.target, "{id} target");
        assert_eq!(x.deadline, y.deadline, "{id} deadline");
        assert_eq!(x.units, y.units, "{id} units");
        assert_eq!(x.leaders, y.leaders, "{id} leaders");
        assert_eq!(x.measures.len(), y.measures.len(), "{id} measure count");
        for (m, n) in x.measures.iter().zip(&y.measures) {
            assert_eq!(m, n, "{id} measure {}", m.seq);
        }
        assert_eq!(x, y, "{id}");
    }
}

/// The record as a ledger holds it: everything but the source position.
fn records(plan: &PlanDraft) -> Vec<ProblemDraft> {
    plan.problems
        .iter()
        .cloned()
        .map(|mut p| {
            p.source_span = None;
            p
        })
        .collect()
}

fn hengyang() -> PlanDraft {
    import(
        "hengyang.txt",
        &demo("hengyang-2019-provincial-inspection-plan.txt"),
    )
}

#[test]
fn word_paragraphs_equal_text() {
    let text =
        String::from_utf8(demo("hengyang-2019-provincial-inspection-plan.txt")).expect("utf8");
    let body: String = text.split('\n').map(para).collect();
    let from_docx = import("hengyang.docx", &docx(&body));
    assert_eq!(from_docx.source.kind, "docx");
    let from_text = hengyang();
    // One paragraph per line: even the line numbers agree.
    assert_eq!(from_docx.problems, from_text.problems);
    assert_eq!(from_docx.categories, from_text.categories);
    assert_eq!(from_docx.title, from_text.title);
    assert_eq!(from_docx.declared_problem_count, Some(40));
    assert_eq!(from_docx.warnings, from_text.warnings);
}

#[test]
fn word_table_equals_text() {
    let from_text = hengyang();
    let from_docx = import("ledger.docx", &docx_table(&ledger_rows(&from_text)));
    assert_eq!(from_docx.problems.len(), 40);
    assert_eq!(from_docx.categories, from_text.categories);
    assert_same(&records(&from_docx), &records(&from_text));
}

#[test]
fn xlsx_ledger_equals_text() {
    let from_text = hengyang();
    let from_xlsx = import("ledger.xlsx", &xlsx(&ledger_rows(&from_text)));
    assert_eq!(from_xlsx.source.kind, "xlsx");
    assert_eq!(from_xlsx.problems.len(), 40);
    assert_eq!(from_xlsx.categories, from_text.categories);
    assert_same(&records(&from_xlsx), &records(&from_text));
    assert!(from_xlsx.problems.iter().all(|p| p.source_span.is_some()));
}

#[test]
fn changde_as_xlsx_keeps_measure_groups() {
    let from_text = import(
        "changde.txt",
        &demo("changde-2021-central-inspection-plan.txt"),
    );
    // The top-level problems with the roles this layout has columns for.
    let tops = PlanDraft {
        problems: from_text
            .problems
            .iter()
            // Measures of 十五 carry their group's 整改时限, which one deadline
            // column cannot hold.
            .filter(|p| p.parent_seq.is_none() && !p.measures.is_empty() && p.seq != 15)
            .cloned()
            .map(|mut p| {
                p.units
                    .retain(|u| matches!(u.role, UnitRole::Primary | UnitRole::Supervising));
                p
            })
            .collect(),
        ..from_text.clone()
    };
    let from_xlsx = import("changde.xlsx", &xlsx(&ledger_rows(&tops)));
    let a: Vec<_> = records(&tops)
        .into_iter()
        .map(|mut p| {
            p.category_seq = None;
            p
        })
        .collect();
    assert_same(&records(&from_xlsx), &a);
}

#[test]
fn kind_is_detected_from_content_not_name() {
    let text = demo("changde-2021-central-inspection-plan.txt");
    let plan = import("plan.docx", &text);
    assert_eq!(plan.source.kind, "txt");
    let from_text = hengyang();
    let plan = import("plan.txt", &xlsx(&ledger_rows(&from_text)));
    assert_eq!(plan.source.kind, "xlsx");
}

#[test]
fn gbk_utf16_and_bom_text() {
    let utf8 = fixture("lianhua-county-plan.txt");
    let text = String::from_utf8(utf8.clone()).expect("utf8");
    let reference = import("lianhua.txt", &utf8);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert_eq!(records(&import("lianhua.txt", &gbk)), records(&reference));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&utf8);
    assert_eq!(import("lianhua.txt", &bom).problems, reference.problems);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(import("lianhua.txt", &utf16).problems, reference.problems);
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(
        import("lianhua.txt", crlf.as_bytes()).problems,
        reference.problems
    );
}

#[test]
fn markdown_pipe_table_ledger() {
    let md = "# 示例县整改台账\n\n| 序号 | 反馈问题 | 整改措施 | 整改时限 | 责任单位 | 督办领导 |\n|---|---|---|---|---|---|\n| 1 | 城区扬尘污染 | 1.洒水降尘<br>2.工地覆盖 | 2022年底 | 县住建局（牵头）、县城管局 | 张三 |\n| 2 | 河道垃圾 | 定期清理 | 立行立改 | 县水利局 | 李四 |\n";
    let plan = import("ledger.md", md.as_bytes());
    assert_eq!(plan.source.kind, "md");
    assert_eq!(plan.problems.len(), 2);
    let p1 = &plan.problems[0];
    assert_eq!(p1.measures.len(), 2);
    assert_eq!(units(p1, UnitRole::Lead), vec!["县住建局"]);
    assert_eq!(units(p1, UnitRole::Responsible), vec!["县城管局"]);
    assert_eq!(plan.problems[1].leaders, vec!["李四"]);
    assert!(plan.problems[1].deadline.immediate);
}
