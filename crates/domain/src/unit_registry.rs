//! The unit registry's hygiene: which registered units are probably one body
//! written several ways (「津市」「津市市」「津市市党委、政府」, 「市环保局」 and
//! 「市生态环境局」, 「市生态环境局（牵头）」 left over from a list). Pure: the
//! application hands in the registry and shows the suggestions; merging is a
//! decision the office takes.
//!
//! Names are compared through a ladder of ever looser keys; two units are
//! suggested as one when a key agrees, and the first rung on which it agrees
//! is the reason (and sets the score):
//!
//! 1. [`DuplicateReason::SameNormalized`]: equal after spaces, full-/half-width
//!    brackets and letters are evened out;
//! 2. [`DuplicateReason::RoleMarker`]: equal after a left-over role marker
//!    (「（牵头）」「牵头」「（配合）」) is dropped;
//! 3. [`DuplicateReason::CountySuffix`] / [`DuplicateReason::TerritorialBody`]:
//!    the same county, district or city written with and without its 市/县/区
//!    (「津市」 and 「津市市」 are one; 「澧县」 and 「临澧县」 are not, nor are
//!    「衡阳县」 and 「衡阳市」), or the same territorial body in another form
//!    (「党委、政府」「委、政府」「党委和政府」「人民政府」「区委区政府」, or the bare
//!    place name);
//! 4. [`DuplicateReason::KnownAlias`]: equal once the known old and short
//!    names of departments (环保局 → 生态环境局, 住建局 → 住房和城乡建设局, …)
//!    are written out.

use crate::jurisdiction::{self, Jurisdiction};
use crate::normalize_unit_name;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A unit as the registry holds it: its name and every other name (alias)
/// that leads to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryUnit {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Why two units look like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// Equal but for spaces, full-/half-width brackets or letters.
    SameNormalized,
    /// Equal but for a role marker such as 「（牵头）」 left in the name.
    RoleMarker,
    /// One county, district or city with and without its 市/县/区.
    CountySuffix,
    /// One territorial body in another form (党委、政府 / 人民政府 / the place).
    TerritorialBody,
    /// Equal once known old or short department names are written out.
    KnownAlias,
}

impl DuplicateReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateReason::SameNormalized => "same_normalized",
            DuplicateReason::RoleMarker => "role_marker",
            DuplicateReason::CountySuffix => "county_suffix",
            DuplicateReason::TerritorialBody => "territorial_body",
            DuplicateReason::KnownAlias => "known_alias",
        }
    }

    /// How sure the suggestion is, 0–1.
    pub fn score(self) -> f64 {
        match self {
            DuplicateReason::SameNormalized => 1.0,
            DuplicateReason::RoleMarker => 0.95,
            DuplicateReason::CountySuffix => 0.9,
            DuplicateReason::TerritorialBody => 0.85,
            DuplicateReason::KnownAlias => 0.75,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DuplicateReason::SameNormalized => "名称仅空格、全半角括号不同",
            DuplicateReason::RoleMarker => "名称中残留“牵头”等角色标注",
            DuplicateReason::CountySuffix => "同一县（市、区）的名称有无“市/县/区”",
            DuplicateReason::TerritorialBody => "同一地方党委、政府的不同写法",
            DuplicateReason::KnownAlias => "部门的旧称或简称",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            DuplicateReason::SameNormalized => "differs only in spaces or bracket width",
            DuplicateReason::RoleMarker => "a role marker such as （牵头） left in the name",
            DuplicateReason::CountySuffix => "one county written with and without 市/县/区",
            DuplicateReason::TerritorialBody => {
                "one local Party committee and government, written differently"
            }
            DuplicateReason::KnownAlias => "an old or short name of the department",
        }
    }
}

/// One pair of units that look like one body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicatePair {
    pub a: i64,
    pub b: i64,
    pub reason: DuplicateReason,
    pub score: f64,
}

/// Units that look like one body: every member is linked to another by at
/// least one pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Unit ids, ascending.
    pub units: Vec<i64>,
    /// The pairs that link them, strongest first.
    pub pairs: Vec<DuplicatePair>,
    /// The distinct reasons of the pairs, strongest first.
    pub reasons: Vec<DuplicateReason>,
    /// The strongest pair's score.
    pub score: f64,
}

