//! Conformance of the 公示 notice and of objections a citizen can follow:
//! a plan's notice settings, the notice issued when 公示 starts, the
//! objection throttle, repeats and spam.

use super::{code, d, imported, signoff};
use crate::*;
use chrono::{Duration, Utc};
use rectify_domain::notice::{build, NoticeFacts, NoticeSettings};
use rectify_domain::{Decision, ErrorCode, SignoffStep};
use std::sync::Arc;

/// Takes problem `id` through self-check and review and starts its notice
/// (2026-09-24 to 2026-10-09); answers the public_notice step's id.
async fn start_notice(s: &Arc<impl Store>, id: i64) -> i64 {
    use SignoffStep::*;
    super::ready(s, id).await;
    s.apply_signoff(&signoff(id, SelfCheck, Decision::Approve, "2026-09-22"))
        .await
        .unwrap();
    s.apply_signoff(&signoff(id, Review, Decision::Approve, "2026-09-23"))
        .await
        .unwrap();
    let mut n = signoff(id, PublicNotice, Decision::Approve, "2026-09-24");
    n.notice = Some((d("2026-09-24"), d("2026-10-09")));
    s.apply_signoff(&n).await.unwrap();
    s.get_problem(id)
        .await
        .unwrap()
        .unwrap()
        .current_notice()
        .unwrap()
        .id
}

fn objection(problem_id: i64, text: &str, key: &str, n: usize) -> NewObjection {
    NewObjection {
        problem_id,
        text: text.into(),
        contact: Some("13800000000".into()),
        at: Utc::now(),
        reference: format!("YY20260925-{n:010}"),
        client_key: Some(key.into()),
    }
}

pub async fn notice_settings_and_issued_notices(s: Arc<impl Store>) {
    let (plan_id, rows) = imported(&s).await;
    let before = s.notice_settings(plan_id).await.unwrap().unwrap();
    assert_eq!(before.settings, NoticeSettings::default());
    assert_eq!(before.notice_workdays, 5);
    let wanted = NoticeSettings {
        title: Some("关于{编号}问题整改情况的公示".into()),
        receiver: Some("市督察整改办".into()),
        phone: Some("0734-8888888".into()),
        email: Some("zgb@example.gov.cn".into()),
        address: Some("华新大道1号".into()),
        issuer: Some("市生态环境保护委员会办公室".into()),
    };
    let saved = s
        .set_notice_settings(plan_id, &wanted, 10, "office")
        .await
        .unwrap();
    assert_eq!(
        (saved.settings.clone(), saved.notice_workdays),
        (wanted.clone(), 10)
    );
    // Saved again (an update in place), then read back.
    let mut changed = wanted.clone();
    changed.phone = Some("12369".into());
    s.set_notice_settings(plan_id, &changed, 10, "office")
        .await
        .unwrap();
    let back = s.notice_settings(plan_id).await.unwrap().unwrap();
    assert_eq!(back.settings.phone.as_deref(), Some("12369"));
    assert_eq!(
        code(s.set_notice_settings(plan_id, &wanted, 0, "office").await),
        Some(ErrorCode::NoticeDaysOutOfRange)
    );
    assert!(matches!(
        s.set_notice_settings(9999, &wanted, 5, "office").await,
        Err(StoreError::NotFound(_))
    ));

    let id = rows[1].id;
    let step = start_notice(&s, id).await;
    let facts = NoticeFacts {
        plan_title: "方案".into(),
        problem_number: "（二）".into(),
        problem_description: "问题".into(),
        notice_start: d("2026-09-24"),
        notice_end: d("2026-10-09"),
        workdays: 10,
        issued_on: d("2026-09-24"),
        ..Default::default()
    };
    let notice = build(&facts, &back.settings);
    let new = NewPublicNotice {
        problem_id: id,
        signoff_id: step,
        notice: notice.clone(),
        notice_start: d("2026-09-24"),
        notice_end: d("2026-10-09"),
        workdays: 10,
        issued_on: d("2026-09-24"),
        actor: "office".into(),
        at: Utc::now(),
    };
    // Only an approved public_notice step of the same problem carries one.
    let mut wrong = new.clone();
    wrong.problem_id = rows[0].id;
    assert!(matches!(
        s.issue_notice(&wrong).await,
        Err(StoreError::Invalid(_))
    ));
    let issued = s.issue_notice(&new).await.unwrap();
    assert_eq!(issued.notice, notice);
    assert!(issued.notice.text().contains("监督电话：12369"));
    // Once per step: a second notice for the same step is refused.
    assert!(s.issue_notice(&new).await.is_err());
    assert_eq!(s.get_notice(issued.id).await.unwrap(), Some(issued.clone()));
    assert_eq!(s.latest_notice(id).await.unwrap(), Some(issued.clone()));
    assert_eq!(s.latest_notice(rows[0].id).await.unwrap(), None);
    let list = s.list_notices(1, 20).await.unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.items[0].title, "关于（二）问题整改情况的公示");
    assert_eq!(list.items[0].number_text, rows[1].number_text);
    // The running period of problems in notice, none for the others.
    let periods = s.notice_periods(&[id, rows[0].id]).await.unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[&id], (d("2026-09-24"), d("2026-10-09")));
    // Settings and notices are covered by the audit trail.
    let events = s
        .audit_events(Some(("public_notice", issued.id)))
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    let verified = audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
    );
    assert!(verified.is_ok(), "{verified:?}");
    let snaps = s.ledger_snapshots().await.unwrap();
    assert!(snaps.iter().any(|x| x.entity == "notice_settings"));
    assert!(snaps.iter().any(|x| x.entity == "public_notice"));
}

