#![allow(clippy::unwrap_used)]

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use rectify_domain::{Status, UnitRole};
use rectify_office::ledger::{self, LedgerLine, LEDGER_HEADERS};
use rectify_office::{read_xlsx_ledger, OfficeError};
use std::io::Cursor;

fn lines() -> Vec<LedgerLine> {
    october().iter().map(LedgerLine::from_detail).collect()
}

/// A problem with everything the ledger shows, and awkward text.
fn rich_detail() -> rectify_store::ProblemDetail {
    let mut d = detail(
        9,
        "（九）",
        "河道“清四乱”不到位，\"堆场\"占用岸线, 约3.5公里。",
        Status::InProgress,
        vec![
            unit(A, UnitRole::Primary),
            unit(B, UnitRole::Primary),
            unit(S, UnitRole::Supervising),
        ],
        deadline("2026年12月底前完成，长期坚持", Some("2026-12-31")),
    );
    d.measures = vec![
        measure(2, "建立河长巡河制度。"),
        measure(1, "全面排查岸线堆场，建立问题清单。"),
    ];
    d.reports.push(report(
        1,
        9,
        "2026-09",
        30,
        "完成排查",
        "2026-09-20T02:00:00Z",
        "accepted",
    ));
    d.reports.push(report(
        2,
        9,
        "2026-10",
        60,
        "清理堆场12处",
        "2026-10-20T02:00:00Z",
        "accepted",
    ));
    d.reports.push(report(
        3,
        9,
        "2026-11",
        99,
        "退回的报告",
        "2026-11-20T02:00:00Z",
        "returned",
    ));
    d.warnings
        .push(warning(1, 9, "yellow", "滞后序时进度", "open"));
    d.warnings
        .push(warning(2, 9, "red", "逾期未完成整改", "acknowledged"));
    d.warnings
        .push(warning(3, 9, "orange", "已解除", "resolved"));
    d
}

#[test]
fn line_from_detail_reads_as_the_office_writes_it() {
    let line = LedgerLine::from_detail(&rich_detail());
    assert_eq!(line.seq_label, "（九）");
    assert_eq!(
        line.measures,
        "1. 全面排查岸线堆场，建立问题清单。\n2. 建立河长巡河制度。"
    );
    assert_eq!(
        line.units,
        format!("主体责任单位：{A}、{B}；监管责任单位：{S}")
    );
    assert_eq!(line.leaders, "张三、李四");
    assert_eq!(line.status, "整改中");
    assert_eq!(line.progress, "2026-10：完成60%，清理堆场12处");
    assert_eq!(
        line.warning,
        "红色预警：逾期未完成整改\n黄色预警：滞后序时进度"
    );
    assert_eq!(line.deadline, "2026年12月底前完成，长期坚持");
    assert_eq!(line.category, "关于水污染防治问题");
}

#[test]
fn unit_notes_are_kept_in_brackets() {
    let mut lead = unit(A, UnitRole::Lead);
    lead.note = Some("牵头".to_string());
    let text = ledger::units_text(&[unit(B, UnitRole::Assisting), lead]);
    assert_eq!(text, format!("牵头单位：{A}（牵头）；配合单位：{B}"));
}

#[test]
fn xlsx_header_row_is_first_and_in_order() {
    let bytes = ledger::to_xlsx(&lines()).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["整改台账".to_string()]);
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, LEDGER_HEADERS.to_vec());
    // The contract's columns, in this order.
    let required = [
        "序号",
        "反馈问题",
        "整改目标",
        "整改措施",
        "整改时限",
        "责任单位",
        "督办领导",
        "进展情况",
        "整改状态",
    ];
    let positions: Vec<usize> = required
        .iter()
        .map(|h| header.iter().position(|x| x == h).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(range.height(), 7);
    // Chinese text intact, and "（一）" is text, not a number.
    assert_eq!(range.get((1, 0)), Some(&Data::String("（一）".to_string())));
    assert_eq!(
        range.get((2, 3)).unwrap().to_string(),
        october()[1].row.description
    );
}

