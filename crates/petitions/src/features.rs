//! What a petition says, reduced to comparable features: the administrative
//! area, place names by level, polluters (class and trade name), pollution
//! kinds, content terms and the handover date. Recognisers are driven by the
//! word lists in `data/lexicon.txt`.

use crate::lexicon::LEXICON;
use crate::normalize;
use chrono::{Datelike, NaiveDate};
use jieba_rs::Jieba;
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One petition as handed over (交办信访件) or taken by a hotline (12345 工单).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Petition {
    /// 受理编号 / 工单编号.
    pub id: String,
    /// 交办日期 / 受理时间.
    pub date: Option<NaiveDate>,
    /// 行政区域.
    pub area: String,
    /// 污染类型 as written (大气、水、噪声…), may be empty.
    pub kind: String,
    /// 交办问题基本情况 / 诉求内容.
    pub text: String,
    /// 事发地点, may be empty.
    pub address: String,
}

/// Coarse pollution kind, the blocking key: the 污染类型 column's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Air,
    Water,
    Noise,
    Soil,
    Waste,
    Ecology,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Air,
        Kind::Water,
        Kind::Noise,
        Kind::Soil,
        Kind::Waste,
        Kind::Ecology,
    ];

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "air" => Kind::Air,
            "water" => Kind::Water,
            "noise" => Kind::Noise,
            "soil" => Kind::Soil,
            "waste" => Kind::Waste,
            "ecology" => Kind::Ecology,
            _ => return None,
        })
    }
}

/// Fine pollution kind read from the text's keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fine {
    Noise,
    Odour,
    Dust,
    Smoke,
    Sewage,
    Waste,
    Soil,
    Ecology,
}

impl Fine {
    fn parse(s: &str) -> Option<Fine> {
        Some(match s {
            "noise" => Fine::Noise,
            "odour" => Fine::Odour,
            "dust" => Fine::Dust,
            "smoke" => Fine::Smoke,
            "sewage" => Fine::Sewage,
            "waste" => Fine::Waste,
            "soil" => Fine::Soil,
            "ecology" => Fine::Ecology,
            _ => return None,
        })
    }

    pub fn coarse(self) -> Kind {
        match self {
            Fine::Noise => Kind::Noise,
            Fine::Odour | Fine::Dust | Fine::Smoke => Kind::Air,
            Fine::Sewage => Kind::Water,
            Fine::Waste => Kind::Waste,
            Fine::Soil => Kind::Soil,
            Fine::Ecology => Kind::Ecology,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Fine::Noise => "噪声",
            Fine::Odour => "异味",
            Fine::Dust => "粉尘扬尘",
            Fine::Smoke => "烟气油烟",
            Fine::Sewage => "污水",
            Fine::Waste => "固废垃圾",
            Fine::Soil => "土壤",
            Fine::Ecology => "生态破坏",
        }
    }
}

/// How specific a place is: a town covers many matters, a site one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Town,
    Village,
    Road,
    Site,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Place {
    pub level: Level,
    pub name: String,
}

/// A polluter: its class (猪场, 砂石场, 餐饮…) and, when written, its trade
/// name (字号, 「宏达」) or operator (「张某」).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Polluter {
    pub class: String,
    pub name: Option<String>,
}

impl Polluter {
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n}{}", self.class),
            None => self.class.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Features {
    pub area: String,
    /// Coarse kinds from the 污染类型 column and the text, sorted.
    pub kinds: Vec<Kind>,
    /// Fine kinds from the text, sorted.
    pub fine: Vec<Fine>,
    /// Places, sorted and distinct.
    pub places: Vec<Place>,
    pub polluters: Vec<Polluter>,
    /// Content words, sorted and distinct.
    pub terms: Vec<String>,
    /// Dates written in the text (「3月5日」), as written.
    pub text_dates: Vec<String>,
    /// The handover date as days since 0001-01-01.
    pub day: Option<i32>,
}

static JIEBA: Lazy<Jieba> = Lazy::new(|| {
    let mut j = Jieba::new();
    // The suffix and keyword words are segmented whole, so 「洗砂场」 is one term.
    for sec in [
        "polluter_suffix",
        "kind_keyword",
        "polluter_hint",
        "site_suffix",
    ] {
        for w in LEXICON.get(sec).words() {
            if w.chars().count() >= 2 {
                j.add_word(w, Some(2000), None);
            }
        }
    }
    j
});

