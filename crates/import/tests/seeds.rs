//! The seed documents import completely; counts and a sample of fields per
//! problem are pinned.

mod common;
use chrono::NaiveDate;
use common::*;
use rectify_domain::UnitRole;

fn d(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
}

#[test]
fn hengyang_2019_plan() {
    let plan = import(
        "hengyang-2019-provincial-inspection-plan.txt",
        &demo("hengyang-2019-provincial-inspection-plan.txt"),
    );
    assert_eq!(plan.format, "rectify-plan/1");
    assert_eq!(plan.source.kind, "txt");
    assert_eq!(
        plan.title,
        "衡阳市贯彻落实湖南省第一环境保护督察组督察反馈意见整改方案"
    );
    assert_eq!(plan.jurisdiction.as_deref(), Some("衡阳市"));
    assert_eq!(plan.declared_problem_count, Some(40));
    assert_eq!(plan.categories.len(), 8);
    assert_eq!(
        plan.categories[0].title,
        "关于环境保护工作推进落实不够有力问题"
    );
    assert_eq!(plan.problems.len(), 40);
    let seqs: Vec<u32> = plan.problems.iter().map(|p| p.seq).collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
    // Problems per category, as each category's intro states (3,5,5,4,12,4,2,5).
    let per_cat: Vec<usize> = (1..=8)
        .map(|c| {
            plan.problems
                .iter()
                .filter(|p| p.category_seq == Some(c))
                .count()
        })
        .collect();
    assert_eq!(per_cat, vec![3, 5, 5, 4, 12, 4, 2, 5]);
    // Only one diagnostic: problem 36's deadline has no date.
    assert_eq!(codes(&plan), vec!["deadline_unparsed"]);
    assert!(plan
        .problems
        .iter()
        .all(|p| p.target.is_some() && !p.leaders.is_empty() && !p.measures.is_empty()));

    let p1 = top(&plan, 1);
    assert_eq!(p1.number_text, "（一）");
    assert!(p1
        .description
        .starts_with("少数县（市、区）领导干部政治站位不高"));
    assert!(p1.deadline.immediate && p1.deadline.ongoing && p1.deadline.due.is_none());
    assert_eq!(p1.leaders, vec!["包昌林"]);
    assert_eq!(p1.measures.len(), 3);
    assert_eq!(
        units(p1, UnitRole::Primary),
        vec![
            "各县市区党委、政府",
            "高新区",
            "松木经开区",
            "白沙工业园管委会"
        ]
    );
    assert_eq!(
        units(p1, UnitRole::Supervising),
        vec![
            "市纪委监委",
            "市委办",
            "市委宣传部",
            "市委组织部",
            "市政府办"
        ]
    );
    assert_eq!(
        p1.source_span.map(|s| (s.first_line, s.last_line)),
        Some((150, 170))
    );

    let p4 = top(&plan, 4);
    assert_eq!(p4.deadline.due, d("2018-09-30"));
    assert_eq!(units(p4, UnitRole::Primary), vec!["衡东县党委、政府"]);
    assert_eq!(p4.leaders, vec!["包昌林"]);
    let p5 = top(&plan, 5);
    assert_eq!(p5.number_text, "(五)");
    assert_eq!(p5.measures.len(), 1, "inline 整改措施");
    assert_eq!(
        units(p5, UnitRole::Primary)[1],
        "衡阳弘湘国有投资（控股）集团有限公司"
    );
    let p6 = top(&plan, 6);
    assert_eq!(
        p6.description,
        "中央环保督察反馈问题水口山六厂危险废物超期贮存问题的整改还未完成。"
    );
    assert_eq!(p6.deadline.due, d("2022-12-31"));
    let p9 = top(&plan, 9);
    assert_eq!(p9.measures.len(), 4);
    assert!(
        units(p9, UnitRole::Primary).contains(&"白沙工业园管委会"),
        "unit list continued over a line break"
    );
    let p10 = top(&plan, 10);
    assert_eq!(p10.deadline.text, "2019年4月底");
    assert_eq!(p10.deadline.due, d("2019-04-30"));
    let p13 = top(&plan, 13);
    assert_eq!(
        units(p13, UnitRole::Supervising),
        vec!["市城市管理行政执法局"],
        "监管单位"
    );
    let p14 = top(&plan, 14);
    assert_eq!(
        p14.measures[1].deadline.as_ref().and_then(|d| d.due),
        d("2018-12-31")
    );
    assert_eq!(
        p14.measures[2].deadline.as_ref().and_then(|d| d.due),
        d("2018-12-31")
    );
    assert!(p14.measures[0].deadline.is_none());
    let p16 = top(&plan, 16);
    assert!(units(p16, UnitRole::Supervising).contains(&"市城乡规划局"));
    let p17 = top(&plan, 17);
    assert!(p17.deadline.ongoing && !p17.deadline.immediate);
    let p29 = top(&plan, 29);
    assert!(p29.deadline.ongoing);
    let p36 = top(&plan, 36);
    assert_eq!(p36.deadline.text, "按照省里统一部署，在规定时间内完成");
    assert_eq!(p36.deadline.due, None);
    assert_eq!(
        units(p36, UnitRole::Primary),
        vec!["市编办", "市环境保护局"]
    );
    let p40 = top(&plan, 40);
    assert_eq!(p40.leaders, vec!["彭玉明"]);
    assert_eq!(p40.measures.len(), 3);
    assert_eq!(p40.category_seq, Some(8));
}

