//! The pair score: a sum of named parts, each visible in the explanation, so
//! staff see why two petitions were put together (or kept apart).

use crate::features::{generic_class, is_person, Features, Kind, Level, Polluter};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Interned terms with their IDF over the petitions being compared.
#[derive(Debug, Default)]
pub struct Corpus {
    pub vocab: Vec<String>,
    pub idf: Vec<f32>,
    pub df: Vec<u32>,
    /// Each petition's term ids, sorted.
    pub terms: Vec<Vec<u32>>,
    /// Each petition's IDF-weight norm.
    norms: Vec<f32>,
}

impl Corpus {
    pub fn new(feats: &[Features]) -> Self {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut vocab: Vec<String> = vec![];
        let mut df: Vec<u32> = vec![];
        let mut terms = Vec::with_capacity(feats.len());
        for f in feats {
            let mut t: Vec<u32> = f
                .terms
                .iter()
                .map(|w| {
                    *ids.entry(w.as_str()).or_insert_with(|| {
                        vocab.push(w.clone());
                        df.push(0);
                        (vocab.len() - 1) as u32
                    })
                })
                .collect();
            t.sort_unstable();
            t.dedup();
            for &id in &t {
                df[id as usize] += 1;
            }
            terms.push(t);
        }
        let n = feats.len().max(1) as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (n / d as f32).ln() + 1.0).collect();
        let norms = terms
            .iter()
            .map(|t| {
                t.iter()
                    .map(|&i| idf[i as usize].powi(2))
                    .sum::<f32>()
                    .sqrt()
            })
            .collect();
        Corpus {
            vocab,
            idf,
            df,
            terms,
            norms,
        }
    }

    /// IDF-weighted similarity of two petitions' terms (the mean of cosine and
    /// overlap coefficient) and the shared term ids.
    fn cosine(&self, i: usize, j: usize, shared: &mut Vec<u32>) -> f32 {
        let (Some(a), Some(b)) = (self.terms.get(i), self.terms.get(j)) else {
            return 0.0;
        };
        let (mut x, mut y, mut dot) = (0, 0, 0.0f32);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let w = self.idf[a[x] as usize];
                    dot += w * w;
                    shared.push(a[x]);
                    x += 1;
                    y += 1;
                }
            }
        }
        let d = self.norms[i] * self.norms[j];
        if d <= 0.0 {
            return 0.0;
        }
        // Short texts (10–30 characters) share few words with a long letter
        // about the same matter: the cosine is averaged with the share of
        // the shorter text's weight that the longer one repeats.
        let short = self.norms[i].min(self.norms[j]).powi(2);
        let overlap = if short > 0.0 { dot / short } else { 0.0 };
        0.5 * (dot / d + overlap.min(1.0))
    }
}

/// The weights of the parts. Calibrated by `examples/calibrate.rs` (grid
/// search, cross-validated by area over both hand-marked lists); see README.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub site: f32,
    pub village: f32,
    pub road: f32,
    pub town: f32,
    pub other_village: f32,
    /// Both name a site (组, 门牌) under one shared village or road, and not the same.
    pub other_site: f32,
    pub other_town: f32,
    pub same_name: f32,
    pub other_name: f32,
    pub same_class: f32,
    pub other_class: f32,
    pub terms: f32,
    pub same_kind: f32,
    /// Fine kinds disjoint but the coarse kind shared (odour and smoke: air),
    /// no polluter shared.
    pub near_kind: f32,
    pub other_kind: f32,
    pub other_kind_same_polluter: f32,
    pub near_date: f32,
    pub near_days: i32,
    /// One names a polluter and the other none: what the second is about
    /// is open (「花桥村的山塘」 beside 「花桥村刘某猪场」).
    pub one_sided: f32,
    /// One of the two says it is about another one (「另一家」) and no name is shared.
    pub another: f32,
    /// A candidate pair scoring below this with a conflict of identity
    /// (other village, site, town or named polluter) may not end up in one
    /// group through other pairs.
    pub veto: f32,
    /// A pair at or above this is suggested as one matter.
    pub threshold: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            site: 0.45,
            village: 0.30,
            road: 0.20,
            town: 0.05,
            other_village: -0.45,
            other_site: -0.45,
            other_town: -0.30,
            same_name: 0.40,
            other_name: -0.40,
            same_class: 0.15,
            other_class: -0.30,
            terms: 0.60,
            same_kind: 0.10,
            near_kind: -0.15,
            other_kind: -0.15,
            other_kind_same_polluter: -0.40,
            near_date: 0.05,
            near_days: 45,
            another: -0.30,
            one_sided: -0.10,
            veto: 0.30,
            threshold: 0.50,
        }
    }
}

