//! Month arithmetic (months as one number: year * 12 + month0), deadline
//! wordings, and office-hour timestamps.

use crate::text::pick;
use anyhow::{anyhow, Result};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use rectify_domain::{DeadlineSpec, WorkCalendar};

/// The day the ledger is generated as of: `today`, or, past the calendar's
/// data, a day late in its last covered year (the notice arithmetic needs a
/// covered year).
pub fn as_of(cal: &WorkCalendar, today: NaiveDate) -> NaiveDate {
    if cal.covers(today.year()) {
        return today;
    }
    let last = cal.covered_years().into_iter().max().unwrap_or(2026);
    NaiveDate::from_ymd_opt(last, 12, 20).unwrap_or(today)
}

/// Months as one number: year * 12 + month0.
pub(crate) fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

pub(crate) fn ym(index: i32) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

pub(crate) fn month_day(index: i32, day: u32) -> Result<NaiveDate> {
    let (y, m) = ym(index);
    let last = month_end(index)?.day();
    NaiveDate::from_ymd_opt(y, m, day.min(last)).ok_or_else(|| anyhow!("bad date {y}-{m}-{day}"))
}

fn month_end(index: i32) -> Result<NaiveDate> {
    let (y, m) = ym(index + 1);
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| anyhow!("bad month {index}"))
}

/// The report period of month `index`: `2024-05`.
pub(crate) fn period(index: i32) -> String {
    let (y, m) = ym(index);
    format!("{y:04}-{m:02}")
}

/// A dated deadline phrase for the end of month `index`.
fn date_phrase(rng: &mut StdRng, index: i32) -> String {
    let (y, m) = ym(index);
    match (m, rng.gen_range(0..4)) {
        (12, 0 | 1) => format!("{y}年底前"),
        (12, 2) => format!("{y}年12月31日前"),
        (6, 0) => format!("{y}年上半年"),
        _ => format!("{y}年{m}月底前"),
    }
}

/// A deadline wording and its structure (through the real deadline grammar,
/// so the stored spec always matches its text).
pub(crate) fn deadline(rng: &mut StdRng, start_month: i32) -> DeadlineSpec {
    let due = start_month + rng.gen_range(3..=48);
    let text = match rng.gen_range(0..100) {
        0..=39 => format!("{}完成", date_phrase(rng, due)),
        40..=54 => {
            let first = start_month + rng.gen_range(1..=(due - start_month).max(2) - 1);
            format!(
                "{}完成摸底排查，{}全面完成整改",
                date_phrase(rng, first),
                date_phrase(rng, due)
            )
        }
        55..=66 => "立行立改".to_string(),
        67..=74 => "立行立改、持续推进".to_string(),
        75..=84 => pick(rng, &["持续推进", "长期坚持", "持续整改、长期坚持"]).to_string(),
        85..=92 => format!("立行立改，{}完成", date_phrase(rng, due)),
        _ => format!("{}完成并长期坚持", date_phrase(rng, due)),
    };
    DeadlineSpec::parse(&text).0
}

/// `hour` o'clock in China (UTC+8) on day `d`, at a minute that varies by day.
pub(crate) fn utc_at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    let h = hour.saturating_sub(8);
    d.and_hms_opt(h, minute_of(d), 0)
        .map(|t| Utc.from_utc_datetime(&t))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}

fn minute_of(d: NaiveDate) -> u32 {
    (d.ordinal() * 7) % 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn deadlines_parse_back() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..500 {
            let d = deadline(&mut rng, 2019 * 12 + 5);
            assert!(
                d.immediate || d.ongoing || d.due.is_some(),
                "not understood: {}",
                d.text
            );
        }
    }

    #[test]
    fn months_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 10).unwrap();
        let i = month_index(d);
        assert_eq!(ym(i), (2024, 2));
        assert_eq!(period(i), "2024-02");
        assert_eq!(
            month_day(i, 31).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }
}
