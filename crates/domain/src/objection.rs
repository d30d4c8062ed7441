//! Objections (异议) a citizen can follow: the reference number they get
//! (异议受理编号), how often one address and one problem may take them, and
//! how the office closes one (answered, or marked spam).

use crate::error::{Error, ErrorCode, Result};
use chrono::{Duration, NaiveDate};

/// At most this many objections from one client address …
pub const PER_ADDRESS_LIMIT: i64 = 5;
/// … within this window.
pub fn per_address_window() -> Duration {
    Duration::minutes(10)
}
/// At most this many (not marked spam) on one problem …
pub const PER_PROBLEM_LIMIT: i64 = 40;
/// … within this window.
pub fn per_problem_window() -> Duration {
    Duration::hours(1)
}

/// What the throttle rule needs, counted inside the write transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentObjections {
    /// From the same client address within [`per_address_window`].
    pub by_address: i64,
    /// On the same problem within [`per_problem_window`], spam not counted.
    pub by_problem: i64,
    /// Earlier objections on the same problem with exactly the same text.
    pub same_text: i64,
}

/// May one more objection be taken? Refuses a burst (429) and an exact
/// repeat (409).
pub fn check_lodge(r: RecentObjections) -> Result<()> {
    if r.by_address >= PER_ADDRESS_LIMIT {
        return Err(Error::with(
            ErrorCode::ObjectionThrottled,
            "同一地址10分钟内至多5件 / at most 5 per address in 10 minutes",
        ));
    }
    if r.by_problem >= PER_PROBLEM_LIMIT {
        return Err(Error::with(
            ErrorCode::ObjectionThrottled,
            "同一问题1小时内至多40件 / at most 40 per problem in an hour",
        ));
    }
    if r.same_text > 0 {
        return Err(Error::new(ErrorCode::ObjectionRepeated));
    }
    Ok(())
}

/// The alphabet of the random part: Crockford's base 32 (no I, L, O, U),
/// easy to read out on the phone.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in the random part: 10 × 5 bits = 50 bits, not guessable.
pub const REFERENCE_RANDOM_CHARS: usize = 10;

/// A reference number `YY20261201-7K3M9QX2TD`: the day it was lodged and a
/// random part from `random` (at least [`REFERENCE_RANDOM_CHARS`] bytes).
pub fn reference(day: NaiveDate, random: &[u8]) -> String {
    let tail: String = random
        .iter()
        .take(REFERENCE_RANDOM_CHARS)
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect();
    format!("YY{}-{tail}", day.format("%Y%m%d"))
}

/// Reads what a citizen types as a reference: spaces dropped, case folded,
/// the look-alike letters read as digits. 422 when it cannot be one.
pub fn parse_reference(s: &str) -> Result<String> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bad = || Error::new(ErrorCode::ObjectionReferenceInvalid);
    let rest = t.strip_prefix("YY").ok_or_else(bad)?;
    let (day, tail) = rest.split_once('-').ok_or_else(bad)?;
    if day.len() != 8 || !day.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if tail.chars().count() != REFERENCE_RANDOM_CHARS {
        return Err(bad());
    }
    let tail: String = tail
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    if !tail.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(bad());
    }
    Ok(format!("YY{day}-{tail}"))
}

/// How the office closes an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Looked into and answered (status `resolved`).
    Answered,
    /// Abusive, meaningless or a flood (status `spam`): no longer blocks
    /// verification and no longer counts against the problem's limit.
    Spam,
}

impl Outcome {
    pub fn parse(s: &str) -> Result<Outcome> {
        match s.trim() {
            "" | "resolved" | "answered" => Ok(Outcome::Answered),
            "spam" => Ok(Outcome::Spam),
            _ => Err(Error::new(ErrorCode::ObjectionOutcomeUnknown)),
        }
    }

    /// The objection's status afterwards.
    pub fn status(self) -> &'static str {
        match self {
            Outcome::Answered => "resolved",
            Outcome::Spam => "spam",
        }
    }
}

/// An objection's status as the public reads it.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "已受理，正在核实",
        "resolved" => "已办结",
        "spam" => "不予受理（无效异议）",
        _ => "已受理",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn r(a: i64, p: i64, s: i64) -> RecentObjections {
        RecentObjections {
            by_address: a,
            by_problem: p,
            same_text: s,
        }
    }

    #[test]
    fn limits_per_address_and_per_problem() {
        assert!(check_lodge(r(4, 39, 0)).is_ok());
        let e = check_lodge(r(5, 0, 0)).unwrap_err();
        assert_eq!(
            (e.code, e.http_status()),
            (ErrorCode::ObjectionThrottled, 429)
        );
        assert!(e.message_zh().contains("10分钟"), "{}", e.message_zh());
        let e = check_lodge(r(0, 40, 0)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ObjectionThrottled);
        assert!(e.message_zh().contains("1小时"));
        let e = check_lodge(r(0, 0, 1)).unwrap_err();
        assert_eq!(
            (e.code, e.http_status()),
            (ErrorCode::ObjectionRepeated, 409)
        );
    }

    #[test]
    fn references_round_trip_and_refuse_junk() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let r = reference(day, &[0, 1, 31, 30, 29, 8, 9, 10, 11, 255]);
        assert_eq!(r, "YY20261201-01ZYX89ABZ");
        assert_eq!(parse_reference(" yy20261201-01zyx89abz ").unwrap(), r);
        assert_eq!(
            parse_reference("YY20261201-O1ZYX89ABZ").unwrap(),
            r,
            "O read as 0"
        );
        for bad in [
            "",
            "YY2026-01ZYX89ABZ",
            "XX20261201-01ZYX89ABZ",
            "YY20261201-01ZYX",
            "YY20261201-01ZYX89AB*",
            "YY20261201-01ZYX89ABU",
        ] {
            assert_eq!(
                parse_reference(bad).unwrap_err().code,
                ErrorCode::ObjectionReferenceInvalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn outcomes() {
        assert_eq!(Outcome::parse("spam").unwrap().status(), "spam");
        assert_eq!(Outcome::parse("").unwrap().status(), "resolved");
        assert_eq!(
            Outcome::parse("delete").unwrap_err().code,
            ErrorCode::ObjectionOutcomeUnknown
        );
        assert_eq!(status_label("spam"), "不予受理（无效异议）");
    }
}
