//! The rectification ledger's domain: types, the deadline grammar, the problem
//! lifecycle, schedule progress and warning rules, and China's working-day
//! calendar. Pure: no I/O, so most of the project's tests live here.

pub mod calendar;
pub mod collective;
pub mod correction;
pub mod deadline;
pub mod error;
pub mod input;
pub mod inspection;
pub mod jurisdiction;
pub mod lifecycle;
pub mod notice;
pub mod numerals;
pub mod objection;
pub mod petition;
pub mod plan;
pub mod schedule;
pub mod search;
pub mod signoff;
pub mod stats;
pub mod unit;
pub mod unit_registry;
pub mod warning;

pub use calendar::{CalendarError, WorkCalendar};
pub use deadline::{DeadlineSpec, Milestone};
pub use error::{Error, ErrorCode};
pub use lifecycle::{Decision, LifecycleError, SignoffStep, Status};
pub use plan::*;
pub use schedule::{ReportPeriod, ScheduleProgress, ScheduleRules};
pub use unit::{normalize_unit_name, UnitRole};
pub use warning::{evaluate, ProblemFacts, WarningFinding, WarningLevel, WarningThresholds};
