//! 整改时限: a deadline is a value with structure, never a bare date.
//!
//! The grammar ([`DeadlineSpec::parse`]) understands the wordings found in
//! published plans:
//!
//! - 立行立改 (and 立即整改, 即知即改, 立查立改 …) → `immediate`;
//! - 持续推进, 长期坚持, 长期执行, 持续整改, 常态化 … → `ongoing`;
//! - dates: `2018年9月底` → 2018-09-30, `2018年底` / `2018年年底` → 2018-12-31,
//!   `2021年7月` → 2021-07-31, `2021年12月31日前`, `2020年上半年` → 06-30,
//!   `第一季度` → 03-31, `2020 年` (a year alone) → 12-31, ranges `2019—2020年`
//!   → the end of the range, Chinese-numeral years (`二〇二〇年底`), full-width
//!   digits, a day or month without a year inheriting the year named before it;
//! - several dates → one [`Milestone`] each, `due` the latest; an ongoing
//!   deadline with a date keeps the date as a milestone too.
//!
//! Text the grammar does not understand (按省里统一部署…) keeps its wording,
//! sets nothing and is reported as not understood.

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A dated intermediate target inside a deadline expression
/// ("2018年9月底前完成摸底，2019年底前全面完成").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub due: NaiveDate,
    pub text: String,
}

/// The deadline of a problem or measure as the plan states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineSpec {
    /// The original wording, kept verbatim (after whitespace clean-up).
    pub text: String,
    /// The final due date: the latest date the text names, if any.
    pub due: Option<NaiveDate>,
    /// 立行立改: act at once.
    pub immediate: bool,
    /// 持续推进 / 长期坚持: work that continues after any date.
    pub ongoing: bool,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

const IMMEDIATE_WORDS: &[&str] = &[
    "立行立改",
    "立即整改",
    "即知即改",
    "立查立改",
    "立整立改",
    "边查边改",
    "马上就改",
    "立即执行",
    "立即落实",
];

const ONGOING_WORDS: &[&str] = &[
    "持续推进",
    "长期坚持",
    "长期执行",
    "持续整改",
    "常态化",
    "长期推进",
    "持续开展",
    "长期开展",
    "持续落实",
    "长期落实",
    "久久为功",
    "长期保持",
    "持续巩固",
    "长效",
];

const RECURRING_WORDS: &[&str] = &[
    "每年",
    "每半年",
    "每季度",
    "每季",
    "每月",
    "每周",
    "每旬",
    "按年度",
    "按季度",
    "按月",
];

/// One date found in a deadline text, with the byte range it covers in the
/// normalized text.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    date: NaiveDate,
}

// Byte-range matches over the normalized text (ASCII digits, no whitespace).
static RE_YMD: Lazy<Regex> = Lazy::new(|| re(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]"));
static RE_YM_PART: Lazy<Regex> =
    Lazy::new(|| re(r"(\d{4})年(\d{1,2})月(上旬|中旬|下旬|初|中|底|末|份)?"));
static RE_Y_PART: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(\d{4})年(年底|年末|底|末|上半年|下半年|年中|前三季度|第一季度|一季度|第二季度|二季度|第三季度|三季度|第四季度|四季度|内)?",
    )
});
static RE_RANGE: Lazy<Regex> = Lazy::new(|| re(r"(\d{4})年?[—–\-－~～至到](\d{4})年"));
// 2024年3月—6月, 2024年3至6月底: the end month of the same year.
static RE_YM_RANGE: Lazy<Regex> = Lazy::new(|| {
    re(r"(\d{4})年(\d{1,2})月?份?[—–\-－~～至到](\d{1,2})月(上旬|中旬|下旬|初|中|底|末|份)?")
});
static RE_MD: Lazy<Regex> = Lazy::new(|| re(r"(\d{1,2})月(\d{1,2})[日号]"));
static RE_M_PART: Lazy<Regex> = Lazy::new(|| re(r"(\d{1,2})月(上旬|中旬|下旬|初|底|末)"));
static RE_CN_YEAR: Lazy<Regex> = Lazy::new(|| re(r"([〇○零一二三四五六七八九]{4})年"));
static RE_CN_MONTH: Lazy<Regex> = Lazy::new(|| re(r"年([一二三四五六七八九十]{1,3})月"));
static RE_CN_DAY: Lazy<Regex> = Lazy::new(|| re(r"月([一二三四五六七八九十]{1,3})[日号]"));
static RE_BOOK_TITLE: Lazy<Regex> = Lazy::new(|| re(r"《[^》]*》"));

