//! Choosing the problems of a look-back campaign (回头看): pure and
//! deterministic, so that the same seed over the same ledger gives the same
//! sample and a selection can be checked afterwards.

use crate::{LookbackSelection, StoreError, StoreResult};
use sha2::{Digest, Sha256};

/// A signed-off problem that may be selected: `(problem id, plan id)`.
pub type Candidate = (i64, i64);

/// The rank of a problem in a seeded draw.
fn draw(seed: u64, id: i64) -> u64 {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(id.to_le_bytes());
    let d = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_be_bytes(first)
}

/// The ids `selection` picks from `candidates` (the signed-off problems),
/// in ascending order. An empty result is an error: a campaign needs work.
pub fn select(candidates: &[Candidate], selection: &LookbackSelection) -> StoreResult<Vec<i64>> {
    let mut pool: Vec<Candidate> = candidates.to_vec();
    pool.sort_unstable();
    pool.dedup();
    let in_plan = |plan: Option<i64>| -> Vec<i64> {
        pool.iter()
            .filter(|(_, p)| plan.is_none_or(|x| x == *p))
            .map(|(id, _)| *id)
            .collect()
    };
    let mut ids = match selection {
        LookbackSelection::Plan { plan_id } => in_plan(Some(*plan_id)),
        LookbackSelection::Problems { ids } => {
            let mut out = vec![];
            for id in ids {
                if !pool.iter().any(|(c, _)| c == id) {
                    return Err(StoreError::Conflict(format!(
                        "问题 {id} 不存在或尚未销号，不能纳入回头看 / problem {id} does not exist or is not signed off"
                    )));
                }
                out.push(*id);
            }
            out
        }
        LookbackSelection::EveryNth { plan_id, n, seed } => {
            if *n == 0 {
                return Err(StoreError::invalid(
                    "抽查间隔须至少为1",
                    "n must be at least 1",
                ));
            }
            let n = u64::from(*n);
            let start = seed % n;
            in_plan(*plan_id)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| (*i as u64) % n == start)
                .map(|(_, id)| id)
                .collect()
        }
        LookbackSelection::Percent {
            plan_id,
            percent,
            seed,
        } => {
            if !(1..=100).contains(percent) {
                return Err(StoreError::invalid(
                    "抽查比例须在1%到100%之间",
                    "percent must be between 1 and 100",
                ));
            }
            let all = in_plan(*plan_id);
            let take = (all.len() * *percent as usize).div_ceil(100);
            let mut ranked: Vec<(u64, i64)> =
                all.into_iter().map(|id| (draw(*seed, id), id)).collect();
            ranked.sort_unstable();
            ranked.into_iter().take(take).map(|(_, id)| id).collect()
        }
    };
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(StoreError::invalid(
            "没有符合条件的已销号问题",
            "no signed-off problem matches the selection",
        ));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn pool() -> Vec<Candidate> {
        // 20 problems in plan 1, 10 in plan 2.
        (1..=20)
            .map(|i| (i, 1))
            .chain((21..=30).map(|i| (i, 2)))
            .collect()
    }

    #[test]
    fn whole_plan_and_listed_ids() {
        let p2 = select(&pool(), &LookbackSelection::Plan { plan_id: 2 }).unwrap();
        assert_eq!(p2, (21..=30).collect::<Vec<_>>());
        let listed = select(&pool(), &LookbackSelection::Problems { ids: vec![7, 3, 7] }).unwrap();
        assert_eq!(listed, vec![3, 7]);
        assert!(matches!(
            select(&pool(), &LookbackSelection::Problems { ids: vec![3, 99] }),
            Err(StoreError::Conflict(m)) if m.contains("99")
        ));
        assert!(matches!(
            select(&pool(), &LookbackSelection::Plan { plan_id: 9 }),
            Err(StoreError::Invalid(_))
        ));
    }

    #[test]
    fn every_nth_is_deterministic() {
        let sel = |seed| LookbackSelection::EveryNth {
            plan_id: Some(1),
            n: 5,
            seed,
        };
        assert_eq!(select(&pool(), &sel(0)).unwrap(), vec![1, 6, 11, 16]);
        assert_eq!(select(&pool(), &sel(2)).unwrap(), vec![3, 8, 13, 18]);
        assert_eq!(select(&pool(), &sel(7)).unwrap(), vec![3, 8, 13, 18]);
        let all = LookbackSelection::EveryNth {
            plan_id: None,
            n: 10,
            seed: 0,
        };
        assert_eq!(select(&pool(), &all).unwrap(), vec![1, 11, 21]);
        assert!(select(
            &pool(),
            &LookbackSelection::EveryNth {
                plan_id: None,
                n: 0,
                seed: 0
            }
        )
        .is_err());
    }

    #[test]
    fn percent_sample_is_seeded() {
        let sel = |percent, seed| LookbackSelection::Percent {
            plan_id: None,
            percent,
            seed,
        };
        let a = select(&pool(), &sel(20, 42)).unwrap();
        assert_eq!(a.len(), 6);
        assert_eq!(
            a,
            select(&pool(), &sel(20, 42)).unwrap(),
            "same seed, same sample"
        );
        // Input order does not matter.
        let mut shuffled = pool();
        shuffled.reverse();
        assert_eq!(a, select(&shuffled, &sel(20, 42)).unwrap());
        assert_ne!(
            a,
            select(&pool(), &sel(20, 43)).unwrap(),
            "another seed, another sample"
        );
        assert_eq!(select(&pool(), &sel(1, 0)).unwrap().len(), 1, "rounded up");
        assert_eq!(select(&pool(), &sel(100, 0)).unwrap().len(), 30);
        assert!(select(&pool(), &sel(0, 0)).is_err());
        assert!(select(&pool(), &sel(101, 0)).is_err());
    }

    #[test]
    fn selection_json_shape() {
        let s: LookbackSelection =
            serde_json::from_str(r#"{"kind":"percent","percent":10,"seed":7}"#).unwrap();
        assert_eq!(
            s,
            LookbackSelection::Percent {
                plan_id: None,
                percent: 10,
                seed: 7
            }
        );
        let s: LookbackSelection = serde_json::from_str(r#"{"kind":"plan","plan_id":3}"#).unwrap();
        assert_eq!(s, LookbackSelection::Plan { plan_id: 3 });
        let s: LookbackSelection =
            serde_json::from_str(r#"{"kind":"every_nth","n":4,"plan_id":2}"#).unwrap();
        assert_eq!(
            s,
            LookbackSelection::EveryNth {
                plan_id: Some(2),
                n: 4,
                seed: 0
            }
        );
    }
}
