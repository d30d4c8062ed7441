//! Petition lists (信访件清单): handover lists and hotline exports as CSV and
//! xlsx, read into rows, or refused with the line of every problem.

use chrono::NaiveDate;
use rectify_domain::error::{Error, ErrorCode};
use rectify_domain::petition::{PetitionFile, Satisfaction, Source};
use rectify_import::{read_petitions, MAX_PETITION_BYTES};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn read(bytes: &[u8], name: &str) -> PetitionFile {
    match read_petitions(bytes, name) {
        Ok(f) => f,
        Err(e) => panic!("{name}: {e} ({:?})", e.detail),
    }
}

fn refuse(bytes: &[u8], name: &str) -> Error {
    match read_petitions(bytes, name) {
        Ok(f) => panic!("{name} was read: {f:?}"),
        Err(e) => e,
    }
}

fn detail(e: &Error) -> &str {
    e.detail.as_deref().unwrap_or("")
}

/// The inspectors' list as xlsx: a merged title, a blank row, the header on
/// row 3, an area merged over two rows, dates as a date cell, as text and
/// as a serial number.
fn handover_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(
        0,
        0,
        0,
        7,
        "中央第三生态环境保护督察组交办信访件（第5批）",
        &Format::new(),
    )
    .expect("merge");
    let header = [
        "序号",
        "受理编号（督察组）",
        "交办问题基本情况",
        "行政区域",
        "污染类型",
        "交办日期",
        "调查核实情况",
        "责任单位",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("write");
    }
    let rows: [[&str; 8]; 3] = [
        [
            "1",
            "D3SN202309010001",
            "反映某砖厂夜间生产，粉尘污染严重。",
            "",
            "大气",
            "",
            "",
            "区生态环境分局",
        ],
        [
            "2",
            "D3SN202309010002",
            "  某小区旁餐馆油烟扰民\u{7}。 ",
            "",
            "油烟",
            "2023年9月2日",
            "属实",
            "区城管局",
        ],
        [
            "3",
            "D3SN202309010003",
            "河道有黑臭水体",
            "长安区",
            "水",
            "45170",
            "",
            "区水务局",
        ],
    ];
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as u16, *v).expect("write");
            }
        }
    }
    ws.merge_range(3, 3, 4, 3, "雁塔区", &Format::new())
        .expect("merge");
    let day = ExcelDateTime::from_ymd(2023, 9, 1).expect("date");
    ws.write_datetime_with_format(3, 5, &day, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("date cell");
    // A blank row, then one more petition on Excel row 8.
    let last = [
        "4",
        "D3SN202309010004",
        "工地夜间施工噪声扰民",
        "灞桥区",
        "噪声",
        "2023-09-03 10:20:00",
        "",
        "区住建局",
    ];
    for (c, v) in last.iter().enumerate() {
        ws.write_string(7, c as u16, *v).expect("write");
    }
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn a_handover_list_with_a_title_row_is_read() {
    let f = read(&handover_xlsx(), "第5批交办件.xlsx");
    assert_eq!(f.source, Some(Source::Handover));
    let lines: Vec<usize> = f.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![4, 5, 6, 8], "rows as Excel numbers them");
    let r = &f.rows[0];
    assert_eq!(r.code, "D3SN202309010001");
    assert_eq!(r.content, "反映某砖厂夜间生产，粉尘污染严重。");
    assert_eq!(r.area, "雁塔区");
    assert_eq!(r.kind, "大气");
    assert_eq!(r.unit.as_deref(), Some("区生态环境分局"));
    assert_eq!(r.received_on, date(2023, 9, 1), "a date cell");
    let r = &f.rows[1];
    assert_eq!(r.area, "雁塔区", "the merged area shows on both rows");
    assert_eq!(
        r.content, "某小区旁餐馆油烟扰民。",
        "trimmed, control removed"
    );
    assert_eq!(r.received_on, date(2023, 9, 2), "2023年9月2日");
    assert_eq!(
        r.extra.get("调查核实情况").map(String::as_str),
        Some("属实")
    );
    assert_eq!(f.rows[2].received_on, date(2023, 9, 1), "serial 45170");
    assert_eq!(f.rows[3].received_on, date(2023, 9, 3), "with a time");
    assert_eq!(f.rows[3].area, "灞桥区");
    assert_eq!(f.unknown_columns, vec!["调查核实情况".to_string()]);
    assert!(f.rows.iter().all(|r| !r.extra.contains_key("序号")));
    assert!(f.rows[0].extra.is_empty(), "empty cells are not kept");
}

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(s);
    assert!(!bad);
    bytes.into_owned()
}

