//! The application layer: one function per command. Each takes the acting
//! user and input already parsed into domain types at the edge, asks
//! [`policy`] once, applies the pure domain rule, calls the store, and
//! refreshes the warnings of the problems it touched. The JSON API, the
//! HTML forms, the command line and the demo loader all call it; none of
//! them validates or authorises on its own.

mod app;
pub mod audit_key;
pub mod commands;
pub mod error;
pub mod passwords;
pub mod policy;
pub mod stats;
pub mod throttle;
pub mod warnings;

pub use app::{App, Settings};
pub use error::{Error, ErrorCode, Result};
