//! The list-wide passes after [`super::extract`]: what one petition of a
//! list says completes what another leaves out — a city cell takes the
//! county its text names, a village or river written bare is the one
//! another petition writes out, a trade name one petition gives its
//! polluter is found in the others.

use super::*;

/// A city-level area cell (「临沂市」) whose text names a county that is the
/// area of another petition of the list (「兰陵县向城镇…」) takes that county
/// as its area; the city stays in `city`. Runs over the whole list, after
/// [`extract`].
pub fn link_areas(petitions: &[Petition], feats: &mut [Features]) {
    let counties: HashSet<String> = feats
        .iter()
        .filter(|f| f.city != f.area && f.area.chars().count() >= 3)
        .map(|f| f.area.clone())
        .collect();
    if counties.is_empty() {
        return;
    }
    for (p, f) in petitions.iter().zip(feats.iter_mut()) {
        if f.city.is_empty() || f.city != f.area {
            continue;
        }
        let text = normalize::clean(&format!("{}，{}", p.address, p.text));
        let mut named = counties.iter().filter(|c| text.contains(c.as_str()));
        if let (Some(c), None) = (named.next(), named.next()) {
            f.area = c.clone();
        }
    }
}

/// Village names written bare (「石门段洗砂场」「石门那边的砂场」): a trade
/// name read from a petition that is the name of a village another petition
/// of the same area writes out (「石门村」) is that village, not a name.
/// Runs over the whole list, after [`extract`] and before [`link_mentions`].
pub fn link_villages(petitions: &[Petition], feats: &mut [Features]) {
    let suffixes = LEXICON.get("village_suffix").words();
    // (area, the stem's first two characters) → (stem, village).
    let mut villages: HashMap<(&str, String), Vec<(&str, &str)>> = HashMap::new();
    for f in feats.iter() {
        for p in f.places.iter().filter(|p| p.level == Level::Village) {
            let Some(stem) = suffixes
                .iter()
                .find_map(|x| p.name.strip_suffix(x))
                .filter(|s| s.chars().count() >= 2)
            else {
                continue;
            };
            let head: String = stem.chars().take(2).collect();
            let e = villages.entry((f.area.as_str(), head)).or_default();
            if !e.iter().any(|(s, _)| *s == stem) {
                e.push((stem, &p.name));
            }
        }
    }
    if villages.is_empty() {
        return;
    }
    let mut found: Vec<(usize, usize, String)> = vec![];
    for (i, (pet, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        // Cleaned only when a name is some village's head.
        let mut cleaned: Option<String> = None;
        for (k, p) in f.polluters.iter().enumerate() {
            let Some(n) = p.name.as_deref().filter(|n| !is_person(n)) else {
                continue;
            };
            // The village's whole stem, written bare in this text.
            let Some(list) = villages.get(&(f.area.as_str(), n.to_string())) else {
                continue;
            };
            let text: &str =
                cleaned.get_or_insert_with(|| text_of(&format!("{}，{}", pet.address, pet.text)));
            let hit = list.iter().find(|(stem, _)| {
                text.match_indices(*stem).any(|(at, _)| {
                    let after = &text[at + stem.len()..];
                    !suffixes.iter().any(|x| after.starts_with(x))
                })
            });
            if let Some((_, village)) = hit {
                // Another village written out keeps the name a name.
                if f.places
                    .iter()
                    .any(|q| q.level == Level::Village && q.name != **village)
                {
                    continue;
                }
                found.push((i, k, village.to_string()));
            }
        }
    }
    for (i, k, village) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        if let Some(p) = f.polluters.get_mut(k) {
            p.name = None;
        }
        if !f.places.iter().any(|q| q.name == village) {
            f.places.push(Place {
                level: Level::Village,
                name: village,
            });
        }
        f.polluters.sort();
        f.polluters.dedup();
    }
}

/// (stem, village) pairs of villages whose stems start alike.
type Stems = Vec<(String, String)>;

