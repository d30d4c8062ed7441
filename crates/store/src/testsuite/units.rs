//! The unit registry (issue 11): merging duplicates and collective names.

use super::{code, d, sample_plan, unit, verify_ok};
use crate::*;
use rectify_domain::*;
use std::sync::Arc;

fn account(username: &str, units: &[&str]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: username.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        role: Role::Unit,
        units: units.iter().map(|u| u.to_string()).collect(),
        person: None,
        actor: "admin".into(),
    }
}

async fn problems_of(s: &Arc<impl Store>, unit_ids: Vec<i64>) -> Vec<i64> {
    let mut ids: Vec<i64> = s
        .list_problems(&ProblemFilter {
            scope_units: Some(unit_ids),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.id)
        .collect();
    ids.sort();
    ids
}

/// 「津市」 and 「津市市党委、政府」 are one body: merged, their problems,
/// accounts and escalations meet under one unit, the ledger's unit filter
/// offers it once, and the audit trail still verifies.
pub async fn merging_units_moves_problems_and_accounts(s: Arc<impl Store>) {
    let mut plan = sample_plan();
    plan.problems[0].units = vec![unit("津市市党委、政府", UnitRole::Primary)];
    plan.problems[1].units = vec![unit("津市", UnitRole::Lead)];
    // Both on one problem in the same role: one row stays.
    plan.problems[2].units = vec![
        unit("津市", UnitRole::Primary),
        unit("津市市党委、政府", UnitRole::Primary),
        unit("市生态环境局", UnitRole::Supervising),
    ];
    let r = s.import_plan(&plan, "t").await.unwrap();
    let rows = s
        .list_problems(&ProblemFilter {
            plan_id: Some(r.plan_id),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .items;
    let keep = s.find_unit("津市市党委、政府").await.unwrap().unwrap();
    let gone = s.find_unit("津市").await.unwrap().unwrap();
    let mine = s.create_user(&account("jinshi", &["津市"])).await.unwrap();
    // An account of both names keeps one membership.
    let both = s
        .create_user(&account("jinshi2", &["津市", "津市市党委、政府"]))
        .await
        .unwrap();
    s.add_escalation(&NewEscalation {
        problem_id: Some(rows[1].id),
        unit_id: Some(gone.id),
        kind: "interview".into(),
        date: d("2026-11-02"),
        doc_number: None,
        note: None,
        actor: "office".into(),
    })
    .await
    .unwrap();
    let facets = s.ledger_facets(&ProblemFilter::default()).await.unwrap();
    assert!(facets.units.contains(&"津市".to_string()));
    assert_eq!(problems_of(&s, vec![gone.id]).await.len(), 2);

    // Refusals first: nothing changes.
    assert_eq!(
        code(s.merge_units(gone.id, gone.id, "同一单位", "office").await),
        Some(ErrorCode::UnitMergeSelf)
    );
    assert_eq!(
        code(s.merge_units(gone.id, keep.id, "  ", "office").await),
        Some(ErrorCode::ReasonRequired)
    );
    assert_eq!(
        code(s.merge_units(gone.id, 999_999, "不存在", "office").await),
        Some(ErrorCode::NotFound)
    );

    let m = s
        .merge_units(gone.id, keep.id, "津市即津市市，同一责任主体", "office")
        .await
        .unwrap();
    assert_eq!(m.into, keep);
    assert_eq!(m.from, gone);
    assert_eq!(m.problems.len(), 2);
    assert_eq!(m.accounts, vec![mine.id, both.id]);
    assert_eq!(m.escalations.len(), 1);
    assert!(m.aliases.contains(&normalize_unit_name("津市")));

    // The unit filter offers one; both names lead to it.
    let facets = s.ledger_facets(&ProblemFilter::default()).await.unwrap();
    assert!(
        !facets.units.contains(&"津市".to_string()),
        "{:?}",
        facets.units
    );
    assert_eq!(
        facets
            .units
            .iter()
            .filter(|u| u.starts_with("津市"))
            .count(),
        1,
        "{:?}",
        facets.units
    );
    assert_eq!(s.find_unit("津市").await.unwrap().unwrap().id, keep.id);
    let by_name = s
        .list_problems(&ProblemFilter {
            unit: Some("津市".into()),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_name.total, 3);
    assert_eq!(problems_of(&s, vec![keep.id]).await.len(), 3);
    // One row per role on the problem that named both.
    let third = s.get_problem(rows[2].id).await.unwrap().unwrap();
    let primaries: Vec<_> = third
        .row
        .units
        .iter()
        .filter(|u| u.role == UnitRole::Primary)
        .collect();
    assert_eq!(primaries.len(), 1, "{:?}", third.row.units);
    assert_eq!(primaries[0].name, "津市市党委、政府");
    // The accounts act for the unit that remains and see its problems.
    for id in [mine.id, both.id] {
        let acc = s.get_user(id).await.unwrap().unwrap();
        assert_eq!(acc.units, vec![keep.clone()]);
    }
    let esc = s.list_escalations(Some(rows[1].id)).await.unwrap();
    assert_eq!(esc[0].unit_name.as_deref(), Some("津市市党委、政府"));
    // The registry: gone, its name an alias of the one that remains.
    let reg = s.unit_registry().await.unwrap();
    assert!(reg.iter().all(|u| u.id != gone.id));
    let kept = reg.iter().find(|u| u.id == keep.id).unwrap();
    assert_eq!((kept.problems, kept.accounts), (3, 2));
    assert!(kept.aliases.contains(&"津市".to_string()));
    // The merge is in the trail with its reason, and the trail verifies.
    let events = s.audit_events(Some(("unit_merge", keep.id))).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].after.as_ref().unwrap()["reason"],
        "津市即津市市，同一责任主体"
    );
    verify_ok(&s).await;
    // A later plan that writes 「津市」 meets the unit that remains.
    let mut later = sample_plan();
    later.title = "第二轮整改方案".into();
    later.problems[0].units = vec![unit("津市", UnitRole::Primary)];
    s.import_plan(&later, "t").await.unwrap();
    assert_eq!(problems_of(&s, vec![keep.id]).await.len(), 4);
    verify_ok(&s).await;
    // Renaming into a registered name is refused: merging is the way.
    assert_eq!(
        code(s.rename_unit("市生态环境局", "津市", "admin").await),
        Some(ErrorCode::UnitNameTaken)
    );
}

/// A plan of 常德市 whose problem names 「各区县（市）党委、政府」: one row per
/// county, registered names reused, the collective kept in the note, and a
/// county's account sees the problem.
pub async fn collective_names_expand_to_counties(s: Arc<impl Store>) {
    // A registered name for 鼎城区's body, from an earlier plan.
    let mut earlier = sample_plan();
    earlier.title = "常德市上一轮整改方案".into();
    earlier.jurisdiction = Some("常德市".into());
    earlier.problems[0].units = vec![unit("鼎城区委和人民政府", UnitRole::Primary)];
    s.import_plan(&earlier, "t").await.unwrap();
    let dingcheng = s.find_unit("鼎城区委和人民政府").await.unwrap().unwrap();

    let mut plan = sample_plan();
    plan.jurisdiction = Some("常德市".into());
    plan.title = "常德市督察反馈意见整改方案".into();
    plan.problems[1].units = vec![
        UnitAssignment {
            name: "各区县（市）党委、政府".into(),
            role: UnitRole::Primary,
            note: None,
        },
        unit("市生态环境局", UnitRole::Supervising),
    ];
    let r = s.import_plan(&plan, "t").await.unwrap();
    let rows = s
        .list_problems(&ProblemFilter {
            plan_id: Some(r.plan_id),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .items;
    let p = rows.iter().find(|p| p.seq == 2).unwrap();
    let primaries: Vec<&UnitAssignment> = p
        .units
        .iter()
        .filter(|u| u.role == UnitRole::Primary)
        .collect();
    let names: Vec<&str> = primaries.iter().map(|u| u.name.as_str()).collect();
    // 常德市 has nine counties, districts and county-level cities.
    assert_eq!(primaries.len(), 9, "{names:?}");
    for county in ["武陵区", "澧县", "临澧县", "津市市", "石门县"] {
        assert!(
            names.contains(&format!("{county}党委、政府").as_str()),
            "{county}: {names:?}"
        );
    }
    assert!(names.contains(&"鼎城区委和人民政府"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('各')), "{names:?}");
    assert!(p.units.iter().any(|u| u.role == UnitRole::Supervising));
    let detail = s.get_problem(p.id).await.unwrap().unwrap();
    assert!(detail
        .row
        .units
        .iter()
        .filter(|u| u.role == UnitRole::Primary)
        .all(|u| u.note.as_deref() == Some("各区县（市）党委、政府")));
    // Each county's account sees its share.
    let lixian = s
        .create_user(&account("lixian", &["澧县党委、政府"]))
        .await
        .unwrap();
    let mine = problems_of(&s, lixian.units.iter().map(|u| u.id).collect()).await;
    assert_eq!(mine, vec![p.id]);
    assert!(problems_of(&s, vec![dingcheng.id]).await.contains(&p.id));
    // The same list in a plan of a jurisdiction the table does not divide
    // stays as written.
    let other = rows.iter().find(|p| p.seq == 1).unwrap();
    assert!(!other.units.iter().any(|u| u.name.starts_with('各')));
    let mut unknown = sample_plan();
    unknown.title = "测试市另一方案".into();
    unknown.problems[1].units = vec![unit("各区县（市）党委、政府", UnitRole::Primary)];
    s.import_plan(&unknown, "t").await.unwrap();
    assert!(s
        .find_unit("各区县（市）党委、政府")
        .await
        .unwrap()
        .is_some());
    // Re-importing the plan writes the same rows: nothing changed.
    let again = s.import_plan(&plan, "t").await.unwrap();
    assert!(again.changed.is_empty(), "{:?}", again.changed);
    verify_ok(&s).await;
}
