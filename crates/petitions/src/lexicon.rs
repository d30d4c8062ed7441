//! The word lists of `data/lexicon.txt`, parsed once. Recognisers read their
//! suffixes and keywords from here so that a new farm type or slang word is a
//! data change, not a code change.

use once_cell::sync::Lazy;
use std::collections::HashMap;

const RAW: &str = include_str!("../data/lexicon.txt");

/// One parsed section: plain words, or `word=value` pairs (value = word when absent).
#[derive(Debug, Default, Clone)]
pub struct Section {
    pub entries: Vec<(String, String)>,
}

impl Section {
    /// Words only, longest first so alternations prefer the longest match.
    pub fn words(&self) -> Vec<&str> {
        let mut w: Vec<&str> = self.entries.iter().map(|(k, _)| k.as_str()).collect();
        w.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        w.dedup();
        w
    }
}

/// All sections by name.
pub struct Lexicon {
    sections: HashMap<String, Section>,
    empty: Section,
}

impl Lexicon {
    pub fn parse(text: &str) -> Self {
        let mut sections: HashMap<String, Section> = HashMap::new();
        let mut current = String::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = name.trim().to_string();
                continue;
            }
            let sec = sections.entry(current.clone()).or_default();
            for item in line.split_whitespace() {
                let (k, v) = item.split_once('=').unwrap_or((item, item));
                if !k.is_empty() {
                    sec.entries.push((k.to_string(), v.to_string()));
                }
            }
        }
        Lexicon {
            sections,
            empty: Section::default(),
        }
    }

    /// A section; a missing one is empty rather than an error so that a
    /// trimmed data file degrades recall instead of panicking.
    pub fn get(&self, name: &str) -> &Section {
        self.sections.get(name).unwrap_or(&self.empty)
    }
}

pub static LEXICON: Lazy<Lexicon> = Lazy::new(|| Lexicon::parse(RAW));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_parse_with_and_without_values() {
        let l = Lexicon::parse("# c\n[a]\nx y=z\n[b]\n\nq=r s\n");
        let a = &l.get("a").entries;
        assert_eq!(a[0], ("x".to_string(), "x".to_string()));
        assert_eq!(a[1], ("y".to_string(), "z".to_string()));
        assert_eq!(l.get("b").words(), vec!["q", "s"]);
        assert!(l.get("missing").entries.is_empty());
    }

    #[test]
    fn the_shipped_file_has_every_section() {
        for s in [
            "town_suffix",
            "village_suffix",
            "site_suffix",
            "road_suffix",
            "place_next_block",
            "place_bad_name",
            "boundary",
            "polluter_suffix",
            "polluter_generic",
            "kind_keyword",
            "kind_column",
            "stop",
        ] {
            assert!(!LEXICON.get(s).entries.is_empty(), "{s}");
        }
    }

    #[test]
    fn words_come_longest_first() {
        let w = LEXICON.get("town_suffix").words();
        assert_eq!(w.first(), Some(&"街道办事处"));
    }
}
