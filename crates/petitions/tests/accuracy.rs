//! Pairwise precision, recall and F1 of duplicate detection on hand-marked
//! handover lists. dev.csv chose the first weights; heldout.csv was written
//! separately (other towns, enterprises and phrasings); its errors guided
//! the general fixes of the second round, so neither list is blind now.
//! heldout2a and heldout2b (below) are studied too since the fourth round.
//! heldout3 is studied since the fifth round. Each list also prints its
//! candidate recall: the share of gold pairs that blocking lets be scored.
//! Run with `--nocapture` to see the figures; PETITIONS_VERBOSE=1 lists the
//! wrong pairs (a missed pair never scored is marked so).

use chrono::NaiveDate;
use rectify_petitions::{find_duplicates, Petition, Weights};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn load(name: &str) -> (Vec<Petition>, Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let mut r = csv::Reader::from_path(&path).expect("data file");
    let mut ps = vec![];
    let mut groups = vec![];
    for row in r.records() {
        let row = row.expect("row");
        ps.push(Petition {
            id: row[0].to_string(),
            date: NaiveDate::parse_from_str(&row[1], "%Y-%m-%d").ok(),
            area: row[2].to_string(),
            kind: row[3].to_string(),
            text: row[4].to_string(),
            address: String::new(),
        });
        groups.push(row[5].to_string());
    }
    (ps, groups)
}

fn pairs_of(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                out.insert((x.clone(), y.clone()));
            }
        }
    }
    out
}

struct Figures {
    precision: f64,
    recall: f64,
    f1: f64,
    gold: usize,
    predicted: usize,
    candidate_recall: f64,
}

fn measure(name: &str) -> Figures {
    let (ps, labels) = load(name);
    let mut by_label: HashMap<&str, Vec<String>> = HashMap::new();
    for (p, l) in ps.iter().zip(&labels) {
        by_label.entry(l.as_str()).or_default().push(p.id.clone());
    }
    let gold = pairs_of(&by_label.into_values().collect::<Vec<_>>());
    let d = find_duplicates(&ps, &[], &Weights::default());
    let predicted = pairs_of(&d.groups);
    // Candidate recall: the share of gold pairs that blocking lets be scored.
    let feats = rectify_petitions::features_of(&ps);
    let corpus = rectify_petitions::score::Corpus::new(&feats);
    let cands: BTreeSet<(String, String)> = rectify_petitions::candidates::candidates(
        &feats,
        &corpus,
        &rectify_petitions::candidates::Config::default(),
    )
    .into_iter()
    .map(|(i, j)| {
        let (a, b) = (&ps[i as usize].id, &ps[j as usize].id);
        if a < b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        }
    })
    .collect();
    let candidate_recall = if gold.is_empty() {
        1.0
    } else {
        cands.intersection(&gold).count() as f64 / gold.len() as f64
    };
    let tp = predicted.intersection(&gold).count() as f64;
    let precision = if predicted.is_empty() {
        1.0
    } else {
        tp / predicted.len() as f64
    };
    let recall = if gold.is_empty() {
        1.0
    } else {
        tp / gold.len() as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    if std::env::var("PETITIONS_VERBOSE").is_ok() {
        let text: HashMap<&str, &str> = ps
            .iter()
            .map(|p| (p.id.as_str(), p.text.as_str()))
            .collect();
        let why: HashMap<(String, String), String> = d
            .matches
            .iter()
            .map(|m| {
                let (x, y) = if m.a < m.b {
                    (m.a.clone(), m.b.clone())
                } else {
                    (m.b.clone(), m.a.clone())
                };
                (
                    (x, y),
                    serde_json::to_string(&m.explanation).unwrap_or_default(),
                )
            })
            .collect();
        for p in predicted.difference(&gold) {
            println!(
                "FP {} | {} | {}\n   {}",
                p.0,
                p.1,
                why.get(p).map_or("(via group)", String::as_str),
                text[p.0.as_str()]
            );
            println!("   {}", text[p.1.as_str()]);
        }
        for p in gold.difference(&predicted) {
            println!(
                "FN{} {} | {}\n   {}\n   {}",
                if cands.contains(p) {
                    ""
                } else {
                    " (never scored)"
                },
                p.0,
                p.1,
                text[p.0.as_str()],
                text[p.1.as_str()]
            );
        }
    }
    let f = Figures {
        precision,
        recall,
        f1,
        gold: gold.len(),
        predicted: predicted.len(),
        candidate_recall,
    };
    println!(
        "{name}: {} petitions, {} gold pairs, {} predicted pairs, {} candidates scored (candidate recall {:.3}); precision {:.3} recall {:.3} F1 {:.3}",
        ps.len(),
        f.gold,
        f.predicted,
        d.candidates,
        f.candidate_recall,
        f.precision,
        f.recall,
        f.f1
    );
    f
}

#[test]
fn dev_set() {
    let f = measure("dev.csv");
    // 0.929 first round, 0.955 (P 0.969, R 0.940) after the held-out classes
    // were fixed; 0.940 (P 0.940, R 0.940) after the heldout2a round, whose
    // weights were calibrated on dev + heldout + heldout2a pooled; 0.969
    // (P 1.000, R 0.940) after the heldout2b round (a legal form after a
    // polluter is that polluter's, company trade words give the class).
    assert!(f.f1 >= 0.95, "dev F1 {:.3}", f.f1);
}

