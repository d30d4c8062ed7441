//! Polluters (污染源) in a petition's text: the class from the suffix or a
//! hint word, the name from a trade name (字号), a quoted name or the
//! operator (「老板姓刘」「杨记」 → 刘某, 杨某).

use super::*;

/// A shop named by its owner's family (「杨记烧烤」「老杨烧烤」「杨家烧烤店」
/// 「马家牛肉面」): the operator 杨某, one name however written.
pub(super) fn family_name(name: &str) -> Option<String> {
    let c: Vec<char> = name.chars().collect();
    let x = match c[..] {
        ['老', x] | [x, '记'] | [x, '家'] => x,
        _ => return None,
    };
    // Common surnames only: 「老表烧烤」 is no 表某.
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    SURNAMES.contains(x).then(|| format!("{x}某"))
}

/// The operators a text names anywhere (「罗某」「老板姓刘」「刘老板」), as 「X某」, distinct.
pub(super) fn operators_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for c in OPERATOR_RE.captures_iter(text) {
        let Some(g) = (1..=5).find_map(|i| c.get(i)) else {
            continue;
        };
        let x = g.as_str();
        if x == "某"
            || SETS.stop.contains(x)
            || "的是个家大小老该这那其新被给向找一有人场厂店站".contains(x)
        {
            continue;
        }
        let name = format!("{x}某");
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

pub(super) fn polluters_in(text: &str, admin: &[String], out: &mut Vec<Polluter>) {
    let mut floor = 0;
    let mut last_end: Option<usize> = None;
    for m in POLLUTER_RE.find_iter(text) {
        let suffix = m.as_str();
        let mut class = SETS
            .suffix_class
            .get(suffix)
            .cloned()
            .unwrap_or_else(|| suffix.to_string());
        // A wharf (「江边码头砂石装卸」) is a polluter of its own, but 码头 is
        // also a word inside shop names (「老码头火锅店」「“老码头烧烤”」):
        // followed closely by another polluter's ending, or inside quotes,
        // it is inside that name.
        if class == "码头" {
            let after = &text[m.end()..];
            let name_end = after
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(after.len(), |(i, _)| i);
            let inner = after[name_end..].starts_with(['”', '"', '」', '’'])
                || after
                    .char_indices()
                    .take_while(|(i, _)| *i < name_end.min(12))
                    .any(|(i, _)| {
                        POLLUTER_RE
                            .find(&after[i..])
                            .is_some_and(|n| n.start() == 0)
                    });
            if inner {
                continue;
            }
        }
        let raw = &text[floor..m.start()];
        floor = m.end();
        // 「华兴化工有限公司」: a legal form right after a polluter is that
        // polluter's, not an unnamed second one.
        if generic_class(&class) && last_end == Some(m.start()) {
            continue;
        }
        // 「填埋场旁边的养鸡场」: the first is a landmark, not the polluter;
        // 「瓦厂小组」「砖厂村」 are places.
        let after = &text[m.end()..];
        if landmark(after)
            || ["小组", "组", "村", "社区", "镇", "乡"]
                .iter()
                .any(|w| after.starts_with(w))
        {
            continue;
        }
        // 「“学府壹号”工地」: a quoted name right before the suffix is its name.
        // 「“蜀香园”川菜馆」: a trade word of up to two characters may stand
        // between the quote and the suffix.
        let closed = raw.strip_suffix(['”', '"', '」', '’']).or_else(|| {
            let i = raw.rfind(['”', '"', '」', '’'])?;
            let between = &raw[i..].chars().skip(1).collect::<String>();
            let n = between.chars().count();
            ((1..=2).contains(&n) && between.chars().all(is_name_char)).then(|| &raw[..i])
        });
        let quoted = closed
            .and_then(|r| {
                r.rfind(['“', '"', '「', '‘'])
                    .map(|i| &r[i + r[i..].chars().next().map_or(0, char::len_utf8)..])
            })
            .filter(|q| (2..=8).contains(&q.chars().count()) && q.chars().all(is_name_char));
        // Only the name characters right before the suffix belong to it.
        let mut raw_tail: String = if let Some(q) = quoted {
            q.to_string()
        } else {
            let mut v: Vec<char> = raw.chars().rev().take_while(|c| is_name_char(*c)).collect();
            v.truncate(12);
            v.into_iter().rev().collect()
        };
        // 「石材加工厂」: a plain factory whose trade word makes a listed
        // class (石材厂) takes that class.
        if class == "厂" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade = (1..=3.min(chars.len())).rev().find_map(|k| {
                let w: String = chars[chars.len() - k..].iter().collect();
                ["厂", "场"]
                    .iter()
                    .find_map(|e| SETS.suffix_class.get(&format!("{w}{e}")))
                    .filter(|c| c.as_str() != "厂" && c.as_str() != "*")
                    .cloned()
            });
            if let Some(t) = trade {
                class = t;
            }
        }
        // 「恒达石材有限公司」「长兴混凝土有限公司」: a company whose trade word
        // makes a listed class (石材厂, 搅拌站) takes that class.
        if class == "公司" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade = (2..=3.min(chars.len())).rev().find_map(|k| {
                let w: String = chars[chars.len() - k..].iter().collect();
                ["厂", "场", "站"]
                    .iter()
                    .find_map(|e| SETS.suffix_class.get(&format!("{w}{e}")))
                    .or_else(|| SETS.hint.get(&w))
                    .filter(|c| !generic_class(c) && c.as_str() != "厂" && c.as_str() != "*")
                    .cloned()
            });
            if let Some(t) = trade {
                class = t;
            }
        }
        // A shop of no listed trade (「音响店」「服装店」): the two characters
        // before 店 say what it sells, and are its class.
        if class == "*" {
            let chars: Vec<char> = raw_tail.chars().collect();
            let trade: String = chars.iter().rev().take(2).rev().collect();
            class = if chars.len() >= 2
                && !SETS.stop.contains(&trade)
                && !SETS.boundary.contains(&trade)
                && !trade.contains(['家', '个', '的', '某'])
            {
                raw_tail = chars[..chars.len() - 2].iter().collect();
                format!("{trade}店")
            } else {
                "店".to_string()
            };
        }
        // 「泡菜厂（恒信）」「养鸡场（老板姓周）」: the name follows in brackets.
        let bracket = BRACKET_RE
            .captures(&text[m.end()..])
            .and_then(|c| c.get(1))
            .map(|g| g.as_str().to_string());
        // The name written before the suffix wins over a bracket, which may
        // describe the trade instead (「宏源食品有限公司（黄花菜加工）」).
        let name = if let Some(p) = PERSON_RE.captures(&raw_tail) {
            p.get(1).map(|g| format!("{}某", g.as_str()))
        } else if let Some(n) = trade_name(&raw_tail, admin) {
            Some(n)
        } else if let Some(q) = quoted {
            // A quoted name is a name whatever it ends in (「学府壹号」).
            let first: String = q.chars().take(2).collect();
            (!SETS.generic.contains(&first) && !SETS.stop.contains(&first)).then_some(first)
        } else {
            bracket.as_deref().and_then(|b| bracket_name(b, admin))
        };
        out.push(Polluter { class, name });
        last_end = Some(m.end());
    }
    // 「“老表烧烤”」: a quoted name ending in a trade word (a hint, not a
    // listed suffix) is a named polluter of that trade.
    for c in QUOTED_RE.captures_iter(text) {
        let Some(q) = c.get(1).map(|g| g.as_str()) else {
            continue;
        };
        let Some(class) = HINT_RE
            .find_iter(q)
            .last()
            .filter(|h| h.end() == q.len() && h.start() > 0)
            .and_then(|h| SETS.hint.get(h.as_str()))
        else {
            continue;
        };
        let first: String = q.chars().take(2).collect();
        if first.chars().count() < 2
            || SETS.generic.contains(&first)
            || SETS.stop.contains(&first)
            || !first.chars().all(is_name_char)
        {
            continue;
        }
        if out
            .iter()
            .any(|p| p.name.as_deref() == Some(first.as_str()))
        {
            continue;
        }
        match out
            .iter_mut()
            .find(|p| p.name.is_none() && (&p.class == class || generic_class(&p.class)))
        {
            Some(p) => p.name = Some(first),
            None => out.push(Polluter {
                class: class.clone(),
                name: Some(first),
            }),
        }
    }
    // A polluter without a written name takes the operator the text names,
    // when it names exactly one (「罗某家养了二十几头猪，猪圈就在…」).
    let ops = operators_in(text);
    if !out.is_empty() {
        if ops.len() == 1 && out.iter().all(|p| p.name.is_none()) {
            for p in out.iter_mut() {
                p.name = ops.first().cloned();
            }
        }
        return;
    }
    // Only when no polluter is written out: 「李某在房后养猪」 names a pig farm
    // and its operator without any suffix.
    let person = ops.first().cloned();
    for m in HINT_RE.find_iter(text) {
        if let Some(class) = SETS.hint.get(m.as_str()) {
            if !out.iter().any(|p| &p.class == class) {
                out.push(Polluter {
                    class: class.clone(),
                    name: person.clone(),
                });
            }
        }
    }
}