/// Builds a regex from a literal pattern known to be valid. A pattern that
/// failed to compile would be a programming error caught by the unit tests;
/// falling back to a never-matching regex keeps parsing panic-free.
pub fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| never_matching())
}

#[allow(clippy::unwrap_used)] // a fixed, valid pattern
fn never_matching() -> Regex {
    Regex::new("$^").unwrap()
}

impl DeadlineSpec {
    /// Overdue is computed, never stored: a dated deadline whose due date has
    /// passed while the problem is not yet signed off.
    pub fn is_overdue(&self, today: NaiveDate, signed_off: bool) -> bool {
        !signed_off && self.due.is_some_and(|d| today > d)
    }

    /// A deadline with only its wording (nothing understood).
    pub fn from_text(text: &str) -> Self {
        DeadlineSpec {
            text: clean_whitespace(text),
            ..Default::default()
        }
    }

    /// Parses a 整改时限 expression. Returns the spec and whether the text was
    /// understood (an immediate or ongoing marker or at least one date). The
    /// original wording is always kept in `text`.
    pub fn parse(text: &str) -> (DeadlineSpec, bool) {
        let cleaned = clean_whitespace(text);
        let norm = normalize(&cleaned);
        let immediate = IMMEDIATE_WORDS.iter().any(|w| norm.contains(w));
        // A recurring duty (每年, 每季度, 每月 …) never ends: ongoing, the
        // recurrence kept in the text.
        let ongoing = ONGOING_WORDS.iter().any(|w| norm.contains(w))
            || RECURRING_WORDS.iter().any(|w| norm.contains(w))
            || (norm.contains("长期") && !norm.contains("长期以来"));
        let found = find_dates(&norm);

        let due = found.iter().map(|f| f.date).max();
        let mut milestones = Vec::new();
        if found.len() >= 2 || (ongoing && !found.is_empty()) {
            for f in &found {
                let text = clause_around(&norm, f.start, f.end);
                if !milestones
                    .iter()
                    .any(|m: &Milestone| m.due == f.date && m.text == text)
                {
                    milestones.push(Milestone { due: f.date, text });
                }
            }
            milestones.sort_by_key(|m| m.due);
        }
        let understood = immediate || ongoing || due.is_some();
        (
            DeadlineSpec {
                text: cleaned,
                due,
                immediate,
                ongoing,
                milestones,
            },
            understood,
        )
    }

    /// The dates named in free text (for example inside a measure), without
    /// the immediate/ongoing markers: the phrases that carry a date and a
    /// deadline marker (前, 底, 末, 完成, a full day …). Returns the matched
    /// phrases, in order.
    pub fn date_phrases(text: &str) -> Vec<String> {
        let norm = normalize(&clean_whitespace(text));
        let mut out = Vec::new();
        for f in find_dates(&norm) {
            let mut end = f.end;
            let rest = norm.get(end..).unwrap_or("");
            for suffix in ["以前", "之前", "前"] {
                if rest.starts_with(suffix) {
                    end += suffix.len();
                    break;
                }
            }
            let phrase = norm.get(f.start..end).unwrap_or("").to_string();
            let marked = phrase.ends_with('前')
                || phrase.ends_with('底')
                || phrase.ends_with('末')
                || phrase.ends_with('日')
                || phrase.ends_with('号')
                || rest.starts_with("完成")
                || rest.starts_with("建成")
                || rest.starts_with("全面完成");
            if marked && !out.contains(&phrase) {
                out.push(phrase);
            }
        }
        out
    }
}