fn alternation(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// Every place suffix with its level, longest first.
static PLACE_RE: Lazy<(Regex, HashMap<String, Level>)> = Lazy::new(|| {
    let mut levels = HashMap::new();
    for (sec, level) in [
        ("town_suffix", Level::Town),
        ("village_suffix", Level::Village),
        // An estate or park is as wide as a street: many matters live there.
        ("site_suffix", Level::Road),
        ("road_suffix", Level::Road),
    ] {
        for w in LEXICON.get(sec).words() {
            levels.entry(w.to_string()).or_insert(level);
        }
    }
    let mut all: Vec<&str> = levels.keys().map(String::as_str).collect();
    all.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    let re = Regex::new(&format!("(?:{})", alternation(&all))).unwrap_or_else(|_| never());
    (re, levels)
});

static GROUP_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"第?([0-9一二三四五六七八九十两]{1,3})(?:村民小组|组|社|队)")
        .unwrap_or_else(|_| never())
});

static HOUSE_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,5})(?:号|栋|幢)").unwrap_or_else(|_| never()));

static POLLUTER_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("polluter_suffix").words())
    ))
    .unwrap_or_else(|_| never())
});

static PERSON_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"([\p{Han}])(?:某+|老板|姓[\p{Han}]{0,2})[家的]*$").unwrap_or_else(|_| never())
});

static BRACKET_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[（(]([^）)]{2,6})[）)]").unwrap_or_else(|_| never()));

/// The operator or trade name written in brackets after a polluter.
fn bracket_name(inside: &str) -> Option<String> {
    if let Some(i) = inside.find('姓') {
        return inside[i + '姓'.len_utf8()..]
            .chars()
            .next()
            .filter(|c| !c.is_ascii())
            .map(|c| format!("{c}某"));
    }
    if POLLUTER_RE.is_match(inside) || !inside.chars().all(is_name_char) {
        return None;
    }
    trade_name(inside)
}

/// 「李某」「王某某」 anywhere, not followed by a place or company ending.
static PERSON_ANY_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"([\p{Han}])某+(?:[^某村镇乡街路区县市厂场公司店站]|$)").unwrap_or_else(|_| never())
});

static KIND_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("kind_keyword").words())
    ))
    .unwrap_or_else(|_| never())
});

static HINT_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("polluter_hint").words())
    ))
    .unwrap_or_else(|_| never())
});

static DATE_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:[0-9]{4}年)?[0-9]{1,2}月(?:[0-9]{1,2}[日号])?").unwrap_or_else(|_| never())
});

/// A regex that matches nothing: the fallback if a built pattern were ever
/// rejected, so that a bad data file costs recall instead of a panic.
fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| never())
}

static SETS: Lazy<Sets> = Lazy::new(|| Sets {
    boundary: LEXICON
        .get("boundary")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    bad_place: LEXICON
        .get("place_bad_name")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    next_block: LEXICON
        .get("place_next_block")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    generic: LEXICON
        .get("polluter_generic")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    stop: LEXICON
        .get("stop")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    suffix_class: LEXICON
        .get("polluter_suffix")
        .entries
        .iter()
        .cloned()
        .collect(),
    kind_fine: LEXICON
        .get("kind_keyword")
        .entries
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), Fine::parse(v)?)))
        .collect(),
    kind_column: LEXICON
        .get("kind_column")
        .entries
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), Kind::parse(v)?)))
        .collect(),
    hint: LEXICON
        .get("polluter_hint")
        .entries
        .iter()
        .cloned()
        .collect(),
    place_suffix_chars: [
        "镇", "乡", "街道", "村", "社区", "组", "号", "路", "街", "小区",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect(),
});

