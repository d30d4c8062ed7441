//! China's official working-day calendar (工作日历).
//!
//! Working days follow the State Council's yearly holiday notices
//! (国务院办公厅关于部分节假日安排的通知): statutory holidays (法定节假日, 放假)
//! and make-up working days (调休上班) on a Saturday or Sunday. The notices for
//! 2018–2026 ship as data (`data/holidays-cn.txt`, compiled in); an
//! administrator adds a new year's notice with [`WorkCalendar::with_overrides`].
//!
//! # Covered years
//!
//! A year is *covered* when the calendar holds an entry — of either kind — for
//! 1 January of that year. Every notice begins with 元旦, and 1 January is a
//! statutory holiday by law, so loading a year's notice covers the year, while
//! the end-of-December days that the *next* year's notice sometimes contains
//! (e.g. 2018-12-30, part of the 2019 元旦 holiday) do not cover that next year
//! by themselves. Asking about a date in an uncovered year is an error
//! ([`CalendarError::YearNotCovered`]), never a silent weekend-only count.

use chrono::{Datelike, NaiveDate, Weekday};
use once_cell::sync::Lazy;
use std::collections::{BTreeMap, BTreeSet};

/// The bundled holiday data: `YYYY-MM-DD holiday|workday 名称` per line.
pub const OFFICIAL_DATA: &str = include_str!("../data/holidays-cn.txt");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{0}年的节假日安排尚未录入，无法计算工作日，请管理员补充当年国务院节假日安排 / no holiday data for {0}: working days cannot be computed until an administrator adds that year's State Council holiday notice")]
    YearNotCovered(i32),
    #[error("日期超出可计算范围 / date out of the supported range")]
    OutOfRange,
    #[error("节假日数据第{line}行格式错误：{message} / holiday data line {line} is malformed: {message}")]
    BadData { line: usize, message: String },
}

/// What the calendar records for one listed date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEntry {
    /// `true` for a make-up working day (调休上班), `false` for a holiday (放假).
    pub workday: bool,
    /// The holiday's name as the notice gives it (元旦, 春节, 国庆节 …).
    pub name: String,
}

/// A working-day calendar: the official holiday notices plus any overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: BTreeMap<NaiveDate, DayEntry>,
    covered: BTreeSet<i32>,
}

static OFFICIAL: Lazy<WorkCalendar> = Lazy::new(|| {
    // The bundled data is checked by a unit test; should it ever fail to
    // parse, the calendar is empty and every year reports `YearNotCovered`,
    // which is loud rather than silently wrong.
    match parse_data(OFFICIAL_DATA) {
        Ok(entries) => WorkCalendar::default().with_overrides(entries),
        Err(_) => WorkCalendar::default(),
    }
});

