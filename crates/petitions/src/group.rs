//! Suggested pairs and staff decisions into groups (one group = one matter).
//!
//! Confirmed pairs are joined first and always. Suggested pairs are then
//! added strongest first; a suggested pair is skipped when joining it would
//! put a rejected pair into one group. So a rejection splits a chain that
//! hangs on a weak edge (A–B strong, B–C weak, A–C rejected: {A,B} and {C}),
//! while the strong edges still hold their groups together. A rejected pair
//! that staff also confirmed through other pairs stays joined: the
//! confirmations are explicit, the rejection only vetoes suggestions.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Confirmed,
    Rejected,
}

/// A staff decision on a pair of petitions, by 受理编号.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffDecision {
    pub a: String,
    pub b: String,
    pub decision: Decision,
}

struct Sets {
    parent: Vec<u32>,
    /// Per root: petitions that must not join its group.
    banned: HashMap<u32, Vec<u32>>,
}

impl Sets {
    fn new(n: usize) -> Self {
        Sets {
            parent: (0..n as u32).collect(),
            banned: HashMap::new(),
        }
    }

    fn find(&mut self, x: u32) -> u32 {
        let mut r = x;
        while self.parent[r as usize] != r {
            r = self.parent[r as usize];
        }
        let mut c = x;
        while self.parent[c as usize] != r {
            let next = self.parent[c as usize];
            self.parent[c as usize] = r;
            c = next;
        }
        r
    }

    fn conflicts(&mut self, ra: u32, rb: u32) -> bool {
        let list = self.banned.get(&ra).cloned().unwrap_or_default();
        list.into_iter().any(|x| self.find(x) == rb)
    }

    fn union(&mut self, a: u32, b: u32, check: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if check && (self.conflicts(ra, rb) || self.conflicts(rb, ra)) {
            return false;
        }
        let (big, small) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        if let Some(moved) = self.banned.remove(&small) {
            self.banned.entry(big).or_default().extend(moved);
        }
        true
    }
}

/// Groups of two or more petitions. `pairs` are suggested pairs (indexes
/// into `ids`) with their score; decisions name petitions by id and are
/// ignored when an id is unknown. Each group is sorted by id, groups by
/// their first id.
pub fn group(
    ids: &[String],
    pairs: &[(u32, u32, f32)],
    decisions: &[StaffDecision],
) -> Vec<Vec<String>> {
    group_with_vetoes(ids, pairs, decisions, &[])
}

/// [`group`] with pairs (indexes into `ids`) that the scorer found to
/// conflict in identity (another village, site or named polluter): they
/// act as rejections of suggestions, so a chain of suggested pairs never
/// puts them into one group. Staff confirmations still override them.
pub fn group_with_vetoes(
    ids: &[String],
    pairs: &[(u32, u32, f32)],
    decisions: &[StaffDecision],
    vetoes: &[(u32, u32)],
) -> Vec<Vec<String>> {
    let index: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u32))
        .collect();
    let mut sets = Sets::new(ids.len());
    let mut rejected: Vec<(u32, u32)> = vec![];
    for d in decisions {
        let (Some(&a), Some(&b)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) else {
            continue;
        };
        match d.decision {
            Decision::Confirmed => {
                sets.union(a, b, false);
            }
            Decision::Rejected => rejected.push((a, b)),
        }
    }
    rejected.extend(
        vetoes
            .iter()
            .filter(|(a, b)| (*a as usize) < ids.len() && (*b as usize) < ids.len()),
    );
    for &(a, b) in &rejected {
        let (ra, rb) = (sets.find(a), sets.find(b));
        sets.banned.entry(ra).or_default().push(b);
        sets.banned.entry(rb).or_default().push(a);
    }
    let mut order: Vec<&(u32, u32, f32)> = pairs
        .iter()
        .filter(|(a, b, _)| (*a as usize) < ids.len() && (*b as usize) < ids.len())
        .collect();
    order.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    for &&(a, b, _) in &order {
        sets.union(a, b, true);
    }
    let mut by_root: HashMap<u32, Vec<String>> = HashMap::new();
    for i in 0..ids.len() as u32 {
        let r = sets.find(i);
        by_root.entry(r).or_default().push(ids[i as usize].clone());
    }
    let mut groups: Vec<Vec<String>> = by_root.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut groups {
        g.sort();
    }
    groups.sort();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("X{i}")).collect()
    }

    fn d(a: &str, b: &str, decision: Decision) -> StaffDecision {
        StaffDecision {
            a: a.into(),
            b: b.into(),
            decision,
        }
    }

    #[test]
    fn chains_join_and_output_is_sorted() {
        let g = group(&ids(5), &[(3, 4, 0.9), (1, 0, 0.7), (0, 2, 0.6)], &[]);
        assert_eq!(g, vec![vec!["X0", "X1", "X2"], vec!["X3", "X4"]]);
    }

    #[test]
    fn a_rejection_cuts_the_weak_bridge() {
        let g = group(
            &ids(3),
            &[(0, 1, 0.9), (1, 2, 0.6)],
            &[d("X0", "X2", Decision::Rejected)],
        );
        assert_eq!(g, vec![vec!["X0", "X1"]]);
    }

    #[test]
    fn a_rejected_pair_is_never_joined_directly() {
        let g = group(
            &ids(2),
            &[(0, 1, 0.9)],
            &[d("X1", "X0", Decision::Rejected)],
        );
        assert!(g.is_empty());
    }

    #[test]
    fn confirmations_always_join_and_unknown_ids_are_ignored() {
        let g = group(
            &ids(3),
            &[(5, 9, 1.0)],
            &[
                d("X0", "X2", Decision::Confirmed),
                d("X0", "nope", Decision::Confirmed),
            ],
        );
        assert_eq!(g, vec![vec!["X0", "X2"]]);
    }

    #[test]
    fn rejection_holds_across_merged_groups() {
        // X0–X1 confirmed; X1 and X3 rejected; X0–X2 and X2–X3 suggested.
        let g = group(
            &ids(4),
            &[(0, 2, 0.9), (2, 3, 0.8)],
            &[
                d("X0", "X1", Decision::Confirmed),
                d("X1", "X3", Decision::Rejected),
            ],
        );
        assert_eq!(g, vec![vec!["X0", "X1", "X2"]]);
    }
}
