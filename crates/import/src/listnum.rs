//! Word automatic numbering: `word/numbering.xml` (abstract numbering
//! definitions and their instances) and the numbering that paragraph styles
//! carry (`word/styles.xml`). A numbered paragraph gets its rendered number
//! ("一、", "（二）", "3.") as a text prefix, so the outline sees what a reader
//! of the document sees.
//!
//! Counting follows Word: instances of one abstract definition share their
//! counters unless the instance restarts them (`w:lvlOverride/w:startOverride`);
//! a level restarts when a level above it advances; `w:numId w:val="0"` removes
//! numbering; bullets and `none` levels add nothing.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// ilvl → start override.
    overrides: HashMap<u32, u32>,
}

/// Numbering definitions and running counters of one document.
#[derive(Debug, Default)]
pub(crate) struct ListNumbering {
    abstracts: HashMap<String, HashMap<u32, Level>>,
    instances: HashMap<String, Instance>,
    /// styleId → (numId, ilvl).
    styles: HashMap<String, (String, u32)>,
    /// styleId → basedOn styleId.
    based_on: HashMap<String, String>,
    /// Counter key → counters per level.
    counters: HashMap<String, [u32; 9]>,
}

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

impl ListNumbering {
    /// Reads `numbering.xml` and `styles.xml` (either may be missing or
    /// damaged: what cannot be read is left out).
    pub(crate) fn new(numbering_xml: Option<&[u8]>, styles_xml: Option<&[u8]>) -> Self {
        let mut n = ListNumbering::default();
        if let Some(x) = numbering_xml {
            n.read_numbering(x);
        }
        if let Some(x) = styles_xml {
            n.read_styles(x);
        }
        n
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }

