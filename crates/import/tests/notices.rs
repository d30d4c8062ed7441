//! Layouts other than a plan's annex: sign-off and progress notices holding
//! one problem, progress reports listing problems as headings, problems
//! introduced by a label carrying their number, progress lists whose status
//! sets the deadline flags, announcements that only state a count.

mod common;
use common::*;
use rectify_domain::{FieldConfidence, UnitRole};

#[test]
fn signoff_notice_with_numbered_label_headings_is_one_problem() {
    let text = "关于第12号问题整改完成情况的公示\n\n发布时间：2023-05-10\n\n一、反馈问题\n\n某镇农村生活污水处理设施建成后长期闲置。\n\n二、整改目标\n\n设施正常运行，出水稳定达标。\n\n三、整改措施及完成情况\n\n（一）完成管网修复。\n（二）委托第三方运维。\n\n四、责任单位\n\n某镇人民政府（牵头）、县生态环境局\n\n五、整改时限\n\n2023年3月—6月\n\n六、整改完成情况\n\n已完成整改，经县级验收合格。\n\n公示期间如有异议，请与县整改办联系。\n联系电话：0000-1234567\n";
    let plan = import("notice.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.warnings);
    let p = &plan.problems[0];
    assert_eq!(p.seq, 12, "the number the title gives");
    assert!(p.description.contains("长期闲置"));
    assert!(p.target.is_some());
    assert_eq!(p.measures.len(), 2);
    assert_eq!(
        p.deadline.due,
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30),
        "end of the range"
    );
    assert_eq!(units(p, UnitRole::Lead), vec!["某镇人民政府"]);
    assert_eq!(units(p, UnitRole::Responsible), vec!["县生态环境局"]);
    assert!(plan
        .warnings
        .iter()
        .any(|w| w.code == "status" && w.message.contains("已完成整改")));
    assert_eq!(p.confidence.get("target"), Some(&FieldConfidence::Rule));
    assert_eq!(p.confidence.get("leaders"), Some(&FieldConfidence::Missing));
}

