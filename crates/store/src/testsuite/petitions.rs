//! Petitions (issue 12): batches in and updated by code, the list's
//! filters and unit scope, handling, visits, closure, reopening, decisions,
//! the figures, and the audit trail over all of it.

use super::{code, d, sample_plan, verify_ok};
use crate::*;
use rectify_domain::petition::{
    ClosureStandard, PetitionStatus, Satisfaction, Source, Verification,
};
use rectify_domain::*;
use std::collections::BTreeMap;
use std::sync::Arc;

fn row(code: &str, area: &str, content: &str, unit_id: Option<i64>) -> NewPetition {
    NewPetition {
        code: code.into(),
        received_on: Some(d("2026-11-02")),
        area: area.into(),
        kind: "大气".into(),
        content: content.into(),
        contact_name: Some("王某".into()),
        contact_phone: Some("13800000000".into()),
        unit_id,
        due_date: Some(d("2026-11-23")),
        extra: BTreeMap::from([("信访人诉求".to_string(), "关停".to_string())]),
        ..Default::default()
    }
}

fn batch(name: &str) -> NewPetitionBatch {
    NewPetitionBatch {
        name: name.into(),
        source: Source::Handover,
        handed_over_on: Some(d("2026-11-02")),
        file_name: Some(format!("{name}.xlsx")),
    }
}

