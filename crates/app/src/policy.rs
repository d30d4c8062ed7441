//! The one place that decides who may do what. The application's commands
//! ask here once; nothing else compares roles (the pages ask here only to
//! decide which buttons to show).

use crate::error::{Error, ErrorCode, Result};
use rectify_domain::{normalize_unit_name, SignoffStep, UnitRole};
use rectify_store::{ProblemFilter, ProblemRow, Role, User};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the problem (ledger row, detail, history).
    Read,
    ReportProgress,
    ReviewReport,
    Signoff(SignoffStep),
    Escalate,
    ResolveObjection,
    AcknowledgeWarning,
    Reopen,
    /// Upload evidence (photos, acceptance opinions, monitoring reports).
    AttachEvidence,
    /// Record a look-back (回头看) result: confirmed, or rebound (reopens).
    RecordLookback,
}

/// Actions not tied to one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalAction {
    ReadLedger,
    ImportPlan,
    ManageUsers,
    ManageCalendar,
    VerifyAudit,
    /// Sign an audit checkpoint on demand.
    SignCheckpoint,
    ReadObjections,
    /// Start a look-back campaign.
    ManageLookbacks,
    /// See every look-back campaign and item (others see the items of the
    /// problems they may read).
    ReadAllLookbacks,
    /// Correct plans and problems after import, split and merge problems,
    /// publish a plan on the portal.
    CorrectLedger,
    /// Keep the unit registry: see its duplicates, merge units (issue 11).
    ManageUnits,
}

fn names(user: &User) -> Vec<String> {
    user.units
        .iter()
        .map(|u| normalize_unit_name(&u.name))
        .collect()
}

fn has_role_on(user: &User, p: &ProblemRow, roles: &[UnitRole]) -> bool {
    let mine = names(user);
    p.units
        .iter()
        .any(|u| roles.contains(&u.role) && mine.contains(&normalize_unit_name(&u.name)))
}

const WORKERS: [UnitRole; 3] = [UnitRole::Primary, UnitRole::Lead, UnitRole::Responsible];
const SUPERVISORS: [UnitRole; 2] = [UnitRole::Supervising, UnitRole::Assisting];
const ANY_ROLE: [UnitRole; 5] = [
    UnitRole::Primary,
    UnitRole::Lead,
    UnitRole::Responsible,
    UnitRole::Supervising,
    UnitRole::Assisting,
];

/// May `user` do `action` on problem `p`?
///
/// Separation of duties: the unit that does the work reports and
/// self-checks; the office reviews, runs the notice and files; a
/// supervising unit verifies, but never work its own unit is responsible
/// for; the administrator keeps accounts and calendars and reads, but takes
/// no step in the procedure.
pub fn allowed(user: &User, action: Action, p: &ProblemRow) -> bool {
    let is_leader = || user.person.as_ref().is_some_and(|n| p.leaders.contains(n));
    match user.role {
        Role::Admin => action == Action::Read,
        Role::Office => !matches!(
            action,
            Action::ReportProgress | Action::Signoff(SignoffStep::SelfCheck)
        ),
        Role::Discipline => matches!(action, Action::Read | Action::Escalate),
        Role::Leader => action == Action::Read && is_leader(),
        Role::Unit => match action {
            Action::Read => has_role_on(user, p, &ANY_ROLE),
            Action::ReportProgress
            | Action::Signoff(SignoffStep::SelfCheck)
            | Action::AttachEvidence => has_role_on(user, p, &WORKERS),
            _ => false,
        },
        Role::Supervisor => match action {
            Action::Read => has_role_on(user, p, &ANY_ROLE),
            Action::Signoff(SignoffStep::Verify) => {
                has_role_on(user, p, &SUPERVISORS) && !verifies_own_work(user, p)
            }
            Action::AttachEvidence | Action::RecordLookback => has_role_on(user, p, &SUPERVISORS),
            _ => false,
        },
    }
}

/// Is one of the user's units also responsible for doing the work?
fn verifies_own_work(user: &User, p: &ProblemRow) -> bool {
    has_role_on(user, p, &WORKERS)
}

