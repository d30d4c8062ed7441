//! Layouts of published plans beyond the seeds: a Markdown pipe-table annex
//! (markitdown/pandoc), a Word table converted to tab-separated text, a
//! county plan converted from PDF (page numbers, running headers), a plan
//! grouped by 第一部分/（一）…方面 with problem numbers running on, Word
//! automatic numbering, per-measure trailers. Every field of every problem is
//! pinned by `tests/expected/*.json` (see `accuracy.rs`); these tests pin
//! what the layouts are about.

mod common;
use common::*;
use rectify_domain::UnitRole;

#[test]
fn markdown_pipe_table_annex() {
    let plan = import("qingshan-city-annex.md", &fixture("qingshan-city-annex.md"));
    assert_eq!(plan.source.kind, "md");
    assert_eq!(
        plan.title, "青山市贯彻落实中央第三生态环境保护督察报告整改方案",
        "「附件」 above the title is no title"
    );
    assert_eq!(plan.jurisdiction.as_deref(), Some("青山市"));
    assert_eq!(plan.declared_problem_count, Some(5), "3大类5个问题");
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        plan.problems.len(),
        5,
        "the repeated header row is no problem"
    );
    assert_eq!(
        plan.categories
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        vec!["大气污染防治方面", "水污染防治方面", "生态保护方面"],
        "a category row written once or repeated across merged cells"
    );
    let p1 = top(&plan, 1);
    assert_eq!(
        p1.leaders,
        vec!["张伟"],
        "「市委常委、副市长 张  伟」 → name only"
    );
    assert_eq!(
        p1.measures[1].text,
        "督促企业完成储罐、装卸、废水收集等环节密闭改造。"
    );
    assert_eq!(
        units(top(&plan, 3), UnitRole::Responsible),
        vec!["市住建局", "市水利局", "市生态环境局"],
        "units separated by spaces"
    );
    assert_eq!(
        top(&plan, 5).measures.len(),
        3,
        "「1.…；2.…；3.…」 in one cell"
    );
    assert!(top(&plan, 5).target.is_none());
}

#[test]
fn tab_separated_word_table() {
    let plan = import(
        "shimen-county-ledger.txt",
        &fixture("shimen-county-ledger.txt"),
    );
    assert_eq!(plan.title, "石门县中央生态环境保护督察反馈问题整改清单");
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let p1 = top(&plan, 1);
    assert_eq!(
        p1.measures
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        vec![
            "开展城区雨污管网混错接排查。",
            "完成楚江街道片区雨污分流改造。",
            "建立管网日常巡查维护制度。"
        ],
        "a cell broken over lines"
    );
    assert_eq!(units(p1, UnitRole::Lead), vec!["县住建局"]);
    assert_eq!(p1.responsible_persons[0].name, "王五");
    assert_eq!(top(&plan, 4).responsible_persons[1].name, "杨帆");
}

#[test]
fn county_plan_from_pdf_text() {
    let plan = import(
        "taoyuan-county-plan.txt",
        &fixture("taoyuan-county-plan.txt"),
    );
    assert_eq!(
        plan.title,
        "桃源县贯彻落实省第二生态环境保护督察组督察反馈意见整改方案"
    );
    assert_eq!(plan.declared_problem_count, Some(4), "「共梳理出问题四个」");
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        plan.problems.len(),
        4,
        "保障措施 （一）（二） are no problems"
    );
    assert_eq!(plan.problems[0].number_text, "反馈问题1：");
    let p2 = top(&plan, 2);
    assert_eq!(
        p2.description,
        "县城生活垃圾填埋场渗滤液处理能力不足，渗滤液长期高位运行，存在溢流风险。"
    );
    assert_eq!(
        units(p2, UnitRole::Responsible),
        vec!["县生态环境分局", "县发改局"],
        "a unit list broken over lines"
    );
    let p3 = top(&plan, 3);
    assert!(
        !p3.description.contains("方案") && !p3.description.contains('页'),
        "running header and page number dropped: {}",
        p3.description
    );
    assert_eq!(p3.leaders, vec!["刘洋", "胡敏"]);
    let p1 = top(&plan, 1);
    assert_eq!(p1.responsible_persons[1].name, "王伟");
    assert_eq!(
        p1.responsible_persons[1].title.as_deref(),
        Some("县水利局局长"),
        "titles kept for responsible persons"
    );
    assert!(p1.deadline.ongoing && p1.deadline.due.is_some());
    assert_eq!(top(&plan, 4).liaisons[0].name, "罗丽");
}

#[test]
fn parts_and_groups_with_running_numbers() {
    let plan = import(
        "huaijiang-city-tasks.txt",
        &fixture("huaijiang-city-tasks.txt"),
    );
    assert_eq!(
        plan.declared_problem_count,
        Some(6),
        "「2021年需完成整改任务2项」 is a yearly share, not the total"
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        plan.problems
            .iter()
            .map(|p| (p.seq, p.parent_seq))
            .collect::<Vec<_>>(),
        (1..=6).map(|s| (s, None)).collect::<Vec<_>>(),
        "（3） before 责任单位 is a measure, not a sub-problem"
    );
    assert_eq!(plan.categories.len(), 5);
    assert_eq!(
        plan.problems
            .iter()
            .map(|p| p.category_seq)
            .collect::<Vec<_>>(),
        vec![Some(1), Some(2), Some(3), Some(3), Some(4), Some(5)]
    );
}

