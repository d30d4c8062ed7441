//! Checked input values. The edges (JSON API, forms, command line) parse raw
//! strings and numbers into these once; everything below takes them as
//! given. Each type is the one place its limits are written down.

use crate::error::{Error, ErrorCode, Result};
use crate::schedule::ReportPeriod;
use chrono::NaiveDate;
use serde::Serialize;

/// A completion percentage, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Percent(u8);

impl Percent {
    pub fn new(value: i64) -> Result<Percent> {
        u8::try_from(value)
            .ok()
            .filter(|p| *p <= 100)
            .map(Percent)
            .ok_or_else(|| Error::new(ErrorCode::PercentOutOfRange))
    }

    /// Parses what a person types: `85`, `85%`, `８５％`, with spaces.
    pub fn parse(s: &str) -> Result<Percent> {
        let ascii: String = s
            .trim()
            .trim_end_matches(['%', '％'])
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        ascii
            .parse::<i64>()
            .map_err(|_| Error::new(ErrorCode::PercentOutOfRange))
            .and_then(Percent::new)
    }

    pub fn value(self) -> i64 {
        i64::from(self.0)
    }
}

/// A trimmed, non-empty text of at most `MAX` characters, without control
/// characters (a multi-line text keeps its line breaks and tabs; Windows
/// line ends become `\n`) and without bidirectional controls, which can make
/// a name read backwards. The aliases below name the limits of each kind of
/// field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text<const MAX: usize, const MULTILINE: bool = true>(String);

impl<const MAX: usize, const MULTILINE: bool> Text<MAX, MULTILINE> {
    /// `field` names the field in the messages ("进展情况").
    pub fn parse(s: &str, field: &str) -> Result<Self> {
        let t = clean(s, MAX, field, MULTILINE)?;
        if t.is_empty() {
            return Err(Error::with(ErrorCode::TextEmpty, field));
        }
        Ok(Text(t))
    }

    /// An optional field: empty means absent, too long is still an error.
    pub fn optional(s: &str, field: &str) -> Result<Option<Self>> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(s, field).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) and the marks U+200E, U+200F, U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Trims `s` and checks its length and characters (see [`Text`]); empty is
/// allowed here.
pub fn clean(s: &str, max: usize, field: &str, multiline: bool) -> Result<String> {
    let t = if multiline && s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    let t = t.trim();
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t');
    if t.chars()
        .any(|c| (c.is_control() && !allowed(c)) || is_bidi_control(c))
    {
        return Err(Error::with(ErrorCode::TextControlChar, field));
    }
    let n = t.chars().count();
    if n > max {
        return Err(Error::with(
            ErrorCode::TextTooLong,
            format!("{field}不超过{max}字（现为{n}字） / at most {max} characters, got {n}"),
        ));
    }
    Ok(t.to_string())
}

impl<const MAX: usize, const MULTILINE: bool> AsRef<str> for Text<MAX, MULTILINE> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A progress report's text (进展情况).
pub type ReportText = Text<5000>;
/// A comment, reason, resolution or note.
pub type Comment = Text<2000>;
/// A short one-line field: a document number, a name, a contact.
pub type ShortText = Text<200, false>;

/// At most this many per-measure entries in one progress report.
pub const MAX_MEASURE_ENTRIES: usize = 200;

/// The per-measure progress of a report: `(measure seq, what was done)`,
/// at most [`MAX_MEASURE_ENTRIES`] entries, each text a [`Comment`]'s length.
pub fn measure_statuses(entries: Vec<(i64, String)>) -> Result<Vec<(i64, String)>> {
    if entries.len() > MAX_MEASURE_ENTRIES {
        return Err(Error::with(
            ErrorCode::ListTooLong,
            format!(
                "整改措施进展不超过{MAX_MEASURE_ENTRIES}条 / at most {MAX_MEASURE_ENTRIES} measure entries"
            ),
        ));
    }
    entries
        .into_iter()
        .map(|(seq, text)| {
            Ok((
                seq,
                clean(&text, 2000, "措施进展 / a measure's progress", true)?,
            ))
        })
        .collect()
}

