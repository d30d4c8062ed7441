//! Single-factor surface-water quality class (单因子评价法) under GB 3838-2002
//! 《地表水环境质量标准》, 表1 基本项目标准限值.
//!
//! Each factor is placed in the best class whose limit it meets; the sample's
//! class is the worst of its factors' classes; a factor worse than Ⅴ makes it
//! 劣Ⅴ (class 6). A value exactly at a limit meets it (belongs to the better
//! class): ≤ for upper limits, ≥ for dissolved oxygen.
//!
//! | factor (CSV) | Ⅰ | Ⅱ | Ⅲ | Ⅳ | Ⅴ |
//! |---|---|---|---|---|---|
//! | `do` 溶解氧 ≥ (mg/L) | 7.5 | 6 | 5 | 3 | 2 |
//! | `codmn` 高锰酸盐指数 ≤ | 2 | 4 | 6 | 10 | 15 |
//! | `cod` 化学需氧量 ≤ | 15 | 15 | 20 | 30 | 40 |
//! | `bod5` 五日生化需氧量 ≤ | 3 | 3 | 4 | 6 | 10 |
//! | `nh3n` 氨氮 ≤ | 0.15 | 0.5 | 1.0 | 1.5 | 2.0 |
//! | `tp` 总磷 ≤, river | 0.02 | 0.1 | 0.2 | 0.3 | 0.4 |
//! | `tp` 总磷 ≤, lake/reservoir (湖、库) | 0.01 | 0.025 | 0.05 | 0.1 | 0.2 |
//!
//! **pH** (6–9, the same for all five classes) does not grade between classes.
//! Choice: a pH outside 6–9 meets no class, so under the single-factor method
//! it makes the sample 劣Ⅴ with `ph` among the limiting factors (and a
//! warning); inside 6–9 pH never limits.
//!
//! `limiting` lists the factors whose own class equals the sample's class
//! (all of them that do, in CSV column order) — for a class Ⅰ sample that is
//! every graded factor. A missing (empty) cell is not evaluated; a sample with
//! no grading factor gets no class (`class_num` null).

use crate::csv::{date_cell, number_cell, Table};
use crate::{Dec, Notice};
use serde::Serialize;

/// River or lake/reservoir: total phosphorus limits differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waterbody {
    River,
    Lake,
}

impl Waterbody {
    /// `river` (河流) or `lake` (湖泊, 水库, 湖库, `reservoir`); case-insensitive.
    pub fn parse(s: &str) -> Option<Waterbody> {
        match s.trim().to_ascii_lowercase().as_str() {
            "river" | "河流" | "河" => Some(Waterbody::River),
            "lake" | "reservoir" | "湖泊" | "水库" | "湖库" | "湖" => Some(Waterbody::Lake),
            _ => None,
        }
    }
}

/// The factors of the CSV, in its column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    Ph,
    Do,
    CodMn,
    Cod,
    Bod5,
    Nh3n,
    Tp,
}

impl Factor {
    pub const ALL: [Factor; 7] = [
        Factor::Ph,
        Factor::Do,
        Factor::CodMn,
        Factor::Cod,
        Factor::Bod5,
        Factor::Nh3n,
        Factor::Tp,
    ];

    /// The CSV column name, also used in `limiting`.
    pub fn field(self) -> &'static str {
        match self {
            Factor::Ph => "ph",
            Factor::Do => "do",
            Factor::CodMn => "codmn",
            Factor::Cod => "cod",
            Factor::Bod5 => "bod5",
            Factor::Nh3n => "nh3n",
            Factor::Tp => "tp",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Factor::Ph => "pH",
            Factor::Do => "溶解氧",
            Factor::CodMn => "高锰酸盐指数",
            Factor::Cod => "化学需氧量",
            Factor::Bod5 => "五日生化需氧量",
            Factor::Nh3n => "氨氮",
            Factor::Tp => "总磷",
        }
    }
}

const fn d(m: i128, s: u32) -> Dec {
    Dec::new(m, s)
}

