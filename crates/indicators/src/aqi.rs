//! The daily air quality index (AQI, 空气质量指数) under HJ 633.
//!
//! # Editions
//!
//! Each day is rated under the edition in force on that day ([`edition_for`]);
//! the editions are data ([`EDITIONS`]), so a further edition is one breakpoint
//! table and one date.
//!
//! - **HJ 633-2012** 《环境空气质量指数（AQI）技术规定（试行）》, issued
//!   2012-02-29 with GB 3095-2012, in force nationwide from 2016-01-01 and
//!   earlier in the pilot cities; here it rates every date from 2013-01-01 to
//!   2026-02-28. Earlier dates are refused. Breakpoints: its 表1.
//! - **HJ 633-2026** 《环境空气质量指数（AQI）技术规定》, issued with
//!   GB 3095-2026 by 生态环境部 and 国家市场监督管理总局 in February 2026, in
//!   force from 2026-03-01, replacing HJ 633-2012. Sources: 新华社 / 人民日报
//!   reports of 2026-02-24–26 (edition, date, "更新了AQI中PM2.5和PM10的分级浓度
//!   限值"); the 生态环境部 page cited by public implementations,
//!   <https://www.mee.gov.cn/ywgz/fgbz/bz/bzwb/jcffbz/202602/t20260225_1144441.shtml>.
//!   The 24-hour PM2.5 and PM10 columns tighten at the IAQI 100 step, from 75
//!   to 60 μg/m³ and from 150 to 120 μg/m³; the other daily columns are
//!   unchanged. The full 表3 here comes from several independent public
//!   implementations citing it (they agree), not from the standard's own
//!   text: check it against the official PDF.
//!
//! # Method (both editions)
//!
//! IAQI_P = (IAQI_Hi − IAQI_Lo)/(BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo over
//! the 24-hour means of PM2.5, PM10, SO2, NO2, CO (mg/m³) and the daily
//! maximum 8-hour mean of O3; each IAQI is rounded up to an integer (进位取整),
//! AQI = max IAQI; the primary pollutants (首要污染物) are those whose IAQI
//! equals the AQI when AQI > 50. Arithmetic is exact (decimal), so a value
//! sitting on a breakpoint gives exactly that step (PM2.5 75 → 100 under 2012).
//!
//! Choices where the standard needs data this input lacks, or says nothing:
//! - **O3 8-hour above 800 μg/m³.** HJ 633-2012 does not rate it by its
//!   8-hour sub-index and uses the 1-hour sub-index instead; the CSV has no
//!   1-hour column, so such a day is reported **unrated** (`aqi` null, not a
//!   valid day) with a warning. Under HJ 633-2026 the O3 8-hour sub-index above
//!   800 is 300 (as its implementations cite it), and that is used.
//! - **Other values above the table's top** (PM2.5 > 500, PM10 > 600, …): the
//!   IAQI is capped at 500, with a warning.
//! - SO2's 1-hour rule (above 800 μg/m³) concerns hourly reports, not the
//!   24-hour mean rated here.
//! - A missing (empty) cell leaves that pollutant unrated; a day with no value
//!   at all is not a valid day.

use crate::csv::{date_cell, number_cell, Table};
use crate::{Dec, Notice};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The pollutants of the daily CSV, in its column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pollutant {
    Pm25,
    Pm10,
    So2,
    No2,
    Co,
    O3_8h,
}

impl Pollutant {
    pub const ALL: [Pollutant; 6] = [
        Pollutant::Pm25,
        Pollutant::Pm10,
        Pollutant::So2,
        Pollutant::No2,
        Pollutant::Co,
        Pollutant::O3_8h,
    ];

    /// The CSV column name, also used in `primary`.
    pub fn field(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "pm25",
            Pollutant::Pm10 => "pm10",
            Pollutant::So2 => "so2",
            Pollutant::No2 => "no2",
            Pollutant::Co => "co",
            Pollutant::O3_8h => "o3_8h",
        }
    }

    /// The name as daily reports print it.
    pub fn label(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "PM2.5",
            Pollutant::Pm10 => "PM10",
            Pollutant::So2 => "SO2",
            Pollutant::No2 => "NO2",
            Pollutant::Co => "CO",
            Pollutant::O3_8h => "O3_8h",
        }
    }

    fn index(self) -> usize {
        match self {
            Pollutant::Pm25 => 0,
            Pollutant::Pm10 => 1,
            Pollutant::So2 => 2,
            Pollutant::No2 => 3,
            Pollutant::Co => 4,
            Pollutant::O3_8h => 5,
        }
    }
}

