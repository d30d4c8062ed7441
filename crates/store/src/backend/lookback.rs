//! Look-back campaigns (回头看): signed-off problems selected for
//! re-verification; a rebound (反弹) reopens the problem.

use super::snapshot::snap_simple;
use super::workflow::reopen_in;
use super::write::{ev, Write};
use super::{status_of, Pool};
use chrono::{DateTime, Utc};
use rectify_domain::Status;
use rectify_store::{
    Lookback, LookbackDetail, LookbackItem, LookbackSelection, StoreError, StoreResult,
};

/// The columns of `LookbackRow`: a campaign with its tallies.
const LOOKBACK_SELECT: &str = "SELECT c.id, c.name, c.note, c.created_by, c.created_at, \
    (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id) AS total, \
    (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id \
     AND i.result = 'pending') AS pending, \
    (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id \
     AND i.result = 'confirmed') AS confirmed, \
    (SELECT COUNT(*) FROM lookback_items i WHERE i.campaign_id = c.id \
     AND i.result = 'rebound') AS rebound \
    FROM lookback_campaigns c";

/// The columns of `LookbackItemRow`: an item with its problem.
const LOOKBACK_ITEM_SELECT: &str = "SELECT i.campaign_id, i.problem_id, p.plan_id, \
    p.number_text, p.description, p.status, i.result, i.checked_by, i.checked_at, i.comment \
    FROM lookback_items i JOIN problems p ON p.id = i.problem_id";

/// Creates a campaign over the signed-off problems `selection` picks, every
/// item pending.
pub(crate) async fn create_lookback(
    pool: &Pool,
    name: &str,
    note: Option<&str>,
    selection: &LookbackSelection,
    actor: &str,
) -> StoreResult<LookbackDetail> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(StoreError::invalid(
            "回头看名称须为1到200个字符",
            "the campaign name must be 1-200 characters",
        ));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let mut w = Write::begin(pool).await?;
    let candidates: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, plan_id FROM problems WHERE status = $1 ORDER BY id")
            .bind(Status::SignedOff.as_str())
            .fetch_all(&mut *w.tx)
            .await?;
    let ids = rectify_store::lookback::select(&candidates, selection)?;
    let cid: i64 = sqlx::query_scalar(
        "INSERT INTO lookback_campaigns (name, created_by, created_at, note, selection_json) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(actor)
    .bind(w.at)
    .bind(note)
    .bind(serde_json::to_string(selection)?)
    .fetch_one(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "lookback", cid).await?;
    w.audit(ev(actor, "lookback.create", "lookback", cid, None, after))
        .await?;
    let base: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM lookback_items")
            .fetch_one(&mut *w.tx)
            .await?;
    for (i, pid) in ids.iter().enumerate() {
        let item_id = base + 1 + i as i64;
        sqlx::query(
            "INSERT INTO lookback_items (campaign_id, problem_id, id, result) \
             VALUES ($1, $2, $3, 'pending')",
        )
        .bind(cid)
        .bind(*pid)
        .bind(item_id)
        .execute(&mut *w.tx)
        .await?;
        let after = snap_simple(&mut w.tx, "lookback_item", item_id).await?;
        w.audit(ev(
            actor,
            "lookback.select",
            "lookback_item",
            item_id,
            None,
            after,
        ))
        .await?;
    }
    w.commit().await?;
    get_lookback(pool, cid)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("回头看 / look-back {cid}")))
}

/// The state of one item, with its campaign's name.
#[derive(sqlx::FromRow)]
struct ItemState {
    id: i64,
    result: String,
    name: String,
}

