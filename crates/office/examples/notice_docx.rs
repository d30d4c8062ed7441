//! Writes a sample 公示 notice as docx: `cargo run -p rectify-office
//! --example notice_docx -- OUT.docx`. Used by `scripts/notice_pdf_check.sh`
//! to check that LibreOffice opens it.

use chrono::NaiveDate;
use rectify_domain::notice::{build, NoticeFacts, NoticeSettings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: notice_docx OUT.docx")?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let facts = NoticeFacts {
        plan_title: "衡阳市贯彻落实湖南省第一环境保护督察组督察反馈意见整改方案".into(),
        jurisdiction: Some("衡阳市".into()),
        problem_number: "（二）".into(),
        problem_description: "高新区污水处理厂出水总磷超标，配套管网建设滞后。".into(),
        units: vec!["高新区管委会".into(), "市住建局".into()],
        target: Some("污水处理厂出水稳定达到一级A标准。".into()),
        measures: vec![
            "完成污水处理厂提标改造。".into(),
            "新建配套管网12公里。".into(),
        ],
        deadline_text: "2026年11月底前".into(),
        final_report: Some((
            "2026-11".into(),
            100,
            "提标改造工程已完工并通过验收，连续三个月出水稳定达标。".into(),
        )),
        evidence: vec![
            "验收意见：提标改造验收意见.pdf".into(),
            "现场照片：出水口.jpg".into(),
        ],
        notice_start: day("2026-12-01")?,
        notice_end: day("2026-12-07")?,
        workdays: 5,
        portal_path: "/public/problems/2".into(),
        issued_on: day("2026-12-01")?,
    };
    let settings = NoticeSettings {
        receiver: Some("衡阳市生态环境保护督察整改工作领导小组办公室".into()),
        phone: Some("0734-8888888".into()),
        email: Some("zgb@example.gov.cn".into()),
        address: Some("衡阳市华新开发区华新大道1号".into()),
        ..Default::default()
    };
    let bytes = rectify_office::notice_docx(&build(&facts, &settings))?;
    std::fs::write(&out, bytes)?;
    println!("{out}");
    Ok(())
}
