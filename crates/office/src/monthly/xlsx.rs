//! The notice as a workbook: an overview sheet, then one sheet per section.

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::MonthlyReport;
use crate::error::OfficeError;
use crate::text::fit_cell;

/// Columns written as numbers.
const COUNT_COLUMNS: [&str; 7] = [
    "序号",
    "问题数",
    "未报或迟报问题数",
    "任务总数",
    "已销号",
    "推进中",
    "逾期",
];

fn sheet_title(heading: &str) -> &str {
    heading.split_once('、').map(|(_, t)| t).unwrap_or(heading)
}

/// Width in Excel units for a column, from its longest cell (CJK counts two),
/// kept between 6 and 60.
fn width_for(header: &str, rows: &[Vec<String>], col: usize) -> f64 {
    let w = |s: &str| -> usize {
        s.lines()
            .map(|l| {
                l.chars()
                    .map(|c| if c.is_ascii() { 1 } else { 2 })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
    };
    let longest = rows
        .iter()
        .filter_map(|r| r.get(col))
        .map(|c| w(c))
        .chain(std::iter::once(w(header)))
        .max()
        .unwrap_or(8);
    (longest as f64 + 2.0).clamp(6.0, 60.0)
}

fn write_table(
    sheet: &mut Worksheet,
    first_row: u32,
    header: &[&str],
    rows: &[Vec<String>],
    head: &Format,
    body: &Format,
) -> Result<(), OfficeError> {
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(first_row, c as u16, *h, head)?;
        sheet.set_column_width(c as u16, width_for(h, rows, c))?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let r = first_row + 1 + i as u32;
            // Counts are numbers so that offices can sum them; the rest text.
            let count_column = header.get(c).is_some_and(|h| COUNT_COLUMNS.contains(h));
            match cell.parse::<i64>() {
                Ok(n) if count_column => {
                    sheet.write_number_with_format(r, c as u16, n as f64, body)?;
                }
                _ => {
                    sheet.write_string_with_format(r, c as u16, fit_cell(cell), body)?;
                }
            }
        }
    }
    Ok(())
}

pub(super) fn render(r: &MonthlyReport) -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&r.title)
            .set_subject(format!("月调度通报 {}", r.period)),
    );
    let title = Format::new().set_bold().set_font_size(16);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let body = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();

    for (i, (heading, header, rows)) in r.tables().into_iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(if i == 0 {
            "总体情况"
        } else {
            sheet_title(heading)
        })?;
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        if i == 0 {
            sheet.write_string_with_format(0, 0, &r.title, &title)?;
            sheet.write_string(
                1,
                0,
                format!(
                    "调度月份：{}　统计截至：{}",
                    r.period_zh(),
                    r.generated_on.format("%Y-%m-%d")
                ),
            )?;
            sheet.merge_range(2, 0, 2, 2, &r.summary_text(), &wrap)?;
            sheet.set_row_height(2, 90)?;
            write_table(sheet, 4, &header, &rows, &head, &body)?;
            sheet.set_column_width(0, 18)?;
            sheet.set_column_width(1, 12)?;
            sheet.set_column_width(2, 30)?;
        } else {
            write_table(sheet, 0, &header, &rows, &head, &body)?;
            sheet.set_freeze_panes(1, 0)?;
            sheet.set_repeat_rows(0, 0)?;
            if header.len() > 4 {
                sheet.set_landscape();
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}
