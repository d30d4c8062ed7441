//! The commands, one file per aggregate. Each is a method on [`App`]:
//! policy once → domain rule → store → warning refresh of what it touched.

mod accounts;
mod audit;
mod calendar;
mod corrections;
mod escalations;
mod evidence;
mod lookbacks;
mod notice;
mod objections;
mod petition_intake;
mod petition_matching;
mod petition_portal;
mod petitions;
mod plans;
mod problems;
mod progress;
mod signoff;
mod units;
mod warnings;

pub use accounts::{random_hex, token_hash, LoginOutcome, NewAccount};
pub use audit::{AuditOutcome, PUBLIC_CHECKPOINTS};
pub use calendar::HolidayName;
pub use corrections::{ImportPreview, SplitInput};
pub use escalations::EscalationInput;
pub use evidence::{clean_file_name, AttachmentInput, EvidenceBatch, EvidenceChange, EvidenceFile};
pub use notice::NoticeSettingsInput;
pub use objections::{objection_reference, redact_history, redact_problem};
pub use petition_intake::{mask_numbers, service_name, Complaint, PublicPetition, SERVICES};
pub use petition_matching::PetitionFigures;
pub(crate) use petition_portal::complaint_throttle;
pub use petitions::{group_index, PetitionImportInput, PetitionImportOutcome, PetitionPatch};
pub use plans::{parse_document, ImportOutcome};
pub use progress::ProgressInput;
pub use units::{
    command_line_operator, duplicates_of, merge_reason, DuplicateSuggestion, MergeReason,
    ReasonView, UnitDuplicates,
};
