//! Petitions (信访件): a handover list or hotline export in, each petition
//! followed to closure — the list and one petition (unit-scoped; contacts
//! only for the office and the assigned unit), the handling, return visits,
//! evidence, 办结销号 behind its gate, reopening.

use crate::error::{self, Error, ErrorCode, Result};
use crate::policy::{self, PetitionAction};
use crate::App;
use chrono::NaiveDate;
use rectify_domain::normalize_unit_name;
use rectify_domain::petition::{
    self, ClosureFacts, ClosureStandard, PetitionMeasures, PetitionStatus, Satisfaction, Source,
    Verification,
};
use rectify_store::{
    NewPetition, NewPetitionBatch, NewPetitionVisit, Page, PetitionAttachment, PetitionDetail,
    PetitionFilter, PetitionHandling, PetitionImportReport, PetitionRowView, PetitionVisit,
    UnitRef, User,
};
use serde::Serialize;
use std::collections::HashMap;

/// A file to import and what the office says about it.
#[derive(Debug, Clone, Default)]
pub struct PetitionImportInput {
    pub file_name: String,
    /// 交办批次 name; the file name without its extension when absent.
    pub batch: Option<String>,
    /// The handover date; the earliest 交办日期 of the rows when absent.
    pub handed_over_on: Option<NaiveDate>,
    /// Read and check only: nothing is stored.
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PetitionImportOutcome {
    pub batch: String,
    pub source: Option<Source>,
    pub rows: usize,
    pub report: PetitionImportReport,
    /// Headers that matched no known column (kept as they are).
    pub unknown_columns: Vec<String>,
    /// Rows whose unit could not be found from 承办单位 or 行政区域.
    pub unassigned: Vec<String>,
    /// New petitions that match something closed (反弹), by code.
    pub rebounds: Vec<String>,
}

/// A change to the handling; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct PetitionPatch {
    pub unit: Option<Option<String>>,
    pub due_date: Option<Option<NaiveDate>>,
    pub verification: Option<Option<Verification>>,
    pub handling: Option<String>,
    pub result: Option<String>,
    pub public_reply: Option<String>,
    pub measures: Option<PetitionMeasures>,
    pub closure_standard: Option<Option<ClosureStandard>>,
    pub problem_id: Option<Option<i64>>,
    /// The version the user saw (a stale one is refused).
    pub version: Option<i64>,
}

impl PetitionPatch {
    /// Fields only the office may change.
    fn touches_assignment(&self) -> bool {
        self.unit.is_some() || self.due_date.is_some() || self.problem_id.is_some()
    }
}

/// Longest text of a handling field.
const HANDLING_MAX: usize = 5000;

fn checked_text(s: &str, field: &str) -> Result<String> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    Ok(
        rectify_domain::input::Text::<HANDLING_MAX>::parse(s, field)?
            .as_str()
            .to_string(),
    )
}

/// The unit that handles a petition: 承办单位 when the file names a known
/// unit, else the government of its 行政区域 (the registered unit whose name
/// begins with the area, a 人民政府 first).
pub(crate) fn unit_for(units: &[UnitRef], named: Option<&str>, area: &str) -> Option<i64> {
    if let Some(n) = named.map(normalize_unit_name).filter(|n| !n.is_empty()) {
        if let Some(u) = units.iter().find(|u| normalize_unit_name(&u.name) == n) {
            return Some(u.id);
        }
    }
    let area = area.trim();
    if area.is_empty() {
        return None;
    }
    let short = most_specific(area);
    let mut found: Vec<&UnitRef> = units
        .iter()
        .filter(|u| u.name.starts_with(area) || u.name.starts_with(short))
        .collect();
    found.sort_by_key(|u| {
        (
            !u.name.contains("人民政府"),
            !u.name.contains("政府"),
            u.name.chars().count(),
        )
    });
    found.first().map(|u| u.id)
}

