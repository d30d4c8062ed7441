//! Field values: unit lists with role markers, names of leaders, responsible
//! persons and liaisons. Names that run together without a separator are
//! split using the names seen elsewhere in the same document.

use crate::clean::tidy;
use rectify_domain::{Liaison, Person, UnitAssignment, UnitRole};
use std::collections::HashSet;

/// Splits a list at top-level separators (、，,；;/ and line breaks), never
/// inside brackets.
pub(crate) fn split_list(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth: i32 = 0;
    for c in value.chars() {
        match c {
            '（' | '(' | '【' | '[' | '《' => {
                depth += 1;
                cur.push(c);
            }
            '）' | ')' | '】' | ']' | '》' => {
                depth = (depth - 1).max(0);
                cur.push(c);
            }
            '、' | '，' | ',' | '；' | ';' | '/' | '／' | '\n' | '。' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Organisation words that never stand alone: they continue the unit before
/// them ("衡东县党委、政府").
const BARE_ORG: &[&str] = &[
    "政府",
    "人民政府",
    "党委",
    "党工委",
    "管委会",
    "区政府",
    "县政府",
    "市政府",
    "党政",
    "区委",
    "县委",
    "政",
];

/// Parses a unit list of one role. A unit marked （牵头） / 牵头 becomes
/// `lead`, （配合） `assisting`; other parentheses are part of the name.
///
/// Units separated by spaces only ("县交通运输局 县水利局") are split where
/// the word before the space ends like a unit name. When some unit of a list
/// carries an explicit lead marker, the unmarked units of a `lead` list are
/// `responsible` (「牵头单位：A（牵头），B、C」: only A leads).
pub(crate) fn parse_units(value: &str, role: UnitRole) -> Vec<UnitAssignment> {
    let mut tokens: Vec<String> = Vec::new();
    for raw in split_list(&tidy(&split_spaced_units(value))) {
        let t = raw.trim_end_matches(['。', '.']).to_string();
        if BARE_ORG.contains(&t.as_str()) {
            if let Some(prev) = tokens.last_mut() {
                prev.push('、');
                prev.push_str(&t);
                continue;
            }
        }
        tokens.push(t);
    }
    let marked: Vec<(String, Option<UnitRole>, Option<String>)> = tokens
        .iter()
        .map(|t| {
            let (name, note) = split_unit_note(t);
            let (name, role) = strip_role_marker(&name);
            let role = role.or_else(|| note.as_deref().and_then(role_in_note));
            (name, role, note)
        })
        .collect();
    let explicit_lead = marked.iter().any(|(_, r, _)| *r == Some(UnitRole::Lead));
    let default_role = if role == UnitRole::Lead && explicit_lead {
        UnitRole::Responsible
    } else {
        role
    };
    let mut out: Vec<UnitAssignment> = Vec::new();
    for (name, marked, note) in marked {
        let name = name.trim().to_string();
        if name.is_empty() {
            continue;
        }
        let role = marked.unwrap_or(default_role);
        if !out.iter().any(|u| u.name == name && u.role == role) {
            out.push(UnitAssignment { name, role, note });
        }
    }
    out
}

/// Endings of unit names (局, 委, 办, 政府, 管委会, 公司 …).
pub(crate) const UNIT_ENDS: &[&str] = &[
    "局", "委", "办", "院", "厅", "府", "会", "司", "团", "处", "队", "站", "所", "中心", "区",
    "县", "市", "镇", "乡", "街道", "部", "室", "社", "馆", "组", "行", "校", "场", "厂", "署",
];

/// Where a unit name usually starts (市…, 县…, 各…).
pub(crate) const UNIT_STARTS: &[char] =
    &['市', '县', '区', '省', '各', '州', '镇', '乡', '盟', '旗'];

pub(crate) fn ends_like_unit(s: &str) -> bool {
    let s = s.trim_end_matches(['）', ')']);
    UNIT_ENDS.iter().any(|e| s.ends_with(e))
}

/// "县交通运输局 县水利局" → "县交通运输局、县水利局": a whitespace run between
/// a word that ends like a unit and one that does not start with a bracket.
fn split_spaced_units(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            while chars
                .peek()
                .is_some_and(|n| *n == ' ' || *n == '\u{3000}' || *n == '\t')
            {
                chars.next();
            }
            let next = chars.peek().copied();
            let next_ok = next.is_some_and(|n| is_han(n) && !matches!(n, '（' | '('));
            let word: String = out
                .rsplit(['、', '，', ',', '；', ';', ' '])
                .next()
                .unwrap_or("")
                .to_string();
            if next_ok && word.chars().count() >= 3 && ends_like_unit(&word) {
                out.push('、');
            } else {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A note in brackets after a unit's name — what it leads or is charged
/// with, a level, how the task is split: 「市生态环境局（牵头负责水质监测）」
/// → (市生态环境局, 牵头负责水质监测). A bare role marker (「（牵头）」) is
/// left to [`strip_role_marker`]; an administrative level closing a name
/// (「各区县（市）」) or a second name (「市住建局（市人防办）」) is part of the
/// name.
fn split_unit_note(t: &str) -> (String, Option<String>) {
    let t = t.trim();
    let Some(body) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) else {
        return (t.to_string(), None);
    };
    let Some(open) = body.rfind(['（', '(']) else {
        return (t.to_string(), None);
    };
    let name = body[..open].trim();
    let note = body[open..].trim_start_matches(['（', '(']).trim();
    let level_only = note
        .chars()
        .all(|c| matches!(c, '市' | '县' | '区' | '旗' | '镇' | '乡' | '、' | ','));
    let marker = matches!(note, "牵头" | "牵头单位" | "牵头部门" | "配合" | "配合单位");
    // 「市住建局（市人防办）」: a second name of the same office, not a note.
    let alias = note.starts_with(UNIT_STARTS) && ends_like_unit(note) && !note.contains("牵头");
    if name.is_empty() || note.is_empty() || level_only || marker || alias {
        return (t.to_string(), None);
    }
    (name.to_string(), Some(note.to_string()))
}

/// The role a unit's note gives it: 「牵头负责…」 leads, 「配合…」 assists.
fn role_in_note(note: &str) -> Option<UnitRole> {
    if note.starts_with("牵头") || note.contains("牵头负责") || note.ends_with("牵头") {
        Some(UnitRole::Lead)
    } else if note.starts_with("配合") || note.starts_with("协助") || note.starts_with("参与")
    {
        Some(UnitRole::Assisting)
    } else {
        None
    }
}

fn strip_role_marker(t: &str) -> (String, Option<UnitRole>) {
    const MARKERS: &[(&str, UnitRole)] = &[
        ("（牵头单位）", UnitRole::Lead),
        ("（牵头）", UnitRole::Lead),
        ("（牵头部门）", UnitRole::Lead),
        ("（配合）", UnitRole::Assisting),
        ("（配合单位）", UnitRole::Assisting),
    ];
    for (m, role) in MARKERS {
        if t.contains(m) {
            return (t.replace(m, ""), Some(*role));
        }
    }
    if let Some(rest) = t
        .strip_prefix("牵头：")
        .or_else(|| t.strip_prefix("牵头单位："))
    {
        return (rest.to_string(), Some(UnitRole::Lead));
    }
    if let Some(rest) = t.strip_suffix("牵头") {
        if rest.chars().count() >= 2 {
            return (rest.to_string(), Some(UnitRole::Lead));
        }
    }
    if let Some(rest) = t.strip_suffix("配合") {
        if rest.chars().count() >= 2 {
            return (rest.to_string(), Some(UnitRole::Assisting));
        }
    }
    (t.to_string(), None)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Tokens of a names field: separators, then whitespace — where single
/// characters separated by spaces are one name ("刘 华" → 刘华).
pub(crate) fn name_tokens(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in split_list(value) {
        for part in names::split_after_brackets(&item) {
            out.extend(words(&part));
        }
    }
    out
}

/// Whitespace-separated words, where single characters separated by spaces
/// are one word ("张  伟" → 张伟, "副市长 张  伟" → 副市长, 张伟).
fn words(item: &str) -> Vec<String> {
    let mut merged: Vec<(String, bool)> = Vec::new();
    for p in item.split_whitespace() {
        let single = p.chars().count() == 1 && p.chars().all(is_han);
        match merged.last_mut() {
            Some((last, true)) if single => last.push_str(p),
            _ => merged.push((p.to_string(), single)),
        }
    }
    merged.into_iter().map(|(w, _)| w).collect()
}

/// Strips a bracketed note: "包昌林（副市长）" → ("包昌林", Some("副市长")).
fn split_note(t: &str) -> (String, Option<String>) {
    if let Some(open) = t.find(['（', '(']) {
        let name = t[..open].trim().to_string();
        let inner = t[open..]
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')'])
            .trim()
            .to_string();
        if name.is_empty() {
            // "（副市长）包昌林"
            if let Some(close) = t.find(['）', ')']) {
                let after = t[close..]
                    .trim_start_matches(['）', ')'])
                    .trim()
                    .to_string();
                let inner = t[..close]
                    .trim_start_matches(['（', '('])
                    .trim()
                    .to_string();
                return (after, (!inner.is_empty()).then_some(inner));
            }
        }
        return (name, (!inner.is_empty()).then_some(inner));
    }
    (t.trim().to_string(), None)
}

/// Endings of titles and offices (副市长, 市委常委, 局长, 主任 …).
const TITLE_ENDS: &[&str] = &[
    "长", "委", "记", "任", "员", "席", "理", "部", "局", "办", "处", "科", "厅", "县", "市", "区",
    "镇", "乡", "司", "心", "所", "站", "组", "官", "师", "监", "督", "干部", "秘书",
];
const TITLE_STARTS: &[&str] = &[
    "市", "县", "区", "省", "州", "镇", "乡", "副", "常务", "党", "分管", "总",
];
/// Title words that may end a longer title ("市政府副市长李四").
const TITLE_TAILS: &[&str] = &[
    "长",
    "主任",
    "书记",
    "委员",
    "常委",
    "主席",
    "秘书",
    "巡视员",
    "调研员",
    "经理",
    "干部",
    "科员",
    "专员",
    "所长",
];

pub(crate) fn looks_like_title(t: &str) -> bool {
    let n = t.chars().count();
    n > 4
        || n >= 2
            && (TITLE_ENDS.iter().any(|e| t.ends_with(e))
                || TITLE_STARTS.iter().any(|s| t.starts_with(s)) && n > 2)
}

pub(crate) fn looks_like_name(t: &str) -> bool {
    let n = t.chars().count();
    (2..=4).contains(&n) && t.chars().all(is_han)
}

/// The names a document uses: every leader, person and liaison token that
/// looks like a personal name.
#[derive(Debug, Default)]
pub(crate) struct NameBook {
    names: HashSet<String>,
    units: HashSet<String>,
}

impl NameBook {
    pub(crate) fn add_names_from(&mut self, value: &str) {
        for t in name_tokens(value) {
            let (name, _) = split_note(&t);
            let name = match self.name_in_word(&name) {
                Some((n, _)) => n,
                None => name,
            };
            let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            if looks_like_name(&name) && name.chars().count() <= 3 && !looks_like_title(&name) {
                self.names.insert(name);
            }
        }
    }

    pub(crate) fn add_units(&mut self, units: &[UnitAssignment]) {
        for u in units {
            if u.name.chars().count() >= 3 {
                self.units.insert(u.name.clone());
            }
        }
    }

    /// Splits a token into known names when it is made only of them.
    fn split_known(
        &self,
        token: &str,
        set: &HashSet<String>,
        min: usize,
        max: usize,
    ) -> Option<Vec<String>> {
        let chars: Vec<char> = token.chars().collect();
        let n = chars.len();
        if n < 2 * min || set.contains(token) {
            return None;
        }
        // best[i]: a segmentation of chars[..i] into known pieces.
        let mut best: Vec<Option<Vec<String>>> = vec![None; n + 1];
        best[0] = Some(Vec::new());
        for i in 0..n {
            let Some(prefix) = best[i].clone() else {
                continue;
            };
            for len in min..=max {
                if i + len > n {
                    break;
                }
                let piece: String = chars[i..i + len].iter().collect();
                if set.contains(&piece) && best[i + len].is_none() {
                    let mut v = prefix.clone();
                    v.push(piece);
                    best[i + len] = Some(v);
                }
            }
        }
        best[n].take().filter(|v| v.len() >= 2)
    }

    /// The personal name in one word and the title around it:
    /// "张伟" → 张伟; "副市长张伟" / "市政府副市长李四" → the name after the last
    /// title ending; "市委常委" → none.
    fn name_in_word(&self, w: &str) -> Option<(String, String)> {
        let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        if w.is_empty() {
            return None;
        }
        if self.names.contains(&w) || looks_like_name(&w) && !looks_like_title(&w) {
            return Some((w, String::new()));
        }
        if let Some(known) = self
            .names
            .iter()
            .filter(|n| w.ends_with(n.as_str()) || w.starts_with(n.as_str()))
            .max_by_key(|n| n.len())
        {
            let other = if w.ends_with(known.as_str()) {
                w[..w.len() - known.len()].to_string()
            } else {
                w[known.len()..].to_string()
            };
            return Some((known.clone(), other));
        }
        let pos = TITLE_TAILS
            .iter()
            .filter_map(|h| w.rfind(h).map(|p| p + h.len()))
            .max()
            .filter(|p| *p < w.len())?;
        let tail = &w[pos..];
        (looks_like_name(tail) && !looks_like_title(tail))
            .then(|| (tail.to_string(), w[..pos].to_string()))
    }

    /// Leader names: titles before or after a name and notes in brackets
    /// dropped ("市委常委、副市长 张  伟" → 张伟), run-together names split.
    pub(crate) fn leaders(&self, value: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let push = |p: String, out: &mut Vec<String>| {
            if !out.contains(&p) {
                out.push(p);
            }
        };
        for t in name_tokens(value) {
            let (name, _) = split_note(&t);
            let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            let name = name.trim_end_matches(['。', '.']).to_string();
            if name.is_empty() {
                continue;
            }
            if let Some(parts) = self.split_known(&name, &self.names, 2, 3) {
                for p in parts {
                    push(p, &mut out);
                }
                continue;
            }
            if let Some(parts) = names::split_names(&name) {
                for p in parts {
                    push(p, &mut out);
                }
                continue;
            }
            match self.name_in_word(&name) {
                Some((n, _)) => push(n, &mut out),
                // A title without a name ("市委常委" before "副市长 张伟").
                None if looks_like_title(&name) => {}
                None => push(name, &mut out),
            }
        }
        if out.is_empty() {
            // Only titles: keep what is written rather than nothing.
            for t in name_tokens(value) {
                let (name, _) = split_note(&t);
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// Whether reading a names field needed a guess: names written
    /// together, split by the names seen elsewhere or by surnames.
    pub(crate) fn names_guessed(&self, value: &str) -> bool {
        name_tokens(value).iter().any(|t| {
            let (name, _) = split_note(t);
            let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            self.split_known(&name, &self.names, 2, 3).is_some()
                || names::split_names(&name).is_some()
        })
    }

    /// Whether a unit list needed the units seen elsewhere to be split.
    pub(crate) fn units_guessed(&self, units: &[UnitAssignment]) -> bool {
        units
            .iter()
            .any(|u| self.split_known(&u.name, &self.units, 3, 20).is_some())
    }

    /// Units after splitting run-together names using the units seen
    /// elsewhere in the document.
    pub(crate) fn units(&self, units: Vec<UnitAssignment>) -> Vec<UnitAssignment> {
        let mut out: Vec<UnitAssignment> = Vec::new();
        for u in units {
            let parts = self
                .split_known(&u.name, &self.units, 3, 20)
                .unwrap_or_else(|| vec![u.name.clone()]);
            for p in parts {
                if !out.iter().any(|x| x.name == p && x.role == u.role) {
                    out.push(UnitAssignment {
                        name: p,
                        role: u.role,
                        note: u.note.clone(),
                    });
                }
            }
        }
        out
    }

    /// Splits "title name" / "name title" / "titlename" into the name and
    /// the rest (title, phone, note).
    fn name_and_rest(&self, item: &str) -> (String, Option<String>) {
        let (main, note) = split_note(item);
        let ws = words(&main.replace(['：', ':'], " "));
        let mut name = String::new();
        let mut rest: Vec<String> = Vec::new();
        for w in &ws {
            if name.is_empty() {
                if let Some((n, other)) = self.name_in_word(w) {
                    name = n;
                    if !other.is_empty() {
                        rest.push(other);
                    }
                    continue;
                }
            }
            rest.push(w.clone());
        }
        if name.is_empty() && ws.len() == 1 {
            // Not recognisable as a name: keep the word as written.
            name = rest.pop().unwrap_or_default();
        }
        if let Some(n) = note {
            rest.push(n);
        }
        let note = rest.join(" ");
        (
            name,
            (!note.trim().is_empty()).then(|| note.trim().to_string()),
        )
    }

    /// Items of a persons field, with a title-only item joined to the item
    /// after it ("市委常委、副市长 张三") and a bare phone number to the item
    /// before it.
    fn person_items(&self, value: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut pending: Option<String> = None;
        let items = split_list_keep_spaces(value)
            .into_iter()
            .flat_map(|i| names::split_after_brackets(&i))
            .flat_map(|i| names::split_names(&i).unwrap_or_else(|| vec![i]));
        for item in items {
            let item = match pending.take() {
                Some(p) => format!("{p}、{item}"),
                None => item,
            };
            let has_name = words(&split_note(&item).0)
                .iter()
                .any(|w| self.name_in_word(w).is_some());
            let has_han = item.chars().any(is_han);
            if has_name {
                out.push(item);
            } else if has_han && looks_like_title(&item) {
                pending = Some(item);
            } else if let Some(last) = out.last_mut().filter(|_| !has_han) {
                last.push(' ');
                last.push_str(&item);
            } else {
                out.push(item);
            }
        }
        if let Some(p) = pending {
            out.push(p);
        }
        out
    }

    pub(crate) fn persons(&self, value: &str) -> Vec<Person> {
        self.person_items(value)
            .into_iter()
            .map(|item| {
                let (name, title) = self.name_and_rest(&item);
                Person { name, title }
            })
            .filter(|p| !p.name.is_empty())
            .collect()
    }

    pub(crate) fn liaisons(&self, value: &str) -> Vec<Liaison> {
        // 「联系人：王明，联系电话：…」: the phone is the contact's, not a
        // second contact named 联系电话.
        const CONTACT_WAYS: [&str; 8] = [
            "联系电话",
            "电话",
            "手机",
            "座机",
            "电子邮箱",
            "邮箱",
            "传真",
            "地址",
        ];
        let mut out: Vec<Liaison> = Vec::new();
        for item in self.person_items(value) {
            if CONTACT_WAYS.iter().any(|w| item.starts_with(w)) {
                if let Some(last) = out.last_mut() {
                    let way = item.replace(['：', ':'], " ");
                    last.note = Some(match last.note.take() {
                        Some(n) => format!("{n} {way}"),
                        None => way,
                    });
                }
                continue;
            }
            let (name, note) = self.name_and_rest(&item);
            if !name.is_empty() {
                out.push(Liaison { name, note });
            }
        }
        out
    }
}

/// Like [`split_list`] but for "name title" items: a comma between a name and
/// its title does not split when the part after it is a bracket-free title.
fn split_list_keep_spaces(value: &str) -> Vec<String> {
    // Phone numbers and titles stay with their name: split on 、；; only, and
    // on ，, when both sides contain a name-like word.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth: i32 = 0;
    for c in value.chars() {
        match c {
            '（' | '(' => {
                depth += 1;
                cur.push(c);
            }
            '）' | ')' => {
                depth = (depth - 1).max(0);
                cur.push(c);
            }
            '、' | '；' | ';' | '\n' | '，' | ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().trim_end_matches(['。', '.']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

mod names;

#[cfg(test)]
mod tests;