/// Village names written without their ending (「塘下韩田工业区」「汀田寺前村段」
/// 「其塔木腰站屯」): the stem of a village that another petition of the
/// same area writes out (「韩田村」), found bare in this petition's text, is
/// that village, unless the petition already names another village. A
/// city-level area (「温州市」) looks among the villages of its counties.
/// Runs over the whole list, after [`link_villages`].
pub fn link_bare_villages(petitions: &[Petition], feats: &mut [Features]) {
    let suffixes = LEXICON.get("village_suffix").words();
    let town = LEXICON.get("town_suffix").words();
    // A town written without its ending before the village (「三岔河雨龙村」
    // beside 「三岔河镇」 and 「雨龙村」 elsewhere in the area) is that village.
    let mut towns: HashSet<(String, String)> = HashSet::new();
    let mut known: HashSet<(String, String)> = HashSet::new();
    for f in feats.iter() {
        for p in &f.places {
            if p.level == Level::Town {
                if let Some(stem) = town.iter().find_map(|x| p.name.strip_suffix(x)) {
                    towns.insert((f.area.clone(), stem.to_string()));
                }
            } else if p.level == Level::Village {
                known.insert((f.area.clone(), p.name.clone()));
            }
        }
    }
    for f in feats.iter_mut() {
        let area = f.area.clone();
        let mut changed = false;
        for p in f.places.iter_mut().filter(|p| p.level == Level::Village) {
            let glued = p.name.char_indices().skip(2).find(|(at, _)| {
                let (head, tail) = p.name.split_at(*at);
                tail.chars().count() >= 3
                    && towns.contains(&(area.clone(), head.to_string()))
                    && known.contains(&(area.clone(), tail.to_string()))
            });
            if let Some((at, _)) = glued {
                p.name = p.name[at..].to_string();
                changed = true;
            }
        }
        if changed {
            f.places.sort();
            f.places.dedup();
        }
    }
    // (area, the stem's first two characters) → (stem, village).
    let mut villages: HashMap<(&str, [char; 2]), Stems> = HashMap::new();
    for f in feats.iter() {
        for p in f.places.iter().filter(|p| p.level == Level::Village) {
            let Some(stem) = suffixes
                .iter()
                .find_map(|x| p.name.strip_suffix(x))
                .filter(|s| s.chars().count() >= 2)
            else {
                continue;
            };
            let c: Vec<char> = stem.chars().take(2).collect();
            let head = [c[0], c[1]];
            let mut areas = vec![f.area.as_str()];
            if !f.city.is_empty() && f.city != f.area {
                areas.push(f.city.as_str());
            }
            for a in areas {
                let e = villages.entry((a, head)).or_default();
                if !e.iter().any(|(s, _)| s == stem) {
                    e.push((stem.to_string(), p.name.clone()));
                }
            }
        }
    }
    if villages.is_empty() {
        return;
    }
    let mut found: Vec<(usize, String)> = vec![];
    for (i, (pet, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        if f.places.iter().any(|q| q.level == Level::Village) {
            continue;
        }
        let text = text_of(&format!("{}，{}", pet.address, pet.text));
        let mut hits: Vec<&str> = vec![];
        for (at, _) in text.char_indices() {
            let mut cs = text[at..].chars();
            let (Some(x), Some(y)) = (cs.next(), cs.next()) else {
                break;
            };
            let Some(list) = villages.get(&(f.area.as_str(), [x, y])) else {
                continue;
            };
            for (stem, village) in list {
                let rest = &text[at..];
                let Some(after) = rest.strip_prefix(stem.as_str()) else {
                    continue;
                };
                // 「塘下镇」 is a town, not the village 「塘下村」.
                if town.iter().any(|t| after.starts_with(t)) {
                    continue;
                }
                if !hits.contains(&village.as_str()) {
                    hits.push(village);
                }
            }
        }
        // One village only: two would be a guess.
        if let [v] = hits[..] {
            found.push((i, v.to_string()));
        }
    }
    for (i, village) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        f.places.push(Place {
            level: Level::Village,
            name: village,
        });
        f.places.sort();
        f.places.dedup();
    }
    // 「水头康店“宏发石业”」: a polluter ending (店) inside a village's name
    // (康店村) read a polluter 「头康店」 that is the village.
    for f in feats.iter_mut() {
        let stems: Vec<String> = f
            .places
            .iter()
            .filter(|p| p.level == Level::Village)
            .filter_map(|p| suffixes.iter().find_map(|x| p.name.strip_suffix(x)))
            .filter(|s| s.chars().count() >= 2)
            .map(str::to_string)
            .collect();
        if stems.is_empty() {
            continue;
        }
        f.polluters.retain(|p| {
            !stems
                .iter()
                .any(|s| p.class.ends_with(s.as_str()) && !SETS.suffix_class.contains_key(&p.class))
        });
    }
}

static RIVER_AT_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:镇|乡|街道)([\p{Han}]{1,3}?[江河])(?:河段|段|河道|河里|里|上|边|那边|河滩|滩)")
        .unwrap_or_else(|_| never())
});