#[test]
fn progress_notice_with_labels_only_is_one_problem() {
    let text = "某区突出生态环境问题整改进展公示\n\n整改任务：某河段沿岸垃圾堆积，影响水质。\n整改目标：河段沿岸垃圾清零。\n整改措施：1.组织集中清理；2.落实河长巡查。\n责任单位：某区城管局\n整改时限：长期坚持\n";
    let plan = import("progress.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1);
    let p = &plan.problems[0];
    assert_eq!(p.seq, 1);
    assert_eq!(p.measures.len(), 2);
    assert!(p.deadline.ongoing);
}

#[test]
fn progress_report_lists_problems_as_headings() {
    let text = "某市关于督察反馈问题整改情况的报告\n\n督察反馈涉及我市的共2个具体问题，均已整改。\n\n一、总体情况\n\n（一）加强组织领导。成立领导小组。\n\n二、具体整改情况\n\n（一）部分乡镇污水处理设施运行不正常。\n该问题已完成整改。\n（二）部分企业危险废物贮存不规范。\n该问题正在整改。\n\n三、下一步工作\n\n（一）持续跟踪。\n";
    let plan = import("report.txt", text.as_bytes());
    let d: Vec<&str> = plan
        .problems
        .iter()
        .map(|p| p.description.as_str())
        .collect();
    assert_eq!(
        d,
        vec![
            "部分乡镇污水处理设施运行不正常。",
            "部分企业危险废物贮存不规范。"
        ]
    );
    assert_eq!(
        plan.problems[0].confidence.get("description"),
        Some(&FieldConfidence::Guessed)
    );
    assert!(!codes(&plan).contains(&"count_mismatch"));
}

#[test]
fn problem_labels_carrying_their_number() {
    let text = "某县整改清单\n\n问题1：城区餐饮油烟扰民。\n整改目标：油烟达标排放。\n责任单位：县城管局\n整改时限：2024年底前\n问题2：工地扬尘管控不到位。\n整改目标：扬尘管控到位。\n责任单位：县住建局\n整改时限：立行立改\n";
    let plan = import("labels.txt", text.as_bytes());
    let seqs: Vec<u32> = plan.problems.iter().map(|p| p.seq).collect();
    assert_eq!(seqs, vec![1, 2]);
    assert!(plan.problems[1].deadline.immediate);
}

#[test]
fn announcement_with_a_count_and_no_list_reports_the_mismatch() {
    let text = "某市公开督察整改任务清单\n\n针对督察反馈问题，统筹形成16项整改任务，现予公开。\n\n附件：整改任务清单.jpg\n";
    let plan = import("announce.txt", text.as_bytes());
    assert!(plan.problems.is_empty());
    assert_eq!(plan.declared_problem_count, Some(16));
    assert!(codes(&plan).contains(&"count_mismatch"));
}

#[test]
fn annex_cut_short_reports_the_mismatch() {
    let text = "某县整改方案\n\n督察反馈问题共3个。\n\n（一）河道垃圾问题。\n整改目标：清理到位。\n责任单位：县水利局\n整改时限：2024年底\n";
    let plan = import("cut.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(plan.declared_problem_count, Some(3));
    assert!(codes(&plan).contains(&"count_mismatch"));
}

#[test]
fn progress_list_status_sets_the_flags() {
    let text = "某省督察整改落实情况\n\n（一）反馈问题：部分地方重发展轻保护。\n整改进展情况：基本完成整改，长期坚持。\n（二）反馈问题：部分园区污水直排。\n整改进展情况：立行立改，已完成。\n";
    let plan = import("list.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 2);
    assert!(plan.problems[0].deadline.ongoing);
    assert!(plan.problems[1].deadline.immediate);
    assert_eq!(
        plan.problems[0].confidence.get("deadline"),
        Some(&FieldConfidence::Guessed)
    );
    assert_eq!(plan.problems[0].description, "部分地方重发展轻保护。");
}

#[test]
fn run_together_web_text_is_split() {
    let text = "某项整改任务整改结果公示\n一、督察反馈意见整改任务 问题编号七：部分河流水质下降。 二、整改目标 断面水质达标。 三、整改措施 （一）开展专项执法。 （二）落实河长制。\n";
    let plan = import("web.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1);
    let p = &plan.problems[0];
    assert_eq!(p.seq, 7);
    assert_eq!(p.measures.len(), 2);
    assert!(p.target.is_some());
}

#[test]
fn traditional_characters_are_read() {
    let text = "某市關(guān)于整改情況的報告\n\n問題1：河道汙染。\n整改目標：水質達標。\n責任單位：市水利局\n整改時限：2024年底\n";
    let plan = import("trad.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(
        units(&plan.problems[0], UnitRole::Responsible),
        vec!["市水利局"]
    );
}

#[test]
fn struck_out_predecessor_and_names_written_together() {
    let text = "# 某区整改清单\n\n（一）河道垃圾问题。\n\n整改目标：清理到位。\n\n责任单位：区水利局\n\n督办领导：~~王五~~张伟\n\n责任人：李明王芳\n\n整改时限：2024年底\n";
    let plan = import("names.md", text.as_bytes());
    let p = &plan.problems[0];
    assert_eq!(p.leaders, vec!["张伟"]);
    let names: Vec<&str> = p
        .responsible_persons
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(names, vec!["李明", "王芳"]);
    assert_eq!(p.confidence.get("persons"), Some(&FieldConfidence::Guessed));
    assert_eq!(p.confidence.get("leaders"), Some(&FieldConfidence::Rule));
}

fn all_keys_filled(name: &str, plan: &rectify_domain::PlanDraft) {
    assert!(!plan.problems.is_empty(), "{name}");
    for p in &plan.problems {
        for k in rectify_domain::CONFIDENCE_FIELDS {
            assert!(
                p.confidence.contains_key(k),
                "{name} {}: no confidence for {k}",
                p.number_text
            );
        }
    }
}

#[test]
fn confidence_is_filled_in_every_path() {
    for f in [
        "linshui-city-plan.txt",
        "qingshan-city-annex.md",
        "shimen-county-ledger.txt",
    ] {
        all_keys_filled(f, &import(f, &fixture(f)));
    }
    let docx = songxi_numbered_docx();
    all_keys_filled("songxi.docx", &import("songxi.docx", &docx));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        [
            "序号",
            "反馈问题",
            "整改目标",
            "整改措施",
            "整改时限",
            "责任单位",
            "整改进展",
        ],
        [
            "1",
            "河道垃圾",
            "清理到位",
            "1.集中清理；2.建立巡查",
            "长期坚持",
            "县水利局",
            "达到序时进度",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).expect("write");
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let plan = import("ledger.xlsx", &bytes);
    all_keys_filled("ledger.xlsx", &plan);
    let p = &plan.problems[0];
    assert_eq!(p.measures.len(), 2);
    assert_eq!(
        p.confidence.get("measures"),
        Some(&FieldConfidence::Guessed)
    );
    assert_eq!(p.confidence.get("units"), Some(&FieldConfidence::Rule));
    assert!(plan
        .warnings
        .iter()
        .any(|w| w.code == "status" && w.message.contains("达到序时进度")));
    let json = serde_json::to_value(p).expect("json");
    assert_eq!(json["confidence"]["target"], "rule");
}

#[test]
fn field_missing_names_problem_and_field() {
    let text = "某县整改清单\n\n问题1：城区餐饮油烟扰民。\n整改目标：油烟达标排放。\n";
    let plan = import("m.txt", text.as_bytes());
    let w: Vec<&str> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "field_missing")
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        w.iter()
            .any(|m| m.contains("问题1") && m.contains("整改时限")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("问题1") && m.contains("责任单位")),
        "{w:?}"
    );
    assert_eq!(
        plan.problems[0].confidence.get("deadline"),
        Some(&FieldConfidence::Missing)
    );
}

#[test]
fn a_report_of_work_done_sets_no_deadline_flags() {
    let text = "关于反馈问题（序号十）整改情况的公示\n整改任务：一些地方存在慢作为问题。\n整改目标：压实责任。\n责任单位：区河湖管理中心\n整改完成情况：\n1、定期召开任务推进会议，压实责任。\n2、每月调度预警，强化督查督办。\n公示时间：2019年12月13日至2019年12月19日\n";
    let plan = import("p.txt", text.as_bytes());
    let p = &plan.problems[0];
    assert_eq!(p.seq, 10, "序号十");
    assert!(!p.deadline.ongoing && !p.deadline.immediate);
    assert_eq!(
        p.confidence.get("deadline"),
        Some(&FieldConfidence::Missing)
    );
}

#[test]
fn dates_in_target_and_measures_are_milestones_when_no_deadline_is_stated() {
    let text = "某县整改清单\n\n（一）河道水质问题。\n整改目标：2025年底前断面水质稳定达到III类。\n整改措施：\n1.2024年6月底前完成清淤。\n2.建立长效机制。\n责任单位：县水利局\n";
    let plan = import("d.txt", text.as_bytes());
    let p = &plan.problems[0];
    assert_eq!(
        p.deadline.due,
        chrono::NaiveDate::from_ymd_opt(2025, 12, 31)
    );
    let ms: Vec<String> = p
        .deadline
        .milestones
        .iter()
        .map(|m| m.due.to_string())
        .collect();
    assert_eq!(ms, vec!["2024-06-30", "2025-12-31"]);
    assert_eq!(
        p.confidence.get("deadline"),
        Some(&FieldConfidence::Guessed)
    );
}

#[test]
fn problems_listed_by_repeated_labels() {
    let text = "某县督察反馈问题整改情况公示\n\n问题：城区餐饮油烟扰民。\n整改措施：安装油烟净化设施。\n责任单位：县城管局\n问题：工地扬尘管控不到位。\n整改措施：落实六个百分百。\n责任单位：县住建局\n";
    let plan = import("two.txt", text.as_bytes());
    let got: Vec<(u32, usize)> = plan
        .problems
        .iter()
        .map(|p| (p.seq, p.measures.len()))
        .collect();
    assert_eq!(got, vec![(1, 1), (2, 1)]);
    assert_eq!(
        units(&plan.problems[1], UnitRole::Responsible),
        vec!["县住建局"]
    );
}

#[test]
fn a_notice_title_repeated_by_the_page_is_read_once() {
    let text = "关于某区中央生态环境保护督察反馈问题整改任务（序号三）整改情况的公示说明\n关于某区中央生态环境保护督察反馈问题整改任务（序号三）整改情况的公示说明\n\n整改任务：河道垃圾。\n整改目标：清理到位。\n";
    let plan = import("t.txt", text.as_bytes());
    assert_eq!(
        plan.title,
        "关于某区中央生态环境保护督察反馈问题整改任务（序号三）整改情况的公示说明"
    );
    assert_eq!(plan.problems[0].seq, 3);
}

#[test]
fn a_notice_naming_its_problem_only_in_the_title() {
    let text = "关于某镇垃圾填埋场渗滤液问题整改完成情况的公示\n\n一、整改措施\n完成渗滤液处理站提标改造。\n二、责任单位\n某镇人民政府\n三、整改完成情况\n已完成，经验收合格。\n";
    let plan = import("t.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1);
    let p = &plan.problems[0];
    assert!(p.description.contains("渗滤液问题"));
    assert_eq!(
        p.confidence.get("description"),
        Some(&FieldConfidence::Guessed)
    );
    assert_eq!(p.measures.len(), 1);
    // A report's sections are no problem.
    let report =
        "某市督察整改进展情况的报告\n\n一、整改目标\n全面完成。\n二、整改措施\n加强领导。\n";
    assert!(rectify_import::import_bytes("r.txt", report.as_bytes()).is_err());
}

#[test]
fn a_plan_opening_with_sections_named_like_fields_is_no_problem() {
    let opening = "某市贯彻落实督察反馈意见整改方案\n\n一、存在问题\n督察指出我市生态环境保护工作存在薄弱环节。\n二、整改目标\n到2025年底全面完成整改。\n三、整改措施\n加强组织领导，压实责任。\n";
    assert!(rectify_import::import_bytes("o.txt", opening.as_bytes()).is_err());
    let one = "某村生活污水直排问题整改方案\n\n一、存在问题\n生活污水直排河道。\n二、整改措施\n建设污水收集管网。\n三、责任单位\n某镇人民政府\n四、整改时限\n2024年底\n";
    let plan = import("one.txt", one.as_bytes());
    assert_eq!(plan.problems.len(), 1);
}

/// Sections named like fields, one of which owns a 「联系人：」 line, are the
/// sections of one notice, not problems; the number follows 「问题第N项」.
#[test]
fn field_sections_owning_a_contact_line_are_one_notice() {
    let text = "关于中央环保督察反馈问题第二十七项整改完成情况的公示\n根据有关要求，现将整改完成情况公示如下：\n一、 整改任务\n县城区生活污水收集处理设施不完善，部分污水直排。\n二、 整改责任单位\n县住房和城乡建设局\n三、 整改完成情况\n已建成污水管网12公里，完成雨污分流改造。\n公示期为5个工作日。\n联系人：王明  联系电话：0901-1234567\n某县整改办\n2020年6月1日\n";
    let plan = import("notice27.txt", text.as_bytes());
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.warnings);
    let p = &plan.problems[0];
    assert_eq!(p.seq, 27);
    assert!(p.description.contains("污水直排"), "{}", p.description);
    assert_eq!(units(p, UnitRole::Responsible), vec!["县住房和城乡建设局"]);
    assert_eq!(
        plan.declared_problem_count, None,
        "「第二十七项」 is an ordinal, not a count"
    );
}

#[test]
fn a_contact_phone_is_the_liaison_note_not_a_second_liaison() {
    let text = "某县整改方案\n一、河道垃圾问题\n整改目标：清零。\n整改时限：2026年12月底前\n责任单位：县水利局\n联系人：王明，联系电话：0901-1234567\n";
    let plan = import("contact.txt", text.as_bytes());
    let l = &plan.problems[0].liaisons;
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].name, "王明");
    assert!(
        l[0].note.as_deref().unwrap_or("").contains("0901-1234567"),
        "{l:?}"
    );
}