#[test]
fn a_gbk_csv_with_quoted_line_breaks_is_read() {
    let csv = "受理编号,交办问题基本情况,行政区域,污染类型,交办日期\r\n\
               X3HB202406020025,\"某化工厂夜间偷排废水，\r\n河水发黑发臭\",东湖区,水,2024/6/2\r\n\
               X3HB202406020026,某砂石场扬尘,西湖区,大气,2024.06.02\r\n\
               \r\n\
               X3HB202406020027,\"养殖场粪污直排\",\"南湖区\",土壤,2024-06-03\r\n";
    let bytes = gbk(csv);
    assert!(std::str::from_utf8(&bytes).is_err(), "really GBK");
    let f = read(&bytes, "交办件.csv");
    assert_eq!(f.source, Some(Source::Handover));
    let lines: Vec<usize> = f.rows.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        vec![2, 3, 5],
        "Excel rows: a quoted break stays in its row"
    );
    assert_eq!(f.rows[0].content, "某化工厂夜间偷排废水，\n河水发黑发臭");
    assert_eq!(f.rows[0].area, "东湖区");
    assert_eq!(f.rows[0].received_on, date(2024, 6, 2));
    assert_eq!(f.rows[1].received_on, date(2024, 6, 2));
    assert_eq!(f.rows[2].code, "X3HB202406020027");
    assert_eq!(f.rows[2].kind, "土壤");
    assert!(f.unknown_columns.is_empty());
}

#[test]
fn a_12345_export_with_satisfaction_words_is_read() {
    let tsv = "\u{feff}工单编号\t来电时间\t诉求类型\t诉求内容\t事发地址\t承办单位\t办理结果\t回访满意度\t来电人\t来电号码\n\
               GD2024030500012\t2024/3/5 09:12:33\t环境污染\t小区旁烧烤店油烟大\t新华路12号\t市生态环境局\t已责令安装油烟净化器\t非常满意\t王女士\t13800000001\n\
               GD2024030500013\t2024-03-05 10:00\t噪声扰民\t夜间施工\t\t区城管局\t\t基本满意\t\t\n\
               GD2024030500014\t2024年3月6日\t环境污染\t垃圾焚烧\t\t\t\t不满意\t\t\n\
               GD2024030500015\t2024-03-06\t环境污染\t污水外溢\t\t\t\t未回访\t\t\n";
    let f = read(tsv.as_bytes(), "导出.csv");
    assert_eq!(f.source, Some(Source::Hotline12345), "work-order headers");
    assert_eq!(f.rows.len(), 4);
    let r = &f.rows[0];
    assert_eq!(r.code, "GD2024030500012");
    assert_eq!(r.received_on, date(2024, 3, 5));
    assert_eq!(r.kind, "环境污染");
    assert_eq!(r.content, "小区旁烧烤店油烟大");
    assert_eq!(r.address, "新华路12号");
    assert_eq!(r.unit.as_deref(), Some("市生态环境局"));
    assert_eq!(r.result.as_deref(), Some("已责令安装油烟净化器"));
    assert_eq!(r.contact_name.as_deref(), Some("王女士"));
    assert_eq!(r.contact_phone.as_deref(), Some("13800000001"));
    let sat: Vec<Option<Satisfaction>> = f.rows.iter().map(|r| r.satisfaction).collect();
    assert_eq!(
        sat,
        vec![
            Some(Satisfaction::Satisfied),
            Some(Satisfaction::Basically),
            Some(Satisfaction::Dissatisfied),
            None
        ]
    );
    assert_eq!(f.rows[1].unit.as_deref(), Some("区城管局"));
    assert_eq!(f.rows[1].result, None);
    assert_eq!(f.rows[1].contact_name, None);
    assert_eq!(f.rows[2].received_on, date(2024, 3, 6));
}

