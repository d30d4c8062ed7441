//! Cell values: text cleaned of control characters, dates in the ways
//! offices and hotline systems write them.

use chrono::{Duration, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

/// Multi-line text (content, result, extra columns): trimmed, line breaks
/// kept as `\n` (blank lines dropped), tabs as spaces, every other control
/// character and zero-width character removed.
pub(crate) fn text(raw: &str) -> String {
    let s = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            l.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control() && !is_invisible(*c))
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// One-line text (code, area, names, phone): as [`text`], line breaks and
/// runs of spaces become one space.
pub(crate) fn line(raw: &str) -> String {
    let t = text(raw);
    let mut out = String::with_capacity(t.len());
    for word in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

static RE_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(.*)$").expect("regex")
});
static RE_COMPACT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(.*)$").expect("regex"));
/// What may follow a date: a time of day, however written.
static RE_TIME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:[T\s]*(?:上午|下午|晚上)?\s*\d{1,2}\s*[:：时点]\s*(?:\d{1,2}\s*分?)?\s*(?:[:：]?\s*\d{1,2}(?:\.\d+)?\s*秒?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$",
    )
    .expect("regex")
});
static RE_SERIAL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\d{5}(?:\.\d+)?$").expect("regex"));

/// A date as written in a cell: 2023-09-01, 2023/9/1, 2023年9月1日,
/// 2023.09.01, 20230901, any of them followed by a time of day, or an Excel
/// date serial (days since 1899-12-30, e.g. 45170). `Ok(None)` for an empty
/// cell, `Err(())` when the text is not a date.
pub(crate) fn date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let s = line(raw);
    let s: String = s.chars().map(super::headers::fold_width).collect();
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if RE_SERIAL.is_match(s) {
        let days: f64 = s.parse().map_err(|_| ())?;
        // 1954-10-03 .. 2119-01-09: a serial, not a year or a count.
        if (20_000.0..=80_000.0).contains(&days) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(())?;
            return base
                .checked_add_signed(Duration::days(days.trunc() as i64))
                .map(Some)
                .ok_or(());
        }
        return Err(());
    }
    let caps = RE_DATE.captures(s).or_else(|| RE_COMPACT.captures(s));
    let Some(caps) = caps else {
        return Err(());
    };
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) else {
        return Err(());
    };
    let rest = caps.get(4).map(|m| m.as_str()).unwrap_or("");
    if !RE_TIME.is_match(rest) {
        return Err(());
    }
    if !(1950..=2200).contains(&y) {
        return Err(());
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).map(Some).ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        date(s).ok().flatten()
    }

    #[test]
    fn dates_are_read_as_offices_write_them() {
        let want = NaiveDate::from_ymd_opt(2023, 9, 1);
        for s in [
            "2023-09-01",
            "2023/9/1",
            "2023年9月1日",
            "2023.09.01",
            "20230901",
            "2023-09-01 14:35:08",
            "2023/9/1 8:05",
            "2023-09-01T14:35:08",
            "2023年9月1日 14时35分",
            "2023年9月1日14:35",
            "45170",
            "45170.6034722222",
            "２０２３－０９－０１",
            " 2023-09-01\n",
        ] {
            assert_eq!(d(s), want, "{s}");
        }
        assert_eq!(date(""), Ok(None));
        for bad in [
            "2023-02-30",
            "9月1日",
            "昨天",
            "2023-09-01 前后",
            "123",
            "1234567",
        ] {
            assert_eq!(date(bad), Err(()), "{bad}");
        }
    }

    #[test]
    fn text_loses_control_characters() {
        assert_eq!(text("  a\u{7}b\r\n\r\n c\td \u{200b}"), "ab\nc d");
        assert_eq!(line(" 张\n三 "), "张 三");
    }
}
