//! Conformance: the completion gate's facts, evidence that is published and
//! withdrawn but never deleted, and problems split into sub-problems.

use super::*;

pub async fn evidence_is_withdrawn_never_deleted(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[0].id;
    let facts = s.signoff_facts(id).await.unwrap();
    assert_eq!((facts.accepted_percent, facts.evidence), (None, 0));
    assert_eq!(facts.criteria.min_percent, 100, "the default criteria");
    ready(&s, id).await;
    let facts = s.signoff_facts(id).await.unwrap();
    assert_eq!((facts.accepted_percent, facts.evidence), (Some(100), 1));
    let a = s.list_attachments(id).await.unwrap().remove(0);
    assert!(!a.public);
    let at = Utc::now();
    let a = s
        .change_attachment(a.id, &AttachmentChange::Public(true), "unit", at)
        .await
        .unwrap();
    assert!(a.public);
    let a = s
        .change_attachment(
            a.id,
            &AttachmentChange::Withdraw {
                reason: "照片拍摄地点有误".into(),
            },
            "unit",
            at,
        )
        .await
        .unwrap();
    assert_eq!(a.removed_by.as_deref(), Some("unit"));
    assert_eq!(a.removal_reason.as_deref(), Some("照片拍摄地点有误"));
    assert!(!a.public, "a withdrawn file is no longer public");
    // Still listed, no longer counted, and no further change.
    assert_eq!(s.list_attachments(id).await.unwrap().len(), 1);
    assert_eq!(s.signoff_facts(id).await.unwrap().evidence, 0);
    assert_eq!(
        code(
            s.change_attachment(a.id, &AttachmentChange::Public(true), "unit", at)
                .await
        ),
        Some(ErrorCode::EvidenceWithdrawn)
    );
    assert_eq!(
        code(
            s.apply_signoff(&signoff(
                id,
                SignoffStep::SelfCheck,
                Decision::Approve,
                "2026-02-02"
            ))
            .await
        ),
        Some(ErrorCode::SignoffIncomplete)
    );
    let events = s.audit_events(Some(("attachment", a.id))).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "attachment.add",
            "attachment.publish",
            "attachment.withdraw"
        ]
    );
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}

/// The sample plan with its first problem split into （一） and （二）.
fn plan_with_sub_problems() -> PlanDraft {
    let mut plan = sample_plan();
    let parent = plan.problems[0].clone();
    for (seq, text) in [(1, "（一）城区段"), (2, "（二）郊区段")] {
        let mut child = parent.clone();
        child.seq = seq;
        child.parent_seq = Some(parent.seq);
        child.number_text = text.chars().take(3).collect();
        child.description = format!("{}{}", parent.description, text);
        plan.problems.push(child);
    }
    // As in real plans, the split problem names no units of its own.
    plan.problems[0].units.clear();
    plan
}

pub async fn sub_problems_close_their_parent(s: Arc<impl Store>) {
    let r = s.import_plan(&plan_with_sub_problems(), "t").await.unwrap();
    let rows = s
        .list_problems(&ProblemFilter {
            plan_id: Some(r.plan_id),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .items;
    let parent = rows
        .iter()
        .find(|p| p.parent_seq.is_none() && p.seq == 1)
        .unwrap()
        .id;
    let kids: Vec<i64> = rows
        .iter()
        .filter(|p| p.parent_seq == Some(1))
        .map(|p| p.id)
        .collect();
    assert_eq!(kids.len(), 2);
    let f = s.signoff_facts(parent).await.unwrap();
    assert_eq!((f.sub_problems, f.open_sub_problems), (2, 2));
    let row = s.get_problem(parent).await.unwrap().unwrap().row;
    assert!(
        !row.units.is_empty(),
        "the parent takes its sub-problems' units"
    );

    ready(&s, parent).await;
    assert_eq!(
        code(
            s.apply_signoff(&signoff(
                parent,
                SignoffStep::SelfCheck,
                Decision::Approve,
                "2026-03-02"
            ))
            .await
        ),
        Some(ErrorCode::SubProblemsOpen),
        "a split problem takes no steps of its own"
    );
    sign_off(&s, kids[0]).await;
    let p = s.get_problem(parent).await.unwrap().unwrap();
    assert_ne!(p.row.status, Status::SignedOff, "one of two is not enough");
    // The parent shows its sub-problems' progress: one done, one at 0.
    assert_eq!(p.row.accepted_percent, Some(50));
    sign_off(&s, kids[1]).await;
    let p = s.get_problem(parent).await.unwrap().unwrap();
    assert_eq!(p.row.status, Status::SignedOff);
    assert!(p.signed_off_on().is_some(), "the parent has its 销号 date");
    // A rebound in one sub-problem reopens the parent.
    s.reopen_problem(kids[0], "回头看发现反弹", "office", None, None)
        .await
        .unwrap();
    let p = s.get_problem(parent).await.unwrap().unwrap();
    assert_eq!(p.row.status, Status::InProgress);
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}