/// Limits for classes Ⅰ–Ⅴ: lower bounds for DO, upper bounds otherwise.
fn limits(f: Factor, w: Waterbody) -> Option<[Dec; 5]> {
    Some(match f {
        Factor::Ph => return None,
        Factor::Do => [d(75, 1), d(6, 0), d(5, 0), d(3, 0), d(2, 0)],
        Factor::CodMn => [d(2, 0), d(4, 0), d(6, 0), d(10, 0), d(15, 0)],
        Factor::Cod => [d(15, 0), d(15, 0), d(20, 0), d(30, 0), d(40, 0)],
        Factor::Bod5 => [d(3, 0), d(3, 0), d(4, 0), d(6, 0), d(10, 0)],
        Factor::Nh3n => [d(15, 2), d(5, 1), d(10, 1), d(15, 1), d(20, 1)],
        Factor::Tp => match w {
            Waterbody::River => [d(2, 2), d(1, 1), d(2, 1), d(3, 1), d(4, 1)],
            Waterbody::Lake => [d(1, 2), d(25, 3), d(5, 2), d(1, 1), d(2, 1)],
        },
    })
}

/// The class (1–6) of one factor's value; `None` for a pH inside 6–9, which
/// does not grade.
pub fn factor_class(f: Factor, value: Dec, w: Waterbody) -> Option<u8> {
    let Some(lims) = limits(f, w) else {
        let ok = value >= Dec::int(6) && value <= Dec::int(9);
        return (!ok).then_some(6);
    };
    let meets = |lim: &Dec| {
        if f == Factor::Do {
            value >= *lim
        } else {
            value <= *lim
        }
    };
    Some(lims.iter().position(meets).map_or(6, |i| i as u8 + 1))
}

/// "Ⅰ" … "Ⅴ", "劣Ⅴ".
pub fn class_name(class_num: u8) -> &'static str {
    match class_num {
        1 => "Ⅰ",
        2 => "Ⅱ",
        3 => "Ⅲ",
        4 => "Ⅳ",
        5 => "Ⅴ",
        _ => "劣Ⅴ",
    }
}

/// One sample's values, indexed like [`Factor::ALL`].
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub waterbody: Waterbody,
    pub values: [Option<Dec>; 7],
}

/// The class of a sample and the factors that set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub class_num: u8,
    pub limiting: Vec<Factor>,
}

/// Classifies a sample; `None` when no factor grades it.
pub fn classify(sample: &Sample) -> Option<Classification> {
    let classes: Vec<(Factor, u8)> = Factor::ALL
        .iter()
        .zip(&sample.values)
        .filter_map(|(&f, v)| {
            v.and_then(|v| factor_class(f, v, sample.waterbody))
                .map(|c| (f, c))
        })
        .collect();
    let class_num = classes.iter().map(|&(_, c)| c).max()?;
    Some(Classification {
        class_num,
        limiting: classes
            .iter()
            .filter(|&&(_, c)| c == class_num)
            .map(|&(f, _)| f)
            .collect(),
    })
}

/// One output row, serialised exactly as the contract's `rows[]` element.
#[derive(Debug, Clone, Serialize)]
pub struct WaterRow {
    pub site: String,
    pub date: String,
    pub class_num: Option<u8>,
    pub class: Option<&'static str>,
    pub limiting: Vec<&'static str>,
}

/// The contract's output object; `warnings` are not serialised.
#[derive(Debug, Clone, Serialize)]
pub struct WaterReport {
    pub rows: Vec<WaterRow>,
    #[serde(skip)]
    pub warnings: Vec<Notice>,
}

/// The CSV header the contract names.
pub const HEADER: [&str; 10] = [
    "site",
    "date",
    "waterbody",
    "ph",
    "do",
    "codmn",
    "cod",
    "bod5",
    "nh3n",
    "tp",
];