#[test]
fn word_automatic_numbering() {
    let plan = import("songxi.docx", &songxi_numbered_docx());
    assert_eq!(plan.source.kind, "docx");
    assert_eq!(plan.declared_problem_count, Some(3), "「共梳理出三个问题」");
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        plan.problems
            .iter()
            .map(|p| p.number_text.as_str())
            .collect::<Vec<_>>(),
        vec!["（一）", "（二）", "（一）"]
    );
    assert_eq!(
        plan.categories
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        vec!["大气污染防治方面", "水污染防治方面"]
    );
    assert_eq!(plan.problems[1].measures.len(), 3, "restarted list");
    assert_eq!(plan.problems[0].leaders, vec!["吴刚"]);
}

#[test]
fn measure_trailers_and_lead_marker() {
    let plan = import("linshui-city-plan.txt", &fixture("linshui-city-plan.txt"));
    let p1 = top(&plan, 1);
    assert_eq!(
        units(p1, UnitRole::Lead),
        vec!["市住建局"],
        "only the marked unit leads"
    );
    assert_eq!(p1.deadline.milestones.len(), 3);
    let m = &p1.measures;
    assert_eq!(m[1].text, "开展河道清淤疏浚。");
    assert_eq!(m[1].units.len(), 2);
    assert_eq!(
        m[1].deadline
            .as_ref()
            .and_then(|d| d.due)
            .map(|d| d.to_string()),
        Some("2022-12-31".into())
    );
    assert_eq!(m[2].text, "建立黑臭水体长效管护机制。");
    assert!(m[2].deadline.as_ref().is_some_and(|d| d.ongoing));
    assert_eq!(m[2].units[1].role, UnitRole::Assisting);
    let p3 = top(&plan, 3);
    assert_eq!(p3.measures[0].text, "编制城市绿地系统规划。");
    assert_eq!(p3.liaisons[0].name, "吴敏");
    assert_eq!(top(&plan, 2).leaders, vec!["王刚"]);
    assert_eq!(
        units(top(&plan, 2), UnitRole::Assisting),
        vec!["市应急管理局", "市交通运输局"]
    );
}

#[test]
fn truncated_annexes_are_reported() {
    // A PDF text cut after problem 2; a Markdown table cut after row 3.
    let text = String::from_utf8(fixture("taoyuan-county-plan.txt")).expect("utf8");
    let cut: String = text.lines().take(38).collect::<Vec<_>>().join("\n");
    let plan = import("cut.txt", cut.as_bytes());
    assert_eq!(plan.problems.len(), 2);
    assert!(
        codes(&plan).contains(&"count_mismatch"),
        "{:?}",
        plan.warnings
    );
    let md = String::from_utf8(fixture("qingshan-city-annex.md")).expect("utf8");
    let cut: String = md.lines().take(15).collect::<Vec<_>>().join("\n");
    let plan = import("cut.md", cut.as_bytes());
    assert_eq!(plan.problems.len(), 3);
    assert!(
        codes(&plan).contains(&"count_mismatch"),
        "{:?}",
        plan.warnings
    );
}

#[test]
fn declared_count_phrasings() {
    let body = "\n（一）问题甲。\n整改目标：甲。\n整改时限：2022年底\n责任单位：市生态环境局\n（二）问题乙。\n整改目标：乙。\n整改时限：立行立改\n责任单位：市水利局\n";
    for (intro, n) in [
        ("经梳理，共梳理出2个问题。", 2),
        ("督察组反馈问题2项。", 2),
        ("反馈意见涉及1大类2个问题。", 2),
        ("督察报告涉及我市2个具体问题。", 2),
        ("共梳理出问题二个，其中2022年需完成整改任务1项。", 2),
        ("督察组交办十二个具体问题。", 12),
        ("问题共计3个。", 3),
        ("按照4个方面12个问题逐项整改。", 12),
    ] {
        let text = format!("某市整改方案\n\n{intro}\n{body}");
        let plan = import("x.txt", text.as_bytes());
        assert_eq!(plan.declared_problem_count, Some(n), "{intro}");
        assert_eq!(codes(&plan).contains(&"count_mismatch"), n != 2, "{intro}");
    }
    let text = format!("某市整改方案\n\n2022年需完成整改任务5项。\n{body}");
    assert_eq!(
        import("x.txt", text.as_bytes()).declared_problem_count,
        None
    );
}

#[test]
fn a_fieldless_heading_between_problems_is_kept_and_flagged() {
    // （二） has no fields while its neighbours have: kept as a problem (it
    // continues the numbering; dropping it would lose a real problem), with
    // field_missing so a person looks at it. A heading that does not
    // continue the numbering is unparsed_text.
    let text = "某市整改方案\n\n（一）问题甲。\n整改目标：甲。\n整改时限：2022年底\n责任单位：市生态环境局\n（二）问题乙没有字段。\n（三）问题丙。\n整改目标：丙。\n整改时限：立行立改\n责任单位：市水利局\n（九）不连续的标题。\n（四）问题丁。\n整改目标：丁。\n整改时限：立行立改\n责任单位：市水利局\n";
    let plan = import("x.txt", text.as_bytes());
    assert_eq!(
        plan.problems.iter().map(|p| p.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    let c = codes(&plan);
    assert_eq!(
        c.iter().filter(|x| **x == "field_missing").count(),
        2,
        "{c:?}"
    );
    assert_eq!(
        c.iter().filter(|x| **x == "unparsed_text").count(),
        1,
        "{c:?}"
    );
}