struct Sets {
    boundary: Vec<String>,
    bad_place: HashSet<String>,
    next_block: Vec<String>,
    generic: Vec<String>,
    stop: HashSet<String>,
    suffix_class: HashMap<String, String>,
    kind_fine: HashMap<String, Fine>,
    kind_column: HashMap<String, Kind>,
    hint: HashMap<String, String>,
    place_suffix_chars: Vec<String>,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The name part left of a suffix: name characters back to `floor` (the end
/// of the previous recognised item), at most `max` characters, then cut after
/// the last boundary word (「反映金秋湖」→「金秋湖」).
fn stem(text: &str, floor: usize, at: usize, max: usize) -> &str {
    let before = &text[floor..at];
    let mut start = at;
    for (i, c) in before.char_indices().rev() {
        if !is_name_char(c) || text[floor + i..at].chars().count() > max {
            break;
        }
        start = floor + i;
    }
    let mut s = &text[start..at];
    // Cut after the right-most boundary word; repeat since cutting may expose another.
    loop {
        let cut = SETS
            .boundary
            .iter()
            .filter_map(|b| s.rfind(b.as_str()).map(|i| i + b.len()))
            .max();
        match cut {
            Some(i) if i > 0 => s = &s[i..],
            _ => break,
        }
    }
    s
}

/// Whether the text right after a suffix is itself a place name (「镇民东村」:
/// 民 would otherwise read as 镇民).
fn starts_a_place(rest: &str) -> bool {
    let (re, _) = &*PLACE_RE;
    let head: String = rest.chars().take(6).collect();
    match re.find(&head) {
        Some(m) => {
            let between = &head[..m.start()];
            between.chars().count() >= 2
                && between.chars().all(is_name_char)
                && !SETS.boundary.iter().any(|b| between.contains(b.as_str()))
        }
        None => false,
    }
}

fn places_in(text: &str, out: &mut Vec<Place>) {
    let (re, levels) = &*PLACE_RE;
    let mut floor = 0;
    let mut village: Option<String> = None;
    let mut road: Option<String> = None;
    for m in re.find_iter(text) {
        let suffix = m.as_str();
        let Some(&level) = levels.get(suffix) else {
            continue;
        };
        let rest = &text[m.end()..];
        let prev_floor = floor;
        floor = m.end();
        if SETS.next_block.iter().any(|b| rest.starts_with(b.as_str())) && !starts_a_place(rest) {
            continue;
        }
        let max = if level == Level::Site { 8 } else { 6 };
        let s = stem(text, prev_floor, m.start(), max);
        if s.chars().count() < 2
            || SETS.bad_place.contains(s)
            || s.contains('某')
            || s.contains('X')
        {
            continue;
        }
        let name = format!("{s}{suffix}");
        match level {
            Level::Village => {
                village = Some(name.clone());
                road = None;
            }
            Level::Road => {
                if let Some(h) = HOUSE_RE.captures(rest) {
                    let num = h.get(1).map_or("", |g| g.as_str());
                    out.push(Place {
                        level: Level::Site,
                        name: format!("{name}{num}号"),
                    });
                }
                road = Some(name.clone());
            }
            _ => {}
        }
        out.push(Place { level, name });
    }
    let _ = road;
    // Village groups (3组, 三组, 第三村民小组) are sites within the last village named before them.
    let mut last_village: Option<(usize, String)> = None;
    let villages: Vec<(usize, String)> = out
        .iter()
        .filter(|p| p.level == Level::Village)
        .filter_map(|p| text.find(p.name.as_str()).map(|i| (i, p.name.clone())))
        .collect();
    for c in GROUP_RE.captures_iter(text) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(num) = normalize::number(n.as_str()) else {
            continue;
        };
        for v in &villages {
            if v.0 < all.start() {
                last_village = Some(v.clone());
            }
        }
        let v = last_village
            .clone()
            .map(|v| v.1)
            .or_else(|| village.clone());
        if let Some(v) = v {
            out.push(Place {
                level: Level::Site,
                name: format!("{v}{num}组"),
            });
        }
    }
}

fn polluters_in(text: &str, out: &mut Vec<Polluter>) {
    let mut floor = 0;
    for m in POLLUTER_RE.find_iter(text) {
        let suffix = m.as_str();
        let class = SETS
            .suffix_class
            .get(suffix)
            .cloned()
            .unwrap_or_else(|| suffix.to_string());
        let raw = &text[floor..m.start()];
        floor = m.end();
        // 「填埋场旁边的养鸡场」: the first is a landmark, not the polluter.
        let after = &text[m.end()..];
        if [
            "旁边",
            "附近",
            "隔壁",
            "对面",
            "边上",
            "旁的",
            "后面的",
            "前面的",
        ]
        .iter()
        .any(|w| after.starts_with(w))
        {
            continue;
        }
        // Only the name characters right before the suffix belong to it.
        let raw_tail: String = {
            let mut v: Vec<char> = raw.chars().rev().take_while(|c| is_name_char(*c)).collect();
            v.truncate(12);
            v.into_iter().rev().collect()
        };
        // 「泡菜厂（恒信）」「养鸡场（老板姓周）」: the name follows in brackets.
        let bracket = BRACKET_RE
            .captures(&text[m.end()..])
            .and_then(|c| c.get(1))
            .map(|g| g.as_str().to_string());
        let name = if let Some(b) = bracket.as_deref().and_then(bracket_name) {
            Some(b)
        } else if let Some(p) = PERSON_RE.captures(&raw_tail) {
            p.get(1).map(|g| format!("{}某", g.as_str()))
        } else {
            trade_name(&raw_tail)
        };
        out.push(Polluter { class, name });
    }
    // Only when no polluter is written out: 「李某在房后养猪」 names a pig farm
    // and its operator without any suffix.
    if !out.is_empty() {
        return;
    }
    let person = PERSON_ANY_RE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|g| g.as_str())
        .find(|x| *x != "某" && !SETS.stop.contains(*x))
        .map(|x| format!("{x}某"));
    for m in HINT_RE.find_iter(text) {
        if let Some(class) = SETS.hint.get(m.as_str()) {
            if !out.iter().any(|p| &p.class == class) {
                out.push(Polluter {
                    class: class.clone(),
                    name: person.clone(),
                });
            }
        }
    }
}

