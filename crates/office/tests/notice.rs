//! The 公示 notice docx: a valid package whose text carries every part.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rectify_domain::notice::{build, NoticeFacts, NoticeSettings};
use std::io::{Cursor, Read};

fn document_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    reader.config_mut().check_end_names = true;
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Text(t) => text.push_str(&t.unescape().unwrap()),
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"w:p" => text.push('\n'),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    text
}

#[test]
fn docx_carries_every_part_of_the_notice() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let facts = NoticeFacts {
        plan_title: "某市整改方案".into(),
        jurisdiction: Some("某市".into()),
        problem_number: "（二）".into(),
        problem_description: "污水处理厂超标排放 <&>".into(),
        units: vec!["高新区管委会".into()],
        target: Some("稳定达标".into()),
        measures: vec!["提标改造".into()],
        deadline_text: "2026年11月底".into(),
        final_report: Some(("2026-11".into(), 100, "已完成提标改造".into())),
        evidence: vec!["验收意见：验收.pdf".into()],
        notice_start: d("2026-12-01"),
        notice_end: d("2026-12-07"),
        workdays: 5,
        portal_path: "/public/problems/2".into(),
        issued_on: d("2026-12-01"),
    };
    let settings = NoticeSettings {
        phone: Some("12369".into()),
        email: Some("zgb@example.gov.cn".into()),
        address: Some("华新大道1号".into()),
        issuer: Some("某市整改办".into()),
        ..Default::default()
    };
    let notice = build(&facts, &settings);
    let text = document_text(&rectify_office::notice_docx(&notice).unwrap());
    for want in [
        "关于督察反馈问题（二）整改完成情况的公示",
        "污水处理厂超标排放 <&>",
        "二、整改责任单位",
        "高新区管委会",
        "整改目标：稳定达标",
        "1. 提标改造",
        "四、完成时限",
        "2026年11月底",
        "截至2026年11月，整改进度100%。已完成提标改造",
        "验收意见：验收.pdf",
        "2026年12月1日至2026年12月7日（5个工作日）",
        "监督电话：12369",
        "电子邮箱：zgb@example.gov.cn",
        "通信地址：华新大道1号",
        "某市整改办",
        "2026年12月1日",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}