/// The IAQI steps of the breakpoint tables.
pub const IAQI_STEPS: [u32; 8] = [0, 50, 100, 150, 200, 300, 400, 500];

/// The daily-report columns of an edition's breakpoint table: concentration
/// limits at the IAQI steps 0, 50, 100, 150, 200, 300, 400, 500 (μg/m³; CO in
/// mg/m³). The O3 8-hour column stops at 300 (800 μg/m³).
#[derive(Debug)]
pub struct DailyColumns {
    pub pm25_24h: [u32; 8],
    pub pm10_24h: [u32; 8],
    pub so2_24h: [u32; 8],
    pub no2_24h: [u32; 8],
    pub co_24h: [u32; 8],
    pub o3_8h: [u32; 6],
}

impl DailyColumns {
    fn column(&self, p: Pollutant) -> &[u32] {
        match p {
            Pollutant::Pm25 => &self.pm25_24h,
            Pollutant::Pm10 => &self.pm10_24h,
            Pollutant::So2 => &self.so2_24h,
            Pollutant::No2 => &self.no2_24h,
            Pollutant::Co => &self.co_24h,
            Pollutant::O3_8h => &self.o3_8h,
        }
    }
}

/// What an edition does with an O3 8-hour mean above the column's top (800).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum O3Above800 {
    /// Rate O3 by its 1-hour sub-index instead (HJ 633-2012); without a
    /// 1-hour value the day cannot be rated.
    UseOneHour,
    /// The sub-index is this value (HJ 633-2026: 300).
    Fixed(u32),
}

/// One edition of HJ 633.
#[derive(Debug)]
pub struct Edition {
    /// As printed in `standard`, e.g. `HJ 633-2012`.
    pub name: &'static str,
    /// The first day it rates (year, month, day).
    pub effective_from: (i32, u32, u32),
    pub columns: &'static DailyColumns,
    pub o3_8h_above_800: O3Above800,
}

/// HJ 633-2012 表1, daily columns.
pub static HJ_633_2012: DailyColumns = DailyColumns {
    pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
    pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
    so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
    no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
    co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
    o3_8h: [0, 100, 160, 215, 265, 800],
};

/// HJ 633-2026 表3, daily columns: PM2.5 and PM10 tightened at IAQI 100.
pub static HJ_633_2026: DailyColumns = DailyColumns {
    pm25_24h: [0, 35, 60, 115, 150, 250, 350, 500],
    pm10_24h: [0, 50, 120, 250, 350, 420, 500, 600],
    so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
    no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
    co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
    o3_8h: [0, 100, 160, 215, 265, 800],
};

/// The editions, oldest first. Each rates from its date until the next one's.
pub static EDITIONS: &[Edition] = &[
    Edition {
        name: "HJ 633-2012",
        effective_from: (2013, 1, 1),
        columns: &HJ_633_2012,
        o3_8h_above_800: O3Above800::UseOneHour,
    },
    Edition {
        name: "HJ 633-2026",
        effective_from: (2026, 3, 1),
        columns: &HJ_633_2026,
        o3_8h_above_800: O3Above800::Fixed(300),
    },
];

/// The edition in force on `date`; `None` before 2013.
pub fn edition_for(date: NaiveDate) -> Option<&'static Edition> {
    let d = (date.year(), date.month(), date.day());
    EDITIONS.iter().rev().find(|e| e.effective_from <= d)
}

/// The outcome of rating one pollutant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iaqi {
    /// Within the table.
    Rated(u32),
    /// Above the table's top: capped at 500 (or the edition's fixed O3 value).
    Capped(u32),
    /// Not rateable from this value alone (O3 8-hour > 800 under HJ 633-2012).
    NeedsOneHour,
}

/// The sub-index of one daily value under `edition` (value ≥ 0).
pub fn iaqi(edition: &Edition, pollutant: Pollutant, value: Dec) -> Iaqi {
    match interpolate(edition.columns.column(pollutant), value) {
        Some(v) => Iaqi::Rated(v),
        None if pollutant == Pollutant::O3_8h => match edition.o3_8h_above_800 {
            O3Above800::UseOneHour => Iaqi::NeedsOneHour,
            O3Above800::Fixed(v) => Iaqi::Capped(v),
        },
        None => Iaqi::Capped(500),
    }
}

