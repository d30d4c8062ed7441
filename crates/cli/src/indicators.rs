//! `rectify indicators …`: environmental indicator checks (CONTRACTS.md §2).
//!
//! `aqi --csv FILE [--json]` rates each day under the HJ 633 edition in force
//! on it; `water-class --csv FILE [--json]` gives the GB 3838-2002
//! single-factor class of each sample. With `--json` stdout holds exactly the
//! contract's object; without it a short Chinese table. Warnings (line
//! numbers, days left unrated, values above the tables) go to stderr.

use anyhow::{anyhow, Result};
use clap::Subcommand;
use rectify_indicators::{aqi, water, Notice};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum IndicatorsCommand {
    /// Daily AQI under HJ 633 from a CSV `date,pm25,pm10,so2,no2,co,o3_8h`
    Aqi {
        /// The CSV file (UTF-8)
        #[arg(long)]
        csv: PathBuf,
        /// Print the contract's JSON object
        #[arg(long)]
        json: bool,
    },
    /// GB 3838-2002 single-factor water class from a CSV `site,date,waterbody,ph,do,codmn,cod,bod5,nh3n,tp`
    WaterClass {
        /// The CSV file (UTF-8)
        #[arg(long)]
        csv: PathBuf,
        /// Print the contract's JSON object
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: IndicatorsCommand) -> Result<i32> {
    match command {
        IndicatorsCommand::Aqi { csv, json } => {
            let report = aqi::rate_csv(&read(&csv)?).map_err(|e| in_file(&csv, e))?;
            warn(&report.warnings);
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{}", aqi_table(&report));
            }
        }
        IndicatorsCommand::WaterClass { csv, json } => {
            let report = water::classify_csv(&read(&csv)?).map_err(|e| in_file(&csv, e))?;
            warn(&report.warnings);
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{}", water_table(&report));
            }
        }
    }
    Ok(0)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        anyhow!(
            "无法读取文件 {} / cannot read {}: {e}",
            path.display(),
            path.display()
        )
    })
}

fn in_file(path: &Path, e: Notice) -> anyhow::Error {
    anyhow!("{}：{e}", path.display())
}

fn warn(notes: &[Notice]) {
    for n in notes {
        eprintln!("提示 / warning: {n}");
    }
}

/// Pads to a display width, counting CJK (wide) characters as two columns.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn aqi_table(r: &aqi::AqiReport) -> String {
    let mut out = format!(
        "{}{}{}{}{}{}\n",
        pad("日期", 12),
        pad("AQI", 6),
        pad("级别", 6),
        pad("类别", 10),
        pad("首要污染物", 16),
        "标准"
    );
    for d in &r.days {
        let primary: Vec<&str> = d
            .iaqi
            .iter()
            .filter(|(p, _)| d.primary.contains(&p.field()))
            .map(|(p, _)| p.label())
            .collect();
        out += &format!(
            "{}{}{}{}{}{}\n",
            pad(&d.date, 12),
            pad(&d.aqi.map_or("—".into(), |a| a.to_string()), 6),
            pad(d.level.unwrap_or("—"), 6),
            pad(d.category.unwrap_or("无效"), 10),
            pad(
                &if primary.is_empty() {
                    "—".into()
                } else {
                    primary.join(",")
                },
                16
            ),
            d.standard
        );
    }
    let s = &r.summary;
    out += &format!(
        "有效天数 {}，优良天数 {}，优良天数比例 {}，PM2.5 平均浓度 {}\n",
        s.valid_days,
        s.good_days,
        s.good_rate
            .map_or("—".into(), |g| format!("{:.1}%", g * 100.0)),
        s.pm25_mean.map_or("—".into(), |m| format!("{m:.1} μg/m³")),
    );
    out
}

fn water_table(r: &water::WaterReport) -> String {
    let site_w = r
        .rows
        .iter()
        .map(|x| display_width(&x.site).min(40))
        .max()
        .unwrap_or(0)
        .max(8)
        + 2;
    let mut out = format!(
        "{}{}{}{}\n",
        pad("断面", site_w),
        pad("日期", 12),
        pad("水质类别", 10),
        "定类项目"
    );
    for x in &r.rows {
        out += &format!(
            "{}{}{}{}\n",
            pad(&x.site, site_w),
            pad(&x.date, 12),
            pad(
                &x.class.map_or("未评价".to_string(), |c| format!("{c}类")),
                10
            ),
            if x.limiting.is_empty() {
                "—".to_string()
            } else {
                x.limiting.join(",")
            }
        );
    }
    out
}
