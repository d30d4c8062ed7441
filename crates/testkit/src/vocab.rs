//! The vocabulary of the synthetic plans: jurisdictions, inspection rounds,
//! units, people, problem fragments by domain and stock phrases. It lives in
//! `data/*.toml`, is compiled in, and is parsed (and checked) once.

use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use std::sync::OnceLock;

/// A jurisdiction (GB/T 2260 code and name) and the places inside it.
#[derive(Debug, Deserialize)]
pub struct Jurisdiction {
    pub code: String,
    pub name: String,
    pub places: Vec<String>,
}

/// An inspection round: the year of the feedback and the inspection group.
#[derive(Debug, Deserialize)]
pub struct Round {
    pub year: i32,
    pub group: String,
}

/// The fragments problems of one domain (大气, 水, …) are composed from.
#[derive(Debug, Deserialize)]
pub struct Domain {
    pub key: String,
    /// About the jurisdiction as a whole (督察整改 responsibility problems):
    /// no place in the description, and the category comes first in a plan.
    #[serde(default)]
    pub about_jurisdiction: bool,
    pub categories: Vec<String>,
    pub subjects: Vec<String>,
    pub issues: Vec<String>,
    pub facts: Vec<String>,
    pub targets: Vec<String>,
    pub measures: Vec<String>,
    pub units: Vec<String>,
}

/// Everything the generator picks words from.
#[derive(Debug)]
pub struct Vocabulary {
    pub jurisdictions: Vec<Jurisdiction>,
    pub rounds: Vec<Round>,
    pub domains: Vec<Domain>,
    pub units: Vec<String>,
    pub supervising: Vec<String>,
    pub leaders: Vec<String>,
    pub people: Vec<String>,
    pub titles: Vec<String>,
    pub surnames: Vec<String>,
    pub rivers: Vec<String>,
    pub place_suffixes: Vec<String>,
    pub prefixes: Vec<String>,
    pub tails: Vec<String>,
    pub generic_measures: Vec<String>,
    pub next_steps: Vec<String>,
}

#[derive(Deserialize)]
struct JurisdictionsFile {
    jurisdiction: Vec<Jurisdiction>,
}

#[derive(Deserialize)]
struct RoundsFile {
    round: Vec<Round>,
}

#[derive(Deserialize)]
struct DomainsFile {
    domain: Vec<Domain>,
}

#[derive(Deserialize)]
struct UnitsFile {
    units: Vec<String>,
    supervising: Vec<String>,
}

#[derive(Deserialize)]
struct PeopleFile {
    leaders: Vec<String>,
    people: Vec<String>,
    titles: Vec<String>,
    surnames: Vec<String>,
}

#[derive(Deserialize)]
struct PhrasesFile {
    rivers: Vec<String>,
    place_suffixes: Vec<String>,
    prefixes: Vec<String>,
    tails: Vec<String>,
    generic_measures: Vec<String>,
    next_steps: Vec<String>,
}

const JURISDICTIONS: &str = include_str!("../data/jurisdictions.toml");
const ROUNDS: &str = include_str!("../data/rounds.toml");
const DOMAINS: &str = include_str!("../data/domains.toml");
const UNITS: &str = include_str!("../data/units.toml");
const PEOPLE: &str = include_str!("../data/people.toml");
const PHRASES: &str = include_str!("../data/phrases.toml");

/// The vocabulary, parsed on first use.
pub fn vocabulary() -> Result<&'static Vocabulary> {
    static VOCABULARY: OnceLock<Result<Vocabulary, String>> = OnceLock::new();
    VOCABULARY
        .get_or_init(|| load().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("testkit vocabulary: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| anyhow!("data/{name}: {e}"))
}

fn load() -> Result<Vocabulary> {
    let j: JurisdictionsFile = parse("jurisdictions.toml", JURISDICTIONS)?;
    let r: RoundsFile = parse("rounds.toml", ROUNDS)?;
    let d: DomainsFile = parse("domains.toml", DOMAINS)?;
    let u: UnitsFile = parse("units.toml", UNITS)?;
    let p: PeopleFile = parse("people.toml", PEOPLE)?;
    let s: PhrasesFile = parse("phrases.toml", PHRASES)?;
    let v = Vocabulary {
        jurisdictions: j.jurisdiction,
        rounds: r.round,
        domains: d.domain,
        units: u.units,
        supervising: u.supervising,
        leaders: p.leaders,
        people: p.people,
        titles: p.titles,
        surnames: p.surnames,
        rivers: s.rivers,
        place_suffixes: s.place_suffixes,
        prefixes: s.prefixes,
        tails: s.tails,
        generic_measures: s.generic_measures,
        next_steps: s.next_steps,
    };
    v.check()?;
    Ok(v)
}

impl Vocabulary {
    /// Every list the generator picks from must hold something.
    fn check(&self) -> Result<()> {
        let mut lists: Vec<(String, usize)> = vec![
            ("jurisdictions".into(), self.jurisdictions.len()),
            ("rounds".into(), self.rounds.len()),
            ("domains".into(), self.domains.len()),
            ("units".into(), self.units.len()),
            ("supervising".into(), self.supervising.len()),
            ("leaders".into(), self.leaders.len()),
            ("people".into(), self.people.len()),
            ("titles".into(), self.titles.len()),
            ("surnames".into(), self.surnames.len()),
            ("rivers".into(), self.rivers.len()),
            ("place_suffixes".into(), self.place_suffixes.len()),
            ("prefixes".into(), self.prefixes.len()),
            ("tails".into(), self.tails.len()),
            ("generic_measures".into(), self.generic_measures.len()),
            ("next_steps".into(), self.next_steps.len()),
        ];
        for j in &self.jurisdictions {
            lists.push((format!("places of {}", j.name), j.places.len()));
        }
        for d in &self.domains {
            for (field, n) in [
                ("categories", d.categories.len()),
                ("subjects", d.subjects.len()),
                ("issues", d.issues.len()),
                ("facts", d.facts.len()),
                ("targets", d.targets.len()),
                ("measures", d.measures.len()),
                ("units", d.units.len()),
            ] {
                lists.push((format!("{field} of domain {}", d.key), n));
            }
        }
        if let Some((name, _)) = lists.iter().find(|(_, n)| *n == 0) {
            bail!("the list of {name} is empty");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_loads() {
        let v = vocabulary().unwrap();
        assert_eq!(v.jurisdictions.len(), 24);
        assert_eq!(v.rounds.len(), 8);
        assert_eq!(v.domains.len(), 6);
        assert_eq!(v.units.len(), 60);
        assert_eq!(
            v.domains.iter().filter(|d| d.about_jurisdiction).count(),
            1,
            "one domain of responsibility problems"
        );
        assert!(v.jurisdictions.iter().all(|j| j.code.len() == 6));
    }
}