#[test]
fn the_source_follows_the_file_name_the_title_and_the_channel() {
    let plain = "编号,内容\nA1,某厂排污\n";
    assert_eq!(read(plain.as_bytes(), "清单.csv").source, None);
    assert_eq!(
        read(plain.as_bytes(), "交办件20240112345.csv").source,
        None,
        "a number inside a longer one is not the hotline"
    );
    assert_eq!(
        read(plain.as_bytes(), "12369举报导出.csv").source,
        Some(Source::Hotline12369)
    );
    assert_eq!(
        read(plain.as_bytes(), "12345热线.csv").source,
        Some(Source::Hotline12345)
    );
    let titled = "2024年3月12369环保举报件清单\n举报编号,举报内容\nA1,某厂排污\n";
    assert_eq!(
        read(titled.as_bytes(), "清单.csv").source,
        Some(Source::Hotline12369)
    );
    let channel = "编号,内容,来源\nA1,某厂排污,12369环保举报\nA2,噪声,12369微信举报\n";
    let f = read(channel.as_bytes(), "清单.csv");
    assert_eq!(f.source, Some(Source::Hotline12369));
    assert!(f.unknown_columns.is_empty(), "来源 is a known column");
    assert_eq!(
        f.rows[0].extra.get("来源").map(String::as_str),
        Some("12369环保举报")
    );
    let mixed = "编号,内容,来源\nA1,某厂排污,12369\nA2,噪声,12345\n";
    assert_eq!(read(mixed.as_bytes(), "清单.csv").source, None);
}

#[test]
fn extra_columns_are_kept_by_their_headers() {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("填表说明").expect("name");
    notes
        .write_string(0, 0, "本表由各区县填报，每周五前报送。")
        .expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("信访件").expect("name");
    // A group header 「处理情况」 over two sub-headers.
    let top = ["序号", "受理编号", "交办问题基本情况", "是否属实"];
    for (c, h) in top.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.merge_range(0, 4, 0, 5, "处理情况", &Format::new())
        .expect("merge");
    ws.write_string(0, 6, "备注").expect("write");
    ws.write_string(1, 4, "责令整改（家）").expect("write");
    ws.write_string(1, 5, "罚款（万元）").expect("write");
    let data = [
        [
            "1",
            "B1",
            "某厂废气",
            "属实",
            "1",
            "2.5",
            "重点件",
            "联络人甲",
        ],
        ["2", "B2", "某场噪声", "不属实", "", "", "", ""],
    ];
    for (i, r) in data.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + i as u32, c as u16, *v).expect("write");
            }
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let f = read(&bytes, "台账.xlsx");
    assert_eq!(f.rows.len(), 2);
    assert_eq!(f.rows[0].line, 3, "after the sub-header row");
    assert_eq!(
        f.rows[0].result, None,
        "「处理情况」 here is a group, not the result"
    );
    let extra = &f.rows[0].extra;
    assert_eq!(extra.get("是否属实").map(String::as_str), Some("属实"));
    assert_eq!(
        extra.get("处理情况-责令整改（家）").map(String::as_str),
        Some("1")
    );
    assert_eq!(
        extra.get("处理情况-罚款（万元）").map(String::as_str),
        Some("2.5")
    );
    assert_eq!(extra.get("备注").map(String::as_str), Some("重点件"));
    assert_eq!(extra.get("第8列").map(String::as_str), Some("联络人甲"));
    assert_eq!(
        f.unknown_columns,
        vec![
            "是否属实".to_string(),
            "处理情况-责令整改（家）".into(),
            "处理情况-罚款（万元）".into(),
            "备注".into(),
            "第8列".into(),
        ],
        "each once, in column order, 序号 not among them"
    );
    assert_eq!(f.rows[1].extra.len(), 1, "only the filled cells");
}

#[test]
fn two_columns_for_one_field_keep_the_better_name() {
    let csv = "信访编号,受理编号,信访内容,备注\n旧1,N1,某厂排污,\n旧2,N2,某场噪声,\n";
    let f = read(csv.as_bytes(), "a.csv");
    assert_eq!(f.rows[0].code, "N1", "受理编号 outranks 信访编号");
    assert_eq!(
        f.rows[0].extra.get("信访编号").map(String::as_str),
        Some("旧1")
    );
    assert_eq!(
        f.unknown_columns,
        vec!["信访编号".to_string(), "备注".into()]
    );
}

#[test]
fn a_header_without_a_code_or_content_column_is_refused() {
    let e = refuse(
        "交办问题基本情况,行政区域\n某厂排污,东区\n".as_bytes(),
        "a.csv",
    );
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    assert!(detail(&e).contains("缺少受理编号列"), "{e}");
    assert!(detail(&e).contains("has no code column"), "{e}");
    assert!(
        !detail(&e).contains("交办问题基本情况（信访内容）列"),
        "{e}"
    );

    let e = refuse("受理编号,行政区域\nA1,东区\n".as_bytes(), "a.csv");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    assert!(detail(&e).contains("缺少交办问题基本情况"), "{e}");
    assert!(detail(&e).contains("content column"), "{e}");
    assert!(detail(&e).contains("第1行"), "the header's line: {e}");

    let e = refuse("甲,乙\n1,2\n".as_bytes(), "a.csv");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    assert!(detail(&e).contains("没有找到表头"), "{e}");
}

