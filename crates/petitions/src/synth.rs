//! Synthetic petitions for benchmarks and `rectify dev generate`: many areas, towns, villages,
//! polluters and kinds, each matter reported one to four times in varied
//! words. Deterministic for a seed.

use crate::Petition;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

const SYL: [&str; 24] = [
    "金", "秋", "民", "东", "石", "桥", "白", "鹤", "青", "龙", "新", "华", "花", "塘", "梅", "沿",
    "江", "黄", "铁", "长", "平", "安", "兴", "福",
];
const SURNAME: [&str; 10] = ["张", "王", "李", "刘", "陈", "杨", "周", "邓", "罗", "胡"];
const SOURCES: [(&str, &str, &[&str]); 6] = [
    (
        "养猪场",
        "大气",
        &["臭味很大", "粪水直排进水沟", "臭气熏天晚上不敢开窗"],
    ),
    (
        "砂石场",
        "大气",
        &["粉尘漫天", "灰尘大没有降尘措施", "运砂车扬尘"],
    ),
    (
        "搅拌站",
        "噪声",
        &["夜间生产噪音扰民", "罐车进出吵得睡不着", "机器轰鸣"],
    ),
    (
        "火锅店",
        "大气",
        &["油烟直排", "油烟扰民排烟管对着窗户", "油烟味大"],
    ),
    (
        "化工有限公司",
        "水",
        &["偷排废水", "废水排进河里河水发黑", "夜间排污"],
    ),
    (
        "垃圾填埋场",
        "水",
        &["渗滤液外溢", "渗滤液流进农田", "垃圾臭味大"],
    ),
];
const OPEN: [&str; 5] = ["来电人反映：", "群众来信反映", "举报", "", "市民称"];

fn name(r: &mut Lcg, n: usize) -> String {
    (0..n).map(|_| r.pick(&SYL)).collect()
}

/// `n` petitions; about a third of the matters are reported more than once.
pub fn petitions(n: usize, seed: u64) -> Vec<Petition> {
    let mut r = Lcg(seed);
    let mut out = Vec::with_capacity(n);
    let mut matter = 0usize;
    while out.len() < n {
        matter += 1;
        let area = format!("{}{}区", name(&mut r, 2), matter % 300);
        let town = format!("{}镇", name(&mut r, 2));
        let village = format!("{}村", name(&mut r, 2));
        let group = r.next() % 12 + 1;
        let (suffix, kind, phrases) = SOURCES[(r.next() as usize) % SOURCES.len()];
        let owner = if r.next() & 1 == 0 {
            format!("{}某", r.pick(&SURNAME))
        } else {
            name(&mut r, 2)
        };
        let times = [1, 1, 1, 2, 2, 3, 4][(r.next() as usize) % 7];
        for k in 0..times {
            if out.len() >= n {
                break;
            }
            let place = if k % 2 == 0 {
                format!("{town}{village}{group}组")
            } else {
                village.clone()
            };
            out.push(Petition {
                id: format!("S{:07}", out.len()),
                date: chrono::NaiveDate::from_ymd_opt(2023, 6, 1 + (r.next() % 28) as u32),
                area: area.clone(),
                kind: kind.to_string(),
                text: format!(
                    "{}{place}{owner}{suffix}{}，{}，希望相关部门处理。",
                    r.pick(&OPEN),
                    r.pick(phrases),
                    r.pick(phrases)
                ),
                address: String::new(),
            });
        }
    }
    out
}
