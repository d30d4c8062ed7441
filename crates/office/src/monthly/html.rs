//! The notice as one printable A4 page: inline CSS only, no scripts, every
//! text HTML-escaped.

use super::{layout, MonthlyReport};
use crate::text::html_escape;

const CSS: &str = r#"
@page { size: A4; margin: 20mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body { margin: 0 auto; max-width: 210mm; min-height: 297mm; padding: 18mm 16mm; background: #fff;
  color: #111; font: 12pt/1.6 "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
h1 { margin: 0 0 4mm; text-align: center; font: bold 18pt/1.4 "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; color: #b00; }
.meta { text-align: center; margin: 0 0 6mm; font-size: 11pt; border-bottom: 2px solid #b00; padding-bottom: 3mm; }
h2 { font: bold 13pt/1.5 "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; margin: 6mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; text-indent: 2em; }
p.none { color: #444; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 10pt; line-height: 1.45; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #333; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; text-align: center; white-space: nowrap; }
td.num { text-align: center; white-space: nowrap; }
tr.red td:first-child { border-left: 4px solid #c00; }
tr.orange td:first-child { border-left: 4px solid #e67e00; }
tr.yellow td:first-child { border-left: 4px solid #d4b000; }
footer { margin-top: 8mm; text-align: right; font-size: 10pt; color: #444; }
@media print { html { background: none; } body { margin: 0; padding: 0; max-width: none; min-height: 0; } }
"#;

pub(super) fn render(r: &MonthlyReport) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", html_escape(&r.title)));
    out.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", html_escape(&r.title)));
    out.push_str(&format!(
        "<div class=\"meta\">调度月份：{}　　统计截至：{}</div>\n",
        html_escape(&r.period_zh()),
        r.generated_on.format("%Y年%m月%d日")
    ));

    for (i, (heading, header, rows)) in r.tables().into_iter().enumerate() {
        out.push_str(&format!("<h2>{}</h2>\n", html_escape(heading)));
        if i == 0 {
            out.push_str(&format!("<p>{}</p>\n", html_escape(&r.summary_text())));
        }
        if rows.is_empty() {
            out.push_str(&format!("<p class=\"none\">{}</p>\n", layout::NONE));
            continue;
        }
        let levels: Vec<Option<&str>> = if heading == layout::S_WARNED {
            r.warned.iter().map(|w| w.level.as_deref()).collect()
        } else if heading == layout::S_OVERDUE {
            r.overdue.iter().map(|w| w.level.as_deref()).collect()
        } else {
            Vec::new()
        };
        out.push_str("<table>\n<thead><tr>");
        for h in &header {
            out.push_str(&format!("<th>{}</th>", html_escape(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (j, row) in rows.iter().enumerate() {
            match levels.get(j).copied().flatten() {
                Some(level @ ("red" | "orange" | "yellow")) => {
                    out.push_str(&format!("<tr class=\"{level}\">"));
                }
                _ => out.push_str("<tr>"),
            }
            for (k, cell) in row.iter().enumerate() {
                let numeric = !cell.is_empty()
                    && cell.chars().count() <= 8
                    && cell
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c == '%' || c == '—');
                let class = if k == 0 || numeric {
                    " class=\"num\""
                } else {
                    ""
                };
                let text = html_escape(cell).replace('\n', "<br>");
                out.push_str(&format!("<td{class}>{text}</td>"));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<footer>整改工作办公室　{}</footer>\n</body>\n</html>\n",
        r.generated_on.format("%Y年%m月%d日")
    ));
    out
}
