//! Rebound (反弹): a new petition about a matter already closed — a
//! signed-off problem or a closed petition — is flagged with the closed item
//! it matches and why. Same features and score as duplicate detection, with
//! an index over the closed items only.

use crate::features::{extract, Features, Petition};
use crate::score::{compare, Corpus, Explanation, Weights};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedKind {
    /// A problem signed off (销号).
    Problem,
    /// A petition closed (办结).
    Petition,
}

/// Something closed that may come back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClosedItem {
    pub id: String,
    pub kind: ClosedKind,
    pub area: String,
    /// The problem's or the petition's text.
    pub text: String,
    /// 污染类型 if known.
    pub pollution: String,
}

/// A red `rebound` warning on a new petition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rebound {
    pub closed_id: String,
    pub closed_kind: ClosedKind,
    pub explanation: Explanation,
}

pub struct ReboundIndex {
    items: Vec<ClosedItem>,
    feats: Vec<Features>,
    /// (area, key) → closed items naming it.
    postings: HashMap<(String, String), Vec<u32>>,
    weights: Weights,
}

fn keys(f: &Features) -> Vec<String> {
    let mut k: Vec<String> = f
        .places
        .iter()
        .filter(|p| p.level != crate::features::Level::Town)
        .map(|p| format!("p{}", p.name))
        .collect();
    k.extend(f.polluters.iter().map(|p| match &p.name {
        Some(n) => format!("n{n}"),
        None => format!("c{}", p.class),
    }));
    k.sort();
    k.dedup();
    k
}

impl ReboundIndex {
    pub fn new(items: Vec<ClosedItem>, weights: Weights) -> Self {
        let feats: Vec<Features> = items
            .iter()
            .map(|c| {
                extract(&Petition {
                    id: c.id.clone(),
                    area: c.area.clone(),
                    kind: c.pollution.clone(),
                    text: c.text.clone(),
                    ..Default::default()
                })
            })
            .collect();
        let mut postings: HashMap<(String, String), Vec<u32>> = HashMap::new();
        for (i, f) in feats.iter().enumerate() {
            for k in keys(f) {
                postings
                    .entry((f.area.clone(), k))
                    .or_default()
                    .push(i as u32);
            }
        }
        ReboundIndex {
            items,
            feats,
            postings,
            weights,
        }
    }

    /// The best-matching closed item at or above the threshold, if any.
    pub fn check(&self, p: &Petition) -> Option<Rebound> {
        let f = extract(p);
        let mut cands: Vec<u32> = keys(&f)
            .into_iter()
            .filter_map(|k| self.postings.get(&(f.area.clone(), k)))
            .flatten()
            .copied()
            .collect();
        cands.sort_unstable();
        cands.dedup();
        // IDF over the candidates and the new petition: small, and local to
        // the question asked.
        let mut local: Vec<Features> = cands
            .iter()
            .filter_map(|&c| self.feats.get(c as usize).cloned())
            .collect();
        local.push(f);
        let corpus = Corpus::new(&local);
        let me = local.len() - 1;
        let best = (0..me)
            .map(|i| {
                (
                    i,
                    compare(&local[me], &local[i], &corpus, (me, i), &self.weights, true),
                )
            })
            .filter(|(_, e)| e.score >= self.weights.threshold)
            .max_by(|x, y| x.1.score.total_cmp(&y.1.score).then(y.0.cmp(&x.0)))?;
        let item = self.items.get(*cands.get(best.0)? as usize)?;
        Some(Rebound {
            closed_id: item.id.clone(),
            closed_kind: item.kind,
            explanation: best.1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(id: &str, text: &str) -> ClosedItem {
        ClosedItem {
            id: id.into(),
            kind: ClosedKind::Problem,
            area: "东坡区".into(),
            text: text.into(),
            pollution: "大气".into(),
        }
    }

    fn new(text: &str) -> Petition {
        Petition {
            id: "N1".into(),
            area: "眉山市东坡区".into(),
            kind: "大气".into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn index() -> ReboundIndex {
        ReboundIndex::new(
            vec![
                closed("P1", "金秋湖镇民东村张某生猪养殖场粪污直排、臭气扰民问题"),
                closed("P2", "金秋湖镇石桥村宏达砂石场扬尘污染问题"),
            ],
            Weights::default(),
        )
    }

    #[test]
    fn a_signed_off_farm_that_smells_again_is_a_rebound() {
        let r = index().check(&new(
            "民东村张某家的猪场又开始臭了，整改完没几个月又恢复原样",
        ));
        let r = r.expect("rebound");
        assert_eq!(r.closed_id, "P1");
        assert!(r.explanation.shared_places.contains(&"民东村".to_string()));
    }

    #[test]
    fn another_village_is_not() {
        assert!(index().check(&new("白鹤村李某养猪场臭气熏天")).is_none());
    }

    #[test]
    fn empty_index_and_text() {
        let i = ReboundIndex::new(vec![], Weights::default());
        assert!(i.check(&new("")).is_none());
    }
}