#[test]
fn heldout_set() {
    let f = measure("heldout.csv");
    // 0.596 (P 0.574, R 0.620) when first run. Its wrong pairs were then
    // sorted into general classes of error and those classes fixed (see
    // README and tests/classes.rs), so this list is no longer blind: 0.980
    // (P 0.962, R 1.000) after that round; 0.914 (P 0.873, R 0.960) after
    // the heldout2a round (lower threshold chosen by the pooled calibration);
    // 0.970 (P 0.980, R 0.960) after the heldout2b round (schools beside a
    // polluter are no polluter, verb phrases no place names).
    assert!(f.f1 >= 0.95, "heldout F1 {:.3}", f.f1);
}

/// heldout2a/b.csv (194 rows, 48 groups, 50 hard-negative matters) were
/// written by someone who never saw this crate's code or data (see
/// HELDOUT2.md). Blind, the whole list scored P 0.833 R 0.315 F1 0.458.
/// It was then split by county: heldout2a (大英, 和平, 华容, 兰陵, 内乡, 西畴)
/// may be studied for error classes; heldout2b (武宁, 城固, 曲阳, 阳新, 儋州,
/// 盂县) is never looked at row by row, so its figure stays honest.
///
/// Before the heldout2a round: 2a P 0.867 R 0.351 F1 0.500; 2b P 0.750
/// R 0.243 F1 0.367. After it (traditional characters, city-level area
/// cells meeting their counties, county names that are no towns or trade
/// names, trade words giving the class, quoted names, overlap similarity for
/// short texts, disjoint 污染类型 columns under one polluter, weights
/// recalibrated on dev + heldout + heldout2a): 2a P 1.000 R 0.838 F1 0.912
/// (studied, no longer blind); 2b P 0.833 R 0.676 F1 0.746 — heldout2b's
/// last blind figure.
///
/// From the fourth round on heldout2b is studied row by row too (a new
/// blind list, kept outside the repository, gives the honest figure). After
/// that round (village names written bare, river sections, road sides,
/// quoted trade names, wharves, trades told by a verb, company trade words,
/// legal forms after a polluter; weights recalibrated on all four lists and
/// unchanged): 2a P 1.000 R 0.851 F1 0.920; 2b P 1.000 R 0.946 F1 0.972
/// (studied, no longer blind).
#[test]
fn second_heldout_set() {
    let a = measure("heldout2a.csv");
    assert!(a.f1 >= 0.90, "heldout2a F1 {:.3}", a.f1);
    let b = measure("heldout2b.csv");
    assert!(b.f1 >= 0.95, "heldout2b F1 {:.3}", b.f1);
}

/// heldout3.csv (200 rows, 49 groups, 141 hard-negative pairs, 12 counties
/// in 12 provinces) was written by a third person who saw neither the code
/// nor the other lists, after every rule above was fixed (see HELDOUT3.md).
/// Measured once, blind: P 0.929 R 0.525 **F1 0.671** (candidate recall
/// 0.859: 159 pairs scored for 200 rows) — its last honest figure.
///
/// From the fifth round on heldout3 is studied row by row too (a new blind
/// list, kept outside the repository, gives the honest figure). After that
/// round (villages written without their ending or glued to a bare town,
/// trade names read across a city-level cell and its counties, rivers where
/// the matter is, 老X家/X记/X家 operators, quoted names before a trade word,
/// bare names beside the matter as landmarks, shop endings inside village
/// names; weights recalibrated on all five lists and unchanged): P 0.962
/// R 0.768 F1 0.854, candidate recall 0.970 (studied, no longer blind).
#[test]
fn third_heldout_set() {
    let f = measure("heldout3.csv");
    println!(
        "heldout3: P {:.3} R {:.3} F1 {:.3}",
        f.precision, f.recall, f.f1
    );
    assert!(f.f1 >= 0.82, "heldout3 F1 {:.3}", f.f1);
    assert!(f.precision >= 0.93, "heldout3 precision {:.3}", f.precision);
    assert!(
        f.candidate_recall >= 0.95,
        "heldout3 candidate recall {:.3}",
        f.candidate_recall
    );
}

/// heldout4.csv (193 rows, 49 groups, 123 hard-negative pairs, 12 counties
/// in 12 provinces) was written by a fourth person who saw neither the code
/// nor the other lists, after every rule above was fixed (see HELDOUT4.md);
/// measured, never studied: the honest figure.
#[test]
fn fourth_heldout_set_blind() {
    let f = measure("heldout4.csv");
    println!(
        "heldout4: P {:.3} R {:.3} F1 {:.3}",
        f.precision, f.recall, f.f1
    );
    // Measured once, blind: P 0.927 R 0.319 F1 0.475 (candidate recall
    // 0.622). A floor against regressions, not a goal (the goal is 0.85).
    assert!(f.f1 >= 0.44, "heldout4 F1 {:.3}", f.f1);
    assert!(f.precision >= 0.90, "heldout4 precision {:.3}", f.precision);
}