/// Rivers where the matter is (「隆盛镇圭江那边有船抽沙」「太京镇藉河里挖沙」):
/// a river written right after a town and followed by a section, bed, bank
/// or 「里」 is a road-level place; and once the list knows it, so is the
/// same river of the area written bare (「信丰大塘埠桃江上的抽沙船」), unless
/// it only receives waste (「排入圭江」). Runs over the whole list.
pub fn link_rivers(petitions: &[Petition], feats: &mut [Features]) {
    let texts: Vec<String> = petitions
        .iter()
        .map(|p| text_of(&format!("{}，{}", p.address, p.text)))
        .collect();
    let mut rivers: HashMap<String, Vec<String>> = HashMap::new();
    for (t, f) in texts.iter().zip(feats.iter()) {
        for c in RIVER_AT_RE.captures_iter(t) {
            let Some(r) = c.get(1) else { continue };
            let e = rivers.entry(f.area.clone()).or_default();
            if !e.iter().any(|x| x == r.as_str()) {
                e.push(r.as_str().to_string());
            }
        }
    }
    if rivers.is_empty() {
        return;
    }
    for (t, f) in texts.iter().zip(feats.iter_mut()) {
        let Some(list) = rivers.get(&f.area) else {
            continue;
        };
        let mut added = false;
        for r in list {
            let written = t.match_indices(r.as_str()).any(|(at, _)| {
                let before = t[..at].chars().next_back();
                !matches!(before, Some('入' | '进' | '到' | '往' | '向'))
            });
            if written && !f.places.iter().any(|q| q.name.contains(r.as_str())) {
                f.places.push(Place {
                    level: Level::Road,
                    name: r.clone(),
                });
                added = true;
            }
        }
        if added {
            f.places.sort();
            f.places.dedup();
        }
    }
}

/// Trade names written bare, without a listed suffix (「建设路湘味轩的油烟」):
/// a trade name that another petition of the same area gives its polluter
/// (「湘味轩饭店」→ 湘味) is read wherever it occurs in this petition's text,
/// outside its place names. Runs over the whole list, after [`extract`].
pub fn link_mentions(petitions: &[Petition], feats: &mut [Features]) {
    let mut known: HashMap<(&str, [char; 2]), String> = HashMap::new();
    // A city-level cell and the counties the list shows under that city
    // read each other's names (「滇东硅业有限公司」 under 「曲靖市」 is read in
    // a petition of 「陆良县」 of 曲靖市).
    let mut counties: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in feats.iter() {
        if !f.city.is_empty() && f.city != f.area {
            let c = counties.entry(f.city.as_str()).or_default();
            if !c.contains(&f.area.as_str()) {
                c.push(f.area.as_str());
            }
        }
    }
    let families: Vec<Vec<&str>> = feats
        .iter()
        .map(|f| {
            let mut out = vec![f.area.as_str()];
            if !f.city.is_empty() && f.city != f.area {
                out.push(f.city.as_str());
            } else if let Some(c) = counties.get(f.area.as_str()) {
                out.extend(c.iter().copied());
            }
            out
        })
        .collect();
    for (f, family) in feats.iter().zip(&families) {
        for p in &f.polluters {
            let Some(n) = p.name.as_deref().filter(|n| !is_person(n)) else {
                continue;
            };
            let c: Vec<char> = n.chars().collect();
            if let [x, y] = c[..] {
                for &a in family {
                    let e = known.entry((a, [x, y])).or_insert_with(|| p.class.clone());
                    if generic_class(e) && !generic_class(&p.class) {
                        *e = p.class.clone();
                    }
                }
            }
        }
    }
    if known.is_empty() {
        return;
    }
    let mut found: Vec<(usize, String, String)> = vec![];
    for (i, (p, f)) in petitions.iter().zip(feats.iter()).enumerate() {
        let text = text_of(&format!("{}，{}", p.address, p.text));
        let chars: Vec<char> = text.chars().collect();
        for (at, w) in chars.windows(2).enumerate() {
            let Some(class) = known.get(&(f.area.as_str(), [w[0], w[1]])) else {
                continue;
            };
            // 「水岸名邸旁边的工地」: a name beside which the matter is, is a
            // landmark, not the polluter.
            let beside = (0..=4).any(|k| {
                let rest: String = chars.iter().skip(at + 2 + k).take(3).collect();
                landmark(&rest)
            });
            if beside {
                continue;
            }
            let name: String = w.iter().collect();
            if f.polluters
                .iter()
                .any(|p| p.name.as_deref() == Some(name.as_str()))
                || f.places.iter().any(|p| p.name.contains(name.as_str()))
                || found.iter().any(|(j, n, _)| *j == i && *n == name)
            {
                continue;
            }
            found.push((i, name, class.clone()));
        }
    }
    for (i, name, class) in found {
        let Some(f) = feats.get_mut(i) else { continue };
        // An unnamed polluter of a fitting class takes the name; otherwise
        // the mention is a polluter of its own.
        let slot = f.polluters.iter_mut().find(|p| {
            p.name.is_none()
                && (p.class == class || generic_class(&p.class) || generic_class(&class))
        });
        match slot {
            Some(p) => p.name = Some(name),
            None => f.polluters.push(Polluter {
                class,
                name: Some(name),
            }),
        }
        f.polluters.sort();
        f.polluters.dedup();
    }
}