impl App {
    /// Reads a handover list or hotline export and stores it as one batch,
    /// all or nothing. Each new petition gets its unit, its due date and,
    /// when it matches a signed-off problem or a closed petition, a red
    /// rebound warning.
    pub async fn import_petitions(
        &self,
        user: &User,
        bytes: &[u8],
        input: PetitionImportInput,
    ) -> Result<PetitionImportOutcome> {
        policy::require_petition(user, PetitionAction::Manage, None)?;
        let file = rectify_import::read_petitions(bytes, &input.file_name)?;
        let batch_name = match input.batch.as_deref().map(str::trim) {
            Some(b) if !b.is_empty() => b.to_string(),
            _ => batch_name_of(&input.file_name),
        };
        let handed_over_on = input
            .handed_over_on
            .or_else(|| file.rows.iter().filter_map(|r| r.received_on).min());
        let units = self.store.list_units().await?;
        let cal = self.calendar().await?;
        let rebound = self.rebound_index().await?;
        let mut unassigned = vec![];
        let mut rebounds = vec![];
        let mut rows = Vec::with_capacity(file.rows.len());
        for r in &file.rows {
            let unit_id = unit_for(&units, r.unit.as_deref(), &r.area);
            if unit_id.is_none() {
                unassigned.push(r.code.clone());
            }
            let due_date = match r.received_on.or(handed_over_on) {
                Some(d) => Some(petition::due_date(&cal, d).map_err(error::calendar)?),
                None => None,
            };
            let hit = rebound.check(&rectify_petitions::Petition {
                id: r.code.clone(),
                date: r.received_on,
                area: r.area.clone(),
                kind: r.kind.clone(),
                text: r.content.clone(),
                address: r.address.clone(),
            });
            if hit.is_some() {
                rebounds.push(r.code.clone());
            }
            rows.push(NewPetition {
                code: r.code.clone(),
                source: file.source,
                received_on: r.received_on,
                area: r.area.clone(),
                kind: r.kind.clone(),
                content: r.content.clone(),
                address: r.address.clone(),
                lat: None,
                lon: None,
                extra: r.extra.clone(),
                contact_name: r.contact_name.clone(),
                contact_phone: r.contact_phone.clone(),
                unit_id,
                due_date,
                result: r.result.clone(),
                satisfaction: r.satisfaction,
                rebound: hit.and_then(|h| serde_json::to_value(h).ok()),
            });
        }
        let report = if input.dry_run {
            PetitionImportReport::default()
        } else {
            let batch = NewPetitionBatch {
                name: batch_name.clone(),
                source: file.source.unwrap_or(Source::Handover),
                handed_over_on,
                file_name: Some(input.file_name.clone()),
            };
            self.store
                .import_petitions(Some(&batch), &rows, &user.username)
                .await?
        };
        Ok(PetitionImportOutcome {
            batch: batch_name,
            source: file.source,
            rows: rows.len(),
            report,
            unknown_columns: file.unknown_columns,
            unassigned,
            rebounds,
        })
    }

    /// The petitions `user` may see, filtered.
    pub async fn petitions(
        &self,
        user: &User,
        mut filter: PetitionFilter,
    ) -> Result<Page<PetitionRowView>> {
        if !policy::petition_allowed(user, PetitionAction::Read, None)
            && policy::petition_scope(user).is_none()
        {
            return Err(Error::new(ErrorCode::Forbidden));
        }
        filter.scope_units = policy::petition_scope(user);
        if filter.duplicates_only {
            let dups = self.duplicates_unscoped().await?;
            filter.codes = Some(codes_of(&dups.groups));
        }
        Ok(self.store.list_petitions(&filter).await?)
    }

    /// One petition, if `user` may read it; contacts cleared for those who
    /// may not see them.
    pub async fn petition(&self, user: &User, id: i64) -> Result<PetitionDetail> {
        let mut d = self
            .store
            .get_petition(id)
            .await?
            .ok_or_else(|| Error::new(ErrorCode::NotFound))?;
        policy::require_petition(user, PetitionAction::Read, d.row.unit_id)?;
        if !policy::sees_petitioner_contact(user, d.row.unit_id) {
            d.contact_name = None;
            d.contact_phone = None;
        }
        Ok(d)
    }

    pub(crate) async fn petition_for(
        &self,
        user: &User,
        id: i64,
        action: PetitionAction,
    ) -> Result<PetitionDetail> {
        let d = self.petition(user, id).await?;
        policy::require_petition(user, action, d.row.unit_id)?;
        Ok(d)
    }