// ---- rung 1: normalized names ------------------------------------------

/// [`normalize_unit_name`] and more: every bracket kind becomes 「（」「）」,
/// full-width letters, digits and punctuation become half-width, the
/// ideographic space and other spaces go.
pub fn strong_normalize(name: &str) -> String {
    let once: String = name
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => None,
            '(' | '[' | '【' | '〔' | '［' | '｛' | '{' => Some('（'),
            ')' | ']' | '】' | '〕' | '］' | '｝' | '}' => Some('）'),
            ',' => Some('，'),
            '﹑' => Some('、'),
            // Full-width ASCII (Ａ, １, －) to half-width.
            c @ '\u{ff01}'..='\u{ff5e}' if !matches!(c, '（' | '）' | '，') => {
                char::from_u32(c as u32 - 0xfee0)
            }
            c => Some(c),
        })
        .collect();
    normalize_unit_name(&once)
}

// ---- rung 2: role markers -------------------------------------------------

const ROLE_MARKERS: [&str; 10] = [
    "（牵头单位）",
    "（牵头）",
    "（配合单位）",
    "（配合）",
    "（责任单位）",
    "（主体责任）",
    "（监管）",
    "牵头单位",
    "牵头",
    "配合",
];

/// The name without a trailing role marker (「市生态环境局（牵头）」 →
/// 「市生态环境局」); the name itself when it has none or would be emptied.
pub fn strip_role_marker(name: &str) -> String {
    let mut s = strong_normalize(name);
    loop {
        let before = s.len();
        for m in ROLE_MARKERS {
            if let Some(rest) = s.strip_suffix(m) {
                if rest.chars().count() >= 2 {
                    s = rest.trim_end_matches(['、', '，']).to_string();
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

// ---- rung 3: territorial bodies -------------------------------------------

/// Is `name` a collective name (「各县市区党委、政府」)? Collectives are not
/// one body and are never suggested as duplicates.
pub fn is_collective(name: &str) -> bool {
    strong_normalize(name).starts_with('各')
}

const LEVELS: [char; 3] = ['市', '县', '区'];

/// What a territorial body's name says it is: the Party committee
/// (党委, 县委), the government (政府, 人民政府), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BodyForm {
    pub party: bool,
    pub government: bool,
}

/// Parses the part of a name after the place: 「党委、政府」「委和人民政府」
/// 「区委区政府」「人民政府」 or nothing. `None` when it is anything else
/// (「生态环境局」).
pub fn parse_body_form(rest: &str) -> Option<BodyForm> {
    let s: String = rest
        .chars()
        .filter(|c| !matches!(c, '、' | '，' | '和' | '及' | '与' | '暨'))
        .collect();
    let mut s = s.as_str();
    let mut form = BodyForm::default();
    for party in ["党委", "市委", "县委", "区委", "委"] {
        if let Some(r) = s.strip_prefix(party) {
            form.party = true;
            s = r;
            break;
        }
    }
    for gov in [
        "市人民政府",
        "县人民政府",
        "区人民政府",
        "人民政府",
        "市政府",
        "县政府",
        "区政府",
        "政府",
    ] {
        if let Some(r) = s.strip_prefix(gov) {
            form.government = true;
            s = r;
            break;
        }
    }
    s.is_empty().then_some(form)
}

/// A territorial body: the place as written, its canonical name, and the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritorialBody {
    /// The place as the name writes it (「津市」).
    pub written: String,
    /// The place as the divisions table names it (「津市市」), or as written
    /// when the table does not know it.
    pub place: String,
    /// Whether the table knows the place.
    pub known: bool,
    pub form: BodyForm,
}

/// The canonical name of a place written `t`: itself when the divisions
/// know it; the one division named `t` + 市/县/区 when there is exactly one
/// (「津市」 → 「津市市」; 「衡阳」 stays, being both 衡阳市 and 衡阳县).
pub fn canonical_place(t: &str, divisions: &[Jurisdiction]) -> Option<String> {
    if divisions.iter().any(|j| j.name == t) {
        return Some(t.to_string());
    }
    let mut found = divisions.iter().filter(|j| {
        j.name
            .strip_prefix(t)
            .is_some_and(|rest| rest.chars().count() == 1 && rest.ends_with(LEVELS))
    });
    match (found.next(), found.next()) {
        (Some(j), None) => Some(j.name.clone()),
        _ => None,
    }
}

/// Reads `name` as a territorial body (「津市市党委、政府」, 「澧县」, 「鼎城区委
/// 区政府」): a place ending in 市, 县 or 区, of at least two characters,
/// followed by a body form or nothing. Places the divisions table knows are
/// preferred when the name splits more than one way (「津市市委」 is 津市市 +
/// 委, not 津市 + 市委).
pub fn territorial_body(name: &str, divisions: &[Jurisdiction]) -> Option<TerritorialBody> {
    let s = strip_role_marker(name);
    if s.starts_with('各') {
        return None;
    }
    // Every way the name splits into a place and a body form.
    let mut splits: Vec<(String, BodyForm)> = vec![];
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n < 1 || !LEVELS.contains(&c) {
            continue;
        }
        let (place, rest) = s.split_at(i + c.len_utf8());
        if place
            .chars()
            .any(|c| matches!(c, '委' | '府' | '、' | '，' | '（' | '）' | '和'))
        {
            break;
        }
        if let Some(form) = parse_body_form(rest) {
            splits.push((place.to_string(), form));
        }
    }
    let body = |(place, form): &(String, BodyForm), canonical: String| TerritorialBody {
        written: place.clone(),
        place: canonical,
        known: true,
        form: *form,
    };
    // A place the table names exactly, then one it names with 市/县/区 added.
    if let Some(sp) = splits
        .iter()
        .find(|(p, _)| divisions.iter().any(|j| &j.name == p))
    {
        return Some(body(sp, sp.0.clone()));
    }
    for sp in &splits {
        if let Some(canonical) = canonical_place(&sp.0, divisions) {
            return Some(body(sp, canonical));
        }
    }
    // A place the table does not know: 「某某市」 and 「某某」 are taken as one
    // only when what remains has two characters or more.
    splits.first().map(|(place, form)| {
        let short = place
            .strip_suffix(LEVELS)
            .filter(|s| s.chars().count() >= 2)
            .unwrap_or(place);
        TerritorialBody {
            written: place.clone(),
            place: short.to_string(),
            known: false,
            form: *form,
        }
    })
}

/// A department name with its county written canonically
/// (「津市生态环境局」 → 「津市市生态环境局」), for names that begin with a
/// county the table knows under exactly one name.
fn canonical_prefix(s: &str, divisions: &[Jurisdiction]) -> String {
    // The longest division name the name begins with.
    if let Some(j) = divisions
        .iter()
        .filter(|j| j.name.chars().count() >= 2 && s.starts_with(&j.name))
        .max_by_key(|j| j.name.len())
    {
        if s.len() > j.name.len() {
            return s.to_string();
        }
    }
    for j in divisions {
        let Some(short) = j.name.strip_suffix(LEVELS) else {
            continue;
        };
        if short.chars().count() < 2 || !s.starts_with(short) || s.starts_with(&j.name) {
            continue;
        }
        // 「衡阳」 is 衡阳市 and 衡阳县: no canonical form.
        if canonical_place(short, divisions).as_deref() == Some(j.name.as_str()) {
            let rest = &s[short.len()..];
            // 「津市市…」 already starts with the full name; 「津市」 alone is a body.
            if !rest.is_empty() && !rest.starts_with(LEVELS) {
                return format!("{}{rest}", j.name);
            }
        }
    }
    s.to_string()
}

// ---- rung 4: known aliases --------------------------------------------------

/// Old and short names of departments and what they are now called. The
/// longer variant is tried first.
const KNOWN_ALIASES: [(&str, &str); 27] = [
    ("环境保护局", "生态环境局"),
    ("环保局", "生态环境局"),
    ("住房与城乡建设局", "住房和城乡建设局"),
    ("住房城乡建设局", "住房和城乡建设局"),
    ("住建局", "住房和城乡建设局"),
    ("发展改革委员会", "发展和改革委员会"),
    ("发展改革委", "发展和改革委员会"),
    ("发改委", "发展和改革委员会"),
    ("自然资源规划局", "自然资源和规划局"),
    ("国土资源局", "自然资源和规划局"),
    ("自然资源局", "自然资源和规划局"),
    ("农业农村委员会", "农业农村局"),
    ("城市管理局", "城市管理和综合执法局"),
    ("城管执法局", "城市管理和综合执法局"),
    ("城管局", "城市管理和综合执法局"),
    ("工业和信息化委员会", "工业和信息化局"),
    ("经济和信息化委员会", "工业和信息化局"),
    ("经信委", "工业和信息化局"),
    ("工信局", "工业和信息化局"),
    ("交通局", "交通运输局"),
    ("市场监管局", "市场监督管理局"),
    ("卫生和计划生育委员会", "卫生健康委员会"),
    ("卫计委", "卫生健康委员会"),
    ("卫健委", "卫生健康委员会"),
    ("安全生产监督管理局", "应急管理局"),
    ("安监局", "应急管理局"),
    ("政府办公室", "人民政府办公室"),
];

/// The name with known old and short names written out.
pub fn expand_known_aliases(s: &str) -> String {
    for (from, to) in KNOWN_ALIASES {
        if s.contains(from) && !s.contains(to) {
            return s.replacen(from, to, 1);
        }
    }
    s.to_string()
}

// ---- the ladder -------------------------------------------------------------

/// The keys of one name, loosest last.
#[derive(Debug, Clone)]
struct Keys {
    normalized: String,
    unmarked: String,
    /// The territorial body, or the department with its county canonical.
    place: String,
    body: Option<TerritorialBody>,
    alias: String,
}

fn keys(name: &str, divisions: &[Jurisdiction]) -> Keys {
    let normalized = strong_normalize(name);
    let unmarked = strip_role_marker(name);
    let body = territorial_body(name, divisions);
    let place = match &body {
        Some(b) => format!("@{}", b.place),
        None => canonical_prefix(&unmarked, divisions),
    };
    let alias = match &body {
        Some(_) => place.clone(),
        None => expand_known_aliases(&place),
    };
    Keys {
        normalized,
        unmarked,
        place,
        body,
        alias,
    }
}

/// The first rung on which two names agree.
fn reason_between(a: &Keys, b: &Keys) -> Option<DuplicateReason> {
    if a.normalized == b.normalized {
        Some(DuplicateReason::SameNormalized)
    } else if a.unmarked == b.unmarked {
        Some(DuplicateReason::RoleMarker)
    } else if a.place == b.place {
        match (&a.body, &b.body) {
            (Some(x), Some(y)) if x.written == y.written => Some(DuplicateReason::TerritorialBody),
            (Some(x), Some(y)) if x.form != y.form => Some(DuplicateReason::TerritorialBody),
            _ => Some(DuplicateReason::CountySuffix),
        }
    } else if a.alias == b.alias {
        Some(DuplicateReason::KnownAlias)
    } else {
        None
    }
}

/// The suggested duplicates among `units`, using the shipped GB/T 2260
/// table to tell counties apart. Strongest groups first.
pub fn suggest_duplicates(units: &[RegistryUnit]) -> Vec<DuplicateGroup> {
    suggest_duplicates_with(units, &jurisdiction::known())
}

/// [`suggest_duplicates`] with another divisions table.
pub fn suggest_duplicates_with(
    units: &[RegistryUnit],
    divisions: &[Jurisdiction],
) -> Vec<DuplicateGroup> {
    // Every name of every unit, collectives left out.
    let mut names: Vec<(i64, Keys)> = vec![];
    for u in units {
        let mut seen = BTreeSet::new();
        for n in std::iter::once(&u.name).chain(u.aliases.iter()) {
            if is_collective(n) || n.trim().is_empty() || !seen.insert(strong_normalize(n)) {
                continue;
            }
            names.push((u.id, keys(n, divisions)));
        }
    }
    // Candidate pairs share at least the loosest key.
    let mut by_alias: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, k)) in names.iter().enumerate() {
        by_alias.entry(k.alias.as_str()).or_default().push(i);
    }
    let mut best: BTreeMap<(i64, i64), DuplicateReason> = BTreeMap::new();
    for idx in by_alias.values() {
        for (n, &i) in idx.iter().enumerate() {
            for &j in &idx[n + 1..] {
                let (ui, ki) = &names[i];
                let (uj, kj) = &names[j];
                if ui == uj {
                    continue;
                }
                let Some(r) = reason_between(ki, kj) else {
                    continue;
                };
                let key = (*ui.min(uj), *ui.max(uj));
                let e = best.entry(key).or_insert(r);
                if r < *e {
                    *e = r;
                }
            }
        }
    }
    // Groups: the connected pairs.
    let mut parent: HashMap<i64, i64> = HashMap::new();
    fn root(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let p = *parent.get(&x).unwrap_or(&x);
        if p == x {
            return x;
        }
        let r = root(parent, p);
        parent.insert(x, r);
        r
    }
    for &(a, b) in best.keys() {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut groups: BTreeMap<i64, DuplicateGroup> = BTreeMap::new();
    for (&(a, b), &reason) in &best {
        let r = root(&mut parent, a);
        let g = groups.entry(r).or_insert_with(|| DuplicateGroup {
            units: vec![],
            pairs: vec![],
            reasons: vec![],
            score: 0.0,
        });
        g.units.extend([a, b]);
        g.pairs.push(DuplicatePair {
            a,
            b,
            reason,
            score: reason.score(),
        });
    }
    let mut out: Vec<DuplicateGroup> = groups
        .into_values()
        .map(|mut g| {
            g.units.sort_unstable();
            g.units.dedup();
            g.pairs
                .sort_by(|x, y| x.reason.cmp(&y.reason).then(x.a.cmp(&y.a)));
            let reasons: BTreeSet<_> = g.pairs.iter().map(|p| p.reason).collect();
            g.reasons = reasons.into_iter().collect();
            g.score = g.pairs.first().map_or(0.0, |p| p.score);
            g
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.units.first().cmp(&y.units.first()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(names: &[&str]) -> Vec<RegistryUnit> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| RegistryUnit {
                id: i as i64 + 1,
                name: n.to_string(),
                aliases: vec![],
            })
            .collect()
    }

    /// The groups as sorted name lists.
    fn groups(names: &[&str]) -> Vec<(Vec<String>, Vec<DuplicateReason>)> {
        let units = reg(names);
        suggest_duplicates(&units)
            .into_iter()
            .map(|g| {
                let mut n: Vec<String> = g
                    .units
                    .iter()
                    .map(|id| units[(*id - 1) as usize].name.clone())
                    .collect();
                n.sort();
                (n, g.reasons)
            })
            .collect()
    }

    fn same(a: &str, b: &str) -> Option<DuplicateReason> {
        let g = suggest_duplicates(&reg(&[a, b]));
        g.first().map(|g| g.reasons[0])
    }

    #[test]
    fn jinshi_in_three_names_is_one_body() {
        let g = groups(&["津市", "津市市", "津市市党委、政府", "澧县", "临澧县"]);
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(g[0].0, vec!["津市", "津市市", "津市市党委、政府"]);
        assert!(g[0].1.contains(&DuplicateReason::CountySuffix));
        assert!(g[0].1.contains(&DuplicateReason::TerritorialBody));
        assert_eq!(same("津市", "津市市"), Some(DuplicateReason::CountySuffix));
    }

    #[test]
    fn neighbouring_counties_stay_apart() {
        assert_eq!(same("澧县", "临澧县"), None);
        assert_eq!(same("澧县党委、政府", "临澧县党委、政府"), None);
        assert_eq!(same("衡阳县人民政府", "衡阳市人民政府"), None);
        assert_eq!(same("长沙县", "长沙市"), None);
        assert_eq!(same("津市市生态环境局", "津市市"), None);
        assert_eq!(same("鼎城区人民政府", "武陵区人民政府"), None);
        assert_eq!(same("市生态环境局", "市住建局"), None);
    }

    #[test]
    fn forms_of_one_territorial_body() {
        let forms = [
            "鼎城区党委、政府",
            "鼎城区委、政府",
            "鼎城区党委和政府",
            "鼎城区人民政府",
            "鼎城区委区政府",
            "鼎城区委和人民政府",
        ];
        let g = groups(&forms);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].0.len(), forms.len());
        assert_eq!(
            same("澧县党委、政府", "澧县人民政府"),
            Some(DuplicateReason::TerritorialBody)
        );
        assert_eq!(
            same("津市党委、政府", "津市市人民政府"),
            Some(DuplicateReason::TerritorialBody)
        );
        // Places the table does not know: 宁乡县 became 宁乡市.
        assert_eq!(
            same("宁乡县人民政府", "宁乡市人民政府"),
            Some(DuplicateReason::CountySuffix)
        );
        assert_eq!(
            same("市政府办公室", "市人民政府办公室"),
            Some(DuplicateReason::KnownAlias)
        );
    }

    #[test]
    fn spacing_brackets_and_role_markers() {
        assert_eq!(
            same("市生态环境局 ", "市生态 环境局"),
            Some(DuplicateReason::SameNormalized)
        );
        assert_eq!(
            same("高新区管委会(筹)", "高新区管委会【筹】"),
            Some(DuplicateReason::SameNormalized)
        );
        assert_eq!(
            same("市生态环境局（牵头）", "市生态环境局"),
            Some(DuplicateReason::RoleMarker)
        );
        assert_eq!(
            same("市生态环境局(牵头)", "市生态环境局"),
            Some(DuplicateReason::RoleMarker)
        );
        assert_eq!(
            same("市住建局牵头", "市住建局"),
            Some(DuplicateReason::RoleMarker)
        );
    }

    #[test]
    fn known_aliases_and_county_departments() {
        assert_eq!(
            same("市环保局", "市生态环境局"),
            Some(DuplicateReason::KnownAlias)
        );
        assert_eq!(
            same("市住建局", "市住房和城乡建设局"),
            Some(DuplicateReason::KnownAlias)
        );
        assert_eq!(
            same("市发改委", "市发展和改革委员会"),
            Some(DuplicateReason::KnownAlias)
        );
        assert_eq!(
            same("津市生态环境局", "津市市生态环境局"),
            Some(DuplicateReason::CountySuffix)
        );
        // A unit's aliases count: 「市环境保护局」 renamed 市生态环境局 meets 「市环保局」.
        let units = vec![
            RegistryUnit {
                id: 1,
                name: "市生态环境局".into(),
                aliases: vec!["市环境保护局".into()],
            },
            RegistryUnit {
                id: 2,
                name: "市环境保护局（牵头）".into(),
                aliases: vec![],
            },
        ];
        let g = suggest_duplicates(&units);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].reasons, vec![DuplicateReason::RoleMarker]);
    }

    #[test]
    fn collectives_are_never_duplicates() {
        assert_eq!(same("各县市区党委、政府", "各县（市、区）党委、政府"), None);
        assert!(is_collective("各区县（市）"));
        assert!(!is_collective("市委办"));
    }

    #[test]
    fn territorial_body_reads_places() {
        let all = jurisdiction::known();
        let b = territorial_body("津市市委", &all).unwrap();
        assert_eq!((b.written.as_str(), b.place.as_str()), ("津市市", "津市市"));
        assert!(b.form.party && !b.form.government);
        let b = territorial_body("津市", &all).unwrap();
        assert_eq!(b.place, "津市市");
        assert!(territorial_body("市生态环境局", &all).is_none());
        assert!(territorial_body("市委", &all).is_none());
        assert!(territorial_body("高新区管委会", &all).is_none());
        let b = territorial_body("浏阳市委、市政府", &all).unwrap();
        assert_eq!(b.place, "浏阳");
        assert!(b.form.party && b.form.government);
        assert_eq!(canonical_place("衡阳", &all), None);
        assert_eq!(canonical_place("鼎城", &all).as_deref(), Some("鼎城区"));
    }

    #[test]
    fn groups_are_ordered_by_score() {
        let g = suggest_duplicates(&reg(&["市环保局", "市生态环境局", "市委办", "市委办 "]));
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].reasons, vec![DuplicateReason::SameNormalized]);
        assert_eq!(g[0].score, 1.0);
        assert_eq!(g[1].reasons, vec![DuplicateReason::KnownAlias]);
    }
}
