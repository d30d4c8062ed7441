#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Cursor, Read};

use calamine::{Reader, Xlsx};
use common::*;
use rectify_office::{MonthlyReport, OfficeError, UnitRow};

fn report() -> MonthlyReport {
    MonthlyReport::build("2026-10", date("2026-11-03"), &october(), &[]).unwrap()
}

#[test]
fn counts_match_the_fixture() {
    let r = report();
    assert_eq!(r.period, "2026-10");
    assert_eq!(r.total, 6);
    assert_eq!(
        r.counts_by_status,
        vec![
            ("未启动".to_string(), 1),
            ("整改中".to_string(), 2),
            ("已自查".to_string(), 0),
            ("已初审".to_string(), 0),
            ("公示中".to_string(), 0),
            ("核查通过待备案".to_string(), 1),
            ("已销号".to_string(), 2),
        ]
    );
    assert_eq!(
        r.counts_by_status.iter().map(|(_, n)| n).sum::<i64>(),
        r.total
    );
}

#[test]
fn completed_this_month_uses_the_china_calendar_day() {
    // （五） was filed at 2026-09-30 17:00 UTC, i.e. 2026-10-01 01:00 in China.
    let r = report();
    let numbers: Vec<&str> = r
        .completed_this_month
        .iter()
        .map(|c| c.0.as_str())
        .collect();
    assert_eq!(numbers, vec!["（五）", "（一）"]);
    assert_eq!(r.completed_this_month[1].2, A);
    let sept = MonthlyReport::build("2026-09", date("2026-10-03"), &october(), &[]).unwrap();
    assert!(sept.completed_this_month.is_empty());
}

#[test]
fn overdue_and_warned_lists() {
    let r = report();
    let overdue: Vec<(&str, &str)> = r
        .overdue
        .iter()
        .map(|i| (i.number.as_str(), i.note.as_str()))
        .collect();
    assert_eq!(overdue, vec![("（二）", "逾期34天"), ("（六）", "逾期3天")]);
    assert_eq!(r.overdue[0].units, format!("{A}、{B}"));
    let warned: Vec<(&str, Option<&str>)> = r
        .warned
        .iter()
        .map(|i| (i.number.as_str(), i.level.as_deref()))
        .collect();
    // （三）'s warning is resolved and not listed; red comes first.
    assert_eq!(
        warned,
        vec![("（二）", Some("red")), ("（四）", Some("orange"))]
    );
    assert_eq!(r.warned[0].note, "红色预警：逾期未完成整改");
}

#[test]
fn late_units_count_missing_returned_and_late_reports() {
    // 二: no October report (A, B); 三: sent 10-30 (B); 四: only a returned
    // report (C); 六: sent 10-28 04:00 China time, on time.
    let r = report();
    assert_eq!(
        r.late_units,
        vec![(B.to_string(), 2), (A.to_string(), 1), (C.to_string(), 1)]
    );
    // Before the 28th a missing report is not late yet: only the report
    // sent after the 28th counts.
    let early = MonthlyReport::build("2026-10", date("2026-10-20"), &october(), &[]).unwrap();
    assert_eq!(early.late_units, vec![(B.to_string(), 1)]);
}

#[test]
fn per_unit_table() {
    let r = report();
    let a = UnitRow {
        unit: A.to_string(),
        total: 3,
        signed_off: 2,
        in_progress: 0,
        overdue: 1,
        on_time_rate_percent: Some(100.0 / 3.0),
    };
    let b = UnitRow {
        unit: B.to_string(),
        total: 2,
        signed_off: 0,
        in_progress: 1,
        overdue: 1,
        on_time_rate_percent: Some(0.0),
    };
    let c = UnitRow {
        unit: C.to_string(),
        total: 2,
        signed_off: 0,
        in_progress: 1,
        overdue: 1,
        on_time_rate_percent: Some(0.0),
    };
    assert_eq!(r.per_unit, vec![a, b, c]);
    // The supervising unit does not do the work and has no line.
    assert!(r.per_unit.iter().all(|u| u.unit != S));
    for u in &r.per_unit {
        assert_eq!(u.signed_off + u.in_progress + u.overdue, u.total);
    }
}

#[test]
fn escalations_of_the_month_only() {
    let r = report();
    assert_eq!(
        r.escalations,
        vec![(
            "2026-10-12".to_string(),
            "约谈".to_string(),
            format!("{C}，问题（六）：整改进度滞后（督整改〔2026〕5号）")
        )]
    );
}

