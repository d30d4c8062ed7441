//! Duplicate and rebound detection for petitions (信访件). Pure: text in,
//! groups and explanations out. See README.md for the algorithm.

pub mod candidates;
pub mod features;
pub mod group;
mod lexicon;
mod normalize;
pub mod rebound;
pub mod score;
pub mod synth;

pub use features::{extract, Features, Kind, Petition};
pub use group::{Decision, StaffDecision};
pub use score::{Explanation, Weights};

use serde::{Deserialize, Serialize};

/// A suggested pair: two 受理编号 and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Match {
    pub a: String,
    pub b: String,
    pub explanation: Explanation,
}

/// The answer of [`find_duplicates`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Duplicates {
    /// Each group one matter reported more than once, as 受理编号.
    pub groups: Vec<Vec<String>>,
    /// Every suggested pair above the threshold, strongest first.
    pub matches: Vec<Match>,
    /// How many pairs were scored (for the record: never all pairs).
    pub candidates: usize,
}

/// Features of many petitions, on all cores: extraction is the costly step.
pub fn extract_all(petitions: &[Petition]) -> Vec<Features> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    if threads == 1 || petitions.len() < 1000 {
        return petitions.iter().map(extract).collect();
    }
    let chunk = petitions.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = petitions
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(extract).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(petitions.len());
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                // A worker cannot panic on input (extract never does); if one
                // did, its share is recomputed here rather than lost.
                Err(_) => {
                    let done = out.len();
                    out.extend(
                        petitions[done..(done + chunk).min(petitions.len())]
                            .iter()
                            .map(extract),
                    );
                }
            }
        }
        out
    })
}

/// Scored candidate pairs (i, j, score) at or above the threshold.
pub fn score_pairs(
    feats: &[Features],
    corpus: &score::Corpus,
    pairs: &[(u32, u32)],
    w: &Weights,
) -> Vec<(u32, u32, f32)> {
    pairs
        .iter()
        .filter_map(|&(i, j)| {
            let (a, b) = (feats.get(i as usize)?, feats.get(j as usize)?);
            let e = score::compare(a, b, corpus, (i as usize, j as usize), w, false);
            (e.score >= w.threshold).then_some((i, j, e.score))
        })
        .collect()
}

/// Accepted pairs (i, j, score) and vetoed pairs (i, j) of [`score_candidates`].
pub type Scored = (Vec<(u32, u32, f32)>, Vec<(u32, u32)>);

/// Scored candidate pairs at or above the threshold, and the candidate
/// pairs that conflict in identity and score below `w.veto` (see
/// [`group::group_with_vetoes`]).
pub fn score_candidates(
    feats: &[Features],
    corpus: &score::Corpus,
    pairs: &[(u32, u32)],
    w: &Weights,
) -> Scored {
    let mut accepted = vec![];
    let mut vetoes = vec![];
    for &(i, j) in pairs {
        let (Some(a), Some(b)) = (feats.get(i as usize), feats.get(j as usize)) else {
            continue;
        };
        let (e, identity) = score::compare_full(a, b, corpus, (i as usize, j as usize), w, false);
        if e.score >= w.threshold {
            accepted.push((i, j, e.score));
        } else if identity && e.score < w.veto {
            vetoes.push((i, j));
        }
    }
    (accepted, vetoes)
}

/// Features of a whole list: [`extract_all`], then city-level areas read
/// down to the county their text names ([`features::link_areas`]), village
/// names written bare read as villages ([`features::link_villages`],
/// [`features::link_bare_villages`]), rivers where the matter is read as
/// places ([`features::link_rivers`]) and trade names written bare linked
/// across the list ([`features::link_mentions`]).
pub fn features_of(petitions: &[Petition]) -> Vec<Features> {
    let mut feats = extract_all(petitions);
    features::link_areas(petitions, &mut feats);
    features::link_villages(petitions, &mut feats);
    features::link_bare_villages(petitions, &mut feats);
    features::link_rivers(petitions, &mut feats);
    features::link_mentions(petitions, &mut feats);
    feats
}

/// Groups of petitions that describe one matter, with the suggested pairs
/// explained. `decisions` are staff confirmations and rejections.
pub fn find_duplicates(
    petitions: &[Petition],
    decisions: &[StaffDecision],
    w: &Weights,
) -> Duplicates {
    let feats = features_of(petitions);
    let corpus = score::Corpus::new(&feats);
    let pairs = candidates::candidates(&feats, &corpus, &candidates::Config::default());
    let (scored, vetoes) = score_candidates(&feats, &corpus, &pairs, w);
    let ids: Vec<String> = petitions.iter().map(|p| p.id.clone()).collect();
    let groups = group::group_with_vetoes(&ids, &scored, decisions, &vetoes);
    let mut matches: Vec<Match> = scored
        .iter()
        .map(|&(i, j, _)| Match {
            a: ids[i as usize].clone(),
            b: ids[j as usize].clone(),
            explanation: score::compare(
                &feats[i as usize],
                &feats[j as usize],
                &corpus,
                (i as usize, j as usize),
                w,
                true,
            ),
        })
        .collect();
    matches.sort_by(|x, y| {
        y.explanation
            .score
            .total_cmp(&x.explanation.score)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    Duplicates {
        groups,
        matches,
        candidates: pairs.len(),
    }
}
