//! The jurisdiction tree (行政区划) with GB/T 2260 codes where known. The
//! parent of a county is the city whose code shares its first four digits;
//! of a city, the province sharing the first two.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    /// Six-digit GB/T 2260 code, when known.
    pub code: Option<String>,
    pub name: String,
    pub parent_code: Option<String>,
}

const DATA: &str = include_str!("../data/gbt2260-hunan.txt");

/// The shipped divisions, parsed once per call (a few dozen lines).
pub fn known() -> Vec<Jurisdiction> {
    let codes: Vec<(&str, &str)> = DATA
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .filter(|(c, _)| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    codes
        .iter()
        .map(|(code, name)| Jurisdiction {
            code: Some(code.to_string()),
            name: name.trim().to_string(),
            parent_code: parent_of(code).filter(|p| codes.iter().any(|(c, _)| c == p)),
        })
        .collect()
}

fn parent_of(code: &str) -> Option<String> {
    if code.ends_with("0000") {
        None
    } else if code.ends_with("00") {
        Some(format!("{}0000", &code[..2]))
    } else {
        Some(format!("{}00", &code[..4]))
    }
}

/// The county or district a unit belongs to, when its name begins with one
/// of `divisions` below `within` (e.g. 「鼎城区委和人民政府」 → 鼎城区 in 常德市).
/// City-wide bodies (市生态环境局, 各区县（市）…) have none.
pub fn county_of_unit<'a>(
    unit: &str,
    divisions: &'a [Jurisdiction],
    within: &str,
) -> Option<&'a Jurisdiction> {
    let city = divisions.iter().find(|j| j.name == within)?;
    let city_code = city.code.as_deref()?;
    divisions
        .iter()
        .filter(|j| j.parent_code.as_deref() == Some(city_code))
        .filter(|j| {
            let short = j.name.trim_end_matches(['区', '县', '市']);
            // 「津市市」 must not match 「津市」 alone, and 「澧县」 must not match 「临澧县」.
            unit.starts_with(&j.name)
                || (short.chars().count() >= 2
                    && unit.starts_with(short)
                    && !unit.starts_with(&format!("{short}市")))
        })
        .max_by_key(|j| j.name.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_links_counties_to_cities_to_the_province() {
        let all = known();
        let dingcheng = all.iter().find(|j| j.name == "鼎城区").unwrap();
        assert_eq!(dingcheng.code.as_deref(), Some("430703"));
        assert_eq!(dingcheng.parent_code.as_deref(), Some("430700"));
        let changde = all.iter().find(|j| j.name == "常德市").unwrap();
        assert_eq!(changde.parent_code.as_deref(), Some("430000"));
        assert!(all
            .iter()
            .find(|j| j.name == "湖南省")
            .unwrap()
            .parent_code
            .is_none());
    }

    #[test]
    fn units_are_placed_in_their_county() {
        let all = known();
        let county = |u: &str, city: &str| county_of_unit(u, &all, city).map(|j| j.name.clone());
        assert_eq!(
            county("鼎城区委和人民政府", "常德市").as_deref(),
            Some("鼎城区")
        );
        assert_eq!(
            county("澧县党委和人民政府", "常德市").as_deref(),
            Some("澧县")
        );
        assert_eq!(
            county("临澧县人民政府", "常德市").as_deref(),
            Some("临澧县")
        );
        assert_eq!(
            county("耒阳市人民政府", "衡阳市").as_deref(),
            Some("耒阳市")
        );
        assert_eq!(
            county("衡南县委、县政府", "衡阳市").as_deref(),
            Some("衡南县")
        );
        assert_eq!(county("市生态环境局", "常德市"), None);
        assert_eq!(county("各区县（市）委和人民政府", "常德市"), None);
        assert_eq!(
            county("鼎城区委", "衡阳市"),
            None,
            "only counties of the plan's city"
        );
        assert_eq!(county("石门县", "未知市"), None);
    }
}
