//! The 公示 notice: a plan's notice settings (wording, contacts, length) and
//! the notices issued when 公示 starts, recorded once and never updated.

use super::snapshot::snap_simple;
use super::write::{ev, Write};
use super::Pool;
use chrono::{DateTime, NaiveDate, Utc};
use rectify_domain::notice::{Notice, NoticeSettings};
use rectify_store::sql::micros;
use rectify_store::{
    NewPublicNotice, NoticeListItem, Page, PlanNoticeSettings, PublicNotice, StoreError,
    StoreResult,
};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct SettingsRow {
    id: i64,
    title: Option<String>,
    plan_title: String,
    jurisdiction: Option<String>,
    notice_workdays: i64,
    receiver: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    issuer: Option<String>,
}

const SETTINGS_SELECT: &str = "SELECT pl.id, pl.title AS plan_title, pl.jurisdiction, \
     pl.notice_workdays, ns.title, ns.receiver, ns.phone, ns.email, ns.address, ns.issuer \
     FROM plans pl LEFT JOIN notice_settings ns ON ns.plan_id = pl.id WHERE pl.id = $1";

pub(crate) async fn notice_settings(
    pool: &Pool,
    plan_id: i64,
) -> StoreResult<Option<PlanNoticeSettings>> {
    let row: Option<SettingsRow> = sqlx::query_as(SETTINGS_SELECT)
        .bind(plan_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| PlanNoticeSettings {
        plan_id: r.id,
        plan_title: r.plan_title,
        jurisdiction: r.jurisdiction,
        notice_workdays: r.notice_workdays,
        settings: NoticeSettings {
            title: r.title,
            receiver: r.receiver,
            phone: r.phone,
            email: r.email,
            address: r.address,
            issuer: r.issuer,
        },
    }))
}

pub(crate) async fn set_notice_settings(
    pool: &Pool,
    plan_id: i64,
    s: &NoticeSettings,
    workdays: i64,
    actor: &str,
) -> StoreResult<PlanNoticeSettings> {
    if !(1..=30).contains(&workdays) {
        return Err(
            rectify_domain::Error::new(rectify_domain::ErrorCode::NoticeDaysOutOfRange).into(),
        );
    }
    let mut w = Write::begin(pool).await?;
    let plan_before = snap_simple(&mut w.tx, "plan", plan_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))?;
    let old_days: i64 = sqlx::query_scalar("SELECT notice_workdays FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut *w.tx)
        .await?;
    if old_days != workdays {
        sqlx::query("UPDATE plans SET notice_workdays = $1 WHERE id = $2")
            .bind(workdays)
            .bind(plan_id)
            .execute(&mut *w.tx)
            .await?;
        let after = snap_simple(&mut w.tx, "plan", plan_id).await?;
        w.audit(ev(
            actor,
            "plan.notice_workdays",
            "plan",
            plan_id,
            Some(plan_before),
            after,
        ))
        .await?;
    }
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM notice_settings WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_optional(&mut *w.tx)
            .await?;
    let (id, before) = match existing {
        Some(id) => {
            let before = snap_simple(&mut w.tx, "notice_settings", id).await?;
            sqlx::query(
                "UPDATE notice_settings SET title = $1, receiver = $2, phone = $3, email = $4, \
                 address = $5, issuer = $6, updated_by = $7, updated_at = $8 WHERE id = $9",
            )
            .bind(&s.title)
            .bind(&s.receiver)
            .bind(&s.phone)
            .bind(&s.email)
            .bind(&s.address)
            .bind(&s.issuer)
            .bind(actor)
            .bind(w.at)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            (id, before)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notice_settings (plan_id, title, receiver, phone, email, address, \
                 issuer, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 RETURNING id",
            )
            .bind(plan_id)
            .bind(&s.title)
            .bind(&s.receiver)
            .bind(&s.phone)
            .bind(&s.email)
            .bind(&s.address)
            .bind(&s.issuer)
            .bind(actor)
            .bind(w.at)
            .fetch_one(&mut *w.tx)
            .await?;
            (id, None)
        }
    };
    let after = snap_simple(&mut w.tx, "notice_settings", id).await?;
    if before != after {
        w.audit(ev(
            actor,
            "plan.notice_settings",
            "notice_settings",
            id,
            before,
            after,
        ))
        .await?;
    }
    w.commit().await?;
    notice_settings(pool, plan_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("方案 / plan {plan_id}")))
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    problem_id: i64,
    signoff_id: i64,
    body_json: String,
    notice_start: NaiveDate,
    notice_end: NaiveDate,
    workdays: i64,
    issued_on: NaiveDate,
    created_at: DateTime<Utc>,
}

impl TryFrom<NoticeRow> for PublicNotice {
    type Error = StoreError;
    fn try_from(r: NoticeRow) -> StoreResult<PublicNotice> {
        let notice: Notice = serde_json::from_str(&r.body_json)?;
        Ok(PublicNotice {
            id: r.id,
            problem_id: r.problem_id,
            signoff_id: r.signoff_id,
            notice,
            notice_start: r.notice_start,
            notice_end: r.notice_end,
            workdays: r.workdays,
            issued_on: r.issued_on,
            created_at: r.created_at,
        })
    }
}

