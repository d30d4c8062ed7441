use super::*;
use crate::labels::Field;

fn parse(text: &str) -> Outline {
    let lines: Vec<(u32, Option<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, Some(l)))
        .collect();
    outline(&paragraphs(&lines))
}

#[test]
fn continuation_lines_join() {
    let o = parse("一、类别\n（一）问题描述\n\n的续行。\n整改目标：目标\n整改措施：\n1. 措施一\n续\n2. 措施二\n整改时限：2020年底\n责任单位：甲\n（二）问题二\n整改目标：乙\n");
    assert_eq!(o.problems.len(), 2);
    assert_eq!(o.problems[0].description, "问题描述的续行。");
    assert_eq!(o.problems[0].measures.len(), 2);
    assert_eq!(o.problems[0].measures[0].text, "措施一续");
    assert_eq!(o.categories.len(), 1);
    assert_eq!(o.problems[0].category, Some(0));
    assert_eq!((o.problems[0].first, o.problems[0].last), (2, 11));
}

#[test]
fn inline_measures() {
    assert_eq!(
        split_inline_measures("加快完成治理。"),
        vec!["加快完成治理。"]
    );
    assert_eq!(
        split_inline_measures("1.甲；2.乙；3.丙"),
        vec!["甲", "乙", "丙"]
    );
    assert_eq!(split_inline_measures("1.甲\n2.乙"), vec!["甲", "乙"]);
}

#[test]
fn measures_numbered_like_headings() {
    let o = parse("一、河道垃圾问题。\n整改目标：清理到位。\n整改措施：\n（一）开展专项清理。\n（二）建立长效机制，\n落实河长巡河。\n整改时限：2024年3月—6月\n责任单位：市水利局\n二、扬尘问题。\n整改目标：达标。\n整改措施：①全面覆盖；②定期洒水。\n责任单位：市住建局\n");
    assert_eq!(o.problems.len(), 2);
    let m: Vec<&str> = o.problems[0]
        .measures
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(m, vec!["开展专项清理。", "建立长效机制，落实河长巡河。"]);
    assert_eq!(
        o.problems[1].measures.len(),
        2,
        "{:?}",
        o.problems[1].measures
    );
}

#[test]
fn fields_as_numbered_headings_with_the_value_below() {
    let o = parse("一、城区黑臭水体问题。\n（一）整改目标\n水体消除黑臭。\n（二）整改措施\n1.截污纳管。\n2.清淤疏浚。\n（三）责任单位\n市住建局\n（四）整改时限\n2024年底\n二、扬尘问题。\n（一）整改目标\n达标。\n（二）责任单位\n市城管局\n");
    assert_eq!(o.problems.len(), 2, "{:?}", o.problems);
    let p = &o.problems[0];
    assert_eq!(p.measures.len(), 2);
    let f: Vec<(Field, &str)> = p.fields.iter().map(|(f, v, _)| (*f, v.as_str())).collect();
    assert!(f.contains(&(Field::Target, "水体消除黑臭。")), "{f:?}");
    assert!(f.contains(&(Field::Deadline, "2024年底")), "{f:?}");
    assert!(f
        .iter()
        .any(|(f, v)| matches!(f, Field::Unit(_)) && *v == "市住建局"));
}