    fn read_numbering(&mut self, xml: &[u8]) {
        let mut reader = Reader::from_reader(xml);
        reader.config_mut().check_end_names = false;
        let mut buf = Vec::new();
        let mut cur_abs: Option<String> = None;
        let mut cur_lvl: Option<u32> = None;
        let mut cur_num: Option<String> = None;
        let mut cur_override: Option<u32> = None;
        let mut events = 0usize;
        loop {
            events += 1;
            if events > 2_000_000 {
                break;
            }
            let ev = match reader.read_event_into(&mut buf) {
                Ok(ev) => ev,
                Err(_) => break,
            };
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"abstractNum" => {
                        cur_abs = attr(&e, b"abstractNumId");
                        cur_num = None;
                    }
                    b"lvl" => {
                        let ilvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                        if let Some(i) = ilvl {
                            cur_lvl = Some(i);
                            if let Some(a) = &cur_abs {
                                self.abstracts.entry(a.clone()).or_default().insert(
                                    i,
                                    Level {
                                        start: 1,
                                        ..Default::default()
                                    },
                                );
                            }
                        }
                    }
                    b"start" | b"numFmt" | b"lvlText" => {
                        let (Some(a), Some(i)) = (&cur_abs, cur_lvl) else {
                            continue;
                        };
                        if cur_num.is_some() {
                            continue;
                        }
                        let val = attr(&e, b"val").unwrap_or_default();
                        if let Some(l) = self.abstracts.get_mut(a).and_then(|m| m.get_mut(&i)) {
                            match e.local_name().as_ref() {
                                b"start" => l.start = val.parse().unwrap_or(1),
                                b"numFmt" => l.fmt = val,
                                _ => l.text = val,
                            }
                        }
                    }
                    b"num" => {
                        cur_abs = None;
                        cur_num = attr(&e, b"numId");
                        if let Some(id) = &cur_num {
                            self.instances.insert(id.clone(), Instance::default());
                        }
                    }
                    b"abstractNumId" => {
                        if let (Some(id), Some(v)) = (&cur_num, attr(&e, b"val")) {
                            if let Some(inst) = self.instances.get_mut(id) {
                                inst.abstract_id = v;
                            }
                        }
                    }
                    b"lvlOverride" => {
                        cur_override = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                    }
                    b"startOverride" => {
                        if let (Some(id), Some(i)) = (&cur_num, cur_override) {
                            let v = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            if let Some(inst) = self.instances.get_mut(id) {
                                inst.overrides.insert(i, v);
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"abstractNum" => cur_abs = None,
                    b"lvl" => cur_lvl = None,
                    b"num" => cur_num = None,
                    b"lvlOverride" => cur_override = None,
                    _ => {}
                },
                _ => {}
            }
            buf.clear();
        }
    }

    fn read_styles(&mut self, xml: &[u8]) {
        let mut reader = Reader::from_reader(xml);
        reader.config_mut().check_end_names = false;
        let mut buf = Vec::new();
        let mut style: Option<String> = None;
        let mut num: (Option<String>, u32) = (None, 0);
        let mut events = 0usize;
        loop {
            events += 1;
            if events > 2_000_000 {
                break;
            }
            let ev = match reader.read_event_into(&mut buf) {
                Ok(ev) => ev,
                Err(_) => break,
            };
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"style" => {
                        style = attr(&e, b"styleId");
                        num = (None, 0);
                    }
                    b"basedOn" => {
                        if let (Some(s), Some(v)) = (&style, attr(&e, b"val")) {
                            self.based_on.insert(s.clone(), v);
                        }
                    }
                    b"numId" if style.is_some() => num.0 = attr(&e, b"val"),
                    b"ilvl" if style.is_some() => {
                        num.1 = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == b"style" => {
                    if let (Some(s), (Some(id), lvl)) = (style.take(), num.clone()) {
                        self.styles.insert(s, (id, lvl));
                    }
                    num = (None, 0);
                }
                _ => {}
            }
            buf.clear();
        }
    }

    /// The numbering of a style (or the style it is based on).
    fn style_num(&self, style: &str) -> Option<(String, u32)> {
        let mut cur = style.to_string();
        for _ in 0..16 {
            if let Some(n) = self.styles.get(&cur) {
                return Some(n.clone());
            }
            cur = self.based_on.get(&cur)?.clone();
        }
        None
    }

    /// The rendered number of the next paragraph with this numbering
    /// (direct `numId`/`ilvl`, else its style's), advancing the counters.
    pub(crate) fn next(
        &mut self,
        num_id: Option<&str>,
        ilvl: Option<u32>,
        style: Option<&str>,
    ) -> Option<String> {
        let from_style = style.and_then(|s| self.style_num(s));
        let (id, lvl) = match (num_id, from_style) {
            (Some(id), st) => (
                id.to_string(),
                ilvl.or(st.filter(|s| s.0 == id).map(|s| s.1)).unwrap_or(0),
            ),
            (None, Some((id, l))) => (id, ilvl.unwrap_or(l)),
            (None, None) => return None,
        };
        if id == "0" {
            return None;
        }
        let lvl = lvl.min(8);
        let inst = self.instances.get(&id)?.clone();
        let levels = self.abstracts.get(&inst.abstract_id)?.clone();
        let level = levels.get(&lvl)?;
        if matches!(level.fmt.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        let key = if inst.overrides.is_empty() {
            format!("a{}", inst.abstract_id)
        } else {
            format!("n{id}")
        };
        let start_of = |l: u32| -> u32 {
            inst.overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|x| x.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(key).or_insert([0; 9]);
        let i = lvl as usize;
        counters[i] = if counters[i] == 0 {
            start_of(lvl)
        } else {
            counters[i].saturating_add(1)
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let mut out = level.text.clone();
        for l in 0..=lvl {
            let placeholder = format!("%{}", l + 1);
            if !out.contains(&placeholder) {
                continue;
            }
            let value = match counters[l as usize] {
                0 => start_of(l),
                v => v,
            };
            let fmt = levels.get(&l).map(|x| x.fmt.as_str()).unwrap_or("decimal");
            out = out.replace(&placeholder, &format_number(value, fmt));
        }
        Some(out)
    }
}

/// A counter value in a Word number format.
fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "chineseLegalSimplified" => chinese(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                _ => c,
            })
            .collect(),
        "ideographTraditional" => ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
            .get((n as usize).wrapping_sub(1))
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1)
                .map(String::from)
                .unwrap_or_else(|| n.to_string())
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" | "upperLetter" if (1..=26).contains(&n) => {
            let base = if fmt == "lowerLetter" { b'a' } else { b'A' };
            char::from(base + (n - 1) as u8).to_string()
        }
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 14 → 十四, 22 → 二十二, 105 → 一百零五.
fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 1000 {
        return n.to_string();
    }
    let (h, t, u) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h]);
        s.push('百');
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push_str(D[t]);
        }
        s.push('十');
    } else if h > 0 && u > 0 {
        s.push('零');
    }
    if u > 0 {
        s.push_str(D[u]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(14), "十四");
        assert_eq!(chinese(22), "二十二");
        assert_eq!(chinese(105), "一百零五");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
    }

    #[test]
    fn counting_and_restart() {
        let numbering = r#"<w:numbering xmlns:w="x">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"#;
        let styles = r#"<w:styles xmlns:w="x"><w:style w:styleId="2"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let mut n = ListNumbering::new(Some(numbering.as_bytes()), Some(styles.as_bytes()));
        assert_eq!(n.next(None, None, Some("2")).as_deref(), Some("一、"));
        assert_eq!(n.next(Some("1"), Some(1), None).as_deref(), Some("（一）"));
        assert_eq!(n.next(Some("1"), Some(1), None).as_deref(), Some("（二）"));
        assert_eq!(n.next(Some("2"), Some(0), None).as_deref(), Some("1."));
        assert_eq!(n.next(Some("2"), Some(0), None).as_deref(), Some("2."));
        assert_eq!(n.next(None, None, Some("2")).as_deref(), Some("二、"));
        assert_eq!(n.next(Some("1"), Some(1), None).as_deref(), Some("（一）"));
        assert_eq!(n.next(Some("3"), Some(0), None).as_deref(), Some("1."));
        assert_eq!(n.next(Some("0"), Some(0), None), None);
        assert_eq!(n.next(Some("9"), Some(0), None), None);
    }
}