/// Parses holiday data in the `holidays-cn.txt` format into
/// `(date, is_workday, name)` triples, ready for
/// [`WorkCalendar::with_overrides`]. Blank lines and `#` comments are skipped.
pub fn parse_data(text: &str) -> Result<Vec<(NaiveDate, bool, String)>, CalendarError> {
    let mut out = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |message: &str| CalendarError::BadData {
            line: line_no,
            message: message.to_string(),
        };
        let mut parts = line.split_whitespace();
        let date_text = parts.next().ok_or_else(|| bad("缺少日期 / missing date"))?;
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .map_err(|_| bad("日期应为 YYYY-MM-DD / date must be YYYY-MM-DD"))?;
        let workday = match parts.next() {
            Some("holiday") => false,
            Some("workday") => true,
            _ => {
                return Err(bad(
                    "第二列应为 holiday 或 workday / second field must be holiday or workday",
                ))
            }
        };
        let name = parts.collect::<Vec<_>>().join(" ");
        out.push((date, workday, name));
    }
    Ok(out)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkCalendar {
    /// The official calendar: the State Council notices for 2018–2026.
    pub fn official() -> WorkCalendar {
        OFFICIAL.clone()
    }

    /// Adds or replaces entries: `(date, is_workday, name)`. `is_workday =
    /// false` marks a holiday (放假), `true` a make-up working day (调休上班).
    /// An entry for 1 January of a year makes that year covered (see the
    /// module documentation), so an administrator adds a new year by
    /// supplying its whole notice, 元旦 included.
    pub fn with_overrides<I, S>(mut self, overrides: I) -> WorkCalendar
    where
        I: IntoIterator<Item = (NaiveDate, bool, S)>,
        S: Into<String>,
    {
        for (date, workday, name) in overrides {
            if date.month() == 1 && date.day() == 1 {
                self.covered.insert(date.year());
            }
            self.days.insert(
                date,
                DayEntry {
                    workday,
                    name: name.into(),
                },
            );
        }
        self
    }

    /// The years for which working days can be computed, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.covered.iter().copied().collect()
    }

    pub fn covers(&self, year: i32) -> bool {
        self.covered.contains(&year)
    }

    fn check(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if self.covers(date.year()) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered(date.year()))
        }
    }

    /// The listed entry for a date (a holiday or a make-up working day), if any.
    pub fn entry(&self, date: NaiveDate) -> Option<&DayEntry> {
        self.days.get(&date)
    }

    /// All listed entries, in date order.
    pub fn entries(&self) -> impl Iterator<Item = (NaiveDate, &DayEntry)> {
        self.days.iter().map(|(d, e)| (*d, e))
    }

    /// Whether `date` is a working day: a listed entry decides, otherwise
    /// Monday–Friday work and Saturday–Sunday rest. Errors for an uncovered year.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.check(date)?;
        Ok(match self.days.get(&date) {
            Some(entry) => entry.workday,
            None => !is_weekend(date),
        })
    }

    /// The date that is `n` working days after `date`, the date itself not
    /// counted: `add_workdays(d, 1)` is the next working day after `d`, and
    /// `add_workdays(d, 0)` is `d`. A public notice published on 2026-09-24
    /// for 5 working days ends on 2026-10-09.
    pub fn add_workdays(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Ok(date);
        }
        let mut current = date;
        let mut remaining = n;
        loop {
            current = current.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_workday(current)? {
                remaining -= 1;
                if remaining == 0 {
                    return Ok(current);
                }
            }
        }
    }

    /// The next working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_workdays(date, 1)
    }

    /// The number of working days `d` with `from < d <= to` — the inverse of
    /// [`add_workdays`](Self::add_workdays): for a working day `to`,
    /// `add_workdays(from, workdays_between(from, to)) == to`. Negative when
    /// `to` is before `from` (minus the working days in `to < d <= from`),
    /// zero when they are equal. Errors when any day counted lies in an
    /// uncovered year.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0i64;
        let mut current = lo;
        while current < hi {
            current = current.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_workday(current)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// One line per day from `from` to `to` inclusive, `YYYY-MM-DD true|false`
    /// (is it a working day), each line ending in `\n` — the format of
    /// `rectify calendar dump` and the input of `scripts/calendar_crosscheck.py`.
    pub fn dump(&self, from: NaiveDate, to: NaiveDate) -> Result<String, CalendarError> {
        let mut out = String::new();
        let mut current = from;
        while current <= to {
            let workday = self.is_workday(current)?;
            out.push_str(&format!("{current} {workday}\n"));
            current = match current.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn bundled_data_parses_and_covers_2018_to_2026() {
        let entries = parse_data(OFFICIAL_DATA).unwrap();
        assert!(entries.len() > 300);
        let cal = WorkCalendar::official();
        assert_eq!(cal.covered_years(), (2018..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn bundled_data_is_consistent() {
        let mut seen = BTreeSet::new();
        for (date, workday, name) in parse_data(OFFICIAL_DATA).unwrap() {
            assert!(seen.insert(date), "duplicate {date}");
            assert!(!name.is_empty(), "unnamed {date}");
            if workday {
                // A make-up working day is always a Saturday or Sunday.
                assert!(
                    is_weekend(date),
                    "{date} listed as workday but is a weekday"
                );
            }
        }
    }

    #[test]
    fn acceptance_notice_from_2026_09_24_ends_2026_10_09() {
        let cal = WorkCalendar::official();
        assert_eq!(cal.add_workdays(d(2026, 9, 24), 5).unwrap(), d(2026, 10, 9));
        assert_eq!(
            cal.workdays_between(d(2026, 9, 24), d(2026, 10, 9))
                .unwrap(),
            5
        );
    }

    #[test]
    fn notice_2026() {
        let cal = WorkCalendar::official();
        let holidays = [
            d(2026, 1, 1),
            d(2026, 1, 2),
            d(2026, 1, 3),
            d(2026, 2, 15),
            d(2026, 2, 16),
            d(2026, 2, 20),
            d(2026, 2, 23),
            d(2026, 4, 6),
            d(2026, 5, 4),
            d(2026, 5, 5),
            d(2026, 6, 19),
            d(2026, 9, 25),
            d(2026, 10, 1),
            d(2026, 10, 7),
        ];
        for h in holidays {
            assert!(!cal.is_workday(h).unwrap(), "{h} should be a holiday");
        }
        for w in [
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ] {
            assert!(
                cal.is_workday(w).unwrap(),
                "{w} should be a make-up working day"
            );
        }
        assert!(cal.is_workday(d(2026, 2, 24)).unwrap());
        assert_eq!(
            cal.entry(d(2026, 2, 17)).map(|e| e.name.as_str()),
            Some("春节")
        );
    }

    #[test]
    fn notices_2025_with_new_rules() {
        let cal = WorkCalendar::official();
        // 除夕 added to 春节, 5月2日 added to 劳动节 from 2025.
        assert!(!cal.is_workday(d(2025, 1, 28)).unwrap());
        assert!(!cal.is_workday(d(2025, 2, 4)).unwrap());
        assert!(cal.is_workday(d(2025, 1, 26)).unwrap());
        assert!(cal.is_workday(d(2025, 2, 8)).unwrap());
        assert!(!cal.is_workday(d(2025, 5, 2)).unwrap());
        assert!(cal.is_workday(d(2025, 4, 27)).unwrap());
        assert!(!cal.is_workday(d(2025, 10, 8)).unwrap());
        assert!(cal.is_workday(d(2025, 10, 11)).unwrap());
    }

    #[test]
    fn earlier_years_spot_checks() {
        let cal = WorkCalendar::official();
        // 2019 元旦 began in 2018; 2018-12-29 was a make-up day.
        assert!(cal.is_workday(d(2018, 12, 29)).unwrap());
        assert!(!cal.is_workday(d(2018, 12, 31)).unwrap());
        // 2020 春节 extended to 2 February; 1 February no longer a make-up day.
        assert!(!cal.is_workday(d(2020, 1, 31)).unwrap());
        assert!(!cal.is_workday(d(2020, 2, 1)).unwrap());
        assert!(cal.is_workday(d(2020, 2, 3)).unwrap());
        assert!(cal.is_workday(d(2020, 1, 19)).unwrap());
        // 2023 中秋国庆 merged.
        assert!(!cal.is_workday(d(2023, 9, 29)).unwrap());
        assert!(cal.is_workday(d(2023, 10, 7)).unwrap());
    }

    #[test]
    fn plain_weekdays_and_weekends() {
        let cal = WorkCalendar::official();
        assert!(cal.is_workday(d(2024, 3, 13)).unwrap()); // Wednesday
        assert!(!cal.is_workday(d(2024, 3, 16)).unwrap()); // Saturday
    }

    #[test]
    fn uncovered_year_is_an_error() {
        let cal = WorkCalendar::official();
        assert_eq!(
            cal.is_workday(d(2027, 3, 1)),
            Err(CalendarError::YearNotCovered(2027))
        );
        assert_eq!(
            cal.is_workday(d(2017, 6, 1)),
            Err(CalendarError::YearNotCovered(2017))
        );
        assert_eq!(
            cal.add_workdays(d(2026, 12, 28), 5),
            Err(CalendarError::YearNotCovered(2027))
        );
        assert!(cal.workdays_between(d(2026, 12, 1), d(2027, 1, 5)).is_err());
        let msg = CalendarError::YearNotCovered(2027).to_string();
        assert!(msg.contains("2027年") && msg.contains("no holiday data for 2027"));
    }

    #[test]
    fn overrides_add_a_year() {
        let notice_2027 = parse_data(
            "2027-01-01 holiday 元旦\n2027-02-06 holiday 春节\n2027-02-20 workday 春节调休上班\n",
        )
        .unwrap();
        let cal = WorkCalendar::official().with_overrides(notice_2027);
        assert!(cal.covers(2027));
        assert!(!cal.is_workday(d(2027, 1, 1)).unwrap());
        assert!(cal.is_workday(d(2027, 2, 20)).unwrap());
        assert!(cal.is_workday(d(2027, 3, 1)).unwrap());
        // A December entry alone does not cover the next year.
        let cal = WorkCalendar::official().with_overrides([(d(2027, 12, 31), false, "元旦")]);
        assert!(!cal.covers(2027));
        assert!(cal.is_workday(d(2027, 12, 31)).is_err());
    }

    #[test]
    fn overrides_replace_entries() {
        let cal = WorkCalendar::official().with_overrides([(d(2026, 10, 10), false, "更正")]);
        assert!(!cal.is_workday(d(2026, 10, 10)).unwrap());
    }

    #[test]
    fn add_workdays_edges() {
        let cal = WorkCalendar::official();
        assert_eq!(cal.add_workdays(d(2026, 9, 24), 0).unwrap(), d(2026, 9, 24));
        // Friday → next Monday.
        assert_eq!(cal.add_workdays(d(2024, 3, 15), 1).unwrap(), d(2024, 3, 18));
        // From a Saturday.
        assert_eq!(cal.next_workday(d(2024, 3, 16)).unwrap(), d(2024, 3, 18));
        // Across 春节 2026: Friday 2/13 → Saturday 2/14 is a make-up day.
        assert_eq!(cal.add_workdays(d(2026, 2, 13), 1).unwrap(), d(2026, 2, 14));
        assert_eq!(cal.add_workdays(d(2026, 2, 13), 2).unwrap(), d(2026, 2, 24));
    }

    #[test]
    fn workdays_between_is_signed_and_inverse() {
        let cal = WorkCalendar::official();
        assert_eq!(
            cal.workdays_between(d(2024, 3, 13), d(2024, 3, 13))
                .unwrap(),
            0
        );
        assert_eq!(
            cal.workdays_between(d(2024, 3, 18), d(2024, 3, 11))
                .unwrap(),
            -5
        );
        let from = d(2025, 1, 20);
        for n in [1u32, 5, 10, 30, 200] {
            let to = cal.add_workdays(from, n).unwrap();
            assert_eq!(cal.workdays_between(from, to).unwrap(), i64::from(n));
        }
        // 2025 had 248 working days (365 − 104 weekend days − 18 weekday holidays + 5 make-up days).
        assert_eq!(
            cal.workdays_between(d(2024, 12, 31), d(2025, 12, 31))
                .unwrap(),
            248
        );
    }

    #[test]
    fn bad_data_reports_the_line() {
        let err = parse_data("# c\n2026-13-01 holiday x\n").unwrap_err();
        assert!(matches!(err, CalendarError::BadData { line: 2, .. }));
        let err = parse_data("2026-01-01 rest 元旦").unwrap_err();
        assert!(matches!(err, CalendarError::BadData { line: 1, .. }));
    }

    #[test]
    fn dump_format() {
        let cal = WorkCalendar::official();
        let text = cal.dump(d(2026, 9, 30), d(2026, 10, 2)).unwrap();
        assert_eq!(
            text,
            "2026-09-30 true\n2026-10-01 false\n2026-10-02 false\n"
        );
        assert!(cal.dump(d(2026, 12, 31), d(2027, 1, 1)).is_err());
    }

    /// The day-by-day dump for `scripts/calendar_crosscheck.py`. Writes it to
    /// the file named by `RECTIFY_CALENDAR_DUMP` when that is set:
    /// `RECTIFY_CALENDAR_DUMP=/tmp/cal.txt cargo test -p rectify-domain dump_for_crosscheck`
    /// then `python3 scripts/calendar_crosscheck.py < /tmp/cal.txt`.
    #[test]
    fn dump_for_crosscheck() {
        let text = WorkCalendar::official()
            .dump(d(2018, 1, 1), d(2026, 12, 31))
            .unwrap();
        assert_eq!(text.lines().count(), 3287);
        if let Some(path) = std::env::var_os("RECTIFY_CALENDAR_DUMP") {
            std::fs::write(path, text).unwrap();
        }
    }
}