/// Collapses runs of whitespace; removes whitespace next to CJK characters
/// and digits ("2019 年 4 月底" → "2019年4月底").
pub fn clean_whitespace(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let glue = matches!((prev, next), (Some(p), Some(n)) if is_cjkish(p) || is_cjkish(n));
            if !glue {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_cjkish(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0x9FFF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0x3000..=0x303F).contains(&u)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Full-width digits and punctuation to ASCII where it matters for dates,
/// Chinese-numeral years, months and days to digits, whitespace removed.
fn normalize(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            _ => c,
        })
        .collect();
    if s.chars().any(|c| "〇○零一二三四五六七八九十".contains(c)) {
        s = RE_CN_YEAR
            .replace_all(&s, |c: &regex::Captures| {
                let digits: String = c[1]
                    .chars()
                    .map(|ch| match ch {
                        '〇' | '○' | '零' => '0',
                        '一' => '1',
                        '二' => '2',
                        '三' => '3',
                        '四' => '4',
                        '五' => '5',
                        '六' => '6',
                        '七' => '7',
                        '八' => '8',
                        _ => '9',
                    })
                    .collect();
                format!("{digits}年")
            })
            .into_owned();
        s = RE_CN_MONTH
            .replace_all(&s, |c: &regex::Captures| match cn_small(&c[1]) {
                Some(n) => format!("年{n}月"),
                None => c[0].to_string(),
            })
            .into_owned();
        s = RE_CN_DAY
            .replace_all(&s, |c: &regex::Captures| match cn_small(&c[1]) {
                Some(n) => format!("月{n}日"),
                None => c[0].to_string(),
            })
            .into_owned();
    }
    s
}

/// 一 … 三十一 → 1 … 31 (a month or a day).
fn cn_small(s: &str) -> Option<u32> {
    crate::numerals::cn_number(s).filter(|n| (1..=31).contains(n))
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
}

