//! The unit registry's values (issue 11): the registry with its counts, and
//! what a merge moved.

use crate::UnitRef;
use serde::{Deserialize, Serialize};

/// A registered unit with every other name that leads to it and how much
/// hangs on it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UnitEntry {
    pub id: i64,
    pub name: String,
    /// The normalized names that lead to the unit, its own included.
    pub aliases: Vec<String>,
    /// Problems the unit is assigned to (in any role).
    pub problems: i64,
    /// Accounts that act for the unit.
    pub accounts: i64,
}

/// What merging one unit into another moved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UnitMerge {
    /// The unit merged away (it no longer exists).
    pub from: UnitRef,
    /// The unit that remains, with the other's names as aliases.
    pub into: UnitRef,
    /// Problems whose unit list changed.
    pub problems: Vec<i64>,
    /// Accounts that now act for `into`.
    pub accounts: Vec<i64>,
    /// Escalations (约谈, 通报 of a unit) now about `into`.
    pub escalations: Vec<i64>,
    /// Names that now lead to `into` and led to `from`.
    pub aliases: Vec<String>,
}