pub fn allowed_global(user: &User, action: GlobalAction) -> bool {
    match action {
        GlobalAction::ReadLedger => true,
        GlobalAction::ImportPlan
        | GlobalAction::ReadObjections
        | GlobalAction::ManageLookbacks
        | GlobalAction::CorrectLedger => {
            matches!(user.role, Role::Admin | Role::Office)
        }
        GlobalAction::ReadAllLookbacks => {
            matches!(user.role, Role::Admin | Role::Office | Role::Discipline)
        }
        GlobalAction::ManageUsers | GlobalAction::ManageCalendar => user.role == Role::Admin,
        GlobalAction::SignCheckpoint | GlobalAction::ManageUnits => {
            matches!(user.role, Role::Admin | Role::Office)
        }
        GlobalAction::VerifyAudit => {
            matches!(user.role, Role::Admin | Role::Office | Role::Discipline)
        }
    }
}

/// Narrows a ledger query to what the user may read.
pub fn scope_filter(user: &User, f: &mut ProblemFilter) {
    match user.role {
        Role::Admin | Role::Office | Role::Discipline => {}
        Role::Unit | Role::Supervisor => {
            f.scope_units = Some(user.units.iter().map(|u| u.id).collect());
        }
        Role::Leader => {
            // A leader account without a person sees nothing rather than everything.
            f.scope_leader = Some(user.person.clone().unwrap_or_else(|| "\u{0}".into()));
        }
    }
}

/// `allowed`, as a command's first check: 403 without data otherwise.
pub fn require(user: &User, action: Action, p: &ProblemRow) -> Result<()> {
    if allowed(user, action, p) {
        Ok(())
    } else if action == Action::Signoff(SignoffStep::Verify)
        && user.role == Role::Supervisor
        && verifies_own_work(user, p)
    {
        // Say why, so the office can assign another verifier.
        Err(Error::new(ErrorCode::OwnWorkVerify))
    } else {
        Err(Error::new(ErrorCode::Forbidden))
    }
}

/// `allowed_global`, as a command's first check.
pub fn require_global(user: &User, action: GlobalAction) -> Result<()> {
    if allowed_global(user, action) {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::Forbidden))
    }
}

/// May `user` record an escalation of this kind? The discipline commission
/// records referrals to itself only.
pub fn may_escalate_kind(user: &User, kind: &str) -> bool {
    user.role != Role::Discipline || kind == "discipline_referral"
}

/// May `user` list every escalation?
pub fn may_read_escalations(user: &User) -> bool {
    allowed_global(user, GlobalAction::ReadObjections) || user.role == Role::Discipline
}

/// May `user` see who objected (an objection's contact)? The office and
/// admin only: never the unit objected to, supervisors, leaders or the
/// discipline commission, and never the public.
pub fn sees_objector_contact(user: &User) -> bool {
    matches!(user.role, Role::Admin | Role::Office)
}

/// What may be done with a petition (信访件).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetitionAction {
    Read,
    /// Record verification, handling, results, measures, return visits and
    /// evidence: the assigned unit, and the office.
    Handle,
    /// Assign the unit, set the due date, link a problem, close (办结销号),
    /// reopen, decide duplicates, import: the office.
    Manage,
}

/// May `user` do `action` on a petition assigned to `unit_id`? The unit
/// that handles it and the office work on it; the discipline commission
/// and leaders read; supervisors read their units' petitions.
pub fn petition_allowed(user: &User, action: PetitionAction, unit_id: Option<i64>) -> bool {
    let mine = || unit_id.is_some_and(|id| user.units.iter().any(|u| u.id == id));
    match user.role {
        Role::Office => true,
        Role::Admin | Role::Discipline | Role::Leader => action == PetitionAction::Read,
        Role::Unit => matches!(action, PetitionAction::Read | PetitionAction::Handle) && mine(),
        Role::Supervisor => action == PetitionAction::Read && mine(),
    }
}

/// `petition_allowed`, as a command's first check.
pub fn require_petition(user: &User, action: PetitionAction, unit_id: Option<i64>) -> Result<()> {
    if petition_allowed(user, action, unit_id) {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::Forbidden))
    }
}

/// The units whose petitions `user` may list (None: all).
pub fn petition_scope(user: &User) -> Option<Vec<i64>> {
    match user.role {
        Role::Office | Role::Admin | Role::Discipline | Role::Leader => None,
        Role::Unit | Role::Supervisor => Some(user.units.iter().map(|u| u.id).collect()),
    }
}

/// May `user` see who complained (name, phone)? The office and the unit
/// that handles the petition (it has to call back); nobody else, and never
/// the public.
pub fn sees_petitioner_contact(user: &User, unit_id: Option<i64>) -> bool {
    user.role == Role::Office
        || (user.role == Role::Unit
            && unit_id.is_some_and(|id| user.units.iter().any(|u| u.id == id)))
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
