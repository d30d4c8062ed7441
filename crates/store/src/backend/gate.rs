//! The facts the sign-off rule (`rectify_domain::signoff`) decides on, read
//! in one place: inside the write transaction of a step, and for the
//! application before it (to refuse early and to show the right buttons).

use super::objections::open_objections;
use super::{status_of, Conn, Pool};
use chrono::NaiveDate;
use rectify_domain::signoff::{CompletionCriteria, SignoffFacts};
use rectify_store::{StoreError, StoreResult};

/// Status words a unit may give a measure to mark it done.
const DONE: [&str; 4] = ["done", "完成", "已完成", "completed"];

#[derive(sqlx::FromRow)]
struct Head {
    status: String,
    version: i64,
    plan_id: i64,
    seq: i64,
    parent_seq: Option<i64>,
    signoff_min_percent: i64,
    signoff_min_evidence: i64,
}

/// The facts, and the problem's version (for the conditional update).
pub(super) async fn read(c: &mut Conn, problem_id: i64) -> StoreResult<(SignoffFacts, i64)> {
    let h: Head = sqlx::query_as(
        "SELECT p.status, p.version, p.plan_id, p.seq, p.parent_seq, \
         CAST(pl.signoff_min_percent AS BIGINT) AS signoff_min_percent, \
         CAST(pl.signoff_min_evidence AS BIGINT) AS signoff_min_evidence \
         FROM problems p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = $1",
    )
    .bind(problem_id)
    .fetch_optional(&mut *c)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {problem_id}")))?;
    let notice_end: Option<Option<NaiveDate>> = sqlx::query_scalar(
        "SELECT notice_end FROM signoff_steps WHERE problem_id = $1 \
         AND step = 'public_notice' AND decision = 'approve' ORDER BY id DESC LIMIT 1",
    )
    .bind(problem_id)
    .fetch_optional(&mut *c)
    .await?;
    let accepted: Option<(i64, String)> = sqlx::query_as(
        "SELECT CAST(percent AS BIGINT), measure_status_json FROM progress_reports \
         WHERE problem_id = $1 AND status = 'accepted' ORDER BY period DESC LIMIT 1",
    )
    .bind(problem_id)
    .fetch_optional(&mut *c)
    .await?;
    let measures: Vec<i64> =
        sqlx::query_scalar("SELECT CAST(seq AS BIGINT) FROM measures WHERE problem_id = $1")
            .bind(problem_id)
            .fetch_all(&mut *c)
            .await?;
    let measures_done = match &accepted {
        Some((_, json)) if !measures.is_empty() => {
            let marks: Vec<(i64, String)> = serde_json::from_str(json).unwrap_or_default();
            measures.iter().all(|seq| {
                marks
                    .iter()
                    .any(|(s, st)| s == seq && DONE.contains(&st.trim()))
            })
        }
        _ => false,
    };
    let evidence: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM problem_attachments WHERE problem_id = $1 AND removed_at IS NULL",
    )
    .bind(problem_id)
    .fetch_one(&mut *c)
    .await?;
    let (sub_problems, open_sub_problems) = match h.parent_seq {
        Some(_) => (0, 0),
        None => sub_problem_counts(c, h.plan_id, h.seq).await?,
    };
    let facts = SignoffFacts {
        status: status_of(&h.status)?,
        notice_end: notice_end.flatten(),
        open_objections: open_objections(c, problem_id).await?,
        accepted_percent: accepted.map(|a| a.0),
        measures_done,
        evidence,
        criteria: CompletionCriteria {
            min_percent: h.signoff_min_percent,
            min_evidence: h.signoff_min_evidence,
        },
        sub_problems,
        open_sub_problems,
    };
    Ok((facts, h.version))
}

/// How many sub-problems a problem has, and how many are not signed off.
pub(super) async fn sub_problem_counts(
    c: &mut Conn,
    plan_id: i64,
    seq: i64,
) -> StoreResult<(i64, i64)> {
    let (all, open): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(CASE WHEN status <> 'signed_off' THEN 1 ELSE 0 END) AS BIGINT) \
         FROM problems WHERE plan_id = $1 AND parent_seq = $2",
    )
    .bind(plan_id)
    .bind(seq)
    .fetch_one(&mut *c)
    .await?;
    Ok((all, open.unwrap_or(0)))
}

pub(crate) async fn signoff_facts(pool: &Pool, problem_id: i64) -> StoreResult<SignoffFacts> {
    let mut c = pool.acquire().await?;
    Ok(read(&mut c, problem_id).await?.0)
}
