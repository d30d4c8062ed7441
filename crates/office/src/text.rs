//! Small text helpers shared by the writers.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Excel's limit on the characters in one cell.
pub(crate) const XLSX_MAX_CELL_CHARS: usize = 32_767;

/// China Standard Time (UTC+8, no daylight saving): the offices' calendar day.
pub(crate) fn china_date(at: &DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes text for XML element content and attribute values, dropping the
/// characters XML 1.0 does not allow at all (most control characters), which
/// would otherwise make Word refuse the whole document.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Cuts a cell to Excel's limit, marking the cut with an ellipsis.
pub(crate) fn fit_cell(s: &str) -> String {
    if s.chars().count() <= XLSX_MAX_CELL_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(XLSX_MAX_CELL_CHARS - 1).collect();
    out.push('…');
    out
}

/// Formats a percentage with at most one decimal ("87.5%", "100%").
pub(crate) fn percent_text(p: Option<f64>) -> String {
    match p {
        None => "—".to_string(),
        Some(v) => {
            let r = (v * 10.0).round() / 10.0;
            if (r - r.trunc()).abs() < f64::EPSILON {
                format!("{}%", r as i64)
            } else {
                format!("{r:.1}%")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_invalid_xml_chars() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
        assert_eq!(html_escape("<script>"), "&lt;script&gt;");
    }

    #[test]
    fn percent_formats() {
        assert_eq!(percent_text(Some(100.0)), "100%");
        assert_eq!(percent_text(Some(87.54)), "87.5%");
        assert_eq!(percent_text(None), "—");
    }

    #[test]
    fn cuts_long_cells() {
        let long = "字".repeat(XLSX_MAX_CELL_CHARS + 5);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), XLSX_MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
    }
}