/// The trade name (字号) of a written polluter name: place names, boundary
/// words and generic words dropped, the first two characters kept.
fn trade_name(raw: &str) -> Option<String> {
    let mut s = raw;
    // Drop everything up to the last place suffix: 「民东村宏达」→「宏达」.
    if let Some(i) = SETS
        .place_suffix_chars
        .iter()
        .filter_map(|p| s.rfind(p.as_str()).map(|i| i + p.len()))
        .max()
    {
        s = &s[i..];
    }
    if let Some(i) = SETS
        .boundary
        .iter()
        .filter_map(|b| s.rfind(b.as_str()).map(|i| i + b.len()))
        .max()
    {
        s = &s[i..];
    }
    // Drop county or city prefixes: 「东坡区宏达」→「宏达」.
    for p in ["区", "县", "市"] {
        if let Some(i) = s.find(p) {
            if s[i + p.len()..].chars().count() >= 2 {
                s = &s[i + p.len()..];
            }
        }
    }
    let mut name = s.to_string();
    for g in &SETS.generic {
        if name.chars().count() > 2 {
            name = name.replace(g.as_str(), "");
        }
    }
    if name.contains('某') || name.contains('X') || name.contains('*') {
        return None;
    }
    let first: String = name.chars().take(2).collect();
    if first.chars().count() < 2
        || SETS.stop.contains(&first)
        || first.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(first)
}

fn kinds_in(column: &str, text: &str, kinds: &mut Vec<Kind>, fine: &mut Vec<Fine>) {
    for part in column.split(['、', ',', '，', '/', ';', '；', ' ', '和', '及']) {
        let part = part.trim_end_matches("类").trim_end_matches("污染");
        let key = if part.is_empty() { continue } else { part };
        if let Some(k) = SETS
            .kind_column
            .get(key)
            .or_else(|| SETS.kind_column.get(&format!("{key}污染")))
        {
            kinds.push(*k);
        }
    }
    for m in KIND_RE.find_iter(text) {
        if let Some(f) = SETS.kind_fine.get(m.as_str()) {
            fine.push(*f);
            kinds.push(f.coarse());
        }
    }
    kinds.sort();
    kinds.dedup();
    fine.sort();
    fine.dedup();
}

fn terms_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = JIEBA
        .cut(text, false)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && w.chars().all(is_name_char))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !w.contains('某') && !SETS.stop.contains(*w))
        .map(String::from)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// All features of one petition. Never fails: an empty or odd text simply