    /// Records the handling. The unit records what it found and did; the
    /// office also assigns the unit, the due date and the linked problem.
    pub async fn handle_petition(
        &self,
        user: &User,
        id: i64,
        patch: PetitionPatch,
    ) -> Result<PetitionDetail> {
        let d = self.petition_for(user, id, PetitionAction::Handle).await?;
        if patch.touches_assignment() {
            policy::require_petition(user, PetitionAction::Manage, d.row.unit_id)?;
        }
        if d.row.status == PetitionStatus::Closed.as_str() {
            return Err(Error::new(ErrorCode::PetitionClosed));
        }
        let mut h = PetitionHandling {
            unit_id: d.row.unit_id,
            due_date: d.row.due_date,
            verification: d.row.verification.as_deref().and_then(Verification::parse),
            handling: d.handling.clone(),
            result: d.result.clone(),
            public_reply: d.public_reply.clone(),
            measures: d.measures,
            closure_standard: d
                .row
                .closure_standard
                .as_deref()
                .and_then(ClosureStandard::parse),
            problem_id: d.row.problem_id,
        };
        if let Some(unit) = patch.unit {
            h.unit_id = match unit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(name) => Some(
                    self.store
                        .find_unit(name)
                        .await?
                        .ok_or_else(|| Error::with(ErrorCode::UnitUnknown, name))?
                        .id,
                ),
                None => None,
            };
        }
        if let Some(v) = patch.due_date {
            h.due_date = v;
        }
        if let Some(v) = patch.verification {
            h.verification = v;
        }
        if let Some(v) = &patch.handling {
            h.handling = checked_text(v, "处理情况 / handling")?;
        }
        if let Some(v) = &patch.result {
            h.result = checked_text(v, "办理结果 / result")?;
        }
        if let Some(v) = &patch.public_reply {
            h.public_reply = checked_text(v, "公开答复 / public reply")?;
        }
        if let Some(m) = patch.measures {
            m.check()?;
            h.measures = m;
        }
        if let Some(v) = patch.closure_standard {
            h.closure_standard = v;
        }
        if let Some(p) = patch.problem_id {
            if let Some(pid) = p {
                self.store
                    .get_problem(pid)
                    .await?
                    .ok_or_else(|| Error::with(ErrorCode::NotFound, format!("问题 {pid}")))?;
            }
            h.problem_id = p;
        }
        self.store
            .update_petition(id, &h, patch.version, &user.username)
            .await?;
        self.petition(user, id).await
    }

    pub async fn record_petition_visit(
        &self,
        user: &User,
        id: i64,
        visited_on: Option<NaiveDate>,
        visited_by: &str,
        satisfaction: Satisfaction,
        note: &str,
    ) -> Result<PetitionVisit> {
        self.petition_for(user, id, PetitionAction::Handle).await?;
        let visited_on = visited_on.unwrap_or_else(|| self.today());
        if visited_on > self.today() {
            return Err(Error::with(
                ErrorCode::DateInvalid,
                "回访日期不能晚于今天 / the visit cannot be in the future",
            ));
        }
        let by = rectify_domain::input::ShortText::optional(visited_by, "回访人 / visited by")?
            .map(|t| t.as_str().to_string())
            .unwrap_or_else(|| user.display_name.clone());
        Ok(self
            .store
            .add_petition_visit(
                &NewPetitionVisit {
                    petition_id: id,
                    visited_on,
                    visited_by: by,
                    satisfaction,
                    note: checked_text(note, "回访情况 / note")?,
                },
                &user.username,
            )
            .await?)
    }

    /// Evidence of the handling (photos, inspection records, penalty
    /// decisions), kept in the evidence store.
    pub async fn attach_petition_evidence(
        &self,
        user: &User,
        id: i64,
        file_name: Option<String>,
        bytes: bytes::Bytes,
    ) -> Result<PetitionAttachment> {
        self.petition_for(user, id, PetitionAction::Handle).await?;
        let checked = self.evidence()?.put(bytes).await.map_err(error::evidence)?;
        let size =
            i64::try_from(checked.size).map_err(|_| Error::new(ErrorCode::PayloadTooLarge))?;
        let name = file_name
            .and_then(|n| super::evidence::clean_file_name(Some(&n)))
            .unwrap_or_else(|| format!("附件.{}", checked.content_type.extension()));
        Ok(self
            .store
            .add_petition_attachment(
                id,
                &checked.sha256,
                size,
                checked.content_type.mime(),
                &name,
                &user.username,
            )
            .await?)
    }

    /// 办结销号: the office closes a petition whose handling meets the gate
    /// ([`petition::check_closure`]).
    pub async fn close_petition(&self, user: &User, id: i64) -> Result<PetitionDetail> {
        let d = self.petition_for(user, id, PetitionAction::Manage).await?;
        // Managing is the office's, which sees the contact: `d` carries it.
        let facts = ClosureFacts {
            status: PetitionStatus::parse(&d.row.status),
            verification: d.row.verification.as_deref().and_then(Verification::parse),
            result: d.result.clone(),
            closure_standard: d
                .row
                .closure_standard
                .as_deref()
                .and_then(ClosureStandard::parse),
            evidence: d.attachments.len() as i64,
            has_contact: d.contact_phone.is_some() || d.contact_name.is_some(),
            last_visit: d
                .visits
                .last()
                .and_then(|v| Satisfaction::parse(&v.satisfaction)),
        };
        petition::check_closure(&facts)?;
        self.store
            .close_petition(id, d.version, &user.username)
            .await?;
        self.petition(user, id).await
    }

    /// Reopens a closed petition (it came back, or was closed falsely).
    pub async fn reopen_petition(
        &self,
        user: &User,
        id: i64,
        reason: &str,
    ) -> Result<PetitionDetail> {
        self.petition_for(user, id, PetitionAction::Manage).await?;
        let reason = rectify_domain::input::Comment::parse(reason, "原因 / reason")?;
        self.store
            .reopen_petition(id, reason.as_str(), &user.username)
            .await?;
        self.petition(user, id).await
    }

    pub async fn petition_batches(&self, user: &User) -> Result<Vec<rectify_store::PetitionBatch>> {
        policy::require_petition(user, PetitionAction::Manage, None)
            .or_else(|_| policy::require_petition(user, PetitionAction::Read, None))?;
        Ok(self.store.petition_batches().await?)
    }
}