/// Linear interpolation on the column, rounded up exactly; `None` above its top.
fn interpolate(nodes: &[u32], c: Dec) -> Option<u32> {
    let s = c.scale();
    let p = 10i128.pow(s);
    let m = c.mantissa_at(s);
    for (bp, step) in nodes.windows(2).zip(IAQI_STEPS.windows(2)) {
        let (lo, hi) = (i128::from(bp[0]) * p, i128::from(bp[1]) * p);
        if m <= hi {
            let num = i128::from(step[1] - step[0]) * (m - lo).max(0);
            let den = hi - lo;
            let up = (num + den - 1) / den;
            return Some(step[0] + up as u32);
        }
    }
    None
}

/// 级别 and 类别 of an AQI.
pub fn level_and_category(aqi: u32) -> (&'static str, &'static str) {
    match aqi {
        0..=50 => ("一级", "优"),
        51..=100 => ("二级", "良"),
        101..=150 => ("三级", "轻度污染"),
        151..=200 => ("四级", "中度污染"),
        201..=300 => ("五级", "重度污染"),
        _ => ("六级", "严重污染"),
    }
}

/// One day's values, indexed like [`Pollutant::ALL`]; `None` = missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyMeans(pub [Option<Dec>; 6]);

impl DailyMeans {
    pub fn get(&self, p: Pollutant) -> Option<Dec> {
        self.0[p.index()]
    }

    pub fn set(&mut self, p: Pollutant, v: Option<Dec>) {
        self.0[p.index()] = v;
    }
}

/// One rated day, serialised exactly as the contract's `days[]` element.
#[derive(Debug, Clone, Serialize)]
pub struct DayRating {
    pub date: String,
    /// `None` when the day is not valid (no value, or unrateable).
    pub aqi: Option<u32>,
    pub level: Option<&'static str>,
    pub category: Option<&'static str>,
    /// CSV field names of the pollutants with the maximum IAQI, when AQI > 50.
    pub primary: Vec<&'static str>,
    pub standard: &'static str,
    /// Each rated pollutant's IAQI (not serialised).
    #[serde(skip)]
    pub iaqi: Vec<(Pollutant, u32)>,
    /// Warnings about this day, without line numbers (not serialised).
    #[serde(skip)]
    pub notes: Vec<Notice>,
}

impl DayRating {
    pub fn is_valid(&self) -> bool {
        self.aqi.is_some()
    }
}

/// Rates one day. `Err` when no edition covers the date (before 2013).
pub fn rate_day(date: NaiveDate, means: &DailyMeans) -> Result<DayRating, Notice> {
    let edition = edition_for(date).ok_or_else(|| {
        Notice::general(
            format!("{date} 早于 HJ 633-2012 的适用日期（2013-01-01 起）"),
            format!("{date} is before HJ 633-2012 applies (from 2013-01-01)"),
        )
    })?;
    let mut day = DayRating {
        date: date.format("%Y-%m-%d").to_string(),
        aqi: None,
        level: None,
        category: None,
        primary: vec![],
        standard: edition.name,
        iaqi: vec![],
        notes: vec![],
    };
    let mut unrateable = false;
    for p in Pollutant::ALL {
        let Some(v) = means.get(p) else { continue };
        match iaqi(edition, p, v) {
            Iaqi::Rated(i) => day.iaqi.push((p, i)),
            Iaqi::Capped(i) => {
                day.notes.push(Notice::general(
                    format!(
                        "{} 浓度 {v} 超出 {} 分指数表上限，分指数按 {i} 计",
                        p.label(),
                        edition.name
                    ),
                    format!(
                        "{} {v} is above the {} table; its IAQI is taken as {i}",
                        p.label(),
                        edition.name
                    ),
                ));
                day.iaqi.push((p, i));
            }
            Iaqi::NeedsOneHour => {
                unrateable = true;
                day.notes.push(Notice::general(
                    format!(
                        "O3 8小时浓度 {v} 高于 800 μg/m³，按 {} 须用 1 小时平均浓度计算分指数，文件中没有该值，当日不评价",
                        edition.name
                    ),
                    format!(
                        "O3 8-hour {v} is above 800 μg/m³: {} rates O3 by its 1-hour value, which the file lacks; the day is left unrated",
                        edition.name
                    ),
                ));
            }
        }
    }
    if unrateable {
        day.iaqi.clear();
        return Ok(day);
    }
    let Some(aqi) = day.iaqi.iter().map(|&(_, i)| i).max() else {
        return Ok(day);
    };
    let (level, category) = level_and_category(aqi);
    day.aqi = Some(aqi);
    day.level = Some(level);
    day.category = Some(category);
    if aqi > 50 {
        day.primary = day
            .iaqi
            .iter()
            .filter(|&&(_, i)| i == aqi)
            .map(|&(p, _)| p.field())
            .collect();
    }
    Ok(day)
}