#[test]
fn changde_2021_plan() {
    let plan = import(
        "changde-2021-central-inspection-plan.txt",
        &demo("changde-2021-central-inspection-plan.txt"),
    );
    assert_eq!(
        plan.title,
        "常德市贯彻落实第二轮中央生态环境保护督察报告整改方案"
    );
    assert_eq!(plan.jurisdiction.as_deref(), Some("常德市"));
    assert!(plan.categories.is_empty());
    let tops: Vec<u32> = plan
        .problems
        .iter()
        .filter(|p| p.parent_seq.is_none())
        .map(|p| p.seq)
        .collect();
    assert_eq!(tops, (1..=27).collect::<Vec<_>>());
    let subs: Vec<(u32, Option<u32>)> = plan
        .problems
        .iter()
        .filter(|p| p.parent_seq.is_some())
        .map(|p| (p.seq, p.parent_seq))
        .collect();
    assert_eq!(subs, vec![(1, Some(22)), (2, Some(22))]);
    assert_eq!(plan.problems.len(), 29);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);

    let p1 = top(&plan, 1);
    assert_eq!(p1.number_text, "一、");
    assert_eq!(p1.leaders, vec!["陈章杰"]);
    assert_eq!(
        units(p1, UnitRole::Primary),
        vec!["各区县（市）委和人民政府"]
    );
    assert_eq!(units(p1, UnitRole::Supervising), vec!["市委办", "市政府办"]);
    assert!(units(p1, UnitRole::Assisting).contains(&"市纪委市监委"));
    assert!(p1.deadline.immediate && p1.deadline.ongoing);
    assert_eq!(p1.measures.len(), 5);
    assert_eq!(
        p1.source_span.map(|s| (s.first_line, s.last_line)),
        Some((46, 58))
    );

    let p4 = top(&plan, 4);
    assert_eq!(p4.source_span.map(|s| s.last_line), Some(96));
    let p5 = top(&plan, 5);
    assert_eq!(p5.number_text, "5、");
    assert!(p5.deadline.ongoing);
    assert_eq!(p5.deadline.due, d("2022-06-30"));
    assert_eq!(p5.deadline.milestones.len(), 1);
    assert_eq!(p5.measures.len(), 4);
    let p9 = top(&plan, 9);
    assert_eq!(p9.leaders, vec!["陈华", "龚德汉"]);
    let p11 = top(&plan, 11);
    assert!(p11.deadline.immediate);
    assert_eq!(p11.deadline.due, d("2022-12-31"));
    assert_eq!(
        p11.measures[0].deadline.as_ref().and_then(|d| d.due),
        d("2022-12-31")
    );
    // 十四: measure groups （一）共性 / （二）个性 整改措施.
    let p14 = top(&plan, 14);
    assert_eq!(p14.measures.len(), 12);
    assert!(p14.measures[0].text.starts_with("【共性整改措施】"));
    assert!(p14.measures[5].text.starts_with("【个性整改措施】"));
    assert_eq!(p14.deadline.due, d("2022-06-30"));
    // 十五: measure groups "（一）关于…问题" with their own 整改时限.
    let p15 = top(&plan, 15);
    assert_eq!(p15.measures.len(), 7);
    assert_eq!(p15.deadline.text, "2021年12月31日前");
    assert!(p15
        .measures
        .iter()
        .all(|m| m.deadline.as_ref().and_then(|d| d.due) == d("2021-12-31")));
    assert_eq!(p15.leaders, vec!["陈华", "徐永健", "龚德汉"]);
    let p18 = top(&plan, 18);
    assert!(p18.deadline.ongoing);
    assert_eq!(p18.deadline.due, d("2021-12-31"));
    // 二十二 and its sub-problems.
    let p22 = top(&plan, 22);
    assert!(p22.units.is_empty() && p22.measures.is_empty());
    let s1 = plan
        .problems
        .iter()
        .find(|p| p.parent_seq == Some(22) && p.seq == 1)
        .expect("22(1)");
    assert_eq!(s1.number_text, "（一）");
    assert_eq!(s1.deadline.due, d("2023-12-31"));
    assert_eq!(s1.measures.len(), 3);
    assert_eq!(
        units(s1, UnitRole::Supervising),
        vec!["市生态环境局", "市发展改革委"]
    );
    let s2 = plan
        .problems
        .iter()
        .find(|p| p.parent_seq == Some(22) && p.seq == 2)
        .expect("22(2)");
    assert_eq!(units(s2, UnitRole::Primary), vec!["桃源县委和人民政府"]);
    assert_eq!(s2.deadline.due, d("2021-12-31"));
    let p23 = top(&plan, 23);
    assert!(p23.deadline.immediate);
    assert_eq!(p23.deadline.due, d("2023-12-31"));
    let p27 = top(&plan, 27);
    assert_eq!(p27.deadline.due, d("2025-12-31"));
    assert!(p27.deadline.milestones.len() >= 2);
    assert_eq!(p27.measures.len(), 6);
    // Every problem but the parent 二十二 has a deadline, units and a leader.
    for p in plan
        .problems
        .iter()
        .filter(|p| !(p.seq == 22 && p.parent_seq.is_none()))
    {
        assert!(
            p.deadline.due.is_some() || p.deadline.immediate || p.deadline.ongoing,
            "{}",
            p.number_text
        );
        assert!(
            !p.units.is_empty() && !p.leaders.is_empty(),
            "{}",
            p.number_text
        );
    }
}

