//! Character clean-up before any recogniser runs: complainants and hotline
//! operators mix full-width digits, spaces, traditional characters and
//! Chinese numerals.

use once_cell::sync::Lazy;

/// Traditional → simplified, one character each (data/traditional.txt),
/// as a table indexed by code point from U+3400 (0 = unchanged).
static TRADITIONAL: Lazy<Vec<u32>> = Lazy::new(|| {
    let mut t = vec![0u32; 0x10000 - 0x3400];
    for pair in include_str!("../data/traditional.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
    {
        let mut c = pair.chars();
        if let (Some(a), Some(b)) = (c.next(), c.next()) {
            if let Some(slot) = (a as usize).checked_sub(0x3400).and_then(|i| t.get_mut(i)) {
                *slot = b as u32;
            }
        }
    }
    t
});

fn simplified(c: char) -> char {
    (c as usize)
        .checked_sub(0x3400)
        .and_then(|i| TRADITIONAL.get(i))
        .filter(|&&s| s != 0)
        .and_then(|&s| char::from_u32(s))
        .unwrap_or(c)
}

/// Full-width ASCII to half-width, whitespace dropped, letters upper-cased
/// (「ｋｔｖ」 and 「KTV」 are one word), traditional characters simplified
/// (「養豬場」 = 「养猪场」).
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x3000 => ' ',
                0x3400.. => simplified(c),
                _ => c,
            };
            if c.is_whitespace() {
                None
            } else {
                Some(c.to_ascii_uppercase())
            }
        })
        .collect()
}

/// 「三」→3, 「十二」→12, 「二十」→20, 「12」→12, 「叁」→3 (financial
/// numerals, as on some forms); anything else is None.
pub fn number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let plain: String = s
        .chars()
        .map(|c| match c {
            '壹' => '一',
            '贰' => '二',
            '叁' => '三',
            '肆' => '四',
            '伍' => '五',
            '陆' => '六',
            '柒' => '七',
            '捌' => '八',
            '玖' => '九',
            '拾' => '十',
            c => c,
        })
        .collect();
    rectify_domain::numerals::cn_number(&plain)
}

/// The county-level unit of a 行政区域 cell: 「眉山市东坡区」→「东坡区」,
/// 「四川省眉山市」→「眉山市」; what is left after the last 省/市 prefix.
pub fn area(raw: &str) -> String {
    let a = clean(raw);
    let a = a
        .split(['、', ',', '，', '/', ';', '；'])
        .next()
        .unwrap_or("")
        .to_string();
    let mut rest = a.as_str();
    loop {
        let cut = ["省", "自治区", "市", "州", "盟"]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| i + p.len()))
            .filter(|&i| i < rest.len())
            .min();
        match cut {
            Some(i) if rest[i..].chars().count() >= 2 => rest = &rest[i..],
            _ => break,
        }
    }
    rest.to_string()
}

/// The prefecture (地级) unit an area cell names, if any: 「南阳市内乡县」→
/// 「南阳市」, 「临沂市」→「临沂市」, 「文山州西畴县」→「文山州」,
/// 「内乡县」→「」. Provinces are dropped first.
pub fn city(raw: &str) -> String {
    let a = clean(raw);
    let a = a
        .split(['、', ',', '，', '/', ';', '；'])
        .next()
        .unwrap_or("")
        .to_string();
    let mut rest = a.as_str();
    for p in ["自治区", "省"] {
        if let Some(i) = rest.find(p) {
            rest = &rest[i + p.len()..];
        }
    }
    let ends: Vec<(usize, char)> = rest.char_indices().collect();
    for (n, &(i, c)) in ends.iter().enumerate() {
        if n < 1 || !matches!(c, '市' | '州' | '盟') {
            continue;
        }
        // 「杭州市」: 州 inside the name.
        if c == '州' && ends.get(n + 1).is_some_and(|&(_, d)| d == '市') {
            continue;
        }
        return rest[..i + c.len_utf8()].to_string();
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces() {
        assert_eq!(clean("３组 ｋｔｖ　噪音"), "3组KTV噪音");
    }

    #[test]
    fn traditional_characters() {
        assert_eq!(
            clean("和平縣林寨鎮紅星村養豬場"),
            "和平县林寨镇红星村养猪场"
        );
        assert_eq!(clean("东沟村养猪场"), "东沟村养猪场");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(number("三"), Some(3));
        assert_eq!(number("十"), Some(10));
        assert_eq!(number("十二"), Some(12));
        assert_eq!(number("二十"), Some(20));
        assert_eq!(number("二十三"), Some(23));
        assert_eq!(number("07"), Some(7));
        assert_eq!(number("叁"), Some(3));
        assert_eq!(number("拾贰"), Some(12));
        assert_eq!(number("某"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn city_is_the_prefecture() {
        assert_eq!(city("南阳市内乡县"), "南阳市");
        assert_eq!(city("河南省南阳市内乡县"), "南阳市");
        assert_eq!(city("临沂市"), "临沂市");
        assert_eq!(city("文山州西畴县"), "文山州");
        assert_eq!(city("杭州市西湖区"), "杭州市");
        assert_eq!(city("内乡县"), "");
        assert_eq!(city(""), "");
    }

    #[test]
    fn area_keeps_the_county_level() {
        assert_eq!(area("眉山市东坡区"), "东坡区");
        assert_eq!(area("四川省眉山市东坡区"), "东坡区");
        assert_eq!(area("东坡区"), "东坡区");
        assert_eq!(area("眉山市"), "眉山市");
        assert_eq!(area("邵阳市隆回县、洞口县"), "隆回县");
        assert_eq!(area(""), "");
        assert_eq!(area("市"), "市");
    }
}