#[test]
fn empty_codes_and_contents_are_refused_with_their_lines_and_empty_rows_skipped() {
    let csv = "受理编号,交办问题基本情况,行政区域\n\
               A1,某厂排污,东区\n\
               ,,\n\
               ,某场噪声,西区\n\
               A3,  ,南区\n";
    let e = refuse(csv.as_bytes(), "a.csv");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    let d = detail(&e);
    assert!(d.contains("第4行：缺少受理编号"), "{d}");
    assert!(d.contains("line 4: no 受理编号"), "{d}");
    assert!(d.contains("第5行：缺少交办问题基本情况"), "{d}");
    assert!(!d.contains("第3行"), "the empty row is skipped: {d}");
    // With the bad rows mended, the empty row is simply skipped.
    let ok = "受理编号,交办问题基本情况\nA1,某厂排污\n,,\nA2,某场噪声\n";
    let f = read(ok.as_bytes(), "a.csv");
    assert_eq!(
        f.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 4]
    );
}

#[test]
fn a_code_given_twice_names_both_lines() {
    let csv = "工单编号,诉求内容\nGD1,油烟\nGD2,噪声\nＧＤ1,废水\n";
    let e = refuse(csv.as_bytes(), "a.csv");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    let d = detail(&e);
    assert!(d.contains("第2行与第4行的工单编号重复"), "{d}");
    assert!(d.contains("lines 2 and 4"), "{d}");
}

#[test]
fn an_unreadable_date_names_the_line_and_the_value() {
    let csv = "受理编号,交办问题基本情况,交办日期\nA1,某厂排污,2023-09-01\nA2,某场噪声,九月初\nA3,废水,2023-02-30\n";
    let e = refuse(csv.as_bytes(), "a.csv");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    let d = detail(&e);
    assert!(d.contains("第3行：交办日期「九月初」不是日期"), "{d}");
    assert!(
        d.contains("line 3: 交办日期 \"九月初\" is not a date"),
        "{d}"
    );
    assert!(d.contains("第4行：交办日期「2023-02-30」"), "{d}");
}

#[test]
fn an_xlsx_error_uses_excel_row_numbers() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "某市交办信访件清单").expect("write");
    ws.write_string(3, 0, "受理编号").expect("write");
    ws.write_string(3, 1, "信访内容").expect("write");
    ws.write_string(4, 0, "A1").expect("write");
    ws.write_string(4, 1, "某厂排污").expect("write");
    ws.write_string(6, 1, "没有编号的一件").expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let e = refuse(&bytes, "a.xlsx");
    assert_eq!(e.code, ErrorCode::PetitionFileInvalid);
    assert!(detail(&e).contains("第7行：缺少受理编号"), "{e}");
}

#[test]
fn files_that_cannot_be_read_are_unreadable() {
    for (bytes, what) in [
        (&b""[..], "empty"),
        (&b"PK\x03\x04not really a zip"[..], "broken zip"),
        (&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], "xls"),
        (&[0x80, 0x00, 0x01, 0x02, 0xff][..], "binary"),
    ] {
        let e = refuse(bytes, "a");
        assert_eq!(e.code, ErrorCode::ImportUnreadable, "{what}: {e}");
    }
}

#[test]
fn too_large_files_and_too_many_rows_are_refused() {
    let big = vec![b'a'; MAX_PETITION_BYTES + 1];
    assert_eq!(refuse(&big, "a.csv").code, ErrorCode::ImportTooLarge);
    let mut csv = String::from("编号,内容\n");
    for i in 0..100_001 {
        csv.push_str(&format!("A{i},x\n"));
    }
    assert!(csv.len() < MAX_PETITION_BYTES);
    assert_eq!(
        refuse(csv.as_bytes(), "a.csv").code,
        ErrorCode::ImportTooLarge
    );
    // 100,000 rows are fine.
    let at_limit: String = csv
        .lines()
        .take(100_001)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(read(at_limit.as_bytes(), "a.csv").rows.len(), 100_000);
}