#[test]
fn hengyang_five_year_plan_tables() {
    let plan = import(
        "hengyang-13th-fyp-environment.txt",
        &demo("hengyang-13th-fyp-environment.txt"),
    );
    assert_eq!(plan.title, "衡阳市环境保护“十三五”规划");
    assert!(plan.problems.is_empty());
    assert_eq!(plan.indicators.len(), 12 + 29);
    let first = &plan.indicators[0];
    assert_eq!(first.table, "“十二五”期间主要指标完成情况");
    assert_eq!(
        (
            first.category.as_str(),
            first.name.as_str(),
            first.unit.as_str(),
            first.target.as_str(),
            first.achieved.as_str(),
            first.attribute.as_str()
        ),
        (
            "主要污染物减排排放量削减率",
            "SO2",
            "%",
            "11.14",
            "11.2",
            "约束性"
        )
    );
    // An empty category cell takes the value above (merged cells).
    assert_eq!(plan.indicators[1].category, "主要污染物减排排放量削减率");
    let pm = plan
        .indicators
        .iter()
        .find(|r| r.name == "市区PM2.5年均浓度")
        .expect("pm2.5");
    assert_eq!(pm.table, "“十三五”环保规划指标体系");
    assert_eq!(
        (pm.baseline.as_str(), pm.target.as_str(), pm.unit.as_str()),
        ("55", "5年累计削减18%", "μg/m3")
    );
    assert_eq!(pm.category, "空气环境质量");
    assert_eq!(pm.attribute, "约束性");
    assert_eq!(plan.key_projects.len(), 9);
    assert_eq!(
        plan.key_projects[0].table,
        "衡阳市“十三五”规划重点项目与投资估算一览表"
    );
    assert_eq!(
        plan.key_projects[0].cells,
        vec![
            ("项目类型".to_string(), "水环境质量改善项目".to_string()),
            ("数量（个）".to_string(), "55".to_string()),
            ("投资（亿元）".to_string(), "49.30362".to_string())
        ]
    );
}

#[test]
fn json_has_the_contract_fields() {
    let plan = import(
        "hengyang-2019-provincial-inspection-plan.txt",
        &demo("hengyang-2019-provincial-inspection-plan.txt"),
    );
    let v = serde_json::to_value(&plan).expect("json");
    for k in [
        "format",
        "title",
        "jurisdiction",
        "declared_problem_count",
        "source",
        "categories",
        "problems",
        "warnings",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    let p = &v["problems"][0];
    for k in [
        "seq",
        "number_text",
        "parent_seq",
        "category_seq",
        "description",
        "target",
        "deadline",
        "units",
        "leaders",
        "responsible_persons",
        "liaisons",
        "measures",
        "source_span",
    ] {
        assert!(p.get(k).is_some(), "{k}");
    }
    assert_eq!(p["units"][0]["role"], "primary");
    assert_eq!(p["deadline"]["immediate"], true);
}
