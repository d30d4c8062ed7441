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

mod link;
mod places;
mod polluters;
pub use link::{link_areas, link_bare_villages, link_mentions, link_rivers, link_villages};
use places::{drop_admin_prefix, places_in};
use polluters::{family_name, polluters_in, trade_name};

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
    /// The text says it is about another one of a kind (「另一家」).
    #[serde(default)]
    pub another: bool,
    /// The prefecture the area cell names (「南阳市内乡县」→「南阳市」), empty
    /// when it names none. When it equals `area` the cell is city-level and
    /// the petition may belong to any county of that city.
    #[serde(default)]
    pub city: String,
    /// Coarse kinds of the 污染类型 column alone, sorted.
    #[serde(default)]
    pub column: Vec<Kind>,
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

/// Province names without their endings; an enterprise's name may start
/// with one (「四川锦源化工」), which is then no trade name.
const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

static COUNTY_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(\p{Han}{2})(?:县|市)").unwrap_or_else(|_| never()));

static GROUP_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"第?([0-9一二三四五六七八九十两壹贰叁肆伍陆柒捌玖拾]{1,3})(?:村民小组|组|社|队)")
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
fn bracket_name(inside: &str, admin: &[String]) -> Option<String> {
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
    trade_name(inside, admin)
}

static KIND_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("kind_keyword").words())
    ))
    .unwrap_or_else(|_| never())
});

static QUOTED_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"[“"「]([^”"」]{3,10})[”"」]"#).unwrap_or_else(|_| never()));

static RIVER_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\p{Han}{1,4})(江|河|溪)(?:河段|河道|\p{Han}{0,3}段)").unwrap_or_else(|_| never())
});

static HINT_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("polluter_hint").words())
    ))
    .unwrap_or_else(|_| never())
});

static WEAK_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("kind_weak").words())
    ))
    .unwrap_or_else(|_| never())
});

static SYNONYM_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        "(?:{})",
        alternation(&LEXICON.get("synonym").words())
    ))
    .unwrap_or_else(|_| never())
});

/// An operator written anywhere: 「罗某」「老板姓刘」「刘老板」「张姓养猪户」
/// 「老马家的牛场」「老刘家养牛的」.
static OPERATOR_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"老板姓([\p{Han}])|([\p{Han}])老板|([\p{Han}])姓(?:养|的|人家|户|老板)|([\p{Han}])某+(?:[^某村镇乡街路区县市厂场公司店站]|$)|老([\p{Han}])家(?:的|养|开|那)",
    )
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
    kind_weak: LEXICON
        .get("kind_weak")
        .entries
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), Fine::parse(v)?)))
        .collect(),
    generic_class: LEXICON
        .get("polluter_generic_class")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    name_bad: LEXICON
        .get("name_bad")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    landmark_after: LEXICON
        .get("landmark_after")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    another: LEXICON
        .get("another")
        .words()
        .into_iter()
        .map(String::from)
        .collect(),
    synonym: LEXICON.get("synonym").entries.iter().cloned().collect(),
    place_suffix_chars: [
        "镇",
        "乡",
        "街道",
        "村",
        "社区",
        "组",
        "号",
        "路",
        "街",
        "小区",
        "大道",
        "村委会",
        "居委会",
        "小组",
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
    kind_weak: HashMap<String, Fine>,
    generic_class: HashSet<String>,
    name_bad: Vec<String>,
    landmark_after: Vec<String>,
    another: Vec<String>,
    synonym: HashMap<String, String>,
    place_suffix_chars: Vec<String>,
}

/// Whether a polluter class says only what an enterprise is legally or
/// generically (公司, 厂): such a class is compatible with every other.
pub fn generic_class(class: &str) -> bool {
    SETS.generic_class.contains(class)
}

/// Whether a polluter name is an operator (「张某」) rather than a trade name.
pub fn is_person(name: &str) -> bool {
    name.ends_with('某')
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
    cut_boundary(&text[start..at])
}

/// Cut a name after the right-most boundary word. A one-character boundary
/// word may be part of the name itself (太和村, 和平村): when the cut would
/// leave less than two characters that are no known non-name (「在本」→「本」
/// stays cut) and the word is no such non-name (该, 本), the cut before it
/// is taken instead.
fn cut_boundary(s: &str) -> &str {
    let mut cuts: Vec<(usize, usize)> = vec![];
    for b in &SETS.boundary {
        for (i, _) in s.match_indices(b.as_str()) {
            cuts.push((i + b.len(), b.chars().count()));
        }
    }
    cuts.sort_unstable();
    let Some(&(last, len)) = cuts.last() else {
        return s;
    };
    let rest = &s[last..];
    // 「该」「本」「我」 are never inside a name: 「找该村」 is no village.
    let word = s[..last]
        .chars()
        .next_back()
        .map(String::from)
        .unwrap_or_default();
    if len > 1
        || rest.chars().count() >= 2
        || SETS.bad_place.contains(rest)
        || SETS.bad_place.contains(&word)
    {
        return rest;
    }
    let ok = |r: &str| r.chars().count() >= 2 && !r.contains(['的', '了']);
    for &(end, len) in cuts.iter().rev().skip(1) {
        let r = &s[end..];
        if ok(r) {
            return r;
        }
        if len > 1 {
            return rest;
        }
    }
    if ok(s) {
        s
    } else {
        rest
    }
}