/// The earliest year a report may be for: no inspection plan predates 2015.
const FIRST_REPORT_YEAR: i32 = 2015;

/// Parses a report period `YYYY-MM` and checks it can be reported on
/// `today`: not before 2015 and not after the current month. The plan's own
/// start is checked by [`period_in_plan`] once the problem is known.
pub fn report_period(s: &str, today: NaiveDate) -> Result<ReportPeriod> {
    let p = ReportPeriod::parse(s.trim()).ok_or_else(|| Error::new(ErrorCode::PeriodInvalid))?;
    period_in_plan(p, None, today)?;
    Ok(p)
}

/// A report is for a month from the plan's start (the month of its issue
/// date; January 2015 when unknown) to the current month.
pub fn period_in_plan(
    p: ReportPeriod,
    plan_start: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<()> {
    let floor = ReportPeriod::of(
        NaiveDate::from_ymd_opt(FIRST_REPORT_YEAR, 1, 1).unwrap_or(NaiveDate::MIN),
    );
    let first = plan_start.map_or(floor, |d| ReportPeriod::of(d).max(floor));
    let latest = ReportPeriod::of(today);
    if p < first || p > latest {
        return Err(Error::with(
            ErrorCode::PeriodOutOfRange,
            format!("{first} — {latest}"),
        ));
    }
    Ok(())
}

/// `%XX` escapes decoded (bytes that are not UTF-8 become U+FFFD).
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where to go after logging in: `next` when it is a path on this site,
/// else `/`. A same-site path starts with one `/` (not `//` or `/\`, which
/// browsers read as another host), has no backslash and no control
/// character — browsers drop tabs and line breaks from a URL, so
/// `/\t/evil.example` would become `//evil.example` — neither as written
/// nor once percent-decoded, and is at most 2,000 characters.
pub fn same_site_path(next: &str) -> String {
    let safe = |p: &str| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.chars().any(|c| c == '\\' || c.is_control())
    };
    let decoded = percent_decoded(next);
    if next.len() <= 2000 && safe(next) && safe(&decoded) && safe(&percent_decoded(&decoded)) {
        next.to_string()
    } else {
        "/".into()
    }
}