/// Classifies a CSV `site,date,waterbody,ph,do,codmn,cod,bod5,nh3n,tp`
/// (columns found by name, extra columns ignored). Any malformed cell is an
/// error naming its line.
pub fn classify_csv(input: &[u8]) -> Result<WaterReport, Notice> {
    let table = Table::parse(input)?;
    let cols = table.columns(&HEADER)?;
    let mut rows = vec![];
    let mut warnings = vec![];
    for rec in &table.records {
        let line = rec.line;
        let cell = |i: usize| rec.cells[cols[i]].trim();
        let site = cell(0).to_string();
        if site.is_empty() {
            return Err(Notice::at(line, "断面（site）为空", "site is empty"));
        }
        let date = date_cell(cell(1), line)?;
        let waterbody = Waterbody::parse(cell(2)).ok_or_else(|| {
            Notice::at(
                line,
                format!("水体类型“{}”应为 river 或 lake", cell(2)),
                format!("waterbody \"{}\": expected river or lake", cell(2)),
            )
        })?;
        let mut values = [None; 7];
        for (k, f) in Factor::ALL.iter().enumerate() {
            values[k] = number_cell(cell(3 + k), line, f.field())?;
        }
        if let Some(ph) = values[0] {
            if ph > Dec::int(14) {
                return Err(Notice::at(
                    line,
                    format!("pH 值 {ph} 超出 0–14"),
                    format!("pH {ph} is outside 0–14"),
                ));
            }
            if factor_class(Factor::Ph, ph, waterbody).is_some() {
                warnings.push(Notice::at(
                    line,
                    format!("{site} pH {ph} 超出 6–9，按单因子评价为劣Ⅴ类"),
                    format!("{site}: pH {ph} is outside 6–9, which makes the sample 劣Ⅴ"),
                ));
            }
        }
        let c = classify(&Sample { waterbody, values });
        if c.is_none() {
            warnings.push(Notice::at(
                line,
                format!("{site} 没有可定类的监测项目，不评价"),
                format!("{site}: no factor that grades the class; not classified"),
            ));
        }
        rows.push(WaterRow {
            site,
            date: date.format("%Y-%m-%d").to_string(),
            class_num: c.as_ref().map(|c| c.class_num),
            class: c.as_ref().map(|c| class_name(c.class_num)),
            limiting: c
                .map(|c| c.limiting.iter().map(|f| f.field()).collect())
                .unwrap_or_default(),
        });
    }
    Ok(WaterReport { rows, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    fn fc(f: Factor, v: &str, w: Waterbody) -> Option<u8> {
        factor_class(f, n(v), w)
    }

    const R: Waterbody = Waterbody::River;
    const L: Waterbody = Waterbody::Lake;

    #[test]
    fn values_at_a_limit_belong_to_the_better_class() {
        let cases: &[(Factor, &str, Waterbody, u8)] = &[
            (Factor::Do, "7.5", R, 1),
            (Factor::Do, "7.49", R, 2),
            (Factor::Do, "6", R, 2),
            (Factor::Do, "5.0", R, 3),
            (Factor::Do, "3", R, 4),
            (Factor::Do, "2", R, 5),
            (Factor::Do, "1.99", R, 6),
            (Factor::CodMn, "2", R, 1),
            (Factor::CodMn, "2.01", R, 2),
            (Factor::CodMn, "15", R, 5),
            (Factor::CodMn, "15.1", R, 6),
            (Factor::Cod, "15", R, 1),
            (Factor::Cod, "15.01", R, 3),
            (Factor::Cod, "40", R, 5),
            (Factor::Cod, "41", R, 6),
            (Factor::Bod5, "3", R, 1),
            (Factor::Bod5, "3.1", R, 3),
            (Factor::Bod5, "10", R, 5),
            (Factor::Nh3n, "0.15", R, 1),
            (Factor::Nh3n, "0.16", R, 2),
            (Factor::Nh3n, "0.5", R, 2),
            (Factor::Nh3n, "1.0", R, 3),
            (Factor::Nh3n, "1.5", R, 4),
            (Factor::Nh3n, "2.0", R, 5),
            (Factor::Nh3n, "2.01", R, 6),
            (Factor::Tp, "0.02", R, 1),
            (Factor::Tp, "0.1", R, 2),
            (Factor::Tp, "0.2", R, 3),
            (Factor::Tp, "0.3", R, 4),
            (Factor::Tp, "0.4", R, 5),
            (Factor::Tp, "0.41", R, 6),
            (Factor::Tp, "0.01", L, 1),
            (Factor::Tp, "0.02", L, 2),
            (Factor::Tp, "0.025", L, 2),
            (Factor::Tp, "0.026", L, 3),
            (Factor::Tp, "0.05", L, 3),
            (Factor::Tp, "0.1", L, 4),
            (Factor::Tp, "0.2", L, 5),
            (Factor::Tp, "0.21", L, 6),
        ];
        for &(f, v, w, want) in cases {
            assert_eq!(fc(f, v, w), Some(want), "{f:?} {v} {w:?}");
        }
    }

    #[test]
    fn ph_only_matters_outside_6_to_9() {
        assert_eq!(fc(Factor::Ph, "6", R), None);
        assert_eq!(fc(Factor::Ph, "9.0", R), None);
        assert_eq!(fc(Factor::Ph, "7.2", L), None);
        assert_eq!(fc(Factor::Ph, "5.99", R), Some(6));
        assert_eq!(fc(Factor::Ph, "9.1", R), Some(6));
    }

    fn sample(w: Waterbody, vals: [&str; 7]) -> Sample {
        let mut values = [None; 7];
        for (k, v) in vals.iter().enumerate() {
            values[k] = Dec::parse(v);
        }
        Sample {
            waterbody: w,
            values,
        }
    }

    #[test]
    fn the_worst_factor_sets_the_class() {
        // ph, do, codmn, cod, bod5, nh3n, tp
        let c = classify(&sample(R, ["7.5", "8", "1.5", "10", "2", "0.1", "0.02"])).unwrap();
        assert_eq!(c.class_num, 1);
        assert_eq!(
            c.limiting.len(),
            6,
            "every graded factor is class Ⅰ; pH does not grade"
        );
        let c = classify(&sample(
            R,
            ["7.5", "6.5", "3.5", "18", "3.5", "0.8", "0.15"],
        ))
        .unwrap();
        assert_eq!(c.class_num, 3);
        assert_eq!(
            c.limiting,
            [Factor::Cod, Factor::Bod5, Factor::Nh3n, Factor::Tp]
        );
        // The same TP grades a river Ⅲ and a lake Ⅴ.
        let c = classify(&sample(R, ["7", "8", "", "", "", "", "0.15"])).unwrap();
        assert_eq!(c.class_num, 3);
        let c = classify(&sample(L, ["7", "8", "", "", "", "", "0.15"])).unwrap();
        assert_eq!((c.class_num, c.limiting.clone()), (5, vec![Factor::Tp]));
        // NH3-N 2.5 → 劣Ⅴ.
        let c = classify(&sample(R, ["7", "8", "3", "", "", "2.5", ""])).unwrap();
        assert_eq!((c.class_num, c.limiting.clone()), (6, vec![Factor::Nh3n]));
        // pH 5.5 alone makes an otherwise Ⅱ sample 劣Ⅴ.
        let c = classify(&sample(R, ["5.5", "7", "3", "", "", "0.3", ""])).unwrap();
        assert_eq!((c.class_num, c.limiting.clone()), (6, vec![Factor::Ph]));
        // Nothing graded.
        assert!(classify(&sample(R, ["7", "", "", "", "", "", ""])).is_none());
        assert!(classify(&sample(R, ["", "", "", "", "", "", ""])).is_none());
        assert_eq!(class_name(6), "劣Ⅴ");
        assert_eq!(class_name(4), "Ⅳ");
    }

    #[test]
    fn csv_rows_and_errors() {
        let csv = "site,date,waterbody,ph,do,codmn,cod,bod5,nh3n,tp\n\
                   湘江衡阳段,2024-05-01,river,7.6,7.5,2,15,3,0.15,0.02\n\
                   \"东洲岛, 下游\",2024-05-01,lake,7.1,5.2,4.1,16,3.2,0.42,0.06\n\
                   某支流,2024-05-02,river,9.4,6,,,,,\n";
        let r = classify_csv(csv.as_bytes()).unwrap();
        let j = serde_json::to_value(&r).unwrap();
        assert_eq!(j["rows"][0]["class_num"], 1);
        assert_eq!(j["rows"][0]["class"], "Ⅰ");
        assert_eq!(j["rows"][1]["site"], "东洲岛, 下游");
        assert_eq!(
            j["rows"][1],
            serde_json::json!({"site":"东洲岛, 下游","date":"2024-05-01","class_num":4,"class":"Ⅳ","limiting":["tp"]})
        );
        assert_eq!(j["rows"][2]["class"], "劣Ⅴ");
        assert_eq!(j["rows"][2]["limiting"], serde_json::json!(["ph"]));
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(4));

        let head = "site,date,waterbody,ph,do,codmn,cod,bod5,nh3n,tp\n";
        for (body, line) in [
            ("a,2024-05-01,sea,7,7,,,,,\n", 2),
            (
                "a,2024-05-01,river,7,7,,,,,\nb,2024/05/01,river,7,7,,,,,\n",
                3,
            ),
            ("a,2024-05-01,river,7,x,,,,,\n", 2),
            ("a,2024-05-01,river,15,7,,,,,\n", 2),
            (",2024-05-01,river,7,7,,,,,\n", 2),
        ] {
            let e = classify_csv(format!("{head}{body}").as_bytes()).unwrap_err();
            assert_eq!(e.line, Some(line), "{body}: {e}");
        }
        assert_eq!(classify_csv(b"site,date\n").unwrap_err().line, Some(1));
    }
}
