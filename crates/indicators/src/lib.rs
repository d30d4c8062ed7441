//! Environmental indicator checks for the rectification ledger: the numbers a
//! rectification target is judged by.
//!
//! - [`aqi`]: the daily air quality index (空气质量指数) under HJ 633, each day
//!   rated under the edition in force on that day.
//! - [`water`]: the single-factor surface-water class (单因子评价法) under
//!   GB 3838-2002.
//!
//! Pure: values in, values out. The only parsing done here is of CSV text
//! handed in as bytes; reading files is the caller's business. Nothing here
//! panics on bad input: every complaint is a [`Notice`] naming the line.

pub mod aqi;
pub mod csv;
mod dec;
pub mod water;

pub use dec::Dec;

use std::fmt;

/// An error or a warning, in Chinese and English, with the CSV line it is
/// about (the header is line 1) when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub line: Option<usize>,
    pub zh: String,
    pub en: String,
}

impl Notice {
    pub fn at(line: usize, zh: impl Into<String>, en: impl Into<String>) -> Notice {
        Notice {
            line: Some(line),
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn general(zh: impl Into<String>, en: impl Into<String>) -> Notice {
        Notice {
            line: None,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "第{l}行：{} / line {l}: {}", self.zh, self.en),
            None => write!(f, "{} / {}", self.zh, self.en),
        }
    }
}

impl std::error::Error for Notice {}