/// 「湖南省衡阳市衡南县」 → 「衡南县」: the most specific part names the unit.
fn most_specific(area: &str) -> &str {
    let mut s = area;
    for marker in ["自治区", "省", "市", "州", "盟"] {
        while let Some(i) = s.find(marker) {
            let rest = &s[i + marker.len()..];
            if rest.is_empty() {
                break;
            }
            s = rest;
        }
    }
    s
}

/// 「第5批交办件.xlsx」 → 「第5批交办件」.
fn batch_name_of(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s).trim();
    if stem.is_empty() {
        "信访件".into()
    } else {
        stem.chars().take(100).collect()
    }
}

/// Codes grouped as the list filter wants them.
pub(crate) fn codes_of(groups: &[Vec<String>]) -> Vec<String> {
    let mut v: Vec<String> = groups.iter().flatten().cloned().collect();
    v.sort();
    v.dedup();
    v
}

/// code → group index, for the list's duplicate column.
pub fn group_index(groups: &[Vec<String>]) -> HashMap<String, usize> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |c| (c.clone(), i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64, name: &str) -> UnitRef {
        UnitRef {
            id,
            name: name.into(),
        }
    }

    #[test]
    fn the_unit_comes_from_the_named_unit_or_the_area() {
        let units = vec![
            u(1, "衡南县人民政府"),
            u(2, "衡南县生态环境局"),
            u(3, "衡阳市生态环境局"),
            u(4, "耒阳市人民政府"),
        ];
        assert_eq!(
            unit_for(&units, Some("衡阳市生态环境局"), "衡南县"),
            Some(3)
        );
        assert_eq!(unit_for(&units, None, "衡南县"), Some(1));
        assert_eq!(unit_for(&units, None, "湖南省衡阳市衡南县"), Some(1));
        assert_eq!(unit_for(&units, Some("不存在的单位"), "耒阳市"), Some(4));
        assert_eq!(unit_for(&units, None, "常宁市"), None);
        assert_eq!(unit_for(&units, None, ""), None);
    }

    #[test]
    fn a_batch_is_named_after_its_file() {
        assert_eq!(batch_name_of("/tmp/第5批交办件.xlsx"), "第5批交办件");
        assert_eq!(batch_name_of(".csv"), "信访件");
    }
}
