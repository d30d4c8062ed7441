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

/// A trimmed, non-empty text of at most `MAX` characters. The aliases below
/// name the limits of each kind of field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    /// `field` names the field in the messages ("进展情况").
    pub fn parse(s: &str, field: &str) -> Result<Self> {
        let t = s.trim();
        if t.is_empty() {
            return Err(Error::with(ErrorCode::TextEmpty, field));
        }
        let n = t.chars().count();
        if n > MAX {
            return Err(Error::with(
                ErrorCode::TextTooLong,
                format!("{field}不超过{MAX}字（现为{n}字） / at most {MAX} characters, got {n}"),
            ));
        }
        Ok(Text(t.to_string()))
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

impl<const MAX: usize> AsRef<str> for Text<MAX> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A progress report's text (进展情况).
pub type ReportText = Text<5000>;
/// A comment, reason, resolution or note.
pub type Comment = Text<2000>;
/// A short field: a document number, a name.
pub type ShortText = Text<200>;

/// The earliest year a report may be for: no inspection plan predates 2015.
const FIRST_REPORT_YEAR: i32 = 2015;

/// Parses a report period `YYYY-MM` and checks it can be reported on
/// `today`: not before 2015 and not after the next month (a unit may file
/// a month early, not a year).
pub fn report_period(s: &str, today: NaiveDate) -> Result<ReportPeriod> {
    let p = ReportPeriod::parse(s.trim()).ok_or_else(|| Error::new(ErrorCode::PeriodInvalid))?;
    let latest = ReportPeriod::of(today).next();
    if p.year() < FIRST_REPORT_YEAR || p > latest {
        return Err(Error::with(
            ErrorCode::PeriodOutOfRange,
            format!("{FIRST_REPORT_YEAR}-01 — {latest}"),
        ));
    }
    Ok(p)
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
        assert!(report_period("2026-12", today).is_ok());
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
}
