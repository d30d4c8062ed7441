use super::*;

#[test]
fn units_with_markers() {
    let u = parse_units(
        "市生态环境局（牵头）、市水利局，衡东县党委、政府",
        UnitRole::Responsible,
    );
    let names: Vec<(&str, UnitRole)> = u.iter().map(|u| (u.name.as_str(), u.role)).collect();
    assert_eq!(
        names,
        vec![
            ("市生态环境局", UnitRole::Lead),
            ("市水利局", UnitRole::Responsible),
            ("衡东县党委、政府", UnitRole::Responsible)
        ]
    );
    let u = parse_units("各区县（市）委和人民政府，市发展改革委", UnitRole::Primary);
    assert_eq!(u[0].name, "各区县（市）委和人民政府");
    assert_eq!(u.len(), 2);
    let u = parse_units("衡阳弘湘国有投资(控股)集团有限公司", UnitRole::Primary);
    assert_eq!(u[0].name, "衡阳弘湘国有投资（控股）集团有限公司");
}

#[test]
fn names_run_together() {
    let mut book = NameBook::default();
    book.add_names_from("陈华、徐永健");
    book.add_names_from("龚德汉");
    assert_eq!(book.leaders("陈华龚德汉"), vec!["陈华", "龚德汉"]);
    assert_eq!(
        book.leaders("刘 华、包昌林（副市长）"),
        vec!["刘华", "包昌林"]
    );
    assert_eq!(book.leaders("陈华 龚德汉"), vec!["陈华", "龚德汉"]);
}

#[test]
fn persons_and_liaisons() {
    let mut book = NameBook::default();
    book.add_names_from("赵志超");
    let p = book.persons("赵志超（市委副秘书长）、市委办科长黄欣");
    assert_eq!(
        p[0],
        Person {
            name: "赵志超".into(),
            title: Some("市委副秘书长".into())
        }
    );
    assert_eq!(
        p[1],
        Person {
            name: "黄欣".into(),
            title: Some("市委办科长".into())
        }
    );
    let p = book.persons("刘 华 市生态环境局局长");
    assert_eq!(
        p[0],
        Person {
            name: "刘华".into(),
            title: Some("市生态环境局局长".into())
        }
    );
    let l = book.liaisons("黄欣（市、县级）");
    assert_eq!(
        l[0],
        Liaison {
            name: "黄欣".into(),
            note: Some("市、县级".into())
        }
    );
    let l = book.liaisons("王敏 0734-8888888");
    assert_eq!(
        l[0],
        Liaison {
            name: "王敏".into(),
            note: Some("0734-8888888".into())
        }
    );
}

#[test]
fn names_written_together_titles_in_brackets() {
    let book = NameBook::default();
    assert_eq!(book.leaders("张伟李明王芳"), vec!["张伟", "李明", "王芳"]);
    assert!(book.names_guessed("张伟李明王芳"));
    assert_eq!(book.leaders("张伟（副市长）、李明"), vec!["张伟", "李明"]);
    assert!(!book.names_guessed("张伟（副市长）、李明"));
    let p = book.persons("张伟（副市长）李明王芳");
    assert_eq!(p[0].name, "张伟");
    assert_eq!(p[0].title.as_deref(), Some("副市长"));
    let p = book.persons("王建国刘洋");
    let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["王建国", "刘洋"]);
}

#[test]
fn units_with_notes_in_brackets() {
    let u = parse_units(
        "市生态环境局（牵头负责水质监测）、市水利局（配合做好河道清理）、县发改局（县级）、各区县（市）人民政府",
        UnitRole::Responsible,
    );
    let got: Vec<(&str, UnitRole, Option<&str>)> = u
        .iter()
        .map(|u| (u.name.as_str(), u.role, u.note.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("市生态环境局", UnitRole::Lead, Some("牵头负责水质监测")),
            ("市水利局", UnitRole::Assisting, Some("配合做好河道清理")),
            ("县发改局", UnitRole::Responsible, Some("县级")),
            ("各区县（市）人民政府", UnitRole::Responsible, None),
        ]
    );
    let u = parse_units("各区县（市）、市住建局（牵头）", UnitRole::Responsible);
    assert_eq!(u[0].name, "各区县（市）");
    assert_eq!(
        (u[1].name.as_str(), u[1].role, u[1].note.as_deref()),
        ("市住建局", UnitRole::Lead, None)
    );
    let u = parse_units("市城管局（按职责分工落实）", UnitRole::Supervising);
    assert_eq!(
        (u[0].role, u[0].note.as_deref()),
        (UnitRole::Supervising, Some("按职责分工落实"))
    );
}