#[test]
fn bad_period_is_refused_in_both_languages() {
    for bad in ["2026-13", "2026/10", "26-10", "", "2026-1"] {
        let err = MonthlyReport::build(bad, date("2026-11-03"), &[], &[]).unwrap_err();
        assert!(matches!(err, OfficeError::BadPeriod(_)), "{bad}");
        let msg = err.to_string();
        assert!(msg.contains("格式不对") && msg.contains("YYYY-MM"), "{msg}");
    }
}

#[test]
fn empty_month_renders_everywhere() {
    let r = MonthlyReport::build("2026-12", date("2027-01-05"), &[], &[]).unwrap();
    assert_eq!(r.total, 0);
    assert!(r.to_html().contains("本月无。"));
    r.to_xlsx().unwrap();
    r.to_docx().unwrap();
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = report().to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "no scripts at all"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("督整改〔2026〕5号"));
    assert!(html.contains("size: A4"));
    assert!(!html.contains("<link") && !html.contains("src="));
    for heading in [
        "一、总体情况",
        "二、本月完成销号的问题",
        "三、逾期未完成的问题",
        "四、预警问题",
        "五、未按时报送进展的单位",
        "六、各责任单位整改情况",
        "七、本月通报约谈等情况",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("<tr class=\"red\">"));
    assert!(html.contains("33.3%"));
}

#[test]
fn xlsx_has_one_sheet_per_section() {
    let bytes = report().to_xlsx().unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "总体情况",
            "本月完成销号的问题",
            "逾期未完成的问题",
            "预警问题",
            "未按时报送进展的单位",
            "各责任单位整改情况",
            "本月通报约谈等情况"
        ]
        .map(String::from)
        .to_vec()
    );
    let units = wb.worksheet_range("各责任单位整改情况").unwrap();
    let rows: Vec<Vec<String>> = units
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "序号",
            "责任单位",
            "任务总数",
            "已销号",
            "推进中",
            "逾期",
            "按期完成率"
        ]
    );
    assert_eq!(rows[1], ["1", A, "3", "2", "0", "1", "33.3%"]);
    assert_eq!(
        units.get((1, 2)),
        Some(&calamine::Data::Float(3.0)),
        "counts are numbers"
    );
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_string(), s)
        })
        .collect()
}

/// Parses XML to the end, collecting text; panics on malformed XML.
fn xml_text(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Text(t) => text.push_str(&t.unescape().unwrap()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    text
}

#[test]
fn docx_is_a_valid_package_with_the_per_unit_table() {
    let bytes = report().to_docx().unwrap();
    let parts = unzip(&bytes);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "[Content_Types].xml");
    for needed in [
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "docProps/core.xml",
    ] {
        assert!(names.contains(&needed), "{needed}");
    }
    for (_, xml) in &parts {
        xml_text(xml);
    }
    let doc = &parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1;
    let text = xml_text(doc);
    assert!(text.contains("生态环境保护督察整改工作月调度通报（2026年10月）"));
    assert!(text.contains("六、各责任单位整改情况"));
    assert!(text.contains("按期完成率"));
    assert!(text.contains(B));
    assert!(
        text.contains("<script>alert(1)</script>"),
        "text survives escaping"
    );
    assert!(!doc.contains("<script>"));
    assert_eq!(doc.matches("<w:tbl>").count(), 7, "one table per section");
}

/// With `RECTIFY_OFFICE_SAMPLES=DIR`, writes the fixture's files there for a
/// look in LibreOffice or a browser (`soffice --headless --convert-to pdf`).
#[test]
fn write_samples_when_asked() {
    let Ok(dir) = std::env::var("RECTIFY_OFFICE_SAMPLES") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let r = report();
    std::fs::write(dir.join("monthly.docx"), r.to_docx().unwrap()).unwrap();
    std::fs::write(dir.join("monthly.xlsx"), r.to_xlsx().unwrap()).unwrap();
    std::fs::write(dir.join("monthly.html"), r.to_html()).unwrap();
    let lines: Vec<_> = october()
        .iter()
        .map(rectify_office::LedgerLine::from_detail)
        .collect();
    std::fs::write(
        dir.join("ledger.xlsx"),
        rectify_office::ledger::to_xlsx(&lines).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("ledger.csv"),
        rectify_office::ledger::to_csv(&lines),
    )
    .unwrap();
}
