//! Plans in other styles than the seeds: Markdown with 反馈问题一： numbering,
//! 1、 numbering with （1） measures and 第一类 categories, a truncated annex.

mod common;
use chrono::NaiveDate;
use common::*;
use rectify_domain::{Liaison, Person, UnitRole};

fn d(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
}

#[test]
fn markdown_plan_with_feedback_numbering() {
    let plan = import(
        "xiangjiang-district-plan.md",
        &fixture("xiangjiang-district-plan.md"),
    );
    assert_eq!(plan.source.kind, "md");
    assert_eq!(
        plan.title,
        "湘江区贯彻落实省生态环境保护督察反馈意见整改方案"
    );
    assert_eq!(plan.jurisdiction.as_deref(), Some("湘江区"));
    assert_eq!(plan.declared_problem_count, Some(6));
    assert_eq!(plan.categories.len(), 3);
    assert_eq!(plan.problems.len(), 6);
    assert_eq!(plan.problems[0].number_text, "反馈问题一：");
    assert_eq!(
        plan.problems.iter().map(|p| p.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6]
    );
    assert_eq!(
        plan.problems
            .iter()
            .map(|p| p.category_seq)
            .collect::<Vec<_>>(),
        vec![Some(1), Some(1), Some(2), Some(2), Some(3), Some(3)]
    );
    // Only problem 6's deadline is not understood.
    assert_eq!(codes(&plan), vec!["deadline_unparsed"]);

    let p1 = &plan.problems[0];
    assert_eq!(
        p1.description,
        "城区建筑工地扬尘管控不到位，部分工地裸土未覆盖。"
    );
    assert_eq!(p1.deadline.due, d("2022-12-31"));
    assert_eq!(units(p1, UnitRole::Lead), vec!["区住建局"]);
    assert_eq!(
        units(p1, UnitRole::Responsible),
        vec!["区城管局", "区生态环境分局", "各街道办事处"]
    );
    assert_eq!(
        p1.responsible_persons,
        vec![Person {
            name: "李明".into(),
            title: Some("区住建局局长".into())
        }]
    );
    assert_eq!(
        p1.liaisons,
        vec![Liaison {
            name: "赵小红".into(),
            note: Some("0731-5550101".into())
        }]
    );
    assert_eq!(p1.measures.len(), 3);
    let m1 = &p1.measures[0];
    assert_eq!(m1.text, "开展建筑工地扬尘专项检查，建立问题台账。");
    assert_eq!(
        m1.units
            .iter()
            .map(|u| (u.name.as_str(), u.role))
            .collect::<Vec<_>>(),
        vec![("区住建局", UnitRole::Responsible)]
    );
    assert_eq!(m1.deadline.as_ref().and_then(|d| d.due), d("2022-09-30"));
    assert_eq!(
        p1.measures[1].deadline.as_ref().and_then(|d| d.due),
        d("2022-12-31")
    );
    let m3 = &p1.measures[2];
    assert_eq!(
        m3.units
            .iter()
            .map(|u| (u.name.as_str(), u.role))
            .collect::<Vec<_>>(),
        vec![
            ("区住建局", UnitRole::Lead),
            ("区城管局", UnitRole::Assisting),
            ("区生态环境分局", UnitRole::Assisting)
        ]
    );

    let p2 = &plan.problems[1];
    assert!(!p2.description.contains("已整改"), "struck text dropped");
    assert_eq!(
        units(p2, UnitRole::Lead),
        vec!["区城管局"],
        "（牵头） marker"
    );
    assert_eq!(
        p2.leaders,
        vec!["王建国", "陈芳"],
        "spaces inside a name removed"
    );
    assert_eq!(
        p2.responsible_persons[1],
        Person {
            name: "刘洋".into(),
            title: Some("区市场监管局副局长".into())
        }
    );
    assert!(p2.deadline.immediate && p2.deadline.ongoing);

    let p3 = &plan.problems[2];
    assert_eq!(p3.deadline.milestones.len(), 2);
    assert_eq!(p3.deadline.due, d("2023-12-31"));
    assert_eq!(units(p3, UnitRole::Supervising), vec!["区生态环境分局"]);
    let p4 = &plan.problems[3];
    assert_eq!(
        p4.leaders,
        vec!["王建国", "陈芳"],
        "run-together names split by names seen elsewhere"
    );
    assert_eq!(p4.deadline.due, d("2023-03-31"));
    assert_eq!(p4.measures.len(), 1);
    assert_eq!(p4.measures[0].units.len(), 2);
    let p5 = &plan.problems[4];
    assert_eq!(p5.deadline.due, d("2022-12-31"), "range 2020—2022年");
    assert_eq!(
        units(p5, UnitRole::Assisting),
        vec!["区水利局", "区自然资源局"]
    );
    let p6 = &plan.problems[5];
    assert_eq!(p6.deadline.due, None);
    assert!(p6.responsible_persons.is_empty());
}

