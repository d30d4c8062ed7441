//! Small text helpers: Chinese numerals, picking a word, filling a fragment.

use crate::vocab::Vocabulary;
use rand::rngs::StdRng;
use rand::Rng;

const NUM: &[&str] = &["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 14 → 十四, 123 → 一百二十三 (up to 9999).
pub(crate) fn zh_number(n: u32) -> String {
    if n == 0 {
        return NUM[0].to_string();
    }
    let digit = |d: u32| NUM[d as usize % 10];
    let (q, b, s, g) = (n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10);
    let mut out = String::new();
    if q > 0 {
        out.push_str(digit(q));
        out.push('千');
    }
    if b > 0 {
        out.push_str(digit(b));
        out.push('百');
    } else if q > 0 && (s > 0 || g > 0) {
        out.push('〇');
    }
    if s > 0 {
        if !(s == 1 && n < 20) {
            out.push_str(digit(s));
        }
        out.push('十');
    } else if (q > 0 || b > 0) && g > 0 && !out.ends_with('〇') {
        out.push('〇');
    }
    if g > 0 {
        out.push_str(digit(g));
    }
    out
}

/// One of `items`, uniformly (the lists are checked non-empty on loading).
pub(crate) fn pick<'a, T: AsRef<str>>(rng: &mut StdRng, items: &'a [T]) -> &'a str {
    items[rng.gen_range(0..items.len())].as_ref()
}

/// Replaces `{n}`, `{k}`, `{p}`, `{river}`, `{place}` in a fragment.
pub(crate) fn fill(rng: &mut StdRng, v: &Vocabulary, s: &str, place: &str) -> String {
    let n = rng.gen_range(3..60u32);
    let k = rng.gen_range(2..=n.clamp(2, 12));
    let p = rng.gen_range(12..95u32);
    s.replace("{n}", &n.to_string())
        .replace("{k}", &k.to_string())
        .replace("{p}", &p.to_string())
        .replace("{river}", pick(rng, &v.rivers))
        .replace("{place}", place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(10), "十");
        assert_eq!(zh_number(14), "十四");
        assert_eq!(zh_number(20), "二十");
        assert_eq!(zh_number(105), "一百〇五");
        assert_eq!(zh_number(123), "一百二十三");
        assert_eq!(zh_number(110), "一百一十");
    }
}
