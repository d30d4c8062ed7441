//! Weight calibration: a grid search over the weights that the held-out
//! errors showed to matter, on all four hand-marked lists, cross-validated by
//! area (leave one county out: choose on the other counties, measure on the
//! county left out). Prints the cross-validated figure and the point chosen
//! on all counties, which is what `Weights::default()` holds.
//! `cargo run --release -p rectify-petitions --example calibrate`
use chrono::NaiveDate;
use rectify_petitions::{
    candidates, features_of, group, score, score_candidates, Petition, Weights,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

type Counts = (usize, usize, usize); // true positives, predicted, gold

fn load(
    name: &str,
    into: &mut BTreeMap<String, Vec<(Petition, String)>>,
) -> Result<(), Box<dyn std::error::Error>> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut r = csv::Reader::from_path(path)?;
    let mut rows = vec![];
    for row in r.records() {
        let row = row?;
        let p = Petition {
            id: format!("{name}:{}", &row[0]),
            date: NaiveDate::parse_from_str(&row[1], "%Y-%m-%d").ok(),
            area: row[2].to_string(),
            kind: row[3].to_string(),
            text: row[4].to_string(),
            address: String::new(),
        };
        rows.push((p, format!("{name}:{}", &row[5])));
    }
    // Folds by county, read over the whole list: a city-level cell
    // (「临沂市」) goes with the county of that city the list shows.
    let ps: Vec<Petition> = rows.iter().map(|r| r.0.clone()).collect();
    let feats = features_of(&ps);
    let county_of = |city: &str| {
        feats
            .iter()
            .find(|f| f.city == city && f.area != city)
            .map(|f| f.area.clone())
    };
    for (row, f) in rows.into_iter().zip(&feats) {
        let county = if !f.city.is_empty() && f.city == f.area {
            county_of(&f.city).unwrap_or_else(|| f.area.clone())
        } else {
            f.area.clone()
        };
        into.entry(county).or_default().push(row);
    }
    Ok(())
}

fn pairs(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                out.insert((a.min(b).clone(), a.max(b).clone()));
            }
        }
    }
    out
}

fn f1(c: Counts) -> f64 {
    let p = if c.1 == 0 {
        1.0
    } else {
        c.0 as f64 / c.1 as f64
    };
    let r = if c.2 == 0 {
        1.0
    } else {
        c.0 as f64 / c.2 as f64
    };
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn add(a: Counts, b: Counts) -> Counts {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2)
}

