//! The 公示 notice: a plan's notice settings (set by the office), the notice
//! text issued when 公示 starts, and the published notices.

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{self, GlobalAction};
use crate::App;
use chrono::Utc;
use rectify_domain::notice::{self, NoticeFacts, NoticeSettings, SETTING_MAX_CHARS};
use rectify_domain::{Decision, SignoffStep, UnitRole};
use rectify_store::{
    NewPublicNotice, NoticeListItem, Page, PlanNoticeSettings, ProblemDetail, PublicNotice,
    SignoffOutcome, User, ATTACHMENT_KINDS,
};

/// The notice settings as typed in a form or sent as JSON: every field
/// optional (empty means the default), each at most 200 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeSettingsInput {
    pub title: String,
    pub receiver: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub issuer: String,
    pub workdays: i64,
}

fn field(s: &str, name: &str) -> Result<Option<String>> {
    if s.chars().any(char::is_control) {
        return Err(Error::with(
            ErrorCode::NoticeContactInvalid,
            format!("{name}含有控制字符 / {name} has control characters"),
        ));
    }
    Ok(
        rectify_domain::input::Text::<SETTING_MAX_CHARS>::optional(s, name)?
            .map(rectify_domain::input::Text::into_string),
    )
}

impl NoticeSettingsInput {
    /// Checks each field: lengths, a phone of digits and separators, an
    /// e-mail address with one `@`.
    pub fn parse(&self) -> Result<(NoticeSettings, i64)> {
        if !(1..=30).contains(&self.workdays) {
            return Err(Error::new(ErrorCode::NoticeDaysOutOfRange));
        }
        let phone = field(&self.phone, "监督电话")?;
        if let Some(p) = &phone {
            let ok = p.chars().any(|c| c.is_ascii_digit())
                && p.chars()
                    .all(|c| c.is_ascii_digit() || " -+()（）、,，转".contains(c));
            if !ok {
                return Err(Error::with(
                    ErrorCode::NoticeContactInvalid,
                    format!("监督电话“{p}” / phone {p}"),
                ));
            }
        }
        let email = field(&self.email, "电子邮箱")?;
        if let Some(e) = &email {
            let ok = e.split('@').count() == 2
                && !e.starts_with('@')
                && e.rsplit('@').next().is_some_and(|d| d.contains('.'))
                && !e.chars().any(char::is_whitespace);
            if !ok {
                return Err(Error::with(
                    ErrorCode::NoticeContactInvalid,
                    format!("电子邮箱“{e}” / e-mail {e}"),
                ));
            }
        }
        Ok((
            NoticeSettings {
                title: field(&self.title, "公示标题")?,
                receiver: field(&self.receiver, "异议受理单位")?,
                phone,
                email,
                address: field(&self.address, "通信地址")?,
                issuer: field(&self.issuer, "发布单位")?,
            },
            self.workdays,
        ))
    }
}

/// The facts of the notice from the problem as it stood when 公示 started.
fn facts(d: &ProblemDetail, s: &PlanNoticeSettings, out: &SignoffOutcome) -> Option<NoticeFacts> {
    let (start, end) = (out.notice_start?, out.notice_end?);
    let doers = [UnitRole::Primary, UnitRole::Lead, UnitRole::Responsible];
    let mut units: Vec<String> = d
        .row
        .units
        .iter()
        .filter(|u| doers.contains(&u.role))
        .map(|u| u.name.clone())
        .collect();
    if units.is_empty() {
        units = d.row.units.iter().map(|u| u.name.clone()).collect();
    }
    units.dedup();
    // The final word of the unit that the office accepted.
    let final_report = d
        .reports
        .iter()
        .filter(|r| r.status == "accepted")
        .max_by(|a, b| (&a.period, a.id).cmp(&(&b.period, b.id)))
        .map(|r| (r.period.clone(), r.percent, r.text.clone()));
    let evidence = d
        .attachments
        .iter()
        .filter(|a| a.public && a.removed_at.is_none())
        .map(|a| {
            let kind = ATTACHMENT_KINDS
                .iter()
                .find(|(k, _)| *k == a.kind)
                .map_or("佐证材料", |(_, l)| *l);
            format!("{kind}：{}", a.file_name)
        })
        .collect();
    Some(NoticeFacts {
        plan_title: d.row.plan_title.clone(),
        jurisdiction: s.jurisdiction.clone(),
        problem_number: d.row.number_text.clone(),
        problem_description: d.row.description.clone(),
        units,
        target: d.row.target.clone(),
        measures: d.measures.iter().map(|m| m.text.clone()).collect(),
        deadline_text: d.row.deadline.text.clone(),
        final_report,
        evidence,
        notice_start: start,
        notice_end: end,
        workdays: d.notice_workdays.max(1),
        portal_path: format!("/public/problems/{}", d.row.id),
        issued_on: start,
    })
}