/// The trade name (字号) of a written polluter name: place names, boundary
/// words, the area's own names (眉山, 衡南) and generic words dropped, the
/// first two characters kept. 「老陈」 is an operator: 陈某.
pub(super) fn trade_name(raw: &str, admin: &[String]) -> Option<String> {
    let mut s = raw;
    // Drop everything up to the last place suffix: 「民东村宏达」→「宏达」.
    if let Some(i) = SETS
        .place_suffix_chars
        .iter()
        .filter_map(|p| s.rfind(p.as_str()).map(|i| i + p.len()))
        .max()
    {
        s = &s[i..];
    }
    for words in [&SETS.boundary, &SETS.name_bad] {
        if let Some(i) = words
            .iter()
            .filter_map(|b| s.rfind(b.as_str()).map(|i| i + b.len()))
            .max()
        {
            s = &s[i..];
        }
    }
    // 「兰陵县化工园区」: a county or city right before the suffix is a place.
    if s.ends_with(['县', '市', '区', '省', '州']) {
        return None;
    }
    // Drop county or city prefixes: 「东坡区宏达」→「宏达」, 「眉山宏达」→「宏达」.
    s = drop_admin_prefix(s);
    for a in admin {
        if let Some(r) = s.strip_prefix(a.as_str()) {
            if r.chars().count() >= 2 {
                s = r;
            }
        }
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 2 && chars[0] == '老' && !SETS.generic.contains(&s[3..].to_string()) {
        return Some(format!("{}某", chars[1]));
    }
    let mut name = s.to_string();
    for g in &SETS.generic {
        if name.chars().count() > 2 {
            name = name.replace(g.as_str(), "");
        }
    }
    if name.contains('某') || name.contains('X') || name.contains('*') {
        return None;
    }
    let first: String = name.chars().take(2).collect();
    if first.chars().count() < 2
        || SETS.generic.contains(&first)
        || SETS
            .place_suffix_chars
            .iter()
            .any(|p| first.ends_with(p.as_str()))
        || SETS.stop.contains(&first)
        || SETS.name_bad.contains(&first)
        || first.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(first)
}
