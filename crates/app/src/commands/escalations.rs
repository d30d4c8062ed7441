//! Escalations (通报、约谈、挂牌督办、曝光、移交纪委监委).

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, Action};
use crate::App;
use chrono::NaiveDate;
use rectify_domain::input::{self, Comment, ShortText};
use rectify_store::{Escalation, NewEscalation, User, ESCALATION_KINDS};

#[derive(Debug, Clone)]
pub struct EscalationInput {
    /// One of `ESCALATION_KINDS`.
    pub kind: &'static str,
    /// Today when absent.
    pub date: Option<NaiveDate>,
    pub doc_number: Option<ShortText>,
    pub note: Option<Comment>,
    /// The unit escalated against, by name.
    pub unit: Option<ShortText>,
}

impl EscalationInput {
    pub fn parse(kind: &str, date: &str, doc_number: &str, note: &str, unit: &str) -> Result<Self> {
        let kind = ESCALATION_KINDS
            .iter()
            .find(|(k, _)| *k == kind.trim())
            .map(|(k, _)| *k)
            .ok_or_else(|| Error::new(ErrorCode::EscalationKindUnknown))?;
        Ok(EscalationInput {
            kind,
            date: match date.trim() {
                "" => None,
                d => Some(input::date(d, "date")?),
            },
            doc_number: ShortText::optional(doc_number, "文号 / document number")?,
            note: Comment::optional(note, "说明 / note")?,
            unit: ShortText::optional(unit, "单位 / unit")?,
        })
    }
}

impl App {
    pub async fn escalate(
        &self,
        user: &User,
        problem_id: i64,
        input: EscalationInput,
    ) -> Result<Escalation> {
        self.problem_for(user, problem_id, Action::Escalate).await?;
        if !policy::may_escalate_kind(user, input.kind) {
            return Err(Error::new(ErrorCode::Forbidden));
        }
        let unit_id = match &input.unit {
            Some(name) => Some(
                self.store
                    .find_unit(name.as_str())
                    .await?
                    .ok_or_else(|| Error::with(ErrorCode::UnitUnknown, name.as_str()))?
                    .id,
            ),
            None => None,
        };
        Ok(self
            .store
            .add_escalation(&NewEscalation {
                problem_id: Some(problem_id),
                unit_id,
                kind: input.kind.to_string(),
                date: input.date.unwrap_or_else(|| self.today()),
                doc_number: input.doc_number.map(ShortText::into_string),
                note: input.note.map(Comment::into_string),
                actor: user.username.clone(),
            })
            .await?)
    }

    pub async fn list_escalations(&self, user: &User) -> Result<Vec<Escalation>> {
        if !policy::may_read_escalations(user) {
            return Err(Error::new(ErrorCode::Forbidden));
        }
        Ok(self.store.list_escalations(None).await?)
    }
}
