use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn p(text: &str) -> DeadlineSpec {
    let (spec, ok) = DeadlineSpec::parse(text);
    assert!(ok, "not understood: {text}");
    spec
}

#[test]
fn immediate() {
    let s = p("立行立改");
    assert!(s.immediate && !s.ongoing);
    assert_eq!(s.due, None);
    assert_eq!(s.text, "立行立改");
}

#[test]
fn ongoing_forms() {
    for t in [
        "持续推进",
        "长期坚持",
        "长期执行",
        "持续整改",
        "常态化开展",
        "按《项目实施方案》要求持续整改",
    ] {
        let s = p(t);
        assert!(s.ongoing && !s.immediate, "{t}");
        assert_eq!(s.due, None, "{t}");
    }
    let s = p("立行立改、持续推进");
    assert!(s.immediate && s.ongoing);
    let s = p("立行立改，长期坚持。");
    assert!(s.immediate && s.ongoing);
}

#[test]
fn month_end() {
    assert_eq!(p("2018年9月底").due, Some(d(2018, 9, 30)));
    assert_eq!(p("2018年9月底前").due, Some(d(2018, 9, 30)));
    assert_eq!(p("2019 年 4 月底").due, Some(d(2019, 4, 30)));
    assert_eq!(p("2019 年 4 月底").text, "2019年4月底");
    assert_eq!(p("2020年2月底").due, Some(d(2020, 2, 29)));
    assert_eq!(p("2021年7月").due, Some(d(2021, 7, 31)));
    assert_eq!(p("2022年12月底前").due, Some(d(2022, 12, 31)));
    assert!(p("2018年9月底").milestones.is_empty());
}

#[test]
fn year_end() {
    assert_eq!(p("2018年底").due, Some(d(2018, 12, 31)));
    assert_eq!(p("2018年年底前").due, Some(d(2018, 12, 31)));
    assert_eq!(p("2018年末").due, Some(d(2018, 12, 31)));
    assert_eq!(p("2020 年").due, Some(d(2020, 12, 31)));
    assert_eq!(p("2020年内完成").due, Some(d(2020, 12, 31)));
}

#[test]
fn exact_day() {
    let s = p("2021年12月31日前。");
    assert_eq!(s.due, Some(d(2021, 12, 31)));
    assert!(!s.immediate && !s.ongoing);
    assert_eq!(p("2019年6月30号前").due, Some(d(2019, 6, 30)));
}

#[test]
fn several_dates_make_milestones() {
    let s = p("2019年6月底前完成摸底，2020年底前全面完成");
    assert_eq!(s.due, Some(d(2020, 12, 31)));
    assert_eq!(s.milestones.len(), 2);
    assert_eq!(s.milestones[0].due, d(2019, 6, 30));
    assert_eq!(s.milestones[0].text, "2019年6月底前完成摸底");
    assert_eq!(s.milestones[1].due, d(2020, 12, 31));
    assert_eq!(s.milestones[1].text, "2020年底前全面完成");
}

#[test]
fn immediate_with_date() {
    let s = p("立行立改，2022年12月31日前。");
    assert!(s.immediate);
    assert_eq!(s.due, Some(d(2022, 12, 31)));
}

#[test]
fn ongoing_with_milestone() {
    let s = p("持续推进，2022年6月30日前出台相关规划或政策措施。");
    assert!(s.ongoing);
    assert_eq!(s.due, Some(d(2022, 6, 30)));
    assert_eq!(s.milestones.len(), 1);
    assert_eq!(
        s.milestones[0].text,
        "2022年6月30日前出台相关规划或政策措施"
    );
    let s = p("持续推进。2021年底前，基本完成全市历史遗留矿山核查。");
    assert!(s.ongoing);
    assert_eq!(s.milestones[0].due, d(2021, 12, 31));
}

#[test]
fn halves_and_quarters() {
    assert_eq!(p("2020年上半年").due, Some(d(2020, 6, 30)));
    assert_eq!(p("2020年下半年").due, Some(d(2020, 12, 31)));
    assert_eq!(p("2020年第一季度").due, Some(d(2020, 3, 31)));
    assert_eq!(p("2020年二季度末").due, Some(d(2020, 6, 30)));
    assert_eq!(p("2020年第三季度").due, Some(d(2020, 9, 30)));
    assert_eq!(p("2020年四季度").due, Some(d(2020, 12, 31)));
    assert_eq!(p("2020年6月中旬").due, Some(d(2020, 6, 20)));
}