/// Parses a calendar date `YYYY-MM-DD`; `field` names it in the message.
pub fn date(s: &str, field: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::with(ErrorCode::DateInvalid, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn percent_accepts_what_people_type_and_nothing_else() {
        assert_eq!(Percent::parse(" 85% ").map(Percent::value), Ok(85));
        assert_eq!(Percent::parse("１００％").map(Percent::value), Ok(100));
        for bad in ["150", "-1", "abc", "", "50.5"] {
            assert_eq!(
                Percent::parse(bad).map_err(|e| e.code),
                Err(ErrorCode::PercentOutOfRange),
                "{bad}"
            );
        }
    }

    #[test]
    fn text_is_trimmed_bounded_and_not_empty() {
        assert_eq!(
            ReportText::parse("  已完成  ", "进展情况").map(|t| t.into_string()),
            Ok("已完成".into())
        );
        assert_eq!(
            ReportText::parse(" ", "进展情况").map_err(|e| e.code),
            Err(ErrorCode::TextEmpty)
        );
        let long = "字".repeat(5001);
        assert_eq!(
            ReportText::parse(&long, "进展情况").map_err(|e| e.code),
            Err(ErrorCode::TextTooLong)
        );
        assert!(ReportText::parse(&"字".repeat(5000), "进展情况").is_ok());
        assert_eq!(Comment::optional("", "意见"), Ok(None));
    }

    #[test]
    fn periods_outside_the_reportable_range_are_refused() {
        let today = d("2026-11-20");
        assert!(report_period("2026-11", today).is_ok());
        assert!(report_period("2015-01", today).is_ok());
        assert_eq!(
            report_period("2026-12", today).map_err(|e| e.code),
            Err(ErrorCode::PeriodOutOfRange),
            "next month is not reported yet"
        );
        assert_eq!(
            report_period("9999-12", today).map_err(|e| e.code),
            Err(ErrorCode::PeriodOutOfRange)
        );
        assert_eq!(
            report_period("0000-01", today).map_err(|e| e.code),
            Err(ErrorCode::PeriodOutOfRange)
        );
        assert_eq!(
            report_period("2026-13", today).map_err(|e| e.code),
            Err(ErrorCode::PeriodInvalid)
        );
        assert_eq!(
            report_period("2026-1", today).map_err(|e| e.code),
            Err(ErrorCode::PeriodInvalid)
        );
    }

    #[test]
    fn a_period_starts_with_its_plan() {
        let today = d("2026-11-20");
        let p = |s: &str| ReportPeriod::parse(s).expect("period");
        let start = Some(d("2025-06-10"));
        assert!(period_in_plan(p("2025-06"), start, today).is_ok());
        assert!(period_in_plan(p("2026-11"), start, today).is_ok());
        for early in ["2025-05", "2015-01"] {
            assert_eq!(
                period_in_plan(p(early), start, today).map_err(|e| e.code),
                Err(ErrorCode::PeriodOutOfRange),
                "{early}"
            );
        }
        assert!(period_in_plan(p("2015-01"), None, today).is_ok());
    }

    #[test]
    fn control_and_bidi_characters_are_refused() {
        for bad in [
            "a\u{0}b",
            "a\u{7}b",
            "a\u{85}b",
            "evil\u{202e}txt.exe",
            "a\u{2067}b",
            "a\u{200f}b",
        ] {
            assert_eq!(
                Comment::parse(bad, "意见").map_err(|e| e.code),
                Err(ErrorCode::TextControlChar),
                "{bad:?}"
            );
        }
        assert_eq!(
            Comment::parse("第一行\r\n第二行\t完成", "意见").map(Text::into_string),
            Ok("第一行\n第二行\t完成".into())
        );
        for one_line in ["甲\n乙", "甲\t乙"] {
            assert_eq!(
                ShortText::parse(one_line, "单位").map_err(|e| e.code),
                Err(ErrorCode::TextControlChar),
                "{one_line:?}"
            );
        }
        let e = Comment::parse("\u{0}", "意见 / the comment").unwrap_err();
        assert_eq!(e.message_zh(), "意见含有不允许的控制字符");
    }

    #[test]
    fn measure_lists_are_bounded() {
        let many: Vec<(i64, String)> = (0..=200).map(|i| (i, "完成".to_string())).collect();
        assert_eq!(
            measure_statuses(many).map_err(|e| e.code),
            Err(ErrorCode::ListTooLong)
        );
        assert_eq!(
            measure_statuses(vec![(1, "x".repeat(2001))]).map_err(|e| e.code),
            Err(ErrorCode::TextTooLong)
        );
        assert_eq!(
            measure_statuses(vec![(1, "a\u{0}".into())]).map_err(|e| e.code),
            Err(ErrorCode::TextControlChar)
        );
        assert_eq!(
            measure_statuses(vec![(1, " 已完成 ".into())]),
            Ok(vec![(1, "已完成".to_string())])
        );
    }

    #[test]
    fn only_same_site_paths_are_followed_after_login() {
        for ok in [
            "/",
            "/problems/3?tab=reports",
            "/problems?q=%E4%BD%8F%E5%BB%BA",
        ] {
            assert_eq!(same_site_path(ok), ok);
        }
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "/%09/evil.example/",
            "/\t/evil.example/",
            "/%0d%0aSet-Cookie:x=1",
            "/\r\nLocation: x",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "/%252F%252Fevil.example",
            "/a\u{0}b",
            "problems",
            "",
        ] {
            assert_eq!(same_site_path(bad), "/", "{bad:?}");
        }
        assert_eq!(same_site_path(&format!("/{}", "a".repeat(2001))), "/");
    }
}