fn plausible_year(y: i32) -> bool {
    (1990..=2100).contains(&y)
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

/// All dates in a normalized text, in order, not overlapping. Text inside
/// 《…》 (titles of documents such as 《三年行动计划（2018-2020年）》) is
/// ignored.
fn find_dates(norm: &str) -> Vec<Found> {
    let mut masked = norm.to_string();
    for m in RE_BOOK_TITLE.find_iter(norm) {
        let blank: String = "#".repeat(m.end() - m.start());
        masked.replace_range(m.start()..m.end(), &blank);
    }
    let text = masked.as_str();
    let mut found: Vec<Found> = Vec::new();
    let overlaps =
        |found: &[Found], s: usize, e: usize| found.iter().any(|f| s < f.end && f.start < e);

    // Ranges (2019—2020年): the end year is matched by the year rules below
    // (so that 2022-2025年底 works); the start year is no date of its own.
    let range_starts: Vec<(usize, usize)> = RE_RANGE
        .captures_iter(text)
        .filter_map(|c| {
            let (m, y2) = (c.get(0)?, c.get(2)?);
            let rest = text.get(m.end()..).unwrap_or("");
            (!rest.starts_with(|ch: char| ch.is_ascii_digit())).then_some((m.start(), y2.start()))
        })
        .collect();

    let in_range_start = |s: usize| range_starts.iter().any(|(a, b)| s >= *a && s < *b);

    for c in RE_YM_RANGE.captures_iter(text) {
        let (Some(m), Some(y), Some(mo)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let part = c.get(4).map(|p| p.as_str()).unwrap_or("");
        let date = num::<i32>(y.as_str())
            .filter(|y| plausible_year(*y))
            .and_then(|y| month_part(y, num(mo.as_str())?, part));
        if let Some(date) = date {
            found.push(Found {
                start: m.start(),
                end: m.end(),
                date,
            });
        }
    }
    for c in RE_YMD.captures_iter(text) {
        let (Some(m), Some(y), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let date = num::<i32>(y.as_str())
            .filter(|y| plausible_year(*y))
            .and_then(|y| NaiveDate::from_ymd_opt(y, num(mo.as_str())?, num(d.as_str())?));
        if let Some(date) = date {
            if !overlaps(&found, m.start(), m.end()) {
                found.push(Found {
                    start: m.start(),
                    end: m.end(),
                    date,
                });
            }
        }
    }
    for c in RE_YM_PART.captures_iter(text) {
        let (Some(m), Some(y), Some(mo)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if overlaps(&found, m.start(), m.end()) {
            continue;
        }
        let part = c.get(3).map(|p| p.as_str()).unwrap_or("");
        let date = num::<i32>(y.as_str())
            .filter(|y| plausible_year(*y))
            .and_then(|y| month_part(y, num(mo.as_str())?, part));
        if let Some(date) = date {
            found.push(Found {
                start: m.start(),
                end: m.end(),
                date,
            });
        }
    }
    for c in RE_Y_PART.captures_iter(text) {
        let (Some(m), Some(y)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if overlaps(&found, m.start(), m.end()) || in_range_start(m.start()) {
            continue;
        }
        let Some(year) = num::<i32>(y.as_str()).filter(|y| plausible_year(*y)) else {
            continue;
        };
        let part = c.get(2).map(|p| p.as_str()).unwrap_or("");
        let before = text.get(..m.start()).unwrap_or("");
        let after = text.get(m.end()..).unwrap_or("");
        if part.is_empty() {
            // A year alone: a deadline ("2020年", "到2020年") unless it is a
            // starting point or a baseline ("2018年起", "比2013年").
            if after.starts_with('起')
                || after.starts_with("以来")
                || after.starts_with("开始")
                || after.starts_with("至今")
                || after.starts_with("度")
                || ["比", "较", "自", "从", "于"]
                    .iter()
                    .any(|p| before.ends_with(p))
                || before.ends_with(|ch: char| ch.is_ascii_digit())
            {
                continue;
            }
        }
        let (month, day) = match part {
            "上半年" | "年中" | "第二季度" | "二季度" => (6, 30),
            "第一季度" | "一季度" => (3, 31),
            "前三季度" | "第三季度" | "三季度" => (9, 30),
            _ => (12, 31),
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            found.push(Found {
                start: m.start(),
                end: m.end(),
                date,
            });
        }
    }
    found.sort_by_key(|f| f.start);

    // Month-day or month parts without a year inherit the year named before.
    let mut extra = Vec::new();
    for c in RE_MD.captures_iter(text) {
        let (Some(m), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if overlaps(&found, m.start(), m.end()) {
            continue;
        }
        if let Some(year) = year_before(&found, m.start()) {
            if let Some(date) = NaiveDate::from_ymd_opt(
                year,
                num(mo.as_str()).unwrap_or(0),
                num(d.as_str()).unwrap_or(0),
            ) {
                extra.push(Found {
                    start: m.start(),
                    end: m.end(),
                    date,
                });
            }
        }
    }
    for c in RE_M_PART.captures_iter(text) {
        let (Some(m), Some(mo)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if overlaps(&found, m.start(), m.end()) || overlaps(&extra, m.start(), m.end()) {
            continue;
        }
        let part = c.get(2).map(|p| p.as_str()).unwrap_or("");
        if let Some(year) = year_before(&found, m.start()) {
            if let Some(date) = num(mo.as_str()).and_then(|mo| month_part(year, mo, part)) {
                extra.push(Found {
                    start: m.start(),
                    end: m.end(),
                    date,
                });
            }
        }
    }
    found.extend(extra);
    found.sort_by_key(|f| f.start);
    found
}

fn year_before(found: &[Found], pos: usize) -> Option<i32> {
    found
        .iter()
        .rev()
        .find(|f| f.end <= pos)
        .map(|f| f.date.year())
}

fn month_part(year: i32, month: u32, part: &str) -> Option<NaiveDate> {
    match part {
        "上旬" | "初" => NaiveDate::from_ymd_opt(year, month, 10),
        "中旬" | "中" => NaiveDate::from_ymd_opt(year, month, 20),
        _ => last_day_of_month(year, month),
    }
}

/// The clause (between separators) around a byte range, with its date.
fn clause_around(norm: &str, start: usize, end: usize) -> String {
    let is_sep = |c: char| matches!(c, '，' | '。' | '；' | ',' | ';' | '、' | '：' | ':');
    let begin = norm
        .get(..start)
        .and_then(|s| s.char_indices().rev().find(|(_, c)| is_sep(*c)))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let find_stop = |from: usize| {
        norm.get(from..)
            .and_then(|s| s.char_indices().find(|(_, c)| is_sep(*c) && *c != '、'))
            .map(|(i, _)| from + i)
            .unwrap_or(norm.len())
    };
    let mut stop = find_stop(end);
    // "2021年，50%及以上…": a bare date takes the clause after it.
    if norm
        .get(end..stop)
        .is_some_and(|s| s.trim_end_matches(['前', '底', '末']).is_empty())
        && stop < norm.len()
    {
        let next = norm
            .get(stop..)
            .and_then(|s| s.chars().next())
            .map(char::len_utf8)
            .unwrap_or(1);
        let further = find_stop(stop + next);
        let next_clause = norm.get(stop + next..further).unwrap_or("");
        if begin == start && !next_clause.contains('年') && !next_clause.contains('月') {
            stop = further;
        }
    }
    norm.get(begin..stop).unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests;