#[test]
fn full_width_and_chinese_numerals() {
    assert_eq!(p("２０２１年１２月３１日前").due, Some(d(2021, 12, 31)));
    assert_eq!(p("二〇二〇年底").due, Some(d(2020, 12, 31)));
    assert_eq!(p("二〇一九年六月底前").due, Some(d(2019, 6, 30)));
    assert_eq!(p("2019年十二月三十一日").due, Some(d(2019, 12, 31)));
}

#[test]
fn ranges() {
    assert_eq!(p("2019—2020年").due, Some(d(2020, 12, 31)));
    assert_eq!(p("2019-2020年").due, Some(d(2020, 12, 31)));
    assert_eq!(p("2019年至2021年").due, Some(d(2021, 12, 31)));
    let s = p("2021年，50%及以上县级监测站具备执法监测和应急监测能力；2022-2025年逐步提升县级环境监测能力");
    assert_eq!(s.due, Some(d(2025, 12, 31)));
    assert_eq!(s.milestones.len(), 2);
    assert_eq!(s.milestones[0].due, d(2021, 12, 31));
    assert_eq!(
        s.milestones[0].text,
        "2021年，50%及以上县级监测站具备执法监测和应急监测能力"
    );
}

#[test]
fn inherits_year() {
    let s = p("2019年6月底前完成方案，9月30日前完成验收");
    assert_eq!(s.due, Some(d(2019, 9, 30)));
    assert_eq!(s.milestones.len(), 2);
}

#[test]
fn book_titles_and_baselines_are_not_dates() {
    let (s, ok) = DeadlineSpec::parse("按《三年行动计划（2018-2020年）》要求完成");
    assert!(!ok);
    assert_eq!(s.due, None);
    let (s, _) = DeadlineSpec::parse("2018年起逐年推进，2020年底前完成");
    assert_eq!(s.due, Some(d(2020, 12, 31)));
    assert!(s.milestones.is_empty());
}

#[test]
fn unknown_keeps_text() {
    let (s, ok) = DeadlineSpec::parse("按照省里统一部署，在规定时间内完成。");
    assert!(!ok);
    assert_eq!(s.text, "按照省里统一部署，在规定时间内完成。");
    assert_eq!(s.due, None);
    assert!(!s.immediate && !s.ongoing && s.milestones.is_empty());
    let (s, ok) = DeadlineSpec::parse("");
    assert!(!ok);
    assert_eq!(s, DeadlineSpec::default());
}

#[test]
fn date_phrases_in_free_text() {
    assert_eq!(
        DeadlineSpec::date_phrases("2018 年 12 月底前完成蒸水河城区段排污口截污工作。"),
        vec!["2018年12月底前".to_string()]
    );
    assert_eq!(
        DeadlineSpec::date_phrases("2018 年底前建成角山污水处理厂。"),
        vec!["2018年底前".to_string()]
    );
    assert!(DeadlineSpec::date_phrases("按照《行动计划（2019-2021年）》要求推进").is_empty());
    assert!(DeadlineSpec::date_phrases("2018年起，对列入名单的地块开展调查").is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "年月日",
        "9999年99月99日",
        "2020年13月",
        "2020年2月30日",
        "年底前",
        "—年",
        "２０２",
        "十十十月",
    ] {
        let _ = DeadlineSpec::parse(t);
        let _ = DeadlineSpec::date_phrases(t);
    }
}

#[test]
fn overdue() {
    let s = p("2018年9月底");
    assert!(s.is_overdue(d(2018, 10, 1), false));
    assert!(!s.is_overdue(d(2018, 9, 30), false));
    assert!(!s.is_overdue(d(2019, 1, 1), true));
}

#[test]
fn month_ranges_end_at_the_last_month() {
    let (d, ok) = DeadlineSpec::parse("2024年3月—6月");
    assert!(ok);
    assert_eq!(d.due, NaiveDate::from_ymd_opt(2024, 6, 30));
    let (d, _) = DeadlineSpec::parse("2024年3至6月底");
    assert_eq!(d.due, NaiveDate::from_ymd_opt(2024, 6, 30));
    let (d, _) = DeadlineSpec::parse("2023—2025年");
    assert_eq!(d.due, NaiveDate::from_ymd_opt(2025, 12, 31));
}

#[test]
fn recurring_deadlines_are_ongoing() {
    for t in ["每年", "每季度开展一次", "每月28日前报送", "按季度调度"] {
        let (d, ok) = DeadlineSpec::parse(t);
        assert!(ok && d.ongoing && !d.immediate, "{t}");
        assert_eq!(d.text, t);
    }
}
