//! Development aid: the features of a hand-marked list and the explanation
//! of every wrong pair (false positives and false negatives), whether or not
//! the pair was a candidate.
//! `cargo run -p rectify-petitions --example pairs -- tests/data/dev.csv [ID...]`
use chrono::NaiveDate;
use rectify_petitions::{candidates, find_duplicates, score, Petition, Weights};
use std::collections::{BTreeSet, HashMap};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or("tests/data/heldout.csv".into());
    let only: Vec<&String> = args.iter().skip(1).collect();
    let mut r = csv::Reader::from_path(&path)?;
    let mut ps = vec![];
    let mut labels = vec![];
    for row in r.records() {
        let row = row?;
        ps.push(Petition {
            id: row[0].to_string(),
            date: NaiveDate::parse_from_str(&row[1], "%Y-%m-%d").ok(),
            area: row[2].to_string(),
            kind: row[3].to_string(),
            text: row[4].to_string(),
            address: String::new(),
        });
        labels.push(row[5].to_string());
    }
    let w = Weights::default();
    let feats = rectify_petitions::features_of(&ps);
    let corpus = score::Corpus::new(&feats);
    let cands: BTreeSet<(u32, u32)> =
        candidates::candidates(&feats, &corpus, &candidates::Config::default())
            .into_iter()
            .collect();
    let idx: HashMap<&str, usize> = ps
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    if !only.is_empty() {
        for id in &only {
            let i = idx[id.as_str()];
            println!("{} {}\n  {:?}", id, ps[i].text, feats[i]);
        }
        for (x, a) in only.iter().enumerate() {
            for b in &only[x + 1..] {
                let (i, j) = (idx[a.as_str()], idx[b.as_str()]);
                let e = score::compare(&feats[i], &feats[j], &corpus, (i, j), &w, true);
                println!("{a} {b}: {}", serde_json::to_string(&e)?);
            }
        }
        return Ok(());
    }
    let d = find_duplicates(&ps, &[], &w);
    let mut pred = BTreeSet::new();
    for g in &d.groups {
        for (x, a) in g.iter().enumerate() {
            for b in &g[x + 1..] {
                let (i, j) = (idx[a.as_str()], idx[b.as_str()]);
                pred.insert((i.min(j), i.max(j)));
            }
        }
    }
    let n = ps.len();
    for i in 0..n {
        for j in i + 1..n {
            let gold = labels[i] == labels[j];
            let p = pred.contains(&(i, j));
            if gold == p {
                continue;
            }
            let e = score::compare(&feats[i], &feats[j], &corpus, (i, j), &w, true);
            let cand = cands.contains(&(i as u32, j as u32));
            println!(
                "{} {} | {} | cand={cand} {}",
                if gold { "FN" } else { "FP" },
                ps[i].id,
                ps[j].id,
                serde_json::to_string(&e)?
            );
            for k in [i, j] {
                let f = &feats[k];
                println!(
                    "   {}\n      places={:?} pol={:?} fine={:?} kinds={:?}",
                    ps[k].text,
                    f.places
                        .iter()
                        .map(|p| format!("{:?}:{}", p.level, p.name))
                        .collect::<Vec<_>>(),
                    f.polluters.iter().map(|p| p.label()).collect::<Vec<_>>(),
                    f.fine,
                    f.kinds
                );
            }
        }
    }
    Ok(())
}