/// The contract's `summary`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Days with an AQI.
    pub valid_days: u32,
    /// Valid days with AQI ≤ 100 (优 or 良).
    pub good_days: u32,
    /// good_days / valid_days as a **fraction** (0–1) rounded to 4 decimal
    /// places; `null` with no valid day.
    pub good_rate: Option<f64>,
    /// Mean PM2.5 (μg/m³) over the valid days that have a PM2.5 value, rounded
    /// to 0.1; `null` when there is none.
    pub pm25_mean: Option<f64>,
}

/// The contract's output object; `warnings` are not serialised.
#[derive(Debug, Clone, Serialize)]
pub struct AqiReport {
    pub days: Vec<DayRating>,
    pub summary: Summary,
    #[serde(skip)]
    pub warnings: Vec<Notice>,
}

/// Summarises rated days; `pm25` holds each day's PM2.5 value.
pub fn summarise(days: &[(DayRating, Option<Dec>)]) -> Summary {
    let valid: Vec<_> = days.iter().filter(|(d, _)| d.is_valid()).collect();
    let good = valid
        .iter()
        .filter(|(d, _)| d.aqi.is_some_and(|a| a <= 100))
        .count();
    let pm: Vec<f64> = valid
        .iter()
        .filter_map(|(_, p)| p.map(|v| v.to_f64()))
        .collect();
    Summary {
        valid_days: valid.len() as u32,
        good_days: good as u32,
        good_rate: (!valid.is_empty())
            .then(|| (good as f64 / valid.len() as f64 * 10_000.0).round() / 10_000.0),
        pm25_mean: (!pm.is_empty())
            .then(|| (pm.iter().sum::<f64>() / pm.len() as f64 * 10.0).round() / 10.0),
    }
}

/// The CSV header the contract names.
pub const HEADER: [&str; 7] = ["date", "pm25", "pm10", "so2", "no2", "co", "o3_8h"];

/// Rates a CSV `date,pm25,pm10,so2,no2,co,o3_8h` (columns found by name, extra
/// columns ignored). Any malformed cell is an error naming its line.
pub fn rate_csv(input: &[u8]) -> Result<AqiReport, Notice> {
    let table = Table::parse(input)?;
    let cols = table.columns(&HEADER)?;
    let mut rated = vec![];
    let mut warnings = vec![];
    let mut seen = std::collections::HashMap::new();
    for rec in &table.records {
        let line = rec.line;
        let date = date_cell(&rec.cells[cols[0]], line)?;
        if let Some(first) = seen.insert(date, line) {
            warnings.push(Notice::at(
                line,
                format!("日期 {date} 与第{first}行重复"),
                format!("date {date} repeats line {first}"),
            ));
        }
        let mut means = DailyMeans::default();
        for (p, &c) in Pollutant::ALL.iter().zip(&cols[1..]) {
            means.set(*p, number_cell(&rec.cells[c], line, p.field())?);
        }
        let mut day = rate_day(date, &means).map_err(|n| Notice {
            line: Some(line),
            ..n
        })?;
        if means.0.iter().all(Option::is_none) {
            warnings.push(Notice::at(
                line,
                "当日没有任何监测值，不计入有效天",
                "no value for the day: not a valid day",
            ));
        }
        for n in day.notes.drain(..) {
            warnings.push(Notice {
                line: Some(line),
                ..n
            });
        }
        rated.push((day, means.get(Pollutant::Pm25)));
    }
    let summary = summarise(&rated);
    Ok(AqiReport {
        days: rated.into_iter().map(|(d, _)| d).collect(),
        summary,
        warnings,
    })
}

#[cfg(test)]
mod tests;