const NOTICE_SELECT: &str = "SELECT id, problem_id, signoff_id, body_json, notice_start, \
     notice_end, workdays, issued_on, created_at FROM public_notices";

pub(crate) async fn issue_notice(pool: &Pool, n: &NewPublicNotice) -> StoreResult<PublicNotice> {
    let mut w = Write::begin(pool).await?;
    // Only the approved public_notice step of this problem may carry it.
    let step: Option<(i64, String, String)> =
        sqlx::query_as("SELECT problem_id, step, decision FROM signoff_steps WHERE id = $1")
            .bind(n.signoff_id)
            .fetch_optional(&mut *w.tx)
            .await?;
    match step {
        Some((p, s, d)) if p == n.problem_id && s == "public_notice" && d == "approve" => {}
        _ => {
            return Err(StoreError::invalid(
                "公示须对应已通过的公示步骤",
                "a notice belongs to an approved public_notice step of its problem",
            ))
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO public_notices (problem_id, signoff_id, title, body_json, notice_start, \
         notice_end, workdays, issuer, issued_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(n.problem_id)
    .bind(n.signoff_id)
    .bind(&n.notice.title)
    .bind(serde_json::to_string(&n.notice)?)
    .bind(n.notice_start)
    .bind(n.notice_end)
    .bind(n.workdays)
    .bind(&n.notice.issuer)
    .bind(n.issued_on)
    .bind(&n.actor)
    .bind(micros(n.at))
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "public_notice", id).await?;
    w.audit(ev(
        &n.actor,
        "notice.issue",
        "public_notice",
        id,
        None,
        after,
    ))
    .await?;
    let row: NoticeRow = sqlx::query_as(&format!("{NOTICE_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
    w.commit().await?;
    row.try_into()
}

pub(crate) async fn get_notice(pool: &Pool, id: i64) -> StoreResult<Option<PublicNotice>> {
    let row: Option<NoticeRow> = sqlx::query_as(&format!("{NOTICE_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(PublicNotice::try_from).transpose()
}

pub(crate) async fn latest_notice(
    pool: &Pool,
    problem_id: i64,
) -> StoreResult<Option<PublicNotice>> {
    let row: Option<NoticeRow> = sqlx::query_as(&format!(
        "{NOTICE_SELECT} WHERE problem_id = $1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(problem_id)
    .fetch_optional(pool)
    .await?;
    row.map(PublicNotice::try_from).transpose()
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    problem_id: i64,
    plan_title: String,
    number_text: String,
    title: String,
    issuer: String,
    notice_start: NaiveDate,
    notice_end: NaiveDate,
    issued_on: NaiveDate,
}

pub(crate) async fn list_notices(
    pool: &Pool,
    page: u32,
    per_page: u32,
) -> StoreResult<Page<NoticeListItem>> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, 200);
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM public_notices")
        .fetch_one(pool)
        .await?;
    let rows: Vec<ListRow> = sqlx::query_as(
        "SELECT n.id, n.problem_id, pl.title AS plan_title, p.number_text, n.title, n.issuer, \
         n.notice_start, n.notice_end, n.issued_on FROM public_notices n \
         JOIN problems p ON p.id = n.problem_id JOIN plans pl ON pl.id = p.plan_id \
         ORDER BY n.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(i64::from(per_page))
    .bind((i64::from(page) - 1) * i64::from(per_page))
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| NoticeListItem {
                id: r.id,
                problem_id: r.problem_id,
                plan_title: r.plan_title,
                number_text: r.number_text,
                title: r.title,
                issuer: r.issuer,
                notice_start: r.notice_start,
                notice_end: r.notice_end,
                issued_on: r.issued_on,
            })
            .collect(),
        total,
        page,
        per_page,
    })
}

/// The running notice period of each problem in public notice, from its
/// latest approved public_notice step (also for notices started before
/// notices had a text).
pub(crate) async fn notice_periods(
    pool: &Pool,
    problem_ids: &[i64],
) -> StoreResult<HashMap<i64, (NaiveDate, NaiveDate)>> {
    let rows: Vec<(i64, Option<NaiveDate>, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT s.problem_id, s.notice_start, s.notice_end FROM signoff_steps s \
         JOIN problems p ON p.id = s.problem_id WHERE p.status = 'in_public_notice' \
         AND s.step = 'public_notice' AND s.decision = 'approve' ORDER BY s.id",
    )
    .fetch_all(pool)
    .await?;
    let mut out = HashMap::new();
    for (id, start, end) in rows {
        if let (Some(start), Some(end)) = (start, end) {
            if problem_ids.contains(&id) {
                out.insert(id, (start, end));
            }
        }
    }
    Ok(out)
}
