//! Chinese numerals (一, 十四, 二十二, 一百零五), one parser for the
//! importer's numbering, the deadline grammar and the petitions' addresses.

const CN: &str = "零〇一二两三四五六七八九十百千";

/// Chinese numerals up to 9999: 一 → 1, 十四 → 14, 二十二 → 22, 一百零五 → 105.
pub fn cn_number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| CN.contains(c)) {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    let mut seen_unit = false;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => 0,
        };
        if unit > 0 {
            seen_unit = true;
            let n = if current == 0 { 1 } else { current };
            total = total.checked_add(n.checked_mul(unit)?)?;
            current = 0;
        } else {
            let d = digit(c)?;
            current = if seen_unit {
                d
            } else {
                current.checked_mul(10)?.checked_add(d)?
            };
        }
    }
    total.checked_add(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(cn_number("一"), Some(1));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十四"), Some(14));
        assert_eq!(cn_number("二十二"), Some(22));
        assert_eq!(cn_number("四十"), Some(40));
        assert_eq!(cn_number("一百零五"), Some(105));
        assert_eq!(cn_number("两百"), Some(200));
        assert_eq!(cn_number("x"), None);
    }
}
