//! The inspection (督察) a plan answers: its level, team, when it was
//! stationed in the jurisdiction and when it fed back its findings. Read from
//! the plan's preamble where the text states them.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionLevel {
    /// 中央生态环境保护督察
    Central,
    /// 省级环境保护督察
    Provincial,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub level: Option<InspectionLevel>,
    /// e.g. 湖南省第一环境保护督察组
    pub team: Option<String>,
    /// e.g. 第二轮
    pub round: Option<String>,
    pub stationed_from: Option<NaiveDate>,
    pub stationed_to: Option<NaiveDate>,
    pub feedback_date: Option<NaiveDate>,
}

static TEAM: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"((?:中央|[\p{Han}]{2,3}省)第[一二三四五六七八九十]+(?:生态)?环境保护督察组)").ok()
});
static ROUND: Lazy<Option<Regex>> = Lazy::new(|| Regex::new(r"(第[一二三四五六七八九十]+轮)").ok());
static STATIONED: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[^。]{0,40}?进驻",
    )
    .ok()
});
static FEEDBACK: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[^。，,]{0,40}?反馈").ok());

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

impl Inspection {
    /// Reads what the first part of a plan says about its inspection.
    pub fn from_text(text: &str) -> Inspection {
        let head: String = text.chars().take(4000).collect();
        let level = if head.contains("中央生态环境保护督察") || head.contains("中央环境保护督察")
        {
            Some(InspectionLevel::Central)
        } else if head.contains("省环境保护督察")
            || head.contains("省生态环境保护督察")
            || head.contains("省第")
        {
            Some(InspectionLevel::Provincial)
        } else {
            None
        };
        let cap = |re: &Lazy<Option<Regex>>| {
            re.as_ref()
                .and_then(|r| r.captures(&head))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
        };
        let mut out = Inspection {
            level,
            team: cap(&TEAM),
            round: cap(&ROUND),
            stationed_from: None,
            stationed_to: None,
            feedback_date: None,
        };
        if let Some(c) = STATIONED.as_ref().and_then(|r| r.captures(&head)) {
            let y1 = c.get(1).map_or("", |m| m.as_str());
            let y2 = c.get(4).map_or(y1, |m| m.as_str());
            out.stationed_from = ymd(
                y1,
                c.get(2).map_or("", |m| m.as_str()),
                c.get(3).map_or("", |m| m.as_str()),
            );
            out.stationed_to = ymd(
                y2,
                c.get(5).map_or("", |m| m.as_str()),
                c.get(6).map_or("", |m| m.as_str()),
            );
        }
        let after = out.stationed_to;
        if let Some(re) = FEEDBACK.as_ref() {
            for c in re.captures_iter(&head) {
                let year = c
                    .get(1)
                    .map(|m| m.as_str().to_string())
                    .or_else(|| after.map(|d| chrono::Datelike::year(&d).to_string()));
                let Some(year) = year else { continue };
                let d = ymd(
                    &year,
                    c.get(2).map_or("", |m| m.as_str()),
                    c.get(3).map_or("", |m| m.as_str()),
                );
                // The feedback follows the stationing; skip the stationing sentence itself.
                if d.is_some() && (after.is_none() || d > after) {
                    out.feedback_date = d;
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn reads_a_provincial_inspection_preamble() {
        let t = "2018年6月21日至7月11日，湖南省第一环境保护督察组进驻我市开展了环保督察工作，9月11日湖南省第一环境保护督察组向我市反馈了督察意见。";
        let i = Inspection::from_text(t);
        assert_eq!(i.level, Some(InspectionLevel::Provincial));
        assert_eq!(i.team.as_deref(), Some("湖南省第一环境保护督察组"));
        assert_eq!(i.stationed_from, Some(d("2018-06-21")));
        assert_eq!(i.stationed_to, Some(d("2018-07-11")));
        assert_eq!(i.feedback_date, Some(d("2018-09-11")));
    }

    #[test]
    fn reads_a_central_inspection_without_dates() {
        let i = Inspection::from_text(
            "根据第二轮中央生态环境保护督察反馈意见和《……》要求，制定本方案。",
        );
        assert_eq!(i.level, Some(InspectionLevel::Central));
        assert_eq!(i.round.as_deref(), Some("第二轮"));
        assert_eq!((i.stationed_from, i.feedback_date), (None, None));
    }

    #[test]
    fn says_nothing_when_the_text_says_nothing() {
        let i = Inspection::from_text("关于加强生态环境保护的若干措施");
        assert_eq!(
            i,
            Inspection {
                level: None,
                team: None,
                round: None,
                stationed_from: None,
                stationed_to: None,
                feedback_date: None
            }
        );
    }
}
