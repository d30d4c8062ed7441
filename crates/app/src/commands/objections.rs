//! Objections (异议) lodged by the public during a notice, and their
//! resolution by the office. A citizen gets a reference number to follow
//! the objection; a burst from one address or on one problem is refused;
//! the objector's contact reaches only the office and admin.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action, GlobalAction};
use crate::App;
use chrono::{NaiveDate, Utc};
use rand::RngCore;
use rectify_domain::input::{Comment, ShortText};
use rectify_domain::objection::{self, Outcome};
use rectify_store::audit::AuditEvent;
use rectify_store::{NewObjection, Objection, ObjectionStatus, ProblemDetail, User};
use sha2::{Digest, Sha256};

/// A fresh reference number (异议受理编号) for an objection lodged on `day`.
pub fn objection_reference(day: NaiveDate) -> String {
    let mut random = [0u8; objection::REFERENCE_RANDOM_CHARS];
    rand::thread_rng().fill_bytes(&mut random);
    objection::reference(day, &random)
}

/// The throttle's key for a client address: a hash, so the table holds no
/// addresses.
fn client_key(address: &str) -> String {
    hex::encode(Sha256::digest(format!("rectify-objection:{address}")))
}

impl App {
    /// Anyone may object while a problem's notice runs. `client` is the
    /// address the request came from (as the server layer determined it).
    /// The answer carries the reference number.
    pub async fn lodge_objection(
        &self,
        problem_id: i64,
        text: Comment,
        contact: Option<ShortText>,
        client: &str,
    ) -> Result<Objection> {
        let o = self
            .store
            .add_objection(&NewObjection {
                problem_id,
                text: text.into_string(),
                contact: contact.map(ShortText::into_string),
                at: Utc::now(),
                reference: objection_reference(self.today()),
                client_key: Some(client_key(client)),
            })
            .await?;
        Ok(o)
    }

    /// What the public may see of an objection, by its reference number.
    pub async fn objection_status(&self, reference: &str) -> Result<ObjectionStatus> {
        let reference = objection::parse_reference(reference)?;
        self.store
            .objection_by_reference(&reference)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))
    }

    pub async fn list_open_objections(&self, user: &User) -> Result<Vec<Objection>> {
        policy::require_global(user, GlobalAction::ReadObjections)?;
        Ok(self.store.list_open_objections().await?)
    }

    pub async fn resolve_objection(
        &self,
        user: &User,
        objection_id: i64,
        resolution: Comment,
    ) -> Result<Objection> {
        self.close_objection(user, objection_id, Outcome::Answered, resolution)
            .await
    }

    /// Closes an open objection as answered, or marks it spam (it then no
    /// longer blocks verification). The note is required either way.
    pub async fn close_objection(
        &self,
        user: &User,
        objection_id: i64,
        outcome: Outcome,
        resolution: Comment,
    ) -> Result<Objection> {
        let o = self
            .store
            .get_objection(objection_id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        self.problem_for(user, o.problem_id, Action::ResolveObjection)
            .await?;
        let o = self
            .store
            .close_objection(
                objection_id,
                outcome.status(),
                resolution.as_str(),
                &user.username,
            )
            .await?;
        self.refresh_soon(vec![o.problem_id]);
        Ok(o)
    }
}

/// Removes what `user` may not see from a problem: the objectors'
/// contacts, for everyone but the office and admin. The one place this is
/// decided; `App::problem_for` applies it to every problem it hands out.
pub fn redact_problem(user: &User, d: &mut ProblemDetail) {
    if !policy::sees_objector_contact(user) {
        for o in &mut d.objections {
            o.contact = None;
        }
    }
}

/// The same for audit events shown as a problem's history: the contact in
/// an objection's before and after snapshots.
pub fn redact_history(user: &User, events: &mut [AuditEvent]) {
    if policy::sees_objector_contact(user) {
        return;
    }
    for e in events.iter_mut().filter(|e| e.entity == "objection") {
        for v in [e.before.as_mut(), e.after.as_mut()].into_iter().flatten() {
            if let Some(m) = v.as_object_mut() {
                m.remove("contact");
                m.remove("client_key");
            }
        }
    }
}