pub async fn objections_throttled_repeated_and_spam(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[1].id;
    start_notice(&s, id).await;
    // Five from one address, the sixth refused.
    for i in 0..5 {
        s.add_objection(&objection(id, &format!("异议{i}"), "k1", i))
            .await
            .unwrap();
    }
    assert_eq!(
        code(s.add_objection(&objection(id, "异议5", "k1", 5)).await),
        Some(ErrorCode::ObjectionThrottled)
    );
    // The same text again, from another address: a repeat.
    assert_eq!(
        code(s.add_objection(&objection(id, "异议0", "k2", 6)).await),
        Some(ErrorCode::ObjectionRepeated)
    );
    // Forty on one problem within the hour, the forty-first refused.
    for i in 5..40 {
        s.add_objection(&objection(
            id,
            &format!("异议{i}"),
            &format!("a{i}"),
            i + 10,
        ))
        .await
        .unwrap();
    }
    assert_eq!(
        code(s.add_objection(&objection(id, "异议40", "a40", 60)).await),
        Some(ErrorCode::ObjectionThrottled)
    );
    // Marking one spam: it no longer blocks nor counts against the problem.
    let open = s.list_open_objections().await.unwrap();
    assert_eq!(open.len(), 40);
    let first = open[0].clone();
    assert_eq!(first.reference.as_deref(), Some("YY20260925-0000000000"));
    let spam = s
        .close_objection(first.id, "spam", "重复刷屏", "office")
        .await
        .unwrap();
    assert_eq!(spam.status, "spam");
    assert_eq!(
        code(s.close_objection(first.id, "resolved", "x", "office").await),
        Some(ErrorCode::ObjectionClosed),
        "a closed objection stays closed"
    );
    assert_eq!(
        code(s.close_objection(open[1].id, "delete", "x", "office").await),
        Some(ErrorCode::ObjectionOutcomeUnknown)
    );
    s.add_objection(&objection(id, "异议41", "a41", 61))
        .await
        .unwrap();
    // The public lookup: status, and the reply once answered; no contact.
    let st = s
        .objection_by_reference("YY20260925-0000000000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((st.status.as_str(), st.reply.as_deref()), ("spam", None));
    s.resolve_objection(open[1].id, "经核查已整改到位", "office")
        .await
        .unwrap();
    let st = s
        .objection_by_reference("YY20260925-0000000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(st.status, "resolved");
    assert_eq!(st.reply.as_deref(), Some("经核查已整改到位"));
    assert_eq!(st.problem_id, id);
    assert!(s
        .objection_by_reference("YY20260925-9999999999")
        .await
        .unwrap()
        .is_none());
    // Every open objection still blocks verification; spam does not.
    let mut verify = signoff(id, SignoffStep::Verify, Decision::Approve, "2026-10-12");
    verify.at = Utc::now() + Duration::seconds(1);
    let blocked = s.apply_signoff(&verify).await;
    assert_eq!(code(blocked), Some(ErrorCode::ObjectionsOpen));
    for o in s.list_open_objections().await.unwrap() {
        s.close_objection(o.id, "spam", "刷屏", "office")
            .await
            .unwrap();
    }
    s.apply_signoff(&verify).await.unwrap();
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}