fn grid() -> Vec<Weights> {
    let mut out = vec![];
    for other_site in [-0.15, -0.30, -0.45] {
        for other_class in [-0.15, -0.30] {
            for terms in [0.45, 0.60, 0.75] {
                for other_kind_same_polluter in [-0.25, -0.40] {
                    for near_kind in [0.0, -0.15] {
                        for another in [0.0, -0.30] {
                            for veto in [0.0, 0.30, 0.55] {
                                for threshold in [0.40, 0.45, 0.50, 0.55, 0.60] {
                                    for one_sided in [0.0, -0.05, -0.10] {
                                        out.push(Weights {
                                            one_sided,
                                            other_site,
                                            other_class,
                                            terms,
                                            other_kind_same_polluter,
                                            near_kind,
                                            another,
                                            veto,
                                            threshold,
                                            ..Weights::default()
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Distance from the weights before calibration (fixed here, so that the
/// cross-validated figure does not lean on the point finally chosen), to
/// break ties towards them.
fn dist(w: &Weights) -> f32 {
    let d = Weights {
        other_site: -0.15,
        veto: 0.0,
        one_sided: 0.0,
        ..Weights::default()
    };
    (w.other_site - d.other_site).abs()
        + (w.other_class - d.other_class).abs()
        + (w.terms - d.terms).abs()
        + (w.other_kind_same_polluter - d.other_kind_same_polluter).abs()
        + (w.near_kind - d.near_kind).abs()
        + (w.another - d.another).abs()
        + (w.veto - d.veto).abs()
        + (w.threshold - d.threshold).abs()
        + (w.one_sided - d.one_sided).abs()
}

fn best(grid: &[Weights], counts: &[Vec<Counts>], folds: &[usize]) -> usize {
    let mut best = (f64::MIN, f32::MAX, 0);
    for (g, w) in grid.iter().enumerate() {
        let c = folds
            .iter()
            .fold((0, 0, 0), |acc, &f| add(acc, counts[f][g]));
        let (s, d) = (f1(c), dist(w));
        if s > best.0 + 1e-9 || ((s - best.0).abs() <= 1e-9 && d < best.1) {
            best = (s, d, g);
        }
    }
    best.2
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut areas = BTreeMap::new();
    load("dev.csv", &mut areas)?;
    load("heldout.csv", &mut areas)?;
    // Both halves of the second held-out list: heldout2a studied since the
    // third round, heldout2b since the fourth (a new blind list is the
    // honest test now).
    load("heldout2a.csv", &mut areas)?;
    load("heldout2b.csv", &mut areas)?;
    load("heldout3.csv", &mut areas)?;
    let grid = grid();
    let names: Vec<&String> = areas.keys().collect();
    // counts[area][grid point]
    let mut counts: Vec<Vec<Counts>> = vec![];
    for rows in areas.values() {
        let ps: Vec<Petition> = rows.iter().map(|r| r.0.clone()).collect();
        let ids: Vec<String> = ps.iter().map(|p| p.id.clone()).collect();
        let mut by: HashMap<&str, Vec<String>> = HashMap::new();
        for (p, l) in rows {
            by.entry(l.as_str()).or_default().push(p.id.clone());
        }
        let gold = pairs(&by.into_values().collect::<Vec<_>>());
        let feats = features_of(&ps);
        let corpus = score::Corpus::new(&feats);
        let cands = candidates::candidates(&feats, &corpus, &candidates::Config::default());
        counts.push(
            grid.iter()
                .map(|w| {
                    let (acc, vetoes) = score_candidates(&feats, &corpus, &cands, w);
                    let pred = pairs(&group::group_with_vetoes(&ids, &acc, &[], &vetoes));
                    (pred.intersection(&gold).count(), pred.len(), gold.len())
                })
                .collect(),
        );
    }
    let all: Vec<usize> = (0..names.len()).collect();
    let mut cv = (0, 0, 0);
    for f in &all {
        let train: Vec<usize> = all.iter().copied().filter(|x| x != f).collect();
        let g = best(&grid, &counts, &train);
        let c = counts[*f][g];
        cv = add(cv, c);
        println!(
            "fold {}: chosen on the others {}; F1 here {:.3} ({c:?})",
            names[*f],
            short(&grid[g]),
            f1(c)
        );
    }
    let g = best(&grid, &counts, &all);
    let on_all = all.iter().fold((0, 0, 0), |acc, &f| add(acc, counts[f][g]));
    println!(
        "cross-validated by area: P {:.3} R {:.3} F1 {:.3} {cv:?}",
        cv.0 as f64 / cv.1.max(1) as f64,
        cv.0 as f64 / cv.2.max(1) as f64,
        f1(cv)
    );
    println!(
        "chosen on all: {}; F1 {:.3} {on_all:?}",
        short(&grid[g]),
        f1(on_all)
    );
    let d = short(&Weights::default());
    if let Some(gd) = grid.iter().position(|w| short(w) == d) {
        let c = all
            .iter()
            .fold((0, 0, 0), |acc, &f| add(acc, counts[f][gd]));
        println!("Weights::default(): F1 {:.3} {c:?}", f1(c));
    }
    Ok(())
}

fn short(w: &Weights) -> String {
    format!(
        "one_sided {} other_site {} other_class {} terms {} other_kind_same_polluter {} near_kind {} another {} veto {} threshold {}",
        w.one_sided, w.other_site, w.other_class, w.terms, w.other_kind_same_polluter, w.near_kind, w.another, w.veto, w.threshold
    )
}