/// Records the re-verification of one problem; a rebound reopens it in the
/// same transaction.
pub(crate) async fn record_lookback_result(
    pool: &Pool,
    campaign_id: i64,
    problem_id: i64,
    confirmed: bool,
    comment: &str,
    actor: &str,
) -> StoreResult<LookbackItem> {
    let comment = comment.trim();
    if !confirmed && comment.is_empty() {
        return Err(StoreError::invalid(
            "认定反弹须说明情况",
            "a rebound needs a comment",
        ));
    }
    let mut w = Write::begin(pool).await?;
    let item: ItemState = sqlx::query_as(
        "SELECT i.id, i.result, c.name FROM lookback_items i \
         JOIN lookback_campaigns c ON c.id = i.campaign_id \
         WHERE i.campaign_id = $1 AND i.problem_id = $2",
    )
    .bind(campaign_id)
    .bind(problem_id)
    .fetch_optional(&mut *w.tx)
    .await?
    .ok_or_else(|| {
        StoreError::NotFound(format!(
            "回头看条目 / look-back item {campaign_id}/{problem_id}"
        ))
    })?;
    if item.result != "pending" {
        return Err(StoreError::conflict(
            "该问题在本次回头看中已有核查结果",
            "this problem already has a result in this campaign",
        ));
    }
    let status: String = sqlx::query_scalar("SELECT status FROM problems WHERE id = $1")
        .bind(problem_id)
        .fetch_one(&mut *w.tx)
        .await?;
    if status_of(&status)? != Status::SignedOff {
        return Err(StoreError::conflict(
            "该问题已不是已销号状态（可能已被重新打开），不能记录回头看结果",
            "the problem is no longer signed off (reopened?)",
        ));
    }
    let before = snap_simple(&mut w.tx, "lookback_item", item.id).await?;
    sqlx::query(
        "UPDATE lookback_items SET result = $1, checked_by = $2, checked_at = $3, comment = $4 \
         WHERE id = $5",
    )
    .bind(if confirmed { "confirmed" } else { "rebound" })
    .bind(actor)
    .bind(w.at)
    .bind(Some(comment).filter(|c| !c.is_empty()))
    .bind(item.id)
    .execute(&mut *w.tx)
    .await?;
    let after = snap_simple(&mut w.tx, "lookback_item", item.id).await?;
    let action = if confirmed {
        "lookback.confirm"
    } else {
        "lookback.rebound"
    };
    w.audit(ev(actor, action, "lookback_item", item.id, before, after))
        .await?;
    if !confirmed {
        reopen_in(&mut w, problem_id, comment, actor, Some(&item.name), None).await?;
    }
    let row: LookbackItemRow = sqlx::query_as(&format!("{LOOKBACK_ITEM_SELECT} WHERE i.id = $1"))
        .bind(item.id)
        .fetch_one(&mut *w.tx)
        .await?;
    let out = row.try_into()?;
    w.commit().await?;
    Ok(out)
}

pub(crate) async fn list_lookbacks(pool: &Pool) -> StoreResult<Vec<Lookback>> {
    let rows: Vec<LookbackRow> = sqlx::query_as(&format!("{LOOKBACK_SELECT} ORDER BY c.id DESC"))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Lookback::from).collect())
}

pub(crate) async fn get_lookback(pool: &Pool, id: i64) -> StoreResult<Option<LookbackDetail>> {
    let mut c = pool.acquire().await?;
    let Some(campaign) =
        sqlx::query_as::<_, LookbackRow>(&format!("{LOOKBACK_SELECT} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
    else {
        return Ok(None);
    };
    let items: Vec<LookbackItemRow> = sqlx::query_as(&format!(
        "{LOOKBACK_ITEM_SELECT} WHERE i.campaign_id = $1 ORDER BY i.id"
    ))
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    Ok(Some(LookbackDetail {
        campaign: campaign.into(),
        items: items
            .into_iter()
            .map(LookbackItem::try_from)
            .collect::<StoreResult<_>>()?,
    }))
}

/// `LOOKBACK_SELECT`: a campaign with its tallies.
#[derive(sqlx::FromRow)]
struct LookbackRow {
    id: i64,
    name: String,
    note: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
    total: i64,
    pending: i64,
    confirmed: i64,
    rebound: i64,
}

impl From<LookbackRow> for Lookback {
    fn from(r: LookbackRow) -> Self {
        Lookback {
            id: r.id,
            name: r.name,
            note: r.note,
            created_by: r.created_by,
            created_at: r.created_at,
            total: r.total,
            pending: r.pending,
            confirmed: r.confirmed,
            rebound: r.rebound,
        }
    }
}

/// `LOOKBACK_ITEM_SELECT`: an item with its problem.
#[derive(sqlx::FromRow)]
struct LookbackItemRow {
    campaign_id: i64,
    problem_id: i64,
    plan_id: i64,
    number_text: String,
    description: String,
    status: String,
    result: String,
    checked_by: Option<String>,
    checked_at: Option<DateTime<Utc>>,
    comment: Option<String>,
}

impl TryFrom<LookbackItemRow> for LookbackItem {
    type Error = StoreError;
    fn try_from(r: LookbackItemRow) -> StoreResult<Self> {
        Ok(LookbackItem {
            campaign_id: r.campaign_id,
            problem_id: r.problem_id,
            plan_id: r.plan_id,
            number_text: r.number_text,
            description: r.description,
            problem_status: status_of(&r.status)?,
            result: r.result,
            checked_by: r.checked_by,
            checked_at: r.checked_at,
            comment: r.comment,
        })
    }
}