impl App {
    /// A plan's notice settings (the office's form).
    pub async fn notice_settings(&self, user: &User, plan_id: i64) -> Result<PlanNoticeSettings> {
        policy::require_global(user, GlobalAction::ImportPlan)?;
        self.store
            .notice_settings(plan_id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))
    }

    /// Sets a plan's notice wording, contacts and length.
    pub async fn set_notice_settings(
        &self,
        user: &User,
        plan_id: i64,
        input: &NoticeSettingsInput,
    ) -> Result<PlanNoticeSettings> {
        policy::require_global(user, GlobalAction::ImportPlan)?;
        let (settings, days) = input.parse()?;
        Ok(self
            .store
            .set_notice_settings(plan_id, &settings, days, &user.username)
            .await?)
    }

    /// Issues the notice of a 公示 just started by `out` on problem `d` (as
    /// loaded before the step). Called by `App::signoff`; does nothing for
    /// any other step. The step is already recorded, so a failure here is
    /// logged rather than undoing it: the portal then shows the dates only.
    pub(crate) async fn issue_notice(&self, user: &User, d: &ProblemDetail, out: &SignoffOutcome) {
        if out.step != SignoffStep::PublicNotice || out.decision != Decision::Approve {
            return;
        }
        if let Err(e) = self.try_issue_notice(user, d, out).await {
            tracing::error!(problem = d.row.id, error = %e, "the notice text was not issued");
        }
    }

    async fn try_issue_notice(
        &self,
        user: &User,
        d: &ProblemDetail,
        out: &SignoffOutcome,
    ) -> Result<PublicNotice> {
        let settings = self
            .store
            .notice_settings(d.row.plan_id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        let facts = facts(d, &settings, out).ok_or_else(|| Error::new(ErrorCode::NoticeMissing))?;
        let step = self
            .store
            .get_problem(d.row.id)
            .await?
            .and_then(|p| p.current_notice().map(|s| s.id))
            .ok_or_else(|| Error::new(ErrorCode::NoticeMissing))?;
        Ok(self
            .store
            .issue_notice(&NewPublicNotice {
                problem_id: d.row.id,
                signoff_id: step,
                notice: notice::build(&facts, &settings.settings),
                notice_start: facts.notice_start,
                notice_end: facts.notice_end,
                workdays: facts.workdays,
                issued_on: facts.issued_on,
                actor: user.username.clone(),
                at: Utc::now(),
            })
            .await?)
    }

    /// A published notice (anyone).
    pub async fn public_notice(&self, id: i64) -> Result<PublicNotice> {
        self.store
            .get_notice(id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))
    }

    /// The latest notice of a problem (anyone).
    pub async fn latest_notice(&self, problem_id: i64) -> Result<Option<PublicNotice>> {
        Ok(self.store.latest_notice(problem_id).await?)
    }

    /// The 公示公告 list, newest first (anyone).
    pub async fn list_notices(&self, page: u32, per_page: u32) -> Result<Page<NoticeListItem>> {
        Ok(self
            .store
            .list_notices(page, per_page.clamp(1, 100))
            .await?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input() -> NoticeSettingsInput {
        NoticeSettingsInput {
            phone: "0734-8888888".into(),
            email: "zgb@example.gov.cn".into(),
            workdays: 5,
            ..Default::default()
        }
    }

    #[test]
    fn settings_are_checked() {
        let (s, days) = input().parse().unwrap();
        assert_eq!(
            (s.phone.as_deref(), s.title, days),
            (Some("0734-8888888"), None, 5)
        );
        for (phone, email) in [("call me", ""), ("", "not-an-address"), ("", "a@b@c.cn")] {
            let mut i = input();
            i.phone = phone.into();
            i.email = email.into();
            assert_eq!(
                i.parse().unwrap_err().code,
                ErrorCode::NoticeContactInvalid,
                "{phone} {email}"
            );
        }
        let mut i = input();
        i.workdays = 0;
        assert_eq!(i.parse().unwrap_err().code, ErrorCode::NoticeDaysOutOfRange);
        let mut i = input();
        i.address = "路".repeat(201);
        assert_eq!(i.parse().unwrap_err().code, ErrorCode::TextTooLong);
        let mut i = input();
        i.issuer = "市\u{0}办".into();
        assert_eq!(i.parse().unwrap_err().code, ErrorCode::NoticeContactInvalid);
    }
}