#[test]
fn xlsx_round_trip_gives_the_same_cells() {
    let mut all = lines();
    all.push(LedgerLine::from_detail(&rich_detail()));
    all.push(LedgerLine {
        seq_label: "001".to_string(),
        problem: "=SUM(A1:A2) 不是公式".to_string(),
        target: "  前后空格  ".to_string(),
        measures: "1. 甲\n2. 乙\r\n3. 丙".to_string(),
        ..Default::default()
    });
    let first = ledger::to_xlsx(&all).unwrap();
    let read = read_xlsx_ledger(&first).unwrap();
    assert_eq!(read, all);
    let second = ledger::to_xlsx(&read).unwrap();
    assert_eq!(read_xlsx_ledger(&second).unwrap(), all);
}

#[test]
fn titled_xlsx_uses_a_valid_sheet_name() {
    let title = "某市整改台账：2026/10 [内部]";
    let bytes = ledger::to_xlsx_titled(&lines(), title).unwrap();
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["某市整改台账：2026_10 _内部_".to_string()]
    );
    assert_eq!(read_xlsx_ledger(&bytes).unwrap(), lines());
}

#[test]
fn reads_a_hand_made_sheet_by_header_names() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "某市督察整改台账（手工整理）")
        .unwrap();
    for (c, h) in ["整改状态", "序 号", "反馈问题", "备注", "督办市领导"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, "整改中").unwrap();
    ws.write_number(2, 1, 3).unwrap();
    ws.write_string(2, 2, "扬尘污染管控不力").unwrap();
    ws.write_string(2, 3, "忽略").unwrap();
    ws.write_string(2, 4, "王五").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let read = read_xlsx_ledger(&bytes).unwrap();
    assert_eq!(
        read,
        vec![LedgerLine {
            seq_label: "3".to_string(),
            problem: "扬尘污染管控不力".to_string(),
            leaders: "王五".to_string(),
            status: "整改中".to_string(),
            ..Default::default()
        }]
    );
}

#[test]
fn a_sheet_without_the_problem_column_is_refused() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "序号").unwrap();
    let err = read_xlsx_ledger(&wb.save_to_buffer().unwrap()).unwrap_err();
    assert!(matches!(err, OfficeError::NoHeaderRow(_)));
    assert!(err.to_string().starts_with("未找到表头行"));
    assert!(matches!(
        read_xlsx_ledger(b"not a zip"),
        Err(OfficeError::XlsxRead(_))
    ));
}

/// A minimal RFC 4180 reader, to check what a spreadsheet would see.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_bom_header_and_quoting() {
    let mut all = lines();
    all.push(LedgerLine::from_detail(&rich_detail()));
    let bytes = ledger::to_csv(&all);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("序号,方案,问题类别,反馈问题,整改目标,整改措施,整改时限,责任单位,督办领导,进展情况,整改状态,预警\r\n"));
    let rows = parse_csv(text);
    assert_eq!(rows.len(), all.len() + 1);
    assert!(rows.iter().all(|r| r.len() == 12));
    for (row, line) in rows[1..].iter().zip(&all) {
        let cells: Vec<String> = line.cells().iter().map(|s| s.to_string()).collect();
        assert_eq!(row, &cells);
    }
    assert!(text.contains("\"1. 全面排查岸线堆场，建立问题清单。\n2. 建立河长巡河制度。\""));
    assert!(text.contains("\"河道“清四乱”不到位，\"\"堆场\"\"占用岸线, 约3.5公里。\""));
}

#[test]
fn json_is_an_array_of_lines() {
    let bytes = ledger::to_json(&lines()).unwrap();
    let back: Vec<LedgerLine> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, lines());
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v[0]["status"], "已销号");
    assert_eq!(v[0]["seq_label"], "（一）");
}

#[test]
fn empty_ledger_still_has_its_header() {
    let bytes = ledger::to_xlsx(&[]).unwrap();
    assert_eq!(read_xlsx_ledger(&bytes).unwrap(), vec![]);
    let csv = ledger::to_csv(&[]);
    assert_eq!(parse_csv(std::str::from_utf8(&csv[3..]).unwrap()).len(), 1);
}
