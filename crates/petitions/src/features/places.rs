//! Places in a petition's text, by level: town (镇/乡/街道), village
//! (村/社区), road or estate, site (N组, 路N号), and river stretches.

use super::*;

/// The administrative prefixes (county, city) at the start of a place or
/// trade name: 「衡南县车江」→「车江」, 「耒阳市灶市」→「灶市」, 「白地市」
/// stays (the remainder would be shorter than two characters).
pub(super) fn drop_admin_prefix(mut s: &str) -> &str {
    loop {
        let cut = ["省", "市", "县", "区", "州"]
            .iter()
            .filter_map(|p| s.find(p).map(|i| i + p.len()))
            .filter(|&i| s[i..].chars().count() >= 2)
            .min();
        match cut {
            Some(i) => s = &s[i..],
            None => return s,
        }
    }
}

/// Whether the text right after a suffix is itself a place name (「镇民东村」:
/// 民 would otherwise read as 镇民).
pub(super) fn starts_a_place(rest: &str) -> bool {
    let (re, _) = &*PLACE_RE;
    let head: String = rest.chars().take(6).collect();
    match re.find(&head) {
        Some(m) => {
            let between = &head[..m.start()];
            between.chars().count() >= 2
                && between.chars().all(is_name_char)
                && !SETS.boundary.iter().any(|b| between.contains(b.as_str()))
        }
        None => false,
    }
}

pub(super) fn places_in(text: &str, out: &mut Vec<Place>) {
    let (re, levels) = &*PLACE_RE;
    let mut floor = 0;
    let mut prev_town_end: Option<usize> = None;
    let mut village: Option<String> = None;
    for m in re.find_iter(text) {
        let suffix = m.as_str();
        let Some(&level) = levels.get(suffix) else {
            continue;
        };
        let rest = &text[m.end()..];
        // 「灶市街街道」「人民路社区」: a road ending followed by a town or
        // village ending is part of that name.
        if level == Level::Road
            && re.find(rest).is_some_and(|n| {
                n.start() == 0 && levels.get(n.as_str()).is_some_and(|l| *l <= Level::Village)
            })
        {
            continue;
        }
        // 「内乡县」「乡宁县」: a county whose name holds a town ending.
        if level == Level::Town && rest.starts_with(['县', '市', '区', '旗']) {
            continue;
        }
        let prev_floor = floor;
        let town_end = prev_town_end.take();
        floor = m.end();
        let max = if level == Level::Site { 8 } else { 6 };
        let s = drop_admin_prefix(stem(text, prev_floor, m.start(), max));
        // 「村民」「镇政府」 are common words, but a village right after its
        // town (「三塘镇白沙村长兴公司」) is a place whatever follows.
        let right_after_town = level == Level::Village
            && town_end.is_some_and(|e| e <= m.start() && &text[e..m.start()] == s);
        // 「军屯路旁一砂场」「沙田路段」「解放路口」: beside, along or at a
        // road is on that road.
        let road_side = level == Level::Road && rest.starts_with(['旁', '边', '段', '口']);
        if SETS.next_block.iter().any(|b| rest.starts_with(b.as_str()))
            && !starts_a_place(rest)
            && !right_after_town
            && !road_side
        {
            continue;
        }
        if s.chars().count() < 2
            || SETS.bad_place.contains(s)
            || s.contains('某')
            || s.contains('X')
        {
            continue;
        }
        let name = format!("{s}{suffix}");
        match level {
            Level::Town => prev_town_end = Some(m.end()),
            Level::Village => {
                village = Some(name.clone());
            }
            Level::Road => {
                if let Some(h) = HOUSE_RE.captures(rest) {
                    let num = h.get(1).map_or("", |g| g.as_str());
                    // 「302号旁边的服装店」: the number is a landmark.
                    if !landmark(&rest[h.get(0).map_or(0, |g| g.end())..]) {
                        out.push(Place {
                            level: Level::Site,
                            name: format!("{name}{num}号"),
                        });
                    }
                }
            }
            _ => {}
        }
        out.push(Place { level, name });
    }
    rivers_in(text, out);
    // Village groups (3组, 三组, 第三村民小组) are sites within the last village named before them.
    let mut last_village: Option<(usize, String)> = None;
    let villages: Vec<(usize, String)> = out
        .iter()
        .filter(|p| p.level == Level::Village)
        .filter_map(|p| text.find(p.name.as_str()).map(|i| (i, p.name.clone())))
        .collect();
    for c in GROUP_RE.captures_iter(text) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(num) = normalize::number(n.as_str()) else {
            continue;
        };
        for v in &villages {
            if v.0 < all.start() {
                last_village = Some(v.clone());
            }
        }
        if landmark(&text[all.end()..]) {
            continue;
        }
        let v = last_village
            .clone()
            .map(|v| v.1)
            .or_else(|| village.clone());
        if let Some(v) = v {
            out.push(Place {
                level: Level::Site,
                name: format!("{v}{num}组"),
            });
        }
    }
}

/// River sections (「汉江段」「汉江河道」「清水河县城段」) are places at
/// road level, named by the river: a stretch of river is where a sand
/// dredger or a discharge is, as a road is for a shop. A river only
/// written as where waste goes (「排入清水河」) is no place.
pub(super) fn rivers_in(text: &str, out: &mut Vec<Place>) {
    for c in RIVER_RE.captures_iter(text) {
        let (Some(head), Some(end)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let head = head.as_str();
        let cut = head
            .char_indices()
            .filter(|(_, ch)| "镇乡村县市区组道在的了到入进排向往和与及".contains(*ch))
            .map(|(i, ch)| i + ch.len_utf8())
            .max()
            .unwrap_or(0);
        let stem = cut_boundary(&head[cut..]);
        if stem.is_empty()
            || SETS.bad_place.contains(stem)
            || SETS.stop.contains(stem)
            || stem.chars().any(|ch| !is_name_char(ch) || ch.is_ascii())
        {
            continue;
        }
        // 「青溪河段」 and 「青溪河道」 read either way: 青溪河 = 青溪.
        let name = format!("{stem}{}", end.as_str());
        let name = match name.strip_suffix('河') {
            Some(r) if r.ends_with(['江', '溪']) => r.to_string(),
            _ => name,
        };
        out.push(Place {
            level: Level::Road,
            name,
        });
    }
}