/// Whether the words after a place or polluter make it a landmark
/// (「…旁边的」) rather than the subject.
fn landmark(after: &str) -> bool {
    SETS.landmark_after
        .iter()
        .any(|w| after.starts_with(w.as_str()))
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
    // A keyword inside a polluter's name says what it is, not what it does
    // (「烧烤店」 is no smoke, 「垃圾填埋场」 no waste).
    let names: Vec<(usize, usize)> = POLLUTER_RE
        .find_iter(text)
        .filter(|m| m.as_str().chars().count() >= 2)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in KIND_RE.find_iter(text) {
        if names.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
            continue;
        }
        if let Some(f) = SETS.kind_fine.get(m.as_str()) {
            fine.push(*f);
            kinds.push(f.coarse());
        }
    }
    // 「扰民」「直排」 name a kind only when nothing more specific does.
    if fine.is_empty() {
        for m in WEAK_RE.find_iter(text) {
            if let Some(f) = SETS.kind_weak.get(m.as_str()) {
                fine.push(*f);
                kinds.push(f.coarse());
            }
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
    let text = text_of(&p.text);
    let address = text_of(&p.address);
    let area_cell = normalize::clean(&p.area);
    let mut places = vec![];
    // The address and the area cell may name the town or village too; the
    // cell's own county and city are no places (「内乡县」 is no 乡).
    let area_tail = area_cell
        .rfind(['县', '区', '市', '州', '旗'])
        .map_or(area_cell.as_str(), |i| {
            &area_cell[i + area_cell[i..].chars().next().map_or(0, char::len_utf8)..]
        })
        .to_string();
    for t in [&address, &area_tail, &text] {
        places_in(t, &mut places);
    }
    places.sort();
    places.dedup();
    let mut polluters = vec![];
    let mut admin = admin_names(&area_cell);
    // 「四川锦源化工有限公司」: a province is no trade name.
    admin.extend(PROVINCES.iter().map(|p| p.to_string()));
    // Counties and cities the text names (「兰陵县…」): 兰陵 is no trade name.
    for c in COUNTY_RE.captures_iter(&text) {
        if let Some(n) = c.get(1) {
            admin.push(n.as_str().to_string());
        }
    }
    polluters_in(&format!("{address}，{text}"), &admin, &mut polluters);
    for p in &mut polluters {
        if let Some(n) = p.name.as_deref().and_then(family_name) {
            p.name = Some(n);
        }
    }
    polluters.sort();
    polluters.dedup();
    // A named polluter makes the unnamed mention of its class redundant.
    let named: HashSet<String> = polluters
        .iter()
        .filter(|p| p.name.is_some())
        .map(|p| p.class.clone())
        .collect();
    polluters.retain(|p| p.name.is_some() || !named.contains(&p.class));
    // 「搅拌站粉尘大，附近学校孩子上学要戴口罩」: a school or hospital (class
    // 其他) beside a written polluter is who suffers, not a second polluter
    // that would fit every class.
    if polluters.iter().any(|p| p.class != "其他") {
        polluters.retain(|p| p.class != "其他" || p.name.is_some());
    }
    let mut kinds = vec![];
    let mut fine = vec![];
    let mut column = vec![];
    kinds_in(&normalize::clean(&p.kind), "", &mut column, &mut vec![]);
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
        another: SETS.another.iter().any(|w| text.contains(w.as_str())),
        city: normalize::city(&p.area),
        column,
    }
}

/// A text cleaned (normalize::clean) and its variant spellings rewritten
/// to one (the [synonym] list: 挖沙→采砂, 养诸场→养猪场).
pub(crate) fn text_of(raw: &str) -> String {
    let t = normalize::clean(raw);
    SYNONYM_RE
        .replace_all(&t, |c: &regex::Captures| {
            let w = c.get(0).map_or("", |m| m.as_str());
            SETS.synonym
                .get(w)
                .cloned()
                .unwrap_or_else(|| w.to_string())
        })
        .into_owned()
}

/// The names of the administrative units of an area cell, without their
/// endings: 「衡阳市衡南县」→ 衡阳, 衡南. A trade name never starts with them.
fn admin_names(area_cell: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = area_cell;
    while let Some((i, p)) = ["省", "自治区", "市", "县", "区", "州"]
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, *p)))
        .min()
    {
        let name = &rest[..i];
        if name.chars().count() >= 2 {
            out.push(name.to_string());
        }
        rest = &rest[i + p.len()..];
    }
    out
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
        // The company's trade word (砂石) gives its class; the unnamed
        // 洗砂场 of that class is then redundant.
        assert_eq!(
            f.polluters,
            vec![Polluter {
                class: "砂石场".into(),
                name: Some("宏达".into())
            }]
        );
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