pub async fn petitions_imported_handled_and_closed(s: Arc<impl Store>) {
    s.import_plan(&sample_plan(), "office").await.unwrap();
    let units = s.list_units().await.unwrap();
    let (u1, u2) = (units[0].id, units[1].id);
    let rows = vec![
        row("D1HN001", "衡南县", "花桥村8组养猪场臭气熏天", Some(u1)),
        row("D1HN002", "衡南县", "车江街道砂石场粉尘大", Some(u2)),
        row("D1HN003", "耒阳市", "夜间施工噪声扰民", None),
    ];
    let r = s
        .import_petitions(Some(&batch("第一批")), &rows, "office")
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (3, 0, 0));
    assert_eq!(r.new_ids.len(), 3);
    // The same file again changes nothing; an edited row updates in place.
    let again = s
        .import_petitions(Some(&batch("第一批")), &rows, "office")
        .await
        .unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 3));
    let mut edited = rows.clone();
    edited[2].content = "夜间施工噪声扰民，凌晨两点仍在施工".into();
    let third = s
        .import_petitions(Some(&batch("第一批")), &edited, "office")
        .await
        .unwrap();
    assert_eq!((third.inserted, third.updated, third.unchanged), (0, 1, 2));
    assert_eq!(third.batch_id, r.batch_id);

    // The list: filters and unit scope.
    let all = s
        .list_petitions(&PetitionFilter {
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(all.items[0].code, "D1HN003", "newest first");
    let mine = s
        .list_petitions(&PetitionFilter {
            scope_units: Some(vec![u1]),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        mine.items
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["D1HN001"]
    );
    let none = s
        .list_petitions(&PetitionFilter {
            scope_units: Some(vec![]),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(none.total, 0, "a unit account without units sees nothing");
    let searched = s
        .list_petitions(&PetitionFilter {
            q: Some("砂石场".into()),
            area: Some("衡南县".into()),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(searched.total, 1);
    let overdue = s
        .list_petitions(&PetitionFilter {
            overdue_on: Some(d("2026-12-01")),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(overdue.total, 3);
    // Keyset: the page after the newest row.
    let next = s
        .list_petitions(&PetitionFilter {
            before_id: Some(all.items[0].id),
            per_page: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(next.items[0].id, all.items[1].id);

    // Handling, a visit, evidence, closure.
    let id = mine.items[0].id;
    let p = s.get_petition(id).await.unwrap().unwrap();
    assert_eq!(p.contact_phone.as_deref(), Some("13800000000"));
    assert_eq!(p.extra.get("信访人诉求").map(String::as_str), Some("关停"));
    let h = PetitionHandling {
        unit_id: Some(u1),
        due_date: p.row.due_date,
        verification: Some(Verification::True),
        handling: "现场核查属实，责令停产整改".into(),
        result: "养殖场已关停，粪污清运完毕".into(),
        public_reply: "经核查属实，已关停".into(),
        measures: rectify_domain::petition::PetitionMeasures {
            ordered: 1,
            penalty_cases: 1,
            fines_wan: 2.5,
            ..Default::default()
        },
        closure_standard: Some(ClosureStandard::Meets),
        problem_id: None,
    };
    // A stale version is refused.
    assert!(matches!(
        s.update_petition(id, &h, Some(p.version + 7), "unit").await,
        Err(StoreError::Conflict(_))
    ));
    s.update_petition(id, &h, Some(p.version), "unit")
        .await
        .unwrap();
    s.add_petition_visit(
        &NewPetitionVisit {
            petition_id: id,
            visited_on: d("2026-11-20"),
            visited_by: "李四".into(),
            satisfaction: Satisfaction::Satisfied,
            note: String::new(),
        },
        "unit",
    )
    .await
    .unwrap();
    let p = s.get_petition(id).await.unwrap().unwrap();
    assert_eq!(p.row.status, PetitionStatus::Handling.as_str());
    assert_eq!(p.row.last_satisfaction.as_deref(), Some("satisfied"));
    assert_eq!(p.measures.fines_wan, 2.5);
    s.close_petition(id, p.version, "office").await.unwrap();
    assert!(s.close_petition(id, p.version + 1, "office").await.is_err());
    assert!(
        s.update_petition(id, &h, None, "unit").await.is_err(),
        "closed"
    );
    let closed = s.get_petition(id).await.unwrap().unwrap();
    assert_eq!(closed.row.status, "closed");
    assert_eq!(closed.closed_by.as_deref(), Some("office"));

    // Figures by unit.
    let stats = s
        .petition_stats(
            PetitionDimension::Unit,
            &PetitionFilter::default(),
            d("2026-12-01"),
        )
        .await
        .unwrap();
    let total: i64 = stats.iter().map(|r| r.received).sum();
    assert_eq!(total, 3);
    let first = stats
        .iter()
        .find(|r| r.key == units[0].name)
        .expect("the first unit's row");
    assert_eq!(
        (
            first.received,
            first.closed,
            first.meets_standard,
            first.verified_true
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        (first.visits, first.satisfied, first.penalty_cases),
        (1, 1, 1)
    );
    assert_eq!(first.fines_wan, 2.5);
    let unassigned = stats.iter().find(|r| r.key == "（未分配）").unwrap();
    assert_eq!((unassigned.received, unassigned.overdue), (1, 1));

    // Reopening needs a closed petition; then it is handled again.
    s.reopen_petition(id, "群众再次反映", "office")
        .await
        .unwrap();
    assert!(s.reopen_petition(id, "again", "office").await.is_err());
    assert_eq!(
        s.get_petition(id).await.unwrap().unwrap().row.status,
        "handling"
    );

    // Decisions on pairs, by code, changeable.
    s.decide_petition_pair("D1HN002", "D1HN001", "confirmed", "office")
        .await
        .unwrap();
    s.decide_petition_pair("D1HN001", "D1HN002", "rejected", "office")
        .await
        .unwrap();
    let ds = s.petition_decisions().await.unwrap();
    assert_eq!(ds.len(), 1);
    assert_eq!(
        (
            ds[0].code_a.as_str(),
            ds[0].code_b.as_str(),
            ds[0].decision.as_str()
        ),
        ("D1HN001", "D1HN002", "rejected")
    );
    assert_eq!(
        code(
            s.decide_petition_pair("D1HN001", "NOPE", "confirmed", "office")
                .await
        ),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(s.petition_batches().await.unwrap()[0].petitions, 3);
    assert_eq!(s.petition_texts().await.unwrap().len(), 3);
    verify_ok(&s).await;
}

/// A batch with a row the database refuses (a unit that does not exist)
/// stores nothing: not the batch, not the rows before it.
pub async fn failed_petition_batch_writes_nothing(s: Arc<impl Store>) {
    let rows = vec![
        row("X1", "衡南县", "养猪场臭气", None),
        row("X2", "衡南县", "砂石场粉尘", Some(999_999)),
    ];
    assert!(s
        .import_petitions(Some(&batch("坏批次")), &rows, "office")
        .await
        .is_err());
    assert!(s.petition_batches().await.unwrap().is_empty());
    assert!(s.petition_texts().await.unwrap().is_empty());
    verify_ok(&s).await;
}

/// The trail catches a petition changed behind its back (a contact wiped,
/// a status forged).
pub async fn petitions_are_in_the_audit_trail(s: Arc<impl Store>) {
    s.import_petitions(None, &[row("WS1", "", "露天焚烧垃圾", None)], "public")
        .await
        .unwrap();
    verify_ok(&s).await;
    let snaps = s.ledger_snapshots().await.unwrap();
    assert!(snaps.iter().any(|x| x.entity == "petition"));
    let events = s.audit_events(None).await.unwrap();
    let mut forged = snaps.clone();
    for x in &mut forged {
        if x.entity == "petition" {
            x.data["status"] = serde_json::json!("closed");
        }
    }
    assert!(audit::verify(&events, &forged).is_err());
}
