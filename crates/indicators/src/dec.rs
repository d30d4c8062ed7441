//! Exact decimals as read from a CSV cell.
//!
//! Limits in the standards are decimals (0.025 mg/L, 7.5 mg/L) and the AQI is
//! "rounded up" (进位取整): with binary floating point a value sitting exactly
//! on a limit could land a hair above it and change a class or add one to an
//! index. Values are therefore kept as `mantissa × 10^-scale` and compared and
//! interpolated in integer arithmetic.

use std::cmp::Ordering;
use std::fmt;

/// Most digits accepted after the decimal point.
const MAX_SCALE: u32 = 12;
/// Most digits accepted before the decimal point.
const MAX_INT_DIGITS: usize = 15;

/// An exact decimal number: `mantissa × 10^-scale`.
#[derive(Clone, Copy, Debug)]
pub struct Dec {
    mantissa: i128,
    scale: u32,
}

impl Dec {
    /// `mantissa × 10^-scale`, e.g. `Dec::new(25, 3)` is 0.025.
    pub const fn new(mantissa: i128, scale: u32) -> Dec {
        Dec { mantissa, scale }
    }

    /// An integer.
    pub const fn int(v: i64) -> Dec {
        Dec {
            mantissa: v as i128,
            scale: 0,
        }
    }

    /// Parses plain decimal notation: an optional sign, digits, an optional
    /// point and up to 12 further digits (`75`, `0.025`, `+7.5`, `.5`, `3.`).
    /// No exponents, no thousands separators. `None` when it is not such a number.
    pub fn parse(s: &str) -> Option<Dec> {
        let s = s.trim();
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let int_trimmed = int_part.trim_start_matches('0');
        if int_trimmed.len() > MAX_INT_DIGITS || frac_part.len() > MAX_SCALE as usize {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int_trimmed.bytes().chain(frac_part.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        Some(Dec {
            mantissa: if neg { -mantissa } else { mantissa },
            scale: frac_part.len() as u32,
        })
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// The mantissa at `scale` (which must be ≥ `self.scale`).
    pub(crate) fn mantissa_at(&self, scale: u32) -> i128 {
        self.mantissa * 10i128.pow(scale - self.scale)
    }

    pub(crate) fn scale(&self) -> u32 {
        self.scale
    }

    /// The nearest `f64` (for means and display, never for limits).
    pub fn to_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }
}

impl PartialEq for Dec {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Dec {}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dec {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.mantissa_at(scale).cmp(&other.mantissa_at(scale))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let p = 10i128.pow(self.scale);
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let a = self.mantissa.abs();
        write!(
            f,
            "{sign}{}.{:0width$}",
            a / p,
            a % p,
            width = self.scale as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(Dec::parse("75"), Some(Dec::int(75)));
        assert_eq!(Dec::parse("0.025"), Some(Dec::new(25, 3)));
        assert_eq!(Dec::parse(" 7.50 "), Some(Dec::new(75, 1)));
        assert_eq!(Dec::parse(".5"), Some(Dec::new(5, 1)));
        assert_eq!(Dec::parse("3."), Some(Dec::int(3)));
        assert_eq!(Dec::parse("-1.5"), Some(Dec::new(-15, 1)));
        for bad in [
            "", "-", ".", "1e3", "1,5", "abc", "1.2.3", "NaN", "inf", "--1",
        ] {
            assert_eq!(Dec::parse(bad), None, "{bad}");
        }
        assert_eq!(Dec::parse("1234567890123456"), None, "too many digits");
        assert_eq!(Dec::parse("0.1234567890123"), None, "too many decimals");
    }

    #[test]
    fn compares_across_scales() {
        assert!(Dec::parse("0.1").unwrap() == Dec::new(100, 3));
        assert!(Dec::parse("0.0251").unwrap() > Dec::new(25, 3));
        assert!(Dec::parse("7.49").unwrap() < Dec::new(75, 1));
        assert_eq!(Dec::new(-15, 1).to_string(), "-1.5");
        assert_eq!(Dec::new(25, 3).to_string(), "0.025");
    }
}