#[test]
fn numbered_plan_with_categories_and_lead_markers() {
    let plan = import(
        "lianhua-county-plan.txt",
        &fixture("lianhua-county-plan.txt"),
    );
    assert_eq!(plan.title, "莲花县落实市委生态环境保护督察反馈意见整改方案");
    assert_eq!(plan.jurisdiction.as_deref(), Some("莲花县"));
    assert_eq!(plan.declared_problem_count, Some(5));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        plan.categories
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        vec!["关于工业污染防治的问题", "关于农村环境整治的问题"]
    );
    assert_eq!(plan.problems.len(), 5);
    let p1 = &plan.problems[0];
    assert_eq!(p1.number_text, "1、");
    assert_eq!(
        p1.description,
        "县工业园区污水处理厂超负荷运行，部分企业废水未经预处理直接排入管网。"
    );
    assert_eq!(p1.deadline.text, "2023年6月底前");
    assert_eq!(p1.deadline.due, d("2023-06-30"));
    assert_eq!(units(p1, UnitRole::Lead), vec!["县工业园区管委会"]);
    assert_eq!(p1.leaders, vec!["何志刚"]);
    assert_eq!(
        p1.measures.len(),
        3,
        "（1） measures after the other fields"
    );
    assert_eq!(
        p1.measures[0].deadline.as_ref().and_then(|d| d.due),
        d("2022-12-31")
    );
    let p2 = &plan.problems[1];
    assert_eq!(p2.deadline.due, d("2022-12-31"), "full-width digits");
    assert_eq!(plan.problems[3].deadline.due, d("2022-09-30"), "第三季度");
    assert_eq!(plan.problems[4].leaders, vec!["何志刚", "林晓燕"]);
    assert_eq!(plan.problems[4].category_seq, Some(2));
}

#[test]
fn truncated_annex_is_reported() {
    let plan = import("truncated-annex.txt", &fixture("truncated-annex.txt"));
    assert_eq!(plan.declared_problem_count, Some(20));
    assert_eq!(
        plan.problems.len(),
        5,
        "the cut-off problem is kept, not dropped"
    );
    let last = &plan.problems[4];
    assert_eq!(last.seq, 5);
    assert_eq!(last.target.as_deref(), Some("完成废弃矿山生态修复"));
    let c = codes(&plan);
    assert!(c.contains(&"count_mismatch"), "{c:?}");
    assert_eq!(
        c.iter().filter(|x| **x == "field_missing").count(),
        2,
        "{c:?}"
    );
    let w = plan
        .warnings
        .iter()
        .find(|w| w.code == "count_mismatch")
        .expect("warning");
    assert!(w.message.contains("20") && w.message.contains('5'));
}

#[test]
fn cutting_any_seed_short_gives_count_mismatch() {
    let text =
        String::from_utf8(demo("hengyang-2019-provincial-inspection-plan.txt")).expect("utf8");
    let cut: String = text.lines().take(700).collect::<Vec<_>>().join("\n");
    let plan = import("cut.txt", cut.as_bytes());
    assert!(plan.problems.len() < 40);
    assert!(codes(&plan).contains(&"count_mismatch"));
}

#[test]
fn unplaced_ledger_text_is_reported() {
    let text = "某市整改方案\n\n反馈提出2个具体问题。\n\n（一）问题甲。\n整改目标：目标甲。\n整改时限：2022年底\n责任单位：市生态环境局\n完成标准：全部销号\n（二）问题乙。\n整改目标：目标乙。\n整改时限：立行立改\n责任单位：市水利局\n";
    let plan = import("x.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 2);
    let w: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "unparsed_text")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", plan.warnings);
    assert_eq!(w[0].line, Some(9));
    // The unknown field did not leak into the unit list.
    assert_eq!(plan.problems[0].units.len(), 1);
}