/// yields fewer features.
pub fn extract(p: &Petition) -> Features {
    let text = normalize::clean(&p.text);
    let address = normalize::clean(&p.address);
    let area_cell = normalize::clean(&p.area);
    let mut places = vec![];
    // The address and the area cell may name the town or village too.
    for t in [&address, &area_cell, &text] {
        places_in(t, &mut places);
    }
    places.sort();
    places.dedup();
    let mut polluters = vec![];
    polluters_in(&format!("{address}，{text}"), &mut polluters);
    polluters.sort();
    polluters.dedup();
    // A named polluter makes the unnamed mention of its class redundant.
    let named: HashSet<String> = polluters
        .iter()
        .filter(|p| p.name.is_some())
        .map(|p| p.class.clone())
        .collect();
    polluters.retain(|p| p.name.is_some() || !named.contains(&p.class));
    let mut kinds = vec![];
    let mut fine = vec![];
    kinds_in(&normalize::clean(&p.kind), &text, &mut kinds, &mut fine);
    let text_dates = DATE_RE
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect();
    let terms = {
        let mut t = terms_in(&format!("{address}，{text}"));
        // Place and trade names are features of their own; as terms they would count twice.
        t.retain(|w| {
            !places.iter().any(|p| p.name.contains(w.as_str()))
                && !polluters
                    .iter()
                    .any(|p| p.name.as_deref().is_some_and(|n| w.contains(n)))
                && !p.area.contains(w.as_str())
        });
        t
    };
    Features {
        area: normalize::area(&p.area),
        kinds,
        fine,
        places,
        polluters,
        terms,
        text_dates,
        day: p.date.map(|d| d.num_days_from_ce()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pet(text: &str) -> Petition {
        Petition {
            id: "1".into(),
            text: text.into(),
            area: "眉山市东坡区".into(),
            ..Default::default()
        }
    }

    fn names(f: &Features, level: Level) -> Vec<String> {
        f.places
            .iter()
            .filter(|p| p.level == level)
            .map(|p| p.name.clone())
            .collect()
    }

    #[test]
    fn town_village_and_group() {
        let f = extract(&pet("来电人反映金秋湖镇民东村3组有一个养猪场臭味很大"));
        assert_eq!(names(&f, Level::Town), vec!["金秋湖镇"]);
        assert_eq!(names(&f, Level::Village), vec!["民东村"]);
        assert_eq!(names(&f, Level::Site), vec!["民东村3组"]);
        assert_eq!(f.area, "东坡区");
    }

    #[test]
    fn chinese_group_numbers_normalise() {
        let f = extract(&pet("白马镇石桥村三组"));
        assert_eq!(names(&f, Level::Site), vec!["石桥村3组"]);
    }

    #[test]
    fn common_words_are_no_places() {
        let f = extract(&pet("村民反映该村村口的农村道路上乡镇企业排污"));
        assert!(f.places.is_empty(), "{:?}", f.places);
        let f = extract(&pet("某某镇某某村有人烧垃圾"));
        assert!(f.places.is_empty(), "{:?}", f.places);
    }

    #[test]
    fn road_with_number_is_a_site() {
        let f = extract(&pet("人民路58号楼下烧烤店油烟扰民"));
        assert_eq!(names(&f, Level::Road), vec!["人民路"]);
        assert_eq!(names(&f, Level::Site), vec!["人民路58号"]);
    }

    #[test]
    fn polluters_with_trade_names_and_classes() {
        let f = extract(&pet("民东村宏达砂石有限公司和旁边的洗砂场粉尘大"));
        assert!(f.polluters.contains(&Polluter {
            class: "公司".into(),
            name: Some("宏达".into())
        }));
        assert!(f.polluters.iter().any(|p| p.class == "砂石场"));
    }

    #[test]
    fn person_named_operators() {
        let f = extract(&pet("村民张某的养猪场粪水直排"));
        assert_eq!(
            f.polluters,
            vec![Polluter {
                class: "猪场".into(),
                name: Some("张某".into())
            }]
        );
        let f = extract(&pet("王某某家猪圈臭"));
        assert_eq!(f.polluters[0].name.as_deref(), Some("王某"));
    }

    #[test]
    fn pig_farm_written_three_ways_is_one_class() {
        for t in ["生猪养殖场", "养猪场", "有人在家养猪"] {
            let f = extract(&pet(t));
            assert!(f.polluters.iter().any(|p| p.class == "猪场"), "{t}");
        }
    }

    #[test]
    fn kinds_from_column_and_text() {
        let mut p = pet("半夜机器轰鸣，还有粉尘");
        p.kind = "大气、噪声".into();
        let f = extract(&p);
        assert_eq!(f.kinds, vec![Kind::Air, Kind::Noise]);
        assert_eq!(f.fine, vec![Fine::Noise, Fine::Dust]);
    }

    #[test]
    fn terms_skip_stop_words() {
        let f = extract(&pet("希望相关部门处理洗砂场的泥浆水"));
        assert!(f.terms.contains(&"洗砂场".to_string()));
        assert!(!f.terms.contains(&"希望".to_string()));
    }

    #[test]
    fn dates_in_text() {
        let f = extract(&pet("2023年5月3日晚上和6月开始"));
        assert_eq!(f.text_dates, vec!["2023年5月3日", "6月"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "村",
            "镇镇镇",
            "３号",
            "路58号",
            "🙂村🙂",
            "某",
            "厂",
            "的厂",
        ] {
            let _ = extract(&pet(t));
        }
    }
}