/// Why two petitions are (or are not) one matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The most specific places both name.
    pub shared_places: Vec<String>,
    pub shared_polluters: Vec<String>,
    /// Shared content words, rarest first.
    pub shared_terms: Vec<String>,
    /// The pollution kind both describe (fine label), if any.
    pub kind: Option<String>,
    /// What speaks against the match: different village, other polluter…
    pub conflicts: Vec<String>,
    pub score: f32,
}

fn at(f: &Features, level: Level) -> impl Iterator<Item = &str> {
    f.places
        .iter()
        .filter(move |p| p.level == level)
        .map(|p| p.name.as_str())
}

fn shared_at(a: &Features, b: &Features, level: Level) -> Vec<String> {
    at(a, level)
        .filter(|n| at(b, level).any(|m| m == *n))
        .map(String::from)
        .collect()
}

fn has(f: &Features, level: Level) -> bool {
    at(f, level).next().is_some()
}

fn named(f: &Features) -> impl Iterator<Item = &Polluter> {
    f.polluters.iter().filter(|p| p.name.is_some())
}

fn same_name_any(a: &Features, b: &Features) -> bool {
    named(a).any(|p| named(b).any(|q| q.name == p.name))
}

fn names_of(f: &Features, person: bool) -> impl Iterator<Item = &str> {
    named(f)
        .filter_map(|p| p.name.as_deref())
        .filter(move |n| is_person(n) == person)
}

/// Animal farms: 养殖场 says the trade, not the animal, and fits 猪场,
/// 鸡场, 鸭场 and 牛场 (「养殖户投肥养鱼」 and 「鸡粪养鱼」).
fn farm_fits(x: &str, y: &str) -> bool {
    let farm = |c: &str| matches!(c, "猪场" | "鸡场" | "鸭场" | "牛场" | "养殖场");
    (x == "养殖场" && farm(y)) || (y == "养殖场" && farm(x))
}

/// Both name sites under one shared village or road (its name is the
/// site's prefix: 花桥村8组, 建设路156号) and no site is shared.
fn other_site(a: &Features, b: &Features, parents: &[String]) -> bool {
    parents.iter().any(|p| {
        at(a, Level::Site).any(|s| s.starts_with(p.as_str()))
            && at(b, Level::Site).any(|s| s.starts_with(p.as_str()))
    })
}

/// Scores the pair (i, j) of the corpus. With `explain` false the
/// explanation's lists stay empty, for speed on candidate pairs.
pub fn compare(
    a: &Features,
    b: &Features,
    corpus: &Corpus,
    (i, j): (usize, usize),
    w: &Weights,
    explain: bool,
) -> Explanation {
    compare_full(a, b, corpus, (i, j), w, explain).0
}

