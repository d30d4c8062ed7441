//! Candidate pairs without comparing all pairs: petitions are blocked by
//! (area, coarse kind) and, inside a block, paired only when they share an
//! index key — a village or site, a named polluter, a polluter class or one
//! of their rarest terms. Keys posted by more than `max_postings` petitions
//! of a block are too common to discriminate and are skipped.

use crate::features::{generic_class, Features, Kind, Level};
use crate::score::Corpus;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Config {
    pub max_postings: usize,
    /// How many of a petition's rarest terms become keys.
    pub rare_terms: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_postings: 200,
            rare_terms: 4,
        }
    }
}

/// Slot for petitions whose kind is unknown: they are compared with every
/// kind of their area (the fallback block by area only).
const UNKNOWN: u8 = Kind::ALL.len() as u8;

fn slot(k: Kind) -> u8 {
    Kind::ALL.iter().position(|x| *x == k).unwrap_or(0) as u8
}

/// The index keys of one petition, as interned ids.
fn keys(
    f: &Features,
    terms: &[u32],
    corpus: &Corpus,
    cfg: &Config,
    intern: &mut HashMap<String, u32>,
) -> Vec<u32> {
    let mut id = |s: String| -> u32 {
        let n = intern.len() as u32;
        *intern.entry(s).or_insert(n)
    };
    let mut out = vec![];
    for p in &f.places {
        if p.level != Level::Town {
            out.push(id(format!("p{}", p.name)));
        }
    }
    for p in &f.polluters {
        if let Some(n) = &p.name {
            out.push(id(format!("n{n}")));
        }
        // The class too when named: 「河边镇的化工厂」 meets 「锦源化工有限公司」.
        if p.name.is_none() {
            out.push(id(format!("c{}", p.class)));
        }
    }
    // Rarest terms that at least one other petition shares.
    let mut rare: Vec<u32> = terms
        .iter()
        .copied()
        .filter(|&t| corpus.df[t as usize] >= 2)
        .collect();
    rare.sort_by(|x, y| {
        corpus.df[*x as usize]
            .cmp(&corpus.df[*y as usize])
            .then(x.cmp(y))
    });
    for t in rare.into_iter().take(cfg.rare_terms) {
        out.push(id(format!("t{}", corpus.vocab[t as usize])));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The blocks (areas) of each petition. A county-level area is one block;
/// a city-level area (「临沂市」, `city == area`) is its own block and also
/// every county of that city that the list shows (「南阳市内乡县」 puts
/// 内乡县 under 南阳市), so 「南阳市」 meets 「内乡县」.
fn blocks(feats: &[Features]) -> Vec<Vec<u32>> {
    let mut areas: HashMap<&str, u32> = HashMap::new();
    let mut children: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut own = Vec::with_capacity(feats.len());
    for f in feats {
        let n = areas.len() as u32;
        let a = *areas.entry(f.area.as_str()).or_insert(n);
        own.push(a);
        if !f.city.is_empty() && f.city != f.area {
            let c = children.entry(f.city.as_str()).or_default();
            if !c.contains(&a) {
                c.push(a);
            }
        }
    }
    feats
        .iter()
        .zip(own)
        .map(|(f, a)| {
            let mut b = vec![a];
            if !f.city.is_empty() && f.city == f.area {
                if let Some(c) = children.get(f.city.as_str()) {
                    b.extend(c.iter().copied());
                }
            }
            b
        })
        .collect()
}

/// Candidate pairs (i < j), sorted and distinct.
pub fn candidates(feats: &[Features], corpus: &Corpus, cfg: &Config) -> Vec<(u32, u32)> {
    let blocks = blocks(feats);
    let mut intern: HashMap<String, u32> = HashMap::new();
    let mut postings: HashMap<(u32, u8, u32), Vec<u32>> = HashMap::new();
    let mut unknown: Vec<(u32, &[u32], Vec<u32>)> = vec![];
    let mut named: Vec<u32> = vec![];
    let empty = vec![];
    for (i, f) in feats.iter().enumerate() {
        let areas = blocks[i].as_slice();
        let terms = corpus.terms.get(i).unwrap_or(&empty);
        let ks = keys(f, terms, corpus, cfg, &mut intern);
        let slots: Vec<u8> = if f.kinds.is_empty() {
            vec![UNKNOWN]
        } else {
            f.kinds.iter().map(|k| slot(*k)).collect()
        };
        for &area in areas {
            for &k in &ks {
                for &s in &slots {
                    postings.entry((area, s, k)).or_default().push(i as u32);
                }
            }
        }
        if f.kinds.is_empty() {
            unknown.push((i as u32, areas, ks));
        }
        // A named polluter also looks up the unnamed ones of its class
        // (「锦源化工有限公司」 meets 「河边镇的化工厂」) without posting a key
        // of its own, so the index does not grow by a key per petition.
        if f.polluters
            .iter()
            .any(|p| p.name.is_some() && !generic_class(&p.class))
        {
            named.push(i as u32);
        }
    }
    let mut pairs: Vec<u64> = vec![];
    let push = |pairs: &mut Vec<u64>, a: u32, b: u32| {
        if a != b {
            let (x, y) = if a < b { (a, b) } else { (b, a) };
            pairs.push(((x as u64) << 32) | y as u64);
        }
    };
    for list in postings.values() {
        if list.len() > cfg.max_postings {
            continue;
        }
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                push(&mut pairs, a, b);
            }
        }
    }
    // A named polluter also looks up the unnamed ones of its class
    // (「锦源化工有限公司」 meets 「河边镇的化工厂」) without posting a key of
    // its own, so the index does not grow by a key per petition.
    for &i in &named {
        let f = &feats[i as usize];
        let probes: Vec<u32> = f
            .polluters
            .iter()
            .filter(|p| p.name.is_some() && !generic_class(&p.class))
            .filter_map(|p| intern.get(&format!("c{}", p.class)).copied())
            .collect();
        let slots = f.kinds.iter().map(|k| slot(*k)).chain([UNKNOWN]);
        for s in slots {
            for area in &blocks[i as usize] {
                for k in &probes {
                    if let Some(list) = postings.get(&(*area, s, *k)) {
                        if list.len() <= cfg.max_postings {
                            for &b in list {
                                push(&mut pairs, i, b);
                            }
                        }
                    }
                }
            }
        }
    }
    // Unknown kind: also against every kind of the same area.
    for (i, areas, ks) in &unknown {
        for area in *areas {
            for k in ks {
                for s in 0..UNKNOWN {
                    if let Some(list) = postings.get(&(*area, s, *k)) {
                        if list.len() <= cfg.max_postings {
                            for &b in list {
                                push(&mut pairs, *i, b);
                            }
                        }
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{extract, Petition};

    fn p(area: &str, kind: &str, text: &str) -> Petition {
        Petition {
            id: text.into(),
            area: area.into(),
            kind: kind.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn run(ps: &[Petition]) -> Vec<(u32, u32)> {
        let f: Vec<Features> = ps.iter().map(extract).collect();
        let c = Corpus::new(&f);
        candidates(&f, &c, &Config::default())
    }

    #[test]
    fn same_village_same_kind_is_a_candidate() {
        let c = run(&[
            p("东坡区", "大气", "民东村养猪场臭"),
            p("东坡区", "大气", "民东村猪场臭气熏天"),
        ]);
        assert_eq!(c, vec![(0, 1)]);
    }

    #[test]
    fn other_area_or_other_kind_is_not() {
        let c = run(&[
            p("东坡区", "大气", "民东村养猪场臭"),
            p("彭山区", "大气", "民东村养猪场臭"),
            p("东坡区", "噪声", "民东村KTV吵"),
        ]);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn a_city_level_area_meets_the_counties_of_that_city() {
        let c = run(&[
            p("南阳市内乡县", "大气", "马山口镇东沟村养猪场臭"),
            p("南阳市", "大气", "马山口镇东沟村猪场臭气熏天"),
            p("衡阳市祁东县", "大气", "马山口镇东沟村猪场臭气熏天"),
        ]);
        assert_eq!(c, vec![(0, 1)]);
    }

    #[test]
    fn a_named_polluter_meets_the_unnamed_ones_of_its_class() {
        let c = run(&[
            p("大英县", "大气", "河边镇锦源化工有限公司夜间排放刺激性气味"),
            p("大英县", "大气", "河边镇的化工厂晚上偷排废气"),
        ]);
        assert_eq!(c, vec![(0, 1)]);
    }

    #[test]
    fn unknown_kind_meets_every_kind_of_its_area() {
        let c = run(&[
            p("东坡区", "大气", "民东村养猪场臭"),
            p("东坡区", "", "民东村那个养猪场"),
        ]);
        assert_eq!(c, vec![(0, 1)]);
    }

    #[test]
    fn frequent_keys_are_capped() {
        let ps: Vec<Petition> = (0..30).map(|_| p("东坡区", "大气", "民东村")).collect();
        let f: Vec<Features> = ps.iter().map(extract).collect();
        let c = Corpus::new(&f);
        let cfg = Config {
            max_postings: 10,
            rare_terms: 4,
        };
        assert!(candidates(&f, &c, &cfg).is_empty());
    }
}
