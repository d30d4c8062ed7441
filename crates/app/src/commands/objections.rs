//! Objections (异议) lodged by the public during a notice, and their
//! resolution by the office.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action, GlobalAction};
use crate::App;
use chrono::Utc;
use rectify_domain::input::{Comment, ShortText};
use rectify_store::{NewObjection, Objection, User};

impl App {
    /// Anyone may object while a problem's notice runs.
    pub async fn lodge_objection(
        &self,
        problem_id: i64,
        text: Comment,
        contact: Option<ShortText>,
    ) -> Result<Objection> {
        let o = self
            .store
            .add_objection(&NewObjection {
                problem_id,
                text: text.into_string(),
                contact: contact.map(ShortText::into_string),
                at: Utc::now(),
            })
            .await?;
        Ok(o)
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
        let o = self
            .store
            .list_open_objections()
            .await?
            .into_iter()
            .find(|o| o.id == objection_id)
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        self.problem_for(user, o.problem_id, Action::ResolveObjection)
            .await?;
        let o = self
            .store
            .resolve_objection(objection_id, resolution.as_str(), &user.username)
            .await?;
        self.refresh_soon(vec![o.problem_id]);
        Ok(o)
    }
}