/// [`compare`] and whether the two conflict in identity: another village,
/// site or town, or another named polluter of the same kind of name.
pub fn compare_full(
    a: &Features,
    b: &Features,
    corpus: &Corpus,
    (i, j): (usize, usize),
    w: &Weights,
    explain: bool,
) -> (Explanation, bool) {
    let mut e = Explanation::default();
    let mut s = 0.0f32;
    let mut identity = false;

    // Places: the most specific shared level counts; a different village or
    // town under the same county, or another 组 or house number under the
    // same village or road, is the classic hard negative.
    let sites = shared_at(a, b, Level::Site);
    let villages = shared_at(a, b, Level::Village);
    let roads = shared_at(a, b, Level::Road);
    let towns = shared_at(a, b, Level::Town);
    let no_site = sites.is_empty();
    let parents: Vec<String> = villages.iter().chain(roads.iter()).cloned().collect();
    if !sites.is_empty() {
        s += w.site;
        e.shared_places = sites;
    } else if !villages.is_empty() {
        s += w.village;
        e.shared_places = villages.clone();
    } else if !roads.is_empty() {
        s += w.road;
        e.shared_places = roads;
    } else if !towns.is_empty() {
        s += w.town;
        e.shared_places = towns.clone();
    }
    if villages.is_empty() && has(a, Level::Village) && has(b, Level::Village) {
        s += w.other_village;
        identity = true;
        e.conflicts.push("不同村(社区)".into());
    } else if no_site && other_site(a, b, &parents) {
        s += w.other_site;
        identity = true;
        e.conflicts.push("同村(路)不同组(门牌)".into());
    }
    if towns.is_empty() && has(a, Level::Town) && has(b, Level::Town) {
        s += w.other_town;
        identity = true;
        e.conflicts.push("不同乡镇(街道)".into());
    }

    // Polluters: a shared trade name or operator is strong evidence; two
    // different names of one kind (two trade names, two operators) are two
    // enterprises. An operator and a trade name may be one enterprise.
    let same_names: Vec<String> = named(a)
        .filter(|p| named(b).any(|q| q.name == p.name))
        .map(Polluter::label)
        .collect();
    if !same_names.is_empty() {
        s += w.same_name;
        e.shared_polluters = same_names;
    } else if [true, false]
        .iter()
        .any(|&person| names_of(a, person).next().is_some() && names_of(b, person).next().is_some())
    {
        s += w.other_name;
        identity = true;
        e.conflicts.push("不同企业(经营者)".into());
    }
    // Classes: 公司 or 厂 say nothing of the trade and fit every class.
    let classes: Vec<String> = a
        .polluters
        .iter()
        .filter(|p| !generic_class(&p.class) && b.polluters.iter().any(|q| q.class == p.class))
        .map(|p| p.class.clone())
        .collect();
    let compatible = same_name_any(a, b)
        || a.polluters.iter().any(|p| {
            b.polluters.iter().any(|q| {
                p.class == q.class
                    || generic_class(&p.class)
                    || generic_class(&q.class)
                    || farm_fits(&p.class, &q.class)
            })
        });
    if !classes.is_empty() {
        if e.shared_polluters.is_empty() {
            s += w.same_class;
            e.shared_polluters = classes;
            e.shared_polluters.dedup();
        }
    } else if !compatible && !a.polluters.is_empty() && !b.polluters.is_empty() {
        s += w.other_class;
        e.conflicts.push("污染源类别不同".into());
    }
    if a.polluters.is_empty() != b.polluters.is_empty() {
        s += w.one_sided;
    }
    if (a.another || b.another) && !same_name_any(a, b) {
        s += w.another;
        e.conflicts.push("另一家".into());
    }

    // Content words, IDF-weighted.
    let mut shared = vec![];
    let cos = corpus.cosine(i, j, &mut shared);
    s += w.terms * cos;
    if explain {
        shared.sort_by(|x, y| {
            corpus.idf[*y as usize]
                .total_cmp(&corpus.idf[*x as usize])
                .then(x.cmp(y))
        });
        e.shared_terms = shared
            .iter()
            .take(8)
            .map(|&t| corpus.vocab[t as usize].clone())
            .collect();
    }

    // Kind of pollution: the same fine kind, the same coarse kind (odour and
    // smoke are both air), or another kind altogether.
    let same_fine = a.fine.iter().find(|f| b.fine.contains(f));
    let columns_apart = !a.column.is_empty()
        && !b.column.is_empty()
        && !a.column.iter().any(|k| b.column.contains(k));
    if columns_apart && !e.shared_polluters.is_empty() {
        // One polluter, and the 污染类型 columns share no kind (「大气」 and
        // 「水、土壤」): another matter of that polluter, whatever side
        // remark (「有异味」) the texts share.
        s += w.other_kind_same_polluter;
        e.conflicts.push("污染类型不同".into());
    } else if let Some(f) = same_fine {
        s += w.same_kind;
        e.kind = Some(f.label().to_string());
    } else if (a.fine.is_empty() || b.fine.is_empty()) && a.kinds.len() == 1 && a.kinds == b.kinds {
        // One text too short to say more than the column: the same single
        // coarse kind (「生态」 and 「生态」) is the same kind.
        s += w.same_kind;
        e.kind = a.kinds.first().map(|k| {
            match k {
                Kind::Air => "大气",
                Kind::Water => "水",
                Kind::Noise => "噪声",
                Kind::Soil => "土壤",
                Kind::Waste => "固废",
                Kind::Ecology => "生态",
            }
            .to_string()
        });
    } else if !a.fine.is_empty() && !b.fine.is_empty() {
        let near = a
            .fine
            .iter()
            .any(|f| b.fine.iter().any(|g| g.coarse() == f.coarse()));
        if !e.shared_polluters.is_empty() {
            // One polluter, another kind of pollution: another matter.
            s += w.other_kind_same_polluter;
            e.conflicts.push("污染类型不同".into());
        } else if near {
            s += w.near_kind;
        } else {
            s += w.other_kind;
            e.conflicts.push("污染类型不同".into());
        }
    }

    if let (Some(x), Some(y)) = (a.day, b.day) {
        if (x - y).abs() <= w.near_days {
            s += w.near_date;
        }
    }
    e.score = (s * 1000.0).round() / 1000.0;
    if !explain {
        e.conflicts.clear();
    }
    (e, identity)
}
