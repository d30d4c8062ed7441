//! The application's error is the domain's catalogue entry; this module
//! converts the errors of the libraries the application calls into it.

pub use rectify_domain::error::{Error, ErrorCode, Result};

pub fn evidence(e: rectify_evidence::EvidenceError) -> Error {
    use rectify_evidence::EvidenceError as E;
    match e {
        E::TooLarge { .. } => Error::with(ErrorCode::PayloadTooLarge, e.to_string()),
        E::Empty => Error::new(ErrorCode::EvidenceEmpty),
        E::Unsupported(_) => Error::with(ErrorCode::EvidenceUnsupported, e.to_string()),
        E::BadKey => Error::new(ErrorCode::NotFound),
        // A blob that fails its hash, or a storage failure: logged, not shown.
        E::Corrupt(_) | E::Config(_) | E::Backend(_) => Error::with(ErrorCode::Internal, e),
    }
}

pub fn import(e: rectify_import::ImportError) -> Error {
    use rectify_import::ImportError as E;
    match e {
        E::TooLarge { .. } => Error::with(ErrorCode::ImportTooLarge, e.to_string()),
        other => Error::with(ErrorCode::ImportUnreadable, other.to_string()),
    }
}

pub fn calendar(e: rectify_domain::CalendarError) -> Error {
    Error::with(ErrorCode::CalendarYearMissing, e.to_string())
}

/// A blocking task that panicked or was cancelled.
pub fn join(e: tokio::task::JoinError) -> Error {
    Error::with(ErrorCode::Internal, format!("blocking task: {e}"))
}
