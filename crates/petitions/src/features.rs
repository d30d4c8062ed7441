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

/// The administrative prefixes (county, city) at the start of a place or
/// trade name: 「衡南县车江」→「车江」, 「耒阳市灶市」→「灶市」, 「白地市」
/// stays (the remainder would be shorter than two characters).
fn drop_admin_prefix(mut s: &str) -> &str {
    loop {
        let cut = ["省", "市", "县", "区", "州"]
            .iter()
            .filter_map(|p| s.find(p).map(|i| i + p.len()))
            .filter(|&i| s[i..].chars().count() >= 2)
            .min();
        match cut {
            Some(i) => s = &s[i..],
            None => return s,
        }
    }
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
    let mut prev_town_end: Option<usize> = None;
    let mut village: Option<String> = None;
    for m in re.find_iter(text) {
        let suffix = m.as_str();
        let Some(&level) = levels.get(suffix) else {
            continue;
        };
        let rest = &text[m.end()..];
        // 「灶市街街道」「人民路社区」: a road ending followed by a town or
        // village ending is part of that name.
        if level == Level::Road
            && re.find(rest).is_some_and(|n| {
                n.start() == 0 && levels.get(n.as_str()).is_some_and(|l| *l <= Level::Village)
            })
        {
            continue;
        }
        // 「内乡县」「乡宁县」: a county whose name holds a town ending.
        if level == Level::Town && rest.starts_with(['县', '市', '区', '旗']) {
            continue;
        }
        let prev_floor = floor;
        let town_end = prev_town_end.take();
        floor = m.end();
        let max = if level == Level::Site { 8 } else { 6 };
        let s = drop_admin_prefix(stem(text, prev_floor, m.start(), max));
        // 「村民」「镇政府」 are common words, but a village right after its
        // town (「三塘镇白沙村长兴公司」) is a place whatever follows.
        let right_after_town = level == Level::Village
            && town_end.is_some_and(|e| e <= m.start() && &text[e..m.start()] == s);
        // 「军屯路旁一砂场」「沙田路段」「解放路口」: beside, along or at a
        // road is on that road.
        let road_side = level == Level::Road && rest.starts_with(['旁', '边', '段', '口']);
        if SETS.next_block.iter().any(|b| rest.starts_with(b.as_str()))
            && !starts_a_place(rest)
            && !right_after_town
            && !road_side
        {
            continue;
        }
        if s.chars().count() < 2
            || SETS.bad_place.contains(s)
            || s.contains('某')
            || s.contains('X')
        {
            continue;
        }
        let name = format!("{s}{suffix}");
        match level {
            Level::Town => prev_town_end = Some(m.end()),
            Level::Village => {
                village = Some(name.clone());
            }
            Level::Road => {
                if let Some(h) = HOUSE_RE.captures(rest) {
                    let num = h.get(1).map_or("", |g| g.as_str());
                    // 「302号旁边的服装店」: the number is a landmark.
                    if !landmark(&rest[h.get(0).map_or(0, |g| g.end())..]) {
                        out.push(Place {
                            level: Level::Site,
                            name: format!("{name}{num}号"),
                        });
                    }
                }
            }
            _ => {}
        }
        out.push(Place { level, name });
    }
    rivers_in(text, out);
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
        if landmark(&text[all.end()..]) {
            continue;
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

/// River sections (「汉江段」「汉江河道」「清水河县城段」) are places at
/// road level, named by the river: a stretch of river is where a sand
/// dredger or a discharge is, as a road is for a shop. A river only
/// written as where waste goes (「排入清水河」) is no place.
fn rivers_in(text: &str, out: &mut Vec<Place>) {
    for c in RIVER_RE.captures_iter(text) {
        let (Some(head), Some(end)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let head = head.as_str();
        let cut = head
            .char_indices()
            .filter(|(_, ch)| "镇乡村县市区组道在的了到入进排向往和与及".contains(*ch))
            .map(|(i, ch)| i + ch.len_utf8())
            .max()
            .unwrap_or(0);
        let stem = cut_boundary(&head[cut..]);
        if stem.is_empty()
            || SETS.bad_place.contains(stem)
            || SETS.stop.contains(stem)
            || stem.chars().any(|ch| !is_name_char(ch) || ch.is_ascii())
        {
            continue;
        }
        // 「青溪河段」 and 「青溪河道」 read either way: 青溪河 = 青溪.
        let name = format!("{stem}{}", end.as_str());
        let name = match name.strip_suffix('河') {
            Some(r) if r.ends_with(['江', '溪']) => r.to_string(),
            _ => name,
        };
        out.push(Place {
            level: Level::Road,
            name,
        });
    }
}

/// Whether the words after a place or polluter make it a landmark
/// (「…旁边的」) rather than the subject.
fn landmark(after: &str) -> bool {
    SETS.landmark_after
        .iter()
        .any(|w| after.starts_with(w.as_str()))
}

/// A shop named by its owner's family (「杨记烧烤」「老杨烧烤」「杨家烧烤店」
/// 「马家牛肉面」): the operator 杨某, one name however written.
fn family_name(name: &str) -> Option<String> {
    let c: Vec<char> = name.chars().collect();
    let x = match c[..] {
        ['老', x] | [x, '记'] | [x, '家'] => x,
        _ => return None,
    };
    // Common surnames only: 「老表烧烤」 is no 表某.
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    SURNAMES.contains(x).then(|| format!("{x}某"))
}

/// The operators a text names anywhere (「罗某」「老板姓刘」「刘老板」), as 「X某」, distinct.
fn operators_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for c in OPERATOR_RE.captures_iter(text) {
        let Some(g) = (1..=5).find_map(|i| c.get(i)) else {
            continue;
        };
        let x = g.as_str();
        if x == "某"
            || SETS.stop.contains(x)
            || "的是个家大小老该这那其新被给向找一有人场厂店站".contains(x)
        {
            continue;
        }
        let name = format!("{x}某");
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn polluters_in(text: &str, admin: &[String], out: &mut Vec<Polluter>) {
    let mut floor = 0;
    let mut last_end: Option<usize> = None;
    for m in POLLUTER_RE.find_iter(text) {
        let suffix = m.as_str();
        let mut class = SETS
            .suffix_class
            .get(suffix)
            .cloned()
            .unwrap_or_else(|| suffix.to_string());
        // A wharf (「江边码头砂石装卸」) is a polluter of its own, but 码头 is
        // also a word inside shop names (「老码头火锅店」「“老码头烧烤”」):
        // followed closely by another polluter's ending, or inside quotes,
        // it is inside that name.
        if class == "码头" {
            let after = &text[m.end()..];
            let name_end = after
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(after.len(), |(i, _)| i);
            let inner = after[name_end..].starts_with(['”', '"', '」', '’'])
                || after
                    .char_indices()
                    .take_while(|(i, _)| *i < name_end.min(12))
                    .any(|(i, _)| {
                        POLLUTER_RE
                            .find(&after[i..])
                            .is_some_and(|n| n.start() == 0)
                    });
            if inner {
                continue;
            }
        }
        let raw = &text[floor..m.start()];
        floor = m.end();
        // 「华兴化工有限公司」: a legal form right after a polluter is that
        // polluter's, not an unnamed second one.
        if generic_class(&class) && last_end == Some(m.start()) {
            continue;
        }
        // 「填埋场旁边的养鸡场」: the first is a landmark, not the polluter;
        // 「瓦厂小组」「砖厂村」 are places.
        let after = &text[m.end()..];
        if landmark(after)
            || ["小组", "组", "村", "社区", "镇", "乡"]
                .iter()
                .any(|w| after.starts_with(w))
        {
            continue;
        }
        // 「“学府壹号”工地」: a quoted name right before the suffix is its name.
        // 「“蜀香园”川菜馆」: a trade word of up to two characters may stand
        // between the quote and the suffix.
        let closed = raw.strip_suffix(['”', '"', '」', '’']).or_else(|| {
            let i = raw.rfind(['”', '"', '」', '’'])?;
            let between = &raw[i..].chars().skip(1).collect::<String>();
            let n = between.chars().count();
            ((1..=2).contains(&n) && between.chars().all(is_name_char)).then(|| &raw[..i])
        });
        let quoted = closed
            .and_then(|r| {
                r.rfind(['“', '"', '「', '‘'])
                    .map(|i| &r[i + r[i..].chars().next().map_or(0, char::len_utf8)..])
            })
            .filter(|q| (2..=8).contains(&q.chars().count()) && q.chars().all(is_name_char));
        // Only the name characters right before the suffix belong to it.
        let mut raw_tail: String = if let Some(q) = quoted {
            q.to_string()
        } else {
            let mut v: Vec<char> = raw.chars().rev().take_while(|c| is_name_char(*c)).collect();
            v.truncate(12);
            v.into_iter().rev().collect()
        };
        // 「石材加工厂」: a plain factory whose trade word makes a listed
        // class (石材厂) takes that class.
        if class == "厂" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade = (1..=3.min(chars.len())).rev().find_map(|k| {
                let w: String = chars[chars.len() - k..].iter().collect();
                ["厂", "场"]
                    .iter()
                    .find_map(|e| SETS.suffix_class.get(&format!("{w}{e}")))
                    .filter(|c| c.as_str() != "厂" && c.as_str() != "*")
                    .cloned()
            });
            if let Some(t) = trade {
                class = t;
            }
        }
        // 「恒达石材有限公司」「长兴混凝土有限公司」: a company whose trade word
        // makes a listed class (石材厂, 搅拌站) takes that class.
        if class == "公司" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade = (2..=3.min(chars.len())).rev().find_map(|k| {
                let w: String = chars[chars.len() - k..].iter().collect();
                ["厂", "场", "站"]
                    .iter()
                    .find_map(|e| SETS.suffix_class.get(&format!("{w}{e}")))
                    .or_else(|| SETS.hint.get(&w))
                    .filter(|c| !generic_class(c) && c.as_str() != "厂" && c.as_str() != "*")
                    .cloned()
            });
            if let Some(t) = trade {
                class = t;
            }
        }
        // A shop of no listed trade (「音响店」「服装店」): the two characters
        // before 店 say what it sells, and are its class.
        if class == "*" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade: String = chars.iter().rev().take(2).rev().collect();
            class = if chars.len() >= 2
                && !SETS.stop.contains(&trade)
                && !SETS.boundary.contains(&trade)
                && !trade.contains(['家', '个', '的', '某'])
            {
                raw_tail = chars[..chars.len() - 2].iter().collect();
                format!("{trade}店")
            } else {
                "店".to_string()
            };
        }
        // 「泡菜厂（恒信）」「养鸡场（老板姓周）」: the name follows in brackets.
        let bracket = BRACKET_RE
            .captures(&text[m.end()..])
            .and_then(|c| c.get(1))
            .map(|g| g.as_str().to_string());
        // The name written before the suffix wins over a bracket, which may
        // describe the trade instead (「宏源食品有限公司（黄花菜加工）」).
        let name = if let Some(p) = PERSON_RE.captures(&raw_tail) {
            p.get(1).map(|g| format!("{}某", g.as_str()))
        } else if let Some(n) = trade_name(&raw_tail, admin) {
            Some(n)
        } else if let Some(q) = quoted {
            // A quoted name is a name whatever it ends in (「学府壹号」).
            let first: String = q.chars().take(2).collect();
            (!SETS.generic.contains(&first) && !SETS.stop.contains(&first)).then_some(first)
        } else {
            bracket.as_deref().and_then(|b| bracket_name(b, admin))
        };
        out.push(Polluter { class, name });
        last_end = Some(m.end());
    }
    // 「“老表烧烤”」: a quoted name ending in a trade word (a hint, not a
    // listed suffix) is a named polluter of that trade.
    for c in QUOTED_RE.captures_iter(text) {
        let Some(q) = c.get(1).map(|g| g.as_str()) else {
            continue;
        };
        let Some(class) = HINT_RE
            .find_iter(q)
            .last()
            .filter(|h| h.end() == q.len() && h.start() > 0)
            .and_then(|h| SETS.hint.get(h.as_str()))
        else {
            continue;
        };
        let first: String = q.chars().take(2).collect();
        if first.chars().count() < 2
            || SETS.generic.contains(&first)
            || SETS.stop.contains(&first)
            || !first.chars().all(is_name_char)
        {
            continue;
        }
        if out
            .iter()
            .any(|p| p.name.as_deref() == Some(first.as_str()))
        {
            continue;
        }
        match out
            .iter_mut()
            .find(|p| p.name.is_none() && (&p.class == class || generic_class(&p.class)))
        {
            Some(p) => p.name = Some(first),
            None => out.push(Polluter {
                class: class.clone(),
                name: Some(first),
            }),
        }
    }
    // A polluter without a written name takes the operator the text names,
    // when it names exactly one (「罗某家养了二十几头猪，猪圈就在…」).
    let ops = operators_in(text);
    if !out.is_empty() {
        if ops.len() == 1 && out.iter().all(|p| p.name.is_none()) {
            for p in out.iter_mut() {
                p.name = ops.first().cloned();
            }
        }
        return;
    }
    // Only when no polluter is written out: 「李某在房后养猪」 names a pig farm
    // and its operator without any suffix.
    let person = ops.first().cloned();
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
/// words, the area's own names (眉山, 衡南) and generic words dropped, the
/// first two characters kept. 「老陈」 is an operator: 陈某.
fn trade_name(raw: &str, admin: &[String]) -> Option<String> {
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
    for words in [&SETS.boundary, &SETS.name_bad] {
        if let Some(i) = words
            .iter()
            .filter_map(|b| s.rfind(b.as_str()).map(|i| i + b.len()))
            .max()
        {
            s = &s[i..];
        }
    }
    // 「兰陵县化工园区」: a county or city right before the suffix is a place.
    if s.ends_with(['县', '市', '区', '省', '州']) {
        return None;
    }
    // Drop county or city prefixes: 「东坡区宏达」→「宏达」, 「眉山宏达」→「宏达」.
    s = drop_admin_prefix(s);
    for a in admin {
        if let Some(r) = s.strip_prefix(a.as_str()) {
            if r.chars().count() >= 2 {
                s = r;
            }
        }
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 2 && chars[0] == '老' && !SETS.generic.contains(&s[3..].to_string()) {
        return Some(format!("{}某", chars[1]));
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
        || SETS.generic.contains(&first)
        || SETS
            .place_suffix_chars
            .iter()
            .any(|p| first.ends_with(p.as_str()))
        || SETS.stop.contains(&first)
        || SETS.name_bad.contains(&first)
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

/// A city-level area cell (「临沂市」) whose text names a county that is the
/// area of another petition of the list (「兰陵县向城镇…」) takes that county
/// as its area; the city stays in `city`. Runs over the whole list, after
/// [`extract`].
pub fn link_areas(petitions: &[Petition], feats: &mut [Features]) {
    let counties: HashSet<String> = feats
        .iter()
        .filter(|f| f.city != f.area && f.area.chars().count() >= 3)
        .map(|f| f.area.clone())
        .collect();
    if counties.is_empty() {
        return;
    }
    for (p, f) in petitions.iter().zip(feats.iter_mut()) {
        if f.city.is_empty() || f.city != f.area {
            continue;
        }
        let text = normalize::clean(&format!("{}，{}", p.address, p.text));
        let mut named = counties.iter().filter(|c| text.contains(c.as_str()));
        if let (Some(c), None) = (named.next(), named.next()) {
            f.area = c.clone();
        }
    }
}

/// Village names written bare (「石门段洗砂场」「石门那边的砂场」): a trade
/// name read from a petition that is the name of a village another petition
/// of the same area writes out (「石门村」) is that village, not a name.
/// Runs over the whole list, after [`extract`] and before [`link_mentions`].
pub fn link_villages(petitions: &[Petition], feats: &mut [Features]) {
    let suffixes = LEXICON.get("village_suffix").words();
    // (area, the stem's first two characters) → (stem, village).
    let mut villages: HashMap<(&str, String), Vec<(&str, &str)>> = HashMap::new();
    for f in feats.iter() {
        for p in f.places.iter().filter(|p| p.level == Level::Village) {
            let Some(stem) = suffixes
                .iter()
                .find_map(|x| p.name.strip_suffix(x))
                .filter(|s| s.chars().count() >= 2)
            else {
                continue;
            };
            let head: String = stem.chars().take(2).collect();
            let e = villages.entry((f.area.as_str(), head)).or_default();
            if !e.iter().any(|(s, _)| *s == stem) {
                e.push((stem, &p.name));
            }
        }
    }
    if villages.is_empty() {
        return;
    }
    let mut found: Vec<(usize, usize, String)> = vec![];
    for (i, (pet, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        // Cleaned only when a name is some village's head.
        let mut cleaned: Option<String> = None;
        for (k, p) in f.polluters.iter().enumerate() {
            let Some(n) = p.name.as_deref().filter(|n| !is_person(n)) else {
                continue;
            };
            // The village's whole stem, written bare in this text.
            let Some(list) = villages.get(&(f.area.as_str(), n.to_string())) else {
                continue;
            };
            let text: &str =
                cleaned.get_or_insert_with(|| text_of(&format!("{}，{}", pet.address, pet.text)));
            let hit = list.iter().find(|(stem, _)| {
                text.match_indices(*stem).any(|(at, _)| {
                    let after = &text[at + stem.len()..];
                    !suffixes.iter().any(|x| after.starts_with(x))
                })
            });
            if let Some((_, village)) = hit {
                // Another village written out keeps the name a name.
                if f.places
                    .iter()
                    .any(|q| q.level == Level::Village && q.name != **village)
                {
                    continue;
                }
                found.push((i, k, village.to_string()));
            }
        }
    }
    for (i, k, village) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        if let Some(p) = f.polluters.get_mut(k) {
            p.name = None;
        }
        if !f.places.iter().any(|q| q.name == village) {
            f.places.push(Place {
                level: Level::Village,
                name: village,
            });
        }
        f.polluters.sort();
        f.polluters.dedup();
    }
}

/// (stem, village) pairs of villages whose stems start alike.
type Stems = Vec<(String, String)>;

/// Village names written without their ending (「塘下韩田工业区」「汀田寺前村段」
/// 「其塔木腰站屯」): the stem of a village that another petition of the
/// same area writes out (「韩田村」), found bare in this petition's text, is
/// that village, unless the petition already names another village. A
/// city-level area (「温州市」) looks among the villages of its counties.
/// Runs over the whole list, after [`link_villages`].
pub fn link_bare_villages(petitions: &[Petition], feats: &mut [Features]) {
    let suffixes = LEXICON.get("village_suffix").words();
    let town = LEXICON.get("town_suffix").words();
    // A town written without its ending before the village (「三岔河雨龙村」
    // beside 「三岔河镇」 and 「雨龙村」 elsewhere in the area) is that village.
    let mut towns: HashSet<(String, String)> = HashSet::new();
    let mut known: HashSet<(String, String)> = HashSet::new();
    for f in feats.iter() {
        for p in &f.places {
            if p.level == Level::Town {
                if let Some(stem) = town.iter().find_map(|x| p.name.strip_suffix(x)) {
                    towns.insert((f.area.clone(), stem.to_string()));
                }
            } else if p.level == Level::Village {
                known.insert((f.area.clone(), p.name.clone()));
            }
        }
    }
    for f in feats.iter_mut() {
        let area = f.area.clone();
        let mut changed = false;
        for p in f.places.iter_mut().filter(|p| p.level == Level::Village) {
            let glued = p.name.char_indices().skip(2).find(|(at, _)| {
                let (head, tail) = p.name.split_at(*at);
                tail.chars().count() >= 3
                    && towns.contains(&(area.clone(), head.to_string()))
                    && known.contains(&(area.clone(), tail.to_string()))
            });
            if let Some((at, _)) = glued {
                p.name = p.name[at..].to_string();
                changed = true;
            }
        }
        if changed {
            f.places.sort();
            f.places.dedup();
        }
    }
    // (area, the stem's first two characters) → (stem, village).
    let mut villages: HashMap<(&str, [char; 2]), Stems> = HashMap::new();
    for f in feats.iter() {
        for p in f.places.iter().filter(|p| p.level == Level::Village) {
            let Some(stem) = suffixes
                .iter()
                .find_map(|x| p.name.strip_suffix(x))
                .filter(|s| s.chars().count() >= 2)
            else {
                continue;
            };
            let c: Vec<char> = stem.chars().take(2).collect();
            let head = [c[0], c[1]];
            let mut areas = vec![f.area.as_str()];
            if !f.city.is_empty() && f.city != f.area {
                areas.push(f.city.as_str());
            }
            for a in areas {
                let e = villages.entry((a, head)).or_default();
                if !e.iter().any(|(s, _)| s == stem) {
                    e.push((stem.to_string(), p.name.clone()));
                }
            }
        }
    }
    if villages.is_empty() {
        return;
    }
    let mut found: Vec<(usize, String)> = vec![];
    for (i, (pet, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        if f.places.iter().any(|q| q.level == Level::Village) {
            continue;
        }
        let text = text_of(&format!("{}，{}", pet.address, pet.text));
        let mut hits: Vec<&str> = vec![];
        for (at, _) in text.char_indices() {
            let mut cs = text[at..].chars();
            let (Some(x), Some(y)) = (cs.next(), cs.next()) else {
                break;
            };
            let Some(list) = villages.get(&(f.area.as_str(), [x, y])) else {
                continue;
            };
            for (stem, village) in list {
                let rest = &text[at..];
                let Some(after) = rest.strip_prefix(stem.as_str()) else {
                    continue;
                };
                // 「塘下镇」 is a town, not the village 「塘下村」.
                if town.iter().any(|t| after.starts_with(t)) {
                    continue;
                }
                if !hits.contains(&village.as_str()) {
                    hits.push(village);
                }
            }
        }
        // One village only: two would be a guess.
        if let [v] = hits[..] {
            found.push((i, v.to_string()));
        }
    }
    for (i, village) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        f.places.push(Place {
            level: Level::Village,
            name: village,
        });
        f.places.sort();
        f.places.dedup();
    }
    // 「水头康店“宏发石业”」: a polluter ending (店) inside a village's name
    // (康店村) read a polluter 「头康店」 that is the village.
    for f in feats.iter_mut() {
        let stems: Vec<String> = f
            .places
            .iter()
            .filter(|p| p.level == Level::Village)
            .filter_map(|p| suffixes.iter().find_map(|x| p.name.strip_suffix(x)))
            .filter(|s| s.chars().count() >= 2)
            .map(str::to_string)
            .collect();
        if stems.is_empty() {
            continue;
        }
        f.polluters.retain(|p| {
            !stems
                .iter()
                .any(|s| p.class.ends_with(s.as_str()) && !SETS.suffix_class.contains_key(&p.class))
        });
    }
}

static RIVER_AT_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:镇|乡|街道)([\p{Han}]{1,3}?[江河])(?:河段|段|河道|河里|里|上|边|那边|河滩|滩)")
        .unwrap_or_else(|_| never())
});

/// Rivers where the matter is (「隆盛镇圭江那边有船抽沙」「太京镇藉河里挖沙」):
/// a river written right after a town and followed by a section, bed, bank
/// or 「里」 is a road-level place; and once the list knows it, so is the
/// same river of the area written bare (「信丰大塘埠桃江上的抽沙船」), unless
/// it only receives waste (「排入圭江」). Runs over the whole list.
pub fn link_rivers(petitions: &[Petition], feats: &mut [Features]) {
    let texts: Vec<String> = petitions
        .iter()
        .map(|p| text_of(&format!("{}，{}", p.address, p.text)))
        .collect();
    let mut rivers: HashMap<String, Vec<String>> = HashMap::new();
    for (t, f) in texts.iter().zip(feats.iter()) {
        for c in RIVER_AT_RE.captures_iter(t) {
            let Some(r) = c.get(1) else { continue };
            let e = rivers.entry(f.area.clone()).or_default();
            if !e.iter().any(|x| x == r.as_str()) {
                e.push(r.as_str().to_string());
            }
        }
    }
    if rivers.is_empty() {
        return;
    }
    for (t, f) in texts.iter().zip(feats.iter_mut()) {
        let Some(list) = rivers.get(&f.area) else {
            continue;
        };
        let mut added = false;
        for r in list {
            let written = t.match_indices(r.as_str()).any(|(at, _)| {
                let before = t[..at].chars().next_back();
                !matches!(before, Some('入' | '进' | '到' | '往' | '向'))
            });
            if written && !f.places.iter().any(|q| q.name.contains(r.as_str())) {
                f.places.push(Place {
                    level: Level::Road,
                    name: r.clone(),
                });
                added = true;
            }
        }
        if added {
            f.places.sort();
            f.places.dedup();
        }
    }
}

/// Trade names written bare, without a listed suffix (「建设路湘味轩的油烟」):
/// a trade name that another petition of the same area gives its polluter
/// (「湘味轩饭店」→ 湘味) is read wherever it occurs in this petition's text,
/// outside its place names. Runs over the whole list, after [`extract`].
pub fn link_mentions(petitions: &[Petition], feats: &mut [Features]) {
    let mut known: HashMap<(&str, [char; 2]), String> = HashMap::new();
    // A city-level cell and the counties the list shows under that city
    // read each other's names (「滇东硅业有限公司」 under 「曲靖市」 is read in
    // a petition of 「陆良县」 of 曲靖市).
    let mut counties: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in feats.iter() {
        if !f.city.is_empty() && f.city != f.area {
            let c = counties.entry(f.city.as_str()).or_default();
            if !c.contains(&f.area.as_str()) {
                c.push(f.area.as_str());
            }
        }
    }
    let families: Vec<Vec<&str>> = feats
        .iter()
        .map(|f| {
            let mut out = vec![f.area.as_str()];
            if !f.city.is_empty() && f.city != f.area {
                out.push(f.city.as_str());
            } else if let Some(c) = counties.get(f.area.as_str()) {
                out.extend(c.iter().copied());
            }
            out
        })
        .collect();
    for (f, family) in feats.iter().zip(&families) {
        for p in &f.polluters {
            let Some(n) = p.name.as_deref().filter(|n| !is_person(n)) else {
                continue;
            };
            let c: Vec<char> = n.chars().collect();
            if let [x, y] = c[..] {
                for &a in family {
                    let e = known.entry((a, [x, y])).or_insert_with(|| p.class.clone());
                    if generic_class(e) && !generic_class(&p.class) {
                        *e = p.class.clone();
                    }
                }
            }
        }
    }
    if known.is_empty() {
        return;
    }
    let mut found: Vec<(usize, String, String)> = vec![];
    for (i, (p, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        let text = text_of(&format!("{}，{}", p.address, p.text));
        let chars: Vec<char> = text.chars().collect();
        for (at, w) in chars.windows(2).enumerate() {
            let Some(class) = known.get(&(f.area.as_str(), [w[0], w[1]])) else {
                continue;
            };
            // 「水岸名邸旁边的工地」: a name beside which the matter is, is a
            // landmark, not the polluter.
            let beside = (0..=4).any(|k| {
                let rest: String = chars.iter().skip(at + 2 + k).take(3).collect();
                landmark(&rest)
            });
            if beside {
                continue;
            }
            let name: String = w.iter().collect();
            if f.polluters
                .iter()
                .any(|p| p.name.as_deref() == Some(name.as_str()))
                || f.places.iter().any(|p| p.name.contains(name.as_str()))
                || found.iter().any(|(j, n, _)| *j == i && *n == name)
            {
                continue;
            }
            found.push((i, name, class.clone()));
        }
    }
    for (i, name, class) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        // An unnamed polluter of a fitting class takes the name; otherwise
        // the mention is a polluter of its own.
        let slot = f.polluters.iter_mut().find(|p| {
            p.name.is_none()
                && (p.class == class || generic_class(&p.class) || generic_class(&class))
        });
        match slot {
            Some(p) => p.name = Some(name),
            None => f.polluters.push(Polluter {
                class,
                name: Some(name),
            }),
        }
        f.polluters.sort();
        f.polluters.dedup();
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
